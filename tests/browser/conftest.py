"""Fixtures of the workbench's browser tests: `verdict serve` on a free port
with a token file, and headless Debian chromium driven by Selenium.

Environment: VERDICT_BIN (the verdict binary), VERDICT_PACK (the pack
folder), SCREENSHOTS (where page screenshots go). Nothing is skipped: a
missing browser, driver or binary fails the run.
"""
import os
import re
import subprocess
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "workbench-test-token-7d1f"


def _serve(pack, tmp):
    """Starts `verdict serve PACK` on a free port with a token file; returns
    (process, info) once it listens, or fails the test."""
    binary = os.environ.get("VERDICT_BIN", str(ROOT / "build" / "verdict"))
    assert Path(binary).is_file(), f"no verdict binary at {binary}"
    token_file = tmp / "token"
    token_file.write_text(TOKEN + "\n")
    log = tmp / "stderr.log"
    with open(log, "wb") as err:
        proc = subprocess.Popen(
            [binary, "serve", str(pack), "--listen", "127.0.0.1:0", "--token-file", str(token_file)],
            stdout=subprocess.DEVNULL, stderr=err)
    url = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and url is None:
        m = re.search(r"verdict serve: listening on (http://[0-9.]+:\d+)", log.read_text(errors="replace"))
        if m:
            url = m.group(1)
        elif proc.poll() is not None:
            break
        else:
            time.sleep(0.05)
    if url is None:
        proc.kill()
        pytest.fail("verdict serve did not start:\n" + log.read_text(errors="replace"))
    return proc, {"url": url, "token": TOKEN, "pack": Path(pack), "log": log}


def _stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    pack = os.environ.get("VERDICT_PACK", str(ROOT / "rules" / "bss"))
    proc, info = _serve(pack, tmp_path_factory.mktemp("serve"))
    yield info
    _stop(proc)


# A pack whose policy loads with a warning: a money output that may need
# rounding (src/compile/money_places.h).
WARNED_POLICY = """policy: fees
record: request
fields:
  amount: money
outputs:
  fee: money
decisions:
  - id: fee
    rules:
      - id: five_percent
        then: {fee: "=request.amount * 0.05"}
"""


@pytest.fixture(scope="module")
def warned_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("warned")
    pack = tmp / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text('pack: warned\nversion: "1"\nzone: "+08:00"\n')
    (pack / "fees.yaml").write_text(WARNED_POLICY)
    proc, info = _serve(pack, tmp)
    yield info
    _stop(proc)


@pytest.fixture(scope="session")
def browser():
    opts = webdriver.ChromeOptions()
    opts.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1440,900", "--lang=en-US", "--no-first-run"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path: Selenium Manager never downloads anything.
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=opts)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def shots():
    d = Path(os.environ.get("SCREENSHOTS", str(ROOT / "build" / "screenshots")))
    d.mkdir(parents=True, exist_ok=True)
    return d
