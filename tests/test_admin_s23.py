"""The cron admin's probe (s23): a site whose every new release fails, and archives from an early m006."""

from __future__ import annotations

import json
import logging

import sqlite_utils
from click.testing import CliRunner

from conftest import article_page, rss
from newsflow.archive import Archive, migrations
from newsflow.cli import _print_summary, cli
from test_pipeline import make_config, run

FI = [
    "Seinäjoen kaupunki on mukana työllisyyden kuntakokeilussa, jonka myötä kaupunki valmistautuu yhä vahvempaan "
    "rooliin.",
    "EU:n rahoittamassa HOPE-hankkeessa haetaan oppia yhteiskunnallisesta yrittäjyydestä ja työllisyystoimien "
    "seurannasta.",
]


def warnings(db) -> list[dict]:
    return json.loads(CliRunner().invoke(cli, ["status", "--db", str(db), "--json"]).output)["warnings"]


def test_a_source_whose_new_article_links_all_fail_two_runs_in_a_row_is_failing_until_one_is_read(
    server, tmp_path, caplog, capsys
):
    """A relaunched site: its feed answers, every new release's page is gone. The run said "ok" and exited 0 night
    after night, and `status --json` warned of nothing."""
    day1 = ["/a/1", "/a/2", "/a/3"]
    server.add("/feed", rss([(f"Tiedote {p}", server.url(p), p) for p in day1]))  # (no page: each answers 404)
    cfg = make_config([{"id": "city", "kind": "feed", "url": server.url("/feed")}])
    db = tmp_path / "a.db"
    with caplog.at_level(logging.WARNING, logger="newsflow"):
        first = run(cfg, db)
    # The first night: said in the log and the summary's row (which `run --quiet` keeps), and by `status`; two
    # releases removed as soon as listed happen, so the run is not failed for it.
    assert first.status == "ok" and (first.sources[0].links_all_failed, first.sources[0].articles_failing) == (3, "")
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "city: all 3 of its new article links failed, and none was read" in said
    assert "if a later run's new links fail too, with none read between, the source counts as failing" in said
    _print_summary(first, False)
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("city "))
    assert "ok, but all 3 new article links failed and none was read (the last: " in row and "HTTP 404" in row
    assert warnings(db) == []  # (not failing yet: status warns once the source counts as failing)
    # The next night its new releases fail too: the source is failing (exit 1 where others are read), until mended.
    day2 = [*day1, "/a/4", "/a/5"]
    server.add("/feed", rss([(f"Tiedote {p}", server.url(p), p) for p in day2]))
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="newsflow"):
        second = run(cfg, db)
    assert second.status == "failed" and second.sources[0].links_all_failed == 2 and second.sources[0].articles_failing
    assert "as on a run since" in caplog.text and "relaunched" in caplog.text
    _print_summary(second, False)
    out = capsys.readouterr().out.splitlines()
    row = next(line for line in out if line.startswith("city "))
    assert "ARTICLES FAILING since " in row and "all 2 new article links failed again" in row
    # The totals line said "0 source(s) failed" beside exit 3 (cron probe, s39): it names the failing articles too
    total = next(line for line in out if line.startswith("total "))
    assert "0 source(s) failed, 1 with every new article link failing (ARTICLES FAILING)" in total
    assert [w["code"] for w in warnings(db)] == ["LAST_RUN_FAILED", "ARTICLES_FAILING"]  # (its one source failed)
    assert "ARTICLES FAILING since" in CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    # Mended: one release read clears it.
    server.add("/a/6", article_page("Tiedote 6", FI))
    server.add("/feed", rss([(f"Tiedote {p}", server.url(p), p) for p in [*day2, "/a/6"]]))
    mended = run(cfg, db)
    assert mended.totals["new"] == 1 and mended.status == "ok" and warnings(db) == []


def test_links_that_failed_before_and_fail_again_are_no_new_sign(server, tmp_path):
    """Two dead links a feed goes on listing fail first once; asked again the next night, they do not make the
    source failing (the s22 rule: dead links keep a source healthy)."""
    server.add("/feed", rss([("Poistettu 1", server.url("/gone1"), "g1"), ("Poistettu 2", server.url("/gone2"), "g2")]))
    cfg = make_config([{"id": "city", "kind": "feed", "url": server.url("/feed")}])
    db = tmp_path / "a.db"
    assert run(cfg, db).sources[0].links_all_failed == 2
    for _ in range(2):  # (the review: `status` went on warning, night after night, while every run said "ok")
        again = run(cfg, db)
        assert again.status == "ok" and (again.sources[0].links_all_failed, again.sources[0].articles_failing) == (
            0,
            "",
        )
        assert warnings(db) == [] and "ARTICLES" not in CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    assert server.hits("/gone1") == 3  # asked again


def test_one_dead_link_beside_a_release_read_keeps_the_source_healthy(server, tmp_path):
    server.add("/a/1", article_page("Tiedote 1", FI))
    server.add("/feed", rss([("Tiedote 1", server.url("/a/1"), "1"), ("Gone", server.url("/a/2"), "2")]))
    db = tmp_path / "a.db"
    summary = run(make_config([{"id": "city", "kind": "feed", "url": server.url("/feed")}]), db)
    assert summary.status == "ok" and summary.totals["failed"] == 1 and summary.sources[0].links_all_failed == 0
    assert warnings(db) == []


def test_an_archive_made_in_the_hour_m006_lacked_two_tables_opens(tmp_path):
    """Admin probe: an archive made while m006 had no article_urls and article_languages (an hour on 30 November
    2026) stopped every command with "no such table: main.article_languages"."""
    path = tmp_path / "archive.db"
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="m012_articles_failing_and_early_m006")
    db["articles"].insert({"id": 1, "url": "https://e.fi/a", "title": "Tiedote", "languages": '["fi", "en"]'})
    db["article_urls"].drop()
    db["article_languages"].drop()
    db.close()
    with Archive(path) as archive:
        assert archive.db["article_urls"].exists()
        assert sorted(r["language"] for r in archive.db["article_languages"].rows) == ["en", "fi"]
    assert CliRunner().invoke(cli, ["status", "--db", str(path)]).exit_code == 0


def test_a_run_lock_held_longer_than_any_night_is_an_error_line_with_what_to_do(tmp_path):
    """Admin probe: a hung run held the lock for a week; each night's line was the same as the first's, with no
    "Error:" for a grep of the log to find."""
    from datetime import UTC, datetime, timedelta

    from newsflow.archive import _busy
    from newsflow.dates import local_time

    lately = (datetime.now(UTC) - timedelta(hours=2)).isoformat(timespec="seconds")
    assert _busy(
        "a.db", f"pid 4242, started {lately}"
    ) == (  # in the log's local time (admin probe, s25), not UTC's ISO
        f"another newsflow run is using a.db (pid 4242, started {local_time(lately)}); not starting"
    )
    week = (datetime.now(UTC) - timedelta(days=7, hours=3)).isoformat(timespec="seconds")
    said = _busy("a.db", f"pid 4242, started {week}")
    assert said.startswith("Error: another newsflow run is using a.db")
    assert "it has run for 7 day(s) 3 hour(s)" in said and "(kill 4242)" in said
    assert _busy("a.db", "") == "another newsflow run is using a.db (pid unknown); not starting"


def test_a_feeds_toml_with_a_word_processors_quotes_says_so(tmp_path):
    """Admin probe: name = “maribor news” gave "Invalid value (at line 6, column 8)", saying nothing of the quotes."""
    config = tmp_path / "feeds.toml"
    config.write_text(
        '[[sources]]\nid = "a"\nkind = "feed"\nurl = "https://e.fi/feed"\n\n'
        '[[sources]]\nid = "b"\nname = “maribor news”\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check", "--config", str(config), "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 4
    assert "not valid TOML: Invalid value (at line 8, column 8) (the line has typographic quotes" in result.output
    config.write_text('[[sources]]\nid = "a"\nname = "Maribor news"\n[[tags]]\nid = x\n', encoding="utf-8")
    plain = CliRunner().invoke(cli, ["check", "--config", str(config), "--db", str(tmp_path / "a.db")])
    assert "not valid TOML" in plain.output and "typographic" not in plain.output and "not closed" not in plain.output
    # Probe (s28): a quote left open said "Illegal character '\\n'", nothing a person would act on.
    config.write_text('[[sources]]\nid = "a\nkind = "feed"\n', encoding="utf-8")
    unclosed = CliRunner().invoke(cli, ["check", "--config", str(config), "--db", str(tmp_path / "a.db")])
    assert unclosed.exit_code == 4 and "(at line 2, column 8) (a quoted text is not closed on its line: a closing" in (
        unclosed.output
    )


def test_a_mistake_about_the_whole_file_names_it_once(tmp_path):
    """Admin probe: [[source]] for [[sources]] said "…/t5.toml: …/t5.toml: unknown key(s) source"."""
    config = tmp_path / "feeds.toml"
    config.write_text('[[source]]\nid = "a"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--config", str(config), "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 4 and result.output.count(str(config)) == 1
    assert (
        f"{config}, line 1: unknown key(s) source (did you mean sources?); allowed: digest, settings, sources, tags"
        in (result.output)
    )


def test_a_placeholder_in_a_sitemap_without_dates_is_read_again_once_the_site_mends(server, tmp_path):
    """Review (s23): two links of a sitemap with no <lastmod> gave one placeholder; the one archived was to be asked
    again, but a listing that gives no stamp was never rechecked: the placeholder stayed, its release lost."""
    import sqlite3
    from contextlib import closing

    from test_admin_s21 import sitemap

    placeholder = article_page("Seinäjoen kaupunki", ["Sivustoa päivitetään. Palaamme pian takaisin."])
    paths = ["/p1", "/p2"]
    for p in paths:
        server.add(p, placeholder)
    server.add("/sitemap.xml", sitemap([server.url(p) for p in paths]))
    cfg = make_config([{"id": "s", "kind": "sitemap", "url": server.url("/sitemap.xml")}])
    db = tmp_path / "a.db"
    run(cfg, db)
    for p in paths:
        server.add(p, article_page(f"Tiedote {p}", [f"Kaupunki tiedottaa asiasta {p[1:]}. " + FI[0]]))
    run(cfg, db)
    with closing(sqlite3.connect(db)) as conn:
        titles = sorted(t for (t,) in conn.execute("select title from articles"))
        stamps = [s for (s,) in conn.execute("select stamp from article_sources")]
    assert titles == ["Tiedote /p1", "Tiedote /p2"] and "(asked again)" not in stamps


def test_the_summary_columns_stay_in_line_past_ten_thousand_new(capsys):
    """Years probe (s29): a first run of 12,000 releases pushed its row out of line with the header."""
    from newsflow.models import RunSummary, SourceResult

    sources = [SourceResult("coompanion", new=12000), SourceResult("derry", new=5)]
    _print_summary(RunSummary(run_id=1, started="2026-12-03T08:00:00+00:00", sources=sources), False)
    lines = capsys.readouterr().out.splitlines()[1:]
    new = [line.index(value) + len(value) for line, value in zip(lines, ("new", "12000", "5", "12005"), strict=True)]
    updated = [line.index(v, new[0]) + len(v) for line, v in zip(lines, ("updated", "0", "0", "0"), strict=True)]
    assert len(set(new)) == 1 and len(set(updated)) == 1  # each column right-aligned under its heading
