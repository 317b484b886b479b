"""A single-record decide (application/json) answers what `verdict eval` writes for the body
read as one line (service.md: "200 with the same object that `verdict eval` writes for that
record"; 400 invalid_json for an unparsable body). The body was minified first, which removed
the space between two tokens: `"arpu":7 2` was decided as 72 (tier high) and `- 70` as -70."""
import json

from conftest import PACK, decide, eval_cli

AS_OF = {"as_of": "2026-11-24"}


def test_whitespace_between_tokens_is_not_removed(server):
    for body in ['{"customer_id":"C1","arpu":7 2}', '{"customer_id":"C1","arpu":- 70}',
                 '{"customer_id":"C1","arpu":t rue}', '{"customer_id":"C1","arpu":7\n2}',
                 '{"customer_id":"C 1","arpu":1.\t5}']:
        r = decide(server.url, "customer_tier", body, params=AS_OF)
        cli = json.loads(eval_cli(PACK, "customer_tier", body.replace("\n", " ").encode(),
                                  as_of="2026-11-24"))
        assert r.status_code == 400, (body, r.text)
        assert r.json() == cli, body
        assert r.json()["error"]["code"] == "invalid_json", body


def test_a_pretty_printed_body_is_still_one_record(server):
    body = '{\n\t"customer_id": "C 1",\r\n  "arpu" : 72.50\n}\n'
    r = decide(server.url, "customer_tier", body, params=AS_OF)
    assert r.status_code == 200, r.text
    assert r.json()["tier"] == "high"
    # A raw newline inside a string is not JSON.
    r = decide(server.url, "customer_tier", '{"customer_id": "C\n1", "arpu": 1}', params=AS_OF)
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_json"
