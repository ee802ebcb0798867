"""Tests for benchmarks/synth.py, the synthetic journal generator."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import synth

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "synth.py"


SAMPLE = 300
MONTHS = {m: k for k, m in enumerate(synth.MONTHS, 1)}
SYMBOL = re.compile(r"\b(?:(PC|FSC)\.JOUR/(\d+)|MC\((\d+)\)\.JOUR/(\d+))")
DATE = re.compile(r"^1\. Date:? ?\n?:? ?\w+, (\d{1,2}) (\w+) (\d{4})", re.M)
DOC_REF = re.compile(
    r"\((?:PC|FSC|MC)\.DEL/\d+/(\d\d)(?:/(?:Rev|Corr|Add)\.1)?(?: OSCE\+| Restr\.)?\)"
)


def files(directory: Path) -> list[Path]:
    return sorted(directory.glob("journal-*.txt"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> list[tuple[Path, str]]:
    out = tmp_path_factory.mktemp("synth")
    synth.generate(SAMPLE, str(out), seed=0)
    return [(p, p.read_text(encoding="utf-8")) for p in files(out)]


@pytest.fixture(scope="module")
def spread() -> list[str]:
    """Every 100th journal of a 30,000-file stream (1995-2024), generated in memory."""
    return [synth.journal_text(m) for m in synth.iter_meetings(0, 30_000) if m.i % 100 == 0]


def journal_date(text: str) -> dt.date:
    m = DATE.search(text)
    assert m, "no '1. Date:' field"
    return dt.date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))


def journal_part(text: str) -> str:
    """The journal proper: everything before the first appended document."""
    end = text.find("4. Next meeting:")
    assert end > 0
    return text[:end]


def test_two_runs_are_byte_identical(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    synth.generate(25, str(a), seed=7)
    synth.generate(25, str(b), seed=7)
    fa, fb = files(a), files(b)
    assert [p.name for p in fa] == [f"journal-{i:06d}.txt" for i in range(25)]
    assert [p.read_bytes() for p in fa] == [p.read_bytes() for p in fb]


def test_other_seed_gives_other_files(tmp_path):
    synth.generate(3, str(tmp_path / "a"), seed=1)
    synth.generate(3, str(tmp_path / "b"), seed=2)
    assert (tmp_path / "a" / "journal-000000.txt").read_bytes() != (
        tmp_path / "b" / "journal-000000.txt"
    ).read_bytes()


def test_smaller_run_is_a_prefix_of_larger_run(tmp_path):
    small, large = tmp_path / "small", tmp_path / "large"
    synth.generate(12, str(small), seed=3)
    synth.generate(40, str(large), seed=3)
    assert len(files(large)) == 40
    for p in files(small):
        assert p.read_bytes() == (large / p.name).read_bytes(), p.name


def test_cli_writes_files_and_prints_summary(tmp_path):
    out = tmp_path / "cli"
    res = subprocess.run(
        [sys.executable, str(SCRIPT), "5", str(out), "--seed", "9"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(files(out)) == 5
    lines = res.stdout.strip().splitlines()
    assert len(lines) == 1 and "5 files" in lines[0] and "MB" in lines[0]
    again = tmp_path / "api"
    synth.generate(5, str(again), seed="9")
    assert [p.read_bytes() for p in files(out)] == [p.read_bytes() for p in files(again)]


def test_files_are_utf8_with_unix_newlines(sample):
    for path, text in sample:
        raw = path.read_bytes()
        assert b"\r" not in raw, path.name
        assert raw.decode("utf-8") == text
        assert text.endswith("\n") and not text.endswith("\n\n\n")


def test_each_file_has_journal_header_fields(sample):
    for path, text in sample:
        head = text[:2000]
        assert SYMBOL.search(head), path.name
        assert "Organization for Security and Co-operation in Europe" in head
        assert "Original: ENGLISH" in head
        assert re.search(r"PLENARY MEETING|Plenary Meeting\)", head), path.name
        for label in (
            "1. Date:",
            "Opened: ",
            "Closed: ",
            "2. Chairperson:",
            "3. Subjects discussed",
            "4. Next meeting:",
        ):
            assert label in text, (path.name, label)


def test_agenda_items_and_speaker_lists(sample):
    for path, text in sample:
        body = journal_part(text)
        numbers = [int(n) for n in re.findall(r"^Agenda item (\d+):", body, re.M)]
        assert numbers == list(range(1, len(numbers) + 1)), path.name
        assert 3 <= len(numbers) <= 12, (path.name, len(numbers))
        assert "Chairperson" in body.split("3. Subjects discussed", 1)[1]
        # at least one comma-separated list of speakers
        assert re.search(r"Chairperson, |[a-z\)], [A-Z]", body), path.name


def test_document_references_use_the_year_of_the_meeting(sample):
    seen = 0
    for path, text in sample:
        year = f"{journal_date(text).year % 100:02d}"
        for ref_year in DOC_REF.findall(journal_part(text)):
            assert ref_year == year, path.name
            seen += 1
    assert seen > SAMPLE  # references are common


def test_dates_and_meeting_numbers_increase(sample):
    dates = [journal_date(text) for _, text in sample]
    assert dates == sorted(dates)
    assert dates[0].year == 1995
    last: dict[str, int] = {}
    for path, text in sample:
        m = SYMBOL.search(text)
        body = m.group(1) or "MC"
        number = (
            int(
                re.search(
                    r"(\d+)(?:st|nd|rd|th) (?:PLENARY MEETING OF THE|Plenary Meeting\))", text
                ).group(1)
            )
            if body != "MC"
            else int(m.group(3))
        )
        if body != "MC":
            assert number > last.get(body, 0), path.name
        last[body] = number


def test_body_mix_and_features(sample, spread):
    bodies = [SYMBOL.search(text).group(1) or "MC" for _, text in sample]
    share = {b: bodies.count(b) / len(bodies) for b in ("PC", "FSC", "MC")}
    assert 0.45 < share["PC"] < 0.75 and 0.2 < share["FSC"] < 0.5 and share["MC"] < 0.15
    everything = "\n".join([text for _, text in sample] + spread)
    for needle in (
        "-European Union (with ",
        "in alignment)",
        "Suspended: ",
        "Resumed: ",
        "Decision: The Permanent Council adopted Decision No. ",
        "the text of which is appended to this journal",
        "INTERPRETATIVE STATEMENT UNDER",
        "By the delegation of ",
        "(interpretative statement, see attachment 1 to the decision)",
        "DECISION No. ",
        "The Permanent Council,",
        "Decides ",
        "Recommended action at the national level",
        "Action for OSCE institutions and bodies",
        " - 1.1 ",
        "(Annex 1)",
        "Annex 1\n",
        "SPECIAL MEETING OF THE",
        "the former Yugoslav Republic of Macedonia",
        "Turkey",
        " OSCE+)",
        "PCOEJ",
        "FSCEJ",
        "- 2 - PC.JOUR/",
        "- 2 - PC.DEC/",
        "North Macedonia",
        "Türkiye",
        "via video teleconferenc",
        "MINISTERIAL COUNCIL",
        ".JOUR/",
    ):
        assert needle in everything, needle
    assert re.search(r"^1 (Reissued|The word|Includes|Incorporates)", everything, re.M)


def test_historic_names_follow_the_date(spread):
    for text in spread:
        date = journal_date(text)
        if date < dt.date(2019, 1, 1):
            assert "North Macedonia" not in text
        if date >= dt.date(2019, 3, 1):
            assert "the former Yugoslav Republic of Macedonia" not in text
        if date < dt.date(2022, 6, 1):
            assert "Türkiye" not in text


def test_spread_covers_the_whole_period_in_order(spread):
    dates = [journal_date(text) for text in spread]
    assert dates == sorted(dates)
    assert dates[0].year == 1995 and dates[-1].year == 2024
    for text in spread:
        year = f"{journal_date(text).year % 100:02d}"
        assert set(DOC_REF.findall(journal_part(text))) <= {year}


@pytest.mark.parametrize("which", ["sample", "spread"])
def test_sizes_are_realistic(which, request):
    texts = request.getfixturevalue(which)
    sizes = [len((t[1] if isinstance(t, tuple) else t).encode("utf-8")) for t in texts]
    assert min(sizes) >= 3_000 and max(sizes) <= 60_000, (min(sizes), max(sizes))
    mean = sum(sizes) / len(sizes)
    assert 10_000 <= mean <= 20_000, mean


def test_dates_stay_in_the_past_far_into_the_stream():
    dates = [synth.file_date(i) for i in (0, 2699, 2700, 3000, 30_000, 10**6)]
    assert dates == sorted(dates)
    assert dates[-1] <= synth.FINAL_END
    assert all(d.weekday() < 5 for d in dates)
