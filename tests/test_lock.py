"""One build at a time per database (issue 13): a second build refuses with one sentence
(or waits with --wait) while another holds DB.lock; two builds raced many times leave
the outputs of one of them, whole and consistent, and the next build right."""

from __future__ import annotations

import hashlib
import multiprocessing
import random
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUNDLED

from build_data.cli import main
from build_data.export import write_package_from_db
from build_data.lock import locked
from build_data.pipeline import build
from build_data.tables import CATALOGUE

TRIALS = 100


def package(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


def rows(db: Path) -> list:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return [
            conn.execute(f"select * from [{t.name}] order by {', '.join(t.primary_key)}").fetchall()
            for t in CATALOGUE
        ]


def test_second_build_is_refused_while_the_lock_is_held(tmp_path):
    """Another build holding the lock: exit 1, one sentence naming it, nothing changed."""
    db = tmp_path / "osce.db"
    with locked(db):
        result = CliRunner().invoke(
            main,
            [
                "build",
                str(BUNDLED),
                "--db",
                str(db),
                "--package-dir",
                str(tmp_path / "pkg"),
                "--metadata",
                str(tmp_path / "m.yml"),
            ],
        )
        assert sorted(p.name for p in tmp_path.iterdir()) == ["osce.db.lock"]
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: Another build (PID {__import__('os').getpid()}) is writing {db} and its outputs; "
        "nothing was changed; build again when it has finished, or give --wait to wait for it.\n",
    )


def test_wait_waits_for_the_other_build(tmp_path):
    """--wait: the build says it waits, then builds once the lock is released."""
    db = tmp_path / "osce.db"
    held, release = threading.Event(), threading.Event()

    def holder():
        with locked(db):
            held.set()
            release.wait(10)

    t = threading.Thread(target=holder)
    t.start()
    held.wait(10)
    threading.Timer(1.0, release.set).start()
    t0 = time.monotonic()
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(BUNDLED),
            "--db",
            str(db),
            "--package-dir",
            str(tmp_path / "pkg"),
            "--metadata",
            str(tmp_path / "m.yml"),
            "-q",
            "--wait",
        ],
    )
    t.join()
    assert result.exit_code == 0, result.output
    assert time.monotonic() - t0 >= 1.0
    assert result.stderr.startswith(
        f"Another build (PID {__import__('os').getpid()}) is writing {db} and its outputs; "
        "waiting for it to finish.\n"
    )


# ------------------------------------------------------------------ two builds raced


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> tuple[Path, Path]:
    """A: the bundled journal and 4 synthetic ones; B: 1 of those synthetic journals."""
    from benchmarks import synth

    a, b = tmp_path_factory.mktemp("a"), tmp_path_factory.mktemp("b")
    synth.generate(4, str(a), seed=3)
    shutil.copy(BUNDLED, a)
    for p in sorted(a.glob("journal-*"))[:1]:
        shutil.copy(p, b)
    return a, b


def _child(src: str, out: str, wait: bool) -> None:
    import os
    import sys

    try:
        build(
            [Path(src)],
            Path(out) / "osce.db",
            Path(out) / "datapackage",
            Path(out) / "metadata.yml",
            jobs=1,
            wait=wait,
        )
    except Exception as err:
        sys.stderr.write(f"{type(err).__name__}: {err}\n")
        os._exit(3 if type(err).__name__ == "Busy" else 1)
    os._exit(0)


def reference(src: Path, tmp: Path) -> tuple[list, dict[str, str]]:
    build([src], tmp / "osce.db", tmp / "datapackage", tmp / "metadata.yml", jobs=1)
    return rows(tmp / "osce.db"), package(tmp / "datapackage")


@pytest.mark.slow
def test_raced_builds_leave_one_whole_build(corpora, tmp_path):
    """Two builds of the same outputs (A, and a smaller B started up to 0.3 s later, with
    or without --wait), raced TRIALS times on previous outputs of A: each ends 0 or is
    refused as busy, the outputs are exactly A's or B's (every CSV the export of the
    database), and the next build of A gives A's outputs (main: in some timings a CSV of
    one build with the database of the other, or a crash after the other build's cache
    clean-up)."""
    a, b = corpora
    ref = {name: reference(src, tmp_path / f"ref-{name}") for name, src in (("A", a), ("B", b))}
    seed = tmp_path / "seed"
    build([a], seed / "osce.db", seed / "datapackage", seed / "metadata.yml", jobs=1)
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(13)
    outcomes: dict[tuple, int] = {}
    for trial in range(TRIALS):
        out = tmp_path / f"t{trial}"
        shutil.copytree(seed, out, copy_function=shutil.copy2)
        wait = rng.random() < 0.5
        first = ctx.Process(target=_child, args=(str(a), str(out), wait))
        second = ctx.Process(target=_child, args=(str(b), str(out), wait))
        first.start()
        time.sleep(rng.uniform(0, 0.3))
        second.start()
        first.join(60)
        second.join(60)
        codes = (first.exitcode, second.exitcode)
        assert set(codes) <= {0, 3} and 0 in codes, f"trial {trial}: exit codes {codes}"
        assert wait is False or codes == (0, 0), f"trial {trial}: --wait yet {codes}"
        now = (rows(out / "osce.db"), package(out / "datapackage"))
        which = [name for name, r in ref.items() if r == now]
        assert which, f"trial {trial}: the outputs are neither A's nor B's"
        check = tmp_path / "check"
        write_package_from_db(out / "osce.db", check)
        assert package(check) == now[1], f"trial {trial}: a CSV differs from its table"
        shutil.rmtree(check)
        key = (wait, codes, which[0])
        outcomes[key] = outcomes.get(key, 0) + 1
        if trial % 10 == 0:  # the next build of A is right
            build([a], out / "osce.db", out / "datapackage", out / "metadata.yml", jobs=1)
            assert (rows(out / "osce.db"), package(out / "datapackage")) == ref["A"], (
                f"trial {trial}: the next build is wrong"
            )
        assert not [p.name for p in out.iterdir() if p.name.startswith(".")], (
            f"trial {trial}: temporaries left"
        )
        shutil.rmtree(out)
    print(outcomes)
    assert any(3 in codes for (_, codes, _) in outcomes), f"the builds never overlapped: {outcomes}"


def test_a_forked_worker_does_not_hold_the_lock(tmp_path):
    """A process forked while a build holds the lock (a worker reading a file) does not
    keep it: once the build's own descriptor is closed, another build can take the lock
    though the worker still runs (a worker busy after its build was killed must not keep
    the next build out)."""
    import os
    import signal

    db = tmp_path / "osce.db"
    started, ready = os.pipe()
    with locked(db):
        pid = os.fork()
        if (
            pid == 0
        ):  # the worker (its fork handlers have run): says so, then outlives the lock's holder
            os.write(ready, b"1")
            time.sleep(5)
            os._exit(0)
        assert os.read(started, 1) == b"1"
    try:
        with locked(db):  # taken at once, with the worker still alive
            assert os.waitpid(pid, os.WNOHANG) == (0, 0)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def test_outputs_another_build_is_writing_are_judged_under_its_lock(tmp_path):
    """While another build holds the lock, a package folder caught half-written (a CSV
    without its datapackage.json, as while a build swaps its package in) is not taken for
    someone else's files: the build says another build is writing (exit 1), instead of
    refusing the folder as foreign (exit 2), which it does once no build holds the lock."""
    db, pkg = tmp_path / "osce.db", tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "statements.csv").write_text("id\n")
    args = [
        "build",
        str(BUNDLED),
        "--db",
        str(db),
        "--package-dir",
        str(pkg),
        "--metadata",
        str(tmp_path / "m.yml"),
    ]
    with locked(db):
        busy = CliRunner().invoke(main, args)
    assert (busy.exit_code, busy.stderr.startswith("Error: Another build (PID")) == (1, True), (
        busy.stderr
    )
    foreign = CliRunner().invoke(main, args)
    assert (
        foreign.exit_code,
        "holds what osce-data did not write (statements.csv)" in foreign.stderr,
    ) == (2, True), foreign.stderr
