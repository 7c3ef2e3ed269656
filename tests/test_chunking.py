
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


def test_initials_titles_and_short_months_do_not_end_a_sentence():
    text = ("In April 1847 forty teamsters under Capt. Daniel P. Mann began the post. It was named after him. "
            "On Nov. 19, 1847, Lt. Col. William Gilpin arrived from St. Louis. He wanted Plan B. The rest failed.")
    parts = [text[s:e] for s, e in sentence_spans(text)]
    assert parts == ["In April 1847 forty teamsters under Capt. Daniel P. Mann began the post.", "It was named after him.",
                     "On Nov. 19, 1847, Lt. Col. William Gilpin arrived from St. Louis.", "He wanted Plan B.",
                     "The rest failed."]
    answer = "No. DeepSeek has fewer than 150 employees."
    assert [answer[s:e] for s, e in sentence_spans(answer)] == ["No.", "DeepSeek has fewer than 150 employees."]


def test_an_introduction_and_the_list_it_introduces_are_one_passage():
    from bot.sources import parse

    text = ("# Policy\n\n## Background\n\nOther projects have security policies. The following were reviewed:\n\n"
            "* Python Security Policy\n* Rust Security Policy\n\nThese differ in various aspects.\n")
    chunks = chunk_document(parse("p", text, fmt="markdown", title="Policy"))
    holding = [c for c in chunks if "Rust Security Policy" in c.text]
    assert len(holding) == 1 and "The following were reviewed:" in holding[0].text
    assert "These differ" not in holding[0].text  # a paragraph that introduces nothing stays apart
