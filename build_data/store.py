"""Store stage: rows -> a SQLite database built in a temporary file and renamed into place."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from .errors import OsceDataError
from .tables import CATALOGUE, SQLITE_TYPES, Table
from .tempfiles import recover


def sort_key(table: Table):
    pk = table.primary_key
    return lambda row: tuple(row[c] for c in pk)


def create_sql(table: Table) -> str:
    cols = []
    for c in table.columns:
        null = " NOT NULL" if c.required or c.name in table.primary_key else ""
        cols.append(f"[{c.name}] {SQLITE_TYPES[c.type]}{null}")
    cols.append(f"PRIMARY KEY ({', '.join(f'[{c}]' for c in table.primary_key)})")
    for col, other, other_col in table.foreign_keys:
        cols.append(f"FOREIGN KEY([{col}]) REFERENCES [{other}]([{other_col}])")
    return f"CREATE TABLE [{table.name}] (\n   " + ",\n   ".join(cols) + "\n)"


def index_columns(table: Table) -> list[str]:
    """Foreign-key, facet and extra index columns (the primary key has its own index)."""
    out: list[str] = []
    for c in [c for c, _, _ in table.foreign_keys] + list(table.facets) + list(table.indexes):
        if c not in out and c != table.primary_key[0]:
            out.append(c)
    return out


def write_database(rows: dict[str, list[dict]], path: Path) -> None:
    """Write every catalogue table to a new database at path, atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    recover(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if tmp.exists():
        tmp.unlink()
    try:
        db = sqlite_utils.Database(tmp)
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        with db.conn:
            for table in CATALOGUE:
                db.execute(create_sql(table))
            for table in CATALOGUE:
                data = sorted(rows.get(table.name, []), key=sort_key(table))
                if data:
                    db[table.name].insert_all(data, batch_size=2000, columns=None)
        for table in CATALOGUE:
            for col in index_columns(table):
                db[table.name].create_index([col], index_name=f"idx_{table.name}_{col}", if_not_exists=True)
            if table.fts:
                db[table.name].enable_fts(list(table.fts), tokenize="porter", create_triggers=False)
        problems = list(db.query("PRAGMA foreign_key_check"))
        if problems:
            raise StoreError(f"{len(problems)} rows break foreign keys, e.g. {problems[0]}; this is a bug in osce-data, please report it.")
        db.execute("ANALYZE")
        db.conn.commit()
        db.execute("VACUUM")
        db.close()
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


class StoreError(OsceDataError):
    pass


def integrity_ok(path: Path) -> bool:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
