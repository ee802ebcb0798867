"""Incremental builds: patch the previous database and package instead of writing them
again, when only a few sources changed.

The last complete build leaves a manifest in the cache: the signature of every source it
built (cache key, sources row, whether it was built or only kept as a duplicate), the
size and time of the database and of each CSV it wrote, and each CSV's block index. A new
build whose code is the same and whose outputs are still those files rewrites only:

- the rows of the sources whose signature changed (added, removed, edited, renamed, or
  made a duplicate or superseded by another);
- the documents, person actors and aliases those sources share with others, merged again
  over every source that has them (the cache keeps each source's shared rows by name);
- the sources whose lines a documents row stops or starts covering because the first
  source citing that symbol changed.

Everything else is copied. When something cannot be patched exactly (another build's
outputs, rows whose ids collide, many changed sources) CannotPatch says why and the caller
writes everything again; the result is the same either way.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .assemble import (
    PER_SOURCE,
    alias_name,
    contributes,
    document_symbols,
    insert_source,
    merge_documents,
    registry_actor_rows,
    source_rows,
)
from .cache import ResultCache, SourceSummary, code_version, complete_row, unpack
from .export import Index, patch_package
from .normalize.actors import Registry
from .store import DatabasePatch
from .tables import CATALOGUE, TABLES

I_SOURCE = TABLES["documents"].column_names.index("source_id")
MAX_SHARE = 0.25  # above this share of changed sources, writing everything is faster


class CannotPatch(Exception):
    """The previous outputs cannot be patched; the message says why."""


def signature(s: SourceSummary) -> tuple:
    return (s.key, complete_row("sources", s.source), repr(s.replacement))


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def manifest(summaries: list[SourceSummary], db_path: Path, package_dir: Path | None, indexes: dict[str, Index] | None, duplicate_ids: int) -> dict:
    """What a complete build wrote, for the next build to start from."""
    package = None
    if package_dir is not None and indexes is not None:
        package = {
            "dir": str(Path(package_dir).resolve()),
            "tables": {name: (_stat(Path(package_dir) / f"{name}.csv"), index) for name, index in indexes.items()},
        }
    return {
        "version": code_version(),
        "sources": {s.source["id"]: signature(s) for s in summaries},
        "keys": {s.source["id"]: s.key for s in summaries},
        "contributing": sorted(s.source["id"] for s in summaries if contributes(s)),
        "db": _stat(db_path),
        "duplicate_ids": duplicate_ids,
        "package": package,
    }


def changed_sources(previous: dict, summaries: list[SourceSummary]) -> list[str]:
    now = {s.source["id"]: signature(s) for s in summaries}
    before = previous["sources"]
    return sorted(sid for sid in before.keys() | now.keys() if before.get(sid) != now.get(sid))


def _usable(previous: dict | None, db_path: Path) -> dict:
    if previous is None:
        raise CannotPatch("no record of a previous build")
    if previous["version"] != code_version():
        raise CannotPatch("the code changed since the previous build")
    if previous["db"] is None or _stat(db_path) != previous["db"]:
        raise CannotPatch("the database is not the one the previous build wrote")
    if previous["duplicate_ids"]:
        raise CannotPatch("the previous build had rows with colliding ids")
    return previous


def _package_indexes(previous: dict, package_dir: Path) -> dict[str, Index]:
    """The block indexes of the previous package's CSVs that are still as it wrote them."""
    package = previous.get("package")
    if not package or package["dir"] != str(Path(package_dir).resolve()):
        return {}
    return {name: index for name, (stat, index) in package["tables"].items() if stat is not None and _stat(Path(package_dir) / f"{name}.csv") == stat}


@dataclass
class Patched:
    rewritten: int  # sources whose rows were written again
    indexes: dict[str, Index] | None  # the package's block indexes, None without a package


def patch(db_path: Path, package_dir: Path | None, summaries: list[SourceSummary], cache: ResultCache, registry: Registry) -> Patched:
    """Bring the previous database (and package) up to date with the summaries. Raises
    CannotPatch, leaving the outputs untouched, when that cannot be done exactly."""
    previous = _usable(cache.manifest(), db_path)
    changed = changed_sources(previous, summaries)
    indexes = _package_indexes(previous, package_dir) if package_dir is not None else {}
    if not changed:
        if package_dir is None:
            return Patched(0, None)
        if set(indexes) == {t.name for t in CATALOGUE}:
            return Patched(0, indexes)  # nothing to write
        return Patched(0, patch_package(db_path, package_dir, indexes, {}))
    if len(changed) > max(4, MAX_SHARE * len(summaries)):
        raise CannotPatch(f"{len(changed)} of {len(summaries)} sources changed")
    now = {s.source["id"]: s for s in summaries}
    keys_now = {s.key: sid for sid, s in now.items() if contributes(s)}
    touched_names: dict[str, set[str]] = {"document": set(), "person": set(), "alias": set()}
    contributed_before = set(previous["contributing"])
    for sid in changed:
        keys = []
        if sid in contributed_before:
            keys.append(previous["keys"][sid])
        if sid in now and contributes(now[sid]):
            keys.append(now[sid].key)
        for key in keys:
            for kind, names in touched_names.items():
                names.update(cache.shared_of(key, kind))

    def holders(kind: str, name: str) -> list[tuple]:
        found = [(keys_now[key], seq, row) for key, seq, row in cache.shared(kind, name) if key in keys_now]
        return [row for _, _, row in sorted(found, key=lambda f: (f[0], f[1]))]

    documents = {x: merge_documents(holders("document", x)) for x in sorted(touched_names["document"])}
    with DatabasePatch(db_path) as db:
        owners_before = dict(db.conn.execute(
            f"SELECT symbol, source_id FROM documents WHERE symbol IN (SELECT value FROM json_each(?))", (_json(sorted(documents)),)
        ).fetchall())
        rewrite = set(changed)
        for x, row in documents.items():
            after = row[I_SOURCE] if row is not None else None
            if owners_before.get(x) != after:
                rewrite.update(o for o in (owners_before.get(x), after) if o is not None)
        rewrite = sorted(rewrite)
        for name in ["sources", *PER_SOURCE]:
            if name == "documents":
                continue
            column = "id" if name == "sources" else "source_id"
            db.remove(name, f"[{column}] IN (SELECT value FROM json_each(?))", (_json(rewrite),))
        for x, row in documents.items():
            db.remove_key("documents", (x,))
            if row is not None:
                db.insert("documents", [row])
        for sid in rewrite:
            s = now.get(sid)
            if s is None:
                continue  # removed
            payload = unpack(cache.payload(s.key))
            owned: set[str] = set()
            if contributes(s):
                for x in document_symbols(payload):
                    owner = documents[x][I_SOURCE] if x in documents and documents[x] else _owner(db, x)
                    if owner == sid:
                        owned.add(x)
            rows, _, _ = source_rows(s, payload, owned)
            if insert_source(db, sid, rows):
                raise CannotPatch(f"rows of {s.source['filename']} collide with rows of another source")
        registry_rows = registry_actor_rows(registry)
        for pid in sorted(touched_names["person"] - set(registry_rows)):
            db.remove_key("actors", (pid,))
            rows = holders("person", pid)
            if rows:
                db.insert("actors", [rows[0]])
        registry_aliases = set(registry.aliases)
        for name in sorted(touched_names["alias"]):
            alias = tuple(name.split("\0"))
            if alias in registry_aliases:
                continue
            db.remove_key("actor_aliases", alias)
            if holders("alias", alias_name(alias)):
                db.insert("actor_aliases", [alias])
        db.finish()
        touched = db.touched
    new_indexes = None
    if package_dir is not None:
        new_indexes = patch_package(db_path, package_dir, indexes, touched)
    return Patched(len(rewrite), new_indexes)


def _owner(db: DatabasePatch, symbol: str) -> str | None:
    row = db.conn.execute("SELECT source_id FROM documents WHERE symbol = ?", (symbol,)).fetchone()
    return row[0] if row else None


def _json(values: list[str]) -> str:
    return json.dumps(values)
