"""The cron admin's probe (s21): what a nightly run and its commands say when set up wrongly."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import article_page, rss
from newsflow.archive import Archive
from newsflow.cli import cli
from newsflow.cli_common import EXIT_FAILED, EXIT_OK, EXIT_SETUP
from newsflow.config import default_config, parse_config
from newsflow.pipeline import Pipeline

FI = [
    "Seinäjoen kaupunki on mukana työllisyyden kuntakokeilussa, jonka myötä kaupunki valmistautuu yhä vahvempaan "
    "rooliin.",
    "EU:n rahoittamassa HOPE-hankkeessa haetaan oppia yhteiskunnallisesta yrittäjyydestä ja työllisyystoimien "
    "seurannasta.",
]


def make_config(sources: list[dict]) -> object:
    from dataclasses import replace

    cfg = parse_config({"settings": {"timeout": 5, "min_delay": 0}, "sources": sources})
    return replace(cfg, tags=default_config().tags)


def run(cfg, db_path, **kw):
    with Archive(db_path) as archive:
        return Pipeline(cfg, archive).run(**kw)


def sitemap(urls: list[str]) -> str:
    entries = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'


# ---------------------------------------------------------------- 1. an include that keeps nothing


def test_include_that_keeps_none_of_the_links_listed_fails_the_source(server, tmp_path):
    urls = [server.url(f"/hope/NewsDetail/{i}") for i in range(3)]
    server.add("/sitemap.xml", sitemap(urls), headers={"Content-Type": "application/xml"})
    cfg = make_config(
        [{"id": "hope", "kind": "sitemap", "url": server.url("/sitemap.xml"), "include": "newsdetail"}]
    )
    summary = run(cfg, tmp_path / "a.db")
    assert summary.status == "failed"
    error = summary.sources[0].error
    assert "3 link(s) listed, none matching include 'newsdetail'" in error
    assert "case-sensitive: 3 would match it in another case" in error
    assert "check include in feeds.toml" in error


def test_include_that_keeps_some_links_and_an_empty_listing_stay_ok(server, tmp_path):
    server.add("/a/news-1", article_page("HOPE-hanke alkaa", FI))
    server.add(
        "/feed",
        rss([("HOPE-hanke alkaa", server.url("/a/news-1"), "1"), ("Muu", server.url("/b/other"), "2")]),
        headers={"Content-Type": "application/rss+xml"},
    )
    server.add("/empty", rss([]), headers={"Content-Type": "application/rss+xml"})
    cfg = make_config(
        [
            {"id": "some", "kind": "feed", "url": server.url("/feed"), "include": "/a/"},
            {"id": "none", "kind": "feed", "url": server.url("/empty"), "include": "/a/"},
        ]
    )
    summary = run(cfg, tmp_path / "a.db")
    assert summary.status == "ok", [s.error for s in summary.sources]
    assert summary.totals["new"] == 1
