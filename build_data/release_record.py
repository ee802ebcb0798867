"""The record of the last data release, and semantic versions.

The record (build_data/data/release.json, reviewed like code) is what the data package's
`version` and `created` come from, so a rebuild from the same inputs writes the same
bytes; `osce-data release` writes it. It also keeps the SHA-256 of every CSV of the
released package, so the release's data can be recognised later (in the git history of
the package, or in a release archive).
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OsceDataError
from .tempfiles import replace_durably

RECORD = Path(__file__).resolve().parent / "data" / "release.json"
BUMPS = ("none", "patch", "minor", "major")  # in increasing order of what they allow
SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")


class VersionError(OsceDataError):
    """A version that is not X.Y.Z, or lower than the changes require."""


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        m = SEMVER.fullmatch(text.strip())
        if not m:
            raise VersionError(
                f"{text!r} is not a version of the form MAJOR.MINOR.PATCH (e.g. 1.2.0)."
            )
        return cls(*map(int, m.groups()))

    def bumped(self, bump: str) -> Version:
        if bump == "major":
            return Version(self.major + 1, 0, 0)
        if bump == "minor":
            return Version(self.major, self.minor + 1, 0)
        if bump == "patch":
            return Version(self.major, self.minor, self.patch + 1)
        return self

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


def parse_date(text: str) -> str:
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise VersionError(f"{text!r} is not a date of the form YYYY-MM-DD.") from None


@dataclass(frozen=True)
class Release:
    version: Version
    date: str  # ISO date of the release
    tables: dict[str, str] = field(
        default_factory=dict
    )  # CSV name -> "sha256:..." of the released package
    repository: str | None = None  # the repository's URL, for CITATION.cff, when known

    @property
    def created(self) -> str:
        """The package's `created` (RFC 3339, as Frictionless expects): the release's day."""
        return f"{self.date}T00:00:00Z"

    def to_json(self) -> str:
        data = {
            "version": str(self.version),
            "date": self.date,
            "repository": self.repository,
            "tables": dict(sorted(self.tables.items())),
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def last_release(path: Path | None = None) -> Release | None:
    """The recorded release (RECORD unless told), or None before the first one."""
    path = path or RECORD
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        raise OsceDataError(f"{path} cannot be read ({err}); restore it from git.") from None
    return Release(
        Version.parse(data["version"]),
        data["date"],
        dict(data.get("tables", {})),
        data.get("repository"),
    )


def write_release(release: Release, path: Path | None = None) -> None:
    path = Path(path or RECORD)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(release.to_json(), encoding="utf-8")
    replace_durably(tmp, path)
