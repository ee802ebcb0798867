"""Worker processes that run one task each at a time, under a time limit per task.

multiprocessing.Pool cannot stop a single task: one file that keeps a parser busy for
minutes would hold its worker, and so the whole build, until it finished (and a regular
expression or a C library cannot be interrupted from inside the process). Here each worker
receives one task at a time over its own pipe; a task still running when its time is up
has its worker killed and replaced by a fresh one, and the caller gets a `Stopped` in
place of that task's result. A worker that dies (killed by the system, a crash in C code)
gives a `Stopped` too. The other tasks go on.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Stopped:
    """In place of the result of a task that did not finish: `timeout` (it ran longer than
    the limit and its worker was killed) or `died` (its worker exited)."""

    reason: str
    seconds: float


SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _serve(conn, func: Callable, initializer: Callable | None) -> None:
    # Ctrl-C reaches the whole process group: the parent decides, and kills busy workers.
    # The worker was started with the signals blocked, so none arrived before this point.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
    if initializer is not None:
        initializer()
    while True:
        try:
            item = conn.recv()
        except EOFError:
            return
        if item is None:
            return
        conn.send(func(item))


class _Worker:
    def __init__(self, ctx, func: Callable, initializer: Callable | None):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, func, initializer), daemon=True)
        blocked = signal.pthread_sigmask(
            signal.SIG_BLOCK, SIGNALS
        )  # the parent's handlers must not run in the child
        try:
            self.process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        child.close()
        self.index: int | None = None  # the task it is running
        self.started = 0.0

    def give(self, index: int, task) -> None:
        self.index, self.started = index, time.monotonic()
        self.conn.send(task)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()

    def close(self) -> None:
        """Let an idle worker exit (kill it if it does not); kill a busy one (the build is
        ending early: an error or an interruption)."""
        if self.index is None:
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(1)
        self.stop()


def run_tasks(
    func: Callable[[T], R],
    tasks: list[T],
    processes: int,
    timeout: float | None,
    initializer: Callable | None = None,
) -> Iterator[R | Stopped]:
    """func(task) for every task in `processes` worker processes, yielded in task order; a
    task that runs longer than `timeout` seconds (None: no limit) yields a Stopped."""
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    todo = list(enumerate(tasks))[::-1]
    results: dict[int, R | Stopped] = {}
    workers = [_Worker(ctx, func, initializer) for _ in range(max(1, min(processes, len(tasks))))]
    done = 0

    def feed() -> None:
        for w in workers:
            if w.index is None and todo:
                w.give(*todo.pop())

    try:
        feed()
        while done < len(tasks):
            busy = [w for w in workers if w.index is not None]
            left = (
                None
                if timeout is None
                else max(0.0, min(w.started + timeout for w in busy) - time.monotonic())
            )
            ready = wait([w.conn for w in busy], left)
            for k, w in enumerate(workers):
                if w.index is None:
                    continue
                if w.conn in ready:
                    try:
                        results[w.index] = w.conn.recv()
                        w.index = None
                        continue
                    except (EOFError, OSError):
                        stopped = Stopped("died", time.monotonic() - w.started)
                elif timeout is not None and time.monotonic() - w.started >= timeout:
                    stopped = Stopped("timeout", timeout)
                else:
                    continue
                results[w.index] = stopped
                w.stop()
                workers[k] = _Worker(ctx, func, initializer)
            feed()  # before the results are handed on: a worker does not wait for the caller
            while done in results:
                yield results.pop(done)
                done += 1
    finally:
        for w in workers:
            w.close()
