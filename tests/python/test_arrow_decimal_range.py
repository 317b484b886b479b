"""Arrow decimal128 cells beyond the decimal range (a Decimal holds 36
digits, decimal128 38) are that record's invalid_value naming the field,
as the same number is in JSON Lines and in a list of dicts: never a
decided record, never an evaluation error without a field. Through
evaluate_arrow (row and columnar paths) and evaluate_many on a DataFrame
(which goes through Arrow)."""
import decimal

import pandas as pd
import pyarrow as pa
import pytest

D = decimal.Decimal
AS_OF = "2026-11-28"
BIG = "9999999999999999999999999999999999.9999"  # 38 digits


def out_of_range(field, text):
    return {"code": "invalid_value", "field": field,
            "message": f"field '{field}': {text} is out of range or too precise "
                       "(more than 36 digits)"}


def decimals(mantissas, scale):
    """decimal128(38, scale) cells holding `mantissas` (unscaled) exactly,
    whatever their digits (pyarrow's own conversion infers precisions)."""
    words = b"".join(m.to_bytes(16, "little", signed=True) for m in mantissas)
    return pa.Array.from_buffers(pa.decimal128(38, scale), len(mantissas),
                                 [None, pa.py_buffer(words)])


def columnar_batches(pack, table):
    return pack._native.columnar_batches("customer_tier", table.__arrow_c_stream__())


def tiers(pack, table):
    out = pack.evaluate_arrow("customer_tier", table, as_of=AS_OF).to_pylist()
    return [row["error"] or row["tier"] for row in out]


def test_decimal128_beyond_36_digits_is_invalid_value(pack):
    arpu = decimals([int(BIG.replace(".", "")), 10 ** 36 - 1, -(10 ** 38 - 1),
                     10 ** 36, 700000], 4)
    table = pa.table({"customer_id": ["C1", "C2", "C3", "C4", "C5"], "arpu": arpu})
    assert tiers(pack, table) == [
        out_of_range("arpu", BIG), "high",
        out_of_range("arpu", "-9999999999999999999999999999999999.9999"),
        # 10^32 at scale 4: its four zero places dropped, it fits.
        "high", "high"]


def test_scale_0_and_negative_scales(pack):
    ids = ["C1", "C2", "C3"]
    at_0 = pa.table({"customer_id": ids, "arpu": decimals([10 ** 36, 10 ** 36 - 1, 70], 0)})
    assert tiers(pack, at_0) == [
        out_of_range("arpu", "1" + "0" * 36), "high", "high"]
    # decimal128(38, -2): the mantissa times 100; 10^34 of them is 10^36.
    negative = decimals([10 ** 34, 10 ** 34 - 1, 1], -2)
    table = pa.table({"customer_id": ids, "arpu": negative})
    assert tiers(pack, table) == [out_of_range("arpu", "1" + "0" * 34 + "e2"), "high", "high"]


def test_columnar_batch_with_such_a_cell_is_read_row_by_row(pack):
    """customer_tier is decided column at a time; a batch holding a cell
    beyond the range must be refused there, so the rows report it."""
    n = 1000
    mantissas = [700000] * n
    mantissas[417] = 10 ** 36
    table = pa.table({"customer_id": [f"C{i}" for i in range(n)],
                      "arpu": decimals(mantissas, 0)})
    fine = table.set_column(1, "arpu", decimals([700000] * n, 0))
    assert columnar_batches(pack, fine) == 1  # the columnar path takes it
    assert columnar_batches(pack, table) == 0  # not with the cell beyond
    got = tiers(pack, table)
    assert got[417] == out_of_range("arpu", "1" + "0" * 36)
    assert got[:417] + got[418:] == ["high"] * (n - 1)


def test_refund_amount_beyond_the_range(pack):
    record = {"request_id": "R1", "account_id": "A1", "amount": D(BIG), "cause": "other",
              "has_basis_document": True, "cause_description": "x"}
    schema = pa.schema([("request_id", pa.string()), ("account_id", pa.string()),
                        ("amount", pa.decimal128(38, 4)), ("cause", pa.string()),
                        ("has_basis_document", pa.bool_()),
                        ("cause_description", pa.string())])
    table = pa.Table.from_pylist([record], schema=schema)
    out = pack.evaluate_arrow("refund_approval", table, as_of=AS_OF).to_pylist()
    assert out[0]["error"] == out_of_range("amount", BIG)
    listed = pack.evaluate_many("refund_approval", [record], as_of=AS_OF)[0]["error"]
    assert (listed["code"], listed["field"]) == ("invalid_value", "amount")


@pytest.mark.parametrize("big", [BIG, "1E+36", "-1E+36"])
def test_dataframe_agrees_with_the_list_path(pack, big):
    """Each column one that pyarrow makes a decimal128, read through Arrow."""
    records = [{"customer_id": "C1", "arpu": D(big)}, {"customer_id": "C2", "arpu": D("70")}]
    assert pa.types.is_decimal128(pa.array([r["arpu"] for r in records]).type)
    frame = pack.evaluate_many("customer_tier", pd.DataFrame(records), as_of=AS_OF)
    listed = pack.evaluate_many("customer_tier", records, as_of=AS_OF)
    assert frame["tier"].tolist()[1] == listed[1]["tier"] == "high"
    got, want = frame["error"].tolist()[0], listed[0]["error"]
    assert got and (got["code"], got["field"]) == (want["code"], want["field"]) == \
        ("invalid_value", "arpu")
