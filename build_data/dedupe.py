"""The same journal read twice is built once: dedupe picks the copy to build and returns
the others as new records that keep only their sources row, their text and an issue."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from .issues import REPLACED, issue_row
from .source_rows import SourceRows, complete_row


def dedupe(results: list[SourceRows]) -> list[SourceRows]:
    """The records, in the same order, with the same journal read twice (two files, text
    and PDF, two renderings of one text) built once, from the copy read best: a
    corrigendum supersedes its original; among copies of one version, the one with the
    fewest parse issues, then the most lines (a text that kept its line breaks), then the
    first id. A copy whose first lines are lost (no title, so no meeting number) is a copy
    of the titled meeting with its journal symbol, and is built only when it is the only
    one."""
    by_meeting: dict[str, list[int]] = defaultdict(list)
    titled: dict[str, set[str]] = defaultdict(set)  # journal symbol: its titled meetings
    for r in results:
        if r.titled and r.journal and r.meeting_ids:
            titled[r.journal].add(r.meeting_ids[0])
    for i, r in enumerate(results):
        for mid in r.meeting_ids[:1]:
            # a copy whose first lines are lost joins the one titled meeting of its journal
            same = titled.get(r.journal, set()) if not r.titled and r.journal else set()
            by_meeting[next(iter(same)) if len(same) == 1 else mid].append(i)
    out = list(results)
    for mid, group in sorted(by_meeting.items()):
        if len(group) < 2:
            continue
        winner = min((results[i] for i in group), key=rank)
        for i in group:
            if results[i] is not winner:
                out[i] = beaten(results[i], winner, mid)
    return out


def rank(r: SourceRows) -> tuple:
    """The copy of a journal that is built is the one of lowest rank (see dedupe): a copy
    that prints its title before one whose first lines are lost (even a corrigendum: what
    it corrects may be on the lost lines, and the rest is lost with them)."""
    return (not r.titled, -(r.corrigendum or 0), r.issues, -r.source["line_count"], r.id)


def beaten(r: SourceRows, winner: SourceRows, mid: str) -> SourceRows:
    """The copy `r` of the journal `mid` when `winner` is the copy built."""
    if (r.corrigendum or 0) < (winner.corrigendum or 0):
        return replaced(
            r,
            "superseded",
            f"This journal ({mid}) is superseded by the corrigendum in "
            f"{winner.source['filename']}; only the corrigendum is built.",
            superseded_by=winner.id,
        )
    return replaced(
        r,
        "duplicate-journal",
        f"This journal ({mid}) was already read from {winner.source['filename']}; it "
        "is built once, from that file.",
        duplicate_of=winner.id,
    )


def same_bytes(result: SourceRows, first_id: str) -> SourceRows:
    """A second file with the same bytes as the source `first_id`: built once (a file
    that is unreadable or not a journal keeps its own issues)."""
    if result.source["doc_kind"] in ("unreadable", "not_recognised"):
        return dataclasses.replace(result, source={**result.source, "duplicate_of": first_id})
    return replaced(
        result,
        "duplicate-file",
        f"This file has the same content as another input ({first_id}); it is built once.",
        duplicate_of=first_id,
    )


def replaced(result: SourceRows, code: str, message: str, **source: str) -> SourceRows:
    """A copy that is not built: the same record with its sources row changed by
    `source`, the warning `code` in place of its records and no meetings."""
    span = {"line_start": result.span[0], "line_end": result.span[1]}
    issue = issue_row(result.id, "file", REPLACED, "warning", code, message, span=span)
    return dataclasses.replace(
        result,
        source={**result.source, **source},
        replacement=(complete_row("parse_issues", issue),),
        meeting_ids=(),
        content=False,
    )
