"""meetings rows and what hangs on them: meeting_sessions, agenda_items, meeting_notes,
and (through decisions.py and statements.py) the decisions and statements of a meeting;
an MC journal's sessions are meetings of their own."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from ..parse.records import AgendaItem, MeetingPart, Note, ParsedDocument, Span
from .builder import SourceBuilder, SourceInfo, prov
from .decisions import decision_number_read, decision_rows
from .statements import attachment_rows, entry_rows

MC_SYMBOL_RE = re.compile(r"^MC\((\d+)\)")


def _slug(text: str) -> str:
    text = re.sub(r"\((?:OPEN|CLOSED)\)", "", text, flags=re.IGNORECASE)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _meeting_id(doc: ParsedDocument, source: SourceInfo, h=None) -> str:
    """pc-976, fsc-966; an MC journal's sessions: mc-17/1/opening-session (MC meeting,
    journal number, session title), mc-12/2/3rd-plenary-meeting."""
    h = h or doc.header
    body = (doc.body or "x").lower()
    mc = MC_SYMBOL_RE.match(doc.symbol or "")
    if doc.body == "MC" and mc:
        session = _slug(h.session or h.title or "") or "meeting"
        journal = doc.journal_number if doc.journal_number is not None else "-"
        return f"mc-{mc.group(1)}/{journal}/{session}"
    if h.meeting_number is not None:
        return f"{body}-{h.meeting_number}"
    if doc.journal_number is not None:
        return f"{body}-jour-{doc.journal_number}"
    return f"{body}-{source.id}"


def journal_rows(b: SourceBuilder) -> None:
    doc = b.doc
    parts = [
        MeetingPart(
            doc.header,
            doc.notes,
            doc.agenda_items,
            doc.next_meeting,
            doc.journal_span or doc.header.span,
            doc.starts_in_agenda,
        ),
        *doc.sessions,
    ]
    decision_ids: dict[str, str] = {}
    seen_ids: set[str] = set()
    for k, part in enumerate(parts):
        meeting_id = _meeting_id(doc, b.source, part.header)
        while meeting_id in seen_ids:
            meeting_id += "-2"
        seen_ids.add(meeting_id)
        if k == 0:
            b.meeting_id = meeting_id
        span = part.span if doc.sessions or doc.journal_span is None else doc.journal_span
        _meeting(b, meeting_id, part, span, decision_ids, with_appendix=(k == 0))


def _meeting(
    b: SourceBuilder,
    meeting_id: str,
    part: MeetingPart,
    span: Span,
    decision_ids: dict[str, str],
    with_appendix: bool,
) -> None:
    doc, source, h = b.doc, b.source, part.header
    chairmanship_id = None
    if h.chairmanship:
        chairmanship_id, _ = b.resolve(h.chairmanship, h.span)
    journal_symbol = doc.symbol
    if journal_symbol is None and doc.journal_number is not None and doc.body in ("PC", "FSC"):
        journal_symbol = f"{doc.body}.JOUR/{doc.journal_number}"
    nm = part.next_meeting
    b.rows["meetings"].append(
        {
            "id": meeting_id,
            "body": doc.body,
            "meeting_number": h.meeting_number,
            "journal_symbol": journal_symbol,
            "journal_number": doc.journal_number,
            "corrigendum": f"Corr.{doc.corrigendum}" if doc.corrigendum else None,
            "kind": h.kind,
            "title": h.title,
            "date": h.date,
            "year": int(h.date[:4]) if h.date else None,
            "location": h.location,
            "opened": h.opened,
            "closed": h.closed,
            "chairmanship": h.chairmanship,
            "chairmanship_actor_id": chairmanship_id,
            "chairperson": "; ".join(h.chairpersons) or None,
            "chair_actor_id": b.registry.chair_actor_id(doc.body) if doc.body else None,
            "next_meeting_date": nm.date if nm else None,
            "next_meeting_time": nm.time if nm else None,
            "next_meeting_place": nm.place if nm else None,
            **prov(source, span),
        }
    )
    for seq, s in enumerate(h.sittings, start=1):
        b.rows["meeting_sessions"].append(
            {
                "meeting_id": meeting_id,
                "seq": seq,
                "date": s.date,
                "started": s.started,
                "ended": s.ended,
                "ended_by": s.ended_by,
                **prov(source, s.span),
            }
        )

    notices: dict[str, tuple[AgendaItem, object]] = {}
    printed: dict[str, str] = {}  # a number as printed (a footnote mark glued to it): its own
    for item in part.agenda_items:
        for notice in item.decisions:
            number = b.without_footnote_mark(notice.number, notice.span, notice.issued_symbol)
            notices[number] = (item, notice)
            printed[notice.number] = number
    texts = {}
    for d in doc.decisions if with_appendix else ():
        number = b.without_footnote_mark(d.number, d.span, d.issued_symbol, frozenset(notices))
        texts[number] = d
        printed[d.number] = number
    for number in sorted(set(notices) | set(texts), key=_number_key):
        if not b.body:
            found = texts.get(number) or notices[number][1]
            b.issue(
                "warning",
                "unknown-body",
                "The journal's body (PC, FSC or MC) could not be "
                "read, so its decisions are not read into decisions.",
                found.span,
                number,
            )
            continue
        if not decision_number_read(b, number, (texts.get(number) or notices[number][1]).span):
            continue
        text = texts.get(number)
        if part.starts_in_agenda and number not in notices and text and text.agenda_item:
            numbers = [item.number for item in part.agenda_items if item.number is not None]
            first = min(numbers, default=None)
            if first is None or text.agenda_item < first:
                b.issue(
                    "warning",
                    "lost-agenda-item",
                    f"The decision was adopted under agenda item {text.agenda_item}, which is "
                    "on the part of the journal the text lacks; its agenda_item_id is empty.",
                    text.span,
                    number,
                )
                text = replace(text, agenda_item=None)
        elif number not in notices and text and text.agenda_item:
            printed_items = {
                item.number
                for p in (part, *doc.sessions)
                for item in p.agenda_items
                if item.number is not None
            }
            if text.agenda_item not in printed_items:
                b.issue(
                    "warning",
                    "lost-agenda-item",
                    f"The decision was adopted under agenda item {text.agenda_item}, which the "
                    "text does not print (its heading lost?); its agenda_item_id is empty.",
                    text.span,
                    number,
                )
                text = replace(text, agenda_item=None)
        decision_ids[number] = decision_rows(b, meeting_id, number, notices.get(number), text)
    for as_printed, number in printed.items():  # attachments name a decision as printed
        if number in decision_ids and as_printed not in decision_ids:
            decision_ids[as_printed] = decision_ids[number]

    note_position = 0

    def note(item_id: str | None, n: Note) -> None:
        nonlocal note_position
        note_position += 1
        b.rows["meeting_notes"].append(
            {
                "id": f"{meeting_id}/n{note_position}",
                "meeting_id": meeting_id,
                "agenda_item_id": item_id,
                "position": note_position,
                "kind": n.kind,
                "text": n.text,
                **prov(source, n.span),
            }
        )

    for k, n in enumerate(part.notes, start=1):
        note(None, n)
        for entry in n.entries:
            entry_rows(
                b, meeting_id, None, entry, None, sid=f"{meeting_id}/pre{k}/s{entry.position}"
            )

    entries_by_actor: dict[tuple[str, str | None], str] = {}
    unlettered: dict[str, int] = defaultdict(int)
    for position, item in enumerate(part.agenda_items, start=1):
        base = (
            f"{meeting_id}/{item.number}"
            if item.number is not None
            else f"{meeting_id}/p{position}"
        )
        parent_id = base if item.parent_number is not None else None
        if item.label:
            item_id = base + item.label.strip("()")
        elif parent_id:  # a sub-item printed without a letter: numbered in order, pc-976/3-1
            unlettered[base] += 1
            item_id = f"{base}-{unlettered[base]}"
        else:
            item_id = base
        b.rows["agenda_items"].append(
            {
                "id": item_id,
                "meeting_id": meeting_id,
                "number": item.number,
                "label": item.label,
                "parent_id": parent_id,
                "title": item.title,
                "position": position,
                **prov(source, item.span),
            }
        )
        if item.truncated:
            b.issue(
                "warning",
                "incomplete-item",
                "The source text ends inside this agenda item; "
                "its speaker list or decisions may be incomplete.",
                item.span,
                item_id,
            )
        for n in item.notes:
            note(item_id, n)
        item_decision = decision_ids.get(item.decisions[-1].number) if item.decisions else None
        for entry in item.entries:
            sid, actor_id, attachment = entry_rows(b, meeting_id, item_id, entry, item_decision)
            if attachment is not None and actor_id:
                entries_by_actor[(actor_id, item_decision)] = (sid, attachment, item_id)
    if with_appendix:
        attachment_rows(b, meeting_id, decision_ids, entries_by_actor)


def _number_key(number: str) -> tuple:
    return tuple(int(p) for p in number.split("/") if p.isdigit())
