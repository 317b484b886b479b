"""NDJSON decides of per-record policies stream: the answer starts before the body has arrived,
bodies of any size are decided line by line, and the lines equal `verdict eval`'s."""
import json
import threading

from conftest import PACK, WAIT, eval_cli

HEAD = (b"POST /v1/policies/customer_tier/decide?as_of=2026-11-23 HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/x-ndjson\r\n")


def rec(i):
    return b'{"customer_id":"s%d","arpu":%d.%02d}\n' % (i, i % 100, i % 97)


def chunk(data):
    return b"%x\r\n%s\r\n" % (len(data), data)


def read_head(sock):
    buf = b""
    while b"\r\n\r\n" not in buf:
        got = sock.recv(65536)
        assert got, "connection closed"
        buf += got
    head, _, rest = buf.partition(b"\r\n\r\n")
    return head.decode("latin-1"), rest


class ChunkReader:
    """Decodes a chunked response body incrementally."""

    def __init__(self, sock, rest):
        self.sock, self.buf, self.body, self.done = sock, rest, b"", False

    def _more(self):
        got = self.sock.recv(65536)
        assert got, "connection closed mid-response"
        self.buf += got

    def pump(self):
        while True:
            if b"\r\n" not in self.buf:
                return
            size_line, _, after = self.buf.partition(b"\r\n")
            n = int(size_line.split(b";")[0], 16)
            if len(after) < n + 2:
                return
            if n == 0:
                self.done = True
                return
            self.body += after[:n]
            self.buf = after[n + 2:]

    def lines_at_least(self, k):
        while self.body.count(b"\n") < k:
            self._more()
            self.pump()

    def finish(self):
        self.pump()
        while not self.done:
            self._more()
            self.pump()
        return self.body


def test_answer_starts_before_the_body_ends(server):
    first = b"".join(rec(i) for i in range(10))
    rest = b"".join(rec(i) for i in range(10, 5000))
    with server.connect() as sock:
        sock.settimeout(WAIT)
        sock.sendall(HEAD + b"Transfer-Encoding: chunked\r\n\r\n" + chunk(first))
        head, after = read_head(sock)
        assert head.startswith("HTTP/1.1 200") and "Verdict-Pack" in head
        reader = ChunkReader(sock, after)
        reader.pump()
        reader.lines_at_least(10)  # answered while the rest is still unsent
        for i in range(0, len(rest), 7777):
            sock.sendall(chunk(rest[i:i + 7777]))
        sock.sendall(b"0\r\n\r\n")
        body = reader.finish()
    assert body == eval_cli(PACK, "customer_tier", first + rest, as_of="2026-11-23")
    # the connection stays usable afterwards (keep-alive) -- checked by a second stream below


def test_large_body_streams_and_equals_eval(start_server):
    s = start_server(PACK, "--stream-threshold", 4096)
    lines = [rec(i) for i in range(60000)]
    lines[123] = b"not json\n"
    lines[4567] = b'{"customer_id":"x"}\n'
    lines[7000] = b'{"customer_id":"' + b"y" * (1100 * 1024) + b'","arpu":1}\n'  # over the record limit
    body = b"".join(lines)
    got = {}
    with s.connect() as sock:
        sock.settimeout(WAIT)
        sock.sendall(HEAD + b"Content-Length: %d\r\n\r\n" % len(body))

        def send():
            sock.sendall(body)

        t = threading.Thread(target=send)
        t.start()
        head, after = read_head(sock)
        got["head"] = head
        assert "transfer-encoding: chunked" in head.lower()
        out = ChunkReader(sock, after).finish()
        t.join(WAIT)
        # a second request on the same connection
        sock.sendall(HEAD + b"Content-Length: %d\r\n\r\n%s" % (len(rec(1)), rec(1)))
        head2, _ = read_head(sock)
        assert head2.startswith("HTTP/1.1 200")
    out_lines = out.split(b"\n")
    assert out_lines[-1] == b"" and len(out_lines) - 1 == len(lines)
    want = eval_cli(PACK, "customer_tier", body, as_of="2026-11-23").split(b"\n")
    for i, (a, b) in enumerate(zip(out_lines, want)):
        assert a == b, i  # line 7000 too: "the record is N bytes long", N its whole length
    assert b"the record is %d bytes long" % (len(lines[7000]) - 1) in out_lines[7000]


def test_a_byte_order_mark_counts_only_at_the_start_of_the_body(server):
    # As in `verdict eval`'s input: dropped at the very start, content (an
    # invalid line) at the start of any later line, wherever a chunk starts.
    bom = b"\xef\xbb\xbf"
    for pieces in ([bom + rec(1), bom + rec(2), rec(3)],
                   [rec(1), bom + rec(2) + bom + rec(3), bom + rec(4)]):
        with server.connect() as sock:
            sock.settimeout(WAIT)
            sock.sendall(HEAD + b"Transfer-Encoding: chunked\r\n\r\n")
            for p in pieces:
                sock.sendall(chunk(p))
            sock.sendall(b"0\r\n\r\n")
            head, after = read_head(sock)
            assert head.startswith("HTTP/1.1 200"), head
            body = ChunkReader(sock, after).finish()
        want = eval_cli(PACK, "customer_tier", b"".join(pieces), as_of="2026-11-23")
        assert body == want
        assert body.count(b'"invalid_json"') == sum(p.count(bom) for p in pieces) - pieces[0].startswith(bom)
