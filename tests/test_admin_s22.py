"""The cron admin's probe (s22): what a nightly run and `status` say about sources that have moved."""

from __future__ import annotations

import json
import logging

from click.testing import CliRunner

from conftest import article_page, rss
from newsflow.cli import cli
from test_pipeline import make_config, run

FI = [
    "Seinäjoen kaupunki on mukana työllisyyden kuntakokeilussa, jonka myötä kaupunki valmistautuu yhä vahvempaan "
    "rooliin.",
    "EU:n rahoittamassa HOPE-hankkeessa haetaan oppia yhteiskunnallisesta yrittäjyydestä ja työllisyystoimien "
    "seurannasta.",
]


def test_a_source_whose_address_moved_for_good_is_fetched_and_the_admin_told_until_feeds_toml_follows(
    server, tmp_path, caplog
):
    server.add("/a/news-1", article_page("HOPE-hanke alkaa", FI))
    server.add(
        "/newsroom/feed",
        rss([("HOPE-hanke alkaa", server.url("/a/news-1"), "1")]),
        headers={"Content-Type": "application/rss+xml"},
    )
    server.add("/feed", status=301, headers={"Location": "/newsroom/feed"})
    db = tmp_path / "a.db"
    with caplog.at_level(logging.WARNING, logger="newsflow"):
        summary = run(make_config([{"id": "city", "kind": "feed", "url": server.url("/feed")}]), db)
    assert summary.status == "ok" and summary.totals["new"] == 1  # nothing lost while the old address redirects
    said = " ".join(r.getMessage() for r in caplog.records)
    assert f"city: its address {server.url('/feed')} has moved for good" in said
    assert f"to {server.url('/newsroom/feed')}: put the new address as this source's url in feeds.toml" in said

    text = CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    assert f"MOVED: its address redirects for good to {server.url('/newsroom/feed')}" in text
    warnings = json.loads(CliRunner().invoke(cli, ["status", "--db", str(db), "--json"]).output)["warnings"]
    assert {
        "code": "SOURCE_MOVED",
        "source": "city",
        "url": server.url("/feed"),
        "moved_to": server.url("/newsroom/feed"),
    } in warnings

    # The admin follows the advice: the next run asks the new address, and the notice goes.
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="newsflow"):
        summary = run(make_config([{"id": "city", "kind": "feed", "url": server.url("/newsroom/feed")}]), db)
    assert summary.status == "ok" and summary.totals["new"] == 0
    assert "moved for good" not in " ".join(r.getMessage() for r in caplog.records)
    assert "MOVED" not in CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    warnings = json.loads(CliRunner().invoke(cli, ["status", "--db", str(db), "--json"]).output)["warnings"]
    assert not [w for w in warnings if w["code"] == "SOURCE_MOVED"]


def test_a_temporary_redirect_is_not_reported_as_a_move(server, tmp_path):
    server.add("/newsroom/feed", rss([]), headers={"Content-Type": "application/rss+xml"})
    server.add("/feed", status=302, headers={"Location": "/newsroom/feed"})
    db = tmp_path / "a.db"
    assert run(make_config([{"id": "city", "kind": "feed", "url": server.url("/feed")}]), db).status == "ok"
    assert "MOVED" not in CliRunner().invoke(cli, ["status", "--db", str(db)]).output
