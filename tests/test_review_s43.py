"""Session 43's last read: a search too long to ask is refused before the archive's words are looked up for it."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from newsflow import search
from newsflow.archive import Archive
from newsflow.cli import cli
from newsflow.lexicon import MAX_QUERY_WORDS, QueryError


def test_a_search_of_too_many_words_is_refused_before_any_look_up(monkeypatch):
    """Review (s43): the reading room's table box looked up accents and Slovenian forms of each of a 5,000-character
    search's 700 words (16-18 s on 100,000 releases) before the word count refused it."""
    asked: list[str] = []
    monkeypatch.setattr(search, "spelled_with_accents", lambda conn, q: asked.append(q) or {})
    conn = sqlite3.connect(":memory:")
    words = " ".join(f"sana{i}" for i in range(MAX_QUERY_WORDS + 1))
    with pytest.raises(QueryError, match=f"at most {MAX_QUERY_WORDS} can be looked for"):
        search.searched_spellings(conn, words)
    assert asked == []
    phrase = '"' + " ".join(f"sana{i}" for i in range(MAX_QUERY_WORDS + 1)) + '"'  # (a phrase's words count too)
    with pytest.raises(QueryError):
        search.searched_spellings(conn, phrase)
    assert asked == []


def test_releases_of_no_partner_are_under_one_heading_newest_first_in_status(tmp_path):
    """Review (s43): releases whose partner is NULL and those whose partner is '' were ranked together, then listed
    NULL first, under two "(no partner)" headings, not newest first."""
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        archive.db["sources"].insert({"id": "s", "name": "s", "kind": "feed", "url": "https://s.example/feed"})
        archive.db["articles"].insert_all(
            {
                "id": i,
                "url": f"https://s.example/{i}",
                "source_id": "s",
                "partner": partner,
                "title": f"Release of day {day}",
                "text": "text",
                "language": "fi",
                "languages": '["fi"]',
                "mixed": 0,
                "published": f"2026-11-{day:02d}",
                "first_seen": f"2026-11-{day:02d}T03:00:00+00:00",
                "status": "new",
            }
            for i, (partner, day) in enumerate([(None, 10), ("", 20), (None, 5), ("", 1)], start=1)
        )
        archive.db.conn.commit()
    out = CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    latest = out[out.index("Latest per partner:") :].splitlines()[1:]
    assert [line.strip() for line in latest] == [
        "(no partner)",
        "2026-11-20    [fi] Release of day 20",
        "2026-11-10    [fi] Release of day 10",
        "2026-11-05    [fi] Release of day 5",
    ]


def test_a_certificate_that_failed_is_not_said_to_pass(capsys):
    """Review (s43): an expired or self-signed certificate was told "a fault on the site's side, which usually passes",
    which it does not until the site renews it."""
    from newsflow.cli import _print_summary
    from newsflow.models import RunSummary, SourceResult

    error = "the secure connection to x.example failed: its certificate could not be verified (certificate has expired)"
    _print_summary(RunSummary(run_id=1, sources=[SourceResult(source="x", error=error, kind="tls", failures=1)]), False)
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("x "))
    assert "usually passes" not in row
    assert row.endswith(
        "if the browser warns too, tell the partner (their certificate may have expired); if not, "
        "this machine's certificates may be out of date"
    )


def test_a_date_option_said_in_words_says_which_date_it_was_taken_as(tmp_path, monkeypatch):
    """Review 3 (s43): `newsflow search HOPE --since Monday` never said which Monday it took (the reading room titles
    it "from 30 November 2026"); a date with its digits typed is not said again."""
    from datetime import date, timedelta

    db = tmp_path / "a.db"
    Archive(db).close()
    today = date.today()
    monday = today - timedelta(days=today.weekday())
    said = CliRunner().invoke(cli, ["search", "HOPE", "--since", "Monday", "--db", str(db)])
    months = [date(2026, m, 1).strftime("%B") for m in range(1, 13)]  # (the C locale: English names)
    assert f"--since Monday: from {monday.day} {months[monday.month - 1]} {monday.year}." in said.stderr
    plain = CliRunner().invoke(cli, ["search", "HOPE", "--since", "2026-11-30", "--db", str(db)])
    assert "--since 2026-11-30:" not in plain.stderr
