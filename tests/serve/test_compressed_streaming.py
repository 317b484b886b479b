"""Compressed NDJSON bodies of per-record policies stream like plain ones once they are chunked or
over the stream threshold on the wire: answers start while the body arrives, a body that inflates to
far more than the body limit is decided whole in bounded memory (inflating pauses while answers wait),
and data that is not gzip at all is still a 400 because the 200 header waits for the first answer."""
import gzip
import json
import threading
import zlib

import requests

from conftest import PACK, WAIT, eval_cli, read_to_close
from test_streaming import ChunkReader, chunk, read_head

HEAD = (b"POST /v1/policies/customer_tier/decide?as_of=2026-11-23 HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/x-ndjson\r\nContent-Encoding: %s\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n")
PERIOD = 300


def rec(i):
    # Answers depend on arpu only, which repeats every PERIOD records.
    return b'{"customer_id":"z","arpu":%d.%02d}\n' % ((i % PERIOD) % 100, (i % PERIOD) % 97)


def period_answers():
    body = b"".join(rec(i) for i in range(PERIOD))
    return eval_cli(PACK, "customer_tier", body, as_of="2026-11-23").split(b"\n")[:PERIOD]


def peak_rss_kib(proc):
    with open("/proc/%d/status" % proc.pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise AssertionError("no VmHWM")


def test_answers_start_before_a_compressed_body_ends(server):
    z = zlib.compressobj(wbits=31)  # gzip
    first = b"".join(rec(i) for i in range(10))
    head_part = z.compress(first) + z.flush(zlib.Z_SYNC_FLUSH)  # inflatable as it stands
    rest = b"".join(rec(i) for i in range(10, 5000))
    tail_part = z.compress(rest) + z.flush()
    with server.connect() as sock:
        sock.settimeout(WAIT)
        sock.sendall(HEAD % b"gzip" + chunk(head_part))
        head, after = read_head(sock)
        assert head.startswith("HTTP/1.1 200") and "Verdict-Pack" in head, head
        assert "transfer-encoding: chunked" in head.lower()
        reader = ChunkReader(sock, after)
        reader.pump()
        reader.lines_at_least(10)  # answered while the rest is still unsent
        for i in range(0, len(tail_part), 999):
            sock.sendall(chunk(tail_part[i:i + 999]))
        sock.sendall(b"0\r\n\r\n")
        body = reader.finish()
        # the connection stays usable (keep-alive) for a plain request
        plain = rec(7)
        sock.sendall(b"POST /v1/policies/customer_tier/decide?as_of=2026-11-23 HTTP/1.1\r\n"
                     b"Host: x\r\nContent-Type: application/x-ndjson\r\n"
                     b"Content-Length: %d\r\n\r\n%s" % (len(plain), plain))
        head2, _ = read_head(sock)
        assert head2.startswith("HTTP/1.1 200")
    assert body == eval_cli(PACK, "customer_tier", first + rest, as_of="2026-11-23")


def test_a_body_inflating_far_over_the_limit_is_decided_in_bounded_memory(start_server):
    # 64 MiB of records from about 300 KB of gzip, sent chunked to a server whose body limit is
    # 256 KiB: every line is answered, in order, and the server's peak memory grows by far less
    # than the body (a server that inflated or answered the whole body at once would not).
    s = start_server(PACK, "--max-body-bytes", 256 * 1024)
    want = period_answers()
    block = b"".join(rec(i) for i in range(PERIOD))
    repeats = (64 << 20) // len(block)
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    packed = [z.compress(block) for _ in range(repeats)] + [z.flush()]
    packed = b"".join(packed)
    assert len(packed) < (64 << 20) // 100
    warm = requests.post(s.url + "/v1/policies/customer_tier/decide", data=rec(1),
                         params={"as_of": "2026-11-23"},
                         headers={"Content-Type": "application/x-ndjson"}, timeout=WAIT)
    assert warm.content == want[1] + b"\n"
    before = peak_rss_kib(s.proc)
    counts = {}
    with s.connect() as sock:
        sock.settimeout(WAIT)
        sock.sendall(HEAD % b"gzip")

        def send():
            for i in range(0, len(packed), 65536):
                sock.sendall(chunk(packed[i:i + 65536]))
            sock.sendall(b"0\r\n\r\n")

        t = threading.Thread(target=send)
        t.start()
        head, after = read_head(sock)
        assert head.startswith("HTTP/1.1 200"), head
        reader = ChunkReader(sock, after)
        n = 0
        while not reader.done:
            reader.pump()
            lines = reader.body.split(b"\n")
            reader.body = lines.pop()  # an unfinished line waits
            for line in lines:
                assert line == want[n % PERIOD], (n, line)
                n += 1
            if not reader.done:
                reader._more()
        t.join(WAIT)
        counts["lines"] = n
    assert counts["lines"] == repeats * PERIOD
    grew_mib = (peak_rss_kib(s.proc) - before) / 1024
    assert grew_mib < 32, grew_mib
    # A gzip bomb of empty lines: 1 byte in, an error line of about 100 bytes out, 2 MiB of
    # lines from about 2 KB. Inflating a whole read at once would hold hundreds of MiB of answers.
    err_line = eval_cli(PACK, "customer_tier", b"\n", as_of="2026-11-23")
    bomb = gzip.compress(b"\n" * (2 << 20), 9)
    assert len(bomb) < 8192
    before = peak_rss_kib(s.proc)
    r = requests.post(s.url + "/v1/policies/customer_tier/decide", params={"as_of": "2026-11-23"},
                      data=iter([bomb[i:i + 512] for i in range(0, len(bomb), 512)]),
                      headers={"Content-Type": "application/x-ndjson", "Content-Encoding": "gzip"},
                      stream=True, timeout=WAIT)
    assert r.status_code == 200
    size = lines = 0
    for piece in r.iter_content(1 << 16):
        size += len(piece)
        lines += piece.count(b"\n")
    assert lines == 2 << 20 and size == lines * len(err_line)
    grew_mib = (peak_rss_kib(s.proc) - before) / 1024
    assert grew_mib < 32, grew_mib  # 6 MiB here; 65 MiB with inflating unpaused


def test_broken_compressed_streams(start_server):
    s = start_server(PACK)
    # Not gzip at all: nothing has been answered yet, so a 400 names it, and the connection closes.
    with s.connect() as sock:
        sock.settimeout(WAIT)
        sock.sendall(HEAD % b"gzip" + chunk(rec(1) * 100))
        head, after = read_head(sock)
        assert head.startswith("HTTP/1.1 400"), head
        body = read_to_close(sock, after)
        e = json.loads(body[body.index(b"{"):])["error"]
        assert e["code"] == "bad_request"
        assert e["message"].startswith("the body is not valid gzip data ("), e
    # Cut short before its first line ended (nothing decided yet): a 400 too.
    packed = gzip.compress(rec(1) * 3)
    with s.connect() as sock:
        sock.settimeout(WAIT)
        sock.sendall(HEAD % b"gzip" + chunk(packed[:12]) + b"0\r\n\r\n")
        head, after = read_head(sock)
        assert head.startswith("HTTP/1.1 400"), head
        body = read_to_close(sock, after)
        e = json.loads(body[body.index(b"{"):])["error"]
        assert e == {"code": "bad_request", "field": None,
                     "message": "the body is cut short: the compressed data ends early"}, e
    # Corrupt after answers went out: the chunked response is cut short (no last chunk).
    z = zlib.compressobj(wbits=31)
    good = z.compress(b"".join(rec(i) for i in range(50))) + z.flush(zlib.Z_SYNC_FLUSH)
    with s.connect() as sock:
        sock.settimeout(WAIT)
        sock.sendall(HEAD % b"gzip" + chunk(good))
        head, after = read_head(sock)
        assert head.startswith("HTTP/1.1 200"), head
        reader = ChunkReader(sock, after)
        reader.pump()
        reader.lines_at_least(50)
        sock.sendall(chunk(b"\xff" * 64) + b"0\r\n\r\n")
        reader.buf = read_to_close(sock, reader.buf)
        reader.pump()
        assert not reader.done  # closed without the last chunk
    assert requests.get(s.url + "/healthz", timeout=WAIT).status_code == 200


def test_deflate_and_gzip_members_stream_too(server):
    body = b"".join(rec(i) for i in range(2000)) + b"{broken\n" + rec(5)[:-1]  # no final newline
    want = eval_cli(PACK, "customer_tier", body, as_of="2026-11-23")
    members = b"".join(gzip.compress(body[i:i + 7000]) for i in range(0, len(body), 7000))
    for coding, packed in ((b"deflate", zlib.compress(body)), (b"gzip", members)):
        with server.connect() as sock:
            sock.settimeout(WAIT)
            sock.sendall(HEAD % coding)
            for i in range(0, len(packed), 1000):
                sock.sendall(chunk(packed[i:i + 1000]))
            sock.sendall(b"0\r\n\r\n")
            head, after = read_head(sock)
            assert head.startswith("HTTP/1.1 200"), head
            assert ChunkReader(sock, after).finish() == want, coding


def test_a_compressed_body_over_the_threshold_with_a_length_streams(start_server):
    # The threshold counts bytes on the wire, as for a plain body: a gzip body of about 20 KB
    # with a Content-Length over a 4 KiB threshold streams (a chunked answer); one under it is
    # read whole (a Content-Length answer). Both answer what `verdict eval` writes.
    s = start_server(PACK, "--stream-threshold", 4096)
    body = b"".join(b'{"customer_id":"w%d","arpu":%d.%02d}\n' % (i, (i * 7919) % 150, i % 89)
                    for i in range(6000))
    want = eval_cli(PACK, "customer_tier", body, as_of="2026-11-23")
    big = gzip.compress(body)
    small = gzip.compress(body[:2000])
    assert len(big) > 4096 and len(small) < 4096
    want_small = eval_cli(PACK, "customer_tier", body[:2000], as_of="2026-11-23")
    for packed, expected, streamed in ((big, want, True), (small, want_small, False)):
        with s.connect() as sock:
            sock.settimeout(WAIT)
            sock.sendall(b"POST /v1/policies/customer_tier/decide?as_of=2026-11-23 HTTP/1.1\r\n"
                         b"Host: x\r\nContent-Type: application/x-ndjson\r\n"
                         b"Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(packed)
                         + packed)
            head, after = read_head(sock)
            assert head.startswith("HTTP/1.1 200"), head
            if streamed:
                assert "transfer-encoding: chunked" in head.lower()
                got = ChunkReader(sock, after).finish()
            else:
                length = int(head.lower().split("content-length:")[1].split("\r\n")[0])
                got = after
                while len(got) < length:
                    got += sock.recv(65536)
        assert got == expected
    assert want.count(b"\n") == 6000  # every line answered, none merged
