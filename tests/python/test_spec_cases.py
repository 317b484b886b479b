"""The spec's independent cases (tests/spec_cases) through evaluate and
evaluate_many, with the test calendar swapped in as the pack's calendar."""
import decimal
import json
import pathlib
import shutil

import pytest

import verdict

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "spec_cases"


@pytest.fixture(scope="module")
def test_pack(tmp_path_factory):
    dst = tmp_path_factory.mktemp("pack") / "bss"
    shutil.copytree(ROOT / "rules" / "bss", dst, ignore=shutil.ignore_patterns("tests"))
    shutil.copy(CASES / "calendar.yaml", dst / "calendar.yaml")
    return verdict.load(str(dst))


def load_cases(policy):
    with open(CASES / f"{policy}.jsonl", encoding="utf-8") as f:
        return [json.loads(line, parse_float=decimal.Decimal) for line in f if line.strip()]


def to_json(v):
    """Outputs as the JSON form the cases are written in."""
    if isinstance(v, dict):
        return {k: to_json(x) for k, x in v.items()}
    if isinstance(v, list):
        return [to_json(x) for x in v]
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def same(want, got):
    if isinstance(want, (int, float, decimal.Decimal)) and not isinstance(want, bool):
        return (isinstance(got, (int, float, decimal.Decimal)) and not isinstance(got, bool)
                and abs(decimal.Decimal(str(want)) - decimal.Decimal(str(got))) <= decimal.Decimal("1e-9"))
    if isinstance(want, dict):
        return isinstance(got, dict) and want.keys() <= got.keys() and all(
            same(want[k], got[k]) for k in want)
    if isinstance(want, list):
        return isinstance(got, list) and len(want) == len(got) and all(
            same(a, b) for a, b in zip(want, got))
    return want == got


@pytest.mark.parametrize("policy", ["customer_tier", "retention_followup", "refund_approval",
                                    "number_grade"])
def test_single_record_policies(test_pack, policy):
    failures = []
    for case in load_cases(policy):
        try:
            got = to_json(test_pack.evaluate(policy, case["record"], as_of=case["as_of"]))
            if "expect_error_field" in case:
                failures.append((case["name"], "expected an error", got))
            elif not same(case["expect"], got):
                failures.append((case["name"], case["expect"], got))
        except verdict.RecordError as e:
            if e.field != case.get("expect_error_field"):
                failures.append((case["name"], case.get("expect"), f"RecordError {e.field}: {e}"))
    assert not failures, "\n".join(map(str, failures))


def test_batch_policy(test_pack):
    failures = []
    for case in load_cases("customer_rank_tier"):
        got = to_json(test_pack.evaluate_many("customer_rank_tier", case["records"],
                                              as_of=case["as_of"]))
        for want, g in zip(case["expect"], got):
            if "error_field" in want:
                ok = "error" in g and g["error"]["field"] == want["error_field"]
            else:
                ok = same(want, g)
            if not ok:
                failures.append((case["name"], want, g))
    assert not failures, "\n".join(map(str, failures))
