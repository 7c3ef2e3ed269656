"""Rank passages for a question: dense cosine similarity over the FAISS store."""

from __future__ import annotations

from dataclasses import dataclass

from .chunking import Chunk
from .embedder import Embedder
from .store import Store


@dataclass(frozen=True)
class Hit:
    """A passage, its row in the store, and its similarity to the query."""

    row: int
    chunk: Chunk
    score: float


class Retriever:
    """Embeds queries and searches the store."""

    def __init__(self, store: Store, embedder: Embedder) -> None:
        self.store = store
        self.embedder = embedder

    def search(self, queries: list[str], k: int) -> list[Hit]:
        """Top `k` passages for any of `queries` (a passage's score is its best over them)."""
        vectors = self.embedder.embed(queries)
        best: dict[int, float] = {}
        for vector in vectors:
            for row, score in self.store.search(vector, k):
                best[row] = max(score, best.get(row, -1.0))
        ranked = sorted(best.items(), key=lambda item: -item[1])[:k]
        return [Hit(row, self.store.chunks[row], score) for row, score in ranked]
