"""The package's own exceptions; the CLI turns them into one-sentence messages."""

import re

# Line breaks, other control characters and the marks that reorder text on screen
# (bidirectional controls), which a file name may hold.
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_line(message: str) -> str:
    """A message as the one line it is meant to be: the control characters in it (a file
    named with a line break) shown as escapes, '\\n'."""
    return CONTROL_RE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), message)


class OsceDataError(Exception):
    """Base class: a problem a user can act on."""


class BuildError(OsceDataError):
    """The build as a whole could not be completed; the previous outputs are untouched."""


class ValidationError(OsceDataError):
    """A data package is not valid."""


class UsageProblem(OsceDataError):
    """The command asks for something that is refused before anything is touched (an
    output that would replace what the build did not write, two outputs at one path):
    exit status 2."""


class Busy(OsceDataError):
    """Another build holds the lock of the same outputs."""
