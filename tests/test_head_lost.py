"""A journal whose first lines are lost (a scanned first page, an excerpt that starts at
'1. Date'): its title, meeting number and chairmanship go with them, and often the body's
name. What is left is still a journal: it is read, the body taken from the journal symbol
or number the rest of the text prints (a running page header, 'PC Journal No. 976' over an
appended decision), and every record but the head's fields is the clean text's."""

from __future__ import annotations

import re
import sqlite3

import pytest

from benchmarks.renderings import (
    TEXT_RENDERINGS,
    clean_texts,
    differences,
    records,
    records_of,
)
from build_data.parse.classify import classify

DATE_RE = re.compile(r"1\.\s*Date")
# What the lost lines printed: the meeting's title (kind, number) and the chairmanship.
HEAD_FIELDS = {"kind", "title", "meeting_number", "chairmanship", "chairmanship_actor_id"}
TEXTS = clean_texts()


def headless(text: str) -> str:
    """The text from its first '1. Date' on."""
    return text[DATE_RE.search(text).start() :]


def _one_copy_journals() -> list[str]:
    """The texts that are journals printed once (a '1. Date' per meeting: a web page that
    shows a preview of the journal before it would be cut inside the preview)."""
    names = []
    for name, text in TEXTS.items():
        meetings = records(text)["meetings"]
        if meetings and len(DATE_RE.findall(text)) == len(meetings):
            names.append(name)
    return names


ONE_COPY = _one_copy_journals()
# Excerpts that print no journal symbol or number after the head: the body is not known.
NO_SYMBOL_LEFT = {"pc-1275"}
# Renderings of a headless journal not read as the headless text (none now: a web page's
# lines repeating an agenda title in other casing are told by the journal's item lines).
KNOWN_GAPS: set[tuple[str, str]] = set()
# As in test_renderings: a rendering with no line breaks loses the paragraph breaks of the
# statements' text.
PARAGRAPH_BREAKS_LOST = {("bundled", "one-line-per-page"), ("bundled", "no-line-breaks")}


def _ids(recs: dict) -> list[str]:
    return [dict(r)["id"] for r in recs["meetings"]]


def _renamed(recs: dict, ids: dict[str, str]) -> dict:
    """The records with each meeting id (and the ids made from it) renamed by `ids`, and
    without the head's fields of the meetings."""

    def fix(value):
        if isinstance(value, str):
            for old, new in ids.items():
                if value == old or value.startswith(old + "/"):
                    return new + value[len(old) :]
        return value

    return {
        table: sorted(
            (
                tuple((k, fix(v)) for k, v in row if not (table == "meetings" and k in HEAD_FIELDS))
                for row in rows
            ),
            key=repr,
        )
        for table, rows in recs.items()
    }


def test_the_cases_cover_every_body(shared_journals):
    assert {n.split("-")[0] for n in ONE_COPY} >= {"bundled", "fsc", "mc", "pc"}
    assert "fsc-966" not in ONE_COPY  # its web page previews the journal first


@pytest.mark.parametrize("name", [n for n in ONE_COPY if n not in NO_SYMBOL_LEFT])
def test_a_journal_without_its_head_gives_the_clean_records(name):
    text = TEXTS[name]
    cut = headless(text)
    assert classify(cut) == "journal"
    clean, got = records(text), records(cut)
    assert len(_ids(got)) == len(_ids(clean))
    # sorted by the clean id, the meetings pair up in the order of the text
    ids = dict(zip(sorted(_ids(got)), sorted(_ids(clean)), strict=True))
    want, got = _renamed(clean, {}), _renamed(got, ids)
    assert got == want, "\n".join(differences(want, got))


@pytest.mark.parametrize("name", [n for n in ONE_COPY if n not in NO_SYMBOL_LEFT])
def test_what_the_head_said_is_not_made_up(tmp_path, name):
    """The kind and number of an untitled meeting are empty, with a warning; a body read from
    a symbol says where it came from."""
    from build_data.normalize.actors import load_registry
    from build_data.read import read_source

    path = tmp_path / "journal.txt"
    path.write_text(headless(TEXTS[name]), encoding="utf-8")
    rows = read_source(path, load_registry(), ocr=False).as_dicts()
    # the first meeting lost its title; an MC day's later sessions keep theirs
    untitled = [m for m in rows["meetings"] if m["title"] is None]
    assert len(untitled) == 1
    first = untitled[0]
    assert (first["kind"], first["meeting_number"]) == (None, None)
    assert all(m["kind"] for m in rows["meetings"] if m is not first)
    issues = {i["code"]: i for i in rows["parse_issues"]}
    assert issues["untitled-meeting"]["level"] == "warning"
    assert not any(i["level"] == "error" for i in rows["parse_issues"])
    if "body-from-symbol" in issues:
        said = issues["body-from-symbol"]
        assert f"read as {first['body']} " in said["message"]
        assert re.search(rf"\b{first['body']}(\.JOUR|\(\d+\)\.JOUR| Journal No)", said["excerpt"])


def test_a_body_no_line_names_is_left_unknown():
    """A journal that prints no journal symbol or number once its head is lost: its body is
    not guessed, and the rows that need it are left out (reported), not written with a
    made-up body."""
    text = headless(TEXTS["bundled"]).replace("PC Journal No.", "Journal No.")
    assert "PC Journal" not in text and "JOUR" not in text
    got = records(text)
    assert got["meetings"] == [] and got["statements"] == []
    assert records(headless(TEXTS["bundled"]))["meetings"] != []  # the control


def test_symbols_of_two_bodies_name_no_body():
    """A text citing journals of two bodies does not say which one it is."""
    text = headless(TEXTS["bundled"]).replace(
        "PC Journal No. 976, Agenda item 2", "FSC Journal No. 976, Agenda item 2"
    )
    assert text != headless(TEXTS["bundled"])
    assert records(text)["meetings"] == []


def _rendering_cases(names: list[str], gaps: set[tuple[str, str]], why: str):
    """(name, rendering) of each text and rendering; those in `gaps` are expected to fail
    (strictly: the day one passes, it must leave the list)."""
    for name in names:
        for rendering in TEXT_RENDERINGS:
            if (name, rendering) in PARAGRAPH_BREAKS_LOST:
                continue
            marks = (
                [pytest.mark.xfail(strict=True, reason=why)] if (name, rendering) in gaps else []
            )
            yield pytest.param(name, rendering, id=f"{name}-{rendering}", marks=marks)


@pytest.mark.parametrize(
    ("name", "rendering"),
    list(
        _rendering_cases(
            [n for n in ONE_COPY if n not in NO_SYMBOL_LEFT], KNOWN_GAPS, "a known gap: KNOWN_GAPS"
        )
    ),
)
def test_every_rendering_of_a_headless_journal_gives_its_records(name, rendering):
    cut = headless(TEXTS[name])
    want, got = records(cut), records(TEXT_RENDERINGS[rendering](cut))
    assert got == want, "\n".join(differences(want, got))


def test_records_of_keeps_the_head_fields():
    """The comparison above leaves out only the head's fields, not whole rows."""
    rows = {"meetings": [{"id": "pc-1", "kind": None, "body": "PC", "line_start": 3}]}
    assert _renamed(records_of(rows), {"pc-1": "pc-2"})["meetings"] == [
        (("body", "PC"), ("id", "pc-2"))
    ]


def test_a_copy_without_its_head_is_a_duplicate_of_the_whole_journal(tmp_path):
    """The same journal whole and without its first lines: one meeting, built from the whole
    copy (the other has no meeting number, so not its meeting id: they are matched by the
    journal symbol), whatever the order of the files."""
    from build_data.pipeline import build

    for whole, cut in (("a.txt", "b.txt"), ("b.txt", "a.txt")):
        src = tmp_path / whole / "src"
        src.mkdir(parents=True)
        (src / whole).write_text(TEXTS["bundled"], encoding="utf-8")
        (src / cut).write_text(headless(TEXTS["bundled"]), encoding="utf-8")
        db = tmp_path / whole / "osce.db"
        build([src], db, None, None, jobs=1)
        with sqlite3.connect(db) as conn:
            assert conn.execute("select id, kind from meetings").fetchall() == [
                ("pc-976", "special")
            ]
            assert conn.execute("select count(*) from statements").fetchone() == (14,)
            issues = conn.execute(
                "select s.filename, i.code from parse_issues i join sources s on s.id = i.source_id"
            ).fetchall()
        assert issues == [(cut, "duplicate-journal")]


def test_a_text_quoting_the_numbered_sections_is_not_a_journal():
    """A letter quoting a journal's sections prints none of a journal's marks of itself."""
    letter = (
        "Organization for Security and Co-operation in Europe\nPermanent Council\n\n"
        "Note verbale\n\nThe delegation recalls the journal's record:\n\n"
        "1. Date: Thursday, 5 March 2020\n\n2. Chairperson: Ambassador X. Example\n\n"
        "3. Subjects discussed – Statements – Decisions/documents adopted:\n\n"
        "Agenda item 1: REVIEW OF CURRENT ISSUES\n\nUkraine, Canada\n"
    )
    assert classify(letter) == "other"
    assert records(letter)["meetings"] == []


@pytest.mark.parametrize(
    "cited",
    ["(see FSC.JOUR/972)", "(see FSC Journal No. 972)", "(see FSC-PC.JOUR/47)"],
    ids=["symbol", "number", "joint"],
)
def test_a_journal_cited_in_the_text_does_not_name_the_body(cited):
    """Without its head and without marks of its own, a journal citing another (in a
    sentence, not as a heading or page header) gets no body from it: its meeting is left out
    (reported), not filed under the body of the journal it cites."""
    text = headless(TEXTS["bundled"]).replace("PC Journal No.", "Journal No.")
    text = text.replace("Agenda item 3: REVIEW OF CURRENT ISSUES", f"Agenda item 3: REVIEW {cited}")
    assert cited in text
    assert records(text)["meetings"] == []


def test_a_joint_meetings_page_header_names_no_one_body():
    """'FSC-PC.JOUR/47' in a running page header is neither a PC nor an FSC journal's mark."""
    from build_data.parse.own_marks import own_marks
    from build_data.parse.records import FurnitureItem, Span

    header = FurnitureItem("page_header", "- 2 - FSC-PC.JOUR/47", Span(9, 9))
    own = FurnitureItem("page_header", "- 3 - FSC.JOUR/972", Span(19, 19))
    assert own_marks([], [header]) == []
    assert [body for body, _, _ in own_marks([], [header, own])] == ["FSC"]


# ------------------------------------------------------------------ the first page lost

# the running header of page 2 ('PCOEJ1233 - 2 - PC.JOUR/1233'), its internal code first
PAGE_2_RE = re.compile(r"(?:\S+ |^)- 2 - ", re.MULTILINE)


def first_page_lost(name: str) -> str:
    """The text from its second page on (the bundled journal has no page headers: from its
    second agenda item, whose heading is on its second page in print)."""
    text = TEXTS[name]
    m = PAGE_2_RE.search(text) or re.search(r"(?m)^Agenda item 2:", text)
    return text[m.start() :]


def _entries(recs: dict) -> set:
    """The statements made under agenda items (not the decisions' attachments, whose link
    to the lost item is lost with it)."""
    return {row for row in recs["statements"] if dict(row)["kind"] != "interpretative_statement"}


FIRST_PAGE_LOST = [n for n in ONE_COPY if PAGE_2_RE.search(TEXTS[n]) or n == "bundled"]
# Two damages at once, not read as the text without its first page: the text twice, when
# what is left of it holds no whole agenda item to tell the second copy by (fsc-947-corr1's
# second page: the end of item 1, then 'Agenda item 2: DECISION ON THE A', cut).
FIRST_PAGE_GAPS = {("fsc-947-corr1", "twice")}


@pytest.mark.parametrize("name", FIRST_PAGE_LOST)
def test_a_journal_without_its_first_page_gives_what_the_rest_says(tmp_path, name):
    """A journal whose text starts on its second page (the first a scan, say) is still
    read: from its marks (running page headers, appended documents' headings) its body and
    symbol; its agenda items from the first whole one on, with their speakers, as the whole
    text gives them; the end of the item whose start is lost reported; nothing made up."""
    from build_data.normalize.actors import load_registry
    from build_data.read import read_source

    cut = first_page_lost(name)
    clean, got = records(TEXTS[name]), records(cut)
    # one meeting (an MC journal's first session: its later sessions are whole)
    lost = [dict(r) for r in got["meetings"] if dict(r)["title"] is None]
    (meeting,) = lost
    assert meeting["date"] is None and meeting["kind"] is None
    (whole,) = [dict(r) for r in clean["meetings"] if dict(r)["id"] not in _ids(got)]
    assert (meeting["body"], meeting["journal_symbol"]) == (whole["body"], whole["journal_symbol"])
    got = _renamed(got, {meeting["id"]: whole["id"]})
    later = [r for r in got["meetings"] if dict(r)["id"] != whole["id"]]
    assert set(later) <= set(_renamed(clean, {})["meetings"])
    items = {(r["number"], r["title"]) for r in map(dict, got["agenda_items"])}
    assert items <= {(r["number"], r["title"]) for r in map(dict, clean["agenda_items"])}
    assert _entries(got) <= _entries(_renamed(clean, {}))
    assert {dict(r)["id"] for r in got["decisions"]} == {dict(r)["id"] for r in clean["decisions"]}

    path = tmp_path / "journal.txt"
    path.write_text(cut, encoding="utf-8")
    rows = read_source(path, load_registry(), ocr=False).as_dicts()
    issues = [(i["level"], i["code"]) for i in rows["parse_issues"]]
    assert "error" not in {level for level, _ in issues}, issues
    assert ("warning", "untitled-meeting") in issues


def test_the_second_page_keeps_the_items_that_start_on_it():
    """The bundled journal from its second item: items 2 to 4, item 2's speakers and
    decision, as the whole text gives them."""
    got = records(first_page_lost("bundled"))
    assert sorted(dict(r)["number"] for r in got["agenda_items"]) == [2, 3, 4]
    assert len(_entries(got)) == 5  # Chairperson, Canada, Turkey, France, Chairperson
    assert {dict(r)["id"]: dict(r)["agenda_item_id"] for r in got["decisions"]} == {
        "pc-dec-1107": None,  # its notice was in item 1
        "pc-dec-1108": "pc-jour-976/2",
    }


def test_what_stands_before_the_first_whole_item_is_reported(tmp_path):
    """The end of the item whose start is on the lost page is kept in an issue."""
    from build_data.normalize.actors import load_registry
    from build_data.read import read_source

    text = "Canada, Turkey\n\n" + first_page_lost("bundled")
    path = tmp_path / "journal.txt"
    path.write_text(text, encoding="utf-8")
    rows = read_source(path, load_registry(), ocr=False).as_dicts()
    (issue,) = [i for i in rows["parse_issues"] if i["code"] == "unrecognised-text"]
    assert (issue["line_start"], issue["line_end"], issue["excerpt"]) == (1, 1, "Canada, Turkey")


@pytest.mark.parametrize(
    ("name", "rendering"),
    list(
        _rendering_cases(FIRST_PAGE_LOST, FIRST_PAGE_GAPS, "two damages at once: FIRST_PAGE_GAPS")
    ),
)
def test_every_rendering_of_a_journal_without_its_first_page_gives_its_records(name, rendering):
    cut = first_page_lost(name)
    want, got = records(cut), records(TEXT_RENDERINGS[rendering](cut))
    assert got == want, "\n".join(differences(want, got))


# Documents that print a journal's number or quote agenda items, and are no journal
# (from a review: each was read as a journal's meeting while this was being written).
DECISION_ISSUED_ALONE = """Organization for Security and Co-operation in Europe
Permanent Council

PC.DEC/1200
24 March 2016

1090th Plenary Meeting
PC Journal No. 1090, Agenda item 2

DECISION No. 1200
AGENDA OF THE 2016 ANNUAL SECURITY REVIEW CONFERENCE

The Permanent Council,

Decides to hold the 2016 Annual Security Review Conference with the following agenda:

Agenda item 1: Opening session

Agenda item 2: Working sessions
"""
REPORT_CITING_A_JOURNAL = """Organization for Security and Co-operation in Europe

CIO.GAL/88/19

REPORT OF THE CHAIRPERSON ON THE PERMANENT COUNCIL MEETINGS IN JUNE 2019

The decision was adopted as recorded in
PC Journal No. 1233, Agenda item 2, and the statements delivered are listed below.

Agenda item 1: REVIEW OF CURRENT ISSUES

Ukraine, Russian Federation, United States of America
"""
STATUS_TABLE = """MC.INF/6/18/Rev.4
Organization for Security and Co-operation in Europe 26 November 2018
Ministerial Council

STATUS OF DRAFT DECISIONS FORWARDED BY THE PERMANENT COUNCIL

Agenda item 8: ADOPTION OF DECISIONS AND OTHER DOCUMENTS

Draft decision on the 2019 OSCE Chairmanship -- forwarded (PC Journal No. 1205, Agenda item 2)
"""
ERRATA = """PC.JOUR/1233/Corr.1
Organization for Security and Co-operation in Europe 25 June 2019
Permanent Council

CORRIGENDUM

The journal of the 1233rd Plenary Meeting of the Permanent Council is corrected as follows:

Agenda item 2: REVIEW OF CURRENT ISSUES

The document reference should read (PC.DEL/725/19) instead of (PC.DEL/724/19).

PCOEJ1233 - 2 - PC.JOUR/1233/Corr.1 25 June 2019

Agenda item 3: ANY OTHER BUSINESS

The entry 'Ukraine' should be deleted.
"""


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (DECISION_ISSUED_ALONE, "decision"),
        (REPORT_CITING_A_JOURNAL, "other"),
        (STATUS_TABLE, "status_table"),
        (ERRATA, "other"),
    ],
    ids=["decision-issued-alone", "report", "status-table", "errata"],
)
def test_documents_that_cite_a_journal_or_its_items_are_no_journal(tmp_path, text, kind):
    from build_data.normalize.actors import load_registry
    from build_data.read import read_source

    path = tmp_path / "document.txt"
    path.write_text(text, encoding="utf-8")
    result = read_source(path, load_registry(), ocr=False)
    assert result.source["doc_kind"] == kind
    assert result.as_dicts().get("meetings", []) == []


def test_a_whole_journal_beats_its_corrigendum_without_a_first_page(tmp_path):
    """The whole original (FSC.JOUR/953) and its corrigendum from the second page on: the
    original is built (what the corrigendum corrects may be on its lost page, with the rest
    of it), the corrigendum's copy kept as a duplicate."""
    from build_data.pipeline import build

    src = tmp_path / "src"
    src.mkdir()
    # (its first line prints 'FSC.JOUR/953/Corr.11': the symbol, then a footnote's mark)
    original = TEXTS["fsc-947-corr1"].replace("FSC.JOUR/953/Corr.11 ", "FSC.JOUR/953 ")
    original = original.replace("FSC.JOUR/953/Corr.1", "FSC.JOUR/953")
    assert "JOUR/953/Corr" not in original
    (src / "original.txt").write_text(original, encoding="utf-8")
    (src / "corrigendum.txt").write_text(first_page_lost("fsc-947-corr1"), encoding="utf-8")
    build([src], tmp_path / "osce.db", None, None, jobs=1)
    with sqlite3.connect(tmp_path / "osce.db") as conn:
        assert conn.execute("select id, journal_symbol from meetings").fetchall() == [
            ("fsc-947", "FSC.JOUR/953")
        ]
        assert conn.execute(
            "select filename, duplicate_of is not null from sources order by filename"
        ).fetchall() == [("corrigendum.txt", 1), ("original.txt", 0)]


def test_an_mc_journal_from_its_second_page_keeps_its_later_sessions():
    """An MC day's journal from page 2: the first session untitled (its items from the
    first whole one), the next session whole, with its title, date and times."""
    got = records(first_page_lost("mc-17-jour-1-b"))
    sessions = {dict(r)["id"]: dict(r) for r in got["meetings"]}
    assert sorted(sessions) == ["mc-17/1/first-plenary-session", "mc-17/1/meeting"]
    second = sessions["mc-17/1/first-plenary-session"]
    assert (second["kind"], second["date"]) == ("session", "2009-12-01")
    assert sessions["mc-17/1/meeting"]["kind"] is None
    whole = {dict(r)["id"]: r for r in records(TEXTS["mc-17-jour-1-b"])["meetings"]}
    assert (
        got["meetings"][
            [dict(r)["id"] for r in got["meetings"]].index("mc-17/1/first-plenary-session")
        ]
        == whole["mc-17/1/first-plenary-session"]
    )


def test_a_web_pages_line_naming_an_agenda_item_before_a_whole_journal_is_the_sites():
    """A site's line 'Agenda item 1: ...' before a whole journal (its header after it) does
    not make the text open in the agenda: the site's lines before the header are dropped."""
    site = (
        "Home\nUpload\nLogin\n\nSpecial meeting of the Permanent Council 976\n"
        "Agenda item 1: decision on the addendum to the OSCE action plan\n"
        "Uploaded by user123\nViews: 1,234\n\nDownload\nShare this document\n\n"
    )
    bundled = TEXTS["bundled"].lstrip()
    head, rest = bundled.split("\n", 1)
    assert head == "Chairmanship: Ukraine"
    page = (  # and a button and the title again in the header
        site
        + head
        + "\n\nDownload PDF\n\n"
        + "Special Meeting of the Permanent Council (976th Plenary Meeting) - free download\n"
        + rest
    )
    assert records(page) == records(TEXTS["bundled"])


# ------------------------------------------------------------------ twice damaged


@pytest.mark.parametrize("name", ["bundled", "pc-1233", "mc-12-jour-2"])
def test_a_journal_without_its_first_page_printed_twice_is_read_once(name):
    """With its first page lost there is no '1. Date' to tell a second copy by: its first
    agenda item is; the full copy first and a cut preview after (a site's summary) gives
    the records of the text printed once."""
    from benchmarks.renderings import twice

    cut = first_page_lost(name)
    assert re.search(r"(?m)^1\.\s*Date", cut[: cut.index("Agenda item")]) is None
    assert records(twice(cut, reverse=True)) == records(cut)


def test_an_item_taken_up_again_in_a_later_session_is_no_second_copy():
    """An MC journal read from page 2 whose next session takes up its first item again: the
    two item lines are alike, what follows them is not, so both sessions are read."""
    cut = first_page_lost("mc-17-jour-1-b")
    cut = cut[: cut.index(" H.E. Dimitris Droutsas")] + (
        " 3. Subjects discussed – Statements – Decisions/documents adopted:"
        " Agenda item 5: ADDRESS BY THE PRESIDENT OF THE OSCE PARLIAMENTARY ASSEMBLY"
        " Chairperson, Armenia, Azerbaijan, Sweden-European Union"
        " 4. Next meeting: Wednesday, 2 December 2009, at 10 a.m.\n"
    )
    got = records(cut)
    items = sorted((dict(r)["meeting_id"], dict(r)["number"]) for r in got["agenda_items"])
    assert [n for _, n in items] == [5, 5, 6]
    assert len({m for m, _ in items}) == 2
    assert {"Armenia", "Azerbaijan"} <= {dict(r)["speaker_label"] for r in got["statements"]}


def test_an_agenda_line_in_other_casing_is_the_sites_only_when_the_journal_prints_it():
    """A short 'agenda item 2: ...' line in other casing is a site's line (a page title) when
    the journal prints that item in capitals; a journal whose items are in mixed case keeps
    them."""
    cut = first_page_lost("bundled")
    title = "Agenda item 2: DECISION ON FORWARDING OF DRAFT DOCUMENTS TO THE MINISTERIAL COUNCIL"
    assert title in cut
    site = "Home\n\n" + title.lower() + "\n\nDownload\nShare this document\n\n"
    assert records(site + cut) == records(cut)
    mixed = cut.replace(title, title.title().replace("Agenda Item", "Agenda item"))
    titles = {dict(r)["title"] for r in records(mixed)["agenda_items"]}
    assert "Decision On Forwarding Of Draft Documents To The Ministerial Council" in titles
