"""The digest as its readers meet it (probe, s42): comms officers in Maribor, Gothenburg and Seinäjoki reading what
arrives over several days, in plain text and in a browser at desktop and phone widths."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsflow.archive import Archive
from newsflow.models import Article, Paragraph
from test_digest import add_article, invoke, sent_ids
from test_digest_outage_s35 import ago, empty_archive, release, weekly


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


def test_a_week_of_150_releases_shows_20_in_full_the_rest_by_headline_and_links_them_all(empty, smtp, tmp_path):
    """150 new releases came as 150 in full, some 900 lines of text (and an HTML part just under Gmail's clipping):
    no reader goes through that. The first 20 are in full, the others by headline with their reading-room link, and
    the mail says so and links them all in the reading room."""
    inbox, controller = smtp
    config = weekly(tmp_path, controller.port)
    config.write_text(config.read_text().replace('since = "7d"', 'since = "7d"\nlang = "fi"\ntags = ["hope"]'))
    with Archive(empty) as archive:
        ids = [release(archive, f"r{i}", f"Tiedote numero {i}", published=1, archived=1) for i in range(150)]
    result = invoke("weekly", "--db", str(empty), "--config", str(config))
    assert "sent 150 release(s)" in result.output, result.output
    msg = inbox.messages[-1][1]
    plain = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
    page = msg.get_body(("html",)).get_content()
    assert "Ensimmäiset 20 näytetään kokonaan, muut 130 vain otsikkoina." in " ".join(plain.split())
    link = "https://room.example.org/-/search?tag=hope&archived="
    assert f"Katso kaikki lukusalissa:\n{link}" in plain
    assert plain.count("Lukusali: ") == 20 and plain.count("Tunnisteet: ") == 20  # (in full: 20)
    assert "Muut 130 vain otsikkoina:" in plain
    for n, i in enumerate(ids):  # every release, in full or by its headline, and a link to it
        assert f"/-/article/{i}\n" in plain and f'"https://news.example.org/r{n}"' in page
    assert page.count("Tunnisteet: ") == 20 and "Muut 130 vain otsikkoina:" in page
    assert f'<a href="{link.replace("&", "&amp;")}' in page and ">Katso kaikki lukusalissa</a>" in page
    assert sent_ids(empty, "weekly") == ids  # (all counted as sent: none waits for the next digest)


def test_a_digest_of_30_releases_shows_them_all_in_full(empty, smtp, tmp_path):
    inbox, controller = smtp
    config = weekly(tmp_path, controller.port)
    with Archive(empty) as archive:
        for i in range(30):
            release(archive, f"r{i}", f"Release number {i}", published=1, archived=1)
    assert "sent 30 release(s)" in invoke("weekly", "--db", str(empty), "--config", str(config)).output
    plain = inbox.messages[-1][1].get_body(("plain",)).get_content()
    assert plain.count("Reading room: ") == 30 and "by headline" not in plain and "See them all" not in plain


def test_without_the_reading_room_a_long_digest_stays_whole(empty, smtp, tmp_path):
    """Without base_url there is nowhere else to read the releases cut to their headlines: all come in full."""
    inbox, controller = smtp
    config = weekly(tmp_path, controller.port)
    config.write_text(config.read_text().replace('base_url = "https://room.example.org"\n', ""))
    with Archive(empty) as archive:
        for i in range(40):
            release(archive, f"r{i}", f"Release number {i}", published=1, archived=1)
    assert "sent 40 release(s)" in invoke("weekly", "--db", str(empty), "--config", str(config)).output
    plain = inbox.messages[-1][1].get_body(("plain",)).get_content()
    assert plain.count("Original: ") == 40 and "by headline" not in plain and "See them all" not in plain


def test_a_release_edited_after_it_was_sent_is_said_changed_once_not_sent_again(empty, smtp, tmp_path):
    """The newsroom changed a release the digest had sent (the meeting moved): the next digests said nothing of it,
    and its readers went by the old date. It is not sent again in full; the next digest sent says it changed."""
    inbox, controller = smtp
    config = weekly(tmp_path, controller.port)
    with Archive(empty) as archive:
        meeting = release(archive, "meeting", "Partners meet in Brussels", published=1, archived=1)
    assert "sent 1 release(s)" in invoke("weekly", "--db", str(empty), "--config", str(config)).output
    with Archive(empty) as archive, archive.transaction():  # (sent yesterday: the edit comes a day later)
        archive.db.execute("update digest_items set sent = ?", [ago(1)])
        archive.db.execute("update digests set last_sent = ?", [ago(1)])
    with Archive(empty) as archive:
        assert add_article(archive, "meeting", "Partners meet in Brussels on 12 May (moved)") == meeting
    edited = invoke("weekly", "--db", str(empty), "--config", str(config))
    assert "nothing new" in edited.output and len(inbox.messages) == 1  # (an edit alone sends no mail)
    with Archive(empty) as archive:
        today = release(archive, "today", "Published today", published=0, archived=0)
    assert "sent 1 release(s)" in invoke("weekly", "--db", str(empty), "--config", str(config)).output
    msg = inbox.messages[-1][1]
    plain = " ".join(msg.get_body(("plain",)).get_content().split())
    page = msg.get_body(("html",)).get_content()
    assert "1 release sent before has changed since, listed at the end." in plain
    assert plain.count("Partners meet in Brussels on 12 May (moved)") == 1 and "Changed since they were sent" in plain
    assert f"/-/article/{meeting}" in plain and "Changed since they were sent" in page
    assert plain.count("Reading room: ") == 1  # (only today's in full)
    assert sent_ids(empty, "weekly") == [meeting, today]
    with Archive(empty) as archive:
        release(archive, "later", "Published later", published=0, archived=0)
    assert "sent 1 release(s)" in invoke("weekly", "--db", str(empty), "--config", str(config)).output
    assert "Changed since" not in inbox.messages[-1][1].get_body(("plain",)).get_content()  # (said once)


def test_an_earlier_version_found_after_a_release_was_sent_is_no_change_since(empty, smtp, tmp_path):
    """Review (s42): a release corrected before it was sent, then its earlier version read at another address (kept
    among its revisions, the release unchanged): the next digest said the newsroom had changed it since it was sent."""
    inbox, controller = smtp
    config = weekly(tmp_path, controller.port)
    with Archive(empty) as archive:
        meeting = release(archive, "meeting", "Partners meet in Brussels", published=1, archived=1)
        assert add_article(archive, "meeting", "Partners meet in Brussels (corrected)", published=ago(1)) == meeting
    assert "sent 1 release(s)" in invoke("weekly", "--db", str(empty), "--config", str(config)).output
    with Archive(empty) as archive, archive.transaction():  # (corrected two days ago, sent yesterday)
        archive.db.execute("update revisions set archived = ?", [ago(2)])
        archive.db.execute("update digest_items set sent = ?", [ago(1)])
        archive.db.execute("update digests set last_sent = ?", [ago(1)])
    with Archive(empty) as archive:
        draft = Article(
            url="https://news.example.org/meeting-draft",
            source_id="sjk",
            title="Partners meet (draft)",
            published=ago(3),
            language="en",
            paragraphs=(Paragraph(text="A draft of the meeting's release, in other words entirely.", language="en"),),
        )
        assert archive.save_article(draft, article_id=meeting) == ("unchanged", meeting)
        assert archive.db.execute("select count(*) from revisions where title = 'Partners meet (draft)'").fetchone()
        release(archive, "today", "Published today", published=0, archived=0)
    assert "sent 1 release(s)" in invoke("weekly", "--db", str(empty), "--config", str(config)).output
    plain = inbox.messages[-1][1].get_body(("plain",)).get_content()
    assert "Published today" in plain and "Changed since" not in plain and "has changed since" not in plain


def test_a_text_read_again_by_a_newer_extractor_is_no_change_since(empty, smtp, tmp_path, monkeypatch):
    """Review (s42): after an upgrade whose extractor reads pages otherwise, the nightly run's second look at a release
    sent in the last days archives its new reading as a revision; the next digest told every reader the newsroom had
    changed it."""
    from newsflow import extract

    inbox, controller = smtp
    config = weekly(tmp_path, controller.port)
    with Archive(empty) as archive:
        meeting = release(archive, "meeting", "Partners meet in Brussels", published=1, archived=1)
    assert "sent 1 release(s)" in invoke("weekly", "--db", str(empty), "--config", str(config)).output
    with Archive(empty) as archive, archive.transaction():
        archive.db.execute("update digest_items set sent = ?", [ago(1)])
        archive.db.execute("update digests set last_sent = ?", [ago(1)])
    monkeypatch.setattr(extract, "EXTRACTOR_VERSION", extract.EXTRACTOR_VERSION + 1)
    with Archive(empty) as archive:  # (the same page, read by the upgraded extractor: a paragraph more)
        assert add_article(archive, "meeting", "Partners meet in Brussels (read again)") == meeting
        assert archive.db.execute("select count(*) from revisions").fetchone()[0] == 1
        release(archive, "today", "Published today", published=0, archived=0)
    assert "sent 1 release(s)" in invoke("weekly", "--db", str(empty), "--config", str(config)).output
    plain = inbox.messages[-1][1].get_body(("plain",)).get_content()
    assert "Published today" in plain and "Changed since" not in plain and "has changed since" not in plain
