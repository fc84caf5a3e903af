"""Cron probes of session 43: the night's row, all a --quiet run's log says of a source (the README's cron line),
says how long its listing has failed and what to do about a server error, and the last of its failing article links."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from conftest import article_page, rss
from newsflow.cli import cli

TEXT = "Tiedotteen ensimmäinen kappale kertoo hankkeesta, sen kumppaneista ja tuloksista kattavasti. " * 4


def _conf(server, tmp_path: Path, sources: dict[str, str]) -> Path:
    conf = tmp_path / "feeds.toml"
    conf.write_text(
        "[settings]\nmin_delay = 0\ntimeout = 5\n"
        + "".join(f'\n[[sources]]\nid = "{n}"\nkind = "feed"\nurl = "{server.url(p)}"\n' for n, p in sources.items())
    )
    return conf


def _night(conf: Path, db: Path) -> dict[str, str]:
    """A --quiet, --force run (a backing-off source asked every night): each source's row, by its id."""
    result = CliRunner().invoke(cli, ["run", "--quiet", "--force", "--config", str(conf), "--db", str(db)])
    assert result.exit_code in (0, 1, 3), result.output
    return {line.split()[0]: line for line in result.output.splitlines() if line.split()}


def _days_back(db: Path, days: int) -> None:
    """Every failure on record ``days`` earlier, as if the source had failed since then."""
    with sqlite3.connect(db) as conn:
        conn.execute("update failures set at = datetime(at, ?) || '+00:00'", [f"-{days} days"])


def test_a_listing_that_fails_night_after_night_says_how_long_in_its_row_and_what_to_do(server, tmp_path):
    """Before, "FAILED: HTTP 500 (server error) (URL)" read the same on the first night and the fortieth, with no word
    of what to do; the warning that said since when is left out of a --quiet run's log."""
    server.add("/broken", "no", status=500)
    conf, db = _conf(server, tmp_path, {"broken": "/broken"}), tmp_path / "a.db"
    first = _night(conf, db)["broken"]
    assert "FAILED: HTTP 500 (server error)" in first and "in a row" not in first
    assert first.endswith("; a fault on the site's side, which usually passes: newsflow asks again")
    second = _night(conf, db)["broken"]
    assert "FAILED: HTTP 500 (server error)" in second and "; 2 runs in a row, since " in second
    assert second.endswith("; a fault on the site's side, which usually passes: newsflow asks again")
    _days_back(db, 8)
    third = _night(conf, db)["broken"]
    assert "; 3 runs in a row, since " in third
    assert third.endswith(
        "; over 7 days now: open its address in a browser, and if it fails there too, tell the partner their "
        "newsroom is down for newsflow"
    )
    status = CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    line = next(line for line in status.splitlines() if line.strip().startswith("broken ["))
    assert "FAILING (3 in a row, since " in line and "never fetched well" in line
    assert "its site has failed for over 7 days; open its address in a browser" in line


def test_a_source_never_fetched_well_says_since_when_in_status(server, tmp_path):
    """Before, `status` gave a source that never answered "FAILING (2 in a row, never fetched well)", with no date."""
    server.add("/broken", "no", status=503)
    conf, db = _conf(server, tmp_path, {"broken": "/broken"}), tmp_path / "a.db"
    _night(conf, db)
    _night(conf, db)
    status = CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    line = next(line for line in status.splitlines() if line.strip().startswith("broken ["))
    assert "FAILING (2 in a row, since " in line and ", never fetched well)" in line
    assert "over 7 days" not in line


def test_a_404_says_to_check_the_address_and_not_that_it_passes(server, tmp_path):
    server.add("/missing", "no", status=404)
    conf, db = _conf(server, tmp_path, {"missing": "/missing"}), tmp_path / "a.db"
    _night(conf, db)
    row = _night(conf, db)["missing"]
    assert "; 2 runs in a row, since " in row and row.endswith("put its address as url in feeds.toml")
    assert "usually passes" not in row


def test_article_links_that_all_fail_give_the_last_error_in_the_row_not_a_pointer_to_the_log(server, tmp_path):
    """Before, the row said "(see the log)", where a --quiet run's log has no such line (the warning is left out)."""
    server.add("/ok", article_page("Tiedote hankkeesta", [TEXT] * 3))
    links = ["/gone/1", "/gone/2", "/gone/3"]  # (no page: each answers 404)
    server.add("/feed", rss([(f"Tiedote {p}", server.url(p), p) for p in links]))
    conf, db = _conf(server, tmp_path, {"city": "/feed"}), tmp_path / "a.db"
    row = _night(conf, db)["city"]
    assert "see the log" not in row
    assert "ok, but all 3 new article links failed and none was read (the last: " in row
    assert "HTTP 404" in row and row.endswith(
        ": open one in a browser, and check this source's url and links in feeds.toml"
    )
    server.add("/feed", rss([(f"Tiedote {p}", server.url(p), p) for p in [*links, "/gone/4", "/gone/5"]]))
    row = _night(conf, db)["city"]
    assert "ARTICLES FAILING since " in row and "all 2 new article links failed again, none was read (the last: " in row
    assert "see the log" not in row


def test_a_listing_redirecting_in_a_loop_says_what_to_do(server, tmp_path):
    """Before, "FAILED: redirect loop at URL" (or "more than 5 redirects") said what, not what to do."""
    server.add("/loop", "", status=302, headers={"Location": server.url("/loop2")})
    server.add("/loop2", "", status=302, headers={"Location": server.url("/loop")})
    conf, db = _conf(server, tmp_path, {"loop": "/loop"}), tmp_path / "a.db"
    row = _night(conf, db)["loop"]
    assert "FAILED: " in row and "redirect" in row
    assert row.endswith(
        "; open its address in a browser: if it opens, put the address it ends at as url in feeds.toml, and if not, "
        "tell the partner their site redirects in a loop"
    )
