#!/usr/bin/env python3
"""Writes N generated, valid records for one policy of rules/bss as JSON Lines
to standard output (fixed seed 42: the same N gives the same bytes).

Usage: python3 bench/gen_records.py POLICY N > records.jsonl
POLICY: customer_tier, customer_rank_tier, retention_followup (customers
with every optional field present or absent at random, around the as-of
date 2026-11-24), refund_approval (refund requests), number_grade (number
requests, a quarter of them vanity numbers).
"""
import datetime
import json
import random
import sys

AS_OF = datetime.date(2026, 11, 24)
CAUSES = ["billing_dispute", "one_time_fee", "service_issue", "billing_data_error",
          "line_fault", "cable_fault", "other"]
TAILS = ["8888", "6666", "1234", "4321", "3388", "1212", "5678", "0000", "9876"]


def money(rng, hi):
    c = rng.randrange(0, hi * 100)
    return "%d.%02d" % (c // 100, c % 100)


def positive_money(rng, hi):
    c = rng.randrange(1, hi * 100)
    return "%d.%02d" % (c // 100, c % 100)


def day(rng, lo, hi):
    return (AS_OF + datetime.timedelta(days=rng.randint(lo, hi))).isoformat()


def customer(rng, i):
    parts = ['"customer_id":"C%09d"' % i, '"arpu":' + money(rng, 150),
             '"monthly_spend":' + money(rng, 300), '"last_month_spend":' + money(rng, 300)]
    if rng.random() < 0.4:
        parts.append('"prepaid_balance":' + money(rng, 200))
        parts.append('"monthly_fee":%d' % rng.choice([58, 88, 128, 199]))
    if rng.random() < 0.7:
        parts.append('"birthday":"%04d-%02d-%02d"' % (
            rng.randint(1960, 2004), rng.choice([11, 11, 3]), rng.randint(20, 28)))
    if rng.random() < 0.6:
        parts.append('"last_visit_date":"%s"' % day(rng, -120, 0))
    if rng.random() < 0.6:
        parts.append('"last_call_date":"%s"' % day(rng, -60, 0))
    if rng.random() < 0.35:
        parts.append('"package_expiry_date":"%s"' % day(rng, -60, 60))
        parts.append('"package_renewed":%s' % ("true" if rng.random() < 0.3 else "false"))
    if rng.random() < 0.25:
        parts.append('"agreement_expiry_date":"%s"' % day(rng, -40, 40))
    if rng.random() < 0.08:
        parts.append('"disconnect_requested_at":"%sT%02d:%02d:00"' % (
            day(rng, -7, 0), rng.randint(0, 23), rng.randint(0, 59)))
    return "{" + ",".join(parts) + "}"


def refund(rng, i):
    r = ['"request_id":"R%09d"' % i, '"account_id":"A%06d"' % rng.randrange(1000000),
         '"amount":' + positive_money(rng, rng.choice([199, 499, 3000])),
         '"cause":"%s"' % rng.choice(CAUSES)]
    if rng.random() < 0.3:
        r.append('"month_to_date_refunded":' + money(rng, 400))
    if rng.random() < 0.7:
        r.append('"branch":"%s"' % rng.choice(["city", "county"]))
    r.append('"has_basis_document":%s' % ("true" if rng.random() < 0.85 else "false"))
    if rng.random() < 0.9:
        r.append('"cause_description":%s' % json.dumps(rng.choice(
            ["duplicate monthly fee", "roaming charge disputed", "line down 3 days",
             "rating error in billing system", "   ", "installation fee waived"])))
    return "{" + ",".join(r) + "}"


def number(rng, i):
    n = rng.choice(["138", "139", "150", "158", "186", "189"]) + "%08d" % rng.randrange(10**8)
    if rng.random() < 0.25:
        n = n[:-4] + rng.choice(TAILS)
    r = ['"number":"%s"' % n]
    if rng.random() < 0.8:
        r.append('"prepay":%d' % rng.choice([0, 100, 200, 500, 1200, 2000, 3600, 5000]))
    if rng.random() < 0.25:
        r.append('"prepay_waiver":%s' % rng.choice(["50", "199.99", "200", "300", "500"]))
    if rng.random() < 0.7:
        r.append('"monthly_commitment":%d' % rng.choice([0, 58, 100, 188, 300, 500]))
    if rng.random() < 0.6:
        r.append('"ringtone_years":%d' % rng.choice([0, 1, 2]))
    if rng.random() < 0.2:
        r.append('"group_customer":true')
        r.append('"group_annual_revenue":%d' % rng.choice([10000, 30000, 80000]))
    return "{" + ",".join(r) + "}"


MAKERS = {"customer_tier": customer, "customer_rank_tier": customer,
          "retention_followup": customer, "refund_approval": refund,
          "number_grade": number}


def main():
    make = MAKERS[sys.argv[1]]
    n = int(sys.argv[2])
    rng = random.Random(42)
    buf = []
    for i in range(n):
        buf.append(make(rng, i))
        if len(buf) == 100000:
            sys.stdout.write("\n".join(buf) + "\n")
            buf = []
    if buf:
        sys.stdout.write("\n".join(buf) + "\n")


if __name__ == "__main__":
    main()
