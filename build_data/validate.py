"""Validate a data package with the real frictionless validator."""

from __future__ import annotations

from pathlib import Path

from .errors import ValidationError


def validate_package(directory: Path) -> int:
    """Number of tables checked; raises ValidationError listing the problems."""
    from frictionless import Package, system

    descriptor = Path(directory) / "datapackage.json"
    if not descriptor.is_file():
        raise ValidationError(f"{descriptor} does not exist; run `osce-data build` first or give the package folder.")
    with system.use_context(trusted=False):
        package = Package(str(descriptor))
        report = package.validate()
    if not report.valid:
        errors = [f"{e.type}: {e.message}" for task in report.tasks for e in task.errors][:10]
        errors += [f"{e.type}: {e.message}" for e in report.errors][:10]
        raise ValidationError(f"{descriptor} is not valid: " + " | ".join(errors))
    return len(package.resources)
