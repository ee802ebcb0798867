"""Speaker lists: 'Canada, Turkey (PC.DEL/1/19 OSCE+), Germany-European Union (with ...)'."""

from __future__ import annotations

import functools
import re

from .joined import Joined
from .memo import line_cache
from .records import Line, Span, SpeakerEntry

# The scanners below step from token to token, not through every character: a token is a
# parenthesis with none nested in it (which leaves the depth as it was, whatever it holds),
# or a single '(' or ')' (or separator) that is not part of one.
TOKEN_RE = re.compile(r"\([^()]*\)|[()]")


@functools.lru_cache(maxsize=8)
def _tokens_and(sep: str) -> re.Pattern:
    """TOKEN_RE's tokens and the separator sep, compiled once per separator."""
    return re.compile(rf"\([^()]*\)|[(){re.escape(sep)}]")


def split_top_level(text: str, sep: str = ",") -> list[tuple[int, int]]:
    """(start, end) of the pieces of text between separators (one character) outside parentheses."""
    pieces, depth, start = [], 0, 0
    for m in _tokens_and(sep).finditer(text):
        tok = m.group()
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth = max(0, depth - 1)
        elif tok == sep and depth == 0:
            pieces.append((start, m.start()))
            start = m.end()
    pieces.append((start, len(text)))
    return pieces


@line_cache
def split_entry(text: str) -> tuple[str, tuple[str, ...], bool]:
    """'Turkey (PC.DEL/731/19 OSCE+) (Annex 2)' -> ('Turkey', ('PC.DEL/731/19 OSCE+', 'Annex 2'),
    True): label, parentheticals, and False when text ends inside a parenthesis (a truncated entry).
    A ')' with no '(' before it stays in the label; nested parentheses stay in their
    parenthetical."""
    if "(" not in text:
        return " ".join(text.split()).strip(" ,;."), (), True
    label_parts, parens = [], []
    depth, label_from, inner_from = 0, 0, 0
    for m in TOKEN_RE.finditer(text):
        tok = m.group()
        if tok == "(":
            if depth == 0:
                label_parts.append(text[label_from : m.start()])
                inner_from = m.end()
            depth += 1
        elif tok == ")":
            if depth > 0:
                depth -= 1
                if depth == 0:
                    parens.append(" ".join(text[inner_from : m.start()].split()))
                    label_from = m.end()
        elif depth == 0:  # a whole parenthetical
            label_parts.append(text[label_from : m.start()])
            parens.append(" ".join(tok[1:-1].split()))
            label_from = m.end()
    if depth > 0:
        if inner_from < len(text):  # unclosed parenthesis: keep what was printed
            parens.append(" ".join(text[inner_from:].split()))
    else:
        label_parts.append(text[label_from:])
    label = " ".join("".join(label_parts).split()).strip(" ,;.")
    return label, tuple(parens), depth == 0


def parse_speakers(
    lines: list[Line], kind: str, first_position: int, prefix_len: int = 0
) -> list[SpeakerEntry]:
    """Entries of one speaker list; prefix_len skips a leading label such as 'Point of order:'."""
    joined = Joined(lines)
    text = joined.text
    entries = []
    for start, end in split_top_level(text):
        if end <= prefix_len:
            continue
        start = max(start, prefix_len)
        piece = text[start:end]
        if not piece.strip(" ,;."):
            continue
        label, parens, complete = split_entry(piece)
        span = joined.one_span or _piece_span(joined, start, piece)
        entries.append(
            SpeakerEntry(first_position + len(entries), label, parens, kind, span, complete)
        )
    return entries


def _piece_span(joined: Joined, start: int, piece: str) -> Span:
    """The lines a piece of the joined text (at start) is printed on, its white space aside."""
    lead = len(piece) - len(piece.lstrip())
    return joined.span(start + lead, start + len(piece.rstrip()))
