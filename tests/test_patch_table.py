"""export.patch_table: a CSV patched block by block is byte for byte the CSV written whole
from the same database, and the stats it returns are the file's true size and SHA-256."""

from __future__ import annotations

import sqlite3

import pytest

from build_data import export
from build_data.export import file_stats, patch_table, write_table
from build_data.store import create_sql, insert_sql, iter_rows
from build_data.tables import TABLES

TABLE = TABLES["source_lines"]


def lines(sources: int, per_source: int) -> list[tuple]:
    return [
        (f"s{s:03d}", n, 1 + n // 40, None, f'line {n} of s{s:03d}, "quoted", é\r\nnext')
        for s in range(sources)
        for n in range(1, per_source + 1)
    ]


@pytest.fixture()
def db(tmp_path):
    conn = sqlite3.connect(tmp_path / "t.db")
    conn.execute(create_sql(TABLE))
    conn.executemany(insert_sql(TABLE), lines(12, 50))
    conn.commit()
    yield conn
    conn.close()


@pytest.mark.parametrize(
    "edit",
    [
        "one source in the middle",
        "the first and the last source",
        "rows added at the end",
        "every row removed",
    ],
)
def test_patched_csv_equals_the_csv_written_whole(db, tmp_path, monkeypatch, edit):
    """Blocks of 16 rows (so the file has many): after the edit, the patched CSV, its block
    index and its stats equal what write_table gives from the edited database and what
    file_stats reads from the file."""
    monkeypatch.setattr(export, "BLOCK_ROWS", 16)
    old = tmp_path / "old.csv"
    index = write_table(old, TABLE, iter_rows(db, TABLE))
    assert len(index) > 20
    where = {
        "one source in the middle": "source_id = 's005'",
        "the first and the last source": "source_id IN ('s000', 's011')",
        "rows added at the end": None,
        "every row removed": "1",
    }[edit]
    if where is None:
        keys = {(f"s{s:03d}", n) for s in (12, 13) for n in range(1, 51)}
        db.executemany(insert_sql(TABLE), [r for r in lines(14, 50) if r[:2] in keys])
    else:
        keys = set(db.execute(f"SELECT source_id, line_number FROM source_lines WHERE {where}"))
        db.execute(f"UPDATE source_lines SET text = text || ' (edited)' WHERE {where}")
        if edit == "every row removed":
            db.execute("DELETE FROM source_lines")
    new, whole = tmp_path / "new.csv", tmp_path / "whole.csv"
    new_index, stats = patch_table(old, new, TABLE, index, keys, db)
    whole_index = write_table(whole, TABLE, iter_rows(db, TABLE))
    assert new.read_bytes() == whole.read_bytes()
    assert new_index == whole_index
    assert stats == file_stats(new)
