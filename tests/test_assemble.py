"""Rows assembled from SourceRows: the one rule that merges the documents rows of a symbol
(within a source, across sources in a full build and in a patch alike), and document rows
cover lines only for the source that owns the symbol."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from build_data.assemble import rows_to_store
from build_data.read import make_record
from build_data.shared import merge_documents
from build_data.source_rows import complete_row
from build_data.tables import TABLES

DOCUMENTS = TABLES["documents"]
MISSING = (None, "")


def document(title, distribution, source_id="s1", line=1) -> dict:
    return {
        "symbol": "PC.DEL/1/13",
        "series": "PC.DEL",
        "number": 1,
        "year": 2013,
        "title": title,
        "distribution": distribution,
        "source_id": source_id,
        "line_start": line,
        "line_end": line,
    }


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
def test_merge_documents_keeps_the_first_row_and_fills_what_it_lacks(values):
    """The merged row is the first row, its title and distribution marker the first
    given (not None or empty) in order; when none is given, the last row's."""
    rows = [complete_row("documents", document(t, d, f"s{i}")) for i, (t, d) in enumerate(values)]
    titles, markers = [t for t, _ in values], [d for _, d in values]
    expected = document(
        next((t for t in titles if t not in MISSING), titles[-1]),
        next((d for d in markers if d not in MISSING), markers[-1]),
        "s0",
    )
    assert merge_documents(rows) == complete_row("documents", expected)


def test_merging_in_steps_is_merging_at_once():
    """A build merges row by row as sources come (merge of the merged row and the next):
    the same row as merging them all at once, as a patch does."""
    rows = [
        complete_row("documents", document(t, d, f"s{i}"))
        for i, (t, d) in enumerate([(None, ""), ("", "OSCE+"), ("A title", None), ("B", "R")])
    ]
    stepwise = rows[0]
    for r in rows[1:]:
        stepwise = merge_documents((stepwise, r))
    assert (
        stepwise
        == merge_documents(rows)
        == complete_row("documents", document("A title", "OSCE+", "s0"))
    )


def record(sid: str):
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
    rows = {"documents": [document(None, None, sid, 2), document(None, None, sid, 2)]}
    return make_record(source, rows, [], [], {2}, None, [], [])


def test_document_rows_cover_lines_only_for_the_owner():
    """A line read only into a documents row is accounted for in the source that owns the
    symbol (the first to cite it) and left as an unaccounted line elsewhere."""
    result = record("s2")
    owner_rows, lines, accounted = rows_to_store(result, result.tables(), {"PC.DEL/1/13"})
    assert (lines, accounted) == (1, 1)
    assert list(owner_rows["parse_issues"]) == []
    other_rows, lines, accounted = rows_to_store(result, result.tables(), set())
    assert (lines, accounted) == (1, 0)
    assert other_rows["parse_issues"] == [
        complete_row(
            "parse_issues",
            {
                "id": "s2/u0001",
                "source_id": "s2",
                "level": "warning",
                "code": "unaccounted-lines",
                "message": (
                    "These lines were not read into any record; "
                    "they are kept here so nothing is lost."
                ),
                "excerpt": "",
                "line_start": 2,
                "line_end": 2,
            },
        )
    ]
