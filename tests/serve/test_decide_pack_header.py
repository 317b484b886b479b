"""Every response of the decide route carries `Verdict-Pack: NAME/VERSION/CONTENT_HASH`, errors
included (../shared/spec/service.md: "Every decide response carries the header"): the version that
decided, or the one serving now when none did (401, 404, 413, ...)."""
import gzip

import requests

from conftest import PACK, WAIT, decide

GOOD = {"customer_id": "C1", "arpu": 72.5}


def serving(base, headers=None):
    p = requests.get(base + "/v1/policies", headers=headers or {}, timeout=WAIT).json()["pack"]
    return "%s/%s/%s" % (p["name"], p["version"], p["content_hash"])


def test_every_decide_error_names_the_pack(start_server, tmp_path):
    token = tmp_path / "token"
    token.write_text("s3cret\n")
    s = start_server(PACK, "--token-file", token, "--max-body-bytes", 1000)
    auth = {"Authorization": "Bearer s3cret"}
    want = serving(s.url, auth)
    cases = {
        "ok": decide(s.url, "customer_tier", GOOD, headers=auth),
        "empty body": decide(s.url, "customer_tier", b"", headers=auth),
        "bad as_of": decide(s.url, "customer_tier", GOOD, headers=auth, params={"as_of": "2026-13-01"}),
        "bad gzip": decide(s.url, "customer_tier", b"not gzip at all",
                           headers=dict(auth, **{"Content-Encoding": "gzip"})),
        "gzip over the limit": decide(s.url, "customer_tier", gzip.compress(b" " * 100000),
                                      headers=dict(auth, **{"Content-Encoding": "gzip"})),
        "415": decide(s.url, "customer_tier", GOOD, headers=dict(auth, **{"Content-Type": "text/plain"})),
        "unknown policy": decide(s.url, "no_such_policy", GOOD, headers=auth),
        "401": decide(s.url, "customer_tier", GOOD),
        "413": decide(s.url, "customer_tier", b'{"customer_id":"%s"}' % (b"x" * 5000), headers=auth),
        "405": requests.get(s.url + "/v1/policies/customer_tier/decide", headers=auth, timeout=WAIT),
    }
    statuses = {k: r.status_code for k, r in cases.items()}
    assert statuses == {"ok": 200, "empty body": 400, "bad as_of": 400, "bad gzip": 400,
                        "gzip over the limit": 413, "415": 415, "unknown policy": 404, "401": 401,
                        "413": 413, "405": 405}
    missing = {k: r.headers.get("Verdict-Pack") for k, r in cases.items() if r.headers.get("Verdict-Pack") != want}
    assert missing == {}
    # other paths are not decide responses
    assert "Verdict-Pack" not in requests.get(s.url + "/healthz", timeout=WAIT).headers
    assert "Verdict-Pack" not in requests.get(s.url + "/nope", timeout=WAIT).headers
