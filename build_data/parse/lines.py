"""From extracted text to logical content lines."""

from __future__ import annotations

import re

from ..extract.model import ExtractedText
from .records import Line
from .unwrap import unwrap, wrap_cuts

# Markdown emphasis left by an earlier text conversion: formatting, not content.
EMPHASIS_RE = re.compile(r"\*\*|(?<!\w)\*(?=\w)|(?<=\w)\*(?!\w)")
SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")
ODD_SPACE_RE = re.compile(r"[\t\u00a0\u2000-\u200b\u202f]")
# What a copy out of a PDF carries that is typography, not text: ligatures and soft hyphens.
TYPOGRAPHY = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u00ad": None,
    }
)
TYPOGRAPHY_RE = re.compile("[\ufb00-\ufb06\u00ad]")


def clean(text: str) -> str:
    # The substitutions are slow on every line; most lines need none, and a line of ASCII
    # holds no ligature, soft hyphen or odd space but a tab.
    ascii_only = text.isascii()
    if not ascii_only and TYPOGRAPHY_RE.search(text):
        text = text.translate(TYPOGRAPHY)
    if "*" in text:
        text = EMPHASIS_RE.sub("", text)
    if (
        "  " in text or "\t" in text or (not ascii_only and ODD_SPACE_RE.search(text))
    ):  # else every run of spaces is one space already
        text = SPACES_RE.sub(" ", text)
    return text.strip()


def content_lines(extracted: ExtractedText) -> list[Line]:
    """Every non-blank line, numbered from 1 as in the source text, cleaned of emphasis;
    the lines of a hard-wrapped text file joined again into the lines they were cut from."""
    out = []
    for i, (raw, page) in enumerate(zip(extracted.lines, extracted.pages, strict=False), start=1):
        if not raw or raw.isspace():  # cleaned to nothing
            continue
        text = clean(raw)
        if text:
            out.append(Line(i, text, page))
    if extracted.format == "text":
        cuts = wrap_cuts(extracted.lines)
        if cuts:
            return unwrap(out, extracted.lines, cuts)
    return out
