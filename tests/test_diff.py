"""osce-data diff: rows added, removed and changed by primary key, schema changes, and the
smallest version bump, on small databases (one rule each), on real edits of the shared
journals, and between a database and its own data package."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUNDLED

from build_data.cli import main
from build_data.diff import diff
from build_data.pipeline import build

BASE = {
    "meetings": (
        "CREATE TABLE meetings (id TEXT PRIMARY KEY, body TEXT, meeting_number INTEGER)",
        [("pc-1", "PC", 1), ("pc-2", "PC", 2)],
    ),
}


def make_db(path: Path, tables: dict[str, tuple[str, list[tuple]]]) -> Path:
    with sqlite3.connect(path) as conn:
        for ddl, rows in tables.values():
            conn.execute(ddl)
            if rows:
                conn.executemany(
                    f"INSERT INTO [{ddl.split()[2]}] VALUES ({', '.join('?' * len(rows[0]))})", rows
                )
    conn.close()
    return path


def compare(tmp_path: Path, new_tables: dict) -> dict:
    """The diff of BASE against new_tables, without the two paths."""
    old = make_db(tmp_path / "old.db", BASE)
    new = make_db(tmp_path / "new.db", new_tables)
    out = diff(old, new).to_dict()
    del out["old"], out["new"]
    return out


def test_identical_databases_need_no_bump(tmp_path):
    """The same rows and schema: nothing to report, bump none."""
    assert compare(tmp_path, BASE) == {"tables": {}, "schema": [], "bump": "none"}


def test_a_corrected_value_is_a_patch(tmp_path):
    """Only a value changed in an existing row: PATCH, with the old and new value."""
    new = {"meetings": (BASE["meetings"][0], [("pc-1", "PC", 1), ("pc-2", "FSC", 2)])}
    assert compare(tmp_path, new) == {
        "tables": {
            "meetings": {
                "added": 0,
                "removed": 0,
                "changed": 1,
                "columns": {"body": 1},
                "rows": [
                    {
                        "change": "changed",
                        "key": {"id": "pc-2"},
                        "columns": {"body": {"old": "PC", "new": "FSC"}},
                    },
                ],
            }
        },
        "schema": [],
        "bump": "patch",
    }


def test_rows_added_are_minor(tmp_path):
    """A new row: MINOR."""
    new = {
        "meetings": (BASE["meetings"][0], [("pc-1", "PC", 1), ("pc-2", "PC", 2), ("pc-3", "PC", 3)])
    }
    assert compare(tmp_path, new) == {
        "tables": {
            "meetings": {
                "added": 1,
                "removed": 0,
                "changed": 0,
                "columns": {},
                "rows": [{"change": "added", "key": {"id": "pc-3"}}],
            }
        },
        "schema": [],
        "bump": "minor",
    }


def test_rows_removed_are_minor(tmp_path):
    """A row gone (e.g. a journal withdrawn): MINOR, more than a correction of values."""
    new = {"meetings": (BASE["meetings"][0], [("pc-2", "PC", 2)])}
    assert compare(tmp_path, new) == {
        "tables": {
            "meetings": {
                "added": 0,
                "removed": 1,
                "changed": 0,
                "columns": {},
                "rows": [{"change": "removed", "key": {"id": "pc-1"}}],
            }
        },
        "schema": [],
        "bump": "minor",
    }


def test_a_table_added_is_minor(tmp_path):
    """A new table: MINOR (its rows are part of the new table, not row changes)."""
    new = dict(BASE, notes=("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)", [(1, "x")]))
    assert compare(tmp_path, new) == {
        "tables": {},
        "schema": [{"change": "table-added", "table": "notes"}],
        "bump": "minor",
    }


def test_a_column_added_is_minor(tmp_path):
    """A new column: MINOR; the rows' common columns are unchanged."""
    new = {
        "meetings": (
            "CREATE TABLE meetings (id TEXT PRIMARY KEY, "
            "body TEXT, meeting_number INTEGER, kind TEXT)",
            [("pc-1", "PC", 1, "regular"), ("pc-2", "PC", 2, None)],
        )
    }
    assert compare(tmp_path, new) == {
        "tables": {},
        "schema": [
            {"change": "column-added", "table": "meetings", "column": "kind", "new": "TEXT"}
        ],
        "bump": "minor",
    }


def test_a_column_removed_is_major(tmp_path):
    """A column gone: MAJOR."""
    new = {
        "meetings": (
            "CREATE TABLE meetings (id TEXT PRIMARY KEY, body TEXT)",
            [("pc-1", "PC"), ("pc-2", "PC")],
        )
    }
    assert compare(tmp_path, new) == {
        "tables": {},
        "schema": [
            {
                "change": "column-removed",
                "table": "meetings",
                "column": "meeting_number",
                "old": "INTEGER",
            }
        ],
        "bump": "major",
    }


def test_a_column_retyped_is_major(tmp_path):
    """A column whose type changed: MAJOR (the same numbers stored as text are not
    reported as changed values: SQLite compares them with the column's affinity)."""
    new = {
        "meetings": (
            "CREATE TABLE meetings (id TEXT PRIMARY KEY, body TEXT, meeting_number TEXT)",
            [("pc-1", "PC", "1"), ("pc-2", "PC", "2")],
        )
    }
    assert compare(tmp_path, new) == {
        "tables": {},
        "schema": [
            {
                "change": "column-retyped",
                "table": "meetings",
                "column": "meeting_number",
                "old": "INTEGER",
                "new": "TEXT",
            }
        ],
        "bump": "major",
    }


def test_a_table_removed_is_major(tmp_path):
    """A table gone: MAJOR, whatever else was added."""
    old = make_db(
        tmp_path / "old.db",
        dict(BASE, notes=("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)", [])),
    )
    new = make_db(
        tmp_path / "new.db",
        {
            "meetings": (
                BASE["meetings"][0],
                [("pc-1", "PC", 1), ("pc-2", "PC", 2), ("pc-3", "PC", 3)],
            )
        },
    )
    out = diff(old, new).to_dict()
    assert (out["schema"], out["bump"]) == (
        [{"change": "table-removed", "table": "notes"}],
        "major",
    )


def test_unreadable_side_is_a_usage_error(tmp_path):
    """A path that is no build: one sentence on stderr, exit status 2."""
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    result = CliRunner().invoke(main, ["diff", str(text), str(text)])
    assert (result.exit_code, result.output) == (
        2,
        f"Error: {text} is neither a SQLite database, a "
        "data package folder nor a release archive.\n",
    )


def build_of(tmp_path: Path, name: str, files: list[Path]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for f in files:
        shutil.copy(f, folder / f.name)
    out = tmp_path / f"{name}-out"
    build([folder], out / "osce.db", out / "datapackage", out / "metadata.yml", jobs=1)
    return out


@pytest.fixture(scope="module")
def journal_edits(tmp_path_factory, shared_journals):
    """Two builds of shared journals: before, and after a corrected journal (pc-1233's
    chairperson), a new one (fsc-966), a removed one (pc-1305), and a corrigendum
    (fsc-947-corr1) added next to its original, which it supersedes."""
    tmp = tmp_path_factory.mktemp("edits")
    corr = (shared_journals / "fsc-947-corr1.txt").read_text(encoding="utf-8")
    original = tmp / "fsc-947.txt"
    original.write_text(
        corr.replace("FSC.JOUR/953/Corr.1", "FSC.JOUR/953").replace("Corr.1", ""), encoding="utf-8"
    )
    corrected = tmp / "pc-1233.txt"
    text = (shared_journals / "pc-1233.txt").read_text(encoding="utf-8")
    assert "Ambassador R. Boháč" in text
    corrected.write_text(
        text.replace("Ambassador R. Boháč", "Ambassador R. Boháč (corrected)"), encoding="utf-8"
    )
    before = build_of(
        tmp,
        "before",
        [BUNDLED, shared_journals / "pc-1233.txt", shared_journals / "pc-1305.txt", original],
    )
    after = build_of(
        tmp,
        "after",
        [
            BUNDLED,
            corrected,
            shared_journals / "fsc-966.txt",
            original,
            shared_journals / "fsc-947-corr1.txt",
        ],
    )
    return before, after


def test_diff_of_real_journal_edits(journal_edits):
    """The corrected journal shows as a changed value, the new journal as added meetings,
    the removed one as removed meetings, and the corrigendum as the original's sources row
    now superseded; together they need MINOR."""
    before, after = journal_edits
    d = diff(before / "osce.db", after / "osce.db", max_rows=None)
    meetings = d.tables["meetings"]
    assert {r["key"]["id"] for r in meetings.rows if r["change"] == "added"} == {"fsc-966"}
    assert {r["key"]["id"] for r in meetings.rows if r["change"] == "removed"} == {"pc-1305"}
    changed = {r["key"]["id"]: r["columns"] for r in meetings.rows if r["change"] == "changed"}
    assert changed["pc-1233"]["chairperson"]["new"] == changed["pc-1233"]["chairperson"][
        "old"
    ].replace("Ambassador R. Boháč", "Ambassador R. Boháč (corrected)")
    with sqlite3.connect(after / "osce.db") as conn:
        original_id, superseded_by = conn.execute(
            "select id, superseded_by from sources where filename like '%fsc-947.txt'"
        ).fetchone()
    assert superseded_by is not None
    sources = {r["key"]["id"]: r for r in d.tables["sources"].rows}
    assert sources[original_id]["change"] == "changed" and sources[original_id]["columns"][
        "superseded_by"
    ] == {"old": None, "new": superseded_by}
    assert d.bump == "minor"


def test_database_and_package_give_the_same_diff(journal_edits):
    """The diff of two package folders is the diff of their databases (the package is
    loaded with the types and keys of its schema)."""
    before, after = journal_edits
    from_db = diff(before / "osce.db", after / "osce.db").to_dict()
    from_package = diff(before / "datapackage", after / "datapackage").to_dict()
    for d in (from_db, from_package):
        del d["old"], d["new"]
    assert from_package == from_db


def test_json_format_shape(journal_edits):
    """--format json prints an object: tables (added, removed, changed, rows), schema, bump."""
    before, after = journal_edits
    result = CliRunner().invoke(
        main,
        [
            "diff",
            str(before / "osce.db"),
            str(after / "osce.db"),
            "--format",
            "json",
            "--max-rows",
            "1",
        ],
    )
    assert result.exit_code == 0
    out = json.loads(result.output)
    assert set(out) == {"old", "new", "tables", "schema", "bump"}
    assert out["bump"] == "minor" and out["schema"] == []
    assert out["tables"]["meetings"]["added"] == 1 and out["tables"]["meetings"]["removed"] == 1
    assert all(
        len([r for r in t["rows"] if r["change"] == kind]) <= 1
        for t in out["tables"].values()
        for kind in ("added", "removed", "changed")
    )


def test_text_and_markdown_formats(journal_edits):
    """The text and Markdown summaries end with the totals and the bump."""
    before, after = journal_edits
    for fmt, first in (("text", "Comparing "), ("markdown", "**Comparing**")):
        result = CliRunner().invoke(
            main, ["diff", str(before / "osce.db"), str(after / "osce.db"), "--format", fmt]
        )
        assert result.exit_code == 0
        assert result.output.startswith(first)
        assert result.output.rstrip().endswith(
            "Smallest version bump: minor (rows added, rows removed)."
        )


def test_a_damaged_database_is_one_sentence(tmp_path):
    """A file that starts like SQLite but is damaged: one sentence, exit status 2."""
    good = make_db(tmp_path / "good.db", BASE)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 2000)
    result = CliRunner().invoke(main, ["diff", str(good), str(bad)])
    assert result.exit_code == 2
    assert result.output.startswith(
        f"Error: Cannot compare {good} with {bad}: "
    ) and result.output.endswith("(is one of them damaged?).\n")


def test_a_table_without_key_is_compared_by_whole_rows(tmp_path):
    """Without a primary key, rows are matched whole: an edited row is one removed and
    one added (MINOR)."""
    ddl = "CREATE TABLE tags (name TEXT, n INTEGER)"
    old = make_db(tmp_path / "old.db", {"tags": (ddl, [("a", 1), ("b", 2)])})
    new = make_db(tmp_path / "new.db", {"tags": (ddl, [("a", 1), ("b", 3)])})
    out = diff(old, new).to_dict()
    assert out["tables"] == {
        "tags": {
            "added": 1,
            "removed": 1,
            "changed": 0,
            "columns": {},
            "rows": [
                {"change": "added", "key": {"name": "b", "n": 3}},
                {"change": "removed", "key": {"name": "b", "n": 2}},
            ],
        }
    }
    assert (out["schema"], out["bump"]) == ([], "minor")


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (
            {"path": "../outside.csv"},
            "resource 'sources' names the path '../outside.csv', outside the package folder",
        ),
        (
            {"path": "https://example.org/x.csv"},
            "names the path 'https://example.org/x.csv', outside the package folder",
        ),
        ({"name": 'x"] (a); --'}, None),  # a name SQL would read as code
        ({"schema": {"fields": 7}}, "cannot be read (TypeError"),
    ],
)
def test_a_hostile_package_is_one_sentence(bundled, tmp_path, edit, said):
    """diff reads a package as `osce-data validate` does: a resource outside the folder or
    on the network is refused before anything is read (diff read any file a descriptor
    named: ../outside.csv here, /etc/passwd as well), a malformed one is one sentence (a
    traceback); a name is quoted wherever SQL names it, never read as SQL."""
    (tmp_path / "outside.csv").write_text("id\nsecret-row\n", encoding="utf-8")
    package = tmp_path / "pkg"
    shutil.copytree(bundled.package, package)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0].update(edit)
    (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(package), str(bundled.db)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "secret-row" not in result.output
    if said is None:  # quoted wherever SQL names it: a table like any other
        assert result.exit_code == 0, result.output
        assert 'x"] (a); --' in result.output
        return
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {package}/datapackage.json")
    assert said in line
