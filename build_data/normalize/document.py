"""Normalize one parsed document into table rows: stable ids, actors, document symbols.

Pure: the same ParsedDocument and registry give the same rows. Rows are dicts keyed by
the catalogue's column names; the store and export stages check them against it. The
tables are made by family: meetings.py, decisions.py, statements.py; builder.py holds
what they share.
"""

from __future__ import annotations

from ..issues import issue_row
from ..parse.records import ParsedDocument
from ..tables import TABLES
from .actors import Registry
from .builder import SourceBuilder, SourceInfo, prov, slug_number
from .decisions import decision_number_read, decision_rows
from .meetings import journal_rows


def normalize_document(
    source: SourceInfo, doc: ParsedDocument, registry: Registry
) -> tuple[dict[str, list[dict]], list[dict], list[tuple[str, str]]]:
    """(rows per table, person actor rows, seen aliases) for one parsed document."""
    b = SourceBuilder(source, doc, registry)
    if doc.doc_kind == "journal" and doc.header is not None:
        journal_rows(b)
    elif doc.doc_kind == "decision":
        b.date = b.date or (doc.doc_header.date if doc.doc_header else None)
        for d in doc.decisions:
            if b.body:
                number = b.without_footnote_mark(d.number, d.span, d.issued_symbol)
                if decision_number_read(b, number, d.span):
                    decision_rows(b, None, number, None, d)
            else:
                b.issue(
                    "warning",
                    "unknown-body",
                    "The decision's body (PC, FSC or MC) is not printed in its header; it is not "
                    "read into decisions.",
                    d.span,
                    d.number,
                )
        for att in doc.attachments:
            b.issue(
                "warning",
                "statement-without-meeting",
                "A statement attached to a decision document has no meeting to belong to; its "
                "text is kept only here.",
                att.span,
                att.text[:200],
            )
    if doc.doc_header is not None:
        dh = doc.doc_header
        b.rows["document_headers"].append(
            {
                "source_id": source.id,
                "body": dh.body,
                "symbol": dh.symbol,
                "date": dh.date,
                "meeting_number": dh.meeting_number,
                "journal_number": dh.journal_number,
                "agenda_item": dh.agenda_item,
                "chairmanship": dh.chairmanship,
                "line_start": dh.span.start,
                "line_end": dh.span.end,
            }
        )
    for fn in doc.footnotes:
        attached = None
        if fn.context.startswith("decision ") and b.body:
            attached = f"{b.body.lower()}-dec-{slug_number(fn.context.split(' ', 1)[1])}"
        elif fn.context == "journal":
            attached = b.meeting_id if hasattr(b, "meeting_id") else None
        b.rows["footnotes"].append(
            {
                "id": f"{source.id}/fn{fn.span.start}",
                "number": fn.number,
                "text": fn.text,
                "attached_to": attached,
                **prov(source, fn.span),
            }
        )
    for k, f in enumerate(doc.furniture, start=1):
        b.rows["page_furniture"].append(
            {
                "id": f"{source.id}/pf{k:04d}",
                "kind": f.kind,
                "page": f.page,
                "text": f.text,
                **prov(source, f.span),
            }
        )
    issues = sorted(b.issues, key=lambda i: (i.span.start, i.span.end, i.code, i.message))
    for k, i in enumerate(issues, start=1):
        span = {"line_start": i.span.start, "line_end": i.span.end}
        b.rows["parse_issues"].append(
            issue_row(source.id, "parse", k, i.level, i.code, i.message, i.excerpt[:300], span)
        )
    columns = TABLES["documents"].column_names
    b.rows["documents"].extend(dict(zip(columns, r, strict=True)) for r in b.documents.values())
    return dict(b.rows), list(b.persons.values()), sorted(b.aliases)
