"""Text generation: a one-method base, and llama.cpp through llama-cpp-python.

The same messages always start with the same system message (the numbered
passages), so llama-cpp-python's prefix matching keeps that part of the KV cache
between questions and only the question is processed per turn.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ModelError

log = logging.getLogger(__name__)


@dataclass
class Usage:
    """Token counts of the last generation, filled in as it runs."""

    prompt_tokens: int = 0
    completion_tokens: int = 0


class Generator:
    """Swap point: anything that streams a reply to chat messages."""

    name = "generator"

    def stream(self, messages: list[dict], *, max_tokens: int, usage: Usage | None = None) -> Iterator[str]:
        raise NotImplementedError

    def warm(self, messages: list[dict]) -> None:
        """Process `messages` ahead of time so later prompts sharing their prefix start fast."""

    def count_tokens(self, text: str) -> int:
        return len(text) // 4 + 1


class LlamaCppGenerator(Generator):
    """A local GGUF model run by llama.cpp, with the model's own chat template, temperature 0."""

    def __init__(self, model_path: Path, *, n_ctx: int = 4096, n_threads: int = 2, seed: int = 0) -> None:
        self.model_path = Path(model_path)
        self.name = self.model_path.name
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self.seed = seed
        self._llm = None
        # A llama.cpp context is not thread-safe: one generation at a time.
        self.lock = threading.RLock()

    @property
    def llm(self):
        with self.lock:
            if self._llm is None:
                from llama_cpp import Llama

                try:
                    self._llm = Llama(
                        str(self.model_path),
                        n_ctx=self.n_ctx,
                        n_threads=self.n_threads,
                        n_threads_batch=self.n_threads,
                        n_batch=512,
                        seed=self.seed,
                        verbose=False,
                    )
                except (ValueError, RuntimeError) as e:
                    raise ModelError(f"llama.cpp could not load {self.model_path}: {e}") from None
            return self._llm

    def count_tokens(self, text: str) -> int:
        return len(self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def warm(self, messages: list[dict]) -> None:
        for _ in self.stream(messages, max_tokens=1):
            pass

    def stream(self, messages: list[dict], *, max_tokens: int, usage: Usage | None = None) -> Iterator[str]:
        with self.lock:
            chunks = self.llm.create_chat_completion(
                messages=messages,
                temperature=0.0,
                top_k=1,
                repeat_penalty=1.0,
                max_tokens=max_tokens,
                seed=self.seed,
                stream=True,
            )
            for chunk in chunks:
                piece = chunk["choices"][0]["delta"].get("content")
                if piece:
                    if usage is not None:
                        usage.completion_tokens += 1
                    yield piece
