"""HTTP/1.0 clients know no chunked transfer coding (RFC 9112 6.1: a server MUST NOT send one
to them) and no 1xx responses (RFC 9110 15.2): every answer to a 1.0 request, a streamed NDJSON
decide included, is delimited by Content-Length or by closing the connection, and keep-alive
holds only when the client asked for it (`Connection: keep-alive`) and is told so."""
import json

from conftest import PACK, WAIT, eval_cli, read_response, read_to_close, split_head


def rec(i):
    return b'{"customer_id":"h%d","arpu":%d.%02d}\n' % (i, i % 100, i % 97)


def test_buffered_answer_has_content_length_and_closes(server):
    with server.connect() as sock:
        sock.settimeout(WAIT)
        sock.sendall(b"GET /healthz HTTP/1.0\r\n\r\n")
        status, headers, body = split_head(read_to_close(sock))
    assert status.split()[1] == "200"
    assert "transfer-encoding" not in headers
    assert int(headers["content-length"]) == len(body) and json.loads(body) == {"status": "ok"}


def test_keep_alive_when_asked_and_said(server):
    with server.connect() as sock:
        sock.settimeout(WAIT)
        req = b"GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
        for _ in range(2):  # the second request rides the same connection
            sock.sendall(req)
            status, headers, body = read_response(sock)
            assert status == 200 and json.loads(body) == {"status": "ok"}
            # a 1.0 client closes unless the answer says keep-alive
            assert headers.get("connection", "").lower() == "keep-alive", headers
            assert "transfer-encoding" not in headers


def test_streamed_decide_is_not_chunked(start_server):
    s = start_server(PACK, "--stream-threshold", 4096)
    body = b"".join(rec(i) for i in range(3000)) + b"not json\n"
    head = (b"POST /v1/policies/customer_tier/decide?as_of=2026-11-23 HTTP/1.0\r\n"
            b"Content-Type: application/x-ndjson\r\nConnection: keep-alive\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body))
    assert len(body) > 4096  # over the threshold: the streamed path
    with s.connect() as sock:
        sock.settimeout(WAIT)
        sock.sendall(head + body)
        status, headers, got = split_head(read_to_close(sock))  # delimited by the close
    assert status.split()[1] == "200" and "verdict-pack" in headers
    assert "transfer-encoding" not in headers, headers
    assert "content-length" not in headers  # the length is not known up front
    assert headers.get("connection", "").lower() != "keep-alive"
    assert got == eval_cli(PACK, "customer_tier", body, as_of="2026-11-23")
    log = [e for e in s.access_log() if e.get("target", "").startswith("/v1/")]
    assert log and log[-1]["status"] == 200


def test_expect_100_continue_is_ignored(server):
    body = json.dumps({"customer_id": "c", "arpu": 75}).encode()
    with server.connect() as sock:
        sock.settimeout(WAIT)
        sock.sendall(b"POST /v1/policies/customer_tier/decide HTTP/1.0\r\n"
                     b"Content-Type: application/json\r\nExpect: 100-continue\r\n"
                     b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        raw = read_to_close(sock)
    status, headers, got = split_head(raw)
    assert status.split()[1] == "200", raw[:200]  # no interim 100 first
    assert json.loads(got)["tier"] == "high"
