"""Cron probes of session 41: an archive another program is writing (exit 75, not 4), a listing that gave nothing,
a run started with its standard output and error closed."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import article_page, rss
from newsflow import archive as archive_module
from newsflow import cli_common
from newsflow.archive import Archive
from newsflow.cli import cli
from newsflow.cli_common import EXIT_RUNNING

TEXT = "Tiedotteen ensimmäinen kappale kertoo hankkeesta, sen kumppaneista ja tuloksista kattavasti. " * 4


def _newsroom(server, tmp_path: Path, pages: int = 2) -> tuple[Path, Path]:
    for i in range(pages):
        server.add(f"/p{i}", article_page(f"Tiedote numero {i} hankkeesta", [f"{i}. {TEXT}"] * 3))
    items = [(f"T{i}", server.url(f"/p{i}"), f"g{i}") for i in range(pages)]
    server.add("/feed", rss(items), headers={"Content-Type": "application/rss+xml"})
    conf = tmp_path / "feeds.toml"
    conf.write_text(
        f'[settings]\nmin_delay = 0\n\n[[sources]]\nid = "news"\nkind = "feed"\nurl = "{server.url("/feed")}"\n'
    )
    return conf, tmp_path / "a.db"


def _runs(db: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("select id, status from runs order by id").fetchall()


def test_a_run_meeting_another_programs_write_transaction_waits_then_exits_75_having_changed_nothing(
    server, tmp_path, monkeypatch
):
    """Cron probe (s41): an sqlite3 shell left in `BEGIN IMMEDIATE` (or a database browser with an unsaved change):
    the nightly run waited SQLite's 30 s and exited 4, "archive damaged or unusable", which it is not. It waits (a
    bounded time), then exits 75 (try again later) with one dated line that says what holds it and what to do; nothing
    is fetched or recorded, and the next run, the shell closed, goes on as ever."""
    conf, db = _newsroom(server, tmp_path)
    args = ["run", "--quiet", "--config", str(conf), "--db", str(db)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    server.add("/p9", article_page("Tiedote numero 9 hankkeesta", [f"9. {TEXT}"] * 3))
    server.add("/feed", rss([("T9", server.url("/p9"), "g9")]), headers={"Content-Type": "application/rss+xml"})
    before, asked = _runs(db), len(server.requests)
    monkeypatch.setattr(cli_common, "WRITER_WAIT", 0.3)
    shell = sqlite3.connect(db, isolation_level=None)
    shell.execute("BEGIN IMMEDIATE")
    try:
        held = CliRunner().invoke(cli, args)
    finally:
        shell.execute("ROLLBACK")
        shell.close()
    assert held.exit_code == EXIT_RUNNING, held.output
    assert "Traceback" not in held.output and "damaged" not in held.output
    said = held.output.strip().splitlines()[-1]
    assert "another program has held" in said and "write lock" in said and "not starting, nothing was changed" in said
    assert "Close it (an sqlite3 shell" in said and "try again later" in said
    assert _runs(db) == before and len(server.requests) == asked  # nothing recorded, nothing asked
    after = CliRunner().invoke(cli, args)
    assert after.exit_code == 0, after.output
    assert [line.split()[:2] for line in after.output.splitlines() if line.startswith("news ")] == [["news", "1"]]


@pytest.mark.parametrize("command", ["translate", "retag", "reextract"])
def test_passes_over_the_archive_beside_another_programs_write_transaction_exit_75(tmp_path, monkeypatch, command):
    """The same for the commands that write what is archived (exit 4 after 30 s, before)."""
    db = tmp_path / "a.db"
    with Archive(db):
        pass
    conf = tmp_path / "feeds.toml"
    conf.write_text('[[sources]]\nid = "news"\nkind = "feed"\nurl = "https://example.org/feed"\n')
    monkeypatch.setattr(cli_common, "WRITER_WAIT", 0.2)
    shell = sqlite3.connect(db, isolation_level=None)
    shell.execute("BEGIN IMMEDIATE")
    try:
        result = CliRunner().invoke(cli, [command, "--config", str(conf), "--db", str(db)])
    finally:
        shell.execute("ROLLBACK")
        shell.close()
    assert result.exit_code == EXIT_RUNNING, result.output
    assert "another program has held" in result.output and "Traceback" not in result.output


def test_a_write_transaction_that_ends_while_the_run_waits_costs_only_the_wait(server, tmp_path, monkeypatch):
    """A VACUUM or an sqlite3 shell closed within the wait: the run says once that it waits for it, then runs."""
    conf, db = _newsroom(server, tmp_path)
    with Archive(db):
        pass
    shell = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    shell.execute("BEGIN IMMEDIATE")
    told: list[str] = []
    real = cli_common.wait_to_write

    def wait(archive, seconds, waiting):
        def said(text: str) -> None:
            told.append(text)
            waiting(text)
            shell.execute("ROLLBACK")  # the other program ends its transaction while the run waits

        monkeypatch.setattr(archive_module, "write_lock_holder", lambda path: "")
        return real(archive, seconds, said)

    monkeypatch.setattr(cli_common, "wait_to_write", wait)
    try:
        result = CliRunner().invoke(cli, ["run", "--quiet", "--config", str(conf), "--db", str(db)])
    finally:
        shell.close()
    assert result.exit_code == 0, result.output
    assert told == [f"another program is writing {db}; waiting for it, 5 minute(s) at most"]
    assert result.output.count("waiting for it") == 1
    assert [line.split()[:2] for line in result.output.splitlines() if line.startswith("news ")] == [["news", "2"]]


def test_another_programs_write_transaction_met_mid_run_stops_it_with_75_and_keeps_what_it_saved(
    server, tmp_path, monkeypatch
):
    """One that begins while the run saves: the run stops once SQLite's busy timeout has passed (as before), now with
    exit 75 and a line saying that what was saved stays (exit 4 and "locked by another program", before)."""
    conf, db = _newsroom(server, tmp_path, pages=3)
    monkeypatch.setattr(archive_module, "BUSY_TIMEOUT", 0.3)
    shell = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    page = server.routes["/p1"]

    def take_the_lock_then_answer(handler) -> None:
        if not shell.in_transaction:
            shell.execute("BEGIN IMMEDIATE")
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(page.body)))
        handler.end_headers()
        handler.wfile.write(page.body)

    page.handler = take_the_lock_then_answer
    args = ["run", "--quiet", "--config", str(conf), "--db", str(db)]
    try:
        result = CliRunner().invoke(cli, args)
    finally:
        if shell.in_transaction:
            shell.execute("ROLLBACK")
        shell.close()
    assert result.exit_code == EXIT_RUNNING, result.output
    last = result.output.strip().splitlines()[-1]
    assert "another program has held" in last and "what it saved before stays" in last, result.output
    assert "Traceback" not in result.output
    page.handler = None
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 3


def test_readers_work_beside_another_programs_write_transaction(server, tmp_path):
    """status, search and export read a WAL archive beside a writer, at once."""
    conf, db = _newsroom(server, tmp_path)
    assert CliRunner().invoke(cli, ["run", "--quiet", "--config", str(conf), "--db", str(db)]).exit_code == 0
    shell = sqlite3.connect(db, isolation_level=None)
    shell.execute("BEGIN IMMEDIATE")
    try:
        for args in (["status"], ["search", "hankkeesta"], ["export", "--format", "json"]):
            start = time.monotonic()
            result = CliRunner().invoke(cli, [*args, "--db", str(db)])
            assert result.exit_code == 0, (args, result.output)
            assert "Tiedote numero 1 hankkeesta" in result.output, args
            assert time.monotonic() - start < 5, args
    finally:
        shell.execute("ROLLBACK")
        shell.close()


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="Linux's /proc/locks names a lock's holder")
def test_the_program_holding_the_write_lock_is_named_by_pid_and_command(tmp_path):
    from newsflow.archive import write_lock_holder

    db = tmp_path / "a.db"
    with Archive(db):
        pass
    assert write_lock_holder(str(db)) == ""
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN IMMEDIATE'); "
        "print('held', flush=True); sys.stdin.read()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        said = write_lock_holder(str(db))
        assert said.startswith(f"pid {holder.pid}: ") and "-c import sqlite3" in said and len(said) < 100, said
        reader = sqlite3.connect(db)  # a reader's locks are no writer's
        reader.execute("select count(*) from articles").fetchone()
        assert write_lock_holder(str(db)) == said
        reader.close()
    finally:
        holder.communicate("")
    assert write_lock_holder(str(db)) == ""


def test_the_run_table_says_a_listing_that_gave_nothing(server, tmp_path):
    """Cron probe (s41): a feed that listed no item at all read "ok" in the night's table (status says LISTS NOTHING
    only after three such runs): "ok, listed nothing" from the first night, exit 0 (a quiet sitemap of the last days
    does list nothing), and "ok" again once it lists."""
    server.add("/feed", rss([]), headers={"Content-Type": "application/rss+xml"})
    conf = tmp_path / "feeds.toml"
    conf.write_text(
        f'[settings]\nmin_delay = 0\n\n[[sources]]\nid = "quiet"\nkind = "feed"\nurl = "{server.url("/feed")}"\n'
    )
    args = ["run", "--quiet", "--config", str(conf), "--db", str(tmp_path / "a.db")]
    empty = CliRunner().invoke(cli, args)
    assert empty.exit_code == 0, empty.output
    assert [line.split(None, 4)[4] for line in empty.output.splitlines() if line.startswith("quiet ")] == [
        "ok, listed nothing"
    ]
    server.add("/p0", article_page("Tiedote numero 0 hankkeesta", [TEXT] * 3))
    server.add("/feed", rss([("T0", server.url("/p0"), "g0")]), headers={"Content-Type": "application/rss+xml"})
    listing = CliRunner().invoke(cli, args)
    assert [line.split(None, 4)[4] for line in listing.output.splitlines() if line.startswith("quiet ")] == ["ok"]


def test_a_run_with_its_standard_output_and_error_closed_runs_and_exits_as_it_went(server, tmp_path):
    """Cron probe (s41): `newsflow run >&- 2>&-` stopped at its first line with an AttributeError (sys.stdout is None),
    written nowhere, exit 1, the run left unfinished. It runs, its output thrown away, and exits 0."""
    conf, db = _newsroom(server, tmp_path)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    for closed in (">&- 2>&-",):
        run = subprocess.run(
            ["sh", "-c", f'exec "$@" {closed}', "sh", sys.executable, "-m", "newsflow", "run", "--quiet"]
            + ["--config", str(conf), "--db", str(db)],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=60,
        )
        assert run.returncode == 0, (closed, run.stdout, run.stderr)
    assert [status for _, status in _runs(db)] == ["ok"]


def test_a_night_of_releases_with_no_model_for_them_says_so_in_full_once_then_in_a_line(server, tmp_path):
    """Cron probe (s41): with no model installed (translation is optional), every night that archived something
    ended with the same 300-character advice (the folders looked in, how to install): nearly half a quiet year's log.
    The first night says it in full; the nights after, while an earlier run said it, in one short line."""
    conf, db = _newsroom(server, tmp_path, pages=1)
    args = ["run", "--quiet", "--config", str(conf), "--db", str(db)]
    nights = []
    for night in (1, 2):
        server.add(f"/n{night}", article_page(f"Tiedote numero {night}0 hankkeesta", [f"{night}0. {TEXT}"] * 3))
        items = [("T0", server.url("/p0"), "g0"), (f"N{night}", server.url(f"/n{night}"), f"n{night}")]
        server.add("/feed", rss(items), headers={"Content-Type": "application/rss+xml"})
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        nights.append([line for line in result.output.splitlines() if line.startswith("Translation pending")])
    first, second = nights
    assert len(first) == 1 and "Install an Argos model" in first[0] and "no model installed for fi→en (2)" in first[0]
    assert len(second) == 1 and re.fullmatch(
        r"Translation pending: no model installed for fi→en \(\d+\), as said before \(`newsflow status` says what to "
        r"do\)\.",
        second[0],
    ), second


def test_a_listing_refused_says_what_to_do_in_the_nights_row(server, tmp_path):
    """Cron probe (s41): "FAILED: HTTP 404 (not found) (URL)" said what, not what to do, in the night's row (status says
    to check url only after 14 days of it); a 403 likewise. A server error says nothing more: it is retried."""
    server.add("/forbidden", "", status=403)
    server.add("/broken", "", status=500)
    conf = tmp_path / "feeds.toml"
    conf.write_text(
        "[settings]\nmin_delay = 0\n\n"
        + "".join(
            f'[[sources]]\nid = "{name}"\nkind = "feed"\nurl = "{server.url("/" + name)}"\n\n'
            for name in ("missing", "forbidden", "broken")
        )
    )
    result = CliRunner().invoke(cli, ["run", "--quiet", "--config", str(conf), "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 3, result.output
    rows = {line.split()[0]: line for line in result.output.splitlines() if line.startswith(("missing", "forb", "bro"))}
    assert "HTTP 404" in rows["missing"] and rows["missing"].endswith("put its address as url in feeds.toml")
    assert "HTTP 403" in rows["forbidden"] and "refuses automated reading" in rows["forbidden"]
    assert "HTTP 500" in rows["broken"] and "feeds.toml" not in rows["broken"]
