"""Every row of the contract's tables (../shared/spec/service.md) over real HTTP."""
import http.client
import json
import re
import time

import requests

from conftest import PACK, REPO, WAIT, decide, metrics_when, raw_request, read_response

GOOD = {"customer_id": "c1", "arpu": 75}


def error_of(r, status, code):
    assert r.status_code == status, (r.status_code, r.text)
    body = r.json()
    assert body["error"]["code"] == code, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


def test_healthz_readyz(server):
    r = requests.get(server.url + "/healthz", timeout=WAIT)
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    r = requests.get(server.url + "/readyz", timeout=WAIT)
    assert r.status_code == 200 and r.json()["pack"]["name"] == "bss"


def test_metrics_prometheus_text(server):
    decide(server.url, "customer_tier", GOOD)
    decide(server.url, "customer_tier", {"customer_id": "x"})
    r = requests.get(server.url + "/metrics", timeout=WAIT)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/plain")
    # the second decide is counted once its answer is written: wait for it
    text = metrics_when(server.url, lambda t: 'outcome="missing_field"' in t
                        and "\nverdict_requests_in_flight 1\n" in t)
    for series in ['verdict_http_requests_total{route="/v1/policies/{policy}/decide",status="200"}',
                   'verdict_http_requests_total{route="/v1/policies/{policy}/decide",status="422"}',
                   'verdict_decisions_total{policy="customer_tier",outcome="ok"}',
                   'verdict_decisions_total{policy="customer_tier",outcome="missing_field"}',
                   'verdict_http_request_duration_seconds_bucket{route="/v1/policies/{policy}/decide",le="+Inf"}',
                   "verdict_pack_info{name=\"bss\"", "verdict_reloads_total ", "verdict_reload_failures_total "]:
        assert series in text, series
    # the earlier decides are answered: only this request is in flight
    # (test_lifecycle.py waits on the gauge while four decides run)
    assert "\nverdict_requests_in_flight 1\n" in text
    # every sample line is NAME{labels} VALUE or NAME VALUE
    for line in text.splitlines():
        if line and not line.startswith("#"):
            assert re.match(r'^[a-z_]+(\{.*\})? [0-9.e+-]+$', line), line


def test_openapi_is_the_repository_document(server):
    r = requests.get(server.url + "/openapi.json", timeout=WAIT)
    assert r.status_code == 200
    assert r.json() == json.loads((REPO / "src" / "serve" / "openapi.json").read_text())


def test_policies_list_and_entry(server):
    r = requests.get(server.url + "/v1/policies", timeout=WAIT)
    assert r.status_code == 200
    body = r.json()
    assert set(body["pack"]) == {"name", "version", "content_hash"}
    names = {p["name"]: p for p in body["policies"]}
    assert {"customer_tier", "customer_rank_tier", "retention_followup", "refund_approval",
            "number_grade"} <= set(names)
    assert names["customer_rank_tier"]["batch"] is True and names["customer_tier"]["batch"] is False
    tier = names["customer_tier"]
    assert {"name": "arpu", "type": "money", "required": True, "default": None} in tier["fields"]
    assert {"name": "tier", "type": "enum(high, mid, mass)"} in tier["outputs"]
    r = requests.get(server.url + "/v1/policies/customer_tier", timeout=WAIT)
    assert r.status_code == 200 and r.json() == tier
    error_of(requests.get(server.url + "/v1/policies/nope", timeout=WAIT), 404, "unknown_policy")


def test_decide_json_and_pack_header(server):
    r = decide(server.url, "customer_tier", GOOD, params={"as_of": "2026-11-23"})
    assert r.status_code == 200
    assert r.json() == {"tier": "high", "archive_required": True, "visit_interval_months": 2,
                        "call_interval_months": 1}
    pack = requests.get(server.url + "/v1/policies", timeout=WAIT).json()["pack"]
    assert r.headers["Verdict-Pack"] == "%s/%s/%s" % (pack["name"], pack["version"], pack["content_hash"])


def test_decide_trace_and_audit(server):
    r = decide(server.url, "customer_tier", GOOD, params={"as_of": "2026-11-23", "trace": "true", "audit": "true"})
    assert r.status_code == 200
    body = r.json()
    assert body["trace"][0]["decision"] == "tier"
    assert body["audit"]["as_of"] == "2026-11-23" and body["audit"]["policy"] == "customer_tier"


def test_decide_ndjson_one_line_per_input_line(server):
    text = b'{"customer_id":"a","arpu":75}\n{"customer_id":"b"}\nnot json\n\n{"customer_id":"c","arpu":10}\n'
    r = decide(server.url, "customer_tier", text, ndjson=True, params={"as_of": "2026-11-23"})
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/x-ndjson"
    lines = r.content.split(b"\n")
    assert lines[-1] == b"" and len(lines) == 6
    got = [json.loads(l) for l in lines[:-1]]
    assert got[0]["tier"] == "high" and got[4]["tier"] == "mass"
    assert got[1]["error"]["code"] == "missing_field" and got[1]["error"]["field"] == "arpu"
    assert got[2]["error"]["code"] == "invalid_json" and got[3]["error"]["code"] == "invalid_json"
    assert "Verdict-Pack" in r.headers


def test_400_invalid_json_and_bad_request(server):
    error_of(decide(server.url, "customer_tier", b'{"customer_id": '), 400, "invalid_json")
    error_of(decide(server.url, "customer_tier", b''), 400, "invalid_json")
    error_of(decide(server.url, "customer_tier", b'[1, 2]'), 400, "invalid_json")
    error_of(decide(server.url, "customer_tier", GOOD, params={"as_of": "2026-13-01"}), 400, "bad_request")
    error_of(decide(server.url, "customer_tier", GOOD, params={"as_of": "yesterday"}), 400, "bad_request")
    error_of(decide(server.url, "customer_tier", GOOD, params={"trace": "maybe"}), 400, "bad_request")
    # A parameter given twice has no one value: refused, not last-one-wins.
    for key, values in (("as_of", ["2026-11-20", "2027-01-01"]), ("trace", ["true", "true"]),
                        ("audit", ["false", "true"])):
        e = error_of(decide(server.url, "customer_tier", GOOD, params={key: values}), 400, "bad_request")
        assert e["message"] == key + " is given twice", e


def test_pretty_printed_json_record(server):
    body = json.dumps(GOOD, indent=2).encode()
    r = decide(server.url, "customer_tier", body, params={"as_of": "2026-11-23"})
    assert r.status_code == 200 and r.json()["tier"] == "high"


def test_404_unknown_policy_and_path(server):
    error_of(decide(server.url, "nope", GOOD), 404, "unknown_policy")
    error_of(requests.get(server.url + "/nothing/here", timeout=WAIT), 404, "not_found")
    error_of(requests.get(server.url + "/v1/policies/customer_tier/decide/x", timeout=WAIT), 404, "not_found")


def test_error_bodies_are_utf8_whatever_the_path_escapes(server):
    # %ff%fe decodes to bytes that are not UTF-8: the message quotes them as
    # U+FFFD, and the body stays UTF-8 JSON.
    for method, path, status, code in [
        ("POST", "/v1/policies/%ff%fe/decide", 404, "unknown_policy"),
        ("GET", "/v1/policies/%ff", 404, "unknown_policy"),
        ("GET", "/%ff%c0", 404, "not_found"),
    ]:
        r = requests.request(method, server.url + path, data=json.dumps(GOOD),
                             headers={"Content-Type": "application/json"}, timeout=WAIT)
        assert r.status_code == status, (path, r.status_code, r.content)
        body = json.loads(r.content.decode("utf-8"))  # strict: raises on bad bytes
        assert body["error"]["code"] == code, body
        assert "\ufffd" in body["error"]["message"], body


def test_405_method_not_allowed(server):
    e = requests.get(server.url + "/v1/policies/customer_tier/decide", timeout=WAIT)
    error_of(e, 405, "method_not_allowed")
    assert e.headers["Allow"] == "POST"
    error_of(requests.post(server.url + "/healthz", timeout=WAIT), 405, "method_not_allowed")
    error_of(requests.get(server.url + "/v1/reload", timeout=WAIT), 405, "method_not_allowed")
    error_of(requests.delete(server.url + "/v1/policies", timeout=WAIT), 405, "method_not_allowed")
    assert requests.post(server.url + "/healthz", timeout=WAIT).headers["Allow"] == "GET, HEAD"


def test_head_is_get_without_the_body(server):
    """RFC 9110: HEAD answers as GET would, Content-Length included, with
    no body; on a POST endpoint it is a 405. The connection stays usable."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=WAIT)
    try:
        for path in ("/healthz", "/readyz", "/openapi.json", "/v1/policies",
                     "/v1/policies/customer_tier", "/"):
            conn.request("GET", path)
            got = conn.getresponse()
            body = got.read()
            conn.request("HEAD", path)
            head = conn.getresponse()
            assert head.read() == b"", path
            assert head.status == got.status == 200, path
            assert head.getheader("Content-Type") == got.getheader("Content-Type"), path
            assert int(head.getheader("Content-Length")) == len(body) > 0, path
        conn.request("HEAD", "/v1/policies/customer_tier/decide")
        r = conn.getresponse()
        assert (r.status, r.read(), r.getheader("Allow")) == (405, b"", "POST")
        conn.request("GET", "/healthz")
        assert json.loads(conn.getresponse().read()) == {"status": "ok"}
    finally:
        conn.close()


def test_415_unsupported_media_type(server):
    for ct in ("text/plain", "application/xml", ""):
        r = requests.post(server.url + "/v1/policies/customer_tier/decide", data=json.dumps(GOOD),
                          headers={"Content-Type": ct}, timeout=WAIT)
        error_of(r, 415, "unsupported_media_type")
    r = decide(server.url, "customer_tier", GOOD, headers={"Content-Type": "application/json; charset=utf-8"})
    assert r.status_code == 200


def test_422_record_error(server):
    e = error_of(decide(server.url, "customer_tier", {"customer_id": "c"}), 422, "missing_field")
    assert e["field"] == "arpu"
    e = error_of(decide(server.url, "customer_tier", {"customer_id": "c", "arpu": "lots"}), 422, "wrong_type")
    assert e["field"] == "arpu"


def test_413_too_large(start_server):
    s = start_server(PACK, "--max-body-bytes", 1000)
    big = {"customer_id": "x" * 2000, "arpu": 1}
    error_of(decide(s.url, "customer_tier", big), 413, "too_large")
    lines = b"".join(b'{"customer_id":"c%d","arpu":%d}\n' % (i, i) for i in range(100))
    error_of(decide(s.url, "customer_rank_tier", lines, ndjson=True), 413, "too_large")
    assert requests.get(s.url + "/healthz", timeout=WAIT).status_code == 200


def test_413_default_limit_is_64_mib(server):
    # Announced length only: the answer comes before the body is sent.
    with server.connect() as sock:
        status, headers, body = raw_request(sock, (
            b"POST /v1/policies/customer_tier/decide HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (64 * 1024 * 1024 + 1)))
        assert status == 413 and json.loads(body)["error"]["code"] == "too_large"


def test_record_over_record_limit_is_422(server):
    big = json.dumps({"customer_id": "x" * (1 << 20), "arpu": 1})
    e = error_of(decide(server.url, "customer_tier", big), 422, "invalid_json")
    assert "limit" in e["message"]


def test_401_unauthorized(start_server, tmp_path):
    token = tmp_path / "token"
    token.write_text("s3cret-token\n")
    s = start_server(PACK, "--token-file", token)
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Bearer s3cret-token2"},
                    {"Authorization": "Basic s3cret-token"}, {"Authorization": "s3cret-token"}):
        error_of(decide(s.url, "customer_tier", GOOD, headers=headers), 401, "unauthorized")
        error_of(requests.get(s.url + "/v1/policies", headers=headers, timeout=WAIT), 401, "unauthorized")
        error_of(requests.post(s.url + "/v1/reload", headers=headers, timeout=WAIT), 401, "unauthorized")
        error_of(requests.get(s.url + "/v1/nothing", headers=headers, timeout=WAIT), 401, "unauthorized")
    ok = {"Authorization": "Bearer s3cret-token"}
    assert decide(s.url, "customer_tier", GOOD, headers=ok).status_code == 200
    assert requests.get(s.url + "/v1/policies", headers=ok, timeout=WAIT).status_code == 200
    for path in ("/healthz", "/readyz", "/metrics", "/openapi.json"):
        assert requests.get(s.url + path, timeout=WAIT).status_code == 200, path


def test_503_overloaded_beyond_connection_limit(start_server):
    s = start_server(PACK, "--max-connections", 2)
    held = []
    try:
        # Hold two accepted and counted connections. One refused as over the limit
        # (healthz still 200, but closing) only meets the fixture's readiness probe,
        # whose slot is freed once the server has read its close: connect again.
        deadline = time.monotonic() + WAIT
        while len(held) < 2:
            h = s.connect()
            status, headers, _ = raw_request(h, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            assert status == 200
            if headers.get("connection") == "close":
                h.close()
                assert time.monotonic() < deadline, "a slot was never freed"
                time.sleep(0.05)
            else:
                held.append(h)
        for path in (b"/readyz", b"/v1/policies", b"/metrics"):
            with s.connect() as extra:
                extra.settimeout(WAIT)
                status, headers, body = raw_request(extra, b"GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % path)
                assert status == 503 and json.loads(body)["error"]["code"] == "overloaded", path
                assert extra.recv(1) == b""  # then the connection closes
        # liveness is not shed: the process serves, it is only full (the spec: 200 "while
        # the process serves"; readiness says 503 above)
        with s.connect() as extra:
            extra.settimeout(WAIT)
            status, headers, body = raw_request(extra, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            assert status == 200 and json.loads(body) == {"status": "ok"}
            assert headers["connection"] == "close" and extra.recv(1) == b""
    finally:
        for h in held:
            h.close()


def test_reload_ok_and_invalid_pack_keeps_old_version(start_server, pack_copy):
    s = start_server(pack_copy)
    before = decide(s.url, "customer_tier", GOOD).headers["Verdict-Pack"]
    tier = pack_copy / "customer_tier.yaml"
    good_text = tier.read_text()
    tier.write_text(good_text.replace("customer.arpu]", "customer.arpuu]"))
    r = requests.post(s.url + "/v1/reload", timeout=WAIT)
    e = error_of(r, 422, "invalid_pack")
    assert e["diagnostics"] and all(re.match(r"^.+:\d+:\d+: ", d) for d in e["diagnostics"]), e
    assert any("customer_tier.yaml" in d for d in e["diagnostics"])
    r = decide(s.url, "customer_tier", GOOD)
    assert r.status_code == 200 and r.headers["Verdict-Pack"] == before
    tier.write_text(good_text.replace('">= 60"', '">= 70"').replace('"[30..60)"', '"[30..70)"'))
    r = requests.post(s.url + "/v1/reload", timeout=WAIT)
    assert r.status_code == 200
    new = r.json()["pack"]
    assert new["content_hash"] not in before
    r = decide(s.url, "customer_tier", {"customer_id": "c", "arpu": 65})
    assert r.headers["Verdict-Pack"].endswith(new["content_hash"]) and r.json()["tier"] == "mid"
    m = requests.get(s.url + "/metrics", timeout=WAIT).text
    assert "verdict_reloads_total 1" in m and "verdict_reload_failures_total 1" in m


def test_request_id_propagation_and_access_log(server):
    r = decide(server.url, "customer_tier", GOOD, headers={"X-Request-Id": "req-abc.123"})
    assert r.headers["X-Request-Id"] == "req-abc.123"
    r2 = requests.get(server.url + "/healthz", timeout=WAIT)
    assert r2.headers["X-Request-Id"]  # one made up
    # The access-log line follows the response's write: wait for it (bounded),
    # then exactly one.
    deadline = time.monotonic() + WAIT
    while not (entries := [e for e in server.access_log()
                           if e["request_id"] == "req-abc.123"]):
        assert time.monotonic() < deadline, server.stderr_text()[-2000:]
        time.sleep(0.02)
    assert len(entries) == 1
    e = entries[0]
    assert e["status"] == 200 and e["method"] == "POST" and e["pack"].startswith("bss/")
    assert {"time", "remote", "target", "bytes", "duration_ms"} <= set(e)


def test_keep_alive_many_requests_one_connection(server):
    with server.connect() as sock:
        for i in range(20):
            body = json.dumps({"customer_id": "k%d" % i, "arpu": i * 5}).encode()
            status, headers, out = raw_request(sock, (
                b"POST /v1/policies/customer_tier/decide?as_of=2026-11-23 HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)))
            assert status == 200 and "tier" in json.loads(out)
        # pipelined: two requests in one write, two answers in order
        req = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: p1\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: p2\r\n\r\n"
        sock.sendall(req)
        a = read_response(sock)
        b = read_response(sock)
        assert a[1]["x-request-id"] == "p1" and b[1]["x-request-id"] == "p2"


def test_expect_100_continue(server):
    body = json.dumps(GOOD).encode()
    with server.connect() as sock:
        sock.sendall(b"POST /v1/policies/customer_tier/decide HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Type: application/json\r\nExpect: 100-continue\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(body))
        interim = sock.recv(4096)
        assert interim.startswith(b"HTTP/1.1 100")
        status, _, out = raw_request(sock, body)
        assert status == 200


def test_policy_removed_by_reload_is_unknown(start_server, pack_copy):
    s = start_server(pack_copy)
    rank = b'{"customer_id":"a","monthly_spend":10}\n'
    assert decide(s.url, "customer_rank_tier", rank, ndjson=True).status_code == 200
    (pack_copy / "customer_rank_tier.yaml").unlink()
    (pack_copy / "tests" / "customer_rank_tier_cases.yaml").unlink()
    r = requests.post(s.url + "/v1/reload", timeout=WAIT)
    assert r.status_code == 200, r.text
    error_of(decide(s.url, "customer_rank_tier", rank, ndjson=True), 404, "unknown_policy")
    error_of(requests.get(s.url + "/v1/policies/customer_rank_tier", timeout=WAIT), 404, "unknown_policy")
    names = [p["name"] for p in requests.get(s.url + "/v1/policies", timeout=WAIT).json()["policies"]]
    assert "customer_rank_tier" not in names and "customer_tier" in names


def test_pack_that_does_not_load_exits_1_with_diagnostics(pack_copy):
    import subprocess
    from conftest import VERDICT
    tier = pack_copy / "customer_tier.yaml"
    tier.write_text(tier.read_text().replace("customer.arpu]", "customer.arpuu]"))
    r = subprocess.run([VERDICT, "serve", str(pack_copy), "--listen", "127.0.0.1:0"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=WAIT)
    assert r.returncode == 1
    err = r.stderr.decode()
    check = subprocess.run([VERDICT, "check", str(pack_copy)], stdout=subprocess.PIPE, timeout=WAIT)
    assert err == check.stdout.decode()  # the diagnostics as `verdict check` prints them
    assert re.search(r"customer_tier\.yaml:\d+:\d+: error: ", err)
    assert "listening" not in err


def test_listen_takes_a_host_name(tmp_path):
    """`--listen HOST:PORT` with a host name listens on its first address
    (`localhost` was refused as "not an IP address"); a name that does not
    resolve exits 1 saying so."""
    import subprocess
    from conftest import STARTUP, VERDICT
    err_path = tmp_path / "stderr.log"
    with open(err_path, "wb") as err:
        proc = subprocess.Popen([VERDICT, "serve", str(PACK), "--listen", "localhost:0"],
                                stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + WAIT
        while not (m := STARTUP.search(err_path.read_text())):
            assert proc.poll() is None, err_path.read_text()
            assert time.monotonic() < deadline, err_path.read_text()
            time.sleep(0.02)
        assert m.group(2) == "127.0.0.1"
        url = "http://127.0.0.1:%s/healthz" % m.group(3)
        assert requests.get(url, timeout=WAIT).status_code == 200
    finally:
        proc.kill()
        proc.wait(timeout=WAIT)
    r = subprocess.run([VERDICT, "serve", str(PACK), "--listen", "no-such-host.invalid:0"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=WAIT)
    assert r.returncode == 1
    assert "'no-such-host.invalid' is neither an IP address nor a host name" in r.stderr.decode()
    assert not STARTUP.search(r.stderr.decode())


def test_the_workbench_page_defaults_to_today_in_the_packs_zone(start_server, pack_copy):
    # The page's as-of default comes from the pack's zone, as the service's
    # default does; +14:00 and -12:00 are 26 hours apart, so at any moment
    # at least one of them is not the UTC date the browser would pick.
    import datetime as dt
    pack_yaml = pack_copy / "pack.yaml"
    text = pack_yaml.read_text()
    for hours in (14, -12):
        pack_yaml.write_text(text.replace('zone: "+08:00"', 'zone: "%+03d:00"' % hours))
        s = start_server(pack_copy)
        zone = dt.timezone(dt.timedelta(hours=hours))
        before = dt.datetime.now(zone).date().isoformat()
        page = requests.get(s.url + "/policies/customer_tier", timeout=WAIT).text
        after = dt.datetime.now(zone).date().isoformat()
        data = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', page, re.S).group(1)
        today = json.loads(data)["today"]
        assert today in (before, after), (hours, today, before)
        s.stop()
