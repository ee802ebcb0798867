"""The text extracted from PDF and DOCX files, kept in the result cache (its `extracted`
table) apart from the rows read from it.

A change to osce-data reads every source again (the result cache is keyed by the code),
but extracting a PDF's text costs a hundred times more than parsing it, and reading a scan
by OCR seconds a page: the extracted text is keyed by the extractors' own code and
libraries instead, so a new parser reuses it. A worker looks its file up in the cache
read-only; the main process stores what was extracted anew (ResultCache.put). `--full`
extracts again (and keeps the new text)."""

from __future__ import annotations

import functools
import hashlib
import pickle
import sqlite3
import subprocess
import zlib
from pathlib import Path

from .cache import fingerprint
from .extract.model import ExtractedText

FORMAT = "1"
LAYOUT_SUFFIXES = (".pdf", ".docx")
LAYOUT_FORMATS = ("pdf", "docx")  # ExtractedText.format of those files
_VERSION: str | None = None


def extraction_version() -> str:
    """Hash of what decides a file's extracted text: the extractors' code (build_data/extract),
    the libraries they use and Python's version."""
    global _VERSION
    if _VERSION is None:
        root = Path(__file__).resolve().parent / "extract"
        _VERSION = fingerprint(
            f"osce-data extraction {FORMAT}",
            root,
            sorted(root.glob("*.py")),
            ("pdfplumber", "pdfminer.six", "pypdf", "pypdfium2", "python-docx", "lxml"),
        )
    return _VERSION


def is_layout_file(path: Path, data: bytes | None = None) -> bool:
    """Is the file a PDF or a DOCX (read by a layout extractor, as extract() decides)?"""
    return path.suffix.lower() in LAYOUT_SUFFIXES or (data is not None and data[:4] == b"%PDF")


def extraction_key(sha256: str, name: str, ocr: bool) -> str:
    """The key of a file's extracted text: its bytes, its name (messages name the file) and
    whether scans are read by OCR (and by which version of Tesseract)."""
    raw = f"{extraction_version()}\0{sha256}\0{name}\0{_ocr_engine() if ocr else ''}"
    return hashlib.sha256(raw.encode()).hexdigest()


@functools.cache
def _ocr_engine() -> str:
    """Tesseract's version (the text of a scan depends on it), or '-' without Tesseract."""
    try:
        done = subprocess.run(["tesseract", "--version"], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "ocr: -"
    return "ocr: " + (done.stdout or done.stderr).decode("utf-8", "replace").split("\n")[0]


def kept_keys(tasks, results) -> set[str]:
    """The keys of the extracted texts of a build's files (tasks and their results, in
    step): those the cache keeps."""
    return {
        extraction_key(r.source["sha256"], t.path.name, t.ocr)
        for t, r in zip(tasks, results, strict=True)
        if r.source["format"] in LAYOUT_FORMATS
    }


def pack_text(extracted: ExtractedText) -> bytes:
    return zlib.compress(pickle.dumps(extracted, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack_text(blob: bytes) -> ExtractedText:
    return pickle.loads(zlib.decompress(blob))


def cached_text(cache: Path, key: str) -> ExtractedText | None:
    """The extracted text kept under key in the cache file, or None (none kept, or a cache
    that cannot be read: the file is then extracted as if none were). The connection is
    opened for the lookup alone (read-only; a forked worker must not use its parent's, and
    the cache file may have been started again since): next to extracting, it costs nothing."""
    try:
        conn = sqlite3.connect(f"{cache.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT text FROM extracted WHERE key = ?", (key,)).fetchone()
        return unpack_text(row[0]) if row else None
    except Exception:  # no such table yet, a damaged entry or cache: extract again
        return None
    finally:
        conn.close()
