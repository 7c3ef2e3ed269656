"""Yes/no questions that compare with a number: the value is checked in the source, the code compares."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import compare
from bot.verify import split_yes_no

ARTICLE = Path(__file__).resolve().parents[1] / "index" / "sources" / "deepseek-shakes-up-the-tech-scene.txt"


@pytest.fixture(scope="module")
def passages() -> dict[int, str]:
    paragraphs = [p for p in ARTICLE.read_text(encoding="utf-8").split("\n") if p.strip()]
    return dict(enumerate(paragraphs, 1))


def ask(question: str, passages: dict[int, str], judge=None):
    return compare.answer(question, passages, list(passages), judge=judge)


def test_a_year_compared_with_the_source_s_year_is_answered_no_with_the_computation(passages):
    got = ask("Was DeepSeek officially established before 2020?", passages)
    assert got is not None and got.text.startswith("No")
    assert "2023" in got.text and "not before 2020" in got.text
    assert "2023" in passages[got.cites[0]] and "officially established in 2023" in got.evidence


@pytest.mark.parametrize("question, verdict", [
    ("Does DeepSeek have more than 200 employees?", "No"),  # fewer than 150 rules it out
    ("Does DeepSeek have fewer than 200 employees?", "Yes"),  # fewer than 150 entails it
    ("Did Nvidia's market capitalization plummet by more than 20%?", "No"),
    ("Did Nvidia's market capitalization plummet by more than 15%?", "Yes"),
])
def test_the_source_s_value_settles_the_question_s_bound(passages, question, verdict):
    got = ask(question, passages)
    assert got is not None and got.text.split(":")[0] == verdict, got
    assert got.supported and got.cites and got.evidence in passages[got.cites[0]]


def test_a_bound_the_source_leaves_open_gets_no_computed_answer(passages):
    # "fewer than 150" says nothing about "more than 100".
    assert ask("Does DeepSeek have more than 100 employees?", passages) is None


@pytest.mark.parametrize("question", [
    "Did Google's market capitalization plummet by more than 15%?",  # the 17% is Nvidia's
    "Was Meta founded before 2020?",  # no year is given for Meta
    "Did Meta spend more than $1 million?",  # the $6 million is DeepSeek's
])
def test_a_value_stated_of_another_subject_is_not_used(passages, question):
    assert ask(question, passages, judge=lambda claim, source: True) is None


def test_the_model_judges_only_the_wording_of_the_statement_with_the_source_s_value(passages):
    asked = []

    def judge(claim: str, source: str) -> bool:  # as the model reads it: the cost is what was spent
        asked.append(claim)
        return "low cost of just $6 million" in source

    question = "Did DeepSeek spend more than $100 million to get its results?"
    got = ask(question, passages, judge=judge)
    assert got is not None and got.text.startswith("No") and "$6 million is not more than $100 million" in got.text
    assert any("$6 million" in claim and "100" not in claim for claim in asked)  # the value, not the bound
    assert ask(question, passages, judge=lambda claim, source: False) is None
    assert ask(question, passages) is None  # without a judge, wording in doubt decides nothing


@pytest.mark.parametrize("question", [
    "How much did DeepSeek spend?",  # no yes/no question
    "Did DeepSeek spend $6 million?",  # no comparison
    "Did Nvidia lose more than 15% and more than $500 billion?",  # two comparisons
])
def test_questions_without_one_comparison_are_left_to_the_draft(question):
    assert compare.comparison_of(question) is None


def test_a_yes_or_no_followed_by_a_reporting_frame_claims_what_the_frame_reports():
    assert split_yes_no("Yes, the article states that DeepSeek was established in 2023.") == (
        "yes", "DeepSeek was established in 2023.")


@pytest.mark.parametrize("sentence, right", [
    ("No: DeepSeek was officially established in 2023 (2023 is not before 2020).", True),
    ("No: DeepSeek was officially established in 2023 (2023 is before 2020).", False),  # wrong sum
    ("Yes: DeepSeek was officially established in 2023 (2023 is not before 2020).", False),  # Yes disagrees
    ("Yes: DeepSeek does have fewer than 150 employees (fewer than 150 is less than 200).", True),
])
def test_the_checker_checks_a_shown_computation_and_the_statement_before_it(passages, sentence, right):
    from bot import check

    [v] = check(sentence + " [14]" if "2023" in sentence else sentence, passages)
    assert v.supported is right, v
