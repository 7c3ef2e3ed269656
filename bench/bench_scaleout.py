"""Scale-out: two bot processes over one index, generating on one OpenAI-compatible server.

    .venv/bin/python bench/bench_scaleout.py [--questions N]

Starts llama-cpp-python's server (`python -m llama_cpp.server`) with the bundled model on a
loopback port, then two `app.py` processes with `BOT_OPENAI_BASE_URL` pointing at it, over one
copy of the article's index built once. Asks the golden questions, alternating between the
two processes, one at a time and then all at once, and reads each answer's own timings
(`timings` in the HTTP response). The server keeps the processed prompt prefix (the
article's passages) between requests whichever bot process sends them: the first request
pays for it, the others do not. Writes bench/results/scaleout.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import Settings  # noqa: E402
from bot.embedder import MiniLMEmbedder  # noqa: E402
from bot.evaluate import load_golden  # noqa: E402
from bot.models import resolve_model  # noqa: E402
from bot.sources import load_documents  # noqa: E402
from bot.store import open_store  # noqa: E402
from tests.conftest import copy_index, generation_server, running_app  # noqa: E402

ARTICLE = "deepseek-shakes-up-the-tech-scene"


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def ask(url: str, question: str) -> dict:
    body = json.dumps({"model": "groundbot", "messages": [{"role": "user", "content": question}]}).encode()
    request = urllib.request.Request(url + "v1/chat/completions", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    t0 = time.perf_counter()
    with urllib.request.urlopen(request, timeout=900) as response:
        reply = json.loads(response.read())
    return {"question": question, "wall": time.perf_counter() - t0, "first": reply["timings"]["first_token_s"],
            "total": reply["timings"]["total_s"], "abstained": reply["abstained"],
            "answer": reply["choices"][0]["message"]["content"]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--questions", type=int, default=12)
    args = ap.parse_args()
    settings = Settings()
    questions = [i.question for i in load_golden() if i.kind in ("fact", "number", "name")][: args.questions]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        index = copy_index(tmp / "index", ARTICLE)
        open_store(index, load_documents(index), MiniLMEmbedder(), max_words=settings.chunk_words)
        with generation_server(resolve_model(None, settings.cache_dir), tmp / "server.log") as base:
            with running_app(index, tmp / "a.log", BOT_OPENAI_BASE_URL=base) as a, \
                    running_app(index, tmp / "b.log", BOT_OPENAI_BASE_URL=base) as b:
                urls = [a, b]
                one_at_a_time = [ask(urls[n % 2], q) | {"process": "ab"[n % 2]} for n, q in enumerate(questions)]
                started = time.perf_counter()
                with ThreadPoolExecutor(len(questions)) as pool:
                    together = list(pool.map(lambda nq: ask(urls[nq[0] % 2], nq[1]) | {"process": "ab"[nq[0] % 2]},
                                             enumerate(questions)))
                together_wall = time.perf_counter() - started
    first_request = one_at_a_time[0]
    later = one_at_a_time[1:]
    print(f"{len(questions)} golden questions, 2 bot processes, 1 llama_cpp.server (2 threads)\n")
    print("| | first token | whole answer (bot's timings) | answered |")
    print("|---|---|---|---|")
    print(f"| first request after start | {first_request['first']:.2f} s | "
          f"{first_request['total']:.2f} s | {'no' if first_request['abstained'] else 'yes'} |")
    for p in "ab":
        rows = [r for r in later if r["process"] == p]
        print(f"| later requests through process {p}, one at a time, p50 | {pct([r['first'] for r in rows], 0.5):.2f} s | "
              f"{pct([r['total'] for r in rows], 0.5):.2f} s | {sum(not r['abstained'] for r in rows)}/{len(rows)} |")
    print(f"| all {len(questions)} at once: wall p50 / p95, answers/s | {pct([r['wall'] for r in together], 0.5):.2f} s | "
          f"{pct([r['wall'] for r in together], 0.95):.2f} s | {len(questions) / together_wall:.2f}/s |")
    out = ROOT / "bench" / "results" / "scaleout.json"
    out.write_text(json.dumps({"one_at_a_time": one_at_a_time, "together": together,
                               "together_wall_s": together_wall}, indent=1))


if __name__ == "__main__":
    main()
