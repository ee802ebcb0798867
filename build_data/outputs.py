"""What a build may write, checked before anything is touched: only what an earlier build
wrote is ever replaced or deleted. And a snapshot of the outputs, to say after a failed or
interrupted build which of them changed.

An existing output is accepted only when it is what this tool writes: a regular file (the
database a SQLite one, metadata.yml Datasette metadata, of any version since it is made
from the code alone; a damaged cache DB.cache is started again), and a folder that is
empty or holds only an osce-data package (its datapackage.json names the package and
every other entry is one of its CSV files; a package folder must also be writable, since
its files are removed). No two outputs share a path, none is an input or found in an
input folder, and no input is inside the package folder.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .cache import cache_path
from .errors import BuildError, UsageProblem
from .tables import CATALOGUE

SQLITE_HEADER = b"SQLite format 3\x00"
CHANGELOG_TITLE = "# Changelog of the data"  # the first line of the changelog a release writes
PACKAGE_NAME = "osce-journals"  # the `name` of the descriptor this tool writes (export.PACKAGE)


def shown(path: Path | str) -> str:
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def lock_path(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


@dataclass(frozen=True)
class Outputs:
    db: Path
    package: Path | None = None
    metadata: Path | None = None

    def files(self) -> list[tuple[str, Path, str]]:
        """(how a message names it, path, kind) of every file the build writes."""
        out = [
            (f"--db {shown(self.db)}", self.db, "sqlite"),
            (f"the cache {shown(cache_path(self.db))}", cache_path(self.db), "cache"),
            (f"the lock {shown(lock_path(self.db))}", lock_path(self.db), "lock"),
        ]
        if self.metadata is not None:
            out.append((f"--metadata {shown(self.metadata)}", self.metadata, "metadata"))
        return out

    def named(self) -> list[tuple[str, Path]]:
        """The outputs a user asked for, as messages name them."""
        out = [(shown(self.db), self.db)]
        if self.package is not None:
            out.append((shown(self.package).rstrip("/") + "/", self.package))
        if self.metadata is not None:
            out.append((shown(self.metadata), self.metadata))
        return out


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _read_as_input(path: Path, given: Path) -> bool:
    """Whether `path` is the input `given`, or exists where discover() would find it
    under the input folder `given` (hidden files and folders are skipped)."""
    if path == given:
        return True
    return (
        path.is_relative_to(given)
        and not any(part.startswith(".") for part in path.relative_to(given).parts)
        and os.path.lexists(path)
    )


def check(out: Outputs, inputs: Iterable[Path], contents: bool = True) -> None:
    """Raise UsageProblem, with one sentence, when the build would replace or delete
    something it did not write, or read what it writes. Without `contents`, only what
    the paths are (their names, kinds and places) and the lock file are checked, not what
    the database and the package folder hold: another build may be writing those until
    its lock is released."""
    for option, path in (
        ("--db", out.db),
        ("--metadata", out.metadata),
        ("--package-dir", out.package),
    ):
        if path is not None and Path(path).name in ("", ".", ".."):
            raise UsageProblem(
                f"{option} {shown(path)!r} names no "
                f"{'folder' if option == '--package-dir' else 'file'} of its own; give a path "
                f"such as {'datapackage' if option == '--package-dir' else 'osce.db'}."
            )
    files = [(label, Path(path).resolve(), kind, path) for label, path, kind in out.files()]
    given = [Path(p).resolve() for p in inputs]
    seen: dict[Path, str] = {}
    for label, path, _, _ in files:
        if path in seen:
            raise UsageProblem(
                f"{seen[path]} and {label} are the same file; give each output its own path."
            )
        seen[path] = label
    package = Path(out.package).resolve() if out.package is not None else None
    for label, path, _, _ in files:
        if package is not None and _inside(path, package):
            raise UsageProblem(
                f"{label} is inside the package folder {shown(out.package)}, which every build "
                "replaces whole; put it elsewhere."
            )
        for g in given:
            if _read_as_input(path, g):
                raise UsageProblem(
                    f"{label} is among the inputs ({shown(g)}); the build would read what it "
                    "writes; put the outputs elsewhere."
                )
    if package is not None:
        for p, g in zip(inputs, given, strict=False):
            if _inside(g, package):
                raise UsageProblem(
                    f"The input {shown(p)} is inside the package folder {shown(out.package)}, "
                    "which every build replaces whole; give another --package-dir."
                )
            if _read_as_input(package, g):
                raise UsageProblem(
                    f"--package-dir {shown(out.package)} is among the inputs ({shown(p)}); the "
                    "build would read what it writes; put the package elsewhere."
                )
    for label, _, kind, path in files:
        check_file(label, Path(path), kind, contents)
    if out.package is not None:
        _check_package(Path(out.package), contents)


def check_contents(out: Outputs) -> None:
    """The part of check() that depends on what the outputs hold (the database is one
    osce-data wrote, the package folder holds only its package): what a build holding the
    lock checks again, once no other build is writing them."""
    for label, path, kind in out.files():
        if kind != "lock":
            check_file(label, Path(path), kind)
    if out.package is not None:
        _check_package(Path(out.package))


def check_file(label: str, path: Path, kind: str, contents: bool = True) -> None:
    try:
        st = path.lstat()
    except (
        OSError
    ):  # absent, or under something that is not a folder (writing it fails and says so)
        return
    if stat.S_ISLNK(st.st_mode):
        raise UsageProblem(
            f"{label} is a symbolic link; give the path of the file itself (the build replaces "
            "what is at this path)."
        )
    if not stat.S_ISREG(st.st_mode):
        what = "a folder" if stat.S_ISDIR(st.st_mode) else "a device, pipe or socket"
        raise UsageProblem(f"{label} is {what}, not a file; give a file path.")
    if (
        (not contents and kind != "lock") or st.st_size == 0 or _written_here(path, kind)
    ):  # the lock file is opened before the lock is held
        return
    what = {
        "sqlite": "a SQLite database",
        "lock": "a lock file",
        "metadata": "Datasette metadata osce-data wrote",
        "changelog": "the data changelog osce-data writes",
        "citation": "a citation file (CITATION.cff)",
    }[kind]
    raise UsageProblem(
        f"{label} exists and is not {what}; osce-data replaces only files it wrote; give another "
        "path or remove the file."
    )


YAML_MAX = 4 << 20  # bytes: the metadata.yml this tool writes is some 50 KB


def _written_here(path: Path, kind: str) -> bool:
    # the cache's name is made from --db (a damaged one is started again)
    if kind == "cache":
        return True
    if kind == "metadata":  # made from the code alone: any version of it is replaced
        data = _yaml_mapping(path)
        return data is not None and "title" in data and isinstance(data.get("databases"), dict)
    if kind == "citation":  # the project's CITATION.cff, a release rewrites it
        data = _yaml_mapping(path)
        return data is not None and "cff-version" in data
    try:
        with open(path, "rb") as f:
            if kind == "sqlite":
                return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
            if kind == "changelog":  # a release adds its entry on top
                return f.readline(256).rstrip(b"\r\n") == CHANGELOG_TITLE.encode()
            return f.read(32).strip().isdigit()  # a lock file holds a PID
    except OSError:
        return False


def _check_package(folder: Path, contents: bool = True) -> None:
    label = f"--package-dir {shown(folder)}"
    try:
        st = folder.lstat()
    except OSError:
        return
    if stat.S_ISLNK(st.st_mode):
        raise UsageProblem(
            f"{label} is a symbolic link; give the path of the folder itself (the build replaces "
            "what is at this path)."
        )
    if not stat.S_ISDIR(st.st_mode):
        raise UsageProblem(f"{label} is not a folder; give a folder path.")
    entries = sorted(os.listdir(folder)) if contents else []
    if not entries:
        return
    foreign = [e for e in entries if e not in package_entries(folder / "datapackage.json")]
    if foreign:
        listed = _joined(
            [shown(e) for e in foreign[:3]]
            + ([f"{len(foreign) - 3} more"] if len(foreign) > 3 else [])
        )
        raise UsageProblem(
            f"{label} holds what osce-data did not write ({listed}); the build replaces the whole "
            "folder, so give a new or empty folder, or one a build wrote."
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        # The new package would be swapped in and then the old one could not be emptied
        # and removed: a leftover that every later build would stop at.
        raise BuildError(
            f"{label} cannot be replaced: it is not writable, so the previous package's files "
            "could not be removed; nothing was written. Make the folder writable, or give "
            "another --package-dir."
        )


def package_entries(descriptor: Path) -> set[str]:
    """The names a package this tool wrote may hold: datapackage.json and its CSV files
    (none when the descriptor is not one this tool writes)."""
    try:
        data = (
            json.loads(descriptor.read_bytes())
            if descriptor.is_file() and not descriptor.is_symlink()
            else None
        )
    except (OSError, ValueError):
        return set()
    if (
        not isinstance(data, dict)
        or data.get("name") != PACKAGE_NAME
        or not isinstance(data.get("resources"), list)
    ):
        return set()
    paths = {r.get("path") for r in data["resources"] if isinstance(r, dict)}
    return (
        {"datapackage.json"}
        | {p for p in paths if isinstance(p, str) and "/" not in p and p.endswith(".csv")}
        | {f"{t.name}.csv" for t in CATALOGUE}
    )


# ------------------------------------------------------------------ what changed


def _stamp(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns) if stat.S_ISREG(st.st_mode) else (st.st_ino,)


def snapshot(out: Outputs) -> dict[str, tuple | None]:
    return {name: _stamp(path) for name, path in out.named()}


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def outcome(out: Outputs, before: dict[str, tuple | None]) -> str:
    """What a build that stopped early changed, e.g. 'osce.db was replaced; datapackage/
    and metadata.yml are unchanged'."""
    groups: dict[str, list[str]] = {
        "replaced": [],
        "written": [],
        "unchanged": [],
        "not written": [],
    }
    for name, path in out.named():
        now, then = _stamp(path), before.get(name)
        if now == then:
            groups["unchanged" if then is not None else "not written"].append(name)
        else:
            groups["replaced" if then is not None else "written"].append(name)
    if not groups["replaced"] and not groups["written"]:
        return (
            "the previous outputs are unchanged"
            if not groups["not written"]
            else (
                "nothing was written"
                if not groups["unchanged"]
                else (
                    f"nothing was written and {_joined(groups['unchanged'])} "
                    f"{'is' if len(groups['unchanged']) == 1 else 'are'} unchanged"
                )
            )
        )
    parts = []
    for group, (one, many) in {
        "replaced": ("was", "were"),
        "written": ("was", "were"),
        "unchanged": ("is", "are"),
        "not written": ("was", "were"),
    }.items():
        if groups[group]:
            parts.append(
                f"{_joined(groups[group])} {one if len(groups[group]) == 1 else many} {group}"
            )
    return "; ".join(parts)


def _yaml_mapping(path: Path) -> dict | None:
    """The YAML mapping a file holds (metadata.yml, CITATION.cff), else None: a file of the
    user's given by mistake (--metadata README.md) is not one."""
    import yaml

    try:
        if path.stat().st_size > YAML_MAX:
            return None
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's: 10x faster
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # a safe loader
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None
