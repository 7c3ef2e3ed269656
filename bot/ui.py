"""The Gradio chat: streams the draft, says it is checking, then shows the verified answer
with the passages it cites.

Each browser session has its own `Conversation`. It keeps what the page shows (markup) apart
from what the bot hears (the questions and the plain text of verified answers), so nothing the
page adds ever reaches the model. Everything from a source, from the model or from the user is
escaped before it reaches the page; the only markup is the few tags built here.
"""

# No `from __future__ import annotations`: Gradio reads the event-data type hints at run time.
import html
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .answer import Answer, Citation
from .errors import BotError
from .rag import Bot
from .text import STOPWORDS, cited_sentences, stem
from .ui_sources import build_sources_panel

log = logging.getLogger(__name__)

EXAMPLES = [
    "How much did Nvidia's market capitalization fall?",
    "How many employees does DeepSeek have?",
    "When was DeepSeek officially established?",
    "What is the name of DeepSeek's CEO?",
]
_TOKEN = re.compile(r"[A-Za-z0-9$%][A-Za-z0-9$%'’.,-]*[A-Za-z0-9%]|[A-Za-z0-9$%]")
WAITING = "<i>Waiting for the answer above…</i>"
SEARCHING = "<i>Looking in the sources…</i>"
CHECKING = '\n\n<p class="checking"><i>Checking each sentence against the sources…</i></p>'
STOPPED = "<i>Stopped.</i>"

# Readable contrast (at least 4.5:1), a cited passage scrolled into full view and flashed when
# its [n] is clicked, and on a phone a short header so the question box is on the first screen.
CSS = """
button.primary { background: #9a3412; border-color: #9a3412; color: #fff; }
#chat mark { background: #fff1a6; color: #1b1b1b; }
#chat blockquote { color: #1f2328; }
#chat sub, #chat .checking, #chat summary, .status { color: #3d4450; }
#chat .passage { scroll-margin: 1.5rem; border-radius: 6px; }
#chat .passage:target { animation: cited 2.5s ease-out; outline: 2px solid #b58900; }
@keyframes cited { from { background: #ffe58a; } to { background: transparent; } }
footer, footer a, footer button, .show-api { color: #4b5563 !important; }
table.sources { width: 100%; font-size: 0.9rem; } table.sources td, table.sources th { padding: 2px 6px; }
textarea::placeholder { color: #5c6370; opacity: 1; }
#chat .placeholder-content { padding: 0 1rem; text-align: center; }
@media (max-width: 640px) {
  h1 { font-size: 1.25rem !important; margin: 0 !important; }
  .intro { display: none; }
}
"""


_ESCAPES = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",  # HTML
    "[": "&#91;", "]": "&#93;", "*": "&#42;", "_": "&#95;", "`": "&#96;", "!": "&#33;",  # markdown
    "#": "&#35;", ":": "&#58;", "\n": "<br>",  # ":" so that a typed URL is not made a link
})


def escape(text: str) -> str:
    """Text shown exactly as text: no HTML, and no markdown link, image, heading or emphasis."""
    return text.translate(_ESCAPES)


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
    """The answer: verified sentences with linked markers; a decline is labelled as one."""
    if answer.abstained:
        nearest = " The nearest passages are below, so you can check." if answer.passages else ""
        body = f"<b>Declined.</b> {escape(answer.text)}{nearest}"
    else:
        body = _link_markers(escape(answer.text), anchor)
    notes = []
    if _read_as(answer):
        # A follow-up was answered as a standalone question: say how it was read, so a
        # misread pronoun is seen, not hidden in an answer about something else.
        notes.append(f"Read as: “{escape(answer.asked)}”")
    if answer.second_draft:
        notes.append("The model first replied that the sources don't say; its next-best reply held up "
                     "against the passages.")
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


def _read_as(answer: Answer) -> bool:
    """The bot read the question with words it did not type (a follow-up's pronoun replaced
    by the name it stands for), not only without its frame ("OK, and ...")."""
    def words(text: str) -> set[str]:
        return set(re.findall(r"\w+", text.lower()))

    return bool(answer.asked) and bool(words(answer.asked) - words(answer.question))


def _passage_block(c: Citation, claims: list[str], anchor: str) -> str:
    # What a reader needs to find the passage: its source and place in it; the offsets and
    # the score are in a toggle for those who want them.
    link = c.origin if c.origin.startswith(("http://", "https://")) else ""
    where = " · ".join(escape(x) for x in (c.title, c.place) if x)
    origin = f' · <a href="{html.escape(link, quote=True)}">{escape(link)}</a>' if link else ""
    return (
        f'<div class="passage" id="{anchor}-{c.n}"><p><b>[{c.n}]</b> {where}{origin}</p>\n'
        f"<blockquote>{highlight(c.text, claims)}</blockquote>\n"
        f"<details><summary>match details</summary>characters {c.start}–{c.end} of the source · "
        f"similarity to the question {c.score:.2f}</details></div>\n"
    )


def render_sources(answer: Answer, anchor: str = "src", model: str = "") -> str:
    """The cited passages (for a decline, the nearest ones, nearest first) with supporting words
    highlighted, then what produced the answer in an "about this answer" toggle."""
    shown = sorted(answer.passages, key=lambda c: -c.score) if answer.abstained else answer.citations
    blocks = []
    for c in shown:
        claims = [text for text, cites in cited_sentences(answer.text) if c.n in cites]
        blocks.append(_passage_block(c, claims if not answer.abstained else [answer.question], anchor))
    t = answer.timings
    if t.completion_tokens:  # not for a question declined before the model ran
        about = (f"{escape(model) + ' · ' if model else ''}first words after {t.first_token_s:.1f} s · "
                 f"checked answer after {t.total_s:.1f} s · {t.completion_tokens} tokens drafted")
    else:
        about = f"answered from the passages alone, without the model, in {t.total_s:.2f} s"
    blocks.append(f"<details><summary>about this answer</summary>{about}</details>")
    title = "Nearest passages" if answer.abstained else "Sources"
    return f"<details open><summary><b>{title}</b></summary>\n\n" + "\n".join(blocks) + "</details>"


def plain_sources(answer: Answer) -> list[str]:
    """The cited passages as plain lines: "[2] Title, page 3 (https://…)"."""
    out = []
    for c in answer.citations:
        link = f" ({c.origin})" if c.origin.startswith(("http://", "https://")) else ""
        out.append(f"[{c.n}] {c.where}{link}")
    return out


def plain_reply(answer: Answer) -> str:
    """An answer as plain text: its words with [n], then the sources it cites; or the decline."""
    if answer.abstained:
        return f"Declined. {answer.text}"
    return "\n".join([answer.text, "", "Sources:", *plain_sources(answer)])


@dataclass
class Turn:
    """One question and what the page shows for it."""

    question: str
    anchor: str
    shown: str = WAITING
    answer: Answer | None = None
    done: bool = False
    note: bool = False  # a notice from the page (a source added), not a question

    def plain(self) -> str:
        """The question and its answer as plain text, with [n] and the sources it cites."""
        return f"Q: {self.question}\nA: {plain_reply(self.answer) if self.answer else '(no answer)'}"


@dataclass
class Conversation:
    """One browser session's chat: its turns in order, some maybe still waiting."""

    turns: list[Turn] = field(default_factory=list)
    busy: bool = False

    def add(self, question: str) -> Turn:
        turn = Turn(question, f"t{len(self.turns) + 1}")
        self.turns.append(turn)
        return turn

    def note(self, text: str) -> None:
        """A notice in the chat, such as a source added; never sent to the bot."""
        self.turns.append(Turn("", f"t{len(self.turns) + 1}", shown=f"<i>{escape(text)}</i>", done=True, note=True))

    def waiting(self) -> Turn | None:
        return next((t for t in self.turns if not t.done), None)

    def history(self, before: Turn) -> list[dict]:
        """The conversation before `before`, as the bot takes it (`rag.clean_history`): the
        questions and the plain verified answers; an exchange that was declined, failed or was
        stopped goes out with its question, which the bot can still tell happened."""
        messages = []
        for t in self.turns[: self.turns.index(before)]:
            if not t.note:
                messages += [{"role": "user", "content": t.question},
                             {"role": "assistant",
                              "content": t.answer.text if t.answer and not t.answer.abstained else ""}]
        return messages

    def messages(self) -> list[dict]:
        """What the page shows: each question exactly as typed, and its reply."""
        out = []
        for t in self.turns:
            if not t.note:
                out.append({"role": "user", "content": escape(t.question)})
            out.append({"role": "assistant", "content": t.shown})
        return out

    def plain(self) -> str:
        """The whole conversation as plain text, then every source it cites."""
        parts = [t.plain() for t in self.turns if t.done and not t.note]
        return "\n\n".join(parts)

    def last_answer(self) -> str:
        done = [t for t in self.turns if t.done and not t.note]
        return done[-1].plain() if done else ""

    def stop(self) -> None:
        """Mark every unanswered turn stopped; the loop answering them ends at its next step."""
        for t in self.turns:
            if not t.done:
                t.shown, t.done = STOPPED, True


def answer_turn(bot: Bot, conversation: Conversation, turn: Turn, model: str = "") -> Iterator[None]:
    """Answer `turn` as the page does, updating `turn.shown` at each step (searching, the
    escaped draft as it streams, checking, the verified answer with its sources) and yielding
    after each change. `turn.answer` holds the Answer at the end (None on an error).

    A turn marked done meanwhile (Stop, New chat) ends it at the next piece of the draft and
    frees the model."""
    turn.shown = SEARCHING
    yield
    try:
        stream = bot.stream(turn.question, history=conversation.history(turn))
        draft = ""
        for piece in stream:
            if turn.done:  # stopped: shown as such (the stop's own update may arrive first)
                stream.close()
                yield
                return
            draft += piece
            turn.shown = escape(draft)
            yield
        if turn.done:
            yield
            return
        if stream.checking:  # the model drafted; the check still has to run
            turn.shown = escape(draft) + CHECKING
            yield
        answer = stream.answer
    except BotError as e:
        turn.shown = f"<b>Could not answer:</b> {escape(str(e))}"
    except Exception:  # never show a traceback in the page
        log.exception("answering failed")
        turn.shown = "<b>Something went wrong while answering;</b> the details are in the server log."
    else:
        if turn.done:
            yield
            return
        turn.answer = answer
        turn.shown = render_answer(answer, turn.anchor) + "\n\n" + render_sources(answer, turn.anchor, model)
    turn.done = True
    yield


def build_ui(bot: Bot):
    import gradio as gr

    model = getattr(bot.generator, "name", "")

    def status() -> str:
        bot.refresh()  # sources added or removed meanwhile (`python -m bot sources add ...`)
        if bot.ready:
            what = bot.corpus if len(bot.titles) == 1 else f"{len(bot.titles)} sources"
            unread = f" · not readable, left out: {escape(', '.join(sorted(bot.skipped)))}" if bot.skipped else ""
            done, total = bot.preparing
            prepared = (f" · preparing the sources for fast answers: {done} of {total} parts done "
                        "(questions about the rest take longer meanwhile)") if done < total else ""
            return f"Ready · answering from {escape(what)} · {len(bot.store)} passages{prepared}{unread}"
        return "Loading the model and reading the passages (first start only: up to a minute)…"

    def submit(message: str, conversation: Conversation):
        if not str(message or "").strip():  # an empty or blank question does nothing
            return gr.update(), gr.update()
        conversation.add(str(message))
        return "", conversation.messages()

    def drain(conversation: Conversation):
        """Answer the session's waiting questions in order; one run per session at a time
        (a question asked meanwhile waits in the list and is answered by the running loop)."""
        shown = False
        if not conversation.busy:
            conversation.busy = True
            try:
                while (turn := conversation.waiting()) is not None:
                    for _ in answer_turn(bot, conversation, turn, model):
                        yield conversation.messages(), conversation.last_answer(), conversation.plain()
                        shown = True
            finally:
                conversation.busy = False
        if not shown:  # Gradio wants one update; an unchanged one (nothing was waiting)
            yield gr.update(), gr.update(), gr.update()

    def stop(conversation: Conversation):
        conversation.stop()
        return conversation.messages()

    def new_chat(conversation: Conversation):
        conversation.stop()
        return Conversation(), [], "", ""

    def chat_api(message: str, history: list[dict] | None = None) -> str:
        """One question (and earlier turns as OpenAI-style messages): the plain answer with
        [n] markers and the sources it cites."""
        return plain_reply(bot.ask(message, history=history))

    with gr.Blocks(title="Ask the article") as demo:
        gr.Markdown("# Ask the article")
        gr.Markdown("Answers come only from the sources named on the line below; every sentence is "
                    "checked against the passage it cites. Click a [n] to see its passage.",
                    elem_classes="intro")
        line = gr.Markdown(status(), elem_classes="status")
        gr.Timer(1.0).tick(status, outputs=line, show_progress="hidden", api_visibility="private")
        conversation = gr.State(Conversation())
        chatbot = gr.Chatbot(
            elem_id="chat", label="Conversation", show_label=False, buttons=[],
            height="min(560px, calc(100dvh - 330px))", sanitize_html=True, render_markdown=True,
            placeholder="Ask a question about the article, or try one of the examples below.",
        )
        with gr.Row(equal_height=True):
            box = gr.Textbox(label="Your question", show_label=False, placeholder="Type a question…",
                             scale=6, min_width=150, autofocus=True, lines=1, max_lines=6, submit_btn=False)
            ask = gr.Button("Ask", variant="primary", scale=1, min_width=60)
            halt = gr.Button("Stop", scale=1, min_width=60)
        with gr.Row(elem_classes="examples-row"):
            tries = [gr.Button(e, size="sm", variant="secondary") for e in EXAMPLES]
        with gr.Row():
            copy_answer = gr.Button("Copy answer", size="sm")
            copy_all = gr.Button("Copy conversation", size="sm")
            fresh = gr.Button("New chat", size="sm")
        copied = gr.Markdown("", elem_classes="status")
        # The plain text that Copy writes, kept up to date as answers arrive.
        last_plain = gr.Textbox(visible=False)
        all_plain = gr.Textbox(visible=False)

        def announce(message: str, conversation: Conversation):
            if message.startswith(("Added", "Removed")):  # the chat says what changed
                conversation.note(message)
            return conversation.messages()

        build_sources_panel(bot, gr, lambda event, said: event.then(
            announce, [said, conversation], chatbot, queue=False, api_visibility="private"))

        outputs = [chatbot, last_plain, all_plain]
        # "multiple": a question asked while another is pending is taken, not ignored.
        asked = gr.on([box.submit, ask.click], submit, [box, conversation], [box, chatbot],
                      queue=False, api_visibility="private", trigger_mode="multiple")
        # As many answers at once across sessions as the model decodes together; others wait.
        together = max(1, bot.settings.parallel)
        once = {"concurrency_id": "answer", "concurrency_limit": together, "show_progress": "hidden",
                "api_visibility": "private"}
        asked.then(drain, conversation, outputs, **once)
        for example in tries:  # an example button asks its question (a button's value is its label)
            example.click(lambda text, c: submit(text, c)[1], [example, conversation], chatbot, queue=False,
                          api_visibility="private", trigger_mode="multiple").then(drain, conversation, outputs, **once)
        # Not Gradio's `cancels`: a cancelled loop could keep the model's lock; this one notices
        # the stop at its next step, closes the draft and returns.
        halt.click(stop, conversation, chatbot, queue=False, api_visibility="private")
        for clear in (fresh.click, chatbot.clear):  # the button, and the chat's own bin icon
            clear(new_chat, conversation, [conversation, chatbot, last_plain, all_plain],
                  queue=False, api_visibility="private")
        for button, source, what in ((copy_answer, last_plain, "the last answer"),
                                     (copy_all, all_plain, "the conversation")):
            button.click(None, source, copied, api_visibility="private", js=(
                "async (text) => { if (!text) return 'Nothing to copy yet.';"
                " await navigator.clipboard.writeText(text);"
                f" return 'Copied {what} as plain text.'; }}"))
        gr.api(chat_api, api_name="chat", concurrency_id="answer", concurrency_limit=together)
    return demo
