"""Dictionary-encoded text columns (pandas categoricals, Parquet's usual
encoding) through the vector path of evaluate_arrow, against the per-row
path (the reference, _native.evaluate_arrow_rows): enum and string fields
with indices of every integer width, null rows and null entries, entries
no row uses that are not members, an entry that is not a member used by a
row (the batch goes row by row, with the per-row error), and a string
field compared, trimmed and copied to an output."""
import random

import pyarrow as pa
import pytest

from test_arrow_vector import ROWS, refund_batch, same, vector_batches


def encoded(column, index_type, extra=()):
    """`column` dictionary-encoded with indices of `index_type`; `extra`
    entries appended to the dictionary, used by no row."""
    enc = column.dictionary_encode()
    entries = pa.concat_arrays([enc.dictionary, pa.array(list(extra), pa.string())])
    return pa.DictionaryArray.from_arrays(enc.indices.cast(index_type), entries)


@pytest.mark.parametrize("index_type", [pa.int8(), pa.uint8(), pa.int16(), pa.uint16(),
                                        pa.int32(), pa.uint32(), pa.int64(), pa.uint64()])
def test_dictionary_encoded_enums_and_texts_take_the_vector_path(pack, index_type):
    rng = random.Random(41)
    batches = []
    for _ in range(2):
        b = refund_batch(rng, ROWS)
        cols = b.columns
        cols[4] = encoded(cols[4], index_type, extra=["not_a_cause"])  # cause
        cols[5] = encoded(cols[5], index_type)  # branch, nulls among the rows
        cols[7] = encoded(cols[7], index_type, extra=[None, "unused"])  # description
        batches.append(pa.RecordBatch.from_arrays(cols, names=b.schema.names))
    table = pa.Table.from_batches(batches)
    assert vector_batches(pack, "refund_approval", table) == 2
    got = same(pack, "refund_approval", table).to_pylist()
    reasons = {tuple(r["reject_reasons"]) for r in got}
    assert ("missing_cause_description",) in reasons
    assert {r["status"] for r in got} == {"route", "rejected"}


def test_a_used_entry_that_is_no_member_goes_row_by_row(pack):
    rng = random.Random(42)
    b = refund_batch(rng, ROWS)
    cols = b.columns
    causes = cols[4].to_pylist()
    causes[17] = "typo"
    cols[4] = pa.array(causes).dictionary_encode()
    table = pa.Table.from_batches([pa.RecordBatch.from_arrays(cols, names=b.schema.names)])
    assert vector_batches(pack, "refund_approval", table) == 0
    got = same(pack, "refund_approval", table).to_pylist()
    assert got[17]["error"]["code"] == "invalid_value"


def test_null_entries_and_null_rows_of_a_required_enum(pack):
    rng = random.Random(43)
    b = refund_batch(rng, 300)
    cols = b.columns
    # Row 5 points at a null entry: a missing required field, as a null row.
    idx = [i % 7 for i in range(300)]
    idx[5] = 7
    cols[4] = pa.DictionaryArray.from_arrays(
        pa.array(idx, pa.int32()),
        pa.array(["billing_dispute", "one_time_fee", "service_issue", "billing_data_error",
                  "line_fault", "cable_fault", "other", None]))
    table = pa.Table.from_batches([pa.RecordBatch.from_arrays(cols, names=b.schema.names)])
    assert vector_batches(pack, "refund_approval", table) == 0
    got = same(pack, "refund_approval", table).to_pylist()
    assert got[5]["error"]["code"] == "missing_field"
