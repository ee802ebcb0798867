"""Datasette plugin (loaded with `--plugins-dir plugins`): a ceiling on the size of any
string or blob a query can make.

SQLite allows values of up to 1 GB by default, and one function call such as
`randomblob(1000000000)` runs as a single step that `sql_time_limit_ms` cannot interrupt:
it allocates the whole value, and Datasette then encodes it as JSON. With the limit lowered
on every connection Datasette opens, such a call fails at once with SQLite's "string or
blob too big", answered as a 400 error. The largest value the build stores (a decision's
full text, a source line) is far below it.
"""

import sqlite3

from datasette import hookimpl

MAX_LENGTH = 10_000_000  # bytes; SQLite's default is 1,000,000,000


@hookimpl
def prepare_connection(conn):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_LENGTH)
