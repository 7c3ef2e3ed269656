"""Adding and removing sources: incremental index updates against a full rebuild, one run.

    .venv/bin/python bench/bench_sources.py [--pages 40]

Over a private copy of the article's index, with the real embedder: add a Markdown note,
an HTML page and a generated PDF of --pages pages (each ~230 words), then remove the PDF.
For each step: seconds (reading the file included), passages embedded, and for comparison
a full rebuild of the same sources from their snapshots (every passage embedded again, as a
non-incremental indexer would).
Writes bench/results/sources.json and prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402
from bot.embedder import MiniLMEmbedder  # noqa: E402
from bot.library import Library  # noqa: E402
from bot.sources import load_documents  # noqa: E402
from bot.store import open_store  # noqa: E402
from tests import docs  # noqa: E402


class CountingEmbedder(MiniLMEmbedder):
    """The real embedder, counting the passages it embeds."""

    texts = 0

    def _encode(self, texts, *, progress):
        self.texts += len(texts)
        return super()._encode(texts, progress=progress)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "sources.json"))
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-sources-"))
    index = work / "index"
    shutil.copytree(ROOT / "index" / "sources", index / "sources")
    shutil.copy(ROOT / "index" / "sources.json", index / "sources.json")
    settings = Settings(index_dir=index)
    embedder = CountingEmbedder()
    embedder.embed(["warm up"])
    library = Library(settings, embedder=embedder)
    library.list()  # the article's index

    pages = [" ".join(docs.PDF_PAGES[i % len(docs.PDF_PAGES)].split()) + f" Page {i + 1} ends here."
             for i in range(args.pages)]
    md = docs.write_markdown(work / "orion.md")
    html = docs.write_html(work / "bridge.html")
    pdf = docs.write_pdf(work / "big.pdf", pages=pages)
    steps = [
        ("add Markdown note", lambda: library.add(str(md))),
        ("add HTML page", lambda: library.add(str(html))),
        (f"add {args.pages}-page PDF (read + embed)", lambda: library.add(str(pdf))),
        ("remove the PDF", lambda: library.remove("kestrel-coast-survey")),
    ]
    rows = []
    print("| step | incremental s | passages embedded | full rebuild s | passages embedded |")
    print("|---|---|---|---|---|")
    for name, step in steps:
        embedder.texts = 0
        t0 = time.perf_counter()
        step()
        incremental, embedded = time.perf_counter() - t0, embedder.texts
        embedder.texts = 0
        t0 = time.perf_counter()
        store = open_store(index, load_documents(index), embedder, max_words=settings.chunk_words,
                           rebuild=True)
        full, rebuilt = time.perf_counter() - t0, embedder.texts
        rows.append({"step": name, "incremental_s": incremental, "embedded": embedded,
                     "full_s": full, "full_embedded": rebuilt, "passages": len(store)})
        print(f"| {name} | {incremental:.2f} | {embedded} | {full:.2f} | {rebuilt} |", flush=True)
    Path(args.out).write_text(json.dumps(rows, indent=2))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
