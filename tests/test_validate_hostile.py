"""`osce-data validate` on a bad descriptor (issue 13): one sentence and exit 1, never a
traceback, never a file outside the package folder read, never the network."""

from __future__ import annotations

import http.server
import threading

import pytest
from click.testing import CliRunner

from build_data.cli import main


@pytest.fixture
def server():
    """A local HTTP server counting the requests it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"a,b\n1,2\n")

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}", hits
    httpd.shutdown()


def validate(folder):
    return CliRunner().invoke(main, ["validate", str(folder)])


def test_malformed_json(tmp_path):
    (tmp_path / "datapackage.json").write_text('{"name": ')
    result = validate(tmp_path)
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {tmp_path}/datapackage.json is not valid JSON (Expecting value: line 1 column 10 "
        "(char 9)); build the package again.\n",
    )


@pytest.mark.parametrize("path", ["/etc/passwd", "../../../../etc/passwd", "sub/../../x.csv"])
def test_paths_outside_the_folder(path, tmp_path):
    (tmp_path / "datapackage.json").write_text(
        '{"name": "x", "resources": [{"name": "p", "path": "%s"}]}' % path
    )
    result = validate(tmp_path)
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {tmp_path}/datapackage.json: resource 'p' names the path {path!r}, outside the "
        f"package folder; only files inside {tmp_path} are read, never the network.\n",
    )


@pytest.mark.parametrize("key", ["path", "schema"])
def test_network_paths_are_never_fetched(key, server, tmp_path):
    """A resource path or schema on the network is refused and nothing is requested (main
    fetched it)."""
    url, hits = server
    extra = ', "path": "t.csv"' if key == "schema" else ""
    (tmp_path / "t.csv").write_text("a,b\n1,2\n")
    (tmp_path / "datapackage.json").write_text(
        '{"name": "x", "resources": [{"name": "p", "%s": "%s/t.csv"%s}]}' % (key, url, extra)
    )
    result = validate(tmp_path)
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {tmp_path}/datapackage.json: resource 'p' names the {key} '{url}/t.csv', outside "
        f"the package folder; only files inside {tmp_path} are read, never the network.\n",
    )
    assert hits == []


def test_network_profile_is_never_fetched(server, tmp_path):
    url, hits = server
    (tmp_path / "datapackage.json").write_text(
        '{"name": "x", "profile": "%s/profile.json", "resources": []}' % url
    )
    result = validate(tmp_path)
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {tmp_path}/datapackage.json: the package names a profile on the network "
        f"({url}/profile.json); only files inside the package folder are read.\n",
    )
    assert hits == []
