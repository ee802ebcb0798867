"""What changed between two builds: rows added, removed and changed per table (by primary
key), the columns that changed, schema changes, and the smallest version bump they need.

Both sides are SQLite files attached to one connection, and every comparison is a SQL
query over the primary-key indexes (NOT EXISTS for added and removed rows, a join on the
key for changed ones), so no table is read into Python. A data package folder is first
loaded into a temporary SQLite file with the types and primary keys of its schema, and a
release archive (.zip) gives its osce.db.

Bump rules (the Frictionless data-package version recipe): a table or column removed, a
column retyped or a primary key changed needs MAJOR; a table or column added, rows added
or removed need MINOR; values corrected in existing rows need PATCH.
"""

from __future__ import annotations

import contextlib
import csv
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.request import pathname2url

from .errors import OsceDataError, ValidationError
from .release_record import BUMPS
from .store import settle_for_reading
from .tables import SQLITE_TYPES, TABLES
from .validate import check_descriptor

FRICTIONLESS_TO_SQLITE = {
    "string": "TEXT",
    "integer": "INTEGER",
    "boolean": "INTEGER",
    "date": "TEXT",
    "number": "REAL",
}
SCHEMA_BUMPS = {
    "table-removed": "major",
    "column-removed": "major",
    "column-retyped": "major",
    "primary-key-changed": "major",
    "table-added": "minor",
    "column-added": "minor",
}
assert set(FRICTIONLESS_TO_SQLITE.values()) >= set(SQLITE_TYPES.values())


class DiffError(OsceDataError):
    """One side of a diff cannot be read."""


@dataclass(frozen=True)
class SchemaChange:
    change: str  # a key of SCHEMA_BUMPS
    table: str
    column: str | None = None
    old: str | None = None  # the type, or the primary key, before
    new: str | None = None

    @property
    def bump(self) -> str:
        return SCHEMA_BUMPS[self.change]

    def to_dict(self) -> dict:
        return {
            k: v
            for k, v in {
                "change": self.change,
                "table": self.table,
                "column": self.column,
                "old": self.old,
                "new": self.new,
            }.items()
            if v is not None
        }


@dataclass
class TableDiff:
    added: int = 0
    removed: int = 0
    changed: int = 0
    columns: dict[str, int] = field(default_factory=dict)  # column -> rows where it changed
    rows: list[dict] = field(default_factory=list)  # details, at most max_rows of each kind

    @property
    def bump(self) -> str:
        if self.added or self.removed:
            return "minor"
        return "patch" if self.changed else "none"

    def to_dict(self) -> dict:
        return {
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
            "columns": self.columns,
            "rows": self.rows,
        }


@dataclass
class Diff:
    old: str
    new: str
    tables: dict[str, TableDiff]  # only tables with row changes
    schema: list[SchemaChange]

    @property
    def bump(self) -> str:
        bumps = [c.bump for c in self.schema] + [t.bump for t in self.tables.values()]
        return max(bumps, key=BUMPS.index, default="none")

    def to_dict(self) -> dict:
        return {
            "old": self.old,
            "new": self.new,
            "tables": {name: t.to_dict() for name, t in self.tables.items()},
            "schema": [c.to_dict() for c in self.schema],
            "bump": self.bump,
        }


@dataclass(frozen=True)
class TableShape:
    columns: dict[str, str]  # name -> declared SQLite type, in table order
    primary_key: tuple[str, ...]


def diff(old: Path, new: Path, max_rows: int | None = 20) -> Diff:
    """Compare two builds (SQLite databases, data package folders or release archives);
    keep at most max_rows example rows of each kind per table (None: all)."""
    with contextlib.ExitStack() as stack:
        old_db = stack.enter_context(as_database(Path(old)))
        new_db = stack.enter_context(as_database(Path(new)))
        conn = sqlite3.connect(
            "file::memory:", uri=True
        )  # URIs also for ATTACH: both sides read-only
        stack.callback(conn.close)
        try:
            for alias, path in (("o", old_db), ("n", new_db)):
                conn.execute(
                    f"ATTACH DATABASE ? AS {alias}",
                    (f"file:{pathname2url(str(path.resolve()))}?mode=ro",),
                )
            before, after = shapes(conn, "o"), shapes(conn, "n")
            tables = {}
            for name in sorted(before.keys() & after.keys()):
                t = table_diff(conn, name, before[name], after[name], max_rows)
                if t.added or t.removed or t.changed:
                    tables[name] = t
        except sqlite3.DatabaseError as err:
            raise DiffError(
                f"Cannot compare {old} with {new}: {err} (is one of them damaged?)."
            ) from None
        return Diff(str(old), str(new), tables, schema_changes(before, after))


def shapes(conn: sqlite3.Connection, schema: str) -> dict[str, TableShape]:
    """The ordinary tables of an attached database (not full-text indexes or their shadow
    tables), with their columns and primary keys."""
    rows = conn.execute(
        f"SELECT name, sql FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE "
        "'sqlite\\_%' ESCAPE '\\'"
    ).fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    out = {}
    for name, _ in sorted(rows):
        if name in virtual or any(name.startswith(v + "_") for v in virtual):
            continue
        info = conn.execute(f"PRAGMA {schema}.table_info({_quoted(name)})").fetchall()
        pk = tuple(r[1] for r in sorted(info, key=lambda r: r[5]) if r[5])
        if not pk and name in TABLES:
            pk = TABLES[name].primary_key
        out[name] = TableShape({r[1]: (r[2] or "").upper() for r in info}, pk)
    return out


def schema_changes(
    before: dict[str, TableShape], after: dict[str, TableShape]
) -> list[SchemaChange]:
    changes = [SchemaChange("table-removed", t) for t in sorted(before.keys() - after.keys())]
    changes += [SchemaChange("table-added", t) for t in sorted(after.keys() - before.keys())]
    for t in sorted(before.keys() & after.keys()):
        old, new = before[t], after[t]
        changes += [
            SchemaChange("column-removed", t, c, old.columns[c])
            for c in old.columns
            if c not in new.columns
        ]
        changes += [
            SchemaChange("column-added", t, c, None, new.columns[c])
            for c in new.columns
            if c not in old.columns
        ]
        changes += [
            SchemaChange("column-retyped", t, c, old.columns[c], new.columns[c])
            for c in old.columns
            if c in new.columns and old.columns[c] != new.columns[c]
        ]
        if old.primary_key != new.primary_key:
            changes.append(
                SchemaChange(
                    "primary-key-changed",
                    t,
                    None,
                    ", ".join(old.primary_key),
                    ", ".join(new.primary_key),
                )
            )
    return changes


def table_diff(
    conn: sqlite3.Connection, name: str, old: TableShape, new: TableShape, max_rows: int | None
) -> TableDiff:
    """Rows added, removed and changed in one table present on both sides, matched by the
    new primary key (by whole rows when the key cannot match them)."""
    common = [c for c in new.columns if c in old.columns]
    pk = list(new.primary_key)
    if not pk or not set(pk) <= set(old.columns):
        return _whole_rows(conn, name, common, max_rows)
    table, keys = _quoted(name), [_quoted(k) for k in pk]
    on = " AND ".join(f"o.{k} = n.{k}" for k in keys)
    limit = "" if max_rows is None else f" LIMIT {int(max_rows)}"
    result = _one_side_only(
        conn,
        pk,
        limit,
        lambda this, other: (
            f"SELECT {', '.join(f'{this}.{k}' for k in keys)} FROM {this}.{table} AS {this} "
            f"WHERE NOT EXISTS (SELECT 1 FROM {other}.{table} AS {other} WHERE {on})"
        ),
    )
    values = [c for c in common if c not in pk]
    if values:
        quoted = [_quoted(c) for c in values]
        differs = " OR ".join(f"o.{c} IS NOT n.{c}" for c in quoted)
        join = f"FROM o.{table} AS o JOIN n.{table} AS n ON {on} WHERE {differs}"
        counts = conn.execute(
            f"SELECT count(*), {', '.join(f'sum(o.{c} IS NOT n.{c})' for c in quoted)} {join}"
        ).fetchone()
        result.changed = counts[0]
        result.columns = {c: n for c, n in zip(values, counts[1:], strict=False) if n}
        if result.changed:
            picked = ", ".join([f"n.{k}" for k in keys] + [f"o.{c}, n.{c}" for c in quoted])
            for row in conn.execute(
                f"SELECT {picked} {join} ORDER BY {', '.join(f'n.{k}' for k in keys)}{limit}"
            ):
                pairs = row[len(pk) :]
                changed = {
                    c: {"old": pairs[2 * i], "new": pairs[2 * i + 1]}
                    for i, c in enumerate(values)
                    if pairs[2 * i] != pairs[2 * i + 1]
                }
                result.rows.append(
                    {
                        "change": "changed",
                        "key": dict(zip(pk, row[: len(pk)], strict=False)),
                        "columns": changed,
                    }
                )
    return result


def _whole_rows(
    conn: sqlite3.Connection, name: str, common: list[str], max_rows: int | None
) -> TableDiff:
    """A table without a usable key: rows present on one side only, compared whole."""
    cols, table = ", ".join(_quoted(c) for c in common), _quoted(name)
    limit = "" if max_rows is None else f" LIMIT {int(max_rows)}"
    return _one_side_only(
        conn,
        common,
        limit,
        lambda this, other: (
            f"SELECT {cols} FROM {this}.{table} EXCEPT SELECT {cols} FROM {other}.{table}"
        ),
    )


def _one_side_only(conn: sqlite3.Connection, columns: list[str], limit: str, query) -> TableDiff:
    """Rows added and removed: query(this, other) selects `columns` of the rows of side
    `this` that side `other` lacks; count them all, keep the first (by those columns)."""
    result = TableDiff()
    order = ", ".join(str(i) for i in range(1, len(columns) + 1))
    for change, this, other in (("added", "n", "o"), ("removed", "o", "n")):
        select = query(this, other)
        setattr(result, change, conn.execute(f"SELECT count(*) FROM ({select})").fetchone()[0])
        if getattr(result, change):
            result.rows += [
                {"change": change, "key": dict(zip(columns, row, strict=False))}
                for row in conn.execute(f"{select} ORDER BY {order}{limit}")
            ]
    return result


@contextlib.contextmanager
def as_database(path: Path) -> Iterator[Path]:
    """A SQLite file holding the build at `path`: the file itself, the package folder
    loaded into a temporary database, or the osce.db of a release archive."""
    if path.is_dir():
        if not (path / "datapackage.json").is_file():
            raise DiffError(
                f"{path} has no datapackage.json: give a database (e.g. osce.db), a data package "
                "folder or a release archive."
            )
        with tempfile.TemporaryDirectory(prefix="osce-diff-") as tmp:
            db = Path(tmp) / "package.db"
            load_package(path, db)
            yield db
        return
    if not path.is_file():
        raise DiffError(
            f"{path} does not exist: give a database (e.g. "
            "osce.db), a data package folder or a release archive."
        )
    with open(path, "rb") as f:
        head = f.read(16)
    if head == b"SQLite format 3\x00":
        settle_for_reading(path)
        yield path
    elif zipfile.is_zipfile(path):
        with (
            tempfile.TemporaryDirectory(prefix="osce-diff-") as tmp,
            zipfile.ZipFile(path) as archive,
        ):
            member = next(
                (m for m in sorted(archive.namelist()) if m.rsplit("/", 1)[-1] == "osce.db"), None
            )
            if member is None:
                raise DiffError(
                    f"{path} holds no osce.db: give a release archive made by `osce-data release`."
                )
            yield Path(archive.extract(member, tmp))
    else:
        raise DiffError(
            f"{path} is neither a SQLite database, a data package folder nor a release archive."
        )


def load_package(directory: Path, db_path: Path) -> None:
    """Load every tabular resource of a data package into a new SQLite file, typed as its
    schema says (empty cells as NULL, booleans as 0/1), keyed by its primary key."""
    try:
        # as `osce-data validate` checks it: no file outside the folder, nothing on the network
        descriptor = check_descriptor(directory / "datapackage.json")
    except ValidationError as err:
        raise DiffError(str(err)) from None
    resources = [r for r in descriptor["resources"] if "schema" in r]
    conn = sqlite3.connect(db_path)
    try:
        with conn:
            for r in resources:
                try:
                    _load_resource(conn, directory, r)
                except (KeyError, TypeError, AttributeError, sqlite3.Error) as err:
                    raise DiffError(
                        f"{directory}/datapackage.json: resource {str(r.get('name'))!r} cannot be "
                        f"read ({type(err).__name__}: {err}); give a package osce-data wrote."
                    ) from None
    finally:
        conn.close()


def _quoted(name: str) -> str:
    """An SQL identifier for any name a descriptor may hold."""
    return '"' + str(name).replace('"', '""') + '"'


def _load_resource(conn: sqlite3.Connection, directory: Path, resource: dict) -> None:
    fields = resource["schema"]["fields"]
    pk = resource["schema"].get("primaryKey") or []
    pk = [pk] if isinstance(pk, str) else pk
    types = [FRICTIONLESS_TO_SQLITE.get(f.get("type", "string"), "TEXT") for f in fields]
    key = f", PRIMARY KEY ({', '.join(_quoted(k) for k in pk)})" if pk else ""
    columns = ", ".join(f"{_quoted(f['name'])} {t}" for f, t in zip(fields, types, strict=False))
    conn.execute(f"CREATE TABLE {_quoted(resource['name'])} ({columns}{key})")

    def typed(value: str, f: dict):
        if value == "":
            return None
        kind = f.get("type", "string")
        if kind == "integer":
            return int(value)
        if kind == "number":
            return float(value)
        if kind == "boolean":
            return int(value in f.get("trueValues", ["true", "True", "TRUE", "1"]))
        return value

    path = directory / resource["path"]
    try:
        with open(path, encoding="utf-8", newline="") as f:
            rows = csv.reader(f)
            next(rows, None)  # header
            conn.executemany(
                f"INSERT OR REPLACE INTO {_quoted(resource['name'])} VALUES "
                f"({', '.join('?' * len(fields))})",
                ([typed(v, fd) for v, fd in zip(row, fields, strict=False)] for row in rows),
            )
    except (OSError, ValueError, UnicodeDecodeError, sqlite3.Error) as err:
        raise DiffError(f"{path} cannot be loaded ({err}).") from None
