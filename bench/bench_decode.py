"""Whole-answer speed: plain decoding against prompt-lookup (speculative) decoding, one run.

    .venv/bin/python bench/bench_decode.py [--questions N] [--set FILE]

Same model, same prompts (the bot's own: its cached block of passages, then the question),
temperature 0, interleaved question by question so that the machine's state is shared:

- raw plain: llama-cpp-python's `create_chat_completion`, one token per step (its own
  prefix cache keeps the passages between questions);
- raw + library lookup: the same with llama-cpp-python's `LlamaPromptLookupDecoding`
  (defaults: 2-grams, 10 drafted tokens; it needs `logits_all=True` to run at all);
- raw + this bot's lookup: the same with this bot's `PromptLookup` (3 drafted tokens after
  the longest earlier match of 2 to 8 tokens);
- bot, drafts off / on: `Bot.ask`, the whole verified answer (retrieval, generation,
  checking, the model judge when asked), `draft_tokens=0` against the default.

Each configuration is its own model instance, and the order rotates from question to
question. Only questions answered from the article's block are timed (raw llama-cpp-python
would process another block's 2,000 prompt tokens afresh; the bot restores them). Prints a
markdown table and writes bench/results/decode.json. The default questions are the golden
set's (the draft length was chosen on article_fresh's dev half, not on these).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import Bot, Settings  # noqa: E402
from bot.evaluate import load_golden  # noqa: E402


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def raw_run(llm, messages, max_tokens):
    t0 = time.perf_counter()
    first, pieces = None, []
    for chunk in llm.create_chat_completion(messages=messages, temperature=0.0, top_k=1, repeat_penalty=1.0,
                                            max_tokens=max_tokens, seed=0, stream=True):
        piece = chunk["choices"][0]["delta"].get("content")
        if piece:
            first = first if first is not None else time.perf_counter() - t0
            pieces.append(piece)
    return {"first": first or 0.0, "whole": time.perf_counter() - t0, "tokens": len(pieces), "text": "".join(pieces)}


def bot_run(bot, question):
    t0 = time.perf_counter()
    answer = bot.ask(question)
    t = answer.timings
    return {"first": t.first_token_s, "whole": time.perf_counter() - t0, "tokens": t.completion_tokens,
            "text": answer.raw_text, "answer": answer.text, "abstained": answer.abstained}


def summary(rows):
    decoding = [r for r in rows if r["tokens"] > 1]
    seconds = sum(r["whole"] - r["first"] for r in decoding)
    return {"first_p50": pct([r["first"] for r in rows], 0.5), "whole_p50": pct([r["whole"] for r in rows], 0.5),
            "whole_p95": pct([r["whole"] for r in rows], 0.95), "tokens": sum(r["tokens"] for r in rows),
            # after the first token, over every answer that had more than one
            "tokens_per_s": sum(r["tokens"] - 1 for r in decoding) / seconds if seconds else 0.0}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--questions", type=int, default=40)
    ap.add_argument("--set", default=str(ROOT / "tests/data/golden.jsonl"))
    args = ap.parse_args()
    from llama_cpp import Llama
    from llama_cpp.llama_speculative import LlamaPromptLookupDecoding

    from bot.generate import PromptLookup

    settings = Settings()
    plain_bot = Bot.from_settings(replace(settings, draft_tokens=0), progress=False)
    bot = Bot.from_settings(settings, progress=False)
    items, prompts = [], []
    for item in load_golden(Path(args.set)):
        plan = bot._plan(item.question, [])
        if item.kind not in ("injection", "followup") and plan.block is bot.blocks[0] and len(items) < args.questions:
            items.append(item)
            prompts.append(plan.messages)
    path = str(bot.generator.model_path)
    kw = dict(n_ctx=settings.n_ctx, n_threads=settings.n_threads, n_threads_batch=settings.n_threads,
              n_batch=512, seed=0, verbose=False)
    raw = Llama(path, **kw)
    raw_lookup = Llama(path, **kw, logits_all=True, draft_model=LlamaPromptLookupDecoding())
    raw_ours = Llama(path, **kw, logits_all=True)
    raw_ours.draft_model = PromptLookup(raw_ours, draft=settings.draft_tokens)
    max_tokens = settings.max_answer_tokens
    runs = {
        "raw plain": lambda i, m: raw_run(raw, m, max_tokens),
        "raw + library lookup": lambda i, m: raw_run(raw_lookup, m, max_tokens),
        "raw + this bot's lookup": lambda i, m: raw_run(raw_ours, m, max_tokens),
        "bot, drafts off": lambda i, m: bot_run(plain_bot, i.question),
        "bot, drafts on": lambda i, m: bot_run(bot, i.question),
    }
    for name, run in runs.items():  # warm: the block's prefix processed or restored once each
        run(items[0], prompts[0])
    results: dict[str, list[dict]] = {name: [] for name in runs}
    run_of = runs
    for n, (item, messages) in enumerate(zip(items, prompts), 1):
        order = list(runs)[n % len(runs):] + list(runs)[: n % len(runs)]
        for name in order:
            results[name].append(run_of[name](item, messages))
        print(f"{n}/{len(items)} {item.question[:60]!r}: "
              + ", ".join(f"{k} {v[-1]['whole']:.2f}s" for k, v in results.items()), flush=True)

    table = {name: summary(rows) for name, rows in results.items()}
    pairs = {"raw + library lookup": "raw plain", "raw + this bot's lookup": "raw plain", "bot, drafts on": "bot, drafts off"}
    for name, rows in results.items():
        other = results[pairs.get(name, name)]
        table[name]["identical"] = sum(a["text"].strip() == b["text"].strip() for a, b in zip(other, rows))
    same_answers = sum(a["answer"] == b["answer"] for a, b in zip(results["bot, drafts off"], results["bot, drafts on"]))
    base = table["raw plain"]["whole_p50"]
    print(f"\n{len(items)} questions from {Path(args.set).name} answered from the article's block, "
          "same prompts, temperature 0\n")
    print("| | first token p50 | whole p50 | whole p95 | tokens/s after the first (bot: incl. checking) | whole p50 / raw plain | same text as without drafts |")
    print("|---|---|---|---|---|---|---|")
    for name, row in table.items():
        print(f"| {name} | {row['first_p50']:.2f} s | {row['whole_p50']:.2f} s | {row['whole_p95']:.2f} s | "
              f"{row['tokens_per_s']:.1f} | {row['whole_p50'] / base:.2f}x | {row['identical']}/{len(items)} |")
    print(f"\nverified answers identical with drafts off and on: {same_answers}/{len(items)}")
    out = ROOT / "bench" / "results" / "decode.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"questions": [i.question for i in items], "table": table,
                               "verified_answers_identical": same_answers, "runs": results}, indent=1))


if __name__ == "__main__":
    main()
