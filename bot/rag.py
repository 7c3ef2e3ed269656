"""The Bot: retrieve -> generate -> verify -> Answer."""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from . import lexicon
from .answer import Answer, Citation, Sentence, Timings
from .config import Settings
from .embedder import Embedder, MiniLMEmbedder
from .errors import BotError, InvalidQuestion, ModelError
from .followup import Resolved, elliptical, resolve, unresolved
from .generate import Generator, LlamaCppGenerator, OpenAIGenerator, Usage
from .prompts import Prompts
from .retrieve import Hit, Retriever
from .sources import REGISTRY, load_documents
from .store import Store, open_store
from .judge import ModelJudge
from .language import language_of, notice
from .policy import PREMISE, decide
from .parse import analyse
from .question import ask_of, bears_on, topic_of, topic_words, unsaid
from .summary import summarize
from .text import NOT_ANSWERS, STOPWORDS, is_decline, message_text, name_cases, plain, terms, with_name_cases
from .text import vocabulary as vocabulary_of

log = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The decline the system prompt asks for, for one source and for several.
ARTICLE_DECLINE, SOURCES_DECLINE = "The article doesn't say.", "The sources don't say."
HISTORY_TURNS = 2  # earlier exchanges passed to the model (and to retrieval) for follow-ups
HISTORY_CHARS = 600  # per earlier message
WHOLE_CORPUS_MAX = 200  # passages; more never fit a prompt, so ranking stops there
QUESTION_ROOM = 768  # tokens kept free after the cached prefix for question and history


def _registry_stamp(index_dir) -> tuple | None:
    """Identity of the source registry file: changes whenever it is replaced."""
    try:
        st = (index_dir / REGISTRY).stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def clean_question(question: object, max_chars: int) -> str:
    """The question as text the model can take, or InvalidQuestion saying what is wrong."""
    if not isinstance(question, str):
        raise InvalidQuestion(f"the question must be text, not {type(question).__name__}")
    text = question.encode("utf-8", "replace").decode("utf-8")  # lone surrogates -> "?"
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", text)).strip()
    if not text:
        raise InvalidQuestion("the question is empty: type a question about the sources")
    if len(text) > max_chars:
        raise InvalidQuestion(
            f"the question is {len(text):,} characters long; the limit is {max_chars:,}: shorten it"
        )
    return text


def clean_history(history: list[dict] | None) -> list[dict]:
    """The last few exchanges as the model should see them: the user's questions and the plain
    text of each verified answer.

    Whatever a front end sends back (the page's HTML and markdown, its sources panels, a
    decline or an error in its own words), the model gets the same plain conversation: an
    answer is reduced to its words and [n] markers, and an exchange that ended in a decline
    or an error is left out, so that no draft learns to copy either.
    """
    return conversation(history)[0]


def last_unanswered(history: list[dict] | None) -> bool:
    """The last exchange of `history` ended in a decline or an error (and so is left out of
    `clean_history`): a "that" in the next question points at nothing the bot said."""
    return conversation(history)[1]


def conversation(history: list[dict] | None) -> tuple[list[dict], bool]:
    """`clean_history(history)` and `last_unanswered(history)` in one pass."""
    turns: list[dict] = []
    dropped = False
    for message in history or []:
        if not isinstance(message, dict) or message.get("role") not in ("user", "assistant"):
            continue
        if (message.get("metadata") or {}).get("title"):
            continue  # a page's sources panel, not part of the conversation
        text = _CONTROL.sub(" ", message_text(message.get("content"))).strip()
        if message["role"] == "assistant":
            text = plain(text)
            dropped = not text or is_decline(text) or text.startswith(NOT_ANSWERS)
            if dropped:
                if turns and turns[-1]["role"] == "user":
                    turns.pop()  # the question that got no answer goes with it
                continue
        if text:
            turns.append({"role": message["role"], "content": text[:HISTORY_CHARS]})
    return turns[-2 * HISTORY_TURNS :], dropped


@dataclass(frozen=True)
class Block:
    """Passages (store rows) that share one fixed, cached system prompt."""

    rows: tuple[int, ...]
    system: str


@dataclass
class _Plan:
    """What one question needs from generation: the messages and the passages by number."""

    question: str
    messages: list[dict]
    shown: dict[int, Citation]
    ranked: list[Citation]
    retrieve_s: float
    decline_early: bool
    overview: bool = False  # the question asks for a summary
    # A summary of one part ("summarise what it says about the dollar"): its terms (`topic_of`)
    # and the passages found for it.
    topic: frozenset[str] = frozenset()
    part: tuple[int, ...] = ()
    notice: str = ""  # said instead of the decline (a question not in English)
    block: Block | None = None  # the block of passages the prompt shows, if any
    elides: str = ""  # for an ellipsis asking nothing of its own, the question it elides


class AnswerStream:
    """Iterate to get the draft as it is generated; then `.answer` checks it against the
    passages and holds the Answer.

    The check runs when `.answer` is first read, so a front end can say "checking" between
    the draft and the verified answer. Reading `.answer` first generates the whole draft.

    Example:
        s = bot.stream("Where is DeepSeek based?")
        for piece in s:
            print(piece, end="", flush=True)
        print(s.answer.citations)
    """

    def __init__(self, pieces: Iterator[str]) -> None:
        self._pieces = pieces
        self._answer: Answer | None = None
        self._check: Callable[[], Answer] | None = None  # set once the draft is complete
        self._closed = False

    def __iter__(self) -> Iterator[str]:
        yield from self._pieces

    @property
    def checking(self) -> bool:
        """The draft is complete and its check has not run yet (reading `.answer` runs it)."""
        return self._check is not None

    def close(self) -> None:
        """Stop generating (a user pressed Stop, a client left): the model stops at its next
        token and is free for the next question. Safe to call from another thread while the
        draft is being generated."""
        self._closed = True
        self._check = None
        try:
            self._pieces.close()
        except (AttributeError, ValueError):  # not a generator, or running on another thread
            pass

    @property
    def answer(self) -> Answer | None:
        """The checked Answer (None only for a stream closed before its draft was done)."""
        if self._answer is None:
            for _ in self._pieces:  # the draft, if the caller did not read it
                pass
            if self._check is not None:
                self._answer, self._check = self._check(), None
        return self._answer


class Bot:
    """A grounded question-answering bot over the sources in `settings.index_dir`.

    Args:
        store: The passages and their vectors.
        embedder: Embeds questions (the same model that embedded the passages).
        generator: Writes answers.
        settings: Limits and thresholds.
    """

    def __init__(self, store: Store, embedder: Embedder, generator: Generator, settings: Settings) -> None:
        self.generator = generator
        self.settings = settings
        self.prompts = Prompts(settings.prompts_dir)
        self.rewrite_followups = True
        self._warm_lock = threading.Lock()
        self._prepare_lock = threading.Lock()
        self._mode_lock = threading.Lock()
        self._sources_lock = threading.Lock()  # held while planning and while swapping sources
        self._token_counts: dict[str, int] = {}
        self.skipped: dict[str, str] = {}  # sources whose snapshot could not be read: id -> why
        self._sources_seen = _registry_stamp(settings.index_dir)
        self._use(store, embedder)

    def _use(self, store: Store, embedder: Embedder) -> None:
        """Answer from `store` from now on; the prompt prefix is rebuilt at the next warm-up."""
        retriever = Retriever(store, embedder)
        vocabulary = frozenset().union(*(vocabulary_of(c.text) for c in store.chunks))
        titles = list(dict.fromkeys(c.title for c in store.chunks))
        with self._mode_lock:
            self.store, self.retriever, self.vocabulary = store, retriever, vocabulary
            self.titles = titles  # of the sources, in order
            self.decline_text = ARTICLE_DECLINE if len(titles) == 1 else SOURCES_DECLINE
            self.corpus = f'the article "{titles[0]}"' if len(titles) == 1 else "the given sources"
            self._blocks: list[Block] | None = None
            self._overviews: dict[str, list[tuple[str, int]]] = {}
            self._cases: dict[str, str] | None = None
            self._ready = False

    def refresh(self) -> bool:
        """Pick up sources added or removed (by `sources add`, say) since they were loaded.

        Costs one stat() when nothing changed. If the new sources cannot be loaded, the bot
        keeps answering from the old ones and logs why. True when the sources changed.
        """
        stamp = _registry_stamp(self.settings.index_dir)
        if stamp == self._sources_seen:
            return False
        with self._sources_lock:
            if stamp == self._sources_seen:
                return False
            self._sources_seen = stamp
            s = self.settings
            try:
                skipped: dict[str, str] = {}
                store = open_store(s.index_dir, load_documents(s.index_dir, skipped), self.retriever.embedder,
                                   max_words=s.chunk_words, exact_max=s.exact_search_max)
                self.skipped = skipped
            except BotError as e:
                log.warning("sources changed but cannot be loaded (%s); still answering from the old ones", e)
                return False
            was_ready = self._ready
            self._use(store, self.retriever.embedder)
            log.info("sources changed: now %d passages", len(store))
        if was_ready:  # process the new prompt prefix now rather than at the next question
            threading.Thread(target=self.warm, name="warm", daemon=True).start()
        return True

    @classmethod
    def from_settings(cls, settings: Settings | None = None, *, progress: bool = True) -> Bot:
        """Load (or build) the index and locate the model; the model itself loads on first use."""
        from .models import resolve_model

        settings = settings or Settings()
        embedder = MiniLMEmbedder()
        skipped: dict[str, str] = {}
        docs = load_documents(settings.index_dir, skipped)
        store = open_store(
            settings.index_dir, docs, embedder, max_words=settings.chunk_words, progress=progress,
            exact_max=settings.exact_search_max,
        )
        if settings.openai_base_url:
            generator: Generator = OpenAIGenerator(
                settings.openai_base_url, model=settings.openai_model, api_key=settings.openai_api_key
            )
        else:
            model = resolve_model(settings.model_path, settings.cache_dir, progress=progress)
            generator = LlamaCppGenerator(model, n_ctx=settings.n_ctx, n_threads=settings.n_threads,
                                          draft_tokens=settings.draft_tokens)
            if settings.parallel > 1:  # sequence 0 holds the block's prefix, the others answers
                from .batching import BatchedGenerator

                generator = BatchedGenerator(generator, slots=settings.parallel + 1, n_ctx=2 * settings.n_ctx)
        bot = cls(store, embedder, generator, settings)
        bot.skipped = skipped
        return bot

    # -- prompt building -----------------------------------------------------------

    def _system(self, passages: list[Citation]) -> str:
        titles = list(dict.fromkeys(p.title for p in passages))
        if len(titles) == 1:  # a block of one source reads as if it were the only one
            corpus, decline = f'the article "{titles[0]}"', ARTICLE_DECLINE
        else:
            corpus, decline = self.corpus, self.decline_text
        return self.prompts.render("system", corpus=corpus, decline=decline, passages=passages)

    @property
    def blocks(self) -> list[Block]:
        """The passages grouped into blocks that each fit the prompt budget; [] when one
        passage alone does not, or there would be more than `max_blocks` (then each question is
        shown its top passages).

        While every passage fits, there is one block. Otherwise each source has blocks of its
        own (so adding or removing a source leaves the other blocks' saved states valid), a
        source too big for one block split into runs of consecutive passages. Each block's
        prompt is processed once and saved; a question is answered over the block holding its
        best passage.
        """
        with self._mode_lock:
            if self._blocks is None:
                self._blocks = self._make_blocks()
                log.info("prompt mode: %s", f"{len(self._blocks)} block(s) of passages as cached prefixes"
                         if self._blocks else "top passages")
            return self._blocks

    def _make_blocks(self) -> list[Block]:
        s = self.settings
        # Room for the question, a short conversation and the answer must remain.
        budget = min(s.prefix_token_budget, s.n_ctx - s.max_answer_tokens - QUESTION_ROOM)
        chunks = self.store.chunks
        every = range(len(chunks))
        # Every word is at least one token: a big corpus is ruled out without tokenizing it whole.
        if sum(len(c.text.split()) for c in chunks) <= budget:
            whole = self._block(every)
            if self.generator.count_tokens(whole.system) <= budget:
                return [whole]
        base = self.generator.count_tokens(self._system([]))
        cost = [self.generator.count_tokens(f"[{r + 1}] {chunks[r].text}\n") + 1 for r in every]
        if base + max(cost, default=0) > budget:
            return []
        runs: list[list[int]] = []
        for source in dict.fromkeys(c.source_id for c in chunks):
            used = budget  # each source starts a block: adding one never changes another's
            for r in (r for r in every if chunks[r].source_id == source):
                if used + cost[r] > budget:
                    runs.append([])
                    used = base
                runs[-1].append(r)
                used += cost[r]
        if len(runs) > s.max_blocks:
            return []  # too many states to process and keep: top passages per question
        blocks = [self._block(run) for run in runs]
        if any(self.generator.count_tokens(b.system) > budget for b in blocks):
            return []  # the estimate was off: never send a prompt that does not fit
        return blocks

    def _block(self, rows) -> Block:
        """Passages numbered 1.. in the block's own order: its prompt depends on its passages
        alone, so its saved state outlives changes to other sources."""
        rows = tuple(rows)
        return Block(rows, self._system([self._citation(r, n, 0.0) for n, r in enumerate(rows, 1)]))

    @property
    def whole_corpus(self) -> bool:
        """True when every passage fits one cached prompt prefix."""
        blocks = self.blocks
        return len(blocks) == 1 and len(blocks[0].rows) == len(self.store)

    def _blocks_for(self, hits: list[Hit]) -> list[Block]:
        """The blocks, most relevant first: by the mean similarity of each block's two
        passages nearest the question.

        Not by the single best passage: a short, generic passage of another source ("You can
        chat with DeepSeek-R1 on DeepSeek's official website") often outranks the passage that
        answers ("a small company from Hangzhou"). Measured on the dev material (article sets
        fresh2-4 and the linked dev half, 124 answerable questions): the block of the best
        passage (fused score) held the answer's source for 108, two passages' cosine for 115.
        The first source's blocks get `primary_source_margin` (see Settings).
        """
        blocks = self.blocks
        if len(blocks) == 1 or not hits:
            return list(blocks)
        index = {r: i for i, b in enumerate(blocks) for r in b.rows}
        near: dict[int, list[float]] = {}
        for h in hits:
            near.setdefault(index[h.row], []).append(h.score)
        primary = self.store.chunks[0].source_id
        margin = {i: self.settings.primary_source_margin
                  if self.store.chunks[blocks[i].rows[0]].source_id == primary else 0.0 for i in near}
        # The mean, not the sum: a one-passage source (a short note) is not outweighed by count.
        score = {i: sum(top := sorted(v, reverse=True)[:2]) / len(top) + margin[i] for i, v in near.items()}
        return [blocks[i] for i in sorted(score, key=lambda i: -score[i])]

    def _citation(self, row: int, n: int, score: float) -> Citation:
        c = self.store.chunks[row]
        return Citation(
            n=n, source_id=c.source_id, title=c.title, text=c.text,
            start=c.start, end=c.end, score=round(score, 4), origin=c.origin, place=c.place,
        )

    def _name_cases(self) -> dict[str, str]:
        """The sources' names by their lower case (`text.name_cases`), read once per source set."""
        if self._cases is None:
            self._cases = name_cases(c.text for c in self.store.chunks)
        return self._cases

    def standalone(self, question: str, history: list[dict] | None) -> tuple[Resolved, list[dict]]:
        """`question` made standalone from the conversation before it (`followup.resolve`),
        and that conversation as the bot keeps it (`clean_history`)."""
        history, unanswered = conversation(history)
        if not self.rewrite_followups:
            return Resolved(question), history
        if history:
            # Names typed in lower case are read as the sources write them ("what did deepseek
            # build?"): the parse that finds what a pronoun stands for sees only capitalised names.
            cases = self._name_cases()
            question = with_name_cases(question, cases)
            history = [dict(m, content=with_name_cases(m["content"], cases)) if m["role"] == "user" else m
                       for m in history]
        return resolve(question, history, after_decline=unanswered), history

    def _plan(self, question: str, history: list[dict]) -> _Plan:
        s = self.settings
        started = time.perf_counter()
        # A follow-up ("When was it founded?") is retrieved, answered and checked as a
        # standalone question; the previous question joins the search in case the rewrite missed.
        followup, history = self.standalone(question, history)
        question = followup.question
        queries = [question] + ([f"{followup.previous} {question}"] if followup.previous else [])
        # Retrieve before asking whether the corpus fits the prompt: on a cold start the
        # embedder then loads while the model loads (in warm(), on another thread).
        hits: list[Hit] = self.retriever.search(queries, min(len(self.store), WHOLE_CORPUS_MAX))
        blocks = self.blocks
        if blocks:
            block = self._blocks_for(hits)[0]
            ranked = self._ranked(block, hits)
            system = block.system
        else:  # the shown passages are numbered 1..k
            block = None
            ranked = [self._citation(h.row, n, h.score) for n, h in enumerate(hits[: s.top_k], 1)]
            system = self._system(ranked)
        shown = {c.n: c for c in ranked}
        # Only the question follows the fixed prefix: naming the top passages here was
        # measured to cost 0.17 s of first-token time and to gain no accuracy.
        user = self.prompts.render("question", question=question)
        # The model hears the conversation only for an ellipsis, which says what it asks only
        # with it; any other follow-up is asked as its standalone form, exactly as if asked alone.
        # Measured on the dev conversations: with the conversation in every prompt, drafts copied
        # earlier answers and answered beside the question (README, Evaluation).
        context = history if elliptical(question) else []
        messages = [{"role": "system", "content": system}, *context, {"role": "user", "content": user}]
        top = max((h.score for h in hits), default=0.0)
        asked = terms(question)
        language = language_of(question)
        ask = ask_of(question)
        overview = ask.wants == "overview"
        topic = topic_of(ask, self._title_words()) if overview else frozenset()
        return _Plan(
            question, messages, shown, ranked, time.perf_counter() - started,
            decline_early=language != "en" or (not overview or bool(topic)) and (
                top < s.min_retrieval_score
                # (A question mostly in words the sources never use is not declined here: that
                # is how paraphrases are asked; the answer check decides after the model.)
                # A name the sources never mention ("How much did GPT-4 cost?").
                or (s.decline_unknown_names and bool(asked.names - self.vocabulary))
            ),
            overview=overview,
            topic=topic,
            part=tuple(h.row for h in hits[: s.top_k] if h.score >= s.min_retrieval_score) if topic else (),
            notice=notice(language) if language != "en" else "",
            block=block,
            elides=followup.elides,
        )

    def _ranked(self, block: Block, hits: list[Hit]) -> list[Citation]:
        """A block's passages, the question's best first. Over a block, passages keep their
        numbers for every question (a stable prefix)."""
        number = {r: n for n, r in enumerate(block.rows, 1)}
        ranked = [self._citation(h.row, number[h.row], h.score) for h in hits if h.row in number]
        seen = {c.n for c in ranked}  # passages the search did not reach, last
        return ranked + [self._citation(r, n, 0.0) for r, n in number.items() if n not in seen]

    def _source_named(self, question: str) -> str:
        """The source a question about a whole document means: the one whose title shares the
        most words with it ("Summarize the R1 technical report"), else the first source (the
        article: "What is this article about?")."""
        def words(text: str) -> set[str]:
            return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS}

        asked = words(question)
        by_title = {c.title: c.source_id for c in reversed(self.store.chunks)}  # first source wins ties
        ranked = sorted(dict.fromkeys(c.title for c in self.store.chunks), key=lambda t: -len(asked & words(t)))
        return by_title[ranked[0]] if asked & words(ranked[0]) else self.store.chunks[0].source_id

    def _title_words(self) -> frozenset[str]:
        """The words of the sources' titles: a summary asked of "the R1 technical report" is of
        a whole source, not of a part about "technical"."""
        titles = dict.fromkeys(c.title for c in self.store.chunks)
        return frozenset(w for title in titles for x in analyse(title) for t in x.toks for w in (t.key, t.lemma))

    def overview(self, plan: _Plan) -> list[tuple[str, int]]:
        """The summary of the source the question is about, prepared once; of the passages
        found for it, when it asks about one part."""
        if plan.part:
            rows = list(dict.fromkeys(plan.part))
            texts = [self.store.chunks[r].text for r in rows]
            if unsaid(plan.question, plan.topic, texts):
                return []  # then the draft is checked like any answer, and its decline stands
            picked = summarize(texts, self.retriever.embedder, sentences=min(3, self.settings.summary_sentences),
                               about=topic_words(plan.question, plan.topic))
            return [(text, rows[i] + 1) for text, i in picked if bears_on(plan.topic, text)]
        source = self._source_named(plan.question)
        if source not in self._overviews:
            rows = [r for r, c in enumerate(self.store.chunks) if c.source_id == source]
            picked = summarize([self.store.chunks[r].text for r in rows], self.retriever.embedder,
                               sentences=self.settings.summary_sentences)
            self._overviews[source] = [(text, rows[i] + 1) for text, i in picked]
        return self._overviews[source]

    # -- answering -------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """True once the model is loaded and the fixed prompt is processed."""
        return self._ready

    def warm(self) -> None:
        """Load the model and process the fixed prompt prefix (or restore it from disk), once."""
        with self._warm_lock:  # callers arriving meanwhile wait for the one warm-up
            if self._ready:
                return
            blocks = self.blocks
            if blocks:
                self._prepare(blocks[0])
            lexicon.available()  # read WordNet (about 1 s) now, not during the first answer
            self._ready = True
        if len(blocks) > 1 and self.settings.prepare_in_background:
            threading.Thread(target=self.prepare_all, name="prepare", daemon=True).start()

    def _messages(self, block: Block) -> list[dict]:
        user = self.prompts.render("question", question="Hello?")
        return [{"role": "system", "content": block.system}, {"role": "user", "content": user}]

    def _prepare(self, block: Block, *, load: bool = True) -> None:
        """Process a block's prompt (or restore it from disk) and save it for later questions;
        with `load=False`, a state saved before is only noted, to be restored when needed."""
        self.generator.warm(self._messages(block), state_dir=self.settings.cache_dir / "states", load=load)

    def prepare_all(self, *, progress: bool = False) -> None:
        """Process every block's prompt in turn (restored from disk when saved before).

        `warm()` runs this in the background; questions are answered meanwhile, between blocks.
        """
        with self._prepare_lock:  # one pass at a time: a second caller waits for the first
            blocks = self.blocks
            todo = [b for b in blocks if not self.generator.prepared(self._messages(b))]
            if progress and todo:
                from tqdm import tqdm

                todo = tqdm(todo, desc="preparing the sources' prompts", unit="block")
            for block in todo:
                if self._blocks is not blocks:
                    return  # the sources changed: their warm-up prepares the new blocks
                if not self.generator.prepared(self._messages(block)):
                    self._prepare(block, load=False)

    @property
    def preparing(self) -> tuple[int, int]:
        """(blocks prepared, blocks): how far the prompts' processing has come."""
        blocks = self._blocks or []
        done = sum(self.generator.prepared(self._messages(b)) for b in blocks)
        return done, len(blocks)

    def stream(self, question: str, *, history: list[dict] | None = None) -> AnswerStream:
        """Stream an answer; see AnswerStream. Raises InvalidQuestion before anything runs."""
        started = time.perf_counter()
        question = clean_question(question, self.settings.max_question_chars)
        self.refresh()
        with self._sources_lock:
            plan = self._plan(question, history or [])
        if not plan.decline_early:
            self._check_fits(plan.messages)
        stream = AnswerStream(iter(()))
        stream._pieces = self._run(question, plan, stream, started)
        return stream

    def _check_fits(self, messages: list[dict]) -> None:
        """InvalidQuestion if the prompt and the longest answer would overflow the context."""
        used = sum(self._tokens(m["content"]) + 8 for m in messages)  # 8: chat template per message
        room = self.settings.n_ctx - self.settings.max_answer_tokens
        if used > room:
            raise InvalidQuestion(
                f"the question and conversation take {used:,} tokens with the sources, but only "
                f"{room:,} fit the model's context: shorten the question or start a new chat"
            )

    def _tokens(self, text: str) -> int:
        if text not in self._token_counts:
            if len(self._token_counts) > 256:
                self._token_counts.clear()
            self._token_counts[text] = self.generator.count_tokens(text)
        return self._token_counts[text]

    def ask(self, question: str, *, history: list[dict] | None = None) -> Answer:
        """Answer `question` from the sources.

        Args:
            question: The user's question.
            history: Earlier turns, OpenAI/Gradio "messages" format.

        Returns:
            The verified Answer.

        Raises:
            InvalidQuestion: The question is empty or too long.
            ModelError: The model could not be loaded or run.
        """
        s = self.stream(question, history=history)
        for _ in s:
            pass
        return s.answer

    def _run(self, question: str, plan: _Plan, out: AnswerStream, started: float) -> Iterator[str]:
        nearest = plan.ranked[: self.settings.top_k]
        if plan.decline_early:
            text = plan.notice or self.decline_text
            nearest = [] if plan.notice else nearest  # passages found for words we cannot read
            yield text
            out._answer = Answer(
                question, text, [], True, nearest, raw_text=text,
                timings=Timings(retrieve_s=plan.retrieve_s, total_s=time.perf_counter() - started),
                asked=plan.question,
            )
            return
        self.warm()
        usage = Usage()
        pieces: list[str] = []
        first = 0.0
        gen_started = time.perf_counter()
        if plan.block is not None and not self.generator.prepared(plan.messages):
            # This block's prompt was not processed yet: do it now, and save it for next time.
            self._prepare(plan.block)
        try:
            for piece in self.generator.stream(
                plan.messages, max_tokens=self.settings.max_answer_tokens, usage=usage
            ):
                if out._closed:
                    return  # leaving the loop closes the model's stream and frees the model
                if not pieces:
                    first = time.perf_counter() - gen_started
                pieces.append(piece)
                yield piece
        except ValueError as e:  # llama.cpp: the prompt does not fit the context window
            raise ModelError(f"the prompt does not fit the model's context: {e}") from None
        generate_s = time.perf_counter() - gen_started
        raw = "".join(pieces).strip()
        timings = Timings(retrieve_s=plan.retrieve_s, first_token_s=first, generate_s=generate_s,
                          prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens)
        out._check = lambda: self._verify(question, raw, plan, nearest, started, timings)

    def _verify(self, question, raw, plan, nearest, started, timings) -> Answer:
        s = self.settings
        # The judge's question follows the same system prompt, so its prefix stays cached.
        judge = ModelJudge(self.generator, self.prompts, plan.messages[0]["content"],
                           s.judge_threshold) if s.model_judge else None

        # A name typed in lower case binds as the sources write it ("how much did meta spend"),
        # though the shown passages do not name it: a quote must then name it too.
        question_cased = with_name_cases(plan.question, self._name_cases())

        def decided(draft: str):
            return decide(
                question_cased, draft, {n: c.text for n, c in plan.shown.items()}, [c.n for c in nearest],
                overview=self.overview(plan) if plan.overview else (),
                titles={n: c.title for n, c in plan.shown.items()},
                judge=judge, elides=with_name_cases(plan.elides, self._name_cases()),
                answer_coverage=s.answer_coverage, quote_coverage=s.quote_coverage,
            )

        out, second = decided(raw), ""
        premised = any(v.reason.startswith(PREMISE) for v in out.sentences)
        # A question still pointing back at nothing ("What caused that?" after a declined turn)
        # gets no second draft: what it is about would be the forced reply's guess, which the
        # judge then read as a paraphrase of a sentence about the market shock.
        if out.abstained and s.second_draft and is_decline(raw) and not plan.overview and not premised \
                and not unresolved(plan.question):
            # The model declines questions it could answer ("Who started Foxit?" over "founded
            # in 2001 by Eugene Y. Xiong"). Its best reply other than the decline is checked like
            # any draft, and shown only if the checks pass; otherwise the decline stands.
            other = "".join(self.generator.stream(plan.messages, max_tokens=s.max_answer_tokens,
                                                  avoid=frozenset({ARTICLE_DECLINE, SOURCES_DECLINE}))).strip()
            # Only its own sentences, checked, are shown: a quote drawn from a failed second draft
            # stood on neither the model's judgement nor the draft ("on average how many
            # customers per country" got the sentence giving both counts, uncomputed).
            # Its opening sentence is its answer: with that refused, what holds after it is only
            # context ("Why are discussions kept private?" drafted an invented reason, then two
            # true sentences about the review meetings), and the model's own decline stands.
            if other and not is_decline(other) and not (checked := decided(other)).abstained and not checked.extractive \
                    and checked.sentences and checked.sentences[0].supported:
                out, second = checked, other
        timings = replace(timings, total_s=time.perf_counter() - started)
        if out.abstained:
            return Answer(question, self._declined(out.sentences), [], True, nearest, list(out.sentences), raw,
                          revised=out.revised, timings=timings, asked=plan.question)
        text = " ".join(_with_markers(x) for x in out.kept)
        cited = sorted({n for x in out.kept for n in x.cites})
        # A summary cites passages by their row (n = row + 1), whichever passages were shown.
        by_n = {n: self._citation(n - 1, n, 0.0) for n in cited} if plan.overview else plan.shown
        citations = [by_n[n] for n in cited]
        return Answer(question, text, citations, False, nearest, list(out.sentences), raw,
                      revised=out.revised, extractive=out.extractive, timings=timings, second_draft=second,
                      asked=plan.question)


    def _declined(self, sentences) -> str:
        """The decline, naming the question's premise when that is what the sources do not
        state: "The article doesn't say that DeepSeek was founded in 2016." """
        premise = next((x.text for x in sentences if x.reason.startswith(PREMISE)), "")
        if not premise:
            return self.decline_text
        first, _, rest = premise.partition(" ")
        # Its first word in lower case, unless the sources write it as a name ("DeepSeek", "US").
        first = with_name_cases(first.lower(), self._name_cases()) if first[1:].islower() else first
        return f"{self.decline_text.rstrip('.')} that {first} {rest}".rstrip()


def _with_markers(sentence: Sentence) -> str:
    text = sentence.text.rstrip()
    if re.search(r"(?:\b[A-Za-z]\.){2,}$", text):  # "at 11:27 p.m.": the abbreviation's stop stays
        return f"{text} {''.join(f'[{n}]' for n in sentence.cites)}"
    end = text[-1] if text[-1] in ".!?" else "."
    body = text[:-1] if text[-1] in ".!?" else text
    return f"{body} {''.join(f'[{n}]' for n in sentence.cites)}{end}"
