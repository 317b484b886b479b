"""The policy workbench in a real browser (headless chromium): every page
loads without a console error, the try-it form decides a case of every
policy of rules/bss and marks the rows that matched, an invalid input shows
its field's error, the pack's tests reach all 48 rules, and a JSON Lines
sample draws its chart. Expected decisions come from the handbook rules
(../shared/spec/bss-policies.md), not from the service's answers."""
import contextlib
import json
import os
import re
import subprocess
import urllib.error
import urllib.request
from collections import Counter
from decimal import Decimal

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

POLICIES = ["customer_rank_tier", "customer_tier", "number_grade", "refund_approval", "retention_followup"]
AS_OF = "2026-11-24"

# One case per policy: the inputs typed, outputs expected, and exactly the
# rows ("decision/rule" on this page) that must be marked matched.
CASES = {
    "customer_tier": {
        "fields": {"customer_id": "C1", "arpu": "60.00"},
        "expect": {"tier": "high", "archive_required": "true", "visit_interval_months": "2"},
        "matched": {"customer_tier/tier/high-end"},
        "seen": {"customer_tier/tier/high-end": "customer.arpu = 60"},
    },
    "customer_rank_tier": {  # one record: nobody spends more, share 0
        "fields": {"customer_id": "R1", "monthly_spend": "88.50"},
        "expect": {"tier": "high", "share": "0"},
        "matched": {"customer_rank_tier/rank/top_20"},
    },
    "refund_approval": {
        "fields": {"request_id": "R1", "account_id": "A1", "amount": "150", "month_to_date_refunded": "60",
                   "cause": "billing_dispute", "has_basis_document": "true", "cause_description": "double charge"},
        "expect": {"status": "route", "cumulative_amount": "210", "amount_approver": "city_branch_deputy_manager",
                   "approval_chain": "[functional_department_head, marketing_department_head, city_branch_deputy_manager]"},
        "matched": {"refund_approval/cause_approvers/commercial", "refund_approval/routing/route",
                    "refund_approval/stages/six_stages", "refund_approval/amount_band/from_200"},
        "seen": {"refund_approval/amount_band/from_200": "amount = 210"},
    },
    "number_grade": {  # trailing 2340088 is XXXAABB: grade C (prepay 200, ringtone 1 year)
        "fields": {"number": "13912340088"},
        "expect": {"grade": "C", "grade_name": "丙级", "matched_pattern": "XXXAABB", "eligible": "false",
                   "unmet": "[prepay, ringtone]"},
        "matched": {"number_grade/grade/grade_c", "number_grade/release_terms/terms_c", "number_grade/unmet/prepay",
                    "number_grade/unmet/ringtone", "number_grade/eligibility/terms_unmet", "number_grade/waiver/no_waiver"},
    },
    "retention_followup": {  # high-end, never visited or called: both due today
        "fields": {"customer_id": "C7", "arpu": "60", "monthly_spend": "60", "last_month_spend": "60"},
        "expect": {"tier": "high"},
        "matched": {"retention_followup/tier/tier_from_customer_tier", "retention_followup/actions/periodic_visit",
                    "retention_followup/actions/periodic_call"},
    },
}

RULE_ROWS = {}  # policy -> number of rule rows its page shows


def console_errors(driver):
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def wait(driver, cond, timeout=30):
    return WebDriverWait(driver, timeout).until(cond)


def screenshot(driver, path):
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1440, min(max(900, height), 12000))
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(path))
    driver.set_window_size(1440, 900)


def open_page(driver, server, path):
    driver.get(server["url"] + path)
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    if path.startswith("/policies/"):
        wait(driver, lambda d: d.find_element(By.ID, "policy-title").text != "Policy")


def http(server, method, path, token=None, body=None, ctype=None):
    req = urllib.request.Request(server["url"] + path, method=method, data=body)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if ctype:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def test_index_lists_the_pack_and_its_policies(server, browser, shots):
    browser.get_log("browser")
    open_page(browser, server, "/")
    version = re.search(r"^version:\s*(\S+)", (server["pack"] / "pack.yaml").read_text(), re.M).group(1)
    status, _, ready = http(server, "GET", "/readyz")
    assert status == 200
    pack = json.loads(ready)["pack"]
    identity = browser.find_element(By.ID, "pack-identity").text
    assert version in identity and pack["content_hash"] in identity and pack["name"] in identity
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#policies a")]
    assert sorted(l.rsplit("/", 1)[1] for l in links) == POLICIES
    assert "高端用户" in browser.find_element(By.ID, "policies").text  # Chinese as written
    screenshot(browser, shots / "index.png")
    assert console_errors(browser) == []
    # The token, typed once, is kept for the session's API calls.
    browser.find_element(By.ID, "token").send_keys(server["token"])


def test_pages_and_structure_need_no_token_but_the_api_does(server):
    status, headers, body = http(server, "GET", "/policies/customer_tier")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert http(server, "GET", "/v1/policies/customer_tier/structure")[0] == 401
    assert http(server, "POST", "/v1/tests")[0] == 401
    assert http(server, "GET", "/policies/no_such_policy")[0] == 404
    assert http(server, "GET", "/assets/nothing.js")[0] == 404
    status, _, body = http(server, "GET", "/v1/policies/customer_tier/structure", server["token"])
    assert status == 200
    rows = {r["id"]: r["cells"] for r in json.loads(body)["policy"]["decisions"][0]["rules"]}
    assert rows["high-end"][0] == ">= 60" and rows["mid"][0] == "[30..60)" and rows["mass"][0] == "< 30"
    assert http(server, "GET", "/v1/policies/nope/structure", server["token"])[0] == 404


def test_the_missing_policy_page_keeps_its_title(server, browser):
    # The index's script, which this page shares, overwrote its title with
    # the pack's: a screen reader's tab said "bss 2026.11.0".
    browser.get(server["url"] + "/policies/no_such_policy")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#policies li"))
    assert browser.find_element(By.ID, "pack-title").text == "No such policy"
    assert browser.title == "No such policy – Verdict workbench"


@pytest.mark.parametrize("policy", POLICIES)
def test_policy_page_decides_a_case_and_marks_matched_rows(server, browser, shots, policy):
    browser.get_log("browser")
    open_page(browser, server, "/policies/" + policy)
    assert browser.find_element(By.ID, "policy-title").text == policy
    RULE_ROWS[policy] = len(browser.find_elements(By.CSS_SELECTOR, "table.rules tbody tr[data-rule]"))
    case = CASES[policy]
    for name, value in case["fields"].items():
        box = browser.find_element(By.NAME, name)
        if box.tag_name == "select":
            Select(box).select_by_value(value)
        else:
            box.clear()
            box.send_keys(value)
    as_of = browser.find_element(By.NAME, "as_of")
    assert as_of.get_attribute("type") == "date"
    browser.execute_script("arguments[0].value = arguments[1]", as_of, AS_OF)
    browser.find_element(By.ID, "decide").click()
    wait(browser, lambda d: d.find_elements(By.ID, "decision-outputs") or d.find_elements(By.CSS_SELECTOR, "#try-result .error"))
    assert not browser.find_elements(By.CSS_SELECTOR, "#try-result .error"), browser.find_element(By.ID, "try-result").text
    for name, want in case["expect"].items():
        got = browser.find_element(By.CSS_SELECTOR, f'#decision-outputs tr[data-output="{name}"] td').text
        assert got == want, (name, got, want)
    matched = set()
    for tr in browser.find_elements(By.CSS_SELECTOR, "tr.matched"):
        table = tr.find_element(By.XPATH, "./ancestor::table[1]")
        matched.add(table.get_attribute("data-decision") + "/" + tr.get_attribute("data-rule"))
    assert matched == case["matched"]
    for key, text in case.get("seen", {}).items():
        decision, rule = key.rsplit("/", 1)
        cell = browser.find_element(By.CSS_SELECTOR, f'table[data-decision="{decision}"] tr[data-rule="{rule}"] td.seen')
        assert text in cell.text, cell.text
    screenshot(browser, shots / f"policy_{policy}.png")
    if policy == "refund_approval":  # the README's picture: one screen of a decided case
        browser.execute_script("document.getElementById('decisions').scrollIntoView()")
        browser.save_screenshot(str(shots / "readme_refund_approval_decided.png"))
    assert console_errors(browser) == []


def test_policy_page_shows_tables_as_written(server, browser):
    open_page(browser, server, "/policies/refund_approval")
    text = browser.find_element(By.ID, "decisions").text
    # The function's table, its cells as written, and its Chinese description.
    fn = browser.find_element(By.CSS_SELECTOR, 'table[data-decision="refund_approval/amount_band"]')
    cells = [td.text for td in fn.find_elements(By.CSS_SELECTOR, "td.cond")]
    assert "[200..500)" in cells and ">= 500" in cells and "< 200" in cells
    assert "主管部门负责人" in text and "各县经过总经理审批" in text
    fields = browser.find_element(By.ID, "fields").text
    assert "money" in fields and "enum(" in fields
    assert browser.find_element(By.NAME, "cause").tag_name == "select"
    assert browser.find_element(By.NAME, "amount").get_attribute("type") == "text"
    open_page(browser, server, "/policies/retention_followup")
    assert browser.find_element(By.NAME, "birthday").get_attribute("type") == "date"
    uses = browser.find_element(By.ID, "policy-meta").find_element(By.LINK_TEXT, "customer_tier")
    assert uses.get_attribute("href").endswith("/policies/customer_tier")
    assert console_errors(browser) == []


def test_keyboard_only_decision(server, browser):
    open_page(browser, server, "/policies/customer_tier")
    browser.execute_script("document.getElementById('as_of').value = arguments[0]", AS_OF)
    first = browser.find_element(By.NAME, "customer_id")
    first.send_keys("K1", Keys.TAB)
    active = browser.switch_to.active_element
    assert active.get_attribute("name") == "arpu"
    active.send_keys("29.99", Keys.ENTER)
    wait(browser, lambda d: d.find_elements(By.ID, "decision-outputs"))
    assert browser.find_element(By.CSS_SELECTOR, '#decision-outputs tr[data-output="tier"] td').text == "mass"
    assert console_errors(browser) == []


@pytest.mark.parametrize("policy,field,value,expect", [
    ("customer_tier", "arpu", "lots", r"not a number: "),     # the page refuses it, sends nothing
    ("number_grade", "number", "12ab", r"invalid_value: "),   # fails the pattern
    ("refund_approval", "amount", "-5", r"invalid_value: "),  # fails the check > 0
])
def test_invalid_input_shows_the_fields_error(server, browser, shots, policy, field, value, expect):
    open_page(browser, server, "/policies/" + policy)
    for name, v in CASES[policy]["fields"].items():
        box = browser.find_element(By.NAME, name)
        if box.tag_name == "select":
            Select(box).select_by_value(v)
        else:
            box.send_keys(v if name != field else value)
    browser.execute_script("document.getElementById('as_of').value = arguments[0]", AS_OF)
    browser.find_element(By.ID, "decide").click()
    err = wait(browser, lambda d: d.find_element(By.ID, "err-" + field).text or False)
    assert re.match(expect, err), err
    assert browser.find_element(By.NAME, field).get_attribute("aria-invalid") == "true"
    # Other fields carry no error, and nothing is marked matched.
    others = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".field-error") if e.get_attribute("id") != "err-" + field]
    assert not any(others)
    assert not browser.find_elements(By.CSS_SELECTOR, "tr.matched")
    if policy == "customer_tier":
        screenshot(browser, shots / "invalid_input.png")
    assert console_errors(browser) == []


def test_coverage_reaches_all_48_rules(server, browser, shots):
    assert sum(RULE_ROWS.values()) == 48, RULE_ROWS  # the pages show the pack's 48 rules
    open_page(browser, server, "/policies/refund_approval")
    browser.find_element(By.ID, "run-tests").click()
    summary = wait(browser, lambda d: d.find_elements(By.ID, "coverage-summary") or d.find_elements(By.CSS_SELECTOR, "#coverage-result .error"))
    text = summary[0].text
    m = re.match(r"(\d+) of (\d+) rules of the pack reached; (\d+) test cases passed, (\d+) failed", text)
    assert m, text
    assert (int(m.group(1)), int(m.group(2))) == (48, 48)
    assert int(m.group(3)) > 0 and int(m.group(4)) == 0
    assert not browser.find_elements(By.CSS_SELECTOR, "tr.unreached")
    counts = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "table.rules td.cov")]
    assert counts and all(c.isdigit() and int(c) > 0 for c in counts), counts
    screenshot(browser, shots / "coverage_refund_approval.png")
    assert console_errors(browser) == []


def tier_of(arpu):  # the handbook: >= 60 high, [30, 60) mid, < 30 mass
    return "high" if arpu >= 60 else "mid" if arpu >= 30 else "mass"


def test_sample_upload_draws_its_chart(server, browser, shots, tmp_path):
    arpus = [Decimal(i * 7) / 2 for i in range(40)]  # 0, 3.5, ..., 136.5
    lines = [json.dumps({"customer_id": f"S{i}", "arpu": float(a)}) for i, a in enumerate(arpus)]
    invalid = ['{"customer_id": "X1"}', '{"customer_id": "X2", "arpu": "lots"}', "not json"]
    lines[5:5] = invalid[:2]
    lines.append(invalid[2])
    sample = tmp_path / "customers.jsonl"
    sample.write_text("\n".join(lines) + "\n")
    want = Counter(tier_of(a) for a in arpus)

    open_page(browser, server, "/policies/customer_tier")
    browser.execute_script("document.getElementById('as_of').value = arguments[0]", AS_OF)
    browser.find_element(By.ID, "sample-file").send_keys(str(sample))
    wait(browser, lambda d: d.find_elements(By.ID, "sample-chart"))
    bars = browser.find_elements(By.CSS_SELECTOR, "#sample-chart rect.chart-bar")
    got = {b.get_attribute("data-value"): int(b.get_attribute("data-count")) for b in bars}
    assert got == dict(want)
    assert "43 records: 40 decided, 3 invalid" in browser.find_element(By.ID, "sample-summary").text
    rows = browser.find_elements(By.CSS_SELECTOR, "#invalid-records tbody tr")
    seen = [[td.text for td in r.find_elements(By.TAG_NAME, "td")][:3] for r in rows]
    assert [s[0] for s in seen] == ["6", "7", "43"]
    assert seen[0][1:] == ["arpu", "missing_field"]
    assert seen[1][1] == "arpu" and seen[2][2] == "invalid_json"
    screenshot(browser, shots / "sample_customer_tier.png")
    assert console_errors(browser) == []


def test_openapi_documents_the_workbench_endpoints(server):
    status, _, text = http(server, "GET", "/openapi.json")
    assert status == 200
    paths = json.loads(text)["paths"]
    structure = paths["/v1/policies/{policy}/structure"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    report = paths["/v1/tests"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    for page in ("/", "/policies/{name}", "/assets/{file}"):
        assert paths[page]["get"]["security"] == []
    # Every key the document requires is in the service's answers.
    got = json.loads(http(server, "GET", "/v1/policies/refund_approval/structure", server["token"])[2])
    assert set(structure["required"]) <= set(got)
    policy = structure["properties"]["policy"]
    assert set(policy["required"]) <= set(got["policy"])
    decision = policy["properties"]["decisions"]["items"]
    assert all(set(decision["required"]) <= set(d) for d in got["policy"]["decisions"])
    fn = policy["properties"]["functions"]["items"]
    assert got["policy"]["functions"] and set(fn["required"]) <= set(got["policy"]["functions"][0])
    rep = json.loads(http(server, "POST", "/v1/tests", server["token"])[2])
    assert set(report["required"]) <= set(rep)
    rule_keys = report["properties"]["rules"]["items"]["required"]
    assert rep["rules"] and all(set(rule_keys) <= set(r) for r in rep["rules"])


def test_policy_page_shows_the_table_analysis(server, browser, shots):
    # number_grade keeps four dead grade A patterns on purpose (the spec's
    # list: X is any digit, so XXXAAAA and XXABCDE match their numbers
    # first); customer_tier's table has no gap, dead row or overlap.
    open_page(browser, server, "/policies/number_grade")
    items = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#analysis-list li"))
    assert all(i.get_attribute("class") == "finding-allowed" for i in items)
    named = {p for i in items for p in ("XXAAAAA", "XAAAAAA", "AAAAAAA", "XABCDEF")
             if "dead row " + p + " " in i.text}
    assert named == {"XXAAAAA", "XAAAAAA", "AAAAAAA", "XABCDEF"} and len(items) == 4
    screenshot(browser, shots / "analysis_number_grade.png")
    open_page(browser, server, "/policies/customer_tier")
    box = wait(browser, lambda d: d.find_element(By.ID, "analysis-list"))
    wait(browser, lambda d: "Table analysis" in box.text)
    assert "No gaps, dead rows or overlaps" in box.text
    assert browser.find_elements(By.CSS_SELECTOR, "#analysis-list li") == []
    assert console_errors(browser) == []


def test_policy_page_shows_the_load_warnings(warned_server, server, browser, shots):
    # The warning `verdict check` prints for a money output that may need
    # rounding is on the policy's page and in its structure, at the same
    # line and column; the shipped pack has none, and shows none.
    status, _, text = http(warned_server, "GET", "/v1/policies/fees/structure", warned_server["token"])
    assert status == 200
    warnings = json.loads(text)["warnings"]
    assert [(w["line"], w["column"]) for w in warnings] == [(11, 22)]
    assert warnings[0]["message"].startswith(
        "money has at most 4 decimal places, but this expression can have 6")
    open_page(browser, warned_server, "/policies/fees")
    items = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#analysis-list .load-warnings li"))
    assert len(items) == 1 and items[0].get_attribute("class") == "finding-warning"
    assert "(line 11, column 22)" in items[0].text and "=math.round(request.amount * 0.05, 4)" in items[0].text
    assert "Warnings when the pack was loaded" in browser.find_element(By.ID, "analysis-list").text
    screenshot(browser, shots / "load_warnings.png")
    assert console_errors(browser) == []
    for policy in POLICIES:
        got = json.loads(http(server, "GET", f"/v1/policies/{policy}/structure", server["token"])[2])
        assert got["warnings"] == [], policy
    open_page(browser, server, "/policies/refund_approval")
    wait(browser, lambda d: "Table analysis" in d.find_element(By.ID, "analysis-list").text)
    assert browser.find_elements(By.CSS_SELECTOR, "#analysis-list .load-warnings li") == []


def test_as_of_defaults_to_the_packs_today(browser, tmp_path):
    # Today in the pack's zone, not the browser's UTC date, and again after
    # the form is reset: +14:00 and -12:00 are 26 hours apart, so at any
    # moment at least one of them is not the UTC date.
    import datetime as dt
    import shutil
    from conftest import ROOT, _serve, _stop
    for hours in (14, -12):
        pack = tmp_path / ("pack%+d" % hours)
        shutil.copytree(ROOT / "rules" / "bss", pack)
        text = (pack / "pack.yaml").read_text()
        (pack / "pack.yaml").write_text(text.replace('zone: "+08:00"', 'zone: "%+03d:00"' % hours))
        served = tmp_path / ("serve%+d" % hours)
        served.mkdir()
        proc, info = _serve(pack, served)
        try:
            zone = dt.timezone(dt.timedelta(hours=hours))
            before = dt.datetime.now(zone).date().isoformat()
            open_page(browser, info, "/policies/customer_tier")
            after = dt.datetime.now(zone).date().isoformat()
            as_of = browser.find_element(By.NAME, "as_of")
            assert as_of.get_attribute("value") in (before, after), hours
            today = as_of.get_attribute("value")
            browser.execute_script("arguments[0].value = '2001-01-01'", as_of)
            browser.execute_script("document.getElementById('try-form').reset()")
            wait(browser, lambda d: d.find_element(By.NAME, "as_of").get_attribute("value") == today)
        finally:
            _stop(proc)


def try_case(browser, server, policy, fields, as_of=AS_OF):
    """Opens POLICY's page, types FIELDS (name -> text, sent as keys, so
    exactly what a user types), sets as_of (None: leave it) and presses
    Decide. The token is set for the page's origin (each server has its own)."""
    browser.get_log("browser")  # drains what earlier tests logged
    open_page(browser, server, "/policies/" + policy)
    browser.execute_script("sessionStorage.setItem('verdict.token', arguments[0])", server["token"])
    for name, value in fields.items():
        box = browser.find_element(By.NAME, name)
        if box.tag_name == "select":
            Select(box).select_by_value(value)
        else:
            box.send_keys(value)
    if as_of is not None:
        browser.execute_script("document.getElementById('as_of').value = arguments[0]", as_of)
    browser.find_element(By.ID, "decide").click()


@pytest.mark.parametrize("value", [" 13912340088", "  "])
def test_text_is_sent_as_typed(server, browser, value):
    # Not trimmed: " 1..." fails number's pattern as the API says (it used to
    # be trimmed and decided), and "  " is a text, not a missing field.
    try_case(browser, server, "number_grade", {"number": value})
    err = wait(browser, lambda d: d.find_element(By.ID, "err-number").text or False)
    assert err.startswith("invalid_value: "), err
    assert not browser.find_elements(By.ID, "decision-outputs")
    assert console_errors(browser) == []


@pytest.mark.parametrize("value", ["0100", ".5", "1.", "1,5", " 60", "60 "])
def test_a_number_that_is_not_json_is_refused_by_the_page(server, browser, value):
    # 0100 used to be sent raw (invalid JSON: "invalid JSON" blamed on the
    # user), .5 and 1. as strings (wrong_type); now the page sends nothing.
    try_case(browser, server, "customer_tier", {"customer_id": "C1", "arpu": value})
    err = wait(browser, lambda d: d.find_element(By.ID, "err-arpu").text or False)
    assert err == "not a number: type it as a JSON number, e.g. 12, 12.50 or 1e2"
    assert browser.find_element(By.NAME, "arpu").get_attribute("aria-invalid") == "true"
    assert browser.find_element(By.ID, "form-error").text == "Not sent: arpu cannot be read (see beside the field)."
    assert not browser.find_elements(By.ID, "decision-outputs")
    assert console_errors(browser) == []


@pytest.mark.parametrize("value,tier", [("1e2", "high"), ("6.0E1", "high"), ("-0", "mass"), ("29.99", "mass")])
def test_a_json_number_is_sent_as_its_text(server, browser, value, tier):
    try_case(browser, server, "customer_tier", {"customer_id": "C1", "arpu": value})
    wait(browser, lambda d: d.find_elements(By.ID, "decision-outputs") or d.find_elements(By.CSS_SELECTOR, "#try-result .error"))
    assert not browser.find_elements(By.CSS_SELECTOR, "#try-result .error"), browser.find_element(By.ID, "try-result").text
    assert browser.find_element(By.CSS_SELECTOR, '#decision-outputs tr[data-output="tier"] td').text == tier
    assert console_errors(browser) == []


NOT_A_DATE = "not a date: type a whole date that exists (month, day and year)"


@pytest.mark.parametrize("typed", ["02302026", "0215"])  # Feb 30; no year yet (en-US: mm/dd/yyyy)
def test_a_date_the_browser_cannot_read_is_refused(server, browser, typed):
    # Such an input has value '' (badInput): the page used to send the record
    # without the date, or decide as of today for as_of.
    fields = dict(CASES["retention_followup"]["fields"])
    try_case(browser, server, "retention_followup", {**fields, "birthday": typed})
    err = wait(browser, lambda d: d.find_element(By.ID, "err-birthday").text or False)
    assert err == NOT_A_DATE
    assert browser.find_element(By.NAME, "birthday").get_attribute("aria-invalid") == "true"
    assert browser.find_element(By.ID, "form-error").text == "Not sent: birthday cannot be read (see beside the field)."
    assert not browser.find_elements(By.ID, "decision-outputs")
    # as_of: typed over, unreadable; then emptied.
    open_page(browser, server, "/policies/customer_tier")
    browser.execute_script("sessionStorage.setItem('verdict.token', arguments[0])", server["token"])
    browser.find_element(By.NAME, "customer_id").send_keys("C1")
    browser.find_element(By.NAME, "arpu").send_keys("60")
    as_of = browser.find_element(By.NAME, "as_of")
    browser.execute_script("arguments[0].value = ''", as_of)
    as_of.send_keys(typed)
    assert browser.execute_script("return arguments[0].validity.badInput", as_of) is True
    browser.find_element(By.ID, "decide").click()
    err = wait(browser, lambda d: d.find_element(By.ID, "err-eval-as_of").text or False)
    assert err == NOT_A_DATE
    assert browser.find_element(By.ID, "form-error").text == "Not sent: the evaluation date cannot be read (see beside the field)."
    assert not browser.find_elements(By.ID, "decision-outputs")
    browser.execute_script("arguments[0].value = ''", as_of)
    browser.find_element(By.ID, "decide").click()
    wait(browser, lambda d: d.find_element(By.ID, "err-eval-as_of").text == "no date: type the evaluation date")
    assert not browser.find_elements(By.ID, "decision-outputs")
    assert console_errors(browser) == []


# A decision id with "." (`verdict check` accepts it): the trace says
# "decision": "step.one", which the page used to split as policy "step".
DOTTED_POLICY = """policy: dotted
record: request
fields:
  amount: money
outputs:
  size: string
decisions:
  - id: step.one
    hit: first
    rules:
      - id: big
        when: [request.amount >= 100]
        then: {size: big}
      - id: small
        then: {size: small}
"""


@contextlib.contextmanager
def serving(tmp_path, name, policy, others=None):
    """`verdict serve` on a pack of one policy, NAME (POLICY its text), and
    OTHERS (name -> text), written under tmp_path; yields (pack folder,
    server info), and stops the server after."""
    from conftest import _serve, _stop
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text(f'pack: {name}\nversion: "1"\nzone: "+08:00"\n')
    for file, text in {name: policy, **(others or {})}.items():
        (pack / f"{file}.yaml").write_text(text)
    proc, info = _serve(pack, tmp_path)
    try:
        yield pack, info
    finally:
        _stop(proc)


def test_a_decision_id_with_a_dot_marks_its_row(browser, tmp_path):
    with serving(tmp_path, "dotted", DOTTED_POLICY) as (_, info):
        try_case(browser, info, "dotted", {"amount": "150"})
        wait(browser, lambda d: d.find_elements(By.ID, "decision-outputs") or d.find_elements(By.CSS_SELECTOR, "#try-result .error"))
        assert browser.find_element(By.CSS_SELECTOR, '#decision-outputs tr[data-output="size"] td').text == "big"
        matched = [(tr.find_element(By.XPATH, "./ancestor::table[1]").get_attribute("data-decision"), tr.get_attribute("data-rule"))
                   for tr in browser.find_elements(By.CSS_SELECTOR, "tr.matched")]
        assert matched == [("dotted/step.one", "big")]
        assert "in other policies" not in browser.find_element(By.ID, "try-result").text
        assert console_errors(browser) == []


# A used policy's decision "step.one", beside a policy named "step": the
# trace names it "used.step.one", which the page linked to policy "step".
CHAIN_POLICIES = {
    "used": DOTTED_POLICY.replace("policy: dotted", "policy: used"),
    "step": """policy: step
record: request
fields:
  amount: money
outputs:
  one: string
decisions:
  - id: one
    rules:
      - id: always
        then: {one: x}
""",
}
CHAIN_MAIN = """policy: main
record: request
uses: [used]
fields:
  amount: money
outputs:
  size: string
decisions:
  - id: copy
    rules:
      - id: from_used
        then: {size: "=used.size"}
"""


def test_a_used_policys_dotted_decision_links_to_that_policy(browser, tmp_path):
    with serving(tmp_path, "main", CHAIN_MAIN, CHAIN_POLICIES) as (_, info):
        try_case(browser, info, "main", {"amount": "150"})
        wait(browser, lambda d: d.find_elements(By.ID, "decision-outputs") or d.find_elements(By.CSS_SELECTOR, "#try-result .error"))
        assert browser.find_element(By.CSS_SELECTOR, '#decision-outputs tr[data-output="size"] td').text == "big"
        links = {a.text: a.get_attribute("href").split(info["url"])[-1]
                 for a in browser.find_elements(By.CSS_SELECTOR, "#try-result li a")}
        assert links == {"used.step.one": "/policies/used"}
        matched = [(tr.find_element(By.XPATH, "./ancestor::table[1]").get_attribute("data-decision"), tr.get_attribute("data-rule"))
                   for tr in browser.find_elements(By.CSS_SELECTOR, "tr.matched")]
        assert matched == [("main/copy", "from_used")]
        assert console_errors(browser) == []


TYPED_POLICY = """policy: typed
record: r
description: |
  First line.
  Second line.
fields:
  ratio: double
  extra: dyn?
  as_of: date
outputs:
  big: bool
  echo: string
decisions:
  - id: big
    rules:
      - id: all
        then: {big: "=r.ratio > 0.5", echo: "=string(r.extra)"}
"""


def test_a_double_a_dyn_and_a_field_named_as_of_can_be_tried(browser, tmp_path):
    # A double was sent as a string (refused: wrong_type) and a dyn only ever
    # as a string; a record field named as_of shared its error slot with the
    # evaluation date's. Every answer is the CLI's for the same record.
    from conftest import ROOT
    with serving(tmp_path, "typed", TYPED_POLICY) as (pack, info):
        try_case(browser, info, "typed", {"ratio": "0.75", "extra": "12", "as_of": "01/02/2026"})
        wait(browser, lambda d: d.find_elements(By.ID, "decision-outputs") or d.find_elements(By.CSS_SELECTOR, "#try-result .error"))
        outputs = {tr.get_attribute("data-output"): tr.find_element(By.TAG_NAME, "td").text
                   for tr in browser.find_elements(By.CSS_SELECTOR, "#decision-outputs tr[data-output]")}
        binary = os.environ.get("VERDICT_BIN", str(ROOT / "build" / "verdict"))
        cli = json.loads(subprocess.run(
            [binary, "eval", str(pack), "--policy", "typed", "--as-of", AS_OF],
            input='{"ratio": 0.75, "extra": 12, "as_of": "2026-01-02"}\n',
            capture_output=True, text=True, check=True).stdout)
        assert cli == {"big": True, "echo": "12"}
        assert outputs == {"big": "true", "echo": "12"}
        # The page's description keeps its lines.
        desc = browser.find_element(By.CSS_SELECTOR, "p.description")
        assert desc.value_of_css_property("white-space") == "pre-line"
        assert desc.text == "First line.\nSecond line."
        # The evaluation date emptied: its error beside it, not beside the
        # record's own as_of field.
        browser.execute_script("document.getElementById('as_of').value = ''")
        browser.find_element(By.ID, "decide").click()
        wait(browser, lambda d: d.find_element(By.ID, "err-eval-as_of").text == "no date: type the evaluation date")
        assert browser.find_element(By.ID, "err-as_of").text == ""
        assert browser.find_element(By.ID, "form-error").text == \
            "Not sent: the evaluation date cannot be read (see beside the field)."
        assert console_errors(browser) == []


def test_a_reloaded_pack_is_named_on_the_open_page(browser, tmp_path):
    # The page was opened on version 2026.11.0; after a reload the decision
    # comes from another version (Verdict-Pack), which the page says.
    import shutil
    from conftest import ROOT, _serve, _stop
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "rules" / "bss", pack)
    served = tmp_path / "serve"
    served.mkdir()
    proc, info = _serve(pack, served)
    try:
        case = {"customer_id": "C1", "arpu": "60"}
        try_case(browser, info, "customer_tier", case)
        wait(browser, lambda d: d.find_elements(By.ID, "decision-outputs"))
        assert not browser.find_elements(By.ID, "pack-changed")
        old = json.loads(http(info, "GET", "/v1/policies", info["token"])[2])["pack"]
        text = (pack / "pack.yaml").read_text()
        (pack / "pack.yaml").write_text(re.sub(r'(?m)^version: .*$', 'version: "2099.1.0"', text))
        status, _, body = http(info, "POST", "/v1/reload", info["token"])
        assert status == 200, body
        new = json.loads(body)["pack"]
        assert new["version"] == "2099.1.0"
        browser.find_element(By.ID, "decide").click()
        note = wait(browser, lambda d: d.find_elements(By.ID, "pack-changed"))[0].text
        assert note == ("The pack was reloaded: this case was decided by %s/2099.1.0/%s but this page shows %s/%s/%s. "
                        "Reload the page to see the rules that decided it." % (
                            new["name"], new["content_hash"], old["name"], old["version"], old["content_hash"]))
        assert browser.find_element(By.CSS_SELECTOR, '#decision-outputs tr[data-output="tier"] td').text == "high"
        # The pack's tests, run from the same page, ran on the new version:
        # said too (their counts are the new rules', not the page's).
        browser.find_element(By.ID, "run-tests").click()
        note = wait(browser, lambda d: d.find_elements(By.ID, "tests-pack-changed"))[0].text
        assert note == ("The pack was reloaded: the tests ran on %s/2099.1.0/%s but this page shows %s/%s/%s. "
                        "Reload the page to see the rules they counted." % (
                            new["name"], new["content_hash"], old["name"], old["version"], old["content_hash"]))
        assert console_errors(browser) == []
    finally:
        _stop(proc)
