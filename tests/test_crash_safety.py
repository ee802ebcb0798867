"""Crash safety: a build killed with SIGKILL at any moment leaves the previous outputs
whole, and its leftovers do not break (and are cleared by) the next build.

The previous outputs are a build of the bundled journal; the killed build reads 200
synthetic journals (benchmarks/synth.py). Kills happen at fixed delays and at the moment
the temporary database or package first appears. After every kill, `osce.db` must pass
`PRAGMA integrity_check` and its dump must be the old one or (when the kill came after
its rename) the complete new one; `datapackage/` must be byte-for-byte the old or the new
package, never a mixture, never missing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, kill_inside_commit, output_options, synthetic_journals

from build_data.pipeline import build
from build_data.store import settle_for_reading
from build_data.tables import CATALOGUE
from build_data.tempfiles import recover

pytestmark = pytest.mark.slow

DELAYS = [0.5, 1.5, 3.0]
TRIGGERS = [".osce.db.", ".datapackage."]  # kill as soon as such a temporary appears
# a patch changes osce.db in place: its rollback journal appears instead of a temporary copy
PATCH_TRIGGERS = ["osce.db-journal", ".datapackage."]
PATCH_DELAYS = [0.4, 0.5, 0.6, 0.7]  # an incremental build of 200 journals takes about 0.8 s here


def dump(db: Path) -> str:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return "\n".join(conn.iterdump())


def package(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


def start(
    inputs: Path, out: Path, cwd: Path | None = None, quiet: bool = True, **env
) -> subprocess.Popen:
    """The build of `inputs` into `out` (paths relative to `cwd` when given) in a process
    of its own session (its output read when not `quiet`), `env` added to its
    environment."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "build_data",
            "build",
            str(inputs),
            *output_options(out),
            *(["-q"] if quiet else []),
        ],
        cwd=cwd,
        stdout=subprocess.DEVNULL if quiet else subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        text=True,
        start_new_session=True,  # its worker processes in its group, for kill_at to end
    )


def kill_at(proc: subprocess.Popen, out: Path, delay: float | None, trigger: str | None) -> str:
    """Kill proc after delay seconds or when a file starting with trigger appears in out;
    say when it was killed (or that it finished first)."""
    t0 = time.monotonic()
    while proc.poll() is None:
        elapsed = time.monotonic() - t0
        if (delay is not None and elapsed >= delay) or (
            trigger and any(p.name.startswith(trigger) for p in out.iterdir())
        ):
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            # The crash is the main process's; its orphaned workers (idle, holding no output)
            # would otherwise outlive the test run.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            return f"killed at {elapsed:.2f} s"
        time.sleep(0.002)
        if elapsed > 120:
            proc.kill()
            raise AssertionError("the build did not finish within 120 s")
    return "finished"


@pytest.fixture(scope="module")
def synth_200(tmp_path_factory) -> Path:
    return synthetic_journals(tmp_path_factory.mktemp("synth200"), 200)


@pytest.fixture(scope="module")
def new_outputs(synth_200, tmp_path_factory) -> tuple[str, dict[str, str]]:
    """What a complete build of the 200 journals writes (for outputs swapped in before a kill)."""
    out = tmp_path_factory.mktemp("new")
    build([synth_200], out / "osce.db", out / "datapackage", out / "metadata.yml")
    return dump(out / "osce.db"), package(out / "datapackage")


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory) -> tuple[Path, str, dict[str, str]]:
    """A build of the bundled journal (database, cache, package, metadata), its dump and
    package hashes: built once, copied for each test."""
    out = tmp_path_factory.mktemp("bundled") / "site"
    build([ROOT / "sources"], out / "osce.db", out / "datapackage", out / "metadata.yml")
    return out, dump(out / "osce.db"), package(out / "datapackage")


@pytest.fixture
def previous(bundled_site, tmp_path) -> tuple[Path, str, dict[str, str]]:
    """The previous outputs a test's build runs over: a copy of the bundled journal's build."""
    built, old_dump, old_package = bundled_site
    out = tmp_path / "site"
    shutil.copytree(built, out, copy_function=shutil.copy2)
    assert dump(out / "osce.db") == old_dump and package(out / "datapackage") == old_package
    return out, old_dump, old_package


@pytest.mark.parametrize(
    "delay,trigger",
    [(d, None) for d in DELAYS] + [(None, t) for t in TRIGGERS],
    ids=[f"after-{d}s" for d in DELAYS] + [f"on-{t.strip('.')}-tmp" for t in TRIGGERS],
)
def test_sigkill_leaves_previous_outputs_whole(delay, trigger, synth_200, new_outputs, previous):
    """Killed at any moment, the build leaves each output old or new, whole and valid."""
    out, old_dump, old_package = previous
    proc = start(synth_200, out)
    when = kill_at(proc, out, delay, trigger)
    db_now, pkg_now = dump(out / "osce.db"), package(out / "datapackage")
    new_dump, new_package = new_outputs
    assert db_now in (old_dump, new_dump), (
        f"{when}: osce.db is neither the old nor the new database"
    )
    assert pkg_now in (old_package, new_package), (
        f"{when}: datapackage/ is neither the old nor the new package"
    )
    if db_now == old_dump:  # the package is swapped after the database, never before
        assert pkg_now == old_package, when
    print(
        f"{delay or trigger}: {when}; osce.db {'old' if db_now == old_dump else 'new'}, "
        f"datapackage/ {'old' if pkg_now == old_package else 'new'}"
    )
    if when == "finished":
        assert (db_now, pkg_now) == (new_dump, new_package)


def test_leftovers_do_not_break_the_next_build(synth_200, new_outputs, previous):
    """After several killed builds, the next build succeeds, writes the complete new outputs
    and removes the temporaries the killed builds left behind."""
    out, old_dump, old_package = previous
    for trigger in TRIGGERS * 2:
        kill_at(start(synth_200, out), out, None, trigger)
    proc = start(synth_200, out)
    assert proc.wait(timeout=120) == 0
    assert (dump(out / "osce.db"), package(out / "datapackage")) == new_outputs
    # osce.db.cache is the incremental-build cache (a SQLite file, safe to delete), osce.db.lock the
    # build lock
    assert sorted(p.name for p in out.iterdir()) == [
        "datapackage",
        "metadata.yml",
        "osce.db",
        "osce.db.cache",
        "osce.db.lock",
    ]


def test_package_moved_aside_is_put_back(tmp_path):
    """A build killed between the package's two renames left datapackage/ aside as
    .datapackage.PID.old; the next build's recovery puts it back before anything else."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    aside = tmp_path / f".datapackage.{dead.pid}.old"
    aside.mkdir()
    (aside / "datapackage.json").write_text("{}")
    stale_tmp = tmp_path / f".datapackage.{dead.pid}.tmp"
    stale_tmp.mkdir()
    live_tmp = tmp_path / f".datapackage.{os.getpid()}.tmp"
    live_tmp.mkdir()
    recover(tmp_path / "datapackage")
    assert (tmp_path / "datapackage" / "datapackage.json").read_text() == "{}"
    assert not aside.exists() and not stale_tmp.exists()
    assert live_tmp.exists(), "a temporary of a running build is left alone"


# ------------------------------------------------------------------ killed while patching


def rows(db: Path) -> list:
    """The schema and every catalogue table's rows in primary-key order: what a patched
    database shares with one built from scratch (its pages, rowids and full-text index
    internals differ)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        out = [
            conn.execute(
                "select type, name, sql from sqlite_master where "
                "name not like 'sqlite_stat%' order by name"
            ).fetchall()
        ]
        for t in CATALOGUE:
            out.append(
                conn.execute(
                    f"select * from [{t.name}] order by {', '.join(t.primary_key)}"
                ).fetchall()
            )
    return out


def build_in(site: Path):
    """Build site/src into site/, with relative paths (the cache keys hold the paths given,
    so a copied site is still the same build); returns the build's report."""
    cwd = os.getcwd()
    os.chdir(site)
    try:
        return build([Path("src")], Path("osce.db"), Path("datapackage"), Path("metadata.yml"))
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def site_200(synth_200, tmp_path_factory) -> Path:
    """The 200 journals in site/src and their complete build in site/ (database, package,
    cache), to be copied by each test."""
    site = tmp_path_factory.mktemp("site200")
    shutil.copytree(synth_200, site / "src")
    build_in(site)
    return site


def edit(src: Path) -> None:
    victim = sorted(src.iterdir())[100]
    victim.write_text(
        victim.read_text(encoding="utf-8").replace("Chairperson", "Chairman", 1)
        + "A new closing line.\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def edited_outputs(site_200, tmp_path_factory) -> tuple[list, dict[str, str]]:
    """What a build from scratch of the 200 journals with one of them edited writes."""
    site = tmp_path_factory.mktemp("edited")
    shutil.copytree(site_200 / "src", site / "src")
    edit(site / "src")
    build_in(site)
    return rows(site / "osce.db"), package(site / "datapackage")


@pytest.mark.parametrize(
    "delay,trigger",
    [(None, t) for t in PATCH_TRIGGERS] + [(d, None) for d in PATCH_DELAYS],
    ids=[f"on-{t.strip('.')}" for t in PATCH_TRIGGERS] + [f"after-{d}s" for d in PATCH_DELAYS],
)
def test_sigkill_while_patching_leaves_outputs_whole_and_the_next_build_right(
    delay, trigger, site_200, edited_outputs, tmp_path
):
    """An incremental build (one journal of 200 edited: the previous outputs are patched)
    killed at any moment leaves each output old or new, and the build after it gives the
    outputs of a build from scratch."""
    site = tmp_path / "site"
    shutil.copytree(
        site_200, site, copy_function=shutil.copy2
    )  # times kept: still the last build's outputs
    old_rows, old_package = rows(site / "osce.db"), package(site / "datapackage")
    edit(site / "src")
    proc = patch_build(site, quiet=False)
    when = kill_at(proc, site, delay, trigger)
    if when == "finished":
        assert "Patched the previous outputs" in proc.stdout.read()
    # Killed inside its commit, the patch leaves a hot journal that a read-only connection
    # cannot roll back; every reader of ours (build, serve, diff, release) rolls it back first.
    settle_for_reading(site / "osce.db")
    db_now, pkg_now = rows(site / "osce.db"), package(site / "datapackage")
    new_rows, new_package = edited_outputs
    assert db_now in (old_rows, new_rows), (
        f"{when}: osce.db is neither the old nor the new database"
    )
    assert pkg_now in (old_package, new_package), (
        f"{when}: datapackage/ is neither the old nor the new package"
    )
    if db_now == old_rows:
        assert pkg_now == old_package, when
    build_in(site)
    assert (rows(site / "osce.db"), package(site / "datapackage")) == (new_rows, new_package), when
    assert not [p.name for p in site.iterdir() if p.name.startswith(".")], when
    print(f"{delay or trigger}: {when}")


# Each named moment of a patch (build_data/crash_points.py): what a reader finds after a
# SIGKILL there (database, package), and whether the next build can patch again or must
# write everything (the database no longer matches the manifest).
AT_POINTS = {
    "rows-written": ("old", "old", True),
    "package-staged": ("old", "old", True),
    "database-committed": ("new", "old", False),
    "package-swapped": ("new", "new", False),
}


def patch_build(site: Path, quiet: bool = True, **env) -> subprocess.Popen:
    """The build of site/src into site/, run in site/ (relative paths, as build_in)."""
    return start(Path("src"), Path(), cwd=site, quiet=quiet, **env)


@pytest.mark.parametrize("point", list(AT_POINTS))
def test_sigkill_at_each_step_of_a_patch(point, site_200, edited_outputs, tmp_path):
    """An incremental build killed at each step of its patch: the database and the package
    are each the old or the new one as the commit point orders them (the package is never
    newer than the database), readable by a read-only reader at once; the next build gives
    the outputs of a build from scratch, by a patch when the kill came before the
    database's commit, else by writing everything; no journal or temporary is left."""
    site = tmp_path / "site"
    shutil.copytree(site_200, site, copy_function=shutil.copy2)
    old_rows, old_package = rows(site / "osce.db"), package(site / "datapackage")
    edit(site / "src")
    proc = patch_build(site, OSCE_DATA_KILL_AT=point)
    assert proc.wait(timeout=120) == -signal.SIGKILL
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    new_rows, new_package = edited_outputs
    state = {"old": (old_rows, old_package), "new": (new_rows, new_package)}
    db_state, pkg_state, patches_again = AT_POINTS[point]
    assert rows(site / "osce.db") == state[db_state][0]
    assert package(site / "datapackage") == state[pkg_state][1]
    report = build_in(site)
    assert (report.patched, rows(site / "osce.db"), package(site / "datapackage")) == (
        patches_again,
        new_rows,
        new_package,
    )
    assert sorted(p.name for p in site.iterdir()) == [
        "datapackage",
        "metadata.yml",
        "osce.db",
        "osce.db.cache",
        "osce.db.lock",
        "src",
    ]


def test_hot_journal_is_rolled_back_before_anything_reads(site_200, edited_outputs, tmp_path):
    """A writer killed while its changes were half in the database file (as a patch
    killed inside its commit) leaves a hot journal: a read-only reader then fails and an
    immutable one (as the site opens the database) reads a mixture. The next build rolls
    it back before reading, finds the database it recorded and patches it: the outputs of
    a build from scratch, no journal left. The serve command's server() rolls it back too
    (without removing a journal it did not find hot)."""
    from build_data.site_command import server
    from build_data.store import journal_path

    site = tmp_path / "site"
    shutil.copytree(site_200, site, copy_function=shutil.copy2)
    old_rows = rows(site / "osce.db")
    served = tmp_path / "served"
    shutil.copytree(site_200, served, copy_function=shutil.copy2)
    for db in (site / "osce.db", served / "osce.db"):
        kill_inside_commit(db)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        rows(site / "osce.db")
    with sqlite3.connect(f"file:{site / 'osce.db'}?immutable=1", uri=True) as conn:
        mixed = conn.execute("SELECT count(*) FROM source_lines").fetchone()[0]
    assert mixed != len(old_rows[1 + [t.name for t in CATALOGUE].index("source_lines")])

    edit(site / "src")
    report = build_in(site)
    new_rows, new_package = edited_outputs
    assert (report.patched, rows(site / "osce.db"), package(site / "datapackage")) == (
        True,
        new_rows,
        new_package,
    )
    assert not journal_path(site / "osce.db").exists()

    server(served / "osce.db", host="127.0.0.1", port=8001, workers=1, secret="s", root=ROOT)
    assert not journal_path(served / "osce.db").exists()
    assert rows(served / "osce.db") == old_rows


# ------------------------------------------------------------------ Ctrl-C and SIGTERM

# (signal, when, trigger or None, patch build). With no trigger, `when` is a share of the
# time the same build takes when not interrupted (measured here, so that a faster machine or
# faster code still interrupts it); with one, seconds after the trigger file appears.
MOMENTS = [
    (signal.SIGINT, 0.25, None, False),
    (signal.SIGTERM, 0.5, None, False),
    (signal.SIGINT, 0.75, None, False),
    (signal.SIGTERM, 0.0, ".osce.db.", False),
    (signal.SIGINT, 0.3, ".osce.db.", False),
    (signal.SIGTERM, 0.0, ".datapackage.", False),
    (signal.SIGINT, 0.05, ".datapackage.", False),
    (signal.SIGINT, 0.5, None, True),
    (signal.SIGTERM, 0.0, "osce.db-journal", True),
    (signal.SIGINT, 0.0, ".datapackage.", True),
]


def stamp(path: Path) -> tuple:
    st = path.stat()
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def expected_line(changed: dict[str, bool]) -> str:
    """The one line a build interrupted after replacing the outputs marked True prints."""

    def said(names: list[str], one: str, many: str, what: str) -> str:
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"{joined} {one if len(names) == 1 else many} {what}"

    replaced = [n for n, c in changed.items() if c]
    kept = [n for n, c in changed.items() if not c]
    if not replaced:
        return "Interrupted; the previous outputs are unchanged."
    return (
        "Interrupted; "
        + "; ".join(
            [said(replaced, "was", "were", "replaced")]
            + ([said(kept, "is", "are", "unchanged")] if kept else [])
        )
        + "."
    )


def signal_site(site: Path, patching: bool, synth_200: Path, site_200: Path) -> str:
    """The previous outputs at `site` that the signalled build runs over; returns its inputs."""
    if patching:
        shutil.copytree(site_200, site, copy_function=shutil.copy2)
        edit(site / "src")
        return "src"
    site.mkdir()
    build([ROOT / "sources"], site / "osce.db", site / "datapackage", site / "metadata.yml")
    return str(synth_200)


def signalled_build(site: Path, inputs: str) -> subprocess.Popen:
    """The build a test signals: two workers, its own process group, stderr read."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "build_data",
            "build",
            inputs,
            "--db",
            "osce.db",
            "--package-dir",
            "datapackage",
            "--metadata",
            "metadata.yml",
            "-q",
            "-j",
            "2",
        ],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        text=True,
        start_new_session=True,
    )


@pytest.fixture(scope="module")
def uninterrupted_seconds(synth_200, site_200, tmp_path_factory) -> dict[bool, float]:
    """How long the signalled builds take when let run (by patching or not)."""
    took = {}
    for patching in (False, True):
        site = tmp_path_factory.mktemp("timed") / "site"
        inputs = signal_site(site, patching, synth_200, site_200)
        t0 = time.monotonic()
        proc = signalled_build(site, inputs)
        assert proc.communicate(timeout=120)[1] == "" and proc.returncode == 0
        took[patching] = time.monotonic() - t0
    return took


@pytest.mark.parametrize(
    "signum,when,trigger,patching",
    MOMENTS,
    ids=[
        f"{signal.Signals(s).name}-{'patch-' if p else ''}"
        + (f"{t.strip('.')}+{w}s" if t else f"at-{w:.0%}")
        for s, w, t, p in MOMENTS
    ],
)
def test_signal_ends_the_build_at_once_with_one_true_line(
    signum,
    when,
    trigger,
    patching,
    synth_200,
    new_outputs,
    site_200,
    edited_outputs,
    uninterrupted_seconds,
    tmp_path,
):
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) or SIGTERM (to
    the main process) at any moment of a full or incremental build with worker
    processes: the build ends within 2 s with exit 130 or 143 and one line on stderr that
    says truly which outputs changed, no traceback from any process, no worker left, no
    temporary file left; each output is old or new, whole. Ctrl-C is pressed twice.
    (main: still running after 120 s, with worker tracebacks; a second Ctrl-C exited 1
    with more tracebacks; SIGTERM left .osce.db.PID.tmp behind.)"""
    new = edited_outputs if patching else (None, new_outputs[1])
    after = when if trigger else when * uninterrupted_seconds[patching]
    # A run faster than the one timed can end before the moment, or be ending when the
    # signal comes (its handlers gone, the process killed by it with nothing to say, the
    # new outputs all in place): then again, with the moment earlier.
    for attempt in range(3):
        site = tmp_path / f"site{attempt}"
        inputs = signal_site(site, patching, synth_200, site_200)
        old_rows, old_package, old_meta = (
            rows(site / "osce.db"),
            package(site / "datapackage"),
            stamp(site / "metadata.yml"),
        )
        proc = signalled_build(site, inputs)
        t0, seen = time.monotonic(), None
        while proc.poll() is None:
            now = time.monotonic()
            if seen is None and (
                trigger is None or any(p.name.startswith(trigger) for p in site.iterdir())
            ):
                seen = now
            if seen is not None and now - seen >= after:
                break
            assert now - t0 < 120, "the build did not reach the moment within 120 s"
            time.sleep(0.002)
        if proc.poll() is not None:
            proc.communicate()
            after /= 2
            continue
        sent = time.monotonic()
        if signum == signal.SIGINT:
            os.killpg(proc.pid, signum)
            time.sleep(0.05)
            try:
                os.killpg(
                    proc.pid, signum
                )  # a second Ctrl-C changes nothing (main: exit 1, more tracebacks)
            except ProcessLookupError:
                pass
        else:
            proc.send_signal(signum)
        stderr = proc.communicate(timeout=30)[1]
        took = time.monotonic() - sent
        if not (
            proc.returncode == -signum
            and stderr == ""
            and package(site / "datapackage") == new[1]
            and not [p.name for p in site.iterdir() if p.name.startswith(".")]
        ):
            break
        after /= 2
    else:
        pytest.fail("the build finished before the moment, three times")
    assert proc.returncode == 128 + signum, stderr
    assert took < 2.0, f"ended {took:.2f} s after the signal"
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # no worker process left
    db_now, pkg_now = rows(site / "osce.db"), package(site / "datapackage")
    new_rows, new_package = new
    db_new = db_now != old_rows
    assert not db_new or new_rows is None or db_now == new_rows, (
        "osce.db is neither the old nor the new database"
    )
    assert pkg_now in (old_package, new_package), (
        "datapackage/ is neither the old nor the new package"
    )
    changed = {
        "osce.db": db_new,
        "datapackage/": pkg_now != old_package,
        "metadata.yml": stamp(site / "metadata.yml") != old_meta,
    }
    if any(changed.values()):
        assert stderr == expected_line(changed) + "\n"
    else:  # the second line is printed when the signal comes while the command is still loading
        assert stderr in (
            "Interrupted; the previous outputs are unchanged.\n",
            "Interrupted; nothing was changed.\n",
        )
    assert not [p.name for p in site.iterdir() if p.name.startswith(".")], "temporaries left"
    print(f"{took:.2f} s: {stderr.strip()}")


# ------------------------------------------------------------------ a full disk


@pytest.fixture
def small_disk(tmp_path):
    """A function mounting a tmpfs of the given size (MB) on a fresh folder (needs root,
    as .ci/run runs; skipped where mounting is not allowed)."""
    mounts = []

    def mount(megabytes: int) -> Path:
        where = tmp_path / f"disk{len(mounts)}"
        where.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(where)],
            capture_output=True,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        mounts.append(where)
        return where

    yield mount
    for where in mounts:
        subprocess.run(["umount", "--lazy", str(where)], check=True)


@pytest.mark.parametrize(
    "megabytes,expected",
    [
        (
            16,
            "Error: The disk is full while writing osce.db or its cache; the previous outputs are "
            "unchanged. Free some space, then build again.\n",
        ),
        (
            30,
            "Error: The disk is full while writing datapackage/; the previous outputs are "
            "unchanged. Free some space, then build again.\n",
        ),
    ],
    ids=["database-does-not-fit", "package-does-not-fit"],
)
def test_full_disk_message_says_what_changed(megabytes, expected, synth_200, small_disk):
    """The 200 journals built over a small build on a disk too small for them (the
    database of 17 MB, or the package of 9 MB written beside it, does not fit): one
    sentence that says the disk is full and which outputs were replaced (none: the package
    is complete before the database is put in place; SQLite's "database or disk is full"
    was once an internal error), exit 1, no temporary left, each output whole."""
    site = small_disk(megabytes)
    build([ROOT / "sources"], site / "osce.db", site / "datapackage", site / "metadata.yml")
    old_dump, old_package = dump(site / "osce.db"), package(site / "datapackage")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "build_data",
            "build",
            str(synth_200),
            "--db",
            "osce.db",
            "--package-dir",
            "datapackage",
            "--metadata",
            "metadata.yml",
            "-q",
            "-j",
            "2",
        ],
        cwd=site,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert (proc.returncode, proc.stderr) == (1, expected)
    assert package(site / "datapackage") == old_package
    assert dump(site / "osce.db") == old_dump
    assert not [p.name for p in site.iterdir() if p.name.startswith(".")], "temporaries left"


def test_a_signal_while_the_new_database_is_opened_leaves_no_temporary(
    synth_200, tmp_path, monkeypatch
):
    """SIGTERM just after the new database's file is made, while the store that fills it
    is still being set up (CI once saw .osce.db.PID.tmp left at that moment): the build is
    interrupted and removes the file."""
    import build_data.full_write as full_write
    from build_data import interrupt

    real = full_write.Assembler

    def signalled(*args, **kwargs):
        monkeypatch.setattr(full_write, "Assembler", real)  # once
        os.kill(os.getpid(), signal.SIGTERM)
        return real(*args, **kwargs)

    monkeypatch.setattr(full_write, "Assembler", signalled)
    out = tmp_path / "out"
    handlers = {s: signal.getsignal(s) for s in interrupt.SIGNALS}
    try:
        with pytest.raises(interrupt.Interrupted), interrupt.handled():
            build([synth_200], out / "osce.db", out / "datapackage", out / "metadata.yml", jobs=1)
    finally:
        # The process would end here; the test run goes on: the handlers handled() leaves
        # (it ignores a further signal) are put back and the signal received forgotten
        # (else every later statement in this process is cut short).
        for s, handler in handlers.items():
            signal.signal(s, handler)
        interrupt.received, interrupt._pending = None, False
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
