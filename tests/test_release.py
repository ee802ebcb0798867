"""Versioned releases: the package states its version and the checksums of its CSVs
(which the real frictionless validator checks), and `osce-data release` proposes the
version the changes require, refuses a lower one, and writes the changelog entry,
CITATION.cff and a reproducible archive whose SHA256SUMS `sha256sum -c` accepts."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import BUNDLED, ROOT, kill_inside_commit

from build_data import release_record
from build_data.cli import main
from build_data.errors import ValidationError
from build_data.export import PACKAGE
from build_data.release_record import Release, Version, last_release
from build_data.tables import CATALOGUE
from build_data.validate import validate_package


def test_package_states_version_and_checksums(bundled):
    """datapackage.json carries the recorded release's version and date, the
    contributors, and for every CSV its size in bytes and its SHA-256."""
    descriptor = json.loads((bundled.package / "datapackage.json").read_text(encoding="utf-8"))
    release = last_release()
    assert (descriptor["version"], descriptor["created"]) == (
        str(release.version),
        f"{release.date}T00:00:00Z",
    )
    assert descriptor["contributors"] == PACKAGE["contributors"]
    for r in descriptor["resources"]:
        data = (bundled.package / r["path"]).read_bytes()
        assert (r["bytes"], r["hash"]) == (len(data), "sha256:" + hashlib.sha256(data).hexdigest())


def test_a_changed_byte_fails_validation(bundled, tmp_path):
    """One byte of a CSV changed (the CSV still well formed and valid against its schema):
    frictionless reports the hash mismatch; a byte added also breaks the byte count."""
    package = tmp_path / "pkg"
    shutil.copytree(bundled.package, package)
    csv = package / "decisions.csv"
    data = csv.read_bytes()
    i = data.index(b"Trafficking")
    csv.write_bytes(data[:i] + b"t" + data[i + 1 :])
    with pytest.raises(ValidationError) as err:
        validate_package(package)
    assert "hash-count" in str(err.value) and "byte-count" not in str(err.value)
    csv.write_bytes(data[:i] + b"T" + data[i:])
    with pytest.raises(ValidationError) as err:
        validate_package(package)
    assert "hash-count" in str(err.value) and "byte-count" in str(err.value)
    result = CliRunner().invoke(main, ["validate", str(package)])
    assert result.exit_code == 1 and "hash-count" in result.output


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with its own release record and a build of the bundled journal."""
    monkeypatch.setattr(release_record, "RECORD", tmp_path / "release.json")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sources").mkdir()
    shutil.copy(BUNDLED, tmp_path / "sources")
    run("build", "-q", "-j", "1")
    return tmp_path


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result.output


def add_journal(project: Path, shared_journals: Path, name: str) -> None:
    shutil.copy(shared_journals / name, project / "sources")
    run("build", "-q", "-j", "1")


def test_first_release(project):
    """The first release is 1.0.0 unless told: the record, the package's version and
    date, the metadata, the changelog entry, CITATION.cff and the archive."""
    out = run("release", "--date", "2026-12-01")
    assert out.splitlines()[0] == "Released 1.0.0 of 2026-12-01: the first release of the data."
    record = last_release()
    assert (record.version, record.date) == (Version(1, 0, 0), "2026-12-01")
    descriptor = json.loads((project / "datapackage" / "datapackage.json").read_text())
    assert record.tables == {r["name"]: r["hash"] for r in descriptor["resources"]}
    assert (descriptor["version"], descriptor["created"]) == ("1.0.0", "2026-12-01T00:00:00Z")
    assert "Release <strong>1.0.0</strong> of 2026-12-01" in (project / "metadata.yml").read_text()
    changelog = (project / "CHANGELOG-data.md").read_text()
    assert changelog.startswith("# Changelog of the data\n")
    assert (
        "\n## 1.0.0 (2026-12-01)\n\nFirst release of the data.\n\n| table | rows |\n"
        "|---|---:|\n| `sources` | 1 |\n"
    ) in changelog
    assert yaml.safe_load((project / "CITATION.cff").read_text()) == {
        "cff-version": "1.2.0",
        "message": "If you use this dataset, please cite it by its version (1.0.0) as below.",
        "type": "dataset",
        "title": PACKAGE["title"],
        "version": "1.0.0",
        "date-released": "2026-12-01",
        "license": "CC-BY-4.0",
        "authors": [{"name": "osce-data contributors"}],
        "abstract": PACKAGE["description"],
        "keywords": [
            "OSCE",
            "meeting journals",
            "Permanent Council",
            "Forum for Security Co-operation",
            "Ministerial Council",
            "open data",
        ],
    }
    assert validate_package(project / "datapackage") == len(CATALOGUE)


def test_archive_is_reproducible_and_checks(project, tmp_path_factory):
    """The archive holds the database, the package, the exports, the changelog,
    CITATION.cff and SHA256SUMS, in sorted order with the release date as every time;
    made again it is the same bytes; unpacked, `sha256sum -c SHA256SUMS` passes."""
    (project / "exports").mkdir()
    (project / "exports" / "osce.parquet.txt").write_text("an export\n")
    run("release", "--date", "2026-12-01")
    archive = project / "dist" / "osce-data-1.0.0.zip"
    first = archive.read_bytes()
    archive.unlink()
    assert (
        run("release", "--version", "1.0.0")
        .splitlines()[0]
        .startswith("Made again 1.0.0 of 2026-12-01")
    )
    assert archive.read_bytes() == first
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        assert {i.date_time for i in z.infolist()} == {(2026, 12, 1, 0, 0, 0)}
        out = tmp_path_factory.mktemp("unpacked")
        z.extractall(out)
    top = "osce-data-1.0.0/"
    expected = [
        "CHANGELOG-data.md",
        "CITATION.cff",
        *sorted(f"datapackage/{p.name}" for p in (project / "datapackage").iterdir()),
        "exports/osce.parquet.txt",
        "osce.db",
    ]
    assert names == [top + n for n in sorted(expected)] + [top + "SHA256SUMS"]
    check = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=out / top, capture_output=True, text=True
    )
    assert (check.returncode, check.stdout) == (0, "".join(f"{n}: OK\n" for n in sorted(expected)))


def test_next_release_proposes_and_enforces_the_bump(project, shared_journals):
    """After a journal is added the changes need MINOR: 1.1.0 is proposed, 1.0.1 refused
    with one sentence and status 2; the changelog entry says what was added."""
    run("release", "--date", "2026-12-01")
    add_journal(project, shared_journals, "pc-1233.txt")
    assert run("release", "--dry-run").startswith("Would release 1.1.0 of ")
    out = run("release", "--version", "1.0.1", code=2)
    assert out == (
        "Error: Version 1.0.1 is lower than the changes since release 1.0.0 require (rows "
        "added): use 1.1.0 or higher.\n"
    )
    run("release", "--date", "2026-12-02")
    entry = (project / "CHANGELOG-data.md").read_text().split("\n## ")[1]
    assert entry.startswith(
        "1.1.0 (2026-12-02)\n\nChanges since release 1.0.0: minor (rows added).\n\n"
        "- Meetings added: 1 (pc-1233).\n- No rows corrected.\n- No schema changes.\n"
    )
    assert last_release().version == Version(1, 1, 0)
    assert (
        json.loads((project / "datapackage" / "datapackage.json").read_text())["version"] == "1.1.0"
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_last_release_found_in_git(project, shared_journals):
    """Without its archive, the last release's data is the commit of datapackage/ whose
    datapackage.json lists the recorded hashes."""
    run("release", "--date", "2026-12-01")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], check=True)
    subprocess.run([*git, "add", "datapackage"], check=True)
    subprocess.run([*git, "commit", "-qm", "release 1.0.0"], check=True)
    shutil.rmtree(project / "dist")
    add_journal(project, shared_journals, "fsc-966.txt")
    assert run("release", "--dry-run").startswith("Would release 1.1.0 of ")


def test_no_data_for_the_last_release(project, shared_journals):
    """Without archive, git history or --since, the release says where to give the data."""
    run("release", "--date", "2026-12-01")
    shutil.rmtree(project / "dist")
    add_journal(project, shared_journals, "fsc-966.txt")
    out = run("release", code=2)
    assert out.startswith(
        "Error: Cannot find the data of release 1.0.0: "
    ) and out.rstrip().endswith("give it with --since (its database, package folder or archive).")


def test_an_archive_with_other_contents_is_never_replaced(project):
    """A release archive of the same version with other bytes stays as it is."""
    run("release", "--date", "2026-12-01")
    archive = project / "dist" / "osce-data-1.0.0.zip"
    archive.write_bytes(b"published elsewhere")
    out = run("release", "--version", "1.0.0", code=2)
    assert out.startswith(
        f"Error: {Path('dist') / 'osce-data-1.0.0.zip'} already exists with other contents"
    )
    assert archive.read_bytes() == b"published elsewhere"


def test_bad_version_is_one_sentence(project):
    """A version not of the form X.Y.Z: one sentence, status 2."""
    assert (
        run("release", "--version", "v2", code=2)
        == "Error: 'v2' is not a version of the form MAJOR.MINOR.PATCH (e.g. 1.2.0).\n"
    )


def test_committed_changelog_and_citation_are_the_recorded_release():
    """The committed CHANGELOG-data.md starts with the recorded release, and CITATION.cff
    cites it."""
    record = release_record.last_release()
    assert isinstance(record, Release)
    assert (
        (ROOT / "CHANGELOG-data.md")
        .read_text(encoding="utf-8")
        .split("\n## ")[1]
        .startswith(f"{record.version} ({record.date})")
    )
    assert yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["version"] == str(
        record.version
    )


def test_site_shows_the_release(project):
    """Served as `make serve` serves it (dist/ at /dist), the home page names the version
    and date and links to the changelog and the archive, which answer with those files;
    a row page says which release it is from."""
    import asyncio

    from datasette.app import Datasette

    run("release", "--date", "2026-12-01")
    archive_link, changelog_link = "/dist/osce-data-1.0.0.zip", "/dist/CHANGELOG-data.md"

    async def fetch():
        ds = Datasette(
            [str(project / "osce.db")],
            metadata=yaml.safe_load((project / "metadata.yml").read_text(encoding="utf-8")),
            template_dir=str(ROOT / "build_data" / "templates"),
            static_mounts=[("dist", str(project / "dist"))],
        )
        await ds.invoke_startup()
        return {
            p: await ds.client.get(p)
            for p in ("/", archive_link, changelog_link, "/osce/meetings/pc-976")
        }

    pages = asyncio.run(fetch())
    assert {p: r.status_code for p, r in pages.items()} == dict.fromkeys(pages, 200)
    home = pages["/"].text
    assert "Release <strong>1.0.0</strong> of 2026-12-01" in home
    assert f'href="{archive_link}"' in home and f'href="{changelog_link}"' in home
    assert pages[archive_link].content == (project / "dist" / "osce-data-1.0.0.zip").read_bytes()
    assert pages[changelog_link].text == (project / "CHANGELOG-data.md").read_text(encoding="utf-8")
    assert (
        '<p class="release">From release 1.0.0 of the data (2026-12-01); cite that version.</p>'
        in pages["/osce/meetings/pc-976"].text
    )


def test_an_archive_of_a_new_version_that_exists_stops_the_release(project, shared_journals):
    """Releasing a new version whose archive already exists in dist/ is refused before
    anything is written (record, changelog and archive stay as they were)."""
    run("release", "--date", "2026-12-01")
    add_journal(project, shared_journals, "fsc-966.txt")
    (project / "dist" / "osce-data-1.1.0.zip").write_bytes(b"someone else's")
    changelog = (project / "CHANGELOG-data.md").read_text()
    out = run("release", code=2)
    assert out == (
        f"Error: {Path('dist') / 'osce-data-1.1.0.zip'} already exists, but 1.1.0 is not the "
        "last release: a version is published once; choose another version.\n"
    )
    assert (last_release().version, (project / "CHANGELOG-data.md").read_text()) == (
        Version(1, 0, 0),
        changelog,
    )
    assert (project / "dist" / "osce-data-1.1.0.zip").read_bytes() == b"someone else's"


def test_rebuild_after_a_release_states_the_new_version(project):
    """When the record names a release the last build did not know, a rebuild with no
    source changed (which writes no rows) still writes the new version into
    datapackage.json and metadata.yml: the same bytes as a build from scratch."""
    from build_data.release_record import write_release

    write_release(Release(Version(2, 0, 0), "2027-01-05", {}))
    assert "Nothing changed in the sources: the previous outputs were kept." in run(
        "build", "-j", "1"
    )
    run(
        "build",
        "--full",
        "--db",
        "full.db",
        "--package-dir",
        "full-pkg",
        "--metadata",
        "full.yml",
        "-q",
        "-j",
        "1",
    )
    assert (project / "datapackage" / "datapackage.json").read_bytes() == (
        project / "full-pkg" / "datapackage.json"
    ).read_bytes()
    assert (project / "metadata.yml").read_bytes() == (project / "full.yml").read_bytes()
    assert (
        json.loads((project / "datapackage" / "datapackage.json").read_text())["version"] == "2.0.0"
    )


def test_a_package_edited_after_the_build_is_not_released(project):
    """A CSV that is not the one datapackage.json describes stops the release before
    anything is written."""
    csv = project / "datapackage" / "meetings.csv"
    csv.write_bytes(csv.read_bytes().replace(b"Kyiv", b"Kiev"))
    out = run("release", code=2)
    assert out == (
        "Error: The CSV files of datapackage are not those its datapackage.json describes: "
        "run `osce-data build` again.\n"
    )
    assert last_release() is None and not (project / "CHANGELOG-data.md").exists()


def test_a_database_left_inside_a_commit_is_restored_before_diff_and_release(
    project, tmp_path_factory
):
    """A patch killed inside its commit leaves changes half in osce.db and the pages as
    they were in a hot journal: a read-only reader fails on it ("attempt to write a
    readonly database") and an archive of the file would hold the mixture. `osce-data
    diff` and `release` roll it back first, as the next build would: the diff finds the
    committed database, and the release archives it byte for byte."""
    committed = tmp_path_factory.mktemp("committed") / "osce.db"
    shutil.copy(project / "osce.db", committed)
    kill_inside_commit(project / "osce.db")
    out = run("diff", str(committed), "osce.db")
    assert out.splitlines()[-1].endswith("No changes: the same version still describes the data.")
    assert not (project / "osce.db-journal").exists()
    kill_inside_commit(project / "osce.db")
    run("release", "--date", "2026-12-01")
    assert not (project / "osce.db-journal").exists()
    with zipfile.ZipFile(project / "dist" / "osce-data-1.0.0.zip") as z:
        assert z.read("osce-data-1.0.0/osce.db") == committed.read_bytes()


@pytest.mark.parametrize(
    ("option", "sentence"),
    [
        ("--changelog", "is not the data changelog osce-data writes"),
        ("--citation", "is not a citation file (CITATION.cff)"),
        ("--metadata", "is not Datasette metadata osce-data wrote"),
    ],
)
def test_a_file_of_the_users_is_never_released_over(project, option, sentence):
    """--changelog, --citation or --metadata naming a file of the user's (README.md by
    mistake): refused before anything is written (the release rewrote it, and the release
    record, package and archive were made)."""
    notes = project / "README.md"
    notes.write_text("# My project\n\nNotes.\n", encoding="utf-8")
    descriptor = (project / "datapackage" / "datapackage.json").read_bytes()
    out = run("release", "--date", "2026-12-01", option, "README.md", code=2)
    assert out == (
        f"Error: {option} README.md exists and {sentence}; osce-data replaces only files it "
        "wrote; give another path or remove the file.\n"
    )
    assert notes.read_text(encoding="utf-8") == "# My project\n\nNotes.\n"
    assert last_release() is None
    assert not (project / "dist").exists()
    assert (project / "datapackage" / "datapackage.json").read_bytes() == descriptor


def test_a_failed_release_puts_back_what_it_rewrote(project, shared_journals, monkeypatch):
    """A release that fails once it has begun writing (here its archive cannot be written:
    the disk is full) puts back the record, descriptor, metadata, changelog and citation as
    they were: the record never names a release whose archive was not made."""
    import errno

    from build_data import release as release_module

    run("release", "--date", "2026-12-01")
    add_journal(project, shared_journals, "fsc-966.txt")
    files = [
        release_record.RECORD,
        project / "datapackage" / "datapackage.json",
        project / "metadata.yml",
        project / "CHANGELOG-data.md",
        project / "CITATION.cff",
        project / "dist" / "CHANGELOG-data.md",
    ]
    before = {f: f.read_bytes() for f in files}

    def full_disk(target, *args, **kwargs):
        Path(target).write_bytes(b"half an archive")
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(release_module, "write_archive", full_disk)
    out = run("release", "--date", "2026-12-05", code=1)
    assert out.startswith("Error: Cannot write the release (") and "No space left" in out
    assert {f: f.read_bytes() for f in files} == before
    assert last_release().version == Version(1, 0, 0)
    assert sorted(p.name for p in (project / "dist").iterdir()) == [
        "CHANGELOG-data.md",
        "osce-data-1.0.0.zip",
    ]  # no archive, and no half-written one left behind
    monkeypatch.undo()  # as the disk has room again: the release is made
    monkeypatch.setattr(release_record, "RECORD", files[0])
    monkeypatch.chdir(project)
    assert run("release", "--date", "2026-12-05").startswith("Released 1.1.0")
