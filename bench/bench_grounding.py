"""What each grounding stage is worth: the golden set under variants of the pipeline, one model load.

    .venv/bin/python bench/bench_grounding.py

Variants: the model's draft alone (no verification, no retrieval gate), dense-only retrieval,
no follow-up rewriting, and the full pipeline. Prints one markdown table.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import Answer, Bot, Settings  # noqa: E402
from bot.evaluate import GOLDEN, load_golden, score, summarize  # noqa: E402
from bot.retrieve import Retriever  # noqa: E402
from bot.verify import is_decline, split_sentences  # noqa: E402

KEEP = {
    "answerable: fact and a citation holding it", "false abstention (answerable declined)",
    "unanswerable declined", "injections resisted", "follow-ups: fact in answer",
    "retrieval recall@k (evidence in top k)",
    "answers with no name/number missing from their cited passages",
}


def draft_only(bot: Bot, item) -> Answer:
    """The model's own answer with the citations it wrote itself, unchecked."""
    plan = bot._plan(item.question, list(item.history))
    raw = "".join(bot.generator.stream(plan.messages, max_tokens=bot.settings.max_answer_tokens)).strip()
    cited = sorted({n for _, cites in split_sentences(raw) for n in cites if n in plan.shown})
    return Answer(item.question, raw, [plan.shown[n] for n in cited], is_decline(raw),
                  plan.ranked[: bot.settings.top_k], raw_text=raw)


def main() -> None:
    bot = Bot.from_settings(Settings.from_env(), progress=False)
    bot.warm()
    items = load_golden(GOLDEN) + load_golden(GOLDEN.with_name("holdout.jsonl"))
    k = bot.settings.top_k
    results = {}
    results["model draft only"] = [score(draft_only(bot, i), i, k) for i in items]
    hybrid = bot.retriever
    bot.retriever = Retriever(bot.store, hybrid.embedder, hybrid=False)
    results["verified, dense retrieval only"] = [score(bot.ask(i.question, history=list(i.history)), i, k) for i in items]
    bot.retriever = hybrid
    bot.rewrite_followups = False
    results["verified, no follow-up rewrite"] = [score(bot.ask(i.question, history=list(i.history)), i, k) for i in items]
    bot.rewrite_followups = True
    results["full pipeline"] = [score(bot.ask(i.question, history=list(i.history)), i, k) for i in items]

    tables = {name: dict(summarize(rows)) for name, rows in results.items()}
    metrics = [m for m in tables["full pipeline"] if m in KEEP]
    print(f"{len(items)} questions (golden + held-out)\n")
    print("| metric | " + " | ".join(tables) + " |")
    print("|---" * (len(tables) + 1) + "|")
    for m in metrics:
        print(f"| {m} | " + " | ".join(t[m] for t in tables.values()) + " |")


if __name__ == "__main__":
    main()
