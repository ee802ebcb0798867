"""What the site does to spend less CPU time per page (issue 17) changes nothing a visitor
sees: the table template collected in one block renders the same pages as Datasette's own,
and datasette-render-markdown keeps its template function and tag without its per-cell
hook."""

from __future__ import annotations

import asyncio
import json
import re
import shutil

from conftest import ROOT

import build_data.site_command as site_command
from build_data.tables import CATALOGUE


def pages_of(db, paths: list[str]) -> dict[str, str]:
    """path -> HTML of each page, from the site as build_data.site_command makes it, with the
    time its queries took (in the footer) left out."""

    async def run():
        ds = site_command.datasette_app(db, root=ROOT)
        await ds.invoke_startup()
        out = {}
        for path in paths:
            response = await ds.client.get(path)
            assert response.status_code == 200, path
            out[path] = re.sub(r"Queries took [0-9.]+ms", "Queries took", response.text)
        return out

    return asyncio.run(run())


def test_table_pages_are_those_of_datasettes_own_template(bundled, tmp_path, monkeypatch):
    """Every table page, a facet click, a search, a page sorted otherwise and an empty
    answer are the same HTML with the site's _table.html (Datasette's own inside one
    `{% set %}` block) as with Datasette's _table.html; the site's is the one used."""
    assert "{%- set table_html -%}" in (site_command.TEMPLATES / "_table.html").read_text()
    own = tmp_path / "templates"
    shutil.copytree(site_command.TEMPLATES, own)
    (own / "_table.html").unlink()
    paths = [f"/osce/{t.name}" for t in CATALOGUE] + [
        "/osce/action_items?section=Plan+of+action&_facet=level",
        "/osce/statements?_search=ukraine",
        "/osce/agenda_items?_sort_desc=title&_size=3",
        "/osce/decisions?_search=nowordlikethis",
    ]
    site = pages_of(bundled.db, paths)
    monkeypatch.setattr(site_command, "TEMPLATES", own)
    datasette = pages_of(bundled.db, paths)
    assert site == datasette
    shown = {
        t.name: '<table class="rows-and-columns">' in site[f"/osce/{t.name}"] for t in CATALOGUE
    }
    assert shown == {
        t.name: bundled.rows(f"select count(*) from [{t.name}]")[0][0] > 0 for t in CATALOGUE
    }
    assert '<p class="zero-results">0 records</p>' in site["/osce/decisions?_search=nowordlikethis"]


def test_markdown_without_its_cell_hook(bundled):
    """With the site's plugins loaded, no render_cell hook of datasette-render-markdown runs
    for the cells of a table page, while its `render_markdown()` function (what the
    dashboards' markdown charts call) and its `{% markdown %}` tag still render markdown,
    sanitised."""
    import datasette_render_markdown
    from datasette.plugins import pm

    async def run():
        ds = site_command.datasette_app(bundled.db, root=ROOT)
        await ds.invoke_startup()
        template = ds.jinja_env.from_string(
            '{{ render_markdown("*a* <script>x</script>") }}|{% markdown %}**b**{% endmarkdown %}'
        )
        return await ds.render_template(template)

    html = asyncio.run(run())
    plugins = {impl.plugin for impl in pm.hook.render_cell.get_hookimpls()}
    assert datasette_render_markdown not in plugins
    assert html == (
        '<div style="white-space: normal"><p><em>a</em> &lt;script&gt;x&lt;/script&gt;</p></div>|'
        '<div style="white-space: normal"><p><strong>b</strong></p></div>'
    )


def test_a_table_page_shows_fifty_rows(bundled):
    """A table page shows 50 rows (default_page_size of SETTINGS); `_size=` asks for more."""
    rows = bundled.rows("select count(*) from source_lines")[0][0]
    paths = [
        "/osce/source_lines.json?_shape=array",
        "/osce/source_lines.json?_shape=array&_size=80",
    ]
    answers = [json.loads(text) for text in pages_of(bundled.db, paths).values()]
    assert rows > 80 and [len(a) for a in answers] == [50, 80]
