"""Rejoin paragraphs that a page break or a dropped footnote split in two."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .records import Line, Span

SECTION_RE = re.compile(r"^([IVXL]+)\.\s+(.+)$")
NUMBERED_RE = re.compile(r"^(\d+)\.\s+(.+)$")
SUB_ITEM_RE = re.compile(r"^[-–•]?\s*(\d+\.\d+)\.?\s+(.+)$")
BULLET_RE = re.compile(r"^[-–•]\s+(.+)$")
LEVEL_RE = re.compile(r"^(?:Recommended actions?|Actions? for|Tasks? for)\b", re.IGNORECASE)
ASCII_LOWER_RE = re.compile(r"[a-z]")


def is_upper_title(text: str) -> bool:
    if ASCII_LOWER_RE.search(text):  # most lines: a lower-case letter, found without looking at every character
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def starts_block(text: str) -> bool:
    return bool(
        SECTION_RE.match(text)
        or NUMBERED_RE.match(text)
        or SUB_ITEM_RE.match(text)
        or BULLET_RE.match(text)
        or LEVEL_RE.match(text)
        or is_upper_title(text)
    )


def continues(previous: str, text: str) -> bool:
    """Is text the rest of the paragraph previous (split by a page break)?"""
    last = previous.rstrip()[-1:]
    if not (last.isalnum() or (last == "," and text[:1].islower())):
        return False
    return not starts_block(text)


@dataclass(frozen=True)
class Para:
    text: str
    span: Span


def rejoin(lines: list[Line]) -> list[Para]:
    paras: list[Para] = []
    for ln in lines:
        if paras and continues(paras[-1].text, ln.text):
            prev = paras[-1]
            paras[-1] = Para(f"{prev.text} {ln.text}", prev.span.union(Span(ln.no, ln.no)))
        else:
            paras.append(Para(ln.text, Span(ln.no, ln.no)))
    return paras
