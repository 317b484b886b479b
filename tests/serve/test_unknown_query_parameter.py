"""A decide refuses a query parameter it does not take (service.md: 400 bad_request for a bad
query parameter): a misspelt `asof=2020-01-01` silently decided as of today."""
from conftest import decide


def test_a_misspelt_parameter_is_a_400_naming_it(server):
    record = {"customer_id": "C1", "arpu": 70}
    for ndjson in (False, True):
        body = record if not ndjson else b'{"customer_id":"C1","arpu":70}\n'
        r = decide(server.url, "customer_tier", body, ndjson=ndjson, params={"asof": "2020-01-01"})
        assert r.status_code == 400, r.text
        e = r.json()["error"]
        assert e["code"] == "bad_request" and "'asof'" in e["message"], e
        assert "as_of" in e["message"], e
    ok = decide(server.url, "customer_tier", record, params={"as_of": "2020-01-01", "trace": "1"})
    assert ok.status_code == 200, ok.text
