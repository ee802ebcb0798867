"""Agreement of the build with the expected values of the shared real-journal excerpts.

    python -m benchmarks.accuracy [JOURNALS_DIR]   # from the repository root

Builds each excerpt on its own, turns the built rows into the shape of
expected/<name>.json (``shape``), compares every field (``compare``) and prints the
agreement per field and overall. tests/test_shared_journals.py uses the same functions.
Then it prints, for the bundled journal and each excerpt, the share of records that each
rendering of its text (hard-wrapped, one line, a web page ...) reads exactly as the clean
text gives them.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from benchmarks.paths import SHARED
from benchmarks.renderings import (
    agreement,
    agreement_table,
    clean_texts,
    format_table,
    pdftotext,
    records,
)
from build_data.pipeline import build

JOURNALS = SHARED / "journals"
TOP_FIELDS = (
    "is_journal",
    "doc_kind",
    "body",
    "meeting_number",
    "journal_symbol",
    "journal_number",
    "special",
    "corrigendum",
    "date",
    "chairmanship",
    "chairpersons",
    "location_note",
    "opened",
    "closed",
    "suspensions",
    "pre_agenda_notes",
    "page_headers",
)
ITEM_FIELDS = ("number", "title", "complete", "decisions", "interpretative_statements", "sub_items")
SPEAKER_FIELDS = (
    "label",
    "actor",
    "delivered_by",
    "documents",
    "markers",
    "annexes",
    "aligned",
    "also_on_behalf_of",
    "blanked",
)


def build_one(path: Path, out: Path) -> Path:
    db = out / f"{path.stem}.db"
    build([path], db, None)
    return db


def _rows(conn, sql, params=()):
    return [dict(r) for r in conn.execute(sql, params).fetchall()]


def shape(db: Path) -> dict:
    """The built rows of a one-file build in the shape of expected/<name>.json."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    source = _rows(conn, "select * from sources")[0]
    sid = source["id"]
    out: dict = {"is_journal": source["doc_kind"] == "journal", "doc_kind": source["doc_kind"]}
    meetings = _rows(
        conn,
        "select * from meetings where source_id = ? order by line_start, date, opened, id",
        (sid,),
    )
    head = (_rows(conn, "select * from document_headers where source_id = ?", (sid,)) or [{}])[0]
    furniture = _rows(
        conn,
        "select text, line_start from page_furniture where source_id = ? and kind in "
        "('page_header', 'page_footer')",
        (sid,),
    )
    notes = _rows(
        conn,
        "select number || ' ' || text as text, line_start "
        "from footnotes where source_id = ? and line_start > 0",
        (sid,),
    )
    out["page_headers"] = [
        r["text"] for r in sorted(furniture + notes, key=lambda r: r["line_start"])
    ]
    if not meetings:
        out.update(
            {
                "body": head.get("body"),
                "meeting_number": head.get("meeting_number"),
                "journal_symbol": None,
                "journal_number": head.get("journal_number"),
                "special": None,
                "corrigendum": None,
                "date": head.get("date"),
                "chairmanship": head.get("chairmanship"),
                "chairpersons": [],
                "location_note": None,
                "opened": None,
                "closed": None,
                "suspensions": [],
                "pre_agenda_notes": [],
                "agenda_items": [],
            }
        )
        return out
    m = meetings[0]
    sittings = _rows(
        conn, "select * from meeting_sessions where meeting_id = ? order by seq", (m["id"],)
    )
    suspensions = []
    for a, b in zip(sittings, sittings[1:] + [None], strict=False):
        if a["ended_by"] == "suspended":
            suspensions.append(
                {
                    "suspended": a["ended"],
                    "resumed": b["started"] if b else None,
                    "resumed_date": b["date"] if b and b["date"] != m["date"] else None,
                }
            )
    out.update(
        {
            "body": m["body"],
            "meeting_number": m["meeting_number"],
            "journal_symbol": m["journal_symbol"],
            "journal_number": m["journal_number"],
            "special": m["kind"] == "special",
            "corrigendum": m["corrigendum"],
            "date": m["date"],
            "chairmanship": m["chairmanship"],
            "chairpersons": (m["chairperson"] or "").split("; ") if m["chairperson"] else [],
            "location_note": m["location"],
            "opened": m["opened"],
            "closed": m["closed"],
            "suspensions": suspensions,
            "pre_agenda_notes": [
                r["text"]
                for r in _rows(
                    conn,
                    "select text from meeting_notes where meeting_id = ? and agenda_item_id is "
                    "null order by position",
                    (m["id"],),
                )
            ],
            "agenda_items": [
                _item(conn, sid, i)
                for i in _rows(
                    conn,
                    "select * from agenda_items where meeting_id "
                    "= ? and parent_id is null order by position",
                    (m["id"],),
                )
            ],
        }
    )
    return out


def _item(conn, sid: str, item: dict) -> dict:
    subs = _rows(
        conn, "select * from agenda_items where parent_id = ? order by position", (item["id"],)
    )
    ids = [item["id"], *(s["id"] for s in subs)]
    marks = ",".join("?" * len(ids))
    statements = _rows(
        conn,
        "select s.*, a.position as item_position from statements s join agenda_items a on a.id = "
        f"s.agenda_item_id where s.agenda_item_id in ({marks}) and s.kind not in ('presentation', "
        "'interpretative_statement', 'annexed_statement') order by a.position, s.position",
        ids,
    )
    incomplete = conn.execute(
        "select count(*) from parse_issues where source_id = ? and code = 'incomplete-item' and "
        "line_start = ? and line_end = ? and excerpt = ?",
        (sid, item["line_start"], item["line_end"], item["id"]),
    ).fetchone()[0]
    return {
        "number": item["number"],
        "title": item["title"],
        "complete": not incomplete,
        "speakers": [_speaker(conn, s) for s in statements],
        "decisions": [
            {"number": d["number"], "symbol": d["issued_symbol"], "title": d["title"]}
            for d in _rows(
                conn, "select * from decisions where agenda_item_id = ? order by id", (item["id"],)
            )
        ],
        "interpretative_statements": [
            r["speaker_label"]
            for r in _rows(
                conn,
                f"select speaker_label from statements where agenda_item_id in ({marks}) and kind "
                "= 'interpretative_statement' order by id",
                ids,
            )
        ],
        "sub_items": [{"label": s["label"], "title": s["title"]} for s in subs],
    }


def _names(conn, actor_id: str | None) -> list[str]:
    if not actor_id:
        return []
    names = [r[0] for r in conn.execute("select name from actors where id = ?", (actor_id,))]
    return names + [
        r[0]
        for r in conn.execute(
            "select alias from actor_aliases where actor_id = ? order by alias", (actor_id,)
        )
    ]


def _speaker(conn, s: dict) -> dict:
    actor = None
    if s["actor_id"]:
        kind = conn.execute("select kind from actors where id = ?", (s["actor_id"],)).fetchone()
        if s["resolution"] == "chair":
            actor = "Chairperson"
        elif kind and kind[0] == "person":
            actor = s["speaker_label"]
        else:
            actor = _names(conn, s["actor_id"])[0]
    delivered = _names(conn, s["delivered_by_actor_id"])
    docs = _rows(
        conn,
        "select d.symbol, d.distribution from statement_documents sd join documents d on d.symbol "
        "= sd.document_symbol where sd.statement_id = ? order by sd.rowid",
        (s["id"],),
    )
    markers = []
    for d in docs:
        if d["distribution"] and d["distribution"] not in markers:
            markers.append(d["distribution"])

    def align(rel: str) -> list:
        return [
            r[0]
            for r in conn.execute(
                "select label from statement_alignments"
                " where statement_id = ? and relation = ? order by position",
                (s["id"], rel),
            )
        ]

    return {
        "label": s["speaker_label"],
        "actor": actor,
        "_actor_names": _names(conn, s["actor_id"]),
        "delivered_by": delivered[0] if delivered else None,
        "documents": [d["symbol"] for d in docs],
        "markers": markers,
        "annexes": [
            r[0]
            for r in conn.execute(
                "select annex_number from statement_annexes "
                "where statement_id = ? order by annex_number",
                (s["id"],),
            )
        ],
        "aligned": align("aligned"),
        "also_on_behalf_of": align("on_behalf_of"),
        "blanked": s["resolution"] == "blanked",
    }


def _same(field: str, want, got) -> bool:
    if field == "pre_agenda_notes":
        return len(want) == len(got) and all(
            g.startswith(w.rstrip()) or w.startswith(g) for w, g in zip(want, got, strict=False)
        )
    if field == "decisions":
        strip = lambda t: (t or "").removeprefix("on ").strip()  # noqa: E731
        return [(d["number"], d["symbol"], strip(d["title"])) for d in want or []] == [
            (d["number"], d["symbol"], strip(d["title"])) for d in got or []
        ]
    if field == "sub_items":
        return [(s["label"], s["title"]) for s in want or []] == [
            (s["label"], s["title"]) for s in got or []
        ]
    return want == got


def compare(expected: dict, actual: dict) -> list[tuple[str, bool, object, object]]:
    """(field, agrees, expected value, built value) for every field of expected."""
    out = [
        (f, _same(f, expected.get(f), actual.get(f)), expected.get(f), actual.get(f))
        for f in TOP_FIELDS
    ]
    want_items = expected.get("agenda_items", [])
    got_items = {i["number"]: i for i in actual.get("agenda_items", [])}
    out.append(
        (
            "agenda_items.numbers",
            [i["number"] for i in want_items] == list(got_items),
            [i["number"] for i in want_items],
            list(got_items),
        )
    )
    for wi in want_items:
        gi = got_items.get(wi["number"], {})
        for f in ITEM_FIELDS:
            out.append((f"agenda_items.{f}", _same(f, wi.get(f), gi.get(f)), wi.get(f), gi.get(f)))
        ws, gs = wi.get("speakers", []), gi.get("speakers", [])
        out.append(("speakers.count", len(ws) == len(gs), len(ws), len(gs)))
        for k, w in enumerate(ws):
            g = gs[k] if k < len(gs) else {}
            for f in SPEAKER_FIELDS:
                if f == "actor":
                    ok = w["actor"] == g.get("actor") or (
                        w["actor"] is not None and w["actor"] in g.get("_actor_names", [])
                    )
                else:
                    ok = w.get(f) == g.get(f)
                out.append((f"speakers.{f}", ok, w.get(f), g.get(f)))
    return out


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else JOURNALS
    if not (folder / "expected").is_dir():
        print(f"{folder}: no expected/ folder; nothing to measure.")
        return 1
    per_field: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(folder.glob("*.txt")):
            expected = json.loads(
                (folder / "expected" / f"{path.stem}.json").read_text(encoding="utf-8")
            )
            results = compare(expected, shape(build_one(path, Path(tmp))))
            wrong = [r for r in results if not r[1]]
            for field, ok, _, _ in results:
                per_field[field][0] += ok
                per_field[field][1] += 1
            print(f"{path.stem}: {len(results) - len(wrong)}/{len(results)}")
            for field, _, want, got in wrong:
                print(f"   {field}: expected {want!r}, built {got!r}"[:300])
    print("\nAgreement per field:")
    for field, (ok, n) in sorted(per_field.items()):
        print(f"  {field:34} {ok:4}/{n:<4} {ok / n:7.1%}")
    ok = sum(v[0] for v in per_field.values())
    n = sum(v[1] for v in per_field.values())
    print(f"  {'overall':34} {ok:4}/{n:<4} {ok / n:7.1%}")
    print(
        "\nRecords identical to the clean text's, per "
        "rendering (benchmarks/renderings.py; '-': no records):"
    )
    texts = clean_texts(folder)
    table = agreement_table(texts)
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in texts.items():
            table[name].update(_pdf_agreement(name, text, folder, Path(tmp)))
    print(format_table(table))
    return 0


def _pdf_agreement(name: str, text: str, folder: Path, tmp: Path) -> dict[str, tuple[int, int]]:
    """pdftotext and pdftotext -layout of a PDF of the journal (made as the tests make it,
    tests/fixtures_docs.py) against its text; nothing when poppler is not installed or the
    text is not a journal."""
    if shutil.which("pdftotext") is None:
        return {}
    from tests.fixtures_docs import clean_journal_text, furnished, make_journal_pdf

    if name == "bundled":
        pdf = make_journal_pdf(clean_journal_text(text), tmp / "bundled.pdf")
    else:
        expected = json.loads((folder / "expected" / f"{name}.json").read_text(encoding="utf-8"))
        if not expected.get("is_journal"):
            return dict.fromkeys(PDF_MODES, (0, 0))
        day = dt.date.fromisoformat(expected["date"])
        body, furnishing = furnished(text, expected["journal_symbol"], f"{day.day} {day:%B %Y}")
        pdf = make_journal_pdf(body, tmp / f"{name}.pdf", furnishing=furnishing)
    clean = records(text)
    return {
        mode: agreement(clean, records(pdftotext(pdf, layout)))
        for mode, layout in PDF_MODES.items()
    }


PDF_MODES = {"pdftotext": False, "pdftotext-layout": True}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
