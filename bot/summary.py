"""A source's summary, prepared once: the sentences that cover it, quoted and cited.

Extractive on purpose: every summary sentence is the source's own sentence, so it is
grounded by construction and checkable like any answer. The lead sentence opens it (a
news article's first sentence states its subject); the rest are chosen for being central to
the source (near the mean of all its sentence embeddings) while unlike those already chosen
(maximal marginal relevance), and are shown in the source's order.
"""

from __future__ import annotations

import re

import numpy as np

from .embedder import Embedder
from .text import sentences as split_sentences
from .text import terms

MIN_WORDS = 8
DIVERSITY = 0.35  # weight of "unlike the chosen ones" against "central to the source"
SPECIFIC = 0.05  # per name or number (up to 4): a summary should carry the source's facts
# A sentence opening on a reference to an earlier one ("Such a response ...") does not stand alone.
_ANAPHOR = re.compile(r"^(?:such|this|these|that|those|it|they|he|she|its|their)\b", re.I)


def summarize(passages: list[str], embedder: Embedder, *, sentences: int = 4,
              about: str = "") -> list[tuple[str, int]]:
    """Up to `sentences` sentences of `passages` as (sentence, index of its passage), in order.

    `about`: a request for a summary of one part ("summarise what it says about the dollar"):
    the sentences are then chosen for being near it rather than central to the source, and the
    lead sentence does not open the summary unless it is the nearest."""
    found = [
        (s.strip(), i) for i, p in enumerate(passages) for s in split_sentences(p)
        if len(s.split()) >= MIN_WORDS and not s.rstrip().endswith("?") and not _ANAPHOR.match(s.strip())
    ]
    if not found:
        return []
    vectors = np.asarray(embedder.embed([s for s, _ in found]), dtype="float32")
    centre = np.asarray(embedder.embed([about]), dtype="float32")[0] if about else vectors.mean(axis=0)
    centre /= np.linalg.norm(centre) or 1.0
    facts = np.array([min(4, len(terms(s).names) + len(terms(s).numbers)) for s, _ in found])
    central = vectors @ centre + SPECIFIC * facts
    chosen = [int(central.argmax()) if about else 0]
    while len(chosen) < min(sentences, len(found)):
        redundancy = (vectors @ vectors[chosen].T).max(axis=1)
        score = (1 - DIVERSITY) * central - DIVERSITY * redundancy
        score[chosen] = -np.inf
        chosen.append(int(score.argmax()))
    return [found[i] for i in sorted(chosen)]
