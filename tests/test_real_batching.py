"""Several questions decoded together (bot/batching.py), with the real model and sources.

Each of several questions asked at the same moment must come back with its own fact and a
citation holding it, as when asked alone; a reader who leaves frees the model for the rest.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot import Bot
from bot.batching import BatchedGenerator
from bot.generate import LlamaCppGenerator
from bot.testing import assert_cites, assert_declines
from bot.text import is_decline

pytestmark = pytest.mark.real

TOGETHER = [
    ("How many employees does DeepSeek have?", "150", "fewer than 150 employees"),
    ("Which city is DeepSeek from?", "Hangzhou", "Hangzhou"),
    ("When was DeepSeek officially established?", "2023", "officially established in 2023"),
    ("Which bank warned that these changes could influence Federal Reserve policy?", "Deutsche Bank",
     "Deutsche Bank"),
]


@pytest.fixture(scope="module")
def batched(real):
    s = real.settings.with_(parallel=4)
    base = LlamaCppGenerator(real.generator.model_path, n_ctx=s.n_ctx, n_threads=s.n_threads)
    the_bot = Bot(real.store, real.retriever.embedder, BatchedGenerator(base, slots=5, n_ctx=2 * s.n_ctx), s)
    the_bot.warm()
    return the_bot


def test_questions_asked_together_each_get_their_own_fact_and_citation(batched):
    start = threading.Barrier(len(TOGETHER) + 1)  # one more: the unanswerable question

    def ask(question):
        start.wait()
        return batched.ask(question)

    questions = [q for q, _, _ in TOGETHER] + ["What is the name of DeepSeek's CEO?"]
    with ThreadPoolExecutor(len(questions)) as pool:
        answers = list(pool.map(ask, questions))
    for (question, fact, evidence), answer in zip(TOGETHER, answers):
        assert fact in answer.text, (question, answer.text, answer.raw_text)
        assert_cites(answer, evidence)
    assert_declines(answers[-1])
    assert batched.generator.widest >= 2  # they were decoded together, not one after another


def test_a_reader_who_leaves_frees_the_model_for_the_next_question(batched):
    stream = batched.stream("What was the combined market capitalization decline of Google and Microsoft?")
    pieces = iter(stream)
    assert next(pieces)  # the draft has begun
    stream.close()  # the reader leaves mid-answer
    answer = batched.ask("How many employees does DeepSeek have?")
    assert "150" in answer.text
    assert_cites(answer, "fewer than 150 employees")


def test_a_reply_to_avoid_is_never_given_decoded_alone_or_in_a_batch(batched, real):
    # The second draft (bot/rag.py): the model's best reply other than its decline.
    messages = real._plan("What is the name of DeepSeek's CEO?", []).messages
    decline = real.decline_text
    first = "".join(real.generator.stream(messages, max_tokens=40)).strip()
    assert is_decline(first), first  # the model's own reply to a question the article cannot answer
    for generator in (real.generator, batched.generator):
        other = "".join(generator.stream(messages, max_tokens=40, avoid=[decline])).strip()
        assert other and not other.startswith(decline), other
