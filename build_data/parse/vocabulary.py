"""The journal's vocabulary, declared once: the labels of its fields and parts, ordinals,
dates, internal codes, page headers, the bodies and honorifics it names, and the one
reader of a decision number. Every parse module builds its patterns from these tokens,
the way a grammar names its tokens before its rules; document symbols come from
symbol_grammar.py.

Tokens are pattern strings, not compiled patterns: each module adds the anchors and the
surroundings it needs (a label starts a line, or a field inside a line run together).
"""

from __future__ import annotations

import re

from .symbol_grammar import BODY, COUNCIL, MEETING_NUMBER, SYMBOL

# --- dates and numbers -----------------------------------------------------------------

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH = f"(?:{'|'.join(MONTH_NAMES)})"
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DATE = rf"\d{{1,2}} {MONTH} \d{{4}}"  # '6 December 2013', as page headers print it
ORDINAL_SUFFIX = r"(?:st|nd|rd|th)"
NUMBERED_ORDINAL = rf"\d+{ORDINAL_SUFFIX}"  # '976th'
# An ordinal before 'DAY OF THE ... MEETING' or 'SESSION' of a Ministerial Council journal.
ORDINAL = (
    rf"(?:(?<!\d){NUMBERED_ORDINAL}|FIRST|SECOND|THIRD|FOURTH|FIFTH|SIXTH|SEVENTH|EIGHTH|NINTH|"
    r"TENTH|ELEVENTH|TWELFTH|OPENING|CLOSING|FINAL)"
)

# --- what the page around the text prints ------------------------------------------------

INTERNAL_CODE = r"[A-Z]{2,5}\d{0,2}E[JWD]\d+"  # 'PCOEJ1233', 'FSCEJ953': the page footer
# A running page header: 'PCOEJ1233 - 2 - PC.JOUR/1233 20 June 2019'.
ATTACHMENT = r"(?:Attachment|Annex)"  # the label of a text attached to a decision or annexed
# a page number between dashes, '- 2 -' ('– 2 –' as OCR or a copy may give the dashes)
PAGE_NUMBER = r"[-–—]\s?\d+\s?[-–—]"
# (an annex's or attachment's pages say which: '- 2 - PC.JOUR/136 7 March 1997 Annex 5')
PAGE_HEADER = (
    rf"(?:{INTERNAL_CODE}\s+)?{PAGE_NUMBER}\s+{SYMBOL}(?:\s+{DATE})?"
    rf"(?:\s+{ATTACHMENT}\s*\d*)?"
)
PAGE_MARK = rf"{PAGE_NUMBER}\s"  # what every page header holds: '- 2 - '

# --- the names the journal prints ---------------------------------------------------------

ORGANIZATION = "Organization for Security and Co-operation in Europe"
BODY_NAME = r"(?:Permanent Council|Forum for Security Co-operation|Ministerial Council)"
BODY_CODES = {
    "Permanent Council": "PC",
    "Forum for Security Co-operation": "FSC",
    "Ministerial Council": "MC",
}
HONORIFIC = (
    r"(?:H\.\s?E\.|Ambassador|Mr\.|Ms\.|Mrs\.|Dr\.|Colonel|General|Lieutenant|Brigadier|Major|"
    r"Captain|Admiral|Minister|Professor|Prof\.)"
)
CHAIRPERSON = r"Chair(?:person|man|woman)"

# --- the header: title and numbered fields ----------------------------------------------

PLENARY_MEETING = r"Plenary Meeting"  # after an ordinal: '976th Plenary Meeting'
MEETING_KIND = r"(?:SPECIAL|REINFORCED|JOINT)"
CHAIRMANSHIP = "Chairmanship"
CHAIRMANSHIP_LABEL = rf"{CHAIRMANSHIP}\s*:"
DATE_LABEL = r"1\s*\.\s*Date"
SITTING_WORDS = {  # the times of a meeting's sittings
    "opened": "Opened",
    "suspended": "Suspended",
    "resumed": "Resumed",
    "closed": "Closed",
}
SITTING_WORD = "(?:" + "|".join(SITTING_WORDS.values()) + ")"
SITTING_LABEL = rf"{SITTING_WORD}\s*:"
CHAIR_LABEL = rf"2\s*\.\s*{CHAIRPERSON}?s?"  # '2. Chairperson', '2. Chairpersons', '2. Chair'
SECTION3_LABEL = r"3\s*\.\s*Subjects discussed\b"
NEXT_MEETING_LABEL = r"4\s*\.\s*Next meeting"
JOURNAL_WORDS = r"Journal\s+No\.?"
JOURNAL_NO = rf"{COUNCIL}\s+{JOURNAL_WORDS}"  # 'PC Journal No. 976'

# --- section 3: agenda items, speaker lists, decision notices --------------------------

AGENDA_ITEM = r"Agenda item"
POINT_OF_ORDER_LABEL = r"Points? of order\s*:"
RIGHT_OF_REPLY_LABEL = r"Rights? of reply\s*:"
CONTRIBUTION_LABEL = r"Contributions? by"
PRESENTATION = r"Presentations?"
DECISIONS_LABEL = r"Decisions?\s*:"  # 'Decision:' before a decision notice
DECISION_NO = r"Decision\s+No\b\.?"  # 'Decision No. 1107' in a notice
DECISION_NUMBER = r"\d+(?:/\d+)?"  # '1107', '8/15' (a footnote digit may be glued on: '8/151')
ANNOUNCED_DECISION = r"The Chair(?:person|man)? announced that Decision"

# --- after the journal: decisions, attachments, annexes, statements ---------------------

DECISION_TITLE = r"DECISION\s+No\.?"  # 'DECISION No. 1107', a decision's title
ANNEX = r"(?:ANNEX|Annex)"  # the annex of a decision (an action plan)
ORIGINAL = "Original"
ORIGINAL_LANGUAGE = rf"{ORIGINAL}\s*:"
INTERPRETATIVE_STATEMENT = r"INTERPRETATIVE STATEMENTS?"
DELEGATION = r"By the delegations? of"
ACTION_LEVEL = r"(?:Recommended actions?|Actions? for|Tasks? for)"  # opens an action plan's level

# --- the one reader of a decision number -------------------------------------------------

# 'Decision No (PC.DEC/1251)': the number lost in conversion, the symbol still carries it.
_NUMBER_IN_SYMBOL_RE = re.compile(
    rf"^{BODY}(?:\({MEETING_NUMBER}\))?\.DEC/(\d+(?:/\d{{2}}(?!\d))?)"
)


def decision_number(printed: str | None, symbol: str | None = None) -> tuple[str | None, bool]:
    """A decision's number from what the text prints: the number after 'Decision No.' or
    'DECISION No.' (a DECISION_NUMBER: '1107', '8/15'; a footnote digit glued on, '8/151',
    is kept, normalize takes it off), else the number its symbol carries ('PC.DEC/1251' ->
    '1251', 'FSC.DEC/8/15' -> '8/15'). Returns (number or None, whether it came from the
    symbol)."""
    if printed:
        return printed, False
    m = _NUMBER_IN_SYMBOL_RE.match(symbol or "")
    return (m.group(1), True) if m else (None, False)
