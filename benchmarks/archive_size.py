"""What the archive grows by per release: the row, its paragraphs, tags and search index, and its kept page.

Every page of ../shared/data/extract-dev (154 real news and press-release pages, saved as fetched) is
extracted, labelled and tagged as the nightly run does (no translation model: a machine translation adds
about the text's size again) and saved with its page into a new archive, which is then checkpointed and
measured: the file's size per release, and the kept pages' share of it (`responses`, compressed). With
``keep_pages_days`` (730 by default) the pages of releases older than that are dropped; the rest stays.

Run: .venv/bin/python benchmarks/archive_size.py [--data ../shared/data/extract-dev]
"""

from __future__ import annotations

import argparse
import gzip
import sqlite3
import sys
import tempfile
import warnings
from pathlib import Path

from newsflow.archive import Archive
from newsflow.config import default_config
from newsflow.extract import extract
from newsflow.reprocess import process_article

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "extract-dev"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    pages = sorted((args.data / "pages").glob("*.html.gz"))
    if not pages:
        print(f"no pages under {args.data / 'pages'}", file=sys.stderr)
        return 2
    config = default_config()
    raw = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "archive.db"
        with Archive(path) as archive:
            archive.sync_tags(config.tags)
            empty = path.stat().st_size
            for i, page in enumerate(pages):
                body = gzip.decompress(page.read_bytes())
                raw += len(body)
                url = f"https://news.example.org/{i}"
                article = process_article(extract(body, url), config)
                _, article_id = archive.save_article(article)
                archive.pages.save(article_id, url, 200, {"content-type": "text/html; charset=utf-8"}, body)
        with sqlite3.connect(path) as conn:
            conn.execute("pragma wal_checkpoint(truncate)")
            kept = conn.execute("select sum(length(body)) from responses").fetchone()[0] or 0
        size = path.stat().st_size - empty
    n = len(pages)
    print(f"{n} pages, {raw / n / 1024:.0f} KiB each as fetched")
    print(f"archive growth: {size / n / 1024:.0f} KiB per release, of which the kept page {kept / n / 1024:.0f} KiB")
    print(f"without kept pages: {(size - kept) / n / 1024:.0f} KiB per release")
    for per_day in (10, 30):
        year = size / n * per_day * 365 / 1024**2
        print(
            f"{per_day} releases a day: {year:.0f} MB a year ({(size - kept) / n * per_day * 365 / 1024**2:.0f} MB "
            "once their pages are past keep_pages_days)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
