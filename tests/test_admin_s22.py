"""The cron admin's probe (s22): what a nightly run and `status` say about sources that have moved."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from click.testing import CliRunner

from conftest import article_page, rss
from newsflow.cli import _print_summary, cli
from test_pipeline import make_config, run

FI = [
    "Seinäjoen kaupunki on mukana työllisyyden kuntakokeilussa, jonka myötä kaupunki valmistautuu yhä vahvempaan "
    "rooliin.",
    "EU:n rahoittamassa HOPE-hankkeessa haetaan oppia yhteiskunnallisesta yrittäjyydestä ja työllisyystoimien "
    "seurannasta.",
]


def test_a_source_whose_address_moved_for_good_is_fetched_and_the_admin_told_until_feeds_toml_follows(
    server, tmp_path, caplog, capsys
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
    _print_summary(summary, False)  # the cron log's summary says it too: `run --quiet` leaves warnings out
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("city "))
    assert f"ok (MOVED for good to {server.url('/newsroom/feed')}: put it as this source's url in feeds.toml)" in row
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


def test_a_last_run_that_did_not_finish_is_a_warning_for_monitoring_with_what_it_archived(server, tmp_path):
    """s22 probe: a run killed every night (out of memory, a timeout wrapper) or stopped by a full disk left
    `status --json` with no warning, and a failed run said "0 new" though it had archived releases."""
    import sqlite3

    server.add("/a/news-1", article_page("HOPE-hanke alkaa", FI))
    server.add(
        "/feed",
        rss([("HOPE-hanke alkaa", server.url("/a/news-1"), "1")]),
        headers={"Content-Type": "application/rss+xml"},
    )
    db = tmp_path / "a.db"
    assert run(make_config([{"id": "city", "kind": "feed", "url": server.url("/feed")}]), db).status == "ok"
    ok = json.loads(CliRunner().invoke(cli, ["status", "--db", str(db), "--json"]).output)["warnings"]
    assert not [w for w in ok if w["code"].startswith("LAST_RUN")]
    for stored, code, said in (
        ("running", "LAST_RUN_INTERRUPTED", "INTERRUPTED (the process was stopped before it finished)"),
        (
            "failed",
            "LAST_RUN_FAILED",
            "FAILED (every source failed or waits to be tried again after failures, or an error",
        ),
    ):
        with sqlite3.connect(db) as conn:  # as the run's end left it: killed before, or stopped by an error
            conn.execute("update runs set status = ?, new = 0", [stored])
        warnings = json.loads(CliRunner().invoke(cli, ["status", "--db", str(db), "--json"]).output)["warnings"]
        assert [w["code"] for w in warnings if w["code"].startswith("LAST_RUN")] == [code]
        text = CliRunner().invoke(cli, ["status", "--db", str(db)]).output
        assert f"Last run #1: {said}" in text and "; 1 new, " in text


def _feeds_toml(path, urls: dict[str, str]) -> None:
    path.write_text(
        "".join(
            f'[[sources]]\nid = "{i}"\nkind = "feed"\nurl = "{u}"\npartner = "{i.title()}"\n\n' for i, u in urls.items()
        ),
        encoding="utf-8",
    )


def test_check_says_when_two_sources_read_the_same_address(tmp_path):
    conf = tmp_path / "feeds.toml"
    _feeds_toml(
        conf, {"alpha": "https://example.org/feed", "delta": "HTTPS://example.org/feed/", "beta": "https://b.org/"}
    )
    result = CliRunner().invoke(cli, ["check", "--config", str(conf), "--db", str(tmp_path / "archive.db")])
    assert result.exit_code == 0, result.output  # usable, as a feed read twice filtered two ways is
    assert (
        "WARNING: sources alpha and delta read the same address (https://example.org/feed): each release is listed "
        "under all of them" in result.output
    )
    _feeds_toml(conf, {"alpha": "https://example.org/feed", "beta": "https://b.org/"})
    assert (
        "WARNING"
        not in CliRunner().invoke(cli, ["check", "--config", str(conf), "--db", str(tmp_path / "a.db")]).output
    )


def test_check_says_the_nightly_run_cannot_write_a_read_only_archive(tmp_path):
    from test_admin_s21 import _as_a_user

    conf = tmp_path / "feeds.toml"
    _feeds_toml(conf, {"alpha": "https://example.org/feed"})
    db = tmp_path / "archive.db"
    assert CliRunner().invoke(cli, ["check", "--config", str(conf), "--db", str(db)]).exit_code == 0
    from newsflow.archive import Archive

    with Archive(db):
        pass
    db.chmod(0o444)
    try:
        result = _as_a_user(["check", "--config", str(conf), "--db", str(db)], tmp_path)
    finally:
        db.chmod(0o644)
    assert result.returncode == 4, result.stdout + result.stderr
    assert "is read-only to this user: the nightly run cannot write the archive there" in result.stderr


def test_a_failure_in_status_names_its_address_once(server, tmp_path):
    server.add("/feed", "gone", status=404)
    db = tmp_path / "a.db"
    run(make_config([{"id": "city", "kind": "feed", "url": server.url("/feed")}]), db)
    text = CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    line = next(x for x in text.splitlines() if x.strip().startswith("city listing:"))
    assert "HTTP 404" in line and line.count(server.url("/feed")) == 1, line


def test_check_takes_one_listing_read_for_two_sections_as_no_slip(tmp_path):
    conf = tmp_path / "feeds.toml"
    conf.write_text(
        "".join(
            f'[[sources]]\nid = "{i}"\nkind = "html"\nurl = "https://example.org/news/"\nlinks = "{sel}"\n\n'
            for i, sel in (("fi", "div.fi a"), ("en", "div.en a"))
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check", "--config", str(conf), "--db", str(tmp_path / "archive.db")])
    assert result.exit_code == 0 and "WARNING" not in result.output, result.output


def test_check_says_the_nightly_run_cannot_write_beside_an_archive_in_a_read_only_folder(tmp_path):
    from newsflow.archive import Archive
    from test_admin_s21 import _as_a_user

    folder = tmp_path / "data"
    folder.mkdir()
    conf = folder / "feeds.toml"
    _feeds_toml(conf, {"alpha": "https://example.org/feed"})
    db = folder / "archive.db"
    with Archive(db):
        pass
    for leftover in (f"{db}-wal", f"{db}-shm", f"{db}.lock"):
        Path(leftover).unlink(missing_ok=True)
    folder.chmod(0o555)  # the file writable, its folder not: no write-ahead log, no lock can be made there
    try:
        result = _as_a_user(["check", "--config", str(conf), "--db", str(db)], tmp_path)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 4, result.stdout + result.stderr
    assert f"{folder} is read-only to this user: the nightly run cannot write the archive there" in result.stderr


def test_serving_the_demo_on_its_newsroom_port_says_the_originals_lead_nowhere(demo_archive, monkeypatch):
    import sqlite3
    from urllib.parse import urlsplit

    import uvicorn

    with sqlite3.connect(demo_archive) as conn:
        (url,) = conn.execute("select url from sources limit 1").fetchone()
    served: list[int] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: served.append(k["port"]))
    port = urlsplit(url).port
    result = CliRunner().invoke(cli, ["serve", "--db", str(demo_archive), "--port", str(port)])
    assert result.exit_code == 0 and served == [port], result.output
    assert f"The reading room takes port {port}, where the demo newsroom was" in result.output
    assert "served again" not in result.output
