"""Akoma Ntoso 3.0: each meeting's journal as `<debateReport name="journal">`, one
`debateSection` per agenda item (sub-items nested) listing its speakers in order as
`speech` elements, and a reference to each decision adopted under the item.

A speaker-list entry has no text in the journal, so its speech holds what the journal
says of it: the kind (statement, point of order, ...), the documents circulated, the annex
or the attachment of a decision that holds its text.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from lxml import etree

from .akn import E, Refs, identification, long_date, serialize
from .database import rows
from .names import AKN_JURISDICTION, BODY_ACTORS, decision_work_iri, token, xml_text


def journal_work_iri(meeting: dict) -> str:
    """`/akn/osce/debateReport/journal/pc/2013-12-06/976`: the meeting id without its body
    names the journal (MC sessions of one day stay apart)."""
    name = meeting["id"].split("-", 1)[1] if "-" in meeting["id"] else meeting["id"]
    body = meeting["body"].lower()
    return f"/akn/{AKN_JURISDICTION}/debateReport/journal/{body}/{meeting['date']}/{token(name)}"


def speech(entry: dict, documents: list[str], refs: Refs):
    said = [entry["kind"].replace("_", " ")] + documents
    if entry["annex_number"] is not None:
        said.append(f"annex {entry['annex_number']}")
    if entry["attachment_number"] is not None and entry["decision_symbol"]:
        said.append(f"attachment {entry['attachment_number']} to {entry['decision_symbol']}")
    label = xml_text(entry["speaker_label"] or "")
    return E.speech(
        getattr(E, "from")(label),
        E.p("; ".join(said)),
        by=refs.speaker(entry["actor_id"], entry["speaker_label"]),
        eId=f"{entry['section_eid']}__spc_{entry['position'] or 0}",
    )


def section(
    item: dict,
    children: dict,
    entries: dict,
    documents: dict,
    decisions: dict,
    refs: Refs,
    parent_eid: str = "",
):
    eid = f"{parent_eid}__" if parent_eid else ""
    number = str(item["number"] or item["position"])
    eid += f"dbsect_{token(number + (item['label'] or '').strip('()'))}"
    parts = []
    if item["number"] is not None or item["label"]:
        parts.append(E.num(xml_text(item["label"] or f"{item['number']}.")))
    parts.append(E.heading(xml_text(item["title"] or "")))
    for entry in entries.get(item["id"], []):
        parts.append(speech({**entry, "section_eid": eid}, documents.get(entry["id"], []), refs))
    for d in decisions.get(item["id"], []):
        parts.append(
            E.p(
                "Decision adopted: ",
                E.ref(xml_text(d["issued_symbol"] or d["symbol"]), href=d["iri"]),
            )
        )
    for child in children.get(item["id"], []):
        parts.append(section(child, children, entries, documents, decisions, refs, eid))
    return E.debateSection(*parts, name="agendaItem", eId=eid)


def document(conn: sqlite3.Connection, meeting: dict, actors: dict[str, dict]) -> etree._Element:
    refs = Refs(actors)
    mid = meeting["id"]
    items = rows(
        conn, "select * from agenda_items where meeting_id = ? order by position, id", (mid,)
    )
    children: dict = {}
    for item in items:
        children.setdefault(item["parent_id"], []).append(item)
    entries: dict = {}
    for s in rows(
        conn,
        (
            "select s.*, d.symbol as decision_symbol from statements s left "
            "join decisions d on d.id = s.decision_id where s.meeting_id = ? "
            "and s.entry_id is null and s.agenda_item_id is not null and "
            "s.position is not null order by s.agenda_item_id, s.position, s.id"
        ),
        (mid,),
    ):
        entries.setdefault(s["agenda_item_id"], []).append(s)
    documents: dict = {}
    for d in rows(
        conn,
        "select sd.statement_id, sd.document_symbol from "
        "statement_documents sd join statements s on s.id = sd.statement_id "
        "where s.meeting_id = ? order by sd.statement_id, sd.document_symbol",
        (mid,),
    ):
        documents.setdefault(d["statement_id"], []).append(d["document_symbol"])
    decisions: dict = {}
    for d in rows(
        conn,
        "select d.id, d.symbol, d.issued_symbol, d.body, d.number, d.agenda_item_id, "
        "coalesce(d.adopted_on, ?) as date from decisions d where d.meeting_id = ? and "
        "d.agenda_item_id is not null order by d.id",
        (meeting["date"], mid),
    ):
        decisions.setdefault(d["agenda_item_id"], []).append(
            {**d, "iri": decision_work_iri(d["body"], d["date"], d["number"] or d["id"])}
        )

    preface = [
        E.p(E.docNumber(xml_text(meeting["journal_symbol"] or mid))),
        E.p(E.docTitle(xml_text(meeting["title"] or mid))),
    ]
    when = E.p(E.docDate(long_date(meeting["date"]), date=meeting["date"]))
    if meeting["location"]:
        when[-1].tail = f" ({xml_text(meeting['location'])})"
    preface.append(when)
    for label, value in (
        ("Opened", meeting["opened"]),
        ("Closed", meeting["closed"]),
        ("Chairmanship", meeting["chairmanship"]),
        ("Chairperson", meeting["chairperson"]),
    ):
        if value:
            preface.append(E.p(f"{label}: {xml_text(value)}"))
    sections = [
        section(item, children, entries, documents, decisions, refs)
        for item in children.get(None, [])
    ]
    body = E.mainBody(*sections) if sections else E.mainBody(E.p())
    work = journal_work_iri(meeting)
    meta = E.meta(
        identification(
            work,
            meeting["date"],
            BODY_ACTORS[meeting["body"]],
            "main",
            refs,
            name="journal",
            subtype="journal",
            event="meeting",
        ),
        E.references(*refs.elements(), source="#osce-data"),
    )
    return E.akomaNtoso(E.debateReport(meta, E.preface(*preface), body, name="journal"))


def write(conn: sqlite3.Connection, out: Path) -> tuple[list[Path], list[str]]:
    """Write akn/<meeting id>.xml for every meeting with a date."""
    folder = out / "akn"
    folder.mkdir(parents=True, exist_ok=True)
    actors = {a["id"]: a for a in rows(conn, "select id, name, kind from actors")}
    files, warnings = [], []
    for meeting in rows(conn, "select * from meetings order by id"):
        if not meeting["date"]:
            warnings.append(
                f"{meeting['id']}: no meeting date, which an Akoma "
                "Ntoso IRI needs; its journal is left out of akn/."
            )
            continue
        path = folder / f"{token(meeting['id'])}.xml"
        path.write_bytes(serialize(document(conn, meeting, actors)))
        files.append(path)
    return files, warnings
