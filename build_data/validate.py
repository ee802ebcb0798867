"""Validate a data package with the real frictionless validator.

The descriptor is read first: it must be JSON, and every file it names (a resource's
path, schema or dialect) must be a relative path inside the package folder. Anything else
(an absolute path such as /etc/passwd, `..`, a URL) is refused with one sentence before
frictionless sees it, so validating never reads outside the folder and never fetches
from the network.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from .errors import ValidationError

REFERENCES = ("path", "schema", "dialect")  # resource keys that may name a file to read
PROFILES = ("profile", "$schema")  # a URL here could be fetched


def _outside(directory: Path, name: str) -> bool:
    pure = PurePosixPath(name)
    if not pure.parts or pure.is_absolute() or ".." in pure.parts:
        return True
    if "://" in name or "\\" in name or ":" in pure.parts[0]:  # a URL, a Windows path or drive
        return True
    return not (directory / name).resolve().is_relative_to(directory.resolve())


def check_descriptor(descriptor: Path) -> dict:
    """The descriptor as a dict; ValidationError when it is not JSON, not a package, or
    names a file outside its folder or on the network."""
    try:
        data = json.loads(descriptor.read_bytes())
    except (OSError, ValueError) as err:
        raise ValidationError(
            f"{descriptor} is not valid JSON ({err}); build the package again."
        ) from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("resources"), list)
        or not all(isinstance(r, dict) for r in data["resources"])
    ):
        raise ValidationError(
            f"{descriptor} is not a data package descriptor "
            "(no list of resources); build the package again."
        )
    for where, item in [("the package", data)] + [
        (f"resource {r.get('name')!r}", r) for r in data["resources"]
    ]:
        for key in PROFILES:
            if isinstance(item.get(key), str) and "://" in item[key]:
                raise ValidationError(
                    f"{descriptor}: {where} names a {key} on the network ({item[key]}); only "
                    "files inside the package folder are read."
                )
    directory = descriptor.parent
    for r in data["resources"]:
        for key in REFERENCES:
            value = r.get(key)
            for name in value if isinstance(value, list) else [value]:
                if isinstance(name, str) and _outside(directory, name):
                    raise ValidationError(
                        f"{descriptor}: resource {r.get('name')!r} names the "
                        f"{key} {name!r}, outside the package folder; only "
                        f"files inside {directory} are read, never the network."
                    )
    return data


def validate_package(directory: Path) -> int:
    """Number of tables checked; raises ValidationError listing the problems."""
    from frictionless import FrictionlessException, Package, system

    descriptor = Path(directory) / "datapackage.json"
    if not descriptor.is_file():
        raise ValidationError(
            f"{descriptor} does not exist; run `osce-data build` first or give the package folder."
        )
    check_descriptor(descriptor)
    try:
        with system.use_context(trusted=False):
            package = Package(str(descriptor))
            report = package.validate()
    except FrictionlessException as err:
        raise ValidationError(f"{descriptor} cannot be validated: {err.error.message}") from None
    if not report.valid:
        # (once each: a CSV that cannot be read fails every table whose keys reach it alike)
        errors = list(
            dict.fromkeys(f"{e.type}: {e.message}" for task in report.tasks for e in task.errors)
        )[:10]
        errors += list(dict.fromkeys(f"{e.type}: {e.message}" for e in report.errors))[:10]
        raise ValidationError(
            f"{descriptor} is not valid: "
            + " | ".join(errors)
            + "; build the package again (`osce-data build`), or check the files named."
        )
    return len(package.resources)
