"""The renderings people really hold of a journal's text, generated from its clean text.

    python -m benchmarks.renderings FILE RENDERING   # print one rendering of FILE

Researchers rarely have a clean text file: they run pdftotext on the PDF, copy the text out
of a viewer (one line per page, or no line breaks at all), save a web page that shows the
journal, or get the text hard-wrapped by some tool. Each function here turns one clean text
into one such rendering, deterministically; `records` reads a text the way the build does and
returns its records without provenance, so a rendering can be compared with the clean text
whole (tests/test_renderings.py, `make accuracy`).
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

from benchmarks.paths import BUNDLED, SHARED

# Provenance and what is derived from it: the only columns a rendering may change.
PROVENANCE = {"source_id", "line_start", "line_end", "page", "page_end"}
# The records a journal yields, compared whole between renderings (ids included).
RECORD_TABLES = (
    "meetings",
    "meeting_sessions",
    "agenda_items",
    "statements",
    "statement_alignments",
    "statement_documents",
    "statement_annexes",
    "decisions",
    "decision_paragraphs",
    "action_items",
    "action_item_actors",
    "documents",
    "decision_references",
    "footnotes",
)
# Ids built from the source id or a line number (a footnote's): provenance, not content.
LINE_IDS = {"footnotes": "id"}

WIDTHS = (40, 52, 64, 76, 88, 100, 120)


def _paragraphs(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def hard_wrapped(text: str, width: int) -> str:
    """Every line broken between words so that none is longer than width (a word longer than
    width stands alone); blank lines kept, as `fmt` or an editor's hard wrap leaves them."""
    out: list[str] = []
    for line in text.splitlines():
        indent = line[: len(line) - len(line.lstrip())]
        out.extend(
            textwrap.wrap(
                line.strip(),
                width,
                initial_indent=indent,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
            or [""]
        )
    return "\n".join(out) + "\n"


def one_line_per_page(text: str, page_chars: int = 2600) -> str:
    """A PDF viewer's copy: the text of each page on one line (pages of about page_chars)."""
    pages, page = [], []
    size = 0
    for para in _paragraphs(text):
        page.append(para)
        size += len(para) + 1
        if size >= page_chars:
            pages.append(" ".join(page))
            page, size = [], 0
    if page:
        pages.append(" ".join(page))
    return "\n".join(pages) + "\n"


def no_line_breaks(text: str) -> str:
    """The whole text on one line, as some document sites serve it."""
    return " ".join(_paragraphs(text)) + "\n"


LIGATURES = (
    ("ffi", "\ufb03"),
    ("ffl", "\ufb04"),
    ("fi", "\ufb01"),
    ("fl", "\ufb02"),
    ("ff", "\ufb00"),
)
_LONG_WORD_RE = re.compile(r"\b([a-z]{5})([a-z]{5,})\b")


def pdf_characters(text: str, seed: int = 7) -> str:
    """The characters a copy out of a PDF carries: CRLF line ends, tabs, non-breaking and thin
    spaces between words, soft hyphens inside long words, and the fi/fl ligatures. Curly
    quotes stay as the journal prints them."""
    rng = random.Random(seed)
    spaces = (" ", " ", " ", "\t", "\u00a0", "\u2009", "\u202f", "  ")

    def line(s: str) -> str:
        s = _LONG_WORD_RE.sub(
            lambda m: m.group(1) + "\u00ad" + m.group(2) if rng.random() < 0.3 else m.group(0), s
        )
        for plain, lig in LIGATURES:
            s = s.replace(plain, lig)
        return re.sub(r"(?<=\S) (?=\S)", lambda _: rng.choice(spaces), s)

    return "\r\n".join(line(ln) for ln in text.splitlines()) + "\r\n"


# What document sites print around a text they show: buttons, counters, upload details,
# links. Each entry is a format: {n} a number, {d} a date, {y} a year, {t} the title.
SITE_PHRASES = (
    "Upload: others",
    "Post on {d}",
    "{n} views",
    "Category: Documents",
    "{n} download",
    "Report this document",
    "Size: px",
    'Download "{t}"',
    "Share this document",
    "Embed size(px)",
    "Similar documents",
    "Page {n}",
    "{n} pages",
    "Add to my library",
    "Uploaded by a user on {d}",
    "You may also like",
    "Terms of use and privacy policy",
    "Sign in to comment",
    "Published on {d}",
    "Click to see the full text",
    "Read the whole document",
    "page {n} of {m}",
)
SITE_SENTENCES = (
    "Copyright © {y} All rights reserved.",
    "Loading...",
    "Start display at page:",
    "Thank you for visiting.",
)
SITE_NAMES = (
    "Download",
    "Download Document",
    "Transcription",
    "Print",
    "Share",
    "Follow",
    "About Us Contact",
    "Related Posts",
    "Documents",
)
SITE_LINES = SITE_PHRASES + SITE_SENTENCES + SITE_NAMES


def _site_line(rng: random.Random, pool: tuple[str, ...], title: str) -> str:
    casing = rng.choice((str.title, str.lower, str.capitalize))
    return rng.choice(pool).format(
        n=f"{rng.randint(1, 9999):,}",
        m=rng.randint(10, 99),
        y=rng.randint(2009, 2024),
        d=f"{rng.randint(1, 28)}-{rng.choice(('Jan', 'Mar', 'Aug', 'Nov'))}"
        f"-{rng.randint(2009, 2024)}",
        t=casing(title),
    )


def web_page(text: str, seed: int = 11) -> str:
    """The journal as a document site shows it: the site's own lines before it (the title in
    other casing, upload details, viewer controls), between its paragraphs (a page counter,
    the title again, a button or a link) and after it (report and download links, categories).
    The seed draws the lines and where they stand: before, one to five groups between
    paragraphs, after. A group between paragraphs, and the lines after, hold at least one
    phrase that is no sentence and no name: 'Download' alone where a speaker may stand, or
    'All rights reserved.' alone between two paragraphs, cannot be told from the journal's."""
    rng = random.Random(seed)
    paras = _paragraphs(text)
    title = next((p for p in paras if re.search(r"MEETING|DECISION|JOURNAL", p)), "")[:90] or (
        paras[0][:90] if paras else "OSCE"
    )  # a text without paragraphs (a damaged one) still gets a page around it
    other_casing = lambda: rng.choice((str.title, str.lower, str.capitalize))(title)  # noqa: E731
    before = [other_casing()] + [
        _site_line(rng, SITE_LINES, title) for _ in range(rng.randint(3, 11))
    ]
    after = [_site_line(rng, SITE_PHRASES, title)] + [
        _site_line(rng, SITE_LINES, title) for _ in range(rng.randint(1, 6))
    ]
    rng.shuffle(after)
    blocks = text.strip().split("\n\n")
    cuts = (
        set(rng.sample(range(1, len(blocks)), min(len(blocks) - 1, rng.randint(1, 5))))
        if len(blocks) > 1
        else set()
    )
    out = ["\n".join(before)]
    for k, block in enumerate(blocks):
        if k in cuts:
            group = [rng.choice((other_casing(), _site_line(rng, SITE_PHRASES, title)))]
            group += [_site_line(rng, SITE_LINES, title) for _ in range(rng.randint(0, 2))]
            rng.shuffle(group)
            counter = (
                [str(rng.randint(2, 40))] if rng.random() < 0.6 else []
            )  # a page counter opens or closes the group
            out.append("\n".join(counter + group if rng.random() < 0.5 else group + counter))
        out.append(block)
    out.append("\n".join(after))
    return "\n\n".join(out) + "\n"


def twice(text: str, preview_chars: int = 1800, reverse: bool = False) -> str:
    """A site's page holding the journal twice: a one-line preview (cut mid-text), then the
    full text with its line breaks; with reverse, the full text first and the preview after."""
    preview = no_line_breaks(text)[:preview_chars].rstrip()
    if reverse:
        return f"{text.strip()}\n\nSummary of the document\n\n{preview}\n"
    return f"{preview}\n\nTranscript of the document\n\n{text.strip()}\n"


def pdftotext(pdf: Path, layout: bool = False) -> str:
    """The text poppler's pdftotext reads from a PDF (with -layout: as laid out)."""
    if shutil.which("pdftotext") is None:
        raise RuntimeError("pdftotext is not installed (apt-get install poppler-utils)")
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")


TEXT_RENDERINGS: dict[str, Callable[[str], str]] = {
    **{f"wrapped-{w}": (lambda t, w=w: hard_wrapped(t, w)) for w in WIDTHS},
    "one-line-per-page": one_line_per_page,
    "no-line-breaks": no_line_breaks,
    "pdf-characters": pdf_characters,
    "web-page": web_page,
    "twice": twice,
}


def records(text: str, name: str = "journal.txt") -> dict[str, list[tuple]]:
    """The records the build reads from text (a file named name), per table, without
    provenance, sorted: what must not depend on the rendering."""
    from build_data.normalize.actors import load_registry
    from build_data.read import read_source

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8", newline="")
        result = read_source(path, _registry(load_registry), ocr=False)
    return records_of(result.as_dicts())


def records_of(rows: dict[str, list[dict]]) -> dict[str, list[tuple]]:
    out = {}
    for table in RECORD_TABLES:
        drop = PROVENANCE | ({LINE_IDS[table]} if table in LINE_IDS else set())
        out[table] = sorted(
            (
                tuple(sorted((k, v) for k, v in r.items() if k not in drop))
                for r in rows.get(table, [])
            ),
            key=repr,
        )
    return out


_REGISTRY = []


def _registry(load):
    if not _REGISTRY:
        _REGISTRY.append(load())
    return _REGISTRY[0]


def agreement(clean: dict[str, list[tuple]], other: dict[str, list[tuple]]) -> tuple[int, int]:
    """(records identical, records in all): a record missing from either side, or changed,
    counts against the rendering. A text with no records (not a journal) agrees with a
    rendering that has none either: (0, 0)."""
    same = total = 0
    for table in RECORD_TABLES:
        a, b = clean.get(table, []), other.get(table, [])
        common = len(set(a) & set(b))
        same += common
        total += max(len(a), len(b))
    return same, total


def differences(
    clean: dict[str, list[tuple]], other: dict[str, list[tuple]], limit: int = 5
) -> list[str]:
    """What differs, table by table, for a test's failure message."""
    out = []
    for table in RECORD_TABLES:
        a, b = set(clean.get(table, [])), set(other.get(table, []))
        for row in sorted(a - b, key=repr)[:limit]:
            out.append(f"{table} missing: {dict(row)}")
        for row in sorted(b - a, key=repr)[:limit]:
            out.append(f"{table} extra:   {dict(row)}")
    return out


SHARED_JOURNALS = SHARED / "journals"


def clean_texts(shared: Path = SHARED_JOURNALS) -> dict[str, str]:
    """The clean texts renderings are made from: the bundled journal and, when the shared
    folder is there, every excerpt in it."""
    texts = {"bundled": BUNDLED.read_text(encoding="utf-8")}
    for path in sorted(shared.glob("*.txt")) if shared.is_dir() else []:
        texts[path.stem] = path.read_text(encoding="utf-8")
    return texts


def agreement_table(
    texts: dict[str, str], renderings: dict[str, Callable[[str], str]] = TEXT_RENDERINGS
) -> dict[str, dict[str, tuple[int, int]]]:
    """For each text and rendering, (records identical to the clean text's, records)."""
    table = {}
    for name, text in texts.items():
        clean = records(text)
        table[name] = {
            r: agreement(clean, records(render(text))) for r, render in renderings.items()
        }
    return table


def format_table(table: dict[str, dict[str, tuple[int, int]]]) -> str:
    """The table as text: a row per journal, a column per rendering, the share identical."""
    columns = list(next(iter(table.values())))
    width = max(len(c) for c in columns)
    lines = ["journal".ljust(22) + " ".join(c.rjust(width) for c in columns)]
    totals = {c: [0, 0] for c in columns}
    for name, row in table.items():
        cells = []
        for c in columns:
            same, total = row[c]
            totals[c][0] += same
            totals[c][1] += total
            cells.append((f"{same / total:.1%}" if total else "-").rjust(width))
        lines.append(name.ljust(22) + " ".join(cells))
    lines.append(
        "all".ljust(22)
        + " ".join((f"{a / b:.1%}" if b else "-").rjust(width) for a, b in totals.values())
    )
    return "\n".join(lines)


if __name__ == "__main__":
    source, rendering = Path(sys.argv[1]), sys.argv[2]
    sys.stdout.write(TEXT_RENDERINGS[rendering](source.read_text(encoding="utf-8")))
