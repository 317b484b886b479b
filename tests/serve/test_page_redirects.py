"""A workbench page's address typed with a trailing slash (`/policies/NAME/`), or the pages' folder
(`/policies`), is sent on with a permanent redirect (308, the query kept) to the page, or to the
index: it used to answer the API's JSON 404, raw JSON in a browser. An encoded slash (%2F) belongs
to the name and is not redirected; a method other than GET or HEAD is the page's 405."""
import http.client
import re
from urllib.parse import urlsplit

import requests

from conftest import WAIT


def raw(url, method, target):
    """One request with TARGET sent exactly as written (no client normalises it)."""
    u = urlsplit(url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=WAIT)
    try:
        c.request(method, target)
        r = c.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        c.close()


def test_a_trailing_slash_redirects_to_the_page_keeping_the_query(server):
    for target, to in (("/policies/customer_tier/", "/policies/customer_tier"),
                       ("/policies/customer_tier/?as_of=2026-11-24&x=%20y",
                        "/policies/customer_tier?as_of=2026-11-24&x=%20y"),
                       ("/policies/no_such_policy/", "/policies/no_such_policy"),
                       ("/policies/", "/"), ("/policies", "/"), ("/policies?x=1", "/?x=1")):
        for method in ("GET", "HEAD"):
            status, headers, body = raw(server.url, method, target)
            assert (status, headers.get("Location")) == (308, to), (method, target, status, headers)
            assert body == (b"" if method == "HEAD" else b"see " + to.encode() + b"\n")


def test_a_browser_following_it_lands_on_the_page(server):
    r = requests.get(server.url + "/policies/customer_tier/", timeout=WAIT)
    assert r.status_code == 200 and r.url == server.url + "/policies/customer_tier"
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert re.search(r'<script type="application/json" id="page-data">', r.text)
    assert [h.status_code for h in r.history] == [308]
    index = requests.get(server.url + "/policies/", timeout=WAIT)
    assert index.status_code == 200 and index.url == server.url + "/"
    # An unknown policy still ends on the page that says so.
    assert requests.get(server.url + "/policies/no_such_policy/", timeout=WAIT).status_code == 404


def test_an_encoded_slash_or_two_slashes_are_not_redirected(server):
    for target in ("/policies/customer_tier%2F", "/policies/customer_tier//", "/policies/a/b/"):
        status, headers, body = raw(server.url, "GET", target)
        assert status == 404 and "Location" not in headers, (target, status, headers)


def test_another_method_is_the_pages_405(server):
    r = requests.post(server.url + "/policies/customer_tier/", data=b"{}", timeout=WAIT,
                      allow_redirects=False)
    assert r.status_code == 405 and r.headers["Allow"] == "GET, HEAD"
    assert r.json()["error"]["code"] == "method_not_allowed"
    assert "Location" not in r.headers
