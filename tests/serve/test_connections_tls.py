"""1000 idle connections do not stop the service; TLS with a self-signed certificate made here."""
import gzip
import resource
import subprocess
import json

import requests

from conftest import PACK, WAIT, decide, raw_request

IDLE = 1000


def rss_kib(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return -1


def test_1000_idle_connections_still_serving(start_server):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = IDLE + 200
    assert hard >= want, "the test needs %d file descriptors (hard limit %d)" % (want, hard)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))  # inherited by the server too
    s = start_server(PACK, "--idle-timeout", 300, "--read-timeout", 300)
    idle = [s.connect() for _ in range(IDLE)]
    try:
        # each idle connection has been accepted: the server counts them
        deadline_ok = False
        for _ in range(500):
            m = requests.get(s.url + "/metrics", timeout=WAIT).text
            if "verdict_open_connections %d" % (IDLE + 1) in m:
                deadline_ok = True
                break
        assert deadline_ok
        sess = requests.Session()
        for i in range(200):
            r = decide(s.url, "customer_tier", {"customer_id": "i%d" % i, "arpu": i}, session=sess)
            assert r.status_code == 200
        # the idle ones still work too
        for c in idle[::100]:
            status, _, _ = raw_request(c, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            assert status == 200
        print("\n%d idle connections: server RSS %.1f MB" % (IDLE, rss_kib(s.proc.pid) / 1024))
    finally:
        for c in idle:
            c.close()


def test_tls_self_signed(start_server, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                    "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    token = tmp_path / "token"
    token.write_text("tls-token")
    s = start_server(PACK, "--tls-cert", cert, "--tls-key", key, "--token-file", token)
    assert s.scheme == "https"
    sess = requests.Session()
    sess.verify = str(cert)
    sess.trust_env = False  # else REQUESTS_CA_BUNDLE from the environment wins over verify
    r = sess.get(s.url + "/healthz", timeout=WAIT)
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    auth = {"Authorization": "Bearer tls-token"}
    r = decide(s.url, "customer_tier", {"customer_id": "t", "arpu": 70}, session=sess, headers=auth)
    assert r.status_code == 200 and r.json()["tier"] == "high"
    big = b"".join(b'{"customer_id":"t%d","arpu":%d}\n' % (i, i % 100) for i in range(50000))
    r = decide(s.url, "customer_tier", big, ndjson=True, session=sess, headers=auth)  # streamed over TLS
    assert r.status_code == 200 and r.content.count(b"\n") == 50000
    # a gzip body, chunked: streamed and inflated over TLS too, the same lines
    packed = gzip.compress(big)
    r = sess.post(s.url + "/v1/policies/customer_tier/decide",
                  data=iter([packed[i:i + 10000] for i in range(0, len(packed), 10000)]),
                  headers={**auth, "Content-Type": "application/x-ndjson",
                           "Content-Encoding": "gzip"}, timeout=WAIT)
    assert r.status_code == 200 and r.headers.get("Transfer-Encoding") == "chunked"
    assert r.content == decide(s.url, "customer_tier", big, ndjson=True, session=sess,
                               headers=auth).content
    assert decide(s.url, "customer_tier", {"customer_id": "t"}, session=sess).status_code == 401
    # an unverified client is refused by the client itself; plain HTTP gets no answer
    try:
        requests.get(s.url + "/healthz", timeout=WAIT)
        assert False, "the self-signed certificate was accepted without being trusted"
    except requests.exceptions.SSLError:
        pass
    with s.connect() as sock:
        sock.settimeout(WAIT)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        data = sock.recv(100)
        assert not data.startswith(b"HTTP/1.1 200")
    assert sess.get(s.url + "/healthz", timeout=WAIT).status_code == 200
