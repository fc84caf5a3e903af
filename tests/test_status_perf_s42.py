"""`newsflow status` on a large archive (s42): each source's counts, first and latest release, and the extraction
warning's latest releases are read on indexes, not by reading (or sorting) every release's row of the source: 6-14 s
on 100,000 releases before. The answers are those of the straightforward queries they replace."""

import json
import random

from newsflow.archive import Archive
from newsflow.health import FEW_RELEASES, HISTORY, LATEST_OF_FEW, LATEST_WALKED, extraction_warning, source_health

WARNING_LATEST = "select extraction from articles where source_id = ? order by first_seen desc, id desc limit ?"


def _archive(path, n=3000, seed=7):
    """Sources of every kind status meets: busy ones, one quiet for long while the others publish, one with no
    release, one whose releases another source lists too, undated releases, releases first seen at the same second,
    and extraction stats that make some sources warn."""
    rnd = random.Random(seed)
    archive = Archive(path)
    db = archive.db
    ids = ["busy", "quiet", "empty", "shared", "undated", "broken", "nodate", "retired"]
    db["sources"].insert_all(
        {
            "id": s,
            "name": s,
            "partner": f"Partner {s}",
            "kind": "feed",
            "url": f"https://{s}.example/feed",
            "consecutive_failures": 0,
            "last_success": "2026-12-04T03:00:00+00:00",
            "first_success": "2024-05-01T03:00:00+00:00" if s == "busy" else None,
            "configured": 1,
        }
        for s in ids
    )
    articles, links = [], []
    for i in range(1, n + 1):
        early = ["quiet", "busy", "nodate"] + ["retired"] * (i % 7 == 0)  # (few: looked up, not walked to)
        source = rnd.choice(["busy", "busy", "shared", "undated", "broken"] if i > n // 3 else early)
        day = f"20{20 + i * 6 // n:02d}-{1 + rnd.randrange(12):02d}-{1 + rnd.randrange(28):02d}"
        if source == "nodate":
            published = None
        elif source == "undated":
            published = rnd.choice([None, "", day])
        else:
            published = day + "T10:00:00+02:00" if rnd.random() > 0.05 else ""
        seen = f"{day}T0{rnd.randrange(3)}:00:00+00:00"  # (many first seen at the same second: ties broken by id)
        chars = rnd.choice([40, 900, 2000]) if source == "broken" else 1800 + rnd.randrange(400)
        extraction = {"chars": chars, "fallback": rnd.random() < 0.1, "link_density": rnd.random() * 0.6}
        articles.append(
            {
                "id": i,
                "url": f"https://{source}.example/r/{i}",
                "source_id": source,
                "partner": f"Partner {source}",
                "title": f"Release {i}",
                "text": "text",
                "language": "fi",
                "languages": '["fi"]',
                "published": published,
                "first_seen": seen,
                "last_changed": seen,
                "status": "new",
                "extraction": json.dumps(extraction) if rnd.random() > 0.02 else None,
                "content_hash": str(i),
            }
        )
        links.append({"article_id": i, "source_id": source, "guid": str(i), "link": f"l{i}", "first_seen": seen})
        if source == "shared" and rnd.random() < 0.5:  # (listed by the busy source too, seen there at another time)
            links.append({"article_id": i, "source_id": "busy", "guid": f"b{i}", "link": f"b{i}", "first_seen": day})
    db["articles"].insert_all(articles)
    db["article_sources"].insert_all(links)
    db.conn.commit()
    return archive, ids


def _reference(db, source_id):
    """What source_health said of a source before, by the queries it used then."""
    return db.execute(
        """select coalesce(s.first_success, (select min(a.first_seen) from article_sources a where a.source_id = s.id),
                           s.last_success),
                  (select count(*) from article_sources a where a.source_id = s.id),
                  (select max(a.published) from article_sources l join articles a on a.id = l.article_id
                   where l.source_id = s.id)
           from sources s where s.id = ?""",
        [source_id],
    ).fetchone()


def test_status_says_of_each_source_what_the_straightforward_queries_say(tmp_path):
    archive, ids = _archive(tmp_path / "a.db")
    with archive:
        rows = source_health(archive)
        assert [r["id"] for r in rows] == sorted(ids)
        for r in rows:
            assert (r["first_success"], r["articles"], r["latest"]) == _reference(archive.db, r["id"]), r["id"]
        said = {r["id"]: r for r in rows}
        assert said["empty"]["articles"] == 0 and said["empty"]["latest"] is None
        assert said["quiet"]["latest"] < said["busy"]["latest"]  # (walked past every newer release of the others)
        assert said["quiet"]["articles"] > FEW_RELEASES >= said["retired"]["articles"] > 0  # (both ways are tested)
        assert said["nodate"]["articles"] and said["nodate"]["latest"] is None
        assert said["broken"]["extraction_warning"]  # (the generated stats do warn somewhere: the test tests something)
        # The releases the warning compares, newest first, as sorting them all in Python gives them.
        for s in ids:
            every = archive.db.execute(
                "select first_seen, id, extraction from articles where source_id = ?", [s]
            ).fetchall()
            expected = [e for _, _, e in sorted(every, key=lambda r: (r[0], r[1]), reverse=True)[: 5 + HISTORY]]
            assert [r[0] for r in archive.db.execute(WARNING_LATEST, [s, 5 + HISTORY])] == expected, s
            assert said[s]["extraction_warning"] == extraction_warning(archive, s)


def _plan(db, sql, params):
    return " / ".join(r[3] for r in db.execute("explain query plan " + sql, params).fetchall())


def test_status_reads_a_sources_releases_on_indexes(tmp_path):
    """Before: the warning sorted every release of the source (reading each one's row, with its text, 0.1-0.5 s a
    source cold), and the counts and first release read all the links of every source, every status."""
    archive, _ = _archive(tmp_path / "a.db", n=300)
    with archive:
        db = archive.db
        plan = _plan(db, WARNING_LATEST, ["busy", 5 + HISTORY])
        assert "idx_articles_source_id_first_seen" in plan and "TEMP B-TREE" not in plan, plan
        for sql in (
            "select min(a.first_seen) from article_sources a where a.source_id = ?",
            "select count(*) from article_sources a where a.source_id = ?",
        ):
            plan = _plan(db, sql, ["busy"])
            assert "COVERING INDEX idx_article_sources_source_id_first_seen (source_id=?)" in plan, plan
        # The latest date: the dates' index walked newest first, no release's row looked up by its id (the source's
        # links, found on the new index, would have been: each row read for its date, 2.7 s cold for 20 sources).
        plan = _plan(db, f"select {LATEST_WALKED} from sources s", [])
        assert "COVERING INDEX idx_articles_published" in plan and "INTEGER PRIMARY KEY" not in plan, plan
        # Of a source of few releases (a retired one), only its own looked up, not every release of the others since.
        plan = _plan(db, f"select {LATEST_OF_FEW} from sources s", [])
        assert "idx_article_sources_source_id_first_seen (source_id=?)" in plan and "INTEGER PRIMARY KEY" in plan, plan
