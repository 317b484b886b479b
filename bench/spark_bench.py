"""Spark local[2] throughput of verdict.spark.decide per policy, over N
customers generated inside Spark (spark.range: nothing on the driver), and
the same policy through evaluate_arrow on one core for the overhead. A
benchmark, not a test.

Usage: python bench/spark_bench.py [N] [policy ...]   (default 1,000,000; the
customer policies)
"""
import os
import pathlib
import sys
import time

os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

import pyarrow as pa  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402

import verdict  # noqa: E402
from verdict import spark as verdict_spark  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACK = str(ROOT / "rules" / "bss")


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    policies = sys.argv[2:] or ["customer_tier", "customer_rank_tier"]
    spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "8").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    money = lambda c: (F.col(c) % 1200000 / 10000).cast("decimal(38,4)")  # noqa: E731
    df = (spark.range(0, n, numPartitions=8)
          .withColumn("h", F.xxhash64("id"))
          .select(F.concat(F.lit("C"), F.col("id").cast("string")).alias("customer_id"),
                  money("h").alias("arpu"),
                  money("h").alias("monthly_spend"))
          .cache())
    df.count()
    table = pa.Table.from_batches(df._collect_as_arrow()) if n <= 2_000_000 else None
    pack = verdict.load(PACK)
    for policy in policies:
        t = time.perf_counter()
        verdict_spark.decide(df, PACK, policy, as_of="2026-11-24").write.format("noop").mode(
            "overwrite").save()
        spark_s = time.perf_counter() - t
        line = f"spark local[2] {policy}: {n} rows in {spark_s:.1f} s = {n / spark_s / 1e3:.0f} K rows/s"
        if table is not None:
            cols = table.select(["customer_id", "arpu" if policy == "customer_tier" else "monthly_spend"])
            c = time.process_time()
            pack.evaluate_arrow(policy, cols, as_of="2026-11-24")
            arrow_s = time.process_time() - c
            line += (f"; evaluate_arrow one core: {arrow_s:.2f} s CPU = {n / arrow_s / 1e6:.1f} M rows/s"
                     f" (Spark/Arrow time: {spark_s / arrow_s:.1f}x)")
        print(line, flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
