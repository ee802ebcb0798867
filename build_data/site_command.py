"""The site as `make serve` runs it, defined once: the `datasette serve` options (the
database immutable with its inspect file, metadata, templates, plugins, static folders,
settings); the server that runs them in one worker process or several (Gunicorn with
Uvicorn workers: Datasette's own `serve` has one process); the secret the workers share;
and the same site as an in-process Datasette for the tests and the benchmarks."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

# Limits for a public site (README, "Serving it"). The database never changes while it is
# served (immutable mode, a rebuild restarts the server), so pages may be cached for an hour
# by a proxy or CDN in front (Cache-Control: max-age=3600 on every 200 page). A table page
# shows 50 rows (Datasette's default is 100): most of a page's CPU time is spent rendering
# its cells, so this halves it for the wide tables; `?_size=` asks for more.
SETTINGS = {
    "sql_time_limit_ms": 2000,
    "max_returned_rows": 1000,
    "facet_time_limit_ms": 400,
    "suggest_facets": False,
    "default_cache_ttl": 3600,
    "default_page_size": 50,
}
TEMPLATES = Path(__file__).resolve().parent / "templates"
# URL path -> folder (relative to the project root) of the files served beside the database.
STATIC = {"datapackage": "datapackage", "exports": "exports", "dist": "dist"}
SECRET_FILE = ".datasette-secret"
DATASETTE = [sys.executable, "-m", "datasette"]
OPTIONS_VARIABLE = "OSCE_SITE_OPTIONS"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (for servers of the tests and the load test)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setting_options() -> list[str]:
    """SETTINGS as `--setting NAME VALUE` options."""
    options = []
    for name, value in SETTINGS.items():
        text = ("on" if value else "off") if isinstance(value, bool) else str(value)
        options += ["--setting", name, text]
    return options


def site_options(
    db: Path,
    *,
    root: Path = Path("."),
    inspect_file: Path | None = None,
    static: dict[str, Path] | None = None,
) -> list[str]:
    """The `datasette serve` options of the site, without host, port and secret. `root` is
    the project folder (metadata.yml, plugins/ and the static folders); `static` replaces
    the folders of STATIC; a static folder that does not exist is left out."""
    folders = static if static is not None else {url: root / d for url, d in STATIC.items()}
    options = ["-i", str(db)]
    if inspect_file is not None:
        options += ["--inspect-file", str(inspect_file)]
    options += ["-m", str(root / "metadata.yml")]
    for url, folder in folders.items():
        if Path(folder).is_dir():
            options += ["--static", f"{url}:{folder}"]
    options += ["--template-dir", str(TEMPLATES), "--plugins-dir", str(root / "plugins")]
    return options + setting_options()


def inspect(db: Path, inspect_file: Path) -> None:
    """`datasette inspect`: the table counts, computed once for the immutable database."""
    subprocess.run(
        [*DATASETTE, "inspect", str(db), "--inspect-file", str(inspect_file)],
        check=True,
        capture_output=True,  # its traceback, on failure, is summed up by the caller
    )


def serve_command(*, host: str, port: int, workers: int = 1) -> list[str]:
    """Gunicorn with `workers` Uvicorn worker processes serving worker_app(), made once in
    the main process (--preload: Python and Datasette load once, the workers are forked
    from it; each opens its own database connections on its first request); the site's
    options travel in server_environment(). Gunicorn's control socket (one path in $HOME
    shared by every Gunicorn of the user) is not opened; a stopped server waits at most
    5 s for answers in flight (queries are cut off after 2 s)."""
    return [
        *(sys.executable, "-m", "gunicorn"),
        *("--workers", str(workers), "--worker-class", "uvicorn_worker.UvicornWorker"),
        *("--bind", f"{host}:{port}", "--keep-alive", "5", "--graceful-timeout", "5"),
        *("--access-logfile", "-", "--no-control-socket", "--preload"),
        f"{__name__}:worker_app()",
    ]


def missing_site_files(root: Path = Path(".")) -> list[str]:
    """What the site needs from the project folder `root` and does not find there."""
    return [
        name
        for name, present in (
            ("metadata.yml", (root / "metadata.yml").is_file()),
            ("plugins/", (root / "plugins").is_dir()),
        )
        if not present
    ]


def site_secret(path: Path) -> str:
    """The secret signing the site's cookies and tokens, made once and kept in `path`
    (git-ignored, readable by its owner only), so that every worker, every restart and
    every instance given the same file agree."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secrets.token_hex(32) + "\n")
    return path.read_text(encoding="ascii").strip()


def server_environment(options: list[str], secret: str) -> dict[str, str]:
    """The environment of the server: the site's options (for worker_app) and the secret,
    in DATASETTE_SECRET (read by `datasette serve --secret`) rather than on the command
    line, where `ps` would show it."""
    return {**os.environ, OPTIONS_VARIABLE: json.dumps(options), "DATASETTE_SECRET": secret}


def _datasette(options: list[str]):
    """The Datasette that `datasette serve OPTIONS` would serve, built by its own code."""
    from datasette.cli import serve

    context = serve.make_context("serve", list(options))
    return serve.callback(**context.params, return_instance=True)


def worker_app():
    """The ASGI app of one server worker: the site of the options in OPTIONS_VARIABLE
    (Datasette runs its startup hooks on the first request)."""
    return _datasette(json.loads(os.environ[OPTIONS_VARIABLE])).app()


def datasette_app(db: Path, **options):
    """The site as an in-process Datasette (its test client at `.client`), for the tests
    and the benchmarks: site_options(db, **options), built as a worker builds it."""
    return _datasette(site_options(db, **options))


def server(
    db: Path,
    *,
    host: str,
    port: int,
    workers: int,
    secret: str,
    root: Path = Path("."),
    static: dict[str, Path] | None = None,
    inspect_file: Path | None = None,
    extra_options: list[str] | None = None,
) -> tuple[list[str], dict[str, str]]:
    """(command, environment) of the site's server for `db` on host:port, after computing
    the inspect file (by default `inspect-data.json` beside the database). `extra_options`
    (e.g. `--setting NAME VALUE` to try a tuning) come after the site's own."""
    from .store import settle

    inspect_file = inspect_file or db.with_name("inspect-data.json")
    settle(db, remove_leftover=False)  # immutable readers would not roll a killed patch back
    inspect(db, inspect_file)
    options = site_options(db, root=root, inspect_file=inspect_file, static=static)
    options += extra_options or []
    command = serve_command(host=host, port=port, workers=workers)
    return command, server_environment(options, secret)


if __name__ == "__main__":  # `--extra-options` of `datasette publish` (README)
    print(" ".join(setting_options()))
