"""Forms of real journals that were misread: each in a journal fragment built around it
(names and symbols invented), read through the real pipeline (read_source), laid out one
field per line and run together as the hosting sites print them (one line per page, or the
whole journal on one line). Whole records are compared, provenance left out."""

from __future__ import annotations

import pytest

from build_data.normalize.actors import load_registry
from build_data.read import read_source

PROVENANCE = {"source_id", "line_start", "line_end"}

PC_HEAD = [
    "PC.JOUR/1402 Organization for Security and Co-operation in Europe 2 February 2023 Permanent "
    "Council Original: ENGLISH",
    "Chairmanship: North Macedonia",
    "1402nd PLENARY MEETING OF THE COUNCIL",
    "1. Date: Thursday, 2 February 2023",
    "Opened: 10 a.m.",
    "Closed: 1 p.m.",
    "2. Chairperson: Ambassador I. Petrovski",
    "3. Subjects discussed – Statements – Decisions/documents adopted:",
]
PC_NEXT = ["4. Next meeting:", "Thursday, 9 February 2023, at 10 a.m., in the Neuer Saal"]
FSC_HEAD = [
    "FSC.JOUR/1077 Organization for Security and Co-operation in Europe 8 March 2023 Forum for "
    "Security Co-operation Original: ENGLISH",
    "Chairmanship: Malta",
    "1071st PLENARY MEETING OF THE FORUM",
    "1. Date: Wednesday, 8 March 2023",
    "Opened: 10 a.m.",
    "Closed: 12.55 p.m.",
    "2. Chairperson: Ambassador K. Azzopardi",
    "3. Subjects discussed – Statements – Decisions/documents adopted:",
]
FSC_NEXT = ["4. Next meeting:", "Wednesday, 15 March 2023, at 10 a.m., in the Neuer Saal"]
EU_LIST = (
    "with the candidate countries Albania, Montenegro and North Macedonia; the European Free "
    "Trade Association countries Iceland and Liechtenstein, members of the European Economic "
    "Area; as well as Andorra, Georgia and San Marino, in alignment"
)
ALIGNED = [
    "Albania",
    "Montenegro",
    "North Macedonia",
    "Iceland",
    "Liechtenstein",
    "Andorra",
    "Georgia",
    "San Marino",
]


def read(tmp_path, text: str, tables: tuple[str, ...]) -> dict[str, list[dict]]:
    """The rows of the given tables (and the person actors) read from one journal text."""
    path = tmp_path / "journal.txt"
    path.write_text(text, encoding="utf-8")
    rows_read = read_source(path, load_registry(), ocr=False, source_id="j").as_dicts()
    rows = {
        t: [{k: v for k, v in row.items() if k not in PROVENANCE} for row in rows_read.get(t, [])]
        for t in tables
    }
    rows["persons"] = rows_read["persons"]
    return rows


def layout(lines: list[str], how: str) -> str:
    """'lines': one field per line; 'one_line': the whole text on one line, as a hosting site
    prints it ('– ' bullets dropped with the line breaks; kept in 'one_line_bullets')."""
    if how == "lines":
        return "\n".join(lines) + "\n"
    if how == "one_line_bullets":
        return " ".join(lines) + "\n"
    return " ".join(ln.removeprefix("– ") for ln in lines) + "\n"


def statement(
    sid: str, position: int | None, label: str, actor: str | None, resolution: str, **more
) -> dict:
    """A whole statements row: the columns not given are empty."""
    row = {
        "id": sid,
        "meeting_id": sid.split("/")[0],
        "agenda_item_id": sid.rsplit("/", 1)[0],
        "position": position,
        "speaker_label": label,
        "actor_id": actor,
        "delivered_by_actor_id": None,
        "kind": "statement",
        "decision_id": None,
        "attachment_number": None,
        "annex_number": None,
        "entry_id": None,
        "resolution": resolution,
        "text": None,
    }
    assert set(more) <= set(row), more
    return {**row, **more}


def item(
    item_id: str,
    number: int,
    title: str,
    position: int,
    parent: str | None = None,
    label: str | None = None,
) -> dict:
    return {
        "id": item_id,
        "meeting_id": item_id.split("/")[0],
        "number": number,
        "label": label,
        "parent_id": parent,
        "title": title,
        "position": position,
    }


def alignments(sid: str, labels: list[str]) -> list[dict]:
    return [
        {
            "statement_id": sid,
            "relation": "aligned",
            "position": k,
            "label": lab,
            "actor_id": lab.lower().replace(" ", "-"),
        }
        for k, lab in enumerate(labels, start=1)
    ]


# ------------------------------------------------------------------ item titles

ERP_TITLE = (
    "DECISION ON THE FUNDING OF THE ENTERPRISE RESOURCE PLANNING SYSTEM (ERP) 2.1 MIGRATION PROJECT"
)
NUMBERED_TITLE = "REPORT ON THE 1st PHASE OF EXTRA-BUDGETARY PROJECT No. 3/22 (2023–2024)"
ERP_NOTICE = (
    "Decision: The Permanent Council adopted Decision No. 1461 (PC.DEC/1461) on the funding of "
    "the enterprise resource "
    "planning system (ERP) 2.1 migration project, the text of which is appended to this journal."
)


@pytest.mark.parametrize(
    "heading",
    [
        [f"Agenda item 1: {ERP_TITLE}"],
        [
            "Agenda item 1: DECISION ON THE FUNDING OF THE ENTERPRISE RESOURCE",
            "PLANNING SYSTEM (ERP) 2.1 MIGRATION PROJECT",
        ],
        [
            "Agenda item 1: DECISION ON THE FUNDING OF "
            "THE ENTERPRISE RESOURCE PLANNING SYSTEM (ERP)",
            "2.1 MIGRATION PROJECT",
        ],
    ],
    ids=["one-line-heading", "wrapped-before-parenthesis", "wrapped-after-parenthesis"],
)
@pytest.mark.parametrize("how", ["lines", "one_line"])
def test_title_with_numbers_and_parentheses_is_one_title(tmp_path, heading, how):
    """An item title holding a parenthesis and a dotted number ('(ERP) 2.1'), printed on one
    line or wrapped before or after the parenthesis, is one title: its last words are not
    read as a speaker; so are titles with 'No. 3/22', '1st' or '(2023–2024)'. The decision
    adopted under it and the speakers after it are kept."""
    lines = [
        *PC_HEAD,
        *heading,
        "Chairperson",
        ERP_NOTICE,
        "Chairperson, Norway",
        f"Agenda item 2: {NUMBERED_TITLE}",
        "Canada",
        *PC_NEXT,
    ]
    rows = read(tmp_path, layout(lines, how), ("agenda_items", "statements", "decisions"))
    assert rows["agenda_items"] == [
        item("pc-1402/1", 1, ERP_TITLE, 1),
        item("pc-1402/2", 2, NUMBERED_TITLE, 2),
    ]
    assert rows["statements"] == [
        statement("pc-1402/1/s1", 1, "Chairperson", "pc-chairperson", "chair"),
        statement("pc-1402/1/s2", 2, "Chairperson", "pc-chairperson", "chair"),
        statement("pc-1402/1/s3", 3, "Norway", "norway", "exact"),
        statement("pc-1402/2/s1", 1, "Canada", "canada", "exact"),
    ]
    assert rows["decisions"] == [
        {
            "id": "pc-dec-1461",
            "symbol": "PC.DEC/1461",
            "issued_symbol": "PC.DEC/1461",
            "body": "PC",
            "number": "1461",
            "title": (
                "the funding of the enterprise resource planning system (ERP) 2.1 migration project"
            ),
            "meeting_id": "pc-1402",
            "agenda_item_id": "pc-1402/1",
            "adopted_on": "2023-02-02",
            "year": 2023,
            "text": None,
        }
    ]


# ------------------------------------------------------------------ decisions and their attachments


@pytest.mark.parametrize("printed", ["Decision No (PC.DEC/1462)", "Decision No. (PC.DEC/1462)"])
@pytest.mark.parametrize("how", ["lines", "one_line"])
def test_decision_number_lost_in_conversion_is_read_from_the_symbol(tmp_path, printed, how):
    """'Decision No (PC.DEC/1462)': the number the conversion dropped is read from the
    symbol, the decision is linked to its item, and a warning says so."""
    lines = [
        *PC_HEAD,
        "Agenda item 1: DECISION ON THE 2023 UNIFIED BUDGET",
        "Chairperson",
        f"Decision: The Permanent Council adopted {printed} on the 2023 Unified Budget, the text "
        "of which is appended to this journal.",
        "Canada",
        *PC_NEXT,
    ]
    rows = read(tmp_path, layout(lines, how), ("decisions", "statements", "parse_issues"))
    assert rows["decisions"] == [
        {
            "id": "pc-dec-1462",
            "symbol": "PC.DEC/1462",
            "issued_symbol": "PC.DEC/1462",
            "body": "PC",
            "number": "1462",
            "title": "the 2023 Unified Budget",
            "meeting_id": "pc-1402",
            "agenda_item_id": "pc-1402/1",
            "adopted_on": "2023-02-02",
            "year": 2023,
            "text": None,
        }
    ]
    assert rows["statements"] == [
        statement("pc-1402/1/s1", 1, "Chairperson", "pc-chairperson", "chair"),
        statement("pc-1402/1/s2", 2, "Canada", "canada", "exact"),
    ]
    assert [(i["level"], i["code"], i["message"], i["excerpt"]) for i in rows["parse_issues"]] == [
        (
            "warning",
            "decision-number-from-symbol",
            "The decision line prints no decision number; "
            "it is read from the symbol PC.DEC/1462 as 1462.",
            "PC.DEC/1462",
        ),
    ]


BUDGET_APPENDIX = [
    "PC.JOUR/1402",
    "2 February 2023",
    "Annex",
    "DECISION No. 1461",
    "2023 UNIFIED BUDGET",
    "The Permanent Council,",
    "Decides to approve the 2023 Unified Budget.",
    "PC.DEC/1461",
    "2 February 2023",
    "Attachment",
    "Original: ENGLISH",
    "INTERPRETATIVE STATEMENT UNDER PARAGRAPH IV.1(A)6 OF THE RULES OF PROCEDURE OF THE "
    "ORGANIZATION FOR SECURITY AND CO-OPERATION IN EUROPE",
    "By the delegation of Armenia:",
    "“Armenia joins the consensus on the budget.”",
]


@pytest.mark.parametrize("how", ["lines", "one_line"])
def test_interpretative_statement_without_a_number_is_linked_to_the_decision(tmp_path, how):
    """'Armenia (interpretative statement, see attachment to the decision)', with no number,
    is Armenia's entry linked to the decision of its item; the attached statement is
    numbered 1 and points back to it. Run together on one line (the journal proper; the
    appended decision keeps its lines), the speakers after the decision sentence are
    still read."""
    journal = [
        *PC_HEAD,
        "Agenda item 1: DECISION ON THE 2023 UNIFIED BUDGET",
        "Chairperson",
        "Decision: The Permanent Council adopted Decision No. 1461 (PC.DEC/1461) on the 2023 "
        "Unified Budget, the text of which is appended to this journal.",
        "Armenia (interpretative statement, see attachment to the decision), Norway",
        *PC_NEXT,
    ]
    text = layout(journal, how) + "\n".join(BUDGET_APPENDIX) + "\n"
    rows = read(tmp_path, text, ("statements", "decisions"))
    assert rows["statements"] == [
        statement("pc-1402/1/s1", 1, "Chairperson", "pc-chairperson", "chair"),
        statement("pc-1402/1/s2", 2, "Armenia", "armenia", "exact", decision_id="pc-dec-1461"),
        statement("pc-1402/1/s3", 3, "Norway", "norway", "exact"),
        statement(
            "pc-dec-1461/att1",
            None,
            "Armenia",
            "armenia",
            "exact",
            meeting_id="pc-1402",
            agenda_item_id="pc-1402/1",
            kind="interpretative_statement",
            decision_id="pc-dec-1461",
            attachment_number=1,
            entry_id="pc-1402/1/s2",
            text="“Armenia joins the consensus on the budget.”",
        ),
    ]
    assert [(d["id"], d["agenda_item_id"], d["title"], d["text"]) for d in rows["decisions"]] == [
        (
            "pc-dec-1461",
            "pc-1402/1",
            "2023 UNIFIED BUDGET",
            "The Permanent Council,\n\nDecides to approve the 2023 Unified Budget.",
        ),
    ]


# ------------------------------------------------------------------ page furniture


@pytest.mark.parametrize(
    ("how", "furniture"),
    [
        (
            "lines",
            [("page_footer", "PCOEJ1402"), ("page_header", "- 2 - PC.JOUR/1402 2 February 2023")],
        ),
        (
            "pages",
            [("page_footer", "PCOEJ1402"), ("page_header", "- 2 - PC.JOUR/1402 2 February 2023")],
        ),
        ("one_line", [("page_header", "PCOEJ1402 - 2 - PC.JOUR/1402 2 February 2023")]),
    ],
)
def test_footer_code_glued_to_the_last_speaker_of_a_page(tmp_path, how, furniture):
    """'Norway PCOEJ1402' at the foot of a page: the internal code is page furniture and the
    speaker is the State, whether the next page starts on the next line, on the next line
    with the page's text run together ('pages', a viewer's copy), or on the same line."""
    page1 = [
        *PC_HEAD,
        "Agenda item 1: REVIEW OF CURRENT ISSUES",
        "Chairperson, Canada, Norway PCOEJ1402",
    ]
    page2 = [
        "- 2 - PC.JOUR/1402 2 February 2023",
        "Agenda item 2: ANY OTHER BUSINESS",
        "Ukraine, Switzerland, United States of America",
        *PC_NEXT,
    ]
    if how == "pages":
        text = " ".join(page1) + "\n" + " ".join(page2) + "\n"
    else:
        text = layout(page1 + page2, how)
    rows = read(tmp_path, text, ("statements", "page_furniture"))
    assert rows["statements"] == [
        statement("pc-1402/1/s1", 1, "Chairperson", "pc-chairperson", "chair"),
        statement("pc-1402/1/s2", 2, "Canada", "canada", "exact"),
        statement("pc-1402/1/s3", 3, "Norway", "norway", "exact"),
        statement("pc-1402/2/s1", 1, "Ukraine", "ukraine", "exact"),
        statement("pc-1402/2/s2", 2, "Switzerland", "switzerland", "exact"),
        statement("pc-1402/2/s3", 3, "United States of America", "united-states", "exact"),
    ]
    assert [(f["kind"], f["text"]) for f in rows["page_furniture"]] == furniture


# ------------------------------------------------------------------ presentations

PRESENTATIONS = [
    *FSC_HEAD,
    "Agenda item 1: SECURITY DIALOGUE ON CONVENTIONAL ARMS CONTROL",
    "– Presentation by Colonel P. Q. Lindqvist, Head of the "
    "Arms Control Section, Ministry of Defence of Sweden",
    "– Presentation by Ms. H. Aaltonen, Senior Researcher, "
    "Finnish Institute of International Affairs",
    "Chairperson, Colonel P. Q. Lindqvist, Ms. H. Aaltonen, "
    "Ukraine (FSC.DEL/41/23 OSCE+), Russian Federation",
    "Agenda item 2: SECURITY DIALOGUE ON THE CODE OF CONDUCT",
    "Presentations on the national implementation of the Code of Conduct by Mr. T. Varga, Head of "
    "Department, Ministry of Defence of Hungary, and Mr. L. Novak, Senior Adviser, Ministry of "
    "Foreign Affairs of Slovenia: Chairperson, Mr. T. Varga, "
    "Mr. L. Novak, Austria, Russian Federation (Annex 1)",
    "Agenda item 3: SECURITY DIALOGUE ON WOMEN, PEACE AND SECURITY",
    "– Presentation by Ambassador R. Zammit",
    "Chairperson, Ambassador R. Zammit, Canada",
    *FSC_NEXT,
]


@pytest.mark.parametrize("how", ["lines", "one_line", "one_line_bullets"])
def test_presenters_then_each_speaker(tmp_path, how):
    """'Presentation by <rank> <initials> <surname>[, <affiliation>]' lines (run together on
    one line with the speaker list after them, or each on its own line) and 'Presentations
    on <topic> by Mr. A, <post>, <ministry>, and Mr. B, ...: <speakers>' give one presentation
    per presenter, a person with the affiliation's State as parent, then each speaker as a
    statement of its own."""
    rows = read(tmp_path, layout(PRESENTATIONS, how), ("statements",))
    assert rows["statements"] == [
        statement(
            "fsc-1071/1/s1",
            1,
            "Colonel P. Q. Lindqvist, Head of the Arms "
            "Control Section, Ministry of Defence of Sweden",
            "person-p-q-lindqvist",
            "person",
            kind="presentation",
        ),
        statement(
            "fsc-1071/1/s2",
            2,
            "Ms. H. Aaltonen, Senior Researcher, Finnish Institute of International Affairs",
            "person-h-aaltonen",
            "person",
            kind="presentation",
        ),
        statement("fsc-1071/1/s3", 3, "Chairperson", "fsc-chairperson", "chair"),
        statement("fsc-1071/1/s4", 4, "Colonel P. Q. Lindqvist", "person-p-q-lindqvist", "person"),
        statement("fsc-1071/1/s5", 5, "Ms. H. Aaltonen", "person-h-aaltonen", "person"),
        statement("fsc-1071/1/s6", 6, "Ukraine", "ukraine", "exact"),
        statement("fsc-1071/1/s7", 7, "Russian Federation", "russian-federation", "exact"),
        statement(
            "fsc-1071/2/s1",
            1,
            "Mr. T. Varga, Head of Department, Ministry of Defence of Hungary",
            "person-t-varga",
            "person",
            kind="presentation",
        ),
        statement(
            "fsc-1071/2/s2",
            2,
            "Mr. L. Novak, Senior Adviser, Ministry of Foreign Affairs of Slovenia",
            "person-l-novak",
            "person",
            kind="presentation",
        ),
        statement("fsc-1071/2/s3", 3, "Chairperson", "fsc-chairperson", "chair"),
        statement("fsc-1071/2/s4", 4, "Mr. T. Varga", "person-t-varga", "person"),
        statement("fsc-1071/2/s5", 5, "Mr. L. Novak", "person-l-novak", "person"),
        statement("fsc-1071/2/s6", 6, "Austria", "austria", "exact"),
        statement(
            "fsc-1071/2/s7", 7, "Russian Federation", "russian-federation", "exact", annex_number=1
        ),
        statement(
            "fsc-1071/3/s1",
            1,
            "Ambassador R. Zammit",
            "person-r-zammit",
            "person",
            kind="presentation",
        ),
        statement("fsc-1071/3/s2", 2, "Chairperson", "fsc-chairperson", "chair"),
        statement("fsc-1071/3/s3", 3, "Ambassador R. Zammit", "person-r-zammit", "person"),
        statement("fsc-1071/3/s4", 4, "Canada", "canada", "exact"),
    ]
    person = {
        "kind": "person",
        "iso_alpha2": None,
        "iso_alpha3": None,
        "abbreviation": None,
        "valid_from": None,
        "valid_to": None,
    }
    assert sorted(rows["persons"], key=lambda p: p["id"]) == [
        {"id": "person-h-aaltonen", "name": "H. Aaltonen", **person, "parent_id": None},
        {"id": "person-l-novak", "name": "L. Novak", **person, "parent_id": "slovenia"},
        {"id": "person-p-q-lindqvist", "name": "P. Q. Lindqvist", **person, "parent_id": "sweden"},
        {"id": "person-r-zammit", "name": "R. Zammit", **person, "parent_id": None},
        {"id": "person-t-varga", "name": "T. Varga", **person, "parent_id": "hungary"},
    ]


# ------------------------------------------------------------------ sub-items without a letter

TOPICS = [
    *PC_HEAD,
    "Agenda item 1: REVIEW OF CURRENT ISSUES",
    f"Russia’s ongoing aggression against Ukraine: Malta-European Union ({EU_LIST}) "
    "(PC.DEL/120/23), Canada, Russian Federation (PC.DEL/121/23 OSCE+)",
    "Death of Former Foreign Minister J. Doe: Lithuania (PC.DEL/122/23), Poland",
    "Agenda item 2: ANY OTHER BUSINESS",
    "Election of the Chairperson of the Informal Working Group (IWG): Chairperson, Kazakhstan",
    *PC_NEXT,
]


@pytest.mark.parametrize("how", ["lines", "one_line"])
def test_topic_without_a_letter_is_a_sub_item(tmp_path, how):
    """'<topic>: <State>-European Union (with ...), <State>, ...' with no '(a)' before it is
    a sub-item of its item (ids in order: pc-1402/1-1, pc-1402/1-2) holding its speakers;
    initials or a parenthesis in a topic stay in its title. Run together on one line, a
    topic is told from the last speaker before it after a parenthesis ('(PC.DEL/121/23
    OSCE+) Death of ...'; after a bare name it cannot be told without a list of names)."""
    rows = read(
        tmp_path, layout(TOPICS, how), ("agenda_items", "statements", "statement_alignments")
    )
    assert rows["agenda_items"] == [
        item("pc-1402/1", 1, "REVIEW OF CURRENT ISSUES", 1),
        item(
            "pc-1402/1-1", 1, "Russia’s ongoing aggression against Ukraine", 2, parent="pc-1402/1"
        ),
        item("pc-1402/1-2", 1, "Death of Former Foreign Minister J. Doe", 3, parent="pc-1402/1"),
        item("pc-1402/2", 2, "ANY OTHER BUSINESS", 4),
        item(
            "pc-1402/2-1",
            2,
            "Election of the Chairperson of the Informal Working Group (IWG)",
            5,
            parent="pc-1402/2",
        ),
    ]
    assert rows["statements"] == [
        statement(
            "pc-1402/1-1/s1",
            1,
            "Malta-European Union",
            "european-union",
            "exact",
            delivered_by_actor_id="malta",
        ),
        statement("pc-1402/1-1/s2", 2, "Canada", "canada", "exact"),
        statement("pc-1402/1-1/s3", 3, "Russian Federation", "russian-federation", "exact"),
        statement("pc-1402/1-2/s1", 1, "Lithuania", "lithuania", "exact"),
        statement("pc-1402/1-2/s2", 2, "Poland", "poland", "exact"),
        statement("pc-1402/2-1/s1", 1, "Chairperson", "pc-chairperson", "chair"),
        statement("pc-1402/2-1/s2", 2, "Kazakhstan", "kazakhstan", "exact"),
    ]
    assert rows["statement_alignments"] == alignments("pc-1402/1-1/s1", ALIGNED)


def test_topic_cut_by_the_end_of_the_text_is_an_incomplete_sub_item(tmp_path):
    """An excerpt that ends inside the first speaker of a topic keeps the topic as a sub-item,
    marked incomplete, as a lettered one is; the cut entry is dropped."""
    lines = [
        *PC_HEAD,
        "Agenda item 1: REVIEW OF CURRENT ISSUES",
        "Russia’s ongoing aggression against Ukraine: "
        "Malta-European Union (with the candidate countries Albania",
    ]
    rows = read(tmp_path, layout(lines, "lines"), ("agenda_items", "statements", "parse_issues"))
    assert rows["agenda_items"] == [
        item("pc-1402/1", 1, "REVIEW OF CURRENT ISSUES", 1),
        item(
            "pc-1402/1-1", 1, "Russia’s ongoing aggression against Ukraine", 2, parent="pc-1402/1"
        ),
    ]
    assert rows["statements"] == []
    assert [(i["code"], i["excerpt"]) for i in rows["parse_issues"]] == [
        ("incomplete-item", "pc-1402/1-1"),
        (
            "truncated",
            "Russia’s ongoing aggression against Ukraine: Malta-European Union (with the "
            "candidate countries Albania",
        ),
    ]


def test_lines_that_only_look_like_topics_are_not_sub_items(tmp_path):
    """A decision line (its full stop lost), a point of order, a sentence ending with a full
    stop, a header field or a web site's line ('Chairmanship: ...', 'Original: ENGLISH',
    'Category: Politics') and the rest of a lettered heading wrapped before its colon are
    not sub-items."""
    lines = [
        *PC_HEAD,
        "Agenda item 1: ANY OTHER BUSINESS",
        "Decision: The Permanent Council adopted Decision No. 1463 (PC.DEC/1463) on the dates of "
        "the conference, the text of which is appended to this journal",
        "Point of order: Russian Federation, Chairperson",
        "The Chairperson made an announcement: The meeting of 9 February will start at 11 a.m.",
        "Chairmanship: North Macedonia",
        "Original: ENGLISH",
        "Category: Politics",
        "(a) Conference on the protection of critical "
        "energy infrastructure, to be held in Vienna on 7",
        "September 2023: Chairperson, Canada",
        *PC_NEXT,
    ]
    rows = read(tmp_path, layout(lines, "lines"), ("agenda_items",))
    assert rows["agenda_items"] == [item("pc-1402/1", 1, "ANY OTHER BUSINESS", 1)]


# ------------------------------------------------------------------ EU alignment lists

EU_BROKEN = {
    "line-break": [
        "Chairperson, Malta-European Union (with the "
        "candidate countries Albania, Montenegro and North",
        "Macedonia; the European Free Trade Association countries Iceland and Liechtenstein, "
        "members of the European Economic Area; as well as Andorra, Georgia and San Marino, in "
        "alignment) (PC.DEL/55/23), Norway",
    ],
    "footer-and-header": [
        "Chairperson, Malta-European Union (with the "
        "candidate countries Albania, Montenegro and North",
        "PCOEJ1402",
        "- 2 - PC.JOUR/1402 2 February 2023",
        "Macedonia; the European Free Trade Association countries Iceland and Liechtenstein, "
        "members of the European Economic Area; as well as Andorra, Georgia and San Marino, in "
        "alignment) (PC.DEL/55/23), Norway",
    ],
    "glued-footer-header-over-lines": [
        "Chairperson, Malta-European Union (with the candidate "
        "countries Albania, Montenegro and North PCOEJ1402",
        "- 2 -",
        "",
        "PC.JOUR/1402",
        "2 February 2023",
        "Macedonia; the European Free Trade Association countries Iceland and Liechtenstein, "
        "members of the European Economic Area; as well as Andorra, Georgia and San Marino, in "
        "alignment) (PC.DEL/55/23), Norway",
    ],
}


@pytest.mark.parametrize("broken", list(EU_BROKEN), ids=list(EU_BROKEN))
@pytest.mark.parametrize("how", ["lines", "one_line"])
def test_alignment_list_broken_by_a_line_or_page_break_is_whole(tmp_path, broken, how):
    """An EU statement's '(with ... in alignment)' list keeps every State when a line break,
    a page footer and header (on one line or over three lines, with the footer's code glued
    to the text) fall inside it; the page's symbol is not read as a document of the entry."""
    lines = [*PC_HEAD, "Agenda item 1: REVIEW OF CURRENT ISSUES", *EU_BROKEN[broken], *PC_NEXT]
    rows = read(
        tmp_path, layout(lines, how), ("statements", "statement_alignments", "statement_documents")
    )
    assert rows["statements"] == [
        statement("pc-1402/1/s1", 1, "Chairperson", "pc-chairperson", "chair"),
        statement(
            "pc-1402/1/s2",
            2,
            "Malta-European Union",
            "european-union",
            "exact",
            delivered_by_actor_id="malta",
        ),
        statement("pc-1402/1/s3", 3, "Norway", "norway", "exact"),
    ]
    assert rows["statement_alignments"] == alignments("pc-1402/1/s2", ALIGNED)
    assert rows["statement_documents"] == [
        {
            "statement_id": "pc-1402/1/s2",
            "document_symbol": "PC.DEL/55/23",
            "printed": "PC.DEL/55/23",
        }
    ]
