"""The generator as a second judge: does this source sentence state this claim? Yes or No.

Asked only where words alone cannot decide (`Verdict.uncertain`: names, numbers, clause,
subject, polarity and bounds agree, but the claim uses a word the source does not). The
question follows the bot's own cached system prompt, so only its ~60 tokens are processed;
the answer is read from the probability of "Yes" against "No", not from one sampled word.
"""

from __future__ import annotations

from collections.abc import Callable

from .generate import Generator
from .prompts import Prompts


class ModelJudge:
    """Callable (claim, source sentence) -> True when the model answers Yes with probability
    at least `threshold` (read from its first token's distribution, not its sampled word)."""

    def __init__(self, generator: Generator, prompts: Prompts, system: Callable[[], str] | str = "",
                 threshold: float = 0.5) -> None:
        self.generator = generator
        self.prompts = prompts
        self.system = system
        self.threshold = threshold
        self.calls = 0

    def probability(self, claim: str, source: str) -> float:
        return self._ask(self.prompts.render("judge", claim=claim, source=source))

    def __call__(self, claim: str, source: str) -> bool:
        return self.probability(claim, source) >= self.threshold

    def _ask(self, prompt: str) -> float:
        system = self.system() if callable(self.system) else self.system
        messages = ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": prompt}]
        self.calls += 1
        return self.generator.yes_probability(messages)
