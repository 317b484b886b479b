"""verdict.spark.decide on a local Spark session (local[2], several
partitions): the spec cases of every policy equal evaluate_many, the rank
tier under several partitionings and shuffles, df's columns kept, float
money refused on the driver."""
import datetime
import decimal
import json
import os
import pathlib
import random
import shutil
import sys

import pytest

import verdict

os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)

from pyspark.sql import types as T  # noqa: E402

from verdict import spark as verdict_spark  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "spec_cases"
D = decimal.Decimal
POLICIES = ["customer_tier", "customer_rank_tier", "retention_followup", "refund_approval",
            "number_grade"]


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory):
    dst = tmp_path_factory.mktemp("pack") / "bss"
    shutil.copytree(ROOT / "rules" / "bss", dst, ignore=shutil.ignore_patterns("tests"))
    shutil.copy(CASES / "calendar.yaml", dst / "calendar.yaml")
    return str(dst)


def spark_type(t):
    t = t.rstrip("?").split("=")[0].strip()
    if t.startswith("money"):
        return T.DecimalType(38, 4)
    if t.startswith("decimal") or t == "number":
        return T.DecimalType(38, 18)
    if t.startswith("list(") and t.endswith(")"):
        return T.ArrayType(spark_type(t[5:-1]))
    return {"int": T.LongType(), "bool": T.BooleanType(), "date": T.DateType(),
            "datetime": T.TimestampNTZType()}.get(t, T.StringType())


def cell(v, typ):
    """A case's JSON value as the typed Spark cell; TypeError when the case
    deliberately mistypes it (no typed column can hold it)."""
    if v is None:
        return None
    if isinstance(typ, (T.DateType, T.TimestampNTZType)):
        if not isinstance(v, str):
            raise TypeError
        if isinstance(typ, T.DateType):
            return datetime.date.fromisoformat(v)
        t = datetime.datetime.fromisoformat(v.replace("Z", "+00:00"))
        if t.tzinfo is not None:
            t = t.astimezone(datetime.timezone(datetime.timedelta(hours=8))).replace(tzinfo=None)
        return t
    if isinstance(typ, T.DecimalType):
        if isinstance(v, bool) or not isinstance(v, (int, D)):
            raise TypeError
        if -D(v).as_tuple().exponent > typ.scale:
            raise TypeError  # more places than the column keeps: Spark would round
        return D(v)
    if isinstance(typ, T.LongType):
        if isinstance(v, bool) or not isinstance(v, int):
            raise TypeError
        return v
    if isinstance(typ, T.BooleanType) and not isinstance(v, bool):
        raise TypeError
    if isinstance(typ, T.StringType) and not isinstance(v, str):
        raise TypeError
    if isinstance(typ, T.ArrayType):
        if not isinstance(v, list):
            raise TypeError
        return [cell(x, typ.elementType) for x in v]
    return v


def to_json(v):
    if isinstance(v, dict):
        return {k: to_json(x) for k, x in v.items()}
    if isinstance(v, list):
        return [to_json(x) for x in v]
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def normalize_many(d, outputs):
    if "error" in d:
        e = d["error"]
        return {"error": (e["code"], e["message"], e.get("field") or None)}
    return {k: to_json(d.get(k)) if t.strip().startswith("list") and "(" not in t else d.get(k)
            for k, t in outputs}


def normalize_row(row, outputs):
    if row["error"] is not None:
        e = row["error"]
        return {"error": (e["code"], e["message"], e["field"])}
    out = {}
    for k, t in outputs:
        v = row[k]
        if t.strip().startswith("list") and "(" not in t and v is not None:
            v = json.loads(v, parse_float=D)
        out[k] = v
    return out


@pytest.mark.parametrize("policy", POLICIES)
def test_spec_cases_equal_evaluate_many(spark, pack_dir, policy):
    pack = verdict.load(pack_dir)
    info = pack.policy_info(policy)
    schema = T.StructType([T.StructField("case_row", T.LongType())] + [
        T.StructField(f["name"], spark_type(f["type"]), True) for f in info["fields"]])
    with open(CASES / f"{policy}.jsonl", encoding="utf-8") as f:
        cases = [json.loads(line, parse_float=D) for line in f if line.strip()]
    # Cases by as-of date: all records of a date in one DataFrame (for the
    # rank tier one population, compared with evaluate_many over the same
    # records as one batch).
    groups = {}
    for case in cases:
        records = case["records"] if "records" in case else [case["record"]]
        try:
            rows = [[None] + [cell(r.get(fd["name"]), spark_type(fd["type"]))
                              for fd in info["fields"]] for r in records]
        except (TypeError, ValueError):
            continue  # a deliberately mistyped record, or an impossible date
        key = (case["as_of"], "")
        groups.setdefault(key, []).append((records, rows))
    compared = 0
    for (as_of, _), items in sorted(groups.items()):
        records = [r for recs, _ in items for r in recs]
        rows = [row for _, rws in items for row in rws]
        for i, row in enumerate(rows):
            row[0] = i
        df = spark.createDataFrame(spark.sparkContext.parallelize(rows, 4), schema)
        out = verdict_spark.decide(df, pack_dir, policy, as_of=as_of).collect()
        got = sorted(out, key=lambda r: r["case_row"])
        assert [r["case_row"] for r in got] == list(range(len(rows)))
        many = pack.evaluate_many(policy, records, as_of=as_of)
        assert [normalize_row(r, info["outputs"]) for r in got] == [
            normalize_many(m, info["outputs"]) for m in many], (policy, as_of)
        compared += len(rows)
    assert compared >= 0.8 * sum(len(c["records"]) if "records" in c else 1 for c in cases)


def rank_rows(n, seed):
    rng = random.Random(seed)
    return [(f"c{i}", D(rng.randrange(0, 5000)) / 100 if i % 50 else None) for i in range(n)]


@pytest.mark.parametrize("partitions,seed", [(1, 1), (4, 2), (7, 3)])
def test_rank_tier_under_partitionings_and_shuffles(spark, pack_dir, partitions, seed):
    rows = rank_rows(600, seed)
    pack = verdict.load(pack_dir)
    many = pack.evaluate_many("customer_rank_tier",
                              [{"customer_id": c, "monthly_spend": s} for c, s in rows],
                              as_of="2026-11-24")
    want = {c: normalize_many(m, pack.policy_info("customer_rank_tier")["outputs"])
            for (c, _), m in zip(rows, many)}
    schema = T.StructType([T.StructField("customer_id", T.StringType()),
                           T.StructField("monthly_spend", T.DecimalType(38, 4))])
    df = spark.createDataFrame(rows, schema)
    # a shuffle by a random key, then by the spend itself
    from pyspark.sql import functions as F
    shuffled = df.repartition(partitions, F.rand(seed)).sortWithinPartitions(F.rand(seed + 1))
    for frame in (shuffled, df.repartition(partitions, "monthly_spend")):
        assert frame.rdd.getNumPartitions() == partitions
        out = verdict_spark.decide(frame, pack_dir, "customer_rank_tier", as_of="2026-11-24")
        assert out.columns == ["customer_id", "monthly_spend", "tier", "share", "error"]
        got = {r["customer_id"]: normalize_row(r, pack.policy_info("customer_rank_tier")["outputs"])
               for r in out.collect()}
        assert got == want


def test_columns_kept_trace_and_float_money_refused(spark, pack_dir):
    schema = T.StructType([T.StructField("customer_id", T.StringType()),
                           T.StructField("arpu", T.DecimalType(38, 4)),
                           T.StructField("region", T.StringType())])
    df = spark.createDataFrame([("a", D("61"), "north"), ("b", None, "south")], schema)
    out = verdict_spark.decide(df.repartition(4), pack_dir, "customer_tier",
                               as_of=datetime.date(2026, 11, 24), trace=True)
    assert out.columns[:3] == ["customer_id", "arpu", "region"]
    assert out.columns[-2:] == ["error", "trace"]
    rows = {r["customer_id"]: r for r in out.collect()}
    assert rows["a"]["region"] == "north" and rows["a"]["tier"] == "high"
    assert json.loads(rows["a"]["trace"])[0]["decision"] == "tier"
    assert rows["b"]["error"]["code"] == "missing_field" and rows["b"]["tier"] is None
    floats = spark.createDataFrame([("a", 61.5)], "customer_id string, arpu double")
    # Refused on the driver, by decide() itself, before any action: a
    # ValueError naming the column, not an executor's PythonException.
    with pytest.raises(ValueError, match="column 'arpu' is floating point"):
        verdict_spark.decide(floats, pack_dir, "customer_tier", as_of="2026-11-24")
