"""Sources, round 43: sitemaps at scale (cron probe: a newsroom given as a sitemap of 50,000 addresses)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsflow.models as models
import newsflow.sources as sources
from conftest import article_page, rss
from newsflow.cli import cli
from newsflow.config import Settings
from newsflow.fetch import FetchError, fetch, make_client
from newsflow.models import Source

N = 3000
TEXT = "Kaupunginvaltuusto päätti kokouksessaan uudesta hankkeesta koko kaupungissa. " * 4


@dataclass
class _Response:
    content: bytes
    url: str
    headers: dict[str, str]


def _sitemap(n: int) -> bytes:
    entries = "".join(
        f"<url><loc>https://www.kunta.example/uutiset/tiedote-{i}-uusi-hanke</loc><lastmod>2026-11-{1 + i % 28:02d}"
        "</lastmod></url>"
        for i in range(n)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}</urlset>"
    ).encode()


def test_a_long_sitemaps_addresses_are_each_normalized_once_while_its_links_are_collected(monkeypatch):
    """A sitemap's every address was taken apart (urlsplit) and normalized three times over while a night read it:
    by the sitemap's own filter (no front page), when its links were finished, and when they were finished again
    against the archive's history. Of a 50,000-address sitemap that was a fifth of the night's CPU (26 s -> 20 s)."""
    calls = 0
    split = models.urlsplit

    def counted(url: str, *args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        return split(url, *args, **kwargs)  # type: ignore[arg-type]

    if hasattr(sources, "_identity"):  # (addresses another test normalized are remembered)
        sources._identity.cache_clear()
    monkeypatch.setattr(models, "urlsplit", counted)
    src = Source(id="k", name="k", kind="sitemap", url="https://www.kunta.example/sitemap.xml", max_items=50)
    response = _Response(_sitemap(N), src.url, {"content-type": "application/xml"})
    links = sources.collect_links(lambda *a, **k: None, src, response, history=lambda pairs: {})  # type: ignore[arg-type]
    assert len(links) == 50
    assert len(links.everything) == N  # type: ignore[attr-defined]
    assert calls <= N + 10, f"{calls} normalizations of {N} addresses"


@pytest.mark.parametrize("news", [True, False])
def test_a_sitemap_entrys_fields_are_read_as_before(news: bool) -> None:
    """(the entry read in one pass: its first <loc> and <lastmod>, a news title only in the news namespace, not an
    image's, and the news publication date before lastmod)"""
    ns = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"'
    extra = (
        "<image:image><image:title>Kuva</image:title></image:image><news:news><news:publication_date>"
        "2026-12-01T09:00:00+02:00</news:publication_date><news:title> Uusi  koulu </news:title></news:news>"
    )
    xml = (
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" {ns}>'
        f"<url><loc> https://www.kunta.example/uutiset/uusi-koulu-avataan </loc><lastmod>2026-12-03</lastmod>"
        f"<loc>https://www.kunta.example/toinen</loc>{extra if news else ''}</url>"
        "<url><lastmod>2026-12-02</lastmod></url></urlset>"
    ).encode()
    src = Source(id="k", name="k", kind="sitemap", url="https://www.kunta.example/sitemap.xml")
    links, children = sources.links_from_sitemap(xml, {}, src.url, src)
    assert children == []
    assert [(link.url, link.title, link.published, link.stamp) for link in links] == [
        (
            "https://www.kunta.example/uutiset/uusi-koulu-avataan",
            "Uusi koulu" if news else "",
            "2026-12-01T09:00:00+02:00" if news else "2026-12-03",
            "2026-12-03",
        )
    ]


# ---------------------------------------------------------------- HTTP behaviours of real servers (cron probe, s43)


def _night(conf: Path, db: Path) -> int:
    return CliRunner().invoke(cli, ["run", "--quiet", "--config", str(conf), "--db", str(db)]).exit_code


def test_a_feed_and_a_page_said_to_be_gzip_but_sent_plain_are_read_as_sent(server, tmp_path):
    """Cron probe (s43): a server whose compression rule labels a page made already (`Content-Encoding: gzip` over
    plain text) failed the feed ("the response's compressed body is corrupt") every night, and a release so sent was
    a dead link for ever: no gzip stream starts but with 1f 8b, so such a body is read as sent."""
    text = TEXT
    plain = {"Content-Encoding": "gzip"}
    page = server.add("/uutiset/hanke", article_page("Uusi hanke alkaa", [text]), headers=plain)
    feed = rss([("Uusi hanke alkaa", page, page)])
    server.add("/rss", feed, headers={**plain, "Content-Type": "application/rss+xml"})
    conf, db = tmp_path / "feeds.toml", tmp_path / "a.db"
    conf.write_text(
        f'[settings]\nmin_delay = 0\n\n[[sources]]\nid = "k"\nkind = "feed"\nurl = "{server.url("/rss")}"\n'
    )
    assert _night(conf, db) == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("select url, title from articles").fetchall() == [(page, "Uusi hanke alkaa")]


def test_a_body_that_is_gzip_but_broken_is_still_said_to_be_corrupt(server):
    settings = Settings(timeout=2, connect_timeout=1, max_bytes=100_000)
    server.add("/broken", b"\x1f\x8b\x08\x00" + b"\xff" * 100, headers={"Content-Encoding": "gzip"})
    with make_client(settings) as client, pytest.raises(FetchError, match="compressed body is corrupt"):
        fetch(client, server.url("/broken"), settings)


def test_a_sitemap_index_of_more_sitemaps_than_a_run_follows_says_so_on_its_first_run(server, tmp_path, caplog):
    """Cron probe (s43): a sitemap index of 30 sitemaps (WordPress's post-sitemap1…30) gave the releases of its newest
    10 (MAX_SITEMAPS); the other 20's were never read, and neither the night's log nor the summary said so. Its first
    run now says which are not read and what to do (as a listing's older pages are said), and later runs do not."""
    index = "".join(f"<sitemap><loc>{server.url(f'/post-sitemap{k}.xml')}</loc></sitemap>" for k in range(1, 31))
    server.add(
        "/sitemap_index.xml",
        f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{index}</sitemapindex>',
        headers={"Content-Type": "application/xml"},
    )
    for k in range(1, 31):
        url = server.url(f"/uutiset/tiedote-{k}-uusi-hanke")
        server.add(
            f"/post-sitemap{k}.xml",
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{url}</loc><lastmod>2026-11-{k:02d}</lastmod></url></urlset>",
            headers={"Content-Type": "application/xml"},
        )
        server.add(f"/uutiset/tiedote-{k}-uusi-hanke", article_page(f"Tiedote {k}: uusi hanke", [TEXT + f" {k}."]))
    conf, db = tmp_path / "feeds.toml", tmp_path / "a.db"
    conf.write_text(
        f'[settings]\nmin_delay = 0\n\n[[sources]]\nid = "k"\nkind = "sitemap"\n'
        f'url = "{server.url("/sitemap_index.xml")}"\n'
    )
    assert _night(conf, db) == 0
    said = [r.getMessage() for r in caplog.records if "sitemap index's sitemaps" in r.getMessage()]
    assert len(said) == 1, said
    assert "newest 10" in said[0] and "its 20 older ones" in said[0]
    assert server.url("/post-sitemap20.xml") in said[0] and "feeds.toml" in said[0]
    caplog.clear()
    assert _night(conf, db) == 0
    assert not [r for r in caplog.records if "sitemap index's sitemaps" in r.getMessage()]
