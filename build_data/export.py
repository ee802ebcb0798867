"""Export stage: rows -> datapackage/ (datapackage.json and one CSV per table), swapped
into place only when complete. Byte-identical for identical inputs."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Callable, Iterable

from .store import iter_rows
from .tables import CATALOGUE, TIME_PATTERN, Column, Table
from .tempfiles import recover

PACKAGE = {
    "name": "osce-journals",
    "title": "OSCE meeting journals as open data",
    "description": (
        "Meetings, agenda items, speaker lists, decisions with their full text, action items, "
        "interpretative statements, actors and documents read from the journals of the OSCE's "
        "Permanent Council, Forum for Security Co-operation and Ministerial Council. Every row "
        "carries the source file and line span it was read from; parse_issues lists what the "
        "parser could not fully understand."
    ),
    "homepage": "https://www.osce.org/resources/documents",
    "licenses": [
        {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 (the structured data)", "path": "https://creativecommons.org/licenses/by/4.0/"}
    ],
    "sources": [{"title": "Organization for Security and Co-operation in Europe (OSCE): meeting journals", "path": "https://www.osce.org/resources/documents"}],
}
FRICTIONLESS_TYPES = {"string": "string", "integer": "integer", "boolean": "boolean", "date": "date", "time": "string", "number": "number"}


def field(column: Column, table: Table) -> dict:
    f: dict = {"name": column.name, "type": FRICTIONLESS_TYPES[column.type], "description": column.description}
    constraints: dict = {}
    if column.required or column.name in table.primary_key:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if column.type == "time":
        constraints["pattern"] = TIME_PATTERN
    if column.type == "boolean":
        f["trueValues"], f["falseValues"] = ["true"], ["false"]
    if constraints:
        f["constraints"] = constraints
    return f


def resource(table: Table) -> dict:
    schema: dict = {"fields": [field(c, table) for c in table.columns], "primaryKey": list(table.primary_key)}
    fks = [
        {"fields": [col], "reference": {"resource": "" if other == table.name else other, "fields": [other_col]}}
        for col, other, other_col in table.foreign_keys
    ]
    if fks:
        schema["foreignKeys"] = fks
    return {
        "name": table.name,
        "title": table.title,
        "description": table.description,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def descriptor() -> dict:
    return {**PACKAGE, "profile": "tabular-data-package", "resources": [resource(t) for t in CATALOGUE]}


def cell(value, column: Column) -> str:
    if value is None:
        return ""
    if column.type == "boolean":
        return "true" if value else "false"
    return str(value)


def write_csv(out, table: Table, rows: Iterable[tuple]) -> None:
    """Rows (tuples in catalogue column order, already in primary-key order) as CSV."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.column_names)
    kinds = [c.type for c in table.columns]
    if "boolean" in kinds:
        columns = table.columns
        writer.writerows([cell(v, c) for v, c in zip(row, columns)] for row in rows)
    else:
        writer.writerows(["" if v is None else str(v) for v in row] for row in rows)


def _swap_in(directory: Path, fill: Callable[[Path], None]) -> None:
    """Write the package to a sibling temporary folder with fill(), then swap it into place."""
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    recover(directory)
    tmp = directory.with_name(f".{directory.name}.{os.getpid()}.tmp")
    old = directory.with_name(f".{directory.name}.{os.getpid()}.old")
    for leftover in (tmp, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    tmp.mkdir()
    try:
        fill(tmp)
        (tmp / "datapackage.json").write_text(json.dumps(descriptor(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if directory.exists():
            os.replace(directory, old)
        os.replace(tmp, directory)
    finally:
        for leftover in (tmp, old):
            if leftover.exists():
                shutil.rmtree(leftover)


def write_package_from_db(db_path: Path, directory: Path) -> None:
    """Write the package from a built database, streaming each table in primary-key
    order."""
    def fill(tmp: Path) -> None:
        conn = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)
        try:
            for table in CATALOGUE:
                with open(tmp / f"{table.name}.csv", "w", encoding="utf-8", newline="") as out:
                    write_csv(out, table, iter_rows(conn, table))
        finally:
            conn.close()
    _swap_in(directory, fill)
