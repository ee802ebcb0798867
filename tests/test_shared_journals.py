"""The real journal excerpts of ../shared/journals, each built on its own and compared,
field by field, with expected/<name>.json (benchmarks/accuracy.py does the shaping)."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from pathlib import Path

import pytest

from conftest import ROOT, SHARED

_spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
accuracy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(accuracy)

JOURNALS = SHARED / "journals"
FILES = sorted(JOURNALS.glob("*.txt")) if JOURNALS.is_dir() else []


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not FILES:
        pytest.skip(f"{JOURNALS} is absent: the shared journal excerpts are not available on this machine")
    out = tmp_path_factory.mktemp("shared")
    return {p.stem: accuracy.build_one(p, out) for p in FILES}


@pytest.mark.parametrize("path", FILES or [None], ids=[p.stem for p in FILES] or ["absent"])
def test_every_field_as_expected(built, path: Path):
    """Every field of the expected JSON (header, times, notes, page furniture, agenda
    items, each speaker's label, actor, documents, markers, annexes, alignments) agrees."""
    expected = json.loads((JOURNALS / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))
    wrong = [(field, want, got) for field, ok, want, got in accuracy.compare(expected, accuracy.shape(built[path.stem])) if not ok]
    if path.stem == "pc-1275":
        # 'Deputy Minister for Foreign Affairs of Sweden' is a function, not in the actor registry.
        assert wrong == [("speakers.actor", "Deputy Minister for Foreign Affairs of Sweden", None)]
    else:
        assert wrong == []


@pytest.mark.parametrize("path", FILES or [None], ids=[p.stem for p in FILES] or ["absent"])
def test_every_line_accounted_for(built, path: Path):
    """No source line is left outside a record or an issue."""
    with sqlite3.connect(built[path.stem]) as conn:
        assert conn.execute("select count(*) from parse_issues where code = 'unaccounted-lines'").fetchone()[0] == 0
