"""The build: discover the files -> plan the reading -> read them (pool.py, reusing the
cache) -> dedupe -> write every output again or patch the previous ones.

One function, build(), called by the CLI. Problems with single inputs never stop the
run: they become parse_issues rows and messages in the report.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from . import incremental, interrupt
from .cache import ResultCache, cache_path, code_version
from .dedupe import dedupe
from .discovery import discover
from .errors import BuildError, UsageProblem
from .extraction_cache import extraction_version, kept_files
from .full_write import EarlyStore, write_all
from .incremental import FileHashes, previous_manifest, record_manifest
from .lock import held_elsewhere, locked
from .normalize.actors import load_registry
from .outputs import Outputs, check_contents, shown
from .outputs import check as check_outputs
from .plan import Task, plan
from .pool import cache_hits, read_all
from .publish import metadata_current, write_metadata
from .report import BuildReport, tally
from .source_rows import SourceRows
from .store import settle
from .tables import TABLES

FILE_TIMEOUT = 60.0  # seconds one file may take to be read, parsed and normalized
MESSAGE = TABLES["parse_issues"].column_names.index("message")


def build(
    paths: Iterable[Path],
    db_path: Path,
    package_dir: Path | None,
    metadata_path: Path | None = None,
    on_file: Callable[[Path, SourceRows], None] | None = None,
    *,
    jobs: int | None = None,
    full: bool = False,
    wait: bool = False,
    on_wait: Callable[[str], None] | None = None,
    file_timeout: float | None = FILE_TIMEOUT,
    ocr: bool = False,
) -> BuildReport:
    """Read every source (in a pool of `jobs` worker processes, default one per CPU; scans
    by OCR when `ocr`), reusing the cached result of each source whose bytes, path and
    code have not changed (unless `full`). Then patch the previous database and package
    when few sources changed (incremental.py), else stream every row into a new database
    and write the package from it. The output does not depend on `jobs`, on the cache or
    on the path taken. A file still being read after `file_timeout` seconds (None: no
    limit) is stopped and kept as an unreadable source with a file-timeout issue.

    First the outputs are checked (outputs.check: UsageProblem when the build would
    replace what it did not write) and the lock of the database's outputs is taken for
    the whole build (lock.py: Busy when another build holds it, unless `wait`)."""
    paths = [Path(p) for p in paths]
    outputs = Outputs(
        Path(db_path),
        None if package_dir is None else Path(package_dir),
        None if metadata_path is None else Path(metadata_path),
    )
    try:
        check_outputs(outputs, paths)
    except UsageProblem:
        # What the outputs hold is judged once no other build writes them: one may be
        # swapping the package in right now. Anything else is refused before the lock file
        # is made beside --db.
        check_outputs(outputs, paths, contents=False)
        if not held_elsewhere(db_path):
            raise
    with locked(db_path, wait, on_wait):
        check_contents(outputs)
        jobs = max(1, jobs or os.cpu_count() or 1)
        return _build(paths, outputs, on_file, jobs, full, file_timeout, ocr)


def _build(
    paths: list[Path],
    outputs: Outputs,
    on_file,
    jobs: int,
    full: bool,
    file_timeout: float | None,
    ocr: bool,
) -> BuildReport:
    started = time.perf_counter()
    db_path, package_dir, metadata_path = outputs.db, outputs.package, outputs.metadata
    rolled_back = settle(db_path)  # before anything reads the database
    registry = load_registry()
    files, messages, refused = discover(paths)
    report = BuildReport(files=len(files), messages=messages)
    cache = ResultCache(cache_path(db_path))
    early = None
    try:
        # the extractors' version as this build starts (workers forked later share it): an
        # edit during the build does not make it forget the texts it kept
        extraction = extraction_version()
        hashes = FileHashes(cache, trusted=not full)
        tasks = plan(files, hashes, refused, ocr)
        hashes.save()
        cached = {} if full else cache_hits(tasks, cache)
        previous = previous_manifest(cache)
        reason = _written_again(full, tasks, cached, previous)
        # known to be written again: the sources are stored while the others are read.
        # A signal waits until `early` holds the store, whose new file the finally removes.
        with interrupt.deferred():
            early = EarlyStore(db_path, registry, cache) if reason is not None else None

        t0 = time.perf_counter()
        results = _read(
            tasks, registry, cache, cached, full, jobs, file_timeout, report, on_file, early
        )
        report.stages["process"] = time.perf_counter() - t0
        results = dedupe(results)
        for task, r in zip(tasks, results, strict=True):
            for issue in r.replacement or ():
                report.warnings.append(f"{shown(task.path)}: {issue[MESSAGE]}")
        report.built = sum(1 for r in results if r.content)
        if not files or not any(
            r.source["doc_kind"] not in ("unreadable", "not_recognised") for r in results
        ):
            raise BuildError(
                "Nothing could be built: no readable OSCE document among the inputs. "
                + " ".join(report.messages)
            )
        signed = incremental.signatures(results)
        if early is not None:
            report.full_reason = reason
        patched = (
            None
            if early is not None
            else incremental.try_patch(
                report,
                lambda: incremental.patch(
                    db_path, package_dir, results, cache, registry, previous, rolled_back, signed
                ),
            )
        )
        if patched is None:
            record_manifest(cache, None)
            indexes = (
                early.write(results, package_dir, report, jobs)
                if early is not None
                else write_all(results, cache, db_path, package_dir, registry, report, jobs)
            )
        else:
            indexes = patched.indexes
        t3 = time.perf_counter()
        if metadata_path is not None and not (
            patched is not None
            and incremental.same_file(previous, "metadata", metadata_path)
            and metadata_current(metadata_path)
        ):
            # made from the code and the release record: a patch by the same code keeps it
            write_metadata(metadata_path)
        report.stages["metadata"] = time.perf_counter() - t3
        tally(db_path, report, patched.counts if patched is not None else None)
        record_manifest(
            cache,
            incremental.manifest(
                results, db_path, package_dir, indexes, metadata_path, signed, report.counts
            ),
        )
        cache.retain(
            {r.key for r in results if not r.key.startswith("uncached:")},
            extraction,
            kept_files(results),
        )
    finally:
        if early is not None:
            early.close()  # the new database is removed unless written
        cache.close()
    report.seconds = time.perf_counter() - started
    return report


def _written_again(
    full: bool, tasks: list[Task], cached: dict[str, SourceRows], previous: dict | None
) -> str | None:
    """Why every output will be written again, when that is known before reading (--full:
    ''; more sources to read than a patch takes); None: a patch may do."""
    if full:
        return ""
    misses = sum(1 for t in tasks if t.key is not None and t.key not in cached)
    if misses <= max(4, incremental.MAX_SHARE * len(tasks)):
        return None
    if previous is None:
        return "no record of a previous build"
    if previous["version"] != code_version():
        return "the code changed since the previous build"
    return f"{misses} of {len(tasks)} sources changed"


def _read(
    tasks: list[Task],
    registry,
    cache: ResultCache,
    cached: dict[str, SourceRows],
    full: bool,
    jobs: int,
    file_timeout: float | None,
    report: BuildReport,
    on_file,
    early: EarlyStore | None,
) -> list[SourceRows]:
    """Every task's result, in task order (pool.read_all), counted in the report in that
    order. With an EarlyStore, the files are read in the order of their sources' ids and
    each result is stored as it comes."""
    order = list(range(len(tasks)))
    if early is not None:
        order.sort(key=lambda i: tasks[i].id)
    seconds: list[dict[str, float] | None] = []

    def on_read(task: Task, result: SourceRows, timings: dict[str, float] | None) -> None:
        seconds.append(timings)
        if on_file:
            on_file(task.path, result)

    done = read_all(
        [tasks[i] for i in order],
        registry,
        cache,
        full=full,
        jobs=jobs,
        file_timeout=file_timeout,
        on_read=on_read,
        cached=cached,
        on_rows=None if early is None else early.add,
    )
    results: list[SourceRows] = [None] * len(tasks)  # type: ignore[list-item]
    timings: list[dict[str, float] | None] = [None] * len(tasks)
    for k, i in enumerate(order):
        results[i], timings[i] = done[k], seconds[k]
    for result, t in zip(results, timings, strict=True):
        report.count(result, t)
    return results
