"""Plain text with page breaks (form feeds), as pdftotext writes it with or without -layout:
read like a PDF (pdf.py), by the shared rules of paging.py, with what the text still
shows of the layout in place of coordinates.

* Lines: the non-blank lines of each page; a line's row (blank lines counted) stands for
  its height, its leading spaces for its indent (only -layout keeps them), and runs of
  three or more spaces split it into chunks (the left, centre and right parts of a header).
* Furniture: the chunks of the first and last three lines of a page, by paging.edge_kind,
  where a running header must stand at an edge of at least half of the other pages,
  wherever on the page (pdftotext without -layout may print a header after the body).
  A bare number is a page number only when the page numbers repeat that way. A document
  symbol and a date printed with a page number (on its line, the next ones or at the
  other edge of the page, once each) are a running header too: a journal of two pages
  prints its running header once. The first page keeps the repeated chunks of its top
  half: they are the document's own header, which the later pages' running headers repeat.
* Footnotes: from the first line at the foot of a page that follows a blank line (or is a
  lone number) and starts with a number whose mark stands higher on the page, to the end
  of the page. A mark is the number glued to the end of a word: after a letter or a
  closing bracket or quote (``LATER1``), or after a digit or a dot when the word without
  it occurs elsewhere in the document and the word with it does not (``No. 11071`` when
  ``1107`` occurs).
* Paragraphs: a line continues the previous one unless it starts a list item (or, at the
  top of a page, a field such as ``Agenda item 2:``); a blank line stands between them;
  both are right-aligned or it is centred after a line that is not (-layout); or its
  first word (up to its first hyphen) would have fitted at the end of the previous line.
  Widths are estimated with the metrics of Times, so only their proportions matter. A
  line ending in a hyphen continues when it is nearly full. Where no vertical space is
  known (without -layout, or across a page break) a sentence ending at the margin ends
  its paragraph when the next line starts one. Without -layout the indent of a list
  item's later lines is lost, so a line that looks up to a hanging indent short is still
  continued, unless it ends with a comma or a bracket before a capital, or is a heading
  in capitals before a line in lower case.
* Line ends that pdftotext itself dehyphenated (without -layout it drops the hyphen and
  merges the two lines, so that the line is wider than a full one): a word that stands
  where a merged line ended (within a hanging indent of a multiple of the full width) and
  occurs in no other line gets its hyphen back where the document writes it hyphenated
  elsewhere (``co-operation``), else after a common prefix (``non-inclusive``).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from .model import ExtractedFootnote, ExtractedText, Furniture
from .paging import (
    HYPHENS,
    LIST_ITEM,
    NUMBER,
    PREFIXES,
    TOKEN,
    compose,
    edge_kind,
    group_footnotes,
    join_lines,
    mask,
    vocabulary,
)

GAP = re.compile(r"\s{3,}")
FOOTNOTE_START = re.compile(r"^(\d{1,3})(?:\s|$)")
WORD = re.compile(r"\S+")
CLOSING = ")]”’\"'"
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# What a running header prints beside the page number: the document's symbol, its date.
RUNNING_HEADER = re.compile(
    r"^(?:(?P<symbol>[A-Z]{2,6}(?:\(\d+\))?\.[A-Z]{2,6}(?:/[\w.]+)*)|"
    rf"(?P<date>\d{{1,2}} {MONTH} \d{{4}}))$"
)
# A field's label opens a paragraph: 'Agenda item 2:', 'Decision:', 'Point of order:'.
LABEL = re.compile(r"^[A-Z][a-z]*(?: [a-z]+)?(?: \d+)?:\s")
CAPITALS = re.compile(
    r"^(?=[^a-z]*$)[^a-z]*?[A-Z]{3}"
)  # no lower-case letter, three capitals in a row
LOWER = re.compile(r"[a-z]")
# The end of a sentence at a line end: a word of two letters or more, or a closing bracket
# or quote, then . ; : ! or ?; not an initial ('I.'), a number ('3.'), a time ('p.m.') or a title.
SENTENCE_END = re.compile(
    r"(?:(?<![\w.])(?!(?:No|Nos|Mr|Ms|Mrs|Dr|Art|Corr|Rev|Add)\W)[A-Za-z][a-z]+|[)\]”’\"'])[.;:!?][)\]”’\"']?$"
)
NEW_SENTENCE = re.compile(r"^[(“‘\"']?[A-Z]")
FIT_TOLERANCE = 1.0  # ems: widths are estimated, and justification stretches the spaces
HANGING_INDENT = 7.0  # ems: the deepest indent of a list item's later lines


@dataclass
class TextLine:
    page: int
    row: int  # line of its page, blank lines counted
    indent: int  # leading spaces
    chunks: list[str]
    marks: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.chunks)

    @property
    def end(self) -> int:
        """Column after the last character."""
        return self.indent + len(self.text)


def extract_paged(pages: list[list[str]]) -> ExtractedText:
    """The ExtractedText of a text given as its pages (those between form feeds), each as its
    lines."""
    pages = _pages(pages)
    tokens = Counter(
        t.rstrip(".,;:")
        for ln in (ln for page in pages for ln in page)
        for t in WORD.findall(ln.text)
    )
    seen = _edge_chunks(pages)
    furniture: list[tuple[Furniture, bool]] = []
    footnotes: list[ExtractedFootnote] = []
    body: list[TextLine] = []
    for lines in pages:
        start = _footnote_start(lines, tokens)
        kept = _remove_furniture(lines, start, seen, len(pages), furniture)
        below = lines[start].row if start is not None else None  # the footnotes' first row
        footnotes += group_footnotes(
            [(ln.page, ln.text.split()) for ln in kept if below is not None and ln.row >= below]
        )
        body += [ln for ln in kept if below is None or ln.row < below]
    return compose("text", _paragraphs(body), footnotes, furniture)


def _pages(pages: list[list[str]]) -> list[list[TextLine]]:
    if pages and not any(ln.strip() for ln in pages[-1]):
        pages = pages[:-1]  # pdftotext ends every page, the last one too, with a form feed
    out = []
    for number, page in enumerate(pages, start=1):
        lines = []
        for row, raw in enumerate(page):
            stripped = raw.strip()
            if stripped:
                lines.append(
                    TextLine(number, row, len(raw) - len(raw.lstrip()), GAP.split(stripped))
                )
        out.append(lines)
    return out


def _edges(lines: list[TextLine]) -> list[int]:
    return sorted(set(range(min(3, len(lines)))) | set(range(max(0, len(lines) - 3), len(lines))))


def _edge_chunks(pages: list[list[TextLine]]) -> dict[str, tuple[set[int], Counter]]:
    """Masked text of every chunk at a page's edge -> (pages it stands on, how often at the top and
    the bottom)."""
    seen: dict[str, tuple[set[int], Counter]] = defaultdict(lambda: (set(), Counter()))
    for lines in pages:
        for i in _edges(lines):
            for chunk in lines[i].chunks:
                on, sides = seen[mask(chunk)]
                on.add(lines[i].page)
                sides["top" if i < len(lines) / 2 else "bottom"] += 1
    return seen


def _remove_furniture(
    lines: list[TextLine], footnote: int | None, seen, pages: int, furniture: list
) -> list[TextLine]:
    """The lines of one page without their furniture, which is appended to furniture."""
    edges = set(_edges(lines)) - {footnote}
    kinds: dict[tuple[int, int], str] = {}
    for i in edges:
        ln = lines[i]
        for k, chunk in enumerate(ln.chunks):
            on, sides = seen[mask(chunk)]
            others = len(on - {ln.page})
            repeated = pages > 1 and others >= max(1, (pages - 1) / 2)
            kind = edge_kind(
                chunk,
                i,
                len(lines),
                others,
                pages,
                top=sides["top"] >= sides["bottom"],
                code=len(ln.chunks) == 1,
            )
            if (NUMBER.match(chunk) and not repeated) or (
                ln.page == 1 and i < len(lines) / 2 and repeated and kind != "page_number"
            ):
                kind = None
            if kind:
                kinds[(i, k)] = kind
    for p in sorted({i for (i, _), kind in kinds.items() if kind == "page_number"}):
        _running_header(lines, p, edges, kinds)
    kept = []
    for i, ln in enumerate(lines):
        rest = []
        for k, chunk in enumerate(ln.chunks):
            if (
                (i, k) in kinds
            ):  # a running header stands beside the first line, wherever pdftotext printed it
                kind = kinds[(i, k)]
                top = (
                    kind == "page_header"
                    if kind in ("page_header", "page_footer")
                    else i < len(lines) / 2
                )
                furniture.append((Furniture(page=ln.page, kind=kind, text=chunk), top))
            else:
                rest.append(chunk)
        if rest:
            ln.chunks = rest
            kept.append(ln)
    return kept


def _running_header(
    lines: list[TextLine], at: int, edges: set[int], kinds: dict[tuple[int, int], str]
) -> None:
    """The document's symbol and date printed with the page number of line at (on its line,
    the lines next to it or the lines at the other edge of the page, once each) are its
    running header, even on a page of its own."""
    kind = "page_header" if at < len(lines) / 2 else "page_footer"
    found: set[str] = {
        m.lastgroup for (i, k) in kinds if (m := RUNNING_HEADER.match(lines[i].chunks[k]))
    }
    far = (
        (len(lines) - 1, -1) if at < len(lines) / 2 else (0, 1)
    )  # without -layout pdftotext may print them at the other edge
    for i, step in ((at, 1), (at, -1), far):
        while i in edges:
            rest = [
                (k, RUNNING_HEADER.match(c))
                for k, c in enumerate(lines[i].chunks)
                if (i, k) not in kinds
            ]
            parts = [m.lastgroup for _, m in rest if m]
            if len(parts) < len(rest) or len(set(parts)) < len(parts) or found & set(parts):
                break
            found |= set(parts)
            kinds.update(((i, k), kind) for k, _ in rest)
            i += step


def _footnote_start(lines: list[TextLine], tokens: Counter) -> int | None:
    """Index of the line starting the footnotes at the foot of the page; their marks are taken from
    the lines above."""
    for i in range(len(lines) // 2, len(lines)):
        m = FOOTNOTE_START.match(lines[i].text)
        if not m or (lines[i].row - lines[i - 1].row < 2 and not NUMBER.match(lines[i].text)):
            continue
        numbers = [mm.group(1) for ln in lines[i:] if (mm := FOOTNOTE_START.match(ln.text))]
        marked = [(n, _find_mark(lines[:i], n, tokens)) for n in numbers]
        if marked[0][1] is None:
            continue
        for number, found in marked:
            if found:
                ln, k, chunk = found
                ln.chunks[k] = chunk
                ln.marks.append(number)
        return i
    return None


def _find_mark(
    lines: list[TextLine], number: str, tokens: Counter
) -> tuple[TextLine, int, str] | None:
    """(line, chunk index, chunk without the mark) of the first word carrying footnote mark
    number."""
    glued = re.compile(rf"(?<=\S)({re.escape(number)})(?=[.,;:]?(?:\s|$))")
    fallback = None
    for ln in lines:
        for k, chunk in enumerate(ln.chunks):
            for m in glued.finditer(chunk):
                word = WORD.findall(chunk[: m.start()])[-1]
                before = word[-1]
                stripped = chunk[: m.start()] + chunk[m.end() :]
                if before.isalpha() or before in CLOSING:
                    return ln, k, stripped
                whole = (word + number).rstrip(".,;:")
                if (
                    fallback is None
                    and (before.isdigit() or before == ".")
                    and tokens[word.rstrip(".,;:")]
                    and tokens[whole] <= 1
                ):
                    fallback = (ln, k, stripped)
    return fallback


@lru_cache(maxsize=1)
def _metrics() -> dict[str, int]:
    from pdfminer.fontmetrics import FONT_METRICS

    return FONT_METRICS["Times-Roman"][1]


def width(text: str) -> float:
    """Width of text set in Times, in ems."""
    widths = _metrics()
    return sum(widths.get(c, 500) for c in text) / 1000


@dataclass
class _Page:
    """What the paragraph rules need to know of the text's layout."""

    left: int  # the usual indent (columns)
    right: int  # where full lines end (columns)
    indents: set[int]  # indents that many different lines share
    em_per_column: float
    full: float  # estimated width of a full line (ems), indent included
    indented: bool  # the text keeps the layout's indents (pdftotext -layout) and vertical space


def _layout(body: list[TextLine]) -> _Page:
    left = Counter(ln.indent for ln in body).most_common(1)[0][0]
    ends = [ln.end for ln in body]
    right = statistics.quantiles(ends, n=20)[-1] if len(ends) > 1 else ends[0]
    texts_at: dict[int, set[str]] = defaultdict(set)
    for ln in body:
        texts_at[ln.indent].add(ln.text)
    chars = sum(len(ln.text) for ln in body)
    em_per_column = sum(width(ln.text) for ln in body) / chars if chars else 0.5
    x1 = [ln.indent * em_per_column + width(ln.text) for ln in body]
    full = statistics.quantiles(x1, n=20)[-1] if len(x1) > 1 else x1[0]
    return _Page(
        left,
        int(right),
        {x for x, t in texts_at.items() if len(t) >= 3},
        em_per_column,
        full,
        any(ln.indent for ln in body),
    )


def _paragraphs(body: list[TextLine]) -> list[tuple[list[TextLine], str]]:
    """(lines, text) of every paragraph, in reading order."""
    if not body:
        return []
    layout = _layout(body)
    if not layout.indented:  # only without -layout does pdftotext dehyphenate
        _rehyphenate(body, layout)
    vocab = vocabulary([ln.text for ln in body])
    paras: list[list[TextLine]] = [[body[0]]]
    for a, b in zip(body, body[1:], strict=False):
        if _continues(a, b, layout):
            paras[-1].append(b)
        else:
            paras.append([b])
    return [(lines, join_lines([ln.text for ln in lines], vocab)) for lines in paras]


def _x1(ln: TextLine, layout: _Page) -> float:
    return ln.indent * layout.em_per_column + width(ln.text)


def _continues(a: TextLine, b: TextLine, layout: _Page) -> bool:
    """Whether line b is a wrapped continuation of line a (see module docstring)."""
    if LIST_ITEM.match(b.text) or (a.page != b.page and LABEL.match(b.text)):
        return False
    if a.page == b.page and b.row - a.row > 1:
        return False
    span = layout.right - layout.left
    if span > 0 and min(a.indent, b.indent) > layout.left + 0.3 * span and abs(a.end - b.end) <= 1:
        return False  # right-aligned lines, e.g. a symbol block
    if _centred(b, layout) and not _centred(a, layout):
        return False  # a centred heading after ordinary text
    room = layout.full - _x1(a, layout)
    if a.text[-1] in HYPHENS and a.text[-2:-1].isalpha():
        return room < 0.25 * layout.full
    if (
        (not layout.indented or a.page != b.page)
        and SENTENCE_END.search(a.text)
        and NEW_SENTENCE.match(b.text)
    ):
        # no vertical space is known there: nothing else tells a paragraph ending at the margin
        return False
    unit = re.match(r"^[^-\u2010]*[-\u2010]?", b.chunks[0].split()[0]).group(0)
    slack = width(" " + unit) - room
    if slack > -FIT_TOLERANCE:
        return True
    # Without -layout the indent of a list item's later lines is lost: they look short. A
    # heading in capitals is no list item: it ends where the capitals do.
    if (
        layout.indented
        or slack <= -HANGING_INDENT
        or (CAPITALS.match(a.text) and LOWER.search(b.text))
    ):
        return False
    return b.text[:1].islower() or not a.text.endswith((",", ")"))


def _centred(ln: TextLine, layout: _Page) -> bool:
    return (
        ln.indent > layout.left + 2
        and ln.indent not in layout.indents
        and abs((ln.indent + ln.end) / 2 - (layout.left + layout.right) / 2) < 3
    )


def _rehyphenate(body: list[TextLine], layout: _Page) -> None:
    """Give back the hyphen of a compound broken at a line end that pdftotext merged (module
    docstring)."""
    compounds = vocabulary([ln.text for ln in body])[1]
    merged = [ln for ln in body if _x1(ln, layout) > layout.full + FIT_TOLERANCE]
    solid = Counter(t.lower() for ln in body if ln not in merged for t in TOKEN.findall(ln.text))
    joined = {c.replace("-", ""): c for c in compounds if c.count("-") == 1}
    for ln in merged:
        for k, chunk in enumerate(ln.chunks):
            start = ln.indent * layout.em_per_column + width(" ".join(ln.chunks[:k]))

            def back(m: re.Match, start: float = start, chunk: str = chunk) -> str:
                w, low = m.group(0), m.group(0).lower()
                x0 = start + width(chunk[: m.start()])
                x1 = x0 + width(w)
                if (
                    solid[low]
                    or not chunk[m.end() :].strip()
                    or not any(
                        x0 < k * layout.full + FIT_TOLERANCE
                        and x1 > k * (layout.full - HANGING_INDENT)
                        for k in range(1, int(x1 / layout.full) + 2)
                    )
                ):
                    # a word of the document, or not inside a merged line where its first part ended
                    return w
                cut = (
                    joined[low].index("-")
                    if low in joined
                    else next(
                        (
                            len(p)
                            for p in sorted(PREFIXES, key=len, reverse=True)
                            if low.startswith(p) and len(low) - len(p) > 3
                        ),
                        0,
                    )
                )
                return w[:cut] + "-" + w[cut:] if cut else w

            ln.chunks[k] = re.sub(r"[^\W\d_]+", back, chunk)
