"""Cron probes of session 40: hostile and broken servers on a small machine, judged from the run's output and status."""

from __future__ import annotations

from click.testing import CliRunner

from conftest import LocalServer, article_page, rss
from newsflow.cli import cli


def _page(i: int) -> str:
    text = f"Tiedotteen {i} ensimmäinen kappale kertoo hankkeesta, sen kumppaneista ja tuloksista kattavasti. " * 4
    return article_page(f"Tiedote numero {i} hankkeesta", [text] * 4)


def test_a_stalled_newsroom_costs_three_timeouts_a_night_not_one_per_link(server, tmp_path):
    """Cron probe: a newsroom whose pages trickle (robots.txt answered at once) took the whole timeout for each of its
    new links: six links, per_host 1, timeout 1 s: six seconds; with max_items' 50 and the default 30 s, twelve
    minutes every night while it lasts. After three in a row the rest fail at once with why, another host's source is
    read as ever, and the next run, the newsroom answering again, archives them all."""
    other = LocalServer()
    try:
        other.add("/a", _page(99))
        other.add("/feed", rss([("Muu", other.url("/a"), "o1")]), headers={"Content-Type": "application/rss+xml"})
        items = [(f"T{i}", server.url(f"/p{i}"), f"g{i}") for i in range(6)]
        server.add("/feed", rss(items), headers={"Content-Type": "application/rss+xml"})
        for i in range(6):
            server.add(f"/p{i}", _page(i).encode(), drip=0.01)  # seconds in all: cut at the deadline
        conf = tmp_path / "feeds.toml"
        conf.write_text(
            "[settings]\nmin_delay = 0\ntimeout = 0.3\nper_host = 1\n\n"
            f'[[sources]]\nid = "slow"\nkind = "feed"\nurl = "{server.url("/feed")}"\n\n'
            f'[[sources]]\nid = "other"\nkind = "feed"\nurl = "{other.url("/feed")}"\n'
        )
        args = ["run", "--quiet", "--config", str(conf), "--db", str(tmp_path / "a.db")]
        first = CliRunner().invoke(cli, args)
        assert first.exit_code == 0, first.output
        assert sum(server.hits(f"/p{i}") for i in range(6)) == 3  # the rest not asked
        rows = {line.split()[0]: line for line in first.output.splitlines() if line.startswith(("slow ", "other "))}
        assert rows["other"].split()[1] == "1" and rows["slow"].split()[3] == "3", first.output  # (the 3 not asked:)
        assert "3 article link(s) were not asked: their site asked newsflow to wait (Retry-After), or stopped" in (
            first.output
        )
        for i in range(6):
            server.add(f"/p{i}", _page(i))  # answering again
        second = CliRunner().invoke(cli, args)
        assert second.exit_code == 0, second.output
        assert [line.split()[:2] for line in second.output.splitlines() if line.startswith("slow ")] == [["slow", "6"]]
    finally:
        other.close()


def test_a_newsroom_never_asked_as_its_host_stalled_is_skipped_not_failed(server, tmp_path):
    """Review s40: a second newsroom on a host that stalled on the first's pages was never asked, yet recorded FAILED
    and backed off (the next run skipped it too). It is skipped, asked again next run, and its release archived then."""
    import sqlite3
    from contextlib import closing

    items = [(f"T{i}", server.url(f"/p{i}"), f"g{i}") for i in range(3)]
    server.add("/feed", rss(items), headers={"Content-Type": "application/rss+xml"})
    for i in range(3):
        server.add(f"/p{i}", _page(i).encode(), drip=0.01)
    server.add("/q0", _page(50))
    server.add("/feed2", rss([("Q", server.url("/q0"), "q0")]), headers={"Content-Type": "application/rss+xml"})
    conf, db = tmp_path / "feeds.toml", tmp_path / "a.db"
    conf.write_text(
        "[settings]\nmin_delay = 0\ntimeout = 0.3\nper_host = 1\nworkers = 1\n\n"
        f'[[sources]]\nid = "aslow"\nkind = "feed"\nurl = "{server.url("/feed")}"\n\n'
        f'[[sources]]\nid = "bsecond"\nkind = "feed"\nurl = "{server.url("/feed2")}"\n'
    )
    args = ["run", "--quiet", "--config", str(conf), "--db", str(db)]
    first = CliRunner().invoke(cli, args)
    row = next(line for line in first.output.splitlines() if line.startswith("bsecond "))
    assert "skipped: not requested" in row and "FAILED" not in row and "(asked again next run)" in row, first.output
    assert server.hits("/feed2") == 0
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("select consecutive_failures from sources where id = 'bsecond'").fetchone() == (0,)
    for i in range(3):
        server.add(f"/p{i}", _page(i))  # answering again
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 0, second.output
    assert [line.split()[:2] for line in second.output.splitlines() if line.startswith("bsecond ")] == [
        ["bsecond", "1"]
    ], second.output
