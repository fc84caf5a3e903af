"""The administrator's and staff's probe of the command line (s40): partners typed as staff know them, a digest
renamed in feeds.toml, a digest searching for a tag's name, a source whose listing went empty."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from newsflow.archive import Archive
from newsflow.cli import cli
from newsflow.models import Article, Paragraph, Source

PARTNERS = {
    "seinajoki": "City of Seinäjoki",
    "maribor": "Mestna občina Maribor",
    "coompanion": "Coompanion Sverige",
    "derry": "Derry City and Strabane District Council",
    "city": "City of Helsinki",
}


@pytest.fixture(scope="module")
def partners_db(tmp_path_factory):
    """An archive of one HOPE release from each partner."""
    db = tmp_path_factory.mktemp("partners") / "a.db"
    with Archive(db) as archive:
        archive.sync_sources(
            [Source(id=i, name=i, kind="feed", url=f"https://{i}.example/feed", partner=p) for i, p in PARTNERS.items()]
        )
        for i in PARTNERS:
            text = (Paragraph(f"The HOPE project met in {i}."),)
            archive.save_article(
                Article(url=f"https://{i}.example/hope", source_id=i, title=f"HOPE {i}", paragraphs=text)
            )
    return db


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize(
    ("typed", "partner"),
    [
        ("seinajoki", "City of Seinäjoki"),  # a word of the name, without its accents
        ("city of seinajoki", "City of Seinäjoki"),
        ("Mestna obcina Maribor", "Mestna občina Maribor"),  # the whole name without its accents
        ("maribor", "Mestna občina Maribor"),
        ("coompanion", "Coompanion Sverige"),
        ("derry strabane", "Derry City and Strabane District Council"),  # words of it, not side by side
        ("Derry & Strabane", "Derry City and Strabane District Council"),
    ],
)
def test_a_partner_typed_as_staff_know_it_is_taken_and_said(partners_db, typed, partner):
    for command in (["search", "HOPE"], ["export", "--format", "json"]):
        result = run(*command, "--db", str(partners_db), "--partner", typed)
        assert result.exit_code == 0, result.output
        assert f"--partner “{typed}”: taken as the partner “{partner}”." in result.stderr
        assert result.stderr.count("taken as the partner") == 1
        assert partner in result.stdout
        others = [p for p in PARTNERS.values() if p != partner]
        assert not any(f"({p})" in result.stdout or f'"partner": "{p}"' in result.stdout for p in others)


def test_a_partner_named_exactly_in_any_case_is_taken_without_a_word(partners_db):
    result = run("search", "HOPE", "--db", str(partners_db), "--partner", "city of seinäjoki")
    assert result.exit_code == 0 and "taken as" not in result.stderr and "City of Seinäjoki" in result.stdout


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        # a word of several partners' names: which one is meant is not known
        ("city", "--partner: “city” is in the name of 3 partners: “City of Helsinki”, “City of Seinäjoki”, “Derry"),
        ("of", "no partner 'of' in this archive"),  # a short word: a name's "of" names no partner
        ("Coompanoin", "no partner 'Coompanoin' in this archive. Did you mean Coompanion Sverige?"),
        ("Helsinki Maribor", "no partner 'Helsinki Maribor'"),  # words of two partners: neither
    ],
)
def test_a_partner_meant_as_several_or_none_stops_with_exit_2(partners_db, typed, message):
    for command in (["search", "HOPE"], ["export"]):
        result = run(*command, "--db", str(partners_db), "--partner", typed)
        assert result.exit_code == 2, result.output
        assert message in result.output
        assert "Traceback" not in result.output


def test_a_digest_takes_a_partner_as_search_does(partners_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # (no feeds.toml here: the digest is the one-off the options make)
    result = run("digest", "--db", str(partners_db), "--partner", "maribor", "--since", "2020-01-01", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "--partner “maribor”: taken as the partner “Mestna občina Maribor”." in result.stderr
    assert "HOPE maribor" in result.stdout and "HOPE seinajoki" not in result.stdout
    several = run("digest", "--db", str(partners_db), "--partner", "city", "--since", "2020-01-01", "--dry-run")
    assert several.exit_code == 2 and "is in the name of 3 partners" in several.output


# ---------------------------------------------------------------- status: a digest renamed in feeds.toml


def test_status_says_a_digest_renamed_in_feeds_toml_was_renamed_not_that_it_is_not_called(tmp_path, smtp):
    """`[digest.digests.weekly]` renamed `[digest.digests.hope]`: the new name took over the old one's window and
    sent releases at its first call, and status said the old one was NOT CALLED, with its cron line to check, for
    90 days."""
    import json
    from datetime import UTC, datetime, timedelta

    from test_digest import invoke
    from test_digest_outage_s35 import empty_archive, release, weekly

    _, controller = smtp
    db = empty_archive(tmp_path)
    config = weekly(tmp_path, controller.port)
    for week in range(3):
        with Archive(db) as archive:
            release(archive, f"week-{week}", f"Week {week}", published=0, archived=0)
        assert "sent 1 release(s)" in invoke("weekly", "--db", str(db), "--config", str(config)).output
    with Archive(db) as archive, archive.transaction():  # (sent weekly, the last three weeks ago)
        sends = [r[0] for r in archive.db.execute("select id from digest_sends where digest = 'weekly' order by id")]
        for send, days in zip(sends, (35, 28, 21), strict=True):
            when = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
            archive.db.execute("update digest_sends set started = ?, finished = ? where id = ?", [when, when, send])
        archive.db.execute("update digests set last_attempt = ?, last_sent = ? where name = 'weekly'", [when, when])
    lines = run("status", "--db", str(db)).output.splitlines()
    assert any(line.startswith("  weekly: NOT CALLED") for line in lines)  # (its cron line gone: said)

    config.write_text(config.read_text().replace("[digest.digests.weekly]", "[digest.digests.hope]"))
    with Archive(db) as archive:
        release(archive, "today", "Published today", published=0, archived=0)
    assert "digest hope: sent 1 release(s)" in invoke("hope", "--db", str(db), "--config", str(config)).output
    said = run("status", "--db", str(db)).output
    assert "NOT CALLED" not in said and "crontab" not in said
    assert "  weekly: renamed to hope in feeds.toml (its sent releases are hope's now); last sent" in said
    assert "  hope: ok;" in said and "4 release(s) sent in all" in said
    as_json = json.loads(run("status", "--db", str(db), "--json").output)
    assert not [w for w in as_json["warnings"] if w["code"] == "DIGEST_NOT_CALLED"]
    assert {d["name"]: d["renamed_to"] for d in as_json["digests"]} == {"weekly": "hope", "hope": ""}


# ---------------------------------------------------------------- check: a digest searching for a tag's name

CHECKED = """
[[sources]]
id = "vastra"
kind = "feed"
url = "https://vastra.example/feed"
partner = "Coompanion"

[[tags]]
id = "hope"
kind = "project"
name = "HOPE project"
aliases = ["HOPE"]

[digest]
from = "comms@example.org"
base_url = "https://room.example.org"

[digest.digests.hope-weekly]
to = "comms@example.org"
queries = ["HOPE", "sociala företag"]

[digest.digests.plain]
to = "comms@example.org"
queries = ["Maribor"]
"""


@pytest.mark.parametrize("archived", [False, True])
def test_check_says_once_that_a_digest_searches_for_a_tag_s_name(tmp_path, archived):
    """`queries = ["HOPE"]` finds "we hope" too, and the tag sends only what is tagged: `newsflow digest` said so at
    every cron call, in its log; `check`, where the administrator looks after editing feeds.toml, said nothing."""
    config = tmp_path / "feeds.toml"
    config.write_text(CHECKED, encoding="utf-8")
    db = tmp_path / "a.db"
    if archived:  # (an archive whose taxonomy is older than feeds.toml's: the tag is new in it)
        with Archive(db):
            pass
    result = run("check", "--config", str(config), "--db", str(db))
    assert result.exit_code == 0, result.output
    said = (
        "digest hope-weekly: the search “HOPE” finds the word wherever it is written, in other senses too, and sends "
        'those releases as well; for the releases tagged HOPE project only, give the tag instead: tags = ["hope"] in '
        "feeds.toml, or --tag hope"
    )
    assert result.stderr.count(said) == 1, result.output
    assert "sociala företag" not in result.stderr and "Maribor" not in result.stderr  # (no tag's name)
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("a.db")] == ["feeds.toml"]  # (no scratch)
    if archived:
        with Archive(db) as archive:  # (check writes nothing into the archive)
            assert archive.db.execute("select count(*) from tags").fetchone()[0] == 0
