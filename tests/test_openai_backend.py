"""Generation on an OpenAI-compatible server: llama-cpp-python's own, started on loopback."""

from __future__ import annotations

import pytest

from bot import Bot, ModelError
from bot.generate import OpenAIGenerator
from bot.sources import load_documents
from bot.store import open_store

from .conftest import copy_index, free_port, generation_server, running_app


def test_unreachable_server_is_a_clear_model_error(fake_bot):
    bot = fake_bot(min_retrieval_score=0.0)
    bot.generator = OpenAIGenerator(f"http://127.0.0.1:{free_port()}/v1", timeout=5)
    with pytest.raises(ModelError, match="unreachable"):
        bot.ask("How many employees does DeepSeek have?")


@pytest.fixture(scope="module")
def server(real, tmp_path_factory):
    with generation_server(real.generator.model_path, tmp_path_factory.mktemp("server") / "server.log") as base:
        yield base


@pytest.mark.real
def test_answers_through_the_server_are_verified_the_same_way(real, server, tmp_path):
    index = copy_index(tmp_path / "index", "deepseek-shakes-up-the-tech-scene")  # the article alone
    settings = real.settings.with_(index_dir=index, openai_base_url=server)
    embedder = real.retriever.embedder
    store = open_store(index, load_documents(index), embedder, max_words=settings.chunk_words)
    remote = Bot(store, embedder, OpenAIGenerator(server), settings)
    a = remote.ask("When was DeepSeek officially established?")
    assert "2023" in a.text and any("officially established in 2023" in c.text for c in a.citations)
    b = remote.ask("What is the name of DeepSeek's CEO?")
    assert b.abstained and b.text == "The article doesn't say."


@pytest.mark.real
def test_two_bot_processes_share_one_index_and_one_generation_server(real, server, tmp_path):
    """The scale-out shape: N bot processes (here 2 `app.py`, as users start them) over one
    index built once and only read, all generating on one OpenAI-compatible server."""
    from concurrent.futures import ThreadPoolExecutor

    from openai import OpenAI

    index = copy_index(tmp_path / "index", "deepseek-shakes-up-the-tech-scene")
    open_store(index, load_documents(index), real.retriever.embedder, max_words=real.settings.chunk_words)
    built = {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in (index / "built").rglob("*") if p.is_file()}
    assert built
    with running_app(index, tmp_path / "a.log", BOT_OPENAI_BASE_URL=server) as a, \
            running_app(index, tmp_path / "b.log", BOT_OPENAI_BASE_URL=server) as b:
        asked = [(a, "How many employees does DeepSeek have?", "150", "fewer than 150 employees"),
                 (b, "When was DeepSeek officially established?", "2023", "officially established in 2023"),
                 (a, "Which city is DeepSeek from?", "Hangzhou", "Hangzhou"),
                 (b, "What is the name of DeepSeek's CEO?", None, None)]

        def one(case):
            url, question, _, _ = case
            client = OpenAI(base_url=url + "v1", api_key="unused", timeout=600)
            return client.chat.completions.create(model="groundbot", messages=[{"role": "user", "content": question}])

        with ThreadPoolExecutor(len(asked)) as pool:  # both processes at once
            replies = list(pool.map(one, asked))
    for (_, question, fact, evidence), reply in zip(asked, replies):
        text = reply.choices[0].message.content
        extra = reply.model_extra
        if fact is None:
            assert extra["abstained"] and "doesn't say" in text, (question, text)
            continue
        assert fact in text and not extra["abstained"], (question, text)
        assert any(evidence in c["text"] for c in extra["citations"]), (question, extra["citations"])
    # neither process rebuilt or rewrote the shared index
    assert {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in (index / "built").rglob("*") if p.is_file()} == built
