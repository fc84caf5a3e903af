"""Issue 3: fetching a nightly cron job can trust for years, against a local server."""

from __future__ import annotations

import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from conftest import article_page, rss
from newsflow.archive import Archive
from newsflow.cli import cli
from newsflow.cli_common import EXIT_OK, EXIT_RUNNING
from newsflow.config import default_config, parse_config
from newsflow.dates import local_time
from newsflow.pipeline import Pipeline

FI = [
    "Seinäjoen kaupunki on mukana työllisyyden kuntakokeilussa, jonka myötä kaupunki valmistautuu yhä "
    "vahvempaan rooliin.",
    "EU:n rahoittamassa HOPE-hankkeessa haetaan oppia yhteiskunnallisesta yrittäjyydestä ja työllisyystoimien "
    "seurannasta.",
]


def config(sources, **settings):
    cfg = parse_config({"settings": {"timeout": 5, "min_delay": 0, **settings}, "sources": sources})
    return replace(cfg, tags=default_config().tags)


def run(cfg, db, **kw):
    with Archive(db) as archive:
        return Pipeline(cfg, archive).run(**kw)


def feed_item(title, link, guid, updated=None, summary=""):
    upd = f"<atom:updated>{updated}</atom:updated>" if updated else ""
    return (
        f"<item><title>{title}</title><link>{link}</link><guid>{guid}</guid>{upd}"
        f"<description>{summary}</description><pubDate>Mon, 01 Apr 2024 09:00:00 +0300</pubDate></item>"
    )


def feed(items):
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title>'
        + "".join(items)
        + "</channel></rss>"
    )


def test_second_run_on_an_unchanged_feed_downloads_nothing(server, tmp_path):
    pages = [f"/a{i}" for i in range(3)]
    for p in pages:
        server.add(p, article_page(f"Uutinen {p}", FI), etag=f'"{p}"')
    server.add("/feed", rss([(p, server.url(p), p) for p in pages]), etag='"feed-v1"')
    cfg = config([{"id": "s", "kind": "feed", "url": server.url("/feed")}])
    db = tmp_path / "a.db"
    first = run(cfg, db)
    assert first.sources[0].new == 3
    n = len(server.requests)
    second = run(cfg, db)
    assert second.sources[0].not_modified and second.totals["new"] == 0
    later = server.requests[n:]
    assert [path for path, _ in later] == ["/feed"]  # robots.txt is cached; no article requests
    assert later[0][1]["If-None-Match"] == '"feed-v1"'


def test_429_with_a_short_retry_after_is_waited_for_and_retried(server, tmp_path):
    calls = []

    def limited(handler):
        calls.append(time.monotonic())
        if len(calls) == 1:
            handler.send_response(429)
            handler.send_header("Retry-After", "1")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        body = rss([]).encode()
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    server.add("/feed", handler=limited)
    summary = run(config([{"id": "s", "kind": "feed", "url": server.url("/feed")}]), tmp_path / "a.db")
    assert summary.status == "ok"
    assert len(calls) == 2 and calls[1] - calls[0] >= 0.95


@pytest.mark.parametrize("status", [429, 503])
def test_a_long_retry_after_sets_the_next_attempt_no_sooner(server, tmp_path, status):
    server.add("/feed", "", status=status, headers={"Retry-After": "7200"})
    db = tmp_path / "a.db"
    summary = run(config([{"id": "s", "kind": "feed", "url": server.url("/feed")}], max_retry_after=5), db)
    assert summary.status == "failed" and server.hits("/feed") == 1
    assert "retry after 7200 s" in summary.sources[0].error
    with Archive(db) as archive:
        state = archive.source_state("s")
    wait = datetime.fromisoformat(state["next_attempt"]) - datetime.now(UTC)
    assert 7100 < wait.total_seconds() <= 7200


def test_retry_after_as_an_http_date(server, tmp_path):
    from datetime import timedelta
    from email.utils import format_datetime

    when = format_datetime(datetime.now(UTC) + timedelta(hours=3), usegmt=True)
    server.add("/feed", "", status=503, headers={"Retry-After": when})
    db = tmp_path / "a.db"
    run(config([{"id": "s", "kind": "feed", "url": server.url("/feed")}]), db)
    with Archive(db) as archive:
        wait = datetime.fromisoformat(archive.source_state("s")["next_attempt"]) - datetime.now(UTC)
    assert 3 * 3600 - 120 < wait.total_seconds() <= 3 * 3600


def test_robots_txt_is_honoured_and_fetched_once_per_host(server, tmp_path):
    server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"})
    server.add("/ok", article_page("Julkinen", FI))
    server.add("/private/secret", article_page("Salainen", FI))
    server.add("/feed", rss([("ok", server.url("/ok"), "1"), ("no", server.url("/private/secret"), "2")]))
    db = tmp_path / "a.db"
    summary = run(config([{"id": "s", "kind": "feed", "url": server.url("/feed")}]), db)
    assert summary.sources[0].new == 1 and summary.sources[0].failed == 1
    assert server.hits("/private/secret") == 0 and server.hits("/robots.txt") == 1
    with Archive(db) as archive:
        (failure,) = list(archive.db["failures"].rows)
    assert "robots.txt" in failure["error"]


def test_robots_txt_for_newsflow_can_shut_us_out_and_an_unreachable_one_holds_off(server, tmp_path):
    server.add("/robots.txt", "User-agent: newsflow\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    server.add("/feed", rss([]))
    db = tmp_path / "a.db"
    summary = run(config([{"id": "s", "kind": "feed", "url": server.url("/feed")}]), db)
    assert "disallowed by the site's robots.txt" in summary.sources[0].error and server.hits("/feed") == 0
    server.add("/robots.txt", "", status=503)
    with Archive(db) as archive:
        archive.db["robots"].delete_where()
    summary = run(config([{"id": "s", "kind": "feed", "url": server.url("/feed")}]), db, force=True)
    assert "robots.txt unreachable (HTTP 503)" in summary.sources[0].error and server.hits("/feed") == 0
    with Archive(db) as archive:
        assert archive.db["robots"].count == 0  # asked again next run


def test_per_host_concurrency_and_delay_are_respected(server, tmp_path):
    active, peak, starts = [0], [0], []
    lock = threading.Lock()

    def slow_page(handler):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
            starts.append(time.monotonic())
        time.sleep(0.15)
        body = article_page(f"Sivu {handler.path}", FI + [handler.path * 5]).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
        with lock:
            active[0] -= 1

    paths = [f"/p{i}" for i in range(8)]
    for p in paths:
        server.add(p, handler=slow_page)
    server.add("/feed", rss([(p, server.url(p), p) for p in paths]))
    run(
        config([{"id": "s", "kind": "feed", "url": server.url("/feed")}], per_host=2, min_delay=0.1, workers=8),
        tmp_path / "a.db",
    )
    assert peak[0] == 2  # in parallel, but never more than per_host
    # Starts are spaced min_delay apart. Measured where the server sees them, each start can be a few
    # milliseconds late (thread scheduling), so: the whole sequence spans (n - 1) delays, and no two
    # starts come close together.
    assert starts[-1] - starts[0] >= 0.8 * 0.1 * (len(starts) - 1)
    # One start the server saw late (a loaded machine) shortens one gap and lengthens the one before it: no more
    # than one gap may be short, where requests sent with no delay would make every gap a few milliseconds.
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert sum(gap < 0.05 for gap in gaps) <= 1, gaps


def test_wrong_charset_is_repaired_in_the_archive(server, tmp_path):
    text = "Seinäjoen kaupunki ja Göteborgsregionen yhteistyössä: työllisyys, yrittäjyys ja hyvinvointi."
    page = f"<html><body><article><h1>Yhteistyö</h1><p>{text}</p><p>{text}</p></article></body></html>"
    server.add("/a", page.encode("latin-1"), headers={"Content-Type": "text/html; charset=utf-8"})
    server.add("/feed", rss([("a", server.url("/a"), "a")]))
    db = tmp_path / "a.db"
    run(config([{"id": "s", "kind": "feed", "url": server.url("/feed")}]), db)
    with Archive(db) as archive:
        (row,) = list(archive.db["articles"].rows)
    assert text in row["text"] and row["language"] == "fi"


def test_a_guid_reused_for_another_release_loses_neither(server, tmp_path):
    server.add("/a", article_page("A", FI))
    server.add("/b", article_page("B", FI[::-1]))
    server.add("/feed", feed([feed_item("A", server.url("/a"), "same"), feed_item("B", server.url("/b"), "same")]))
    db = tmp_path / "a.db"
    cfg = config([{"id": "s", "kind": "feed", "url": server.url("/feed")}])
    assert run(cfg, db).sources[0].new == 2  # two releases, one GUID: both archived (the second was dropped)
    # The item moves to a new URL, same GUID: read once (a move and a reused GUID look alike until then), and still
    # the same article.
    server.add("/a-moved", article_page("A", FI))
    server.add("/feed", feed([feed_item("A", server.url("/a-moved"), "same")]))
    assert run(cfg, db).totals["new"] == 0
    assert server.hits("/a-moved") == 1
    # A later release under the same GUID is a new article, never an edit of an archived one.
    later = ["Kaupunginhallitus päätti uuden uimahallin rakentamisesta ensi vuonna.", "Työt alkavat keväällä."]
    server.add("/c", article_page("C", later))
    server.add("/feed", feed([feed_item("C", server.url("/c"), "same")]))
    summary = run(cfg, db)
    assert summary.totals["new"] == 1 and summary.totals["updated"] == 0
    with Archive(db) as archive:
        assert archive.count("articles") == 3 and archive.count("revisions") == 0
        assert {r["title"] for r in archive.db["articles"].rows} == {"A", "B", "C"}


def test_the_same_guid_in_two_feeds_is_not_one_article(server, tmp_path):
    server.add("/x/1", article_page("Yksi", FI))
    server.add("/y/1", article_page("Toinen", FI[::-1]))
    server.add("/fx", rss([("1", server.url("/x/1"), "1")]))
    server.add("/fy", rss([("1", server.url("/y/1"), "1")]))
    cfg = config(
        [{"id": "x", "kind": "feed", "url": server.url("/fx")}, {"id": "y", "kind": "feed", "url": server.url("/fy")}]
    )
    assert run(cfg, tmp_path / "a.db").totals["new"] == 2


def test_an_edited_release_keeps_its_earlier_version(server, tmp_path):
    server.add("/r", article_page("Tiedote", FI), etag='"v1"')
    server.add("/feed", feed([feed_item("Tiedote", server.url("/r"), "r", updated="2024-04-01T09:00:00Z")]))
    db = tmp_path / "a.db"
    cfg = config([{"id": "s", "kind": "feed", "url": server.url("/feed")}])
    run(cfg, db)
    # Nothing changed in the feed: the page is not asked for again.
    run(cfg, db)
    assert server.hits("/r") == 1
    # The feed says the item was updated, but the page is the same: a conditional GET, 304.
    server.add("/feed", feed([feed_item("Tiedote", server.url("/r"), "r", updated="2024-04-02T09:00:00Z")]))
    assert run(cfg, db).totals["updated"] == 0
    assert server.hits("/r") == 2 and server.requests[-1][1].get("If-None-Match") == '"v1"'
    # Now the text changes.
    edited = FI + ["Korjaus: tilaisuus siirtyy toukokuulle, ja ilmoittautuminen jatkuu kuun loppuun asti."]
    server.add("/r", article_page("Tiedote", edited), etag='"v2"')
    server.add("/feed", feed([feed_item("Tiedote", server.url("/r"), "r", updated="2024-04-03T09:00:00Z")]))
    summary = run(cfg, db)
    assert summary.totals["updated"] == 1 and summary.totals["new"] == 0
    with Archive(db) as archive:
        (row,) = list(archive.db["articles"].rows)
        (rev,) = list(archive.db["revisions"].rows)
        assert archive.count("paragraphs") == 3
    assert row["status"] == "updated" and "Korjaus" in row["text"] and "Korjaus" not in rev["text"]
    assert rev["text"] == "\n".join(FI)


def test_a_second_concurrent_run_is_refused_at_once(server, tmp_path):
    server.add("/feed", rss([]))
    conf = tmp_path / "feeds.toml"
    conf.write_text(
        f'[settings]\nmin_delay = 0\n\n[[sources]]\nid = "s"\nkind = "feed"\nurl = "{server.url("/feed")}"\n'
    )
    db = tmp_path / "a.db"
    holder = Archive(db)
    holder.run_lock.acquire()
    try:
        start = time.monotonic()
        result = CliRunner().invoke(cli, ["run", "--config", str(conf), "--db", str(db)])
        assert result.exit_code == EXIT_RUNNING and time.monotonic() - start < 5
        assert "another newsflow run is using" in result.output and f"pid {os.getpid()}" in result.output
        assert server.hits("/feed") == 0
    finally:
        holder.close()
    assert CliRunner().invoke(cli, ["run", "--config", str(conf), "--db", str(db)]).exit_code == EXIT_OK


def answer_article(handler):
    """Answer /pN with release N's page."""
    i = handler.path.strip("/p")
    body = article_page(f"Uutinen {i}", [f"Kappale {i}: " + FI[0], FI[1]]).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def slow_feed(server, tmp_path, n: int, seconds: float) -> tuple[Path, list[float]]:
    """A feed of n article pages, each answered after ``seconds``, one request at a time: a run that takes a while.
    Returns the configuration and the pace, a one-item list of those seconds: a test sets it to 0 once the run it
    stops is over, so that the rerun after it need not be slow too."""
    pace = [seconds]

    def slow(handler):
        time.sleep(pace[0])
        answer_article(handler)

    for i in range(n):
        server.add(f"/p{i}", handler=slow)
    server.add("/feed", rss([(f"p{i}", server.url(f"/p{i}"), f"g{i}") for i in range(n)]))
    conf = tmp_path / "feeds.toml"
    conf.write_text(
        '[settings]\nmin_delay = 0\nper_host = 1\n\n[[sources]]\nid = "s"\nkind = "feed"\nurl = '
        f'"{server.url("/feed")}"\n'
    )
    return conf, pace


def spawn_run(conf, db) -> subprocess.Popen:
    """`newsflow run -q` in a process of its own, its output captured."""
    return subprocess.Popen(
        [sys.executable, "-m", "newsflow", "run", "--config", str(conf), "--db", str(db), "-q"],
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_until_an_article_is_asked(server, conf, db, n: int) -> subprocess.Popen:
    """`newsflow run` in a process of its own, returned once it has asked for one of the n article pages (polling
    the server for that request, not a fixed wait)."""
    proc = spawn_run(conf, db)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(server.hits(f"/p{i}") for i in range(n)):
        time.sleep(0.05)
    return proc


def test_sigkill_mid_run_then_a_rerun_completes_with_no_duplicates_and_no_loss(server, tmp_path):
    n = 12

    conf, pace = slow_feed(server, tmp_path, n, 0.25)
    db = tmp_path / "a.db"
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsflow", "run", "--config", str(conf), "--db", str(db), "-q"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def archived() -> int:  # read-only: the test must not compete with the run for the write lock
        try:
            with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as conn:
                return conn.execute("select count(*) from articles").fetchone()[0]
        except sqlite3.OperationalError:  # not created yet
            return 0

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and archived() < 3:
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    saved = archived()  # counted after the kill: an article may have been saved in between
    assert 3 <= saved < n
    # status says what the killed run archived (it said "0 new": a run's counts are written when it ends)
    told = CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    assert "Last run #1: INTERRUPTED (the process was stopped before it finished), started " in told
    assert f"; {saved} new," in told, told
    pace[0] = 0  # the rerun: the pages were slow only for the kill to land mid-run
    result = CliRunner().invoke(cli, ["run", "--config", str(conf), "--db", str(db), "--json"])
    assert result.exit_code == EXIT_OK, result.output
    # The cron log's night of the kill ends at its first line: the next night says why (cron probe, s38), once.
    assert "newsflow: run #1, started " in result.stderr and "did not finish: its process was killed" in result.stderr
    again = CliRunner().invoke(cli, ["run", "--config", str(conf), "--db", str(db)])
    assert again.exit_code == EXIT_OK and "did not finish" not in again.output, again.output
    with Archive(db) as archive:
        assert archive.count("articles") == n
        assert archive.count("article_sources") == n
        assert archive.db.execute("select count(distinct url) from articles").fetchone()[0] == n
        assert all(
            archive.db.execute("select count(*) from paragraphs where article_id = ?", [r["id"]]).fetchone()[0] == 2
            for r in archive.db["articles"].rows
        )
        statuses = [r["status"] for r in archive.db["runs"].rows]
    assert statuses == ["interrupted", "ok", "ok"]
    assert json.loads(result.stdout)["new"] == n - saved


def test_robots_crawl_delay_slows_us_down_on_that_host(server, tmp_path):
    server.add("/robots.txt", "User-agent: newsflow\nCrawl-delay: 0.4\n")
    starts = []

    def page(handler):
        starts.append(time.monotonic())
        body = article_page(f"Sivu {handler.path}", FI + [handler.path * 3]).encode()
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    for p in ("/c1", "/c2", "/c3"):
        server.add(p, handler=page)
    server.add("/feed", rss([(p, server.url(p), p) for p in ("/c1", "/c2", "/c3")]))
    run(config([{"id": "s", "kind": "feed", "url": server.url("/feed")}], min_delay=0), tmp_path / "a.db")
    # The delay is kept between the client's sends; where the server sees them, one start seen late (a loaded machine)
    # shortens a gap by its lateness: the span of the three holds two delays, and no gap is near none.
    assert len(starts) == 3 and starts[-1] - starts[0] >= 0.8 * 0.4 * 2
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.2


def test_readers_open_the_archive_while_a_run_holds_the_write_lock(tmp_path):
    db = tmp_path / "a.db"
    with Archive(db):
        pass  # created, with its whole schema
    writer = sqlite3.connect(db, timeout=1)
    writer.execute("BEGIN IMMEDIATE")  # what a run does while saving an article
    try:
        start = time.monotonic()
        result = CliRunner().invoke(cli, ["status", "--db", str(db)])
        assert result.exit_code == 0, result.output
        assert time.monotonic() - start < 5  # no wait for the writer: opening wrote nothing
    finally:
        writer.rollback()
        writer.close()


def test_an_unreachable_host_is_reported_as_such(tmp_path):
    port = socket_free_port()
    summary = run(
        config([{"id": "s", "kind": "feed", "url": f"http://127.0.0.1:{port}/feed"}], connect_timeout=2),
        tmp_path / "a.db",
    )
    error = summary.sources[0].error
    assert error.startswith("cannot reach the host:") and "robots" not in error
    assert summary.status == "failed"


def socket_free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again: nothing listens there


def test_sigterm_stops_a_run_promptly_and_records_it_interrupted(server, tmp_path):
    """A service manager's SIGTERM (or Ctrl-C) stops the run at once: nothing new is started, the run says so and
    is recorded as interrupted, and the next run archives the rest, once each."""
    n = 20

    conf, pace = slow_feed(server, tmp_path, n, 0.1)
    db = tmp_path / "a.db"
    proc = run_until_an_article_is_asked(server, conf, db, n)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    asked = sum(server.hits(f"/p{i}") for i in range(n))
    assert proc.returncode == 130, err
    assert out.startswith("newsflow run #1 started ") and "the run was interrupted at" in err
    assert "stopping: nothing new is started" in err  # said at once (a request to a slow server may hold the stop)
    assert "Traceback" not in err, err
    assert asked < n / 2  # stopped, not finished: 20 pages at 0.1 s each take 2 s
    with Archive(db) as archive:
        assert [r["status"] for r in archive.db["runs"].rows] == ["interrupted"]
        saved = archive.count("articles")
    pace[0] = 0  # the rerun: the pages were slow only for the stop to land mid-run
    result = CliRunner().invoke(cli, ["run", "--config", str(conf), "--db", str(db), "--json"])
    assert result.exit_code == EXIT_OK, result.output
    assert json.loads(result.stdout)["new"] == n - saved
    with Archive(db) as archive:
        assert (
            archive.db.execute("select count(distinct url) from articles").fetchone()[0]
            == archive.count("articles")
            == n
        )


def test_links_a_stopped_run_never_asked_are_untried_not_failed_and_said_to_wait(server, tmp_path):
    """Cron probe (s38): a run stopped by SIGTERM recorded every link it had not asked yet as a failed fetch ("not
    requested: the run was stopped"), so the next runs took them for dead links: behind the untried ones, never
    counted as waiting (after six stopped runs, 321 releases not archived and no line said so), and given up to a
    weekly retry after recheck_days. They are untried: asked first, and counted while max_items leaves them (the
    listing's history takes no "not requested" record for a failure)."""
    n = 8
    conf, pace = slow_feed(server, tmp_path, n, 0)
    listing = server.routes["/feed"]
    server.add("/feed", rss([("p0", server.url("/p0"), "g0")]))  # the night before: one release
    db = tmp_path / "a.db"
    assert CliRunner().invoke(cli, ["run", "--config", str(conf), "--db", str(db)]).exit_code == EXIT_OK
    server.routes["/feed"], pace[0] = listing, 1.0
    proc = spawn_run(conf, db)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(server.hits(f"/p{i}") for i in range(1, n)):
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    with Archive(db) as archive:
        recorded = [r["error"] for r in archive.db["failures"].rows]
    # Recorded, so that a night whose feed answers 304 asks them again (review, s38: not recorded, a stop on a
    # listing's second page lost its releases for good), but as never asked: none of them was refused by its site.
    unsent = ("not requested: the run was stopped", "the run was stopping: this request was cut short")
    assert recorded and all(e.startswith(unsent) for e in recorded), recorded
    pace[0] = 0
    conf.write_text(conf.read_text().replace("per_host = 1", "per_host = 1\nmax_items = 2"))
    again = CliRunner().invoke(cli, ["run", "--config", str(conf), "--db", str(db)])
    assert again.exit_code == EXIT_OK, again.output
    with Archive(db) as archive:
        left = n - archive.count("articles")
    assert left > 0 and f"s: {left} listed release(s) not archived yet wait for the next runs" in again.output


def test_a_first_run_stopped_before_any_release_is_no_gap_for_the_next(server, tmp_path):
    """A source's first run stopped while its first page was asked (cut short): the next run is still its first,
    and does not take its every release being new for a LISTING GAP (exit 1)."""
    n = 6
    conf, pace = slow_feed(server, tmp_path, n, 5)  # the first page is cut by the stop: nothing archived
    db = tmp_path / "a.db"
    proc = run_until_an_article_is_asked(server, conf, db, n)
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    with Archive(db) as archive:
        assert archive.count("articles") == 0
    pace[0] = 0
    again = CliRunner().invoke(cli, ["run", "--config", str(conf), "--db", str(db)])
    assert again.exit_code == EXIT_OK and "LISTING GAP" not in again.output, again.output


def test_a_reused_guid_is_told_apart_by_the_text_however_old_the_first_release_or_alike_its_headline(server, tmp_path):
    weekly = "Kaupunginhallituksen päätöksiä"
    server.add("/w1", article_page(weekly, FI))
    server.add("/feed", feed([feed_item(weekly, server.url("/w1"), "paatokset")]))
    db = tmp_path / "a.db"
    cfg = config([{"id": "s", "kind": "feed", "url": server.url("/feed")}])
    run(cfg, db)
    with Archive(db) as archive:  # archived long ago: older than recheck_days
        archive.db.execute("update articles set first_seen = '2000-01-01T00:00:00+00:00'")
    other = ["Kaupunginhallitus myönsi avustukset kulttuurijärjestöille ja hyväksyi uuden liikuntapaikkaohjelman."]
    server.add("/w2", article_page(weekly, other))  # next week's decisions: the same headline and GUID, a new address
    server.add("/feed", feed([feed_item(weekly, server.url("/w2"), "paatokset", summary="uusi viikko")]))
    summary = run(cfg, db)
    assert summary.totals["new"] == 1 and summary.totals["updated"] == 0 and server.hits("/w2") == 1
    with Archive(db) as archive:
        assert archive.count("articles") == 2 and archive.count("revisions") == 0


def test_a_second_sigterm_while_a_run_stops_changes_nothing(server, tmp_path):
    """Pressing Ctrl-C twice, or a second SIGTERM: the run still stops as after one, and no source is recorded as
    failed (it was: each source's waiting articles were cancelled, logged as internal errors and backed off)."""
    conf, _ = slow_feed(server, tmp_path, 20, 1.0)  # each page takes a second: the stop waits for the one under way
    db = tmp_path / "a.db"
    proc = run_until_an_article_is_asked(server, conf, db, 20)
    proc.send_signal(signal.SIGTERM)
    proc.send_signal(signal.SIGINT)  # (at once: a stop now cuts the page under way, so it ends within moments)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in err and "unexpected error" not in err, err
    with Archive(db) as archive:
        assert [r["status"] for r in archive.db["runs"].rows] == ["interrupted"]
        state = archive.source_state("s")
        assert state["consecutive_failures"] == 0 and not state["last_error"] and not state["next_attempt"]


def test_sigterm_stops_a_run_with_more_sources_than_workers(server, tmp_path):
    """Sources still queued when the run is stopped are never started, and the run does not wait for them (it hung:
    a cancelled future never counts as done)."""
    conf, _ = slow_feed(server, tmp_path, 6, 0.5)
    base = conf.read_text()
    conf.write_text(
        base.replace("per_host = 1", "per_host = 1\nworkers = 1")
        + "".join(f'\n[[sources]]\nid = "q{i}"\nkind = "feed"\nurl = "{server.url("/feed")}"\n' for i in range(3))
    )
    db = tmp_path / "a.db"
    proc = run_until_an_article_is_asked(server, conf, db, 6)
    proc.send_signal(signal.SIGTERM)
    try:
        _out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()  # (when it hangs: not left behind)
    assert proc.returncode == 130 and "Traceback" not in err, err
    with Archive(db) as archive:
        assert [r["status"] for r in archive.db["runs"].rows] == ["interrupted"]
        summary = json.loads(archive.db.execute("select summary from runs").fetchone()[0])
    assert [s["source"] for s in summary["sources"]] == ["s", "q0", "q1", "q2"]
    assert all(s["skipped"] == "the run was interrupted" for s in summary["sources"][1:])


def test_a_reused_guid_in_a_feed_without_dates_is_still_read(server, tmp_path):
    weekly = "Kaupunginhallituksen päätöksiä"
    server.add("/w1", article_page(weekly, FI))
    server.add("/feed", feed([feed_item(weekly, server.url("/w1"), "paatokset")]))  # no date, no summary
    db = tmp_path / "a.db"
    cfg = config([{"id": "s", "kind": "feed", "url": server.url("/feed")}])
    run(cfg, db)
    other = ["Kaupunginhallitus myönsi avustukset kulttuurijärjestöille ja hyväksyi uuden liikuntapaikkaohjelman."]
    server.add("/w2", article_page(weekly, other))
    server.add("/feed", feed([feed_item(weekly, server.url("/w2"), "paatokset")]))  # the same listing entry
    assert run(cfg, db).totals["new"] == 1 and server.hits("/w2") == 1


def test_a_host_that_asks_one_source_for_no_requests_fails_no_other_source(server, tmp_path):
    """An article answering 429 with an hour's Retry-After closes its host for the run: another source on that host
    is not asked, and is skipped, not recorded as failing (which of the two 'failed' depended on thread order)."""
    server.add("/busy", status=429, headers={"Retry-After": "3600"})
    server.add("/f1", rss([("Kiireinen", server.url("/busy"), "b")]))
    server.add("/f2", rss([("Toinen", server.url("/a"), "a")]))
    server.add("/a", article_page("Toinen", FI))
    cfg = config(
        [
            {"id": "one", "kind": "feed", "url": server.url("/f1")},
            {"id": "two", "kind": "feed", "url": server.url("/f2")},
        ],
        workers=1,
        max_retry_after=1,
    )
    db = tmp_path / "a.db"
    summary = run(cfg, db)
    two = {s.source: s for s in summary.sources}["two"]
    assert not two.error and two.skipped.startswith("not requested: the site answered 429") and server.hits("/f2") == 0
    with Archive(db) as archive:
        assert archive.source_state("two")["consecutive_failures"] == 0
        (failure,) = [f for f in archive.db["failures"].rows if f["url"].endswith("/busy")]
        assert failure["stage"] == "fetch" and failure["kind"] == "http_4xx"  # listed: asked again next run


def test_a_link_left_unasked_as_its_site_asked_to_wait_has_not_failed(server, tmp_path):
    """Links not sent because their host answered 429 with a long Retry-After are recorded (a 304 later needs them),
    but they were never tried: they are no failing links, so they are neither ranked behind untried ones nor, after
    a month, asked only once a week (cron probe s38)."""
    for path in ("/b1", "/b2"):  # (whichever is asked first closes the host for the run: the other is not asked)
        server.add(path, status=429, headers={"Retry-After": "3600"})
    server.add("/feed", rss([("Yksi", server.url("/b1"), "1"), ("Kaksi", server.url("/b2"), "2")]))
    cfg = config([{"id": "one", "kind": "feed", "url": server.url("/feed")}], workers=1, per_host=1, max_retry_after=1)
    db = tmp_path / "a.db"
    run(cfg, db)
    asked, unasked = sorted(("/b1", "/b2"), key=lambda p: -server.hits(p))
    assert (server.hits(asked), server.hits(unasked)) == (1, 0)
    with Archive(db) as archive:
        errors = {f["url"]: f["error"] for f in archive.db["failures"].rows}
        assert errors[server.url(unasked)].startswith("not requested: the site answered 429")  # (recorded, as before)
        history = archive.releases.history([(server.url(p), "") for p in ("/b1", "/b2")])
    assert history == {server.url(asked): "failing"}


def test_a_release_dated_at_local_midnight_is_of_its_own_day_wherever_it_is_shown(server, tmp_path):
    # CMSs that hold only a day state it as local midnight; in UTC a Finnish release of 12 March is of the 11th.
    page = article_page("Kevään uutinen", FI, date="2025-03-12T00:00:00+02:00")
    server.add("/a", page)
    item = (
        f"<item><title>Kevään uutinen</title><link>{server.url('/a')}</link><guid>a</guid>"
        "<pubDate>Wed, 12 Mar 2025 00:00:00 +0200</pubDate></item>"
    )
    server.add("/feed", feed([item]))
    db = tmp_path / "a.db"
    assert run(config([{"id": "s", "kind": "feed", "url": server.url("/feed")}]), db).totals["new"] == 1
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("select published, month from articles").fetchone() == (
            "2025-03-12T00:00:00+02:00",
            "2025-03",
        )
    runner = CliRunner()
    that_day = runner.invoke(
        cli, ["search", "kevään", "--since", "2025-03-12", "--until", "2025-03-12", "--db", str(db)]
    )
    assert that_day.exit_code == 0 and "Kevään uutinen" in that_day.output and "2025-03-12" in that_day.output
    day_before = runner.invoke(cli, ["search", "kevään", "--until", "2025-03-11", "--db", str(db)])
    assert "Kevään uutinen" not in day_before.output
    status = runner.invoke(cli, ["status", "--db", str(db)])
    assert "latest published 2025-03-12" in status.output


SOFT_404 = (
    '<!DOCTYPE html><html lang="fi"><head><title>Sivua ei löytynyt | Seinäjoki</title></head><body><main>'
    "<h1>Sivua ei löytynyt</h1><p>Valitettavasti etsimääsi sivua ei löytynyt. Sivu on voitu poistaa tai siirtää "
    "uuteen osoitteeseen sivuston uudistuksen yhteydessä.</p><p>Voit käyttää hakua tai palata etusivulle.</p>"
    "</main></body></html>"
)


def test_a_login_page_a_front_page_or_a_page_not_found_is_no_release_and_costs_no_archived_text(server, tmp_path):
    server.add("/", article_page("Seinäjoen kaupunki", FI))
    login = article_page("Kirjaudu sisään", ["Kirjaudu sisään kaupungin henkilöstön palveluun. " * 3])
    for p in ("/a", "/b"):
        server.add(f"/login?returnUrl=%2F{p[1]}", login)
    for p in ("/a", "/b", "/c", "/d", "/moved"):
        server.add(p, article_page(f"Tiedote {p}", FI))
    server.add("/new-address", article_page("Tiedote /moved", FI))
    server.add("/404-jobs", article_page("404 new jobs in Seinäjoki", FI))
    paths = ["/a", "/b", "/c", "/d", "/moved", "/404-jobs"]
    server.add("/feed", rss([(p, server.url(p), p) for p in paths]))
    cfg = config([{"id": "s", "kind": "feed", "url": server.url("/feed")}])
    db = tmp_path / "a.db"
    assert run(cfg, db).totals["new"] == 6
    # The CMS now sends two releases to its login page, one (removed) to the front page, serves "not found" for
    # one, and has moved one to a new address: only the move is a release.
    server.add("/a", "", status=302, headers={"Location": "/login?returnUrl=%2Fa"})
    server.add("/b", "", status=302, headers={"Location": "/login?returnUrl=%2Fb"})
    server.add("/c", "", status=301, headers={"Location": "/"})
    server.add("/d", SOFT_404)
    server.add("/moved", "", status=301, headers={"Location": "/new-address"})
    server.add("/feed", rss([(f"{p} (edited)", server.url(p), p) for p in paths]))  # every item asked again
    summary = run(cfg, db)
    with closing(sqlite3.connect(db)) as conn:
        titles = {t for (t,) in conn.execute("select title from articles")}
        failures = dict(conn.execute("select url, kind || ': ' || error from failures where run_id = ?", [2]))
    assert titles == {f"Tiedote {p}" for p in paths[:5]} | {"404 new jobs in Seinäjoki"}
    assert summary.totals["new"] == 0
    assert "login page" in failures[server.url("/a")] and failures[server.url("/b")].startswith("not_a_release")
    assert "front or news page" in failures[server.url("/c")]
    assert "does not exist ('Sivua ei löytynyt" in failures[server.url("/d")]
    assert server.url("/moved") not in failures


def test_an_error_page_served_as_found_is_no_release_and_merges_no_two(server, tmp_path):
    """Admin probe (s23): a site served "Error / Something went wrong." with 200 for its two new releases; both
    addresses were archived as one release titled "Error", which a digest mailed, and once the site mended the one
    release took each text in turn, night after night: the other was never archived."""
    error = article_page("Error", ["Something went wrong."], lang="en")
    placeholder = article_page("Seinäjoen kaupunki", ["Sivustoa päivitetään. Palaamme pian takaisin."])
    paths = ["/e1", "/e2", "/p1", "/p2"]
    for p in paths:
        server.add(p, error if p.startswith("/e") else placeholder)
    server.add("/feed", rss([(f"Tiedote {p}", server.url(p), p) for p in paths]))
    cfg = config([{"id": "s", "kind": "feed", "url": server.url("/feed")}])
    db = tmp_path / "a.db"
    first = run(cfg, db)
    with closing(sqlite3.connect(db)) as conn:
        titles = [t for (t,) in conn.execute("select title from articles")]
        failures = dict(conn.execute("select url, error from failures where run_id = 1"))
    # The error page by its headline; a placeholder no headline gives away, by its text being another link's.
    assert "error, maintenance or login page ('Error')" in failures[server.url("/e1")] and server.url("/e2") in failures
    assert first.totals["new"] == 1 and titles == ["Seinäjoen kaupunki"]
    placeheld = next(p for p in ("/p1", "/p2") if server.url(p) in failures)
    assert f"reads exactly as {server.url('/p1' if placeheld == '/p2' else '/p2')}" in failures[server.url(placeheld)]
    # The site mended, and the feed brings a new release: every release is archived as its own, none lost, and the
    # placeholder archived first is read again.
    paths.append("/n")
    for p in paths:
        server.add(p, article_page(f"Tiedote {p}", [f"Kaupunki tiedottaa asiasta {p[1:]}. " + FI[0]]))
    server.add("/feed", rss([(f"Tiedote {p}", server.url(p), p) for p in paths]))
    run(cfg, db)
    with closing(sqlite3.connect(db)) as conn:
        titles = sorted(t for (t,) in conn.execute("select title from articles"))
    assert titles == sorted(f"Tiedote {p}" for p in paths)


def test_a_page_that_names_nothing_of_its_release_is_no_release_and_the_release_is_read_when_served(server, tmp_path):
    """Cron probe (s34): a newsroom's one new release answered with its maintenance page, in Swedish, with 200 ("Vi
    genomför planerat underhåll"), a headline no pattern knows: it was archived as the release and mailed, and the
    release itself was never read (its feed entry did not change). The page names nothing of the headline its feed
    gives: no release; the release is read once the site serves it."""
    down = article_page(
        "Vi genomför planerat underhåll",
        ["Mynewsdesk är tillfälligt otillgängligt på grund av planerat underhåll. Välkommen tillbaka om en stund.",
         "We are performing scheduled maintenance. Please come back later."],
        lang="sv",
    )  # fmt: skip
    server.add("/p/1046", down)
    server.add("/feed", rss([("Unga entreprenörer i Angered startar eget", server.url("/p/1046"), "1046")]))
    cfg, db = config([{"id": "s", "kind": "feed", "url": server.url("/feed")}]), tmp_path / "a.db"
    assert run(cfg, db).totals["new"] == 0
    with closing(sqlite3.connect(db)) as conn:
        (error,) = conn.execute("select error from failures where url = ?", [server.url("/p/1046")]).fetchone()
    assert "names nothing of the release its listing gives ('Unga entreprenörer i Angered startar eget')" in error
    assert error.endswith("Asked again next run, and archived if the same page is served then.")
    assert run(cfg, db).totals["new"] == 0  # (a run again within hours: the same break)
    text = ["Tio unga i Angered har startat egna företag med stöd av Coompanion.", "Företagen drivs som kooperativ."]
    server.add("/p/1046", article_page("Unga entreprenörer i Angered startar eget", text, lang="sv"))
    assert run(cfg, db).totals["new"] == 1
    with closing(sqlite3.connect(db)) as conn:
        assert [t for (t,) in conn.execute("select title from articles")] == [
            "Unga entreprenörer i Angered startar eget"
        ]


@pytest.mark.parametrize("path", ["/p/1046", "/p/1046?utm_source=rss", "/P/1046/"])
def test_a_maintenance_break_of_two_nights_is_replaced_by_the_release_once_it_is_back(server, tmp_path, path):
    """Review (s35): a maintenance page served on two nights was taken on the second, and, its feed entry unchanged,
    never read again: the release itself never came. Taken so, it is asked again every night while it is served;
    also where the feed's link is not as the archive keeps addresses (a final slash, a tracking parameter), and where
    the release that comes back is shorter than the maintenance page (second review: refused as a gate)."""
    down = article_page(
        "Vi genomför planerat underhåll",
        ["Mynewsdesk är tillfälligt otillgängligt på grund av planerat underhåll. Välkommen tillbaka om en stund. "
         "Under tiden kan du kontakta oss via e-post eller telefon. Vi ber om ursäkt för besväret."],
        lang="sv",
    )  # fmt: skip
    server.add(path, down)
    server.add("/feed", rss([("Unga entreprenörer i Angered startar eget", server.url(path), "1046")]))
    cfg, db = config([{"id": "s", "kind": "feed", "url": server.url("/feed")}]), tmp_path / "a.db"

    def night() -> dict:
        source = run(cfg, db).sources[0]
        totals = {"new": source.new, "updated": source.updated, "unchanged": source.unchanged}
        with closing(sqlite3.connect(db)) as conn:  # (the next night)
            conn.execute("update failures set at = ?", [(datetime.now(UTC) - timedelta(hours=20)).isoformat()])
            conn.commit()
        return totals

    assert night()["new"] == 0 and night()["new"] == 1  # (refused, then taken: the same page again)
    assert night()["unchanged"] == 1  # still down: read again, and again next night
    text = ["Tio unga i Angered har startat egna företag."]
    server.add(path, article_page("Unga entreprenörer i Angered startar eget", text, lang="sv"))
    assert night()["updated"] == 1
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("select title, text from articles").fetchall() == [
            ("Unga entreprenörer i Angered startar eget", "\n".join(text))
        ]
    assert night()["updated"] == 0  # (asked again no more)


def test_a_short_release_under_a_feed_title_that_is_no_headline_is_archived_when_served_so_again(server, tmp_path):
    """Review (s34): refused for ever, a short release whose feed gives no headline and whose own speaks of
    maintenance was never archived. Refused once, it is taken from the run some hours later that is served it again."""
    text = ["Slottsskogsvallen stängs för planerat underhåll den 4–8 augusti.", "Träningarna flyttas till Valhalla."]
    server.add("/p/7", article_page("Planerat underhåll av Slottsskogsvallen", text, lang="sv"))
    server.add("/feed", rss([("Pressmeddelande från Göteborgs Stad", server.url("/p/7"), "7")]))
    cfg, db = config([{"id": "s", "kind": "feed", "url": server.url("/feed")}]), tmp_path / "a.db"
    assert run(cfg, db).totals["new"] == 0
    with closing(sqlite3.connect(db)) as conn:  # the next night
        conn.execute("update failures set at = ?", [(datetime.now(UTC) - timedelta(hours=7)).isoformat()])
        conn.commit()
    assert run(cfg, db).totals["new"] == 1
    with closing(sqlite3.connect(db)) as conn:
        assert [t for (t,) in conn.execute("select title from articles")] == ["Planerat underhåll av Slottsskogsvallen"]


def test_a_short_release_under_another_headline_than_its_listings_is_still_one():
    from newsflow.models import Article, Link, Paragraph
    from newsflow.sources import not_a_release

    source = parse_config({"sources": [{"id": "s", "kind": "feed", "url": "https://e.fi/feed"}]}).sources[0]

    def page(title: str, text: str) -> Article:
        return Article(url="https://e.fi/a", title=title, paragraphs=(Paragraph(text=text),))

    cases = [  # (the listing's headline, the page's, its text)
        ("Kirjaston aukioloajat muuttuvat", "Pääkirjasto auki sunnuntaisin", "Kirjastojen aukioloja laajennetaan."),
        ("Uimahalli suljettu", "Tiedote", "Uimahalli on suljettu perjantaina huoltotöiden vuoksi."),
        ("Nyheter", "Coompanion öppnar rådgivning", "Coompanion öppnar rådgivning för sociala företag."),  # one word
        ("Read more", "Youth fair opens", "The youth fair opens on Friday."),  # (no two words of five letters)
        ("Continue reading about", "Youth fair opens", "The youth fair opens on Friday."),
        # a feed whose items are not headlines, and a notice of maintenance under a headline of its own
        ("Pressmeddelande från Region Västra Götaland", "Simhallen stänger", "Simhallen stängs för underhåll i juli."),
    ]
    for listed, title, text in cases:
        assert (
            not_a_release(page(title, text), "https://e.fi/a", Link(url="https://e.fi/a", title=listed), source) == ""
        )


def test_a_script_error_served_as_found_is_no_release_but_a_release_quoting_one_is():
    from newsflow.models import Article, Paragraph
    from newsflow.sources import not_a_release

    source = parse_config({"sources": [{"id": "s", "kind": "feed", "url": "https://e.fi/feed"}]}).sources[0]

    def page(first: str) -> Article:  # (no headline of its own: the listing's is put in)
        return Article(url="https://e.fi/a", title="Youth fair opens", paragraphs=(Paragraph(text=first),))

    errors = [
        "Fatal error: Uncaught Error: Call to undefined function mysql_connect() in /var/www/news.php:12 Stack trace:"
        " #0 {main} thrown in /var/www/news.php on line 12",
        "Warning: Cannot modify header information - headers already sent in /srv/site/index.php on line 3",
        'Traceback (most recent call last): File "/app/views.py", line 40, in news',
        "Server Error in '/' Application.",
    ]
    for first in errors:
        assert "error, maintenance or login page" in not_a_release(
            page(first), "https://e.fi/a", "https://e.fi/a", source
        )
    # a release's first line that reads like one (review, s24: buses "on line 12"), or a plug-in's warning printed
    # above a release, is no error page
    for first in (
        "The youth fair opens on Friday. Warning: the car park is closed, so come by bus or bike.",
        "Warning: delays on line 3 between the station and the hospital from Monday.",
        "Notice: buses on line 12 will run to a changed timetable from 1 June.",
    ):
        assert not_a_release(page(first), "https://e.fi/a", "https://e.fi/a", source) == ""
    warned = Article(
        url="https://e.fi/a",
        title="Kuntakokeilu alkaa",
        paragraphs=(
            Paragraph(text="Warning: Undefined variable $x in /var/www/wp-content/plugins/share.php on line 8"),
            Paragraph(text=f"{FI[0]} {FI[1]}"),  # (a short release: two sentences)
        ),
    )
    assert not_a_release(warned, "https://e.fi/a", "https://e.fi/a", source) == ""
    # a database that is down: a warning and a fatal error with its stack, nothing else (review, s24)
    down = Article(
        url="https://e.fi/a",
        title="Youth fair opens",
        paragraphs=(
            Paragraph(text="Warning: mysqli_connect(): (HY000/2002): Connection refused in /var/www/db.php on line 12"),
            Paragraph(
                text="Fatal error: Uncaught Error: Call to a member function query() on bool in /var/www/news.php:31"
            ),
            Paragraph(
                text="Stack trace: #0 /var/www/index.php(8): include() #1 {main} thrown in /var/www/news.php on line 31"
            ),
        ),
    )
    assert "error, maintenance or login page" in not_a_release(down, "https://e.fi/a", "https://e.fi/a", source)


def test_a_release_whose_headline_starts_as_a_gate_s_is_one_where_its_listing_names_it_so():
    """Review (s24): "Sign in – a new e-service for residents" was refused as a login page; the listing gave the
    link that very headline, which a login page served in a release's place does not carry."""
    from newsflow.models import Article, Link, Paragraph
    from newsflow.sources import not_a_release

    source = parse_config({"sources": [{"id": "s", "kind": "feed", "url": "https://e.fi/feed"}]}).sources[0]
    text = "Residents can now sign in to the city's new e-service with their bank codes. " * 5
    release = Article(
        url="https://e.fi/a", title="Sign in – a new e-service for residents", paragraphs=(Paragraph(text=text),)
    )
    listed = Link(url="https://e.fi/a", title="Sign in – a new e-service for residents")
    assert not_a_release(release, "https://e.fi/a", listed, source) == ""
    login = Article(url="https://e.fi/a", title="Sign in | City", paragraphs=(Paragraph(text="Enter your user name."),))
    assert "login page" in not_a_release(login, "https://e.fi/a", listed, source)


def test_a_notice_cancelled_under_its_sources_every_day_headline_is_an_edit(tmp_path):
    """Review (s24): a city heads every water notice "Vesikatko"; one cut to "PERUTTU: Vesikatko" was refused every
    night as a gate page, its headline's one word being the source's common lot."""
    from newsflow.models import Article, Paragraph

    text = "Vesikatko alkaa kello 9 ja kestää noin kolme tuntia. Pahoittelemme katkosta aiheutuvaa haittaa. " * 3
    with Archive(tmp_path / "a.db") as archive:
        archive.sync_sources(
            parse_config({"sources": [{"id": "s", "kind": "feed", "url": "https://e.fi/feed"}]}).sources
        )
        ids = [
            archive.save_article(
                Article(
                    url=f"https://e.fi/{i}",
                    source_id="s",
                    title="Vesikatko",
                    paragraphs=(Paragraph(text=f"{i} {text}"),),
                )
            )[1]
            for i in range(5)
        ]
        cancelled = Article(
            url="https://e.fi/0", title="PERUTTU: Vesikatko", paragraphs=(Paragraph(text="Katko on peruttu."),)
        )
        assert archive.releases.unlike(ids[0], cancelled) == ""
        gate = Article(url="https://e.fi/0", title="Huoltokatko", paragraphs=(Paragraph(text="Sivusto on suljettu."),))
        assert "no longer reads as the release" in archive.releases.unlike(ids[0], gate)


SERVICE = "Uusi palveluseteli kotihoitoon – Seinäjoen kaupunki tiedottaa"  # (its site's name after its headline)


def test_an_archived_release_read_again_as_a_gate_page_keeps_its_text(server, tmp_path):
    """Admin probe (s24): asked again (its feed entry edited), an archived release's address answered 200 with a
    login page, a notice that it was removed, a firewall's block page or a page no rule names; each was saved over
    the release as an edit, its kept page too, so that neither `reextract` nor a later run brought it back."""
    body = [f"Kaupunki tiedottaa asiasta. {FI[0]}", FI[1], "Lisätietoja antaa hankepäällikkö Maija Mäkinen."]
    gates = {
        "/login": article_page("Kirjaudu sisään", ["Kirjaudu sisään nähdäksesi sisällön."]),
        "/removed": article_page("Uutinen on poistettu", ["Tämä uutinen ei ole enää saatavilla."]),
        "/blocked": article_page("Sorry, you have been blocked", ["You are unable to access this site."], lang="en"),
        # no rule names it: under half the release's length and sharing nothing with it
        "/other": article_page("Tervetuloa uudistuneille sivuillemme", ["Sivusto on uudistunut. Tutustu!"]),
        # nor one with no headline of its own, which the feed's would stand in for
        "/untitled": "<html><body><main><p>Palvelu on siirretty uuteen osoitteeseen.</p></main></body></html>",
        # nor one whose headline shares only a word every release's headline has (the site's, the city's)
        "/renewed": article_page("Tiedote: sivusto on uudistunut", ["Sivusto on uudistunut. Tutustu!"]),
        # nor one whose headline shares a word's start, or the site's name after it (review, s24)
        "/service": article_page("Palvelukatko", ["Sivusto on huoltokatkon vuoksi suljettu."]),
        "/city": article_page("Seinäjoen kaupunki", ["Sivusto on huoltokatkon vuoksi suljettu."]),
    }
    edits = {  # and what an edit looks like, which is saved as one
        "/cut": article_page("Tiedote /cut", body[:1]),  # cut to its first paragraph, under its headline
        "/added": article_page("Tiedote /added", [*body, "Tilaisuus on kaikille avoin ja maksuton."]),
        # cut to a short notice under a headline that still names it (review, s24: refused every night)
        "/cancelled": article_page("PERUTTU: Kevätkonsertti", ["Konsertti on peruttu. Liput hyvitetään."]),
    }
    paths = [*gates, *edits]
    for p in paths:
        headline = {"/cancelled": "Kevätkonsertti lauantaina", "/service": SERVICE, "/city": f"{SERVICE} laajenee"}
        server.add(p, article_page(headline.get(p, f"Tiedote {p}"), body))
    server.add("/feed", rss([(f"Tiedote {p}", server.url(p), p) for p in paths]))
    cfg, db = config([{"id": "s", "kind": "feed", "url": server.url("/feed")}]), tmp_path / "a.db"
    assert run(cfg, db).totals["new"] == len(paths)
    for p, page in {**gates, **edits}.items():
        server.add(p, page)
    server.add("/feed", rss([(f"Tiedote {p} (muokattu)", server.url(p), p) for p in paths]))  # each asked again
    assert run(cfg, db).totals["updated"] == len(edits)
    with closing(sqlite3.connect(db)) as conn:
        texts = dict(conn.execute("select url, text from articles"))
        failures = dict(conn.execute("select url, error from failures where run_id = 2"))
        kept = dict(conn.execute("select a.url, p.article_id from articles a join responses p on p.article_id = a.id"))
    for p in gates:
        assert texts[server.url(p)] == "\n".join(body) and server.url(p) in kept
    assert "no longer reads as the release archived from it" in failures[server.url("/other")]
    assert "removed ('Uutinen on poistettu')" in failures[server.url("/removed")]
    assert texts[server.url("/cut")] == body[0] and texts[server.url("/added")].endswith("maksuton.")
    # the site mended: the releases read again as they were, and stay
    for p in gates:
        server.add(p, article_page(f"Tiedote {p}", body))
    run(cfg, db)
    with closing(sqlite3.connect(db)) as conn:
        assert {u: t for u, t in conn.execute("select url, text from articles") if u in texts} == texts


@pytest.mark.parametrize(
    ("title", "is_not_found"),
    [
        ("Sivua ei löytynyt", True),
        ("404 – Sidan hittades inte | Göteborgs Stad", True),
        ("Page not found - Derry City and Strabane District Council", True),
        ("Error 404", True),
        ("Stran ne obstaja", True),
        ("404 new jobs in Seinäjoki", False),
        ("Lost and found: the HOPE project's first year", False),
        ("Not found: a home for every jobseeker", False),
        ("Virhe 404", True),
        ("Sidan du söker finns inte", True),
        ("Sivua ei valitettavasti löytynyt", True),
        ("Oops! That page can't be found.", True),
        ("Hakemaasi sivua ei löytynyt | Seinäjoki", True),
        # Headlines that only say something is not to be found.
        ("Sidan med lediga jobb finns inte längre – använd nya portalen", False),
        ("Sivukirjastolle ei löytynyt uutta vuokralaista", False),
        ("Kaupungin Facebook-sivu ei löydy enää hakukoneista", False),
        # An error, a maintenance break or a bot check served as found (s23); not a headline about an error.
        ("Error", True),
        ("500 Internal Server Error", True),
        ("Oops! Something went wrong.", True),
        ("Tapahtui virhe | Seinäjoki", True),
        ("Ett fel uppstod", True),
        ("Prišlo je do napake", True),
        ("Just a moment...", True),
        ("Huoltokatko", False),  # a city's notice of a service break (the review): a release
        ("Underhåll – Göteborgs Stad", False),
        ("Error in the council's budget corrected", False),
        ("Fel i kommunens budget rättat", False),
        ("Virheellinen tiedote korjattu", False),
        # A gate or a take-down served as found (s24): a login, a members' page, a firewall's block page, a notice
        # that the release was removed; not a headline about logging in or about something removed.
        ("Log in | Seinäjoki", True),
        ("Kirjaudu sisään", True),
        ("Logga in – Göteborgs Stad", True),
        ("This content is for members only", True),
        ("Sorry, you have been blocked", True),
        ("Uutinen on poistettu | Seinäjoki", True),
        ("Nyheten har tagits bort", True),
        ("This article has been removed", True),
        ("Log in to the new e-services with your bank codes", False),
        ("Kirjaudu sisään Wilmaan uusilla tunnuksilla", False),
        ("Old bridge removed after 80 years", False),
        ("Tiedote: vanha silta on purettu ja poistettu käytöstä", False),
        ("Members only: the HOPE partners' second meeting", False),
        # (review, s24) a release's headline that ends in a login word, or names an archive
        ("Poletni tabor 2024 – prijava", False),
        ("Uusi asiointipalvelu – Kirjaudu sisään", False),
        ("Kesätyöhaku 2025 | Kirjautuminen", False),
        ("Tiedote arkistoitu", False),
        ("News archived", False),
        ("Sivu poistettu", True),
        ("Content removed", True),
        ("Uutinen poistettu | Seinäjoki", True),
        ("Sidan har raderats", True),
    ],
)
def test_only_a_headline_that_says_the_page_is_missing_makes_it_no_release(title, is_not_found):
    from newsflow.models import Article, Paragraph
    from newsflow.sources import not_a_release

    source = parse_config({"sources": [{"id": "s", "kind": "feed", "url": "https://e.fi/feed"}]}).sources[0]
    article = Article(url="https://e.fi/a", title=title, paragraphs=(Paragraph(text="Sivu on voitu poistaa."),))
    assert bool(not_a_release(article, "https://e.fi/a", "https://e.fi/a", source)) is is_not_found


def test_an_undated_feed_longer_than_max_items_gives_its_new_item_at_the_end(server, tmp_path):
    def undated(n):
        items = "".join(
            f"<item><title>Tiedote {i}</title><link>{server.url(f'/n{i}')}</link></item>" for i in range(1, n + 1)
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'

    for i in range(1, 9):
        server.add(f"/n{i}", article_page(f"Tiedote {i}", FI, date=f"2025-03-0{i}T10:00:00+02:00"))
    server.add("/n2", "gone", status=404)  # a dead link is no new release either, night after night
    server.add("/feed", undated(6))
    cfg = config([{"id": "s", "kind": "feed", "url": server.url("/feed"), "max_items": 4}])
    db = tmp_path / "a.db"
    assert run(cfg, db).totals["new"] == 3
    assert run(cfg, db).totals["new"] == 2  # the two the first run had no room for
    server.add("/feed", undated(8))  # oldest first: the new ones at the end
    assert run(cfg, db).totals["new"] == 2


def test_a_listing_that_leads_to_a_login_page_fails_its_source_and_says_so(server, tmp_path):
    """Admin probe (s24): a newsroom moved behind a login: its listing's address redirected to the login page,
    whose "forgot your password" link was taken for a release (a dead link) and the source read "ok"."""
    server.add("/news", "", status=302, headers={"Location": "/user/login?returnUrl=%2Fnews"})
    login = (
        '<html><body><form><input name="u"></form><a class="n" href="/forgot-your-password-help">Help</a></body></html>'
    )
    server.add("/user/login?returnUrl=%2Fnews", login)
    cfg = config([{"id": "s", "kind": "html", "url": server.url("/news"), "links": "a.n"}])
    summary = run(cfg, tmp_path / "a.db")
    (result,) = summary.sources
    assert result.error and "leads to a login page" in result.error and summary.status != "ok"
    assert server.hits("/forgot-your-password-help") == 0


def test_a_release_dated_years_ahead_is_dated_by_its_feed_or_not_at_all(server, tmp_path):
    """Admin probe (s24): a release mistyped as 2052 stood as its source's latest, and first in every newest-first
    list, for decades."""
    server.add("/typo", article_page("Tiedote typo", FI, date="2052-03-01T10:00:00+02:00"))
    server.add("/both", article_page("Tiedote both", FI[::-1], date="2052-03-01T10:00:00+02:00"))
    server.add(
        "/soon", article_page("Tiedote soon", [FI[0]], date=(datetime.now(UTC) + timedelta(hours=20)).isoformat())
    )
    feed = rss([(f"Tiedote {p}", server.url(f"/{p}"), p) for p in ("typo", "both", "soon")])
    server.add("/feed", feed.replace("Mon, 02 Apr 2024", "Mon, 01 Mar 2053"))  # the second item's date: ahead too
    db = tmp_path / "a.db"
    run(config([{"id": "s", "kind": "feed", "url": server.url("/feed")}]), db)
    with closing(sqlite3.connect(db)) as conn:
        dates = {t: d for t, d in conn.execute("select title, published from articles")}
    assert dates["Tiedote typo"].startswith("2024-04-01")  # the feed's date
    assert dates["Tiedote both"] == ""  # none to be had: "date unknown", not 2052
    assert dates["Tiedote soon"] > datetime.now(UTC).date().isoformat()  # a day ahead: a time zone, an embargo


def test_more_new_dated_releases_than_max_items_are_all_archived_over_the_next_runs(server, tmp_path, caplog):
    """Admin probe (s24): a feed given more new releases between two runs than max_items had the newest taken and
    the older ones never, night after night, with nothing said; a sitemap that redates every page alike too."""
    today = datetime.now(UTC)

    def feed(n: int) -> str:
        items = "".join(
            f"<item><title>Tiedote {i}</title><link>{server.url(f'/n{i}')}</link><guid>n{i}</guid>"
            f"<pubDate>{(today - timedelta(hours=10 - i)).strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>"
            for i in range(1, n + 1)
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'

    for i in range(1, 9):
        server.add(f"/n{i}", article_page(f"Tiedote {i}", [f"Tiedote numero {i}. {FI[0]}", FI[1]], date=""))
    server.add("/n1", "gone", status=404)  # a dead link is no new release, night after night
    server.add("/feed", feed(8), etag='"v1"')  # (a server answering "not modified" to a listing that has not changed)
    cfg = config([{"id": "s", "kind": "feed", "url": server.url("/feed"), "max_items": 4}])
    db = tmp_path / "a.db"
    with caplog.at_level("INFO", logger="newsflow"):
        assert run(cfg, db).totals["new"] == 4  # the newest four
    assert "s: 8 links never tried; 2 or more this run (max_items), the rest on the next runs" in caplog.text
    # half the room for those never tried, the other half for the newest (their edits); the listing read in full while
    # links wait, though unchanged (admin probe, s25: "not modified" left them waiting for good)
    assert [run(cfg, db).totals["new"] for _ in range(3)] == [2, 1, 0]  # (the dead link, tried, is no release)
    with closing(sqlite3.connect(db)) as conn:
        assert {t for (t,) in conn.execute("select title from articles")} == {f"Tiedote {i}" for i in range(2, 9)}
    # a sitemap whose every page has the same lastmod: none is left out for good either
    urls = "".join(f"<url><loc>{server.url(f'/m{i}')}</loc><lastmod>2025-05-01</lastmod></url>" for i in range(1, 6))
    for i in range(1, 6):
        server.add(f"/m{i}", article_page(f"Kartta {i}", [f"Sivu numero {i}. {FI[0]}", FI[1]]))
    sitemap = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    server.add("/sitemap.xml", sitemap)
    cfg = config([{"id": "m", "kind": "sitemap", "url": server.url("/sitemap.xml"), "max_items": 2}])
    assert [run(cfg, db).totals["new"] for _ in range(4)] == [2, 2, 1, 0]


def test_a_dead_link_pushed_out_of_the_newest_max_items_is_still_asked_again(server, tmp_path):
    """Years probe (s29): a release answering 404 in a sitemap was retried until newer links pushed it out of the
    newest max_items, and never asked again: mended on the site, it was never archived."""

    def sitemap(pages: dict[str, str]) -> str:
        urls = "".join(f"<url><loc>{server.url(p)}</loc><lastmod>{d}</lastmod></url>" for p, d in pages.items())
        return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'

    server.add("/p1", "gone", status=404)
    server.add("/p2", article_page("Kartta 2", [f"Sivu kaksi. {FI[0]}", FI[1]]))
    server.add("/sitemap.xml", sitemap({"/p1": "2025-05-03", "/p2": "2025-05-02"}))
    cfg = config([{"id": "m", "kind": "sitemap", "url": server.url("/sitemap.xml"), "max_items": 2}])
    db = tmp_path / "a.db"
    assert run(cfg, db).totals == {"new": 1, "updated": 0, "failed": 1, "sources_failed": 0}
    for i in (3, 4):
        server.add(f"/p{i}", article_page(f"Kartta {i}", [f"Sivu numero {i}. {FI[0]}", FI[1]]))
    server.add(
        "/sitemap.xml", sitemap({"/p4": "2025-05-05", "/p3": "2025-05-04", "/p1": "2025-05-03", "/p2": "2025-05-02"})
    )
    run(cfg, db)
    server.add("/p1", article_page("Kartta 1", [f"Sivu yksi. {FI[0]}", FI[1]]))  # mended
    run(cfg, db)
    with closing(sqlite3.connect(db)) as conn:
        assert {t for (t,) in conn.execute("select title from articles")} == {f"Kartta {i}" for i in range(1, 5)}


def test_a_sitemaps_years_of_history_wait_behind_an_edit_of_its_newest_release(server, tmp_path):
    """Review (s24): with never-tried links always first, a sitemap's old pages were fetched a few a night ahead of
    an edit of its newest release, which then passed its recheck_days unread; and with only recent ones first, the
    old pages were never read."""

    def sitemap(edited: str = "") -> str:
        urls = "".join(
            f"<url><loc>{server.url(f'/h{i}')}</loc><lastmod>{edited if i == 8 and edited else f'2023-0{i}-01'}"
            "</lastmod></url>"
            for i in range(1, 9)
        )
        return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'

    for i in range(1, 9):
        server.add(f"/h{i}", article_page(f"Historia {i}", [f"Sivu numero {i}. {FI[0]}", FI[1]], date=""))
    server.add("/sitemap.xml", sitemap())
    cfg = config([{"id": "h", "kind": "sitemap", "url": server.url("/sitemap.xml"), "max_items": 2}])
    db = tmp_path / "a.db"
    assert run(cfg, db).totals["new"] == 2  # the newest two
    server.add("/h8", article_page("Historia 8", [f"Sivu numero 8, korjattu. {FI[0]}", FI[1]], date=""))
    server.add("/sitemap.xml", sitemap(edited=datetime.now(UTC).date().isoformat()))
    second = run(cfg, db)
    assert (second.totals["updated"], second.totals["new"]) == (1, 1)  # the edit, and one old page of the rest
    assert [run(cfg, db).totals["new"] for _ in range(6)] == [1, 1, 1, 1, 1, 0]  # none left out for good


@pytest.mark.parametrize(
    ("final", "is_login"),
    [
        ("https://e.fi/login?returnUrl=%2Fa", True),
        ("https://e.fi/user/login?destination=/a", True),
        ("https://e.fi/wp-login.php?redirect_to=x", True),
        ("https://login.microsoftonline.com/common/oauth2", True),
        ("https://e.fi/kirjaudu", True),
        # A release whose slug speaks of logging in, or a portal's own parameter, is no login page.
        ("https://e.fi/news/12345-new-login-service-for-residents", False),
        ("https://e.fi/nyheter/logga-in-med-bankkoder", False),
        ("https://e.fi/uutiset/kirjaudu-uuteen-palveluun", False),
        ("https://e.fi/web/guest/uutinen?p_p_auth=abc&p_p_id=101", False),
        ("https://e.fi/a/", False),  # the same page with a slash
    ],
)
def test_only_a_redirect_to_a_login_page_itself_makes_a_page_no_release(final, is_login):
    from newsflow.models import Article, Paragraph
    from newsflow.sources import not_a_release

    source = parse_config({"sources": [{"id": "s", "kind": "feed", "url": "https://e.fi/feed"}]}).sources[0]
    article = Article(url="https://e.fi/a", title="Tiedote", paragraphs=(Paragraph(text="Kaupunki tiedottaa."),))
    assert ("login page" in not_a_release(article, final, "https://e.fi/a", source)) is is_login


def test_a_release_retitled_under_a_new_slug_is_the_same_release_by_its_shortlink(server, tmp_path):
    # A listing without GUIDs; the CMS gives an edited headline a new slug and sends the old one there.
    def page(title, extra):
        body = article_page(title, [FI[0], FI[1] + extra])
        return body.replace("</head>", f'<link rel="shortlink" href="{server.url("/?p=123")}"></head>')

    def listing(slug, title):
        item = f"<item><title>{title}</title><link>{server.url(slug)}</link></item>"
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{item}</channel></rss>'

    server.add("/n/hope-alkaa", page("HOPE alkaa", ""))
    server.add("/feed", listing("/n/hope-alkaa", "HOPE alkaa"))
    cfg = config([{"id": "s", "kind": "feed", "url": server.url("/feed")}])
    db = tmp_path / "a.db"
    assert run(cfg, db).totals["new"] == 1
    server.add("/n/hope-hanke-alkaa-syksylla", page("HOPE-hanke alkaa syksyllä", " Hanke alkaa syksyllä."))
    server.add("/n/hope-alkaa", "", status=301, headers={"Location": "/n/hope-hanke-alkaa-syksylla"})
    server.add("/feed", listing("/n/hope-hanke-alkaa-syksylla", "HOPE-hanke alkaa syksyllä"))
    totals = run(cfg, db).totals
    assert (totals["new"], totals["updated"]) == (0, 1)
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("select title from articles").fetchall() == [("HOPE-hanke alkaa syksyllä",)]
        # its Original link is the new slug's address, not the old one's redirect
        assert conn.execute("select url from articles").fetchall() == [(server.url("/n/hope-hanke-alkaa-syksylla"),)]
        assert conn.execute("select title from revisions").fetchall() == [("HOPE alkaa",)]
    assert run(cfg, db).totals["new"] == 0  # the new address is known from now on
    # A theme that prints the same shortlink on another release's page does not join the two.
    other = article_page("Kesäkahvila avautuu", ["Kaupungin kesäkahvila avautuu torilla kesäkuun alussa.", FI[1]])
    other = other.replace("2024-03-01T10:00:00+02:00", "2024-06-01T10:00:00+03:00")
    server.add(
        "/n/kesakahvila", other.replace("</head>", f'<link rel="shortlink" href="{server.url("/?p=123")}"></head>')
    )
    server.add("/feed", listing("/n/kesakahvila", "Kesäkahvila avautuu"))
    assert run(cfg, db).totals["new"] == 1


def test_a_dead_link_a_feed_goes_on_listing_rests_after_recheck_days_and_is_asked_weekly(server, tmp_path):
    server.add("/gone", "gone", status=404)
    server.add("/a", article_page("Tiedote", FI))
    server.add("/feed", rss([("Poistettu", server.url("/gone"), "gone"), ("Tiedote", server.url("/a"), "a")]))
    cfg = config([{"id": "s", "kind": "feed", "url": server.url("/feed")}], recheck_days=30)
    db = tmp_path / "a.db"
    assert run(cfg, db).totals["failed"] == 1 and server.hits("/gone") == 1

    def failing_since(first_days: int, last_days: int) -> None:
        with closing(sqlite3.connect(db)) as conn:
            stamps = [(datetime.now(UTC) - timedelta(days=d)).isoformat() for d in (first_days, last_days)]
            conn.execute("update failures set at = ? where id = (select min(id) from failures)", [stamps[0]])
            conn.execute("update failures set at = ? where id = (select max(id) from failures)", [stamps[1]])
            conn.commit()

    assert run(cfg, db, force=True).totals["failed"] == 1  # (within recheck_days: asked every night)
    failing_since(31, 2)  # failing for a month, last asked two days ago: it rests
    quiet = run(cfg, db, force=True)
    assert quiet.totals["failed"] == 0 and server.hits("/gone") == 2
    failing_since(31, 8)  # a week since it was last asked: once more
    assert run(cfg, db, force=True).totals["failed"] == 1 and server.hits("/gone") == 3
    failing_since(31, 2)
    assert run(cfg, db, force=True).totals["failed"] == 0 and server.hits("/gone") == 3  # resting again
    server.add("/gone", article_page("Palautettu tiedote", FI))  # the site mends it, and its feed entry changes
    server.add("/feed", rss([("Palautettu", server.url("/gone"), "gone"), ("Tiedote", server.url("/a"), "a")]))
    assert run(cfg, db, force=True).totals["new"] == 1  # asked at once, not a week later


def test_a_retry_after_of_a_day_counts_from_when_the_source_was_asked_so_the_next_night_finds_it_due(server, tmp_path):
    def slow_refusal(handler):
        time.sleep(1.2)  # the server takes its time to say no
        handler.send_response(503)
        handler.send_header("Retry-After", "86400")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    server.add("/feed", handler=slow_refusal)
    db = tmp_path / "a.db"
    run(config([{"id": "s", "kind": "feed", "url": server.url("/feed")}]), db)
    with Archive(db) as archive:
        state = archive.source_state("s")
    asked, due = (datetime.fromisoformat(state[k]) for k in ("last_attempt", "next_attempt"))
    assert (due - asked).total_seconds() == 86400  # not 86401: tomorrow's run at the same minute finds it due


def test_links_a_site_asked_to_wait_for_are_counted_and_said_apart_from_dead_links(server, tmp_path):
    pages = ["/a1", "/a2", "/a3"]
    for p in pages:
        server.add(p, "", status=429, headers={"Retry-After": "3600"})
    server.add("/feed", rss([(p, server.url(p), p) for p in pages]))
    conf = tmp_path / "feeds.toml"
    conf.write_text(
        f'[settings]\ntimeout = 5\nmin_delay = 0\nper_host = 1\n\n[[sources]]\nid = "s"\nkind = "feed"\n'
        f'url = "{server.url("/feed")}"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["run", "--config", str(conf), "--db", str(tmp_path / "a.db")])
    assert result.exit_code == EXIT_OK, result.output
    assert sum(server.hits(p) for p in pages) == 1  # the first answer asked newsflow to wait: the others unsent
    assert "1 article link(s) could not be fetched or read" in result.output
    assert "2 article link(s) were not asked: their site asked newsflow to wait (Retry-After)" in result.output
    as_json = CliRunner().invoke(cli, ["run", "--config", str(conf), "--db", str(tmp_path / "b.db"), "--json"])
    assert json.loads(as_json.output[as_json.output.index("{") :])["deferred"] == 2


def test_articles_held_back_because_their_attachments_host_asked_to_wait_are_counted_as_deferred(server, tmp_path):
    other = server.url("/").replace("127.0.0.1", "localhost")  # the same server under another host name
    for i in (1, 2, 3):
        server.add(f"/p{i}.pdf", "", status=429, headers={"Retry-After": "3600"})
        link = f'<p><a href="{other}p{i}.pdf">Liite (PDF)</a></p></article>'
        server.add(f"/a{i}", article_page(f"Tiedote {i}", FI).replace("</article>", link))
    server.add("/feed", rss([(f"Tiedote {i}", server.url(f"/a{i}"), f"a{i}") for i in (1, 2, 3)]))
    summary = run(config([{"id": "s", "kind": "feed", "url": server.url("/feed")}], per_host=1), tmp_path / "a.db")
    result = summary.sources[0]
    assert sum(server.hits(f"/p{i}.pdf") for i in (1, 2, 3)) == 1  # the first answer asked for no more
    assert result.new + result.failed + result.deferred == 3 and result.deferred == 2


def test_status_and_the_reading_room_say_when_no_run_has_brought_the_archive_up_to_date(tmp_path):
    """Admin review: a feeds.toml that cannot be read stops every run before anything is recorded, and `status`
    went on showing the last run, days old, as if all were well."""
    from conftest import reading_room_get

    db = tmp_path / "a.db"
    with Archive(db) as archive:
        run_id = archive.runs.start_run()
        archive.db["runs"].update(run_id, {"status": "ok", "finished": datetime.now(UTC).isoformat()})

    def said() -> tuple[str, str]:
        status = CliRunner().invoke(cli, ["status", "--db", str(db)])
        assert status.exit_code == 0, status.output
        return status.output, reading_room_get(db, "/").text

    fresh_status, fresh_home = said()
    assert "NO RUN SINCE" not in fresh_status and "Not up to date" not in fresh_home
    three_days_ago = (datetime.now(UTC) - timedelta(days=3, hours=1)).isoformat()
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("update runs set started = ?, finished = ?", [three_days_ago, three_days_ago])
    status, home = said()
    assert "NO RUN SINCE: the archive has not been brought up to date for 3 days" in status
    assert "check cron and its log" in status
    assert "Not up to date:</strong> the archive was last brought up to date on" in home
    as_json = json.loads(CliRunner().invoke(cli, ["status", "--db", str(db), "--json"]).output)
    assert as_json["last_run"]["overdue"] is True


def test_a_source_given_a_new_address_is_asked_there_afresh(server, tmp_path):
    """Admin review: after a source's url was changed, the old feed's ETag went with the request to the new one,
    whose "not modified" kept its new releases out (also with --force); and a source failing at its old address
    went on backing off after its address was mended."""
    db = tmp_path / "a.db"
    for p in ("/p1", "/p2"):
        server.add(p, article_page(f"Uutinen {p}", FI))
    server.add("/old", feed([feed_item("Uutinen 1", server.url("/p1"), "g1")]), etag='"v1"')
    first = run(config([{"id": "s", "kind": "feed", "url": server.url("/old")}]), db)
    assert first.totals["new"] == 1
    # The new feed's server happens to give the same validator (a static file of the same size and time).
    two = [feed_item("Uutinen 1", server.url("/p1"), "g1"), feed_item("Uutinen 2", server.url("/p2"), "g2")]
    server.add("/new", feed(two), etag='"v1"')
    moved = run(config([{"id": "s", "kind": "feed", "url": server.url("/new")}]), db)
    assert moved.totals["new"] == 1 and server.hits("/p2") == 1
    # A source failing at a wrong address is asked at once at the mended one, not after its backoff.
    wrong = config([{"id": "s", "kind": "feed", "url": server.url("/gone")}])
    assert run(wrong, db).sources[0].ok is False
    assert "backing off" in run(wrong, db).sources[0].skipped  # the same address: its backoff holds
    server.add("/newest", feed(two))
    mended = run(config([{"id": "s", "kind": "feed", "url": server.url("/newest")}]), db)
    assert mended.sources[0].ok and not mended.sources[0].skipped and server.hits("/newest") == 1
    with Archive(db) as archive:
        state = archive.source_state("s")
    assert state["consecutive_failures"] == 0 and not state["next_attempt"]


def test_a_run_says_when_the_taxonomy_changed_and_what_applies_it_to_the_archive(server, tmp_path, caplog):
    """Admin review: a tag renamed or removed in feeds.toml changed nothing for archived articles, and nothing said
    that `newsflow retag` would."""
    db = tmp_path / "a.db"
    server.add("/p1", article_page("Uutinen", FI))
    server.add("/feed", feed([feed_item("Uutinen", server.url("/p1"), "g1")]))
    source = [{"id": "s", "kind": "feed", "url": server.url("/feed")}]
    run(config(source), db)
    again = config(source)
    caplog.clear()
    run(again, db)
    assert "taxonomy" not in caplog.text  # the same taxonomy: nothing to say
    hope = next(t for t in again.tags if t.id == "hope")
    edited = replace(again, tags=tuple(t for t in again.tags if t.id != "hope") + (replace(hope, id="hope-project"),))
    run(edited, db)
    assert (
        "the tag taxonomy in the configuration has changed (added or changed hope-project; removed hope)" in caplog.text
    )
    assert "run `newsflow retag` to apply it to the 1 article(s) archived before" in caplog.text
    # The log says an edited tag once, and `run --quiet` leaves the log's warnings out (admin probe, s23): the run's
    # summary, which --quiet keeps, and `status` say it every night until the retag.
    later = run(edited, db)
    assert later.retag.startswith("RETAG NEEDED: the tag taxonomy changed on ")
    assert "(hope, hope-project)" in later.retag
    status = CliRunner().invoke(cli, ["status", "--db", str(db), "--json"]).output
    assert {"code": "RETAG_NEEDED", "message": later.retag} in json.loads(status)["warnings"]
    assert "RETAG NEEDED" in CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    with Archive(db) as archive:
        Pipeline(edited, archive).retag()
    caplog.clear()
    assert run(edited, db).retag == "" and "taxonomy" not in caplog.text  # retagged: said no more
    assert "RETAG" not in CliRunner().invoke(cli, ["status", "--db", str(db)]).output


def test_a_source_taken_out_of_the_configuration_is_said_to_be_so_not_failing_for_ever(server, tmp_path):
    """Admin review: a failing source removed from feeds.toml stayed "FAILING … next attempt" in `status` and the
    reading room for ever, though it was never tried again."""
    from conftest import reading_room_get

    db = tmp_path / "a.db"
    server.add("/p1", article_page("Uutinen", FI))
    server.add("/feed", feed([feed_item("Uutinen", server.url("/p1"), "g1")]))
    kept = {"id": "kept", "kind": "feed", "url": server.url("/feed"), "partner": "Seinäjoki"}
    gone = {"id": "gone", "kind": "feed", "url": server.url("/missing"), "partner": "Seinäjoki"}
    run(config([kept, gone]), db)
    before = CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    assert "gone [feed] Seinäjoki: FAILING (1 in a row, never fetched well)" in before
    run(config([kept]), db)
    status = CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    assert "gone [feed] Seinäjoki: no longer in the configuration: not fetched any more" in status
    assert "kept [feed] Seinäjoki: ok" in status and "next attempt" not in status
    page = reading_room_get(db, "/-/partner/Sein%C3%A4joki").text
    assert "No longer followed." in page and "Next try" not in page.split("No longer followed")[1].split("</div>")[0]
    run(config([kept, gone]), db)  # put back: followed again
    assert "gone [feed] Seinäjoki: FAILING" in CliRunner().invoke(cli, ["status", "--db", str(db)]).output


def test_the_write_ahead_log_does_not_keep_a_busy_nights_size(tmp_path):
    """Scale review: with the reading room reading while a run wrote, the archive's -wal file grew to 306 MB and
    kept that size on disk. Once the readers let go, a writer's close gives the space back."""
    from newsflow.archive import WAL_LIMIT

    db = tmp_path / "a.db"
    reader = sqlite3.connect(db)
    with Archive(db) as archive:
        assert archive.db.execute("pragma journal_size_limit").fetchone()[0] == WAL_LIMIT
        reader.execute("begin")
        reader.execute("select count(*) from runs").fetchone()  # a page being read: the log cannot restart
        for i in range(40):
            archive.db.execute("insert into revisions (article_id, text) values (?, ?)", [None, f"{i}" * 200_000])
        wal = Path(f"{db}-wal")
        assert wal.stat().st_size > 5_000_000
        reader.execute("rollback")  # the page is done; the reading room stays open
    assert wal.stat().st_size == 0
    # A reader still in an older moment (a long page, a backup) does not hold a writer's close up.
    reader.execute("begin")
    reader.execute("select count(*) from runs").fetchone()
    archive = Archive(db)
    archive.db.execute("insert into runs (started) values ('2026-12-02T03:15:00+00:00')")
    start = time.monotonic()
    archive.close()
    assert time.monotonic() - start < 5  # it waited 30 s (the connection's busy timeout) before
    reader.close()


def test_status_says_a_run_holding_the_archive_for_36_hours_is_stuck_and_what_to_do(tmp_path):
    """Second review: a hung run holding the lock was told apart from cron not running by nothing, and status said
    to check cron while every nightly run exited 75."""
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        archive.run_lock.acquire()
        archive.runs.start_run()
        long_ago = (datetime.now(UTC) - timedelta(hours=40)).isoformat()
        archive.db.execute("update runs set started = ?", [long_ago])
        status = CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    assert "RUN STUCK: this run has held the archive for 40 hours" in status and f"pid {os.getpid()}" in status
    assert "NO RUN SINCE" not in status


def test_status_warns_when_the_archives_disk_is_nearly_full(tmp_path, monkeypatch):
    """Admin probe: a run stopped by a full disk showed only as "interrupted", with nothing saying why or that the
    next night would stop the same way."""
    import shutil

    from newsflow import health

    db = tmp_path / "a.db"
    with Archive(db) as archive:
        archive.runs.start_run()
    ample = CliRunner().invoke(cli, ["status", "--db", str(db)])
    assert "DISK NEARLY FULL" not in ample.output or shutil.disk_usage(tmp_path).free < health.LOW_DISK
    asked: list[str] = []

    def nearly_full(path: str) -> SimpleNamespace:
        asked.append(path)
        return SimpleNamespace(total=10 * 2**30, used=10 * 2**30 - 12 * 2**20, free=12 * 2**20)

    monkeypatch.setattr(shutil, "disk_usage", nearly_full)
    full = CliRunner().invoke(cli, ["status", "--db", str(db)])
    assert full.exit_code == 0 and asked == [str(tmp_path)]
    assert (
        "DISK NEARLY FULL: 12 MB free on the disk holding the archive" in full.output
        and "stops half-way (exit 4; it shows as FAILED" in full.output  # as the README says (it said "interrupted")
    )
    data = json.loads(CliRunner().invoke(cli, ["status", "--db", str(db), "--json"]).output)
    assert data["disk_free_bytes"] == 12 * 2**20


def _one_release_feed(server, tmp_path):
    """A feeds.toml following one feed of one Finnish release, served by ``server``."""
    server.add("/p1", article_page("Uutinen", FI))
    server.add("/feed", feed([feed_item("Uutinen", server.url("/p1"), "g1")]))
    conf = tmp_path / "feeds.toml"
    conf.write_text(
        f'[settings]\nmin_delay = 0\n\n[[sources]]\nid = "s"\nkind = "feed"\nurl = "{server.url("/feed")}"\n',
        encoding="utf-8",
    )
    return conf


def test_a_run_that_leaves_the_disk_nearly_full_says_so_and_exits_1(server, tmp_path, monkeypatch):
    """Admin probe: a run that left the archive's disk all but full exited 0 with nothing in the cron log, so the first
    e-mail came the night after, when the run found no room. The summary says so, and cron's e-mail comes now."""
    import shutil

    conf = _one_release_feed(server, tmp_path)
    db = tmp_path / "a.db"
    args = ["run", "--quiet", "--config", str(conf), "--db", str(db)]
    real = shutil.disk_usage
    free = {"bytes": 10 * 2**30}

    def usage(path: str) -> SimpleNamespace:
        return SimpleNamespace(total=real(path).total, used=0, free=free["bytes"])

    monkeypatch.setattr(shutil, "disk_usage", usage)
    ample = CliRunner().invoke(cli, args)
    assert ample.exit_code == 0 and "DISK NEARLY FULL" not in ample.output, ample.output
    free["bytes"] = 40 * 2**20
    server.add("/p2", article_page("Toinen uutinen", FI))
    server.add(
        "/feed", feed([feed_item("Uutinen", server.url("/p1"), "g1"), feed_item("Toinen", server.url("/p2"), "g2")])
    )
    low = CliRunner().invoke(cli, args)
    assert low.exit_code == 1, low.output
    assert "DISK NEARLY FULL: 40 MB free on the disk holding the archive" in low.output
    assert low.output.index("total") < low.output.index("DISK NEARLY FULL")  # the summary's last line, in the log
    data = json.loads(CliRunner().invoke(cli, [*args, "--json"]).output)
    assert data["low_disk_free_bytes"] == 40 * 2**20 and data["exit_code"] == 1 and data["status"] == "ok"
    with closing(sqlite3.connect(db)) as conn:  # the night itself went well: what it archived, as a good run
        assert [r[0] for r in conn.execute("select status from runs")] == ["ok", "ok", "ok"]
        assert conn.execute("select count(*) from articles").fetchone()[0] == 2


def test_a_full_log_disk_does_not_stop_the_nights_archiving(server, tmp_path):
    """Second review: with the disk of the cron log full, the run's first line raised inside the run, which was
    recorded as interrupted and exited 1 with a traceback, every night."""
    conf = _one_release_feed(server, tmp_path)
    db = tmp_path / "a.db"
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "newsflow", "run", "--config", str(conf), "--db", str(db)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "the run's summary could not be written" in done.stderr
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("select status from runs").fetchone()[0] == "ok"
        assert conn.execute("select count(*) from articles").fetchone()[0] == 1


def test_a_night_where_every_source_waits_after_failing_is_a_failed_run(server, tmp_path):
    """Admin probe: a second run where every source was backing off after failures said "0 source(s) failed", exit 0,
    and `status` headed "Last run #2: ok" while every source was failing. A source backing off is still failing;
    one that answered beside it makes the night partial."""
    db = tmp_path / "a.db"
    server.add("/p1", article_page("Uutinen 1", FI))
    server.add("/good", feed([feed_item("Uutinen 1", server.url("/p1"), "g1")]))
    broken = config(
        [
            {"id": "a", "kind": "feed", "url": server.url("/gone-a")},
            {"id": "b", "kind": "feed", "url": server.url("/gone-b")},
        ]
    )
    assert run(broken, db).status == "failed"
    again = run(broken, db)
    assert all(s.backing_off for s in again.sources) and again.status == "failed"
    status = CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    assert "Last run #2: ok" not in status
    beside = config(
        [
            {"id": "a", "kind": "feed", "url": server.url("/gone-a")},
            {"id": "b", "kind": "feed", "url": server.url("/gone-b")},
            {"id": "c", "kind": "feed", "url": server.url("/good")},
        ]
    )
    assert run(beside, db).status == "partial"


def one_failed_run(server, tmp_path):
    """An archive whose one source, "a", failed its first run (its feed is not there): the archive and the config."""
    db, cfg = tmp_path / "a.db", tmp_path / "feeds.toml"
    cfg.write_text(
        f'[settings]\nmin_delay = 0\n\n[[sources]]\nid = "a"\nkind = "feed"\nurl = "{server.url("/gone")}"\n',
        encoding="utf-8",
    )
    CliRunner().invoke(cli, ["run", "--config", str(cfg), "--db", str(db)])
    return db, cfg


def test_the_summary_counts_the_sources_backing_off(server, tmp_path):
    db, cfg = one_failed_run(server, tmp_path)
    second = CliRunner().invoke(cli, ["run", "--config", str(cfg), "--db", str(db)])
    assert second.exit_code == 3 and "0 source(s) failed, 1 backing off after failing before" in second.output


def test_status_as_json_carries_what_the_text_flags(server, tmp_path):
    """Admin probe: `status --json` had no NO RUN SINCE, DISK NEARLY FULL, RUN STUCK nor failing sources: a monitoring
    script reading it saw nothing the text report flags."""
    db, cfg = tmp_path / "a.db", tmp_path / "feeds.toml"
    server.add("/p1", article_page("Uutinen 1", FI))
    server.add("/good", feed([feed_item("Uutinen 1", server.url("/p1"), "g1")]))
    sources = [("a", "/gone"), ("b", "/good")]
    cfg.write_text(
        "[settings]\nmin_delay = 0\n\n"
        + "".join(f'[[sources]]\nid = "{i}"\nkind = "feed"\nurl = "{server.url(p)}"\n' for i, p in sources),
        encoding="utf-8",
    )
    CliRunner().invoke(cli, ["run", "--config", str(cfg), "--db", str(db)])
    data = json.loads(CliRunner().invoke(cli, ["status", "--json", "--db", str(db)]).output)
    assert [(w["code"], w.get("source")) for w in data["warnings"]] == [("SOURCE_FAILING", "a")]
    with sqlite3.connect(db) as conn:  # the last run five days ago: the nightly run has stopped
        conn.execute("update runs set started = '2000-01-01T00:00:00+00:00', finished = '2000-01-01T00:10:00+00:00'")
    data = json.loads(CliRunner().invoke(cli, ["status", "--json", "--db", str(db)]).output)
    assert "NO_RUN_SINCE" in {w["code"] for w in data["warnings"]}


def test_sigterm_cuts_a_request_a_slow_server_holds(server, tmp_path):
    """Admin probe: with a source whose server held its answer for 25 s (its timeout), SIGTERM stopped the run 23.5 s
    later, saying nothing meanwhile. The stop cuts the requests under way whose answer has begun (one whose server has
    sent nothing yet ends within its timeout), and the source is not marked failing."""
    released = threading.Event()

    def stall(handler):  # begins its answer, then holds the rest until the test ends
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        handler.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
        handler.wfile.flush()
        released.wait(40)

    server.add("/feed", handler=stall)
    conf = tmp_path / "feeds.toml"
    conf.write_text(
        "[settings]\ntimeout = 40\nmin_delay = 0\n\n"
        f'[[sources]]\nid = "slow"\nkind = "feed"\nurl = "{server.url("/feed")}"\n'
    )
    db = tmp_path / "a.db"
    proc = spawn_run(conf, db)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not server.hits("/feed"):
            time.sleep(0.05)
        sent = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
        took = time.monotonic() - sent
    finally:
        released.set()
    assert proc.returncode == 130, err
    assert took < 15, took  # not the 40 s the server would have held it
    with Archive(db) as archive:
        assert [r["status"] for r in archive.db["runs"].rows] == ["interrupted"]
        assert archive.source_state("slow")["consecutive_failures"] == 0  # cut by the stop: no failure of its own


def test_a_source_failing_for_long_says_since_when_and_what_to_check(server, tmp_path):
    """Admin probe: "FAILING (91 in a row)" read as one failure did, with no date and no advice."""
    db, cfg = one_failed_run(server, tmp_path)
    assert "FAILING (1 in a row, never fetched well)" in CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    with sqlite3.connect(db) as conn:
        conn.execute("update sources set consecutive_failures = 91, last_success = '2026-01-05T03:00:00+00:00'")
    told = " ".join(CliRunner().invoke(cli, ["status", "--db", str(db)]).output.split())
    assert "FAILING (91 in a row, since " in told and "; last fetched well 2026-01-05" in told
    # since its first failure after that, not since it was last fetched well (cron probe, s34)
    with sqlite3.connect(db) as conn:
        (first,) = conn.execute("select min(at) from failures where stage = 'listing'").fetchone()
    assert f"in a row, since {local_time(first)}; last fetched well" in told
    assert "check url in feeds.toml against the partner's site" in told


def _two_newsrooms(tmp_path, *servers):
    """A feeds.toml following one feed of one Finnish release on each server (each its own host: its own port)."""
    lines = ["[settings]\nmin_delay = 0\n"]
    for n, server in enumerate(servers):
        server.add("/p1", article_page(f"Uutinen {n}", FI))
        server.add("/feed", feed([feed_item(f"Uutinen {n}", server.url("/p1"), f"g{n}")]))
        lines.append(f'[[sources]]\nid = "s{n}"\nkind = "feed"\nurl = "{server.url("/feed")}"\n')
    conf = tmp_path / "feeds.toml"
    conf.write_text("\n".join(lines), encoding="utf-8")
    return conf


def test_a_run_whose_clock_is_far_behind_the_web_servers_says_so_and_exits_1(tmp_path):
    """Admin probe (session 25): a machine whose clock was set back (a dead battery, a wrong manual date) ran on with
    nothing said; recent releases were archived undated and everything was timed wrongly. The web servers' Date
    tells: most hosts of a run, two at least, more than a day away from this machine's clock."""
    from conftest import LocalServer

    servers = [LocalServer() for _ in range(3)]
    try:
        conf = _two_newsrooms(tmp_path, *servers)
        db = tmp_path / "a.db"
        args = ["run", "--quiet", "--config", str(conf), "--db", str(db)]
        servers[0].clock_ahead = 800 * 86_400  # one server's clock wrong: the machine's is not questioned
        one = CliRunner().invoke(cli, args)
        assert one.exit_code == 0 and "CLOCK" not in one.output, one.output
        servers[1].clock_ahead = 800 * 86_400  # two of three: the machine's clock is the one that is wrong
        behind = CliRunner().invoke(cli, args)
        assert behind.exit_code == 1, behind.output
        assert "CLOCK WRONG: this machine's clock is 800 days behind the time the web servers give" in behind.output
        assert "releases dated more than 2 days after the date it shows are archived undated" in behind.output
        assert "then run `newsflow reextract`" in behind.output
        status = CliRunner().invoke(cli, ["status", "--db", str(db)]).output
        assert "CLOCK WRONG: this machine's clock is 800 days behind" in status
        data = json.loads(CliRunner().invoke(cli, ["status", "--db", str(db), "--json"]).output)
        assert {"code": "CLOCK_WRONG", "behind_seconds": pytest.approx(800 * 86_400, abs=5)} in data["warnings"]
        for server in servers:  # ahead: a day and a half
            server.clock_ahead = -1.5 * 86_400
        ahead = CliRunner().invoke(cli, [*args, "--json"])
        summary = json.loads(ahead.output)
        assert summary["exit_code"] == 1 and summary["clock_behind_seconds"] == pytest.approx(-1.5 * 86_400, abs=5)
        for server in servers:  # behind by a day and a half: within the grace every date has, none is refused
            server.clock_ahead = 1.5 * 86_400
        slightly = CliRunner().invoke(cli, args)
        assert "CLOCK WRONG: this machine's clock is 1.5 days behind" in slightly.output, slightly.output
        assert "archived undated" not in slightly.output and "reextract" not in slightly.output
        for server in servers:
            server.clock_ahead = 0.0
        right = CliRunner().invoke(cli, args)
        assert right.exit_code == 0 and "CLOCK" not in right.output, right.output
        assert "CLOCK" not in CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    finally:
        for server in servers:
            server.close()


def test_a_cached_answers_date_counts_the_time_the_cache_kept_it():
    """A CDN's copy keeps the origin's Date and says in Age how long it has kept it: no wrong clock of ours."""
    from newsflow.fetch import Fetcher, Response

    fetcher = Fetcher(None, default_config().settings)  # type: ignore[arg-type]
    two_days_ago = datetime.now(UTC) - timedelta(days=2)
    for host in ("a", "b"):
        headers = {"date": two_days_ago.strftime("%a, %d %b %Y %H:%M:%S GMT"), "age": str(2 * 86_400)}
        fetcher._note_clock(Response(f"https://{host}.example/x", 200, headers, b""))
    assert fetcher.clock_behind() == 0.0
    for host in ("c", "d"):  # without Age, two of four hosts: not most of them
        headers = {"date": two_days_ago.strftime("%a, %d %b %Y %H:%M:%S GMT")}
        fetcher._note_clock(Response(f"https://{host}.example/x", 200, headers, b""))
    assert fetcher.clock_behind() == 0.0
    fetcher._note_clock(Response("https://e.example/x", 200, {"date": "Mon, 01 Jan 2024 00:00:00 GMT"}, b""))
    assert fetcher.clock_behind() < -86_400  # three of five say this machine is ahead
    # Review: Cloudflare sends its own Date (now) with the Age of its copy: no host off, whichever reading is meant.
    cached = Fetcher(None, default_config().settings)  # type: ignore[arg-type]
    now = datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    for host in ("a", "b", "c"):
        cached._note_clock(Response(f"https://{host}.example/feed", 200, {"date": now, "age": "99788"}, b""))
    assert cached.clock_behind() == 0.0


def test_a_run_that_finds_the_clock_wrong_prunes_no_kept_page(server, tmp_path):
    """Review: with the clock years ahead, the run that said CLOCK WRONG pruned every kept page by its wrong today."""
    from conftest import LocalServer

    other = LocalServer()
    try:
        conf = _two_newsrooms(tmp_path, server, other)
        text = conf.read_text(encoding="utf-8").replace("min_delay = 0\n", "min_delay = 0\nkeep_pages_days = 30\n")
        conf.write_text(text, encoding="utf-8")
        db = tmp_path / "a.db"
        args = ["run", "--quiet", "--config", str(conf), "--db", str(db)]
        assert CliRunner().invoke(cli, args).exit_code == 0
        with closing(sqlite3.connect(db)) as conn:  # kept pages fetched 40 days ago, by the servers' clocks too
            conn.execute("update responses set fetched = '2020-01-01T00:00:00+00:00', headers = '{}'")
            conn.commit()
        server.clock_ahead = other.clock_ahead = 900 * 86_400  # this machine's clock 900 days behind
        wrong = CliRunner().invoke(cli, args)
        assert wrong.exit_code == 1 and "CLOCK WRONG" in wrong.output, wrong.output
        with closing(sqlite3.connect(db)) as conn:
            assert conn.execute("select count(*) from responses").fetchone()[0] == 2
        server.clock_ahead = other.clock_ahead = 0.0
        assert CliRunner().invoke(cli, args).exit_code == 0
        with closing(sqlite3.connect(db)) as conn:  # with the clock right, pruned as old
            assert conn.execute("select count(*) from responses").fetchone()[0] == 0
    finally:
        other.close()


def test_status_counts_and_dates_a_sources_releases_alike_where_another_source_lists_them_too(server, tmp_path):
    """Feeds probe (s32): a newsroom's Atom feed listing the releases its RSS feed had brought in first: `status` said
    "5 articles" (all it lists) but "latest published 2026-11-10", the latest of the two it was first to bring."""
    server.add(
        "/a",
        article_page(
            "Uusi tiedote", ["Uusi tiedote kertoo kaupungin asioista laajasti."], date="2025-03-12T10:00:00+02:00"
        ),
    )
    server.add(
        "/b",
        article_page(
            "Vanha tiedote", ["Vanha tiedote kertoo kaupungin asioista laajasti."], date="2025-01-05T10:00:00+02:00"
        ),
    )
    server.add("/rss", rss([("Uusi tiedote", server.url("/a"), "a")]))
    server.add("/atom", rss([("Uusi tiedote", server.url("/a"), "a"), ("Vanha tiedote", server.url("/b"), "b")]))
    db = tmp_path / "a.db"
    cfg = config(
        [
            {"id": "rss", "kind": "feed", "url": server.url("/rss")},
            {"id": "atom", "kind": "feed", "url": server.url("/atom")},
        ]
    )
    assert run(replace(cfg, sources=cfg.sources[:1]), db).totals["new"] == 1
    assert run(cfg, db).totals["new"] == 1
    status = " ".join(CliRunner().invoke(cli, ["status", "--db", str(db)]).output.split())
    assert "atom [feed]: ok; 2 articles, latest published 2025-03-12," in status, status


def test_a_release_archived_as_a_page_served_again_is_no_gate_when_it_comes_back_short(tmp_path):
    """Second review (s35): a maintenance page taken as served again, then the release back, shorter and sharing no
    words with it, was refused every night as "no longer reads as the release archived from it"."""
    from newsflow.models import SERVED_AGAIN, Article, Link, Paragraph

    with Archive(tmp_path / "a.db") as archive:
        archive.sync_sources(config([{"id": "s", "kind": "feed", "url": "https://e.se/feed"}]).sources)
        long = "Mynewsdesk är tillfälligt otillgängligt på grund av planerat underhåll. " * 6
        down = Article(url="https://e.se/p/1046", source_id="s", title="Vi genomför planerat underhåll",
                       paragraphs=(Paragraph(text=long),))  # fmt: skip
        link = Link(url="https://e.se/p/1046?utm_source=rss", title="Unga entreprenörer i Angered startar eget")
        _, article_id = archive.save_article(down, link)
        back = Article(url="https://e.se/p/1046", source_id="s", title="Unga entreprenörer i Angered startar eget",
                       paragraphs=(Paragraph(text="Tio unga i Angered har startat egna företag."),))  # fmt: skip
        assert archive.releases.unlike(article_id, back).startswith("the page no longer reads as the release")
        run_id = archive.runs.start_run()
        archive.runs.record_failure(run_id, "s", link, "extract", f"… a maintenance page? {SERVED_AGAIN}", "x")
        assert archive.releases.unlike(article_id, back) == ""


def test_a_site_wide_maintenance_break_gives_each_release_its_own_text_once_back_under_a_quiet_feed(server, tmp_path):
    """Last probe (s35): every page of a Mynewsdesk-like newsroom served "Planerat underhåll" for two nights, under
    feed titles of the form "Name – subtitle" and links whose utm_campaign changed nightly. The first page taken was
    the second release's too (the same text: merged as its second address), the feed then answered "not modified" and
    neither was read again; a title's part after the dash was not read, so one was taken on the first night."""
    down = article_page(
        "Planerat underhåll",
        ["Mynewsdesk är tillfälligt otillgängligt på grund av planerat underhåll. Välkommen tillbaka om en stund."],
        lang="sv",
    )
    items = {
        "/p/mikrofonden-ny-lanefond-118/": (
            "Mikrofonden – ny lånefond för kooperativ i Västra Götaland",
            "Mikrofonden",
        ),
        "/p/hallbar-turism-119/": ("Hållbar turism – växer i Sjuhärad med nya kooperativ", "Turismen"),
    }
    pages = dict.fromkeys(items, down)

    def feed(campaign: str) -> None:  # (the test server answers each address with its query as given)
        for p, body in pages.items():
            for address in (p, p.rstrip("/"), f"{p}?utm_source=rss&utm_campaign={campaign}"):
                server.add(address, body)
        listed = [(t, server.url(f"{p}?utm_source=rss&utm_campaign={campaign}"), p) for p, (t, _) in items.items()]
        server.add("/feed", rss(listed), etag=f'"{campaign}"')

    cfg, db = config([{"id": "s", "kind": "feed", "url": server.url("/feed")}]), tmp_path / "a.db"

    def night() -> dict:
        source = run(cfg, db).sources[0]
        with closing(sqlite3.connect(db)) as conn:  # (the next night)
            conn.execute("update failures set at = ?", [(datetime.now(UTC) - timedelta(hours=20)).isoformat()])
            conn.commit()
        return {"new": source.new, "updated": source.updated, "not_modified": source.not_modified}

    feed("n1")
    assert night()["new"] == 0  # both refused once
    feed("n2")
    # Both served again: the first taken, the second, the same text as a new link of this run, asked again (an error
    # page served alike for every address): never the first's second address.
    assert night()["new"] == 1
    feed("n3")  # still down: the second taken, a release of its own, not the first's second address
    assert night()["new"] == 1
    for path, (title, word) in items.items():  # the site back; the feed the same ("not modified")
        pages[path] = article_page(title, [f"{word} i Västra Götaland har nya kooperativ.", "Läs mer här."], lang="sv")
    feed("n3")
    third = night()
    assert third["not_modified"] and (third["updated"], third["new"]) == (2, 0)
    with closing(sqlite3.connect(db)) as conn:
        stored = dict(conn.execute("select url, title from articles").fetchall())
    assert stored == {server.url(p.rstrip("/")): t for p, (t, _) in items.items()}


def paged_feed(server, items, nxt=""):
    entries = "".join(
        f"<item><title>Uutinen {i}</title><link>{server.url(f'/p{i}')}</link><guid>g{i}</guid>"
        f"<pubDate>{30 - i:02d} Nov 2026 09:00:00 +0200</pubDate></item>"
        for i in items
    )
    link = f'<atom:link rel="next" href="{server.url(nxt)}"/>' if nxt else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
        f"<channel><title>News</title>{link}{entries}</channel></rss>"
    )


def test_links_of_an_older_page_a_stopped_run_left_unasked_are_read_next_run(server, tmp_path):
    # Night 2 lists ten new releases over two pages and is stopped while the second page's first is asked. Night 3
    # finds its first page all archived, so it reads no further: those links were lost for good (review, s38).
    held = threading.Event()  # (p6 answers once the run is stopped)

    def page(handler):
        if handler.path == "/p6":
            held.wait(30)
        answer_article(handler)

    for i in range(11):
        server.add(f"/p{i}", handler=page)
    server.add("/feed", paged_feed(server, [0]))
    conf = tmp_path / "feeds.toml"
    conf.write_text(
        "[settings]\nmin_delay = 0\nper_host = 1\n\n"
        f'[[sources]]\nid = "s"\nkind = "feed"\nurl = "{server.url("/feed")}"\n'
    )
    db = tmp_path / "a.db"
    assert CliRunner().invoke(cli, ["run", "--config", str(conf), "--db", str(db)]).exit_code == 0
    server.add("/feed", paged_feed(server, range(1, 6), "/feed2"))
    server.add("/feed2", paged_feed(server, range(6, 11), "/feed3"))
    server.add("/feed3", paged_feed(server, [0]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsflow", "run", "--config", str(conf), "--db", str(db), "-q"],
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not server.hits("/p6"):
            time.sleep(0.05)  # (polling for the request under way, not a wait standing in for it)
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
    finally:
        held.set()
    assert proc.returncode == 130, err

    def archived():
        with Archive(db) as archive:
            return sorted(int(r["url"].rsplit("/p", 1)[1]) for r in archive.db.query("select url from articles"))

    assert archived() == [0, 1, 2, 3, 4, 5]
    again = CliRunner().invoke(cli, ["run", "--config", str(conf), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert archived() == list(range(11))
