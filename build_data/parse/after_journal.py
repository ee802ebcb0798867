"""What follows the journal proper: appended decisions, their attachments (interpretative
statements) and the journal's annexes."""

from __future__ import annotations

import re

from .classify import ORGANIZATION_RE
from .dates import DATE_RE, parse_date
from .decision_text import parse_decision_body, split_title_run, title_block
from .doc_header import PLENARY_RE as DOC_PLENARY_RE
from .footnotes import take_footnotes
from .memo import line_cache
from .paragraphs import is_upper_title, rejoined_text
from .records import AttachedStatement, DecisionText, Footnote, Issue, Line, Span
from .symbol_grammar import COUNCIL, SERIES
from .vocabulary import (
    AGENDA_ITEM,
    ATTACHMENT,
    BODY_NAME,
    DECISION_NUMBER,
    DECISION_TITLE,
    DELEGATION,
    INTERPRETATIVE_STATEMENT,
    JOURNAL_WORDS,
    ORDINAL_SUFFIX,
    ORIGINAL_LANGUAGE,
    PLENARY_MEETING,
    decision_number,
)

PLENARY_RE = re.compile(rf"^(\d+){ORDINAL_SUFFIX}\s+{PLENARY_MEETING}\b.*$", re.IGNORECASE)
# an MC journal's too: 'MC(3) Journal No. 1, Agenda item 1'
JOURNAL_REF = (
    rf"({COUNCIL})(?:\(\d+\))?\s+{JOURNAL_WORDS}\s*(\d+)\s*,?\s*(?:{AGENDA_ITEM}\s+(\d+))?"
)
JOURNAL_REF_RE = re.compile(f"^{JOURNAL_REF}", re.IGNORECASE)
JOURNAL_IN_LINE_RE = re.compile(rf"\b{JOURNAL_REF}", re.IGNORECASE)  # in a header run into a line
DECISION_TITLE_RE = re.compile(rf"^{DECISION_TITLE}\s*({DECISION_NUMBER})\s*(.*)$")
ATTACHMENT_RE = re.compile(rf"^({ATTACHMENT})\s*+(\d+)?\s*$", re.IGNORECASE)
ORIGINAL_RE = re.compile(
    rf"^(?:{ORIGINAL_LANGUAGE}\s*\w+|\w+ only|ENGLISH|FRENCH|GERMAN|ITALIAN|RUSSIAN|SPANISH)$",
    re.IGNORECASE,
)
SYMBOL_LINE_RE = re.compile(rf"^{SERIES}/\S+(?:\s+\S+)?$")
STATEMENT_TITLE_RE = re.compile(
    rf"^(?:INTERPRETATIVE STATEMENT|STATEMENT BY|STATEMENT OF|{INTERPRETATIVE_STATEMENT})\b"
)
# An appended document's first lines when its two-column header is read across: the
# organisation and its symbol, the body and its date, the symbol, the date and the
# attachment's number ('PC.JOUR/3 20 January 1995 Annex 1'), the languages, or the whole
# header on one line.
STRONG_HEAD = (
    rf"(?:{ORGANIZATION_RE.pattern})\s+(?P<org_symbol>{SERIES}/\S+)"
    rf"(?P<flat>\s+{BODY_NAME}\s+{DATE_RE.pattern}.*)?"
    rf"|{BODY_NAME}\s+{DATE_RE.pattern}"
    rf"|(?P<symbol>{SERIES}/\S+)\s+{DATE_RE.pattern}\s+(?P<att>{ATTACHMENT})\s*(?P<n>\d*)"
    rf"|(?<![A-Z])[A-Z]+\s+{ORIGINAL_LANGUAGE}\s*[A-Z]+"  # 'ENGLISH Original: ITALIAN'
)
# ... and lines that open a header only when a header line follows them (in a text they
# may stand alone: the organisation's or a body's name in an address, a table's row).
WEAK_HEAD = (
    rf"(?:{ORGANIZATION_RE.pattern})|{BODY_NAME}|(?P<row_symbol>{SERIES}/\S+)\s+{DATE_RE.pattern}"
)
DOCUMENT_HEAD_RE = re.compile(f"(?P<strong>{STRONG_HEAD})|(?P<weak>{WEAK_HEAD})")
DELEGATION_RE = re.compile(rf"^{DELEGATION}\s+(.|.+?(?<!\s))\s*+:?\s*$", re.IGNORECASE)


# The header-line patterns above as one (a line is tested once, not six times); the date must fill
# the line.
HEADER_LINE_RE = re.compile(
    "|".join(
        [
            *(
                f"(?i:{p.pattern})"
                for p in (PLENARY_RE, JOURNAL_REF_RE, ATTACHMENT_RE, ORIGINAL_RE)
            ),
            f"(?:{SYMBOL_LINE_RE.pattern})",
            rf"(?:{DATE_RE.pattern})\Z",
        ]
    )
)


@line_cache
def _is_header_line(text: str) -> bool:
    return HEADER_LINE_RE.match(text) is not None


def _opens_head(lines: list[Line], i: int) -> bool:
    """Is lines[i] a line of a document's header read across (STRONG_HEAD), or one that
    opens a header with a header line after it, or after more such lines (WEAK_HEAD:
    'Organization for ...' / 'Permanent Council' / 'PC.DEC/1108' as pdftotext stacks a
    two-column header)?"""
    m = DOCUMENT_HEAD_RE.fullmatch(lines[i].text)
    if m is None or m.group("strong") is not None:
        return m is not None
    for after in lines[i + 1 : i + 4]:  # the weak lines stacked under it, then a header line
        if _is_header_line(after.text):
            return True
        n = DOCUMENT_HEAD_RE.fullmatch(after.text)
        if n is None:
            return False
        if n.group("strong") is not None:
            return True
    return False


def _units(lines: list[Line]) -> list[tuple[list[Line], list[Line]]]:
    """(header lines, body lines) of each unit; a unit starts with header lines, a
    decision title or a statement title."""
    units: list[tuple[list[Line], list[Line]]] = []
    header: list[Line] = []
    for i, ln in enumerate(lines):
        t = ln.text
        if _is_header_line(t) or _opens_head(lines, i):
            header.append(ln)
            continue
        starts = DECISION_TITLE_RE.match(t) or STATEMENT_TITLE_RE.match(t)
        if header or starts or not units:
            units.append((header, [ln]))
            header = []
        else:
            units[-1][1].append(ln)
    if header:
        units.append((header, []))
    return units


def parse_after_journal(
    lines: list[Line], body: str | None
) -> tuple[list[DecisionText], list[AttachedStatement], list[Footnote], list[Issue]]:
    decisions: list[DecisionText] = []
    statements: list[AttachedStatement] = []
    footnotes: list[Footnote] = []
    issues: list[Issue] = []
    current_decision: str | None = None
    for header, unit in _units(lines):
        meta = _header_meta(header)
        first = unit[0].text if unit else ""
        if m := DECISION_TITLE_RE.match(first):
            number, _ = decision_number(m.group(1))
            rest = unit[1:]
            if m.group(2).strip():
                rest = [*split_title_run(unit[0].with_text(m.group(2).strip())), *rest]
            title, used = title_block(rest)
            text_lines, notes = take_footnotes(rest[used:], f"decision {number}")
            footnotes.extend(notes)
            full, paragraphs, items, refs = parse_decision_body(text_lines)
            span = Span.of(header + unit)
            decisions.append(
                DecisionText(
                    number,
                    title,
                    meta["symbol"],
                    meta["plenary"],
                    meta["journal"],
                    meta["item"],
                    meta["date"],
                    full,
                    tuple(paragraphs),
                    tuple(items),
                    tuple(refs),
                    span,
                )
            )
            current_decision = number
        elif unit and (
            STATEMENT_TITLE_RE.match(first)
            or meta["attachment"] is not None
            or DELEGATION_RE.match(first)
        ):
            statements.append(_statement(header, unit, meta, current_decision, footnotes))
        else:
            span = Span.of(header + unit)
            excerpt = " ".join(ln.text for ln in (header + unit)[:3])[:200]
            issues.append(
                Issue(
                    "warning",
                    "unrecognised-text",
                    "Text after the journal could not be read as a decision, attachment or annex; "
                    "it is kept here only.",
                    span,
                    excerpt,
                )
            )
    return decisions, statements, footnotes, issues


def _header_meta(header: list[Line]) -> dict:
    meta = {
        "symbol": None,
        "plenary": None,
        "journal": None,
        "item": None,
        "date": None,
        "attachment": None,
        "annex": False,
    }
    for ln in header:
        t = ln.text
        if m := PLENARY_RE.match(t):
            meta["plenary"] = int(m.group(1))
        elif m := JOURNAL_REF_RE.match(t):
            meta["journal"] = int(m.group(2))
            meta["item"] = int(m.group(3)) if m.group(3) else None
        elif m := ATTACHMENT_RE.match(t):
            meta["attachment"] = int(m.group(2)) if m.group(2) else 0
            meta["annex"] = m.group(1).lower() == "annex"
        elif SYMBOL_LINE_RE.match(t):
            meta["symbol"] = t.split()[0]
        elif DATE_RE.fullmatch(t):
            meta["date"] = parse_date(t)
        elif m := DOCUMENT_HEAD_RE.fullmatch(t):
            symbol = m.group("org_symbol") or m.group("symbol") or m.group("row_symbol")
            if symbol:
                meta["symbol"] = symbol
            if date := parse_date(t):
                meta["date"] = date
            if m.group("flat"):  # the whole header on one line
                flat = m.group("flat")
                if plenary := DOC_PLENARY_RE.search(flat):
                    meta["plenary"] = int(plenary.group(1))
                if ref := JOURNAL_IN_LINE_RE.search(flat):
                    meta["journal"] = int(ref.group(2))
                    meta["item"] = int(ref.group(3)) if ref.group(3) else None
            if m.group("att"):
                meta["attachment"] = int(m.group("n")) if m.group("n") else 0
                meta["annex"] = m.group("att").lower() == "annex"
    return meta


def _statement(header, unit, meta, decision_number, footnotes) -> AttachedStatement:
    body = list(unit)
    while body and is_upper_title(body[0].text):
        body.pop(0)
    delegation = None
    if body and (m := DELEGATION_RE.match(body[0].text)):
        delegation = m.group(1).strip()
        body.pop(0)
    body, notes = take_footnotes(body, "statement")
    footnotes.extend(notes)
    text = rejoined_text(body)
    number = meta["attachment"] or None
    kind = "annexed_statement" if meta["annex"] else "interpretative_statement"
    return AttachedStatement(
        kind,
        number,
        delegation,
        decision_number if kind != "annexed_statement" else None,
        text,
        Span.of(header + unit),
    )
