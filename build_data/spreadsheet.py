"""Spreadsheet-safe copies of the package's CSV files.

The data package keeps every value verbatim: it is the record of what the journals say.
A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return could be run as
a formula by a spreadsheet program opening the CSV (`=HYPERLINK(...)`, `=cmd|...`). The
copies written here prefix such cells with `'`, which spreadsheets show as text; they are
for opening in a spreadsheet, not for analysis.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from .errors import UsageProblem
from .outputs import shown
from .tables import CATALOGUE
from .tempfiles import replace_durably

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def _a_copy(path: Path, original: Path) -> bool:
    """Is path a copy this command wrote of the package's CSV `original`: a regular file
    starting with the same header? (A file of the user's that has a table's name is not.)"""
    try:
        if not path.is_file() or path.is_symlink():
            return False
        with open(path, "rb") as mine, open(original, "rb") as theirs:
            return mine.readline(1 << 16) == theirs.readline(1 << 16)
    except OSError:
        return False


def write_spreadsheet_copies(package_dir: Path, out_dir: Path) -> int:
    """Write out_dir/<table>.csv for every table CSV of the package; returns how many
    cells were prefixed. out_dir must be new, empty, or hold only such copies (files named
    as the tables' CSVs starting with their header)."""
    package_dir, out_dir = Path(package_dir), Path(out_dir)
    names = [f"{t.name}.csv" for t in CATALOGUE]
    if not all((package_dir / n).is_file() for n in names):
        raise UsageProblem(
            f"{shown(package_dir)} does not hold the package's CSV files; run `osce-data build` "
            "first or give --package-dir."
        )
    if out_dir.resolve() == package_dir.resolve():
        raise UsageProblem(
            f"{shown(out_dir)} is the package folder; the package "
            "keeps the values verbatim, so give another folder."
        )
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise UsageProblem(f"{shown(out_dir)} is not a folder; give a new or empty folder.")
    if out_dir.exists():
        entries = set(os.listdir(out_dir))
        foreign = sorted(entries - set(names)) + sorted(
            n for n in entries & set(names) if not _a_copy(out_dir / n, package_dir / n)
        )
        if foreign:
            raise UsageProblem(
                f"{shown(out_dir)} holds what osce-data did not write ({', '.join(foreign[:3])}); "
                "give a new or empty folder."
            )
    out_dir.mkdir(parents=True, exist_ok=True)
    prefixed = 0
    for name in names:
        tmp = out_dir / f".{name}.{os.getpid()}.tmp"
        try:
            with (
                open(package_dir / name, newline="", encoding="utf-8") as src,
                open(tmp, "w", newline="", encoding="utf-8") as dst,
            ):
                writer = csv.writer(dst, lineterminator="\n")
                for i, row in enumerate(csv.reader(src)):
                    safe = row if i == 0 else [safe_cell(c) for c in row]
                    prefixed += sum(a != b for a, b in zip(row, safe, strict=False))
                    writer.writerow(safe)
            replace_durably(tmp, out_dir / name)
        finally:
            tmp.unlink(missing_ok=True)
    return prefixed
