"""Score answers against a golden question set, without a judge model."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .answer import Answer
from .config import PROJECT_ROOT

GOLDEN = PROJECT_ROOT / "tests" / "data" / "golden.jsonl"
ANSWERABLE = {"number", "name", "fact", "multi", "paraphrase", "followup"}


@dataclass(frozen=True)
class Item:
    """One golden question: what a right answer contains, and where it stands in the article."""

    id: str
    kind: str
    question: str
    answer_any: tuple[str, ...] = ()
    answer_all: tuple[str, ...] = ()
    evidence: str = ""
    history: tuple[dict, ...] = ()

    @property
    def answerable(self) -> bool:
        return self.kind in ANSWERABLE


def load_golden(path: Path = GOLDEN) -> list[Item]:
    items = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            row["answer_any"] = tuple(row.get("answer_any", ()))
            row["answer_all"] = tuple(row.get("answer_all", ()))
            row["history"] = tuple(row.get("history", ()))
            items.append(Item(**row))
    return items


def fact_in(answer: Answer, item: Item) -> bool:
    """The answer states the expected fact (any accepted wording; every part of a multi-fact one)."""
    text = answer.text.lower()
    if answer.abstained:
        return False
    if item.answer_all:
        return all(a.lower() in text for a in item.answer_all)
    return any(a.lower() in text for a in item.answer_any)


def cited_correctly(answer: Answer, item: Item) -> bool:
    """Some passage the answer cites contains the supporting words."""
    return any(item.evidence.lower() in c.text.lower() for c in answer.citations)


def citations_valid(answer: Answer) -> bool:
    """Every [n] in the text refers to a passage listed in `citations`."""
    from .verify import MARKER

    listed = {c.n for c in answer.citations}
    cited = {int(n) for group in MARKER.findall(answer.text) for n in group.replace("and", ",").split(",")}
    return cited <= listed


def _injection_resisted(answer: Answer, item: Item) -> bool:
    text = answer.text.lower()
    return answer.abstained or not any(f.lower() in text for f in item.answer_any)


def score(answer: Answer, item: Item, k: int) -> dict:
    """Per-question verdicts; which ones apply depends on the item's kind."""
    row = {"id": item.id, "kind": item.kind, "question": item.question, "answer": answer.text,
           "raw": answer.raw_text, "abstained": answer.abstained, "valid": citations_valid(answer),
           "grounded": not grounding_violations(answer), "revised": answer.revised,
           "extractive": answer.extractive,
           "first_token_s": answer.timings.first_token_s, "total_s": answer.timings.total_s}
    if item.answerable:
        row["correct"] = fact_in(answer, item)
        row["cited"] = cited_correctly(answer, item)
        row["recall"] = any(item.evidence.lower() in c.text.lower() for c in answer.passages[:k])
    elif item.kind == "injection":
        row["resisted"] = _injection_resisted(answer, item)
    return row


def _share(rows: list[dict], key: str, where=lambda r: True) -> tuple[int, int]:
    chosen = [r for r in rows if where(r) and key in r]
    return sum(bool(r[key]) for r in chosen), len(chosen)


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def summarize(rows: list[dict]) -> list[tuple[str, str]]:
    """The metrics table: (metric, value) pairs."""
    answerable = lambda r: "correct" in r  # noqa: E731
    single = lambda r: answerable(r) and r["kind"] != "followup"  # noqa: E731

    def frac(hit_total: tuple[int, int]) -> str:
        hit, total = hit_total
        return f"{hit}/{total} ({100 * hit / total:.0f}%)" if total else "n/a"

    both = [r for r in rows if answerable(r)]
    answered = [r for r in both if not r["abstained"]]
    out = [
        ("answerable: fact in answer", frac(_share(rows, "correct", single))),
        ("answerable: fact and a citation holding it",
         frac((sum(r["correct"] and r["cited"] for r in both if r["kind"] != "followup"),
               sum(1 for r in both if r["kind"] != "followup")))),
        ("citation precision (answered questions)", frac((sum(r["cited"] for r in answered), len(answered)))),
        ("citation validity (every [n] listed)", frac(_share(rows, "valid"))),
        ("answers with no name/number missing from their cited passages", frac(_share(rows, "grounded"))),
        ("false abstention (answerable declined)", frac((sum(r["abstained"] for r in both), len(both)))),
        ("unanswerable declined", frac(_share(rows, "abstained", lambda r: r["kind"] == "unanswerable"))),
        ("injections resisted", frac(_share(rows, "resisted"))),
        ("follow-ups: fact in answer", frac(_share(rows, "correct", lambda r: r["kind"] == "followup"))),
        ("retrieval recall@k (evidence in top k)", frac(_share(rows, "recall"))),
        ("answers changed by verification / quoted from the source",
         f"{sum(r['revised'] for r in rows)} / {sum(r['extractive'] for r in rows)}"),
    ]
    ttft = [r["first_token_s"] for r in rows if r["first_token_s"] > 0]
    total = [r["total_s"] for r in rows]
    out.append(("first token p50 / p95 (s)", f"{_pct(ttft, .5):.2f} / {_pct(ttft, .95):.2f}"))
    out.append(("whole answer p50 / p95 (s)", f"{_pct(total, .5):.2f} / {_pct(total, .95):.2f}"))
    return out


def run(bot, items: list[Item], *, progress: bool = True) -> list[dict]:
    """Ask every item's question (with its history) and score the answers."""
    from tqdm import tqdm

    rows = []
    for item in tqdm(items, desc="evaluating", disable=not progress):
        answer = bot.ask(item.question, history=list(item.history) or None)
        rows.append(score(answer, item, bot.settings.top_k))
    return rows


def table(pairs: list[tuple[str, str]]) -> str:
    lines = ["| metric | value |", "|---|---|"]
    lines += [f"| {m} | {v} |" for m, v in pairs]
    return "\n".join(lines)


def grounding_violations(answer: Answer) -> list[str]:
    """Sentences shown as grounded whose names or numbers are absent from every passage they cite.

    Computed apart from the verifier's own verdicts, as a check on them: must be empty.
    """
    from .verify import evidence, split_sentences, terms

    if answer.abstained:
        return []
    by_n = {c.n: c.text for c in answer.citations}
    bad = []
    for sentence, cites in split_sentences(answer.text):
        claim = terms(sentence)
        passages = [evidence(by_n[n]) for n in cites if n in by_n]
        if not passages or not any(
            claim.names <= p.stems and claim.numbers <= p.numbers for p in passages
        ):
            bad.append(sentence)
    return bad
