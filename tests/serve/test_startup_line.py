"""When ready, `verdict serve` prints exactly one line on standard error: `verdict serve:
listening on http://HOST:PORT`, then the pack's name, version and content hash
(../shared/spec/service.md, "Starting it")."""
import re
import subprocess

import requests

from conftest import PACK, WAIT


def test_exactly_one_startup_line_naming_the_pack(start_server):
    s = start_server(PACK, "--no-access-log")
    lines = s.stderr_text().splitlines()
    assert len(lines) == 1, lines
    p = requests.get(s.url + "/v1/policies", timeout=WAIT).json()["pack"]
    m = re.fullmatch(r"verdict serve: listening on (http://127\.0\.0\.1:(\d+)) (.*)", lines[0])
    assert m and m.group(1) == s.url, lines[0]
    rest = m.group(3)
    assert p["name"] in rest and p["version"] in rest and p["content_hash"] in rest
    # the reader in bench/serve_load.sh takes the port from the same line
    port = subprocess.run(["sed", "-n", r"s/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p"],
                          input=lines[0] + "\n", capture_output=True, text=True).stdout.strip()
    assert port == m.group(2)
