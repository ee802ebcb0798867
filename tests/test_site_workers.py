"""The site with several worker processes, started by the command `make serve` runs
(`osce-data serve --workers 2`, build_data/site_command.py): the server keeps the process
id it was started with (the one make serve records in .serve.pid); each worker answers on
its own (the other one frozen with SIGSTOP); every worker accepts a cookie signed with the
site's secret, kept in the secret file made on the first start, and refuses one signed
with another secret; pages carry the cache headers of the immutable database, error
answers and answers to a request with a cookie do not."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT
from site_server import wait_until_served

from build_data.site_command import SETTINGS, free_port

pytestmark = pytest.mark.slow

TTL = f"max-age={SETTINGS['default_cache_ttl']}"


def get(url: str, cookie: str | None = None) -> tuple[int, str | None, str]:
    """(status, Cache-Control, body) of one GET on a new connection."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers.get("Cache-Control"), r.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Cache-Control"), err.read().decode()


def children(pid: int) -> list[int]:
    """The process ids whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def actor_cookie(secret: str, actor_id: str) -> str:
    """A `ds_actor` cookie signed with `secret`, by Datasette's own signing code."""
    from datasette.app import Datasette

    return "ds_actor=" + Datasette(secret=secret).sign({"a": {"id": actor_id}}, "actor")


@pytest.fixture(scope="module")
def site(bundled, tmp_path_factory):
    folder = tmp_path_factory.mktemp("workers")
    db, secret_file, log = folder / "osce.db", folder / "secret", folder / "server.log"
    db.write_bytes(bundled.db.read_bytes())
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "build_data", "serve", "--db", str(db), "--port", str(port)]
    command += ["--workers", "2", "--secret-file", str(secret_file)]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)

    def stop():
        process.terminate()
        process.wait(20)

    wait_until_served(url, process, log, stop)
    for _ in range(100):  # the second worker may still be forking
        if len(children(process.pid)) == 2:
            break
        get(url + "/-/versions.json")
    yield url, process, secret_file
    stop()


def test_the_server_keeps_its_process_id_and_runs_two_workers(site):
    """`osce-data serve` becomes the server (the pid make serve records stops it all), and
    that process has two worker processes."""
    _, process, _ = site
    args = Path(f"/proc/{process.pid}/cmdline").read_bytes().split(b"\0")
    assert b"gunicorn" in args and b"build_data.site_command:worker_app()" in args
    assert len(children(process.pid)) == 2


def test_each_worker_serves_and_accepts_the_sites_signature(site):
    """With one worker frozen, the other answers the pages, with the cache header; a
    cookie signed with the site's secret is read as the same actor by both workers, one
    signed with another secret by neither."""
    url, process, secret_file = site
    secret = secret_file.read_text().strip()
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600 and len(secret) == 64
    workers = children(process.pid)
    seen = {}
    for serving in workers:
        frozen = [w for w in workers if w != serving]
        for w in frozen:
            os.kill(w, signal.SIGSTOP)
        try:
            seen[serving] = (
                get(url + "/osce/meetings")[:2],
                json.loads(get(url + "/-/actor.json", actor_cookie(secret, "researcher"))[2]),
                json.loads(get(url + "/-/actor.json", actor_cookie("x" * 64, "intruder"))[2]),
            )
        finally:
            for w in frozen:
                os.kill(w, signal.SIGCONT)
    expected = ((200, TTL), {"actor": {"id": "researcher"}}, {"actor": None})
    assert seen == dict.fromkeys(workers, expected)


def test_cache_headers(site):
    """Every successful page, static file and plugin page may be cached for
    default_cache_ttl; an error answer may not, nor an answer to a request with a cookie
    (Datasette marks its pages private then; plugins/cache_headers.py adds no header)."""
    url, _, _ = site
    pages = [
        "/",
        "/osce",
        "/osce/meetings",
        "/osce/meetings/pc-976",
        "/osce/statements.json?_search=security",
        "/osce/source_text.csv?source_id=x&line_start=1&line_end=2",
        "/datapackage/datapackage.json",
        "/-/dashboards/overview",
    ]
    assert {p: get(url + p)[:2] for p in pages} == dict.fromkeys(pages, (200, TTL))
    assert get(url + "/osce/no_such_table")[:2] == (404, None)
    with_cookie = {p: get(url + p, cookie="theme=dark")[:2] for p in ("/", pages[-2])}
    assert with_cookie == {"/": (200, "private, no-store"), pages[-2]: (200, None)}
