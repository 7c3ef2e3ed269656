"""What each grounding stage is worth, on the fresh article questions (dev half by default).

    .venv/bin/python bench/bench_grounding.py [--split dev|test] [--set FILE]

One model load; variants of the pipeline on the same questions: the model's draft alone (no
checking), the full pipeline, the pipeline without the "unknown name" early decline, and
without the model as second judge. Prints one markdown table; "shown as grounded but wrong" is judged by
the set's own labels, not by the verifier.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import Answer, Bot, Settings  # noqa: E402
from bot.evaluate import DATA, load_golden, score, summarize  # noqa: E402
from bot.text import cited_sentences, is_decline  # noqa: E402

KEEP = [
    "answerable: fact and a citation holding it", "false declines (answerable declined)",
    "unanswerable declined (incl. traps, false premises)", "traps declined",
    "SHOWN AS GROUNDED BUT WRONG (by the set's labels)", "whole answer p50 / p95 (s)",
]


def draft_only(bot: Bot, item) -> Answer:
    """The model's own answer with the citations it wrote itself, unchecked."""
    started = time.perf_counter()
    plan = bot._plan(item.question, list(item.history))
    raw = "".join(bot.generator.stream(plan.messages, max_tokens=bot.settings.max_answer_tokens)).strip()
    cited = sorted({n for _, cites in cited_sentences(raw) for n in cites if n in plan.shown})
    from bot.answer import Timings
    return Answer(item.question, raw, [plan.shown[n] for n in cited], is_decline(raw),
                  plan.ranked[: bot.settings.top_k], raw_text=raw,
                  timings=Timings(total_s=time.perf_counter() - started))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev")
    ap.add_argument("--set", default=str(DATA / "article_fresh.jsonl"))
    args = ap.parse_args()
    base = Settings.from_env()
    bot = Bot.from_settings(base, progress=False)
    bot.warm()
    items = load_golden(Path(args.set), split=args.split)
    k = base.top_k
    variants = {
        "full pipeline": {},
        "no 'unknown name' decline": {"decline_unknown_names": False},
        "without the model as second judge": {"model_judge": False},
    }
    results = {"model draft only": [score(draft_only(bot, i), i, k) for i in items]}
    for name, changes in variants.items():
        bot.settings = base.with_(**changes)
        results[name] = [score(bot.ask(i.question, history=list(i.history)), i, k) for i in items]
    bot.settings = base
    tables = {name: dict(summarize(rows)) for name, rows in results.items()}
    print(f"{len(items)} questions ({Path(args.set).name}, {args.split})\n")
    print("| metric | " + " | ".join(tables) + " |")
    print("|---" * (len(tables) + 1) + "|")
    for m in KEEP:
        print(f"| {m} | " + " | ".join(t[m] for t in tables.values()) + " |")


if __name__ == "__main__":
    main()
