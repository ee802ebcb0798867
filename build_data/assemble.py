"""From packed per-source results to database rows: the rows of one source (with the
lines no record covers turned into parse issues) and the rows sources share, merged the
way a build from scratch merges them (documents by symbol, persons by id, aliases).

Both the full build (Writer) and the incremental one (incremental.py) assemble rows here,
so that both give the same database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .cache import SourceSummary, complete_row
from .normalize.actors import Registry
from .tables import CATALOGUE, TABLES

FILE_SPAN = {"line_start": 0, "line_end": 0}  # an issue about the file as a whole
PROVENANCE = {
    t.name: (
        t.column_names.index("source_id"),
        t.column_names.index("line_start"),
        t.column_names.index("line_end"),
    )
    for t in CATALOGUE
    if t.has_provenance
}
# Tables whose rows belong to one source (found by their source_id); documents are among
# them but merged by symbol across sources.
PER_SOURCE = [t.name for t in CATALOGUE if t.name not in ("sources", "actors", "actor_aliases")]
UNACCOUNTED = "These lines were not read into any record; they are kept here so nothing is lost."


def issue_row(
    source_id: str,
    n: int,
    level: str,
    code: str,
    message: str,
    excerpt: str = "",
    span: dict | None = None,
) -> dict:
    return {
        "id": f"{source_id}/x{n:02d}",
        "source_id": source_id,
        "level": level,
        "code": code,
        "message": message,
        "excerpt": excerpt,
        **(span or FILE_SPAN),
    }


def runs(numbers: Iterable[int]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for n in sorted(numbers):
        if out and n == out[-1][1] + 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return [(a, b) for a, b in out]


def contributes(s: SourceSummary) -> bool:
    """Whether the source's records (and shared rows) are built: a duplicate or superseded
    copy keeps only its sources row, its text and its issues."""
    return s.replacement is None


def document_symbols(payload: dict) -> list[str]:
    return list(dict.fromkeys(r[0] for r in payload["rows"].get("documents", [])))


def source_rows(
    s: SourceSummary, payload: dict, owned: set[str]
) -> tuple[dict[str, list[tuple]], int, int]:
    """The rows of every per-source table for one source (documents included, in their
    order), its non-blank line count and how many of those lines records cover. `owned`
    are the document symbols whose documents row is this source's (the first source, in
    id order, that cites the symbol): only the first row of an owned symbol covers lines."""
    sid = s.source["id"]
    if not contributes(s):
        rows = {name: [complete_row(name, r) for r in rs] for name, rs in s.replacement.items()}
        rows["source_lines"] = payload["rows"].get("source_lines", [])
        i_start = PROVENANCE["parse_issues"][1]
        file_issues = [
            t for t in payload["rows"].get("parse_issues", []) if not t[i_start]
        ]  # e.g. how it was decoded
        rows["parse_issues"] = sorted(file_issues + rows["parse_issues"])
    else:
        rows = dict(payload["rows"])
    covered: set[int] = set()
    seen_documents: set[str] = set()
    for name, tuples in rows.items():
        idx = PROVENANCE.get(name)
        if idx is None:
            continue
        i_sid, i_start, i_end = idx
        for r in tuples:
            if name == "documents":
                first = r[0] not in seen_documents
                seen_documents.add(r[0])
                if not first or r[0] not in owned:
                    continue  # this symbol's row is another's; it covers nothing here
            if r[i_start] and r[i_sid] == sid:
                covered.update(range(r[i_start], r[i_end] + 1))
    nonblank = set(payload["nonblank"])
    issues = list(rows.get("parse_issues", []))
    for k, (a, b) in enumerate(runs(nonblank - covered), start=1):
        issues.append(
            complete_row(
                "parse_issues",
                issue_row(
                    sid,
                    0,
                    "warning",
                    "unaccounted-lines",
                    UNACCOUNTED,
                    span={"line_start": a, "line_end": b},
                )
                | {"id": f"{sid}/u{k:04d}"},
            )
        )
    rows["parse_issues"] = issues
    rows["sources"] = [complete_row("sources", s.source)]
    return rows, len(nonblank), len(nonblank & covered)


def insert_source(
    db, sid: str, rows: dict[str, list[tuple]], documents=None, on_collision=None
) -> None:
    """Insert one source's rows into a DatabaseWriter or DatabasePatch (documents through
    the `documents` callable, or not at all when it is None); a row whose primary key is
    already taken is not stored and an issue says so (after on_collision(table, rows) is
    called, when given)."""
    issues = rows["parse_issues"]
    db.insert("sources", rows["sources"])
    n_dup = 0
    for name in PER_SOURCE:
        tuples = rows.get(name)
        if not tuples or name == "parse_issues":
            continue
        if name == "documents":
            if documents is not None:
                documents(tuples)
            continue
        stored = db.insert(name, tuples)
        if stored < len(tuples):
            if on_collision is not None:
                on_collision(name, tuples)
            n_dup += 1
            issues.append(
                complete_row(
                    "parse_issues",
                    _duplicate_issue(db, sid, n_dup, name, tuples, len(tuples) - stored),
                )
            )
    db.insert("parse_issues", issues)


def _duplicate_issue(db, sid: str, n: int, name: str, tuples: list[tuple], lost: int) -> dict:
    """Rows whose primary key another row already holds are not stored: say so."""
    table = TABLES[name]
    pk = [table.column_names.index(c) for c in table.primary_key]
    keys = Counter(tuple(t[i] for i in pk) for t in tuples)
    example = next((k for k, c in keys.items() if c > 1), None)
    if example is None:
        where = " AND ".join(f"[{c}] = ?" for c in table.primary_key)
        cols = ", ".join(f"[{c}]" for c in table.column_names)
        for t in tuples:
            key = tuple(t[i] for i in pk)
            if db.conn.execute(f"SELECT {cols} FROM [{name}] WHERE {where}", key).fetchone() != t:
                example = key
                break
    shown = "/".join(str(v) for v in example) if example else "?"
    message = f"{lost} {name} row(s) were not stored because their id is already used (e.g. {shown}); the first row with that id is kept. This is a bug in osce-data's ids, please report it."
    return issue_row(sid, n, "error", "duplicate-id", message) | {"id": f"{sid}/d{n:02d}"}


# ------------------------------------------------------------------ rows sources share

TITLE, DISTRIBUTION = (
    TABLES["documents"].column_names.index("title"),
    TABLES["documents"].column_names.index("distribution"),
)


def merge_documents(rows: Iterable[tuple]) -> tuple | None:
    """One documents row from the rows citing a symbol, in source id order: the first row,
    with a title or distribution marker it lacks taken from the later ones (what
    store.DOCUMENTS_UPSERT does row by row)."""
    merged: list | None = None
    for r in rows:
        if merged is None:
            merged = list(r)
            continue
        for i in (TITLE, DISTRIBUTION):
            if merged[i] is None or merged[i] == "":
                merged[i] = r[i]
    return tuple(merged) if merged is not None else None


def shared_rows(payload: dict) -> dict[tuple[str, str], list[tuple]]:
    """The rows a source shares with others, by (kind, name), each in the source's order:
    its documents rows (by symbol), the persons it names (by id) and the aliases it
    resolved."""
    out: dict[tuple[str, str], list[tuple]] = {}
    for r in payload["rows"].get("documents", []):
        out.setdefault(("document", r[0]), []).append(r)
    for p in payload["persons"]:
        out.setdefault(("person", p[0]), []).append(tuple(p))
    for a in payload["aliases"]:
        out.setdefault(("alias", alias_name(a)), []).append(tuple(a))
    return out


def alias_name(alias: tuple[str, str]) -> str:
    return f"{alias[0]}\0{alias[1]}"


class Writer:
    """Streams the sources, in source id order, into a DatabaseWriter: documents merged by
    symbol, persons and aliases gathered for the end, lines accounted for per source."""

    def __init__(self, db, registry: Registry):
        self.db, self.registry = db, registry
        self.persons: dict[str, tuple] = {}
        self.aliases: set[tuple[str, str]] = set(registry.aliases)
        self.documents: set[str] = set()

    def add(self, s: SourceSummary, payload: dict) -> None:
        owned: set[str] = set()
        if contributes(s):
            symbols = document_symbols(payload)
            owned = {x for x in symbols if x not in self.documents}
            self.documents.update(symbols)
            for p in payload["persons"]:
                self.persons.setdefault(p[0], p)
            self.aliases.update(tuple(a) for a in payload["aliases"])
        rows, _, _ = source_rows(s, payload, owned)
        insert_source(self.db, s.source["id"], rows, self.db.upsert_documents)

    def close(self) -> None:
        actors = registry_actor_rows(self.registry)
        for pid, p in self.persons.items():
            actors.setdefault(pid, p)
        self.db.insert("actors", [actors[k] for k in sorted(actors)])
        self.db.insert("actor_aliases", [(al, aid) for al, aid in sorted(self.aliases)])


def registry_actor_rows(registry: Registry) -> dict[str, tuple]:
    return {
        a.id: complete_row("actors", {k: getattr(a, k) for k in TABLES["actors"].column_names})
        for a in registry.actors
    }
