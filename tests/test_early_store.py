"""Storing the sources while the others are still read (full_write.EarlyStore) gives the
very database and package that storing them after reading gives (full_write.write_all),
whatever copies of a journal the inputs hold and in whichever id order they come: when a
copy read later turns out to be the one built, the rows stored early are dropped and
everything is stored again after reading."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import BUNDLED
from test_incremental import corrigendum_of_bundled, run, same_output

from benchmarks import synth
from build_data import full_write

TEXT = BUNDLED.read_text(encoding="utf-8")


def source_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def variant(text: str, before: bool) -> str:
    """`text` with trailing blank lines added: the first such variant whose source id
    comes before (or after) the bundled journal's."""
    for k in range(1, 200):
        candidate = text + "\n" * k
        if (source_id(candidate) < source_id(TEXT)) == before:
            return candidate
    raise AssertionError("no variant found")


def opened_at(hour: int) -> str:
    """The bundled journal with one line changed: another copy of the same meeting."""
    return TEXT.replace("Opened: 3 p.m.", f"Opened: {hour} p.m.")


# what the inputs hold besides 8 synthetic journals and the bundled one, and whether the
# rows stored early are kept
SCENARIOS = {
    "no copies": ({}, True),
    "corrigendum with an id before the original": (
        {"corr.txt": lambda: variant(corrigendum_of_bundled(), before=True)},
        True,
    ),
    "corrigendum with an id after the original": (
        {"corr.txt": lambda: variant(corrigendum_of_bundled(), before=False)},
        False,
    ),
    "a longer copy with an id before the original": (
        {"longer.txt": lambda: variant(TEXT, before=True)},
        True,
    ),
    "a longer copy with an id after the original": (
        {"longer.txt": lambda: variant(TEXT, before=False)},
        False,
    ),
    "same bytes twice": ({"same.txt": lambda: TEXT}, True),
    "five copies of one meeting": (
        {f"copy-{h}.txt": lambda h=h: opened_at(h) for h in range(4, 9)},
        True,
    ),
    "copies, a corrigendum and a pipe": (
        {
            **{f"copy-{h}.txt": lambda h=h: opened_at(h) for h in range(4, 7)},
            "corr.txt": lambda: variant(corrigendum_of_bundled(), before=False),
            "pipe.txt": None,
        },
        False,
    ),
}
# (duplicates, superseded) among the sources
REPLACED = {
    "no copies": (0, 0),
    "corrigendum with an id before the original": (0, 1),
    "corrigendum with an id after the original": (0, 1),
    "a longer copy with an id before the original": (1, 0),
    "a longer copy with an id after the original": (1, 0),
    "same bytes twice": (1, 0),
    "five copies of one meeting": (5, 0),
    "copies, a corrigendum and a pipe": (0, 4),
}


@pytest.fixture(scope="module")
def journals(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("journals")
    synth.generate(8, str(src), seed=5)
    shutil.copy(BUNDLED, src)
    return src


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_rows_stored_while_reading_equal_rows_stored_after(
    journals, tmp_path, monkeypatch, scenario
):
    """A full build that stores while reading and one that stores after reading give the
    same rows, package and metadata (and the early rows are kept exactly when no copy
    stored turns out not to be built)."""
    extra, kept = SCENARIOS[scenario]
    src = tmp_path / "src"
    shutil.copytree(journals, src)
    for name, text in extra.items():
        if text is None:
            os.mkfifo(src / name)
        else:
            (src / name).write_text(text(), encoding="utf-8")
    verdicts = []
    judge = full_write.EarlyStore.kept

    def spy(self, results):
        verdicts.append(judge(self, results))
        return verdicts[-1]

    monkeypatch.setattr(full_write.EarlyStore, "kept", spy)
    run(src, tmp_path / "early", jobs=1, full=True)
    assert verdicts == [kept]
    monkeypatch.setattr(full_write.EarlyStore, "kept", lambda self, results: False)
    run(src, tmp_path / "after", jobs=1, full=True)
    same_output(tmp_path / "early", tmp_path / "after")
    with sqlite3.connect(tmp_path / "early" / "osce.db") as conn:
        assert (
            conn.execute("select count(duplicate_of), count(superseded_by) from sources").fetchone()
            == REPLACED[scenario]
        )
