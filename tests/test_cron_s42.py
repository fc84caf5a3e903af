"""Cron probes of session 42: a month of simulated nights against newsrooms that change from night to night."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from conftest import article_page, free_port, rss
from newsflow.cli import cli
from newsflow.workers import numbered_slug

TEXT = "Coompanion startar ett projekt för sociala företag i regionen, med partner från kommunerna och skolorna. " * 3


def _run(conf: Path, db: Path) -> int:
    return CliRunner().invoke(cli, ["run", "--quiet", "--config", str(conf), "--db", str(db)]).exit_code


def test_a_headline_edited_on_a_newsroom_whose_slug_follows_it_is_a_revision_not_a_second_release(server, tmp_path):
    """Cron probe (s42): Mynewsdesk names a release's page by its headline and its number
    (`…/pressreleases/coompanion-startar-projekt-1004`); the newsroom edits the headline, the page moves to a new slug
    (the old one redirects there) and the feed lists it at its new address under a new GUID (Mynewsdesk's GUID is the
    address). The next night archived it as a second release beside the first, the same text twice. It is the same
    release, its edit a revision, its new address its own, the old one still finding it."""
    old, new = (
        "/se/pressreleases/coompanion-startar-projekt-1004",
        "/se/pressreleases/coompanion-startar-stora-projektet-1004",
    )
    other = "/se/pressreleases/coompanion-bjuder-in-till-frukostmote-1005"
    server.add(old, article_page("Coompanion startar projekt", [TEXT, "Andra stycket om finansieringen. " * 5], "sv"))
    server.add(other, article_page("Coompanion bjuder in till frukostmöte", ["Frukostmöte om kooperativ. " * 12], "sv"))
    feed = [("Coompanion startar projekt", server.url(old), server.url(old))]
    feed += [("Coompanion bjuder in till frukostmöte", server.url(other), server.url(other))]
    server.add("/rss", rss(feed), headers={"Content-Type": "application/rss+xml"})
    conf, db = tmp_path / "feeds.toml", tmp_path / "a.db"
    conf.write_text(
        f'[settings]\nmin_delay = 0\n\n[[sources]]\nid = "mnd"\nkind = "feed"\nurl = "{server.url("/rss")}"\n'
    )
    assert _run(conf, db) == 0

    edited = [
        TEXT,
        "Andra stycket om finansieringen. " * 5,
        "Uppdatering: fler partner har anslutit sig till projektet.",
    ]
    server.add(new, article_page("Coompanion startar det stora projektet", edited, "sv"))
    server.add(old, status=301, headers={"Location": new, "Content-Length": "0"})
    feed[0] = ("Coompanion startar det stora projektet", server.url(new), server.url(new))
    server.add("/rss", rss(feed), headers={"Content-Type": "application/rss+xml"})
    assert _run(conf, db) == 0

    with sqlite3.connect(db) as conn:
        rows = conn.execute("select id, url, title from articles order by id").fetchall()
        revisions = conn.execute("select article_id, title from revisions").fetchall()
        addresses = dict(conn.execute("select url, article_id from article_urls").fetchall())
    assert len(rows) == 2, rows
    release = next(r for r in rows if "1004" in r[1])
    assert release[1:] == (server.url(new), "Coompanion startar det stora projektet")
    assert revisions == [(release[0], "Coompanion startar projekt")]
    assert addresses[server.url(old)] == addresses[server.url(new)] == release[0]


def test_only_a_slug_with_one_number_that_is_no_year_names_a_release():
    """The same number in the same folder is the same release (its text read before it is taken as one); a year, a
    query, a bare number or two numbers say nothing."""
    assert numbered_slug("https://www.mynewsdesk.com/se/x/pressreleases/coompanion-startar-projekt-3212345") == (
        "https://www.mynewsdesk.com/se/x/pressreleases/",
        "3212345",
    )
    assert numbered_slug("https://x.fi/uutiset/budjetti-vuodelle-2026") is None
    assert numbered_slug("https://x.fi/news?id=12345") is None
    assert numbered_slug("https://x.fi/node/12345") is None
    assert numbered_slug("https://x.fi/a/tiedote-12345-ja-67890") is None


def test_a_feed_redirected_to_an_address_that_fails_says_both_addresses(server, tmp_path):
    """Cron probe (s42): a feed's 301 to https (or another host) whose connection fails: the night's line named only
    the address redirected to, an https one feeds.toml never gave, with no word of the redirect (and where the
    connection itself failed, the host of the address asked for, not the one that failed). It names the address
    asked for, the one it led to and that it redirects, and the host that failed."""
    target = f"http://localhost:{free_port()}/feed"
    server.add("/feed", status=301, headers={"Location": target, "Content-Length": "0"})
    conf, db = tmp_path / "feeds.toml", tmp_path / "a.db"
    conf.write_text(
        f'[settings]\nmin_delay = 0\n\n[[sources]]\nid = "moved"\nkind = "feed"\nurl = "{server.url("/feed")}"\n'
    )
    result = CliRunner().invoke(cli, ["run", "--config", str(conf), "--db", str(db)])
    assert result.exit_code == 3
    row = next(line for line in result.output.splitlines() if line.startswith("moved "))
    assert "FAILED" in row and "localhost" in row and "127.0.0.1 refused" not in row
    assert f"at {target}, where the address redirects ({server.url('/feed')})" in row


GRANT = (
    "Kunta julistaa haettavaksi kehittämisrahan yhdistyksille, jotka kehittävät kylien palveluja. "
    "Hakemukset jätetään sähköisesti kunnan verkkosivuilla olevalla lomakkeella. "
) * 2


def test_a_yearly_release_under_last_years_slug_and_number_is_a_release_of_its_own(server, tmp_path):
    """Review (s42): a newsroom's yearly call, its text last year's with new dates, at an address of last year's
    number in the same folder (`…/kehittamisraha-haettavana-5000`, `…/haettavana-kehittamisraha-5000`) was taken for
    last year's release edited: this year's never archived as new (no digest sent it), last year's day kept. A
    headline's edit keeps the release's day; a year apart is another release."""
    old, new = "/uutiset/kehittamisraha-haettavana-5000", "/uutiset/haettavana-kehittamisraha-5000"
    server.add(old, article_page("Kehittämisraha haettavana", [GRANT, "Haku päättyy 31.3.2025."], date="2025-03-01"))
    feed = [("Kehittämisraha haettavana", server.url(old), server.url(old))]
    server.add("/rss", rss(feed), headers={"Content-Type": "application/rss+xml"})
    conf, db = tmp_path / "feeds.toml", tmp_path / "a.db"
    conf.write_text(
        f'[settings]\nmin_delay = 0\n\n[[sources]]\nid = "kunta"\nkind = "feed"\nurl = "{server.url("/rss")}"\n'
    )
    assert _run(conf, db) == 0
    server.add(new, article_page("Haettavana kehittämisraha", [GRANT, "Haku päättyy 31.3.2026."], date="2026-03-02"))
    server.add("/rss", rss([("Haettavana kehittämisraha", server.url(new), server.url(new))]))
    assert _run(conf, db) == 0
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select url, substr(published, 1, 10) from articles order by id").fetchall()
    assert rows == [(server.url(old), "2025-03-01"), (server.url(new), "2026-03-02")]


def test_a_number_among_the_headlines_words_names_no_release():
    """Review (s42): "5000" in "haettavana-5000-euron-kehittamisraha-1" is the headline's (an amount), not the page's
    number, which a newsroom that names its pages by their headlines puts at either end of the slug."""
    assert numbered_slug("https://x.fi/uutiset/haettavana-5000-euron-kehittamisraha-1") is None
    assert numbered_slug("https://x.fi/uutiset/1234-kunta-tiedottaa.html") == ("https://x.fi/uutiset/", "1234")
