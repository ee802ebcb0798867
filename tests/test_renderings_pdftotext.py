"""Issue 12: the text that poppler's pdftotext gives of a journal's PDF, with and without
-layout, is read like the PDF: running headers, page numbers and internal codes are page
furniture, footnotes are footnotes (attached to the line that carried their mark), and the
paragraphs broken by lines and pages are joined again, so the journal gives the same records
as its text, ids included (only provenance and line counts may differ).

The PDFs are made by tests/fixtures_docs.py: the bundled journal as the PDF-ingest tests make
it, and each journal of ../shared/journals with a running header carrying its own symbol and
date from page 2, its internal code in the first page's footer and its footnotes at the foot
of the page, on pages as wide as A4, of A4's height and of half of it (the excerpts are short:
on half pages they run over several). The bundled journal's PDF holds its two footnotes, so
its records are compared with those of the bundled text, which has them as lines.
"""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest
from conftest import SHARED
from fixtures_docs import clean_journal_text, furnished, make_journal_pdf, sample_text

from benchmarks.renderings import differences, pdftotext, records
from build_data.extract.pdf import extract_pdf
from build_data.extract.text import extract_text

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason=(
        "pdftotext is not installed (apt-get install poppler-utils): "
        "the renderings of a PDF by poppler cannot be made"
    ),
)

MODES = {"pdftotext": False, "pdftotext-layout": True}
JOURNALS = SHARED / "journals"
PAGES = {"a4": None, "half-a4": (595.2756, 841.8898 / 2)}


def _shared_journals() -> list[Path]:
    if not JOURNALS.is_dir():
        return []
    expected = {
        p: json.loads((JOURNALS / "expected" / f"{p.stem}.json").read_text(encoding="utf-8"))
        for p in sorted(JOURNALS.glob("*.txt"))
    }
    return [p for p, e in expected.items() if e.get("is_journal")]


SHARED_JOURNALS = _shared_journals()


@pytest.fixture(scope="module")
def bundled_pdf(tmp_path_factory) -> Path:
    return make_journal_pdf(
        clean_journal_text(sample_text()),
        tmp_path_factory.mktemp("pdftotext") / "pc-journal-976.pdf",
    )


@pytest.mark.parametrize("mode", MODES)
def test_bundled_journal_same_records(bundled_pdf, mode):
    """pdftotext's text of the bundled journal's PDF gives every record of the bundled
    journal, footnotes included, and no other."""
    expected = records(sample_text())
    got = records(pdftotext(bundled_pdf, MODES[mode]))
    assert got == expected, "\n".join(differences(expected, got))


@pytest.mark.parametrize("mode", MODES)
def test_bundled_journal_read_as_the_pdf_is(bundled_pdf, mode):
    """The paged text is read as the PDF extractor reads the PDF itself: the same paragraphs
    with the same pages, the same footnotes on the same lines, the same furniture of the same
    kinds beside the same lines (pdftotext prints '- 2 -' as '-2-')."""
    pdf = extract_pdf(bundled_pdf)
    text, encoding = extract_text(pdftotext(bundled_pdf, MODES[mode]).encode("utf-8"))
    assert (text.format, encoding, text.issues) == ("text", "utf-8", ())
    assert (text.lines, text.pages, text.page_ends, text.footnotes) == (
        pdf.lines,
        pdf.pages,
        pdf.page_ends,
        pdf.footnotes,
    )
    assert [(f.page, f.kind, f.text.replace(" ", ""), f.line) for f in text.furniture] == [
        (f.page, f.kind, f.text.replace(" ", ""), f.line) for f in pdf.furniture
    ]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "path", SHARED_JOURNALS or [None], ids=[p.stem for p in SHARED_JOURNALS] or ["absent"]
)
def test_shared_journal_same_records(path, mode, page, tmp_path):
    """pdftotext's text of a PDF of a shared journal gives the records of the journal's text."""
    if path is None:
        pytest.skip(
            f"{JOURNALS} is absent: the shared journal excerpts are not available on this machine"
        )
    expected_fields = json.loads(
        (JOURNALS / "expected" / f"{path.stem}.json").read_text(encoding="utf-8")
    )
    day = datetime.date.fromisoformat(expected_fields["date"])
    text = path.read_text(encoding="utf-8")
    body, furnishing = furnished(text, expected_fields["journal_symbol"], f"{day.day} {day:%B %Y}")
    try:
        pdf = make_journal_pdf(
            body, tmp_path / f"{path.stem}.pdf", furnishing=furnishing, pagesize=PAGES[page]
        )
    except FileNotFoundError as err:
        pytest.skip(str(err))
    expected = records(text)
    got = records(pdftotext(pdf, MODES[mode]))
    assert got == expected, "\n".join(differences(expected, got))


def test_shared_journal_pdf_has_its_furniture(tmp_path):
    """The shared journals' PDFs print what the tests above claim: a running header with the
    journal's symbol and date on every page from the second, its internal code on the first,
    and the corrigendum's footnote at the foot of the first page, read back as such."""
    if not SHARED_JOURNALS:
        pytest.skip(
            f"{JOURNALS} is absent: the shared journal excerpts are not available on this machine"
        )
    text = (JOURNALS / "fsc-947-corr1.txt").read_text(encoding="utf-8")
    body, furnishing = furnished(text, "FSC.JOUR/953/Corr.1", "27 May 2020")
    pdf = make_journal_pdf(
        body, tmp_path / "fsc-947-corr1.pdf", furnishing=furnishing, pagesize=PAGES["half-a4"]
    )
    extracted, _ = extract_text(pdftotext(pdf, True).encode("utf-8"))
    pages = max(p for p in extracted.pages if p)
    assert pages >= 3
    assert [(f.page, f.kind, f.text) for f in extracted.furniture] == [
        (1, "internal_code", "FSCEJ953")
    ] + [
        (n, kind, t)
        for n in range(2, pages + 1)
        for kind, t in (
            ("page_number", f"-{n}-"),
            ("page_header", "FSC.JOUR/953/Corr.1"),
            ("page_header", "27 May 2020"),
        )
    ]
    (note,) = extracted.footnotes
    assert (note.page, note.number, note.text) == (
        1,
        "1",
        "Includes corrections to the speaker list of agenda item 1.",
    )
    assert extracted.lines[note.line - 1].startswith(
        "FSC.JOUR/953/Corr.1 Organization for Security"
    )
