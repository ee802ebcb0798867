"""Every reference a source's rows make points at a row the build will hold.

A text read in an unexpected shape can give rows that name a record it did not yield (a
decision linked to an agenda item that was not found, an entry of a statement that was
lost). Such a row would break a foreign key of the database and fail the whole build, so
the reference is cut here, per source, and said so: an optional reference is emptied, a
row that cannot stand without it is left out, and an `error` issue names the table, the
column and the missing record. First, a row that lacks a value its table requires (a
meeting whose body the text did not say) is left out the same way: the database would
not store it, and the rows naming it would break its foreign keys.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import chain
from operator import itemgetter, methodcaller

from ..issues import issue_row
from ..tables import CATALOGUE, TABLES

# Every table a foreign key points at (all have a one-column key). The rows of most are
# the source's own; actors are the registry's and the persons the source named.
REFERENCED = [
    TABLES[name]
    for name in dict.fromkeys(target for t in CATALOGUE for _, target, _ in t.foreign_keys)
]


REQUIRED = {t.name: [c.name for c in t.columns if c.required] for t in CATALOGUE}


def _span(rows: list[dict]) -> dict:
    starts = [r["line_start"] for r in rows if r.get("line_start")]
    ends = [r["line_end"] for r in rows if r.get("line_end")]
    return {"line_start": min(starts, default=0), "line_end": max(ends, default=0)}


def cut_dangling(
    rows: dict[str, list[dict]], source_id: str, actor_ids: set[str]
) -> tuple[dict[str, list[dict]], list[dict]]:
    """(rows whose every reference resolves, an error issue per table and column that
    had to be cut). Rows left out can leave others dangling in turn, so this runs until
    nothing changes."""
    rows, incomplete = _cut_incomplete(rows, source_id)
    cut: dict[tuple[str, str, str], list[dict]] = defaultdict(
        list
    )  # (table, column, target) -> rows
    changed = True
    while changed:
        changed = False
        # the values a reference may hold (None: no reference)
        held = {
            t.name: {None, *(r[t.primary_key[0]] for r in rows.get(t.name, []))} for t in REFERENCED
        }
        held["actors"] = {None, *actor_ids}
        held["sources"] = {None, source_id}
        held["documents"] = {None, *(r["symbol"] for r in rows.get("documents", []))}
        for table in CATALOGUE:
            keys = table.foreign_keys
            if table.name not in rows or not keys:
                continue
            if all(
                held[target].issuperset(map(methodcaller("get", column), rows[table.name]))
                for column, target, _ in keys
            ):
                continue  # every reference resolves (the common case): the rows stay as they are
            kept = []
            for row in rows[table.name]:
                for column, target, _ in keys:
                    value = row.get(column)
                    if value in held[target]:
                        continue
                    cut[(table.name, column, f"{target} {value!r}")].append(row)
                    if table.column(column).required:
                        row = None
                        break
                    row = {**row, column: None}
                if row is None:
                    changed = True
                    continue
                kept.append(row)
            rows[table.name] = kept
    return rows, incomplete + _issues(cut, source_id, rows)


def _complete(table_rows: list[dict], required: list[str]) -> bool:
    """Does every row have a value in every required column? (One scan in C: this runs
    on every row of every source.)"""
    if not required or not table_rows:
        return True
    values = map(itemgetter(*required), table_rows)
    try:
        return None not in (chain.from_iterable(values) if len(required) > 1 else values)
    except KeyError:  # a row without the column: stored as NULL
        return False


def _cut_incomplete(
    rows: dict[str, list[dict]], source_id: str
) -> tuple[dict[str, list[dict]], list[dict]]:
    """(a copy of rows without those that lack a value their table requires, an error
    issue per table and columns)."""
    out, cut = {}, defaultdict(list)  # (table, columns) -> rows
    for name, table_rows in rows.items():
        required = REQUIRED.get(name, ())
        if _complete(table_rows, required):  # the common case
            out[name] = list(table_rows)
            continue
        out[name] = []
        for r in table_rows:
            lacking = tuple(c for c in required if r.get(c) is None)
            if lacking:
                cut[(name, lacking)].append(r)
            else:
                out[name].append(r)
    issues = []
    for n, ((table, lacking), affected) in enumerate(sorted(cut.items()), start=1):
        message = (
            f"{len(affected)} {table} row(s) lack a value their table requires "
            f"({', '.join(lacking)}); they were left out, and the rows naming them with them. "
            "The text was probably read in a shape the parser did not expect: check the lines."
        )
        issues.append(
            issue_row(
                source_id,
                "incomplete",
                n,
                "error",
                "incomplete-record",
                message,
                span=_span(affected),
            )
        )
    return out, issues


def _issues(
    cut: dict[tuple[str, str, str], list[dict]], source_id: str, rows: dict[str, list[dict]]
) -> list[dict]:
    issues = []
    for n, ((table, column, missing), affected) in enumerate(
        sorted(cut.items(), key=lambda kv: kv[0]), start=1
    ):
        required = TABLES[table].column(column).required
        what = "were left out" if required else f"keep no {column}"
        message = (
            f"{len(affected)} {table} row(s) name a record this source did not yield ({missing}, "
            f"in {column}); they {what}. The text was probably read in a shape the parser did not "
            "expect: check the lines."
        )
        issues.append(
            issue_row(
                source_id,
                "dangling",
                n,
                "error",
                "dangling-reference",
                message,
                span=_span(affected),
            )
        )
    return issues
