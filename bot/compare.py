"""Yes/no questions that compare with a number: "Did Nvidia's value drop by more than 15%?"

The model is unreliable at this: asked "Was DeepSeek established before 2020?" over a passage
saying 2023, it answered "Yes". Here the comparison is taken out of the question, the question
is stated with each value the nearby sources give in its place ("DeepSeek was officially
established in 2023."), and that statement is checked like any answer (names, numbers and their
binding, polarity; the model judges only wording). When one value checks, the code compares it
with the question's bound and answers Yes or No, showing the computation. When none checks, or
the source's own bound leaves the answer open ("fewer than 150" against "more than 100"), there
is no computed answer and the draft is judged as usual.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .answer import Sentence
from .parse import analyse, missing_names, parse
from .text import number_spans, sentence_spans
from .verify import Judge, alike, best_support, covers

# A bound written before a number: the operator and whether the bound itself is included.
_BEFORE = [
    (re.compile(r"\b(?:more|greater|higher|larger|bigger|longer|older) than\s*$|\b(?:over|above|exceeding|"
                r"exceeded|exceed|upwards of|beyond)\s*$", re.I), ">"),
    (re.compile(r"\bat least\s*$|\bno (?:fewer|less) than\s*$", re.I), ">="),
    (re.compile(r"\b(?:fewer|less|lower|smaller|shorter|younger) than\s*$|\b(?:under|below)\s*$", re.I), "<"),
    (re.compile(r"\bat most\s*$|\bno more than\s*$|\bup to\s*$", re.I), "<="),
]
# For years only: "before 2020", "after 2016".
_YEAR = [
    (re.compile(r"\b(?:before|prior to|earlier than)\s*$", re.I), "<"),
    (re.compile(r"\b(?:after|later than)\s*$", re.I), ">"),
]
_WORDS = {">": "more than", ">=": "at least", "<": "less than", "<=": "at most"}
_YEAR_WORDS = {">": "after", "<": "before", ">=": "in or after", "<=": "in or before"}
_SOURCE_BOUND = [
    (re.compile(r"\b(?:fewer|less|lower|smaller|under|below) (?:than\s*)?$", re.I), "<"),
    (re.compile(r"\b(?:more|greater|higher|larger|over|above|upwards of|exceeding) (?:than\s*)?$", re.I), ">"),
    (re.compile(r"\b(?:about|around|approximately|roughly|nearly|almost|some|circa)\s*$", re.I), "~"),
]
_CURRENCY = "$€£¥"
_ASKING = ("is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "can", "could", "will")


@dataclass(frozen=True)
class Comparison:
    """The comparison a yes/no question makes: `value op bound` ("more than 15%": > 15, "%")."""

    op: str  # ">", ">=", "<", "<="
    value: float
    kind: str  # "%", "n" (a count or amount) or "year"
    unit: str  # currency symbol written with it, or ""
    text: str  # the bound words and the number, as the question writes them: "more than 15%"
    number: str  # "15%", "$100 million"


def _unit(text: str, start: int, end: int) -> str:
    before = text[max(0, start - 1) : start]
    if before and before in _CURRENCY:
        return before
    after = text[end : end + 12].lower()
    if re.match(r"\s*(?:dollars?|usd)\b", after):
        return "$"
    return ""


def _is_year(text: str, value: float, kind: str) -> bool:
    """A four-digit number between 1000 and 2200: "2023", not "2,023" or "2023 million"."""
    return kind == "n" and 1000 <= value <= 2200 and re.fullmatch(r"\d{4}", text.strip()) is not None


def comparison_of(question: str) -> Comparison | None:
    """The comparison of a yes/no question, or None ("Did X lose more than $500 billion?" ->
    > 5e11 in $; "Was X founded before 2020?" -> < 2020, a year)."""
    q = question.strip()
    first = q.split()[0].lower() if q.split() else ""
    if first not in _ASKING:
        return None
    found = []
    for s, e, (kind, value) in number_spans(q):
        start = s - 1 if s and q[s - 1] in _CURRENCY else s
        before = q[max(0, start - 24) : start]
        year = _is_year(q[s:e], value, kind)
        for pattern, op in _BEFORE + (_YEAR if year else []):
            m = pattern.search(before)
            if m:
                begin = max(0, start - 24) + m.start()
                found.append(Comparison(op, value, "year" if year else kind, _unit(q, s, e),
                                        q[begin:e].strip(), q[start:e].strip()))
                break
    return found[0] if len(found) == 1 else None  # two comparisons: not this simple case


def statement(question: str) -> str | None:
    """A yes/no question as a statement: "Did Nvidia's value drop?" -> "Nvidia's value did drop."
    The auxiliary moves after the subject; None when the question has no subject to move it past."""
    q = question.strip().rstrip("?").strip()
    doc = parse(q)
    if not len(doc) or doc[0].pos_ not in ("AUX", "VERB") or doc[0].lower_ not in _ASKING:
        return None
    subject = next((t for t in doc if t.dep_ in ("nsubj", "nsubjpass", "expl") and t.i > 0), None)
    if subject is None:
        return None
    left, right = subject.left_edge.i, subject.right_edge.i
    if left != 1:
        return None
    subj = doc[left : right + 1].text
    rest = doc[right + 1 :].text
    if not any(t.pos_ in ("VERB", "AUX", "ADJ", "NOUN", "ADP") for t in doc[right + 1 :]):
        return None  # the parse took the whole question for the subject
    return f"{subj[:1].upper()}{subj[1:]} {doc[0].lower_} {rest}".strip() + "."


@dataclass(frozen=True)
class _Value:
    low: float
    high: float
    text: str  # how the source writes it: "$6 million", "fewer than 150", "2023"


def _values(sentence: str, ask: Comparison) -> list[_Value]:
    """The numbers of `sentence` of the question's kind (a year for a year, a percentage for a
    percentage, an amount in the same currency) as the intervals the source's words allow."""
    out = []
    for s, e, (kind, value) in number_spans(sentence):
        start = s - 1 if s and sentence[s - 1] in _CURRENCY else s
        year = _is_year(sentence[s:e], value, kind)
        if ("year" if year else kind) != ask.kind or _unit(sentence, s, e) != ask.unit:
            continue
        before = sentence[max(0, start - 24) : start]
        found = next(((m, mark) for p, mark in _SOURCE_BOUND if (m := p.search(before))), None)
        if year and found:
            continue
        mark = found[1] if found else ""
        text = ((found[0].group(0) if found else "") + sentence[start:e]).strip()
        if mark == "<":
            out.append(_Value(-math.inf, value, text))
        elif mark == ">":
            out.append(_Value(value, math.inf, text))
        elif mark == "~":
            out.append(_Value(value * 0.9, value * 1.1, text))
        else:
            out.append(_Value(value, value, text))
    return out


def _holds(v: _Value, ask: Comparison) -> bool | None:
    """True when every value the source allows meets the question's bound, False when none
    does, None when the source's own bound leaves it open ("fewer than 150" against "more than 100")."""
    y = ask.value
    exact = v.low == v.high
    low_open = not exact and v.low != -math.inf  # "more than x": x itself excluded
    high_open = not exact and v.high != math.inf
    if ask.op in (">", ">="):
        if v.low > y or v.low == y and (ask.op == ">=" or low_open):
            return True
        if v.high < y or v.high == y and (ask.op == ">" or high_open):
            return False
    else:
        if v.high < y or v.high == y and (ask.op == "<=" or high_open):
            return True
        if v.low > y or v.low == y and (ask.op == "<" or low_open):
            return False
    return None


def _phrase(v: _Value, ask: Comparison) -> str:
    return f"in {v.text}" if ask.kind == "year" else v.text


def answer(
    question: str,
    passages: Mapping[int, str],
    nearest: Sequence[int],
    *,
    judge: Judge | None = None,
    titles: Mapping[int, str] | None = None,
) -> Sentence | None:
    """The computed Yes/No answer to a question comparing with a number, cited to the passage
    whose sentence states the value; None when the question makes no such comparison or no
    nearby sentence states the value of what it asks about."""
    ask = comparison_of(question)
    said = statement(question) if ask else None
    if ask is None or said is None:
        return None
    # The statement's copy of the bound: "more than 15%" in the statement's own words.
    at = said.find(ask.text)
    if at < 0:
        return None
    uncertain: list[tuple[float, int, str, _Value, str]] = []
    for n in nearest:
        text = passages.get(n)
        if not text:
            continue
        for s, e in sentence_spans(text):
            sentence = text[s:e]
            for v in _values(sentence, ask):
                claim = said[:at] + _phrase(v, ask) + said[at + len(ask.text) :]
                verdict = best_support(claim, text, title=(titles or {}).get(n, ""))
                if verdict.sentence.strip() != sentence.strip():
                    continue  # the value must be the one the checked sentence states
                if verdict.supported:
                    return _said(ask, v, claim, n, sentence, "checked")
                if verdict.uncertain:
                    uncertain.append((verdict.score, n, claim, v, sentence))
    if judge is not None:
        # Only wording was in doubt ("spend" for "cost"): the model judges the best three.
        for _, n, claim, v, sentence in sorted(uncertain, key=lambda x: -x[0])[:3]:
            if judge(claim, sentence):
                return _said(ask, v, claim, n, sentence, "judged by the model")
    return None


def _said(ask: Comparison, v: _Value, claim: str, n: int, sentence: str, how: str) -> Sentence | None:
    holds = _holds(v, ask)
    if holds is None:
        return None
    words = _YEAR_WORDS if ask.kind == "year" else _WORDS
    computed = f"{v.text} is {'' if holds else 'not '}{words[ask.op]} {ask.number}"
    text = f"{'Yes' if holds else 'No'}: {claim[:-1]} ({computed})."
    return Sentence(text, (n,), True, recited=True, evidence=sentence,
                    reason=f"computed from the source's value ({how}): {computed}")


_SHOWN = re.compile(r"\s*\(([^()]*?) is (not )?(more than|less than|at least|at most|before|after|in or before|"
                    r"in or after) ([^()]*)\)\s*([.!?]?)\s*$")
_OPS = {"more than": ">", "after": ">", "less than": "<", "before": "<", "at least": ">=", "in or after": ">=",
        "at most": "<=", "in or before": "<="}


def shown_computation(sentence: str) -> tuple[str, bool] | None:
    """A sentence ending in the computation this module shows, "No: ... in 2023 (2023 is not
    before 2020).": (the sentence without it, whether the computation is right and agrees with
    the sentence's Yes or No); None without one."""
    m = _SHOWN.search(sentence)
    if not m:
        return None
    left, right = number_spans(m.group(1)), number_spans(m.group(4))
    if len(left) != 1 or len(right) != 1 or left[0][2][0] != right[0][2][0]:
        return sentence[: m.start()] + m.group(5), False
    bound = re.search(r"\b(fewer|less|lower|smaller|under|below|more|greater|higher|larger|over|above)\b", m.group(1))
    x, y = left[0][2][1], right[0][2][1]
    mark = "" if not bound else "<" if bound.group(1) in ("fewer", "less", "lower", "smaller", "under", "below") else ">"
    value = _Value(-math.inf, x, "") if mark == "<" else _Value(x, math.inf, "") if mark == ">" else _Value(x, x, "")
    asked = Comparison(_OPS[m.group(3)], y, "n", "", "", "")
    said = m.group(2) is None  # "is", not "is not"
    answer = re.match(r"\s*(yes|no)\b", sentence, re.I)
    agrees = answer is None or (answer.group(1).lower() == "yes") == said
    return sentence[: m.start()] + m.group(5), agrees and _holds(value, asked) is said


_HOW_MANY_YEARS = re.compile(r"\bhow (?:many years|long)\b", re.I)


def _year(t) -> int | None:
    return int(t.number[1]) if t.number is not None and _is_year(t.text, t.number[1], t.number[0]) else None


def _amount(t) -> float | None:
    """A count written in digits that is no year: "1,550", "86" (not "$6 million")."""
    if t.number is None or _year(t) is not None or t.unit or not re.fullmatch(r"\d[\d,]*(?:\.\d+)?", t.text):
        return None
    return float(t.text.replace(",", ""))


def _period(toks, value=_year) -> tuple[object, object, object] | None:
    """(verb, first, last) tokens for a verb with a period ("used between 1863 and 1874",
    "served from 1893 to 1912", "operated from 1927 until 2003") or, with `value=_amount`, a
    change ("increased from 1,550 to 1,700"); None without one."""
    by_head: dict[int, list] = {}
    for t in toks:
        by_head.setdefault(t.head, []).append(t)
    for p in toks:
        verb = next((t for t in toks if t.i == p.head), None)
        if p.dep != "prep" or p.lemma not in ("between", "from") or verb is None or verb.pos != "VERB":
            continue
        first = next((t for t in by_head.get(p.i, []) if t.dep == "pobj" and value(t) is not None), None)
        if first is None:
            continue
        if p.lemma == "between":
            last = next((t for t in by_head.get(first.i, []) if t.dep == "conj" and value(t) is not None), None)
        else:
            to = [t for t in by_head.get(p.i, []) + by_head.get(verb.i, [])
                  if t.dep == "prep" and t.lemma in ("to", "until", "till", "through")]
            last = next((y for q in to for y in by_head.get(q.i, []) if y.dep == "pobj" and value(y) is not None), None)
        if last is not None and value(last) != value(first) and (value is not _year or value(last) > value(first)) \
                and first.unit == last.unit:
            return verb, first, last
    return None


# Years between two events the question names: "how many years separate X from Y", "between X
# and Y", "how many years after X".
_GAP = re.compile(r"\bhow many years\b.*\b(?:between|separate[sd]?|after|before)\b.*\b(?:and|from|was|did|were)\b"
                  r"|\bhow many years (?:after|before)\b", re.I)
# "By how many seats was the capacity increased?", "By how much did the price fall?"
_BY_HOW_MUCH = re.compile(r"\bby how (?:much|many)\b", re.I)


def difference(
    question: str, passages: Mapping[int, str], nearest: Sequence[int], *, coverage: float = 0.75,
) -> tuple[Sentence, Sentence] | None:
    """"For how many years was X used?" from a source sentence stating the period of that very
    verb ("X was used ... between 1863 and 1874"): the sentence, cited, and the subtraction shown
    ("1874 − 1863 = 11 years."); and "By how many seats was the capacity increased?" from one
    stating the change ("increased from 1,550 to 1,700": "1,700 − 1,550 = 150."). The sentence
    must name what the question names and hold `coverage` of its other terms; None otherwise
    (two years of two events are not a period)."""
    from .question import ask_of

    if _HOW_MANY_YEARS.search(question):
        value, unit = _year, " years"
    elif _BY_HOW_MUCH.search(question):
        value, unit = _amount, ""
    else:
        return None
    ask = ask_of(question)
    verbs = {t.lemma for x in analyse(question) for t in x.toks if t.pos == "VERB"}
    terms = ask.content - {"year", "long", "many", "much"} - ({ask.head} if ask.head else set())
    best = None
    # "How many years separate X from Y?", "... between X and Y?": the gap between two events the
    # question names, each with its year in one source sentence (whatever its verbs).
    gap = value is _year and bool(_GAP.search(question))
    if gap:  # its verbs are the question's wording of the gap ("separate", "pass") and of the events
        terms -= {t.key for x in analyse(question) for t in x.toks if t.pos == "VERB"} | verbs
    for n in nearest:
        for x in analyse(passages.get(n) or ""):
            period = _period(x.toks, value)
            if gap and period is None:
                years = sorted({t for t in x.toks if _year(t) is not None}, key=_year)
                if len({_year(t) for t in years}) == 2:
                    period = (None, years[0], years[-1])
            elif period is None or not any(alike(v, period[0].lemma) for v in verbs):  # the question's own verb
                continue
            if period is None:
                continue
            if missing_names(ask.names, {t.key for t in x.toks}):
                continue
            lemmas = {t.lemma for t in x.toks} | {t.key for t in x.toks}
            cov = sum(1 for k in terms if any(covers(k, w) for w in lemmas)) / len(terms) if terms else 1.0
            if cov >= coverage and (best is None or cov > best[0]):
                best = (cov, n, x.text.strip(), period[1], period[2])
    if best is None:
        return None
    _, n, sentence, first, last = best
    big, small = sorted((first, last), key=value, reverse=True)
    sum_ = f"{big.text} − {small.text} = {_written(value(big) - value(small), big.text)}{unit}"
    return (Sentence(sentence, (n,), True, recited=True, reason="quoted from the source", evidence=sentence),
            Sentence(f"{sum_}.", (n,), True, recited=True, reason=f"computed from the source's numbers: {sum_}",
                     evidence=sentence))


def _written(x: float, like: str) -> str:
    """`x` written as the source writes numbers like `like`: "150", "1,150", "2.5"."""
    return f"{x:,.10g}" if "," in like else f"{x:.10g}"


_NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
_DIFFERENCE = re.compile(rf"^\s*{_NUMBER} [−-] {_NUMBER} = {_NUMBER}(?: years?)?\s*[.!]?\s*$")


def shown_difference(sentence: str) -> tuple[bool, tuple[str, str]] | None:
    """A sentence that is a subtraction as `difference` shows it, "1874 − 1863 = 11 years."
    or "1,700 − 1,550 = 150.": (whether the arithmetic is right, the two numbers as written);
    None for any other sentence."""
    m = _DIFFERENCE.match(sentence)
    if not m:
        return None
    big, small, said = (float(g.replace(",", "")) for g in m.groups())
    return abs(big - small - said) < 1e-9 and big > small, (m.group(2), m.group(1))
