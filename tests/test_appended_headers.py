"""The headers of the documents appended to a journal as the text layer of a two-column PDF
gives them: read across, a header's columns share lines ('Organization for Security and
Co-operation in Europe PC.DEC/1', 'Permanent Council 17 February 1995', 'PC.JOUR/3 20
January 1995 Annex 1', 'ENGLISH Original: ITALIAN'), and an annex's later pages carry its
number in their running header ('- 2 - PC.JOUR/136 7 March 1997 Annex 5', or 'Annex 1' on
the line after the header's date). Each appended document is then read with its own
header: every annex of the journal is an annexed statement with its number, every
attachment of a decision an interpretative statement; none holds the next document's
header in its text. (Before, 857 of the 1,237 annexes of 300 generated journals were read
as such, 735 statements as attachments where 158 were, and 80 texts ended with the next
document's first lines.)"""

from __future__ import annotations

import re

import pytest

from benchmarks import synth
from benchmarks.renderings import records

JOURNALS = [synth.journal_text(m) for m in synth.iter_meetings(0, 40)]
ANNEX_RE = re.compile(r"(?:^|\s)Annex (\d+)$", re.MULTILINE)
ATTACHMENT_RE = re.compile(r"(\S+\.DEC/\S+)\s+\d{1,2} \w+ \d{4}\s+Attachment (\d+)")
HEAD_WORDS = ("Organization for Security and Co-operation in Europe", "Original:")


def test_the_journals_print_their_headers_in_both_layouts():
    texts = "\n".join(JOURNALS)
    assert re.search(r"^PC\.JOUR/\d+ \d+ \w+ \d{4} Annex \d+$", texts, re.MULTILINE)
    assert re.search(r"^PC\.JOUR/\d+\n\d+ \w+ \d{4}\nAnnex \d+$", texts, re.MULTILINE)
    assert re.search(r"^- \d+ - \S+ \d+ \w+ \d{4} Annex \d+$", texts, re.MULTILINE)
    assert ATTACHMENT_RE.search(texts)


@pytest.mark.parametrize("k", range(len(JOURNALS)))
def test_each_appended_document_is_read_with_its_own_header(k):
    text = JOURNALS[k]
    got = [dict(r) for r in records(text)["statements"]]
    annexes = sorted(r["annex_number"] for r in got if r["kind"] == "annexed_statement")
    assert annexes == sorted({int(n) for n in ANNEX_RE.findall(text)})
    attachments = [r for r in got if r["kind"] == "interpretative_statement"]
    assert len(attachments) == len(set(ATTACHMENT_RE.findall(text)))
    for r in got:
        assert not any(w in (r["text"] or "") for w in HEAD_WORDS), r["id"]


BUNDLED = __import__("benchmarks.renderings", fromlist=["clean_texts"]).clean_texts()["bundled"]
# Lines inside an appended document that look like a header's first line but stand in its
# text (from a review): each after the line it follows, and the text that must stay with it.
IN_TEXT = {
    "organisation-in-a-sentence": (
        "Decides to request the Chairperson of the Permanent Council to transmit",
        "Recalling the Charter for European Security and the role of the\n"
        "Organization for Security and Co-operation in Europe (OSCE)\n"
        "as a primary instrument for early warning and conflict prevention,\n",
        "as a primary instrument for early warning",
    ),
    "symbol-and-date-rows": (
        "Decides to request the Chairperson of the Permanent Council to transmit",
        "The documents were prepared in accordance with the following decisions:\n\n"
        "PC.DEC/1100 14 November 2013\nPC.DEC/1104 28 November 2013\n\n"
        "and shall be transmitted together.\n",
        "and shall be transmitted together",
    ),
    "organisation-alone-in-a-letter": (
        "By the delegation of Armenia:",
        "The Permanent Representative of Armenia to the\n"
        "Organization for Security and Co-operation in Europe\n"
        "presents his compliments and has the honour to convey the following statement:\n",
        "presents his compliments",
    ),
    "body-alone-in-an-address": (
        "By the delegation of the Holy See:",
        "Letter to the Chairperson of the\nPermanent Council\n"
        "from the Permanent Observer Mission of the Holy See\n",
        "from the Permanent Observer Mission",
    ),
}


@pytest.mark.parametrize("case", list(IN_TEXT))
def test_a_header_like_line_inside_a_text_is_text(tmp_path, case):
    from build_data.normalize.actors import load_registry
    from build_data.read import read_source

    after, inserted, kept = IN_TEXT[case]
    at = BUNDLED.index("\n", BUNDLED.index(after)) + 1
    text = BUNDLED[:at] + "\n" + inserted + "\n" + BUNDLED[at:]
    path = tmp_path / "journal.txt"
    path.write_text(text, encoding="utf-8")
    rows = read_source(path, load_registry(), ocr=False).as_dicts()
    assert "unrecognised-text" not in {i["code"] for i in rows.get("parse_issues", [])}
    texts = [r["text"] or "" for r in rows["decisions"] + rows["statements"]]
    assert any(kept in t for t in texts)
    assert len(rows["action_items"]) == 52
