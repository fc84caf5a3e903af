"""Review of session 43's digests, reports and status (review1, s43)."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from conftest import Inbox, free_port
from newsflow.archive import Archive
from test_digest import invoke
from test_digest_outage_s35 import empty_archive, release, weekly


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    return empty_archive(tmp_path)


@pytest.fixture
def plain_smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=False)
    controller.start()
    yield inbox, controller
    controller.stop()


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
