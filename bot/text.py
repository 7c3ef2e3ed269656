"""Text primitives every stage shares: words, stems, numbers, names, sentences, citation markers.

Chunking, retrieval, follow-up rewriting, the claim checker and the UI all read text through
these functions, so a number or a sentence means the same thing everywhere.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .lexicon import known

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

# "[3]", "[3, 5]", "[3][5]"; also the "[Passage 3]" the model sometimes writes.
MARKER = re.compile(r"\[\s*(?:passages?\s*)?(\d+(?:\s*(?:,|and)\s*\d+)*)\s*\]", re.IGNORECASE)

DECLINE = re.compile(
    r"\b(?:does ?n[o']t|do ?n[o']t|did ?n[o']t) (?:say|mention|state|specify|provide|contain|include|give|discuss)"
    r"|\bnot (?:mentioned|stated|specified|provided|given|included|discussed)\b"
    r"|\bno (?:information|mention|details?)\b|\b(?:cannot|can't|unable to) (?:answer|find|determine)",
    re.IGNORECASE,
)

_WORD_NUMBERS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50,
}
# Spelled out, "a" and "one" are words more often than counts ("one of them"); the others count.
_COUNT_WORDS = set(_WORD_NUMBERS) - {"a", "one"}
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
WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’\-]*|\d[\d,.]*")

Number = tuple[str, float]  # ("%", 17.0) or ("n", 6e6)


def _parse_number(m: re.Match) -> Number | None:
    raw, pct, mags = m.group(1).lower(), m.group(2), (m.group(3) or "").lower().split()
    if raw in _WORD_NUMBERS:
        # "a" and "one" count only with a magnitude: "a hundred billion", not "one of them".
        if not mags and raw not in _COUNT_WORDS:
            return None
        value = float(_WORD_NUMBERS[raw])
    else:
        value = float(raw.replace(",", ""))
    for mag in mags:
        value *= _MAGNITUDE[mag]
    return ("%" if pct else "n", round(value, 6))


def number_spans(text: str) -> list[tuple[int, int, Number]]:
    """Every number in `text` with its character span: "$6 million" -> (1, 10, ("n", 6e6))."""
    out = []
    for m in _NUMBER.finditer(text):
        if _list_marker(text, m):
            continue
        if n := _parse_number(m):
            out.append((m.start(), m.end(), n))
    return out


def _list_marker(text: str, m: re.Match) -> bool:
    """The number of an item in a numbered list ("steps:\n1. Try to contact ..."), which
    counts nothing: one or two digits and a dot or bracket opening a line, or "1." after a colon."""
    if not re.fullmatch(r"\d{1,2}", m.group()) or not re.match(r"[.)]\s", text[m.end() : m.end() + 2]):
        return False
    before = text[: m.start()].rstrip(" \t")
    return not before or before.endswith("\n") or before.endswith(":") and m.group() == "1"


def numbers(text: str) -> set[Number]:
    """Numbers in `text` as (kind, value): "$6 million", "6 million dollars" -> ("n", 6e6); "17%" -> ("%", 17)."""
    return {n for _, _, n in number_spans(text)}


def stem(word: str) -> str:
    """A crude suffix-stripping stem: "employees" -> "employee", "established" -> "establish"."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s"):
        if suffix == "s" and w.endswith(("ss", "us", "is")):
            break  # "loss", "access", "status", "analysis" are not plurals
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return w


def words(text: str) -> list[str]:
    """Stems of the content words of `text`, in order (the retriever's terms)."""
    return [stem(w) for w in re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower()) if w not in STOPWORDS]


def is_name(token: str, first: bool) -> bool:
    """Proper nouns and acronyms: capitalised mid-sentence, or mixed case / all caps anywhere."""
    if token.isupper() and len(token) > 1:
        return True
    if any(c.isupper() for c in token[1:]):
        return True
    return token[0].isupper() and not first


# Different spellings of one name, folded to one token on both sides of a comparison.
_ALIASES = [
    (re.compile(r"\b(?:the )?United States(?: of America)?\b|\bU\.S\.(?:A\.)?|\bUSA?\b"), "USA"),
]


_CAP = r"[A-Z][\w'&\-]*"
_NAME = rf"{_CAP}(?:[ \t]+(?:(?:of|and|for|the|de)[ \t]+)?{_CAP})*"
# "The POST OFFICE RAILWAY, known as MAIL RAIL since 1987", "the EIDER CANAL (also called the
# SCHLESWIG-HOLSTEIN CANAL)": a source naming one thing twice.
_DEFINED_AS = re.compile(
    rf"(?P<x>{_NAME})\s*[,(]\s*(?:(?:also|commonly|formerly|later|now|often|popularly)\s+)?"
    rf"(?:known|called|named|nicknamed|dubbed|abbreviated)\s+(?:as\s+)?(?:the\s+)?(?P<y>{_NAME})")


def defined_aliases(texts) -> list[tuple[str, str]]:
    """Pairs of names the texts declare to be one thing ("X, known as Y"), both as written."""
    pairs = []
    for text in texts:
        for m in _DEFINED_AS.finditer(text):
            x = re.sub(r"^(?:The|A|An)\s+", "", m["x"])
            if x.lower() != m["y"].lower() and (x, m["y"]) not in pairs:
                pairs.append((x, m["y"]))
    return pairs


def with_aliases(text: str, pairs: list[tuple[str, str]]) -> list[str]:
    """`text` with one declared name put for the other, once per pair it uses (both ways)."""
    out = []
    for x, y in pairs:
        for a, b in ((y, x), (x, y)):
            swapped, n = re.subn(rf"\b{re.escape(a)}\b", b, text, flags=re.IGNORECASE)
            if n:
                out.append(swapped)
    return out


def normalise(text: str) -> str:
    for pattern, canonical in _ALIASES:
        text = pattern.sub(canonical, text)
    return text


@dataclass(frozen=True)
class Terms:
    """What a piece of text mentions: names, numbers and other content words, as stems."""

    names: frozenset[str]
    numbers: frozenset[Number]
    content: frozenset[str]

    @property
    def all(self) -> frozenset[str]:
        return self.names | self.content


def terms(text: str) -> Terms:
    names, content = set(), set()
    text = normalise(text)
    for i, tok in enumerate(WORD.findall(text)):
        if tok[0].isdigit():
            continue
        low = tok.lower().replace("’", "'")
        base = low[:-2] if low.endswith("'s") else low
        if base in STOPWORDS or len(base) < 2:
            continue
        if is_name(tok, first=i == 0):
            names.add(stem(base))
        elif len(base) > 2:
            content.add(stem(base))
    return Terms(frozenset(names), frozenset(numbers(text)), frozenset(content))


def vocabulary(text: str) -> frozenset[str]:
    """Stems of every word in `text`."""
    return frozenset(stem(t) for t in WORD.findall(normalise(text)))


# A sentence ends at . ! or ? (optionally followed by a closing quote or bracket)
# when whitespace and an upper-case letter, digit or opening quote follow.
# A sentence ends at . ! ? before a space and a capital or digit, or at a CJK full stop (。！？,
# no space follows one), with any closing quotes or brackets after it.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]?\s+(?=[\"'“‘(\[]?[A-Z0-9$])|(?<=[。！？])[」』”’)）]?\s*(?=\S)")
# English abbreviations that a name or a noun follows: titles and ranks ("Capt. Daniel P. Mann",
# "Lt. Col. Gilpin"), "St. Louis", "Mt. Everest", "Fig. 2", company suffixes. Not "No.", which
# is also an answer ("No. DeepSeek has fewer than 150 employees.").
ABBREVIATIONS = ("Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "St.", "Inc.", "Corp.", "vs.", "e.g.", "i.e.", "U.S.",
                  "Capt.", "Lt.", "Col.", "Gen.", "Maj.", "Sgt.", "Cpl.", "Pvt.", "Adm.", "Cmdr.", "Gov.", "Sen.",
                  "Rep.", "Rev.", "Hon.", "Pres.", "Jr.", "Sr.", "Mt.", "Ft.", "Fig.", "Vol.",
                  "Co.", "Ltd.", "Bros.", "approx.", "cf.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.",
                  "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.")
# A single capital letter and a full stop is an initial ("William M. D. McKissack"), unless a
# sentence plainly starts after it ("... called Plan B. The ...").
_INITIAL = re.compile(r"(?:^|[\s(\[\"'“‘])[A-Z]\.$")


# The number of a list's item, ending the text before a sentence boundary: "steps:\n2.", or the
# first after a colon, "steps: 1." ("The answer: 42." is no item).
_ITEM_NUMBER = re.compile(r"(?:(?:\A|\n)[ \t]*(\d{1,2})|:[ \t]*(1))\.\Z")


# A Markdown list item's mark: "- ", "* ", "+ ", "2. ", "2) ".
_MARK = r"(?:[-*+]|\d{1,2}[.)])[ \t]+\S"
# Where a Markdown block ends, whatever the punctuation: at a blank line, before a list item or
# a heading starting a line, and after a heading's line.
_BLOCK = re.compile(rf"\n[ \t]*\n|\n(?=[ \t]*{_MARK}|#{{1,6}}[ \t])|(?m:^#{{1,6}}[ \t][^\n]*\n)")
_ITEM = re.compile(rf"\s*{_MARK}")
# A colon ending the text before a list, or its first item run on after it ("... scope: - Making").
_INTRODUCED = re.compile(rf":\s*\Z|:[ \t]+{_MARK}")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the sentences in text[start:end], in order, covering every non-space character.
    A Markdown heading or list item is a sentence of its own (or several), and no sentence runs
    across a blank line: "### Goals" and each of its items are read apart. A list introduced by
    a colon stays with its introduction.

    The one sentence splitter: chunking, claim checking and quoting all use it.
    """
    end = len(text) if end is None else end
    spans, cur = [], start
    listing = False  # within a list introduced by a colon: read with its introduction
    for m in _BLOCK.finditer(text, start, end):
        if _ITEM.match(text, m.end()) and (listing or _INTRODUCED.search(text, cur, m.start())):
            # "There is a short list of changes that are not in scope: - Making API changes
            # ...": each item is said of what the introduction says.
            listing = True
            continue
        listing = False
        spans += _prose_spans(text, cur, m.end())
        cur = m.end()
    spans += _prose_spans(text, cur, end)
    out = []
    for s, e in spans:
        s += len(text[s:e]) - len(text[s:e].lstrip())
        e -= len(text[s:e]) - len(text[s:e].rstrip())
        out.append((s, e))
    return out


def _prose_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cur = [], start
    for m in _BOUNDARY.finditer(text, start, end):
        before = text[cur : m.start()]
        if (before.endswith(ABBREVIATIONS) or _INITIAL.search(before)) and not text[m.end() :].startswith(
                ("The ", "A ", "It ", "This ", "These ", "They ", "He ", "She ", "In ", "On ", "At ")):
            continue
        if marker := _ITEM_NUMBER.search(before):
            # "follow these steps:  1. Try to contact ...": the "1." opens the item, not ends a
            # sentence; what stood before it is a sentence of its own.
            at = marker.start(1) if marker.group(1) else marker.start(2)
            if before[:at].strip():
                spans.append((cur, cur + at))
            cur += at
            continue
        cut = m.start() + (len(m.group()) - len(m.group().lstrip("\"'”’)]」』）")))
        spans.append((cur, cut))
        cur = m.end()
    if cur < end:
        spans.append((cur, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


# "… 1932. [7]" -> "… 1932 [7]." so a marker stays with its own sentence.
_MARKERS_AFTER_STOP = re.compile(r"([.!?])((?:\s*\[[^\]\n]{1,20}\])+)")


def cited_sentences(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """An answer's sentences, markers removed, each with the passage numbers it cited."""
    text = _MARKERS_AFTER_STOP.sub(lambda m: m.group(2) + m.group(1), text.strip())
    out = []
    for part in sentences(text):
        cites = tuple(
            dict.fromkeys(int(n) for group in MARKER.findall(part) for n in re.findall(r"\d+", group))
        )
        clean = re.sub(r"\s+([.!?,;:])", r"\1", MARKER.sub("", part)).strip()
        clean = re.sub(r"\s{2,}", " ", clean)
        if clean.strip(" .!?-*"):
            out.append((clean, cites))
    return out


# How the page words what is not an answer (a decline, an error): never passed back as history.
NOT_ANSWERS = ("Declined.", "Could not answer:", "Something went wrong")


def is_decline(sentence: str) -> bool:
    return bool(DECLINE.search(sentence))


_NOTE = re.compile(r"<(sub|del|details)\b[^>]*>.*?</\1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")


def plain(text: str) -> str:
    """What a chat message says, without the page's markup: tags and the small-print notes
    they hold (<sub>, <del>) dropped, entities decoded, markdown emphasis removed.

    `plain(ui.render_answer(answer)) == answer.text`: what a page sends back as history is the
    verified answer's own words, whatever it showed around them.
    """
    text = _NOTE.sub(" ", text)
    text = _TAG.sub("", text)
    text = _EMPHASIS.sub(r"\2", text)  # before decoding: an escaped "&#42;" is a literal star
    text = html.unescape(text)
    return re.sub(r"\s+", " ", text).strip()


def message_text(content: object) -> str:
    """Message content as a string; Gradio 6 sends a list of {"type": "text", "text": ...} parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(message_text(p) for p in content)
    if isinstance(content, dict):
        return str(content.get("text") or "")
    return ""


# A run of capitalised words ("Deutsche Bank", "Mark Zuckerberg") or one ("DeepSeek").
_CAPITAL_RUN = re.compile(r"[A-Z][A-Za-z0-9]*(?:[ ][A-Z][A-Za-z0-9]*)*")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z][a-z0-9]*(?![\w-])")


def name_cases(texts) -> dict[str, str]:
    """Names as `texts` write them, by their lower case ("deepseek" -> "DeepSeek", "deutsche
    bank" -> "Deutsche Bank"): words and runs of words the texts capitalise in mid-sentence
    more often than they write them in lower case. Function words never count ("US" is also
    "us"). A regular expression's pass, so cheap to run over every source."""
    capital: dict[str, dict[str, int]] = {}
    lower: dict[str, int] = {}
    for text in texts:
        for m in _CAPITAL_RUN.finditer(text):
            if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "-_/"):
                continue  # the word starts mid-token
            words = m.group().split(" ")
            before = text[: m.start()].rstrip()[-1:]
            if not before or before in ".!?:#*\"'“‘([|":
                words = words[1:]  # a sentence or heading starts with its first word
            if len(words) == 1 and re.match(r" \d", text[m.end():]):
                continue  # a label before its number ("Figure 2", "Table 1"), not a name
            for a in range(len(words)):  # every stretch of the run: "Mark Zuckerberg", "Zuckerberg"
                for b in range(a + 1, min(len(words), a + 3) + 1):
                    phrase = " ".join(words[a:b])
                    if b - a == 1 < len(words) and known(phrase):
                        continue  # a word of a longer name: "Bank" of "Deutsche Bank" is no name
                    forms = capital.setdefault(phrase.lower(), {})
                    forms[phrase] = forms.get(phrase, 0) + 1
        for m in _LOWER_WORD.finditer(text):
            lower[m.group()] = lower.get(m.group(), 0) + 1
    cases = {}
    for low, forms in capital.items():
        words = low.split(" ")
        if len(low) < 2 or words[0] in STOPWORDS or words[-1] in STOPWORDS or sum(forms.values()) <= lower.get(low, 0):
            continue
        form = max(forms, key=forms.get)
        if form.isupper() and " " not in low and known(low):
            continue  # a word in capitals is an acronym ("DROP", a benchmark), not "drop"
        cases[low] = form
    return cases


def with_name_cases(text: str, cases: dict[str, str]) -> str:
    """`text` with the names it types in lower case written as `cases` (from `name_cases`)
    writes them, the longest run first."""
    for low in sorted((k for k in cases if " " in k and k in text), key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(low)}(?![\w-])", cases[low], text)
    return _LOWER_WORD.sub(lambda m: cases.get(m.group(), m.group()), text)
