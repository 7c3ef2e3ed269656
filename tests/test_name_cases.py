"""Names typed in lower case, read as the sources write them (bot.text.name_cases)."""

from bot.text import name_cases, with_name_cases

SOURCES = [
    "The sudden emergence of DeepSeek, a small company from Hangzhou, has sent shockwaves. Employees at "
    "Meta, Facebook's parent company, are working around the clock, and financial institutions like "
    "Deutsche Bank have warned. Even figures like Mark Zuckerberg have voiced their apprehension.",
    "As Figure 2 shows, results improve on DROP and on MMLU. The dollar and the debt: see Table 1.",
]


def test_names_typed_in_lower_case_take_the_sources_case():
    cases = name_cases(SOURCES)
    assert with_name_cases("which city is deepseek from?", cases) == "which city is DeepSeek from?"
    assert with_name_cases("what did deutsche bank and zuckerberg say about meta?", cases) == (
        "what did Deutsche Bank and Zuckerberg say about Meta?")
    assert with_name_cases("and mmlu?", cases) == "and MMLU?"


def test_words_that_are_not_names_keep_their_case():
    cases = name_cases(SOURCES)
    # A label before its number, a word of a longer name, an acronym that is also a word,
    # a sentence's first word and a function word are no names.
    for q in ("which figure shows it?", "which bank warned?", "how big was the drop?", "what about the dollar?",
              "did us firms react?", "what table is that?"):
        assert with_name_cases(q, cases) == q
