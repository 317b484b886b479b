"""Options `verdict serve` cannot work with are refused at startup, as a bad
option of any command is (exit 1, the option named on stderr), before the
pack is loaded or a port is opened. A read timeout of 0 or less, a thread
count below 0 or a connection limit below 1 were once taken: the service
said it was listening, then gave empty replies or 503 to every request."""
import subprocess
import time

import pytest
import requests

from conftest import PACK, VERDICT, WAIT


@pytest.mark.parametrize("option,value,says", [
    ("--read-timeout", "0", "'0' is not a whole number of seconds of at least 1"),
    ("--read-timeout", "-5", "'-5' is not a whole number of seconds of at least 1"),
    ("--read-timeout", "x", "'x' is not a whole number of seconds"),
    ("--threads", "-1", "'-1' is not a number of threads (0: one per core)"),
    ("--max-connections", "0", "'0' is not a number of connections of at least 1"),
    ("--max-connections", "-3", "'-3' is not a number of connections"),
    ("--idle-timeout", "0", "'0' is not a whole number of seconds of at least 1"),
    ("--max-body-bytes", "0", "'0' is not a number of bytes of at least 1"),
    ("--max-body-bytes", "1e6", "'1e6' is not a number of bytes"),
    ("--stream-threshold", "-1", "'-1' is not a number of bytes"),
])
def test_a_value_the_service_cannot_work_with_is_refused(option, value, says):
    r = subprocess.run([VERDICT, "serve", str(PACK), "--listen", "127.0.0.1:0",
                        "--no-access-log", option, value],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=WAIT)
    assert r.returncode == 1, r.stderr
    assert option in r.stderr and says in r.stderr, r.stderr
    assert "listening" not in r.stderr


def test_the_smallest_and_large_accepted_values_serve(start_server):
    s = start_server(PACK, "--no-access-log", "--read-timeout", "1", "--threads", "0",
                     "--max-connections", "1", "--idle-timeout", "1",
                     "--max-body-bytes", "5000000000", "--stream-threshold", "0")
    # With one connection allowed, the slot of the previous connection (the
    # fixture's readiness probe, then ours) is freed only once the server has
    # read its close, which happens asynchronously: until then a new
    # connection is told 503 overloaded, as documented. So each request is
    # retried on that answer within the usual bounded wait.
    assert one_connection_at_a_time(
        lambda: requests.get(s.url + "/healthz", timeout=WAIT)).status_code == 200
    # Every NDJSON body streams (threshold 0); a body limit over 4 GiB is taken whole.
    r = one_connection_at_a_time(lambda: requests.post(
        s.url + "/v1/policies/customer_tier/decide", timeout=WAIT,
        data=b'{"customer_id":"a","arpu":70}\n{"customer_id":"b","arpu":1}\n',
        headers={"Content-Type": "application/x-ndjson"}))
    assert r.status_code == 200 and len(r.content.splitlines()) == 2, r.text


def one_connection_at_a_time(send):
    """`send()`'s response, retried while the server is still at its limit of
    connections (503 overloaded), for at most WAIT seconds."""
    deadline = time.monotonic() + WAIT
    while True:
        r = send()
        if r.status_code != 503 or time.monotonic() > deadline:
            return r
        assert r.json()["error"]["code"] == "overloaded", r.text
        time.sleep(0.05)
