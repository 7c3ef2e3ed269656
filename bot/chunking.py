"""Split Documents into sentence-aligned passages with stable ids and source offsets."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from .sources import Document
from .text import sentence_spans

@dataclass(frozen=True)
class Chunk:
    """A passage: verbatim text of `source_id` between `start` and `end`."""

    id: str
    source_id: str
    title: str
    origin: str
    text: str
    start: int
    end: int
    place: str = ""  # section heading or page the passage is in, "" if the source has none


def _pack(spans: list[tuple[int, int]], text: str, max_words: int) -> list[tuple[int, int]]:
    """Group consecutive sentence spans into runs of about equal size, each <= max_words if possible."""
    words = [len(text[s:e].split()) for s, e in spans]
    total = sum(words)
    target = total / max(1, math.ceil(total / max_words))
    groups, first, count = [], 0, 0
    for i, w in enumerate(words):
        if count and count + w > max_words or (count >= target and count + w / 2 > target):
            groups.append((spans[first][0], spans[i - 1][1]))
            first, count = i, 0
        count += w
    groups.append((spans[first][0], spans[-1][1]))
    return groups


def chunk_document(doc: Document, *, max_words: int = 90) -> list[Chunk]:
    """Passages of `doc`: sentences packed within each paragraph, never across two."""
    chunks = []
    places = doc.places or ("",) * len(doc.paragraphs)
    for (p_start, p_end), place in zip(doc.paragraphs, places):
        spans = sentence_spans(doc.text, p_start, p_end)
        for s, e in _pack(spans, doc.text, max_words):
            body = doc.text[s:e]
            digest = hashlib.sha1(f"{doc.id}\0{body}".encode()).hexdigest()[:12]
            chunks.append(Chunk(f"{doc.id}:{digest}", doc.id, doc.title, doc.origin, body, s, e, place))
    return chunks


def chunk_documents(docs: list[Document], *, max_words: int = 90) -> list[Chunk]:
    """Passages of every document, in document order."""
    return [c for d in docs for c in chunk_document(d, max_words=max_words)]
