"""Request framing (RFC 9112 6.1, 6.3): `chunked` is the only transfer coding the service
decodes. A request whose Transfer-Encoding is anything else (gzip alone, chunked not last, an
unknown coding, chunked under another coding), that carries both Transfer-Encoding and
Content-Length, or that is HTTP/1.0 with a Transfer-Encoding, has a body whose length cannot be
trusted: it gets a 400 bad_request and the connection closes, so the bytes after the header are
never read as a next request (request smuggling)."""
import json

import pytest
import requests

from conftest import WAIT, read_response

# A request hidden in the body: answered only if the server misreads the framing.
SMUGGLED = b"GET /v1/policies/smuggled HTTP/1.1\r\nHost: x\r\n\r\n"
BODY = b'{"customer_id":"c","arpu":75}\n'

HEADERS = [
    b"Transfer-Encoding: gzip\r\n",
    b"Transfer-Encoding: x-unknown\r\n",
    b"Transfer-Encoding: identity\r\n",
    b"Transfer-Encoding: chunked, gzip\r\n",
    b"Transfer-Encoding: gzip, chunked\r\n",
    b"Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
    b"Transfer-Encoding: gzip\r\nContent-Length: %d\r\n" % len(BODY),
    b"Content-Length: %d\r\nTransfer-Encoding: gzip\r\n" % len(BODY),
    b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n" % len(BODY),
    b"Transfer-Encoding: chunked\r\nContent-Length: %d\r\n" % len(BODY),
]


def answers(sock):
    """Every response on the connection until the server closes it."""
    out = []
    while True:
        try:
            resp = read_response(sock)
        except ConnectionResetError:
            return out
        if resp is None:
            return out
        out.append(resp)


@pytest.mark.parametrize("framing", HEADERS, ids=lambda h: h.decode().strip().replace("\r\n", " + "))
@pytest.mark.parametrize("path", [b"/v1/policies/customer_tier/decide", b"/healthz"])
def test_untrusted_framing_is_refused_and_closes(server, framing, path):
    with server.connect() as sock:
        sock.settimeout(WAIT)
        sock.sendall(b"POST " + path + b" HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Type: application/x-ndjson\r\n" + framing + b"\r\n" + BODY + SMUGGLED)
        got = answers(sock)
    assert len(got) == 1, got  # one answer, then the connection closes; SMUGGLED is not answered
    status, headers, body = got[0]
    assert status == 400, (status, body)
    e = json.loads(body)["error"]
    assert e["code"] == "bad_request", e
    assert "Transfer-Encoding" in e["message"] or "Content-Length" in e["message"], e
    assert headers.get("connection", "").lower() == "close"
    assert "x-request-id" in headers
    # Every decide response names the pack, one refused while its header
    # was read too (Beast refuses a Content-Length beside chunked itself).
    assert ("verdict-pack" in headers) == path.endswith(b"/decide"), headers
    assert requests.get(server.url + "/healthz", timeout=WAIT).status_code == 200


def test_malformed_headers_of_a_decide_request_still_name_the_pack(server):
    """A decide request refused while its header is read (two different
    Content-Length values, a header over the limit) gets Verdict-Pack, and
    the access log names its method and target."""
    head = b"POST /v1/policies/customer_tier/decide HTTP/1.1\r\nHost: x\r\n"
    for extra, status, says in [
            (b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400,
             "given twice with different values"),
            (b"X-Big: " + b"a" * 17000 + b"\r\nContent-Length: 2\r\n\r\n{}", 413,
             "the request header is over the limit")]:
        with server.connect() as sock:
            sock.settimeout(WAIT)
            sock.sendall(head + extra)
            got = answers(sock)
        assert got and got[0][0] == status, got
        _, headers, body = got[0]
        assert headers.get("verdict-pack", "").startswith("bss/"), headers
        assert says in json.loads(body)["error"]["message"]
    assert requests.get(server.url + "/healthz", timeout=WAIT).status_code == 200


def test_http10_with_transfer_encoding_is_refused(server):
    with server.connect() as sock:
        sock.settimeout(WAIT)
        sock.sendall(b"POST /v1/policies/customer_tier/decide HTTP/1.0\r\n"
                     b"Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
                     b"%x\r\n%s\r\n0\r\n\r\n" % (len(BODY), BODY) + SMUGGLED)
        got = answers(sock)
    assert len(got) == 1 and got[0][0] == 400, got
    assert json.loads(got[0][2])["error"]["code"] == "bad_request"


def test_plain_chunked_still_works(server):
    with requests.Session() as sess:
        for _ in range(2):  # on one kept-alive connection
            r = sess.post(server.url + "/v1/policies/customer_tier/decide", data=iter([BODY, BODY]),
                          headers={"Content-Type": "application/x-ndjson"}, timeout=WAIT)
            assert r.status_code == 200 and len(r.content.splitlines()) == 2
