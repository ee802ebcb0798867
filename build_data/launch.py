"""The `osce-data` command: Ctrl-C or SIGTERM while Python loads the command line (before
the build installs its own handling, interrupt.py) ends the process with one line and
no traceback; nothing has been written by then."""

import os
import signal
import sys


def _early(signum, frame) -> None:
    sys.stderr.write("Interrupted; nothing was changed.\n")
    sys.stderr.flush()
    os._exit(128 + signum)


def main() -> None:
    for s in (signal.SIGINT, signal.SIGTERM):
        signal.signal(s, _early)
    from .cli import main as cli_main

    cli_main(prog_name="osce-data")
