"""A Python value no record field can hold (an int or Decimal beyond the
engine's range or precision, an object of no policy type) makes its record
invalid, naming the field, and the other records are still decided: on every
path (evaluate, evaluate_many on dicts, strict packs, DataFrames) and for a
batch policy, whose population leaves the refused record out, as the JSON
Lines path does for `1e400` (bss-policies.md, "The Python API")."""
import decimal
import os

import pandas as pd
import pytest

import verdict

D = decimal.Decimal
AS_OF = "2026-11-24"
HUGE = 10**40


def out_of_range(field, text):
    return {"code": "invalid_value", "field": field,
            "message": f"field '{field}': {text} is out of range or too precise"}


@pytest.fixture(scope="module")
def strict(root):
    return verdict.load(os.path.join(root, "rules", "bss"), strict_fields=True)


def test_evaluate_raises_a_record_error(pack):
    for value, code, text in [
            (HUGE, "invalid_value", f"{HUGE} is out of range or too precise"),
            (D("-1E+50"), "invalid_value", "-1E+50 is out of range or too precise"),
            ({1, 2}, "wrong_type", "cannot use a set as a record value")]:
        with pytest.raises(verdict.RecordError) as e:
            pack.evaluate("customer_tier", {"customer_id": "c", "arpu": value}, as_of=AS_OF)
        assert (e.value.code, e.value.field, str(e.value)) == (code, "arpu", f"field 'arpu': {text}")


def test_an_undeclared_key_is_ignored_whatever_its_value(pack, strict):
    record = {"customer_id": "c", "arpu": D("70"), "note": {1}, "big": HUGE}
    want = pack.evaluate("customer_tier", {"customer_id": "c", "arpu": D("70")}, as_of=AS_OF)
    assert pack.evaluate("customer_tier", record, as_of=AS_OF) == want
    assert pack.evaluate_many("customer_tier", [record], as_of=AS_OF) == [want]
    # a strict pack reports the undeclared field, as for any other value
    assert strict.evaluate_many("customer_tier", [record], as_of=AS_OF)[0]["error"]["code"] \
        == "unknown_field"


@pytest.mark.parametrize("strict_pack", [False, True])
def test_evaluate_many_reports_it_in_place(pack, strict, strict_pack):
    p = strict if strict_pack else pack
    records = [{"customer_id": "a", "arpu": D("70")},
               {"customer_id": "b", "arpu": HUGE},
               {"customer_id": "c", "arpu": D("0.1234567890123456789")},
               {"customer_id": "d", "arpu": D("20")}]
    out = p.evaluate_many("customer_tier", records, as_of=AS_OF)
    assert out[0]["tier"] == "high" and out[3]["tier"] == "mass"
    assert out[1] == {"error": out_of_range("arpu", str(HUGE))}
    assert out[2] == {"error": out_of_range("arpu", "0.1234567890123456789")}


@pytest.mark.parametrize("strict_pack", [False, True])
def test_a_batch_leaves_the_refused_record_out_of_its_population(pack, strict, strict_pack):
    p = strict if strict_pack else pack
    good = [{"customer_id": c, "monthly_spend": D(s)}
            for c, s in [("a", "90"), ("b", "50"), ("c", "10")]]
    bad = {"customer_id": "x", "monthly_spend": HUGE}
    want = p.evaluate_many("customer_rank_tier", good, as_of=AS_OF)
    got = p.evaluate_many("customer_rank_tier", good[:1] + [bad] + good[1:], as_of=AS_OF)
    assert got[1] == {"error": out_of_range("monthly_spend", str(HUGE))}
    assert got[:1] + got[2:] == want


def test_a_dataframe_cell_is_its_rows_error(pack):
    frame = pd.DataFrame({"customer_id": ["a", "b", "c"],
                          "arpu": [D("70"), HUGE, D("20")]}, index=[10, 20, 30])
    out = pack.evaluate_many("customer_tier", frame, as_of=AS_OF)
    assert list(out.index) == [10, 20, 30]
    assert list(out.columns) == ["tier", "archive_required", "visit_interval_months",
                                 "call_interval_months", "error"]
    assert out.loc[10, "tier"] == "high" and out.loc[30, "tier"] == "mass"
    assert out.loc[10, "error"] is None and out.loc[30, "error"] is None
    assert out.loc[20, "error"] == out_of_range("arpu", str(HUGE))
    # the rows decided agree with the frame without the refused row
    clean = pack.evaluate_many("customer_tier", frame.drop(index=20), as_of=AS_OF)
    for name in ["tier", "archive_required"]:
        assert list(out.drop(index=20)[name]) == list(clean[name])
