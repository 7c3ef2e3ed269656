"""The generator as a second judge: does this source sentence state this claim? Yes or No.

Asked only where words alone cannot decide (`Verdict.uncertain`: names, numbers, clause,
subject, polarity and bounds agree, but the claim uses a word the source does not). The
question follows the bot's own cached system prompt, so only its ~60 tokens are processed.
"""

from __future__ import annotations

from collections.abc import Callable

from .generate import Generator
from .prompts import Prompts


class ModelJudge:
    """Callable (claim, source sentence) -> True when the model answers Yes."""

    def __init__(self, generator: Generator, prompts: Prompts, system: Callable[[], str] | str = "") -> None:
        self.generator = generator
        self.prompts = prompts
        self.system = system
        self.calls = 0

    def __call__(self, claim: str, source: str) -> bool:
        system = self.system() if callable(self.system) else self.system
        messages = ([{"role": "system", "content": system}] if system else []) + [
            {"role": "user", "content": self.prompts.render("judge", claim=claim, source=source)}
        ]
        self.calls += 1
        reply = "".join(self.generator.stream(messages, max_tokens=2)).strip().lower()
        return reply.startswith("yes")
