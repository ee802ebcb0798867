"""Rows assembled from packed results: the merge of documents that an incremental build
does in Python is the upsert a full build does in SQLite, and document rows cover lines
only for the source that owns the symbol."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from build_data.assemble import merge_documents, source_rows
from build_data.cache import SourceSummary, complete_row
from build_data.store import DOCUMENTS_UPSERT, create_sql
from build_data.tables import TABLES

DOCUMENTS = TABLES["documents"]


def document(title, distribution, source_id="s1") -> tuple:
    return complete_row(
        "documents",
        {
            "symbol": "PC.DEL/1/13",
            "series": "PC.DEL",
            "number": 1,
            "year": 2013,
            "title": title,
            "distribution": distribution,
            "source_id": source_id,
            "line_start": 1,
            "line_end": 1,
        },
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([None, "", "A title", "Another"]),
            st.sampled_from([None, "", "OSCE+", "Restr."]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_merge_documents_is_the_upsert(values):
    """Folding the rows of one symbol in order gives the row the SQL upsert leaves."""
    rows = [document(t, d, f"s{i}") for i, (t, d) in enumerate(values)]
    conn = sqlite3.connect(":memory:")
    conn.execute(create_sql(DOCUMENTS))
    for r in rows:
        conn.execute(DOCUMENTS_UPSERT, r)
    assert merge_documents(rows) == conn.execute("select * from documents").fetchone()


def summary(sid: str) -> SourceSummary:
    source = {
        "id": sid,
        "filename": f"{sid}.txt",
        "sha256": "0" * 64,
        "format": "text",
        "encoding": "utf-8",
        "bytes": 10,
        "line_count": 2,
        "doc_kind": "journal",
        "symbol": None,
        "duplicate_of": None,
        "superseded_by": None,
    }
    return SourceSummary(
        key=sid,
        source=source,
        meeting_ids=[],
        corrigendum=None,
        messages=[],
        span=(1, 2),
        records=1,
        issues=0,
        content=False,
        timings={},
    )


def test_document_rows_cover_lines_only_for_the_owner():
    """A line read only into a documents row is accounted for in the source that owns the
    symbol (the first to cite it) and left as an unaccounted line elsewhere."""
    doc = complete_row(
        "documents",
        {
            "symbol": "PC.DEL/1/13",
            "series": "PC.DEL",
            "source_id": "s2",
            "line_start": 2,
            "line_end": 2,
        },
    )
    payload = {"rows": {"documents": [doc, doc]}, "persons": [], "aliases": [], "nonblank": [2]}
    owner_rows, lines, accounted = source_rows(summary("s2"), payload, {"PC.DEL/1/13"})
    assert (lines, accounted) == (1, 1)
    assert list(owner_rows["parse_issues"]) == []
    other_rows, lines, accounted = source_rows(summary("s2"), payload, set())
    assert (lines, accounted) == (1, 0)
    assert [(r[2], r[-2], r[-1]) for r in other_rows["parse_issues"]] == [
        ("unaccounted-lines", 2, 2)
    ]
