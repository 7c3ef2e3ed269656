import json

import pytest

from bot.errors import SourceError
from bot.sources import load_documents, paragraph_spans, read_text


def test_debris_lines_are_skipped_without_editing_the_file(index_dir):
    path = index_dir / "sources" / "deepseek-shakes-up-the-tech-scene.txt"
    before = path.read_bytes()
    doc = load_documents(index_dir)[0]
    assert path.read_bytes() == before
    assert all(doc.text[s:e] != "Advertisements" for s, e in doc.paragraphs)
    assert "Advertisements" in doc.text  # still in the untouched source


def test_paragraph_spans_trim_and_skip_title():
    text = "Title\n\n  First para.  \nAdvertisement\nSecond para.\n"
    spans = paragraph_spans(text, skip_first=True)
    assert [text[s:e] for s, e in spans] == ["First para.", "Second para."]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"abc\x00def", "binary"),
        ("caf\u00e9 cr\u00e8me".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_files_get_a_clear_message(tmp_path, data, message):
    p = tmp_path / "doc.txt"
    p.write_bytes(data)
    with pytest.raises(SourceError, match=message):
        read_text(p)


def test_missing_source_file_is_named(index_dir):
    (index_dir / "sources" / "deepseek-shakes-up-the-tech-scene.txt").unlink()
    with pytest.raises(SourceError, match="not found"):
        load_documents(index_dir)


def test_broken_registry_is_reported(index_dir):
    (index_dir / "sources.json").write_text("{not json")
    with pytest.raises(SourceError, match="not a valid source registry"):
        load_documents(index_dir)
    (index_dir / "sources.json").write_text(json.dumps({"sources": []}))
    with pytest.raises(SourceError, match="lists no sources"):
        load_documents(index_dir)


@pytest.mark.parametrize("file", ["../sources.json", "/etc/passwd", "sources/../../outside.txt"])
def test_a_source_cannot_point_outside_the_sources_directory(index_dir, file):
    (index_dir.parent / "outside.txt").write_text("secret")
    registry = json.loads((index_dir / "sources.json").read_text())
    registry["sources"].append({"id": "evil", "file": file})
    (index_dir / "sources.json").write_text(json.dumps(registry))
    skipped = {}
    loaded = load_documents(index_dir, skipped)  # never read; the other sources still load
    assert "evil" not in {d.id for d in loaded} and "points outside" in skipped["evil"]
    assert not any("secret" in p for d in loaded for p in d.paragraphs)


def test_oversized_source_is_refused(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("word " * 1000)
    with pytest.raises(SourceError, match="limit for a source is 100"):
        read_text(p, max_bytes=100)
