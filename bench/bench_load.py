"""Concurrent users on loopback: the real app, HTTP and Gradio clients together, bounded.

    .venv/bin/python bench/bench_load.py

Starts `app.py` on a free 127.0.0.1 port, then runs rounds that stop by themselves: 1 client
asking 6 questions, 4 and 8 clients asking 3 each, and 32 clients asking once; first with
one answer decoded at a time (BOT_PARALLEL=1, the design before bot/batching.py), then with
8 decoded together (the server's default). Every answer is checked for its own expected
fact, so a mixed-up or lost answer counts as a failure.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.evaluate import load_golden  # noqa: E402

ITEMS = [i for i in load_golden() if i.kind in ("number", "name")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_ask(url: str, question: str) -> str:
    req = urllib.request.Request(
        url + "v1/chat/completions", headers={"Content-Type": "application/json"},
        data=json.dumps({"messages": [{"role": "user", "content": question}]}).encode(),
    )
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read())["choices"][0]["message"]["content"]


def ui_ask(url: str, question: str) -> str:
    from gradio_client import Client

    return json.dumps(Client(url, verbose=False).predict(question, api_name="/chat"))


def round_(url: str, clients: int, per_client: int) -> dict:
    def client(c: int) -> list[tuple[float, bool]]:
        out = []
        for r in range(per_client):
            item = ITEMS[(c * per_client + r) % len(ITEMS)]
            ask = ui_ask if c % 4 == 3 else http_ask  # one client in four uses the Gradio API
            t0 = time.perf_counter()
            try:
                ok = any(a.lower() in ask(url, item.question).lower() for a in item.answer_any)
            except Exception:  # a failure to count, not to stop the round
                ok = False
            out.append((time.perf_counter() - t0, ok))
        return out

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = [x for xs in pool.map(client, range(clients)) for x in xs]
    wall = time.perf_counter() - t0
    lat = sorted(x for x, _ in results)
    return {
        "clients": clients, "requests": len(results), "failures": sum(not ok for _, ok in results),
        "p50_s": lat[len(lat) // 2], "p95_s": lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))],
        "answers_per_s": len(results) / wall, "wall_s": wall,
    }


def load(parallel: int) -> list[dict]:
    """Every round against a fresh `app.py` that decodes up to `parallel` answers together."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT,
                            env=dict(os.environ, BOT_PORT=str(port), BOT_PARALLEL=str(parallel)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 300
        while True:
            try:
                http_ask(url, "Which city is DeepSeek from?")  # also waits for the warm-up
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise SystemExit("app.py did not come up")
                time.sleep(1)
        return [dict(round_(url, clients, per_client), parallel=parallel)
                for clients, per_client in ((1, 6), (4, 3), (8, 3), (32, 1))]
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    # one answer at a time (the design before bot/batching.py), then 8 decoded together
    rows = load(1) + load(8)
    print("| answers decoded together | clients | requests | failures | p50 (s) | p95 (s) | answers/s |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['parallel']} | {r['clients']} | {r['requests']} | {r['failures']} | {r['p50_s']:.1f} | "
              f"{r['p95_s']:.1f} | {r['answers_per_s']:.2f} |")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "load.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
