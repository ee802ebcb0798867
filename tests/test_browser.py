"""The site as a person sees it: Debian's Chromium driven by Playwright against a real
`datasette serve` (the options of `make serve`), with screenshots in test-artifacts/.
Source text that looks like HTML, JavaScript or a template is shown as text, never run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import BUNDLED, ROOT
from site_server import Server

from build_data.pipeline import build

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = ROOT / "test-artifacts"
SCRIPT = "<script>window.__xss=1</script>"
PAYLOAD = f'{SCRIPT} <a href="javascript:window.__xss=2">javascript:alert(1)</a> {{{{ 7*7 }}}}'


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `apt-get install -y chromium` (.ci/run does it)")
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    yield pg
    context.close()


@pytest.fixture(scope="module")
def site(bundled, bundled_exports):
    server = Server(bundled.db, bundled.db.with_name("datasette.log"), exports=bundled_exports)
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A site built from the bundled journal with markup, a javascript: link and a
    template expression in a speaker label, a statement and an action item."""
    out = tmp_path_factory.mktemp("hostile")
    text = BUNDLED.read_text(encoding="utf-8")
    text = text.replace(
        "Canada, Turkey, France, Chairperson", f"Canada, {SCRIPT}, Turkey, France, Chairperson", 1
    )
    text = text.replace(
        "At the same time, it is regrettable", f"{PAYLOAD} At the same time, it is regrettable", 1
    )
    text = text.replace(
        "1.1 Taking necessary measures", f"1.1 {PAYLOAD} Taking necessary measures", 1
    )
    assert text.count(SCRIPT) == 3
    journal = out / "journal.txt"
    journal.write_text(text, encoding="utf-8")
    build([journal], out / "osce.db", None)
    server = Server(out / "osce.db", out / "datasette.log")
    yield server.url
    server.stop()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_home_page(page, site):
    """The home page names the dataset, explains journals and links the data package."""
    page.goto(site + "/")
    body = page.inner_text("body")
    assert "OSCE meeting journals as open data" in body
    assert "A journal is the official record of a meeting" in body
    assert (
        page.get_attribute("a:text('datapackage.json')", "href") == "/datapackage/datapackage.json"
    )
    shot(page, "home")
    page.click("a:text('datapackage.json')")
    assert '"name": "osce-journals"' in page.content()


def test_download_an_export(page, site, bundled_exports, tmp_path):
    """The home page links the exports: clicking the Parquet link downloads the file
    the export wrote, which pyarrow reads; the Akoma Ntoso link opens the decision."""
    import pyarrow.parquet as pq

    page.goto(site + "/")
    assert (
        page.get_attribute("a:text('statements.parquet')", "href")
        == "/exports/parquet/statements.parquet"
    )
    with page.expect_download() as download:
        page.click("a:text('statements.parquet')")
    saved = tmp_path / "statements.parquet"
    download.value.save_as(saved)
    assert saved.read_bytes() == (bundled_exports / "parquet" / "statements.parquet").read_bytes()
    assert pq.read_table(saved).num_rows == 14
    page.goto(site + "/")
    page.click("a:text('Akoma Ntoso')")
    page.wait_for_url("**/exports/akn/pc-dec-1107.xml")
    assert (
        "ADDENDUM TO THE OSCE ACTION PLAN TO COMBAT TRAFFICKING IN HUMAN BEINGS" in page.content()
    )
    shot(page, "export-akn")


def test_table_facet_and_search(page, site):
    """A table page, a facet applied by clicking its value, and a full-text search."""
    page.goto(site + "/osce/action_items?_facet=level&_facet=section")
    assert "52 rows" in page.inner_text("h3")
    shot(page, "table-action-items")
    page.click(".facet-info[data-column=level] a:text('osce')")
    page.wait_for_url("**level=osce**")
    assert '16 rows where level = "osce"' in page.inner_text("h3")
    shot(page, "table-action-items-facet-osce")
    page.fill("input[name=_search]", "transplant")
    page.press("input[name=_search]", "Enter")
    page.wait_for_url("**_search=transplant**")
    page.goto(site + "/osce/action_items?_search=transplant")
    assert "2 rows" in page.inner_text("h3")
    assert "transplant" in page.inner_text("table.rows-and-columns")
    shot(page, "search-action-items")


def test_statements_show_actor_names(page, site):
    """Foreign keys show labels: a statement's actor appears by name."""
    page.goto(site + "/osce/statements?kind=interpretative_statement")
    cells = page.inner_text("table.rows-and-columns")
    assert "Russian Federation" in cells and "Holy See" in cells
    shot(page, "table-statements")


def test_search_all(page, site):
    """Search across tables lists results from the full-text-indexed tables."""
    page.goto(site + "/-/search?q=transplant")
    page.wait_for_selector("text=result", timeout=15000)
    page.wait_for_load_state("networkidle")
    body = page.inner_text("body")
    assert "action_items" in body
    shot(page, "search-all")


def test_decision_outline_and_provenance(page, site):
    """The decision outline reads as the action plan, and a part's source link opens the
    lines it was read from."""
    page.goto(site + "/osce/decision_outline?decision_id=pc-dec-1107")
    body = page.inner_text("body")
    assert "PC.DEC/1107: ADDENDUM TO THE OSCE ACTION PLAN" in body
    assert "II. Investigation, law enforcement and prosecution" in body
    assert "Recommended actions for participating States" in body
    assert "Tasks for OSCE institutions and bodies" in body
    assert "Office for Democratic Institutions and Human Rights (responsible)" in body
    shot(page, "decision-outline")
    page.click("#item-pc-dec-1107\\~2FII\\~2Fnational\\~2F2\\~2E1 a.source")
    page.wait_for_url("**source_text**")
    rows = page.inner_text("table.rows-and-columns")
    assert "Promoting the use of financial investigations" in rows and "pc-journal-976.txt" in rows
    shot(page, "source-text")


def test_dashboard(page, site):
    """The dashboard draws its charts (Vega-Lite, served by the plugin) and its metrics."""
    page.goto(site + "/-/dashboards/overview")
    for chart in (
        "statements-per-actor",
        "action-items-by-section",
        "decisions-per-year",
        "alignment-frequency",
    ):
        page.wait_for_selector(f"#chart-{chart} canvas, #chart-{chart} svg", timeout=20000)
    page.wait_for_load_state("networkidle")
    body = page.inner_text("body")
    assert "OSCE journals at a glance" in body
    assert "Statements per actor" in body and "Decisions per year" in body
    assert "52" in page.inner_text("#chart-action-items")
    assert page.errors == []
    shot(page, "dashboard")


def test_hostile_source_text_is_shown_not_run(page, hostile_site):
    """Markup, javascript: links and template syntax in the source appear as literal text on
    the table, row, search, outline and search-all pages; no script runs, no link is made."""
    pages = [
        ("/osce/statements?_search=regrettable", "xss-statements"),
        ("/osce/statements?speaker_label__contains=script", "xss-speaker"),
        ("/osce/statements/pc-dec-1107~2Fatt1", "xss-row"),
        ("/osce/decision_outline?decision_id=pc-dec-1107", "xss-outline"),
        ("/osce/action_items?_search=criminalization", "xss-action-items"),
    ]
    for path, name in pages:
        page.goto(hostile_site + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof window.__xss") == "undefined", path
        body = page.inner_text("body")
        assert SCRIPT in body, path
        if name != "xss-speaker":
            assert "{{ 7*7 }}" in body, path  # not evaluated to 49
        assert page.locator("a[href^='javascript:']").count() == 0, path
        shot(page, name)
    page.goto(hostile_site + "/-/search?q=regrettable")
    page.wait_for_selector("text=result", timeout=15000)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("a[href^='javascript:']").count() == 0
    shot(page, "xss-search-all")


def test_release_shown_on_home_and_row_pages(page, site):
    """The home page names the release (version, date) with links to the changelog and
    the archive, and a row page says which release it is from."""
    from build_data.release_record import last_release

    release = last_release()
    page.goto(site + "/")
    body = page.inner_text("body")
    assert f"Release {release.version} of {release.date} (cite the data by this version)" in body
    assert (
        page.get_attribute("a:text('the release archive')", "href")
        == f"/dist/osce-data-{release.version}.zip"
    )
    assert (
        page.get_attribute("a:text('what changed in each release')", "href")
        == "/dist/CHANGELOG-data.md"
    )
    page.goto(site + "/osce/decisions/pc-dec-1107")
    assert (
        page.inner_text("p.release")
        == f"From release {release.version} of the data ({release.date}); cite that version."
    )
    shot(page, "row-release")
