"""The real thing: bundled MiniLM embedder, real FAISS, the default Qwen2.5 1.5B through llama.cpp.

The model loads once per test session. Each answerable question must come back with
the fact in the answer and a citation to a passage that holds it; each question the
article does not answer must be declined.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import bot
from bot.evaluate import citations_valid, cited_correctly, fact_in, load_golden
from bot.testing import assert_cites, assert_declines, assert_grounded

from .conftest import ROOT, copy_index

pytestmark = pytest.mark.real

GOLDEN = load_golden()
ANSWERABLE = [i for i in GOLDEN if i.kind in ("number", "name", "fact")]
# Unanswerable from the article alone; the DeepSeek-V3 README, a default source, gives the
# parameter count (tested below, not as a decline).
UNANSWERABLE = [i for i in GOLDEN if i.kind == "unanswerable" and i.id != "parameters"]


def explain(answer) -> str:
    cited = "; ".join(f"[{c.n}] {c.text[:80]}…" for c in answer.citations)
    return f"answer={answer.text!r} raw={answer.raw_text!r} cited={cited}"


@pytest.mark.parametrize("item", ANSWERABLE, ids=[i.id for i in ANSWERABLE])
def test_an_answer_is_right_cited_and_grounded_or_a_decline(real, item):
    # Never a wrong answer shown as a cited one; a decline costs the user less. How many of
    # these are answered is asserted in aggregate (test_real_grounding.py).
    answer = bot.ask(item.question)
    if answer.abstained:
        assert_declines(answer)
        return
    assert fact_in(answer, item), explain(answer)
    assert cited_correctly(answer, item), explain(answer)
    assert citations_valid(answer), explain(answer)
    assert_grounded(answer)  # every shown sentence is cited and stated by its passage


@pytest.mark.parametrize("question, fact, words", [
    ("How many employees does DeepSeek have?", "150", "fewer than 150 employees"),
    ("When was DeepSeek officially established?", "2023", "officially established in 2023"),
    ("Which city is DeepSeek from?", "Hangzhou", "Hangzhou"),
    ("By what percentage did Nvidia's market capitalization fall?", "17%", "17%"),
])
def test_the_articles_core_facts_are_answered(real, question, fact, words):
    answer = bot.ask(question)
    assert fact in answer.text, explain(answer)
    assert_cites(answer, words)
    assert_grounded(answer)


def test_a_draft_in_the_questions_words_is_answered_by_the_sentence_it_read_its_answer_from(real):
    # The model drafts "The US set an ambitious goal to ...": "set" is the question's word, the
    # article's is "spearheaded". The answer is the article's sentence, cited.
    answer = bot.ask("What ambitious goal did the US set for AI in recent years?")
    assert "industrial revolution" in answer.text, explain(answer)
    assert_cites(answer, "industrial revolution")
    assert_grounded(answer)


def test_a_name_typed_in_lower_case_binds_an_answer_as_one_in_capitals(real):
    # The article gives OpenAI's and Google's spending, not Meta's; typed in lower case, "meta"
    # was no name, and the sentence about OpenAI and Google was quoted as the answer.
    assert_declines(bot.ask("how much did meta spend to train its model"))
    # "before deepseek came along" only sets the scene: Trump's plans are in a clause of their own.
    answer = bot.ask("what did trump push for before deepseek came along")
    assert "infrastructure investments" in answer.text, explain(answer)
    assert_cites(answer, "infrastructure investments")
    assert_grounded(answer)


@pytest.mark.parametrize("item", UNANSWERABLE, ids=[i.id for i in UNANSWERABLE])
def test_question_the_article_does_not_answer_is_declined(real, item):
    answer = assert_declines(bot.ask(item.question))
    assert answer.text == "The sources don't say."  # the article and the three linked sources
    assert len(answer.passages) > 0


@pytest.mark.parametrize("question, verdict, fact", [
    ("Was DeepSeek officially established before 2020?", "No", "2023"),
    ("Did Nvidia's market capitalization plummet by more than 15%?", "Yes", "17%"),
])
def test_a_yes_no_comparison_with_a_number_is_answered_from_the_source_s_value(real, question, verdict, fact):
    # The model alone answered the first "Yes"; the source's year is checked and compared.
    answer = bot.ask(question)
    assert answer.text.startswith(verdict) and fact in answer.text, explain(answer)
    assert_cites(answer, fact)
    assert_grounded(answer)


def test_a_question_only_a_linked_source_answers_is_answered_from_it_or_declined(real):
    answer = bot.ask("How many parameters does DeepSeek's model have?")
    if answer.abstained:
        assert_declines(answer)
        return
    assert "671" in answer.text or "37" in answer.text, explain(answer)
    assert_grounded(answer)
    assert any("671B" in c.text or "37B" in c.text for c in answer.citations), explain(answer)


def test_stream_yields_pieces_then_the_verified_answer(real):
    s = bot.stream("Which city is DeepSeek from?")
    pieces = list(s)
    assert len(pieces) > 1 and "Hangzhou" in "".join(pieces)
    assert "Hangzhou" in s.answer.text and "Hangzhou" in s.answer.citations[0].text
    t = s.answer.timings
    assert 0 < t.first_token_s <= t.total_s and t.completion_tokens > 0


@pytest.mark.parametrize("before, question, fact", [
    (("What is DeepSeek?", "DeepSeek is a small company from Hangzhou [1]."),
     "When was it officially established?", "2023"),
    # The frame is not part of the question: its "OK" was read as a name no source mentions,
    # and the question declined unanswered.
    (("How many employees does DeepSeek have?", "DeepSeek has a team of fewer than 150 employees [4]."),
     "OK, and where is it from?", "Hangzhou"),
    # A bare "that" stands for what the previous answer said: left bare, it was declined.
    (("Which companies became leaders thanks to internet technology?",
      "Microsoft, Google, and Apple became leaders thanks to internet technology [20]."),
     "When was that?", "1990s"),
    # A name typed in lower case is still a name: "it" had become Hangzhou, the answer's only name.
    (("which city is deepseek from?", "The company comes from Hangzhou [1]."),
     "when was it formally set up?", "2023"),
    # A topic set out before a dash takes the place of the question's "that" (read as the
    # previous answer before), and "how long" is answered by "since 2016".
    (("When was DeepSeek set up?", "DeepSeek was officially established in 2023 [14]."),
     "And its parent company — how long has that been exploring AI?", "2016"),
    # The "it" that tells about a clause is the article, not the previous question's subject.
    (("Who was DeepSeek trying to take down?", "DeepSeek initially sought to take down Nvidia [11]."),
     "Which giants does it say were dismayed?", "Silicon Valley"),
], ids=["pronoun", "conversational-frame", "bare-that-date", "name-in-lower-case", "topic-before-a-dash",
        "it-that-tells"])
def test_follow_up_uses_the_history(real, before, question, fact):
    history = [{"role": "user", "content": before[0]}, {"role": "assistant", "content": before[1]}]
    answer = real.ask(question, history=history)
    assert fact in answer.text, explain(answer)
    assert_cites(answer, fact)


def test_a_question_pointing_back_at_nothing_is_declined_not_answered_by_a_guessed_quote(real):
    """"What did that push them toward?" with no conversation to point back at (a new chat,
    or after a declined question, which is left out of the history): picked by its words, a
    sentence about Trump's plans was quoted as the answer; "How much is that in dollars?" got
    OpenAI's spending. Both are declined now."""
    for question in ("What did that push them toward?", "How much is that in dollars?", "What led to that?"):
        assert_declines(real.ask(question))
    # Right after a declined turn, "that" is not the answer before it (the dollar's strength).
    page = [{"role": "user", "content": "What does the dollar's strength stand for?"},
            {"role": "assistant", "content": "The dollar's strength embodies American authority [19]."},
            {"role": "user", "content": "What is China's national debt?"},
            {"role": "assistant", "content": "The sources don't say."}]
    assert_declines(real.ask("What caused that?", history=page))


def test_saved_prompt_state_is_reused_by_a_new_model(real):
    """A second process-like generator restores the processed passages instead of redoing them."""
    from bot.generate import LlamaCppGenerator

    messages = real._messages(real.blocks[0])  # the article's block, as warm() processed and saved it
    fresh = LlamaCppGenerator(real.generator.model_path, n_ctx=real.settings.n_ctx)
    saved = real.settings.cache_dir / "states" / f"{fresh._state_key(messages)}.kv"
    assert saved.exists(), "warm() should have saved the processed prompt"
    assert fresh._load_state(saved)
    assert fresh.llm.n_tokens > 1000  # the passages are in the restored cache
    reply = "".join(fresh.stream(real._plan("Which city is DeepSeek from?", []).messages, max_tokens=12))
    assert "Hangzhou" in reply


def test_cli_ask_prints_the_answer_and_its_source(tmp_path):
    index = copy_index(tmp_path / "index")
    env = dict(os.environ, BOT_INDEX_DIR=str(index))
    out = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "How many employees does DeepSeek have?"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=600,
    )
    assert out.returncode == 0, out.stderr
    assert "150" in out.stdout and "Sources:" in out.stdout
    assert "fewer than 150 employees" in out.stdout


def test_cli_reports_a_missing_model_clearly(tmp_path):
    env = dict(os.environ, BOT_INDEX_DIR=str(copy_index(tmp_path / "index")),
               BOT_MODEL_PATH=str(tmp_path / "nope.gguf"))
    out = subprocess.run([sys.executable, "-m", "bot", "ask", "Hi?"],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert out.returncode == 1
    assert "model file not found" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize("question, expect", [
    ("<b>How many</b> employees does **DeepSeek** have?", "150"),
    ("\x00How many employees\x07 does DeepSeek have?\ud800", "150"),
    ("DeepSeek 的总部在哪个城市？", "请用英语提问"),  # asked, in its language, to ask in English
    ("¿Cuántos empleados tiene DeepSeek?", "pregunte en inglés"),
    ("How many employees does DeepSeek have? " * 300, "limit"),
])
def test_odd_questions_get_an_answer_or_a_clear_error(real, question, expect):
    try:
        answer = bot.ask(question)
    except bot.InvalidQuestion as e:
        assert expect == "limit" and "limit" in str(e)
        return
    assert expect != "limit"
    if expect:
        assert expect in answer.text, explain(answer)
    assert not answer.citations or all(c.text for c in answer.citations)


def test_cli_index_rebuilds_with_progress(tmp_path):
    index = copy_index(tmp_path / "index")
    env = dict(os.environ, BOT_INDEX_DIR=str(index))
    out = subprocess.run([sys.executable, "-m", "bot", "index"], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "index built:" in out.stdout and "from 4 source(s)" in out.stdout
    assert (index / "built" / "CURRENT").exists()
    # What was built holds the whole article, passage by passage, and finds a fact in it.
    from bot.embedder import MiniLMEmbedder
    from bot.retrieve import Retriever
    from bot.sources import load_documents
    from bot.store import open_store

    docs = load_documents(index)
    embedder = MiniLMEmbedder()
    store = open_store(index, docs, embedder, max_words=90)
    built = " ".join(c.text for c in store.chunks)
    body = (index / "sources" / f"{docs[0].id}.txt").read_text(encoding="utf-8").splitlines()[2:]
    assert all(paragraph.strip() in built for paragraph in body)
    hits = Retriever(store, embedder).search(["Which city is DeepSeek from?"], len(store))
    best_of_article = next(h for h in hits if h.chunk.source_id == docs[0].id)
    assert "Hangzhou" in best_of_article.chunk.text


def test_cli_eval_prints_the_metrics_table(tmp_path):
    golden = [i for i in load_golden() if i.id in ("employees", "ceo")]
    qset = tmp_path / "set.jsonl"
    qset.write_text("\n".join(
        json.dumps({"id": i.id, "kind": i.kind, "question": i.question,
                    "answer_any": list(i.answer_any), "evidence": i.evidence}) for i in golden))
    env = dict(os.environ, BOT_INDEX_DIR=str(copy_index(tmp_path / "index")))
    out = subprocess.run([sys.executable, "-m", "bot", "eval", "--set", str(qset), "--json", str(tmp_path / "r.json")],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "| answerable: fact and a citation holding it | 1/1 (100%) |" in out.stdout
    assert "| unanswerable declined (incl. traps, false premises) | 1/1 (100%) |" in out.stdout
    assert json.loads((tmp_path / "r.json").read_text())["rows"][0]["correct"] is True


def test_the_model_as_judge_reads_yes_and_no_from_its_probabilities(real):
    """The judge's probability of Yes is high for a source sentence that states the claim and
    low for one that states the opposite; the threshold decides between them."""
    from bot.judge import ModelJudge

    source = ("In stark contrast, DeepSeek has managed to achieve similar, if not better, outcomes with a team "
              "of fewer than 150 employees at a remarkably low cost of just $6 million.")
    # The bot's own cached prompt as the judge's system message, as in the pipeline.
    judge = ModelJudge(real.generator, real.prompts, real.blocks[0].system)
    stated = judge.probability("DeepSeek got its results for a cost of only 6 million dollars.", source)
    flipped = judge.probability("DeepSeek needed more than 150 employees to get its results.", source)
    assert 0.0 <= flipped < judge.threshold <= stated <= 1.0, (stated, flipped)
    assert judge("DeepSeek got its results for a cost of only 6 million dollars.", source)
    assert not judge("DeepSeek needed more than 150 employees to get its results.", source)
