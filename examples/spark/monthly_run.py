#!/usr/bin/env python3
"""The monthly BSS run on Spark: customers in Parquet -> the five policies ->
Parquet results and a summary.

    python examples/spark/monthly_run.py                      # 1,000,000 generated customers, local[2]
    python examples/spark/monthly_run.py --customers 20000    # a quick try
    spark-submit examples/spark/monthly_run.py --master-from-submit \
        --input hdfs:///bss/customers.parquet --out hdfs:///bss/decided --pack rules/bss

Without --input it first writes a Parquet file of generated customers (a
fixed seed) to OUT/customers.parquet. Customers are decided by
customer_tier, customer_rank_tier (a batch policy: two Spark stages, the
population's aggregates merged across partitions) and retention_followup;
the shipped sample refund and number requests (examples/data) by
refund_approval and number_grade. Each policy's result goes to
OUT/<policy>.parquet; the summary is printed. The pack folder is read on the
driver and travels with the job: executors need no shared path.
"""
import argparse
import datetime
import os
import sys

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
AS_OF = datetime.date(2026, 11, 24)


def generate_customers(n: int, path: str, seed: int = 20261124) -> None:
    """n customers with exact money (decimal128(38, 4)) and optional dates."""
    rng = np.random.default_rng(seed)
    cents = lambda lo, hi: rng.integers(lo * 100, hi * 100, n)  # noqa: E731

    def money(c):
        """Cents as decimal128(38, 4), built from the integers: exact. Each
        value is 16 little-endian bytes, two's complement, in 10^-4 units."""
        units = np.asarray(c, dtype=np.int64) * 100
        words = np.stack([units, np.where(units < 0, -1, 0)], axis=1)
        return pa.Array.from_buffers(pa.decimal128(38, 4), len(units),
                                     [None, pa.py_buffer(words.tobytes())])

    last = cents(10, 300)
    move = rng.choice([1.0, 1.0, 0.95, 1.1, 0.6, 1.5, 0.7], n)
    as_of_days = (AS_OF - datetime.date(1970, 1, 1)).days

    def optional_dates(share, lo, hi):
        days = as_of_days + rng.integers(lo, hi, n)
        mask = rng.random(n) >= share  # True: null
        return pa.array(days.astype(np.int32), pa.date32(), mask=mask)

    table = pa.table({
        "customer_id": pa.array([f"C{i:08d}" for i in range(n)]),
        "arpu": money(cents(5, 80)),
        "monthly_spend": money(np.round(last * move).astype(np.int64)),
        "last_month_spend": money(last),
        "last_visit_date": optional_dates(0.6, -120, 1),
        "last_call_date": optional_dates(0.6, -60, 1),
        "package_expiry_date": optional_dates(0.35, -60, 60),
        "package_renewed": pa.array(rng.random(n) < 0.3),
    })
    pq.write_table(table, path)


def money_as_decimal(df, columns):
    """Sample JSON numbers arrive as doubles: cast money to decimal(38, 4)
    (a float money column is refused by Verdict: it is not exact)."""
    from pyspark.sql import functions as F
    for c in columns:
        if c in df.columns:
            df = df.withColumn(c, F.col(c).cast("decimal(38,4)"))
    return df


def summary(name, df, column):
    rows = df.groupBy(column).count().orderBy(column).collect()  # a few groups
    invalid = df.filter(df.error.isNotNull()).count()
    parts = ", ".join(f"{r[column]}: {r['count']}" for r in rows)
    print(f"{name:20s} by {column}: {parts}; invalid: {invalid}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--input", help="Parquet of customers (default: generate one)")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "monthly_run"))
    ap.add_argument("--pack", default=os.path.join(ROOT, "rules", "bss"))
    ap.add_argument("--as-of", default=AS_OF.isoformat())
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--master-from-submit", action="store_true",
                    help="use the master spark-submit gives (on a cluster)")
    args = ap.parse_args()

    from pyspark.sql import SparkSession
    from verdict import spark as verdict_spark

    builder = SparkSession.builder.appName("verdict-monthly-run")
    if not args.master_from_submit:
        # Local workers run this same Python (with pyarrow and verdict).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.master("local[2]").config("spark.sql.shuffle.partitions", "4")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")

    os.makedirs(args.out, exist_ok=True)
    source = args.input
    if source is None:
        source = os.path.join(args.out, "customers.parquet")
        print(f"generating {args.customers:,} customers -> {source}")
        generate_customers(args.customers, source)
    customers = spark.read.parquet(source).repartition(args.partitions)

    started = datetime.datetime.now()
    results = {}
    for policy in ("customer_tier", "customer_rank_tier", "retention_followup"):
        out = verdict_spark.decide(customers, args.pack, policy, as_of=args.as_of)
        out.write.mode("overwrite").parquet(os.path.join(args.out, f"{policy}.parquet"))
        results[policy] = spark.read.parquet(os.path.join(args.out, f"{policy}.parquet"))
    data = os.path.join(ROOT, "examples", "data")
    refunds = money_as_decimal(spark.read.json(os.path.join(data, "refund_requests.jsonl")),
                               ["amount", "month_to_date_refunded"])
    numbers = money_as_decimal(spark.read.json(os.path.join(data, "number_requests.jsonl")),
                               ["prepay", "prepay_waiver", "monthly_commitment", "group_revenue"])
    for policy, df in (("refund_approval", refunds), ("number_grade", numbers)):
        out = verdict_spark.decide(df, args.pack, policy, as_of=args.as_of)
        out.write.mode("overwrite").parquet(os.path.join(args.out, f"{policy}.parquet"))
        results[policy] = spark.read.parquet(os.path.join(args.out, f"{policy}.parquet"))
    seconds = (datetime.datetime.now() - started).total_seconds()

    print(f"\nmonthly run as of {args.as_of}: results in {args.out}")
    summary("customer_tier", results["customer_tier"], "tier")
    summary("customer_rank_tier", results["customer_rank_tier"], "tier")
    summary("retention_followup", results["retention_followup"], "tier")
    summary("refund_approval", results["refund_approval"], "status")
    summary("number_grade", results["number_grade"], "grade")
    print(f"decided in {seconds:.1f} s (Spark, {args.partitions} partitions)")
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
