"""Page furniture told from running text (build_data/parse/furniture.py), whole records."""

from __future__ import annotations

from build_data.parse.furniture import separate
from build_data.parse.records import FurnitureItem, Line, Span


def _lines(*texts: str) -> list[Line]:
    return [Line(no, text, page=1) for no, text in enumerate(texts, start=1)]


def test_a_page_header_printed_over_lines_is_one_item():
    """'- 2 -' then the symbol (with its date on the same line or the next) is one page
    header, whichever way the copy broke it; the text around it stays content."""
    for header in (("FSC.DEC/8/15 16 December 2015",), ("FSC.DEC/8/15", "16 December 2015")):
        content, furniture = separate(
            _lines("developments", "- 2 -", *header, "– Brief introductions by panellists")
        )
        last = 2 + len(header)
        assert content == [
            Line(1, "developments", page=1),
            Line(last + 1, "– Brief introductions by panellists", page=1),
        ]
        assert furniture == [
            FurnitureItem("page_header", "\n".join(("- 2 -", *header)), Span(2, last), 1)
        ]


def test_a_symbol_that_is_no_page_header_stays_text():
    """A symbol line that follows running text, not a page number, is content."""
    content, furniture = separate(_lines("as set out in", "FSC.DEC/8/15 16 December 2015"))
    assert (content, furniture) == (_lines("as set out in", "FSC.DEC/8/15 16 December 2015"), [])


def test_a_footer_code_glued_to_the_last_speaker_is_furniture():
    """'Norway PCOEJ1187': the page footer's code goes to furniture, the State stays."""
    content, furniture = separate(_lines("Agenda item 1: REVIEW", "Norway PCOEJ1187"))
    assert content == _lines("Agenda item 1: REVIEW", "Norway")
    assert furniture == [FurnitureItem("page_footer", "PCOEJ1187", Span(2, 2), 1)]
