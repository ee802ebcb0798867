"""Tests for build_data.normalize.symbols: the OSCE document symbol grammar."""

import pytest
from conftest import BUNDLED, SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

from build_data.normalize.symbols import (
    Symbol,
    SymbolMatch,
    decision_symbol,
    find_symbols,
    grammar_matches,
    journal_symbol,
    parse_symbol,
    strip_footnote_mark,
)
from build_data.parse.symbol_grammar import GRAMMAR

# printed form -> (series, number, year, revision, corrigendum, addendum, meeting,
#                  distribution, canonical, repair)
# Most rows are copied from ../shared/journals/*.txt and the seed journal.
ROWS = [
    # plain delegation / general / report documents with two-digit years
    (
        "PC.DEL/731/19 OSCE+",
        ("PC.DEL", 731, 2019, None, None, None, None, "OSCE+", "PC.DEL/731/19", None),
    ),
    (
        "PC.DEL/718/19 OSCE+",
        ("PC.DEL", 718, 2019, None, None, None, None, "OSCE+", "PC.DEL/718/19", None),
    ),
    ("PC.DEL/744/19", ("PC.DEL", 744, 2019, None, None, None, None, None, "PC.DEL/744/19", None)),
    (
        "PC.DEL/925/20 OSCE+",
        ("PC.DEL", 925, 2020, None, None, None, None, "OSCE+", "PC.DEL/925/20", None),
    ),
    ("PC.DEL/923/20", ("PC.DEL", 923, 2020, None, None, None, None, None, "PC.DEL/923/20", None)),
    (
        "PC.DEL/953/20/Corr.1",
        ("PC.DEL", 953, 2020, None, 1, None, None, None, "PC.DEL/953/20/Corr.1", None),
    ),
    (
        "PC.DEL/295/21 OSCE+",
        ("PC.DEL", 295, 2021, None, None, None, None, "OSCE+", "PC.DEL/295/21", None),
    ),
    ("PC.DEL/350/21", ("PC.DEL", 350, 2021, None, None, None, None, None, "PC.DEL/350/21", None)),
    (
        "PC.FR/17/19 OSCE+",
        ("PC.FR", 17, 2019, None, None, None, None, "OSCE+", "PC.FR/17/19", None),
    ),
    (
        "SEC.GAL/34/21 OSCE+",
        ("SEC.GAL", 34, 2021, None, None, None, None, "OSCE+", "SEC.GAL/34/21", None),
    ),
    (
        "FSC.GAL/37/20 OSCE+",
        ("FSC.GAL", 37, 2020, None, None, None, None, "OSCE+", "FSC.GAL/37/20", None),
    ),
    (
        "FSC.GAL/2/21 OSCE+",
        ("FSC.GAL", 2, 2021, None, None, None, None, "OSCE+", "FSC.GAL/2/21", None),
    ),
    ("FSC.DEL/25/21", ("FSC.DEL", 25, 2021, None, None, None, None, None, "FSC.DEL/25/21", None)),
    (
        "FSC.DEL/25/21/Add.1",
        ("FSC.DEL", 25, 2021, None, None, 1, None, None, "FSC.DEL/25/21/Add.1", None),
    ),
    (
        "FSC.DEL/30/21/Rev.1",
        ("FSC.DEL", 30, 2021, 1, None, None, None, None, "FSC.DEL/30/21/Rev.1", None),
    ),
    (
        "FSC.DEL/108/20/Corr.1",
        ("FSC.DEL", 108, 2020, None, 1, None, None, None, "FSC.DEL/108/20/Corr.1", None),
    ),
    (
        "FSC.DEL/115/20 OSCE+",
        ("FSC.DEL", 115, 2020, None, None, None, None, "OSCE+", "FSC.DEL/115/20", None),
    ),
    ("MC.DEL/54/04", ("MC.DEL", 54, 2004, None, None, None, None, None, "MC.DEL/54/04", None)),
    ("MC.DEL/73/03", ("MC.DEL", 73, 2003, None, None, None, None, None, "MC.DEL/73/03", None)),
    (
        "MC.DEL/45/04/Rev.1",
        ("MC.DEL", 45, 2004, 1, None, None, None, None, "MC.DEL/45/04/Rev.1", None),
    ),
    ("MC.DEL/9/09", ("MC.DEL", 9, 2009, None, None, None, None, None, "MC.DEL/9/09", None)),
    (
        "MC.INF/6/18/Rev.4",
        ("MC.INF", 6, 2018, 4, None, None, None, None, "MC.INF/6/18/Rev.4", None),
    ),
    ("MC.DD/1/18", ("MC.DD", 1, 2018, None, None, None, None, None, "MC.DD/1/18", None)),
    ("MC.DD/3/18/Rev.1", ("MC.DD", 3, 2018, 1, None, None, None, None, "MC.DD/3/18/Rev.1", None)),
    (
        "MC.DD/6/13/Rev.3/Corr.1",
        ("MC.DD", 6, 2013, 3, 1, None, None, None, "MC.DD/6/13/Rev.3/Corr.1", None),
    ),
    (
        "MC.DD/12/13/Rev.3",
        ("MC.DD", 12, 2013, 3, None, None, None, None, "MC.DD/12/13/Rev.3", None),
    ),
    (
        "MC.DD/15/13/Rev.2",
        ("MC.DD", 15, 2013, 2, None, None, None, None, "MC.DD/15/13/Rev.2", None),
    ),
    ("MC.DD/18/13", ("MC.DD", 18, 2013, None, None, None, None, None, "MC.DD/18/13", None)),
    (
        "PC.DEL/12/20 Restr.",
        ("PC.DEL", 12, 2020, None, None, None, None, "Restr.", "PC.DEL/12/20", None),
    ),
    (
        "CIO.GAL/120/99",
        ("CIO.GAL", 120, 1999, None, None, None, None, None, "CIO.GAL/120/99", None),
    ),
    (
        "ODIHR.GAL/5/90",
        ("ODIHR.GAL", 5, 1990, None, None, None, None, None, "ODIHR.GAL/5/90", None),
    ),
    ("HCNM.GAL/3/89", ("HCNM.GAL", 3, 2089, None, None, None, None, None, "HCNM.GAL/3/89", None)),
    (
        "PC.ACMF/40/20/Add.2/Corr.1",
        ("PC.ACMF", 40, 2020, None, 1, 2, None, None, "PC.ACMF/40/20/Add.2/Corr.1", None),
    ),
    # decisions: PC decisions have no year, MC and FSC decisions do
    (
        "PC.DEC/1107/Corr.1",
        ("PC.DEC", 1107, None, None, 1, None, None, None, "PC.DEC/1107/Corr.1", None),
    ),
    ("PC.DEC/1108", ("PC.DEC", 1108, None, None, None, None, None, None, "PC.DEC/1108", None)),
    ("FSC.DEC/8/15", ("FSC.DEC", 8, 2015, None, None, None, None, None, "FSC.DEC/8/15", None)),
    ("MC.DEC/1/04", ("MC.DEC", 1, 2004, None, None, None, None, None, "MC.DEC/1/04", None)),
    # journals
    ("PC.JOUR/976", ("PC.JOUR", 976, None, None, None, None, None, None, "PC.JOUR/976", None)),
    ("PC.JOUR/1233", ("PC.JOUR", 1233, None, None, None, None, None, None, "PC.JOUR/1233", None)),
    ("FSC.JOUR/972", ("FSC.JOUR", 972, None, None, None, None, None, None, "FSC.JOUR/972", None)),
    (
        "FSC.JOUR/953/Corr.1",
        ("FSC.JOUR", 953, None, None, 1, None, None, None, "FSC.JOUR/953/Corr.1", None),
    ),
    # in isolation a glued footnote mark cannot be told from Corr.11
    (
        "FSC.JOUR/953/Corr.11",
        ("FSC.JOUR", 953, None, None, 11, None, None, None, "FSC.JOUR/953/Corr.11", None),
    ),
    ("MC(12).JOUR/2", ("MC.JOUR", 2, None, None, None, None, 12, None, "MC(12).JOUR/2", None)),
    ("MC(17).JOUR/1", ("MC.JOUR", 1, None, None, None, None, 17, None, "MC(17).JOUR/1", None)),
    ("MC(27).JOUR", ("MC.JOUR", None, None, None, None, None, 27, None, "MC(27).JOUR", None)),
    # malformed, repaired
    (
        "PC.DEL 978/20",
        (
            "PC.DEL",
            978,
            2020,
            None,
            None,
            None,
            None,
            None,
            "PC.DEL/978/20",
            "space instead of slash",
        ),
    ),
    (
        "PC.DEL/978 /20",
        ("PC.DEL", 978, 2020, None, None, None, None, None, "PC.DEL/978/20", "space around slash"),
    ),
    (
        "PC.DEL/978/\n20 OSCE+",
        (
            "PC.DEL",
            978,
            2020,
            None,
            None,
            None,
            None,
            "OSCE+",
            "PC.DEL/978/20",
            "line break inside symbol",
        ),
    ),
    (
        "MC.DD/5/13/Rev. 4",
        (
            "MC.DD",
            5,
            2013,
            4,
            None,
            None,
            None,
            None,
            "MC.DD/5/13/Rev.4",
            "space after suffix label",
        ),
    ),
    (
        "FSC.DEL/25/21/Corr.1/Add.1",
        ("FSC.DEL", 25, 2021, None, 1, 1, None, None, "FSC.DEL/25/21/Add.1/Corr.1", None),
    ),
    # prose citations
    (
        "Ministerial Council Decision No. 5/11",
        ("MC.DEC", 5, 2011, None, None, None, None, None, "MC.DEC/5/11", None),
    ),
    (
        "OSCE Ministerial Council Decision No. 5/11",
        ("MC.DEC", 5, 2011, None, None, None, None, None, "MC.DEC/5/11", None),
    ),
    (
        "MC Decision No. 3/04",
        ("MC.DEC", 3, 2004, None, None, None, None, None, "MC.DEC/3/04", None),
    ),
    (
        "PC Decision No. 557",
        ("PC.DEC", 557, None, None, None, None, None, None, "PC.DEC/557", None),
    ),
    (
        "Permanent Council Decision No. 1039",
        ("PC.DEC", 1039, None, None, None, None, None, None, "PC.DEC/1039", None),
    ),
    (
        "FSC Decision No. 3/15",
        ("FSC.DEC", 3, 2015, None, None, None, None, None, "FSC.DEC/3/15", None),
    ),
    (
        "Forum for Security Co-operation Decision No. 2/09",
        ("FSC.DEC", 2, 2009, None, None, None, None, None, "FSC.DEC/2/09", None),
    ),
    (
        "Decision No. 1107 (PC.DEC/1107/Corr.1)",
        ("PC.DEC", 1107, None, None, 1, None, None, None, "PC.DEC/1107/Corr.1", None),
    ),
    (
        "Decision No. 1/04 (MC.DEC/1/04)",
        ("MC.DEC", 1, 2004, None, None, None, None, None, "MC.DEC/1/04", None),
    ),
    (
        "FSC Decision No. 3/15\n(FSC.DEC/3/15)",
        ("FSC.DEC", 3, 2015, None, None, None, None, None, "FSC.DEC/3/15", None),
    ),
    (
        "PC Journal No. 976",
        ("PC.JOUR", 976, None, None, None, None, None, None, "PC.JOUR/976", None),
    ),
    (
        "FSC Journal No. 275",
        ("FSC.JOUR", 275, None, None, None, None, None, None, "FSC.JOUR/275", None),
    ),
]

NOT_SYMBOLS = [
    "PCOEJ1233",
    "FSCEJ934",
    "MC17EJ01",
    "FSCEW2563",
    "MC12EJ02",
    "U.S.",
    "e.g.",
    "No. 5",
    "IV.1(A)6",
    "10.05 a.m.",
    "Helsinki+40",
    "Decision No. 8/15",
    "PC.DEL",
    "OSCE.ORG",
    "Journal No. 976",
    "PC.DEL/731/1912",
    "FSC.DEL/25/21/Rev.1/Rev.2",
]


def _whole(m: SymbolMatch):
    s = m.symbol
    return (
        s.series,
        s.number,
        s.year,
        s.revision,
        s.corrigendum,
        s.addendum,
        s.meeting,
        m.distribution,
        s.canonical(),
        m.repair,
    )


@pytest.mark.parametrize("printed,expected", ROWS, ids=[r[0] for r in ROWS])
def test_symbol_table(printed, expected):
    """Each printed form, alone in the text, is exactly one match spanning all of
    it, whose whole parsed value (fields, distribution, canonical, repair) is right."""
    matches = find_symbols(printed)
    assert [_whole(m) for m in matches] == [expected]
    assert (matches[0].start, matches[0].end, matches[0].printed) == (0, len(printed), printed)


def _form(m: SymbolMatch) -> tuple:
    """What a printed symbol is made of: the kind of document, which fields are printed
    (number, year digits, Rev., Corr., Add., meeting), distribution, repair, citation."""
    s = m.symbol
    printed = (s.number, s.revision, s.corrigendum, s.addendum, s.meeting)
    return (
        s.series.split(".")[-1],
        *(v is not None for v in printed),
        s.year_digits,
        m.distribution,
        m.repair,
        "No." in m.printed,
    )


def test_every_symbol_form_of_the_journals_is_in_the_table():
    """Every symbol read in the real journals (the bundled one and the shared excerpts) is
    read the same when printed alone, and has the form of a row of the table above (whose
    whole value is checked): no form a journal prints goes untested."""
    table = {_form(m) for printed, _ in ROWS for m in find_symbols(printed)}
    untested, changed = {}, []
    for path in [BUNDLED, *sorted((SHARED / "journals").glob("*.txt"))]:
        for m in find_symbols(path.read_text(encoding="utf-8")):
            if _form(m) not in table:
                untested.setdefault(_form(m), f"{path.name}: {m.printed!r}")
            alone = find_symbols(m.printed)
            if [(a.symbol, a.distribution, a.printed) for a in alone] != [
                (m.symbol, m.distribution, m.printed)
            ]:
                changed.append(f"{path.name}: {m.printed!r}")
    assert (untested, changed) == ({}, [])


@pytest.mark.parametrize(
    "printed,expected",
    [r for r in ROWS if "No." not in r[0]],
    ids=[r[0] for r in ROWS if "No." not in r[0]],
)
def test_parse_symbol_table(printed, expected):
    """parse_symbol accepts every symbol form of the table (citations excepted),
    with surrounding blanks, and gives the same Symbol as find_symbols."""
    symbol = parse_symbol(f"  {printed}\n")
    assert symbol == find_symbols(printed)[0].symbol
    assert symbol.canonical() == expected[8]


@pytest.mark.parametrize("text", NOT_SYMBOLS)
def test_not_symbols(text):
    """Internal codes, abbreviations, times, bare 'No.' and body-less citations
    are not symbols."""
    assert find_symbols(text) == []
    assert parse_symbol(text) is None


def test_parse_symbol_rejects_extra_text():
    """parse_symbol wants the whole text to be one symbol and no prose citation."""
    assert parse_symbol("see PC.DEL/731/19") is None
    assert parse_symbol("PC.DEL/731/19 PC.DEL/732/19") is None
    assert parse_symbol("PC Decision No. 557") is None
    assert parse_symbol("") is None


def test_base_drops_only_the_corrigendum():
    """base() is canonical() without Corr.n: decisions are identified without it."""
    assert parse_symbol("PC.DEC/1107/Corr.1").base() == "PC.DEC/1107"
    assert parse_symbol("MC.DD/6/13/Rev.3/Corr.1").base() == "MC.DD/6/13/Rev.3"
    assert parse_symbol("MC(12).JOUR/2").base() == "MC(12).JOUR/2"


def test_year_digits():
    """Two-digit years 90-99 are 19xx, 00-89 are 20xx; year_digits says 2 or 0."""
    assert parse_symbol("MC.DEL/1/90").year == 1990
    assert parse_symbol("MC.DEL/1/00").year == 2000
    assert parse_symbol("MC.DEL/1/00").year_digits == 2
    assert parse_symbol("PC.DEC/1107").year_digits == 0


def test_decision_symbol():
    """decision_symbol builds the DEC symbol from a body and a printed number."""
    assert decision_symbol("MC", "5/11") == Symbol("MC.DEC", 5, 2011, year_digits=2)
    assert decision_symbol("PC", "1107").canonical() == "PC.DEC/1107"
    assert decision_symbol("FSC", "8/15").canonical() == "FSC.DEC/8/15"
    assert decision_symbol("Permanent Council", "1039").canonical() == "PC.DEC/1039"
    with pytest.raises(ValueError):
        decision_symbol("XYZ", "1")
    with pytest.raises(ValueError):
        decision_symbol("PC", "No. 5")


def test_journal_symbol():
    """journal_symbol builds PC/FSC journals and MC journals with their meeting."""
    assert journal_symbol("PC", 976).canonical() == "PC.JOUR/976"
    assert journal_symbol("FSC", 953, corrigendum=1).canonical() == "FSC.JOUR/953/Corr.1"
    assert journal_symbol("MC", 2, meeting=12).canonical() == "MC(12).JOUR/2"
    assert journal_symbol("MC", None, meeting=27).canonical() == "MC(27).JOUR"
    assert journal_symbol("MC", 2, meeting=12) == parse_symbol("MC(12).JOUR/2")


def test_footnote_mark_with_known_symbols():
    """A footnote digit glued onto the last field is dropped when the shortened
    symbol is known and the printed one is not; the digit stays outside the match."""
    header = "FSC.JOUR/953/Corr.11 Organization for Security and Co-operation in Europe"
    [m] = find_symbols(header, known={"FSC.JOUR/953/Corr.1"})
    assert (m.symbol.canonical(), m.printed, m.end, m.repair) == (
        "FSC.JOUR/953/Corr.1",
        "FSC.JOUR/953/Corr.1",
        19,
        "footnote mark glued on",
    )
    # a known Corr.11 is left alone
    [m] = find_symbols(header, known={"FSC.JOUR/953/Corr.1", "FSC.JOUR/953/Corr.11"})
    assert m.symbol.corrigendum == 11 and m.repair is None
    assert strip_footnote_mark(
        parse_symbol("PC.JOUR/9761"), [parse_symbol("PC.JOUR/976")]
    ) == parse_symbol("PC.JOUR/976")
    assert strip_footnote_mark(parse_symbol("PC.JOUR/9761"), []) is None
    assert strip_footnote_mark(parse_symbol("PC.DEL/1/20/Corr.1"), ["PC.DEL/1/20"]) is None


def test_footnote_mark_on_year():
    """A three-digit 'year' can only be a two-digit year with a footnote mark."""
    [m] = find_symbols("(PC.DEL/731/191)")
    assert (m.symbol.canonical(), m.printed, m.repair) == (
        "PC.DEL/731/19",
        "PC.DEL/731/19",
        "footnote mark glued on",
    )


def _found(text, **kw):
    return [
        (m.printed, m.symbol.canonical(), m.distribution, m.repair)
        for m in find_symbols(text, **kw)
    ]


def test_find_in_speaker_list():
    """Speaker lists: every symbol in order, the distribution marker inside the
    parentheses belongs to the symbol, a malformed symbol is repaired."""
    text = (
        "Germany-European Union (with ... in alignment) (PC.DEL 978/20), "
        "Russian Federation (PC.DEL/923/20), Kazakhstan, Switzerland "
        "(PC.DEL/959/20 OSCE+), Armenia (PC.DEL/953/20/Corr.1), "
        "Ukraine (FSC.DEL/25/21) (FSC.DEL/25/21/Add.1)"
    )
    assert _found(text) == [
        ("PC.DEL 978/20", "PC.DEL/978/20", None, "space instead of slash"),
        ("PC.DEL/923/20", "PC.DEL/923/20", None, None),
        ("PC.DEL/959/20 OSCE+", "PC.DEL/959/20", "OSCE+", None),
        ("PC.DEL/953/20/Corr.1", "PC.DEL/953/20/Corr.1", None, None),
        ("FSC.DEL/25/21", "FSC.DEL/25/21", None, None),
        ("FSC.DEL/25/21/Add.1", "FSC.DEL/25/21/Add.1", None, None),
    ]


def test_find_decision_citation_with_symbol_is_one_match():
    """'Decision No. 1107 (PC.DEC/1107/Corr.1)' is one document, not two: one match
    spanning citation and parenthesised symbol, with the symbol as issued."""
    text = (
        "Decision: The Permanent Council adopted Decision No. 1107 (PC.DEC/1107/Corr.1) "
        "on the Addendum. PC Journal No. 976, Agenda item 1"
    )
    assert _found(text) == [
        ("Decision No. 1107 (PC.DEC/1107/Corr.1)", "PC.DEC/1107/Corr.1", None, None),
        ("PC Journal No. 976", "PC.JOUR/976", None, None),
    ]
    assert find_symbols(text)[0].start == text.index("Decision No.")


def test_find_citation_and_disagreeing_symbol_are_two_matches():
    """A citation followed by a different symbol in parentheses gives two matches."""
    assert _found("PC Decision No. 557 (PC.DEL/12/03)") == [
        ("PC Decision No. 557", "PC.DEC/557", None, None),
        ("PC.DEL/12/03", "PC.DEL/12/03", None, None),
    ]


def test_find_line_wrapped_citation():
    """A citation and its symbol wrapped over a line break stay one match."""
    text = (
        "This Seminar will be held in accordance with FSC Decision No. 3/15\n"
        "(FSC.DEC/3/15) dated 1 July 2015."
    )
    assert _found(text) == [("FSC Decision No. 3/15\n(FSC.DEC/3/15)", "FSC.DEC/3/15", None, None)]


def test_find_prose_citations():
    """Decision citations in prose resolve to DEC symbols; body-less ones only
    with default_body; 'Decision No. N' inside a match is not found twice."""
    text = (
        "compliance with OSCE Ministerial Council Decision No. 5/11 \u201cPartners\u201d "
        "and the PC Decision No. 557, dated 24 July 2003, and Decision No. 8/15."
    )
    assert _found(text) == [
        ("OSCE Ministerial Council Decision No. 5/11", "MC.DEC/5/11", None, None),
        ("PC Decision No. 557", "PC.DEC/557", None, None),
    ]
    assert [m.symbol.canonical() for m in find_symbols(text, default_body="FSC")] == [
        "MC.DEC/5/11",
        "PC.DEC/557",
        "FSC.DEC/8/15",
    ]


def test_default_body_yields_to_printed_symbol():
    """A body-less citation followed by its symbol takes the body from the symbol,
    whatever default_body says."""
    assert _found("Decision No. 1/04 (MC.DEC/1/04)", default_body="PC") == [
        ("Decision No. 1/04 (MC.DEC/1/04)", "MC.DEC/1/04", None, None)
    ]


def test_find_page_headers_and_internal_codes():
    """Page headers: internal codes (PCOEJ1233, FSCEW2563) are skipped, the symbol
    is found, dates and times after it are not taken as parts of it."""
    assert _found("PCOEJ1233 - 2 - PC.JOUR/1233 20 June 2019") == [
        ("PC.JOUR/1233", "PC.JOUR/1233", None, None)
    ]
    assert _found("FSCEW2563\n3\u20136 p.m. - 2 - FSC.DEC/8/15\n16 December 2015") == [
        ("FSC.DEC/8/15", "FSC.DEC/8/15", None, None)
    ]
    assert _found("MC12EJ02\nMC(12).JOUR/2\nOrganization") == [
        ("MC(12).JOUR/2", "MC(12).JOUR/2", None, None)
    ]
    assert _found("in the plenary hall - 3 - MC(17).JOUR/1 1 December 2009") == [
        ("MC(17).JOUR/1", "MC(17).JOUR/1", None, None)
    ]
    assert _found("MC(27).JOUR 2 December 2020") == [("MC(27).JOUR", "MC(27).JOUR", None, None)]


def test_find_ignores_lookalikes():
    """Abbreviations, times, section numbers and 'Helsinki+40' are not symbols."""
    text = (
        "The U.S. delegation, e.g. at 10.05 a.m., cited IV.1(A)6, No. 5 and the "
        "Helsinki+40 Process (MC.DD/12/13/Rev.3);"
    )
    assert _found(text) == [("MC.DD/12/13/Rev.3", "MC.DD/12/13/Rev.3", None, None)]


def test_long_blank_runs_are_linear():
    """Separators allow blanks around the slash without quadratic backtracking:
    a symbol head followed by 200,000 blanks is scanned at once."""
    import time

    start = time.perf_counter()
    assert len(find_symbols("PC.DEL/1/20" + " " * 200_000 + "x")) == 1
    assert find_symbols("PC.DEL " + "\t" * 200_000 + "/20") == []
    assert time.perf_counter() - start < 2


# --- properties --------------------------------------------------------------

_series = st.builds(
    lambda b, k: f"{b}.{k}",
    st.sampled_from(["PC", "FSC", "MC", "SEC", "CIO", "ODIHR", "HCNM", "PA"]),
    st.sampled_from(["DEC", "DEL", "JOUR", "GAL", "DD", "INF", "FR", "ACMF", "EMI"]),
)
_small = st.none() | st.integers(1, 99)


@st.composite
def canonical_symbols(draw):
    meeting = draw(st.none() | st.integers(1, 999))
    number = draw(st.integers(1, 99999) if meeting is None else st.none() | st.integers(1, 99999))
    year = draw(st.none() | st.integers(1990, 2089)) if number is not None else None
    return Symbol(
        draw(_series),
        number,
        year,
        draw(_small),
        draw(_small),
        draw(_small),
        meeting,
        2 if year else 0,
    )


@given(canonical_symbols())
@settings(max_examples=300)
def test_canonical_round_trip(symbol):
    """For every canonical symbol s: parse_symbol(s).canonical() == s (and the
    parsed Symbol equals the one that produced s)."""
    s = symbol.canonical()
    assert parse_symbol(s).canonical() == s
    assert parse_symbol(s) == symbol


_fragments = st.sampled_from(
    [
        "PC.DEL/731/19",
        " OSCE+",
        " Restr.",
        "(",
        ")",
        " ",
        "\n",
        "/",
        "Corr.1",
        "Rev.",
        "Decision No. ",
        "5/11",
        "PC ",
        "MC(12).JOUR",
        "FSC.DEC/3/15",
        "Journal No. 976",
        "PCOEJ1233",
        "U.S.",
        "1",
        "0",
        ".",
        "Ministerial Council ",
        "PC.DEL 978/20",
    ]
)
_texts = st.text() | st.lists(_fragments | st.text(max_size=3)).map("".join)


@given(
    _texts,
    st.sampled_from([None, "PC", "FSC", "MC"]),
    st.sampled_from([None, set(), {"PC.DEL/731/1", "PC.JOUR/97", "FSC.DEC/3/1"}]),
)
@settings(max_examples=500)
def test_find_symbols_total_and_ordered(text, default_body, known):
    """On any text (with or without default_body and known) find_symbols does not
    raise and returns non-overlapping, in-order spans whose printed text is the
    text at that span."""
    matches = find_symbols(text, default_body=default_body, known=known)
    end = 0
    for m in matches:
        assert end <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.printed
        end = m.end


_citation_starts = st.sampled_from(
    [
        "OSCE ",
        "OSCE Permanent Council ",
        "Permanent\nCouncil ",
        "Ministerial  Council ",
        "Forum for Security Co-operation ",
        "FSC ",
        "MC ",
        "DECISION No.",
        "Decision\nNo. ",
        "Journal\tNo.",
        "No. 12/15",
        "A.B",
        "ABCDEFG.DEL/1",
        "PC(1).DEC",
    ]
)


def _matches(found) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in found]


@given(st.text() | st.lists(_fragments | _citation_starts | st.text(max_size=3)).map("".join))
@settings(max_examples=1000)
def test_grammar_matches_is_the_grammars_finditer(text):
    """grammar_matches, which tries the grammar only where a match can start, finds in any
    text exactly the matches (spans and groups) GRAMMAR.finditer finds."""
    assert _matches(grammar_matches(text)) == _matches(GRAMMAR.finditer(text))


def test_grammar_matches_on_the_journals():
    """On the real journals (the bundled one and the shared ones) grammar_matches finds what
    GRAMMAR.finditer finds."""
    for path in [BUNDLED, *sorted((SHARED / "journals").glob("*.txt"))]:
        text = path.read_text(encoding="utf-8")
        assert _matches(grammar_matches(text)) == _matches(GRAMMAR.finditer(text)), path.name
