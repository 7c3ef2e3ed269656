"""Small deterministic stand-ins for the embedder and the generator, for fast tests."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import numpy as np

from bot.embedder import Embedder
from bot.generate import Generator, Usage


_STOP = {"the", "a", "an", "of", "to", "in", "and", "is", "its", "has", "with", "for", "by", "as"}


class FakeEmbedder(Embedder):
    """Bag of hashed lower-case words: texts sharing words get similar vectors."""

    name = "fake-bag-of-words"
    dim = 512

    def __init__(self) -> None:
        self.calls = 0
        self.texts = 0

    def _encode(self, texts: list[str], *, progress: bool) -> np.ndarray:
        self.calls += 1
        self.texts += len(texts)
        out = np.zeros((len(texts), self.dim), dtype="float32")
        for i, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                if word in _STOP:
                    continue
                out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        out[:, 0] += 0.01  # no all-zero rows
        return out


class FakeGenerator(Generator):
    """Replies with queued texts, word by word; records the messages it was given."""

    name = "fake"

    def __init__(self, *replies: str) -> None:
        self.replies = list(replies)
        self.instead: list[str] = []  # replies given when asked to avoid others (none: no reply)
        self.seen: list[list[dict]] = []

    def enqueue(self, *replies: str) -> None:
        self.replies.extend(replies)

    def stream(self, messages, *, max_tokens, usage: Usage | None = None, avoid=()) -> Iterator[str]:
        self.seen.append(messages)
        if avoid:
            reply = self.instead.pop(0) if self.instead else ""
        else:
            reply = self.replies.pop(0) if self.replies else "The article doesn't say."
        for piece in re.findall(r"\S+\s*", reply):
            if usage is not None:
                usage.completion_tokens += 1
            yield piece
