"""Footnotes: numbered lines ('1 Reissued due to ...') that a PDF-to-text conversion left
between the lines of a paragraph, taken out so the paragraph can be rejoined."""

from __future__ import annotations

import re

from .records import Footnote, Line
from .vocabulary import MONTH

FOOTNOTE_RE = re.compile(rf"^(\d{{1,2}})\s+(?!{MONTH}\b)(?![\d.–-])([A-Z“\"‘'(].*)$")


def take_footnotes(lines: list[Line], context: str) -> tuple[list[Line], list[Footnote]]:
    """Remove footnote lines from a stretch of running text: (the other lines, the
    footnotes, each with context: 'journal', 'statement' or 'decision N')."""
    kept, notes = [], []
    for ln in lines:
        m = FOOTNOTE_RE.match(ln.text)
        if m:
            notes.append(Footnote(m.group(1), m.group(2), ln.span, context))
        else:
            kept.append(ln)
    return kept, notes
