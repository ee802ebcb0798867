"""The first lines of any OSCE document: body, symbol, date, meeting and journal
numbers, chairmanship. Read for journals and for documents that are not journals."""

from __future__ import annotations

import re

from .dates import parse_date
from .records import DocHeader, Line, Span
from .symbol_grammar import COUNCIL, FIELDS, KIND, MEETING_NUMBER
from .vocabulary import (
    AGENDA_ITEM,
    BODY_CODES,
    BODY_NAME,
    CHAIRMANSHIP_LABEL,
    JOURNAL_NO,
    NUMBERED_ORDINAL,
    ORDINAL_SUFFIX,
    PLENARY_MEETING,
)

HEAD_CHARS = 1500
BODY_RE = re.compile(rf"\b({BODY_NAME})\b")
SYMBOL_RE = re.compile(rf"(?<![\w.])({COUNCIL})(?:\({MEETING_NUMBER}\))?\.{KIND}{FIELDS}")
PLENARY_RE = re.compile(rf"\b(\d+){ORDINAL_SUFFIX}\s+{PLENARY_MEETING}\b", re.IGNORECASE)
JOURNAL_RE = re.compile(rf"\b{JOURNAL_NO}\s*(\d+)(?:\s*,\s*{AGENDA_ITEM}\s+(\d+))?", re.IGNORECASE)
CHAIRMANSHIP_RE = re.compile(rf"\b{CHAIRMANSHIP_LABEL}[ \t]*([^\n]*)")
ORDINAL_START_RE = re.compile(rf"^{NUMBERED_ORDINAL}\b")


def read_doc_header(lines: list[Line]) -> DocHeader | None:
    head_lines, size = [], 0
    for ln in lines:
        if size > HEAD_CHARS:
            break
        head_lines.append(ln)
        size += len(ln.text) + 1
    if not head_lines:
        return None
    text = "\n".join(ln.text for ln in head_lines)[: HEAD_CHARS * 2]
    body = BODY_RE.search(text)
    symbol = SYMBOL_RE.search(text)
    plenary = PLENARY_RE.search(text)
    journal = (
        JOURNAL_RE.search(text) if "journal" in text.lower() else None
    )  # the pattern is slow; most heads do not say Journal
    chair = CHAIRMANSHIP_RE.search(text)
    chairmanship = chair.group(1).strip() if chair else None
    if chairmanship and ORDINAL_START_RE.match(chairmanship):
        chairmanship = None  # an empty field followed by the title
    return DocHeader(
        body=BODY_CODES[body.group(1)] if body else (symbol.group(1) if symbol else None),
        symbol=symbol.group(0) if symbol else None,
        date=parse_date(text),
        meeting_number=int(plenary.group(1)) if plenary else None,
        journal_number=int(journal.group(1)) if journal else None,
        agenda_item=int(journal.group(2)) if journal and journal.group(2) else None,
        chairmanship=chairmanship or None,
        span=Span.of(head_lines[:1]),
    )
