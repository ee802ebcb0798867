"""Extract stage: any supported file -> ExtractedText (numbered lines of text)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from .model import ExtractedText, ExtractIssue
from .text import extract_text

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}


def layout_format(path: Path, data: bytes) -> str | None:
    """'pdf' or 'docx' for a file a layout extractor reads (by its name or, for a PDF, its
    first bytes), else None."""
    suffix = path.suffix.lower()
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        return "pdf"
    return "docx" if suffix == ".docx" else None


def extract(path: Path, data: bytes, *, ocr: bool = False) -> tuple[ExtractedText, str | None]:
    """(extracted text, text encoding or None) for the file at path whose bytes are data;
    a scanned PDF is read by OCR when `ocr`."""
    layout = layout_format(path, data)
    if layout == "pdf":
        from . import pdf

        return _guarded(partial(pdf.extract_pdf, ocr=ocr), path, "pdf"), None
    if layout == "docx":
        from .docx import extract_docx

        return _guarded(extract_docx, path, "docx"), None
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        issue = ExtractIssue(
            "error",
            "unsupported-format",
            f"Files of type '{suffix}' are not supported; "
            "give journals as .txt, .md, .pdf or .docx.",
        )
        return ExtractedText("unknown", (), (), issues=(issue,)), None
    return extract_text(data)


def _guarded(extractor, path: Path, fmt: str) -> ExtractedText:
    """Run a layout extractor; a failure on a strange file becomes an issue, so one file
    can never stop the build (the extractors already report the failures they expect)."""
    try:
        return extractor(path)
    except Exception as exc:
        issue = ExtractIssue(
            "error",
            f"damaged-{fmt}",
            f"{path.name} could not be read ({type(exc).__name__}: {str(exc)[:120]}); download it "
            "again, or report it if it opens elsewhere.",
        )
        return ExtractedText(fmt, (), (), issues=(issue,))
