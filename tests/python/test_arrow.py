"""Pack.evaluate_arrow: Arrow in and out through the C stream interface.
Round trips of every type of the spec's table, nulls, invalid rows, float
money refused, polars and pandas inputs, and equality with evaluate_many on
the spec cases of every policy."""
import datetime
import decimal
import json
import pathlib
import shutil

import pyarrow as pa
import pytest

import verdict

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "spec_cases"
D = decimal.Decimal

ECHO = """
policy: echo
record: r
fields:
  m: money
  dec: decimal
  i: int
  b: bool
  s: string
  e: enum(x, y)
  d: date
  t: datetime
  li: list(int)
  ls: list(string)
  o: int?
outputs:
  m: money
  dec: decimal
  i: int
  b: bool
  s: string
  e: enum(x, y)
  d: date
  t: datetime
  li: list(int)
  ls: list(string)
  o: int?
  raw: list
decisions:
  - id: echo
    hit: first
    rules:
      - id: all
        when: r.i >= 0
        then: {m: =r.m, dec: =r.dec, i: =r.i, b: =r.b, s: =r.s, e: =r.e, d: =r.d, t: =r.t,
               li: =r.li, ls: =r.ls, raw: "=[r.i, r.s]"}
      - id: negative_has_o
        when: has(r.o)
        then: {m: =r.m, dec: =r.dec, i: =r.i, b: =r.b, s: =r.s, e: =r.e, d: =r.d, t: =r.t,
               li: =r.li, ls: =r.ls, o: =r.o, raw: "=[r.i]"}
"""


@pytest.fixture(scope="module")
def echo_pack(tmp_path_factory):
    d = tmp_path_factory.mktemp("echo")
    (d / "pack.yaml").write_text('pack: echo\nversion: "1"\nzone: "+08:00"\ncalendar: calendar.yaml\n')
    (d / "calendar.yaml").write_text(
        "calendar: c\nweekend: [saturday, sunday]\nholidays: []\nworkdays: []\n")
    (d / "echo.yaml").write_text(ECHO)
    return verdict.load(str(d))


def echo_table(n_rows=3, **override):
    cols = {
        "m": pa.array([D("199.99"), D("-0.0001"), D("12345678901234.5")], pa.decimal128(38, 4)),
        "dec": pa.array([D("0.3333"), D("1"), D("-2.5")], pa.decimal128(38, 18)),
        "i": pa.array([1, 2**62, 0], pa.int64()),
        "b": pa.array([True, False, True]),
        "s": pa.array(["a", "\u00e9\"x", ""]),
        "e": pa.array(["x", "y", "x"]),
        "d": pa.array([datetime.date(2026, 11, 24), datetime.date(1970, 1, 1),
                       datetime.date(2000, 2, 29)], pa.date32()),
        "t": pa.array([datetime.datetime(2026, 11, 24, 9, 30, 1, 250000),
                       datetime.datetime(1999, 12, 31, 23, 59, 59),
                       datetime.datetime(2026, 1, 1)], pa.timestamp("us")),
        "li": pa.array([[1, 2], [], [3]], pa.list_(pa.int64())),
        "ls": pa.array([["a"], ["b", "c"], []], pa.list_(pa.string())),
    }
    cols.update(override)
    return pa.table(cols)


SPEC_TYPES = {
    "m": pa.decimal128(38, 4), "dec": pa.decimal128(38, 18), "i": pa.int64(),
    "b": pa.bool_(), "s": pa.string(), "e": pa.string(), "d": pa.date32(),
    "t": pa.timestamp("us"), "li": pa.list_(pa.int64()), "ls": pa.list_(pa.string()),
    "o": pa.int64(), "raw": pa.string(),
}


def test_round_trip_of_every_type(echo_pack):
    t = echo_table()
    out = echo_pack.evaluate_arrow("echo", t, as_of="2026-11-24")
    assert out.column_names == list(SPEC_TYPES) + ["error"]
    for name, typ in SPEC_TYPES.items():
        assert out.schema.field(name).type == typ, name
    assert out.schema.field("error").type == pa.struct(
        [("code", pa.string()), ("message", pa.string()), ("field", pa.string())])
    for name in t.column_names:
        assert out.column(name).to_pylist() == t.column(name).to_pylist(), name
    assert out.column("o").to_pylist() == [None, None, None]
    assert [json.loads(x) for x in out.column("raw").to_pylist()] == [
        [1, "a"], [2**62, "\u00e9\"x"], [0, ""]]
    assert out.column("error").to_pylist() == [None, None, None]


def test_inputs_as_strings_in_json_lines_notation(echo_pack):
    typed = echo_pack.evaluate_arrow("echo", echo_table(), as_of="2026-11-24")
    text = echo_table(
        m=pa.array(["199.99", "-0.0001", "12345678901234.5"]),
        dec=pa.array(["0.3333", "1", "-2.5"]),
        d=pa.array(["2026-11-24", "1970-01-01", "2000-02-29"]),
        t=pa.array(["2026-11-24T09:30:01.25", "1999-12-31T23:59:59", "2026-01-01T00:00:00"]),
        i=pa.array(["1", str(2**62), "0"]),
        b=pa.array(["true", "false", "true"]),
    )
    assert echo_pack.evaluate_arrow("echo", text, as_of="2026-11-24").equals(typed)


def test_text_that_is_not_the_fields_notation_is_that_rows_error(echo_pack):
    # As the same text would be in JSON Lines: "1.5" is not an int, "x" is a
    # string where an int belongs, "yes" is not a bool.
    bad = echo_table(i=pa.array(["1.5", "x", "7"]), b=pa.array(["true", "true", "yes"]))
    errors = echo_pack.evaluate_arrow("echo", bad, as_of="2026-11-24").column("error").to_pylist()
    assert [(e["code"], e["field"]) for e in errors] == [
        ("invalid_value", "i"), ("wrong_type", "i"), ("wrong_type", "b")]


def test_other_arrow_input_types(echo_pack):
    typed = echo_pack.evaluate_arrow("echo", echo_table(), as_of="2026-11-24")
    other = echo_table(
        i=pa.array([1, 2**62, 0], pa.uint64()),
        s=pa.array(["a", "\u00e9\"x", ""], pa.large_string()),
        e=pa.array(["x", "y", "x"]).dictionary_encode(),
        m=pa.array([D("199.99"), D("-0.01"), D("1234567890123.45")], pa.decimal128(30, 6)),
        t=pa.array([datetime.datetime(2026, 11, 24, 1, 30, 1, 250000),
                    datetime.datetime(1999, 12, 31, 15, 59, 59),
                    datetime.datetime(2025, 12, 31, 16)], pa.timestamp("ms", tz="UTC")),
        li=pa.array([[1, 2], [], [3]], pa.large_list(pa.int32())),
    )
    # the money column above is 199.99, -0.01, 1234567890123.45: compare it apart
    got = echo_pack.evaluate_arrow("echo", other, as_of="2026-11-24")
    assert got.column("m").to_pylist() == [D("199.99"), D("-0.01"), D("1234567890123.45")]
    for name in ["dec", "i", "b", "s", "e", "d", "t", "li", "ls", "error"]:
        assert got.column(name).equals(typed.column(name)), name


def test_nulls_and_invalid_rows(echo_pack):
    t = echo_table(
        i=pa.array([-1, None, 5], pa.int64()),
        e=pa.array(["x", "x", "zzz"]),
    ).append_column("o", pa.array([7, None, None], pa.int64()))
    out = echo_pack.evaluate_arrow("echo", t, as_of="2026-11-24").to_pylist()
    many = echo_pack.evaluate_many("echo", t.to_pylist(), as_of="2026-11-24")
    assert out[0]["o"] == 7 and out[0]["error"] is None  # second rule, o set
    assert out[1]["error"]["code"] == "missing_field" and out[1]["error"]["field"] == "i"
    assert out[2]["error"]["field"] == "e"
    for row, m in zip(out[1:], many[1:]):
        assert row["error"] == m["error"]
    for row in out[1:]:
        assert all(row[k] is None for k in SPEC_TYPES), row


def test_float_money_is_refused(echo_pack, pack):
    with pytest.raises(ValueError, match="'arpu' is floating point.*money.*exact"):
        pack.evaluate_arrow("customer_tier", pa.table({"customer_id": ["a"], "arpu": [61.5]}),
                            as_of="2026-11-24")
    with pytest.raises(ValueError, match="'m' is floating point"):
        echo_pack.evaluate_arrow("echo", echo_table(m=pa.array([1.0, 2.0, 3.0], pa.float32())),
                                 as_of="2026-11-24")


def test_record_batch_polars_and_pandas(pack):
    import pandas as pd
    import polars as pl

    data = {"customer_id": ["a", "b", "c"], "arpu": [D("61"), D("30"), D("29.9999")]}
    table = pa.table({"customer_id": data["customer_id"],
                      "arpu": pa.array(data["arpu"], pa.decimal128(38, 4))})
    want = pack.evaluate_arrow("customer_tier", table, as_of="2026-11-24")
    assert want.column("tier").to_pylist() == ["high", "mid", "mass"]
    batch = table.to_batches()[0]
    assert pack.evaluate_arrow("customer_tier", batch, as_of="2026-11-24").equals(want)
    assert pack.evaluate_arrow("customer_tier", pl.from_arrow(table), as_of="2026-11-24").equals(want)
    assert pack.evaluate_arrow("customer_tier", pd.DataFrame(data), as_of="2026-11-24").equals(want)
    with pytest.raises(TypeError):
        pack.evaluate_arrow("customer_tier", [1, 2], as_of="2026-11-24")


def test_rank_tier_over_several_batches_is_one_population(pack):
    spends = [D(x) for x in ["5", "100", "7.5", "100", "0", "42", "9", "13"]]
    ids = [f"c{i}" for i in range(len(spends))]
    table = pa.table({"customer_id": ids, "monthly_spend": pa.array(spends, pa.decimal128(38, 4))})
    chunked = pa.Table.from_batches(table.to_batches(max_chunksize=3))
    assert chunked.column(0).num_chunks == 3
    got = pack.evaluate_arrow("customer_rank_tier", chunked, as_of="2026-11-24")
    many = pack.evaluate_many("customer_rank_tier",
                              [{"customer_id": i, "monthly_spend": s} for i, s in zip(ids, spends)],
                              as_of="2026-11-24")
    assert got.column("tier").to_pylist() == [m["tier"] for m in many]
    assert got.column("share").to_pylist() == [m["share"] for m in many]


# ---- the spec cases: evaluate_arrow equals evaluate_many ----------------------

def arrow_type(t):
    t = t.rstrip("?").split("=")[0].strip()
    if t.startswith("money") or t == "number":
        return pa.decimal128(38, 4)
    if t.startswith("decimal"):
        return pa.decimal128(38, 18)
    if t.startswith("list(") and t.endswith(")"):
        return pa.list_(arrow_type(t[5:-1]))
    return {"int": pa.int64(), "bool": pa.bool_(), "date": pa.date32(),
            "datetime": pa.timestamp("us")}.get(t, pa.string())


def cell(v, typ):
    if v is None:
        return None
    if (pa.types.is_date32(typ) or pa.types.is_timestamp(typ)) and not isinstance(v, str):
        raise TypeError
    if pa.types.is_date32(typ):
        return datetime.date.fromisoformat(v)
    if pa.types.is_timestamp(typ):
        t = datetime.datetime.fromisoformat(v.replace("Z", "+00:00"))
        if t.tzinfo is not None:  # an instant: its wall time in the pack's zone
            t = t.astimezone(datetime.timezone(datetime.timedelta(hours=8))).replace(tzinfo=None)
        return t
    if pa.types.is_decimal(typ):
        if isinstance(v, bool) or not isinstance(v, (int, D)):
            raise TypeError
        return D(v)
    if pa.types.is_list(typ):
        return [cell(x, typ.value_type) for x in v]
    if pa.types.is_integer(typ) and (isinstance(v, bool) or not isinstance(v, int)):
        raise TypeError
    return v


def typed_table(info, records):
    cols = {}
    for f in info["fields"]:
        typ = arrow_type(f["type"])
        cols[f["name"]] = pa.array([cell(r.get(f["name"]), typ) for r in records], typ)
    return pa.table(cols)


def normalize_many(d, outputs):
    if "error" in d:
        e = d["error"]
        return {"error": (e["code"], e["message"], e.get("field") or None)}
    # An untyped output (a list of objects) is JSON text in Arrow: compare
    # it with its dates as that text writes them.
    return {k: to_json(d.get(k)) if arrow_type(t) == pa.string() and t.strip().startswith("list")
            else d.get(k) for k, t in outputs}


def to_json(v):
    if isinstance(v, dict):
        return {k: to_json(x) for k, x in v.items()}
    if isinstance(v, list):
        return [to_json(x) for x in v]
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def normalize_arrow(row, outputs):
    if row["error"] is not None:
        e = row["error"]
        return {"error": (e["code"], e["message"], e["field"])}
    out = {}
    for name, typ in outputs:
        v = row[name]
        if arrow_type(typ) == pa.string() and typ.strip().startswith("list") and v is not None:
            v = json.loads(v, parse_float=D)
        out[name] = v
    return out


@pytest.mark.parametrize("policy", ["customer_tier", "customer_rank_tier", "retention_followup",
                                    "refund_approval", "number_grade"])
def test_spec_cases_equal_evaluate_many(tmp_path, policy):
    dst = tmp_path / "bss"
    shutil.copytree(ROOT / "rules" / "bss", dst, ignore=shutil.ignore_patterns("tests"))
    shutil.copy(CASES / "calendar.yaml", dst / "calendar.yaml")
    pk = verdict.load(str(dst))
    info = pk.policy_info(policy)
    outputs = info["outputs"]
    compared = skipped = 0
    with open(CASES / f"{policy}.jsonl", encoding="utf-8") as f:
        cases = [json.loads(line, parse_float=D) for line in f if line.strip()]
    for case in cases:
        records = case["records"] if "records" in case else [case["record"]]
        try:
            table = typed_table(info, records)
        except (TypeError, ValueError, pa.ArrowException):
            skipped += 1  # a deliberately mistyped record: no Arrow column holds it
            continue
        many = pk.evaluate_many(policy, records, as_of=case["as_of"])
        got = pk.evaluate_arrow(policy, table, as_of=case["as_of"]).to_pylist()
        assert [normalize_arrow(r, outputs) for r in got] == [
            normalize_many(m, outputs) for m in many], case["name"]
        compared += 1
    assert compared >= 0.8 * len(cases), (compared, skipped)


# ---- aggregates built per part, merged in any grouping (what Spark runs) -----

@pytest.mark.parametrize("sizes", [[8], [1, 7], [3, 3, 2], [2, 0, 6]])
def test_rank_tier_from_merged_part_aggregates(pack, sizes):
    spends = [D(x) for x in ["5", "100", "7.5", "100", "0", "42", "9", "13"]]
    table = pa.table({"customer_id": [f"c{i}" for i in range(8)],
                      "monthly_spend": pa.array(spends, pa.decimal128(38, 4))})
    whole = pack.evaluate_arrow("customer_rank_tier", table, as_of="2026-11-24")
    parts, at = [], 0
    for n in sizes:
        parts.append(table.slice(at, n))
        at += n
    native = pack._native
    states = [native.arrow_aggregates("customer_rank_tier", p.__arrow_c_stream__(), "2026-11-24")
              for p in parts]
    # merged pairwise from the right, as a tree would
    merged = states[-1]
    for s in reversed(states[:-1]):
        merged = native.merge_aggregates("customer_rank_tier", [s, merged])
    got = []
    for p in reversed(parts):  # any order
        cap = native.evaluate_arrow("customer_rank_tier", p.__arrow_c_stream__(), "2026-11-24",
                                    False, merged)
        got.insert(0, pa.RecordBatchReader._import_from_c_capsule(cap).read_all())
    assert pa.concat_tables(got).equals(whole)
    finished = native.finish_aggregates("customer_rank_tier", merged)
    again = [pa.RecordBatchReader._import_from_c_capsule(native.evaluate_arrow(
        "customer_rank_tier", p.__arrow_c_stream__(), "2026-11-24", False, finished)).read_all()
        for p in parts]
    assert pa.concat_tables(again).equals(whole)
    with pytest.raises(ValueError, match="do not fit"):
        native.evaluate_arrow("customer_tier", table.__arrow_c_stream__(), "2026-11-24", False,
                              finished)
    with pytest.raises(ValueError, match="do not fit"):
        native.merge_aggregates("customer_tier", [merged])
    with pytest.raises(ValueError, match="malformed"):
        native.merge_aggregates("customer_rank_tier", [merged[:-3]])


def test_evaluate_many_points_arrow_data_to_evaluate_arrow(pack):
    import polars as pl
    for data in (pl.DataFrame({"customer_id": ["a"], "arpu": [70]}),
                 pa.table({"customer_id": ["a"], "arpu": [70]})):
        with pytest.raises(TypeError, match="use evaluate_arrow"):
            pack.evaluate_many("customer_tier", data, as_of="2026-11-24")


def test_money_beyond_four_places_is_an_error_on_every_path(tmp_path):
    """decimal128(38, 4) would cut 100 / 3 to 33.3333: the Arrow path gives
    the record's evaluation_error instead, as evaluate() and evaluate_many
    do, and the rounded output fits everywhere."""
    (tmp_path / "a.yaml").write_text(
        "policy: split\nrecord: r\nfields:\n  amount: money\noutputs:\n"
        "  third: money\n  rounded: money\ndecisions:\n  - id: d\n    rules:\n"
        "      - id: all\n        then:\n          third: \"=r.amount / 3\"\n"
        "          rounded: \"=math.round(r.amount / 3, 4)\"\n")
    pack = verdict.load(str(tmp_path))
    with pytest.raises(verdict.RecordError) as e:
        pack.evaluate("split", {"amount": 100}, as_of="2026-11-24")
    assert e.value.code == "evaluation_error"
    out = pack.evaluate_arrow("split", pa.table({"amount": pa.array(["99", "100"])}),
                              as_of="2026-11-24").to_pylist()
    assert out[0] == {"third": decimal.Decimal("33.0000"), "rounded": decimal.Decimal("33.0000"),
                      "error": None}
    assert out[1]["third"] is None and out[1]["rounded"] is None
    assert out[1]["error"] == {"code": "evaluation_error", "message": str(e.value), "field": None}
    many = pack.evaluate_many("split", [{"amount": 99}, {"amount": 100}], as_of="2026-11-24")
    assert many[1] == {"error": {"code": "evaluation_error", "message": str(e.value),
                                 "field": None}}


def test_money_beyond_decimal128_is_an_error_not_a_wrapped_value(pack):
    # 9e33 + 9e33 = 1.8e34 has 35 integer digits: decimal128(38, 4) holds
    # 34. The record gets evaluation_error and null outputs (the value was
    # written wrapped past 2^127, or unvalidatable, beside no error).
    D = decimal.Decimal
    big, edge = D("9000000000000000000000000000000000"), D("4999999999999999999999999999999.9999")
    table = pa.table({"request_id": ["r", "s"], "account_id": ["a", "a"], "cause": ["other", "other"],
                      "has_basis_document": [True, True], "cause_description": ["x", "x"],
                      "amount": pa.array([big, edge], pa.decimal128(38, 4)),
                      "month_to_date_refunded": pa.array([big, edge], pa.decimal128(38, 4))})
    out = pack.evaluate_arrow("refund_approval", table, as_of="2026-11-24")
    out.validate(full=True)
    rows = out.to_pylist()
    assert rows[0]["error"]["code"] == "evaluation_error", rows[0]
    assert "output 'cumulative_amount'" in rows[0]["error"]["message"]
    assert all(rows[0][k] is None for k in rows[0] if k != "error"), rows[0]
    assert rows[1]["error"] is None
    assert rows[1]["cumulative_amount"] == D("9999999999999999999999999999999.9998")
