"""Adding and removing sources with the fake embedder: formats, places, incremental builds,
and every refused input leaving the registry, the snapshots and the live index untouched."""

import contextlib
import http.server
import json
import threading
import time
from pathlib import Path

import faiss
import numpy as np
import pytest

from bot.errors import SourceError
from bot.library import Library
from bot.retrieve import Retriever
from bot.sources import load_documents, parse
from bot.store import Store, _current_dir, make_index

from . import docs
from .fakes import FakeEmbedder

ARTICLE = "deepseek-shakes-up-the-tech-scene"


@pytest.fixture
def library(settings):
    return Library(settings, embedder=FakeEmbedder())


def snapshot(index_dir):
    """Everything a refused source must leave as it was."""
    files = sorted(str(p.relative_to(index_dir)) for p in (index_dir / "sources").rglob("*"))
    current = _current_dir(index_dir / "built")
    return (index_dir / "sources.json").read_bytes(), files, current.name if current else None


def passages_of(index_dir, source_id):
    store = Store.load(_current_dir(index_dir / "built"))
    return [c for c in store.chunks if c.source_id == source_id]


def test_markdown_sections_become_places_and_only_new_passages_are_embedded(library, index_dir, tmp_path):
    library.list()  # builds the article's index
    article = passages_of(index_dir, ARTICLE)
    library.embedder.texts = 0
    info = library.add(str(docs.write_markdown(tmp_path / "orion.md")))
    assert (info.id, info.title, info.kind) == ("orion-lab-report", "Orion Lab Report", "markdown")
    new = passages_of(index_dir, info.id)
    assert library.embedder.texts == len(new) == info.passages == 3
    assert passages_of(index_dir, ARTICLE) == article  # same passages, same ids
    by_place = {c.place: c.text for c in new}
    assert "512 accelerators over 19 days" in by_place["Training cost"]
    assert "42 researchers" in by_place["Staff"]
    assert not any(c.text.startswith("#") for c in new)
    manifest = json.loads((_current_dir(index_dir / "built") / "manifest.json").read_text())
    assert manifest["sources"][info.id]["passages"] == 3 and manifest["embedded"] == 3
    assert {s.id for s in library.list()} == {ARTICLE, info.id}


def test_removing_a_source_embeds_nothing_and_deletes_its_files(library, index_dir, tmp_path):
    info = library.add(str(docs.write_html(tmp_path / "bridge.html")))
    assert (index_dir / "sources" / "originals" / f"{info.id}.html").exists()
    library.embedder.texts = 0
    removed = library.remove(info.id)
    assert removed.passages == 2 and library.embedder.texts == 0
    assert [s.id for s in library.list()] == [ARTICLE]
    assert not passages_of(index_dir, info.id)
    assert not list((index_dir / "sources").glob(f"{info.id}*"))
    assert not (index_dir / "sources" / "originals" / f"{info.id}.html").exists()
    with pytest.raises(SourceError, match="no source with id 'nope'"):
        library.remove("nope")
    with pytest.raises(SourceError, match="only source"):
        library.remove(ARTICLE)


def test_html_keeps_the_main_text_and_headings_only(library, index_dir, tmp_path):
    info = library.add(str(docs.write_html(tmp_path / "bridge.html")))
    assert info.title == "Harbor Bridge Facts" and info.kind == "html"
    chunks = passages_of(index_dir, info.id)
    text = " ".join(c.text for c in chunks)
    for debris in ("SCRIPT", "NAVIGATION", "ADVERT", "Share on", "Related", "Copyright", "color"):
        assert debris not in text
    assert {c.place for c in chunks} == {"History", "Design"}
    design = next(c for c in chunks if c.place == "Design")
    assert "503 metres" in design.text
    # the page as fetched is kept next to the snapshot
    assert "<script>" in (index_dir / "sources" / "originals" / f"{info.id}.html").read_text()


def test_pdf_passages_carry_their_page(library, index_dir, tmp_path):
    info = library.add(str(docs.write_pdf(tmp_path / "kestrel.pdf")))
    assert info.kind == "pdf" and info.title == "Kestrel Coast Survey"
    chunks = passages_of(index_dir, info.id)
    page_of = {c.place for c in chunks if "1,284 nesting pairs" in c.text}
    assert page_of == {"page 2"}
    assert {c.place for c in chunks if "860 kilometres" in c.text} == {"page 3"}
    assert {c.place for c in chunks} == {f"page {n}" for n in range(1, 6)}


def test_a_windows_1252_text_is_decoded_and_says_so(library, index_dir, tmp_path):
    info = library.add(str(docs.write_cp1252(tmp_path / "cafe.txt")))
    assert any("decoded as cp1252" in n for n in info.notes)
    assert info.title == "Café Lumière"
    chunks = passages_of(index_dir, info.id)
    assert "The Café Lumière in Zürich serves 74 kinds of crème brûlée." in chunks[0].text
    assert not any(c.text == "Café Lumière" for c in chunks)  # the title line is not a passage


def test_hard_wrapped_text_joins_lines_into_paragraphs():
    doc = parse("d", "Notes\n\nThe survey was done by\nvolunteers in May.\nIt ended in June.\n",
                first_line_is_title=True)
    assert [doc.text[s:e] for s, e in doc.paragraphs] == [
        "The survey was done by\nvolunteers in May.", "It ended in June."]


def test_markdown_code_fences_are_not_headings():
    doc = parse("d", "# T\n\n```\n# not a heading\n```\n\n## Real\n\nBody text.\n", fmt="markdown")
    assert doc.title == "T"
    assert doc.places[-1] == "Real" and doc.places[0] == ""  # under the title: no section


def test_large_corpus_switches_to_an_approximate_index_with_the_same_answers(settings, tmp_path):
    exact = Library(settings, embedder=FakeEmbedder())
    exact.add(str(docs.write_markdown(tmp_path / "orion.md")))
    flat = Store.load(_current_dir(settings.index_dir / "built"))
    assert flat.manifest["search"] == "flat"

    approx_settings = settings.with_(exact_search_max=10)
    Library(approx_settings, embedder=FakeEmbedder()).add(str(docs.write_html(tmp_path / "b.html")))
    ivf = Store.load(_current_dir(settings.index_dir / "built"))
    assert ivf.manifest["search"].startswith("ivf")
    assert len(ivf) == len(flat) + 2
    exact = faiss.IndexFlatIP(ivf.index.d)
    exact.add(ivf.vectors())  # rows read back from the IVF index (its direct map)
    embedder = FakeEmbedder()
    for q in ("How many researchers does the Orion lab employ?", "How many employees does DeepSeek have?",
              "How long is the main span of the Harbor Bridge?"):
        v = embedder.embed([q])
        assert [r for r, _ in ivf.search(v[0], 3)] == list(exact.search(v, 3)[1][0])
        assert Retriever(ivf, embedder).search([q], 1)


def test_the_approximate_index_finds_nearly_all_exact_neighbours():
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(50, 64))
    x = centres[rng.integers(0, 50, 20_000)] + rng.normal(scale=0.6, size=(20_000, 64))
    x = (x / np.linalg.norm(x, axis=1, keepdims=True)).astype("float32")
    index, described = make_index(x, exact_max=1000)
    assert described.startswith("ivf565,nprobe32")
    queries = x[:100] + rng.normal(scale=0.05, size=(100, 64)).astype("float32")
    exact = faiss.IndexFlatIP(64)
    exact.add(x)
    truth, found = exact.search(queries, 10)[1], index.search(queries, 10)[1]
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(truth, found)])
    assert recall >= 0.9


# -- refused inputs -----------------------------------------------------------------------


def _bad_inputs(tmp_path):
    (tmp_path / "empty.md").write_text("")
    (tmp_path / "blank.txt").write_text("  \n\n ")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "report.docx").write_bytes(b"PK\x03\x04 word")
    (tmp_path / "big.txt").write_text("The survey went on. " * 400)
    docs.write_pdf(tmp_path / "locked.pdf", password="secret")
    (tmp_path / "broken.pdf").write_bytes(docs.pdf_bytes()[:400])
    (tmp_path / "fake.pdf").write_text("this is not a pdf at all")
    (tmp_path / "mangled.txt").write_bytes(b"Caf\x81 \x8d\x90 is not any known text encoding.")
    (tmp_path / "scan.pdf").write_bytes(docs.pdf_bytes([""]))
    return [
        (tmp_path / "missing.md", "no such file"),
        (tmp_path / "empty.md", "is empty"),
        (tmp_path / "blank.txt", "is empty"),
        (tmp_path / "image.txt", "looks binary"),
        (tmp_path / "report.docx", "unsupported file type '.docx'"),
        (tmp_path / "big.txt", "limit for a source is 6,000"),
        (tmp_path / "locked.pdf", "encrypted"),
        (tmp_path / "broken.pdf", "not a readable PDF"),
        (tmp_path / "fake.pdf", "not a PDF"),
        (tmp_path / "mangled.txt", "not UTF-8 .* nor Windows-1252"),
        (tmp_path / "scan.pdf", "no extractable text"),
        (tmp_path, "is a directory"),
        ("ftp://example.org/file.txt", "only http:// and https://"),
    ]


def test_every_bad_input_is_one_clear_line_and_changes_nothing(settings, tmp_path):
    library = Library(settings.with_(max_source_bytes=6000), embedder=FakeEmbedder())
    library.add(str(docs.write_markdown(tmp_path / "orion.md")))
    before = snapshot(settings.index_dir)
    for target, message in _bad_inputs(tmp_path):
        with pytest.raises(SourceError, match=message) as e:
            library.add(str(target))
        assert "\n" not in str(e.value), str(e.value)
        assert snapshot(settings.index_dir) == before, target
    # the previous index still answers
    store = Store.load(_current_dir(settings.index_dir / "built"))
    hit = Retriever(store, FakeEmbedder()).search(["Orion-7 accelerators days"], 1)[0]
    assert "19 days" in hit.chunk.text


def test_duplicates_are_refused(library, index_dir, tmp_path):
    library.add(str(docs.write_markdown(tmp_path / "orion.md")))
    before = snapshot(index_dir)
    with pytest.raises(SourceError, match="already a source"):
        library.add(str(tmp_path / "orion.md"))
    docs.write_markdown(tmp_path / "copy-of-orion.md")
    with pytest.raises(SourceError, match="already a source: same content as 'orion-lab-report'"):
        library.add(str(tmp_path / "copy-of-orion.md"))
    article = index_dir / "sources" / f"{ARTICLE}.txt"
    (tmp_path / "article.txt").write_bytes(article.read_bytes())
    with pytest.raises(SourceError, match=f"same content as '{ARTICLE}'"):
        library.add(str(tmp_path / "article.txt"))
    assert snapshot(index_dir) == before


def test_a_build_failing_midway_keeps_the_previous_index_and_registry(settings, tmp_path):
    Library(settings, embedder=FakeEmbedder()).list()
    before = snapshot(settings.index_dir)

    class Broken(FakeEmbedder):
        def _encode(self, texts, *, progress):
            raise RuntimeError("out of memory")

    with pytest.raises(RuntimeError, match="out of memory"):
        Library(settings, embedder=Broken()).add(str(docs.write_markdown(tmp_path / "orion.md")))
    assert snapshot(settings.index_dir) == before
    assert [d.id for d in load_documents(settings.index_dir)] == [ARTICLE]


class _Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path == "/slow":
            time.sleep(3)
        if self.path in ("/station", "/slow"):
            body, ctype, status = docs.WEB_PAGE.encode(), "text/html; charset=utf-8", 200
        elif self.path == "/image":
            body, ctype, status = b"\x89PNG\r\n", "image/png", 200
        else:
            body, ctype, status = b"not here", "text/plain", 404
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def web():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_url_is_fetched_once_and_kept_with_its_address(settings, index_dir, web):
    library = Library(settings.with_(fetch_timeout_s=1.0), embedder=FakeEmbedder())
    before = snapshot(index_dir)
    for path, message in (("/missing", "HTTP 404"), ("/slow", "no answer within 1 s"),
                          ("/image", "image/png, which is not a supported type")):
        with pytest.raises(SourceError, match=message):
            library.add(web + path)
        assert snapshot(index_dir) == before
    with pytest.raises(SourceError, match="Connection refused|could not fetch"):
        library.add("http://127.0.0.1:9/nothing-listens-here")

    info = library.add(web + "/station")
    assert info.origin == web + "/station" and info.title == "Vatna Research Station"
    entry = json.loads((index_dir / "sources.json").read_text())["sources"][-1]
    assert entry["origin"] == web + "/station" and entry["fetched"].startswith("20")
    chunks = passages_of(index_dir, info.id)
    assert any("1,120 metres" in c.text and c.place == "Location" for c in chunks)
    assert not any("Menu" in c.text for c in chunks)
    with pytest.raises(SourceError, match="already a source"):
        library.add(web + "/station")


def test_a_running_bot_picks_up_added_and_removed_sources(fake_bot, settings, tmp_path):
    bot = fake_bot()
    before = len(bot.store)
    library = Library(settings, embedder=FakeEmbedder())
    info = library.add(str(docs.write_markdown(tmp_path / "orion.md")))
    a = bot.ask("How many researchers does the Orion lab employ in Tromsø?")
    assert len(bot.store) == before + 3
    assert any(c.source_id == info.id and c.place == "Staff" for c in a.passages)
    assert bot.decline_text == "The sources don't say."
    library.remove(info.id)
    bot.ask("How many researchers does the Orion lab employ?")
    assert len(bot.store) == before and not any(c.source_id == info.id for c in bot.store.chunks)
    # a registry that cannot be loaded leaves the bot answering from what it had
    (settings.index_dir / "sources.json").write_text("{broken")
    assert bot.refresh() is False and len(bot.store) == before
    n = next(i + 1 for i, c in enumerate(bot.store.chunks) if "150 employees" in c.text)
    bot.generator.enqueue(f"DeepSeek has fewer than 150 employees [{n}].")
    a = bot.ask("How many employees does DeepSeek have?")
    assert not a.abstained and "150" in a.text and "150 employees" in a.citations[0].text


def test_a_registered_snapshot_loads_whatever_the_admission_limit(index_dir):
    # A 19 MB Windows-1252 file with accents is admitted under the 20 MB limit, and its UTF-8
    # snapshot is over 20 MB: the limit applies to adding, never to loading what was added.
    from bot.sources import MAX_SOURCE_BYTES

    line = "Crème brûlée à la café, très épicée, servie à Zürich chaque été.\n"
    (index_dir / "sources" / "big.txt").write_text(line * (MAX_SOURCE_BYTES // len(line) + 10))
    assert (index_dir / "sources" / "big.txt").stat().st_size > MAX_SOURCE_BYTES
    registry = json.loads((index_dir / "sources.json").read_text())
    registry["sources"].append({"id": "big", "title": "Big", "file": "sources/big.txt"})
    (index_dir / "sources.json").write_text(json.dumps(registry))
    assert "big" in {d.id for d in load_documents(index_dir)}


def test_a_snapshot_damaged_on_disk_is_left_out_and_the_others_keep_answering(fake_bot, settings, tmp_path):
    library = Library(settings, embedder=FakeEmbedder())
    info = library.add(str(docs.write_markdown(tmp_path / "orion.md")))
    snapshot_file = settings.index_dir / json.loads((settings.index_dir / "sources.json").read_text())[
        "sources"][-1]["file"]
    snapshot_file.write_bytes(b"Orion \x00\x00\xff\xfe garbage")  # damaged: NUL bytes, not UTF-8
    skipped = {}
    assert [d.id for d in load_documents(settings.index_dir, skipped)] == [ARTICLE]
    assert "NUL" in skipped[info.id]
    listed = {s.id: s for s in library.list()}  # still listed, with why it is left out
    assert listed[info.id].passages == 0 and "not readable" in listed[info.id].notes[-1]
    bot = fake_bot()
    assert info.id in bot.skipped
    n = next(i + 1 for i, c in enumerate(bot.store.chunks) if "150 employees" in c.text)
    bot.generator.enqueue(f"DeepSeek has fewer than 150 employees [{n}].")
    a = bot.ask("How many employees does DeepSeek have?")
    assert not a.abstained and "150 employees" in a.citations[0].text
    # With no readable source left, the error names each one and why.
    (settings.index_dir / "sources" / f"{ARTICLE}.txt").unlink()
    with pytest.raises(SourceError, match="no readable source.*not found"):
        load_documents(settings.index_dir)


def test_control_bytes_in_extracted_text_never_reach_the_snapshot(library, index_dir, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Lab notes\n\nThe probe measured 42\x07 kelvin\x1b at dawn.\n")
    info = library.add(str(path))
    entry = next(e for e in json.loads((index_dir / "sources.json").read_text())["sources"] if e["id"] == info.id)
    text = (index_dir / entry["file"]).read_text()
    assert "\x07" not in text and "\x1b" not in text and "42  kelvin" in text


REALDOCS = Path(__file__).resolve().parent / "data" / "realdocs"


def test_twenty_real_documents_added_one_after_another_never_crash_and_the_bot_keeps_answering(fake_bot, settings):
    # Real files from public repositories (tests/data/realdocs/SOURCES.md): papers, READMEs,
    # saved web pages, plain texts, with tables, formulas, code, other scripts, very short and
    # very long ones; plus the DeepSeek-R1 report, whose text holds NUL bytes.
    files = sorted(p for p in REALDOCS.iterdir() if p.suffix in (".pdf", ".md", ".html", ".txt")
                   and p.name != "SOURCES.md")
    files.append(Path(__file__).resolve().parent.parent / "index" / "sources" / "originals"
                 / "deepseek-r1-technical-report.pdf")
    assert len(files) >= 20 and {p.suffix for p in files} == {".pdf", ".md", ".html", ".txt"}
    library = Library(settings, embedder=FakeEmbedder())
    added, refused = {}, {}
    for path in files:
        before = snapshot(settings.index_dir)
        try:
            added[path.name] = library.add(str(path))
        except SourceError as e:
            refused[path.name] = str(e)
            assert "\n" not in str(e) and snapshot(settings.index_dir) == before  # nothing changed
    # Only a file with nothing to read besides its title may be refused.
    assert set(refused) <= {"eip-20-moved.md", "commons-lang-notice.txt"}, refused
    assert all(info.passages > 0 for info in added.values())
    listed = {s.id: s for s in library.list()}
    assert {info.id for info in added.values()} <= set(listed) and not any(s.notes for s in listed.values())
    bot = fake_bot()
    assert not bot.skipped and len(bot.titles) == len(added) + 1
    # No passage is longer than a prompt can hold (a novel in Japanese has no spaces to split at).
    assert max(len(c.text) for c in bot.store.chunks) <= 90 * 12  # chunk_words * CHARS_PER_WORD
    assert bot.blocks == []  # more blocks than max_blocks: each question is shown its top passages
    # The whole answer path still works over them (the fake embedder's ranking is crude, so the
    # draft is the top shown passage's first sentence, cited to it).
    question = "How much market value did Nvidia lose?"
    top = next(iter(bot._plan(question, []).shown.values()))
    sentence = top.text.split(". ")[0].rstrip(".")
    bot.generator.enqueue(f"{sentence} [{top.n}].")
    a = bot.ask(question)
    assert a.sentences and a.sentences[0].supported and a.sentences[0].cites == (top.n,)
