"""`datasette serve` as `make serve` runs it (the Makefile's options, plugins and
settings), on a free loopback port, for the tests that need a real server process."""

from __future__ import annotations

import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def makefile_settings() -> list[str]:
    """The `--setting NAME VALUE` options of the Makefile's DATASETTE_SETTINGS."""
    makefile = (ROOT / "Makefile").read_text()
    value = re.search(r"^DATASETTE_SETTINGS :=((?:.*\\\n)*.*)$", makefile, re.MULTILINE).group(1)
    return shlex.split(value.replace("\\\n", " "))


class Server:
    """`datasette serve -i DB` with the options of `make serve` (the exports folder served
    at /exports/ when given); its stdout and stderr go to `log`."""

    def __init__(self, db: Path, log: Path, exports: Path | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        inspect = db.with_name("inspect-data.json")
        datasette = [sys.executable, "-m", "datasette"]
        subprocess.run(
            [*datasette, "inspect", str(db), "--inspect-file", str(inspect)], check=True, cwd=ROOT
        )
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [
                *datasette,
                "serve",
                "-i",
                str(db),
                "--inspect-file",
                str(inspect),
                "-m",
                "metadata.yml",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--static",
                "datapackage:datapackage",
                "--template-dir",
                "build_data/templates",
                "--plugins-dir",
                "plugins",
                *makefile_settings(),
                *(["--static", f"exports:{exports}"] if exports else []),
            ],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.url + "/-/versions.json", timeout=2):
                    break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"datasette did not start: {log.read_text()}") from None
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
