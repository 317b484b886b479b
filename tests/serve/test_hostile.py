"""Hostile bodies and clients: every answer is a 4xx with the contract's shape (never a 5xx),
one bad request never affects another, and slow clients are cut off by the read timeout."""
import json
import socket
import time

import pytest
import requests

from conftest import PACK, WAIT, decide, raw_request

GOOD = {"customer_id": "c1", "arpu": 75}

BODIES = [
    b"{", b"}", b"null", b"42", b'"text"', b"[]", b"{}}", b'{"a":1}{"b":2}',
    b'{"customer_id": "c", "arpu": 1e400}',
    b'{"customer_id": "c", "arpu": -1e400}',
    b'{"customer_id": "c", "arpu": 123456789012345678901234567890}',
    b'{"customer_id": "c", "arpu": 0.000000000000000000000000001}',
    b'{"customer_id": "\xff\xfe", "arpu": 1}',
    b'{"customer_id": "\xc0\xaf", "arpu": 1}',
    b'{"\xed\xa0\x80": 1}',
    b'{"customer_id": "a\x00b", "arpu": 1}',
    b'{"customer_id": "a\nb", "arpu": 1}',
    b'{"customer_id": "c", "arpu": 1, "arpu": 2}',
    b'{"customer_id": "c", "arpu": NaN}',
    b'{"customer_id": "c", "arpu": Infinity}',
    b'{"customer_id": "c", "arpu": "1"}',
    b'{"customer_id": ["c"], "arpu": {"x": 1}}',
    b'{"customer_id": "c", "arpu": 1, "extra": ' + b"[" * 100000 + b"]" * 100000 + b"}",
    b"[" * 200000,
    b'{"x":' * 50000 + b"1" + b"}" * 50000,
    b'{"customer_id": "' + b"x" * (2 << 20) + b'", "arpu": 1}',
    b"\xef\xbb\xbf" + json.dumps(GOOD).encode(),
    b"   \n\n  ",
    b"\x00" * 1000,
]


@pytest.mark.parametrize("ndjson", [False, True])
def test_hostile_bodies_get_4xx_and_do_not_hurt_others(server, ndjson):
    for body in BODIES:
        for policy in ("customer_tier", "customer_rank_tier"):
            r = decide(server.url, policy, body, ndjson=ndjson)
            assert 200 <= r.status_code < 500, (body[:80], r.status_code, r.text[:200])
            if r.status_code >= 400:
                e = r.json()["error"]
                assert e["code"] and e["message"]
            elif ndjson:
                # one answer line per input line, each a JSON object
                lines = r.content.split(b"\n")
                assert lines[-1] == b""
                for line in lines[:-1]:
                    json.loads(line)
            r2 = decide(server.url, "customer_tier", GOOD)
            assert r2.status_code == 200 and r2.json()["tier"] == "high"


def test_1e400_is_a_record_error(server):
    r = decide(server.url, "customer_tier", b'{"customer_id": "c", "arpu": 1e400}')
    assert r.status_code == 422, r.text


def test_invalid_utf8_is_invalid_json(server):
    r = decide(server.url, "customer_tier", b'{"customer_id": "\xff", "arpu": 1}')
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_json"


def test_http_garbage_and_huge_header(server):
    for junk in (b"GARBAGE\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64,
                 b"POST /v1/policies/customer_tier/decide HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
                 b"POST /v1/policies/customer_tier/decide HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
                 b"Content-Type: application/json\r\n\r\nZZZ\r\n"):
        with server.connect() as sock:
            sock.settimeout(WAIT)
            try:
                resp = raw_request(sock, junk)
            except ConnectionResetError:
                resp = None
            if resp is not None:
                assert resp[0] in (400, 413), resp
    with server.connect() as sock:
        status, _, body = raw_request(sock, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
        assert status == 413 and json.loads(body)["error"]["code"] == "too_large"
    assert requests.get(server.url + "/healthz", timeout=WAIT).status_code == 200


def test_slowloris_is_cut_off(start_server):
    s = start_server(PACK, "--read-timeout", 1, "--idle-timeout", 2)
    socks = []
    for _ in range(20):
        c = s.connect()
        c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # never finishes the header
        socks.append(c)
    # while they dribble, others are served
    for _ in range(5):
        assert requests.get(s.url + "/healthz", timeout=WAIT).status_code == 200
    closed = 0
    for c in socks:
        c.settimeout(WAIT)
        deadline = time.monotonic() + WAIT
        try:
            while time.monotonic() < deadline:
                c.sendall(b"X")  # one byte at a time, slower than the timeout allows
                if c.recv(1) == b"":
                    closed += 1
                    break
        except (ConnectionResetError, BrokenPipeError, socket.timeout):
            closed += 1
        c.close()
    assert closed == len(socks)
    assert requests.get(s.url + "/healthz", timeout=WAIT).status_code == 200
