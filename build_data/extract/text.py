"""Text files: decode bytes to lines, telling what was done when the bytes were odd."""

from __future__ import annotations

import re

from .model import ExtractedText, ExtractIssue

LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if sample.startswith((b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF")):
        return True
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 with BOM
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32 or b == 127)
    return controls / len(sample) > 0.10


def decode(data: bytes) -> tuple[str, str, list[ExtractIssue]]:
    """(text, encoding, issues). UTF-8 (with or without BOM) and UTF-16 with BOM are read
    as they are; anything else falls back to cp1252, then latin-1, with a warning."""
    issues: list[ExtractIssue] = []
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", issues
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16", issues
    try:
        return data.decode("utf-8"), "utf-8", issues
    except UnicodeDecodeError as err:
        where = data[: err.start].count(b"\n") + 1
        for encoding in ("cp1252", "latin-1"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            issues.append(
                ExtractIssue("warning", "decoded-with-fallback", f"The file is not valid UTF-8 (first bad byte on line {where}); it was read as {encoding}: check accented names, or save it as UTF-8.")
            )
            return text, encoding, issues
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def extract_text(data: bytes) -> tuple[ExtractedText, str | None]:
    """Lines of a text file, and the encoding used."""
    if not data.strip():
        issue = ExtractIssue("error", "empty-file", "The file is empty or holds only white space; there is nothing to build from it.")
        return ExtractedText("text", (), (), issues=(issue,)), None
    if looks_binary(data):
        issue = ExtractIssue("error", "binary-file", "The file holds binary data, not text; give the journal as text, PDF or DOCX.")
        return ExtractedText("unknown", (), (), issues=(issue,)), None
    text, encoding, issues = decode(data)
    if "\x00" in text or CONTROL_RE.search(text):
        issues.append(ExtractIssue("warning", "control-characters", "The text contains NUL or other control characters; they were removed."))
        text = CONTROL_RE.sub("", text)
    lines = LINE_BREAK_RE.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return ExtractedText("text", tuple(lines), (None,) * len(lines), issues=tuple(issues)), encoding
