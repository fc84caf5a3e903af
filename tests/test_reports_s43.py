"""Digests and reports as communications staff and their administrator meet them (probe, s43): recipients whose
addresses have letters beyond a-z, a digest's mistyped partner or tag."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from conftest import Inbox, free_port
from newsflow.archive import Archive
from newsflow.mail import MailSettingsError, check_address
from test_digest import invoke, sent_ids
from test_digest_outage_s35 import empty_archive, release, weekly


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    return empty_archive(tmp_path)


@pytest.fixture
def plain_smtp():
    """A mail server that offers no SMTPUTF8 (many relays): an address with "ä" before its @ cannot go through it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=False)
    controller.start()
    yield inbox, controller
    controller.stop()


def test_a_colleagues_accented_address_does_not_stop_the_digest_for_the_others(empty, plain_smtp, tmp_path):
    """ "tiina.mäkinen@…" among a digest's recipients, on a server without SMTPUTF8: smtplib refused the whole
    message, and nobody got the digest, night after night ("FAILED … retried by the next call"), with no word of
    which address. The others get it; her address is refused, named, with what to do; nothing is sent twice."""
    inbox, controller = plain_smtp
    config = weekly(tmp_path, controller.port)
    config.write_text(config.read_text().replace('"comms@example.org"', '["tiina.mäkinen@example.fi", "comms@x.org"]'))
    with Archive(empty) as archive:
        monday = release(archive, "monday", "Published on Monday", published=1, archived=1)
    result = invoke("weekly", "--db", str(empty), "--config", str(config))
    assert result.exit_code == 1, result.output  # reached only some recipients
    assert "PARTLY SENT, 1 release(s) sent to comms@x.org, but refused for tiina.mäkinen@example.fi" in result.output
    assert "SMTPUTF8" in result.output and "plain address" in result.output
    assert [rcpts for rcpts, _ in inbox.messages] == [["comms@x.org"]]
    assert sent_ids(empty, "weekly") == [monday]
    again = invoke("weekly", "--db", str(empty), "--config", str(config))
    assert again.exit_code == 0 and "nothing new" in again.output and len(inbox.messages) == 1


def test_an_accented_address_alone_is_refused_in_words(empty, plain_smtp, tmp_path):
    inbox, controller = plain_smtp
    config = weekly(tmp_path, controller.port)
    config.write_text(config.read_text().replace('"comms@example.org"', '"tiina.mäkinen@example.fi"'))
    with Archive(empty) as archive:
        release(archive, "monday", "Published on Monday", published=1, archived=1)
    result = invoke("weekly", "--db", str(empty), "--config", str(config))
    assert result.exit_code == 3 and not inbox.messages
    assert (
        "refused: tiina.mäkinen@example.fi (553 5.6.7 this mail server takes no address with letters" in result.output
    )
    assert "One or more source or delivery addresses" not in result.output  # (smtplib's words)


def test_an_address_at_a_domain_with_accents_gets_the_digest(empty, smtp, tmp_path):
    """ "comms@seinäjoki.fi" was refused as "not an e-mail address" (and with it every digest of the feeds.toml).
    Its domain goes to the server in ASCII (IDNA), as every server routes it; the command says it as typed, and the
    next call does not send it again (the server's answer found under the address as configured)."""
    inbox, controller = smtp
    config = weekly(tmp_path, controller.port)
    config.write_text(config.read_text().replace('"comms@example.org"', '["Tiina <tiina@seinäjoki.fi>", "b@x.org"]'))
    with Archive(empty) as archive:
        monday = release(archive, "monday", "Published on Monday", published=1, archived=1)
    result = invoke("weekly", "--db", str(empty), "--config", str(config))
    assert result.exit_code == 0, result.output
    assert "sent 1 release(s) to tiina@seinäjoki.fi, b@x.org" in result.output
    assert inbox.messages[0][0] == ["tiina@xn--seinjoki-3za.fi", "b@x.org"]
    assert sent_ids(empty, "weekly") == [monday]
    again = invoke("weekly", "--db", str(empty), "--config", str(config))
    assert again.exit_code == 0 and "nothing new" in again.output and len(inbox.messages) == 1


def test_an_address_at_a_domain_with_accents_is_an_address():
    assert check_address("Tiina Mäkinen <tiina@seinäjoki.fi>") == "Tiina Mäkinen <tiina@seinäjoki.fi>"
    assert check_address("tiina.mäkinen@seinäjoki.fi") == "tiina.mäkinen@seinäjoki.fi"
    with pytest.raises(MailSettingsError, match="not an e-mail address"):
        check_address("tiina@seinä..fi")


def test_a_digest_with_a_mistyped_partner_or_tag_says_which_was_meant(empty, smtp, tmp_path):
    """The nightly log said "unknown partner(s) Coompanoin; choose from: …" and, for a tag written by its name,
    "unknown tag id(s) HOPE project; choose from: coompanion, hope, seinajoki": bare ids, and nothing of which was
    meant, though `--partner` and `--tag` on the command line say it."""
    _, controller = smtp
    config = weekly(tmp_path, controller.port)
    text = config.read_text()
    for written, said in (
        ('partners = ["Coompanoin"]', "unknown partner(s) Coompanoin. Did you mean “Coompanion”?"),
        ('partners = ["City of Seinajoki"]', "Did you mean “City of Seinäjoki”? A digest names a partner as"),
        ('tags = ["HOPE project"]', "unknown tag id(s) HOPE project. Did you mean “hope”? A digest names a tag by"),
        ('tags = ["hoep"]', "Did you mean “hope”?"),
    ):
        config.write_text(text.replace('since = "7d"', f'since = "7d"\n{written}'))
        result = invoke("weekly", "--db", str(empty), "--config", str(config))
        assert result.exit_code == 4 and said in result.output, result.output
        if "tags" in written:
            assert "choose from: coompanion (Coompanion), hope (HOPE project), seinajoki" in result.output


def test_a_report_from_a_season_without_its_end_says_it_runs_to_today(tmp_path):
    """ "Every mention of HOPE this spring", asked as `--from "spring 2021"` (the help: a season is "its first day,
    as --to its last"): the report ran to today, summer and autumn counted with it, and the command said only "Wrote
    hope.html: 3 releases mentioning HOPE project". It says the period, and how to have the season alone."""
    from click.testing import CliRunner

    from newsflow.cli_reports import report
    from test_report import FI, SOURCES, TAGS, save

    db = tmp_path / "archive.db"
    with Archive(db) as archive:
        archive.sync_sources(SOURCES)
        archive.sync_tags(TAGS)
        for day in ("2021-03-05", "2021-05-31", "2021-06-01"):
            text = f"{FI} Päivä {day}."  # (one text thrice is one release)
            save(archive, day, f"HOPE {day}", [(text, "fi")], hit=(0, "HOPE"), published=f"{day}T10:00:00+03:00")
    out = str(tmp_path / "hope.html")
    runner = CliRunner()
    spring = runner.invoke(report, ["hope", "--db", str(db), "--from", "spring 2021", "-o", out])
    assert spring.exit_code == 0, spring.output
    assert "3 releases mentioning HOPE project from 1 March 2021 to " in spring.stderr
    said = "--from “spring 2021” is taken as its first day, 1 March 2021, and the report runs to today; for spring "
    assert said + "2021 alone, add --to “spring 2021”." in spring.stderr
    alone = runner.invoke(report, ["hope", "--db", str(db), "--from", "spring 2021", "--to", "spring 2021", "-o", out])
    assert alone.stderr == (
        f"Wrote {out} ({Path(out).stat().st_size:,} bytes): 2 releases mentioning HOPE project from 1 March 2021 "
        "to 31 May 2021.\n"
    )
    day = runner.invoke(report, ["hope", "--db", str(db), "--since", "1.3.2021", "--format", "csv"])
    assert day.exit_code == 0 and day.stderr == ""  # a day is where it starts: nothing to say


def test_an_address_with_a_space_in_it_is_refused_not_sent_elsewhere(empty, smtp, tmp_path):
    """ "tiina@seina joki.fi" (a space typed in the domain) was taken: the digest went to "tiina@seina", and the
    command said "sent 1 release(s) to comms@example.org", naming her nowhere. It is no address, said as such."""
    inbox, controller = smtp
    config = weekly(tmp_path, controller.port)
    config.write_text(config.read_text().replace('"comms@example.org"', '["tiina@seina joki.fi", "comms@x.org"]'))
    with Archive(empty) as archive:
        release(archive, "monday", "Published on Monday", published=1, archived=1)
    result = invoke("weekly", "--db", str(empty), "--config", str(config))
    assert result.exit_code == 4 and not inbox.messages
    assert "not an e-mail address: 'tiina@seina joki.fi' (a space in it, or nothing after the @)" in result.output
    for typed in ("comms @example.org", "Anna <anna@example .org>"):
        with pytest.raises(MailSettingsError, match="a space in it"):
            check_address(typed)
    assert check_address("anna@example.org (Anna Lindqvist)") == "anna@example.org (Anna Lindqvist)"


def test_a_sender_with_an_accented_address_is_said_in_words(empty, plain_smtp, tmp_path):
    inbox, controller = plain_smtp
    config = weekly(tmp_path, controller.port)
    config.write_text(config.read_text().replace("newsflow@example.org", "tiedotus.seinäjoki@example.org"))
    with Archive(empty) as archive:
        release(archive, "monday", "Published on Monday", published=1, archived=1)
    result = invoke("weekly", "--db", str(empty), "--config", str(config))
    assert result.exit_code == 3 and not inbox.messages
    assert "the sender address tiedotus.seinäjoki@example.org has letters beyond a-z before its @" in result.output
    assert "give [digest] from a plain address" in result.output and "One or more" not in result.output


def test_a_sender_and_contact_at_a_domain_with_accents_make_headers_in_ascii(empty, smtp, tmp_path):
    """`from` at seinäjoki.fi and `contact = "Tiedotus <tiedotus.mäkinen@seinäjoki.fi>"`: the Message-ID and the
    List-Unsubscribe header carried the domain as written, and the send stopped with a traceback (UnicodeEncodeError):
    headers are ASCII, so the domain goes by IDNA, and letters beyond a-z in a mailto: are percent-encoded."""
    inbox, controller = smtp
    config = weekly(tmp_path, controller.port)
    text = config.read_text().replace("newsflow@example.org", "newsflow@seinäjoki.fi")
    config.write_text(
        text.replace("[digest.smtp]", 'contact = "Tiedotus <tiedotus.mäkinen@seinäjoki.fi>"\n[digest.smtp]')
    )
    with Archive(empty) as archive:
        release(archive, "monday", "Published on Monday", published=1, archived=1)
    result = invoke("weekly", "--db", str(empty), "--config", str(config))
    assert result.exit_code == 0 and "sent 1 release(s) to comms@example.org" in result.output, result.output
    msg = inbox.messages[0][1]
    assert msg["List-Unsubscribe"] == "<mailto:tiedotus.m%C3%A4kinen@xn--seinjoki-3za.fi?subject=Unsubscribe%20weekly>"
    assert (
        msg["Message-ID"].endswith("@xn--seinjoki-3za.fi>") and msg["From"] == "newsflow <newsflow@xn--seinjoki-3za.fi>"
    )
    assert "write to tiedotus.mäkinen@seinäjoki.fi" in " ".join(msg.get_body(("plain",)).get_content().split())


def test_an_empty_html_report_says_so_at_its_head(tmp_path):
    """A report of a period with no mention, opened on a phone: twelve months of 0 filled the screen, and "No release
    mentions this tag in the period" stood below them all."""
    from newsflow.report import build_report
    from test_report import SOURCES, TAGS

    db = tmp_path / "archive.db"
    with Archive(db) as archive:
        archive.sync_sources(SOURCES)
        archive.sync_tags(TAGS)
        page = build_report(archive, "hope", "2019", "2019", "html").decode()
    said = "<p><strong>No release mentions HOPE project in this period.</strong></p>"
    assert said in page and page.index(said) < page.index("<h2>By month</h2>")
