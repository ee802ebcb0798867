"""The rows sources share (documents by symbol, person actors by id, aliases) and the one
rule that merges a documents row: the first row of a symbol, with a title or distribution
marker it lacks taken from the later ones. Within a source (normalize), across sources in
a full build (assemble.Assembler) and in a patch (incremental.py) alike."""

from __future__ import annotations

from collections.abc import Iterable

from .source_rows import Shared, Tables
from .tables import TABLES

_FILLED = [TABLES["documents"].column_names.index(c) for c in ("title", "distribution")]


def merge_documents(rows: Iterable[tuple]) -> tuple | None:
    """One documents row from the rows of a symbol in order (None when there is none)."""
    merged: list | None = None
    for r in rows:
        if merged is None:
            merged = list(r)
            continue
        for i in _FILLED:
            if merged[i] is None or merged[i] == "":
                merged[i] = r[i]
    return tuple(merged) if merged is not None else None


def alias_name(alias: tuple[str, str]) -> str:
    return f"{alias[0]}\0{alias[1]}"


def shared_rows(tables: Tables) -> Shared:
    """The rows a source shares with others, by (kind, name), each in the source's order."""
    out: Shared = {}
    for r in tables.rows.get("documents", []):
        out.setdefault(("document", r[0]), []).append(r)
    for p in tables.persons:
        out.setdefault(("person", p[0]), []).append(tuple(p))
    for a in tables.aliases:
        out.setdefault(("alias", alias_name(a)), []).append(tuple(a))
    return out
