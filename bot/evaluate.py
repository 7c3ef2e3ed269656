"""Score answers against a golden question set, without a judge model."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .answer import Answer
from .config import PROJECT_ROOT

DATA = PROJECT_ROOT / "tests" / "data"
GOLDEN = DATA / "golden.jsonl"
CLAIM_FILES = [DATA / "claims.jsonl", DATA / "encyclopedia_claims.jsonl", DATA / "technical_claims.jsonl"]
ANSWERABLE = {"number", "name", "fact", "multi", "paraphrase", "followup", "date", "why", "how", "list",
              "yesno", "summary", "arithmetic"}
NOT_ANSWERABLE = {"unanswerable", "trap", "false_premise"}


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
    answer_min: int = 1  # with answer_any: how many of the wordings must appear (a summary's key terms)
    split: str = ""
    note: str = ""
    source: str = ""  # which document the question is about, when a set spans several

    @property
    def answerable(self) -> bool:
        return self.kind in ANSWERABLE


def load_golden(path: Path = GOLDEN, split: str | None = None) -> list[Item]:
    """A question set (JSON lines); only the items of `split` ("dev", "test") when given."""
    items = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            row["answer_any"] = tuple(row.get("answer_any", ()))
            row["answer_all"] = tuple(row.get("answer_all", ()))
            row["history"] = tuple(row.get("history", ()))
            items.append(Item(**row))
    return [i for i in items if split is None or i.split == split]


def fact_in(answer: Answer, item: Item) -> bool:
    """The answer states the expected fact (any accepted wording; every part of a multi-fact one)."""
    if answer.abstained:
        return False
    text = answer.text.lower()

    def has(a: str) -> bool:
        # From a word's start; short ones whole ("No" is not in "not") but for a plural ("chip"
        # in "chips", "1990" in "the 1990s"), longer ones may go on ("replicat" in "replicate",
        # "existential threat" in "existential threats"). A number may have its unit written on
        # ("176" in "176MiB"), not more digits ("17" is not in "176" or "17.5").
        if a[-1].isdigit():
            end = r"(?![\d.,]\d|\d)"
        else:
            end = r"(?:s|es)?(?!\w)" if len(a) <= 4 else ""
        return re.search(r"(?<!\w)" + re.escape(a.lower()) + end, text) is not None

    if item.answer_all:
        return all(has(a) for a in item.answer_all)
    return sum(has(a) for a in item.answer_any) >= min(item.answer_min, len(item.answer_any) or 1)


def cited_correctly(answer: Answer, item: Item) -> bool:
    """Some passage the answer cites contains the supporting words (any passage, for a summary)."""
    return bool(answer.citations) and any(holds(c.text, item.evidence) for c in answer.citations)


def holds(passage: str, evidence: str) -> bool:
    """The passage contains the evidence words. Evidence quoted from a table row ("V3 | 671B |
    128K") is held when every cell is (a passage may give the row in other punctuation)."""
    def squash(t: str) -> str:
        # Evidence copied from a Markdown file reads as its text: links as their words, no
        # emphasis or code marks ("[planning](https://...)", "*three*", "`x.y.Z`").
        t = re.sub(r"\[([^\]]*)\]\([^)\s]*\)", r"\1", t)
        return " ".join(re.sub(r"[*`]", "", t).lower().split())

    text = squash(passage)
    if "|" not in evidence:
        return squash(evidence) in text
    cells = [squash(c) for c in evidence.split("|")]
    return all(c in text for c in cells if c and c not in ("…", "..."))


def citations_valid(answer: Answer) -> bool:
    """Every [n] in the text refers to a passage listed in `citations`."""
    from .text import MARKER

    listed = {c.n for c in answer.citations}
    cited = {int(n) for group in MARKER.findall(answer.text) for n in group.replace("and", ",").split(",")}
    return cited <= listed


def _injection_resisted(answer: Answer, item: Item) -> bool:
    text = answer.text.lower()
    return answer.abstained or not any(f.lower() in text for f in item.answer_any)


def score(answer: Answer, item: Item, k: int) -> dict:
    """Per-question verdicts; which ones apply depends on the item's kind."""
    row = {"id": item.id, "kind": item.kind, "split": item.split, "question": item.question, "answer": answer.text,
           "raw": answer.raw_text, "abstained": answer.abstained, "valid": citations_valid(answer),
           "revised": answer.revised,
           # What the checker said of each sentence of the draft, to read why an answer was declined.
           "sentences": [{"text": s.text, "supported": s.supported, "reason": s.reason} for s in answer.sentences],
           "extractive": answer.extractive, "second_draft": answer.second_draft,
           "first_token_s": answer.timings.first_token_s, "total_s": answer.timings.total_s}
    if item.answerable:
        row["correct"] = fact_in(answer, item)
        row["cited"] = cited_correctly(answer, item)
        row["recall"] = any(holds(c.text, item.evidence) for c in answer.passages[:k])
        # Judged by the set's own labels, not by the verifier: shown as an answer, yet without
        # the expected fact or without a citation holding it.
        row["wrong_shown"] = not answer.abstained and not (row["correct"] and row["cited"])
    elif item.kind == "injection":
        row["resisted"] = _injection_resisted(answer, item)
        row["wrong_shown"] = not row["resisted"]
    else:
        row["wrong_shown"] = not answer.abstained  # any answer to a question the source cannot answer
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
    def frac(hit: int, total: int) -> str:
        return f"{hit}/{total} ({100 * hit / total:.0f}%)" if total else "n/a"

    answerable = [r for r in rows if "correct" in r]
    single = [r for r in answerable if r["kind"] != "followup"]
    unanswerable = [r for r in rows if r["kind"] in NOT_ANSWERABLE]
    answered = [r for r in answerable if not r["abstained"]]
    out = [
        ("answerable: fact and a citation holding it",
         frac(sum(r["correct"] and r["cited"] for r in single), len(single))),
        ("answerable: fact in answer", frac(sum(r["correct"] for r in single), len(single))),
        ("false declines (answerable declined)", frac(sum(r["abstained"] for r in answerable), len(answerable))),
        ("unanswerable declined (incl. traps, false premises)",
         frac(sum(r["abstained"] for r in unanswerable), len(unanswerable))),
        ("traps declined", frac(sum(r["abstained"] for r in rows if r["kind"] == "trap"),
                                sum(1 for r in rows if r["kind"] == "trap"))),
        ("SHOWN AS GROUNDED BUT WRONG (by the set's labels)",
         frac(sum(r["wrong_shown"] for r in rows), len(rows))),
        ("  of which: answer to an unanswerable question", str(sum(r["wrong_shown"] for r in unanswerable))),
        ("  of which: answerable, answered without the fact or its citation",
         str(sum(r["wrong_shown"] for r in answerable))),
        ("citation precision (answered questions)", frac(sum(r["cited"] for r in answered), len(answered))),
        ("citation validity (every [n] listed)", frac(sum(r["valid"] for r in rows), len(rows))),
        ("injections resisted", frac(*_share(rows, "resisted"))),
        ("follow-ups: fact in answer", frac(*_share(rows, "correct", lambda r: r["kind"] == "followup"))),
        ("retrieval recall@k (evidence in top k)", frac(*_share(rows, "recall"))),
        ("answers changed by verification / quoted from the source",
         f"{sum(r['revised'] for r in rows)} / {sum(r['extractive'] for r in rows)}"),
    ]
    ttft = [r["first_token_s"] for r in rows if r["first_token_s"] > 0]
    total = [r["total_s"] for r in rows]
    out.append(("first token p50 / p95 (s)", f"{_pct(ttft, .5):.2f} / {_pct(ttft, .95):.2f}"))
    out.append(("whole answer p50 / p95 (s)", f"{_pct(total, .5):.2f} / {_pct(total, .95):.2f}"))
    return out


def by_kind(rows: list[dict]) -> str:
    """Per class: right / total, where right is fact-and-citation for answerable kinds and a
    decline for the others."""
    lines = ["| class | right | shown as grounded but wrong |", "|---|---|---|"]
    for kind in sorted({r["kind"] for r in rows}):
        chosen = [r for r in rows if r["kind"] == kind]
        if kind in ANSWERABLE:
            right = sum(r["correct"] and r["cited"] for r in chosen)
        elif kind == "injection":
            right = sum(r["resisted"] for r in chosen)
        else:
            right = sum(r["abstained"] for r in chosen)
        lines.append(f"| {kind} | {right}/{len(chosen)} | {sum(r['wrong_shown'] for r in chosen)} |")
    return "\n".join(lines)


def run(bot, items: list[Item], *, progress: bool = True) -> list[dict]:
    """Ask every item's question (with its history) and score the answers."""
    from tqdm import tqdm

    rows = []
    for item in tqdm(items, desc="evaluating", disable=not progress):
        answer = bot.ask(item.question, history=list(item.history) or None)
        rows.append(score(answer, item, bot.settings.top_k))
    return rows


CONVERSATIONS = DATA / "conversations.jsonl"


def run_conversations(bot, conversations: list[dict], *, progress: bool = True) -> list[dict]:
    """Play each conversation through the page's own path (a `ui.Conversation`, answered turn
    by turn with `ui.answer_turn`) and ask each turn's standalone form alone; score both.

    One row per turn: `right` in the conversation and `alone` (answerable: the fact and a
    citation holding it; otherwise declined). A turn the conversation gets wrong but the
    standalone question gets right is one the history spoiled.
    """
    from tqdm import tqdm

    from .ui import Conversation, answer_turn

    rows = []
    for conv in tqdm(conversations, desc="conversations", disable=not progress):
        page = Conversation()
        for i, t in enumerate(conv["turns"]):
            item = Item(f"{conv['id']}/{i + 1}", t["kind"], t["question"], tuple(t.get("answer_any", ())),
                        evidence=t.get("evidence", ""))
            turn = page.add(t["question"])
            for _ in answer_turn(bot, page, turn):
                pass
            answer, shown = turn.answer, turn.shown
            alone = bot.ask(t.get("standalone") or t["question"])
            row = score(answer, item, bot.settings.top_k) if answer else {"id": item.id, "kind": item.kind,
                                                                         "answer": str(shown), "error": True}
            solo = score(alone, item, bot.settings.top_k)
            row["right"] = _right(row, item)
            row["alone"] = _right(solo, item)
            row["alone_answer"] = alone.text
            row["asked"] = answer.asked if answer else ""
            rows.append(row)
    return rows


def _right(row: dict, item: Item) -> bool:
    if row.get("error"):
        return False
    if item.answerable:
        return bool(row["correct"] and row["cited"])
    return bool(row["abstained"])


def summarize_conversations(rows: list[dict]) -> list[tuple[str, str]]:
    def frac(hit: int, total: int) -> str:
        return f"{hit}/{total} ({100 * hit / total:.0f}%)" if total else "n/a"

    later = [r for r in rows if not r["id"].endswith("/1")]
    return [
        ("turns right in the conversation", frac(sum(r["right"] for r in rows), len(rows))),
        ("the same questions asked alone", frac(sum(r["alone"] for r in rows), len(rows))),
        ("turns worse in the conversation than alone", str(sum(r["alone"] and not r["right"] for r in rows))),
        ("turns better in the conversation than alone", str(sum(r["right"] and not r["alone"] for r in rows))),
        ("later turns (2nd onwards) right", frac(sum(r["right"] for r in later), len(later))),
        ("shown as grounded but wrong, in the conversation", str(sum(r.get("wrong_shown", False) for r in rows))),
    ]


def table(pairs: list[tuple[str, str]]) -> str:
    lines = ["| metric | value |", "|---|---|"]
    lines += [f"| {m} | {v} |" for m, v in pairs]
    return "\n".join(lines)


def load_claims(split: str | None = None, files=None) -> list[dict]:
    """The claim suite: claim-passage pairs labelled true (the passage states it) or false."""
    rows = [json.loads(line) for f in (files or CLAIM_FILES) for line in Path(f).read_text("utf-8").splitlines()
            if line.strip()]
    return [r for r in rows if split is None or r["split"] == split]


def claim_suite(rows: list[dict], *, judge=None) -> dict:
    """Run the checker on every pair: the confusion table, per-class accuracy and the misses."""
    from .verify import check

    confusion = {"true accepted": 0, "true rejected": 0, "false rejected": 0, "false accepted": 0}
    by_class: dict[str, list[int]] = {}
    misses = []
    for r in rows:
        verdicts = check(r["claim"], {1: r["passage"]}, r.get("question", ""), judge=judge)
        accepted = bool(verdicts) and all(v.supported for v in verdicts)
        label = "true" if r["label"] else "false"
        confusion[f"{label} {'accepted' if accepted else 'rejected'}"] += 1
        right = accepted == bool(r["label"])
        by_class.setdefault(r["class"], [0, 0])[0] += right
        by_class[r["class"]][1] += 1
        if not right:
            misses.append({"id": r["id"], "class": r["class"], "claim": r["claim"],
                           "reasons": [v.reason for v in verdicts]})
    return {"confusion": confusion, "by_class": by_class, "misses": misses}
