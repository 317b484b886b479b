"""A date field given as a timestamp column: a cell without a zone at
midnight is its day, any other time of day stays a datetime, which the
field refuses as wrong_type; a zoned cell is an instant, refused as
wrong_type too. Read the same way (TicksValue) through evaluate_arrow
(an Arrow table, a pandas DataFrame) and evaluate_many on a DataFrame,
for each timestamp unit, so that all of them agree."""
import datetime
import textwrap

import pandas as pd
import pyarrow as pa
import pytest

import verdict

AS_OF = "2026-11-28"
UNITS = ["s", "ms", "us", "ns"]
ZONES = [None, "UTC", "Asia/Shanghai"]
TEXTS = ["2026-09-28 00:00:00", "2026-09-28 01:00:00", "1969-12-31 00:00:00",
         "1969-12-31 23:59:59"]
WRONG = {"code": "wrong_type", "field": "since",
         "message": "field 'since': expected a date (YYYY-MM-DD), got datetime"}


@pytest.fixture(scope="module")
def days(tmp_path_factory):
    root = tmp_path_factory.mktemp("days")
    (root / "pack.yaml").write_text('pack: days\nversion: 1.0.0\nzone: "+08:00"\n')
    (root / "days.yaml").write_text(textwrap.dedent("""\
        policy: days
        record: r
        fields:
          since: date
        outputs:
          next: date
        decisions:
          - id: next
            rules:
              - id: one
                then:
                  next: "=add_months(r.since, 1)"
        """))
    return verdict.load(str(root))


def expected(text, zone):
    """What each path must say of `text`: the next month's day or the error."""
    stamp = pd.Timestamp(text)
    if zone is not None or stamp != stamp.normalize():
        return WRONG
    day = stamp.date()
    return (day.replace(month=day.month % 12 + 1, year=day.year + day.month // 12))


def column(unit, zone):
    stamps = pd.to_datetime(TEXTS).as_unit(unit)
    return stamps.tz_localize(zone) if zone else stamps


def answers(rows):
    return [r["error"] if r["error"] else pd.Timestamp(r["next"]).date() for r in rows]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("unit", UNITS)
def test_timestamp_cells_for_a_date_field(days, unit, zone):
    want = [expected(t, zone) for t in TEXTS]
    table = pa.table({"since": pa.array(column(unit, zone), pa.timestamp(unit, tz=zone))})
    assert table.schema.field("since").type == pa.timestamp(unit, tz=zone)
    arrow = answers(days.evaluate_arrow("days", table, as_of=AS_OF).to_pylist())
    assert arrow == want
    frame = pd.DataFrame({"since": column(unit, zone)})
    assert answers(days.evaluate_arrow("days", frame, as_of=AS_OF).to_pylist()) == want
    many = days.evaluate_many("days", frame, as_of=AS_OF)
    assert answers(many.to_dict("records")) == want


def test_midnight_is_the_same_day_as_a_date(days):
    listed = days.evaluate_many("days", [{"since": datetime.date(2026, 9, 28)}], as_of=AS_OF)
    table = pa.table({"since": pa.array([datetime.datetime(2026, 9, 28)], pa.timestamp("us"))})
    out = days.evaluate_arrow("days", table, as_of=AS_OF).to_pylist()
    assert out[0]["next"] == listed[0]["next"] == datetime.date(2026, 10, 28)
    assert out[0]["error"] is None


def test_retention_followup_dataframe_agrees(pack):
    """The case found: a pandas frame of datetime64 dates at midnight."""
    df = pd.DataFrame({"customer_id": ["C1"], "arpu": [72], "monthly_spend": [50],
                       "last_month_spend": [50],
                       "last_visit_date": pd.to_datetime(["2026-09-28"]),
                       "last_call_date": pd.to_datetime(["2026-11-01"])})
    many = pack.evaluate_many("retention_followup", df, as_of=AS_OF).iloc[0]
    arrow = pack.evaluate_arrow("retention_followup", df, as_of=AS_OF).to_pylist()[0]
    assert many["error"] is None and arrow["error"] is None
    assert arrow["tier"] == many["tier"] == "high"
    # Visited 2026-09-28, every 2 months: due on as_of, read as that day.
    assert '"due":"2026-11-28"' in arrow["actions"]  # a list output: JSON text
    assert [a["due"] for a in many["actions"]] == [datetime.date(2026, 11, 28)]
