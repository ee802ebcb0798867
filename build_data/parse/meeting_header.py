"""A meeting's header in a journal (MeetingHeader): its title, '1. Date', the times of
its sittings, 'Chairmanship' and '2. Chairperson'. (The first lines of any document, journal
or not, are read by doc_header.py.)"""

from __future__ import annotations

import re

from .dates import BROKEN_TIME_RE, parse_date, parse_time
from .joined import Joined
from .records import Issue, Line, MeetingHeader, Sitting, Span
from .vocabulary import (
    CHAIR_LABEL,
    CHAIRMANSHIP_LABEL,
    DATE_LABEL,
    HONORIFIC,
    MEETING_KIND,
    NEXT_MEETING_LABEL,
    ORDINAL,
    ORDINAL_SUFFIX,
    SECTION3_LABEL,
    SITTING_WORDS,
)

# A lookahead (?=[...]) in front of a pattern names the characters a match can start with:
# an attempt anywhere else fails at its first test, before any alternative is tried (the
# engine still makes an attempt at every position; see dates.DATE_RE).
TITLE_RE = re.compile(
    r"(?=[\dJMRS])(?P<title>"
    rf"(?:(?P<pre>{MEETING_KIND})\s+)?"
    r"MEETING OF THE (?:PERMANENT COUNCIL|FORUM(?: FOR SECURITY CO-OPERATION)?)"
    rf"\s*\(\s*(?P<num1>\d+){ORDINAL_SUFFIX}\s+"
    r"(?:\(?(?:Special|Reinforced)\)?\s+)?Plenary Meeting\s*\)"
    rf"|(?<!\d)(?P<num2>\d+){ORDINAL_SUFFIX}\s+(?:\(?(?P<mid>{MEETING_KIND})\)?\s+)?"
    r"PLENARY MEETING OF THE "
    r"(?P<of>COUNCIL|PERMANENT COUNCIL|FORUM(?: FOR SECURITY CO-OPERATION)?)"
    r")",
    re.IGNORECASE,
)
MC_DAY_RE = re.compile(
    rf"(?=[\dCEFNOST])(?P<day>{ORDINAL}\s+DAY OF THE\s+[A-Z-]+\s+"
    r"MEETING OF THE\s+MINISTERIAL COUNCIL)"
)
MC_SESSION_RE = re.compile(
    rf"(?=[\dCEFNOST])(?P<session>(?:{ORDINAL}\s+)(?:PLENARY\s+)?SESSION(?:\s*\((?:OPEN|CLOSED)\))?"
    rf"|(?<!\d)(?P<plenary>\d+){ORDINAL_SUFFIX}\s+PLENARY MEETING\s*\((?:OPEN|CLOSED)\))"
)
LABELS = {
    "chairmanship": CHAIRMANSHIP_LABEL,
    "date": rf"\b{DATE_LABEL}\s*:",
    **{name: rf"\b{word}\s*:" for name, word in SITTING_WORDS.items()},
    "chairperson": rf"\b{CHAIR_LABEL}\s*:",
    "section3": rf"\b{SECTION3_LABEL}[^:]*:",
}
DATE_LINE_RE = re.compile(rf"^{DATE_LABEL}\b")  # a meeting (an MC session) starts here
SECTION3_RE = re.compile(rf"^{SECTION3_LABEL}.*?:\s*$", re.IGNORECASE)
NEXT_RE = re.compile(rf"^{NEXT_MEETING_LABEL}\s*:?\s*(.*)$", re.IGNORECASE)
# The next meeting's label misread ('4. Ncxt meeting:', '4. Next rneeting:'): a 4, two words
# of about the label's lengths, a colon; its value after it.
MISREAD_NEXT_RE = re.compile(r"^4\s*[.,]?\s*[A-Za-z]{3,5}\s+[A-Za-z]{6,8}\s*:\s*(.*)$")
LABEL_RE = re.compile(
    "(?=[123COSR])(?:" + "|".join(f"(?P<{k}>{v})" for k, v in LABELS.items()) + ")"
)
CHAIR_SPLIT_RE = re.compile(rf"(?:,\s*|(?<!\s)\s+)(?={HONORIFIC}\s(?!for\b|of\b|to\b|and\b))")
PAREN_RE = re.compile(r"\(([^()]*)\)")
HONORIFIC_END_RE = re.compile(rf"{HONORIFIC}$")
HONORIFIC_MAX = 12  # characters: the longest honorific ('Lieutenant') and then some


def body_of(text: str) -> str | None:
    t = text.upper()
    if "MINISTERIAL COUNCIL" in t:
        return "MC"
    if "FORUM" in t:
        return "FSC"
    if "COUNCIL" in t:
        return "PC"
    return None


def split_chairpersons(value: str) -> tuple[str, ...]:
    """'Ambassador R. Boháč Ambassador K. Žáková' -> two names; 'H.E. Dr. X' stays one."""
    value = value.strip().rstrip(",;")
    cuts = [0]
    for m in CHAIR_SPLIT_RE.finditer(value):
        end = m.start()
        while (
            end and value[end - 1].isspace()
        ):  # the end of value[:m.start()].rstrip(), without copying it
            end -= 1
        if HONORIFIC_END_RE.search(
            value, max(0, end - HONORIFIC_MAX), end
        ):  # 'H.E. Dr.': one title, not two people
            continue
        cuts.append(m.start())
    parts = [value[a:b] for a, b in zip(cuts, cuts[1:] + [len(value)], strict=False)]
    names = [p.strip().strip(",;").strip() for p in parts]
    return tuple(n for n in names if n)


def _may_hold_mc_day(text: str) -> bool:
    """Could MC_DAY_RE match in text? It prints 'MINISTERIAL COUNCIL': a substring test
    spares the other journals the search."""
    return "MINISTERIAL COUNCIL" in text


def _may_hold_mc_session(text: str) -> bool:
    """Could MC_SESSION_RE match in text? Its forms print 'SESSION', '(OPEN)' or '(CLOSED)'."""
    return "SESSION" in text or "(OPEN)" in text or "(CLOSED)" in text


def _title_marks(
    titles: list[re.Match], days: list[re.Match], sessions: list[re.Match]
) -> list[tuple[int, int, str]]:
    marks = [(m.start(), m.end(), "title") for m in titles]
    marks += [(m.start(), m.end(), "day") for m in days]
    marks += [(m.start(), m.end(), "session") for m in sessions]
    return marks


def parse_header(lines: list[Line]) -> tuple[MeetingHeader, list[Issue]]:
    joined = Joined(lines)
    text = joined.text
    issues: list[Issue] = []
    titles, days, sessions = (
        list(TITLE_RE.finditer(text)),
        list(MC_DAY_RE.finditer(text)) if _may_hold_mc_day(text) else [],
        list(MC_SESSION_RE.finditer(text)) if _may_hold_mc_session(text) else [],
    )
    marks = [(m.start(), m.end(), m.lastgroup) for m in LABEL_RE.finditer(text)] + _title_marks(
        titles, days, sessions
    )
    marks.sort()
    fields: list[tuple[str, str, int, int]] = []
    for i, (start, end, name) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        fields.append((name, text[end:stop].strip(), start, stop))

    def first(name: str) -> tuple[str, int, int] | None:
        for n, v, s, e in fields:
            if n == name:
                return v, s, e
        return None

    date_at = next((s for n, _, s, _ in fields if n == "date"), len(text))
    before_date = [
        (s, e) for s, e, n in marks if n in ("title", "day", "session") and s < date_at
    ] or [(s, e) for s, e, n in marks if n in ("title", "day", "session")]
    title_ms = [m for m in titles if m.start() < date_at] or titles
    title_m = title_ms[-1] if title_ms else None
    day_m = next((m for m in days if m.start() < date_at), None)
    session_m = next((m for m in sessions if m.start() < date_at), None)
    title = None
    meeting_number = None
    body = None
    kind = None  # no title printed (its first lines lost): the kind is not known
    session = None
    if title_m:
        title = re.sub(r"\s+", " ", title_m.group("title"))
        num = title_m.group("num1") or title_m.group("num2")
        meeting_number = int(num) if num else None
        pre = (title_m.group("pre") or title_m.group("mid") or "").lower()
        kind = pre if pre in ("special", "reinforced", "joint") else "regular"
        body = body_of(title)
    elif day_m or session_m:
        body = "MC"
        session = re.sub(r"\s+", " ", session_m.group("session")) if session_m else None
        title = " ".join(re.sub(r"\s+", " ", m.group(0)) for m in (day_m, session_m) if m)
        if session_m and session_m.group("plenary"):
            meeting_number = int(session_m.group("plenary"))
        kind = "session" if session and "SESSION" in session else "regular"
    if body is None:
        first_title = min((s for s, _ in before_date), default=len(text))
        body = body_of(text[:first_title] if before_date else text)

    date = location = None
    date_field = first("date")
    if date_field:
        value = date_field[0]
        date = parse_date(value)
        paren = PAREN_RE.search(value)
        if paren:
            location = paren.group(1).strip()
        if not date:
            issues.append(
                Issue(
                    "warning",
                    "unreadable-date",
                    "The meeting date could not be read; check the '1. Date' line of the source.",
                    joined.span(date_field[1], date_field[2]),
                    value[:200],
                )
            )

    sittings, opened, closed = _sittings(fields, date, joined, issues)
    chair = first("chairmanship")
    chairmanship = (chair[0].strip() or None) if chair else None
    cp = first("chairperson")
    chairpersons = split_chairpersons(cp[0]) if cp else ()
    header = MeetingHeader(
        body=body,
        title=title,
        kind=kind,
        meeting_number=meeting_number,
        date=date,
        location=location,
        opened=opened,
        closed=closed,
        sittings=tuple(sittings),
        chairmanship=chairmanship,
        chairpersons=chairpersons,
        span=Span.of(lines),
        session=session,
    )
    if title is None:
        issues.append(
            Issue(
                "warning",
                "untitled-meeting",
                "The meeting's title is not printed (the journal's first lines may be lost) "
                "or not in a form known here; its kind and meeting number are not known.",
                header.span,
                lines[0].text[:200],
            )
        )
    return header, issues


def _sittings(fields, date, joined: Joined, issues: list[Issue]):
    sittings: list[Sitting] = []
    opened = closed = None
    current: dict | None = None
    for name, value, start, stop in fields:
        if name not in ("opened", "suspended", "resumed", "closed"):
            continue
        when = parse_time(value)
        span = joined.span(start, stop)
        if when is None and (BROKEN_TIME_RE.search(value) or value):
            issues.append(
                Issue(
                    "warning",
                    "unreadable-time",
                    f"The '{name.capitalize()}:' time could not "
                    "be read and is left empty; check the source.",
                    span,
                    value[:80],
                )
            )
        on = parse_date(value) or (sittings[-1].date if sittings else date)
        if name in ("opened", "resumed"):
            if name == "opened" and opened is None and not sittings:
                opened = when
            current = {"date": on, "started": when, "span": span}
        else:
            if current is None:
                current = {"date": on, "started": None, "span": span}
            sittings.append(
                Sitting(
                    on if current["date"] is None else current["date"],
                    current["started"],
                    when,
                    name,
                    current["span"].union(span),
                )
            )
            current = None
            if name == "closed":
                closed = when
    if current is not None:
        sittings.append(Sitting(current["date"], current["started"], None, None, current["span"]))
    return sittings, opened, closed
