"""Several answers decoded together, in one llama.cpp context, over one shared prefix.

A local model on a CPU is bound by memory bandwidth when it decodes one token: the weights
are read once per step, whatever the batch holds. So eight answers decoded in one step cost
little more than one (bench/bench_batch.py measures it). `BatchedGenerator` owns the model
on one thread, the scheduler. Questions over the same block of passages (the same system
prompt, whose processed state is sequence 0 of the KV cache) become sequences 1..n: the
prefix is copied to them without recomputation (`llama_memory_seq_cp`), each question's own
tokens are evaluated, and then every active answer gets one token per step, in one batch.
A question joins at the next step (continuous batching); one that leaves (a closed stream)
frees its sequence at the next step. Anything else the model is asked to do (processing or
restoring another block, a prompt without a cached prefix) runs alone, between batches.

Decoding is greedy (temperature 0), like the one-at-a-time path; the numbers of a batched
step differ from a single one in the last bits, so a near-tie may be decided otherwise.
"""

from __future__ import annotations

import codecs
import logging
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from .errors import ModelError
from .generate import Generator, LlamaCppGenerator, Usage, _digest, forbid

log = logging.getLogger(__name__)

_END = object()


@dataclass(eq=False)
class _Job:
    kind: str  # "generate", "yes" (P(Yes) of the first reply token) or "call" (a function, alone)
    messages: list[dict] = field(default_factory=list)
    max_tokens: int = 0
    usage: Usage | None = None
    call: Callable[[], object] | None = None
    avoid: tuple[str, ...] = ()  # replies it may not give (see Generator.stream)
    out: queue.Queue = field(default_factory=queue.Queue)
    cancelled: bool = False
    # filled in by the scheduler
    tokens: list[int] = field(default_factory=list)
    seq: int = 0
    pos: int = 0
    pending: list[int] = field(default_factory=list)  # tokens to evaluate at the next step
    made: int = 0
    decoder: object = None
    reply: list[int] = field(default_factory=list)  # the reply's tokens so far
    forbidden: list[list[int]] = field(default_factory=list)  # `avoid`, tokenized


def _common(tokens: list[int], ids: np.ndarray) -> int:
    """Length of the common start of `tokens` and `ids`."""
    n = min(len(tokens), len(ids))
    differ = np.flatnonzero(np.asarray(tokens[:n]) != ids[:n])
    return int(differ[0]) if differ.size else n


class BatchedGenerator(Generator):
    """A `LlamaCppGenerator` whose answers over a shared prefix are decoded together."""

    def __init__(self, base: LlamaCppGenerator, *, slots: int = 8, n_ctx: int = 8192) -> None:
        self.base = base
        self.name = base.name
        self.slots = slots  # sequences decoded together (sequence 0 holds the prefix)
        self.n_ctx = n_ctx  # cells of the shared KV cache: the prefix once, then each answer's
        self._jobs: queue.Queue[_Job] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()
        self._ctx = None
        self._batch = None
        self._formatter = None
        self.widest = 0  # the most answers decoded in one step so far

    # --- the Generator interface: every model call becomes a job for the scheduler ---

    def count_tokens(self, text: str) -> int:
        return self.base.count_tokens(text)

    def prepared(self, messages: list[dict]) -> bool:
        return self.base.prepared(messages)

    def warm(self, messages, *, state_dir=None, load: bool = True) -> None:
        self._run(lambda: self.base.warm(messages, state_dir=state_dir, load=load))

    def stream(self, messages: list[dict], *, max_tokens: int, usage: Usage | None = None,
               avoid: Sequence[str] = ()) -> Iterator[str]:
        job = _Job("generate", messages, max_tokens, usage, avoid=tuple(avoid))
        self._submit(job)
        try:
            while (item := job.out.get()) is not _END:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            job.cancelled = True  # a reader that leaves frees its sequence at the next step

    def yes_probability(self, messages: list[dict]) -> float:
        job = _Job("yes", messages, 1)
        self._submit(job)
        item = job.out.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def _run(self, call: Callable[[], object]) -> object:
        job = _Job("call", call=call)
        self._submit(job)
        item = job.out.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def _submit(self, job: _Job) -> None:
        with self._start:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="model", daemon=True)
                self._thread.start()
        self._jobs.put(job)

    # --- the scheduler (the only thread that touches the llama.cpp context) ---

    def _setup(self) -> None:
        import llama_cpp
        from llama_cpp import _internals as internals
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        llm = self.base.llm
        params = llm.context_params
        params.n_seq_max = self.slots
        params.kv_unified = True  # one KV buffer: the prefix's cells are shared, not copied
        params.n_ctx = self.n_ctx
        try:
            ctx = internals.LlamaContext(model=llm._model, params=params, verbose=False)
        except Exception as e:  # noqa: BLE001  (llama.cpp reports allocation failures as anything)
            raise ModelError(f"llama.cpp could not make a context for {self.slots} sequences: {e}") from None
        llm._ctx.close()
        llm._ctx = ctx  # the one-at-a-time path (warm, restore, solo answers) uses sequence 0 of it
        self._ctx = ctx
        self._mem = llama_cpp.llama_get_memory(ctx.ctx)
        self._batch = llama_cpp.llama_batch_init(llm.n_batch, 0, 1)
        eos = llm.token_eos()
        self._vocab = llama_cpp.llama_model_get_vocab(llm._model.model)
        self._formatter = Jinja2ChatFormatter(
            template=llm.metadata["tokenizer.chat_template"],
            eos_token=llm._model.token_get_text(eos), bos_token="", stop_token_ids=[eos])

    def _tokens(self, messages: list[dict]) -> list[int]:
        """The prompt exactly as llama-cpp-python's chat completion renders and tokenizes it."""
        result = self._formatter(messages=messages)
        return self.base.llm.tokenize(result.prompt.encode("utf-8"), add_bos=not result.added_special, special=True)

    def _loop(self) -> None:
        try:
            self._setup()
        except BaseException as e:  # every job waiting, and every later one, gets the error
            while True:
                self._jobs.get().out.put(e)
        active: list[_Job] = []
        waiting: list[_Job] = []
        while True:
            try:
                active, waiting = self._turn(active, waiting)
            except Exception as e:  # noqa: BLE001  (a bug must not leave readers waiting forever)
                log.exception("the model's scheduler failed; its current questions get the error")
                error = ModelError(f"generation failed: {e}")
                for job in active + waiting:
                    self._free(job)
                    job.out.put(error)
                active, waiting = [], []

    def _turn(self, active: list[_Job], waiting: list[_Job]) -> tuple[list[_Job], list[_Job]]:
        """One pass: take new questions, admit what fits, run one step (or one job alone)."""
        if not active and not waiting:
            waiting.append(self._jobs.get())
        while True:
            try:
                waiting.append(self._jobs.get_nowait())
            except queue.Empty:
                break
        waiting = [j for j in waiting if not j.cancelled]
        active = [j for j in active if not self._finished(j)]
        if not active and len(waiting) == 1:
            # A question alone goes the one-at-a-time way, with prompt-lookup drafts: faster
            # for one reader than a batch of one. Questions that arrive meanwhile wait for it.
            self._alone(waiting.pop(0))
            return active, waiting
        admitted = self._admit(active, waiting)
        if not active and not admitted and waiting:
            self._alone(waiting.pop(0))  # needs the context to itself
            return active, waiting
        active += admitted
        if active:
            self._step(active)
            active = [j for j in active if not self._finished(j)]
        return active, waiting

    def _admit(self, active: list[_Job], waiting: list[_Job]) -> list[_Job]:
        """Waiting questions over the cached prefix that fit now, in arrival order."""
        import llama_cpp

        base, llm = self.base, self.base.llm
        admitted: list[_Job] = []
        if waiting and not active and waiting[0].kind != "call":
            self._use_block(waiting[0])  # between batches: restore the first waiting one's block
        free = [s for s in range(1, self.slots) if s not in {j.seq for j in active}]
        used = base._kept + sum(len(j.tokens) - base._kept + j.max_tokens for j in active) if base._kept else 0
        step = len(active)
        for job in list(waiting):
            if job.kind == "call" or not free or base._kept is None:
                break  # a call waits for the batch to finish; so does everything behind it
            if not job.tokens:
                job.tokens = self._tokens(job.messages)
            # The warmed prompt ends in a placeholder question: the prefix shared with this
            # prompt is their common start (the system message and the user turn's opening).
            kept = _common(job.tokens, llm.input_ids[: base._kept]) if _digest(job.messages) == base._current else 0
            if kept < base._kept - 16 or kept >= len(job.tokens):
                if active or admitted:
                    break  # another prefix: after this batch
                return admitted
            need = len(job.tokens) - kept + job.max_tokens
            if used + need > self.n_ctx or step + len(job.tokens) - kept > llm.n_batch:
                break
            job.seq = free.pop(0)
            llama_cpp.llama_memory_seq_rm(self._mem, job.seq, -1, -1)
            llama_cpp.llama_memory_seq_cp(self._mem, 0, job.seq, 0, kept)
            job.pos, job.pending = kept, job.tokens[kept:]
            job.decoder = codecs.getincrementaldecoder("utf-8")("replace")
            job.forbidden = base.avoided(job.avoid) if job.avoid else []
            if job.usage is not None:
                job.usage.prompt_tokens = len(job.tokens)
            used += need
            step += len(job.pending)
            waiting.remove(job)
            admitted.append(job)
        return admitted

    def _use_block(self, job: _Job) -> None:
        """Make sequence 0 hold exactly the cached prefix of `job`'s block, if it has one."""
        import llama_cpp

        base, llm = self.base, self.base.llm
        key = _digest(job.messages)
        if key != base._current:
            path = base._saved.get(key)
            if path is None or not base._load_state(path):
                base._kept = base._current = None
                return
            base._kept, base._current = llm.n_tokens, key
        if base._kept is not None:
            llama_cpp.llama_memory_seq_rm(self._mem, -1, base._kept, -1)
            for s in range(1, self.slots):
                llama_cpp.llama_memory_seq_rm(self._mem, s, -1, -1)
            llm.n_tokens = base._kept

    def _alone(self, job: _Job) -> None:
        """A call, or a prompt without the cached prefix: the one-at-a-time path."""
        import llama_cpp

        base = self.base
        for s in range(1, self.slots):
            llama_cpp.llama_memory_seq_rm(self._mem, s, -1, -1)
        try:
            if job.kind == "call":
                job.out.put(job.call())
            elif job.kind == "yes":
                job.out.put(base.yes_probability(job.messages))
            else:
                for piece in base.stream(job.messages, max_tokens=job.max_tokens, usage=job.usage, avoid=job.avoid):
                    if job.cancelled:
                        break
                    job.out.put(piece)
                job.out.put(_END)
        except BaseException as e:  # noqa: BLE001  (handed to the caller's thread)
            job.out.put(e)

    def _step(self, active: list[_Job]) -> None:
        """One llama_decode: new questions' own tokens and one token of every other answer."""
        import llama_cpp

        b = self._batch
        self.widest = max(self.widest, len(active))
        n = 0
        rows: dict[int, int] = {}
        for job in active:
            tokens = job.pending
            for k, tok in enumerate(tokens):
                b.token[n], b.pos[n], b.n_seq_id[n] = tok, job.pos + k, 1
                b.seq_id[n][0] = job.seq
                b.logits[n] = k == len(tokens) - 1
                n += 1
            rows[job.seq] = n - 1
            job.pos += len(tokens)
            job.pending = []
        b.n_tokens = n
        rc = llama_cpp.llama_decode(self._ctx.ctx, b)
        if rc != 0:
            error = ModelError(f"llama.cpp could not decode a batch of {n} tokens (code {rc})")
            for job in active:
                job.out.put(error)
                job.cancelled = True
            return
        n_vocab = self.base.llm.n_vocab()
        for job in active:
            logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(self._ctx.ctx, rows[job.seq]),
                                           shape=(n_vocab,))
            if job.kind == "yes":
                job.out.put(self.base.yes_share(logits))
                job.cancelled = True
                continue
            if job.forbidden:
                logits = logits.copy()
                forbid(logits, job.reply, job.forbidden)
            tok = int(logits.argmax())
            job.reply.append(tok)
            if not llama_cpp.llama_vocab_is_eog(self._vocab, tok):
                job.made += 1
                if job.usage is not None:
                    job.usage.completion_tokens += 1
                if piece := job.decoder.decode(self.base.llm.detokenize([tok])):
                    job.out.put(piece)
                if job.made < job.max_tokens:
                    job.pending = [tok]
                    continue
            # the end of the answer: its last bytes, then the end mark; the sequence is freed
            if rest := job.decoder.decode(b"", final=True):
                job.out.put(rest)
            job.out.put(_END)
            job.cancelled = True

    def _finished(self, job: _Job) -> bool:
        return job.cancelled and self._free(job)

    def _free(self, job: _Job) -> bool:
        import llama_cpp

        if job.seq:
            llama_cpp.llama_memory_seq_rm(self._mem, job.seq, -1, -1)
            job.seq = 0
        return True
