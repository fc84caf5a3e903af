"""How long the upgrade that keeps press contacts (migration m013) takes on a large archive.

An archive as the version before it left it (every migration up to m012) is filled with RELEASES releases whose
search index holds about 4 KB of words and lemmas each (25 Finnish sentences); then it is opened
once, as the first command after an upgrade opens it, and the time that open takes is printed with the archive's
size. The migration copies the index into one with a column more; it reads no release again.

Run: .venv/bin/python benchmarks/upgrade.py [--releases 50000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import sqlite_utils

from newsflow.archive import Archive, migrations
from newsflow.lexicon import search_shadow

SENTENCE = "Seinäjoen kaupunki on mukana työllisyyden kuntakokeilussa, jonka myötä kaupunki valmistautuu rooliin. "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "archive.db"
        db = sqlite_utils.Database(path)
        migrations.apply(db, stop_before="m013_press_contacts")
        shadow = search_shadow(SENTENCE * 25, "fi")
        db["articles"].insert_all(
            (
                {"id": i, "url": f"https://example.fi/{i}", "title": f"Tiedote {i}", "text": "…"}
                for i in range(args.releases)
            ),
            batch_size=2000,
        )
        db.conn.executemany(
            "insert into articles_search (rowid, title, text, translation, attachments) values (?, ?, ?, '', '')",
            ((i, f"Tiedote {i}", shadow) for i in range(args.releases)),
        )
        db.conn.commit()
        db.close()
        size = path.stat().st_size
        started = time.perf_counter()
        Archive(path).close()
        took = time.perf_counter() - started
        with Archive(path, readonly=True) as archive:
            columns = [r[1] for r in archive.db.execute("pragma table_info(articles_search)")]
            count = archive.db.execute("select count(*) from articles_search").fetchone()[0]
    print(f"{args.releases:,} releases, index {len(shadow):,} characters each, archive {size / 1e6:.0f} MB")
    print(f"upgrade (m013, the first open): {took:.1f} s; index columns {', '.join(columns)}; {count:,} rows kept")


if __name__ == "__main__":
    main()
