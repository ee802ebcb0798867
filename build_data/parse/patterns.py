"""Patterns joined into one, so that a line is tested once rather than once per pattern."""

from __future__ import annotations

import re


def one_of(*patterns: re.Pattern) -> re.Pattern:
    """A pattern that matches where any of patterns matches, each with its own flags (a case-blind
    one stays case-blind, the others do not become so)."""
    return re.compile(
        "|".join(
            f"(?i:{p.pattern})" if p.flags & re.IGNORECASE else f"(?:{p.pattern})" for p in patterns
        )
    )
