"""Named moments of an incremental build at which a test can have the build killed with
SIGKILL (OSCE_DATA_KILL_AT=<name> in its environment), to check that every output is then
old or new, whole, and that the next build repairs what the killed one left.

- rows-written: the database's rows changed inside its open transaction;
- package-staged: also the new package complete in its temporary folder;
- database-committed: the transaction committed, the package not yet swapped in;
- package-swapped: the package swapped in, the build's manifest not yet recorded.
"""

from __future__ import annotations

import os
import signal

ENV = "OSCE_DATA_KILL_AT"
POINTS = ("rows-written", "package-staged", "database-committed", "package-swapped")


def reached(name: str) -> None:
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
