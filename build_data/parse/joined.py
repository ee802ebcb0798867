"""Several lines seen as one string, with a way back from offsets to line numbers.

Fields that are printed one per line in one journal are run together on one line in
another; parsing the joined text handles both the same way.
"""

from __future__ import annotations

import bisect

from .records import Line, Span


class Joined:
    def __init__(self, lines: list[Line]):
        self.lines = lines
        self.starts: list[int] = []
        parts, pos = [], 0
        for ln in lines:
            self.starts.append(pos)
            parts.append(ln.text)
            pos += len(ln.text) + 1
        self.text = " ".join(parts)
        # one line: every offset is on it (a list's entries share its span)
        self.one_span = lines[0].span if len(lines) == 1 else None

    def line_at(self, offset: int) -> Line:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.lines[max(0, min(i, len(self.lines) - 1))]

    def span(self, start: int, end: int) -> Span:
        """Lines covered by text[start:end] (end exclusive)."""
        if self.one_span is not None:  # nothing to look up
            return self.one_span
        end = max(start, end - 1)
        return Span(self.line_at(start).no, self.line_at(end).last)
