"""The rows of parse_issues. Every one is made by issue_row; its id says which stage found
the problem (the schemes are those of earlier versions, kept so that ids do not change)."""

from __future__ import annotations

FILE_SPAN = {"line_start": 0, "line_end": 0}  # an issue about the file as a whole

# id: '<source id>/<prefix><n>', prefix and width by who found the problem
ID_FORMATS = {
    "parse": "i{:04d}",  # the parser and normalize, numbered in line order
    "file": "x{:02d}",  # reading the file (extraction: 1, 2, ...; see the numbers below)
    "dangling": "r{:02d}",  # rows cut because a record they name was not yielded
    "incomplete": "c{:02d}",  # rows cut because they lack a value their table requires
    "unaccounted": "u{:04d}",  # lines no record covers (found when the rows are stored)
    "duplicate-id": "d{:02d}",  # rows not stored because another row holds their id
}
UNREAD = 1  # 'file' number of the one issue of a file none of whose text is kept
INTERNAL_ERROR = 98  # 'file' number of a parser bug's issue
REPLACED = 99  # 'file' number of the issue of a duplicate or superseded copy


def issue_row(
    source_id: str,
    found_by: str,
    n: int,
    level: str,
    code: str,
    message: str,
    excerpt: str = "",
    span: dict | None = None,
) -> dict:
    """A parse_issues row (a dict keyed by column); span: line_start and line_end."""
    return {
        "id": f"{source_id}/{ID_FORMATS[found_by].format(n)}",
        "source_id": source_id,
        "level": level,
        "code": code,
        "message": message,
        "excerpt": excerpt,
        **(span or FILE_SPAN),
    }
