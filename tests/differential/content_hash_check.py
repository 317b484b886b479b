#!/usr/bin/env python3
"""Recomputes a pack's content hash from its documented definition
(include/verdict/engine.h, Pack::content_hash) with hashlib, independently
of the C++ code, and compares it with what `verdict eval --audit` stamps.

SHA-256 over pack.yaml, the policy files and the calendar (not tests/), in
byte order of their paths relative to the pack, each as
PATH "\\n" LENGTH "\\n" BYTES.

Also: editing a test file leaves the hash alone; editing a policy changes it.
"""
import argparse
import hashlib
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile

RECORD = '{"customer_id": "C1", "arpu": 45.5}\n'


def documented_hash(pack: pathlib.Path) -> str:
    files = {}
    for f in pack.iterdir():
        if f.is_file() and f.suffix in (".yaml", ".yml"):
            files[f.relative_to(pack).as_posix()] = f.read_bytes()
    h = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.encode()):
        data = files[path]
        h.update(path.encode() + b"\n" + str(len(data)).encode() + b"\n" + data)
    return h.hexdigest()


def stamped_hash(verdict: str, pack: pathlib.Path) -> str:
    out = subprocess.run(
        [verdict, "eval", str(pack), "--policy", "customer_tier",
         "--as-of", "2026-11-24", "--audit"],
        input=RECORD, capture_output=True, text=True, check=True).stdout
    return json.loads(out.splitlines()[0])["audit"]["content_hash"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--verdict", required=True)
    ap.add_argument("--pack", required=True)
    args = ap.parse_args()
    pack = pathlib.Path(args.pack)
    want, got = documented_hash(pack), stamped_hash(args.verdict, pack)
    print(f"content hash of {pack.name}: documented {want}, stamped {got}")
    failures = []
    if want != got or len(got) != 64:
        failures.append("the stamped hash is not the documented SHA-256")
    with tempfile.TemporaryDirectory() as tmp:
        copy = pathlib.Path(tmp) / "pack"
        shutil.copytree(pack, copy)
        tests = sorted((copy / "tests").glob("*.yaml"))
        if not tests:
            failures.append("the pack has no tests/*.yaml to edit")
        else:
            tests[0].write_text(tests[0].read_text() + "\n# edited\n")
            if stamped_hash(args.verdict, copy) != got:
                failures.append("editing a test file changed the hash")
        tier = copy / "customer_tier.yaml"
        tier.write_text(tier.read_text() + "\n# edited\n")
        edited = stamped_hash(args.verdict, copy)
        if edited == got or edited != documented_hash(copy):
            failures.append("editing a policy did not change the hash as documented")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
