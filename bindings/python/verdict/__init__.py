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
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _verdict

__all__ = ["Diagnostic", "Pack", "PolicyError", "RecordError", "load"]

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


def _as_of_text(as_of: AsOf) -> str:
    if as_of is None:
        return ""
    if isinstance(as_of, _dt.datetime):
        raise TypeError("as_of is a date, not a datetime")
    if isinstance(as_of, _dt.date):
        return as_of.isoformat()
    if isinstance(as_of, str):
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
    if with_trace:
        out["trace"] = trace
    return out


class Pack:
    """A loaded policy pack. Create with verdict.load()."""

    def __init__(self, native: Any) -> None:
        self._native = native

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

    def policy_info(self, policy: str) -> Dict[str, Any]:
        """Fields, outputs and kind of one policy."""
        return dict(self._native.policy_info(policy))

    def evaluate(self, policy: str, record: Any, as_of: AsOf = None,
                 trace: bool = False) -> Dict[str, Any]:
        """Decides one record (a dict or a dataclass). Returns the outputs;
        raises RecordError for an invalid record, ValueError for an unknown
        or batch-only policy."""
        outputs, error, tr = self._native.evaluate(policy, _record_dict(record),
                                                   _as_of_text(as_of), trace)
        if error is not None:
            raise RecordError(*error)
        return _result(outputs, None, tr, trace)

    def evaluate_many(self, policy: str, records: Any, as_of: AsOf = None,
                      trace: bool = False) -> Any:
        """Decides a batch: a list of dicts/dataclasses (returns a list of
        dicts; an invalid record becomes {"error": {...}} in its place) or a
        pandas DataFrame (returns a DataFrame with one column per output and
        an `error` column, same index)."""
        if _is_dataframe(records):
            return self._evaluate_frame(policy, records, as_of, trace)
        # Plain dicts go to the native module as they are; anything else
        # (a Mapping, a dataclass) through _record_dict.
        return list(self._native.evaluate_records(policy, records, _as_of_text(as_of), trace,
                                                  _record_dict))

    def _evaluate_frame(self, policy: str, frame: Any, as_of: AsOf, trace: bool) -> Any:
        import pandas as pd  # only needed for DataFrames

        declared = {f["name"] for f in self.policy_info(policy)["fields"]}
        columns: Dict[str, Any] = {}
        for name in frame.columns:
            # A strict pack refuses an undeclared column (ValueError naming
            # it); otherwise such columns are ignored, as record fields are.
            if name not in declared and not self._native.strict_fields:
                continue
            series = frame[name]
            if series.dtype.kind in "fiubM":
                columns[str(name)] = series.to_numpy()
            else:
                columns[str(name)] = series.tolist()
        outputs, errors, traces = self._native.evaluate_columns(
            policy, columns, len(frame), _as_of_text(as_of), trace)
        out = pd.DataFrame(outputs, index=frame.index)
        out["error"] = errors
        if trace:
            out["trace"] = traces
        return out

    def evaluate_arrow(self, policy: str, data: Any, as_of: AsOf = None,
                       trace: bool = False) -> Any:
        """Decides Arrow data column by column and returns a pyarrow.Table:
        one column per output in the policy's order, then `error`
        (struct<code, message, field>, null where the record was decided),
        then `trace` (JSON text) when asked. `data` is a pyarrow.Table or
        RecordBatch, a pandas DataFrame, or anything with
        `__arrow_c_stream__` (a polars DataFrame). Cells are read through the
        Arrow C data interface, never as Python objects; a decimal128 money
        column is exact. Raises ValueError for a column whose type cannot
        hold its field (a floating point money column)."""
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
                                              _as_of_text(as_of), trace)
        return pa.RecordBatchReader._import_from_c_capsule(capsule).read_all()

    def __repr__(self) -> str:
        return f"<verdict.Pack {self.name} {self.version} policies={self.policies}>"


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
