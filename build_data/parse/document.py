"""Parse one extracted text into a ParsedDocument. Pure: never raises on content; what
is not understood becomes an Issue."""

from __future__ import annotations

import re
from dataclasses import replace

from ..extract.model import ExtractedText
from .after_journal import DECISION_TITLE_RE, parse_after_journal
from .agenda import ITEM_RE, parse_agenda
from .classify import classify
from .dates import parse_date, parse_time
from .doc_header import read_doc_header
from .footnotes import take_footnotes
from .furniture import separate
from .joined import Joined
from .lines import content_lines
from .meeting_header import (
    DATE_LINE_RE,
    LABEL_RE,
    MC_DAY_RE,
    MC_SESSION_RE,
    MISREAD_NEXT_RE,
    NEXT_RE,
    SECTION3_RE,
    TITLE_RE,
    parse_header,
)
from .notes_before_agenda import split_notes
from .own_marks import (
    APPENDED_HEADING_RE,
    Mark,
    first_appended,
    own_marks,
    say_journal,
    symbol_of,
)
from .patterns import one_of
from .records import (
    FurnitureItem,
    Issue,
    Line,
    MeetingPart,
    NextMeeting,
    ParsedDocument,
    Span,
)
from .repeats import drop_repeat
from .site import take_site_text
from .split import split_lines
from .symbol_grammar import COUNCIL, JOURNAL_SYMBOL
from .vocabulary import CHAIR_LABEL, JOURNAL_WORDS

CHAIR_FIELD_RE = re.compile(rf"^{CHAIR_LABEL}")
# What is left of a misprinted section 3 label ('3. Subiects discussed', '3 Subjects
# discussed - Statements - Decisions/documents adopted' without its colon).
MISPRINTED_SECTION3_RE = re.compile(
    r"^\W*3\b|\bSub\w*\s+discuss|\bStatements\s*\W\s*Decisions|\bdocuments adopted\b",
    re.IGNORECASE,
)
DATE_OR_NEXT_RE = one_of(DATE_LINE_RE, NEXT_RE)
# What opens each part of a session, in order: its date, chairperson, section 3 label, items.
SESSION_PART_RE = re.compile(
    rf"{DATE_LINE_RE.pattern}|{CHAIR_LABEL}|{SECTION3_RE.pattern}|{ITEM_RE.pattern}", re.IGNORECASE
)
TITLE_LINE_RE = re.compile(
    rf"^(?:{TITLE_RE.pattern}|{MC_DAY_RE.pattern}|{MC_SESSION_RE.pattern})", re.IGNORECASE
)
JOURNAL_SYMBOL_RE = re.compile(JOURNAL_SYMBOL)
JOURNAL_NO_RE = re.compile(rf"\b({COUNCIL})\s+{JOURNAL_WORDS}\s*(\d+)")
PLACE_RE = re.compile(
    r"\bin the (.|.+?(?<!\s))\s*\.?$|\bat (?:the )?([A-Z](?:[^,]|[^,]+?(?<!\s)))\s*\.?$"
)


def parse_document(extracted: ExtractedText) -> ParsedDocument:
    lines = split_lines(content_lines(extracted))
    lines, repeated, issues = drop_repeat(lines)
    lines, furniture = separate(lines)
    marks = own_marks(lines, furniture)
    kind = (
        classify("\n".join(ln.text for ln in lines), own_marks=say_journal(marks, lines))
        if lines
        else "not_recognised"
    )
    if kind == "journal":
        lines, site = take_site_text(
            lines, {n: f.kind for f in furniture for n in range(f.span.start, f.span.end + 1)}
        )
        furniture += site
    furniture = sorted([*furniture, *repeated], key=lambda f: (f.span.start, f.span.end))
    doc_header = read_doc_header(lines)
    empty = ParsedDocument(
        kind,
        None,
        None,
        None,
        None,
        None,
        (),
        None,
        (),
        (),
        (),
        tuple(furniture),
        tuple(issues),
        None,
        doc_header=doc_header,
    )
    if not lines:
        return empty
    if kind == "journal":
        return _parse_journal(lines, furniture, issues, doc_header, marks)
    if kind == "decision":
        return _parse_decision_document(lines, furniture, issues, doc_header)
    code, level, message = {
        "status_table": (
            "not-a-journal",
            "warning",
            "This is a status table of draft documents, "
            "not a journal; no meetings are read from it.",
        ),
        "other": (
            "not-a-journal",
            "warning",
            "This OSCE document is not a meeting journal; no meetings are read from it.",
        ),
    }.get(
        kind,
        (
            "not-a-journal",
            "error",
            "This file is not recognised as an OSCE journal; "
            "check that it is the text of a PC, FSC or MC journal.",
        ),
    )
    issues.append(Issue(level, code, message, Span.of(lines), lines[0].text[:200]))
    return replace(empty, body=doc_header.body if doc_header else None, issues=tuple(issues))


def _parse_decision_document(lines, furniture, issues, doc_header) -> ParsedDocument:
    """A decision issued on its own (FSC.DEC/8/15): its text, no meeting."""
    start = next((i for i, ln in enumerate(lines) if DECISION_TITLE_RE.match(ln.text)), 0)
    body = doc_header.body if doc_header else None
    decisions, attachments, notes, more = parse_after_journal(lines[start:], body)
    issues = [*issues, *more]
    if start:
        issues.append(
            Issue(
                "warning",
                "not-a-journal",
                "This is a decision document, not a journal: its decision is read, no meeting is.",
                Span.of(lines[:start]),
                lines[0].text[:200],
            )
        )
    symbol = doc_header.symbol if doc_header else None
    return ParsedDocument(
        "decision",
        symbol,
        body,
        None,
        doc_header.journal_number if doc_header else None,
        None,
        (),
        None,
        tuple(decisions),
        tuple(attachments),
        tuple(notes),
        tuple(furniture),
        tuple(issues),
        None,
        doc_header=doc_header,
    )


def _index(lines: list[Line], pattern: re.Pattern, start: int = 0) -> int | None:
    for i in range(start, len(lines)):
        if pattern.match(lines[i].text):
            return i
    return None


def _blocks(lines: list[Line]) -> list[int]:
    """Start index of each meeting (MC session) in a journal: the title lines before
    every '1. Date' but the first (every one, when the text starts inside the agenda of
    a meeting whose first page is lost; the first too when a session's '4. Next meeting'
    comes before it: the first session's date line is lost). A session whose '1. Date' line
    is lost starts at its title after the session before it (_undated_sessions)."""
    marks = [i for i, ln in enumerate(lines) if DATE_OR_NEXT_RE.match(ln.text)]
    dates = [i for i in marks if DATE_LINE_RE.match(lines[i].text)]
    nexts = [i for i in marks if NEXT_RE.match(lines[i].text)]
    opens_without_date = dates and (
        _first_page_lost(lines[: dates[0]]) is not None or (nexts and nexts[0] < dates[0])
    )
    if opens_without_date:
        dates = [0, *dates]
    starts = [0]
    for d in sorted({*dates[1:], *_undated_sessions(lines, nexts)}):
        k = d
        while k - 1 > starts[-1] and TITLE_LINE_RE.match(lines[k - 1].text):
            k -= 1
        if k > starts[-1]:
            starts.append(k)
    return starts


def _undated_sessions(lines: list[Line], nexts: list[int]) -> list[int]:
    """The title lines of sessions whose '1. Date' line is lost: a session title right after
    a '4. Next meeting' whose next session part is its chairperson field or section 3 label
    (not a date line, not an agenda item)."""
    out = []
    for n in nexts:
        t = next(
            (i for i in range(n + 1, min(n + 6, len(lines))) if _session_title(lines[i])), None
        )
        if t is None:
            continue
        after = next(
            (i for i in range(t + 1, len(lines)) if SESSION_PART_RE.match(lines[i].text)), None
        )
        if after is not None and (
            CHAIR_FIELD_RE.match(lines[after].text) or SECTION3_RE.match(lines[after].text)
        ):
            out.append(t)
    return out


def _session_title(line: Line) -> bool:
    return bool(MC_SESSION_RE.search(line.text) or MC_DAY_RE.search(line.text))


def _parse_journal(lines, furniture, issues, doc_header, marks) -> ParsedDocument:
    starts = _blocks(lines)
    parts: list[MeetingPart] = []
    footnotes: list = []
    end = len(lines)
    for k, a in enumerate(starts):
        b = starts[k + 1] if k + 1 < len(starts) else len(lines)
        part, used, part_notes = _parse_meeting(lines[a:b], issues)
        parts.append(part)
        footnotes.extend(part_notes)
        end = a + used
    first = parts[0]
    header = first.header
    if header.chairmanship is None and doc_header and doc_header.chairmanship:
        header = replace(header, chairmanship=doc_header.chairmanship)
    if header.body is None:
        header = replace(header, body=_body_from_marks(marks, issues))
    parts = [
        replace(
            p,
            header=replace(
                p.header,
                body=p.header.body or header.body,
                chairmanship=p.header.chairmanship or header.chairmanship,
            ),
        )
        for p in parts
    ]
    decisions, attachments, more_notes, appendix_issues = parse_after_journal(
        lines[end:], header.body
    )
    footnotes.extend(more_notes)
    issues.extend(appendix_issues)
    if parts[-1].next_meeting is None and not lines[end:]:
        parts[-1] = _truncated(parts[-1], lines, issues)

    all_text = "\n".join(ln.text for ln in lines)
    symbol, journal_number, corrigendum = _journal_symbol(all_text, header.body)
    if symbol is None:  # its first page lost: its running page headers print the symbol
        symbol, journal_number, corrigendum = next(
            (
                symbol_of(m)
                for body, m, where in marks
                if isinstance(where, FurnitureItem) and body == header.body
            ),
            (None, None, None),
        )
    if journal_number is None:
        journal_number = next((d.journal_number for d in decisions if d.journal_number), None)
    journal_span = Span(lines[0].no, lines[end - 1].last) if end > 0 else None
    first = parts[0]
    return ParsedDocument(
        "journal",
        symbol,
        header.body,
        replace(first.header, chairmanship=header.chairmanship),
        journal_number,
        corrigendum,
        first.agenda_items,
        first.next_meeting,
        tuple(decisions),
        tuple(attachments),
        tuple(footnotes),
        tuple(furniture),
        tuple(issues),
        journal_span,
        notes=first.notes,
        sessions=tuple(parts[1:]),
        doc_header=doc_header,
        starts_in_agenda=first.starts_in_agenda,
    )


def _truncated(part: MeetingPart, lines: list[Line], issues: list[Issue]) -> MeetingPart:
    """The text ends before the journal does: the last item is marked incomplete, an
    entry cut inside its parentheses is dropped, a bare cut heading is not an item."""
    items = list(part.agenda_items)
    last = lines[-1]
    span = last.span
    if items:
        item = items[-1]
        entries = list(item.entries)
        if entries and not entries[-1].complete:
            span = entries[-1].span
            entries.pop()
        if (
            not entries
            and not item.decisions
            and not item.notes
            and item.span.start == item.span.end
            and item.parent_number is None
        ):
            span = item.span
            items.pop()
        else:
            items[-1] = replace(item, entries=tuple(entries), truncated=True)
    issues.append(
        Issue(
            "warning",
            "truncated",
            "The text ends before the journal does (no '4. Next "
            "meeting'); the last agenda item is incomplete.",
            span,
            last.text[-200:],
        )
    )
    return replace(part, agenda_items=tuple(items))


def _parse_meeting(lines: list[Line], issues: list[Issue]):
    """(meeting part, lines used, footnotes) of one meeting's lines."""
    s3 = _index(lines, SECTION3_RE)
    nxt = _index(lines, NEXT_RE, s3 or 0)
    nxt, bare, appended = _when_next_is_lost(lines, s3 or 0, nxt, issues)
    head_end = s3 if s3 is not None else (nxt if nxt is not None else (appended or len(lines)))
    if s3 is None and (first := _first_page_lost(lines[:head_end])) is not None:
        return _parse_headless_meeting(lines, first, nxt, bare, appended, issues)
    agenda_start = s3 + 1 if s3 is not None else None
    if s3 is None and (found := _unlabelled_agenda(lines[:head_end], issues)) is not None:
        s3, agenda_start = found
        head_end = s3 if s3 is not None else agenda_start
    chair = _index(lines[:head_end], CHAIR_FIELD_RE)
    notes: list = []
    header_lines = lines[:head_end]
    if chair is not None:
        cont, notes = split_notes(lines[chair + 1 : head_end])
        header_lines = lines[: chair + 1 + len(cont)]
    header, header_issues = parse_header(header_lines or lines[:1])
    issues.extend(header_issues)
    stop = nxt if nxt is not None else appended
    agenda_lines = lines[agenda_start:stop] if agenda_start is not None else []
    agenda_lines, footnotes = take_footnotes(agenda_lines, "journal")
    items, before, agenda_issues = parse_agenda(agenda_lines)
    issues.extend(agenda_issues)
    if before:
        issues.append(
            Issue(
                "warning",
                "unrecognised-text",
                "Text between the section 3 label and the first agenda item was not understood.",
                Span.of(before),
                Joined(before).text[:200],
            )
        )
    if s3 is not None:
        header = replace(header, span=header.span.union(lines[s3].span))
    next_meeting, end = None, (nxt if nxt is not None else (appended or len(lines)))
    if nxt is not None:
        next_meeting, end = _next_meeting(lines, nxt, bare)
    span = Span.of(lines[:end]) if end else Span.of(lines[:1])
    return MeetingPart(header, tuple(notes), tuple(items), next_meeting, span), end, footnotes


def _unlabelled_agenda(lines: list[Line], issues: list[Issue]) -> tuple[int | None, int] | None:
    """(index of the misprinted label, index of the first agenda item) of a meeting whose
    '3. Subjects discussed ...:' label is not found (lost, misread by OCR, its colon
    missing): its agenda starts at its first item after the chairperson field; the line
    right before that item is the label when it still looks like one. An issue says so."""
    chair = _index(lines, CHAIR_FIELD_RE)
    first = _index(lines, ITEM_RE, chair + 1 if chair is not None else 0)
    if first is None:
        return None
    label = first - 1
    if label <= (chair if chair is not None else -1) or not MISPRINTED_SECTION3_RE.search(
        lines[label].text
    ):
        label = None
    where = lines[label if label is not None else first]
    issues.append(
        Issue(
            "warning",
            "agenda-label-missing",
            "The label '3. Subjects discussed – Statements – Decisions/documents adopted:' "
            "is missing or misprinted; the agenda is read from its first item.",
            where.span,
            where.text[:200],
        )
    )
    return label, first


def _first_page_lost(lines: list[Line]) -> int | None:
    """The index of the first agenda item of a journal that starts inside its agenda (its
    first page lost: no header field before the item), else None."""
    first = _index(lines, ITEM_RE)
    if first is None or any(LABEL_RE.search(ln.text) for ln in lines[:first]):
        return None
    return first


def _when_next_is_lost(
    lines: list[Line], start: int, nxt: int | None, issues: list[Issue]
) -> tuple[int | None, bool, int | None]:
    """(index of the next meeting's label, or of its value printed bare; whether it is the
    bare value; where the appended documents start) of a meeting whose '4. Next meeting'
    is not found. A label misread by OCR ('4. Ncxt meeting:') is still the label. Lost, the
    documents appended to the journal end its agenda (their heading), and a date and time
    right before them is its value. An issue says which."""
    if nxt is not None:
        return nxt, False, None
    appended = first_appended(lines, start)
    for i in range(start, appended if appended is not None else len(lines)):
        if DECISION_TITLE_RE.match(lines[i].text) or APPENDED_HEADING_RE.match(lines[i].text):
            break  # past the agenda: an appended document (its heading lost?)
        if m := MISREAD_NEXT_RE.match(lines[i].text):
            value = m.group(1) or (lines[i + 1].text if i + 1 < len(lines) else "")
            if parse_date(value) or "announced" in value:
                issues.append(
                    Issue(
                        "warning",
                        "next-meeting-misread",
                        "The label '4. Next meeting:' is misprinted (a scan misread?); it is "
                        "read as that label.",
                        lines[i].span,
                        lines[i].text[:200],
                    )
                )
                return i, False, None
    if appended is None:
        return None, False, None
    issues.append(
        Issue(
            "warning",
            "next-meeting-missing",
            "The journal has no '4. Next meeting' before the documents appended to it (the "
            "line lost, or printed otherwise); its agenda is read up to them.",
            lines[appended].span,
            lines[appended].text[:200],
        )
    )
    value = appended - 1
    if value > start and parse_date(lines[value].text) and parse_time(lines[value].text):
        return value, True, appended  # the label alone lost
    return None, False, appended


def _parse_headless_meeting(
    lines: list[Line],
    first: int,
    nxt: int | None,
    bare: bool,
    appended: int | None,
    issues: list[Issue],
):
    """_parse_meeting of a journal whose text starts inside its agenda: the meeting's header
    is not known; what stands before the first item whole (the end of an item whose start
    is lost) is reported."""
    if first:
        issues.append(
            Issue(
                "warning",
                "unrecognised-text",
                "The text starts inside the journal's agenda (its first page lost?): what "
                "stands before the first agenda item belongs to an item whose start is lost.",
                Span.of(lines[:first]),
                Joined(lines[:first]).text[:200],
            )
        )
    header, header_issues = parse_header(lines[first : first + 1])
    header = replace(header, body=None)  # (not the body an item's title names)
    issues.extend(header_issues)
    stop = nxt if nxt is not None else appended
    agenda_lines, footnotes = take_footnotes(lines[first:stop], "journal")
    items, _, agenda_issues = parse_agenda(agenda_lines)
    issues.extend(agenda_issues)
    next_meeting, end = None, (stop if stop is not None else len(lines))
    if nxt is not None:
        next_meeting, end = _next_meeting(lines, nxt, bare)
    part = MeetingPart(header, (), tuple(items), next_meeting, Span.of(lines[:end]), True)
    return part, end, footnotes


def _next_meeting(lines: list[Line], i: int, bare: bool = False) -> tuple[NextMeeting, int]:
    """(the next meeting, index after it) from its label at i (or its value, bare)."""
    m = None if bare else (NEXT_RE.match(lines[i].text) or MISREAD_NEXT_RE.match(lines[i].text))
    used = [lines[i]]
    value = lines[i].text.strip() if m is None else m.group(1).strip()
    j = i + 1
    if not value and j < len(lines):
        used.append(lines[j])
        value = lines[j].text
        j += 1
    date, time = parse_date(value), parse_time(value)
    place = None
    tail = value.rsplit(",", 1)[-1].strip() if "," in value else ""
    pm = PLACE_RE.search(tail) if tail else None
    if pm:
        place = (pm.group(1) or pm.group(2)).strip()
    return NextMeeting(date, time, place, Span.of(used)), j


def _body_from_marks(marks: list[Mark], issues: list[Issue]) -> str | None:
    """The body of a journal whose header does not say it (its first lines lost), from the
    marks it prints of itself (own_marks.py) when they all name one body; an issue says
    where it was read."""
    bodies = {body for body, _, _ in marks}
    if len(bodies) != 1:
        return None
    body, _, where = marks[0]
    issues.append(
        Issue(
            "warning",
            "body-from-symbol",
            "The journal's header does not name its body (PC, FSC or MC); it is read as "
            f"{body} from the journal's own symbol or number (a running page header, the "
            "heading of an appended document).",
            where.span,
            where.text[:200],
        )
    )
    return body


def _journal_symbol(text: str, body: str | None) -> tuple[str | None, int | None, int | None]:
    """(symbol, journal number, corrigendum) of the journal: the first journal symbol of its
    body the text prints (one of another body's is a citation), else its journal number."""
    symbols = JOURNAL_SYMBOL_RE.finditer(text)
    m = next((m for m in symbols if body is None or (m.group(1) or "MC") == body), None)
    if m:
        return symbol_of(m)
    m = JOURNAL_NO_RE.search(text)
    if m and (body is None or m.group(1) == body):
        return f"{m.group(1)}.JOUR/{m.group(2)}", int(m.group(2)), None
    return None, None, None
