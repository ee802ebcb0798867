"""Dates and times as journals print them: 'Friday, 6 December 2013', '3.25 p.m.'."""

from __future__ import annotations

import re

from .memo import line_cache
from .vocabulary import MONTH, MONTH_NAMES, WEEKDAY

# month name (lower case) -> number
MONTHS = {name.lower(): i for i, name in enumerate(MONTH_NAMES, start=1)}
# A lookahead (?=[...]) in front of a pattern names the characters a match can start with
# (here a digit or a weekday's initial): an attempt anywhere else fails at its first test.
# (The engine still makes an attempt at every position: only a pattern that opens with a
# character class or a literal is scanned for its candidates first.)
DATE_RE = re.compile(
    rf"(?=[\dMTWFS])(?:{WEEKDAY},?\s+)?(\d{{1,2}})(?:\s*[-–]\s*\d{{1,2}})?\s+({MONTH})\s+(\d{{4}})"
)
TIME_RE = re.compile(
    r"(\d{1,2})(?:[.:](\d{2}))?\s*(a\.\s?m\.|p\.\s?m\.|noon|midnight)", re.IGNORECASE
)
BROKEN_TIME_RE = re.compile(
    r"(?<![\w.])[.:]?\d{0,2}(?:(?<!\s)|(?<=[\w.]\s))\s*[ap]\.\s?m\.|(?<![\w])\.\s?[ap]\.\s?m\.",
    re.IGNORECASE,
)


@line_cache
def parse_date(text: str) -> str | None:
    """First date in text as ISO YYYY-MM-DD, or None."""
    m = DATE_RE.search(text)
    if not m:
        return None
    day, month, year = int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3))
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_time(text: str) -> str | None:
    """First time in text as HH:MM (24 h), or None when no whole time is printed."""
    m = TIME_RE.search(text)
    if not m:
        return None
    hour, minute, suffix = (
        int(m.group(1)),
        int(m.group(2) or 0),
        m.group(3).lower().replace(" ", ""),
    )
    if suffix == "noon":
        hour = 12
    elif suffix == "midnight":
        hour = 0
    elif not 1 <= hour <= 12:
        return None
    elif suffix == "p.m." and hour != 12:
        hour += 12
    elif suffix == "a.m." and hour == 12:
        hour = 0
    if minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"
