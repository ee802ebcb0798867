"""The bundled journal of the 976th (special) meeting of the Permanent Council, checked
against whole expected values, point by point as issue 2 lists them."""

from __future__ import annotations

SOURCE = "4faa97b32dfc"


def test_source_row(bundled):
    """The bundled file is listed in sources as a text journal."""
    assert bundled.dicts("select * from sources") == [
        {
            "id": SOURCE,
            "filename": "pc-journal-976.txt",
            "sha256": bundled.rows("select sha256 from sources")[0][0],
            "format": "text",
            "encoding": "utf-8",
            "bytes": 30995,
            "line_count": 298,
            "doc_kind": "journal",
            "symbol": "PC.JOUR/976",
            "duplicate_of": None,
            "superseded_by": None,
        }
    ]
    assert bundled.rows("select sha256 from sources")[0][0].startswith(SOURCE)


def test_meeting(bundled):
    """1. The meeting: body, numbers, symbol, kind, date, place, times, chairmanship
    resolved to an actor, chairperson, and the next meeting."""
    assert bundled.dicts("select * from meetings") == [
        {
            "id": "pc-976",
            "body": "PC",
            "meeting_number": 976,
            "journal_symbol": "PC.JOUR/976",
            "journal_number": 976,
            "corrigendum": None,
            "kind": "special",
            "title": "SPECIAL MEETING OF THE PERMANENT COUNCIL (976th Plenary Meeting)",
            "date": "2013-12-06",
            "year": 2013,
            "location": "Kyiv",
            "opened": "15:00",
            "closed": "15:25",
            "chairmanship": "Ukraine",
            "chairmanship_actor_id": "ukraine",
            "chairperson": "Ambassador I. Prokopchuk",
            "chair_actor_id": "pc-chairperson",
            "next_meeting_date": "2013-12-12",
            "next_meeting_time": "10:00",
            "next_meeting_place": "Neuer Saal",
            "source_id": SOURCE,
            "line_start": 3,
            "line_end": 47,
        }
    ]
    assert bundled.dicts("select * from meeting_sessions") == [
        {
            "meeting_id": "pc-976",
            "seq": 1,
            "date": "2013-12-06",
            "started": "15:00",
            "ended": "15:25",
            "ended_by": "closed",
            "source_id": SOURCE,
            "line_start": 10,
            "line_end": 12,
        }
    ]


def test_agenda_items(bundled):
    """2. Agenda items with number and title, in order."""
    assert bundled.rows(
        "select id, number, label, parent_id, title, position, line_start, line_end from "
        "agenda_items order by position"
    ) == [
        (
            "pc-976/1",
            1,
            None,
            None,
            "DECISION ON THE ADDENDUM TO THE OSCE ACTION PLAN TO COMBAT TRAFFICKING IN HUMAN "
            "BEINGS: ONE DECADE LATER",
            1,
            18,
            27,
        ),
        (
            "pc-976/2",
            2,
            None,
            None,
            "DECISION ON FORWARDING OF DRAFT DOCUMENTS TO THE MINISTERIAL COUNCIL",
            2,
            29,
            35,
        ),
        ("pc-976/3", 3, None, None, "REVIEW OF CURRENT ISSUES", 3, 37, 39),
        ("pc-976/4", 4, None, None, "ANY OTHER BUSINESS", 4, 41, 43),
    ]


def test_speaker_lists(bundled):
    """2. Every entry of each speaker list is a statement, in order: the Chairperson too,
    and the delegations listed after a decision (with the attachment they refer to)."""
    assert bundled.rows(
        "select id, position, speaker_label, actor_id, delivered_by_actor_id, kind, decision_id, "
        "attachment_number, resolution, line_start "
        "from statements where position is not null order by agenda_item_id, position"
    ) == [
        (
            "pc-976/1/s1",
            1,
            "Chairperson",
            "pc-chairperson",
            None,
            "statement",
            None,
            None,
            "chair",
            20,
        ),
        (
            "pc-976/1/s2",
            2,
            "Russian Federation",
            "russian-federation",
            None,
            "statement",
            "pc-dec-1107",
            1,
            "exact",
            24,
        ),
        (
            "pc-976/1/s3",
            3,
            "Holy See",
            "holy-see",
            None,
            "statement",
            "pc-dec-1107",
            2,
            "exact",
            25,
        ),
        (
            "pc-976/1/s4",
            4,
            "Azerbaijan",
            "azerbaijan",
            None,
            "statement",
            "pc-dec-1107",
            3,
            "exact",
            26,
        ),
        ("pc-976/1/s5", 5, "Armenia", "armenia", None, "statement", "pc-dec-1107", 4, "exact", 27),
        (
            "pc-976/2/s1",
            1,
            "Chairperson",
            "pc-chairperson",
            None,
            "statement",
            None,
            None,
            "chair",
            31,
        ),
        ("pc-976/2/s2", 2, "Canada", "canada", None, "statement", None, None, "exact", 35),
        ("pc-976/2/s3", 3, "Turkey", "turkiye", None, "statement", None, None, "exact", 35),
        ("pc-976/2/s4", 4, "France", "france", None, "statement", None, None, "exact", 35),
        (
            "pc-976/2/s5",
            5,
            "Chairperson",
            "pc-chairperson",
            None,
            "statement",
            None,
            None,
            "chair",
            35,
        ),
    ]


def test_decisions(bundled):
    """3. Decisions: number, canonical and issued symbol, title, agenda item, adoption date."""
    assert bundled.rows(
        "select id, symbol, issued_symbol, body, number, title, meeting_id, agenda_item_id, "
        "adopted_on, year, line_start, line_end from decisions"
    ) == [
        (
            "pc-dec-1107",
            "PC.DEC/1107",
            "PC.DEC/1107/Corr.1",
            "PC",
            "1107",
            "ADDENDUM TO THE OSCE ACTION PLAN TO COMBAT "
            "TRAFFICKING IN HUMAN BEINGS: ONE DECADE LATER",
            "pc-976",
            "pc-976/1",
            "2013-12-06",
            2013,
            49,
            197,
        ),
        (
            "pc-dec-1108",
            "PC.DEC/1108",
            "PC.DEC/1108",
            "PC",
            "1108",
            "FORWARDING OF DRAFT DOCUMENTS TO THE MINISTERIAL COUNCIL",
            "pc-976",
            "pc-976/2",
            "2013-12-06",
            2013,
            275,
            298,
        ),
    ]


def test_decision_full_text(bundled):
    """3. The full text has its paragraphs rejoined across page breaks and no footnotes."""
    (text,) = bundled.rows("select text from decisions where id = 'pc-dec-1107'")[0]
    assert text.startswith(
        "The Permanent Council,\n\nReaffirming the relevant OSCE commitments of 2000–2008"
    )
    assert text.endswith(
        "of contributing to better prosecution against traffickers in countries of origin, "
        "transit and destination."
    )
    assert "using confiscated proceeds to fund anti-trafficking initiatives" in text
    assert "Reissued due to" not in text and "has been removed from the title" not in text
    assert "**" not in text
    (text_1108,) = bundled.rows("select text from decisions where id = 'pc-dec-1108'")[0]
    assert text_1108.splitlines()[0] == "The Permanent Council,"
    assert text_1108.endswith(
        "Recommends to the Ministerial Council the adoption of the above-mentioned documents."
    )


def test_decision_paragraphs(bundled):
    """3. Preambular and operative paragraphs (and the annex's purpose paragraphs)."""
    rows = bundled.rows(
        "select decision_id, position, kind, substr(text, 1, 40), line_start, line_end from "
        "decision_paragraphs order by decision_id, position"
    )
    assert rows == [
        ("pc-dec-1107", 1, "preambular", "Reaffirming the relevant OSCE commitment", 60, 60),
        ("pc-dec-1107", 2, "preambular", "Recalling the 2011 Vilnius Ministerial D", 62, 62),
        ("pc-dec-1107", 3, "preambular", "Deeply concerned by the significant grow", 64, 64),
        ("pc-dec-1107", 4, "preambular", "Drawing on best practices developed by t", 66, 66),
        ("pc-dec-1107", 5, "preambular", "Recognizing the role of relevant NGOs in", 68, 68),
        ("pc-dec-1107", 6, "preambular", "Taking note of the High-Level Conference", 70, 70),
        ("pc-dec-1107", 7, "operative", "Decides to adopt the Addendum to the OSC", 72, 72),
        ("pc-dec-1107", 8, "annex", "1. The Addendum complements the Action P", 80, 80),
        ("pc-dec-1107", 9, "annex", "2. In its structure the Addendum follows", 81, 81),
        ("pc-dec-1108", 1, "operative", "Decides to request the Chairperson of th", 284, 296),
        ("pc-dec-1108", 2, "operative", "Recommends to the Ministerial Council th", 298, 298),
    ]
    (forwarding,) = bundled.rows(
        "select text from decision_paragraphs where decision_id = 'pc-dec-1108' and position = 1"
    )[0]
    lines = forwarding.split("\n")
    assert lines[0] == (
        "Decides to request the Chairperson of the Permanent Council to transmit to the "
        "Chairperson of the Ministerial Council the following documents:"
    )
    assert len(lines) == 11 and lines[-1] == (
        "- Draft decision on the time and place of the next meeting of the OSCE Ministerial "
        "Council (MC.DD/14/13);"
    )


EXPECTED_ACTION_ITEMS = [
    (
        "II",
        "Investigation, law enforcement and prosecution",
        "national",
        "Criminalizing and prosecuting all forms of THB",
        ["1.1", "1.2"],
    ),
    (
        "II",
        "Investigation, law enforcement and prosecution",
        "national",
        "Financial investigations",
        ["2.1"],
    ),
    (
        "II",
        "Investigation, law enforcement and prosecution",
        "national",
        "Promoting transparency and accountability",
        ["3.1", "3.2"],
    ),
    (
        "II",
        "Investigation, law enforcement and prosecution",
        "national",
        "Capacity-building and training",
        ["4.1"],
    ),
    ("II", "Investigation, law enforcement and prosecution", "osce", None, ["1", "2"]),
    (
        "III",
        "Prevention of trafficking in human beings",
        "national",
        "Prevention of all forms of trafficking",
        [f"1.{i}" for i in range(1, 13)],
    ),
    (
        "III",
        "Prevention of trafficking in human beings",
        "national",
        "Capacity-building and training",
        ["2.1"],
    ),
    (
        "III",
        "Prevention of trafficking in human beings",
        "osce",
        None,
        [str(i) for i in range(1, 9)],
    ),
    (
        "IV",
        "Protection and assistance",
        "national",
        "Identification and assistance",
        [f"1.{i}" for i in range(1, 6)],
    ),
    (
        "IV",
        "Protection and assistance",
        "national",
        "Access to justice and appropriate remedies",
        [f"2.{i}" for i in range(1, 7)],
    ),
    ("IV", "Protection and assistance", "osce", None, ["1", "2", "3"]),
    ("V", "Partnerships", "national", None, [str(i) for i in range(1, 7)]),
    ("V", "Partnerships", "osce", None, ["1", "2", "3"]),
]


def test_action_items_structure(bundled):
    """4. Every numbered action at the national level and every task for OSCE bodies,
    with section, level, heading and number, in order."""
    expected = []
    for section, title, level, heading, numbers in EXPECTED_ACTION_ITEMS:
        for n in numbers:
            expected.append(
                (
                    f"pc-dec-1107/{section}/{level}/{n}",
                    "pc-dec-1107",
                    section,
                    title,
                    level,
                    heading,
                    n,
                )
            )
    rows = bundled.rows(
        "select id, decision_id, section, section_title, level, "
        "heading, number from action_items order by position"
    )
    assert rows == expected
    assert len(rows) == 52
    assert bundled.rows(
        "select min(position), max(position), count(distinct position) from action_items"
    ) == [(1, 52, 52)]


def test_action_item_texts_repaired(bundled):
    """4. Texts read as the original paragraphs: page breaks and dropped footnotes
    repaired, bulleted sub-lists kept with their item."""
    text = dict(
        bundled.rows("select number || '/' || section || '/' || level, text from action_items")
    )
    assert text["2.1/II/national"] == (
        "Promoting the use of financial investigations linked with THB-related offences; "
        "enhancing the capacity of anti-money-laundering authorities and other relevant "
        "structures to identify financial activities linked to THB; enhancing the capacities, "
        "where necessary, for tracing, freezing and confiscating the instrumentalities and "
        "proceeds of THB, in accordance with national law; and considering, where applicable, "
        "using confiscated proceeds to fund anti-trafficking initiatives and victim support, "
        "including the possibility of obtaining compensation."
    )
    assert text["1.1/III/national"] == (
        "Taking further measures to eliminate discrimination against women in the field of "
        "employment and to ensure equal opportunity for men and women for economic participation "
        "and equal access to social protection, thereby decreasing their vulnerability to THB;"
    )
    assert text["1.10/III/national"] == (
        "Promoting measures to prevent THB for domestic servitude, inter alia in diplomatic "
        "households, to protect domestic workers and inform them of their rights as employees and "
        "how to report abuses; ensuring that the victims of THB receive relevant assistance "
        "regardless of the employer's status; recognizing the responsibility of the participating "
        "States, that their own diplomatic personnel respect local laws, in particular with "
        "regard to the employment of "
        "domestic workers;"
    )
    assert text["2.1/III/national"] == (
        "Encouraging the development and introduction of "
        "training programmes on THB-related issues for:\n"
        "- Social workers, labour inspectors and other government service providers;\n"
        "- Personnel employed by various commercial carriers, in particular airline attendants "
        "and staff working on other means of transportation by land and sea, aimed at the "
        "identification of trafficked persons, as well as the introduction of measures designed "
        "to prevent THB, including co-ordination between commercial carriers and the "
        "State law enforcement agencies or through other appropriate mechanisms;\n"
        "- Media professionals, including through modules on the use of non-discriminatory "
        "language and countering stereotypes and understanding the impact news reports have on "
        "victims of THB while covering THB issues;\n- Medical professionals and social welfare "
        "services, aimed at assisting victims of trafficking, including victims of THB for the "
        "removal of organs as well as on the ethical principles related to organ transplantation, "
        "trafficking victim identification and trauma suffered by victims of trafficking;\n"
        "- Personnel of the tourism and hospitality industry;\n"
        "- Personnel of human resources units of private sector companies."
    )
    assert text["2/V/national"].endswith(
        "religious minorities, and migrants to contribute to the "
        "identification of trafficked persons and advance the protection "
        "of the rights of potential, presumed and actual victims of THB."
    )
    assert bundled.rows(
        "select line_start, line_end from action_items where id = 'pc-dec-1107/II/national/2.1'"
    ) == [(91, 95)]


def test_footnotes(bundled):
    """4. Footnotes the conversion dropped into the text are in footnotes, not in any text."""
    assert bundled.rows(
        "select id, number, text, attached_to, line_start, line_end from footnotes"
    ) == [
        (
            f"{SOURCE}/fn74",
            "1",
            "Reissued due to a correction to the title of the Addendum.",
            "pc-dec-1107",
            74,
            74,
        ),
        (
            f"{SOURCE}/fn93",
            "1",
            "The word “draft” has been removed from the title.",
            "pc-dec-1107",
            93,
            93,
        ),
    ]


def test_responsible_bodies(bundled):
    """5. The OSCE body or official each OSCE-level task names is responsible; other
    actors are mentioned."""
    rows = bundled.rows(
        "select action_item_id, actor_id, role from action_item_actors "
        "order by action_item_id, role desc, actor_id"
    )
    assert rows == [
        ("pc-dec-1107/II/osce/1", "osr-cthb", "responsible"),
        ("pc-dec-1107/II/osce/1", "osce-executive-structures", "mentioned"),
        ("pc-dec-1107/II/osce/2", "osce-executive-structures", "responsible"),
        ("pc-dec-1107/III/osce/1", "sr-cthb", "responsible"),
        ("pc-dec-1107/III/osce/1", "osce-executive-structures", "mentioned"),
        ("pc-dec-1107/III/osce/1", "osce-field-operations", "mentioned"),
        ("pc-dec-1107/III/osce/2", "osce-executive-structures", "responsible"),
        ("pc-dec-1107/III/osce/3", "osce-executive-structures", "responsible"),
        ("pc-dec-1107/III/osce/4", "osr-cthb", "responsible"),
        ("pc-dec-1107/III/osce/4", "osce-executive-structures", "mentioned"),
        ("pc-dec-1107/III/osce/5", "gender-section", "responsible"),
        ("pc-dec-1107/III/osce/6", "osce-executive-structures", "responsible"),
        ("pc-dec-1107/III/osce/7", "osce-executive-structures", "responsible"),
        ("pc-dec-1107/III/osce/8", "osr-cthb", "responsible"),
        ("pc-dec-1107/III/osce/8", "osce-executive-structures", "mentioned"),
        ("pc-dec-1107/IV/osce/1", "osce-executive-structures", "responsible"),
        ("pc-dec-1107/IV/osce/1", "council-of-europe", "mentioned"),
        ("pc-dec-1107/IV/osce/1", "united-nations", "mentioned"),
        ("pc-dec-1107/IV/osce/2", "spmu", "responsible"),
        ("pc-dec-1107/IV/osce/2", "tntd", "responsible"),
        ("pc-dec-1107/IV/osce/3", "odihr", "responsible"),
        ("pc-dec-1107/V/national/5", "ministerial-council", "mentioned"),
        ("pc-dec-1107/V/national/5", "partners-for-co-operation", "mentioned"),
        ("pc-dec-1107/V/osce/1", "sr-cthb", "responsible"),
        ("pc-dec-1107/V/osce/1", "alliance-against-trafficking-in-persons", "mentioned"),
        ("pc-dec-1107/V/osce/2", "sr-cthb", "responsible"),
        ("pc-dec-1107/V/osce/3", "sr-cthb", "responsible"),
        ("pc-dec-1107/V/osce/3", "partners-for-co-operation", "mentioned"),
    ]
    assert bundled.rows(
        "select count(*) from action_items where level = 'osce' and responsible_actor_id is null"
    ) == [(0,)]


HOLY_SEE = (
    "“The consensual adoption of the Addendum to the ‘OSCE Action Plan to Combat Trafficking in "
    "Human Beings: One Decade Later’ does not mean that non-consensual publications or tools "
    "mentioned in the text are official documents of the "
    "Organization. Therefore, they must not be considered endorsed by all participating States.\n\n"
    "According to the above mentioned, the Holy See expresses its reservation in regards to "
    "Article 5 under Chapter III entitled ‘Prevention of Trafficking in Human Beings’, subtitle "
    "‘Actions for Institutions and Bodies’ and does not agree with each single tool or all their "
    "parts developed or used by the Gender Section of the OSCE Secretariat.”"
)


def test_interpretative_statements(bundled):
    """6. Interpretative statements: delegation, attachment number (from the journal's
    'see attachment N' when the attachment has no header), text and decision; 'By the
    delegation of the Republic of X' is the same actor as 'X'."""
    rows = bundled.rows(
        "select id, speaker_label, actor_id, kind, decision_id, attachment_number, entry_id, "
        "agenda_item_id, line_start, line_end "
        "from statements where kind = 'interpretative_statement' order by attachment_number"
    )
    assert rows == [
        (
            "pc-dec-1107/att1",
            "the Russian Federation",
            "russian-federation",
            "interpretative_statement",
            "pc-dec-1107",
            1,
            "pc-976/1/s2",
            "pc-976/1",
            199,
            218,
        ),
        (
            "pc-dec-1107/att2",
            "the Holy See",
            "holy-see",
            "interpretative_statement",
            "pc-dec-1107",
            2,
            "pc-976/1/s3",
            "pc-976/1",
            220,
            235,
        ),
        (
            "pc-dec-1107/att3",
            "the Republic of Azerbaijan",
            "azerbaijan",
            "interpretative_statement",
            "pc-dec-1107",
            3,
            "pc-976/1/s4",
            "pc-976/1",
            237,
            250,
        ),
        (
            "pc-dec-1107/att4",
            "Armenia",
            "armenia",
            "interpretative_statement",
            "pc-dec-1107",
            4,
            "pc-976/1/s5",
            "pc-976/1",
            252,
            271,
        ),
    ]
    assert bundled.rows("select text from statements where id = 'pc-dec-1107/att2'") == [
        (HOLY_SEE,)
    ]
    (armenia,) = bundled.rows("select text from statements where id = 'pc-dec-1107/att4'")[0]
    assert (
        armenia.split("\n\n")[0] == "“Mr. Chairperson,"
        and armenia.endswith("Thank you.”")
        and len(armenia.split("\n\n")) == 7
    )


def test_documents(bundled):
    """7. Every document symbol in the text, parsed, with the title the text gives."""
    assert bundled.rows(
        "select symbol, series, number, year, revision, corrigendum, addendum, distribution, "
        "title from documents order by symbol"
    ) == [
        (
            "MC.DD/12/13/Rev.3",
            "MC.DD",
            12,
            2013,
            3,
            None,
            None,
            None,
            "Draft declaration on furthering the Helsinki+40 Process",
        ),
        (
            "MC.DD/14/13",
            "MC.DD",
            14,
            2013,
            None,
            None,
            None,
            None,
            "Draft decision on the time and place of the "
            "next meeting of the OSCE Ministerial Council",
        ),
        (
            "MC.DD/15/13/Rev.2",
            "MC.DD",
            15,
            2013,
            2,
            None,
            None,
            None,
            "Draft ministerial declaration on strengthening the "
            "OSCE's efforts to address transnational threats",
        ),
        (
            "MC.DD/17/13",
            "MC.DD",
            17,
            2013,
            None,
            None,
            None,
            None,
            "Draft ministerial statement on the work of the Permanent "
            "Conference on Political Issues in the Framework of the Negotiation "
            'Process for the Transnistrian Settlement in the "5+2" format',
        ),
        ("MC.DD/18/13", "MC.DD", 18, 2013, None, None, None, None, "Draft ministerial statement"),
        (
            "MC.DD/5/13/Rev.4",
            "MC.DD",
            5,
            2013,
            4,
            None,
            None,
            None,
            "Draft decision on the freedom of thought, conscience, religion or belief",
        ),
        (
            "MC.DD/6/13/Rev.3/Corr.1",
            "MC.DD",
            6,
            2013,
            3,
            1,
            None,
            None,
            "Draft decision on enhancing OSCE efforts to implement the Action Plan on Improving "
            "the Situation of Roma and Sinti within the OSCE Area, with a particular focus on "
            "Roma and Sinti women, youth and children",
        ),
        (
            "MC.DD/7/13/Rev.3",
            "MC.DD",
            7,
            2013,
            3,
            None,
            None,
            None,
            "Draft decision on improving the environmental footprint "
            "of energy-related activities in the OSCE region",
        ),
        (
            "MC.DD/8/13/Rev.1",
            "MC.DD",
            8,
            2013,
            1,
            None,
            None,
            None,
            "Draft decision on combating trafficking in human beings",
        ),
        (
            "MC.DD/9/13/Rev.3",
            "MC.DD",
            9,
            2013,
            3,
            None,
            None,
            None,
            "Draft decision on the protection of energy "
            "networks from natural and man-made disasters",
        ),
        ("MC.DEC/5/11", "MC.DEC", 5, 2011, None, None, None, None, None),
        (
            "PC.DEC/1107/Corr.1",
            "PC.DEC",
            1107,
            None,
            None,
            1,
            None,
            None,
            "ADDENDUM TO THE OSCE ACTION PLAN TO COMBAT "
            "TRAFFICKING IN HUMAN BEINGS: ONE DECADE LATER",
        ),
        (
            "PC.DEC/1108",
            "PC.DEC",
            1108,
            None,
            None,
            None,
            None,
            None,
            "FORWARDING OF DRAFT DOCUMENTS TO THE MINISTERIAL COUNCIL",
        ),
        ("PC.DEC/557", "PC.DEC", 557, None, None, None, None, None, None),
    ]


def test_decision_references(bundled):
    """7. Forwarded drafts and recalled documents are decision references."""
    rows = bundled.rows(
        "select decision_id, position, document_symbol, relation, line_start from "
        "decision_references order by decision_id, position"
    )
    assert rows[:3] == [
        ("pc-dec-1107", 1, None, "reaffirms", 60),
        ("pc-dec-1107", 2, None, "recalls", 62),
        ("pc-dec-1107", 3, "MC.DEC/5/11", "cites", 190),
    ]
    assert [(r[2], r[3]) for r in rows[3:]] == [
        (s, "forwards")
        for s in [
            "MC.DD/12/13/Rev.3",
            "MC.DD/5/13/Rev.4",
            "MC.DD/6/13/Rev.3/Corr.1",
            "MC.DD/7/13/Rev.3",
            "MC.DD/9/13/Rev.3",
            "MC.DD/8/13/Rev.1",
            "MC.DD/15/13/Rev.2",
            "MC.DD/17/13",
            "MC.DD/18/13",
            "MC.DD/14/13",
        ]
    ]
    assert bundled.rows(
        "select target from decision_references where decision_id = 'pc-dec-1107' and position = 2"
    ) == [("the 2011 Vilnius Ministerial Declaration on Combating All Forms of Human Trafficking",)]


def test_actors_have_iso_codes(bundled):
    """8. Participating States named in the journal carry ISO codes (from pycountry);
    OSCE bodies carry their abbreviation."""
    import pycountry

    states = bundled.rows(
        "select distinct a.id, a.iso_alpha2, a.iso_alpha3 from statements s join actors a on a.id "
        "= s.actor_id where a.kind = 'participating_state' order by a.id"
    )
    assert [s[0] for s in states] == [
        "armenia",
        "azerbaijan",
        "canada",
        "france",
        "holy-see",
        "russian-federation",
        "turkiye",
    ]
    for _, alpha2, alpha3 in states:
        assert pycountry.countries.get(alpha_2=alpha2).alpha_3 == alpha3
    assert bundled.rows(
        "select id, abbreviation, kind from actors where id in "
        "('odihr', 'osr-cthb', 'sr-cthb', 'spmu') order by id"
    ) == [
        ("odihr", "ODIHR", "osce_body"),
        ("osr-cthb", "OSR/CTHB", "osce_body"),
        ("spmu", "SPMU", "osce_body"),
        ("sr-cthb", "SR/CTHB", "osce_official"),
    ]


def test_every_line_accounted(bundled):
    """9. Every non-blank line of the bundled journal lies in the span of a record (not
    of a parse issue: the parser understood all of it), computed from the database, and
    the build reports 100 %."""
    from conftest import BUNDLED

    from build_data.tables import CATALOGUE

    text_lines = BUNDLED.read_text(encoding="utf-8").split("\n")
    nonblank = {i for i, line in enumerate(text_lines, start=1) if line.strip()}
    covered = set()
    for table in CATALOGUE:
        if table.has_provenance and table.name != "parse_issues":
            for start, end in bundled.rows(f"select line_start, line_end from {table.name}"):
                covered.update(range(start, end + 1))
    assert sorted(nonblank - covered) == []
    assert len(nonblank) == 190
    assert (bundled.report.lines, bundled.report.lines_accounted) == (190, 190)
    assert bundled.rows("select count(*) from parse_issues") == [(0,)]


def test_provenance_columns_everywhere(bundled):
    """9. Every content row carries a source and a line span inside the source."""
    from build_data.tables import CATALOGUE

    for table in CATALOGUE:
        if table.has_provenance:
            assert bundled.rows(
                f"select count(*) from {table.name} where source_id is null or line_start > "
                "line_end or line_end > 298"
            ) == [(0,)], table.name
