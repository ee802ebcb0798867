"""A journal inside a web page, and a journal printed twice in one file, give the records of
its clean text: the site's own lines are page furniture, recognised because they do not fit
the journal's grammar where they stand; of two copies the fuller one is read, the other is
recorded as repeated text with a warning."""

from __future__ import annotations

import re

import pytest
from conftest import BUNDLED, ROOT, SHARED
from test_parse_wrapping import HEADER as WRAPPING_HEADER

from benchmarks.renderings import differences, records, twice, web_page
from build_data.extract.model import ExtractedText
from build_data.parse.document import parse_document

SHARED_JOURNALS = SHARED / "journals"
SHARED_NAMES = (
    sorted(p.stem for p in SHARED_JOURNALS.glob("*.txt"))
    if SHARED_JOURNALS.is_dir()
    else [
        "fsc-947-corr1",
        "fsc-966",
        "fsc-dec-8-15",
        "mc-12-jour-2",
        "mc-17-jour-1-b",
        "mc-2018-status-inf-a",
        "other-helsinki-1992",
        "pc-1233",
        "pc-1275",
        "pc-1305",
    ]
)
JOURNALS = ["bundled", *SHARED_NAMES]
SEEDS = range(6)


def clean_text(name: str) -> str:
    if name == "bundled":
        return BUNDLED.read_text(encoding="utf-8")
    path = SHARED_JOURNALS / f"{name}.txt"
    if not path.is_file():
        pytest.skip(
            f"{path} is absent: the shared journal excerpts are not available on this machine"
        )
    return path.read_text(encoding="utf-8")


_CLEAN: dict[str, dict] = {}


def clean_records(name: str) -> dict:
    if name not in _CLEAN:
        _CLEAN[name] = records(clean_text(name))
    return _CLEAN[name]


def assert_same_records(name: str, rendered: str) -> None:
    clean, got = clean_records(name), records(rendered)
    assert got == clean, "\n".join(differences(clean, got))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", JOURNALS)
def test_web_page_gives_the_records_of_the_clean_text(name, seed):
    """The journal with a site's lines before, between and after its paragraphs (drawn by
    the seed) gives the same records, ids included; a text that is no journal stays one
    with no records."""
    assert_same_records(name, web_page(clean_text(name), seed))


@pytest.mark.parametrize("preview_chars", (300, 900, 1800))
@pytest.mark.parametrize("name", JOURNALS)
def test_preview_then_full_text_gives_the_records_once(name, preview_chars):
    """A one-line preview cut anywhere after the meeting's date, then the full text: the
    records of the clean text, once."""
    text = clean_text(name)
    if name == "fsc-966" and preview_chars >= 1800:
        pytest.skip(
            "fsc-966 is itself printed twice: a preview of the whole file this long holds the "
            "start of its own second copy"
        )
    assert_same_records(name, twice(text, preview_chars))


@pytest.mark.parametrize("name", JOURNALS)
def test_full_text_then_preview_gives_the_records_once(name):
    """The reverse order: the full text first, a one-line preview after it."""
    if name == "fsc-966":
        pytest.skip(
            "fsc-966 is itself printed twice: a preview of the "
            "whole file holds the start of its own second copy"
        )
    assert_same_records(name, twice(clean_text(name), reverse=True))


def parse(text: str):
    lines = text.split("\n")
    return parse_document(ExtractedText("text", tuple(lines), (None,) * len(lines)))


HEADER = WRAPPING_HEADER.replace(
    "\n", "\n\n"
)  # the header of test_parse_wrapping, a paragraph per field
NEXT = "\n4. Next meeting:\n\nThursday, 20 January 1995, at 10 a.m., in the Neuer Saal\n"
# Site lines of no site the code knows: none of them is in build_data/ or benchmarks/.
UNKNOWN_SITE_LINES = (
    "Tap to zoom",
    "Ask a question about this file",
    "Views this week 42",
    "Saved to your reading list",
    "Open in the reader app",
)


def test_the_site_lines_of_these_tests_are_in_no_list_of_the_code():
    """The rule is the journal's grammar, not a list of known strings: the site lines used
    below appear nowhere in the code or the generator."""
    code = "\n".join(
        p.read_text(encoding="utf-8")
        for d in ("build_data", "benchmarks")
        for p in (ROOT / d).rglob("*.py")
    )
    assert [s for s in UNKNOWN_SITE_LINES if s.lower() in code.lower()] == []


def site_rows(doc) -> list[tuple[int, str]]:
    return [(f.span.start, f.text) for f in doc.furniture if f.kind == "site_boilerplate"]


def numbered(text: str) -> dict[str, int]:
    return {ln: i for i, ln in enumerate(text.split("\n"), start=1) if ln.strip()}


def test_site_lines_before_the_header_are_furniture():
    """Lines before the journal's first header line (symbol, organisation, 'Chairmanship:',
    title in capitals, '1. Date') are the site's, the title in other casing included."""
    text = (
        "2nd Plenary Meeting Of The Council\nTap to zoom\n\nViews this week 42\n\n"
        + HEADER
        + "Agenda item 1: CURRENT ISSUES\n\nCanada, France\n"
        + NEXT
    )
    doc = parse(text)
    assert site_rows(doc) == [
        (1, "2nd Plenary Meeting Of The Council"),
        (2, "Tap to zoom"),
        (4, "Views this week 42"),
    ]
    assert (doc.header.title, doc.header.date, doc.header.chairpersons) == (
        "2nd PLENARY MEETING OF THE COUNCIL",
        "1995-01-13",
        ("Ambassador A. Bcd",),
    )


def test_site_line_in_the_header_is_furniture():
    """A paragraph of the header region that holds no field (label, symbol, date, title in
    capitals, body) and continues no note is the site's: the chairperson stays whole."""
    text = (
        HEADER.replace("3. Subjects", "Saved to your reading list\n\n3. Subjects")
        + "Agenda item 1: CURRENT ISSUES\n\nCanada\n"
        + NEXT
    )
    doc = parse(text)
    n = numbered(text)
    assert site_rows(doc) == [(n["Saved to your reading list"], "Saved to your reading list")]
    assert doc.header.chairpersons == ("Ambassador A. Bcd",)


def test_site_lines_inside_a_speaker_list_between_pages_are_furniture():
    """A list broken by a page break goes on after the page's furniture; a site's lines
    standing there are no names (a lower-case word, a digit) and no continuation of the
    list: no speaker, no alignment, and the parenthesis keeps its whole list."""
    text = (
        HEADER
        + (
            "Agenda item 1: CURRENT ISSUES\n\nCanada, Portugal-European Union "
            "(with Albania and\n\n- 2 - PC.JOUR/2\n\nOpen in the reader app\n"
            "Views this week 42\n\nMontenegro, in alignment), France\n\n"
            "Ask a question about this file\n\n(PC.DEL/3/95)\n"
        )
        + NEXT
    )
    doc = parse(text)
    (item,) = doc.agenda_items
    assert [(e.label, e.parentheticals) for e in item.entries] == [
        ("Canada", ()),
        ("Portugal-European Union", ("with Albania and Montenegro, in alignment",)),
        ("France", ("PC.DEL/3/95",)),
    ]
    n = numbered(text)
    assert site_rows(doc) == [
        (n[s], s)
        for s in ("Open in the reader app", "Views this week 42", "Ask a question about this file")
    ]
    assert doc.agenda_items[0].notes == ()


def test_site_lines_between_items_and_after_a_decision_notice_are_furniture():
    """Between an item and its speakers, and after a decision notice, a site's lines are
    neither speakers nor notes; a lone name right before a speaker list is no speaker either."""
    text = (
        HEADER
        + (
            "Agenda item 1: DECISION ON THE BUDGET\n\nTap to zoom\n\nChairperson\n\n"
            "Decision: The Permanent Council adopted Decision No. 5 (PC.DEC/5) on the budget, the "
            "text of which is appended to this journal.\n\n"
            "2nd plenary meeting of the council\n\nCanada, France (PC.DEL/4/95)\n"
        )
        + NEXT
    )
    doc = parse(text)
    (item,) = doc.agenda_items
    assert [e.label for e in item.entries] == ["Chairperson", "Canada", "France"]
    assert [d.number for d in item.decisions] == ["5"] and item.notes == ()
    assert [t for _, t in site_rows(doc)] == ["Tap to zoom", "2nd plenary meeting of the council"]


def test_a_list_with_an_odd_entry_among_names_is_kept_whole():
    """A speaker list is judged as a whole: one entry that is no name ('3rd delegation', a
    garbled or blanked label) among names does not make the list the site's; the journal's
    own '(976th Plenary Meeting)' on a paragraph of its own is a header line."""
    text = (
        HEADER.replace(
            "2nd PLENARY MEETING OF THE COUNCIL",
            "SPECIAL MEETING OF THE PERMANENT COUNCIL\n\n(2nd Plenary Meeting)",
        )
        + (
            "Agenda item 1: CURRENT ISSUES\n\nChairperson\n\nDecision: The Permanent Council "
            "adopted Decision No. 5 (PC.DEC/5) on the budget.\n\nCanada, 3rd delegation, Turkey\n"
        )
        + NEXT
    )
    doc = parse(text)
    assert [e.label for e in doc.agenda_items[0].entries] == [
        "Chairperson",
        "Canada",
        "3rd delegation",
        "Turkey",
    ]
    assert (site_rows(doc), doc.header.kind, doc.header.meeting_number) == ([], "special", 2)


def test_site_lines_after_the_last_decision_are_furniture():
    """After the last paragraph of the last decision, a site's short lines that end no
    sentence and do not run on are not decision paragraphs; between two paragraphs of a
    decision they are not part of either."""
    text = BUNDLED.read_text(encoding="utf-8")
    assert text.rstrip().endswith("the adoption of the above-mentioned documents.")
    clean = parse(text)
    extra = text.replace(
        "\nRecalling the 2011", "\nTap to zoom\nViews this week 42\n\nRecalling the 2011", 1
    ).rstrip("\n") + ("\n\nAsk a question about this file\nSaved to your reading list\n")
    doc = parse(extra)
    assert [
        (d.number, [p.text for p in d.paragraphs], len(d.action_items)) for d in doc.decisions
    ] == [(d.number, [p.text for p in d.paragraphs], len(d.action_items)) for d in clean.decisions]
    assert sorted(t for _, t in site_rows(doc)) == sorted(
        UNKNOWN_SITE_LINES[1:4] + ("Tap to zoom",)
    )


def test_every_line_is_accounted_for():
    """Each line of a web page is the journal's (parsed) or in page furniture: the site's
    lines are rows, not lost."""
    text = web_page(BUNDLED.read_text(encoding="utf-8"), 3)
    doc = parse(text)
    furniture_lines = {n for f in doc.furniture for n in range(f.span.start, f.span.end + 1)}
    site_texts = {f.text for f in doc.furniture if f.kind == "site_boilerplate"}
    journal = set(BUNDLED.read_text(encoding="utf-8").split("\n"))
    site_like = [
        (i, ln)
        for i, ln in enumerate(text.split("\n"), start=1)
        if ln.strip() and ln not in journal
    ]
    assert [(i, ln) for i, ln in site_like if i not in furniture_lines] == []
    assert site_texts >= {
        re.sub(r"\*\*", "", ln) for _, ln in site_like if not re.fullmatch(r"\d+", ln)
    }


def test_the_other_copy_is_repeated_text_with_a_warning():
    """Of a one-line preview cut mid-text and the full text, the full text is read; the
    preview is one repeated_text furniture row, with a 'repeated-text' warning."""
    text = twice(BUNDLED.read_text(encoding="utf-8"), 700)
    doc = parse(text)
    preview = text.split("\n")[0]
    words = lambda t: t.replace("**", "").split()  # noqa: E731 (the text as parsed: emphasis marks taken out)
    assert [
        (f.span.start, f.span.end, words(f.text))
        for f in doc.furniture
        if f.kind == "repeated_text"
    ] == [(1, 1, words(preview))]
    assert [(i.level, i.code) for i in doc.issues if i.code == "repeated-text"] == [
        ("warning", "repeated-text")
    ]
    assert [d.number for d in doc.decisions] == ["1107", "1108"]


def test_two_sessions_on_one_day_are_not_copies():
    """Two sittings of an MC journal on the same date differ in their times: both are read."""
    body = (
        "3. Subjects discussed — Statements — Decisions:\n\nAgenda item 1: OPENING\n\n"
        "Chairperson\n\n4. Next meeting:\n\nTuesday, 7 December 2004, at 3 p.m.\n\n"
    )
    text = (
        "MC(12).JOUR/2 Organization for Security and Co-operation in Europe 7 December 2004 "
        "Ministerial Council\n\n2nd DAY OF THE TWELFTH MEETING OF THE MINISTERIAL COUNCIL\n\n"
        "3rd PLENARY MEETING (CLOSED)\n\n1. Date: Tuesday, 7 December 2004\n\n"
        "Opened: 9.35 a.m.\n\nClosed: 1 p.m.\n\n2. Chairperson: H.E. Dr. A. Bcd\n\n"
        + body
        + (
            "4th PLENARY MEETING (OPEN)\n\n1. Date: Tuesday, 7 December 2004\n\n"
            "Opened: 3 p.m.\n\nClosed: 6 p.m.\n\n2. Chairperson: H.E. Dr. A. Bcd\n\n"
        )
        + body
    )
    doc = parse(text)
    assert [f.kind for f in doc.furniture if f.kind == "repeated_text"] == []
    assert [s.header.opened for s in doc.sessions] == ["15:00"] and doc.header.opened == "09:35"


def test_site_rules_run_in_linear_time():
    """A page of a hundred thousand site lines and a journal takes no longer per line than
    a small one (no pattern backtracks over the text)."""
    import time

    small = web_page(BUNDLED.read_text(encoding="utf-8"), 1)
    big = small.replace(
        "\n\nAgenda item 3:",
        "\n\n"
        + "\n\n".join(f"Open in the reader app {i}" for i in range(20000))
        + "\n\nAgenda item 3:",
        1,
    )
    t0 = time.perf_counter()
    parse(small)
    t1 = time.perf_counter()
    doc = parse(big)
    t2 = time.perf_counter()
    assert len(site_rows(doc)) > 20000
    assert (t2 - t1) / len(big) < 20 * (t1 - t0) / len(small)
