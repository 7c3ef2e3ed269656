"""Real documents made by the tests: Markdown, HTML, a multi-page PDF, a Windows-1252 text.

Each states facts found in no other source, so a question about them can only be answered
(and cited) from that one source.
"""

from __future__ import annotations

import io
from pathlib import Path

MARKDOWN = """# Orion Lab Report

The Orion lab builds small language models for weather forecasting.
Its work is funded by a regional research council.

## Training cost

The Orion-7 model was trained on 512 accelerators over 19 days.
The electricity for that run cost about 88,000 euros.

## Staff

The Orion lab employs 42 researchers in Tromsø.
"""

HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>Harbor Bridge Facts</title>
<style>p { color: red }</style>
<script>document.title = "hacked"; var leak = "SCRIPT-TEXT-MUST-NOT-APPEAR";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/shop">NAVIGATION-MUST-NOT-APPEAR</a></nav>
<header><div class="logo">Bridges Weekly</div></header>
<div class="ad-slot">ADVERT-MUST-NOT-APPEAR: buy cheap watches</div>
<main>
<h1>Harbor Bridge</h1>
<h2>History</h2>
<p>The Harbor Bridge opened to traffic in <b>1932</b> after eight years of construction.</p>
<div class="share-bar">Share on social media</div>
<h2>Design</h2>
<p>The main span of the Harbor Bridge is 503 metres long, and its arch rises 134 metres above the water.</p>
</main>
<aside>Related: other bridges</aside>
<footer>Copyright 2026 Bridges Weekly</footer>
</body></html>
"""

PDF_PAGES = [
    ("Kestrel Coast Survey 2023. This report describes a bird survey along the northern coast. "
     "It was organised by a volunteer society and repeated the method of earlier surveys. "
     "Observers worked in pairs and recorded every nest they could confirm from the shore. "
     "Weather was mild for most of the season, with strong winds only in early June."),
    ("Results. The Kestrel survey counted 1,284 nesting pairs along the coast in 2023. "
     "Most nests were found on cliffs facing south, away from the prevailing wind. "
     "Colonies near the harbour were smaller than in the previous survey. "
     "The observers noted that disturbance by walkers was rare on the protected stretches."),
    ("Effort. Volunteers walked 860 kilometres of coastline during the survey season. "
     "Each stretch was visited at least twice, once in May and once in late June. "
     "The society thanks the landowners who allowed access to private shore. "
     "The next survey is planned to follow the same routes so that results compare directly."),
]

# An appendix long enough that the sources no longer fit the prompt's budget together:
# from then on the bot answers from its top passages (the classic path).
PDF_PAGES += [
    "Appendix, stretch log. " + " ".join(
        f"Stretch {i} was walked by team {'ABCDEF'[i % 6]} on survey day {i % 9 + 1}, "
        f"noting {(i * 37) % 90 + 10} gulls and {(i * 53) % 40 + 3} terns."
        for i in range(first, first + 24)
    )
    for first in (1, 25)
]

CP1252_TEXT = (
    "Café Lumière\n\n"
    "The Café Lumière in Zürich serves 74 kinds of crème brûlée.\n"
    "Its owner opened the café in a former bookbinder's workshop.\n"
)

WEB_PAGE = """<html><head><title>Vatna Research Station</title></head><body>
<nav>Menu: Home | Stations | Contact</nav>
<article><h1>Vatna Research Station</h1>
<h2>Location</h2>
<p>The Vatna research station stands at 1,120 metres above sea level on a basalt ridge.</p>
<h2>Staff</h2>
<p>Six scientists winter at the station each year.</p>
</article></body></html>
"""


def write_markdown(path: Path) -> Path:
    path.write_text(MARKDOWN, encoding="utf-8")
    return path


def write_html(path: Path) -> Path:
    path.write_text(HTML, encoding="utf-8")
    return path


def pdf_bytes(pages: list[str] = PDF_PAGES, *, password: str | None = None) -> bytes:
    """A real PDF with one page per text (made with fpdf2), optionally encrypted (pypdf)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Kestrel Coast Survey")
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    data = bytes(pdf.output())
    if password is None:
        return data
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write_pdf(path: Path, **kwargs) -> Path:
    path.write_bytes(pdf_bytes(**kwargs))
    return path


def write_cp1252(path: Path) -> Path:
    path.write_bytes(CP1252_TEXT.encode("cp1252"))
    return path
