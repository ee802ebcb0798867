"""`osce-data export`: the exports folder next to the database, the same bytes from the
same database, SHA256SUMS that `sha256sum -c` accepts, files the export did not write
left alone, and one-sentence errors."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from build_data.cli import main


def run(*args):
    return CliRunner().invoke(main, list(args))


def contents(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture()
def db(bundled, tmp_path) -> Path:
    path = tmp_path / "osce.db"
    shutil.copyfile(bundled.db, path)
    return path


def test_default_folder_and_summary(db):
    """Without options every format goes to exports/ next to the database, and the
    summary names each format with its files."""
    result = run("export", "--db", str(db))
    assert result.exit_code == 0, result.output
    out = db.parent / "exports"
    assert sorted(p.name for p in out.iterdir()) == [
        "SHA256SUMS",
        "akn",
        "graph",
        "parquet",
        "popolo.json",
    ]
    assert result.output.splitlines()[0] == f"Exported {db} to {out}/:"
    assert [line.split()[:2] for line in result.output.splitlines()[1:5]] == [
        ["akn", "3"],
        ["popolo", "1"],
        ["parquet", "22"],
        ["graph", "3"],
    ]
    assert result.output.splitlines()[5] == f"Checksums of every exported file: {out}/SHA256SUMS."


def test_same_database_same_bytes(db, tmp_path):
    """Two exports of one database, in processes with different hash seeds, are
    byte-identical, and the database is not changed by them."""
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for n, seed in enumerate(("1", "2")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "build_data",
                "export",
                "--db",
                str(db),
                "--out",
                str(tmp_path / f"e{n}"),
            ],
            check=True,
            env=env,
            cwd=ROOT,
            capture_output=True,
        )
    first, second = contents(tmp_path / "e0"), contents(tmp_path / "e1")
    assert len(first) == 3 + 1 + 22 + 3 + 1
    assert first == second
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


@pytest.mark.skipif(
    shutil.which("sha256sum") is None, reason="sha256sum (coreutils) is not installed"
)
def test_sha256sums_verifies(bundled_exports):
    """SHA256SUMS lists every exported file, and `sha256sum -c` checks them all."""
    listed = [
        line.split("  ", 1)[1]
        for line in (bundled_exports / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    ]
    assert listed == sorted(set(contents(bundled_exports)) - {"SHA256SUMS"})
    check = subprocess.run(
        ["sha256sum", "--strict", "-c", "SHA256SUMS"],
        cwd=bundled_exports,
        capture_output=True,
        text=True,
    )
    assert (check.returncode, check.stdout.splitlines()) == (0, [f"{name}: OK" for name in listed])


def test_files_it_did_not_write_are_left_alone(db):
    """A file someone put in the folder survives an export and is not listed; exporting
    one format keeps the other formats' files and their checksums."""
    out = db.parent / "exports"
    assert run("export", "--db", str(db)).exit_code == 0
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    (out / "akn" / "draft.xml").write_text("<mine/>\n", encoding="utf-8")
    before = (out / "SHA256SUMS").read_text(encoding="utf-8")
    result = run("export", "popolo", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert (out / "akn" / "draft.xml").read_text(encoding="utf-8") == "<mine/>\n"
    assert (out / "SHA256SUMS").read_text(encoding="utf-8") == before
    assert run("export", "akn", "--db", str(db)).exit_code == 0
    assert (out / "akn" / "draft.xml").read_text(encoding="utf-8") == "<mine/>\n"


def test_files_it_wrote_and_no_longer_writes_are_removed(db):
    """A file listed in SHA256SUMS by an earlier export (a decision since gone) is removed
    when its format is exported again."""
    out = db.parent / "exports"
    assert run("export", "akn", "--db", str(db)).exit_code == 0
    gone = out / "akn" / "pc-dec-9999.xml"
    gone.write_text("<old/>\n", encoding="utf-8")
    with (out / "SHA256SUMS").open("a", encoding="utf-8") as f:
        f.write(f"{hashlib.sha256(gone.read_bytes()).hexdigest()}  akn/pc-dec-9999.xml\n")
    result = run("export", "akn", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert not gone.exists()
    assert (
        result.output.splitlines()[-1]
        == "Removed 1 file(s) an earlier export wrote and this one did not."
    )
    assert "pc-dec-9999" not in (out / "SHA256SUMS").read_text(encoding="utf-8")


def test_errors_are_one_sentence(tmp_path, db):
    """A missing database and a database not built by osce-data exit 1 with one
    sentence; an unknown format or a file given as --out are usage errors (2)."""
    missing = run("export", "--db", str(tmp_path / "none.db"))
    assert (missing.exit_code, missing.output) == (
        1,
        f"Error: {tmp_path / 'none.db'} does not exist; "
        "run `osce-data build` first (or give --db).\n",
    )
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    clash = run("export", "--db", str(db), "--out", str(tmp_path / "afile"))
    assert clash.exit_code == 2 and clash.output.endswith(
        f"Error: Invalid value for '--out': Directory '{tmp_path / 'afile'}' is a file.\n"
    )
    other = tmp_path / "other.db"
    other.write_bytes(b"not a database at all" * 100)
    wrong = run("export", "--db", str(other))
    assert (
        wrong.exit_code == 1
        and wrong.output.startswith(f"Error: {other} is not a database built by osce-data")
        and "Traceback" not in wrong.output
    )
    usage = run("export", "pdf", "--db", str(db))
    assert (
        usage.exit_code == 2
        and "'pdf' is not one of 'akn', 'popolo', 'parquet', 'graph'" in usage.output
    )
    assert run("export", "--help").output.count("SHA256SUMS") == 2


def test_a_linked_subfolder_is_refused(db, tmp_path):
    """An exports subfolder that is a symbolic link (to somewhere else) is not written
    through: one sentence, exit 1, nothing written where it points."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = db.parent / "exports"
    out.mkdir()
    (out / "akn").symlink_to(elsewhere)
    result = run("export", "--db", str(db))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {out / 'akn'} is a symbolic link; the export writes only inside {out}. Remove "
        "the link or give another --out.\n",
    )
    assert list(elsewhere.iterdir()) == []
