"""Read the source documents listed in index/sources.json into Documents."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError

REGISTRY = "sources.json"
MAX_SOURCE_BYTES = 20 * 1024 * 1024  # a larger text file is refused, not half-read

# Lines that scraping leaves between paragraphs; they are skipped at ingestion,
# the source file itself is never edited.
_DEBRIS = re.compile(
    r"^\s*(advertisements?|sponsored( content)?|share this( article)?|read more|"
    r"click here to subscribe|skip to (main )?content)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Document:
    """A source's full text and the character spans of its body paragraphs."""

    id: str
    title: str
    origin: str
    text: str
    paragraphs: tuple[tuple[int, int], ...]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def read_text(path: Path, *, max_bytes: int = MAX_SOURCE_BYTES) -> str:
    """Read a UTF-8 text file, refusing binary data and oversized files with a clear message."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(f"{path.name} is {size:,} bytes; the limit for a source is {max_bytes:,}")
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"source file not found: {path}") from None
    except OSError as e:
        raise SourceError(f"cannot read source file {path}: {e.strerror}") from None
    if b"\x00" in data:
        raise SourceError(f"{path.name} looks binary (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise SourceError(
            f"{path.name} is not UTF-8 (byte {e.start}); save it as UTF-8 and add it again"
        ) from None
    if not text.strip():
        raise SourceError(f"{path.name} is empty")
    return text


def paragraph_spans(text: str, *, skip_first: bool) -> tuple[tuple[int, int], ...]:
    """Character spans of non-empty, non-debris lines, optionally without the title line."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        if not line.strip() or _DEBRIS.match(line):
            continue
        start = m.start() + (len(line) - len(line.lstrip()))
        end = m.start() + len(line.rstrip())
        spans.append((start, end))
    return tuple(spans[1:] if skip_first and spans else spans)


def load_documents(index_dir: Path) -> list[Document]:
    """Every source listed in `index_dir/sources.json`, read and split into paragraphs."""
    registry = index_dir / REGISTRY
    try:
        entries = json.loads(registry.read_text(encoding="utf-8"))["sources"]
    except FileNotFoundError:
        raise SourceError(f"no source registry at {registry}") from None
    except (ValueError, KeyError, TypeError) as e:
        raise SourceError(f"{registry} is not a valid source registry: {e}") from None
    docs = []
    root = (index_dir / "sources").resolve()
    for entry in entries:
        if not isinstance(entry, dict) or not {"id", "file"} <= entry.keys():
            raise SourceError(f"{registry}: every source needs an 'id' and a 'file'")
        path = (index_dir / entry["file"]).resolve()
        if not path.is_relative_to(root):
            raise SourceError(f"source {entry['id']!r} points outside {root}: {entry['file']}")
        text = read_text(path)
        skip_title = bool(entry.get("first_line_is_title"))
        title = entry.get("title") or text.strip().splitlines()[0].strip()
        spans = paragraph_spans(text, skip_first=skip_title)
        if not spans:
            raise SourceError(f"{entry['file']} has no text besides its title")
        docs.append(Document(entry["id"], title, entry.get("origin", entry["file"]), text, spans))
    if not docs:
        raise SourceError(f"{registry} lists no sources")
    return docs
