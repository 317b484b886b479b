"""The policy page's `pack_policies` (every pack policy with its decision ids and function names,
for the links of used policies' trace entries) is made once per pack version: the same on every
view, and the new version's after a reload."""
import json
import re

import requests

from conftest import WAIT

EXTRA = """policy: extra
record: r
fields:
  n: int
outputs:
  size: string
decisions:
  - id: size.of
    rules:
      - id: any
        then: {size: small}
"""


def pack_policies(url):
    page = requests.get(url + "/policies/customer_tier", timeout=WAIT)
    assert page.status_code == 200, page.text
    data = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', page.text,
                     re.S).group(1)
    return json.loads(data)["pack_policies"]


def test_pack_policies_follow_a_reload(start_server, pack_copy):
    s = start_server(pack_copy)
    before = pack_policies(s.url)
    assert sorted(before) == ["customer_rank_tier", "customer_tier", "number_grade",
                              "refund_approval", "retention_followup"]
    assert "amount_band" in before["refund_approval"] and "routing" in before["refund_approval"]
    assert pack_policies(s.url) == before  # another view: the same
    (pack_copy / "extra.yaml").write_text(EXTRA)
    r = requests.post(s.url + "/v1/reload", timeout=WAIT)
    assert r.status_code == 200, r.text
    after = pack_policies(s.url)
    assert after == {**before, "extra": ["size.of"]}
