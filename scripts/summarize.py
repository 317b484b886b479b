#!/usr/bin/env python3
"""Prints a readable summary of the demo's decisions (scripts/demo.sh)."""
import argparse
import collections
import datetime
import json
import os


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--as-of", required=True)
    ap.add_argument("--decisions", required=True)
    ap.add_argument("--data", required=True)
    a = ap.parse_args()
    as_of = datetime.date.fromisoformat(a.as_of)
    week_end = as_of + datetime.timedelta(days=6 - as_of.weekday())
    d = lambda name: read(os.path.join(a.decisions, name + ".jsonl"))

    def invalid(rows, label):
        bad = [r["error"] for r in rows if "error" in r]
        if bad:
            print(f"  {len(bad)} invalid {label}, e.g.: " +
                  "; ".join(f"{e['field']}: {e['code']}" for e in bad[:3]))

    print(f"\nVerdict demo: rules/bss decided as of {as_of} (week ends {week_end})")
    tiers = d("customer_tier")
    print(f"\nCustomers per tier (customer_tier, by ARPU), {len(tiers)} records:")
    for tier, n in collections.Counter(r.get("tier") for r in tiers if "tier" in r).most_common():
        print(f"  {tier:6} {n:5}")
    invalid(tiers, "customer records")
    ranks = d("customer_rank_tier")
    print("\nCustomers per rank tier (customer_rank_tier, by share of the population):")
    for tier, n in collections.Counter(r.get("tier") for r in ranks if "tier" in r).most_common():
        print(f"  {tier:6} {n:5}")

    print("\nFollow-up actions (retention_followup) by reason:")
    print(f"  {'reason':22} {'overdue':>8} {'this week':>10} {'later':>6}")
    buckets = collections.defaultdict(collections.Counter)
    for r in d("retention_followup"):
        for act in r.get("actions", []):
            due = datetime.date.fromisoformat(act["due"][:10])
            when = "overdue" if due < as_of else ("this week" if due <= week_end else "later")
            buckets[act["reason"]][when] += 1
    for reason, c in sorted(buckets.items()):
        print(f"  {reason:22} {c['overdue']:8} {c['this week']:10} {c['later']:6}")

    refunds = d("refund_approval")
    print(f"\nRefund requests (refund_approval), {len(refunds)} records, per approver:")
    per = collections.Counter(
        r["amount_approver"] if r.get("status") == "route" else "(rejected)"
        for r in refunds if "status" in r)
    for who, n in per.most_common():
        print(f"  {who:30} {n:5}")
    reasons = collections.Counter(x for r in refunds for x in r.get("reject_reasons", []))
    for why, n in reasons.most_common():
        print(f"    rejected for {why}: {n}")
    invalid(refunds, "refund requests")

    numbers = d("number_grade")
    print(f"\nNumbers per grade (number_grade), {len(numbers)} records:")
    print(f"  {'grade':5} {'name':4} {'count':>5} {'eligible':>8}  approver")
    by_grade = collections.defaultdict(list)
    for r in numbers:
        if "grade" in r:
            by_grade[r["grade"]].append(r)
    for g in sorted(by_grade):
        rows = by_grade[g]
        eligible = sum(1 for r in rows if r["eligible"])
        unmet = collections.Counter(x for r in rows for x in r["unmet"])
        terms = ", ".join(f"{k} unmet {v}x" for k, v in unmet.most_common()) or "all terms met"
        print(f"  {g:5} {rows[0]['grade_name']:4} {len(rows):5} {eligible:8}  "
              f"{rows[0]['approver'] or '-'}   ({terms})")
    invalid(numbers, "number requests")
    print()


if __name__ == "__main__":
    main()
