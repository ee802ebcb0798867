"""Popolo export: popolo.json is valid against the Popolo JSON Schemas of
../shared/vendor/popolo (draft-03; their absolute $refs are served from a local registry,
never fetched), counts agree with the database, and what Popolo cannot say (States
speaking, alignments, the interpreted decision) is in the extension fields only."""

from __future__ import annotations

import json

import pytest
from conftest import vendor_file
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

SCHEMA_OF = {
    "organizations": "organization",
    "persons": "person",
    "posts": "post",
    "memberships": "membership",
    "events": "event",
    "speeches": "speech",
}
EXTENSIONS = {
    "speaker_organization_id",
    "speaker_post_id",
    "delivered_by_organization_id",
    "aligned_organization_ids",
    "on_behalf_of_organization_ids",
    "interpreted_decision_id",
    "document_symbols",
}


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft3Validator]:
    folder = vendor_file("popolo", "speech.json").parent
    schemas = {
        p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))
    }
    registry = Registry().with_resources(
        (s["id"].rstrip("#"), Resource.from_contents(s, default_specification=DRAFT3))
        for s in schemas.values()
    )
    return {
        key: Draft3Validator(schemas[name], registry=registry) for key, name in SCHEMA_OF.items()
    }


def load(folder) -> dict:
    return json.loads((folder / "popolo.json").read_text(encoding="utf-8"))


def invalid(validators, popolo: dict) -> list[str]:
    return [
        f"{key}/{obj.get('id')}: {e.message}"
        for key, v in validators.items()
        for obj in popolo[key]
        for e in v.iter_errors(obj)
    ]


def test_bundled_popolo_is_valid(validators, bundled_exports):
    """Every organization, person, post, membership, event and speech validates."""
    popolo = load(bundled_exports)
    assert list(popolo) == list(SCHEMA_OF)
    assert invalid(validators, popolo) == []


def test_shared_popolo_is_valid(validators, shared_built):
    """The shared journals (persons, posts, alignments, sub-items) give valid Popolo."""
    assert invalid(validators, load(shared_built.exports)) == []


def test_validation_can_fail(validators):
    """A wrong type, also inside an embedded object reached through an absolute $ref, is
    reported: the schemas are really applied."""
    popolo = {key: [] for key in SCHEMA_OF}
    popolo["speeches"] = [{"id": "s", "position": "first", "creator": {"name": 5}}]
    assert sorted(invalid(validators, popolo)) == [
        "speeches/s: 'first' is not of type 'integer', 'null'",
        "speeches/s: 5 is not of type 'string', 'null'",
    ]


def test_counts_agree_with_the_database(bundled, bundled_exports):
    """One organization per actor that is not a person or an official (plus the OSCE),
    a post per official, a person per person, a membership per participating State and
    Partner, an event per meeting and agenda item, a speech per statement."""
    popolo = load(bundled_exports)
    counts = {key: len(values) for key, values in popolo.items()}
    (organizations,), (posts,), (persons,), (members,), (meetings,), (items,), (statements,) = (
        bundled.rows(sql)[0]
        for sql in (
            "select count(*) from actors where kind not in ('person', 'osce_official')",
            "select count(*) from actors where kind = 'osce_official'",
            "select count(*) from actors where kind = 'person'",
            "select count(*) from actors where kind in ('participating_state', 'partner_state') "
            "or (kind = 'person' and parent_id is not null)",
            "select count(*) from meetings",
            "select count(*) from agenda_items",
            "select count(*) from statements",
        )
    )
    assert counts == {
        "organizations": organizations + 1,
        "persons": persons,
        "posts": posts,
        "memberships": members,
        "events": meetings + items,
        "speeches": statements,
    }
    assert counts == {
        "organizations": 132,
        "persons": 0,
        "posts": 9,
        "memberships": 70,
        "events": 5,
        "speeches": 14,
    }


def test_interpretative_statement_as_a_speech(bundled, bundled_exports):
    """The Russian Federation's interpretative statement: a speech with no person as
    creator, the State and the interpreted decision in extension fields."""
    speech = next(s for s in load(bundled_exports)["speeches"] if s["id"] == "pc-dec-1107/att1")
    ((text,),) = bundled.rows("select text from statements where id = 'pc-dec-1107/att1'")
    assert speech == {
        "id": "pc-dec-1107/att1",
        "attribution_text": "the Russian Federation",
        "text": text,
        "type": "interpretative_statement",
        "event_id": "pc-976/1",
        "speaker_organization_id": "russian-federation",
        "interpreted_decision_id": "pc-dec-1107",
    }


def test_state_memberships_and_identifiers(bundled_exports):
    """A State is an organization with its ISO codes, a member of the OSCE with the dates
    the registry knows."""
    popolo = load(bundled_exports)
    serbia = next(o for o in popolo["organizations"] if o["id"] == "serbia")
    assert serbia == {
        "id": "serbia",
        "name": "Serbia",
        "classification": "participating_state",
        "identifiers": [
            {"identifier": "RS", "scheme": "ISO 3166-1 alpha-2"},
            {"identifier": "SRB", "scheme": "ISO 3166-1 alpha-3"},
        ],
        "founding_date": "2006-06-03",
    }
    membership = next(m for m in popolo["memberships"] if m["id"] == "serbia@osce")
    assert membership == {
        "id": "serbia@osce",
        "role": "participating State",
        "member": {"@type": "Organization", "id": "serbia"},
        "organization_id": "osce",
        "start_date": "2006-06-03",
    }


def test_shared_speeches_carry_alignments_and_delivery(shared_built):
    """Alignment lists and the delivering State of the shared journals are in the
    extension fields, equal to statement_alignments and statements; standard fields hold
    only what Popolo defines (creator_id is always a person)."""
    popolo = load(shared_built.exports)
    speeches = {s["id"]: s for s in popolo["speeches"]}
    aligned: dict[str, list[str]] = {}
    for statement_id, actor_id in shared_built.rows(
        "select statement_id, actor_id from statement_alignments where relation = 'aligned' and "
        "actor_id is not null order by statement_id, position"
    ):
        aligned.setdefault(statement_id, []).append(actor_id)
    assert (
        aligned
        and {
            i: s["aligned_organization_ids"]
            for i, s in speeches.items()
            if "aligned_organization_ids" in s
        }
        == aligned
    )
    delivered = dict(
        shared_built.rows(
            "select id, delivered_by_actor_id from statements "
            "where delivered_by_actor_id is not null"
        )
    )
    assert (
        delivered
        and {
            i: s["delivered_by_organization_id"]
            for i, s in speeches.items()
            if "delivered_by_organization_id" in s
        }
        == delivered
    )
    persons = {p["id"] for p in popolo["persons"]}
    assert {s["creator_id"] for s in speeches.values() if "creator_id" in s} <= persons
    standard = set(
        json.loads(vendor_file("popolo", "speech.json").read_text(encoding="utf-8"))["properties"]
    )
    assert {k for s in speeches.values() for k in s} - standard == EXTENSIONS & {
        k for s in speeches.values() for k in s
    }
    assert EXTENSIONS & standard == set()
