"""Turn a follow-up question into a standalone one, using the previous turn, without the model.

Asking the model to rewrite would replace the cached passages in llama.cpp's context and
cost a full re-prefill, so the rewrite is a small rule: a pronoun ("it", "its", "he",
"they"...) becomes the entity the previous turn was about.
"""

from __future__ import annotations

import re

from .text import STOPWORDS

_PRONOUN = re.compile(r"\b(it|its|they|them|their|he|him|his|she|her)\b", re.IGNORECASE)
_POSSESSIVE = {"its", "their", "his", "her"}
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")


def _entities(text: str) -> list[str]:
    """Names in `text`, first to last: runs of capitalised words, skipping a lone sentence opener."""
    found = []
    for m in _CAPITALISED.finditer(text):
        span = re.sub(r"['’]s$", "", m.group().rstrip(".")).strip()
        opener = m.start() == 0 or text[: m.start()].rstrip().endswith((".", "!", "?"))
        single = " " not in span
        mixed = any(c.isupper() for c in span[1:])
        if not span or span.lower() in STOPWORDS:
            continue
        if opener and single and not mixed:
            continue
        found.append(span)
    return found


def standalone(question: str, history: list[dict]) -> str:
    """`question` with its first pronoun replaced by the previous turn's main entity, if any."""
    if not history or not _PRONOUN.search(question):
        return question
    last_answer = next((m["content"] for m in reversed(history) if m["role"] == "assistant"), "")
    last_question = next((m["content"] for m in reversed(history) if m["role"] == "user"), "")
    # The previous answer's first entity is usually its subject; else the question's.
    candidates = _entities(last_answer) + _entities(last_question)
    if not candidates:
        return question
    entity = candidates[0]

    def replace(m: re.Match) -> str:
        return f"{entity}'s" if m.group().lower() in _POSSESSIVE else entity

    return _PRONOUN.sub(replace, question, count=1)
