"""Datetimes and dates in every unit pandas and Arrow hold, read exactly.

pandas 2 keeps datetime64 columns in seconds, milliseconds, microseconds or
nanoseconds; the first three hold years far beyond nanoseconds' 1677..2262.
A DataFrame column is read in its own unit (never through nanoseconds,
which wrapped 2300 into 1715), naive (wall time in the pack's +08:00) or
time-zone-aware (an instant), and decides what the same value in a dict and
in evaluate_arrow decides. A value no datetime can hold is its row's
invalid_value naming the field, never a wrong value; a cell at midnight is
a date field's day across years 1 to 9999. An aware datetime is an instant
whatever its UTC offset's seconds (a historical local mean time).
"""
import datetime
import json
import zoneinfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import verdict

AS_OF = "2026-11-24"
BASE = {"customer_id": "c", "arpu": 20, "monthly_spend": 20, "last_month_spend": 20}
UNITS = ["s", "ms", "us", "ns"]
RANGE = ("is out of range: a datetime must fall within years 1 to 9999 both in UTC "
         "and in the pack's zone")


def frame(field, values, dtype):
    """BASE's columns and `field` as a column of `dtype`, one row a value."""
    df = pd.DataFrame({k: [v] * len(values) for k, v in BASE.items()})
    df[field] = pd.Series(values, dtype=dtype)
    return df


def frame_rows(pack, policy, df, as_of=AS_OF):
    """evaluate_many on `df`, then evaluate_arrow on it, as lists of dicts
    of the outputs (or the error) in the dict path's shape."""
    out = pack.evaluate_many(policy, df, as_of=as_of)
    rows = [{"error": r["error"]} if r["error"] else {k: v for k, v in r.items() if k != "error"}
            for r in out.to_dict("records")]
    table = pack.evaluate_arrow(policy, df, as_of=as_of).to_pylist()
    return rows, table


def contact_due(row):
    return row["actions"][0]["due"]


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("tz", [None, "UTC", "Asia/Shanghai"])
def test_a_datetime64_column_is_read_in_its_own_unit(pack, unit, tz):
    # The tester's case: 2300-01-01T10:00 in a datetime64[us] column came
    # back as 1715-06-13T14:25:26.290448 with no error. Nanoseconds cannot
    # hold 2300 (pandas refuses to make it), so [ns] reads 2200 and 1700.
    # Asia/Shanghai kept local mean time (+08:05:43) until 1901, so its
    # aware cells of 1600 and 1700 have an offset with seconds.
    year, early = (2200, 1700) if unit == "ns" else (2300, 1600)
    micros = 0 if unit == "s" else 125000  # what the unit holds of a second
    walls = [datetime.datetime(year, 1, 1, 10, 0), datetime.datetime(early, 3, 1, 8, 0, 0, micros)]
    if tz is None:
        given = walls
    else:  # the same instants as the zone's wall times
        shanghai = datetime.timezone(datetime.timedelta(hours=8))
        given = [w.replace(tzinfo=shanghai).astimezone(zoneinfo.ZoneInfo(tz)) for w in walls]
    dtype = f"datetime64[{unit}]" if tz is None else f"datetime64[{unit}, {tz}]"
    df = frame("disconnect_requested_at", given, dtype)
    assert str(df["disconnect_requested_at"].dtype) == dtype
    rows, table = frame_rows(pack, "retention_followup", df)
    dicts = pack.evaluate_many("retention_followup",
                               [{**BASE, "disconnect_requested_at": g} for g in given], as_of=AS_OF)
    assert rows == dicts
    assert [contact_due(r) for r in rows] == [datetime.datetime(year, 1, 1, 14, 0),
                                              datetime.datetime(early, 3, 1, 12, 0, 0, micros)]
    assert [r["error"] for r in table] == [None, None]
    assert [json.loads(r["actions"])[0]["due"] for r in table] == [
        f"{year}-01-01T14:00:00", f"{early}-03-01T12:00:00" + (".125" if micros else "")]


@pytest.mark.parametrize("unit", ["s", "ms", "us"])
def test_a_datetime_no_field_can_hold_is_its_rows_error(pack, unit):
    # 10^15 s is year 31,690,708; 0001-01-01T00:00 in +08:00 is year 0 in
    # UTC. Each is that row's invalid_value naming the field, the same on
    # both DataFrame routes; the row between them is decided.
    ticks = {"s": 10**15, "ms": 10**18, "us": 2**62}[unit]
    far = np.array([ticks], dtype=f"datetime64[{unit}]")[0]
    values = [far, np.datetime64("2026-11-20T18:30", unit), np.datetime64("0001-01-01T00:00", unit)]
    df = frame("disconnect_requested_at", values, f"datetime64[{unit}]")
    rows, table = frame_rows(pack, "retention_followup", df)
    field = "disconnect_requested_at"
    want = [{"code": "invalid_value", "field": field,
             "message": f"field '{field}': {ticks} {unit} from 1970-01-01T00:00:00 {RANGE}"},
            None,
            {"code": "invalid_value", "field": field,
             "message": f"field '{field}': 0000-12-31T16:00:00Z {RANGE}"}]
    assert [r.get("error") for r in rows] == want
    assert [r["error"] for r in table] == want
    assert contact_due(rows[1]) == datetime.datetime(2026, 11, 20, 22, 30)


@pytest.fixture(scope="module")
def echo(tmp_path_factory):
    """A pack whose policy gives its date field back."""
    folder = tmp_path_factory.mktemp("echo")
    (folder / "p.yaml").write_text(
        "policy: echo\nrecord: r\nfields:\n  d: date\noutputs:\n  day: date\n"
        "decisions:\n  - id: d\n    rules:\n      - id: all\n        then: {day: \"=r.d\"}\n")
    return verdict.load(str(folder))


@pytest.mark.parametrize("unit", ["s", "ms", "us"])
@pytest.mark.filterwarnings("ignore::verdict.CalendarWarning")  # as-of 9999-12-01, on purpose
def test_a_midnight_cell_is_its_day_across_the_whole_range(pack, echo, unit):
    # 9999-12-31 at midnight was refused as a datetime (read through
    # nanoseconds, it was not midnight any more).
    days = [datetime.date(9999, 12, 31), datetime.date(1, 1, 1), datetime.date(2300, 6, 15),
            datetime.date(1600, 2, 29)]
    cells = [np.datetime64(day.isoformat(), unit) for day in days]
    out = echo.evaluate_many("echo", pd.DataFrame({"d": pd.Series(cells, dtype=f"datetime64[{unit}]")}),
                             as_of=AS_OF)
    assert out["error"].tolist() == [None] * len(days)
    assert out["day"].tolist() == days
    assert out["day"].tolist() == [r["day"] for r in echo.evaluate_many(
        "echo", [{"d": day} for day in days], as_of=AS_OF)]
    # The tester's case, in the shipped pack: due the day it expires.
    df = frame("package_expiry_date", [cells[0]], f"datetime64[{unit}]")
    out = pack.evaluate_many("retention_followup", df, as_of="9999-12-01")
    assert out.loc[0, "error"] is None
    assert out.loc[0, "actions"] == [{"action": "notify", "channel": "sms",
                                      "reason": "package_expiring", "due": days[0]}]


def test_a_day_beyond_year_9999_is_its_rows_error(pack):
    # A midnight beyond the date range is no day: the row's invalid_value,
    # as the same day in an Arrow date32 column is (that was decided as a
    # date 2.9 million years away).
    field = "package_expiry_date"
    df = frame(field, [np.datetime64("10000-01-01", "s"), np.datetime64("2026-12-24", "s")],
               "datetime64[s]")
    out = pack.evaluate_many("retention_followup", df, as_of=AS_OF)
    message = f"field '{field}': 10000-01-01 is out of range: a date must fall within years 1 to 9999"
    assert out.loc[0, "error"] == {"code": "invalid_value", "message": message, "field": field}
    assert out.loc[1, "actions"][0]["due"] == datetime.date(2026, 12, 24)
    last, beyond = 2932896, 2**30  # 9999-12-31 and 2.9 million years on, as date32
    table = pa.table({**{k: [v] * 2 for k, v in BASE.items()},
                      field: pa.array([last, beyond], pa.int32()).cast(pa.date32())})
    errors = pack.evaluate_arrow("retention_followup", table, as_of=AS_OF).column("error").to_pylist()
    assert errors[0] is None
    assert errors[1] == {"code": "invalid_value", "field": field,
                         "message": f"field '{field}': day {2**30} from 1970-01-01 is out of "
                                    "range: a date must fall within years 1 to 9999"}


def test_an_aware_datetime_is_an_instant_whatever_its_offsets_seconds(pack):
    # Amsterdam kept local mean time, +01:19:32, until 1937: 12:00 there
    # is 10:40:28 UTC, 18:40:28 in the pack's +08:00, contact due at
    # 22:40:28. It was refused because its offset text has seconds.
    amsterdam = datetime.datetime(1930, 6, 1, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))
    assert amsterdam.utcoffset() == datetime.timedelta(hours=1, minutes=19, seconds=32)
    odd = datetime.timezone(datetime.timedelta(hours=1, seconds=19, microseconds=500))
    cases = [(amsterdam, datetime.datetime(1930, 6, 1, 22, 40, 28)),
             (datetime.datetime(1930, 6, 1, 12, 0, tzinfo=odd),
              datetime.datetime(1930, 6, 1, 22, 59, 40, 999500))]
    for given, due in cases:
        as_utc = given.astimezone(datetime.timezone.utc)
        for value in (given, as_utc):
            out = pack.evaluate("retention_followup", {**BASE, "disconnect_requested_at": value},
                                as_of=AS_OF)
            assert contact_due(out) == due
    # A DataFrame's aware column, on both routes.
    df = frame("disconnect_requested_at", [amsterdam], "datetime64[us, Europe/Amsterdam]")
    rows, table = frame_rows(pack, "retention_followup", df)
    assert contact_due(rows[0]) == datetime.datetime(1930, 6, 1, 22, 40, 28)
    assert '"due":"1930-06-01T22:40:28"' in table[0]["actions"]


def test_an_aware_datetime_beyond_utcs_years_is_an_invalid_value(pack):
    # An offset moves these out of years 1..9999 in UTC (where Python's
    # astimezone() overflows): the field's invalid_value, not an exception.
    plus_one = datetime.timezone(datetime.timedelta(hours=1))
    minus_one = datetime.timezone(datetime.timedelta(hours=-1))
    for when in (datetime.datetime(1, 1, 1, 0, 30, tzinfo=plus_one),
                 datetime.datetime(9999, 12, 31, 23, 30, tzinfo=minus_one)):
        out = pack.evaluate_many("retention_followup", [{**BASE, "disconnect_requested_at": when}],
                                 as_of=AS_OF)
        assert out[0]["error"]["code"] == "invalid_value"
        assert out[0]["error"]["field"] == "disconnect_requested_at"
