"""A journal whose '4. Next meeting' is lost (a line a scan or an extraction dropped, or one
printed otherwise) but whose appended documents are there: its agenda ends where they begin
(their heading, 'PC Journal No. 976, Agenda item 1'), so every record is the whole text's
but the next meeting's date, time and place; before, the appended decisions were read as
speakers of the last agenda item (hundreds of made-up statements) and lost their
paragraphs and action items."""

from __future__ import annotations

import re

import pytest

from benchmarks import synth
from benchmarks.renderings import TEXT_RENDERINGS, clean_texts, differences, records
from build_data.normalize.actors import load_registry
from build_data.read import read_source

BUNDLED = clean_texts()["bundled"]
# The label, and its value on the same line or on the next one (after a blank line or not).
NEXT_RE = re.compile(r"^4\.\s*Next meeting:(?:[ \t]*\S[^\n]*\n|[ \t]*\n\n?[^\n]+\n)", re.MULTILINE)
HEADING_RE = re.compile(r"^(?:PC|FSC|MC\(\d+\)) Journal No\. \d+, Agenda item \d+$", re.MULTILINE)
NEXT_FIELDS = {"next_meeting_date", "next_meeting_time", "next_meeting_place"}
# As in test_renderings: with no line breaks, the statements' paragraph breaks are lost.
PARAGRAPH_BREAKS_LOST = {"one-line-per-page", "no-line-breaks"}


def without_next(text: str) -> str:
    """The text without its last '4. Next meeting' (an MC day's earlier sessions keep theirs)."""
    *_, last = NEXT_RE.finditer(text)
    return text[: last.start()] + text[last.end() :]


def no_next_meeting(recs: dict) -> dict:
    """The records without the meetings' next meeting fields (the one whose label is lost
    has none, and 'To be announced' gives none either)."""
    out = dict(recs)
    out["meetings"] = sorted(
        (tuple((k, v) for k, v in row if k not in NEXT_FIELDS) for row in recs["meetings"]),
        key=repr,
    )
    return out


def _synthetic_with_appendix(count: int) -> list[str]:
    texts = []
    for m in synth.iter_meetings(0, 200):
        text = synth.journal_text(m)
        if HEADING_RE.search(text) and NEXT_RE.search(text):
            texts.append(text)
        if len(texts) == count:
            break
    return texts


SYNTHETIC = _synthetic_with_appendix(8)


def test_the_cases_hold_appended_documents_of_every_body():
    bodies = {HEADING_RE.search(t).group(0).split()[0][:2] for t in [BUNDLED, *SYNTHETIC]}
    assert len(SYNTHETIC) == 8 and bodies >= {"PC", "FS"}


@pytest.mark.parametrize("k", range(len(SYNTHETIC) + 1), ids=["bundled", *map(str, range(8))])
def test_a_journal_without_its_next_meeting_gives_every_other_record(tmp_path, k):
    text = [BUNDLED, *SYNTHETIC][k]
    cut = without_next(text)
    assert NEXT_RE.search(cut) is None or len(NEXT_RE.findall(text)) > 1
    want, got = records(text), records(cut)
    dates = lambda recs: [dict(r)["next_meeting_date"] for r in recs["meetings"]]  # noqa: E731
    assert len([d for d in dates(got) if d]) >= len([d for d in dates(want) if d]) - 1
    want, got = no_next_meeting(want), no_next_meeting(got)
    assert got == want, "\n".join(differences(want, got))

    path = tmp_path / "journal.txt"
    path.write_text(cut, encoding="utf-8")
    issues = read_source(path, load_registry(), ocr=False).as_dicts()["parse_issues"]
    codes = [(i["level"], i["code"]) for i in issues]
    assert ("warning", "next-meeting-missing") in codes
    assert not {"error"} & {level for level, _ in codes}, codes
    (missing,) = [i for i in issues if i["code"] == "next-meeting-missing"]
    # it names the first line of the first appended document: its heading or a header line
    # above it (its symbol, date, '976th Plenary Meeting')
    heading = cut[: HEADING_RE.search(cut).start()].count("\n") + 1
    assert heading - 8 <= missing["line_start"] <= heading


@pytest.mark.parametrize(
    "rendering", [r for r in TEXT_RENDERINGS if r not in PARAGRAPH_BREAKS_LOST]
)
def test_every_rendering_of_a_journal_without_its_next_meeting_gives_its_records(rendering):
    cut = without_next(BUNDLED)
    want, got = records(cut), records(TEXT_RENDERINGS[rendering](cut))
    assert got == want, "\n".join(differences(want, got))


@pytest.mark.parametrize("start", ["1. Date", "Agenda item 2:"], ids=["head-lost", "page-2"])
def test_a_journal_damaged_twice_without_its_next_meeting(start):
    """Without its head or first page too, the text gives what it gives with its next
    meeting, but the next meeting: its agenda items, decisions and their action items."""
    text = BUNDLED[BUNDLED.index(start) :]
    want, got = no_next_meeting(records(text)), no_next_meeting(records(without_next(text)))
    assert got == want, "\n".join(differences(want, got))
    assert len(got["action_items"]) == 52


def test_a_truncated_journal_without_appended_documents_is_still_truncated(tmp_path):
    """With neither its next meeting nor an appended document, the text ends inside the
    journal: the last agenda item is incomplete, as before."""
    cut = without_next(BUNDLED)
    cut = cut[: cut.index("\n976th Plenary Meeting\n")]
    path = tmp_path / "journal.txt"
    path.write_text(cut, encoding="utf-8")
    codes = {
        i["code"] for i in read_source(path, load_registry(), ocr=False).as_dicts()["parse_issues"]
    }
    assert "truncated" in codes and "next-meeting-missing" not in codes


def test_a_citation_of_a_journal_in_the_agenda_does_not_end_it():
    """'PC Journal No. 975, Agenda item 3' cited inside a sentence of an agenda item is no
    heading: only a line it opens is."""
    text = without_next(BUNDLED).replace(
        "Agenda item 3: REVIEW OF CURRENT ISSUES\n\nNone",
        "Agenda item 3: REVIEW OF CURRENT ISSUES\n\nChairperson (see PC Journal No. 975, "
        "Agenda item 3)",
    )
    got = records(text)
    assert {dict(r)["number"] for r in got["agenda_items"]} == {1, 2, 3, 4}
    assert len(got["action_items"]) == 52


def _label_only_lost(text: str) -> str:
    """The text without the label of its last '4. Next meeting' (its value kept)."""
    *_, last = re.finditer(r"^4\. Next meeting:[ \t]*\n", text, re.MULTILINE)
    return text[: last.start()] + text[last.end() :]


@pytest.mark.parametrize("k", range(len(SYNTHETIC) + 1), ids=["bundled", *map(str, range(8))])
@pytest.mark.parametrize("damage", ["label-lost", "label-misread"])
def test_the_next_meeting_is_read_when_only_its_label_is_lost_or_misread(tmp_path, k, damage):
    """The label lost, its value (a date and a time right before the appended documents) is
    still the next meeting's; misread by OCR ('4. Ncxt meeting:'), the label is still read.
    Every record is the whole text's, next meeting included."""
    text = [BUNDLED, *SYNTHETIC][k]
    if damage == "label-lost":
        if not re.search(r"^4\. Next meeting:[ \t]*\n", text, re.MULTILINE):
            pytest.skip("the value is on the label's line")
        cut, code = _label_only_lost(text), "next-meeting-missing"
    else:
        *_, last = NEXT_RE.finditer(text)
        cut = text[: last.start()] + "4. Ncxt meeting:" + text[last.start() + 16 :]
        code = "next-meeting-misread"
    want, got = records(text), records(cut)
    assert got == want, "\n".join(differences(want, got))
    path = tmp_path / "journal.txt"
    path.write_text(cut, encoding="utf-8")
    issues = read_source(path, load_registry(), ocr=False).as_dicts()["parse_issues"]
    assert ("warning", code) in [(i["level"], i["code"]) for i in issues]


def test_a_heading_run_into_its_plenary_line_still_ends_the_agenda():
    """'976th Plenary Meeting PC Journal No. 976, Agenda item 1' on one line (a two-column
    header read across) is the appended document's heading all the same."""
    glued = BUNDLED.replace(
        "976th Plenary Meeting\n\nPC Journal No. 976, Agenda item 1",
        "976th Plenary Meeting PC Journal No. 976, Agenda item 1",
    )
    assert glued != BUNDLED
    want, got = no_next_meeting(records(glued)), no_next_meeting(records(without_next(glued)))
    assert got == want, "\n".join(differences(want, got))
    assert len(got["action_items"]) == 52
