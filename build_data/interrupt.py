"""Ctrl-C and SIGTERM: the build stops within a moment, cleans up its temporaries and says
what changed (cli.py), with no traceback from any process.

The main process turns the first signal into Interrupted, raised where it is (a
BaseException, so no `except Exception` of the build swallows it); a further signal only
lets the clean-up already under way finish. Around short steps that must not be cut in two
(renaming outputs into place, removing temporaries) the signal is deferred to their end.
Worker processes ignore Ctrl-C (the terminal sends it to them too) and die quietly when
the main process terminates them. A long SQLite statement is cut short by a progress
handler.
"""

from __future__ import annotations

import multiprocessing
import signal
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

SIGNALS = (signal.SIGINT, signal.SIGTERM)
received: int | None = None  # the first signal received, once handled() is in force
_deferring = 0
_pending = False


class Interrupted(BaseException):
    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _handler(signum, frame) -> None:
    global received, _pending
    if received is not None:
        return
    received = signum
    if _deferring:
        _pending = True
    else:
        raise Interrupted(signum)


@contextmanager
def handled() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into Interrupted while the block runs (main thread only)."""
    global received, _pending
    received, _pending = None, False
    before = {s: signal.signal(s, _handler) for s in SIGNALS}
    try:
        yield
    finally:  # once interrupted, a further signal must not add a second line while the process ends
        for s, h in before.items():
            signal.signal(s, signal.SIG_IGN if received is not None else h)


@contextmanager
def deferred() -> Iterator[None]:
    """Hold a signal received during the block until its end."""
    global _deferring, _pending
    _deferring += 1
    try:
        yield
    finally:
        _deferring -= 1
    if not _deferring and _pending:
        _pending = False
        raise Interrupted(received)


def check() -> None:
    """Raise Interrupted if a signal was received (after a library call swallowed it)."""
    if received is not None:
        raise Interrupted(received)


def watch(conn: sqlite3.Connection) -> None:
    """Let a signal cut a long statement short (it fails with 'interrupted'; check() then
    raises Interrupted)."""
    conn.set_progress_handler(lambda: received is not None and not _deferring, 20_000)


def _worker_init(initializer: Callable[[], None] | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
    if initializer is not None:
        initializer()


@contextmanager
def pool(
    jobs: int, initializer: Callable[[], None] | None = None
) -> Iterator[multiprocessing.pool.Pool]:
    """A pool of `jobs` worker processes (forked where the system can), closed when the
    block ends and terminated at once when it fails or is interrupted. Signals are blocked
    while the workers start, so none arrives before a worker has set its own handling."""
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        workers = ctx.Pool(jobs, initializer=_worker_init, initargs=(initializer,))
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    try:
        yield workers
        workers.close()
        workers.join()
    except BaseException:
        workers.terminate()
        workers.join()
        raise
