"""The evaluation's own scoring, which must not lean on the verifier."""

from bot.answer import Answer, Citation
from bot.evaluate import Item, citations_valid, fact_in, score, summarize

P15 = (
    "The challenges posed by U.S. sanctions and restrictions on chip imports have inadvertently "
    "propelled DeepSeek to innovate further. For years, the Chinese AI sector has been stymied."
)
P6 = (
    "For example, while competing models might require thousands of images of a tiger to learn "
    "recognition, DeepSeek can achieve similar outcomes with just a few hundred images."
)


def cite(n, text):
    return Citation(n, "s", "T", text, 0, len(text), 0.5)


def test_fact_and_citation_validity_scoring():
    item = Item("x", "multi", "q", answer_all=("150", "6 million"))
    assert fact_in(Answer("q", "Fewer than 150 people, $6 million [4].", [], False), item)
    assert not fact_in(Answer("q", "Fewer than 150 people [4].", [], False), item)
    assert not citations_valid(Answer("q", "Text [4] [9].", [cite(4, "x")], False))


def test_shown_as_grounded_but_wrong_is_judged_by_the_sets_labels_not_the_verifier():
    trap = Item("t", "trap", "When was DeepSeek's parent company established?")
    answered = Answer("q", "DeepSeek's parent company was established in 2023 [14].", [cite(14, "x")], False)
    declined = Answer("q", "The article doesn't say.", [], True)
    assert score(answered, trap, 4)["wrong_shown"] and not score(declined, trap, 4)["wrong_shown"]
    item = Item("a", "date", "When was DeepSeek established?", answer_any=("2023",), evidence="established in 2023")
    right = Answer("q", "In 2023 [14].", [cite(14, "DeepSeek was officially established in 2023")], False)
    wrong_cite = Answer("q", "In 2023 [3].", [cite(3, "Nvidia fell 17%")], False)
    assert not score(right, item, 4)["wrong_shown"] and score(wrong_cite, item, 4)["wrong_shown"]
    assert not score(declined, item, 4)["wrong_shown"]  # a false decline is counted apart
    table = dict(summarize([score(answered, trap, 4), score(right, item, 4)]))
    assert table["traps declined"].startswith("0/1")


def test_expected_words_match_whole_words_only():
    item = Item("y", "yesno", "q", answer_any=("No",))
    assert fact_in(Answer("q", "No, it has fewer than 150 [4].", [], False), item)
    assert not fact_in(Answer("q", "It is not known [4].", [], False), item)
    decade = Item("d", "date", "q", answer_any=("1990",))
    assert fact_in(Answer("q", "In the 1990s [20].", [], False), decade)
    assert not fact_in(Answer("q", "In 19900 [20].", [], False), decade)
    size = Item("m", "number", "q", answer_any=("176",))
    assert fact_in(Answer("q", "It takes 176MiB as a tarball [5].", [], False), size)
    assert not fact_in(Answer("q", "It takes 1760 MiB [5].", [], False), size)
    assert not fact_in(Answer("q", "It takes 176.5 MiB [5].", [], False), size)
    assert fact_in(Answer("q", "A lack of advanced chips [15].", [], False), Item("c", "why", "q", answer_any=("chip",)))
    summary = Item("s", "summary", "q", answer_any=("Nvidia", "$6 million", "open-source"), answer_min=2)
    assert fact_in(Answer("q", "Nvidia fell; DeepSeek spent $6 million [1].", [], False), summary)
    assert not fact_in(Answer("q", "Nvidia fell [1].", [], False), summary)
