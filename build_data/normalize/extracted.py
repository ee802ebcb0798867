"""Rows read from the extracted text itself rather than from the parsed journal: every
non-blank line (source_lines), the footnotes and the page furniture (headers, footers,
page numbers) the layout of a PDF or DOCX shows."""

from __future__ import annotations

from ..extract.model import ExtractedText


def source_line_rows(source_id: str, extracted: ExtractedText) -> list[dict]:
    """source_lines rows: every non-blank line as parsed, with its page(s) for a PDF."""
    return [
        {
            "source_id": source_id,
            "line_number": i,
            "page": extracted.pages[i - 1],
            "page_end": extracted.page_end(i - 1),
            "text": line,
        }
        for i, line in enumerate(extracted.lines, start=1)
        if line.strip()
    ]


def add_layout_rows(rows: dict[str, list[dict]], source_id: str, extracted: ExtractedText) -> None:
    """Add to a source's rows the footnotes and page furniture the layout separated from
    the text (numbered after those the parser found)."""
    for f in extracted.footnotes:
        n = len(rows.setdefault("footnotes", []))
        rows["footnotes"].append(
            {
                "id": f"{source_id}/pfn{n + 1:03d}",
                "number": f.number,
                "text": f.text,
                "attached_to": _record_at(rows, f.line),
                "page": f.page,
                "source_id": source_id,
                "line_start": f.line or 0,
                "line_end": f.line or 0,
            }
        )
    for k, f in enumerate(extracted.furniture, start=1):
        rows.setdefault("page_furniture", []).append(
            {
                "id": f"{source_id}/x{k:04d}",
                "kind": f.kind,
                "page": f.page,
                "text": f.text,
                "source_id": source_id,
                "line_start": f.line or 0,
                "line_end": f.line or 0,
            }
        )


def _record_at(rows: dict[str, list[dict]], line: int | None) -> str | None:
    """Id of the decision, else the meeting, whose lines include line (what a footnote
    mark there annotates)."""
    for table in ("decisions", "meetings"):
        for row in rows.get(table, []):
            if line and row["line_start"] <= line <= row["line_end"]:
                return row["id"]
    return None
