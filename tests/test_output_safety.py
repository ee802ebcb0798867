"""Only what the build wrote is ever replaced or deleted (issue 13): a package folder, --db
or --metadata that is something else is refused with one sentence and exit 2, before
anything is touched; the database path is escaped in SQLite's file: URI."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUNDLED

from build_data.cli import main


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under folder with its bytes (None for a folder)."""
    return {
        str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes())
        for p in sorted(folder.rglob("*"))
    }


def build(*args: str, cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, ["build", *args])
    finally:
        os.chdir(old)


def refused(result, sentence: str) -> None:
    assert (result.exit_code, result.stderr) == (2, f"Error: {sentence}\n"), result.output
    assert result.stdout == ""


@pytest.fixture
def site(tmp_path) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "pc-journal-976.txt").write_bytes(BUNDLED.read_bytes())
    return tmp_path


def test_package_dir_that_is_the_source_folder_is_refused(site):
    """`--package-dir src` with src the input folder: refused, the journals kept (main
    deleted them all and exited 0)."""
    before = tree(site)
    refused(
        build("src", "--db", "s.db", "--package-dir", "src", cwd=site),
        "The input src is inside the package folder src, which "
        "every build replaces whole; give another --package-dir.",
    )
    assert tree(site) == before


def test_package_dir_holding_other_files_is_refused(site):
    """A folder with a thesis, a data folder and a database is not a package this tool
    wrote: refused, nothing touched (main deleted them and said the outputs were
    unchanged)."""
    proj = site / "proj"
    (proj / "data").mkdir(parents=True)
    (proj / "thesis.tex").write_text("\\documentclass{article}")
    (proj / "data" / "table.csv").write_text("a,b\n")
    with sqlite3.connect(proj / "osce.db") as conn:
        conn.execute("create table t (x)")
    before = tree(site)
    refused(
        build("src", "--package-dir", str(proj), cwd=site),
        f"--package-dir {proj} holds what osce-data did not write "
        "(data, osce.db and thesis.tex); the build replaces the whole "
        "folder, so give a new or empty folder, or one a build wrote.",
    )
    assert tree(site) == before


def test_own_package_with_a_stray_file_is_refused_but_own_package_is_replaced(site):
    """A folder a build wrote is written again; once it holds a file of someone else's it
    is refused."""
    assert build("src", cwd=site).exit_code == 0
    assert build("src", "--full", cwd=site).exit_code == 0
    (site / "datapackage" / "notes.txt").write_text("mine")
    before = tree(site)
    refused(
        build("src", "--full", cwd=site),
        "--package-dir datapackage holds what osce-data did not write (notes.txt); the build "
        "replaces the whole folder, so give a new or empty folder, or one a build wrote.",
    )
    assert tree(site) == before


def test_database_inside_the_package_folder_is_refused(site):
    """`--db pk/osce.db --package-dir pk`: the package swap would delete the database."""
    refused(
        build("src", "--db", "pk/osce.db", "--package-dir", "pk", cwd=site),
        "--db pk/osce.db is inside the package folder pk, "
        "which every build replaces whole; put it elsewhere.",
    )
    assert not (site / "pk").exists()


@pytest.mark.parametrize("option,device", [("--db", "/dev/null"), ("--metadata", "/dev/full")])
def test_device_outputs_are_refused(option, device, site):
    """A device node as output is refused and stays a device (as root, main replaced it
    with a regular file)."""
    refused(
        build("src", option, device, cwd=site),
        f"{option} {device} is a device, pipe or socket, not a file; give a file path.",
    )
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_same_path_for_two_outputs_is_refused(site):
    """`--db X --metadata X`: main overwrote the database with YAML."""
    refused(
        build("src", "--db", "X", "--metadata", "X", cwd=site),
        "--db X and --metadata X are the same file; give each output its own path.",
    )
    assert not (site / "X").exists()


def test_file_that_is_not_a_database_is_not_replaced(site):
    """--db naming a file of someone else's (not SQLite) is refused, the file kept."""
    (site / "thesis.tex").write_text("chapter one")
    refused(
        build("src", "--db", "thesis.tex", cwd=site),
        "--db thesis.tex exists and is not a SQLite database; osce-data replaces only files it "
        "wrote; give another path or remove the file.",
    )
    assert (site / "thesis.tex").read_text() == "chapter one"


def test_symbolic_link_as_database_is_refused(site):
    """--db naming a symbolic link is refused: the build would replace the link, not the
    file it points to; both are left as they were."""
    (site / "real.db").write_bytes(b"")
    (site / "link.db").symlink_to(site / "real.db")
    refused(
        build("src", "--db", "link.db", cwd=site),
        "--db link.db is a symbolic link; give the path of the "
        "file itself (the build replaces what is at this path).",
    )
    assert (site / "link.db").is_symlink() and (site / "real.db").read_bytes() == b""


def test_database_among_the_inputs_is_refused(site):
    """An output found in an input folder would be read back as a journal."""
    with sqlite3.connect(site / "src" / "s.db") as conn:
        conn.execute("create table t (x)")
    before = tree(site)
    refused(
        build("src", "--db", "src/s.db", cwd=site),
        "--db src/s.db is among the inputs ("
        + str(site / "src")
        + "); the build would read what it writes; put the outputs elsewhere.",
    )
    assert tree(site) == before


@pytest.mark.parametrize(
    "args,sentence",
    [
        (
            ["--package-dir", "."],
            "--package-dir '.' names no folder of its own; give a path such as datapackage.",
        ),
        (["--db", ""], "--db '.' names no file of its own; give a path such as osce.db."),
    ],
)
def test_paths_naming_no_file_are_usage_errors(args, sentence, site):
    """`--package-dir .` and `--db ''` were internal errors with exit 1."""
    before = tree(site)
    refused(build("src", *args, cwd=site), sentence)
    assert tree(site) == before


@pytest.mark.parametrize("folder", ["q?x", "h#x", "p%20x", "a?mode=rw&b"])
def test_database_path_is_escaped_in_the_uri(folder, site):
    """A `?`, `#` or `%` in the database path is part of the path (main: an internal error
    and stray empty files)."""
    result = build(
        "src", "--db", f"{folder}/osce.db", "--no-package", "--metadata", "m.yml", "-q", cwd=site
    )
    assert (result.exit_code, result.output) == (0, "")
    assert sorted(os.listdir(site)) == sorted(["src", folder, "m.yml"])
    assert sorted(os.listdir(site / folder)) == ["osce.db", "osce.db.cache", "osce.db.lock"]
    with sqlite3.connect(site / folder / "osce.db") as conn:
        assert conn.execute("select count(*) from meetings").fetchone() == (1,)


def test_metadata_command_refuses_a_device():
    """`osce-data metadata /dev/null` is refused and /dev/null stays a device."""
    result = CliRunner().invoke(main, ["metadata", "/dev/null"])
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: /dev/null is a device, pipe or socket, not a file; give a file path.\n",
    )
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize(
    "content",
    [
        "my precious notes\n",  # text
        "title: notes\n",  # YAML, but not Datasette metadata
        "databases:\n  mine: {}\n",  # Datasette metadata without a title: not ours
        "\x00\x01binary",
    ],
)
def test_metadata_path_of_a_file_of_the_users(site, content):
    """--metadata (and `osce-data metadata`) given a file of the user's (README.md by
    mistake): refused, the file kept (it was replaced by metadata.yml, exit 0)."""
    notes = site / "notes.md"
    notes.write_text(content, encoding="utf-8")
    before = tree(site)
    sentence = (
        "notes.md exists and is not Datasette metadata osce-data wrote; osce-data replaces "
        "only files it wrote; give another path or remove the file."
    )
    refused(
        build("src", "--db", "o.db", "--metadata", "notes.md", cwd=site), f"--metadata {sentence}"
    )
    old = os.getcwd()
    os.chdir(site)
    try:
        refused(CliRunner().invoke(main, ["metadata", "notes.md"]), sentence)
    finally:
        os.chdir(old)
    assert tree(site) == before


def test_metadata_of_an_earlier_version_is_replaced(site, tmp_path):
    """metadata.yml as an earlier version wrote it (another title, fewer tables) is the
    tool's own: replaced by the build."""
    from build_data.publish import metadata_yaml

    earlier = metadata_yaml().replace("title: OSCE meeting journals as open data", "title: Old")
    (site / "metadata.yml").write_text(earlier.split("\n  tables:")[0] + "\n", encoding="utf-8")
    result = build("src", "--db", "o.db", "--no-package", "-q", cwd=site)
    assert result.exit_code == 0, result.output
    assert (site / "metadata.yml").read_text(encoding="utf-8") == metadata_yaml()
