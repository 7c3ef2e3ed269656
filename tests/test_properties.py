"""Property-based tests (hypothesis) of the chunker, the citation parser and the verifier."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.chunking import chunk_document
from bot.sources import Document, paragraph_spans
from bot.text import MARKER, cited_sentences, numbers
from bot.verify import check

word = st.one_of(
    st.from_regex(r"[A-Za-z]{1,10}", fullmatch=True),
    st.from_regex(r"\$?[0-9]{1,4}(\.[0-9])?%?", fullmatch=True),
    st.sampled_from(["U.S.", "Dr.", "DeepSeek", "Nvidia's", "—", "(a)", '"quoted"', "e.g.", "5.5"]),
)
sentence = st.builds(
    lambda ws, end: " ".join(ws) + end, st.lists(word, min_size=1, max_size=15), st.sampled_from([".", "!", "?", ""])
)
paragraph = st.builds(" ".join, st.lists(sentence, min_size=1, max_size=8))
text = st.builds(lambda ps, sep: sep.join(ps), st.lists(paragraph, min_size=1, max_size=6),
                 st.sampled_from(["\n", "\n\n", "\n \n"]))


@settings(max_examples=200, deadline=None)
@given(text, st.integers(min_value=5, max_value=120))
def test_chunks_map_back_to_the_source_and_drop_nothing(body, max_words):
    doc = Document("d", "T", "o", body, paragraph_spans(body, skip_first=False))
    chunks = chunk_document(doc, max_words=max_words)
    for c in chunks:
        assert body[c.start : c.end] == c.text and c.text.strip() == c.text
    assert all(a.end <= b.start for a, b in zip(chunks, chunks[1:]))
    assert sum(len(c.text.split()) for c in chunks) == len(body.split())


marker = st.builds(lambda ns: "[" + ", ".join(map(str, ns)) + "]", st.lists(st.integers(1, 40), min_size=1, max_size=3))
# A model's answer: sentences, each optionally followed (before or after its stop) by markers.
cited_sentence = st.builds(
    lambda s, m, after: (f"{s} {m}" if after or not s.endswith((".", "!", "?")) else f"{s[:-1]} {m}{s[-1]}")
    if m else s,
    sentence.filter(lambda s: re.search(r"[A-Za-z]", s)), st.one_of(st.none(), marker), st.booleans(),
)
answer = st.builds(" ".join, st.lists(cited_sentence, min_size=1, max_size=8))


@settings(max_examples=300, deadline=None)
@given(answer)
def test_citation_parser_keeps_every_cited_number(text):
    parts = cited_sentences(text)
    cited = {int(n) for group in MARKER.findall(text) for n in re.findall(r"\d+", group)}
    assert cited == {n for _, cites in parts for n in cites}
    assert all("[" not in s or not MARKER.search(s) for s, _ in parts)


passages = st.dictionaries(st.integers(1, 6), paragraph, min_size=1, max_size=4)


@settings(max_examples=60, deadline=None)
@given(answer, passages, sentence)
def test_a_supported_sentence_is_stated_by_a_sentence_of_its_passage(draft, shown, question):
    for verdict in check(draft, shown, question):
        assert set(verdict.cites) <= set(shown) or not verdict.supported
        if verdict.supported:
            passage = shown[verdict.cites[0]]
            assert verdict.evidence and verdict.evidence.strip() in passage
            assert numbers(verdict.text) <= numbers(passage)


def _bm25_reference(texts, query, k1=1.2, b=0.75):
    """Okapi BM25 written out term by term, as in the textbook."""
    import math
    from collections import Counter

    from bot.retrieve import words

    docs = [Counter(words(t)) for t in texts]
    lengths = [sum(d.values()) for d in docs]
    avg = sum(lengths) / len(lengths)
    out = {}
    for term in set(words(query)):
        having = [r for r, d in enumerate(docs) if term in d]
        idf = math.log(1 + (len(docs) - len(having) + 0.5) / (len(having) + 0.5))
        for r in having:
            tf = docs[r][term]
            out[r] = out.get(r, 0.0) + idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[r] / avg))
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(paragraph, min_size=1, max_size=12), sentence)
def test_bm25_index_scores_like_the_textbook_formula(texts, query):
    from bot.retrieve import BM25

    scores, want = BM25(texts).scores(query), _bm25_reference(texts, query)
    got = {r: float(v) for r, v in enumerate(scores) if v}
    assert got.keys() == {r for r, v in want.items() if v != 0}
    for r, v in got.items():
        assert abs(v - want[r]) <= 1e-4 * max(1.0, abs(want[r]))
