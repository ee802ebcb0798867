"""What a build reads: a task per input file, with the id its source gets and the key its
result has in the cache."""

from __future__ import annotations

import hashlib
import os
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .cache import code_version
from .incremental import FileHashes
from .outputs import shown


@dataclass(frozen=True)
class Task:
    path: Path
    source_id: str | None  # set for a second file with the same bytes
    duplicate_of: str | None
    key: str | None  # cache key; None: not cacheable (the file could not be read)
    refused: tuple[str, str] | None = None  # a link not followed: issue code and message
    ocr: bool = False  # read scanned PDFs by OCR
    id: str = ""  # the id its source will have, unless the file changes while it is read
    # the cache file that keeps extracted texts (extraction_cache.py), and whether they are
    # reused (not with --full)
    extraction_cache: Path | None = None
    reuse_extraction: bool = False


def plan(
    files: list[Path], hashes: FileHashes, refused: dict[Path, tuple[str, str]], ocr: bool
) -> list[Task]:
    """A task per file, in file order; a second file with the same bytes gets its own id.
    The files `refused` (links not followed) are not opened."""
    version = code_version()
    tasks, seen = [], Counter()
    for path in files:
        try:
            if path in refused:
                raise OSError("a link not followed")
            st = path.stat()
            if not stat.S_ISREG(st.st_mode):  # a pipe, socket or device: opening it could
                raise OSError("not a regular file")  # block forever
            sha, readable = hashes.sha256(path, st), True
        except OSError:
            sha, readable = hashlib.sha256(os.fsencode(path)).hexdigest(), False
        sid = sha[:12]
        seen[sid] += 1
        source_id = f"{sid}-{seen[sid]}" if seen[sid] > 1 else None
        # OCR reads scans the build without it does not: its results are kept apart
        read = f"{version}\0{sha}\0{shown(path)}\0{source_id}" + ("\0ocr" if ocr else "")
        key = hashlib.sha256(read.encode()).hexdigest() if readable else None
        tasks.append(
            Task(
                path,
                source_id,
                sid if source_id else None,
                key,
                refused.get(path),
                ocr,
                source_id or sid,
            )
        )
    return tasks
