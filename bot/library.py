"""Add, list and remove sources: snapshots under index/sources, the registry, the index.

Every change follows one order, so that a failure at any step leaves the bot as it was:
1. read and check the new source (nothing is written for a refused source);
2. write its snapshot files under new names;
3. build the index for the new set of sources (atomically: the old one stays live until the
   new one is complete; unchanged passages keep their vectors, so only the new source is
   embedded);
4. replace sources.json atomically. A failure before this step deletes the new files.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from .config import Settings
from .embedder import Embedder, MiniLMEmbedder
from .errors import SourceError
from .ingest import ORIGINAL_SUFFIX, SNAPSHOT, Extracted, extract, is_url
from .sources import REGISTRY, Document, load_documents, parse, read_registry, source_path
from .store import Store, file_lock, open_store, write_atomic


@dataclass(frozen=True)
class SourceInfo:
    """A registered source, as `sources list` shows it.

    Attributes:
        id: Stable id, used in passage ids and by `sources remove`.
        title: Shown in citations.
        kind: "text", "markdown", "html" or "pdf".
        origin: The path or URL it was added from.
        added: When it was added (or fetched), UTC.
        passages: How many passages it has in the index.
        notes: What the user should know about how it was read.
    """

    id: str
    title: str
    kind: str
    origin: str
    added: str
    passages: int = 0
    notes: tuple[str, ...] = ()


def _write_registry(index_dir: Path, entries: list[dict]) -> None:
    data = json.dumps({"sources": entries}, indent=2, ensure_ascii=False) + "\n"
    write_atomic(index_dir / REGISTRY, data.encode("utf-8"))


def _slug(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:48].strip("-")
    return slug or "source"


def _text_title(text: str) -> str:
    """A plain text's first line, when it reads as a title (short, not a sentence)."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first and len(first) <= 120 and not re.search(r"[.,;:]$", first) and len(text.split()) > len(first.split()):
        return first
    return ""


def _infos(entries: list[dict], store: Store | None) -> list[SourceInfo]:
    counts = (store.manifest.get("sources") or {}) if store else {}
    return [
        SourceInfo(
            e["id"], e.get("title", ""), e.get("kind", "text"), e.get("origin", e["file"]),
            e.get("added", ""), int((counts.get(e["id"]) or {}).get("passages", 0)),
        )
        for e in entries
    ]


class Library:
    """The sources of one index directory, and the operations that change them.

    Args:
        settings: Where the index is and the limits for new sources.
        embedder: Embeds new passages (the real one by default).
        progress: Show progress bars for reading and embedding.
    """

    def __init__(self, settings: Settings | None = None, *, embedder: Embedder | None = None,
                 progress: bool = False) -> None:
        self.settings = settings or Settings()
        self.embedder = embedder or MiniLMEmbedder()
        self.progress = progress
        self.index_dir = self.settings.index_dir

    def _open(self, docs: list[Document]) -> Store:
        s = self.settings
        return open_store(s.index_dir, docs, self.embedder, max_words=s.chunk_words,
                          progress=self.progress, exact_max=s.exact_search_max)

    def list(self) -> list[SourceInfo]:
        """Every registered source, with its passage count from the live index."""
        entries = read_registry(self.index_dir)
        skipped: dict[str, str] = {}
        infos = _infos(entries, self._open(load_documents(self.index_dir, skipped)))
        return [dataclasses.replace(x, notes=(*x.notes, f"not readable, left out: {skipped[x.id]}"))
                if x.id in skipped else x
                for x in infos]

    def add(self, target: str, *, title: str | None = None, origin: str | None = None) -> SourceInfo:
        """Add a file (.txt, .md, .html, .pdf) or an http(s) URL, and index it. `origin` says
        where a file came from when its path does not ("uploaded file notes.md").

        Raises:
            SourceError: The source is missing, empty, binary, too big, of an unsupported
                type, unreadable, a duplicate, or the URL failed. Nothing is changed then.
        """
        s = self.settings
        with file_lock(self.index_dir / ".sources.lock"):
            entries = read_registry(self.index_dir)
            docs = load_documents(self.index_dir)
            self._refuse_same_origin(target, entries)
            found = extract(target, max_bytes=s.max_source_bytes, timeout=s.fetch_timeout_s,
                            progress=self.progress)
            if origin and not is_url(target):
                found = dataclasses.replace(found, origin=origin)
            entry, doc = self._entry(found, title, entries)
            same = [e["id"] for e in entries if e.get("sha256") == entry["sha256"]]
            same += [d.id for d in docs if d.sha256 == doc.sha256]
            if same:
                raise SourceError(f"{found.origin} is already a source: same content as {same[0]!r}")
            written = self._write_files(entry, found)
            try:
                store = self._open([*docs, doc])
                _write_registry(self.index_dir, [*entries, entry])
            except BaseException:
                for path in written:
                    path.unlink(missing_ok=True)
                with contextlib.suppress(OSError):  # a folder made for this source alone
                    (self.index_dir / "sources" / "originals").rmdir()
                raise
        return dataclasses.replace(_infos([entry], store)[0], notes=found.notes)

    def remove(self, source_id: str) -> SourceInfo:
        """Remove a source and its passages; its snapshot files are deleted last."""
        with file_lock(self.index_dir / ".sources.lock"):
            entries = read_registry(self.index_dir)
            match = [e for e in entries if e["id"] == source_id]
            if not match:
                known = ", ".join(e["id"] for e in entries)
                raise SourceError(f"no source with id {source_id!r}; the sources are: {known}")
            if len(entries) == 1:
                raise SourceError(f"{source_id!r} is the only source; add another before removing it")
            rest = [e for e in entries if e["id"] != source_id]
            docs = load_documents(self.index_dir)
            before = _infos(match, self._open(docs))[0]
            # The registry still lists the source until the smaller index is live.
            self._open([d for d in docs if d.id != source_id])
            _write_registry(self.index_dir, rest)
            for key in ("file", "original"):
                if match[0].get(key):
                    with contextlib.suppress(SourceError):
                        source_path(self.index_dir, match[0], key).unlink(missing_ok=True)
        return before

    # -- helpers ---------------------------------------------------------------------

    def _refuse_same_origin(self, target: str, entries: list[dict]) -> None:
        origin = target if is_url(target) else str(Path(target).expanduser().resolve())
        for e in entries:
            if e.get("origin") == origin:
                raise SourceError(f"{target} is already a source: {e['id']!r} ({e.get('title', '')})")

    def _entry(self, found: Extracted, title: str | None, entries: list[dict]) -> tuple[dict, Document]:
        first_line_is_title = False
        if not title:
            title = found.title
            if not title and found.kind == "text":
                title = _text_title(found.text)
                first_line_is_title = bool(title)
            if not title:
                name = Path(found.origin.rstrip("/")).stem if not is_url(found.origin) else found.origin
                title = name.replace("_", " ").replace("-", " ").strip() or "Untitled"
        title = " ".join(title.split())[:200]
        taken = {e["id"] for e in entries}
        base = _slug(title)
        source_id, n = base, 2
        while source_id in taken:
            source_id, n = f"{base}-{n}", n + 1
        fmt, suffix = SNAPSHOT[found.kind]
        entry = {
            "id": source_id,
            "title": title,
            "file": f"sources/{source_id}{suffix}",
            "format": fmt,
            "kind": found.kind,
            "origin": found.origin,
            "added": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "sha256": hashlib.sha256(found.original).hexdigest(),
        }
        if is_url(found.origin):
            entry["fetched"] = entry["added"]
        if first_line_is_title:
            entry["first_line_is_title"] = True
        if found.kind in ("markdown", "html", "pdf"):  # the snapshot is derived text
            entry["original"] = f"sources/originals/{source_id}{ORIGINAL_SUFFIX[found.kind]}"
        doc = parse(source_id, found.text, fmt=fmt, title=title, origin=found.origin,
                    first_line_is_title=first_line_is_title)
        return entry, doc

    def _write_files(self, entry: dict, found: Extracted) -> list[Path]:
        written = []
        try:
            path = self.index_dir / entry["file"]
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, found.text.encode("utf-8"))
            written.append(path)
            if entry.get("original"):
                original = self.index_dir / entry["original"]
                original.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(original, found.original)
                written.append(original)
        except OSError as e:
            for p in written:
                p.unlink(missing_ok=True)
            raise SourceError(f"cannot write the source's snapshot under {self.index_dir}: {e.strerror}") from None
        return written
