"""Answer speed with the four default sources (blocks of cached prompts), in one run:

- this bot over the article and the linked sources (12 blocks), on article questions and on
  questions about the linked sources, asked alternately so that most questions switch block;
- the same bot over the article alone (one block), on the article questions;
- raw llama-cpp-python with the same loaded model: a classic top-3 RAG call per question
  (passages from this bot's retriever, pasted before the question, no cache shared);
- the blocks: how many, their prompt tokens, their saved states' size on disk, and what
  restoring one costs.

    .venv/bin/python bench/bench_blocks.py [--questions N]

Run `python -m bot prepare` first (or let this script prepare the blocks, which it times).
Prints markdown tables and writes bench/results/blocks.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import Bot, Settings  # noqa: E402
from bot.evaluate import load_golden  # noqa: E402
from bot.generate import _digest  # noqa: E402
from bot.sources import load_documents  # noqa: E402
from bot.store import open_store  # noqa: E402

from bench_answer import pct, raw_classic  # noqa: E402

LINKED = ROOT / "tests" / "data" / "linked_questions.jsonl"
ARTICLE = "deepseek-shakes-up-the-tech-scene"


def article_only(settings: Settings, tmp: Path, like: Bot) -> Bot:
    """A bot over the article alone, sharing `like`'s embedder and loaded model."""
    index = tmp / "index"
    (index / "sources").mkdir(parents=True)
    registry = json.loads((settings.index_dir / "sources.json").read_text())
    registry["sources"] = [e for e in registry["sources"] if e["id"] == ARTICLE]
    (index / "sources.json").write_text(json.dumps(registry))
    shutil.copy(settings.index_dir / registry["sources"][0]["file"], index / "sources")
    s = settings.with_(index_dir=index)
    embedder = like.retriever.embedder
    store = open_store(index, load_documents(index), embedder, max_words=s.chunk_words)
    return Bot(store, embedder, like.generator, s)


def timings(answers) -> dict:
    first = [a.timings.first_token_s for a in answers if a.timings.first_token_s]
    total = [a.timings.total_s for a in answers]
    return {"n": len(answers), "first_token_p50": pct(first, .5), "first_token_p95": pct(first, .95),
            "total_p50": pct(total, .5), "total_p95": pct(total, .95)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=12, help="questions of each kind")
    args = parser.parse_args()
    settings = Settings.from_env().with_(prepare_in_background=False)  # prepared below, in view
    results: dict = {"date": time.strftime("%Y-%m-%d"), "machine": f"{os.cpu_count()} cores"}

    bot = Bot.from_settings(settings, progress=False)
    bot.warm()
    t0 = time.perf_counter()
    bot.prepare_all(progress=True)
    results["prepare_remaining_s"] = time.perf_counter() - t0
    blocks = bot.blocks
    gen = bot.generator
    states = [p for p in (gen._saved.get(_digest(bot._messages(b))) for b in blocks) if p]
    results["blocks"] = len(blocks)
    results["passages"] = len(bot.store)
    results["block_prompt_tokens"] = [gen.count_tokens(b.system) for b in blocks]
    results["states_mb"] = sum(p.stat().st_size for p in states) / 1e6
    # Restoring a block's state, as a question for another block does.
    loads = []
    for path in states * 2:
        t0 = time.perf_counter()
        gen._load_state(path)
        loads.append(time.perf_counter() - t0)
    gen._current = None
    results["restore_p50_s"], results["restore_p95_s"] = pct(loads, .5), pct(loads, .95)

    article_q = [i.question for i in load_golden() if i.answerable][: args.questions]
    linked_items = [json.loads(x) for x in LINKED.read_text().splitlines() if x.strip()]
    linked_q = [i["question"] for i in linked_items if i["kind"] not in ("unanswerable", "trap", "false_premise")]
    linked_q = linked_q[: args.questions]
    mixed = [q for pair in zip(article_q, linked_q) for q in pair]

    # Warm-up: one question per block kind, not timed.
    bot.ask(article_q[0])
    ours_mixed = [bot.ask(q) for q in mixed]
    ours_article = [bot.ask(q) for q in article_q]
    with tempfile.TemporaryDirectory() as tmp:
        alone = article_only(settings, Path(tmp), bot)
        alone.warm()
        alone.ask(article_q[0])
        alone_article = [alone.ask(q) for q in article_q]
    raw = []
    for q in mixed:
        hits = bot.retriever.search([q], 3)
        raw.append(raw_classic(gen.llm, q, [h.chunk.text for h in hits], settings.max_answer_tokens))
    gen._current = None  # the raw calls replaced the context
    results["ours_mixed"] = timings(ours_mixed)
    results["ours_article"] = timings(ours_article)
    results["article_only_bot"] = timings(alone_article)
    results["raw_classic_mixed"] = {
        "n": len(raw), "first_token_p50": pct([r[0] for r in raw], .5), "first_token_p95": pct([r[0] for r in raw], .95),
        "total_p50": pct([r[1] for r in raw], .5), "total_p95": pct([r[1] for r in raw], .95)}
    results["switches"] = sum(1 for a, b in zip(mixed, mixed[1:]) if a != b)

    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "blocks.json").write_text(json.dumps(results, indent=2))
    o, oa, al, r = results["ours_mixed"], results["ours_article"], results["article_only_bot"], results["raw_classic_mixed"]
    print(f"\n{results['date']}, {results['machine']}: {results['passages']} passages in {results['blocks']} blocks "
          f"(prompt tokens {min(results['block_prompt_tokens'])}–{max(results['block_prompt_tokens'])}); "
          f"states {results['states_mb']:.0f} MB on disk; restoring one {results['restore_p50_s'] * 1000:.0f} ms p50 "
          f"({results['restore_p95_s'] * 1000:.0f} ms p95)\n")
    print("| measure | four sources, mixed questions | four sources, article questions | article-only bot, "
          "article questions | raw llama-cpp-python, classic top-3 RAG, mixed |")
    print("|---|---|---|---|---|")
    for key, name in (("first_token_p50", "first token p50"), ("first_token_p95", "first token p95"),
                      ("total_p50", "whole answer p50"), ("total_p95", "whole answer p95")):
        print(f"| {name} (s) | {o[key]:.2f} | {oa[key]:.2f} | {al[key]:.2f} | {r[key]:.2f} |")
    print(f"\nfirst token p50, four sources (mixed) / raw classic: {o['first_token_p50'] / r['first_token_p50']:.2f}x; "
          f"/ article-only bot: {o['first_token_p50'] / al['first_token_p50']:.2f}x")


if __name__ == "__main__":
    main()
