"""What each canned query and dashboard chart of the site promises, computed in Python from
the whole tables of a built database (not from the queries' SQL), for tests/test_site.py.

A canned query's rows are compared in order with PROMISES[name](tables, params); a chart's rows, for
each body filter, as a multiset with CHARTS[slug](tables, body), and their order with
CHART_ORDER[slug] (ties, which the SQL leaves in any order, in any order). Where the SQL
concatenates values with group_concat, whose order SQLite does not define, the pieces are compared
as a sorted list (CONCATENATED).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

from datasette.utils import tilde_encode


class Tables:
    """Every row of every table of one database, as dicts, read once."""

    def __init__(self, db: Path, source_folders: list[Path]):
        self._db = db
        self._cache: dict[str, list[dict]] = {}
        self.source_folders = source_folders

    def __getitem__(self, table: str) -> list[dict]:
        if table not in self._cache:
            with sqlite3.connect(self._db) as conn:
                conn.row_factory = sqlite3.Row
                self._cache[table] = [dict(r) for r in conn.execute(f"select * from [{table}]")]
        return self._cache[table]

    def by_id(self, table: str, key: str = "id") -> dict:
        return {r[key]: r for r in self[table]}

    def source_file(self, source_id: str) -> tuple[str, Path]:
        """The file name of a source and the file itself, found in the folders built from."""
        filename = self.by_id("sources")[source_id]["filename"]
        for folder in self.source_folders:
            if (folder / filename).is_file():
                return filename, folder / filename
        raise FileNotFoundError(filename)


def nulls_first(*values) -> tuple:
    """A sort key ordering values as SQLite's ORDER BY does: NULL before anything else."""
    return tuple((v is not None, v if v is not None else 0) for v in values)


# (query or chart, column) whose value is a group_concat: compared as its sorted pieces.
CONCATENATED = {
    ("decision_outline", "actors"): ";",
    ("interpretative_statements_per_decision", "by_actors"): "; ",
}


def pieces(name: str, rows: list[dict]) -> list[dict]:
    """rows with each group_concat column of the query split into its sorted pieces."""
    out = []
    for row in rows:
        row = dict(row)
        for (query, column), sep in CONCATENATED.items():
            if query == name and row.get(column) is not None:
                row[column] = sorted(row[column].split(sep))
        out.append(row)
    return out


# ------------------------------------------------------------------ canned queries


def source_text(t: Tables, p: dict) -> list[dict]:
    """The non-blank lines of the source file between line_start and line_end (every one
    when line_start is 0), read from the file itself."""
    filename, path = t.source_file(p["source_id"])
    start, end = int(p["line_start"]), int(p["line_end"])
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        {"line_number": n, "page": None, "text": text, "filename": filename}
        for n, text in enumerate(lines, 1)
        if text.strip() and (start == 0 or start <= n <= end)
    ]


def decision_outline(t: Tables, p: dict) -> list[dict]:
    """The decision's paragraphs in order, then its action items in order, each with the
    decision's identity, its source lines, and for items the row path and the actors named."""
    decision = t.by_id("decisions").get(p["decision_id"])
    if decision is None:
        return []
    names = {a["id"]: a["name"] for a in t["actors"]}
    same = {
        "decision_id": decision["id"],
        "symbol": decision["symbol"],
        "decision_title": decision["title"],
        "adopted_on": decision["adopted_on"],
        "meeting_id": decision["meeting_id"],
    }
    blank = dict.fromkeys(
        ("section_title", "level", "heading", "number", "item_path", "actors"), None
    )
    rows = []
    for para in sorted(
        (r for r in t["decision_paragraphs"] if r["decision_id"] == decision["id"]),
        key=lambda r: r["position"],
    ):
        rows.append(
            {**blank, "part": "paragraph", "position": para["position"], "section": para["kind"]}
            | {"text": para["text"], **same}
            | {k: para[k] for k in ("source_id", "line_start", "line_end")}
        )
    for item in sorted(
        (r for r in t["action_items"] if r["decision_id"] == decision["id"]),
        key=lambda r: r["position"],
    ):
        named = [
            f"{a['actor_id']}|{names.get(a['actor_id']) or a['actor_id']}|{a['role']}"
            for a in t["action_item_actors"]
            if a["action_item_id"] == item["id"]
        ]
        rows.append(
            {"part": "item"}
            | {
                k: item[k]
                for k in ("position", "section", "section_title", "level", "heading", "number")
            }
            | {"text": item["text"], "item_path": tilde_encode(item["id"])}
            | {"actors": ";".join(named) or None, **same}
            | {k: item[k] for k in ("source_id", "line_start", "line_end")}
        )
    return rows


def statements_by_actor(t: Tables, p: dict) -> list[dict]:
    """Every statement the actor made or delivered, by meeting date, meeting, agenda item
    and position, with the meeting's date and the agenda item's title."""
    meetings, items = t.by_id("meetings"), t.by_id("agenda_items")
    mine = [
        s for s in t["statements"] if p["actor_id"] in (s["actor_id"], s["delivered_by_actor_id"])
    ]
    mine.sort(
        key=lambda s: nulls_first(
            meetings[s["meeting_id"]]["date"], s["meeting_id"], s["agenda_item_id"], s["position"]
        )
    )
    keep = ("kind", "speaker_label", "decision_id", "attachment_number", "annex_number", "text")
    return [
        {
            "id": s["id"],
            "date": meetings[s["meeting_id"]]["date"],
            "meeting_id": s["meeting_id"],
            "agenda_item_id": s["agenda_item_id"],
            "agenda_item": items[s["agenda_item_id"]]["title"] if s["agenda_item_id"] else None,
        }
        | {k: s[k] for k in keep}
        | {k: s[k] for k in ("source_id", "line_start", "line_end")}
        for s in mine
    ]


def action_items_for_body(t: Tables, p: dict) -> list[dict]:
    """Every action item naming the actor as responsible, by decision and position."""
    decisions = t.by_id("decisions")
    ids = {
        a["action_item_id"]
        for a in t["action_item_actors"]
        if a["actor_id"] == p["actor_id"] and a["role"] == "responsible"
    }
    items = sorted(
        (i for i in t["action_items"] if i["id"] in ids),
        key=lambda i: (i["decision_id"], i["position"]),
    )
    keep = ("section", "section_title", "level", "heading", "number", "text")
    return [
        {"id": i["id"], "decision_id": i["decision_id"]}
        | {"decision": decisions[i["decision_id"]]["title"]}
        | {k: i[k] for k in keep}
        | {k: i[k] for k in ("source_id", "line_start", "line_end")}
        for i in items
    ]


def interpretative_statements_per_decision(t: Tables, p: dict) -> list[dict]:
    """Decisions with interpretative statements, most first: how many and by whom."""
    names = {a["id"]: a["name"] for a in t["actors"]}
    by_decision: dict[str, list[str]] = {}
    for s in t["statements"]:
        if s["kind"] == "interpretative_statement" and s["decision_id"]:
            by_decision.setdefault(s["decision_id"], []).append(
                names.get(s["actor_id"]) or s["speaker_label"]
            )
    decisions = t.by_id("decisions")
    rows = [
        {
            "decision_id": d,
            "symbol": decisions[d]["symbol"],
            "title": decisions[d]["title"],
            "statements": len(who),
            "by_actors": "; ".join(who),
        }
        for d, who in by_decision.items()
    ]
    return sorted(rows, key=lambda r: (-r["statements"], r["decision_id"]))


def decisions_by_body_and_year(t: Tables, p: dict) -> list[dict]:
    """The number of decisions of each body and year."""
    counts = Counter((d["body"], d["year"]) for d in t["decisions"])
    return [
        {"body": body, "year": year, "decisions": n}
        for (body, year), n in sorted(counts.items(), key=lambda kv: nulls_first(*kv[0]))
    ]


def documents_cited_most(t: Tables, p: dict) -> list[dict]:
    """The 100 documents cited most by speaker entries and decisions together."""
    by_statements = Counter(r["document_symbol"] for r in t["statement_documents"])
    by_decisions = Counter(r["document_symbol"] for r in t["decision_references"])
    rows = [
        {k: d[k] for k in ("symbol", "series", "year", "title")}
        | {
            "cited_by_statements": by_statements[d["symbol"]],
            "cited_by_decisions": by_decisions[d["symbol"]],
        }
        for d in t["documents"]
    ]
    rows.sort(key=lambda r: (-r["cited_by_statements"] - r["cited_by_decisions"], r["symbol"]))
    return rows[:100]


def eu_alignment_frequency(t: Tables, p: dict) -> list[dict]:
    """The actors aligning with European Union statements, most often first."""
    statements = t.by_id("statements")
    names = {a["id"]: a["name"] for a in t["actors"]}
    counts = Counter(
        a["actor_id"]
        for a in t["statement_alignments"]
        if a["relation"] == "aligned"
        and statements[a["statement_id"]]["actor_id"] == "european-union"
    )
    rows = [{"actor_id": a, "name": names.get(a), "alignments": n} for a, n in counts.items()]
    return sorted(rows, key=lambda r: (-r["alignments"], *nulls_first(r["actor_id"])))


def unresolved_labels(t: Tables, p: dict) -> list[dict]:
    """Speaker labels no actor was found for, by how often they occur, with an example."""
    groups: dict[tuple, list[str]] = {}
    for s in t["statements"]:
        if s["actor_id"] is None:
            groups.setdefault((s["speaker_label"], s["resolution"]), []).append(s["id"])
    rows = [
        {"speaker_label": label, "resolution": how, "occurrences": len(ids), "example": min(ids)}
        for (label, how), ids in groups.items()
    ]
    return sorted(rows, key=lambda r: (-r["occurrences"], *nulls_first(r["speaker_label"])))


PROMISES = {
    f.__name__: f
    for f in (
        source_text,
        decision_outline,
        statements_by_actor,
        action_items_for_body,
        interpretative_statements_per_decision,
        decisions_by_body_and_year,
        documents_cited_most,
        eu_alignment_frequency,
        unresolved_labels,
    )
}


# ------------------------------------------------------------------ dashboard charts


def _in(body: str | None, value: str | None) -> bool:
    return body is None or value == body


def _count(n: int) -> list[dict]:
    return [{"n": n}]


def statements_per_actor(t: Tables, body: str | None) -> list[dict]:
    meetings, names = t.by_id("meetings"), {a["id"]: a["name"] for a in t["actors"]}
    counts = Counter(
        (names.get(s["actor_id"]) or s["speaker_label"], s["kind"])
        for s in t["statements"]
        if _in(body, meetings[s["meeting_id"]]["body"])
    )
    return [{"actor": a, "kind": k, "statements": n} for (a, k), n in counts.items()]


def action_items_by_section(t: Tables, body: str | None) -> list[dict]:
    decisions = t.by_id("decisions")
    counts = Counter(
        (f"{i['section']} {i['section_title'] or ''}", i["level"])
        for i in t["action_items"]
        if _in(body, decisions[i["decision_id"]]["body"])
    )
    return [{"section": s, "level": lv, "items": n} for (s, lv), n in counts.items()]


def decisions_per_year(t: Tables, body: str | None) -> list[dict]:
    counts = Counter(
        (str(d["year"]), d["body"])
        for d in t["decisions"]
        if d["year"] is not None and _in(body, d["body"])
    )
    return [{"year": y, "body": b, "decisions": n} for (y, b), n in counts.items()]


def alignment_frequency(t: Tables, body: str | None) -> list[dict]:
    statements, meetings = t.by_id("statements"), t.by_id("meetings")
    names = {a["id"]: a["name"] for a in t["actors"]}
    counts = Counter(
        names.get(a["actor_id"]) or a["label"]
        for a in t["statement_alignments"]
        if a["relation"] == "aligned"
        and _in(body, meetings[statements[a["statement_id"]]["meeting_id"]]["body"])
    )
    return [{"country": c, "alignments": n} for c, n in counts.items()]


def statements_count(t: Tables, body: str | None) -> list[dict]:
    meetings = t.by_id("meetings")
    return _count(sum(_in(body, meetings[s["meeting_id"]]["body"]) for s in t["statements"]))


def action_items_count(t: Tables, body: str | None) -> list[dict]:
    decisions = t.by_id("decisions")
    return _count(sum(_in(body, decisions[i["decision_id"]]["body"]) for i in t["action_items"]))


CHARTS = {
    "meetings": lambda t, body: _count(sum(_in(body, m["body"]) for m in t["meetings"])),
    "decisions": lambda t, body: _count(sum(_in(body, d["body"]) for d in t["decisions"])),
    "statements": statements_count,
    "action-items": action_items_count,
    "statements-per-actor": statements_per_actor,
    "action-items-by-section": action_items_by_section,
    "decisions-per-year": decisions_per_year,
    "alignment-frequency": alignment_frequency,
}


def first_position(t: Tables, body: str | None):
    """action-items-by-section's order: a group by the first position of its items."""
    first: dict[tuple, int] = {}
    decisions = t.by_id("decisions")
    for i in t["action_items"]:
        if _in(body, decisions[i["decision_id"]]["body"]):
            key = (f"{i['section']} {i['section_title'] or ''}", i["level"])
            first[key] = min(first.get(key, i["position"]), i["position"])
    return lambda r: first[(r["section"], r["level"])]


# The order of a chart's rows, as a key that must not decrease down the rows (ties in any
# order), given the tables and the body filter.
CHART_ORDER = {
    "statements-per-actor": lambda t, body: lambda r: -r["statements"],
    "action-items-by-section": first_position,
    "decisions-per-year": lambda t, body: lambda r: r["year"],
    "alignment-frequency": lambda t, body: lambda r: -r["alignments"],
}
