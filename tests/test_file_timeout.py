"""`--file-timeout`: a file still being read when its time is up is stopped (its worker
process killed and replaced), kept as a `sources` row of doc_kind `unreadable` with one
`file-timeout` error issue and none of its records, while the other files are built; in
the single-process path and with a pool of workers alike. The slow file is a real one:
the bundled journal 600 times over (about 19 MB, several seconds to read), against a
limit of one second (the bundled journal alone takes a few hundredths)."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from click.testing import CliRunner
from conftest import BUNDLED

from build_data.cli import main
from build_data.pipeline import build

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def slow_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("slow") / "long-journal.txt"
    path.write_text(BUNDLED.read_text(encoding="utf-8") * 600, encoding="utf-8")
    return path


def sources_and_issues(db):
    with sqlite3.connect(db) as conn:
        sources = {
            r[0]: r[1:]
            for r in conn.execute("select filename, doc_kind, bytes, line_count from sources")
        }
        issues = conn.execute(
            "select s.filename, i.level, i.code from parse_issues i join sources s on s.id = "
            "i.source_id where i.code = 'file-timeout'"
        ).fetchall()
        duplicates = conn.execute(
            "select count(*) from sources where duplicate_of is not null"
        ).fetchone()[0]
    return sources, issues, duplicates


@pytest.mark.parametrize("others, jobs", [(1, 1), (8, 2)], ids=["one-process", "pool"])
def test_a_file_taking_too_long_is_stopped_and_the_others_built(tmp_path, slow_file, others, jobs):
    """With --file-timeout 1 the long file is an unreadable source with a file-timeout
    error and no records; every other file is read as a journal (the copies of the same
    meeting are found to be duplicates of the first, which only reading them can tell)."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(slow_file, src / slow_file.name)
    for k in range(others):  # distinct files: one line of each differs
        (src / f"journal-{k}.txt").write_text(
            BUNDLED.read_text(encoding="utf-8").replace("Opened: 3 p.m.", f"Opened: {k + 1} p.m."),
            encoding="utf-8",
        )
    report = build([src], tmp_path / "osce.db", None, None, jobs=jobs, file_timeout=1)
    sources, issues, duplicates = sources_and_issues(tmp_path / "osce.db")
    assert sources[slow_file.name] == ("unreadable", slow_file.stat().st_size, 0)
    assert issues == [(slow_file.name, "error", "file-timeout")]
    assert duplicates == others - 1
    assert {f"journal-{k}.txt" for k in range(others)} <= {
        n for n, (kind, *_) in sources.items() if kind == "journal"
    }
    assert [m for m in report.messages if "longer than" in m] == [
        f"{src / slow_file.name}: reading it took longer than 1 s and was stopped; its records "
        "are left out (allow more time with --file-timeout)."
    ]


def test_cli_file_timeout(tmp_path, slow_file):
    """The CLI prints the sentence and exits 0 (1 under --strict); the stopped file is not
    cached, so the next build reads it again; a negative limit is a usage error (2)."""
    args = [
        "build",
        str(BUNDLED),
        str(slow_file),
        "--db",
        str(tmp_path / "osce.db"),
        "--no-package",
        "--metadata",
        str(tmp_path / "m.yml"),
        "--file-timeout",
        "1",
    ]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert f"{slow_file}: reading it took longer than 1 s and was stopped" in first.output
    strict = CliRunner().invoke(main, args + ["--strict"])
    assert strict.exit_code == 1
    assert "1 read from the cache, 1 read again" in strict.output
    bad = CliRunner().invoke(main, ["build", str(BUNDLED), "--file-timeout", "-1"])
    assert bad.exit_code == 2 and "--file-timeout" in bad.output
