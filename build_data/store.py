"""Store stage: rows -> a SQLite database built in a temporary file and renamed into place
(DatabaseWriter), or the rows of a few sources changed in place in one transaction
(DatabasePatch, for incremental builds).

Rows are streamed in (one source at a time) through DatabaseWriter, so the whole corpus is
never held in memory; indexes and the full-text index are built once at the end.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import sqlite_utils

from . import interrupt
from .errors import OsceDataError
from .tables import CATALOGUE, SQLITE_TYPES, TABLES, Table
from .tempfiles import recover, replace_durably


def create_sql(table: Table) -> str:
    cols = []
    for c in table.columns:
        null = " NOT NULL" if c.required or c.name in table.primary_key else ""
        cols.append(f"[{c.name}] {SQLITE_TYPES[c.type]}{null}")
    cols.append(f"PRIMARY KEY ({', '.join(f'[{c}]' for c in table.primary_key)})")
    for col, other, other_col in table.foreign_keys:
        cols.append(f"FOREIGN KEY([{col}]) REFERENCES [{other}]([{other_col}])")
    return f"CREATE TABLE [{table.name}] (\n   " + ",\n   ".join(cols) + "\n)"


def insert_sql(table: Table, verb: str = "INSERT OR IGNORE") -> str:
    cols = ", ".join(f"[{c}]" for c in table.column_names)
    marks = ", ".join("?" for _ in table.column_names)
    return f"{verb} INTO [{table.name}] ({cols}) VALUES ({marks})"


def read_only_uri(path: Path) -> str:
    """The `file:` URI opening a database read-only, its path escaped (a `?`, `#` or `%`
    in a folder name is part of the path, not a URI parameter)."""
    return Path(path).resolve().as_uri() + "?mode=ro"


def wal_files(path: Path) -> tuple[Path, Path]:
    """The files SQLite keeps beside a database in WAL mode."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


class _Temporary:
    """A database being written in the temporary file `tmp`, renamed into place when
    finished; abort() (or an exception in a with block) closes and removes it. A signal
    cuts a long statement short (interrupt.watch); the rename and the removal are not cut
    in two."""

    conn: sqlite3.Connection | None = None
    tmp: Path

    def _open(self) -> sqlite3.Connection:
        self.conn = sqlite3.connect(self.tmp, isolation_level=None)
        interrupt.watch(self.conn)
        self.conn.execute("PRAGMA journal_mode = OFF")
        self.conn.execute("PRAGMA synchronous = OFF")
        return self.conn

    def _rename(self) -> None:
        with interrupt.deferred():
            self.conn.close()
            replace_durably(self.tmp, self.path)

    def abort(self) -> None:
        with interrupt.deferred():
            try:
                if self.conn is not None:
                    self.conn.close()
            finally:
                self._remove_files()

    def _remove_files(self) -> None:
        for leftover in (self.tmp, *wal_files(self.tmp)):
            leftover.unlink(missing_ok=True)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None or self.tmp.exists():
            self.abort()


class DatabaseWriter(_Temporary):
    """A new database in a temporary file next to `path`: create the tables, insert rows
    (tuples in catalogue column order) as they come, then finish() builds the indexes and
    the full-text index, checks foreign keys and renames the file into place. Until then
    the database at `path` is untouched; abort() (or an exception in a with block) removes
    the temporary file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        recover(self.path)
        settle(self.path)  # a hot journal must not outlive the database it belongs to
        self.tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self._remove_files()
            self._open()
            self.conn.execute(
                "PRAGMA cache_size = -262144"
            )  # 256 MB: primary-key indexes of a large archive stay in memory while rows stream in
            self.conn.execute("BEGIN")
            for table in CATALOGUE:
                self.conn.execute(create_sql(table))
        except BaseException:
            self.abort()
            raise
        self._sql = {t.name: insert_sql(t) for t in CATALOGUE}
        self.timings: dict[str, float] = {"store": 0.0, "index": 0.0, "fts": 0.0, "finish": 0.0}

    def insert(self, table: str, rows: Sequence[tuple]) -> int:
        """Insert rows; returns how many were new (a row whose primary key is already
        taken is not inserted)."""
        if not rows:
            return 0
        t0 = time.perf_counter()
        before = self.conn.total_changes
        self.conn.executemany(self._sql[table], rows)
        self.timings["store"] += time.perf_counter() - t0
        return self.conn.total_changes - before

    def finish(self) -> None:
        """Build the indexes, check the database and rename it into place."""
        self.commit_rows()
        self.build_indexes()
        self.put_in_place()

    def commit_rows(self, readers: bool = False) -> None:
        """Commit the rows inserted (no more come); with `readers`, other connections may
        read them while build_indexes() writes (the database is in WAL mode until
        put_in_place())."""
        t0 = time.perf_counter()
        self.conn.execute("COMMIT")
        if readers:
            self.conn.execute("PRAGMA journal_mode = WAL")
        self.timings["index"] += time.perf_counter() - t0

    def build_indexes(self) -> None:
        """The indexes and full-text indexes, then the checks (foreign keys) and ANALYZE."""
        t0 = time.perf_counter()
        for table in CATALOGUE:
            # The primary-key index grew by random inserts (half-full pages); rebuilt sorted
            # it is compact, as VACUUM would make it at a fraction of the cost, and the
            # pages it frees are reused by the indexes and full-text tables built next.
            self.conn.execute(f"REINDEX [{table.name}]")
        db = sqlite_utils.Database(self.conn)
        for table in CATALOGUE:
            for key in table.index_keys:
                db[table.name].create_index(
                    list(key), index_name=f"idx_{table.name}_{key[0]}", if_not_exists=True
                )
        t1 = time.perf_counter()
        for table in CATALOGUE:
            if table.fts:
                db[table.name].enable_fts(list(table.fts), tokenize="porter", create_triggers=False)
        t2 = time.perf_counter()
        problems = self.conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise StoreError(
                f"{len(problems)} rows break foreign keys, e.g. {problems[0]}; this is a bug in "
                "osce-data, please report it."
            )
        self.conn.execute("ANALYZE")
        self.timings["index"] += t1 - t0
        self.timings["fts"] += t2 - t1
        self.timings["finish"] += time.perf_counter() - t2

    def put_in_place(self) -> None:
        """Rename the finished database into place (out of WAL mode first: one file)."""
        t0 = time.perf_counter()
        self.conn.execute("PRAGMA journal_mode = DELETE")
        self._rename()
        self.timings["finish"] += time.perf_counter() - t0


class DatabasePatch:
    """Changes to the database at `path` made in place, in one SQLite transaction: rows
    removed and inserted with their full-text entries kept in step, and `touched`: the
    primary keys of the rows removed, added or changed (what the package must rewrite; a
    row removed and inserted again as it was is not among them). Until commit() other
    readers see the database as it was, and a process killed before the commit leaves it
    as it was once settle() has rolled back its journal (nothing is copied: the journal
    holds only the pages changed). abort() (or an exception in a with block) rolls back."""

    def __init__(self, path: Path):
        self.path = Path(path)
        recover(self.path)  # temporaries of killed full builds
        settle(self.path)
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        try:
            interrupt.watch(self.conn)
            self.conn.execute("PRAGMA journal_mode = DELETE")
            self.conn.execute("PRAGMA synchronous = FULL")  # the journal is on disk before the
            # database is written: old-or-new on power loss too
            self.conn.execute("PRAGMA cache_size = -262144")  # changed pages stay in memory
            # until the commit: the database file is not written before it
            self.conn.execute("BEGIN IMMEDIATE")
        except BaseException:
            self.abort()
            raise
        self._sql = {t.name: insert_sql(t) for t in CATALOGUE}
        # primary key -> digest of the row: as committed (of the rows removed), as inserted
        self._before: dict[str, dict[tuple, bytes]] = {t.name: {} for t in CATALOGUE}
        self._after: dict[str, dict[tuple, bytes]] = {t.name: {} for t in CATALOGUE}
        self.to_index: dict[str, set[tuple]] = {
            t.name: set() for t in CATALOGUE
        }  # rows inserted that need full-text entries

    def remove(self, table_name: str, where: str, params: Sequence) -> None:
        """Remove the rows matching an SQL condition (and their full-text entries)."""
        table = TABLES[table_name]
        cols = [f"[{c}]" for c in table.fts]
        found = self.conn.execute(
            f"SELECT rowid, {', '.join(f'[{c}]' for c in table.column_names)} "
            f"FROM [{table.name}] WHERE {where}",
            params,
        ).fetchall()
        if not found:
            return
        key_of = _key_reader(table)
        before, after = self._before[table.name], self._after[table.name]
        for r in found:
            key = key_of(r[1:])
            if after.pop(key, None) is None:  # not a row this patch inserted: as committed
                before.setdefault(key, _digest(r[1:]))
            self.to_index[table.name].discard(key)
        rowids = [(r[0],) for r in found]
        if table.fts:
            fts = f"[{table.name}_fts]"
            self.conn.executemany(
                f"INSERT INTO {fts} ({fts}, rowid, {', '.join(cols)}) SELECT 'delete', rowid, "
                f"{', '.join(cols)} FROM [{table.name}] WHERE rowid = ?",
                rowids,
            )
        self.conn.executemany(f"DELETE FROM [{table.name}] WHERE rowid = ?", rowids)

    def remove_key(self, table_name: str, key: tuple) -> None:
        table = TABLES[table_name]
        self.remove(table_name, " AND ".join(f"[{c}] = ?" for c in table.primary_key), key)

    @property
    def touched(self) -> dict[str, set[tuple]]:
        """Per table, the primary keys whose row was removed, added or changed."""
        return {
            name: {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
            for (name, before), after in zip(
                self._before.items(), self._after.values(), strict=True
            )
        }

    def counts(self, before: dict[str, int]) -> dict[str, int]:
        """The rows per table once committed, from `before`, the counts as committed: every
        row removed or added went through remove() and insert()."""
        return {
            name: before[name] - len(self._before[name]) + len(self._after[name]) for name in before
        }

    def insert(self, table_name: str, rows: Sequence[tuple]) -> int:
        """Insert rows; returns how many were new (a row whose primary key is already taken
        is not inserted)."""
        stored = 0
        table = TABLES[table_name]
        key_of = _key_reader(table)
        after = self._after[table_name]
        for row in rows:  # one by one: only rows stored count as changes and get full-text
            if self.conn.execute(self._sql[table_name], row).rowcount == 1:
                key = key_of(row)
                after[key] = _digest(row)
                if table.fts:
                    self.to_index[table_name].add(key)
                stored += 1
        return stored

    def index_text(self) -> None:
        """Add the full-text entries of the rows inserted (the transaction stays open: the
        connection reads the new rows, other readers the old ones)."""
        for table in CATALOGUE:
            if table.fts and self.to_index[table.name]:
                fts, cols = f"[{table.name}_fts]", ", ".join(f"[{c}]" for c in table.fts)
                where = " AND ".join(f"[{c}] = ?" for c in table.primary_key)
                self.conn.executemany(
                    f"INSERT INTO {fts} (rowid, {cols}) SELECT "
                    f"rowid, {cols} FROM [{table.name}] WHERE {where}",
                    sorted(self.to_index[table.name]),
                )
                self.to_index[table.name].clear()

    def commit(self) -> None:
        """The commit point: the database holds the new rows, whole (the journal is removed
        as the last step)."""
        with interrupt.deferred():
            self.conn.execute("COMMIT")

    def abort(self) -> None:
        with interrupt.deferred():
            try:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
            finally:
                self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.abort()  # after commit(): only closes


def _key_reader(table: Table):
    positions = [table.column_names.index(c) for c in table.primary_key]
    return lambda row: tuple(row[i] for i in positions)


def _digest(row: Sequence) -> bytes:
    """A row's values as they print: a value read back equal to the one inserted has the
    same digest (a boolean inserted as True and read back as 1 has not: the row is then
    taken as changed, which costs a CSV block written again, never a wrong one)."""
    return hashlib.blake2b(repr(tuple(row)).encode("utf-8"), digest_size=16).digest()


def journal_path(path: Path) -> Path:
    """SQLite's rollback journal of the database at `path`."""
    return Path(path).with_name(Path(path).name + "-journal")


def settle(path: Path, remove_leftover: bool = True) -> bool:
    """Roll back the transaction of a patch killed while committing, whose hot journal
    beside the database holds the pages as they were: until then a read-only reader fails
    and an immutable one (the site) reads a mixture. SQLite rolls it back when a connection
    that may write first reads. Returns whether a journal was rolled back. A journal of a
    patch killed before its commit wrote nothing into the database and is not hot; with
    `remove_leftover` (only under the build lock: a live patch owns its journal) it is
    removed."""
    path, journal = Path(path), journal_path(path)
    if not os.path.lexists(journal) or not path.is_file():
        return False
    with interrupt.deferred():
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
            if not os.path.lexists(journal):
                return True
            if remove_leftover:
                conn.execute("BEGIN IMMEDIATE")  # no other writer owns it
                os.unlink(journal)
                conn.execute("ROLLBACK")
        finally:
            conn.close()
    return False


def settle_for_reading(path: Path) -> None:
    """Before a command that opens the database read-only (diff, release) reads it: roll
    back what a patch killed inside its commit left half-written, as the next build or
    serve would; a read-only reader would otherwise fail and a release archive the
    mixture. StoreError, with one sentence, when it cannot be rolled back here."""
    try:
        settle(path, remove_leftover=False)
    except (sqlite3.Error, OSError) as err:
        raise StoreError(
            f"{path} was left half-updated by a build stopped inside its commit and cannot "
            f"be restored here ({err}); run `osce-data build` again, which restores it."
        ) from None


def rows_between(
    conn: sqlite3.Connection, table: Table, low: tuple | None, high: tuple | None
) -> Iterable[tuple]:
    """A table's rows whose primary key is >= low and < high (None: no bound), in
    primary-key order, columns in catalogue order."""
    cols = ", ".join(f"[{c}]" for c in table.column_names)
    key = "(" + ", ".join(f"[{c}]" for c in table.primary_key) + ")"
    marks = "(" + ", ".join("?" for _ in table.primary_key) + ")"
    where, params = [], []
    if low is not None:
        where.append(f"{key} >= {marks}")
        params += low
    if high is not None:
        where.append(f"{key} < {marks}")
        params += high
    order = ", ".join(f"[{c}]" for c in table.primary_key)
    return conn.execute(
        f"SELECT {cols} FROM [{table.name}]"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + f" ORDER BY {order}",
        params,
    )


def iter_rows(conn: sqlite3.Connection, table: Table) -> Iterable[tuple]:
    """A table's rows in primary-key order, columns in catalogue order."""
    cols = ", ".join(f"[{c}]" for c in table.column_names)
    order = ", ".join(f"[{c}]" for c in table.primary_key)
    return conn.execute(f"SELECT {cols} FROM [{table.name}] ORDER BY {order}")


class StoreError(OsceDataError):
    pass
