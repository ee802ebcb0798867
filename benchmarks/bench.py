#!/usr/bin/env python3
"""End-to-end benchmark of `osce-data build` on a synthetic archive.

    python benchmarks/bench.py [--n 3000] [--jobs J] [--out benchmarks/results/latest.json]

Generates N journals with benchmarks/synth.py (cached under $OSCE_BENCH_DIR, default
/tmp/osce-bench, keyed by N), then measures, each build in a fresh child process:

1. full build from scratch (empty cache): wall time, seconds per stage, MB/s, rows/s,
   peak memory (max RSS of the build process and of its worker processes);
2. the storage floor: the very same rows inserted with plain sqlite3 executemany (no
   indexes, no FTS) plus the same CSVs written with the csv module;
3. incremental builds: nothing changed, then one journal changed (three times by default,
   the median reported);
4. Datasette on the result, in process (datasette's own client): p50/p95 of a table
   page, a facet page on statements, a full-text search and a canned query;
5. `osce-data diff` between the database before and after the one-journal change;
6. reading PDFs: the first --pdfs generated journals typeset as PDFs (reportlab, as the tests
   make them; cached beside the corpus), each extracted and read to rows in one child
   process: CPU per page (the real archive is PDFs, where extraction costs far more than
   parsing the text it gives); then built from scratch, and again after a change to the
   code, which reads every file again but takes their extracted text from the cache.

Prints the figures and writes them as JSON. See benchmarks/README.md for how to read
them. Standard library + the project's own dependencies only.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SYNTH = ROOT / "benchmarks" / "synth.py"
BASE = Path(os.environ.get("OSCE_BENCH_DIR", "/tmp/osce-bench"))


def corpus(n: int) -> Path:
    """The synthetic corpus of n journals, generated once and reused."""
    path = BASE / f"corpus-{n}"
    done = path / ".complete"
    if not done.exists():
        shutil.rmtree(path, ignore_errors=True)
        print(f"generating {n} journals in {path} ...", flush=True)
        subprocess.run(
            [sys.executable, str(SYNTH), str(n), str(path)], check=True, stdout=subprocess.DEVNULL
        )
        done.write_text("ok\n")
    return path


def pdf_corpus(src: Path, n: int, k: int) -> Path:
    """PDFs of the first k journals of the corpus of n, made once and reused."""
    path = BASE / f"pdf-{n}-{k}"
    if not (path / ".complete").exists():
        shutil.rmtree(path, ignore_errors=True)
        print(f"typesetting {k} journals as PDFs in {path} ...", flush=True)
        child(["make-pdfs", str(src), str(path), str(k)])
        (path / ".complete").write_text("ok\n")
    return path


def child(args: list[str]) -> dict:
    """Run this script's --child mode in a fresh interpreter; its JSON answer."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def peak_mb() -> dict:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "peak_mb": round(max(own, workers), 1),
        "peak_main_mb": round(own, 1),
        "peak_worker_mb": round(workers, 1),
    }


# ------------------------------------------------------------------ child modes


def run_build(src: str, out: str, full: bool, jobs: int | None) -> dict:
    from build_data.pipeline import build

    out_dir = Path(out)
    t0 = time.perf_counter()
    report = build(
        [Path(src)],
        out_dir / "osce.db",
        out_dir / "datapackage",
        out_dir / "metadata.yml",
        full=full,
        jobs=jobs,
    )
    wall = time.perf_counter() - t0
    rows = sum(report.counts.values())
    return {
        "wall_s": round(wall, 3),
        "files": report.files,
        "cache_hits": report.cache_hits,
        "bytes": report.bytes,
        "rows": rows,
        "records": report.records,
        "issues": report.issues,
        "stages_s": {k: round(v, 3) for k, v in report.stages.items()},
        **peak_mb(),
        "patched": report.patched,
        "rewritten": report.rewritten,
        "full_reason": report.full_reason,
    }


def run_floor(db: str, out: str) -> dict:
    """Insert the rows of a built database into a new one with plain executemany and write
    them as CSV: the least any build must spend storing them."""
    from build_data.export import cell
    from build_data.store import create_sql
    from build_data.tables import CATALOGUE

    src = sqlite3.connect(db)
    out_dir = Path(out)
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    dst = sqlite3.connect(out_dir / "floor.db", isolation_level=None)
    dst.execute("PRAGMA journal_mode = OFF")
    dst.execute("PRAGMA synchronous = OFF")
    insert = write = 0.0
    rows_total = 0
    for table in CATALOGUE:
        cols = ", ".join(f"[{c}]" for c in table.column_names)
        rows = src.execute(
            f"SELECT {cols} FROM [{table.name}] ORDER BY {', '.join(table.primary_key)}"
        ).fetchall()
        rows_total += len(rows)
        t0 = time.perf_counter()
        dst.execute("BEGIN")
        dst.execute(create_sql(table))
        dst.executemany(
            f"INSERT INTO [{table.name}] VALUES ({', '.join('?' for _ in table.columns)})", rows
        )
        dst.execute("COMMIT")
        t1 = time.perf_counter()
        with open(out_dir / f"{table.name}.csv", "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(table.column_names)
            w.writerows([cell(v, c) for v, c in zip(r, table.columns, strict=False)] for r in rows)
        write += time.perf_counter() - t1
        insert += t1 - t0
        del rows
    dst.close()
    return {
        "insert_s": round(insert, 3),
        "csv_s": round(write, 3),
        "floor_s": round(insert + write, 3),
        "rows": rows_total,
    }


def run_datasette(db: str, repeat: int, n_journals: int) -> dict:
    import yaml

    from benchmarks.site_pages import goal_ms, site_pages
    from build_data.queries import QUERIES
    from build_data.site_command import datasette_app, inspect

    # The site as `make serve` serves it (build_data/site_command.py): the project's
    # metadata.yml (generated from the catalogue, the same for every corpus), plugins,
    # templates, settings, and the table counts of `datasette inspect` computed once.
    inspect_file = Path(db).with_name("inspect-data.json")
    inspect(Path(db), inspect_file)
    ds = datasette_app(Path(db), root=ROOT, inspect_file=inspect_file)
    meta = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    name = Path(db).stem
    with sqlite3.connect(db) as conn:
        word = "security"
        actor = conn.execute(
            "SELECT actor_id FROM statements WHERE actor_id IS "
            "NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        every_page = site_pages(conn, name, meta["databases"][name].get("tables", {}))
    canned = next(iter(QUERIES))
    pages = {
        "table": f"/{name}/statements",
        "facet": f"/{name}/statements?_facet=actor_id&_facet=kind&_facet=meeting_id",
        # a click on the top value of the actor_id facet
        "facet_value": f"/{name}/statements?actor_id={actor}",
        "search": f"/{name}/statements?_search={word}",
        "canned": f"/{name}/{canned}?actor_id={actor}"
        if canned == "statements_by_actor"
        else f"/{name}/{canned}",
    }

    async def timed(path: str) -> dict:
        first = await ds.client.get(path)
        status = first.status_code
        times, cpu = [], []
        for _ in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            r = await ds.client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            status = max(status, r.status_code)
        times.sort()
        return {
            "path": path,
            "status": status,
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))], 1),
            "cpu_p50_ms": round(statistics.median(cpu), 1),
        }

    async def measure() -> dict:
        await ds.invoke_startup()
        out = {label: await timed(path) for label, path in pages.items()}
        goal = goal_ms(n_journals)
        out["pages"] = {
            label: {**await timed(path), "goal_ms": goal} for label, path in every_page.items()
        }
        facets = (
            await ds.client.get(pages["facet"].replace("/statements?", "/statements.json?"))
        ).json()
        out["facet"]["facets_timed_out"] = facets.get("facets_timed_out", [])
        return out

    return asyncio.run(measure())


def run_make_pdfs(src: str, out: str, k: int) -> dict:
    from tests.fixtures_docs import clean_journal_text, make_journal_pdf

    Path(out).mkdir(parents=True, exist_ok=True)
    journals = sorted(Path(src).glob("journal-*.txt"))[:k]
    for path in journals:
        make_journal_pdf(
            clean_journal_text(path.read_text(encoding="utf-8")), Path(out) / f"{path.stem}.pdf"
        )
    return {"pdfs": len(journals)}


def run_pdfs(folder: str, out: str) -> dict:
    """CPU seconds extracting each PDF of folder, and reading it to rows (extraction
    included), in this one process; then the wall time of a build of the folder from
    scratch, and of the build after a change to osce-data's code (its parser, not its
    extractors: every file is read again, its extracted text taken from the cache)."""
    from benchmarks.renderings import _registry
    from build_data import cache
    from build_data.extract.pdf import extract_pdf
    from build_data.normalize.actors import load_registry
    from build_data.pipeline import build
    from build_data.read import read_source

    registry = _registry(load_registry)
    pdfs = sorted(Path(folder).glob("*.pdf"))
    extract_pdf(pdfs[0])  # imports and first-use compilation are not per page
    pages = 0
    extract_s = read_s = 0.0
    for path in pdfs:
        t0 = time.process_time()
        text = extract_pdf(path)
        t1 = time.process_time()
        read_source(path, registry, ocr=False)
        read_s += time.process_time() - t1
        extract_s += t1 - t0
        pages += max((p for p in text.pages if p), default=0)
    shutil.rmtree(out, ignore_errors=True)
    walls = []
    for changed in (False, True):
        if changed:
            cache._CODE_VERSION = "bench: the code changed"
        t0 = time.perf_counter()
        build([Path(folder)], Path(out) / "osce.db", Path(out) / "datapackage")
        walls.append(time.perf_counter() - t0)
    return {
        "build_s": round(walls[0], 3),
        "build_after_code_change_s": round(walls[1], 3),
        "pdfs": len(pdfs),
        "pages": pages,
        "bytes": sum(p.stat().st_size for p in pdfs),
        "extract_s": round(extract_s, 3),
        "read_s": round(read_s, 3),
        "pages_per_s_extract": round(pages / extract_s, 1),
        "ms_per_page_extract": round(1000 * extract_s / pages, 1),
        "ms_per_page_read": round(1000 * read_s / pages, 1),
    }


def run_diff(old: str, new: str) -> dict:
    from build_data.diff import diff

    t0 = time.perf_counter()
    d = diff(Path(old), Path(new))
    return {
        "wall_s": round(time.perf_counter() - t0, 3),
        "bump": d.bump,
        "tables": {k: [t.added, t.removed, t.changed] for k, t in d.tables.items()},
    }


# ------------------------------------------------------------------ main


def median_of(runs: list[dict], key: str) -> float:
    return round(statistics.median(r[key] for r in runs), 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--n", type=int, default=3000, help="number of synthetic journals (default 3000)"
    )
    ap.add_argument(
        "--jobs", type=int, default=None, help="worker processes (default: one per CPU)"
    )
    ap.add_argument(
        "--repeat", type=int, default=1, help="full builds to run (the median is reported)"
    )
    ap.add_argument(
        "--changed-runs",
        type=int,
        default=3,
        help="rebuilds after a one-journal change (each changes the same journal once more; "
        "the median is reported)",
    )
    ap.add_argument("--requests", type=int, default=20, help="requests per Datasette page")
    ap.add_argument(
        "--pdfs", type=int, default=20, help="generated journals typeset and read as PDFs"
    )
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "latest.json"))
    ap.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child is not None:
        mode, *rest = a.child
        if mode == "build":
            src, out, full, jobs = rest
            result = run_build(src, out, full == "1", int(jobs) or None)
        elif mode == "floor":
            result = run_floor(*rest)
        elif mode == "diff":
            result = run_diff(*rest)
        elif mode == "make-pdfs":
            result = run_make_pdfs(rest[0], rest[1], int(rest[2]))
        elif mode == "pdfs":
            result = run_pdfs(rest[0], rest[1])
        else:
            result = run_datasette(rest[0], int(rest[1]), int(rest[2]))
        print(json.dumps(result))
        return

    src = corpus(a.n)
    work = BASE / f"run-{a.n}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(src, work / "corpus")  # a copy: the incremental step edits one file
    jobs = str(a.jobs or 0)
    out = str(work / "out")

    fulls = []
    for _ in range(a.repeat):
        shutil.rmtree(out, ignore_errors=True)  # from scratch: no database, no cache
        fulls.append(child(["build", str(work / "corpus"), out, "1", jobs]))
        print(f"full build: {fulls[-1]['wall_s']} s", flush=True)
    full = sorted(fulls, key=lambda r: r["wall_s"])[len(fulls) // 2]
    mb = full["bytes"] / 1e6
    st = full["stages_s"]
    parse_cpu = st.get("read", 0) + st.get("parse", 0) + st.get("normalize", 0)
    # What the build adds once the last file is read (a full build stores the sources while
    # the others are read, so the `store` stage runs inside `process`).
    after_reading = full["wall_s"] - st["process"]
    floor = child(["floor", str(Path(out) / "osce.db"), str(work / "floor")])

    unchanged = child(["build", str(work / "corpus"), out, "0", jobs])
    shutil.copy(Path(out) / "osce.db", work / "before.db")
    victim = sorted((work / "corpus").glob("journal-*.txt"))[a.n // 2]
    changes = []
    for _ in range(max(1, a.changed_runs)):  # a patch is mostly I/O: one run is noisy
        text = victim.read_text(encoding="utf-8")
        edited = text.replace("Chairperson", "Chairperson ", 1)
        victim.write_text(edited if edited != text else text + "\n", encoding="utf-8")
        changes.append(child(["build", str(work / "corpus"), out, "0", jobs]))
    changed = sorted(changes, key=lambda r: r["wall_s"])[len(changes) // 2]
    ds = child(["datasette", str(Path(out) / "osce.db"), str(a.requests), str(a.n)])
    site = ds.pop("pages")
    diffed = child(["diff", str(work / "before.db"), str(Path(out) / "osce.db")])
    pdfs = (
        child(["pdfs", str(pdf_corpus(src, a.n, a.pdfs)), str(work / "pdf-out")])
        if a.pdfs
        else None
    )

    results = {
        "n": a.n,
        "jobs": a.jobs or os.cpu_count(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "corpus_mb": round(mb, 1),
        "full_builds_wall_s": [r["wall_s"] for r in fulls],
        "full": full,
        "throughput": {
            "mb_per_s_end_to_end": round(mb / full["wall_s"], 2),
            "mb_per_s_read_parse_normalize_wall": round(mb / st["process"], 2),
            "mb_per_s_read_parse_normalize_per_core": round(mb / parse_cpu, 2)
            if parse_cpu
            else None,
            "mb_per_s_parse_per_core": round(mb / st["parse"], 2) if st.get("parse") else None,
            "rows_per_s_end_to_end": round(full["rows"] / full["wall_s"]),
            "rows_per_s_storage": round(full["rows"] / st["store"]) if st.get("store") else None,
        },
        "floor": floor,
        "ratios": {
            "build_over_floor": round(full["wall_s"] / floor["floor_s"], 2),
            "after_reading_over_floor": round(after_reading / floor["floor_s"], 2),
            "incremental_unchanged_over_full": round(unchanged["wall_s"] / full["wall_s"], 3),
            "incremental_one_changed_over_full": round(changed["wall_s"] / full["wall_s"], 3),
            "diff_over_full": round(diffed["wall_s"] / full["wall_s"], 3),
        },
        "incremental_unchanged": unchanged,
        "incremental_one_changed": changed,
        "incremental_one_changed_runs_s": [r["wall_s"] for r in changes],
        "datasette": ds,
        "pages": site,
        "diff_one_changed": diffed,
        "pdfs": pdfs,
    }
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(results, indent=2) + "\n")
    print(report(results))
    print(f"\nwritten to {a.out}")


def report(r: dict) -> str:
    f, st, t, fl, ra = r["full"], r["full"]["stages_s"], r["throughput"], r["floor"], r["ratios"]
    changed = r["incremental_one_changed"]
    how_rebuilt = (
        f"patched, {changed['rewritten']} source(s) rewritten"
        if changed["patched"]
        else f"written again: {changed['full_reason']}"
    )
    lines = [
        f"osce-data build of {r['n']} synthetic journals ({r['corpus_mb']} MB), {r['jobs']} "
        f"worker(s) on {r['cpus']} CPU(s)",
        f"  full build        {f['wall_s']:8.2f} s wall   (runs: {r['full_builds_wall_s']})",
        "  stages            "
        + ", ".join(f"{k} {v:.2f}" for k, v in st.items())
        + "  (read/parse/normalize/pack: CPU s summed over workers)",
        f"  throughput        {t['mb_per_s_end_to_end']} MB/s end to end; read+parse+normalize "
        f"{t['mb_per_s_read_parse_normalize_wall']} MB/s wall, "
        f"{t['mb_per_s_read_parse_normalize_per_core']} MB/s per core; parse alone "
        f"{t['mb_per_s_parse_per_core']} MB/s per core",
        f"  rows              {f['rows']:,} rows; {t['rows_per_s_end_to_end']:,} rows/s end to "
        f"end, {t['rows_per_s_storage']:,} rows/s storing",
        f"  peak memory       {f['peak_mb']} MB (main "
        f"{f['peak_main_mb']}, largest worker {f['peak_worker_mb']})",
        f"  storage floor     {fl['floor_s']:.2f} s (executemany {fl['insert_s']:.2f} + CSV "
        f"{fl['csv_s']:.2f}); build/floor {ra['build_over_floor']}, after the last file "
        f"read/floor {ra['after_reading_over_floor']}",
        f"  incremental       unchanged {r['incremental_unchanged']['wall_s']:.2f} s "
        f"({ra['incremental_unchanged_over_full']:.1%} of full), one journal changed "
        f"{r['incremental_one_changed']['wall_s']:.2f} s "
        f"({ra['incremental_one_changed_over_full']:.1%} of full; "
        f"{how_rebuilt}; runs: {r['incremental_one_changed_runs_s']})",
        f"  diff              {r['diff_one_changed']['wall_s']:.2f} s between the "
        "databases before and after the one-journal change "
        f"({ra['diff_over_full']:.1%} of full; bump {r['diff_one_changed']['bump']}; "
        f"rows changed in {len(r['diff_one_changed']['tables'])} table(s))",
        *(
            [
                f"  PDF reading       {r['pdfs']['pdfs']} generated journals as PDFs "
                f"({r['pdfs']['pages']} pages): extraction {r['pdfs']['pages_per_s_extract']} "
                f"pages/s per core ({r['pdfs']['ms_per_page_extract']} ms a page), read to rows "
                f"{r['pdfs']['ms_per_page_read']} ms a page; built from scratch in "
                f"{r['pdfs']['build_s']:.2f} s, after a change to the code in "
                f"{r['pdfs']['build_after_code_change_s']:.2f} s (their text kept)"
            ]
            if r.get("pdfs")
            else []
        ),
        "  datasette         "
        + "; ".join(
            f"{k} p50 {v['p50_ms']} ms p95 {v['p95_ms']} ms (HTTP {v['status']})"
            for k, v in r["datasette"].items()
        ),
    ]
    if r["datasette"]["facet"].get("facets_timed_out"):
        lines.append(
            "  facets timed out (facet_time_limit_ms 400): "
            f"{r['datasette']['facet']['facets_timed_out']}"
        )
    return "\n".join(lines + pages_report(r["pages"]))


def pages_report(pages: dict) -> list[str]:
    """One line per site page: p50, p95 and the p95 goal; then how many pages meet it."""
    met = [k for k, v in pages.items() if v["p95_ms"] <= v["goal_ms"] and v["status"] == 200]
    width = max(len(k) for k in pages)
    lines = [
        "  site pages        p50 / p95 ms against the p95 goal (every table page with its default "
        "facets, a click on each facet's top value, each search); cpu: median CPU ms per request, "
        "all threads (what the page costs when the machine is busy)"
    ]
    for label, v in pages.items():
        mark = "ok" if label in met else "OVER" if v["status"] == 200 else f"HTTP {v['status']}"
        lines.append(
            f"    {label:<{width}}  {v['p50_ms']:7.1f} / {v['p95_ms']:7.1f}  (goal "
            f"{v['goal_ms']}) {mark:4}  cpu {v['cpu_p50_ms']:6.1f}"
        )
    lines.append(f"    {len(met)} of {len(pages)} pages within their p95 goal")
    return lines


if __name__ == "__main__":
    main()
