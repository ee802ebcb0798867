"""The pages of the site the benchmark times: every table page, every facet click and every
search, each with its response-time goal (issue 17: p95 <= 200 ms at 3,000 journals and
<= 500 ms at 30,000).

A table page is the table as `make serve` shows it (its default facets from metadata.yml);
a facet click is the page a click on the top value of a default facet opens (the largest
value: the most rows to count and to facet again); a search is the table's full-text
search for a word found in most journals.
"""

from __future__ import annotations

import sqlite3
from urllib.parse import quote

SEARCH_WORD = "security"


def goal_ms(n_journals: int) -> int:
    """The p95 goal at this archive size: 200 ms up to 3,000 journals, 500 ms beyond."""
    return 200 if n_journals <= 3000 else 500


def top_value(conn: sqlite3.Connection, table: str, column: str):
    """The first value of Datasette's facet list: the most frequent, ties by value."""
    row = conn.execute(
        f"SELECT [{column}] FROM [{table}] WHERE [{column}] IS NOT NULL"
        f" GROUP BY [{column}] ORDER BY count(*) DESC, [{column}] LIMIT 1"
    ).fetchone()
    return None if row is None else row[0]


def site_pages(conn: sqlite3.Connection, database: str, tables: dict) -> dict[str, str]:
    """label -> path for every table page, facet click and search. `tables` is the
    `databases.<name>.tables` part of metadata.yml."""
    pages: dict[str, str] = {}
    for table, conf in tables.items():
        base = f"/{database}/{quote(table)}"
        pages[f"table {table}"] = base
        for column in conf.get("facets", []):
            value = top_value(conn, table, column)
            if value is not None:
                pages[f"click {table}.{column}"] = f"{base}?{quote(column)}={quote(str(value))}"
        if conf.get("fts_table"):
            pages[f"search {table}"] = f"{base}?_search={SEARCH_WORD}"
    return pages
