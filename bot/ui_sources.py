"""The chat page's sources panel: the list, adding a file (picked or dropped) or an address,
removing one. Every change goes through `Library`, the same code as `python -m bot sources`,
so the refusals are the same one-line messages and a refused source changes nothing."""

# No `from __future__ import annotations`: Gradio reads the event-data type hints at run time.
import html
import logging
from pathlib import Path

from .errors import BotError
from .library import Library, SourceInfo
from .rag import Bot

log = logging.getLogger(__name__)

FILE_TYPES = [".txt", ".md", ".markdown", ".html", ".htm", ".pdf"]
KINDS = {"text": "text", "markdown": "Markdown", "html": "web page", "pdf": "PDF"}


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


def sources_table(infos: list[SourceInfo]) -> str:
    """The sources as an HTML table: title, type, passages, origin (a link when it is an
    address) and the date added; a source left out says why."""
    rows = []
    for s in infos:
        origin = s.origin
        if origin.startswith(("http://", "https://")):
            origin_html = f'<a href="{_e(origin)}" rel="noopener noreferrer">{_e(origin)}</a>'
        else:
            origin_html = _e(origin)
        note = f"<br><small>{_e('; '.join(s.notes))}</small>" if s.notes else ""
        rows.append(f"<tr><td>{_e(s.title)}{note}</td><td>{_e(KINDS.get(s.kind, s.kind))}</td>"
                    f"<td>{s.passages}</td><td>{origin_html}</td><td>{_e(s.added[:10])}</td></tr>")
    return ('<table class="sources"><caption>Sources the answers come from</caption><thead><tr>'
            '<th scope="col">Title</th><th scope="col">Type</th><th scope="col">Passages</th>'
            '<th scope="col">Origin</th><th scope="col">Added</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


class SourcesPanel:
    """What the panel's buttons do, on one bot's index."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    def library(self) -> Library:
        return Library(self.bot.settings, embedder=self.bot.retriever.embedder)

    def listing(self) -> tuple[str, list[tuple[str, str]]]:
        """The table, and the (title, id) choices for removal."""
        infos = self.library().list()
        return sources_table(infos), [(f"{s.title} ({s.id})", s.id) for s in infos]

    def add(self, target: str, *, origin: str | None = None) -> str:
        """Add a file path or an address; the message for the page (added, or why not)."""
        try:
            info = self.library().add(target, origin=origin)
        except BotError as e:
            return f"Not added: {e}"
        except Exception:  # never a traceback in the page
            log.exception("adding a source failed")
            return "Not added: something went wrong while reading it; the details are in the server log."
        self.bot.refresh()
        notes = f" ({'; '.join(info.notes)})" if info.notes else ""
        return f"Added “{info.title}”: {info.passages} passages{notes}. Questions use it from now on."

    def remove(self, source_id: str) -> str:
        if not source_id:
            return "Choose a source to remove first."
        try:
            info = self.library().remove(source_id)
        except BotError as e:
            return f"Not removed: {e}"
        self.bot.refresh()
        return f"Removed “{info.title}”; answers no longer use it."


def build_sources_panel(bot: Bot, gr, on_change):
    """The panel, inside the current Blocks. `on_change(message)` is chained after each change
    and returns the chat's updates (the chat says what changed)."""
    panel = SourcesPanel(bot)
    table_html, choices = panel.listing()
    with gr.Accordion("Sources", open=False, elem_id="sources"):
        table = gr.HTML(table_html)
        with gr.Row():
            upload = gr.File(label="Add a file: drop it here or click to choose (.txt, .md, .html, .pdf)",
                             file_types=FILE_TYPES, file_count="single", type="filepath", scale=3)
            with gr.Column(scale=2):
                address = gr.Textbox(label="Or add a web page or PDF by its address", placeholder="https://…",
                                     lines=1, max_lines=1)
                add_address = gr.Button("Add address", size="sm")
        with gr.Row():
            pick = gr.Dropdown(choices=choices, value=None, label="Remove a source", scale=3)
            remove = gr.Button("Remove", size="sm", scale=1, variant="stop")
        said = gr.Markdown("", elem_classes="status")

    def refreshed(message: str):
        html_, choices_ = panel.listing()
        return message, html_, gr.update(choices=choices_, value=None)

    def add_file(path):
        if not path:
            return
        name = Path(path).name
        yield f"Reading and indexing {name}…", gr.update(), gr.update()
        try:
            message = panel.add(path, origin=f"uploaded file {name}")
        finally:  # the upload's temporary copy; the source's own copy is under index/sources
            Path(path).unlink(missing_ok=True)
        yield refreshed(message)

    def add_url(url: str):
        url = str(url or "").strip()
        if not url:
            yield "Type an address first (https://…).", gr.update(), gr.update()
            return
        yield f"Fetching {url}…", gr.update(), gr.update()
        yield refreshed(panel.add(url))

    def drop(source_id: str):
        yield "Removing…", gr.update(), gr.update()
        yield refreshed(panel.remove(source_id))

    # One change at a time across sessions; the answers keep their own queue meanwhile.
    once = {"concurrency_id": "sources", "concurrency_limit": 1, "api_visibility": "private"}
    outputs = [said, table, pick]
    uploaded = upload.upload(add_file, upload, outputs, **once)
    uploaded.then(lambda: None, None, upload, queue=False, api_visibility="private")  # ready for another
    for event in (uploaded, add_address.click(add_url, address, outputs, **once),
                  remove.click(drop, pick, outputs, **once)):
        on_change(event, said)
    return said
