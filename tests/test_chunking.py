
from bot.chunking import chunk_document, chunk_documents, sentence_spans
from bot.sources import load_documents

from .conftest import ROOT


def docs():
    return load_documents(ROOT / "index")


def test_offsets_map_back_to_the_source_text():
    doc = docs()[0]
    for c in chunk_document(doc):
        assert doc.text[c.start : c.end] == c.text


def test_debris_and_title_are_not_passages_but_every_body_sentence_is():
    doc = docs()[0]
    chunks = chunk_document(doc)
    joined = " ".join(c.text for c in chunks)
    assert "Advertisements" not in joined
    assert not any(c.text.startswith("DeepSeek Shakes Up") for c in chunks)
    assert doc.title == "DeepSeek Shakes Up the Tech Scene in America!"
    body_words = sum(len(doc.text[s:e].split()) for s, e in doc.paragraphs)
    assert sum(len(c.text.split()) for c in chunks) == body_words
    assert "fewer than 150 employees" in joined and "$36 trillion" in joined


def test_passages_respect_the_size_limit_and_paragraphs():
    doc = docs()[0]
    for c in chunk_document(doc, max_words=40):
        assert len(c.text.split()) <= 40 or len(sentence_spans(c.text)) == 1
        assert "\n" not in c.text


def test_ids_are_stable_and_unique():
    first = [c.id for c in chunk_documents(docs())]
    again = [c.id for c in chunk_documents(docs())]
    assert first == again
    assert len(set(first)) == len(first)


def test_sentences_split_on_real_boundaries_only():
    text = 'The U.S. lost $5.5 trillion. Dr. Smith agreed! Did it? "Yes." It did.'
    parts = [text[s:e] for s, e in sentence_spans(text)]
    assert parts == ["The U.S. lost $5.5 trillion.", "Dr. Smith agreed!", "Did it?", '"Yes."', "It did."]
