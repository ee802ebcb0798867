"""A diff as text, Markdown or JSON (what `osce-data diff` prints and the changelog quotes)."""

from __future__ import annotations

import json

from .diff import Diff, SchemaChange, TableDiff

FORMATS = ("text", "markdown", "json")
SCHEMA_WORDS = {
    "table-removed": "tables removed",
    "column-removed": "columns removed",
    "column-retyped": "columns retyped",
    "primary-key-changed": "primary keys changed",
    "table-added": "tables added",
    "column-added": "columns added",
}


def reasons(d: Diff) -> list[str]:
    """What makes the bump: the changes of the bump's own level, in words."""
    out = [SCHEMA_WORDS[c.change] for c in d.schema if c.bump == d.bump]
    if d.bump == "minor":
        out += ["rows added" for t in d.tables.values() if t.added] + [
            "rows removed" for t in d.tables.values() if t.removed
        ]
    if d.bump == "patch":
        out.append("values corrected")
    return list(dict.fromkeys(out))


def bump_line(d: Diff) -> str:
    if d.bump == "none":
        return "No changes: the same version still describes the data."
    return f"Smallest version bump: {d.bump} ({', '.join(reasons(d))})."


def schema_line(c: SchemaChange) -> str:
    where = f"{c.table}.{c.column}" if c.column else c.table
    if c.change == "column-retyped" or c.change == "primary-key-changed":
        return f"{c.change.replace('-', ' ')}: {where} ({c.old} -> {c.new})"
    typed = f" ({c.old or c.new})" if c.column else ""
    return f"{c.change.replace('-', ' ')}: {where}{typed}"


def short(value, width: int = 60) -> str:
    text = "NULL" if value is None else repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def key_text(key: dict) -> str:
    return ", ".join(str(v) for v in key.values())


def row_line(row: dict) -> str:
    mark = {"added": "+", "removed": "-", "changed": "~"}[row["change"]]
    values = "; ".join(
        f"{c}: {short(v['old'])} -> {short(v['new'])}" for c, v in row.get("columns", {}).items()
    )
    return f"{mark} {key_text(row['key'])}" + (f": {values}" if values else "")


def totals(d: Diff) -> str:
    added, removed, changed = (
        sum(getattr(t, k) for t in d.tables.values()) for k in ("added", "removed", "changed")
    )
    return (
        f"{len(d.tables)} table(s) with row changes: {added:,} row(s) added, {removed:,} removed, "
        f"{changed:,} changed; {len(d.schema)} schema change(s). {bump_line(d)}"
    )


def changed_columns(t: TableDiff) -> str:
    return ", ".join(f"{c} ({n:,})" for c, n in t.columns.items())


def text(d: Diff) -> str:
    lines = [f"Comparing {d.old} (old) with {d.new} (new).", ""]
    lines += ["Schema changes:"] + ([f"  {schema_line(c)}" for c in d.schema] or ["  none"]) + [""]
    lines.append("Rows:")
    if d.tables:
        width = max(len(n) for n in d.tables) + 2
        lines.append(
            f"  {'table':<{width}}{'added':>9}{'removed':>9}{'changed':>9}  columns changed (rows)"
        )
        for name, t in d.tables.items():
            lines.append(
                (
                    f"  {name:<{width}}{t.added:>9,}{t.removed:>9,}{t.changed:>9,}  "
                    f"{changed_columns(t)}"
                ).rstrip()
            )
        for name, t in d.tables.items():
            lines += [
                "",
                f"{name} ({len(t.rows)} of {t.added + t.removed + t.changed:,} shown):",
            ] + [f"  {row_line(r)}" for r in t.rows]
    else:
        lines.append("  no rows added, removed or changed")
    lines += ["", totals(d)]
    return "\n".join(lines) + "\n"


def markdown(d: Diff) -> str:
    lines = [f"**Comparing** `{d.old}` (old) with `{d.new}` (new).", "", "### Schema changes", ""]
    lines += [f"- {schema_line(c)}" for c in d.schema] or ["None."]
    lines += ["", "### Rows", ""]
    if d.tables:
        lines += [
            "| table | added | removed | changed | columns changed (rows) |",
            "|---|---:|---:|---:|---|",
        ]
        lines += [
            f"| `{n}` | {t.added:,} | {t.removed:,} | {t.changed:,} | {changed_columns(t)} |"
            for n, t in d.tables.items()
        ]
        for name, t in d.tables.items():
            lines += [
                "",
                f"#### `{name}` ({len(t.rows)} of {t.added + t.removed + t.changed:,} shown)",
                "",
            ]
            lines += [f"- {row_line(r)}" for r in t.rows]
    else:
        lines.append("No rows added, removed or changed.")
    lines += ["", totals(d)]
    return "\n".join(lines) + "\n"


def as_json(d: Diff) -> str:
    return json.dumps(d.to_dict(), indent=2, ensure_ascii=False, default=str) + "\n"


def render(d: Diff, fmt: str) -> str:
    return {"text": text, "markdown": markdown, "json": as_json}[fmt](d)
