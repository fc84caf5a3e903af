"""Feeds, listings and sitemaps -> links; URL identity."""

from __future__ import annotations

import gzip

import pytest

from newsflow.models import Source
from newsflow.sources import SourceError, links_from_feed, links_from_listing, links_from_sitemap, normalize_url

SRC = Source(id="s", name="s", kind="feed", url="https://news.example.fi/feed")


@pytest.mark.parametrize(
    "a,b",
    [
        ("HTTPS://News.Example.FI:443/a/b/", "https://news.example.fi/a/b"),
        ("http://example.fi:80/a?utm_source=rss&utm_medium=x&id=5&fbclid=zz", "http://example.fi/a?id=5"),
        ("https://example.fi/a#comments", "https://example.fi/a"),
        ("https://example.fi//a//b", "https://example.fi/a/b"),
        ("https://example.fi", "https://example.fi/"),
        ("https://example.fi:8443/a", "https://example.fi:8443/a"),
    ],
)
def test_normalize_url(a, b):
    assert normalize_url(a) == b


MYNEWSDESK = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Coompanion</title>
<item><title>Äldre</title><link>https://www.mynewsdesk.com/se/coompanion/pressreleases/aeldre-1?utm_source=rss&amp;utm_medium=rss</link>
<guid>md-1</guid><pubDate>Tue, 10 Oct 2017 07:20:00 +0200</pubDate></item>
<item><title>Utan datum</title><link>https://www.mynewsdesk.com/se/coompanion/pressreleases/utan-datum-3</link><guid>md-3</guid></item>
<item><title>Nyare</title><link>https://www.mynewsdesk.com/se/coompanion/pressreleases/nyare-2</link><guid>md-2</guid>
<pubDate>Wed, 14 Mar 2018 09:30:00 +0100</pubDate><description>&lt;p&gt;Ingress &lt;b&gt;här&lt;/b&gt;&lt;/p&gt;</description></item>
<item><title>Skript</title><link>javascript:alert(1)</link></item>
<item><title>Fil</title><link>file:///etc/passwd</link></item>
</channel></rss>"""


def test_feed_links_newest_first_with_dates_guids_and_only_web_urls():
    links = links_from_feed(MYNEWSDESK.encode(), {"content-type": "application/rss+xml"}, SRC.url, SRC)
    assert [link.guid for link in links] == ["md-2", "md-1", "md-3"]
    assert links[0].published == "2018-03-14T08:30:00+00:00" and links[2].published == ""
    assert links[0].summary == "Ingress här"


def test_atom_feed_with_relative_links():
    atom = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><title>Uutinen</title><link rel="alternate" href="/uutiset/1"/><id>tag:x,2024:1</id><updated>2024-04-01T10:00:00+03:00</updated></entry></feed>"""
    (link,) = links_from_feed(atom.encode(), {}, "https://www.seinajoki.fi/feed/", SRC)
    assert link.url == "https://www.seinajoki.fi/uutiset/1" and link.guid == "tag:x,2024:1"


def test_feed_in_a_legacy_charset_declared_in_the_header():
    feed = '<?xml version="1.0"?><rss version="2.0"><channel><item><title>Seinäjoen kesä</title><link>https://e.fi/a</link></item></channel></rss>'
    (link,) = links_from_feed(feed.encode("iso-8859-1"), {"content-type": "application/rss+xml; charset=iso-8859-1"}, SRC.url, SRC)
    assert link.title == "Seinäjoen kesä"


@pytest.mark.parametrize("body", [b"", b"<html><body>Not a feed</body></html>", b"\x00\xff\xfe garbage"])
def test_malformed_feeds_raise_a_source_error(body):
    with pytest.raises(SourceError):
        links_from_feed(body, {"content-type": "application/rss+xml"}, SRC.url, SRC)


def test_max_items_keeps_the_newest():
    src = Source(id="s", name="s", kind="feed", url=SRC.url, max_items=1)
    links = links_from_feed(MYNEWSDESK.encode(), {}, SRC.url, src)
    assert [link.guid for link in links] == ["md-2"]


def test_listing_without_selector_finds_article_like_links_outside_navigation():
    html = """<html><body><nav><a href="/uutiset/valikon-pitka-linkki-tassa">Valikko</a></nav>
    <main><a href="/uutiset/kaupunki-avaa-uuden-palvelupisteen">Uutinen</a><a href="/yhteystiedot">Yhteystiedot</a>
    <a href="https://other.example/uutiset/toinen-sivusto-kokonaan-eri">Muu</a><a href="/uutiset?id=12345">Id</a></main></body></html>"""
    src = Source(id="s", name="s", kind="html", url="https://www.seinajoki.fi/uutiset")
    links = links_from_listing(html.encode(), {}, src.url, src)
    assert [link.url for link in links] == ["https://www.seinajoki.fi/uutiset/kaupunki-avaa-uuden-palvelupisteen",
                                            "https://www.seinajoki.fi/uutiset?id=12345"]


def test_invalid_selector_is_a_clear_error():
    src = Source(id="s", name="s", kind="html", url="https://e.fi/", links="a[[")
    with pytest.raises(SourceError, match="not valid CSS"):
        links_from_listing(b"<a href='/x'>x</a>", {}, src.url, src)


def test_sitemap_gzip_index_and_entities_not_expanded():
    urlset = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
              '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
              '<url><loc>https://e.fi/a&e;</loc><lastmod>2024-01-01</lastmod></url>'
              '<url><loc>https://e.fi/b</loc><lastmod>2024-02-01</lastmod></url></urlset>')
    src = Source(id="s", name="s", kind="sitemap", url="https://e.fi/sitemap.xml")
    links, children = links_from_sitemap(gzip.compress(urlset.encode()), {}, src.url, src)
    assert children == [] and links[0].url == "https://e.fi/b"
    assert all("root:" not in link.url for link in links)
    index = ('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://e.fi/old.xml</loc><lastmod>2020-01-01</lastmod></sitemap>'
             '<sitemap><loc>https://e.fi/new.xml</loc><lastmod>2024-01-01</lastmod></sitemap><sitemap><loc>ftp://e.fi/x.xml</loc></sitemap></sitemapindex>')
    links, children = links_from_sitemap(index.encode(), {}, src.url, src)
    assert links == [] and children == ["https://e.fi/new.xml", "https://e.fi/old.xml"]
    with pytest.raises(SourceError):
        links_from_sitemap(b"<html><body>no</body></html>", {}, src.url, src)


def test_hostile_feed_bytes_never_raise_anything_but_source_error():
    bodies = ['<rss version="2.0"><channel><item><title>\ud800</title><link>https://e.fi/\udfff</link></item></channel></rss>'.encode("utf-8", "surrogatepass"),
              b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
              b'<rss version="2.0"><channel><item><title>&d;&d;&d;</title><link>https://e.fi/a</link></item></channel></rss>']
    for body in bodies:
        try:
            links = links_from_feed(body, {"content-type": "application/rss+xml"}, SRC.url, SRC)
        except SourceError:
            continue
        assert all(len(link.title) < 10_000 for link in links)
