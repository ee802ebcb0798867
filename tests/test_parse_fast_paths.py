"""Issue 17: the parser's fast paths give the results of the slow paths they stand for.

A first-character lookahead in front of a pattern ('(?=[\\dMTWFS])' before a date) only
tells the regex engine where a match can start, and a substring test in front of a search
('Journal' or 'DECISION' before the start of the appended decisions) only spares lines that
cannot match. So do the other fast forms: a boundary matched with the white space before
it, several patterns joined into one, a word or a character looked at before a pattern or a
join, the wrap cuts measured once. Each is proved or compared here: the lookahead's class
holds every character a match can start with (read from the pattern's parse tree), and on
every line of every rendering of the journals (benchmarks/renderings.py) each fast form
gives exactly what its slow form gives (matches with their groups, or the answer).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import cache
from re import _constants as C  # the parse tree's opcodes (no public API reads a pattern)
from re import _parser as sre_parse

import pytest

import build_data.parse
from benchmarks.renderings import TEXT_RENDERINGS, clean_texts
from build_data.extract.text import extract_text
from build_data.parse.after_journal import (
    ATTACHMENT_RE,
    DECISION_TITLE_RE,
    DELEGATION_RE,
    STATEMENT_TITLE_RE,
    _is_header_line,
)
from build_data.parse.agenda import (
    DECISION_START_RE,
    ITEM_RE,
    LIST_KINDS,
    NONE_RE,
    PRESENTATION_RE,
)
from build_data.parse.decision_text import CHAPEAU_RE
from build_data.parse.footnotes import FOOTNOTE_RE
from build_data.parse.furniture import INTERNAL_CODE_RE, KIND_RE
from build_data.parse.lines import clean, content_lines
from build_data.parse.meeting_header import (
    MC_DAY_RE,
    MC_SESSION_RE,
    NEXT_RE,
    _may_hold_mc_day,
    _may_hold_mc_session,
)
from build_data.parse.paragraphs import ASCII_LOWER_RE, is_upper_title, starts_block
from build_data.parse.records import Line
from build_data.parse.site import (
    ORDINAL_SUFFIX_RE,
    SENTENCE_RE,
    SUB_ITEM_START_RE,
    _agenda_line,
    _bad_agenda_block,
    _in_capitals,
    _other_casing,
    _structural,
)
from build_data.parse.split import (
    APPENDIX_BEFORE,
    APPENDIX_RE,
    APPENDIX_START_RE,
    BOUNDARY_OR_FOOTNOTE_RE,
    INLINE_FOOTNOTE_RE,
    STRUCTURAL_RE,
    _may_start_appendix,
    split_lines,
)
from build_data.parse.unwrap import (
    NUMBERED_START_RE,
    STANDS_ALONE_RE,
    WIDEST_WRAP,
    WRAPPED_SHARE,
    _widest,
    wrap_cuts,
)
from build_data.parse.vocabulary import MONTH

ZERO_WIDTH = (C.ASSERT, C.ASSERT_NOT, C.AT)
REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
CATEGORIES = {
    C.CATEGORY_DIGIT: r"\d",
    C.CATEGORY_NOT_DIGIT: r"\D",
    C.CATEGORY_SPACE: r"\s",
    C.CATEGORY_NOT_SPACE: r"\S",
    C.CATEGORY_WORD: r"\w",
    C.CATEGORY_NOT_WORD: r"\W",
}
# The characters tried: Latin, punctuation, dashes, quotes, bullets, other scripts' digits,
# and the full-width forms (digits and capitals that \d and a case-blind match also take).
UNIVERSE = [chr(c) for c in (*range(0x3000), *range(0xFF00, 0xFF5F))]


def _in_set(items, ch: str) -> bool:
    hit, negate = False, False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            hit |= ch == chr(av)
        elif op is C.RANGE:
            hit |= av[0] <= ord(ch) <= av[1]
        elif op is C.CATEGORY:
            hit |= re.fullmatch(CATEGORIES[av], ch) is not None
        else:
            raise AssertionError(f"unread set item {op}")
    return hit != negate


def _item(op, av, ignore_case: bool):
    """A test of one character against one opcode reading a character."""

    def test(ch: str) -> bool:
        forms = {ch, ch.lower(), ch.upper(), ch.swapcase()} if ignore_case else {ch}
        if op is C.LITERAL:
            return chr(av) in forms
        if op is C.NOT_LITERAL:
            return any(f != chr(av) for f in forms)
        if op is C.IN:
            return any(_in_set(av, f) for f in forms)
        return True  # ANY, a back reference ...: any character

    return test


def _firsts(seq, flags: int) -> tuple[list, bool]:
    """(tests of the characters a match of seq can start with, whether seq can match empty)."""
    tests = []
    for op, av in seq:
        if op in ZERO_WIDTH:
            continue
        if op is C.BRANCH:
            nullable = False
            for alt in av[1]:
                more, empty = _firsts(alt.data, flags)
                tests += more
                nullable |= empty
        elif op is C.SUBPATTERN:
            _, add, remove, sub = av
            more, nullable = _firsts(sub.data, (flags | add) & ~remove)
            tests += more
        elif op in REPEATS:
            more, empty = _firsts(av[2].data, flags)
            tests += more
            nullable = av[0] == 0 or empty
        elif op is C.ATOMIC_GROUP:
            more, nullable = _firsts(av.data, flags)
            tests += more
        else:
            tests.append(_item(op, av, bool(flags & re.IGNORECASE)))
            nullable = False
        if not nullable:
            return tests, False
    return tests, True


def _lookahead(pattern: re.Pattern):
    """(index in the top-level sequence, the one-character lookahead) that opens pattern
    (after lookbehinds and anchors), or None."""
    seq = sre_parse.parse(pattern.pattern, pattern.flags & ~re.UNICODE).data
    for k, (op, av) in enumerate(seq):
        if op is C.ASSERT and av[0] == 1 and len(av[1].data) == 1:
            return k, av[1].data[0]
        if op not in ZERO_WIDTH:
            return None
    return None


def _guarded_patterns() -> dict[str, re.Pattern]:
    """'module.NAME' -> pattern, for each pattern of the parse modules that opens with a
    first-character lookahead (a pattern imported into several modules once)."""
    found: dict[str, re.Pattern] = {}
    for info in sorted(pkgutil.iter_modules(build_data.parse.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"build_data.parse.{info.name}")
        for name, value in vars(module).items():
            if (
                isinstance(value, re.Pattern)
                and value not in found.values()
                and _lookahead(value) is not None
            ):
                found[f"{info.name}.{name}"] = value
    return found


GUARDED = _guarded_patterns()
# The lookaheads issue 17 added, and those written before: each must be among the checked.
EXPECTED = {
    "DATE_RE",
    "HEADER_FIELD_RE",
    "PLENARY_TITLE_RE",
    "TITLE_RE",
    "LABEL_RE",
    "MC_DAY_RE",
    "MC_SESSION_RE",
}


def test_the_lookahead_patterns_are_found():
    """Every pattern known to open with a first-character lookahead is checked below."""
    assert EXPECTED - {name.split(".")[1] for name in GUARDED} == set()


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_a_lookahead_holds_every_character_a_match_can_start_with(name):
    """Read from the pattern's parse tree: each character (of UNIVERSE) that the rest of the
    pattern can start a match with passes the lookahead; the rest cannot match empty (a
    lookahead would then forbid the empty match at the end)."""
    pattern = GUARDED[name]
    k, (op, av) = _lookahead(pattern)
    seq = sre_parse.parse(pattern.pattern, pattern.flags & ~re.UNICODE).data
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    allowed = _item(op, av, ignore_case)
    tests, nullable = _firsts(seq[k + 1 :], pattern.flags)
    assert not nullable
    missed = [ch for ch in UNIVERSE if any(t(ch) for t in tests) and not allowed(ch)]
    assert missed == []


def _without_lookahead(pattern: re.Pattern) -> re.Pattern:
    """The same pattern with its opening first-character lookahead taken out (the slow form)."""
    head = re.match(
        r"((?:\(\?<[=!](?:[^()\\]|\\.)*\))*)\(\?=(?:\[(?:[^\]\\]|\\.)*\]|\\d)\)", pattern.pattern
    )
    assert head is not None, pattern.pattern
    return re.compile(head.group(1) + pattern.pattern[head.end() :], pattern.flags)


@cache
def rendered_lines() -> tuple[str, ...]:
    """Every content line, and every line split at its boundaries, of every rendering of the
    bundled journal and the shared excerpts."""
    lines = set()
    for text in clean_texts().values():
        for render in (lambda t: t, *TEXT_RENDERINGS.values()):
            extracted, _ = extract_text(render(text).encode("utf-8"))
            content = content_lines(extracted)
            lines.update(ln.text for ln in content)
            lines.update(ln.text for ln in split_lines(content))
            lines.update(extracted.lines)
    return tuple(sorted(lines))


def _matches(pattern: re.Pattern, text: str) -> list[tuple]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_a_lookahead_pattern_finds_what_the_pattern_without_it_finds(name):
    """On every rendered line, at every start: the same matches, spans and groups."""
    fast = GUARDED[name]
    slow = _without_lookahead(fast)
    differ = [t for t in rendered_lines() if _matches(fast, t) != _matches(slow, t)]
    assert differ == []


# The inline footnote as first written: lookbehinds, then the number (slow: no position is
# skipped). The fast form opens with the digit and looks behind from there.
INLINE_FOOTNOTE_SLOW_RE = re.compile(
    r"(?<=\s)(?<!item )(?<!Attachment )(?<!Annex )(?<!No\. )"
    rf"\d{{1,2}} (?!{MONTH}\b)[A-Z“][a-z][^.]{{3,200}}?\.(?=\s|$)"
)
FOOTNOTE_CASES = [
    "... proceeds to 1 The word draft has been removed from the title. fund anti-trafficking",
    "Agenda item 1 The word is not a footnote. next",
    "Attachment 2 Text of the attachment. and on",
    "Annex 3 Text of the annex. and on",
    "Decision No. 4 Something here. more",
    "at 12 The Chairperson said so. and 7 December 2004 here",
    "x\t12 Text after a tab. y",
    "x 123 Three digits then text. y",
    "1 At the very start. y",
    "a 1 “Quoted words here. b 22 Two numbers here.",
    "a  5 Two spaces before it.",
    "see 9 January 2020 then 3 Footnote text here.",
    "Annex  4 Two spaces after Annex.",
]


def test_the_inline_footnote_fast_form_finds_what_the_slow_form_finds():
    """On every rendered line and on crafted footnotes (after 'item', 'Annex', 'No.', a tab, a
    date, three digits): the same matches, spans and groups."""
    texts = [*rendered_lines(), *FOOTNOTE_CASES]
    differ = [
        t for t in texts if _matches(INLINE_FOOTNOTE_RE, t) != _matches(INLINE_FOOTNOTE_SLOW_RE, t)
    ]
    assert differ == []
    assert all(_matches(INLINE_FOOTNOTE_RE, t) for t in FOOTNOTE_CASES[:1])


def test_a_line_that_fails_the_appendix_substring_test_holds_no_appendix_start():
    """_may_start_appendix is False only where APPENDIX_START_RE finds nothing (every rendered
    line, and the two forms it reads)."""
    texts = [
        *rendered_lines(),
        "976th Plenary Meeting PC Journal No. 976, Agenda item 2",
        "DECISION No. 1107",
    ]
    wrong = [t for t in texts if APPENDIX_START_RE.search(t) and not _may_start_appendix(t)]
    assert wrong == []
    assert all(_may_start_appendix(t) for t in texts[-2:])


def _widest_slow(raw_lines: tuple[str, ...]) -> int | None:
    """unwrap._widest as first written: every line's width measured before any is judged."""
    width = max((len(raw.rstrip()) for raw in raw_lines if " " in raw.strip()), default=0)
    return None if not width or width > WIDEST_WRAP else width


def test_the_widest_line_is_found_without_measuring_past_a_line_too_long_for_a_wrap():
    """On every rendering of every journal, and with one line longer than any wrap first or
    last (a one-word line that long does not count): the same width, or None, as when every
    line is measured first."""
    long_line = " ".join(["word"] * (WIDEST_WRAP // 5 + 1))
    one_word = "x" * (WIDEST_WRAP + 1)
    texts = []
    for text in clean_texts().values():
        for render in (lambda t: t, *TEXT_RENDERINGS.values()):
            rendered = render(text)
            texts += [rendered, f"{long_line}\n{rendered}", f"{rendered}\n{one_word}"]
    raw = [extract_text(t.encode("utf-8"))[0].lines for t in texts]
    got = [_widest(lines) for lines in raw]
    assert got == [_widest_slow(lines) for lines in raw]
    assert None in got and any(w is not None for w in got)


def _is_upper_title_slow(text: str) -> bool:
    """is_upper_title as first written: every letter looked at."""
    if ASCII_LOWER_RE.search(text):
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


UPPER_CASES = [
    "AB",
    "ABC",
    "A1 B2 C3",
    "1. DATE",
    "- 2 -",
    "",
    "ÉCOLE",
    "ÉCO",
    "ÉC 中",
    "ǅAB",
    "Ab",
]


def test_is_upper_title_counts_ascii_capitals_as_the_letter_loop_does():
    """On every rendered line and on crafted ones (two or three capitals, digits only, accented
    and uncased letters): the same answer as looking at every letter."""
    texts = [*rendered_lines(), *UPPER_CASES]
    assert [is_upper_title(t) for t in texts] == [_is_upper_title_slow(t) for t in texts]
    assert [is_upper_title(t) for t in UPPER_CASES[:3]] == [False, True, True]


def test_an_agenda_line_keeps_its_section_3_paragraph_whatever_surrounds_it():
    """take_site_text keeps a section 3 paragraph holding an agenda line before it searches the
    paragraph for the journal's tokens, because _bad_agenda_block keeps every such paragraph:
    each rendered agenda line, alone or after a short line, with or without a list before or
    after it, is kept."""
    agenda = [t for t in rendered_lines() if _agenda_line(t)]
    other = Line(1, "Canada, France")
    kept = []
    for text in agenda:
        line = Line(2, text)
        for block in ([line], [other, line]):
            for prev in (None, [Line(0, "Chairperson, Germany (PC.DEL/1/19),")]):
                for following in (None, [Line(5, "(Annex 1)")], [Line(5, "Norway, Sweden")]):
                    kept.append(_bad_agenda_block(block, prev, following, 80, "", False))
    assert len(agenda) > 100
    assert kept == [False] * len(kept)


# The appendix boundaries as first written: a lookbehind for the white space (slow: tried at
# every position).
APPENDIX_SLOW_RE = re.compile(r"(?<=\s)(?=[\dA-Z“•–-])(?:" + "|".join(APPENDIX_BEFORE) + ")")


def test_the_appendix_boundaries_matched_with_their_white_space_are_the_lookbehind_ones():
    """On every rendered line, from every start split_lines can give (0, 1, a middle, the end):
    the cuts after the white space APPENDIX_RE matches are the starts of the lookbehind form."""
    differ = []
    for text in rendered_lines():
        for start in {0, 1, len(text) // 2, len(text)}:
            fast = [m.start() + 1 for m in APPENDIX_RE.finditer(text, max(start - 1, 0))]
            slow = [m.start() for m in APPENDIX_SLOW_RE.finditer(text, start)]
            if fast != slow:
                differ.append((text, start))
    assert differ == []


def test_one_scan_finds_a_boundary_or_footnote_where_either_pattern_does():
    """BOUNDARY_OR_FOOTNOTE_RE finds something exactly where STRUCTURAL_RE or
    INLINE_FOOTNOTE_RE does (every rendered line and the crafted footnotes)."""
    texts = [*rendered_lines(), *FOOTNOTE_CASES]
    either = [bool(STRUCTURAL_RE.search(t) or INLINE_FOOTNOTE_RE.search(t)) for t in texts]
    assert [bool(BOUNDARY_OR_FOOTNOTE_RE.search(t)) for t in texts] == either
    assert True in either and False in either


def _wrap_cuts_slow(raw_lines: tuple[str, ...]) -> frozenset[int] | None:
    """unwrap.wrap_cuts as first written: each pair of non-blank lines measured apart."""
    width = _widest(raw_lines)
    if width is None:
        return None

    def first_word(text: str) -> int:
        text = text.strip()
        return len(text) if text.find(" ") < 0 else text.find(" ")

    pairs = [no for no in range(2, len(raw_lines) + 1) if raw_lines[no - 2].strip()]
    pairs = [no for no in pairs if raw_lines[no - 1].strip()]
    cuts = [
        no
        for no in pairs
        if len(raw_lines[no - 2].rstrip()) + 1 + first_word(raw_lines[no - 1]) > width
    ]
    return frozenset(cuts) if len(cuts) >= 3 and len(cuts) >= WRAPPED_SHARE * len(pairs) else None


def test_the_wrap_cuts_are_those_of_each_pair_measured_apart():
    """On every rendering of every journal: the same lines cut (or None) as when each pair of
    lines is measured on its own."""
    raw = [
        extract_text(render(text).encode("utf-8"))[0].lines
        for text in clean_texts().values()
        for render in (lambda t: t, *TEXT_RENDERINGS.values())
    ]
    got = [wrap_cuts(lines) for lines in raw]
    assert got == [_wrap_cuts_slow(lines) for lines in raw]
    assert None in got and any(got)


CAPITALS_CASES = ["976th PLENARY MEETING", "1st", "21ST SESSION", "a", "A 2nd B", "2nD X", "x1st"]


def test_capitals_ordinals_aside_are_told_from_the_first_lower_case_letter():
    """_in_capitals answers as is_upper_title of the line with its ordinal suffixes taken out,
    on every rendered line and on crafted ones (ordinals, a lower-case letter first)."""
    texts = [*rendered_lines(), *CAPITALS_CASES]
    slow = [is_upper_title(ORDINAL_SUFFIX_RE.sub("", t)) for t in texts]
    assert [_in_capitals(t) for t in texts] == slow
    assert True in slow and False in slow


def test_a_line_of_white_space_cleans_to_nothing():
    """content_lines passes over blank lines without cleaning them: every white-space
    character (of UNIVERSE), alone or repeated, cleans to an empty line."""
    spaces = [c for c in UNIVERSE if c.isspace()]
    assert [clean(c) for c in spaces] + [clean(c * 3) for c in spaces] == [""] * (2 * len(spaces))


def test_a_line_that_stands_alone_is_one_any_of_its_patterns_matches():
    """STANDS_ALONE_RE matches every rendered line that a numbered start, a decision title, an
    attachment label or page furniture matches, and no other."""
    patterns = (NUMBERED_START_RE, DECISION_TITLE_RE, ATTACHMENT_RE, KIND_RE)
    texts = rendered_lines()
    alone = [any(p.match(t) for p in patterns) for t in texts]
    assert [STANDS_ALONE_RE.match(t) is not None for t in texts] == alone
    assert True in alone and False in alone


def test_an_internal_code_ends_with_a_digit():
    """_glued_code passes over a line whose last word does not end with a decimal digit: no such
    word of a rendered line (nor a crafted code) is an internal code."""
    words = [t.rpartition(" ")[2] for t in rendered_lines()] + ["PCOEJ1233", "PCOEJ12x", "PCOEJ"]
    assert [w for w in words if INTERNAL_CODE_RE.match(w) and not w[-1:].isdecimal()] == []
    assert any(INTERNAL_CODE_RE.match(w) for w in words)


def _agenda_line_slow(text: str) -> bool:
    """site._agenda_line as first written: one pattern after another."""
    patterns = (ITEM_RE, SUB_ITEM_START_RE, NONE_RE, DECISION_START_RE, PRESENTATION_RE)
    patterns += (SENTENCE_RE, FOOTNOTE_RE, *(p for p, _ in LIST_KINDS), NEXT_RE)
    return any(p.match(text) for p in patterns) or "addressed the " in text


def _structural_slow(text: str) -> bool:
    """site._structural as first written: one pattern after another."""
    patterns = (DECISION_TITLE_RE, STATEMENT_TITLE_RE, DELEGATION_RE, FOOTNOTE_RE, CHAPEAU_RE)
    return _is_header_line(text) or any(p.match(text) for p in patterns) or starts_block(text)


def test_the_agenda_and_structural_lines_tested_at_once_are_those_tested_one_by_one():
    """On every rendered line: _agenda_line and _structural, each one pattern, answer as their
    patterns tested one after another do."""
    texts = rendered_lines()
    agenda = [_agenda_line_slow(t) for t in texts]
    structural = [_structural_slow(t) for t in texts]
    assert [_agenda_line(t) for t in texts] == agenda
    assert [_structural(t) for t in texts] == structural
    assert True in agenda and False in agenda and True in structural and False in structural


def _other_casing_slow(block: list[Line], header: str, region: str) -> bool:
    """site._other_casing as first written: every line of five words or more joined and
    casefolded before the header is searched."""
    folded = header.casefold()
    for ln in block:
        if len(ln.text) >= 300:
            continue
        words = ln.text.split()
        least = max(5, len(words) - 2)
        if (
            len(words) < least
            or " ".join(words[:least]).casefold() not in folded
            or (region == "after" and _structural(ln.text))
            or _agenda_line(ln.text)
        ):
            continue
        k = len(words)
        while " ".join(words[:k]).casefold() not in folded:
            k -= 1
        if " ".join(words[:k]) not in header:
            return True
    return False


def test_a_line_in_other_casing_is_found_as_when_every_line_is_joined_first():
    """On every rendered line (a block of one), against headers holding it in other casing,
    in its own casing, cut after its second word, or not at all, in each region: the same
    answer as the first form, which joined every line before looking at the header."""
    fixed = "PERMANENT COUNCIL 976th PLENARY MEETING OF THE COUNCIL 1. Date: 6 December 2013"
    got, slow = [], []
    for text in rendered_lines():
        words = text.split()
        headers = (text.upper(), text.swapcase(), text, " ".join(words[:2]).upper(), fixed)
        for header in headers:
            for region in ("header", "agenda", "after"):
                got.append(_other_casing([Line(1, text)], f"X {header} Y", region))
                slow.append(_other_casing_slow([Line(1, text)], f"X {header} Y", region))
    assert got == slow
    assert True in slow and False in slow


def test_a_header_that_fails_the_mc_substring_tests_holds_no_mc_title():
    """_may_hold_mc_day and _may_hold_mc_session are False only where MC_DAY_RE and
    MC_SESSION_RE find nothing (every rendered line, those lines joined, and the forms)."""
    forms = [
        "FIRST DAY OF THE NINTH MEETING OF THE MINISTERIAL COUNCIL",
        "OPENING SESSION (OPEN)",
        "2nd PLENARY MEETING (CLOSED)",
    ]
    texts = [*rendered_lines(), " ".join(rendered_lines()), *forms]
    assert [t for t in texts if MC_DAY_RE.search(t) and not _may_hold_mc_day(t)] == []
    assert [t for t in texts if MC_SESSION_RE.search(t) and not _may_hold_mc_session(t)] == []
    assert MC_DAY_RE.search(forms[0]) and all(MC_SESSION_RE.search(f) for f in forms[1:])
