"""Durability: every output a build publishes by renaming a temporary into place (the
database, the package folder, metadata.yml) has its bytes flushed to the disk (fsync)
before that rename, and the folder holding it is flushed after it. Otherwise a power cut
soon after a build can leave the new name pointing at data that never reached the disk,
with the previous outputs already gone.

A power cut cannot be staged in a test; what the build asks of the kernel can be seen.
The builds run under strace (the real system calls of the real processes, workers
included), a full build with two workers and then an incremental one that patches the
database and the package.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, output_options, synthetic_journals

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace (.ci/run installs it)"),
]

SYSCALL_RE = re.compile(r"^(\d+)\s+(?:<\.\.\. (\w+) resumed>|(\w+)\()(.*)$")
FD_PATH_RE = re.compile(r"^\d+<(.*?)>")
RENAME_RE = re.compile(r'"([^"]*)", (?:\d+<[^>]*>|AT_FDCWD), "([^"]*)"|^"([^"]*)", "([^"]*)"')
TEMPORARY_RE = re.compile(r"^\.(.+)\.\d+\.tmp$")


def traced_build(src: Path, out: Path, log: Path, *options: str) -> None:
    subprocess.run(
        [
            "strace",
            "-f",
            "-y",
            "-qq",
            "-e",
            "trace=fsync,fdatasync,rename,renameat,renameat2",
            "-o",
            str(log),
            sys.executable,
            "-m",
            "build_data",
            "build",
            str(src),
            *output_options(out),
            "-q",
            *options,
        ],
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def events(log: Path) -> list[tuple[str, tuple[str, ...]]]:
    """("sync", path) and ("rename", source, target) in the order the calls completed."""
    pending: dict[str, str] = {}
    out: list[tuple[str, tuple[str, ...]]] = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        m = SYSCALL_RE.match(line)
        if not m:
            continue
        pid, resumed, call, rest = m.groups()
        if call is not None and rest.endswith("<unfinished ...>"):
            pending[pid] = f"{call}({rest}"
            continue
        if resumed is not None:
            start = pending.pop(pid, "")
            call, rest = resumed, start.split("(", 1)[1].replace("<unfinished ...>", "") + rest
        if not re.search(r"= 0$", rest):
            continue  # a call that failed published nothing
        if call in ("fsync", "fdatasync"):
            fd = FD_PATH_RE.match(rest)
            if fd:
                out.append(("sync", (fd.group(1),)))
        else:
            r = RENAME_RE.search(rest)
            if r:
                source, target = (r.group(1), r.group(2)) if r.group(1) else r.group(3, 4)
                out.append(("rename", (source, target)))
    return out


def unsynced(log: Path) -> tuple[list[str], list[str]]:
    """(what each temporary put in place was, the problems: a file published without its
    bytes flushed first, a rename whose folder was not flushed after it)."""
    seen = events(log)
    published, problems = [], []
    for k, (kind, args) in enumerate(seen):
        if kind != "rename" or not TEMPORARY_RE.match(Path(args[0]).name):
            continue
        source, target = Path(args[0]), Path(args[1])
        published.append(target.name)
        synced_before = {Path(a[0]) for kd, a in seen[:k] if kd == "sync"}
        files = (
            [source / p.name for p in target.iterdir()] + [source] if target.is_dir() else [source]
        )
        problems += [
            f"{f} not flushed before it became {target}" for f in files if f not in synced_before
        ]
        if not any(kd == "sync" and Path(a[0]) == target.parent for kd, a in seen[k + 1 :]):
            problems.append(f"{target.parent} not flushed after {target.name} was renamed")
    return sorted(published), problems


@pytest.fixture(scope="module")
def journals(tmp_path_factory) -> Path:
    return synthetic_journals(tmp_path_factory.mktemp("synth40"), 40)


def test_full_and_incremental_builds_flush_before_and_after_each_rename(journals, tmp_path):
    """A full build (two workers) publishes the database, the package and metadata.yml,
    each flushed before its rename and its folder after; an incremental build that
    patches one journal publishes its package the same way (the database it changes in
    place is SQLite's to flush: synchronous=FULL)."""
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(journals, src)
    out.mkdir()
    stranger = out / "notes.txt"  # someone else's file beside the outputs
    stranger.write_text("not ours\n", encoding="utf-8")
    traced_build(src, out, tmp_path / "full.log", "--jobs", "2")
    assert unsynced(tmp_path / "full.log") == (["datapackage", "metadata.yml", "osce.db"], [])

    victim = sorted(src.iterdir())[7]
    victim.write_text(victim.read_text(encoding="utf-8") + "A new closing line.\n", "utf-8")
    traced_build(src, out, tmp_path / "patch.log")
    assert unsynced(tmp_path / "patch.log") == (["datapackage"], [])
    # Flushing the outputs' folder flushes its entries, not the other files in it (which
    # a user may not even be allowed to open: a build into /tmp failed on them).
    for log in ("full.log", "patch.log"):
        flushed = {Path(a[0]) for kd, a in events(tmp_path / log) if kd == "sync"}
        assert out in flushed and stranger not in flushed, log
