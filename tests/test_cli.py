"""The command-line shell: help, summary, exit codes and one-sentence errors."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import BUNDLED, ROOT

from build_data.cli import main
from build_data.tables import CATALOGUE


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_help_explains_every_command():
    """Every command has a --help that says what it does; build documents exit codes."""
    assert "Turn OSCE meeting journals" in run("--help").output
    build_help = run("build", "--help").output
    assert (
        "Exit codes:" in build_help and "2  usage error" in build_help and "--strict" in build_help
    )
    assert "frictionless" in run("validate", "--help").output
    assert "registry" in run("actors", "--help").output
    assert "metadata.yml" in run("metadata", "--help").output


def test_build_prints_summary(tmp_path):
    """A build prints rows per table, issues by level and the accounted share of lines."""
    result = run(
        "build",
        str(BUNDLED),
        "--db",
        str(tmp_path / "o.db"),
        "--package-dir",
        str(tmp_path / "p"),
        "--metadata",
        str(tmp_path / "m.yml"),
    )
    assert result.exit_code == 0, result.output
    assert "  action_items                52\n" in result.output
    assert "Parse issues: none." in result.output
    assert "Lines accounted for by records: 190/190 (100.0%)." in result.output


def test_bad_inputs_do_not_stop_good_ones(tmp_path):
    """Empty, binary, missing and unrecognised inputs each get one sentence on stderr,
    no traceback, and the good journal is still built (exit 0; 1 under --strict)."""
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    other = tmp_path / "recipe.txt"
    other.write_text("Pancakes\nFlour, milk, eggs.\n")
    args = [
        "build",
        str(BUNDLED),
        str(empty),
        str(binary),
        str(other),
        str(tmp_path / "missing.txt"),
        "--db",
        str(tmp_path / "o.db"),
        "--no-package",
        "--metadata",
        str(tmp_path / "m.yml"),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert (
        f"{empty}: The file is empty or holds only white space; there is nothing to build from it."
        in result.output
    )
    assert (
        f"{binary}: The file holds binary data, not text; give the journal as text, PDF or DOCX."
        in result.output
    )
    assert f"{other}: not recognised as an OSCE journal; nothing was read from it." in result.output
    assert f"{tmp_path / 'missing.txt'}: no such file or folder; check the path." in result.output
    assert "  meetings                     1\n" in result.output
    strict = CliRunner().invoke(main, args + ["--strict"])
    assert strict.exit_code == 1
    assert "failing because of --strict" in strict.output


def test_nothing_buildable_exits_1(tmp_path):
    """When no input is an OSCE document the build fails with one sentence and exit 1,
    and an existing database is left untouched."""
    db = tmp_path / "o.db"
    with sqlite3.connect(db) as conn:
        conn.execute("create table previous (x)")
    previous = db.read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run(
        "build", str(empty), "--db", str(db), "--no-package", "--metadata", str(tmp_path / "m.yml")
    )
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: Nothing could be built: no readable OSCE document among the inputs."
    )
    assert db.read_bytes() == previous


def test_usage_error_exits_2():
    """An unknown option is a usage error (exit 2)."""
    assert run("build", "--no-such-option").exit_code == 2


def test_validate_command(bundled, tmp_path):
    """validate says the package is valid, or fails with exit 1 when it is missing."""
    ok = run("validate", str(bundled.package))
    assert (
        ok.exit_code == 0
        and ok.output
        == f"{bundled.package}/datapackage.json is valid: {len(CATALOGUE)} tables checked.\n"
    )
    missing = run("validate", str(tmp_path))
    assert missing.exit_code == 1 and "does not exist" in missing.output


def test_actors_command_lists_unresolved(bundled):
    """actors reports that every label of the bundled journal is resolved."""
    result = run("actors", "--db", str(bundled.db))
    assert (
        result.exit_code == 0 and result.output == "Every speaker label is resolved to an actor.\n"
    )


def test_actors_command_on_what_is_not_our_database(tmp_path):
    """A --db that is not a database osce-data built is one sentence and exit 1 (it was a
    traceback), and the file is not touched."""
    text = tmp_path / "notes.db"
    text.write_text("hello\n", encoding="utf-8")
    other = tmp_path / "other.db"
    sqlite3.connect(other).close()
    for path, why in [
        (text, "is not a database built by osce-data (file is not a database)"),
        (other, "lacks the table(s) sources"),
    ]:
        before = path.read_bytes()
        result = CliRunner().invoke(main, ["actors", "--db", str(path)])
        assert result.exit_code == 1
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert result.stderr.startswith(f"Error: {path} {why}")
        assert result.stderr.endswith("build it again with `osce-data build`.\n")
        assert len(result.stderr.splitlines()) == 1
        assert path.read_bytes() == before


def _serve(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """`osce-data serve` in a child process (where it succeeds it becomes the server)."""
    return subprocess.run(
        [sys.executable, "-m", "build_data", "serve", "--port", "1", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )


def test_serve_what_it_cannot(bundled, tmp_path):
    """serve with a file that is not an osce-data database, or outside the project folder:
    one sentence, exit 1 (each was the server's traceback, pages long); nothing served."""
    text = tmp_path / "notes.db"
    text.write_text("hello\n", encoding="utf-8")
    run = _serve(ROOT, "--db", str(text))
    assert (run.returncode, run.stderr) == (
        1,
        f"Error: {text} is not a database built by osce-data (file is not a database); build it "
        "again with `osce-data build`.\n",
    )
    run = _serve(tmp_path, "--db", str(bundled.db))
    assert (run.returncode, run.stderr) == (
        1,
        "Error: The site is served from the project folder, which holds metadata.yml and "
        f"plugins/; {tmp_path} has no metadata.yml and no plugins/. Run it in the project folder "
        "(or `make serve` there).\n",
    )
