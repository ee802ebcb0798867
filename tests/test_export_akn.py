"""Akoma Ntoso export: every decision's file is valid against the official AKN 3.0 schema
(../shared/vendor/akn, with the xml.xsd it imports read from the same folder, never from
the network), and Decision No. 1107 reads as the action plan it is."""

from __future__ import annotations

import copy
import sqlite3

import pytest
from conftest import vendor_file
from lxml import etree

NS = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    xsd = vendor_file("akn", "akomantoso30.xsd")
    vendor_file("akn", "xml.xsd")  # imported by akomantoso30.xsd as ./xml.xsd
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(xsd), parser))


def document_ids(db) -> list[str]:
    """The decisions and the meetings (journals) of a database: one AKN file each."""
    with sqlite3.connect(db) as conn:
        return sorted(
            r[0].replace("/", "-")
            for r in conn.execute("select id from decisions union all select id from meetings")
        )


def errors(schema: etree.XMLSchema, doc) -> list[str]:
    schema.validate(doc)
    return [f"{e.line}: {e.message}" for e in schema.error_log]


def test_bundled_decisions_are_valid(schema, bundled, bundled_exports):
    """The bundled journal gives one AKN file per decision and one for the journal, each
    valid against the XSD."""
    files = sorted((bundled_exports / "akn").glob("*.xml"))
    assert (
        [f.stem for f in files]
        == document_ids(bundled.db)
        == ["pc-976", "pc-dec-1107", "pc-dec-1108"]
    )
    assert {f.name: errors(schema, etree.parse(str(f))) for f in files} == {
        f.name: [] for f in files
    }


def test_shared_decisions_are_valid(schema, shared_built):
    """Every decision and journal the shared journal excerpts yield has a valid AKN file."""
    files = sorted((shared_built.exports / "akn").glob("*.xml"))
    assert [f.stem for f in files] == document_ids(shared_built.db)
    assert files, "the shared journals yield decisions"
    assert {f.name: errors(schema, etree.parse(str(f))) for f in files} == {
        f.name: [] for f in files
    }


def test_broken_documents_are_rejected(schema, bundled_exports):
    """The validation can fail: a paragraph put directly in a point, a repeated eId and a
    statement without its meta are each reported by the schema."""
    doc = etree.parse(str(bundled_exports / "akn" / "pc-dec-1107.xml"))
    assert errors(schema, doc) == []
    akn = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"

    bare = copy.deepcopy(doc)
    point = bare.find(".//a:point", NS)
    content = point.find("a:content", NS)
    point.replace(content, content[0])
    expected = ", ".join(
        akn + e
        for e in (
            "intro",
            "content",
            "hcontainer",
            "componentRef",
            "clause",
            "section",
            "part",
            "paragraph",
            "chapter",
            "title",
        )
    )
    assert [e.split(": ", 1)[1] for e in errors(schema, bare)] == [
        f"Element '{akn}p': This element is not expected. Expected is one of ( {expected} )."
    ]

    repeated = copy.deepcopy(doc)
    points = repeated.findall(".//a:point", NS)
    points[1].set("eId", points[0].get("eId"))
    assert [e.split(": ", 1)[1] for e in errors(schema, repeated)] == [
        (
            f"Element '{akn}point': Duplicate key-sequence "
            "['annex_1__chp_II__dvs_national__subdvs_1__point_1.1'] in unique "
            f"identity-constraint '{akn}eId-{scope}'."
        )
        for scope in ("doc", "statement")
    ]

    no_meta = copy.deepcopy(doc)
    statement = no_meta.getroot()[0]
    statement.remove(statement.find("a:meta", NS))
    assert [e.split(": ", 1)[1] for e in errors(schema, no_meta)] == [
        f"Element '{akn}preface': This element is not expected. Expected is ( {akn}meta )."
    ]


def test_decision_1107_identification(bundled_exports):
    """FRBR work IRI of the AKN4UN pattern with `osce` for the country, the symbol in
    FRBRnumber/@showAs, English expression."""
    doc = etree.parse(str(bundled_exports / "akn" / "pc-dec-1107.xml"))
    work = doc.find("a:statement/a:meta/a:identification/a:FRBRWork", NS)
    assert doc.getroot()[0].get("name") == "decision"
    assert (
        work.find("a:FRBRuri", NS).get("value")
        == "/akn/osce/statement/deliberation/pc/2013-12-06/1107"
    )
    assert work.find("a:FRBRcountry", NS).get("value") == "osce"
    assert dict(work.find("a:FRBRnumber", NS).attrib) == {"value": "1107", "showAs": "PC.DEC/1107"}
    expression = doc.find("a:statement/a:meta/a:identification/a:FRBRExpression", NS)
    assert (
        expression.find("a:FRBRuri", NS).get("value")
        == "/akn/osce/statement/deliberation/pc/2013-12-06/1107/eng@"
    )
    assert expression.find("a:FRBRlanguage", NS).get("language") == "eng"
    preface = ["".join(p.itertext()).strip() for p in doc.findall("a:statement/a:preface/a:p", NS)]
    assert preface == [
        "PC.DEC/1107/Corr.1",
        "ADDENDUM TO THE OSCE ACTION PLAN TO COMBAT TRAFFICKING IN HUMAN BEINGS: ONE DECADE LATER"
        "Reissued due to a correction to the title of the Addendum.The word “draft” has been "
        "removed from the title.",
        "Permanent Council, 6 December 2013",
        "SPECIAL MEETING OF THE PERMANENT COUNCIL (976th "
        "Plenary Meeting), journal PC.JOUR/976, agenda item 1",
    ]


def test_decision_1107_text_matches_the_database(bundled, bundled_exports):
    """Preamble recitals are the preambular paragraphs, mainBody the operative ones, and
    each attached statement's text is the statement's text, made by its State."""
    doc = etree.parse(str(bundled_exports / "akn" / "pc-dec-1107.xml"))
    text = lambda el: "\n".join("".join(p.itertext()) for p in el.findall(".//a:p", NS))  # noqa: E731
    recitals = [text(r) for r in doc.findall("a:statement/a:preamble/a:recitals/a:recital", NS)]
    assert recitals == [
        r[0]
        for r in bundled.rows(
            "select text from decision_paragraphs where decision_id = 'pc-dec-1107' and kind = "
            "'preambular' order by position"
        )
    ]
    body = [text(p) for p in doc.findall("a:statement/a:mainBody/a:paragraph", NS)]
    assert body == [
        r[0]
        for r in bundled.rows(
            "select text from decision_paragraphs where decision_id = 'pc-dec-1107' and kind = "
            "'operative' order by position"
        )
    ]
    attached = [
        (
            a.findtext("a:num", namespaces=NS),
            a.find("a:statement/a:meta//a:FRBRWork/a:FRBRauthor", NS).get("href"),
            text(a.find("a:statement/a:mainBody", NS)),
        )
        for a in doc.findall("a:statement/a:attachments/a:attachment", NS)
        if a.find("a:statement", NS) is not None
    ]
    expected = bundled.rows(
        "select attachment_number, actor_id, text from statements where decision_id = "
        "'pc-dec-1107' and kind = 'interpretative_statement' order by attachment_number"
    )
    assert attached == [
        (f"Attachment {n}", f"#{actor}", "\n".join(line for line in t.splitlines() if line.strip()))
        for n, actor, t in expected
    ]


def test_decision_1107_action_plan(bundled, bundled_exports):
    """The annex: sections as chapters with their headings, every action item a numbered
    point whose eId follows action_items.id, and the OSCE bodies of action_item_actors
    marked up and listed as TLCOrganization."""
    doc = etree.parse(str(bundled_exports / "akn" / "pc-dec-1107.xml"))
    annex = doc.find("a:statement/a:attachments/a:attachment[@eId='annex_1']/a:doc", NS)
    chapters = [
        (c.findtext("a:num", namespaces=NS), c.findtext("a:heading", namespaces=NS))
        for c in annex.findall("a:mainBody/a:chapter", NS)
    ]
    assert chapters == [
        ("II.", "Investigation, law enforcement and prosecution"),
        ("III.", "Prevention of trafficking in human beings"),
        ("IV.", "Protection and assistance"),
        ("V.", "Partnerships"),
    ]
    points = annex.findall(".//a:point", NS)
    items = bundled.rows(
        "select id, number from action_items where decision_id = 'pc-dec-1107' order by position"
    )
    assert [
        (
            p.get("eId").split("__")[1:3] + p.get("eId").split("__point_")[1:],
            p.findtext("a:num", namespaces=NS),
        )
        for p in points
    ] == [
        ([f"chp_{i.split('/')[1]}", f"dvs_{i.split('/')[2]}", number], number)
        for i, number in items
    ]
    assert points[0].get("eId") == "annex_1__chp_II__dvs_national__subdvs_1__point_1.1"
    marked = sorted(
        {
            (o.get("refersTo")[1:], o.get("class"))
            for p in points
            for o in p.iter("{%s}organization" % NS["a"])
        }
    )
    assert marked == sorted(set(bundled.rows("select actor_id, role from action_item_actors")))
    tlc = {
        t.get("eId") for t in doc.findall("a:statement/a:meta/a:references/a:TLCOrganization", NS)
    }
    referred = {
        el.get("refersTo")[1:]
        for el in doc.iter()
        if el.get("refersTo") and el.tag != "{%s}docStage" % NS["a"]
    }
    assert referred - tlc == set()
    attachments = [
        (a.get("eId"), etree.QName(a[-1]).localname, a[-1].get("name"))
        for a in doc.findall("a:statement/a:attachments/a:attachment", NS)
    ]
    assert attachments == [("annex_1", "doc", "annex")] + [
        (f"att_{n}", "statement", "interpretativeStatement") for n in range(1, 5)
    ]


def test_journal_as_debate_report(bundled, bundled_exports):
    """The journal of the 976th meeting is a debateReport: one debateSection per agenda
    item with its speakers in order (by their actor) and the decisions adopted under it,
    linked by their work IRI."""
    doc = etree.parse(str(bundled_exports / "akn" / "pc-976.xml"))
    report = doc.getroot()[0]
    assert (etree.QName(report).localname, report.get("name")) == ("debateReport", "journal")
    assert (
        doc.find("a:debateReport/a:meta//a:FRBRWork/a:FRBRuri", NS).get("value")
        == "/akn/osce/debateReport/journal/pc/2013-12-06/976"
    )
    sections = [
        (
            s.findtext("a:heading", namespaces=NS),
            [
                (sp.get("by")[1:], sp.findtext("a:from", namespaces=NS))
                for sp in s.findall("a:speech", NS)
            ],
            [r.get("href") for r in s.findall("a:p/a:ref", NS)],
        )
        for s in doc.findall("a:debateReport/a:mainBody/a:debateSection", NS)
    ]
    expected = []
    for item_id, title in bundled.rows(
        "select id, title from agenda_items where meeting_id = 'pc-976' order by position"
    ):
        speakers = bundled.rows(
            "select actor_id, speaker_label from statements where agenda_item_id = ? and entry_id "
            "is null and position is not null order by position",
            (item_id,),
        )
        expected.append((title, speakers, []))
    expected[0][2].append("/akn/osce/statement/deliberation/pc/2013-12-06/1107")
    expected[1][2].append("/akn/osce/statement/deliberation/pc/2013-12-06/1108")
    assert sections == expected


def test_a_section_met_again_stays_one_chapter(schema, bundled, tmp_path):
    """An action item whose section, level and heading come back after another section
    (here II/national/1.1 moved to the end) joins its chapter: eIds stay unique and the
    document valid."""
    import shutil

    from build_data.exports.folder import export

    db = tmp_path / "osce.db"
    shutil.copyfile(bundled.db, db)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "update action_items set position = 1000 where id = 'pc-dec-1107/II/national/1.1'"
        )
    export(db, tmp_path / "exports", ["akn"])
    doc = etree.parse(str(tmp_path / "exports" / "akn" / "pc-dec-1107.xml"))
    assert errors(schema, doc) == []
    chapters = [c.get("eId") for c in doc.findall(".//a:chapter", NS)]
    assert chapters == [f"annex_1__chp_{s}" for s in ("II", "III", "IV", "V")]
    subdivision = doc.find(".//a:subdivision[@eId='annex_1__chp_II__dvs_national__subdvs_1']", NS)
    assert [p.findtext("a:num", namespaces=NS) for p in subdivision.findall("a:point", NS)] == [
        "1.2",
        "1.1",
    ]
