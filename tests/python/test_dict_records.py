"""evaluate_many on dicts (bindings/python/records.cc: each dict walked once
and its keys matched to fields by identity, then by characters; big dicts
looked up field by field) against evaluate(), one record at a time, which
reads dicts through a different path (a FieldMap of every key)."""
import decimal
import random

import pytest

import verdict

D = decimal.Decimal
AS_OF = "2026-11-24"
CAUSES = ["billing_dispute", "one_time_fee", "service_issue", "billing_data_error",
          "line_fault", "cable_fault", "other"]


class Key(str):
    """A str subclass as a key: matched by its characters."""


def fresh(name):
    """The same characters as `name` in a new, non-interned str object."""
    return "".join(list(name))


def refund_record(rng):
    r = {"request_id": f"q{rng.randrange(10**6)}", "account_id": "a1",
         "amount": D(rng.randrange(1, 90000)) / 100, "cause": rng.choice(CAUSES)}
    if rng.random() < 0.7:
        r["month_to_date_refunded"] = D(rng.randrange(0, 60000)) / 100
    if rng.random() < 0.7:
        r["branch"] = rng.choice(["city", "county"])
    if rng.random() < 0.7:
        r["has_basis_document"] = rng.random() < 0.8
    if rng.random() < 0.6:
        r["cause_description"] = rng.choice(["", "  ", "double billed", "线路故障"])
    if rng.random() < 0.05:  # invalid: an error row, some values no field can hold
        r["amount"] = rng.choice(["12", None, -5, True, 10**40, D("1E+400"),
                                  D("0.1234567890123456789"), {1}, object()])
    if rng.random() < 0.05:
        del r["request_id"]  # a required field missing
    return r


def reshaped(record, rng):
    """`record` with its keys as other objects, extra keys, or many extra
    keys (past the walk's size limit), in a shuffled order."""
    items = list(record.items())
    rng.shuffle(items)
    style = rng.randrange(5)
    out = {}
    for k, v in items:
        if style == 1:
            k = fresh(k)
        elif style == 2:
            k = Key(k) if rng.random() < 0.5 else fresh(k)
        out[k] = v
    if style == 3:  # a few undeclared keys, some not even strings
        out[7] = "seven"
        out[("amount",)] = 1
        out["amount_"] = "no field"
        out[fresh("requestid")] = 1
        out["unholdable"] = {1}  # undeclared: ignored, however odd its value
    if style == 4:  # a wide record: looked up field by field
        for i in range(40):
            out[f"column_{i}"] = i
    return out


def one(pack, policy, record):
    try:
        return pack.evaluate(policy, record, as_of=AS_OF)
    except verdict.RecordError as e:
        return {"error": {"code": e.code, "message": str(e), "field": e.field}}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_dict_records_agree_with_one_at_a_time(pack, seed):
    rng = random.Random(seed)
    records = [reshaped(refund_record(rng), rng) for _ in range(600)]
    many = pack.evaluate_many("refund_approval", records, as_of=AS_OF)
    assert len(many) == len(records)
    errors = 0
    for i, (got, record) in enumerate(zip(many, records)):
        want = one(pack, "refund_approval", record)
        assert got == want, (i, record)
        errors += "error" in got
    assert 0 < errors < len(records) // 3  # both kinds of rows were compared


def test_a_key_of_another_type_equal_to_no_field_is_ignored(pack):
    base = {"customer_id": "c1", "arpu": D("120")}
    out = pack.evaluate_many("customer_tier", [dict(base, **{"x": 1}), {**base, 3: 4}],
                             as_of=AS_OF)
    assert out[0] == out[1] == one(pack, "customer_tier", base)


def test_a_value_no_field_can_hold_is_that_records_error(pack):
    records = [{"customer_id": "c1", "arpu": 1}, {"customer_id": "c2", "arpu": 10**40}]
    want = {"code": "invalid_value", "field": "arpu",
            "message": f"field 'arpu': {10**40} is out of range or too precise"}
    out = pack.evaluate_many("customer_tier", records, as_of=AS_OF)
    assert out[0] == one(pack, "customer_tier", records[0])
    assert out[1] == {"error": want}
    # a wide record reads the same way
    records[1].update({f"c{i}": i for i in range(30)})
    assert pack.evaluate_many("customer_tier", records, as_of=AS_OF)[1] == {"error": want}
    with pytest.raises(verdict.RecordError, match="out of range") as e:
        pack.evaluate("customer_tier", records[1], as_of=AS_OF)
    assert (e.value.code, e.value.field) == ("invalid_value", "arpu")
