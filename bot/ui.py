"""The Gradio chat: streams the draft, then shows the verified answer and the passages it cites.

Everything from a source or from the model is escaped before it reaches the page; the
only markup is the few tags built here (links to sources, highlights, small print).
"""

from __future__ import annotations

import html
import logging
import re

from .answer import Answer, Citation
from .errors import BotError
from .rag import Bot
from .text import STOPWORDS, cited_sentences, stem

log = logging.getLogger(__name__)

EXAMPLES = [
    "How much did Nvidia's market capitalization fall?",
    "How many employees does DeepSeek have?",
    "When was DeepSeek officially established?",
    "What is the name of DeepSeek's CEO?",
]
_TOKEN = re.compile(r"[A-Za-z0-9$%][A-Za-z0-9$%'’.,-]*[A-Za-z0-9%]|[A-Za-z0-9$%]")


def escape(text: str) -> str:
    """Text shown as text: no HTML, and no markdown link, image or emphasis syntax."""
    return (
        html.escape(text, quote=True)
        .replace("[", "&#91;").replace("]", "&#93;").replace("*", "&#42;")
        .replace("_", "&#95;").replace("`", "&#96;").replace("!", "&#33;")
    )


def _link_markers(escaped: str, anchor: str) -> str:
    return re.sub(r"&#91;(\d+)&#93;", lambda m: f'<a href="#{anchor}-{m.group(1)}">[{m.group(1)}]</a>', escaped)


def highlight(passage: str, claims: list[str]) -> str:
    """The passage, escaped, with the words it shares with the claims citing it in <mark>."""
    words = (m.group().lower().strip(".,") for c in claims for m in _TOKEN.finditer(c))
    wanted = {stem(w) for w in words if w not in STOPWORDS}
    out, last = [], 0
    for m in _TOKEN.finditer(passage):
        word = m.group()
        out.append(escape(passage[last : m.start()]))
        core = word.lower().strip(".,")
        if core not in STOPWORDS and (stem(core) in wanted or core in wanted):
            out.append(f"<mark>{escape(word)}</mark>")
        else:
            out.append(escape(word))
        last = m.end()
    out.append(escape(passage[last:]))
    return "".join(out)


def render_answer(answer: Answer, anchor: str = "src") -> str:
    """The answer bubble: verified sentences with linked markers; a decline is labelled as one."""
    if answer.abstained:
        nearest = " The nearest passages are below, so you can check." if answer.passages else ""
        body = f"**Declined.** {escape(answer.text)}{nearest}"
    else:
        body = _link_markers(escape(answer.text), anchor)
    notes = []
    if answer.extractive:
        notes.append("Quoted from the source: the model's draft did not hold up against the passages.")
    dropped = [s.text for s in answer.sentences if not s.supported]
    if dropped and not answer.abstained:
        notes.append("Removed from the draft, not supported by the sources: "
                     + " ".join(f"<del>{escape(t)}</del>" for t in dropped))
    elif answer.revised and not answer.abstained and not answer.extractive:
        notes.append("A citation in the draft was corrected to the passage that supports it.")
    if answer.abstained and answer.revised:
        notes.append("The model drafted an answer the sources do not support: "
                     f"<del>{escape(answer.raw_text)}</del>")
    return body + "".join(f"\n\n<sub>{n}</sub>" for n in notes)


def _passage_block(c: Citation, claims: list[str], anchor: str) -> str:
    # What a reader needs to find the passage: its source and place in it, not offsets or scores.
    link = c.origin if c.origin.startswith(("http://", "https://")) else ""
    where = " · ".join(escape(x) for x in (c.title, c.place, link) if x)
    return (
        f'<p id="{anchor}-{c.n}"><b>[{c.n}]</b> {where}</p>\n\n<blockquote>{highlight(c.text, claims)}</blockquote>\n'
        f"<details><summary>match details</summary>characters {c.start}–{c.end} of the source · "
        f"similarity to the question {c.score:.2f}</details>\n"
    )


def render_sources(answer: Answer, anchor: str = "src") -> str:
    """The cited passages (for a decline, the nearest ones) with supporting words highlighted."""
    # A decline lists its nearest passages nearest first.
    shown = sorted(answer.passages, key=lambda c: -c.score) if answer.abstained else answer.citations
    blocks = []
    for c in shown:
        claims = [text for text, cites in cited_sentences(answer.text) if c.n in cites]
        blocks.append(_passage_block(c, claims if not answer.abstained else [answer.question], anchor))
    if answer.timings.completion_tokens:  # not for a question declined before the model ran
        blocks.append(f"<sub>answered in {answer.timings.total_s:.1f} s</sub>")
    return "\n".join(blocks)


def respond(bot: Bot, message: str, history: list[dict], anchor: str):
    """One chat turn as the page runs it: yields the escaped draft as it streams, then the
    answer bubble and its sources panel; returns the Answer (None on an error).

    `history` is what the page sends back (its rendered bubbles); the bot reduces it to the
    plain conversation (`rag.clean_history`).
    """
    try:
        stream = bot.stream(message, history=history)
        draft = ""
        for piece in stream:
            draft += piece
            yield escape(draft)
        answer = stream.answer
    except BotError as e:
        yield f"**Could not answer:** {escape(str(e))}"
        return None
    except Exception:  # never show a traceback in the page
        log.exception("answering failed")
        yield "**Something went wrong while answering;** the details are in the server log."
        return None
    title = "Nearest passages" if answer.abstained else "Sources"
    yield [
        {"role": "assistant", "content": render_answer(answer, anchor)},
        {"role": "assistant", "content": render_sources(answer, anchor), "metadata": {"title": title}},
    ]
    return answer


def build_ui(bot: Bot):
    import gradio as gr

    turn = {"n": 0}

    def chat(message: str, history: list[dict]):
        turn["n"] += 1
        yield from respond(bot, message, history, f"t{turn['n']}")

    def status() -> str:
        bot.refresh()  # sources added or removed meanwhile (`python -m bot sources add ...`)
        if bot.ready:
            what = bot.corpus if len(bot.titles) == 1 else f"{len(bot.titles)} sources"
            unread = f" · not readable, left out: {escape(', '.join(sorted(bot.skipped)))}" if bot.skipped else ""
            return f"Ready · answering from {escape(what)} · {len(bot.store)} passages{unread}"
        return "Loading the model and reading the passages (first start only: up to a minute)…"

    with gr.Blocks(title="Ask the article") as demo:
        gr.Markdown(
            "## Ask the article\nAnswers come only from the sources named on the line below; every "
            "sentence is checked against the passage it cites. Click a [n] to jump to its passage."
        )
        line = gr.Markdown(status())
        gr.Timer(1.0).tick(status, outputs=line, show_progress="hidden", api_visibility="private")
        gr.ChatInterface(
            chat,
            examples=EXAMPLES,
            cache_examples=False,
            chatbot=gr.Chatbot(height=560, sanitize_html=True, render_markdown=True,
                               buttons=["copy", "copy_all"], placeholder="Ask a question about the article."),
            # Buttons with names a screen reader announces ("Ask", "Stop"), not bare icons.
            textbox=gr.Textbox(label="Your question", show_label=False, placeholder="Type a question…",
                               scale=7, autofocus=True, submit_btn="Ask", stop_btn="Stop"),
            api_name="chat",
            # An empty or blank question does nothing: no bubble, no error reply.
            validator=lambda message: gr.validate(bool(str(message or "").strip()), "Type a question first."),
        )
    return demo
