"""Shared fixtures: one build of the bundled journal per test session."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.paths import BUNDLED, ROOT, SHARED
from build_data.pipeline import BuildReport, build

__all__ = ["BUNDLED", "ROOT", "SHARED"]  # the one place of these paths (benchmarks/paths.py)

HALF_COMMITTED = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 10")  # pages spill into the database before the commit
conn.execute("BEGIN IMMEDIATE")
conn.execute("DELETE FROM source_lines")
conn.execute("DELETE FROM statements")
os.kill(os.getpid(), signal.SIGKILL)
"""


def synthetic_journals(folder: Path, n: int) -> Path:
    """Write n generated journals into folder (benchmarks/synth.py, deterministic)."""
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "synth.py"), str(n), str(folder)],
        check=True,
        capture_output=True,
    )
    return folder


def output_options(out: Path) -> list[str]:
    """The build options that write the database, the package and metadata.yml into out."""
    return [
        "--db",
        str(out / "osce.db"),
        "--package-dir",
        str(out / "datapackage"),
        "--metadata",
        str(out / "metadata.yml"),
    ]


def kill_inside_commit(db: Path) -> None:
    """Leave `db` as a patch killed inside its commit leaves it: changes half in the
    database file, the pages as they were in a hot journal beside it."""
    killed = subprocess.run([sys.executable, "-c", HALF_COMMITTED, str(db)])
    assert killed.returncode == -signal.SIGKILL
    assert Path(f"{db}-journal").stat().st_size > 0


@dataclass
class Built:
    db: Path
    package: Path
    metadata: Path
    report: BuildReport
    exports: Path | None = None  # the exports/ folder, when a fixture wrote one

    def rows(self, sql: str, params=()) -> list[tuple]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql, params).fetchall()

    def dicts(self, sql: str, params=()) -> list[dict]:
        with sqlite3.connect(self.db) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(r) for r in conn.execute(sql, params).fetchall()]


@pytest.fixture(scope="session")
def bundled(tmp_path_factory) -> Built:
    out = tmp_path_factory.mktemp("bundled")
    report = build([ROOT / "sources"], out / "osce.db", out / "datapackage", out / "metadata.yml")
    return Built(out / "osce.db", out / "datapackage", out / "metadata.yml", report)


@pytest.fixture(scope="session")
def shared_journals() -> Path:
    path = SHARED / "journals"
    if not path.is_dir():
        pytest.skip(
            f"{path} is absent: the shared journal excerpts are not available on this machine"
        )
    return path


@pytest.fixture(scope="session")
def bundled_exports(bundled) -> Path:
    """Every export format of the bundled journal's database, in exports/ next to it."""
    from build_data.exports.folder import export

    export(bundled.db)
    return bundled.db.parent / "exports"


@pytest.fixture(scope="session")
def shared_built(shared_journals, tmp_path_factory) -> Built:
    """One database of every shared journal excerpt, with its exports/ next to it."""
    from build_data.exports.folder import export

    out = tmp_path_factory.mktemp("shared-all")
    report = build(
        sorted(shared_journals.glob("*.txt")), out / "osce.db", None, out / "metadata.yml"
    )
    export(out / "osce.db")
    return Built(
        out / "osce.db", out / "datapackage", out / "metadata.yml", report, exports=out / "exports"
    )


def vendor_file(*parts: str) -> Path:
    """A file of ../shared/vendor; the test is skipped when it is absent."""
    path = SHARED.joinpath("vendor", *parts)
    if not path.is_file():
        pytest.skip(
            f"{path} is absent: the vendored schemas of ../shared are not available on this machine"
        )
    return path
