"""The package's own exceptions; the CLI turns them into one-sentence messages."""


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
