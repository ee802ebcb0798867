"""Properties of the parser: it never raises, and every non-blank line of any input,
arbitrary or a real journal cut anywhere, is accounted for by a record or an issue."""

from __future__ import annotations

from pathlib import Path

from conftest import BUNDLED, SHARED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_data.assemble import uncovered_lines
from build_data.extract.model import ExtractedText
from build_data.normalize.actors import load_registry
from build_data.parse.document import parse_document
from build_data.read import read_source

REAL = [BUNDLED.read_text(encoding="utf-8")] + [
    p.read_text(encoding="utf-8") for p in sorted((SHARED / "journals").glob("*.txt"))
]
WORDS = st.sampled_from(
    [
        "1. Date:",
        "Opened:",
        "Suspended:",
        "Resumed:",
        "Closed:",
        "2. Chairperson:",
        "3. Subjects discussed – Statements – Decisions/documents adopted:",
        "Agenda item 1:",
        "4. Next meeting:",
        "Decision:",
        "Point of order:",
        "(a)",
        "(",
        ")",
        ",",
        "PC.DEL/1/19 OSCE+",
        "Canada",
        "Chairperson",
        "PCOEJ1 - 2 - PC.JOUR/1 1 June 2019",
        "10.05 a.m.",
        "Thursday, 20 June 2019",
        "DECISION No. 8/15",
        "MC(17).JOUR/1",
        "OPENING SESSION (OPEN)",
        "1233rd PLENARY MEETING OF THE COUNCIL",
        "-European Union (with",
        "in alignment)",
        "(Annex 1)",
        "\n",
        " ",
        "x",
    ]
)


def _text(draw_words: list[str]) -> str:
    return " ".join(draw_words)


def _accounted(tmp_path: Path, text: str) -> None:
    path = tmp_path / "cut.txt"
    path.write_text(text, encoding="utf-8")
    result = read_source(path, load_registry(), ocr=False)
    assert uncovered_lines(result) == set()


def _parse(text: str) -> None:
    """The text parses, and every span the document reports (journal, page furniture,
    issues) lies within its lines."""
    raw = text.splitlines()
    doc = parse_document(ExtractedText("text", raw, [None] * len(raw)))
    spans = [f.span for f in doc.furniture] + [i.span for i in doc.issues]
    spans += [doc.journal_span] if doc.journal_span else []
    assert [s for s in spans if not 1 <= s.start <= s.end <= len(raw)] == []


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(text):
    """Any text parses without an exception, its spans inside the text."""
    _parse(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=60))
def test_journal_like_text_never_raises(words):
    """Text made of the journal's own words parses without an exception, its spans inside
    the text."""
    _parse(_text(words))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(range(len(REAL))),
    st.integers(min_value=0, max_value=40000),
    st.integers(min_value=0, max_value=40000),
)
def test_real_journals_cut_anywhere_are_accounted_for(tmp_path, which, a, b):
    """A real journal cut at any two places: every non-blank line is in a record or an issue."""
    text = REAL[which]
    start, end = sorted((a % (len(text) + 1), b % (len(text) + 1)))
    _accounted(tmp_path, text[start:end])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(WORDS, max_size=60))
def test_journal_like_text_is_accounted_for(tmp_path, words):
    """Text made of the journal's own words: every non-blank line is in a record or an issue."""
    _accounted(tmp_path, _text(words))
