"""Popolo JSON: organizations, persons, posts, memberships, events and speeches in one file.

States, groups, OSCE bodies and other organisations are organizations (ISO codes as
identifiers, spellings as other_names) under a root organization `osce`; participating
States and Partners for Co-operation are its members (memberships with the dates the
registry knows). OSCE officials are posts, named persons hold memberships (with the post
they hold). Meetings are events with their agenda items as child events, statements are
speeches.

Popolo lets only persons speak and has no link from a speech to a decision, so these
extension fields carry what the journals say (none of them replaces a standard field):
`speaker_organization_id`, `speaker_post_id`, `delivered_by_organization_id`,
`aligned_organization_ids`, `on_behalf_of_organization_ids`, `interpreted_decision_id`
and `document_symbols`.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from .database import rows
from .names import BODY_ACTORS

ROOT = {
    "id": "osce",
    "name": "Organization for Security and Co-operation in Europe",
    "classification": "international_organization",
    "other_names": [{"name": "OSCE", "note": "abbreviation"}],
}
MEMBER_ROLES = {
    "participating_state": "participating State",
    "partner_state": "Partner for Co-operation",
}
NOT_ORGANIZATIONS = ("person", "osce_official")


def compact(record: dict) -> dict:
    """The record without empty values (Popolo fields are optional)."""
    return {k: v for k, v in record.items() if v is not None and v != []}


class Actors:
    """The actor table with the questions Popolo asks of it."""

    def __init__(self, conn: sqlite3.Connection):
        self.by_id = {a["id"]: a for a in rows(conn, "select * from actors order by id")}
        self.aliases: dict[str, list[str]] = {}
        for a in rows(conn, "select alias, actor_id from actor_aliases order by actor_id, alias"):
            self.aliases.setdefault(a["actor_id"], []).append(a["alias"])

    def kind(self, actor_id: str | None) -> str | None:
        return self.by_id[actor_id]["kind"] if actor_id in self.by_id else None

    def organization_of(self, actor_id: str | None) -> str:
        """The nearest organization at or above an actor (officials and persons climb to
        their parent), the OSCE when there is none."""
        seen = set()
        while actor_id in self.by_id and actor_id not in seen:
            if self.kind(actor_id) not in NOT_ORGANIZATIONS:
                return actor_id
            seen.add(actor_id)
            actor_id = self.by_id[actor_id]["parent_id"]
        return ROOT["id"]

    def organization(self, a: dict) -> dict:
        identifiers = [
            {"identifier": a[col], "scheme": scheme}
            for col, scheme in (
                ("iso_alpha2", "ISO 3166-1 alpha-2"),
                ("iso_alpha3", "ISO 3166-1 alpha-3"),
            )
            if a[col]
        ]
        other = [{"name": a["abbreviation"], "note": "abbreviation"}] if a["abbreviation"] else []
        other += [
            {"name": alias}
            for alias in self.aliases.get(a["id"], [])
            if alias not in (a["name"], a["abbreviation"])
        ]
        parent = (
            a["parent_id"] if a["parent_id"] else (ROOT["id"] if a["kind"] == "osce_body" else None)
        )
        return compact(
            {
                "id": a["id"],
                "name": a["name"],
                "classification": a["kind"],
                "identifiers": identifiers,
                "other_names": other,
                "parent_id": self.organization_of(parent) if parent else None,
                "founding_date": a["valid_from"],
                "dissolution_date": a["valid_to"],
            }
        )


def memberships(actors: Actors) -> list[dict]:
    out = []
    for a in actors.by_id.values():
        if a["kind"] in MEMBER_ROLES:
            out.append(
                compact(
                    {
                        "id": f"{a['id']}@osce",
                        "role": MEMBER_ROLES[a["kind"]],
                        "member": {"@type": "Organization", "id": a["id"]},
                        "organization_id": ROOT["id"],
                        "start_date": a["valid_from"],
                        "end_date": a["valid_to"],
                    }
                )
            )
        elif a["kind"] == "person" and a["parent_id"]:
            post = a["parent_id"] if actors.kind(a["parent_id"]) == "osce_official" else None
            organization = actors.organization_of(a["parent_id"])
            out.append(
                compact(
                    {
                        "id": f"{a['id']}@{post or organization}",
                        "person_id": a["id"],
                        "organization_id": organization,
                        "post_id": post,
                        "role": actors.by_id[post]["name"] if post else None,
                    }
                )
            )
    return sorted(out, key=lambda m: m["id"])


def events(conn: sqlite3.Connection) -> list[dict]:
    out = []
    for m in rows(conn, "select * from meetings order by id"):
        out.append(
            compact(
                {
                    "id": m["id"],
                    "name": m["title"] or m["journal_symbol"] or m["id"],
                    "classification": "meeting",
                    "start_date": m["date"],
                    "location": m["location"],
                    "organization_id": BODY_ACTORS[m["body"]],
                    "identifiers": [
                        {"identifier": m["journal_symbol"], "scheme": "OSCE journal symbol"}
                    ]
                    if m["journal_symbol"]
                    else [],
                }
            )
        )
    for item in rows(
        conn,
        "select a.*, m.date, m.body from agenda_items a join "
        "meetings m on m.id = a.meeting_id order by a.id",
    ):
        label = " ".join(str(x) for x in (item["number"], item["label"]) if x is not None)
        out.append(
            compact(
                {
                    "id": item["id"],
                    "name": item["title"] or f"Agenda item {label}",
                    "classification": "agenda_item",
                    "start_date": item["date"],
                    "organization_id": BODY_ACTORS[item["body"]],
                    "parent_id": item["parent_id"] or item["meeting_id"],
                }
            )
        )
    return out


def speeches(conn: sqlite3.Connection, actors: Actors) -> list[dict]:
    related: dict[tuple[str, str], list[str]] = {}
    for a in rows(
        conn,
        "select statement_id, relation, actor_id from statement_alignments where actor_id is not "
        "null order by statement_id, relation, position",
    ):
        related.setdefault((a["statement_id"], a["relation"]), []).append(a["actor_id"])
    for d in rows(
        conn,
        "select statement_id, document_symbol from "
        "statement_documents order by statement_id, document_symbol",
    ):
        related.setdefault((d["statement_id"], "documents"), []).append(d["document_symbol"])
    out = []
    for s in rows(conn, "select * from statements order by id"):
        kind = actors.kind(s["actor_id"])
        out.append(
            compact(
                {
                    "id": s["id"],
                    "creator_id": s["actor_id"] if kind == "person" else None,
                    "role": actors.by_id[s["actor_id"]]["name"]
                    if kind == "osce_official"
                    else None,
                    "attribution_text": s["speaker_label"],
                    "text": s["text"],
                    "type": s["kind"],
                    "position": s["position"],
                    "event_id": s["agenda_item_id"] or s["meeting_id"],
                    "speaker_organization_id": s["actor_id"]
                    if kind and kind not in NOT_ORGANIZATIONS
                    else None,
                    "speaker_post_id": s["actor_id"] if kind == "osce_official" else None,
                    "delivered_by_organization_id": s["delivered_by_actor_id"],
                    "aligned_organization_ids": related.get((s["id"], "aligned"), []),
                    "on_behalf_of_organization_ids": related.get((s["id"], "on_behalf_of"), []),
                    "interpreted_decision_id": s["decision_id"],
                    "document_symbols": related.get((s["id"], "documents"), []),
                }
            )
        )
    return out


def document(conn: sqlite3.Connection) -> dict:
    actors = Actors(conn)
    organizations = [ROOT] + [
        actors.organization(a) for a in actors.by_id.values() if a["kind"] not in NOT_ORGANIZATIONS
    ]
    posts = [
        compact(
            {
                "id": a["id"],
                "label": a["name"],
                "role": a["name"],
                "organization_id": actors.organization_of(a["parent_id"])
                if a["parent_id"]
                else ROOT["id"],
            }
        )
        for a in actors.by_id.values()
        if a["kind"] == "osce_official"
    ]
    persons = [
        compact(
            {
                "id": a["id"],
                "name": a["name"],
                "other_names": [
                    {"name": n} for n in actors.aliases.get(a["id"], []) if n != a["name"]
                ],
            }
        )
        for a in actors.by_id.values()
        if a["kind"] == "person"
    ]
    return {
        "organizations": organizations,
        "persons": persons,
        "posts": posts,
        "memberships": memberships(actors),
        "events": events(conn),
        "speeches": speeches(conn, actors),
    }


def write(conn: sqlite3.Connection, out: Path) -> list[Path]:
    path = out / "popolo.json"
    path.write_text(
        json.dumps(document(conn), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return [path]
