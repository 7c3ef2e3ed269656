"""Text generation: a one-method base, and llama.cpp through llama-cpp-python.

The same messages always start with the same system message (the numbered
passages), so llama-cpp-python's prefix matching keeps that part of the KV cache
between questions and only the question is processed per turn.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import ModelError

log = logging.getLogger(__name__)

KEEP_STATES = 48  # saved prompt states kept on disk (one per block of passages), the newest


@dataclass
class Usage:
    """Token counts of the last generation, filled in as it runs."""

    prompt_tokens: int = 0
    completion_tokens: int = 0


class Generator:
    """Swap point: anything that streams a reply to chat messages."""

    name = "generator"

    def stream(self, messages: list[dict], *, max_tokens: int, usage: Usage | None = None,
               avoid: Sequence[str] = ()) -> Iterator[str]:
        """The reply to `messages`, piece by piece. `avoid`: replies it may not give (their
        exact tokens are forbidden in turn, so the model gives its best other reply); a
        generator that cannot forbid tokens gives no reply at all then."""
        raise NotImplementedError

    def warm(self, messages: list[dict], *, state_dir: Path | None = None, load: bool = True) -> None:
        """Process `messages` ahead of time so later prompts sharing their prefix start fast."""

    def count_tokens(self, text: str) -> int:
        return len(text) // 4 + 1

    def prepared(self, messages: list[dict]) -> bool:
        """True when the fixed prefix of `messages` needs no processing before an answer."""
        return True

    def yes_probability(self, messages: list[dict]) -> float:
        """How sure the model is that the answer to `messages` is Yes (0 to 1). Here: its
        first word only (1.0 or 0.0); a local model reads its next-token probabilities."""
        reply = "".join(self.stream(messages, max_tokens=2)).strip().lower()
        return 1.0 if reply.startswith("yes") else 0.0


class PromptLookup:
    """Draft tokens for speculative decoding by looking them up in the prompt.

    A grounded answer copies runs of words from its passages. When the last few tokens of
    the context (its longest suffix of 2 to 8 tokens that occurred before) match an earlier
    place, the tokens that followed there are proposed, and llama.cpp checks the whole draft
    in one batch: every proposed token that the model would have chosen itself is kept, so
    at temperature 0 the answer is the model's own. On 2 cores a batch of 4 tokens costs
    1.7x one token, so a draft pays when more than about one token in two is kept; the
    length (3) and the minimum match (2) were chosen by replaying the article dev half's
    answers (bench/bench_decode.py measures the result on other questions).
    """

    def __init__(self, llm, *, draft: int = 3, min_ngram: int = 2, max_ngram: int = 8) -> None:
        self.llm, self.draft, self.min_ngram, self.max_ngram = llm, draft, min_ngram, max_ngram

    def __call__(self, input_ids: np.ndarray, /, **_) -> np.ndarray:
        # Checking a draft needs the logits at each of its positions, not only the last;
        # the prompt itself was evaluated without them (_generate turns them off).
        self.llm._logits_all = True
        ids = np.asarray(input_ids)
        n = len(ids)
        for size in range(min(self.max_ngram, n - 1), self.min_ngram - 1, -1):
            windows = np.lib.stride_tricks.sliding_window_view(ids[: n - 1], size)
            hits = np.flatnonzero((windows == ids[n - size:]).all(axis=1))
            if hits.size:  # the latest earlier occurrence: nearest in topic and wording
                start = int(hits[-1]) + size
                return ids[start: start + self.draft].astype(np.intc)
        return np.array([], dtype=np.intc)


def _digest(messages: list[dict]) -> str:
    """Names the fixed part of a prompt: its system message."""
    system = messages[0]["content"] if messages and messages[0].get("role") == "system" else ""
    return hashlib.sha256(str(system).encode()).hexdigest()


class LlamaCppGenerator(Generator):
    """A local GGUF model run by llama.cpp, with the model's own chat template, temperature 0."""

    def __init__(self, model_path: Path, *, n_ctx: int = 4096, n_threads: int = 2, seed: int = 0,
                 draft_tokens: int = 3) -> None:
        self.model_path = Path(model_path)
        self.draft_tokens = draft_tokens  # prompt-lookup draft length; 0 decodes token by token
        self.name = self.model_path.name
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self.seed = seed
        self._llm = None
        self._loading = threading.Lock()
        # A llama.cpp context is not thread-safe: one generation at a time. A plain Lock,
        # not an RLock: a streaming generator may be resumed, and closed, on another thread.
        self.busy = threading.Lock()
        self._ids: dict[str, set[int]] | None = None  # first tokens of "Yes" and "No"
        self._kept: int | None = None  # tokens of the warmed prompt, kept for every later prompt
        self._saved: dict[str, Path] = {}  # system prompt's digest -> its saved processed state
        self._current: str | None = None  # the system prompt whose state is in the context
        self._verified: dict[Path, tuple[int, int]] = {}  # state files checked: (mtime, size)

    @property
    def llm(self):
        with self._loading:
            if self._llm is None:
                from llama_cpp import Llama

                try:
                    self._llm = Llama(
                        str(self.model_path),
                        n_ctx=self.n_ctx,
                        n_threads=self.n_threads,
                        n_threads_batch=self.n_threads,
                        n_batch=512,
                        seed=self.seed,
                        verbose=False,
                        # With drafts, logits of every drafted position are kept in a table
                        # of n_ctx rows (virtual memory; only the rows decoded are touched).
                        logits_all=self.draft_tokens > 0,
                    )
                except (ValueError, RuntimeError) as e:
                    raise ModelError(f"llama.cpp could not load {self.model_path}: {e}") from None
                if self.draft_tokens > 0:
                    self._llm.draft_model = PromptLookup(self._llm, draft=self.draft_tokens)
            return self._llm

    def count_tokens(self, text: str) -> int:
        return len(self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def yes_probability(self, messages: list[dict]) -> float:
        """P(Yes) / (P(Yes) + P(No)) for the first token of the reply to `messages`."""
        llm = self.llm
        with self.busy:
            for _ in self._generate(messages, 1, None):
                pass
            # One token was sampled and not evaluated: the context's logits are still those
            # of the prompt's last token, the distribution of the reply's first token.
            logits = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(llm.n_vocab(),))
        return self.yes_share(logits)

    def yes_share(self, logits: np.ndarray) -> float:
        """P(Yes) / (P(Yes) + P(No)) for a reply's first token, from its logits."""
        values = logits.astype(np.float64)
        top = values.max()
        weight = {k: float(np.exp(values[list(v)] - top).sum()) for k, v in self._answer_ids().items()}
        total = weight["yes"] + weight["no"]
        return weight["yes"] / total if total > 0 else 0.0

    def _answer_ids(self) -> dict[str, set[int]]:
        """First token ids of "Yes"/"No" as a reply may begin them."""
        if self._ids is None:
            out: dict[str, set[int]] = {"yes": set(), "no": set()}
            for key, forms in (("yes", ("Yes", " Yes", "yes", " yes", "YES")), ("no", ("No", " No", "no", " no", "NO"))):
                for form in forms:
                    toks = self.llm.tokenize(form.encode(), add_bos=False, special=False)
                    if toks:
                        out[key].add(toks[0])
            self._ids = out
        return self._ids

    def warm(self, messages: list[dict], *, state_dir: Path | None = None, load: bool = True) -> None:
        """Fill the KV cache with `messages`; with `state_dir`, reuse or save it on disk.

        The saved state is keyed by the model file, the llama.cpp build, the context size
        and the exact messages, so a change to any of them processes the prompt afresh.
        With `load=False` a state saved before is only noted, and restored when first needed.
        """
        key = _digest(messages)
        if state_dir is not None and not load:
            path = Path(state_dir) / f"{self._state_key(messages)}.kv"
            if path.is_file():
                self._saved[key] = path
                return
        with self.busy:
            path = None
            if state_dir is not None:
                path = Path(state_dir) / f"{self._state_key(messages)}.kv"
                if self._load_state(path):
                    log.info("restored the processed prompt from %s", path)
                    self._kept, self._current, self._saved[key] = self.llm.n_tokens, key, path
                    return
            self._kept = self._current = None
            for _ in self._generate(messages, 1, None):
                pass
            self._kept, self._current = self.llm.n_tokens, key
            if path is not None:
                self._save_state(path)
                self._saved[key] = path

    def prepared(self, messages: list[dict]) -> bool:
        """True when the prompt prefix of `messages` is processed: in the context or saved."""
        key = _digest(messages)
        return key == self._current or key in self._saved

    def _state_key(self, messages: list[dict]) -> str:
        import llama_cpp

        st = self.model_path.stat()
        identity = [str(self.model_path.resolve()), st.st_size, st.st_mtime_ns,
                    llama_cpp.__version__, self.n_ctx, messages]
        return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:24]

    # File layout: one JSON header line (token count, byte sizes, sha256 of the rest),
    # then the prompt's tokens as int32, then llama.cpp's own state bytes. Nothing is unpickled.
    def _save_state(self, path: Path) -> None:
        import ctypes

        import llama_cpp

        llm = self.llm
        size = llama_cpp.llama_state_get_size(llm._ctx.ctx)
        buffer = (ctypes.c_uint8 * size)()
        used = llama_cpp.llama_state_get_data(llm._ctx.ctx, buffer, size)
        tokens = np.asarray(llm.input_ids[: llm.n_tokens], dtype="<i4").tobytes()
        body = tokens + bytes(buffer)[:used]
        header = {"n_tokens": llm.n_tokens, "state_bytes": int(used),
                  "sha256": hashlib.sha256(body).hexdigest()}
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kv-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(json.dumps(header).encode() + b"\n" + body)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        log.info("saved the processed prompt (%d tokens, %.0f MB) to %s",
                 llm.n_tokens, len(body) / 1e6, path)
        # Keep the few newest states (one per corpus/model in use), not every one ever made.
        for old in sorted(path.parent.glob("*.kv"), key=lambda p: p.stat().st_mtime)[:-KEEP_STATES]:
            old.unlink(missing_ok=True)

    def _load_state(self, path: Path) -> bool:
        import ctypes

        import llama_cpp

        try:
            st = path.stat()
            with open(path, "rb") as f:
                header = json.loads(f.readline())
                body = f.read()
            n, used = int(header["n_tokens"]), int(header["state_bytes"])
            if len(body) != 4 * n + used:
                raise ValueError("size mismatch")
            # The checksum is read once per file and process; a block switch then costs a read.
            if self._verified.get(path) != (st.st_mtime_ns, st.st_size):
                if hashlib.sha256(body).hexdigest() != header["sha256"]:
                    raise ValueError("checksum mismatch")
                self._verified[path] = (st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            return False
        except (OSError, ValueError, KeyError, TypeError) as e:
            log.warning("ignoring unusable saved prompt state %s (%s)", path, e)
            return False
        llm = self.llm
        state = (ctypes.c_uint8 * used).from_buffer_copy(body[4 * n :])
        if llama_cpp.llama_state_set_data(llm._ctx.ctx, state, used) != used:
            log.warning("llama.cpp refused the saved prompt state %s", path)
            llm.reset()
            return False
        llm.input_ids[:n] = np.frombuffer(body[: 4 * n], dtype="<i4")
        llm.n_tokens = n
        llm._requires_eval = True  # refresh the logits before sampling from this state
        return True

    def stream(self, messages: list[dict], *, max_tokens: int, usage: Usage | None = None,
               avoid: Sequence[str] = ()) -> Iterator[str]:
        with self.busy:
            yield from self._generate(messages, max_tokens, usage, avoid)

    def avoided(self, texts: Sequence[str]) -> list[list[int]]:
        """The token sequences of replies to avoid, as a reply begins them."""
        return [self.llm.tokenize(x.encode("utf-8"), add_bos=False, special=False) for x in texts if x]

    def _generate(self, messages: list[dict], max_tokens: int, usage: Usage | None,
                  avoid: Sequence[str] = ()) -> Iterator[str]:
        llm = self.llm
        key = _digest(messages)
        if key != self._current:
            # Another block of passages: restore its processed state, or process it afresh.
            path = self._saved.get(key)
            if path is not None and self._load_state(path):
                self._kept, self._current = llm.n_tokens, key
            else:
                self._kept = self._current = None
        # The prompt needs the logits of its last token only; drafts turn the rest on.
        llm._logits_all = False
        if self._kept is not None:
            # Reuse only the warmed prefix, never the tail of the previous prompt: llama.cpp's
            # numbers differ slightly with how the rest is batched, so reusing "what matched
            # last time" made the same question's answer depend on the question before it.
            llm.n_tokens = min(llm.n_tokens, self._kept)
        processor, drafter = None, llm.draft_model
        if avoid:
            from llama_cpp import LogitsProcessorList

            processor = LogitsProcessorList([_Forbid(self.avoided(avoid))])
            # The processor reads the reply so far from the context's tokens: none drafted ahead.
            llm.draft_model = None
        try:
            chunks = llm.create_chat_completion(
                messages=messages,
                temperature=0.0,
                top_k=1,
                repeat_penalty=1.0,
                max_tokens=max_tokens,
                seed=self.seed,
                stream=True,
                logits_processor=processor,
            )
            for chunk in chunks:
                piece = chunk["choices"][0]["delta"].get("content")
                if piece:
                    if usage is not None:
                        if not usage.completion_tokens:
                            # The prompt is in the context and the first token not yet: its length.
                            usage.prompt_tokens = llm.n_tokens
                        usage.completion_tokens += 1
                    yield piece
        finally:
            llm.draft_model = drafter


class _Forbid:
    """A llama.cpp logits processor: the reply may not be any of `sequences`. Where the reply
    so far is the start of one, that sequence's next token is forbidden."""

    def __init__(self, sequences: list[list[int]]) -> None:
        self.sequences = [s for s in sequences if s]
        self.start: int | None = None  # where the reply begins in the token ids

    def __call__(self, input_ids: np.ndarray, scores: np.ndarray) -> np.ndarray:
        if self.start is None:
            self.start = len(input_ids)
        forbid(scores, list(input_ids[self.start :]), self.sequences)
        return scores


def forbid(scores: np.ndarray, made: list[int], sequences: list[list[int]]) -> None:
    """Set to -inf the score of each sequence's next token, where `made` is its start."""
    for s in sequences:
        if len(made) < len(s) and s[: len(made)] == made:
            scores[s[len(made)]] = -np.inf


class OpenAIGenerator(Generator):
    """Any OpenAI-compatible server (llama.cpp's, vLLM, llama-cpp-python's): same prompts, temperature 0.

    Such servers keep the KV cache of a repeated prompt prefix too, so the fixed passages
    are processed once per server, not once per question.
    """

    def __init__(self, base_url: str, *, model: str = "default", api_key: str = "", timeout: float = 300) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.name = f"{model} at {self.base_url}"
        self.api_key = api_key
        self.timeout = timeout

    def stream(self, messages, *, max_tokens, usage: Usage | None = None, avoid: Sequence[str] = ()) -> Iterator[str]:
        import urllib.error
        import urllib.request

        if avoid:
            return  # a server takes no logits processor: no reply that avoids a given one

        body = {"model": self.model, "messages": messages, "temperature": 0, "seed": 0,
                "max_tokens": max_tokens, "stream": True}
        request = urllib.request.Request(
            f"{self.base_url}/chat/completions", data=json.dumps(body).encode(), method="POST",
            headers={"Content-Type": "application/json", "Accept": "text/event-stream",
                     **({"Authorization": f"Bearer {self.api_key}"} if self.api_key else {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                for raw in response:
                    line = raw.decode("utf-8", "replace").strip()
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        break
                    choices = json.loads(data).get("choices") or [{}]
                    piece = (choices[0].get("delta") or {}).get("content")
                    if piece:
                        if usage is not None:
                            usage.completion_tokens += 1
                        yield piece
        except urllib.error.HTTPError as e:
            raise ModelError(f"the generation server at {self.base_url} answered {e.code}: "
                             f"{e.read()[:300].decode('utf-8', 'replace')}") from None
        except (urllib.error.URLError, OSError) as e:
            raise ModelError(f"the generation server at {self.base_url} is unreachable: {e}") from None
        except ValueError as e:
            raise ModelError(f"the generation server at {self.base_url} sent a malformed reply: {e}") from None

    def warm(self, messages: list[dict], *, state_dir: Path | None = None, load: bool = True) -> None:
        if load:  # the server keeps its own prefix cache; nothing is saved here
            for _ in self.stream(messages, max_tokens=1):
                pass
