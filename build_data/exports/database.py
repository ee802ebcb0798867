"""The database an export reads: opened read-only, rows as dictionaries."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import OsceDataError
from ..tables import TABLES


class ExportError(OsceDataError):
    """An export could not be written; the previous exports are unchanged."""


def open_read_only(db_path: Path) -> sqlite3.Connection:
    """The database built by `osce-data build`, opened so that nothing can write to it."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise ExportError(f"{db_path} does not exist; run `osce-data build` first (or give --db).")
    conn = sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        missing = [
            name
            for name in TABLES
            if not conn.execute(
                "select 1 from sqlite_master where type = 'table' and name = ?", (name,)
            ).fetchone()
        ]
    except sqlite3.DatabaseError as err:
        conn.close()
        raise ExportError(
            f"{db_path} is not a database built by osce-data "
            f"({err}); build it again with `osce-data build`."
        ) from None
    if missing:
        conn.close()
        raise ExportError(
            f"{db_path} lacks the table(s) {', '.join(missing)}; "
            "build it again with `osce-data build`."
        )
    return conn


def rows(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    return [dict(r) for r in conn.execute(sql, params)]
