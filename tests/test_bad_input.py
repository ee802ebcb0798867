"""Bad input: nothing lost, nothing broken.

Each case builds one bad input beside a good journal (synthetic journal 0, PC.JOUR/1)
through the real command line, and checks the rule of issue 6: one clear sentence per
problem on stderr (file, line when known, what is wrong, what to do), no traceback, the
good journal still built, every input file listed in `sources` with its `doc_kind`, and
the problem recorded in `parse_issues`.
"""

from __future__ import annotations

import csv
import io
import os
import re
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUNDLED, ROOT

from benchmarks import renderings, synth
from build_data.cli import main
from build_data.tables import TABLES

JOURNAL = BUNDLED.read_bytes()

COMPANION_MEETING = "pc-1"


def synth_journal(i: int = 0) -> str:
    return next(synth.journal_text(m) for m in synth.iter_meetings(0, i + 1) if m.i == i)


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    db: Path
    package: Path

    def q(self, sql: str, params=()) -> list[tuple]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql, params).fetchall()

    def source(self, filename: str) -> dict:
        with sqlite3.connect(self.db) as conn:
            conn.row_factory = sqlite3.Row
            rows = [
                dict(r)
                for r in conn.execute("select * from sources where filename = ?", (filename,))
            ]
        assert len(rows) == 1, f"{filename} is not listed once in sources: {rows}"
        return rows[0]

    def issues(self, filename: str) -> list[tuple[str, str, str]]:
        return self.q(
            "select i.level, i.code, i.message from parse_issues i join sources s on s.id = "
            "i.source_id where s.filename = ? order by i.id",
            (filename,),
        )

    def codes(self, filename: str) -> set[str]:
        return {c for _, c, _ in self.issues(filename)}


def cli(tmp_path: Path, *inputs, options=()) -> Run:
    """Run `osce-data build` in-process; never a traceback, whatever the input."""
    out = tmp_path / "out"
    args = [
        "build",
        *map(str, inputs),
        "--db",
        str(out / "osce.db"),
        "--package-dir",
        str(out / "pkg"),
        "--metadata",
        str(out / "m.yml"),
        *options,
    ]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    return Run(result.exit_code, result.stdout, result.stderr, out / "osce.db", out / "pkg")


def one_sentence_lines(stderr: str) -> list[str]:
    """stderr holds one line per problem, each a sentence (ends with a full stop)."""
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    for ln in lines:
        assert ln.endswith("."), f"not a sentence: {ln!r}"
        assert "\n" not in ln and len(ln) < 2000
    return lines


@pytest.fixture(scope="module")
def companion(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("companion") / "journal-000000.txt"
    path.write_text(synth_journal(0), encoding="utf-8")
    return path


# ------------------------------------------------------------------ one bad file each


@dataclass
class Case:
    id: str
    filename: str
    make: Callable[[Path], None]  # writes the bad input at the given path
    doc_kind: str
    code: str | None  # parse_issues code expected for the bad file
    stderr: str | None  # the sentence (after "path: ") expected on stderr; None: none
    level: str = "error"


def _write(data: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(data)


def _fifo(p: Path) -> None:
    os.mkfifo(p)


EMPTY = "The file is empty or holds only white space; there is nothing to build from it."
BINARY = "The file holds binary data, not text; give the journal as text, PDF or DOCX."
NOT_JOURNAL = "not recognised as an OSCE journal; nothing was read from it."
LATIN1_TEXT = (
    "Chairmanship: Österreich – Café Zürich\nThe delegation of Moldova (français) spoke.\n"
)

CASES = [
    Case("empty", "empty.txt", _write(b""), "unreadable", "empty-file", EMPTY),
    Case(
        "whitespace-only", "blank.txt", _write(b" \t\r\n\n   \n"), "unreadable", "empty-file", EMPTY
    ),
    Case(
        "random-binary",
        "random.txt",
        _write(bytes(range(256)) * 40),
        "unreadable",
        "binary-file",
        BINARY,
    ),
    Case(
        "png-named-txt",
        "picture.txt",
        _write(b"\x89PNG\r\n\x1a\n" + bytes(500)),
        "unreadable",
        "binary-file",
        BINARY,
    ),
    Case(
        "elf-binary",
        "program",
        _write(b"\x7fELF\x02\x01\x01" + bytes(200)),
        "unreadable",
        "binary-file",
        BINARY,
    ),
    Case(
        "mostly-nul",
        "zeros.txt",
        _write(b"PC.JOUR/5\n" + bytes(4000)),
        "unreadable",
        "binary-file",
        BINARY,
    ),
    Case(
        "not-a-journal",
        "recipe.txt",
        _write(b"Pancakes\nFlour, milk and eggs.\n"),
        "not_recognised",
        "not-a-journal",
        NOT_JOURNAL,
    ),
    Case(
        "one-5mb-line",
        "long-line.txt",
        _write(b"word " * 1_000_000 + b"\n"),
        "not_recognised",
        "not-a-journal",
        NOT_JOURNAL,
    ),
    Case(
        "markdown-not-journal",
        "notes.md",
        _write(b"# Notes\n\n* one\n* two\n"),
        "not_recognised",
        "not-a-journal",
        NOT_JOURNAL,
    ),
    Case(
        "latin-1-not-journal",
        "latin.txt",
        _write(LATIN1_TEXT.replace("–", "-").encode("latin-1")),
        "not_recognised",
        "decoded-with-fallback",
        "The file is not valid UTF-8 (first bad byte on line 1); it was read as cp1252: check "
        "accented names, or save it as UTF-8.",
        "warning",
    ),
    Case(
        "unsupported-png",
        "photo.png",
        _write(b"\x89PNG\r\n\x1a\n"),
        "unreadable",
        "unsupported-format",
        "Files of type '.png' are not supported; give journals as .txt, .md, .pdf or .docx.",
    ),
    Case(
        "unsupported-csv",
        "table.csv",
        _write(b"a,b\n1,2\n"),
        "unreadable",
        "unsupported-format",
        "Files of type '.csv' are not supported; give journals as .txt, .md, .pdf or .docx.",
    ),
    Case(
        "damaged-pdf",
        "broken.pdf",
        _write(b"%PDF-1.4\n1 0 obj garbage\n"),
        "unreadable",
        "damaged-pdf",
        None,
    ),
    Case(
        "damaged-docx",
        "broken.docx",
        _write(b"PK\x03\x04 not really a zip"),
        "unreadable",
        "damaged-docx",
        None,
    ),
    Case("fifo", "pipe.txt", _fifo, "unreadable", "unreadable-file", None),
    Case(
        "hostile-html",
        "hostile.txt",
        _write(b"<script>alert('x')</script>\n<img src=x onerror=alert(1)>\n"),
        "not_recognised",
        "not-a-journal",
        NOT_JOURNAL,
    ),
    Case(
        "hostile-sql",
        "sql.txt",
        _write(b"'; DROP TABLE meetings; --\nRobert'); DELETE FROM sources; --\n"),
        "not_recognised",
        "not-a-journal",
        NOT_JOURNAL,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_file_beside_a_good_journal(case: Case, companion, tmp_path):
    """The bad file gets its sentence on stderr and its issue; the good journal is built
    (exit 0), and both are listed in sources."""
    bad = tmp_path / "in" / case.filename
    bad.parent.mkdir()
    case.make(bad)
    run = cli(tmp_path, companion, bad)
    assert run.code == 0, run.stderr
    lines = one_sentence_lines(run.stderr)
    mine = [ln for ln in lines if ln.startswith(f"{bad}: ") or ln.startswith(f"warning: {bad}: ")]
    assert mine, run.stderr
    if case.stderr:
        assert any(ln.endswith(f"{bad}: {case.stderr}") for ln in mine), mine
    assert run.q("select id from meetings") == [(COMPANION_MEETING,)]
    assert run.source(companion.name)["doc_kind"] == "journal"
    assert run.source(case.filename)["doc_kind"] == case.doc_kind
    assert (case.level, case.code) in {(lv, c) for lv, c, _ in run.issues(case.filename)}
    assert "Lines accounted for by records:" in run.stdout and "(100.0%)" in run.stdout


# ------------------------------------------------- the same journal, other bytes


def _cr(data: bytes) -> bytes:
    return data.replace(b"\n", b"\r")


VARIANTS = {
    "crlf": (lambda d: d.replace(b"\n", b"\r\n"), "utf-8", None),
    "cr-only": (_cr, "utf-8", None),
    "mixed-line-endings": (
        lambda d: b"".join(
            (b"\r\n" if k % 2 else b"\n") * bool(k) + ln for k, ln in enumerate(d.split(b"\n"))
        ),
        "utf-8",
        None,
    ),
    "utf8-bom": (lambda d: b"\xef\xbb\xbf" + d, "utf-8-sig", None),
    "utf16-le-bom": (
        lambda d: d.decode().encode("utf-16-le").join([b"\xff\xfe", b""]),
        "utf-16",
        None,
    ),
    "utf16-be-bom": (lambda d: b"\xfe\xff" + d.decode().encode("utf-16-be"), "utf-16", None),
    "cp1252": (lambda d: d.decode().encode("cp1252"), "cp1252", "decoded-with-fallback"),
    "nul-bytes": (
        lambda d: d.replace(b"Chairmanship", b"Chair\x00manship", 1).replace(
            b"Closed:", b"Closed:\x00\x00"
        ),
        "utf-8",
        "control-characters",
    ),
    "trailing-spaces": (lambda d: d.replace(b"\n", b"  \t\n"), "utf-8", None),
}


def _records(run: Run) -> dict[str, str]:
    """The package with the source's id and file-level rows taken out: what was read."""
    sid = run.q("select id from sources")[0][0]
    out = {}
    for p in sorted(run.package.glob("*.csv")):
        if p.name == "sources.csv":
            continue
        text = p.read_text(encoding="utf-8").replace(sid, "SID")
        if p.name == "parse_issues.csv":
            text = "\n".join(ln for ln in text.splitlines() if not ln.endswith(",0,0"))
        if p.name == "source_lines.csv":  # the text as read keeps its trailing white space
            text = "\n".join(
                repr([*r[:-1], r[-1].rstrip(" \t")]) for r in csv.reader(io.StringIO(text))
            )
        out[p.name] = text
    return out


@pytest.fixture(scope="module")
def lf_records(tmp_path_factory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("lf")
    return _records(cli(tmp, BUNDLED))


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_same_journal_other_bytes_same_records(variant, lf_records, tmp_path):
    """Line endings, BOMs, UTF-16, cp1252 and stray NULs change the bytes, not the records:
    the package is the same as from the UTF-8/LF original; the decoding is recorded."""
    transform, encoding, code = VARIANTS[variant]
    path = tmp_path / "in" / f"{variant}.txt"
    path.parent.mkdir()
    path.write_bytes(transform(JOURNAL))
    run = cli(tmp_path, path)
    assert run.code == 0, run.stderr
    assert run.source(path.name)["encoding"] == encoding
    assert _records(run) == lf_records
    if code:
        assert code in run.codes(path.name)
        line = one_sentence_lines(run.stderr)[0]
        assert line.startswith(f"warning: {path}: ") and re.search(r"line \d+", line), line
    else:
        assert run.stderr == ""


def test_form_feeds_are_page_breaks(tmp_path):
    """A form feed starts a page (pdftotext writes one after each): the journal gives the
    same records as without them, its paragraphs carry the page they start on, and the
    build warns of nothing."""
    path = tmp_path / "in" / "paged.txt"
    path.parent.mkdir()
    paged = JOURNAL.replace(b"\n\nAgenda item", b"\n\x0c\nAgenda item")
    path.write_bytes(paged)
    run = cli(tmp_path, path)
    assert (run.code, run.stderr) == (0, "")
    assert renderings.records(paged.decode()) == renderings.records(JOURNAL.decode())
    starts = run.q(
        "select page, substr(text, 1, 13) from source_lines where "
        "text glob 'Agenda item [0-9]:*' order by line_number"
    )
    assert starts == [
        (2, "Agenda item 1"),
        (3, "Agenda item 2"),
        (4, "Agenda item 3"),
        (5, "Agenda item 4"),
    ]


def test_nul_bytes_line_is_reported(tmp_path):
    """The control-character warning names the line of the first NUL."""
    path = tmp_path / "nul.txt"
    path.write_bytes(JOURNAL.replace(b"Closed:", b"Closed:\x00", 1))
    line_no = JOURNAL[: JOURNAL.index(b"Closed:")].count(b"\n") + 1
    run = cli(tmp_path, path)
    assert run.stderr == (
        f"warning: {path}: The text contains NUL or other control characters (the first on "
        f"line {line_no}); they were removed: check the text near that line.\n"
    )


def test_latin1_bytes_outside_cp1252(tmp_path, companion):
    """Bytes that cp1252 leaves undefined (0x81) fall back to latin-1, with the warning."""
    path = tmp_path / "odd.txt"
    path.write_bytes(b"Some text \x81\x8d with undefined cp1252 bytes \xe9.\n")
    run = cli(tmp_path, companion, path)
    assert run.source("odd.txt")["encoding"] == "latin-1"
    assert "decoded-with-fallback" in run.codes("odd.txt")


def test_utf8_with_a_stray_byte_stays_utf8(tmp_path):
    """A UTF-8 journal with one stray cp1252 byte is read as UTF-8 (its accented letters
    intact), the stray byte replaced and reported with its line."""
    data = JOURNAL.replace(b"Closed:", b"Closed\x92:", 1)
    path = tmp_path / "stray.txt"
    path.write_bytes(data)
    run = cli(tmp_path, path)
    line_no = data[: data.index(b"\x92")].count(b"\n") + 1
    assert run.source("stray.txt")["encoding"] == "utf-8"
    assert run.stderr == (
        f"warning: {path}: The file is UTF-8 but 1 byte(s) are not valid UTF-8 (the first on "
        f"line {line_no}); they were replaced by U+FFFD: check the text near that line.\n"
    )
    assert run.q("select count(*) from decisions") == [(2,)]


def test_truncated_journal(tmp_path, companion):
    """The bundled journal cut in the middle (inside a UTF-8 character): read as UTF-8, the
    cut reported, what is there is built and every line is accounted for."""
    cut = JOURNAL.index("“".encode(), len(JOURNAL) // 2) + 1
    path = tmp_path / "cut.txt"
    path.write_bytes(JOURNAL[:cut])
    run = cli(tmp_path, companion, path)
    assert run.code == 0
    assert (
        run.source("cut.txt")["doc_kind"] == "journal"
        and run.source("cut.txt")["encoding"] == "utf-8"
    )
    assert "truncated-character" in run.codes("cut.txt")
    assert f"warning: {path}: The file ends in the middle of a UTF-8 character (line " in run.stderr
    assert sorted(run.q("select id from meetings")) == [("pc-1",), ("pc-976",)]
    assert "(100.0%)" in run.stdout


def test_truncated_utf16(tmp_path):
    """UTF-16 cut after an odd number of bytes is read with a warning, not a crash."""
    data = b"\xff\xfe" + JOURNAL.decode().encode("utf-16-le")
    path = tmp_path / "cut16.txt"
    path.write_bytes(data[: len(data) // 2 + 1])
    run = cli(tmp_path, path)
    assert run.code == 0 and "bad-utf16" in run.codes("cut16.txt")


# ------------------------------------------------------------- duplicates, corrigenda


def test_same_journal_twice(tmp_path, companion):
    """The same journal under two names is built once; the copy is listed with duplicate_of
    and a duplicate-file warning."""
    a, b = tmp_path / "a.txt", tmp_path / "copy of a.txt"
    a.write_bytes(JOURNAL)
    b.write_bytes(JOURNAL)
    run = cli(tmp_path, b, a, companion)
    assert run.code == 0
    first, copy = run.source("a.txt"), run.source("copy of a.txt")
    assert {first["duplicate_of"], copy["duplicate_of"]} == {
        None,
        first["id"] if copy["duplicate_of"] else copy["id"],
    }
    dup = first if first["duplicate_of"] else copy
    assert "duplicate-file" in run.codes(dup["filename"])
    assert sorted(run.q("select id from meetings")) == [("pc-1",), ("pc-976",)]
    assert run.q("select count(*) from action_items") == [(52,)]
    assert "This file has the same content as another input" in run.stderr


def test_same_journal_different_bytes(tmp_path):
    """The same journal as LF and CRLF text (different bytes) is built once: duplicate-journal."""
    a, b = tmp_path / "lf.txt", tmp_path / "crlf.txt"
    a.write_bytes(JOURNAL)
    b.write_bytes(JOURNAL.replace(b"\n", b"\r\n"))
    run = cli(tmp_path, a, b)
    kinds = dict(run.q("select filename, duplicate_of is not null from sources"))
    assert sum(kinds.values()) == 1
    dup = [f for f, d in kinds.items() if d][0]
    assert "duplicate-journal" in run.codes(dup)
    assert run.q("select count(*) from action_items") == [(52,)]


@pytest.mark.slow
def test_text_and_pdf_of_the_same_journal(tmp_path):
    """A journal given as text and as PDF is built once; the other is a duplicate-journal."""
    from fixtures_docs import clean_journal_text, make_journal_pdf, sample_text

    text = clean_journal_text(sample_text())
    (tmp_path / "j.txt").write_text(text, encoding="utf-8")
    make_journal_pdf(text, tmp_path / "j.pdf")
    run = cli(tmp_path, tmp_path / "j.pdf", tmp_path / "j.txt")
    assert run.code == 0
    rows = {
        f: (fmt, kind, dup)
        for f, fmt, kind, dup in run.q(
            "select filename, format, doc_kind, duplicate_of from sources"
        )
    }
    assert {f: (fmt, kind) for f, (fmt, kind, _) in rows.items()} == {
        "j.txt": ("text", "journal"),
        "j.pdf": ("pdf", "journal"),
    }
    assert sum(1 for *_, dup in rows.values() if dup) == 1
    assert run.q("select count(*) from meetings") == [(1,)]
    assert run.q("select count(*) from action_items") == [(52,)]


def corrigendum_of_bundled() -> bytes:
    """The bundled journal reissued as a corrigendum: its symbol PC.JOUR/976/Corr.1 printed
    on top, as the first page of a journal corrigendum does."""
    return b"PC.JOUR/976/Corr.1\n" + JOURNAL


@pytest.mark.parametrize("order", ["original-first", "corrigendum-first"])
def test_corrigendum_supersedes_original(order, tmp_path):
    """Original and corrigendum: the corrigendum is built, the original is listed with
    superseded_by and a warning, whatever the order."""
    orig, corr = tmp_path / "pc-journal-976.txt", tmp_path / "pc-journal-976-corr1.txt"
    orig.write_bytes(JOURNAL)
    corr.write_bytes(corrigendum_of_bundled())
    run = cli(tmp_path, *([orig, corr] if order == "original-first" else [corr, orig]))
    assert run.code == 0
    o, c = run.source(orig.name), run.source(corr.name)
    assert c["symbol"] == "PC.JOUR/976/Corr.1" and c["superseded_by"] is None
    assert o["superseded_by"] == c["id"] and o["doc_kind"] == "journal"
    assert "superseded" in run.codes(orig.name)
    assert run.q("select id, source_id, corrigendum from meetings") == [
        ("pc-976", c["id"], "Corr.1")
    ]
    assert (
        f"warning: {orig}: This journal (pc-976) is superseded by the corrigendum in "
        f"{corr.name}; only the corrigendum is built."
    ) in run.stderr


def test_synthetic_corrigendum(tmp_path):
    """The same rule for a journal that prints its symbol (PC.JOUR/1 -> PC.JOUR/1/Corr.1)."""
    text = synth_journal(0)
    (tmp_path / "j.txt").write_text(text, encoding="utf-8")
    (tmp_path / "j-corr.txt").write_text(
        text.replace("PC.JOUR/1 ", "PC.JOUR/1/Corr.1 ", 1), encoding="utf-8"
    )
    run = cli(tmp_path, tmp_path)
    assert run.source("j.txt")["superseded_by"] == run.source("j-corr.txt")["id"]
    assert run.q("select id, journal_symbol, corrigendum from meetings") == [
        ("pc-1", "PC.JOUR/1/Corr.1", "Corr.1")
    ]


# ------------------------------------------------------------------ paths and names


def test_path_that_does_not_exist(tmp_path, companion):
    """A missing path is one sentence; the others are built."""
    run = cli(tmp_path, companion, tmp_path / "nowhere.txt")
    assert run.code == 0
    assert f"{tmp_path / 'nowhere.txt'}: no such file or folder; check the path.\n" in run.stderr
    assert run.q("select id from meetings") == [("pc-1",)]


def test_fifo_given_directly_does_not_hang(tmp_path, companion):
    """A named pipe given on the command line is never opened (reading would block)."""
    fifo = tmp_path / "journal.txt"
    os.mkfifo(fifo)
    run = cli(tmp_path, fifo, companion)
    assert run.code == 0
    assert run.source("journal.txt")["doc_kind"] == "unreadable"
    assert (
        f"{fifo}: cannot be read (not a regular file but a pipe, socket or device); check "
        "that it is a readable file.\n"
    ) in run.stderr


def test_directory_named_like_a_file(tmp_path, companion):
    """A folder named x.txt is searched like any folder; an empty one is reported."""
    folder = tmp_path / "x.txt"
    folder.mkdir()
    run = cli(tmp_path, companion, folder)
    assert run.code == 0
    assert f"{folder}: the folder holds no files; check the path.\n" in run.stderr
    (folder / "inner.txt").write_bytes(JOURNAL)
    run = cli(tmp_path, companion, folder)
    assert run.source("inner.txt")["doc_kind"] == "journal"


def test_folder_mixing_supported_and_unsupported(tmp_path, companion):
    """Every file of a folder is listed in sources with its doc_kind (hidden files are
    skipped); unsupported ones are errors, the journals are built."""
    folder = tmp_path / "mixed"
    (folder / "sub").mkdir(parents=True)
    (folder / "journal.txt").write_bytes(companion.read_bytes())
    (folder / "sub" / "976.md").write_bytes(JOURNAL)
    (folder / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    (folder / "data.xlsx").write_bytes(b"PK\x03\x04 zip")
    (folder / "README").write_bytes(b"These are the journals.\n")
    (folder / "empty.txt").write_bytes(b"")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_bytes(b"ref: refs/heads/main\n")
    run = cli(tmp_path, folder)
    assert run.code == 0
    kinds = dict(run.q("select filename, doc_kind from sources"))
    assert kinds == {
        "journal.txt": "journal",
        "976.md": "journal",
        "scan.jpg": "unreadable",
        "data.xlsx": "unreadable",
        "README": "not_recognised",
        "empty.txt": "unreadable",
    }
    assert "unsupported-format" in run.codes("scan.jpg") and "unsupported-format" in run.codes(
        "data.xlsx"
    )
    assert len(one_sentence_lines(run.stderr)) == 4
    assert sorted(run.q("select id from meetings")) == [("pc-1",), ("pc-976",)]


@pytest.mark.parametrize(
    "name",
    [
        "pc journal 976 (final) .txt",
        "журнал Ünïcödé 976 – 中文.txt",
        "x" * 240 + ".txt",
        "<script>alert(1)<.script> '; drop table x; --.txt",
    ],
)
def test_awkward_file_names(name, tmp_path):
    """Spaces, non-ASCII, very long and hostile file names are kept as they are."""
    path = tmp_path / name
    path.write_bytes(JOURNAL)
    run = cli(tmp_path, path)
    assert run.code == 0, run.stderr
    assert run.source(name)["doc_kind"] == "journal"
    assert (run.package / "sources.csv").read_text(encoding="utf-8").count(name) == 1


def test_file_name_that_is_not_utf8(tmp_path, companion):
    """A file name with bytes that are not UTF-8 is stored with U+FFFD, not a crash."""
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"journal-\xff\xfe.txt"), "wb") as f:
        f.write(JOURNAL)
    run = cli(tmp_path, folder, companion)
    assert run.code == 0, run.stderr
    assert run.source("journal-\ufffd\ufffd.txt")["doc_kind"] == "journal"


def test_deep_long_path(tmp_path, companion):
    """A path of many long folder names (over 1,000 characters) works."""
    folder = tmp_path
    for k in range(8):
        folder = folder / (f"{k}" * 150)
    folder.mkdir(parents=True)
    (folder / "j.txt").write_bytes(JOURNAL)
    run = cli(tmp_path, tmp_path / ("0" * 150), companion)
    assert run.code == 0 and run.source("j.txt")["doc_kind"] == "journal"


# ------------------------------------------------------------------- hostile content


def test_hostile_content_is_stored_verbatim_and_escaped(tmp_path):
    """HTML, script tags and SQL in a journal are data: stored as written, tables intact,
    and Datasette escapes them on the page."""
    payload = "<script>alert('x')</script> '); DROP TABLE meetings; --"
    data = JOURNAL.replace(b"Chairmanship: Ukraine", f"Chairmanship: Ukraine {payload}".encode(), 1)
    data = data.replace(
        b"Canada, Turkey, France",
        f"Canada, <b onmouseover=alert(1)>Turkey</b>, France {payload}".encode(),
        1,
    )
    path = tmp_path / "hostile.txt"
    path.write_bytes(data)
    run = cli(tmp_path, path)
    assert run.code == 0
    assert run.q("select count(*) from meetings") == [(1,)]
    stored = run.q("select group_concat(excerpt, ' ') from parse_issues")[0][0] or ""
    stored += " ".join(str(v) for row in run.q("select * from meetings") for v in row)
    stored += " ".join(str(v) for row in run.q("select * from statements") for v in row)
    assert payload in stored or "<script>alert('x')</script>" in stored

    import asyncio

    from datasette.app import Datasette

    async def pages():
        ds = Datasette([str(run.db)], immutables=[])
        out = []
        for table in ("meetings", "statements", "parse_issues", "actors"):
            r = await ds.client.get(f"/osce/{table}")
            out.append((r.status_code, r.text))
        return out

    for status, html in asyncio.run(pages()):
        assert status == 200
        assert "<script>alert(" not in html and "<b onmouseover" not in html


# ---------------------------------------------------------------------- large inputs


@pytest.mark.slow
def test_fifty_megabyte_file(tmp_path, companion):
    """A 50 MB text file is read without trouble: listed, reported, the good journal built."""
    path = tmp_path / "big.txt"
    line = b"The delegation of Utopia made a statement on the situation in the region.\n"
    with open(path, "wb") as f:
        f.write(line * (50_000_000 // len(line) + 1))
    assert path.stat().st_size >= 50_000_000
    run = cli(tmp_path, companion, path, options=["--no-package"])
    assert run.code == 0
    src = run.source("big.txt")
    assert src["bytes"] == path.stat().st_size and src["doc_kind"] == "not_recognised"
    assert f"{path}: {NOT_JOURNAL}" in run.stderr
    assert run.q("select id from meetings") == [("pc-1",)]


def test_five_megabyte_line_inside_a_journal(tmp_path):
    """A 5 MB line in the middle of a journal does not stop the journal from being read."""
    data = JOURNAL.replace(
        b"\nAgenda item 3:", b"\n" + b"blah " * 1_000_000 + b"\n\nAgenda item 3:", 1
    )
    path = tmp_path / "j.txt"
    path.write_bytes(data)
    run = cli(tmp_path, path, options=["--no-package"])
    assert run.code == 0
    assert run.q("select count(*) from decisions") == [(2,)]
    assert "(100.0%)" in run.stdout


# ------------------------------------------------------------------------- exit codes


def test_exit_codes_are_documented():
    """--help and the README list the exit codes 0, 1 and 2."""
    help_text = CliRunner().invoke(main, ["build", "--help"]).output
    for line in (
        "0  built (warnings allowed",
        "1  nothing could be built, or (with --strict) built with errors",
        "2  usage error",
    ):
        assert line in help_text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Exit codes: `0` built (warnings allowed)" in readme and "`2` usage error" in readme


def test_exit_0_with_warnings_and_1_under_strict(tmp_path, companion):
    """Warnings only: 0 even under --strict; errors: 0, and 1 under --strict."""
    cp = tmp_path / "cp.txt"
    cp.write_bytes(JOURNAL.decode().encode("cp1252"))
    assert cli(tmp_path, cp, options=["--strict"]).code == 0
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert cli(tmp_path, companion, empty).code == 0
    strict = cli(tmp_path, companion, empty, options=["--strict"])
    assert strict.code == 1
    assert strict.stderr.splitlines()[-1] == (
        "Error: 1 parse issue(s) of level 'error' (see the "
        "parse_issues table); failing because of --strict."
    )


@pytest.mark.parametrize(
    "inputs", [["empty.txt"], ["empty.txt", "nowhere.txt", "bin.txt"], ["emptydir"]]
)
def test_exit_1_when_nothing_is_buildable(inputs, tmp_path):
    """Nothing buildable: exit 1, one error line, and the previous outputs untouched."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)))
    (tmp_path / "emptydir").mkdir()
    db = tmp_path / "out" / "osce.db"
    db.parent.mkdir()
    with sqlite3.connect(db) as conn:
        conn.execute("create table previous (x)")
    previous = db.read_bytes()
    run = cli(tmp_path, *[tmp_path / i for i in inputs])
    assert run.code == 1
    assert run.stderr.startswith(
        "Error: Nothing could be built: no readable OSCE document among the inputs."
    )
    assert len(run.stderr.splitlines()) == 1
    assert db.read_bytes() == previous


@pytest.mark.parametrize(
    "args",
    [["build", "--no-such-option"], ["build", "--db"], ["no-such-command"], ["build", "--db", "."]],
)
def test_exit_2_on_usage_errors(args):
    """Bad options, a missing option value, an unknown command, a folder for --db: exit 2."""
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_unwritable_output_is_one_sentence(tmp_path, companion):
    """An output path under a regular file cannot be written: exit 1, one sentence."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(companion),
            "--db",
            str(blocker / "osce.db"),
            "--no-package",
            "--metadata",
            str(tmp_path / "m.yml"),
        ],
    )
    assert result.exit_code == 1
    assert (
        result.stderr.startswith("Error: Cannot write the outputs")
        and len(result.stderr.splitlines()) == 1
    )


def test_subprocess_has_no_traceback(tmp_path, companion):
    """The real process, with a mix of bad inputs: stderr is sentences, exit 0."""
    import subprocess

    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 4)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "build_data",
            "build",
            str(companion),
            str(tmp_path / "empty.txt"),
            str(tmp_path / "bin.txt"),
            str(tmp_path / "gone.txt"),
            "--db",
            str(tmp_path / "o.db"),
            "--no-package",
            "--metadata",
            str(tmp_path / "m.yml"),
            "-q",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0
    assert "Traceback" not in proc.stderr
    assert len(one_sentence_lines(proc.stderr)) == 3


def _journal_with_a_dangling_decision() -> str:
    """The bundled journal whose agenda item 1 lost its decision notice while the appended
    decision still says it was adopted under 'Agenda item 7', an item the journal lacks:
    read as it is, its decision names an agenda item no row holds."""
    text = BUNDLED.read_text(encoding="utf-8")
    notice = next(
        ln
        for ln in text.splitlines()
        if ln.startswith("Decision: The Permanent Council adopted Decision No. 1107")
    )
    text = text.replace(notice + "\n", "").replace(
        "PC Journal No. 976, Agenda item 1\n", "PC Journal No. 976, Agenda item 7\n"
    )
    assert "Agenda item 7" in text and "adopted Decision No. 1107" not in text
    return text


def test_a_decision_under_an_item_the_text_lacks_keeps_no_item(tmp_path, companion):
    """The appended decision says it was adopted under 'Agenda item 7', which the journal does
    not print: the decision keeps no agenda_item_id, with a lost-agenda-item warning (the
    text's own damage, not the parser's: before ed72a18 an error-level dangling reference)."""
    odd = tmp_path / "odd.txt"
    odd.write_text(_journal_with_a_dangling_decision(), encoding="utf-8")
    run = cli(tmp_path, companion, odd)
    assert run.code == 0, run.stderr
    assert run.issues("odd.txt") == [
        (
            "warning",
            "lost-agenda-item",
            "The decision was adopted under agenda item 7, which the text does not print "
            "(its heading lost?); its agenda_item_id is empty.",
        )
    ]
    assert run.q("select id, agenda_item_id from decisions where id = 'pc-dec-1107'") == [
        ("pc-dec-1107", None)
    ]
    assert cli(tmp_path, companion, odd, options=["--strict"]).code == 0


def test_a_dangling_reference_costs_one_source_not_the_build(tmp_path, companion, monkeypatch):
    """Issue 12: rows of one source that name a record it did not yield (which used to
    fail the whole build on the final foreign-key check, writing nothing) are cut with a
    `dangling-reference` error naming that source's table, column and missing record; the
    other journal is built whole, the database passes its foreign-key check, and the exit
    code is 0 (1 under --strict). No text is known to make the parser yield such rows any
    more (the last, a decision under an agenda item the text lacks, is above), so the fault
    is put into the real normalizer's output for one file: the safety net is what is
    tested. (The workers are forked, so they inherit the patch.)"""
    from build_data import read

    normalize = read.normalize_document

    def with_a_dangling_row(info, doc, registry):
        rows, persons, aliases = normalize(info, doc, registry)
        if info.filename == "odd.txt":
            rows["decisions"][0]["agenda_item_id"] = "pc-976/7"
        return rows, persons, aliases

    monkeypatch.setattr(read, "normalize_document", with_a_dangling_row)
    odd = tmp_path / "odd.txt"
    odd.write_text(BUNDLED.read_text(encoding="utf-8"), encoding="utf-8")
    run = cli(tmp_path, companion, odd)
    assert run.code == 0, run.stderr
    assert run.issues("odd.txt") == [
        (
            "error",
            "dangling-reference",
            "1 decisions row(s) name a record this source did not yield (agenda_items 'pc-976/7', "
            "in agenda_item_id); they keep no agenda_item_id. "
            "The text was probably read in a shape the parser did not expect: check the lines.",
        )
    ]
    assert run.q("select id, agenda_item_id from decisions where id = 'pc-dec-1107'") == [
        ("pc-dec-1107", None)
    ]
    assert run.q(
        "select count(*) from meetings where id in ('pc-976', ?)", (COMPANION_MEETING,)
    ) == [(2,)]
    assert run.q("pragma foreign_key_check") == []
    assert one_sentence_lines(run.stderr) == [
        f"{odd}: some rows named records the text did not yield; they were cut (see the 1 "
        "dangling-reference issue(s))."
    ]
    assert cli(tmp_path, companion, odd, options=["--strict", "--full"]).code == 1


def _whole(table: str, row: dict) -> dict:
    """A row with a value in every column its table requires (rows lacking one are cut
    before references are followed)."""
    filler = {"body": "PC", "kind": "regular", "series": "PC.DEL", "source_id": "src"}
    required = [c.name for c in TABLES[table].columns if c.required]
    return {**{c: filler[c] for c in required if c not in row}, **row}


def test_a_row_that_cannot_stand_without_its_reference_is_left_out():
    """A required reference that dangles drops its row, and the rows that named the
    dropped one go too (statement -> its documents); an optional one is emptied."""
    from build_data.normalize.references import cut_dangling

    rows = {
        "meetings": [_whole("meetings", {"id": "pc-1", "line_start": 1, "line_end": 2})],
        "statements": [
            _whole(
                "statements",
                {
                    "id": "pc-1/1/s1",
                    "meeting_id": "pc-1",
                    "agenda_item_id": "pc-1/9",
                    "actor_id": "nowhere",
                    "line_start": 5,
                    "line_end": 5,
                },
            ),
            _whole(
                "statements",
                {
                    "id": "pc-1/1/s2",
                    "meeting_id": "pc-9",
                    "agenda_item_id": None,
                    "actor_id": None,
                    "line_start": 6,
                    "line_end": 6,
                },
            ),
        ],
        "statement_documents": [
            _whole(
                "statement_documents",
                {
                    "statement_id": "pc-1/1/s2",
                    "document_symbol": "PC.DEL/1/20",
                    "line_start": 6,
                    "line_end": 6,
                },
            )
        ],
        "documents": [
            _whole("documents", {"symbol": "PC.DEL/1/20", "line_start": 6, "line_end": 6})
        ],
    }
    kept, issues = cut_dangling(rows, "src", {"canada"})
    assert kept["statements"] == [
        {**rows["statements"][0], "agenda_item_id": None, "actor_id": None}
    ]
    assert (
        kept["statement_documents"] == []
        and kept["meetings"] == rows["meetings"]
        and kept["documents"] == rows["documents"]
    )
    assert [
        (i["id"], i["code"], i["line_start"], i["line_end"], i["message"].split(";")[0])
        for i in issues
    ] == [
        (
            "src/r01",
            "dangling-reference",
            6,
            6,
            "1 statement_documents row(s) name a record this source did not yield (statements "
            "'pc-1/1/s2', in statement_id)",
        ),
        (
            "src/r02",
            "dangling-reference",
            5,
            5,
            "1 statements row(s) name a record this source "
            "did not yield (actors 'nowhere', in actor_id)",
        ),
        (
            "src/r03",
            "dangling-reference",
            5,
            5,
            "1 statements row(s) name a record this source did "
            "not yield (agenda_items 'pc-1/9', in agenda_item_id)",
        ),
        (
            "src/r04",
            "dangling-reference",
            6,
            6,
            "1 statements row(s) name a record this source "
            "did not yield (meetings 'pc-9', in meeting_id)",
        ),
    ]


# A meeting's text with nothing that says which body met (found by fuzzing: the journal's
# head lost, the FSC's meeting header kept): its meeting rows had no body, which the
# database does not store; SQLite left them out without a word and the rows naming them
# then failed the whole build ("47 rows break foreign keys ... a bug in osce-data").
NO_BODY = """\
1. Date: Wednesday, 27 May 2020 (via video teleconference)
947th PLENARY MEETING OF THE FORUM
1. Date: Wednesday, 27 May 2020 (via video teleconference)
Opened: 10 a.m. Suspended: 12.55 p.m. Resumed: 3.05 p.m. Closed: 6.05 p.m.
2. Chairperson: Ambassador Y. Tsymbaliuk
"""


def test_a_meeting_without_a_body_is_cut_and_said_so(tmp_path, companion):
    """A row that lacks a value its table requires is left out with an error issue, the
    rows naming it with it; the other inputs are built."""
    odd = tmp_path / "no-body.txt"
    odd.write_text(NO_BODY, encoding="utf-8")
    run = cli(tmp_path, companion, odd)
    assert run.code == 0, run.stderr
    issues = run.issues("no-body.txt")
    assert issues[0] == (
        "error",
        "incomplete-record",
        "2 meetings row(s) lack a value their table requires (body); they were left out, and "
        "the rows naming them with them. The text was probably read in a shape the parser did "
        "not expect: check the lines.",
    )
    dangling = [i for i in issues if i[1] == "dangling-reference"]
    assert dangling  # the meeting's sessions and notes, cut with it
    assert run.q(
        "select count(*) from meetings where source_id = ?", (run.source("no-body.txt")["id"],)
    ) == [(0,)]
    assert run.q("select id from meetings") == [(COMPANION_MEETING,)]
    assert run.q("pragma foreign_key_check") == []
    [line] = one_sentence_lines(run.stderr)
    assert line == (
        f"{odd}: some rows lacked values their tables require, or named records the text did "
        f"not yield; they were cut (see the 1 incomplete-record and {len(dangling)} "
        "dangling-reference issue(s))."
    )


def test_a_decision_number_cut_short_is_a_warning(tmp_path, companion):
    """A decision's title whose number was cut short ('DECISION No. 8/9', found by
    fuzzing) is a warning and that text is not read into decisions; it was an internal
    error that lost the whole journal's records."""
    odd = tmp_path / "cut-number.txt"
    odd.write_bytes(JOURNAL.replace(b"**DECISION No. 1108", b"**DECISION No. 8/9", 1))
    run = cli(tmp_path, companion, odd)
    assert run.code == 0, run.stderr
    assert ("warning", "bad-decision-number") in {
        (lv, code) for lv, code, _ in run.issues(odd.name)
    }
    assert "internal-error" not in run.codes(odd.name)
    assert run.q(
        "select id from decisions where source_id = ? order by id", (run.source(odd.name)["id"],)
    ) == [
        ("pc-dec-1107",),
        ("pc-dec-1108",),  # from its notice in the journal
    ]


def test_a_standalone_decision_whose_number_was_cut_short(tmp_path, companion):
    """The same in a decision printed on its own (its header cut after 'FSC.DEC/8/1'): a
    warning, no internal error."""
    odd = tmp_path / "decision.txt"
    odd.write_text(
        "Organization for Security and Co-operation in Europe FSC.DEC/8/1\n"
        "Forum for Security Co-operation 16 December 2015\n807th Plenary Meeting Original: "
        "ENGLISH\nFSC Journal No. 813, Agenda item 2\nDECISION No. 8/1\nAGENDA OF THE SEMINAR\n"
        "The Forum decides to hold it.\n",
        encoding="utf-8",
    )
    run = cli(tmp_path, companion, odd)
    assert run.code == 0, run.stderr
    assert run.source(odd.name)["doc_kind"] == "decision"
    assert ("warning", "bad-decision-number") in {
        (lv, code) for lv, code, _ in run.issues(odd.name)
    }
    assert "internal-error" not in run.codes(odd.name)
    assert run.q(
        "select count(*) from decisions where source_id = ?", (run.source(odd.name)["id"],)
    ) == [(0,)]


def test_a_row_without_a_required_column_is_cut():
    """A row that lacks a required column altogether (stored as NULL) is cut as one whose
    value is None."""
    from build_data.normalize.references import _cut_incomplete

    whole = _whole("meetings", {"id": "pc-2", "line_start": 3, "line_end": 4})
    kept, issues = _cut_incomplete({"meetings": [{"id": "pc-1"}, whole]}, "src")
    assert kept == {"meetings": [whole]}
    assert [(i["id"], i["code"], i["message"].split(";")[0]) for i in issues] == [
        (
            "src/c01",
            "incomplete-record",
            "1 meetings row(s) lack a value their table requires (body, source_id, line_start, "
            "line_end)",
        )
    ]


def test_a_file_name_with_a_line_break_keeps_each_message_on_one_line(tmp_path, companion):
    """A message names its file; a name holding a line break (or another control
    character) is shown escaped, so each problem stays one line of stderr. The name itself
    is stored as it is."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "empty\nname.txt").write_bytes(b"")
    (src / "not a\rjournal.txt").write_text("hello\n", encoding="utf-8")
    run = cli(tmp_path, src, companion)
    assert run.code == 0
    lines = one_sentence_lines(run.stderr)
    assert sorted(lines) == sorted(
        [
            f"{src}/empty\\nname.txt: {EMPTY}",
            f"{src}/not a\\rjournal.txt: {NOT_JOURNAL}",
        ]
    )
    assert sorted(n for (n,) in run.q("select filename from sources")) == [
        "empty\nname.txt",
        "journal-000000.txt",
        "not a\rjournal.txt",
    ]


def test_a_refused_output_with_a_line_break_in_its_name_is_one_sentence(tmp_path):
    """The one sentence a failed build prints names the output as it is refused."""
    foreign = tmp_path / "my\nnotes.db"
    foreign.write_text("not a database of osce-data", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", "--db", str(foreign), "--no-package", "--metadata", str(tmp_path / "m.yml")]
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "my\\nnotes.db" in lines[0], result.stderr
    assert foreign.read_text(encoding="utf-8") == "not a database of osce-data"


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--db", "x\ny.db"],
        ["validate", "no\npkg"],
        ["diff", "a\nb.db", "osce.db"],
        ["build", "\u202eevil.txt", "--db", "o.db", "--no-package", "--metadata", "m.yml"],
    ],
    ids=["export", "validate", "diff", "bidi-control"],
)
def test_every_command_names_a_strange_file_on_one_line(tmp_path, monkeypatch, args):
    """Whatever the command, its error names the file with the line break (or the control
    that would reorder the line on screen) escaped: one line."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (1, 2)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "\\n" in lines[0] or "\\u202e" in lines[0]


def test_the_outputs_named_with_a_line_break_are_one_line_in_each_summary(tmp_path, monkeypatch):
    """A build, validation and export that succeed name their outputs in their summaries;
    a folder named with a line break is shown escaped there too (the summary's own lines
    stay its lines)."""
    monkeypatch.chdir(tmp_path)
    out = Path("out\nput")
    out.mkdir()
    db, pkg = out / "o.db", out / "pkg"
    runner = CliRunner()
    built = runner.invoke(
        main,
        ["build", str(BUNDLED), "--db", str(db), "--package-dir", str(pkg), "--metadata", "m.yml"],
    )
    assert built.exit_code == 0, built.output
    assert built.stdout.splitlines()[0].startswith("Built out\\nput/o.db and out\\nput/pkg/ from")
    valid = runner.invoke(main, ["validate", str(pkg)])
    assert valid.exit_code == 0, valid.output
    assert valid.stdout.splitlines() == [
        "out\\nput/pkg/datapackage.json is valid: 22 tables checked."
    ]
    exported = runner.invoke(main, ["export", "--db", str(db), "--out", str(out / "ex"), "graph"])
    assert exported.exit_code == 0, exported.output
    assert exported.stdout.splitlines()[0] == "Exported out\\nput/o.db to out\\nput/ex/:"
    assert all("\n" not in line for line in exported.stdout.splitlines())
    assert "out\\nput/ex/SHA256SUMS" in exported.stdout
