"""A reproducible release archive: the same files give the same zip, byte for byte.

Members are sorted by name, under one folder; every member carries the release's date
as its time, the same permissions and the same compression, and nothing of the machine
that made it (no user, no current time, no extra fields). SHA256SUMS, last, lists the
SHA-256 of every other member in the format `sha256sum -c` reads.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import zipfile
from pathlib import Path

from .tempfiles import replace_durably

CHUNK = 1 << 20


def members_of(folder: Path, prefix: str) -> list[tuple[str, Path]]:
    """(name in the archive, file) for every file under a folder, links not followed."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in filenames:
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                out.append((f"{prefix}/{path.relative_to(folder).as_posix()}", path))
    return out


def _info(name: str, date: tuple[int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(*date, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # unix, whatever the machine
    info.external_attr = 0o100644 << 16
    return info


def sha256_file(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def write_archive(target: Path, top: str, members: list[tuple[str, Path]], date: str) -> None:
    """Write the zip `target` (through a temporary file) holding `members` (name in the
    archive relative to the folder `top`, file) and SHA256SUMS, dated `date` (YYYY-MM-DD)."""
    day = tuple(int(x) for x in date.split("-"))
    members = sorted(members)
    names = [name for name, _ in members]
    if len(set(names)) != len(names) or "SHA256SUMS" in names:
        raise ValueError("archive members must have distinct names other than SHA256SUMS")
    sums = "".join(f"{sha256_file(path)}  {name}\n" for name, path in members)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as archive:
            for name, path in members:
                with (
                    open(path, "rb") as src,
                    archive.open(_info(f"{top}/{name}", day), "w", force_zip64=True) as dst,
                ):
                    shutil.copyfileobj(src, dst, CHUNK)
            archive.writestr(_info(f"{top}/SHA256SUMS", day), sums)
        replace_durably(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
