"""Datasette plugin (loaded with `--plugins-dir plugins`): turn off SQL functions that
arbitrary queries should not reach.

`fts3_tokenizer(name, pointer)` registers a C function pointer as an FTS3 tokenizer, and
`fts3_tokenizer(name)` returns one (a memory address): the classic way to turn SQL access
into a crash or worse. Some SQLite builds (Debian's, for one) compile it in. The site
uses FTS5 only, so the function is replaced on every connection by one that refuses.
"""

from datasette import hookimpl


def _refuse(*args):
    raise ValueError("fts3_tokenizer() is disabled on this site")


@hookimpl
def prepare_connection(conn):
    for n_args in (1, 2):
        conn.create_function("fts3_tokenizer", n_args, _refuse)
