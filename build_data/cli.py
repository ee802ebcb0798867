"""Command-line interface: a thin shell over the pipeline."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import OsceDataError

EXIT_CODES = """\b
Exit codes:
  0  built (warnings allowed; they are printed on stderr)
  1  nothing could be built, or (with --strict) built with errors
  2  usage error (bad option or argument)"""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="osce-data")
def main() -> None:
    """Turn OSCE meeting journals (Permanent Council, Forum for Security Co-operation,
    Ministerial Council) into open data: a SQLite database for Datasette and a
    Frictionless data package.

    Start with `osce-data build`, which reads the bundled journal in sources/.
    """


@main.command(epilog=EXIT_CODES)
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--db", "db_path", default="osce.db", show_default=True, type=click.Path(dir_okay=False, path_type=Path), help="SQLite database to write (replaced only when the build is complete).")
@click.option("--package-dir", default="datapackage", show_default=True, type=click.Path(file_okay=False, path_type=Path), help="Folder of the Frictionless data package to write.")
@click.option("--metadata", "metadata_path", default="metadata.yml", show_default=True, type=click.Path(dir_okay=False, path_type=Path), help="Datasette metadata file to write.")
@click.option("--no-package", is_flag=True, help="Write only the database (and metadata), not the data package.")
@click.option("--strict", is_flag=True, help="Exit with status 1 when any parse issue of level 'error' was recorded.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary; errors are still printed.")
@click.option("--ocr", is_flag=True, help="Read scanned PDFs (no text layer) by OCR with Tesseract, when it is installed (slow; the text gets an ocr-used warning).")
@click.option("--full", is_flag=True, help="Read every source and write every row again, instead of reusing the cached results of unchanged files (DB.cache) and patching the previous outputs.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes reading sources (default: one per CPU).")
@click.option("--file-timeout", type=click.FloatRange(min=0), default=60, show_default=True, metavar="SECONDS", help="Stop reading a file that takes longer than this; it is kept as an unreadable source with a file-timeout error and the others are built (0: no limit).")
def build(sources: tuple[Path, ...], db_path: Path, package_dir: Path, metadata_path: Path, no_package: bool, strict: bool, quiet: bool, ocr: bool, full: bool, jobs: int | None, file_timeout: float) -> None:
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
    """
    from .pipeline import build as run_build

    if ocr:
        from .extract import ocr as ocr_module

        os.environ[ocr_module.ENV] = "1"  # read by the PDF extractor, also in worker processes
        if not ocr_module.available():
            click.echo("--ocr: the tesseract command is not installed (apt-get install tesseract-ocr tesseract-ocr-eng); scans are reported as no-text-layer.", err=True)
    paths = list(sources) or [Path("sources")]
    progress = Progress(enabled=not quiet and sys.stderr.isatty())
    try:
        if progress.enabled:
            from .pipeline import discover

            progress.total = len(discover(paths)[0])
        with progress:
            report = run_build(paths, db_path, None if no_package else package_dir, metadata_path, on_file=progress.update if progress.enabled else None, full=full, jobs=jobs, file_timeout=file_timeout or None)
    except OsceDataError as err:
        raise click.ClickException(str(err)) from None
    except OSError as err:  # e.g. the output folder is not writable, or the disk is full
        where = f" ({err.filename})" if err.filename else ""
        raise click.ClickException(f"Cannot write the outputs{where}: {err.strerror or err}; check the --db and --package-dir paths and free space. The previous outputs are unchanged.") from None
    except Exception as err:  # a bug: one sentence, the traceback only on request
        if os.environ.get("OSCE_DATA_DEBUG"):
            raise
        raise click.ClickException(f"Internal error ({type(err).__name__}: {err}); the previous outputs are unchanged. Please report it with the input files (set OSCE_DATA_DEBUG=1 to see the traceback).") from None
    for message in report.messages:
        click.echo(message, err=True)
    if not quiet:
        for message in report.warnings:
            click.echo(f"warning: {message}", err=True)
    if not quiet:
        click.echo(summary(report, db_path, None if no_package else package_dir))
    if strict and report.issues.get("error"):
        raise click.ClickException(f"{report.issues['error']} parse issue(s) of level 'error' (see the parse_issues table); failing because of --strict.")


class Progress:
    """A progress bar on stderr: files done, records read, parse issues, cache hits."""

    def __init__(self, enabled: bool):
        self.enabled, self.bar, self.total = enabled, None, 0
        self.records = self.issues = self.hits = 0

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)

    def update(self, path: Path, result) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=self.total, label="Reading journals", file=sys.stderr, show_pos=True, item_show_func=lambda _: self.status())
            self.bar.__enter__()
        self.records += result.records
        self.issues += result.issues
        self.hits += bool(result.cached)
        self.bar.update(1, path)

    def status(self) -> str:
        return f"{self.records:,} records, {self.issues:,} issues" + (f", {self.hits:,} cached" if self.hits else "")


def how_written(report) -> str:
    if report.patched:
        if not report.rewritten:
            return "Nothing changed in the sources: the previous outputs were kept."
        return f"Patched the previous outputs: the rows of {report.rewritten} source(s) were written again."
    return "Wrote every row again" + (f" ({report.full_reason})." if report.full_reason else " (--full).")


def summary(report, db_path: Path, package_dir: Path | None) -> str:
    rows = "\n".join(f"  {name:<22}{count:>8}" for name, count in report.counts.items())
    issues = ", ".join(f"{n} {level}" + ("s" if n != 1 else "") for level, n in report.issues.items()) or "none"
    target = f"{db_path}" + (f" and {package_dir}/" if package_dir else "")
    return (
        f"Built {target} from {report.files} file(s) in {report.seconds:.2f} s"
        f" ({report.cache_hits} read from the cache, {report.files - report.cache_hits} read again; {report.records:,} records).\n"
        f"{how_written(report)}\n"
        f"Rows per table:\n{rows}\n"
        f"Parse issues: {issues}.\n"
        f"Lines accounted for by records: {report.lines_accounted}/{report.lines} ({report.accounted:.1%})."
    )


@main.command()
@click.argument("directory", default="datapackage", type=click.Path(file_okay=False, path_type=Path))
def validate(directory: Path) -> None:
    """Validate a data package with frictionless (schemas, types, keys, foreign keys).

    Exits with status 1 and lists the errors when the package is not valid.
    """
    from .validate import validate_package

    try:
        tables = validate_package(directory)
    except OsceDataError as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"{directory}/datapackage.json is valid: {tables} tables checked.")


@main.command()
@click.option("--db", "db_path", default="osce.db", show_default=True, type=click.Path(dir_okay=False, exists=True, path_type=Path), help="Database built by `osce-data build`.")
@click.option("--limit", default=50, show_default=True, help="Show at most this many labels.")
def actors(db_path: Path, limit: int) -> None:
    """List speaker labels that no actor matched, most frequent first.

    Add them (or an alias) to the actor registry, build_data/data/actors.yml,
    and rebuild.
    """
    import sqlite_utils

    db = sqlite_utils.Database(db_path)
    rows = list(db.query(
        "select coalesce(speaker_label, '(blank)') as label, resolution, count(*) as n from statements "
        "where actor_id is null group by 1, 2 order by n desc, label limit :limit", {"limit": limit},
    ))
    if not rows:
        click.echo("Every speaker label is resolved to an actor.")
        return
    for r in rows:
        click.echo(f"{r['n']:>6}  {r['label']}  ({r['resolution']})")


@main.command()
@click.argument("path", default="metadata.yml", type=click.Path(dir_okay=False, path_type=Path))
def metadata(path: Path) -> None:
    """Write Datasette's metadata.yml from the table catalogue."""
    from .publish import write_metadata

    write_metadata(path)
    click.echo(f"Wrote {path}.")


if __name__ == "__main__":  # pragma: no cover
    main()
