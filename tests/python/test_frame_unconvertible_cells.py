"""A DataFrame cell pyarrow cannot convert (a Decimal infinity, in a money
or a string column) is that row's error, as in a list of dicts, and the
other rows are decided: evaluate_many on a DataFrame takes the per-row
route for such a frame instead of raising from pyarrow for the batch."""
import decimal

import pandas as pd
import pytest

D = decimal.Decimal
AS_OF = "2026-11-28"


def check_like_the_list_path(pack, records):
    frame = pack.evaluate_many("customer_tier", pd.DataFrame(records), as_of=AS_OF)
    listed = pack.evaluate_many("customer_tier", records, as_of=AS_OF)
    assert frame["error"].tolist() == [row.get("error") for row in listed]
    decided = [k for k, row in enumerate(listed) if "error" not in row]
    assert [frame["tier"].tolist()[k] for k in decided] == \
        [listed[k]["tier"] for k in decided]
    return frame


@pytest.mark.parametrize("bad", ["Infinity", "-Infinity"])
def test_non_finite_decimal_in_a_money_column(pack, bad):
    frame = check_like_the_list_path(
        pack, [{"customer_id": "C1", "arpu": D(bad)}, {"customer_id": "C2", "arpu": D("70")},
               {"customer_id": "C3", "arpu": D("NaN")}])  # NaN: missing, as in pandas
    assert [e and (e["code"], e["field"]) for e in frame["error"].tolist()] == [
        ("invalid_value", "arpu"), None, ("missing_field", "arpu")]
    assert frame["tier"].tolist()[1] == "high"


def test_infinity_in_a_money_column_names_it(pack):
    frame = pack.evaluate_many(
        "customer_tier",
        pd.DataFrame([{"customer_id": "C1", "arpu": D("Infinity")},
                      {"customer_id": "C2", "arpu": D("70")}]), as_of=AS_OF)
    assert frame["error"].tolist() == [
        {"code": "invalid_value", "message": "field 'arpu': not a finite amount",
         "field": "arpu"}, None]


def test_infinity_in_a_string_column(pack):
    frame = check_like_the_list_path(
        pack, [{"customer_id": D("Infinity"), "arpu": D("1")},
               {"customer_id": "C2", "arpu": D("70")}])
    assert frame["error"].tolist()[0]["code"] == "wrong_type"
    assert frame["tier"].tolist()[1] == "high"
