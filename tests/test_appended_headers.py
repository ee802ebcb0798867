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
