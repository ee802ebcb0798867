"""Property tests of the extract/decode side and of the whole per-file pipeline on random
bytes: nothing raises, and every non-blank line of what was read is accounted for."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from conftest import BUNDLED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_data.extract import extract
from build_data.extract.text import decode, extract_text
from build_data.normalize.actors import load_registry
from build_data.normalize.symbols import find_symbols, parse_symbol
from build_data.read import read_source
from build_data.tables import CATALOGUE

JOURNAL_LINES = BUNDLED.read_text(encoding="utf-8").split("\n")
REGISTRY = load_registry()

# Bytes that look like text files: random bytes, BOMs, journal lines in any order, line
# endings of all kinds, NULs, bytes invalid in UTF-8, cut anywhere.
_journal_lines = st.lists(st.sampled_from(JOURNAL_LINES), max_size=60)
_endings = st.sampled_from([b"\n", b"\r\n", b"\r", b"\x00\n", b"\n\n"])


@st.composite
def text_files(draw) -> bytes:
    lines = draw(_journal_lines)
    parts = []
    for ln in lines:
        piece = ln.encode(draw(st.sampled_from(["utf-8", "utf-8", "cp1252"])), errors="replace")
        if draw(st.integers(0, 9)) == 0:
            piece += draw(st.binary(max_size=8))
        parts.append(piece + draw(_endings))
    data = draw(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])) + b"".join(parts)
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


any_bytes = st.one_of(st.binary(max_size=2000), text_files())


@given(any_bytes)
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_decode_is_total(data):
    """decode never raises, returns valid Unicode (no lone surrogates) and names its
    encoding; a warning is given whenever it replaced or guessed."""
    text, encoding, issues = decode(data)
    text.encode("utf-8")  # no surrogates
    assert encoding in {"utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"}
    if (
        encoding in ("cp1252", "latin-1")
        or "\ufffd" in text
        and "\ufffd".encode() not in data
        and encoding != "utf-16"
    ):
        assert issues
    for issue in issues:
        assert issue.level == "warning" and issue.message.endswith(".")


@given(any_bytes)
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_extract_text_is_total(data):
    """extract_text never raises; its lines hold no line breaks or control characters."""
    extracted, encoding = extract_text(data)
    assert len(extracted.lines) == len(extracted.pages)
    for ln in extracted.lines:
        assert "\n" not in ln and "\r" not in ln and "\x00" not in ln
    if not extracted.lines:
        assert extracted.issues or not data.strip()


@given(
    st.binary(max_size=600),
    st.sampled_from(["x.txt", "x.md", "x", "x.pdf", "x.docx", "x.png", "x.TXT"]),
)
@settings(max_examples=150, deadline=None)
def test_extract_any_file_is_total(data, name):
    """extract never raises, for any bytes under any supported or unsupported name."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        extracted, _ = extract(path, data)
        for issue in extracted.issues:
            assert issue.level in ("error", "warning") and issue.message.endswith(".")


@given(st.text(max_size=300))
@settings(max_examples=400)
def test_symbol_grammar_is_total_on_decoded_text(text):
    """parse_symbol and find_symbols never raise on any text, including decoded junk."""
    parse_symbol(text)
    for body in (None, "PC", "FSC", "MC"):
        for m in find_symbols(text, default_body=body):
            assert 0 <= m.start <= m.end <= len(text)


@given(st.binary(max_size=400))
@settings(max_examples=200)
def test_symbol_grammar_is_total_on_random_bytes(data):
    """Any bytes, decoded as the build decodes a file: parse_symbol and find_symbols never
    raise, and every match is the text at its span."""
    text, _, _ = decode(data)
    parse_symbol(text)
    for m in find_symbols(text, default_body="PC"):
        assert text[m.start : m.end] == m.printed


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("prop")


@given(any_bytes, st.sampled_from(["j.txt", "j.md", "j"]))
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_read_source_accounts_for_every_line(workdir, data, name):
    """On any text file, read_source does not raise, and every row it produces has a span
    inside the text (0 = the file as a whole) and its own source id (the build adds
    unaccounted-lines issues for whatever no span covers)."""
    path = workdir / name
    path.write_bytes(data)
    result = read_source(path, REGISTRY, ocr=False)
    rows = result.as_dicts()
    sid = result.source["id"]
    n = result.source["line_count"]
    assert set(result.tables().nonblank) <= set(range(1, n + 1))
    assert result.source["doc_kind"] in (
        "journal",
        "decision",
        "status_table",
        "other",
        "not_recognised",
        "unreadable",
    )
    for table in CATALOGUE:
        if not table.has_provenance:
            continue
        for row in rows.get(table.name, []):
            assert row["source_id"] == sid, (table.name, row)
            assert (row["line_start"], row["line_end"]) == (0, 0) or 1 <= row["line_start"] <= row[
                "line_end"
            ] <= n, (table.name, row)
    for message in result.messages:
        assert message.startswith(f"{path}: ") and message.endswith(".")
