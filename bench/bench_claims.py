"""The claim suite (tests/data/*claims.jsonl) through the checker: words and structure alone,
and with the default model as second judge where only wording is in doubt.

    .venv/bin/python bench/bench_claims.py [--split dev|test|all] [--no-judge]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import Settings  # noqa: E402
from bot.evaluate import claim_suite, load_claims  # noqa: E402


def show(name: str, result: dict, seconds: float) -> None:
    c = result["confusion"]
    t, f = c["true accepted"] + c["true rejected"], c["false rejected"] + c["false accepted"]
    print(f"\n## {name} ({seconds:.1f} s)\n")
    print("| | accepted | rejected |\n|---|---|---|")
    print(f"| true claims ({t}) | {c['true accepted']} | {c['true rejected']} |")
    print(f"| false claims ({f}) | {c['false accepted']} | {c['false rejected']} |")
    print(f"\ntrue accepted {c['true accepted'] / max(t, 1):.1%}, false rejected {c['false rejected'] / max(f, 1):.1%}\n")
    print("| class | right |\n|---|---|")
    for k, (ok, n) in sorted(result["by_class"].items()):
        print(f"| {k} | {ok}/{n} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev")
    ap.add_argument("--no-judge", action="store_true")
    ap.add_argument("-v", action="store_true", help="list the misses")
    args = ap.parse_args()
    rows = load_claims(None if args.split == "all" else args.split)
    started = time.perf_counter()
    plain = claim_suite(rows)
    show(f"{args.split}: words and structure", plain, time.perf_counter() - started)
    if args.v:
        for m in plain["misses"]:
            print(m)
    if args.no_judge:
        return
    from bot.generate import LlamaCppGenerator
    from bot.judge import ModelJudge
    from bot.models import resolve_model
    from bot.prompts import Prompts

    s = Settings()
    generator = LlamaCppGenerator(resolve_model(None, s.cache_dir), n_ctx=2048, n_threads=s.n_threads)
    judge = ModelJudge(generator, Prompts(s.prompts_dir), "You check claims against sources. Answer Yes or No.",
                       s.judge_threshold)
    started = time.perf_counter()
    judged = claim_suite(rows, judge=judge)
    took = time.perf_counter() - started
    show(f"{args.split}: with the model as second judge", judged, took)
    print(f"judge calls: {judge.calls}, {took / max(judge.calls, 1):.2f} s per call (no cached prefix here)")
    if args.v:
        for m in judged["misses"]:
            print(m)


if __name__ == "__main__":
    main()
