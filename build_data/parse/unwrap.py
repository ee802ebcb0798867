"""Hard-wrapped text joined again: the lines a tool cut at a width become the lines they
were cut from, so that a journal wrapped at any width is parsed as its clean text.

A text was wrapped at width W when most of its lines followed by another were full: the
next line's first word would not have fitted after them. Such a line is joined to the one
it was cut from, unless the next line starts a block of the journal's own.
"""

from __future__ import annotations

import re

from .after_journal import ATTACHMENT_RE, DECISION_TITLE_RE
from .furniture import furniture_kind
from .paragraphs import BULLET_RE, LEVEL_RE
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
CLAUSE_END = (":", ";", ".")
# A speaker list opens with the Chairperson: after a presentation, or a decision notice.
SPEAKER_LIST_START_RE = re.compile(r"^Chairperson(?:,|\s*$|\s+\()")
PRESENTATION_START_RE = re.compile(rf"^[–-]?\s*{PRESENTATION} (?:by|on)\b")
NAME = r"[A-Z][^\s,()]*(?: [^\s,()]+){0,4}"
LIST_OF_NAMES_RE = re.compile(rf"^{NAME}, {NAME}(?:,|\s\(|\s*$)")
WRAPPED_SHARE = 0.15  # of the lines followed by another, those a wrapper must have cut
WIDEST_WRAP = 250  # no tool hard-wraps wider; a text with longer lines was not wrapped


def _first_word(text: str) -> int:
    text = text.strip()
    cut = text.find(" ")
    return len(text) if cut < 0 else cut


def _was_cut(raw: str, following: str, width: int) -> bool:
    """A wrapper cut the line here: the next line's first word would not have fitted."""
    return len(raw.rstrip()) + 1 + _first_word(following) > width


def wrap_width(raw_lines: tuple[str, ...]) -> int | None:
    """The width a text was hard-wrapped at (its longest line of several words), or None
    when it was not: in a wrapped text most lines followed by another were cut, because
    the next line's first word would not have fitted."""
    width = _widest(raw_lines)
    if width is None:
        return None
    pairs = cut = 0
    for raw, following in zip(raw_lines, raw_lines[1:], strict=False):
        if raw.strip() and following.strip():
            pairs += 1
            cut += _was_cut(raw, following, width)
    return width if cut >= 3 and cut >= WRAPPED_SHARE * pairs else None


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
    if NUMBERED_START_RE.match(text) or DECISION_TITLE_RE.match(text) or ATTACHMENT_RE.match(text):
        return True
    if furniture_kind(text) or (
        len(group) == 1 and furniture_kind(first)
    ):  # a page's header or footer stands alone
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


def unwrap(lines: list[Line], raw_lines: tuple[str, ...], width: int) -> list[Line]:
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
            and _was_cut(raw_lines[ln.no - 2], raw_lines[ln.no - 1], width)
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
