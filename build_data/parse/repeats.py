"""A text printed twice (or more) in one file (a hosting site's one-line preview, then its
transcript; or the full text, then a summary): parse the fullest copy, record the others as
repeated text."""

from __future__ import annotations

import re

from .after_journal import DECISION_TITLE_RE
from .agenda import ITEM_RE
from .dates import DATE_RE, TIME_RE
from .furniture import furniture_kind
from .meeting_header import DATE_LINE_RE
from .records import FurnitureItem, Issue, Line, Span
from .vocabulary import CHAIR_LABEL, SITTING_LABEL

CHAIR_FIELD_RE = re.compile(rf"\b{CHAIR_LABEL}")
# Words of the meeting's opening fields compared between two '1. Date' lines: enough to
# hold the date and the first time, which tell two sessions of one MC journal apart.
SIGNATURE_WORDS = 24
MIN_COMMON_WORDS = 9
MIN_CUT_WORDS = 5  # '1. Date: Wednesday, 27 January': a preview cut after the date's first words
# What the lines of the opening fields hold: a label, a date or a time.
FIELD_WORDS_RE = re.compile(
    rf"\b{SITTING_LABEL}|^:|\b{CHAIR_LABEL}|{DATE_RE.pattern}|{TIME_RE.pattern}",
    re.IGNORECASE,
)
SHORT_LINE, MAX_BETWEEN = 100, 3
# Words that leave a phrase unfinished when they end it.
DANGLING_WORD_RE = re.compile(r"of|by|for|on|in|to|from|at|with|and|the|a|an")
SPACE_BEFORE_PUNCT_RE = re.compile(r"(?<!\s)\s+(?=[:,;.])")


def _signature(lines: list[Line], i: int) -> tuple[str, ...]:
    """The words from the '1. Date' line at i up to '2. Chair...' (at most SIGNATURE_WORDS),
    however the copy breaks them into lines."""
    parts: list[str] = []
    size = 0
    for k, ln in enumerate(lines[i : i + SIGNATURE_WORDS]):
        if k and not FIELD_WORDS_RE.search(ln.text):
            continue  # a line between the fields (a site's, a page number)
        m = CHAIR_FIELD_RE.search(ln.text) if k else None
        parts.append(ln.text[: m.start()] if m else ln.text)
        size += len(parts[-1].split())
        if m or size >= SIGNATURE_WORDS:
            break
    return tuple(SPACE_BEFORE_PUNCT_RE.sub("", " ".join(parts)).split()[:SIGNATURE_WORDS])


def _same_meeting(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Equal, or one a cut copy of the other (a preview ends anywhere) sharing the date and
    the opening time."""
    n = min(len(a), len(b))
    if a == b:
        return True
    return (
        n >= MIN_COMMON_WORDS
        and a[: n - 1] == b[: n - 1]
        and (a[n - 1] == b[n - 1] or a[n - 1].startswith(b[n - 1]) or b[n - 1].startswith(a[n - 1]))
    )


def drop_repeat(lines: list[Line]) -> tuple[list[Line], list[FurnitureItem], list[Issue]]:
    """(lines of the copy kept, furniture recording the other copies, an issue for each)."""
    repeated: list[FurnitureItem] = []
    issues: list[Issue] = []
    while (pair := _first_pair(lines)) is not None:
        lines, item, issue = _split_copies(lines, *pair)
        repeated.append(item)
        issues.append(issue)
    if not repeated and (pair := _item_pair(lines)) is not None:  # a journal printed twice
        # from inside its agenda (its head or first page lost): no '1. Date' to compare
        lines, item, issue = _split_copies(lines, *pair)
        repeated.append(item)
        issues.append(issue)
    if (
        not repeated and (pair := _decision_pair(lines)) is not None
    ):  # a decision issued on its own, printed twice
        lines, item, issue = _split_copies(lines, *pair, what="decision")
        repeated.append(item)
        issues.append(issue)
    return lines, repeated, issues


def _decision_pair(lines: list[Line]) -> tuple[int, int] | None:
    """The first two 'DECISION No. N' titles of the same number followed by the same words:
    two copies of one decision document (a journal names each appended decision once)."""
    seen: dict[tuple[str, ...], int] = {}
    for i, ln in enumerate(lines):
        if DECISION_TITLE_RE.match(ln.text):
            key = tuple(_words(lines, i, same_line=False)[:MIN_COMMON_WORDS])
            if key in seen:
                return seen[key], i
            seen[key] = i
    return None


def _item_pair(lines: list[Line]) -> tuple[int, int] | None:
    """In a text that opens inside an agenda (an 'Agenda item N:' before any '1. Date'), the
    first item and a later one that begins with the same words (the shorter at least
    MIN_COMMON_WORDS, a preview cut anywhere): the first item of a second copy. (Two items of
    one journal, even one continued in a later session, differ in their words or speakers.)"""
    first = None
    for i, ln in enumerate(lines):
        if DATE_LINE_RE.match(ln.text):
            return None
        if ITEM_RE.match(ln.text):
            first = i
            break
    if first is None:
        return None
    words = tuple(_words(lines, first, same_line=False))
    for j in range(first + 1, len(lines)):
        if ITEM_RE.match(lines[j].text) and _same_meeting(
            words, tuple(_words(lines, j, same_line=False))
        ):
            return first, j
    return None


def _first_pair(lines: list[Line]) -> tuple[int, int] | None:
    dates = [i for i, ln in enumerate(lines) if DATE_LINE_RE.match(ln.text)]
    signatures = {i: _signature(lines, i) for i in dates}
    for a in dates:
        for b in dates:
            if b > a and (
                _same_meeting(signatures[a], signatures[b])
                or _cut_copy(lines, a, b)
                or _cut_copy(lines, b, a)
            ):
                return a, b
    return None


def _words(lines: list[Line], i: int, same_line: bool) -> list[str]:
    """The first SIGNATURE_WORDS words from lines[i] on (with same_line, only to the end of
    its physical line)."""
    parts: list[str] = []
    size = 0
    for ln in lines[i:]:
        if (same_line and ln.no != lines[i].no) or size >= SIGNATURE_WORDS:
            break
        parts.append(ln.text)
        size += len(ln.text.split())
    return SPACE_BEFORE_PUNCT_RE.sub("", " ".join(parts)).split()[:SIGNATURE_WORDS]


def _cut_copy(lines: list[Line], i: int, j: int) -> bool:
    """Does the physical line of the '1. Date' at i end (a preview cut short) after words
    that begin the text at j? (Two sessions of one MC journal differ in their times.)"""
    if i == 0 or lines[i - 1].no != lines[i].no:  # a preview holds its header on the same line
        return False
    rest = _words(lines, i, same_line=True)
    if not MIN_CUT_WORDS <= len(rest) < SIGNATURE_WORDS:
        return False
    full = _words(lines, j, same_line=False)
    n = len(rest)
    return len(full) >= n and rest[: n - 1] == full[: n - 1] and full[n - 1].startswith(rest[n - 1])


def _hand_back_governor(lines: list[Line], start: int) -> tuple[list[Line], int]:
    """On one physical line, a line ending in a function word ('Transcript of') before the
    second copy's title is unfinished: the words from its last capitalised one govern the
    title that follows, so they go with the second copy."""
    before = lines[start - 1]
    words = before.text.split()
    if not words or not DANGLING_WORD_RE.fullmatch(words[-1]) or before.no != lines[start].no:
        return lines, start
    head = max((k for k, w in enumerate(words) if w[:1].isupper()), default=0)
    if head == 0:
        return lines, start
    kept = before.with_text(" ".join(words[:head]))
    moved = before.with_text(" ".join(words[head:]))
    return [*lines[: start - 1], kept, moved, *lines[start:]], start


def _split_copies(lines: list[Line], a: int, b: int, what: str = "journal"):
    first_header = " ".join(" ".join(ln.text.split()) for ln in lines[:a])
    # Back over the second copy's own header lines, the furniture right before them, and up
    # to MAX_BETWEEN other short lines between two of them (a site's); never into the
    # physical line of the first copy's date.
    # A viewer's copy holds both on one physical line: there a header line of the second
    # copy is told by its words, most of them the first copy's header words.
    one_line = lines[a].no == lines[b].no
    header_words = set(first_header.split())
    start, other = b, 0
    for i in range(b - 1, a, -1):
        text = lines[i].text
        if lines[i].no == lines[a].no and not one_line:
            break
        words = text.split()
        if " ".join(words) in first_header or (
            one_line and 2 * sum(w in header_words for w in words) > len(words)
        ):
            start, other = i, 0
        elif furniture_kind(text):
            start = i if other == 0 else start
        elif len(text) < SHORT_LINE and other < MAX_BETWEEN:
            other += 1
        else:
            break
    if one_line:
        lines, start = _hand_back_governor(lines, start)
    first, second = lines[:start], lines[start:]
    size = lambda part: sum(len(ln.text) for ln in part)  # noqa: E731
    kept, dropped = (first, second) if size(first) >= size(second) else (second, first)
    span = Span.of(dropped)
    text = "\n".join(ln.text for ln in dropped)
    issue = Issue(
        "warning",
        "repeated-text",
        f"The file holds the same {what} twice; the longer copy "
        "is parsed, the other is recorded as repeated text.",
        span,
        text[:200],
    )
    return kept, FurnitureItem("repeated_text", text, span, dropped[0].page), issue
