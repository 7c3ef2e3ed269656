"""The answer policy: what is shown for a draft, as one pure function."""

from bot.policy import decide

from .test_verify import PARAGRAPHS

TOP = list(PARAGRAPHS)


def test_a_supported_draft_that_answers_is_shown_as_drafted():
    out = decide("When was DeepSeek officially established?", "DeepSeek was officially established in 2023 [14].",
                 PARAGRAPHS, TOP)
    assert not out.abstained and not out.extractive and not out.revised
    assert out.kept[0].cites == (14,)


def test_a_true_sentence_about_another_subject_is_declined():
    out = decide("When was DeepSeek's parent company established?",
                 "DeepSeek was officially established in 2023 [14].", PARAGRAPHS, TOP)
    assert out.abstained


def test_a_wrong_binding_is_declined_not_shown():
    out = decide("When was DeepSeek's parent company established?",
                 "DeepSeek's parent company was established in 2016 [14].", PARAGRAPHS, TOP)
    assert out.abstained and out.sentences and not out.sentences[0].supported


def test_an_unsupported_draft_gives_way_to_the_source_sentence_that_answers():
    out = decide("Which city is DeepSeek from?", "DeepSeek is from Beijing [1].", PARAGRAPHS, TOP)
    assert out.extractive and "Hangzhou" in out.kept[0].text and out.kept[0].cites == (1,)


def test_the_models_decline_stands_unless_one_clause_holds_every_term_of_the_question():
    out = decide("How many users does DeepSeek have?", "The article doesn't say.", PARAGRAPHS, TOP)
    assert out.abstained and not out.revised
    out = decide("When was DeepSeek officially established?", "The article doesn't say.", PARAGRAPHS, TOP)
    assert not out.abstained and out.extractive and "2023" in out.kept[0].text


def test_a_question_about_the_whole_document_gets_its_summary():
    summary = [("The sudden emergence of DeepSeek has sent shockwaves.", 1), ("Nvidia fell 17%.", 2)]
    out = decide("What is this article about?", "Nothing.", PARAGRAPHS, TOP, overview=summary)
    assert [s.text for s in out.kept] == [t for t, _ in summary] and all(s.supported for s in out.kept)
    out = decide("Why does the article conclude that China has overtaken the U.S.?", "It does.", PARAGRAPHS, TOP,
                 overview=summary)
    assert out.abstained  # a question with a premise of its own is no request for a summary
