"""Which files a build reads: those named, and those found under the folders named
(hidden ones skipped); symbolic links that lead elsewhere are not followed, and folders
that cannot be listed are not read, but both are recorded."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path

from .outputs import shown


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[str], dict[Path, tuple[str, str]]]:
    """Files named or found (recursively, hidden files and folders skipped) under the given
    paths, a message for each path that does not exist or is an empty folder, and the
    symbolic links not followed and folders that cannot be listed, with an issue code and
    message each. Pipes, sockets and
    devices are returned too (never opened: read_source records them as unreadable).

    A link found in a folder is followed only when it leads to a file inside that folder
    (a link to a folder is never walked: what it holds inside the folder is found by its
    own path); a link leading outside, a dangling link and a loop are returned as files
    not to be read. A path named on the command line is followed wherever it leads."""
    files: list[Path] = []
    messages: list[str] = []
    refused: dict[Path, tuple[str, str]] = {}
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found, links = _walk(p)
            if not found and not links:
                messages.append(f"{shown(p)}: the folder holds no files; check the path.")
            files.extend(found)
            refused.update(links)
        elif p.exists():
            files.append(p)
        elif p.is_symlink():
            refused[p] = _link_problem(p, None)
        else:
            messages.append(f"{shown(p)}: no such file or folder; check the path.")
    files.extend(refused)
    return sorted(set(files), key=str), messages, refused


def _walk(folder: Path) -> tuple[list[Path], dict[Path, tuple[str, str]]]:
    """The files under a folder and the links found there that are not followed. Walked
    with os.scandir, whose entries say which are links without a system call per file
    (is_symlink() on each path made one: 30,000 at each rebuild of a 30,000-journal
    archive). A link to a folder is not walked; a folder that cannot be listed (no
    permission) is returned with the links not followed, so that it is recorded rather
    than silently skipped (os.walk skips it)."""
    root = folder.resolve()
    found: list[Path] = []
    refused: dict[Path, tuple[str, str]] = {}
    pending = [os.fspath(folder)]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as err:
            refused[Path(current)] = (
                "unreadable-folder",
                f"{shown(current)}: a folder that cannot be listed ({err.strerror or err}); "
                "nothing was read from it; check its permissions.",
            )
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir and not entry.is_symlink():
                pending.append(entry.path)
            elif is_dir:
                link = Path(entry.path)
                if not link.resolve().is_relative_to(root):
                    refused[link] = _link_problem(link, root)
            elif not entry.is_symlink():
                found.append(Path(entry.path))
            else:
                problem = _link_problem(Path(entry.path), root)
                if problem is None:
                    found.append(Path(entry.path))
                else:
                    refused[Path(entry.path)] = problem
    return found, refused


def _link_problem(link: Path, root: Path | None) -> tuple[str, str] | None:
    """Why a symbolic link is not followed (issue code, message), or None: it leads to a
    file inside root (root None: a link named on the command line, whose target is gone)."""
    loop = (
        "link-loop",
        f"{shown(link)}: a symbolic link that loops back on itself; nothing was read from it.",
    )
    try:
        target = link.resolve(strict=True)
    except RuntimeError:
        return loop
    except OSError as err:
        if err.errno == errno.ELOOP:
            return loop
        return (
            "dangling-link",
            f"{shown(link)}: a symbolic link to {shown(os.readlink(link))}, which does not exist; "
            "nothing was read from it.",
        )
    if root is None or target.is_relative_to(root):
        return None
    return "link-outside-sources", (
        f"{shown(link)}: a symbolic link to {shown(target)}, outside the source folder "
        f"{shown(root)}; it was not followed and nothing was read from it"
        " (name it on the command line to build it)."
    )
