"""A pytest plugin for testing grounded answers (registered as the `pytest11` entry point "bot").

Installed with the package, it gives any test suite:

- `assert_grounded(answer)`: the answer is not a decline, every sentence carries a citation to a
  passage the answer lists, and the claim checker finds each sentence stated by its passage;
- `assert_cites(answer, words)`: some cited passage contains `words`;
- `assert_declines(answer_or_bot, question=None)`: the answer is the bot's decline, with no citation;
- the fixture `grounded_bot`: a `Bot` built from the `BOT_*` settings, warmed once per session.

    from bot.testing import assert_grounded, assert_declines

    def test_employees(grounded_bot):
        answer = grounded_bot.ask("How many employees does DeepSeek have?")
        assert_grounded(answer)
        assert "150" in answer.text
"""

from __future__ import annotations

import pytest

from .answer import Answer
from .text import cited_sentences

__all__ = ["assert_grounded", "assert_cites", "assert_declines"]


def _explain(answer: Answer) -> str:
    cited = "; ".join(f"[{c.n}] {c.text[:100]}" for c in answer.citations)
    return f"\n  question: {answer.question!r}\n  answer:   {answer.text!r}\n  draft:    {answer.raw_text!r}\n  cited:    {cited}"


def assert_grounded(answer: Answer) -> None:
    """Fail unless every sentence of `answer` is cited to, and stated by, a passage it lists."""
    from .verify import check

    __tracebackhide__ = True
    if answer.abstained:
        pytest.fail(f"the bot declined{_explain(answer)}")
    by_n = {c.n: c.text for c in answer.citations}
    parts = cited_sentences(answer.text)
    if not parts:
        pytest.fail(f"the answer is empty{_explain(answer)}")
    for sentence, cites in parts:
        if not cites:
            pytest.fail(f"no citation for {sentence!r}{_explain(answer)}")
        if not set(cites) <= set(by_n):
            pytest.fail(f"{sentence!r} cites {cites}, but the answer lists {sorted(by_n)}{_explain(answer)}")
        [verdict] = check(sentence, {n: by_n[n] for n in cites}) or [None]
        if verdict is None or not verdict.supported:
            why = verdict.reason if verdict else "nothing to check"
            pytest.fail(f"{sentence!r} is not stated by its passage: {why}{_explain(answer)}")


def assert_cites(answer: Answer, words: str) -> None:
    """Fail unless a passage the answer cites contains `words` (case and spacing ignored)."""
    __tracebackhide__ = True
    squash = lambda t: " ".join(t.lower().split())  # noqa: E731
    if not any(squash(words) in squash(c.text) for c in answer.citations):
        pytest.fail(f"no cited passage contains {words!r}{_explain(answer)}")


def assert_declines(answer_or_bot, question: str | None = None) -> Answer:
    """Fail unless the answer (or the bot's answer to `question`) is a decline with no citation."""
    __tracebackhide__ = True
    answer = answer_or_bot if question is None else answer_or_bot.ask(question)
    if not answer.abstained or answer.citations:
        pytest.fail(f"expected a decline{_explain(answer)}")
    return answer


@pytest.fixture(scope="session")
def grounded_bot():
    """A Bot over the sources named by the BOT_* settings, its model loaded and prompt processed."""
    from .config import Settings
    from .rag import Bot

    bot = Bot.from_settings(Settings.from_env(), progress=False)
    bot.warm()
    return bot
