"""Shared fixtures for the decision-service tests: a real `verdict serve` on a free port.

The server is started with `--listen 127.0.0.1:0`; its port is read from the startup line
`verdict serve: listening on http://HOST:PORT (pack ...)`. Its standard error (startup line,
access log) goes to a file the tests can read. Every server started here is killed at the end of its test.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
VERDICT = os.environ.get("VERDICT_BIN", str(REPO / "build" / "verdict"))
PACK = REPO / "rules" / "bss"
# The URL ends at a space (the pack's identity follows) or at the end of the line.
STARTUP = re.compile(r"verdict serve: listening on (https?)://([0-9.]+):(\d+)(?= |$)", re.M)
WAIT = 60  # generous bounded waits; nothing here asserts timing


class Server:
    def __init__(self, pack, *args, workdir=None):
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="verdict-serve-"))
        self.stderr_path = self.workdir / "stderr.log"
        self._stderr = open(self.stderr_path, "wb")
        self.args = [VERDICT, "serve", str(pack), "--listen", "127.0.0.1:0", *map(str, args)]
        self.proc = subprocess.Popen(self.args, stdout=subprocess.DEVNULL, stderr=self._stderr)
        deadline = time.monotonic() + WAIT
        while True:
            m = STARTUP.search(self.stderr_text())
            if m:
                break
            if self.proc.poll() is not None:
                raise RuntimeError("verdict serve exited %s:\n%s" % (self.proc.returncode, self.stderr_text()))
            if time.monotonic() > deadline:
                raise RuntimeError("no startup line:\n" + self.stderr_text())
            time.sleep(0.02)
        self.scheme, self.host, self.port = m.group(1), m.group(2), int(m.group(3))
        self.url = "%s://%s:%d" % (self.scheme, self.host, self.port)

    def stderr_text(self):
        return self.stderr_path.read_text(errors="replace")

    def access_log(self):
        out = []
        for line in self.stderr_text().splitlines():
            if line.startswith("{"):
                out.append(json.loads(line))
        return out

    def signal(self, sig):
        self.proc.send_signal(sig)

    def wait(self, timeout=WAIT):
        return self.proc.wait(timeout=timeout)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=WAIT)
        self._stderr.close()

    def connect(self):
        s = socket.create_connection((self.host, self.port), timeout=WAIT)
        return s


@pytest.fixture
def start_server():
    servers = []

    def start(pack=PACK, *args, **kw):
        s = Server(pack, *args, **kw)
        servers.append(s)
        return s

    yield start
    for s in servers:
        s.stop()


@pytest.fixture(scope="module")
def server():
    """One shared server over the shipped pack, without auth."""
    s = Server(PACK)
    yield s
    s.stop()


@pytest.fixture
def pack_copy(tmp_path):
    dst = tmp_path / "pack"
    shutil.copytree(PACK, dst)
    return dst


def decide(base, policy, body, ndjson=False, params=None, headers=None, session=requests):
    h = {"Content-Type": "application/x-ndjson" if ndjson else "application/json"}
    h.update(headers or {})
    if not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    return session.post("%s/v1/policies/%s/decide" % (base, policy), data=body, headers=h,
                        params=params or {}, timeout=WAIT)


def metrics_when(base, ready, session=requests):
    """The /metrics text once `ready(text)` holds, polling up to WAIT (then the last text, for
    the caller's assertions to report). The server counts a request (its status, decisions,
    decision log writes, the in-flight gauge) just after the answer's last byte is written, so
    a client that has its answer can read /metrics on another connection a moment before."""
    deadline = time.monotonic() + WAIT
    while True:
        text = session.get(base + "/metrics", timeout=WAIT).text
        if ready(text) or time.monotonic() > deadline:
            return text
        time.sleep(0.01)


def eval_cli(pack, policy, text, as_of=None, trace=False, audit=False):
    """What `verdict eval` writes for `text` (bytes)."""
    args = [VERDICT, "eval", str(pack), "--policy", policy]
    if as_of:
        args += ["--as-of", as_of]
    if trace:
        args.append("--trace")
    if audit:
        args.append("--audit")
    r = subprocess.run(args, input=text, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    assert r.returncode in (0, 2), r.stderr
    return r.stdout


def raw_request(sock, data, read_until_close=False):
    """Sends raw bytes and reads one HTTP response (headers + Content-Length body)."""
    sock.sendall(data)
    return read_response(sock)


def read_to_close(sock, start=b""):
    """`start`, then every byte until the server closes the connection."""
    data = start
    while True:
        got = sock.recv(65536)
        if not got:
            return data
        data += got


def split_head(raw):
    """(status line, headers with lower-case names, the bytes after the head)."""
    head, _, rest = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return lines[0], headers, rest


def read_response(sock):
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buf += chunk
    status_line, headers, rest = split_head(buf)
    status = int(status_line.split()[1])
    n = int(headers.get("content-length", "0"))
    while len(rest) < n:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return status, headers, rest[:n]
