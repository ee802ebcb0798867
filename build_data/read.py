"""Reading one source: read_source(path, registry, ocr=...) gives its SourceRows, every
row of it made here (issues included: see issues.py). Never raises for bad content: a
file that cannot be read, is not a journal or trips a parser bug gets its sources row and
issues that say so."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import time
from pathlib import Path

from .extract import extract, layout_format
from .extract.model import ExtractedText
from .extraction_cache import Kept, cached_text, to_keep
from .issues import INTERNAL_ERROR, UNREAD, issue_row
from .normalize.actors import Registry
from .normalize.builder import SourceInfo
from .normalize.document import normalize_document
from .normalize.extracted import add_layout_rows, source_line_rows
from .normalize.references import cut_dangling
from .outputs import shown
from .parse.document import parse_document
from .shared import shared_rows
from .source_rows import SourceRows, pack, pack_tables

CORRIGENDUM_RE = re.compile(r"/Corr\.\d+$")


def read_source(
    path: Path,
    registry: Registry,
    *,
    ocr: bool,
    source_id: str | None = None,
    refused: tuple[str, str] | None = None,
    timings: dict[str, float] | None = None,
    extraction_cache: Path | None = None,
    reuse_extraction: bool = False,
) -> SourceRows:
    """Read, extract (scans by OCR when `ocr`), parse and normalize one file. Its id is
    the start of its SHA-256 unless `source_id` is given (a second file with the same
    bytes). A file `refused` (issue code and message: a symbolic link not followed) is not
    opened. When given, `timings` receives the CPU seconds of this process spent reading
    (and extracting), parsing, normalizing and packing the rows (CPU, not wall time: on a
    busy machine a worker's wall time mostly measures its wait for a core). With an
    `extraction_cache` (extraction_cache.py), a PDF's or DOCX's text is taken from it when
    `reuse_extraction` and kept there, and one extracted anew is returned for it to keep."""
    clock = [time.process_time()]

    def lap(stage: str) -> None:
        now = time.process_time()
        if timings is not None:
            timings[stage] = timings.get(stage, 0.0) + now - clock[0]
        clock[0] = now

    if refused is not None:
        return unread_source(path, source_id, *refused)
    try:
        if not path.is_file():  # a pipe, socket or device: reading could block forever
            raise OSError(0, "not a regular file but a pipe, socket or device")
        data = path.read_bytes()
    except OSError as err:
        reason = err.strerror or str(err)
        return unread_source(
            path,
            source_id,
            "unreadable-file",
            f"{shown(path)}: cannot be read ({reason}); check that it is a readable file.",
        )
    sha = hashlib.sha256(data).hexdigest()
    sid = source_id or sha[:12]
    extracted, encoding, kept, reused = _extracted(
        path, data, sha, ocr, extraction_cache, reuse_extraction
    )
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
            incomplete = sum(i["code"] == "incomplete-record" for i in cut)
            messages.append(
                f"{shown(path)}: some rows named records the text did not yield; they were cut "
                f"(see the {len(cut)} dangling-reference issue(s))."
                if not incomplete
                else f"{shown(path)}: some rows lacked values their tables require, or named "
                f"records the text did not yield; they were cut (see the {incomplete} "
                f"incomplete-record and {len(cut) - incomplete} dangling-reference issue(s))."
            )
    except (
        Exception
    ) as err:  # a parser bug must not stop the other files; its lines stay in parse_issues
        problem = (
            f"could not be parsed because of an internal error ({type(err).__name__}: {err}); "
            "its lines are kept in parse_issues, please report it."
        )
        messages.append(f"{shown(path)}: {problem}")
        kind = doc.doc_kind if doc is not None else "not_recognised"
        doc = dataclasses.replace(
            parse_document(ExtractedText(extracted.format, (), ())), doc_kind=kind
        )
        message = problem[0].upper() + problem[1:]
        rows = {
            "parse_issues": [
                issue_row(sid, "file", INTERNAL_ERROR, "error", "internal-error", message)
            ]
        }
        persons, aliases = [], []
    for n, ei in enumerate(extracted.issues, start=1):
        rows.setdefault("parse_issues", []).append(
            issue_row(sid, "file", n, ei.level, ei.code, ei.message)
        )
        (messages if ei.level == "error" else warnings).append(f"{shown(path)}: {ei.message}")
    if not any(ei.level == "error" for ei in extracted.issues) and doc.doc_kind == "not_recognised":
        messages.append(
            f"{shown(path)}: not recognised as an OSCE journal; nothing was read from it."
        )
    add_layout_rows(rows, sid, extracted)
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
    lap("normalize")
    record = make_record(
        source, rows, persons, aliases, nonblank, doc.corrigendum, messages, warnings
    )
    lap("pack")
    if kept is not None or reused:
        return dataclasses.replace(record, extracted=kept, text_reused=reused)
    return record


def _extracted(
    path: Path, data: bytes, sha: str, ocr: bool, cache: Path | None, reuse: bool
) -> tuple[ExtractedText, str | None, Kept | None, bool]:
    """(extracted text, encoding, what the cache keeps of it or None, whether it is a text
    the cache kept): a PDF's or DOCX's text from the cache when it is kept there and may
    be reused."""
    if cache is None or layout_format(path, data) is None:
        return (*extract(path, data, ocr=ocr), None, False)
    if reuse and (kept := cached_text(cache, sha, path.name, ocr)) is not None:
        return kept, None, None, True
    extracted, encoding = extract(path, data, ocr=ocr)
    return extracted, encoding, to_keep(extracted, sha, path.name), False


def make_record(
    source: dict,
    rows: dict[str, list[dict]],
    persons: list[dict],
    aliases: list[tuple[str, str]],
    nonblank: set[int],
    corrigendum: int | None,
    messages: list[str],
    warnings: list[str],
) -> SourceRows:
    """The record of a source read: its rows packed, and what the build keeps of it."""
    tables = pack_tables(rows, persons, aliases, nonblank)
    first = rows["meetings"][0] if rows.get("meetings") else {}
    return SourceRows(
        source=source,
        meeting_ids=tuple(m["id"] for m in rows.get("meetings", [])),
        journal=CORRIGENDUM_RE.sub("", first.get("journal_symbol") or "") or None,
        titled=not first or first["title"] is not None,
        corrigendum=corrigendum,
        messages=tuple(messages),
        warnings=tuple(warnings),
        span=(min(nonblank, default=0), max(nonblank, default=0)),
        records=sum(len(v) for v in tables.rows.values()),
        issues=len(tables.rows.get("parse_issues", [])),
        content=bool(tables.rows.get("meetings") or tables.rows.get("decisions")),
        packed=pack(tables),
        shared=shared_rows(tables),
    )


def unread_source(
    path: Path,
    source_id: str | None,
    code: str,
    message: str,
    *,
    sha: str | None = None,
    size: int = 0,
) -> SourceRows:
    """The record of a file none of whose text is kept: its sources row (doc_kind
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
    issue = issue_row(sid, "file", UNREAD, "error", code, message)
    return make_record(source, {"parse_issues": [issue]}, [], [], set(), None, [message], [])


def stopped_source(path: Path, source_id: str | None, code: str, what: str) -> SourceRows:
    """The record of a file whose reading was stopped (`code`: file-timeout, or
    internal-error when its worker died; `what` happened): its sources row, with the
    hash and size of its bytes, and that error issue, none of its records."""
    try:
        data = path.read_bytes()
    except OSError:
        data = os.fsencode(path)
    sha = hashlib.sha256(data).hexdigest()
    return unread_source(path, source_id, code, f"{shown(path)}: {what}.", sha=sha, size=len(data))
