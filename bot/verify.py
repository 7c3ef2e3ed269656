"""Check each answer sentence against the passages it cites, using lexical evidence.

No entailment model ships as a package, so a sentence counts as supported by a
passage when every number and every name in it appears in that passage (a number
next to the same noun), most of its other content words appear there, and it says
something the question did not already say.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .answer import Sentence

# "[3]", "[3, 5]", "[3][5]"; also the "[Passage 3]" the model sometimes writes.
MARKER = re.compile(r"\[\s*(?:passages?\s*)?(\d+(?:\s*(?:,|and)\s*\d+)*)\s*\]", re.IGNORECASE)
_MARKERS_AFTER_STOP = re.compile(r"([.!?])((?:\s*\[[^\]\n]{1,20}\])+)")
# A sentence starts after . ! or ? with a capital, digit or opening quote; never with a
# citation marker, which belongs to the sentence before it.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“(]?[A-Z0-9$])")

DECLINE = re.compile(
    r"\b(?:does ?n[o']t|do ?n[o']t|did ?n[o']t) (?:say|mention|state|specify|provide|contain|include|give|discuss)"
    r"|\bnot (?:mentioned|stated|specified|provided|given|included|discussed)\b"
    r"|\bno (?:information|mention|details?)\b|\b(?:cannot|can't|unable to) (?:answer|find|determine)",
    re.IGNORECASE,
)

STOPWORDS = frozenset(
    """a about above after again against all also although am an and any are as at be because been
    before being below between both but by can could did do does doing down during each either
    else even ever every few for from further had has have having he her here hers him his how i
    if in into is it its itself just least less like made make many may me might more most much
    must my neither no nor not now of off on once one only or other our out over own per quite
    rather said same says she should since so some such than that the their them then there these
    they this those though through thus to too under until up upon us very was we were what when
    where whether which while who whom whose why will with within without would yet you your
    according article passage passages text source sources answer question yes states stated mentions
    mentioned notes noted reports reported described describes also
    name named called call tell explain describe happen happened know think mean please give
    anything something thing things kind type""".split()
)
_WORD_NUMBERS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "twenty": 20, "fifty": 50,
}
_MAGNITUDE = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
}
_NUMBER = re.compile(
    r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?|"
    + "|".join(_WORD_NUMBERS)
    + r")(?:s\b)?\s*(%|percent\b|per cent\b)?\s*((?:(?:hundred|thousand|million|billion|trillion|bn|mn|tn|k|m|b)\b\s*)*)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’\-]*|\d[\d,.]*")
_CONTEXT = 60  # characters either side of a number that count as "standing with" it


def _parse_number(m: re.Match) -> tuple[str, float] | None:
    raw, pct, mags = m.group(1).lower(), m.group(2), (m.group(3) or "").lower().split()
    if raw in _WORD_NUMBERS:
        # Spelled-out numbers only count with a magnitude: "a hundred billion", not "one of them".
        if not mags:
            return None
        value = float(_WORD_NUMBERS[raw])
    else:
        value = float(raw.replace(",", ""))
    for mag in mags:
        value *= _MAGNITUDE[mag]
    return ("%" if pct else "n", round(value, 6))


def numbers(text: str) -> set[tuple[str, float]]:
    """Numbers in `text` as (kind, value): "$6 million", "6 million dollars" -> ("n", 6e6); "17%" -> ("%", 17)."""
    return {n for m in _NUMBER.finditer(text) if (n := _parse_number(m))}


def _number_contexts(text: str) -> dict[tuple[str, float], set[str]]:
    """For each number, the stems of the words within a few words of it."""
    out: dict[tuple[str, float], set[str]] = {}
    for m in _NUMBER.finditer(text):
        if n := _parse_number(m):
            around = text[max(0, m.start() - _CONTEXT) : m.end() + _CONTEXT]
            out.setdefault(n, set()).update(stem(w) for w in _WORD.findall(around))
    return out


def _number_nouns(text: str) -> dict[tuple[str, float], str]:
    """The content word right after each number: "150 employees" -> {150: "employee"}."""
    out = {}
    for m in _NUMBER.finditer(text):
        n = _parse_number(m)
        after = re.match(r"\s*(?:dollars|usd|rmb|yuan)?\s*([A-Za-z][A-Za-z'’-]+)", text[m.end() :])
        if n and after and after.group(1).lower() not in STOPWORDS:
            out[n] = stem(after.group(1))
    return out


def stem(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return w


def _is_name(token: str, first: bool) -> bool:
    """Proper nouns and acronyms: capitalised mid-sentence, or mixed case / all caps anywhere."""
    if token.isupper() and len(token) > 1:
        return True
    if any(c.isupper() for c in token[1:]):
        return True
    return token[0].isupper() and not first


@dataclass(frozen=True)
class Terms:
    """What a sentence claims: names and numbers must match exactly, content words mostly."""

    names: frozenset[str]
    numbers: frozenset[tuple[str, float]]
    content: frozenset[str]
    number_nouns: tuple[tuple[tuple[str, float], str], ...] = ()

    def new_given(self, question: Terms) -> bool:
        """True if the sentence says anything the question did not already say."""
        return bool(
            (self.names - question.names - question.content)
            or (self.numbers - question.numbers)
            or (self.content - question.content - question.names)
        )


# Different spellings of one name, folded to one token on both sides of a comparison.
_ALIASES = [
    (re.compile(r"\b(?:the )?United States(?: of America)?\b|\bU\.S\.(?:A\.)?|\bUSA?\b"), "USA"),
]


def normalise(text: str) -> str:
    for pattern, canonical in _ALIASES:
        text = pattern.sub(canonical, text)
    return text


def terms(sentence: str) -> Terms:
    names, content = set(), set()
    sentence = normalise(sentence)
    tokens = _WORD.findall(sentence)
    for i, tok in enumerate(tokens):
        if tok[0].isdigit():
            continue
        low = tok.lower().replace("’", "'")
        base = low[:-2] if low.endswith("'s") else low
        if base in STOPWORDS or len(base) < 2:
            continue
        if _is_name(tok, first=i == 0):
            names.add(stem(base))
        elif len(base) > 2:
            content.add(stem(base))
    return Terms(
        frozenset(names), frozenset(numbers(sentence)), frozenset(content),
        tuple(_number_nouns(sentence).items()),
    )


@dataclass(frozen=True)
class Evidence:
    """A passage reduced to what `supports` compares against."""

    stems: frozenset[str]
    numbers: frozenset[tuple[str, float]]
    contexts: dict[tuple[str, float], set[str]]


def evidence(text: str) -> Evidence:
    text = normalise(text)
    return Evidence(
        frozenset(stem(t) for t in _WORD.findall(text)), frozenset(numbers(text)), _number_contexts(text)
    )


def support(claim: Terms, passage: Evidence, question: Evidence | None = None) -> float:
    """0 if a name or number is missing from the passage, or a number stands with another noun
    there ("150 parameters" against "150 employees"); else the share of content words found
    in the passage or in the question (an answer may restate what was asked)."""
    if not claim.numbers <= passage.numbers or not claim.names <= passage.stems:
        return 0.0
    if any(noun not in passage.contexts.get(n, ()) for n, noun in claim.number_nouns):
        return 0.0
    if not claim.content:
        return 1.0
    known = passage.stems | question.stems if question else passage.stems
    return len(claim.content & known) / len(claim.content)


def split_sentences(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """The answer's sentences, markers removed, each with the passage numbers it cited."""
    # "… 1932. [7]" -> "… 1932 [7]." so a marker stays with its own sentence.
    text = _MARKERS_AFTER_STOP.sub(lambda m: m.group(2) + m.group(1), text.strip())
    out = []
    for part in _SENTENCE_END.split(text):
        cites = tuple(
            dict.fromkeys(int(n) for group in MARKER.findall(part) for n in re.findall(r"\d+", group))
        )
        clean = re.sub(r"\s+([.!?,;:])", r"\1", MARKER.sub("", part)).strip()
        clean = re.sub(r"\s{2,}", " ", clean)
        if clean.strip(" .!?-*"):
            out.append((clean, cites))
    return out


def is_decline(sentence: str) -> bool:
    return bool(DECLINE.search(sentence))


def check(
    text: str,
    shown: Mapping[int, str],
    question: str = "",
    *,
    threshold: float = 0.5,
) -> list[Sentence]:
    """Verdicts for every sentence of `text`, given the passages the model was shown by number.

    A sentence keeps a cited passage that supports it; otherwise it is re-cited to the
    shown passage that supports it best, or marked unsupported. A sentence that only
    restates the question is unsupported: it answers nothing.
    """
    passages = {n: evidence(t) for n, t in shown.items()}
    asked, q = terms(question), evidence(question)
    wanted = asked.names | asked.content
    verdicts = []
    for sentence, cites in split_sentences(text):
        claim = terms(sentence)
        valid = [n for n in cites if n in passages]
        if not claim.new_given(asked):
            # Restating the question answers nothing, however well it matches a passage.
            verdicts.append(Sentence(sentence, tuple(valid), False))
            continue
        good = [n for n in valid if support(claim, passages[n], q) >= threshold]
        if good:
            verdicts.append(Sentence(sentence, tuple(good), True, recited=len(good) != len(cites)))
            continue
        # Of the passages that support the sentence, take the one sharing most of the
        # question's words: a bare "Nvidia." is supported by every passage naming Nvidia.
        backing = [n for n, ev in passages.items() if support(claim, ev, q) >= threshold]
        if backing:
            best = max(backing, key=lambda n: len(wanted & passages[n].stems))
            verdicts.append(Sentence(sentence, (best,), True, recited=bool(cites)))
        else:
            verdicts.append(Sentence(sentence, tuple(valid), False))
    return verdicts


_VAGUE_AMOUNT = re.compile(r"\b(?:few|several|dozens|hundreds|thousands|millions|billions|trillions)\b", re.I)
_WANTS_NAME = re.compile(r"\b(who|whom|whose|name of|named|called)\b", re.I)
_QUANTITY = re.compile(r"\b(how (much|many|large|big|long)|what (percentage|percent|share|year|amount)|when)\b", re.I)


def extract(question: str, passages: Mapping[int, str], *, min_coverage: float = 0.75) -> tuple[str, int] | None:
    """The passage sentence that best covers the question's terms, verbatim, with its number.

    Used when the model's answer failed verification, answered something else, or declined.
    Only a sentence holding every name of the question and most of its other terms qualifies
    (and a number, if the question asks for one; a name it does not already say, if it asks
    who or what something is called), so an unanswerable question gets None.
    """
    from .chunking import sentence_spans

    asked = terms(question)
    wanted = asked.names | asked.content
    if not wanted:
        return None
    best: tuple[float, str, int] | None = None
    for n, text in passages.items():
        for start, end in sentence_spans(text):
            sentence = text[start:end]
            ev = evidence(sentence)
            wants_amount = _QUANTITY.search(question)
            if not asked.names <= ev.stems or (
                wants_amount and not ev.numbers and not _VAGUE_AMOUNT.search(sentence)
            ) or (_WANTS_NAME.search(question) and not terms(sentence).names - asked.names):
                continue
            coverage = len(wanted & ev.stems) / len(wanted)
            if coverage >= min_coverage and (best is None or coverage > best[0]):
                best = (coverage, sentence, n)
    return (best[1], best[2]) if best else None


def unknown_names(question: str, vocabulary: frozenset[str]) -> frozenset[str]:
    """Names and acronyms in the question that occur nowhere in the sources ("GPT-4", "CEO")."""
    return frozenset(terms(question).names - vocabulary)


def unknown_share(question: str, vocabulary: frozenset[str]) -> float:
    """The share of the question's names and content words that occur nowhere in the sources."""
    asked = terms(question)
    wanted = asked.names | asked.content
    return len(wanted - vocabulary) / len(wanted) if wanted else 0.0
