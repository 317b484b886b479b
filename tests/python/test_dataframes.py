"""The Python API on pandas DataFrames: columns read exactly (dates,
datetimes and their zones, uint64, nullable ints), the index kept, the
same decisions as the list path, and what a frame without the declared
columns gives."""
import datetime
import importlib
import os

import pytest

import verdict

AS_OF = "2026-11-24"


def test_strict_pack_refuses_an_undeclared_dataframe_column(root):
    pd = importlib.import_module("pandas")
    strict = verdict.load(os.path.join(root, "rules", "bss"), strict_fields=True)
    df = pd.DataFrame({"customer_id": ["a"], "arpu": [70.0]})
    assert list(strict.evaluate_many("customer_tier", df, as_of=AS_OF)["tier"]) == ["high"]
    df["arpuu"] = [1.0]
    with pytest.raises(ValueError, match="arpuu"):
        strict.evaluate_many("customer_tier", df, as_of=AS_OF)


def test_evaluate_many_dataframe_preserves_index(pack):
    pd = importlib.import_module("pandas")
    df = pd.DataFrame({"customer_id": ["a", "b", "c", "d"], "arpu": [60.0, 59.99, None, 12.5]},
                      index=[10, 20, 30, 40])
    out = pack.evaluate_many("customer_tier", df, as_of=AS_OF)
    assert list(out.index) == [10, 20, 30, 40]
    assert list(out["tier"][[10, 20, 40]]) == ["high", "mid", "mass"]
    assert out.loc[30, "error"]["field"] == "arpu"
    assert out.loc[10, "error"] is None


def test_dataframe_matches_the_list_path_across_chunks(pack):
    # More rows than one native chunk (16384), with invalid rows spread out:
    # every row must agree with the list-of-dicts path, and the columns keep
    # the dtypes pandas infers from the same Python values.
    pd = importlib.import_module("pandas")
    np = importlib.import_module("numpy")
    n = 40000
    arpu = np.round(np.random.default_rng(3).uniform(0, 120, n), 2)
    arpu[::997] = np.nan  # missing required field
    df = pd.DataFrame({"customer_id": [f"C{i}" for i in range(n)], "arpu": arpu})
    out = pack.evaluate_many("customer_tier", df, as_of=AS_OF)
    rows = pack.evaluate_many("customer_tier", df.to_dict("records"), as_of=AS_OF)
    assert len(out) == n
    for i in range(0, n, 7):
        want = rows[i]
        if "error" in want:
            assert out["error"].iloc[i]["field"] == "arpu"
            assert pd.isna(out["tier"].iloc[i])
            assert out["archive_required"].iloc[i] is None
            assert out["visit_interval_months"].iloc[i] is pd.NA
        else:
            assert out["error"].iloc[i] is None
            assert out["tier"].iloc[i] == want["tier"]
            assert out["archive_required"].iloc[i] == want["archive_required"]
            got = out["visit_interval_months"].iloc[i]
            if want["visit_interval_months"] is None:
                assert got is pd.NA
            else:
                assert got == want["visit_interval_months"]
    # Errors make the bool column objects (True/False/None); ints with gaps
    # are pandas' nullable Int64 (float64 would be inexact beyond 2^53);
    # without gaps, a bool column is bool.
    assert out["archive_required"].dtype == object
    assert out["visit_interval_months"].dtype == pd.Int64Dtype()
    valid = pack.evaluate_many("customer_tier", df[~np.isnan(arpu)], as_of=AS_OF)
    assert valid["archive_required"].dtype == np.bool_
    assert list(valid.index) == list(df.index[~np.isnan(arpu)])


def test_dataframe_dates(pack):
    pd = importlib.import_module("pandas")
    df = pd.DataFrame({
        "customer_id": ["a"], "arpu": [20.0], "monthly_spend": [20.0], "last_month_spend": [20.0],
        "package_expiry_date": pd.to_datetime(["2026-12-24"]),
    })
    out = pack.evaluate_many("retention_followup", df, as_of=AS_OF)
    assert out.loc[0, "actions"] == [{"action": "notify", "channel": "sms",
                                      "reason": "package_expiring",
                                      "due": datetime.date(2026, 12, 24)}]


def test_dataframe_date_with_a_time_of_day_is_refused(pack):
    """A datetime64 cell at midnight is a date field's day (pandas has no
    date dtype); one with a time of day is that row's error, as a datetime
    is in a dict, never cut to its day. The frame's other rows are decided."""
    pd = importlib.import_module("pandas")
    df = pd.DataFrame({
        "customer_id": ["a", "b", "c"], "arpu": [20.0] * 3, "monthly_spend": [20.0] * 3,
        "last_month_spend": [20.0] * 3,
        "package_expiry_date": pd.to_datetime(["2026-12-24 00:00", "2026-12-24 13:00",
                                               "2026-12-24 00:00:00.000001"], format="ISO8601"),
    })
    out = pack.evaluate_many("retention_followup", df, as_of=AS_OF)
    assert out.loc[0, "error"] is None and out.loc[0, "actions"][0]["reason"] == "package_expiring"
    for i in (1, 2):
        assert out.loc[i, "error"]["code"] == "wrong_type"
        assert out.loc[i, "error"]["field"] == "package_expiry_date"
    with pytest.raises(verdict.RecordError) as e:
        pack.evaluate("retention_followup", df.to_dict("records")[1], as_of=AS_OF)
    assert e.value.field == "package_expiry_date"
    assert out.loc[1, "error"]["message"] == str(e.value)


def test_int_outputs_with_gaps_stay_exact_in_dataframes(tmp_path):
    # 2^60 + 1 as float64 would read 2^60: an int column with gaps (a row
    # with no value, or an invalid row) is pandas' nullable Int64 on every
    # DataFrame route: through Arrow, through evaluate_columns (trace on),
    # and row by row (a cell no field can hold).
    pd = importlib.import_module("pandas")
    (tmp_path / "p.yaml").write_text(
        "policy: p\nrecord: r\nfields:\n  n: int?\n  tag: string?\noutputs:\n"
        "  m: int?\ndecisions:\n  - id: d\n    rules:\n"
        "      - id: given\n        when: has(r.n)\n        then: {m: \"=r.n + 1\"}\n"
        "      - id: none\n        then: {m: null}\n")
    pack = verdict.load(str(tmp_path))
    big = 2 ** 60
    frames = {
        "arrow": pd.DataFrame({"n": pd.array([big, None, -big], dtype="Int64")}),
        "columns": pd.DataFrame({"n": [big, None, -big]}, dtype=object),
        "records": pd.DataFrame({"n": [big, None, -big], "tag": ["a", object(), "c"]}),
    }
    for route, frame in frames.items():
        for trace in (False, True):
            out = pack.evaluate_many("p", frame, as_of=AS_OF, trace=trace)
            assert out["m"].dtype == pd.Int64Dtype(), (route, trace)
            assert out["m"].iloc[0] == big + 1 and out["m"].iloc[2] == -big + 1, (route, trace)
            assert out["m"].iloc[1] is pd.NA, (route, trace)


def test_a_frame_without_declared_columns_gives_one_error_per_row(pack):
    # It crashed the process (no column told evaluate_columns how many rows).
    pd = importlib.import_module("pandas")
    for frame in (pd.DataFrame({"zz": [1, 2]}), pd.DataFrame(index=range(3))):
        for trace in (False, True):
            out = pack.evaluate_many("customer_tier", frame, as_of=AS_OF, trace=trace)
            assert len(out) == len(frame)
            assert all(e["code"] == "missing_field" for e in out["error"]), out["error"]


def test_uint64_beyond_int64_is_read_exactly_from_a_frame(pack):
    pd = importlib.import_module("pandas")
    np = importlib.import_module("numpy")
    big = 2 ** 63
    frame = pd.DataFrame({"customer_id": ["a", "b"], "arpu": np.array([big, 5], np.uint64)})
    out = pack.evaluate_many("customer_tier", frame, as_of=AS_OF)
    want = [pack.evaluate("customer_tier", {"customer_id": c, "arpu": a}, as_of=AS_OF)["tier"]
            for c, a in (("a", big), ("b", 5))]
    assert list(out["tier"]) == want == ["high", "mass"]
    for trace in (False, True):  # the Arrow route and evaluate_columns
        assert list(pack.evaluate_many("customer_tier", frame, as_of=AS_OF, trace=trace)["tier"]) == want


def test_missing_datetimes_are_missing_whatever_their_zone(pack):
    # NaT in a time-zone-aware column (and pd.NaT or pd.NA in a dict) is a
    # missing value, as None is, not an invalid datetime.
    pd = importlib.import_module("pandas")
    base = {"customer_id": "c", "arpu": 10, "monthly_spend": 10, "last_month_spend": 10}
    for when in (pd.to_datetime(["2026-11-20T10:00:00", None]).tz_localize("UTC"),
                 pd.to_datetime(["2026-11-20T10:00:00", None])):
        frame = pd.DataFrame([base, base]).assign(disconnect_requested_at=when)
        out = pack.evaluate_many("retention_followup", frame, as_of=AS_OF)
        assert out["error"].iloc[1] is None, out["error"].iloc[1]
    for missing in (pd.NaT, pd.NA, None):
        d = pack.evaluate("retention_followup", {**base, "agreement_expiry_date": missing}, as_of=AS_OF)
        assert "actions" in d
