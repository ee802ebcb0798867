"""From extracted text to logical content lines."""

from __future__ import annotations

import re

from ..extract.model import ExtractedText
from .records import Line

# Markdown emphasis left by an earlier text conversion: formatting, not content.
EMPHASIS_RE = re.compile(r"\*\*|(?<!\w)\*(?=\w)|(?<=\w)\*(?!\w)")
SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")
ODD_SPACE_RE = re.compile(r"[\t\u00a0\u2000-\u200b\u202f]")


def clean(text: str) -> str:
    # The substitutions are slow on every line; most lines need neither.
    if "*" in text:
        text = EMPHASIS_RE.sub("", text)
    if "  " in text or ODD_SPACE_RE.search(text):  # else every run of spaces is one space already
        text = SPACES_RE.sub(" ", text)
    return text.strip()


def content_lines(extracted: ExtractedText) -> list[Line]:
    """Every non-blank line, numbered from 1 as in the source text, cleaned of emphasis."""
    out = []
    for i, (raw, page) in enumerate(zip(extracted.lines, extracted.pages), start=1):
        text = clean(raw)
        if text:
            out.append(Line(i, text, page))
    return out


def join(lines: list[Line]) -> str:
    return " ".join(ln.text for ln in lines)
