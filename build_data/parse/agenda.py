"""Section 3 of a journal: agenda items, their speaker lists and decisions."""

from __future__ import annotations

import re

from .joined import Joined
from .records import AgendaItem, DecisionNotice, Issue, Line, Span
from .speakers import parse_speakers

ITEM_RE = re.compile(r"^Agenda item\s+(\d+)\s*:\s*(.*)$", re.IGNORECASE)
NONE_RE = re.compile(r"^None\.?$", re.IGNORECASE)
DECISION_START_RE = re.compile(r"^(?:Decisions?\s*:|The Chairperson announced that Decision)", re.IGNORECASE)
DECISION_RE = re.compile(
    r"Decision\s+No\.\s*(?P<number>\d+(?:/\d+)?)\s*(?:\((?P<symbol>[^()]*)\))?(?:\s+on\s+(?P<title>.+?)(?:,\s+the text of which|,?\s+had been adopted|\.$|$))?",
    re.IGNORECASE | re.DOTALL,
)
LIST_KINDS = [
    (re.compile(r"^Points? of order\s*:\s*", re.IGNORECASE), "point_of_order"),
    (re.compile(r"^Rights? of reply\s*:\s*", re.IGNORECASE), "right_of_reply"),
    (re.compile(r"^Contributions? by\s*:\s*", re.IGNORECASE), "contribution"),
]


def _decision_lines(body: list[Line], i: int) -> int:
    """Index after the last line of a decision notice starting at body[i]."""
    j = i
    while j < len(body) and not body[j].text.rstrip().endswith("."):
        if j > i and (ITEM_RE.match(body[j].text) or DECISION_START_RE.match(body[j].text)):
            return j
        j += 1
    return min(j + 1, len(body))


def parse_agenda(lines: list[Line]) -> tuple[list[AgendaItem], list[Line], list[Issue]]:
    """Agenda items found in lines; returns also the lines before the first item."""
    starts = [i for i, ln in enumerate(lines) if ITEM_RE.match(ln.text)]
    before = lines[: starts[0]] if starts else list(lines)
    items, issues = [], []
    for k, i in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        item, item_issues = _parse_item(lines[i], lines[i + 1 : end])
        items.append(item)
        issues.extend(item_issues)
    return items, before, issues


def _parse_item(head: Line, body: list[Line]) -> tuple[AgendaItem, list[Issue]]:
    m = ITEM_RE.match(head.text)
    number, title = int(m.group(1)), m.group(2).strip()
    entries, decisions, issues = [], [], []
    pending: list[Line] = []

    def flush():
        if pending:
            entries.extend(parse_speakers(pending, "statement", len(entries) + 1))
            pending.clear()

    i = 0
    while i < len(body):
        ln = body[i]
        if NONE_RE.match(ln.text):
            flush()
            i += 1
            continue
        if DECISION_START_RE.match(ln.text):
            flush()
            j = _decision_lines(body, i)
            notice = _decision_notice(body[i:j])
            if notice:
                decisions.append(notice)
            else:
                issues.append(Issue("warning", "unreadable-decision", "A decision line names no decision number; the decision is not linked to this agenda item.", Span.of(body[i:j]), Joined(body[i:j]).text[:200]))
            i = j
            continue
        for pattern, kind in LIST_KINDS:
            pm = pattern.match(ln.text)
            if pm:
                flush()
                entries.extend(parse_speakers([ln], kind, len(entries) + 1, prefix_len=pm.end()))
                break
        else:
            pending.append(ln)
        i += 1
    flush()
    span = Span.of([head, *body])
    return AgendaItem(number, None, None, title, tuple(entries), tuple(decisions), span), issues


def _decision_notice(lines: list[Line]) -> DecisionNotice | None:
    text = Joined(lines).text
    m = DECISION_RE.search(text)
    if not m:
        return None
    title = m.group("title")
    return DecisionNotice(m.group("number"), (m.group("symbol") or "").strip() or None, " ".join(title.split()) if title else None, Span.of(lines))
