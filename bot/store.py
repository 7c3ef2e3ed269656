"""The vector store: FAISS index + chunk table + manifest, built atomically, checked on load.

On disk, under `index/built/`:
    CURRENT            name of the live build directory (replaced atomically)
    <key>/faiss.index  inner-product index over unit vectors (exact; IVF beyond EXACT_MAX rows)
    <key>/chunks.json  the passages, row i of the index is chunk i
    <key>/manifest.json  embedder, dimensions, chunking, every source (hash, title, origin,
                         passages), the search index used, file checksums
A build writes a fresh directory and only then points CURRENT at it, so a failed
build leaves the previous good index in place.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import logging
import math
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from .chunking import Chunk, chunk_documents
from .embedder import Embedder
from .errors import StoreError
from .sources import Document

log = logging.getLogger(__name__)

FORMAT = 2
CHUNKER = "sentences-in-paragraphs/3"
# Up to this many passages an exact (flat) search is fast enough: bench/bench_retrieval.py
# measured it at 100k passages; beyond, an IVF index answers far faster at recall@10 >= 0.95.
EXACT_MAX = 200_000
NPROBE = 32  # IVF lists searched per query (of 4 * sqrt(n)); see the same benchmark


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def make_index(vectors: np.ndarray, *, exact_max: int = EXACT_MAX):
    """An inner-product FAISS index over `vectors`: exact up to `exact_max` rows, else IVF.

    Returns the index and a short description of it for the manifest.
    """
    import faiss

    n, dim = vectors.shape
    if n <= exact_max:
        index = faiss.IndexFlatIP(dim)
        index.add(vectors)
        return index, "flat"
    nlist = max(1, int(4 * math.sqrt(n)))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
    sample = np.random.default_rng(0).choice(n, size=min(n, 40 * nlist), replace=False)
    index.train(vectors[np.sort(sample)])
    index.add(vectors)
    index.nprobe = min(NPROBE, nlist)
    index.make_direct_map()  # rows can be read back (vector reuse, lexical-only candidates)
    return index, f"ivf{nlist},nprobe{index.nprobe}"


def expected_manifest(docs: list[Document], embedder: Embedder, max_words: int) -> dict:
    """What the manifest of an up-to-date index says, less file checksums."""
    spec = {
        "format": FORMAT,
        "embedder": embedder.name,
        "dim": embedder.dim,
        "chunking": {"method": CHUNKER, "max_words": max_words},
        "sources": {d.id: {"sha256": d.sha256, "title": d.title, "origin": d.origin} for d in docs},
    }
    spec["key"] = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:16]
    return spec


class Store:
    """Passages and their vectors; `search` returns (row, cosine) pairs best first."""

    def __init__(self, chunks: list[Chunk], index, manifest: dict) -> None:
        self.chunks = chunks
        self.index = index
        self.manifest = manifest

    def __len__(self) -> int:
        return len(self.chunks)

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        k = min(k, len(self.chunks))
        scores, rows = self.index.search(np.asarray(vector, dtype="float32").reshape(1, -1), k)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0]) if r >= 0]

    def vector(self, row: int) -> np.ndarray:
        return self.index.reconstruct(row)

    def vectors(self) -> np.ndarray:
        return self.index.reconstruct_n(0, self.index.ntotal)

    # -- loading -----------------------------------------------------------------

    @classmethod
    def load(cls, directory: Path) -> Store:
        """Read a build directory, checking every file against the manifest's checksums."""
        import faiss

        try:
            manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
            for name, digest in manifest["files"].items():
                if _sha256_file(directory / name) != digest:
                    raise StoreError(f"{directory / name} is corrupted (checksum mismatch)")
            rows = json.loads((directory / "chunks.json").read_text(encoding="utf-8"))
            chunks = [Chunk(**row) for row in rows]
            index = faiss.read_index(str(directory / "faiss.index"))
        except StoreError:
            raise
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as e:
            raise StoreError(f"index at {directory} is unreadable: {e}") from None
        if index.ntotal != len(chunks) or index.d != manifest["dim"]:
            raise StoreError(f"index at {directory} does not match its manifest")
        return cls(chunks, index, manifest)


@contextlib.contextmanager
def file_lock(path: Path):
    """An exclusive lock held on `path` (created if missing), between threads and processes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _current_dir(built: Path) -> Path | None:
    try:
        name = (built / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return built / name if name and "/" not in name else None


def open_store(
    index_dir: Path,
    docs: list[Document],
    embedder: Embedder,
    *,
    max_words: int,
    progress: bool = False,
    rebuild: bool = False,
    exact_max: int = EXACT_MAX,
) -> Store:
    """The up-to-date store for `docs`, building it (atomically) if missing, stale or broken."""
    built = index_dir / "built"
    spec = expected_manifest(docs, embedder, max_words)
    current = _current_dir(built)
    if current is not None and not rebuild:
        try:
            store = Store.load(current)
            if store.manifest.get("key") == spec["key"]:
                return store
            log.info("index is stale (sources or settings changed); rebuilding")
        except StoreError as e:
            log.warning("%s; rebuilding", e)
    with file_lock(built / ".lock"):
        # Another process may have finished the same build while we waited.
        current = _current_dir(built)
        if current is not None and not rebuild:
            with contextlib.suppress(StoreError):
                store = Store.load(current)
                if store.manifest.get("key") == spec["key"]:
                    return store
        # A forced rebuild re-embeds everything; otherwise unchanged passages keep their vectors.
        return _build(
            built, docs, embedder, spec, max_words, progress, None if rebuild else current, exact_max
        )


def _previous_vectors(previous: Path | None) -> dict[str, np.ndarray]:
    """Vectors of the last good build by chunk id, so unchanged passages are not re-embedded."""
    if previous is None:
        return {}
    try:
        old = Store.load(previous)
    except StoreError:
        return {}
    return dict(zip((c.id for c in old.chunks), old.vectors()))


def _build(built, docs, embedder, spec, max_words, progress, previous: Path | None,
           exact_max: int = EXACT_MAX) -> Store:
    import faiss

    started = time.perf_counter()
    chunks = chunk_documents(docs, max_words=max_words)
    reuse = _previous_vectors(previous)
    todo = [i for i, c in enumerate(chunks) if c.id not in reuse]
    vectors = np.zeros((len(chunks), embedder.dim), dtype="float32")
    for i, c in enumerate(chunks):
        if c.id in reuse:
            vectors[i] = reuse[c.id]
    if todo:
        vectors[todo] = embedder.embed([chunks[i].text for i in todo], progress=progress)
    index, search = make_index(vectors, exact_max=exact_max)

    tmp = Path(tempfile.mkdtemp(dir=built, prefix=".build-"))
    try:
        faiss.write_index(index, str(tmp / "faiss.index"))
        rows = [dataclasses.asdict(c) for c in chunks]
        (tmp / "chunks.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        sources = {k: dict(v, passages=0) for k, v in spec["sources"].items()}
        for c in chunks:
            sources[c.source_id]["passages"] += 1
        manifest = dict(
            spec,
            sources=sources,
            search=search,
            count=len(chunks),
            embedded=len(todo),
            built_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            files={n: _sha256_file(tmp / n) for n in ("faiss.index", "chunks.json")},
        )
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        for name in ("faiss.index", "chunks.json", "manifest.json"):
            with open(tmp / name, "rb") as f:
                os.fsync(f.fileno())
        # A new name every build: the live directory is never touched before CURRENT moves.
        final = built / f"{spec['key']}-{time.time_ns()}"
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    write_atomic(built / "CURRENT", final.name.encode())
    for old in built.iterdir():
        if old.is_dir() and old != final:  # we hold the lock: leftovers are dead builds
            shutil.rmtree(old, ignore_errors=True)
    log.info(
        "built index: %d passages (%d embedded) in %.1f s",
        len(chunks), len(todo), time.perf_counter() - started,
    )
    return Store(chunks, index, manifest)
