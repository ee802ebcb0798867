"""Imports point one way: cli -> pipeline -> stages -> records/catalogue/errors.

A stage never imports a later stage or the shell, so parse and normalize stay pure and
testable with inline strings."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "build_data"
# What each part of the package may not import (by module path prefix).
FORBIDDEN = {
    "extract": (
        "build_data.parse",
        "build_data.normalize",
        "build_data.store",
        "build_data.export",
        "build_data.publish",
        "build_data.pipeline",
        "build_data.cli",
    ),
    "parse": (
        "build_data.normalize",
        "build_data.store",
        "build_data.export",
        "build_data.publish",
        "build_data.pipeline",
        "build_data.cli",
    ),
    "normalize": (
        "build_data.store",
        "build_data.export",
        "build_data.publish",
        "build_data.pipeline",
        "build_data.cli",
    ),
    "store": ("build_data.pipeline", "build_data.cli"),
    "export": ("build_data.pipeline", "build_data.cli"),
    "publish": ("build_data.pipeline", "build_data.cli"),
    "exports": ("build_data.pipeline", "build_data.incremental", "build_data.cli"),
    "tables": ("build_data.",),
    "cache": ("build_data.store", "build_data.export", "build_data.pipeline", "build_data.cli"),
    "assemble": ("build_data.incremental", "build_data.pipeline", "build_data.cli"),
    "incremental": ("build_data.pipeline", "build_data.cli"),
    "pipeline": ("build_data.cli",),
    "interrupt": ("build_data.",),
    "outputs": ("build_data.store", "build_data.export", "build_data.pipeline", "build_data.cli"),
    "lock": ("build_data.store", "build_data.export", "build_data.pipeline", "build_data.cli"),
    "failures": ("build_data.store", "build_data.export", "build_data.pipeline", "build_data.cli"),
    "spreadsheet": ("build_data.pipeline", "build_data.cli"),
    "workers": ("build_data.",),
}


def imports(path: Path) -> set[str]:
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                found.add(".".join(base + ([node.module] if node.module else [])))
            else:
                found.add(node.module or "")
    return found


def part_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_imports_point_one_way(path):
    """No module imports a later stage or the CLI."""
    forbidden = FORBIDDEN.get(part_of(path), ())
    bad = sorted(
        name
        for name in imports(path)
        if any(
            name == f or name.startswith(f if f.endswith(".") else f + ".") or name == f.rstrip(".")
            for f in forbidden
        )
    )
    assert bad == [], f"{path.relative_to(PACKAGE)} imports {bad}"
