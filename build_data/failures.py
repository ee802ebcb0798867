"""One sentence and an exit status for any way a build can end early, saying truly which
outputs it changed (outputs.outcome compares them with a snapshot taken before)."""

from __future__ import annotations

import errno
import signal
import sqlite3
from pathlib import Path

from . import interrupt
from .cache import cache_path
from .errors import OsceDataError, UsageProblem
from .outputs import Outputs, outcome, shown

DEBUG_HINT = "set OSCE_DATA_DEBUG=1 to see the traceback"


def disk_full(err: BaseException) -> bool:
    if isinstance(err, OSError):
        return err.errno in (errno.ENOSPC, errno.EDQUOT)
    if isinstance(err, sqlite3.Error):
        return getattr(
            err, "sqlite_errorcode", None
        ) == sqlite3.SQLITE_FULL or "database or disk is full" in str(err)
    return False


def _which(filename, out: Outputs) -> str:
    """The output a file being written belongs to (its temporary, or a file inside the
    package folder), as messages name it; else the file's own name."""
    path = Path(filename).absolute()
    for name, target in [*out.named(), (shown(cache_path(out.db)), cache_path(out.db))]:
        target = Path(target).absolute()
        if path == target or path.is_relative_to(target):
            return name
        if path.is_relative_to(target.parent) and path.relative_to(target.parent).parts[
            0
        ].startswith(f".{target.name}."):
            return name
    return shown(filename)


def describe(err: BaseException, out: Outputs, before: dict) -> tuple[str, int, bool]:
    """(message, exit status, whether it is an error) for a build that raised err."""
    if (
        isinstance(err, (interrupt.Interrupted, KeyboardInterrupt))
        or interrupt.received is not None
    ):
        signum = interrupt.received or getattr(err, "signum", signal.SIGINT)
        return f"Interrupted; {outcome(out, before)}.", 128 + signum, False
    if isinstance(err, UsageProblem):
        return str(err), 2, True
    if isinstance(err, OsceDataError):
        return str(err), 1, True
    changed = outcome(out, before)
    if disk_full(err):
        if isinstance(err, OSError):
            where = _which(err.filename, out) if err.filename else "the outputs"
        else:
            where = f"{shown(out.db)} or its cache"
        return (
            f"The disk is full while writing {where}; "
            f"{changed}. Free some space, then build again.",
            1,
            True,
        )
    if isinstance(err, OSError):
        where = f" ({shown(err.filename)})" if err.filename else ""
        return (
            f"Cannot write the outputs{where}: {err.strerror or err}; {changed}. Check the --db, "
            "--package-dir and --metadata paths and their permissions.",
            1,
            True,
        )
    if isinstance(err, sqlite3.Error):
        return (
            f"SQLite failed while writing {shown(out.db)} or its cache ({err}); {changed}. Check "
            f"the free space and permissions there, or report it ({DEBUG_HINT}).",
            1,
            True,
        )
    return (
        f"Internal error ({type(err).__name__}: {err}); {changed}. Please report it with the "
        f"input files ({DEBUG_HINT}).",
        1,
        True,
    )
