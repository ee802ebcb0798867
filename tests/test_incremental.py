"""Incremental builds: a rebuild that reuses the per-source cache and patches the previous
database and package gives the same rows and the same package bytes as a build from
scratch; changed and removed files invalidate their entries; --full reads and writes
everything again."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUNDLED, ROOT, output_options
from site_server import wait_until_served

from benchmarks import synth
from build_data import cache, incremental, pipeline
from build_data.cli import main
from build_data.pipeline import build, cache_path
from build_data.site_command import free_port
from build_data.tables import CATALOGUE


def dump(db: Path) -> list:
    """Every table's rows in primary-key order, and the schema."""
    with sqlite3.connect(db) as conn:
        out = [conn.execute("select type, name, sql from sqlite_master order by name").fetchall()]
        for t in CATALOGUE:
            out.append(
                conn.execute(
                    f"select * from [{t.name}] order by {', '.join(t.primary_key)}"
                ).fetchall()
            )
    return out


def package(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


def run(src: Path, out: Path, **kw) -> pipeline.BuildReport:
    return build([src], out / "osce.db", out / "datapackage", out / "metadata.yml", **kw)


def counted(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {
            t.name: conn.execute(f"select count(*) from [{t.name}]").fetchone()[0]
            for t in CATALOGUE
        }


def fts_ok(db: Path) -> None:
    """Every full-text index passes FTS5's integrity check against its table (a row indexed
    twice or not at all fails it)."""
    with sqlite3.connect(db) as conn:
        for t in CATALOGUE:
            if t.fts:
                conn.execute(
                    f"INSERT INTO [{t.name}_fts] ([{t.name}_fts], rank) VALUES "
                    "('integrity-check', 1)"
                )


def same_output(a: Path, b: Path) -> None:
    fts_ok(a / "osce.db")
    assert dump(a / "osce.db") == dump(b / "osce.db")
    assert package(a / "datapackage") == package(b / "datapackage")
    assert (a / "metadata.yml").read_bytes() == (b / "metadata.yml").read_bytes()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """20 synthetic journals plus the bundled one."""
    src = tmp_path_factory.mktemp("corpus")
    synth.generate(20, str(src), seed=11)
    shutil.copy(BUNDLED, src)
    return src


def built_copy(corpus: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the corpus in tmp_path/src, built into tmp_path/out (database, package,
    cache): the starting point of an incremental build."""
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(corpus, src)
    run(src, out, jobs=1)
    return src, out


def scratch(src: Path, out: Path) -> Path:
    shutil.rmtree(out, ignore_errors=True)
    run(src, out, jobs=1)
    return out


def test_unchanged_rebuild_reads_everything_from_the_cache_and_gives_the_same_bytes(
    corpus, tmp_path
):
    """A second build of unchanged sources processes no file again; the database and the
    package are the same as those of the first build."""
    out = tmp_path / "out"
    first = run(corpus, out, jobs=1)
    assert first.cache_hits == 0
    before = (out / "osce.db").read_bytes(), package(out / "datapackage")
    second = run(corpus, out, jobs=1)
    assert second.cache_hits == second.files == 21
    assert ((out / "osce.db").read_bytes(), package(out / "datapackage")) == before
    assert second.counts == first.counts and second.issues == first.issues


def test_changed_file_is_read_again_and_output_equals_a_build_from_scratch(corpus, tmp_path):
    """After one file changes, only that file is processed again, and the output equals a
    build from scratch of the changed sources."""
    src, out = built_copy(corpus, tmp_path)
    victim = src / "journal-000007.txt"
    victim.write_text(
        victim.read_text(encoding="utf-8").replace("Chairperson", "Chairman", 1)
        + "A stray closing line.\n",
        encoding="utf-8",
    )
    report = run(src, out, jobs=1)
    assert report.cache_hits == report.files - 1
    assert report.patched and 1 <= report.rewritten <= 3, (
        report.patched,
        report.rewritten,
        report.full_reason,
    )
    same_output(out, scratch(src, tmp_path / "fresh"))


def test_removed_file_leaves_no_trace_and_its_cache_entry_is_dropped(corpus, tmp_path):
    """A file removed from the sources disappears from the output and from the cache."""
    src, out = built_copy(corpus, tmp_path)
    with sqlite3.connect(cache_path(out / "osce.db")) as conn:
        assert conn.execute("select count(*) from results").fetchone()[0] == 21
    (src / "journal-000003.txt").unlink()
    report = run(src, out, jobs=1)
    assert report.cache_hits == report.files == 20
    assert report.patched
    with sqlite3.connect(cache_path(out / "osce.db")) as conn:
        assert conn.execute("select count(*) from results").fetchone()[0] == 20
    same_output(out, scratch(src, tmp_path / "fresh"))


def test_code_version_is_part_of_the_key(corpus, tmp_path, monkeypatch):
    """Cached results made by other code are not reused."""
    out = tmp_path / "out"
    run(corpus, out, jobs=1)
    monkeypatch.setattr(cache, "_CODE_VERSION", "some-other-code")
    assert run(corpus, out, jobs=1).cache_hits == 0
    monkeypatch.undo()
    assert run(corpus, out, jobs=1).cache_hits == 0  # the old entries were dropped


def test_code_version_covers_the_actor_registry_and_the_code():
    """The registry (data, not code) and every module are hashed into the version."""
    names = {f.relative_to(ROOT / "build_data").as_posix() for f in cache.code_files()}
    assert {
        "data/actors.yml",
        "normalize/actors.py",
        "parse/document.py",
        "extract/text.py",
        "pipeline.py",
    } <= names


def test_full_option_reads_every_file_again(corpus, tmp_path):
    """`osce-data build --full` ignores the cache and gives the same output."""
    out = tmp_path / "out"
    run(corpus, out, jobs=1)
    before = dump(out / "osce.db"), package(out / "datapackage")
    args = [
        "build",
        str(corpus),
        *output_options(out),
        "--jobs",
        "1",
    ]
    result = CliRunner().invoke(main, args + ["--full"])
    assert result.exit_code == 0, result.output
    assert "(0 read from the cache, 21 read again;" in result.output
    assert (dump(out / "osce.db"), package(out / "datapackage")) == before
    result = CliRunner().invoke(main, args)
    assert "(21 read from the cache, 0 read again;" in result.output


def test_damaged_cache_is_rebuilt(corpus, tmp_path):
    """A cache file that is not a database is replaced, not fatal."""
    out = tmp_path / "out"
    out.mkdir()
    cache_path(out / "osce.db").write_bytes(b"not a database" * 100)
    report = run(corpus, out, jobs=1)
    assert report.cache_hits == 0 and report.counts["meetings"] > 0
    assert run(corpus, out, jobs=1).cache_hits == 21


# ------------------------------------------------------------------ patching the previous outputs


def test_unchanged_rebuild_writes_nothing(corpus, tmp_path):
    """Nothing changed: the database and every CSV are left as they are (same inode, same
    modification time)."""
    out = tmp_path / "out"
    run(corpus, out, jobs=1)
    files = [out / "osce.db", out / "metadata.yml", *sorted((out / "datapackage").iterdir())]
    before = [(f.stat().st_ino, f.stat().st_mtime_ns) for f in files]
    report = run(corpus, out, jobs=1)
    assert report.patched and report.rewritten == 0
    assert [(f.stat().st_ino, f.stat().st_mtime_ns) for f in files] == before
    expected = (out / "metadata.yml").read_bytes()
    # edited by hand, still Datasette metadata (another file at that path is refused since
    # 2417af4: test_output_safety): not what the build writes, so written again
    edited = expected.decode("utf-8").replace("title: OSCE meeting", "title: My OSCE meeting")
    assert edited != expected.decode("utf-8")
    (out / "metadata.yml").write_text(edited, encoding="utf-8")
    run(corpus, out, jobs=1)
    assert (out / "metadata.yml").read_bytes() == expected


def corrigendum_of_bundled() -> str:
    return "PC.JOUR/976/Corr.1\n" + BUNDLED.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "change", ["corrigendum", "duplicate", "rename", "edit-bundled", "remove-bundled"]
)
def test_changes_between_sources_are_patched_like_a_build_from_scratch(corpus, tmp_path, change):
    """Changes that reach other sources: a corrigendum that supersedes a built journal, a
    second copy of a file, a renamed file, the journal whose documents and speakers the
    others share edited or removed. The patched outputs equal a build from scratch."""
    src, out = built_copy(corpus, tmp_path)
    bundled = src / "pc-journal-976.txt"
    if change == "corrigendum":
        (src / "pc-journal-976-corr1.txt").write_text(corrigendum_of_bundled(), encoding="utf-8")
    elif change == "duplicate":
        shutil.copy(src / "journal-000005.txt", src / "copy-of-journal-000005.txt")
    elif change == "rename":
        os.rename(src / "journal-000009.txt", src / "renamed.txt")
    elif change == "edit-bundled":
        bundled.write_text(
            bundled.read_text(encoding="utf-8").replace("Armenia", "Armenia (Republic of Armenia)"),
            encoding="utf-8",
        )
    else:
        bundled.unlink()
    report = run(src, out, jobs=1)
    assert report.patched, report.full_reason
    same_output(out, scratch(src, tmp_path / "fresh"))
    if change == "corrigendum":
        with sqlite3.connect(out / "osce.db") as conn:
            assert (
                conn.execute(
                    "select count(*) from sources where superseded_by is not null"
                ).fetchone()[0]
                == 1
            )


def test_random_edits_over_several_builds_equal_builds_from_scratch(tmp_path):
    """Ten rounds of random changes (files edited, added, removed, copied, renamed), each
    followed by an incremental build compared with a build from scratch; the rows per table
    it reports (a patch adds its changes to the previous build's counts) are those of the
    database."""
    rng = random.Random(7)
    pool = tmp_path / "pool"
    synth.generate(30, str(pool), seed=23)
    src = tmp_path / "src"
    src.mkdir()
    names = sorted(p.name for p in pool.iterdir())
    for name in names[:16]:
        shutil.copy(pool / name, src / name)
    out = tmp_path / "out"
    run(src, out, jobs=1)
    patched = 0
    for round_ in range(10):
        present = sorted(p.name for p in src.iterdir())
        for _ in range(rng.randint(1, 3)):
            op = rng.choice(["edit", "add", "remove", "copy", "rename"])
            victim = src / rng.choice(present)
            if not victim.exists():
                continue
            if op == "edit":
                lines = victim.read_text(encoding="utf-8").splitlines(keepends=True)
                i = rng.randrange(len(lines))
                lines[i] = rng.choice(
                    [
                        "",
                        lines[i].upper(),
                        lines[i].replace("a", "o"),
                        "Some words that are not a record.\n",
                    ]
                )
                victim.write_text("".join(lines), encoding="utf-8")
            elif op == "add":
                name = rng.choice(names[16:])
                shutil.copy(pool / name, src / name)
            elif op == "remove" and len(present) > 4:
                victim.unlink()
            elif op == "copy":
                shutil.copy(victim, src / f"copy-{round_}-{victim.name}")
            elif op == "rename":
                victim.rename(src / f"r{round_}-{victim.name}")
        report = run(src, out, jobs=1)
        patched += report.patched
        same_output(out, scratch(src, tmp_path / "fresh"))
        assert report.counts == counted(out / "osce.db")
    assert patched >= 7  # most rounds change few enough sources to be patched


def test_outputs_changed_by_someone_else_are_written_again(corpus, tmp_path):
    """A CSV edited by hand is written again whole; a database that is not the one the
    last build wrote is not patched."""
    src, out = built_copy(corpus, tmp_path)
    statements = out / "datapackage" / "statements.csv"
    statements.write_text("edited\n", encoding="utf-8")
    victim = src / "journal-000011.txt"
    victim.write_text(victim.read_text(encoding="utf-8") + "One more line.\n", encoding="utf-8")
    report = run(src, out, jobs=1)
    assert report.patched
    same_output(out, scratch(src, tmp_path / "fresh"))
    shutil.copy(tmp_path / "fresh" / "osce.db", out / "osce.db")  # another build's database
    victim.write_text(victim.read_text(encoding="utf-8") + "And another.\n", encoding="utf-8")
    report = run(src, out, jobs=1)
    assert not report.patched and "not the one" in report.full_reason
    same_output(out, scratch(src, tmp_path / "fresh"))


def test_package_removed_is_written_again_while_the_database_is_patched(corpus, tmp_path):
    src, out = built_copy(corpus, tmp_path)
    shutil.rmtree(out / "datapackage")
    report = run(src, out, jobs=1)
    assert report.patched and report.rewritten == 0
    same_output(out, scratch(src, tmp_path / "fresh"))


def test_many_changed_sources_are_written_from_scratch(corpus, tmp_path):
    """When many sources changed, writing everything is faster than patching."""
    src, out = built_copy(corpus, tmp_path)
    for victim in sorted(src.glob("journal-*.txt"))[:10]:
        victim.write_text(
            victim.read_text(encoding="utf-8") + "A new last line.\n", encoding="utf-8"
        )
    report = run(src, out, jobs=1)
    assert not report.patched and "sources changed" in report.full_reason
    same_output(out, scratch(src, tmp_path / "fresh"))


def journal_with_the_bundled_decisions(meeting: int, tail: str) -> bytes:
    """The bundled journal as another meeting: its decisions 1107 and 1108 (ids pc-dec-1107
    and pc-dec-1108) collide with those of the bundled journal."""
    text = BUNDLED.read_text(encoding="utf-8").replace("976", str(meeting))
    return (text + tail).encode("utf-8")


def source_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


@pytest.mark.parametrize("owners", ["as-is", "ignored"])
def test_colliding_ids_are_patched_like_a_build_from_scratch(corpus, tmp_path, monkeypatch, owners):
    """Rows whose ids collide go to the first source in id order, as in a build from
    scratch: when a new source comes before the holder, when the holder is removed (the
    other wins again) and when a loser is edited. Sources with the same decisions also
    cite the same documents, so the change of the first source citing them already
    rewrites them; with that rule switched off ('ignored'), the rules for colliding ids
    alone must give the same result."""
    if owners == "ignored":
        monkeypatch.setattr(incremental, "owner_changes", lambda before, documents: set())
    src = tmp_path / "src"
    shutil.copytree(corpus, src)
    bundled = source_id((src / "pc-journal-976.txt").read_bytes())
    later = next(
        d
        for k in range(200)
        if source_id(d := journal_with_the_bundled_decisions(977, f"\n{k}\n")) > bundled
    )
    (src / "pc-977.txt").write_bytes(later)
    out = tmp_path / "out"
    run(src, out, jobs=1)
    with sqlite3.connect(out / "osce.db") as conn:
        assert conn.execute(
            "select source_id from decisions where id = 'pc-dec-1107'"
        ).fetchone() == (bundled,)
    earlier = next(
        d
        for k in range(200)
        if source_id(d := journal_with_the_bundled_decisions(978, f"\n{k}\n")) < bundled
    )
    (src / "pc-978.txt").write_bytes(earlier)
    steps = [
        ("a source before the holder", None),
        ("the holder removed", "pc-978.txt"),
        ("a loser edited", "pc-977.txt"),
        ("another file edited (the loser is rewritten, the holder is not)", "journal-000004.txt"),
    ]
    for what, victim in steps:
        if victim == "pc-978.txt":
            (src / victim).unlink()
        elif victim == "pc-977.txt":
            (src / victim).write_bytes(later + b"One more line.\n")
        elif victim is not None:
            (src / victim).write_text(
                (src / victim).read_text(encoding="utf-8") + "One more line.\n", encoding="utf-8"
            )
        report = run(src, out, jobs=1)
        assert report.patched, (what, report.full_reason)
        same_output(out, scratch(src, tmp_path / "fresh"))
        holders = [
            source_id((src / name).read_bytes())
            for name in ("pc-journal-976.txt", "pc-977.txt", "pc-978.txt")
            if (src / name).exists()
        ]
        with sqlite3.connect(out / "osce.db") as conn:
            assert conn.execute(
                "select source_id from decisions where id = 'pc-dec-1107'"
            ).fetchone() == (min(holders),), what
            losers = {
                sid
                for (sid,) in conn.execute(
                    "select source_id from parse_issues where code = 'duplicate-id'"
                )
            }
        assert losers == set(holders) - {min(holders)}, what


def test_unchanged_files_are_not_read_again_to_be_hashed(corpus, tmp_path, monkeypatch):
    """A file whose size and modification time are those it had when it was last hashed is
    not read again; an edited one is (and --full reads every file)."""
    monkeypatch.setattr(
        incremental, "RACY_NS", 0
    )  # the files were just copied: trust their times at once
    src = tmp_path / "src"
    shutil.copytree(corpus, src)
    an_hour_ago = __import__("time").time() - 3600
    for f in src.iterdir():
        os.utime(f, (an_hour_ago, an_hour_ago))
    out = tmp_path / "out"
    run(src, out, jobs=1)
    hashed: list[str] = []
    real = incremental.hashlib.sha256

    class Counting:  # counts the files read to be hashed (chunks fed to update)
        def __init__(self, data=b""):
            self.h = real(data)

        def update(self, data):
            hashed.append(len(data))
            self.h.update(data)

        def hexdigest(self):
            return self.h.hexdigest()

    monkeypatch.setattr(incremental.hashlib, "sha256", Counting)
    run(src, out, jobs=1)
    assert hashed == []
    victim = src / "journal-000002.txt"
    victim.write_text(victim.read_text(encoding="utf-8") + "A new line.\n", encoding="utf-8")
    report = run(src, out, jobs=1)
    assert report.files - report.cache_hits == 1 and len(hashed) >= 1
    hashed.clear()
    run(src, out, jobs=1, full=True)
    assert len(hashed) >= report.files


def test_the_remembered_hashes_are_those_of_the_files_of_the_last_build(
    corpus, tmp_path, monkeypatch
):
    """After each build (the first, an unchanged one, one with a file removed and another
    edited, and a --full one) the cache remembers exactly the files that build named, with
    their current size, times, inode and SHA-256: a removed file is forgotten, an edited
    one has its new stamp (only changed rows are written, so none may be left over)."""
    monkeypatch.setattr(incremental, "RACY_NS", 0)  # trust the times set just now
    src = tmp_path / "src"
    shutil.copytree(corpus, src)
    an_hour_ago = __import__("time").time() - 3600
    out = tmp_path / "out"

    def remembered() -> dict:
        with sqlite3.connect(cache_path(out / "osce.db")) as conn:
            return {
                os.fsdecode(p): rest
                for p, *rest in conn.execute(
                    "select path, size, mtime_ns, ctime_ns, inode, sha256 from hashes"
                )
            }

    def expected() -> dict:
        found = {}
        for f in sorted(src.iterdir()):
            st = f.stat()
            sha = hashlib.sha256(f.read_bytes()).hexdigest()
            found[str(f)] = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, sha]
        return found

    for f in src.iterdir():
        os.utime(f, (an_hour_ago, an_hour_ago))
    run(src, out, jobs=1)
    first = remembered()
    assert first == expected()
    run(src, out, jobs=1)
    assert remembered() == first
    (src / "journal-000003.txt").unlink()
    victim = src / "journal-000007.txt"
    victim.write_text(victim.read_text(encoding="utf-8") + "A new line.\n", encoding="utf-8")
    run(src, out, jobs=1)
    assert remembered() == expected() != first
    run(src, out, jobs=1, full=True)
    assert remembered() == expected()


def test_unreadable_inputs_coming_and_going_are_patched(corpus, tmp_path):
    """A pipe among the inputs (recorded as unreadable), then a file added before it, then
    the pipe removed: each rebuild equals a build from scratch."""
    src = tmp_path / "src"
    shutil.copytree(corpus, src)
    os.mkfifo(src / "m-pipe.txt")
    out = tmp_path / "out"
    run(src, out, jobs=1)
    shutil.copy(src / "journal-000001.txt", src / "a-first.txt")
    (src / "a-first.txt").write_text(
        (src / "a-first.txt").read_text(encoding="utf-8") + "Added.\n", encoding="utf-8"
    )
    report = run(src, out, jobs=1)
    assert report.patched, report.full_reason
    same_output(out, scratch(src, tmp_path / "fresh"))
    (src / "m-pipe.txt").unlink()
    report = run(src, out, jobs=1)
    assert report.patched, report.full_reason
    same_output(out, scratch(src, tmp_path / "fresh"))


def test_csv_fields_with_carriage_returns_survive_a_patch(corpus, tmp_path):
    """A file name with a carriage return (unquoted by the csv module) is written again
    byte for byte when its CSV block is patched."""
    src = tmp_path / "src"
    shutil.copytree(corpus, src)
    shutil.move(src / "pc-journal-976.txt", src / "pc\rjournal-976.txt")
    out = tmp_path / "out"
    run(src, out, jobs=1)
    victim = src / "journal-000004.txt"
    victim.write_text(victim.read_text(encoding="utf-8") + "Another line.\n", encoding="utf-8")
    report = run(src, out, jobs=1)
    assert report.patched, report.full_reason
    same_output(out, scratch(src, tmp_path / "fresh"))


def test_a_file_edited_with_its_size_and_time_restored_is_read_again(corpus, tmp_path, monkeypatch):
    """Tools such as cp -p, rsync -t or touch -r can give an edited file its old size and
    modification time; the status-change time still tells."""
    monkeypatch.setattr(
        incremental, "RACY_NS", 0
    )  # remember the hash at once (else the test proves nothing)
    src = tmp_path / "src"
    shutil.copytree(corpus, src)
    victim = src / "pc-journal-976.txt"
    long_ago = __import__("time").time() - 3600
    os.utime(victim, (long_ago, long_ago))
    out = tmp_path / "out"
    run(src, out, jobs=1)
    with sqlite3.connect(cache_path(out / "osce.db")) as conn:
        assert conn.execute(
            "select count(*) from hashes where path = ?", (os.fsencode(victim),)
        ).fetchone() == (1,)
    __import__("time").sleep(0.01)
    victim.write_text(
        victim.read_text(encoding="utf-8").replace("Armenia", "Armenio"), encoding="utf-8"
    )  # same size
    os.utime(victim, (long_ago, long_ago))
    report = run(src, out, jobs=1)
    assert report.files - report.cache_hits == 1
    same_output(out, scratch(src, tmp_path / "fresh"))


def test_a_failure_while_patching_falls_back_to_writing_everything(corpus, tmp_path, monkeypatch):
    """A bug in the patch must not stop the build or damage the outputs: everything is
    written again and a warning asks for a report."""
    src, out = built_copy(corpus, tmp_path)

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(incremental, "_rewrite_rows", broken)
    victim = src / "journal-000006.txt"
    victim.write_text(victim.read_text(encoding="utf-8") + "A new line.\n", encoding="utf-8")
    report = run(src, out, jobs=1)
    assert not report.patched and "simulated bug" in report.full_reason
    assert any("everything was written again" in w for w in report.warnings)
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    same_output(out, scratch(src, tmp_path / "fresh"))


def test_cache_of_an_older_layout_is_started_again(corpus, tmp_path):
    """A cache file written by an earlier version (another table layout) is replaced, not
    fatal: the build reads everything and the next one uses the new cache."""
    out = tmp_path / "out"
    out.mkdir()
    with sqlite3.connect(cache_path(out / "osce.db")) as conn:
        conn.execute(
            "CREATE TABLE results (key TEXT PRIMARY KEY, "
            "summary BLOB NOT NULL, payload BLOB NOT NULL)"
        )
    report = run(corpus, out, jobs=1)
    assert report.cache_hits == 0 and report.counts["meetings"] > 0
    assert run(corpus, out, jobs=1).cache_hits == 21


def test_a_patch_copies_nothing_that_did_not_change(corpus, tmp_path):
    """One journal edited: the database is changed in place (same inode), every CSV whose
    bytes did not change is the old file itself (a hard link: same inode), every other CSV
    is a new file, and datapackage.json states each CSV's true size and SHA-256; no
    journal or temporary is left."""
    from build_data.export import file_stats

    src, out = built_copy(corpus, tmp_path)
    pkg = out / "datapackage"
    before = {p.name: (p.stat().st_ino, p.read_bytes()) for p in pkg.glob("*.csv")}
    db_inode = (out / "osce.db").stat().st_ino
    victim = src / "journal-000009.txt"
    victim.write_text(victim.read_text(encoding="utf-8") + "One more line.\n", encoding="utf-8")
    report = run(src, out, jobs=1)
    assert report.patched and report.rewritten >= 1
    assert (out / "osce.db").stat().st_ino == db_inode
    after = {p.name: (p.stat().st_ino, p.read_bytes()) for p in pkg.glob("*.csv")}
    same_inode = {name: after[name][0] == ino for name, (ino, _) in before.items()}
    unchanged = {name: after[name][1] == data for name, (_, data) in before.items()}
    assert same_inode == unchanged and not all(unchanged.values()) and any(unchanged.values())
    stated = {
        r["name"]: (r["bytes"], r["hash"])
        for r in json.loads((pkg / "datapackage.json").read_bytes())["resources"]
    }
    assert stated == {t.name: file_stats(pkg / f"{t.name}.csv") for t in CATALOGUE}
    assert not [p.name for p in out.iterdir() if p.name.startswith(".") or "-journal" in p.name]
    same_output(out, scratch(src, tmp_path / "fresh"))


def test_hashes_in_an_edited_descriptor_are_not_reused(corpus, tmp_path):
    """The patch reuses the size and hash that datapackage.json states for a CSV it links
    unchanged only while that file is as the last build wrote it: a descriptor edited by
    hand gets every CSV's true size and hash again."""
    src, out = built_copy(corpus, tmp_path)
    descriptor = out / "datapackage" / "datapackage.json"
    data = json.loads(descriptor.read_bytes())
    for r in data["resources"]:
        r["hash"] = "sha256:" + "0" * 64
    descriptor.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    victim = src / "journal-000004.txt"
    victim.write_text(victim.read_text(encoding="utf-8") + "One more line.\n", encoding="utf-8")
    report = run(src, out, jobs=1)
    assert report.patched
    same_output(out, scratch(src, tmp_path / "fresh"))


def test_a_database_edited_with_its_time_restored_is_not_patched(corpus, tmp_path):
    """A database changed by another program is written again even when its size and
    modification time are restored: SQLite counts every commit in the file's header."""
    src, out = built_copy(corpus, tmp_path)
    db = out / "osce.db"
    st = db.stat()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meetings SET title = 'edited' WHERE rowid = 1")
    os.utime(db, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (db.stat().st_size, db.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    victim = src / "journal-000005.txt"
    victim.write_text(victim.read_text(encoding="utf-8") + "One more line.\n", encoding="utf-8")
    report = run(src, out, jobs=1)
    assert not report.patched and "not the one" in report.full_reason
    same_output(out, scratch(src, tmp_path / "fresh"))


def test_a_served_database_is_replaced_not_patched(corpus, tmp_path):
    """While `osce-data serve` serves osce.db (immutable: it reads pages without locks), a
    build does not change that file in place: it writes a new file that replaces it and
    says why, and the file the site holds open keeps every byte. Once the server has
    stopped, the next build patches again. Both give the outputs of a build from scratch."""
    src, out = built_copy(corpus, tmp_path)
    db, log = out / "osce.db", tmp_path / "server.log"
    port = free_port()
    command = [sys.executable, "-m", "build_data", "serve", "--db", str(db), "--port", str(port)]
    command += ["--secret-file", str(tmp_path / "secret")]
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)

    def stop():
        process.terminate()
        process.wait(20)

    try:
        wait_until_served(f"http://127.0.0.1:{port}", process, log, stop)
        with open(db, "rb") as held:
            before = held.read()
            victim = src / "journal-000007.txt"
            victim.write_text(victim.read_text(encoding="utf-8") + "A stray line.\n", "utf-8")
            report = run(src, out, jobs=1)
            held.seek(0)
            assert held.read() == before
    finally:
        stop()
    assert (report.patched, report.full_reason) == (
        False,
        f"{db} is being served: a new file replaces it, and the site shows the previous data "
        "until it is restarted",
    )
    same_output(out, scratch(src, tmp_path / "fresh"))
    victim.write_text(victim.read_text(encoding="utf-8") + "Another stray line.\n", "utf-8")
    report = run(src, out, jobs=1)
    assert report.patched and report.rewritten >= 1, report.full_reason
    same_output(out, scratch(src, tmp_path / "fresh"))
