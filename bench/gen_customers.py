"""Writes N generated customers as JSON Lines to standard output (seed 42).

Usage: python3 bench/gen_customers.py N > customers.jsonl
"""
import random
import sys


def main():
    n = int(sys.argv[1])
    rng = random.Random(42)
    buf = []
    for i in range(n):
        a = rng.randrange(0, 12000)
        s = rng.randrange(0, 50000)
        buf.append('{"customer_id":"C%09d","arpu":%d.%02d,"monthly_spend":%d.%02d}\n'
                   % (i, a // 100, a % 100, s // 100, s % 100))
        if len(buf) == 100000:
            sys.stdout.write("".join(buf))
            buf = []
    sys.stdout.write("".join(buf))


if __name__ == "__main__":
    main()
