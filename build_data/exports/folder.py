"""The exports folder: the chosen formats are written into a temporary folder next to it,
then moved in file by file, and SHA256SUMS lists every exported file with its SHA-256
(`sha256sum -c SHA256SUMS` in the folder verifies them).

SHA256SUMS is also how the export knows which files it owns: a later export replaces or
removes only files listed there (for the formats it writes), and never touches anything
else in the folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..tempfiles import recover
from . import FORMAT_NAMES, akn, akn_journal, graph, parquet, popolo
from .database import ExportError, open_read_only

MANIFEST = "SHA256SUMS"


def _akn(conn: sqlite3.Connection, out: Path, warnings: list[str]) -> list[Path]:
    files = []
    for module in (akn, akn_journal):  # decisions, then journals
        written, found = module.write(conn, out)
        files += written
        warnings += found
    return files


# Format name -> (writer, the paths it owns, relative to the folder).
FORMATS: dict[str, tuple[Callable, Callable[[str], bool]]] = {
    "akn": (_akn, lambda rel: rel.startswith("akn/")),
    "popolo": (lambda conn, out, _: popolo.write(conn, out), lambda rel: rel == "popolo.json"),
    "parquet": (
        lambda conn, out, _: parquet.write(conn, out),
        lambda rel: rel.startswith("parquet/"),
    ),
    "graph": (lambda conn, out, _: graph.write(conn, out), lambda rel: rel.startswith("graph/")),
}

assert tuple(FORMATS) == FORMAT_NAMES
SUBFOLDERS = {"akn": "akn", "parquet": "parquet", "graph": "graph"}  # format -> its folder


@dataclass
class ExportReport:
    out: Path
    files: dict[str, list[Path]] = field(
        default_factory=dict
    )  # format -> files written (in the folder)
    removed: list[Path] = field(
        default_factory=list
    )  # files of an earlier export no longer produced
    warnings: list[str] = field(default_factory=list)

    def bytes(self, fmt: str) -> int:
        return sum(p.stat().st_size for p in self.files.get(fmt, []))


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_manifest(out: Path) -> list[str]:
    """Relative paths listed in the folder's SHA256SUMS (the files an export wrote)."""
    path = out / MANIFEST
    if not path.is_file():
        return []
    listed = []
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, sep, rel = line.partition("  ")
        if (
            sep
            and len(digest) == 64
            and rel
            and not rel.startswith("/")
            and ".." not in Path(rel).parts
        ):
            listed.append(rel)
    return listed


def write_manifest(out: Path, rels: list[str]) -> None:
    text = "".join(f"{sha256(out / rel)}  {rel}\n" for rel in sorted(rels))
    tmp = out / f".{MANIFEST}.{os.getpid()}.tmp"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, out / MANIFEST)


def export(
    db_path: Path, out: Path | None = None, formats: list[str] | tuple[str, ...] = ()
) -> ExportReport:
    """Write the chosen formats (all when none) of the database into `out` (default:
    exports/ next to the database)."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ExportError(
            f"Unknown format {', '.join(unknown)}; choose among {', '.join(FORMATS)}."
        )
    chosen = [f for f in FORMATS if f in formats] or list(FORMATS)
    out = Path(out) if out is not None else Path(db_path).parent / "exports"
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} exists and is not a folder; give another --out.")
    linked = [f"{out / sub}" for sub in SUBFOLDERS.values() if (out / sub).is_symlink()]
    if linked:
        raise ExportError(
            f"{linked[0]} is a symbolic link; the export writes only inside {out}. Remove the "
            "link or give another --out."
        )
    # Files are moved in one by one: a folder that refused one would leave the exports
    # half old, half new, with SHA256SUMS describing neither.
    blocked = [
        folder
        for folder in [out, *(out / SUBFOLDERS[f] for f in chosen if f in SUBFOLDERS)]
        if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK)
    ]
    if blocked:
        raise ExportError(
            f"{blocked[0]} is not writable; nothing was exported. Make it writable, or give "
            "another --out."
        )
    conn = open_read_only(db_path)
    out.mkdir(parents=True, exist_ok=True)
    recover(out.resolve())
    recover(out / MANIFEST)
    tmp = out.resolve().parent / f".{out.resolve().name}.{os.getpid()}.tmp"
    report = ExportReport(out)
    try:
        tmp.mkdir()
        written: dict[str, list[str]] = {}
        for fmt in chosen:
            writer, _ = FORMATS[fmt]
            written[fmt] = sorted(
                p.relative_to(tmp).as_posix() for p in writer(conn, tmp, report.warnings)
            )
        owned = read_manifest(out)
        new = {rel for rels in written.values() for rel in rels}
        for rel in owned:  # files an earlier export wrote for these formats and this one did not
            if rel not in new and any(FORMATS[f][1](rel) for f in chosen) and (out / rel).is_file():
                (out / rel).unlink()
                report.removed.append(out / rel)
        for fmt, rels in written.items():
            for rel in rels:
                (out / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp / rel, out / rel)
            report.files[fmt] = [out / rel for rel in rels]
        kept = [
            rel
            for rel in owned
            if not any(FORMATS[f][1](rel) for f in chosen) and (out / rel).is_file()
        ]
        write_manifest(out, kept + sorted(new))
    finally:
        conn.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return report
