"""The site served as `make serve` serves it (build_data/site_command.py: the same options,
plugins, settings and server), on a free loopback port, for the tests that need a real
server process."""

from __future__ import annotations

import secrets
import subprocess
import time
import urllib.request
from pathlib import Path

from conftest import ROOT

from build_data.site_command import free_port, server


def wait_until_served(url: str, process: subprocess.Popen, log: Path, stop) -> None:
    """Wait until `url` answers; when `process` ends first or after 60 s, call `stop` and
    raise with the server's log."""
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/-/versions.json", timeout=2):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop()
                raise RuntimeError(f"the site did not start: {log.read_text()}") from None
            time.sleep(0.2)


class Server:
    """The site for `db` with `workers` worker processes (the exports folder served at
    /exports/ when given); its stdout and stderr go to `log`. `secret` signs its cookies
    (a new random one by default)."""

    def __init__(
        self,
        db: Path,
        log: Path,
        exports: Path | None = None,
        *,
        workers: int = 1,
        secret: str | None = None,
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self.secret = secret or secrets.token_hex(32)
        static = {"datapackage": ROOT / "datapackage"}
        if exports:
            static["exports"] = exports
        command, environment = server(
            db,
            host="127.0.0.1",
            port=self.port,
            workers=workers,
            secret=self.secret,
            root=ROOT,
            static=static,
        )
        self.log = log.open("w")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=self.log, stderr=subprocess.STDOUT
        )
        wait_until_served(self.url, self.process, log, self.stop)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
