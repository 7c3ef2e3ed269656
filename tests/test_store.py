import json

import pytest

from bot.sources import load_documents
from bot.store import Store, _current_dir, open_store

from .fakes import FakeEmbedder


def build(index_dir, embedder=None, **kw):
    embedder = embedder or FakeEmbedder()
    return open_store(index_dir, load_documents(index_dir), embedder, max_words=90, **kw), embedder


def test_build_then_reuse_without_embedding_again(index_dir):
    first, e1 = build(index_dir)
    assert e1.texts == len(first) > 10
    second, e2 = build(index_dir)
    assert e2.calls == 0
    assert [c.id for c in second.chunks] == [c.id for c in first.chunks]
    manifest = json.loads((_current_dir(index_dir / "built") / "manifest.json").read_text())
    assert manifest["embedder"] == "fake-bag-of-words" and manifest["dim"] == 512
    assert manifest["chunking"]["max_words"] == 90
    assert set(manifest["sources"]) == {"deepseek-shakes-up-the-tech-scene"}
    assert set(manifest["files"]) == {"faiss.index", "chunks.json"}


def test_search_finds_the_passage_with_the_words(index_dir):
    store, embedder = build(index_dir)
    hits = store.search(embedder.embed(["fewer than 150 employees cost 6 million"])[0], 3)
    assert "fewer than 150 employees" in store.chunks[hits[0][0]].text


def test_changed_source_rebuilds_and_reembeds_only_what_changed(index_dir):
    store, _ = build(index_dir)
    path = index_dir / "sources" / "deepseek-shakes-up-the-tech-scene.txt"
    path.write_text(path.read_text() + "\nA new closing paragraph about chips.\n")
    again, embedder = build(index_dir)
    assert len(again) == len(store) + 1
    assert embedder.texts == 1  # only the new passage
    assert "A new closing paragraph about chips." in again.chunks[-1].text


@pytest.mark.parametrize("victim", ["faiss.index", "chunks.json", "manifest.json"])
@pytest.mark.parametrize("damage", ["garbage", "truncate", "delete"])
def test_corrupted_index_is_detected_and_rebuilt(index_dir, victim, damage):
    build(index_dir)
    live = _current_dir(index_dir / "built")
    data = (live / victim).read_bytes()
    if damage == "delete":
        (live / victim).unlink()
    else:
        (live / victim).write_bytes(b"garbage" if damage == "garbage" else data[: len(data) // 2])
    store, embedder = build(index_dir)
    assert embedder.texts == len(store)  # rebuilt from the sources
    assert Store.load(_current_dir(index_dir / "built")).manifest["count"] == len(store)


def test_failed_build_keeps_the_previous_good_index(index_dir):
    good, _ = build(index_dir)
    before = _current_dir(index_dir / "built")

    class Broken(FakeEmbedder):
        def _encode(self, texts, *, progress):
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        build(index_dir, Broken(), rebuild=True)
    assert _current_dir(index_dir / "built") == before
    assert len(Store.load(before)) == len(good)
    assert not [p for p in (index_dir / "built").iterdir() if p.name.startswith(".build-")]


class SlowEmbedder(FakeEmbedder):
    def _encode(self, texts, *, progress):
        import time

        time.sleep(0.5)  # long enough for the other process to arrive mid-build
        return super()._encode(texts, progress=progress)


def _build_in_process(index_dir):
    store, embedder = build(index_dir, SlowEmbedder())
    return len(store), embedder.texts


def test_two_processes_building_at_once_make_one_index(index_dir):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        results = list(pool.map(_build_in_process, [index_dir, index_dir]))
    sizes, embedded = zip(*results)
    assert sizes[0] == sizes[1] > 10
    assert sorted(embedded) == [0, sizes[0]]  # the second waited for the first, then reused it
    live = [p for p in (index_dir / "built").iterdir() if p.is_dir()]
    assert live == [_current_dir(index_dir / "built")]


def test_missing_built_directory_or_pointer_is_rebuilt(index_dir):
    import shutil

    first, _ = build(index_dir)
    (index_dir / "built" / "CURRENT").unlink()
    again, embedder = build(index_dir)
    assert len(again) == len(first) and embedder.texts == len(first)
    shutil.rmtree(index_dir / "built")
    third, embedder = build(index_dir)
    assert len(third) == len(first) and embedder.texts == len(first)
