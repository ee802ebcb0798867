"""The build: sources -> extract -> parse -> normalize -> store -> export -> publish.

One function, build(), called by the CLI. Problems with single inputs never stop the
run: they become parse_issues rows and messages in the report.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .errors import BuildError
from .export import write_package
from .extract import extract
from .extract.model import ExtractedText
from .normalize.actors import Registry, load_registry
from .normalize.rows import SourceInfo, normalize_document
from .parse.document import parse_document
from .publish import write_metadata
from .store import write_database
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


def process_file(path: Path, registry: Registry, source_id: str | None = None) -> SourceResult:
    """Read, extract, parse and normalize one file. Never raises for bad content."""
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
    messages, warnings = [], []
    doc = None
    try:
        doc = parse_document(extracted)
        rows, persons, aliases = normalize_document(info, doc, registry)
        _check_keys(rows)
    except Exception as err:  # a parser bug must not stop the other files; its lines stay in parse_issues
        problem = f"could not be parsed because of an internal error ({type(err).__name__}: {err}); its lines are kept in parse_issues, please report it."
        messages.append(f"{shown(path)}: {problem}")
        kind = doc.doc_kind if doc is not None else "not_recognised"
        doc = parse_document(ExtractedText(extracted.format, (), ()))
        doc = dataclasses.replace(doc, doc_kind=kind)
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
        rows["footnotes"].append({"id": f"{sid}/pfn{n + 1:03d}", "number": f.number, "text": f.text, "attached_to": None, "source_id": sid, "line_start": 0, "line_end": 0})
    for k, f in enumerate(extracted.furniture, start=1):
        rows.setdefault("page_furniture", []).append({"id": f"{sid}/x{k:04d}", "kind": f.kind, "page": f.page, "text": f.text, "source_id": sid, "line_start": 0, "line_end": 0})
    nonblank = {i for i, line in enumerate(extracted.lines, start=1) if line.strip()}
    doc_kind = doc.doc_kind if extracted.lines else ("unreadable" if extracted.issues else "not_recognised")
    source = {
        "id": sid, "filename": shown(path.name), "sha256": sha, "format": extracted.format, "encoding": encoding, "bytes": len(data),
        "line_count": len(extracted.lines), "doc_kind": doc_kind, "symbol": doc.symbol, "duplicate_of": None, "superseded_by": None,
    }
    meeting_ids = [m["id"] for m in rows.get("meetings", [])]
    return SourceResult(source, rows, persons, aliases, nonblank, meeting_ids, doc.corrigendum, messages, warnings)


def _check_keys(rows: dict[str, list[dict]]) -> None:
    """Raise when one file's rows repeat a primary key (a parser bug), so that the file, not
    the whole build, fails."""
    for name, table_rows in rows.items():
        if name in TABLES and name != "documents":
            pk = TABLES[name].primary_key
            keys = Counter(tuple(r.get(c) for c in pk) for r in table_rows)
            repeated = [k for k, n in keys.items() if n > 1]
            if repeated:
                raise BuildError(f"{len(repeated)} repeated {name} id(s), e.g. {'/'.join(map(str, repeated[0]))}")


def _dedupe(results: list[SourceResult]) -> None:
    """The same journal read twice (two files, or text and PDF) is built once; a corrigendum
    supersedes its original. The other copy keeps only its sources row and an issue."""
    by_meeting: dict[str, list[SourceResult]] = defaultdict(list)
    for r in results:
        for mid in r.meeting_ids[:1]:
            by_meeting[mid].append(r)
    for mid, group in sorted(by_meeting.items()):
        if len(group) < 2:
            continue
        winner = sorted(group, key=lambda r: (-(r.corrigendum or 0), r.source["id"]))[0]
        for r in group:
            if r is winner:
                continue
            sid = r.source["id"]
            if (r.corrigendum or 0) < (winner.corrigendum or 0):
                r.source["superseded_by"] = winner.source["id"]
                code, message = "superseded", f"This journal ({mid}) is superseded by the corrigendum in {winner.source['filename']}; only the corrigendum is built."
            else:
                r.source["duplicate_of"] = winner.source["id"]
                code, message = "duplicate-journal", f"This journal ({mid}) was already read from {winner.source['filename']}; it is built once, from that file."
            span = {"line_start": min(r.nonblank, default=0), "line_end": max(r.nonblank, default=0)}
            file_issues = [i for i in r.rows.get("parse_issues", []) if not i["line_start"]]  # e.g. how it was decoded
            r.rows = {"parse_issues": file_issues + [_issue_row(sid, 99, "warning", code, message, span=span)]}
            r.persons, r.aliases, r.meeting_ids = [], [], []


def _complete(table_name: str, row: dict) -> dict:
    table = TABLES[table_name]
    unknown = set(row) - set(table.column_names)
    if unknown:
        raise BuildError(f"internal error: {table_name} rows have unknown columns {sorted(unknown)}")
    return {c: row.get(c) for c in table.column_names}


def merge(results: list[SourceResult], registry: Registry) -> dict[str, list[dict]]:
    """All rows of all sources, plus the registry's actors, as one table -> rows mapping."""
    tables: dict[str, list[dict]] = defaultdict(list)
    documents: dict[str, dict] = {}
    persons: dict[str, dict] = {}
    aliases = set(registry.aliases)
    for r in sorted(results, key=lambda r: r.source["id"]):
        tables["sources"].append(r.source)
        for name, rows in r.rows.items():
            if name == "documents":
                for d in rows:
                    kept = documents.setdefault(d["symbol"], d)
                    kept["title"] = kept["title"] or d["title"]
                    kept["distribution"] = kept["distribution"] or d["distribution"]
            else:
                tables[name].extend(rows)
        for p in r.persons:
            persons.setdefault(p["id"], p)
        aliases.update(r.aliases)
    tables["documents"] = list(documents.values())
    for a in registry.actors:
        tables["actors"].append({k: getattr(a, k) for k in TABLES["actors"].column_names})
    known = {a["id"] for a in tables["actors"]}
    tables["actors"].extend(p for pid, p in sorted(persons.items()) if pid not in known)
    tables["actor_aliases"] = [{"alias": al, "actor_id": aid} for al, aid in sorted(aliases)]
    return {name: [_complete(name, row) for row in rows] for name, rows in tables.items()}


def account(results: list[SourceResult], tables: dict[str, list[dict]]) -> tuple[int, int, dict[str, set[int]]]:
    """(non-blank lines, lines inside some record's or issue's span, uncovered lines per source)."""
    covered: dict[str, set[int]] = defaultdict(set)
    for table in CATALOGUE:
        if not table.has_provenance:
            continue
        for row in tables.get(table.name, []):
            if row["line_start"]:
                covered[row["source_id"]].update(range(row["line_start"], row["line_end"] + 1))
    total = accounted = 0
    uncovered: dict[str, set[int]] = {}
    for r in results:
        sid = r.source["id"]
        total += len(r.nonblank)
        hit = r.nonblank & covered[sid]
        accounted += len(hit)
        if r.nonblank - hit:
            uncovered[sid] = r.nonblank - hit
    return total, accounted, uncovered


def _runs(numbers: set[int]) -> list[tuple[int, int]]:
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return [(a, b) for a, b in runs]


def build(
    paths: Iterable[Path],
    db_path: Path,
    package_dir: Path | None,
    metadata_path: Path | None = None,
    on_file: Callable[[Path, SourceResult], None] | None = None,
) -> BuildReport:
    started = time.perf_counter()
    registry = load_registry()
    files, messages = discover(paths)
    report = BuildReport(files=len(files), messages=messages)
    results = []
    seen_ids: Counter = Counter()
    for path in files:
        result = process_file(path, registry)
        sid = result.source["id"]
        seen_ids[sid] += 1
        if seen_ids[sid] > 1:  # identical bytes under another name
            first = sid
            result = process_file(path, registry, source_id=f"{sid}-{seen_ids[sid]}")
            result.source["duplicate_of"] = first
            if result.source["doc_kind"] not in ("unreadable", "not_recognised"):  # else keep its own issues
                message = f"This file has the same content as another input ({first}); it is built once."
                span = {"line_start": min(result.nonblank, default=0), "line_end": max(result.nonblank, default=0)}
                file_issues = [i for i in result.rows.get("parse_issues", []) if not i["line_start"]]
                result.rows = {"parse_issues": file_issues + [_issue_row(result.source["id"], 99, "warning", "duplicate-file", message, span=span)]}
                result.persons, result.aliases, result.meeting_ids = [], [], []
        results.append(result)
        report.messages.extend(result.messages)
        report.warnings.extend(result.warnings)
        if on_file:
            on_file(path, result)
    _dedupe(results)
    for path, r in zip(files, results):
        for issue in r.rows.get("parse_issues", []):
            if issue["code"] in ("duplicate-file", "duplicate-journal", "superseded"):
                report.warnings.append(f"{shown(path)}: {issue['message']}")
    tables = merge(results, registry)
    total, accounted, uncovered = account(results, tables)
    report.lines, report.lines_accounted = total, accounted
    for sid, lines in sorted(uncovered.items()):
        for k, (a, b) in enumerate(_runs(lines), start=1):
            tables["parse_issues"].append(_issue_row(sid, 0, "warning", "unaccounted-lines", "These lines were not read into any record; they are kept here so nothing is lost.", span={"line_start": a, "line_end": b}) | {"id": f"{sid}/u{k:04d}"})
    report.built = sum(1 for r in results if r.rows.get("meetings") or r.rows.get("decisions"))
    if not files or not any(r.source["doc_kind"] not in ("unreadable", "not_recognised") for r in results):
        raise BuildError("Nothing could be built: no readable OSCE document among the inputs. " + " ".join(report.messages))
    write_database(tables, db_path)
    if package_dir is not None:
        write_package(tables, package_dir)
    if metadata_path is not None:
        write_metadata(metadata_path)
    report.counts = {t.name: len(tables.get(t.name, [])) for t in CATALOGUE}
    report.issues = dict(sorted(Counter(i["level"] for i in tables.get("parse_issues", [])).items()))
    report.seconds = time.perf_counter() - started
    return report
