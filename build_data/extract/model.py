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
    line: int | None = (
        None  # 1-based line of `lines` it stood beside (the text running there), when known
    )


@dataclass(frozen=True)
class ExtractedFootnote:
    page: int | None
    number: str
    text: str
    line: int | None = None  # 1-based line of `lines` that carried its mark, when known


@dataclass(frozen=True)
class ExtractIssue:
    level: str  # 'error' or 'warning'
    code: str  # slug, e.g. 'no-text-layer', 'encrypted-pdf', 'decoded-with-fallback'
    message: str  # one sentence: what is wrong and what to do


@dataclass(frozen=True)
class ExtractedText:
    """Lines of text (no trailing newlines); pages[i] is the page lines[i] starts on, or None;
    page_ends[i] the page it ends on (a paragraph can run over a page break), or () when
    the extractor knows no pages."""

    format: str  # 'text', 'pdf', 'docx'
    lines: tuple[str, ...]
    pages: tuple[int | None, ...]
    footnotes: tuple[ExtractedFootnote, ...] = ()
    furniture: tuple[Furniture, ...] = ()
    issues: tuple[ExtractIssue, ...] = field(default=())
    page_ends: tuple[int | None, ...] = ()

    def __post_init__(self) -> None:
        if len(self.lines) != len(self.pages):
            raise ValueError("lines and pages must have the same length")
        if self.page_ends and len(self.page_ends) != len(self.lines):
            raise ValueError("page_ends must be empty or as long as lines")

    def page_end(self, i: int) -> int | None:
        """Page that line i (0-based) ends on."""
        return self.page_ends[i] if self.page_ends else self.pages[i]
