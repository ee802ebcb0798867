"""DOCX -> ExtractedText with python-docx.

Body paragraphs (and table cell paragraphs, in document order) become lines with a blank
line between paragraphs; a manual line break inside a paragraph starts a new line without
a blank line. Section headers and footers go to `furniture`. Footnotes are read from the
package part related as footnotes (``word/footnotes.xml``); python-docx's paragraph text
already leaves out ``w:footnoteReference`` marks, so the body has no marks to strip; each
footnote is attached to the line of the paragraph holding its reference. Word has no
pages until it is laid out, so `pages` are all None.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .model import ExtractedFootnote, ExtractedText, ExtractIssue, Furniture

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
# A Word file is a ZIP archive: a few hundred kilobytes can unpack to gigabytes of XML.
MAX_PART = 50_000_000  # bytes one part may unpack to
MAX_RATIO = 100  # the whole may unpack to this many times the file's size (or MAX_PART)


def oversized(path: Path) -> str | None:
    """Why the archive at path unpacks to too much to be read, or None. The sizes are those
    its directory declares; zipfile never unpacks more than that (a part that would is
    cut short and fails its checksum)."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # python-docx reports it as damaged
    largest = max(parts, key=lambda p: p.file_size, default=None)
    total = sum(p.file_size for p in parts)
    if largest is not None and largest.file_size > MAX_PART:
        return (
            f"its part {largest.filename} unpacks to {largest.file_size / 1e6:.0f} MB (at most "
            f"{MAX_PART / 1e6:.0f} MB are read)"
        )
    if total > max(MAX_PART, MAX_RATIO * path.stat().st_size):
        return f"it unpacks to {total / 1e6:.0f} MB, more than {MAX_RATIO} times its size"
    return None


def extract_docx(path: Path) -> ExtractedText:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    path = Path(path)
    too_big = oversized(path)
    if too_big:
        issue = ExtractIssue(
            "error",
            "oversized-docx",
            f"{path.name} is not read: {too_big}; a journal is far smaller, so check the file.",
        )
        return ExtractedText(format="docx", lines=(), pages=(), issues=(issue,))
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # zipfile, lxml and python-docx errors for broken files
        issue = ExtractIssue(
            "error",
            "damaged-docx",
            f"{path.name} cannot be opened as a Word document "
            f"({type(exc).__name__}); download it again.",
        )
        return ExtractedText(format="docx", lines=(), pages=(), issues=(issue,))

    lines: list[str] = []
    ref_lines: dict[str, int] = {}  # footnote w:id -> 1-based line of the paragraph citing it
    auto_numbered = False
    for child in document.element.body.iterchildren():
        if child.tag == W + "p":
            paragraphs = [Paragraph(child, document._body)]
        elif child.tag == W + "tbl":
            table = Table(child, document._body)
            paragraphs = [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
        else:
            continue
        for par in paragraphs:
            parts = [" ".join(s.split()) for s in par.text.split("\n")]
            parts = [s for s in parts if s]
            if not parts:
                continue
            auto_numbered |= par._p.find(f"{W}pPr/{W}numPr") is not None
            if lines:
                lines.append("")
            for ref in par._p.iter(W + "footnoteReference"):
                ref_lines.setdefault(ref.get(W + "id"), len(lines) + 1)
            lines.extend(parts)

    issues: list[ExtractIssue] = []
    if auto_numbered:
        issues.append(
            ExtractIssue(
                "warning",
                "docx-auto-numbering",
                f"{path.name} numbers some list items automatically and those numbers are not in "
                "the text; check list numbering against the PDF.",
            )
        )
    return ExtractedText(
        format="docx",
        lines=tuple(lines),
        pages=tuple(None for _ in lines),
        footnotes=tuple(_footnotes(document, ref_lines)),
        furniture=tuple(_furniture(document)),
        issues=tuple(issues),
    )


def _furniture(document) -> list[Furniture]:
    out: list[Furniture] = []
    seen: set[tuple[str, str]] = set()
    for section in document.sections:
        parts = [
            ("page_header", section.header),
            ("page_header", section.first_page_header),
            ("page_footer", section.footer),
            ("page_footer", section.first_page_footer),
        ]
        for kind, part in parts:
            if part.is_linked_to_previous:
                continue
            for par in part.paragraphs:
                for text in par.text.split("\n"):
                    text = " ".join(text.split())
                    if text and (kind, text) not in seen:
                        seen.add((kind, text))
                        out.append(Furniture(page=None, kind=kind, text=text))
    return out


def _footnotes(document, ref_lines: dict[str, int]) -> list[ExtractedFootnote]:
    from lxml import etree

    part = next(
        (
            rel.target_part
            for rel in document.part.rels.values()
            if rel.reltype == FOOTNOTES_REL and not rel.is_external
        ),
        None,
    )
    if part is None:
        return []
    root = etree.fromstring(part.blob)
    # Word shows footnotes numbered in the order of their references, not by w:id.
    refs = [r.get(W + "id") for r in document.element.body.iter(W + "footnoteReference")]
    shown = {ref: str(i) for i, ref in enumerate(dict.fromkeys(refs), start=1)}
    notes = []
    for note in root.iter(W + "footnote"):
        if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join("".join(t.text or "" for t in note.iter(W + "t")).split())
        if text:
            nid = note.get(W + "id")
            notes.append(
                ExtractedFootnote(
                    page=None, number=shown.get(nid, nid), text=text, line=ref_lines.get(nid)
                )
            )
    return notes
