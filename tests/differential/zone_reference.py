#!/usr/bin/env python3
"""Named zones against an independent reference: Python's zoneinfo.

Generated instants (fixed seed, fixed count) in zones with daylight saving,
half-hour rules and historical changes, from 1900 to 2200 (far beyond
tzdata's last stored transition, where the TZif footer's rule applies), plus
every local time around each transition in a few years, so that skipped and
repeated local times are hit. For each: the offset at a UTC instant, the
wall time printed for it, and the instant of a wall-clock reading (Python's
fold=0: a repeated time is its earlier instant, a skipped one is read with
the offset before the gap). All queries go to zone_driver in one process
and every answer is compared. Prints counts; exits 1 on any difference.
Both sides read the same tzdata files, through different code.
"""
import argparse
import datetime as dt
import random
import subprocess
import sys
import zoneinfo

ZONES = ["America/New_York", "Asia/Shanghai", "Europe/London",
         "Australia/Lord_Howe", "America/Sao_Paulo", "Europe/Dublin",
         "Pacific/Chatham", "America/St_Johns", "Africa/Casablanca"]
SEED = 20261202
COUNT = 3000          # random instants per zone
EPOCH = dt.datetime(1970, 1, 1)
UTC = dt.timezone.utc


def utc_seconds(y1, y2, rng):
    lo = int((dt.datetime(y1, 1, 1) - EPOCH).total_seconds())
    hi = int((dt.datetime(y2, 1, 1) - EPOCH).total_seconds())
    return rng.randrange(lo, hi)


def expected(op, zone, x):
    z = zoneinfo.ZoneInfo(zone)
    if op == "offset":
        t = dt.datetime.fromtimestamp(x, UTC).astimezone(z)
        return str(int(t.utcoffset().total_seconds()))
    if op == "format":
        t = dt.datetime.fromtimestamp(x, UTC).astimezone(z)
        return t.replace(tzinfo=None).isoformat(timespec="seconds")
    local = (EPOCH + dt.timedelta(seconds=x)).replace(tzinfo=z, fold=0)
    return str(int(local.timestamp()))


def queries():
    rng = random.Random(SEED)
    out = []
    for zone in ZONES:
        for _ in range(COUNT):
            t = utc_seconds(1900, 2200, rng)
            out.append(("offset", zone, t))
            out.append(("format", zone, t))
            out.append(("utc", zone, t + rng.randrange(-14 * 3600, 14 * 3600)))
        # Every 15 minutes of local time around each transition of some
        # years (before and after 2037), so gaps and overlaps are hit.
        z = zoneinfo.ZoneInfo(zone)
        for year in (1975, 2026, 2040, 2099):
            t = int((dt.datetime(year, 1, 1) - EPOCH).total_seconds())
            end = int((dt.datetime(year + 1, 1, 1) - EPOCH).total_seconds())
            prev = None
            while t < end:
                off = dt.datetime.fromtimestamp(t, UTC).astimezone(z).utcoffset()
                if prev is not None and off != prev:
                    local = t + int(off.total_seconds())
                    for k in range(-12, 13):
                        out.append(("utc", zone, local + k * 900))
                        out.append(("offset", zone, t + k * 900))
                prev = off
                t += 3600
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driver", required=True)
    args = ap.parse_args()
    qs = queries()
    text = "".join(f"{op} {zone} {x}\n" for op, zone, x in qs)
    run = subprocess.run([args.driver], input=text, capture_output=True,
                         text=True, check=False)
    if run.returncode != 0:
        print(run.stderr, file=sys.stderr)
        return 1
    got = run.stdout.splitlines()
    if len(got) != len(qs):
        print(f"driver answered {len(got)} of {len(qs)} queries")
        return 1
    bad = {}
    counts = {}
    for (op, zone, x), answer in zip(qs, got):
        counts[op] = counts.get(op, 0) + 1
        want = expected(op, zone, x)
        if answer != want:
            bad[op] = bad.get(op, 0) + 1
            if bad[op] <= 5:
                print(f"DIFF {op} {zone} {x}: verdict {answer}, zoneinfo {want}")
    for op in sorted(counts):
        print(f"{op}: {counts[op]} cases, {bad.get(op, 0)} differences")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
