"""Optional OCR of scanned PDF pages (images without a text layer: a whole scan, or scanned
pages among typeset ones) with the Tesseract engine.

Off by default: `osce-data build --ocr` (or the environment variable OSCE_DATA_OCR=1, read by the
command line) turns it on, given to the extractors as their `ocr` argument. Each page is rendered at
300 dpi (pypdfium2, which pdfplumber already needs) and Tesseract (`apt-get install tesseract-ocr
tesseract-ocr-eng`; it runs offline) writes a PDF with an invisible text layer over the images. Its
pages are read by the ordinary layout extractor, in place of the scanned ones, so furniture,
paragraphs and hyphenation are handled the same way; footnotes are often not separated, because
OCR gives every line an estimated size. OCR text has errors ("attachment |" for "attachment 1"),
so every OCR'd source gets an `ocr-used` warning. It takes a few seconds per page.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

DPI = 300


def available() -> bool:
    return shutil.which("tesseract") is not None


def ocr_pdf(
    path: Path, out_dir: Path, language: str = "eng", pages: list[int] | None = None
) -> Path:
    """A copy of the PDF at path (of its `pages`, indexes, when given) with a text layer,
    written in out_dir; raises on failure."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    images = []
    try:
        for i in range(len(pdf)) if pages is None else pages:
            image = out_dir / f"page-{i + 1:04d}.png"
            pdf[i].render(scale=DPI / 72, grayscale=True).to_pil().save(image, dpi=(DPI, DPI))
            images.append(str(image))
    finally:
        pdf.close()
    listing = out_dir / "pages.txt"
    listing.write_text("\n".join(images) + "\n", encoding="utf-8")
    base = out_dir / "ocr"
    subprocess.run(
        ["tesseract", str(listing), str(base), "-l", language, "--dpi", str(DPI), "pdf"],
        check=True,
        capture_output=True,
        timeout=60 * max(1, len(images)),
    )
    return base.with_suffix(".pdf")


def read_pages(path: Path, pages: list[int], page_lines) -> list | None:
    """The lines of the PDF's `pages` (indexes: its scanned pages, all of a scan or some
    among typeset ones) read by OCR, each page's as `page_lines` reads a pdfplumber page;
    None when Tesseract is missing or failed."""
    import pdfplumber

    if not available():
        return None
    with tempfile.TemporaryDirectory(prefix="osce-ocr-") as tmp:
        try:
            searchable = ocr_pdf(path, Path(tmp), pages=pages)
            with pdfplumber.open(searchable) as pdf:
                read = []
                for page in pdf.pages:
                    read.append(page_lines(page))
                    page.close()
        except Exception:
            return None
    return read if len(read) == len(pages) else None
