"""Split Documents into sentence-aligned passages with stable ids and source offsets."""

from __future__ import annotations

import hashlib
import math
import re
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


# A passage's length is bounded in characters too, so that a text without spaces (Chinese,
# Japanese) or a run-on line is not taken for one "word": a CJK character counts as half a word
# (about a token), and no span is longer than max_words * CHARS_PER_WORD characters.
CHARS_PER_WORD = 12
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _words(text: str) -> int:
    return len(text.split()) + len(_CJK.findall(text)) // 2


def _bounded(spans: list[tuple[int, int]], text: str, limit: int) -> list[tuple[int, int]]:
    """Spans longer than `limit` characters cut into pieces, at a space or a comma if one is
    near the limit, else at the limit."""
    out = []
    for s, e in spans:
        while e - s > limit:
            window = text[s : s + limit]
            cut = max(window.rfind(" "), window.rfind("、"), window.rfind("，"), window.rfind(","))
            cut = cut + 1 if cut > limit // 2 else limit
            end = s + cut
            while end > s and text[end - 1].isspace():
                end -= 1  # the space cut at belongs to neither piece
            out.append((s, end))
            s += cut
            while s < e and text[s].isspace():
                s += 1
        if text[s:e].strip():
            out.append((s, e))
    return out


def _pack(spans: list[tuple[int, int]], text: str, max_words: int) -> list[tuple[int, int]]:
    """Group consecutive sentence spans into runs of about equal size, each <= max_words (and
    max_words * CHARS_PER_WORD characters) if possible."""
    max_chars = max_words * CHARS_PER_WORD
    spans = _bounded(spans, text, max_chars)
    words = [_words(text[s:e]) for s, e in spans]
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
    """Passages of `doc`: sentences packed within each paragraph (an introduction ending in a colon
    with the list after it), never across two."""
    chunks = []
    places = doc.places or ("",) * len(doc.paragraphs)
    for (p_start, p_end), place in _introductions_kept(doc, places, max_words):
        spans = sentence_spans(doc.text, p_start, p_end)
        for s, e in _pack(spans, doc.text, max_words):
            body = doc.text[s:e]
            digest = hashlib.sha1(f"{doc.id}\0{body}".encode()).hexdigest()[:12]
            chunks.append(Chunk(f"{doc.id}:{digest}", doc.id, doc.title, doc.origin, body, s, e, place))
    return chunks


def _introductions_kept(doc: Document, places, max_words: int) -> list[tuple[tuple[int, int], str]]:
    """The paragraphs with their places; a paragraph that ends in a colon ("The following
    policies were reviewed:") joined to the one after it (the list it introduces) when both are
    in one section and fit one passage, so that a passage never holds an introduction without
    what it introduces."""
    out: list[tuple[tuple[int, int], str]] = []
    for (start, end), place in zip(doc.paragraphs, places):
        if out:
            (s, e), before = out[-1]
            if doc.text[s:e].rstrip().endswith(":") and before == place and _words(doc.text[s:end]) <= max_words:
                out[-1] = ((s, end), place)
                continue
        out.append(((start, end), place))
    return out


def chunk_documents(docs: list[Document], *, max_words: int = 90) -> list[Chunk]:
    """Passages of every document, in document order."""
    return [c for d in docs for c in chunk_document(d, max_words=max_words)]
