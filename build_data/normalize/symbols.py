"""OSCE document symbols: one grammar for parsing, finding and formatting them.

A symbol is ``BODY[(meeting)].KIND[/number[/yy]][/Rev.n|/Add.n|/Corr.n ...]``,
optionally followed by a distribution marker (``OSCE+`` or ``Restr.``), e.g.
``MC.DD/6/13/Rev.3/Corr.1``, ``PC.DEL/731/19 OSCE+``, ``MC(12).JOUR/2``.
Prose citations (``Ministerial Council Decision No. 5/11``, ``PC Journal No. 976``)
resolve to the same :class:`Symbol`.

Pure functions, no I/O.

Footnote marks: a footnote digit glued onto a symbol (``FSC.JOUR/953/Corr.1`` +
``1`` printed as ``FSC.JOUR/953/Corr.11``) cannot be told apart in isolation.
Where the grammar rules it out (a three-digit year) the digit is dropped and
reported as a repair.  Elsewhere a caller that holds canonical symbols known to
exist from another source can pass them as ``known`` to :func:`find_symbols`: a
match that is not known, but is once its last digit is dropped, is repaired (or
call :func:`strip_footnote_mark` itself).  The build passes none: it reads each
text on its own.

Suffix order: ``Symbol`` does not record the printed order of Rev/Add/Corr, so
``canonical()`` always writes them as Rev, Add, Corr (``printed`` keeps the
original).  A symbol printing the same suffix twice is not accepted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from ..parse.symbol_grammar import GRAMMAR, MEETING_NUMBER, SUFFIX_RE

__all__ = [
    "Symbol",
    "SymbolMatch",
    "parse_symbol",
    "find_symbols",
    "decision_symbol",
    "journal_symbol",
    "strip_footnote_mark",
]

_SUFFIX_ORDER = (("revision", "Rev"), ("addendum", "Add"), ("corrigendum", "Corr"))
_SUFFIX_FIELD = {label: field for field, label in _SUFFIX_ORDER}


@dataclass(frozen=True)
class Symbol:
    series: str
    number: int | None = None
    year: int | None = None
    revision: int | None = None
    corrigendum: int | None = None
    addendum: int | None = None
    meeting: int | None = None
    year_digits: int = 0

    def canonical(self) -> str:
        parts = [self._head()]
        if self.number is not None:
            parts.append(str(self.number))
        if self.year is not None:
            parts.append(f"{self.year % 100:02d}")
        parts += [
            f"{label}.{getattr(self, field)}"
            for field, label in _SUFFIX_ORDER
            if getattr(self, field) is not None
        ]
        return "/".join(parts)

    def base(self) -> str:
        """Canonical form without the corrigendum (how decisions are identified)."""
        return replace(self, corrigendum=None).canonical()

    @property
    def body(self) -> str:
        return self.series.split(".", 1)[0]

    def _head(self) -> str:
        if self.meeting is None:
            return self.series
        body, kind = self.series.split(".", 1)
        return f"{body}({self.meeting}).{kind}"

    def __str__(self) -> str:
        return self.canonical()


@dataclass(frozen=True)
class SymbolMatch:
    start: int
    end: int
    printed: str
    symbol: Symbol
    distribution: str | None = None
    repair: str | None = None


# --- the grammar (its patterns: parse/symbol_grammar.py) ----------------------

_PAREN_AFTER_CITE = re.compile(r"\s*\(\s*")
_CLOSE_PAREN = re.compile(r"\s*\)")

_BODY_ALIASES = {
    "mc": "MC",
    "ministerial council": "MC",
    "pc": "PC",
    "permanent council": "PC",
    "fsc": "FSC",
    "forum for security co-operation": "FSC",
}


def _body(name: str) -> str:
    key = re.sub(r"\s+", " ", name).strip().lower().removeprefix("osce ")
    try:
        return _BODY_ALIASES[key]
    except KeyError:
        raise ValueError(f"unknown OSCE body: {name!r}") from None


def _year(two_digits: str) -> int:
    yy = int(two_digits)
    return 1900 + yy if yy >= 90 else 2000 + yy


def _split_number(number: str) -> tuple[int, int | None]:
    m = re.fullmatch(r"\s*(\d{1,5})(?:/(\d{2}))?\s*", number)
    if not m:
        raise ValueError(f"not a decision/journal number: {number!r}")
    return int(m[1]), (_year(m[2]) if m[2] else None)


# --- public helpers ----------------------------------------------------------


def is_decision_number(number: str) -> bool:
    """'1107' and '8/15' are; '8/9' (a number cut short in the text) is not."""
    try:
        _split_number(number)
    except ValueError:
        return False
    return True


def decision_symbol(body: str, number: str) -> Symbol:
    """('MC', '5/11') -> MC.DEC/5/11; ('PC', '1107') -> PC.DEC/1107.

    ``body`` may be an abbreviation or a full name ('Permanent Council')."""
    num, year = _split_number(number)
    return Symbol(f"{_body(body)}.DEC", num, year, year_digits=2 if year else 0)


def journal_symbol(
    body: str, number: int | None, meeting: int | None = None, corrigendum: int | None = None
) -> Symbol:
    """('PC', 976) -> PC.JOUR/976; ('MC', 2, meeting=12) -> MC(12).JOUR/2."""
    return Symbol(f"{_body(body)}.JOUR", number, corrigendum=corrigendum, meeting=meeting)


def strip_footnote_mark(symbol: Symbol, known: Iterable[Symbol | str]) -> Symbol | None:
    """The symbol with a glued footnote digit removed from its last field, if that
    gives a known symbol ('FSC.JOUR/953/Corr.11', {'FSC.JOUR/953/Corr.1'} ->
    FSC.JOUR/953/Corr.1); else None."""
    known_set = {k.canonical() if isinstance(k, Symbol) else k for k in known}
    # last field as canonically written; the year is handled by the grammar
    for field in ("corrigendum", "addendum", "revision", "number"):
        value = getattr(symbol, field)
        if value is None:
            continue
        if field == "number" and symbol.year is not None:
            return None
        if value < 10:
            return None
        candidate = replace(symbol, **{field: value // 10})
        return candidate if candidate.canonical() in known_set else None
    return None


def parse_symbol(text: str) -> Symbol | None:
    """Parse one symbol; the whole text (but surrounding blanks) must be a symbol.

    A trailing distribution marker is accepted (and dropped), as are the repairs
    find_symbols makes; prose citations ('Decision No. 5/11') are not symbols."""
    stripped = text.strip()
    m = GRAMMAR.fullmatch(stripped)
    if not m or not m["sym"]:
        return None
    found = _from_symbol_match(m)
    return found.symbol if found else None


def find_symbols(
    text: str, default_body: str | None = None, known: Iterable[Symbol | str] | None = None
) -> list[SymbolMatch]:
    """Every document symbol and decision/journal citation in ``text``, in order.

    ``default_body`` ('PC', 'FSC', 'MC') resolves citations printed without a body
    ('Decision No. 8/15'); without it those are skipped.  A citation directly
    followed by its symbol in parentheses, 'Decision No. 1107 (PC.DEC/1107/Corr.1)',
    gives one match spanning both.  ``known``: see the module docstring.
    """
    known_set = (
        None if known is None else {k.canonical() if isinstance(k, Symbol) else k for k in known}
    )
    out: list[SymbolMatch] = []
    cite: re.Match | None = None  # last citation, may merge with the next symbol
    for m in grammar_matches(text):
        if m["cite"]:
            _append_citation(out, cite, default_body)
            cite = m
            continue
        found = _from_symbol_match(m)
        if found is None:
            continue
        if known_set is not None and found.symbol.canonical() not in known_set:
            stripped = strip_footnote_mark(found.symbol, known_set)
            if stripped is not None:
                found = _with_repair(replace(found, symbol=stripped), "footnote mark glued on")
        if cite is not None:
            if _PAREN_AFTER_CITE.fullmatch(text, cite.end(), found.start) and _agrees(
                cite, found.symbol
            ):
                close = _CLOSE_PAREN.match(text, found.end)
                end = close.end() if close else found.end
                found = replace(
                    found, start=cite.start(), end=end, printed=text[cite.start() : end]
                )
            else:
                _append_citation(out, cite, default_body)
            cite = None
        out.append(found)
    _append_citation(out, cite, default_body)
    return out


# --- internals ---------------------------------------------------------------

# Where a match of GRAMMAR can start: the capital letter opening a series (a BODY of two to
# six capitals, an optional meeting number, a dot and a capital) or a citation's first word
# (a body's name, Decision, Journal) and a blank. Trying GRAMMAR only there finds what its
# finditer finds (test_symbols checks it) for a third of the time: GRAMMAR opens with a
# lookbehind, so the regex engine tries it at every position of a text. The pattern opens
# with a capital (the engine skips to one) and its runs are bounded (linear time).
_MATCH_START = re.compile(
    rf"[A-Z](?:[A-Z]{{1,5}}(?:\({MEETING_NUMBER}\))?\.[A-Z]"
    r"|(?:SCE|inisterial|ermanent|orum|C|SC|ecision|ECISION|ournal)\s)"
)


def grammar_matches(text: str) -> Iterator[re.Match]:
    """GRAMMAR.finditer(text), trying the grammar only where a match can start."""
    pos = 0
    while (start := _MATCH_START.search(text, pos)) is not None:
        m = GRAMMAR.match(text, start.start())
        if m is None:
            pos = start.start() + 1
        else:
            yield m
            pos = m.end()


def _append_citation(out: list[SymbolMatch], m: re.Match | None, default_body: str | None) -> None:
    body = m and (m["cbody"] or default_body)
    if not body:
        return
    if m["dec"]:
        symbol = decision_symbol(body, m["cnum"])
    else:
        num, year = _split_number(m["cnum"])
        if year is not None:  # journals have no year: 'Journal No. 3/15' is not one
            return
        symbol = journal_symbol(body, num)
    out.append(SymbolMatch(m.start(), m.end(), m[0], symbol))


def _agrees(cite: re.Match, symbol: Symbol) -> bool:
    """Is the parenthesised symbol the cited decision/journal?  A citation without
    a body takes it from the symbol."""
    number, year = _split_number(cite["cnum"])
    kind = "DEC" if cite["dec"] else "JOUR"
    return (
        symbol.series.split(".", 1)[1] == kind
        and (symbol.number, symbol.year) == (number, year)
        and (not cite["cbody"] or _body(cite["cbody"]) == symbol.body)
    )


_SPACE_FOR_SLASH = re.compile(r"[A-Z()\d]+\.[A-Z]+[ \t]\d")
_SPACE_AROUND_SLASH = re.compile(r"[ \t]/|/[ \t]")
_SPACE_AFTER_LABEL = re.compile(r"(?:Rev|Corr|Add)\. ")


def _from_symbol_match(m: re.Match) -> SymbolMatch | None:
    suffixes: dict[str, int] = {}
    for label, value in SUFFIX_RE.findall(m["suffixes"]) if m["suffixes"] else ():
        field = _SUFFIX_FIELD[label]
        if field in suffixes:
            return None  # same suffix twice: not a symbol we can represent
        suffixes[field] = int(value)
    year = m["year"]
    symbol = Symbol(
        series=f"{m['body']}.{m['kind']}",
        number=int(m["number"]) if m["number"] else None,
        year=_year(year) if year else None,
        meeting=int(m["meeting"]) if m["meeting"] else None,
        year_digits=2 if year else 0,
        **suffixes,
    )
    start, end = m.span("sym")
    symbol_text = m.string[start : m.end("suffixes")]
    repairs = []
    if (
        " " in symbol_text or "\t" in symbol_text or "\n" in symbol_text
    ):  # else printed as it should be
        if _SPACE_FOR_SLASH.match(symbol_text):
            repairs.append("space instead of slash")
        elif "\n" in symbol_text:
            repairs.append("line break inside symbol")
        elif _SPACE_AROUND_SLASH.search(symbol_text):
            repairs.append("space around slash")
        if _SPACE_AFTER_LABEL.search(symbol_text):
            repairs.append("space after suffix label")
    if m["mark"]:
        repairs.append("footnote mark glued on")
        if not m["dist"]:
            end = m.start("mark")  # leave the footnote digit outside the match
    return SymbolMatch(
        start, end, m.string[start:end], symbol, m["dist"], "; ".join(repairs) or None
    )


def _with_repair(found: SymbolMatch, repair: str) -> SymbolMatch:
    if found.distribution is None and found.printed[-1:].isdigit():
        found = replace(found, end=found.end - 1, printed=found.printed[:-1])
    return replace(found, repair="; ".join(filter(None, [found.repair, repair])))
