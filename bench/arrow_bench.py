"""evaluate_arrow throughput: customer_tier over N rows of a decimal128(38, 4)
money column, against numpy's np.select over the same data (as float64,
the usual hand-written vectorised shortcut), measured side by side in one
run. A benchmark, not a test.

Usage: python bench/arrow_bench.py [N]   (default 10,000,000)
"""
import pathlib
import sys
import time

import numpy as np
import pyarrow as pa
import pyarrow.compute  # noqa: F401

import verdict

ROOT = pathlib.Path(__file__).resolve().parents[1]


def best(fn, repeat=3):
    """Best CPU time of this process (the shared benchmark machine's wall
    clock mostly measures the other jobs), and the result."""
    times = []
    for _ in range(repeat):
        t = time.process_time()
        out = fn()
        times.append(time.process_time() - t)
    return min(times), out


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    rng = np.random.default_rng(42)
    cents = rng.integers(0, 12000, n)
    arpu_units = cents * 100  # scale 4
    # decimal128 cells are little-endian 128-bit mantissas: low word, high word 0
    words = np.stack([arpu_units, np.zeros(n, np.int64)], axis=1).astype(np.int64)
    arpu = pa.Array.from_buffers(pa.decimal128(38, 4), n, [None, pa.py_buffer(words.tobytes())])
    ids = pa.compute.binary_join_element_wise("C", pa.array(np.arange(n)).cast(pa.string()), "")
    table = pa.table({"customer_id": ids, "arpu": arpu})
    pack = verdict.load(str(ROOT / "rules" / "bss"))
    t_arrow, out = best(lambda: pack.evaluate_arrow("customer_tier", table, as_of="2026-11-24"))

    x = cents / 100.0

    def numpy_select():
        tier = np.select([x >= 60, x >= 30], ["high", "mid"], "mass")
        archive = x >= 60
        visit = np.where(x >= 60, 2, -1)
        call = np.where(x >= 60, 1, -1)
        return tier, archive, visit, call

    t_np, (tier, *_rest) = best(numpy_select)
    assert out.column("tier").to_numpy(zero_copy_only=False).tolist()[:1000] == tier.tolist()[:1000]
    print(f"evaluate_arrow customer_tier: {n} rows in {t_arrow:.2f} s CPU = {n / t_arrow / 1e6:.1f} M rows/s")
    print(f"numpy np.select (float64):    {n} rows in {t_np:.2f} s CPU = {n / t_np / 1e6:.1f} M rows/s")
    print(f"evaluate_arrow / numpy speed: {t_np / t_arrow:.2f}x")


if __name__ == "__main__":
    main()
