#!/usr/bin/env python3
"""Differential test of verdict::Decimal against an independent reference.

The reference is Python's exact rationals (fractions.Fraction) and its
decimal module: it shares no code with src/value/decimal.cc. It applies the
rule documented in include/verdict/value.h:

  exact when the exact value has at most 18 fractional digits and its
  mantissa is below 10^36; otherwise rounded once, half to even, at 18
  places or at the most places whose mantissa stays below 10^36; overflow
  when not even the integral value fits.

Cases are generated from a fixed seed (every scale 0..18, both signs, 1 to 36
digits, ties, the traps of issue 8), sent to decimal_driver in one process,
and every answer is compared. Prints the count per operation; exits 1 on
any difference.
"""
import argparse
import decimal
import random
import subprocess
import sys
from fractions import Fraction

MAX_SCALE = 18
LIMIT = 10**36


def fmt(q: int, t: int) -> str:
    """Text of q * 10^-t with no trailing fractional zeros."""
    sign = "-" if q < 0 else ""
    digits = str(abs(q)).rjust(t + 1, "0")
    whole, frac = digits[: len(digits) - t], digits[len(digits) - t :]
    frac = frac.rstrip("0")
    return sign + whole + ("." + frac if frac else "")


def ref_round(x: Fraction) -> str:
    for t in range(MAX_SCALE, -1, -1):
        q = round(x * 10**t)  # Fraction.__round__ rounds half to even
        if abs(q) < LIMIT:
            return fmt(q, t)
    return "overflow"


def ref_parse(text: str) -> str:
    try:
        d = decimal.Decimal(text)
    except decimal.InvalidOperation:
        return "invalid"
    x = Fraction(d)
    for t in range(0, MAX_SCALE + 1):
        m = x * 10**t
        if m.denominator == 1:
            return fmt(int(m), t) if abs(m) < LIMIT else "invalid"
    return "invalid"


def operand(rng: random.Random) -> str:
    scale = rng.randint(0, MAX_SCALE)
    ndigits = rng.choice([rng.randint(1, 6), rng.randint(1, 18), rng.randint(1, 36)])
    ndigits = max(ndigits, 1)
    m = rng.randint(10 ** (ndigits - 1) if ndigits > 1 else 0, 10**ndigits - 1)
    if rng.random() < 0.5:
        m = -m
    return fmt(m, scale) if rng.random() < 0.5 else padded(m, scale)


def padded(m: int, scale: int) -> str:
    """The same value written with all its fractional digits (trailing zeros)."""
    sign = "-" if m < 0 else ""
    digits = str(abs(m)).rjust(scale + 1, "0")
    if scale == 0:
        return sign + digits
    return sign + digits[:-scale] + "." + digits[-scale:]


TRAPS = [
    ("div", "1.4999", "1000000000000000000"),
    ("mul", "0.0000000349", "0.0000000001"),
    ("div", "-65560523.9", "-870.07941888"),
    ("div", "91", "-873647928.19"),
    ("mul", "0.000000001", "0.0000000005"),  # a tie at 10^-18: to even (0)
    ("mul", "0.000000003", "0.0000000005"),  # a tie: 1.5e-18 -> 2e-18
    ("mul", "0.000000005", "0.0000000005"),  # a tie: 2.5e-18 -> 2e-18
    ("div", "1", "3"),
    ("div", "2", "3"),
    ("div", "-2", "3"),
    ("div", "999999999999999999999999999999999999", "0.1"),  # overflow
    ("mul", "999999999999999999999999999999999999", "10"),  # overflow
    ("add", "999999999999999999999999999999999999", "1"),  # overflow
    ("add", "100000000000000000000000000000000000", "0.000000000000000001"),
    ("sub", "-999999999999999999999999999999999999", "0.5"),
    ("div", "123456789012345678.123456789012345678", "0.000000000000000007"),
    ("mul", "123456789012345678.123456789012345678", "12345.5"),
    ("div", "0", "-5"),
]


def cases(rng: random.Random, n: int):
    for op, a, b in TRAPS:
        yield op, a, b
    for _ in range(n):
        for op in ("add", "sub", "mul", "div"):
            a, b = operand(rng), operand(rng)
            if op == "div" and Fraction(b) == 0:
                b = "1"
            yield op, a, b
        # Products and quotients that land on ties at the 19th place.
        k = rng.randint(1, 10**9)
        yield "mul", fmt(k, 9), fmt(5 * (1 if rng.random() < 0.5 else -1), 10)
        yield "div", fmt(2 * k + 1, 18), "2"
        yield "cmp", operand(rng), operand(rng)
        a = operand(rng)
        yield "cmp", a, padded(int(Fraction(a) * 10**18), 18)  # equal values
        yield "toint", operand(rng), ""
        yield "todouble", operand(rng), ""
        yield "parse", parse_text(rng), ""
        yield "fromdouble", double_text(rng), ""


def parse_text(rng: random.Random) -> str:
    """Valid decimal grammar, values in and out of range."""
    ints = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 40)))
    frac = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 25)))
    if not ints and not frac:
        ints = "0"
    text = ints + ("." + frac if frac else "")
    if rng.random() < 0.3:
        text += "0" * rng.randint(1, 30)  if frac else ""
    if rng.random() < 0.3:
        text += rng.choice("eE") + rng.choice(["", "+", "-"]) + str(rng.randint(0, 45))
    return rng.choice(["", "-", "+"]) + text


def double_text(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.4:
        return repr(round(rng.uniform(-1e6, 1e6), rng.randint(0, 6)))
    if r < 0.8:
        return repr(rng.uniform(-1, 1) * 10 ** rng.randint(-25, 40))
    return repr(rng.choice([0.1, 0.2, 0.3, 1e-18, 1e-19, 1.5e-18, 1e35, 1e36, 123.456]))


def expected(op: str, a: str, b: str) -> str:
    if op in ("add", "sub", "mul", "div"):
        x, y = Fraction(a), Fraction(b)
        r = {"add": x + y, "sub": x - y, "mul": x * y}.get(op)
        rounded = ref_round(r if op != "div" else x / y)
        # A sum or difference is exact or an overflow, never rounded.
        if op in ("add", "sub") and rounded != "overflow" and Fraction(rounded) != r:
            return "overflow"
        return rounded
    if op == "cmp":
        x, y = Fraction(a), Fraction(b)
        return str((x > y) - (x < y))
    if op == "parse":
        return ref_parse(a)
    if op == "toint":
        x = Fraction(a)
        ok = x.denominator == 1 and -(2**63) <= x < 2**63
        return str(int(x)) if ok else "none"
    if op == "todouble":
        return repr(float(Fraction(a)))
    if op == "fromdouble":
        return ref_parse(repr(float(a)))  # the shortest round-trip text
    raise ValueError(op)


def same(op: str, got: str, want: str) -> bool:
    if op == "todouble":
        return float(got) == float(want)
    return got == want


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--driver", required=True)
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--rounds", type=int, default=3000)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    todo = list(cases(rng, args.rounds))
    text = "".join(f"{op} {a} {b}\n" for op, a, b in todo)
    run = subprocess.run([args.driver], input=text, capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stderr, file=sys.stderr)
        return 1
    got = run.stdout.splitlines()
    if len(got) != len(todo):
        print(f"driver answered {len(got)} of {len(todo)} cases", file=sys.stderr)
        return 1
    counts, failures, rounded, overflows = {}, [], 0, 0
    for (op, a, b), g in zip(todo, got):
        want = expected(op, a, b)
        counts[op] = counts.get(op, 0) + 1
        if want == "overflow":
            overflows += 1
        elif op in ("mul", "div", "add", "sub"):
            x, y = Fraction(a), Fraction(b)
            exact = (x + y if op == "add" else x - y if op == "sub"
                     else x * y if op == "mul" else x / y)
            rounded += Fraction(want) != exact
        if not same(op, g, want):
            failures.append(f"{op} {a} {b}: got {g}, want {want}")
    for op in sorted(counts):
        print(f"decimal differential: {op:10s} {counts[op]:6d} cases")
    print(f"decimal differential: {len(todo)} cases, {rounded} rounded, "
          f"{overflows} overflows, {len(failures)} differ")
    for f in failures[:30]:
        print("  DIFFERS:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
