"""Making a data release: compare the current build with the last release, choose the
version the changes require, and write the changelog entry, CITATION.cff, the release
record and a reproducible archive (dist/osce-data-X.Y.Z.zip).

The last release's data is found, in order: given with `since`; the current package
itself when its CSVs are still the released ones; the archive of that release in dist/;
the commit of the package folder in git whose datapackage.json lists the CSV hashes the
release record kept. The current package and an archive count only when their
datapackage.json lists those hashes too.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import interrupt, release_record
from .archive import members_of, write_archive
from .diff import Diff, diff
from .diff_report import markdown, reasons, schema_line
from .errors import OsceDataError
from .export import PACKAGE, file_stats, refresh_descriptor
from .outputs import CHANGELOG_TITLE, check_file, shown
from .publish import archive_name, write_metadata
from .release_record import Release, Version, VersionError, last_release, parse_date, write_release
from .store import settle_for_reading
from .tables import CATALOGUE
from .tempfiles import replace_durably, write_text_durably

FIRST_VERSION = Version(1, 0, 0)
CHANGELOG_HEAD = f"""\
{CHANGELOG_TITLE}

Every release of the OSCE journals dataset, newest first: what was added, corrected and
changed since the release before (written by `osce-data release` from `osce-data diff`).
Versions follow the Frictionless data-package version recipe: MAJOR when a table or column
is removed or renamed or a column's type changes; MINOR when tables, columns or rows are
added (or rows removed); PATCH when only values are corrected.
"""


class ReleaseError(OsceDataError):
    """A release cannot be made as asked."""


@dataclass
class Paths:
    db: Path
    package_dir: Path
    exports: Path
    changelog: Path
    citation: Path
    dist: Path
    metadata: Path


@dataclass
class Plan:
    last: Release | None
    version: Version
    date: str
    diff: Diff | None  # None for the first release
    remake: bool  # the last release made again (same version, same data)
    tables: dict[str, str]  # CSV name -> "sha256:..." of the package to release


def plan(
    paths: Paths, version: str | None = None, date: str | None = None, since: Path | None = None
) -> Plan:
    """Compare the current build with the last release and choose the version: the one
    given, which must be at least what the changes require, or the smallest that does."""
    for p in (paths.db, paths.package_dir / "datapackage.json"):
        if not p.exists():
            raise ReleaseError(
                f"{p} does not exist: run `osce-data build` first (or give --db and --package-dir)."
            )
    check_outputs(paths)
    settle_for_reading(paths.db)
    tables = {t.name: file_stats(paths.package_dir / f"{t.name}.csv")[1] for t in CATALOGUE}
    if package_hashes((paths.package_dir / "datapackage.json").read_bytes()) != tables:
        raise ReleaseError(
            f"The CSV files of {paths.package_dir} are not those its datapackage.json describes: "
            "run `osce-data build` again."
        )
    last = last_release()
    wanted = Version.parse(version) if version else None
    date = parse_date(date) if date else None
    changes = None
    if last is not None:
        with last_release_data(last, paths, since) as baseline:
            changes = diff(baseline, paths.db)
        needed = last.version.bumped(changes.bump)
        wanted = wanted or needed
        if wanted < needed:
            why = ", ".join(reasons(changes))
            raise VersionError(
                f"Version {wanted} is lower than the changes since release {last.version} require "
                f"({why}): use {needed} or higher."
            )
    wanted = wanted or FIRST_VERSION
    remake = last is not None and wanted == last.version
    if remake and date not in (None, last.date):
        raise VersionError(
            f"Release {last.version} is dated {last.date}; a release made again keeps its date."
        )
    archive = paths.dist / archive_name(wanted)
    if not remake and archive.exists():
        raise ReleaseError(
            f"{archive} already exists, but {wanted} is not the last release: a version is "
            "published once; choose another version."
        )
    return Plan(last, wanted, last.date if remake else (date or today()), changes, remake, tables)


def check_outputs(paths: Paths) -> None:
    """Raise UsageProblem when a file the release rewrites is not one osce-data writes (a
    file of the user's given by mistake, e.g. --citation README.md), or not a file."""
    for option, path, kind in (
        ("--metadata", paths.metadata, "metadata"),
        ("--changelog", paths.changelog, "changelog"),
        ("--citation", paths.citation, "citation"),
    ):
        check_file(f"{option} {shown(path)}", path, kind)


def release(paths: Paths, p: Plan, repository: str | None = None) -> list[Path]:
    """Write what the plan says; returns the files written. A release that fails (its
    archive exists with other contents, a full disk, Ctrl-C) puts back every file it had
    rewritten: the record, the package's descriptor, the metadata, changelog and citation
    are those of the release before."""
    repository = repository or (p.last.repository if p.last else None)
    record = Release(p.version, p.date, p.tables, repository)
    written = [
        release_record.RECORD,
        paths.package_dir / "datapackage.json",
        paths.metadata,
        paths.changelog,
        paths.citation,
    ]
    served = paths.dist / paths.changelog.name  # the changelog, next to the archives
    before = {path: _contents(path) for path in [*written, served]}
    try:
        write_release(record)
        refresh_descriptor(paths.package_dir)
        write_metadata(paths.metadata)
        write_changelog(paths.changelog, p, paths.db)
        write_text_durably(paths.citation, citation(record))
        paths.dist.mkdir(parents=True, exist_ok=True)
        archive = paths.dist / archive_name(p.version)
        make_archive(archive, paths, p)
        shutil.copyfile(paths.changelog, served)
    except BaseException:
        with interrupt.deferred():
            _put_back(before)
        raise
    return written + [archive]


def _contents(path: Path) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        return None


def _put_back(before: dict[Path, bytes | None]) -> None:
    """Each file as it was: its bytes written back, or removed when it did not exist."""
    for path, data in before.items():
        if _contents(path) == data:
            continue
        if data is None:
            Path(path).unlink(missing_ok=True)
        else:
            tmp = Path(path).with_name(f".{Path(path).name}.{os.getpid()}.tmp")
            tmp.write_bytes(data)
            replace_durably(tmp, Path(path))


def today() -> str:
    return datetime.datetime.now(datetime.UTC).date().isoformat()


def make_archive(target: Path, paths: Paths, p: Plan) -> None:
    """The release archive; an existing archive of this version with other contents is
    never replaced (a version is published once)."""
    top = f"osce-data-{p.version}"
    members = [
        ("osce.db", paths.db),
        (paths.changelog.name, paths.changelog),
        (paths.citation.name, paths.citation),
    ]
    members += members_of(paths.package_dir, "datapackage")
    if paths.exports.is_dir():
        members += members_of(paths.exports, "exports")
    fresh = target.with_name(f".{target.name}.new")
    try:
        write_archive(fresh, top, members, p.date)
    except BaseException:
        fresh.unlink(missing_ok=True)
        raise
    if target.exists() and target.read_bytes() != fresh.read_bytes():
        fresh.unlink()
        raise ReleaseError(
            f"{target} already exists with other contents: release {p.version} was made from "
            "other files (a database patched by an incremental build differs in layout; "
            "`osce-data build --full` writes it as a build from scratch). Choose a new version, "
            "or delete the file if that release was never published."
        )
    replace_durably(fresh, target)


def changelog_entry(p: Plan, db: Path) -> str:
    lines = [f"## {p.version} ({p.date})", ""]
    if p.diff is None:
        lines += ["First release of the data.", "", "| table | rows |", "|---|---:|"]
        with sqlite3.connect(f"file:{db.resolve()}?mode=ro", uri=True) as conn:
            lines += [
                (
                    f"| `{t.name}` | "
                    f"{conn.execute(f'SELECT count(*) FROM [{t.name}]').fetchone()[0]:,} |"
                )
                for t in CATALOGUE
            ]
        return "\n".join(lines) + "\n"
    d = p.diff
    lines.append(
        f"Changes since release {p.last.version}: {d.bump} "
        f"({', '.join(reasons(d)) or 'no data changes'})."
    )
    lines.append("")
    for table, noun in (("meetings", "Meetings"), ("decisions", "Decisions")):
        t = d.tables.get(table)
        for change in ("added", "removed"):
            n = getattr(t, change) if t else 0
            if n:
                keys = [
                    ", ".join(map(str, r["key"].values())) for r in t.rows if r["change"] == change
                ]
                more = f" and {n - len(keys):,} more" if n > len(keys) else ""
                lines.append(f"- {noun} {change}: {n:,} ({', '.join(keys)}{more}).")
    corrected = [f"`{name}` {t.changed:,}" for name, t in d.tables.items() if t.changed]
    lines.append(
        f"- Rows corrected per table: {', '.join(corrected)}."
        if corrected
        else "- No rows corrected."
    )
    lines.append(
        f"- Schema changes: {'; '.join(schema_line(c) for c in d.schema)}."
        if d.schema
        else "- No schema changes."
    )
    lines += [
        "",
        "| table | added | removed | changed | columns changed (rows) |",
        "|---|---:|---:|---:|---|",
    ]
    section = markdown(d).split("### Rows\n\n", 1)[1].split("\n\n", 1)[0]
    lines += section.splitlines()[2:] if section.startswith("|") else ["| (none) | 0 | 0 | 0 | |"]
    return "\n".join(lines) + "\n"


def write_changelog(path: Path, p: Plan, db: Path) -> None:
    """Put the entry of this release at the top (a release made again keeps its entry)."""
    text = path.read_text(encoding="utf-8") if path.exists() else CHANGELOG_HEAD
    if f"\n## {p.version} (" in text:
        if p.remake:
            return
        raise ReleaseError(f"{path} already has an entry for {p.version}; choose another version.")
    head, sep, rest = text.partition("\n## ")
    write_text_durably(
        path, f"{head.rstrip()}\n\n{changelog_entry(p, db)}" + (f"\n## {rest}" if sep else "")
    )


def citation(r: Release) -> str:
    data = {
        "cff-version": "1.2.0",
        "message": (
            f"If you use this dataset, please cite it by its version ({r.version}) as below."
        ),
        "type": "dataset",
        "title": PACKAGE["title"],
        "version": str(r.version),
        "date-released": r.date,
        "license": PACKAGE["licenses"][0]["name"],
        "authors": [{"name": c["title"]} for c in PACKAGE["contributors"]],
        "abstract": PACKAGE["description"],
        "keywords": [
            "OSCE",
            "meeting journals",
            "Permanent Council",
            "Forum for Security Co-operation",
            "Ministerial Council",
            "open data",
        ],
    }
    if r.repository:
        data["repository-code"] = r.repository
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


@contextlib.contextmanager
def last_release_data(last: Release, paths: Paths, since: Path | None) -> Iterator[Path]:
    """A database, package folder or archive holding the data of the last release."""
    if since is not None:
        yield since
        return
    if package_hashes((paths.package_dir / "datapackage.json").read_bytes()) == last.tables:
        yield paths.package_dir
        return
    archive = paths.dist / archive_name(last.version)
    if archive_hashes(archive) == last.tables:
        yield archive
        return
    with tempfile.TemporaryDirectory(prefix="osce-release-") as tmp:
        if from_git(paths.package_dir, last.tables, Path(tmp)):
            yield Path(tmp) / paths.package_dir.name
            return
    raise ReleaseError(
        f"Cannot find the data of release {last.version}: there is no {archive}, and no commit of "
        f"{paths.package_dir}/ in git holds it; give it with "
        "--since (its database, package folder or archive)."
    )


def package_hashes(descriptor: bytes | None) -> dict[str, str] | None:
    """The CSV hashes a datapackage.json lists (None when it cannot be read)."""
    try:
        return {r["name"]: r.get("hash") for r in json.loads(descriptor)["resources"]}
    except (ValueError, KeyError, TypeError):
        return None


def archive_hashes(archive: Path) -> dict[str, str] | None:
    """The CSV hashes the datapackage.json of a release archive lists."""
    try:
        with zipfile.ZipFile(archive) as z:
            name = next(
                (n for n in z.namelist() if n.endswith("/datapackage/datapackage.json")), None
            )
            return package_hashes(z.read(name)) if name else None
    except (OSError, zipfile.BadZipFile):
        return None


def _git(cwd: Path, *args: str) -> bytes | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout


def from_git(package_dir: Path, tables: dict[str, str], out: Path) -> bool:
    """Extract into out/ the newest committed version of the package folder whose
    datapackage.json lists these CSV hashes; False when git has none."""
    folder = package_dir.resolve()
    top = _git(folder.parent, "rev-parse", "--show-toplevel")
    if top is None:
        return False
    rel = folder.relative_to(Path(top.decode().strip()).resolve()).as_posix()
    commits = (
        (_git(folder.parent, "log", "--format=%H", "--", f"{rel}/datapackage.json") or b"")
        .decode()
        .split()
    )
    for commit in commits:
        if (
            package_hashes(_git(folder.parent, "show", f"{commit}:{rel}/datapackage.json"))
            == tables
        ):
            tar = _git(Path(top.decode().strip()), "archive", "--format=tar", commit, rel)
            if tar is None:
                return False
            with tarfile.open(fileobj=io.BytesIO(tar)) as t:
                t.extractall(out / "_git", filter="data")
            shutil.move(str(out / "_git" / rel), str(out / folder.name))
            return True
    return False
