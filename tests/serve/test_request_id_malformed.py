"""A response to malformed HTTP (not a request line, a bad Content-Length, a header over the
limit) carries a made-up X-Request-Id, as every other response does, and the access log quotes
the same id."""
import time

from conftest import WAIT, raw_request


def test_malformed_requests_get_a_request_id(server):
    cases = [
        (b"GARBAGE\r\n\r\n", 400),
        (b"POST /v1/policies/customer_tier/decide HTTP/1.1\r\nHost: x\r\n"
         b"Content-Type: application/json\r\nContent-Length: abc\r\n\r\n", 400),
        (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 20000 + b"\r\n\r\n", 413),
    ]
    ids = []
    for data, status in cases:
        with server.connect() as c:
            got = raw_request(c, data)
        assert got is not None
        assert got[0] == status, got
        rid = got[1].get("x-request-id", "")
        assert rid, got[1]
        ids.append(rid)
    assert len(set(ids)) == len(ids)
    # the access-log line follows the write: give it a moment
    deadline = time.monotonic() + WAIT
    while not set(ids) <= {e["request_id"] for e in server.access_log()}:
        assert time.monotonic() < deadline, server.stderr_text()[-2000:]
        time.sleep(0.02)
