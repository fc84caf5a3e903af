"""A recipient whose mail server refuses a digest for now (4xx: greylisting, a full mailbox) while it accepts the
others gets what it missed with the next call, once, and the others get nothing twice (s40: it was counted as sent
for everyone, and never reached that recipient; "nothing lost")."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from conftest import Inbox, free_port
from newsflow.archive import Archive
from newsflow.cli import cli
from newsflow.digest import KEEP_REFUSED_DAYS, digest_health
from test_digest import invoke, sent_ids
from test_digest_outage_s35 import empty_archive, release, weekly

TITLES = ("Release alpha", "Release bravo", "Release charlie", "Release delta", "Release echo")


class Greylisting(Inbox):
    """A server that refuses some recipients for now (451) the first ``times`` times it is asked for each, then
    accepts them; and refuses ``for_good`` ones with 550."""

    greylisted: dict[str, int] = {}
    for_good: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.for_good:
            return "550 5.1.1 no such mailbox"
        if self.greylisted.get(address, 0) > 0:
            self.greylisted[address] -= 1
            return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def server(monkeypatch):
    inbox = Greylisting()
    inbox.greylisted, inbox.for_good = {}, set()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setenv("NEWSFLOW_SMTP_URL", "")
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


def config_for(tmp_path: Path, port: int, to: list[str], max_items: int = 200) -> Path:
    config = weekly(tmp_path, port)
    text = config.read_text().replace('to = "comms@example.org"', f"to = {json.dumps(to)}\nmax_items = {max_items}")
    config.write_text(text)
    return config


def received(inbox: Inbox) -> dict[str, Counter[str]]:
    """Per recipient, how many times each release's headline reached it."""
    got: dict[str, Counter[str]] = {}
    for rcpts, msg in inbox.messages:
        plain = msg.get_body(("plain",)).get_content()
        for r in rcpts:
            got.setdefault(r, Counter()).update(t for t in TITLES if t in plain)
    return got


def in_tables_readers_see(path: Path, text: str) -> list[str]:
    """The tables the reading room shows that hold ``text`` anywhere."""
    from newsflow.browse import PRIVATE_TABLES

    with Archive(path) as archive:
        conn = archive.db.conn
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
        return [
            t
            for t in tables
            if t.lower() not in PRIVATE_TABLES
            and not t.startswith(("articles_search_", "sqlite_"))
            and any(text in str(v) for row in conn.execute(f'select * from "{t}"') for v in row)
        ]


def status_text(path: Path) -> str:
    return " ".join(CliRunner().invoke(cli, ["status", "--db", str(path)]).output.split())


def test_a_recipient_greylisted_once_gets_what_it_missed_with_the_next_call_and_nobody_gets_anything_twice(
    tmp_path, server
):
    inbox, port = server
    path = empty_archive(tmp_path)
    config = config_for(tmp_path, port, ["comms@example.org", "Derry Office <derry@example.org>"])
    with Archive(path) as archive:
        for slug, title in zip(("a", "b"), TITLES[:2], strict=True):
            release(archive, slug, title, published=2, archived=2)
    inbox.greylisted = {"derry@example.org": 1}
    first = invoke("weekly", "--db", str(path), "--config", str(config))
    out = " ".join(first.output.split())
    assert first.exit_code == 1 and "PARTLY SENT" in out, out
    assert "refused for now for derry@example.org (451 4.7.1 Greylisted, try again later)" in out, out
    assert f"what it missed is kept for it and sent with the next call, for up to {KEEP_REFUSED_DAYS} days" in out
    assert received(inbox) == {"comms@example.org": Counter(TITLES[:2])}
    with Archive(path) as archive:
        (health,) = digest_health(archive)
    assert health["kept"] == {"derry@example.org": 2} and not health["refused"] and health["failing"]
    assert health["refused_for_now"] and health["kept_since"]
    said = status_text(path)
    assert "ADDRESS REFUSED" not in said and "kept for it and sent with the next call" in said, said
    assert "weekly: REFUSED FOR NOW (derry@example.org: 2 release(s) kept)" in said, said  # not "FAILING (0 failed…"
    codes = [
        w["code"]
        for w in json.loads(CliRunner().invoke(cli, ["status", "--db", str(path), "--json"]).output)["warnings"]
    ]
    assert "DIGEST_REFUSED_FOR_NOW" in codes and "DIGEST_FAILING" not in codes, codes
    assert not in_tables_readers_see(path, "derry@example.org")  # (kept in the reading room's private tables)
    # The next call: what is new to both, and to the one greylisted what it missed too, in the same mail.
    with Archive(path) as archive:
        release(archive, "c", TITLES[2], published=0, archived=0)
    second = invoke("weekly", "--db", str(path), "--config", str(config))
    said = "digest weekly: sent 1 release(s) to comms@example.org, derry@example.org (and 2 it missed before)"
    assert second.exit_code == 0 and said in second.output, second.output
    assert len(inbox.messages) == 3  # one each: comms the new release, Derry all three
    derry = next(msg for rcpts, msg in inbox.messages if rcpts == ["derry@example.org"])
    plain = " ".join(derry.get_body(("plain",)).get_content().split())
    assert "2 releases that did not reach you on" in plain and "are sent again here" in plain, plain
    assert derry["To"] == "Derry Office <derry@example.org>"
    assert received(inbox) == {"comms@example.org": Counter(TITLES[:3]), "derry@example.org": Counter(TITLES[:3])}
    with Archive(path) as archive:
        (health,) = digest_health(archive)
    assert health["kept"] == {} and not health["failing"] and not health["refused"] and health["last_error"] == ""
    assert not health["refused_for_now"]
    assert "weekly: ok" in status_text(path)
    third = invoke("weekly", "--db", str(path), "--config", str(config))
    assert third.exit_code == 0 and "nothing new" in third.output and len(inbox.messages) == 3
    assert len(sent_ids(path, "weekly")) == 3


def _refused_for_now(tmp_path: Path, server, times: int) -> tuple:
    """One release, sent by `weekly` to comms while derry's server refused it for now (451) ``times`` times."""
    inbox, port = server
    path = empty_archive(tmp_path)
    config = config_for(tmp_path, port, ["comms@example.org", "derry@example.org"])
    with Archive(path) as archive:
        release(archive, "a", TITLES[0], published=1, archived=1)
    inbox.greylisted = {"derry@example.org": times}
    assert invoke("weekly", "--db", str(path), "--config", str(config)).exit_code == 1  # (PARTLY SENT)
    return inbox, path, config


def test_what_was_kept_goes_alone_when_nothing_is_new_and_stays_kept_while_the_server_refuses(tmp_path, server):
    inbox, path, config = _refused_for_now(tmp_path, server, 2)
    # Nothing new, and Derry's server refuses again: nothing sent, kept, said as a failure retried.
    again = invoke("weekly", "--db", str(path), "--config", str(config))
    out = " ".join(again.output.split())
    assert again.exit_code == 3 and "every recipient was refused: derry@example.org (451" in out, out
    assert received(inbox) == {"comms@example.org": Counter(TITLES[:1])}
    with Archive(path) as archive:
        assert digest_health(archive)[0]["kept"] == {"derry@example.org": 1}
    third = invoke("weekly", "--db", str(path), "--config", str(config))
    said = "sent 1 release(s) to derry@example.org (what it missed before)"
    assert third.exit_code == 0 and said in third.output, third.output
    assert [rcpts for rcpts, _ in inbox.messages] == [["comms@example.org"], ["derry@example.org"]]
    assert received(inbox) == {"comms@example.org": Counter(TITLES[:1]), "derry@example.org": Counter(TITLES[:1])}
    assert "nothing new" in invoke("weekly", "--db", str(path), "--config", str(config)).output


def test_max_items_leaves_over_for_each_recipient_what_its_own_mail_could_not_hold(tmp_path, server):
    inbox, port = server
    path = empty_archive(tmp_path)
    config = config_for(tmp_path, port, ["comms@example.org", "derry@example.org"], max_items=2)
    with Archive(path) as archive:
        for days, slug, title in ((4, "a", TITLES[0]), (3, "b", TITLES[1])):
            release(archive, slug, title, published=days, archived=days)
    inbox.greylisted = {"derry@example.org": 1}
    assert invoke("weekly", "--db", str(path), "--config", str(config)).exit_code == 1
    with Archive(path) as archive:
        for days, slug, title in ((2, "c", TITLES[2]), (1, "d", TITLES[3])):
            release(archive, slug, title, published=days, archived=days)
    # comms gets the two new ones; Derry's mail holds two, the oldest: the two it missed; the new ones wait for it.
    assert invoke("weekly", "--db", str(path), "--config", str(config)).exit_code == 0
    assert received(inbox)["derry@example.org"] == Counter(TITLES[:2])
    third = invoke("weekly", "--db", str(path), "--config", str(config))
    assert third.exit_code == 0, third.output
    expected = Counter(TITLES[:4])
    assert received(inbox) == {"comms@example.org": expected, "derry@example.org": expected}


def test_a_recipient_taken_out_of_to_is_kept_nothing_and_one_refused_for_good_nothing_new(tmp_path, server):
    inbox, port = server
    path = empty_archive(tmp_path)
    to = ["comms@example.org", "derry@example.org", "gone@example.org"]
    config = config_for(tmp_path, port, to)
    with Archive(path) as archive:
        release(archive, "a", TITLES[0], published=1, archived=1)
    inbox.greylisted, inbox.for_good = {"derry@example.org": 1}, {"gone@example.org"}
    first = invoke("weekly", "--db", str(path), "--config", str(config))
    out = " ".join(first.output.split())
    assert "refused for gone@example.org (550 5.1.1 no such mailbox)" in out, out
    assert "refused for now for derry@example.org (451" in out, out
    with Archive(path) as archive:
        (health,) = digest_health(archive)
    assert health["kept"] == {"derry@example.org": 1} and health["refused"]  # an address to correct: said so
    assert "weekly: ADDRESS REFUSED" in status_text(path)
    config = config_for(tmp_path, port, ["comms@example.org", "gone@example.org"])  # Derry taken out
    assert "nothing new" in invoke("weekly", "--db", str(path), "--config", str(config)).output
    with Archive(path) as archive:
        assert digest_health(archive)[0]["kept"] == {}
    assert received(inbox) == {"comms@example.org": Counter(TITLES[:1])}


def test_a_digest_gives_up_on_what_a_server_refused_for_now_for_too_many_days_and_says_so(tmp_path, server, caplog):
    inbox, path, config = _refused_for_now(tmp_path, server, 1)
    with Archive(path) as archive, archive.transaction():  # as if refused for now KEEP_REFUSED_DAYS and a day ago
        archive.db.execute(
            """update digest_items set kept = json_set(kept, '$."derry@example.org"[0]', '2000-01-01T00:00:00+00:00')
               where kept is not null"""
        )
    with caplog.at_level(logging.WARNING, logger="newsflow"):
        later = invoke("weekly", "--db", str(path), "--config", str(config))
    assert later.exit_code == 0 and "nothing new" in later.output, later.output
    said = [r.getMessage() for r in caplog.records if "given up" in r.getMessage()]
    assert said and f"refused for now at every call for {KEEP_REFUSED_DAYS} days, so given up" in said[0], said
    assert (
        "derry@example.org: 1 release(s) refused for now since 1 January 2000 (the server's last answer: 451 4.7.1"
        in said[0]
    )
    assert received(inbox) == {"comms@example.org": Counter(TITLES[:1])}  # not sent to Derry after all
    with Archive(path) as archive:
        (health,) = digest_health(archive)
    assert health["kept"] == {} and health["refused"] and "so given up" in health["last_error"]
    assert "weekly: ADDRESS REFUSED" in status_text(path)
    # A later release reaches both; the refusal is then over.
    with Archive(path) as archive:
        release(archive, "b", TITLES[1], published=0, archived=0)
    assert invoke("weekly", "--db", str(path), "--config", str(config)).exit_code == 0
    assert received(inbox)["derry@example.org"] == Counter(TITLES[1:2])
    assert "weekly: ok" in status_text(path)


def test_a_digest_renamed_while_it_keeps_releases_for_a_recipient_sends_them_under_its_new_name(tmp_path, server):
    """Review s40: `weekly` kept a release for derry (451), then feeds.toml renamed it `hope`: hope's first call sent
    derry only what was new, and status went on saying weekly would send it "with the next call", which never came."""
    inbox, path, config = _refused_for_now(tmp_path, server, 1)
    config.write_text(config.read_text().replace("[digest.digests.weekly]", "[digest.digests.hope]"), encoding="utf-8")
    with Archive(path) as archive:
        release(archive, "b", TITLES[1], published=0, archived=0)
    renamed = invoke("hope", "--db", str(path), "--config", str(config))
    assert renamed.exit_code == 0, renamed.output
    assert received(inbox) == {
        "comms@example.org": Counter(TITLES[:2]),
        "derry@example.org": Counter(TITLES[:2]),
    }
    with Archive(path) as archive:
        assert {h["name"]: h["kept"] for h in digest_health(archive)} == {"weekly": {}, "hope": {}}
    assert "REFUSED FOR NOW" not in status_text(path)


def test_a_dry_run_shows_what_a_recipient_refused_for_now_would_get_again_and_that_the_others_get_nothing(
    tmp_path, server
):
    inbox, path, config = _refused_for_now(tmp_path, server, 1)
    # Nothing new: the call would send Derry the release it missed, and the others nothing (s41: the dry run showed
    # "Nothing new" addressed to both, and the kept release went out unseen).
    dry = invoke("weekly", "--db", str(path), "--config", str(config), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "To: derry@example.org\n" in dry.output and "To: comms@example.org" not in dry.output, dry.output
    assert TITLES[0] in dry.output and "did not reach you on" in " ".join(dry.output.split()), dry.output
    with Archive(path) as archive:
        release(archive, "c", TITLES[2], published=0, archived=0)
    dry = invoke("weekly", "--db", str(path), "--config", str(config), "--dry-run")
    comms, derry = dry.output.split("To: derry@example.org\n")
    assert comms.startswith("To: comms@example.org\n") and TITLES[2] in comms and TITLES[0] not in comms, comms
    assert TITLES[2] in derry and TITLES[0] in derry, derry
    assert len(inbox.messages) == 1  # (the first call's, to comms: a dry run sends nothing)
    # ... and remembers nothing: the call sends each what the dry run showed.
    assert invoke("weekly", "--db", str(path), "--config", str(config)).exit_code == 0
    assert received(inbox) == {"comms@example.org": Counter(TITLES[:3:2]), "derry@example.org": Counter(TITLES[:3:2])}


def test_a_digest_beside_another_programs_write_transaction_waits_then_exits_75_and_sends_nothing(
    tmp_path, server, monkeypatch
):
    """Another program writing the archive (an sqlite3 shell left in BEGIN IMMEDIATE, a long VACUUM): the digest
    reported FAILED "the archive was busy" after 30 s, exit 3 (s41). It waits, then exits 75 (try again later) as
    the nightly run does, having sent nothing; a dry run reads beside it; and the next call sends as ever."""
    from newsflow import cli_common
    from newsflow.cli_common import EXIT_RUNNING

    inbox, port = server
    path = empty_archive(tmp_path)
    config = config_for(tmp_path, port, ["comms@example.org"])
    with Archive(path) as archive:
        release(archive, "a", TITLES[0], published=1, archived=1)
    monkeypatch.setattr(cli_common, "WRITER_WAIT", 0.3)
    shell = sqlite3.connect(path, isolation_level=None)
    shell.execute("BEGIN IMMEDIATE")
    try:
        held = invoke("weekly", "--db", str(path), "--config", str(config))
        dry = invoke("weekly", "--db", str(path), "--config", str(config), "--dry-run")
    finally:
        shell.execute("ROLLBACK")
        shell.close()
    said = " ".join(held.output.split())
    assert held.exit_code == EXIT_RUNNING, said
    assert "another program has held" in said and "try again later" in said and "FAILED" not in said, said
    assert not inbox.messages
    assert dry.exit_code == 0 and TITLES[0] in dry.output, dry.output
    assert invoke("weekly", "--db", str(path), "--config", str(config)).exit_code == 0
    assert received(inbox) == {"comms@example.org": Counter(TITLES[:1])}
