"""Publish stage: the catalogue -> metadata.yml for Datasette (descriptions, facets, label
columns, sort orders, full-text search and canned queries)."""

from __future__ import annotations

from pathlib import Path

import yaml

from .export import PACKAGE
from .queries import QUERIES
from .tables import CATALOGUE, Table

DATABASE = "osce"
ABOUT = """\
<p>The OSCE publishes a journal for every meeting of its decision-making bodies: the
Permanent Council (PC), the Forum for Security Co-operation (FSC) and the Ministerial
Council (MC). A journal records the date, times and chairperson, the agenda items with
the delegations that spoke (and the documents they circulated), the decisions adopted
with their full text appended, and the interpretative statements delegations attached.</p>
<p>This site holds those journals as tables. Start from <strong>meetings</strong>, <strong>decisions</strong>,
<strong>action_items</strong> or <strong>statements</strong>; every row carries <code>source_id</code>, <code>line_start</code> and
<code>line_end</code>, which point to the lines of the source file (listed in <strong>sources</strong>) it was
read from, and <strong>parse_issues</strong> lists everything the parser could not fully understand.
The whole dataset is also published as a Frictionless data package (CSV files with a
<code>datapackage.json</code>): <a href="/datapackage/datapackage.json">datapackage.json</a>.</p>
"""


def table_metadata(table: Table) -> dict:
    meta: dict = {
        "title": table.title,
        "description": table.description,
        "columns": {c.name: c.description for c in table.columns},
    }
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
    return {
        "title": PACKAGE["title"],
        "description_html": ABOUT,
        "license": PACKAGE["licenses"][0]["name"],
        "license_url": PACKAGE["licenses"][0]["path"],
        "source": PACKAGE["sources"][0]["title"],
        "source_url": PACKAGE["sources"][0]["path"],
        "databases": {
            DATABASE: {
                "description_html": ABOUT,
                "tables": {t.name: table_metadata(t) for t in CATALOGUE},
                "queries": QUERIES,
            }
        },
    }


def metadata_yaml() -> str:
    data = metadata()
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write_metadata(path: Path) -> None:
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(metadata_yaml(), encoding="utf-8")
    tmp.replace(path)
