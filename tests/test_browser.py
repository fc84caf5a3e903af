"""One real browser test: headless Chromium searches the served archive for an inflected Finnish word.

Debian's chromium and chromedriver are installed by scripts/test.sh where missing. The screenshot
is saved to test-artifacts/browser-search.png for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsflow.cli import cli

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def _browser() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not (chromium and driver):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromedriver are missing: scripts/test.sh installs them")
        pytest.skip("chromium and chromedriver are not installed here (scripts/test.sh installs them)")
    return chromium, driver


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_staff_search_an_inflected_finnish_word_in_a_real_browser(tmp_path):
    chromium, driver_path = _browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    db = tmp_path / "archive.db"
    assert CliRunner().invoke(cli, ["demo", "--db", str(db), "--port", "0"]).exit_code == 0
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "newsflow", "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    options = Options()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-quic", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,1400"):
        options.add_argument(flag)
    browser = None
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        browser = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
        browser.set_page_load_timeout(30)
        ARTIFACTS.mkdir(exist_ok=True)
        try:
            browser.get(f"http://127.0.0.1:{port}/archive/search")
            box = WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.NAME, "q")))
            box.clear()
            box.send_keys("Seinäjoella")  # the adessive: the archive has "Seinäjoen", "Seinäjoelle", "Seinäjoki"
            box.send_keys(Keys.ENTER)
            WebDriverWait(browser, 30).until(
                ec.presence_of_element_located((By.CSS_SELECTOR, "table.rows-and-columns td")))
        finally:  # what the browser showed, also when a wait failed
            browser.save_screenshot(str(ARTIFACTS / "browser-search.png"))
            (ARTIFACTS / "browser-search.txt").write_text(
                f"{browser.current_url}\n\n{browser.find_element(By.TAG_NAME, 'body').text}", encoding="utf-8")
        page = browser.find_element(By.TAG_NAME, "body").text
        assert "Seinäjoki mukana kansainvälisessä työllisyyden HOPE-hankkeessa" in page
        row = next(tr.text for tr in browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")
                   if "Seinäjoki mukana kansainvälisessä" in tr.text)
        for tag in ("HOPE project", "City of Seinäjoki", "COSME Programme"):
            assert tag in row
        assert (ARTIFACTS / "browser-search.png").stat().st_size > 10_000
    finally:
        if browser is not None:
            browser.quit()
        server.terminate()
        server.wait(timeout=10)
