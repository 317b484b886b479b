"""verdict.spark.decide at the edges of its input: a DataFrame that already
has a column the result adds (refused up front, never a crash in Spark), an
empty DataFrame without partitions (an empty result of the right schema,
for a batch policy too), a DataFrame with none of the declared fields (one
row per input row, each missing_field, as evaluate_arrow gives), and the
Spark types of `number` outputs (decimals that are not money)."""
import datetime
import decimal
import os
import pathlib
import shutil
import sys
import textwrap

import pytest

import verdict

os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)

from pyspark.sql import types as T  # noqa: E402

from verdict import spark as verdict_spark  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
D = decimal.Decimal
AS_OF = "2026-11-24"
TIER_SCHEMA = T.StructType([T.StructField("customer_id", T.StringType()),
                            T.StructField("arpu", T.DecimalType(38, 4))])
RANK_SCHEMA = T.StructType([T.StructField("customer_id", T.StringType()),
                            T.StructField("monthly_spend", T.DecimalType(38, 4))])


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory):
    dst = tmp_path_factory.mktemp("pack") / "bss"
    shutil.copytree(ROOT / "rules" / "bss", dst, ignore=shutil.ignore_patterns("tests"))
    return str(dst)


def error_of(row):
    e = row["error"]
    return None if e is None else (e["code"], e["message"], e["field"])


def test_a_column_the_result_adds_is_refused_up_front(spark, pack_dir):
    df = spark.createDataFrame([("a", D("70"))], TIER_SCHEMA)
    tiered = verdict_spark.decide(df, pack_dir, "customer_tier", as_of=AS_OF)
    # Chained: customer_tier's result already has `tier` and `error`.
    with pytest.raises(ValueError) as e:
        verdict_spark.decide(tiered, pack_dir, "retention_followup", as_of=AS_OF)
    assert str(e.value) == (
        "verdict.spark.decide: df already has the column(s) 'tier', 'error', which "
        "policy 'retention_followup' adds (its result is df's columns unchanged, then "
        "tier, actions, error); rename them first, e.g. "
        "df.withColumnRenamed('tier', 'previous_tier'), or drop them")
    # An input column named like `error` (Spark matches names without case by
    # default), or like `trace` when the trace is asked for.
    for column, trace in [("error", False), ("Error", False), ("trace", True)]:
        clash = df.withColumn(column, df["customer_id"])
        with pytest.raises(ValueError, match=f"already has the column\\(s\\) '{column}',"):
            verdict_spark.decide(clash, pack_dir, "customer_tier", as_of=AS_OF, trace=trace)
    # Renamed as told, the chain runs.
    renamed = (tiered.withColumnRenamed("tier", "previous_tier")
               .withColumnRenamed("error", "previous_error"))
    out = verdict_spark.decide(renamed.drop("archive_required", "visit_interval_months",
                                            "call_interval_months"),
                               pack_dir, "retention_followup", as_of=AS_OF)
    assert out.columns == ["customer_id", "arpu", "previous_tier", "previous_error",
                           "tier", "actions", "error"]
    [row] = out.collect()
    assert (row["previous_tier"], row["previous_error"]) == ("high", None)
    assert error_of(row) == ("missing_field", "required field 'monthly_spend' is missing",
                             "monthly_spend")


def test_an_empty_or_wrong_as_of_is_refused_up_front(spark, pack_dir):
    """as_of="" silently meant today on each executor; it is refused as
    verdict.load(...).evaluate refuses it (one reading of as_of)."""
    df = spark.createDataFrame([("a", D("70"))], TIER_SCHEMA)
    with pytest.raises(ValueError, match="as_of '' is an empty date"):
        verdict_spark.decide(df, pack_dir, "customer_tier", as_of="")
    with pytest.raises(TypeError, match="as_of is a date, not a datetime"):
        verdict_spark.decide(df, pack_dir, "customer_tier",
                             as_of=datetime.datetime(2026, 11, 24, 12, 0))


@pytest.mark.parametrize("policy", ["customer_rank_tier", "customer_tier"])
def test_an_empty_dataframe_without_partitions(spark, pack_dir, policy):
    schema = RANK_SCHEMA if policy == "customer_rank_tier" else TIER_SCHEMA
    df = spark.createDataFrame([("a", D("70")), ("b", D("20"))], schema)
    outputs = [name for name, _ in verdict.load(pack_dir).policy_info(policy)["outputs"]]
    # Spark plans these without a single partition (nothing to run pass one on).
    assert df.filter("false").rdd.getNumPartitions() == df.limit(0).rdd.getNumPartitions() == 0
    for empty in (df.filter("false"), df.limit(0), df.repartition(2).filter("false")):
        out = verdict_spark.decide(empty, pack_dir, policy, as_of=AS_OF)
        assert out.columns == schema.names + outputs + ["error"]
        assert out.collect() == []


@pytest.mark.parametrize("policy,fields", [
    ("customer_tier", ["customer_id", "arpu"]),
    ("customer_rank_tier", ["customer_id", "monthly_spend"])])
def test_a_dataframe_without_the_declared_fields(spark, pack_dir, policy, fields):
    # Verdict's field names match exactly: CUSTOMER_ID is not customer_id.
    df = spark.createDataFrame([("a", D("70")), ("b", D("20")), ("c", None)],
                               "CUSTOMER_ID string, ARPU decimal(38,4)").repartition(2)
    out = verdict_spark.decide(df, pack_dir, policy, as_of=AS_OF)
    outputs = [name for name, _ in verdict.load(pack_dir).policy_info(policy)["outputs"]]
    assert out.columns == ["CUSTOMER_ID", "ARPU"] + outputs + ["error"]
    rows = sorted(out.collect(), key=lambda r: r["CUSTOMER_ID"])
    assert [(r["CUSTOMER_ID"], r["ARPU"]) for r in rows] == [
        ("a", D("70")), ("b", D("20")), ("c", None)]
    missing = ("missing_field", f"required field '{fields[0]}' is missing", fields[0])
    assert [error_of(r) for r in rows] == [missing] * 3
    assert all(r[name] is None for r in rows for name in outputs)


def test_spark_types_of_decimals_that_are_not_money():
    types = {t: verdict_spark._spark_type(t) for t in [
        "number", "number?", "decimal", "money", "money?", "list(number)",
        "list(money)", "list(decimal)"]}
    assert types == {
        "number": T.DecimalType(38, 18), "number?": T.DecimalType(38, 18),
        "decimal": T.DecimalType(38, 18), "money": T.DecimalType(38, 4),
        "money?": T.DecimalType(38, 4), "list(number)": T.ArrayType(T.DecimalType(38, 18)),
        "list(money)": T.ArrayType(T.DecimalType(38, 4)),
        "list(decimal)": T.ArrayType(T.DecimalType(38, 18))}


def test_number_outputs_keep_their_places(spark, tmp_path):
    pack = tmp_path / "numbers"
    pack.mkdir()
    (pack / "pack.yaml").write_text('pack: numbers\nversion: 1.0.0\nzone: "+08:00"\n')
    (pack / "ratio.yaml").write_text(textwrap.dedent("""\
        policy: ratio
        record: r
        fields:
          x: number
        outputs:
          ratio: number
          ratios: list(number)
        decisions:
          - id: ratio
            rules:
              - id: eighth
                then: {ratio: "=r.x / 8", ratios: "=[r.x / 8, r.x]"}
        """))
    df = spark.createDataFrame([(1, D("1.23456"))], "id long, x decimal(38,18)")
    out = verdict_spark.decide(df, str(pack), "ratio", as_of=AS_OF)
    assert out.schema["ratio"].dataType == T.DecimalType(38, 18)
    assert out.schema["ratios"].dataType == T.ArrayType(T.DecimalType(38, 18))
    [row] = out.collect()
    assert (row["ratio"], row["ratios"], row["error"]) == (
        D("0.154320000000000000"), [D("0.154320000000000000"), D("1.234560000000000000")],
        None)
