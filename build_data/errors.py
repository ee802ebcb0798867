"""The package's own exceptions; the CLI turns them into one-sentence messages."""


class OsceDataError(Exception):
    """Base class: a problem a user can act on."""


class BuildError(OsceDataError):
    """The build as a whole could not be completed; the previous outputs are untouched."""


class ValidationError(OsceDataError):
    """A data package is not valid."""
