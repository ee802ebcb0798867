"""read_source gives one frozen record per source, and dedupe returns new records rather
than changing the ones it is given."""

from __future__ import annotations

import dataclasses
import hashlib
import os

import pytest
from conftest import BUNDLED

from build_data.dedupe import dedupe
from build_data.normalize.actors import load_registry
from build_data.read import read_source
from build_data.source_rows import complete_row


def test_an_unreadable_file_is_a_record_with_one_issue(tmp_path):
    """A folder given as a file: its sources row (id from the path), one error issue
    about the file as a whole, no records, the message for the report."""
    path = tmp_path / "not-a-file.txt"
    path.mkdir()
    result = read_source(path, load_registry(), ocr=False)
    sha = hashlib.sha256(os.fsencode(path)).hexdigest()
    message = (
        f"{path}: cannot be read (not a regular file but a pipe, "
        "socket or device); check that it is a readable file."
    )
    assert result.as_dicts() == {
        "parse_issues": [
            {
                "id": f"{sha[:12]}/x01",
                "source_id": sha[:12],
                "level": "error",
                "code": "unreadable-file",
                "message": message,
                "excerpt": "",
                "line_start": 0,
                "line_end": 0,
            }
        ],
        "persons": [],
    }
    assert dataclasses.replace(result, packed=None, shared=None) == dataclasses.replace(
        result,
        source={
            "id": sha[:12],
            "filename": "not-a-file.txt",
            "sha256": sha,
            "format": "unknown",
            "encoding": None,
            "bytes": 0,
            "line_count": 0,
            "doc_kind": "unreadable",
            "symbol": None,
            "duplicate_of": None,
            "superseded_by": None,
        },
        meeting_ids=(),
        corrigendum=None,
        messages=(message,),
        warnings=(),
        span=(0, 0),
        records=1,
        issues=1,
        content=False,
        packed=None,
        shared=None,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.records = 0


def test_dedupe_returns_new_records(tmp_path):
    """The same journal as text and with CRLF line ends (other bytes, the same meeting):
    the copy with the higher id keeps only a duplicate-journal warning and names the one
    built; the records given to dedupe are as they were."""
    text = BUNDLED.read_bytes()
    (tmp_path / "a.txt").write_bytes(text)
    (tmp_path / "b.txt").write_bytes(text.replace(b"\n", b"\r\n"))
    registry = load_registry()
    given = [read_source(tmp_path / n, registry, ocr=False) for n in ("a.txt", "b.txt")]
    before = [dataclasses.replace(r, source=dict(r.source)) for r in given]
    winner, loser = sorted(given, key=lambda r: r.id)
    out = dedupe(given)
    assert given == before
    kept = out[given.index(winner)]
    dropped = out[given.index(loser)]
    assert kept is winner
    message = (
        "This journal (pc-976) was already read from "
        f"{winner.source['filename']}; it is built once, from that file."
    )
    assert dropped == dataclasses.replace(
        loser,
        source={**loser.source, "duplicate_of": winner.id},
        meeting_ids=(),
        content=False,
        replacement=(
            complete_row(
                "parse_issues",
                {
                    "id": f"{loser.id}/x99",
                    "source_id": loser.id,
                    "level": "warning",
                    "code": "duplicate-journal",
                    "message": message,
                    "excerpt": "",
                    "line_start": loser.span[0],
                    "line_end": loser.span[1],
                },
            ),
        ),
    )
