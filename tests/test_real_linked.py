"""The default sources with the real parts: the article and the primary sources it reports on
(DeepSeek's V3 and R1 READMEs and the R1 technical report) as a fresh clone ships them.

Each source has its own blocks of passages, each a cached prompt; a question is answered over
the block holding its best passage, with the same checks as on the article alone."""

import pytest

from bot.testing import assert_declines, assert_grounded

pytestmark = pytest.mark.real

ARTICLE = "deepseek-shakes-up-the-tech-scene"


def test_the_default_sources_are_the_article_and_the_three_linked_ones(real):
    titles = set(real.titles)
    assert titles == {"DeepSeek Shakes Up the Tech Scene in America!", "DeepSeek-V3 README",
                      "DeepSeek-R1 README", "DeepSeek-R1 technical report"}
    assert len(real.blocks) > 4 and not real.skipped


def test_a_fact_only_a_readme_table_gives_is_answered_from_that_table_row(real):
    a = real.ask("What context length does DeepSeek-V3 support?")
    assert_grounded(a)
    assert "128K" in a.text
    row = next(c for c in a.citations if "128K" in c.text)
    assert row.title == "DeepSeek-V3 README" and "Context Length: 128K" in row.text


def test_the_technical_report_passages_carry_their_page(real):
    hits = real.retriever.search(["What challenges does DeepSeek-R1-Zero encounter?"], len(real.store))
    best = next(h.chunk for h in hits if h.chunk.title == "DeepSeek-R1 technical report")
    assert "poor readability" in best.text and best.place.startswith("page ")


@pytest.mark.xfail(strict=True, reason="known gap: the draft's first sentence 'DeepSeek-R1-Zero faces several "
                   "challenges' names none, is accepted by the model as a paraphrase, and the sentence naming "
                   "them ('it struggles with ...') is dropped")
def test_the_technical_report_answers_with_its_page(real):
    a = real.ask("What challenges does DeepSeek-R1-Zero encounter?")
    assert_grounded(a)
    assert "readability" in a.text or "language mixing" in a.text
    assert any(c.title == "DeepSeek-R1 technical report" and c.place.startswith("page ") for c in a.citations)


@pytest.mark.xfail(strict=True, reason="known gap: the report names GRPO in a section on DeepSeek-R1-Zero, but "
                   "no sentence names both, so the right bare answer 'Group Relative Policy Optimization' "
                   "is declined")
def test_a_fact_the_section_heading_ties_to_its_subject(real):
    a = real.ask("Which reinforcement learning algorithm does DeepSeek-R1-Zero use?")
    assert_grounded(a)
    assert "GRPO" in a.text or "Group Relative Policy Optimization" in a.text


def test_the_article_is_still_answered_from_the_article(real):
    a = real.ask("How many employees does DeepSeek have?")
    assert_grounded(a)
    assert "150" in a.text and {c.source_id for c in a.citations} == {ARTICLE}


def test_what_none_of_the_four_says_is_declined(real):
    assert_declines(real, "What is the name of DeepSeek's CEO?")
    assert_declines(real, "How many GPUs were used to train DeepSeek-R1-Distill-Qwen-7B?")
