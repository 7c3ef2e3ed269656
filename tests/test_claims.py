"""The claim suite (tests/data/*claims.jsonl): claim-passage pairs written for the checker, from the
article, DeepSeek's READMEs and two documents nobody here wrote. Its dev half shaped the checker;
its test half is scored by `bench/bench_claims.py --split test`, not here, so that no rule is
fitted to it."""

import pytest

from bot.evaluate import claim_suite, load_claims

DEV = load_claims("dev")


@pytest.fixture(scope="module")
def dev():
    return claim_suite(DEV)


def rate(result, label):
    c = result["confusion"]
    ok, bad = (c["false rejected"], c["false accepted"]) if label == "false" else (c["true accepted"], c["true rejected"])
    return ok / (ok + bad)


def test_the_suite_covers_every_failure_class():
    classes = {r["class"] for r in load_claims()}
    assert {"paraphrase", "wrong_subject", "wrong_number", "negation", "comparison_flip", "swapped_date",
            "invented_event", "restated_question"} <= classes
    assert len(load_claims()) >= 150


def test_wrong_claims_are_rejected(dev):
    # The target: at least 98% of wrong claims rejected.
    assert rate(dev, "false") >= 0.98, [m for m in dev["misses"] if m["class"] not in ("exact", "paraphrase")]


def test_exact_restatements_are_accepted(dev):
    ok, n = dev["by_class"]["exact"]
    assert ok / n >= 0.85, [m for m in dev["misses"] if m["class"] == "exact"]


@pytest.mark.xfail(strict=True, reason="known gap: a paraphrase with synonyms the source does not use "
                   "(wiped out / evaporated, depend / rely) cannot be told from an invented claim by words "
                   "and structure alone; such drafts are replaced by the source sentence or declined")
def test_true_paraphrases_are_accepted(dev):
    ok, n = dev["by_class"]["paraphrase"]
    assert ok / n >= 0.95
