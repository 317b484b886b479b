"""The workbench on packs of a test's own (each served for that test):
the evaluation date's default in the pack's zone, decision ids with a dot
(the policy's own and a used policy's), a double, a dyn and a field named
as_of, and a pack reloaded under an open page."""
import datetime as dt
import json
import os
import re
import shutil
import subprocess

from conftest import ROOT, _serve, _stop
from pages import AS_OF, console_errors, http, open_page, serving, try_case, wait
from selenium.webdriver.common.by import By


def test_as_of_defaults_to_the_packs_today(browser, tmp_path):
    # Today in the pack's zone, not the browser's UTC date, and again after
    # the form is reset: +14:00 and -12:00 are 26 hours apart, so at any
    # moment at least one of them is not the UTC date.
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
