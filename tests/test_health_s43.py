"""health (s43): each partner's latest releases in an order stated in full, found without ranking every release."""

import json
import os
import random
import subprocess
import sys
from datetime import date, timedelta

from click.testing import CliRunner

from conftest import article_page, rss
from newsflow.archive import Archive
from newsflow.cli import cli
from newsflow.health import LATEST_ORDER, latest_by_partner


def _release(i, partner, published, first_seen, language="fi"):
    return {
        "id": i,
        "url": f"https://tie.example/{i}",
        "source_id": "s",
        "partner": partner,
        "title": f"Release {i}",
        "text": "text",
        "language": language,
        "languages": f'["{language}"]',
        "mixed": 0,
        "published": published,
        "first_seen": first_seen,
        "status": "new",
    }


def _shown(archive, per_partner=3):
    return [(r["partner"], r["title"]) for r in latest_by_partner(archive, per_partner)]


def test_releases_of_one_date_are_shown_seen_later_first_then_archived_first(tmp_path):
    """Before, of releases of one date, status showed the earliest seen (and Finnish before Swedish): the order of
    the index SQLite happened to read, not one anybody chose."""
    day = "2026-11-01"
    with Archive(tmp_path / "a.db") as archive:
        archive.db["sources"].insert(
            {"id": "s", "name": "s", "partner": "A", "kind": "feed", "url": "https://s.example"}
        )
        archive.db["articles"].insert_all(
            [
                _release(7, "A", day, "2026-11-01T03:00:00+00:00"),
                _release(3, "A", day, "2026-11-03T03:00:00+00:00", "sv"),
                _release(9, "A", day, "2026-11-03T03:00:00+00:00"),
                _release(5, "A", day, "2026-11-02T03:00:00+00:00"),
                _release(2, "A", "2026-10-30", "2026-11-04T03:00:00+00:00"),
                # undated: ranked by when it was seen, with a release published at that moment
                _release(20, "B", "2026-11-02T03:00:00+00:00", "2026-11-02T03:00:00+00:00"),
                _release(21, "B", None, "2026-11-02T03:00:00+00:00"),
                _release(19, "B", "", "2026-11-02T03:00:00+00:00", "sv"),
                _release(18, "B", "2026-11-02T03:00:00+00:00", "2026-11-01T03:00:00+00:00"),
            ]
        )
        archive.db.conn.commit()
        assert _shown(archive) == [
            ("A", "Release 3"),  # (seen at one moment: archived first, whatever its language)
            ("A", "Release 9"),
            ("A", "Release 5"),
            ("B", "Release 19"),
            ("B", "Release 20"),
            ("B", "Release 21"),
        ]


def _busy_archive(path, n, days=12, seed=43):
    """Partners of every kind: busy ones with many releases of one date, one with undated releases (NULL and ''),
    releases of no partner (NULL and ''), a partner with fewer releases than are shown, ids not in the order seen."""
    rnd = random.Random(seed)
    archive = Archive(path)
    archive.db["sources"].insert({"id": "s", "name": "s", "partner": "A", "kind": "feed", "url": "https://s.example"})
    partners = ["Busy", "Busy", "Busy", "Other", "Undated", None, "", "Few"]
    ids = list(range(1, n + 1))
    rnd.shuffle(ids)
    rows = []
    for i in ids:
        partner = rnd.choice(partners) if i > 3 else "Few"
        if partner == "Few" and i > 3:
            partner = "Busy"
        day = (date(2020, 1, 1) + timedelta(days=rnd.randrange(days))).isoformat()  # (12: many of each date)
        seen = f"{day}T0{rnd.randrange(3)}:00:00+00:00"
        published = rnd.choice([day, day + "T10:00:00+02:00", seen, None, ""]) if partner in ("Undated", None) else day
        rows.append(_release(i, partner, published, seen, rnd.choice(["fi", "sv"])))
    archive.db["articles"].insert_all(rows)
    archive.db.conn.commit()
    return archive


def test_each_partners_latest_are_those_ranking_every_release_gives(tmp_path):
    with _busy_archive(tmp_path / "a.db", 3000) as archive:
        for shown in (1, 2, 3, 5, 40):
            every = archive.db.query(
                f"""select a.partner, a.published, a.first_seen, a.language, a.mixed, a.title from (
                     select id, row_number() over (partition by coalesce(partner, '') order by {LATEST_ORDER}) as n
                     from articles) r join articles a on a.id = r.id where r.n <= ?
                     order by coalesce(a.partner, ''), r.n""",
                [shown],
            )
            assert latest_by_partner(archive, shown) == list(every), shown
        partners = {r["partner"] or "" for r in latest_by_partner(archive)}
        assert partners == {"Busy", "Other", "Undated", "", "Few"}


def _steps(archive) -> int:
    """SQLite's steps (virtual machine instructions, by the hundred) to find each partner's latest releases."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 100
        return 0

    archive.db.conn.set_progress_handler(count, 100)
    latest_by_partner(archive)
    archive.db.conn.set_progress_handler(None, 100)
    return steps


def test_each_partners_latest_are_found_without_ranking_every_release(tmp_path):
    """Before, every release was ranked (read on an index and sorted): 0.5-1 s warm on 100,000 releases, every
    `status`. Now the work is that of the few releases of each partner's latest dates, however many there are (but
    for undated releases, each of them looked at: they are few)."""
    steps = {}
    for n in (1000, 8000):
        with Archive(tmp_path / f"{n}.db") as archive:
            archive.db["sources"].insert({"id": "s", "name": "s", "partner": "A", "kind": "feed", "url": "https://s"})
            day = [(date(2020, 1, 1) + timedelta(days=i // 5)).isoformat() for i in range(n)]
            archive.db["articles"].insert_all(
                _release(i + 1, f"Partner {i % 6}", day[i], day[i] + "T03:00:00+00:00") for i in range(n)
            )
            archive.db["articles"].insert_all(
                _release(n + i + 1, "Partner 0", None, f"2021-01-{1 + i:02d}T03:00:00+00:00") for i in range(20)
            )
            archive.db.conn.commit()
            steps[n] = _steps(archive)
    assert steps[8000] < 1.5 * steps[1000] and steps[8000] < 8000 / 2, steps


FI = [
    "Seinäjoen kaupunki on mukana työllisyyden kuntakokeilussa, jonka myötä kaupunki valmistautuu yhä vahvempaan "
    "rooliin.",
    "EU:n rahoittamassa HOPE-hankkeessa haetaan oppia yhteiskunnallisesta yrittäjyydestä ja työllisyystoimien "
    "seurannasta.",
]


def _night(conf, db, log):
    """`newsflow run` as a cron line without --quiet runs it: its output and its warnings into one log file."""
    with open(log, "a", encoding="utf-8") as out:
        return subprocess.run(
            [sys.executable, "-m", "newsflow", "run", "--force", "--config", str(conf), "--db", str(db)],
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=conf.parent,
        ).returncode


def test_a_failing_sources_reason_is_said_once_a_night_and_how_long_it_has_failed_from_the_second(server, tmp_path):
    """Before, each failure was two lines of the night's log: the warning "broken failed (2 in a row): HTTP 500 ...",
    then the summary's row "FAILED: HTTP 500 ..." (the row alone is in a --quiet run's log, the README's cron line)."""
    server.add("/r1", article_page("HOPE-hanke alkaa", FI))
    server.add("/feed", rss([("HOPE-hanke alkaa", server.url("/r1"), "1")]))
    server.add("/broken", "no", status=500)
    server.add("/gone", "no", status=404)
    conf = tmp_path / "feeds.toml"
    conf.write_text(
        "[settings]\nmin_delay = 0\ntimeout = 5\n"
        + "".join(
            f'\n[[sources]]\nid = "{name}"\nkind = "feed"\nurl = "{server.url(path)}"\n'
            for name, path in (("good", "/feed"), ("broken", "/broken"), ("gone", "/gone"))
        )
    )
    db, log = tmp_path / "archive.db", tmp_path / "newsflow.log"
    for night in (1, 2):
        log.write_text("")
        assert _night(conf, db, log) == 1
        said = log.read_text(encoding="utf-8")
        for name, reason in (("broken", "HTTP 500 (server error)"), ("gone", "HTTP 404 (not found)")):
            assert said.count(reason) == 1, said
            row = next(line for line in said.splitlines() if line.startswith(f"{name} "))
            assert f"FAILED: {reason} ({server.url('/' + name)})" in row
            assert (f"{name}: its listing has failed" in said) == (night == 2), said
        assert "; if it stays so, the newsroom has moved: find it on the partner's site" in said  # (what to do)
    assert (
        "broken: its listing has failed 2 times in a row, since " in said
        and "(never fetched well); asked again from " in said
    )
    assert "Why: its row in this run's summary" in said


def test_a_source_taken_out_of_the_configuration_has_no_next_attempt_in_status_json(tmp_path):
    """Before, `status --json` gave a failing source taken out of feeds.toml the next attempt its backoff had set,
    as if it were still asked: it is not, and its warning (SOURCE_FAILING) is not given either."""
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        archive.db["sources"].insert_all(
            {
                "id": name,
                "name": name,
                "partner": "A",
                "kind": "feed",
                "url": f"https://{name}.example/feed",
                "last_attempt": "2026-12-01T03:00:00+00:00",
                "consecutive_failures": 2,
                "last_error": "HTTP 404 (not found)",
                "last_error_kind": "http_4xx",
                "next_attempt": "2026-12-01T04:00:00+00:00",
                "configured": configured,
            }
            for name, configured in (("gone", 0), ("failing", 1))
        )
        archive.db.conn.commit()
    said = json.loads(CliRunner().invoke(cli, ["status", "--json", "--db", str(db)]).output)
    sources = {s["id"]: s for s in said["sources"]}
    assert sources["gone"]["next_attempt"] is None and sources["gone"]["configured"] == 0
    assert sources["failing"]["next_attempt"] == "2026-12-01T04:00:00+00:00"
    assert [w["source"] for w in said["warnings"] if w["code"] == "SOURCE_FAILING"] == ["failing"]
