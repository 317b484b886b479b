"""The tour notebook runs headless, and the type stubs match the runtime."""
import importlib
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_tour_notebook_runs():
    nbformat = importlib.import_module("nbformat")
    nbclient = importlib.import_module("nbclient")
    nb = nbformat.read(ROOT / "examples" / "python" / "tour.ipynb", as_version=4)
    os.environ["VERDICT_ROOT"] = str(ROOT)
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT / "examples" / "python")}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "") for o in outputs)
    assert "city_branch" in text and "high" in text


def test_stubs_match_the_native_module():
    importlib.import_module("mypy")
    r = subprocess.run([sys.executable, "-m", "mypy.stubtest", "verdict._verdict", "--allowlist",
                        str(ROOT / "tests" / "python" / "stubtest_allowlist.txt")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_package_type_checks():
    importlib.import_module("mypy")
    r = subprocess.run([sys.executable, "-m", "mypy", "--strict", "-c",
                        "import verdict\np = verdict.load('x')\n"
                        "from typing import Any, Dict\nout: Dict[str, Any] = p.evaluate('customer_tier', {}, as_of='2026-01-01')\n"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
