"""Writing every output again: each source's rows streamed, in source id order, into a new
database (assemble.Assembler into store.DatabaseWriter), then the whole package from it.

The rows can be stored while the other files are still being read (EarlyStore): the
sources come in id order, each stored as the copies of its journal read so far judge it
(dedupe.py); the rows from the first source stored otherwise than the build keeps it on
are stored again after reading, so that the database is the one write_all() writes."""

from __future__ import annotations

import time
from pathlib import Path

from .assemble import Assembler
from .cache import ResultCache
from .dedupe import beaten, rank
from .export import write_package_from_db
from .normalize.actors import Registry
from .report import BuildReport
from .source_rows import SourceRows, unpack
from .store import DatabaseWriter
from .tables import CATALOGUE


def write_all(
    results: list[SourceRows],
    cache: ResultCache,
    db_path: Path,
    package_dir: Path | None,
    registry: Registry,
    report: BuildReport,
    jobs: int,
):
    """Stream every source's rows into a new database, then write the whole package from
    it; returns the package's block indexes."""
    t0 = time.perf_counter()
    with DatabaseWriter(db_path) as db:
        assembler = Assembler(db, registry)
        for r in sorted(results, key=lambda r: r.id):
            assembler.add(r, cache.tables(r.key))
        return _finish(assembler, db, time.perf_counter() - t0, package_dir, report, jobs)


def _finish(
    assembler: Assembler,
    db: DatabaseWriter,
    seconds: float,
    package_dir: Path | None,
    report: BuildReport,
    jobs: int,
):
    """Store the shared rows, build the indexes, put the database in place and write the
    package from its rows, while the indexes are built (`seconds`: spent storing the
    sources so far)."""
    t0 = time.perf_counter()
    assembler.close()
    report.stages["store"] = seconds + time.perf_counter() - t0
    report.stages["store_sql"] = db.timings["store"]
    t1 = time.perf_counter()
    if package_dir is None:
        db.finish()
        indexes = None
    else:
        # the package is written from the rows while the indexes are built
        db.commit_rows(readers=True)
        indexes = write_package_from_db(
            db.tmp, package_dir, jobs, meanwhile=db.build_indexes, before_swap=db.put_in_place
        )
    report.stages.update(
        index=db.timings["index"], fts=db.timings["fts"], finish=db.timings["finish"]
    )
    # the seconds the package adds to the database's own stages
    report.stages["export"] = max(
        0.0,
        time.perf_counter() - t1 - db.timings["index"] - db.timings["fts"] - db.timings["finish"],
    )
    return indexes


class EarlyStore:
    """A new database the sources are stored into as they are read (add(), in source id
    order), before every copy of every journal is known. A source is stored as the copies
    of its journal added before it judge it (dedupe.rank): kept, or beaten by the best of
    them. Should a later copy beat one already stored, or a source come out of id order (a
    file that changed while it was read, a reading stopped), add() stores nothing more;
    write() then removes the rows from the first source stored otherwise than the build
    keeps it on, and stores the rest from the cache.

    close() removes the new database unless write() put it in place (a build that fails
    or is interrupted leaves the previous one untouched)."""

    def __init__(self, db_path: Path, registry: Registry, cache: ResultCache):
        self.cache, self.registry = cache, registry
        self.db = DatabaseWriter(db_path)
        # rows inserted per table; every table has a rowid (no INTEGER PRIMARY KEY), given
        # in insertion order, so a source's rows are those after the counts before it
        self.counts = {t.name: 0 for t in CATALOGUE}
        self.marks: list[tuple[int, ...]] = []  # the counts before each source stored
        self.assembler = Assembler(self, registry)
        self.stored: list[SourceRows] = []  # as stored, in id order
        self.best: dict[str, SourceRows] = {}  # by meeting id: the copy kept so far
        self.stopped = False
        self.seconds = 0.0

    def close(self) -> None:
        """Remove the new database, unless write() put it in place."""
        if self.db.tmp.exists():
            self.db.abort()

    @property
    def conn(self):
        return self.db.conn

    def insert(self, table: str, rows) -> int:
        """DatabaseWriter.insert, counted (the Assembler inserts through this)."""
        stored = self.db.insert(table, rows)
        self.counts[table] += stored
        return stored

    def _store(self, result: SourceRows, tables) -> None:
        self.marks.append(tuple(self.counts.values()))
        self.assembler.add(result, tables)
        self.stored.append(result)

    def add(self, result: SourceRows, packed: bytes | None) -> None:
        """Store a source read (`packed`: its rows, None when the cache holds them)."""
        if self.stopped:
            return
        t0 = time.perf_counter()
        if self.stored and result.id <= self.stored[-1].id:
            self.stopped = True
            return
        for mid in result.meeting_ids[:1]:
            best = self.best.setdefault(mid, result)
            if best is not result:
                if rank(result) < rank(best):  # a copy already stored should not have been
                    self.stopped = True
                    return
                result = beaten(result, best, mid)
        self._store(result, unpack(packed) if packed is not None else self.cache.tables(result.key))
        self.seconds += time.perf_counter() - t0

    def write(
        self, results: list[SourceRows], package_dir: Path | None, report: BuildReport, jobs: int
    ):
        """Store what add() did not store as the build keeps it (`results`, deduplicated),
        finish the database and write the package from it; returns the package's block
        indexes."""
        t0 = time.perf_counter()
        final = sorted(results, key=lambda r: r.id)
        same = 0
        while same < min(len(final), len(self.stored)) and self.stored[same] == final[same]:
            same += 1
        if same < len(self.stored):
            self._truncate(same, final)
        for r in final[same:]:
            self._store(r, self.cache.tables(r.key))
        seconds = self.seconds + time.perf_counter() - t0
        return _finish(self.assembler, self.db, seconds, package_dir, report, jobs)

    def _truncate(self, n: int, final: list[SourceRows]) -> None:
        """Keep only the rows of the first n sources stored (those of `final`), and the
        rows they share."""
        for (name, count), mark in zip(self.counts.items(), self.marks[n], strict=True):
            if count > mark:
                self.db.conn.execute(f"DELETE FROM [{name}] WHERE rowid > ?", (mark,))
                self.counts[name] = mark
        del self.marks[n:], self.stored[n:]
        self.assembler = Assembler(self, self.registry)
        for r in final[:n]:
            if r.contributes:
                self.assembler.share(r, self.cache.tables(r.key))
