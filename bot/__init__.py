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
from .rag import AnswerStream, Bot

__all__ = [
    "ask",
    "stream",
    "default_bot",
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
