"""Hard-wrapped text joined again: the lines a tool cut at a width become the lines they
were cut from, so that a journal wrapped at any width is parsed as its clean text.

A text was wrapped at width W when most of its lines followed by another were full: the
next line's first word would not have fitted after them. Such a line is joined to the one
it was cut from, unless the next line starts a block of the journal's own.
"""

from __future__ import annotations

import re

from .after_journal import ATTACHMENT_RE, DECISION_TITLE_RE
from .furniture import KIND_RE, furniture_kind
from .paragraphs import BULLET_RE, LEVEL_RE
from .patterns import one_of
from .records import Line
from .vocabulary import PRESENTATION

# A numbered paragraph, action, section or sub-item ('(b) Topic:') starts a line of its
# own: a wrapper's cut there would have to fall just before a number followed by a capital.
# So do a decision's title ('DECISION No. 8/15') and an attachment's label. A bullet does
# after a line that ends a clause (a list's lead-in, or the bullet before). Other
# boundaries of the journal ('Agenda item 2:', 'Closed:') need no care: split_lines cuts
# joined lines there.
NUMBERED_START_RE = re.compile(
    rf"^(?:[IVXL]+\.|\d+\.|[-–•]?\s*\d+\.\d+\.?|\([a-z]\))\s+[A-Z“\"(]|(?i:{LEVEL_RE.pattern})"
)
# What starts a line of its own whatever comes before it: those, and page furniture (a page's
# header or footer stands alone).
STANDS_ALONE_RE = one_of(NUMBERED_START_RE, DECISION_TITLE_RE, ATTACHMENT_RE, KIND_RE)
CLAUSE_END = (":", ";", ".")
# A speaker list opens with the Chairperson: after a presentation, or a decision notice.
SPEAKER_LIST_START_RE = re.compile(r"^Chairperson(?:,|\s*$|\s+\()")
PRESENTATION_START_RE = re.compile(rf"^[–-]?\s*{PRESENTATION} (?:by|on)\b")
NAME = r"[A-Z][^\s,()]*(?: [^\s,()]+){0,4}"
LIST_OF_NAMES_RE = re.compile(rf"^{NAME}, {NAME}(?:,|\s\(|\s*$)")
WRAPPED_SHARE = 0.15  # of the lines followed by another, those a wrapper must have cut
WIDEST_WRAP = 250  # no tool hard-wraps wider; a text with longer lines was not wrapped


def wrap_cuts(raw_lines: tuple[str, ...]) -> frozenset[int] | None:
    """The numbers (from 1) of the lines a wrapper cut off the line before, or None when the
    text was not hard-wrapped. A text was wrapped at its longest line of several words (the
    width) when most of its lines followed by another were cut there: the next line's first
    word would not have fitted after them."""
    width = _widest(raw_lines)
    if width is None:
        return None
    stripped = [raw.strip() for raw in raw_lines]
    pairs, cuts = 0, []
    for no in range(2, len(raw_lines) + 1):  # the pair of lines no - 1 and no
        following = stripped[no - 1]
        if stripped[no - 2] and following:
            pairs += 1
            space = following.find(" ")
            first_word = len(following) if space < 0 else space
            if len(raw_lines[no - 2].rstrip()) + 1 + first_word > width:
                cuts.append(no)
    return frozenset(cuts) if len(cuts) >= 3 and len(cuts) >= WRAPPED_SHARE * pairs else None


def _widest(raw_lines: tuple[str, ...]) -> int | None:
    """The width of the longest line of several words, or None when there is none or one is
    longer than any wrap (then no line after it need be measured)."""
    width = 0
    for raw in raw_lines:
        if len(raw) > width and " " in raw.strip():  # a shorter line cannot be wider
            width = max(width, len(raw.rstrip()))
            if width > WIDEST_WRAP:
                return None
    return width or None


def _starts_block(group: list[Line], text: str) -> bool:
    """Does text start a block of its own after the lines of group (a line and the lines
    joined to it so far)?"""
    first, last = group[0].text, group[-1].text
    if STANDS_ALONE_RE.match(text) or (len(group) == 1 and furniture_kind(first)):
        return True
    if SPEAKER_LIST_START_RE.match(text) and not last.endswith(
        ","
    ):  # after a comma the list goes on
        return True
    if PRESENTATION_START_RE.match(first) and LIST_OF_NAMES_RE.match(
        text
    ):  # the speakers after a presentation
        return True
    return BULLET_RE.match(text) is not None and last.endswith(CLAUSE_END)


def unwrap(lines: list[Line], raw_lines: tuple[str, ...], cuts: frozenset[int]) -> list[Line]:
    """Each line joined to the one before when the wrapper cut it there: the two are
    adjacent, the line before was full, and this one does not start a block of its own
    (a numbered paragraph, action or section, a bullet, a speaker list, page furniture).
    A soft hyphen at the cut joins the word without a space."""
    groups: list[list[Line]] = []
    for ln in lines:
        group = groups[-1] if groups else None
        if (
            group
            and ln.no == group[-1].no + 1
            and ln.no in cuts
            and not _starts_block(group, ln.text)
        ):
            group.append(ln)
        else:
            groups.append([ln])
    return [group[0] if len(group) == 1 else _joined(group, raw_lines) for group in groups]


def _joined(group: list[Line], raw_lines: tuple[str, ...]) -> Line:
    parts = [group[0].text]
    for ln in group[1:]:
        parts.append(ln.text if raw_lines[ln.no - 2].rstrip().endswith("\u00ad") else " " + ln.text)
    first = group[0]
    return Line(first.no, "".join(parts), first.page, group[-1].no)
