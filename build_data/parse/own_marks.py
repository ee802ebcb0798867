"""The marks a journal prints of itself, apart from its first lines: its symbol in the
running header of every page after the first ('- 2 - PC.JOUR/1233'), and 'PC Journal No.
976, Agenda item 1' over each document appended to it. A symbol in its running text may
cite another journal ('see PC.JOUR/1290'), so only these say which journal a text is when
its first lines are lost."""

from __future__ import annotations

import re

from .after_journal import DECISION_TITLE_RE, DOCUMENT_HEAD_RE, _is_header_line
from .agenda import ITEM_RE
from .records import FurnitureItem, Line
from .symbol_grammar import COUNCIL, JOURNAL_SYMBOL
from .vocabulary import (
    AGENDA_ITEM,
    JOURNAL_WORDS,
    ORDINAL_SUFFIX,
    PLENARY_MEETING,
)

# (a joint meeting's symbol, 'FSC-PC.JOUR/47', names no one body: the hyphen is excluded)
OWN_SYMBOL_RE = re.compile(rf"(?<![-\w.])(?:{JOURNAL_SYMBOL})")
OWN_NUMBER_RE = re.compile(
    rf"(?<![-\w])({COUNCIL})\s+{JOURNAL_WORDS}\s*(\d+)\s*,\s*{AGENDA_ITEM}\s+\d+"
)

# The heading of an appended document (after its plenary meeting's line, on the same line
# when a two-column header is read across), an MC journal's too ('MC(3) Journal No. 1, Agenda
# item 1'; as a mark of the body, OWN_NUMBER_RE does not read those).
APPENDED_HEADING_RE = re.compile(
    rf"(?:(?<!\d)\d+{ORDINAL_SUFFIX}\s+{PLENARY_MEETING}\s+)?"  # the line before it, run in
    rf"(?:{COUNCIL})(?:\(\d+\))?\s+{JOURNAL_WORDS}\s*\d+\s*,\s*{AGENDA_ITEM}\s+\d+"
)
Mark = tuple[str, re.Match, Line | FurnitureItem]  # (body, the match, the line it is on)


def own_marks(lines: list[Line], furniture: list[FurnitureItem]) -> list[Mark]:
    """The journal's marks of itself: symbols in running page headers, then the journal
    numbers heading appended documents (at the start of a line), in the order of the
    text."""
    marks: list[Mark] = []
    for f in furniture:
        if f.kind == "page_header":
            marks += [(m.group(1) or "MC", m, f) for m in OWN_SYMBOL_RE.finditer(f.text)]
    for ln in lines:  # a heading opens its line (in a sentence or a table, it cites)
        if "Journal" in ln.text and (m := OWN_NUMBER_RE.match(ln.text)):
            marks.append((m.group(1), m, ln))
    return marks


def say_journal(marks: list[Mark], lines: list[Line]) -> bool:
    """Do the marks say the text is a journal? A running page header does; the heading of
    an appended document does once an agenda item has come before it (a decision issued
    alone opens with the same heading)."""
    if any(isinstance(where, FurnitureItem) for _, _, where in marks):
        return True
    headings = {id(where) for _, _, where in marks}
    for ln in lines:
        if id(ln) in headings:
            return False
        if ITEM_RE.match(ln.text):
            return bool(headings)
    return False


def first_appended(lines: list[Line], start: int = 0) -> int | None:
    """The index of the first line of the first document appended to the journal from
    lines[start] on: its heading ('PC Journal No. 976, Agenda item 1'), or its title
    ('DECISION No. 1107') when the heading is lost, and the header lines above it ('976th
    Plenary Meeting', its symbol, date, original language); None without one."""
    for i in range(start, len(lines)):
        t = lines[i].text
        if ("Journal" in t and APPENDED_HEADING_RE.match(t)) or (
            DECISION_TITLE_RE.match(t) and not _continues_title(lines, i, start)
        ):
            while i - 1 > start and (
                _is_header_line(lines[i - 1].text) or DOCUMENT_HEAD_RE.fullmatch(lines[i - 1].text)
            ):
                i -= 1
            return i
    return None


def _continues_title(lines: list[Line], i: int, start: int) -> bool:
    """Does lines[i] continue an agenda item's title wrapped onto it ('Agenda item 3:
    DECISION ON ... PERMANENT COUNCIL' / 'DECISION No. 1031')? The line before it is the
    item's line or more of its title, in capitals."""
    if i <= start:
        return False
    before = lines[i - 1].text
    return bool(ITEM_RE.match(before)) or (before.isupper() and before[-1:] not in ".:;")


def symbol_of(m: re.Match) -> tuple[str, int | None, int | None]:
    """(symbol, journal number, corrigendum) of a match of JOURNAL_SYMBOL (its groups)."""
    if m.group(1):
        corr = int(m.group(3)) if m.group(3) else None
        symbol = f"{m.group(1)}.JOUR/{m.group(2)}" + (f"/Corr.{corr}" if corr else "")
        return symbol, int(m.group(2)), corr
    number = int(m.group(5)) if m.group(5) else None
    return f"MC({m.group(4)}).JOUR" + (f"/{number}" if number else ""), number, None
