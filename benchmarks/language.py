"""Language identification benchmark on ../shared/data/langid-dev, by fold.

The devset is split by source document (benchmarks/language_split.py): newsflow's rules and
thresholds were chosen on fold A; fold B is the held-out half, and the targets apply to it.
Both folds are printed, and a third, "B+": fi/sv/en sentences of the same UD dev files that the
devset does not hold, from documents with nothing in fold A (language_split.unseen_items) -- a
larger unseen sample than fold B's short items, mostly English. Then real partner texts
(benchmarks/data/tagging, never used to choose a language rule): every line of 20 characters or
more, labelled with its text's language, by each detector alone and by newsflow within its text. Then
headlines of real news pages: the title newsflow's extractor gives each English page of extract-dev2, by that
data's folds (by site, as benchmarks/extract.py makes them): the Title Case folding (a headline whose longer
words are all capitalised is read in lower case) was chosen on the tune fold's; both folds are printed.

Per bucket -- short, medium, paragraph, and "headings" (built from the short sentences:
ALL-CAPS, without the final period, and as contact lines with a name, a phone number and an
e-mail address) -- accuracy on fi/sv/en (the exact language) and on the neighbours et/no/da/de
("other": answered as anything but fi/sv/en), and how often the answer was "und". newsflow
beside py3langid (all its languages), fastText (lid.176.ftz, called as it is) and langdetect
(seeded), each in a process of its own in the same run, so its speed and peak resident memory
are its own. Speed is short items per CPU second of the detector's process, best of five
passes, each detector's best of SPEED_ROUNDS processes run in turn. The ratio to py3langid, which
the target applies to, is measured in one more process holding both: PAIRS passes of each over the
same items, alternating (which goes first alternates too): the median of the pairs' ratios, and
the ratio of each one's best pass there. On this shared machine a noisy spell falls on one process
as often as not, and within a pair both meet the same spell; but py3langid slows more than newsflow
when the machine is busy, so the median reads higher than the bests (what each costs on a quiet
machine), and the target asks both to reach 0.8. Then mixed documents built from
each fold (fi+en, fi+sv, sv+en: a block of one language, then a block of the other, items from
the short, medium and paragraph buckets), scored per paragraph with newsflow's article labelling.

Targets on fold B: short >= 99.0% fi/sv/en and >= 99.0% other; medium and paragraph >= 99.7%
on both; >= 5,000 short items/s and >= 0.8 of py3langid's; <= 150 MB peak; mixed documents
>= 99.5% of paragraphs right.

Run: .venv/bin/pip install -U pip && .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/language.py
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from language_split import DEVSET, hard_items, load, split, unseen_items  # noqa: E402

THREE = {"fi", "sv", "en"}
BUCKETS = ("short", "medium", "paragraph", "headings")
DETECTORS = ("newsflow", "py3langid", "fasttext", "langdetect")


PARTNER_TEXTS = Path(__file__).resolve().parent / "data" / "tagging" / "texts.jsonl"


def partner_texts() -> list[dict]:
    """Real partner texts in one language each (benchmarks/data/tagging: 24 en, 13 fi, 13 sv, 2 sl)."""
    if not PARTNER_TEXTS.exists():
        return []
    texts = [json.loads(line) for line in PARTNER_TEXTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [t for t in texts if t["lang"] in THREE | {"sl"}]


def partner_lines() -> list[dict]:
    """Each line of 20 characters or more of the partner texts, labelled with its text's language."""
    return [
        {"text": line.strip(), "lang": t["lang"], "bucket": "partner", "src": t["id"]}
        for t in partner_texts()
        for line in t["text"].splitlines()
        if len(line.strip()) >= 20
    ]


HEADLINE_FOLDS = {"tune": "H-tune", "held-out": "H-held-out"}


def headlines() -> list[dict]:
    """English headlines of real news pages: the title newsflow's extractor gives each English page of
    extract-dev2 (at least 12 letters), with the page's fold of benchmarks/extract.py (by site)."""
    from extract import DATA, load_dev2
    from newsflow.extract import extract

    folder = DATA / "extract-dev2"
    if not (folder / "truth.json").exists():
        return []
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    out = []
    for page in load_dev2(folder, None, None, None):
        if truth[page["id"]]["lang"] != "en":
            continue
        title = extract(page["html"], page["url"]).title
        if sum(c.isalpha() for c in title) >= 12:
            out.append({"text": title, "lang": "en", "bucket": "headline", "src": page["id"], "fold": page["fold"]})
    return out


def items(path: Path, headline_file: Path | None = None) -> tuple[list[dict], list[str]]:
    """Every devset item and the heading bucket, with each one's fold; then fold B+, the partner lines ("P") and
    the headlines of ``headline_file`` (see ``headlines``)."""
    rows = load(path)
    folds = split(rows)
    extra = hard_items(rows, folds)
    unseen = unseen_items(rows, folds)
    partner = partner_lines()
    heads = json.loads(headline_file.read_text(encoding="utf-8")) if headline_file else []
    return (
        rows + [r for r, _ in extra] + unseen + partner + heads,
        folds
        + [f for _, f in extra]
        + ["B+"] * len(unseen)
        + ["P"] * len(partner)
        + [HEADLINE_FOLDS[h["fold"]] for h in heads],
    )


def timed_texts(rows: list[dict], folds: list[str]) -> list[str]:
    """The texts speed is measured on: the devset's short items (folds A and B), as every script times them."""
    return [r["text"] for r, f in zip(rows, folds, strict=True) if r["bucket"] == "short" and f in ("A", "B")]


def detector(name: str):  # noqa: ANN201
    """Load one detector: a function text -> ISO 639-1 code ("und" when it gives none)."""
    if name == "newsflow":
        from newsflow.language import detect

        return detect
    if name == "py3langid":
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        ident = LanguageIdentifier.from_model_file(MODEL_FILE)
        return lambda text: {"nb": "no", "nn": "no"}.get(c := ident.classify(text)[0], c)
    if name == "fasttext":
        from newsflow.language import _load_fasttext

        model = _load_fasttext()

        def ft(text: str) -> str:
            code = model.predict(text.replace("\n", " "), k=1)[0][0].removeprefix("__label__")
            return {"nb": "no", "nn": "no"}.get(code, code)

        return ft
    from langdetect import DetectorFactory, LangDetectException
    from langdetect import detect as ld

    def fn(text: str) -> str:
        DetectorFactory.seed = 0
        try:
            code = ld(text).split("-")[0]
        except LangDetectException:
            return "und"
        return {"nb": "no", "nn": "no"}.get(code, code)

    return fn


SPEED_ROUNDS = 3  # processes of newsflow and py3langid, in turn, whose best speed counts
PAIRS = 21  # alternating passes of newsflow and py3langid in one process: their median ratio and bests' count


def paired(path: Path) -> None:
    """In a child process: newsflow's speed as a ratio to py3langid's, pass by pass (see the docstring)."""
    import statistics

    nf, py = detector("newsflow"), detector("py3langid")
    short = timed_texts(*items(path))
    for text in short:  # both warm: models loaded, caches filled
        nf(text)
        py(text)

    def rate(fn) -> float:  # noqa: ANN001
        start = time.process_time()
        for text in short:
            fn(text)
        return len(short) / (time.process_time() - start)

    ratios, nf_best, py_best = [], 0.0, 0.0
    for i in range(PAIRS):
        if i % 2:
            py_rate = rate(py)
            nf_rate = rate(nf)
        else:
            nf_rate = rate(nf)
            py_rate = rate(py)
        ratios.append(nf_rate / py_rate)
        nf_best, py_best = max(nf_best, nf_rate), max(py_best, py_rate)
    quartiles = statistics.quantiles(ratios, n=4)
    print(
        json.dumps(
            {
                "median": statistics.median(ratios),
                "low": quartiles[0],
                "high": quartiles[2],
                "bests": nf_best / py_best,
            }
        )
    )


def worker(name: str, path: Path, speed_only: bool = False, headline_file: Path | None = None) -> None:
    """In a child process: load one detector, label every item, report answers, speed, memory (with
    ``speed_only``, the speed alone)."""
    import resource

    start = time.perf_counter()
    fn = detector(name)
    fn("warm up the model")
    cold = time.perf_counter() - start
    rows, folds = items(path, headline_file)
    answers = [] if speed_only else [fn(r["text"]) for r in rows]
    short = timed_texts(rows, folds)
    # CPU time of this process, best of five passes: the box is shared and noisy, and wall time
    # there measures the neighbours as much as the detector.
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        for text in short:
            fn(text)
        best = min(best, time.process_time() - start)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"answers": answers, "items_s": len(short) / best, "rss_mb": rss, "cold_s": cold}))


def accuracy(
    rows: list[dict], folds: list[str], answers: list[str], fold: str
) -> dict[str, tuple[float, float, float]]:
    """(fi/sv/en right, other right, share "und") per bucket, on one fold."""
    out = {}
    for bucket in BUCKETS:
        ok3 = n3 = oko = no = und = 0
        for r, f, a in zip(rows, folds, answers, strict=True):
            if r["bucket"] != bucket or f != fold:
                continue
            und += a == "und"
            if r["lang"] in THREE:
                n3 += 1
                ok3 += a == r["lang"]
            else:
                no += 1
                oko += a not in THREE
        out[bucket] = (ok3 / n3, oko / no, und / (n3 + no))
    return out


def mixed_documents(
    rows: list[dict], folds: list[str], fold: str, first: str, second: str, n: int = 300, seed: int = 1
) -> float:
    """Share of paragraphs labelled right in n documents: 2-5 items of one language, then 2-5 of the other."""
    from newsflow.language import label_article
    from newsflow.models import Article, Paragraph

    rng = random.Random(seed)
    pools = {
        lang: [
            r["text"]
            for r, f in zip(rows, folds, strict=True)
            if r["lang"] == lang and f == fold and r["bucket"] != "headings"
        ]
        for lang in (first, second)
    }
    right = total = 0
    for _ in range(n):
        gold = [first] * rng.randint(2, 5) + [second] * rng.randint(2, 5)
        paras = tuple(Paragraph(rng.choice(pools[lang])) for lang in gold)
        labelled = label_article(Article(url="x", paragraphs=paras))
        right += sum(p.language == g for p, g in zip(labelled.paragraphs, gold, strict=True))
        total += len(gold)
    return right / total


def print_unseen(rows: list[dict], unseen: list[int], results: dict[str, dict]) -> None:
    """Fold B+: each detector's share right on short and medium sentences nobody chose rules on."""
    print(
        f"\nfold B+ (never seen: {len(unseen)} fi/sv/en sentences of the same UD dev files, not in the devset, "
        "from documents with nothing in fold A; mostly English): share right"
    )
    for name, r in results.items():
        cells = []
        for bucket in ("short", "medium"):
            idx = [i for i in unseen if rows[i]["bucket"] == bucket]
            right = sum(r["answers"][i] == rows[i]["lang"] for i in idx)
            cells.append(f"{bucket} {right / max(1, len(idx)):.2%} ({len(idx) - right} wrong of {len(idx)})")
        print(f"  {name:<12} " + "   ".join(cells))


def print_partner(rows: list[dict], folds: list[str], results: dict[str, dict]) -> None:
    """Real partner texts: each detector per line, and newsflow's labelling of each line within its text."""
    from newsflow.language import label_article
    from newsflow.models import Article, Paragraph

    idx = [i for i, f in enumerate(folds) if f == "P"]
    if not idx:
        return
    texts = partner_texts()

    def right(lang: str, answer: str) -> bool:
        return answer == lang if lang in THREE else answer not in THREE

    print(
        f"\npartner texts (never used to choose a language rule): {len(idx)} lines of 20+ characters of "
        f"{len(texts)} real texts, each labelled with its text's language (names, dates and "
        "English programme names inside a Swedish text count as wrong): share right"
    )
    for name, r in results.items():
        ok = sum(right(rows[i]["lang"], r["answers"][i]) for i in idx)
        print(f"  {name:<12} alone {ok / len(idx):.2%} ({len(idx) - ok} wrong)")
    ok = total = docs = 0
    for t in texts:
        paras = tuple(Paragraph(line.strip()) for line in t["text"].splitlines() if line.strip())
        labelled = label_article(Article(url=t["url"], paragraphs=paras))
        docs += right(t["lang"], labelled.language)
        for p in labelled.paragraphs:
            if len(p.text) >= 20:
                total += 1
                ok += right(t["lang"], p.language)
    print(
        f"  {'newsflow':<12} in its text {ok / total:.2%} ({total - ok} wrong); texts' own language right: "
        f"{docs} of {len(texts)}"
    )


def print_headlines(rows: list[dict], folds: list[str], results: dict[str, dict]) -> None:
    """English headlines of real news pages, by fold: answered English, "und", or another language (wrong)."""
    for split_name, fold in HEADLINE_FOLDS.items():
        idx = [i for i, f in enumerate(folds) if f == fold]
        if not idx:
            continue
        what = "Title Case folding chosen here" if split_name == "tune" else "not looked at to choose"
        print(
            f"\nheadlines, {split_name} fold of extract-dev2 ({what}): {len(idx)} titles newsflow's extractor "
            "gives English news pages: answered English / und / another language (wrong)"
        )
        for name, r in results.items():
            en = sum(r["answers"][i] == "en" for i in idx)
            und = sum(r["answers"][i] == "und" for i in idx)
            wrong = len(idx) - en - und
            print(f"  {name:<12} {en / len(idx):7.2%} {und / len(idx):6.2%} {wrong / len(idx):6.2%} ({wrong} wrong)")


def run_worker(name: str, data: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """Run one detector's worker (see ``worker``) in a process of its own."""
    return subprocess.run(
        [sys.executable, __file__, "--worker", name, "--data", str(data), *flags], capture_output=True, text=True
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEVSET)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--speed-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--headlines", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "paired":
        paired(args.data)
        return 0
    if args.worker == "headlines":
        args.headlines.write_text(json.dumps(headlines()), encoding="utf-8")
        return 0
    if args.worker:
        worker(args.worker, args.data, args.speed_only, args.headlines)
        return 0
    # The headlines are extracted once, in a process of their own (a process started from one that had parsed
    # 1,461 pages would count that memory as its own peak), and read by each detector's process from a file.
    with tempfile.TemporaryDirectory() as folder:
        headline_file = Path(folder) / "headlines.json"
        out = run_worker("headlines", args.data, "--headlines", str(headline_file))
        if out.returncode != 0:
            print(f"headlines: failed: {out.stderr.strip().splitlines()[-1:]}")
            return 2
        return report(args.data, headline_file)


def report(data: Path, headline_file: Path) -> int:
    """Run every detector's process and print the tables (see the module docstring)."""
    rows, folds = items(data, headline_file)
    results = {}
    for name in DETECTORS:
        out = run_worker(name, data, "--headlines", str(headline_file))
        if out.returncode != 0:
            print(f"{name}: failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        results[name] = json.loads(out.stdout)
    rounds = {name: [r["items_s"]] for name, r in results.items() if name in ("newsflow", "py3langid")}
    for _ in range(SPEED_ROUNDS - 1):
        for name in rounds:
            out = run_worker(name, data, "--speed-only")
            if out.returncode == 0:
                rounds[name].append(json.loads(out.stdout)["items_s"])
    for name, speeds in rounds.items():
        results[name]["items_s"] = max(speeds)
    out = run_worker("paired", data)
    pair = json.loads(out.stdout) if out.returncode == 0 else None
    ratio = min(pair["median"], pair["bests"]) if pair else None  # the target's figure: the lower reading
    n_short = len(timed_texts(rows, folds))
    print(
        f"language benchmark: {len(rows)} items from {data} (headings built from the short ones) and "
        "extract-dev2's pages; "
        f"speed on the {n_short} short items"
    )
    for name, speeds in rounds.items():
        print(f"  {name} items/s in {len(speeds)} processes run in turn: {', '.join(f'{v:.0f}' for v in speeds)}")
    ref = results.get("py3langid", {}).get("items_s")
    if ref:
        print(f"  ratio of the two bests: {results['newsflow']['items_s'] / ref:.2f}")
    if pair:
        print(
            f"  ratio in one process, {PAIRS} alternating pairs of passes: median {pair['median']:.2f} "
            f"(quartiles {pair['low']:.2f}-{pair['high']:.2f}), of the bests {pair['bests']:.2f}; "
            "shown as x py3langid below, the lower of the two"
        )
    else:
        print(f"  paired ratio: failed: {out.stderr.strip().splitlines()[-1:]}")
    for fold, what in (("A", "rules chosen here"), ("B", "held out")):
        print(f"\nfold {fold} ({what}): {sum(f == fold for f in folds)} items")
        print(
            f"{'detector':<12} {'bucket':<10} {'fi/sv/en':>9} {'other':>7} {'und':>6} {'items/s':>9} "
            f"{'x py3langid':>11} {'peak MB':>8}"
        )
        for name, r in results.items():
            acc = accuracy(rows, folds, r["answers"], fold)
            for i, bucket in enumerate(BUCKETS):
                speed = ""
                if i == 0:
                    shown = f"{ratio:11.2f}" if ratio is not None and name == "newsflow" else f"{'':>11}"
                    speed = f"{r['items_s']:9.0f} {shown} {r['rss_mb']:8.0f}"
                a3, ao, und = acc[bucket]
                print(f"{name if i == 0 else '':<12} {bucket:<10} {a3:9.2%} {ao:7.2%} {und:6.1%} {speed}")
    unseen = [i for i, f in enumerate(folds) if f == "B+"]
    if unseen:
        print_unseen(rows, unseen, results)
    print_partner(rows, folds, results)
    print_headlines(rows, folds, results)
    mixed = {}
    for fold in ("A", "B"):
        pairs = (("fi", "en"), ("fi", "sv"), ("sv", "en"))
        mixed[fold] = {f"{a}+{b}": mixed_documents(rows, folds, fold, a, b) for a, b in pairs}
        print(
            f"mixed documents, fold {fold}, paragraphs labelled right: "
            + ", ".join(f"{k} {v:.2%}" for k, v in mixed[fold].items())
        )
    ours = results["newsflow"]
    print(f"newsflow cold start (import, load both models, first answer): {ours['cold_s']:.2f} s")
    acc = accuracy(rows, folds, ours["answers"], "B")
    checks = {
        "short >= 99.0% / 99.0%": min(acc["short"][:2]) >= 0.990,
        "medium >= 99.7% / 99.7%": min(acc["medium"][:2]) >= 0.997,
        "paragraph >= 99.7% / 99.7%": min(acc["paragraph"][:2]) >= 0.997,
        ">= 5,000 short items/s": ours["items_s"] >= 5000,
        ">= 0.8 x py3langid": ratio is not None and ratio >= 0.8,
        "<= 150 MB peak": ours["rss_mb"] <= 150,
        "mixed documents >= 99.5%": min(mixed["B"].values()) >= 0.995,
    }
    missed = [k for k, ok in checks.items() if not ok]
    print("all targets met on fold B" if not missed else "TARGET MISSED on fold B: " + "; ".join(missed))
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
