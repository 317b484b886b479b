"""The decision log holds only the decisions whose answer was written to the client (the
contract: "nothing is logged for a record that got no answer"), and /metrics and the access
log tell the same story: a client that goes away mid-answer leaves in the log, and in
verdict_decisions_total, exactly the records whose answer lines the server wrote, and the
access log names the request with the bytes written."""
import json
import re
import socket
import struct
import time

import requests

from conftest import PACK, WAIT, decide, eval_cli, metrics_when

STREAM_HEAD = (b"POST /v1/policies/customer_tier/decide?as_of=2026-11-23 HTTP/1.1\r\nHost: x\r\n"
               b"Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n")


def rec(i):
    return b'{"customer_id":"w%d","arpu":%d.%02d}\n' % (i, i % 100, i % 97)


def small_window_socket(server):
    """A client whose receive window is tiny, so that the server's answer backs up."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connect: the window
    s.settimeout(WAIT)
    s.connect((server.host, server.port))
    return s


def abort(sock):
    """Goes away at once, unread data and all (RST, not FIN)."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def decisions_counted(server, policy):
    text = requests.get(server.url + "/metrics", timeout=WAIT).text
    return sum(int(n) for n in re.findall(
        r'^verdict_decisions_total\{policy="%s",outcome="[^"]*"\} (\d+)$' % policy, text, re.M))


def access_line(server, request_id):
    """The access log's line of `request_id`, once written (None after WAIT)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        for e in server.access_log():
            if e.get("request_id") == request_id:
                return e
        time.sleep(0.05)
    return None


def logged(path, request_id):
    if not path.exists():
        return []
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b""
    return [e for e in map(json.loads, lines[:-1]) if e["request_id"] == request_id]


def test_stream_cut_short_logs_only_what_was_written(start_server, tmp_path):
    log = tmp_path / "decisions.jsonl"
    # Answers waiting to be written are capped at --max-body-bytes: past that the server
    # stops reading, so a client that does not read stalls its own upload.
    s = start_server(PACK, "--decision-log", log, "--stream-threshold", 4096,
                     "--max-body-bytes", 1 << 20)
    sock = small_window_socket(s)
    sent = []
    try:
        sock.sendall(STREAM_HEAD + b"X-Request-Id: cut-stream\r\n\r\n")
        sock.settimeout(3)  # a send that waits this long: the server stopped reading
        i = 0
        while i < 4_000_000:  # bounded; the stall comes after some 10^5 records
            piece = b"".join(rec(k) for k in range(i, i + 500))
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            except socket.timeout:
                break
            sent.append(piece)
            i += 500
    finally:
        abort(sock)
    entry = access_line(s, "cut-stream")
    assert entry is not None, "no access log line for a request that got a 200 header"
    assert entry["status"] == 200
    entries = logged(log, "cut-stream")
    assert entries, "the server wrote answers (the client's window took some)"
    n = len(entries)
    print("\ncut stream: %d records sent, %d answered (logged), %d bytes written"
          % (sum(p.count(b"\n") for p in sent), n, entry["bytes"]))
    # the log holds the first n records, in order, and their answers were written
    body = b"".join(sent)
    records = body.split(b"\n")
    assert [e["record"] for e in entries] == [json.loads(r) for r in records[:n]]
    answers = eval_cli(PACK, "customer_tier", b"\n".join(records[:n]) + b"\n", as_of="2026-11-23")
    assert entry["bytes"] >= len(answers), (entry["bytes"], len(answers))
    assert [e["decision"] for e in entries] == [json.loads(a) for a in answers.splitlines()]
    # /metrics counts the decisions the log holds
    assert decisions_counted(s, "customer_tier") == n


def test_buffered_answer_not_written_is_not_logged(start_server, tmp_path):
    log = tmp_path / "decisions.jsonl"
    s = start_server(PACK, "--decision-log", log)
    # A batch decide's answer is one buffered response of some 12 MB: more than the
    # kernel's socket buffers hold for a client that reads nothing.
    body = b"".join(b'{"customer_id":"b%d","monthly_spend":%d.5}\n' % (i, i % 1000)
                    for i in range(400000))
    sock = small_window_socket(s)
    try:
        sock.sendall(b"POST /v1/policies/customer_rank_tier/decide HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Type: application/x-ndjson\r\nX-Request-Id: cut-batch\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(body) + body)
        head = b""
        while b"\r\n\r\n" not in head:  # the answer has begun: every record is decided
            got = sock.recv(1024)
            assert got
            head += got
        assert head.startswith(b"HTTP/1.1 200")
    finally:
        abort(sock)
    entry = access_line(s, "cut-batch")
    assert entry is not None and entry["status"] == 200
    assert entry["bytes"] < 12_000_000  # the answer was cut short
    assert logged(log, "cut-batch") == []
    assert decisions_counted(s, "customer_rank_tier") == 0
    # an answer written whole is logged whole, and counted
    r = decide(s.url, "customer_rank_tier", body[:4000], ndjson=True,
               headers={"X-Request-Id": "whole-batch"})
    assert r.status_code == 200
    assert access_line(s, "whole-batch") is not None
    n = len(r.content.splitlines())
    assert len(logged(log, "whole-batch")) == n > 0
    assert decisions_counted(s, "customer_rank_tier") == n


def test_a_failed_log_write_is_counted_and_said(start_server):
    """A decision log write that fails (a full disk: /dev/full) answers the request as ever,
    and is counted in /metrics and said on stderr: a decided record is never left out of the
    log silently."""
    import os
    if not os.path.exists("/dev/full"):
        raise AssertionError("this test needs /dev/full (Linux)")
    s = start_server(PACK, "--decision-log", "/dev/full")
    for arpu in (70, 1):
        r = decide(s.url, "customer_tier", {"customer_id": "c", "arpu": arpu},
                   params={"as_of": "2026-11-24"})
        assert r.status_code == 200
    body = b'{"customer_id":"a","arpu":1}\n{"customer_id":"b","arpu":2}\n'
    assert decide(s.url, "customer_tier", body, ndjson=True).status_code == 200
    want = ["verdict_decision_log_write_failures_total 3\n",
            "verdict_decision_log_lost_records_total 4\n"]
    metrics = metrics_when(s.url, lambda t: all(w in t for w in want))
    for w in want:
        assert w in metrics, metrics
    err = s.stderr_text()
    assert "writing the decision log failed: No space left on device" in err, err
    assert err.count("writing the decision log failed") == 1, err  # not once per write
