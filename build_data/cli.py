"""Command-line interface: a thin shell over the pipeline."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__
from .errors import OsceDataError, one_line
from .exports import FORMAT_NAMES
from .site_command import SECRET_FILE

EXIT_CODES = """\b
Exit codes:
  0  built (warnings allowed; they are printed on stderr)
  1  nothing could be built, or (with --strict) built with errors,
     or another build of the same database is running (see --wait)
  2  usage error (bad option or argument, or an output that would
     replace what osce-data did not write)
  130, 143  interrupted by Ctrl-C (SIGINT) or SIGTERM"""


@contextmanager
def one_sentence_errors(cannot_write: str, bug_note: str):
    """The package's errors, OSError and bugs as one-sentence ClickExceptions (a bug's
    traceback only with OSCE_DATA_DEBUG=1). `cannot_write` is formatted with {where} and
    {reason}; `bug_note` follows the internal error's description."""
    try:
        yield
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise  # already what the command has to say
    except OsceDataError as err:
        raise click.ClickException(str(err)) from None
    except OSError as err:  # e.g. the output folder is not writable, or the disk is full
        where = f" ({err.filename})" if err.filename else ""
        raise click.ClickException(
            cannot_write.format(where=where, reason=err.strerror or err)
        ) from None
    except Exception as err:  # a bug: one sentence, the traceback only on request
        if os.environ.get("OSCE_DATA_DEBUG"):
            raise
        raise click.ClickException(
            f"Internal error ({type(err).__name__}: {err}){bug_note} "
            "(set OSCE_DATA_DEBUG=1 to see the traceback)."
        ) from None


class OneLineErrors(click.Group):
    """Every command's error is one line: a file name's control characters are shown
    escaped (errors.one_line)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.ClickException as err:
            err.message = one_line(err.message)
            raise


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="osce-data")
def main() -> None:
    """Turn OSCE meeting journals (Permanent Council, Forum for Security Co-operation,
    Ministerial Council) into open data: a SQLite database for Datasette and a
    Frictionless data package.

    Start with `osce-data build`, which reads the bundled journal in sources/.
    """


@main.command(epilog=EXIT_CODES)
# not readable=True: a source that cannot be read is recorded as such and the others are built
@click.argument("sources", nargs=-1, type=click.Path(readable=False, path_type=Path))
@click.option(
    "--db",
    "db_path",
    default="osce.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite database to write (replaced only when the build is complete).",
)
@click.option(
    "--package-dir",
    default="datapackage",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the Frictionless data package to write.",
)
@click.option(
    "--metadata",
    "metadata_path",
    default="metadata.yml",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Datasette metadata file to write.",
)
@click.option(
    "--no-package",
    is_flag=True,
    help="Write only the database (and metadata), not the data package.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit with status 1 when any parse issue of level 'error' was recorded.",
)
@click.option(
    "-q", "--quiet", is_flag=True, help="No progress bar and no summary; errors are still printed."
)
@click.option(
    "--ocr",
    is_flag=True,
    envvar="OSCE_DATA_OCR",
    help=(
        "Read scanned PDFs (no text layer) by OCR with Tesseract, when it is installed (slow; "
        "the text gets an ocr-used warning). Also OSCE_DATA_OCR=1."
    ),
)
@click.option(
    "--full",
    is_flag=True,
    help=(
        "Read every source (extracting the text of PDF and DOCX files again) and write every "
        "row again, instead of reusing the cached results of unchanged files (DB.cache) and "
        "patching the previous outputs."
    ),
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes reading sources (default: one per CPU).",
)
@click.option(
    "--file-timeout",
    type=click.FloatRange(min=0),
    default=60,
    show_default=True,
    metavar="SECONDS",
    help=(
        "Stop reading a file that takes longer than this; it is kept as an unreadable source "
        "with a file-timeout error and the others are built (0: no limit)."
    ),
)
@click.option(
    "--wait",
    is_flag=True,
    help=(
        "When another build of the same database is "
        "running, wait for it to finish instead of stopping."
    ),
)
def build(
    sources: tuple[Path, ...],
    db_path: Path,
    package_dir: Path,
    metadata_path: Path,
    no_package: bool,
    strict: bool,
    quiet: bool,
    ocr: bool,
    full: bool,
    jobs: int | None,
    wait: bool,
    file_timeout: float,
) -> None:
    """Build the database and the data package from SOURCES.

    SOURCES are journal files (.txt, .md, .pdf, .docx) or folders searched
    recursively; the default is the bundled sources/ folder. Every input appears in
    the `sources` table; whatever could not be read is listed in `parse_issues`,
    and a bad file never stops the others from being built.

    The results of each source are cached next to the database (DB.cache, e.g.
    osce.db.cache): a rebuild reads again only the files that changed and, when few
    changed, patches the previous database and package (only their rows are written
    again) instead of writing everything. Either way the output is the same as a build
    from scratch. --full reads and writes everything again. A progress bar is shown
    when stderr is a terminal (not with --quiet).

    Only what osce-data wrote is replaced: an existing --db, --metadata or
    --package-dir that is something else is refused (exit 2). One build at a time
    writes a database and its outputs (a lock, DB.lock). Symbolic links in a source
    folder are followed only to files inside that folder. Ctrl-C stops the build at
    once and says which outputs changed.
    """
    from . import failures, interrupt, outputs  # noqa: F401 (imported before a signal can cut an import short)

    with interrupt.handled():
        _build(
            sources,
            db_path,
            None if no_package else package_dir,
            metadata_path,
            strict,
            quiet,
            ocr,
            full,
            jobs,
            wait,
            file_timeout,
        )


def _build(
    sources,
    db_path: Path,
    package_dir: Path | None,
    metadata_path: Path,
    strict: bool,
    quiet: bool,
    ocr: bool,
    full: bool,
    jobs: int | None,
    wait: bool,
    file_timeout: float,
) -> None:
    from .failures import describe
    from .outputs import Outputs, snapshot

    outputs = Outputs(db_path, package_dir, metadata_path)
    before = snapshot(outputs)
    try:
        if ocr:
            from .extract import ocr as ocr_module

            if not ocr_module.available():
                click.echo(
                    "--ocr: the tesseract command is not installed (apt-get install tesseract-ocr "
                    "tesseract-ocr-eng); scans are reported as no-text-layer.",
                    err=True,
                )
        from .discovery import discover
        from .pipeline import build as run_build

        paths = list(sources) or [Path("sources")]
        progress = Progress(enabled=not quiet and sys.stderr.isatty())
        if progress.enabled:
            progress.total = len(discover(paths)[0])
        with progress:
            report = run_build(
                paths,
                db_path,
                package_dir,
                metadata_path,
                on_file=progress.update if progress.enabled else None,
                full=full,
                jobs=jobs,
                file_timeout=file_timeout or None,
                wait=wait,
                on_wait=lambda message: click.echo(one_line(message), err=True),
                ocr=ocr,
            )
    except (
        BaseException
    ) as err:  # one sentence that says what changed; the traceback of a bug only on request
        message, code, is_error = describe(err, outputs, before)
        message = one_line(message)
        if os.environ.get("OSCE_DATA_DEBUG") and message.startswith("Internal error"):
            raise
        if is_error:
            problem = click.ClickException(message)
            problem.exit_code = code
            raise problem from None
        click.echo(message, err=True)
        raise click.exceptions.Exit(code) from None
    for message in report.messages:
        click.echo(one_line(message), err=True)
    if not quiet:
        for message in report.warnings:
            click.echo(f"warning: {one_line(message)}", err=True)
    if not quiet:
        click.echo(summary(report, db_path, package_dir))
    if strict and report.issues.get("error"):
        raise click.ClickException(
            f"{report.issues['error']} parse issue(s) of level 'error' (see the parse_issues "
            "table); failing because of --strict."
        )


class Progress:
    """A progress bar on stderr: files done, records read, parse issues, cache hits."""

    def __init__(self, enabled: bool):
        self.enabled, self.bar, self.total = enabled, None, 0
        self.records = self.issues = self.hits = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)

    def update(self, path: Path, result) -> None:
        if self.bar is None:
            self.bar = click.progressbar(
                length=self.total,
                label="Reading journals",
                file=sys.stderr,
                show_pos=True,
                item_show_func=lambda _: self.status(),
            )
            self.bar.__enter__()
        self.records += result.records
        self.issues += result.issues
        self.hits += bool(result.cached)
        self.bar.update(1, path)

    def status(self) -> str:
        return f"{self.records:,} records, {self.issues:,} issues" + (
            f", {self.hits:,} cached" if self.hits else ""
        )


def how_written(report) -> str:
    if report.patched:
        if not report.rewritten:
            return "Nothing changed in the sources: the previous outputs were kept."
        return (
            "Patched the previous outputs: the rows of "
            f"{report.rewritten} source(s) were written again."
        )
    return "Wrote every row again" + (
        f" ({report.full_reason})." if report.full_reason else " (--full)."
    )


def named(path: Path | str) -> str:
    """A path as a message shows it: one line (a folder named with a line break escaped)."""
    from .outputs import shown

    return one_line(shown(path))


def summary(report, db_path: Path, package_dir: Path | None) -> str:
    rows = "\n".join(f"  {name:<22}{count:>8}" for name, count in report.counts.items())
    issues = (
        ", ".join(f"{n} {level}" + ("s" if n != 1 else "") for level, n in report.issues.items())
        or "none"
    )
    target = named(db_path) + (f" and {named(package_dir)}/" if package_dir else "")
    reused = (
        f", {report.texts_reused} of them from the text of a PDF or DOCX extracted before"
        if report.texts_reused
        else ""
    )
    return (
        f"Built {target} from {report.files} file(s) in {report.seconds:.2f} s"
        f" ({report.cache_hits} read from the cache, {report.files - report.cache_hits} read "
        f"again{reused}; {report.records:,} records).\n{how_written(report)}\n"
        f"Rows per table:\n{rows}\n"
        f"Parse issues: {issues}.\n"
        f"Lines accounted for by records: {report.lines_accounted}/{report.lines} "
        f"({report.accounted:.1%})."
    )


@main.command()
@click.argument(
    "directory", default="datapackage", type=click.Path(file_okay=False, path_type=Path)
)
def validate(directory: Path) -> None:
    """Validate a data package with frictionless (schemas, types, keys, foreign keys).

    Exits with status 1 and lists the errors when the package is not valid.
    """
    from .validate import validate_package

    try:
        tables = validate_package(directory)
    except OsceDataError as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"{named(directory)}/datapackage.json is valid: {tables} tables checked.")


@main.command()
@click.option(
    "--db",
    "db_path",
    default="osce.db",
    show_default=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Database built by `osce-data build`.",
)
@click.option("--limit", default=50, show_default=True, help="Show at most this many labels.")
def actors(db_path: Path, limit: int) -> None:
    """List speaker labels that no actor matched, most frequent first.

    Add them (or an alias) to the actor registry, build_data/data/actors.yml,
    and rebuild.
    """
    from .exports.database import open_read_only

    with one_sentence_errors("Cannot read the database{where}: {reason}.", ". Please report it"):
        conn = open_read_only(db_path)  # one osce-data built, never written to
        try:
            rows = conn.execute(
                "select coalesce(speaker_label, '(blank)') as label, resolution, count(*) as n "
                "from statements where actor_id is null group by 1, 2 order by n desc, label "
                "limit :limit",
                {"limit": limit},
            ).fetchall()
        finally:
            conn.close()
    if not rows:
        click.echo("Every speaker label is resolved to an actor.")
        return
    for r in rows:
        click.echo(f"{r['n']:>6}  {r['label']}  ({r['resolution']})")


@main.command(
    epilog="""\b
Exit codes:
  0  exported (warnings allowed; they are printed on stderr)
  1  the database is missing or not built by osce-data, or the folder cannot be written
  2  usage error (bad option or format)"""
)
@click.argument("formats", nargs=-1, type=click.Choice(FORMAT_NAMES))
@click.option(
    "--db",
    "db_path",
    default="osce.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database built by `osce-data build` (read only).",
)
@click.option(
    "--out",
    "out",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write into  [default: exports/ next to the database].",
)
def export(formats: tuple[str, ...], db_path: Path, out: Path | None) -> None:
    """Export the database as FORMATS (all four when none is named):

    \b
      akn      akn/<decision id>.xml, akn/<meeting id>.xml: decisions and journals
               in Akoma Ntoso 3.0
      popolo   popolo.json: organizations, persons, posts, memberships, events, speeches
      parquet  parquet/<table>.parquet: every published table
      graph    graph/citations.graphml, edges.csv, nodes.csv: the citation graph

    The folder also gets SHA256SUMS, listing every exported file (check with
    `sha256sum -c SHA256SUMS` inside it). The same database always gives the same
    bytes. Files the export did not write are left alone.
    """
    with one_sentence_errors(
        "Cannot write the exports{where}: {reason}; check --out and free space.",
        ". Please report it",
    ):
        from .exports.folder import export as run_export

        report = run_export(db_path, out, formats)
    for message in report.warnings:
        click.echo(f"warning: {one_line(message)}", err=True)
    lines = [
        f"  {fmt:<9}{len(files):>5} file(s) {report.bytes(fmt):>12,} bytes"
        for fmt, files in report.files.items()
    ]
    removed = (
        f"\nRemoved {len(report.removed)} file(s) an earlier export wrote and this one did not."
        if report.removed
        else ""
    )
    click.echo(
        f"Exported {named(db_path)} to {named(report.out)}/:\n"
        + "\n".join(lines)
        + f"\nChecksums of every exported file: {named(report.out)}/SHA256SUMS."
        + removed
    )


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help=(
        "text: a readable summary; markdown: the same for a changelog or a pull request; json: "
        "an object with tables, schema and bump."
    ),
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Example rows shown per table and kind of change (0: all).",
)
def diff(old: Path, new: Path, fmt: str, max_rows: int) -> None:
    """Show what changed from the build OLD to the build NEW.

    OLD and NEW are SQLite databases (osce.db), data package folders (datapackage/) or
    release archives (dist/osce-data-X.Y.Z.zip). Per table: rows added, removed and
    changed (matched by primary key) with the columns that changed and their old and new
    values; schema changes (tables and columns added, removed or retyped); and the
    smallest version bump the changes require (major: a table or column removed or
    retyped; minor: tables, columns or rows added, or rows removed; patch: only values
    corrected).
    """
    from .diff import diff as run_diff
    from .diff_report import render

    try:
        result = run_diff(old, new, max_rows or None)
    except OsceDataError as err:
        raise UsageError(str(err)) from None
    click.echo(render(result, fmt), nl=False)


@main.command("release")
@click.option(
    "--version",
    "version",
    metavar="X.Y.Z",
    help=(
        "The version to release (default: the smallest the changes since the last release "
        "require; 1.0.0 for the first)."
    ),
)
@click.option(
    "--date", "date", metavar="YYYY-MM-DD", help="The release date (default: today, UTC)."
)
@click.option(
    "--since",
    type=click.Path(exists=True, path_type=Path),
    help=(
        "The last release's data (database, package folder or archive), when it is neither in "
        "dist/ nor in the git history of the package folder."
    ),
)
@click.option("--dry-run", is_flag=True, help="Only say what would be released.")
@click.option(
    "--repository",
    metavar="URL",
    help="The repository's URL, for CITATION.cff (kept for later releases).",
)
@click.option(
    "--db",
    "db_path",
    default="osce.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The current build's database.",
)
@click.option(
    "--package-dir",
    default="datapackage",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The current build's data package.",
)
@click.option(
    "--metadata",
    "metadata_path",
    default="metadata.yml",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Datasette metadata to write again with the new version.",
)
@click.option(
    "--exports",
    default="exports",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Other export formats to put in the archive, when the folder exists.",
)
@click.option(
    "--changelog",
    default="CHANGELOG-data.md",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The data changelog; the new entry goes on top.",
)
@click.option(
    "--citation",
    "citation_path",
    default="CITATION.cff",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The citation file to write.",
)
@click.option(
    "--dist",
    default="dist",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the release archive goes.",
)
def release_command(
    version,
    date,
    since,
    dry_run,
    repository,
    db_path,
    package_dir,
    metadata_path,
    exports,
    changelog,
    citation_path,
    dist,
) -> None:
    """Release the current build as a citable version of the data.

    Compares the current build (--db) with the last release (recorded in
    build_data/data/release.json), proposes the smallest version the changes require
    (see `osce-data diff`) and refuses a lower one. Then writes the release record, the
    package's version and date (datapackage.json, metadata.yml), a new entry at the top
    of CHANGELOG-data.md, CITATION.cff, and dist/osce-data-X.Y.Z.zip: the database, the
    package, the exports, the changelog, CITATION.cff and SHA256SUMS, byte-identical when
    made again from the same files. Run it again with the recorded version to make that
    release's archive again (e.g. in a fresh clone); an archive of the same version with
    other contents is never replaced.
    """
    from .release import Paths, plan, release

    paths = Paths(db_path, package_dir, exports, changelog, citation_path, dist, metadata_path)
    try:
        chosen = plan(paths, version, date, since)
        if dry_run:
            click.echo(release_summary(chosen, "Would release"))
            return
        written = release(paths, chosen, repository)
    except OsceDataError as err:
        raise UsageError(str(err)) from None
    except OSError as err:
        raise click.ClickException(
            f"Cannot write the release ({err.filename or ''}: "
            f"{err.strerror or err}); check the paths and free space."
        ) from None
    click.echo(release_summary(chosen, "Made again" if chosen.remake else "Released"))
    click.echo("Wrote " + ", ".join(named(p) for p in written) + ".")


def release_summary(p, verb: str) -> str:
    if p.last is None:
        return f"{verb} {p.version} of {p.date}: the first release of the data."
    from .diff_report import totals

    return f"{verb} {p.version} of {p.date} (last release {p.last.version}). {totals(p.diff)}"


class UsageError(click.ClickException):
    """A wrong argument: one sentence, exit status 2."""

    exit_code = 2


@main.command()
@click.argument("path", default="metadata.yml", type=click.Path(dir_okay=False, path_type=Path))
def metadata(path: Path) -> None:
    """Write Datasette's metadata.yml from the table catalogue (replacing only a regular
    file, never a device, folder or link)."""
    from .errors import UsageProblem
    from .outputs import check_file
    from .publish import write_metadata

    try:
        check_file(str(path), path, "metadata")
    except UsageProblem as err:
        raise UsageError(str(err)) from None
    with one_sentence_errors(
        f"Cannot write {path}{{where}}: {{reason}}; check the path and its permissions.",
        ". Please report it",
    ):
        write_metadata(path)
    click.echo(f"Wrote {named(path)}.")


@main.command("spreadsheet-csv")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--package-dir",
    default="datapackage",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The data package to copy.",
)
def spreadsheet_csv(out_dir: Path, package_dir: Path) -> None:
    """Write spreadsheet-safe copies of the package's CSV files to OUT_DIR.

    The package keeps every value verbatim; in these copies a text cell starting with
    =, +, -, @, a tab or a carriage return is prefixed with ' so that a spreadsheet
    program shows it as text instead of running it as a formula.
    """
    from .errors import UsageProblem
    from .spreadsheet import write_spreadsheet_copies

    with one_sentence_errors(
        f"Cannot write the copies into {out_dir}{{where}}: {{reason}}; check the path, its "
        "permissions and free space.",
        ". Please report it",
    ):
        try:
            n = write_spreadsheet_copies(package_dir, out_dir)
        except UsageProblem as err:  # exit 2, not the 1 of other errors
            raise UsageError(str(err)) from None
    click.echo(
        f"Wrote spreadsheet-safe CSV files to {named(out_dir)}/ ({n} cell(s) prefixed with ')."
    )


@main.command("serve")
@click.option(
    "--db",
    "db_path",
    default="osce.db",
    show_default=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The database to serve (immutable; restart the server after a rebuild).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes (each answers requests on its own).",
)
@click.option(
    "--secret-file",
    default=SECRET_FILE,
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File holding the secret that signs cookies and tokens; made when absent.",
)
def serve(db_path: Path, host: str, port: int, workers: int, secret_file: Path) -> None:
    """Serve the site from the project folder as `make serve` does: Datasette with the
    database immutable, metadata.yml, the templates, plugins/, the static folders
    datapackage/, exports/ and dist/ (those present) and the site's settings, under
    Gunicorn with WORKERS Uvicorn worker processes sharing one secret.

    The server replaces this process (same process id); stop it with Ctrl-C or SIGTERM.
    While it runs, a build does not patch the database in place (it writes a new file
    that replaces it; restart the server to show the new data).
    """
    import subprocess

    from .exports.database import open_read_only
    from .lock import mark_served
    from .site_command import missing_site_files, server, site_secret

    with one_sentence_errors(
        "Cannot start the site{where}: {reason}; check --db and --secret-file.",
        ". Please report it",
    ):
        open_read_only(db_path).close()  # one osce-data built: else one sentence saying so
        missing = missing_site_files()
        if missing:
            raise click.ClickException(
                f"The site is served from the project folder, which holds metadata.yml and "
                f"plugins/; {Path.cwd()} has no {' and no '.join(missing)}. Run it in the "
                "project folder (or `make serve` there)."
            )
        mark_served(db_path, on_wait=lambda message: click.echo(one_line(message), err=True))
        try:
            command, environment = server(
                db_path, host=host, port=port, workers=workers, secret=site_secret(secret_file)
            )
        except subprocess.CalledProcessError as err:
            said = (err.stderr or b"").decode("utf-8", "replace").strip().splitlines()
            raise click.ClickException(
                f"datasette inspect could not read {db_path}"
                + (f" ({said[-1].strip()})" if said else "")
                + "."
            ) from None
    click.echo(f"Serving {named(db_path)} on http://{host}:{port}/ with {workers} worker(s).")
    sys.stdout.flush()
    os.execve(command[0], command, environment)


if __name__ == "__main__":  # pragma: no cover
    main()
