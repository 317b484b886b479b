"""The column-at-a-time path of evaluate_arrow for general policies
(src/api/arrow_vector.h) against the per-row path (the reference:
_native.evaluate_arrow_rows, which never takes a columnar path and shares
no code with it) on generated Arrow batches: fixed seeds and counts, nulls
where fields allow them and where they do not, values on and beside every
threshold, records that fail. Each case also proves which path it tests:
_native.vector_batches counts the batches the vector path decides."""
import decimal
import random

import pyarrow as pa
import pytest

import verdict
from test_arrow_columnar import decimal_array, generated_table, reference

AS_OF = "2026-11-24"
ROWS = 2500  # per batch: more than one chunk of 2048 rows
CAUSES = ["billing_dispute", "one_time_fee", "service_issue", "billing_data_error",
          "line_fault", "cable_fault", "other"]


def vector_batches(pack, policy, table):
    return pack._native.vector_batches(policy, table.__arrow_c_stream__(), AS_OF)


def same(pack, policy, table):
    got = pack.evaluate_arrow(policy, table, as_of=AS_OF, threads=1)
    want = reference(pack, policy, table)
    assert got.schema.equals(want.schema), policy
    assert got.to_pylist() == want.to_pylist(), policy
    return got


def refund_batch(rng, n, scale=2, bad=0.0):
    """Valid refund requests: amounts on and beside 200 and 500 (cumulative
    included), nulls in the optional and defaulted fields; with `bad`, that
    share of rows carries a fault (a zero amount, an unknown cause, a
    missing required field)."""
    unit = 10 ** scale
    amount, mtd = [], []
    for _ in range(n):
        target = rng.choice((200, 500, 199, 0))
        a = rng.randrange(1, 1000 * unit)
        m = max(0, target * unit - a + rng.choice((-1, 0, 0, 1)))
        amount.append(a)
        mtd.append(None if rng.random() < 0.2 else m)
    causes = [rng.choice(CAUSES) for _ in range(n)]
    request = [f"R{i}" for i in range(n)]
    if bad:
        for i in range(n):
            r = rng.random()
            if r < bad / 3:
                amount[i] = 0  # fails the check "> 0"
            elif r < 2 * bad / 3:
                causes[i] = "typo"
            elif r < bad:
                request[i] = None  # a required field missing
    words = bytearray()
    for m in mtd:
        words += ((m or 0) % 2 ** 128).to_bytes(16, "little")
    mtd_array = pa.Array.from_buffers(
        pa.decimal128(12, scale), n,
        [pa.array([m is not None for m in mtd]).buffers()[1], pa.py_buffer(bytes(words))],
        null_count=sum(m is None for m in mtd))
    return pa.RecordBatch.from_arrays([
        pa.array(request),
        pa.array([f"A{i % 97}" for i in range(n)]),
        decimal_array(amount, scale, precision=12),
        mtd_array,
        pa.array(causes),
        pa.array([rng.choice(("city", "county", None)) for _ in range(n)]),
        pa.array([rng.choice((True, True, False, None)) for _ in range(n)]),
        pa.array([rng.choice(("wrong charge", "   ", "", " x ", "\u3000", None, "重复扣费"))
                  for _ in range(n)]),
    ], names=["request_id", "account_id", "amount", "month_to_date_refunded", "cause",
              "branch", "has_basis_document", "cause_description"])


@pytest.mark.parametrize("scale", [0, 2, 4])
def test_refund_takes_the_vector_path_and_agrees(pack, scale):
    rng = random.Random(100 + scale)
    table = pa.Table.from_batches([refund_batch(rng, ROWS, scale) for _ in range(3)])
    assert vector_batches(pack, "refund_approval", table) == 3
    got = same(pack, "refund_approval", table).to_pylist()
    # The cases the spec names are among them: both statuses, all bands.
    assert {r["status"] for r in got} == {"route", "rejected"}
    assert {r["amount_approver"] for r in got} >= {
        "county_general_manager", "department_head", "city_branch_deputy_manager",
        "city_branch_general_manager", None}


def test_batches_with_failing_rows_go_row_by_row_with_the_same_answers(pack):
    rng = random.Random(7)
    batches = [refund_batch(rng, ROWS), refund_batch(rng, ROWS, bad=0.01),
               refund_batch(rng, 50), refund_batch(rng, 50, bad=0.5)]
    table = pa.Table.from_batches(batches)
    assert vector_batches(pack, "refund_approval", table) == 2
    got = same(pack, "refund_approval", table).to_pylist()
    codes = {r["error"]["code"] for r in got if r["error"]}
    assert codes == {"invalid_value", "missing_field"}


def test_sliced_and_int64_and_absent_columns(pack):
    rng = random.Random(8)
    batch = refund_batch(rng, ROWS)
    sliced = pa.Table.from_batches([batch.slice(3, 2100), batch.slice(2200)])
    assert vector_batches(pack, "refund_approval", sliced) == 2
    same(pack, "refund_approval", sliced)
    # Money as int64 yuan; defaulted and optional columns left out.
    ints = pa.table({
        "request_id": batch.column(0), "account_id": batch.column(1),
        "amount": pa.array([rng.randrange(1, 900) for _ in range(ROWS)], pa.int64()),
        "cause": batch.column(4), "has_basis_document": batch.column(6)})
    assert vector_batches(pack, "refund_approval", ints) == 1
    same(pack, "refund_approval", ints)


@pytest.mark.parametrize("seed", [31, 32])
def test_every_shipped_policy_agrees_whichever_path(pack, seed):
    for policy in [p for p in pack.policies if not pack.policy_info(p).get("batch")]:
        for nulls in (False, True):
            same(pack, policy, generated_table(pack, policy, seed, nulls, 2))


ROUTE = """policy: route
record: r
fields:
  id: string
  amount: money
  fee: money = 1.5
  kind: enum(a, b, c)
  region: string?
  flag: bool = false
outputs:
  level: enum(low, mid, high)
  net: money
  label: string?
  tags: list(string)
  region_out: string?
  note: string
  due: date?
let:
  net_amount: r.amount - r.fee
  big: net_amount >= 100
functions:
  band:
    params:
      x: money
      k: enum(a, b, c)
    returns:
      b: string
    hit: first
    table:
      when: [x, k]
      then: [b]
      rows:
        one: ["< 0", c, negative_c]
        two: ["< 50", "-", small]
        three: ["[50..100)", "-", medium]
        four: [">= 100", "-", large]
decisions:
  - id: tags
    hit: collect
    into: tags
    rules:
      - id: t1
        when: r.flag
        then: flagged
      - id: t2
        when: "has(r.region) && r.region == 'north'"
        then: north
      - id: t3
        when: big
        then: big
      - id: t4
        when: "r.kind in ['a', 'b']"
        then: ab
  - id: level
    hit: first
    rules:
      - id: high
        when: "big && size(tags) > 1"
        then:
          level: high
          net: =net_amount
          label: =band(net_amount, r.kind)
          region_out: =r.region
          note: =r.id
          due: =add_days(as_of, 3)
      - id: mid
        when: "net_amount > 0 || r.kind == 'c'"
        then:
          level: mid
          net: =net_amount
          label: "=band(net_amount, r.kind) + '!'"
          note: mid
          region_out: fixed
      - id: low
        then:
          level: low
          net: 0
          label: null
          note: "=r.id + '?'"
"""


def route_table(rng, n):
    amounts = [rng.choice((rng.randrange(-500, 30000), 10150, 10149, 10151, 150, 149, 0))
               for _ in range(n)]
    return pa.table({
        "id": pa.array([f"I{i}" for i in range(n)]),
        "amount": decimal_array(amounts, 2, precision=14),
        "fee": pa.array([None if rng.random() < 0.5 else decimal.Decimal(rng.randrange(0, 300)) / 100
                         for _ in range(n)], pa.decimal128(8, 2)),
        "kind": pa.array([rng.choice("abc") for _ in range(n)]),
        "region": pa.array([rng.choice(("north", "south", "", None)) for _ in range(n)]),
        "flag": pa.array([rng.choice((True, False, None)) for _ in range(n)]),
    })


def test_a_policy_of_every_kernel_agrees(tmp_path):
    """Lets of decimal sums, a collect of constants, a first hit whose
    outputs are expressions (a policy function on decimals, a text field,
    a date from as_of), nulls and defaults."""
    (tmp_path / "pack.yaml").write_text('pack: g\nversion: "1"\nzone: "+08:00"\n')
    (tmp_path / "route.yaml").write_text(ROUTE)
    pack = verdict.load(str(tmp_path))
    rng = random.Random(9)
    table = pa.concat_tables([route_table(rng, ROWS) for _ in range(2)])
    assert vector_batches(pack, "route", table) == 2
    got = same(pack, "route", table).to_pylist()
    assert {r["level"] for r in got} == {"low", "mid", "high"}
    assert {r["label"] for r in got} >= {"negative_c!", "small!", "large", None}


CLASSES = """policy: classes
record: r
fields:
  a: money
  b: money?
  k: enum(x, y)
outputs:
  band: string
  twice: money?
  near: bool
functions:
  band_of:
    params:
      v: money
      k: enum(x, y)
    returns:
      band: string
    hit: first
    table:
      when: [v, k]
      then: [band]
      rows:
        neg: ["< -1", "-", neg]
        on: ["0.5", x, half_x]
        low: ["[0..2)", "-", low]
        two: ["2", "-", two]
        high: ["> 2", "-", high]
        rest: ["-", "-", other]
  twice_of:
    params:
      v: money
    returns:
      d: money
    hit: first
    rules:
      - id: only
        then: {d: =v + v}
decisions:
  - id: band
    hit: first
    rules:
      - id: with_b
        when: "has(r.b)"
        then: {band: "=band_of(r.b, r.k)", twice: "=twice_of(r.b)", near: "=r.a == 2 || r.a < 1"}
      - id: without
        then: {band: "=band_of(r.a, r.k) + '/a'", twice: null, near: "=r.a >= 3"}
"""


def test_decimal_classes_keep_every_boundary(tmp_path):
    """A function whose table compares a decimal parameter with literals
    (on, below and above each, equal to an int, at several scales) is one
    lookup per class of the argument; one whose output is the parameter
    itself (`twice_of`) cannot be, and is decided column-wise instead."""
    (tmp_path / "pack.yaml").write_text('pack: g\nversion: "1"\nzone: "+08:00"\n')
    (tmp_path / "classes.yaml").write_text(CLASSES)
    pack = verdict.load(str(tmp_path))
    rng = random.Random(12)
    n = ROWS
    # At scale 4: on and beside -1, 0, 0.5, 2 and 3.
    picks = [-20000, -10001, -10000, -9999, -1, 0, 1, 4999, 5000, 5001, 19999,
             20000, 20001, 29999, 30000, 30001]
    a = [rng.choice(picks) + rng.choice((0, 0, 0, rng.randrange(-5, 5))) for _ in range(n)]
    b = [None if rng.random() < 0.3 else rng.choice(picks) for _ in range(n)]
    table = pa.table({
        "a": decimal_array(a, 4, precision=20),
        "b": pa.array([None if v is None else decimal.Decimal(v).scaleb(-4) for v in b],
                      pa.decimal128(20, 4)),
        "k": pa.array([rng.choice("xy") for _ in range(n)]),
    })
    assert vector_batches(pack, "classes", table) == 1
    got = same(pack, "classes", table).to_pylist()
    assert {r["band"] for r in got} >= {"neg", "half_x", "low", "two", "high", "other",
                                        "neg/a", "low/a", "two/a", "high/a"}


NULLS = """policy: nulls
record: r
fields:
  b: money?
  s: string?
outputs:
  eq: bool
  order: string?
decisions:
  - id: eq
    hit: first
    rules:
      - id: is_one
        when: "r.b == 1 || r.s == 'a'"
        then: {eq: true}
      - id: not_two
        when: "r.b != 2 && r.s != 'b'"
        then: {eq: false}
      - id: rest
        then: {eq: true}
  - id: order
    hit: first
    rules:
      - id: big
        when: "r.b > 1"
        then: {order: big}
      - id: text
        when: "r.s < 'b'"
        then: {order: text}
"""


def test_nulls_compare_as_the_interpreter_compares_them(tmp_path):
    """`==` and `!=` with null are false and true; `<` and `>` with null
    fail the record: a batch with such a row goes row by row, the others
    stay on the vector path."""
    (tmp_path / "pack.yaml").write_text('pack: g\nversion: "1"\nzone: "+08:00"\n')
    (tmp_path / "nulls.yaml").write_text(NULLS)
    pack = verdict.load(str(tmp_path))
    rng = random.Random(13)

    def batch(null_b, null_s):
        return pa.RecordBatch.from_arrays([
            pa.array([None if rng.random() < null_b else decimal.Decimal(rng.choice((0, 1, 2, 3)))
                      for _ in range(ROWS)], pa.decimal128(10, 2)),
            pa.array([None if rng.random() < null_s else rng.choice("abc") for _ in range(ROWS)]),
        ], names=["b", "s"])

    table = pa.Table.from_batches([batch(0, 0), batch(0.2, 0), batch(0, 0.2)])
    assert vector_batches(pack, "nulls", table) == 1
    got = same(pack, "nulls", table).to_pylist()
    assert any(r["error"] for r in got) and any(r["order"] == "text" for r in got)


ITERATES = """policy: iterates
record: r
fields:
  k: enum(a, b, c)
outputs:
  hit: bool
functions:
  listed:
    params:
      k: enum(a, b, c)
    returns:
      yes: bool
    hit: first
    rules:
      - id: found
        when: "['a', 'b'].exists(x, x == k)"
        then: {yes: true}
      - id: other
        then: {yes: false}
decisions:
  - id: hit
    hit: first
    rules:
      - id: only
        then: {hit: "=listed(r.k)"}
"""


def test_comprehensions_stay_row_by_row(tmp_path):
    """A comprehension's iterations are limited per record: run once per
    distinct input by a memo they would be counted otherwise, so a policy
    that iterates (here inside a function it calls) is not taken."""
    (tmp_path / "pack.yaml").write_text('pack: g\nversion: "1"\nzone: "+08:00"\n')
    (tmp_path / "iterates.yaml").write_text(ITERATES)
    pack = verdict.load(str(tmp_path))
    table = pa.table({"k": pa.array(["a", "b", "c"] * 1000)})
    assert vector_batches(pack, "iterates", table) == 0
    got = same(pack, "iterates", table).to_pylist()
    assert [r["hit"] for r in got[:3]] == [True, True, False]


PASSES = """policy: passes
record: r
fields:
  amount: money
  k: enum(a, b)
outputs:
  paid: money?
decisions:
  - id: paid
    hit: first
    rules:
      - id: only
        then: {paid: "=pick(r.amount, r.k)"}
functions:
  pick:
    params:
      x: money
      k: enum(a, b)
    returns:
      y: money?
    hit: first
    rules:
      - id: a
        when: "k == 'a'"
        then: {y: =x}
      - id: b
        then: {y: null}
"""


def test_a_function_returning_its_decimal_parameter(tmp_path):
    """A function whose outcome depends on coded values but that returns
    its decimal parameter as it is: its decision is a finite step inside
    the call, the parameter copied per row (an inlined call once left its
    result unset here)."""
    (tmp_path / "pack.yaml").write_text('pack: g\nversion: "1"\nzone: "+08:00"\n')
    (tmp_path / "passes.yaml").write_text(PASSES)
    pack = verdict.load(str(tmp_path))
    n = ROWS
    table = pa.table({"amount": decimal_array(list(range(1, n + 1)), 2),
                      "k": pa.array(["a", "b"] * (n // 2))})
    # Its decision runs as a finite step of its own inside the call.
    assert vector_batches(pack, "passes", table) == 1
    got = same(pack, "passes", table).to_pylist()
    assert [str(r["paid"]) for r in got[:2]] == ["0.0100", "None"]
