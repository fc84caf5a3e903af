"""health (s43): each partner's latest releases in an order stated in full, found without ranking every release."""

from newsflow.archive import Archive
from newsflow.health import latest_by_partner


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
