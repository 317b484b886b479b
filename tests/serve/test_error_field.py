"""Every error object carries "field": null when no single field is at fault, and the field's
name when the message names one (../shared/spec/service.md: `{"error": {"code", "message"}}`
with "field" where one field is at fault)."""
import json

import requests

from conftest import WAIT, decide


def error_of(r):
    return r.json()["error"]


def test_request_level_errors_carry_a_null_field(server):
    for r, status in [
        (decide(server.url, "customer_tier", b""), 400),  # empty body
        (decide(server.url, "customer_tier", {"customer_id": "c"}, params={"as_of": "2026-13-01"}), 400),
        (decide(server.url, "customer_tier", b"{}", headers={"Content-Type": "text/plain"}), 415),
        (decide(server.url, "no_such_policy", {"customer_id": "c"}), 404),
        (requests.get(server.url + "/nope", timeout=WAIT), 404),
    ]:
        assert r.status_code == status
        e = error_of(r)
        assert "field" in e and e["field"] is None, (status, e)


def test_a_message_that_names_a_field_names_it_in_field(server):
    # a lone surrogate: a malformed string in a declared field
    r = decide(server.url, "customer_tier", b'{"customer_id":"C\\ud800","arpu":5}')
    assert r.status_code == 400
    e = error_of(r)
    assert e["code"] == "invalid_json" and "'customer_id'" in e["message"]
    assert e["field"] == "customer_id"
    # nested deeper than the reader follows, in an undeclared field
    deep = b'{"customer_id":"C1","arpu":5,"x":' + b"[" * 100 + b"]" * 100 + b"}"
    r = decide(server.url, "customer_tier", deep)
    e = error_of(r)
    assert e["code"] == "invalid_json" and "'x'" in e["message"]
    assert e["field"] == "x"
    # the same in a JSON Lines answer
    r = decide(server.url, "customer_tier", deep + b"\n", ndjson=True)
    assert r.status_code == 200
    assert json.loads(r.content.splitlines()[0])["error"]["field"] == "x"
