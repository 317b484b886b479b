"""A bytes value in a trace (a let `raw: b'\\xff'` that a condition reads) is
written as base64 text ("/w=="), as CEL's JSON mapping writes bytes and as
`verdict expr` does ({"bytes_b64": ...}): `verdict eval --trace`, a traced
answer of the service and its decision log are valid UTF-8 JSON, and
`verdict replay` re-decides the logged record. They held the raw 0xFF byte:
invalid UTF-8, and replay called the log line unreadable."""
import json
import signal
import subprocess

from conftest import VERDICT, decide, eval_cli

POLICY = """policy: bytes_trace
record: r
fields:
  s: string
outputs:
  ok: bool
let:
  raw: b'\\xff'
  mixed: b'a\\x00\\xfe\\xffz'
decisions:
  - id: d
    rules:
      - id: one_byte
        when: size(raw) == 1 && size(mixed) == 5
        then: {ok: true}
"""
WANT = {"raw": "/w==", "mixed": "YQD+/3o="}


def write_pack(tmp_path):
    pack = tmp_path / "p5"
    pack.mkdir()
    (pack / "pack.yaml").write_text('pack: p5\nversion: 1.0.0\nzone: "+08:00"\n')
    (pack / "bytes_trace.yaml").write_text(POLICY)
    return pack


def traced_values(answer):
    """The trace's values of one decision, from JSON that must be UTF-8."""
    decision = json.loads(answer.decode("utf-8"))
    assert decision["ok"] is True
    [entry] = decision["trace"]
    return entry["values"]


def test_eval_writes_bytes_in_a_trace_as_base64(tmp_path):
    out = eval_cli(write_pack(tmp_path), "bytes_trace", b'{"s":"x"}\n', trace=True)
    assert traced_values(out) == WANT


def test_the_service_answers_and_logs_base64_and_replay_reads_it(start_server, tmp_path):
    pack = write_pack(tmp_path)
    log = tmp_path / "decisions.jsonl"
    s = start_server(pack, "--decision-log", log)
    r = decide(s.url, "bytes_trace", {"s": "x"}, params={"trace": "true"})
    assert r.status_code == 200, r.content
    assert traced_values(r.content) == WANT
    s.signal(signal.SIGTERM)
    assert s.wait() == 0
    [line] = log.read_bytes().decode("utf-8").splitlines()
    assert json.loads(line)["decision"]["trace"][0]["values"] == WANT
    replay = subprocess.run([VERDICT, "replay", str(log), str(pack)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, timeout=300)
    assert replay.returncode == 0, replay.stderr.decode()
    assert b"1 records, 0 differ" in replay.stderr, replay.stderr.decode()
