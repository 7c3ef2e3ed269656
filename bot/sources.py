"""Read the source documents listed in index/sources.json into Documents."""

from __future__ import annotations

import hashlib
import json
import logging
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


FORMATS = ("text", "markdown", "pages")  # how a snapshot's paragraphs and places are read
log = logging.getLogger(__name__)
PAGE_BREAK = "\f"  # a line holding only this separates the pages of a PDF's text


@dataclass(frozen=True)
class Document:
    """A source's full text, the spans of its body paragraphs and where each one lives.

    `places[i]` names the part of the source paragraph i is in: a section heading
    ("Training cost"), a page ("page 3"), or "" for a plain text.
    """

    id: str
    title: str
    origin: str
    text: str
    paragraphs: tuple[tuple[int, int], ...]
    places: tuple[str, ...] = ()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def read_text(path: Path, *, max_bytes: int | None = MAX_SOURCE_BYTES) -> str:
    """Read a UTF-8 text file, refusing binary data and oversized files with a clear message."""
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
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


def _lines(text: str):
    """(offset, line) for every line of text, without the newline."""
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def _extend(block: list[int] | None, start: int, line: str) -> list[int]:
    """[start, end] of `block` grown by the line at offset `start`, without surrounding spaces."""
    end = start + len(line.rstrip())
    return [start + len(line) - len(line.lstrip()), end] if block is None else [block[0], end]


_ENDS_SENTENCE = re.compile(r"[.!?:;\"'”’)\]]\s*$")


def paragraph_spans(text: str, *, skip_first: bool) -> tuple[tuple[int, int], ...]:
    """Paragraph spans of a plain text, optionally without the title line.

    A paragraph ends at a blank line, a debris line ("Advertisement") or a line that ends a
    sentence; a line broken mid-sentence (hard-wrapped text) runs on into the next one.
    """
    spans: list[tuple[int, int]] = []
    block: list[int] | None = None
    title_pending = skip_first
    for start, line in _lines(text):
        if title_pending and line.strip():
            title_pending = False
            continue
        if not line.strip() or _DEBRIS.match(line):
            if block:
                spans.append(tuple(block))
            block = None
            continue
        block = _extend(block, start, line)
        if _ENDS_SENTENCE.search(line):
            spans.append(tuple(block))
            block = None
    if block:
        spans.append(tuple(block))
    return tuple(spans)


_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def markdown_spans(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...], str]:
    """Paragraph spans of Markdown, each one's section heading, and the first H1 heading.

    Heading lines are not paragraphs; they name the paragraphs under them. Lines inside
    fenced code blocks are never headings.
    """
    spans: list[tuple[int, int]] = []
    places: list[str] = []
    section, h1, fenced = "", "", False
    block: list[int] | None = None
    block_lines = 0

    def flush():
        nonlocal block, block_lines
        if block:
            spans.append(tuple(block))
            places.append(section)
        block, block_lines = None, 0

    for start, line in _lines(text):
        if _FENCE.match(line):
            fenced = not fenced
        heading = None if fenced else _HEADING.match(line)
        if heading or (not fenced and block and block_lines == 1 and _SETEXT.match(line)):
            if heading:
                flush()
                name, level = heading.group(2).strip(), len(heading.group(1))
            else:  # "Title\n=====": the block's one line was a heading
                name = text[block[0] : block[1]].strip()
                level = 1 if line.strip().startswith("=") else 2
                block, block_lines = None, 0
            section = name
            h1 = h1 or (name if level == 1 else "")
            continue
        if not line.strip() or _DEBRIS.match(line):
            flush()
            continue
        block = _extend(block, start, line)
        block_lines += 1
    flush()
    return tuple(spans), tuple(places), h1


def page_spans(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...]]:
    """Paragraph spans of a PDF's text (one paragraph per line) and their page numbers."""
    spans, places, page = [], [], 1
    for start, line in _lines(text):
        if line.rstrip("\r") == PAGE_BREAK:
            page += 1
        elif line.strip() and not _DEBRIS.match(line):
            spans.append(tuple(_extend(None, start, line)))
            places.append(f"page {page}")
    return tuple(spans), tuple(places)


def parse(source_id: str, text: str, *, fmt: str = "text", title: str = "", origin: str = "",
          first_line_is_title: bool = False) -> Document:
    """A Document from a snapshot's text, read according to its format."""
    if fmt == "markdown":
        spans, places, h1 = markdown_spans(text)
        title = title or h1
        # Text right under the title heading lives in no section of its own.
        places = tuple("" if p in (title, h1) else p for p in places)
    elif fmt == "pages":
        spans, places = page_spans(text)
    elif fmt == "text":
        spans = paragraph_spans(text, skip_first=first_line_is_title)
        places = ("",) * len(spans)
    else:
        raise SourceError(f"source {source_id!r} has an unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    if not spans:
        raise SourceError(f"source {source_id!r} has no text besides its title")
    title = title or text.strip().splitlines()[0].strip()[:120]
    return Document(source_id, title, origin, text, spans, places)


def read_registry(index_dir: Path) -> list[dict]:
    """The entries of `index_dir/sources.json`, checked for the fields every source needs."""
    registry = index_dir / REGISTRY
    try:
        entries = json.loads(registry.read_text(encoding="utf-8"))["sources"]
        if not isinstance(entries, list):
            raise TypeError("'sources' is not a list")
    except FileNotFoundError:
        raise SourceError(f"no source registry at {registry}") from None
    except (ValueError, KeyError, TypeError) as e:
        raise SourceError(f"{registry} is not a valid source registry: {e}") from None
    for entry in entries:
        if not isinstance(entry, dict) or not {"id", "file"} <= entry.keys():
            raise SourceError(f"{registry}: every source needs an 'id' and a 'file'")
    return entries


def source_path(index_dir: Path, entry: dict, key: str = "file") -> Path:
    """The file an entry names, which must lie under index_dir/sources."""
    root = (index_dir / "sources").resolve()
    path = (index_dir / entry[key]).resolve()
    if not path.is_relative_to(root):
        raise SourceError(f"source {entry['id']!r} points outside {root}: {entry[key]}")
    return path


def load_documents(index_dir: Path, skipped: dict[str, str] | None = None) -> list[Document]:
    """Every readable source listed in `index_dir/sources.json`, split into paragraphs.

    A snapshot that cannot be read (deleted, damaged, not UTF-8) is skipped with a warning, and
    recorded in `skipped` (source id -> why) when given: one bad source never stops the others.
    """
    docs = []
    entries = read_registry(index_dir)
    skipped = {} if skipped is None else skipped
    for entry in entries:
        try:
            # The size limit is for admitting a source (`sources add`); a snapshot admitted under
            # it may be bigger as UTF-8 (Windows-1252 "é" is one byte, UTF-8 two) and must load.
            text = read_text(source_path(index_dir, entry), max_bytes=None)
            docs.append(parse(
                entry["id"], text, fmt=entry.get("format", "text"), title=entry.get("title", ""),
                origin=entry.get("origin", entry["file"]),
                first_line_is_title=bool(entry.get("first_line_is_title")),
            ))
        except SourceError as e:
            log.warning("skipping source %r: %s", entry.get("id"), e)
            skipped[entry["id"]] = str(e)
    if not docs:
        why = "; ".join(f"{k}: {v}" for k, v in skipped.items())
        raise SourceError(f"{index_dir / REGISTRY} lists no readable source" + (f" ({why})" if why else "")
                          if entries else f"{index_dir / REGISTRY} lists no sources")
    return docs


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Text without NUL and other control bytes (a PDF's text may hold them); tabs, line and
    page breaks (form feed) stay."""
    return _CONTROL.sub(" ", text)
