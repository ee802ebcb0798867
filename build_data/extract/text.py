"""Text files: decode bytes to lines, telling what was done when the bytes were odd; a text
with page breaks (form feeds, as pdftotext writes them) is read by paged.py."""

from __future__ import annotations

import re
from dataclasses import replace

from .model import ExtractedText, ExtractIssue
from .paged import extract_paged

LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Every byte but the control bytes counted by looks_binary: deleting them leaves only those.
NOT_CONTROL_BYTES = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32 or b == 127))


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if sample.startswith(
        (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF")
    ):
        return True
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 with BOM
    controls = len(sample.translate(None, NOT_CONTROL_BYTES))
    return controls / len(sample) > 0.10


def _line_of(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def _bad_utf8(data: bytes) -> tuple[int, int]:
    """(invalid bytes, valid multi-byte characters) when data is read as UTF-8."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    good = sum(1 for ch in text if ord(ch) > 127 and not "\udc80" <= ch <= "\udcff")
    return bad, good


def decode(data: bytes) -> tuple[str, str, list[ExtractIssue]]:
    """(text, encoding, issues). UTF-8 (with or without BOM) and UTF-16 with BOM are read
    as they are. A UTF-8 file cut in the middle of a character, or with a few stray bytes
    among many valid accented letters, stays UTF-8 (bad bytes replaced by U+FFFD, with a
    warning); anything else falls back to cp1252, then latin-1, with a warning."""
    issues: list[ExtractIssue] = []
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding, issues = decode(data[3:])
        return text, ("utf-8-sig" if encoding == "utf-8" else encoding), issues
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        if len(data) % 2 or "\ufffd" in text:
            issues.append(
                ExtractIssue(
                    "warning",
                    "bad-utf16",
                    "The file is not valid UTF-16 (it may be truncated); unreadable characters "
                    "were replaced by U+FFFD: check the text, or save it as UTF-8.",
                )
            )
        return text, "utf-16", issues
    try:
        return data.decode("utf-8"), "utf-8", issues
    except UnicodeDecodeError as err:
        where = _line_of(data, err.start)
        if (
            err.reason == "unexpected end of data"
            and err.end == len(data)
            and len(data) - err.start < 4
        ):
            issues.append(
                ExtractIssue(
                    "warning",
                    "truncated-character",
                    "The file ends in the middle of a UTF-8 character (line "
                    f"{where}), so it may be truncated; the partial "
                    "character was dropped: check that the file is complete.",
                )
            )
            return data[: err.start].decode("utf-8"), "utf-8", issues
        bad, good = _bad_utf8(data)
        if good >= 2 * bad:
            issues.append(
                ExtractIssue(
                    "warning",
                    "invalid-utf8-bytes",
                    f"The file is UTF-8 but {bad} byte(s) are not valid UTF-8 (the first on line "
                    f"{where}); they were replaced by U+FFFD: check the text near that line.",
                )
            )
            return data.decode("utf-8", errors="replace"), "utf-8", issues
        for encoding in ("cp1252", "latin-1"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            issues.append(
                ExtractIssue(
                    "warning",
                    "decoded-with-fallback",
                    f"The file is not valid UTF-8 (first bad byte on line {where}); it was read "
                    f"as {encoding}: check accented names, or save it as UTF-8.",
                )
            )
            return text, encoding, issues
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def extract_text(data: bytes) -> tuple[ExtractedText, str | None]:
    """Lines of a text file, and the encoding used."""
    if not data.strip():
        issue = ExtractIssue(
            "error",
            "empty-file",
            "The file is empty or holds only white space; there is nothing to build from it.",
        )
        return ExtractedText("text", (), (), issues=(issue,)), None
    if looks_binary(data):
        issue = ExtractIssue(
            "error",
            "binary-file",
            "The file holds binary data, not text; give the journal as text, PDF or DOCX.",
        )
        return ExtractedText("unknown", (), (), issues=(issue,)), None
    text, encoding, issues = decode(data)
    has_controls = CONTROL_RE.search(text) is not None
    if not (
        CONTROL_RE.sub("", text) if has_controls else text
    ).strip():  # e.g. only a byte order mark, or NULs and blanks
        issue = ExtractIssue(
            "error",
            "empty-file",
            "The file is empty or holds only white space; there is nothing to build from it.",
        )
        return ExtractedText("text", (), (), issues=(issue,)), None
    text = text.replace("\x0b", "")
    first = CONTROL_RE.search(text) if has_controls else None
    if first:
        where = (
            text.count("\n", 0, first.start())
            + text.count("\r", 0, first.start())
            - text.count("\r\n", 0, first.start())
            + 1
        )
        issues.append(
            ExtractIssue(
                "warning",
                "control-characters",
                f"The text contains NUL or other control characters (the first on line {where}); "
                "they were removed: check the text near that line.",
            )
        )
        text = CONTROL_RE.sub("", text)
    if "\f" in text:  # page breaks, as pdftotext writes them: read the pages as a PDF's
        paged = extract_paged([LINE_BREAK_RE.split(page) for page in text.split("\f")])
        return replace(paged, issues=(*issues, *paged.issues)), encoding
    lines = LINE_BREAK_RE.split(text) if "\r" in text else text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return ExtractedText("text", tuple(lines), (None,) * len(lines), issues=tuple(issues)), encoding
