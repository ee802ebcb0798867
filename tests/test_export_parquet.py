"""Parquet export: one file per published table, read back with pyarrow and equal to the
SQLite table row by row, with the column types and descriptions of the catalogue."""

from __future__ import annotations

import sqlite3
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from build_data.tables import CATALOGUE

ARROW = {
    "string": pa.string(),
    "time": pa.string(),
    "integer": pa.int64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "number": pa.float64(),
}


def sqlite_rows(db, table) -> list[dict]:
    """The table as SQLite holds it, values in Python's types for the catalogue's types."""
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        order = ", ".join(table.primary_key)
        out = []
        for r in conn.execute(f"select * from [{table.name}] order by {order}"):
            row = {}
            for c in table.columns:
                v = r[c.name]
                row[c.name] = (
                    date.fromisoformat(v)
                    if c.type == "date" and v
                    else (bool(v) if c.type == "boolean" and v is not None else v)
                )
            out.append(row)
        return out


def test_every_table_has_a_file(bundled_exports):
    """parquet/ holds exactly one file per catalogue table."""
    assert sorted(p.name for p in (bundled_exports / "parquet").iterdir()) == sorted(
        f"{t.name}.parquet" for t in CATALOGUE
    )


@pytest.mark.parametrize("table", CATALOGUE, ids=lambda t: t.name)
def test_parquet_equals_sqlite(bundled, bundled_exports, table):
    """Read back, the file is the SQLite table: same rows in primary-key order, same values."""
    read = pq.read_table(bundled_exports / "parquet" / f"{table.name}.parquet")
    assert read.to_pylist() == sqlite_rows(bundled.db, table)


@pytest.mark.parametrize("table", CATALOGUE, ids=lambda t: t.name)
def test_parquet_schema_from_catalogue(bundled_exports, table):
    """Column names, order, types, nullability and descriptions come from the catalogue."""
    schema = pq.read_schema(bundled_exports / "parquet" / f"{table.name}.parquet")
    assert [(f.name, f.type, f.nullable, f.metadata[b"description"].decode()) for f in schema] == [
        (c.name, ARROW[c.type], not (c.required or c.name in table.primary_key), c.description)
        for c in table.columns
    ]


def test_shared_tables_round_trip(shared_built):
    """The shared journals' tables (alignments, sub-items, persons) round-trip as well."""
    differing = [
        t.name
        for t in CATALOGUE
        if pq.read_table(shared_built.exports / "parquet" / f"{t.name}.parquet").to_pylist()
        != sqlite_rows(shared_built.db, t)
    ]
    assert differing == []
