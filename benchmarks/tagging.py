"""Tagging benchmark: precision and recall on real partner texts, articles/s, and `newsflow retag`.

Accuracy: benchmarks/data/tagging/texts.jsonl holds real texts by and about the partners (fi, sv,
en, mixed fi/en, two Slovenian) from public pages, each labelled by hand with the tags it
mentions (the rules are in benchmarks/data/tagging/README.md). Scored per text: a tag found and
labelled is a true positive. Projects, programmes, practices, organisations and places are
scored; topics are not labelled. Reported for the part the rules were written on ("dev") and for
the part that was not run through the tagger until the rules were final ("held-out").

Speed: articles are generated from the dev texts (../shared/data/langid-dev: Finnish, Swedish and
English sentences) with partner names mixed in, inflected as partners write them, in about one
paragraph of three; eight paragraphs an article. A plain case-insensitive substring search for
every name of the taxonomy (no inflection, no evidence) is measured in the same run as a
reference; each is timed three times, interleaved, and the best time counts (a noisy machine).

Then texts written for the purpose (benchmarks/data/tagging/written.jsonl, see its README): "written-P",
read item by item when rules were chosen, and "written-R", scored for counts only. No target applies there.
And Slovenian texts written for names.sl in their case forms (written_sl.jsonl): "sl-A", read when the rules and
names were chosen, "sl-B", scored for counts only; every kind of tag is scored there, topics too, each text tagged
as Slovenian.

And passages written in session 42 (written_s42.jsonl): "s42-A", read when the rules were chosen, "s42-B", scored
for counts only; projects, programmes, practices, organisations and places scored, each text tagged as its language.

Targets: precision >= 0.95 and recall >= 0.93 on each part of the real texts; at least 1,000 articles/s.

Run: .venv/bin/python benchmarks/tagging.py [--articles 1000] [--archive 10000] [--show]
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
from newsflow.tagging import compile_taxonomy, tag_article, tag_text

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "langid-dev" / "devset.jsonl"
LABELLED = Path(__file__).resolve().parent / "data" / "tagging" / "texts.jsonl"
SCORED_KINDS = frozenset({"project", "programme", "practice", "organisation", "place"})
MENTIONS = {
    "fi": [
        "HOPE-hankkeessa",
        "Seinäjoen kaupungilla",
        "Euroopan sosiaalirahastosta",
        "Toimintojen talossa",
        "SeAMKin",
        "COSME-ohjelman",
        "Healthy Kids of Seinäjoki -mallia",
        "työllisyyden kuntakokeilussa",
    ],
    "sv": [
        "1000-jobb-projektet",
        "Coompanions",
        "ESF:s",
        "kommunförsöket",
        "Europeiska socialfonden",
        "sociala företag",
        "Västra Götalandsregionen",
    ],
    "en": [
        "the HOPE project",
        "House of Actions",
        "Derry and Strabane District Council",
        "SOCIOLAB",
        "the COSME Programme",
        "the European Social Fund",
        "City of Maribor",
    ],
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
        out.append(
            Article(url=f"https://bench.example/{i}", title=f"Uutinen {i}", language=lang, paragraphs=tuple(paras))
        )
    return out


def accuracy(
    path: Path,
    show: bool,
    unread: frozenset[str] = frozenset(),
    scored: frozenset[str] = SCORED_KINDS,
    by_language: bool = False,
) -> dict[str, tuple[int, int, int, int]]:
    """(texts, true positives, false positives, false negatives) per part of the labelled set.

    ``show`` lists the texts whose tags differ from their labels, except in the ``unread`` parts (counts only).
    ``scored``: the kinds of tag scored; ``by_language``: each text tagged as in its ``lang`` (else as unknown).
    """
    kinds = {t.id: t.kind for t in default_config().tags}
    out: dict[str, list[int]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        unknown = set(row["tags"]) - set(kinds)
        if unknown:
            raise SystemExit(f"{path}: {row['id']} is labelled with tags the taxonomy does not have: {sorted(unknown)}")
        gold = set(row["tags"])
        found = tag_text(row["text"], row["lang"] if by_language else None)
        predicted = {t.id for t in found if kinds[t.id] in scored}
        counts = out.setdefault(row["split"], [0, 0, 0, 0])
        counts[0] += 1
        counts[1] += len(gold & predicted)
        counts[2] += len(predicted - gold)
        counts[3] += len(gold - predicted)
        if show and predicted != gold and row["split"] not in unread:
            evidence = {t.id: [h.surface for h in t.evidence][:3] for t in found}
            print(
                f"  {row['split']:<8} {row['id']}: wrong { ({t: evidence[t] for t in predicted - gold}) } "
                f"missed {sorted(gold - predicted)}"
            )
    return {k: (v[0], v[1], v[2], v[3]) for k, v in out.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--labelled", type=Path, default=LABELLED)
    parser.add_argument("--written", type=Path, default=LABELLED.with_name("written.jsonl"))
    parser.add_argument("--slovenian", type=Path, default=LABELLED.with_name("written_sl.jsonl"))
    parser.add_argument("--probe", type=Path, default=LABELLED.with_name("written_s42.jsonl"))
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--archive", type=int, default=10_000)
    parser.add_argument("--show", action="store_true", help="list every text whose tags differ from its labels")
    args = parser.parse_args()
    ok = True

    start = time.perf_counter()
    tags = default_config().tags
    compile_taxonomy(tuple(tags))  # compiled once per process, as in a run
    cold = time.perf_counter() - start
    parts = accuracy(args.labelled, args.show)
    print(f"tagging benchmark: {len(tags)} tags in the default taxonomy")
    print(
        f"accuracy on real partner texts ({args.labelled.name}; projects, programmes, practices, "
        "organisations, places):"
    )
    print("  part       texts  labels   precision  recall   (targets: precision >= 0.95, recall >= 0.93)")
    for part in ("dev", "held-out"):
        if part not in parts:
            continue
        n, tp, fp, fn = parts[part]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        ok &= precision >= 0.95 and recall >= 0.93
        print(f"  {part:<10} {n:5d}  {tp + fn:6d}   {precision:9.3f}  {recall:6.3f}   ({fp} wrong, {fn} missed)")
    if args.written.exists():
        print(f"texts written for the purpose ({args.written.name}; no target):")
        for part, (n, tp, fp, fn) in accuracy(args.written, args.show, frozenset({"written-R"})).items():
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / (tp + fn) if tp + fn else 1.0
            print(f"  {part:<10} {n:5d}  {tp + fn:6d}   {precision:9.3f}  {recall:6.3f}   ({fp} wrong, {fn} missed)")
    if args.slovenian.exists():
        print(f"Slovenian texts written for the purpose ({args.slovenian.name}; every kind, topics too; tagged as sl):")
        every = SCORED_KINDS | {"topic"}
        for part, (n, tp, fp, fn) in accuracy(args.slovenian, args.show, frozenset({"sl-B"}), every, True).items():
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / (tp + fn) if tp + fn else 1.0
            print(f"  {part:<10} {n:5d}  {tp + fn:6d}   {precision:9.3f}  {recall:6.3f}   ({fp} wrong, {fn} missed)")

    if args.probe.exists():
        print(f"probe passages written for the purpose ({args.probe.name}; no target; each tagged as its language):")
        for part, (n, tp, fp, fn) in accuracy(args.probe, args.show, frozenset({"s42-B"}), SCORED_KINDS, True).items():
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / (tp + fn) if tp + fn else 1.0
            print(f"  {part:<10} {n:5d}  {tp + fn:6d}   {precision:9.3f}  {recall:6.3f}   ({fp} wrong, {fn} missed)")

    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = generate(rows, args.articles)
    names = [n.lower() for t in tags for _, n in t.all_names()]
    ours_s, plain_s = [], []
    for _ in range(3):  # interleaved: both see the same load
        start = time.perf_counter()
        tagged = [tag_article(a, tags) for a in articles]
        ours_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        for a in articles:
            lowered = [p.text.lower() for p in a.paragraphs]
            [n for n in names for text in lowered if n in text]
        plain_s.append(time.perf_counter() - start)
    ours, plain = len(articles) / min(ours_s), len(articles) / min(plain_s)
    with_tags = sum(bool(a.tags) for a in tagged) / len(tagged)
    ok &= ours >= 1000

    from newsflow.pipeline import Pipeline  # only here: the rest measures the tagging module alone

    work = Path(tempfile.mkdtemp(prefix="newsflow-tagging-bench-"))
    big = generate(rows, args.archive, seed=11)
    with Archive(work / "archive.db") as archive:
        for a in big:
            archive.save_article(a)
        start = time.perf_counter()
        done = Pipeline(default_config(), archive).retag()
        n, tag_count = done.articles, done.tagged
        retag_s = time.perf_counter() - start

    print(f"speed on {args.articles} generated articles of 8 paragraphs (fi, sv, en), best of 3:")
    print(
        f"  newsflow tag_article               {ours:8.0f} articles/s   (target >= 1000); {with_tags:.0%} of "
        "articles tagged"
    )
    print(f"  plain substring search (reference) {plain:8.0f} articles/s   newsflow at {ours / plain:.2f} of it")
    print(f"  compiling the taxonomy (cold, with the dictionary that tells words from acronyms): {cold:.2f} s")
    print(
        f"  newsflow retag over {n:,} archived articles: {retag_s:.1f} s ({n / retag_s:.0f} articles/s, "
        f"{tag_count:,} tags)"
    )
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
