"""Cells a spreadsheet would run as formulas (issue 13): the package keeps them verbatim
(the data is the record, and its description says so); `osce-data spreadsheet-csv`
writes copies where they start with ' instead."""

from __future__ import annotations

import csv
import json

from click.testing import CliRunner
from conftest import BUNDLED

from build_data.cli import main

HOSTILE = ['=HYPERLINK("http://x","y")', "+SUM(1,2)", "@SUM(1)", "=cmd|' /C calc'!A0"]


def test_formula_cells_verbatim_in_the_package_and_prefixed_in_the_copies(tmp_path):
    text = BUNDLED.read_text(encoding="utf-8") + "".join(f"\n{h}\n" for h in HOSTILE)
    (tmp_path / "j.txt").write_text(text, encoding="utf-8")
    pkg = tmp_path / "pkg"
    built = CliRunner().invoke(
        main,
        [
            "build",
            str(tmp_path / "j.txt"),
            "--db",
            str(tmp_path / "o.db"),
            "--package-dir",
            str(pkg),
            "--metadata",
            str(tmp_path / "m.yml"),
            "-q",
        ],
    )
    assert built.exit_code == 0, built.output
    with open(pkg / "source_lines.csv", encoding="utf-8", newline="") as f:
        lines = {r["text"] for r in csv.DictReader(f)}
    assert set(HOSTILE) <= lines
    assert "spreadsheet-csv" in json.loads((pkg / "datapackage.json").read_text())["description"]
    result = CliRunner().invoke(
        main, ["spreadsheet-csv", str(tmp_path / "safe"), "--package-dir", str(pkg)]
    )
    assert result.exit_code == 0, result.output
    with open(tmp_path / "safe" / "source_lines.csv", encoding="utf-8", newline="") as f:
        safe = {r["text"] for r in csv.DictReader(f)}
    assert {"'" + h for h in HOSTILE} <= safe and not set(HOSTILE) & safe
    assert not [r for r in safe if r.startswith(("=", "+", "-", "@"))]


def test_spreadsheet_copies_never_replace_other_files(tmp_path, bundled):
    (tmp_path / "mine.txt").write_text("keep")
    result = CliRunner().invoke(
        main, ["spreadsheet-csv", str(tmp_path), "--package-dir", str(bundled.package)]
    )
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {tmp_path} holds what osce-data did not "
        "write (mine.txt); give a new or empty folder.\n",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt"]


def test_spreadsheet_copies_never_replace_a_file_named_like_a_copy(tmp_path, bundled):
    """A file of the user's named like a table's CSV (sources.csv) is not a copy this command
    wrote: refused, kept as it is (it was replaced); copies it wrote are replaced."""
    (tmp_path / "sources.csv").write_text("my notes\n")
    args = ["spreadsheet-csv", str(tmp_path), "--package-dir", str(bundled.package)]
    result = CliRunner().invoke(main, args)
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {tmp_path} holds what osce-data did not "
        "write (sources.csv); give a new or empty folder.\n",
    )
    assert [p.name for p in tmp_path.iterdir()] == ["sources.csv"]
    assert (tmp_path / "sources.csv").read_text() == "my notes\n"
    (tmp_path / "sources.csv").unlink()
    assert CliRunner().invoke(main, args).exit_code == 0
    assert CliRunner().invoke(main, args).exit_code == 0  # its own copies are replaced
