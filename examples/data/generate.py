#!/usr/bin/env python3
"""Deterministic sample data for the BSS pack (rules/bss).

Writes customers.jsonl, refund_requests.jsonl and number_requests.jsonl next
to this file: a few hundred realistic records each, around the demo's as-of
date 2026-11-24, with a few invalid records mixed in on purpose.
`--big N --out FILE` instead writes N synthetic customers for benchmarks.
"""
import argparse
import datetime
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
AS_OF = datetime.date(2026, 11, 24)


def money(rng, lo, hi):
    return round(rng.uniform(lo, hi), 2)


def day(offset):
    return (AS_OF + datetime.timedelta(days=offset)).isoformat()


def customers(rng):
    out = []
    for i in range(300):
        r = rng.random()
        arpu = money(rng, 60, 400) if r < 0.15 else money(rng, 30, 59.99) if r < 0.5 else money(rng, 5, 29.99)
        if i % 50 == 7:
            arpu = 60.00
        if i % 50 == 19:
            arpu = 30.00
        last = money(rng, 10, 300)
        move = rng.choice([1.0, 1.0, 0.95, 1.1, 0.6, 1.5, 0.7])
        c = {"customer_id": f"C{i:06d}", "arpu": arpu,
             "monthly_spend": round(last * move, 2), "last_month_spend": last}
        if rng.random() < 0.4:
            c["prepaid_balance"] = money(rng, 0, 200)
            c["monthly_fee"] = rng.choice([58, 88, 128, 199])
        if rng.random() < 0.7:
            b = datetime.date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
            if rng.random() < 0.05:
                b = b.replace(month=11, day=24)
            c["birthday"] = b.isoformat()
        if rng.random() < 0.6:
            c["last_visit_date"] = day(-rng.randint(0, 120))
        if rng.random() < 0.6:
            c["last_call_date"] = day(-rng.randint(0, 60))
        if rng.random() < 0.35:
            c["package_expiry_date"] = day(rng.randint(-60, 60))
            c["package_renewed"] = rng.random() < 0.3
        if rng.random() < 0.25:
            c["agreement_expiry_date"] = day(rng.randint(-40, 40))
        if rng.random() < 0.08:
            t = datetime.datetime.combine(AS_OF, datetime.time(9)) - datetime.timedelta(
                hours=rng.randint(0, 7 * 24))
            form = rng.choice(["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S+08:00"])
            c["disconnect_requested_at"] = t.strftime(form)
        for key in ("prepaid_balance", "birthday", "last_call_date"):
            if key not in c and rng.random() < 0.1:
                c[key] = None
        out.append(c)
    out[40] = {"customer_id": "C900001", "monthly_spend": 10, "last_month_spend": 10}
    out[90] = {"customer_id": "C900002", "arpu": "abc", "monthly_spend": 10, "last_month_spend": 10}
    out[140]["last_visit_date"] = "2026-13-01"
    out[190] = {"customer_id": None, "arpu": 20, "monthly_spend": 10, "last_month_spend": 10}
    out[240]["monthly_spend"] = "12.5"
    return out


CAUSES = ["billing_dispute", "one_time_fee", "service_issue", "billing_data_error",
          "line_fault", "cable_fault", "other"]


def refunds(rng):
    out = []
    for i in range(200):
        amount = rng.choice([money(rng, 1, 199), money(rng, 200, 499), money(rng, 500, 3000)])
        if i % 40 == 3:
            amount = 200.00
        if i % 40 == 13:
            amount = 500.00
        r = {"request_id": f"R{i:06d}", "account_id": f"A{rng.randint(1, 99999):05d}",
             "amount": amount, "cause": rng.choice(CAUSES)}
        if rng.random() < 0.3:
            r["month_to_date_refunded"] = money(rng, 0, 400)
        if rng.random() < 0.7:
            r["branch"] = rng.choice(["city", "county"])
        r["has_basis_document"] = rng.random() < 0.85
        if rng.random() < 0.9:
            r["cause_description"] = rng.choice(
                ["duplicate monthly fee", "roaming charge disputed", "line down 3 days",
                 "rating error in billing system", "   ", "installation fee waived"])
        out.append(r)
    out[20]["amount"] = 0
    out[60]["amount"] = -15.5
    out[100]["cause"] = "fraud"
    del out[150]["account_id"]
    return out


def vanity(rng, pattern):
    while True:
        digits = {}
        n = ""
        for ch in pattern:
            if ch == "X":
                n += str(rng.randint(0, 9))
            else:
                n += "?"
        # Fill letters: runs ascend/descend from a random start, variables distinct.
        tail = list(n)
        letters = [c for c in pattern if c != "X"]
        if "ABC" in pattern or "DCB" in pattern:
            start = rng.randint(0, 9 - len(letters) + 1)
            seq = [start + k for k in range(len(letters))]
            if "DCB" in pattern:
                seq = [start + len(letters) - 1 - k for k in range(len(letters))]
            it = iter(seq)
            for k, c in enumerate(pattern):
                if c != "X":
                    tail[k] = str(next(it))
        else:
            pool = rng.sample(range(10), 10)
            for c in sorted(set(letters)):
                digits[c] = pool.pop()
            for k, c in enumerate(pattern):
                if c != "X":
                    tail[k] = str(digits[c])
        return "".join(tail)


PATTERNS = ["XXXAAAA", "XXAAAAA", "XAAAAAA", "AAAAAAA", "XXABCDE", "XABCDEF", "XXXXAAA",
            "XXXABCD", "XXXDCBA", "XXXAABB", "XXXABAB", "XXXXABC"]


def numbers(rng):
    out = []
    for i in range(200):
        prefix = rng.choice(["138", "139", "150", "158", "186", "189"]) + f"{rng.randint(0, 9)}"
        if i < 48:
            tail = vanity(rng, PATTERNS[i % len(PATTERNS)])
            number = prefix + tail if i % 6 else tail[-7:]
        else:
            number = prefix + f"{rng.randint(0, 9999999):07d}"
            if i % 17 == 0:
                number = f"{rng.randint(0, 99999999):08d}"
        r = {"number": number}
        if rng.random() < 0.8:
            r["prepay"] = rng.choice([0, 100, 200, 500, 1200, 2000, 3600, 5000])
        if rng.random() < 0.25:
            r["prepay_waiver"] = rng.choice([50, 199.99, 200, 300, 500, 800])
        if rng.random() < 0.7:
            r["monthly_commitment"] = rng.choice([0, 58, 100, 188, 300, 500])
        if rng.random() < 0.6:
            r["ringtone_years"] = rng.choice([0, 1, 2])
        if rng.random() < 0.2:
            r["group_customer"] = True
            r["group_annual_revenue"] = rng.choice([10000, 30000, 80000])
        out.append(r)
    out[60]["number"] = "138000"
    out[110]["number"] = "1380000abcd"
    out[160]["number"] = "+8613800000000"
    out[199]["number"] = "138000000000"
    return out


def write(name, rows):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def big(n, path):
    rng = random.Random(1)
    with open(path, "w") as f:
        for i in range(n):
            f.write('{"customer_id":"C%07d","arpu":%d.%02d,"monthly_spend":%d.%02d}\n' % (
                i, rng.randrange(150), rng.randrange(100), rng.randrange(300), rng.randrange(100)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--big", type=int)
    ap.add_argument("--out")
    a = ap.parse_args()
    if a.big:
        big(a.big, a.out)
        return
    rng = random.Random(20261124)
    write("customers.jsonl", customers(rng))
    write("refund_requests.jsonl", refunds(rng))
    write("number_requests.jsonl", numbers(rng))


if __name__ == "__main__":
    main()
