"""Settings: one frozen dataclass; only entry points read the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "groundbot"


@dataclass(frozen=True)
class Settings:
    """Everything the bot can be told. Paths default to this checkout."""

    index_dir: Path = PROJECT_ROOT / "index"
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    # Where the assembled default model (1.1 GB) and saved prompt states live.
    cache_dir: Path = field(default_factory=_default_cache_dir)
    # Any GGUF file; None means the bundled Qwen2.5-Coder-1.5B-Instruct Q4_K_M.
    model_path: Path | None = None
    # An OpenAI-compatible server (".../v1") to generate with instead of the local model.
    openai_base_url: str | None = None
    openai_model: str = "default"
    openai_api_key: str = ""
    n_ctx: int = 4096
    n_threads: int = 2
    max_answer_tokens: int = 160
    # Speculative decoding by prompt lookup: up to this many tokens copied from the prompt
    # are checked per step (generate.PromptLookup); 0 decodes one token at a time.
    draft_tokens: int = 3
    # Answers decoded together over a shared cached prefix (bot/batching.py); 1 answers one
    # question at a time. Measured (bench/bench_load.py): 8 gives 1.8x the answers/s to 8
    # clients, but a lone question is slower in the multi-sequence context, so 1 stays default.
    parallel: int = 1
    # Chunking: sentences are packed into passages of at most this many words.
    chunk_words: int = 90
    # Passages shown to the model per question on the classic (retrieval) path,
    # and named as "most related" on the whole-corpus path.
    top_k: int = 4
    # When every passage fits in this many prompt tokens, they all become a
    # fixed, cached prompt prefix; otherwise only the top_k are shown.
    prefix_token_budget: int = 2800
    # Sources beyond one prompt are split into blocks of passages, each a cached prompt. After
    # the first block is ready, process the others in the background (about 30 s each on 2
    # cores, once per machine: they are saved); otherwise each is processed when first needed.
    prepare_in_background: bool = True
    # Up to this many blocks (each saved state is about 28 KB per prompt token: 50-80 MB a
    # block, about 1 minute to process on 2 cores); beyond, each question is shown its top_k
    # passages instead (first token in seconds, not tenths).
    max_blocks: int = 24
    # A question goes to a block of the first source (the article) unless another block's two
    # passages nearest the question are on average this much nearer (mean cosine; a source of
    # one passage counts that one): a linked source's generic lines ("You can chat with
    # DeepSeek-R1 on DeepSeek's official website") otherwise outrank the article's answer by a
    # little. On the dev material (168 answerable questions) the answer's source was picked for
    # 156 without it, 165 with it.
    primary_source_margin: float = 0.05
    # Below this cosine similarity of the best passage, the question is declined
    # without asking the model.
    min_retrieval_score: float = 0.18
    # ... and when it names something the sources never mention ("How much did GPT-4 cost?").
    decline_unknown_names: bool = True
    # An answer's first sentence, with the source clause it was verified against, must hold
    # at least this share of the question's terms (else it answers another question).
    answer_coverage: float = 0.5
    # A source sentence is quoted in place of a failed draft only when one of its clauses holds
    # at least this share of the question's terms, and what the question asks for.
    quote_coverage: float = 0.75
    # Sentences in a whole-document summary ("What is this article about?").
    summary_sentences: int = 4
    # Ask the model "does this source sentence state this claim?" where words alone cannot
    # decide (a paraphrase or an invented event), and accept only when its probability of
    # "Yes" against "No" reaches judge_threshold (4:1 odds). Read from the first token's
    # distribution: the sampled word alone ("Yes" at 0.5) accepted a quarter of the wrong claims
    # it was asked about (bench/bench_claims.py, bench/bench_grounding.py).
    # When the model declines and nothing can be quoted, ask for its best reply other than the
    # decline (the decline's tokens forbidden) and check that like any draft.
    second_draft: bool = True
    model_judge: bool = True
    judge_threshold: float = 0.8
    max_question_chars: int = 4000
    # Adding sources: the largest file or download accepted, and how long a URL may take.
    max_source_bytes: int = 20 * 1024 * 1024
    fetch_timeout_s: float = 15.0
    # Up to this many passages retrieval is an exact search; beyond, an IVF index
    # (measured in bench/bench_retrieval.py).
    exact_search_max: int = 200_000
    host: str = "127.0.0.1"
    port: int = 7860
    # A password requires a login for the page, its Gradio API and the HTTP API (HTTP Basic,
    # or a Bearer token equal to the password); the username is optional.
    username: str = ""
    password: str = ""

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Read BOT_<FIELD> variables (for example BOT_MODEL_PATH, BOT_PORT)."""
        env = os.environ if env is None else env
        values = {}
        for f in fields(cls):
            raw = env.get(f"BOT_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            kind = str(f.type)
            if "Path" in kind:
                values[f.name] = Path(raw).expanduser()
            elif kind == "int":
                values[f.name] = int(raw)
            elif kind == "float":
                values[f.name] = float(raw)
            elif kind == "bool":
                values[f.name] = raw.strip().lower() in ("1", "true", "yes", "on")
            else:
                values[f.name] = raw
        return cls(**values)

    def with_(self, **changes) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)
