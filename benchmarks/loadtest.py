#!/usr/bin/env python3
"""Load test of the Datasette site: many concurrent clients against `datasette serve -i`.

    python benchmarks/loadtest.py [--db osce.db] [--clients 32] [--requests 3000] [--seconds 60]

Builds the database from sources/ when --db is missing, starts Datasette on a free
loopback port (127.0.0.1 only) with the settings of `make serve`, then runs --clients
concurrent clients (asyncio + httpx) until --requests requests were made or --seconds
passed. The mix: table pages, facets, full-text searches, row pages, JSON and CSV
downloads, arbitrary SQL, and an expensive query (a cross join) that must be cut off by
sql_time_limit_ms; its clean error answer (400, "interrupted") is counted as expected.
Prints requests, errors and p50/p95/p99 latency per kind, stops the server, and exits 1
when there were errors or an ordinary page's p99 exceeded 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
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

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = [
    "--setting",
    "sql_time_limit_ms",
    "2000",
    "--setting",
    "max_returned_rows",
    "1000",
    "--setting",
    "facet_time_limit_ms",
    "400",
    "--setting",
    "suggest_facets",
    "off",
]
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    base: str, ids, clients: int, total: int, seconds: float, seed: int, no_expensive: bool = False
) -> dict[str, list]:
    results: dict[str, list] = defaultdict(list)
    budget = [total]
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
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
                f"loadtest: datasette exited with status {proc.returncode} before serving"
            )
        try:
            if httpx.get(base + "/-/versions.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("loadtest: datasette did not answer within 60 s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, default=ROOT / "osce.db")
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
    args = ap.parse_args(argv)
    db = args.db.resolve()
    ensure_db(db)
    ids = sample_ids(db)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        "-i",
        str(db),
        "-m",
        str(ROOT / "metadata.yml"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--plugins-dir",
        str(ROOT / "plugins"),
        *SETTINGS,
    ]
    for name, value in args.setting:
        cmd += ["--setting", name, value]
    inspect = db.with_name(db.stem + "-inspect.json")
    subprocess.run(
        [sys.executable, "-m", "datasette", "inspect", str(db), "--inspect-file", str(inspect)],
        check=True,
        cwd=ROOT,
    )
    cmd[4:4] = ["--inspect-file", str(inspect)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        wait_ready(base, proc)
        t0 = time.perf_counter()
        results = asyncio.run(
            run_load(
                base, ids, args.clients, args.requests, args.seconds, args.seed, args.no_expensive
            )
        )
        wall = time.perf_counter() - t0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    n = sum(len(v) for v in results.values())
    print(
        f"loadtest: {db.name} ({db.stat().st_size / 1e6:.1f} MB), {args.clients} clients, {n} requests in {wall:.1f} s ({n / wall:.0f} req/s)"
    )
    print(
        f"{'kind':<10}{'requests':>9}{'errors':>8}{'expected':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
    )
    figures, failed = {}, False
    for kind in ["table", "facet", "search", "row", "json", "csv", "sql", "expensive"]:
        rows = results.get(kind, [])
        times = sorted(t for t, _ in rows)
        errors = [o for _, o in rows if o.startswith("error")]
        expected = sum(1 for _, o in rows if o == "expected-timeout")
        p50, p95, p99 = (pct(times, p) * 1000 for p in (50, 95, 99))
        mx = max(times, default=0) * 1000
        figures[kind] = {
            "requests": len(rows),
            "errors": len(errors),
            "expected_timeouts": expected,
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "p99_ms": round(p99, 1),
            "max_ms": round(mx, 1),
        }
        print(
            f"{kind:<10}{len(rows):>9}{len(errors):>8}{expected:>9}{p50:>9.0f}{p95:>9.0f}{p99:>9.0f}{mx:>9.0f}"
        )
        for e in sorted(set(errors))[:5]:
            print(f"    {e}")
        failed |= bool(errors) or (kind != "expensive" and p99 > 1000)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    print(
        "loadtest: "
        + (
            "FAILED: errors, or an ordinary page's p99 over 1 s"
            if failed
            else "ok: no errors, ordinary pages' p99 within 1 s"
        )
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
