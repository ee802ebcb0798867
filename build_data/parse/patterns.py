"""Patterns joined into one, so that a line is tested once rather than once per pattern."""

from __future__ import annotations

import re

# The flags a pattern can carry inside a larger one, as a scoped group: (?ims:...).
SCOPED_FLAGS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"), (re.VERBOSE, "x"))


def one_of(*patterns: re.Pattern) -> re.Pattern:
    """A pattern that matches where any of patterns matches, each with its own flags (a case-blind
    one stays case-blind, the others do not become so)."""
    return re.compile("|".join(_scoped(p) for p in patterns))


def _scoped(pattern: re.Pattern) -> str:
    letters = "".join(letter for flag, letter in SCOPED_FLAGS if pattern.flags & flag)
    # a verbose pattern may end in a comment, which would swallow the closing parenthesis
    end = "\n)" if "x" in letters else ")"
    return f"(?{letters}:{pattern.pattern}{end}"
