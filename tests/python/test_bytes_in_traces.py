"""A bytes value in a trace: Python's own trace holds it as bytes, and the
Arrow `trace` column (JSON text, utf8) writes it as base64 ("/w=="), as
`verdict eval --trace` does, so the column is valid UTF-8. It held the raw
0xFF byte: pyarrow's validate(full=True) and to_pylist() refused it."""
import json

import pyarrow as pa

import verdict

POLICY = """policy: bytes_trace
record: r
fields:
  s: string
outputs:
  ok: bool
let:
  raw: b'\\xff'
decisions:
  - id: d
    rules:
      - id: one_byte
        when: size(raw) == 1
        then: {ok: true}
"""


def load(tmp_path):
    (tmp_path / "pack.yaml").write_text('pack: p5\nversion: 1.0.0\nzone: "+08:00"\n')
    (tmp_path / "bytes_trace.yaml").write_text(POLICY)
    return verdict.load(str(tmp_path))


def test_python_traces_keep_bytes_and_arrow_writes_base64(tmp_path):
    p = load(tmp_path)
    out = p.evaluate("bytes_trace", {"s": "x"}, trace=True)
    assert out["trace"][0]["values"] == {"raw": b"\xff"}
    assert p.evaluate_many("bytes_trace", [{"s": "x"}], trace=True)[0]["trace"] == out["trace"]

    t = p.evaluate_arrow("bytes_trace", pa.table({"s": ["x", "y"]}), trace=True)
    t.validate(full=True)
    for text in t.column("trace").to_pylist():
        assert json.loads(text)[0]["values"] == {"raw": "/w=="}
