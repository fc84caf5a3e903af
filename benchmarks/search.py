"""Search benchmark over 100,000 generated articles.

Articles are generated from the dev texts (../shared/data/langid-dev: Finnish, Swedish, English
sentences) with partner names mixed in; they are written straight into an archive (articles,
tags, and the search index of words and lemmas, as newsflow writes them). Printed, beside a
plain FTS5 query over the raw text (no lemmas) measured in the same run:

- the median latency of `newsflow search` (Archive.search: lemmatised query, ranking, snippets,
  which column matched) for inflected queries;
- the time of a Datasette facet page (partner, language, month and tags) on the articles table, and of a partner's
  page in the reading room (its newest releases, and whom to call: the most it reads, as no release names one);
- the same for Slovenian queries in base forms (``SLOVENIAN_QUERIES``: found in their case forms by
  search.slovenian_forms) over a share of Slovenian releases (``--slovenian``, 5% by default: generated from
  benchmarks/data/slovenian_sentences.txt, sentences written for this benchmark), per group of queries: warm (the
  median of 3, as above), asked first (the lookups' caches emptied before each) and the Slovenian forms lookup
  alone, asked first;
- a cold `newsflow search` that finds nothing (``COLD_NOTHING``: what to try is counted over many searches);
- a cold `newsflow search` (a new process: `.venv/bin/newsflow search QUERY --db ...`) against a
  cold `newsflow --version`, alternated, medians: target ratio <= 1.5, and the search process's
  own peak resident memory (from wait4, in a small launcher process: see memory.py) <= 150 MB.
  Lemmas come from the on-disk lexicon, which
  this script opens (building it if this machine has none) before anything is timed. For
  reference, the same cold search with simplemma's in-memory dictionaries (before the lexicon).

Every release's languages are written to article_languages, as the archive writes them (the Slovenian lookup asks it).

Old against new in one run, against the same archive (ratios, not times, where other work loads the machine):
``--compare old=/path/to/old/src --compare new=/path/to/new/src`` runs each version's measures in a process of its
own (PYTHONPATH), the versions alternated, ``--rounds`` times, and its cold starts alternated the same way.

Run: .venv/bin/python benchmarks/search.py [--articles 100000] [--cold 7] [--slovenian 0.05] [--compare NAME=SRC ...]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import newsflow.search as search_module
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
SLOVENIAN_DATA = Path(__file__).resolve().parent / "data" / "slovenian_sentences.txt"
SLOVENIAN_MENTIONS = ["Mestni občini Maribor", "projektu HOPE", "Evropskega socialnega sklada", "socialnih podjetij"]
# Base forms, as staff type them; the archive holds their case forms ("projekta", "občini", "mestu", "socialnega
# podjetja"); "obcina" typed without its accent.
SLOVENIAN_QUERIES = ["projekt", "občina", "mesto", "socialno podjetje", "obcina"]
COLD_SLOVENIAN = ["projekt", "občina", "mesto", "socialno podjetje"]
NEWSFLOW = Path(sys.executable).with_name("newsflow")
COLD_QUERIES = ["Seinäjoella", "hankkeessa HOPE", "företagen", "EU:n"]
# Searches that find nothing, where what to try is counted over many searches: a question with a word no release
# holds, and a pasted paragraph of 53 words with one (search probe, s45: 1.7 s cold on 100,000 releases, 1.0 s once
# those counts asked for no page of results).
COLD_NOTHING = [
    "what did Coompanion publish about xyzzy-jobb",
    "The City of Seinäjoki and its partners in the HOPE project met in Maribor to share good practices in "
    "employment services for young people and long-term unemployed, with a focus on social enterprises, community "
    "work programmes and the role of municipalities in guiding people into work and training across the regions "
    "involved xyzzyq",
]
PARTNERS = ["City of Seinäjoki", "Coompanion", "HOPE project", "ERNACT", "Derry City and Strabane District Council"]


def slovenian_sentences(path: Path = SLOVENIAN_DATA) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def generate(archive: Archive, rows: list[dict], n: int, seed: int = 3, slovenian: float = 0.0) -> None:
    """``n`` articles; a share ``slovenian`` of them Slovenian, drawn from a random stream of their own (the others
    are the same articles, in the same order, as with none)."""
    rng = random.Random(seed)
    sl_rng = random.Random(seed + 1)
    sl_texts = slovenian_sentences() if slovenian else []
    by_lang = {lang: [r["text"] for r in rows if r["lang"] == lang and r["bucket"] != "short"] for lang in MENTIONS}
    db = archive.db
    archive.sync_tags(default_config().tags)
    with archive.transaction():
        for i in range(1, n + 1):
            paragraphs = []
            if slovenian and sl_rng.random() < slovenian:
                lang = "sl"
                for _ in range(4):
                    text = " ".join(sl_rng.sample(sl_texts, 3))
                    if sl_rng.random() < 0.3:
                        text = f"{text} {sl_rng.choice(SLOVENIAN_MENTIONS)}."
                    paragraphs.append(text)
                month = f"20{sl_rng.randint(18, 25)}-{sl_rng.randint(1, 12):02d}"
                partner = sl_rng.choice(PARTNERS)
            else:
                lang = rng.choice(list(MENTIONS))
                for _ in range(4):
                    text = rng.choice(by_lang[lang])
                    if rng.random() < 0.3:
                        text = f"{text} {rng.choice(MENTIONS[lang])}."
                    paragraphs.append(text)
                month = f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}"
                partner = rng.choice(PARTNERS)
            text = "\n".join(paragraphs)
            tags = sorted({tag for key, tag in TAGS.items() if key in text})
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
                    partner,
                    json.dumps(tags),
                    f"h{i}",
                    f"{month}-15T00:00:00+00:00",
                ],
            )
            db.execute("insert into article_languages (article_id, language) values (?, ?)", [i, lang])
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


@contextlib.contextmanager
def python_path(src: str) -> Iterator[None]:
    """Processes started meanwhile import newsflow from ``src`` (before the installed one)."""
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = src
    try:
        yield
    finally:
        if before is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = before


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


def cold_start(db_path: Path, repeat: int) -> dict[str, tuple[float, float]]:
    """Medians of a cold `newsflow --version`, a cold `newsflow search` and one of a Slovenian query, alternated, and
    each one's peak memory: {"version"|"search"|"slovenian"|"nothing": (ms, MB)}."""
    cold([str(NEWSFLOW), "--version"])  # the first start after a build also reads the files from disk
    runs: dict[str, list[tuple[float, float]]] = {"version": [], "search": [], "slovenian": [], "nothing": []}
    for i in range(repeat):
        runs["version"].append(cold([str(NEWSFLOW), "--version"]))
        runs["search"].append(
            cold([str(NEWSFLOW), "search", COLD_QUERIES[i % len(COLD_QUERIES)], "--db", str(db_path)])
        )
        runs["slovenian"].append(
            cold([str(NEWSFLOW), "search", COLD_SLOVENIAN[i % len(COLD_SLOVENIAN)], "--db", str(db_path)])
        )
        runs["nothing"].append(
            cold([str(NEWSFLOW), "search", COLD_NOTHING[i % len(COLD_NOTHING)], "--db", str(db_path)])
        )
    return {k: (statistics.median(r[0] for r in v), max(r[1] for r in v)) for k, v in runs.items()}


def median_ms(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def forget() -> None:
    """Empty the caches search.py keeps of its lookups while the archive stands (a query asked for the first time)."""
    for name in ("_ACCENTS_SEEN", "_SLOVENIAN_SEEN"):
        cache = getattr(search_module, name, None)
        if cache is not None:
            cache.clear()


def first_ms(fn, repeat: int = 3) -> float:
    """The median time of ``fn`` asked first: the lookups' caches emptied before each run."""
    times = []
    for _ in range(repeat):
        forget()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


GROUPS = {"inflected": QUERIES, "Slovenian": SLOVENIAN_QUERIES}


def measure(archive: Archive) -> dict:
    """Each group's queries: warm and asked-first times of newsflow search, its FTS5 query alone, the Slovenian forms
    lookup alone (None before it was written), and what was found (to tell whether two versions find the same)."""
    conn = archive.db.conn
    forms_of = getattr(search_module, "slovenian_forms", None)
    lemma_sql = f"""select a.id, a.title from {SEARCH_TABLE} s join articles a on a.id = s.rowid
                    where {SEARCH_TABLE} match ? order by bm25({SEARCH_TABLE}) limit 20"""

    def lookup(q: str) -> dict[str, list[str]]:
        assert forms_of is not None
        return forms_of(conn, q, search_module.spelled_with_accents(conn, q))  # type: ignore[no-any-return]

    def lookup_alone(q: str) -> float:
        assert forms_of is not None
        times = []
        for _ in range(3):
            forget()
            accents = search_module.spelled_with_accents(conn, q)
            start = time.perf_counter()
            forms_of(conn, q, accents)
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)

    out: dict = {"newsflow": str(Path(search_module.__file__).parent)}
    for group, queries in GROUPS.items():
        found = [[r["url"] for r in archive.search(q, limit=1000)] for q in queries]
        out[group] = {
            "warm": [median_ms(lambda q=q: archive.search(q, limit=20)) for q in queries],
            "first": [first_ms(lambda q=q: archive.search(q, limit=20)) for q in queries],
            "bare": [median_ms(lambda q=q: conn.execute(lemma_sql, [search_query(q)]).fetchall()) for q in queries],
            "lookup": [lookup_alone(q) for q in queries] if forms_of else None,
            "forms": [lookup(q) for q in queries] if forms_of else None,
            "found": [len(f) for f in found],
            "total": [search_module.find_articles(conn, q, limit=1).total for q in queries],
            "found_hash": hashlib.sha1(json.dumps(found).encode()).hexdigest()[:12],  # (the first 1,000, in order)
        }
    return out


def group_lines(m: dict) -> list[str]:
    lines = []
    for group, queries in GROUPS.items():
        g = m[group]
        lookup = f"{statistics.median(g['lookup']):7.2f} ms" if g["lookup"] is not None else "   (none)"
        lines.append(
            f"  {group + f' ({len(queries)})':<15} warm {statistics.median(g['warm']):7.2f} ms   asked first "
            f"{statistics.median(g['first']):7.2f} ms   slowest first {max(g['first']):7.2f} ms   "
            f"Slovenian forms lookup alone (first) {lookup}   ({sum(g['total']):,} matches)"
        )
    return lines


def build(db_path: Path, rows: list[dict], n: int, slovenian: float) -> float:
    """Write ``n`` generated articles into a new archive at ``db_path`` (and a plain FTS5 table of their raw text,
    the reference): the seconds it took."""
    with Archive(db_path) as archive:
        archive.db.execute("create virtual table plain_fts using fts5(title, text)")
        start = time.perf_counter()
        generate(archive, rows, n, slovenian=slovenian)
        return time.perf_counter() - start


def copies(db_path: Path, versions: list[tuple[str, str]]) -> dict[str, Path]:
    """A copy of the archive for each version: a newer version upgrades its copy when it opens it (its migrations),
    and an older one would refuse an archive a newer one had upgraded. Made before anything opens the archive, which
    --compare has the first (oldest) version build."""
    out = {}
    with sqlite3.connect(db_path) as source:
        for name, _ in versions:
            out[name] = db_path.with_name(f"archive-{name}.db")
            with sqlite3.connect(out[name]) as target:
                source.backup(target)
            target.close()
    source.close()
    return out


def compare(dbs: dict[str, Path], versions: list[tuple[str, str]], rounds: int, repeat: int) -> None:
    """Each version's measures in processes of its own, alternated, each on its copy of one archive: ratios to the
    first."""
    got: dict[str, list[dict]] = {name: [] for name, _ in versions}
    for r in range(rounds):
        for name, src in versions if r % 2 == 0 else versions[::-1]:
            with python_path(src):
                done = subprocess.run(
                    [sys.executable, __file__, "--child-measure", str(dbs[name])], capture_output=True, text=True
                )
            if done.returncode:  # say why: its error, not only that it failed
                sys.exit(f"{name} ({src}): its measures failed (exit {done.returncode}):\n{done.stderr}")
            got[name].append(json.loads(done.stdout))
    colds: dict[str, dict[str, list[tuple[float, float]]]] = {
        name: {"version": [], "search": [], "slovenian": [], "nothing": []} for name, _ in versions
    }
    for i in range(repeat + 1):
        for name, src in versions if i % 2 == 0 else versions[::-1]:
            with python_path(src):
                runs = (
                    ("version", [str(NEWSFLOW), "--version"]),
                    ("search", [str(NEWSFLOW), "search", COLD_QUERIES[i % len(COLD_QUERIES)], "--db", str(dbs[name])]),
                    ("slovenian", [str(NEWSFLOW), "search", COLD_SLOVENIAN[i % 4], "--db", str(dbs[name])]),
                    ("nothing", [str(NEWSFLOW), "search", COLD_NOTHING[i % 2], "--db", str(dbs[name])]),
                )
                for kind, argv in runs:
                    result = cold(argv)
                    if i:  # (the first round reads the files from disk)
                        colds[name][kind].append(result)
    first = versions[0][0]

    def med(name: str, group: str, key: str) -> float:
        """The median over rounds of the group's median."""
        return statistics.median(statistics.median(m[group][key]) for m in got[name])

    def per_query(name: str, group: str, key: str) -> list[float] | None:
        """Each query's median over rounds."""
        if got[name][0][group][key] is None:
            return None
        return [statistics.median(m[group][key][i] for m in got[name]) for i in range(len(GROUPS[group]))]

    print(f"old against new: {rounds} rounds of each version's measures, alternated; {repeat} cold starts each")
    for name, _ in versions:
        m = got[name][0]
        print(f"{name}: newsflow from {m['newsflow']}")
        for line in group_lines(
            {g: {**m[g], **{k: per_query(name, g, k) for k in ("warm", "first", "lookup")}} for g in GROUPS}
        ):
            print(line)
        for group in GROUPS:
            same = all(m[group]["found_hash"] == got[first][0][group]["found_hash"] for m in got[name])
            said = "the same first 1,000 as " + first if same else "other first 1,000 than " + first
            print(f"    {group}: matches per query {m[group]['total']} ({said})")
            if m[group]["forms"] is not None and group == "Slovenian":
                print(f"    Slovenian forms found: {m[group]['forms']}")
        c = {k: (statistics.median(x[0] for x in v), max(x[1] for x in v)) for k, v in colds[name].items()}
        print(
            f"  cold: search / --version {c['search'][0] / c['version'][0]:.2f}, Slovenian search / --version "
            f"{c['slovenian'][0] / c['version'][0]:.2f}, a search that finds nothing / --version "
            f"{c['nothing'][0] / c['version'][0]:.2f}; peaks {c['search'][1]:.0f} / {c['slovenian'][1]:.0f} MB "
            "(targets <= 1.5, <= 150 MB)"
        )
    for name, _ in versions[1:]:
        ratios = []
        for group in GROUPS:
            for key in ("warm", "first"):
                ratios.append(f"{group} {key} {med(name, group, key) / med(first, group, key):.2f}x")
        cs = [
            statistics.median(x[0] for x in colds[name][k]) / statistics.median(x[0] for x in colds[first][k])
            for k in ("version", "search", "slovenian")
        ]
        print(
            f"{name} / {first}: " + ", ".join(ratios) + f"; cold --version {cs[0]:.2f}x, cold search {cs[1]:.2f}x, "
            f"cold Slovenian search {cs[2]:.2f}x"
        )


def main() -> int:
    if sys.argv[1:2] == ["--child-measure"]:
        with Archive(Path(sys.argv[2])) as archive:
            print(json.dumps(measure(archive)))
        return 0
    if sys.argv[1:2] == ["--child-build"]:  # --child-build DB DATA N SLOVENIAN: the archive, by this version
        rows = [json.loads(line) for line in Path(sys.argv[3]).read_text(encoding="utf-8").splitlines() if line.strip()]
        print(json.dumps(build(Path(sys.argv[2]), rows, int(sys.argv[4]), float(sys.argv[5]))))
        return 0
    if sys.argv[1:2] == ["--child-old-lemmas"]:
        from memory import use_old_lemmas  # benchmarks/memory.py, beside this file
        from newsflow.cli import cli

        use_old_lemmas()
        return cli(sys.argv[2:])  # type: ignore[no-any-return]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--cold", type=int, default=7, help="cold starts of each command (median)")
    parser.add_argument("--slovenian", type=float, default=0.05, help="share of Slovenian articles (0.05)")
    parser.add_argument(
        "--compare",
        action="append",
        default=[],
        metavar="NAME=SRC",
        help="a version's source directory (its src/) to measure against the others, alternated; the first is the base",
    )
    parser.add_argument("--rounds", type=int, default=4, help="rounds of each version's measures with --compare")
    args = parser.parse_args()
    lexicon = open_lexicon().path  # built once per machine: not part of any timing
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    work = Path(tempfile.mkdtemp(prefix="newsflow-search-bench-"))
    db_path = work / "archive.db"
    versions = [tuple(v.split("=", 1)) for v in args.compare]
    if versions:  # built by the first version (the oldest: a newer one upgrades its copy, an older one cannot)
        with python_path(versions[0][1]):
            argv = [sys.executable, __file__, "--child-build", str(db_path), str(args.data), str(args.articles)]
            done = subprocess.run([*argv, str(args.slovenian)], capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"{versions[0][0]} could not build the archive (exit {done.returncode}):\n{done.stderr}")
        built, dbs = json.loads(done.stdout), copies(db_path, versions)
    else:
        built = build(db_path, rows, args.articles, args.slovenian)
    with Archive(db_path) as archive:
        slovenian = archive.db.execute("select count(*) from article_languages where language = 'sl'").fetchone()[0]

        measured = measure(archive)
        ours = measured["inflected"]["warm"]
        plain_sql = """select a.id, a.title, snippet(plain_fts, 1, '[', ']', '…', 16) from plain_fts
                       join articles a on a.id = plain_fts.rowid where plain_fts match ? order by rank limit 20"""
        plain = [median_ms(lambda q=q: archive.db.execute(plain_sql, [f'"{q}"']).fetchall()) for q in QUERIES]
        bare = measured["inflected"]["bare"]
        found_ours = sum(measured["inflected"]["found"])
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
    colds = cold_start(db_path, args.cold)
    (version_ms, version_mb), (search_ms, search_mb), (sl_ms, sl_mb) = (
        colds["version"],
        colds["search"],
        colds["slovenian"],
    )
    before_ms, before_mb = cold_before(db_path, 3)
    print(
        f"search benchmark: {args.articles:,} generated articles (built in {built:.0f} s; {slovenian:,} of them "
        f"Slovenian); {len(QUERIES)} inflected queries"
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
    print("per group of queries, the median of its queries ('asked first': search.py's lookups' caches emptied):")
    for line in group_lines(measured):
        print(line)
    print(f"reading room: a partner's page (its newest releases, whom to call): {partner_ms:.0f} ms")
    ratio = search_ms / version_ms
    print(
        f"cold newsflow search (new process), median  {search_ms:8.0f} ms   peak {search_mb:5.0f} MB   "
        f"(lexicon {lexicon.stat().st_size / 1e6:.0f} MB on disk, {lexicon})"
    )
    print(f"cold newsflow --version (new process), median {version_ms:8.0f} ms   peak {version_mb:5.0f} MB")
    print(
        f"cold newsflow search, a Slovenian query ({', '.join(COLD_SLOVENIAN)}), median {sl_ms:8.0f} ms   "
        f"peak {sl_mb:5.0f} MB   (/ --version: {sl_ms / version_ms:.2f})"
    )
    nothing_ms, nothing_mb = colds["nothing"]
    print(
        f"cold newsflow search that finds nothing (a question, a pasted paragraph: what to try counted), median "
        f"{nothing_ms:8.0f} ms   peak {nothing_mb:5.0f} MB   (/ --version: {nothing_ms / version_ms:.2f})"
    )
    print(
        f"  for reference, cold search with simplemma's in-memory dictionaries (before): {before_ms:.0f} ms, "
        f"peak {before_mb:.0f} MB"
    )
    print(
        f"cold search / cold --version: {ratio:.2f} (target <= 1.5); search peak {search_mb:.0f} MB (target <= 150 MB)"
    )
    ok = ratio <= 1.5 and search_mb <= 150 and sl_ms / version_ms <= 1.5 and sl_mb <= 150
    print("cold-start targets met" if ok else "TARGET MISSED")
    if args.compare:
        compare(dbs, versions, args.rounds, args.cold)
    shutil.rmtree(work, ignore_errors=True)  # 600 MB at 100,000 articles
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
