"""Single layout rules of real journals, each on an inline snippet."""

from __future__ import annotations

from build_data.extract.model import ExtractedText
from build_data.normalize.symbols import find_symbols
from build_data.parse.agenda import parse_agenda, split_title
from build_data.parse.document import parse_document
from build_data.parse.furniture import separate
from build_data.parse.meeting_header import parse_header, split_chairpersons
from build_data.parse.notes_before_agenda import split_notes
from build_data.parse.records import Line
from build_data.parse.repeats import drop_repeat
from build_data.parse.split import split_lines


def lines(text: str) -> list[Line]:
    return [Line(i, t.strip()) for i, t in enumerate(text.splitlines(), start=1) if t.strip()]


def doc(text: str):
    raw = text.splitlines()
    return parse_document(ExtractedText("text", raw, [None] * len(raw)))


FLAT = (
    "PC.JOUR/1305 Organization for Security and Co-operation in Europe 11 March "
    "2021 Permanent Council Original: ENGLISH Chairmanship: Sweden 1305th PLENARY "
    "MEETING OF THE COUNCIL 1. Date: Thursday, 11 March 2021 (via video "
    "teleconference) Opened: 10 a.m. Suspended: 12.40 p.m. Resumed: 3 p.m. Closed: "
    "6 p.m. 2. Chairperson: Ambassador U. Funered Ambassador T. Lorentzson "
    "Prior to taking up the agenda, the Chairperson reminded the Council of the modalities. "
    "3. Subjects discussed Statements Decisions/documents adopted: Agenda item 1: ANY OTHER "
    "BUSINESS Chairperson, Tajikistan PCOEJ1305 - 2 - PC.JOUR/1305 11 March 2021 Agenda item 2: "
    "INTERNATIONAL WOMEN’S DAY Chairperson (also on behalf of Albania and Poland), Canada "
    "4. Next meeting: Thursday, 18 March 2021, at 10 a.m."
)


def test_whole_document_on_one_line_is_split_at_section_boundaries():
    """A journal printed on one line is split into logical lines sharing its number."""
    texts = [ln.text for ln in split_lines([Line(1, FLAT)])]
    at = texts.index("1. Date: Thursday, 11 March 2021 (via video teleconference)")
    assert texts[at : at + 3] == [
        "1. Date: Thursday, 11 March 2021 (via video teleconference)",
        "Opened: 10 a.m.",
        "Suspended: 12.40 p.m.",
    ]
    assert "3. Subjects discussed Statements Decisions/documents adopted:" in texts
    assert "PCOEJ1305 - 2 - PC.JOUR/1305 11 March 2021" in texts
    assert (
        "Prior to taking up the agenda, the Chairperson reminded the Council of the modalities."
        in texts
    )
    assert {ln.no for ln in split_lines([Line(1, FLAT)])} == {1}


def test_flat_journal_parses_like_a_laid_out_one():
    """Header, pre-agenda note, items and speakers of a one-line journal; the glued page
    header is taken out and never glued to the speaker before it."""
    d = doc(FLAT)
    assert (d.header.meeting_number, d.header.date, d.header.opened, d.header.closed) == (
        1305,
        "2021-03-11",
        "10:00",
        "18:00",
    )
    assert d.header.chairpersons == ("Ambassador U. Funered", "Ambassador T. Lorentzson")
    assert [n.kind for n in d.notes] == ["procedural"]
    assert [(i.number, i.title, [e.label for e in i.entries]) for i in d.agenda_items] == [
        (1, "ANY OTHER BUSINESS", ["Chairperson", "Tajikistan"]),
        (2, "INTERNATIONAL WOMEN’S DAY", ["Chairperson", "Canada"]),
    ]
    assert d.agenda_items[1].entries[0].parentheticals == ("also on behalf of Albania and Poland",)
    assert [f.text for f in d.furniture if f.kind == "page_header"] == [
        "PCOEJ1305 - 2 - PC.JOUR/1305 11 March 2021"
    ]


def test_labels_split_from_values_and_chairpersons_over_lines():
    """'1. Date' / ': Tuesday, ...' and a chairperson list with full titles over lines."""
    h, _ = parse_header(
        lines("""MINISTERIAL COUNCIL
3rd PLENARY MEETING (CLOSED)
1. Date
: Tuesday, 7 December 2004
Opened: 9.35 a.m.
Closed: 1.45 p.m.
2. Chairperson
: H.E. Dr. Dimitrij Rupel, Minister for Foreign Affairs of Slovenia,
H.E. Dr. Solomon Passy, Minister for Foreign Affairs of Bulgaria,
Chairman-in-Office of the OSCE""")
    )
    assert (h.body, h.meeting_number, h.session, h.date, h.opened, h.closed) == (
        "MC",
        3,
        "3rd PLENARY MEETING (CLOSED)",
        "2004-12-07",
        "09:35",
        "13:45",
    )
    assert h.chairpersons == (
        "H.E. Dr. Dimitrij Rupel, Minister for Foreign Affairs of Slovenia",
        "H.E. Dr. Solomon Passy, Minister for Foreign "
        "Affairs of Bulgaria, Chairman-in-Office of the OSCE",
    )


def test_several_chairpersons_without_separator():
    assert split_chairpersons("Ambassador R. Boháč Ambassador K. Žáková") == (
        "Ambassador R. Boháč",
        "Ambassador K. Žáková",
    )


def test_second_opened_is_a_resumption_and_resumption_on_a_later_day():
    """'Opened:' after a suspension resumes; 'Resumed: 11.30 a.m. (Friday, 17 July 2020)' is on that
    day."""
    h, _ = parse_header(
        lines(
            "1. Date: Thursday, 16 July 2020\nOpened: 10.05 a.m. Suspended: 1 p.m. Opened: 3 p.m. "
            "Suspended: 6.20 p.m. Resumed: 11.30 a.m. (Friday, 17 July 2020) Closed: 12.50 p.m."
        )
    )
    assert [(s.date, s.started, s.ended, s.ended_by) for s in h.sittings] == [
        ("2020-07-16", "10:05", "13:00", "suspended"),
        ("2020-07-16", "15:00", "18:20", "suspended"),
        ("2020-07-17", "11:30", "12:50", "closed"),
    ]


def test_lost_time_digits_give_null_and_a_warning():
    h, issues = parse_header(
        lines("1. Date: Thursday, 16 July 2020\nOpened: . a.m.\nClosed: 1 p.m.")
    )
    assert (h.opened, h.closed) == (None, "13:00")
    # (and this header prints no title)
    assert [i.code for i in issues] == ["unreadable-time", "untitled-meeting"]


def test_points_of_order_and_reminders_before_the_agenda_are_notes():
    chair, notes = split_notes(
        lines(
            "Point of order: Russian Federation, Chairperson\nPrior to taking up the agenda, the "
            "Chairperson\nreminded the Forum of the modalities."
        )
    )
    assert chair == []
    assert [(n.kind, n.text, [e.label for e in n.entries]) for n in notes] == [
        (
            "point_of_order",
            "Point of order: Russian Federation, Chairperson",
            ["Russian Federation", "Chairperson"],
        ),
        (
            "procedural",
            "Prior to taking up the agenda, the Chairperson reminded the Forum of the modalities.",
            [],
        ),
    ]


def test_section_label_with_em_dashes_or_none():
    for label in (
        "3. Subjects discussed — Statements — Decisions:",
        "3. Subjects discussed Statements Decisions/documents adopted:",
    ):
        d = doc(
            "PC.JOUR/1 Permanent Council\n1st PLENARY MEETING OF THE COUNCIL\n"
            f"1. Date: Thursday, 1 July 2021\n2. Chairperson: Mr. A. B\n{label}\n"
            "Agenda item 1: ANY OTHER BUSINESS\nCanada\n4. Next meeting: Thursday, 8 July 2021"
        )
        assert [(i.title, [e.label for e in i.entries]) for i in d.agenda_items] == [
            ("ANY OTHER BUSINESS", ["Canada"])
        ]


def test_inline_sub_items_presentations_and_continued_titles():
    items, _, _ = parse_agenda(
        lines("""Agenda item 1: GENERAL STATEMENTS (continued)
(a) Situation in and around Ukraine: Ukraine (FSC.DEL/25/21) (FSC.DEL/25/21/Add.1), Canada
(b) Exercise: Armenia (Annex 2) (FSC.DEL/31/21)
Agenda item 2: SECURITY DIALOGUE
– Presentation by Mr. J. Sherr, Senior Fellow, Chatham House
Chairperson""")
    )
    assert [
        (
            i.number,
            i.label,
            i.parent_number,
            i.title,
            [(e.kind, e.label, e.parentheticals) for e in i.entries],
        )
        for i in items
    ] == [
        (1, None, None, "GENERAL STATEMENTS (continued)", []),
        (
            1,
            "(a)",
            1,
            "Situation in and around Ukraine",
            [
                ("statement", "Ukraine", ("FSC.DEL/25/21", "FSC.DEL/25/21/Add.1")),
                ("statement", "Canada", ()),
            ],
        ),
        (1, "(b)", 1, "Exercise", [("statement", "Armenia", ("Annex 2", "FSC.DEL/31/21"))]),
        (
            2,
            None,
            None,
            "SECURITY DIALOGUE",
            [
                ("presentation", "Mr. J. Sherr, Senior Fellow, Chatham House", ()),
                ("statement", "Chairperson", ()),
            ],
        ),
    ]


def test_prose_items_of_mc_journals():
    """'X, President of ..., addressed the Meeting (MC.DEL/9/09).' is one entry; other prose is a
    note."""
    items, _, _ = parse_agenda(
        lines(
            "Agenda item 3: ADDRESS BY THE HOST COUNTRY H.E. Karolos Papoulias, President of the "
            "Hellenic Republic, addressed the Meeting (MC.DEL/9/09).\n"
            "Agenda item 1: FORMAL OPENING\nThe Chairperson formally opened the Meeting."
        )
    )
    assert [(e.label, e.parentheticals) for e in items[0].entries] == [
        ("H.E. Karolos Papoulias, President of the Hellenic Republic", ("MC.DEL/9/09",))
    ]
    assert [(n.kind, n.text) for n in items[1].notes] == [
        ("narrative", "The Chairperson formally opened the Meeting.")
    ]


def test_title_split_from_run_together_text():
    assert split_title(
        "ADDRESS BY THE OSCE CHAIRMAN-IN-OFFICE H.E. George Papandreou, Prime Minister"
    ) == ("ADDRESS BY THE OSCE CHAIRMAN-IN-OFFICE", "H.E. George Papandreou, Prime Minister")


def test_page_header_with_its_date_on_the_next_line_and_footers():
    content, furniture = separate(
        lines(
            "MC12EJ02\nMC(12).JOUR/2\nCanada\n- 2 - MC(12).JOUR/2\n"
            "7 December 2004\nFSCEW2563\nJapan"
        )
    )
    assert [ln.text for ln in content] == ["MC(12).JOUR/2", "Canada", "Japan"]
    assert [(f.kind, f.text) for f in furniture] == [
        ("internal_code", "MC12EJ02"),
        ("page_header", "- 2 - MC(12).JOUR/2\n7 December 2004"),
        ("page_footer", "FSCEW2563"),
    ]


def test_hosting_site_boilerplate_is_furniture():
    _, furniture = separate(
        lines('Transcription\n[Show full text]\nSize: px\nDownload "X"\nUpload: others')
    )
    assert {f.kind for f in furniture} == {"site_boilerplate"}


def test_text_printed_twice_is_parsed_once():
    text = lines(
        "Original: ENGLISH\n1. Date: Wednesday, 27 January 2021\nOpened: 10 a.m.\n"
        "Agenda item 1: X\nTranscript of X\nOriginal: ENGLISH\n"
        "1. Date: Wednesday, 27 January 2021\nOpened: 10 a.m."
    )
    kept, furniture, issues = drop_repeat(text)
    assert [ln.no for ln in kept] == [1, 2, 3, 4]
    assert [f.kind for f in furniture] == ["repeated_text"] and [i.code for i in issues] == [
        "repeated-text"
    ]


def test_truncated_text_keeps_complete_entries_only():
    d = doc(
        "PC.JOUR/1 Permanent Council\n1st PLENARY MEETING OF THE COUNCIL\n"
        "1. Date: Thursday, 1 July 2021\n2. Chairperson: Mr. A. B\n"
        "3. Subjects discussed – Statements – Decisions/documents adopted:\nAgenda item 1: X\n"
        "Canada, Portugal-European Union (with the candidate"
    )
    assert [e.label for e in d.agenda_items[0].entries] == ["Canada"] and d.agenda_items[
        0
    ].truncated
    assert "truncated" in [i.code for i in d.issues]


def test_mc_journal_with_two_sessions():
    d = doc(
        "MC(17).JOUR/1 Ministerial Council FIRST DAY OF THE SEVENTEENTH MEETING OF THE "
        "MINISTERIAL COUNCIL OPENING SESSION (OPEN) 1. Date: Tuesday, 1 December 2009 Opened: "
        "10.25 a.m. Closed: 11.10 a.m. 2. Chairperson: H.E. G. Papandreou 3. Subjects discussed – "
        "Statements – Decisions/documents adopted: Agenda item 1: FORMAL OPENING The Chairperson "
        "formally opened the Meeting. 4. Next meeting: Tuesday, 1 December 2009, at 11.15 a.m. "
        "FIRST PLENARY SESSION (CLOSED) 1. Date: Tuesday, 1 December 2009 Opened: 11.15 a.m. "
        "Closed: 1.25 p.m. 2. Chairperson: H.E. G. Papandreou"
    )
    assert (d.symbol, d.journal_number, d.header.session, d.header.opened) == (
        "MC(17).JOUR/1",
        1,
        "OPENING SESSION (OPEN)",
        "10:25",
    )
    assert [(s.header.session, s.header.opened, s.header.closed) for s in d.sessions] == [
        ("FIRST PLENARY SESSION (CLOSED)", "11:15", "13:25")
    ]


def test_corrigendum_with_glued_footnote_digit_and_old_journal_numbers():
    assert [
        m.symbol.canonical()
        for m in find_symbols("FSC.JOUR/953/Corr.11", known={"FSC.JOUR/953/Corr.1"})
    ] == ["FSC.JOUR/953/Corr.1"]
    d = doc(
        "FSC.JOUR/953/Corr.11 Forum for Security Co-operation\n"
        "947th PLENARY MEETING OF THE FORUM\n1. Date: Wednesday, 27 May 2020\n"
        "2. Chairperson: Mr. A. B\nFSCEJ953 - 2 - FSC.JOUR/953/Corr.1 27 May 2020"
    )
    assert (d.symbol, d.journal_number, d.corrigendum, d.header.meeting_number) == (
        "FSC.JOUR/953/Corr.1",
        953,
        1,
        947,
    )


def test_documents_that_are_not_journals():
    """A standalone decision yields its decision; other documents get 'not-a-journal'."""
    d = doc(
        "Organization for Security and Co-operation in Europe FSC.DEC/8/15\n"
        "Forum for Security Co-operation 16 December 2015\n807th Plenary Meeting Original: "
        "ENGLISH\nFSC Journal No. 813, Agenda item 2\nDECISION No. 8/15\nAGENDA OF THE SEMINAR\n"
        "The Forum decides to hold it."
    )
    assert (d.doc_kind, [x.number for x in d.decisions]) == ("decision", ["8/15"])
    assert (
        d.doc_header.meeting_number,
        d.doc_header.journal_number,
        d.doc_header.agenda_item,
        d.doc_header.date,
    ) == (807, 813, 2, "2015-12-16")
    other = doc(
        "Size: px\nConference for Security and Co-operation in Europe\nHELSINKI 9-10 July 1992"
    )
    assert other.doc_kind == "other" and [i.code for i in other.issues] == ["not-a-journal"]
