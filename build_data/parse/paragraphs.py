"""Rejoin paragraphs that a page break or a dropped footnote split in two."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .patterns import one_of
from .records import Line, Span
from .vocabulary import ACTION_LEVEL

SECTION_RE = re.compile(r"^([IVXL]+)\.\s+(.+)$")
NUMBERED_RE = re.compile(r"^(\d+)\.\s+(.+)$")
SUB_ITEM_RE = re.compile(r"^[-–•]?\s*(\d+\.\d+)\.?\s+(.+)$")
BULLET_RE = re.compile(r"^[-–•]\s+(.+)$")
LEVEL_RE = re.compile(rf"^{ACTION_LEVEL}\b", re.IGNORECASE)
ASCII_LOWER_RE = re.compile(r"[a-z]")
ASCII_UPPER_RE = re.compile(r"[A-Z]")
# The five patterns above as one, so that starts_block tests a line once.
BLOCK_START_RE = one_of(SECTION_RE, NUMBERED_RE, SUB_ITEM_RE, BULLET_RE, LEVEL_RE)


def is_upper_title(text: str) -> bool:
    if ASCII_LOWER_RE.search(
        text
    ):  # most lines: a lower-case letter, found without looking at every character
        return False
    if text.isascii():  # its letters are A-Z, all upper case: count them without a loop
        return len(ASCII_UPPER_RE.findall(text)) >= 3
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def starts_block(text: str) -> bool:
    return BLOCK_START_RE.match(text) is not None or is_upper_title(text)


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
    return [Para(" ".join(ln.text for ln in g), Span.of(g)) for g in _paragraph_lines(lines)]


def rejoined_text(lines: list[Line]) -> str:
    """The text of the paragraphs, a blank line between two (where no span is kept)."""
    return "\n\n".join(" ".join(ln.text for ln in g) for g in _paragraph_lines(lines))


def _paragraph_lines(lines: list[Line]) -> list[list[Line]]:
    groups: list[list[Line]] = []
    # continues() looks only at the last character of the paragraph so far, that is of
    # its last line that is not blank: no need to build the paragraph's text line by line.
    tail = ""
    for ln in lines:
        if groups and continues(tail, ln.text):
            groups[-1].append(ln)
        else:
            groups.append([ln])
            tail = ""
        if ln.text.strip():
            tail = ln.text
    return groups
