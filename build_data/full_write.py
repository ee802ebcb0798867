"""Writing every output again: each source's rows streamed, in source id order, into a new
database (assemble.Assembler into store.DatabaseWriter), then the whole package from it."""

from __future__ import annotations

import time
from pathlib import Path

from .assemble import Assembler
from .cache import ResultCache
from .export import write_package_from_db
from .normalize.actors import Registry
from .report import BuildReport
from .source_rows import SourceRows
from .store import DatabaseWriter


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
        assembler.close()
        t1 = time.perf_counter()
        report.stages["store"] = t1 - t0
        report.stages["store_sql"] = db.timings["store"]
        db.finish()
        report.stages.update(
            index=db.timings["index"], fts=db.timings["fts"], finish=db.timings["finish"]
        )
    t2 = time.perf_counter()
    indexes = write_package_from_db(db_path, package_dir, jobs) if package_dir is not None else None
    report.stages["export"] = time.perf_counter() - t2
    return indexes
