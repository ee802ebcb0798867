"""Arbitrary SQL on the published site cannot change anything.

Datasette is started as `make serve` starts it: the database immutable (`-i`), with the
site's settings and its plugins folder (build_data/site_command.py; plugins/sql_guard.py), no
`--load-extension`. Writes, ATTACH, load_extension and pragmas
that change state answer with a clean error (status 400, Datasette's error page or JSON
error), and the database file is byte-for-byte unchanged afterwards.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
from urllib.parse import urlencode

import pytest
from conftest import ROOT

from build_data.site_command import datasette_app

HOSTILE = [
    "insert into meetings (id) values ('x')",
    "update meetings set body = 'XX'",
    "delete from action_items",
    "drop table meetings",
    "create table evil (x)",
    "alter table meetings add column evil",
    "replace into sources (id) values ('x')",
    "attach database '/tmp/evil.db' as evil",
    "attach database ':memory:' as evil",
    "detach database osce",
    "select load_extension('/tmp/evil.so')",
    "select load_extension('mod_spatialite')",
    "pragma writable_schema = 1",
    "pragma journal_mode = delete",
    "vacuum",
    "vacuum into '/tmp/copy.db'",
    "reindex",
    "analyze",
    "begin; delete from meetings; commit",
    "select 1; delete from meetings",
    "with x as (select 1) delete from meetings",
    "select * from meetings; drop table meetings",
    "insert into action_items_fts(action_items_fts) values('delete-all')",
    "select writefile('/tmp/evil.txt', 'x')",
    "select fts3_tokenizer('simple', x'0000000000000000')",  # refused by plugins/sql_guard.py
    "select fts3_tokenizer('simple')",  # would leak a memory address
]


@pytest.fixture(scope="module")
def site(bundled, tmp_path_factory):
    db = tmp_path_factory.mktemp("site") / "osce.db"
    shutil.copy(bundled.db, db)
    return db


def _run(db, paths):
    async def go():
        ds = datasette_app(db, root=ROOT)
        await ds.invoke_startup()
        out = []
        for p in paths:
            r = await ds.client.get(p)
            out.append((r.status_code, r.headers.get("content-type", ""), r.text))
        return out

    return asyncio.run(go())


@pytest.mark.parametrize("sql", HOSTILE)
def test_hostile_sql_is_refused_cleanly(sql, site):
    """Each statement answers 400 with an error message (JSON and HTML), never 500 or 200
    with an effect; the database file does not change."""
    before = hashlib.sha256(site.read_bytes()).hexdigest()
    q = urlencode({"sql": sql})
    (js, jtype, jtext), (hs, htype, htext) = _run(
        site, [f"/osce.json?{q}&_shape=objects", f"/osce?{q}"]
    )
    assert js == 400, (sql, js, jtext[:300])
    assert "application/json" in jtype and '"ok": false' in jtext.replace(
        '"ok":false', '"ok": false'
    )
    assert hs == 400 and "text/html" in htype and "Traceback" not in htext
    assert hashlib.sha256(site.read_bytes()).hexdigest() == before
    [(status, _, body)] = _run(site, ["/osce/meetings.json?_shape=array"])
    assert status == 200 and '"pc-976"' in body


def test_reading_still_works(site):
    """Ordinary select queries, including CTEs, answer 200."""
    q = urlencode({"sql": "with m as (select * from meetings) select count(*) as n from m"})
    [(status, _, body)] = _run(site, [f"/osce.json?{q}&_shape=array"])
    assert status == 200 and '"n": 1' in body.replace('"n":1', '"n": 1')


def test_slow_query_is_cut_off(site):
    """A cross join that would run for minutes is stopped by sql_time_limit_ms with a clean
    error (Datasette's 'interrupted' page), not a hung server."""
    sql = (
        "select count(*) from action_items a, action_items "
        "b, action_items c, action_items d, action_items e"
    )
    [(status, _, body)] = _run(site, [f"/osce.json?{urlencode({'sql': sql})}"])
    assert status == 400 and "interrupted" in body.lower()


def test_site_opens_the_database_immutable_with_the_time_limit(site):
    """The site as `make serve` defines it (build_data/site_command.py) opens the database
    immutable, so no write can reach the file, and cuts queries off after 2 s."""
    [(_, _, databases), (_, _, settings)] = _run(site, ["/-/databases.json", "/-/settings.json"])
    assert [(d["name"], d["is_mutable"]) for d in json.loads(databases)] == [("osce", False)]
    assert json.loads(settings)["sql_time_limit_ms"] == 2000
