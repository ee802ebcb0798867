"""The text extracted from PDF and DOCX files is kept in the cache, keyed by the extractors'
code (build_data/extraction_cache.py): a change to the rest of osce-data reads every source
again without extracting its PDFs again, and gives the same outputs as extracting them."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from fixtures_docs import (
    clean_journal_text,
    make_damaged_pdf,
    make_first_page_scanned,
    make_journal_docx,
    make_journal_pdf,
    sample_text,
)

from build_data import cache as result_cache
from build_data import extraction_cache
from build_data.cli import summary
from build_data.extract import docx as docx_module
from build_data.extract import pdf as pdf_module
from build_data.extract.model import ExtractedText, ExtractIssue
from build_data.pipeline import build


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("documents")
    text = clean_journal_text(sample_text())
    make_journal_pdf(text, folder / "pc-journal-976.pdf")
    make_journal_docx(text, folder / "pc-journal-976-copy.docx")
    return folder


@pytest.fixture
def sources(documents, tmp_path) -> Path:
    folder = tmp_path / "sources"
    shutil.copytree(documents, folder)
    return folder


@pytest.fixture
def extractions(monkeypatch) -> list[str]:
    """The names of the files the PDF and DOCX extractors read (in this process)."""
    seen: list[str] = []
    for module, name in ((pdf_module, "extract_pdf"), (docx_module, "extract_docx")):
        real = getattr(module, name)

        def counted(path, *args, _real=real, **kwargs):
            seen.append(Path(path).name)
            return _real(path, *args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    return seen


def run(sources: Path, out: Path, **options):
    return build(
        [sources],
        out / "osce.db",
        out / "datapackage",
        out / "metadata.yml",
        jobs=options.pop("jobs", 1),
        file_timeout=options.pop("file_timeout", None),  # read in this process
        **options,
    )


def package(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / "datapackage").iterdir())}


def code_changes(monkeypatch, how: str = "a new parser") -> None:
    """As if osce-data's code had changed (the result cache's key), its extractors not."""
    monkeypatch.setattr(result_cache, "_CODE_VERSION", f"changed: {how}")


def kept(out: Path) -> dict[str, bytes]:
    with sqlite3.connect(out / "osce.db.cache") as conn:
        return dict(conn.execute("SELECT key, text FROM extracted"))


def test_a_code_change_reads_again_without_extracting_again(
    sources, tmp_path, extractions, monkeypatch
):
    out = tmp_path / "out"
    run(sources, out)
    assert sorted(extractions) == ["pc-journal-976-copy.docx", "pc-journal-976.pdf"]
    first = package(out)
    assert len(kept(out)) == 2

    code_changes(monkeypatch)
    report = run(sources, out)
    assert report.cache_hits == 0  # every source read again, its rows made by the new code
    assert len(extractions) == 2  # but no file extracted again
    assert package(out) == first
    assert len(kept(out)) == 2
    assert report.texts_reused == 2
    assert (
        "(0 read from the cache, 2 read again, 2 of them from the text of a PDF or DOCX "
        "extracted before;" in summary(report, out / "osce.db", out / "datapackage")
    )
    assert run(sources, out).texts_reused == 0  # unchanged: from the cache, not read again


def test_full_extracts_again(sources, tmp_path, extractions):
    out = tmp_path / "out"
    run(sources, out)
    first, before = package(out), kept(out)
    run(sources, out, full=True)
    assert len(extractions) == 4
    assert package(out) == first
    assert kept(out) == before  # the same text, kept again


def test_a_change_to_the_extractors_extracts_again(sources, tmp_path, extractions, monkeypatch):
    out = tmp_path / "out"
    run(sources, out)
    first, before = package(out), kept(out)
    code_changes(monkeypatch, "new extractors")
    monkeypatch.setattr(extraction_cache, "_VERSION", "new extractors")
    run(sources, out)
    assert len(extractions) == 4
    assert package(out) == first
    after = kept(out)
    assert len(after) == 2 and not set(after) & set(before)  # the old texts are dropped


def test_a_damaged_entry_is_extracted_again(sources, tmp_path, extractions, monkeypatch):
    out = tmp_path / "out"
    run(sources, out)
    first = package(out)
    with sqlite3.connect(out / "osce.db.cache") as conn:
        conn.execute("UPDATE extracted SET text = x'00ff'")
    code_changes(monkeypatch)
    run(sources, out)
    assert len(extractions) == 4
    assert package(out) == first


def test_a_renamed_file_is_extracted_again(sources, tmp_path, extractions):
    """Messages about a file name it: its text is kept under its name."""
    out = tmp_path / "out"
    run(sources, out)
    (sources / "pc-journal-976.pdf").rename(sources / "renamed.pdf")
    run(sources, out)
    assert extractions[2:] == ["renamed.pdf"]
    assert len(kept(out)) == 2  # the text under the old name is dropped


def test_only_the_texts_of_current_files_are_kept(sources, tmp_path, extractions):
    out = tmp_path / "out"
    shutil.copy(
        Path(__file__).parents[1] / "sources" / "pc-journal-976.txt", sources / "pc-976.txt"
    )
    run(sources, out)
    assert len(kept(out)) == 2  # a text file's text is not kept: it is read as it is
    (sources / "pc-journal-976-copy.docx").unlink()
    run(sources, out)
    assert len(kept(out)) == 1


@pytest.mark.parametrize("file_timeout", [60.0, None], ids=["timed-workers", "pool"])
def test_workers_take_the_kept_text(documents, tmp_path, monkeypatch, file_timeout):
    """Read in worker processes (eight files for two; with a time limit per file or in a
    pool), each file's text comes from the cache: a kept text changed by hand is what the
    rebuild reads."""
    sources = tmp_path / "sources"
    sources.mkdir()
    for n in range(8):
        shutil.copy(documents / "pc-journal-976.pdf", sources / f"journal-{n}.pdf")
    out = tmp_path / "out"
    run(sources, out, jobs=2, file_timeout=file_timeout)
    marker = "A line only the kept text holds."
    with sqlite3.connect(out / "osce.db.cache") as conn:
        for key, blob in conn.execute("SELECT key, text FROM extracted").fetchall():
            text = extraction_cache.unpack_text(blob)
            changed = replace(
                text,
                lines=(*text.lines, marker),
                pages=(*text.pages, text.pages[-1]),
                page_ends=(*text.page_ends, text.page_ends[-1]) if text.page_ends else (),
            )
            conn.execute(
                "UPDATE extracted SET text = ? WHERE key = ?",
                (extraction_cache.pack_text(changed), key),
            )
    code_changes(monkeypatch)
    run(sources, out, jobs=2, file_timeout=file_timeout)
    with sqlite3.connect(out / "osce.db") as conn:
        holding = conn.execute(
            "SELECT count(DISTINCT source_id) FROM source_lines WHERE text = ?", (marker,)
        ).fetchone()[0]
    assert holding == 8


def test_a_failed_extraction_is_not_kept(sources, tmp_path, extractions, monkeypatch):
    """A file that could not be read (damaged, a scan OCR could not read) is tried again by
    the next build that reads it, as before the texts were kept."""
    out = tmp_path / "out"
    (sources / "pc-journal-976-copy.docx").unlink()
    make_damaged_pdf(tmp_path / "damaged.pdf")
    shutil.copy(tmp_path / "damaged.pdf", sources / "damaged.pdf")
    run(sources, out)
    assert sorted(extractions) == ["damaged.pdf", "pc-journal-976.pdf"]
    assert len(kept(out)) == 1
    code_changes(monkeypatch)
    run(sources, out)
    assert sorted(extractions[2:]) == ["damaged.pdf"]


def test_a_file_name_that_is_not_utf8(documents, tmp_path, extractions, monkeypatch):
    """The escapes of a name's bytes that are not UTF-8 are part of its key like any name."""
    sources = tmp_path / "sources"
    sources.mkdir()
    name = os.fsdecode(b"journal-\xff.pdf")
    shutil.copy(documents / "pc-journal-976.pdf", sources / name)
    out = tmp_path / "out"
    run(sources, out)
    first = package(out)
    code_changes(monkeypatch)
    report = run(sources, out)
    assert extractions == [name] and report.built == 1
    assert package(out) == first


def test_ocr_text_is_kept_per_engine_and_plain_text_serves_both(tmp_path, monkeypatch):
    """A text read without OCR serves builds with and without --ocr (OCR reads only pages
    without text); a text read by OCR serves only builds with --ocr by the same Tesseract."""
    cache = tmp_path / "osce.db.cache"
    result_cache.ResultCache(cache).close()
    monkeypatch.setattr(extraction_cache, "_ocr_engine", lambda: "ocr: tesseract 5.3.0")
    plain = ExtractedText("pdf", ("A line.",), (1,))
    scanned = replace(plain, issues=(ExtractIssue("warning", "ocr-used", "Read by OCR."),))
    with sqlite3.connect(cache) as conn:
        for sha, text in (("a" * 64, plain), ("b" * 64, scanned)):
            conn.execute(
                "INSERT INTO extracted VALUES (?, ?, ?, ?, ?)",
                extraction_cache.to_keep(text, sha, "j.pdf"),
            )

    def found(sha: str, ocr: bool):
        return extraction_cache.cached_text(cache, sha, "j.pdf", ocr)

    assert found("a" * 64, ocr=False) == plain == found("a" * 64, ocr=True)
    assert found("b" * 64, ocr=False) is None and found("b" * 64, ocr=True) == scanned
    monkeypatch.setattr(extraction_cache, "_ocr_engine", lambda: "ocr: tesseract 5.4.1")
    assert found("b" * 64, ocr=True) is None
    failed = replace(plain, issues=(ExtractIssue("error", "no-text-layer", "A scan."),))
    assert extraction_cache.to_keep(failed, "c" * 64, "j.pdf") is None


def test_a_build_without_ocr_keeps_the_ocr_text(sources, tmp_path, monkeypatch):
    """Texts are kept per file (SHA-256) and version of the extractors, whatever the build's
    --ocr: one build without it does not throw away what OCR read."""
    out = tmp_path / "out"
    run(sources, out)
    with sqlite3.connect(out / "osce.db.cache") as conn:
        ((sha,),) = conn.execute(
            "SELECT sha256 FROM extracted WHERE name = 'pc-journal-976.pdf'"
        ).fetchall()
    monkeypatch.setattr(extraction_cache, "_ocr_engine", lambda: "ocr: tesseract 5.3.0")
    scanned = ExtractedText(
        "pdf", ("A line.",), (1,), issues=(ExtractIssue("warning", "ocr-used", "Read by OCR."),)
    )
    ocr_row = extraction_cache.to_keep(scanned, sha, "pc-journal-976.pdf")
    older = ocr_row._replace(key="older", version="older extractors")
    with sqlite3.connect(out / "osce.db.cache") as conn:
        conn.executemany("INSERT INTO extracted VALUES (?, ?, ?, ?, ?)", [ocr_row, older])
    run(sources, out)
    keys = set(kept(out))
    assert ocr_row.key in keys and "older" not in keys and len(keys) == 3


KILLED_AFTER_TWO = """
import os, signal, sys
from pathlib import Path
from build_data import pool
from build_data.cli import summary
from build_data.pipeline import build
pool.COMMIT_EVERY = float(sys.argv[3])
read = []
def on_file(path, result):
    read.append(path)
    if len(read) == 2:
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
out = Path(sys.argv[2])
build([Path(sys.argv[1])], out / "osce.db", out / "datapackage", None, on_file, jobs=1,
      file_timeout=None)
"""


@pytest.mark.parametrize("every", [0.0, 3600.0], ids=["commits", "one-transaction"])
def test_a_killed_build_keeps_what_it_extracted(documents, tmp_path, every):
    """Killed outright (SIGKILL) after reading two of three PDFs, a build has kept their
    texts and results in the cache, committed as it goes (every COMMIT_EVERY seconds; with
    one transaction for the whole reading, as before, nothing was kept)."""
    sources = tmp_path / "sources"
    sources.mkdir()
    for n in range(3):
        shutil.copy(documents / "pc-journal-976.pdf", sources / f"journal-{n}.pdf")
    out = tmp_path / "out"
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_TWO, str(sources), str(out), str(every)],
        cwd=Path(__file__).parents[1],
    )
    assert killed.returncode == -signal.SIGKILL
    with sqlite3.connect(out / "osce.db.cache") as conn:
        texts = conn.execute("SELECT count(*) FROM extracted").fetchone()[0]
        records = conn.execute("SELECT count(*) FROM records").fetchone()[0]
    if every == 0.0:
        assert texts == 2 and records == 2
    else:
        assert texts == 0 and records == 0


def test_a_file_stopped_by_the_time_limit_keeps_its_text(sources, tmp_path, monkeypatch):
    """A PDF whose reading is stopped (--file-timeout: here its parsing hangs, in the worker)
    keeps the text extracted before, for the next build to read without extracting it."""
    import time

    from build_data import read

    out = tmp_path / "out"
    run(sources, out)
    before = kept(out)
    assert len(before) == 2
    code_changes(monkeypatch)
    parse = read.parse_document

    def hang_on_pdfs(extracted):
        if extracted.format == "pdf":
            time.sleep(30)
        return parse(extracted)

    monkeypatch.setattr(read, "parse_document", hang_on_pdfs)  # the worker is forked with it
    report = run(sources, out, file_timeout=1.0)
    assert report.issues.get("error") == 1  # the PDF's file-timeout; the DOCX is read
    assert kept(out) == before


def test_a_text_with_scanned_pages_unread_does_not_serve_an_ocr_build(tmp_path):
    """A PDF with a scanned page among typeset ones, built without --ocr (its text kept with
    the scanned page unread), then with --ocr: the page is read by OCR, not taken from the
    text kept; and the next build without --ocr takes its own text again."""
    from build_data.extract import ocr

    if not ocr.available():
        pytest.skip("tesseract is not installed: OCR is optional (.ci/run installs it)")
    sources = tmp_path / "sources"
    sources.mkdir()
    typeset = tmp_path / "typeset.pdf"
    make_journal_pdf(clean_journal_text(sample_text()), typeset)
    make_first_page_scanned(typeset, sources / "journal.pdf")
    out = tmp_path / "out"

    def codes() -> list[str]:
        with sqlite3.connect(out / "osce.db") as conn:
            return [c for (c,) in conn.execute("SELECT code FROM parse_issues ORDER BY id")]

    run(sources, out)
    assert "scanned-pages" in codes()
    run(sources, out, ocr=True)
    assert "ocr-used" in codes() and "scanned-pages" not in codes()
    run(sources, out)
    assert "scanned-pages" in codes()
