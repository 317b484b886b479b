"""Content codings of request bodies (../shared/spec/service.md): gzip,
x-gzip and deflate bodies decide byte for byte as plain ones; another
coding, or two, is a 415 by name; a charset parameter changes nothing; a
cut or broken compressed body is a 400 and one that inflates past the body
limit a 413."""
import gzip
import json
import zlib

import requests

from conftest import PACK, WAIT, decide
from test_contract import GOOD, error_of


def test_415_for_an_unsupported_content_coding(server):
    # A coding other than gzip or deflate, or two, is refused by name, not
    # misread as invalid JSON. A charset parameter has no effect (RFC 8259:
    # JSON is UTF-8; none is defined for application/json): an ASCII body
    # declared ISO-8859-1 is decided, and bytes that are not UTF-8 are the
    # body's invalid_json, whatever the declared charset.
    body = json.dumps(GOOD).encode()
    url = server.url + "/v1/policies/customer_tier/decide"
    for coding, says in (("br", "Content-Encoding 'br' is not supported"),
                         ("identity, compress", "Content-Encoding 'compress'"),
                         ("gzip, gzip", "applies more than one coding")):
        h = {"Content-Type": "application/json", "Content-Encoding": coding}
        e = error_of(requests.post(url, data=body, headers=h, timeout=WAIT), 415,
                     "unsupported_media_type")
        assert says in e["message"], e
    want = requests.post(url, data=body, headers={"Content-Type": "application/json"},
                         timeout=WAIT)
    assert want.status_code == 200
    for headers in ({"Content-Encoding": "identity"}, {"Content-Encoding": ""},
                    {"Content-Type": "application/json; charset=UTF-8"},
                    {"Content-Type": "application/json;charset=\"utf-8\"; x=1"},
                    {"Content-Type": "application/json; charset=ISO-8859-1"}):
        h = {"Content-Type": "application/json", **headers}
        r = requests.post(url, data=body, headers=h, timeout=WAIT)
        assert (r.status_code, r.content) == (200, want.content), (headers, r.text)
    latin1 = json.dumps({"customer_id": "caf\u00e9", "arpu": 75}, ensure_ascii=False).encode("latin-1")
    error_of(requests.post(url, data=latin1, timeout=WAIT,
                           headers={"Content-Type": "application/json; charset=ISO-8859-1"}),
             400, "invalid_json")


def _gzip_members(data, parts):
    """`data` as `parts` gzip members, one after another."""
    step = max(1, len(data) // parts)
    return b"".join(gzip.compress(data[i:i + step]) for i in range(0, len(data), step))


def test_compressed_bodies_decide_as_plain_ones(server):
    # gzip (one member or several), x-gzip and deflate (zlib) bodies answer
    # byte for byte what the same body sent plain does: one record, small
    # and large (over the 1 MiB streaming threshold once inflated) NDJSON,
    # a batch policy, and a chunked upload.
    one = json.dumps(GOOD).encode()
    lines = b"".join(b'{"customer_id":"c%d","arpu":%d.5}\n' % (i, i % 300)
                     for i in range(40000)) + b"\n{broken\n"
    assert len(lines) > (1 << 20)
    cases = [("customer_tier", one, False), ("customer_tier", lines[:5000], True),
             ("customer_tier", lines, True), ("customer_rank_tier",
                                              lines.replace(b"arpu", b"monthly_spend"), True)]
    for policy, plain, ndjson in cases:
        want = decide(server.url, policy, plain, ndjson=ndjson,
                      params={"as_of": "2026-11-24"})
        assert want.status_code == 200, want.text
        for coding, packed in (("gzip", gzip.compress(plain)),
                               ("gzip", _gzip_members(plain, 3)),
                               ("x-gzip", gzip.compress(plain)),
                               ("deflate", zlib.compress(plain))):
            got = decide(server.url, policy, packed, ndjson=ndjson,
                         params={"as_of": "2026-11-24"},
                         headers={"Content-Encoding": coding})
            assert got.status_code == 200, (policy, coding, got.text[:300])
            assert got.content == want.content, (policy, coding)
    chunked = requests.post(server.url + "/v1/policies/customer_tier/decide",
                            data=iter([gzip.compress(lines)[i:i + 65536]
                                       for i in range(0, len(gzip.compress(lines)), 65536)]),
                            params={"as_of": "2026-11-24"},
                            headers={"Content-Type": "application/x-ndjson",
                                     "Content-Encoding": "gzip"}, timeout=WAIT)
    assert chunked.status_code == 200
    assert chunked.content == decide(server.url, "customer_tier", lines, ndjson=True,
                                     params={"as_of": "2026-11-24"}).content


def test_broken_or_oversized_compressed_bodies(start_server):
    s = start_server(PACK, "--max-body-bytes", 200000)
    url = s.url + "/v1/policies/customer_tier/decide"
    h = {"Content-Type": "application/x-ndjson", "Content-Encoding": "gzip"}
    packed = gzip.compress(json.dumps(GOOD).encode())
    e = error_of(requests.post(url, data=packed[:len(packed) // 2], headers=h, timeout=WAIT),
                 400, "bad_request")
    assert e["message"] == "the body is cut short: the compressed data ends early"
    e = error_of(requests.post(url, data=json.dumps(GOOD), headers=h, timeout=WAIT),
                 400, "bad_request")
    assert e["message"].startswith("the body is not valid gzip data ("), e
    # 300,000 bytes of lines from a body of about a kilobyte: the inflated
    # size counts against the body limit.
    bomb = gzip.compress(b"\n" * 300000)
    assert len(bomb) < 2000
    e = error_of(requests.post(url, data=bomb, headers=h, timeout=WAIT), 413, "too_large")
    assert e["message"] == "the gzip body inflates to over the limit of 200000 bytes"
    assert requests.get(s.url + "/healthz", timeout=WAIT).status_code == 200
