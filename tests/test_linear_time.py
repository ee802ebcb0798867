"""Reading runs in linear time on any text (issue 13, point 5).

Hostile lines are built from the journal's own vocabulary (the beginnings of the bundled
journal's lines and the labels the parser knows) followed by a long run of one unit
(Unicode spaces, letters, digits, punctuation or a word) and a short ending. Each line is
made at two lengths, four times apart; the time must grow about four times, not sixteen
(quadratic) or more: the test asserts the ratio of the two CPU times, never a duration.

- every regular expression of build_data's parse, normalize and extract stages, with
  match, search and finditer, on lines of 4,000 and 16,000 characters;
- a whole file (read, parsed, normalized): the bundled journal with the hostile line put
  in its header, its agenda or its appendix, at 256 KB and 1 MB.

The issue's reproductions are explicit examples: `By the delegation of A` + ideographic
spaces (U+3000) + `b:`, `Agenda item 3: ` + `A`... + `b`, and a long Chairperson line.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import signal
import time
from contextlib import contextmanager

import pytest
from conftest import BUNDLED
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from build_data.extract.model import ExtractedText
from build_data.extract.paging import HYPHENATED_RE, TOKEN, _hyphenated
from build_data.normalize import symbols
from build_data.normalize.actors import _PARENTHETICAL_AFTER, load_registry
from build_data.normalize.builder import SourceInfo
from build_data.normalize.document import normalize_document
from build_data.parse.agenda import TITLE_WORD_RE
from build_data.parse.document import parse_document

pytestmark = pytest.mark.slow

JOURNAL = BUNDLED.read_text(encoding="utf-8").splitlines()
LABELS = [
    "By the delegation of A",
    "By the delegations of",
    "Agenda item 3: ",
    "2. Chairperson: ",
    "2. Chairperson: Ambassador",
    "1. Date: ",
    "Opened: ",
    "3. Subjects discussed",
    "4. Next meeting: ",
    "Decision: ",
    "Decision No. 1 ",
    "DECISION No. 1",
    "(a) ",
    "Annex ",
    "Attachment 1",
    "- 2 - PC.JOUR/976 ",
    "Presentation by ",
    "The ",
    "with ",
    "on behalf of ",
    "interpretative statement",
    "European Union",
    "in the ",
    "at the ",
    "1st ",
    "MEETING OF THE ",
    "Chairperson",
    "Original: ",
    "PC Journal No. 1",
    "addressed the Council",
    "H.E. ",
    "Mr. ",
    "A. ",
]
VOCABULARY = sorted(
    set(LABELS)
    | {" ".join(line.split()[:k]) + " " for line in JOURNAL if line.strip() for k in (1, 2, 4)}
)
UNITS = [
    " ",
    "\u3000",
    "\u00a0",
    "\t",
    "\u2003",
    "A",
    "a",
    "é",
    "Ж",
    "1",
    ".",
    ",",
    ":",
    "-",
    "–",
    "(",
    ")",
    "/",
    "’",
    "*",
    "A ",
    "a ",
    "A.",
    "1.",
    "1 ",
    " -",
    "Ab ",
    "of ",
    "H.E. ",
    "Ambassador ",
    "(a)",
    "1st ",
    "\u3000:",
    " :",
    "A-",
    "A/",
    "p.m. ",
    "interpretative statement ",
]
ENDINGS = ["", "b", "b:", ":", ".", ")", "(", " ", "1", "\u3000"]
RATIO = 8  # a linear time grows about 4 times for 4 times the text, a quadratic one 16 times


def modules():
    for stage in ("parse", "normalize", "extract"):
        package = importlib.import_module(f"build_data.{stage}")
        for m in pkgutil.iter_modules(package.__path__):
            yield importlib.import_module(f"build_data.{stage}.{m.name}")


def _patterns(value):
    if isinstance(value, re.Pattern):
        yield value
    elif isinstance(value, (list, tuple, dict)):
        for v in value.values() if isinstance(value, dict) else value:
            yield from _patterns(v)


# Patterns the code only matches at a given position (match, fullmatch), never searches:
# they are timed as they are used.
ANCHORED = {
    TITLE_WORD_RE,
    TOKEN,
    _PARENTHETICAL_AFTER,
    symbols._PAREN_AFTER_CITE,
    symbols._CLOSE_PAREN,
    symbols._SPACE_FOR_SLASH,
}
# Patterns searched only through a function that starts the search where a match can begin.
SEARCHED_BY = {HYPHENATED_RE: _hyphenated}
PATTERNS = sorted(
    {
        (p.pattern, p.flags): p
        for mod in modules()
        for v in vars(mod).values()
        for p in _patterns(v)
    }.values(),
    key=lambda p: p.pattern,
)


@contextmanager
def at_most(seconds: float, what: str):
    """Fail (instead of hanging) when the body runs longer than seconds: the regular
    expression engine and the parser check for signals."""

    def stop(*_):
        raise AssertionError(f"{what} ran for more than {seconds} s: not linear")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def seconds(run, text: str, repeat: int = 3) -> float:
    """The least CPU time of this thread over `repeat` runs: the time other processes of a
    busy machine take from it is not counted (a wall clock on a loaded machine varied by
    more than the factor measured)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.thread_time()
        run(text)
        best = min(best, time.thread_time() - t0)
    return best


def grows_linearly(run, make, small: int, what: str, floor: float) -> None:
    """run on make(small) and make(4 * small): the time ratio is at most RATIO (times
    under `floor` seconds at the larger size are too small to mean anything)."""
    with at_most(60, what):
        t_small, t_large = seconds(run, make(small)), seconds(run, make(4 * small))
    assert t_large < floor or t_large <= RATIO * t_small, (
        f"{what}: {t_small * 1000:.1f} ms, then {t_large * 1000:.1f} ms for 4 times the text"
    )


def line(prefix: str, unit: str, ending: str):
    return lambda size: prefix + unit * (size // len(unit)) + ending


def scan(pattern: re.Pattern):
    def run(text: str) -> None:
        pattern.match(text)
        pattern.fullmatch(text)
        if pattern in ANCHORED:
            return
        if pattern in SEARCHED_BY:
            SEARCHED_BY[pattern](text)
            SEARCHED_BY[pattern](text + "-")
            return
        pattern.search(text)
        for _ in pattern.finditer(text):
            pass

    return run


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    prefix=st.sampled_from(VOCABULARY), unit=st.sampled_from(UNITS), ending=st.sampled_from(ENDINGS)
)
@example(prefix="By the delegation of A", unit="\u3000", ending="b:")
@example(prefix="Agenda item 3: ", unit="A", ending="b")
@example(prefix="(a) ", unit=" ", ending="")
@example(prefix="2. Chairperson: ", unit="Ambassador ", ending="")
@example(prefix="", unit=" ", ending="")
@example(prefix="", unit="1", ending="")
@example(prefix="", unit="A", ending="b")
@example(prefix="in the ", unit=" ", ending="b")
@example(prefix="Annex ", unit=" ", ending="b")
@example(prefix="", unit="interpretative statement ", ending="")
def test_every_pattern_is_linear(prefix, unit, ending):
    """Every pattern (match, fullmatch, search, finditer; only the first two for those the code
    never searches, and the code's own search for HYPHENATED_RE) takes at most RATIO times as long
    on a hostile line four times as long."""
    make = line(prefix, unit, ending)
    for pattern in PATTERNS:
        grows_linearly(
            scan(pattern), make, 4_000, f"{pattern.pattern[:80]!r} on {make(40)!r}...", floor=0.02
        )


REGISTRY = load_registry()
PLACES = {
    "header": JOURNAL.index("2. Chairperson: Ambassador I. Prokopchuk"),
    "agenda": JOURNAL.index("Chairperson"),
    "appendix": JOURNAL.index("By the delegation of the Russian Federation:"),
}


def read_journal_with(hostile: str, place: str) -> None:
    """Parse and normalize the bundled journal with its line at `place` replaced by hostile."""
    at = PLACES[place]
    lines = (*JOURNAL[:at], hostile, *JOURNAL[at + 1 :])
    extracted = ExtractedText("text", lines, tuple(None for _ in lines))
    doc = parse_document(extracted)
    normalize_document(
        SourceInfo("x", "x.txt", "0" * 64, "text", "utf-8", 0, len(lines)), doc, REGISTRY
    )


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    prefix=st.sampled_from(VOCABULARY),
    unit=st.sampled_from(UNITS),
    ending=st.sampled_from(ENDINGS),
    place=st.sampled_from(sorted(PLACES)),
)
@example(prefix="By the delegation of A", unit="\u3000", ending="b:", place="appendix")
@example(prefix="Agenda item 3: ", unit="A", ending="b", place="agenda")
@example(prefix="2. Chairperson: ", unit="Ambassador ", ending="", place="header")
@example(prefix="2. Chairperson: Ambassador", unit="\u3000", ending="X", place="header")
def test_a_hostile_line_in_a_journal_is_read_in_linear_time(prefix, unit, ending, place):
    """Reading the journal with one hostile line of 1 MB takes at most RATIO times as long
    as with the same line at 256 KB."""
    make = line(prefix, unit, ending)
    grows_linearly(
        lambda text: read_journal_with(text, place),
        make,
        256_000,
        f"the journal with {make(40)!r}... in its {place}",
        floor=0.05,
    )
