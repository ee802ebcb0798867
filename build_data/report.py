"""What a build reports: files, rows per table, issues by level, the lines accounted
for, the cache and the seconds per stage."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from .source_rows import SourceRows
from .store import read_only_uri
from .tables import CATALOGUE


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
    texts_reused: int = 0  # sources read again from a PDF's or DOCX's text the cache kept
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

    def count(self, result: SourceRows, timings: dict[str, float] | None) -> None:
        """Count a source read (timings: the seconds per stage it took; None from the cache)."""
        if result.cached:
            self.cache_hits += 1
        elif result.text_reused:
            self.texts_reused += 1
        for stage, seconds in (timings or {}).items():
            self.stages[stage] = self.stages.get(stage, 0.0) + seconds
        self.bytes += result.source["bytes"]
        self.records += result.records
        self.messages.extend(result.messages)
        self.warnings.extend(result.warnings)


def tally(db_path: Path, report: BuildReport, counts: dict[str, int] | None = None) -> None:
    """Counts of the built database for the report: rows per table (`counts` when known: a
    patch knows them without counting millions of rows, which reads the whole database),
    issues per level, and the non-blank lines (every one is a source_lines row) that
    records account for (those not in an unaccounted-lines issue)."""
    conn = sqlite3.connect(read_only_uri(db_path), uri=True)
    try:
        report.counts = {
            t.name: counts[t.name]
            if counts and t.name in counts
            else conn.execute(f"SELECT count(*) FROM [{t.name}]").fetchone()[0]
            for t in CATALOGUE
        }
        report.issues = dict(
            conn.execute(
                "SELECT level, count(*) FROM parse_issues GROUP BY level ORDER BY level"
            ).fetchall()
        )
        report.lines = report.counts["source_lines"]
        unaccounted = conn.execute(
            "SELECT coalesce(sum(line_end - line_start + 1), 0) "
            "FROM parse_issues WHERE code = 'unaccounted-lines'"
        ).fetchone()[0]
        report.lines_accounted = report.lines - unaccounted
    finally:
        conn.close()
