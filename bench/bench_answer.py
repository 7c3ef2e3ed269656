"""Answer speed and memory: this bot against raw llama-cpp-python, same model, one run.

    .venv/bin/python bench/bench_answer.py [--questions N]

Prints a markdown table and writes bench/out/answer.json. Measured on whatever machine
runs it; rerun rather than trust old numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import Bot, Settings  # noqa: E402
from bot.evaluate import load_golden  # noqa: E402

COLD_QUESTION = "How many employees does DeepSeek have?"


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def cold_start(env_extra: dict) -> float:
    """Seconds from process start to the first complete answer, in a fresh interpreter."""
    code = (
        "import time, sys; t0 = time.perf_counter(); from bot import ask; "
        f"a = ask({COLD_QUESTION!r}); print(time.perf_counter() - t0); sys.exit(0 if not a.abstained else 1)"
    )
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ, **env_extra), cwd=ROOT, timeout=900)
    wall = time.perf_counter() - started
    if out.returncode != 0:
        raise SystemExit(f"cold start run failed: {out.stderr[-2000:]}")
    return wall


def raw_classic(llm, question: str, passages: list[str], max_tokens: int) -> tuple[float, float, int]:
    """A classic RAG call on raw llama-cpp-python: top passages pasted before the question."""
    context = "\n\n".join(f"[{i + 1}] {p}" for i, p in enumerate(passages))
    messages = [
        {"role": "system", "content": "Answer only from the passages and cite them like [1]."},
        {"role": "user", "content": f"Passages:\n{context}\n\nQuestion: {question}"},
    ]
    llm.reset()  # a classic pipeline has no shared prefix between questions
    t0 = time.perf_counter()
    first, n = 0.0, 0
    for chunk in llm.create_chat_completion(messages=messages, temperature=0, max_tokens=max_tokens, stream=True):
        if chunk["choices"][0]["delta"].get("content"):
            n += 1
            first = first or time.perf_counter() - t0
    return first, time.perf_counter() - t0, n


def floor(llm, question_tokens: list[int]) -> float:
    """Physical floor on a warm cache: prefill just the question, then one decode step."""
    t0 = time.perf_counter()
    llm.eval(question_tokens)
    llm.sample(temp=0)
    return time.perf_counter() - t0


def plot(results: dict, path: Path) -> None:
    """Bars of first-token and whole-answer time: this bot, raw classic RAG, and the floor."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    o, r = results["ours"], results["raw_classic"]
    labels = ["first token (p50)", "whole answer (p50)"]
    fig, ax = plt.subplots(figsize=(7, 3.6))
    x = range(len(labels))
    ax.bar([i - 0.27 for i in x], [o["first_token_p50"], o["total_p50"]], 0.27, label="this bot (cached prefix)")
    ax.bar([i for i in x], [r["first_token_p50"], r["total_p50"]], 0.27, label="raw llama-cpp-python, classic top-3 RAG")
    ax.bar([i + 0.27 for i in x], [results["floor_first_token_p50"], 0], 0.27, label="floor: question prefill + 1 token")
    ax.set_xticks(list(x), labels)
    ax.set_ylabel("seconds")
    ax.set_title(f"Qwen2.5-Coder-1.5B Q4_K_M on {results['machine']}, {results['date']}")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=12, help="answerable golden questions to time")
    parser.add_argument("--no-cold", action="store_true", help="skip the two cold-start runs")
    args = parser.parse_args()

    settings = Settings.from_env()
    results: dict = {"date": time.strftime("%Y-%m-%d"), "machine": f"{os.cpu_count()} cores"}

    t0 = time.perf_counter()
    bot = Bot.from_settings(settings, progress=False)
    results["index_and_model_locate_s"] = time.perf_counter() - t0

    # Index build time from scratch (into a temp dir), embedder already loaded.
    from bot.sources import load_documents
    from bot.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        tmp_index = Path(tmp)
        shutil.copytree(settings.index_dir / "sources", tmp_index / "sources")
        (tmp_index / "sources.json").write_bytes((settings.index_dir / "sources.json").read_bytes())
        bot.retriever.embedder.embed(["warm up"])
        t0 = time.perf_counter()
        open_store(tmp_index, load_documents(tmp_index), bot.retriever.embedder, max_words=settings.chunk_words)
        results["index_build_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    bot.warm()
    results["warm_s"] = time.perf_counter() - t0

    items = [i for i in load_golden() if i.answerable][: args.questions]
    # This bot, interleaved with raw llama-cpp-python on this bot's own prompt and sampling
    # (same cached prefix, same tokens out), so drift in machine speed hits both alike.
    llm = bot.generator.llm
    ours, same = [], []
    for item in items:
        ours.append(bot.ask(item.question))
        messages = bot._plan(item.question, []).messages
        t0 = time.perf_counter()
        first, n = 0.0, 0
        for chunk in llm.create_chat_completion(messages=messages, temperature=0, top_k=1, repeat_penalty=1.0,
                                                seed=0, max_tokens=settings.max_answer_tokens, stream=True):
            if chunk["choices"][0]["delta"].get("content"):
                n += 1
                first = first or time.perf_counter() - t0
        same.append((first, time.perf_counter() - t0, n))
    results["raw_same_prompt"] = {
        "first_token_p50": pct([r[0] for r in same], .5), "total_p50": pct([r[1] for r in same], .5),
        "decode_tokens_per_s": statistics.median(
            [(r[2] - 1) / (r[1] - r[0]) for r in same if r[2] > 3 and r[1] > r[0]]),
    }
    ttft = [a.timings.first_token_s for a in ours if a.timings.first_token_s]
    total = [a.timings.total_s for a in ours]
    retrieve = [a.timings.retrieve_s for a in ours]
    # Same formula as for the raw runs: tokens after the first over the time after the first.
    tps = [(a.timings.completion_tokens - 1) / (a.timings.generate_s - a.timings.first_token_s)
           for a in ours if a.timings.completion_tokens > 3]
    results["ours"] = {
        "first_token_p50": pct(ttft, .5), "first_token_p95": pct(ttft, .95),
        "total_p50": pct(total, .5), "total_p95": pct(total, .95),
        "retrieve_p50": pct(retrieve, .5), "decode_tokens_per_s": statistics.median(tps),
    }

    # Raw llama-cpp-python on the same loaded model: classic top-3 RAG and the floor.
    raw = []
    for item in items:
        hits = bot.retriever.search([item.question], 3)
        raw.append(raw_classic(llm, item.question, [h.chunk.text for h in hits], settings.max_answer_tokens))
    results["raw_classic"] = {
        "first_token_p50": pct([r[0] for r in raw], .5), "first_token_p95": pct([r[0] for r in raw], .95),
        "total_p50": pct([r[1] for r in raw], .5), "total_p95": pct([r[1] for r in raw], .95),
        "decode_tokens_per_s": statistics.median(
            [(r[2] - 1) / (r[1] - r[0]) for r in raw if r[2] > 3 and r[1] > r[0]]),
    }
    # Floor: restore the warm prefix, then time prefill of the question alone + one token.
    bot._ready = False
    bot.warm()
    floors = []
    for item in items:
        q = llm.tokenize(item.question.encode(), add_bos=False)
        n = llm.n_tokens
        floors.append(floor(llm, q))
        llm.n_tokens = n  # drop the question again; the prefix stays cached
        llm._ctx.kv_cache_seq_rm(-1, n, -1)
    results["floor_first_token_p50"] = pct(floors, .5)
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    if not args.no_cold:
        model = str(bot.generator.model_path)
        results["cold_start_saved_state_s"] = cold_start({"BOT_MODEL_PATH": model})
        with tempfile.TemporaryDirectory() as empty_cache:
            results["cold_start_no_state_s"] = cold_start({"BOT_MODEL_PATH": model, "BOT_CACHE_DIR": empty_cache})

    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "answer.json").write_text(json.dumps(results, indent=2))
    plot(results, out / "answer.png")
    o, r, same = results["ours"], results["raw_classic"], results["raw_same_prompt"]
    rows = [
        # The third column re-asks the bot's exact prompt, whose tokens are then all cached:
        # only its decode speed is comparable.
        ("time to first token, p50 (s)", o["first_token_p50"], r["first_token_p50"], None),
        ("time to first token, p95 (s)", o["first_token_p95"], r["first_token_p95"], None),
        ("whole answer, p50 (s)", o["total_p50"], r["total_p50"], None),
        ("whole answer, p95 (s)", o["total_p95"], r["total_p95"], None),
        ("decode (tokens/s)", o["decode_tokens_per_s"], r["decode_tokens_per_s"], same["decode_tokens_per_s"]),
    ]
    print(f"{results['date']}, {results['machine']}, {len(items)} golden questions\n")
    print("| measure | this bot (cached prefix) | raw llama-cpp-python, classic top-3 RAG "
          "| raw llama-cpp-python, this bot's prompt |")
    print("|---|---|---|---|")
    for name, *values in rows:
        print(f"| {name} | " + " | ".join("–" if v is None else f"{v:.2f}" for v in values) + " |")
    print(f"\nfloor (question prefill + 1 token on a warm cache): {results['floor_first_token_p50']:.2f} s")
    print(f"retrieval per question, p50: {o['retrieve_p50'] * 1000:.0f} ms")
    print(f"index build ({len(bot.store)} passages): {results['index_build_s']:.2f} s; warm-up (load model + prefix): {results['warm_s']:.1f} s")
    if "cold_start_saved_state_s" in results:
        print(f"cold start to first answer: {results['cold_start_saved_state_s']:.1f} s with saved state, "
              f"{results['cold_start_no_state_s']:.1f} s without")
    print(f"peak RSS: {results['peak_rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
