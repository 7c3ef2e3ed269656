from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bot import Bot, Settings
from bot.sources import load_documents
from bot.store import open_store

from .fakes import FakeEmbedder, FakeGenerator

ROOT = Path(__file__).resolve().parent.parent
# Tests prepare a block of passages' prompt when a question first needs it, not all of them in
# the background as a served bot does (that would compete with every test for the 2 cores);
# tests/test_ui.py checks the background preparation and its status line on its own.
os.environ.setdefault("BOT_PREPARE_IN_BACKGROUND", "0")
ARTICLE = "deepseek-shakes-up-the-tech-scene"


def add_source(index: Path, source_id: str, title: str, text: str) -> None:
    """Write a text source into `index` and register it (its first line is the title)."""
    import json

    (index / "sources" / f"{source_id}.txt").write_text(f"{title}\n{text}\n")
    registry = json.loads((index / "sources.json").read_text())
    registry["sources"].append({"id": source_id, "title": title, "file": f"sources/{source_id}.txt",
                                "first_line_is_title": True})
    (index / "sources.json").write_text(json.dumps(registry))


def copy_index(target: Path, *only: str) -> Path:
    """A private copy of the project's sources (not what is built from them): all of them, or
    only the sources with the ids given."""
    import json

    registry = json.loads((ROOT / "index" / "sources.json").read_text())
    if only:
        registry["sources"] = [e for e in registry["sources"] if e["id"] in only]
    (target / "sources").mkdir(parents=True)
    (target / "sources.json").write_text(json.dumps(registry, indent=2))
    for entry in registry["sources"]:
        for key in ("file", "original"):
            if entry.get(key):
                (target / entry[key]).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(ROOT / "index" / entry[key], target / entry[key])
    return target


@pytest.fixture(autouse=True)
def _files_stay_in_tmp(tmp_path, monkeypatch):
    """Every test writes under tmp_path; the real model cache is shared read-mostly."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def index_dir(tmp_path) -> Path:
    """The article alone, as the fast tests' corpus (the shipped sources: `copy_index(path)`)."""
    return copy_index(tmp_path / "index", ARTICLE)


@pytest.fixture
def settings(index_dir, tmp_path) -> Settings:
    return Settings(index_dir=index_dir, cache_dir=tmp_path / "cache")


@pytest.fixture
def fake_bot(settings):
    """A Bot over the real article with the fake embedder and a fake generator."""

    def make(*replies: str, **changes) -> Bot:
        s = settings.with_(**changes)
        embedder = FakeEmbedder()
        skipped: dict[str, str] = {}
        store = open_store(s.index_dir, load_documents(s.index_dir, skipped), embedder, max_words=s.chunk_words)
        bot = Bot(store, embedder, FakeGenerator(*replies), s)
        bot.skipped = skipped
        return bot

    return make


@pytest.fixture(scope="session")
def real(tmp_path_factory):
    """The package-level default Bot, over a private copy of the sources."""
    import bot

    index = copy_index(tmp_path_factory.mktemp("real") / "index")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BOT_INDEX_DIR", str(index))
        mp.setattr(bot, "_default", None)
        the_bot = bot.default_bot()
        the_bot.warm()
        yield the_bot




def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, proc: subprocess.Popen, log_path: Path, what: str, seconds: int) -> None:
    """Until `url` answers; a clear error with the log's tail if `proc` exits or time runs out."""
    deadline = time.time() + seconds
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited: {log_path.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if time.time() > deadline:
                raise RuntimeError(f"{what} did not answer within {seconds} s") from None
            time.sleep(1)


@contextlib.contextmanager
def running_app(index: Path, log_path: Path, procs: list | None = None, **env: str):
    """`python app.py` as a user starts it, over `index`, on a free loopback port (its process
    appended to `procs` when given)."""
    port = free_port()
    env = dict(os.environ, BOT_PORT=str(port), BOT_INDEX_DIR=str(index), **env)
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
    if procs is not None:
        procs.append(proc)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(url, proc, log_path, "app.py", 300)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:  # busy inside llama.cpp, which does not see signals
            proc.kill()
            proc.wait(timeout=30)


@contextlib.contextmanager
def generation_server(model: Path, log_path: Path):
    """llama-cpp-python's OpenAI-compatible server with `model` on a free loopback port; its
    base URL ("http://127.0.0.1:PORT/v1") once it answers."""
    port = free_port()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
             "--port", str(port), "--n_ctx", "4096", "--n_threads", "2", "--n_threads_batch", "2",
             "--seed", "0", "--verbose", "False"], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_for(base + "/models", proc, log_path, "llama_cpp.server", 180)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("app")
    with running_app(copy_index(tmp / "index"), tmp / "app.log") as url:
        yield url
