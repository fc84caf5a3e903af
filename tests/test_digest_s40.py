"""Probe of the digest as communications staff and its administrator meet it (s40): what the mail server refuses
says what to change, two cron lines at one minute both send, and the days a window starts on are the server's."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

import newsflow.digest as digest_module
from conftest import Inbox, free_port
from newsflow.archive import Archive
from newsflow.digest import DigestSpec, collect_digest, digest_lock, render_digest_html, render_digest_text
from test_digest import add_article, invoke, sent_ids
from test_digest_outage_s35 import empty_archive, release, weekly


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    return empty_archive(tmp_path)


class Answering(Inbox):
    """A server that answers MAIL FROM with ``answer`` (a login wanted, encryption wanted, a sender refused)."""

    answer = ""

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.answer:
            return self.answer
        envelope.mail_from = address
        return "250 OK"


@pytest.mark.parametrize(
    "answer, user, said",
    [
        (
            "530 5.7.0 Authentication required",
            "",
            "530 5.7.0 Authentication required: it wants a login; set NEWSFLOW_SMTP_USER and NEWSFLOW_SMTP_PASSWORD",
        ),
        (
            "530 5.7.0 Must issue a STARTTLS command first",
            "",
            'it wants encryption first; set security = "starttls" in [digest.smtp]',
        ),
        (
            "553 5.7.1 <newsflow@example.org>: Sender address rejected: not owned by user",
            "",
            "the sender address newsflow@example.org was refused; set from in [digest] of feeds.toml",
        ),
        (
            "",
            "comms",  # a login, for a server that offers none (a relay on port 25)
            "the server offers no login (AUTH), and NEWSFLOW_SMTP_USER is set: for a relay that needs no login, leave "
            "NEWSFLOW_SMTP_USER unset",
        ),
    ],
)
def test_what_the_mail_server_refuses_says_what_to_change_and_nothing_counts_as_sent(
    empty, tmp_path, monkeypatch, answer, user, said
):
    """The server's code alone ("the server answered 530 5.7.0 Authentication required", "SMTP AUTH extension not
    supported by server.") said nothing of the login, the encryption or the sender address to set."""
    inbox = Answering()
    inbox.answer = answer
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        monkeypatch.setenv("NEWSFLOW_SMTP_URL", "")
        monkeypatch.setenv("NEWSFLOW_SMTP_USER", user)
        monkeypatch.setenv("NEWSFLOW_SMTP_PASSWORD", "secret" if user else "")
        config = weekly(tmp_path, controller.port)
        with Archive(empty) as archive:
            release(archive, "monday", "Published on Monday", published=2, archived=2)
        result = invoke("weekly", "--db", str(empty), "--config", str(config))
        out = " ".join(result.output.split())
        assert result.exit_code == 3, out
        assert "digest weekly: FAILED, 1 release(s) kept for the next call" in out and said in out, out
        assert "secret" not in out and "Traceback" not in out
        assert inbox.messages == [] and sent_ids(empty, "weekly") == []
    finally:
        controller.stop()


SRC = Path(__file__).resolve().parent.parent / "src"


def test_two_digests_called_at_the_same_minute_are_both_sent(empty, smtp, tmp_path):
    """Two cron lines at 07:00 (a daily digest and, on Mondays, a weekly one): the second found the first one's lock,
    exited 75 and its digest came a week late. It waits for the first to finish, says so, then sends."""
    inbox, controller = smtp
    config = weekly(tmp_path, controller.port)
    with Archive(empty) as archive:
        monday = release(archive, "monday", "Published on Monday", published=2, archived=2)
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "NEWSFLOW_SMTP_URL": "",
    }
    with digest_lock(str(empty)):  # the daily digest is sending
        child = subprocess.Popen(
            [sys.executable, "-m", "newsflow", "digest", "weekly", "--db", str(empty), "--config", str(config)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stderr is not None
        said = child.stderr.readline()  # (said once it finds the lock held)
        assert "another newsflow digest is sending" in said and "waiting for it to finish" in said, said
        assert child.poll() is None and inbox.messages == []  # it waits, sending nothing yet
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, out + err
    assert "digest weekly: sent 1 release(s) to comms@example.org" in out, out + err
    assert len(inbox.messages) == 1 and sent_ids(empty, "weekly") == [monday]


def test_a_digest_that_waited_too_long_for_another_exits_75_and_sends_nothing(empty, smtp, tmp_path, monkeypatch):
    inbox, controller = smtp
    monkeypatch.setattr(digest_module, "LOCK_WAIT", 0.3)
    monkeypatch.setattr(digest_module, "LOCK_POLL", 0.05)
    config = weekly(tmp_path, controller.port)
    with Archive(empty) as archive:
        release(archive, "monday", "Published on Monday", published=2, archived=2)
    with digest_lock(str(empty)):  # another digest hangs on its mail server
        busy = invoke("weekly", "--db", str(empty), "--config", str(config))
    assert busy.exit_code == 75, busy.output
    assert "waiting for it to finish" in busy.output and "for 0.005 minutes; not starting" in busy.output
    assert inbox.messages == [] and sent_ids(empty, "weekly") == []


@pytest.fixture
def helsinki(monkeypatch):
    """The server's clock in Helsinki (UTC+2 in winter), as the project's is."""
    monkeypatch.setenv("TZ", "Europe/Helsinki")
    time.tzset()
    yield
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def test_a_window_from_a_day_starts_at_that_days_midnight_where_the_server_is(empty, helsinki):
    """`since = "2026-12-04"` (or `--since 4.12.2026`): the nightly run at 01:00 in Helsinki archives at 23:00 UTC on
    3 December, and what it archived without a date (or from a newsroom's backlog) was never in the digest: its
    window began at midnight UTC, two hours after the day began in Helsinki."""
    with Archive(empty) as archive:
        undated = add_article(archive, "undated", "A notice with no date", published="")
        backlog = add_article(archive, "backlog", "From a backlog", published="2026-10-01T10:00:00+03:00")
        before = add_article(archive, "before", "Archived on the evening before", published="")
        with archive.transaction():
            for article_id, moment in ((undated, "2026-12-03T23:00:00+00:00"), (backlog, "2026-12-03T23:00:05+00:00")):
                archive.db.execute("update articles set first_seen = ? where id = ?", [moment, article_id])
            # 23:30 in Helsinki on 3 December: before the window.
            archive.db.execute("update articles set first_seen = '2026-12-03T21:30:00+00:00' where id = ?", [before])
        now = datetime(2026, 12, 4, 7, 0, tzinfo=UTC)
        for since in ("2026-12-04", "4.12.2026"):
            d = collect_digest(archive.db.conn, DigestSpec(name="w", since=since), now=now)
            assert sorted(item.id for item in d.items) == [undated, backlog], since
            d = collect_digest(archive.db.conn, DigestSpec(name="w"), since=since, now=now)  # as --since gives it
            assert sorted(item.id for item in d.items) == [undated, backlog], since
    text = " ".join(render_digest_text(d).split())
    assert "2 new releases since 4 December 2026." in text, text
    assert "published 1 October 2026, archived 4 December 2026" in text


class Refusing(Inbox):
    """A server that refuses some recipients with its own answers."""

    answers: dict[str, str] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.answers:
            return self.answers[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.mark.parametrize(
    "answer, said",
    [
        ("550 5.1.1 <comms@example.org>: no such mailbox", "check the address(es) in the digest's to in feeds.toml"),
        ("451 4.7.1 Greylisted, try again later", "a temporary refusal: the next call tries again"),
    ],
)
def test_a_digest_whose_every_recipient_is_refused_says_what_to_do_and_keeps_its_releases(
    empty, tmp_path, monkeypatch, answer, said
):
    inbox = Refusing()
    inbox.answers = {"comms@example.org": answer}
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        monkeypatch.setenv("NEWSFLOW_SMTP_URL", "")
        config = weekly(tmp_path, controller.port)
        with Archive(empty) as archive:
            release(archive, "monday", "Published on Monday", published=2, archived=2)
        result = invoke("weekly", "--db", str(empty), "--config", str(config))
        out = " ".join(result.output.split())
        assert result.exit_code == 3 and "FAILED, 1 release(s) kept for the next call" in out, out
        assert f"every recipient was refused: comms@example.org ({answer}); {said}" in out, out
        assert inbox.messages == [] and sent_ids(empty, "weekly") == []
        # One of two greylisted: sent to the other, counted as sent, not taken for an address to correct, and kept
        # for the one greylisted (tests/test_digest2_s40.py).
        inbox.answers = {"derry@example.org": "450 4.2.0 <derry@example.org>: Recipient address rejected: Greylisted"}
        config.write_text(
            config.read_text().replace('"comms@example.org"', '["comms@example.org", "derry@example.org"]')
        )
        partly = invoke("weekly", "--db", str(empty), "--config", str(config))
        out = " ".join(partly.output.split())
        assert partly.exit_code == 1 and "PARTLY SENT" in out, out
        assert "refused for now for derry@example.org (450 4.2.0" in out, out
        assert "Greylisted): the address may well be right: what it missed is kept for it and sent with the" in out
        assert len(inbox.messages) == 1 and len(sent_ids(empty, "weekly")) == 1
    finally:
        controller.stop()


def test_a_digest_searching_for_a_tags_name_says_the_tag_sends_only_what_is_about_it(empty):
    """`queries = ["HOPE"]` for the HOPE digest: the search finds "we hope" too, and the Derry office's invitation
    went to the HOPE project's readers as HOPE news; nothing said so, as `newsflow search` does."""
    with Archive(empty) as archive:
        release(archive, "hope", "HOPE project meets in Maribor", published=1, archived=1)
        release(
            archive, "invite", "Christmas market", published=1, archived=1, tags=(),
            text="We hope to see you all at the Christmas market on Guildhall Square this Saturday.",
        )  # fmt: skip
    result = invoke("--db", str(empty), "--query", "HOPE", "--dry-run")
    out = " ".join(result.output.split())
    assert result.exit_code == 0 and "Christmas market" in out and "HOPE project meets in Maribor" in out, out
    assert (
        "this digest: the search “HOPE” finds the word wherever it is written, in other senses too, and sends those "
        "releases as well; for the releases tagged HOPE project only, give the tag instead: "
        'tags = ["hope"] in feeds.toml, or --tag hope'
    ) in out, out
    # A digest of feeds.toml searching so is told by `newsflow check`, once: not in the cron mail of every call.
    config = empty.parent / "feeds.toml"
    config.write_text('[digest.digests.hope]\nqueries = ["HOPE"]\nsince = "7d"\n', encoding="utf-8")
    nightly = invoke("hope", "--db", str(empty), "--config", str(config), "--format", "markdown")
    assert nightly.exit_code == 0 and "Christmas market" in nightly.output, nightly.output
    assert "other senses" not in nightly.output, nightly.output
    tagged = " ".join(invoke("--db", str(empty), "--tag", "hope", "--dry-run").output.split())
    assert (
        "HOPE project meets in Maribor" in tagged and "Christmas market" not in tagged and "other senses" not in tagged
    )


def test_implicit_tls_against_a_server_that_starts_in_plain_text_says_to_use_starttls(empty, smtp, tmp_path):
    """`security = "tls"` on a submission port: "TLS failed (WRONG_VERSION_NUMBER); for a private certificate set
    cafile", which would change nothing."""
    inbox, controller = smtp
    config = weekly(tmp_path, controller.port)
    config.write_text(config.read_text().replace('security = "none"', 'security = "tls"'), encoding="utf-8")
    with Archive(empty) as archive:
        release(archive, "monday", "Published on Monday", published=2, archived=2)
    result = invoke("weekly", "--db", str(empty), "--config", str(config), env={"NEWSFLOW_SMTP_URL": ""})
    out = " ".join(result.output.split())
    assert result.exit_code == 3 and "FAILED, 1 release(s) kept for the next call" in out, out
    said = f'the server does not speak TLS from its first byte on port {controller.port}: set security = "starttls"'
    assert said in out and "cafile" not in out, out
    assert inbox.messages == [] and sent_ids(empty, "weekly") == []


def test_a_headline_written_right_to_left_keeps_its_direction_in_the_mail(empty):
    """A headline in Hebrew with a name and a year in it ("HOPE 2026!"), in the left-to-right mail: without its own
    direction its "!" and words came out of order and ran into the partner and date after it."""
    title = "שיתוף פעולה חדש עם HOPE 2026!"
    with Archive(empty) as archive:
        release(
            archive, "he", title, published=1, archived=1, language="he",
            text="שיתוף פעולה חדש בין ערים באירופה. 🎉 " * 3,
        )  # fmt: skip
        d = collect_digest(archive.db.conn, DigestSpec(name="w", since="7d"))
    page = render_digest_html(d)
    assert f'lang="he" dir="auto"><a href="https://news.example.org/he" style="color:#0b57a4">{title}</a>' in page
    assert '<div style="margin:4px 0" lang="he" dir="auto">שיתוף פעולה חדש בין ערים באירופה. 🎉' in page
    assert page.count('dir="auto"') == 2  # (not the mail's own words, nor a headline in a language written left)
    many = render_digest_html(replace(d, groups=(("HOPE project", d.items[0:1] * 400),)))  # (past HTML_BUDGET)
    assert "headline only" in many and '<span lang="he" dir="auto"><a href="https://news.example.org/he"' in many


def test_a_digest_renamed_in_feeds_toml_does_not_send_the_week_again(empty, smtp, tmp_path):
    """`[digest.digests.weekly]` renamed `[digest.digests.hope]`, the same tags and people: the new name started a
    window of its own, `since = "7d"` back, and sent the releases of that week a second time."""
    inbox, controller = smtp
    config = weekly(tmp_path, controller.port)
    with Archive(empty) as archive:
        monday = release(archive, "monday", "Published on Monday", published=2, archived=2)
    assert "sent 1 release(s)" in invoke("weekly", "--db", str(empty), "--config", str(config)).output
    with Archive(empty) as archive:
        today = release(archive, "today", "Published today", published=0, archived=0)
    config.write_text(config.read_text().replace("[digest.digests.weekly]", "[digest.digests.hope]"))
    renamed = invoke("hope", "--db", str(empty), "--config", str(config))
    assert renamed.exit_code == 0 and "digest hope: sent 1 release(s)" in renamed.output, renamed.output
    plain = inbox.messages[-1][1].get_body(("plain",)).get_content()
    assert "Published today" in plain and "Published on Monday" not in plain
    assert "1 new release since the last digest" in " ".join(plain.split())
    assert sent_ids(empty, "hope") == [monday, today]  # (what the old name sent is this one's now)
    assert "nothing new" in invoke("hope", "--db", str(empty), "--config", str(config)).output
    # Another digest of the same releases for other people is a digest of its own: it has sent them nothing.
    config.write_text(config.read_text() + '\n[digest.digests.derry]\nto = "derry@example.org"\nsince = "7d"\n')
    other = invoke("derry", "--db", str(empty), "--config", str(config))
    assert "digest derry: sent 2 release(s)" in other.output, other.output
    assert len(inbox.messages) == 3
    # Review: so is one of the same selection for the same people and one more, while the first stays configured: it
    # took over the other's sent releases, and its new recipient never had them.
    team = config.read_text().split("[digest.digests.hope]")[1].split("\n[digest.digests.derry]")[0]
    more = team.replace('"comms@example.org"', '["comms@example.org", "new.colleague@example.org"]')
    assert more != team, team
    config.write_text(config.read_text() + "\n[digest.digests.team]" + more)
    beside = invoke("team", "--db", str(empty), "--config", str(config))
    assert "digest team: sent 2 release(s)" in beside.output, beside.output


@pytest.mark.parametrize(
    "greeting, said",
    [
        (b"220 mail.example.org ESMTP\r\n", "the server stopped answering for 1 s in the middle of the conversation"),
        (
            b"",
            "connected, but the server said nothing for 1 s (a port for TLS from the first byte, as 465 is, wants "
            'security = "tls"',
        ),
    ],
)
def test_a_server_that_stops_answering_is_said_so_not_closed(empty, tmp_path, greeting, said):
    """A server that greets, then says nothing more (a filter scanning the message), or one that says nothing at all
    (port 465, waiting for TLS): "the server closed the connection (Connection unexpectedly closed: timed out)", when
    it was newsflow that gave up waiting."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    held: list[socket.socket] = []

    def greet_then_hang() -> None:
        conn, _ = listener.accept()
        held.append(conn)
        conn.sendall(greeting)  # then nothing: EHLO (or the greeting itself) never comes

    thread = threading.Thread(target=greet_then_hang, daemon=True)
    thread.start()
    try:
        config = weekly(tmp_path, port)
        config.write_text(config.read_text().replace('security = "none"', 'security = "none"\ntimeout = 1'))
        with Archive(empty) as archive:
            release(archive, "monday", "Published on Monday", published=2, archived=2)
        result = invoke("weekly", "--db", str(empty), "--config", str(config), env={"NEWSFLOW_SMTP_URL": ""})
        out = " ".join(result.output.split())
        assert result.exit_code == 3 and "FAILED, 1 release(s) kept for the next call" in out, out
        assert said in out, out
        assert "closed the connection" not in out and sent_ids(empty, "weekly") == []
    finally:
        thread.join(timeout=10)
        for conn in held:
            conn.close()
        listener.close()
