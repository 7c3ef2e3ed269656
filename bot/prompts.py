"""Prompt files from prompts/: loaded once, rendered strictly (a missing variable is an error)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import PromptError


class Prompts:
    """The templates in one directory, each compiled on first use."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def render(self, name: str, **variables) -> str:
        """Render `name`.j2 with `variables`; raises PromptError if any is missing."""
        import jinja2

        template = _load(self.directory, name)
        try:
            return template.render(**variables).strip()
        except jinja2.UndefinedError as e:
            raise PromptError(f"prompt {name!r} needs a variable that was not given: {e}") from None


@lru_cache(maxsize=64)
def _load(directory: Path, name: str):
    import jinja2

    path = directory / f"{name}.j2"
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptError(f"prompt file missing: {path}") from None
    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined, keep_trailing_newline=False, autoescape=False
    )
    try:
        return env.from_string(source)
    except jinja2.TemplateSyntaxError as e:
        raise PromptError(f"prompt {path} has a syntax error on line {e.lineno}: {e}") from None
