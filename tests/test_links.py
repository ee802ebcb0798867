"""Symbolic links among the sources (issue 13): followed only to a file inside the source
folder given, or when named on the command line; any other link, a dangling one and a
loop get a `sources` row (doc_kind unreadable) and an error issue saying what happened,
and none of their text is stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner
from conftest import BUNDLED

from build_data.cli import main

SECRET = "root:x:0:0:secret-line-that-must-not-be-published"


def run(tmp_path: Path, *inputs: Path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "build",
            *map(str, inputs),
            "--db",
            str(out / "osce.db"),
            "--package-dir",
            str(out / "pkg"),
            "--metadata",
            str(out / "m.yml"),
            "-q",
        ],
    )
    assert "Traceback" not in result.output
    return result, out


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_links_out_of_the_folder_dangling_and_looping_are_listed_not_read(tmp_path):
    """A link to a file outside the folder (like src/passwd.txt -> /etc/passwd), to a
    folder outside, a dangling link and a loop: each one sources row, unreadable, with
    its issue and its sentence on stderr; nothing of the outside file is stored (main
    published every line of it and said nothing was read)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text(
        SECRET + "\n" + BUNDLED.read_text(encoding="utf-8"), encoding="utf-8"
    )
    src = tmp_path / "src"
    src.mkdir()
    (src / "pc-journal-976.txt").write_bytes(BUNDLED.read_bytes())
    (src / "passwd.txt").symlink_to(outside / "passwd")
    (src / "elsewhere").symlink_to(outside)
    (src / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (src / "loop.txt").symlink_to(src / "loop.txt")
    result, out = run(tmp_path, src)
    assert result.exit_code == 0, result.output
    expected = [
        f"{src / 'elsewhere'}: a symbolic link to {outside}, outside the source folder {src}; it "
        "was not followed and nothing was read from it (name it on the command line to build it).",
        f"{src / 'gone.txt'}: a symbolic link to {tmp_path / 'nowhere.txt'}, which does not "
        "exist; nothing was read from it.",
        f"{src / 'loop.txt'}: a symbolic link that loops back on itself; nothing was read from it.",
        f"{src / 'passwd.txt'}: a symbolic link to {outside / 'passwd'}, "
        f"outside the source folder {src}; it was not followed and nothing "
        "was read from it (name it on the command line to build it).",
    ]
    assert result.stderr.splitlines() == expected
    db = out / "osce.db"
    assert rows(
        db,
        "select s.filename, s.doc_kind, s.bytes, s.line_count, i.level, i.code, i.message from "
        "sources s join parse_issues i on i.source_id = s.id order by s.filename",
    ) == [
        ("elsewhere", "unreadable", 0, 0, "error", "link-outside-sources", expected[0]),
        ("gone.txt", "unreadable", 0, 0, "error", "dangling-link", expected[1]),
        ("loop.txt", "unreadable", 0, 0, "error", "link-loop", expected[2]),
        ("passwd.txt", "unreadable", 0, 0, "error", "link-outside-sources", expected[3]),
    ]
    assert rows(db, "select count(*) from source_lines where text like '%secret-line%'") == [(0,)]
    assert SECRET not in (out / "pkg" / "source_lines.csv").read_text(encoding="utf-8")
    assert rows(db, "select count(distinct source_id) from source_lines") == [(1,)]


def test_links_inside_the_folder_and_named_links_are_followed(tmp_path):
    """A link to a file inside the folder is read (a copy of that journal), a link named
    on the command line is read wherever it leads (the first of the three copies in path
    order is built, the others marked duplicate_of)."""
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "pc-journal-976.txt").write_bytes(BUNDLED.read_bytes())
    (src / "again.txt").symlink_to(src / "sub" / "pc-journal-976.txt")
    named = tmp_path / "named.txt"
    named.symlink_to(BUNDLED)
    result, out = run(tmp_path, src, named)
    assert result.exit_code == 0, result.output
    assert rows(
        out / "osce.db",
        "select filename, doc_kind, duplicate_of is not null from sources order by filename",
    ) == [
        ("again.txt", "journal", 1),
        ("named.txt", "journal", 0),
        ("pc-journal-976.txt", "journal", 1),
    ]
