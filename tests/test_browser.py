"""Real-browser journeys through the reading room: headless Chromium on `newsflow serve`.

Debian's chromium and chromedriver are installed by scripts/test.sh where missing. Each journey
saves a screenshot (and the page's text) under test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsflow.cli import cli

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
MIXED = "Seinäjoki mukana kansainvälisessä työllisyyden HOPE-hankkeessa"
FINNISH = "Toimintojen talo avaa ovensa nuorille"
FINNISH_TRANSLATED = "The House of Actions opens its doors to young people"


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


def _wait_until_serving(base: str, server: subprocess.Popen, timeout: float = 120) -> None:
    """Poll the home page until it answers (never a fixed sleep): a loaded machine only takes longer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"newsflow serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/", timeout=5) as r:
                if r.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    pytest.fail(f"newsflow serve did not answer within {timeout:.0f} s")


@pytest.fixture(scope="module")
def served(tmp_path_factory, packages) -> Iterator[dict]:
    """The demo archive, its Finnish paragraphs machine-translated by a tiny model, served by `newsflow serve`."""
    chromium, driver = _browser()
    root = tmp_path_factory.mktemp("readingroom")
    db = root / "archive.db"
    with pytest.MonkeyPatch.context() as mp:  # models go to this test's own folder, never the machine's
        mp.setenv("NEWSFLOW_MODELS_DIR", str(root / "models"))
        mp.setenv("ARGOS_PACKAGES_DIR", str(root / "argos"))
        runner = CliRunner()
        assert runner.invoke(cli, ["models", "install", str(packages["fi_en"])]).exit_code == 0
        assert runner.invoke(cli, ["demo", "--db", str(db), "--port", "0"]).exit_code == 0
    with sqlite3.connect(db) as conn:
        # A readable headline translation for the screenshot, stored as the pipeline stores one (the tiny test
        # model's own output is word salad; that the pipeline translates headlines is tested in test_translate.py).
        (article_id,) = conn.execute("select id from articles where title = ?", [FINNISH]).fetchone()
        conn.execute("update articles set title_translation = ? where id = ?", [FINNISH_TRANSLATED, article_id])
        conn.execute(
            """insert or replace into translations (article_id, position, target, source_language, text,
                        machine, provenance) values (?, -1, 'en', 'fi', ?, 1, 'ctranslate2 tiny fi-en@1.0')""",
            [article_id, FINNISH_TRANSLATED],
        )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "newsflow", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_serving(base, server)
        yield {"base": base, "db": db, "chromium": chromium, "driver": driver, "profile": root / "profile"}
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(served) -> Iterator:
    """One headless Chromium for the module's journeys (each starts by opening its page; they already shared one
    profile folder): starting and quitting one per journey cost about a second each."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = served["chromium"]
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        f"--user-data-dir={served['profile']}",
        "--window-size=1280,1400",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=served["driver"]), options=options)
    driver.set_page_load_timeout(60)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()


def _wait(browser, css: str):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, 60).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def _wait_for_url(browser, part: str) -> None:
    """Until the page the browser shows is one whose address holds ``part``: after a click, the old page may still
    hold what the new one is waited for by (a count, a table), so waiting for an element alone can read the old."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 60).until(lambda b: part in b.current_url)


def _save(browser, name: str) -> None:
    from selenium.webdriver.common.by import By

    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))
    (ARTIFACTS / f"{name}.txt").write_text(
        f"{browser.current_url}\n\n{browser.find_element(By.TAG_NAME, 'body').text}", encoding="utf-8"
    )


def _headlines(browser) -> list[str]:
    from selenium.webdriver.common.by import By

    return [e.text for e in browser.find_elements(By.CSS_SELECTOR, "ol.results .headline")]


def _titles(db: Path, sql: str, params: list) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute(sql, params)}


def test_type_seinajoella_on_the_home_page_and_see_every_seinajoki_release(served, browser):
    from selenium.webdriver.common.keys import Keys

    browser.get(served["base"] + "/")
    try:
        box = _wait(browser, "form.home-search input[name=q]")
        box.send_keys("Seinäjoella")  # the adessive: the releases say "Seinäjoen", "Seinäjoelle", "Seinäjoki"
        box.send_keys(Keys.ENTER)
        _wait(browser, "ol.results .headline")
    finally:
        _save(browser, "readingroom-search-seinajoella")
    found = set(_headlines(browser))
    seinajoki = _titles(served["db"], "select title from articles where partner = ?", ["City of Seinäjoki"])
    assert len(seinajoki) == 4 and seinajoki <= found
    assert MIXED in found  # the mixed Finnish/English release
    assert "q=Sein%C3%A4joella" in browser.current_url  # a URL to share
    marks = browser.find_elements("css selector", "ol.results mark")
    assert marks and all(m.text.lower().startswith("seinäjo") for m in marks)


def test_open_tag_hope_and_narrow_it_to_spring_2021(served, browser):
    from selenium.webdriver.common.by import By

    browser.get(served["base"] + "/")
    try:
        _wait(browser, ".side-col a.tag")
        next(a for a in browser.find_elements(By.CSS_SELECTOR, ".side-col a.tag") if a.text == "HOPE project").click()
        _wait(browser, "svg.month-chart")
        assert browser.find_element(By.TAG_NAME, "h1").text.startswith("HOPE project")
        all_hope = len(_headlines(browser))
        browser.find_element(By.NAME, "from").send_keys("2021-03-01")
        browser.find_element(By.NAME, "to").send_keys("2021-05-31")
        browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
        _wait_for_url(browser, "from=2021-03-01")
        _wait(browser, "p.count")
    finally:
        _save(browser, "readingroom-tag-hope-spring-2021")
    expected = _titles(
        served["db"],
        """select a.title from articles a join article_tags t on t.article_id = a.id
        where t.tag_id = 'hope' and a.published >= '2021-03-01' and a.published < '2021-06-01'""",
        [],
    )
    assert expected and set(_headlines(browser)) == expected and all_hope > len(expected)
    assert "1 March 2021" in browser.find_element(By.CSS_SELECTOR, "p.count").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.month-chart rect.bar")) > 12


def test_open_a_finnish_release_with_its_translated_headline_and_labelled_machine_translation(served, browser):
    from selenium.webdriver.common.by import By

    browser.get(served["base"] + "/")
    try:
        _wait(browser, "ol.results .headline a")
        browser.find_element(By.LINK_TEXT, FINNISH).click()
        _wait(browser, "article.release")
    finally:
        _save(browser, "readingroom-finnish-release")
    assert browser.find_element(By.CSS_SELECTOR, "h1.headline").text == FINNISH
    translated = browser.find_element(By.CSS_SELECTOR, "article.release .translated-headline").text
    assert FINNISH_TRANSLATED in translated and "MACHINE TRANSLATION" in translated.upper()
    boxes = browser.find_elements(By.CSS_SELECTOR, ".para .machine")
    assert boxes and all("tiny fi-en@1.0" in b.text and "machine translation" in b.text.lower() for b in boxes)
    facts = browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert "City of Seinäjoki" in facts and "2 September 2021" in facts and "Finnish" in facts


def test_find_the_subscribe_link(served, browser):
    from selenium.webdriver.common.by import By

    browser.get(served["base"] + "/")
    try:
        link = _wait(browser, "a.subscribe")
        assert link.is_displayed() and "Subscribe" in link.text
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    finally:
        _save(browser, "readingroom-subscribe")
    discovered = browser.find_element(By.CSS_SELECTOR, 'link[rel=alternate][type="application/atom+xml"]')
    discovered = discovered.get_attribute("href")
    # The link leads to a page in words (the staff probe: a feed opened in a browser is a wall of XML), with the
    # address to paste into Outlook or a feed reader: the feed that feed readers find in the page's head.
    link.click()
    address = _wait(browser, "input.feed-address")
    _save(browser, "readingroom-subscribe-page")
    assert "Outlook" in browser.find_element(By.TAG_NAME, "body").text
    assert address.get_attribute("value") == discovered
    with urllib.request.urlopen(address.get_attribute("value"), timeout=30) as r:
        assert r.headers["content-type"].startswith("application/atom+xml")
        feed = r.read().decode("utf-8")
    assert feed.count("<entry>") == 10 and MIXED in feed


def test_the_dissemination_report_renders(served, browser):
    """Issue 17: the HTML report, downloaded from the tag page, in a real browser."""
    from selenium.webdriver.common.by import By

    browser.get(served["base"] + "/-/tag/hope")
    try:
        _wait(browser, "p.exports")
        browser.find_element(By.LINK_TEXT, "web page").click()
        _wait(browser, "table")
    finally:
        _save(browser, "report-hope")
    assert browser.title == "Dissemination report: HOPE project"
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "HOPE-hankkeessa" in body and "Seinäjoki mukana kansainvälisessä työllisyyden HOPE-hankkeessa" in body


def test_a_tags_count_on_the_home_page_stays_on_one_line_beside_a_long_name(served, browser):
    """Staff probe: under "Mentioned lately", a two-digit count beside a long tag name wrapped digit by digit."""
    browser.get(served["base"] + "/")
    _wait(browser, ".tag-cloud li")
    heights = browser.execute_script(
        """const items = document.querySelectorAll('.tag-cloud li');
        const long = items[0], short = items[1];
        long.querySelector('a').textContent = 'Multi-professional and multi-sectoral collaboration in the region';
        long.querySelector('.muted').textContent = '123';
        short.querySelector('.muted').textContent = '1';
        return [long.querySelector('.muted').getBoundingClientRect().height,
                short.querySelector('.muted').getBoundingClientRect().height,
                long.querySelector('a').getBoundingClientRect().height];"""
    )
    _save(browser, "readingroom-home-long-tag")
    count, one_digit, name = heights
    assert name > 1.5 * one_digit  # the name wraps (the case in question) ...
    assert count == one_digit  # ... and the count beside it does not


def _on_a_phone(browser, width: int = 390):
    """The browser as a phone's: a viewport ``width`` CSS pixels wide (Chrome's own device emulation)."""
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": 1400, "deviceScaleFactor": 1, "mobile": True}
    )


def test_datasettes_own_table_and_row_pages_fit_a_phone(served, browser):
    """Staff probe: at 390 px Datasette's articles page was 527 px wide, so a phone scrolled sideways: the table's
    SQL at the foot of the page (a long index name) and each card's lines kept their desktop widths (text 20rem plus
    the card's indent); a headline of one long word ran off the card."""
    _on_a_phone(browser)
    try:
        for path in ("/archive/articles", "/archive/articles/1"):
            browser.get(served["base"] + path)
            _wait(browser, "table.rows-and-columns td.col-title")
            widths = browser.execute_script(
                """document.querySelector('td.col-title a').textContent =
                       'Lentokonesuihkuturbiinimoottoriapumekaanikkoaliupseerioppilas'.repeat(3);
                const text = document.querySelector('td.col-text');
                if (text) text.textContent = 'Teksti '.repeat(80);
                return [document.documentElement.scrollWidth, document.documentElement.clientWidth,
                        Math.max(...[...document.querySelectorAll('td.col-title, td.col-text, pre.wrapped-sql')]
                                 .map(e => e.getBoundingClientRect().right)),
                        Math.max(...[...document.querySelectorAll('td.col-title a')]
                                 .map(e => e.getBoundingClientRect().right))];"""
            )
            _save(browser, "datasette-phone" + path.replace("/", "-"))
            page, viewport, cell, headline = widths
            assert viewport <= 390 and page <= viewport, (path, widths)  # no sideways scrolling ...
            assert cell <= viewport and headline <= viewport, (path, widths)  # ... nor a line cut at the edge
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_pager_on_a_phone_keeps_each_link_on_one_line(served, browser):
    """Staff probe on a 20,000-release archive at 390 px: "← Previous page", "Page 1,000 of 1,001 (releases
    19,981–20,000)" and "Next page →" shared one line, so each link broke into three short lines ("←" / "Previous" /
    "page"), a small target for a thumb. The demo archive has one page: its pager is written in as the template
    writes a long one."""
    _on_a_phone(browser)
    try:
        browser.get(served["base"] + "/-/search")
        _wait(browser, "ol.results")
        sizes = browser.execute_script(
            """const nav = document.createElement('nav'); nav.className = 'pager';
            nav.innerHTML = '<a href="#p" rel="prev">← Previous page</a> '
                + '<span>Page 1,000 of 1,001 (releases 19,981–20,000)</span> <a href="#n" rel="next">Next page →</a>';
            document.querySelector('ol.results').after(nav);
            nav.scrollIntoView();
            const line = parseFloat(getComputedStyle(nav.querySelector('a')).lineHeight);
            const box = e => e.getBoundingClientRect();
            return [line, ...[...nav.querySelectorAll('a')].map(a => box(a).height),
                    box(nav).right, document.documentElement.clientWidth];"""
        )
        _save(browser, "readingroom-pager-phone")
        line, previous, following, right, viewport = sizes
        assert previous < 1.5 * line and following < 1.5 * line, sizes  # each link one line
        assert right <= viewport, sizes
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("width", [1280, 390])
def test_the_date_fields_show_their_whole_example(served, browser, width):
    """Staff probe: From's example "20.5.2025, May 2025, 7d" was cut after "7" (the field 11em wide), so the one
    hint that From takes "7d" for the last seven days read as a broken date."""
    _on_a_phone(browser, width)
    try:
        browser.get(served["base"] + "/-/search?q=hope")
        _wait(browser, ".filter-row input[name=from]")
        fits = browser.execute_script(
            """const ctx = document.createElement('canvas').getContext('2d');
            return [...document.querySelectorAll('.filter-row input[placeholder]')].map(e => {
                const s = getComputedStyle(e); ctx.font = s.font;
                const room = e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
                return [e.name, e.placeholder, Math.ceil(ctx.measureText(e.placeholder).width), Math.floor(room)];
            });"""
        )
        assert {name for name, *_ in fits} == {"from", "to"}
        assert all(text <= room for _, _, text, room in fits), fits
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_a_releases_card_stands_apart_from_the_menu_bar(served, browser):
    """Staff probe: a release's page began with its white card flush against the blue menu bar (no gap), unlike every
    other page of the reading room, where the page's own head starts a little below it."""
    gaps = []
    for path in ("/", "/-/article/1"):
        browser.get(served["base"] + path)
        _wait(browser, "main.rr")
        gaps.append(
            browser.execute_script(
                """return document.querySelector('main.rr').firstElementChild.getBoundingClientRect().top
                          - document.querySelector('header').getBoundingClientRect().bottom;"""
            )
        )
    home, release = gaps
    assert home >= 6 and release >= home, gaps


def test_a_headline_of_one_long_word_stays_in_its_column_of_datasettes_table(served, browser):
    """Staff probe: on the desktop, a headline of one long word ran over the partner, date and language columns of
    Datasette's articles table; it wraps in its own column, and no other column is squeezed (the ids stay whole)."""
    browser.get(served["base"] + "/archive/articles")
    _wait(browser, "table.rows-and-columns td.col-title")
    boxes = browser.execute_script(
        """const cell = document.querySelector('td.col-title');
        cell.querySelector('a').textContent = 'Lentokonesuihkuturbiinimoottoriapumekaanikkoaliupseerioppilas'.repeat(3);
        const idCell = cell.parentElement.querySelector('td.col-id');
        (idCell.querySelector('a') || idCell).textContent = '20001';  // an id of a large archive
        const id = document.createRange();
        id.selectNodeContents(idCell);
        return [cell.querySelector('a').getBoundingClientRect().right, cell.getBoundingClientRect().right,
                new Set([...id.getClientRects()].map(r => Math.round(r.top))).size];"""
    )
    _save(browser, "datasette-long-headline")
    headline, cell, id_lines = boxes
    assert headline <= cell + 1, boxes
    assert id_lines == 1, boxes  # the row's id on one line


def test_a_screen_reader_hears_subscribe_without_the_feed_mark(served, browser):
    """Staff probe with the accessibility tree a screen reader reads: every subscribe link was named "◉ Subscribe"
    ("fisheye Subscribe" aloud), the mark drawn before it being read as text; it is still drawn for the eye."""
    names = []
    for path in ("/", "/-/tag/hope", "/-/search?q=hope"):
        browser.get(served["base"] + path)
        _wait(browser, "a.subscribe")
        tree = browser.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
        names += [n["name"]["value"] for n in tree if n.get("role", {}).get("value") == "link" and "name" in n]
        mark = browser.execute_script(
            "return getComputedStyle(document.querySelector('a.subscribe'), '::before').content"
        )
        assert "◉" in mark, mark
    subscribe = [name for name in names if "Subscribe" in name]
    assert subscribe and not [name for name in subscribe if "◉" in name], subscribe


def test_a_moment_is_shown_on_the_readers_own_clock(served, browser):
    """Reading-room probe s40: every moment was shown in the server's zone ("15:02 UTC") to staff in Finland, Sweden,
    Slovenia and Northern Ireland; the browser now shows it on its own clock, zone named."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from selenium.webdriver.common.by import By

    shown = {}
    try:
        for zone in ("Europe/Helsinki", "Europe/London"):
            browser.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": zone})
            browser.get(served["base"] + "/-/partner/Coompanion")
            moment = _wait(browser, "time.moment[datetime]")
            when = datetime.fromisoformat(moment.get_attribute("datetime").replace("Z", "+00:00"))
            local = when.astimezone(ZoneInfo(zone))
            shown[zone] = moment.text
            assert moment.text.startswith(f"{local.day} {local:%B %Y} at {local:%H:%M} "), (zone, moment.text)
            assert moment.get_attribute("title").endswith("where newsflow runs"), moment.get_attribute("title")
            assert browser.find_elements(By.CSS_SELECTOR, "time.moment[datetime]")
    finally:
        browser.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": ""})  # (the machine's again)
    helsinki, london = shown["Europe/Helsinki"], shown["Europe/London"]
    assert helsinki.endswith(("EET", "EEST", "GMT+2", "GMT+3")) and london.endswith(("GMT", "BST")), shown


def _contrast(foreground: str, background: str) -> float:
    """WCAG's contrast ratio of two computed colours ("rgb(0, 98, 204)")."""

    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3]]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_datasettes_table_page_can_be_skipped_to_by_keyboard_and_its_buttons_and_nulls_are_legible(served, browser):
    """Accessibility probe s41 (axe-core): Datasette's own pages had no <main> and no skip link, so a keyboard went
    through the menu first on every page; its white-on-blue buttons (3.97:1) and grey "null" cells (2.2:1) were below
    WCAG's 4.5:1."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(served["base"] + "/archive/articles?_sort=id")
    _wait(browser, "table.rows-and-columns")
    browser.execute_script("document.activeElement && document.activeElement.blur()")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    skip = browser.switch_to.active_element
    assert skip.text == "Skip to the content" and skip.is_displayed() and skip.size["width"] > 0
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    _wait_for_url(browser, "#content")
    ActionChains(browser).send_keys(Keys.TAB).perform()  # the next Tab stop is in the page's own content
    assert browser.execute_script("return document.activeElement.closest('main#content') !== null")
    _save(browser, "datasette-table-skipped")
    apply = browser.find_element(By.CSS_SELECTOR, "form input[type=submit]")
    colours = browser.execute_script(
        "const s = getComputedStyle(arguments[0]); return [s.color, s.backgroundColor];", apply
    )
    assert _contrast(*colours) >= 4.5, colours
    nulls = browser.find_elements(By.CSS_SELECTOR, "td em")  # (a release without a guid or an image: "null")
    assert nulls
    colour, under = browser.execute_script(
        """const e = arguments[0]; let b = e;
           while (getComputedStyle(b).backgroundColor === 'rgba(0, 0, 0, 0)') b = b.parentElement;
           return [getComputedStyle(e).color, getComputedStyle(b).backgroundColor];""",
        nulls[0],
    )
    assert _contrast(colour, under) >= 4.5, (colour, under)


@pytest.mark.parametrize("path", ["/archive/articles", "/archive?sql=select+id,+title+from+articles"])
def test_every_field_of_datasettes_own_forms_has_a_name_a_screen_reader_says(served, browser, path):
    """Accessibility probe s41 (axe-core): a table's filter (column, how, value) and the SQL editor had no label, so
    a screen reader said "combo box" and "edit text" alone."""
    browser.get(served["base"] + path)
    _wait(browser, "form input[type=submit]")
    unnamed = browser.execute_script(
        """return [...document.querySelectorAll('select, input, textarea')]
             .filter(f => !['hidden', 'submit', 'button'].includes(f.type) && f.getClientRects().length
                          || f.closest('.CodeMirror'))
             .filter(f => !(f.labels && f.labels.length) && !(f.getAttribute('aria-label') || '').trim()
                          && !f.getAttribute('aria-labelledby'))
             .map(f => f.outerHTML.slice(0, 80));"""
    )
    fields = browser.execute_script("return document.querySelectorAll('select, textarea').length")
    assert fields and not unnamed, unnamed
