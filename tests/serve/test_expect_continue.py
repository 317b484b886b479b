"""`Expect: 100-continue` on a request its header alone refuses (no token, no such policy, a
media type refused): the final answer comes at once, without `100 Continue` first, so the
client never sends a body only to have it refused (RFC 9110 10.1.1)."""
from conftest import PACK, raw_request

BODY = b'{"customer_id":"C1","arpu":72.5}'


def head(extra=b"", ctype=b"application/json", policy=b"customer_tier"):
    return (b"POST /v1/policies/" + policy + b"/decide HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: " + ctype + b"\r\nContent-Length: %d\r\n" % len(BODY) +
            b"Expect: 100-continue\r\n" + extra + b"\r\n")


def test_refused_before_continue(start_server, tmp_path):
    token = tmp_path / "token"
    token.write_text("s3cret\n")
    s = start_server(PACK, "--token-file", token)
    auth = b"Authorization: Bearer s3cret\r\n"
    for data, status in [(head(), 401), (head(b"Authorization: Bearer wrong\r\n"), 401),
                         (head(auth, policy=b"nope"), 404), (head(auth, ctype=b"text/plain"), 415)]:
        with s.connect() as c:
            got = raw_request(c, data)  # the first answer, body not sent
            assert got is not None and got[0] == status, got
            assert got[1].get("connection") == "close"
    # with the token: 100 Continue, then the body, then the decision
    with s.connect() as c:
        got = raw_request(c, head(auth))
        assert got[0] == 100, got
        got = raw_request(c, BODY)
        assert got[0] == 200 and b'"tier"' in got[2], got
