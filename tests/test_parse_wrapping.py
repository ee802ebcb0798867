"""Rules found by building the generated corpus: wrapped titles, speaker lists separated
by a blank line, glued footnote marks and repeated attachment numbers."""

from __future__ import annotations

import sqlite3

from conftest import BUNDLED

from build_data.extract.model import ExtractedText
from build_data.parse.document import parse_document
from build_data.pipeline import build

HEADER = """PC.JOUR/2 Organization for Security and Co-operation in Europe 13 January 1995 Permanent Council Original: ENGLISH
Chairmanship: Hungary
2nd PLENARY MEETING OF THE COUNCIL
1. Date: Thursday, 13 January 1995
Opened: 10 a.m.
Closed: 1 p.m.
2. Chairperson: Ambassador A. Bcd
3. Subjects discussed – Statements – Decisions/documents adopted:
"""


def parse(text: str):
    lines = text.split("\n")
    return parse_document(ExtractedText("text", tuple(lines), (None,) * len(lines)))


def test_wrapped_item_title_continues_on_the_next_line():
    """A heading that ran to the width of the page goes on with the upper-case words of
    the next line; the rest of that line is the speaker list."""
    doc = parse(
        HEADER
        + (
            "Agenda item 1: REPORT BY THE CHAIRPERSON OF THE ADVISORY COMMITTEE ON MANAGEMENT "
            "AND\nFINANCE Chairperson, Canada\n4. Next meeting:\n"
            "Thursday, 20 January 1995, at 10 a.m., in the Neuer Saal\n"
        )
    )
    (item,) = doc.agenda_items
    assert (
        item.title
        == "REPORT BY THE CHAIRPERSON OF THE ADVISORY COMMITTEE ON MANAGEMENT AND FINANCE"
    )
    assert [e.label for e in item.entries] == ["Chairperson", "Canada"]


def test_short_abbreviation_starting_a_name_is_not_a_title():
    """'OSCE Project Co-ordinator in Ukraine' after a long title is a speaker, not the
    title's continuation."""
    doc = parse(
        HEADER
        + (
            "Agenda item 1: REPORT BY THE OSCE PROJECT CO-ORDINATOR IN UKRAINE ON THE PROJECTS\n"
            "OSCE Project Co-ordinator in Ukraine, Canada\n"
        )
    )
    (item,) = doc.agenda_items
    assert item.title == "REPORT BY THE OSCE PROJECT CO-ORDINATOR IN UKRAINE ON THE PROJECTS"
    assert [e.label for e in item.entries] == ["OSCE Project Co-ordinator in Ukraine", "Canada"]


def test_blank_line_after_a_complete_entry_starts_a_new_list():
    """Two speaker lists separated by a blank line are not glued ('Latvia Chairperson');
    a list broken by a blank line after a comma, 'and' or inside a parenthesis goes on."""
    doc = parse(
        HEADER
        + (
            "Agenda item 1: CURRENT ISSUES\nCanada, Latvia\n\nChairperson, Germany-European "
            "Union (with Albania and\n\nMontenegro, in alignment), France,\n\nItaly\n"
        )
    )
    (item,) = doc.agenda_items
    assert [e.label for e in item.entries] == [
        "Canada",
        "Latvia",
        "Chairperson",
        "Germany-European Union",
        "France",
        "Italy",
    ]
    assert item.entries[3].parentheticals == ("with Albania and Montenegro, in alignment",)


def test_footnote_mark_glued_to_a_decision_number(tmp_path):
    """'DECISION No. 8/151' is decision 8/15 (years have two digits); 'DECISION No. 11081'
    is decision 1108 when the journal announces decision 1108 or the symbol PC.DEC/1108 is
    printed above the title. Each gives a warning. Without either, a number without a year
    is kept as printed."""
    text = BUNDLED.read_text(encoding="utf-8")
    assert "PC.DEC/1108" in text
    text = text.replace("**DECISION No. 1108", "**DECISION No. 11081", 1)
    path = tmp_path / "j.txt"
    path.write_text(text, encoding="utf-8")
    build([path], tmp_path / "o.db", None)
    with sqlite3.connect(tmp_path / "o.db") as conn:
        assert [i for (i,) in conn.execute("select id from decisions order by id")] == [
            "pc-dec-1107",
            "pc-dec-1108",
        ]
        assert conn.execute(
            "select count(*) from parse_issues where code = "
            "'footnote-mark-removed' and excerpt = '11081'"
        ).fetchone() == (1,)

    from build_data.normalize.actors import load_registry
    from build_data.normalize.builder import SourceBuilder, SourceInfo
    from build_data.parse.records import Span

    builder = SourceBuilder(
        SourceInfo("s", "f", "x", "text", None, 1, 1), parse("x"), load_registry()
    )
    builder.body = "PC"
    assert builder.without_footnote_mark("8/151", Span(3, 3)) == "8/15"
    assert builder.without_footnote_mark("8/15", Span(3, 3)) == "8/15"
    assert builder.without_footnote_mark("1107", Span(3, 3)) == "1107"
    assert builder.without_footnote_mark("811", Span(4, 4), "PC.DEC/81") == "81"
    assert builder.without_footnote_mark("8112", Span(5, 5), "PC.DEC/81") == "81"
    assert builder.without_footnote_mark("811", Span(6, 6), "PC.DEC/811") == "811"
    assert builder.without_footnote_mark("811", Span(7, 7)) == "811"
    assert builder.without_footnote_mark("811", Span(8, 8), "FSC.DEC/81") == "811"
    assert (
        builder.without_footnote_mark("11081", Span(9, 9), None, frozenset({"1107", "1108"}))
        == "1108"
    )
    assert (
        builder.without_footnote_mark("1108", Span(10, 10), None, frozenset({"1107", "1108"}))
        == "1108"
    )
    assert [(i.code, i.span) for i in builder.issues if i.code != "not-a-journal"] == [
        ("footnote-mark-removed", Span(n, n)) for n in (3, 4, 5, 9)
    ]


def test_repeated_annex_numbers_keep_every_statement(tmp_path):
    """Two journal annexes printed with the same number both become statements."""
    text = HEADER + (
        "Agenda item 1: CURRENT ISSUES\nCanada (Annex 1), France (Annex 1)\n4. Next meeting:\n"
        "Thursday, 20 January 1995, at 10 a.m., in the Neuer Saal\nPC.JOUR/2\n13 January 1995\n"
        "Annex 1\nENGLISH\nOriginal: FRENCH\n2nd Plenary Meeting\n"
        "PC Journal No. 2, Agenda item 1\nSTATEMENT BY THE DELEGATION OF CANADA\n"
        "By the delegation of Canada:\nWe note the report.\n\nPC.JOUR/2\n13 January 1995\n"
        "Annex 1\nOriginal: ENGLISH\nSTATEMENT BY THE DELEGATION OF FRANCE\n"
        "By the delegation of France:\nWe welcome the report.\n"
    )
    path = tmp_path / "j.txt"
    path.write_text(text, encoding="utf-8")
    build([path], tmp_path / "o.db", None)
    with sqlite3.connect(tmp_path / "o.db") as conn:
        rows = conn.execute(
            "select id, actor_id, annex_number, text from statements where kind = "
            "'annexed_statement' order by id"
        ).fetchall()
        codes = [c for (c,) in conn.execute("select code from parse_issues order by id")]
    assert rows == [
        ("pc-2/annex1", "canada", 1, "We note the report."),
        ("pc-2/annex2", "france", 2, "We welcome the report."),
    ]
    assert "repeated-attachment-number" in codes


def test_person_with_affiliation_gets_it_as_parent(tmp_path):
    """'– Presentation by Mr. J. Smith, Director of the Office for Democratic Institutions
    and Human Rights': a person actor whose parent is the organisation the text names;
    the label stays as printed."""
    text = BUNDLED.read_text(encoding="utf-8").replace(
        "REVIEW OF CURRENT ISSUES\n\nNone",
        "REVIEW OF CURRENT ISSUES\n\n– Presentation by Mr. J. Smith, Director of the Office for "
        "Democratic Institutions and Human Rights",
        1,
    )
    path = tmp_path / "j.txt"
    path.write_text(text, encoding="utf-8")
    build([path], tmp_path / "o.db", None)
    with sqlite3.connect(tmp_path / "o.db") as conn:
        assert conn.execute(
            "select speaker_label, actor_id, kind, resolution from statements where "
            "agenda_item_id = 'pc-976/3'"
        ).fetchall() == [
            (
                "Mr. J. Smith, Director of the Office for Democratic Institutions and Human Rights",
                "person-j-smith",
                "presentation",
                "person",
            )
        ]
        assert conn.execute(
            "select name, kind, parent_id from actors where id = 'person-j-smith'"
        ).fetchall() == [("J. Smith", "person", "odihr")]
