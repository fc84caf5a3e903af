"""Tagging benchmark: articles/s with the default taxonomy, and `newsflow retag` over 10,000 articles.

Articles are generated from the dev texts (../shared/data/langid-dev: Finnish, Swedish and English
sentences) with partner names mixed in, inflected as partners write them, in about one paragraph
of three; eight paragraphs an article. A plain case-insensitive substring search for every name
of the taxonomy (no inflection, no evidence) is measured in the same run as a reference.

Targets: at least 500 articles/s; retag time printed.

Run: .venv/bin/python benchmarks/tagging.py [--articles 1000] [--archive 10000]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from newsflow.archive import Archive
from newsflow.config import default_config
from newsflow.models import Article, Paragraph
from newsflow.pipeline import Pipeline
from newsflow.tagging import compile_taxonomy, tag_article

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "langid-dev" / "devset.jsonl"
MENTIONS = {
    "fi": ["HOPE-hankkeessa", "Seinäjoen kaupungilla", "Euroopan sosiaalirahastosta", "Toimintojen talossa",
           "SeAMKin", "COSME-ohjelman", "Healthy Kids of Seinäjoki -mallia", "työllisyyden kuntakokeilussa"],
    "sv": ["1000-jobb-projektet", "Coompanions", "ESF:s", "kommunförsöket", "Europeiska socialfonden",
           "sociala företag", "Västra Götalandsregionen"],
    "en": ["the HOPE project", "House of Actions", "Derry and Strabane District Council", "SOCIOLAB",
           "the COSME Programme", "the European Social Fund", "City of Maribor"],
}


def generate(rows: list[dict], n: int, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    by_lang = {lang: [r["text"] for r in rows if r["lang"] == lang and r["bucket"] != "short"] for lang in MENTIONS}
    out = []
    for i in range(n):
        lang = rng.choice(list(MENTIONS))
        paras = []
        for _ in range(8):
            text = rng.choice(by_lang[lang])
            if rng.random() < 0.35:
                text = f"{text} {rng.choice(MENTIONS[lang])} {rng.choice(by_lang[lang])}"
            paras.append(Paragraph(text=text, language=lang))
        out.append(Article(url=f"https://bench.example/{i}", title=f"Uutinen {i}", language=lang, paragraphs=tuple(paras)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--archive", type=int, default=10_000)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    tags = default_config().tags
    compile_taxonomy(tuple(tags))  # compiled once per process, as in a run
    articles = generate(rows, args.articles)

    start = time.perf_counter()
    tagged = [tag_article(a, tags) for a in articles]
    ours = len(articles) / (time.perf_counter() - start)
    names = [n.lower() for t in tags for _, n in t.all_names()]
    start = time.perf_counter()
    for a in articles:
        lowered = [p.text.lower() for p in a.paragraphs]
        [n for n in names for text in lowered if n in text]
    plain = len(articles) / (time.perf_counter() - start)
    with_tags = sum(bool(a.tags) for a in tagged) / len(tagged)

    work = Path(tempfile.mkdtemp(prefix="newsflow-tagging-bench-"))
    db = work / "archive.db"
    big = generate(rows, args.archive, seed=11)
    with Archive(db) as archive:
        for a in big:
            archive.save_article(a)
        start = time.perf_counter()
        n, tag_count = Pipeline(default_config(), archive).retag()
        retag_s = time.perf_counter() - start

    print(f"tagging benchmark: {len(tags)} tags in the default taxonomy; {args.articles} generated articles "
          f"of 8 paragraphs (fi, sv, en)")
    print(f"newsflow tag_article             {ours:8.0f} articles/s   (target >= 500); {with_tags:.0%} of articles tagged")
    print(f"plain substring search (reference) {plain:6.0f} articles/s   newsflow at {ours / plain:.2f} of it")
    print(f"newsflow retag over {n:,} archived articles: {retag_s:.1f} s ({n / retag_s:.0f} articles/s, {tag_count:,} tags)")
    ok = ours >= 500
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
