"""Incremental builds: patch the previous database and package instead of writing them
again, when only a few sources changed.

The last complete build leaves a manifest in the cache: the signature of every source it
built (cache key, sources row, whether it was built or only kept as a duplicate), the
size and time of the database and of each CSV it wrote, and each CSV's block index. A new
build whose code is the same and whose outputs are still those files rewrites only:

- the rows of the sources whose signature changed (added, removed, edited, renamed, or
  made a duplicate or superseded by another);
- the documents, person actors and aliases those sources share with others, merged again
  over every source that has them (the cache knows which sources have a name);
- the sources whose lines a documents row stops or starts covering because the first
  source citing that symbol changed.

- the sources that lost rows to colliding ids (they may win them now), and any later
  source holding an id that a rewritten source should win.

Nothing else is written or copied: the database is changed in place in one transaction,
and the CSVs with no changed row are hard-linked into the new package (patch() says how
the two are kept old-or-new). When something cannot be patched exactly (another build's
outputs, many changed sources) CannotPatch says why and the caller writes everything
again; the result is the same either way.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from . import crash_points, interrupt
from .assemble import (
    PER_SOURCE,
    document_symbols,
    insert_source,
    registry_actor_rows,
    rows_to_store,
)
from .cache import ResultCache, code_version
from .export import Index, Stats, descriptor_stats, refresh_descriptor, stage_patched_package
from .lock import served
from .normalize.actors import Registry
from .outputs import shown
from .report import BuildReport
from .shared import alias_name, merge_documents, shared_rows
from .source_rows import Shared, SourceRows, complete_row
from .store import DatabasePatch, read_only_uri
from .tables import CATALOGUE, TABLES

I_SOURCE = TABLES["documents"].column_names.index("source_id")
MAX_SHARE = 0.25  # above this share of changed sources, writing everything is faster
RACY_NS = 2_000_000_000  # a file changed this soon after it was hashed could change again unseen


class CannotPatch(Exception):
    """The previous outputs cannot be patched; the message says why."""


def signature(result: SourceRows) -> tuple:
    return (result.key, complete_row("sources", result.source), result.replacement)


def signatures(results: list[SourceRows]) -> dict[str, tuple]:
    """Every source's signature by id (made once per build: the patch and the manifest
    both need them)."""
    return {r.id: signature(r) for r in results}


# ------------------------------------------------------------------ file hashes


class FileHashes:
    """The SHA-256 of input files, kept in the cache file between builds by path, size,
    modification and status-change times and inode. A file whose size, times and inode
    are those it had when an earlier build hashed it (and not changed within RACY_NS
    before that) is not read again: reading and hashing every file was most of an
    incremental build. The status-change time cannot be set back, so a file replaced or
    edited with its modification time restored is read again."""

    def __init__(self, cache: ResultCache, trusted: bool):
        """trusted: whether the hashes of earlier builds may be used (not with --full)."""
        self.conn = cache.conn
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS hashes (path BLOB PRIMARY KEY, size "
            "INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, ctime_ns INTEGER "
            "NOT NULL, inode INTEGER NOT NULL, sha256 TEXT NOT NULL)"
        )
        self.known: dict[bytes, tuple] = {}
        self.trusted = trusted
        if trusted:
            self.known = {
                row[0]: tuple(row[1:])
                for row in self.conn.execute(
                    "SELECT path, size, mtime_ns, ctime_ns, inode, sha256 FROM hashes"
                )
            }
        self.seen: dict[bytes, tuple] = {}

    def sha256(self, path: Path, st: os.stat_result | None = None) -> str:
        """The SHA-256 of a regular file (`st`: its status, when already known)."""
        st = path.stat() if st is None else st
        name = os.fsencode(path)
        stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        before = self.known.get(name)
        if before is not None and before[:4] == stamp:
            self.seen[name] = before
            return before[4]
        h = hashlib.sha256()
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
        if max(st.st_mtime_ns, st.st_ctime_ns) < time.time_ns() - RACY_NS:
            self.seen[name] = (*stamp, h.hexdigest())
        return h.hexdigest()

    def save(self) -> None:
        """Remember the hashes of the files this build named (only those). Only the rows
        that change are written, unless the earlier ones were not loaded (not trusted)."""
        if self.trusted:
            self.conn.executemany(
                "DELETE FROM hashes WHERE path = ?",
                [(p,) for p, v in self.known.items() if self.seen.get(p) != v],
            )
        else:
            self.conn.execute("DELETE FROM hashes")
        self.conn.executemany(
            "INSERT INTO hashes (path, size, mtime_ns, "
            "ctime_ns, inode, sha256) VALUES (?, ?, ?, ?, ?, ?)",
            [(p, *v) for p, v in sorted(self.seen.items()) if self.known.get(p) != v],
        )


# ------------------------------------------------------------------ the manifest


def _manifest_table(cache: ResultCache) -> None:
    cache.conn.execute(
        "CREATE TABLE IF NOT EXISTS manifest (id INTEGER "
        "PRIMARY KEY CHECK (id = 1), data BLOB NOT NULL)"
    )


def previous_manifest(cache: ResultCache) -> dict | None:
    """What the last complete build wrote (see manifest()), or None."""
    _manifest_table(cache)
    row = cache.conn.execute("SELECT data FROM manifest WHERE id = 1").fetchone()
    try:
        return pickle.loads(row[0]) if row else None
    except Exception:
        return None


def record_manifest(cache: ResultCache, data: dict | None) -> None:
    """Record what this build wrote (None: it is writing, the previous outputs are gone)."""
    _manifest_table(cache)
    cache.conn.execute("DELETE FROM manifest")
    if data is not None:
        cache.conn.execute("INSERT INTO manifest (id, data) VALUES (1, ?)", (pickle.dumps(data),))
    cache.conn.commit()


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def db_stamp(path: Path) -> tuple[int, int, bytes] | None:
    """(size, modification time, SQLite's file change counter) of a database: a patch
    changes it in place, and each commit counts in its header."""
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            f.seek(24)
            return (st.st_size, st.st_mtime_ns, f.read(4))
    except OSError:
        return None


def same_database(recorded: tuple | None, now: tuple | None, rolled_back: bool) -> bool:
    """Whether the database is the one recorded. Rolling back a killed patch's journal
    writes the old pages back: the modification time changes, not the content, whose size
    and change counter are then the recorded ones."""
    if recorded is None or now is None:
        return False
    keep = (0, 2) if rolled_back else (0, 1, 2)
    return [recorded[i] for i in keep] == [now[i] for i in keep]


def manifest(
    results: list[SourceRows],
    db_path: Path,
    package_dir: Path | None,
    indexes: dict[str, Index] | None,
    metadata_path: Path | None = None,
    signed: dict[str, tuple] | None = None,
    counts: dict[str, int] | None = None,
) -> dict:
    """What a complete build wrote, for the next build to start from (`signed`: the
    sources' signatures, when already made; `counts`: the database's rows per table)."""
    package = None
    if package_dir is not None and indexes is not None:
        package = {
            "dir": str(Path(package_dir).resolve()),
            "tables": {
                name: (_stat(Path(package_dir) / f"{name}.csv"), index)
                for name, index in indexes.items()
            },
            "descriptor": _stat(Path(package_dir) / "datapackage.json"),
        }
    return {
        "version": code_version(),
        "sources": signed if signed is not None else signatures(results),
        "keys": {r.id: r.key for r in results},
        "contributing": sorted(r.id for r in results if r.contributes),
        "db": db_stamp(db_path),
        "counts": counts,
        "metadata": (str(Path(metadata_path).resolve()), _stat(metadata_path))
        if metadata_path is not None
        else None,
        "package": package,
    }


def same_file(previous: dict | None, name: str, path: Path) -> bool:
    """Whether the file the last build wrote as `name` is still at `path`, as it wrote it."""
    recorded = (previous or {}).get(name)
    return (
        recorded is not None
        and recorded[1] is not None
        and recorded == (str(Path(path).resolve()), _stat(path))
    )


def changed_sources(previous: dict, now: dict[str, tuple]) -> list[str]:
    """The sources whose signature (`now`: by id) is not the one recorded."""
    before = previous["sources"]
    return sorted(sid for sid in before.keys() | now.keys() if before.get(sid) != now.get(sid))


def _usable(previous: dict | None, db_path: Path, rolled_back: bool) -> dict:
    if previous is None:
        raise CannotPatch("no record of a previous build")
    if previous["version"] != code_version():
        raise CannotPatch("the code changed since the previous build")
    if not same_database(previous["db"], db_stamp(db_path), rolled_back):
        raise CannotPatch("the database is not the one the previous build wrote")
    return previous


def _package_indexes(previous: dict, package_dir: Path) -> tuple[dict[str, Index], Stats]:
    """The block indexes of the previous package's CSVs that are still as it wrote them,
    and the stats its datapackage.json states, when that is still as it wrote it."""
    package = previous.get("package")
    if not package or package["dir"] != str(Path(package_dir).resolve()):
        return {}, {}
    indexes = {
        name: index
        for name, (stat, index) in package["tables"].items()
        if stat is not None and _stat(Path(package_dir) / f"{name}.csv") == stat
    }
    descriptor = package["descriptor"]
    same = descriptor is not None and _stat(Path(package_dir) / "datapackage.json") == descriptor
    return indexes, descriptor_stats(package_dir) if same else {}


@dataclass
class Patched:
    rewritten: int  # sources whose rows were written again
    indexes: dict[str, Index] | None  # the package's block indexes, None without a package
    counts: dict[str, int] | None = None  # the database's rows per table, when known
    # seconds: patch_rows (the database's rows, in the transaction), patch_package (staging
    # it), patch_commit (the commit and the package's swap)
    stages: dict[str, float] = field(default_factory=dict)


def patch(
    db_path: Path,
    package_dir: Path | None,
    results: list[SourceRows],
    cache: ResultCache,
    registry: Registry,
    previous: dict | None,
    rolled_back: bool = False,
    signed: dict[str, tuple] | None = None,
) -> Patched:
    """Bring the previous database (and package), described by the last build's manifest
    `previous`, up to date with the results read. Raises CannotPatch, leaving the outputs
    untouched, when that cannot be done exactly. `rolled_back`: this build rolled back the
    journal of a killed patch (store.settle); `signed`: the sources' signatures, when
    already made.

    The database is changed in place in one transaction; the new package is staged
    beside the old one (unchanged CSVs hard-linked, changed ones spliced) before the
    commit, and swapped in right after it. The commit is the commit point: killed before
    it, the database is the old one once settled and the staged package is removed, so the
    next build patches again; killed after it, the database no longer matches the
    manifest, so the next build writes everything again."""
    previous = _usable(previous, db_path, rolled_back)
    changed = changed_sources(previous, signed if signed is not None else signatures(results))
    indexes, known = (
        _package_indexes(previous, package_dir) if package_dir is not None else ({}, {})
    )
    counts = previous.get("counts")
    if not changed:
        if package_dir is None:
            return Patched(0, None, counts)
        if set(indexes) == {t.name for t in CATALOGUE}:
            refresh_descriptor(package_dir)  # the version, when a release was made since
            return Patched(0, indexes, counts)  # nothing else to write
        return Patched(0, _rewrite_package(db_path, package_dir, indexes, known), counts)
    if len(changed) > max(4, MAX_SHARE * len(results)):
        raise CannotPatch(f"{len(changed)} of {len(results)} sources changed")
    if served(db_path):  # a patch changes the file in place, under the site's immutable readers
        raise CannotPatch(
            f"{shown(db_path)} is being served: a new file replaces it, and the site shows the "
            "previous data until it is restarted"
        )
    now = {r.id: r for r in results}
    keys_now = {r.key: sid for sid, r in now.items() if r.contributes}
    touched_names: dict[str, set[str]] = {"document": set(), "person": set(), "alias": set()}
    contributed_before = set(previous["contributing"])
    shared_of: dict[str, Shared] = {}  # key -> its shared rows

    def shared(key: str) -> Shared:
        if key not in shared_of:
            tables = cache.tables(key)  # none for a file that could not be read: it shares nothing
            shared_of[key] = shared_rows(tables) if tables is not None else {}
        return shared_of[key]

    for sid in changed:
        keys = []
        if sid in contributed_before:
            keys.append(previous["keys"][sid])
        if sid in now and now[sid].contributes:
            keys.append(now[sid].key)
        for key in keys:
            for kind, name in shared(key):
                touched_names[kind].add(name)

    def holders(kind: str, name: str, first_only: bool = False) -> list[tuple]:
        """The shared rows of this kind and name of the sources that are built, in source
        id order (only the first source's with first_only; aliases: the alias itself)."""
        found = sorted(
            (keys_now[k], k, rows) for k, rows in cache.holders(kind, name) if k in keys_now
        )
        if first_only:
            found = found[:1]
        if kind == "alias":
            return [tuple(name.split("\0"))] if found else []
        return [
            row
            for _, key, rows in found
            for row in (rows if rows is not None else shared(key)[(kind, name)])
        ]

    documents = {
        x: merge_documents(holders("document", x)) for x in sorted(touched_names["document"])
    }
    also: set[str] = set()
    for _ in range(MAX_ROUNDS):
        try:
            t0 = time.perf_counter()
            with DatabasePatch(db_path) as db:
                rewrite = _rewrite_rows(db, changed, also, now, documents, cache)
                _rewrite_shared(db, touched_names, holders, registry)
                counts_after = db.counts(counts) if counts else None
                db.index_text()
                crash_points.reached("rows-written")
                t1 = time.perf_counter()
                staged, new_indexes = (
                    stage_patched_package(db.conn, package_dir, indexes, db.touched, known)
                    if package_dir is not None
                    else (None, None)
                )
                t2 = time.perf_counter()
                with staged or nullcontext():
                    crash_points.reached("package-staged")
                    with interrupt.deferred():  # the two outputs change together
                        db.commit()
                        crash_points.reached("database-committed")
                        if staged is not None:
                            staged.swap()
                            crash_points.reached("package-swapped")
            t3 = time.perf_counter()
            break
        except _LaterHolder as later:
            also.add(later.source_id)
    else:
        raise CannotPatch("rows of the changed sources collide with rows of many others")
    stages = {"patch_rows": t1 - t0, "patch_package": t2 - t1, "patch_commit": t3 - t2}
    return Patched(len(rewrite), new_indexes, counts_after, stages)


def _rewrite_package(
    db_path: Path, package_dir: Path, indexes: dict[str, Index], known: Stats
) -> dict[str, Index]:
    """The package again from an unchanged database, reusing the CSVs still as the
    previous build wrote them."""
    conn = sqlite3.connect(read_only_uri(db_path), uri=True)
    try:
        staged, new_indexes = stage_patched_package(conn, package_dir, indexes, {}, known)
    finally:
        conn.close()
    with staged:
        staged.swap()
    return new_indexes


def try_patch(report: BuildReport, attempt: Callable[[], Patched]) -> Patched | None:
    """attempt() (a call of patch()), and the report says so; None when the outputs must
    be written again (report.full_reason says why; a bug in patching is one such case,
    with a warning)."""
    t0 = time.perf_counter()
    try:
        patched = attempt()
    except CannotPatch as why:
        report.full_reason = str(why)
        return None
    except (
        Exception
    ) as err:  # a bug in patching must not stop the build: the full write is the reference
        interrupt.check()  # unless it was a signal that cut a statement short
        denied = _permission_problem(err)
        if denied is not None:  # the previous outputs' permissions, not a bug
            report.full_reason = f"cannot change the previous outputs in place, {denied}"
            report.warnings.append(
                f"The previous outputs could not be updated in place ({denied}); everything "
                "was written again."
            )
            return None
        report.full_reason = f"patching failed ({type(err).__name__}: {err})"
        report.warnings.append(
            f"Updating the previous outputs failed ({type(err).__name__}: {err}); everything was "
            "written again. Please report it."
        )
        return None
    report.patched, report.rewritten = True, patched.rewritten
    report.stages["patch"] = time.perf_counter() - t0
    report.stages.update(patched.stages)
    return patched


def _permission_problem(err: Exception) -> str | None:
    """What stopped a patch, when it was a permission of the previous outputs (a file of
    the package that cannot be read, a database file that cannot be written)."""
    if isinstance(err, PermissionError):
        return f"permission denied for {shown(err.filename)}" if err.filename else str(err)
    if isinstance(err, sqlite3.OperationalError) and "readonly database" in str(err):
        return "the database file is read-only"
    return None


MAX_ROUNDS = 5


class _LaterHolder(Exception):
    """A row of a rewritten source has an id that a source later in id order holds: a
    build from scratch would have given the id to the earlier one, so that later source
    must be rewritten too."""

    def __init__(self, source_id: str):
        self.source_id = source_id


def _rewrite_rows(
    db: DatabasePatch,
    changed: list[str],
    also: set[str],
    now: dict[str, SourceRows],
    documents: dict[str, tuple | None],
    cache: ResultCache,
) -> list[str]:
    """Delete and insert again, in source id order, the rows of the changed sources, of
    the sources that lost rows to colliding ids (which may now win them), of the sources a
    documents row stops or starts covering lines for, and of `also`; put in the merged
    documents rows. Returns the sources rewritten."""
    owners_before = dict(
        db.conn.execute(
            "SELECT symbol, source_id FROM documents WHERE "
            "symbol IN (SELECT value FROM json_each(?))",
            (_json(sorted(documents)),),
        ).fetchall()
    )
    rewrite = set(changed) | also
    rewrite.update(
        sid
        for (sid,) in db.conn.execute(
            "SELECT DISTINCT source_id FROM parse_issues WHERE code = 'duplicate-id'"
        )
    )
    rewrite |= owner_changes(owners_before, documents)
    rewrite_ids = sorted(rewrite)
    for name in ["sources", *PER_SOURCE]:
        if name != "documents":
            db.remove(
                name,
                f"[{'id' if name == 'sources' else 'source_id'}] "
                "IN (SELECT value FROM json_each(?))",
                (_json(rewrite_ids),),
            )
    for x, row in documents.items():
        db.remove_key("documents", (x,))
        if row is not None:
            db.insert("documents", [row])
    for sid in rewrite_ids:
        result = now.get(sid)
        if result is None:
            continue  # removed
        tables = cache.tables(result.key)
        owned: set[str] = set()
        if result.contributes:
            for x in document_symbols(tables):
                owner = documents[x][I_SOURCE] if documents.get(x) else _owner(db, x)
                if owner == sid:
                    owned.add(x)
        rows, _, _ = rows_to_store(result, tables, owned)
        insert_source(
            db,
            sid,
            rows,
            on_collision=lambda name, tuples, sid=sid: _check_holders(db, sid, name, tuples),
        )
    return rewrite_ids


def owner_changes(owners_before: dict[str, str], documents: dict[str, tuple | None]) -> set[str]:
    """The sources that stop or start being the first to cite a symbol."""
    out: set[str] = set()
    for x, row in documents.items():
        after = row[I_SOURCE] if row is not None else None
        if owners_before.get(x) != after:
            out.update(o for o in (owners_before.get(x), after) if o is not None)
    return out


def _check_holders(db: DatabasePatch, sid: str, name: str, tuples: list[tuple]) -> None:
    table = TABLES[name]
    positions = [table.column_names.index(c) for c in table.primary_key]
    where = " AND ".join(f"[{c}] = ?" for c in table.primary_key)
    for t in tuples:
        row = db.conn.execute(
            f"SELECT source_id FROM [{name}] WHERE {where}", tuple(t[i] for i in positions)
        ).fetchone()
        if row is not None and row[0] > sid:
            raise _LaterHolder(row[0])


def _rewrite_shared(
    db: DatabasePatch, touched_names: dict[str, set[str]], holders, registry: Registry
) -> None:
    """Merge again the person actors and aliases the changed sources name (the registry's
    own rows never change)."""
    registry_rows = registry_actor_rows(registry)
    for pid in sorted(touched_names["person"] - set(registry_rows)):
        db.remove_key("actors", (pid,))
        rows = holders("person", pid, first_only=True)
        if rows:
            db.insert("actors", [rows[0]])
    registry_aliases = set(registry.aliases)
    for name in sorted(touched_names["alias"]):
        alias = tuple(name.split("\0"))
        if alias in registry_aliases:
            continue
        db.remove_key("actor_aliases", alias)
        if holders("alias", alias_name(alias)):
            db.insert("actor_aliases", [alias])


def _owner(db: DatabasePatch, symbol: str) -> str | None:
    row = db.conn.execute("SELECT source_id FROM documents WHERE symbol = ?", (symbol,)).fetchone()
    return row[0] if row else None


def _json(values: list[str]) -> str:
    return json.dumps(values)
