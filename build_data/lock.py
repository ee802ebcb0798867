"""One build at a time per database: an OS file lock on DB.lock (e.g. osce.db.lock), held
from before the cache is opened until the build ends, however it ends (the system releases
it when the process exits, even when killed). The file holds the PID of the build that
holds the lock; it is left in place, since removing it would let a third build lock a
new file while a second still waits on the old one.

And a served database is marked: its server holds a shared lock on DB.serving for as long
as it runs, so that a build does not change in place the file a site reads."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import Busy
from .outputs import lock_path, shown

_held: set[int] = set()  # descriptors of the locks this process holds


def _forget_in_child() -> None:
    """A forked worker does not hold its parent's lock: an flock belongs to the open file,
    which a child shares, so a worker still busy after its build was killed would keep the
    next build out."""
    for fd in _held:
        os.close(fd)
    _held.clear()


os.register_at_fork(after_in_child=_forget_in_child)


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return f" (PID {text})" if text.isdigit() else ""


def _taken(path: Path, how: int) -> bool:
    """Does another open file hold a lock on `path` that a `how` lock conflicts with?
    (Nothing is created.)"""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, how | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def held_elsewhere(db_path: Path) -> bool:
    """Is the lock of db_path's outputs held by another build now?"""
    return _taken(lock_path(db_path), fcntl.LOCK_SH)


@contextmanager
def locked(
    db_path: Path, wait: bool = False, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the lock of db_path's outputs while the block runs. When another build holds
    it: raise Busy, or with `wait` block until it is released (telling on_wait once)."""
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            busy = f"Another build{_holder(fd)} is writing {shown(db_path)} and its outputs"
            if not wait:
                raise Busy(
                    f"{busy}; nothing was changed; build again when it has finished, or give "
                    "--wait to wait for it."
                ) from None
            if on_wait is not None:
                on_wait(f"{busy}; waiting for it to finish.")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        _held.add(fd)
        yield
    finally:
        _held.discard(fd)
        os.close(fd)  # releases the lock


def serving_path(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".serving")


def mark_served(db_path: Path, on_wait: Callable[[str], None] | None = None) -> None:
    """Mark db_path as served by this process and by what it becomes (execve) and forks
    (the server's workers) until they all exit: a shared lock on DB.serving, taken while
    no build runs (waiting for one to finish, telling on_wait), so that a build either
    ended before or sees the mark (served). Where these files cannot be made (a read-only
    folder), no build can write beside the database either, and nothing is marked."""
    try:
        with locked(db_path, wait=True, on_wait=on_wait):
            fd = os.open(serving_path(db_path), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
            fcntl.flock(fd, fcntl.LOCK_SH)
            os.set_inheritable(fd, True)  # kept open, and locked, across the exec of the server
    except OSError:
        return


def served(db_path: Path) -> bool:
    """Is db_path being served now (mark_served)?"""
    return _taken(serving_path(db_path), fcntl.LOCK_EX)
