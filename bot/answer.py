"""The one result type every front end consumes: Answer, with its Citations."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Citation:
    """A numbered passage, as shown to the model and to the user.

    Attributes:
        n: The passage number used in `[n]` markers.
        source_id: Stable id of the source document.
        title: The source's title.
        text: The passage text, verbatim from the source.
        start: Character offset of the passage in the source file.
        end: Character offset just past the passage.
        score: Cosine similarity between the question and the passage.
        origin: Where the source came from (a file name or URL).
        place: The section heading or page the passage is in ("" when the source has none).
    """

    n: int
    source_id: str
    title: str
    text: str
    start: int
    end: int
    score: float
    origin: str = ""
    place: str = ""

    @property
    def where(self) -> str:
        """Title and place, as a citation names them: 'Report, page 3'."""
        return f"{self.title}, {self.place}" if self.place else self.title


@dataclass(frozen=True)
class Sentence:
    """One sentence of the answer with the verdict of the grounding check.

    Attributes:
        text: The sentence without citation markers.
        cites: Passage numbers the sentence is cited to after verification.
        supported: True when the cited passages contain its names, numbers and key terms.
        recited: True when verification replaced the model's own citation with a better one
            (a citation added where the model gave none does not count).
        reason: Why it was kept or dropped ("supported", "the source does not give 2016", ...).
        evidence: The source sentence it was checked against (the nearest one when unsupported).
    """

    text: str
    cites: tuple[int, ...]
    supported: bool
    recited: bool = False
    reason: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class Timings:
    """Seconds spent per stage, and token counts of the generation."""

    retrieve_s: float = 0.0
    first_token_s: float = 0.0
    generate_s: float = 0.0
    total_s: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def tokens_per_s(self) -> float:
        decode = self.generate_s - self.first_token_s
        return self.completion_tokens / decode if decode > 0 else 0.0


@dataclass(frozen=True)
class Answer:
    """What the bot says, why, and how long it took.

    Attributes:
        question: The question as asked.
        text: The answer shown to the user, with `[n]` markers; only verified sentences.
        citations: The passages `text` cites, in order of their numbers.
        abstained: True when the sources do not contain the answer.
        passages: The passages nearest to the question, best first (also when abstaining).
        sentences: The model's sentences with per-sentence verdicts.
        raw_text: What the model generated (and what `stream()` yielded).
        revised: True when verification removed or replaced part of `raw_text`, or changed a
            citation the model wrote, to make `text` (adding missing markers is not a revision).
        extractive: True when `text` quotes the source because the draft failed verification.
        second_draft: When the model's draft was a decline: its best other reply (the decline's
            tokens forbidden), from which `text` was made, checked like any draft; else "".
        timings: Per-stage timings and token counts.
        asked: The question as the bot read it: a follow-up made standalone ("When was it
            founded?" -> "When was DeepSeek founded?"), without its conversational frame.
    """

    question: str
    text: str
    citations: list[Citation]
    abstained: bool
    passages: list[Citation] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    raw_text: str = ""
    revised: bool = False
    extractive: bool = False
    timings: Timings = field(default_factory=Timings)
    second_draft: str = ""
    asked: str = ""
