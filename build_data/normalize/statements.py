"""statements rows and what hangs on them (statement_documents, statement_annexes,
statement_alignments): a speaker entry of an agenda item, and the interpretative or
annexed statements attached to the journal."""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from ..parse.records import SpeakerEntry
from .builder import SourceBuilder, prov
from .symbols import SymbolMatch, find_symbols

EU_RE = re.compile(r"^(?P<by>.|.+?(?<!\s))\s*[-–]\s*(?:the\s+)?European Union$")
ANNEX_RE = re.compile(r"^Annex(?:es)?\s+(\d+)", re.IGNORECASE)
# The gap may not hold the phrase again: each search then scans the text once (the match
# can start at a later 'interpretative statement', its group is the same).
ATTACHMENT_RE = re.compile(
    r"interpretative statement(?:(?!interpretative statement).)*?see attachment(?:\s+(\d+))?",
    re.IGNORECASE,
)
ALIGN_RE = re.compile(r"^with\b(.*)\bin alignment$", re.IGNORECASE | re.DOTALL)
DIGITS_RE = re.compile(r"\d+")
THE_RE = re.compile(r"^the\s+", re.IGNORECASE)
BEHALF_RE = re.compile(r"^(?:also\s+)?on behalf of\s+(.+)$", re.IGNORECASE)
STATUS_RE = re.compile(
    r"^(?:(?:Asian|Mediterranean)\s+)?Partners? for Co-operation$|^[A-Z][a-z]+$", re.IGNORECASE
)


@functools.lru_cache(maxsize=8192)
def _symbols_in(parenthetical: str, body: str | None) -> tuple[SymbolMatch, ...]:
    """find_symbols of a speaker's parenthetical, remembered: the same notes and alignment
    lists come back journal after journal (searching them was a fifth of normalizing)."""
    return tuple(find_symbols(parenthetical, default_body=body))


def entry_rows(
    b: SourceBuilder,
    meeting_id: str,
    item_id: str | None,
    entry: SpeakerEntry,
    decision_id: str | None,
    sid: str | None = None,
):
    sid = sid or f"{item_id}/s{entry.position}"
    label = entry.label
    status = [p for p in entry.parentheticals if STATUS_RE.match(p) and not _symbols_in(p, None)]
    printed = " ".join([label, *(f"({p})" for p in status)]) if label else label
    delivered_by = None
    where = prov(b.source, entry.span)
    eu = EU_RE.match(label) if "European Union" in label else None  # the test spares the regex
    if eu:
        actor_id, method = b.resolve("European Union", entry.span)
        delivered_by, _ = b.resolve(eu.group("by"), entry.span)
    else:
        actor_id, method = b.resolve(label, entry.span)
    if not label:
        b.issue(
            "warning",
            "blanked-name",
            "A speaker entry has no name (the hosting site "
            "removed it); the statement is kept with no actor.",
            entry.span,
            "; ".join(entry.parentheticals),
        )
    annex = attachment = None
    stmt_decision = None
    alignments: list[tuple[str, str, str]] = []
    for p in entry.parentheticals:
        symbols = _symbols_in(p, b.body)
        if symbols:
            for m in symbols:
                key = b.document(m, entry.span)
                b.rows["statement_documents"].append(
                    {
                        "statement_id": sid,
                        "document_symbol": key,
                        "printed": m.printed,
                        **where,
                    }
                )
            continue
        if m := ANNEX_RE.match(p):
            annex = annex or int(m.group(1))
            for number in DIGITS_RE.findall(p):
                b.rows["statement_annexes"].append(
                    {"statement_id": sid, "annex_number": int(number), **where}
                )
        elif m := ATTACHMENT_RE.search(p):
            attachment = int(m.group(1)) if m.group(1) else 0
            stmt_decision = decision_id
        elif m := ALIGN_RE.match(p):
            alignments += [
                ("aligned", lab, aid) for lab, aid in b.states_in(m.group(1), entry.span)
            ]
        elif m := BEHALF_RE.match(p):
            alignments += [
                ("on_behalf_of", lab, aid) for lab, aid in b.states_in(m.group(1), entry.span)
            ]
        elif not STATUS_RE.match(p):
            b.issue(
                "warning",
                "unrecognised-parenthetical",
                f"The note '({p})' after speaker '{label}' "
                "was not understood; it is kept only here.",
                entry.span,
                p[:200],
            )
    if alignments:
        _alignment_rows(b, sid, alignments, where)
    b.rows["statements"].append(
        {
            "id": sid,
            "meeting_id": meeting_id,
            "agenda_item_id": item_id,
            "position": entry.position,
            "speaker_label": printed or None,
            "actor_id": actor_id,
            "delivered_by_actor_id": delivered_by,
            "kind": entry.kind,
            "decision_id": stmt_decision,
            "attachment_number": attachment or None,
            "annex_number": annex,
            "entry_id": None,
            "resolution": method,
            "text": None,
            **where,
        }
    )
    return sid, actor_id, attachment


def _alignment_rows(
    b: SourceBuilder, sid: str, alignments: list[tuple[str, str, str]], where: dict
) -> None:
    """statement_alignments rows of a statement: (relation, label, actor id) in order, an
    actor once per relation."""
    seen = set()
    positions: dict[str, int] = defaultdict(int)  # per relation
    for relation, lab, aid in alignments:
        key = (relation, aid)
        if key in seen:
            continue
        seen.add(key)
        positions[relation] += 1
        b.rows["statement_alignments"].append(
            {
                "statement_id": sid,
                "relation": relation,
                "position": positions[relation],
                "label": lab,
                "actor_id": aid,
                **where,
            }
        )


def attachment_rows(
    b: SourceBuilder, meeting_id: str, decision_ids: dict[str, str], entries_by_actor: dict
) -> None:
    used: dict[str, int] = defaultdict(int)
    taken: dict[str, set[int]] = defaultdict(set)
    for att in b.doc.attachments:
        decision_id = decision_ids.get(att.decision_number) if att.decision_number else None
        label = THE_RE.sub("", att.delegation or "")
        actor_id, method = b.resolve(label, att.span) if label else (None, "unknown")
        entry = entries_by_actor.get((actor_id, decision_id)) if actor_id else None
        number = att.number
        if entry:
            listed = entry[1] or None
            if number and listed and listed != number:
                b.issue(
                    "warning",
                    "attachment-number-mismatch",
                    f"The attachment is numbered {number} but the journal lists it as attachment "
                    f"{listed}; the printed number is kept.",
                    att.span,
                    label,
                )
            number = number or listed
        kind = att.kind
        scope = decision_id if decision_id and kind == "interpretative_statement" else meeting_id
        if number is None:
            number = used[scope] + 1
        if number in taken[scope]:
            free = max(taken[scope]) + 1
            b.issue(
                "warning",
                "repeated-attachment-number",
                f"Attachment or annex number {number} is used twice "
                f"here; this one is numbered {free} in the data.",
                att.span,
                att.delegation or "",
            )
            number = free
        taken[scope].add(number)
        used[scope] = max(used[scope], number)
        sid = (
            f"{decision_id}/att{number}" if scope == decision_id else f"{meeting_id}/annex{number}"
        )
        b.rows["statements"].append(
            {
                "id": sid,
                "meeting_id": meeting_id,
                "agenda_item_id": entry[2] if entry else None,
                "position": None,
                "speaker_label": att.delegation,
                "actor_id": actor_id,
                "delivered_by_actor_id": None,
                "kind": kind,
                "decision_id": decision_id,
                "attachment_number": number if kind == "interpretative_statement" else None,
                "annex_number": number if kind == "annexed_statement" else None,
                "entry_id": entry[0] if entry else None,
                "resolution": method,
                "text": att.text,
                **prov(b.source, att.span),
            }
        )
        cited = set()
        for m in find_symbols(att.text, default_body=b.body):
            key = b.document(m, att.span)
            if key not in cited:
                cited.add(key)
                b.rows["statement_documents"].append(
                    {
                        "statement_id": sid,
                        "document_symbol": key,
                        "printed": m.printed,
                        **prov(b.source, att.span),
                    }
                )
