"""A first Gradio chat: streams the answer, then lists the cited passages under it."""

from __future__ import annotations

import html
import logging

from .answer import Answer
from .errors import BotError
from .rag import Bot

log = logging.getLogger(__name__)

EXAMPLES = [
    "How much did Nvidia's market capitalization fall?",
    "How many employees does DeepSeek have?",
    "When was DeepSeek officially established?",
    "What is the name of DeepSeek's CEO?",
]


def escape(text: str) -> str:
    """Source and model text shown as text: no HTML, no markdown links or images."""
    return html.escape(text, quote=True).replace("[", "&#91;").replace("]", "&#93;").replace("*", "&#42;")


def render_answer(answer: Answer) -> str:
    """The answer bubble: escaped text; a decline is labelled as one."""
    body = escape(answer.text)
    if answer.abstained:
        return f"**Declined:** {body}"
    if answer.extractive:
        body += "\n\n<sub>Quoted from the source: the model's draft did not hold up against the passages.</sub>"
    elif answer.revised:
        body += (
            "\n\n<sub>Checked against the sources: parts of the draft that the passages do not "
            "support were removed or re-cited.</sub>"
        )
    return body


def render_sources(answer: Answer) -> str:
    """The cited passages (or, for a decline, the nearest ones), with title, place and score."""
    shown = answer.passages if answer.abstained else answer.citations
    lines = []
    for c in shown:
        lines.append(
            f"**[{c.n}]** {escape(c.title)} · characters {c.start}–{c.end} · score {c.score:.2f}\n\n"
            f"> {escape(c.text)}\n"
        )
    t = answer.timings
    lines.append(
        f"<sub>first token {t.first_token_s:.2f} s · total {t.total_s:.2f} s · "
        f"{t.tokens_per_s:.0f} tokens/s</sub>"
    )
    return "\n".join(lines)


def build_ui(bot: Bot):
    import gradio as gr

    def respond(message: str, history: list[dict]):
        # Only the answers go back to the bot as history, not the sources panels.
        turns = [m for m in history if not (m.get("metadata") or {}).get("title")]
        try:
            stream = bot.stream(message, history=turns)
            draft = ""
            for piece in stream:
                draft += piece
                yield escape(draft)
            answer = stream.answer
        except BotError as e:
            yield f"⚠ {escape(str(e))}"
            return
        except Exception:  # never show a traceback in the page
            log.exception("answering failed")
            yield "⚠ Something went wrong while answering; the details are in the server log."
            return
        title = "Nearest passages" if answer.abstained else "Sources"
        yield [
            {"role": "assistant", "content": render_answer(answer)},
            {"role": "assistant", "content": render_sources(answer), "metadata": {"title": title}},
        ]

    return gr.ChatInterface(
        respond,
        title="Ask the article",
        description=(
            f"Answers come only from {escape(bot._corpus)}; every sentence is checked "
            "against the passage it cites."
        ),
        examples=EXAMPLES,
        cache_examples=False,
        chatbot=gr.Chatbot(height=560, sanitize_html=True, render_markdown=True),
        api_name="chat",
    )
