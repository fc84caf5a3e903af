"""Review of session 43's digests, reports and status (review1, s43)."""

# ruff: noqa: F811  (the fixtures `empty` and `plain_smtp` come from test_reports_s43, by name)

from __future__ import annotations

import pytest
from click.testing import CliRunner

from newsflow.archive import Archive
from newsflow.cli import cli
from test_digest import invoke
from test_digest_outage_s35 import release, weekly
from test_reports_s43 import empty, plain_smtp  # noqa: F401  (fixtures, by name)


def test_an_accented_address_refused_with_the_others_refused_by_the_server_is_named(empty, plain_smtp, tmp_path):
    inbox, controller = plain_smtp
    inbox.refuse = {"gone@x.org"}
    config = weekly(tmp_path, controller.port)
    config.write_text(config.read_text().replace('"comms@example.org"', '["tiina.mäkinen@example.fi", "gone@x.org"]'))
    with Archive(empty) as archive:
        release(archive, "monday", "Published on Monday", published=1, archived=1)
    result = invoke("weekly", "--db", str(empty), "--config", str(config))
    print(result.output)
    assert result.exit_code == 3 and not inbox.messages
    assert "tiina.mäkinen@example.fi (553" in result.output
    assert "gone@x.org (550" in result.output


def test_a_failing_sources_new_address_is_not_said_to_have_failed_since_the_old_ones_failures(server, tmp_path):
    """A source failing for weeks at its old address, its url mended in feeds.toml (its count of failures starts
    again): a second failure at the new address said "2 runs in a row, since <the old address's first failure>"
    and "over 7 days now: ... tell the partner their newsroom is down". Since when is the first of the N runs."""
    from test_cron_s43 import _night  # (in this process: a --quiet, --force run's rows)

    server.add("/old", "no", status=500)
    server.add("/new", "no", status=503)
    conf, db = tmp_path / "feeds.toml", tmp_path / "archive.db"
    source = '[settings]\nmin_delay = 0\ntimeout = 5\n\n[[sources]]\nid = "broken"\nkind = "feed"\nurl = "{}"\n'
    conf.write_text(source.format(server.url("/old")))
    for _ in (1, 2):
        _night(conf, db)
    with Archive(db) as archive:  # (as if the old address had failed since October)
        archive.db.execute("update failures set at = '2026-10-01T01:00:00+00:00' where url like '%/old'")
        archive.db.conn.commit()
    conf.write_text(source.format(server.url("/new")))
    _night(conf, db)
    row = _night(conf, db)["broken"]
    assert "2 runs in a row, since" in row and "October" not in row and "2026-10" not in row, row
    assert "over 7 days" not in row and "usually passes" in row, row
    status = CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    said = next(line for line in status.splitlines() if "FAILING" in line)
    assert "2 in a row, since" in said and "2026-10" not in said and "over 7 days" not in said, said


def test_an_address_whose_name_or_comment_holds_angle_brackets_is_an_address():
    """The space check read the address within the first "<" of the text: a name in quotes or a comment holding one
    ('"Comms <Seinäjoki>" <comms@x.fi>') was refused as "a space in it", a digest of a right address failing."""
    from newsflow.mail import MailSettingsError, check_address

    for typed in (
        '"Comms <Seinäjoki>" <comms@x.fi>',
        "comms@x.fi (the <comms> team)",
        '"a (b" <comms@x.fi>',
        "c@x.fi (a (b) c)",
    ):
        assert check_address(typed) == typed
    for typed in ("Anna <anna@example .org>", '"Anna <x>" <anna@example .org>', "c @x.fi (the <comms>)"):
        with pytest.raises(MailSettingsError, match="a space in it|two addresses"):
            check_address(typed)
