"""Extract stage: any supported file -> ExtractedText (numbered lines of text)."""

from __future__ import annotations

from pathlib import Path

from .model import ExtractedText, ExtractIssue
from .text import extract_text

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | {".pdf", ".docx"}


def extract(path: Path, data: bytes) -> tuple[ExtractedText, str | None]:
    """(extracted text, text encoding or None) for the file at path whose bytes are data."""
    suffix = path.suffix.lower()
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        from .pdf import extract_pdf

        return extract_pdf(path), None
    if suffix == ".docx":
        from .docx import extract_docx

        return extract_docx(path), None
    if suffix not in TEXT_SUFFIXES:
        issue = ExtractIssue("error", "unsupported-format", f"Files of type '{suffix}' are not supported; give journals as .txt, .md, .pdf or .docx.")
        return ExtractedText("unknown", (), (), issues=(issue,)), None
    return extract_text(data)
