"""The commands as an ordinary user runs them, where file permissions stop reading or writing.

The suite runs as root in CI, and root reads and writes whatever it likes: a bug only an
ordinary user meets is invisible there (the build stopped, after writing osce.db, when
the output folder held a file it could not read; c703e84 found it by hand). These tests
run the real command in a child process without privileges: as the user running the
tests when that is not root; when it is root, as root without any capability (setpriv):
still uid 0, so the checkout and the virtual environment stay readable, but permission
bits then bind it as they bind anyone. Every test first checks that its child really is
stopped by them, so none can pass by running privileged.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, output_options, synthetic_journals

STRANGER = 65534  # nobody: the owner of files the tests' user must not read
PROBE = """import sys
try:
    open(sys.argv[1], "rb").close()
except PermissionError:
    sys.exit(0)
sys.exit(3)
"""


def _prefix() -> list[str]:
    """What runs a command without privileges."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("needs setpriv (util-linux) to run commands as root without its privileges")
    return [setpriv, "--bounding-set", "-all", "--inh-caps", "-all", "--"]


def stranger_file(path: Path, text: str = "not yours\n") -> Path:
    """A file the unprivileged child cannot read: another user's, mode 600 (when the tests
    run as root), or the user's own with mode 000."""
    path.write_text(text, encoding="utf-8")
    if os.geteuid() == 0:
        os.chown(path, STRANGER, STRANGER)
        path.chmod(0o600)
    else:
        path.chmod(0)
    return path


@pytest.fixture
def unprivileged(tmp_path):
    """run(*args) runs `osce-data ARGS` without privileges, checked first on a stranger's
    file; returns the CompletedProcess (text)."""
    prefix = _prefix()
    probe = stranger_file(tmp_path / "probe.txt")
    checked = subprocess.run(
        [*prefix, sys.executable, "-c", PROBE, str(probe)], capture_output=True, text=True
    )
    if prefix and checked.returncode not in (0, 3):  # setpriv itself refused
        pytest.skip(f"cannot drop root's privileges here: {checked.stderr.strip()}")
    assert checked.returncode == 0, "the child read a file that is not its own: still privileged"
    probe.unlink()
    # the tests' tmp_path is a folder of root's only (mode 700) when they run as root:
    # uid 0 without privileges still passes, as its owner

    def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [*prefix, sys.executable, "-m", "build_data", *args],
            capture_output=True,
            text=True,
            cwd=cwd,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=600,  # a command that should have stopped (serve) must not hang the suite
        )
        assert "Traceback" not in done.stderr, done.stderr
        return done

    return run


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder (relative path -> sha256), read with the tests' privileges."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def sentences(stderr: str) -> list[str]:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    for ln in lines:
        assert ln.endswith("."), f"not a sentence: {ln!r}"
    return lines


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]


def test_build_patch_and_export_beside_a_file_it_cannot_read(unprivileged, tmp_path):
    """A stranger's file in the output folder (as in /tmp, or any shared folder) is none of
    the build's business: built, patched, exported, and the file never opened or changed."""
    src = synthetic_journals(tmp_path / "src", 12)
    out = tmp_path / "out"
    out.mkdir()
    theirs = stranger_file(out / "theirs.txt")
    before = theirs.stat()

    full = unprivileged("build", str(src), *output_options(out), "-j", "2", "-q")
    assert full.returncode == 0, full.stderr
    assert count(out / "osce.db", "meetings") == 12

    journal = sorted(src.glob("*.txt"))[5]
    journal.write_text(journal.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    patched = unprivileged("build", str(src), *output_options(out), "-j", "2")
    assert patched.returncode == 0, patched.stderr
    assert "Patched the previous outputs" in patched.stdout

    exported = unprivileged("export", "--db", str(out / "osce.db"))
    assert exported.returncode == 0, exported.stderr
    assert (out / "exports" / "SHA256SUMS").is_file()

    valid = unprivileged("validate", str(out / "datapackage"))
    assert valid.returncode == 0, valid.stdout + valid.stderr

    after = theirs.stat()
    assert (after.st_uid, after.st_mode, after.st_mtime_ns, after.st_size) == (
        before.st_uid,
        before.st_mode,
        before.st_mtime_ns,
        before.st_size,
    )
    assert theirs.read_text(encoding="utf-8") == "not yours\n"


def test_unreadable_journal_beside_a_readable_one(unprivileged, tmp_path):
    """A file the user cannot read is a source of kind unreadable with the OS's reason;
    the other is built."""
    src = synthetic_journals(tmp_path / "src", 1)
    secret = stranger_file(tmp_path / "secret.txt", (src / "journal-000000.txt").read_text("utf-8"))
    out = tmp_path / "out"
    run = unprivileged("build", str(src), str(secret), *output_options(out), "-q")
    assert run.returncode == 0, run.stderr
    message = f"{secret}: cannot be read (Permission denied); check that it is a readable file."
    assert sentences(run.stderr) == [message]
    with sqlite3.connect(out / "osce.db") as conn:
        assert conn.execute(
            "SELECT s.filename, s.doc_kind, i.level, i.code, i.message FROM sources s "
            "JOIN parse_issues i ON i.source_id = s.id WHERE i.level = 'error'"
        ).fetchall() == [("secret.txt", "unreadable", "error", "unreadable-file", message)]
        assert conn.execute("SELECT id FROM meetings").fetchall() == [("pc-1",)]


def test_folder_that_cannot_be_listed_is_recorded(unprivileged, tmp_path):
    """A folder among the sources that the user cannot list is a source of kind unreadable
    with an error saying so (it was skipped without a word); the files beside it are built."""
    src = synthetic_journals(tmp_path / "src", 2)
    locked = src / "locked"
    locked.mkdir()
    (src / "journal-000001.txt").rename(locked / "journal-000001.txt")
    locked.chmod(0)
    if os.geteuid() == 0:
        os.chown(locked, STRANGER, STRANGER)
    out = tmp_path / "out"
    try:
        run = unprivileged("build", str(src), *output_options(out), "-q")
    finally:
        locked.chmod(0o755)
    assert run.returncode == 0, run.stderr
    message = (
        f"{locked}: a folder that cannot be listed (Permission denied); nothing was read from "
        "it; check its permissions."
    )
    assert sentences(run.stderr) == [message]
    with sqlite3.connect(out / "osce.db") as conn:
        assert conn.execute(
            "SELECT s.filename, s.doc_kind, i.code, i.message FROM sources s "
            "JOIN parse_issues i ON i.source_id = s.id WHERE i.level = 'error'"
        ).fetchall() == [("locked", "unreadable", "unreadable-folder", message)]
        assert conn.execute("SELECT id FROM meetings").fetchall() == [("pc-1",)]


def _built(unprivileged, tmp_path) -> tuple[Path, Path]:
    src = synthetic_journals(tmp_path / "src", 6)
    out = tmp_path / "out"
    run = unprivileged("build", str(src), *output_options(out), "-q")
    assert run.returncode == 0, run.stderr
    journal = src / "journal-000003.txt"
    journal.write_text(journal.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    return src, out


def test_package_folder_that_is_not_writable(unprivileged, tmp_path):
    """A package folder the user cannot write could be swapped out but not emptied: the
    build stops before touching anything (it replaced the database and the package, then
    failed, and left the old package aside, where every later build stopped)."""
    src, out = _built(unprivileged, tmp_path)
    before = snapshot(out)
    entries = sorted(os.listdir(out))
    (out / "datapackage").chmod(0o555)
    try:
        run = unprivileged("build", str(src), *output_options(out), "-q")
    finally:
        (out / "datapackage").chmod(0o755)
    assert run.returncode == 1
    assert sentences(run.stderr) == [
        f"Error: --package-dir {out / 'datapackage'} cannot be replaced: it is not writable, so "
        "the previous package's files could not be removed; nothing was written. Make the "
        "folder writable, or give another --package-dir."
    ]
    assert snapshot(out) == before
    assert sorted(os.listdir(out)) == entries
    again = unprivileged("build", str(src), *output_options(out))
    assert again.returncode == 0, again.stderr
    assert "Patched the previous outputs" in again.stdout


def test_output_folder_that_is_not_writable(unprivileged, tmp_path):
    """An output folder the user cannot write: one sentence, exit 1, every output as it was
    and nothing new beside them."""
    src, out = _built(unprivileged, tmp_path)
    before = {k: v for k, v in snapshot(out).items() if k != "osce.db.lock"}
    entries = sorted(os.listdir(out))
    out.chmod(0o555)
    try:
        run = unprivileged("build", str(src), *output_options(out), "-q")
    finally:
        out.chmod(0o755)
    assert run.returncode == 1
    [line] = sentences(run.stderr)
    assert line.startswith("Error: Cannot write the outputs (")
    assert line.endswith(
        "Permission denied; the previous outputs are unchanged. Check the --db, --package-dir "
        "and --metadata paths and their permissions."
    )
    assert {k: v for k, v in snapshot(out).items() if k != "osce.db.lock"} == before
    assert sorted(os.listdir(out)) == entries


@pytest.mark.parametrize("locked", ["exports", "exports/graph"])
def test_export_into_a_folder_that_is_not_writable(unprivileged, tmp_path, locked):
    """Exports are moved in file by file: a folder that refuses them is found first, and
    nothing is exported (the files of the formats before it were replaced, and the folder
    was left half old, half new, with SHA256SUMS describing neither)."""
    src, out = _built(unprivileged, tmp_path)
    assert unprivileged("export", "--db", str(out / "osce.db")).returncode == 0
    patched = unprivileged("build", str(src), *output_options(out), "-q")  # the data change
    assert patched.returncode == 0, patched.stderr
    before = snapshot(out / "exports")
    (out / locked).chmod(0o555)
    try:
        run = unprivileged("export", "--db", str(out / "osce.db"))
    finally:
        (out / locked).chmod(0o755)
    assert run.returncode == 1
    assert sentences(run.stderr) == [
        f"Error: {out / locked} is not writable; nothing was exported. Make it writable, or "
        "give another --out."
    ]
    assert snapshot(out / "exports") == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    again = unprivileged("export", "--db", str(out / "osce.db"))
    assert again.returncode == 0, again.stderr
    assert snapshot(out / "exports") != before  # the data changed, so did the exports


@pytest.mark.parametrize(
    ("target", "mode", "why"),
    [
        ("osce.db", 0o444, "the database file is read-only"),
        ("datapackage/statements.csv", 0, "permission denied for {path}"),
    ],
)
def test_previous_outputs_that_cannot_be_patched(unprivileged, tmp_path, target, mode, why):
    """A database file that cannot be written or a CSV that cannot be read is not patched:
    everything is written again, with a warning that names the cause (it asked the user to
    report a bug), and the outputs are those of a build from scratch."""
    src, out = _built(unprivileged, tmp_path)
    (out / target).chmod(mode)
    run = unprivileged("build", str(src), *output_options(out))
    assert run.returncode == 0, run.stderr
    why = why.format(path=out / target)
    assert sentences(run.stderr) == [
        f"warning: The previous outputs could not be updated in place ({why}); everything was "
        "written again."
    ]
    assert f"Wrote every row again (cannot change the previous outputs in place, {why})." in (
        run.stdout
    )
    fresh = tmp_path / "fresh"
    scratch = unprivileged("build", str(src), *output_options(fresh), "--full", "-q")
    assert scratch.returncode == 0, scratch.stderr
    assert snapshot(out / "datapackage") == snapshot(fresh / "datapackage")


def test_other_commands_writing_where_they_cannot(unprivileged, tmp_path):
    """metadata, spreadsheet-csv and serve, given a folder they cannot write: one sentence
    naming the path, exit 1 (each was a traceback), and nothing left in the folder."""
    src, out = _built(unprivileged, tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    cases = [
        (["metadata", str(locked / "m.yml")], f"Error: Cannot write {locked / 'm.yml'} ("),
        (
            ["spreadsheet-csv", str(locked / "sheets"), "--package-dir", str(out / "datapackage")],
            f"Error: Cannot write the copies into {locked / 'sheets'} ({locked / 'sheets'}): "
            "Permission denied; check the path, its permissions and free space.",
        ),
        (
            ["serve", "--db", str(out / "osce.db"), "--secret-file", str(locked / "secret")],
            f"Error: Cannot start the site ({locked / 'secret'}): Permission denied; check --db "
            "and --secret-file.",
        ),
    ]
    try:
        for args, expected in cases:
            run = unprivileged(*args, cwd=ROOT)  # serve runs in the project folder
            assert run.returncode == 1, (args, run.stderr)
            [line] = sentences(run.stderr)
            assert line.startswith(expected), (line, expected)
            assert "Permission denied" in line
            assert os.listdir(locked) == []
    finally:
        locked.chmod(0o755)


def test_validate_a_package_with_a_csv_it_cannot_read(unprivileged, tmp_path):
    """One sentence naming the file once (frictionless fails every table whose foreign keys
    reach it with the same error: it was said ten times over), exit 1."""
    src, out = _built(unprivileged, tmp_path)
    (out / "datapackage" / "sources.csv").chmod(0)
    try:
        run = unprivileged("validate", str(out / "datapackage"))
    finally:
        (out / "datapackage" / "sources.csv").chmod(0o644)
    assert run.returncode == 1
    [line] = sentences(run.stderr)
    assert line.startswith(f"Error: {out / 'datapackage' / 'datapackage.json'} is not valid: ")
    assert line.count("Permission denied") == 1
