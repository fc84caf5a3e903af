"""Issue 16: an archive of each earlier schema version opens, migrates and keeps its data."""

from __future__ import annotations

import pytest
import sqlite_utils
from click.testing import CliRunner

from newsflow.archive import Archive, migrations
from newsflow.cli import cli
from newsflow.lexicon import search_shadow

NAMES = [m.name for m in migrations._migrations]


def old_archive(path, stop_before: str) -> None:
    """An archive as a newsflow whose last migration came just before ``stop_before`` left it, with one release."""
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before=stop_before)
    db["sources"].insert(
        {
            "id": "city",
            "name": "City",
            "partner": "City of Seinäjoki",
            "kind": "feed",
            "url": "https://www.seinajoki.fi/feed/",
            "consecutive_failures": 0,
            "last_attempt": "2024-03-01T03:15:00+00:00",
            "last_success": "2024-03-01T03:15:00+00:00",
        }
    )
    db["articles"].insert(
        {
            "id": 1,
            "url": "https://www.seinajoki.fi/hope/",
            "source_id": "city",
            "partner": "City of Seinäjoki",
            "title": "Seinäjoki mukana HOPE-hankkeessa",
            "text": "Seinäjoen kaupunki on mukana hankkeessa.",
            "language": "fi",
            "mixed": 0,
            "languages": '["fi"]',
            "published": "2024-03-01T10:00:00+02:00",
            "month": "2024-03",
            "tags": '["hope"]',
            "translation_status": "pending",
            "content_hash": "x",
            "status": "new",
            "first_seen": "2024-03-01T03:15:00+00:00",
            "last_changed": "2024-03-01T03:15:00+00:00",
        }
    )
    db["paragraphs"].insert(
        {
            "article_id": 1,
            "position": 0,
            "text": "Seinäjoen kaupunki on mukana hankkeessa.",
            "language": "fi",
            "confidence": 0.99,
            "heading": 0,
        }
    )
    db["article_sources"].insert(
        {
            "article_id": 1,
            "source_id": "city",
            "guid": "g1",
            "link": "https://www.seinajoki.fi/hope/",
            "first_seen": "2024-03-01T03:15:00+00:00",
        }
    )
    if db["articles_search"].exists():  # as that newsflow indexed what it saved
        db.execute(
            "insert into articles_search (rowid, title, text, translation, attachments) values (1, ?, ?, '', '')",
            [
                search_shadow("Seinäjoki mukana HOPE-hankkeessa", "fi"),
                search_shadow("Seinäjoen kaupunki on mukana hankkeessa.", "fi"),
            ],
        )
    db.conn.commit()
    db.close()


@pytest.mark.parametrize("stop_before", NAMES[1:], ids=[f"made-before-{n}" for n in NAMES[1:]])
def test_an_older_archive_opens_migrates_and_keeps_its_data(tmp_path, stop_before):
    path = tmp_path / "archive.db"
    old_archive(path, stop_before)
    with Archive(path) as archive:
        assert not migrations.pending(archive.db)
        article = archive.load_article(1)
        assert article.title == "Seinäjoki mukana HOPE-hankkeessa" and article.paragraphs[0].language == "fi"
        assert archive.source_state("city")["partner"] == "City of Seinäjoki"
        assert "title_translation" in archive.db["articles"].columns_dict
    # searchable in any form once migrated, and readers see it
    found = CliRunner().invoke(cli, ["search", "kaupungilla", "--db", str(path)])
    assert found.exit_code == 0 and "Seinäjoki mukana HOPE-hankkeessa" in found.output
    status = CliRunner().invoke(cli, ["status", "--db", str(path)])
    assert status.exit_code == 0 and "city [feed]" in status.output


def test_a_reader_upgrades_an_older_archive_it_can_write(tmp_path):
    path = tmp_path / "archive.db"
    old_archive(path, NAMES[-1])
    with Archive(path, readonly=True) as archive:
        assert not migrations.pending(archive.db)
        assert archive.count("articles") == 1


def test_commands_opening_an_older_archive_at_once_wait_for_one_upgrade_instead_of_failing(tmp_path):
    # After a package upgrade, cron's run, a restarted reading room and a colleague's search may meet the old
    # archive together: one upgrades it, the others wait for it (they failed with "locked", exit 4).
    import threading

    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    db.conn.execute("pragma journal_mode=wal")
    migrations.apply(db, stop_before="m005_search_with_lemmas")
    text = "Seinäjoen kaupunki hanke yrittäjyys työllisyys yhteiskunnallinen kumppani kehittäminen " * 30
    rows = ({"id": i, "url": f"https://e.fi/{i}", "title": f"T {i}", "text": text} for i in range(500))
    db["articles"].insert_all(rows, batch_size=500)
    db.conn.close()
    outcomes: list[str] = []

    def open_it(readonly: bool) -> None:
        try:
            with Archive(path, readonly=readonly) as archive:
                outcomes.append(str(archive.db.execute("select count(*) from articles_search").fetchone()[0]))
        except Exception as e:  # (the test reports what each command met)
            outcomes.append(repr(e))

    threads = [threading.Thread(target=open_it, args=(readonly,)) for readonly in (False, True, True, False)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes == ["500"] * 4


def test_an_upgrade_lock_file_that_cannot_be_opened_is_a_message_not_a_traceback(tmp_path):
    import os

    path = tmp_path / "old.db"
    old_archive(path, "m005_search_with_lemmas")
    os.symlink(tmp_path / "no-such-folder" / "lock", str(path) + ".upgrade-lock")  # (cannot be created)
    result = CliRunner().invoke(cli, ["status", "--db", str(path)])
    assert result.exit_code == 4 and "upgrade-lock cannot be opened" in result.output
    assert "Traceback" not in result.output
    os.remove(str(path) + ".upgrade-lock")
    os.close(os.open(str(path) + ".upgrade-lock", os.O_CREAT | os.O_RDONLY, 0o444))  # read-only: enough to lock
    assert CliRunner().invoke(cli, ["status", "--db", str(path)]).exit_code == 0


def test_articles_by_tag_is_made_again_from_the_releases_in_an_archive_that_has_the_old_view(tmp_path):
    from newsflow.archive import ensure_shape

    path = tmp_path / "archive.db"
    old_archive(path, "m010_tagged_articles_from_the_releases")
    db = sqlite_utils.Database(path)
    ensure_shape(db)
    db.execute("drop view tagged_articles")
    db.execute("""create view tagged_articles as
        select a.id as article_id, a.published, a.month, a.partner, a.source_id, a.language, a.title,
               g.id as tag, g.name as tag_name, g.kind as tag_kind, x.surface, x.mentions, a.url
        from article_tags x join articles a on a.id = x.article_id join tags g on g.id = x.tag_id""")
    db.conn.commit()
    db.close()
    with Archive(path, readonly=True) as archive:  # the reading room's open upgrades it
        (sql,) = archive.db.execute("select sql from sqlite_master where name = 'tagged_articles'").fetchone()
        assert "from articles a cross join article_tags x" in sql
        assert archive.db.execute("select count(*) from tagged_articles").fetchone() == (0,)


# Each migration as it shipped: an archive that has run one never runs it again, so editing one changes nothing for
# them (the admin probe of s23 found m006 given two tables within an hour of being written: an archive made in that
# hour stopped every command). A change of schema is a new migration; its hash is added here when it is written.
SHIPPED = {
    "m001_initial": "694c17e95a04db66",
    "m002_listing_stamps_and_robots": "30aee7fb183749de",
    "m003_attachments": "c974067fe98d4bb1",
    "m004_translation_cache": "1ddfb89508a04264",
    "m005_search_with_lemmas": "1d5c5c7e2a0fc3b8",
    "m006_headlines_digests_responses": "939373a8a43355f7",
    "m007_failed_links_as_listed": "bc4cecdfdaf4a328",
    "m008_runs_config": "e6a8add9b3e9bd6c",
    "m009_sources_configured": "b780e3fdd1dc58c5",
    "m010_tagged_articles_from_the_releases": "673bf8c85c6c2c06",
    "m011_sources_moved_to": "4469e3844626f748",
    "m012_articles_failing_and_early_m006": "80455726b36841fd",
    "m013_press_contacts": "81931d21da1d06c7",
    "m014_digest_selection": "43456c011d6fe26c",
    "m015_digest_kept_for_recipients": "ebfcaec29a086ffe",
    "m016_extractor_versions": "c8b976b0f2cdb9b9",
    "m017_earlier_versions": "bbed1a97a1218029",
}


def test_a_migration_that_shipped_is_never_edited():
    import hashlib
    import inspect

    for m in migrations._migrations:
        digest = hashlib.sha256(inspect.getsource(m.fn).encode()).hexdigest()[:16]
        assert m.name in SHIPPED, f"{m.name} is new: add it to SHIPPED as {digest!r} (and never edit it after)"
        assert SHIPPED[m.name] == digest, f"{m.name} was edited after it shipped: put the change in a new migration"


def test_an_upgrade_is_said_once_and_a_new_archive_is_not_one(tmp_path, caplog):
    """Admin probe (s23): `status`, even `serve`, migrated an old archive with no word, and nothing advised a backup."""
    import logging

    path = tmp_path / "archive.db"
    old_archive(path, "m012_articles_failing_and_early_m006")
    with caplog.at_level(logging.WARNING, logger="newsflow"):
        Archive(path).close()
        Archive(path).close()  # (already upgraded: nothing to say)
        Archive(tmp_path / "new.db").close()
    said = [r.getMessage() for r in caplog.records if "upgraded" in r.getMessage()]
    assert said == [
        f"{path}: upgraded to this version's layout (m012_articles_failing_and_early_m006, m013_press_contacts, "
        "m014_digest_selection, m015_digest_kept_for_recipients, m016_extractor_versions, m017_earlier_versions); an "
        "older newsflow can no longer write it. Back an archive up before upgrading newsflow (README: Upgrading)"
    ]
