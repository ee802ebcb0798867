"""Leftovers of killed builds.

The store and export stages write `.NAME.PID.tmp` (a database also its -wal and -shm)
next to their target and swap it in with os.replace; the package swap first moves the old
folder aside to `.NAME.PID.old`. A build killed (SIGKILL, power loss) at the wrong moment
leaves these behind, and one killed between the package's two renames leaves the old
package aside with no package in place. Before writing, a build calls `recover(target)`:
leftovers of processes that are gone are removed, and a package moved aside is put back
first.

Every swap is made durable (`replace_durably`): the new bytes are flushed to the disk
before the rename that publishes them, and the rename before the build reports success.
Without that, a power cut soon after a build can leave the target renamed but empty, the
previous outputs gone with it.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
from pathlib import Path

from . import interrupt


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(target: Path) -> list[Path]:
    """Restore a target moved aside by a killed build, and remove stale temporaries;
    return what was removed or restored."""
    target = Path(target)
    if not target.parent.is_dir():
        return []
    # (a database being written may have its WAL files beside it: .NAME.PID.tmp-wal, -shm)
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+)\.(tmp|old)(?:-wal|-shm)?")
    done: list[Path] = []
    for p in sorted(target.parent.iterdir()):
        m = pattern.fullmatch(p.name)
        if not m or _alive(int(m.group(1))):
            continue
        if m.group(2) == "old" and not target.exists():
            os.replace(p, target)
        elif p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        else:
            p.unlink()
        done.append(p)
    return done


# What opening or flushing a folder fails with where the file system or the OS cannot flush
# one (some network and FUSE file systems; Windows cannot open a folder): SQLite ignores
# those failures for its folder too. A file that cannot be flushed is an error.
FOLDER_SYNC_UNSUPPORTED = {errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF, errno.EACCES}


def sync(path: Path) -> None:
    """Flush to the disk a file's bytes, or a folder's own entries (the names in it, not the
    files': other programs' files beside an output are none of ours to open). A folder the
    file system cannot flush is left as it is."""
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as err:
        if not (err.errno in FOLDER_SYNC_UNSUPPORTED and Path(path).is_dir()):
            raise


def sync_with_files(folder: Path) -> None:
    """Flush a folder we wrote whole (a staged package): each file in it, then its entries."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_file(follow_symlinks=False):
                sync(Path(entry.path))
    sync(folder)


def replace_durably(tmp: Path, target: Path) -> None:
    """os.replace(tmp, target) in the order that survives a power cut: tmp's bytes (a
    folder's files) reach the disk before the rename, and the rename before returning."""
    if Path(tmp).is_dir():
        sync_with_files(tmp)
    else:
        sync(tmp)
    os.replace(tmp, target)
    sync(Path(target).parent)


def write_text_durably(path: Path, text: str) -> None:
    """Replace the file at path by text, whole: written beside it, flushed, renamed into
    place (never a file half written; a signal waits for the rename), the temporary
    removed whatever happens."""
    path = Path(path)
    recover(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        with interrupt.deferred():
            replace_durably(tmp, path)
    finally:
        with interrupt.deferred():
            tmp.unlink(missing_ok=True)


def copy_range(src, dst, start: int, end: int) -> None:
    """Copy bytes [start, end) of one open binary file to the current position of another,
    in the kernel when it can (os.copy_file_range; a file system may even share the
    blocks), else through a buffer."""
    dst.flush()
    if hasattr(os, "copy_file_range"):
        try:
            offset_out = dst.tell()
            while start < end:
                n = os.copy_file_range(src.fileno(), dst.fileno(), end - start, start, offset_out)
                if n == 0:
                    raise OSError(f"{src.name} is shorter than expected")
                start, offset_out = start + n, offset_out + n
            dst.seek(offset_out)
            return
        except OSError as err:
            if getattr(err, "errno", None) not in (
                18,
                22,
                38,
                95,
            ):  # EXDEV, EINVAL, ENOSYS, EOPNOTSUPP: copy by hand
                raise
    src.seek(start)
    while start < end:
        chunk = src.read(min(1 << 22, end - start))
        if not chunk:
            raise OSError(f"{src.name} is shorter than expected")
        dst.write(chunk)
        start += len(chunk)


def copy_file(src: Path, dst: Path) -> None:
    with open(src, "rb") as a, open(dst, "wb") as b:
        copy_range(a, b, 0, os.fstat(a.fileno()).st_size)
