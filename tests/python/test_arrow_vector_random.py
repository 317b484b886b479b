"""Generated policies (fixed seeds) decided by the vector path of
evaluate_arrow and by the per-row path (the reference), every row and
error compared: lets of decimal sums, collects, first hits with computed
outputs, a policy function on a decimal and an enum, conditions of every
kernel (comparisons with literals on and beside the data's values, enum
equality and sets, texts, has(), !, &&, ||, size() of a collect), with
nulls where fields allow them and where they do not. Counts how many
batches the vector path took, so that it cannot silently take none."""
import decimal
import random

import pyarrow as pa

import verdict
from test_arrow_columnar import reference

AS_OF = "2026-11-24"
ROWS = 700
POLICIES = 150
LITERALS = ["0", "0.5", "1", "2", "-1", "100", "2.25"]

HEADER = """policy: gen
record: r
fields:
  a: money
  b: money = 0
  c: money?
  k: enum(x, y, z)
  j: enum(p, q) = p
  flag: bool = false
  s: string?
  t: string
outputs:
  tags: list(string)
  level: enum(l1, l2, l3)
  amount: money?
  label: string?
  band_out: string?
let:
  total: r.a + r.b
functions:
  band:
    params:
      v: money
      k: enum(x, y, z)
    returns:
      out: string
    hit: first
    table:
      when: [v, k]
      then: [out]
      rows:
        r1: ["< {l1}", x, low_x]
        r2: ["[{l1}..{l2})", "-", mid]
        r3: ["-", "-", high]
"""


def money(rng):
    return rng.choice(["r.a", "r.b", "total", "r.c", "r.a - r.b"])


def cond(rng, depth=0):
    pick = rng.choice(range(12)) if depth < 2 else rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 11])
    if pick == 0:
        return f"{money(rng)} {rng.choice(['<', '<=', '>', '>=', '==', '!='])} {rng.choice(LITERALS)}"
    if pick == 1:
        return f"r.k == '{rng.choice('xyz')}'"
    if pick == 2:
        return f"r.k in ['{rng.choice('xyz')}', '{rng.choice('xyz')}']"
    if pick == 3:
        return rng.choice(["r.flag", "!r.flag"])
    if pick == 4:
        return rng.choice(["has(r.c)", "!has(r.s)"])
    if pick == 5:
        return f"r.t {rng.choice(['<', '==', '!='])} '{rng.choice(['m', 'a', 'zz', ''])}'"
    if pick == 6:
        return f"r.j == '{rng.choice('pq')}'"
    if pick == 7:
        return f"size(tags) > {rng.randrange(2)}"
    if pick == 8:
        return f"({cond(rng, depth + 1)}) && ({cond(rng, depth + 1)})"
    if pick == 9:
        return f"({cond(rng, depth + 1)}) || ({cond(rng, depth + 1)})"
    if pick == 10:
        return f"band({money(rng)}, r.k) == '{rng.choice(['low_x', 'mid', 'high'])}'"
    return rng.choice(["r.c == null", "r.a > r.b", "r.s == r.t", "r.a + 1 > 2"])


def policy(rng, unset=()):
    """A generated policy; the outputs named in `unset` no rule sets."""
    l1, l2 = sorted(rng.sample([0, 0.5, 1, 2, 100], 2))
    text = HEADER.replace("{l1}", str(l1)).replace("{l2}", str(l2))
    text += "decisions:\n  - id: tags\n    hit: collect\n    into: tags\n    rules:\n"
    for i in range(rng.randrange(1, 4)):
        # size(tags) is read only after the collect.
        c = cond(rng)
        while "size(tags)" in c:
            c = cond(rng)
        text += f'      - id: t{i}\n        when: "{c}"\n        then: tag{i}\n'
    text += "  - id: main\n    hit: first\n    rules:\n"
    rules = rng.randrange(2, 5)
    for i in range(rules):
        text += f"      - id: m{i}\n"
        if i < rules - 1 or rng.random() < 0.5:
            text += f'        when: "{cond(rng)}"\n'
        outputs = {
            "level": rng.choice(["l1", "l2", "l3"]),
            "amount": rng.choice(["=r.a", "=total", "=r.c", "1.5", "null", "=r.a + r.b",
                                  "=r.a + 1", "2.5"]),
            "label": rng.choice(["=r.t", "=r.s", "fixed", "null", "=band(total, r.k)",
                                 "=r.t + '!'"]),
            "band_out": rng.choice(["=band(r.a, r.k)", "null", "=band(r.c, r.k)"]),
        }
        text += "        then:\n"
        for name, value in outputs.items():
            if name not in unset and (name == "level" or rng.random() < 0.85):
                shown = f'"{value}"' if value.startswith("=") else value
                text += f"          {name}: {shown}\n"
    return text


def table(rng, faults, nulls=True):
    def dec(v):
        return None if v is None else decimal.Decimal(v)

    def amount(optional=False, required=True):
        if optional and rng.random() < 0.2:
            return None
        if not required and rng.random() < 0.1:
            return None
        return rng.choice(LITERALS + ["-2", "0.75", "1.25", "98", "3.5"]) if rng.random() < 0.7 \
            else str(decimal.Decimal(rng.randrange(-300, 30000)) / 100)

    rows = ROWS
    return pa.table({
        "a": pa.array([dec(amount(required=not faults)) for _ in range(rows)], pa.decimal128(12, 2)),
        "b": pa.array([dec(amount(optional=True)) for _ in range(rows)], pa.decimal128(12, 2)),
        # Null `c` fails many rows (compared, or passed to `band`): only
        # some batches have them.
        "c": pa.array([dec(amount(optional=nulls)) for _ in range(rows)], pa.decimal128(12, 2)),
        "k": pa.array([rng.choice("xyz") if not faults or rng.random() > 0.01 else "w"
                       for _ in range(rows)]),
        "j": pa.array([rng.choice(["p", "q", None]) for _ in range(rows)]),
        "flag": pa.array([rng.choice([True, False, None]) for _ in range(rows)]),
        "s": pa.array([rng.choice(["v", "", None, "s1"]) for _ in range(rows)]),
        "t": pa.array([rng.choice(["a", "m", "zz", "", "n"]) for _ in range(rows)]),
    })


def test_generated_policies_agree_with_the_row_path(tmp_path):
    rng = random.Random(2026)
    (tmp_path / "pack.yaml").write_text('pack: g\nversion: "1"\nzone: "+08:00"\n')
    vector = batches = 0
    for p in range(POLICIES):
        # Every fifth leaves an output that no rule sets (null throughout).
        text = policy(rng, ("label", "amount") if p % 5 == 0 else ())
        (tmp_path / "gen.yaml").write_text(text)
        pack = verdict.load(str(tmp_path))
        for faults, nulls in ((False, False), (False, True), (True, True)):
            t = table(rng, faults, nulls)
            vector += pack._native.vector_batches("gen", t.__arrow_c_stream__(), AS_OF)
            batches += 1
            got = pack.evaluate_arrow("gen", t, as_of=AS_OF, threads=1)
            want = reference(pack, "gen", t)
            assert got.schema.equals(want.schema), text
            assert got.to_pylist() == want.to_pylist(), (p, faults, text)
    print(f"{vector} of {batches} generated batches took the vector path")
    assert vector >= POLICIES // 3
