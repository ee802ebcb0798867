"""Publish stage: the catalogue -> metadata.yml for Datasette (descriptions, facets, label
columns, sort orders, full-text search, canned queries and the dashboard)."""

from __future__ import annotations

from pathlib import Path

import yaml

from .export import PACKAGE
from .queries import DASHBOARDS, QUERIES
from .release_record import Release, last_release
from .tables import CATALOGUE, Table
from .tempfiles import write_text_durably

DATABASE = "osce"
ABOUT = """\
<p>The OSCE publishes a <strong>journal</strong> for every meeting of its decision-making bodies:
the
Permanent Council (PC), the Forum for Security Co-operation (FSC) and the Ministerial
Council (MC). A journal is the official record of a meeting: its date, times and chairperson,
the agenda items with the delegations that spoke (and the documents they circulated), the
decisions adopted with their full text appended, and the interpretative statements
delegations attached to them.</p>
<p>This site holds those journals as tables:</p>
<ul>
<li><a href="/osce/meetings">meetings</a> (one per journal) with their
<a href="/osce/meeting_sessions">sittings</a> and <a href="/osce/agenda_items">agenda
items</a>;</li>
<li><a href="/osce/decisions">decisions</a> with their full text, split into
<a href="/osce/decision_paragraphs">paragraphs</a>, and the numbered
<a href="/osce/action_items">action items</a> of action plans with the
<a href="/osce/action_item_actors">OSCE bodies responsible</a>;</li>
<li><a href="/osce/statements">statements</a>: speaker-list entries and the texts attached to
decisions or annexed to journals, with the countries
<a href="/osce/statement_alignments">aligning</a> themselves;</li>
<li><a href="/osce/actors">actors</a> (States with ISO codes, groups, OSCE bodies and officials,
persons) and every <a href="/osce/actor_aliases">spelling</a> of them;</li>
<li><a href="/osce/documents">documents</a> cited by symbol, and where
<a href="/osce/statement_documents">statements</a> and
<a href="/osce/decision_references">decisions</a> cite them;</li>
<li><a href="/osce/sources">sources</a> (the input files), their
<a href="/osce/source_lines">lines</a>, and the <a href="/osce/footnotes">footnotes</a> and
<a href="/osce/page_furniture">page furniture</a> taken out of the text.</li>
</ul>
<p><strong>Provenance.</strong> Every row carries <code>source_id</code>, <code>line_start</code>
and <code>line_end</code>: the
source file and the lines it was read from. A row's page links to those lines (the
<a href="/osce/source_text">source_text</a> query), and
<a href="/osce/parse_issues">parse_issues</a> lists everything the parser
could not fully understand, so nothing is lost silently.</p>
<p><strong>Reading and exploring.</strong>
<a href="/osce/decision_outline?decision_id=pc-dec-1107">A decision as an outline</a>
(sections, headings, numbered items), <a href="/-/dashboards/overview">the overview dashboard</a>,
<a href="/-/search">search across tables</a>, and the canned queries below.</p>
<p><strong>Download.</strong> The whole dataset is also a Frictionless data package (one CSV per
table
with a <code>datapackage.json</code> describing every column):
<a href="/datapackage/datapackage.json">datapackage.json</a>.</p>
<p><strong>Other formats</strong> (<code>osce-data export</code>;
<a href="/exports/SHA256SUMS">SHA256SUMS</a> lists every file):
each decision in <a href="/exports/akn/pc-dec-1107.xml">Akoma Ntoso</a>
(<code>/exports/akn/&lt;decision id&gt;.xml</code>),
organizations, persons, meetings and speeches in <a href="/exports/popolo.json">Popolo JSON</a>,
every table as Parquet (e.g. <a href="/exports/parquet/statements.parquet">statements.parquet</a>),
and the citation graph as <a href="/exports/graph/citations.graphml">GraphML</a> and an
<a href="/exports/graph/edges.csv">edge list</a>.</p>
"""
DATA_PACKAGE_URL = "/datapackage/datapackage.json"
RELEASES_URL = "/dist"  # `make serve` serves dist/ (the release archives and the changelog) there


def archive_name(version) -> str:
    return f"osce-data-{version}.zip"


def release_html(release: Release | None) -> str:
    """The home page's paragraph on the version of the data."""
    if release is None:
        return (
            "<p><strong>Version.</strong> This data has not "
            "been released yet: it has no version to cite.</p>\n"
        )
    return (
        "<p><strong>Version.</strong> Release "
        f"<strong>{release.version}</strong> of {release.date} "
        f'(cite the data by this version): <a href="{RELEASES_URL}/CHANGELOG-data.md">what '
        "changed in each release</a>, "
        f'<a href="{RELEASES_URL}/{archive_name(release.version)}">the release archive</a> '
        "(database, data package, changelog, CITATION.cff and SHA-256 checksums).</p>\n"
    )


def table_metadata(table: Table, release: Release | None = None) -> dict:
    meta: dict = {
        "title": table.title,
        "description": table.description,
        "columns": {c.name: c.description for c in table.columns},
    }
    if release is not None:  # row.html says which release a row is from
        meta["release"] = {"version": str(release.version), "date": release.date}
    if table.facets:
        meta["facets"] = list(table.facets)
    if table.label_column:
        meta["label_column"] = table.label_column
    if table.sort:
        meta["sort"] = table.sort
    if table.sort_desc:
        meta["sort_desc"] = table.sort_desc
    if table.fts:
        meta["fts_table"] = f"{table.name}_fts"
        meta["fts_pk"] = "rowid"
        meta["searchmode"] = "escaped"
    return meta


def metadata() -> dict:
    release = last_release()
    about = ABOUT + release_html(release)
    return {
        "title": PACKAGE["title"],
        "description_html": about,
        "license": PACKAGE["licenses"][0]["name"],
        "license_url": PACKAGE["licenses"][0]["path"],
        "source": PACKAGE["sources"][0]["title"],
        "source_url": PACKAGE["sources"][0]["path"],
        "about": "Data package (CSV files and datapackage.json)",
        "about_url": DATA_PACKAGE_URL,
        "databases": {
            DATABASE: {
                "title": PACKAGE["title"],
                "description_html": about,
                "tables": {t.name: table_metadata(t, release) for t in CATALOGUE},
                "queries": QUERIES,
            }
        },
        "plugins": {
            "datasette-dashboards": DASHBOARDS,
        },
    }


def metadata_yaml() -> str:
    data = metadata()
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def metadata_current(path: Path) -> bool:
    """Whether the file holds what the code and the release record generate now."""
    try:
        return Path(path).read_text(encoding="utf-8") == metadata_yaml()
    except (OSError, UnicodeDecodeError):
        return False


def write_metadata(path: Path) -> None:
    write_text_durably(path, metadata_yaml())
