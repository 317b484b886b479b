#!/usr/bin/env python3
"""Spec acceptance cases for the BSS policy pack, run through the `verdict` command line.

The cases in this folder were written from the contract (../../shared/spec/bss-policies.md) alone.
For every policy and every distinct as-of date the runner writes one JSON Lines input, runs

    verdict eval <copy of the pack> --policy NAME --as-of DATE --input FILE

and compares the output line by line with the expectations.  The pack is copied to a temporary
folder first and its calendar.yaml is REPLACED by tests/spec_cases/calendar.yaml (a fake calendar),
so working-day results prove that the engine reads the calendar file.

Case files (`<policy>.jsonl`, one JSON object per line):
    {"name", "as_of", "record", "expect": {...}}            outputs the record must produce
    {"name", "as_of", "record", "expect_error_field": F}     the record is invalid, error names F
    customer_rank_tier: {"name", "as_of", "records": [...], "expect": [{...} | {"error_field": F}]}
        (one `verdict eval` per case: the whole input is one batch)

Comparison: numbers numerically (tolerance 1e-9; inputs and outputs are parsed as exact decimals),
strings / booleans / null exactly, lists element by element, objects on the expected keys (extra
output keys such as `trace` are ignored).  An expected error must come back as
{"error": {"code", "message", "field"}} with `field` equal to the expected field.

Usage:
    python3 tests/spec_cases/run_cases.py [--verdict build/verdict] [--pack rules/bss]
                                          [--policy NAME ...] [--keep] [-v]
    pytest tests/spec_cases/run_cases.py      # test_spec_cases(); VERDICT_BIN / VERDICT_PACK env

Python 3 standard library only.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import OrderedDict
from decimal import Decimal, InvalidOperation
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
POLICIES = ["customer_tier", "customer_rank_tier", "retention_followup", "refund_approval", "number_grade"]
BATCH_POLICIES = {"customer_rank_tier"}
TOLERANCE = Decimal("1e-9")
TIMEOUT = 300


# ------------------------------------------------------------------------------------------ JSON
def loads(text):
    """JSON with exact decimals for every non-integer number (ints stay int)."""
    return json.loads(text, parse_float=Decimal)


def dumps(value):
    """Compact JSON that writes Decimal numbers with their exact text (no binary doubles)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(str(k), ensure_ascii=False) + ":" + dumps(v)
                              for k, v in value.items()) + "}"
    raise TypeError("cannot serialise %r" % (value,))


def show(value):
    try:
        return dumps(value)
    except TypeError:
        return repr(value)


# ------------------------------------------------------------------------------------ comparison
def is_number(v):
    return isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)


def compare(expected, got, where="$"):
    """Return a list of human-readable differences (empty when `got` satisfies `expected`)."""
    if is_number(expected):
        if not is_number(got):
            return ["%s: expected number %s, got %s" % (where, show(expected), show(got))]
        try:
            diff = abs(Decimal(str(expected)) - Decimal(str(got)))
        except InvalidOperation:
            return ["%s: cannot compare %s with %s" % (where, show(expected), show(got))]
        if diff > TOLERANCE:
            return ["%s: expected %s, got %s" % (where, show(expected), show(got))]
        return []
    if expected is None or isinstance(expected, (bool, str)):
        if type(expected) is not type(got) or expected != got:
            return ["%s: expected %s, got %s" % (where, show(expected), show(got))]
        return []
    if isinstance(expected, list):
        if not isinstance(got, list):
            return ["%s: expected list %s, got %s" % (where, show(expected), show(got))]
        if len(expected) != len(got):
            return ["%s: expected %d items %s, got %d items %s"
                    % (where, len(expected), show(expected), len(got), show(got))]
        out = []
        for i, (e, g) in enumerate(zip(expected, got)):
            out += compare(e, g, "%s[%d]" % (where, i))
        return out
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return ["%s: expected object %s, got %s" % (where, show(expected), show(got))]
        out = []
        for k, e in expected.items():
            if k not in got:
                out.append("%s.%s: missing (expected %s)" % (where, k, show(e)))
            else:
                out += compare(e, got[k], "%s.%s" % (where, k))
        return out
    return ["%s: unsupported expectation %r" % (where, expected)]


def check_error(expected_field, got):
    if not isinstance(got, dict) or not isinstance(got.get("error"), dict):
        return ["expected an error naming field %r, got %s" % (expected_field, show(got))]
    err = got["error"]
    out = []
    for k in ("code", "message"):
        if k not in err:
            out.append("error object lacks %r: %s" % (k, show(got)))
    if err.get("field") != expected_field:
        out.append("expected error field %r, got %s" % (expected_field, show(got)))
    return out


def check_one(expectation, got):
    """expectation: ('ok', dict) or ('error', field)."""
    kind, value = expectation
    if kind == "error":
        return check_error(value, got)
    if isinstance(got, dict) and "error" in got and "error" not in value:
        return ["expected outputs %s, got an error %s" % (show(value), show(got))]
    return compare(value, got)


# ------------------------------------------------------------------------------------------ cases
def load_cases(cases_dir, policy):
    path = Path(cases_dir) / (policy + ".jsonl")
    cases = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            c = loads(line)
            where = "%s:%d" % (path.name, n)
            for k in ("name", "as_of"):
                if k not in c:
                    raise ValueError("%s: case lacks %r" % (where, k))
            if policy in BATCH_POLICIES:
                if not isinstance(c.get("records"), list) or not isinstance(c.get("expect"), list) \
                        or len(c["records"]) != len(c["expect"]):
                    raise ValueError("%s: batch case needs records and expect lists of equal length" % where)
            elif "record" not in c or ("expect" in c) == ("expect_error_field" in c):
                raise ValueError("%s: case needs record and exactly one of expect / expect_error_field" % where)
            cases.append(c)
    return cases


def expectations_of(policy, case):
    if policy in BATCH_POLICIES:
        return [("error", e["error_field"]) if "error_field" in e else ("ok", e) for e in case["expect"]]
    if "expect_error_field" in case:
        return [("error", case["expect_error_field"])]
    return [("ok", case["expect"])]


# ------------------------------------------------------------------------------------------ engine
def resolve(p):
    p = Path(p)
    if p.is_absolute() or p.exists():
        return p.resolve() if p.exists() else p
    alt = REPO / p
    return alt.resolve() if alt.exists() else p


def prepare_pack(pack, calendar, workdir):
    dest = Path(workdir) / (Path(pack).name or "pack")
    shutil.copytree(str(pack), str(dest))
    shutil.copyfile(str(calendar), str(dest / "calendar.yaml"))
    return dest


def run_eval(verdict, pack, policy, as_of, records, workdir, tag):
    inp = Path(workdir) / ("%s_%s.jsonl" % (policy, tag))
    with open(inp, "w", encoding="utf-8") as f:
        for r in records:
            f.write(dumps(r) + "\n")
    cmd = [str(verdict), "eval", str(pack), "--policy", policy, "--as-of", as_of, "--input", str(inp)]
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, [], "timed out after %ss: %s" % (TIMEOUT, " ".join(cmd))
    except OSError as e:
        return None, [], "cannot run %s: %s" % (" ".join(cmd), e)
    out = p.stdout.decode("utf-8", "replace")
    lines = out.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return p.returncode, lines, p.stderr.decode("utf-8", "replace")


def parse_line(line):
    try:
        return loads(line)
    except ValueError:
        return {"<unparseable output line>": line}


# ------------------------------------------------------------------------------------------ main
class SetupError(Exception):
    pass


class Result:
    def __init__(self):
        self.passed = 0
        self.failures = []   # (label, expected, got, details)
        self.notes = []

    def fail(self, label, expected, got, details):
        self.failures.append((label, expected, got, details))

    def report_lines(self):
        out = []
        for label, expected, got, details in self.failures:
            out.append("FAIL %s" % label)
            out.append("  expected: %s" % show(expected))
            out.append("  got:      %s" % show(got))
            for d in details:
                out.append("    - %s" % d)
        return out


def run_group(res, verdict, pack, policy, as_of, cases, workdir, tag, verbose):
    """Run one verdict eval over `cases` (one record each, or one batch case)."""
    if policy in BATCH_POLICIES:
        assert len(cases) == 1
        records = cases[0]["records"]
        slots = [(cases[0], i) for i in range(len(records))]
    else:
        records = [c["record"] for c in cases]
        slots = [(c, 0) for c in cases]
    rc, lines, stderr = run_eval(verdict, pack, policy, as_of, records, workdir, tag)
    problem = None
    if rc is None:
        problem = stderr
    elif rc not in (0, 2):
        problem = "verdict exited with status %s; stderr: %s" % (rc, stderr.strip()[:2000])
    elif len(lines) != len(records):
        problem = "verdict wrote %d lines for %d input lines (exit %s); stderr: %s" % (
            len(lines), len(records), rc, stderr.strip()[:2000])
    got_lines = [parse_line(l) for l in lines] if problem is None else None

    any_error_out = False
    per_case = OrderedDict()
    for idx, (case, sub) in enumerate(slots):
        exps = expectations_of(policy, case)
        exp = exps[sub]
        per_case.setdefault(case["name"], {"case": case, "expected": [], "got": [], "details": []})
        entry = per_case[case["name"]]
        entry["expected"].append(exp[1] if exp[0] == "ok" else {"error": {"field": exp[1]}})
        if problem is not None:
            entry["got"].append(None)
            continue
        got = got_lines[idx]
        if isinstance(got, dict) and "error" in got:
            any_error_out = True
        entry["got"].append(got)
        prefix = "record %d: " % sub if policy in BATCH_POLICIES else ""
        entry["details"] += [prefix + d for d in check_one(exp, got)]

    for name, entry in per_case.items():
        label = "%s/%s (as_of %s)" % (policy, name, as_of)
        expected = entry["expected"] if policy in BATCH_POLICIES else entry["expected"][0]
        got = entry["got"] if policy in BATCH_POLICIES else entry["got"][0]
        if problem is not None:
            res.fail(label, expected, None, [problem])
        elif entry["details"]:
            res.fail(label, expected, got, entry["details"])
        else:
            res.passed += 1
            if verbose:
                print("ok   %s" % label)

    if problem is None:
        want = 2 if any_error_out else 0
        if rc != want:
            res.notes.append("note: %s as_of %s (%s): exit status %s, the spec says %s for this output"
                             % (policy, as_of, tag, rc, want))


def run_all(verdict, pack, cases_dir=HERE, policies=None, keep=False, verbose=False, out=sys.stdout):
    res = Result()
    verdict = resolve(verdict)
    pack = resolve(pack)
    calendar = Path(cases_dir) / "calendar.yaml"
    if not Path(verdict).exists():
        raise SetupError("verdict binary not found: %s (use --verdict or VERDICT_BIN)" % verdict)
    if not Path(pack).is_dir():
        raise SetupError("policy pack folder not found: %s (use --pack or VERDICT_PACK)" % pack)
    workdir = tempfile.mkdtemp(prefix="verdict_spec_cases_")
    try:
        tmp_pack = prepare_pack(pack, calendar, workdir)
        for policy in policies or POLICIES:
            cases = load_cases(cases_dir, policy)
            if policy in BATCH_POLICIES:
                for i, c in enumerate(cases):
                    run_group(res, verdict, tmp_pack, policy, c["as_of"], [c], workdir, "case%03d" % i, verbose)
            else:
                groups = OrderedDict()
                for c in cases:
                    groups.setdefault(c["as_of"], []).append(c)
                for as_of, group in groups.items():
                    run_group(res, verdict, tmp_pack, policy, as_of, group, workdir, as_of, verbose)
    finally:
        if keep:
            print("kept temporary folder %s" % workdir, file=out)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return res


def default_verdict():
    return os.environ.get("VERDICT_BIN") or "build/verdict"


def default_pack():
    return os.environ.get("VERDICT_PACK") or "rules/bss"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--verdict", default=default_verdict(),
                    help="path of the verdict binary (default: $VERDICT_BIN or build/verdict)")
    ap.add_argument("--pack", default=default_pack(), help="policy pack folder (default: rules/bss)")
    ap.add_argument("--cases", default=str(HERE), help="folder holding the case files and calendar.yaml")
    ap.add_argument("--policy", action="append", choices=POLICIES, help="only this policy (repeatable)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary pack and inputs")
    ap.add_argument("-v", "--verbose", action="store_true", help="also list passing cases")
    args = ap.parse_args(argv)
    try:
        res = run_all(args.verdict, args.pack, args.cases, args.policy, args.keep, args.verbose)
    except SetupError as e:
        print("error: %s" % e)
        return 1
    for line in res.report_lines():
        print(line)
    for note in res.notes:
        print(note)
    print("%d passed, %d failed" % (res.passed, len(res.failures)))
    return 1 if res.failures else 0


def test_spec_cases():
    """pytest entry point: fails listing every mismatch."""
    res = run_all(default_verdict(), default_pack())
    if res.failures:
        raise AssertionError("%d spec cases failed (%d passed):\n%s"
                             % (len(res.failures), res.passed, "\n".join(res.report_lines())))


if __name__ == "__main__":
    sys.exit(main())
