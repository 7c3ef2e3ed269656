"""A local, grounded question-answering bot: every answer cited to, and checked against, its sources.

    from bot import ask
    answer = ask("Where is DeepSeek based?")
    print(answer.text, [c.n for c in answer.citations])
"""

from __future__ import annotations

import threading

from .answer import Answer, Citation, Sentence, Timings
from .config import Settings
from .errors import BotError, InvalidQuestion, ModelError, PromptError, SourceError, StoreError
from .library import Library, SourceInfo
from .rag import AnswerStream, Bot

__all__ = [
    "ask",
    "stream",
    "check",
    "default_bot",
    "add_source",
    "remove_source",
    "list_sources",
    "Library",
    "SourceInfo",
    "Bot",
    "Answer",
    "AnswerStream",
    "Citation",
    "Sentence",
    "Timings",
    "Settings",
    "BotError",
    "InvalidQuestion",
    "ModelError",
    "PromptError",
    "SourceError",
    "StoreError",
]

_default: Bot | None = None
_default_lock = threading.Lock()


def default_bot() -> Bot:
    """The process-wide Bot built from BOT_* environment settings, created on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Bot.from_settings(Settings.from_env())
            # Load the model while the first question loads the embedder and retrieves.
            threading.Thread(target=_default.warm, name="warm", daemon=True).start()
        return _default


def ask(question: str, *, history: list[dict] | None = None) -> Answer:
    """Answer `question` from the sources with the default Bot; see `Bot.ask`."""
    return default_bot().ask(question, history=history)


def stream(question: str, *, history: list[dict] | None = None) -> AnswerStream:
    """Stream an answer with the default Bot: iterate for text pieces, then read `.answer`."""
    return default_bot().stream(question, history=history)


def check(text: str, passages, question: str = "") -> list[Sentence]:
    """Check every sentence of `text` against `passages`; no model is needed.

    Args:
        text: An answer, with or without `[n]` markers.
        passages: The passages as {n: text}, or a list of texts (numbered from 1).
        question: The question `text` answers, if any: a sentence that only restates it is
            not an answer, and a leading Yes/No is kept only when a passage entails it.

    Returns:
        One `Sentence` per sentence of `text`: `supported`, the passage it is cited to
        (`cites`), the source sentence it was checked against (`evidence`) and, either way,
        the `reason` ("supported", "'2016' is stated of another clause: ...", "polarity: ...").
    """
    from .verify import check as _check

    if not isinstance(passages, dict):
        passages = {n: p for n, p in enumerate(passages, start=1)}
    return _check(text, passages, question)


def _library() -> Library:
    return Library(Settings.from_env())


def add_source(target: str, *, title: str | None = None) -> SourceInfo:
    """Add a file (.txt, .md, .html, .pdf) or http(s) URL to the sources and index it.

    The next `ask()` answers from the new set of sources (a running Bot notices the change;
    see `Bot.refresh`). Raises SourceError, changing nothing, when the source is refused.
    """
    return _library().add(target, title=title)


def remove_source(source_id: str) -> SourceInfo:
    """Remove a source (by the id `list_sources()` shows) and its passages from the index."""
    return _library().remove(source_id)


def list_sources() -> list[SourceInfo]:
    """The registered sources with their passage counts."""
    return _library().list()
