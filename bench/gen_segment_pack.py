#!/usr/bin/env python3
"""Writes a number-segment pack with one big decision table (default 100,000
rows) to measure load time and memory against the default Limits:

    bench/gen_segment_pack.py /tmp/seg 100000
    /usr/bin/time -v build/verdict check /tmp/seg

Row i maps the segments [1300000 + 10 i, 1300000 + 10 i + 10) to a region and
an area code; tests/unit/hostile_pack_test.cc builds the same shape in C++.
"""
import argparse
import os


def main():
    ap = argparse.ArgumentParser(
        description="Write a number-segment pack with one big first-hit table.")
    ap.add_argument("out", help="the pack folder to write (created if missing)")
    ap.add_argument("rows", nargs="?", type=int, default=100000,
                    help="table rows (default 100000)")
    args = ap.parse_args()
    if args.rows < 1:
        ap.error("rows must be at least 1")
    out, rows = args.out, args.rows
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "pack.yaml"), "w") as f:
        f.write('pack: segments\nversion: "1"\nzone: "+08:00"\n')
    with open(os.path.join(out, "segments.yaml"), "w") as f:
        f.write("policy: number_segment\nrecord: request\nfields:\n"
                "  segment: int\noutputs:\n  region: string\n"
                "  area_code: int\ndecisions:\n  - id: segment\n"
                "    hit: first\n    table:\n      when: [request.segment]\n"
                "      then: [region, area_code]\n      rows:\n")
        for i in range(rows):
            lo = 1300000 + 10 * i
            f.write(f'        s{i}: ["[{lo}..{lo + 10})", r{i % 997}, '
                    f'{10 + i % 900}]\n')


if __name__ == "__main__":
    main()
