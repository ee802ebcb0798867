"""Akoma Ntoso 3.0: one XML file per decision, `<statement name="decision">` as AKN4UN
models a decision of a deliberative body.

preface: symbol, title, date, adopting body and meeting (the decision's footnotes as
authorialNote: the parser does not keep where a footnote mark stood, so they follow the
title); preamble: the preambular paragraphs; mainBody: the operative paragraphs; then
the attachments: the annexed action plan (sections as chapters, levels as divisions,
headings as subdivisions, every action item a numbered point with its OSCE bodies marked
up) and each interpretative statement with the State that made it. Every actor named is
listed in the references (TLCOrganization, or TLCPerson for a person).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from lxml import etree
from lxml.builder import ElementMaker

from ..parse.vocabulary import MONTH_NAMES
from .database import rows
from .names import AKN_JURISDICTION, BODY_ACTORS, actor_iri, decision_work_iri, token, xml_text

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
E = ElementMaker(namespace=AKN_NS, nsmap={None: AKN_NS})
LEVEL_HEADINGS = {
    "national": "Recommended actions for participating States",
    "osce": "Tasks for OSCE institutions and bodies",
}
MIXED_CONTENT = ("p", "heading", "num", "docTitle", "docAuthority", "docStage")
EDITOR = "osce-data"  # the TLCOrganization every `source` attribute points to


@dataclass
class Refs:
    """Actors referred to while a document is built; they become its references."""

    actors: dict[str, dict]
    used: set[str] = field(default_factory=set)
    unresolved: dict[str, str] = field(
        default_factory=dict
    )  # eId -> speaker label no actor matched
    events: dict[str, str] = field(default_factory=dict)  # meeting id -> title

    def speaker(self, actor_id: str | None, label: str | None) -> str:
        """A reference to the speaker: its actor, or the label as printed when no actor
        matched it."""
        if actor_id:
            return self.ref(actor_id)
        eid = "speaker-" + token(label or "unknown")
        self.unresolved[eid] = xml_text(label or "unknown speaker")
        return "#" + eid

    def event(self, meeting_id: str, title: str) -> str:
        self.events[meeting_id] = title
        return "#" + token(meeting_id)

    def ref(self, actor_id: str) -> str:
        self.used.add(actor_id)
        return "#" + token(actor_id)

    def elements(self) -> list:
        out = [
            E.TLCOrganization(
                eId=EDITOR, href=actor_iri(EDITOR), showAs="osce-data: OSCE journals as open data"
            )
        ]
        for actor_id in sorted(self.used - {EDITOR}):
            actor = self.actors.get(actor_id, {"name": actor_id, "kind": "other"})
            if actor["kind"] == "person":
                out.append(
                    E.TLCPerson(
                        eId=token(actor_id),
                        href=f"/akn/ontology/person/{AKN_JURISDICTION}/{token(actor_id)}",
                        showAs=xml_text(actor["name"]),
                    )
                )
            else:
                out.append(
                    E.TLCOrganization(
                        eId=token(actor_id),
                        href=actor_iri(actor_id),
                        showAs=xml_text(actor["name"]),
                    )
                )
        for eid, label in sorted(self.unresolved.items()):
            out.append(E.TLCOrganization(eId=eid, href=actor_iri(eid), showAs=label))
        for meeting_id, title in sorted(self.events.items()):
            out.append(
                E.TLCEvent(
                    eId=token(meeting_id),
                    href=f"/akn/ontology/event/{AKN_JURISDICTION}/{token(meeting_id)}",
                    showAs=xml_text(title),
                )
            )
        return out


def long_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{int(day)} {MONTH_NAMES[int(month) - 1]} {year}"


def lines(text: str | None) -> list[str]:
    """The non-blank lines of a text (a paragraph's list items are lines of their own)."""
    return [xml_text(line).strip() for line in (text or "").splitlines() if xml_text(line).strip()]


def marked_paragraphs(text: str, marks: list[tuple[str, str, str]], refs: Refs) -> list:
    """`<p>` per line of text, the first occurrence of each (matched text, actor, role)
    marked up as `<organization>`; overlapping matches keep the earlier, longer one."""
    out = []
    pending = list(marks)
    for line in lines(text) or [""]:
        spans = []
        for mark in list(pending):
            start = line.find(xml_text(mark[0])) if mark[0] else -1
            if start >= 0:
                spans.append((start, start + len(xml_text(mark[0])), mark))
                pending.remove(mark)
        spans.sort(key=lambda s: (s[0], -s[1]))
        p, pos, tail = E.p(), 0, None
        for start, end, (_, actor_id, role) in spans:
            if start < pos:
                continue
            before = line[pos:start]
            if tail is None:
                p.text = before
            else:
                tail.tail = before
            tail = E.organization(line[start:end], refersTo=refs.ref(actor_id), **{"class": role})
            p.append(tail)
            pos = end
        if tail is None:
            p.text = line[pos:]
        else:
            tail.tail = line[pos:]
        out.append(p)
    return out


def plain_paragraphs(text: str | None) -> list:
    return [E.p(line) for line in lines(text)] or [E.p()]


def identification(
    work: str,
    date: str,
    author: str,
    this: str,
    refs: Refs,
    number: str | None = None,
    symbol: str | None = None,
    name: str = "decision",
    subtype: str = "deliberation",
    event: str = "adoption",
):
    """FRBR work, expression (English) and manifestation of a document or of one of its
    attachments (`this` names the component: main, annex_1, att_2); `event` names the
    date (adoption of a decision, the meeting of a journal)."""
    expression = f"{work}/eng@"
    work_parts = [
        E.FRBRthis(value=f"{work}/!{this}"),
        E.FRBRuri(value=work),
        E.FRBRdate(date=date, name=event),
        E.FRBRauthor(href=refs.ref(author)),
        E.FRBRcountry(value=AKN_JURISDICTION),
        E.FRBRsubtype(value=subtype),
    ]
    if number is not None:
        work_parts.append(E.FRBRnumber(value=token(number), showAs=xml_text(symbol or number)))
    work_parts.append(E.FRBRname(value=name))
    return E.identification(
        E.FRBRWork(*work_parts),
        E.FRBRExpression(
            E.FRBRthis(value=f"{expression}/!{this}"),
            E.FRBRuri(value=expression),
            E.FRBRdate(date=date, name=event),
            E.FRBRauthor(href=refs.ref(author)),
            E.FRBRlanguage(language="eng"),
        ),
        E.FRBRManifestation(
            E.FRBRthis(value=f"{expression}/!{this}.xml"),
            E.FRBRuri(value=f"{expression}.akn"),
            E.FRBRdate(date=date, name=event),
            E.FRBRauthor(href="#" + EDITOR),
        ),
        source="#" + EDITOR,
    )


def grouped(items: list[dict], key: str) -> list[tuple]:
    """(value, items with that value) in order of first appearance: a section, level or
    heading met again later joins its group, so every eId stays unique."""
    groups: dict = {}
    for item in items:
        groups.setdefault(item[key], []).append(item)
    return list(groups.items())


def annex(
    decision: dict,
    paragraphs: list[dict],
    items: list[dict],
    item_actors: dict[str, list],
    work: str,
    date: str,
    refs: Refs,
):
    """The action plan: annex paragraphs, then one chapter per section, one division per
    level, one subdivision per heading, one point per action item."""
    prefix = "annex_1"
    body = [
        E.paragraph(E.content(*plain_paragraphs(p["text"])), eId=f"{prefix}__para_{n}")
        for n, p in enumerate(paragraphs, 1)
    ]
    for section, in_section in grouped(items, "section"):
        chapter_id = f"{prefix}__chp_{token(section or '0')}"
        divisions = []
        for level, in_level in grouped(in_section, "level"):
            division_id = f"{chapter_id}__dvs_{token(level or 'items')}"
            subdivisions = []
            for n, (heading, under) in enumerate(grouped(in_level, "heading"), 1):
                if heading is None:
                    subdivisions += [point(i, division_id, item_actors, refs) for i in under]
                    continue
                sub_id = f"{division_id}__subdvs_{n}"
                prefixes = {i["number"].split(".")[0] for i in under if "." in i["number"]}
                num = (
                    [E.num(f"{prefixes.pop()}.")]
                    if len(prefixes) == 1 and all("." in i["number"] for i in under)
                    else []
                )
                subdivisions.append(
                    E.subdivision(
                        *num,
                        E.heading(xml_text(heading)),
                        *[point(i, sub_id, item_actors, refs) for i in under],
                        eId=sub_id,
                    )
                )
            heading = [E.heading(LEVEL_HEADINGS[level])] if level in LEVEL_HEADINGS else []
            divisions.append(E.division(*heading, *subdivisions, eId=division_id))
        num = [E.num(f"{xml_text(section)}.")] if section else []
        title = next((i["section_title"] for i in in_section if i["section_title"]), None)
        heading = [E.heading(xml_text(title))] if title else []
        body.append(E.chapter(*num, *heading, *divisions, eId=chapter_id))
    meta = E.meta(
        identification(work, date, BODY_ACTORS[decision["body"]], prefix, refs, name="annex")
    )
    return E.attachment(
        E.heading("Annex"), E.doc(meta, E.mainBody(*body), name="annex"), eId=prefix
    )


def point(item: dict, parent_id: str, item_actors: dict[str, list], refs: Refs):
    """An action item: eId `<parent>__point_<number>`, the path of action_items.id
    (section, level, number) under the attachment."""
    marks = [(a["matched_text"], a["actor_id"], a["role"]) for a in item_actors.get(item["id"], [])]
    return E.point(
        E.num(xml_text(item["number"])),
        E.content(*marked_paragraphs(item["text"], marks, refs)),
        eId=f"{parent_id}__point_{token(item['number'])}",
    )


def attached_statement(
    statement: dict, ordinal: int, alignments: list[dict], work: str, date: str, refs: Refs
):
    """An interpretative statement as an attachment of the decision, authored by the
    State (or other actor) that made it."""
    prefix = f"att_{ordinal}"
    author = statement["actor_id"] or EDITOR
    label = xml_text(statement["speaker_label"] or statement["actor_id"] or "unknown speaker")
    speaker = (
        E.organization(label, refersTo=refs.ref(statement["actor_id"]))
        if statement["actor_id"]
        else E.span(label)
    )
    preface = [E.p("Interpretative statement by ", speaker, eId=f"{prefix}__preface__p_1")]
    if statement["delivered_by_actor_id"]:
        preface.append(
            E.p(
                "Delivered by ",
                E.organization(
                    xml_text(
                        refs.actors.get(statement["delivered_by_actor_id"], {}).get(
                            "name", statement["delivered_by_actor_id"]
                        )
                    ),
                    refersTo=refs.ref(statement["delivered_by_actor_id"]),
                ),
            )
        )
    for relation, group in groupby(alignments, key=lambda a: a["relation"]):
        p = E.p("Aligned: " if relation == "aligned" else "On behalf of: ")
        for n, a in enumerate(group):
            org = (
                E.organization(xml_text(a["label"]), refersTo=refs.ref(a["actor_id"]))
                if a["actor_id"]
                else E.span(xml_text(a["label"]))
            )
            org.tail = ""
            if n:
                p[-1].tail = ", "
            p.append(org)
        preface.append(p)
    meta = E.meta(identification(work, date, author, prefix, refs, name="interpretativeStatement"))
    number = statement["attachment_number"]
    heading = [E.num(f"Attachment {number}")] if number is not None else []
    return E.attachment(
        *heading,
        E.statement(
            meta,
            E.preface(*preface),
            E.mainBody(*plain_paragraphs(statement["text"])),
            name="interpretativeStatement",
        ),
        eId=prefix,
    )


def decision_date(decision: dict) -> str | None:
    return decision["adopted_on"] or decision["meeting_date"]


def document(conn: sqlite3.Connection, decision: dict, actors: dict[str, dict]) -> etree._Element:
    """The Akoma Ntoso document of one decision."""
    refs = Refs(actors)
    date = decision_date(decision)
    work = decision_work_iri(decision["body"], date, decision["number"] or decision["id"])
    did = decision["id"]
    paragraphs = rows(
        conn,
        "select kind, text from decision_paragraphs where decision_id = ? order by position",
        (did,),
    )
    items = rows(
        conn, "select * from action_items where decision_id = ? order by position, id", (did,)
    )
    item_actors: dict[str, list] = {}
    for a in rows(
        conn,
        "select aa.* from action_item_actors aa join action_items ai "
        "on ai.id = aa.action_item_id where ai.decision_id = ? order "
        "by aa.action_item_id, aa.line_start, aa.role desc, aa.actor_id",
        (did,),
    ):
        item_actors.setdefault(a["action_item_id"], []).append(a)
    statements = rows(
        conn,
        "select * from statements where decision_id = ? and kind = 'interpretative_statement' "
        "order by attachment_number is null, attachment_number, id",
        (did,),
    )
    footnotes = rows(
        conn,
        "select number, text from footnotes where attached_to = ? order by line_start, id",
        (did,),
    )
    body_actor = BODY_ACTORS[decision["body"]]

    title = [E.docTitle(xml_text(decision["title"] or decision["symbol"]))]
    for n, note in enumerate(footnotes, 1):
        title.append(
            E.authorialNote(
                E.p(xml_text(note["text"])),
                marker=xml_text(note["number"] or str(n)),
                placement="bottom",
                eId=f"preface__authorialNote_{n}",
            )
        )
    preface = [
        E.p(E.docNumber(xml_text(decision["issued_symbol"] or decision["symbol"]))),
        E.p(*title),
        E.p(
            E.docAuthority(
                E.organization(
                    xml_text(actors.get(body_actor, {}).get("name", decision["body"])),
                    refersTo=refs.ref(body_actor),
                )
            ),
            ", ",
            E.docDate(long_date(date), date=date),
        ),
    ]
    if decision["meeting_id"]:
        meeting_title = xml_text(decision["meeting_title"] or decision["meeting_id"])
        meeting = E.p(
            E.docStage(meeting_title, refersTo=refs.event(decision["meeting_id"], meeting_title))
        )
        if decision["journal_symbol"]:
            meeting[-1].tail = ", journal "
            meeting.append(E.docNumber(xml_text(decision["journal_symbol"])))
        if decision["agenda_number"] is not None:
            (meeting[-1]).tail = (
                meeting[-1].tail or ""
            ) + f", agenda item {decision['agenda_number']}"
        preface.append(meeting)

    operative = [p for p in paragraphs if p["kind"] == "operative"]
    preambular = [p for p in paragraphs if p["kind"] == "preambular"]
    if not operative:  # nothing recognised as operative: the paragraphs are the body
        operative, preambular = preambular, []
    annexed = [p for p in paragraphs if p["kind"] == "annex"]
    parts = [E.preface(*preface)]
    if preambular:
        parts.append(
            E.preamble(
                E.recitals(
                    *[
                        E.recital(*plain_paragraphs(p["text"]), eId=f"recs__rec_{n}")
                        for n, p in enumerate(preambular, 1)
                    ],
                    eId="recs",
                )
            )
        )
    if operative:
        parts.append(
            E.mainBody(
                *[
                    E.paragraph(E.content(*plain_paragraphs(p["text"])), eId=f"para_{n}")
                    for n, p in enumerate(operative, 1)
                ]
            )
        )
    else:
        parts.append(E.mainBody(*plain_paragraphs(decision["text"])))
    attachments = []
    if items or annexed:
        attachments.append(annex(decision, annexed, items, item_actors, work, date, refs))
    for n, s in enumerate(statements, 1):
        alignments = rows(
            conn,
            "select relation, label, actor_id from statement_alignments where statement_id = ? "
            "order by relation, position",
            (s["id"],),
        )
        attachments.append(attached_statement(s, n, alignments, work, date, refs))
    if attachments:
        parts.append(E.attachments(*attachments))
    meta = E.meta(
        identification(
            work,
            date,
            body_actor,
            "main",
            refs,
            number=decision["number"] or decision["id"],
            symbol=decision["symbol"],
        ),
        E.references(*refs.elements(), source="#" + EDITOR),
    )
    return E.akomaNtoso(E.statement(meta, *parts, name="decision"))


def serialize(root: etree._Element) -> bytes:
    """Indented XML, except inside elements of mixed content, where an indent would add
    whitespace to the text (an empty text node keeps libxml2 from indenting there)."""
    for el in root.iter(*(f"{{{AKN_NS}}}{name}" for name in MIXED_CONTENT)):
        if el.text is None and len(el):
            el.text = ""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def decisions(conn: sqlite3.Connection) -> list[dict]:
    return rows(
        conn,
        (
            "select d.*, m.date as meeting_date, m.title as meeting_title, m.journal_symbol, "
            "a.number as agenda_number from decisions d left join meetings m on m.id = "
            "d.meeting_id left join agenda_items a on a.id = d.agenda_item_id order by d.id"
        ),
    )


def file_name(decision_id: str) -> str:
    return f"{token(decision_id)}.xml"


def write(conn: sqlite3.Connection, out: Path) -> tuple[list[Path], list[str]]:
    """Write akn/<decision id>.xml for every decision with a date; return the files and a
    warning for each decision left out."""
    folder = out / "akn"
    folder.mkdir(parents=True, exist_ok=True)
    actors = {a["id"]: a for a in rows(conn, "select id, name, kind from actors")}
    files, warnings = [], []
    for decision in decisions(conn):
        if not decision_date(decision):
            warnings.append(
                f"{decision['id']}: no date of adoption or meeting date, which an Akoma Ntoso IRI "
                "needs; left out of akn/."
            )
            continue
        path = folder / file_name(decision["id"])
        path.write_bytes(serialize(document(conn, decision, actors)))
        files.append(path)
    return files, warnings
