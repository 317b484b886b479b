"""The policy workbench in a real browser (headless chromium): every page
loads without a console error, the try-it form decides a case of every
policy of rules/bss and marks the rows that matched, an invalid input shows
its field's error, the pack's tests reach all 48 rules, and a JSON Lines
sample draws its chart. Expected decisions come from the handbook rules
(../shared/spec/bss-policies.md), not from the service's answers."""
import json
import re
from collections import Counter
from decimal import Decimal

import pytest
from pages import AS_OF, console_errors, http, open_page, screenshot, try_case, wait
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

POLICIES = ["customer_rank_tier", "customer_tier", "number_grade", "refund_approval", "retention_followup"]
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
