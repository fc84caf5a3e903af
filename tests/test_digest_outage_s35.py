"""A digest after an outage and after a source added with its back catalogue (probe, s35).

What is new to a digest's readers is what was first archived since their last digest, whatever its date: a
newsroom's backlog, archived when its source (or the server) came back, went by its publication dates and was never
mailed. Such a release says both days ("published 20 November, archived 2 December"); a back catalogue (releases
archived long after their day, many of one partner) is one line per partner, not hundreds of releases.
"""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsflow.archive import Archive
from newsflow.browse import make_datasette
from newsflow.dates import day_text
from newsflow.digest import (
    DigestSettings,
    DigestSpec,
    collect_digest,
    digest_preview,
    render_digest_markdown,
    render_digest_text,
)
from newsflow.models import Source
from test_digest import SOURCES, TAGS, add_article, invoke, sent_ids, titles_in

AGENCY = Source(
    id="mda",
    name="MDA news",
    kind="feed",
    url="https://mda.example.org/feed",
    partner='Maribor <b>Development</b> & "Agency"',  # a partner's name is the newsroom's words too: escaped
)


def ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).replace(microsecond=0).isoformat()


def day(days: int) -> str:
    """A day ``days`` back as a digest writes it ("3 December 2026")."""
    return day_text(ago(days))


def release(archive: Archive, slug: str, title: str, published: int, archived: int = 0, **more) -> int:
    """A release published ``published`` days ago and first archived ``archived`` days ago."""
    article_id = add_article(archive, slug, title, published=ago(published), **more)
    with archive.transaction():
        archive.db.execute("update articles set first_seen = ? where id = ?", [ago(archived), article_id])
    return article_id


def empty_archive(tmp_path: Path) -> Path:
    """An archive with the digest tests' sources (and the agency) and tags, no release."""
    path = tmp_path / "archive.db"
    with Archive(path) as archive:
        archive.sync_sources([*SOURCES, AGENCY])
        archive.sync_tags(TAGS)
    return path


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    return empty_archive(tmp_path)


def weekly(tmp_path: Path, port: int, since: str = "7d") -> Path:
    config = tmp_path / "feeds.toml"
    config.write_text(
        f"""
[digest]
base_url = "https://room.example.org"
from = "newsflow <newsflow@example.org>"

[digest.smtp]
host = "127.0.0.1"
port = {port}
security = "none"

[digest.digests.weekly]
to = "comms@example.org"
since = "{since}"
""",
        encoding="utf-8",
    )
    return config


def test_since_30d_holds_what_was_first_archived_in_those_days_whatever_its_date(empty):
    with Archive(empty) as archive:
        release(archive, "usual", "Published and archived on Monday", published=2, archived=2)
        release(archive, "backlog", "From the backlog of a failing source", published=35, archived=3)
        release(archive, "known", "Archived long before the window", published=40, archived=40)
        release(
            archive, "sv", "Coompanion startar nytt projekt", published=36, archived=1, source="coomp", language="sv",
            text="Coompanion startar ett nytt projekt för sociala företag i Göteborgsregionen.",
        )  # fmt: skip
    out = " ".join(invoke("--db", str(empty), "--since", "30d", "--dry-run").output.split())
    assert "Published and archived on Monday" in out and f"City of Seinäjoki · {day(2)} · English" in out
    assert "From the backlog of a failing source" in out
    assert f"City of Seinäjoki · published {day(35)}, archived {day(3)} · English" in out
    assert "Archived long before the window" not in out
    assert "dry run, 3 release(s) would be sent" in out
    # A search digest reads as far back as such a release was published.
    found = " ".join(
        invoke("--db", str(empty), "--since", "30d", "--dry-run", "--query", "sociala företag").output.split()
    )
    assert "Coompanion startar nytt projekt" in found and f"published {day(36)}, archived {day(1)}" in found
    assert "From the backlog" not in found


def test_a_subscriber_gets_a_release_first_archived_today_but_dated_12_days_ago(empty, smtp, tmp_path):
    inbox, controller = smtp
    config = weekly(tmp_path, controller.port)
    args = ["weekly", "--db", str(empty), "--config", str(config)]
    with Archive(empty) as archive:
        release(archive, "monday", "Published on Monday", published=2, archived=2)
    first = invoke(*args)
    assert first.exit_code == 0 and "sent 1 release(s)" in first.output, first.output
    # The source failed for twelve days and came back with its backlog: archived now, dated when it was published.
    with Archive(empty) as archive:
        late = add_article(archive, "late", 'Late <script>alert("x")</script> & news', published=ago(12))
    second = invoke(*args)
    assert second.exit_code == 0 and "sent 1 release(s)" in second.output, second.output
    plain, html = titles_in(inbox.messages[-1][1])
    assert 'Late <script>alert("x")</script> & news' in plain and "Published on Monday" not in plain
    said = f"published {day(12)}, archived {day(0)}"
    assert said in " ".join(plain.split())
    assert "<script>" not in html and "Late &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; news" in html
    assert said in html
    assert late in sent_ids(empty, "weekly")
    assert "nothing new" in invoke(*args).output and len(inbox.messages) == 2  # sent once


def test_what_max_items_leaves_over_of_a_backlog_comes_in_the_next_digest(empty, smtp, tmp_path):
    """Second review (s35): with "first archived since the last digest", what max_items left over of a backlog
    (published before the window, archived in it) was never sent: "1 more waits for the next digest", then nothing."""
    inbox, controller = smtp
    config = weekly(tmp_path, controller.port)
    config.write_text(config.read_text().replace('since = "7d"', 'since = "7d"\nmax_items = 2'))
    args = ["weekly", "--db", str(empty), "--config", str(config)]
    with Archive(empty) as archive:
        backlog = [release(archive, f"b{i}", f"Backlog release {i}", published=20 + i, archived=3) for i in range(3)]
    first = invoke(*args)
    assert "sent 2 release(s)" in first.output and "1 more waits for the next digest" in first.output, first.output
    second = invoke(*args)
    assert "sent 1 release(s)" in second.output, second.output
    assert set(backlog) <= set(sent_ids(empty, "weekly"))


def test_a_new_sources_back_catalogue_is_one_line_not_500_releases(empty, smtp, tmp_path):
    inbox, controller = smtp
    config = weekly(tmp_path, controller.port, since=ago(400)[:10])  # a digest in use for more than a year
    args = ["weekly", "--db", str(empty), "--config", str(config)]
    with Archive(empty) as archive:
        release(archive, "monday", "Published on Monday", published=2, archived=2)
        # The agency's release followed since long ago (another newsroom of it), in the days of the back catalogue.
        release(archive, "followed", "Followed since last year", published=100, archived=99, source="mda")
    assert invoke(*args).exit_code == 0 and len(inbox.messages) == 1
    # A source added with its back catalogue: 500 releases of two years (half of them since the digest began) and
    # two of this week, all first archived by tonight's run.
    with Archive(empty) as archive:
        old = [
            add_article(archive, f"old-{i}", f"Back catalogue release {i}", source="mda", published=ago(40 + i))
            for i in range(500)
        ]
        new = [
            add_article(archive, f"new-{i}", f"This week at the agency {i}", source="mda", published=ago(3 + i))
            for i in range(2)
        ]
    sent = invoke(*args)
    assert sent.exit_code == 0 and "sent 2 release(s)" in sent.output and "more" not in sent.output, sent.output
    assert "and 500 older release(s) first archived now, counted in one line per partner" in sent.output
    msg = inbox.messages[-1][1]
    assert msg["Subject"] == "newsflow digest weekly: 2 new releases"
    plain, html = titles_in(msg)
    text = " ".join(plain.split())
    assert "This week at the agency 0" in text and "This week at the agency 1" in text
    assert "Back catalogue release" not in plain and "Back catalogue release" not in html
    assert "Also 500 older releases archived for the first time, counted at the end." in text
    line = f"500 releases, published {day(539)} to {day(40)}, archived {day(0)}"
    assert f'* Maribor <b>Development</b> & "Agency": {line}' in text
    # A link to those releases in the reading room: the partner's, published in those days, archived since the first
    # of them (not the one followed since last year, published in those days too).
    asked = "partner=Maribor+%3Cb%3EDevelopment%3C%2Fb%3E+%26+%22Agency%22"
    span = f"from={ago(539)[:10]}&to={ago(40)[:10]}&archived="
    link = re.search(rf"Reading room: https://room\.example\.org(/-/search\?{re.escape(asked + '&' + span)}\S+)", text)
    assert link, text
    assert "<b>Development</b>" not in html
    assert f"Maribor &lt;b&gt;Development&lt;/b&gt; &amp; &quot;Agency&quot;: {line}" in html
    assert f'href="https://room.example.org{link.group(1).replace("&", "&amp;")}"' in html
    room = asyncio.run(make_datasette(empty).client.get(link.group(1)))
    assert re.search(r'<p class="count">500 releases from Maribor', room.text), room.text[-3000:]
    # Told once: the 500 count as sent, with the two.
    assert set(old + new) <= set(sent_ids(empty, "weekly"))
    assert "nothing new" in invoke(*args).output and len(inbox.messages) == 2


def test_a_few_older_releases_of_a_partner_are_listed_and_more_are_counted(empty):
    with Archive(empty) as archive:
        for i in range(5):  # five of Seinäjoki's older releases, found at last: listed, each with both days
            release(archive, f"sjk-{i}", f"Seinäjoki found late {i}", published=90 + i, archived=1)
        for i in range(6):  # six of Coompanion's: counted
            release(archive, f"coomp-{i}", f"Coompanion found late {i}", published=60 + i, archived=1, source="coomp")
        release(archive, "now", "This week in Seinäjoki", published=1, archived=1)
        spec = DigestSpec(name="w", since="7d")
        d = collect_digest(archive.db.conn, spec)
    assert len(d.items) == 6 and [g.partner for g in d.older] == ["Coompanion"] and len(d.older_ids) == 6
    text = " ".join(render_digest_text(d).split())
    assert "Seinäjoki found late 4" in text and f"published {day(94)}, archived {day(1)}" in text
    assert "Coompanion found late" not in text
    assert f"* Coompanion: 6 releases, published {day(65)} to {day(60)}, archived {day(1)}" in text
    md = render_digest_markdown(d)
    assert "## Older releases archived for the first time" in md and "- Coompanion: 6 releases, published" in md
    # Only a back catalogue: the subject says what there is, not "0 new releases".
    with Archive(empty) as archive:
        only = collect_digest(archive.db.conn, DigestSpec(name="c", since="7d", partners=("Coompanion",)))
    assert not only.items and render_digest_text(only).startswith(
        "newsflow digest c: 6 older releases archived for the first time\n"
    )


def test_the_reading_rooms_preview_shows_the_same_and_escapes_it(empty):
    with Archive(empty) as archive:
        for i in range(8):
            add_article(archive, f"old-{i}", f"Agency archive {i}", source="mda", published=ago(100 + i))
        release(archive, "late", "Dated a fortnight ago", published=14, archived=0)
    settings = DigestSettings(base_url="https://room.example.org", digests=(DigestSpec(name="weekly", since="7d"),))
    with Archive(empty) as archive:
        page = digest_preview(archive.db.conn, settings, "weekly")
    assert "Dated a fortnight ago" in page and f"published {day(14)}, archived {day(0)}" in page
    assert "Agency archive" not in page and "<b>Development</b>" not in page
    assert f"Maribor &lt;b&gt;Development&lt;/b&gt; &amp; &quot;Agency&quot;: 8 releases, published {day(107)}" in page
    assert "Also 8 older releases archived for the first time, counted at the end." in page


@pytest.mark.parametrize(
    "lang, late, older",
    [
        ("fi", "julkaistu {p}, arkistoitu {a}", "6 tiedotetta, julkaistu"),
        ("sv", "publicerat {p}, arkiverat {a}", "6 pressmeddelanden, publicerade"),
    ],
)
def test_both_days_and_the_count_are_in_the_readers_words(empty, lang, late, older):
    with Archive(empty) as archive:
        release(archive, "late", "Myöhässä", published=12, archived=0)
        for i in range(6):
            release(archive, f"c-{i}", f"Coompanion {i}", published=60 + i, archived=0, source="coomp")
        d = collect_digest(archive.db.conn, DigestSpec(name="w", since="7d", lang=lang))
    text = " ".join(render_digest_text(d).split())
    assert late.format(p=day_text(ago(12), lang), a=day_text(ago(0), lang)) in text
    assert f"Coompanion: {older}" in text
