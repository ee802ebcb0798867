"""The published outputs: generated from the catalogue, committed copies up to date,
valid under the real frictionless validator, deterministic, served by the real Datasette."""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3

import pytest
import yaml
from conftest import BUNDLED, ROOT

from build_data.errors import ValidationError
from build_data.pipeline import build
from build_data.publish import metadata_yaml
from build_data.tables import CATALOGUE
from build_data.validate import validate_package


def test_committed_package_is_up_to_date(bundled):
    """The committed datapackage/ is byte-identical to what a build of sources/ writes."""
    committed = sorted(p.name for p in (ROOT / "datapackage").iterdir())
    generated = sorted(p.name for p in bundled.package.iterdir())
    assert committed == generated
    for name in generated:
        assert (ROOT / "datapackage" / name).read_bytes() == (
            bundled.package / name
        ).read_bytes(), f"datapackage/{name} is stale: run `make build` and commit"


def test_committed_metadata_is_up_to_date(bundled):
    """The committed metadata.yml is what the catalogue generates."""
    assert (ROOT / "metadata.yml").read_text(encoding="utf-8") == metadata_yaml()
    assert bundled.metadata.read_text(encoding="utf-8") == metadata_yaml()


def test_schema_follows_catalogue(bundled):
    """SQLite tables, datapackage resources and metadata tables all have the catalogue's
    columns, primary keys and foreign keys."""
    descriptor = json.loads((bundled.package / "datapackage.json").read_text())
    meta = yaml.safe_load(bundled.metadata.read_text())["databases"]["osce"]["tables"]
    resources = {r["name"]: r for r in descriptor["resources"]}
    with sqlite3.connect(bundled.db) as conn:
        for table in CATALOGUE:
            info = conn.execute(f"pragma table_info([{table.name}])").fetchall()
            assert tuple(r[1] for r in info) == table.column_names
            assert (
                tuple(r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]) == table.primary_key
            )
            fks = {
                (r[3], r[2], r[4]) for r in conn.execute(f"pragma foreign_key_list([{table.name}])")
            }
            assert fks == set(table.foreign_keys)
            schema = resources[table.name]["schema"]
            assert tuple(f["name"] for f in schema["fields"]) == table.column_names
            assert tuple(schema["primaryKey"]) == table.primary_key
            assert len(schema.get("foreignKeys", [])) == len(table.foreign_keys)
            assert set(meta[table.name]["columns"]) == set(table.column_names)
        assert conn.execute("pragma foreign_key_check").fetchall() == []
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)


def test_full_text_search_tables(bundled):
    """FTS5 indexes action items, decisions and statements."""
    assert bundled.rows(
        "select count(*) from action_items_fts where action_items_fts match 'transplant'"
    ) == [(2,)]
    assert bundled.rows("select rowid from decisions_fts where decisions_fts match 'Helsinki'") == [
        (2,)
    ]
    assert bundled.rows(
        "select count(*) from statements_fts where statements_fts match 'tissue'"
    ) == [(1,)]


def test_package_is_valid(bundled):
    """frictionless validates the package: types, required fields, keys, foreign keys."""
    assert validate_package(bundled.package) == len(CATALOGUE)


def test_validator_rejects_broken_package(bundled, tmp_path):
    """A package whose CSV breaks a foreign key is reported invalid (the check can fail)."""
    broken = tmp_path / "pkg"
    shutil.copytree(bundled.package, broken)
    csv = broken / "agenda_items.csv"
    csv.write_text(csv.read_text().replace("pc-976/1,pc-976,", "pc-976/1,pc-999,", 1))
    with pytest.raises(ValidationError, match="foreign"):
        validate_package(broken)


def test_builds_are_deterministic(tmp_path):
    """Two builds of the same inputs, listed in different orders, give byte-identical
    packages and identical SQL dumps."""
    extra = tmp_path / "in" / "copy of journal.txt"
    extra.parent.mkdir()
    extra.write_text("not a journal at all\n")
    inputs = [BUNDLED, extra]
    outs = []
    for n, order in enumerate([inputs, inputs[::-1]]):
        out = tmp_path / f"out{n}"
        build(order, out / "osce.db", out / "pkg")
        with sqlite3.connect(out / "osce.db") as conn:
            dump = "\n".join(conn.iterdump())
        outs.append((dump, {p.name: p.read_bytes() for p in (out / "pkg").iterdir()}))
    assert outs[0] == outs[1]


def _get(db, paths):
    from datasette.app import Datasette

    async def run():
        ds = Datasette(
            [str(db)], immutables=[], metadata=yaml.safe_load((ROOT / "metadata.yml").read_text())
        )
        await ds.invoke_startup()
        return [(p, (await ds.client.get(p)).status_code) for p in paths]

    return asyncio.run(run())


def test_datasette_serves_every_table_and_facet(bundled):
    """The real Datasette answers 200 for every table (HTML, JSON, CSV) and every
    configured facet, and returns the facet counts of the README's example."""
    paths = ["/", "/osce"]
    for table in CATALOGUE:
        paths += [f"/osce/{table.name}", f"/osce/{table.name}.json", f"/osce/{table.name}.csv"]
        paths += [f"/osce/{table.name}.json?_facet={f}" for f in table.facets]
    results = _get(bundled.db, paths)
    assert [r for r in results if r[1] != 200] == []


def test_datasette_facet_counts(bundled):
    """`action_items.json?_facet=level` gives the level counts."""
    from datasette.app import Datasette

    async def run():
        ds = Datasette(
            [str(bundled.db)], metadata=yaml.safe_load((ROOT / "metadata.yml").read_text())
        )
        response = await ds.client.get("/osce/action_items.json?_facet=level")
        return response.json()

    data = asyncio.run(run())
    counts = {r["value"]: r["count"] for r in data["facet_results"]["level"]["results"]}
    assert counts == {"national": 36, "osce": 16}


def test_source_lines_hold_the_text_as_read(bundled):
    """source_lines has one row per non-blank line of each source, numbered as
    line_start/line_end count, so every row's span can be read back (here: the second
    decision's title line)."""
    lines = BUNDLED.read_text(encoding="utf-8").split("\n")
    if lines[-1] == "":
        lines.pop()
    rows = bundled.rows("select line_number, text from source_lines order by line_number")
    assert rows == [(n, t) for n, t in enumerate(lines, start=1) if t.strip()]
    [(sid, start, end)] = bundled.rows(
        "select source_id, line_start, line_end from decisions where id = 'pc-dec-1108'"
    )
    span = [
        t
        for (t,) in bundled.rows(
            "select text from source_lines where source_id = ? "
            "and line_number between ? and ? order by line_number",
            (sid, start, end),
        )
    ]
    assert any("1108" in t for t in span)
