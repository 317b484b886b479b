"""What the workbench's browser tests share: waiting for and reading a
page, a plain HTTP call, trying a case on a policy's page, and serving a
pack of one's own (conftest.py's fixtures serve rules/bss)."""
import contextlib
import urllib.error
import urllib.request

from conftest import _serve, _stop
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

AS_OF = "2026-11-24"


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


@contextlib.contextmanager
def serving(tmp_path, name, policy, others=None):
    """`verdict serve` on a pack of one policy, NAME (POLICY its text), and
    OTHERS (name -> text), written under tmp_path; yields (pack folder,
    server info), and stops the server after."""
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
