"""Reading the planned files: the results of the files the cache does not hold are read
in worker processes (or in this one when that does not pay), each staged in the cache as
it comes, the others taken from the cache; a file whose reading was stopped (a time
limit, a dying worker) becomes an unreadable source."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, closing
from functools import partial

from . import interrupt
from .cache import ResultCache
from .dedupe import same_bytes
from .normalize.actors import Registry
from .plan import Task
from .read import read_source, stopped_source
from .source_rows import SourceRows
from .workers import Stopped, run_tasks

Read = tuple[SourceRows, dict[str, float]]  # a result and the seconds per stage it took
# Seconds between commits of the results staged in the cache while reading: what a build
# killed outright (SIGKILL, out of memory) had read, extracted or OCR'd stays cached. (A
# signal the build handles commits them anyway; in WAL mode a commit does not sync.)
COMMIT_EVERY = 30.0


def read_task(task: Task, registry: Registry) -> Read:
    timings: dict[str, float] = {}
    result = read_source(
        task.path,
        registry,
        ocr=task.ocr,
        source_id=task.source_id,
        refused=task.refused,
        timings=timings,
        extraction_cache=task.extraction_cache,
        reuse_extraction=task.reuse_extraction,
    )
    return dataclasses.replace(result, key=task.key), timings


# A worker of the multiprocessing pool reads with the registry it was started with (the
# pool pickles its tasks: the registry is not sent with each).
_worker_registry: Registry | None = None


def _start_worker(registry: Registry) -> None:
    global _worker_registry
    _worker_registry = registry


def _read_in_worker(task: Task) -> Read:
    return read_task(task, _worker_registry)


def stopped(task: Task, why: Stopped) -> Read:
    """The result of a file whose worker was stopped (--file-timeout) or died: never
    cached, so the next build reads it again."""
    if why.reason == "timeout":
        code, what = (
            "file-timeout",
            f"reading it took longer than {why.seconds:g} s and was stopped; its records are left "
            "out (allow more time with --file-timeout)",
        )
    else:
        code, what = (
            "internal-error",
            "the worker process reading it died; its records are left out, please report it",
        )
    return stopped_source(task.path, task.source_id, code, what), {}


def read_all(
    tasks: list[Task],
    registry: Registry,
    cache: ResultCache,
    *,
    full: bool,
    jobs: int,
    file_timeout: float | None,
    on_read: Callable[[Task, SourceRows, dict[str, float] | None], None],
    cached: dict[str, SourceRows] | None = None,
    on_rows: Callable[[SourceRows, bytes | None], None] | None = None,
) -> list[SourceRows]:
    """Every task's result, in task order: from the cache (unless `full`), else read (in
    parallel when it pays; in worker processes whenever a file_timeout is set, so that a
    file taking too long can be stopped) and staged in the cache as it comes. on_read(task,
    result, timings) is called for each, timings None for a cached one; then on_rows(result,
    packed), when given, with its packed rows (None for a cached one: the cache has them).
    `cached`: the cache's results for the tasks' keys, when already looked up."""
    hits: dict[int, SourceRows] = {}
    if not full:
        if cached is None:
            cached = cache_hits(tasks, cache)
        for i, task in enumerate(tasks):
            if task.key in cached:
                hits[i] = cached[task.key]
    todo = [
        dataclasses.replace(t, extraction_cache=cache.path, reuse_extraction=not full)
        for i, t in enumerate(tasks)
        if i not in hits
    ]
    with ExitStack() as stack:
        processes = jobs if jobs > 1 and len(todo) >= 4 * jobs else 1
        if file_timeout is not None and todo:
            # one file at a time per worker, a worker still busy when the time is up replaced
            workers = stack.enter_context(
                closing(
                    run_tasks(partial(read_task, registry=registry), todo, processes, file_timeout)
                )
            )
            done: Iterator[Read] = (
                stopped(t, r) if isinstance(r, Stopped) else r
                for t, r in zip(todo, workers, strict=False)
            )
        elif processes > 1:
            pool = stack.enter_context(interrupt.pool(jobs, partial(_start_worker, registry)))
            done = pool.imap(
                _read_in_worker, todo, chunksize=max(1, min(8, len(todo) // (jobs * 16)))
            )
        else:
            done = (read_task(t, registry) for t in todo)
        return _collect(tasks, hits, done, cache, on_read, on_rows)


def cache_hits(tasks: list[Task], cache: ResultCache) -> dict[str, SourceRows]:
    """The cached results of the tasks, by key."""
    return cache.results([t.key for t in tasks if t.key is not None])


def _collect(
    tasks: list[Task],
    hits: dict[int, SourceRows],
    done: Iterable[Read],
    cache: ResultCache,
    on_read,
    on_rows,
) -> list[SourceRows]:
    """The results in task order, cached ones from `hits`, the others as `done` yields
    them (staged in the cache as they come)."""
    results: list[SourceRows] = []
    done = iter(done)
    committed = time.monotonic()
    try:
        for i, task in enumerate(tasks):
            timings, packed = None, None
            if i in hits:
                result = hits[i]
            else:
                result, timings = next(done)
                if result.key is None:  # not cacheable (unreadable), but staged like the others
                    key = "uncached:" + hashlib.sha256(os.fsencode(task.path)).hexdigest()
                    result = dataclasses.replace(result, key=key)
                cache.put(result)
                if time.monotonic() - committed >= COMMIT_EVERY:
                    cache.commit()
                    committed = time.monotonic()
                packed, result = result.packed, result.staged()
            if task.duplicate_of is not None:
                result = same_bytes(result, task.duplicate_of)
            results.append(result)
            on_read(task, result, timings)
            if on_rows is not None:
                on_rows(result, packed)
    finally:
        cache.commit()
    return results
