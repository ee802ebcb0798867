"""Parse one extracted text into a ParsedDocument. Pure: never raises on content; what
is not understood becomes an Issue."""

from __future__ import annotations

import re

from ..extract.model import ExtractedText
from .agenda import parse_agenda
from .appendix import parse_appendix
from .classify import classify
from .furniture import separate, take_footnotes
from .header import parse_header
from .joined import Joined
from .lines import content_lines
from .records import Issue, Line, NextMeeting, ParsedDocument, Span
from .when import parse_date, parse_time

SECTION3_RE = re.compile(r"^3\s*\.\s*Subjects discussed\b.*?:\s*$", re.IGNORECASE)
NEXT_RE = re.compile(r"^4\s*\.\s*Next meeting\s*:?\s*(.*)$", re.IGNORECASE)
JOURNAL_SYMBOL_RE = re.compile(r"\b(PC|FSC)\.JOUR/(\d+)(?:/Corr\.(\d))?|\bMC\((\d+)\)\.JOUR(?:/(\d+))?")
JOURNAL_NO_RE = re.compile(r"\b(PC|FSC|MC) Journal No\.?\s*(\d+)")
PLACE_RE = re.compile(r"\bin the (.+?)\s*\.?$|\bat (?:the )?([A-Z][^,]+?)\s*\.?$")


def parse_document(extracted: ExtractedText) -> ParsedDocument:
    lines = content_lines(extracted)
    lines, furniture = separate(lines)
    issues: list[Issue] = []
    text = "\n".join(ln.text for ln in lines)
    kind = classify(text) if lines else "not_recognised"
    empty = ParsedDocument(kind, None, None, None, None, None, (), None, (), (), (), tuple(furniture), (), None)
    if not lines:
        return empty
    if kind != "journal":
        code, level, message = {
            "decision": ("not-a-journal", "warning", "This is a decision document, not a journal; it is listed in sources but its text is not parsed into tables yet."),
            "status_table": ("not-a-journal", "warning", "This is a status table of draft documents, not a journal; no meetings are read from it."),
            "other": ("not-a-journal", "warning", "This OSCE document is not a meeting journal; no meetings are read from it."),
        }.get(kind, ("not-a-journal", "error", "This file is not recognised as an OSCE journal; check that it is the text of a PC, FSC or MC journal."))
        issues.append(Issue(level, code, message, Span.of(lines), lines[0].text[:200]))
        return ParsedDocument(kind, None, None, None, None, None, (), None, (), (), (), tuple(furniture), tuple(issues), None)
    return _parse_journal(lines, furniture, issues)


def _index(lines: list[Line], pattern: re.Pattern, start: int = 0) -> int | None:
    for i in range(start, len(lines)):
        if pattern.match(lines[i].text):
            return i
    return None


def _parse_journal(lines, furniture, issues) -> ParsedDocument:
    s3 = _index(lines, SECTION3_RE)
    nxt = _index(lines, NEXT_RE, s3 or 0)
    header_lines = lines[: s3 + 1] if s3 is not None else lines[: nxt or len(lines)]
    header, header_issues = parse_header(header_lines)
    issues.extend(header_issues)
    agenda_lines = lines[s3 + 1 : nxt] if s3 is not None else []
    agenda_lines, notes = take_footnotes(agenda_lines, "journal")
    footnotes = list(notes)
    items, before, agenda_issues = parse_agenda(agenda_lines)
    issues.extend(agenda_issues)
    if before:
        issues.append(Issue("warning", "unrecognised-text", "Text between the section 3 label and the first agenda item was not understood.", Span.of(before), Joined(before).text[:200]))

    next_meeting, end = None, (nxt if nxt is not None else len(lines))
    if nxt is not None:
        next_meeting, end = _next_meeting(lines, nxt)
    decisions, attachments, more_notes, appendix_issues = parse_appendix(lines[end:], header.body)
    footnotes.extend(more_notes)
    issues.extend(appendix_issues)

    all_text = "\n".join(ln.text for ln in lines)
    symbol, journal_number, corrigendum = _journal_symbol(all_text, header.body)
    if journal_number is None:
        journal_number = next((d.journal_number for d in decisions if d.journal_number), None)
    journal_span = Span(lines[0].no, lines[end - 1].no) if end > 0 else None
    return ParsedDocument(
        "journal", symbol, header.body, header, journal_number, corrigendum, tuple(items), next_meeting,
        tuple(decisions), tuple(attachments), tuple(footnotes), tuple(furniture), tuple(issues), journal_span,
    )


def _next_meeting(lines: list[Line], i: int) -> tuple[NextMeeting, int]:
    m = NEXT_RE.match(lines[i].text)
    used = [lines[i]]
    value = m.group(1).strip()
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


def _journal_symbol(text: str, body: str | None) -> tuple[str | None, int | None, int | None]:
    m = JOURNAL_SYMBOL_RE.search(text)
    if m and m.group(1):
        corr = int(m.group(3)) if m.group(3) else None
        symbol = f"{m.group(1)}.JOUR/{m.group(2)}" + (f"/Corr.{corr}" if corr else "")
        return symbol, int(m.group(2)), corr
    if m and m.group(4):
        number = int(m.group(5)) if m.group(5) else None
        return f"MC({m.group(4)}).JOUR" + (f"/{number}" if number else ""), number, None
    m = JOURNAL_NO_RE.search(text)
    if m and (body is None or m.group(1) == body):
        return f"{m.group(1)}.JOUR/{m.group(2)}", int(m.group(2)), None
    return None, None, None
