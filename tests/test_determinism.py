"""Determinism at scale: 30 synthetic journals plus the bundled one, listed as a folder or
file by file in shuffled orders, give byte-identical packages and identical SQL dumps."""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import BUNDLED, synthetic_journals

from build_data.pipeline import build

pytestmark = pytest.mark.slow


def outputs(out: Path) -> tuple[str, dict[str, bytes]]:
    with sqlite3.connect(out / "osce.db") as conn:
        dump = "\n".join(conn.iterdump())
    return dump, {p.name: p.read_bytes() for p in sorted((out / "pkg").iterdir())}


@pytest.fixture(scope="module")
def journals(tmp_path_factory) -> Path:
    folder = synthetic_journals(tmp_path_factory.mktemp("synth30"), 30)
    shutil.copy(BUNDLED, folder / "pc-journal-976.txt")
    shutil.copy(
        BUNDLED, folder / "zz copy of 976.txt"
    )  # a duplicate, whose winner must not depend on order
    return folder


def test_shuffled_orders_give_identical_outputs(journals, tmp_path):
    """The folder, the files sorted, and the files in three shuffled orders: one result."""
    files = sorted(journals.iterdir())
    orders = [[journals], files, files[::-1]] + [
        random.Random(seed).sample(files, len(files)) for seed in (1, 2, 3)
    ]
    results = []
    for n, order in enumerate(orders):
        out = tmp_path / f"out{n}"
        build(order, out / "osce.db", out / "pkg")
        results.append(outputs(out))
    first = results[0]
    assert first[1]["meetings.csv"].count(b"\n") > 10
    for other in results[1:]:
        assert other[0] == first[0]
        assert other[1] == first[1]


def test_rebuild_in_place_is_identical(journals, tmp_path):
    """Building again over existing outputs writes the same bytes."""
    out = tmp_path / "out"
    build([journals], out / "osce.db", out / "pkg")
    once = outputs(out)
    build([journals], out / "osce.db", out / "pkg")
    assert outputs(out) == once
