"""What a journal says between '2. Chairperson' and '3. Subjects discussed': condolences,
welcomes, procedural reminders, points of order. Kept as notes, never glued to the
chairperson or to the first agenda item."""

from __future__ import annotations

import re

from .records import Line, Note, Span
from .speakers import parse_speakers
from .vocabulary import POINT_OF_ORDER_LABEL, RIGHT_OF_REPLY_LABEL

POINT_OF_ORDER_RE = re.compile(rf"^{POINT_OF_ORDER_LABEL}\s*", re.IGNORECASE)
NOTE_START_RE = re.compile(
    r"^(?:Prior to|Before (?:taking up|the adoption)|At the (?:beginning|outset|opening|start)"
    rf"|{POINT_OF_ORDER_LABEL}|{RIGHT_OF_REPLY_LABEL}|Minute of silence|The (?:Chair(?:person|man|"
    r"woman)?|Permanent Council|Forum|Council|Ministerial Council|meeting)\b"
    r"|On behalf of\b|In (?:connection|memory)\b)"
)


def split_notes(lines: list[Line]) -> tuple[list[Line], list[Note]]:
    """(lines that continue the chairperson field, notes) of the lines after '2. Chairperson'."""
    chair: list[Line] = []
    groups: list[list[Line]] = []
    for ln in lines:
        if NOTE_START_RE.match(ln.text) or (groups and POINT_OF_ORDER_RE.match(groups[-1][0].text)):
            groups.append([ln])
        elif groups:
            groups[-1].append(ln)
        else:
            chair.append(ln)
    return chair, [_note(g) for g in groups]


def _note(lines: list[Line]) -> Note:
    text = " ".join(ln.text for ln in lines)
    m = POINT_OF_ORDER_RE.match(lines[0].text)
    if m:
        return Note(
            "point_of_order",
            text,
            tuple(parse_speakers(lines, "point_of_order", 1, prefix_len=m.end())),
            Span.of(lines),
        )
    return Note("procedural", text, (), Span.of(lines))
