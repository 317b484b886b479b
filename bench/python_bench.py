#!/usr/bin/env python3
"""Benchmark (not a test): evaluate_many for customer_tier over one million
rows, as a pandas DataFrame and as a list of dicts. Run inside the venv that
has the package: build-py/venv/bin/python bench/python_bench.py"""
import os
import sys
import time

import numpy as np
import pandas as pd

import verdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
rng = np.random.default_rng(1)
df = pd.DataFrame({"customer_id": [f"C{i:07d}" for i in range(N)],
                   "arpu": np.round(rng.uniform(0, 150, N), 2)})
pack = verdict.load(os.path.join(ROOT, "rules", "bss"))


def timed(label, fn):
    best = None
    for _ in range(2):
        t0 = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    print(f"{label:40} {N / best / 1e6:6.2f} M records/s ({best:.2f} s for {N:,})")
    return out


out = timed("evaluate_many(DataFrame)", lambda: pack.evaluate_many("customer_tier", df, as_of="2026-11-24"))
assert len(out) == N
records = df.to_dict("records")
timed("evaluate_many(list of dicts)", lambda: pack.evaluate_many("customer_tier", records, as_of="2026-11-24"))
