"""The answer policy: what is shown for a draft, as one pure function."""

from bot.policy import decide

from .conftest import ROOT
from .test_verify import PARAGRAPHS, YesJudge

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


class Judge:
    """A stand-in for the model as judge: says Yes or No to every claim, and records them."""

    def __init__(self, yes: bool) -> None:
        self.yes, self.asked = yes, []

    def __call__(self, claim: str, source: str) -> bool:
        self.asked.append((claim, source))
        return self.yes


def test_a_bare_phrase_is_shown_where_its_source_clause_holds_the_question():
    # "financial institutions like Deutsche Bank have warned that these changes could influence
    # Federal Reserve policy": the name is bound where the source names it (it had been bound to
    # "The repercussions ... extend ..." before it, and the question's "Fed" not found there).
    q = "Which bank cautioned that the shake-up could sway Federal Reserve policy?"
    out = decide(q, "Deutsche Bank", PARAGRAPHS, list(PARAGRAPHS), judge=Judge(False))
    assert not out.abstained and out.kept[0].text.startswith("Deutsche Bank") and out.kept[0].cites == (18,)
    # A phrase no source clause puts with the question's names is never quoted.
    judge = Judge(True)
    assert decide("Which bank cautioned that DeepSeek could sway Federal Reserve policy?", "Goldman Sachs",
                  PARAGRAPHS, list(PARAGRAPHS), judge=judge).abstained


def test_a_quote_keeps_the_owner_the_question_names():
    # "Meta, Facebook's parent company" is no answer to "DeepSeek's parent company".
    out = decide("What is the name of DeepSeek's parent company?", "Meta", PARAGRAPHS, list(PARAGRAPHS),
                 judge=Judge(True))
    assert out.abstained


def test_an_answer_giving_less_of_the_date_than_the_source_is_replaced_by_the_source():
    passages = {1: "Opened on 15 June 1898, the Morpeth Bridge is a timber trestle bridge."}
    out = decide("On what date was the Morpeth Bridge opened?", "The Morpeth Bridge was opened in June 1898 [1].",
                 passages, [1])
    assert out.kept and "15 June 1898" in out.kept[0].text
    # The whole date given: the draft stands.
    out = decide("On what date was the Morpeth Bridge opened?", "The Morpeth Bridge was opened on 15 June 1898 [1].",
                 passages, [1])
    assert [(x.text, x.recited) for x in out.kept] == [("The Morpeth Bridge was opened on 15 June 1898.", False)]


class ClaimJudge(Judge):
    """Says Yes to a claim stated as a sentence, No to 'The answer to "..." is: ...'."""

    def __call__(self, claim: str, source: str) -> bool:
        self.asked.append((claim, source))
        return not claim.startswith("The answer to")


def test_a_short_answer_to_a_subject_question_is_stated_in_the_questions_words_and_checked():
    # The bare name's own sentence is not the question's ("a German lender"); stated in the
    # question's words, it is checked like any draft, over the next sentence, whose "It" is the bank.
    q = "Which bank warned that these changes could affect Fed policy?"
    lender = {1: "Deutsche Bank is a German lender. It warned that these changes could influence Federal Reserve policy."}
    out = decide(q, "Deutsche Bank", lender, [1], judge=ClaimJudge(True))
    assert not out.abstained and out.kept[0].text == "Deutsche Bank warned that these changes could affect Fed policy."
    assert out.kept[0].cites == (1,)
    # The statement is checked like any draft: a name the source does not give is never shown,
    # whatever the judge would say; what may be shown instead is the source's own sentence.
    out = decide(q, "Goldman Sachs", PARAGRAPHS, list(PARAGRAPHS), judge=ClaimJudge(True))
    assert not any("Goldman" in s.text for s in out.kept)
    assert out.abstained or out.extractive and "Deutsche Bank have warned" in out.kept[0].text
    # A question that does not ask for its subject is not turned into a statement (here the
    # source's own sentence answers it instead).
    out = decide("Which city is DeepSeek from?", "Beijing", PARAGRAPHS, list(PARAGRAPHS), judge=ClaimJudge(True))
    assert not any("Beijing" in s.text for s in out.kept)


def test_a_yes_no_comparison_is_computed_from_the_source_s_value_whatever_the_draft_says():
    out = decide("Was DeepSeek officially established before 2020?",
                 "Yes, DeepSeek was officially established before 2020 [14].", PARAGRAPHS, TOP)
    assert not out.abstained and out.kept[0].text.startswith("No") and "2023" in out.kept[0].text
    assert out.kept[0].cites == (14,) and out.revised


def test_a_number_of_years_is_computed_from_the_period_the_source_gives_and_shown():
    passages = {1: "A pneumatic underground railway was used by the Post Office in London between 1863 and 1874.",
                2: "It operated from 1927 until 2003."}
    out = decide("For how many years was the pneumatic railway used by the Post Office?", "The article doesn't say.",
                 passages, [1, 2])
    assert not out.abstained and [s.text for s in out.kept][-1] == "1874 − 1863 = 11 years."
    assert all(s.cites == (1,) for s in out.kept) and out.kept[0].text == passages[1]
    # Two years of two events are no period: "established in 2023 ... exploring AI since 2016".
    assert decide("How long has DeepSeek's parent company been exploring AI?", "The article doesn't say.",
                  PARAGRAPHS, list(PARAGRAPHS)).abstained
    # The period must be of the question's own verb and subject.
    assert decide("For how many years did the Post Office build the railway?", "The article doesn't say.",
                  passages, [1, 2]).abstained




def test_years_between_two_events_one_sentence_dates_are_computed():
    q = "How many years separate the parent company's start in AI from DeepSeek's official founding?"
    out = decide(q, "The article doesn't say.", PARAGRAPHS, TOP)
    assert not out.abstained and [s.text for s in out.kept][-1] == "2023 − 2016 = 7 years."
    assert "established in 2023" in out.kept[0].text and "since 2016" in out.kept[0].text
    # An event the sentence does not name is no end of the gap.
    assert decide("How many years between Nvidia's founding and DeepSeek's founding?", "The article doesn't say.",
                  PARAGRAPHS, TOP).abstained

def test_a_change_asked_by_how_many_is_computed_from_the_two_ends_the_source_gives():
    passages = {1: "In 1902 the seating capacity of the hall was increased from 1,550 to 1,700.",
                2: "The hall's organ was replaced in 1950."}
    out = decide("By how many seats was the hall's seating capacity increased?",
                 "The seating capacity was increased from 1,550 to 1,700 [1].", passages, [1, 2])
    assert not out.abstained and [s.text for s in out.kept][-1] == "1,700 − 1,550 = 150."
    assert out.kept[0].text == passages[1] and all(s.cites == (1,) for s in out.kept)
    # A fall is computed the same way; another verb's numbers are not the change asked about.
    fell = {1: "Membership fell from 420 to 385 in the war years."}
    assert [s.text for s in decide("By how many members did membership fall?", "The article doesn't say.",
                                   fell, [1]).kept][-1] == "420 − 385 = 35."
    assert decide("By how many seats was the hall extended?", "The article doesn't say.", passages, [1, 2]).abstained

def test_a_question_in_a_phrasal_verb_finds_the_sentence_in_the_sources_single_word():
    # "set up" is WordNet's "establish"; "set" alone is not. Over the model's own decline the
    # source sentence is quoted; a question the sources cannot answer still is not.
    out = decide("In what year was DeepSeek officially set up?", "The article doesn't say.", PARAGRAPHS, TOP)
    assert not out.abstained and "2023" in out.kept[0].text
    out = decide("In what year was DeepSeek's parent company officially set up?", "The article doesn't say.",
                 PARAGRAPHS, TOP)
    assert out.abstained


def test_a_name_the_draft_sets_beside_another_is_dropped_when_no_source_gives_it_there():
    out = decide("Which city is DeepSeek from?", "DeepSeek is from Hangzhou, Zhejiang [1].", PARAGRAPHS, TOP)
    assert not out.abstained and out.kept[0].text.startswith("DeepSeek is from Hangzhou")
    assert "Zhejiang" not in out.kept[0].text
    # What is left must still be stated: another city is not rescued by dropping its province.
    out = decide("Which city is DeepSeek from?", "DeepSeek is from Beijing, China [1].", PARAGRAPHS, TOP)
    assert "Beijing" not in " ".join(x.text for x in out.kept)


def test_a_noun_that_says_only_someone_is_no_term_the_answer_must_repeat():
    # "people at Meta": the answer names Meta's employees; "people" is not what is asked about.
    draft = ("Employees at Meta, Facebook's parent company, are reportedly working around the clock to "
             "replicate DeepSeek's model [11].")
    out = decide("What are people at Meta doing about DeepSeek?", draft, PARAGRAPHS, TOP)
    assert not out.abstained and "replicate" in out.kept[0].text
    out = decide("What are people at Google doing about DeepSeek?", draft, PARAGRAPHS, TOP)
    assert out.abstained


def test_a_clause_whose_pronoun_stands_for_a_name_before_it_answers_a_question_naming_that_name():
    # "... find themselves scrambling to analyze and emulate its techniques": its = DeepSeek's.
    draft = "Major tech companies are scrambling to analyze and emulate its techniques."
    out = decide("How are major tech companies reacting to DeepSeek's arrival?", draft, PARAGRAPHS, TOP)
    assert not out.abstained and "scrambling" in out.kept[0].text
    out = decide("How are major tech companies reacting to Nvidia's loss?", draft, PARAGRAPHS, TOP)
    assert out.abstained


def test_a_list_of_names_is_no_apposition_and_a_two_word_preposition_no_term():
    """"Microsoft, Google, and Apple" lost "Google" as if it were "Hangzhou, China"; "thanks (to)"
    was a word the source had to say."""
    q = "Which firms became leaders thanks to the internet in the 1990s?"
    out = decide(q, "Microsoft, Google, and Apple became leaders thanks to the internet in the 1990s [20].",
                 PARAGRAPHS, TOP)
    assert not out.abstained and "Microsoft, Google, and Apple" in out.kept[0].text
    # A wrong member of the list is not dropped to rescue the rest: the source is quoted instead.
    out = decide(q, "Microsoft, Amazon, and Apple became leaders thanks to the internet in the 1990s [20].",
                 PARAGRAPHS, TOP)
    assert "Amazon" not in " ".join(x.text for x in out.kept)


# A draft in the question's own words: its answer was read from one source sentence, quoted.

def test_a_draft_in_the_questions_words_gives_way_to_the_sentence_it_read_its_answer_from():
    out = decide("What ambitious goal did the US set for AI in recent years?",
                 "The US set an ambitious goal to leverage AI for a new industrial revolution, aiming to attract "
                 "global investments and solidify the dominance of the dollar.", PARAGRAPHS, TOP)
    assert not out.abstained and out.extractive
    assert "industrial revolution" in out.kept[0].text and "spearheaded" in out.kept[0].text
    assert out.kept[0].text in PARAGRAPHS[out.kept[0].cites[0]]


def test_a_drawn_sentence_holds_the_answer_in_the_clause_that_states_the_relation():
    # "a few hundred images" is DeepSeek's clause; "require" belongs to the competing models'.
    out = decide("how many pictures of a big cat does deepseek need to learn to identify it",
                 "DeepSeek needs to learn to identify big cats with just a few hundred images.", PARAGRAPHS, TOP)
    assert out.abstained or "hundred" in out.kept[0].text


def test_a_draft_whose_verb_the_sentence_never_states_is_not_quoted_from_it():
    # A false premise: the article says DeepSeek's offerings are free; the $6 million is what
    # it spent, not what it charges.
    out = decide("how much does deepseek charge for access to its model?",
                 "DeepSeek charges users for access to its models at a cost of just $6 million.", PARAGRAPHS, TOP)
    assert out.abstained


def test_an_added_word_several_sentences_hold_points_at_none_of_them():
    out = decide("what are american tech bosses now second-guessing about all the money they sank into GPUs?",
                 "American tech bosses are now second-guessing their investments in GPUs.", PARAGRAPHS, TOP)
    assert out.abstained


def test_a_drawn_sentence_must_say_what_the_question_asks_about():
    # "share price": the sentence gives a market capitalisation, not a price.
    out = decide("what was nvidia's share price after the crash",
                 "Nvidia's share price plummeted 17% overnight after the crash.", PARAGRAPHS, TOP)
    assert out.abstained or "price" in " ".join(x.text for x in out.kept)


def test_a_drawn_sentence_names_what_the_question_names_itself():
    # Another company's loss is not Apple's, whatever the draft says.
    out = decide("how much market value did apple lose according to the article",
                 "Apple's market capitalization plummeted by 17% overnight, a loss of $589 billion.", PARAGRAPHS, TOP)
    assert out.abstained


def test_a_name_typed_in_lower_case_binds_like_one_in_capitals():
    # Meta's spending is not in the article; OpenAI's and Google's is.
    for question in ("How much did Meta spend to train its model?", "how much did meta spend to train its model"):
        out = decide(question, "Meta spent upwards of a hundred billion dollars to train its model.", PARAGRAPHS, TOP)
        assert out.abstained, out.kept
    out = decide("what's the name of deepseek's parent company", "Meta", PARAGRAPHS, TOP, judge=lambda claim, source: True)
    assert out.abstained, out.kept


def test_a_name_that_only_sets_the_scene_must_be_in_the_sentence_not_in_the_answers_clause():
    draft = "Trump pushed for AI-driven infrastructure investments."
    out = decide("what did trump push for before deepseek came along", draft, PARAGRAPHS, TOP)
    assert not out.abstained and "infrastructure investments" in out.kept[0].text and out.kept[0].cites == (13,)
    out = decide("What did Trump push for after Microsoft came along?", draft, PARAGRAPHS, TOP)
    assert out.abstained


def test_a_draft_that_drops_the_noun_classifying_the_questions_is_declined_not_redrawn():
    source = {1: "Since Quebec paid a large share of the original construction cost, it was not responsible for "
                 "maintenance. Ontario paid 25% of the costs, while Canada paid the remainder."}
    out = decide("What share of the original construction cost did Ontario pay?", "Ontario paid 25% of the costs.",
                 source, [1])
    assert out.abstained, out.kept
    out = decide("What share of the costs did Ontario pay?", "Ontario paid 25% of the costs.", source, [1])
    assert not out.abstained and "25%" in out.kept[0].text


def test_a_premise_the_sources_contradict_declines_the_question_built_on_it():
    # The draft answers what is left of the question; the question's premise is checked first.
    out = decide("Given that DeepSeek was founded in 2016, how many employees does it have?",
                 "DeepSeek has a team of fewer than 150 employees [4].", PARAGRAPHS, TOP)
    assert out.abstained and "premise" in out.sentences[0].reason
    out = decide("Given that DeepSeek was founded in 2023, how many employees does it have?",
                 "DeepSeek has a team of fewer than 150 employees [4].", PARAGRAPHS, TOP)
    assert not out.abstained and "150" in out.kept[0].text


def test_a_premise_states_no_term_the_answer_must_repeat_but_keeps_its_names():
    passages = {1: "The Old Mill was built in 1820 by Thomas Reid. It burned down in 1905 after a lightning strike.",
                2: "The New Mill, built in 1910, still grinds flour."}
    out = decide("Given that the Old Mill was built by Thomas Reid, what year did it burn down?",
                 "The Old Mill burned down in 1905 [1].", passages, [1, 2])
    assert not out.abstained and "1905" in out.kept[0].text
    # Another mill's year: the premise's names still bind the answer.
    out = decide("Although the Old Mill burned down, when was the New Mill built?",
                 "The Old Mill was built in 1820 [1].", passages, [1, 2])
    assert out.abstained or "1910" in out.kept[0].text


def test_an_answer_in_two_sentences_reads_its_it_as_the_source_does():
    passages = {3: "The first chapel for the garrison stood at the north end of the common. "
                   "It was built in 1808 and later converted into a theatre."}
    out = decide("What happened to the first chapel of the garrison?",
                 "The first chapel for the garrison stood at the north end of the common [3]. "
                 "It was built in 1808 and later converted into a theatre [3].", passages, [3])
    assert not out.abstained
    assert [s.text for s in out.kept][-1].startswith("It was built") and "first chapel" in out.kept[0].text
    # An "It" whose source sentence does not follow the previous one's stands alone, and declines.
    apart = {3: "The first chapel for the garrison stood at the north end of the common. The barracks "
                "were rebuilt in 1840. It was built in 1808 and later converted into a theatre."}
    out = decide("What happened to the first chapel of the garrison?",
                 "The first chapel for the garrison stood at the north end of the common [3]. "
                 "It was built in 1808 and later converted into a theatre [3].", apart, [3])
    assert out.abstained or not out.kept[0].text.startswith("It")


def test_a_yes_no_answer_without_its_yes_gets_one_only_when_its_sentence_entails_the_question():
    passages = {2: "The mill was built in 1820 by Thomas Reid. The mill still grinds flour for the village."}
    out = decide("Does the mill still grind flour?", "The mill still grinds flour for the village [2].", passages, [2])
    assert not out.abstained and out.kept[0].text.startswith("Yes")
    # The sentence answers something else than the question's statement: no label is added.
    out = decide("Was the mill built by Thomas Reid's son?", "The mill was built in 1820 by Thomas Reid [2].",
                 passages, [2])
    assert out.abstained or not out.kept[0].text.startswith("Yes")


def test_the_noun_of_a_name_said_before_stands_for_that_name():
    # From Wikipedia's "Foxit Software": "the association's Managing Director" after "the PDF
    # Association" had left "PDF" unbound, and the right answer was declined.
    passages = {1: "Foxit Software is an active member of the PDF Association. Thomas Zellmann, who joined "
                   "LuraTech in 2001, is the association's Managing Director."}
    draft = "Thomas Zellmann is the association's Managing Director [1]."
    # ("serves as" links a role as "is" does: no event the answer must state, though the
    # passages' "web service" shares a sense with "serve".)
    passages[2] = "The Rendition Server is an on-premises web service for document conversion."
    out = decide("Who serves as Managing Director of the PDF Association?", draft, passages, [1, 2])
    assert not out.abstained and "Zellmann" in out.kept[0].text
    out = decide("Who serves as Managing Director of the Open Source Association?", draft, passages, [1, 2])
    assert out.abstained
    # "this change" after "a cadence change" (KEP-2572): the noun with what classifies it.
    helm = "Helm has already begun planning for this change [3]."
    kep = {3: "Downstream projects could be caught by surprise by a cadence change. Some downstream projects, "
              "such as Helm have already begun planning for this change."}
    out = decide("Which downstream project has already started planning for the cadence change?", helm,
                 kep, [3])
    assert not out.abstained and "Helm" in out.kept[0].text
    # The passage before, of the same source, may hold it (the KEP's sentence was a passage of its own).
    split = {2: "Downstream projects could be caught by surprise by a cadence change.",
             3: "Some downstream projects, such as Helm have already begun planning for this change."}
    question = "Which downstream project has already started planning for the cadence change?"
    assert not decide(question, helm, split, [3, 2], titles={2: "KEP", 3: "KEP"}).abstained
    assert decide(question, helm, split, [3, 2], titles={2: "Another document", 3: "KEP"}).abstained
    # The last mention is what "this change" stands for.
    kep[3] = kep[3].replace("Some downstream", "A license change was also discussed. Some downstream")
    assert decide("Which downstream project has already started planning for the cadence change?", helm,
                  kep, [3]).abstained


def test_a_refuted_yes_or_no_gives_way_to_the_sentence_that_entails_the_questions_statement():
    out = decide("Did DeepSeek open-source its technology?", "No, DeepSeek kept its technology closed [8].",
                 PARAGRAPHS, TOP[:8])
    assert not out.abstained and out.kept[0].text.startswith("Yes: ") and "open-sourcing" in out.kept[0].text
    # Another company's: no sentence entails it, and the draft's No is not shown either.
    out = decide("Did Nvidia open-source its technology?", "No, Nvidia kept its technology closed [8].",
                 PARAGRAPHS, TOP[:8])
    assert out.abstained


def test_a_verified_draft_that_answers_something_else_is_not_quoted_back():
    # KEP-2572: the draft held, but says nothing of the conversations asked about; the sentence it
    # was read from (the same words) had been quoted as the answer.
    passages = {10: "The LTS Working Group was disbanded on October 20, 2020.",
                11: "The outcome of their conversations was the proposal which established a yearly support period."}
    out = decide("What came out of the LTS working group's conversations?",
                 "The LTS Working Group was disbanded on October 20, 2020 [10].", passages, [10, 11])
    assert out.abstained or "disbanded" not in out.kept[0].text, out.kept
    # A verified draft in other words than the question's verb is quoted back when the sentence
    # states that verb's relation ("founded" for "started").
    foxit = {1: "Foxit Software was founded in 2001 by Eugene Y. Xiong to develop similar PDF software products "
                "to those from Adobe Systems and other PDF vendors, and offer them at lower prices."}
    out = decide("Who started Foxit Software?", "Foxit Software was founded in 2001 by Eugene Y. Xiong [1].", foxit, [1])
    assert not out.abstained and "Xiong" in out.kept[0].text, out


def test_a_main_subject_summing_up_the_sentence_before_brings_it_in_and_one_in_a_lower_clause_does_not():
    """"This unprecedented change is being compared to ... a nuclear explosion" says what the
    sentence before describes (the shock to the stock market); "financial institutions like
    Deutsche Bank have warned that these changes could ..." is about Deutsche Bank, and does
    not answer who the sentence before says was dismayed."""
    shock = {1: "DeepSeek has sent shockwaves through the American stock market. This unprecedented change is "
                "being compared to the impact of a nuclear explosion."}
    # (The model, as judge, reads "the stock market shock" in "this unprecedented change".)
    out = decide("What was the stock market shock compared to?",
                 "The stock market shock was compared to the impact of a nuclear explosion [1].", shock, [1],
                 judge=lambda claim, sentence: True)
    assert not out.abstained and "nuclear explosion" in out.kept[0].text
    dismay = {1: "DeepSeek transformed the AI landscape, much to the dismay of Silicon Valley giants. Financial "
                 "institutions like Deutsche Bank have warned that these changes could influence Federal Reserve "
                 "policy."}
    out = decide("Which Silicon Valley companies were dismayed?",
                 "Deutsche Bank warned that these changes could influence Federal Reserve policy [1].", dismay, [1],
                 judge=lambda claim, sentence: True)
    assert out.abstained or "Deutsche Bank" not in out.kept[0].text


def test_an_ellipsis_is_answered_with_what_the_question_it_elides_asked_for():
    """"the parent?" after "When was DeepSeek officially established?": a sentence naming the
    parent with no date does not answer it; the one giving its year does."""
    asked = "When was DeepSeek officially established?"
    passages = {1: "DeepSeek's parent company is a hedge fund. Its parent company has been exploring AI since 2016."}
    undated = "DeepSeek's parent company is a hedge fund [1]."
    assert not decide("the parent?", undated, passages, [1]).abstained  # read alone, it asks for nothing
    assert decide("the parent?", undated, passages, [1], elides=asked).abstained
    dated = decide("the parent?", "DeepSeek's parent company has been exploring AI since 2016 [1].", passages, [1],
                   elides=asked)
    assert not dated.abstained and "2016" in dated.kept[0].text


def test_an_ellipsis_naming_nothing_is_about_what_the_question_it_elides_named():
    """"compared by who" after "What was DeepSeek compared to?" is not answered by a sentence
    comparing something else."""
    passages = {1: "Critics compared the new phone to a brick.", 2: "DeepSeek was compared to a nuclear explosion."}
    out = decide("compared by who", "Critics compared the new phone to a brick [1].", passages, [1, 2],
                 elides="What was DeepSeek compared to?")
    assert out.abstained


def test_a_polite_request_is_no_yes_no_question():
    """"can u give an example of how deepseek is more efficent" asks for the example. Read as a
    yes/no question, its "statement" ("U can give an example ...") was refuted by a sentence
    about free offerings, shown as "No: However, DeepSeek's free offerings force ...". The same
    question put as a yes/no question of the sources ("Can DeepSeek be used ...") still is one."""
    draft = ("DeepSeek is more efficient because it employs decentralized, high-efficiency algorithms "
             "to classify and analyze network data [6].")
    out = decide("can u give an example of how DeepSeek is more efficent", draft, PARAGRAPHS, [6, 23, 17, 15])
    assert not any(k.text.startswith(("No", "Yes")) for k in out.kept)
    assert all("free offerings" not in k.text for k in out.kept)


def test_an_ellipsis_after_in_dollars_asks_that_ones_amount():
    """"and Microsoft?" eliding "in dollars?" asks how much Microsoft lost: the sentence giving
    Google's and Microsoft's combined decline does not say, and is not quoted as if it did."""
    draft = "Microsoft's market capitalization declined by 762.4 billion [2]."
    out = decide("and Microsoft?", draft, PARAGRAPHS, [2, 9, 21], elides="in dollars?")
    assert out.abstained
    out = decide("and Nvidia?", "Its market capitalization fell by 17%, a loss of $589 billion [2].", PARAGRAPHS, [2, 9, 21], elides="in dollars?")
    assert not out.abstained and "$589 billion" in " ".join(k.text for k in out.kept)


def test_a_demonstrative_in_the_main_subject_s_phrase_brings_in_the_sentence_before():
    """"Yet, the competitive edge in these sectors has waned, with ... a staggering $36 trillion
    national debt": "these sectors" are the U.S. industries of the sentence before, so the answer
    to "what's the US national debt figure" is about the U.S. It had been declined."""
    out = decide("what's the US national debt figure the article cites?",
                 "The article cites a staggering $36 trillion national debt figure [22].", PARAGRAPHS, TOP)
    assert not out.abstained and "$36 trillion" in out.kept[0].text
    out = decide("what's China's national debt figure the article cites?",
                 "The article cites a staggering $36 trillion national debt figure [22].", PARAGRAPHS, TOP)
    assert out.abstained


def test_a_why_answer_that_drops_the_reason_its_source_sentence_gives_is_replaced_by_that_sentence():
    """"Why does this PEP go through a more formal approval process than most PEPs?" drafted
    "This PEP goes through a more formal approval process than that used for most PEPs": true,
    and judged a paraphrase of its source sentence, but the reason is the sentence's "As ..."
    clause, which the draft dropped. The source's sentence is shown instead."""
    pep = (ROOT / "tests" / "data" / "docs" / "outside16.md").read_text(encoding="utf-8")
    passage = pep.split("Approval Process", 1)[1][:700]
    out = decide("Why does this PEP go through a more formal approval process than most PEPs?",
                 "This PEP goes through a more formal approval process than that used for most PEPs.",
                 {1: passage}, [1], judge=lambda claim, sentence: True)
    assert not out.abstained and "legal ramifications" in out.kept[0].text and "===" not in out.kept[0].text
    # A draft that keeps the reason is shown as drafted.
    out = decide("Why did Nvidia's market value plummet?",
                 "Nvidia's market value plummeted because DeepSeek's low-cost model shook investors.",
                 {1: "Nvidia's market value plummeted because DeepSeek's low-cost model shook investors."}, [1])
    assert not out.abstained and out.kept[0].text.startswith("Nvidia's market value plummeted because")



GO_REVIEW = {1: "A group of Go team members holds “proposal review meetings”\napproximately weekly to review pending proposals."}


def test_an_answer_stating_another_event_than_the_one_asked_is_shown_only_if_judged_to_answer():
    """From the Go proposal README: "who chairs the weekly proposal review meeting?" drafted
    "The proposal review meetings are held ... by the Go team members", true but of holding, not
    chairing. An answer whose event is not the question's is left to the model as judge."""
    draft = "The proposal review meetings are held approximately weekly by the Go team members [1]."
    judge = Judge(False)
    out = decide("who chairs the weekly proposal review meeting?", draft, GO_REVIEW, [1], judge=judge)
    assert out.abstained
    assert judge.asked and judge.asked[-1][0].startswith('The answer to "who chairs')
    out = decide("who chairs the weekly proposal review meeting?", draft, GO_REVIEW, [1], judge=Judge(True))
    assert not out.abstained and "Go team members" in out.kept[0].text
    # The event asked about, stated: no judge is asked.
    judge = Judge(False)
    out = decide("who holds the proposal review meetings?",
                 "A group of Go team members holds the proposal review meetings [1].", GO_REVIEW, [1], judge=judge)
    assert not out.abstained and not judge.asked


def test_a_frequency_is_no_day():
    """"what day of the week are the proposal review meetings": "approximately weekly" gives how
    often, not a day; a day named would (a date is a number, a month or a noun, not an adverb or
    adjective of frequency)."""
    q = "what day of the week are the proposal review meetings"
    out = decide(q, "The proposal review meetings are held approximately weekly [1].", GO_REVIEW, [1], judge=Judge(True))
    assert out.abstained
    mondays = {1: "The proposal review meetings are held on Mondays."}
    out = decide(q, "The proposal review meetings are held on Mondays [1].", mondays, [1], judge=Judge(True))
    assert not out.abstained and "Mondays" in out.kept[0].text


def test_a_draft_is_read_from_its_own_passage_when_the_search_ranked_others_nearer():
    """"how many people work at DeepSeek" drafted "DeepSeek has a team of fewer than 150
    employees", true of the paragraph on its team, which the search did not rank among the
    nearest. The sentence it was read from is quoted (the model, as judge, reading the draft
    there), as it is when that paragraph is among the nearest; a judge that does not read it
    there leaves the question declined."""
    team = next(n for n, p in PARAGRAPHS.items() if "fewer than 150 employees" in p)
    others = [n for n in TOP if n != team][:4]
    draft = "DeepSeek has a team of fewer than 150 employees."
    for nearest in ([team], others):
        out = decide("how many people work at DeepSeek", draft, PARAGRAPHS, nearest, judge=YesJudge())
        assert not out.abstained and "fewer than 150 employees" in out.kept[0].text and out.kept[0].cites == (team,)
    out = decide("how many people work at DeepSeek", draft, PARAGRAPHS, others, judge=lambda claim, source: False)
    assert out.abstained


def test_an_answer_none_of_the_questions_words_ties_to_is_shown_only_if_judged_to_answer():
    """conversations19: "what about deepseek's engineers, what r they paid", "r" read as "are",
    was answered by a true sentence on its team and its $6 million cost. No
    passage says "engineer" or "pay"; both had counted as the question's own wording, leaving
    "DeepSeek" alone to tie the answer to the question. Now only the model, as judge, may; the
    same holds for a paraphrase ("headcount"), which it may read as answered."""
    team = next(n for n, p in PARAGRAPHS.items() if "fewer than 150 employees" in p)
    draft = f"DeepSeek has a team of fewer than 150 employees at a remarkably low cost of just $6 million [{team}]."
    for question in ("what about DeepSeek's engineers, what are they paid", "what's DeepSeek's headcount roughly"):
        judge = Judge(False)
        out = decide(question, draft, PARAGRAPHS, TOP, judge=judge)
        assert out.abstained and judge.asked and judge.asked[0][0].startswith(f'The answer to "{question}"')
        out = decide(question, draft, PARAGRAPHS, TOP)  # no judge: words alone cannot tell
        assert out.abstained
    out = decide("what's DeepSeek's headcount roughly", draft, PARAGRAPHS, TOP, judge=Judge(True))
    assert not out.abstained and "fewer than 150 employees" in out.kept[0].text
