"""A text with page breaks (form feeds, as pdftotext writes them) is read like a PDF, by
build_data/extract/paged.py; tests/test_renderings_pdftotext.py checks it on real pdftotext
output of whole journals, this file on a small text that shows each rule."""

from __future__ import annotations

from build_data.extract.model import ExtractedFootnote, ExtractedText, Furniture
from build_data.extract.text import extract_text

# Two pages as pdftotext prints them without -layout: the internal code at the foot of page 1,
# below a footnote whose number stands alone and whose mark is glued to a number ('11071'
# where '1107' occurs); page 2's running header printed once, with its page number.
TWO_PAGES = """Chairmanship: Ukraine

DECISION No. 11071
The Permanent Council adopted Decision No. 1107 on furthering co-
operation.
Canada, Chairperson

1

Reissued due to a correction to the title.

PCOEJ976
\f-2-

PC.JOUR/976
6 December 2013
4. Next meeting:
Thursday, 12 December 2013, at 10 a.m.
\f"""


def test_two_pages_read_like_a_pdf():
    """Paragraphs one line each with blank lines between, with the page they stand on; the
    hyphen of a compound broken at a line end kept (co-operation), a sentence ending at the
    margin ends its paragraph; the footnote on page 1 attached to the line that carried its
    mark (taken out of '11071'); the internal code, the page number and the running header
    (symbol and date printed once, beside the page number) are furniture beside the first or
    last line of their page."""
    extracted, encoding = extract_text(TWO_PAGES.encode("utf-8"))
    lines = (
        "Chairmanship: Ukraine",
        "DECISION No. 1107",
        "The Permanent Council adopted Decision No. 1107 on furthering co-operation.",
        "Canada, Chairperson",
        "4. Next meeting:",
        "Thursday, 12 December 2013, at 10 a.m.",
    )
    pages = (1, 1, 1, 1, 2, 2)
    spaced = tuple(x for line in lines for x in ("", line))[1:]
    spaced_pages = tuple(x for page in pages for x in (None, page))[1:]
    assert encoding == "utf-8"
    assert extracted == ExtractedText(
        format="text",
        lines=spaced,
        pages=spaced_pages,
        page_ends=spaced_pages,
        footnotes=(
            ExtractedFootnote(
                page=1, number="1", text="Reissued due to a correction to the title.", line=3
            ),
        ),
        furniture=(
            Furniture(page=1, kind="internal_code", text="PCOEJ976", line=7),
            Furniture(page=2, kind="page_number", text="-2-", line=9),
            Furniture(page=2, kind="page_header", text="PC.JOUR/976", line=9),
            Furniture(page=2, kind="page_header", text="6 December 2013", line=9),
        ),
    )


def test_text_without_form_feeds_is_read_as_it_is():
    """Without a form feed nothing of the above applies: every line is kept as it stands."""
    text = TWO_PAGES.replace("\f", "")
    extracted, _ = extract_text(text.encode("utf-8"))
    assert extracted == ExtractedText(
        "text", tuple(text.split("\n")[:-1]), (None,) * (len(text.split("\n")) - 1)
    )
