"""Verdict beside its peers from Python, on the same generated records:
customer_tier and refund_approval routing through

  verdict  evaluate_many on dicts, evaluate_many on a pandas DataFrame,
           evaluate_arrow on a pyarrow Table (refund: also with its text
           columns dictionary-encoded, the codes numpy reads)
  zen      zen-engine (PyPI): ZenEngine.evaluate(key, ctx), in two loader
           forms (the static loader config, and a loader callback returning
           ZenDecisionContent); the faster one is ZEN's fastest form
  cel      common-expression-language (PyPI, Rust CEL): the expression
           compiled once, Program.execute(record)
  python   plain if/elif returning dicts
  numpy    np.select over columns

It first checks that every path agrees with Verdict on every record, then
prints records/s (best CPU time of three runs of this process: the bench
machine is shared) and the ratios of the goals of issue 12. A benchmark,
not a test. Runs in its own environment, never a project dependency:

    bench/peers/setup.sh                       # once: bench/peers/.venv
    bench/peers/.venv/bin/python bench/compare_peers.py [--rows N] [--columnar M]
"""
import argparse
import gc
import json
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench" / "peers"))

import cel  # noqa: E402
import numpy as np  # noqa: E402
import zen  # noqa: E402

import refund  # noqa: E402
import tier  # noqa: E402
import verdict  # noqa: E402

AS_OF = "2026-11-24"
SEED = 42


def best(fn, repeat=3, clock=time.process_time):
    """Best CPU time of this process (or by `clock`) over `repeat` runs (5 for the
    millisecond-long columnar runs, where the shared machine's noise is
    largest), and the result. The collector stays on, as in a user's
    program; only the garbage of earlier runs is collected beforehand."""
    times, out = [], None
    for _ in range(repeat):
        # Each run starts from a collected heap: a full collection of what
        # earlier paths left alive (a million-row data set, their results)
        # otherwise lands inside whichever run crosses the threshold.
        out = None
        gc.collect()
        t = clock()
        out = fn()
        times.append(clock() - t)
    return min(times), out


def best_wall(fn, repeat=3):
    """As best(), by the wall clock: for runs on several threads."""
    return best(fn, repeat, clock=time.perf_counter)


def zen_engines(key, jdm):
    content = zen.ZenDecisionContent(jdm)
    return {
        "static loader": zen.ZenEngine({"loader": {"type": "static",
                                                   "content": {key: json.loads(jdm)}}}),
        "callback loader": zen.ZenEngine({"loader": lambda _key: content}),
    }


def agree(name, got, want):
    """Row lists, or dicts of equal-length columns."""
    if isinstance(want, dict):
        for k in want:
            a, b = list(got[k]), list(want[k])
            bad = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
            if len(a) != len(b) or bad:
                i = bad[0] if bad else min(len(a), len(b))
                raise SystemExit(f"{name} disagrees on column {k} at row {i}: "
                                 f"{a[i] if i < len(a) else None!r} != {b[i] if i < len(b) else None!r}")
        return
    bad = [i for i, (x, y) in enumerate(zip(got, want)) if x != y]
    if len(got) != len(want) or bad:
        i = bad[0] if bad else min(len(got), len(want))
        raise SystemExit(f"{name} disagrees at record {i}: {got[i]!r} != {want[i]!r}")


def run(mod, pack, rows, columnar):
    """Times every path over the same records; returns [(path, n, seconds)]."""
    data = mod.generate(columnar, SEED)
    head = {k: v[:rows] for k, v in data.items()}
    records = mod.verdict_records(data, rows)
    floats = mod.float_records(data, rows)
    cel_input = mod.cents_records(data, rows) if mod is refund else floats
    py_input = records if mod is refund else floats
    frame, table, np_in = mod.frame(data), mod.arrow_table(data), mod.numpy_inputs(data)
    results = []

    t, out = best(lambda: pack.evaluate_many(mod.POLICY, records, as_of=AS_OF))
    reference = [mod.dict_row(d) for d in out]
    results.append(("verdict evaluate_many (dicts)", rows, t))

    t, out = best(lambda: pack.evaluate_many(mod.POLICY, frame, as_of=AS_OF), 5)
    frame_cols = mod.frame_columns(out)
    results.append(("verdict evaluate_many (DataFrame)", columnar, t))
    t, out = best(lambda: pack.evaluate_arrow(mod.POLICY, table, as_of=AS_OF, threads=1), 5)
    arrow_cols = mod.arrow_columns(out)
    results.append(("verdict evaluate_arrow (Table)", columnar, t))
    if hasattr(mod, "arrow_table_encoded"):
        # Its text columns dictionary-encoded: the codes numpy reads, with
        # their dictionaries.
        encoded = mod.arrow_table_encoded(data)
        t, out = best(lambda: pack.evaluate_arrow(mod.POLICY, encoded, as_of=AS_OF,
                                                  threads=1), 5)
        agree("evaluate_arrow (dictionary-encoded) vs plain", mod.arrow_columns(out),
              arrow_cols)
        results.append(("verdict evaluate_arrow (Table, dictionary texts)", columnar, t))
    # Beside it, not in the goals (which compare one core with one core):
    # the wall clock with the default threads, one per core.
    t, out = best_wall(lambda: pack.evaluate_arrow(mod.POLICY, table, as_of=AS_OF), 5)
    agree("evaluate_arrow (all cores) vs one thread", mod.arrow_columns(out), arrow_cols)
    results.append(("verdict evaluate_arrow (Table), all cores: WALL", columnar, t))

    for form, engine in zen_engines(mod.POLICY, mod.zen_jdm()).items():
        t, out = best(lambda: [engine.evaluate(mod.POLICY, r) for r in floats])
        agree(f"zen ({form})", [mod.zen_row(r) for r in out], reference)
        results.append((f"zen ZenEngine.evaluate ({form})", rows, t))

    program = cel.compile(mod.CEL)
    t, out = best(lambda: [program.execute(r) for r in cel_input])
    agree("cel", [mod.cel_row(r) for r in out], reference)
    results.append(("cel Program.execute", rows, t))

    decide = mod.python_decide
    t, out = best(lambda: [decide(r) for r in py_input])
    agree("python", [mod.dict_row(d) for d in out], reference)
    results.append(("python if/elif", rows, t))

    t, out = best(lambda: mod.numpy_decide(np_in), 5)
    np_cols = mod.numpy_columns(out)
    results.append(("numpy np.select", columnar, t))

    # The columnar paths against numpy on every row, and their first `rows`
    # rows against the dict path (hence against every row-wise peer).
    agree("evaluate_arrow vs numpy", arrow_cols, np_cols)
    agree("evaluate_many (DataFrame) vs numpy", frame_cols, np_cols)
    head_cols = mod.numpy_columns(mod.numpy_decide(mod.numpy_inputs(head)))
    ref_cols = {k: list(v) for k, v in head_cols.items()}
    agree("numpy (head) vs dicts", _rows_of(ref_cols), reference_columns(mod, reference))
    return results


def _rows_of(cols):
    return list(zip(*cols.values()))


def reference_columns(mod, reference):
    """The dict path's rows in numpy_columns' canonical form."""
    if mod is tier:
        return [(t, a, -1 if v is None else v, -1 if c is None else c)
                for t, a, v, c in reference]
    return [(s, r, cents, ap, ch) for s, r, cents, ap, ch, _stages in reference]


def report(policy, results, rows, columnar):
    rate = {name: n / t for name, n, t in results}
    print(f"\n{policy}: {rows:,} records row-wise, {columnar:,} columnar; seed {SEED}; "
          "every path agrees with Verdict on every record")
    for name, n, t in results:
        clock = "wall" if name.endswith("WALL") else "CPU"
        name = name.removesuffix(": WALL")
        print(f"  {name:<44} {n:>9,} in {t:6.2f} s {clock:<4}= {n / t / 1e6:8.3f} M records/s")
    zen_best = max((v, k) for k, v in rate.items() if k.startswith("zen"))
    dicts = rate["verdict evaluate_many (dicts)"]
    forms = [k for k in rate if k.startswith(("verdict evaluate_many (DataFrame)",
                                               "verdict evaluate_arrow (Table"))
             and not k.endswith("WALL")]
    col_form = max(forms, key=rate.get)
    col = rate[col_form]
    plain = max(rate["verdict evaluate_many (DataFrame)"], rate["verdict evaluate_arrow (Table)"])
    print(f"  ZEN's fastest form here: {zen_best[1][len('zen ZenEngine.evaluate '):]}")
    for name in rate:
        if name.startswith("verdict") or name.endswith("WALL"):
            continue
        print(f"  verdict dicts / {name:<40} {dicts / rate[name]:8.2f}x   "
              f"verdict columnar (best) / it {col / rate[name]:8.2f}x")
    print(f"  goal: dicts >= 10x ZEN .......... {dicts / zen_best[0]:8.2f}x  "
          f"{'met' if dicts >= 10 * zen_best[0] else 'NOT met'}")
    print(f"  goal: columnar >= 100x ZEN ...... {col / zen_best[0]:8.2f}x  "
          f"{'met' if col >= 100 * zen_best[0] else 'NOT met'}")
    print(f"  goal: columnar > numpy np.select  {col / rate['numpy np.select']:8.2f}x  "
          f"{'met' if col > rate['numpy np.select'] else 'NOT met'}"
          f"  (columnar: {col_form.removeprefix('verdict ')})")
    if col_form != "verdict evaluate_arrow (Table)" and plain != col:
        print(f"        with plain text columns ...  {plain / rate['numpy np.select']:8.2f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="row-wise records")
    parser.add_argument("--columnar", type=int, default=1_000_000, help="columnar records")
    parser.add_argument("--policy", choices=["customer_tier", "refund_approval"], action="append")
    args = parser.parse_args()
    pack = verdict.load(str(ROOT / "rules" / "bss"))
    print(f"verdict {pack.version} ({pack.content_hash[:12]}), zen-engine "
          f"{_version('zen-engine')}, common-expression-language "
          f"{_version('common-expression-language')}, numpy {np.__version__}, "
          f"pyarrow {_version('pyarrow')}, pandas {_version('pandas')}")
    for mod in (tier, refund):
        if args.policy and mod.POLICY not in args.policy:
            continue
        results = run(mod, pack, args.rows, args.columnar)
        report(mod.POLICY, results, args.rows, args.columnar)


def _version(dist):
    from importlib.metadata import version
    return version(dist)


if __name__ == "__main__":
    main()
