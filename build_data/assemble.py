"""From SourceRows to database rows: the rows of one source (with the lines no record
covers turned into parse issues) and the rows sources share, merged the way a build from
scratch merges them (shared.py).

Both the full build (Assembler) and the incremental one (incremental.py) assemble rows
here, so that both give the same database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .issues import issue_row
from .normalize.actors import Registry
from .shared import merge_documents
from .source_rows import SourceRows, Tables, complete_row
from .tables import CATALOGUE, TABLES

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


def runs(numbers: Iterable[int]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for n in sorted(numbers):
        if out and n == out[-1][1] + 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return [(a, b) for a, b in out]


def document_symbols(tables: Tables) -> list[str]:
    return list(dict.fromkeys(r[0] for r in tables.rows.get("documents", [])))


def rows_to_store(
    result: SourceRows, tables: Tables, owned: set[str]
) -> tuple[dict[str, list[tuple]], int, int]:
    """The rows of every per-source table for one source (documents included, in their
    order), its non-blank line count and how many of those lines records cover. `owned`
    are the document symbols whose documents row is this source's (the first source, in
    id order, that cites the symbol): only the first row of an owned symbol covers lines."""
    sid = result.id
    if not result.contributes:
        rows = {
            "source_lines": tables.rows.get("source_lines", []),
            # the issues about the file as a whole are kept (e.g. how it was decoded)
            "parse_issues": sorted(
                [t for t in tables.rows.get("parse_issues", []) if not t[ISSUE_START]]
                + list(result.replacement)
            ),
        }
    else:
        rows = dict(tables.rows)
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
    nonblank = set(tables.nonblank)
    issues = list(rows.get("parse_issues", []))
    for k, (a, b) in enumerate(runs(nonblank - covered), start=1):
        span = {"line_start": a, "line_end": b}
        issue = issue_row(
            sid, "unaccounted", k, "warning", "unaccounted-lines", UNACCOUNTED, span=span
        )
        issues.append(complete_row("parse_issues", issue))
    rows["parse_issues"] = issues
    rows["sources"] = [complete_row("sources", result.source)]
    return rows, len(nonblank), len(nonblank & covered)


ISSUE_START = PROVENANCE["parse_issues"][1]


def uncovered_lines(result: SourceRows) -> set[int]:
    """Non-blank lines of one source read (its rows at hand) that no record or issue
    accounts for, counted as a build counts them (the source owning its document symbols)."""
    tables = result.tables()
    rows, _, _ = rows_to_store(result, tables, set(document_symbols(tables)))
    code = TABLES["parse_issues"].column_names.index("code")
    _, start, end = PROVENANCE["parse_issues"]
    return {
        n
        for r in rows["parse_issues"]
        if r[code] == "unaccounted-lines"
        for n in range(r[start], r[end] + 1)
    }


def insert_source(db, sid: str, rows: dict[str, list[tuple]], on_collision=None) -> None:
    """Insert one source's rows, documents aside (merged by symbol: the caller's), into a
    DatabaseWriter or DatabasePatch; a row whose primary key is already taken is not
    stored and an issue says so (after on_collision(table, rows) is called, when given)."""
    issues = rows["parse_issues"]
    db.insert("sources", rows["sources"])
    n_dup = 0
    for name in PER_SOURCE:
        tuples = rows.get(name)
        if not tuples or name in ("parse_issues", "documents"):
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
    message = (
        f"{lost} {name} row(s) were not stored because their id is already used (e.g. {shown}); "
        "the first row with that id is kept. This is a bug in osce-data's ids, please report it."
    )
    return issue_row(sid, "duplicate-id", n, "error", "duplicate-id", message)


class Assembler:
    """Hands the sources, added in source id order, to a new database (store.DatabaseWriter):
    each source's rows as it comes; the rows sources share (documents merged by symbol,
    person actors, aliases) gathered and stored by close()."""

    def __init__(self, db, registry: Registry):
        self.db, self.registry = db, registry
        self.persons: dict[str, tuple] = {}
        self.aliases: set[tuple[str, str]] = set(registry.aliases)
        self.documents: dict[str, tuple] = {}  # by symbol, merged

    def add(self, result: SourceRows, tables: Tables) -> None:
        owned = self.share(result, tables)
        rows, _, _ = rows_to_store(result, tables, owned)
        insert_source(self.db, result.id, rows)

    def share(self, result: SourceRows, tables: Tables) -> set[str]:
        """Gather the rows a source shares with others (none unless it contributes);
        returns the document symbols it is the first to cite."""
        owned: set[str] = set()
        if result.contributes:
            for r in tables.rows.get("documents", []):
                before = self.documents.get(r[0])
                if before is None:
                    owned.add(r[0])
                self.documents[r[0]] = r if before is None else merge_documents((before, r))
            for p in tables.persons:
                self.persons.setdefault(p[0], p)
            self.aliases.update(tuple(a) for a in tables.aliases)
        return owned

    def close(self) -> None:
        self.db.insert("documents", [self.documents[k] for k in sorted(self.documents)])
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
