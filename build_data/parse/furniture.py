"""Page furniture: whole lines that are not part of the running text (running page
headers, page numbers, internal codes in page footers, a hosting site's fixed lines).

Running headers and internal codes come from the PDF layout; hosting sites add their
own chrome. Footnotes are in footnotes.py; a site's lines that only the journal's
grammar tells apart are in site.py.
"""

from __future__ import annotations

import re

from .records import FurnitureItem, Line, Span
from .symbol_grammar import SYMBOL
from .vocabulary import ATTACHMENT, DATE, INTERNAL_CODE, PAGE_HEADER, PAGE_NUMBER

PAGE_HEADER_RE = re.compile(rf"^{PAGE_HEADER}$")
INTERNAL_CODE_RE = re.compile(rf"^{INTERNAL_CODE}$")
PAGE_NUMBER_RE = re.compile(rf"^{PAGE_NUMBER}$|^\d{{1,3}}$")
DATE_ONLY_RE = re.compile(rf"^{DATE}$")
# and the date (and an annex's or attachment's number), on one line
SYMBOL_ONLY_RE = re.compile(rf"^{SYMBOL}(?:\s+{DATE})?(?:\s+{ATTACHMENT}\s*\d*)?$")
ATTACHMENT_ONLY_RE = re.compile(rf"^{ATTACHMENT}\s*\d*$")
ATTACHMENT_END_RE = re.compile(rf"{ATTACHMENT}\s*\d*$")
SITE_BOILERPLATE_RE = re.compile(
    r"^(?:Transcription|\[Show full text\]|Size: px|Start display at page:|Download \".*\"|"
    r"Upload: .*|Transcript of .*|Page \d+: .*|<<|>>)$"
)

# The kinds above in order of precedence as one pattern, a named group each: one match per line.
KIND_RE = re.compile(
    "|".join(
        f"(?P<{kind}>{p.pattern})"
        for kind, p in (
            ("page_header", PAGE_HEADER_RE),
            ("internal_code", INTERNAL_CODE_RE),
            ("page_number", PAGE_NUMBER_RE),
            ("site_boilerplate", SITE_BOILERPLATE_RE),
        )
    )
)


def furniture_kind(text: str) -> str | None:
    m = KIND_RE.match(text)
    return m.lastgroup if m else None


def _glued_code(text: str) -> str | None:
    """The internal code at the end of a line of text, if one is printed there."""
    head, _, last = text.rpartition(" ")
    ends_with_digit = last[-1:].isdecimal()  # as every code does: most lines are passed over
    return last if ends_with_digit and head.strip() and INTERNAL_CODE_RE.match(last) else None


def _joined(item: FurnitureItem, ln: Line, kind: str | None = None) -> FurnitureItem:
    """The item with the line after it, as one item (of kind, when given)."""
    return FurnitureItem(
        kind or item.kind, f"{item.text}\n{ln.text}", item.span.union(ln.span), item.page
    )


def separate(lines: list[Line]) -> tuple[list[Line], list[FurnitureItem]]:
    """Split whole-line page furniture from content lines. A page header whose date is
    printed on the next line ('- 2 - MC(12).JOUR/2' / '7 December 2004') is one item; an
    internal code before any content identifies the document, later ones are page footers."""
    content: list[Line] = []
    furniture: list[FurnitureItem] = []
    for ln in lines:
        prev = furniture[-1] if furniture else None
        if (
            prev is not None
            and prev.kind == "page_header"
            and prev.span.end in (ln.no, ln.no - 1)
            and DATE_ONLY_RE.match(ln.text)
            and not re.search(DATE + "$", prev.text)
            and (not content or content[-1].no <= prev.span.end)
        ):
            furniture[-1] = _joined(prev, ln)
            continue
        if (
            prev is not None
            and prev.kind == "page_header"
            and prev.span.end in (ln.no, ln.no - 1)
            and ATTACHMENT_ONLY_RE.match(ln.text)
            and not ATTACHMENT_END_RE.search(prev.text)
            and (not content or content[-1].no <= prev.span.end)
        ):  # '- 2 - PC.JOUR/13' / '30 March 1995' / 'Annex 1': an annex's page header
            furniture[-1] = _joined(prev, ln)
            continue
        if (
            prev is not None
            and prev.kind in ("page_footer", "internal_code")
            and prev.span.end in (ln.no, ln.no - 1)
            and DATE_ONLY_RE.match(ln.text)
            and content
            and content[-1].no <= prev.span.end
        ):  # a page header whose middle line ('- 2 - PC.DEC/6') is lost: its code and date
            furniture[-1] = _joined(prev, ln, "page_header")
            continue
        if (
            prev is not None
            and prev.kind == "page_number"
            and prev.text[:1] in "-–—"
            and ln.no - prev.span.end <= 2
            and SYMBOL_ONLY_RE.match(ln.text)
            and (not content or content[-1].no <= prev.span.end)
        ):  # '- 2 -' / 'PC.JOUR/1402' (/ '2 February 2023'), or the date on the symbol's line
            furniture[-1] = _joined(prev, ln, "page_header")
            continue
        kind = furniture_kind(ln.text)
        if kind == "internal_code" and content:
            kind = "page_footer"
        elif kind is None and content and (code := _glued_code(ln.text)):
            # the footer's code glued to the last line of a page ('Norway PCOEJ1187')
            furniture.append(FurnitureItem("page_footer", code, Span(ln.last, ln.last), ln.page))
            ln = ln.with_text(ln.text[: -len(code)].rstrip())
            kind = furniture_kind(ln.text)
        if kind:
            furniture.append(FurnitureItem(kind, ln.text, ln.span, ln.page))
        else:
            content.append(ln)
    return content, furniture
