"""Parallel builds: reading sources in a pool of workers gives the same bytes as reading
them in one process; the progress bar stays quiet when stderr is not a terminal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUNDLED, output_options

from benchmarks import synth
from build_data import export
from build_data.cli import Progress, main
from build_data.pipeline import build


def files(directory: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and not p.name.endswith((".cache", "-wal", "-shm"))
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """24 synthetic journals, a second copy of one of them and the bundled journal."""
    src = tmp_path_factory.mktemp("corpus")
    synth.generate(24, str(src), seed=5)
    shutil.copy(src / "journal-000004.txt", src / "copy-of-4.txt")
    shutil.copy(BUNDLED, src)
    return src


def test_parallel_build_is_byte_identical_to_serial_build(corpus, tmp_path, monkeypatch):
    """jobs=2 (pools of worker processes reading sources and writing CSV files) and jobs=1
    (in process) write the same database file, package and metadata, byte for byte."""
    monkeypatch.setattr(
        export, "PARALLEL_CELLS", 0
    )  # the package of a small corpus is written in parallel too
    outs = {}
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}"
        report = build(
            [corpus], out / "osce.db", out / "datapackage", out / "metadata.yml", jobs=jobs
        )
        assert report.cache_hits == 0 and report.files == 26
        outs[jobs] = files(out)
    assert sorted(outs[1]) == sorted(outs[2]) and "osce.db" in outs[1]
    assert outs[1] == outs[2]


def test_building_twice_from_scratch_gives_the_same_bytes(corpus, tmp_path):
    """Deterministic output: two builds from scratch give identical database files."""
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        build([corpus], out / "osce.db", out / "datapackage", None, jobs=2)
    assert files(a) == files(b)


def test_progress_is_quiet_when_stderr_is_not_a_terminal(corpus, tmp_path):
    """Without a terminal there is no progress bar: stderr has only the per-file messages
    (errors, and warnings prefixed 'warning:'), and the summary (with the cache count)
    goes to stdout."""
    out = tmp_path / "out"
    args = [
        "build",
        str(corpus),
        *output_options(out),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.stderr
    assert "Reading journals" not in result.stderr and "Reading journals" not in result.stdout
    assert all(
        line.startswith(("warning: ", str(corpus))) and line.endswith(".")
        for line in result.stderr.splitlines()
    )
    assert (
        "from 26 file(s) in" in result.stdout
        and "(0 read from the cache, 26 read again;" in result.stdout
    )
    quiet = CliRunner().invoke(main, args + ["--quiet"])
    assert quiet.exit_code == 0 and quiet.stdout == ""


def test_progress_counts_files_records_issues_and_cache_hits():
    """The bar's status line says how many records and issues were read and how many
    files came from the cache."""

    class R:
        def __init__(self, records, issues, cached):
            self.records, self.issues, self.cached = records, issues, cached

    import io

    import click

    p = Progress(enabled=True)
    p.total = 2
    stream = io.StringIO()
    original = click.progressbar
    try:
        click.progressbar = lambda **kw: original(**{**kw, "file": stream})
        with p:
            p.update(Path("a.txt"), R(10, 2, False))
            p.update(Path("b.txt"), R(5, 1, True))
    finally:
        click.progressbar = original
    assert p.status() == "15 records, 3 issues, 1 cached"
