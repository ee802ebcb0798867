"""The real journal excerpts of ../shared/journals, each built on its own and compared,
field by field, with expected/<name>.json (benchmarks/accuracy.py does the shaping)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import BUNDLED, SHARED

from benchmarks import accuracy

JOURNALS = SHARED / "journals"
FILES = sorted(JOURNALS.glob("*.txt")) if JOURNALS.is_dir() else []


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not FILES:
        pytest.skip(
            f"{JOURNALS} is absent: the shared journal excerpts are not available on this machine"
        )
    out = tmp_path_factory.mktemp("shared")
    return {p.stem: accuracy.build_one(p, out) for p in FILES}


@pytest.mark.parametrize("path", FILES or [None], ids=[p.stem for p in FILES] or ["absent"])
def test_every_field_as_expected(built, path: Path):
    """Every field of the expected JSON (header, times, notes, page furniture, agenda
    items, each speaker's label, actor, documents, markers, annexes, alignments) agrees."""
    expected = json.loads((JOURNALS / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))
    wrong = [
        (field, want, got)
        for field, ok, want, got in accuracy.compare(expected, accuracy.shape(built[path.stem]))
        if not ok
    ]
    assert wrong == []


@pytest.mark.parametrize("path", FILES or [None], ids=[p.stem for p in FILES] or ["absent"])
def test_every_line_accounted_for(built, path: Path):
    """No source line is left outside a record or an issue."""
    with sqlite3.connect(built[path.stem]) as conn:
        assert (
            conn.execute(
                "select count(*) from parse_issues where code = 'unaccounted-lines'"
            ).fetchone()[0]
            == 0
        )


def test_official_named_by_title_becomes_an_actor(tmp_path):
    """A speaker named only by a post ('Deputy Minister for Foreign Affairs of Sweden')
    resolves to a person actor for that post, whose parent is the State the title names."""
    from build_data.pipeline import build

    text = BUNDLED.read_text(encoding="utf-8")
    journal = tmp_path / "j.txt"
    journal.write_text(
        text.replace(
            "Canada, Turkey, France, Chairperson",
            "Canada, Deputy Minister for Foreign Affairs of Sweden, France, Chairperson",
        ),
        encoding="utf-8",
    )
    build([journal], tmp_path / "o.db", None)
    import sqlite3

    with sqlite3.connect(tmp_path / "o.db") as conn:
        assert conn.execute(
            "select actor_id, resolution from statements where id = 'pc-976/2/s3'"
        ).fetchall() == [("official-deputy-minister-for-foreign-affairs-of-sweden", "official")]
        assert conn.execute(
            "select name, kind, parent_id from actors where id = "
            "'official-deputy-minister-for-foreign-affairs-of-sweden'"
        ).fetchall() == [("Deputy Minister for Foreign Affairs of Sweden", "person", "sweden")]
