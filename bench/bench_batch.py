"""What batching several answers in one llama.cpp context would buy on this machine.

    .venv/bin/python bench/bench_batch.py [--tokens 48]

The measurement that decides how to serve many users at once. One context holds 9
sequences in a unified KV cache (0 for the prefix, 1-8 for answers); the article's processed prompt (the bot's block 0) is
evaluated once as sequence 0 and copied to the others with `llama_memory_seq_cp` (no
recomputation). Then for n = 1, 2, 4, 8 concurrent questions: each question's tokens are
evaluated in one batch, and n answers are decoded together, one token per sequence per step
(greedy). Against that, the same n questions answered one after another, as the bot does
today. Prints tokens/s and the time to finish all n, and writes bench/results/batch.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import Bot, Settings  # noqa: E402
from bot.evaluate import load_golden  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tokens", type=int, default=48, help="tokens decoded per answer")
    args = ap.parse_args()
    import llama_cpp
    from llama_cpp import _internals as internals

    bot = Bot.from_settings(Settings(draft_tokens=0), progress=False)
    llm = bot.generator.llm
    questions = [i.question for i in load_golden() if i.kind in ("fact", "number", "name")][:8]
    block = bot.blocks[0]
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter  # the model's own chat template

    template = llm.metadata["tokenizer.chat_template"]
    formatter = Jinja2ChatFormatter(template, eos_token=llm.detokenize([llm.token_eos()]).decode(),
                                    bos_token="")
    system = bot._messages(block)[0]
    prompts = []
    for q in questions:
        user = {"role": "user", "content": bot.prompts.render("question", question=q)}
        prompts.append(llm.tokenize(formatter(messages=[system, user]).prompt.encode(), add_bos=False, special=True))
    # the shared prefix: the longest common start of all prompts
    n_prefix = min(len(p) for p in prompts)
    for i in range(n_prefix):
        if len({p[i] for p in prompts}) > 1:
            n_prefix = i
            break
    params = llm.context_params
    params.n_seq_max = 9  # sequence 0 holds the prefix, 1..8 the answers
    params.kv_unified = True
    params.n_ctx = 4096
    ctx = internals.LlamaContext(model=llm._model, params=params, verbose=False)
    mem = llama_cpp.llama_get_memory(ctx.ctx)
    batch = llama_cpp.llama_batch_init(512, 0, 1)
    n_vocab = llm.n_vocab()

    def fill(entries):
        """entries: (token, position, seq, wants_logits)"""
        batch.n_tokens = len(entries)
        for j, (tok, pos, seq, logits) in enumerate(entries):
            batch.token[j], batch.pos[j] = tok, pos
            batch.n_seq_id[j], batch.seq_id[j][0] = 1, seq
            batch.logits[j] = logits
        if llama_cpp.llama_decode(ctx.ctx, batch) != 0:
            raise RuntimeError("llama_decode failed")

    def evaluate(tokens, start, seq):
        for i in range(0, len(tokens), 512):
            part = tokens[i:i + 512]
            fill([(t, start + i + k, seq, i + k == len(tokens) - 1) for k, t in enumerate(part)])

    t0 = time.perf_counter()
    evaluate(prompts[0][:n_prefix], 0, 0)
    prefix_s = time.perf_counter() - t0
    print(f"shared prefix: {n_prefix} tokens, processed once in {prefix_s:.1f} s", flush=True)

    def answer_together(idx):
        """Questions idx decoded together; returns seconds and the tokens made."""
        t0 = time.perf_counter()
        seqs = list(range(1, len(idx) + 1))
        for s in seqs:
            llama_cpp.llama_memory_seq_rm(mem, s, -1, -1)
            llama_cpp.llama_memory_seq_cp(mem, 0, s, 0, n_prefix)
        # every question's own tokens in one batch, logits at each one's last token
        entries = []
        for s, q in zip(seqs, idx):
            tail = prompts[q][n_prefix:]
            entries += [(t, n_prefix + k, s, k == len(tail) - 1) for k, t in enumerate(tail)]
        fill(entries)
        pos = {s: len(prompts[q]) for s, q in zip(seqs, idx)}
        outputs = {s: [] for s in seqs}
        first = time.perf_counter() - t0
        for _ in range(args.tokens):
            step = []
            for j, s in enumerate(seqs):
                logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(ctx.ctx, j if outputs[s] else -len(seqs) + j),
                                               shape=(n_vocab,))
                tok = int(logits.argmax())
                outputs[s].append(tok)
                step.append((tok, pos[s], s, True))
                pos[s] += 1
            fill(step)
        return first, time.perf_counter() - t0, outputs

    results = {}
    for n in (1, 2, 4, 8):
        idx = list(range(n))
        first, together, outs = answer_together(idx)
        one_by_one = 0.0
        for q in idx:
            _, t, _ = answer_together([q])
            one_by_one += t
        made = n * args.tokens
        results[n] = {"together_s": together, "together_first_s": first, "one_by_one_s": one_by_one,
                      "tokens_per_s_together": made / together, "tokens_per_s_one_by_one": made / one_by_one}
        print(f"{n} questions x {args.tokens} tokens: together {together:.1f} s ({made / together:.1f} tok/s, "
              f"first tokens after {first:.2f} s), one after another {one_by_one:.1f} s "
              f"({made / one_by_one:.1f} tok/s): {one_by_one / together:.2f}x", flush=True)
        if n == 2:
            print("   sample:", repr(llm.detokenize(outs[1][:20]).decode("utf-8", "replace")))
    llama_cpp.llama_batch_free(batch)
    out = ROOT / "bench" / "results" / "batch.json"
    out.write_text(json.dumps({"prefix_tokens": n_prefix, "tokens": args.tokens, "results": results}, indent=1))


if __name__ == "__main__":
    main()
