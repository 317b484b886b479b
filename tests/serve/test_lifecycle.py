"""Process life: SIGTERM drains the requests in flight and exits 0; the decision log keeps whole
lines even under kill -9; `verdict replay` re-decides the log (batches together)."""
import gzip
import json
import signal
import subprocess
import threading
import time

import pytest
import requests

from conftest import PACK, VERDICT, WAIT, decide, metrics_when


def batch(n, start=0):
    return b"".join(b'{"customer_id":"d%d","arpu":%d.5}\n' % (i, i % 90) for i in range(start, start + n))


def test_sigterm_answers_requests_in_flight(start_server):
    s = start_server(PACK, "--threads", 2)
    body = batch(300000)
    results = []
    lock = threading.Lock()

    def client():
        try:
            r = decide(s.url, "customer_tier", body, ndjson=True, params={"as_of": "2026-11-23"})
            with lock:
                results.append((r.status_code, r.content.count(b"\n")))
        except Exception as e:  # noqa: BLE001
            with lock:
                results.append(("error", repr(e)))

    threads = [threading.Thread(target=client) for _ in range(4)]
    for t in threads:
        t.start()
    # Wait until the server has read the four requests' headers: they are
    # then in flight (4, and the metrics request itself). An open connection
    # whose request has not arrived yet is not: SIGTERM may close it.
    # The polls share one kept-alive connection: the server is done with a
    # poll (no longer counts it in flight) before it reads the next one.
    with requests.Session() as polls:
        metrics_when(s.url, lambda m: "verdict_requests_in_flight 5\n" in m, session=polls)
    s.signal(signal.SIGTERM)
    for t in threads:
        t.join(WAIT)
    assert s.wait() == 0
    print("\nSIGTERM with %d requests in flight: %s" % (len(threads), results))
    assert results == [(200, 300000)] * 4
    assert "drained" in s.stderr_text()
    # no longer accepting
    with pytest.raises(requests.ConnectionError):
        requests.get(s.url + "/healthz", timeout=5)


def test_sigint_idle_exits_zero(start_server):
    s = start_server(PACK)
    conns = [s.connect() for _ in range(10)]  # idle keep-alive connections do not hold the drain
    s.signal(signal.SIGINT)
    assert s.wait() == 0
    for c in conns:
        c.close()


def read_log(path, allow_torn_tail=False):
    """The log's lines, parsed. A final fragment without a newline is what
    SIGKILL may leave (the kernel can stop a multi-page write(2) between
    pages; src/serve/decision_log.h): allowed only when asked for, and then
    returned as the second value."""
    lines = path.read_bytes().split(b"\n")
    entries = [json.loads(l) for l in lines[:-1]]
    if allow_torn_tail:
        return entries, lines[-1]
    assert lines[-1] == b"", "the log ends mid-line"
    return entries


def test_decision_log_whole_lines_under_kill_9(start_server, tmp_path):
    log = tmp_path / "decisions.jsonl"
    s = start_server(PACK, "--decision-log", log, "--no-access-log")
    stop = threading.Event()
    sent = {"n": 0}

    def client(k):
        sess = requests.Session()
        i = 0
        while not stop.is_set():
            try:
                if i % 3 == 0:
                    decide(s.url, "customer_rank_tier", batch(50, i), ndjson=True, session=sess)
                elif i % 3 == 1:
                    decide(s.url, "customer_tier", batch(500, i), ndjson=True, session=sess,
                           headers={"X-Request-Id": "load-%d-%d" % (k, i)})
                else:
                    decide(s.url, "customer_tier", {"customer_id": "one", "arpu": i % 100}, session=sess)
            except requests.RequestException:
                pass  # the kill interrupts whatever is in flight
            i += 1
            sent["n"] += 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline and (not log.exists() or log.stat().st_size < 3_000_000):
        time.sleep(0.01)
    s.proc.kill()  # SIGKILL, mid-load
    s.proc.wait(WAIT)
    stop.set()
    for t in threads:
        t.join(WAIT)
    entries, torn = read_log(log, allow_torn_tail=True)  # every line parses
    print("\nkill -9 mid-load: %d log lines, all parsed; a torn tail of %d bytes"
          % (len(entries), len(torn)))
    assert len(entries) > 1000
    for e in entries:
        assert {"time", "request_id", "policy", "as_of", "pack", "trace", "decision"} <= set(e)
        assert "record" in e or "record_text" in e or "record_base64" in e
        assert set(e["pack"]) == {"name", "version", "content_hash"}
    # batch requests are logged whole: every batch id has all its records
    batches = {}
    for e in entries:
        if "batch" in e:
            batches.setdefault(e["batch"]["id"], []).append(e["batch"])
    assert batches
    # the write the kill cut was the last one: only its batch may lack records
    # (torn mid-line, or cut at a page boundary that fell just after a line)
    cut = entries[-1].get("batch", {}).get("id")
    for bid, marks in batches.items():
        if bid != cut:
            assert sorted(m["index"] for m in marks) == list(range(marks[0]["size"]))
    assert any(e["request_id"].startswith("load-") for e in entries)
    # a server started again on the same log drops the fragment before appending
    again = start_server(PACK, "--decision-log", log, "--no-access-log")
    assert decide(again.url, "customer_tier", {"customer_id": "after", "arpu": 1}).status_code == 200
    again.signal(signal.SIGTERM)
    assert again.wait() == 0
    after = read_log(log)
    assert after[:-1] == entries
    assert after[-1]["record"]["customer_id"] == "after"


def run_replay(log, pack):
    return subprocess.run([VERDICT, "replay", str(log), str(pack)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=300)


def test_replay_ignores_a_torn_tail(start_server, tmp_path):
    log = tmp_path / "decisions.jsonl"
    s = start_server(PACK, "--decision-log", log)
    assert decide(s.url, "customer_tier", {"customer_id": "c", "arpu": 70}).status_code == 200
    s.signal(signal.SIGTERM)
    assert s.wait() == 0
    whole = log.read_bytes()
    log.write_bytes(whole + whole[: len(whole) // 2])  # what SIGKILL mid-write may leave
    r = run_replay(log, PACK)
    assert r.returncode == 0, r.stderr.decode()
    assert b":2: ignored: the log ends mid-line" in r.stderr
    assert b"1 records, 0 differ" in r.stderr


def test_replay_same_pack_and_changed_rule(start_server, tmp_path, pack_copy):
    log = tmp_path / "decisions.jsonl"
    s = start_server(pack_copy, "--decision-log", log)
    arpus = [10, 35, 55, 58, 59.99, 60, 75, 120]
    for a in arpus:
        assert decide(s.url, "customer_tier", {"customer_id": "c", "arpu": a},
                      params={"as_of": "2026-11-23"}).status_code == 200
    decide(s.url, "customer_tier", {"customer_id": "c"})  # an invalid record is logged too
    decide(s.url, "customer_tier", b'{"customer_id": "\xff"}\nnot json\n', ndjson=True)
    ranked = batch(40)
    r = decide(s.url, "customer_rank_tier", ranked, ndjson=True, params={"as_of": "2026-11-23", "trace": "true"})
    assert r.status_code == 200
    s.signal(signal.SIGTERM)
    assert s.wait() == 0
    entries = read_log(log)
    assert len(entries) == len(arpus) + 1 + 2 + 40
    assert any("record_base64" in e for e in entries) and any("record_text" in e for e in entries)
    # the logged decision is what the response said
    assert [json.dumps(e["decision"], separators=(",", ":")) for e in entries[-40:]] == \
        r.content.decode().splitlines() or all("trace" in e["decision"] for e in entries[-40:])
    same = run_replay(log, pack_copy)
    assert same.returncode == 0, same.stdout.decode() + same.stderr.decode()
    assert same.stdout == b""
    assert b"%d records, 0 differ" % len(entries) in same.stderr
    # a rule change: the high threshold moves from 60 to 58
    tier = pack_copy / "customer_tier.yaml"
    tier.write_text(tier.read_text().replace('">= 60"', '">= 58"').replace('"[30..60)"', '"[30..58)"'))
    changed = run_replay(log, pack_copy)
    assert changed.returncode == 2, changed.stderr
    diffs = [json.loads(l) for l in changed.stdout.splitlines()]
    assert sorted(d["logged"]["tier"] for d in diffs if d["policy"] == "customer_tier") == ["mid", "mid"]
    assert all(d["replayed"]["tier"] == "high" for d in diffs if d["policy"] == "customer_tier")
    assert {"line", "request_id", "policy", "as_of", "logged", "replayed"} <= set(diffs[0])
    # A rotated, gzip-compressed log replays the same; one cut short is
    # replayed up to the cut, then reported with status 1.
    packed = tmp_path / "decisions.jsonl.1.gz"
    packed.write_bytes(gzip.compress(log.read_bytes()))
    zipped = run_replay(packed, pack_copy)
    assert (zipped.returncode, zipped.stdout) == (2, changed.stdout)
    assert b"%d records, %d differ" % (len(entries), len(diffs)) in zipped.stderr
    cut = tmp_path / "decisions.jsonl.2.gz"
    cut.write_bytes(packed.read_bytes()[: len(packed.read_bytes()) * 2 // 3])
    short = run_replay(cut, pack_copy)
    assert short.returncode == 1
    assert b"is cut short: the compressed data ends early" in short.stderr
    assert short.stdout and changed.stdout.startswith(short.stdout.rsplit(b"\n", 2)[0])


def test_replay_refuses_what_it_cannot_read_and_glued_lines(start_server, tmp_path):
    """A directory (or any read error) is no empty log: replay fails, exit 1, instead of
    '0 records, 0 differ'. A line holding two glued JSON objects is not a log line: the second
    record (whose logged decision may differ) is not dropped unseen."""
    r = run_replay(tmp_path, PACK)
    assert r.returncode == 1, r.stderr
    assert b"cannot read" in r.stderr and b"Is a directory" in r.stderr, r.stderr
    log = tmp_path / "decisions.jsonl"
    s = start_server(PACK, "--decision-log", log)
    for arpu in (70, 1):
        assert decide(s.url, "customer_tier", {"customer_id": "c", "arpu": arpu},
                      params={"as_of": "2026-11-24"}).status_code == 200
    s.signal(signal.SIGTERM)
    assert s.wait() == 0
    first, second = log.read_bytes().splitlines()
    glued = tmp_path / "glued.jsonl"
    glued.write_bytes(first + second + b"\n" + first + b"}\n")
    r = run_replay(glued, PACK)
    assert r.returncode == 1, r.stderr
    assert b"glued.jsonl:1: not a decision-log line" in r.stderr
    assert b"glued.jsonl:2: not a decision-log line" in r.stderr


def test_replay_decides_as_the_server_did_strict_and_a_later_bom(start_server, tmp_path):
    """A log written by `serve --strict` says so (strict: true) and replays clean without
    --strict; a later NDJSON line that begins with a byte order mark was invalid_json for the
    server (a mark is dropped only at the start of a body), and is for replay too."""
    log = tmp_path / "decisions.jsonl"
    s = start_server(PACK, "--strict", "--decision-log", log)
    r = decide(s.url, "customer_tier", {"customer_id": "c", "arpu": 72.5, "extra": 1},
               params={"as_of": "2026-11-24"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "unknown_field"
    body = b'{"customer_id":"a","arpu":1}\n\xef\xbb\xbf{"customer_id":"b","arpu":70}\n'
    r = decide(s.url, "customer_tier", body, ndjson=True, params={"as_of": "2026-11-24"})
    assert r.status_code == 200
    assert json.loads(r.content.splitlines()[1])["error"]["code"] == "invalid_json"
    s.signal(signal.SIGTERM)
    assert s.wait() == 0
    entries = read_log(log)
    assert len(entries) == 3 and all(e.get("strict") is True for e in entries)
    same = run_replay(log, PACK)
    assert same.returncode == 0, same.stdout.decode() + same.stderr.decode()
    assert b"3 records, 0 differ" in same.stderr


def test_replay_of_a_streamed_record_over_the_limit(start_server, tmp_path):
    """A streamed NDJSON line over the record limit (1 MiB) is decided from its
    head (record-too-long naming its whole length) and logged as that head with
    "record_bytes": replay decides it as that long line again. It logged the
    head alone, which replay called a record of 1048577 bytes: a false diff."""
    log = tmp_path / "decisions.jsonl"
    s = start_server(PACK, "--decision-log", log, "--stream-threshold", "0")
    big = b'{"customer_id":"' + b"x" * (1200 * 1024) + b'","arpu":70}'
    body = b'{"customer_id":"a","arpu":70}\n' + big + b'\n{"customer_id":"b","arpu":1}\n'
    r = decide(s.url, "customer_tier", body, ndjson=True, params={"as_of": "2026-11-24"})
    assert r.status_code == 200
    error = json.loads(r.content.splitlines()[1])["error"]
    assert error["message"] == "the record is %d bytes long (limit 1048576)" % len(big), error
    s.signal(signal.SIGTERM)
    assert s.wait() == 0
    entries = read_log(log)
    assert len(entries) == 3 and entries[1]["record_bytes"] == len(big)
    assert "record_bytes" not in entries[0] and "record_bytes" not in entries[2]
    same = run_replay(log, PACK)
    assert same.returncode == 0, same.stdout.decode() + same.stderr.decode()
    assert b"3 records, 0 differ" in same.stderr
    # replay refuses a record_bytes that is not a positive whole number longer
    # than the record logged with it, whose head is never empty (an empty one
    # was replayed as "unknown_policy")
    line = json.loads(log.read_bytes().splitlines()[1])
    for bytes_, text in ((0, None), (5, None), (len(big), ""), ("x", None)):
        bad = tmp_path / "bad.jsonl"
        edited = dict(line, record_bytes=bytes_)
        if text is not None:
            edited["record_text"] = text
        bad.write_text(json.dumps(edited) + "\n")
        refused = run_replay(bad, PACK)
        assert refused.returncode == 1, (bytes_, text, refused.stdout, refused.stderr)
        assert b"not a decision-log line" in refused.stderr, refused.stderr


def test_replay_of_a_log_written_again_with_spaces(start_server, tmp_path):
    """A log that a tool wrote again (Python's json.dumps puts spaces after ':'
    and ',') replays without differences: the logged decision is compared in
    its compact form. Every line differed; a string's own spaces still count."""
    log = tmp_path / "decisions.jsonl"
    s = start_server(PACK, "--decision-log", log)
    for body in ({"customer_id": "a b", "arpu": 70}, {"customer_id": "c"}):
        decide(s.url, "customer_tier", body, params={"as_of": "2026-11-24"})
    s.signal(signal.SIGTERM)
    assert s.wait() == 0
    spaced = tmp_path / "spaced.jsonl"
    spaced.write_text("".join(json.dumps(e) + "\n" for e in read_log(log)))
    assert b'": ' in spaced.read_bytes()
    same = run_replay(spaced, PACK)
    assert same.returncode == 0, same.stdout.decode() + same.stderr.decode()
    assert b"2 records, 0 differ" in same.stderr
    # a changed answer still differs
    entries = read_log(log)
    entries[0]["decision"]["tier"] = "mass"
    spaced.write_text("".join(json.dumps(e) + "\n" for e in entries))
    changed = run_replay(spaced, PACK)
    assert changed.returncode == 2 and b"2 records, 1 differ" in changed.stderr, changed.stderr
