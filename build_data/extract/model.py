"""What every extractor returns: the text of one file as numbered lines.

Parsing sees only this, whatever the file format was, so there is one parse path.
Page furniture and footnotes that an extractor could separate by layout (PDF, DOCX)
are handed over beside the lines instead of inside them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Furniture:
    """Something removed from the text because it is not content."""

    page: int | None
    kind: str  # 'page_header', 'page_footer', 'page_number', 'internal_code'
    text: str


@dataclass(frozen=True)
class ExtractedFootnote:
    page: int | None
    number: str
    text: str


@dataclass(frozen=True)
class ExtractIssue:
    level: str  # 'error' or 'warning'
    code: str  # slug, e.g. 'no-text-layer', 'encrypted-pdf', 'decoded-with-fallback'
    message: str  # one sentence: what is wrong and what to do


@dataclass(frozen=True)
class ExtractedText:
    """Lines of text (no trailing newlines); pages[i] is the page of lines[i] or None."""

    format: str  # 'text', 'pdf', 'docx'
    lines: tuple[str, ...]
    pages: tuple[int | None, ...]
    footnotes: tuple[ExtractedFootnote, ...] = ()
    furniture: tuple[Furniture, ...] = ()
    issues: tuple[ExtractIssue, ...] = field(default=())

    def __post_init__(self) -> None:
        if len(self.lines) != len(self.pages):
            raise ValueError("lines and pages must have the same length")
