"""The build: sources -> extract -> parse -> normalize -> store -> export -> publish.

One function, build(), called by the CLI. Problems with single inputs never stop the
run: they become parse_issues rows and messages in the report.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import multiprocessing
import os
import pickle
import sqlite3
import sys
import time
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

from .errors import BuildError
from .export import write_package_from_db
from .extract import extract
from .extract.model import ExtractedText
from .normalize.actors import Registry, load_registry
from .normalize.rows import SourceInfo, normalize_document
from .parse.document import parse_document
from .publish import write_metadata
from .store import DatabaseWriter
from .tables import CATALOGUE, TABLES

FILE_SPAN = {"line_start": 0, "line_end": 0}  # an issue about the file as a whole


@dataclass
class SourceResult:
    source: dict
    rows: dict[str, list[dict]]
    persons: list[dict]
    aliases: list[tuple[str, str]]
    nonblank: set[int]
    meeting_ids: list[str]
    corrigendum: int | None
    messages: list[str]
    warnings: list[str] = field(default_factory=list)


@dataclass
class BuildReport:
    files: int = 0
    built: int = 0
    messages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    issues: dict[str, int] = field(default_factory=dict)
    lines: int = 0
    lines_accounted: int = 0
    seconds: float = 0.0
    cache_hits: int = 0
    bytes: int = 0
    records: int = 0
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage (read/parse/normalize: summed over workers)

    @property
    def accounted(self) -> float:
        return self.lines_accounted / self.lines if self.lines else 1.0


def shown(path: Path | str) -> str:
    """A path as text that can be stored and printed: bytes of a file name that are not
    valid UTF-8 become U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Files named or found (recursively, hidden files and folders skipped) under the given
    paths, and a message for each path that does not exist or is an empty folder. Pipes,
    sockets and devices are returned too (never opened: process_file records them as
    unreadable)."""
    files, messages = [], []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = [f for f in sorted(p.rglob("*")) if not f.is_dir() and f.exists() and not any(part.startswith(".") for part in f.relative_to(p).parts)]
            if not found:
                messages.append(f"{shown(p)}: the folder holds no files; check the path.")
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            messages.append(f"{shown(p)}: no such file or folder; check the path.")
    return sorted(set(files), key=str), messages


def _issue_row(source_id: str, n: int, level: str, code: str, message: str, excerpt: str = "", span: dict | None = None) -> dict:
    return {"id": f"{source_id}/x{n:02d}", "source_id": source_id, "level": level, "code": code, "message": message, "excerpt": excerpt, **(span or FILE_SPAN)}


def process_file(path: Path, registry: Registry, source_id: str | None = None, timings: dict[str, float] | None = None) -> SourceResult:
    """Read, extract, parse and normalize one file. Never raises for bad content. When
    given, timings receives the seconds spent reading (and extracting), parsing and
    normalizing."""
    clock = [time.perf_counter()]

    def lap(stage: str) -> None:
        now = time.perf_counter()
        if timings is not None:
            timings[stage] = timings.get(stage, 0.0) + now - clock[0]
        clock[0] = now

    try:
        if not path.is_file():  # a pipe, socket or device: reading could block forever
            raise OSError(0, "not a regular file but a pipe, socket or device")
        data = path.read_bytes()
    except OSError as err:
        reason = err.strerror or str(err)
        sha = hashlib.sha256(os.fsencode(path)).hexdigest()
        sid = source_id or sha[:12]
        source = {"id": sid, "filename": shown(path.name), "sha256": sha, "format": "unknown", "encoding": None, "bytes": 0, "line_count": 0, "doc_kind": "unreadable", "symbol": None, "duplicate_of": None, "superseded_by": None}
        message = f"{shown(path)}: cannot be read ({reason}); check that it is a readable file."
        return SourceResult(source, {"parse_issues": [_issue_row(sid, 1, "error", "unreadable-file", message)]}, [], [], set(), [], None, [message])
    sha = hashlib.sha256(data).hexdigest()
    sid = source_id or sha[:12]
    extracted, encoding = extract(path, data)
    info = SourceInfo(sid, shown(path.name), sha, extracted.format, encoding, len(data), len(extracted.lines))
    lap("read")
    messages, warnings = [], []
    doc = None
    try:
        doc = parse_document(extracted)
        lap("parse")
        rows, persons, aliases = normalize_document(info, doc, registry)
    except Exception as err:  # a parser bug must not stop the other files; its lines stay in parse_issues
        problem = f"could not be parsed because of an internal error ({type(err).__name__}: {err}); its lines are kept in parse_issues, please report it."
        messages.append(f"{shown(path)}: {problem}")
        kind = doc.doc_kind if doc is not None else "not_recognised"
        doc = dataclasses.replace(parse_document(ExtractedText(extracted.format, (), ())), doc_kind=kind)
        rows, persons, aliases = {"parse_issues": [_issue_row(sid, 98, "error", "internal-error", problem[0].upper() + problem[1:])]}, [], []
    extra = []
    for n, ei in enumerate(extracted.issues, start=1):
        extra.append(_issue_row(sid, n, ei.level, ei.code, ei.message))
        (messages if ei.level == "error" else warnings).append(f"{shown(path)}: {ei.message}")
    rows.setdefault("parse_issues", []).extend(extra)
    if not any(ei.level == "error" for ei in extracted.issues) and doc.doc_kind == "not_recognised":
        messages.append(f"{shown(path)}: not recognised as an OSCE journal; nothing was read from it.")
    for f in extracted.footnotes:
        n = len(rows.setdefault("footnotes", []))
        rows["footnotes"].append({"id": f"{sid}/pfn{n + 1:03d}", "number": f.number, "text": f.text, "attached_to": _record_at(rows, f.line), "page": f.page, "source_id": sid, "line_start": f.line or 0, "line_end": f.line or 0})
    for k, f in enumerate(extracted.furniture, start=1):
        rows.setdefault("page_furniture", []).append({"id": f"{sid}/x{k:04d}", "kind": f.kind, "page": f.page, "text": f.text, "source_id": sid, "line_start": f.line or 0, "line_end": f.line or 0})
    rows["source_lines"] = source_line_rows(sid, extracted)
    nonblank = {i for i, line in enumerate(extracted.lines, start=1) if line.strip()}
    doc_kind = doc.doc_kind if extracted.lines else ("unreadable" if extracted.issues else "not_recognised")
    source = {
        "id": sid, "filename": shown(path.name), "sha256": sha, "format": extracted.format, "encoding": encoding, "bytes": len(data),
        "line_count": len(extracted.lines), "doc_kind": doc_kind, "symbol": doc.symbol, "duplicate_of": None, "superseded_by": None,
    }
    meeting_ids = [m["id"] for m in rows.get("meetings", [])]
    lap("normalize")
    return SourceResult(source, rows, persons, aliases, nonblank, meeting_ids, doc.corrigendum, messages, warnings)


def uncovered_lines(result: SourceResult) -> set[int]:
    """Non-blank lines of one source that lie in no record's or issue's span."""
    sid = result.source["id"]
    covered: set[int] = set()
    for name, rows in result.rows.items():
        if name in PROVENANCE:
            for r in rows:
                if r["source_id"] == sid and r["line_start"]:
                    covered.update(range(r["line_start"], r["line_end"] + 1))
    return result.nonblank - covered


def source_line_rows(source_id: str, extracted) -> list[dict]:
    """source_lines rows: every non-blank line as parsed, with its page(s) for a PDF."""
    return [{"source_id": source_id, "line_number": i, "page": extracted.pages[i - 1], "page_end": extracted.page_end(i - 1), "text": line}
            for i, line in enumerate(extracted.lines, start=1) if line.strip()]


def _record_at(rows: dict[str, list[dict]], line: int | None) -> str | None:
    """Id of the decision, else the meeting, whose lines include line (what a footnote mark there annotates)."""
    for table in ("decisions", "meetings"):
        for row in rows.get(table, []):
            if line and row["line_start"] <= line <= row["line_end"]:
                return row["id"]
    return None


def _runs(numbers: set[int]) -> list[tuple[int, int]]:
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return [(a, b) for a, b in runs]


# ------------------------------------------------------------------ one source, packed

@dataclass
class SourceSummary:
    """What the build keeps in memory about one source while the others are read: its
    sources row and what deduplication and the report need. The rows themselves are
    packed (pickled, compressed) into the cache and read back one source at a time."""

    key: str | None
    source: dict
    meeting_ids: list[str]
    corrigendum: int | None
    messages: list[str]
    span: tuple[int, int]  # first and last non-blank line, (0, 0) when there is none
    records: int
    issues: int
    content: bool  # has meetings or decisions
    timings: dict[str, float]
    warnings: list[str] = field(default_factory=list)
    cached: bool = False
    replacement: dict[str, list[dict]] | None = None  # rows used instead of the packed ones


@dataclass(frozen=True)
class Task:
    path: Path
    source_id: str | None  # set for a second file with the same bytes
    duplicate_of: str | None
    key: str | None  # cache key; None: not cacheable (the file could not be read)


def _complete(table_name: str, row: dict) -> tuple:
    table = TABLES[table_name]
    unknown = set(row) - set(table.column_names)
    if unknown:
        raise BuildError(f"internal error: {table_name} rows have unknown columns {sorted(unknown)}")
    return tuple(row.get(c) for c in table.column_names)


def pack(result: SourceResult, key: str | None, timings: dict[str, float]) -> tuple[SourceSummary, bytes]:
    """A SourceResult as a summary and a compressed payload of row tuples (catalogue column
    order, each table sorted by primary key)."""
    rows: dict[str, list[tuple]] = {}
    for name, table_rows in result.rows.items():
        if name not in TABLES:
            raise BuildError(f"internal error: rows for an unknown table {name!r}")
        tuples = [_complete(name, r) for r in table_rows]
        if name != "documents":  # documents keep their order: the first of a symbol wins
            pk = [TABLES[name].column_names.index(c) for c in TABLES[name].primary_key]
            tuples.sort(key=lambda t: tuple(t[i] for i in pk))
        rows[name] = tuples
    payload = {
        "rows": rows,
        "persons": [_complete("actors", p) for p in result.persons],
        "aliases": sorted(result.aliases),
        "nonblank": sorted(result.nonblank),
    }
    blob = zlib.compress(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL), 1)
    summary = SourceSummary(
        key=key, source=result.source, meeting_ids=result.meeting_ids, corrigendum=result.corrigendum,
        messages=result.messages, warnings=result.warnings, span=(min(result.nonblank, default=0), max(result.nonblank, default=0)),
        records=sum(len(v) for v in rows.values()), issues=len(rows.get("parse_issues", [])),
        content=bool(rows.get("meetings") or rows.get("decisions")), timings=timings,
    )
    return summary, blob


def unpack(blob: bytes) -> dict:
    return pickle.loads(zlib.decompress(blob))


_REGISTRY: Registry | None = None


def _init_worker() -> None:
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = load_registry()


def _work(task: Task) -> tuple[SourceSummary, bytes]:
    """Process one file in a worker (or in the main process): the packed result."""
    _init_worker()
    timings: dict[str, float] = {}
    result = process_file(task.path, _REGISTRY, source_id=task.source_id, timings=timings)
    return pack(result, task.key, timings)


# ------------------------------------------------------------------ the cache

CACHE_FORMAT = "1"
_CODE_VERSION: str | None = None


def code_files() -> list[Path]:
    """The package's code and data files (the actor registry among them)."""
    root = Path(__file__).resolve().parent
    return [f for f in sorted(root.rglob("*")) if f.is_file() and f.suffix in (".py", ".yml", ".yaml", ".csv", ".json") and "__pycache__" not in f.parts]


def code_version() -> str:
    """Hash of everything that decides a source's rows: the package's code and data
    files, the versions of the libraries that read and resolve, Python's version and the
    cache format. A change to any of them invalidates every cached result."""
    global _CODE_VERSION
    if _CODE_VERSION is None:
        h = hashlib.sha256(f"osce-data cache {CACHE_FORMAT}\n{sys.version}\n".encode())
        root = Path(__file__).resolve().parent
        for f in code_files():
            h.update(f"{f.relative_to(root).as_posix()}\n".encode())
            h.update(hashlib.sha256(f.read_bytes()).digest())
        for dist in ("pycountry", "rapidfuzz", "pdfplumber", "pypdf", "python-docx", "PyYAML", "pdfminer.six"):
            try:
                version = importlib.metadata.version(dist)
            except importlib.metadata.PackageNotFoundError:
                version = "-"
            h.update(f"{dist}={version}\n".encode())
        _CODE_VERSION = h.hexdigest()[:20]
    return _CODE_VERSION


def cache_path(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".cache")


class ResultCache:
    """Packed per-source results in a side SQLite file next to the database, keyed by the
    code version, the file's SHA-256, its path and its source id. It is also where a
    build stages the rows between reading the sources and writing the database."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.conn = self._open()
        except sqlite3.DatabaseError:  # not a cache (or a damaged one): start again
            self.path.unlink(missing_ok=True)
            self.conn = self._open()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, summary BLOB NOT NULL, payload BLOB NOT NULL)")
        conn.commit()
        return conn

    def summary(self, key: str) -> SourceSummary | None:
        row = self.conn.execute("SELECT summary FROM results WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return pickle.loads(row[0])
        except Exception:  # written by an incompatible version: treat as a miss
            return None

    def put(self, summary: SourceSummary, payload: bytes) -> None:
        stored = replace(summary, cached=False, replacement=None)
        self.conn.execute("INSERT OR REPLACE INTO results (key, summary, payload) VALUES (?, ?, ?)", (summary.key, pickle.dumps(stored), payload))

    def payload(self, key: str) -> bytes:
        return self.conn.execute("SELECT payload FROM results WHERE key = ?", (key,)).fetchone()[0]

    def retain(self, keys: set[str]) -> int:
        """Forget every result not used by this build (changed or removed files, older
        code); returns how many were dropped."""
        stale = [k for (k,) in self.conn.execute("SELECT key FROM results") if k not in keys]
        self.conn.executemany("DELETE FROM results WHERE key = ?", [(k,) for k in stale])
        self.conn.commit()
        return len(stale)

    def commit(self) -> None:
        self.conn.commit()

    def close(self) -> None:
        self.conn.commit()
        self.conn.close()


# ------------------------------------------------------------------ the build

def _plan(files: list[Path]) -> list[Task]:
    """A task per file, in file order; a second file with the same bytes gets its own id."""
    version = code_version()
    tasks, seen = [], Counter()
    for path in files:
        try:
            if not path.is_file():  # a pipe, socket or device: opening it could block forever
                raise OSError("not a regular file")
            h = hashlib.sha256()
            with open(path, "rb") as f:
                while chunk := f.read(1 << 20):
                    h.update(chunk)
            sha, readable = h.hexdigest(), True
        except OSError:
            sha, readable = hashlib.sha256(os.fsencode(path)).hexdigest(), False
        sid = sha[:12]
        seen[sid] += 1
        source_id = f"{sid}-{seen[sid]}" if seen[sid] > 1 else None
        key = hashlib.sha256(f"{version}\0{sha}\0{shown(path)}\0{source_id}".encode()).hexdigest() if readable else None
        tasks.append(Task(path, source_id, sid if source_id else None, key))
    return tasks


def _dedupe(summaries: list[SourceSummary]) -> None:
    """The same journal read twice (two files, or text and PDF) is built once; a corrigendum
    supersedes its original. The other copy keeps only its sources row and an issue."""
    by_meeting: dict[str, list[SourceSummary]] = defaultdict(list)
    for s in summaries:
        for mid in s.meeting_ids[:1]:
            by_meeting[mid].append(s)
    for mid, group in sorted(by_meeting.items()):
        if len(group) < 2:
            continue
        winner = sorted(group, key=lambda s: (-(s.corrigendum or 0), s.source["id"]))[0]
        for s in group:
            if s is winner:
                continue
            if (s.corrigendum or 0) < (winner.corrigendum or 0):
                s.source["superseded_by"] = winner.source["id"]
                code, message = "superseded", f"This journal ({mid}) is superseded by the corrigendum in {winner.source['filename']}; only the corrigendum is built."
            else:
                s.source["duplicate_of"] = winner.source["id"]
                code, message = "duplicate-journal", f"This journal ({mid}) was already read from {winner.source['filename']}; it is built once, from that file."
            _replace(s, code, message)


def _replace(s: SourceSummary, code: str, message: str) -> None:
    span = {"line_start": s.span[0], "line_end": s.span[1]}
    s.replacement = {"parse_issues": [_issue_row(s.source["id"], 99, "warning", code, message, span=span)]}
    s.meeting_ids, s.content = [], False


PROVENANCE = {
    t.name: (t.column_names.index("source_id"), t.column_names.index("line_start"), t.column_names.index("line_end"))
    for t in CATALOGUE
    if t.has_provenance
}
PER_SOURCE = [t.name for t in CATALOGUE if t.name not in ("sources", "actors", "actor_aliases")]
UNACCOUNTED = "These lines were not read into any record; they are kept here so nothing is lost."


class _Writer:
    """Streams the sources, in source id order, into a DatabaseWriter: documents merged by
    symbol, persons and aliases gathered for the end, lines accounted for per source."""

    def __init__(self, db: DatabaseWriter, registry: Registry):
        self.db, self.registry = db, registry
        self.persons: dict[str, tuple] = {}
        self.aliases: set[tuple[str, str]] = set(registry.aliases)
        self.documents: set[str] = set()
        self.lines = self.accounted = 0

    def add(self, s: SourceSummary, payload: dict) -> None:
        sid = s.source["id"]
        self.db.insert("sources", [_complete("sources", s.source)])
        if s.replacement is not None:  # a duplicate or superseded copy: its text is kept, its records are not
            rows = {name: [_complete(name, r) for r in rs] for name, rs in s.replacement.items()}
            rows["source_lines"] = payload["rows"].get("source_lines", [])
            i_start = PROVENANCE["parse_issues"][1]
            file_issues = [t for t in payload["rows"].get("parse_issues", []) if not t[i_start]]  # e.g. how it was decoded
            rows["parse_issues"] = sorted(file_issues + rows["parse_issues"])
        else:
            rows = payload["rows"]
            for p in payload["persons"]:
                self.persons.setdefault(p[0], p)
            self.aliases.update(tuple(a) for a in payload["aliases"])
        covered: set[int] = set()
        for name, tuples in rows.items():
            idx = PROVENANCE.get(name)
            if idx is None:
                continue
            i_sid, i_start, i_end = idx
            for r in tuples:
                if name == "documents":
                    if r[0] in self.documents:
                        continue  # this symbol's row is another's; it covers nothing here
                    self.documents.add(r[0])
                if r[i_start] and r[i_sid] == sid:
                    covered.update(range(r[i_start], r[i_end] + 1))
        nonblank = set(payload["nonblank"])
        self.lines += len(nonblank)
        self.accounted += len(nonblank & covered)
        issues = list(rows.get("parse_issues", []))
        for k, (a, b) in enumerate(_runs(nonblank - covered), start=1):
            issues.append(_complete("parse_issues", _issue_row(sid, 0, "warning", "unaccounted-lines", UNACCOUNTED, span={"line_start": a, "line_end": b}) | {"id": f"{sid}/u{k:04d}"}))
        n_dup = 0
        for name in PER_SOURCE:
            tuples = issues if name == "parse_issues" else rows.get(name)
            if not tuples:
                continue
            if name == "documents":
                self.db.upsert_documents(tuples)
                continue
            stored = self.db.insert(name, tuples)
            if stored < len(tuples) and name != "parse_issues":
                n_dup += 1
                issues.append(_complete("parse_issues", self._duplicate_issue(sid, n_dup, name, tuples, len(tuples) - stored)))

    def _duplicate_issue(self, sid: str, n: int, name: str, tuples: list[tuple], lost: int) -> dict:
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
                if self.db.conn.execute(f"SELECT {cols} FROM [{name}] WHERE {where}", key).fetchone() != t:
                    example = key
                    break
        shown = "/".join(str(v) for v in example) if example else "?"
        message = f"{lost} {name} row(s) were not stored because their id is already used (e.g. {shown}); the first row with that id is kept. This is a bug in osce-data's ids, please report it."
        return _issue_row(sid, n, "error", "duplicate-id", message) | {"id": f"{sid}/d{n:02d}"}

    def close(self) -> None:
        actors = {a.id: _complete("actors", {k: getattr(a, k) for k in TABLES["actors"].column_names}) for a in self.registry.actors}
        for pid, p in self.persons.items():
            actors.setdefault(pid, p)
        self.db.insert("actors", [actors[k] for k in sorted(actors)])
        self.db.insert("actor_aliases", [(al, aid) for al, aid in sorted(self.aliases)])


def _stage_add(stages: dict[str, float], timings: dict[str, float]) -> None:
    for k, v in timings.items():
        stages[k] = stages.get(k, 0.0) + v


def build(
    paths: Iterable[Path],
    db_path: Path,
    package_dir: Path | None,
    metadata_path: Path | None = None,
    on_file: Callable[[Path, SourceSummary], None] | None = None,
    *,
    jobs: int | None = None,
    full: bool = False,
) -> BuildReport:
    """Read every source (in a pool of `jobs` worker processes, default one per CPU),
    reusing the cached result of each source whose bytes, path and code have not changed
    (unless `full`), then stream the rows into the database and write the package from
    it. The output does not depend on `jobs` or on the cache."""
    started = time.perf_counter()
    registry = load_registry()
    global _REGISTRY
    _REGISTRY = registry
    files, messages = discover(paths)
    report = BuildReport(files=len(files), messages=messages)
    tasks = _plan(files)
    cache = ResultCache(cache_path(db_path))
    try:
        summaries = _read_all(tasks, cache, full, jobs, on_file, report)
        t0 = time.perf_counter()
        _dedupe(summaries)
        for task, s in zip(tasks, summaries):
            for issue in (s.replacement or {}).get("parse_issues", []):
                report.warnings.append(f"{shown(task.path)}: {issue['message']}")
        report.built = sum(1 for s in summaries if s.content)
        if not files or not any(s.source["doc_kind"] not in ("unreadable", "not_recognised") for s in summaries):
            raise BuildError("Nothing could be built: no readable OSCE document among the inputs. " + " ".join(report.messages))
        with DatabaseWriter(db_path) as db:
            writer = _Writer(db, registry)
            for s in sorted(summaries, key=lambda s: s.source["id"]):
                writer.add(s, unpack(cache.payload(s.key)))
            writer.close()
            report.counts = {t.name: db.conn.execute(f"SELECT count(*) FROM [{t.name}]").fetchone()[0] for t in CATALOGUE}
            report.issues = dict(db.conn.execute("SELECT level, count(*) FROM parse_issues GROUP BY level ORDER BY level").fetchall())
            report.lines, report.lines_accounted = writer.lines, writer.accounted
            t1 = time.perf_counter()
            report.stages["store"] = t1 - t0
            report.stages["store_sql"] = db.timings["store"]
            db.finish()
            report.stages.update(index=db.timings["index"], fts=db.timings["fts"], finish=db.timings["finish"])
        t2 = time.perf_counter()
        if package_dir is not None:
            write_package_from_db(db_path, package_dir)
        t3 = time.perf_counter()
        report.stages["export"] = t3 - t2
        if metadata_path is not None:
            write_metadata(metadata_path)
        report.stages["metadata"] = time.perf_counter() - t3
        cache.retain({s.key for s in summaries if not s.key.startswith("uncached:")})
    finally:
        cache.close()
    report.seconds = time.perf_counter() - started
    return report


def _read_all(tasks: list[Task], cache: ResultCache, full: bool, jobs: int | None, on_file, report: BuildReport) -> list[SourceSummary]:
    """Process every task whose result is not cached (in parallel when it pays); the
    summaries in task order. Processed results are written to the cache as they come."""
    t0 = time.perf_counter()
    hits: dict[int, SourceSummary] = {}
    if not full:
        for i, task in enumerate(tasks):
            if task.key is not None and (s := cache.summary(task.key)) is not None:
                s.cached = True
                hits[i] = s
    todo = [t for i, t in enumerate(tasks) if i not in hits]
    jobs = max(1, jobs or os.cpu_count() or 1)
    pool = None
    if jobs > 1 and len(todo) >= 4 * jobs:
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        pool = ctx.Pool(jobs, initializer=_init_worker)
        done = pool.imap(_work, todo, chunksize=max(1, min(8, len(todo) // (jobs * 16))))
    else:
        done = map(_work, todo)
    summaries: list[SourceSummary] = []
    try:
        for i, task in enumerate(tasks):
            if i in hits:
                s = hits[i]
                report.cache_hits += 1
            else:
                s, blob = next(done)
                if s.key is None:  # not cacheable, but the build stages it like the others
                    s.key = f"uncached:{i}:{shown(task.path)}"
                cache.put(s, blob)
                _stage_add(report.stages, s.timings)
            if task.duplicate_of is not None:
                s.source["duplicate_of"] = task.duplicate_of
                if s.source["doc_kind"] not in ("unreadable", "not_recognised"):  # else it keeps its own issues
                    _replace(s, "duplicate-file", f"This file has the same content as another input ({task.duplicate_of}); it is built once.")
            report.bytes += s.source["bytes"]
            report.records += s.records
            report.messages.extend(s.messages)
            report.warnings.extend(s.warnings)
            summaries.append(s)
            if on_file:
                on_file(task.path, s)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        cache.commit()
    report.stages["process"] = time.perf_counter() - t0
    return summaries
