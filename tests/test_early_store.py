"""Storing the sources while the others are still read (full_write.EarlyStore) gives the
very database and package that storing them after reading gives (full_write.write_all),
whatever copies of a journal the inputs hold and in whichever id order they come: when a
copy read later turns out to be the one built, the rows from the first source stored
otherwise on are removed and stored again after reading."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest
from conftest import BUNDLED
from test_incremental import (
    corpus,  # noqa: F401  (the fixture: its 20 journals and the bundled one)
    corrigendum_of_bundled,
    run,
    same_output,
    source_id,
)

from build_data import full_write, pipeline
from build_data.full_write import write_all

TEXT = BUNDLED.read_text(encoding="utf-8")


def variant(text: str, before: bool) -> str:
    """`text` with trailing blank lines added: the first such variant whose source id
    comes before (or after) the bundled journal's."""
    for k in range(1, 200):
        candidate = text + "\n" * k
        if (source_id(candidate.encode("utf-8")) < source_id(TEXT.encode("utf-8"))) == before:
            return candidate
    raise AssertionError("no variant found")


def opened_at(hour: int) -> str:
    """The bundled journal with one line changed: another copy of the same meeting."""
    return TEXT.replace("Opened: 3 p.m.", f"Opened: {hour} p.m.")


# what the inputs hold besides 20 synthetic journals and the bundled one (corpus), and
# whether the rows stored early are all kept
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


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_rows_stored_while_reading_equal_rows_stored_after(
    request, tmp_path, monkeypatch, scenario
):
    """A full build that stores while reading and one that stores after reading
    (write_all) give the same rows, package and metadata; the rows stored early are
    partly removed and stored again exactly when a copy stored turns out not to be built."""
    extra, kept = SCENARIOS[scenario]
    src = tmp_path / "src"
    shutil.copytree(request.getfixturevalue("corpus"), src)
    for name, text in extra.items():
        if text is None:
            os.mkfifo(src / name)
        else:
            (src / name).write_text(text(), encoding="utf-8")
    truncated = []
    truncate = full_write.EarlyStore._truncate

    def spy(self, n, final):
        truncated.append(n)
        truncate(self, n, final)

    monkeypatch.setattr(full_write.EarlyStore, "_truncate", spy)
    run(src, tmp_path / "early", jobs=1, full=True)
    assert bool(truncated) == (not kept)
    # no early store: the patch is tried (there is nothing to patch), then write_all
    monkeypatch.setattr(pipeline, "_written_again", lambda *args: None)
    stored_after = []
    monkeypatch.setattr(
        pipeline, "write_all", lambda *args: stored_after.append(1) or write_all(*args)
    )
    report = run(src, tmp_path / "after", jobs=1)
    assert stored_after and not report.patched
    same_output(tmp_path / "early", tmp_path / "after")
    with sqlite3.connect(tmp_path / "early" / "osce.db") as conn:
        assert (
            conn.execute("select count(duplicate_of), count(superseded_by) from sources").fetchone()
            == REPLACED[scenario]
        )
