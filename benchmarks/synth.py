#!/usr/bin/env python3
"""Write synthetic but realistic OSCE journal text files for benchmarks.

    python benchmarks/synth.py N OUT_DIR [--seed S]

writes OUT_DIR/journal-000000.txt ... journal-{N-1:06d}.txt (UTF-8, '\\n').

Determinism: file i is generated from ``random.Random(f"{seed}-{i}")``.  The first
draws of that generator are the file's *plan* (body, meeting kind, counts); the
running meeting/decision numbers of file i are sums over the plans of files < i.
So file i depends on the seed and on i only, never on N: 3,000 files are a
byte-identical prefix of 30,000.

Dates increase with i (never decrease).  The first ``LINEAR_FILES`` files span
1995-2020 at roughly the real archive density; later files fill 2021-2024 ever
more densely (several journals per day at 30,000 files), so dates and two-digit
document years always stay plausible (no future dates).

The text imitates the text layer of the official PDFs: header (one line or one
field per line), agenda items with speaker lists, EU statements with alignment
lists, document references, suspensions, 'Decision:' paragraphs, interpretative
statements, next meeting, running page headers that may split a paragraph, and the
appended decision texts (preamble, operative paragraphs, optional action-plan
annex, attachments) and journal annexes with statements.  Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import textwrap
import time
from dataclasses import dataclass, field

# --------------------------------------------------------------------------- dates

START_DATE = dt.date(1995, 1, 12)
LINEAR_END = dt.date(2020, 12, 17)
FINAL_END = dt.date(2024, 12, 12)
LINEAR_FILES = 2700  # files 0..2699 cover 1995-2020 (about 3.5 days per file)
TAIL_K = 1000  # files after that approach FINAL_END as j / (j + TAIL_K)

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# --------------------------------------------------------------------------- bodies

BODY_WEIGHTS = [("PC", 60), ("FSC", 35), ("MC", 5)]
FIRST_MEETING = {"PC": 1, "FSC": 95}
COUNCIL_NAME = {
    "PC": "Permanent Council",
    "FSC": "Forum for Security Co-operation",
    "MC": "Ministerial Council",
}
PAGE_LINES = (44, 50)

# (name, first year, last year) -- decimal years; None = open
PARTICIPATING_STATES = [
    ("Albania", None, None),
    ("Andorra", 1996.4, None),
    ("Armenia", None, None),
    ("Austria", None, None),
    ("Azerbaijan", None, None),
    ("Belarus", None, None),
    ("Belgium", None, None),
    ("Bosnia and Herzegovina", None, None),
    ("Bulgaria", None, None),
    ("Canada", None, None),
    ("Croatia", None, None),
    ("Cyprus", None, None),
    ("Czech Republic", None, None),
    ("Denmark", None, None),
    ("Estonia", None, None),
    ("Finland", None, None),
    ("France", None, None),
    ("Georgia", None, None),
    ("Germany", None, None),
    ("Greece", None, None),
    ("Holy See", None, None),
    ("Hungary", None, None),
    ("Iceland", None, None),
    ("Ireland", None, None),
    ("Italy", None, None),
    ("Kazakhstan", None, None),
    ("Kyrgyzstan", None, None),
    ("Latvia", None, None),
    ("Liechtenstein", None, None),
    ("Lithuania", None, None),
    ("Luxembourg", None, None),
    ("Malta", None, None),
    ("Moldova", None, None),
    ("Monaco", None, None),
    ("Mongolia", 2012.9, None),
    ("Montenegro", 2006.5, None),
    ("Netherlands", None, None),
    ("Norway", None, None),
    ("Poland", None, None),
    ("Portugal", None, None),
    ("Romania", None, None),
    ("Russian Federation", None, None),
    ("San Marino", None, None),
    ("Serbia", 2006.5, None),
    ("Federal Republic of Yugoslavia", 2000.9, 2003.1),
    ("Serbia and Montenegro", 2003.1, 2006.5),
    ("Slovakia", None, None),
    ("Slovenia", None, None),
    ("Spain", None, None),
    ("Sweden", None, None),
    ("Switzerland", None, None),
    ("Tajikistan", None, None),
    ("the former Yugoslav Republic of Macedonia", None, 2019.15),
    ("North Macedonia", 2019.15, None),
    ("Turkey", None, 2022.5),
    ("Türkiye", 2022.5, None),
    ("Turkmenistan", None, None),
    ("Ukraine", None, None),
    ("United Kingdom", None, None),
    ("United States of America", None, None),
    ("Uzbekistan", None, None),
]

PARTNERS = [
    ("Afghanistan", "Partner for Co-operation"),
    ("Japan", "Partner for Co-operation"),
    ("Republic of Korea", "Partner for Co-operation"),
    ("Thailand", "Partner for Co-operation"),
    ("Australia", "Partner for Co-operation"),
    ("Algeria", "Mediterranean Partner for Co-operation"),
    ("Egypt", "Mediterranean Partner for Co-operation"),
    ("Israel", "Mediterranean Partner for Co-operation"),
    ("Jordan", "Mediterranean Partner for Co-operation"),
    ("Morocco", "Mediterranean Partner for Co-operation"),
    ("Tunisia", "Mediterranean Partner for Co-operation"),
]

CHAIRMANSHIP = {
    1995: "Hungary",
    1996: "Switzerland",
    1997: "Denmark",
    1998: "Poland",
    1999: "Norway",
    2000: "Austria",
    2001: "Romania",
    2002: "Portugal",
    2003: "Netherlands",
    2004: "Bulgaria",
    2005: "Slovenia",
    2006: "Belgium",
    2007: "Spain",
    2008: "Finland",
    2009: "Greece",
    2010: "Kazakhstan",
    2011: "Lithuania",
    2012: "Ireland",
    2013: "Ukraine",
    2014: "Switzerland",
    2015: "Serbia",
    2016: "Germany",
    2017: "Austria",
    2018: "Italy",
    2019: "Slovakia",
    2020: "Albania",
    2021: "Sweden",
    2022: "Poland",
    2023: "North Macedonia",
    2024: "Malta",
}

MC_VENUE = {
    1995: "Budapest",
    1996: "Lisbon",
    1997: "Copenhagen",
    1998: "Oslo",
    1999: "Istanbul",
    2000: "Vienna",
    2001: "Bucharest",
    2002: "Porto",
    2003: "Maastricht",
    2004: "Sofia",
    2005: "Ljubljana",
    2006: "Brussels",
    2007: "Madrid",
    2008: "Helsinki",
    2009: "Athens",
    2010: "Astana",
    2011: "Vilnius",
    2012: "Dublin",
    2013: "Kyiv",
    2014: "Basel",
    2015: "Belgrade",
    2016: "Hamburg",
    2017: "Vienna",
    2018: "Milan",
    2019: "Bratislava",
    2020: "Tirana",
    2021: "Stockholm",
    2022: "Łódź",
    2023: "Skopje",
    2024: "Valletta",
}

# EU Council presidency per (year, half): delivers the EU statements
EU_PRESIDENCY = {
    1995: ("France", "Spain"),
    1996: ("Italy", "Ireland"),
    1997: ("Netherlands", "Luxembourg"),
    1998: ("United Kingdom", "Austria"),
    1999: ("Germany", "Finland"),
    2000: ("Portugal", "France"),
    2001: ("Sweden", "Belgium"),
    2002: ("Spain", "Denmark"),
    2003: ("Greece", "Italy"),
    2004: ("Ireland", "Netherlands"),
    2005: ("Luxembourg", "United Kingdom"),
    2006: ("Austria", "Finland"),
    2007: ("Germany", "Portugal"),
    2008: ("Slovenia", "France"),
    2009: ("Czech Republic", "Sweden"),
    2010: ("Spain", "Belgium"),
    2011: ("Hungary", "Poland"),
    2012: ("Denmark", "Cyprus"),
    2013: ("Ireland", "Lithuania"),
    2014: ("Greece", "Italy"),
    2015: ("Latvia", "Luxembourg"),
    2016: ("Netherlands", "Slovakia"),
    2017: ("Malta", "Estonia"),
    2018: ("Bulgaria", "Austria"),
    2019: ("Romania", "Finland"),
    2020: ("Croatia", "Germany"),
    2021: ("Portugal", "Slovenia"),
    2022: ("France", "Czech Republic"),
    2023: ("Sweden", "Spain"),
    2024: ("Belgium", "Hungary"),
}

# (from year, groups of the alignment parenthetical: (label, countries))
EU_ALIGNMENT = [
    (
        1995,
        [
            (
                "the associated countries",
                [
                    "Bulgaria",
                    "Czech Republic",
                    "Estonia",
                    "Hungary",
                    "Latvia",
                    "Lithuania",
                    "Poland",
                    "Romania",
                    "Slovakia",
                    "Slovenia",
                ],
            ),
            ("the associated country", ["Cyprus"]),
            (
                "the European Free Trade Association countries",
                ["Iceland", "Liechtenstein", "Norway"],
            ),
        ],
    ),
    (
        2004,
        [
            ("the candidate countries", ["Bulgaria", "Croatia", "Romania", "Turkey"]),
            (
                "the countries of the Stabilisation and Association Process and potential "
                "candidate countries",
                [
                    "Albania",
                    "Bosnia and Herzegovina",
                    "the former Yugoslav Republic of Macedonia",
                    "Serbia and Montenegro",
                ],
            ),
            (
                "the European Free Trade Association countries",
                ["Iceland", "Liechtenstein", "Norway"],
            ),
            ("as well as", ["Moldova", "Ukraine"]),
        ],
    ),
    (
        2007,
        [
            (
                "the candidate countries",
                ["Croatia", "the former Yugoslav Republic of Macedonia", "Turkey"],
            ),
            (
                "the countries of the Stabilisation and Association Process and potential "
                "candidate countries",
                ["Albania", "Bosnia and Herzegovina", "Montenegro", "Serbia"],
            ),
            (
                "the European Free Trade Association countries",
                ["Iceland", "Liechtenstein", "Norway"],
            ),
            ("as well as", ["Armenia", "Georgia", "Moldova", "Ukraine"]),
        ],
    ),
    (
        2013,
        [
            (
                "the candidate countries",
                [
                    "Albania",
                    "Montenegro",
                    "Serbia",
                    "the former Yugoslav Republic of Macedonia",
                    "Turkey",
                ],
            ),
            (
                "the country of the Stabilisation and Association Process and potential "
                "candidate country",
                ["Bosnia and Herzegovina"],
            ),
            (
                "the European Free Trade Association countries",
                ["Iceland", "Liechtenstein", "Norway"],
            ),
            ("as well as", ["Andorra", "Georgia", "Moldova", "San Marino", "Ukraine"]),
        ],
    ),
    (
        2019.15,
        [
            ("the candidate countries", ["Albania", "Montenegro", "North Macedonia", "Serbia"]),
            (
                "the country of the Stabilisation and Association Process and potential "
                "candidate country",
                ["Bosnia and Herzegovina"],
            ),
            (
                "the European Free Trade Association countries",
                ["Iceland", "Liechtenstein", "Norway"],
            ),
            ("as well as", ["Andorra", "Georgia", "Moldova", "San Marino", "Ukraine"]),
        ],
    ),
]

FIELD_OPERATIONS = [
    "OSCE Mission to Bosnia and Herzegovina",
    "OSCE Mission in Kosovo",
    "OSCE Mission to Serbia",
    "OSCE Mission to Moldova",
    "OSCE Mission to Skopje",
    "OSCE Presence in Albania",
    "OSCE Mission to Montenegro",
    "OSCE Centre in Ashgabat",
    "OSCE Programme Office in Bishkek",
    "OSCE Programme Office in Dushanbe",
    "OSCE Project Co-ordinator in Uzbekistan",
    "OSCE Office in Yerevan",
    "OSCE Project Co-ordinator in Ukraine",
    "OSCE Special Monitoring Mission to Ukraine",
    "OSCE Mission to Georgia",
    "OSCE Office in Baku",
    "OSCE Centre in Astana",
]

OFFICIALS = [
    "Secretary General",
    "Director of the Conflict Prevention Centre",
    "Director of the Office for Democratic Institutions and Human Rights",
    "OSCE High Commissioner on National Minorities",
    "OSCE Representative on Freedom of the Media",
    "Co-ordinator of OSCE Economic and Environmental Activities",
    "Special Representative and Co-ordinator for Combating Trafficking in Human Beings",
    "Personal Representative of the OSCE Chairperson-in-Office on the Conflict Dealt with "
    "by the OSCE Minsk Conference",
    "Chairperson of the Security Committee",
    "Chairperson of the Advisory Committee on Management and Finance",
    "Representative of the OSCE Parliamentary Assembly",
    "Representative of the FSC Chairmanship",
]

INITIALS = "ABCDEFGHIJKLMNOPRSTVYZ"
SURNAMES = [
    "Smith",
    "Müller",
    "Kovács",
    "Novak",
    "Petrov",
    "Andersson",
    "Rossi",
    "Dupont",
    "Kowalski",
    "Horváth",
    "Ivanenko",
    "Nazarbayev",
    "Jensen",
    "Papadopoulos",
    "Costa",
    "Boháč",
    "Žáková",
    "Hasani",
    "Lorentzson",
    "Tsymbaliuk",
    "Sherr",
    "Korynevych",
    "García",
    "O'Brien",
    "Van den Berg",
    "Lukashevich",
    "Abdrakhmanov",
    "Greminger",
    "Zannier",
    "Zhunusov",
    "Hansen",
    "Virtanen",
    "Dimitrov",
    "Popescu",
    "Kelly",
    "Baumgartner",
    "Mikhailov",
    "Yilmaz",
    "Gashi",
    "Mammadov",
    "Grigoryan",
    "Sadykov",
]
TITLES = ["Mr.", "Ms.", "Ambassador", "Ambassador", "Mr.", "Ms.", "Dr.", "Colonel"]

PRESENTER_ROLES = [
    "Senior Fellow at the Stockholm International Peace Research Institute",
    "Director of Operations, NATO International Staff",
    "Head of the Arms Control Division, Ministry of Defence of {state}",
    "Deputy Minister of Defence of {state}",
    "Chief of Defence of {state}",
    "Associate Fellow at Chatham House",
    "Professor at the University of {city}",
    "Director of the Geneva Centre for Security Sector Governance",
    "Chief of Staff of the Armed Forces of {state}",
]

CITIES = [
    "Vienna",
    "Geneva",
    "Warsaw",
    "Prague",
    "Copenhagen",
    "Bratislava",
    "Tbilisi",
    "Almaty",
    "Helsinki",
    "Oslo",
    "Bern",
    "Sarajevo",
    "Chisinau",
    "Kyiv",
    "Yerevan",
]

ROOMS = [
    "in the Neuer Saal",
    "in the Ratsaal",
    "in the Segmentsaal",
    "in the Neuer Saal",
    "in the Neuer Saal",
]

SUBJECTS = [
    "the situation in and around Ukraine",
    "the protracted conflicts in the OSCE area",
    "the Transdniestrian settlement process",
    "the Geneva International Discussions",
    "the conflict dealt with by the OSCE Minsk Conference",
    "media freedom",
    "the safety of journalists",
    "combating trafficking in human beings",
    "preventing and countering violent extremism and radicalization that lead to terrorism",
    "border security and management",
    "small arms and light weapons",
    "stockpiles of conventional ammunition",
    "the Vienna Document",
    "the Code of Conduct on Politico-Military Aspects of Security",
    "women, peace and security",
    "tolerance and non-discrimination",
    "the rule of law",
    "good governance and the fight against corruption",
    "energy security",
    "environmental challenges to security",
    "the work of the OSCE field operations",
    "the Unified Budget",
    "security of and in the use of information and communication technologies",
    "the human dimension commitments",
    "election observation",
    "arms control and confidence- and security-building measures",
    "the rights of persons belonging to national minorities",
    "the situation of Roma and Sinti",
    "migration and refugee flows",
    "youth and security",
    "transnational threats",
    "freedom of peaceful assembly",
    "freedom of religion or belief",
    "the protection of critical energy infrastructure",
    "the implementation of United Nations Security Council resolution 1540 (2004)",
    "the Helsinki Final Act and the Charter of Paris",
    "civil society participation",
]

OPENERS = [
    "We welcome the report on",
    "My delegation remains deeply concerned about",
    "We reiterate our full support for the work on",
    "We take note with appreciation of",
    "We call on all sides to make tangible progress on",
    "We attach great importance to",
    "We encourage the Chairmanship to continue its efforts on",
    "We recall the commitments that we have all undertaken concerning",
    "Allow me to say a few words about",
    "We cannot ignore the developments regarding",
    "We share the assessment presented today on",
    "Let me underline our position on",
    "We would like to draw the attention of the Council to",
    "It is regrettable that no progress has been achieved on",
]
CLAUSES = [
    "we stand ready to contribute constructively to further discussions in this regard",
    "this remains a priority for our delegation",
    "the OSCE has an important role to play",
    "we look forward to a substantive discussion at one of the forthcoming meetings",
    "we urge the participating States concerned to implement their commitments in good faith",
    "the executive structures must receive adequate resources to fulfil their mandates",
    "full respect for international law is essential",
    "we remain convinced that dialogue is the only way forward",
    "we note with concern the continued violations reported by the monitors",
    "we encourage all participating States to make full use of the existing instruments",
    "the comprehensive approach to security remains as relevant as ever",
    "co-operation with other international organizations should be strengthened",
]
CLOSERS = [
    "We wish the {office} every success in the implementation of its mandate.",
    "Thank you for your attention.",
    "In conclusion, we thank the {office} for its work.",
    "We will continue to follow this issue closely.",
    "Our delegation will return to this issue at a later stage.",
]

DECISION_SUBJECTS = [
    "the extension of the mandate of the {fo}",
    "the {year} Unified Budget",
    "the dates and venue of the {year} Annual Security Review Conference",
    "the agenda and organizational modalities of the {year} Annual Security Review Conference",
    "the agenda, organizational framework, timetable and other modalities "
    "of the {year} Human Dimension Implementation Meeting",
    "forwarding of draft documents to the Ministerial Council",
    "the appointment of the Head of the {fo}",
    "the time and place of the next meeting of the OSCE Ministerial Council",
    "the deployment of an OSCE Special Monitoring Mission to Ukraine",
    "the Addendum to the OSCE Action Plan on {subject}",
    "the OSCE Action Plan on {subject}",
    "the theme, agenda and modalities for the {year} Economic and Environmental Forum",
    "the scale of contributions for {year}",
    "the high-level military doctrine seminar",
    "an update of the Best Practice Guide on {subject}",
    "the agenda and modalities of the Annual Implementation Assessment Meeting",
]

PC_ITEM_TITLES = [
    "REVIEW OF CURRENT ISSUES",
    "REPORT BY THE HEAD OF THE {FO}",
    "ADDRESS BY THE MINISTER FOR FOREIGN AFFAIRS OF {STATE}",
    "REPORT ON THE ACTIVITIES OF THE CHAIRPERSON-IN-OFFICE",
    "{REPORT}",
    "{REPORT}",
    "PRESENTATION OF THE ANNUAL REPORT ON {SUBJECT}",
]
FSC_ITEM_TITLES = [
    "GENERAL STATEMENTS",
    "SECURITY DIALOGUE: {SUBJECT}",
    "SECURITY DIALOGUE ON REGIONAL SECURITY",
    "OPENING STATEMENT BY THE DEFENCE MINISTER OF {STATE}",
    "IMPLEMENTATION OF THE CODE OF CONDUCT ON POLITICO-MILITARY ASPECTS OF SECURITY",
]
MC_ITEM_TITLES = [
    "STATEMENTS BY HEADS OF DELEGATION",
    "ADOPTION OF MINISTERIAL COUNCIL DOCUMENTS",
    "ADDRESS BY THE OSCE CHAIRPERSON-IN-OFFICE",
    "REPORT BY THE SECRETARY GENERAL OF THE OSCE",
    "ADDRESS BY THE PRESIDENT OF THE OSCE PARLIAMENTARY ASSEMBLY",
]
AOB_SUBITEMS = [
    "Upcoming elections in {state}",
    "Conference on {subject}, to be held in {city} on {day}",
    "Distribution of the report on {subject}",
    "Appointment of the new Head of the {fo}",
    "Farewell to the Permanent Representative of {state}",
    "Contributions to the extra-budgetary project on {subject}",
]

PREAMBLE_VERBS = [
    "Reaffirming",
    "Recalling",
    "Recognizing",
    "Taking note of",
    "Welcoming",
    "Bearing in mind",
    "Deeply concerned about",
    "Noting",
    "Acknowledging",
    "Emphasizing",
    "Guided by",
]
PREAMBLE_OBJECTS = [
    "the relevant OSCE commitments in the field of {subject}",
    "Ministerial Council Decision No. {n}/{yy} on {subject}",
    "the {year} {city} Ministerial Declaration on {subject}",
    "Permanent Council Decision No. {n} on {subject}",
    "the role of the OSCE executive structures in supporting the participating States in "
    "the area of {subject}",
    "the work done by the participating States and relevant international organizations on "
    "{subject}",
]
DECIDES_OBJECTS = [
    "to extend the mandate of the {fo} until {until}",
    "to adopt the agenda, timetable and organizational modalities of the meeting, as "
    "annexed to this decision",
    "to hold the meeting in Vienna on {day}",
    "to approve the budget as contained in the annex to this decision",
    "to remain seized of the matter",
    "to organize a special meeting on {subject} in the course of {year}",
]
OPERATIVE_VERBS = ["Tasks", "Requests", "Encourages", "Calls upon", "Invites"]
OPERATIVE_OBJECTS = [
    "the Secretary General to report on the implementation of this decision by {until}",
    "the participating States to continue to exchange information on {subject}",
    "the relevant OSCE executive structures, within their mandates and available resources, "
    "to assist participating States in the area of {subject}",
    "the Chairmanship to convene an open-ended informal working group on {subject}",
    "the {fo} to keep the {council} informed of its activities",
]
ACTION_GERUNDS = [
    "Promoting",
    "Enhancing",
    "Encouraging",
    "Developing",
    "Strengthening",
    "Considering",
    "Ensuring the effective implementation of",
    "Taking necessary measures to improve",
    "Supporting",
    "Reviewing",
]
ACTION_TAILS = [
    ", in accordance with national law",
    ", where appropriate",
    ", including through the exchange of best practices",
    " in co-operation with civil society",
    ", as applicable",
    "",
]
SECTION_TITLES = [
    "Purpose of the Addendum",
    "Investigation, law enforcement and prosecution",
    "Prevention",
    "Protection and assistance",
    "Partnerships",
    "Capacity-building and training",
    "Follow-up and review",
    "Co-operation with international organizations",
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
ORDINAL_WORDS = [
    "ZEROTH",
    "FIRST",
    "SECOND",
    "THIRD",
    "FOURTH",
    "FIFTH",
    "SIXTH",
    "SEVENTH",
    "EIGHTH",
    "NINTH",
    "TENTH",
    "ELEVENTH",
    "TWELFTH",
    "THIRTEENTH",
    "FOURTEENTH",
    "FIFTEENTH",
    "SIXTEENTH",
    "SEVENTEENTH",
    "EIGHTEENTH",
    "NINETEENTH",
]
TENS_WORDS = {20: "TWENTY", 30: "THIRTY"}
LANGUAGES = ["RUSSIAN", "FRENCH", "GERMAN", "SPANISH", "ITALIAN"]
FOOTNOTES = [
    "Reissued due to a correction to the title.",
    "The word “draft” has been removed from the title.",
    "Includes corrections to the speaker list of agenda item {item}.",
    "Incorporates the changes agreed at the meeting.",
]
IS_TITLE = [
    "INTERPRETATIVE STATEMENT UNDER",
    "PARAGRAPH IV.1(A)6 OF THE RULES OF PROCEDURE",
    "OF THE ORGANIZATION FOR SECURITY AND",
    "CO-OPERATION IN EUROPE",
]


# --------------------------------------------------------------------------- helpers


def decimal_year(d: dt.date) -> float:
    return d.year + (d.timetuple().tm_yday - 1) / 366


def file_date(i: int) -> dt.date:
    """Date of file i: a pure, non-decreasing function of i; weekends moved to Friday."""
    if i < LINEAR_FILES:
        days = (LINEAR_END - START_DATE).days * i // LINEAR_FILES
        d = START_DATE + dt.timedelta(days=days)
    else:
        j = i - LINEAR_FILES
        days = (FINAL_END - LINEAR_END).days * j // (j + TAIL_K)
        d = LINEAR_END + dt.timedelta(days=days)
    while d.weekday() >= 5:
        d -= dt.timedelta(days=1)
    return d


def fmt_date(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def fmt_weekday_date(d: dt.date) -> str:
    return f"{WEEKDAYS[d.weekday()]}, {fmt_date(d)}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ordinal_word(n: int) -> str:
    if n < len(ORDINAL_WORDS):
        return ORDINAL_WORDS[n]
    tens, unit = divmod(n, 10)
    base = TENS_WORDS.get(tens * 10, "THIRTY")
    if unit == 0:
        return base[:-1] + "IETH"
    return f"{base}-{ORDINAL_WORDS[unit]}"


def fmt_time(minutes: int) -> str:
    """Minutes after midnight -> '10.05 a.m.', '3 p.m.', '12.40 p.m.'."""
    h, m = divmod(minutes % (24 * 60), 60)
    half = "a.m." if h < 12 else "p.m."
    h12 = h % 12 or 12
    return f"{h12} {half}" if m == 0 else f"{h12}.{m:02d} {half}"


def join_and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def states_at(d: dt.date) -> list[str]:
    y = decimal_year(d)
    return [
        name
        for name, start, end in PARTICIPATING_STATES
        if (start is None or y >= start) and (end is None or y < end)
    ]


def person(rng: random.Random, titles=TITLES) -> str:
    return f"{rng.choice(titles)} {rng.choice(INITIALS)}. {rng.choice(SURNAMES)}"


def yy(d: dt.date) -> str:
    return f"{d.year % 100:02d}"


# --------------------------------------------------------------------------- plan


@dataclass
class Plan:
    """The first draws of a file's generator: what the running counters need."""

    body: str
    kind: str  # 'regular', 'special', 'reinforced'
    n_decisions: int
    fsc_extra_journal: bool
    corrigendum: bool


@dataclass
class Counters:
    """Running numbers over files 0..i-1 (depend only on their plans)."""

    meeting: dict = field(default_factory=lambda: dict(FIRST_MEETING))
    fsc_journal_offset: int = 0
    pc_decision: int = 1
    yearly_decision: dict = field(default_factory=dict)  # (body, year) -> next number
    mc_journal: dict = field(default_factory=dict)  # MC number -> next journal number


def draw_plan(rng: random.Random) -> Plan:
    body = rng.choices([b for b, _ in BODY_WEIGHTS], [w for _, w in BODY_WEIGHTS])[0]
    r = rng.random()
    kind = "special" if r < 0.06 else "reinforced" if (r < 0.09 and body == "PC") else "regular"
    n_decisions = rng.choices([0, 1, 2, 3], [50, 30, 14, 6])[0]
    if kind == "special":
        n_decisions = max(1, n_decisions)
    return Plan(body, kind, n_decisions, rng.random() < 0.03, rng.random() < 0.04)


# --------------------------------------------------------------------------- meeting


@dataclass
class Meeting:
    i: int
    plan: Plan
    date: dt.date
    number: int  # plenary meeting number (MC: number of the MC meeting)
    journal_number: int  # PC/FSC: journal number; MC: journal of that MC meeting
    decision_numbers: list[int]
    rng: random.Random
    doc_counter: dict = field(default_factory=dict)
    annexes: list = field(default_factory=list)  # (speaker, item number, kind)
    decisions: list = field(default_factory=list)  # dicts
    speaker_lists: list = field(default_factory=list)  # (text, item number)

    @property
    def body(self) -> str:
        return self.plan.body

    @property
    def symbol(self) -> str:
        if self.body == "MC":
            return f"MC({self.number}).JOUR/{self.journal_number}"
        s = f"{self.body}.JOUR/{self.journal_number}"
        return s + "/Corr.1" if self.plan.corrigendum else s

    @property
    def code(self) -> str:
        if self.body == "MC":
            return f"MC{self.number}EJ{self.journal_number:02d}"
        return f"{'PCOEJ' if self.body == 'PC' else 'FSCEJ'}{self.journal_number}"

    @property
    def states(self) -> list[str]:
        return states_at(self.date)


def advance(counters: Counters, plan: Plan, i: int, rng: random.Random) -> Meeting:
    d = file_date(i)
    if plan.body == "MC":
        number = d.year - 1992
        jn = counters.mc_journal.get(number, 1)
        counters.mc_journal[number] = jn + 1
    else:
        number = counters.meeting[plan.body]
        counters.meeting[plan.body] = number + 1
        if plan.body == "FSC" and plan.fsc_extra_journal:
            counters.fsc_journal_offset += 1
        jn = number + (counters.fsc_journal_offset if plan.body == "FSC" else 0)
    numbers = []
    for _ in range(plan.n_decisions):
        if plan.body == "PC":
            numbers.append(counters.pc_decision)
            counters.pc_decision += 1
        else:
            key = (plan.body, d.year)
            n = counters.yearly_decision.get(key, 1)
            counters.yearly_decision[key] = n + 1
            numbers.append(n)
    return Meeting(i, plan, d, number, jn, numbers, rng)


def iter_meetings(seed: int | str, n: int):
    counters = Counters()
    for i in range(n):
        rng = random.Random(f"{seed}-{i}")
        plan = draw_plan(rng)
        yield advance(counters, plan, i, rng)


# --------------------------------------------------------------------------- documents


def doc_ref(m: Meeting, series: str | None = None) -> str:
    rng = m.rng
    if series is None:
        series = {"PC": "PC.DEL", "FSC": "FSC.DEL", "MC": "MC.DEL"}[m.body]
        r = rng.random()
        if r < 0.06:
            series = "SEC.GAL"
        elif r < 0.09:
            series = {"PC": "CIO.GAL", "FSC": "FSC.GAL", "MC": "CIO.GAL"}[m.body]
    rate = {
        "PC.DEL": 4.0,
        "FSC.DEL": 0.6,
        "MC.DEL": 0.3,
        "SEC.GAL": 0.5,
        "CIO.GAL": 0.5,
        "PC.FR": 0.1,
        "FSC.GAL": 0.4,
    }.get(series, 0.3)
    if series not in m.doc_counter:
        m.doc_counter[series] = int(m.date.timetuple().tm_yday * rate) + rng.randint(1, 15)
    m.doc_counter[series] += rng.randint(1, 4)
    ref = f"{series}/{m.doc_counter[series]}/{yy(m.date)}"
    r = rng.random()
    if r < 0.04:
        ref += "/Rev.1"
    elif r < 0.06:
        ref += "/Corr.1"
    elif r < 0.07:
        ref += "/Add.1"
    if m.date.year >= 2010:
        r = rng.random()
        if r < 0.3:
            ref += " OSCE+"
        elif r < 0.33:
            ref += " Restr."
    return f"({ref})"


def sentence(rng: random.Random) -> str:
    s = f"{rng.choice(OPENERS)} {rng.choice(SUBJECTS)}"
    if rng.random() < 0.6:
        s += f", and {rng.choice(CLAUSES)}"
    return s + "."


def prose(rng: random.Random, n_sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(n_sentences))


def fill(rng: random.Random, template: str, m: Meeting) -> str:
    return template.format(
        fo=rng.choice(FIELD_OPERATIONS),
        FO=rng.choice(FIELD_OPERATIONS).upper(),
        state=rng.choice(m.states),
        STATE=rng.choice(m.states).upper(),
        subject=rng.choice(SUBJECTS),
        SUBJECT=rng.choice(SUBJECTS).upper(),
        year=m.date.year + rng.choice([0, 1]),
        city=rng.choice(CITIES),
        n=rng.randint(1, 12),
        yy=yy(dt.date(rng.randint(1995, m.date.year), 1, 1)),
        day=fmt_date(m.date + dt.timedelta(days=rng.randint(20, 200))),
        until=fmt_date(dt.date(m.date.year + 1, 12, 31)),
        office=rng.choice(["Chairmanship", "Secretariat", "Mission", "Office"]),
        council=COUNCIL_NAME[m.body],
    )


# --------------------------------------------------------------------------- speakers


def eu_entry(m: Meeting) -> str:
    rng = m.rng
    presidency = EU_PRESIDENCY[m.date.year][0 if m.date.month <= 6 else 1]
    y = decimal_year(m.date)
    groups = [g for start, g in EU_ALIGNMENT if y >= start][-1]
    valid = set(m.states)
    parts = []
    for label, countries in groups:
        keep = [c for c in countries if c in valid and rng.random() < 0.85]
        if not keep:
            continue
        if label == "as well as":
            parts.append(f"as well as {join_and(keep)}")
        elif label.startswith("the European Free Trade"):
            parts.append(f"{label} {join_and(keep)}, members of the European Economic Area")
        else:
            parts.append(f"{label} {join_and(keep)}")
    name = f"{presidency}-European Union" if rng.random() < 0.85 else "European Union"
    if not parts:
        return name
    return f"{name} (with {'; '.join(parts)}, in alignment)"


def speaker_entry(m: Meeting, name: str, item_no: int, may_annex: bool = True) -> str:
    rng = m.rng
    entry = name
    if rng.random() < 0.04 and name in m.states:
        others = rng.sample(m.states, rng.randint(1, 4))
        entry += f" (also on behalf of {join_and([o for o in others if o != name] or [others[0]])})"
    if may_annex and rng.random() < 0.05:
        m.annexes.append((name, item_no))
        entry += f" (Annex {len(m.annexes)})"
    if rng.random() < 0.45:
        entry += f" {doc_ref(m)}"
    return entry


def speaker_names(m: Meeting, count: int, official: str | None) -> list[str]:
    rng = m.rng
    names = ["Chairperson"] if rng.random() < 0.85 else []
    if official:
        names.append(official)
    pool = list(m.states)
    if m.body == "MC" and rng.random() < 0.5:
        pool += [f"{p} ({kind})" for p, kind in PARTNERS]
    eu = rng.random() < 0.7 and m.date.year >= 1995
    picked = rng.sample(pool, min(len(pool), max(1, count - len(names) - eu)))
    if eu:
        picked.insert(rng.randint(0, min(2, len(picked))), "__EU__")
    names += picked
    if rng.random() < 0.15:
        names.append(person(rng))
    if rng.random() < 0.3:
        names.append("Chairperson")
    return names


def speaker_list(m: Meeting, item_no: int, count: int, official: str | None = None) -> str:
    entries = []
    for name in speaker_names(m, count, official):
        if name == "__EU__":
            e = eu_entry(m)
            if m.rng.random() < 0.05:
                m.annexes.append(("European Union", item_no))
                e += f" (Annex {len(m.annexes)})"
            else:
                e += f" {doc_ref(m)}"
            entries.append(e)
        else:
            entries.append(speaker_entry(m, name, item_no))
    text = ", ".join(entries)
    m.speaker_lists.append((text, item_no))
    return text


def speaker_count(rng: random.Random) -> int:
    return min(50, max(2, int(rng.lognormvariate(2.0, 0.75))))


# --------------------------------------------------------------------------- journal body


def header_blocks(m: Meeting) -> list[str]:
    """Page-1 header; each returned string is one paragraph (may contain '\\n')."""
    rng = m.rng
    council = COUNCIL_NAME[m.body]
    date = fmt_date(m.date)
    venue = f"{MC_VENUE[m.date.year]} {m.date.year} " if m.body == "MC" else ""
    if rng.random() < 0.5:
        lines = [
            f"{m.symbol} Organization for Security and Co-operation in Europe {date} "
            f"{council} {venue}Original: ENGLISH"
        ]
        if rng.random() < 0.5:
            lines.insert(0, m.code)
    else:
        lines = [
            m.code,
            m.symbol,
            f"Organization for Security and Co-operation in Europe {date}",
            council,
            f"{venue}Original: ENGLISH",
        ]
    blocks = ["\n".join(lines)]
    if m.body == "PC":
        blocks.append(f"Chairmanship: {CHAIRMANSHIP[m.date.year]}")
    elif m.body == "FSC":
        states = sorted(states_at(m.date))
        slot = (m.date.year * 3 + (m.date.month - 1) // 4) % len(states)
        blocks.append(f"Chairmanship: {states[slot]}")
    blocks.append(title_block(m))
    return blocks


def title_block(m: Meeting) -> str:
    if m.body == "MC":
        day = (m.journal_number + 1) // 2
        session = "CLOSED" if m.rng.random() < 0.7 else "OPEN"
        return (
            f"{ordinal(day)} DAY OF THE {ordinal_word(m.number)} MEETING OF THE\n"
            f"MINISTERIAL COUNCIL\n{ordinal(m.journal_number)} PLENARY MEETING ({session})"
        )
    short = "COUNCIL" if m.body == "PC" else "FORUM"
    if m.plan.kind == "special":
        return (
            f"SPECIAL MEETING OF THE {COUNCIL_NAME[m.body].upper()}\n"
            f"({ordinal(m.number)} Plenary Meeting)"
        )
    if m.plan.kind == "reinforced":
        return f"REINFORCED MEETING OF THE PERMANENT COUNCIL\n({ordinal(m.number)} Plenary Meeting)"
    return f"{ordinal(m.number)} PLENARY MEETING OF THE {short}"


def location_note(m: Meeting) -> str:
    d = m.date
    if dt.date(2020, 3, 16) <= d <= dt.date(2021, 12, 31):
        return m.rng.choice(
            [" (via video teleconference)", " (in the Neuer Saal and via video teleconferencing)"]
        )
    if m.plan.kind == "special" and m.rng.random() < 0.3:
        return f" ({MC_VENUE[d.year]})"
    return ""


def times_blocks(m: Meeting) -> list[str]:
    rng = m.rng
    t = rng.choice([9 * 60 + 30, 10 * 60, 10 * 60, 10 * 60 + 5, 10 * 60 + 10, 15 * 60])
    parts = [f"Opened: {fmt_time(t)}"]
    for _ in range(rng.choices([0, 1, 2, 3], [45, 40, 10, 5])[0]):
        t += 5 * rng.randint(6, 36)
        if t > 20 * 60:
            break
        parts.append(f"Suspended: {fmt_time(t)}")
        t += 5 * rng.randint(2, 24)
        parts.append(f"Resumed: {fmt_time(t)}")
    t += 5 * rng.randint(3, 36)
    parts.append(f"Closed: {fmt_time(t)}")
    if rng.random() < 0.5:
        return [" ".join(parts)]
    return parts


def chair_block(m: Meeting) -> str:
    rng = m.rng
    if m.body == "MC":
        cio = "Chairman-in-Office" if m.date.year < 2007 else "Chairperson-in-Office"
        return (
            f"2. Chairperson: H.E. {rng.choice(INITIALS)}. {rng.choice(SURNAMES)}, Minister "
            f"for Foreign Affairs of {CHAIRMANSHIP[m.date.year]}, {cio} of the OSCE"
        )
    chairs = [
        person(rng, ["Ambassador", "Ambassador", "Mr.", "Ms."])
        for _ in range(1 if rng.random() < 0.8 else 2)
    ]
    return f"2. Chairperson: {' '.join(chairs)}"


def agenda_item_titles(m: Meeting, n_items: int) -> list[tuple[str, str | None]]:
    """(title, official presenting) for items before the decisions and AOB."""
    rng = m.rng
    table = {"PC": PC_ITEM_TITLES, "FSC": FSC_ITEM_TITLES, "MC": MC_ITEM_TITLES}[m.body]
    out = []
    for _ in range(n_items):
        t = rng.choice(table)
        official = None
        if "{FO}" in t:
            fo = rng.choice(FIELD_OPERATIONS)
            if "Co-ordinator" in fo:
                t, official = f"REPORT BY THE {fo.upper()}", fo
            else:
                t, official = t.replace("{FO}", fo.upper()), f"Head of the {fo}"
        elif t == "{REPORT}":
            official = rng.choice(OFFICIALS)
            t = f"REPORT BY THE {official.upper()}"
        elif t.startswith("REPORT"):
            official = "Chairperson-in-Office"
        elif "MINISTER" in t:
            state = rng.choice(m.states)
            t = t.replace("{STATE}", state.upper())
            official = f"Minister for Foreign Affairs of {state}"
        t = fill(rng, t, m)
        out.append((t, official))
    return out


def decision_paragraph(m: Meeting, dec: dict) -> str:
    who = {
        "PC": "The Permanent Council",
        "FSC": "The Forum for Security Co-operation",
        "MC": "The Ministerial Council",
    }[m.body]
    if m.body == "MC":
        return (
            f"The Chairperson announced that Decision No. {dec['label']} ({dec['symbol']}) "
            f"on {dec['subject']}, the text of which is appended to this journal, had been "
            f"adopted by the Ministerial Council."
        )
    return (
        f"Decision: {who} adopted Decision No. {dec['label']} ({dec['symbol']}) on "
        f"{dec['subject']}, the text of which is appended to this journal."
    )


def new_decision(m: Meeting, number: int, item_no: int) -> dict:
    rng = m.rng
    if m.body == "PC":
        label, symbol = str(number), f"PC.DEC/{number}"
    else:
        label = f"{number}/{yy(m.date)}"
        symbol = f"{m.body}.DEC/{label}"
    if rng.random() < 0.08:
        symbol += "/Corr.1"
    subject = fill(rng, rng.choice(DECISION_SUBJECTS), m)
    statements = [
        rng.choice(m.states) for _ in range(rng.choices([0, 1, 2, 3, 4], [60, 20, 10, 6, 4])[0])
    ]
    dec = {
        "label": label,
        "number": number,
        "symbol": symbol,
        "subject": subject,
        "item": item_no,
        "statements": statements,
        "action_plan": rng.random() < 0.2,
        "footnote": rng.random() < 0.25,
    }
    m.decisions.append(dec)
    return dec


def agenda_blocks(m: Meeting) -> list[str]:
    rng = m.rng
    total = rng.randint(3, 12)
    n_dec = len(m.decision_numbers)
    n_plain = max(1, total - n_dec - 1)
    blocks = []
    item = 0
    plain = agenda_item_titles(m, n_plain)
    dec_slots = sorted(rng.sample(range(n_plain + n_dec), n_dec))
    pi = iter(plain)
    di = iter(m.decision_numbers)
    for slot in range(n_plain + n_dec):
        item += 1
        if slot in dec_slots:
            blocks += decision_item(m, next(di), item)
        else:
            title, official = next(pi)
            blocks += plain_item(m, item, title, official)
    item += 1
    blocks.append(f"Agenda item {item}: ANY OTHER BUSINESS")
    if rng.random() < 0.25:
        blocks.append("None")
    else:
        for k in range(rng.randint(1, 4)):
            sub = fill(rng, rng.choice(AOB_SUBITEMS), m)
            blocks.append(f"({'abcd'[k]}) {sub}: {speaker_list(m, item, rng.randint(1, 5))}")
    return blocks


def plain_item(m: Meeting, item: int, title: str, official: str | None) -> list[str]:
    rng = m.rng
    out = [f"Agenda item {item}: {title}"]
    if title.startswith("SECURITY DIALOGUE"):
        for _ in range(rng.randint(1, 3)):
            role = fill(rng, rng.choice(PRESENTER_ROLES), m)
            out.append(f"– Presentation by {person(rng, ['Mr.', 'Ms.', 'Dr.'])}, {role}")
    if title == "GENERAL STATEMENTS":
        for k in range(rng.randint(1, 3)):
            topic = rng.choice(SUBJECTS)
            topic = topic[0].upper() + topic[1:]
            out.append(f"({'abc'[k]}) {topic}: {speaker_list(m, item, speaker_count(rng))}")
        return out
    if title == "REVIEW OF CURRENT ISSUES":
        for k in range(rng.randint(1, 4)):
            topic = rng.choice(SUBJECTS)
            topic = topic[0].upper() + topic[1:]
            out.append(f"({'abcd'[k]}) {topic}: {speaker_list(m, item, speaker_count(rng))}")
        return out
    out.append(speaker_list(m, item, speaker_count(rng), official))
    return out


def decision_item(m: Meeting, number: int, item: int) -> list[str]:
    rng = m.rng
    dec = new_decision(m, number, item)
    title = "DECISION ON " + dec["subject"].upper()
    if m.body == "MC":
        title = "ADOPTION OF MINISTERIAL COUNCIL DOCUMENTS"
    out = [f"Agenda item {item}: {title}", "Chairperson", decision_paragraph(m, dec)]
    if dec["statements"]:
        lines = [
            f"{s} (interpretative statement, see attachment {k} to the decision)"
            for k, s in enumerate(dec["statements"], 1)
        ]
        out.append(",\n".join(lines))
    if rng.random() < 0.6:
        out.append(speaker_list(m, item, rng.randint(2, 8)))
    return out


def next_meeting_blocks(m: Meeting) -> list[str]:
    rng = m.rng
    if m.body == "MC":
        nd = m.date + dt.timedelta(days=rng.choice([0, 1]))
        return [
            "4. Next meeting:",
            f"{fmt_weekday_date(nd)}, at {fmt_time(rng.choice([570, 600, 900]))}, "
            "in the plenary hall",
        ]
    nd = m.date + dt.timedelta(days=7)
    if rng.random() < 0.08:
        return ["4. Next meeting:", "To be announced"]
    return ["4. Next meeting:", f"{fmt_weekday_date(nd)}, at 10 a.m., {rng.choice(ROOMS)}"]


def journal_section(m: Meeting) -> list[str]:
    rng = m.rng
    blocks = header_blocks(m)
    blocks.append(f"1. Date: {fmt_weekday_date(m.date)}{location_note(m)}")
    blocks += times_blocks(m)
    blocks.append(chair_block(m))
    if rng.random() < 0.05:
        blocks.append(f"Point of order: {rng.choice(m.states)}, Chairperson")
    if dt.date(2020, 3, 16) <= m.date <= dt.date(2021, 12, 31) and rng.random() < 0.7:
        blocks.append(
            f"Prior to taking up the agenda, the Chairperson reminded the "
            f"{COUNCIL_NAME[m.body]} of the technical modalities for the conduct of "
            f"meetings during the COVID-19 pandemic."
        )
    if m.body == "MC" and m.date.year < 2006:
        blocks.append("3. Subjects discussed — Statements — Decisions:")
    else:
        blocks.append("3. Subjects discussed – Statements – Decisions/documents adopted:")
    blocks += agenda_blocks(m)
    blocks += next_meeting_blocks(m)
    return blocks


# --------------------------------------------------------------------------- appended texts


def decision_section(m: Meeting, dec: dict, budget: int) -> list[str]:
    rng = m.rng
    council = COUNCIL_NAME[m.body]
    journal = {
        "PC": "PC Journal No.",
        "FSC": "FSC Journal No.",
        "MC": "MC(%d) Journal No." % m.number,
    }[m.body]
    mark = "1" if dec["footnote"] else ""
    blocks = [
        f"Organization for Security and Co-operation in Europe {dec['symbol']}\n"
        f"{council} {fmt_date(m.date)}\n"
        f"{ordinal(m.number)} Plenary Meeting Original: ENGLISH\n"
        f"{journal} {m.journal_number}, Agenda item {dec['item']}"
    ]
    title = textwrap.wrap(dec["subject"].upper(), 45)
    blocks.append(f"DECISION No. {dec['label']}{mark}\n" + "\n".join(title))
    blocks.append(f"The {council},")
    for _ in range(rng.randint(2, 8)):
        blocks.append(f"{rng.choice(PREAMBLE_VERBS)} {fill(rng, rng.choice(PREAMBLE_OBJECTS), m)},")
    ops = rng.randint(1, 6)
    numbered = ops > 1 and rng.random() < 0.6
    for k in range(ops):
        if k == 0 or rng.random() < 0.3:
            text = f"Decides {fill(rng, rng.choice(DECIDES_OBJECTS), m)}"
        else:
            text = f"{rng.choice(OPERATIVE_VERBS)} {fill(rng, rng.choice(OPERATIVE_OBJECTS), m)}"
        text += "." if k == ops - 1 else ";"
        blocks.append(f"{k + 1}. {text}" if numbered else text)
    if dec["action_plan"] and budget > 3000:
        blocks += action_plan(m, dec, budget)
    return blocks


def action_plan(m: Meeting, dec: dict, budget: int) -> list[str]:
    rng = m.rng
    blocks = [dec["subject"].upper()]
    size = 0
    for s, title in enumerate(rng.sample(SECTION_TITLES, rng.randint(2, 6))):
        blocks.append(f"{ROMAN[s]}. {title}")
        blocks.append("Recommended action at the national level")
        for h in range(1, rng.randint(2, 5)):
            heading = rng.choice(SUBJECTS)
            blocks.append(f"{h}. {heading[0].upper()}{heading[1:]}")
            for k in range(1, rng.randint(2, 7)):
                tail = rng.choice(ACTION_TAILS)
                item = (
                    f" - {h}.{k} {rng.choice(ACTION_GERUNDS)} {rng.choice(SUBJECTS)}{tail}; "
                    f"{rng.choice(CLAUSES)};"
                )
                blocks.append(item)
                size += len(item)
        blocks.append("Action for OSCE institutions and bodies")
        for k in range(1, rng.randint(2, 4)):
            task = (
                f"{k}. The {rng.choice(OFFICIALS)}, in co-ordination with other relevant OSCE "
                f"executive structures and within existing resources, will continue to "
                f"support the participating States in the area of {rng.choice(SUBJECTS)}, "
                f"and {rng.choice(CLAUSES)}."
            )
            blocks.append(task)
            size += len(task)
        if size > budget:
            break
    return blocks


def attachment_section(m: Meeting, state: str, budget: int) -> list[str]:
    rng = m.rng
    blocks = ["\n".join(IS_TITLE), f"By the delegation of {state}:"]
    paras = max(1, min(8, budget // 700))
    texts = [prose(rng, rng.randint(2, 6)) for _ in range(rng.randint(1, paras))]
    texts[0] = "“" + texts[0]
    texts.append(
        "We request that this statement be attached to the decision and included in "
        "the journal of today’s meeting.”"
    )
    return blocks + texts


def annex_section(m: Meeting, speaker: str, item: int, budget: int) -> list[str]:
    rng = m.rng
    lang = "ENGLISH" if rng.random() < 0.6 else rng.choice(LANGUAGES)
    head = [
        f"ENGLISH\nOriginal: {lang}" if lang != "ENGLISH" else "Original: ENGLISH",
        f"{ordinal(m.number)} Plenary Meeting\n"
        f"{m.body if m.body != 'MC' else 'MC(%d)' % m.number} Journal No. {m.journal_number}, "
        f"Agenda item {item}",
    ]
    if speaker == "European Union":
        head.append("STATEMENT BY THE EUROPEAN UNION")
    else:
        subject = speaker if speaker[0].isupper() else speaker[0].upper() + speaker[1:]
        head.append(f"STATEMENT BY THE DELEGATION OF {subject.upper()}")
        if rng.random() < 0.5:
            head.append(f"By the delegation of {speaker}:")
    paras = max(2, min(12, budget // 600))
    body = ["Mr. Chairperson," if rng.random() < 0.6 else "Madam Chairperson,"]
    body += [prose(rng, rng.randint(2, 7)) for _ in range(rng.randint(max(2, paras // 2), paras))]
    if speaker == "European Union":
        aligned = eu_entry(m).split(" (with ", 1)[-1].rstrip(")").replace(", in alignment", "")
        body.append(aligned[0].upper() + aligned[1:] + " align themselves with this statement.")
    body.append(fill(rng, rng.choice(CLOSERS), m))
    body.append("I request that this statement be attached to the journal of today’s meeting.")
    return head + body


# --------------------------------------------------------------------------- layout


@dataclass
class Section:
    blocks: list[str]
    running_head: list[str]  # lines of the page header (page number inserted at {p})
    first_page_code: str | None = None  # internal code printed at the foot of page 1
    footnote: str | None = None  # printed at the foot of the first page


def render(sections: list[Section], rng: random.Random) -> str:
    flat = rng.random() < 0.4
    width = rng.randint(84, 96)
    blank = flat or rng.random() < 0.6  # blank line between paragraphs
    out: list[str] = []
    for sec in sections:
        out += render_section(sec, rng, flat, width, blank)
        out += ["", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def render_section(
    sec: Section, rng: random.Random, flat: bool, width: int, blank: bool
) -> list[str]:
    # 1. wrap to virtual lines: (text, paragraph id); blank separators have id None
    virtual: list[tuple[str, int | None]] = []
    for pid, block in enumerate(sec.blocks):
        for raw in block.split("\n"):
            for line in textwrap.wrap(raw, width, break_on_hyphens=False) or [""]:
                virtual.append((line, pid))
        virtual.append(("", None))
    # 2. paginate: insert foot material and running heads between virtual lines
    page_len = rng.randint(*PAGE_LINES)
    pages: list[list[tuple[str, int | None]]] = [[]]
    for line in virtual:
        if len(pages[-1]) >= page_len and line[1] is not None:
            pages.append([])
        pages[-1].append(line)
    out: list[str] = []
    for p, page in enumerate(pages, 1):
        if p > 1:
            foot = []
            if p == 2 and sec.footnote:
                foot.append(sec.footnote)
            if p == 2 and sec.first_page_code:
                foot.append(sec.first_page_code)
            head = [h.replace("{p}", str(p)) for h in sec.running_head]
            furniture = foot + ([" ".join(head)] if flat else head)
            out += ([""] + furniture + [""]) if flat else furniture
        out += join_page(page, flat, blank)
    while out and out[-1] == "":
        out.pop()
    if len(pages) == 1 and sec.footnote:
        out += ["", sec.footnote]
    return out


def join_page(page: list[tuple[str, int | None]], flat: bool, blank: bool) -> list[str]:
    if not flat:
        return [t for t, pid in page if pid is not None or blank]
    lines: list[str] = []
    prev = None
    for text, pid in page:
        if pid is not None and pid == prev and lines and text:
            lines[-1] += " " + text
        else:
            lines.append(text)
        prev = pid
    return lines


# --------------------------------------------------------------------------- assembly


def target_size(rng: random.Random) -> int:
    return int(min(58_000, max(3_300, rng.lognormvariate(9.25, 0.55))))


def ensure_annexes(m: Meeting, blocks: list[str], budget: int, minimum: int = 0) -> None:
    """Add annexed statements to the last speaker lists while the file is too short."""
    rng = m.rng
    parts = len(m.annexes) + len(m.decisions)
    wanted = min(6, budget // 3500) if parts == 0 or budget > 8000 * parts else 0
    if parts == 0 and budget > 500:
        wanted = max(wanted, 1)
    wanted = max(wanted, minimum)
    lists = list(m.speaker_lists)
    while wanted > 0 and lists:
        text, item = lists.pop()
        k = next((i for i, b in enumerate(blocks) if text and text in b), None)
        if k is None:
            continue
        state = rng.choice(m.states)
        m.annexes.append((state, item))
        blocks[k] = blocks[k].replace(text, f"{text}, {state} (Annex {len(m.annexes)})", 1)
        wanted -= 1


def journal_text(m: Meeting) -> str:
    rng = m.rng
    target = target_size(rng)
    date = fmt_date(m.date)
    journal_blocks = journal_section(m)
    footnote = None
    if m.plan.corrigendum:
        footnote = "1 " + FOOTNOTES[2].format(item=1)
    sections = [
        Section(
            journal_blocks,
            [m.code, f"- {{p}} - {m.symbol}", date]
            if m.body != "MC"
            else [f"- {{p}} - {m.symbol}", date],
            footnote=footnote,
        )
    ]
    used = sum(len(b) + 2 for b in journal_blocks)
    ensure_annexes(m, journal_blocks, target - used)
    budget = max(0, target - used)
    n_parts = len(m.annexes) + sum(1 + len(d["statements"]) for d in m.decisions)
    share = max(budget // max(1, n_parts), 3_400 - used)
    for dec in m.decisions:
        note = (
            ("1 " + fill(rng, rng.choice(FOOTNOTES[:2] + FOOTNOTES[3:]), m))
            if dec["footnote"]
            else None
        )
        code = (
            f"{m.body}OEW{rng.randint(1000, 9999)}"
            if m.body == "PC"
            else f"{m.body}EW{rng.randint(1000, 9999)}"
        )
        sections.append(
            Section(
                decision_section(m, dec, share), [f"- {{p}} - {dec['symbol']}", date], code, note
            )
        )
        for k, state in enumerate(dec["statements"], 1):
            blocks = [f"{dec['symbol']}\n{date}\nAttachment {k}", "Original: ENGLISH"]
            blocks += attachment_section(m, state, share)
            sections.append(
                Section(blocks, [f"- {{p}} - {dec['symbol']}", date, f"Attachment {k}"])
            )
    for k, (speaker, item) in enumerate(m.annexes, 1):
        blocks = [f"{m.symbol}\n{date}\nAnnex {k}"] + annex_section(m, speaker, item, share)
        sections.append(Section(blocks, [f"- {{p}} - {m.symbol}", date, f"Annex {k}"]))
    text = render(sections, rng)
    while len(text) < 3_100 and m.speaker_lists:  # too short: annex one more statement
        before = len(m.annexes)
        ensure_annexes(m, journal_blocks, 0, minimum=1)
        if len(m.annexes) == before:
            break
        speaker, item = m.annexes[-1]
        k = len(m.annexes)
        blocks = [f"{m.symbol}\n{date}\nAnnex {k}"] + annex_section(m, speaker, item, 2_000)
        sections.append(Section(blocks, [f"- {{p}} - {m.symbol}", date, f"Annex {k}"]))
        text = render(sections, rng)
    return text


def generate(n: int, out_dir: str, seed: int | str = 0) -> tuple[int, int]:
    """Write n journals into out_dir; return (files, total bytes)."""
    os.makedirs(out_dir, exist_ok=True)
    total = 0
    for m in iter_meetings(seed, n):
        data = journal_text(m).encode("utf-8")
        with open(os.path.join(out_dir, f"journal-{m.i:06d}.txt"), "wb") as fh:
            fh.write(data)
        total += len(data)
    return n, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of journal files to write")
    ap.add_argument("out_dir", help="output directory (created if missing)")
    ap.add_argument("--seed", default="0", help="seed (default 0)")
    args = ap.parse_args(argv)
    if args.n < 0:
        ap.error("N must be >= 0")
    t0 = time.perf_counter()
    files, total = generate(args.n, args.out_dir, args.seed)
    print(
        f"synth: {files} files, {total / 1e6:.1f} MB in {args.out_dir} "
        f"({time.perf_counter() - t0:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
