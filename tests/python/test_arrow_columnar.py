"""The columnar path of evaluate_arrow (src/api/arrow_columnar.cc) against
the per-row path (the reference: _native.evaluate_arrow_rows, which never
takes the columnar path and shares no code with it) on generated Arrow
tables: fixed seeds and counts, nulls, values on and beside every integral
threshold up to 1000, extreme decimals, decimal128 at scales 0 to 4 and
int64 money, batches mixing both paths. Every shipped per-record policy is
tried; those the columnar path takes must include customer_tier. Also the
DataFrame route of evaluate_many (through Arrow) against the list path."""
import datetime
import decimal
import pathlib
import random

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import verdict

ROOT = pathlib.Path(__file__).resolve().parents[2]
AS_OF = "2026-11-24"
ROWS = 3000  # per batch
BATCHES = 4


def reference(pack, policy, table):
    capsule = pack._native.evaluate_arrow_rows(policy, table.__arrow_c_stream__(), AS_OF)
    return pa.RecordBatchReader._import_from_c_capsule(capsule).read_all()


def columnar_batches(pack, policy, table):
    return pack._native.columnar_batches(policy, table.__arrow_c_stream__())


def money_mantissas(rng, n, scale):
    """Mantissas at `scale`: uniform amounts, every integer 0..1000 and its
    neighbours one unit of the scale away, zero, and values near the 10^18
    limit of the columnar path (inside it)."""
    unit = 10 ** scale
    picks = []
    for _ in range(n):
        r = rng.random()
        if r < 0.4:
            picks.append(rng.randrange(-1000 * unit, 150_000 * unit))
        elif r < 0.9:
            picks.append(rng.randrange(0, 1001) * unit + rng.choice((-1, 0, 0, 1)))
        elif r < 0.95:
            picks.append(rng.choice((0, 1, -1)))
        else:
            picks.append(rng.choice((1, -1)) * (10 ** 18 - 1 - rng.randrange(1000)))
    return picks


def decimal_array(mantissas, scale, precision=38):
    """decimal128 cells straight from their 128-bit mantissas (two's
    complement, little-endian), without going through Python decimals."""
    words = bytearray()
    for m in mantissas:
        words += (m % 2 ** 128).to_bytes(16, "little")
    return pa.Array.from_buffers(pa.decimal128(precision, scale), len(mantissas),
                                 [None, pa.py_buffer(bytes(words))])


def column_for(rng, field, n, money_scale, money_as_int):
    """A generated column for a declared field (None: leave it out)."""
    t = field["type"].rstrip("?")
    if t.startswith(("money", "decimal")):
        if money_as_int:
            return pa.array([m // 10 ** money_scale for m in money_mantissas(rng, n, money_scale)],
                            type=pa.int64())
        return decimal_array(money_mantissas(rng, n, money_scale), money_scale)
    if t.startswith("int"):
        return pa.array([rng.choice((rng.randrange(-5, 1000), 2 ** 63 - 1, -2 ** 63))
                         for _ in range(n)], type=pa.int64())
    if t.startswith("enum("):
        members = [m.strip() for m in t[5:-1].split(",")]
        return pa.array([rng.choice(members) for _ in range(n)])
    if t.startswith("string"):
        return pa.array([rng.choice(("", "a", "C1", "high", "中端", "zz")) for _ in range(n)])
    if t.startswith("bool"):
        return pa.array([rng.random() < 0.5 for _ in range(n)])
    if t.startswith("datetime"):
        start = datetime.datetime(2026, 1, 1)
        return pa.array([start + datetime.timedelta(minutes=rng.randrange(600_000))
                         for _ in range(n)], type=pa.timestamp("us"))
    if t.startswith("date"):
        start = datetime.date(2026, 1, 1)
        return pa.array([start + datetime.timedelta(days=rng.randrange(400)) for _ in range(n)],
                        type=pa.date32())
    return None


def with_nulls(rng, column, share):
    mask = [rng.random() < share for _ in range(len(column))]
    return pa.array([None if m else v for m, v in zip(mask, column.to_pylist())], type=column.type)


def generated_table(pack, policy, seed, nulls, money_scale=4, money_as_int=False):
    """BATCHES record batches of ROWS rows; with `nulls`, every other batch
    has nulls in every column (those batches take the per-row path)."""
    rng = random.Random(seed)
    fields = pack.policy_info(policy)["fields"]
    batches = []
    for b in range(BATCHES):
        columns, names = [], []
        for f in fields:
            column = column_for(rng, f, ROWS, money_scale, money_as_int)
            if column is None:
                continue
            if nulls and b % 2 == 1:
                column = with_nulls(rng, column, 0.05)
            columns.append(column)
            names.append(f["name"])
        batches.append(pa.RecordBatch.from_arrays(columns, names=names))
    return pa.Table.from_batches(batches)


def per_record_policies(pack):
    return [p for p in pack.policies if not pack.policy_info(p).get("batch")]


def test_customer_tier_takes_the_columnar_path(pack):
    table = generated_table(pack, "customer_tier", seed=1, nulls=False)
    assert columnar_batches(pack, "customer_tier", table) == BATCHES
    # A batch with a null goes row by row; the others stay columnar.
    mixed = generated_table(pack, "customer_tier", seed=1, nulls=True)
    assert columnar_batches(pack, "customer_tier", mixed) == BATCHES // 2


@pytest.mark.parametrize("seed", [11, 12, 13])
@pytest.mark.parametrize("money_scale", [0, 2, 4])
def test_columnar_equals_per_row_on_every_shipped_policy(pack, seed, money_scale):
    fast = []
    for policy in per_record_policies(pack):
        for nulls in (False, True):
            table = generated_table(pack, policy, seed, nulls, money_scale)
            if columnar_batches(pack, policy, table):
                fast.append(policy)
            got = pack.evaluate_arrow(policy, table, as_of=AS_OF)
            want = reference(pack, policy, table)
            assert got.schema.equals(want.schema), policy
            assert got.to_pylist() == want.to_pylist(), (policy, nulls)
    assert "customer_tier" in fast


def test_int64_money_and_sliced_batches(pack):
    table = generated_table(pack, "customer_tier", seed=21, nulls=False, money_as_int=True)
    assert columnar_batches(pack, "customer_tier", table) == BATCHES
    assert pack.evaluate_arrow("customer_tier", table, as_of=AS_OF).to_pylist() == \
        reference(pack, "customer_tier", table).to_pylist()
    # Slices carry offsets into their buffers.
    sliced = pa.Table.from_batches([b.slice(7, 1000) for b in table.to_batches()])
    assert columnar_batches(pack, "customer_tier", sliced) == BATCHES
    assert pack.evaluate_arrow("customer_tier", sliced, as_of=AS_OF).to_pylist() == \
        reference(pack, "customer_tier", sliced).to_pylist()


def test_extreme_decimals_fall_back_to_the_same_answers(pack):
    """Cells beyond the columnar path's 10^18 bound, scales above 4, and
    precision-38 extremes: refused by the columnar path, decided (or
    rejected) exactly as row by row."""
    ids = pa.array([f"C{i}" for i in range(6)])
    cases = [
        decimal_array([10 ** 18, -10 ** 18, 0, 600000, 10 ** 37, -(10 ** 38 - 1)], 4),
        decimal_array([599999, 600000, 600001, 299999, 300000, 1], 4, precision=7),
        decimal_array([59_999_999, 60_000_000, 60_000_001, 1, 0, -1], 6),
        decimal_array([60, 59, 30, 29, 0, -1], 0, precision=2),
    ]
    for arpu in cases:
        table = pa.table({"customer_id": ids, "arpu": arpu})
        assert pack.evaluate_arrow("customer_tier", table, as_of=AS_OF).to_pylist() == \
            reference(pack, "customer_tier", table).to_pylist()


def test_dataframe_route_matches_the_list_path(pack):
    rng = np.random.default_rng(5)
    n = 5000
    cents = rng.integers(-100, 15000, n)
    frames = {
        "float": pd.DataFrame({"customer_id": [f"C{i}" for i in range(n)], "arpu": cents / 100}),
        "int": pd.DataFrame({"customer_id": [f"C{i}" for i in range(n)], "arpu": cents // 100}),
        "decimal": pd.DataFrame({"customer_id": [f"C{i}" for i in range(n)],
                                 "arpu": [decimal.Decimal(int(c)).scaleb(-2) for c in cents]}),
        # Not exact at 4 places, NaN, and huge: the evaluate_columns route.
        "inexact": pd.DataFrame({"customer_id": ["a", "b", "c"], "arpu": [12.34567, np.nan, 1e15]}),
    }
    for name, df in frames.items():
        got = pack.evaluate_many("customer_tier", df, as_of=AS_OF)
        rows = pack.evaluate_many("customer_tier", df.to_dict("records"), as_of=AS_OF)
        for i, row in enumerate(rows):
            error = got["error"].iloc[i]
            if "error" in row:
                assert error == row["error"], name
                continue
            assert error is None, name
            for key, value in row.items():
                cell = got[key].iloc[i]
                if value is None:
                    assert pd.isna(cell), (name, key)
                else:
                    assert cell == value, (name, key)


GRADE = """policy: grade
record: r
fields:
  id: string
  amount: money
  note: string?      # nothing reads it
  code: string       # required, nothing reads it
outputs:
  grade: enum(big, small)
decisions:
  - id: grade
    hit: first
    table:
      when: [r.amount]
      then: [grade]
      rows:
        big: [">= 100", big]
        small: ["-", small]
"""


def test_nulls_in_an_unread_optional_column_stay_columnar(tmp_path):
    """A null cell of an optional field nothing reads only gets the unread
    default: such a batch stays on the columnar path. A null in a required
    unread field is still a missing field, row by row."""
    (tmp_path / "pack.yaml").write_text('pack: g\nversion: "1"\nzone: "+08:00"\n')
    (tmp_path / "grade.yaml").write_text(GRADE)
    grade = verdict.load(str(tmp_path))
    n = 500
    amounts = decimal_array([m * 100 for m in range(n)], 2)
    notes = pa.array([None if i % 3 else f"n{i}" for i in range(n)])
    codes = pa.array([f"c{i}" for i in range(n)])
    table = pa.table({"id": pa.array([f"R{i}" for i in range(n)]), "amount": amounts,
                      "note": notes, "code": codes})
    assert columnar_batches(grade, "grade", table) == 1
    got = grade.evaluate_arrow("grade", table, as_of=AS_OF).to_pylist()
    assert got == reference(grade, "grade", table).to_pylist()
    assert [r["grade"] for r in got[99:102]] == ["small", "big", "big"]
    missing = table.set_column(3, "code", pa.array([None] + [f"c{i}" for i in range(1, n)]))
    assert columnar_batches(grade, "grade", missing) == 0
    got = grade.evaluate_arrow("grade", missing, as_of=AS_OF).to_pylist()
    assert got == reference(grade, "grade", missing).to_pylist()
    assert got[0]["error"]["code"] == "missing_field" and got[1]["error"] is None
