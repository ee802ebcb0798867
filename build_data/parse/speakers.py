"""Speaker lists: 'Canada, Turkey (PC.DEL/1/19 OSCE+), Germany-European Union (with ...)'."""

from __future__ import annotations

from .joined import Joined
from .records import Line, SpeakerEntry


def split_top_level(text: str, sep: str = ",") -> list[tuple[int, int]]:
    """(start, end) of the pieces of text between separators outside parentheses."""
    pieces, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            pieces.append((start, i))
            start = i + 1
    pieces.append((start, len(text)))
    return pieces


def is_unclosed(text: str) -> bool:
    """Does text end inside a parenthesis (a truncated entry)?"""
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
    return depth > 0


def split_entry(text: str) -> tuple[str, tuple[str, ...]]:
    """'Turkey (PC.DEL/731/19 OSCE+) (Annex 2)' -> ('Turkey', ('PC.DEL/731/19 OSCE+', 'Annex 2'))."""
    label_parts, parens, depth, buf = [], [], 0, []
    for ch in text:
        if ch == "(":
            if depth == 0:
                buf = []
            else:
                buf.append(ch)
            depth += 1
        elif ch == ")" and depth > 0:
            depth -= 1
            if depth == 0:
                parens.append(" ".join("".join(buf).split()))
            else:
                buf.append(ch)
        elif depth > 0:
            buf.append(ch)
        else:
            label_parts.append(ch)
    if depth > 0 and buf:  # unclosed parenthesis: keep what was printed
        parens.append(" ".join("".join(buf).split()))
    label = " ".join("".join(label_parts).split()).strip(" ,;.")
    return label, tuple(parens)


def parse_speakers(lines: list[Line], kind: str, first_position: int, prefix_len: int = 0) -> list[SpeakerEntry]:
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
        label, parens = split_entry(piece)
        lead = len(piece) - len(piece.lstrip())
        entries.append(
            SpeakerEntry(
                first_position + len(entries), label, parens, kind, joined.span(start + lead, start + len(piece.rstrip())),
                complete=not is_unclosed(piece),
            )
        )
    return entries
