"""A record with several faults is refused for the first faulty field in the
policy's field order on every Python path, as `verdict eval` refuses it
(ValidateLoaded, src/evaluate/policy_eval.h); the expected field is the
first faulty one in the policy's `fields:` order, written by hand."""
import decimal

import pandas as pd
import pyarrow as pa
import pytest

AS_OF = "2026-11-24"

# customer_tier fields: customer_id: string, arpu: money.
# refund_approval fields: request_id, account_id, amount (> 0), month_to_date_refunded,
# cause, branch, has_basis_document, cause_description.
CASES = [
    ("customer_tier", {"customer_id": None, "arpu": "60"}, ("missing_field", "customer_id")),
    ("customer_tier", {"arpu": "60", "customer_id": 7}, ("wrong_type", "customer_id")),
    ("customer_tier", {"customer_id": 7, "arpu": 10 ** 40}, ("wrong_type", "customer_id")),
    ("customer_tier", {"arpu": 10 ** 40, "customer_id": "C1"}, ("invalid_value", "arpu")),
    ("refund_approval", {"request_id": "R1", "account_id": "A1", "amount": -5,
                         "cause": "other", "cause_description": True},
     ("invalid_value", "amount")),
    ("refund_approval", {"cause_description": True, "amount": decimal.Decimal("1e40"),
                         "request_id": "R1", "account_id": "A1", "cause": "nope"},
     ("invalid_value", "amount")),
    ("refund_approval", {"cause_description": True, "amount": 5,
                         "request_id": "R1", "account_id": "A1", "cause": "nope"},
     ("invalid_value", "cause")),
]


def code_field(result):
    e = result.get("error")
    return None if e is None else (e["code"], e["field"])


def test_single_and_many_name_the_first_faulty_field(pack):
    import verdict
    for policy, record, want in CASES:
        with pytest.raises(verdict.RecordError) as e:
            pack.evaluate(policy, record, as_of=AS_OF)
        assert (e.value.code, e.value.field) == want, record
        many = pack.evaluate_many(policy, [record, record], as_of=AS_OF)
        assert [code_field(r) for r in many] == [want, want], record


def test_arrow_names_the_first_faulty_field(pack):
    # Arrow columns hold one type each: a string where the policy wants money,
    # an int where it wants a string.
    table = pa.table({"customer_id": pa.array([7, None], pa.int64()),
                      "arpu": pa.array(["60", "60"])})
    out = pack.evaluate_arrow("customer_tier", table, as_of=AS_OF).column("error").to_pylist()
    assert [(e["code"], e["field"]) for e in out] == [("wrong_type", "customer_id"),
                                                     ("missing_field", "customer_id")]
    frame = pd.DataFrame({"arpu": ["60", "60"], "customer_id": [None, "C1"]})
    out = pack.evaluate_many("customer_tier", frame, as_of=AS_OF)
    got = [(e["code"], e["field"]) for e in out["error"]]
    assert got == [("missing_field", "customer_id"), ("wrong_type", "arpu")]


def test_a_value_of_no_policy_type_still_yields_to_an_earlier_field(pack):
    """A set is refused when read; a field before it that fails is named."""
    import verdict
    record = {"arpu": {1, 2}}  # customer_id (first) is missing
    with pytest.raises(verdict.RecordError) as e:
        pack.evaluate("customer_tier", record, as_of=AS_OF)
    assert (e.value.code, e.value.field) == ("missing_field", "customer_id")
    record = {"arpu": {1, 2}, "customer_id": "C1"}
    with pytest.raises(verdict.RecordError) as e:
        pack.evaluate("customer_tier", record, as_of=AS_OF)
    assert (e.value.code, e.value.field) == ("wrong_type", "arpu")
    strict = verdict.load(str(pack_root()), strict_fields=True)
    many = strict.evaluate_many("customer_tier", [{"arpu": {1}}, {"arpu": {1}, "customer_id": "C"}],
                                as_of=AS_OF)
    assert [code_field(r) for r in many] == [("missing_field", "customer_id"),
                                             ("wrong_type", "arpu")]


def pack_root():
    import pathlib
    return pathlib.Path(__file__).resolve().parents[2] / "rules" / "bss"


def test_a_strict_pack_names_the_first_undeclared_key_in_the_dicts_order(pack):
    """As JSON Lines names the first undeclared key of the line (the dict's
    insertion order), before any value's fault; not the first by name."""
    import verdict
    strict = verdict.load(str(pack_root()), strict_fields=True)
    record = {"zz": 1, "customer_id": 7, "aa": {1}, "arpu": "60"}
    with pytest.raises(verdict.RecordError) as e:
        strict.evaluate("customer_tier", record, as_of=AS_OF)
    assert (e.value.code, e.value.field) == ("unknown_field", "zz")
    assert "'zz' is not declared by policy 'customer_tier'" in str(e.value)
    many = strict.evaluate_many("customer_tier", [record, {"arpu": 60, "customer_id": "C1"}],
                                as_of=AS_OF)
    assert code_field(many[0]) == ("unknown_field", "zz")
    assert code_field(many[1]) is None and many[1]["tier"] is not None
