"""The per-source result cache: the SourceRows reading one source gave, keyed by the code
version and the file's content and path. It is also where a build stages the rows
between reading the sources and writing the database (incremental.py keeps the file
hashes and the record of the last complete build in the same file)."""

from __future__ import annotations

import hashlib
import importlib.metadata
import pickle
import sqlite3
import sys
from dataclasses import replace
from pathlib import Path

from . import interrupt
from .source_rows import SourceRows, Tables, unpack

CACHE_FORMAT = "7"
SCHEMA = 4  # PRAGMA user_version of the cache file; a file with another layout is started again
_CODE_VERSION: str | None = None


def code_files() -> list[Path]:
    """The package's code and data files (the actor registry among them; not the record of
    the last release, which decides no source's rows)."""
    root = Path(__file__).resolve().parent
    record = root / "data" / "release.json"
    return [
        f
        for f in sorted(root.rglob("*"))
        if f.is_file()
        and f.suffix in (".py", ".yml", ".yaml", ".csv", ".json")
        and "__pycache__" not in f.parts
        and f != record
    ]


def code_version() -> str:
    """Hash of everything that decides a source's rows: the package's code and data
    files, the versions of the libraries that read and resolve, Python's version and the
    cache format. A change to any of them invalidates every cached result."""
    global _CODE_VERSION
    if _CODE_VERSION is None:
        _CODE_VERSION = fingerprint(
            f"osce-data cache {CACHE_FORMAT}",
            Path(__file__).resolve().parent,
            code_files(),
            (
                "pycountry",
                "rapidfuzz",
                "pdfplumber",
                "pypdf",
                "python-docx",
                "PyYAML",
                "pdfminer.six",
            ),
        )
    return _CODE_VERSION


def fingerprint(label: str, root: Path, files: list[Path], dists: tuple[str, ...]) -> str:
    """Hash of a label, Python's version, the files (named from root, and their bytes) and
    the installed versions of the distributions dists."""
    h = hashlib.sha256(f"{label}\n{sys.version}\n".encode())
    for f in files:
        h.update(f"{f.relative_to(root).as_posix()}\n".encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())
    for dist in dists:
        try:
            version = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{dist}={version}\n".encode())
    return h.hexdigest()[:20]


def cache_path(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".cache")


class _OtherSchema(Exception):
    pass


class ResultCache:
    """Packed per-source results in a side SQLite file next to the database, keyed by the
    code version, the file's SHA-256, its path and its source id. It is also where a
    build stages the rows between reading the sources and writing the database."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.conn = self._open()
        except (
            sqlite3.DatabaseError,
            _OtherSchema,
        ):  # not a cache, a damaged one or an older layout: start again
            for leftover in (
                self.path,
                self.path.with_name(self.path.name + "-wal"),
                self.path.with_name(self.path.name + "-shm"),
            ):
                leftover.unlink(missing_ok=True)
            self.conn = self._open()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30)
        interrupt.watch(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA) or (
            version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        ):
            conn.close()
            raise _OtherSchema()
        conn.execute(f"PRAGMA user_version = {SCHEMA}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(
            "PRAGMA cache_size = -131072"
        )  # 128 MB: the holders index takes random inserts
        # record: the SourceRows without its rows, read for every source at each build: a
        # table of its own, so that reading them all reads a few pages per hundred sources
        # (beside their payloads, it read pages spread over the whole file)
        conn.execute(
            "CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, record BLOB NOT NULL)"
        )
        # payload: the rows, packed; names: the (kind, name) of the source's rows in
        # holders, to forget them with it
        conn.execute(
            "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, payload BLOB NOT NULL, "
            "names BLOB NOT NULL)"
        )
        # which sources have rows they share with others (documents by symbol, persons by
        # id, aliases): an incremental build merges those again for the names a changed
        # source has. Documents rows are kept here (a symbol can be cited by thousands of
        # sources, and merging needs their rows); a person's row is read from the payload
        # of its first holder; for an alias, that it is held is enough.
        conn.execute(
            "CREATE TABLE IF NOT EXISTS holders (kind TEXT NOT NULL, name TEXT NOT NULL, key TEXT "
            "NOT NULL, rows BLOB, PRIMARY KEY (kind, name, key)) WITHOUT ROWID"
        )
        # the text of PDF and DOCX files (extraction_cache.py): by key, with the version of
        # the extractors and the file's SHA-256 that decide whether it is kept
        columns = [r[1] for r in conn.execute("PRAGMA table_info(extracted)")]
        if columns and "name" not in columns:  # an earlier layout: start again
            conn.execute("DROP TABLE extracted")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS extracted (key TEXT PRIMARY KEY, version TEXT NOT NULL, "
            "sha256 TEXT NOT NULL, name TEXT NOT NULL, text BLOB NOT NULL)"
        )
        conn.commit()
        return conn

    def results(self, keys: list[str]) -> dict[str, SourceRows]:
        """The cached results of those keys that have one (read in one pass), staged (their
        rows stay in the cache: tables()) and marked as cache hits."""
        wanted, found = set(keys), {}
        for key, blob in self.conn.execute("SELECT key, record FROM records"):
            if key in wanted:
                try:
                    found[key] = pickle.loads(blob)
                except Exception:  # written by an incompatible version: treat as a miss
                    pass
        return found

    def put(self, result: SourceRows) -> None:
        """Store a result read (its key set): the record, its packed rows and the names of
        its shared rows (with the rows themselves for documents)."""
        # stored as results() gives it back: a cache hit (no copy of each record to mark it)
        stored = replace(result.staged(), cached=True, replacement=None)
        if result.extracted is not None:
            self.conn.execute(
                "INSERT OR REPLACE INTO extracted (key, version, sha256, name, text) "
                "VALUES (?, ?, ?, ?, ?)",
                result.extracted,
            )
        self.conn.execute(
            "INSERT OR REPLACE INTO records (key, record) VALUES (?, ?)",
            (result.key, pickle.dumps(stored)),
        )
        self.conn.execute(
            "INSERT OR REPLACE INTO results (key, payload, names) VALUES (?, ?, ?)",
            (result.key, result.packed, pickle.dumps(list(result.shared))),
        )
        self.conn.executemany(
            "INSERT OR REPLACE INTO holders (kind, name, key, rows) VALUES (?, ?, ?, ?)",
            [
                (kind, name, result.key, pickle.dumps(rows) if kind == "document" else None)
                for (kind, name), rows in result.shared.items()
            ],
        )

    def holders(self, kind: str, name: str) -> list[tuple[str, list[tuple] | None]]:
        """(key, rows or None) of the cached sources that have a shared row of this kind
        and name (the rows are kept for documents only)."""
        return [
            (k, pickle.loads(rows) if rows is not None else None)
            for k, rows in self.conn.execute(
                "SELECT key, rows FROM holders WHERE kind = ? AND name = ?", (kind, name)
            )
        ]

    def tables(self, key: str) -> Tables | None:
        """The rows of a cached result (None: the key has none)."""
        row = self.conn.execute("SELECT payload FROM results WHERE key = ?", (key,)).fetchone()
        return unpack(row[0]) if row else None

    def retain(
        self,
        keys: set[str],
        extraction: str | None = None,
        files: set[tuple[str, str]] = frozenset(),
    ) -> int:
        """Forget every result not used by this build (changed or removed files, older
        code), and every extracted text but those of the `files` (SHA-256, name) by the
        extractors of version `extraction`; returns how many results were dropped."""
        self.conn.executemany(
            "DELETE FROM extracted WHERE key = ?",
            [
                (key,)
                for key, version, sha, name in self.conn.execute(
                    "SELECT key, version, sha256, name FROM extracted"
                )
                if version != extraction or (sha, name) not in files
            ],
        )
        stale = [k for (k,) in self.conn.execute("SELECT key FROM records") if k not in keys]
        if len(stale) <= 100:  # few: forget their holders rows one by one
            for key in stale:
                (names,) = self.conn.execute(
                    "SELECT names FROM results WHERE key = ?", (key,)
                ).fetchone()
                self.conn.executemany(
                    "DELETE FROM holders WHERE kind = ? AND name = ? AND key = ?",
                    [(kind, name, key) for kind, name in pickle.loads(names)],
                )
        self.conn.executemany("DELETE FROM records WHERE key = ?", [(k,) for k in stale])
        self.conn.executemany("DELETE FROM results WHERE key = ?", [(k,) for k in stale])
        if len(stale) > 100:
            self.conn.execute("DELETE FROM holders WHERE key NOT IN (SELECT key FROM results)")
        self.conn.commit()
        return len(stale)

    def commit(self) -> None:
        self.conn.commit()

    def close(self) -> None:
        """Commit what is staged (also after a signal: the results read so far are kept) and
        close."""
        with interrupt.deferred():
            self.conn.commit()
            self.conn.close()
