"""Reading-room benchmark: its pages at 100,000 articles against Datasette's own articles page.

The archive is generated as benchmarks/search.py generates it (its ``generate``, imported: 100,000
articles from the dev texts with partner names mixed in, tags and the search index written as
newsflow writes them), then: every 100th article is made undated, every 50th Finnish one mixed
Finnish/English, and 2,000 articles get their paragraphs (what the article page shows).

Every page is asked of one in-process Datasette (``make_datasette``, as `newsflow serve` runs
it), warmed up once, then timed as the median of 5 requests. The reference, measured in the same
run, is Datasette's own articles table page without facets; the target is at most 3x it.
The language filter needs an index on ``articles.languages`` to count without reading every row;
the filtered searches are measured as the archive is, then again once that index is created.

Run: .venv/bin/python benchmarks/readingroom.py [--articles 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsflow.archive import Archive  # noqa: E402
from newsflow.browse import make_datasette, visit_cookie  # noqa: E402
from search import DEFAULT_DATA, generate  # noqa: E402  (benchmarks/search.py)

TARGET = 3.0
REPEAT = 5


def build(path: Path, rows: list[dict], n: int) -> float:
    start = time.perf_counter()
    with Archive(path) as archive:
        archive.db.execute("create virtual table plain_fts using fts5(title, text)")  # what generate() fills too
        generate(archive, rows, n)
        with archive.transaction():
            db = archive.db
            db.execute("update articles set published = '', month = '' where id % 100 = 0")
            db.execute("""update articles set mixed = 1, languages = '["fi", "en"]'
                          where id % 50 = 0 and language = 'fi'""")
            for article_id, text, lang in db.execute(
                "select id, text, language from articles where id % 50 = 1"
            ).fetchall():
                for position, paragraph in enumerate(text.split("\n")):
                    db.execute(
                        "insert into paragraphs (article_id, position, text, language, confidence, heading) "
                        "values (?, ?, ?, ?, 0.99, 0)",
                        [article_id, position, paragraph, lang],
                    )
    return time.perf_counter() - start


# The home page of a reader back after a long time: what was archived since the last visit (a cookie) listed first.
BACK = "|2019-01-01T00:00:00Z"


async def timed(ds, path: str) -> float:
    path, _, cookie = path.partition(" cookie=")
    start = time.perf_counter()
    response = await ds.client.get(path, headers={"cookie": f"{visit_cookie(ds)}={cookie}"} if cookie else None)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (path, response.status_code, response.text[:300])
    assert not cookie or "New since your last visit" in response.text, "the visit cookie was not read"
    return elapsed


async def median_ms(ds, path: str) -> float:
    await timed(ds, path)  # warm up: the page cache and Datasette's own caches
    return statistics.median([await timed(ds, path) for _ in range(REPEAT)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    db_path = Path(tempfile.mkdtemp(prefix="newsflow-readingroom-bench-")) / "archive.db"
    built = build(db_path, rows, args.articles)
    seinajoki = quote("City of Seinäjoki")
    pages = [
        ("home (latest releases, partners, tags mentioned lately)", "/"),
        ("home, back after years: new since the last visit first", f"/ cookie={BACK}"),
        (
            "search, filtered: Seinäjoella, partner, Finnish, 2019-2023",
            f"/-/search?q=Sein%C3%A4joella&partner={seinajoki}&lang=fi&from=2019-01-01&to=2023-12-31",
        ),
        ("search, filtered by tag and dates, newest first", "/-/search?tag=esf&from=2021-03-01&to=2021-05-31"),
        ("search, one common word, best match", "/-/search?q=hankkeessa"),
        ("search, language only, page 3", "/-/search?lang=sv&page=3"),
        ("article", "/-/article/5001"),
        ("tag with its chart (HOPE: 18% of the archive)", "/-/tag/hope"),
        ("tag with its chart, narrowed to spring 2021", "/-/tag/hope?from=2021-03-01&to=2021-05-31"),
        ("partner", "/-/partner/ERNACT"),
        ("Atom feed of a search", "/-/search.atom?q=Maribor"),
    ]
    language_pages = [p for p in pages if "lang=" in p[1]]

    async def run() -> tuple[float, list[float], list[float], float]:
        ds = make_datasette(db_path)
        await ds.invoke_startup()
        reference = await median_ms(ds, "/archive/articles?_nofacet=1")
        ours = [await median_ms(ds, path) for _, path in pages]
        with Archive(db_path) as archive:  # the index this issue asks for (archive.py: INDEXES)
            archive.db.execute("create index if not exists idx_articles_languages on articles (languages)")
        indexed = [await median_ms(ds, path) for _, path in language_pages]
        reference_after = await median_ms(ds, "/archive/articles?_nofacet=1")
        return reference, ours, indexed, reference_after

    reference, ours, indexed, reference_after = asyncio.run(run())
    print(
        f"reading-room benchmark: {args.articles:,} generated articles (built in {built:.0f} s); "
        f"median of {REPEAT} requests after a warm-up"
    )
    print(
        f"reference: Datasette's articles page without facets  {reference:8.1f} ms "
        f"(again at the end: {reference_after:.1f} ms)"
    )
    worst = 0.0
    for (label, _), ms in zip(pages, ours, strict=True):
        worst = max(worst, ms / reference)
        print(f"  {label:<58} {ms:8.1f} ms  {ms / reference:5.2f}x")
    print("with an index on articles.languages:")
    for (label, _), ms in zip(language_pages, indexed, strict=True):
        print(f"  {label:<58} {ms:8.1f} ms  {ms / reference_after:5.2f}x")
    print(f"worst ratio {worst:.2f}x (target <= {TARGET:g}x): {'met' if worst <= TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
