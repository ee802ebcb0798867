"""The served site stays responsive under hostile requests (issue 13, point 7), against a
real `datasette serve` started as `make serve` starts it (plugins/length_limit.py,
plugins/plain_errors.py):

- a query making a huge value (`randomblob(1000000000)`) fails at once with SQLite's
  "string or blob too big" instead of allocating a gigabyte that the time limit cannot
  interrupt;
- an error answer (a refused `drop table`, a bad `_where`, an unknown table) costs no more
  than an ordinary page, and the server prints no `rich` traceback for it.

Times are compared with an ordinary page served by the same server in the same run (a
ratio), never with a fixed number of seconds.
"""

from __future__ import annotations

import json
import statistics
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest
from site_server import Server

pytestmark = pytest.mark.slow

ORDINARY = "/osce/meetings"
ERRORS = [
    "/osce?" + urlencode({"sql": "drop table sources"}),
    "/osce/statements?" + urlencode({"_where": "nonsense("}),
    "/osce/no_such_table",
    "/osce.json?" + urlencode({"sql": "select * from nowhere"}),
]


def get(url: str) -> tuple[int, str, float]:
    """(status, body, seconds) of one GET."""
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            status, body = r.status, r.read().decode()
    except urllib.error.HTTPError as err:
        status, body = err.code, err.read().decode()
    return status, body, time.perf_counter() - t0


@pytest.fixture(scope="module")
def server(bundled, tmp_path_factory):
    db = tmp_path_factory.mktemp("limits") / "osce.db"
    db.write_bytes(bundled.db.read_bytes())
    s = Server(db, db.with_name("datasette.log"))
    get(s.url + ORDINARY)  # warm up
    yield s
    s.stop()


def ordinary_median(server: Server, n: int = 15) -> float:
    times = []
    for _ in range(n):
        status, _, t = get(server.url + ORDINARY)
        assert status == 200
        times.append(t)
    return statistics.median(times)


def test_a_huge_value_fails_at_once(server):
    """`select randomblob(1000000000)` answers 400 with SQLite's 'string or blob too big'
    in less than five times an ordinary page's median (without the limit it runs for
    tens of seconds and allocates a gigabyte); values of a megabyte still work."""
    sql = server.url + "/osce.json?"
    status, body, seconds = get(
        sql + urlencode({"sql": "select length(randomblob(1000000000)) as n"})
    )
    assert (status, json.loads(body)["error"]) == (400, "string or blob too big")
    assert seconds < 5 * ordinary_median(server)
    status, body, _ = get(
        sql + urlencode({"sql": "select length(randomblob(1000000)) as n", "_shape": "array"})
    )
    assert (status, json.loads(body)) == (200, [{"n": 1000000}])


def test_error_answers_cost_no_more_than_a_page(server):
    """Forty error answers (4xx) interleaved with forty ordinary page views: the median
    error answer takes at most as long as twice the median page (with Datasette's rich
    traceback printing it was 30 to 400 times longer), and the server's output holds no
    traceback."""
    pages, errors = [], []
    for k in range(40):
        status, _, t = get(server.url + ORDINARY)
        assert status == 200
        pages.append(t)
        status, body, t = get(server.url + ERRORS[k % len(ERRORS)])
        assert 400 <= status < 500, (ERRORS[k % len(ERRORS)], status, body[:200])
        errors.append(t)
    assert statistics.median(errors) <= 2 * statistics.median(pages), (
        statistics.median(errors),
        statistics.median(pages),
    )
    log = server.log_path.read_text()
    assert "Traceback" not in log and "locals" not in log, log[-2000:]
