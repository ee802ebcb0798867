"""Leftovers of killed builds.

The store and export stages write `.NAME.PID.tmp` next to their target and swap it in
with os.replace; the package swap first moves the old folder aside to `.NAME.PID.old`.
A build killed (SIGKILL, power loss) at the wrong moment leaves these behind, and one
killed between the package's two renames leaves the old package aside with no package in
place. Before writing, a build calls `recover(target)`: leftovers of processes that are
gone are removed, and a package moved aside is put back first.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(target: Path) -> list[Path]:
    """Restore a target moved aside by a killed build, and remove stale temporaries;
    return what was removed or restored."""
    target = Path(target)
    if not target.parent.is_dir():
        return []
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+)\.(tmp|old)")
    done: list[Path] = []
    for p in sorted(target.parent.iterdir()):
        m = pattern.fullmatch(p.name)
        if not m or _alive(int(m.group(1))):
            continue
        if m.group(2) == "old" and not target.exists():
            os.replace(p, target)
        elif p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        else:
            p.unlink()
        done.append(p)
    return done
