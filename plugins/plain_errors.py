"""Datasette plugin (loaded with `--plugins-dir plugins`): no `rich` traceback for each
error answer.

Datasette's default exception handler prints the exception with `rich` and its local
variables (`print_exception(show_locals=True)`) whenever `rich` can be imported, for every
4xx and 5xx answer, even a bad `_sort` or a refused `drop table` (datasette#1416). That
costs about 0.4 s of the one server process per answer. `rich` is installed here because
frictionless needs it, so the handler is told it is absent, exactly as Datasette itself
sets it when the import fails. The error pages are unchanged; a 500 still prints Python's
plain traceback on stderr.
"""

import importlib

from datasette import hookimpl


@hookimpl
def startup(datasette):
    importlib.import_module("datasette.handle_exception").rich = None
