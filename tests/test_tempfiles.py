"""tempfiles.sync: what a flush before and after a rename asks of the file system, and
what it does where a folder cannot be flushed."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from build_data import tempfiles


def failing_fsync(code: int, real=os.fsync):
    """An os.fsync that fails with code for a folder, as some file systems do."""

    def fsync(fd: int) -> None:
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            raise OSError(code, os.strerror(code))
        real(fd)

    return fsync


@pytest.mark.parametrize("code", sorted(tempfiles.FOLDER_SYNC_UNSUPPORTED))
def test_a_folder_the_file_system_cannot_flush_is_left_as_it_is(code, tmp_path, monkeypatch):
    tmp, target = tmp_path / ".out.1.tmp", tmp_path / "out"
    tmp.write_text("new\n", encoding="utf-8")
    monkeypatch.setattr(os, "fsync", failing_fsync(code))
    tempfiles.replace_durably(tmp, target)
    assert target.read_text(encoding="utf-8") == "new\n" and not tmp.exists()


def test_a_file_that_cannot_be_flushed_is_an_error(tmp_path, monkeypatch):
    """EIO on a file's flush means its bytes may not be on the disk: the rename must not
    happen."""
    tmp, target = tmp_path / ".out.1.tmp", tmp_path / "out"
    tmp.write_text("new\n", encoding="utf-8")
    target.write_text("old\n", encoding="utf-8")

    def fsync(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OSError) as err:
        tempfiles.replace_durably(tmp, target)
    assert err.value.errno == errno.EIO
    assert target.read_text(encoding="utf-8") == "old\n"


@pytest.fixture
def opened(monkeypatch) -> list[Path]:
    """The paths os.open is called with from here on."""
    paths: list[Path] = []
    real_open = os.open

    def spy(path, flags, *args, **kwargs):
        paths.append(Path(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    return paths


def test_replacing_a_file_opens_only_it_and_its_folder(tmp_path, opened):
    """The folder's other files are not opened (before: each was flushed, and a file the
    user may not read made the build fail after its rename)."""
    (tmp_path / "someone-elses.txt").write_text("x\n", encoding="utf-8")
    tmp, target = tmp_path / ".out.1.tmp", tmp_path / "out"
    tmp.write_text("new\n", encoding="utf-8")
    tempfiles.replace_durably(tmp, target)
    assert opened == [tmp, tmp_path]


def test_a_staged_folder_is_flushed_with_its_files_first(tmp_path, opened):
    staged, target = tmp_path / ".pkg.1.tmp", tmp_path / "pkg"
    staged.mkdir()
    for name in ("a.csv", "b.csv"):
        (staged / name).write_text(name, encoding="utf-8")
    tempfiles.replace_durably(staged, target)
    assert sorted(opened[:2]) == [staged / "a.csv", staged / "b.csv"]
    assert opened[2:] == [staged, tmp_path]
    assert sorted(p.name for p in target.iterdir()) == ["a.csv", "b.csv"]
