"""A listing's window after a gap (years probe, s29): the server off for weeks, a newsroom that published more than its
listing shows. Its next pages are followed while every link is new; where they end first, the run says releases may
be missing; links max_items leaves for later are said too."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import replace

import pytest
from click.testing import CliRunner

from conftest import article_page, rss
from newsflow.archive import Archive
from newsflow.cli import cli
from newsflow.config import default_config, parse_config
from newsflow.pipeline import Pipeline
from newsflow.sources import next_feed_page, next_listing_page

TEXT = [
    "Seinäjoen kaupunki on mukana työllisyyden kuntakokeilussa, jonka myötä kaupunki valmistautuu yhä vahvempaan "
    "rooliin.",
    "EU:n rahoittamassa HOPE-hankkeessa haetaan oppia yhteiskunnallisesta yrittäjyydestä ja työllisyystoimien "
    "seurannasta.",
]


def config(sources):
    cfg = parse_config({"settings": {"timeout": 5, "min_delay": 0}, "sources": sources})
    return replace(cfg, tags=default_config().tags)


def run(cfg, db):
    with Archive(db) as archive:
        return Pipeline(cfg, archive).run()


def titles(db) -> set[str]:
    with closing(sqlite3.connect(db)) as conn:
        return {t for (t,) in conn.execute("select title from articles")}


def releases(server, names: list[str]) -> None:
    for i, name in enumerate(names):
        day = f"2025-0{1 + i // 28}-{1 + i % 28:02d}T10:00:00+02:00"
        server.add(
            f"/uutiset/tiedote-numero-{name}",
            article_page(f"Tiedote {name}", [f"Tiedote {name}. {TEXT[0]}", TEXT[1]], date=day),
        )


def listing(server, names: list[str], nxt: str = "", label: str = "Seuraava") -> str:
    links = "".join(f'<li><a href="/uutiset/tiedote-numero-{n}">Tiedote {n}</a></li>' for n in names)
    more = f'<nav class="pager"><a href="{nxt}">{label}</a></nav>' if nxt else ""
    return f"<html><body><main><ul>{links}</ul>{more}</main></body></html>"


def test_after_a_gap_the_listings_next_pages_are_read_until_a_known_release(server, tmp_path):
    names = [f"r{i}" for i in range(1, 10)]
    releases(server, names)
    server.add("/news", listing(server, ["r3", "r2", "r1"]))
    cfg = config([{"id": "s", "kind": "html", "url": server.url("/news"), "max_items": 3}])
    db = tmp_path / "a.db"
    assert run(cfg, db).totals["new"] == 3
    # Weeks later: six more, three to a page; page 3 holds the known ones.
    server.add("/news", listing(server, ["r9", "r8", "r7"], "/news?page=2"))
    server.add("/news?page=2", listing(server, ["r6", "r5", "r4"], "/news?page=3", "»"))
    server.add("/news?page=3", listing(server, ["r3", "r2", "r1"], "/news?page=4"))
    server.add("/news?page=4", listing(server, ["r0"]))
    summary = run(cfg, db)
    assert summary.totals["new"] == 6 and summary.sources[0].gap == 0  # all of them, though max_items is 3
    assert titles(db) == {f"Tiedote {n}" for n in names}
    assert server.hits("/news?page=3") == 1 and server.hits("/news?page=4") == 0  # the known releases end it
    # A night with the newest known: page 1 alone.
    assert run(cfg, db).totals["new"] == 0 and server.hits("/news?page=2") == 1


def test_a_listing_that_ends_before_any_known_release_is_a_gap_said_with_what_to_do(server, tmp_path):
    releases(server, [f"r{i}" for i in range(1, 8)])
    server.add("/news", listing(server, ["r2", "r1"]))
    cfg = config([{"id": "s", "kind": "html", "url": server.url("/news")}])
    path = tmp_path / "feeds.toml"
    path.write_text(
        f'[settings]\nmin_delay = 0\n\n[[sources]]\nid = "s"\nkind = "html"\nurl = "{server.url("/news")}"\n',
        encoding="utf-8",
    )
    db = tmp_path / "a.db"
    first = CliRunner().invoke(cli, ["run", "--config", str(path), "--db", str(db)])
    assert first.exit_code == 0 and "LISTING GAP" not in first.output  # a first run takes the listing as it is
    server.add("/news", listing(server, ["r7", "r6", "r5", "r4"]))  # r3 was never listed: lost to the window
    second = CliRunner().invoke(cli, ["run", "--config", str(path), "--db", str(db)])
    assert second.exit_code == 1, second.output
    said = " ".join(second.output.split())
    assert "LISTING GAP: s: all 4 releases its listing gave are new" in said and "may be missing" in said
    assert "add a source for the listing's older page" in said
    status = CliRunner().invoke(cli, ["status", "--db", str(db), "--json"])
    assert {"code": "LISTING_GAP", "source": "s", "new": 4} in json.loads(status.output)["warnings"]
    assert "LISTING GAP: s" in CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    assert run(cfg, db).sources[0].gap == 0  # the next night finds known releases: no gap, as it is


def test_a_paged_feed_is_followed_by_its_rel_next(server, tmp_path):
    for name in ("a", "b", "c", "d", "e", "f"):
        server.add(f"/n/{name}", article_page(f"Uutinen {name}", [f"Uutinen {name}. {TEXT[0]}", TEXT[1]]))

    def page(names: list[str], nxt: str = "") -> str:
        body = rss([(f"Uutinen {n}", server.url(f"/n/{n}"), n) for n in names])
        link = f'<atom:link rel="next" href="{server.url(nxt)}"/>' if nxt else ""
        return body.replace(
            '<rss version="2.0">', '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
        ).replace("<channel>", f"<channel>{link}")

    server.add("/feed", page(["a"]))
    cfg = config([{"id": "f", "kind": "feed", "url": server.url("/feed")}])
    db = tmp_path / "a.db"
    run(cfg, db)
    server.add("/feed", page(["f", "e", "d"], "/feed?page=2"))
    server.add("/feed?page=2", page(["c", "b", "a"]))
    assert run(cfg, db).totals["new"] == 5
    assert titles(db) == {f"Uutinen {n}" for n in "abcdef"}


def test_a_wordpress_feed_is_followed_by_its_paged_parameter(server, tmp_path):
    """Probe s38: a WordPress feed names no next page (no rel="next"), but WordPress serves its older items at
    ?paged=2, 3, …: after a gap longer than its ten items, the older ones were never read, only said as a gap."""
    for name in ("a", "b", "c", "d", "e", "f", "g"):
        server.add(f"/n/{name}", article_page(f"Uutinen {name}", [f"Uutinen {name}. {TEXT[0]}", TEXT[1]]))
    generator = "<generator>https://wordpress.org/?v=6.7.1</generator>"

    def page(names: list[str]) -> str:
        return rss([(f"Uutinen {n}", server.url(f"/n/{n}"), n) for n in names]).replace(
            "<channel>", f"<channel>{generator}"
        )

    server.add("/feed/", page(["a"]))
    cfg = config([{"id": "f", "kind": "feed", "url": server.url("/feed/")}])
    db = tmp_path / "a.db"
    run(cfg, db)
    server.add("/feed/", page(["g", "f", "e"]))
    server.add("/feed/?paged=2", page(["d", "c", "b"]))
    server.add("/feed/?paged=3", page(["a"]))
    assert run(cfg, db).totals["new"] == 6
    assert titles(db) == {f"Uutinen {n}" for n in "abcdefg"}
    assert [path for path, _ in server.requests if path.startswith("/feed/?")] == ["/feed/?paged=2", "/feed/?paged=3"]
    wordpress = f"<rss><channel>{generator}</channel></rss>".encode()
    assert next_feed_page(wordpress, {}, "https://city.example/?feed=rss2") == "https://city.example/?feed=rss2&paged=2"
    assert next_feed_page(wordpress, {}, "https://city.example/feed/?paged=2") == "https://city.example/feed/?paged=3"
    atom = b'<feed><generator uri="https://wordpress.org/" version="6.7">WordPress</generator></feed>'
    assert next_feed_page(atom, {}, "https://city.example/feed/atom/") == "https://city.example/feed/atom/?paged=2"
    hosted = b"<rss><channel><generator>http://wordpress.com/</generator></channel></rss>"  # WordPress.com's
    assert next_feed_page(hosted, {}, "https://city.example/feed/") == "https://city.example/feed/?paged=2"
    other = b"<rss><channel><generator>Drupal 10 (https://www.drupal.org)</generator></channel></rss>"
    assert next_feed_page(other, {}, "https://city.example/feed/") == ""


def test_links_max_items_leaves_for_later_are_said_in_the_summary_and_status(server, tmp_path):
    names = [f"r{i}" for i in range(1, 9)]
    releases(server, names)
    server.add("/news", listing(server, list(reversed(names))))
    path = tmp_path / "feeds.toml"
    path.write_text(
        "[settings]\nmin_delay = 0\n\n"
        f'[[sources]]\nid = "s"\nkind = "html"\nurl = "{server.url("/news")}"\nmax_items = 3\n',
        encoding="utf-8",
    )
    db = tmp_path / "a.db"
    result = CliRunner().invoke(cli, ["run", "--config", str(path), "--db", str(db)])
    assert result.exit_code == 0
    said = " ".join(result.output.split())
    assert "s: 5 listed release(s) not archived yet wait for the next runs" in said and "raise max_items" in said
    assert "5 listed release(s)" in " ".join(CliRunner().invoke(cli, ["status", "--db", str(db)]).output.split())


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ('<head><link rel="next" href="/news/2"></head><a href="/x">Next</a>', "/news/2"),
        ('<a href="/a">Etusivu</a><a href="?sivu=2" aria-label="Seuraava sivu">›</a>', "/news?sivu=2"),
        ('<ul class="pager"><li><a href="/news/page/2/">Older posts</a></li></ul>', "/news/page/2/"),
        ('<a href="/news?page=3">3</a><a href="/news?page=2">2</a>', "/news?page=2"),  # the page after this one
        ('<a href="/arkisto">Arkisto</a><a href="https://other.example/news?page=2">2</a>', ""),  # another site's
        ('<a href="/news">Seuraava</a>', ""),  # the page itself
        ("<p>Ei sivuja</p>", ""),
        # Second review (s29): a zero-based pager (Drupal) of numbers and a last-page "»"; its mini pager "››"
        (
            '<ul class="pagination"><li class="active"><span>1</span></li><li><a href="/news?page=1">2</a></li>'
            '<li><a href="/news?page=3" aria-label="Viimeinen sivu">»</a></li></ul>',
            "/news?page=1",
        ),
        (
            '<ul class="pager"><li class="pager-next"><a title="Go to next page" href="/news?page=1">››</a></li></ul>',
            "/news?page=1",
        ),
        ('<nav class="pager"><a href="/news?page=9" aria-label="Last page">»</a></nav>', ""),  # the end, not the next
        # a teaser's "»" in a wrapper whose name holds "page" is no pager
        ('<main class="page-content"><p><a href="/news/uusi-tiedote">»</a></p></main>', ""),
        (
            '<div class="list-footer"><a class="btn" href="/news/page/2/">Vanhemmat artikkelit</a></div>',
            "/news/page/2/",
        ),
        # Probe s38: a load-more link or button to the listing's next page by its number
        ('<a class="load-more" href="/news?page=2">Näytä lisää</a>', "/news?page=2"),
        ('<a href="/news?page=2" class="btn">Lataa lisää uutisia</a>', "/news?page=2"),
        ('<a href="/news?sida=2">Visa fler</a>', "/news?sida=2"),
        ('<button class="load-more" data-url="/news?page=2">Load more</button>', "/news?page=2"),
        ('<button type="button" data-href="/news/page/2/">Näytä lisää</button>', "/news/page/2/"),
        ('<a href="#" class="js-more" data-url="/news?page=2">Näytä lisää</a>', "/news?page=2"),
        ('<a href="/news?id=1234">Lue lisää</a>', ""),  # a teaser's "read more", on the listing's own path
        ('<a href="/news?page=2&amp;id=7">Läs mer</a>', ""),
        ('<button class="load-more" data-url="/news?page=5">Load more</button>', ""),  # not the page after this one
        ('<button data-url="https://other.example/news?page=2">Load more</button>', ""),
    ],
)
def test_a_listings_next_page_is_found_as_newsrooms_mark_it(page, expected):
    found = next_listing_page(f"<html><body>{page}</body></html>".encode(), {}, "https://city.example/news")
    assert found == (f"https://city.example{expected}" if expected else "")
    assert next_listing_page(b'<a href="/news?page=3">3</a>', {}, "https://city.example/news?page=2") == (
        "https://city.example/news?page=3"
    )
    later = b'<div class="list-footer"><a class="btn" href="/news/page/3/">Seuraava</a></div>'  # page 2's, to page 3
    assert next_listing_page(later, {}, "https://city.example/news/page/2/") == "https://city.example/news/page/3/"
    feed = b'<feed xmlns="http://www.w3.org/2005/Atom"><link rel="next" href="/feed?page=2"/></feed>'
    assert next_feed_page(feed, {}, "https://city.example/feed") == "https://city.example/feed?page=2"
    assert next_feed_page(b"<rss><channel></channel></rss>", {}, "https://city.example/feed") == ""


def test_dead_links_never_hold_up_releases_never_tried(server, tmp_path):
    """Review (s29): failed links were given the room before links never tried, and the same dead links took every
    slot night after night while live releases waited."""
    releases(server, ["r1", "r2", "r3"])  # d1-d5 answer 404
    server.add("/news", listing(server, ["d1", "r3", "d2", "d3", "r2", "d4", "d5", "r1"]))
    cfg = config([{"id": "s", "kind": "html", "url": server.url("/news"), "max_items": 3}])
    db = tmp_path / "a.db"
    for _ in range(3):
        run(cfg, db)
    assert titles(db) == {"Tiedote r1", "Tiedote r2", "Tiedote r3"}


def pages_of(server, pages: list[list[str]], pager=None) -> None:
    """A listing of several pages, each linking the next with "Seuraava" (or ``pager(i)``'s own links)."""
    for i, names in enumerate(pages, start=1):
        address = "/news" if i == 1 else f"/news?page={i}"
        nxt = f"/news?page={i + 1}" if i < len(pages) else ""
        body = listing(server, names, nxt)
        if pager:
            body = body.replace("</main>", pager(i) + "</main>")
        server.add(address, body)


def after_a_first_night(server, tmp_path, max_items: int = 50):
    releases(server, [f"r{i}" for i in range(1, 30)])
    server.add("/news", listing(server, ["r3", "r2", "r1"]))
    cfg = config([{"id": "s", "kind": "html", "url": server.url("/news"), "max_items": max_items}])
    tmp_path.mkdir(exist_ok=True)
    db = tmp_path / "a.db"
    run(cfg, db)
    return cfg, db


def test_a_teasers_read_more_arrow_is_no_next_page_and_a_last_page_arrow_no_page_two(server, tmp_path):
    """Review (s29): the first link whose text was "»" was taken for the next page: a teaser's "read more" (an
    article fetched as a listing page) or a pager's "last page" (page 9 read, pages 2 and 3 skipped)."""
    cfg, db = after_a_first_night(server, tmp_path)
    teaser = '<p><a class="more" href="/uutiset/tiedote-numero-r9">»</a></p>'
    pages_of(server, [["r9", "r8", "r7"], ["r6", "r5", "r4"], ["r3", "r2", "r1"]], lambda i: teaser)
    summary = run(cfg, db)
    assert summary.totals["new"] == 6 and summary.sources[0].gap == 0
    cfg, db = after_a_first_night(server, tmp_path / "b")
    pager = (
        '<nav class="pager"><a href="/news?page=2">2</a> <a href="/news?page=3">3</a> '
        '<a href="/news?page=9">»</a></nav>'
    )
    for i, names in enumerate([["r9", "r8", "r7"], ["r6", "r5", "r4"], ["r3", "r2", "r1"]], start=1):
        server.add(
            "/news" if i == 1 else f"/news?page={i}", listing(server, names).replace("</main>", pager + "</main>")
        )
    server.add("/news?page=9", listing(server, ["r28", "r27", "r26"]))
    summary = run(cfg, db)
    assert summary.totals["new"] == 6 and server.hits("/news?page=9") == 0


def test_a_listing_that_ends_short_or_leads_back_to_its_first_page_is_a_gap(server, tmp_path):
    """Review (s29): a last page of two links, or a next link back to page 1 under another address, was taken for
    "a known release reached": the releases before them were missing with nothing said."""
    cfg, db = after_a_first_night(server, tmp_path)
    pages_of(server, [["r9", "r8", "r7"], ["r6", "r5"]])
    assert run(cfg, db).sources[0].gap == 5
    cfg, db = after_a_first_night(server, tmp_path / "b")
    server.add("/news", listing(server, ["r9", "r8", "r7"], "/news?page=1"))
    server.add("/news?page=1", listing(server, ["r9", "r8", "r7"], "/news?page=2"))
    assert run(cfg, db).sources[0].gap == 3


def test_a_relaunched_site_listing_its_releases_at_new_addresses_is_no_gap(server, tmp_path):
    """Review (s29): the same releases at new addresses were all new to the listing's check: LISTING GAP, exit 1,
    where nothing was missing (each page turned out to be an archived release)."""
    names = ["r1", "r2", "r3", "r4"]
    releases(server, names)
    server.add("/news", listing(server, list(reversed(names))))
    cfg = config([{"id": "s", "kind": "html", "url": server.url("/news")}])
    db = tmp_path / "a.db"
    run(cfg, db)
    for i, name in enumerate(names):
        day = f"2025-01-{1 + i:02d}T10:00:00+02:00"
        server.add(
            f"/uutiset/uusi-osoite-{name}",
            article_page(f"Tiedote {name}", [f"Tiedote {name}. {TEXT[0]}", TEXT[1]], date=day),
        )
    links = "".join(f'<li><a href="/uutiset/uusi-osoite-{n}">Tiedote {n}</a></li>' for n in reversed(names))
    server.add("/news", f"<html><body><main><ul>{links}</ul></main></body></html>")
    summary = run(cfg, db)
    assert summary.totals["new"] == 0 and summary.sources[0].gap == 0


def test_a_listings_first_run_says_its_older_pages_are_not_read(server, tmp_path, caplog):
    """Cron probe (s35): a source's first run reads its listing's first page only (what is new from now on), and
    said nothing of the older pages it left, which a relaunch later brought in dated the day of the move."""
    releases(server, ["r1", "r2", "r3", "r4"])
    server.add("/news", listing(server, ["r4", "r3", "r2"], nxt="/news?page=2"))
    server.add("/news?page=2", listing(server, ["r1"]))
    cfg, db = config([{"id": "s", "kind": "html", "url": server.url("/news")}]), tmp_path / "a.db"
    with caplog.at_level("WARNING", logger="newsflow"):
        assert run(cfg, db).totals["new"] == 3
    said = [r.getMessage() for r in caplog.records if "first run" in r.getMessage()]
    assert said == [
        f"s: first run: the releases its listing's first page gives are read; its older pages "
        f"({server.url('/news?page=2')}, …) are not. To archive them, add a source for an archive page or sitemap of "
        "them to feeds.toml for a run"
    ]
    caplog.clear()
    with caplog.at_level("WARNING", logger="newsflow"):
        run(cfg, db)
    assert not [r for r in caplog.records if "first run" in r.getMessage()]  # (once)


def test_a_relaunch_whose_listing_also_gives_pages_never_read_is_no_gap(server, tmp_path):
    """Cron probe (s35): on a relaunched site's first night its listing gave 7 archived releases at new addresses
    among 19: "LISTING GAP: all 19 releases its listing gave are new", where the listing was a relaunched site's (the
    others older pages the first run never read)."""
    cfg, db = after_a_first_night(server, tmp_path)
    names = ["r1", "r2", "r3"]
    for i, name in enumerate(names):
        page = article_page(f"Tiedote {name}", [f"Tiedote {name}. {TEXT[0]}", TEXT[1]], date=f"2025-06-0{i + 1}")
        server.add(f"/uutiset/uusi-osoite-{name}", page)  # (dated the day of the move)
    older = ["v1", "v2", "v3", "v4"]
    for name in older:
        server.add(
            f"/uutiset/uusi-osoite-{name}", article_page(f"Tiedote {name}", [f"Vanha {name}. {TEXT[0]}", TEXT[1]])
        )
    links = [f"/uutiset/uusi-osoite-{n}" for n in (*reversed(names), *older)]
    titled = [f"Tiedote {n}" for n in (*reversed(names), *older)]
    items = "".join(f'<li><a href="{u}">{t}</a></li>' for u, t in zip(links, titled, strict=True))
    server.add("/news", f"<html><body><main><ul>{items}</ul></main></body></html>")
    summary = run(cfg, db)
    assert summary.totals["new"] == 4 and summary.sources[0].gap == 0, summary.sources[0]


def test_one_release_at_a_new_address_among_new_ones_hides_no_gap(server, tmp_path):
    """Second review (s29): one archived release found at a new slug among six new ones cleared the gap, and a
    release the listing no longer reached was lost with nothing said."""
    cfg, db = after_a_first_night(server, tmp_path)
    server.add(
        "/uutiset/uusi-osoite-r2",
        article_page("Tiedote r2", [f"Tiedote r2. {TEXT[0]}", TEXT[1]], date="2025-01-02T10:00:00+02:00"),
    )
    links = "".join(
        f'<li><a href="/uutiset/tiedote-numero-{n}">Tiedote {n}</a></li>' for n in ("r9", "r8", "r7", "r6", "r5")
    )
    links += '<li><a href="/uutiset/uusi-osoite-r2">Tiedote r2</a></li>'
    server.add("/news", f"<html><body><main><ul>{links}</ul></main></body></html>")
    summary = run(cfg, db)
    assert summary.sources[0].unchanged + summary.sources[0].updated == 1 and summary.sources[0].gap == 6


def test_a_further_page_the_sources_include_keeps_nothing_of_is_read_past(server, tmp_path):
    """Second review (s29): a next page whose links `include` all leaves out failed as "no links to articles" and
    ended the walk as a gap, before the pages holding known releases."""
    releases(server, [f"r{i}" for i in range(1, 10)])
    server.add("/news", listing(server, ["r3", "r2", "r1"]))
    cfg = config([{"id": "s", "kind": "html", "url": server.url("/news"), "include": "/uutiset/"}])
    db = tmp_path / "a.db"
    run(cfg, db)
    server.add("/news", listing(server, ["r9", "r8", "r7"], "/news?page=2"))
    server.add(
        "/news?page=2",
        "<html><body><ul>"
        + "".join(f'<li><a href="/tapahtumat/kevatseminaari-numero-{i}">Seminaari</a></li>' for i in range(3))
        + '</ul><a href="/news?page=3">Seuraava</a></body></html>',
    )
    server.add("/news?page=3", listing(server, ["r6", "r5", "r4", "r3"]))
    summary = run(cfg, db)
    assert summary.totals["new"] == 6 and summary.sources[0].gap == 0


def test_a_release_pinned_above_the_new_ones_does_not_end_the_walk(server, tmp_path):
    """Second review (s29): a known release pinned on top of the listing (a sticky post) read as "what is new ends
    here": after a gap, the releases on the next pages were lost with nothing said."""
    cfg, db = after_a_first_night(server, tmp_path)
    server.add("/news", listing(server, ["r1", "r9", "r8", "r7"], "/news?page=2"))  # r1 pinned, known
    server.add("/news?page=2", listing(server, ["r6", "r5", "r4"], "/news?page=3"))
    server.add("/news?page=3", listing(server, ["r3", "r2"]))
    summary = run(cfg, db)
    assert summary.totals["new"] == 6 and summary.sources[0].gap == 0
    assert titles(db) >= {f"Tiedote r{i}" for i in range(1, 10)}
    # A night with two new above the known ones: page 1 alone, as before.
    releases(server, ["r10", "r11"])
    server.add("/news", listing(server, ["r1", "r11", "r10", "r9", "r8"], "/news?page=2"))
    hits = server.hits("/news?page=2")
    assert run(cfg, db).totals["new"] == 2 and server.hits("/news?page=2") == hits


@pytest.mark.parametrize(
    "session",
    [
        ";jsessionid={token}",  # Java's path parameter
        "?sid={token}",  # a session-named parameter holding a token
        "?PHPSESSID={token}&lang=fi",
        "?sessionid={uuid}",  # a UUID (left alone in s30)
    ],
)
def test_a_session_kept_in_the_links_makes_no_release_new_again(server, tmp_path, session):
    """Years probe (s29): a newsroom that keeps a visitor's session in its links gave every link a new address every
    night, so all its releases were read again each night (and its listing's next pages with them)."""
    names = ["r1", "r2", "r3"]

    def night(token: str) -> None:
        links = [f"/uutiset/tiedote-numero-{n}{session.format(token=token, uuid=token)}" for n in names]
        for n, link in zip(names, links, strict=True):
            page = article_page(f"Tiedote {n}", [f"Tiedote {n}. {TEXT[0]}", TEXT[1]])
            server.add(link, page)
            server.add(f"/uutiset/tiedote-numero-{n}" + ("?lang=fi" if "lang=fi" in session else ""), page)
        items = "".join(f'<li><a href="{link}">Tiedote {n}</a></li>' for n, link in zip(names, links, strict=True))
        server.add("/news", f"<html><body><main><ul>{items}</ul></main></body></html>")

    cfg = config([{"id": "s", "kind": "html", "url": server.url("/news")}])
    db = tmp_path / "a.db"
    uuid = "{uuid}" in session
    night("3f2b9e61-0c4d-4a8e-9b1f-5d6c7e8f9a0b" if uuid else "8a3f0c1d2e4b5a6978c0d1e2f3a4b5c6")
    assert run(cfg, db).totals["new"] == 3
    read = len(server.requests)
    night("c0ffee12-3456-4789-abcd-ef0123456789" if uuid else "kt8q2n1bq7m3f0v2u7h5e9j4r1")
    summary = run(cfg, db)
    assert summary.totals["new"] == 0 and summary.totals.get("updated", 0) == 0
    assert [p for p, _ in server.requests[read:] if "tiedote" in p] == []  # the listing alone was read
    assert titles(db) == {f"Tiedote {n}" for n in names}


@pytest.mark.parametrize(
    "ids",
    [
        ("1", "2", "3"),
        ("4f9a1c2b3d4e5f60", "9b8a7c6d5e4f3a21", "0c1d2e3f4a5b6c7d"),
        (
            "3f2b9e61-0c4d-4a8e-9b1f-5d6c7e8f9a0b",
            "c0ffee12-3456-4789-abcd-ef0123456789",
            "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        ),  # fmt: skip
        ("3&nid=101", "3&nid=102", "3&nid=103"),  # a section's id, shared (second review, s30: it was dropped)
        tuple(f"0f8fad5b-d9cb-469f-a165-70867728950e&nid={n}" for n in (101, 102, 103)),  # a section's UUID (s31)
    ],
)
def test_a_story_number_named_sid_is_no_session(server, tmp_path, ids):
    """PHP-Nuke and its kind number their stories "?sid=123", or give them hex ids there (review, s30: these were
    taken for a session and the three releases archived as one): each is its own release."""
    for i, sid in enumerate(ids):
        page = article_page(f"Tiedote {i}", [f"Tiedote {i}. {TEXT[0]}", TEXT[1]])
        server.add(f"/modules.php?name=News&file=article&sid={sid}", page)
    items = "".join(
        f'<li><a href="/modules.php?name=News&amp;file=article&amp;sid={sid}">T{sid}</a></li>' for sid in ids
    )
    server.add("/news", f"<html><body><main><ul>{items}</ul></main></body></html>")
    db = tmp_path / "a.db"
    assert run(config([{"id": "s", "kind": "html", "url": server.url("/news")}]), db).totals["new"] == 3
    assert titles(db) == {"Tiedote 0", "Tiedote 1", "Tiedote 2"}


def test_a_dry_run_lists_each_sources_releases_new_or_archived_and_writes_nothing(server, tmp_path, monkeypatch):
    """An admin adding a newsroom sees what the night would take from it before it is archived (admin probe, s30: a
    listing read without a selector gave 1 of its 7 releases, and every run said "ok"); a source that fails says
    why; the archive is neither written nor, where missing, created, not even as a temporary one (which a SIGTERM
    left behind, s31)."""
    import tempfile

    releases(server, ["r1", "r2", "r3"])
    server.add("/news", listing(server, ["r3", "r2", "r1"]))
    (tmp_path / "feeds.toml").write_text(
        "[settings]\nmin_delay = 0\ntimeout = 5\n"
        f'[[sources]]\nid = "city"\nname = "City"\nkind = "html"\nurl = "{server.url("/news")}"\n'
        f'[[sources]]\nid = "gone"\nname = "Gone"\nkind = "feed"\nurl = "{server.url("/missing.xml")}"\n'
    )
    db = tmp_path / "a.db"
    args = ["run", "--config", str(tmp_path / "feeds.toml"), "--db", str(db), "--dry-run"]
    with monkeypatch.context() as patched:
        patched.setattr(tempfile, "tempdir", str(tmp_path / "no-temporary-files-here"))
        result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output  # (one of two sources failed)
    assert "city: 3 releases listed, 3 new to the archive" in result.output
    assert "new       date unknown Tiedote r3" in result.output
    assert "gone: FAILED: HTTP 404" in result.output and not db.exists()
    assert f"there is no archive at {db}: every release is new to it" in result.output
    run(config([{"id": "city", "name": "City", "kind": "html", "url": server.url("/news")}]), db)
    releases(server, ["r4"])
    server.add("/news", listing(server, ["r4", "r3", "r2", "r1"]).replace("Tiedote r4", "Tiedote\n   r4"))
    before = (db.stat().st_mtime_ns, db.stat().st_size)
    result = CliRunner().invoke(cli, [*args, "--source", "city"])
    assert result.exit_code == 0, result.output
    assert "city: 4 releases listed, 1 new to the archive" in result.output and "gone" not in result.output
    lines = result.output.splitlines()
    assert lines[1].startswith("  new ") and "Tiedote r4" in lines[1]
    assert all(line.startswith("  archived ") for line in lines[3:9:2]), lines
    as_json = json.loads(CliRunner().invoke(cli, [*args, "--json"]).output)
    assert [(s["source"], s["error"][:8], len(s["releases"])) for s in as_json] == [
        ("city", "", 4),
        ("gone", "HTTP 404", 0),
    ]
    assert [(" ".join(r["title"].split()), r["archive"]) for r in as_json[0]["releases"]][:2] == [
        ("Tiedote r4", "new"),
        ("Tiedote r3", "archived"),
    ]
    assert (db.stat().st_mtime_ns, db.stat().st_size) == before and titles(db) == {
        "Tiedote r1",
        "Tiedote r2",
        "Tiedote r3",
    }


def dated_feed(server, names: list[str]) -> str:
    """A feed of the named releases, newest first, each dated a day apart (their pages dated alike)."""
    items = "".join(
        f"<item><title>Tiedote {n}</title><link>{server.url(f'/uutiset/tiedote-numero-{n}')}</link><guid>{n}</guid>"
        f"<pubDate>{1 + i % 28:02d} {'Feb' if i >= 28 else 'Jan'} 2025 10:00:00 +0200</pubDate></item>"
        for i, n in reversed(list(enumerate(names)))
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'


@pytest.mark.parametrize("dated", [True, False])
def test_a_listing_longer_than_max_items_is_worked_through_without_a_false_gap(server, tmp_path, dated):
    """Feeds probe (s32): a feed holding a newsroom's whole history, longer than max_items. From the second run on,
    its newest releases archived and its older ones still waiting, every run said LISTING GAP ("all 12 releases its
    listing gave are new") and exited 1, for as many nights as the backlog took, and the "N wait" line, which is
    the truth, was not said; the first run's count of those waiting was max_items/2 too high. Known releases above
    the new ones are the newest, not pinned ones: no releases are missing. A sticky post pinned above releases all
    new is still no end of them (test_a_release_pinned_above_the_new_ones_does_not_end_the_walk)."""
    names = [f"r{i}" for i in range(1, 13)]
    releases(server, names)
    undated = "".join(
        f"<item><title>Tiedote {n}</title><link>{server.url(f'/uutiset/tiedote-numero-{n}')}</link></item>"
        for n in reversed(names)
    )
    server.add(
        "/feed.xml",
        dated_feed(server, names)
        if dated
        else f'<?xml version="1.0"?><rss version="2.0"><channel>{undated}</channel></rss>',
        headers={"Content-Type": "application/rss+xml"},
    )
    path = tmp_path / "feeds.toml"
    path.write_text(
        "[settings]\nmin_delay = 0\n\n"
        f'[[sources]]\nid = "s"\nkind = "feed"\nurl = "{server.url("/feed.xml")}"\nmax_items = 4\n',
        encoding="utf-8",
    )
    db = tmp_path / "a.db"
    waiting = []
    for _ in range(3):
        result = CliRunner().invoke(cli, ["run", "--config", str(path), "--db", str(db)])
        said = " ".join(result.output.split())
        assert result.exit_code == 0, said
        assert "LISTING GAP" not in said
        left = len(names) - len(titles(db))
        waiting.append(left)
        assert (f"s: {left} listed release(s) not archived yet wait for the next runs" in said) == (left > 0), said
    # (dated: half of max_items for releases never tried, the rest the newest, for their edits; undated: all of it)
    assert waiting == ([8, 6, 4] if dated else [8, 4, 0])
    status = CliRunner().invoke(cli, ["status", "--db", str(db), "--json"]).output
    assert "LISTING_GAP" not in status
    # A dry run shows the whole listing, not the newest max_items, which were all archived: the backlog in sight.
    dry = CliRunner().invoke(cli, ["run", "--config", str(path), "--db", str(db), "--dry-run"]).output
    left = waiting[-1]
    assert f"s: 12 releases listed, {left} new to the archive" in dry
    assert ("a run reads 4 of them at most, max_items" in dry) == (left > 0)
    assert sum(line.startswith("  new ") for line in dry.splitlines()) == left


def test_a_dry_run_of_a_sitemap_says_its_dates_are_changes_and_names_a_news_sitemaps_releases(server, tmp_path):
    """Feeds probe (s32): a dry run showed a sitemap's `lastmod` as each release's date (a run takes the page's), with
    no word of it, and "(no headline listed)" for a news sitemap whose entries state <news:title>."""
    plain = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{server.url('/uutiset/tiedote-numero-a')}</loc><lastmod>2026-12-03</lastmod></url></urlset>"
    )
    news = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"<url><loc>{server.url('/uutiset/tiedote-numero-b')}</loc><news:news><news:publication_date>2026-12-01"
        "</news:publication_date><news:title>Kaupunki hakee kumppaneita</news:title></news:news></url></urlset>"
    )
    server.add("/plain.xml", plain, headers={"Content-Type": "application/xml"})
    server.add("/news.xml", news, headers={"Content-Type": "application/xml"})
    (tmp_path / "feeds.toml").write_text(
        "[settings]\nmin_delay = 0\n"
        + "".join(
            f'[[sources]]\nid = "{name}"\nkind = "sitemap"\nurl = "{server.url(f"/{name}.xml")}"\n'
            for name in ("plain", "news")
        )
    )
    args = ["run", "--config", str(tmp_path / "feeds.toml"), "--db", str(tmp_path / "a.db"), "--dry-run"]
    out = CliRunner().invoke(cli, args).output
    plain_part, news_part = out.split("news: ", 1)
    assert "a sitemap's dates are when each page last changed" in plain_part
    assert "a sitemap's dates" not in news_part
    assert "2026-12-01   Kaupunki hakee kumppaneita" in news_part


def test_a_dry_run_shows_the_dates_a_run_would_take_and_counts_with_separators(server, tmp_path):
    # (wild probe, s38: the dry run showed a feed's 2099 date, and epoch 0, which the run leaves for the page's own or
    # none; and "50,000 releases listed, 50000 new")
    items = [
        ("Tulevaisuus", "Thu, 03 Dec 2099 09:00:00 +0000"),
        ("Nolla", "Thu, 01 Jan 1970 00:00:00 +0000"),
        ("Tavallinen", "Wed, 02 Dec 2026 09:00:00 +0000"),
    ] + [(f"Vanha {i}", "Mon, 02 Mar 2026 09:00:00 +0000") for i in range(1200)]
    body = "".join(
        f"<item><title>{t}</title><link>{server.url(f'/r{i}')}</link><guid>g{i}</guid><pubDate>{d}</pubDate></item>"
        for i, (t, d) in enumerate(items)
    )
    server.add("/feed.xml", f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{body}</channel></rss>')
    conf = tmp_path / "feeds.toml"
    conf.write_text(
        "[settings]\nmin_delay = 0\ntimeout = 5\n"
        f'[[sources]]\nid = "f"\nkind = "feed"\nurl = "{server.url("/feed.xml")}"\n'
    )
    args = ["run", "--config", str(conf), "--db", str(tmp_path / "a.db"), "--dry-run", "--source", "f"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "f: 1,203 releases listed, 1,203 new to the archive" in result.output
    lines = result.output.splitlines()
    assert "date unknown Tulevaisuus" in next(line for line in lines if "Tulevaisuus" in line)
    assert "date unknown Nolla" in next(line for line in lines if "Nolla" in line)
    assert "2026-12-02   Tavallinen" in next(line for line in lines if "Tavallinen" in line)
    printed = CliRunner().invoke(cli, [*args, "--json"]).output  # (after the line that says there is no archive)
    as_json = json.loads(printed[printed.index("\n[") + 1 :])
    dated = {r["title"]: r["published"] for r in as_json[0]["releases"]}
    assert dated["Tulevaisuus"] == dated["Nolla"] == "" and dated["Tavallinen"].startswith("2026-12-02")


def test_a_wordpress_feeds_next_page_keeps_its_query_as_written():
    # (review, s38: "?feed" became "?feed=&paged=2", which WordPress may read as no feed at all)
    wordpress = b'<?xml version="1.0"?><rss version="2.0"><channel><generator>https://wordpress.org/?v=6.4</generator>'
    assert next_feed_page(wordpress, {}, "https://e.fi/?feed") == "https://e.fi/?feed&paged=2"
    assert next_feed_page(wordpress, {}, "https://e.fi/?feed=rss2&paged=2") == "https://e.fi/?feed=rss2&paged=3"
    assert next_feed_page(wordpress, {}, "https://e.fi/feed/") == "https://e.fi/feed/?paged=2"
