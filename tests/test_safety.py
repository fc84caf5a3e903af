"""Issue 12: safe to run every night for years, safe to try — against real archive files and local servers."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import article_page, reading_room_get, rss
from newsflow.archive import Archive
from newsflow.cli import cli
from newsflow.cli_common import EXIT_OK
from newsflow.config import parse_config
from newsflow.health import last_run, run_failures
from newsflow.models import Article, Link, Paragraph

FI = [
    "Seinäjoen kaupunki on mukana työllisyyden kuntakokeilussa, "
    "jonka myötä kaupunki valmistautuu yhä vahvempaan rooliin.",
    "EU:n rahoittamassa HOPE-hankkeessa haetaan oppia yhteiskunnallisesta yrittäjyydestä "
    "ja työllisyystoimien seurannasta.",
]
NEWSFLOW = [sys.executable, "-m", "newsflow"]


def invoke(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def feed_config(tmp_path, server, sources=None):
    sources = sources or [{"id": "city", "kind": "feed", "url": server.url("/feed"), "partner": "City"}]
    lines = ["[settings]", "timeout = 5", "min_delay = 0", ""]
    for s in sources:
        lines += ["[[sources]]"] + [f'{k} = "{v}"' for k, v in s.items()] + [""]
    path = tmp_path / "feeds.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def archive_with_news(server, tmp_path):
    server.add("/a1", article_page("Seinäjoki mukana HOPE-hankkeessa", FI))
    server.add("/feed", rss([("Seinäjoki mukana HOPE-hankkeessa", server.url("/a1"), "a1")]))
    config = feed_config(tmp_path, server)
    db = tmp_path / "archive.db"
    result = invoke("run", "--config", config, "--db", db)
    assert result.exit_code == EXIT_OK, result.output
    return db, config


@contextmanager
def immutable(path: Path):
    """Make a file or folder unwritable even for root (the tests may run as root): chattr +i."""
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("chattr +i is not available here to make a path read-only for root")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


# ---------------------------------------------------------------- data safety


def test_the_demo_never_writes_into_a_real_archive(archive_with_news):
    db, _ = archive_with_news
    before = db.read_bytes()
    result = invoke("demo", "--db", db, "--port", "0")
    assert result.exit_code == 4
    assert "holds real sources (city)" in result.output and "newsflow demo --db demo.db" in result.output
    assert "Traceback" not in result.output
    with Archive(db, readonly=True) as archive:
        assert [r["id"] for r in archive.db["sources"].rows] == ["city"]
        assert archive.count("articles") == 1
    assert db.read_bytes() == before


def test_the_demo_has_its_own_default_file_and_source_ids(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("demo", "--port", "0")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "demo.db").exists() and not (tmp_path / "archive.db").exists()
    with Archive(tmp_path / "demo.db", readonly=True) as archive:
        assert {r["id"] for r in archive.db["sources"].rows} == {"demo-coompanion", "demo-seinajoki", "demo-hope"}
    again = invoke("demo", "--port", "0")  # its own archive: a second demo is welcome
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize("command", [["status"], ["search", "HOPE"], ["export"], ["serve", "--port", "0"]])
def test_readers_on_a_missing_archive_say_so_and_create_nothing(tmp_path, command):
    db = tmp_path / "no" / "such" / "archive.db"
    if command[0] == "serve":
        command = ["serve", "--port", "8001"]
    result = invoke(*command, "--db", db)
    assert result.exit_code == 4, result.output
    assert f"there is no archive at {db}" in result.output
    assert not db.exists() and not (tmp_path / "no").exists()


def test_run_says_when_it_creates_a_new_archive(server, tmp_path):
    server.add("/feed", rss([]))
    config = feed_config(tmp_path, server)
    first = invoke("run", "--config", config, "--db", tmp_path / "new.db")
    assert first.exit_code == 0 and f"created a new archive at {tmp_path / 'new.db'}" in first.stderr
    second = invoke("run", "--config", config, "--db", tmp_path / "new.db")
    assert "created a new archive" not in second.stderr


def test_the_same_page_at_two_addresses_saved_at_once_is_one_article(tmp_path):
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        archive.sync_sources(
            parse_config({"sources": [{"id": "s", "kind": "feed", "url": "https://example.org/feed"}]}).sources
        )
        text = (Paragraph(text="Sama tiedote kahdessa osoitteessa, julkaistu samaan aikaan.", language="fi"),)
        articles = [
            Article(url=f"https://example.org/{name}", source_id="s", title="Sama tiedote", paragraphs=text)
            for name in ("uutiset/1", "ajankohtaista/1")
        ]
        start = threading.Barrier(2)
        outcomes: list[tuple[str, int]] = []

        def save(article: Article) -> None:
            start.wait()
            outcomes.append(archive.save_article(article, Link(url=article.url)))

        threads = [threading.Thread(target=save, args=(a,)) for a in articles]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(o for o, _ in outcomes) == ["new", "unchanged"]
        assert archive.count("articles") == 1
        urls = {r["url"] for r in archive.db["article_urls"].rows}
        assert urls == {a.url for a in articles}
        # and the second address is known from now on: not fetched again as new
        assert archive.find_article(url="https://example.org/ajankohtaista/1") == outcomes[0][1]


def _corrupt(db: Path) -> None:
    data = bytearray(db.read_bytes())
    page = 4096
    for start in range(page * 2, len(data), page):  # leave the header, damage the pages
        data[start + 8 : start + 200] = b"\xff" * 192
    db.write_bytes(bytes(data))


@pytest.mark.parametrize("command", [["status"], ["search", "HOPE"], ["run"], ["export"]])
def test_a_damaged_archive_is_one_clear_line_and_exit_4(archive_with_news, command):
    db, config = archive_with_news
    with Archive(db) as archive:
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _corrupt(db)
    args = [*command, "--db", db] + (["--config", config] if command[0] == "run" else [])
    result = invoke(*args)
    assert result.exit_code == 4, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "is damaged" in result.output and ".recover" in result.output


def test_a_folder_as_archive_is_exit_4(tmp_path):
    for command in (["status"], ["run", "--config", str(tmp_path / "none.toml")]):
        result = invoke(*command, "--db", tmp_path)
        assert result.exit_code == 4, result.output
    assert "is a folder" in invoke("status", "--db", tmp_path).output


def test_a_folder_as_configuration_is_exit_4_and_says_so(tmp_path):
    result = invoke("run", "--config", tmp_path, "--db", tmp_path / "a.db")
    assert result.exit_code == 4 and "is a folder: --config takes the feeds.toml file" in result.output, result.output


def test_another_programs_sqlite_file_is_left_alone(tmp_path):
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table articles (id integer primary key, body text)")
        conn.execute("insert into articles (body) values ('not ours')")
    before = other.read_bytes()
    for command in (["status"], ["search", "x"]):
        result = invoke(*command, "--db", other)
        assert result.exit_code == 4 and "SQLite file of another program (tables: articles)" in result.output
    server_less = tmp_path / "feeds.toml"
    server_less.write_text('[[sources]]\nid = "s"\nkind = "feed"\nurl = "http://127.0.0.1:9/feed"\n', encoding="utf-8")
    result = invoke("run", "--config", server_less, "--db", other)
    assert result.exit_code == 4 and "not a newsflow archive" in result.output
    assert other.read_bytes() == before


def test_an_archive_on_a_filesystem_mounted_read_only_says_so(archive_with_news, monkeypatch):
    """Admin probe (s25): a disk remounted read-only after errors was said to want file permissions, which chmod
    could not give."""
    import os

    import newsflow.archive as archive_module

    db, config = archive_with_news

    class ReadOnlyMount:
        f_flag = os.ST_RDONLY

    monkeypatch.setattr(archive_module.os, "access", lambda path, mode: mode != os.W_OK)
    monkeypatch.setattr(archive_module.os, "statvfs", lambda path: ReadOnlyMount())
    result = invoke("run", "--config", config, "--db", db)
    assert result.exit_code == 4 and "mounted read-only" in result.output and "dmesg" in result.output
    assert "write access" not in result.output and "Traceback" not in result.output


def test_check_says_a_filesystem_mounted_read_only_as_the_run_does(archive_with_news, monkeypatch):
    """Cron probe (s38): on a disk remounted read-only, `check` said to give the user write access (root's check
    too), where the run it vouches for says to remount the disk."""
    import os

    db, config = archive_with_news

    class ReadOnlyMount:
        f_flag = os.ST_RDONLY

    monkeypatch.setattr(os, "access", lambda path, mode: mode != os.W_OK)
    monkeypatch.setattr(os, "statvfs", lambda path: ReadOnlyMount())
    result = invoke("check", "--config", config, "--db", db)
    assert result.exit_code == 4 and "mounted read-only" in result.output and "dmesg" in result.output
    assert "write access" not in result.output and "Traceback" not in result.output


def test_a_read_only_archive_file_refuses_run_and_serves_readers(archive_with_news):
    db, config = archive_with_news
    with Archive(db) as archive:
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with immutable(db):
        result = invoke("run", "--config", config, "--db", db)
        assert result.exit_code == 4 and f"{db} is read-only" in result.output and "Traceback" not in result.output
        status = invoke("status", "--db", db)
        assert status.exit_code == 0 and "city [feed]" in status.output
        found = invoke("search", "Seinäjoella", "--db", db)
        assert found.exit_code == 0 and "Seinäjoki mukana" in found.output


def copied_whole(db: Path, folder: Path) -> Path:
    """The archive copied into a new folder, its write-ahead log checkpointed into it first."""
    folder.mkdir()
    with Archive(db) as archive:
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(db, folder / "archive.db")
    return folder / "archive.db"


def test_readers_work_in_a_read_only_folder(archive_with_news, tmp_path):
    db, _ = archive_with_news
    folder = tmp_path / "ro"
    copied_whole(db, folder)
    with immutable(folder):
        for command in (["status"], ["search", "HOPE"], ["export", "--format", "json"]):
            result = invoke(*command, "--db", folder / "archive.db")
            assert result.exit_code == 0, (command, result.output)
        assert "Seinäjoki mukana" in invoke("search", "HOPE", "--db", folder / "archive.db").output


def test_a_write_ahead_log_a_read_only_folder_leaves_unread_is_said(archive_with_news, tmp_path):
    # A snapshot of the archive with its -wal but not its -shm, read-only: readers left the -wal out (the releases
    # the last run saved) without a word (robustness probe, s45).
    db, _ = archive_with_news
    folder = tmp_path / "snapshot"
    copied_whole(db, folder)
    writer = sqlite3.connect(folder / "archive.db")
    writer.execute("pragma wal_autocheckpoint = 0")
    writer.execute("update articles set title = 'Uusi otsikko' where id = (select min(id) from articles)")
    writer.commit()
    shutil.copy(f"{folder / 'archive.db'}-wal", tmp_path / "wal")
    writer.close()  # (checkpoints: the -wal as the snapshot kept it is put back)
    shutil.copy(tmp_path / "wal", f"{folder / 'archive.db'}-wal")
    Path(f"{folder / 'archive.db'}-shm").unlink(missing_ok=True)
    link = tmp_path / "link.db"  # (SQLite keeps the -wal beside the file a link leads to)
    link.symlink_to(folder / "archive.db")
    with immutable(folder):
        result = invoke("status", "--db", folder / "archive.db")
        linked = invoke("status", "--db", link)
    assert result.exit_code == 0 and linked.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert f"{folder / 'archive.db'}-wal holds what a run saved last, and it cannot be read here" in said, said
    assert f"{folder / 'archive.db'}-wal holds what a run saved last" in " ".join(linked.output.split())
    plain = invoke("status", "--db", db)
    assert "-wal holds" not in plain.output


def test_a_reader_kept_waiting_by_a_writers_lock_says_so_and_never_reads_as_unchanging(
    archive_with_news, tmp_path, monkeypatch
):
    # It fell back to reading the file as one nobody changes (stale, and said the folder was read-only; review, s45).
    import newsflow.archive

    db, _ = archive_with_news
    monkeypatch.setattr(newsflow.archive, "BUSY_TIMEOUT", 0.2)
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("pragma locking_mode = exclusive")
    writer.execute("begin exclusive")
    try:
        result = invoke("status", "--db", db)
    finally:
        writer.execute("rollback")
        writer.close()
    assert result.exit_code == 75, result.output
    assert "another program" in result.output and "cannot be read here" not in result.output, result.output


def test_a_write_ahead_log_a_reader_left_read_only_is_named_with_what_to_do(archive_with_news, tmp_path):
    # SQLite gives -wal and -shm the archive's mode: a reader of an archive made read-only left them so. After
    # `chmod u+w archive.db` every run failed with "give ... write access to it and its folder", which it had.
    db, config = archive_with_news
    with Archive(db) as archive:
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    left = [Path(f"{db}-wal"), Path(f"{db}-shm")]
    for f in left:
        f.touch()
    with immutable(left[0]), immutable(left[1]):
        result = invoke("retag", "--config", config, "--db", db)
    assert result.exit_code == 4, result.output
    said = " ".join(result.output.split())
    assert f"{left[0]} and {left[1]} are read-only" in said and f"(chmod u+w {left[0]} {left[1]})" in said, said
    assert invoke("retag", "--config", config, "--db", db).exit_code == 0


def test_the_reading_room_serves_an_archive_in_a_read_only_folder(archive_with_news, tmp_path):
    # Every page answered 500 ("unable to open database file"): WAL's -shm cannot be made there (probe, s45).
    db, _ = archive_with_news
    folder = tmp_path / "ro"
    copied_whole(db, folder)
    folder.chmod(0o555)  # (nobody but root may write in it; chattr makes it so for root, as a read-only disk would)
    with immutable(folder):
        for path, shown in (
            ("/", "Seinäjoki mukana"),
            ("/-/search?q=HOPE", "Seinäjoki mukana"),
            ("/-/tags", "<title>Tags"),
        ):
            page = reading_room_get(folder / "archive.db", path)
            assert page.status_code == 200 and shown in page.text, (path, page.status_code)
    assert sorted(p.name for p in folder.iterdir()) == ["archive.db"]


def test_the_reading_room_never_reads_a_folder_another_user_writes_in_as_unchanging(archive_with_news, tmp_path):
    # Read as unchanging, it would not see the nightly run's writes and could read a page half-checkpointed (review,
    # s45): where this user may not make the -shm but the folder is writable by its owner, serve says what to do.
    from newsflow.archive import shared_reading

    db, _ = archive_with_news
    folder = tmp_path / "theirs"
    copied_whole(db, folder)
    assert shared_reading(db) == "shared"
    with immutable(folder):  # (mode 755: its owner, the nightly run's user, writes in it)
        assert shared_reading(folder / "archive.db") == "blocked"
        ran = subprocess.run(
            [sys.executable, "-m", "newsflow", "serve", "--db", str(folder / "archive.db"), "--port", "1"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "src")},
        )
    assert ran.returncode == 4, ran.stderr
    said = " ".join(ran.stderr.split())
    assert "the reading room cannot read" in said and "give the user running serve write access to the folder" in said


# ---------------------------------------------------------------- failures that are not failures


def test_dead_article_links_leave_the_source_healthy(server, tmp_path):
    server.add("/ok", article_page("Toimiva uutinen", FI))
    server.add("/feed", rss([("Toimiva uutinen", server.url("/ok"), "ok")]))
    config = feed_config(tmp_path, server)
    db = tmp_path / "a.db"
    assert invoke("run", "--config", config, "--db", db).exit_code == 0
    # the feed now also lists two links that are gone
    server.add(
        "/feed",
        rss(
            [
                ("Toimiva uutinen", server.url("/ok"), "ok"),
                ("Poistettu 1", server.url("/gone1"), "g1"),
                ("Poistettu 2", server.url("/gone2"), "g2"),
            ]
        ),
    )
    result = invoke("run", "--config", config, "--db", db)
    assert result.exit_code == 0, result.output
    assert "FAILED" not in result.output
    assert "2 article link(s) could not be fetched or read; they are retried next run" in result.output
    with Archive(db, readonly=True) as archive:
        source = archive.source_state("city")
        assert source["consecutive_failures"] == 0 and not source["next_attempt"]
        run_id = last_run(archive)["id"]
        assert sorted(f["url"] for f in run_failures(archive, run_id)) == [server.url("/gone1"), server.url("/gone2")]
    again = invoke("run", "--config", config, "--db", db)  # tried again, not backed off
    assert again.exit_code == 0 and server.hits("/gone1") == 2


# ---------------------------------------------------------------- messages people can act on


def test_the_summary_counts_failed_sources_and_names_the_night(server, tmp_path):
    server.add("/feed", rss([]))
    config = feed_config(
        tmp_path,
        server,
        [
            {"id": "good", "kind": "feed", "url": server.url("/feed")},
            {"id": "broken1", "kind": "feed", "url": server.url("/missing1")},
            {"id": "broken2", "kind": "feed", "url": server.url("/missing2")},
        ],
    )
    result = invoke("run", "--config", config, "--db", tmp_path / "a.db")
    assert result.exit_code == 1
    # The night's first line, before anything is fetched, and the summary's head: the run id, local date and time.
    assert result.stdout.startswith("newsflow run #1 started 20") and "\nnewsflow run #1, 20" in result.stdout
    assert "2 source(s) failed" in result.stdout
    total = [line for line in result.stdout.splitlines() if line.startswith("total")][0]
    assert "2 source(s) failed" in total


def test_verbose_log_lines_carry_their_time(server, tmp_path):
    server.add("/feed", rss([]))
    config = feed_config(tmp_path, server)
    proc = subprocess.run(
        [*NEWSFLOW, "run", "-v", "--config", str(config), "--db", str(tmp_path / "a.db")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    log_lines = [line for line in proc.stderr.splitlines() if " INFO " in line or " WARNING " in line]
    assert log_lines, proc.stderr
    assert all(line[:4].isdigit() and line[4] == "-" and line[13] == ":" for line in log_lines), log_lines


def test_status_after_a_killed_run_never_fetched_sources_and_pending_translations(server, tmp_path):
    server.add("/a1", article_page("Seinäjoki mukana HOPE-hankkeessa", FI))
    server.add("/feed", rss([("Seinäjoki mukana HOPE-hankkeessa", server.url("/a1"), "a1")]))
    config = feed_config(
        tmp_path,
        server,
        [
            {"id": "city", "kind": "feed", "url": server.url("/feed")},
            {"id": "later", "kind": "feed", "url": server.url("/later")},
        ],
    )
    db = tmp_path / "a.db"
    invoke("run", "--config", config, "--db", db, "--source", "city")
    data = json.loads(invoke("status", "--db", db, "--json").stdout)
    assert data["last_run"]["summary"]["sources"][0]["source"] == "city"  # JSON, not JSON inside a string
    with Archive(db) as archive:
        archive.db["runs"].insert({"started": "2024-01-01T00:00:00+00:00", "status": "running"})
    out = invoke("status", "--db", db).output
    assert out.startswith("Last run #2: INTERRUPTED")
    assert "  later [feed]: not fetched yet;" in out and "  city [feed]: ok;" in out
    assert "nothing new for 60+ days" not in out  # first checked minutes ago
    assert "Translations pending:" in out and "no model installed for fi→en" in out
    assert data["sources"][0]["last_success"].endswith("+00:00")  # ISO in JSON


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "a while ago"], "'a while ago' is not a date"),
        (["--since", "2021-13-45"], "there is no such day in the calendar"),
        (["--until", "end of May"], "write it as a day (20.5.2025, 20/5/2025"),
        (["--tag", "hoope"], "Did you mean “HOPE project”?"),  # the name, not the id (staff probe, s25)
        (["--tag", "HOEP"], "there is no tag “HOEP” in this archive. Did you mean “HOPE project”?"),
        (["--source", "cty"], "Did you mean city?"),
        (["--lang", "fin-land"], "'fin-land' is not a language code: use a two-letter code such as fi"),
        (["--limit", "-1"], "-1"),
    ],
)
def test_bad_filters_are_usage_errors_with_choices(archive_with_news, args, message):
    db, config = archive_with_news
    assert invoke("retag", "--config", Path(__file__).parents[1] / "feeds.toml", "--db", db).exit_code == 0
    result = invoke("search", "HOPE", "--db", db, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output


@pytest.mark.parametrize("named", ["finnish", "Finnish", "suomi", "fi-FI", "fi_FI"])
def test_a_language_given_by_its_name_is_that_language(archive_with_news, named):
    """Review (s22): the reading room took lang=finnish; the command line refused it, asking "did you mean fi?"."""
    db, _ = archive_with_news
    by_name, by_code = (
        invoke("search", "HOPE", "--db", db, "--lang", named),
        invoke("search", "HOPE", "--db", db, "--lang", "fi"),
    )
    assert by_name.exit_code == 0 and by_name.output == by_code.output and "HOPE" in by_code.output


def test_until_limits_the_dates(archive_with_news):
    db, _ = archive_with_news
    assert "Seinäjoki mukana" in invoke("search", "HOPE", "--db", db, "--until", "2024-03-31").output
    late = invoke("search", "HOPE", "--db", db, "--since", "2024-03-02", "--until", "2024-12-31")
    assert late.exit_code == 0 and "Seinäjoki mukana" not in late.output


@pytest.mark.parametrize("query", ["EU:n", "ESF:s", "HOPE-hankkeessa"])
def test_words_with_colons_are_words(archive_with_news, query):
    db, _ = archive_with_news
    result = invoke("search", query, "--db", db)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("query", ["*", "NOT HOPE", "", "   ", '"HOPE'])
def test_bad_search_syntax_is_a_usage_error(archive_with_news, query):
    db, _ = archive_with_news
    result = invoke("search", query, "--db", db)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "fts5" not in result.output.lower()


def test_feeds_toml_with_a_bom_reads_and_latin1_is_named(tmp_path):
    good = tmp_path / "bom.toml"
    good.write_bytes(
        b"\xef\xbb\xbf"
        + '[[sources]]\nid = "s"\nkind = "feed"\nurl = "https://example.org/f"\nname = "Seinäjoki"\n'.encode()
    )
    result = invoke("tags", "list", "--config", good)
    assert result.exit_code == 0, result.output
    latin = tmp_path / "latin.toml"
    latin.write_bytes(
        '[[sources]]\nid = "s"\nkind = "feed"\nurl = "https://example.org/f"\nname = "Seinäjoki"\n'.encode("latin-1")
    )
    bad = invoke("run", "--config", latin, "--db", tmp_path / "a.db")
    assert bad.exit_code == 4 and "not UTF-8 (line 5" in bad.output and "save the file as UTF-8" in bad.output
    assert "Traceback" not in bad.output


def test_csv_export_opens_in_excel(archive_with_news, tmp_path):
    db, _ = archive_with_news
    out = tmp_path / "export.csv"
    assert invoke("export", "--db", db, "-o", out).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["mixed"] == "0" and rows[0]["published"] == "2024-03-01"
    assert "True" not in raw.decode("utf-8-sig") and "False" not in raw.decode("utf-8-sig")


def test_progress_line_fits_an_80_column_terminal(monkeypatch):
    from newsflow.cli import _Progress

    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=(80, 20): os.terminal_size((80, 24)))
    written: list[str] = []
    monkeypatch.setattr("click.echo", lambda msg="", **kw: written.append(msg))
    _Progress()("[3/150 sources done, 12 new] seinajoki: https://www.seinajoki.fi/" + "x" * 200)
    line = written[-1].split("\033[K", 1)[1]
    assert len(line) <= 79 and line.endswith("…")


# ---------------------------------------------------------------- serve


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_checks_the_port_first(archive_with_news):
    db, _ = archive_with_news
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        start = time.monotonic()
        result = invoke("serve", "--db", db, "--port", port)
        assert result.exit_code == 2 and f"port {port} on 127.0.0.1 is already in use" in result.output
        assert time.monotonic() - start < 5
    bad = invoke("serve", "--db", db, "--port", "99999")
    assert bad.exit_code == 2 and "99999" in bad.output and "Usage: datasette" not in bad.output


def test_serve_is_one_process_that_stops_cleanly_on_sigterm(archive_with_news, tmp_path):
    db, _ = archive_with_news
    port = _free_port()
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen(
        [*NEWSFLOW, "serve", "--db", str(db), "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:  # poll until it answers
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert proc.poll() is None, proc.communicate()
                assert time.monotonic() < deadline, "serve did not answer within 60 s"
                time.sleep(0.1)
        children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        assert children == []  # Datasette serves inside this process
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=20)
        assert proc.returncode in (0, -signal.SIGTERM), err
        assert "Traceback" not in err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
    assert not list(tmp_path.glob("newsflow-serve-*"))


def test_the_reading_room_starts_when_feeds_toml_has_a_mistake(archive_with_news, tmp_path, monkeypatch):
    """Admin review: any mistake in feeds.toml (a source's typo, nothing the reading room reads) stopped `serve`,
    so a reboot after a bad edit took the reading room down for staff."""
    result = _served_with(archive_with_news, tmp_path, monkeypatch, '[[sources]]\nid = "s"\nkind = "rss"\nurl = "x"\n')
    assert "the reading room starts without the configuration, in English and without digests" in result.output
    assert "kind must be one of feed, html, sitemap, not 'rss'" in result.output


def _served_with(archive_with_news, tmp_path, monkeypatch, toml: str):
    """`serve` with this feeds.toml, started (uvicorn's run stands in: it is asked once) and what it said."""
    import uvicorn

    db, _ = archive_with_news
    conf = tmp_path / "feeds.toml"
    conf.write_text(toml, encoding="utf-8")
    served = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(kw["port"]))
    result = invoke("serve", "--db", db, "--config", conf, "--port", _free_port())
    assert result.exit_code == 0 and len(served) == 1, result.output
    return result


def test_serve_says_when_the_digests_cannot_be_sent(archive_with_news, tmp_path, monkeypatch):
    """Staff probe (s38): a mistake in feeds.toml's [digest] left `serve` starting without a word (the digests page
    said it, to staff; `check` said it to whoever runs newsflow, only when asked)."""
    result = _served_with(archive_with_news, tmp_path, monkeypatch, '[digest.weekly]\nto = ["staff@example.org"]\n')
    assert "digests cannot be sent until this is fixed" in result.output and "unknown key(s) weekly" in result.output
    assert "starts without the configuration" not in result.output  # (the rest of it is read: the languages)


def test_serve_with_a_config_file_that_is_not_there_is_still_an_error(archive_with_news, tmp_path):
    """Second review: a mistyped --config in a service file started the reading room in English without a word
    on the exit code; only a file that is there, with a mistake in it, is passed over."""
    db, _ = archive_with_news
    result = invoke("serve", "--db", db, "--config", tmp_path / "feeds.tmol", "--port", _free_port())
    assert result.exit_code == 4 and "feeds.tmol: no such file" in result.output


@pytest.mark.parametrize("command", [["status"], ["search", "HOPE", "--json"], ["export"]])
def test_output_that_cannot_be_written_is_one_line_and_exit_4(archive_with_news, command):
    """Second review: with the disk of a cron log full, commands ended in a traceback."""
    db, _ = archive_with_news
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*NEWSFLOW, *command, "--db", str(db)], stdout=full, stderr=subprocess.PIPE, text=True, timeout=120
        )
    assert done.returncode == 4 and "Traceback" not in done.stderr, done.stderr
    assert "could not write the output (No space left on device)" in done.stderr


def test_one_query_cannot_make_the_reading_room_build_a_reply_of_gigabytes(archive_with_news):
    """Hostile-input probe: `/archive.json?sql=select zeroblob(1000000000)` grew `newsflow serve` to 24 GB until the
    kernel killed it, and a hostile page could make a staff browser send it with an <img>. A value is bounded; a query
    another site sends is not run; a query typed into the reading room still is."""
    import asyncio
    import sqlite3
    from urllib.parse import quote

    from newsflow.browse import CROSS_SITE_QUERY, make_datasette

    db, _config = archive_with_news
    with sqlite3.connect(db) as conn:  # the longest text newsflow stores: 5 million characters, in two-byte letters
        article_id = conn.execute("select min(id) from articles").fetchone()[0]
        conn.execute("update articles set text = ? where id = ?", ["ä" * 5_000_000, article_id])
    name = db.stem

    async def go() -> list:
        client = make_datasette(db).client
        asked = [
            client.get(f"/{name}.json?sql=" + quote("select length(zeroblob(100000000)) as n")),
            client.get(f"/{name}.json?sql=" + quote("select length(zeroblob(1000000)) as n")),
            client.get(f"/{name}.json?sql=select+1", headers={"sec-fetch-site": "cross-site"}),
            client.get(f"/{name}.json?s%71l=select+1", headers={"sec-fetch-site": "cross-site"}),
            client.get(f"/{name}/articles.json?_where=id+>+0", headers={"sec-fetch-site": "cross-site"}),
            client.get(f"/{name}.json?sql=select+1", headers={"sec-fetch-site": "same-origin"}),
            client.get("/-/search?q=HOPE", headers={"sec-fetch-site": "cross-site"}),  # a link from an e-mail
            client.get(f"/-/article/{article_id}"),
            client.get(f"/{name}.json?sql=" + quote(f"select length(text) from articles where id = {article_id}")),
        ]
        return [await a for a in asked]

    huge, small, cross, encoded, where, same, linked, page, stored = asyncio.run(go())
    assert "string or blob too big" in huge.json()["error"]
    assert small.json()["rows"] == [[1_000_000]]
    assert cross.status_code == encoded.status_code == where.status_code == 403 and cross.text == CROSS_SITE_QUERY
    assert same.status_code == 200 and same.json()["rows"] == [[1]]
    assert linked.status_code == 200 and page.status_code == 200
    assert stored.json()["rows"] == [[5_000_000]]


def test_a_link_with_terminal_escapes_is_asked_for_as_an_address_and_never_reaches_a_terminal(server, tmp_path):
    """Hostile-input probe: a feed's <link> holding ESC sequences (clear the screen, retitle the window, write the
    clipboard) was printed raw by `newsflow status` and the run's progress line, and called "a redirect to an
    invalid URL". A browser writes such characters as %XX, and so does newsflow: the link is asked for as such."""
    from newsflow.charset import shown

    hostile = server.url("/r") + "\x1b[2J\x1b]0;PWNED\x07\u202egnp.exe"
    server.add("/feed", rss([("Release", hostile, "g1")]))
    config = feed_config(tmp_path, server)
    db = tmp_path / "archive.db"
    run = subprocess.run(
        [sys.executable, "-m", "newsflow", "run", "-v", "--config", config, "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    status = invoke("status", "--db", str(db))
    for said in (run.stdout + run.stderr, status.output):
        assert "\x1b" not in said and "\x07" not in said and "\u202e" not in said, said
    assert "/r%1B[2J%1B]0;PWNED%07%E2%80%AEgnp.exe" in status.output and "HTTP 404" in status.output
    assert "redirect" not in status.output
    assert shown("a\tb\nc\rd\x9b\u2067") == "a\tb\nc%0Dd%C2%9B%E2%81%A7"  # tab and line feed are kept


def test_bidirectional_isolates_and_marks_are_not_kept_in_a_text():
    """Hostile-input probe: U+2066-U+2069 reordered a headline's words on every page ("council rejected the proposal
    today" showed as "council proposal the rejected today"); only U+202A-U+202E were taken out."""
    from newsflow.charset import visible_text

    assert visible_text("council \u2067rejected the proposal\u2069 today") == "council rejected the proposal today"
    assert visible_text("a\u200eb\u200fc\u2066d\u2068e\u061cf") == "abcdef"


SOURCE_TOML = '[[sources]]\nid = "s"\nkind = "feed"\nurl = "https://example.org/f"\nname = "Seinäjoki"\n'


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (  # a Windows path between " marks
            '[settings]\nmodels_dirs = ["C:\\Users\\admin\\newsflow"]\n' + SOURCE_TOML,
            "write a Windows path with forward slashes",
        ),
        ('[settings]\nmodels_dirs = ["D:\\newsflow\\models"]\n' + SOURCE_TOML, "or between ' marks"),
        (SOURCE_TOML + "[sources]\nid = 't'\n", "each of the sources is a [[sources]] table of its own"),
        ("[sources]\nid = 't'\n" + SOURCE_TOML, "each of the sources is a [[sources]] table of its own"),
    ],
)
def test_a_feeds_toml_mistake_an_admin_makes_says_what_to_write(tmp_path, text, said):
    """Admin probe (s30): a Windows path gave "Invalid hex value", a source headed [sources] beside the others
    "Cannot declare ('sources',) twice", and the line and column alone."""
    conf = tmp_path / "feeds.toml"
    conf.write_text(text, encoding="utf-8")
    result = invoke("check", "--config", conf, "--db", tmp_path / "a.db")
    assert result.exit_code == 4 and "not valid TOML" in result.output, result.output
    assert said in " ".join(result.output.split()) and "Traceback" not in result.output


def test_a_feeds_toml_saved_as_utf16_is_named_so(tmp_path):
    conf = tmp_path / "feeds.toml"
    conf.write_bytes(SOURCE_TOML.encode("utf-16"))  # (with its byte-order mark, as Notepad writes it)
    result = invoke("check", "--config", conf, "--db", tmp_path / "a.db")
    assert result.exit_code == 4 and 'saved as UTF-16 (what Notepad calls "Unicode")' in result.output
    assert "Latin-1" not in result.output
