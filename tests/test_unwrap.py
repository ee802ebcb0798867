"""Hard-wrapped text joined again (build_data/parse/unwrap.py): whole lines, with the span
of the physical lines each was joined from."""

from __future__ import annotations

import pytest

from benchmarks.renderings import hard_wrapped
from build_data.extract.text import extract_text
from build_data.parse.lines import content_lines
from build_data.parse.records import Line
from build_data.parse.split import split_lines


def lines_of(text: str) -> list[Line]:
    extracted, _ = extract_text(text.encode("utf-8"))
    return content_lines(extracted)


CLEAN = """\
Agenda item 1: REPORT BY THE HEAD OF THE OSCE MISSION TO SKOPJE
Chairperson, Head of the OSCE Mission to Skopje, Romania-European Union (with the candidate countries Albania and Montenegro, in alignment) (PC.DEL/744/19), Turkey (PC.DEL/732/19 OSCE+), Canada
Agenda item 2: DECISION ON FORWARDING OF DRAFT DOCUMENTS TO THE MINISTERIAL COUNCIL
Chairperson
Decision: The Permanent Council adopted Decision No. 1108 (PC.DEC/1108) on forwarding of draft documents to the Ministerial Council, the text of which is appended to this journal.
1. Criminalizing and prosecuting all forms of THB
 - 1.1 Taking necessary measures for the criminalization of all forms of trafficking, and for the full implementation of relevant national legislation;
 - 1.2 Enhancing the criminal justice responses to human trafficking;
"""


@pytest.mark.parametrize("width", [40, 48, 64, 80])
def test_wrapped_lines_are_joined_where_the_wrapper_cut_them(width):
    """Hard-wrapped at a width, the text gives the logical lines of its clean text: each line cut
    because the next word would not have fitted is joined to the one it was cut from, and a line
    that starts a block (the Chairperson's list after a title, a numbered heading, an action) starts
    a line of its own (a field label joined by a cut before it, such as 'Decision:', is cut again by
    split_lines)."""
    got = split_lines(lines_of(hard_wrapped(CLEAN, width)))
    assert [ln.text for ln in got] == [ln.text for ln in split_lines(lines_of(CLEAN))]


def test_a_joined_line_spans_the_physical_lines_it_came_from():
    """Provenance: a joined line's span runs from the first physical line to the last."""
    wrapped = hard_wrapped(CLEAN, 64)
    assert [(ln.no, ln.last) for ln in lines_of(wrapped)] == _spans(wrapped)


def _spans(wrapped: str) -> list[tuple[int, int]]:
    """(first, last) physical line of each clean line in the wrapped text: a clean line
    starts where a wrapped line starts with its first words."""
    starts = [
        n
        for n, ln in enumerate(wrapped.splitlines(), start=1)
        if any(
            " ".join(ln.split()) == " ".join(c.split())[: len(" ".join(ln.split()))]
            for c in CLEAN.splitlines()
        )
    ]
    return list(
        zip(starts, [s - 1 for s in starts[1:]] + [len(wrapped.splitlines())], strict=False)
    )


def test_a_text_with_short_lines_of_its_own_is_not_unwrapped():
    """A journal printed one field per line is not a wrapped text: its lines stay as they are."""
    text = (
        "Chairmanship: Ukraine\n1. Date: Friday, 6 December 2013\nOpened: 3 p.m.\n"
        "Closed: 3.25 p.m.\n2. Chairperson: Ambassador I. Prokopchuk\n"
    )
    assert [(ln.no, ln.end, ln.text) for ln in lines_of(text)] == [
        (n, 0, t) for n, t in enumerate(text.splitlines(), start=1)
    ]
