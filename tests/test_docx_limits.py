"""A Word file (a ZIP archive) whose parts unpack beyond the cap is refused before any of
it is unpacked: one `oversized-docx` error issue, doc_kind `unreadable`, no records. The
same journal without the padding is read as usual."""

from __future__ import annotations

import zipfile

import pytest
from fixtures_docs import make_journal_docx, sample_text

from build_data.extract.docx import MAX_PART
from build_data.normalize.actors import load_registry
from build_data.read import read_source


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def padded(path, parts: dict[str, int]):
    """Add parts of the given unpacked sizes (spaces: they compress to almost nothing)."""
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, size in parts.items():
            with archive.open(name, "w", force_zip64=True) as part:
                for _ in range(size // 1_000_000):
                    part.write(b" " * 1_000_000)
    return path


def issues(result):
    return [(r["level"], r["code"]) for r in result.as_dicts()["parse_issues"]]


def test_a_journal_docx_is_read(tmp_path, registry):
    """The unpadded journal is read: a journal with its meeting."""
    result = read_source(make_journal_docx(sample_text(), tmp_path / "j.docx"), registry, ocr=False)
    assert (result.source["doc_kind"], len(result.as_dicts()["meetings"])) == ("journal", 1)


@pytest.mark.parametrize(
    "parts, why",
    [
        (
            {"word/bloat.xml": MAX_PART + 1_000_000},
            "its part word/bloat.xml unpacks to 51 MB (at most 50 MB are read)",
        ),
        (
            {f"word/bloat{k}.xml": 13_000_000 for k in range(4)},
            "it unpacks to 53 MB, more than 100 times its size",
        ),
    ],
    ids=["one-part", "all-parts"],
)
def test_an_archive_that_unpacks_too_far_is_refused(tmp_path, registry, parts, why):
    """One part over 50 MB, or parts adding up to more than 100 times the file (and 50 MB):
    the file is refused with one error issue naming the reason, and nothing is read."""
    path = padded(make_journal_docx(sample_text(), tmp_path / "bomb.docx"), parts)
    assert path.stat().st_size < 1_000_000
    result = read_source(path, registry, ocr=False)
    assert (result.source["doc_kind"], result.as_dicts().get("meetings", []), issues(result)) == (
        "unreadable",
        [],
        [("error", "oversized-docx")],
    )
    assert list(result.messages) == [
        f"{path}: bomb.docx is not read: {why}; a journal is far smaller, so check the file."
    ]
