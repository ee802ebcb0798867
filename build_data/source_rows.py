"""SourceRows: everything reading one source gives, the only thing that passes from
reading to storing. read.read_source makes it; the cache keeps it by key; dedupe returns
new ones; the full build (assemble.Assembler) and the patch (incremental.py) store it."""

from __future__ import annotations

import pickle
import zlib
from dataclasses import dataclass, replace
from operator import itemgetter
from typing import NamedTuple

from .errors import BuildError
from .tables import CATALOGUE, TABLES


class Tables(NamedTuple):
    """The rows of one source, as tuples in catalogue column order."""

    rows: dict[str, list[tuple]]  # per table, catalogue order; sorted by primary key
    # (documents: one row per symbol, in the order the source cites them)
    persons: list[tuple]  # actors rows of the persons it names
    aliases: list[tuple[str, str]]  # actor_aliases rows it resolved
    nonblank: list[int]  # its non-blank line numbers


# Rows a source shares with others, by (kind, name): 'document' by symbol, 'person' by
# id, 'alias' (shared.alias_name); merged over the sources when stored (shared.py).
Shared = dict[tuple[str, str], list[tuple]]


@dataclass(frozen=True)
class SourceRows:
    """One source read: its sources row, what deduplication and the report need, and its
    rows packed (pickled, compressed), so that a build holds every source's summary in
    memory and reads the rows back one source at a time."""

    source: dict  # the sources row
    meeting_ids: tuple[str, ...]
    corrigendum: int | None
    messages: tuple[str, ...]  # for the report: errors
    warnings: tuple[str, ...]
    span: tuple[int, int]  # first and last non-blank line, (0, 0) when there is none
    records: int
    issues: int
    content: bool  # has meetings or decisions
    packed: bytes | None  # Tables, packed; None once the cache holds them (ResultCache.tables)
    shared: Shared | None  # None once the cache holds them
    key: str | None = None  # cache key; None: not cacheable (the file could not be read)
    cached: bool = False  # read from the cache by this build
    # a duplicate or superseded copy: the issue rows it keeps instead of its records
    replacement: tuple[tuple, ...] | None = None
    # a PDF's or DOCX's text extracted anew, for the cache to keep (extraction_cache.Kept)
    extracted: tuple[str, str, str, str, bytes] | None = None
    text_reused: bool = False  # read from a text the cache kept, not extracted again
    # the symbol of its first meeting's journal (without /Corr.n), and whether that meeting
    # prints its title: a copy whose first lines are lost is matched to the journal's other
    # copies by the symbol (it has no meeting number, so not their meeting id)
    journal: str | None = None
    titled: bool = True

    @property
    def id(self) -> str:
        return self.source["id"]

    @property
    def contributes(self) -> bool:
        """Whether its records (and shared rows) are built: a duplicate or superseded copy
        keeps only its sources row, its text and its issues."""
        return self.replacement is None

    def tables(self) -> Tables:
        if self.packed is None:
            raise BuildError("internal error: the rows of a staged source are in the cache")
        return unpack(self.packed)

    def staged(self) -> SourceRows:
        """The same without its rows (the cache holds them)."""
        return replace(self, packed=None, shared=None, extracted=None)

    def as_dicts(self) -> dict[str, list[dict]]:
        """Its rows as dicts keyed by column (tests, tools); 'persons' too."""
        tables = self.tables()
        out = {
            name: [dict(zip(TABLES[name].column_names, t, strict=True)) for t in rows]
            for name, rows in tables.rows.items()
        }
        names = TABLES["actors"].column_names
        out["persons"] = [dict(zip(names, p, strict=True)) for p in tables.persons]
        return out


# per table: its column names in order, as a set (a row's keys are checked against it), and
# a getter of them all (every table has two columns or more: it gives a tuple)
_COLUMNS = {
    t.name: (t.column_names, frozenset(t.column_names), itemgetter(*t.column_names))
    for t in CATALOGUE
}


def complete_row(table_name: str, row: dict) -> tuple:
    """A dict row as a tuple in catalogue column order, a column it lacks None."""
    names, known, every = _COLUMNS[table_name]
    if len(row) == len(names):
        try:  # the usual row, every column: as many keys, so none unknown (3x faster)
            return every(row)
        except KeyError:
            pass
    if not row.keys() <= known:
        raise BuildError(
            f"internal error: {table_name} rows have unknown columns {sorted(row.keys() - known)}"
        )
    return tuple(map(row.get, names))


def pack_tables(
    rows: dict[str, list[dict]],
    persons: list[dict],
    aliases: list[tuple[str, str]],
    nonblank: set[int],
) -> Tables:
    """A source's dict rows as Tables: tuples, tables in catalogue order, each sorted by
    primary key except documents (their order decides which row of a symbol is first)."""
    unknown = set(rows) - set(TABLES)
    if unknown:
        raise BuildError(f"internal error: rows for an unknown table {sorted(unknown)[0]!r}")
    out: dict[str, list[tuple]] = {}
    for table in CATALOGUE:
        if table.name not in rows:
            continue
        tuples = [complete_row(table.name, r) for r in rows[table.name]]
        if table.name != "documents":
            tuples.sort(key=itemgetter(*[table.column_names.index(c) for c in table.primary_key]))
        out[table.name] = tuples
    return Tables(
        out, [complete_row("actors", p) for p in persons], sorted(aliases), sorted(nonblank)
    )


def pack(tables: Tables) -> bytes:
    return zlib.compress(pickle.dumps(tuple(tables), protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(blob: bytes) -> Tables:
    return Tables(*pickle.loads(zlib.decompress(blob)))
