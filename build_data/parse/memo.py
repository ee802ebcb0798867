"""A bounded cache for pure readings of a line's text.

The parser asks the same question about the same text more than once: a later pass asks it
again of a line an earlier pass read (a header line is tested with and without titles), and
journals share many lines ('Original: ENGLISH', 'Madam Chairperson,', the speakers' names,
the titles of standing agenda items). A function of the text alone that returns an immutable
value is kept for the texts asked last; the bound keeps a worker's memory flat however many
journals it reads.
"""

from __future__ import annotations

import functools

TEXTS_KEPT = 4096

line_cache = functools.lru_cache(maxsize=TEXTS_KEPT)
