"""Split physical lines into logical lines at the journal's section boundaries.

Some hosting sites print a whole journal on one line, or run fields together. Every
boundary the parser relies on ('1. Date', 'Opened:', 'Agenda item N:', page headers,
'Decision:' ...) starts a logical line of its own; the pieces keep the number of the
physical line they came from, so provenance is unchanged.
"""

from __future__ import annotations

import re

from .records import Line
from .symbol_grammar import DECISION_SERIES
from .vocabulary import (
    ACTION_LEVEL,
    AGENDA_ITEM,
    ANNOUNCED_DECISION,
    BODY_NAME,
    CHAIR_LABEL,
    CHAIRMANSHIP_LABEL,
    CONTRIBUTION_LABEL,
    DATE,
    DATE_LABEL,
    DECISION_TITLE,
    DECISIONS_LABEL,
    DELEGATION,
    INTERPRETATIVE_STATEMENT,
    JOURNAL_NO,
    MEETING_KIND,
    MONTH,
    NEXT_MEETING_LABEL,
    NUMBERED_ORDINAL,
    ORDINAL,
    ORIGINAL,
    PAGE_HEADER,
    PAGE_MARK,
    PLENARY_MEETING,
    POINT_OF_ORDER_LABEL,
    PRESENTATION,
    RIGHT_OF_REPLY_LABEL,
    SECTION3_LABEL,
    SITTING_LABEL,
)

# A running page header printed inside a line: 'PCOEJ1233 - 2 - PC.JOUR/1233 20 June 2019'.
INLINE_HEADER_RE = re.compile(rf"(?:(?<=\s)|^){PAGE_HEADER}(?=\s|$)")
# What every such header contains; a quick search for it spares most lines the slow one above.
PAGE_MARK_RE = re.compile(PAGE_MARK)
HYPHEN_PAGE_MARK_RE = re.compile(r"-\s?\d+\s?-\s")
# The section 3 label, with en/em dashes or none: 'Subjects discussed – Statements – Decisions:'.
SECTION3_LABEL_RE = re.compile(rf"\b{SECTION3_LABEL}[^:]{{0,80}}?:")
BEFORE = [
    CHAIRMANSHIP_LABEL,
    rf"{MEETING_KIND}\s+MEETING OF THE (?:PERMANENT COUNCIL|FORUM)",
    rf"{NUMBERED_ORDINAL}\s+(?:\(?{MEETING_KIND}\)?\s+)?PLENARY MEETING\b",
    rf"{ORDINAL} DAY OF THE\b",
    rf"{ORDINAL}\s+(?:PLENARY\s+)?SESSION\b",
    rf"{DATE_LABEL}\b",
    SITTING_LABEL,
    rf"{CHAIR_LABEL}\b",
    SECTION3_LABEL,
    rf"{NEXT_MEETING_LABEL}\b",
    rf"{AGENDA_ITEM}\s+\d+\s*:",
    r"Prior to taking up the agenda\b",
    POINT_OF_ORDER_LABEL,
    RIGHT_OF_REPLY_LABEL,
    rf"{CONTRIBUTION_LABEL}\s*:",
    DECISIONS_LABEL,
    rf"{ANNOUNCED_DECISION}\b",
    rf"[–-]\s+{PRESENTATION} by\b",
    rf"(?<![–-]\s){PRESENTATION} by\b",
    r"\([a-z]\)\s+(?=[A-Z][^:()]{0,200}:)",
    rf"The (?:agenda|Chair(?:person|man)|{BODY_NAME})\s+(?:for|of|formally|opened|closed|adopted|"
    r"welcomed|informed|reminded|expressed|announced|was|took)\b",
]
LONG = 160  # longer lines holding a structural boundary are run-together text
# Only tells whether a line holds a boundary at all. Every boundary starts with a capital
# or a digit: looking for one after a white space lets the regex engine skip most positions.
STRUCTURAL_BOUNDARIES = BEFORE[:16]
STRUCTURAL_RE = re.compile(r"\s(?=[A-Z\d])(?:" + "|".join(STRUCTURAL_BOUNDARIES) + ")")
# The end of a decision notice: the speakers after it start a line of their own.
NOTICE_END_RE = re.compile(r"\b(?:appended|annexed|attached) to th(?:is|e) journal\.")
BEFORE_RE = re.compile(r"(?<=\s)(?:" + "|".join(BEFORE) + ")")


# What follows the journal proper starts with a decision's reference to it or its title.
APPENDIX_START_RE = re.compile(
    rf"\b(?:{NUMBERED_ORDINAL} {PLENARY_MEETING}\s+)?{JOURNAL_NO}\s*\d+,\s*{AGENDA_ITEM} \d+|"
    rf"\b{DECISION_TITLE}\s*\d"
)
# Words that open a paragraph of a decision (preambular: 'Recalling ...,'; operative:
# 'Decides to ...'), after the comma, semicolon or full stop that ended the one before.
OPENERS = (
    "Acknowledging|Adopts|Agrees|Approves|Aware|Bearing in mind|Calls|Concerned|Convinced|Decides|"
    "Deeply concerned|Determined|"
    "Drawing on|Emphasizing|Encourages|Endorses|Expressing|Guided|Instructs|Invites|Mindful|"
    "Noting|Reaffirming|Recalling|"
    "Recognizing|Recognising|Recommends|Reiterating|Requests|Stressing|Taking into account|"
    "Taking note|Tasks|Underlining|Urges|Welcomes|Welcoming"
)
# The boundaries of the appended decisions, their annexes and attachments, in text run
# together: right-aligned header lines, titles, numbered paragraphs, actions and bullets.
APPENDIX_BEFORE = [
    rf"{NUMBERED_ORDINAL} {PLENARY_MEETING}\b",
    rf"{JOURNAL_NO}\s*\d+,\s*{AGENDA_ITEM} \d+",
    rf"{DECISION_TITLE}\s*\d",
    rf"The {BODY_NAME},",
    rf"(?<=[,;.:] )(?<!\d\. )(?:{OPENERS})\b",
    r"(?<=[.;:”)] )[IVX]+\.\s+[A-Z]|(?<=[A-Z]{2} )[IVX]+\.\s+[A-Z]",
    r"\d{1,2}\.\s+[A-Z“]",
    r"(?<![-–•] )(?:[-–•]\s+)?\d{1,2}\.\d{1,2}\.?\s+[A-Z]",
    r"(?<=[;:] )[-–•]\s+[A-Z]",
    rf"{ACTION_LEVEL}\b",
    rf"{INTERPRETATIVE_STATEMENT}\b",
    rf"{DELEGATION}\b",
    r"(?<=: )“",
    rf"{DECISION_SERIES}/\S+(?=\s+{DATE})",
    rf"{DATE}(?=\s+(?:Attachment|Annex|{ORIGINAL})\b)",
    r"Attachment \d+\b",
    rf"{ORIGINAL}: [A-Z]+\b",
]
# Each boundary follows a white space, matched with it (the cut falls after it): a pattern that
# opens with a character class lets the regex engine skip to the candidates, one that opens
# with a lookbehind or lookahead is tried at every position.
APPENDIX_RE = re.compile(r"\s(?=[\dA-Z“•–-])(?:" + "|".join(APPENDIX_BEFORE) + ")")
# Words in square brackets ending run-together text: the journal prints none there.
TRAILING_BRACKET_RE = re.compile(r"(?<=\s)\[[^\[\]]{1,80}\]$")
# A footnote that a page break left inside the text ('... proceeds to 1 The word "draft"
# has been removed from the title. fund anti-trafficking ...'): a line of its own.
# It opens with its first digit, the spaces and words before it looked behind from there:
# a pattern that starts with a character class lets the regex engine skip to digits.
INLINE_FOOTNOTE_RE = re.compile(
    r"\d(?<=\s\d)(?<!item \d)(?<!Attachment \d)(?<!Annex \d)(?<!No\. \d)"
    rf"\d? (?!{MONTH}\b)[A-Z“][a-z][^.]{{3,200}}?\.(?=\s|$)"
)

# Whether a text holds a boundary (STRUCTURAL_RE) or an inline footnote at all: one scan
# instead of two for the many long lines that hold neither (a footnote too follows a white
# space, and starts with a digit).
BOUNDARY_OR_FOOTNOTE_RE = re.compile(
    r"\s(?=[A-Z\d])(?:" + "|".join([*STRUCTURAL_BOUNDARIES, INLINE_FOOTNOTE_RE.pattern]) + ")"
)


def _may_start_appendix(text: str) -> bool:
    """Could APPENDIX_START_RE match in text? Its two forms print 'Journal' or 'DECISION':
    a substring test spares most lines the slow search."""
    return "Journal" in text or "DECISION" in text


def _page_mark(text: str) -> bool:
    """Does text hold a page number between dashes? (Searched for with hyphens first: a
    pattern opening with one character is found faster than one opening with a choice.)"""
    return bool(
        HYPHEN_PAGE_MARK_RE.search(text)
        or (("–" in text or "—" in text) and PAGE_MARK_RE.search(text))
    )


def cut_points(text: str, joined: bool = False, appendix_from: int | None = None) -> list[int]:
    """Offsets in text where a new logical line starts (0 excluded). Page headers are
    cut out of any line; the other boundaries only in run-together text: long lines, and
    lines joined again from a hard-wrapped text (whose breaks fell anywhere). From
    appendix_from on, the text is an appended decision's, with boundaries of its own."""
    cuts: set[int] = set()
    if _page_mark(text):
        for m in INLINE_HEADER_RE.finditer(text):
            cuts.update((m.start(), m.end()))
    if joined or len(text) > LONG:
        either = BOUNDARY_OR_FOOTNOTE_RE.search(text) is not None
        if either and STRUCTURAL_RE.search(text):
            cuts.update(m.start() for m in BEFORE_RE.finditer(text))
            for m in SECTION3_LABEL_RE.finditer(text):
                cuts = {c for c in cuts if not m.start() < c < m.end()} | {m.end()}
        if "journal." in text:
            cuts.update(m.end() for m in NOTICE_END_RE.finditer(text))
        if appendix_from is not None:
            after = APPENDIX_RE.finditer(text, max(appendix_from - 1, 0))
            cuts.update(m.start() + 1 for m in after)
        if text.endswith("]") and (
            m := TRAILING_BRACKET_RE.search(text)
        ):  # a site's '[Show full text]' after the last entry
            cuts.add(m.start())
        for m in INLINE_FOOTNOTE_RE.finditer(text) if either else ():
            cuts = {c for c in cuts if not m.start() < c < m.end()} | {m.start(), m.end()}
    if not cuts:
        return []
    return sorted(c for c in cuts if 0 < c < len(text))


def split_line(line: Line, appendix_from: int | None = None) -> list[Line]:
    text = line.text
    cuts = cut_points(text, joined=bool(line.end), appendix_from=appendix_from)
    if not cuts:
        return [line]
    out = []
    for a, b in zip([0, *cuts], [*cuts, len(text)], strict=False):
        piece = text[a:b].strip()
        if piece:
            out.append(line.with_text(piece))
    return out


def split_lines(lines: list[Line]) -> list[Line]:
    """Every line split at its inline boundaries, in order; from the first appended
    decision on, at the boundaries of decisions too."""
    out = []
    appendix = False
    for ln in lines:
        start = 0
        if (
            not appendix
            and _may_start_appendix(ln.text)
            and (m := APPENDIX_START_RE.search(ln.text))
        ):
            appendix, start = True, m.start()
        if (
            len(ln.text) > LONG
            or ln.end
            or HYPHEN_PAGE_MARK_RE.search(ln.text)
            or (("–" in ln.text or "—" in ln.text) and PAGE_MARK_RE.search(ln.text))  # _page_mark
        ):
            out.extend(split_line(ln, start if appendix else None))
        else:  # most lines: no page header, too short for other cuts (see cut_points)
            out.append(ln)
    return out
