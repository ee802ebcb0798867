#!/usr/bin/env python3
"""Load test of the Datasette site: many concurrent clients against the site served as
`make serve` serves it, with one worker process or several.

    python benchmarks/loadtest.py [--db osce.db] [--workers 1,2,4] [--clients 32]
                                  [--requests 3000] [--seconds 60] [--fresh-connections]

Builds the database from sources/ when --db is missing; then, for each worker count of
--workers, starts the site through build_data/site_command.py (the options, plugins,
templates, static folders, settings and server of `make serve`) on a free loopback port
(127.0.0.1 only) and runs --clients concurrent clients (asyncio + httpx) until
--requests requests were made or --seconds passed. The mix: table pages, facets,
full-text searches, row pages, JSON and CSV downloads, arbitrary SQL, and an expensive
query (a cross join) that must be cut off by sql_time_limit_ms; its clean error answer
(400, "interrupted") is counted as expected. Prints requests, errors and p50/p95/p99
latency per kind for each worker count, then one line per worker count for the ordinary
pages (every kind but the expensive query) together; stops each server; exits 1 when
any run had errors or when, with the most workers, the ordinary pages' p99 exceeded 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import secrets
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

import httpx
from datasette.utils import tilde_encode

from build_data.site_command import free_port, server

ROOT = Path(__file__).resolve().parent.parent
EXPENSIVE = "select count(*) from statements a, statements b, statements c"
SEARCH_WORDS = [
    "trafficking",
    "security",
    "decision",
    "ukraine",
    "statement",
    "budget",
    "ministerial",
    "human",
    "delegation",
    "agenda",
]


def ensure_db(db: Path) -> None:
    if db.exists():
        return
    print(f"loadtest: {db} is missing; building it from sources/", file=sys.stderr)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build_data",
            "build",
            "--db",
            str(db),
            "--no-package",
            "--metadata",
            str(db.with_name("metadata.yml")),
            "-q",
        ],
        cwd=ROOT,
        check=True,
    )


def sample_ids(db: Path) -> dict[str, list[str]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        pick = lambda sql: [r[0] for r in conn.execute(sql)]  # noqa: E731
        return {
            "meetings": pick("select id from meetings order by random() limit 200"),
            "action_items": pick("select id from action_items order by random() limit 200"),
            "statements": pick("select id from statements order by random() limit 200"),
            "decisions": pick("select id from decisions order by random() limit 200"),
        }


def requests_mix(ids: dict[str, list[str]], rng: random.Random) -> tuple[str, str]:
    """(kind, path) of one request."""
    kind = rng.choices(
        ["table", "facet", "search", "row", "json", "csv", "sql", "expensive"],
        weights=[20, 15, 15, 20, 15, 6, 6, 3],
    )[0]
    table = rng.choice(
        [
            "meetings",
            "statements",
            "agenda_items",
            "decisions",
            "action_items",
            "actors",
            "documents",
            "parse_issues",
            "sources",
        ]
    )
    if kind == "table":
        return kind, f"/osce/{table}?_size={rng.choice([20, 50, 100])}"
    if kind == "facet":
        return kind, rng.choice(
            [
                "/osce/statements?_facet=kind&_facet=actor_id",
                "/osce/action_items?_facet=level",
                "/osce/meetings?_facet=body&_facet=year" if False else "/osce/meetings?_facet=body",
                "/osce/parse_issues?_facet=code&_facet=level",
                "/osce/sources?_facet=doc_kind&_facet=format",
            ]
        )
    if kind == "search":
        t = rng.choice(["statements", "decisions", "action_items"])
        return kind, f"/osce/{t}?_search={rng.choice(SEARCH_WORDS)}"
    if kind == "row":
        t = rng.choice([k for k, v in ids.items() if v])
        return kind, f"/osce/{t}/{tilde_encode(rng.choice(ids[t]))}"
    if kind == "json":
        return kind, f"/osce/{table}.json?_size=100&_shape=objects"
    if kind == "csv":
        return kind, f"/osce/{table}.csv?_size=max"
    if kind == "sql":
        return kind, "/osce.json?" + urlencode(
            {"sql": "select body, count(*) as n from meetings group by body order by n desc"}
        )
    return kind, "/osce.json?" + urlencode({"sql": EXPENSIVE})


async def client(
    http: httpx.AsyncClient, ids, rng, budget, deadline, results, no_expensive=False
) -> None:
    while budget[0] > 0 and time.monotonic() < deadline:
        kind, path = requests_mix(ids, rng)
        if no_expensive and kind == "expensive":
            continue
        budget[0] -= 1
        t0 = time.perf_counter()
        try:
            r = await http.get(path)
            elapsed = time.perf_counter() - t0
            if kind == "expensive":
                ok = r.status_code == 400 and "interrupted" in r.text.lower()
                outcome = (
                    "expected-timeout"
                    if ok
                    else ("ok" if r.status_code == 200 else f"error {r.status_code}")
                )
            else:
                outcome = "ok" if r.status_code == 200 else f"error {r.status_code} {path}"
        except httpx.HTTPError as err:
            elapsed, outcome = time.perf_counter() - t0, f"error {type(err).__name__} {path}"
        results[kind].append((elapsed, outcome))


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


async def run_load(
    base: str,
    ids,
    clients: int,
    total: int,
    seconds: float,
    seed: int,
    no_expensive: bool = False,
    fresh_connections: bool = False,
) -> dict[str, list]:
    """The clients' requests by kind. Each client keeps its connection open, unless
    `fresh_connections`: then every request opens one (as nginx does towards the site by
    default), and the accepting worker is whichever is free rather than the one that
    accepted the client's first connection."""
    results: dict[str, list] = defaultdict(list)
    budget = [total]
    deadline = time.monotonic() + seconds
    keep = 0 if fresh_connections else clients
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=keep)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        await asyncio.gather(
            *(
                client(http, ids, random.Random(seed + k), budget, deadline, results, no_expensive)
                for k in range(clients)
            )
        )
    return results


def wait_ready(base: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            raise SystemExit(
                f"loadtest: the site's server exited with status {proc.returncode} before serving"
            )
        try:
            if httpx.get(base + "/-/versions.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("loadtest: the site did not answer within 60 s")


ORDINARY = ["table", "facet", "search", "row", "json", "csv", "sql"]
KINDS = [*ORDINARY, "expensive"]


def worker_counts(text: str) -> list[int]:
    try:
        counts = [int(part) for part in text.split(",")]
    except ValueError:
        counts = []
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"not a list of worker counts such as 1,2,4: {text!r}")
    return counts


def serve_and_load(db: Path, ids, workers: int, args) -> tuple[dict[str, list], float]:
    """Start the site with `workers` workers, run the clients, stop it: (results, wall s)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    extra = [opt for name, value in args.setting for opt in ("--setting", name, value)]
    command, environment = server(
        db,
        host="127.0.0.1",
        port=port,
        workers=workers,
        secret=secrets.token_hex(32),
        root=ROOT,
        extra_options=extra,
    )
    proc = subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT
    )
    try:
        wait_ready(base, proc)
        t0 = time.perf_counter()
        results = asyncio.run(
            run_load(
                base,
                ids,
                args.clients,
                args.requests,
                args.seconds,
                args.seed,
                args.no_expensive,
                args.fresh_connections,
            )
        )
        return results, time.perf_counter() - t0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def figures_of(rows: list) -> dict:
    times = sorted(t for t, _ in rows)
    p50, p95, p99 = (pct(times, p) * 1000 for p in (50, 95, 99))
    return {
        "requests": len(rows),
        "errors": sum(1 for _, o in rows if o.startswith("error")),
        "expected_timeouts": sum(1 for _, o in rows if o == "expected-timeout"),
        "p50_ms": round(p50, 1),
        "p95_ms": round(p95, 1),
        "p99_ms": round(p99, 1),
        "max_ms": round(max(times, default=0) * 1000, 1),
    }


def print_kinds(results: dict[str, list]) -> dict:
    print(
        f"{'kind':<10}{'requests':>9}{'errors':>8}{'expected':>9}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
    )
    figures = {}
    for kind in KINDS:
        rows = results.get(kind, [])
        f = figures[kind] = figures_of(rows)
        print(
            f"{kind:<10}{f['requests']:>9}{f['errors']:>8}{f['expected_timeouts']:>9}"
            f"{f['p50_ms']:>9.0f}{f['p95_ms']:>9.0f}{f['p99_ms']:>9.0f}{f['max_ms']:>9.0f}"
        )
        for e in sorted({o for _, o in rows if o.startswith("error")})[:5]:
            print(f"    {e}")
    figures["ordinary"] = figures_of([r for kind in ORDINARY for r in results.get(kind, [])])
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, default=ROOT / "osce.db")
    ap.add_argument(
        "--workers",
        type=worker_counts,
        default=[1],
        help="worker counts to compare, e.g. 1,2,4 (one run each; default 1)",
    )
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    ap.add_argument(
        "--setting",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="extra Datasette setting (to try tuning)",
    )
    ap.add_argument("--no-expensive", action="store_true", help="leave out the expensive query")
    ap.add_argument(
        "--fresh-connections",
        action="store_true",
        help="a new connection per request (as behind nginx) instead of one kept per client",
    )
    args = ap.parse_args(argv)
    db = args.db.resolve()
    ensure_db(db)
    ids = sample_ids(db)
    runs = {}
    for workers in args.workers:
        results, wall = serve_and_load(db, ids, workers, args)
        n = sum(len(v) for v in results.values())
        print(
            f"loadtest: {db.name} ({db.stat().st_size / 1e6:.1f} MB), {workers} worker(s), "
            f"{args.clients} clients, {n} requests in {wall:.1f} s ({n / wall:.0f} req/s)"
        )
        runs[workers] = {"requests": n, "seconds": round(wall, 1), "kinds": print_kinds(results)}
        print()
    print(f"ordinary pages ({', '.join(ORDINARY)}) together, {args.clients} clients:")
    print(
        f"{'workers':>7}{'requests':>9}{'req/s':>7}{'errors':>8}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'cut off':>9}"
    )
    for workers, run in runs.items():
        o, cut = run["kinds"]["ordinary"], run["kinds"]["expensive"]["expected_timeouts"]
        errors = sum(run["kinds"][k]["errors"] for k in KINDS)
        print(
            f"{workers:>7}{run['requests']:>9}{run['requests'] / run['seconds']:>7.0f}{errors:>8}"
            f"{o['p50_ms']:>9.0f}{o['p95_ms']:>9.0f}{o['p99_ms']:>9.0f}{cut:>9}"
        )
    if args.json:
        args.json.write_text(json.dumps(runs, indent=2) + "\n")
    errors = sum(run["kinds"][k]["errors"] for run in runs.values() for k in KINDS)
    p99 = runs[max(runs)]["kinds"]["ordinary"]["p99_ms"]
    failed = errors > 0 or p99 > 1000
    print(
        f"loadtest: {'FAILED' if failed else 'ok'}: {errors} error(s); with {max(runs)} "
        f"worker(s) the ordinary pages' p99 is {p99:.0f} ms (goal: no errors, p99 within 1 s)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
