"""A client that reads a long streamed answer steadily but slowly gets all of
it: the write timeout (`--idle-timeout`) means a client that stopped
reading, not one too slow to take a whole chunk within it. The server used
to write each chunk (up to max_body_bytes of decided lines) under one
deadline, so a client reading a steady 1 MB/s lost the rest of a 200
response after 60 s (and, here, with --idle-timeout 2, after about 2 s)."""
import gzip
import random
import threading
import time

from conftest import PACK, WAIT, Server

RECORDS = 200_000
RATE = 2_000_000  # bytes a second the client reads at most


def body():
    rng = random.Random(7)
    lines = b"".join(b'{"customer_id":"C-%d","arpu":%d.%02d}\n'
                     % (rng.randrange(10 ** 9), rng.randrange(200), rng.randrange(100))
                     for _ in range(RECORDS))
    return gzip.compress(lines)


def dechunk(body):
    """The data of a chunked HTTP body (ending with the last chunk)."""
    out, at = [], 0
    while True:
        eol = body.index(b"\r\n", at)
        size = int(body[at:eol].split(b";")[0], 16)
        if size == 0:
            return b"".join(out)
        out.append(body[eol + 2:eol + 2 + size])
        at = eol + 2 + size + 2


def test_a_slow_steady_reader_gets_the_whole_answer(tmp_path):
    data = body()
    s = Server(PACK, "--idle-timeout", "2", workdir=tmp_path)
    try:
        sock = s.connect()
        sock.settimeout(WAIT)
        head = (b"POST /v1/policies/customer_tier/decide HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/x-ndjson\r\nContent-Encoding: gzip\r\n"
                b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(data))
        threading.Thread(target=lambda: sock.sendall(head + data), daemon=True).start()
        got = []
        while True:
            piece = sock.recv(65536)
            if not piece:
                break
            got.append(piece)
            time.sleep(len(piece) / RATE)
        sock.close()
        answer = b"".join(got)
        status, _, rest = answer.partition(b"\r\n")
        assert status == b"HTTP/1.1 200 OK", status
        assert answer.endswith(b"\r\n0\r\n\r\n"), "the chunked answer was cut short"
        lines = dechunk(rest.partition(b"\r\n\r\n")[2]).splitlines()
        # Every record answered: one decided line each.
        assert len(lines) == RECORDS
        assert all(line.startswith(b'{"tier":') for line in lines)
    finally:
        s.stop()
