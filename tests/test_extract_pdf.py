"""Extraction of generated journal PDFs and DOCX files back into the lines of the sample."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from fixtures_docs import (
    DATE,
    INTERNAL_CODE,
    SYMBOL,
    clean_journal_text,
    journal_paragraphs,
    make_damaged_docx,
    make_damaged_pdf,
    make_empty_pdf,
    make_encrypted_pdf,
    make_image_only_pdf,
    make_journal_docx,
    make_journal_pdf,
    make_lines_pdf,
    sample_text,
)

from build_data.extract.docx import extract_docx
from build_data.extract.model import ExtractedFootnote, Furniture
from build_data.extract.pdf import _chars, extract_pdf


@pytest.fixture(scope="module")
def journal_text() -> str:
    return clean_journal_text(sample_text())


@pytest.fixture(scope="module")
def journal_pdf_path(tmp_path_factory, journal_text) -> Path:
    return make_journal_pdf(journal_text, tmp_path_factory.mktemp("pdf") / "journal.pdf")


@pytest.fixture(scope="module")
def journal_pdf(journal_pdf_path):
    path = journal_pdf_path
    started = time.perf_counter()
    result = extract_pdf(path)
    print(f"extract_pdf: {time.perf_counter() - started:.2f}s")
    return result


def test_characters_are_pdfplumbers(journal_pdf_path, tmp_path):
    """The characters extraction reads (built from the page layout, skipping pdfplumber's
    resolving of every attribute) are pdfplumber's own `page.chars`, value for value, in
    order: on the journal's pages, and on a page whose media box does not start at 0, 0."""
    import pdfplumber
    from pypdf import PdfReader, PdfWriter

    moved = tmp_path / "moved.pdf"
    writer = PdfWriter(clone_from=PdfReader(journal_pdf_path))
    for page in writer.pages:
        box = page.mediabox
        page.mediabox.lower_left = (float(box.left) + 17.5, float(box.bottom) + 23.25)
    writer.write(moved)
    with pdfplumber.open(moved) as pdf:
        x0, top = pdf.pages[0].mediabox[:2]  # (pdfplumber counts top from the top)
        assert x0 == 17.5 and top != 0
    for path in (journal_pdf_path, moved):
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                ours = _chars(page)
                assert ours, f"no characters on page {page.page_number} of {path.name}"
                fields = list(ours[0])
                assert ours == [{k: c[k] for k in fields} for c in page.chars]


def test_memory_does_not_grow_with_the_pages(journal_pdf_path, journal_text, tmp_path):
    """A page's layout is let go once its lines are read: the peak of extracting a journal
    four times as long grows less than its pages do (what grows is the words read; before,
    every page's layout stayed until the end: 58 MB at the peak for 15 pages, 231 MB for
    57, and 849 MB for 183)."""
    import tracemalloc

    body = journal_text.split("\n", 8)[8]
    long_pdf = make_journal_pdf(journal_text + ("\n" + body) * 3, tmp_path / "long.pdf")
    extract_pdf(journal_pdf_path)  # what is allocated once (fonts, patterns) is not per page

    def peak(path: Path) -> tuple[int, int]:
        tracemalloc.start()
        try:
            result = extract_pdf(path)
            return tracemalloc.get_traced_memory()[1], max(p for p in result.pages if p)
        finally:
            tracemalloc.stop()

    (short_peak, short_pages), (long_peak, long_pages) = peak(journal_pdf_path), peak(long_pdf)
    assert long_pages >= 3.5 * short_pages
    assert long_peak / short_peak < 0.8 * long_pages / short_pages, (short_peak, long_peak)


def page_of(result, prefix: str) -> int | None:
    return next(
        p for line, p in zip(result.lines, result.pages, strict=False) if line.startswith(prefix)
    )


def test_pdf_paragraphs_equal_the_source_paragraphs(journal_pdf, journal_text):
    """Every source paragraph comes back as exactly one line, in order, with no furniture."""
    assert [ln for ln in journal_pdf.lines if ln] == journal_paragraphs(journal_text)
    assert journal_pdf.issues == ()


def test_pdf_paragraphs_are_separated_by_blank_lines(journal_pdf):
    """Output has the shape of the text sample: paragraph, blank line, paragraph, ..."""
    assert all(ln for ln in journal_pdf.lines[::2])
    assert all(ln == "" for ln in journal_pdf.lines[1::2])
    assert all(p is None for p in journal_pdf.pages[1::2])


def test_pdf_footnote_is_separated_and_its_mark_removed(journal_pdf):
    """Footnotes go to `footnotes` with their page and the line that carried the mark; the
    superscript mark leaves the title."""
    dec, addendum = (
        journal_pdf.lines.index(t) + 1
        for t in (
            "DECISION No. 1107",
            "ADDENDUM TO THE OSCE ACTION PLAN TO COMBAT "
            "TRAFFICKING IN HUMAN BEINGS: ONE DECADE LATER",
        )
    )
    assert journal_pdf.footnotes == (
        ExtractedFootnote(
            page=3,
            number="1",
            text="Reissued due to a correction to the title of the Addendum.",
            line=dec,
        ),
        ExtractedFootnote(
            page=4,
            number="1",
            text="The word “draft” has been removed from the title.",
            line=addendum,
        ),
    )
    assert "DECISION No. 1107" in journal_pdf.lines
    assert (
        "ADDENDUM TO THE OSCE ACTION PLAN TO COMBAT TRAFFICKING IN HUMAN BEINGS: ONE DECADE LATER"
        in journal_pdf.lines
    )


def test_pdf_pages_of_known_paragraphs(journal_pdf):
    """pages[i] is the page of the paragraph's first line; annexes start on new pages."""
    assert page_of(journal_pdf, "Chairmanship: Ukraine") == 1
    assert page_of(journal_pdf, "4. Next meeting:") == 2
    assert page_of(journal_pdf, "DECISION No. 1107") == 3
    assert page_of(journal_pdf, "ADDENDUM TO THE OSCE ACTION PLAN TO COMBAT") == 4
    assert page_of(journal_pdf, "DECISION No. 1108") == max(p for p in journal_pdf.pages if p)


def test_pdf_paragraph_continues_across_a_page_break(journal_pdf, journal_text):
    """A paragraph split by a page break is one line, numbered with the page it starts on."""
    paragraph = next(
        p for p in journal_paragraphs(journal_text) if p.startswith("- 2.1 Promoting the use")
    )
    assert page_of(journal_pdf, "- 2.1 Promoting the use") == 4
    assert paragraph in journal_pdf.lines
    assert paragraph.endswith("including the possibility of obtaining compensation.")


def test_pdf_furniture_holds_running_headers_and_footer_code(journal_pdf):
    """Running header (page number, symbol, date) from page 2 on and the page-1 code are
    furniture."""
    last = max(p for p in journal_pdf.pages if p)
    expected = [Furniture(1, "internal_code", INTERNAL_CODE)]
    for page in range(2, last + 1):
        expected += [
            Furniture(page, "page_number", f"- {page} -"),
            Furniture(page, "page_header", SYMBOL),
            Furniture(page, "page_header", DATE),
        ]
    assert [replace(f, line=None) for f in journal_pdf.furniture] == expected


def test_pdf_furniture_is_attached_to_the_text_running_on_its_page(journal_pdf):
    """A header belongs to the first line running on its page, the page-1 footer code to the
    last."""
    spans = [(p, e) for p, e in zip(journal_pdf.pages, journal_pdf.page_ends, strict=False)]
    for f in journal_pdf.furniture:
        start, end = spans[f.line - 1]
        assert start <= f.page <= end
        if f.kind == "page_header":  # nothing on its page comes before its line
            assert all(e is None or e < f.page for _, e in spans[: f.line - 1])
    code = journal_pdf.furniture[0]
    assert code.kind == "internal_code" and all(p is None or p > 1 for p, _ in spans[code.line :])


def test_pdf_lines_know_the_pages_they_run_over(journal_pdf, journal_text):
    """page_ends gives the page a paragraph ends on: later than its start for one broken by a page
    break."""
    i = next(
        i
        for i, ln in enumerate(journal_pdf.lines)
        if ln.startswith("- 4.1 Promoting regular training courses")
    )
    assert (journal_pdf.pages[i], journal_pdf.page_end(i)) == (4, 5)
    assert (
        sum(1 for p, e in zip(journal_pdf.pages, journal_pdf.page_ends, strict=False) if p != e)
        >= 1
    )
    assert all(
        (p is None) == (e is None) and (p is None or p <= e)
        for p, e in zip(journal_pdf.pages, journal_pdf.page_ends, strict=False)
    )


def test_pdf_keeps_real_hyphens_and_rejoins_soft_breaks(journal_pdf, journal_pdf_path):
    """Words broken at a line-end hyphen: co-operation and THB-related keep it, organi-zations loses
    it."""
    import pdfplumber

    with pdfplumber.open(journal_pdf_path) as pdf:
        raw = "\n".join(page.extract_text() for page in pdf.pages)
    for line_end in ("transplant organi-\n", "Partners for Co-\n", "programmes on THB-\n"):
        assert line_end in raw  # the layout really broke these words
    text = "\n".join(journal_pdf.lines)
    assert "with transplant organizations and" in text
    assert "Partners for Co-operation" in text
    assert "training programmes on THB-related issues" in text
    assert "organi-" not in text and "instru-" not in text


def test_hyphenation_on_controlled_line_ends(tmp_path):
    """Line ends placed by hand: prefix and capitalised compounds keep the hyphen, a split word
    loses it."""
    lines = [
        "The Office will continue to raise awareness and work in close co-",
        "operation with participating States and with relevant international organi-",
        "zations in the fight against trafficking, including through THB-",
        "related financial investigations and the protection of the victims of trafficking,",
        "and it will seek to finance the work of national and regional anti-",
        "trafficking units.",
    ]
    result = extract_pdf(make_lines_pdf(lines, tmp_path / "hyphens.pdf"))
    assert result.lines == (
        "The Office will continue to raise awareness and work in close co-operation with "
        "participating States and with relevant international organizations in the fight against "
        "trafficking, including through THB-related financial investigations and the protection "
        "of the victims of trafficking, "
        "and it will seek to finance the work of national and regional anti-trafficking units.",
    )


def test_damaged_pdf_gives_issue(tmp_path):
    """Truncated bytes give a damaged-pdf error and no exception."""
    result = extract_pdf(make_damaged_pdf(tmp_path / "damaged.pdf"))
    assert [(i.level, i.code) for i in result.issues] == [("error", "damaged-pdf")]
    assert result.lines == ()


def test_empty_pdf_gives_issue(tmp_path):
    """A PDF without pages gives an empty-pdf issue."""
    result = extract_pdf(make_empty_pdf(tmp_path / "empty.pdf"))
    assert [(i.level, i.code) for i in result.issues] == [("error", "empty-pdf")]


def test_image_only_pdf_gives_no_text_layer(tmp_path):
    """A scan (only an image on the page) gives no-text-layer; OCR is out of scope."""
    result = extract_pdf(make_image_only_pdf(tmp_path / "scan.pdf"))
    assert [(i.level, i.code) for i in result.issues] == [("error", "no-text-layer")]
    assert "OCR" in result.issues[0].message


def test_encrypted_pdf_gives_issue(tmp_path):
    """A PDF that needs a user password gives encrypted-pdf."""
    result = extract_pdf(make_encrypted_pdf(tmp_path / "locked.pdf"))
    assert [(i.level, i.code) for i in result.issues] == [("error", "encrypted-pdf")]


def test_missing_file_gives_issue(tmp_path):
    """A path that does not exist is reported, not raised."""
    result = extract_pdf(tmp_path / "nothing.pdf")
    assert [i.code for i in result.issues] == ["damaged-pdf"]


@pytest.fixture(scope="module")
def journal_docx(tmp_path_factory, journal_text):
    return extract_docx(
        make_journal_docx(journal_text, tmp_path_factory.mktemp("docx") / "journal.docx")
    )


def test_docx_paragraphs_equal_the_source_paragraphs(journal_docx, journal_text):
    """DOCX paragraphs come back one per line, in order, with blank lines between and no pages."""
    assert [ln for ln in journal_docx.lines if ln] == journal_paragraphs(journal_text)
    assert set(journal_docx.pages) == {None}
    assert journal_docx.issues == ()


def test_docx_footnotes_and_header_footer(journal_docx):
    """Footnotes come from word/footnotes.xml, numbered as Word shows them; header/footer are
    furniture."""
    dec, addendum = (
        journal_docx.lines.index(t) + 1
        for t in (
            "DECISION No. 1107",
            "ADDENDUM TO THE OSCE ACTION PLAN TO COMBAT "
            "TRAFFICKING IN HUMAN BEINGS: ONE DECADE LATER",
        )
    )
    assert journal_docx.footnotes == (
        ExtractedFootnote(
            None, "1", "Reissued due to a correction to the title of the Addendum.", line=dec
        ),
        ExtractedFootnote(
            None, "2", "The word “draft” has been removed from the title.", line=addendum
        ),
    )
    assert "DECISION No. 1107" in journal_docx.lines
    assert journal_docx.furniture == (
        Furniture(None, "page_header", SYMBOL),
        Furniture(None, "page_header", DATE),
        Furniture(None, "page_footer", INTERNAL_CODE),
    )


def test_damaged_docx_gives_issue(tmp_path):
    """A truncated DOCX gives damaged-docx and no exception."""
    result = extract_docx(make_damaged_docx(tmp_path / "damaged.docx"))
    assert [(i.level, i.code) for i in result.issues] == [("error", "damaged-docx")]
