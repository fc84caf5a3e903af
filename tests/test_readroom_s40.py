"""Session 40, the reading room's search page: the hints `newsflow search` gives, given there too, as links."""

from __future__ import annotations

import html
import os
import re
import shutil
import sqlite3
import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import reading_room_get as get
from newsflow.search import ADDRESS_NOTE, find_articles


@pytest.fixture
def archive(demo_archive):
    return demo_archive


def total(db, query, **filters):
    with sqlite3.connect(db) as conn:
        return find_articles(conn, query, **filters).total


def hint(page: str, name: str) -> str:
    """The paragraph of the page with that class ("" where there is none)."""
    found = re.search(rf'<p class="{name}">(.*?)</p>', page, re.S)
    return found[1] if found else ""


def links(fragment: str) -> list[tuple[dict[str, list[str]], str]]:
    """Each link of a piece of the page: its address's query, and its words."""
    out = []
    for href, words in re.findall(r'<a href="([^"]*)">(.*?)</a>', fragment, re.S):
        parts = urlsplit(html.unescape(href))
        assert not parts.scheme and not parts.netloc and parts.path == "/-/search", href  # (relative, this page's)
        out.append((parse_qs(parts.query), html.unescape(words)))
    return out


@pytest.mark.parametrize("word", ["tai", "eller", "or"])
def test_or_as_a_word_offers_the_search_for_either_with_its_count(archive, word):
    either = total(archive, "HOPE OR Maribor")
    assert total(archive, f"HOPE {word} Maribor") < either
    page = get(archive, f"/-/search?q=HOPE+{word}+Maribor").text
    said = hint(page, "or-kept")
    assert said.startswith(f"“{word}” was searched as a word, which the releases must hold too.")
    [(query, words)] = links(said)
    assert query == {"q": ["HOPE OR Maribor"]} and words == "HOPE OR Maribor"
    assert f"({either} releases)" in said
    # Where it is offered, it is not offered again as "some of these words" (as the command leaves that out too).
    assert "hold some of them" not in page


def test_or_as_a_word_is_offered_under_the_same_filters_and_never_where_it_finds_none(archive):
    in_finnish = total(archive, "HOPE OR Maribor", lang="fi")
    assert 0 < in_finnish < total(archive, "HOPE OR Maribor")
    said = hint(get(archive, "/-/search?q=HOPE+eller+Maribor&lang=fi").text, "or-kept")
    [(query, _)] = links(said)
    assert query == {"q": ["HOPE OR Maribor"], "lang": ["fi"]} and f"({in_finnish} releases)" in said
    assert not hint(get(archive, "/-/search?q=zqxwv+tai+vwxqz").text, "or-kept")  # (it would find none again)
    assert not hint(get(archive, "/-/search?q=HOPE+OR+Maribor").text, "or-kept")  # (OR itself is no word)
    hostile = get(archive, "/-/search?q=HOPE+tai+Mari%3Cb%3Ebor").text
    assert "<b>bor" not in hostile


@pytest.mark.parametrize("typed", ["seinajoki.fi", "www.seinajoki.fi", "https://www.seinajoki.fi/"])
def test_a_sites_address_alone_offers_its_partners_releases_with_their_count(archive, typed):
    page = get(archive, "/-/search?" + f"q={typed}").text
    said = hint(page, "site-partners")
    assert said.startswith("Looking for the releases of City of Seinäjoki, whose site this is?")
    [(query, words)] = links(said)
    assert query == {"partner": ["City of Seinäjoki"]}
    assert words == f"{total(archive, '', partner='City of Seinäjoki')} releases from City of Seinäjoki"
    # Its words' accents and a release's address are not what was meant: the partner is all it says.
    assert "as “seinäjoki” too" not in page and ADDRESS_NOTE not in html.unescape(page)


def test_a_partner_publishing_elsewhere_is_offered_by_its_own_sites_name(archive):
    said = hint(get(archive, "/-/search?q=www.coompanion.se").text, "site-partners")
    [(query, words)] = links(said)
    assert query == {"partner": ["Coompanion"]} and words.endswith(" releases from Coompanion")


def test_a_sites_partners_are_offered_under_the_same_filters_or_said_to_be_left_out_by_them(archive):
    swedish = total(archive, "", partner="City of Seinäjoki", lang="sv")
    assert 0 < swedish < total(archive, "", partner="City of Seinäjoki")
    said = hint(get(archive, "/-/search?q=seinajoki.fi&lang=sv&partner=Coompanion").text, "site-partners")
    [(query, words)] = links(said)
    assert query == {"partner": ["City of Seinäjoki"], "lang": ["sv"]}
    assert words == f"{swedish} release{'s' if swedish > 1 else ''} from City of Seinäjoki"
    assert total(archive, "", partner="Coompanion", lang="fi") == 0
    said = hint(get(archive, "/-/search?q=coompanion.se&lang=fi").text, "site-partners")
    assert "are all left out by these filters" in said
    [(query, _)] = links(said)
    assert query == {"partner": ["Coompanion"]}


def test_a_site_no_partner_is_known_by_says_what_to_search_for_instead(archive):
    said = hint(get(archive, "/-/search?q=example-unknown.fi").text, "site-partners")
    assert said.startswith("None of the archived releases comes from this site") and not links(said)
    assert not hint(get(archive, "/-/search?q=HOPE").text, "site-partners")


def test_a_release_address_none_was_archived_from_also_offers_its_sites_partner(archive):
    page = get(archive, "/-/search?q=https://www.seinajoki.fi/uutiset/nothing-here").text
    said = html.unescape(page)
    assert ADDRESS_NOTE in said and said.index(ADDRESS_NOTE) < said.index(
        "whose site this is"
    )  # (why, then what to do)
    [(query, _)] = links(hint(page, "site-partners"))
    assert query == {"partner": ["City of Seinäjoki"]}


def moment_cookie(db) -> str:
    from newsflow.browse import make_datasette, visit_cookie

    return visit_cookie(make_datasette(db))


def home(db, cookie: str) -> str:
    import asyncio

    from newsflow.browse import make_datasette

    async def go():
        return await make_datasette(db).client.get("/", headers={"cookie": f"{moment_cookie(db)}={cookie}"})

    return asyncio.run(go()).text


def test_since_your_last_visit_is_a_moment_the_readers_browser_shows_on_their_own_clock(archive):
    """s40: "New since your last visit" said "at 08:30 UTC" (the server's zone) to staff in Finland, Sweden, Slovenia
    and Northern Ireland. The moment is given in UTC to the page's script, which shows it in the reader's own zone;
    without the script, the server's zone, named, as before."""
    page = home(archive, "|2026-12-01T08:30:00Z")
    moment = '<time class="moment" datetime="2026-12-01T08:30:00Z">1 December 2026 at 08:30 UTC</time>'
    assert f"archived since {moment}" in page
    script = page.split("</footer>")[0].split("<footer")[1]
    assert "time.moment[datetime]" in script and "Intl.DateTimeFormat" in script


def test_every_moment_the_reading_room_shows_is_shown_so(archive, tmp_path):
    """The same for the other moments (consistent): the search narrowed to what was archived since a moment, in its
    count line and its box; a partner's newsroom last read; a release's earlier version."""
    from conftest import copy_archive

    db = copy_archive(archive, tmp_path / "copy.db")
    search = get(db, "/-/search?archived=2026-12-01T08:30:00Z").text
    moment = '<time class="moment" datetime="2026-12-01T08:30:00Z">1 December 2026 at 08:30 UTC</time>'
    assert search.count(moment) == 2  # (the count line and the box to untick)
    assert "<title>Releases archived since 1 December 2026 at 08:30 UTC" in search  # (a title holds no markup)
    with sqlite3.connect(db) as conn:
        conn.execute("update sources set last_success = '2026-12-02T06:00:00+00:00' where partner = 'Coompanion'")
        (first,) = conn.execute("select min(id) from articles").fetchone()
        conn.execute(
            "insert into revisions (article_id, title, text, content_hash, archived) "
            "values (?, 'Old <b>title</b>', 'Old.', 'x', '2026-11-30T23:15:00+00:00')",
            [first],
        )
    partner = get(db, "/-/partner/Coompanion").text
    assert 'Working: last read <time class="moment" datetime="2026-12-02T06:00:00Z">2 December 2026 at 06:00' in partner
    article = get(db, f"/-/article/{first}").text
    assert 'Version archived <time class="moment" datetime="2026-11-30T23:15:00Z">' in article
    assert "Old &lt;b&gt;title&lt;/b&gt;" in article
    hostile = get(db, "/-/search?archived=%3Cscript%3E").text  # (no moment: as typed, escaped)
    assert "<script>" not in hostile.split("</header>")[1].split("<footer")[0]


@pytest.mark.skipif(not shutil.which("chromium"), reason="no chromium to run the page's script")
@pytest.mark.parametrize(("zone", "shown"), [("Europe/Helsinki", "10:30 EET"), ("Europe/Stockholm", "09:30 CET")])
def test_a_browser_shows_the_moment_in_its_own_time_zone(archive, tmp_path, zone, shown):
    page = tmp_path / "home.html"
    page.write_text(home(archive, "|2026-12-01T08:30:00Z"), encoding="utf-8")
    dom = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TZ": zone},
    ).stdout
    assert f">1 December 2026 at {shown}</time>" in dom
    assert 'title="1 December 2026 at 08:30 UTC where newsflow runs"' in dom


def test_where_nothing_is_found_what_to_try_comes_before_the_open_help(archive):
    """s40 probe, a phone 390 px wide: the open How to search (nine lines there) pushed "No releases" and what to try
    below the first screen. Where nothing is listed, the help comes after them, open; above the count otherwise."""
    none = get(archive, "/-/search?q=seinajoki.fi").text
    assert (
        none.index('<p class="count">') < none.index("whose site this is") < none.index('<details class="search-help"')
    )
    assert '<details class="search-help" open>' in none
    wrong = get(archive, "/-/search?q=HOPE&from=2030&to=2020").text  # (an error: said, then the help)
    assert wrong.index('<p class="error"') < wrong.index('<details class="search-help" open>')
    found = get(archive, "/-/search?q=HOPE").text
    assert found.index('<details class="search-help">') < found.index('<p class="count">')


def test_a_site_whose_releases_have_no_partner_is_never_said_to_have_none(archive, tmp_path):
    """The Partner menu cannot choose a newsroom with no partner (the command offers it by --source): the page offers
    nothing for it, and never says that none of the archived releases comes from the site."""
    from conftest import copy_archive

    db = copy_archive(archive, tmp_path / "copy.db")
    with sqlite3.connect(db) as conn:
        conn.execute(
            "update articles set partner = null, url = 'https://www.example-news.fi/a/' || id where partner = ?",
            ["Coompanion"],
        )
    said = html.unescape(get(db, "/-/search?q=example-news.fi").text)
    assert "None of the archived releases comes from this site" not in said
    assert "whose site this is" not in said
