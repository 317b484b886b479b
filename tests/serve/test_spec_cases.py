"""The shipped spec cases (tests/spec_cases/*.jsonl) over HTTP equal `verdict eval`, byte for byte.

As tests/spec_cases/run_cases.py does, the pack is copied and its calendar replaced by the spec
cases' fake calendar; the server and `verdict eval` then decide the same records with the same pack.
"""
import json
import shutil
from collections import OrderedDict

import pytest

from conftest import PACK, REPO, decide, eval_cli

CASES = REPO / "tests" / "spec_cases"
POLICIES = ["customer_tier", "customer_rank_tier", "retention_followup", "refund_approval", "number_grade"]


@pytest.fixture(scope="module")
def spec_pack(tmp_path_factory):
    dst = tmp_path_factory.mktemp("spec") / "pack"
    shutil.copytree(PACK, dst)
    shutil.copy(CASES / "calendar.yaml", dst / "calendar.yaml")
    return dst


@pytest.fixture(scope="module")
def spec_server(spec_pack):
    from conftest import Server
    s = Server(spec_pack)
    yield s
    s.stop()


def raw_records(policy):
    """(as_of, [record line]) groups as written in the case file, numbers unchanged."""
    groups = OrderedDict()
    for line in (CASES / (policy + ".jsonl")).read_text().splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        key = (case["as_of"], case["name"]) if "records" in case else (case["as_of"], None)
        # the record's own text: cut from the line so number text stays exact
        raw = json.loads(line, parse_float=lambda s: Float(s), parse_int=lambda s: Float(s))
        recs = raw["records"] if "records" in raw else [raw["record"]]
        groups.setdefault(key, []).extend(dump_exact(r) for r in recs)
    return groups


class Float(str):
    pass


def dump_exact(v):
    if isinstance(v, Float):
        return str(v)
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + dump_exact(x) for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ",".join(dump_exact(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("trace", [False, True])
def test_ndjson_equals_eval(spec_server, spec_pack, policy, trace):
    groups = raw_records(policy)
    assert groups
    for (as_of, _), lines in groups.items():
        text = ("\n".join(lines) + "\n").encode()
        params = {"as_of": as_of}
        if trace:
            params["trace"] = "true"
        r = decide(spec_server.url, policy, text, ndjson=True, params=params)
        assert r.status_code == 200
        want = eval_cli(spec_pack, policy, text, as_of=as_of, trace=trace)
        assert r.content == want, (policy, as_of)


@pytest.mark.parametrize("policy", [p for p in POLICIES if p != "customer_rank_tier"])
def test_single_json_equals_eval(spec_server, spec_pack, policy):
    n = 0
    for (as_of, _), lines in raw_records(policy).items():
        want = eval_cli(spec_pack, policy, ("\n".join(lines) + "\n").encode(), as_of=as_of).split(b"\n")
        for line, expected in zip(lines, want):
            r = decide(spec_server.url, policy, line.encode(), params={"as_of": as_of})
            assert r.content == expected, (policy, line)
            err = json.loads(expected).get("error")
            if err is None:
                assert r.status_code == 200
            else:
                assert r.status_code == (400 if err["code"] == "invalid_json" else 422)
            n += 1
    assert n > 0
