"""patterns.one_of: one pattern that matches where any of its parts would, each with its flags."""

from __future__ import annotations

import re

import pytest

from build_data.parse.patterns import one_of

PARTS = [
    re.compile(r"^decision no\. \d+", re.IGNORECASE),
    re.compile(r"^Annex$", re.MULTILINE),
    re.compile(r"begin.end", re.DOTALL),
    re.compile(
        r"""
        PC\.DEC/   # a decision of the Permanent Council
        \d+        # its number""",
        re.VERBOSE,
    ),
    re.compile(r"^Agenda item \d+:"),
]
TEXTS = [
    "DECISION No. 1107",
    "decision no. 9",
    "Preamble\nAnnex\nText",
    "ANNEX",
    "begin\nend",
    "beginXend",
    "see PC.DEC/1107 and",
    "see pc.dec/1107",
    "Agenda item 3: Review",
    "agenda item 3: review",
    "nothing here",
]


@pytest.mark.parametrize("text", TEXTS)
def test_one_of_matches_where_any_part_matches(text):
    joined = one_of(*PARTS)
    assert bool(joined.search(text)) == any(p.search(text) for p in PARTS)
    assert bool(joined.match(text)) == any(p.match(text) for p in PARTS)
