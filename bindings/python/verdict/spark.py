"""Verdict inside Spark: decide a DataFrame's rows with mapInArrow.

    from verdict import spark as verdict_spark
    out = verdict_spark.decide(df, "rules/bss", "customer_rank_tier", as_of="2026-11-24")

`out` has every column of `df` unchanged, then one column per output in the
policy's order, then `error` (struct<code, message, field>), then `trace`
(the JSON text of the matched rules) when `trace=True`. A `df` that already
has a column of one of those names (say `tier` and `error` from an earlier
decide) is refused with a ValueError before any job runs: rename or drop
those columns first.

The pack's files are read once on the driver and travel inside the job's
closure; each executor writes them to a private temporary folder (named by
the pack's content hash) and loads them once per Python worker. A batch
policy runs as two Spark stages: pass one builds each partition's aggregates
in C++ and merges them with treeAggregate (the records never reach the
driver; only the aggregates, for a percentile rank the sorted values, do),
pass two decides every partition with the merged aggregates, broadcast.
"""
import datetime
import hashlib
import os
import pathlib
import tempfile
from typing import Any, Dict, List, Optional, Union

import verdict

AsOf = Union[str, datetime.date, None]

_LOADED: Dict[str, Any] = {}  # per Python worker: content key -> Pack


def _pack_files(path: str) -> Dict[str, bytes]:
    root = pathlib.Path(path)
    files = {}
    for f in sorted(root.rglob("*")):
        rel = f.relative_to(root)
        if f.is_file() and "tests" not in rel.parts[:1]:
            files[str(rel)] = f.read_bytes()
    return files


def _files_key(files: Dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode() + b"\0" + files[name] + b"\0")
    return h.hexdigest()[:32]


def _materialize(files: Dict[str, bytes], key: str) -> Any:
    """The pack on this worker: written once to a temporary folder, loaded
    once per process."""
    pack = _LOADED.get(key)
    if pack is not None:
        return pack
    base = pathlib.Path(tempfile.gettempdir()) / f"verdict-pack-{os.getuid()}-{key}"
    if not (base / ".complete").exists():
        tmp = pathlib.Path(tempfile.mkdtemp(prefix="verdict-pack-"))
        for name, data in files.items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp / name).write_bytes(data)
        (tmp / ".complete").write_bytes(b"")
        try:
            os.rename(tmp, base)
        except OSError:  # another worker got there first
            pass
        if not (base / ".complete").exists():
            base = tmp
    pack = verdict.load(str(base))
    _LOADED[key] = pack
    return pack


_FINISHED: Dict[Any, Any] = {}  # per Python worker: merged aggregates, sorted once


def _finished(pack: Any, policy: str, merged: bytes) -> Any:
    """The broadcast aggregates made ready once per worker process, not once
    per Arrow batch (a percentile rank sorts every value)."""
    k = (id(pack), policy, id(merged))
    hit = _FINISHED.get(k)
    if hit is None or hit[0] is not merged:
        _FINISHED.clear()  # one run at a time keeps memory bounded
        hit = (merged, pack._native.finish_aggregates(policy, merged))
        _FINISHED[k] = hit
    return hit[1]


def _spark_type(t: str) -> Any:
    """The Spark type of a policy type's text (scale.md's table): money
    keeps 4 places, every other decimal (`decimal`, and `number`, the same
    type) 18, as evaluate_arrow's decimal128 columns do."""
    from pyspark.sql import types as T

    t = t.strip().split("=")[0].strip().rstrip("?").strip()
    if t.startswith("money"):
        return T.DecimalType(38, 4)
    if t.startswith("decimal") or t == "number":
        return T.DecimalType(38, 18)
    if t.startswith("list(") and t.endswith(")"):
        return T.ArrayType(_spark_type(t[5:-1]))
    return {"int": T.LongType(), "bool": T.BooleanType(), "date": T.DateType(),
            "datetime": T.TimestampNTZType(), "double": T.DoubleType()}.get(t, T.StringType())


def _refuse_clashes(df: Any, policy: str, added: List[str]) -> None:
    """Raises ValueError when df already has a column named like one the
    result adds. The result keeps df's columns unchanged, so it would hold
    two columns of one name: Spark cannot select either, and its Arrow
    reader fails at collect() with a Java error that names neither. Spark
    matches names without case unless spark.sql.caseSensitive is set."""
    case_sensitive = str(df.sparkSession.conf.get(
        "spark.sql.caseSensitive", "false")).lower() == "true"
    fold = (lambda name: name) if case_sensitive else (lambda name: name.lower())
    taken = {fold(name) for name in added}
    clashes = [c for c in df.columns if fold(c) in taken]
    if clashes:
        raise ValueError(
            f"verdict.spark.decide: df already has the column(s) "
            f"{', '.join(repr(c) for c in clashes)}, which policy '{policy}' adds "
            f"(its result is df's columns unchanged, then {', '.join(added)}); "
            f"rename them first, e.g. df.withColumnRenamed('{clashes[0]}', "
            f"'previous_{clashes[0]}'), or drop them")


def decide(df: Any, pack_path: str, policy: str, as_of: AsOf = None,
           trace: bool = False) -> Any:
    """Decides every row of the Spark DataFrame `df` with `policy` of the
    pack folder `pack_path` (read here, on the driver). Returns a DataFrame:
    df's columns, the outputs, `error` (and `trace`). Raises what
    verdict.load and Pack.evaluate_arrow raise, on the driver where it can
    (an unknown policy, a float money column), and ValueError when df
    already has a column named like an output, `error` or `trace` (when
    asked for): rename it first (df.withColumnRenamed)."""
    import pyarrow as pa
    from pyspark.sql import types as T

    files = _pack_files(pack_path)
    key = _files_key(files)
    pack = verdict.load(pack_path)
    info = pack.policy_info(policy)  # raises for an unknown policy
    _refuse_clashes(df, policy, [name for name, _ in info["outputs"]] + ["error"] +
                    (["trace"] if trace else []))
    # None: each executor takes today in the pack's zone (pass a date for a
    # run that may cross midnight).
    as_of_text = pack._as_of(as_of)  # warns here, on the driver
    fields = list(df.schema.fields)
    fields += [T.StructField(name, _spark_type(t), True) for name, t in info["outputs"]]
    fields.append(T.StructField("error", T.StructType([
        T.StructField("code", T.StringType(), True),
        T.StructField("message", T.StringType(), True),
        T.StructField("field", T.StringType(), True)]), True))
    if trace:
        fields.append(T.StructField("trace", T.StringType(), True))
    out_schema = T.StructType(fields)
    declared = {f["name"] for f in info["fields"]}
    strict = pack._native.strict_fields

    def read(name: str) -> bool:
        # Only the declared fields go to the engine (a strict pack refuses
        # the others, as evaluate_arrow does).
        return name in declared or strict

    # The columns' types checked now, on the driver, by the reader that
    # will read them: a float money column is refused here, not at the
    # first action, inside an executor's stack trace. (A type pyspark has
    # no Arrow type for fails there as it would in mapInArrow.)
    from pyspark.sql.pandas.types import to_arrow_schema
    try:
        arrow_schema = to_arrow_schema(T.StructType([f for f in df.schema.fields if read(f.name)]))
    except TypeError:
        pass
    else:
        pack._native.evaluate_arrow(
            policy, pa.Table.from_batches([], arrow_schema).__arrow_c_stream__(),
            as_of_text, False, None, 1)

    def record_columns(batch: Any) -> Any:
        # select() keeps the batch's length when no column is left: every
        # row is then missing its fields, one error each, not a batch of
        # no rows.
        return batch.select([n for n in batch.schema.names if read(n)])

    aggregates: Optional[Any] = None
    if info["batch"]:
        def pass_one(batches: Any) -> Any:
            p = _materialize(files, key)
            parts = [p._native.arrow_aggregates(
                policy, pa.Table.from_batches([record_columns(b)]).__arrow_c_stream__(), as_of_text)
                for b in batches]
            merged = p._native.merge_aggregates(policy, parts)
            yield pa.RecordBatch.from_arrays([pa.array([merged], pa.binary())], names=["state"])

        def merge(a: bytes, b: bytes) -> bytes:
            return bytes(_materialize(files, key)._native.merge_aggregates(policy, [a, b]))

        # Starting from no records' aggregates (merging them changes
        # nothing): a DataFrame Spark plans without partitions (filter
        # ("false"), limit(0)) has no state to reduce, and treeReduce raises.
        nothing = bytes(pack._native.merge_aggregates(policy, []))
        merged = (df.mapInArrow(pass_one, "state binary").rdd
                  .map(lambda row: bytes(row.state)).treeAggregate(nothing, merge, merge))
        aggregates = df.sparkSession.sparkContext.broadcast(merged)

    out_arrow = pa.schema([pa.field(f.name, _arrow_type(f.dataType), True)
                           for f in out_schema.fields[len(df.schema.fields):]])

    def pass_two(batches: Any) -> Any:
        p = _materialize(files, key)
        agg = None
        if aggregates is not None:
            agg = _finished(p, policy, aggregates.value)
        for b in batches:
            stream = pa.Table.from_batches([record_columns(b)]).__arrow_c_stream__()
            cap = p._native.evaluate_arrow(policy, stream, as_of_text, trace, agg)
            res = pa.RecordBatchReader._import_from_c_capsule(cap).read_all()
            res = res.combine_chunks() if res.num_rows else out_arrow.empty_table()
            cols = list(b.columns) + [res.column(i).combine_chunks() if res.num_rows
                                      else pa.array([], out_arrow.field(i).type)
                                      for i in range(res.num_columns)]
            yield pa.RecordBatch.from_arrays(cols, names=list(b.schema.names) + out_arrow.names)

    return df.mapInArrow(pass_two, out_schema)


def _arrow_type(t: Any) -> Any:
    import pyarrow as pa
    from pyspark.sql import types as T

    if isinstance(t, T.DecimalType):
        return pa.decimal128(t.precision, t.scale)
    if isinstance(t, T.ArrayType):
        return pa.list_(_arrow_type(t.elementType))
    if isinstance(t, T.StructType):
        return pa.struct([(f.name, _arrow_type(f.dataType)) for f in t.fields])
    return {T.LongType: pa.int64(), T.BooleanType: pa.bool_(), T.DateType: pa.date32(),
            T.TimestampNTZType: pa.timestamp("us"), T.DoubleType: pa.float64(),
            T.StringType: pa.string()}[type(t)]
