"""Verdict: business policies in YAML and CEL, decided exactly and explainably.

    import verdict
    pack = verdict.load("rules/bss")
    pack.evaluate("refund_approval", {"request_id": "r1", ...}, as_of="2026-11-23")
    pack.evaluate_many("customer_rank_tier", records_or_dataframe, as_of="2026-11-23")

Money comes back as decimal.Decimal, dates as datetime.date, datetimes as
naive datetime.datetime in the pack's zone. A loaded Pack is immutable and
safe to use from several threads; batches release the GIL.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import operator
import os
import sys
import warnings
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _verdict

_HERE = os.path.dirname(__file__)

__all__ = ["CalendarWarning", "Diagnostic", "Pack", "PolicyError", "RecordError", "load"]

AsOf = Union[str, _dt.date, None]


@dataclasses.dataclass(frozen=True)
class Diagnostic:
    """One problem found while loading a pack."""

    severity: str
    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: {self.severity}: {self.message}"


class PolicyError(Exception):
    """A pack did not load. `file`, `line`, `column` locate the first error;
    `diagnostics` lists every problem found."""

    def __init__(self, diagnostics: List[Diagnostic]) -> None:
        errors = [d for d in diagnostics if d.severity == "error"] or diagnostics
        first = errors[0] if errors else Diagnostic("error", "", 0, 0, "unknown error")
        super().__init__("\n".join(str(d) for d in errors))
        self.diagnostics: List[Diagnostic] = list(diagnostics)
        self.file: str = first.file
        self.line: int = first.line
        self.column: int = first.column


class RecordError(Exception):
    """A record was invalid (or could not be decided). `field` names the
    offending field (None when not about one field); `code` says why."""

    def __init__(self, code: str, message: str, field: Optional[str]) -> None:
        super().__init__(message)
        self.code: str = code
        self.field: Optional[str] = field


def _outside_stacklevel() -> int:
    """warnings.warn's stacklevel, from the function that calls this, of
    the first frame outside this package: a warning points at the user's
    line however deep inside the package it is given."""
    level, frame = 1, sys._getframe(1)
    while frame is not None and os.path.dirname(frame.f_code.co_filename) == _HERE:
        level, frame = level + 1, frame.f_back
    return level


class CalendarWarning(UserWarning):
    """An as-of date after the last year the pack's calendar lists holidays
    for: working days after that year count weekends only. Warned once per
    pack and date, as `verdict eval` warns on stderr. Also warned, once per
    pack, the first time records' working-day computations (add_workdays,
    is_workday) read days outside the calendar's years, whatever the as-of
    (a request of 2026-12-30 due two working days later)."""


def _threads(threads: Optional[int]) -> int:
    """How many threads to decide on: None is every core this process may
    run on (its CPU affinity), as `verdict eval` does by default (the same
    function answers both)."""
    if threads is None:
        return _verdict.cores_available()
    try:
        if isinstance(threads, bool):
            raise TypeError
        count = operator.index(threads)  # int, numpy integers
    except TypeError:
        raise TypeError(f"threads must be an int, not {type(threads).__name__}") from None
    if count < 1:
        raise ValueError(f"threads must be at least 1, not {count}")
    return count


def _as_of_text(as_of: AsOf) -> str:
    """The as-of date as the native module takes it: YYYY-MM-DD, or "" for
    None (today in the pack's zone). An empty string is refused, as
    `verdict eval --as-of ''` is: it would otherwise mean today silently."""
    if as_of is None:
        return ""
    if isinstance(as_of, _dt.datetime):
        raise TypeError("as_of is a date, not a datetime")
    if isinstance(as_of, _dt.date):
        return as_of.isoformat()
    if isinstance(as_of, str):
        if as_of == "":
            raise ValueError("as_of '' is an empty date: give YYYY-MM-DD, "
                             "or leave as_of out (None) for today")
        return as_of
    raise TypeError(f"as_of must be a str or datetime.date, not {type(as_of).__name__}")


def _record_dict(record: Any) -> Dict[str, Any]:
    if isinstance(record, Mapping):
        return dict(record)
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
    raise TypeError(f"a record is a dict or a dataclass instance, not {type(record).__name__}")


def _result(outputs: Optional[Dict[str, Any]], error: Optional[Tuple[str, str, Optional[str]]],
            trace: List[Dict[str, Any]], with_trace: bool) -> Dict[str, Any]:
    if error is not None:
        code, message, field = error
        out: Dict[str, Any] = {"error": {"code": code, "message": message, "field": field}}
    else:
        out = dict(outputs or {})
    # An invalid record has no trace (docs/errors.md), as in its JSON.
    if with_trace and error is None:
        out["trace"] = trace
    return out


class Pack:
    """A loaded policy pack. Create with verdict.load()."""

    def __init__(self, native: Any) -> None:
        self._native = native
        # As-of texts already checked against the calendar, and the
        # warnings given: each date is looked at and warned about once.
        self._checked: set[str] = set()
        self._warned: set[str] = set()
        # The pack's count of working-day computations outside its
        # calendar's years when last looked at, and whether that was warned.
        self._outside_seen = 0
        self._outside_warned = False

    def _note_outside(self, count: int) -> None:
        """Warns (CalendarWarning, once per pack) when the pack's count of
        working-day computations that read days outside its calendar's years
        has grown: by this call's records (or, with calls on several
        threads at once, another's)."""
        if count <= self._outside_seen:
            return
        grown, self._outside_seen = count - self._outside_seen, count
        if not self._outside_warned:
            self._outside_warned = True
            warnings.warn(self._native.outside_calendar_warning(grown), CalendarWarning,
                          stacklevel=_outside_stacklevel())

    def _as_of(self, as_of: AsOf) -> str:
        """The as-of date as the native module takes it (_as_of_text), after
        warning (CalendarWarning, once per pack and date) when it lies
        beyond the calendar. A date given is checked once (a single-record
        evaluate would otherwise pay a native call, an eighth of its time,
        on every call); "" (today) every time, as today moves."""
        text = _as_of_text(as_of)
        if text in self._checked:
            return text
        message = self._native.calendar_warning(text)
        if text:
            self._checked.add(text)
        if message is not None and message not in self._warned:
            self._warned.add(message)
            warnings.warn(message, CalendarWarning, stacklevel=_outside_stacklevel())
        return text

    @property
    def name(self) -> str:
        return str(self._native.name)

    @property
    def version(self) -> str:
        return str(self._native.version)

    @property
    def content_hash(self) -> str:
        return str(self._native.content_hash)

    @property
    def policies(self) -> List[str]:
        return list(self._native.policies)

    @property
    def warnings(self) -> List[str]:
        """What loading warned about (the pack loaded), as `verdict check`
        prints it: "file:line:col: warning: message", in file order."""
        return list(self._native.warnings)

    def policy_info(self, policy: str) -> Dict[str, Any]:
        """Fields, outputs and kind of one policy."""
        return dict(self._native.policy_info(policy))

    def evaluate(self, policy: str, record: Any, as_of: AsOf = None,
                 trace: bool = False) -> Dict[str, Any]:
        """Decides one record (a dict or a dataclass). Returns the outputs;
        raises RecordError for an invalid record, ValueError for an unknown
        or batch-only policy."""
        outputs, error, tr, outside = self._native.evaluate(policy, _record_dict(record),
                                                            self._as_of(as_of), trace)
        self._note_outside(outside)
        if error is not None:
            raise RecordError(*error)
        return _result(outputs, None, tr, trace)

    def evaluate_many(self, policy: str, records: Any, as_of: AsOf = None,
                      trace: bool = False) -> Any:
        """Decides a batch: a list of dicts/dataclasses (returns a list of
        dicts; an invalid record becomes {"error": {...}} in its place) or a
        pandas DataFrame (returns a DataFrame with one column per output and
        an `error` column, same index). With `trace`, a decided record's dict
        has "trace" (a DataFrame a `trace` column); an invalid record has no
        trace: no "trace" key, None in the column (as `evaluate_arrow`)."""
        if _is_dataframe(records):
            return self._evaluate_frame(policy, records, as_of, trace)
        if hasattr(records, "__arrow_c_stream__"):
            # Iterating a polars DataFrame or an Arrow table yields columns,
            # which would be refused one by one as records.
            raise TypeError(f"evaluate_many takes a list of dicts or dataclasses, or a pandas "
                            f"DataFrame; a {type(records).__name__} is Arrow data: use "
                            f"evaluate_arrow")
        # Plain dicts go to the native module as they are; anything else
        # (a Mapping, a dataclass) through _record_dict.
        rows = list(self._native.evaluate_records(policy, records, self._as_of(as_of), trace,
                                                  _record_dict))
        self._note_outside(self._native.outside_calendar())
        return rows

    def _evaluate_frame(self, policy: str, frame: Any, as_of: AsOf, trace: bool) -> Any:
        import pandas as pd  # only needed for DataFrames

        if not trace:
            via_arrow = _frame_via_arrow(self, policy, frame, as_of)
            if via_arrow is not None:
                return via_arrow

        declared = {f["name"] for f in self.policy_info(policy)["fields"]}
        columns: Dict[str, Any] = {}
        for name in frame.columns:
            # A strict pack refuses an undeclared column (ValueError naming
            # it); otherwise such columns are ignored, as record fields are.
            if name not in declared and not self._native.strict_fields:
                continue
            series = frame[name]
            if series.dtype.kind == "u" and len(series) and series.max() > _INT64_MAX:
                # Beyond int64: Python ints, which a buffer of int64 would wrap.
                columns[str(name)] = series.tolist()
            elif series.dtype.kind in "fiubM":
                columns[str(name)] = series.to_numpy()
            else:
                columns[str(name)] = series.tolist()
        try:
            outputs, errors, traces = self._native.evaluate_columns(
                policy, columns, len(frame), self._as_of(as_of), trace)
            self._note_outside(self._native.outside_calendar())
        except _verdict.FieldValueError:
            # A cell no field can hold (an int beyond the decimal range, an
            # object of no policy type): the rows as records instead, which
            # make it that row's error and decide the others.
            outputs, errors, traces = self._frame_columns_by_records(
                policy, frame, as_of, trace)
        # Int outputs that came as Python lists (the records route, or values
        # the native side kept as objects): with gaps, exact too. Only int
        # outputs are scanned, not every object column.
        for name, kind in self.policy_info(policy)["outputs"]:
            if kind.rstrip("?") == "int" and name in outputs:
                outputs[name] = _int_gaps_exact(pd, outputs[name])
        out = pd.DataFrame(outputs, index=frame.index)
        out["error"] = errors
        if trace:
            out["trace"] = traces
        return out

    def _frame_columns_by_records(self, policy: str, frame: Any, as_of: AsOf,
                                  trace: bool) -> Tuple[Dict[str, List[Any]], List[Any], List[Any]]:
        """evaluate_columns' (outputs, errors, traces) for `frame`, decided
        as a list of records."""
        records = [{str(k): v for k, v in row.items()}
                   for row in frame.to_dict("records")]
        rows = self.evaluate_many(policy, records, as_of, trace)
        names = [name for name, _ in self.policy_info(policy)["outputs"]]
        outputs = {name: [row.get(name) for row in rows] for name in names}
        return (outputs, [row.get("error") for row in rows],
                [row.get("trace") for row in rows] if trace else [])

    def evaluate_arrow(self, policy: str, data: Any, as_of: AsOf = None,
                       trace: bool = False, threads: Optional[int] = None) -> Any:
        """Decides Arrow data column by column and returns a pyarrow.Table:
        one column per output in the policy's order, then `error`
        (struct<code, message, field>, null where the record was decided),
        then `trace` (JSON text) when asked. `data` is a pyarrow.Table or
        RecordBatch, a pandas DataFrame, or anything with
        `__arrow_c_stream__` (a polars DataFrame). Cells are read through the
        Arrow C data interface, never as Python objects; a decimal128 money
        column is exact. Raises ValueError for a column whose type cannot
        hold its field (a floating point money column), and for an output
        chunk whose text column (such as a long `trace`) would pass 2 GiB,
        the most a utf8 column's 32-bit offsets address: pass smaller record
        batches, e.g. `pa.Table.from_batches(table.to_batches(max_chunksize=n))`.

        `threads`: how many threads decide a batch's rows (default: every
        core this process may use; a batch is split in shares of at least
        1,024 rows, each an output chunk). The result is the same for any
        number; table policies decided column by column use one."""
        import pyarrow as pa  # only needed here

        if isinstance(data, pa.RecordBatch):
            data = pa.Table.from_batches([data])
        elif _is_dataframe(data) and not hasattr(data, "__arrow_c_stream__"):
            data = pa.Table.from_pandas(data, preserve_index=False)
        if not hasattr(data, "__arrow_c_stream__"):
            raise TypeError("evaluate_arrow takes a pyarrow Table or RecordBatch, "
                            "a pandas DataFrame, or an object with __arrow_c_stream__; "
                            f"got {type(data).__name__}")
        capsule = self._native.evaluate_arrow(policy, data.__arrow_c_stream__(),
                                              self._as_of(as_of), trace,
                                              threads=_threads(threads))
        self._note_outside(self._native.outside_calendar())
        return pa.RecordBatchReader._import_from_c_capsule(capsule).read_all()

    def __repr__(self) -> str:
        return f"<verdict.Pack {self.name} {self.version} policies={self.policies}>"


# Output types whose Arrow columns convert to exactly the pandas columns
# evaluate_columns builds (int64, or Int64 with gaps; bool, or objects with
# None; str objects). Other outputs keep the evaluate_columns path.
_ARROW_FRAME_OUTPUTS = ("string", "bool", "int", "enum(")
_INT64_MAX = 2**63 - 1


def _frame_via_arrow(pack: "Pack", policy: str, frame: Any, as_of: AsOf) -> Any:
    """evaluate_many on a DataFrame through evaluate_arrow (whose columnar
    path decides table policies column at a time): the frame's declared
    columns as Arrow arrays, the result back as the same DataFrame
    evaluate_columns would give. None (the caller then takes that path) when
    pyarrow is missing, an output or a column has a type this route does not
    carry exactly or a cell pyarrow cannot convert, or the pack is strict and the frame has an undeclared
    column (evaluate_columns names it)."""
    try:
        import pyarrow as pa
    except ImportError:
        return None
    import pandas as pd

    info = pack.policy_info(policy)
    if info.get("batch") or not all(
            t.rstrip("?").startswith(_ARROW_FRAME_OUTPUTS) for _, t in info["outputs"]):
        return None
    declared = {f["name"]: f["type"] for f in info["fields"]}
    arrays, names = [], []
    for name in frame.columns:
        if name not in declared:
            if pack._native.strict_fields:
                return None
            continue
        column = _arrow_column(pa, frame[name], declared[name])
        if column is None:
            return None
        arrays.append(column)
        names.append(str(name))
    if not arrays:
        return None
    table = pa.Table.from_arrays(arrays, names=names)
    result = pack.evaluate_arrow(policy, table, as_of)
    def column(name: str) -> Any:
        values = result.column(name)
        if pa.types.is_int64(values.type) and values.null_count:
            # pandas' nullable Int64, as evaluate_columns gives: to_pandas()
            # alone would make it float64 with NaN, inexact beyond 2^53.
            return values.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
        return values.to_pandas()

    out = pd.DataFrame({name: column(name) for name, _ in info["outputs"]})
    out.index = frame.index
    out["error"] = result.column("error").to_pylist()
    return out


def _int_gaps_exact(pd: Any, values: Any) -> Any:
    """A list of output values as a DataFrame column: ints with gaps (None)
    as pandas' nullable Int64, which pandas would otherwise infer as float64
    with NaN (inexact beyond 2^53); anything else as it is."""
    if not isinstance(values, list) or None not in values:
        return values
    given = [v for v in values if v is not None]
    if given and all(type(v) is int for v in given):
        return pd.array(values, dtype="Int64")
    return values


def _arrow_column(pa: Any, series: Any, field_type: str) -> Any:
    """One DataFrame column as an Arrow array holding the same values
    evaluate_columns would read, or None. A float money column becomes
    decimal128(38, 4) only when every value is that decimal exactly as its
    shortest text (what evaluate_columns reads) says: below 1e11 and equal to
    its 4-place rounding."""
    import numpy as np

    money = field_type.startswith(("money", "decimal"))
    if hasattr(series.array, "__arrow_array__"):  # Arrow-backed already
        column = pa.array(series.array)
        t = column.type
        fits = ((pa.types.is_decimal128(t) or pa.types.is_int64(t)) if money
                else pa.types.is_int64(t) if field_type.startswith("int")
                else pa.types.is_boolean(t) if field_type.startswith("bool")
                else (pa.types.is_string(t) or pa.types.is_large_string(t))
                if field_type.startswith(("string", "enum(")) else False)
        return column if fits else None
    kind = series.dtype.kind
    if kind == "f" and money:
        values = series.to_numpy(dtype=np.float64)
        given = ~np.isnan(values)
        if not np.all(np.abs(values[given]) < 1e11):
            return None
        # m / 10^4 is the nearest double to the decimal m * 10^-4 (an exact
        # int64 over a power of ten, correctly rounded): equal to the value
        # means that decimal is the value's shortest text, below 1e11.
        mantissa = np.rint(np.where(given, values, 0.0) * 10_000).astype(np.int64)
        if not np.array_equal(mantissa[given] / 10_000, values[given]):
            return None
        words = np.stack([mantissa, mantissa >> 63], axis=1)
        validity = None
        if not given.all():
            validity = pa.py_buffer(np.packbits(given, bitorder="little").tobytes())
        return pa.Array.from_buffers(pa.decimal128(38, 4), len(values),
                                     [validity, pa.py_buffer(words.tobytes())])
    if kind in "iu" and (money or field_type.startswith("int")):
        if kind == "u" and len(series) and series.max() > _INT64_MAX:
            return None  # beyond int64: evaluate_columns reads Python ints
        return pa.array(series.to_numpy(dtype=np.int64))
    if kind == "b" and field_type.startswith("bool"):
        return pa.array(series.to_numpy())
    if kind == "O" and (money or field_type.startswith(("string", "enum("))):
        try:
            column = pa.array(series, from_pandas=True)
        except (pa.ArrowException,
                # Any cell pyarrow cannot convert: an int beyond 64 bits, a
                # lone surrogate, a Decimal infinity (a plain TypeError from
                # inside pyarrow). evaluate_columns makes each such cell its
                # record's error, never an exception for the frame.
                TypeError, ValueError, OverflowError):
            return None
        wanted = pa.types.is_decimal128 if money else pa.types.is_string
        return column if wanted(column.type) else None
    return None


def _is_dataframe(obj: Any) -> bool:
    return type(obj).__name__ == "DataFrame" and hasattr(obj, "columns") and hasattr(obj, "index")


def load(path: str, strict_fields: bool = False) -> Pack:
    """Loads and checks the pack folder at `path`. Raises PolicyError with
    every diagnostic when it does not load."""
    native, diags = _verdict.load(str(path), strict_fields)
    diagnostics = [Diagnostic(*d) for d in diags]
    if native is None:
        raise PolicyError(diagnostics)
    return Pack(native)
