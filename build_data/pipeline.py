"""The build: sources -> extract -> parse -> normalize -> store -> export -> publish.

One function, build(), called by the CLI. Problems with single inputs never stop the
run: they become parse_issues rows and messages in the report.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import pickle
import sqlite3
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from pathlib import Path

from . import incremental, interrupt
from .assemble import PROVENANCE, Writer, document_symbols, issue_row, shared_rows, source_rows
from .cache import ResultCache, SourceSummary, cache_path, code_version, complete_row, unpack
from .errors import BuildError, UsageProblem
from .export import write_package_from_db
from .extract import extract
from .extract.model import ExtractedText
from .lock import held_elsewhere, locked
from .normalize.actors import Registry, load_registry
from .normalize.references import cut_dangling
from .normalize.rows import SourceInfo, normalize_document
from .outputs import Outputs, check_contents
from .outputs import check as check_outputs
from .parse.document import parse_document
from .publish import metadata_current, write_metadata
from .store import DatabaseWriter, read_only_uri
from .tables import CATALOGUE, TABLES
from .workers import Stopped, run_tasks

FILE_TIMEOUT = 60.0  # seconds one file may take to be read, parsed and normalized


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
    stages: dict[str, float] = field(
        default_factory=dict
    )  # seconds per stage (read/parse/normalize: summed over workers)
    patched: bool = False  # the previous outputs were patched (incremental.py), not written again
    rewritten: int = 0  # sources whose rows a patch wrote again
    full_reason: str = ""  # why everything was written again, when a patch was tried

    @property
    def accounted(self) -> float:
        return self.lines_accounted / self.lines if self.lines else 1.0


def shown(path: Path | str) -> str:
    """A path as text that can be stored and printed: bytes of a file name that are not
    valid UTF-8 become U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[str], dict[Path, tuple[str, str]]]:
    """Files named or found (recursively, hidden files and folders skipped) under the given
    paths, a message for each path that does not exist or is an empty folder, and the
    symbolic links not followed, with an issue code and message each. Pipes, sockets and
    devices are returned too (never opened: process_file records them as unreadable).

    A link found in a folder is followed only when it leads to a file inside that folder
    (a link to a folder is never walked: what it holds inside the folder is found by its
    own path); a link leading outside, a dangling link and a loop are returned as files
    not to be read. A path named on the command line is followed wherever it leads."""
    files: list[Path] = []
    messages: list[str] = []
    refused: dict[Path, tuple[str, str]] = {}
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found, links = _walk(p)
            if not found and not links:
                messages.append(f"{shown(p)}: the folder holds no files; check the path.")
            files.extend(found)
            refused.update(links)
        elif p.exists():
            files.append(p)
        elif p.is_symlink():
            refused[p] = _link_problem(p, None)
        else:
            messages.append(f"{shown(p)}: no such file or folder; check the path.")
    files.extend(refused)
    return sorted(set(files), key=str), messages, refused


def _walk(folder: Path) -> tuple[list[Path], dict[Path, tuple[str, str]]]:
    root = folder.resolve()
    found: list[Path] = []
    refused: dict[Path, tuple[str, str]] = {}
    for here, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for d in dirs:
            link = Path(here, d)
            if link.is_symlink() and not link.resolve().is_relative_to(root):
                refused[link] = _link_problem(link, root)
        for name in sorted(names):
            f = Path(here, name)
            if name.startswith("."):
                continue
            if not f.is_symlink():
                found.append(f)
                continue
            problem = _link_problem(f, root)
            if problem is None:
                found.append(f)
            else:
                refused[f] = problem
    return found, refused


def _link_problem(link: Path, root: Path | None) -> tuple[str, str] | None:
    """Why a symbolic link is not followed (issue code, message), or None: it leads to a
    file inside root (root None: a link named on the command line, whose target is gone)."""
    try:
        target = link.resolve(strict=True)
    except RuntimeError:
        return (
            "link-loop",
            f"{shown(link)}: a symbolic link that loops back on itself; nothing was read from it.",
        )
    except OSError as err:
        if err.errno == errno.ELOOP:
            return (
                "link-loop",
                f"{shown(link)}: a symbolic link that loops back on itself; nothing was read from it.",
            )
        return (
            "dangling-link",
            f"{shown(link)}: a symbolic link to {shown(os.readlink(link))}, which does not exist; nothing was read from it.",
        )
    if root is None or target.is_relative_to(root):
        return None
    return "link-outside-sources", (
        f"{shown(link)}: a symbolic link to {shown(target)}, outside the source folder {shown(root)}; it was not followed and nothing was read from it"
        " (name it on the command line to build it)."
    )


def process_file(
    path: Path,
    registry: Registry,
    source_id: str | None = None,
    timings: dict[str, float] | None = None,
    refused: tuple[str, str] | None = None,
) -> SourceResult:
    """Read, extract, parse and normalize one file. Never raises for bad content. When
    given, timings receives the seconds spent reading (and extracting), parsing and
    normalizing. A file `refused` (issue code and message: a symbolic link not followed)
    is not opened: it gets its sources row and that issue."""
    clock = [time.perf_counter()]

    def lap(stage: str) -> None:
        now = time.perf_counter()
        if timings is not None:
            timings[stage] = timings.get(stage, 0.0) + now - clock[0]
        clock[0] = now

    if refused is not None:
        return unread_result(path, source_id, *refused)
    try:
        if not path.is_file():  # a pipe, socket or device: reading could block forever
            raise OSError(0, "not a regular file but a pipe, socket or device")
        data = path.read_bytes()
    except OSError as err:
        reason = err.strerror or str(err)
        return unread_result(
            path,
            source_id,
            "unreadable-file",
            f"{shown(path)}: cannot be read ({reason}); check that it is a readable file.",
        )
    sha = hashlib.sha256(data).hexdigest()
    sid = source_id or sha[:12]
    extracted, encoding = extract(path, data)
    info = SourceInfo(
        sid, shown(path.name), sha, extracted.format, encoding, len(data), len(extracted.lines)
    )
    lap("read")
    messages, warnings = [], []
    doc = None
    try:
        doc = parse_document(extracted)
        lap("parse")
        rows, persons, aliases = normalize_document(info, doc, registry)
        rows, cut = cut_dangling(
            rows, sid, {a.id for a in registry.actors} | {p["id"] for p in persons}
        )
        if cut:
            rows.setdefault("parse_issues", []).extend(cut)
            messages.append(
                f"{shown(path)}: some rows named records the text did not yield; they were cut (see the {len(cut)} dangling-reference issue(s))."
            )
    except (
        Exception
    ) as err:  # a parser bug must not stop the other files; its lines stay in parse_issues
        problem = f"could not be parsed because of an internal error ({type(err).__name__}: {err}); its lines are kept in parse_issues, please report it."
        messages.append(f"{shown(path)}: {problem}")
        kind = doc.doc_kind if doc is not None else "not_recognised"
        doc = dataclasses.replace(
            parse_document(ExtractedText(extracted.format, (), ())), doc_kind=kind
        )
        rows, persons, aliases = (
            {
                "parse_issues": [
                    issue_row(sid, 98, "error", "internal-error", problem[0].upper() + problem[1:])
                ]
            },
            [],
            [],
        )
    extra = []
    for n, ei in enumerate(extracted.issues, start=1):
        extra.append(issue_row(sid, n, ei.level, ei.code, ei.message))
        (messages if ei.level == "error" else warnings).append(f"{shown(path)}: {ei.message}")
    rows.setdefault("parse_issues", []).extend(extra)
    if not any(ei.level == "error" for ei in extracted.issues) and doc.doc_kind == "not_recognised":
        messages.append(
            f"{shown(path)}: not recognised as an OSCE journal; nothing was read from it."
        )
    for f in extracted.footnotes:
        n = len(rows.setdefault("footnotes", []))
        rows["footnotes"].append(
            {
                "id": f"{sid}/pfn{n + 1:03d}",
                "number": f.number,
                "text": f.text,
                "attached_to": _record_at(rows, f.line),
                "page": f.page,
                "source_id": sid,
                "line_start": f.line or 0,
                "line_end": f.line or 0,
            }
        )
    for k, f in enumerate(extracted.furniture, start=1):
        rows.setdefault("page_furniture", []).append(
            {
                "id": f"{sid}/x{k:04d}",
                "kind": f.kind,
                "page": f.page,
                "text": f.text,
                "source_id": sid,
                "line_start": f.line or 0,
                "line_end": f.line or 0,
            }
        )
    rows["source_lines"] = source_line_rows(sid, extracted)
    nonblank = {i for i, line in enumerate(extracted.lines, start=1) if line.strip()}
    doc_kind = (
        doc.doc_kind
        if extracted.lines
        else ("unreadable" if extracted.issues else "not_recognised")
    )
    source = {
        "id": sid,
        "filename": shown(path.name),
        "sha256": sha,
        "format": extracted.format,
        "encoding": encoding,
        "bytes": len(data),
        "line_count": len(extracted.lines),
        "doc_kind": doc_kind,
        "symbol": doc.symbol,
        "duplicate_of": None,
        "superseded_by": None,
    }
    meeting_ids = [m["id"] for m in rows.get("meetings", [])]
    lap("normalize")
    return SourceResult(
        source, rows, persons, aliases, nonblank, meeting_ids, doc.corrigendum, messages, warnings
    )


def unread_result(
    path: Path,
    source_id: str | None,
    code: str,
    message: str,
    *,
    sha: str | None = None,
    size: int = 0,
) -> SourceResult:
    """The result of a file none of whose text is kept: its sources row (doc_kind
    unreadable; its id from the path unless the content's hash is given) and one error issue."""
    sha = sha or hashlib.sha256(os.fsencode(path)).hexdigest()
    sid = source_id or sha[:12]
    source = {
        "id": sid,
        "filename": shown(path.name),
        "sha256": sha,
        "format": "unknown",
        "encoding": None,
        "bytes": size,
        "line_count": 0,
        "doc_kind": "unreadable",
        "symbol": None,
        "duplicate_of": None,
        "superseded_by": None,
    }
    return SourceResult(
        source,
        {"parse_issues": [issue_row(sid, 1, "error", code, message)]},
        [],
        [],
        set(),
        [],
        None,
        [message],
    )


def stopped_result(task: Task, stopped: Stopped) -> tuple[SourceSummary, bytes, dict]:
    """The packed result of a file whose worker was stopped (--file-timeout) or died: its
    sources row and an error issue, none of its records; never cached, so the next build
    reads it again."""
    try:
        data = task.path.read_bytes()
    except OSError:
        data = os.fsencode(task.path)
    sha = hashlib.sha256(data).hexdigest()
    if stopped.reason == "timeout":
        code, what = (
            "file-timeout",
            f"reading it took longer than {stopped.seconds:g} s and was stopped; its records are left out (allow more time with --file-timeout)",
        )
    else:
        code, what = (
            "internal-error",
            "the worker process reading it died; its records are left out, please report it",
        )
    result = unread_result(
        task.path, task.source_id, code, f"{shown(task.path)}: {what}.", sha=sha, size=len(data)
    )
    return pack(result, None, {})


def uncovered_lines(result: SourceResult) -> set[int]:
    """Non-blank lines of one source that no record or issue accounts for, counted as the
    build counts them (assemble.source_rows, the source owning its document symbols)."""
    summary, blob, _ = pack(result, None, {})
    payload = unpack(blob)
    rows, _, _ = source_rows(summary, payload, set(document_symbols(payload)))
    code, (_, start, end) = (
        TABLES["parse_issues"].column_names.index("code"),
        PROVENANCE["parse_issues"],
    )
    return {
        n
        for r in rows["parse_issues"]
        if r[code] == "unaccounted-lines"
        for n in range(r[start], r[end] + 1)
    }


def source_line_rows(source_id: str, extracted) -> list[dict]:
    """source_lines rows: every non-blank line as parsed, with its page(s) for a PDF."""
    return [
        {
            "source_id": source_id,
            "line_number": i,
            "page": extracted.pages[i - 1],
            "page_end": extracted.page_end(i - 1),
            "text": line,
        }
        for i, line in enumerate(extracted.lines, start=1)
        if line.strip()
    ]


def _record_at(rows: dict[str, list[dict]], line: int | None) -> str | None:
    """Id of the decision, else the meeting, whose lines include line (what a footnote mark there annotates)."""
    for table in ("decisions", "meetings"):
        for row in rows.get(table, []):
            if line and row["line_start"] <= line <= row["line_end"]:
                return row["id"]
    return None


@dataclass(frozen=True)
class Task:
    path: Path
    source_id: str | None  # set for a second file with the same bytes
    duplicate_of: str | None
    key: str | None  # cache key; None: not cacheable (the file could not be read)
    refused: tuple[str, str] | None = None  # a link not followed: issue code and message


def pack(
    result: SourceResult, key: str | None, timings: dict[str, float]
) -> tuple[SourceSummary, bytes, dict]:
    """A SourceResult as a summary, a compressed payload of row tuples (catalogue column
    order, each table sorted by primary key) and the rows it shares with other sources."""
    rows: dict[str, list[tuple]] = {}
    for name, table_rows in result.rows.items():
        if name not in TABLES:
            raise BuildError(f"internal error: rows for an unknown table {name!r}")
        tuples = [complete_row(name, r) for r in table_rows]
        if name != "documents":  # documents keep their order: the first of a symbol wins
            pk = [TABLES[name].column_names.index(c) for c in TABLES[name].primary_key]
            tuples.sort(key=lambda t: tuple(t[i] for i in pk))
        rows[name] = tuples
    payload = {
        "rows": rows,
        "persons": [complete_row("actors", p) for p in result.persons],
        "aliases": sorted(result.aliases),
        "nonblank": sorted(result.nonblank),
    }
    blob = zlib.compress(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL), 1)
    summary = SourceSummary(
        key=key,
        source=result.source,
        meeting_ids=result.meeting_ids,
        corrigendum=result.corrigendum,
        messages=result.messages,
        warnings=result.warnings,
        span=(min(result.nonblank, default=0), max(result.nonblank, default=0)),
        records=sum(len(v) for v in rows.values()),
        issues=len(rows.get("parse_issues", [])),
        content=bool(rows.get("meetings") or rows.get("decisions")),
        timings=timings,
    )
    return summary, blob, shared_rows(payload)


_REGISTRY: Registry | None = None


def _init_worker() -> None:
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = load_registry()


def _work(task: Task) -> tuple[SourceSummary, bytes, dict]:
    """Process one file in a worker (or in the main process): the packed result."""
    _init_worker()
    timings: dict[str, float] = {}
    result = process_file(
        task.path, _REGISTRY, source_id=task.source_id, timings=timings, refused=task.refused
    )
    return pack(result, task.key, timings)


# ------------------------------------------------------------------ the build

RACY_NS = 2_000_000_000  # a file changed this soon after it was hashed could change again unseen


def _file_sha(path: Path, known: dict[bytes, tuple], seen: dict[bytes, tuple]) -> str:
    """The SHA-256 of a regular file. A file whose size, modification and status-change
    times and inode are those it had when an earlier build hashed it (and not changed
    within RACY_NS before that) is not read again: reading and hashing every file was most
    of an incremental build. The status-change time cannot be set back, so a file replaced
    or edited with its modification time restored is read again."""
    st = path.stat()
    name = os.fsencode(path)
    stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    before = known.get(name)
    if before is not None and before[:4] == stamp:
        seen[name] = before
        return before[4]
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    if max(st.st_mtime_ns, st.st_ctime_ns) < time.time_ns() - RACY_NS:
        seen[name] = (*stamp, h.hexdigest())
    return h.hexdigest()


def _plan(
    files: list[Path], known: dict[bytes, tuple], refused: dict[Path, tuple[str, str]]
) -> tuple[list[Task], dict[bytes, tuple]]:
    """A task per file, in file order; a second file with the same bytes gets its own id.
    `known` are the hashes remembered by earlier builds; returns those to remember. The
    files `refused` (links not followed) are not opened."""
    version = code_version()
    tasks, seen, hashes = [], Counter(), {}
    for path in files:
        try:
            if path in refused:
                raise OSError("a link not followed")
            if not path.is_file():  # a pipe, socket or device: opening it could block forever
                raise OSError("not a regular file")
            sha, readable = _file_sha(path, known, hashes), True
        except OSError:
            sha, readable = hashlib.sha256(os.fsencode(path)).hexdigest(), False
        sid = sha[:12]
        seen[sid] += 1
        source_id = f"{sid}-{seen[sid]}" if seen[sid] > 1 else None
        key = (
            hashlib.sha256(f"{version}\0{sha}\0{shown(path)}\0{source_id}".encode()).hexdigest()
            if readable
            else None
        )
        tasks.append(Task(path, source_id, sid if source_id else None, key, refused.get(path)))
    return tasks, hashes


def _dedupe(summaries: list[SourceSummary]) -> None:
    """The same journal read twice (two files, text and PDF, two renderings of one text) is
    built once, from the copy read best: a corrigendum supersedes its original; among copies
    of one version, the one with the fewest parse issues, then the most lines (a text that
    kept its line breaks), then the first id. The other copy keeps only its sources row and
    an issue."""
    by_meeting: dict[str, list[SourceSummary]] = defaultdict(list)
    for s in summaries:
        for mid in s.meeting_ids[:1]:
            by_meeting[mid].append(s)
    for mid, group in sorted(by_meeting.items()):
        if len(group) < 2:
            continue
        winner = min(
            group,
            key=lambda s: (
                -(s.corrigendum or 0),
                s.issues,
                -s.source["line_count"],
                s.source["id"],
            ),
        )
        for s in group:
            if s is winner:
                continue
            if (s.corrigendum or 0) < (winner.corrigendum or 0):
                s.source["superseded_by"] = winner.source["id"]
                code, message = (
                    "superseded",
                    f"This journal ({mid}) is superseded by the corrigendum in {winner.source['filename']}; only the corrigendum is built.",
                )
            else:
                s.source["duplicate_of"] = winner.source["id"]
                code, message = (
                    "duplicate-journal",
                    f"This journal ({mid}) was already read from {winner.source['filename']}; it is built once, from that file.",
                )
            _replace(s, code, message)


def _replace(s: SourceSummary, code: str, message: str) -> None:
    span = {"line_start": s.span[0], "line_end": s.span[1]}
    s.replacement = {
        "parse_issues": [issue_row(s.source["id"], 99, "warning", code, message, span=span)]
    }
    s.meeting_ids, s.content = [], False


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
    wait: bool = False,
    on_wait: Callable[[str], None] | None = None,
    file_timeout: float | None = FILE_TIMEOUT,
) -> BuildReport:
    """Read every source (in a pool of `jobs` worker processes, default one per CPU),
    reusing the cached result of each source whose bytes, path and code have not changed
    (unless `full`). Then patch the previous database and package when few sources
    changed (incremental.py), else stream every row into a new database and write the
    package from it. The output does not depend on `jobs`, on the cache or on the path
    taken. A file still being read after `file_timeout` seconds (None: no limit) is
    stopped and kept as an unreadable source with a file-timeout issue.

    First the outputs are checked (outputs.check: UsageProblem when the build would
    replace what it did not write) and the lock of the database's outputs is taken for
    the whole build (lock.py: Busy when another build holds it, unless `wait`)."""
    paths = [Path(p) for p in paths]
    outputs = Outputs(
        Path(db_path),
        None if package_dir is None else Path(package_dir),
        None if metadata_path is None else Path(metadata_path),
    )
    try:
        check_outputs(outputs, paths)
    except UsageProblem:
        # What the outputs hold is judged once no other build writes them: one may be
        # swapping the package in right now. Anything else is refused before the lock file
        # is made beside --db.
        check_outputs(outputs, paths, contents=False)
        if not held_elsewhere(db_path):
            raise
    with locked(db_path, wait, on_wait):
        check_contents(outputs)
        return _build(paths, db_path, package_dir, metadata_path, on_file, jobs, full, file_timeout)


def _build(
    paths: list[Path],
    db_path: Path,
    package_dir: Path | None,
    metadata_path: Path | None,
    on_file,
    jobs: int | None,
    full: bool,
    file_timeout: float | None,
) -> BuildReport:
    started = time.perf_counter()
    registry = load_registry()
    global _REGISTRY
    _REGISTRY = registry
    files, messages, refused = discover(paths)
    report = BuildReport(files=len(files), messages=messages)
    cache = ResultCache(cache_path(db_path))
    try:
        tasks, hashes = _plan(files, {} if full else cache.file_hashes(), refused)
        cache.set_file_hashes(hashes)
        summaries = _read_all(tasks, cache, full, jobs, on_file, report, file_timeout)
        _dedupe(summaries)
        for task, s in zip(tasks, summaries, strict=False):
            for issue in (s.replacement or {}).get("parse_issues", []):
                report.warnings.append(f"{shown(task.path)}: {issue['message']}")
        report.built = sum(1 for s in summaries if s.content)
        if not files or not any(
            s.source["doc_kind"] not in ("unreadable", "not_recognised") for s in summaries
        ):
            raise BuildError(
                "Nothing could be built: no readable OSCE document among the inputs. "
                + " ".join(report.messages)
            )
        patched = None
        previous = cache.manifest()
        if not full:
            t0 = time.perf_counter()
            try:
                patched = incremental.patch(
                    db_path, package_dir, summaries, cache, registry, previous
                )
                report.patched, report.rewritten = True, patched.rewritten
                report.stages["patch"] = time.perf_counter() - t0
            except incremental.CannotPatch as why:
                report.full_reason = str(why)
            except (
                Exception
            ) as err:  # a bug in patching must not stop the build: the full write is the reference
                interrupt.check()  # unless it was a signal that cut a statement short
                report.full_reason = f"patching failed ({type(err).__name__}: {err})"
                report.warnings.append(
                    f"Updating the previous outputs failed ({type(err).__name__}: {err}); everything was written again. Please report it."
                )
        if patched is None:
            cache.set_manifest(None)
            indexes = _write_all(
                summaries,
                cache,
                db_path,
                package_dir,
                registry,
                report,
                max(1, jobs or os.cpu_count() or 1),
            )
        else:
            indexes = patched.indexes
        t3 = time.perf_counter()
        if metadata_path is not None and not (
            patched is not None
            and incremental.same_file(previous, "metadata", metadata_path)
            and metadata_current(metadata_path)
        ):
            write_metadata(
                metadata_path
            )  # made from the code and the release record: a patch by the same code keeps it
        report.stages["metadata"] = time.perf_counter() - t3
        _tally(db_path, report)
        cache.set_manifest(
            incremental.manifest(summaries, db_path, package_dir, indexes, metadata_path)
        )
        cache.retain({s.key for s in summaries if not s.key.startswith("uncached:")})
    finally:
        cache.close()
    report.seconds = time.perf_counter() - started
    return report


def _write_all(
    summaries: list[SourceSummary],
    cache: ResultCache,
    db_path: Path,
    package_dir: Path | None,
    registry: Registry,
    report: BuildReport,
    jobs: int,
):
    """Stream every source's rows into a new database, then write the whole package from
    it; returns the package's block indexes."""
    t0 = time.perf_counter()
    with DatabaseWriter(db_path) as db:
        writer = Writer(db, registry)
        for s in sorted(summaries, key=lambda s: s.source["id"]):
            writer.add(s, unpack(cache.payload(s.key)))
        writer.close()
        t1 = time.perf_counter()
        report.stages["store"] = t1 - t0
        report.stages["store_sql"] = db.timings["store"]
        db.finish()
        report.stages.update(
            index=db.timings["index"], fts=db.timings["fts"], finish=db.timings["finish"]
        )
    t2 = time.perf_counter()
    indexes = write_package_from_db(db_path, package_dir, jobs) if package_dir is not None else None
    report.stages["export"] = time.perf_counter() - t2
    return indexes


def _tally(db_path: Path, report: BuildReport) -> None:
    """Counts of the built database for the report: rows per table, issues per level, and
    the non-blank lines (every one is a source_lines row) that records account for (those
    not in an unaccounted-lines issue)."""
    conn = sqlite3.connect(read_only_uri(db_path), uri=True)
    try:
        report.counts = {
            t.name: conn.execute(f"SELECT count(*) FROM [{t.name}]").fetchone()[0]
            for t in CATALOGUE
        }
        report.issues = dict(
            conn.execute(
                "SELECT level, count(*) FROM parse_issues GROUP BY level ORDER BY level"
            ).fetchall()
        )
        report.lines = report.counts["source_lines"]
        unaccounted = conn.execute(
            "SELECT coalesce(sum(line_end - line_start + 1), 0) FROM parse_issues WHERE code = 'unaccounted-lines'"
        ).fetchone()[0]
        report.lines_accounted = report.lines - unaccounted
    finally:
        conn.close()


def _read_all(
    tasks: list[Task],
    cache: ResultCache,
    full: bool,
    jobs: int | None,
    on_file,
    report: BuildReport,
    file_timeout: float | None = None,
) -> list[SourceSummary]:
    """Process every task whose result is not cached (in parallel when it pays; in worker
    processes whenever a file_timeout is set, so that a file taking too long can be
    stopped); the summaries in task order. Processed results are written to the cache as
    they come."""
    t0 = time.perf_counter()
    hits: dict[int, SourceSummary] = {}
    if not full:
        cached = cache.summaries([t.key for t in tasks if t.key is not None])
        for i, task in enumerate(tasks):
            if task.key in cached:
                s = cached[task.key]
                s.cached = True
                hits[i] = s
    todo = [t for i, t in enumerate(tasks) if i not in hits]
    jobs = max(1, jobs or os.cpu_count() or 1)
    with ExitStack() as stack:
        processes = jobs if jobs > 1 and len(todo) >= 4 * jobs else 1
        if file_timeout is not None and todo:
            # one file at a time per worker, a worker still busy when the time is up replaced
            workers = stack.enter_context(
                closing(run_tasks(_work, todo, processes, file_timeout, _init_worker))
            )
            done = (
                stopped_result(t, r) if isinstance(r, Stopped) else r
                for t, r in zip(todo, workers, strict=False)
            )
        elif processes > 1:
            pool = stack.enter_context(interrupt.pool(jobs, _init_worker))
            done = pool.imap(_work, todo, chunksize=max(1, min(8, len(todo) // (jobs * 16))))
        else:
            done = map(_work, todo)
        summaries = _collect(tasks, hits, done, cache, on_file, report)
    report.stages["process"] = time.perf_counter() - t0
    return summaries


def _collect(
    tasks: list[Task],
    hits: dict[int, SourceSummary],
    done: Iterable,
    cache: ResultCache,
    on_file,
    report: BuildReport,
) -> list[SourceSummary]:
    """The summaries in task order, cached ones from `hits`, the others as `done` yields
    them (written to the cache as they come)."""
    summaries: list[SourceSummary] = []
    try:
        for i, task in enumerate(tasks):
            if i in hits:
                s = hits[i]
                report.cache_hits += 1
            else:
                s, blob, shared = next(done)
                if (
                    s.key is None
                ):  # not cacheable (unreadable), but the build stages it like the others
                    s.key = "uncached:" + hashlib.sha256(os.fsencode(task.path)).hexdigest()
                cache.put(s, blob, shared)
                _stage_add(report.stages, s.timings)
            if task.duplicate_of is not None:
                s.source["duplicate_of"] = task.duplicate_of
                if s.source["doc_kind"] not in (
                    "unreadable",
                    "not_recognised",
                ):  # else it keeps its own issues
                    _replace(
                        s,
                        "duplicate-file",
                        f"This file has the same content as another input ({task.duplicate_of}); it is built once.",
                    )
            report.bytes += s.source["bytes"]
            report.records += s.records
            report.messages.extend(s.messages)
            report.warnings.extend(s.warnings)
            summaries.append(s)
            if on_file:
                on_file(task.path, s)
    finally:
        cache.commit()
    return summaries
