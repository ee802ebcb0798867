"""Issue 8: journals as the OSCE publishes them (PDF, DOCX) build into the same records as
their clean text; only provenance differs, and that provenance reaches the PDF's pages.

The PDF and DOCX are generated from the bundled journal by tests/fixtures_docs.py: page
headers and footers, page numbers, footnotes at the bottom of the page they belong to,
paragraphs broken across pages, wrapped and hyphenated lines. The fixture text differs from
the bundled file by design (no '**' markers or stray footnote lines, split paragraphs
rejoined), so the PDF and DOCX are compared with the same fixture text written as .txt,
and that build is compared with the bundled one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fixtures_docs import (
    DATE,
    INTERNAL_CODE,
    SYMBOL,
    clean_journal_text,
    make_damaged_docx,
    make_damaged_pdf,
    make_empty_pdf,
    make_encrypted_pdf,
    make_first_page_scanned,
    make_image_only_pdf,
    make_journal_docx,
    make_journal_pdf,
    normalise,
    sample_text,
)

from build_data.pipeline import build

PROVENANCE = {"source_id", "line_start", "line_end"}
# Tables whose rows must be equal whatever the format; ids included (they do not depend on the
# source).
CONTENT_TABLES = (
    "meetings",
    "meeting_sessions",
    "agenda_items",
    "decisions",
    "decision_paragraphs",
    "action_items",
    "action_item_actors",
    "statements",
    "statement_alignments",
    "statement_documents",
    "documents",
    "decision_references",
    "actors",
    "actor_aliases",
)
DECISION_NOTE = "Reissued due to a correction to the title of the Addendum."
ADDENDUM_NOTE = "The word “draft” has been removed from the title."


def query(db: Path, sql: str, params=()) -> list[dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


def content(db: Path, table: str) -> list[dict]:
    """Whole rows without provenance, in a stable order."""
    rows = [
        {k: v for k, v in r.items() if k not in PROVENANCE}
        for r in query(db, f"select * from [{table}]")
    ]
    return sorted(rows, key=repr)


class Build:
    def __init__(self, folder: Path, out: Path):
        self.db = out / "osce.db"
        self.report = build([folder], self.db, None)

    def query(self, sql: str, params=()) -> list[dict]:
        return query(self.db, sql, params)

    def content(self, table: str) -> list[dict]:
        return content(self.db, table)


@pytest.fixture(scope="module")
def journal_text() -> str:
    return clean_journal_text(sample_text())


def _build_one(tmp_path_factory, name: str, make) -> Build:
    folder = tmp_path_factory.mktemp(name)
    make(folder)
    return Build(folder, tmp_path_factory.mktemp(name + "-out"))


@pytest.fixture(scope="module")
def txt_build(tmp_path_factory, journal_text) -> Build:
    return _build_one(
        tmp_path_factory,
        "txt",
        lambda d: (d / "pc-journal-976.txt").write_text(journal_text, encoding="utf-8"),
    )


@pytest.fixture(scope="module")
def pdf_build(tmp_path_factory, journal_text) -> Build:
    return _build_one(
        tmp_path_factory, "pdf", lambda d: make_journal_pdf(journal_text, d / "pc-journal-976.pdf")
    )


@pytest.fixture(scope="module")
def docx_build(tmp_path_factory, journal_text) -> Build:
    return _build_one(
        tmp_path_factory,
        "docx",
        lambda d: make_journal_docx(journal_text, d / "pc-journal-976.docx"),
    )


@pytest.fixture(scope="module", params=["pdf", "docx"])
def layout_build(request, pdf_build, docx_build) -> Build:
    return {"pdf": pdf_build, "docx": docx_build}[request.param]


def test_layout_build_is_clean(layout_build):
    """The PDF or DOCX journal builds with no issue and every line accounted for."""
    assert layout_build.report.messages == []
    assert layout_build.report.issues == {}
    assert layout_build.report.accounted == 1.0
    (source,) = layout_build.query("select format, doc_kind, symbol, encoding from sources")
    assert (
        source["doc_kind"] == "journal"
        and source["symbol"] == "PC.JOUR/976"
        and source["encoding"] is None
    )


@pytest.mark.parametrize("table", CONTENT_TABLES)
def test_layout_build_equals_text_build(layout_build, txt_build, table):
    """Every content table has the same rows (ids included) as the build of the same text;
    only source_id, line_start and line_end differ."""
    expected = txt_build.content(table)
    assert expected or table == "statement_alignments"
    assert layout_build.content(table) == expected


@pytest.mark.parametrize("table", CONTENT_TABLES)
def test_fixture_text_build_equals_bundled_build(bundled, txt_build, table):
    """The fixture text (cleaned of '**' and stray footnote lines, split paragraphs rejoined)
    gives the same records as the bundled file, so the PDF and DOCX give them too."""
    assert txt_build.content(table) == content(bundled.db, table)


def test_counts_are_the_journal(pdf_build, docx_build):
    """The same number of records as issue 2 lists for the bundled journal."""
    for b in (pdf_build, docx_build):
        counts = {
            t: b.report.counts[t]
            for t in (
                "meetings",
                "decisions",
                "decision_paragraphs",
                "action_items",
                "statements",
                "statement_documents",
                "documents",
            )
        }
        assert counts == {
            "meetings": 1,
            "decisions": 2,
            "decision_paragraphs": 11,
            "action_items": 52,
            "statements": 14,
            "statement_documents": 1,
            "documents": 14,
        }


def test_source_lines_hold_the_text_as_parsed(layout_build, txt_build):
    """source_lines has the same paragraphs as the text build (the PDF/DOCX has no '*'
    italics markers), and every record's first line is in it."""
    texts = [
        normalise(r["text"])
        for r in txt_build.query("select text from source_lines order by line_number")
    ]
    assert [
        r["text"] for r in layout_build.query("select text from source_lines order by line_number")
    ] == texts
    (line_count,) = layout_build.query("select line_count from sources")
    assert (
        layout_build.query("select max(line_number) as n from source_lines")[0]["n"]
        == line_count["line_count"]
    )
    (fmt,) = layout_build.query("select format from sources")
    tables = (
        "meetings",
        "decisions",
        "decision_paragraphs",
        "action_items",
        "statements",
        "footnotes",
    )
    for table in tables + (
        ("page_furniture",) if fmt["format"] == "pdf" else ()
    ):  # DOCX headers stand beside no line
        orphans = layout_build.query(
            f"select t.line_start from [{table}] t left join source_lines l on l.source_id = "
            "t.source_id and l.line_number = t.line_start where l.text is null"
        )
        assert orphans == [], table


def test_text_sources_have_source_lines_without_pages(bundled):
    """A text source's lines are stored as read, '**' markers and all, with no page."""
    rows = query(
        bundled.db,
        "select line_number, page, page_end, text from source_lines order by line_number",
    )
    raw = sample_text().splitlines()
    assert [(r["line_number"], r["text"]) for r in rows] == [
        (i, t) for i, t in enumerate(raw, start=1) if t.strip()
    ]
    assert {(r["page"], r["page_end"]) for r in rows} == {(None, None)}


def page_of(b: Build, table: str, where: str) -> tuple[int, int]:
    (row,) = b.query(
        f"select s.page, e.page_end from [{table}] t join source_lines s on s.source_id = "
        "t.source_id and s.line_number = t.line_start join source_lines e on e.source_id = "
        f"t.source_id and e.line_number = t.line_end where {where}"
    )
    return row["page"], row["page_end"]


def test_pdf_records_reach_their_pages(pdf_build):
    """The page of any record is the page of its lines in source_lines: the meeting is on
    pages 1-2, Decision No. 1107 starts on page 3, an action item broken by a page break
    runs from page 4 to 5, Decision No. 1108 is on the last page."""
    last = pdf_build.query("select max(page_end) as p from source_lines")[0]["p"]
    assert page_of(pdf_build, "meetings", "t.id = 'pc-976'")[0] == 1
    assert page_of(pdf_build, "decisions", "t.id = 'pc-dec-1107'")[0] == 3
    assert page_of(
        pdf_build, "action_items", "t.text like 'Promoting regular training courses%'"
    ) == (4, 5)
    assert page_of(pdf_build, "decisions", "t.id = 'pc-dec-1108'") == (last, last)
    (decision_line,) = pdf_build.query(
        "select page from source_lines where text = 'DECISION No. 1107'"
    )
    assert decision_line["page"] == 3


def test_pdf_footnotes_carry_page_and_mark_line(pdf_build):
    """The two footnotes of the PDF are in footnotes with their page, attached to the
    decision and to the line that carried the mark (the title it annotates)."""
    rows = pdf_build.query(
        "select f.number, f.text, f.page, f.attached_to, l.text as marked from footnotes f "
        "join source_lines l on l.source_id = f.source_id "
        "and l.line_number = f.line_start order by f.id"
    )
    assert rows == [
        {
            "number": "1",
            "text": DECISION_NOTE,
            "page": 3,
            "attached_to": "pc-dec-1107",
            "marked": "DECISION No. 1107",
        },
        {
            "number": "1",
            "text": ADDENDUM_NOTE,
            "page": 4,
            "attached_to": "pc-dec-1107",
            "marked": (
                "ADDENDUM TO THE OSCE ACTION PLAN TO COMBAT "
                "TRAFFICKING IN HUMAN BEINGS: ONE DECADE LATER"
            ),
        },
    ]


def test_footnotes_match_the_text_build(pdf_build, docx_build, bundled):
    """Same footnote texts and attachments as the bundled text (numbers: Word numbers its
    footnotes through the document, the PDF per annex like the text)."""
    key = "select number, text, attached_to from footnotes order by text"
    assert pdf_build.query(key) == query(bundled.db, key)
    assert [(r["text"], r["attached_to"]) for r in docx_build.query(key)] == [
        (r["text"], r["attached_to"]) for r in query(bundled.db, key)
    ]
    assert {r["page"] for r in docx_build.query("select page from footnotes")} == {None}


def test_pdf_furniture_carries_page_and_line(pdf_build):
    """Headers, page numbers and the first-page code are page_furniture rows with their page,
    attached to a line that runs on that page."""
    rows = pdf_build.query(
        "select f.kind, f.page, f.text, l.page as first, l.page_end as last from page_furniture f "
        "join source_lines l on l.source_id = f.source_id "
        "and l.line_number = f.line_start order by f.id"
    )
    last = pdf_build.query("select max(page_end) as p from source_lines")[0]["p"]
    assert len(rows) == 1 + 3 * (last - 1)
    assert {(r["kind"], r["text"]) for r in rows} == {
        ("internal_code", INTERNAL_CODE),
        ("page_header", SYMBOL),
        ("page_header", DATE),
    } | {("page_number", f"- {p} -") for p in range(2, last + 1)}
    assert all(r["first"] <= r["page"] <= r["last"] for r in rows)


def test_docx_furniture_has_no_page(docx_build):
    rows = docx_build.query("select kind, page, text from page_furniture order by id")
    assert rows == [
        {"kind": "page_header", "page": None, "text": SYMBOL},
        {"kind": "page_header", "page": None, "text": DATE},
        {"kind": "page_footer", "page": None, "text": INTERNAL_CODE},
    ]


BAD_FILES = {
    "damaged.pdf": ("damaged-pdf", "cannot be read as a PDF", make_damaged_pdf),
    "empty.pdf": ("empty-pdf", "has no pages", make_empty_pdf),
    "scan.pdf": ("no-text-layer", "has no text layer", make_image_only_pdf),
    "locked.pdf": ("encrypted-pdf", "encrypted with a password", make_encrypted_pdf),
    "damaged.docx": ("damaged-docx", "cannot be opened as a Word document", make_damaged_docx),
}


@pytest.fixture(scope="module")
def mixed_build(tmp_path_factory, journal_text) -> Build:
    """The good PDF journal and one bad file of each kind in one folder."""
    folder = tmp_path_factory.mktemp("mixed")
    make_journal_pdf(journal_text, folder / "pc-journal-976.pdf")
    helpers = tmp_path_factory.mktemp("helpers")
    for name, (_, _, make) in BAD_FILES.items():
        made = make(helpers / name)
        (folder / name).write_bytes(made.read_bytes())
    return Build(folder, tmp_path_factory.mktemp("mixed-out"))


def test_bad_files_give_one_clear_message_each(mixed_build):
    """Each bad file gives exactly one message naming it and saying what is wrong."""
    messages = mixed_build.report.messages
    assert len(messages) == len(BAD_FILES)
    for name, (_, words, _) in BAD_FILES.items():
        (message,) = [m for m in messages if f"/{name}:" in m]
        assert words in message


def test_bad_files_are_unreadable_sources_with_one_error(mixed_build):
    """Each bad file is a sources row with doc_kind 'unreadable' and one error issue with its
    code."""
    sources = {r["filename"]: r for r in mixed_build.query("select * from sources")}
    assert set(sources) == set(BAD_FILES) | {"pc-journal-976.pdf"}
    for name, (code, _, _) in BAD_FILES.items():
        sid = sources[name]["id"]
        assert (sources[name]["doc_kind"], sources[name]["line_count"]) == ("unreadable", 0)
        issues = mixed_build.query(
            "select level, code, line_start from parse_issues where source_id = ?", (sid,)
        )
        assert issues == [{"level": "error", "code": code, "line_start": 0}]
        assert mixed_build.query(
            "select count(*) as n from source_lines where source_id = ?", (sid,)
        ) == [{"n": 0}]


def test_journal_still_built_beside_bad_files(mixed_build, pdf_build):
    """The good journal is built exactly as on its own."""
    for table in CONTENT_TABLES:
        assert mixed_build.content(table) == pdf_build.content(table), table
    assert mixed_build.report.built == 1


def test_same_journal_as_text_and_pdf_is_built_once(tmp_path, journal_text):
    """The journal given as text and as PDF gives one set of records; the other copy is a
    duplicate."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "pc-journal-976.txt").write_text(journal_text, encoding="utf-8")
    make_journal_pdf(journal_text, folder / "pc-journal-976.pdf")
    b = Build(folder, tmp_path)
    assert b.report.counts["meetings"] == 1 and b.report.counts["action_items"] == 52
    kinds = sorted(
        (r["format"], r["duplicate_of"] is not None)
        for r in b.query("select format, duplicate_of from sources")
    )
    assert sum(dup for _, dup in kinds) == 1
    assert b.query("select count(distinct source_id) as n from source_lines") == [{"n": 2}]


def _scan(lines: list[str], path: Path) -> Path:
    """An image-only PDF of a page holding the given lines (what a scanner gives)."""
    import io

    import pypdfium2 as pdfium
    from fixtures_docs import make_lines_pdf
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    page = make_lines_pdf(lines, path.with_name(path.stem + "-text.pdf"))
    image = io.BytesIO()
    pdfium.PdfDocument(str(page))[0].render(scale=300 / 72, grayscale=True).to_pil().save(
        image, format="PNG"
    )
    image.seek(0)
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
    c.save()
    return path


def test_scan_is_read_by_ocr_only_when_asked(tmp_path):
    """A scanned page gives no-text-layer; with OCR switched on (--ocr) and Tesseract
    installed, its text is read, with an ocr-used warning."""
    from build_data.extract import ocr
    from build_data.extract.pdf import extract_pdf

    scan = _scan(
        ["Chairmanship: Ukraine", "", "SPECIAL MEETING OF THE PERMANENT COUNCIL"],
        tmp_path / "scan.pdf",
    )
    assert [i.code for i in extract_pdf(scan).issues] == ["no-text-layer"]
    if not ocr.available():
        pytest.skip(
            "tesseract is not installed: OCR is optional "
            "(apt-get install tesseract-ocr tesseract-ocr-eng)"
        )
    result = extract_pdf(scan, ocr=True)
    assert [i.code for i in result.issues] == ["ocr-used"]
    assert [ln for ln in result.lines if ln] == [
        "Chairmanship: Ukraine",
        "SPECIAL MEETING OF THE PERMANENT COUNCIL",
    ]
    assert set(result.pages) <= {1, None}


def test_an_extractor_crash_becomes_an_issue(tmp_path, monkeypatch):
    """Whatever a PDF library raises on a strange file, the build records damaged-pdf for it and
    goes on."""
    import build_data.extract.pdf as pdf_module
    from build_data.extract import extract

    def boom(path, ocr=False):
        raise RecursionError("deeply nested object")

    monkeypatch.setattr(pdf_module, "extract_pdf", boom)
    path = tmp_path / "odd.pdf"
    path.write_bytes(b"%PDF-1.7\n")
    result, encoding = extract(path, path.read_bytes())
    assert encoding is None and result.lines == ()
    assert [(i.level, i.code) for i in result.issues] == [("error", "damaged-pdf")]
    assert "odd.pdf could not be read (RecursionError" in result.issues[0].message


@pytest.fixture(scope="module")
def first_page_scanned(tmp_path_factory, journal_text) -> tuple[Path, Path]:
    """(the journal typeset as a PDF, the same with its first page a scan: an image only)."""
    folder = tmp_path_factory.mktemp("scanned-page")
    typeset = folder / "typeset.pdf"
    make_journal_pdf(journal_text, typeset)
    return typeset, make_first_page_scanned(typeset, folder / "first-page-scanned.pdf")


def test_a_scanned_page_among_typeset_ones_is_reported(first_page_scanned):
    """A PDF whose first page is an image and the rest text: the scanned page is named in a
    warning (its text is not read without OCR), the other pages are read as they are."""
    from build_data.extract.pdf import extract_pdf

    typeset, mixed = first_page_scanned
    whole, got = extract_pdf(typeset), extract_pdf(mixed)
    assert [(i.level, i.code) for i in got.issues] == [("warning", "scanned-pages")]
    assert "(images: page(s) 1)" in got.issues[0].message and "--ocr" in got.issues[0].message
    assert 1 not in got.pages
    later = [(t, p) for t, p in zip(whole.lines, whole.pages, strict=True) if p != 1 and t]
    assert [(t, p) for t, p in zip(got.lines, got.pages, strict=True) if t] == later


def test_a_scanned_page_among_typeset_ones_is_read_by_ocr(first_page_scanned):
    """With --ocr, only the scanned page is read by Tesseract; its lines join the others'
    (the journal's header, on that page, gives the same meeting as the typeset PDF)."""
    from build_data.extract import ocr
    from build_data.extract.pdf import extract_pdf
    from build_data.normalize.actors import load_registry
    from build_data.read import read_source

    if not ocr.available():
        pytest.skip("tesseract is not installed: OCR is optional (.ci/run installs it)")
    typeset, mixed = first_page_scanned
    got = extract_pdf(mixed, ocr=True)
    assert [(i.level, i.code) for i in got.issues] == [("warning", "ocr-used")]
    assert "(images: page(s) 1)" in got.issues[0].message
    assert 1 in got.pages
    registry = load_registry()
    want = read_source(typeset, registry, ocr=False).as_dicts()["meetings"]
    meetings = read_source(mixed, registry, ocr=True).as_dicts()["meetings"]
    drop = {"source_id", "line_start", "line_end"}
    assert [{k: v for k, v in m.items() if k not in drop} for m in meetings] == [
        {k: v for k, v in m.items() if k not in drop} for m in want
    ]
