"""Make extracted text read as prose: tables as rows with their headers, furniture out.

A README's badges, link lists and HTML wrappers, and a PDF's running headers, formula lines
and reference list, would otherwise become passages of their own that crowd real prose out
of the top results and the prompt. Tables carry facts (a model card gives its parameter counts
only in a table), so each row is kept as one line that names its columns.

`is_junk(passage)` is the measure used to check all this (bench/bench_sources.py): a passage
with too few words of prose in it.
"""

from __future__ import annotations

import re

# -- Markdown ------------------------------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_ANCHOR = re.compile(r"<a\b[^>]*>(.*?)</a\s*>", re.S | re.I)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>", re.S)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
_RULE_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# Emphasis and code marks around words: "*15* weeks", "**not**", "`implementable`".
_EMPHASIS = re.compile(r"(?<![\w*`])(\*\*|\*|__|`)(?=\S)([^*`\n]+?)(?<=\S)\1(?![\w*`])")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+\s*$")  # "[kubernetes.io]: https://kubernetes.io/"
_TASK_BOX = re.compile(r"^(\s*[-*+]\s+)\[[ xX]\]\s+")  # "- [ ] (R) Design details ...": a to-do list's box
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [" ".join(_EMPHASIS.sub(r"\2", c).split()) for c in re.split(r"(?<!\\)\|", line)]


def table_rows(header: list[str], rows: list[list[str]]) -> list[str]:
    """Each row as one line naming its columns: "Model: DeepSeek-V3; Context Length: 128K."

    A first column left empty under a value above it (a category spanning rows) takes that
    value; empty cells are left out.
    """
    out, carried = [], ""
    for row in rows:
        row = row + [""] * (len(header) - len(row))
        if row[0]:
            carried = row[0]
        elif carried and not header[0]:
            row = [carried, *row[1:]]
        parts = []
        for k, (name, value) in enumerate(zip(header, row)):
            value = value.strip()
            if not value or value in ("-", "–") or (not name and k and value == row[k - 1].strip()):
                continue  # empty, or a cell spanning two unnamed columns
            parts.append(f"{name}: {value}" if name else value)
        if parts:
            line = "; ".join(parts)
            out.append(line if line.endswith((".", "!", "?")) else line + ".")
    return out


# The dashes under a plain-text table's header, one run per column (pandoc's "simple table",
# the layout of text converted from wikis and word processors): "  -------- ------ -----".
_DASH_ROW = re.compile(r"^\s*-{3,}(?:[ \t]+-{3,})+\s*$")


def _columns(line: str, starts: list[int]) -> list[str]:
    """A plain-text table line cut where the columns start."""
    ends = [*starts[1:], None]
    return [" ".join(line[a:b].split()) for a, b in zip(starts, ends)]


def _plain_table(lines: list[str], i: int) -> tuple[list[str], int] | None:
    """The rows of a plain-text table whose header is line `i` (a header over runs of dashes,
    a row a line, to the first blank line), and the index after it; None if there is none."""
    if not (lines[i].strip() and i + 1 < len(lines) and _DASH_ROW.match(lines[i + 1]) and "|" not in lines[i]):
        return None
    starts = [m.start() for m in re.finditer(r"-+", lines[i + 1])]
    header = _columns(lines[i], starts)
    j, rows = i + 2, []
    while j < len(lines) and lines[j].strip() and not _DASH_ROW.match(lines[j]):
        rows.append(_columns(lines[j], starts))
        j += 1
    return table_rows(header, rows), j


def tidy_text(text: str) -> str:
    """Plain text as it is, but for its tables, as rows (see table_rows)."""
    return "\n".join(_tables(text.split("\n")))


def _tables(lines: list[str]) -> list[str]:
    """Markdown pipe tables and plain-text tables replaced by their rows (see table_rows);
    other lines unchanged."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if found := _plain_table(lines, i):
            out.extend(found[0])
            i = found[1]
            continue
        if "|" in lines[i] and i + 1 < len(lines) and _RULE_ROW.match(lines[i + 1]) and "-" in lines[i + 1]:
            header = _cells(lines[i])
            j, rows = i + 2, []
            while j < len(lines) and "|" in lines[j] and lines[j].strip():
                rows.append(_cells(lines[j]))
                j += 1
            out.extend(table_rows(header, rows))
            i = j
            continue
        out.append(lines[i])
        i += 1
    return out


def _has_words(text: str) -> bool:
    return bool(re.search(r"[^\W\d_]{2,}", text))


def _unwrap_html(text: str) -> str:
    """HTML inside Markdown: comments and images out, a link kept as its text, tags dropped.

    A link whose content is an image (a badge) goes with its image.
    """
    text = _COMMENT.sub("", text)
    text = _AUTOLINK.sub(r"\1", text)
    # An HTML link becomes a Markdown one, so that a line of links only is known as such.
    text = _ANCHOR.sub(lambda m: "" if re.search(r"<img\b", m.group(1), re.I) else f"[{m.group(1)}](#)", text)
    return _TAG.sub("", text)


def tidy_markdown(text: str) -> str:
    """Markdown as prose: tables as rows, badges, link-only lines and HTML wrappers out.

    Fenced code blocks are kept as they are (a command is something a reader may ask for);
    headings stay, so passages keep their sections.
    """
    out: list[str] = []
    prose: list[str] = []

    def flush() -> None:
        if not prose:
            return
        lines = _tables(_unwrap_html("\n".join(prose)).split("\n"))

        def links_only(k: int) -> bool:
            bare = _IMAGE.sub("", lines[k])
            return "[" in bare and not _has_words(_LIST_MARK.sub("", _LINK.sub("", bare))) and bool(_LINK.search(bare))

        for k, line in enumerate(lines):
            bare = _IMAGE.sub("", line)
            # A line of links only is a table of contents or a list of badges, unless it is one
            # link inside a hard-wrapped sentence ("such as Helm have already begun / [planning](...) /
            # for this change").
            inside = (0 < k < len(lines) - 1 and len(_LINK.findall(bare)) == 1 and not _LIST_MARK.match(bare)
                      and _has_words(lines[k - 1]) and not links_only(k - 1)
                      and not lines[k - 1].lstrip().startswith("#") and lines[k + 1].strip())
            if links_only(k) and not inside or _LINK_DEFINITION.match(line):
                continue
            line = _TASK_BOX.sub(r"\1", _EMPHASIS.sub(r"\2", _LINK.sub(r"\1", bare)))
            if line.strip() and not _has_words(line) and not re.search(r"\d", line):
                continue  # what is left of a wrapper: "👁️", "|", "---" under no heading
            out.append(line.rstrip())
        prose.clear()

    fenced = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            if not fenced:
                flush()
            fenced = not fenced
            out.append(line)
            continue
        (out if fenced else prose).append(line)
    flush()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


# -- PDF -------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d{1,4}\s*(?:of\s*\d{1,4})?\s*$", re.I)
_REFERENCES = re.compile(r"^\s*(?:\d+\.?\s*)?(references|bibliography|works cited)\s*$", re.I)
_AFTER_REFERENCES = re.compile(r"^\s*(?:[A-Z]\.?\s+|\d+\.?\s*)?(appendix|appendices|supplementary)\b", re.I)


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def running_lines(pages: list[list[str]]) -> set[str]:
    """Shapes of lines repeated at the top or bottom of many pages: headers, footers."""
    if len(pages) < 3:
        return set()
    seen: dict[str, int] = {}
    for lines in pages:
        edge = {_shape(x) for x in lines[:2] + lines[-2:] if x.strip()}
        for shape in edge:
            seen[shape] = seen.get(shape, 0) + 1
    return {s for s, n in seen.items() if n >= max(3, len(pages) // 3)}


_WORD = re.compile(r"[^\W\d_]{2,}")  # two letters of any script...
_MATH = re.compile("[\U0001D400-\U0001D7FF]")  # ...but not a formula's italic letters (𝑟𝑖)
_NUMBER = re.compile(r"^[(\[]?[-+−]?\d[\d.,]*[%BMKk]?[)\]]?[.,;]?$")
_LEADERS = re.compile(r"(?:\.\s?){4,}")


def _is_word(token: str) -> bool:
    return bool(_WORD.search(_MATH.sub("", token)))


def _words(text: str) -> int:
    return sum(1 for t in text.split() if _is_word(t))


def is_text_line(line: str) -> bool:
    """A line of a page worth reading: prose, a heading, or a table row (a label and numbers).

    Not: a formula (symbols and single letters), a figure's axis or data labels (numbers
    alone), a table-of-contents line with dot leaders.
    """
    tokens = line.split()
    if not tokens or _LEADERS.search(line):
        return False
    words = _words(line)
    if words >= 0.5 * len(tokens):
        return True
    numbers = sum(1 for t in tokens if _NUMBER.match(t))
    return words >= 1 and numbers >= 2 and words + numbers >= 0.7 * len(tokens)


def tidy_pdf_pages(pages: list[str]) -> list[str]:
    """Page texts without running headers and footers, page numbers, formulas, figure data,
    dot-leader contents lines and the reference list.

    The reference list runs from a "References" heading to an appendix or the end.
    """
    split = [text.splitlines() for text in pages]
    running = running_lines(split)
    out, in_references = [], False
    for lines in split:
        kept = []
        for line in lines:
            if _REFERENCES.match(line):
                in_references = True
                continue
            if in_references and _AFTER_REFERENCES.match(line):
                in_references = False
            if in_references or _PAGE_NUMBER.match(line) or _shape(line) in running or not is_text_line(line):
                continue
            kept.append(line)
        out.append("\n".join(kept))
    return out


_MARKUP = re.compile(r"://|\]\(|[<>=]|^#")
_INITIAL = re.compile(r"^[A-Z]\.,?$")


def is_junk(passage: str) -> bool:
    """A passage no question could be answered from: fewer than 5 words, fewer than half of its
    tokens words (links, badges, markup, formulas, figure data), or a list of authors' initials
    (a reference list)."""
    tokens = passage.split()
    words = [t for t in tokens if _is_word(t) and not _MARKUP.search(t)]
    initials = sum(1 for t in tokens if _INITIAL.match(t))
    return len(words) < 5 or len(words) < 0.5 * len(tokens) or initials >= 0.15 * len(tokens)
