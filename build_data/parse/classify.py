"""What kind of document a text is, before parsing it."""

from __future__ import annotations

import re

from .meeting_header import TITLE_RE
from .symbol_grammar import (
    DECISION_SERIES,
    MC_JOURNAL_SERIES,
    NUMBERED_JOURNAL_BODY,
    NUMBERED_JOURNAL_SERIES,
)
from .vocabulary import (
    AGENDA_ITEM,
    CHAIR_LABEL,
    DATE_LABEL,
    DECISION_TITLE,
    JOURNAL_WORDS,
    SECTION3_LABEL,
)

JOURNAL_SYMBOL_RE = re.compile(
    rf"\b{NUMBERED_JOURNAL_SERIES}/\d+|\b{MC_JOURNAL_SERIES}\b|\b{NUMBERED_JOURNAL_BODY}\s+{JOURNAL_WORDS}"
)
DATE_FIELD_RE = re.compile(rf"\b{DATE_LABEL}\s*:")
CHAIR_FIELD_RE = re.compile(rf"\b{CHAIR_LABEL}")
SECTION3_FIELD_RE = re.compile(rf"\b{SECTION3_LABEL}")
DATE_FIELD_LINE_RE = re.compile(rf"^{DATE_LABEL}\s*:", re.MULTILINE)
CHAIR_FIELD_LINE_RE = re.compile(rf"^{CHAIR_LABEL}\s*:", re.MULTILINE)
# the label, or the label as OCR misreads it ('3. Subjccts discussed', '3 Subiects discusscd')
SECTION3_LINE_RE = re.compile(
    rf"^(?:{SECTION3_LABEL}|3\s*[.,]?\s*S[a-z]{{5,8}}\s+d[a-z]{{7,10}}\b)", re.MULTILINE
)
AGENDA_ITEM_LINE_RE = re.compile(rf"^{AGENDA_ITEM}\s+\d+\s*:", re.MULTILINE)
MC_TITLE_RE = re.compile(
    r"\b(?:DAY OF THE \w+ MEETING OF THE\s+MINISTERIAL COUNCIL|PLENARY (?:MEETING|SESSION)|"
    r"OPENING SESSION|CLOSING SESSION)\b"
)
DECISION_RE = re.compile(rf"^{DECISION_TITLE}", re.MULTILINE)
DECISION_SYMBOL_RE = re.compile(rf"\b{DECISION_SERIES}/\d+")
JOURNAL_NO_RE = re.compile(JOURNAL_WORDS)
STATUS_RE = re.compile(r"\bMC\.INF/|\bStatus of (?:decisions|draft)", re.IGNORECASE)
ORGANIZATION_RE = re.compile(
    r"(?:Organization|Conference) (?:for|on) Security and Co-operation in Europe"
)
OSCE_RE = re.compile(rf"{ORGANIZATION_RE.pattern}|\bOSCE\b|\bCSCE\b")


def classify(text: str, own_marks: bool = False) -> str:
    """'journal', 'decision', 'status_table', 'other' (an OSCE/CSCE document of another
    kind) or 'not_recognised'. `own_marks`: the text prints a journal's marks of itself
    (own_marks.py: running page headers, the headings of appended documents)."""
    head = text[:6000]
    journal_title = TITLE_RE.search(head) or MC_TITLE_RE.search(head)
    fields = DATE_FIELD_RE.search(head) and CHAIR_FIELD_RE.search(head)
    # a journal whose first lines are lost (a scanned first page, an excerpt) still has its
    # numbered sections and its own marks (a text quoting the sections has none)
    if fields and (
        journal_title
        or JOURNAL_SYMBOL_RE.search(head)
        or (own_marks and SECTION3_FIELD_RE.search(head))
    ):
        return "journal"
    # one of the two fields lost or misread (OCR): the title, the journal's symbol or own
    # marks, the other field and the section 3 label opening their lines, and an agenda
    # item still say what it is (an annotated agenda, an errata notice or a report quoting
    # a field and agenda items has no section 3 label)
    if (
        journal_title
        and (DATE_FIELD_LINE_RE.search(head) or CHAIR_FIELD_LINE_RE.search(head))
        and SECTION3_LINE_RE.search(head)
        and AGENDA_ITEM_LINE_RE.search(head)
        and (own_marks or JOURNAL_SYMBOL_RE.search(head))
    ):
        return "journal"
    # its first page lost: the text opens in the agenda (a whole document, a corrigendum
    # listing corrections by agenda item say, opens with the organisation's name)
    item = AGENDA_ITEM_LINE_RE.search(head) if own_marks else None
    if item and not ORGANIZATION_RE.search(head, 0, item.start()):
        return "journal"
    if DECISION_RE.search(head) and (DECISION_SYMBOL_RE.search(head) or JOURNAL_NO_RE.search(head)):
        return "decision"
    if STATUS_RE.search(head):
        return "status_table"
    if OSCE_RE.search(head):
        return "other"
    return "not_recognised"
