"""Follow-up rewriting, extractive fallback, unknown-topic detection, and the eval's own checks."""

from bot.answer import Answer, Citation
from bot.evaluate import Item, citations_valid, fact_in, grounding_violations
from bot.followup import standalone
from bot.verify import evidence, extract, unknown_share

P15 = (
    "The challenges posed by U.S. sanctions and restrictions on chip imports have inadvertently "
    "propelled DeepSeek to innovate further. For years, the Chinese AI sector has been stymied."
)
P6 = (
    "For example, while competing models might require thousands of images of a tiger to learn "
    "recognition, DeepSeek can achieve similar outcomes with just a few hundred images."
)


def turn(q, a):
    return [{"role": "user", "content": q}, {"role": "assistant", "content": a}]


def test_pronoun_follow_up_names_the_previous_subject():
    h = turn("What is DeepSeek?", "DeepSeek is a small company from Hangzhou [1].")
    assert standalone("When was it officially established?", h) == "When was DeepSeek officially established?"
    assert standalone("Who is its CEO?", h) == "Who is DeepSeek's CEO?"
    h = turn("Which tech figure voiced apprehension?", "Mark Zuckerberg voiced his apprehension [12].")
    assert standalone("What did he advocate?", h) == "What did Mark Zuckerberg advocate?"
    h = turn("How much did Nvidia lose?", "Nvidia lost $589 billion [2].")
    assert standalone("By how much did its value fall?", h) == "By how much did Nvidia's value fall?"


def test_standalone_questions_are_left_alone():
    h = turn("What is DeepSeek?", "DeepSeek is a small company [1].")
    assert standalone("Where is Hangzhou?", h) == "Where is Hangzhou?"
    assert standalone("When was it founded?", []) == "When was it founded?"


def test_extract_quotes_the_sentence_covering_the_question():
    found = extract("What has inadvertently propelled DeepSeek to innovate further?", {15: P15, 6: P6})
    assert found == (P15[: P15.index("further.") + len("further.")], 15)
    assert extract("How many tiger images might competing models require?", {15: P15, 6: P6})[1] == 6


def test_extract_refuses_when_the_question_is_not_covered():
    assert extract("What is the name of DeepSeek's CEO?", {15: P15, 6: P6}) is None
    assert extract("How many chips did DeepSeek import?", {15: P15}) is None  # no amount in the sentence
    # asked for a name, a sentence naming nothing new does not answer
    sales = "Moreover, DeepSeek's approach also disrupts the traditional sales model for AI services."
    assert extract("What is the name of DeepSeek's latest AI model?", {2: sales}) is None
    assert extract("What is DeepSeek's latest AI model called?", {2: sales}) is None
    assert extract("Which approach disrupts the traditional sales model for AI services?", {2: sales})


def test_questions_about_absent_things_are_recognised():
    vocabulary = evidence(P15 + " " + P6).stems
    assert unknown_share("Which university did DeepSeek's founder attend?", vocabulary) > 0.5
    assert unknown_share("What propelled DeepSeek to innovate?", vocabulary) == 0.0
    assert unknown_share("Can you tell me what happened to DeepSeek?", vocabulary) == 0.0


def cite(n, text):
    return Citation(n, "s", "T", text, 0, len(text), 0.5)


def test_grounding_violations_catch_a_name_or_number_not_in_the_cited_passage():
    ok = Answer("q", "DeepSeek needs a few hundred images [6].", [cite(6, P6)], False)
    bad = Answer("q", "DeepSeek needs 300 images [6].", [cite(6, P6)], False)
    wrong_name = Answer("q", "Liang Wenfeng leads DeepSeek [6].", [cite(6, P6)], False)
    assert grounding_violations(ok) == []
    assert grounding_violations(bad) == ["DeepSeek needs 300 images."]
    assert grounding_violations(wrong_name)


def test_fact_and_citation_validity_scoring():
    item = Item("x", "multi", "q", answer_all=("150", "6 million"))
    assert fact_in(Answer("q", "Fewer than 150 people, $6 million [4].", [], False), item)
    assert not fact_in(Answer("q", "Fewer than 150 people [4].", [], False), item)
    assert not citations_valid(Answer("q", "Text [4] [9].", [cite(4, "x")], False))
