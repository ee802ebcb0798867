"""The published site, through Datasette's own client: home and about, every table and a
row of each, facets, full-text search, canned queries, the dashboard, the decision outline,
provenance links and search across tables answer 200 and show what a researcher needs."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import threading
from urllib.parse import quote, urlencode

import pytest
from conftest import ROOT, SHARED
from site_promises import CHART_ORDER, CHARTS, PROMISES, Tables, pieces

from build_data.publish import metadata
from build_data.queries import DASHBOARDS, QUERIES
from build_data.site_command import datasette_app
from build_data.tables import CATALOGUE, TABLES

# Realistic parameters of the canned queries, for the database of the bundled journal and
# for that of the shared excerpts: (query, parameters); source_id is the source of `file`.
CASES = {
    "bundled": [
        ("source_text", {"file": "pc-journal-976.txt", "line_start": "88", "line_end": "89"}),
        ("source_text", {"file": "pc-journal-976.txt", "line_start": "0", "line_end": "0"}),
        ("decision_outline", {"decision_id": "pc-dec-1107"}),
        ("decision_outline", {"decision_id": "no-such-decision"}),
        ("statements_by_actor", {"actor_id": "russian-federation"}),
        ("action_items_for_body", {"actor_id": "sr-cthb"}),
        ("action_items_for_body", {"actor_id": "odihr"}),
    ],
    "shared_built": [
        ("source_text", {"file": "pc-1233.txt", "line_start": "20", "line_end": "40"}),
        ("source_text", {"file": "fsc-dec-8-15.txt", "line_start": "0", "line_end": "0"}),
        ("decision_outline", {"decision_id": "fsc-dec-8-15"}),
        ("statements_by_actor", {"actor_id": "european-union"}),
        ("action_items_for_body", {"actor_id": "odihr"}),
    ],
}
# The queries whose every case answers no row in that database (nothing of the kind in it).
EMPTY = {
    "bundled": {"eu_alignment_frequency", "unresolved_labels"},
    "shared_built": {"action_items_for_body", "interpretative_statements_per_decision"},
}
# The dashboard charts that show nothing (no row, or 0) in that database.
EMPTY_CHARTS = {
    "bundled": {"alignment-frequency"},
    "shared_built": {"action-items", "action-items-by-section"},
}
# The folders each database was built from, where source_text's lines are read back.
SOURCE_FOLDERS = {"bundled": [ROOT / "sources"], "shared_built": [SHARED / "journals"]}


class Page:
    def __init__(self, response):
        self.status = response.status_code
        self.text = response.text
        self.headers = response.headers

    def json(self):
        import json

        return json.loads(self.text)


class Site:
    """Datasette configured as `make serve` configures it, one per database, started once
    for this module and answering the requests of every test (as the one server of `make
    serve` does), on an event loop in a thread of its own."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.servers = {}

    async def _server(self, db):
        if db not in self.servers:
            ds = datasette_app(db, root=ROOT)
            await ds.invoke_startup()
            self.servers[db] = ds
        return self.servers[db]

    def fetch(self, db, *paths: str) -> dict[str, Page]:
        """GET every path from the database's Datasette."""

        async def run():
            ds = await self._server(db)
            return {p: Page(await ds.client.get(p)) for p in paths}

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result()

    def get(self, db, path: str) -> Page:
        return self.fetch(db, path)[path]

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


@pytest.fixture(scope="module")
def site():
    site = Site()
    yield site
    site.close()


def cases(built, db: str) -> list[tuple[str, dict[str, str]]]:
    """Every canned query with the parameters it takes: the given cases, and the queries
    without parameters once."""
    given = [(name, dict(params)) for name, params in CASES[db]]
    for _, params in given:
        if "file" in params:
            file = params.pop("file")
            params["source_id"] = built.rows("select id from sources where filename = ?", (file,))[
                0
            ][0]
    for name, q in QUERIES.items():
        assert {n for n, _ in given if n == name} or not re.search(r":\w+", q["sql"]), name
        if not re.search(r":\w+", q["sql"]):
            given.append((name, {}))
    return given


def test_home_and_about(bundled, site):
    """The home page and the database page describe the dataset (what a journal is, the
    tables, provenance), name source and licence and link to the data package."""
    pages = site.fetch(bundled.db, "/", "/osce")
    for page in pages.values():
        assert page.status == 200
        assert "OSCE meeting journals as open data" in page.text
        assert "A journal is the official record of a meeting" in page.text
        assert (
            "CC-BY-4.0" in page.text and "https://creativecommons.org/licenses/by/4.0/" in page.text
        )
        assert (
            "Organization for Security and Co-operation in Europe (OSCE): meeting journals"
            in page.text
        )
        assert 'href="/datapackage/datapackage.json"' in page.text
        assert "line_start" in page.text
    assert "A decision as an outline" in pages["/osce"].text  # canned queries listed


def test_metadata_is_generated_from_the_catalogue():
    """Every table and column has a description; every published canned query and dashboard
    chart has its promise checked here (tests/site_promises.py)."""
    meta = metadata()
    tables = meta["databases"]["osce"]["tables"]
    assert set(tables) == set(TABLES)
    for name, table in tables.items():
        assert table["description"] and all(table["columns"].values()), name
        assert table.get("sort") or table.get("sort_desc"), f"{name} has no default sort"
    assert set(meta["databases"]["osce"]["queries"]) == set(PROMISES)
    assert set(meta["plugins"]["datasette-dashboards"]["overview"]["charts"]) == set(CHARTS)


def test_every_table_page_shows_descriptions(bundled, site):
    """Each table page answers 200 and shows its description and every column's."""
    pages = site.fetch(bundled.db, *[f"/osce/{t.name}" for t in CATALOGUE])
    for table in CATALOGUE:
        page = pages[f"/osce/{table.name}"]
        assert page.status == 200, table.name
        assert table.description.replace("'", "&#39;") in page.text, table.name
        if not bundled.rows(f"select count(*) from [{table.name}]")[0][0]:
            continue  # Datasette shows no column headers for an empty table
        for column in table.columns:
            assert f'data-column="{column.name}"' in page.text, (table.name, column.name)


def test_a_row_page_of_every_table(bundled, site):
    """A row of every non-empty table has a page; rows with a line span link to their
    source text."""
    from datasette.utils import tilde_encode

    paths = {}
    for table in CATALOGUE:
        cols = ", ".join(f"[{c}]" for c in table.primary_key)
        rows = bundled.rows(f"select {cols} from [{table.name}] order by {cols} limit 1")
        if rows:
            paths[table.name] = f"/osce/{table.name}/" + ",".join(
                tilde_encode(str(v)) for v in rows[0]
            )
    # the bundled journal has no alignments, furniture, issues, pre-agenda notes or annex references
    assert set(TABLES) - set(paths) == {
        "statement_alignments",
        "page_furniture",
        "parse_issues",
        "meeting_notes",
        "statement_annexes",
    }
    pages = site.fetch(bundled.db, *paths.values())
    for name, path in paths.items():
        page = pages[path]
        assert page.status == 200, path
        assert f"{name}:" in page.text
        if TABLES[name].has_provenance:
            assert "Provenance" in page.text and "/osce/source_text?source_id=" in page.text, name


def test_provenance_link_leads_to_the_source_lines(bundled, site):
    """From an action item's row page, the provenance link shows the lines it was read from."""
    from datasette.utils import tilde_encode

    page = site.get(
        bundled.db, "/osce/action_items/" + tilde_encode("pc-dec-1107/III/national/1.12")
    )
    link = re.search(r'href="(/osce/source_text\?[^"]+)"', page.text).group(1).replace("&amp;", "&")
    source = site.get(bundled.db, link)
    assert source.status == 200
    assert "1.12" in source.text and "pc-journal-976.txt" in source.text


def test_foreign_keys_show_labels(bundled, site):
    """Foreign-key columns show the referenced row's label (actor names, decision titles,
    file names), not only ids."""
    pages = site.fetch(
        bundled.db,
        "/osce/statements?kind=interpretative_statement",
        "/osce/statements.json?_labels=on&kind=interpretative_statement&_shape=array",
    )
    html = pages["/osce/statements?kind=interpretative_statement"].text
    assert '<a href="/osce/actors/russian-federation">Russian Federation</a>' in html
    assert "pc-journal-976.txt" in html
    first = pages[
        "/osce/statements.json?_labels=on&kind=interpretative_statement&_shape=array"
    ].json()[0]
    assert first["decision_id"] == {
        "value": "pc-dec-1107",
        "label": (
            "ADDENDUM TO THE OSCE ACTION PLAN TO COMBAT "
            "TRAFFICKING IN HUMAN BEINGS: ONE DECADE LATER"
        ),
    }
    assert first["source_id"]["label"] == "pc-journal-976.txt"


def test_every_facet(bundled, site):
    """Every configured facet is computed (HTML and JSON); non-empty tables give counts."""
    paths = []
    for table in CATALOGUE:
        for facet in table.facets:
            paths += [
                f"/osce/{table.name}?_facet={facet}",
                f"/osce/{table.name}.json?_facet={facet}",
            ]
    pages = site.fetch(bundled.db, *paths)
    for table in CATALOGUE:
        for facet in table.facets:
            assert pages[f"/osce/{table.name}?_facet={facet}"].status == 200
            data = pages[f"/osce/{table.name}.json?_facet={facet}"].json()
            assert facet in data["facet_results"], (table.name, facet)
            values = bundled.rows(
                f"select count(*) from [{table.name}] where [{facet}] is not null"
            )[0][0]
            assert bool(data["facet_results"][facet]["results"]) == bool(values), (
                table.name,
                facet,
            )
    counts = {
        r["value"]: r["count"]
        for r in pages["/osce/action_items.json?_facet=section"].json()["facet_results"]["section"][
            "results"
        ]
    }
    assert counts == {"II": 8, "III": 21, "IV": 14, "V": 9}


@pytest.mark.parametrize(
    "table, term, expected",
    [
        (
            "action_items",
            "transplant",
            {"pc-dec-1107/III/national/1.12", "pc-dec-1107/III/national/2.1"},
        ),
        ("decisions", "Helsinki", {"pc-dec-1108"}),
        ("statements", "tissue", {"pc-dec-1107/att1"}),
    ],
)
def test_search_on_each_fts_table(bundled, table, term, expected, site):
    """The table page has a search box, and `_search` finds the rows (porter stemming)."""
    pages = site.fetch(
        bundled.db,
        f"/osce/{table}",
        f"/osce/{table}?_search={term}",
        f"/osce/{table}.json?_search={term}&_shape=array",
    )
    assert 'name="_search"' in pages[f"/osce/{table}"].text
    assert pages[f"/osce/{table}?_search={term}"].status == 200
    assert {
        r["id"] for r in pages[f"/osce/{table}.json?_search={term}&_shape=array"].json()
    } == expected


def test_search_with_operators_does_not_fail(bundled, site):
    """searchmode escaped: quotes and FTS operators in a search are taken as words."""
    page = site.get(
        bundled.db, "/osce/action_items.json?_search=" + quote('"organ AND (') + "&_shape=array"
    )
    assert page.status == 200


def test_search_all(bundled, site):
    """datasette-search-all offers a search across the three FTS tables."""
    pages = site.fetch(bundled.db, "/-/search?q=trafficking", "/")
    page = pages["/-/search?q=trafficking"]
    assert page.status == 200
    for table in ("action_items", "decisions", "statements"):
        assert f"/osce/{table}" in page.text
    assert 'action="/-/search"' in pages["/"].text


@pytest.mark.parametrize("db", ["bundled", "shared_built"])
def test_every_canned_query_returns_the_rows_it_promises(request, db, site):
    """Every canned query is a parameterised select (no writes); in Datasette, configured as
    the site is, each case answers its page and exactly the rows its description promises,
    in order (tests/site_promises.py computes them from the whole tables); every query but
    those of EMPTY answers rows in this database."""
    built = request.getfixturevalue(db)
    tables = Tables(built.db, SOURCE_FOLDERS[db])
    paths = []
    for name, params in cases(built, db):
        q = QUERIES[name]
        assert not q.get("write") and q["sql"].lstrip().lower().startswith("select"), name
        assert set(params) == set(re.findall(r":(\w+)", q["sql"])), name
        qs = urlencode(params)
        paths.append((name, params, f"/osce/{name}?{qs}", f"/osce/{name}.json?{qs}&_shape=objects"))
    pages = site.fetch(built.db, *[p for *_, html, js in paths for p in (html, js)])
    answered = set()
    for name, params, html, js in paths:
        assert pages[html].status == 200, name
        assert QUERIES[name]["title"] in pages[html].text
        data = pages[js].json()
        assert data["truncated"] is False, name
        expected = PROMISES[name](tables, params)
        assert pieces(name, data["rows"]) == pieces(name, expected), (name, params)
        if expected:
            answered.add(name)
    assert set(QUERIES) - answered == EMPTY[db]


def test_canned_queries_on_the_bundled_journal(bundled, site):
    """What the bundled journal gives the canned queries, read off the journal: Russian
    Federation's statements of both kinds, the four tasks of the Special Representative on
    trafficking, lines 88-89."""
    source_id = bundled.rows("select id from sources")[0][0]
    pages = site.fetch(
        bundled.db,
        "/osce/statements_by_actor.json?actor_id=russian-federation&_shape=array",
        "/osce/action_items_for_body.json?actor_id=sr-cthb&_shape=array",
        f"/osce/source_text.json?source_id={source_id}&line_start=88&line_end=89&_shape=array",
    )
    by_actor, for_body, lines = (page.json() for page in pages.values())
    assert {r["kind"] for r in by_actor} == {"statement", "interpretative_statement"}
    assert [r["id"] for r in for_body] == [
        "pc-dec-1107/III/osce/1",
        "pc-dec-1107/V/osce/1",
        "pc-dec-1107/V/osce/2",
        "pc-dec-1107/V/osce/3",
    ]
    assert [r["line_number"] for r in lines] == [88, 89]


def test_arbitrary_sql_is_read_only(bundled, site):
    """Arbitrary SQL is available, and writes are refused."""
    pages = site.fetch(
        bundled.db,
        "/osce.json?sql=select+count(*)+as+n+from+actors&_shape=array",
        "/osce.json?sql=delete+from+actors",
    )
    assert pages["/osce.json?sql=select+count(*)+as+n+from+actors&_shape=array"].json() == [
        {"n": 140}
    ]
    assert pages["/osce.json?sql=delete+from+actors"].status == 400


def test_decision_outline(bundled, site):
    """The decision outline shows sections -> levels -> headings -> numbered items, links the
    actors named by each item and every part back to its source lines."""
    page = site.get(bundled.db, "/osce/decision_outline?decision_id=pc-dec-1107")
    assert page.status == 200
    text = page.text
    assert (
        "PC.DEC/1107: ADDENDUM TO THE OSCE ACTION PLAN TO COMBAT TRAFFICKING IN HUMAN BEINGS"
        in text
    )
    order = [
        "<h2>Preamble</h2>",
        "<h2>Operative paragraphs</h2>",
        '<h2 class="section">II. Investigation, law enforcement and prosecution</h2>',
        '<h3 class="level">Recommended actions for participating States</h3>',
        '<h4 class="heading">Criminalizing and prosecuting all forms of THB</h4>',
        ">1.1</a>Taking necessary measures for the criminalization",
        '<h3 class="level">Tasks for OSCE institutions and bodies</h3>',
        '<h2 class="section">III. Prevention of trafficking in human beings</h2>',
        '<h2 class="section">V. Partnerships</h2>',
    ]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)
    assert text.count('class="item"') == 52
    assert (
        '<a href="/osce/actors/odihr" title="responsible">Office for Democratic Institutions '
        "and Human Rights</a> (responsible)"
    ) in text
    assert 'href="/osce/source_text?source_id=' in text and "[lines 91&ndash;95]" in text
    missing = site.get(bundled.db, "/osce/decision_outline?decision_id=no-such-decision")
    assert missing.status == 200 and "No decision with that id" in missing.text


def test_dashboard(bundled, site):
    """The overview dashboard lists its charts, and every chart's query runs, with and
    without the body filter, and gives what the bundled journal holds."""
    from datasette_dashboards import replace_opts_in_query

    pages = site.fetch(
        bundled.db, "/-/dashboards", "/-/dashboards/overview", "/-/dashboards/overview?body=PC"
    )
    assert "OSCE journals at a glance" in pages["/-/dashboards"].text
    for path in ("/-/dashboards/overview", "/-/dashboards/overview?body=PC"):
        assert pages[path].status == 200
    for title in (
        "Statements per actor",
        "Action items by section and level",
        "Decisions per year",
        "Alignment frequency",
    ):
        assert title in pages["/-/dashboards/overview"].text
    charts = DASHBOARDS["overview"]["charts"]
    paths = {}
    for slug, chart in charts.items():
        for options in ({}, {"body": "PC"}, {"body": "FSC"}):
            sql = replace_opts_in_query(chart["query"], options)
            paths[(slug, options.get("body"))] = "/osce.json?" + urlencode(
                {"sql": sql, **options, "_shape": "array"}
            )
    results = site.fetch(bundled.db, *paths.values())
    for key, path in paths.items():
        assert results[path].status == 200, key
    data = {k: results[p].json() for k, p in paths.items()}
    assert data[("decisions-per-year", "PC")] == [{"year": "2013", "body": "PC", "decisions": 2}]
    assert data[("decisions-per-year", "FSC")] == []
    assert data[("action-items", None)] == [{"n": 52}]
    assert {r["level"] for r in data[("action-items-by-section", None)]} == {"national", "osce"}
    assert {
        "actor": "Russian Federation",
        "kind": "interpretative_statement",
        "statements": 1,
    } in data[("statements-per-actor", "PC")]


@pytest.mark.parametrize("db", ["bundled", "shared_built"])
def test_every_dashboard_chart_shows_what_it_promises(request, db, site):
    """Every chart's query runs in Datasette for each body filter (none, PC, FSC, MC); the
    fields its display names (vega-lite encoding, metric field) are columns of its answer;
    its rows are those computed from the whole tables (tests/site_promises.py), in the order
    its SQL declares, and its LIMIT leaves none out; each chart but those of EMPTY_CHARTS
    shows something in this database."""
    from datasette_dashboards import replace_opts_in_query

    built = request.getfixturevalue(db)
    tables = Tables(built.db, SOURCE_FOLDERS[db])
    dashboard = DASHBOARDS["overview"]
    bodies = [None, *dashboard["filters"]["body"]["options"]]
    paths = {}
    for slug, chart in dashboard["charts"].items():
        for body in bodies:
            options = {} if body is None else {"body": body}
            sql = replace_opts_in_query(chart["query"], options)
            paths[slug, body] = "/osce.json?" + urlencode(
                {"sql": sql, **options, "_shape": "objects"}
            )
    pages = site.fetch(built.db, *paths.values())
    shown = set()
    for (slug, body), path in paths.items():
        chart = dashboard["charts"][slug]
        assert pages[path].status == 200, (slug, body)
        data = pages[path].json()
        assert data["truncated"] is False, (slug, body)
        if chart["library"] == "vega-lite":
            fields = {e["field"] for e in chart["display"]["encoding"].values()}
        else:
            fields = {chart["display"]["field"]}
        assert fields <= set(data["columns"]), (slug, body)
        rows = data["rows"]
        assert sorted(rows, key=repr) == sorted(CHARTS[slug](tables, body), key=repr), (slug, body)
        if slug in CHART_ORDER:
            key = CHART_ORDER[slug](tables, body)
            assert [key(r) for r in rows] == sorted(key(r) for r in rows), (slug, body)
        if rows and rows != [{"n": 0}]:
            shown.add(slug)
    assert set(dashboard["charts"]) - shown == EMPTY_CHARTS[db]


def test_the_site_reads_the_database_through_a_memory_map(bundled, site):
    """Every connection of the site reads the database through a memory map
    (plugins/sqlite_mmap.py): its mmap_size is the most this SQLite allows, where a plain
    connection's is SQLite's default, 0 (every page read by a system call)."""

    async def mapped():
        ds = await site._server(bundled.db)
        return (await ds.get_database().execute("PRAGMA mmap_size")).first()[0]

    with sqlite3.connect(bundled.db) as plain:
        default = plain.execute("PRAGMA mmap_size").fetchone()[0]
        most = plain.execute(f"PRAGMA mmap_size = {2**40}").fetchone()[0]
    assert (default, asyncio.run_coroutine_threadsafe(mapped(), site.loop).result()) == (0, most)
