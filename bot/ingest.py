"""Turn a file or a web page into a text snapshot the index can read.

Formats: plain text (.txt), Markdown (.md), HTML (.html, .htm: main text only, headings
kept as Markdown headings), PDF (.pdf: text per page, via pypdf). A URL is fetched once;
what it answered decides the format. Every refusal is a SourceError with one clear line.
"""

from __future__ import annotations

import io
import logging
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError
from .sources import PAGE_BREAK, clean_text, markdown_spans
from .tidy import table_rows, tidy_markdown, tidy_pdf_pages, tidy_text

log = logging.getLogger(__name__)

SUFFIXES = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".pdf": "pdf",
}
CONTENT_TYPES = {
    "text/plain": "text",
    "text/markdown": "markdown", "text/x-markdown": "markdown",
    "text/html": "html", "application/xhtml+xml": "html",
    "application/pdf": "pdf",
}
# The format a snapshot is read back in (bot.sources.parse), by the kind of input.
SNAPSHOT = {"text": ("text", ".txt"), "markdown": ("markdown", ".md"),
            "html": ("markdown", ".md"), "pdf": ("pages", ".txt")}
ORIGINAL_SUFFIX = {"text": ".txt", "markdown": ".md", "html": ".html", "pdf": ".pdf"}


@dataclass(frozen=True)
class Extracted:
    """A source's text, ready to store.

    Attributes:
        kind: What it was: "text", "markdown", "html" or "pdf".
        text: The snapshot text (UTF-8 when stored), in the format `bot.sources.parse` reads.
        fmt: That format: "text", "markdown" or "pages".
        title: A title found in the source ("" if none).
        original: The bytes as read or fetched, kept beside the snapshot.
        origin: The file path or URL it came from.
        notes: Things the user should know ("decoded as Windows-1252").
    """

    kind: str
    text: str
    fmt: str
    title: str
    original: bytes
    origin: str
    notes: tuple[str, ...] = ()


def is_url(target: str) -> bool:
    return urllib.parse.urlsplit(target).scheme.lower() in ("http", "https")


# -- reading bytes ------------------------------------------------------------------


def read_file(path: Path, *, max_bytes: int) -> tuple[bytes, str]:
    """The file's bytes and its kind, or SourceError for missing/unsupported/oversized files."""
    kind = SUFFIXES.get(path.suffix.lower())
    if not path.exists():
        raise SourceError(f"no such file: {path}")
    if path.is_dir():
        raise SourceError(f"{path} is a directory; add its files one by one")
    if kind is None:
        known = ", ".join(sorted(SUFFIXES))
        raise SourceError(f"{path.name}: unsupported file type {path.suffix or '(none)'!r}; supported: {known}")
    size = path.stat().st_size
    if size > max_bytes:
        raise SourceError(f"{path.name} is {size:,} bytes; the limit for a source is {max_bytes:,} (BOT_MAX_SOURCE_BYTES)")
    try:
        return path.read_bytes(), kind
    except OSError as e:
        raise SourceError(f"cannot read {path}: {e.strerror}") from None


def fetch(url: str, *, max_bytes: int, timeout: float) -> tuple[bytes, str, str | None]:
    """GET `url`: its body, its kind and the charset it declared, or SourceError saying why not."""
    request = urllib.request.Request(url, headers={"User-Agent": "groundbot/0.1 (+local)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            ctype = response.headers.get_content_type()
            charset = response.headers.get_content_charset()
            data = response.read(max_bytes + 1)
    except urllib.error.HTTPError as e:
        raise SourceError(f"could not fetch {url}: HTTP {e.code} {e.reason}") from None
    except TimeoutError:
        raise SourceError(f"could not fetch {url}: no answer within {timeout:g} s") from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, TimeoutError):
            raise SourceError(f"could not fetch {url}: no answer within {timeout:g} s") from None
        raise SourceError(f"could not fetch {url}: {getattr(reason, 'strerror', None) or reason}") from None
    except (OSError, ValueError) as e:
        raise SourceError(f"could not fetch {url}: {e}") from None
    if len(data) > max_bytes:
        raise SourceError(f"{url} sent more than {max_bytes:,} bytes, the limit for a source (BOT_MAX_SOURCE_BYTES)")
    kind = CONTENT_TYPES.get(ctype)
    if kind is None:
        path_kind = SUFFIXES.get(Path(urllib.parse.urlsplit(url).path).suffix.lower())
        if ctype in ("application/octet-stream", "") and path_kind:
            kind = path_kind
        else:
            raise SourceError(f"{url} is {ctype}, which is not a supported type (text, Markdown, HTML, PDF)")
    return data, kind, charset


# -- decoding text --------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control characters, in the first 8 KB."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(head) * 0.05


def decode(data: bytes, name: str, declared: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, a declared charset,
    else Windows-1252 (a superset of Latin-1 for text); a note says when it was not UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ("decoded as UTF-16",)
        except UnicodeDecodeError:
            raise SourceError(f"{name} starts like UTF-16 but is not valid UTF-16") from None
    if looks_binary(data):
        raise SourceError(f"{name} looks binary (it contains NUL or control bytes), not text")
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError as e:
        first_bad = e.start
    for encoding in filter(None, (declared, "cp1252")):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        note = f"{name} is not UTF-8 (byte {first_bad}); decoded as {encoding}"
        log.info(note)
        return text, (note,)
    raise SourceError(
        f"{name} is not UTF-8 (byte {first_bad}) nor Windows-1252: save it as UTF-8 and add it again"
    )


# -- formats ---------------------------------------------------------------------------

_SKIP_TAGS = {
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "form", "button",
    "input", "select", "textarea", "nav", "header", "footer", "aside", "object", "embed",
    "head", "meta", "link", "dialog", "menu",
}
_SKIP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "dialog"}
# class/id words of page furniture: adverts, share bars, cookie notices, menus, comments
_DEBRIS_WORDS = {
    "ad", "ads", "advert", "advertisement", "advertising", "sponsor", "sponsored", "promo",
    "cookie", "cookies", "consent", "banner", "newsletter", "subscribe", "share", "sharing",
    "social", "related", "recommended", "comments", "comment", "popup", "modal", "sidebar",
    "breadcrumb", "breadcrumbs", "menu", "nav", "navbar", "navigation", "footer", "masthead",
    "paywall", "outbrain", "taboola",
}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "blockquote", "pre", "table",
    "tr", "td", "th", "dl", "dt", "dd", "figure", "figcaption", "address", "hr", "br", "body",
    "caption", "details", "summary",
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def _is_furniture(tag) -> bool:
    if tag.name in _SKIP_TAGS:
        return True
    attrs = tag.attrs or {}
    if attrs.get("role") in _SKIP_ROLES or attrs.get("aria-hidden") == "true" or "hidden" in attrs:
        return True
    names = " ".join([*(attrs.get("class") or []), attrs.get("id") or ""]).lower()
    return bool(set(re.split(r"[^a-z0-9]+", names)) & _DEBRIS_WORDS)


def html_to_markdown(html: str) -> tuple[str, str]:
    """Main text of an HTML page as Markdown (headings and paragraphs), and the page title.

    Scripts, styles, navigation, headers, footers, asides, forms and elements marked as
    adverts, share bars or cookie notices are dropped; when the page has a <main> or
    <article>, only that is read. Nothing is executed: the page is only parsed.
    """
    from bs4 import BeautifulSoup, Comment, NavigableString

    soup = BeautifulSoup(html, "html.parser")
    title = ""
    if soup.title and soup.title.string:
        title = " ".join(soup.title.string.split())
    candidates = soup.find_all(["main", "article"])
    root = max(candidates, key=lambda t: len(t.get_text()), default=None) or soup.body or soup
    lines: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = " ".join("".join(buffer).split())
        buffer.clear()
        if text:
            lines.append(text.lstrip("#").strip() + "\n")

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                buffer.append(str(child))
                continue
            if _is_furniture(child):
                continue
            if child.name in _HEADINGS:
                flush()
                heading = " ".join(child.get_text(" ").split())
                if heading:
                    lines.append(f"{'#' * _HEADINGS[child.name]} {heading}\n")
            elif child.name == "table":
                flush()
                rows = _html_table(child)
                if rows:  # one paragraph: the rows are packed into passages together
                    lines.append("\n".join(rows) + "\n")
            elif child.name in _BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(root)
    flush()
    if not title:
        h1 = root.find("h1") if hasattr(root, "find") else None
        title = " ".join(h1.get_text(" ").split()) if h1 else ""
    return "\n".join(lines), title


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, 1) or 1), 50))
    except (TypeError, ValueError):
        return 1


def _html_table(table) -> list[str]:
    """An HTML table's rows as lines naming their columns (see tidy.table_rows), its caption
    first. Cells spanning rows or columns are repeated where they span, as a reader sees them."""
    grid: list[tuple[list[str], bool]] = []  # each row's cells, and whether it is a header row
    spans: dict[int, list] = {}  # column -> [text, rows still covered]
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue  # a row of a nested table
        cells = tr.find_all(["th", "td"], recursive=False)
        row, col, i = [], 0, 0
        while i < len(cells) or col in spans:
            if col in spans:
                row.append(spans[col][0])
                spans[col][1] -= 1
                if spans[col][1] <= 0:
                    del spans[col]
                col += 1
                continue
            cell = cells[i]
            i += 1
            text = " ".join(cell.get_text(" ").split())
            for _ in range(_span(cell, "colspan")):
                if _span(cell, "rowspan") > 1:
                    spans[col] = [text, _span(cell, "rowspan") - 1]
                row.append(text)
                col += 1
        header = any(c.name == "th" for c in cells) and all(c.name == "th" or not c.get_text().strip() for c in cells)
        if any(row):
            grid.append((row, header))
    caption = table.find("caption")
    out = [" ".join(caption.get_text(" ").split())] if caption and caption.get_text().strip() else []
    if len(grid) >= 2 and grid[0][1]:
        return out + table_rows(grid[0][0], [row for row, _ in grid[1:]])
    return out + [" ".join(dict.fromkeys(c for c in row if c)) for row, _ in grid]


def pdf_to_pages(data: bytes, name: str, *, progress: bool = False) -> tuple[str, str]:
    """The text of every page of a PDF, pages separated by a form-feed line, and its title."""
    import pypdf
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings become our one-line errors
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(f"{name} is encrypted (password-protected); save an unprotected copy and add that")
        pages = reader.pages
        count = len(pages)
        texts = []
        iterator = range(count)
        if progress and count > 20:
            from tqdm import tqdm

            iterator = tqdm(iterator, desc=f"reading {name}", unit="page")
        for i in iterator:
            texts.append(pages[i].extract_text() or "")
        title = str((reader.metadata or {}).get("/Title") or "").strip()
    except SourceError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError) as e:
        raise SourceError(f"{name} is not a readable PDF ({type(e).__name__}: {e})") from None
    except Exception as e:  # pypdf raises many kinds on damaged files, e.g. DependencyError
        raise SourceError(f"{name} could not be read as a PDF ({type(e).__name__}: {e})") from None
    body = f"\n{PAGE_BREAK}\n".join(_page_paragraphs(t) for t in tidy_pdf_pages(texts))
    if not any(t.strip() for t in texts):
        raise SourceError(f"{name} has no extractable text (a scan? run OCR on it first)")
    return body, title


def _page_paragraphs(text: str) -> str:
    """A page's text with its layout line breaks joined: one paragraph per line.

    A line ending a sentence that is clearly shorter than the page's full lines closes a
    paragraph; a hyphen at a line's end joins the word it split.
    """
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    full = max((len(line) for line in lines), default=0)
    paragraphs, current = [], ""
    for line in lines:
        if current.endswith("-") and line[:1].islower():
            current = current[:-1] + line
        else:
            current = f"{current} {line}".strip()
        if re.search(r"[.!?:\"”]$", line) and len(line) < 0.8 * full:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def extract(target: str, *, max_bytes: int, timeout: float = 15.0, progress: bool = False) -> Extracted:
    """Read a file path or fetch an http(s) URL, and turn it into a snapshot."""
    notes: list[str] = []
    declared = None
    if is_url(target):
        data, kind, declared = fetch(target, max_bytes=max_bytes, timeout=timeout)
        name, origin = target, target
        notes.append(f"fetched {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    elif re.match(r"^[a-z][a-z0-9+.-]*://", target, re.IGNORECASE):
        raise SourceError(f"{target}: only http:// and https:// addresses can be added")
    else:
        path = Path(target).expanduser()
        data, kind = read_file(path, max_bytes=max_bytes)
        name, origin = path.name, str(path.resolve())
    if not data.strip():
        raise SourceError(f"{name} is empty")
    title = ""
    if kind == "pdf":
        if not data.lstrip().startswith(b"%PDF"):
            raise SourceError(f"{name} is not a PDF (it does not start with %PDF)")
        text, title = pdf_to_pages(data, name, progress=progress)
    else:
        if kind == "html" and declared is None:
            m = _META_CHARSET.search(data[:4096])
            declared = m.group(1).decode("ascii", "replace") if m else None
        text, decode_notes = decode(data, name, declared)
        notes.extend(decode_notes)
        if kind == "html":
            text, title = html_to_markdown(text)
        elif kind == "markdown":
            text = tidy_markdown(text)
            title = markdown_spans(text)[2]
        else:
            text = tidy_text(text)
    # A snapshot holds text only: pypdf's text of a PDF with formulas may carry NUL bytes.
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise SourceError(f"{name} has no readable text")
    fmt = SNAPSHOT[kind][0]
    return Extracted(kind, text, fmt, title, data, origin, tuple(notes))
