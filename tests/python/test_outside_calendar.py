"""Records whose working-day computations read days outside the years the pack's calendar covers
(a disconnect request of 2026-12-30, due two working days later in 2027, which the calendar of
2004 to 2026 knows no holidays of) give a CalendarWarning, once per pack, from every entry point,
whatever the as-of; records inside the calendar give none. `verdict eval` says the same on stderr
(tests/unit/outside_calendar_test.cc)."""
import warnings

import pandas as pd
import pyarrow as pa

import verdict

AS_OF = "2026-12-30"  # inside the calendar: the as-of's own warning stays silent
BASE = {"customer_id": "c", "arpu": 70, "monthly_spend": 10, "last_month_spend": 10}
INSIDE = {**BASE, "disconnect_requested_at": "2026-12-10T10:00:00"}
CROSSING = {**BASE, "disconnect_requested_at": "2026-12-30T10:00:00"}
MESSAGE = ("{} working-day computation{} (add_workdays, is_workday) read days outside the years "
           "2004 to 2026 that the calendar 'cn_mainland' covers: there only weekends are days off, "
           "holidays unknown")


def decide(pk, how, records):
    if how == "evaluate":
        return [pk.evaluate("retention_followup", r, as_of=AS_OF) for r in records]
    if how == "dicts":
        return pk.evaluate_many("retention_followup", records, as_of=AS_OF)
    if how == "frame":
        return pk.evaluate_many("retention_followup", pd.DataFrame(records), as_of=AS_OF)
    if how == "frame_traced":  # the evaluate_columns route
        return pk.evaluate_many("retention_followup", pd.DataFrame(records), as_of=AS_OF, trace=True)
    return pk.evaluate_arrow("retention_followup", pa.Table.from_pylist(records), as_of=AS_OF)


def test_every_entry_point_warns_once_per_pack(root):
    for how in ("evaluate", "dicts", "frame", "frame_traced", "arrow"):
        pk = verdict.load(str(root / "rules" / "bss"))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            decide(pk, how, [INSIDE, INSIDE])
            assert caught == [], (how, [str(w.message) for w in caught])
            decide(pk, how, [INSIDE, CROSSING, CROSSING])
            decide(pk, how, [CROSSING])  # once per pack: not again
        assert [w.category for w in caught] == [verdict.CalendarWarning], how
        # One call of evaluate counts one record; a batch call its two.
        assert str(caught[0].message) == (MESSAGE.format(1, "") if how == "evaluate"
                                          else MESSAGE.format(2, "s")), how
        assert caught[0].filename == __file__, how


def test_the_due_date_is_the_calendars_answer_all_the_same(root):
    # Only a warning: the decision is what the calendar file says (2027-01-01
    # is not listed as a holiday), as the spec defines working days.
    pk = verdict.load(str(root / "rules" / "bss"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = pk.evaluate("retention_followup", CROSSING, as_of=AS_OF)
    due = [a["due"] for a in out["actions"] if a["action"] == "resolve_disconnect"]
    assert [str(d) for d in due] == ["2027-01-01"]
