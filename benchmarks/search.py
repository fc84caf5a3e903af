"""Search benchmark over 100,000 generated articles.

Articles are generated from the dev texts (../shared/data/langid-dev: Finnish, Swedish, English
sentences) with partner names mixed in; they are written straight into an archive (articles,
tags, and the search index of words and lemmas, as newsflow writes them). Printed, beside a
plain FTS5 query over the raw text (no lemmas) measured in the same run:

- the median latency of `newsflow search` (Archive.search: lemmatised query, ranking, snippets,
  which column matched) for inflected queries;
- the time of a Datasette facet page (partner, language, month and tags) on the articles table, and of a partner's
  page in the reading room (its newest releases, and whom to call: the most it reads, as no release names one);
- a cold `newsflow search` (a new process: `.venv/bin/newsflow search QUERY --db ...`) against a
  cold `newsflow --version`, alternated, medians: target ratio <= 1.5, and the search process's
  own peak resident memory (from wait4, in a small launcher process: see memory.py) <= 150 MB.
  Lemmas come from the on-disk lexicon, which
  this script opens (building it if this machine has none) before anything is timed. For
  reference, the same cold search with simplemma's in-memory dictionaries (before the lexicon).

Run: .venv/bin/python benchmarks/search.py [--articles 100000] [--cold 7]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from newsflow.archive import SEARCH_TABLE, Archive, _search_columns
from newsflow.browse import make_datasette
from newsflow.config import default_config
from newsflow.lexicon import open_lexicon, search_query

sys.path.insert(0, str(Path(__file__).resolve().parent))
from memory import spawned  # noqa: E402  (benchmarks/memory.py, beside this file)

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "langid-dev" / "devset.jsonl"
MENTIONS = {
    "fi": ["HOPE-hankkeessa", "Seinäjoen kaupungilla", "Toimintojen talossa", "Euroopan sosiaalirahastosta"],
    "sv": ["1000-jobb-projektet", "Coompanions", "kommunförsöket", "Europeiska socialfonden"],
    "en": ["the HOPE project", "House of Actions", "City of Maribor", "the European Social Fund"],
}
TAGS = {
    "HOPE": "hope",
    "Seinäjoen": "seinajoki-city",
    "Toimintojen": "house-of-actions",
    "sosiaalirahasto": "esf",
    "1000-jobb": "1000-jobb",
    "Coompanion": "coompanion",
    "kommunförsöket": "employment-pilot",
    "socialfonden": "esf",
    "House": "house-of-actions",
    "Maribor": "maribor",
    "Social Fund": "esf",
}
QUERIES = [
    "Seinäjoella",
    "hankkeessa",
    "projekt",
    "kaupunki",
    "företagen",
    "Maribor",
    "työllisyyden",
    "socialfonden",
    "kuntakokeilu",
    "Coompanion",
]
NEWSFLOW = Path(sys.executable).with_name("newsflow")
COLD_QUERIES = ["Seinäjoella", "hankkeessa HOPE", "företagen", "EU:n"]
PARTNERS = ["City of Seinäjoki", "Coompanion", "HOPE project", "ERNACT", "Derry City and Strabane District Council"]


def generate(archive: Archive, rows: list[dict], n: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    by_lang = {lang: [r["text"] for r in rows if r["lang"] == lang and r["bucket"] != "short"] for lang in MENTIONS}
    db = archive.db
    archive.sync_tags(default_config().tags)
    with archive.transaction():
        for i in range(1, n + 1):
            lang = rng.choice(list(MENTIONS))
            paragraphs = []
            for _ in range(4):
                text = rng.choice(by_lang[lang])
                if rng.random() < 0.3:
                    text = f"{text} {rng.choice(MENTIONS[lang])}."
                paragraphs.append(text)
            text = "\n".join(paragraphs)
            tags = sorted({tag for key, tag in TAGS.items() if key in text})
            month = f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}"
            db.execute(
                """insert into articles (id, url, title, text, translation, language, mixed, languages, published,
                   month, partner, source_id, tags, content_hash, first_seen, status)
                   values (?, ?, ?, ?, '', ?, 0, ?, ?, ?, ?, null, ?, ?, ?, 'new')""",
                [
                    i,
                    f"https://bench.example/{i}",
                    f"Uutinen {i}",
                    text,
                    lang,
                    json.dumps([lang]),
                    f"{month}-15",
                    month,
                    rng.choice(PARTNERS),
                    json.dumps(tags),
                    f"h{i}",
                    f"{month}-15T00:00:00+00:00",
                ],
            )
            db.execute(
                f"insert into {SEARCH_TABLE} (rowid, title, text, translation, attachments) values (?, ?, ?, ?, ?)",
                [i, *_search_columns(f"Uutinen {i}", lang, [(p, lang) for p in paragraphs], [], "")],
            )
            db.execute("insert into plain_fts (rowid, title, text) values (?, ?, ?)", [i, f"Uutinen {i}", text])
            for tag in tags:
                db.execute(
                    "insert into article_tags (article_id, tag_id, surface, mentions, evidence) values (?, ?, "
                    "'', 1, '[]')",
                    [i, tag],
                )


def cold(argv: list[str]) -> tuple[float, float]:
    """Run a command in a new process: its wall time (ms) and its own peak resident memory (MB), measured by
    memory.py's launcher (not from this process, whose own memory wait4 would count in the child's peak)."""
    seconds, peak_mb, code = spawned(argv)
    assert code == 0, (argv, code)
    return seconds * 1000, peak_mb


def cold_before(db_path: Path, repeat: int) -> tuple[float, float]:
    """A cold search as before the lexicon (simplemma's in-memory dictionaries): median ms, peak MB."""
    runs = [
        cold(
            [
                sys.executable,
                __file__,
                "--child-old-lemmas",
                "search",
                COLD_QUERIES[i % len(COLD_QUERIES)],
                "--db",
                str(db_path),
            ]
        )
        for i in range(repeat)
    ]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def cold_start(db_path: Path, repeat: int) -> tuple[float, float, float, float]:
    """Medians of a cold `newsflow --version` and a cold `newsflow search`, alternated, and peak memory."""
    cold([str(NEWSFLOW), "--version"])  # the first start after a build also reads the files from disk
    version, search, version_mb, search_mb = [], [], [], []
    for i in range(repeat):
        ms, mb = cold([str(NEWSFLOW), "--version"])
        version.append(ms)
        version_mb.append(mb)
        ms, mb = cold([str(NEWSFLOW), "search", COLD_QUERIES[i % len(COLD_QUERIES)], "--db", str(db_path)])
        search.append(ms)
        search_mb.append(mb)
    return statistics.median(version), statistics.median(search), max(version_mb), max(search_mb)


def median_ms(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    if sys.argv[1:2] == ["--child-old-lemmas"]:
        from memory import use_old_lemmas  # benchmarks/memory.py, beside this file
        from newsflow.cli import cli

        use_old_lemmas()
        return cli(sys.argv[2:])  # type: ignore[no-any-return]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--cold", type=int, default=7, help="cold starts of each command (median)")
    args = parser.parse_args()
    lexicon = open_lexicon().path  # built once per machine: not part of any timing
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    work = Path(tempfile.mkdtemp(prefix="newsflow-search-bench-"))
    db_path = work / "archive.db"
    with Archive(db_path) as archive:
        archive.db.execute("create virtual table plain_fts using fts5(title, text)")
        start = time.perf_counter()
        generate(archive, rows, args.articles)
        built = time.perf_counter() - start

        ours = [median_ms(lambda q=q: archive.search(q, limit=20)) for q in QUERIES]
        plain_sql = """select a.id, a.title, snippet(plain_fts, 1, '[', ']', '…', 16) from plain_fts
                       join articles a on a.id = plain_fts.rowid where plain_fts match ? order by rank limit 20"""
        plain = [median_ms(lambda q=q: archive.db.execute(plain_sql, [f'"{q}"']).fetchall()) for q in QUERIES]
        lemma_sql = f"""select a.id, a.title from {SEARCH_TABLE} s join articles a on a.id = s.rowid
                        where {SEARCH_TABLE} match ? order by bm25({SEARCH_TABLE}) limit 20"""
        bare = [median_ms(lambda q=q: archive.db.execute(lemma_sql, [search_query(q)]).fetchall()) for q in QUERIES]
        found_ours = sum(len(archive.search(q, limit=1000)) for q in QUERIES)
        found_plain = sum(
            len(archive.db.execute(plain_sql.replace("limit 20", "limit 1000"), [f'"{q}"']).fetchall()) for q in QUERIES
        )

    ds = make_datasette(db_path)
    facet_path = "/archive/articles"  # the page staff open: faceted by partner, source, language, month
    tag_facet_path = "/archive/articles?_facet_array=tags"  # facet by each tag, on demand

    async def page(path: str) -> float:
        start = time.perf_counter()
        response = await ds.client.get(path)
        assert response.status_code == 200, response.status_code
        return (time.perf_counter() - start) * 1000

    async def pages() -> tuple[float, float, float, float]:
        await page("/archive/articles")  # warm up
        facets = statistics.median([await page(facet_path) for _ in range(3)])
        tag_facets = statistics.median([await page(tag_facet_path) for _ in range(3)])
        plain_page = statistics.median([await page("/archive/articles?_nofacet=1") for _ in range(3)])
        # A partner's page: its newsrooms, whom to call (no generated release names a press contact: the most it
        # reads) and its newest releases.
        partner = statistics.median([await page(f"/-/partner/{quote(PARTNERS[0])}") for _ in range(3)])
        return facets, tag_facets, plain_page, partner

    facet_ms, tag_facet_ms, table_ms, partner_ms = asyncio.run(pages())
    version_ms, search_ms, version_mb, search_mb = cold_start(db_path, args.cold)
    before_ms, before_mb = cold_before(db_path, 3)
    shutil.rmtree(work, ignore_errors=True)  # 600 MB at 100,000 articles
    print(
        f"search benchmark: {args.articles:,} generated articles (built in {built:.0f} s); {len(QUERIES)} "
        "inflected queries"
    )
    print(
        f"newsflow search, median                    {statistics.median(ours):8.2f} ms   "
        f"({found_ours:,} results: every inflected form; ranked, snippets, matched column)"
    )
    print(f"  its FTS5 query alone (lemma index), median {statistics.median(bare):8.2f} ms")
    print(
        f"plain FTS5 query on the raw text, median   {statistics.median(plain):8.2f} ms   "
        f"({found_plain:,} results: only the form typed)"
    )
    print(
        f"Datasette articles page with its facets (partner, source, language, month): {facet_ms:.0f} ms; "
        f"plus facet by each tag: {tag_facet_ms:.0f} ms; the page without facets: {table_ms:.0f} ms"
    )
    print(f"reading room: a partner's page (its newest releases, whom to call): {partner_ms:.0f} ms")
    ratio = search_ms / version_ms
    print(
        f"cold newsflow search (new process), median  {search_ms:8.0f} ms   peak {search_mb:5.0f} MB   "
        f"(lexicon {lexicon.stat().st_size / 1e6:.0f} MB on disk, {lexicon})"
    )
    print(f"cold newsflow --version (new process), median {version_ms:8.0f} ms   peak {version_mb:5.0f} MB")
    print(
        f"  for reference, cold search with simplemma's in-memory dictionaries (before): {before_ms:.0f} ms, "
        f"peak {before_mb:.0f} MB"
    )
    print(
        f"cold search / cold --version: {ratio:.2f} (target <= 1.5); search peak {search_mb:.0f} MB (target <= 150 MB)"
    )
    ok = ratio <= 1.5 and search_mb <= 150
    print("cold-start targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
