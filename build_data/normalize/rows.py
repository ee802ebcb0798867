"""Normalize one parsed document into table rows: stable ids, actors, document symbols.

Pure: the same ParsedDocument and registry give the same rows. Rows are dicts keyed by
the catalogue's column names; the store and export stages check them against it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..issues import issue_row
from ..parse.records import (
    AgendaItem,
    DecisionText,
    Issue,
    MeetingPart,
    Note,
    ParsedDocument,
    Span,
    SpeakerEntry,
)
from ..shared import merge_documents
from ..source_rows import complete_row
from ..tables import TABLES
from .actors import Registry, person_from_label, slugify
from .symbols import SymbolMatch, decision_symbol, find_symbols, parse_symbol

EU_RE = re.compile(r"^(?P<by>.|.+?(?<!\s))\s*[-–]\s*(?:the\s+)?European Union$")
CHAIR_RE = re.compile(r"^(?:the\s+)?Chair(?:person|man|woman)(?:\s*\(.*\))?$", re.IGNORECASE)
ANNEX_RE = re.compile(r"^Annex(?:es)?\s+(\d+)", re.IGNORECASE)
# The gap may not hold the phrase again: each search then scans the text once (the match
# can start at a later 'interpretative statement', its group is the same).
ATTACHMENT_RE = re.compile(
    r"interpretative statement(?:(?!interpretative statement).)*?see attachment(?:\s+(\d+))?",
    re.IGNORECASE,
)
ALIGN_RE = re.compile(r"^with\b(.*)\bin alignment$", re.IGNORECASE | re.DOTALL)
BEHALF_RE = re.compile(r"^(?:also\s+)?on behalf of\s+(.+)$", re.IGNORECASE)
STATUS_RE = re.compile(
    r"^(?:(?:Asian|Mediterranean)\s+)?Partners? for Co-operation$|^[A-Z][a-z]+$", re.IGNORECASE
)
STATES = ("participating_state", "partner_state")


@dataclass(frozen=True)
class SourceInfo:
    id: str
    filename: str
    sha256: str
    format: str
    encoding: str | None
    bytes: int
    line_count: int


def prov(source: SourceInfo, span: Span) -> dict:
    return {"source_id": source.id, "line_start": span.start, "line_end": span.end}


def slug_number(number: str) -> str:
    return number.replace("/", "-")


class _Builder:
    """Accumulates the rows of one document."""

    def __init__(self, source: SourceInfo, doc: ParsedDocument, registry: Registry):
        self.source, self.doc, self.registry = source, doc, registry
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.issues: list[Issue] = list(doc.issues)
        self.documents: dict[str, tuple] = {}  # by symbol, merged
        self.persons: dict[str, dict] = {}
        self.aliases: set[tuple[str, str]] = set()
        self.body = doc.body
        self.date = doc.header.date if doc.header else None

    # ---------------------------------------------------------------- helpers
    def issue(self, level: str, code: str, message: str, span: Span, excerpt: str = "") -> None:
        self.issues.append(Issue(level, code, message, span, excerpt))

    def document(self, match: SymbolMatch, span: Span, title: str | None = None) -> str:
        sym = match.symbol
        key = sym.canonical()
        row = complete_row(
            "documents",
            {
                "symbol": key,
                "series": sym.series,
                "number": sym.number,
                "year": sym.year,
                "revision": sym.revision,
                "corrigendum": sym.corrigendum,
                "addendum": sym.addendum,
                "distribution": match.distribution,
                "title": title,
                **prov(self.source, span),
            },
        )
        before = self.documents.get(key)
        self.documents[key] = row if before is None else merge_documents((before, row))
        if match.repair:
            self.issue(
                "warning",
                "repaired-symbol",
                f"The document symbol '{match.printed}' was repaired ({match.repair}) to {key}.",
                span,
                match.printed,
            )
        return key

    def add_person(self, actor_id: str, name: str, parent_id: str | None) -> None:
        """An actors row for a person (or a post) seen in this source; the first one wins."""
        self.persons.setdefault(
            actor_id,
            {
                "id": actor_id,
                "name": name,
                "kind": "person",
                "iso_alpha2": None,
                "iso_alpha3": None,
                "abbreviation": None,
                "valid_from": None,
                "valid_to": None,
                "parent_id": parent_id,
            },
        )

    def resolve(self, label: str, span: Span) -> tuple[str | None, str]:
        """(actor id, resolution method) for a speaker label; records an issue when unresolved."""
        if not label:
            return None, "blanked"
        if CHAIR_RE.match(label) and self.body:
            return self.registry.chair_actor_id(self.body), "chair"
        person = person_from_label(label, self.registry)
        if person is not None:
            affiliation = label.split(",", 1)[1] if "," in label else ""
            employer = next(iter(self.registry.find_mentions(affiliation)), None)
            self.add_person(person.id, person.name, employer.actor_id if employer else None)
            self.aliases.add((label, person.id))
            return person.id, "person"
        res = self.registry.resolve(label, on_date=self.date)
        if res.actor_id:
            self.aliases.add((label, res.actor_id))
            return res.actor_id, res.method
        if official := self.official(label):
            return official, "official"
        if res.method == "ambiguous":
            self.issue(
                "warning",
                "ambiguous-actor",
                f"'{label}' could match several actors ({', '.join(res.candidates)}); it is left unresolved. Add an alias to the registry.",
                span,
                label,
            )
        else:
            self.issue(
                "warning",
                "unknown-actor",
                f"'{label}' is not in the actor registry; it is kept as printed. Add it or an alias to build_data/data/actors.yml.",
                span,
                label,
            )
        return None, res.method

    def decision_number(
        self,
        number: str,
        span: Span,
        issued: str | None = None,
        announced: frozenset[str] = frozenset(),
    ) -> str:
        """A decision number as printed, with a footnote mark glued to it taken off: to its
        year ('8/151' -> '8/15': years are two digits), or to a number without a year when
        the decision's own symbol or the decisions the journal announces say so
        ('DECISION No. 811' under PC.DEC/81, or when decision 81 is announced -> '81')."""
        m = GLUED_MARK_RE.match(number)
        if m:
            read = m.group(1)
        elif "/" in number or number in announced:
            return number
        else:
            symbol = parse_symbol(issued) if issued and self.body else None
            read = next(
                (
                    number[:-k]
                    for k in (1, 2)
                    if len(number) > k
                    and (
                        number[:-k] in announced
                        or (
                            symbol
                            and decision_symbol(self.body, number[:-k]).base() == symbol.base()
                        )
                    )
                ),
                None,
            )
            if read is None:
                return number
        self.issue(
            "warning",
            "footnote-mark-removed",
            f"The decision number '{number}' has a footnote mark glued to it; it is read as {read}.",
            span,
            number,
        )
        return read

    def official(self, label: str) -> str | None:
        """A post named by its title ('Deputy Minister for Foreign Affairs of Sweden') becomes
        a person actor whose parent is the State or organisation the title names."""
        if not OFFICE_RE.match(label):
            return None
        holders = self.registry.find_mentions(label)
        if not holders:
            return None
        actor_id = f"official-{slugify(label)}"
        self.add_person(actor_id, label, holders[-1].actor_id)
        self.aliases.add((label, actor_id))
        return actor_id

    def states_in(self, text: str, span: Span) -> list[tuple[str, str]]:
        """(label, actor id) of the States named in a list such as an alignment list, in order."""
        found = [
            (m.text, m.actor_id)
            for m in self.registry.find_mentions(text)
            if self.registry.get(m.actor_id).kind in STATES
        ]
        rest = text
        for label, _ in found:
            rest = rest.replace(label, " ", 1)
        leftovers = [
            w
            for w in re.findall(r"\b[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]+)*", rest)
            if w not in LIST_WORDS
        ]
        if leftovers:
            self.issue(
                "warning",
                "unknown-actor",
                f"Names in the list could not be matched to States: {', '.join(leftovers)}; they are not linked.",
                span,
                text[:200],
            )
        for label, actor_id in found:
            self.aliases.add((label, actor_id))
        return found


GLUED_MARK_RE = re.compile(r"^(\d+/\d{2})\d{1,2}$")
OFFICE_RE = re.compile(
    r"^(?:(?:First|Deputy|Vice|State|Under|Assistant|Permanent|Special|Personal|High|Prime)[\s-]+)*"
    r"(?:Minister|Secretary|President|Director|Head|Representative|Commissioner|Ombudsman|Co-ordinator|Envoy|Speaker|Chair(?:person|man|woman))\b.*\b(?:of|for|to)\b"
)
LIST_WORDS = {
    "European Free Trade Association",
    "European Economic Area",
    "Stabilisation",
    "Stabilization",
    "Association Process",
    "Process",
    "Association",
    "European Union",
    "European",
    "Union",
    "Economic",
    "Area",
    "Free",
    "Trade",
}


def normalize_document(
    source: SourceInfo, doc: ParsedDocument, registry: Registry
) -> tuple[dict[str, list[dict]], list[dict], list[tuple[str, str]]]:
    """(rows per table, person actor rows, seen aliases) for one parsed document."""
    b = _Builder(source, doc, registry)
    if doc.doc_kind == "journal" and doc.header is not None:
        _journal(b)
    elif doc.doc_kind == "decision":
        b.date = b.date or (doc.doc_header.date if doc.doc_header else None)
        for d in doc.decisions:
            if b.body:
                _decision(b, None, b.decision_number(d.number, d.span, d.issued_symbol), None, d)
            else:
                b.issue(
                    "warning",
                    "unknown-body",
                    "The decision's body (PC, FSC or MC) is not printed in its header; it is not read into decisions.",
                    d.span,
                    d.number,
                )
        for att in doc.attachments:
            b.issue(
                "warning",
                "statement-without-meeting",
                "A statement attached to a decision document has no meeting to belong to; its text is kept only here.",
                att.span,
                att.text[:200],
            )
    if doc.doc_header is not None:
        dh = doc.doc_header
        b.rows["document_headers"].append(
            {
                "source_id": source.id,
                "body": dh.body,
                "symbol": dh.symbol,
                "date": dh.date,
                "meeting_number": dh.meeting_number,
                "journal_number": dh.journal_number,
                "agenda_item": dh.agenda_item,
                "chairmanship": dh.chairmanship,
                "line_start": dh.span.start,
                "line_end": dh.span.end,
            }
        )
    for fn in doc.footnotes:
        attached = None
        if fn.context.startswith("decision ") and b.body:
            attached = f"{b.body.lower()}-dec-{slug_number(fn.context.split(' ', 1)[1])}"
        elif fn.context == "journal":
            attached = b.meeting_id if hasattr(b, "meeting_id") else None
        b.rows["footnotes"].append(
            {
                "id": f"{source.id}/fn{fn.span.start}",
                "number": fn.number,
                "text": fn.text,
                "attached_to": attached,
                **prov(source, fn.span),
            }
        )
    for k, f in enumerate(doc.furniture, start=1):
        b.rows["page_furniture"].append(
            {
                "id": f"{source.id}/pf{k:04d}",
                "kind": f.kind,
                "page": f.page,
                "text": f.text,
                **prov(source, f.span),
            }
        )
    issues = sorted(b.issues, key=lambda i: (i.span.start, i.span.end, i.code, i.message))
    for k, i in enumerate(issues, start=1):
        span = {"line_start": i.span.start, "line_end": i.span.end}
        b.rows["parse_issues"].append(
            issue_row(source.id, "parse", k, i.level, i.code, i.message, i.excerpt[:300], span)
        )
    columns = TABLES["documents"].column_names
    b.rows["documents"].extend(dict(zip(columns, r, strict=True)) for r in b.documents.values())
    return dict(b.rows), list(b.persons.values()), sorted(b.aliases)


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
        return f"mc-{mc.group(1)}/{doc.journal_number if doc.journal_number is not None else '-'}/{session}"
    if h.meeting_number is not None:
        return f"{body}-{h.meeting_number}"
    if doc.journal_number is not None:
        return f"{body}-jour-{doc.journal_number}"
    return f"{body}-{source.id}"


def _journal(b: _Builder) -> None:
    doc = b.doc
    parts = [
        MeetingPart(
            doc.header,
            doc.notes,
            doc.agenda_items,
            doc.next_meeting,
            doc.journal_span or doc.header.span,
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
    b: _Builder,
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
    for item in part.agenda_items:
        for notice in item.decisions:
            notices[b.decision_number(notice.number, notice.span, notice.issued_symbol)] = (
                item,
                notice,
            )
    texts = (
        {
            b.decision_number(d.number, d.span, d.issued_symbol, frozenset(notices)): d
            for d in doc.decisions
        }
        if with_appendix
        else {}
    )
    for number in sorted(set(notices) | set(texts), key=_number_key):
        if not b.body:
            found = texts.get(number) or notices[number][1]
            b.issue(
                "warning",
                "unknown-body",
                "The journal's body (PC, FSC or MC) could not be read, so its decisions are not read into decisions.",
                found.span,
                number,
            )
            continue
        decision_ids[number] = _decision(
            b, meeting_id, number, notices.get(number), texts.get(number)
        )

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
            _entry(b, meeting_id, None, entry, None, sid=f"{meeting_id}/pre{k}/s{entry.position}")

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
                "The source text ends inside this agenda item; its speaker list or decisions may be incomplete.",
                item.span,
                item_id,
            )
        for n in item.notes:
            note(item_id, n)
        item_decision = decision_ids.get(item.decisions[-1].number) if item.decisions else None
        for entry in item.entries:
            sid, actor_id, attachment = _entry(b, meeting_id, item_id, entry, item_decision)
            if attachment is not None and actor_id:
                entries_by_actor[(actor_id, item_decision)] = (sid, attachment, item_id)
    if with_appendix:
        _attachments(b, meeting_id, decision_ids, entries_by_actor)


def _number_key(number: str) -> tuple:
    return tuple(int(p) for p in number.split("/") if p.isdigit())


def _decision(
    b: _Builder, meeting_id: str, number: str, notice_pair, text: DecisionText | None
) -> str:
    source, body = b.source, b.body
    decision_id = f"{body.lower()}-dec-{slug_number(number)}"
    item, notice = notice_pair if notice_pair else (None, None)
    issued = None
    for printed in (notice.issued_symbol if notice else None, text.issued_symbol if text else None):
        if printed and (sym := parse_symbol(printed)):
            issued = sym
            break
    base = decision_symbol(body, number)
    if issued is None:
        issued = base
    span = text.span if text else notice.span
    title = (text.title if text and text.title else None) or (notice.title if notice else None)
    agenda_item_id = (
        f"{meeting_id}/{item.number}"
        if item
        else (
            f"{meeting_id}/{text.agenda_item}" if meeting_id and text and text.agenda_item else None
        )
    )
    b.rows["decisions"].append(
        {
            "id": decision_id,
            "symbol": base.base(),
            "issued_symbol": issued.canonical(),
            "body": body,
            "number": number,
            "title": title,
            "meeting_id": meeting_id,
            "agenda_item_id": agenda_item_id,
            "adopted_on": b.date,
            "year": int(b.date[:4]) if b.date else None,
            "text": text.text if text else None,
            **prov(source, span),
        }
    )
    notice_span = notice.span if notice else span
    for m in find_symbols(notice.issued_symbol or "") if notice else []:
        b.document(m, notice_span, title)
    if text is None:
        return decision_id
    for pos, p in enumerate(text.paragraphs, start=1):
        b.rows["decision_paragraphs"].append(
            {
                "decision_id": decision_id,
                "position": pos,
                "kind": p.kind,
                "text": p.text,
                **prov(source, p.span),
            }
        )
    refs = []
    cited: set[str] = set()
    for r in text.references:
        matches = find_symbols(r.target, default_body=body)
        target = r.target
        symbol = None
        if matches:
            m = matches[0]
            target = (r.target[: m.start] + r.target[m.end :]).strip(" ();,")
            symbol = b.document(m, r.span, target if r.relation == "forwards" else None)
            cited.add(symbol)
        refs.append((symbol, target, r.relation, r.span))
    for p in text.paragraphs:
        for m in find_symbols(p.text, default_body=body):
            key = m.symbol.canonical()
            if key not in cited:
                cited.add(b.document(m, p.span))
                refs.append((key, m.printed, "cites", p.span))
    for pos, a in enumerate(text.action_items, start=1):
        _action_item(b, decision_id, pos, a)
        for m in find_symbols(a.text, default_body=body):
            key = m.symbol.canonical()
            if key not in cited:
                cited.add(b.document(m, a.span))
                refs.append((key, m.printed, "cites", a.span))
    for pos, (symbol, target, relation, span) in enumerate(refs, start=1):
        b.rows["decision_references"].append(
            {
                "decision_id": decision_id,
                "position": pos,
                "document_symbol": symbol,
                "target": target,
                "relation": relation,
                **prov(source, span),
            }
        )
    return decision_id


def _action_item(b: _Builder, decision_id: str, position: int, a) -> None:
    item_id = f"{decision_id}/{a.section or '-'}/{a.level or '-'}/{a.number}"
    mentions = b.registry.find_mentions(a.text)
    responsible: list = []
    if a.level == "osce":
        subject_end = min(
            (i for i in (a.text.find(" will "), a.text.find(", ")) if i >= 0), default=len(a.text)
        )
        responsible = [
            m
            for m in mentions
            if m.start < subject_end
            and b.registry.get(m.actor_id).kind in ("osce_body", "osce_official")
        ]
    seen = set()
    for role, group in (
        ("responsible", responsible),
        ("mentioned", [m for m in mentions if m not in responsible]),
    ):
        for m in group:
            if m.actor_id in seen:
                continue
            seen.add(m.actor_id)
            b.rows["action_item_actors"].append(
                {
                    "action_item_id": item_id,
                    "actor_id": m.actor_id,
                    "role": role,
                    "matched_text": m.text,
                    **prov(b.source, a.span),
                }
            )
    b.rows["action_items"].append(
        {
            "id": item_id,
            "decision_id": decision_id,
            "section": a.section,
            "section_title": a.section_title,
            "level": a.level,
            "heading": a.heading,
            "number": a.number,
            "text": a.text,
            "responsible_actor_id": responsible[0].actor_id if responsible else None,
            "position": position,
            **prov(b.source, a.span),
        }
    )


def _entry(
    b: _Builder,
    meeting_id: str,
    item_id: str | None,
    entry: SpeakerEntry,
    decision_id: str | None,
    sid: str | None = None,
):
    sid = sid or f"{item_id}/s{entry.position}"
    label = entry.label
    status = [p for p in entry.parentheticals if STATUS_RE.match(p) and not find_symbols(p)]
    printed = " ".join([label, *(f"({p})" for p in status)]) if label else label
    delivered_by = None
    eu = EU_RE.match(label)
    if eu:
        actor_id, method = b.resolve("European Union", entry.span)
        delivered_by, _ = b.resolve(eu.group("by"), entry.span)
    else:
        actor_id, method = b.resolve(label, entry.span)
    if not label:
        b.issue(
            "warning",
            "blanked-name",
            "A speaker entry has no name (the hosting site removed it); the statement is kept with no actor.",
            entry.span,
            "; ".join(entry.parentheticals),
        )
    annex = attachment = None
    stmt_decision = None
    alignments: list[tuple[str, str, str]] = []
    for p in entry.parentheticals:
        symbols = find_symbols(p, default_body=b.body)
        if symbols:
            for m in symbols:
                key = b.document(m, entry.span)
                b.rows["statement_documents"].append(
                    {
                        "statement_id": sid,
                        "document_symbol": key,
                        "printed": m.printed,
                        **prov(b.source, entry.span),
                    }
                )
            continue
        if m := ANNEX_RE.match(p):
            annex = annex or int(m.group(1))
            for number in re.findall(r"\d+", p):
                b.rows["statement_annexes"].append(
                    {"statement_id": sid, "annex_number": int(number), **prov(b.source, entry.span)}
                )
        elif m := ATTACHMENT_RE.search(p):
            attachment = int(m.group(1)) if m.group(1) else 0
            stmt_decision = decision_id
        elif m := ALIGN_RE.match(p):
            alignments += [
                ("aligned", lab, aid) for lab, aid in b.states_in(m.group(1), entry.span)
            ]
        elif m := BEHALF_RE.match(p):
            alignments += [
                ("on_behalf_of", lab, aid) for lab, aid in b.states_in(m.group(1), entry.span)
            ]
        elif not STATUS_RE.match(p):
            b.issue(
                "warning",
                "unrecognised-parenthetical",
                f"The note '({p})' after speaker '{label}' was not understood; it is kept only here.",
                entry.span,
                p[:200],
            )
    seen = set()
    for relation, lab, aid in alignments:
        key = (relation, aid)
        if key in seen:
            continue
        seen.add(key)
        b.rows["statement_alignments"].append(
            {
                "statement_id": sid,
                "relation": relation,
                "position": len([k for k in seen if k[0] == relation]),
                "label": lab,
                "actor_id": aid,
                **prov(b.source, entry.span),
            }
        )
    b.rows["statements"].append(
        {
            "id": sid,
            "meeting_id": meeting_id,
            "agenda_item_id": item_id,
            "position": entry.position,
            "speaker_label": printed or None,
            "actor_id": actor_id,
            "delivered_by_actor_id": delivered_by,
            "kind": entry.kind,
            "decision_id": stmt_decision,
            "attachment_number": attachment or None,
            "annex_number": annex,
            "entry_id": None,
            "resolution": method,
            "text": None,
            **prov(b.source, entry.span),
        }
    )
    return sid, actor_id, attachment


def _attachments(
    b: _Builder, meeting_id: str, decision_ids: dict[str, str], entries_by_actor: dict
) -> None:
    used: dict[str, int] = defaultdict(int)
    taken: dict[str, set[int]] = defaultdict(set)
    for att in b.doc.attachments:
        decision_id = decision_ids.get(att.decision_number) if att.decision_number else None
        label = re.sub(r"^the\s+", "", att.delegation or "", flags=re.IGNORECASE)
        actor_id, method = b.resolve(label, att.span) if label else (None, "unknown")
        entry = entries_by_actor.get((actor_id, decision_id)) if actor_id else None
        number = att.number
        if entry:
            listed = entry[1] or None
            if number and listed and listed != number:
                b.issue(
                    "warning",
                    "attachment-number-mismatch",
                    f"The attachment is numbered {number} but the journal lists it as attachment {listed}; the printed number is kept.",
                    att.span,
                    label,
                )
            number = number or listed
        kind = att.kind
        scope = decision_id if decision_id and kind == "interpretative_statement" else meeting_id
        if number is None:
            number = used[scope] + 1
        if number in taken[scope]:
            free = max(taken[scope]) + 1
            b.issue(
                "warning",
                "repeated-attachment-number",
                f"Attachment or annex number {number} is used twice here; this one is numbered {free} in the data.",
                att.span,
                att.delegation or "",
            )
            number = free
        taken[scope].add(number)
        used[scope] = max(used[scope], number)
        sid = (
            f"{decision_id}/att{number}" if scope == decision_id else f"{meeting_id}/annex{number}"
        )
        b.rows["statements"].append(
            {
                "id": sid,
                "meeting_id": meeting_id,
                "agenda_item_id": entry[2] if entry else None,
                "position": None,
                "speaker_label": att.delegation,
                "actor_id": actor_id,
                "delivered_by_actor_id": None,
                "kind": kind,
                "decision_id": decision_id,
                "attachment_number": number if kind == "interpretative_statement" else None,
                "annex_number": number if kind == "annexed_statement" else None,
                "entry_id": entry[0] if entry else None,
                "resolution": method,
                "text": att.text,
                **prov(b.source, att.span),
            }
        )
        cited = set()
        for m in find_symbols(att.text, default_body=b.body):
            key = b.document(m, att.span)
            if key not in cited:
                cited.add(key)
                b.rows["statement_documents"].append(
                    {
                        "statement_id": sid,
                        "document_symbol": key,
                        "printed": m.printed,
                        **prov(b.source, att.span),
                    }
                )
