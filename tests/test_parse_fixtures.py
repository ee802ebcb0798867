"""Whole-record tests of each parse module, parlparse style: an input snippet and the
records the module makes of it, whole.

tests/parse_fixtures/<module>/<case>.txt holds a snippet of a real journal (from sources/
or ../shared/journals, as printed there); <case>.json beside it holds every record the
module returns for it, frozen dataclasses written out as dicts. RUNNERS below says how
each module is run on a snippet. A change in any field of any record fails the case.

To write the expected JSON again after a deliberate change (then read every changed
record by eye before committing it; see tests/parse_fixtures/README.md):

    .venv/bin/python tests/test_parse_fixtures.py            # every case
    .venv/bin/python tests/test_parse_fixtures.py agenda     # one module's cases
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest

from build_data.extract.model import ExtractedText
from build_data.extract.text import extract_text
from build_data.parse.action_items import parse_annex
from build_data.parse.after_journal import parse_after_journal
from build_data.parse.agenda import parse_agenda
from build_data.parse.classify import classify
from build_data.parse.decision_text import parse_decision_body
from build_data.parse.doc_header import read_doc_header
from build_data.parse.document import parse_document
from build_data.parse.footnotes import take_footnotes
from build_data.parse.furniture import separate
from build_data.parse.lines import clean, content_lines
from build_data.parse.meeting_header import parse_header
from build_data.parse.notes_before_agenda import split_notes
from build_data.parse.paragraphs import rejoin
from build_data.parse.records import Line
from build_data.parse.repeats import drop_repeat
from build_data.parse.site import take_site_text
from build_data.parse.speakers import parse_speakers
from build_data.parse.split import split_lines

FIXTURES = Path(__file__).resolve().parent / "parse_fixtures"


def lines_of(text: str) -> list[Line]:
    """The snippet's non-blank lines as the parse modules receive them: numbered from 1 as
    in the snippet, cleaned of emphasis and runs of spaces, not joined or split."""
    out = []
    for no, raw in enumerate(text.splitlines(), start=1):
        if cleaned := clean(raw):
            out.append(Line(no, cleaned))
    return out


def extracted(text: str) -> ExtractedText:
    return extract_text(text.encode("utf-8"))[0]


def site_text(lines: list[Line]):
    """take_site_text as parse_document calls it: on the lines split at their boundaries
    and cleared of page furniture, told which lines that furniture held."""
    lines, furniture = separate(split_lines(lines))
    kinds = {n: f.kind for f in furniture for n in range(f.span.start, f.span.end + 1)}
    return take_site_text(lines, kinds)


# How each module is run on a snippet: module -> text -> what it returns.
RUNNERS = {
    "lines": lambda text: content_lines(extracted(text)),
    "split": lambda text: split_lines(lines_of(text)),
    "furniture": lambda text: separate(lines_of(text)),
    "footnotes": lambda text: take_footnotes(lines_of(text), "journal"),
    "repeats": lambda text: drop_repeat(split_lines(lines_of(text))),
    "site": lambda text: site_text(lines_of(text)),
    "classify": classify,
    "doc_header": lambda text: read_doc_header(lines_of(text)),
    "meeting_header": lambda text: parse_header(lines_of(text)),
    "notes_before_agenda": lambda text: split_notes(lines_of(text)),
    "speakers": lambda text: parse_speakers(lines_of(text), "statement", 1),
    "agenda": lambda text: parse_agenda(lines_of(text)),
    "decision_text": lambda text: parse_decision_body(lines_of(text)),
    # as after_journal feeds it: footnotes out, paragraphs broken by a page joined again
    "action_items": lambda text: parse_annex(rejoin(take_footnotes(lines_of(text), "")[0])),
    "after_journal": lambda text: parse_after_journal(lines_of(text), "PC"),
    "document": lambda text: parse_document(extracted(text)),
}


def as_data(value):
    """Records as JSON data: a dataclass as a dict of its fields (its class name first),
    tuples and lists as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: as_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"record": type(value).__name__, **fields}
    if isinstance(value, (list, tuple)):
        return [as_data(v) for v in value]
    if isinstance(value, dict):
        return {k: as_data(v) for k, v in value.items()}
    return value


def records(module: str, snippet: Path):
    return as_data(RUNNERS[module](snippet.read_text(encoding="utf-8")))


def dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


CASES = sorted(FIXTURES.glob("*/*.txt"))


@pytest.mark.parametrize("snippet", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_records_of_snippet(snippet: Path):
    """The records a parse module makes of a journal snippet are the expected ones, whole."""
    expected = json.loads(snippet.with_suffix(".json").read_text(encoding="utf-8"))
    assert records(snippet.parent.name, snippet) == expected


def test_every_module_has_cases():
    """Every module in RUNNERS has at least one case, and every case folder a runner."""
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    with_cases = {p.parent.name for p in CASES}
    assert (folders, with_cases) == (set(RUNNERS), set(RUNNERS))


def regenerate(modules: list[str]) -> None:
    for snippet in CASES:
        if not modules or snippet.parent.name in modules:
            target = snippet.with_suffix(".json")
            new = dump(records(snippet.parent.name, snippet))
            old = target.read_text(encoding="utf-8") if target.exists() else None
            if new != old:
                target.write_text(new, encoding="utf-8")
                print(f"wrote {target.relative_to(FIXTURES.parent.parent)}")


if __name__ == "__main__":
    regenerate(sys.argv[1:])
