"""A text printed twice in one file (a hosting site's summary, then its transcript):
parse one copy, record the other as repeated text."""

from __future__ import annotations

import re

from .furniture import furniture_kind
from .records import FurnitureItem, Issue, Line, Span

DATE_FIELD_RE = re.compile(r"^1\s*\.\s*Date\b")
OPENED_RE = re.compile(r"^Opened\s*:")


def _signature(lines: list[Line], i: int) -> tuple[str, str]:
    """The '1. Date' line and the next 'Opened:' line: equal for two copies of one
    meeting, different for two sessions of one MC journal."""
    opened = next((ln.text for ln in lines[i + 1 : i + 6] if OPENED_RE.match(ln.text)), "")
    return " ".join(lines[i].text.split()), " ".join(opened.split())


def drop_repeat(lines: list[Line]) -> tuple[list[Line], list[FurnitureItem], list[Issue]]:
    """(lines of the copy kept, furniture recording the other copy, an issue)."""
    dates = [i for i, ln in enumerate(lines) if DATE_FIELD_RE.match(ln.text)]
    for a in dates:
        for b in dates:
            if b > a and _signature(lines, a) == _signature(lines, b):
                return _split_copies(lines, a, b)
    return lines, [], []


def _split_copies(lines: list[Line], a: int, b: int):
    first_header = " ".join(" ".join(ln.text.split()) for ln in lines[:a])
    start = b
    while start - 1 > a and (furniture_kind(lines[start - 1].text) or " ".join(lines[start - 1].text.split()) in first_header):
        start -= 1
    first, second = lines[:start], lines[start:]
    size = lambda part: sum(len(ln.text) for ln in part)  # noqa: E731
    kept, dropped = (first, second) if size(first) >= size(second) else (second, first)
    span = Span.of(dropped)
    text = "\n".join(ln.text for ln in dropped)
    issue = Issue("warning", "repeated-text", "The file holds the same journal twice; the longer copy is parsed, the other is recorded as repeated text.", span, text[:200])
    return kept, [FurnitureItem("repeated_text", text, span, dropped[0].page)], [issue]
