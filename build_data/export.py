"""Export stage: rows -> datapackage/ (datapackage.json and one CSV per table), swapped
into place only when complete. Byte-identical for identical inputs.

Each CSV is written in blocks of BLOCK_ROWS rows and the (primary key, byte offset) of
every block's first row is returned: an incremental build rewrites only the blocks that
hold changed rows and copies the other bytes (patch_package).
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import io
import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from itertools import islice
from pathlib import Path

from . import interrupt
from .release_record import last_release
from .store import iter_rows, read_only_uri, rows_between
from .tables import CATALOGUE, TIME_PATTERN, Column, Table
from .tempfiles import copy_file, recover, replace_durably, sync, sync_with_files

PACKAGE = {
    "name": "osce-journals",
    "title": "OSCE meeting journals as open data",
    "description": (
        "Meetings, agenda items, speaker lists, decisions with their full text, action items, "
        "interpretative statements, actors and documents read from the journals of the OSCE's "
        "Permanent Council, Forum for Security Co-operation and Ministerial Council. Every row "
        "carries the source file and line span it was read from; parse_issues lists what the "
        "parser could not fully understand. Text is kept verbatim, so a cell may start with =, +,"
        " - or @ and be run as a formula by a spreadsheet program: open the CSV files as text, or"
        " make spreadsheet-safe copies with `osce-data spreadsheet-csv`."
    ),
    "homepage": "https://www.osce.org/resources/documents",
    "licenses": [
        {
            "name": "CC-BY-4.0",
            "title": "Creative Commons Attribution 4.0 (the structured data)",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        }
    ],
    "sources": [
        {
            "title": (
                "Organization for Security and Co-operation in Europe (OSCE): meeting journals"
            ),
            "path": "https://www.osce.org/resources/documents",
        }
    ],
    "contributors": [{"title": "osce-data contributors", "role": "author"}],
}
FRICTIONLESS_TYPES = {
    "string": "string",
    "integer": "integer",
    "boolean": "boolean",
    "date": "date",
    "time": "string",
    "number": "number",
}


def field(column: Column, table: Table) -> dict:
    f: dict = {
        "name": column.name,
        "type": FRICTIONLESS_TYPES[column.type],
        "description": column.description,
    }
    constraints: dict = {}
    if column.required or column.name in table.primary_key:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if column.type == "time":
        constraints["pattern"] = TIME_PATTERN
    if column.type == "boolean":
        f["trueValues"], f["falseValues"] = ["true"], ["false"]
    if constraints:
        f["constraints"] = constraints
    return f


def resource(table: Table, stats: tuple[int, str] | None = None) -> dict:
    """A table's resource; with stats (bytes, "sha256:...") of its CSV, frictionless checks
    both when it validates the package."""
    schema: dict = {
        "fields": [field(c, table) for c in table.columns],
        "primaryKey": list(table.primary_key),
    }
    fks = [
        {
            "fields": [col],
            "reference": {"resource": "" if other == table.name else other, "fields": [other_col]},
        }
        for col, other, other_col in table.foreign_keys
    ]
    if fks:
        schema["foreignKeys"] = fks
    checks = {"bytes": stats[0], "hash": stats[1]} if stats else {}
    return {
        "name": table.name,
        "title": table.title,
        "description": table.description,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        **checks,
        "schema": schema,
    }


def descriptor(stats: dict[str, tuple[int, str]] | None = None) -> dict:
    """datapackage.json: the catalogue's resources (with their CSVs' stats when given) and
    the version and date of the last release (none before the first)."""
    release = last_release()
    version = {"version": str(release.version), "created": release.created} if release else {}
    stats = stats or {}
    return {
        **PACKAGE,
        **version,
        "profile": "tabular-data-package",
        "resources": [resource(t, stats.get(t.name)) for t in CATALOGUE],
    }


def file_stats(path: Path) -> tuple[int, str]:
    """(bytes, "sha256:<hex>") of a file, as a Frictionless resource states them."""
    with open(path, "rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()
        return os.fstat(f.fileno()).st_size, f"sha256:{digest}"


def descriptor_text(directory: Path, stats: dict[str, tuple[int, str]] | None = None) -> str:
    """The datapackage.json of the CSVs in `directory` (their stats computed unless given)."""
    if stats is None:
        stats = {t.name: file_stats(Path(directory) / f"{t.name}.csv") for t in CATALOGUE}
    return json.dumps(descriptor(stats), indent=2, ensure_ascii=False) + "\n"


def refresh_descriptor(directory: Path) -> bool:
    """Write datapackage.json again when the release it states is not the recorded one
    (after `osce-data release`), keeping the CSVs' stats it lists, which stay true as long
    as the CSVs are the ones it describes. Returns whether it was written."""
    path = Path(directory) / "datapackage.json"
    try:
        current = path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        current = None
    stats = descriptor_stats(directory) or None  # unreadable: computed again
    text = descriptor_text(directory, stats)
    if text == current:
        return False
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    replace_durably(tmp, path)
    return True


def cell(value, column: Column) -> str:
    if value is None:
        return ""
    if column.type == "boolean":
        return "true" if value else "false"
    return str(value)


BLOCK_ROWS = 256  # small blocks: a patch writes few rows again; the index stays small
PARALLEL_CELLS = 2_000_000  # below this, starting processes costs more than it saves
Index = list[tuple[tuple, int]]  # (primary key of a block's first row, byte offset of that row)


def _cells(table: Table, rows: Iterable[tuple]) -> Iterable[list[str]]:
    if any(c.type == "boolean" for c in table.columns):
        columns = table.columns
        return ([cell(v, c) for v, c in zip(row, columns, strict=False)] for row in rows)
    return (["" if v is None else str(v) for v in row] for row in rows)


def _csv_text(rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _header(table: Table) -> bytes:
    return _csv_text([list(table.column_names)]).encode("utf-8")


def _pk_reader(table: Table) -> Callable[[list], tuple]:
    """The primary key of a row (typed values, or the strings of a CSV row) as SQLite orders
    it: integers as numbers, text by code point (which is SQLite's binary UTF-8 order)."""
    positions = [table.column_names.index(c) for c in table.primary_key]
    numeric = [table.columns[i].type == "integer" for i in positions]
    return lambda row: tuple(
        int(row[i]) if n and isinstance(row[i], str) else row[i]
        for i, n in zip(positions, numeric, strict=False)
    )


def _write_blocks(
    out, table: Table, rows: Iterable[list[str]], pk: Callable[[list], tuple], index: Index
) -> None:
    """Write rows (lists of CSV strings, in primary-key order) in blocks, adding each block
    to the index."""
    rows = iter(rows)
    while block := list(islice(rows, BLOCK_ROWS)):
        index.append((pk(block[0]), out.tell()))
        out.write(_csv_text(block).encode("utf-8"))


def write_table(path: Path, table: Table, rows: Iterable[tuple]) -> Index:
    """One table's CSV from rows (tuples in catalogue column order, already in primary-key
    order); returns the block index."""
    index: Index = []
    with open(path, "wb") as out:
        out.write(_header(table))
        _write_blocks(out, table, _cells(table, rows), _pk_reader(table), index)
    return index


class _Pieces:
    """A patched CSV as planned: byte ranges of the old file to copy and new bytes, in
    order; tell() is the size so far (what _write_blocks indexes)."""

    def __init__(self):
        self.parts: list[tuple[int, int] | bytes] = []
        self.size = 0

    def tell(self) -> int:
        return self.size

    def write(self, data: bytes) -> None:
        self.parts.append(data)
        self.size += len(data)

    def copy(self, start: int, end: int) -> None:
        if end > start:
            self.parts.append((start, end))
            self.size += end - start


COPY_CHUNK = 1 << 20  # bytes copied at a time: hashed while still in the CPU's cache


def _write_pieces(old: Path, new: Path, parts: list[tuple[int, int] | bytes]) -> tuple[int, str]:
    """Write `new` from the planned parts (ranges of `old`, new bytes), hashing what it
    writes; returns its stats (bytes, "sha256:<hex>"). The old bytes pass through this
    process to be hashed (copy_file_range would copy them in the kernel, but they would
    then be read back to be hashed); hashing, reading and writing release the GIL, so
    several tables are written at once in threads."""
    sha256, size = hashlib.sha256(), 0
    view = memoryview(bytearray(COPY_CHUNK))
    with open(old, "rb") as src, open(new, "wb") as dst:
        for part in parts:
            if isinstance(part, bytes):
                sha256.update(part)
                dst.write(part)
                size += len(part)
                continue
            start, end = part
            while start < end:
                n = os.preadv(src.fileno(), [view[: min(COPY_CHUNK, end - start)]], start)
                if n == 0:
                    raise OSError(f"{src.name} is shorter than expected")
                sha256.update(view[:n])
                dst.write(view[:n])
                start, size = start + n, size + n
    return size, f"sha256:{sha256.hexdigest()}"


def _plan_patch(
    size: int, table: Table, index: Index, keys: set[tuple], conn: sqlite3.Connection
) -> tuple[_Pieces, Index]:
    """The pieces of a CSV of `size` bytes with the block `index` once the blocks where
    the given primary keys fall are written again from the database (conn), each run of
    other blocks copied in one piece; and the new block index."""
    header_end = index[0][1] if index else size
    starts = [offset for _, offset in index] or [header_end]
    ends = starts[1:] + [size]
    bounds = [key for key, _ in index]
    changed = {max(0, bisect.bisect_right(bounds, key) - 1) for key in keys}
    pk = _pk_reader(table)
    new_index: Index = []
    pieces = _Pieces()
    run = (0, header_end)  # the old bytes [start, end) still to copy, at pieces.tell()
    for i, (start, end) in enumerate(zip(starts, ends, strict=False)):
        if i in changed:
            pieces.copy(*run)
            run = (end, end)
            # the first block also takes the keys before it
            low = bounds[i] if 0 < i < len(bounds) else None
            high = bounds[i + 1] if i + 1 < len(bounds) else None
            rows = rows_between(conn, table, low, high)
            _write_blocks(pieces, table, _cells(table, rows), pk, new_index)
        else:
            new_index.append((bounds[i], pieces.tell() + start - run[0]))
            run = (run[0], end)
    pieces.copy(*run)
    return pieces, new_index


def patch_table(
    old: Path, new: Path, table: Table, index: Index, keys: set[tuple], conn: sqlite3.Connection
) -> tuple[Index, tuple[int, str]]:
    """Write `new` as `old` with the blocks where the given primary keys fall written again
    from the database (conn); the other blocks are copied. The result is byte for byte
    what write_table would write from that database. Returns its block index and its
    stats (bytes, "sha256:<hex>")."""
    pieces, new_index = _plan_patch(old.stat().st_size, table, index, keys, conn)
    return new_index, _write_pieces(old, new, pieces.parts)


Stats = dict[str, tuple[int, str]]  # table name -> (bytes, "sha256:<hex>") of its CSV


class StagedPackage:
    """A complete package written by fill() into a temporary folder beside `directory`
    (fill returns the stats of the CSVs it knows, the others are computed), not yet in
    place: swap() moves it there, discard() (or an exception in a with block) removes it.
    A build killed before swap() leaves the temporary folder for recover() to remove."""

    def __init__(self, directory: Path, fill: Callable[[Path], Stats]):
        self.directory = Path(directory)
        self.directory.parent.mkdir(parents=True, exist_ok=True)
        recover(self.directory)
        self.tmp = self.directory.with_name(f".{self.directory.name}.{os.getpid()}.tmp")
        self.old = self.directory.with_name(f".{self.directory.name}.{os.getpid()}.old")
        for leftover in (self.tmp, self.old):
            if leftover.exists():
                shutil.rmtree(leftover)
        try:
            self.tmp.mkdir()
            known = fill(self.tmp)
            stats = {
                t.name: known.get(t.name) or file_stats(self.tmp / f"{t.name}.csv")
                for t in CATALOGUE
            }
            (self.tmp / "datapackage.json").write_text(
                descriptor_text(self.tmp, stats), encoding="utf-8"
            )
        except BaseException as err:
            if isinstance(err, OSError) and err.filename is None:
                # a write in a worker (or by a file object) does not say where: in the package
                err.filename = str(self.tmp)
            self.discard()
            raise

    def swap(self) -> None:
        """Put the package in place of the folder's: two renames, not cut in two by a
        signal; a build killed between them leaves the old package aside, which recover()
        puts back. The package's files reach the disk before the first rename, the renames
        before returning (as tempfiles.replace_durably)."""
        try:
            sync_with_files(self.tmp)
            with interrupt.deferred():
                if self.directory.exists():
                    os.replace(self.directory, self.old)
                os.replace(self.tmp, self.directory)
            sync(self.directory.parent)
        finally:
            self.discard()

    def discard(self) -> None:
        with interrupt.deferred():
            if (
                self.old.exists() and not self.directory.exists()
            ):  # failed between the two renames: the old package goes back
                os.replace(self.old, self.directory)
            for leftover in (self.tmp, self.old):
                if leftover.exists():
                    shutil.rmtree(leftover)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.discard()


def _swap_in(directory: Path, fill: Callable[[Path], Stats]) -> None:
    """Write the package to a sibling temporary folder with fill(), then swap it into place."""
    with StagedPackage(directory, fill) as staged:
        staged.swap()


def descriptor_stats(directory: Path) -> Stats:
    """The CSVs' stats that the package's datapackage.json states (none when unreadable)."""
    try:
        data = json.loads((Path(directory) / "datapackage.json").read_bytes())
        return {r["name"]: (r["bytes"], r["hash"]) for r in data["resources"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _link_or_copy(old: Path, new: Path) -> None:
    try:
        os.link(old, new)  # never written in place, so the new package can share the file
    except OSError:
        copy_file(old, new)


def _export_table(task: tuple[str, str, str]) -> tuple[str, Index]:
    """Write one table's CSV from the database (in a worker process or not)."""
    db_path, directory, name = task
    conn = sqlite3.connect(read_only_uri(db_path), uri=True)
    try:
        table = next(t for t in CATALOGUE if t.name == name)
        path = Path(directory) / f"{name}.csv"
        index = write_table(path, table, iter_rows(conn, table))
        sync(path)  # here, while the indexes are built, rather than all at the swap
        return name, index
    finally:
        conn.close()


def write_package_from_db(
    db_path: Path,
    directory: Path,
    jobs: int = 1,
    meanwhile: Callable[[], None] | None = None,
    before_swap: Callable[[], None] | None = None,
) -> dict[str, Index]:
    """Write the package from a built database, streaming each table in primary-key
    order (in `jobs` processes, largest tables first); returns each table's block index.
    meanwhile() runs while the worker processes write (after the tables are written when
    there are none), before_swap() once the package is complete, before it is put in place."""
    indexes: dict[str, Index] = {}

    def fill(tmp: Path) -> Stats:
        with closing(sqlite3.connect(read_only_uri(db_path), uri=True)) as conn:
            sizes = {
                t.name: conn.execute(f"SELECT count(*) FROM [{t.name}]").fetchone()[0]
                * len(t.columns)
                for t in CATALOGUE
            }
        tasks = [(str(db_path), str(tmp), name) for name in sorted(sizes, key=lambda n: -sizes[n])]
        if jobs > 1 and sum(sizes.values()) > PARALLEL_CELLS:
            with interrupt.pool(jobs) as pool:
                written = pool.imap_unordered(_export_table, tasks)
                if meanwhile is not None:
                    meanwhile()
                indexes.update(written)
        else:
            indexes.update(map(_export_table, tasks))
            if meanwhile is not None:
                meanwhile()
        return {}

    with StagedPackage(directory, fill) as staged:
        if before_swap is not None:
            before_swap()
        staged.swap()
    return {t.name: indexes[t.name] for t in CATALOGUE}


def stage_patched_package(
    conn: sqlite3.Connection,
    directory: Path,
    previous: dict[str, Index],
    touched: dict[str, set[tuple]],
    known: Stats,
) -> tuple[StagedPackage, dict[str, Index]]:
    """The package after an incremental build changed the rows with the `touched` primary
    keys in the database (conn, which may read them before they are committed), staged
    beside `directory`. A table whose CSV has a block index from the previous build
    (`previous`, checked by the caller) is patched (its unchanged byte ranges copied), an
    untouched one is hard-linked as it is, with its stats from `known` when there, any
    other is written whole. Returns the staged package and the new block indexes."""
    indexes: dict[str, Index] = {}
    directory = Path(directory)

    def fill(tmp: Path) -> Stats:
        kept: Stats = {}
        writers = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
        try:
            written = {}
            for table in CATALOGUE:
                old, new = directory / f"{table.name}.csv", tmp / f"{table.name}.csv"
                keys = touched.get(table.name, set())
                if table.name not in previous:
                    indexes[table.name] = write_table(new, table, iter_rows(conn, table))
                elif not keys:
                    _link_or_copy(old, new)
                    indexes[table.name] = previous[table.name]
                    if table.name in known:
                        kept[table.name] = known[table.name]
                else:
                    pieces, indexes[table.name] = _plan_patch(
                        old.stat().st_size, table, previous[table.name], keys, conn
                    )
                    written[table.name] = writers.submit(_write_pieces, old, new, pieces.parts)
            kept.update((name, future.result()) for name, future in written.items())
        finally:  # nothing is left writing into the folder when it is removed
            writers.shutdown(wait=True, cancel_futures=True)
        return kept

    return StagedPackage(directory, fill), indexes
