#!/usr/bin/env python3
"""Writes rules/bss/calendar.yaml from the PyPI package `chinesecalendar`.

The package carries the State Council's published holiday arrangements for
mainland China. Only weekday days off (holidays) and weekend working days
(make-up days, 调休上班) are listed: weekend holidays are days off anyway.

Usage: python3 -m pip install chinesecalendar && python3 scripts/gen_calendar.py
"""
import datetime
import importlib.metadata
import os

import chinese_calendar

OUT = os.path.join(os.path.dirname(__file__), "..", "rules", "bss", "calendar.yaml")


def main():
    version = importlib.metadata.version("chinesecalendar")
    holidays = sorted(d for d, name in chinese_calendar.holidays.items() if d.weekday() < 5)
    workdays = sorted(d for d in chinese_calendar.workdays if d.weekday() >= 5)
    years = sorted({d.year for d in chinese_calendar.holidays})
    first, last = years[0], years[-1]
    lines = [
        "# Working-day calendar of mainland China (the spec's calendar format).",
        f"# Holds {first}..{last}: weekday public holidays ('holidays') and weekend",
        "# make-up working days ('workdays', 调休上班) as announced by the State Council.",
        "# Weekend days that are public holidays are not listed: they are off anyway.",
        f"# Source: PyPI package chinesecalendar {version}; regenerate with",
        "# scripts/gen_calendar.py. Replacing this file changes every policy that",
        "# counts working days; `verdict check` warns when an as-of date lies beyond",
        "# the last year listed here.",
        "calendar: cn_mainland",
        f"years: [{first}, {last}]",
        "weekend: [saturday, sunday]",
        "holidays:",
    ]
    for y in range(first, last + 1):
        days = [d for d in holidays if d.year == y]
        if days:
            names = sorted({chinese_calendar.get_holiday_detail(d)[1] or "" for d in days} - {""})
            lines.append(f"  # {y}: {', '.join(names)}")
            lines.extend(f"  - {d.isoformat()}" for d in days)
    lines.append("workdays:")
    for y in range(first, last + 1):
        days = [d for d in workdays if d.year == y]
        if days:
            lines.append(f"  # {y}")
            lines.extend(f"  - {d.isoformat()}" for d in days)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
