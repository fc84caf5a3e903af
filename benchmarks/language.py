"""Language identification benchmark on ../shared/data/langid-dev.

Per bucket (short, medium, paragraph): accuracy on fi/sv/en (the exact language) and on the
close neighbours et/no/da/de (answered as anything but fi/sv/en), items/s, and the detector's
peak resident memory -- newsflow beside langdetect (seeded), each measured in a process of its
own in the same run. Then mixed documents built from the dev set: fi+en and fi+sv releases
(a block of one language, then a block of the other, items from every bucket), scored per
paragraph with newsflow's article labelling.

Targets: short >= 98.5% on both, medium and paragraph >= 99.5% on both, >= 3,000 items/s,
<= 200 MB resident; mixed documents >= 99% of paragraphs right.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/language.py
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "langid-dev" / "devset.jsonl"
THREE = {"fi", "sv", "en"}
BUCKETS = ("short", "medium", "paragraph")


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def worker(name: str, path: Path) -> None:
    """In a child process: load one detector, label every item, report answers, speed, memory."""
    import resource

    rows = load(path)
    if name == "newsflow":
        from newsflow.language import detect

        fn = detect
    else:
        from langdetect import DetectorFactory, LangDetectException, detect as ld

        def fn(text: str) -> str:
            DetectorFactory.seed = 0
            try:
                return ld(text).split("-")[0]
            except LangDetectException:
                return "und"

    fn("warm up the model")
    start = time.perf_counter()
    answers = [fn(r["text"]) for r in rows]
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"answers": answers, "items_s": len(rows) / seconds, "rss_mb": rss}))


def accuracy(rows: list[dict], answers: list[str]) -> dict[str, tuple[float, float]]:
    out = {}
    for bucket in BUCKETS:
        ok3 = n3 = oko = no = 0
        for r, a in zip(rows, answers):
            if r["bucket"] != bucket:
                continue
            if r["lang"] in THREE:
                n3 += 1
                ok3 += a == r["lang"]
            else:
                no += 1
                oko += a not in THREE
        out[bucket] = (ok3 / n3, oko / no)
    return out


def mixed_documents(rows: list[dict], first: str, second: str, n: int = 200, seed: int = 1) -> float:
    """Share of paragraphs labelled right in n documents: 2-5 items of one language, then 2-5 of the other."""
    from newsflow.language import label_article
    from newsflow.models import Article, Paragraph

    rng = random.Random(seed)
    pools = {lang: [r["text"] for r in rows if r["lang"] == lang] for lang in (first, second)}
    right = total = 0
    for _ in range(n):
        gold = [first] * rng.randint(2, 5) + [second] * rng.randint(2, 5)
        paras = tuple(Paragraph(rng.choice(pools[lang])) for lang in gold)
        labelled = label_article(Article(url="x", paragraphs=paras))
        right += sum(p.language == g for p, g in zip(labelled.paragraphs, gold))
        total += len(gold)
    return right / total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.data)
        return 0
    rows = load(args.data)
    results = {}
    for name in ("newsflow", "langdetect"):
        out = subprocess.run([sys.executable, __file__, "--worker", name, "--data", str(args.data)],
                             capture_output=True, text=True)
        if out.returncode != 0:
            print(f"{name}: failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        results[name] = json.loads(out.stdout)
    print(f"language benchmark: {len(rows)} items from {args.data}")
    print(f"{'detector':<12} {'bucket':<10} {'fi/sv/en':>9} {'other':>7} {'items/s':>9} {'peak MB':>8}")
    for name, r in results.items():
        acc = accuracy(rows, r["answers"])
        for i, bucket in enumerate(BUCKETS):
            speed = f"{r['items_s']:9.0f} {r['rss_mb']:8.0f}" if i == 0 else ""
            print(f"{name if i == 0 else '':<12} {bucket:<10} {acc[bucket][0]:9.2%} {acc[bucket][1]:7.2%} {speed}")
    ours = results["newsflow"]
    acc = accuracy(rows, ours["answers"])
    fi_en = mixed_documents(rows, "fi", "en")
    fi_sv = mixed_documents(rows, "fi", "sv")
    print(f"mixed documents, paragraphs labelled right: fi+en {fi_en:.2%}, fi+sv {fi_sv:.2%} (target >= 99%)")
    ok = (min(acc["short"]) >= 0.985 and min(acc["medium"]) >= 0.995 and min(acc["paragraph"]) >= 0.995
          and ours["items_s"] >= 3000 and ours["rss_mb"] <= 200 and fi_en >= 0.99 and fi_sv >= 0.99)
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
