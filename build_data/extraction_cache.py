"""The text extracted from PDF and DOCX files, kept in the result cache (its `extracted`
table) apart from the rows read from it.

A change to osce-data reads every source again (the result cache is keyed by the code),
but extracting a PDF's text costs a hundred times more than parsing it, and reading a scan
by OCR seconds a page: the extracted text is keyed by the extractors' own code and
libraries instead, so a new parser reuses it. A text that failed (an error issue) is not
kept. A worker looks its file up in the cache read-only; the main process stores what was
extracted anew (ResultCache.put) and, at the end of a build, forgets the texts of files no
longer read or of other extractors (ResultCache.retain). `--full` extracts again (and keeps
the new text)."""

from __future__ import annotations

import functools
import hashlib
import pickle
import sqlite3
import subprocess
import zlib
from pathlib import Path
from typing import NamedTuple

from .cache import fingerprint
from .extract.model import ExtractedText
from .outputs import shown

FORMAT = "1"
OCR_USED = "ocr-used"  # the issue of a text read by OCR (extract/ocr.py)
SCANNED_PAGES = "scanned-pages"  # the issue of a text whose scanned pages were not read
_VERSION: str | None = None


class Kept(NamedTuple):
    """A row of the cache's `extracted` table."""

    key: str
    version: str  # extraction_version() of the code that extracted it
    sha256: str
    name: str  # the file's name as its sources row gives it
    text: bytes  # the ExtractedText, packed


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


def extraction_key(sha256: str, name: str, ocr_engine: str = "") -> str:
    """The key of a file's extracted text: its bytes, its name (messages name the file) and,
    for a text read by OCR, the engine that read it. (The name may hold the escapes of bytes
    that are not UTF-8.)"""
    raw = f"{extraction_version()}\0{sha256}\0{name}\0{ocr_engine}"
    return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


@functools.cache
def _ocr_engine() -> str:
    """Tesseract's version (the text of a scan depends on it), or '-' without Tesseract."""
    try:
        done = subprocess.run(["tesseract", "--version"], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "ocr: -"
    return "ocr: " + (done.stdout or done.stderr).decode("utf-8", "replace").split("\n")[0]


def to_keep(extracted: ExtractedText, sha256: str, name: str) -> Kept | None:
    """What the cache keeps of a text extracted anew, or None for a text that failed (an
    error: a damaged file, a scan that OCR could not read) and is tried again by the next
    build that reads the file. A text read by OCR is kept under the engine that read it."""
    if any(i.level == "error" for i in extracted.issues):
        return None
    ocr = any(i.code == OCR_USED for i in extracted.issues)
    key = extraction_key(sha256, name, _ocr_engine() if ocr else "")
    return Kept(key, extraction_version(), sha256, shown(name), pack_text(extracted))


def cached_text(cache: Path, sha256: str, name: str, ocr: bool) -> ExtractedText | None:
    """The extracted text the cache file keeps for a file, or None (none kept, or a cache
    that cannot be read: the file is then extracted as if none were). A text read without
    OCR serves a build with OCR as well (OCR reads only pages without text), unless it has
    pages without text that are images (scanned pages OCR would read); with OCR, a text
    read by this engine is taken too. The connection is opened for the lookup alone
    (read-only; a forked worker must not use its parent's, and the cache file may have been
    started again since): next to extracting, it costs nothing."""
    keys = [extraction_key(sha256, name)]
    if ocr:
        keys.append(extraction_key(sha256, name, _ocr_engine()))
    try:
        conn = sqlite3.connect(f"{cache.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error:
        return None
    try:
        for key in keys:
            row = conn.execute("SELECT text FROM extracted WHERE key = ?", (key,)).fetchone()
            if row:
                text = unpack_text(row[0])
                if not (ocr and any(i.code == SCANNED_PAGES for i in text.issues)):
                    return text
        return None
    except Exception:  # no such table yet, a damaged entry or cache: extract again
        return None
    finally:
        conn.close()


def kept_files(results) -> set[tuple[str, str]]:
    """(SHA-256, name) of a build's files: the cache keeps their texts (those of this
    version of the extractors, with OCR or without) and forgets the others. A file whose
    reading was stopped (--file-timeout) counts: its format is not known then, but its text
    is still the file's."""
    return {(r.source["sha256"], r.source["filename"]) for r in results}


def pack_text(extracted: ExtractedText) -> bytes:
    return zlib.compress(pickle.dumps(extracted, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack_text(blob: bytes) -> ExtractedText:
    return pickle.loads(zlib.decompress(blob))
