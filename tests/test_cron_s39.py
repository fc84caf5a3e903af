"""Cron probes of session 39: a year of nights on a small server, judged from the log and `status`."""

from __future__ import annotations

import json
import socket
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from click.testing import CliRunner

from conftest import article_page, rss
from newsflow.cli import cli
from newsflow.config import Settings
from newsflow.fetch import FetchError, fetch, make_client


def _conf(tmp_path, server):
    server.add("/feed", rss([]))
    conf = tmp_path / "feeds.toml"
    conf.write_text(
        f'[settings]\nmin_delay = 0\n\n[[sources]]\nid = "s"\nkind = "feed"\nurl = "{server.url("/feed")}"\n'
    )
    return conf


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def test_a_clock_set_back_then_right_again_is_no_run_overdue_and_is_said_by_the_run(server, tmp_path):
    """Admin probe: the clock set back a year (one partner's host: the web servers' Date alone could not tell) and then
    right again. The run under the wrong clock said nothing, and after the clock was mended `status` said "NO RUN SINCE
    … 365 days" until the next night. A run starting more than a day before an earlier one did is a clock set back,
    unless the web servers give it as right."""
    conf, db = _conf(tmp_path, server), tmp_path / "a.db"
    args = ["run", "--quiet", "--config", str(conf), "--db", str(db)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    year = timedelta(days=365)
    with closing(sqlite3.connect(db)) as conn, conn:  # the first run started a year after the clock says now
        conn.execute("update runs set started = ?, finished = ? where id = 1", [_iso(datetime.now(UTC) + year)] * 2)
    ahead = CliRunner().invoke(cli, args)  # the server gives this clock as right: it was the first run's that was off
    assert ahead.exit_code == 0 and "CLOCK" not in ahead.output, ahead.output
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("delete from runs where id = 2")  # (its number given again)
    server.clock_ahead = year.total_seconds()  # one host: its Date alone does not tell whose clock is wrong
    wrong = CliRunner().invoke(cli, args)
    assert wrong.exit_code == 1, wrong.output
    # Said by what showed it: an earlier run's start, not the web servers (whose one host could not tell).
    assert "CLOCK WRONG: this run started 365 days before an earlier run did" in wrong.output, wrong.output
    assert "web servers" not in wrong.output
    said = CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    assert "CLOCK WRONG: this run started 365 days before an earlier run did" in said, said
    server.clock_ahead = 0.0
    with closing(sqlite3.connect(db)) as conn, conn:  # the clock still wrong and cron stopped for three days: said
        conn.execute("update runs set started = ? where id = 2", [_iso(datetime.now(UTC) - timedelta(days=3))])
    assert "NO RUN SINCE" in CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    with closing(sqlite3.connect(db)) as conn, conn:  # the clock set right again: that run was a year ago by its stamp
        conn.execute(
            "update runs set started = ?, finished = ? where id = 1", [_iso(datetime.now(UTC) - timedelta(hours=1))] * 2
        )
        conn.execute("update runs set started = ?, finished = ? where id = 2", [_iso(datetime.now(UTC) - year)] * 2)
    status = CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    assert "NO RUN SINCE" not in status and "Last run #2" in status, status
    assert "NO_RUN" not in json.dumps(json.loads(CliRunner().invoke(cli, ["status", "--db", str(db), "--json"]).output))
    again = CliRunner().invoke(cli, args)  # the next night, clock right: nothing said
    assert again.exit_code == 0 and "CLOCK" not in again.output, again.output
    with closing(sqlite3.connect(db)) as conn, conn:  # a real gap is still said: no run for three days since
        for run_id in (1, 2, 3):
            conn.execute(
                "update runs set started = ? where id = ?", [_iso(datetime.now(UTC) - timedelta(days=3)), run_id]
            )
    assert "NO RUN SINCE" in CliRunner().invoke(cli, ["status", "--db", str(db)]).output


@pytest.mark.parametrize(
    "error,said,not_said",
    [
        (socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution"), "no name server answered", "moved"),
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "could not be found", "network"),
    ],
)
def test_a_name_server_that_does_not_answer_is_not_a_site_that_moved(monkeypatch, error, said, not_said):
    """Cron probe: DNS down for one night (the resolver answers nothing: EAI_AGAIN) had every source's line in the log
    say "could not be found; check the URL, or the site may have moved": an administrator would edit feeds.toml for
    a night's outage of this machine's network. A name that does not exist (EAI_NONAME) still says so."""

    def resolve(host: str) -> tuple[str, ...]:
        raise error

    monkeypatch.setattr("newsflow.fetch.resolve_host", resolve)
    settings = Settings(timeout=5, connect_timeout=1, min_delay=0)
    transport = httpx.MockTransport(lambda r: httpx.Response(200, text="ok"))
    with make_client(settings, transport=transport) as client, pytest.raises(FetchError) as failed:
        fetch(client, "http://news.example/feed", settings)
    assert failed.value.kind == "dns" and said in str(failed.value) and not_said not in str(failed.value)
    assert "news.example" in str(failed.value)


MAINTENANCE = (
    "<html><head><title>Huoltokatko</title></head><body><h1>Huoltokatko</h1><p>Sivusto on huoltokatkon vuoksi "
    "suljettu. Yritä myöhemmin uudelleen. Pahoittelemme häiriötä ja kiitämme kärsivällisyydestä.</p></body></html>"
)


def test_releases_listed_while_their_pages_were_a_maintenance_page_are_archived_once_mended(server, tmp_path):
    """Cron probe: a site served a maintenance page (200) for every release for two nights while its feed went on
    listing new ones, three a night, each night's only. The log said the links "are retried next run", but a feed
    that answered (not "not modified") had only the links it listed asked: once the pages were mended, the releases
    of those nights were never archived. Now a failed link the listing no longer gives is asked as on a 304."""
    conf = tmp_path / "feeds.toml"
    conf.write_text(
        f'[settings]\nmin_delay = 0\n\n[[sources]]\nid = "s"\nkind = "feed"\nurl = "{server.url("/feed")}"\n'
    )
    db = tmp_path / "a.db"
    args = ["run", "--config", str(conf), "--db", str(db)]
    titles = ["Kaupunki avaa kirjaston", "Uusi uimahalli valmistuu", "Tori remontoidaan kesällä"]
    titles += ["Kesäteatteri aloittaa", "Koulujen ruokalista uudistuu", "Pyörätiet aurataan aiemmin"]
    titles += ["Valtuusto hyväksyi talousarvion", "Kirjasto laajentaa aukioloa", "Satama saa uuden laiturin"]

    def night(n: int, mended: bool) -> None:
        server.add("/feed", rss([(titles[i], server.url(f"/a{i}"), f"g{i}") for i in range(3 * n, 3 * n + 3)]))
        for i, title in enumerate(titles):
            words = [f"{title}: kaupunki kertoo asiasta tiedotteessa numero {i}, ja asukkaat voivat kommentoida."] * 3
            server.add(f"/a{i}", article_page(title, words) if mended else MAINTENANCE)

    for n in (0, 1):
        night(n, mended=False)
        result = CliRunner().invoke(cli, args)
        assert "they are retried next run" in result.output, result.output
    night(2, mended=True)
    mended = CliRunner().invoke(cli, args)
    assert mended.exit_code in (0, 1), mended.output
    with closing(sqlite3.connect(db)) as conn:
        archived = {url.rsplit("/", 1)[1]: text for url, text in conn.execute("select url, text from articles")}
    assert set(archived) == {f"a{i}" for i in range(9)}, mended.output
    assert not any("huoltokat" in text for text in archived.values())
    again = CliRunner().invoke(cli, args)  # nothing asked twice, nothing archived twice
    assert "0 source(s) failed" in again.output and server.hits("/a0") == 3
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 9
