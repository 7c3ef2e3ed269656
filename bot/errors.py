"""The project's errors: one base class, a few kinds, each message saying what to do."""


class BotError(Exception):
    """Base class of every error the bot raises on purpose."""


class InvalidQuestion(BotError, ValueError):
    """The question is empty, too long, or otherwise unusable."""


class SourceError(BotError):
    """A source document is missing, unreadable, or not text."""


class StoreError(BotError):
    """The built index is missing, unreadable, or does not match its manifest."""


class ModelError(BotError):
    """The generator model is missing, corrupted, or cannot be loaded."""


class PromptError(BotError):
    """A prompt file is missing or uses a variable nobody provides."""
