"""The digest as its readers meet it (probe, s42): comms officers in Maribor, Gothenburg and Seinäjoki reading what
arrives over several days, in plain text and in a browser at desktop and phone widths."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsflow.archive import Archive
from test_digest import invoke, sent_ids
from test_digest_outage_s35 import empty_archive, release, weekly


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    return empty_archive(tmp_path)


def test_a_digest_renamed_as_one_of_its_readers_leaves_does_not_send_the_week_again(empty, smtp, tmp_path):
    """`[digest.digests.weekly]` renamed `[digest.digests.hope]` in the edit that took a colleague who left off its
    `to`: its first call under the new name started a window of its own and sent the others the week again."""
    inbox, controller = smtp
    config = weekly(tmp_path, controller.port)
    config.write_text(config.read_text().replace('"comms@example.org"', '["comms@example.org", "left@example.org"]'))
    with Archive(empty) as archive:
        monday = release(archive, "monday", "Published on Monday", published=2, archived=2)
    assert "sent 1 release(s)" in invoke("weekly", "--db", str(empty), "--config", str(config)).output
    with Archive(empty) as archive:
        today = release(archive, "today", "Published today", published=0, archived=0)
    text = config.read_text().replace("[digest.digests.weekly]", "[digest.digests.hope]")
    config.write_text(text.replace(', "left@example.org"', ""))
    renamed = invoke("hope", "--db", str(empty), "--config", str(config))
    assert renamed.exit_code == 0 and "digest hope: sent 1 release(s)" in renamed.output, renamed.output
    plain = inbox.messages[-1][1].get_body(("plain",)).get_content()
    assert "Published today" in plain and "Published on Monday" not in plain
    assert sent_ids(empty, "hope") == [monday, today]
