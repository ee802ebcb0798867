"""Journals damaged at random never stop a build: lines dropped, doubled, swapped,
joined, split, cut short, indented, marked up or mixed with another journal's lines, and
half of them then rendered as people hold journals (benchmarks/renderings.py).

Whatever the text, the build of all of them ends with exit 0, every non-blank line of every
input in a record or a parse_issues row (unaccounted-lines), no internal error, foreign keys
whole and a package that frictionless finds valid. The damage is drawn from a fixed seed,
so a failure repeats.
(One such journal, its head lost, once stopped the build of all: its meetings had no body,
which the database does not store, and the rows naming them broke the foreign keys.)
"""

from __future__ import annotations

import random
import re
import sqlite3

import pytest
from click.testing import CliRunner
from conftest import BUNDLED, output_options, synthetic_journals

from benchmarks.renderings import TEXT_RENDERINGS
from build_data.cli import main
from build_data.validate import validate_package

JUNK = ["\u00a0", "\t", "  ", "**", "#", "|", "1.", "(", ")", "Corr.1", "PC.DEC/", "FSC.JOUR/"]
JUNK += ["Annex", "Attachment", "\ufeff", "\u2014", "Decision No.", "Chairperson:", "Date:"]
OPERATIONS = ("drop", "double", "swap", "join", "split", "junk", "mix", "cut", "indent")
ACCOUNTED_RE = re.compile(r"^Lines accounted for by records: ([\d,]+)/([\d,]+) ", re.M)


def damaged(text: str, others: list[str], rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    for _ in range(rng.randint(1, 12)):
        n = len(lines)
        if n < 3:
            break
        op, a = rng.choice(OPERATIONS), rng.randrange(n)
        b = min(n, a + rng.randint(1, 20))
        if op == "drop":
            del lines[a:b]
        elif op == "double":
            lines[a:a] = lines[a:b]
        elif op == "swap":
            c = rng.randrange(n)
            lines[a], lines[c] = lines[c], lines[a]
        elif op == "join":
            lines[a:b] = ["".join(ln.rstrip("\n") + " " for ln in lines[a:b]) + "\n"]
        elif op == "split":
            k = rng.randrange(max(1, len(lines[a])))
            lines[a : a + 1] = [lines[a][:k] + "\n", lines[a][k:]]
        elif op == "junk":
            k = rng.randrange(max(1, len(lines[a])))
            lines[a] = lines[a][:k] + rng.choice(JUNK) + lines[a][k:]
        elif op == "mix":
            other = rng.choice(others).splitlines(keepends=True)
            start = rng.randrange(len(other))
            lines[a:a] = other[start : start + rng.randint(1, 40)]
        elif op == "cut":
            lines = lines[:a] + [lines[a][: rng.randrange(max(1, len(lines[a])))]]
        else:
            lines[a:b] = ["    " + ln for ln in lines[a:b]]
    return "".join(lines)


@pytest.mark.slow
def test_damaged_journals_never_stop_the_build(tmp_path):
    clean = [BUNDLED.read_text(encoding="utf-8")] + [
        p.read_text(encoding="utf-8")
        for p in sorted(synthetic_journals(tmp_path / "synthetic", 24).glob("*.txt"))
    ]
    rng = random.Random(20261202)
    src = tmp_path / "src"
    src.mkdir()
    renderings = sorted(TEXT_RENDERINGS)
    for i in range(300):
        text = damaged(rng.choice(clean), clean, rng)
        if i % 2:  # as people hold it: hard-wrapped, one line per page, a web page around it...
            text = TEXT_RENDERINGS[rng.choice(renderings)](text)
        (src / f"damaged-{i:03d}.txt").write_text(text, encoding="utf-8", newline="")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(src), *output_options(out), "-j", "2"])
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for line in result.stderr.splitlines():
        assert line.endswith("."), line
    [(accounted, lines)] = ACCOUNTED_RE.findall(result.stdout)
    with sqlite3.connect(out / "osce.db") as conn:
        # the lines no record holds are kept in parse_issues, as unaccounted-lines
        kept = conn.execute(
            "SELECT count(*) FROM source_lines l JOIN parse_issues i ON i.source_id = l.source_id "
            "AND l.line_number BETWEEN i.line_start AND i.line_end "
            "WHERE i.code = 'unaccounted-lines' AND trim(l.text) != ''"
        ).fetchone()[0]
        assert int(accounted.replace(",", "")) + kept == int(lines.replace(",", ""))
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute(
            "SELECT count(*) FROM parse_issues WHERE code = 'internal-error'"
        ).fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM sources").fetchone() == (300,)
        assert conn.execute("SELECT count(*) FROM meetings").fetchone()[0] > 0
    assert validate_package(out / "datapackage") > 0
