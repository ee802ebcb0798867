"""One structural line of a journal lost or misread (a scan's OCR, an extraction that drops a
line) costs that line, not the journal: the records are the whole text's, and an issue says
what was missing. (Found by a survey deleting or garbling each structural line of the
bundled journal and of generated ones: each case here lost far more than its line.)"""

from __future__ import annotations

import re

import pytest

from benchmarks import synth
from benchmarks.renderings import clean_texts, differences, records
from build_data.normalize.actors import load_registry
from build_data.read import read_source

BUNDLED = clean_texts()["bundled"]


def _synthetic(count_per_body: int) -> dict[str, str]:
    """Generated journals, count_per_body of each body, by symbol."""
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    for m in synth.iter_meetings(0, 80):
        body = m.plan.body
        if seen.get(body, 0) < count_per_body:
            seen[body] = seen.get(body, 0) + 1
            out[f"{body}-{m.i}"] = synth.journal_text(m)
    return out


TEXTS = {"bundled": BUNDLED, **_synthetic(3)}


def codes(tmp_path, text: str) -> list[tuple[str, str]]:
    path = tmp_path / "journal.txt"
    path.write_text(text, encoding="utf-8")
    rows = read_source(path, load_registry(), ocr=False).as_dicts()
    return [(i["level"], i["code"]) for i in rows.get("parse_issues", [])]


def test_the_texts_cover_every_body():
    assert {name.split("-")[0] for name in TEXTS} == {"bundled", "PC", "FSC", "MC"}


# ------------------------------------------------------------ '3. Subjects discussed ...:'

SECTION3_RE = re.compile(r"^3\. Subjects discussed[^\n]*:\n", re.MULTILINE)
SECTION3_DAMAGE = {
    "lost": lambda label: "",
    "no-colon": lambda label: label[:-2] + "\n",
    "ocr-subiects": lambda label: label.replace("Subjects", "Subiects"),
    "no-full-stop": lambda label: label.replace("3. ", "3 ", 1),
}


@pytest.mark.parametrize("damage", list(SECTION3_DAMAGE))
@pytest.mark.parametrize("name", list(TEXTS))
def test_a_lost_or_misprinted_section_3_label_keeps_the_agenda(tmp_path, name, damage):
    """Before, the whole agenda was read into the chairperson field (or one note), silently."""
    text = TEXTS[name]
    labels = list(SECTION3_RE.finditer(text))
    assert labels, "no section 3 label"
    damaged = text
    for m in reversed(labels):  # every session's, in an MC journal
        damaged = damaged[: m.start()] + SECTION3_DAMAGE[damage](m.group(0)) + damaged[m.end() :]
    assert damaged != text
    want, got = records(text), records(damaged)
    assert got == want, "\n".join(differences(want, got))
    found = codes(tmp_path, damaged)
    assert found.count(("warning", "agenda-label-missing")) == len(labels)
    assert "error" not in {level for level, _ in found}, found
