"""Parquet: one file per published table, column types and descriptions from the table
catalogue, rows in primary-key order.

The write options are pinned so that the same rows give the same bytes: row groups of BATCH
rows, zstd at a fixed level, statistics on, and the Arrow schema stored (it carries the
column descriptions). Parquet files hold no write time; `created_by` names the writing
library's version, so the bytes change only when pyarrow does.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from ..store import iter_rows
from ..tables import CATALOGUE, Column, Table
from .database import ExportError

BATCH = 1 << 16  # rows read from SQLite at a time; each batch is one row group


def pyarrow_modules():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ExportError(
            "Parquet needs pyarrow, which is not installed: pip install 'osce-data[parquet]' (or "
            "name the other formats: osce-data export akn popolo graph)."
        ) from None
    return pyarrow, pyarrow.parquet


def arrow_type(pa, column: Column):
    return {
        "string": pa.string(),
        "time": pa.string(),
        "integer": pa.int64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "number": pa.float64(),
    }[column.type]


def schema(pa, table: Table):
    fields = [
        pa.field(
            c.name,
            arrow_type(pa, c),
            nullable=not (c.required or c.name in table.primary_key),
            metadata={"description": c.description},
        )
        for c in table.columns
    ]
    return pa.schema(
        fields,
        metadata={
            "table": table.name,
            "description": table.description,
            "primary_key": ",".join(table.primary_key),
        },
    )


def convert(column: Column, values: list) -> list:
    if column.type == "date":
        return [date.fromisoformat(v) if v else None for v in values]
    if column.type == "boolean":
        return [None if v is None else bool(v) for v in values]
    return values


def write(conn: sqlite3.Connection, out: Path) -> list[Path]:
    pa, pq = pyarrow_modules()
    folder = out / "parquet"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for table in CATALOGUE:
        path = folder / f"{table.name}.parquet"
        arrow_schema = schema(pa, table)
        rows = iter_rows(conn, table)
        with pq.ParquetWriter(
            path,
            arrow_schema,
            compression="zstd",
            compression_level=9,
            use_dictionary=True,
            write_statistics=True,
            version="2.6",
            data_page_version="1.0",
            store_schema=True,
        ) as writer:
            while batch := rows.fetchmany(BATCH):
                arrays = [
                    pa.array(convert(c, [r[i] for r in batch]), type=arrow_type(pa, c))
                    for i, c in enumerate(table.columns)
                ]
                writer.write_table(pa.Table.from_arrays(arrays, schema=arrow_schema))
        files.append(path)
    return files
