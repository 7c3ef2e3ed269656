"""Turn a follow-up question into a standalone one, from the conversation before it, without the model.

Asking the model to rewrite would replace the cached passages in llama.cpp's context and cost
a full re-prefill, so the rewrite reads the question's structure (spaCy's parse):

- a pronoun ("it", "its", "they", "he"...) becomes the name it stands for: the previous
  question's main name, else the previous answer's first, of the right kind ("he" and "she"
  only a person, "it" and "its" never one; "they" names joined by "and", else a plural
  subject such as "American tech leaders", else an organisation). A pronoun whose name is in
  the question itself ("Did DeepSeek keep its code?") and the "it" of "Is it true that..."
  are left alone;
- "that drop", "those companies": when the previous exchange has a phrase with the same noun,
  it takes that phrase's place.

An ellipsis ("And Google and Microsoft?") is left as typed: the model reads it with the
conversation. Spelling it out as the previous question about the new name was measured on the
dev conversations and lost answers the short form got, and so did reading a pronoun after a
declined question as that question's subject; see the README's Evaluation.
Each earlier question is resolved the same way in turn, so a chain of follow-ups keeps its
subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .parse import parse

PERSONAL = frozenset("he him his she her".split())
NEUTER = frozenset("it its".split())
PLURAL = frozenset("they them their".split())
DEMONSTRATIVES = frozenset("that this those these".split())


@dataclass(frozen=True)
class Resolved:
    """A follow-up made standalone (`question`), and the question before it, resolved."""

    question: str
    previous: str = ""


def resolve(question: str, history: list[dict] | None) -> Resolved:
    """`question` made standalone from `history`: the plain conversation before it (user and
    assistant messages, oldest first, as `rag.clean_history` gives it)."""
    previous, answer = "", ""
    for m in history or []:
        if m.get("role") == "user":
            previous, answer = _resolve(m["content"], previous, answer), ""
        elif m.get("role") == "assistant":
            answer = m["content"]
    return Resolved(_resolve(question, previous, answer), previous)


def standalone(question: str, history: list[dict] | None) -> str:
    return resolve(question, history).question


def _resolve(question: str, previous: str, answer: str) -> str:
    if not previous:
        return question
    doc = parse(question)
    if not any(t.pos_ in ("VERB", "AUX") for t in doc):
        return question  # an ellipsis: see the module's note
    return _references(question, doc, previous, answer)


# -- names -------------------------------------------------------------------------------------

def _name_spans(doc) -> list:
    """Runs of proper nouns (with their "and" partners: "Google and Microsoft"), first to last."""
    spans, i = [], 0
    while i < len(doc):
        if doc[i].pos_ == "PROPN" and doc[i].tag_ != "POS":
            j = i
            while j + 1 < len(doc) and (doc[j + 1].pos_ == "PROPN" or doc[j + 1].text in (".", "-") and
                                        j + 2 < len(doc) and doc[j + 2].pos_ == "PROPN"):
                j += 1
            spans.append(doc[i : j + 1])
            i = j + 1
        else:
            i += 1
    joined = []
    for s in spans:  # "Google and Microsoft": one referent for "they"
        if joined and s.start - joined[-1].end == 1 and doc[s.start - 1].lower_ in ("and", "&"):
            joined[-1] = doc[joined[-1].start : s.end]
        else:
            joined.append(s)
    return joined


def _names(doc) -> list:
    """Name spans that stand for something ("Nvidia", "Google and Microsoft"), not names used
    as a modifier of another noun ("AI services", "American companies")."""
    return [s for s in _name_spans(doc) if s.root.dep_ not in ("compound", "amod", "nmod")]


def _is_person(span) -> bool:
    return any(t.ent_type_ == "PERSON" for t in span)


def _in_main_clause(span) -> bool:
    """Not in an adverbial or relative clause ("after DeepSeek showed up", "which DeepSeek
    built"): the name the question is about, not the circumstance."""
    t = span.root
    while t.head.i != t.i:
        t = t.head
        if t.dep_ in ("advcl", "relcl", "acl") and t.pos_ in ("VERB", "AUX"):
            return False
    return True


def _candidates(previous: str, answer: str) -> list:
    """Names the follow-up may speak of: the previous question's main-clause names, then the
    previous answer's, then the previous question's others."""
    asked = _names(parse(previous))
    main = [s for s in asked if _in_main_clause(s)]
    said = _names(parse(answer)) if answer else []
    return main + said + [s for s in asked if s not in main]


def _groups(previous: str, answer: str) -> list[str]:
    """Plural subjects "they" may stand for ("American tech leaders", "Chinese AI firms"): the
    previous question's, then the previous answer's."""
    found = []
    for text in (previous, answer):
        for t in parse(text) if text else ():
            if t.tag_ == "NNS" and t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "NOUN":
                words = _modified(t)
                if not any(w.tag_ in ("PRP", "PRP$") for w in words):
                    found.append(_join(words))
    return found


# What may describe a noun from its left and belong to its phrase.
_MODIFIERS = frozenset("amod compound nmod nummod poss case quantmod npadvmod advmod".split())


def _modified(noun) -> list:
    """`noun` with the words before it that describe it ("Chinese AI firms", "Nvidia's market
    capitalization"), not its determiner."""
    words, j = [noun], noun.i - 1
    while j >= 0 and noun.doc[j].dep_ in _MODIFIERS and noun in noun.doc[j].ancestors:
        words.insert(0, noun.doc[j])
        j -= 1
    return words


def _join(words) -> str:
    return re.sub(r"\s+(['’]s)\b", r"\1", " ".join(w.text for w in words))


def _text(span) -> str:
    return re.sub(r"['’]s$", "", span.text).strip()


# -- pronouns and demonstratives -----------------------------------------------------------------

def _extraposed(t) -> bool:
    """The "it" of "Is it true that...", "What did it cost them to...": it stands for the
    clause that follows, not for a name."""
    head = t.head
    return t.dep_ == "expl" or (
        t.lower_ == "it" and t.dep_ in ("nsubj", "nsubjpass")
        and any(c.dep_ in ("ccomp", "xcomp", "csubj") and c.i > t.i for c in head.children)
        and any(c.dep_ in ("acomp", "attr", "dative") or c.dep_ == "dobj" and c.i > t.i for c in head.children))


def _bound_here(t, doc) -> bool:
    """The pronoun can stand for something earlier in the question itself: a name of its kind
    ("Did DeepSeek keep its code?"), for "they" a plural noun, for "it" a noun set out before a
    comma or colon, or a noun subject of its clause ("Did the company keep its code?")."""
    lower = t.lower_
    verb = t.head if t.dep_ != "poss" else t.head.head
    for span in _names(doc):
        if span.end <= t.i and (_is_person(span) if lower in PERSONAL else not _is_person(span)) and not (
                _clause_mate(span.root, t, verb)):
            return True
    if lower in PERSONAL:
        return False
    if lower in PLURAL and any(w.tag_ in ("NNS", "NNPS") for w in doc[: t.i]):
        return True  # "How do big AI firms make back what they invested?"
    if lower in NEUTER and any(w.tag_ in ("NN", "NNP") and any(p.text in (",", ":", ";") for p in doc[w.i + 1 : t.i])
                               for w in doc[: t.i]):
        return True  # a topic set out before it: "Going back to the dollar: what has propped it up?"
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN") and c.i < t.i
               and not _clause_mate(c, t, verb) and not _asked(c) for c in verb.children)


def _clause_mate(word, pronoun, verb) -> bool:
    """`word` is the subject of the pronoun's own verb, which a pronoun other than a possessive
    never stands for: in "Which company owns it?" or "Did Nvidia lose it?" "it" is something
    else ("Did Nvidia keep its value?" is bound)."""
    return pronoun.dep_ != "poss" and word.head == verb and word.dep_ in ("nsubj", "nsubjpass")


def _asked(noun) -> bool:
    """A noun under "which"/"what" is what the question asks for ("Which city is it from?"),
    not something a pronoun can stand for."""
    return any(c.tag_ in ("WDT", "WP") and c.dep_ == "det" for c in noun.children)


def _referent(lower: str, candidates: list, groups: list[str]) -> str | None:
    if lower in PERSONAL:
        pick = [_text(s) for s in candidates if _is_person(s)]
    elif lower in PLURAL:  # names joined by "and", a plural subject, else an organisation
        pick = [_text(s) for s in candidates if " and " in s.text] + groups + [
            _text(s) for s in candidates if not _is_person(s)]
    else:
        pick = [_text(s) for s in candidates if not _is_person(s)]
    return pick[0] if pick else None


def _references(question: str, doc, previous: str, answer: str) -> str:
    """Pronouns replaced by the names they stand for, "that drop" by the earlier phrase."""
    edits: list[tuple[int, int, str]] = []  # (start_char, end_char, replacement)
    candidates, groups = None, []
    for t in doc:
        lower = t.lower_
        if t.tag_ in ("PRP", "PRP$") and (lower in PERSONAL or lower in NEUTER or lower in PLURAL):
            if _extraposed(t) or _bound_here(t, doc):
                continue
            if candidates is None:
                candidates, groups = _candidates(previous, answer), _groups(previous, answer)
            name = _referent(lower, candidates, groups)
            if name:
                possessive = t.tag_ == "PRP$" or lower == "its"
                edits.append((t.idx, t.idx + len(t.text), f"{name}'s" if possessive else name))
        elif lower in DEMONSTRATIVES and t.dep_ == "det" and t.head.pos_ == "NOUN":
            phrase = _earlier_phrase(t.head, previous, answer)
            if phrase:
                edits.append((t.idx, t.head.idx + len(t.head.text), phrase))
    for start, end, new in sorted(edits, reverse=True):
        question = question[:start] + new + question[end:]
    return question


def _earlier_phrase(noun, previous: str, answer: str) -> str | None:
    """The previous question's or answer's phrase for the same noun, with the words before it
    that describe it ("that capitalization" -> "Nvidia's market capitalization"); None when the
    earlier phrase adds nothing or leans on a pronoun itself."""
    for text in (previous, answer):
        for t in parse(text) if text else ():
            if t.pos_ == "NOUN" and t.lemma_.lower() == noun.lemma_.lower():
                words = _modified(t)
                if len(words) < 2 or any(w.tag_ in ("PRP", "PRP$") for w in words):
                    return None
                return _join(words)
    return None
