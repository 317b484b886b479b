"""The worked example examples/spark/monthly_run.py runs with one command
(here on 3,000 generated customers) and decides every customer of every
customer policy; its Parquet results are what it summarizes."""
import os
import pathlib
import re
import subprocess
import sys

import pyarrow.parquet as pq

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_monthly_run_decides_every_customer(tmp_path):
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    run = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "spark" / "monthly_run.py"),
         "--customers", "3000", "--out", str(tmp_path), "--partitions", "4"],
        capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr[-4000:]
    for policy in ("customer_tier", "customer_rank_tier", "retention_followup"):
        line = next(l for l in run.stdout.splitlines() if l.startswith(policy + " "))
        counts = [int(n) for n in re.findall(r": (\d+)", line.split(";")[0])]
        assert sum(counts) == 3000, line
        table = pq.read_table(tmp_path / f"{policy}.parquet")
        assert table.num_rows == 3000
        assert table.column("error").null_count == 3000  # every one decided
    for policy in ("refund_approval", "number_grade"):
        assert (tmp_path / f"{policy}.parquet").exists()
