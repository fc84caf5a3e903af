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
    with Archive(db) as archive, archive.transaction():  # (and its last call failed, before the rename)
        release(archive, "today", "Published today", published=0, archived=0)
        archive.db.execute("update digests set last_error = 'the server did not answer' where name = 'weekly'")
    assert "  weekly: FAILING" in run("status", "--db", str(db)).output
    assert "digest hope: sent 1 release(s)" in invoke("hope", "--db", str(db), "--config", str(config)).output
    said = run("status", "--db", str(db)).output
    assert "NOT CALLED" not in said and "crontab" not in said and "FAILING" not in said
    assert "  weekly: renamed to hope in feeds.toml (its sent releases are hope's now); last sent" in said
    assert "  hope: ok;" in said and "4 release(s) sent in all" in said
    as_json = json.loads(run("status", "--db", str(db), "--json").output)
    assert not [w for w in as_json["warnings"] if w["code"].startswith("DIGEST_")]
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


# ---------------------------------------------------------------- status: a listing that went empty


def listing_history(tmp_path, history: list[tuple[float, int | None, dict]]):
    """An archive whose source "vastra" was read by runs ``days`` ago, its listing giving ``listed`` links (None: a
    summary from before runs recorded it), newest last, with what else the run's summary said of it."""
    import json
    from datetime import UTC, datetime, timedelta

    db = tmp_path / "a.db"
    now = datetime.now(UTC)
    with Archive(db) as archive:
        archive.sync_sources([Source(id="vastra", name="Västra", kind="feed", url="https://vastra.example/feed")])
        with archive.transaction():
            for days, listed, more in history:
                started = (now - timedelta(days=days)).isoformat(timespec="seconds")
                source = {"source": "vastra", "new": 0, "error": "", "skipped": "", "not_modified": False, **more}
                if listed is not None:
                    source["listed"] = listed
                summary = {"started": started, "status": "ok", "sources": [source]}
                archive.db.execute(
                    "insert into runs (started, finished, status, new, updated, failed, sources_failed, summary)"
                    " values (?, ?, 'ok', 0, 0, 0, 0, ?)",
                    [started, started, json.dumps(summary)],
                )
        first, last = (now - timedelta(days=history[0][0])), (now - timedelta(days=history[-1][0]))
        archive.update_source(
            "vastra",
            first_success=first.isoformat(timespec="seconds"),
            last_success=last.isoformat(timespec="seconds"),
            last_attempt=last.isoformat(timespec="seconds"),
            last_new_item=first.isoformat(timespec="seconds"),
        )
    return db


def lists_nothing(db):
    import json

    text = run("status", "--db", str(db)).output
    as_json = json.loads(run("status", "--db", str(db), "--json").output)
    codes = [w for w in as_json["warnings"] if w["code"] == "SOURCE_LISTS_NOTHING"]
    said = [line.strip() for line in text.splitlines() if "LISTS NOTHING" in line or "runs in a row" in line]
    assert bool(codes) == bool(said), (codes, said)
    return said, codes


def nightly(first: int, last: int, listed: int | None) -> list[tuple[float, int | None, dict]]:
    return [(float(d), listed, {}) for d in range(first, last - 1, -1)]


def test_status_says_a_listing_that_went_empty_lists_nothing_since_when_and_what_it_listed_before(tmp_path):
    """A feed that suddenly lists nothing (emptied, or its category moved) was "ok", exit 0, every night: only after
    60 days without anything new did status flag it."""
    db = listing_history(tmp_path, nightly(20, 4, 20) + nightly(3, 1, 0))
    said, codes = lists_nothing(db)
    from datetime import UTC, datetime, timedelta

    from newsflow.dates import local_time

    since = codes[0]["since"]  # the first of the reads that listed nothing, three days ago
    assert abs(datetime.fromisoformat(since) - (datetime.now(UTC) - timedelta(days=3))) < timedelta(minutes=1)
    assert (
        said[0]
        == f"vastra [feed]: LISTS NOTHING since {local_time(since)} (it listed 20 item(s) before); "
        + (said[0].split("; ", 1)[1])
    )
    assert said[1].startswith("its listing answers, with no release in it, 3 runs in a row: open its url")
    assert codes == [
        {"code": "SOURCE_LISTS_NOTHING", "source": "vastra", "since": codes[0]["since"], "runs": 3, "listed_before": 20}
    ]


@pytest.mark.parametrize(
    "history",
    [
        nightly(20, 3, 20) + nightly(2, 1, 0),  # two nights: a glitch, maybe
        nightly(20, 1, 20) + [(0.3, 0, {}), (0.2, 0, {}), (0.1, 0, {})],  # three runs within hours
        nightly(20, 1, 0),  # never seen listing anything (a new source, or one never read well)
        nightly(20, 4, 20) + nightly(3, 1, None),  # summaries that do not say what was listed: nothing known
        # a feed of the last days only: empty for a week before, listed again, and now for 5 days
        nightly(30, 21, 2) + nightly(20, 13, 0) + nightly(12, 6, 1) + nightly(5, 1, 0),
    ],
)
def test_a_listing_empty_for_no_longer_than_it_has_been_before_is_not_said(tmp_path, history):
    assert lists_nothing(listing_history(tmp_path, history)) == ([], [])


def test_a_feed_of_the_last_days_only_is_said_once_empty_longer_than_ever_before(tmp_path):
    history = nightly(40, 21, 2) + nightly(20, 16, 0) + nightly(15, 12, 1) + nightly(11, 1, 0)
    said, _ = lists_nothing(listing_history(tmp_path, history))
    assert "(it listed 1 item(s) before)" in said[0] and "11 runs in a row" in said[1]


def test_reads_that_say_nothing_of_the_listing_neither_end_nor_make_an_empty_run(tmp_path):
    """A listing "not modified", failing once, or skipped, says nothing of what it lists."""
    between = [(2.5, 0, {"not_modified": True}), (1.5, 0, {"error": "timed out"}), (1.2, 0, {"skipped": "fresh"})]
    history = nightly(20, 4, 20) + [(3.0, 0, {}), *between, (2.0, 0, {}), (1.0, 0, {})]
    said, codes = lists_nothing(listing_history(tmp_path, history))
    assert codes and codes[0]["runs"] == 3 and codes[0]["listed_before"] == 20
    (tmp_path / "unread").mkdir()
    unread = nightly(20, 4, 20) + [(3.0, 0, {}), *between, (1.0, 0, {})]  # (two reads only that listed nothing)
    assert lists_nothing(listing_history(tmp_path / "unread", unread)) == ([], [])
