#!/usr/bin/env python3
"""Runs every shell example of README.md (a fenced block whose first line
starts with "$ ") from the checkout and compares its output with the one the
README shows, so that an example cannot drift from what the tool does.

A command is the "$ " line and the lines that continue it (the line before
ends with a backslash or a pipe); the rest of the block is its output. The
output is compared line ends trimmed and lines joined (the README wraps long
JSON lines), with "..." in the README matching anything. `build/verdict` in
a command is the CLI given with --verdict.

Usage: readme_examples.py --verdict PATH [--readme README.md]
Exit 0 when every example matches, 1 otherwise (each mismatch printed)."""
import argparse
import pathlib
import re
import subprocess
import sys


def examples(text):
    """(line number, command, expected output lines) per example."""
    out = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith("```") and i + 1 < len(lines) and lines[i + 1].startswith("$ "):
            start = i + 1
            j = start
            command = [lines[j][2:]]
            while lines[j].rstrip().endswith(("\\", "|")):
                j += 1
                command.append(lines[j])
            k = j + 1
            while not lines[k].startswith("```"):
                k += 1
            out.append((start + 1, "\n".join(command), lines[j + 1:k]))
            i = k
        i += 1
    return out


def matches(expected_lines, actual):
    want = "".join(line.strip() for line in expected_lines)
    got = "".join(line.strip() for line in actual.split("\n"))
    pattern = ".*?".join(re.escape(part) for part in re.split(r"\s*\.\.\.\s*", want))
    return re.fullmatch(pattern, got, re.S) is not None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--verdict", required=True)
    ap.add_argument("--readme", default=None)
    args = ap.parse_args()
    root = pathlib.Path(__file__).resolve().parents[2]
    readme = pathlib.Path(args.readme) if args.readme else root / "README.md"
    found = examples(readme.read_text(encoding="utf-8"))
    failed = 0
    for line, command, expected in found:
        cmd = command.replace("build/verdict", args.verdict)
        run = subprocess.run(["bash", "-c", cmd], cwd=root, capture_output=True,
                             text=True, timeout=120)
        actual = run.stdout + run.stderr
        if not matches(expected, actual):
            failed += 1
            print(f"{readme}:{line}: the example's output differs\n$ {command}\n"
                  f"--- README shows\n" + "\n".join(expected) +
                  f"\n--- the command wrote (exit {run.returncode})\n{actual}")
    print(f"README examples: {len(found) - failed} of {len(found)} match")
    if not found:
        print("no example found: the README's format changed?")
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
