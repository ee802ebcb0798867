"""Rules of paged text that do not depend on coordinates, shared by the PDF extractor
(pdf.py) and the reader of plain text with page breaks (paged.py, e.g. pdftotext output).

* What page furniture looks like at a page's edge: a page number (``- 2 -``, ``3``,
  ``Page 2 of 5``) in the first or last two lines; a text that stands at the edge of at
  least half of the other pages (digits masked: running headers); a lone internal code
  (``PCOEJ976``) on the last line.
* Footnotes at the foot of a page: a line starting with a number starts a footnote, a lone
  number starts one whose text follows, other lines continue the previous one.
* Hyphenation at a line end (``x-`` + ``y``): keep the hyphen when ``x-y`` occurs elsewhere
  in the document; else drop it when ``xy`` occurs elsewhere; else keep it when ``y`` is
  capitalised or numeric or ``x`` is an acronym, when ``x`` is a common prefix (co, anti,
  non, ...) or ``y`` a common compound tail (based, related, ...), or when both parts are
  words of the document; otherwise drop it (a soft hyphenation such as ``organi-zation``).
* Provenance: every paragraph gets the page it starts on and the page it ends on; a
  footnote the line (paragraph) that carried its mark on its page; furniture the first
  line running on its page (headers, top page numbers) or the last (footers, codes, bottom
  page numbers).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from .model import ExtractedFootnote, ExtractedText, ExtractIssue, Furniture

LIST_ITEM = re.compile(r"^(-\s+\d+(\.\d+)+\s|\d+(\.\d+)*\.\s|[-–•]\s)")
PAGE_NUMBER = re.compile(r"^(-\s*\d+\s*-|\d{1,4}|Page \d+( of \d+)?)$", re.I)
INTERNAL_CODE = re.compile(
    r"^(?:[A-Z]{3,}\d{2,}[A-Z]?|[A-Z]{2,5}\d{0,2}E[JWD]\d+)$"
)  # PCOEJ976, MC17EJ01
HYPHENS = "-\u2010\xad"
PREFIXES = {
    "co",
    "anti",
    "non",
    "multi",
    "self",
    "cross",
    "socio",
    "post",
    "pre",
    "ex",
    "semi",
    "counter",
}
COMPOUND_TAILS = {
    "based",
    "related",
    "led",
    "oriented",
    "building",
    "raising",
    "making",
    "level",
    "term",
    "wide",
    "scale",
    "free",
    "specific",
    "sensitive",
    "owned",
    "up",
}
TOKEN = re.compile(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)*")
NUMBER = re.compile(r"^\d+$")


class PagedLine(Protocol):
    """A layout line of a page: its page, its text and the footnote marks taken from it."""

    page: int
    marks: list[str]

    @property
    def text(self) -> str: ...


def mask(text: str) -> str:
    """A furniture text with its digits masked, so that running headers of all pages compare
    equal."""
    return re.sub(r"\d+", "#", text)


def edge_kind(
    text: str, index: int, count: int, others: int, pages: int, *, top: bool, code: bool
) -> str | None:
    """Kind of furniture of a chunk of text in line index (0-based) of a page's count lines,
    whose masked text stands at the edge of `others` other pages of the document's `pages`;
    code: the chunk may be an internal code (alone on its line, in the right type)."""
    if PAGE_NUMBER.match(text) and (index < 2 or index >= count - 2):
        return "page_number"
    if pages > 1 and others >= max(1, (pages - 1) / 2):
        return "page_header" if top else "page_footer"
    if code and index == count - 1 and INTERNAL_CODE.match(text):
        return "internal_code"
    return None


def group_footnotes(rows: Sequence[tuple[int, list[str]]]) -> list[ExtractedFootnote]:
    """Footnotes of the (page, words) rows at the foot of a page, the first starting with a
    number."""
    notes: list[list] = []
    for page, words in rows:
        if NUMBER.match(words[0]):
            notes.append([page, words[0], " ".join(words[1:])])
        elif notes:
            notes[-1][2] += " " + " ".join(words)
    return [ExtractedFootnote(page=p, number=num, text=" ".join(t.split())) for p, num, t in notes]


def vocabulary(texts: Sequence[str]) -> tuple[Counter, set[str]]:
    """Words and hyphenated compounds of the lines, not counting the pieces of line-end breaks."""
    words: Counter = Counter()
    compounds: set[str] = set()
    broke = False
    for text in texts:
        tokens = TOKEN.findall(text)
        if broke and tokens:
            tokens = tokens[1:]
        broke = text[-1:] in HYPHENS and text != ""
        if broke and tokens:
            tokens = tokens[:-1]
        for t in tokens:
            t = t.lower().replace("\u2010", "-")
            if "-" in t:
                compounds.add(t)
            for part in t.split("-"):
                words[part] += 1
    return words, compounds


def keep_hyphen(left: str, right: str, vocab: tuple[Counter, set[str]]) -> bool:
    """Whether a line-end break ``left-`` + ``right`` keeps its hyphen (rules in the module
    docstring)."""
    words, compounds = vocab
    l_tok, r_tok = left.lower(), right.lower()
    l_last, r_first = l_tok.split("-")[-1], r_tok.split("-")[0]
    if f"{l_tok}-{r_tok}" in compounds or f"{l_last}-{r_first}" in compounds:
        return True
    if words.get(l_last + r_first, 0) > 0:
        return False
    last_part = left.split("-")[-1]
    if right[:1].isupper() or right[:1].isdigit() or (last_part.isupper() and len(last_part) > 1):
        return True
    if l_last in PREFIXES or r_first in COMPOUND_TAILS:
        return True
    return (
        words.get(l_last, 0) > 0
        and words.get(r_first, 0) > 0
        and len(l_last) > 2
        and len(r_first) > 2
    )


HYPHENATED_RE = re.compile(r"([^\W\d_][\w-]*)[" + HYPHENS + r"]$")


def _hyphenated(text: str) -> re.Match | None:
    """HYPHENATED_RE searched in text from the start of its last run of word characters
    and hyphens (a match cannot start earlier), when text ends with a hyphen (else the
    match is not used): searching from every position was quadratic in a long word."""
    if not text or text[-1] not in HYPHENS:
        return None
    start = len(text) - 1
    while start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
        start -= 1
    return HYPHENATED_RE.search(text, start)


def join_lines(texts: Sequence[str], vocab: tuple[Counter, set[str]]) -> str:
    """The lines of one paragraph as one line, line-end hyphens resolved."""
    text = texts[0]
    for nxt in texts[1:]:
        m = _hyphenated(text)
        n = TOKEN.match(nxt)
        if m and n and text[-1] in HYPHENS:
            if text[-1] == "\xad" or not keep_hyphen(m.group(1), n.group(0), vocab):
                text = text[:-1] + nxt
            else:
                text = text[:-1] + "-" + nxt
        else:
            text = text + " " + nxt
    return " ".join(text.split())


def compose(
    fmt: str,
    paragraphs: Sequence[tuple[Sequence[PagedLine], str]],
    footnotes: Sequence[ExtractedFootnote],
    furniture: Sequence[tuple[Furniture, bool]],
) -> ExtractedText:
    """The ExtractedText of a paged document: its paragraphs (layout lines, text) in reading
    order, one output line each with blank lines between; its footnotes, attached to the
    line that carried their mark; its furniture, each with whether it stood in the top half
    of its page. Marks and footnotes that do not pair up on a page give a warning."""
    out_lines: list[str] = []
    out_pages: list[int | None] = []
    out_ends: list[int | None] = []
    line_of: dict[int, int] = {}  # id(layout line) -> 1-based output line of its paragraph
    for lines, text in paragraphs:
        if out_lines:
            out_lines.append("")
            out_pages.append(None)
            out_ends.append(None)
        out_lines.append(text)
        out_pages.append(lines[0].page)
        out_ends.append(lines[-1].page)
        line_of.update((id(ln), len(out_lines)) for ln in lines)
    body = [ln for lines, _ in paragraphs for ln in lines]
    issues: tuple[ExtractIssue, ...] = ()
    marks = Counter((ln.page, m) for ln in body for m in ln.marks)
    notes = Counter((f.page, f.number) for f in footnotes)
    if marks != notes:
        issues = (
            ExtractIssue(
                "warning",
                "footnote-mismatch",
                "Footnote marks and footnote texts do not pair up on every page; check the "
                "footnotes of this file by hand.",
            ),
        )
    mark_lines: dict[tuple[int, str], list[int]] = defaultdict(list)
    for ln in body:
        for m in ln.marks:
            mark_lines[(ln.page, m)].append(line_of[id(ln)])
    footnotes = [
        replace(f, line=mark_lines[(f.page, f.number)].pop(0))
        if mark_lines.get((f.page, f.number))
        else f
        for f in footnotes
    ]
    first_on: dict[int, int] = {}
    last_on: dict[int, int] = {}
    for ln in body:
        first_on.setdefault(ln.page, line_of[id(ln)])
        last_on[ln.page] = line_of[id(ln)]
    placed = []
    for f, top in furniture:
        line = (first_on if top else last_on).get(f.page)
        if line is None:  # a page without body text: the text running before it
            line = max((n for page, n in last_on.items() if page < f.page), default=None)
        placed.append(replace(f, line=line))
    return ExtractedText(
        format=fmt,
        lines=tuple(out_lines),
        pages=tuple(out_pages),
        page_ends=tuple(out_ends),
        footnotes=tuple(footnotes),
        furniture=tuple(placed),
        issues=issues,
    )
