"""Issue 11: the reading room — plain pages over the archive, in-process (Datasette's test client)."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import html
import io
import re
import sqlite3
import time
import xml.dom.minidom
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from conftest import copy_archive, reading_room_get
from newsflow.browse import day_text, error_words, month_chart, safe_link
from newsflow.cli import cli
from newsflow.search import WHEN, find_articles, parse_day, search_articles

MIXED = "Seinäjoki mukana kansainvälisessä työllisyyden HOPE-hankkeessa"
UNDATED = "1000-jobb når målet: fler anställda i arbetsintegrerande sociala företag"


@pytest.fixture
def archive(demo_archive):
    return demo_archive


@pytest.fixture
def edited(demo_archive, tmp_path):
    return copy_archive(demo_archive, tmp_path / "edited.db")


get = reading_room_get


def words(page: str) -> str:
    """A page's words as a reader sees them: its text without tags, spaces as one."""
    return " ".join(re.sub(r"<[^>]+>", "", page).split())


def headlines(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", h).strip().replace("&amp;", "&")
        for h in re.findall(r'<h3 class="headline"(?: lang="[a-z]*")?>(.*?)</h3>', html, re.S)
    ]


def titles(db, sql, params=()):
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute(sql, params)}


def article_id(db, title):
    with sqlite3.connect(db) as conn:
        return conn.execute("select id from articles where title = ?", [title]).fetchone()[0]


# ---------------------------------------------------------------- home


def test_home_is_the_reading_room_and_datasette_keeps_its_database_page(archive):
    page = get(archive, "/")
    assert page.status_code == 200
    html = page.text
    assert '<form class="home-search"' in html and 'name="q"' in html
    assert len(headlines(html)) == 10 and MIXED in headlines(html)
    for partner in ("City of Seinäjoki", "Coompanion", "HOPE project"):
        assert f'href="/-/partner/{partner.replace(" ", "%20").replace("ä", "%C3%A4")}"' in html
    assert ">HOPE project</a>" in html and '"hope"' not in html  # tags by name, not id
    assert '<link rel="alternate" type="application/atom+xml"' in html and 'class="subscribe"' in html
    assert "date unknown" in html  # the undated release
    assert get(archive, "/archive").status_code == 200 and "articles" in get(archive, "/archive").text


def test_an_undated_release_says_date_unknown_and_never_today(archive):
    today = day_text(datetime.now(UTC).isoformat())
    for path in ("/", f"/-/article/{article_id(archive, UNDATED)}", "/-/search?q=1000-jobb"):
        html = get(archive, path).text
        assert "date unknown" in html and today not in re.sub(f"first seen (by newsflow )?{today}", "", html), path
    # Ordered by when it was first seen: on the home page, before every release published earlier.
    assert headlines(get(archive, "/").text)[0] == UNDATED
    # ... and says when, in words on the card, where a tooltip reached neither touch screens nor keyboards (s27)
    assert f'<span class="undated">date unknown, first seen {today}</span>' in get(archive, "/").text
    # In a feed it has no publication date: the time it was archived is not one.
    feed = get(archive, "/-/search.atom?q=1000-jobb").text
    entry = next(e for e in feed.split("<entry>")[1:] if UNDATED in e)
    assert "<updated>" in entry and "<published>" not in entry


def test_the_reader_language_is_a_setting(archive):
    assert "No release is translated into English yet" in get(archive, "/").text  # the default
    assert "No release is translated into Swedish yet" in get(archive, "/", reader_language="sv").text


# ---------------------------------------------------------------- search


def test_search_finds_every_inflected_form_the_mixed_release_included(archive):
    html = get(archive, "/-/search?q=Sein%C3%A4joella").text
    found = set(headlines(html))
    assert titles(archive, "select title from articles where partner = 'City of Seinäjoki'") <= found
    assert MIXED in found and "6 releases" in html
    assert "<mark>Seinäjoen</mark>" in html or "<mark>Seinäjoki</mark>" in html


def test_a_mixed_release_counts_under_each_of_its_languages(archive):
    finnish = set(headlines(get(archive, "/-/search?lang=fi").text))
    english = set(headlines(get(archive, "/-/search?lang=en").text))
    assert MIXED in finnish and MIXED in english
    assert titles(archive, "select title from articles where language = 'fi'") < finnish
    with sqlite3.connect(archive) as conn:
        assert {r["title"] for r in search_articles(conn, "HOPE", 50, lang="fi")} >= {MIXED}


def test_filters_by_partner_tag_and_dates_and_the_two_orders(archive):
    html = get(archive, "/-/search?tag=hope&from=2021-03-01&to=2021-05-31").text
    assert headlines(html) == [MIXED] and "1 March 2021" in html and "31 May 2021" in html
    coompanion = headlines(get(archive, "/-/search?partner=Coompanion").text)
    assert set(coompanion) == titles(archive, "select title from articles where partner = 'Coompanion'")
    newest = headlines(get(archive, "/-/search?q=HOPE&order=newest").text)
    best = headlines(get(archive, "/-/search?q=HOPE").text)
    assert sorted(newest) == sorted(best) and newest != best
    with sqlite3.connect(archive) as conn:
        dates = [conn.execute("select published from articles where title = ?", [t]).fetchone()[0] for t in newest]
    assert dates == sorted(dates, reverse=True)


def test_the_order_menu_offers_each_order_once_with_the_one_in_use_chosen(archive):
    """Staff probe: the Order menu offered "best match" twice on a search and "newest first" twice elsewhere."""
    for path, shown in (
        ("/-/search?q=HOPE", "best match"),
        ("/-/search?q=HOPE&order=newest", "newest first"),
        ("/-/search?partner=Coompanion", "newest first"),
        ("/-/tag/hope", "newest first"),
    ):
        menu = re.search(r'<select name="order">(.*?)</select>', get(archive, path).text, re.S).group(1)
        options = re.findall(r"<option[^>]*>([^<]*)</option>", menu)
        chosen = re.findall(r"<option[^>]*selected[^>]*>([^<]*)</option>", menu) or options[:1]
        assert sorted(options) == ["best match", "newest first"] and chosen == [shown], (path, menu)


def test_a_search_for_a_tags_name_offers_the_releases_with_that_tag(archive):
    """Staff probe: "HOPE" found every "we hope" too (5,321 results on a large archive, 3,460 of them about the
    project), and nothing pointed to the tag that finds the project alone."""
    html = get(archive, "/-/search?q=HOPE&from=2021-01-01").text
    hint = re.search(r'<p class="named-tag">(.*?)</p>', html, re.S)
    assert hint and "7 releases tagged HOPE project" in hint.group(1)
    url = re.search(r'href="([^"]+)"', hint.group(1)).group(1).replace("&amp;", "&")
    assert url.startswith("/-/search?") and "tag=hope" in url and "from=2021-01-01" in url and "q=" not in url
    assert len(headlines(get(archive, url).text)) == 7
    assert "tagged HOPE project" in get(archive, "/-/search?q=%22hope%22").text  # any case, quoted too
    for path in ("/-/search?q=HOPE&tag=hope", "/-/search?q=kirjasto", "/-/search?tag=hope"):
        assert 'class="named-tag"' not in get(archive, path).text, path


def test_a_search_naming_two_tags_offers_both(edited):
    """Review: where two tags go by the same words (the municipal employment pilots of 2012 and of 2021 are both
    "kuntakokeilu"), only the first was offered."""
    with sqlite3.connect(edited) as conn:
        conn.execute(
            "insert into tags (id, kind, name, names, aliases) values "
            "('hope-2', 'project', 'HOPE, the second', '{}', '[\"HOPE\"]')"
        )
        conn.execute(
            "insert into article_tags (article_id, tag_id, mentions) select article_id, 'hope-2', 1 from article_tags "
            "where tag_id = 'hope' limit 2"
        )
    hint = re.search(r'<p class="named-tag">(.*?)</p>', get(edited, "/-/search?q=hope").text, re.S).group(1)
    assert "7 releases tagged HOPE project" in hint and "2 releases tagged HOPE, the second" in hint


def test_a_tag_or_partner_named_in_another_case_or_by_its_name_is_found_and_an_unknown_one_said(archive):
    """Staff probe: `/-/search?tag=HOPE` said "No releases about HOPE" (the tag is `hope`), and `/-/tag/HOPE`,
    `/-/partner/coompanion` were "not found": people type and pass on addresses by the names they know."""
    by_name = get(archive, "/-/search?tag=HOPE%20project")
    assert by_name.status_code == 200 and len(headlines(by_name.text)) == 7
    assert headlines(get(archive, "/-/search?tag=HOPE").text) == headlines(by_name.text)
    unknown = get(archive, "/-/search?tag=HOPE2")
    assert "&lt;b&gt;" in get(archive, "/-/search?tag=%3Cb%3E").text  # what was typed, escaped
    assert unknown.status_code == 400 and "There is no tag “HOPE2” in this archive" in unknown.text
    typo = get(archive, "/-/search?tag=hopee")  # s23 probe: the tag's own page asked "Did you mean"; this did not
    assert "There is no tag “hopee” in this archive. Did you mean “HOPE project”? Choose one from the Tag menu." in (
        typo.text
    )
    moved = get(archive, "/-/tag/HOPE?from=2021-01-01")
    assert moved.status_code == 302 and moved.headers["location"] == "/-/tag/hope?from=2021-01-01"
    assert get(archive, "/-/tag/hope%20project").headers["location"] == "/-/tag/hope"
    partner = get(archive, "/-/partner/coompanion")
    assert partner.status_code == 302 and partner.headers["location"] == "/-/partner/Coompanion"
    missing = get(archive, "/-/tag/nothing-like-it")
    assert missing.status_code == 404
    # In words, not an address (s38: "listed on the Tags page (/-/tags)"): the menu on every page names it.
    assert "The tags are listed on the Tags page (Tags, at the top of every page)." in missing.text
    assert "(/-/tags)" not in missing.text
    assert get(archive, "/-/partner/Nobody").status_code == 404
    # Beyond A-Z (a review: SQLite's lower() leaves Ä as it is), and a tag filter on a partner's page too.
    loud = get(archive, "/-/partner/CITY%20OF%20SEIN%C3%84JOKI")
    assert loud.status_code == 302 and loud.headers["location"] == "/-/partner/City%20of%20Sein%C3%A4joki"
    assert len(headlines(get(archive, "/-/search?tag=CITY%20OF%20SEIN%C3%84JOKI").text)) >= 1
    tagged = get(archive, "/-/partner/City%20of%20Sein%C3%A4joki?tag=HOPE")
    assert tagged.status_code == 200 and headlines(tagged.text)
    # Second review: a partner filter in any case, and a tag by an alias, in addresses as on the command line.
    exact = headlines(get(archive, "/-/search?partner=Coompanion").text)
    assert exact and headlines(get(archive, "/-/search?partner=coompanion").text) == exact
    assert headlines(get(archive, "/-/tag/1000-jobb?partner=COOMPANION").text)
    assert get(archive, "/-/tag/dcsdc").headers["location"] == "/-/tag/derry-strabane"
    assert get(archive, "/-/search?tag=DCSDC").status_code == 200


def test_subscribe_links_lead_to_a_page_in_words_with_the_feeds_address(archive):
    """Staff probe: "Subscribe (Atom feed)" opened a page of raw XML, a dead end for anyone who does not know feeds;
    the tag page offered two feeds without saying how they differ."""
    from urllib.parse import parse_qs, urlsplit

    tag_page = get(archive, "/-/tag/hope?from=2021-01-01").text
    links = [h.replace("&amp;", "&") for h in re.findall(r'href="(/-/subscribe\?[^"]+)"', tag_page)]
    assert len(links) == 2 and "Subscribe to these releases only (the filters chosen)" in tag_page
    assert "the filters chosen" not in get(archive, "/-/tag/hope").text  # none chosen: the tag's feed alone
    feeds = [parse_qs(urlsplit(u).query)["feed"][0] for u in links]
    assert feeds == ["/-/feeds/tag/hope.atom", "/-/search.atom?tag=hope&from=2021-01-01"]
    page = get(archive, links[1])
    assert page.status_code == 200 and "Subscribe to releases about HOPE project, from 1 January 2021" in page.text
    assert "<h1>Subscribe to releases about HOPE project</h1>" in get(archive, links[0]).text
    # Titled as it is headed (s38: every one was "Subscribe", a row of alike tabs and bookmarks).
    assert (
        "<title>Subscribe to releases about HOPE project · newsflow reading room</title>" in get(archive, links[0]).text
    )
    assert 'value="http://localhost/-/search.atom?tag=hope&amp;from=2021-01-01"' in page.text and "Outlook" in page.text
    assert get(archive, feeds[1]).headers["content-type"].startswith("application/atom+xml")
    for path in ("/-/partner/Coompanion", "/-/search?q=HOPE", "/"):
        assert "/-/subscribe?feed=" in get(archive, path).text, path
    # A partner's page alike (s38: with words or filters chosen, its one link, "Subscribe to Coompanion", was the feed
    # of those releases only): the partner's feed, and beside it the filters' feed, said as such.
    partner_page = get(archive, "/-/partner/City%20of%20Sein%C3%A4joki?q=HOPE&from=2021").text
    links = [h.replace("&amp;", "&") for h in re.findall(r'href="(/-/subscribe\?[^"]+)"', partner_page)]
    feeds = [parse_qs(urlsplit(u).query)["feed"][0] for u in links]
    assert feeds == [
        "/-/search.atom?partner=City+of+Sein%C3%A4joki",
        "/-/search.atom?q=HOPE&partner=City+of+Sein%C3%A4joki&from=2021",
    ]
    assert ">Subscribe to City of Seinäjoki</a> · <a href=" in partner_page
    assert "Subscribe to these releases only (the filters chosen)" in partner_page
    whole = get(archive, "/-/partner/City%20of%20Sein%C3%A4joki").text
    assert "the filters chosen" not in whole
    assert [
        parse_qs(urlsplit(h.replace("&amp;", "&")).query)["feed"][0]
        for h in re.findall(r'href="(/-/subscribe\?[^"]+)"', whole)
    ] == ["/-/search.atom?partner=City+of+Sein%C3%A4joki"]
    # Only the reading room's own feeds: another site's address, or markup, is no feed to offer.
    for bad in ("https://evil.example/x.atom", "//evil.example/-/search.atom", '/-/search.atom"><script>x</script>'):
        assert get(archive, "/-/subscribe?" + urlencode({"feed": bad})).status_code == 404, bad
    # What the page says the feed holds comes from the feed (a review: a link's own "title" was shown as given).
    told = get(archive, "/-/subscribe?" + urlencode({"feed": "/-/search.atom", "title": "Your password expired"}))
    assert told.status_code == 200 and "Your password" not in told.text and "the latest releases" in told.text
    # Second review: no page for a feed there is not; a search feed named as the feed names its filters.
    for missing in ("/-/feeds/tag/nosuch.atom", "/-/feeds/source/nosuch.atom"):
        assert get(archive, "/-/subscribe?" + urlencode({"feed": missing})).status_code == 404, missing
    named = get(archive, "/-/subscribe?" + urlencode({"feed": "/-/search.atom?tag=HOPE&partner=coompanion"})).text
    assert "Subscribe to releases about HOPE project, from Coompanion" in named
    feed = "/-/search.atom?" + urlencode({"q": "<script>x</script>"})  # as the search page links it
    hostile = get(archive, "/-/subscribe?" + urlencode({"feed": feed}))
    assert hostile.status_code == 200 and "<script>x" not in hostile.text and "&lt;script&gt;" in hostile.text


def test_a_feed_brings_what_is_new_whatever_order_or_end_date_the_page_had(archive):
    """Staff probe: "Subscribe" on a page in best-match order gave a feed of the best 50 matches, which a new release
    that does not rank among them never reaches; and a feed of a finished date range promised new releases."""
    from urllib.parse import parse_qs, urlsplit

    page = get(archive, "/-/search?q=HOPE&order=best&to=2021-12-31").text
    (link,) = {h.replace("&amp;", "&") for h in re.findall(r'href="(/-/subscribe\?[^"]+)"', page)}
    feed = parse_qs(urlsplit(link).query)["feed"][0]
    assert "order" not in parse_qs(urlsplit(feed).query) and "to=2021-12-31" in feed
    dom = xml.dom.minidom.parseString(get(archive, "/-/search.atom?q=HOPE&order=best").content)
    updated = [
        e.firstChild.data for e in dom.getElementsByTagName("entry")[0].parentNode.getElementsByTagName("updated")
    ]
    assert updated[1:] == sorted(updated[1:], reverse=True)  # newest first, whatever the link asks
    told = get(archive, link).text
    assert "This feed ends on 31 December 2021: releases dated after that will not come to you." in told
    (open_ended,) = re.findall(r'href="([^"]+)">subscribe without the end date', told)
    again = parse_qs(urlsplit(open_ended.replace("&amp;", "&")).query)["feed"][0]
    assert again == "/-/search.atom?q=HOPE"
    assert "This feed ends" not in get(archive, open_ended.replace("&amp;", "&")).text


def test_results_come_in_pages_with_a_total(archive):
    with sqlite3.connect(archive) as conn:
        first = find_articles(conn, "", limit=4)
        second = find_articles(conn, "", limit=4, offset=4)
        third = find_articles(conn, "", limit=4, offset=8)
    assert first.total == 10 and [len(p.rows) for p in (first, second, third)] == [4, 4, 2]
    ids = [r["id"] for p in (first, second, third) for r in p.rows]
    assert len(set(ids)) == 10
    html = get(archive, "/-/search?page=2").text  # past the last page: an empty page, no error
    assert get(archive, "/-/search?page=2").status_code == 200 and headlines(html) == []


def test_bad_input_gets_a_message_not_a_traceback(archive):
    page = get(archive, "/-/search?q=HOPE&from=31.13.2021")
    assert page.status_code == 400 and "is not a date" in page.text and "Traceback" not in page.text
    # A download's address edited by hand (s22 probe: a plain-text 400, a dead end) leads to the page, which says it.
    for ext in ("csv", "xlsx"):
        moved = get(archive, f"/-/search.{ext}?q=HOPE&from=a+while+ago")
        assert moved.status_code == 302 and moved.headers["location"] == "/-/search?q=HOPE&from=a+while+ago"
    page = get(archive, "/-/search?q=HOPE&from=a+while+ago")
    assert page.status_code == 400 and "is not a date" in page.text and 'value="a while ago"' in page.text
    assert get(archive, "/-/search.atom?from=a+while+ago").status_code == 400  # a feed reader reads the words
    assert parse_day("1.3.2021") == "2021-03-01" and parse_day("2021-02", end=True) == "2021-02-28"


def test_search_results_as_atom_and_csv_are_the_same_results(archive):
    html = get(archive, "/-/search?q=Sein%C3%A4joella").text
    assert 'href="/-/search.atom?q=Sein%C3%A4joella"' in html and 'href="/-/search.csv?q=Sein%C3%A4joella"' in html
    feed = get(archive, "/-/search.atom?q=Sein%C3%A4joella")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    dom = xml.dom.minidom.parseString(feed.content)
    assert {e.firstChild.data for e in dom.getElementsByTagName("title")[1:]} == set(headlines(html))
    answer = get(archive, "/-/search.csv?q=Sein%C3%A4joella")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))  # with a BOM, for Excel
    assert [r["Headline"] for r in rows] == headlines(html)
    # Headed in words, languages named (the staff probe: "title_machine_translation_en", "found_in", "en fi").
    assert list(rows[0]) == [
        "Date",
        "Partner",
        "Languages",
        "Headline",
        "Headline (machine translation into English)",
        "Tags",
        "Original",
        "In the reading room",
        "Where the words were found",
        "Found in",
    ]
    # A release's languages as its page names them (most of its text first): the mixed demo release's "English and
    # Finnish" (s22 probe: the page, the report and the download named them three ways).
    assert {r["Languages"] for r in rows} >= {"Finnish", "English and Finnish"}


def test_atom_marks_each_paragraph_of_a_mixed_release_with_its_language(archive):
    feed = get(archive, "/-/search.atom?lang=fi").content
    dom = xml.dom.minidom.parseString(feed)
    entry = next(
        e for e in dom.getElementsByTagName("entry") if e.getElementsByTagName("title")[0].firstChild.data == MIXED
    )
    langs = {p.getAttribute("xml:lang") for p in entry.getElementsByTagName("p")}
    assert {"fi", "en"} <= langs
    assert entry.getElementsByTagName("title")[0].getAttribute("xml:lang") == "fi"  # the headline is Finnish


def test_a_lists_headlines_and_snippets_say_their_own_language(archive):
    """Accessibility probe (session 27): a screen reader read the list's Finnish headline of a mixed release, and
    every Swedish or Finnish snippet, in an English voice: the headline took the release's language (English, most of
    its text) and the snippets none, so the page's English stood for them."""
    html = get(archive, "/-/search?q=hope").text
    cards = {
        title: lang for lang, title in re.findall(r'<h3 class="headline" lang="([a-z]*)"><a [^>]*>([^<]*)</a>', html)
    }
    assert cards[MIXED] == "fi"  # its first paragraph's, as the release's page and the feed say
    assert cards["Seinäjoki stad deltar i det europeiska HOPE-projektet"] == "sv"
    snippets = re.findall(r'<p class="snippet" lang="([a-z]*)">(.*?)</p>', html, re.S)
    assert snippets and all(lang for lang, _ in snippets)
    assert any(lang == "sv" and "sysselsättning" in text for lang, text in snippets)
    # A mixed release's snippet is in the language of the paragraph its first match stands in.
    english = re.findall(r'<p class="snippet" lang="([a-z]*)">', get(archive, "/-/search?q=priorities").text)
    finnish = re.findall(r'<p class="snippet" lang="([a-z]*)">', get(archive, "/-/search?q=kuntakokeilu").text)
    assert english == ["en"] and "fi" in finnish
    home = get(archive, "/").text  # the newest releases, without a search
    assert re.search(r'<h3 class="headline" lang="fi"><a [^>]*>' + re.escape(MIXED), home)


def test_every_page_says_it_is_in_english_and_has_a_main_part_to_skip_to(archive):
    """Accessibility probe (session 27): no page declared its language (Datasette opens with a bare <html>), so a
    screen reader set to Finnish read the menus and headings in Finnish; there was no <main> and no way past the
    menu; the tag page's heading was read "HOPE project project"."""
    for path in ("/", "/-/search?q=hope", "/-/tag/hope", "/-/tags", "/-/digests", "/archive", "/archive/articles"):
        page = get(archive, path)
        assert page.status_code == 200, path
        assert page.text.lstrip().startswith('<!DOCTYPE html>\n<html lang="en">'), path
        assert page.text.rstrip().endswith("</html>"), path  # whole, though its length changed
    for path in ("/", "/-/search?q=hope", "/-/tag/hope", "/-/tags"):
        html = get(archive, path).text
        assert '<a class="skip-link" href="#content">' in html and '<main class="rr" id="content" lang="en">' in html
    tag = get(archive, "/-/tag/hope").text
    heading = re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", tag, re.S)[1])
    assert heading == "HOPE project , a project"
    assert re.search(r'<p class="jump"><a href="#releases">7 releases[^<]*</a>', tag) and 'id="releases"' in tag
    # ... not to an empty list; and "an organisation" (review, s27)
    assert 'class="jump"' not in get(archive, "/-/tag/hope?from=2030").text
    organisation = get(archive, "/-/tag/coompanion").text
    assert '<span class="visually-hidden">, an </span>organisation' in organisation
    search = get(archive, "/-/search?q=hope").text
    assert search.index("<h1>") < search.index('<h2 class="visually-hidden">Results</h2>') < search.index("<h3")


def test_found_only_in_the_machine_translation_says_so(edited):
    target = article_id(edited, "Coompanion öppnar rådgivning för sociala företag i hela Västra Götaland")
    with sqlite3.connect(edited) as conn:  # a machine translation holding a word the original does not
        conn.execute(
            "insert into translations (article_id, position, target, source_language, text, machine, provenance)"
            " values (?, 0, 'en', 'sv', 'Advice for zebra enterprises', 1, 'tiny sv-en@1.0')",
            [target],
        )
        conn.execute("update articles set translation = 'Advice for zebra enterprises' where id = ?", [target])
        conn.execute(
            "update articles_search set translation = 'advice for zebra enterprise enterprises' where rowid = ?",
            [target],
        )
    html = get(edited, "/-/search?q=zebra").text
    assert headlines(html) == ["Coompanion öppnar rådgivning för sociala företag i hela Västra Götaland"]
    assert "found in the machine translation only" in html and "<mark>zebra</mark>" in html
    assert "found in the machine translation" not in get(edited, "/-/search?q=Coompanion").text


# ---------------------------------------------------------------- article


def test_article_page_shows_who_when_languages_text_and_tags_with_evidence(archive):
    html = get(archive, f"/-/article/{article_id(archive, MIXED)}").text
    assert f'<h1 class="headline" lang="fi">{MIXED}</h1>' in html
    for words in ("City of Seinäjoki", "20 May 2021", "English and Finnish", "Tags, and why", "in paragraph"):
        assert words in html, words
    assert re.search(r'<a class="original" href="http://127\.0\.0\.1:\d+/seinajoki/', html)
    assert html.count('<span class="lang"') >= 4 and ">Finnish</span>" in html and ">English</span>" in html
    assert re.search(r'“<span lang="fi">HOPE-hankkeessa</span>” in the headline \(Finnish, an inflected form', html)
    assert (
        "Translation pending: newsflow cannot translate from Finnish into English on this server yet (the "
        "administrator installs a translation model)." in html
    )
    assert get(archive, "/-/article/999").status_code == 404


def test_a_tags_evidence_links_to_its_numbered_paragraph_and_one_language_is_named_once(archive):
    """s22 probe: "in paragraph 21" pointed at paragraphs that were neither numbered nor linked, and every paragraph
    of a release in one language was labelled with it."""
    html = get(archive, f"/-/article/{article_id(archive, MIXED)}").text
    linked = re.findall(r'<a href="#p(\d+)">in paragraph (\d+)</a>', html)
    assert linked and all(a == b for a, b in linked)
    for number, _ in linked:
        assert (
            f'id="p{number}"' in html
            and f'<span class="pno" lang="en" title="paragraph {number}">{number}</span>' in html
        )
    with sqlite3.connect(archive) as conn:
        (single,) = conn.execute("select id from articles where not mixed and language = 'sv' limit 1").fetchone()
    one = get(archive, f"/-/article/{single}").text
    assert '<span class="pno"' in one and '<span class="lang"' not in one


def test_article_page_labels_the_machine_translation_with_its_model(tmp_path, packages):
    runner = CliRunner()
    assert runner.invoke(cli, ["models", "install", str(packages["fi_en"])]).exit_code == 0
    db = tmp_path / "archive.db"
    assert runner.invoke(cli, ["demo", "--db", str(db), "--port", "0"]).exit_code == 0
    finnish = article_id(db, "Toimintojen talo avaa ovensa nuorille")
    with sqlite3.connect(db) as conn:
        conn.execute("update articles set title_translation = 'The House of Actions opens' where id = ?", [finnish])
        conn.execute(
            "insert or replace into translations (article_id, position, target, source_language, text, machine,"
            " provenance) values (?, -1, 'en', 'fi', 'The House of Actions opens', 1, 'tiny fi-en@1.0')",
            [finnish],
        )
    html = get(db, f"/-/article/{finnish}").text
    assert re.search(
        r'class="translated-headline" lang="en"><span class="machine-badge">machine translation</span> '
        r"The House of Actions opens",
        html,
    )
    # Three paragraphs: the closing "Lisätietoja: …, puh. …" contact line is furniture, not the release's text.
    assert html.count('<div class="machine" lang="en">') == 3 and "made by ctranslate2: tiny fi-en@1.0" in html
    assert "machine-made, not the partner's own words" in html and "Translation pending" not in html
    assert "The House of Actions opens" in get(db, "/").text  # the translated headline on the home page too


def test_earlier_versions_are_shown(edited):
    target = article_id(edited, MIXED)
    with sqlite3.connect(edited) as conn:
        conn.execute(
            "insert into revisions (article_id, title, text, content_hash, archived) values (?, ?, ?, 'x', ?)",
            [target, "Seinäjoki mukana HOPE-hankkeessa (luonnos)", "Ensimmäinen versio.", "2021-05-19T08:00:00+00:00"],
        )
    html = get(edited, f"/-/article/{target}").text
    assert "Earlier versions" in html and "Version archived 19 May 2021 at 08:00 UTC" in words(html)
    assert "Ensimmäinen versio." in html


def test_everything_a_newsroom_wrote_is_escaped_and_only_http_is_a_link(edited):
    target = article_id(edited, MIXED)
    with sqlite3.connect(edited) as conn:
        conn.execute(
            "update articles set title = '<script>alert(1)</script> HOPE', canonical_url = ?, url = ? where id = ?",
            ["javascript:alert(2)", "javascript:alert(3)", target],
        )
        conn.execute(
            "update paragraphs set text = '<img src=x onerror=alert(4)>' where article_id = ? and position = 0",
            [target],
        )
    for path in (
        "/",
        f"/-/article/{target}",
        "/-/search?q=HOPE",
        "/-/tag/hope",
        "/-/partner/City%20of%20Sein%C3%A4joki",
        "/edited/articles",
        f"/edited/articles/{target}",
    ):
        html = get(edited, path).text
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html, path
        assert "<img src=x" not in html, path
        assert 'href="javascript:' not in html, path
    atom = get(edited, "/-/search.atom").text
    assert "<script>" not in atom and "&lt;script&gt;" in atom and 'href="javascript:' not in atom
    assert "<id>javascript:" not in atom and f"/-/article/{target}</id>" in atom  # its identity: the reading room's
    assert safe_link("javascript:alert(1)") is None and safe_link(" JaVaScRiPt:x") is None
    assert safe_link("https://seinajoki.fi/a") == "https://seinajoki.fi/a"


# ---------------------------------------------------------------- tag and partner


def test_tag_page_names_kind_parent_chart_filters_and_feeds(archive):
    html = get(archive, "/-/tag/hope").text
    assert "<h1>HOPE project" in html and "In Finnish" in html and "HOPE-hanke" in html and "HOPE-projektet" in html
    assert '<svg class="month-chart"' in html and "May 2021: 1 release" in html
    assert "/-/subscribe?feed=%2F-%2Ffeeds%2Ftag%2Fhope.atom" in html and 'href="/-/search.csv?tag=hope"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert len(headlines(html)) == 7
    narrowed = get(archive, "/-/tag/hope?from=2021-03-01&to=2021-05-31").text
    assert headlines(narrowed) == [MIXED] and 'class="bar in-range"' in narrowed
    child = get(archive, "/-/tag/house-of-actions").text
    assert "Part of" in child and 'href="/-/tag/hope"' in child
    assert get(archive, "/-/tag/nope").status_code == 404


def test_month_chart_spans_every_month_and_keeps_undated_apart():
    chart = month_chart([("2021-11", 2), ("2022-02", 1), (None, 3)], "2021-12-01", "2022-01-31")
    assert [b["month"] for b in chart["bars"]] == ["2021-11", "2021-12", "2022-01", "2022-02"]
    assert [b["count"] for b in chart["bars"]] == [2, 0, 0, 1] and chart["undated"] == 3 and chart["total"] == 6
    assert [b["in_range"] for b in chart["bars"]] == [False, True, True, False]


def test_partner_page_latest_releases_and_health_in_words(edited):
    with sqlite3.connect(edited) as conn:
        (source,) = conn.execute("select id from sources where partner = 'Coompanion'").fetchone()
        conn.execute("insert into runs (id, started, status) values (90, '2026-11-28T03:15:00+00:00', 'partial')")
        conn.execute(
            "insert into failures (run_id, source_id, url, stage, error, at) values "  # (at the source's address)
            "(90, ?, (select url from sources where id = ?), 'listing', 'HTTP 404', '2026-11-28T03:15:00+00:00')",
            [source, source],
        )
        conn.execute(
            "update sources set consecutive_failures = 3, last_error = 'HTTP 404', last_success = "
            "'2026-11-27T03:15:00+00:00', next_attempt = ? where id = ?",
            [f"{datetime.now(UTC).year + 1}-11-30T14:00:00+00:00", source],
        )
    html = get(edited, "/-/partner/Coompanion").text
    assert "Failing since 28 November 2026 at 03:15 UTC (3 attempts in a row)" in words(html)
    assert f"Next try: 30 November {datetime.now(UTC).year + 1} at 14:00 UTC" in words(html)
    assert "page is not there any more" in html
    # A wait that has passed (the staff probe saw "Next try: 1 December" on the 2nd): the next run asks it.
    with sqlite3.connect(edited) as conn:
        conn.execute("update sources set next_attempt = '2026-11-30T14:00:00+00:00' where id = ?", [source])
    passed = get(edited, "/-/partner/Coompanion").text
    assert "Next try: at the next nightly run" in passed and "Next try: 30 November 2026" not in words(passed)
    assert len(headlines(html)) == 3 and 'type="application/atom+xml"' in html
    working = get(edited, "/-/partner/City%20of%20Sein%C3%A4joki").text
    assert "Working: last read" in working and len(headlines(working)) == 4
    # A news page is linked; a feed opened in a browser is XML: its address is said, and its site is linked.
    with sqlite3.connect(edited) as conn:
        listing = conn.execute(
            "select url from sources where kind = 'html' and partner = 'City of Seinäjoki'"
        ).fetchone()
        feed = conn.execute("select url from sources where kind = 'feed' and partner = 'Coompanion'").fetchone()
    assert f'<a href="{listing[0]}"' in working
    site = feed[0].split("/")[2]
    assert f'href="{feed[0]}"' not in html and f'Read from its feed at <span class="address">{feed[0]}</span>' in html
    assert f'<a href="http://{site}/" rel="noopener noreferrer">Open {site}</a>' in html
    assert get(edited, "/-/partner/Nobody").status_code == 404
    assert error_words("no complete response within 30 s; cut off") == "The site did not answer in time."
    # A night without a name server (cron probe, s39) is said in plain words too
    assert error_words("no name server answered for www.e.fi (Temporary failure)") == "The site could not be reached."


# ---------------------------------------------------------------- Datasette's own pages, and safety


def test_datasette_pages_stay_decent(archive):
    html = get(archive, "/archive/articles").text
    header = re.findall(r'<th [^>]*data-column="([^"]+)"', html)
    assert header[:4] == ["title", "title_translation", "partner", "published"]
    assert "[&#34;en&#34;" not in html and '["en"' not in html and "English, Finnish" in html  # lists as lists
    assert html.count("<dt>") <= 5  # no column glossary of every column up front
    tables = get(archive, "/archive.json").json()["tables"]
    hidden = {t["name"] for t in tables if t["hidden"]}
    assert {"robots", "translation_cache"} <= hidden
    assert not {"responses", "digests", "digest_sends", "digest_items"} & {t["name"] for t in tables}  # refused
    assert "_sqlite_migrations" in hidden  # it was listed first, and the SQL box opened on it
    by_tag = get(archive, "/archive/tagged_articles").text
    assert 'id="facet-tag_name"' in by_tag and 'id="facet-tag"' not in by_tag  # by the tag's name, not its id
    query = get(archive, "/archive/mentions_of_a_tag_by_month?tag=HOPE%20project").text
    assert "2021-05" in query and "select case" not in query.split("Edit SQL")[0].lower()
    assert "<label" in query and ">tag<" in query
    assert "<title>Mentions of a tag by month</title>" in query


def test_the_table_search_box_finds_what_the_reading_room_finds(archive):
    for q in ("Seinäjoella", "hankkeessa", "projekt"):
        rows = get(archive, f"/archive/articles.json?_search={q}&_shape=array&_size=100").json()
        with sqlite3.connect(archive) as conn:
            ours = find_articles(conn, q, limit=100)
        assert {r["id"] for r in rows} == {r["id"] for r in ours.rows} and rows, q


def test_nothing_served_writes_to_the_archive(edited):
    before = hashlib.sha256(edited.read_bytes()).hexdigest()
    for path in (
        "/",
        "/-/search?q=HOPE&lang=fi",
        "/-/search.atom",
        "/-/search.csv",
        "/-/article/1",
        "/-/tag/hope",
        "/-/partner/Coompanion",
        "/-/feeds/tag/hope.atom",
        "/edited/articles?_search=HOPE",
    ):
        assert get(edited, path).status_code == 200, path
    assert hashlib.sha256(edited.read_bytes()).hexdigest() == before
    assert not (edited.parent / "edited.db-wal").exists() or (edited.parent / "edited.db-wal").stat().st_size == 0


def test_the_stylesheet_ships_inside_the_package(archive):
    css = get(archive, "/-/newsflow/readingroom.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    html = get(archive, "/").text
    assert not re.search(r'(src|href)="https?://', html.split("<body")[0])  # nothing loaded from the internet
    assert "<script" not in html.split("</nav>")[1].split("<footer")[0]  # the pages work without JavaScript


def test_the_tag_page_offers_the_dissemination_report_for_the_dates_chosen(archive):
    import openpyxl

    page = get(archive, "/-/tag/hope?from=2021-03&to=31.5.2021").text
    assert "/-/tag/hope/report.xlsx?from=2021-03&amp;to=31.5.2021" in page
    xlsx = get(archive, "/-/tag/hope/report.xlsx?from=2021-03&to=31.5.2021")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    dates = [r[0] for r in rows[1:] if r and isinstance(r[0], datetime)]
    assert dates and all(datetime(2021, 3, 1) <= d <= datetime(2021, 5, 31) for d in dates)
    html = get(archive, "/-/tag/hope/report.html")
    assert html.status_code == 200 and "HOPE-hankkeessa" in html.text
    assert '<a href="/-/tag/hope">← HOPE project in the reading room</a>' in html.text  # not a dead end
    dated = get(archive, "/-/tag/hope/report.html?from=2021-03&to=31.5.2021").text
    assert '<a href="/-/tag/hope?from=2021-03&amp;to=31.5.2021">' in dated
    bad = get(archive, "/-/tag/hope/report.csv?from=a+while+ago")  # edited by hand: the tag's page says what is wrong
    assert bad.status_code == 302 and bad.headers["location"] == "/-/tag/hope?from=a+while+ago"
    shown = get(archive, "/-/tag/hope?from=a+while+ago")
    assert shown.status_code == 400 and "not a date" in shown.text


def test_a_digest_preview_page(archive, tmp_path):
    config = tmp_path / "feeds.toml"
    config.write_text(
        '[digest]\nbase_url = "https://newsroom.example.org"\n\n[digest.digests.hope-weekly]\n'
        'to = ["comms@example.org"]\ntags = ["hope"]\nsince = "2000-01-01"\n\n[digest.digests.maribor]\n'
        'to = ["a@example.org", "b@example.org"]\nlang = "sl"\n',
        encoding="utf-8",
    )
    before = hashlib.sha256(archive.read_bytes()).hexdigest()
    page = get(archive, "/-/digest/hope-weekly", config_path=str(config))
    assert page.status_code == 200 and MIXED in page.text
    assert "https://newsroom.example.org/-/article/" in page.text
    # A reading-room page that says it is a preview, with the e-mail in a frame that runs nothing.
    assert "Nothing has been sent" in page.text and 'href="/-/digests"' in page.text
    frame = re.search(r'<iframe class="digest-preview"[^>]* sandbox="([^"]*)" srcdoc="([^"]*)"', page.text)
    assert frame and "allow-scripts" not in frame[1] and "allow-same-origin" not in frame[1]
    assert frame[2].startswith("&lt;!DOCTYPE html&gt;") and "<script" not in frame[2]
    # The home page and the digests page lead there; an unknown name lists the known ones.
    assert 'href="/-/digests"' in get(archive, "/", config_path=str(config)).text
    assert 'href="/-/digests"' not in get(archive, "/").text  # no digests set up: no link
    listing = get(archive, "/-/digests", config_path=str(config)).text
    assert (
        'href="/-/digest/hope-weekly"' in listing
        and "releases about HOPE project, in any language, in an English e-mail to 1 address" in listing
    )
    # (s26: "written in Finnish" was read as a digest of Finnish releases only; and the page said not how to join)
    assert "ask whoever runs newsflow to add your address" in listing
    # a digest for readers of a language it has no words in says what they get (staff probe, s24: "written in
    # Slovenian", and an e-mail in English came)
    assert (
        "every release, in any language, in an English e-mail (snippets in Slovenian where a translation is at hand) "
        "to 2 addresses" in listing
    )
    assert "No digest is set up" in get(archive, "/-/digests").text
    missing = get(archive, "/-/digest/nosuch", config_path=str(config))
    assert missing.status_code == 404 and "The digests set up: hope-weekly, maribor." in missing.text
    # Tags, partners and searches together: a release meets all three, and the line says so (the staff probe was
    # told "about HOPE project or from Coompanion", and got an empty digest).
    both = tmp_path / "both.toml"
    both.write_text(
        config.read_text(encoding="utf-8")
        + '\n[digest.digests.both]\nto = ["comms@example.org"]\ntags = ["hope", "1000-jobb"]\n'
        'partners = ["Coompanion", "City of Seinäjoki"]\nqueries = ["Maribor"]\nsince = "2000-01-01"\n',
        encoding="utf-8",
    )
    listing = get(archive, "/-/digests", config_path=str(both)).text
    assert (
        "releases about HOPE project or 1000-jobb and from Coompanion or City of Seinäjoki and matching “Maribor”"
        in listing
    )
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == before  # a preview remembers nothing


def test_a_digest_set_up_wrong_is_previewed_as_a_problem_to_fix(archive, tmp_path):
    config = tmp_path / "feeds.toml"
    config.write_text(
        '[digest.digests.dropped]\nto = ["comms@example.org"]\ntags = ["a-tag-since-dropped"]\n\n'
        '[digest.digests.bad-query]\nto = ["comms@example.org"]\nqueries = ["HOPE AND"]\n',
        encoding="utf-8",
    )
    for name, problem in (("dropped", "unknown tag id(s) a-tag-since-dropped"), ("bad-query", "'HOPE AND'")):
        page = get(archive, f"/-/digest/{name}", config_path=str(config))
        assert page.status_code == 200 and "This digest cannot be sent as it is set up" in page.text
        assert problem.replace("'", "&#39;") in page.text and "<iframe" not in page.text


def test_digests_whose_settings_have_a_mistake_say_so_in_words(archive, tmp_path, capfd):
    """Staff review (s38): a digest section feeds.toml could not take (a digest's name with "<" in it) made the
    digests page, reached from every Subscribe page's "digest by e-mail", a "Something went wrong" page saying "Trying
    again later may help", which it never does."""
    config = tmp_path / "feeds.toml"
    config.write_text('[digest.digests."<b>odd</b>"]\nto = ["comms@example.org"]\n', encoding="utf-8")
    for path in ("/-/digests", "/-/digest/hope-weekly"):
        page = get(archive, path, config_path=str(config))
        assert page.status_code == 500 and "Digests by e-mail" in page.text, path
        assert "have a mistake in them" in page.text and "tell whoever runs newsflow" in page.text
        assert "Trying again later may help" not in page.text and "Something went wrong" not in page.text
        assert (
            "[digest.digests.&lt;b&gt;odd&lt;/b&gt;]: a digest name is at most 64 letters" in page.text
        )  # for the one to mend it
        assert "<b>odd</b>" not in page.text
    assert "Error while serving /-/digests: the digests cannot be read" in capfd.readouterr().err  # and in the log


def test_the_database_pages_name_the_way_back_to_the_reading_room(archive):
    """Staff review (s38): "All tables and SQL queries" and a release's "record in the database" open Datasette's
    pages, whose top link to the reading room read "home", beside an SQL editor, and whose database page said only
    "The archive kept by newsflow's nightly run. Read-only here."."""
    for path in ("/archive", "/archive/articles", "/archive/articles/1", "/archive/search?words=HOPE"):
        page = get(archive, path).text
        crumbs = re.search(r'<p class="crumbs">(.*?)</p>', page, re.S)
        assert crumbs and re.match(r'\s*<a href="/">Reading room</a>', crumbs[1]), path
        assert ">home<" not in crumbs[1], path
    assert "To read and search the releases without SQL, go back to the reading room" in get(archive, "/archive").text


def test_plain_datasette_on_the_archive_serves_the_reading_room_too(archive):
    """`datasette archive.db` loads the plugin by itself, without newsflow's template folder or metadata."""
    from datasette.app import Datasette

    async def go(path):
        return await Datasette([str(archive)]).client.get(path)

    home = asyncio.run(go("/"))
    assert home.status_code == 200 and "Latest releases" in home.text
    found = asyncio.run(go("/-/search?q=Seinäjoella"))
    assert found.status_code == 200 and MIXED in found.text


# ---------------------------------------------------------------- wrong addresses, odd names, pages past the end


def test_a_wrong_address_gets_a_not_found_page_in_words_and_no_traceback_in_the_log(archive, capfd):
    for path in ("/a/b/c/d", "/-/tag/hope/report.pdf", "/nosuchdb", "/archive/nosuchtable", "/robots.txt"):
        page = get(archive, path)
        assert page.status_code == 404, path
        assert "There is no page at this address" in page.text and 'href="/-/search"' in page.text, path
    page = get(archive, "/-/article/999")
    assert page.status_code == 404 and "There is no release number 999 in this archive." in page.text
    assert "<h1>Not found</h1>" in page.text and "Internal Server Error" not in page.text
    # Titled as every reading-room page is (s38: "Not found · newsflow", the tab beside "… · newsflow reading room").
    assert "<title>Not found · newsflow reading room</title>" in page.text
    # Datasette printed each of these with its local variables (through rich, where installed): none now.
    printed = capfd.readouterr()
    assert "Traceback" not in printed.out + printed.err


def test_a_partner_named_with_a_slash_opens_from_its_links(edited):
    with sqlite3.connect(edited) as conn:
        conn.execute("update articles set partner = 'Region X / ESF?' where title = ?", [MIXED])
    home = get(edited, "/").text
    assert 'href="/-/partner/Region%20X%20%2F%20ESF%3F"' in home
    release = get(edited, f"/-/article/{article_id(edited, MIXED)}").text
    assert 'href="/-/partner/Region%20X%20%2F%20ESF%3F"' in release
    page = get(edited, "/-/partner/Region%20X%20%2F%20ESF%3F")
    assert page.status_code == 200 and headlines(page.text) == [MIXED] and "Region X / ESF?" in page.text


def test_a_page_past_the_last_says_so_and_the_home_page_offers_no_empty_older_page(archive):
    home = get(archive, "/").text
    assert len(headlines(home)) == 10 and "Older releases" not in home  # all ten on the home page already
    for path in ("/-/search?page=2", "/-/search?q=HOPE&page=3", "/-/tag/hope?page=4"):
        html = get(archive, path).text
        assert headlines(html) == [] and '<ol class="results" start="0">' not in html, path
        assert re.search(r"There is no page \d: these results end on page 1\. <a href=\"[^\"]+\">Go to the last", html)
    assert 'href="/-/search?q=HOPE">Go to the last page' in get(archive, "/-/search?q=HOPE&page=3").text


def test_the_menu_offers_no_log_in_without_a_password(archive):
    assert "Log in" not in get(archive, "/").text and "Log in" not in get(archive, "/archive/articles").text


def test_tag_links_open_whatever_the_tag_id_is_written_with(edited):
    with sqlite3.connect(edited) as conn:
        conn.execute("update tags set id = 'esr plus/ä' where id = 'hope'")
        conn.execute("update article_tags set tag_id = 'esr plus/ä' where tag_id = 'hope'")
    path = "/-/tag/esr%20plus%2F%C3%A4"
    assert path in get(edited, f"/-/article/{article_id(edited, MIXED)}").text
    assert get(edited, path).status_code == 200
    assert get(edited, path + "/report.csv").status_code == 200
    assert get(edited, "/-/feeds/tag/esr%20plus%2F%C3%A4.atom").status_code == 200
    assert get(edited, "/-/article/99999999999999999999999").status_code == 404  # no overflow into a 500


def test_a_page_reads_the_archive_as_one_moment_while_a_run_writes(tmp_path):
    """Scale review: a release page's queries (headline, paragraphs, tags, versions) each saw the archive at its
    own moment, so a release revised by the nightly run while its page was read could mix two versions."""
    import asyncio
    import sqlite3

    from newsflow import browse
    from newsflow.archive import Archive

    db = tmp_path / "a.db"
    Archive(db).close()
    writer = sqlite3.connect(db, check_same_thread=False)  # the page reads in Datasette's thread

    def read(conn: sqlite3.Connection) -> tuple[int, int]:
        first = conn.execute("select count(*) from runs").fetchone()[0]
        writer.execute("insert into runs (started, status) values ('2026-12-01T03:15:00+00:00', 'ok')")
        writer.commit()  # the nightly run saves between two of the page's queries
        return first, conn.execute("select count(*) from runs").fetchone()[0]

    async def page() -> tuple[int, int]:
        return await browse._with_conn(browse.make_datasette(db), read)

    assert asyncio.run(page()) == (0, 0)  # one moment: the run's row is for the next page
    assert asyncio.run(page()) == (1, 1)
    writer.close()


def test_a_digest_preview_past_the_time_limit_says_how_to_narrow_a_digest(edited, tmp_path, monkeypatch):
    """Review: a broad digest's preview on a large archive stopped after 3 s with advice for a search box it does not
    have; it now has a download's time and words for a digest."""
    from newsflow import browse

    config = tmp_path / "feeds.toml"
    config.write_text(
        '[digest]\nbase_url = "https://r.example.org"\n[digest.digests.all]\nto = ["c@example.org"]\n'
        'since = "2000-01-01"\n',
        encoding="utf-8",
    )
    assert browse.DOWNLOAD_TIME_FACTOR > 1
    monkeypatch.setitem(browse.SETTINGS, "sql_time_limit_ms", 0)
    page = get(edited, "/-/digest/all", config_path=str(config))
    assert page.status_code == 503 and "narrow it in feeds.toml" in page.text and "search box" not in page.text
    assert "newsflow digest all --dry-run" in page.text and "since" not in page.text.split("narrow it")[1][:60]


SLOW = "with recursive n(i) as (select 1 union all select i + 1 from n where i < 10000000000) select count(*) from n"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/-/search?q=hankkeessa&order=newest",
        "/-/search.csv?q=hankkeessa",
        "/-/search.atom",
        "/-/tag/hope",
        "/-/tag/hope/report.html",
        "/-/partner/Coompanion",
        "/-/article/1",
        "/-/feeds/tag/hope.atom",
    ],
)
def test_a_page_past_the_time_limit_is_stopped_with_words_to_narrow_it_not_a_traceback(
    edited, path, monkeypatch, capfd
):
    """Scale review: newsflow's own pages had no time limit (Datasette's sql_time_limit_ms is for its own queries): on
    a large archive a search could hold a reading thread for many seconds. A limit of 0 stops every page's first
    query, whatever the machine's speed."""
    from newsflow import browse

    before = hashlib.sha256(edited.read_bytes()).hexdigest()
    monkeypatch.setitem(browse.SETTINGS, "sql_time_limit_ms", 0)
    page = get(edited, path)
    assert page.status_code == 503
    if "/report." in path:  # (a review: a download has no search box to narrow)
        assert "took longer than" in page.text and "Choose a shorter period (From and To on the tag" in page.text
    else:
        assert "took longer than" in page.text and "a shorter date range" in page.text and "fewer words" in page.text
    assert "Traceback" not in page.text and "interrupted" not in page.text
    if page.headers["content-type"].startswith("text/html"):
        assert "This took too long" in page.text and "written to the reading room" not in page.text
    assert "Traceback" not in capfd.readouterr().err
    assert hashlib.sha256(edited.read_bytes()).hexdigest() == before  # reads only
    monkeypatch.setitem(browse.SETTINGS, "sql_time_limit_ms", 3000)
    assert get(edited, path).status_code == 200


def test_the_time_limit_stops_a_slow_query_and_leaves_the_connection_as_it_was(archive):
    from newsflow.browse import TookTooLong, _one_snapshot

    conn = sqlite3.connect(f"file:{archive}?mode=ro", uri=True)
    with pytest.raises(TookTooLong):
        _one_snapshot(lambda c: c.execute(SLOW).fetchone(), 50)(conn)

    def swallowed(c: sqlite3.Connection) -> str:  # as search does, turning SQLite's errors into a message
        try:
            c.execute(SLOW).fetchone()
        except sqlite3.OperationalError:
            return "not a search this archive understands"
        return "done"

    with pytest.raises(TookTooLong):  # a page missing what was stopped is not shown as if whole
        _one_snapshot(swallowed, 50)(conn)
    # The same (pooled) connection afterwards: out of its read, and no handler left to stop the next page's queries,
    # long after the deadline has passed.
    assert not conn.in_transaction
    assert conn.execute(SLOW.replace("10000000000", "300000")).fetchone() == (300000,)
    assert _one_snapshot(lambda c: c.execute("select count(*) from articles").fetchone()[0], 3000)(conn) > 0


def test_a_download_has_longer_than_a_page_but_still_a_limit(archive):
    # The CSV of 10,000 results spent 2 s of its 3.5 in SQLite on a 40,000-release archive: a page's limit would
    # refuse what staff download from a large archive, and no limit would let one download hold a thread for good.
    from newsflow.browse import _time_limit, make_datasette

    ds = make_datasette(archive)
    assert _time_limit(ds) == 3000 and 3000 < _time_limit(ds, download=True) <= 15000


def test_a_search_past_the_time_limit_gives_back_its_form_to_narrow_it(archive, monkeypatch):
    from newsflow import browse

    def slow_search(conn, *args, **kwargs):  # a search made deliberately slow: it would run for hours
        conn.execute(SLOW).fetchone()

    monkeypatch.setattr(browse, "_run_search", slow_search)
    monkeypatch.setitem(browse.SETTINGS, "sql_time_limit_ms", 1000)
    page = get(archive, "/-/search?q=hankkeessa&partner=Coompanion&from=2020-01-01")
    assert page.status_code == 503 and "took longer than 1 second" in page.text and "a shorter date range" in page.text
    assert 'value="hankkeessa"' in page.text and 'value="2020-01-01"' in page.text
    assert re.search(r'<option value="Coompanion" selected', page.text)


def test_a_tag_page_says_how_many_releases_mention_only_its_parts(edited):
    """Staff probe: HOPE's page listed the practices it "Includes", then counted only the releases naming HOPE itself
    (3,991 of 13,608 on the large archive), and its report likewise, without a word."""
    with sqlite3.connect(edited) as conn:
        part_id = conn.execute("select id from tags where parent = 'hope' order by id").fetchone()[0]
        released = conn.execute(
            "select article_id from article_tags where tag_id = ? and article_id in "
            "(select article_id from article_tags where tag_id = 'hope')",
            [part_id],
        ).fetchone()
        if released is None:  # no release names both: give one of the part's a mention of the part alone
            released = conn.execute("select id from articles order by id").fetchone()
            conn.execute(
                "insert into article_tags (article_id, tag_id, surface, mentions, evidence) values (?, ?, '', 1, '[]')",
                [released[0], part_id],
            )
        conn.execute("delete from article_tags where tag_id = 'hope' and article_id = ?", [released[0]])
    assert "mention only" not in get(edited, "/-/tag/esf").text  # a tag with no parts says nothing of them
    page = get(edited, "/-/tag/hope").text
    assert "1 release mentions only these parts, not HOPE project itself" in page


def test_a_chart_starting_in_december_prints_no_year_over_the_next():
    """Staff probe: HOPE's chart began in December 2020, and "2020" was printed over "2021" one bar later."""
    months = [(f"{y}-{m:02d}", 1) for y in (2020, 2021, 2022) for m in range(1, 13) if (y, m) >= (2020, 12)]
    labels = [(b["x"], b["year"]) for b in month_chart(months)["bars"] if b["year"]]
    assert [year for _, year in labels] == ["2021", "2022"]
    spread = month_chart([(f"{y}-{m:02d}", 1) for y in (2020, 2021) for m in range(1, 13) if (y, m) >= (2020, 6)])
    assert [b["year"] for b in spread["bars"] if b["year"]] == ["2020", "2021"]  # room enough: the first year stays


def test_a_report_of_a_tag_with_parts_says_what_it_leaves_out(edited):
    """Staff probe: HOPE's dissemination report undercounted its practices' releases without a word."""
    from newsflow.report import collect_report

    with sqlite3.connect(edited) as conn:
        part_id = conn.execute("select id from tags where parent = 'hope' order by id").fetchone()[0]
        first = conn.execute("select id from articles order by id").fetchone()[0]
        conn.execute("delete from article_tags where article_id = ?", [first])
        conn.execute(
            "insert into article_tags (article_id, tag_id, surface, mentions, evidence) values (?, ?, '', 1, '[]')",
            [first, part_id],
        )
        report = collect_report(conn, "hope")
        assert report.parts_only == 1 and first not in {m.article_id for m in report.mentions}
        assert collect_report(conn, "hope", "2099-01-01").parts_only == 0  # within the period only
    html = get(edited, "/-/tag/hope/report.html").text
    assert "Not counted here: 1 release of the period that mentions only the parts of HOPE project" in html


def test_every_tag_is_listed_by_kind_with_its_releases(archive):
    """Staff probe: no page listed the tags; the home page names only those mentioned lately, and the Tag menu is one
    flat list where "Derry" (a place) and "Derry City and Strabane District Council" (an organisation) look alike."""
    page = get(archive, "/-/tags")
    assert page.status_code == 200
    with sqlite3.connect(archive) as conn:
        every = conn.execute("select id, name, kind from tags").fetchall()
        hope = conn.execute("select count(*) from article_tags where tag_id = 'hope'").fetchone()[0]
    for tag_id, _, _ in every:
        assert f'href="/-/tag/{tag_id}"' in page.text, tag_id
    sections = dict(re.findall(r'<section id="kind-([a-z]+)">(.*?)</section>', page.text, re.S))
    assert set(sections) == {kind for _, _, kind in every}
    assert re.search(rf'HOPE project</a> <span class="count-note">{hope} releases</span>', sections["project"])
    assert "part of HOPE project" in sections["practice"]
    assert 'href="/-/tags"' in get(archive, "/").text and 'href="/-/tags"' in get(archive, "/-/search").text
    # Its first line names every kind it lists (s38: it named five, above a sixth section, Topics).
    lead = re.search(r'<p class="lead">(.*?)</p>', page.text, re.S)
    assert lead and f"The {len(every)} tags newsflow looks for in every release (" in lead[1]
    for heading in re.findall(r"<h2>(.*?)</h2>", page.text):
        assert heading.lower() in lead[1], heading


def test_the_parts_only_count_and_the_subscribe_note_follow_the_dates_chosen(edited):
    """Review: the count of releases mentioning only a tag's parts ignored the page's dates, beside a list and a report
    "for these dates"; and a feed ending "yesterday" or "7d" was said to end on a fixed day."""
    with sqlite3.connect(edited) as conn:
        part_id = conn.execute("select id from tags where parent = 'hope' order by id").fetchone()[0]
        first, published = conn.execute(
            "select id, published from articles where published != '' order by id"
        ).fetchone()
        conn.execute("delete from article_tags where article_id = ?", [first])
        conn.execute(
            "insert into article_tags (article_id, tag_id, surface, mentions, evidence) values (?, ?, '', 1, '[]')",
            [first, part_id],
        )
    year = published[:4]
    assert "1 release of these dates mentions only" in get(edited, f"/-/tag/hope?from={year}&to={year}").text
    assert "only these parts" not in get(edited, "/-/tag/hope?from=2099").text
    bad = get(edited, "/-/tag/hope?from=nonsense")  # a date that is none: said, and no count built on it
    assert bad.status_code == 400 and "is not a date" in bad.text and "only these parts" not in bad.text
    moving = get(edited, "/-/subscribe?" + urlencode({"feed": "/-/search.atom?q=HOPE&to=7d"})).text
    assert "This feed ends" not in moving
    fixed = get(edited, "/-/subscribe?" + urlencode({"feed": "/-/search.atom?q=HOPE&to=31.12.2021"})).text
    assert "This feed ends on 31 December 2021" in fixed


def test_a_search_narrowed_to_a_failing_partner_says_its_newest_releases_may_be_missing(edited):
    """Staff probe: with HOPE's newsroom failing four nights running, only its partner page said so; a search for its
    releases looked complete."""
    assert "newsroom is failing" not in get(edited, "/-/search?partner=HOPE+project").text
    with sqlite3.connect(edited) as conn:
        conn.execute(
            "update sources set consecutive_failures = 4, last_success = '2026-11-20T03:00:00+00:00', "
            "last_error = 'HTTP 500' where partner = 'HOPE project'"
        )
    page = get(edited, "/-/search?partner=HOPE+project").text
    assert "HOPE project's newsroom is failing: nothing has been archived from it since 20 November 2026" in page
    assert 'href="/-/partner/HOPE%20project">Its page</a>' in page
    assert "newsroom is failing" not in get(edited, "/-/search?partner=Coompanion").text


@pytest.mark.parametrize("typed", ["8.", "8)", "%208", "8/", "8%E2%80%9D"])
def test_a_release_address_pasted_with_a_stray_character_leads_to_the_release(archive, typed):
    """s22 probe: "/-/article/8." said only that there was no page at that address."""
    page = get(archive, f"/-/article/{typed}")
    assert page.status_code == 302 and page.headers["location"] == "/-/article/8"


def test_an_address_with_two_numbers_names_no_one_release(archive):
    page = get(archive, "/-/article/8-9")
    assert page.status_code == 404 and "a release&#39;s address ends with its number" in page.text
    # Review (s22): thousands of digits took seconds (the pattern) or failed with a traceback (int()).
    for path in ("/-/article/" + "9" * 5000, "/-/article/x" + "9" * 5000, "/-/article/" + "8" * 30000 + "/x"):
        started = time.process_time()
        assert get(archive, path).status_code == 404
        assert time.process_time() - started < 1.0


@pytest.mark.parametrize("typed", ["finnish", "Finnish", "suomi", "finska", "fi-FI", "FI", "fi_FI"])
def test_a_language_named_in_a_pasted_address_is_the_language(archive, typed):
    """s22 probe: lang=finnish said "No releases … in language code finnish"; s23: lang=fi-FI said "No releases"."""
    named = get(archive, f"/-/search?q=HOPE&lang={typed}")
    coded = get(archive, "/-/search?q=HOPE&lang=fi")
    assert named.status_code == 200 and "language code" not in named.text
    assert headlines(named.text) == headlines(coded.text) != []


def test_the_tag_menu_groups_tags_under_their_kind(archive):
    """s22 probe: "Seinäjoki" and "City of Seinäjoki", "Maribor" and "City of Maribor" stood side by side in the Tag
    menu with nothing to tell a place from an organisation."""
    html = get(archive, "/-/search").text
    menu = re.search(r'<select name="tag">(.*?)</select>', html, re.S).group(1)
    groups = dict(re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', menu, re.S))
    assert list(groups)[:2] == ["Projects", "Programmes"] and {"Places", "Organisations"} <= set(groups)
    assert ">Seinäjoki</option>" in groups["Places"] and ">City of Seinäjoki</option>" in groups["Organisations"]
    assert menu.count("<option") == 1 + sum(g.count("<option") for g in groups.values())  # "any", then every tag


def test_the_tag_hint_says_the_word_is_found_in_other_names_too(archive):
    hint = re.search(r'<p class="named-tag">(.*?)</p>', get(archive, "/-/search?q=Sein%C3%A4joki").text, re.S)
    assert hint and "tagged Seinäjoki" in hint.group(1)
    assert "the search finds the word in other names and senses too" in hint.group(1)


def test_times_are_shown_in_the_servers_time_zone_named(monkeypatch):
    """s22 probe: "last read 2 December 2026 at 12:15 UTC" on a server that keeps Finnish time, which staff had to
    convert; `newsflow status` shows the server's local time."""
    from newsflow.browse import moment_text

    monkeypatch.setenv("TZ", "Europe/Helsinki")
    time.tzset()
    try:
        assert moment_text("2026-11-28T03:15:00+00:00") == "28 November 2026 at 05:15 EET"
        assert moment_text("2026-06-30T22:30:00+00:00") == "1 July 2026 at 01:30 EEST"  # the day it is there
        assert moment_text("2026-06-30T22:30:00") == "30 June 2026 at 22:30"  # stored without a zone: as it stands
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()
    assert moment_text("2026-11-28T03:15:00+00:00") == "28 November 2026 at 03:15 UTC"


def test_the_home_page_says_what_is_new_since_the_readers_last_visit(edited, monkeypatch):
    """Staff should be told what is new without having to look for it: the home page says what was archived since
    the reader last opened it (kept in a cookie of the reader's own browser; nothing is written to the archive): the
    new ones among Latest releases are marked New there, and the others, published earlier (a newsroom's older
    releases, archived for the first time), are listed above, newest published first."""
    from datetime import timedelta

    import newsflow.browse as browse
    from newsflow.browse import make_datasette, visit_cookie

    monkeypatch.setattr(browse, "PAGE_SIZE", 3)  # Latest releases: the 3 newest
    with sqlite3.connect(edited) as conn:
        conn.execute("update articles set first_seen = '2026-01-01T08:00:00+00:00'")
        newest = [r[0] for r in conn.execute(f"select id from articles a order by {WHEN} desc limit 3")]
        oldest = [r[0] for r in conn.execute(f"select id from articles a order by {WHEN} limit 2")]
        new = [newest[0], *oldest]  # one among the latest, two published long before
        for article in new:  # archived since, with ids as a run gives them: the next ones
            (top,) = conn.execute("select max(id) from articles").fetchone()
            conn.execute("update articles set id = ? where id = ?", [top + 1, article])
            for table in ("paragraphs", "article_tags", "article_sources", "article_urls", "article_languages"):
                conn.execute(f"update {table} set article_id = ? where article_id = ?", [top + 1, article])
            conn.execute("update articles set first_seen = '2026-03-01T12:00:00+00:00' where id = ?", [top + 1])
        titles_new = [r[0] for r in conn.execute("select title from articles where first_seen > '2026-02' order by id")]
        published = dict(conn.execute("select title, published from articles"))
    ds = make_datasette(edited)
    name = visit_cookie(ds)
    assert name.startswith("newsflow_visit_") and name != visit_cookie(make_datasette(edited.with_name("other.db")))
    monkeypatch.chdir(edited.parent)  # the same archive however --db names it (review, s27)
    assert visit_cookie(make_datasette(Path(edited.name))) == name
    recently = (datetime.now(UTC) - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def home(cookie: str | None = None, header: str = ""):
        async def go():
            headers = {"cookie": header or f"{name}={cookie}"} if cookie is not None or header else None
            return await make_datasette(edited).client.get("/", headers=headers)

        return asyncio.run(go())

    first = home()
    assert first.status_code == 200 and "since your last visit" not in first.text
    # A first visit says what will be there next time (s29 staff probe: nothing told the reader it would come).
    assert "The next time you open this page in this browser, the releases archived since this visit" in first.text
    assert "The next time you open this page" not in home("|2026-02-01T12:00:00Z").text
    assert re.fullmatch(r"\|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", first.cookies[name])
    # Back after a month and more.
    back = home("|2026-02-01T12:00:00Z")
    assert "<h2>New since your last visit</h2>" in back.text
    said = " ".join(re.sub(r"<[^>]+>", "", back.text).split())
    assert re.search(
        r"3 releases archived since 1 February 2026 at \d\d:00 \S+: 1 of them is marked New in Latest releases "
        r"below, and these were published earlier\.",
        said,
    ), said[:600]
    section, latest = back.text.split("<h2>New since your last visit</h2>")[1].split("<h2>Latest releases")
    listed = headlines(section)
    assert set(listed) == set(titles_new) - {headlines(latest)[0]} and len(listed) == 2
    assert listed == sorted(listed, key=lambda t: published[t] or "", reverse=True)  # newest published first
    cards = latest.split('<li class="result">')[1:]
    assert '<span class="new-badge">New</span>' in cards[0] and not any("new-badge" in c for c in cards[1:])
    assert back.cookies[name].startswith("2026-02-01T12:00:00Z|")
    # Many new ones (a reader back after a year) are taken by their publication index: the same list.
    monkeypatch.setattr(browse, "NEW_SORTED", 0)
    indexed = home("|2026-02-01T12:00:00Z").text.split("<h2>New since your last visit</h2>")[1].split("<h2>Latest")[0]
    assert headlines(indexed) == listed
    monkeypatch.setattr(browse, "NEW_SORTED", 500)
    # Within the same visit (the home page opened again within two hours) it stays.
    again = home(f"2026-02-01T12:00:00Z|{recently}")
    assert "3 releases archived since 1 February 2026" in words(again.text)
    assert again.cookies[name].startswith("2026-02-01T12:00:00Z|")
    # A first visit half an hour ago: nothing is new to this reader yet.
    assert "since your last visit" not in home(f"|{recently}").text
    assert "The next time you open this page" in home(f"|{recently}").text
    # Back when nothing was archived since: said in a line.
    assert "Nothing new since your last visit (2 March 2026 at" in words(home("|2026-03-02T12:00:00Z").text)
    # Another site's malformed cookie on the same host does not hide it (review, s27).
    mixed = home(header=f'x=a b; _ga={{"a": 1}}; {name}=|2026-02-01T12:00:00Z')
    assert "3 releases archived since" in words(mixed.text)
    # A cookie edited by hand, a day without a time, a clock ahead: a first visit, never an error (review, s27).
    for odd in (
        "junk",
        "a|b|c",
        "|2999-01-01T00:00:00Z",
        "<script>|x",
        "|2026-01-01",
        "9999-12-31T23:59:59Z|x",
        "x" * 5000,
    ):
        page = home(odd)
        assert page.status_code == 200 and "since your last visit" not in page.text, odd[:40]
    with sqlite3.connect(edited) as conn:  # nothing was written
        assert conn.execute("select count(*) from articles where first_seen > '2026-03-02'").fetchone()[0] == 0


def test_every_release_archived_since_the_last_visit_is_one_link_away(edited, monkeypatch):
    """s35 left alone: "And N more archived since then" named no list, and the search had no filter to make one (a
    partner's page lists by publication, where a newsroom's back catalogue archived last night sits years back). It
    links to the search narrowed to the releases archived since the visit, which says so, keeps it as a box to untick,
    and combines it with words and filters."""
    import newsflow.browse as browse
    from newsflow.browse import make_datasette, visit_cookie

    monkeypatch.setattr(browse, "NEW_SHOWN", 1)
    monkeypatch.setattr(browse, "PAGE_SIZE", 3)  # Latest releases: the 3 newest
    with sqlite3.connect(edited) as conn:
        conn.execute("update articles set first_seen = '2026-01-01T08:00:00+00:00'")
        # The back catalogue: archived last (the highest ids, as a run gives them), published years before.
        last = [r[0] for r in conn.execute("select id from articles order by id desc limit 4")]
        for n, article in enumerate(last):
            conn.execute(
                "update articles set first_seen = '2026-03-01T12:00:00+00:00', published = ? where id = ?",
                [f"2015-0{n + 1}-01", article],
            )
    new_titles = titles(edited, "select title from articles where first_seen > '2026-02'")
    with sqlite3.connect(edited) as conn:  # (the search's words as the whole archive answers them)
        hope = {r["title"] for r in find_articles(conn, "HOPE", limit=100).rows}
    name = visit_cookie(make_datasette(edited))

    async def go(path, cookie=""):
        headers = {"cookie": f"{name}={cookie}"} if cookie else None
        return await make_datasette(edited).client.get(path, headers=headers)

    home = asyncio.run(go("/", "|2026-02-01T12:00:00Z"))
    link = re.search(
        r'<a href="(/-/search\?archived=[^"]+)">all 4 archived since <time[^>]*>1 February 2026 at ', home.text
    )
    assert link, re.sub(r"<[^>]+>", "", home.text.split("New since your last visit")[1])[:800]
    listed = asyncio.run(go(html.unescape(link.group(1))))
    # Three a page here: the next page holds the fourth (the pager keeps the filter).
    after = re.search(r'<a href="([^"]+)"[^>]*>Next page', listed.text)
    second = asyncio.run(go(html.unescape(after.group(1))))
    assert listed.status_code == 200 and set(headlines(listed.text) + headlines(second.text)) == new_titles
    said = " ".join(re.sub(r"<[^>]+>", "", listed.text).split())
    assert "4 releases archived since 1 February 2026 at " in said
    box = re.search(r'<input type="checkbox" name="archived" value="([^"]+)" checked>', listed.text)
    assert box and "Only those archived since 1 February 2026 at" in said
    # Words and filters narrow it further; the pager, the feed and the downloads keep it.
    worded = asyncio.run(go(f"/-/search?q=HOPE&archived={box.group(1)}&order=newest"))
    assert "archived=" in re.search(r'href="([^"]*search\.csv[^"]*)"', worded.text).group(1)
    said = " ".join(re.sub(r"<[^>]+>", "", worded.text).split())
    n = len(hope & new_titles)  # (which releases a demo run archives last varies from run to run)
    releases = "No releases" if n == 0 else "1 release" if n == 1 else f"{n} releases"
    assert f"{releases} matching “HOPE”, archived since 1 February 2026" in said
    assert n < len(hope)

    # Unticked: the whole archive again.
    def count(path):  # (the page's count: three releases a page here)
        return re.search(r'<p class="count">([\d,]+|No) releases?', asyncio.run(go(path)).text).group(1)

    assert int(count("/-/search")) > 4
    # The same moment written otherwise (a day, a zone) is read the same; a moment edited into nonsense is said so.
    assert count("/-/search?archived=2026-02-01") == count("/-/search?archived=2026-02-01T14:00:00%2B02:00") == "4"
    assert count("/-/search?archived=2026-02-01T14:00:00+02:00") == "4"  # (a "+" typed unencoded: a space)
    assert count("/-/search?archived=2026-03-01T12:00:00Z") == "No"  # (since, not at)
    odd = asyncio.run(go("/-/search?archived=%3Cscript%3E"))
    assert odd.status_code == 400 and "is no moment this page can read" in odd.text
    assert "“<script>”" not in odd.text and "“&lt;script&gt;”" in odd.text


@pytest.mark.parametrize("parts", ["one", "all"])
@pytest.mark.parametrize(("since", "until"), [("", ""), ("2021-01-01", "2021-12-31"), ("2021-05-01", "2021-06-30")])
def test_the_parts_only_count_is_the_same_whichever_way_it_is_counted(edited, since, until, parts):
    """A tag page counts the releases that mention only its parts one of three ways (no dates; a period holding fewer
    releases than the parts' mentions; a longer one), each chosen for its speed: each gives what counting every release
    one by one gives."""
    from newsflow.search import parts_only_count

    with sqlite3.connect(edited) as conn:
        children = [r[0] for r in conn.execute("select id from tags where parent = 'hope' order by id")]
        chosen = children[:1] if parts == "one" else children
        # One release of each year mentions only a part (the rest as archived): the three ways see some to count.
        for year in ("2021", "2022"):
            (article,) = conn.execute(
                "select id from articles where published like ? order by id limit 1", [f"{year}%"]
            ).fetchone()
            conn.execute("delete from article_tags where article_id = ? and tag_id = 'hope'", [article])
            conn.execute(
                "insert or ignore into article_tags (article_id, tag_id, surface, mentions, evidence) "
                "values (?, ?, '', 1, '[]')",
                [article, chosen[0]],
            )
        expected, after = 0, 0
        for article, published, first_seen in conn.execute(
            "select id, published, first_seen from articles order by id"
        ):
            day = (published or first_seen)[:10]
            tags = {r[0] for r in conn.execute("select tag_id from article_tags where article_id = ?", [article])}
            counted = bool(tags & set(chosen) and "hope" not in tags and since <= day and (not until or day <= until))
            expected += counted
            after = after or (article if counted else 0)  # (archived since this one: the others, on the tag's page)
        assert parts_only_count(conn, "hope", chosen, since, until) == expected
        if expected:  # the "archived" filter: those archived after the first counted
            assert parts_only_count(conn, "hope", chosen, since, until, after) == expected - 1


def test_a_download_being_written_holds_up_no_other_reader(demo_archive, monkeypatch):
    """Years probe (s29): the workbook of a search's 10,000 releases was written in the server's one event loop, and
    every other reader waited the seconds it took. Here the writing waits until the home page has been answered: written
    in the loop, it would wait for good (and the test time out)."""
    import asyncio
    import threading

    from newsflow import browse

    written, asked = threading.Event(), threading.Event()
    real = browse._xlsx_response

    def slow(*args, **kwargs):
        asked.set()
        assert written.wait(20), "the home page was not answered while the download was written"
        return real(*args, **kwargs)

    monkeypatch.setattr(browse, "_xlsx_response", slow)

    async def go():
        ds = browse.make_datasette(demo_archive)
        download = asyncio.create_task(ds.client.get("/-/search.xlsx?q=HOPE"))
        while not asked.is_set():
            await asyncio.sleep(0.01)  # (until the download is being written)
        home = await asyncio.wait_for(ds.client.get("/"), 15)
        written.set()
        return home, await download

    home, download = asyncio.run(go())
    assert home.status_code == 200 and download.status_code == 200
    assert download.headers["content-type"].startswith("application/vnd.openxmlformats")


def test_the_database_page_lists_no_attached_temp_database_after_a_search(archive):
    """Staff probe: after any search that looked words up in the index's vocabulary (a word with a star, a typo), the
    database page of "All tables and SQL queries" said "The following databases are attached to this connection, and
    can be used for cross-database joins: temp - tables": the reading room's own scratch table, none of theirs."""
    from newsflow.browse import make_datasette

    async def go() -> list[str]:
        ds = make_datasette(archive)
        pages = []
        for _ in range(6):  # Datasette reads through several connections: each has searched before its page is asked
            for query in ("hope*", "Seinäjoela", "projekt*"):
                assert (await ds.client.get("/-/search?" + urlencode({"q": query}))).status_code == 200
            pages.append((await ds.client.get("/archive")).text)
        return pages

    pages = asyncio.run(go())
    assert all("Custom SQL query" in page and "Queries" in page for page in pages)
    assert not any("attached to this connection" in page or "[temp]" in page for page in pages)


def test_the_digest_pages_are_titled_as_headed(archive, tmp_path):
    """Staff probe: the browser's tab and history said "Digests" and "Digest hope-weekly (preview)" for pages headed
    "Digests by e-mail" and "Digest “hope-weekly”: a preview"; an unknown digest was named 'nosuch', in the quotes
    of a programmer, where every other page says “nosuch”."""
    config = tmp_path / "feeds.toml"
    config.write_text('[digest.digests.hope-weekly]\nto = ["comms@example.org"]\ntags = ["hope"]\n', encoding="utf-8")
    for path in ("/-/digests", "/-/digest/hope-weekly"):
        page = get(archive, path, config_path=str(config)).text
        title = re.search(r"<title>(.*?) · newsflow reading room</title>", page)
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", page)
        assert title and heading and title[1] == heading[1], (path, title and title[1], heading and heading[1])
    missing = get(archive, "/-/digest/nosuch", config_path=str(config)).text
    assert "There is no digest “nosuch” in this newsroom" in missing and "&#39;nosuch&#39;" not in missing
