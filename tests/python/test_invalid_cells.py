"""Cells no field can hold as they are, refused as that record's
invalid_value naming the field (the other records are still decided), as
`verdict eval` refuses the same values in JSON Lines: Arrow text that is not
UTF-8 (never echoed into a message or an output: every result validates),
Arrow dates outside years 1 to 9999, decimals with more than 18 fractional
digits, and Python text with a lone surrogate (no UTF-8 exists for it)."""
import decimal
import textwrap

import pyarrow as pa
import pandas as pd
import pytest

import verdict

D = decimal.Decimal
AS_OF = "2026-11-24"
BAD = b"oth\xffer"
NOT_UTF8 = "text is not valid UTF-8 (byte 0xFF at offset 3)"


def invalid(field, why):
    return {"code": "invalid_value", "message": f"field '{field}': {why}", "field": field}


def text_column(values, typ=pa.string()):
    """A string column holding `values` (bytes) as they are, UTF-8 or not."""
    return pa.array(values, pa.binary()).cast(typ, safe=False)


def errors(table):
    return table.column("error").to_pylist()


@pytest.mark.parametrize("typ", [pa.string(), pa.large_string(), pa.string_view()])
def test_text_that_is_not_utf8_fails_its_record(pack, typ):
    ids = text_column([b"a", BAD, None, b"c"], typ)
    arpu = pa.array([D("70"), D("70"), D("40"), D("20")], pa.decimal128(38, 4))
    table = pa.table({"customer_id": ids, "arpu": arpu})
    out = pack.evaluate_arrow("customer_tier", table, as_of=AS_OF)
    out.validate(full=True)
    assert out.column("tier").to_pylist() == ["high", None, None, "mass"]
    assert errors(out) == [None, invalid("customer_id", NOT_UTF8),
                           {"code": "missing_field", "field": "customer_id",
                            "message": "required field 'customer_id' is missing"}, None]
    # The per-row path (the columnar path's reference) says the same.
    rows = pack._native.evaluate_arrow_rows("customer_tier", table.__arrow_c_stream__(), AS_OF)
    rows = pa.RecordBatchReader._import_from_c_capsule(rows).read_all()
    assert rows.equals(out)


def test_text_that_is_not_utf8_on_every_reading_path(pack):
    # The columnar path (no nulls, a valid batch beside an invalid one),
    # a dictionary column, a field that is read (a pattern), a list item.
    good = pa.record_batch({"customer_id": text_column([b"a", b"b"]),
                            "arpu": pa.array([D("70"), D("20")], pa.decimal128(38, 4))})
    bad = pa.record_batch({"customer_id": text_column([b"a", BAD]),
                           "arpu": pa.array([D("70"), D("20")], pa.decimal128(38, 4))})
    table = pa.Table.from_batches([good, bad])
    out = pack.evaluate_arrow("customer_tier", table, as_of=AS_OF)
    out.validate(full=True)
    assert out.column("tier").to_pylist() == ["high", "mass", "high", None]
    assert errors(out) == [None, None, None, invalid("customer_id", NOT_UTF8)]
    assert pack._native.columnar_batches("customer_tier", table.__arrow_c_stream__()) == 1

    dictionary = pa.DictionaryArray.from_arrays(pa.array([0, 1, 0], pa.int32()),
                                                text_column([b"a", BAD]))
    out = pack.evaluate_arrow("customer_tier", pa.table({
        "customer_id": dictionary, "arpu": pa.array([D("70")] * 3, pa.decimal128(38, 4))}),
        as_of=AS_OF)
    out.validate(full=True)
    assert errors(out) == [None, invalid("customer_id", NOT_UTF8), None]

    out = pack.evaluate_arrow("number_grade", pa.table({
        "number": text_column([b"13800138000", b"1380\xc0\xaf0138000"])}), as_of=AS_OF)
    out.validate(full=True)
    assert errors(out)[0] is None
    assert errors(out)[1] == invalid(
        "number", "text is not valid UTF-8 (byte 0xC0 at offset 4)")


@pytest.fixture(scope="module")
def odd_pack(tmp_path_factory):
    """Fields nothing reads (skipped when their cells are valid as given)
    beside a list of strings and a date that are read."""
    root = tmp_path_factory.mktemp("odd")
    (root / "pack.yaml").write_text('pack: odd\nversion: 1.0.0\nzone: "+08:00"\n')
    (root / "odd.yaml").write_text(textwrap.dedent("""\
        policy: odd
        record: r
        fields:
          note: string?
          since: date?
          tags: list(string)?
          born: date?
        outputs:
          tag_count: int
          born_year: int?
        decisions:
          - id: odd
            rules:
              - id: count
                then:
                  tag_count: "=has(r.tags) ? size(r.tags) : 0"
                  born_year: "=has(r.born) ? year(r.born) : null"
        """))
    return verdict.load(str(root))


def test_skipped_and_list_columns_are_checked(odd_pack):
    # The last row's list holds a second item that is not UTF-8.
    tags = pa.ListArray.from_arrays(pa.array([0, 1, 2, 3, 5], pa.int32()),
                                    text_column([b"x", b"y", b"z", b"ok", BAD]))
    table = pa.table({
        "note": text_column([b"fine", BAD, b"fine", b"fine"]),
        "since": pa.array([0, 0, -719163, 0], pa.date32()),
        "tags": tags,
    })
    out = odd_pack.evaluate_arrow("odd", table, as_of=AS_OF)
    out.validate(full=True)
    assert out.column("tag_count").to_pylist() == [1, None, None, None]
    assert errors(out) == [
        None, invalid("note", NOT_UTF8),
        invalid("since", "0000-12-31 is out of range: a date must fall within years 1 to 9999"),
        invalid("tags", "item 1: " + NOT_UTF8)]


def test_dates_outside_years_1_to_9999(odd_pack):
    days = [-719163, -719162, 2932896, 2932897, 2**31 - 1, -2**31]
    out = odd_pack.evaluate_arrow("odd", pa.table({"born": pa.array(days, pa.date32())}),
                                  as_of=AS_OF)
    out.validate(full=True)
    assert out.column("born_year").to_pylist() == [None, 1, 9999, None, None, None]
    range_text = " is out of range: a date must fall within years 1 to 9999"
    assert errors(out) == [
        invalid("born", "0000-12-31" + range_text), None, None,
        invalid("born", "10000-01-01" + range_text),
        invalid("born", "day 2147483647 from 1970-01-01" + range_text),
        invalid("born", "day -2147483648 from 1970-01-01" + range_text)]
    ms = [d * 86_400_000 for d in (-719163, -719162)] + [-2**63]
    out = odd_pack.evaluate_arrow("odd", pa.table({"born": pa.array(ms, pa.date64())}),
                                  as_of=AS_OF)
    assert out.column("born_year").to_pylist() == [None, 1, None]
    assert [e and e["message"] for e in errors(out)] == [
        "field 'born': 0000-12-31" + range_text, None,
        "field 'born': day -106751991168 from 1970-01-01" + range_text]


def test_decimals_with_more_than_18_fractional_digits(pack, odd_pack):
    arpu = pa.array([D("1.00000000000000000001"), D("-0.00000000000000000001"),
                     D("70.10000000000000000000")], pa.decimal128(38, 20))
    out = pack.evaluate_arrow("customer_tier", pa.table({
        "customer_id": ["a", "b", "c"], "arpu": arpu}), as_of=AS_OF)
    too_precise = " is out of range or too precise (more than 18 fractional digits)"
    assert errors(out) == [invalid("arpu", "1.00000000000000000001" + too_precise),
                           invalid("arpu", "-0.00000000000000000001" + too_precise), None]
    # `verdict eval` words the same number in JSON alike (without the reason).
    many = pack.evaluate_many("customer_tier", [
        {"customer_id": "a", "arpu": D("1.00000000000000000001")}], as_of=AS_OF)
    assert many == [{"error": invalid(
        "arpu", "1.00000000000000000001 is out of range or too precise")}]


class Text(str):
    pass


def test_a_lone_surrogate_fails_its_record(pack, root):
    ok = {"customer_id": "a", "arpu": 70}
    surrogate = invalid("customer_id",
                        "text is not valid UTF-8 (a lone surrogate U+DCFF at index 1)")
    for value in ("a\udcff", Text("a\udcff")):
        bad = {"customer_id": value, "arpu": 70}
        want = pack.evaluate("customer_tier", ok, as_of=AS_OF)
        assert pack.evaluate_many("customer_tier", [ok, bad], as_of=AS_OF) == [
            want, {"error": surrogate}]
        with pytest.raises(verdict.RecordError) as e:
            pack.evaluate("customer_tier", bad, as_of=AS_OF)
        assert (e.value.code, e.value.field, str(e.value)) == (
            "invalid_value", "customer_id", surrogate["message"])
    # An object column (pandas' own string dtype cannot hold the text).
    frame = pd.DataFrame({"customer_id": pd.Series(["a", "b\ud800c"], dtype=object),
                          "arpu": [D("70"), D("20")]})
    out = pack.evaluate_many("customer_tier", frame, as_of=AS_OF)
    assert out["tier"][0] == "high" and out["tier"].isna().tolist() == [False, True]
    assert out["error"].tolist()[1] == invalid(
        "customer_id", "text is not valid UTF-8 (a lone surrogate U+D800 at index 1)")
    # An undeclared key with a lone surrogate is ignored as any other, or
    # reported (escaped) by a strict pack.
    odd_key = dict(ok, **{"n\udcff": "x\udcff"})
    assert pack.evaluate_many("customer_tier", [odd_key], as_of=AS_OF) == [want]
    assert pack.evaluate("customer_tier", odd_key, as_of=AS_OF) == want
    strict = verdict.load(str(root / "rules" / "bss"), strict_fields=True)
    assert strict.evaluate_many("customer_tier", [odd_key], as_of=AS_OF) == [{"error": {
        "code": "unknown_field", "field": "n\\udcff",
        "message": "field 'n\\udcff' is not declared by policy 'customer_tier'"}}]
