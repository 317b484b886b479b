"""Decides whose working-day computations read days outside the years the pack's calendar covers
(a disconnect request of 2026-12-30, due two working days later in 2027, past the 2004-2026
calendar) are counted in verdict_workdays_outside_calendar_total: the operator's sign that due
dates may miss holidays, as `verdict eval` warns on stderr. `verdict replay` of such a log warns
on stderr too. The decision itself is unchanged."""
import json
import re
import signal

from conftest import PACK, decide, metrics_when
from test_lifecycle import run_replay

BASE = {"customer_id": "c", "arpu": 70, "monthly_spend": 10, "last_month_spend": 10}
INSIDE = {**BASE, "disconnect_requested_at": "2026-12-10T10:00:00"}
CROSSING = {**BASE, "disconnect_requested_at": "2026-12-30T10:00:00"}
METRIC = re.compile(r"^verdict_workdays_outside_calendar_total (\d+)$", re.M)


def count(text):
    m = METRIC.search(text)
    assert m, text
    return int(m.group(1))


def test_the_metric_counts_crossing_records_of_every_decide(start_server):
    s = start_server(PACK)
    params = {"as_of": "2026-12-30"}
    assert count(metrics_when(s.url, lambda t: True)) == 0
    inside = decide(s.url, "retention_followup", INSIDE, params=params)
    assert inside.status_code == 200, inside.text
    assert count(metrics_when(s.url, lambda t: True)) == 0
    one = decide(s.url, "retention_followup", CROSSING, params=params)
    assert one.status_code == 200, one.text
    due = [a["due"] for a in one.json()["actions"] if a["action"] == "resolve_disconnect"]
    assert due == ["2027-01-01"]  # the calendar file's answer all the same
    lines = "".join(json.dumps(r) + "\n" for r in (CROSSING, INSIDE, CROSSING, CROSSING))
    many = decide(s.url, "retention_followup", lines, ndjson=True, params=params)
    assert many.status_code == 200 and len(many.text.splitlines()) == 4, many.text
    # The server counts just after the answer's last byte: wait for it.
    text = metrics_when(s.url, lambda t: count(t) >= 4)
    assert count(text) == 4
    assert "# TYPE verdict_workdays_outside_calendar_total counter" in text


def test_replay_warns_after_its_report(start_server, tmp_path):
    log = tmp_path / "decisions.jsonl"
    s = start_server(PACK, "--decision-log", log)
    params = {"as_of": "2026-12-30"}
    for record in (INSIDE, CROSSING, CROSSING):
        assert decide(s.url, "retention_followup", record, params=params).status_code == 200
    s.signal(signal.SIGTERM)
    assert s.wait() == 0
    r = run_replay(log, PACK)
    assert r.returncode == 0, r.stderr.decode()
    assert r.stderr.decode().splitlines()[-2:] == [
        "verdict replay: 3 records, 0 differ",
        "verdict replay: warning: 2 working-day computations (add_workdays, is_workday) read days "
        "outside the years 2004 to 2026 that the calendar 'cn_mainland' covers: there only "
        "weekends are days off, holidays unknown"]
