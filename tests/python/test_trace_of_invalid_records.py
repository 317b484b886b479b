"""An invalid record has no trace (docs/errors.md §3), on every path that
traces: `verdict eval --trace` and the service write {"error": ...} with no
"trace" member and evaluate_arrow a null trace cell, so evaluate_many's dict
has no "trace" key and a DataFrame's `trace` column holds None for it, never
[] (a decided record's trace when no rule matched). evaluate raises."""
import decimal

import pandas as pd
import pyarrow as pa
import pytest

import verdict

D = decimal.Decimal
AS_OF = "2026-11-24"
RECORDS = [{"customer_id": "a", "arpu": D(5)},  # decided
           {"arpu": D(70)},  # missing_field
           {"customer_id": "c", "arpu": "lots"}]  # wrong_type


def test_a_dict_of_an_invalid_record_has_no_trace_key(pack):
    out = pack.evaluate_many("customer_tier", RECORDS, as_of=AS_OF, trace=True)
    assert out[0]["trace"][0]["rule"] == "mass"
    assert [row["error"]["code"] for row in out[1:]] == ["missing_field", "wrong_type"]
    for row in out[1:]:
        assert "trace" not in row, row
        assert set(row) == {"error"}


def test_evaluate_raises_for_an_invalid_record_even_with_trace(pack):
    with pytest.raises(verdict.RecordError) as e:
        pack.evaluate("customer_tier", RECORDS[1], as_of=AS_OF, trace=True)
    assert e.value.code == "missing_field"


@pytest.mark.parametrize("unconvertible", [False, True])
def test_a_frame_has_none_in_the_trace_column_like_arrow(pack, unconvertible):
    # With a cell no field can hold (a Decimal infinity), the frame is
    # decided as a list of records: the same column either way.
    rows = [dict(r) for r in RECORDS]
    if unconvertible:
        rows.append({"customer_id": "d", "arpu": D("Infinity")})
    frame = pack.evaluate_many("customer_tier", pd.DataFrame(rows), as_of=AS_OF, trace=True)
    traces = frame["trace"].tolist()
    assert traces[0][0]["rule"] == "mass"
    assert traces[1:] == [None] * (len(rows) - 1)

    table = pa.table({"customer_id": pa.array(["a", None]),
                      "arpu": pa.array([D(5), D(70)], pa.decimal128(38, 4))})
    arrow = pack.evaluate_arrow("customer_tier", table, as_of=AS_OF, trace=True)
    assert arrow.column("trace").to_pylist()[1] is None
