"""Review of the digest over a year of weekly sends (s36): what a communications team meets after the first weeks."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from conftest import Inbox, free_port, reading_room_get
from newsflow.archive import Archive
from newsflow.digest import DigestSpec, collect_digest, digest_health, render_digest_text
from test_digest import TAGS, add_article, invoke, sent_ids, titles_in
from test_digest_outage_s35 import ago, day, empty_archive, release, weekly


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    return empty_archive(tmp_path)


class QuitRefused(Inbox):
    """A server that accepts the message, then answers QUIT with an error (a relay going down, a proxy's timeout)."""

    async def handle_QUIT(self, server, session, envelope):
        return "421 4.3.2 service shutting down"


def test_a_message_the_server_accepted_is_not_sent_again_when_quit_fails(empty, tmp_path, monkeypatch):
    """The server said 250 to the message: it is out. An error answering QUIT afterwards made the send 'failed',
    nothing was remembered, and the next Monday sent the same releases again."""
    inbox = QuitRefused()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        monkeypatch.setenv("NEWSFLOW_SMTP_URL", f"smtp://127.0.0.1:{controller.port}")
        config = weekly(tmp_path, controller.port)
        with Archive(empty) as archive:
            monday = release(archive, "monday", "Published on Monday", published=2, archived=2)
        first = invoke("weekly", "--db", str(empty), "--config", str(config))
        assert len(inbox.messages) == 1  # the server has it
        assert first.exit_code == 0, first.output
        assert sent_ids(empty, "weekly") == [monday]
        invoke("weekly", "--db", str(empty), "--config", str(config))
        assert len(inbox.messages) == 1  # not a second copy
    finally:
        controller.stop()


def config_with_tags(tmp_path: Path, port: int, tags: str) -> Path:
    config = weekly(tmp_path, port, since=ago(180)[:10])  # a digest in use for half a year
    config.write_text(config.read_text().replace('since = "', f'tags = {tags}\nsince = "', 1), encoding="utf-8")
    return config


def test_a_tag_added_to_a_digest_in_use_does_not_send_half_a_years_releases_as_new(empty, smtp, tmp_path):
    """The comms team adds a tag to its weekly digest: the window starts where the first call put it, half a year ago,
    so every release of that tag since then came as new (max_items of them, then "N more" for weeks), each with its
    old date alone, as if published this week."""
    inbox, controller = smtp
    config = config_with_tags(tmp_path, controller.port, '["seinajoki"]')
    args = ["weekly", "--db", str(empty), "--config", str(config)]
    with Archive(empty) as archive:
        for i in range(12):  # HOPE releases of the last half year, each archived the day it was published
            release(archive, f"hope-{i}", f"HOPE news of week {i}", published=14 * i + 10, archived=14 * i + 10)
        release(archive, "sjk", "Seinäjoki this week", published=2, archived=2, tags=("seinajoki",))
    assert "sent 1 release(s)" in invoke(*args).output
    # Next week: HOPE is added to the digest, and one HOPE release is new.
    config.write_text(config.read_text().replace('["seinajoki"]', '["seinajoki", "hope"]'), encoding="utf-8")
    with Archive(empty) as archive:
        archive.db.execute("update digests set last_sent = ?, last_attempt = ?", [ago(7), ago(7)])  # (a week ago)
        release(archive, "new", "HOPE news of this week", published=1, archived=1)
    second = invoke(*args)
    plain, _ = titles_in(inbox.messages[-1][1])
    assert "HOPE news of this week" in plain
    assert "HOPE news of week" not in plain, second.output  # months old, sent weeks before the tag was added
    # Nor the week after, once the digest's state knows the new selection.
    with Archive(empty) as archive:
        archive.db.execute("update digests set last_sent = ?, last_attempt = ?", [ago(7), ago(7)])
    assert "nothing new" in invoke(*args).output and len(inbox.messages) == 2


def test_what_waits_of_a_digests_selection_still_comes_when_a_tag_is_added(empty, smtp, tmp_path):
    """The window moves to the last send when a tag is added, but no later than a release of the selection before that
    still waits: what max_items left over is not lost by the change."""
    inbox, controller = smtp
    config = config_with_tags(tmp_path, controller.port, '["seinajoki"]')
    config.write_text(config.read_text().replace('since = "', 'max_items = 2\nsince = "', 1), encoding="utf-8")
    args = ["weekly", "--db", str(empty), "--config", str(config)]
    with Archive(empty) as archive:
        for i in range(3):
            release(archive, f"sjk-{i}", f"Seinäjoki news {i}", published=20 - i, archived=20 - i, tags=("seinajoki",))
        release(archive, "hope-old", "HOPE news of last month", published=30, archived=30)
    first = invoke(*args)
    assert "sent 2 release(s)" in first.output and "1 more waits" in first.output, first.output
    config.write_text(config.read_text().replace('["seinajoki"]', '["seinajoki", "hope"]'), encoding="utf-8")
    with Archive(empty) as archive:
        archive.db.execute("update digests set last_sent = ?, last_attempt = ?", [ago(7), ago(7)])
        release(archive, "hope-new", "HOPE news of this week", published=1, archived=1)
    second = invoke(*args)
    plain, _ = titles_in(inbox.messages[-1][1])
    assert "Seinäjoki news 2" in plain and "HOPE news of this week" in plain, second.output
    assert "HOPE news of last month" not in plain


def test_a_fixed_digest_that_finds_nothing_new_no_longer_shows_as_failing(empty, smtp, tmp_path):
    """A digest named a tag the taxonomy dropped: FAILED, recorded. The tag is taken out of the digest and for weeks
    nothing matches: `newsflow status` went on saying "last error: unknown tag id(s) gone (retried by the next
    `newsflow digest`)" and DIGEST_FAILING to monitoring, although every call since has gone well."""
    inbox, controller = smtp
    config = config_with_tags(tmp_path, controller.port, '["gone"]')
    args = ["weekly", "--db", str(empty), "--config", str(config)]
    assert invoke(*args).exit_code == 4  # named: a setup error
    invoke("--db", str(empty), "--config", str(config))  # the cron job's call: recorded, the others go on
    with Archive(empty) as archive:
        assert digest_health(archive)[0]["failing"]
    config.write_text(config.read_text().replace('["gone"]', '["hope"]'), encoding="utf-8")
    fixed = invoke(*args)
    assert fixed.exit_code == 0 and "nothing new" in fixed.output, fixed.output
    with Archive(empty) as archive:
        health = digest_health(archive)[0]
    assert not health["failing"], health


def test_a_send_that_failed_for_releases_the_digest_no_longer_selects_is_not_failing_for_ever(
    empty, tmp_path, monkeypatch
):
    """The server was down for the partner digest's one release; the digest's partner is then changed and nothing of
    the new partner comes for weeks: status said the digest failing, and its retry, every week."""
    down = free_port()
    monkeypatch.setenv("NEWSFLOW_SMTP_URL", f"smtp://127.0.0.1:{down}")
    config = weekly(tmp_path, down)
    config.write_text(config.read_text().replace('since = "', 'partners = ["Coompanion"]\nsince = "', 1))
    with Archive(empty) as archive:
        release(archive, "sv", "Coompanion startar", published=2, archived=2, source="coomp", language="sv")
    args = ["weekly", "--db", str(empty), "--config", str(config)]
    assert invoke(*args).exit_code == 3
    config.write_text(config.read_text().replace('"Coompanion"', '"City of Seinäjoki"'))
    assert "nothing new" in invoke(*args).output
    with Archive(empty) as archive:
        assert not digest_health(archive)[0]["failing"]


def test_a_digest_of_a_tag_taken_out_of_the_taxonomy_says_so_before_the_retag(empty, smtp, tmp_path):
    """The HOPE tag is taken out of feeds.toml. Until someone runs `newsflow retag`, the archive's tags table keeps it
    (marked changed), so the digest passed its check, and week after week said "nothing new", exit 0: no new release
    gets the tag. `newsflow check` knew; `newsflow digest` and the digests page did not."""
    inbox, controller = smtp
    config = config_with_tags(tmp_path, controller.port, '["hope"]')
    config.write_text(
        config.read_text() + '\n[[tags]]\nid = "seinajoki"\nkind = "place"\nname = "Seinäjoki"\n', encoding="utf-8"
    )
    with Archive(empty) as archive:
        archive.sync_tags([t for t in TAGS if t.id != "hope"])  # the nightly run, with the taxonomy as edited
        release(
            archive, "new", "HOPE news, tagged by the edited taxonomy", published=1, archived=1, tags=("seinajoki",)
        )
    result = invoke("--db", str(empty), "--config", str(config))
    assert result.exit_code == 3, result.output
    said = "digest weekly: FAILED, nothing sent: tag(s) HOPE project (hope) taken out of the taxonomy"
    assert said in result.output, result.output
    # The reading room says so too, on the digests page and in the preview.
    listing = reading_room_get(empty, "/-/digests", config_path=str(config)).text
    assert "cannot be sent: it names the tag HOPE project, no longer among the tags this newsroom follows" in listing
    preview = reading_room_get(empty, "/-/digest/weekly", config_path=str(config)).text
    assert "This digest cannot be sent as it is set up" in preview and "HOPE project (hope) taken out of" in preview
    # A --tag asks for what the archive holds: the releases tagged so before.
    assert invoke("--db", str(empty), "--config", str(config), "--tag", "hope", "--dry-run").exit_code == 0


def test_a_dry_run_of_a_digest_set_up_wrong_says_why_not_that_nothing_would_be_sent(empty, tmp_path):
    """Looking at the digests before Monday (`newsflow digest --dry-run`): a digest naming a tag the archive does not
    hold said "dry run, 0 release(s) would be sent" (exit 3), not what is wrong with it."""
    config = config_with_tags(tmp_path, free_port(), '["nosuch"]')
    result = invoke("--db", str(empty), "--config", str(config), "--dry-run")
    assert result.exit_code == 3
    assert "digest weekly: FAILED, nothing sent: unknown tag id(s) nosuch" in result.output, result.output
    assert "0 release(s) would be sent" not in result.output


def test_an_address_refused_is_still_said_after_a_call_with_nothing_new(empty, smtp, tmp_path):
    """(The failure cleared by a call with nothing new is a failed send, not a refusal: that address never gets those
    releases, so `status` says so until a send goes through.)"""
    inbox, controller = smtp
    inbox.refuse = {"gone@example.org"}
    config = weekly(tmp_path, controller.port)
    config.write_text(config.read_text().replace('"comms@example.org"', '["comms@example.org", "gone@example.org"]'))
    args = ["weekly", "--db", str(empty), "--config", str(config)]
    with Archive(empty) as archive:
        release(archive, "monday", "Published on Monday", published=2, archived=2)
    assert "PARTLY SENT" in invoke(*args).output
    assert "nothing new" in invoke(*args).output
    with Archive(empty) as archive:
        health = digest_health(archive)[0]
    assert health["refused"] and "gone@example.org (550" in health["last_error"]


def test_the_day_a_release_was_archived_is_the_day_it_was_where_the_digest_is_sent(empty, monkeypatch):
    """Archived at 01:30 on 1 July in Helsinki (22:30 UTC on 30 June): the reading room says 1 July, the digest said
    "archived 30 June"."""
    monkeypatch.setenv("TZ", "Europe/Helsinki")
    time.tzset()
    try:
        with Archive(empty) as archive:
            late = add_article(archive, "late", "Found after midnight", published="2026-06-10")
            with archive.transaction():
                archive.db.execute("update articles set first_seen = '2026-06-30T22:30:00+00:00' where id = ?", [late])
            d = collect_digest(archive.db.conn, DigestSpec(name="w"), since="2026-06-20")
        text = " ".join(render_digest_text(d).split())
        assert "published 10 June 2026, archived 1 July 2026" in text, text
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()


def test_max_items_sends_the_earliest_release_first_whatever_its_time_zone(empty):
    """Oldest first, so that what max_items leaves over is the newest: 09:30 in Helsinki (06:30 UTC) is earlier than
    08:00 in London (07:00 UTC), but the dates were compared as written."""
    with Archive(empty) as archive:
        add_article(archive, "fi", "Helsinki at 09:30", published="2026-03-30T09:30:00+03:00")
        add_article(archive, "uk", "London at 08:00", published="2026-03-30T08:00:00+01:00")
        d = collect_digest(archive.db.conn, DigestSpec(name="w", max_items=1), since="2026-03-01")
    assert [item.title for item in d.items] == ["Helsinki at 09:30"] and d.more == 1


def test_a_weekly_cron_call_with_since_7d_retries_what_a_failed_send_kept(empty, smtp, monkeypatch):
    """`newsflow digest --help`'s example is a weekly call with `--since 7d`. The server is down one Monday: "FAILED, 1
    release(s) kept for the next call". The next Monday's `--since 7d` window starts after them: never sent."""
    inbox, controller = smtp
    args = ["--db", str(empty), "--since", "7d", "--tag", "hope", "--to", "comms@example.org"]
    with Archive(empty) as archive:
        kept = release(archive, "monday", "Published before the failed Monday", published=2, archived=2)
    monkeypatch.setenv("NEWSFLOW_SMTP_URL", f"smtp://127.0.0.1:{free_port()}")  # down
    assert "1 release(s) kept for the next call" in invoke(*args).output
    with Archive(empty) as archive:  # a week goes by: the release, the failed call and its window a week back
        archive.db.execute("update articles set published = ?, first_seen = ? where id = ?", [ago(9), ago(9), kept])
        archive.db.execute("update digests set since = ?, created = ?, last_attempt = ?", [ago(14), ago(7), ago(7)])
        archive.db.execute("update digest_sends set started = ?, finished = ?", [ago(7), ago(7)])
        release(archive, "next", "Published this week", published=1, archived=1)
    monkeypatch.setenv("NEWSFLOW_SMTP_URL", f"smtp://127.0.0.1:{controller.port}")
    invoke(*args)
    plain, _ = titles_in(inbox.messages[-1][1])
    assert "Published this week" in plain and "Published before the failed Monday" in plain


def test_a_one_off_call_with_other_tags_under_a_configured_name_does_not_skip_the_digests_own_releases(
    empty, smtp, tmp_path
):
    """(review h5) `newsflow digest weekly --tag hope --to …` (the help's example) under a digest configured for
    Seinäjoki: the one-off call kept its --tag as the digest's selection and moved its window to its own send, so the
    next regular call took Seinäjoki's selection for a change and started after that send: the Seinäjoki releases of
    the week before it never came."""
    inbox, controller = smtp
    config = config_with_tags(tmp_path, controller.port, '["seinajoki"]')
    args = ["weekly", "--db", str(empty), "--config", str(config)]
    with Archive(empty) as archive:
        release(archive, "sjk-1", "Seinäjoki last week", published=9, archived=9, tags=("seinajoki",))
    assert "sent 1 release(s)" in invoke(*args).output
    with Archive(empty) as archive:
        archive.db.execute("update digests set last_sent = ?, last_attempt = ?", [ago(8), ago(8)])
        release(archive, "sjk-2", "Seinäjoki this week", published=3, archived=3, tags=("seinajoki",))
        release(archive, "hope", "HOPE this week", published=2, archived=2, tags=("hope",))
    one_off = invoke(*args, "--tag", "hope", "--to", "me@example.org")
    assert "sent 1 release(s)" in one_off.output, one_off.output
    regular = invoke(*args)
    assert "sent 1 release(s)" in regular.output, regular.output
    plain, _ = titles_in(inbox.messages[-1][1])
    assert "Seinäjoki this week" in plain


def test_a_one_off_call_under_a_digests_name_leaves_its_releases_to_the_digests_readers(empty, smtp, tmp_path):
    """Year probe (s36): `newsflow digest hope-weekly --tag maribor --to admin@…` sent a release to the admin alone,
    and counted it as sent by hope-weekly: its readers never had it. A test send to oneself (`--to` alone) the same.
    A one-off call is a digest of its own, named as an ad-hoc one (not under the digest's subject)."""
    inbox, controller = smtp
    config = config_with_tags(tmp_path, controller.port, '["seinajoki", "hope"]')
    config.write_text(config.read_text().replace('since = "', 'subject = "Weekly news"\nsince = "', 1))
    args = ["weekly", "--db", str(empty), "--config", str(config)]
    with Archive(empty) as archive:
        both = release(archive, "both", "Seinäjoki and HOPE", published=2, archived=2, tags=("seinajoki", "hope"))
    for one_off in (["--tag", "hope", "--to", "admin@example.org"], ["--to", "me@example.org"]):
        sent = invoke(*args, *one_off)
        assert "sent 1 release(s)" in sent.output, sent.output
        assert "Weekly news" not in inbox.messages[-1][1]["Subject"]
    assert both not in sent_ids(empty, "weekly")
    regular = invoke(*args)
    assert "sent 1 release(s)" in regular.output, regular.output
    assert inbox.messages[-1][1]["Subject"] == "Weekly news: 1 new release"
    assert "nothing new" in invoke(*args).output and "nothing new" in invoke(*args, "--to", "me@example.org").output


def test_a_tag_added_after_a_retag_does_not_bring_weeks_of_the_new_tags_releases(empty, smtp, tmp_path):
    """(review h5) A retag (an alias added to Seinäjoki) gives a HOPE release of three weeks ago the Seinäjoki tag: it
    waits, never sent, among the digest's selection before. HOPE is then added to the digest: the window went back to
    that release for the whole new selection, and every HOPE release of those three weeks came as new."""
    inbox, controller = smtp
    config = config_with_tags(tmp_path, controller.port, '["seinajoki"]')
    args = ["weekly", "--db", str(empty), "--config", str(config)]
    with Archive(empty) as archive:
        old = release(archive, "hope-0", "HOPE three weeks ago", published=21, archived=21)
        release(archive, "hope-1", "HOPE two weeks ago", published=14, archived=14)
        release(archive, "sjk", "Seinäjoki last week", published=9, archived=9, tags=("seinajoki",))
    assert "sent 1 release(s)" in invoke(*args).output
    config.write_text(config.read_text().replace('["seinajoki"]', '["seinajoki", "hope"]'), encoding="utf-8")
    with Archive(empty) as archive:
        archive.db.execute("update digests set last_sent = ?, last_attempt = ?", [ago(8), ago(8)])
        archive.db.execute("insert into article_tags (article_id, tag_id) values (?, 'seinajoki')", [old])  # retag
        release(archive, "hope-new", "HOPE this week", published=1, archived=1)
    invoke(*args)
    plain, _ = titles_in(inbox.messages[-1][1])
    assert "HOPE this week" in plain and "HOPE three weeks ago" in plain  # (newly Seinäjoki's: it comes, once)
    assert "HOPE two weeks ago" not in plain


def test_a_one_off_call_with_other_tags_finding_nothing_does_not_end_the_digests_failure(empty, tmp_path, monkeypatch):
    """(review h5) The weekly send failed (its release kept for the next call); a one-off `weekly --tag hope` finds
    nothing new: that says nothing of the weekly's own releases, which still wait, but `status` stopped saying
    FAILING."""
    down = free_port()
    monkeypatch.setenv("NEWSFLOW_SMTP_URL", f"smtp://127.0.0.1:{down}")
    config = config_with_tags(tmp_path, down, '["seinajoki"]')
    args = ["weekly", "--db", str(empty), "--config", str(config)]
    with Archive(empty) as archive:
        release(archive, "sjk", "Seinäjoki this week", published=2, archived=2, tags=("seinajoki",))
    assert invoke(*args).exit_code == 3
    assert "nothing new" in invoke(*args, "--tag", "hope", "--to", "me@example.org").output
    with Archive(empty) as archive:
        assert next(d for d in digest_health(archive) if d["name"] == "weekly")["failing"]


def test_a_tag_digests_back_catalogue_link_lists_the_releases_the_line_counts(empty, smtp, tmp_path):
    """Year probe (s36): "Interreg NPA: 30 releases, published … archived …" in a digest of the HOPE tag linked to the
    reading room's 291 releases of that partner: the link lacked the digest's tag."""
    inbox, controller = smtp
    config = config_with_tags(tmp_path, controller.port, '["hope"]')
    config.write_text(config.read_text().replace(ago(180)[:10], ago(7)[:10]), encoding="utf-8")
    with Archive(empty) as archive:
        for i in range(8):  # a new source's back catalogue: 8 about HOPE, 12 not
            release(archive, f"h{i}", f"HOPE then {i}", published=100 + i, archived=0, source="mda", tags=("hope",))
        for i in range(12):
            release(archive, f"o{i}", f"Other then {i}", published=100 + i, archived=0, source="mda", tags=())
    sent = invoke("weekly", "--db", str(empty), "--config", str(config))
    assert "8 older release(s)" in sent.output, sent.output
    plain, _ = titles_in(inbox.messages[-1][1])
    link = re.search(r"Reading room: https://room\.example\.org(/-/search\?\S+)", " ".join(plain.split()))
    assert link and "tag=hope" in link.group(1), plain
    assert re.search(r'<p class="count">8 releases about HOPE project', reading_room_get(empty, link.group(1)).text)


def test_what_max_items_leaves_over_is_not_promised_for_the_next_digest_when_more_than_it_holds(empty):
    """Year probe (s36): max_items = 5 and 12 new: "7 more come in the next digest", which brought 5 of them."""
    with Archive(empty) as archive:
        for i in range(7):
            add_article(archive, f"r{i}", f"Release {i}", published=ago(6 - i / 2))
        d = collect_digest(archive.db.conn, DigestSpec(name="w", max_items=2), since="7d")
        assert d.more == 5 and "5 more will follow in the next digests." in render_digest_text(d)
        fi = collect_digest(archive.db.conn, DigestSpec(name="w", max_items=5, lang="fi"), since="7d")
        assert fi.more == 2 and "2 muuta tulee seuraavassa koosteessa." in render_digest_text(fi)


def test_a_subject_that_writes_the_count_words_after_n_says_them_once():
    """Year probe (s36): subject = "Weekly HOPE news: {n} new releases" came as "… 2 new releases new releases"."""
    from dataclasses import replace as with_

    from newsflow.digest import Digest, subject_line

    d = Digest(name="w", lang="en", start="", last_sent="", groups=(), subject="Weekly HOPE news: {n} new releases")
    assert subject_line(d) == "Weekly HOPE news: 0 new releases"
    assert subject_line(with_(d, subject="Weekly ({n})")) == "Weekly (0 new releases)"
    assert subject_line(with_(d, subject="Viikko: {n} uutta tiedotetta", lang="fi")) == "Viikko: 0 uutta tiedotetta"
    assert subject_line(with_(d, subject="{n} New Releases from HOPE")) == "0 new releases from HOPE"


def test_a_digest_of_a_tag_edited_since_the_releases_were_tagged_says_to_retag_first(empty, smtp, tmp_path):
    """Year probe (s36): a tag's id renamed in feeds.toml (the digest's with it) after the night's run: that night's
    release, tagged by the old id until `newsflow retag`, came a week late, and the digest said nothing."""
    inbox, controller = smtp
    config = config_with_tags(tmp_path, controller.port, '["hope"]')
    args = ["weekly", "--db", str(empty), "--config", str(config)]
    with Archive(empty) as archive:
        release(archive, "now", "HOPE this week", published=1, archived=1)
    assert "RETAG NEEDED" not in invoke(*args).output
    with Archive(empty) as archive:  # the nightly run met the taxonomy as edited (Archive.sync_tags marks it)
        archive.db.execute("update tags set changed_since = '2026-01-01T05:15:00+00:00' where id = 'hope'")
    said = invoke(*args).output
    assert "digest weekly: RETAG NEEDED: tag(s) hope changed in the configuration" in said, said
    assert "only after `newsflow retag`" in said


def test_releases_tagged_since_the_last_digest_are_not_called_new_since_it(empty, smtp, tmp_path):
    """Year probe (s36): a name added to the HOPE tag and a retag gave four releases of weeks before the tag; the next
    digest sent them under "5 new releases since the last digest", with their old dates."""
    inbox, controller = smtp
    config = config_with_tags(tmp_path, controller.port, '["seinajoki"]')
    args = ["weekly", "--db", str(empty), "--config", str(config)]
    with Archive(empty) as archive:
        old = release(archive, "old", "Seinäjoki, said otherwise", published=20, archived=20)
        release(archive, "sent", "Seinäjoki then", published=10, archived=10, tags=("seinajoki",))
    assert "sent 1 release(s)" in invoke(*args).output
    with Archive(empty) as archive:
        archive.db.execute("update digests set last_sent = ?, last_attempt = ?", [ago(7), ago(7)])
        archive.db.execute("insert into article_tags (article_id, tag_id) values (?, 'seinajoki')", [old])  # retag
    assert "sent 1 release(s)" in invoke(*args).output
    text = " ".join(titles_in(inbox.messages[-1][1])[0].split())
    assert f"1 release archived before the last digest ({day(7)}), not sent until now" in text, text[:400]
    with Archive(empty) as archive:  # and with one new since
        archive.db.execute("update digests set last_sent = ?, last_attempt = ?", [ago(7), ago(7)])
        other = release(archive, "other", "Seinäjoki, said otherwise again", published=30, archived=30)
        archive.db.execute("insert into article_tags (article_id, tag_id) values (?, 'seinajoki')", [other])
        release(archive, "new", "Seinäjoki this week", published=1, archived=1, tags=("seinajoki",))
    assert "sent 2 release(s)" in invoke(*args).output
    text = " ".join(titles_in(inbox.messages[-1][1])[0].split())
    assert f"1 new release since the last digest ({day(7)}), and 1 archived before it, not sent until now" in text


def test_status_says_when_a_digest_has_not_been_called_for_over_twice_its_usual_days(empty):
    """Year probe (s36): the cron line gone, no digest for 15 days, and `status` said every digest was "ok"."""
    from click.testing import CliRunner

    from newsflow.cli import cli

    def sends(*days_ago: int) -> None:
        with Archive(empty) as archive:
            archive.db.execute("delete from digest_sends")
            archive.db.execute(
                "insert or replace into digests (name, since, created, last_attempt, last_sent) values (?, ?, ?, ?, ?)",
                ["weekly", ago(400), ago(400), ago(min(days_ago)), ago(min(days_ago))],
            )
            for n in days_ago:
                archive.db["digest_sends"].insert({"digest": "weekly", "started": ago(n), "status": "sent"})

    def status() -> tuple[str, list[str]]:
        text = CliRunner().invoke(cli, ["status", "--db", str(empty)]).output
        warnings = json.loads(CliRunner().invoke(cli, ["status", "--db", str(empty), "--json"]).output)["warnings"]
        return text, [w["code"] for w in warnings]

    sends(3, 10, 17, 24)  # weekly, the last three days ago
    text, codes = status()
    assert "weekly: ok" in text and "DIGEST_NOT_CALLED" not in codes
    sends(16, 23, 30, 37)  # nothing for 16 days
    text, codes = status()
    assert "weekly: NOT CALLED" in text and "where it was sent about every 7 day(s)" in text, text
    assert "DIGEST_NOT_CALLED" in codes
    sends(100, 107, 114)  # retired long ago: not said for ever
    assert "DIGEST_NOT_CALLED" not in status()[1]
