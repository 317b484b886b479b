"""An output whose type is not optional (`b: bool`) holds a value in every
decided record: a matched rule that leaves it unset is the record's
evaluation_error on every Python path (a dict, many dicts, a DataFrame,
Arrow, whose whole-column path decides direct tables), as in the CLI. The
record was decided with `b` null, the type's promise broken."""

import pandas as pd
import pyarrow as pa
import pytest

import verdict

POLICY = """policy: p
record: r
fields:
  x: int
outputs:
  a: int
  b: bool
decisions:
  - id: d
    hit: first
    rules:
      - id: one
        when: r.x > 0
        then: {a: 1}
      - id: two
        when: r.x <= 0
        then: {a: 2, b: true}
"""
MESSAGE = ("output 'b' has no value, and its type 'bool' is not optional: no rule "
           "this record matched set it, or one set it to null (declare 'bool?' to "
           "allow null)")


def test_every_path_fails_the_record_a_rule_leaves_without_b(tmp_path):
    (tmp_path / "pack.yaml").write_text('pack: req\nversion: 1.0.0\nzone: "+08:00"\n')
    (tmp_path / "p.yaml").write_text(POLICY)
    pack = verdict.load(str(tmp_path))
    as_of = "2026-11-24"
    with pytest.raises(verdict.RecordError) as e:
        pack.evaluate("p", {"x": 1}, as_of=as_of)
    assert (e.value.code, str(e.value), e.value.field) == ("evaluation_error", MESSAGE, None)
    many = pack.evaluate_many("p", [{"x": 1}, {"x": 0}], as_of=as_of)
    assert many[0]["error"]["message"] == MESSAGE and many[1]["b"] is True
    df = pack.evaluate_many("p", pd.DataFrame({"x": [1, 0]}), as_of=as_of)
    assert df["error"].iloc[0]["message"] == MESSAGE
    assert df["error"].iloc[1] is None and bool(df["b"].iloc[1])
    rows = pack.evaluate_arrow("p", pa.table({"x": [1, 0]}), as_of=as_of).to_pylist()
    assert rows[0]["error"]["message"] == MESSAGE and rows[0]["b"] is None
    assert rows[1]["error"] is None and rows[1]["b"] is True and rows[1]["a"] == 2
