"""Extraction benchmark: newsflow beside trafilatura and readability-lxml, in the same run.

Two data sets from ../shared/data:
- extract-dev2 (1,461 real pages with their main text): token precision / recall / F1 (the scoring of the
  public extraction benchmarks, ``score.py`` in that folder), per dataset and per fold, and empty outputs.
  Folds are made by site: every page of one site (the URL's host; the canonical/og:url host when the
  truth names no URL; the page itself when neither exists) falls in the same fold, chosen by a hash of the
  site name, so a fold's pages come from sites never looked at in the other. Rules and thresholds were tuned
  on the ``tune`` fold only; ``held-out`` is what the extractor is judged on.
  An empty output counts against the target only where the page holds its article: where at least half the
  truth's 4-word runs are in the saved HTML's text. Two saves hold none of it (an "ERROR" page, and one whose
  HTML has 0.4% of its truth): their empties are printed apart, as "empty (no article in the page)".
- extract-dev (154 pages with must/must-not snippets): share of "with" snippets found and of "without"
  snippets leaked.

Speed: pages/s over all pages run, as a ratio to trafilatura measured in the same process.
Targets: newsflow's held-out F1 above both references' on every dataset, 0 empty outputs where the page holds
its article, speed >= 0.8.

Run: .venv/bin/python benchmarks/extract.py [--fold tune|held-out] [--limit N] [--only newsflow,trafilatura]
     [--dataset dragnet] [--show-worst N]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html as html_lib
import json
import re
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

from newsflow.extract import decode_html, extract

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
FOLDS = ("tune", "held-out")


def norm(text: str) -> str:
    # Soft hyphens and word joiners are invisible: a snippet written with one inside a word is the same text
    # as an output without it (newsflow removes them, so that search and tagging find the word).
    return re.sub(r"\s+", " ", re.sub("[\u00ad\u2060]", "", text)).strip().lower()


# ---------------------------------------------------------------- the extractors


def ours(html: str, url: str) -> str:
    return extract(html, url).text


def trafilatura_default(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def readability_lxml(html: str, url: str) -> str:
    from lxml.html import fromstring
    from readability import Document

    try:
        summary = Document(html, url=url or None).summary()
    except Exception:  # readability raises its own Unparseable and lxml errors on odd pages
        return ""
    return fromstring(summary).text_content() if summary.strip() else ""


EXTRACTORS: dict[str, Callable[[str, str], str]] = {
    "newsflow": ours,
    "trafilatura": trafilatura_default,
    "readability-lxml": readability_lxml,
}


# ---------------------------------------------------------------- scoring (as extract-dev2/score.py)

WORD = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> dict[tuple[str, ...], int]:
    toks = WORD.findall(text or "")
    out: dict[tuple[str, ...], int] = {}
    grams = [tuple(toks)] if 0 < len(toks) < n else [tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)]
    for g in grams:
        out[g] = out.get(g, 0) + 1
    return out


def page_counts(true: str, pred: str) -> tuple[float, float, float]:
    """(hits, extra, missed) of one page, normalised to sum to 1."""
    t, p = shingles(true), shingles(pred)
    tp = float(sum(min(c, p.get(g, 0)) for g, c in t.items()))
    fp = float(sum(p.values())) - tp
    fn = float(sum(t.values())) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def aggregate(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    def prec(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == 0 and fn == 0 else tp / (tp + fp) if tp + fp else 0.0

    def rec(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == 0 and fn == 0 else tp / (tp + fn) if tp + fn else 0.0

    ps = [prec(*c) for c in counts if c[0] + c[1] > 0]
    rs = [rec(*c) for c in counts if c[0] + c[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r}


# ---------------------------------------------------------------- the data


def site_of(row: dict, html: str, key: str) -> str:
    """The site a page comes from: its URL's host, else the host its HTML names, else the page itself."""
    host = urlparse(row.get("url") or "").hostname or ""
    if not host:
        m = re.search(r"<link[^>]+rel=[\"']?canonical[^>]+href=[\"']?(https?://[^\"' >]+)", html, re.I) or re.search(
            r"<meta[^>]+property=[\"']?og:url[^>]+content=[\"']?(https?://[^\"' >]+)", html, re.I
        )
        host = urlparse(m.group(1)).hostname or "" if m else ""
    host = re.sub(r"^www\d?\.", "", host.lower())
    return host or f"page:{row['dataset']}:{key}"


def fold_of(site: str) -> str:
    """The fold of a site, from a hash of its name: deterministic, and blind to the pages' content."""
    return FOLDS[int(hashlib.sha1(site.encode()).hexdigest(), 16) % 2]


HOLDS_SHARE = 0.5  # a page holds its article when at least this share of the truth's 4-word runs is in its text


def holds_article(html: str, truth: str) -> bool:
    """Whether a saved page's text (tags removed, entities decoded) holds most of its truth: not a broken save."""
    text = shingles(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)))
    runs = shingles(truth)
    found = sum(min(c, text.get(g, 0)) for g, c in runs.items())
    return found >= HOLDS_SHARE * sum(runs.values())


def load_dev2(data: Path, fold: str | None, dataset: str | None, limit: int | None) -> list[dict]:
    truth = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    pages = []
    for key, row in sorted(truth.items()):
        if dataset and row["dataset"] != dataset:
            continue
        with gzip.open(data / row["file"], "rt", encoding="utf-8") as page:
            html = page.read()
        site = site_of(row, html, key)
        f = fold_of(site)
        if fold and f != fold:
            continue
        pages.append(
            {
                "id": key,
                "url": row.get("url") or "",
                "html": html,
                "truth": row["text"],
                "dataset": row["dataset"],
                "fold": f,
                "site": site,
                "holds": holds_article(html, row["text"]),
            }
        )
    return pages[:limit] if limit else pages


def load_dev(data: Path, limit: int | None) -> list[dict]:
    expectations = json.loads((data / "expectations.json").read_text(encoding="utf-8"))
    pages = []
    for url, exp in expectations.items():
        raw = gzip.decompress((data / "pages" / exp["file"]).read_bytes())
        pages.append(
            {"url": url, "html": decode_html(raw), "with": exp.get("with", []), "without": exp.get("without", [])}
        )
    return pages[:limit] if limit else pages


# ---------------------------------------------------------------- running


def run(fn: Callable[[str, str], str], pages: list[dict]) -> tuple[list[str], float]:
    """Outputs for the pages, and the seconds they took (one process, one after the other)."""
    outputs = []
    start = time.perf_counter()
    for p in pages:
        try:
            outputs.append(fn(p["html"], p["url"]) or "")
        except Exception as e:  # a reference crashing on a page scores it as empty, and says so
            print(f"  ! {fn.__name__} failed on {p.get('id', p['url'])}: {type(e).__name__}", file=sys.stderr)
            outputs.append("")
    return outputs, time.perf_counter() - start


def snippet_scores(pages: list[dict], outputs: list[str]) -> dict[str, float]:
    found = total_with = leaked = total_without = 0
    for p, out in zip(pages, outputs, strict=True):
        text = norm(out)
        total_with += len(p["with"])
        found += sum(norm(s) in text for s in p["with"])
        total_without += len(p["without"])
        leaked += sum(norm(s) in text for s in p["without"])
    return {"found": found / max(1, total_with), "leaked": leaked / max(1, total_without)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--fold", choices=FOLDS)
    parser.add_argument("--dataset", choices=("dragnet", "readability"))
    parser.add_argument("--limit", type=int, help="at most N pages of each data set (quick iterations)")
    parser.add_argument("--only", default=",".join(EXTRACTORS), help="comma-separated extractors to run")
    parser.add_argument(
        "--show-worst", type=int, default=0, help="list newsflow's N worst tune-fold pages by F1 vs the best peer"
    )
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    for n in names:
        if n not in EXTRACTORS:
            parser.error(f"unknown extractor {n!r}: choose among {', '.join(EXTRACTORS)}")
    dev2 = load_dev2(args.data / "extract-dev2", args.fold, args.dataset, args.limit)
    dev = load_dev(args.data / "extract-dev", args.limit)
    results: dict[str, dict] = {}
    for name in names:
        try:
            out2, t2 = run(EXTRACTORS[name], dev2)
            out1, t1 = run(EXTRACTORS[name], dev)
        except ImportError as e:
            print(f"{name}: not installed ({e}); pip install -U pip && pip install -e '.[bench]'")
            continue
        results[name] = {"dev2": out2, "dev": out1, "seconds": t1 + t2}

    groups = sorted({(p["dataset"], p["fold"]) for p in dev2})
    print(
        f"extract-dev2: {len(dev2)} pages; token F1 / precision / recall (4-word runs), "
        "empty outputs where the page holds its article"
    )
    print(f"{'dataset':<12} {'fold':<9} {'pages':>5}  " + "  ".join(f"{n:>28}" for n in results))
    print(f"{'':<12} {'':<9} {'':>5}  " + "  ".join(f"{'F1':>7} {'P':>6} {'R':>6} {'empty':>5}" for _ in results))
    counts = {n: [page_counts(p["truth"], o) for p, o in zip(dev2, r["dev2"], strict=True)] for n, r in results.items()}
    ok = True
    for ds, fold in [*groups, *[(ds, "all") for ds in sorted({g[0] for g in groups})], ("all", "all")]:
        idx = [i for i, p in enumerate(dev2) if ds in ("all", p["dataset"]) and fold in ("all", p["fold"])]
        cells = []
        f1s = {}
        for n in results:
            m = aggregate([counts[n][i] for i in idx])
            empty = sum(not results[n]["dev2"][i].strip() and dev2[i]["holds"] for i in idx)
            f1s[n] = m["f1"]
            cells.append(f"{m['f1']:7.3f} {m['precision']:6.3f} {m['recall']:6.3f} {empty:5d}")
            if n == "newsflow" and empty:
                ok = False
        print(f"{ds:<12} {fold:<9} {len(idx):5d}  " + "  ".join(f"{c:>28}" for c in cells))
        if (
            fold == "held-out"
            and "newsflow" in f1s
            and any(f1s["newsflow"] <= v for k, v in f1s.items() if k != "newsflow")
        ):
            ok = False
    broken = [i for i, p in enumerate(dev2) if not p["holds"]]
    if broken:
        print(
            f"empty (no article in the page): {len(broken)} saved pages hold under {HOLDS_SHARE:.0%} of their truth "
            "(not counted above); empty on them: "
            + ", ".join(f"{n} {sum(not results[n]['dev2'][i].strip() for i in broken)}" for n in results)
        )
    print()
    print(f"extract-dev: {len(dev)} pages; share of must-have snippets found, of must-not snippets leaked")
    for n, r in results.items():
        s = snippet_scores(dev, r["dev"])
        print(f"  {n:<18} found {s['found']:.3f}  leaked {s['leaked']:.3f}")
    print()
    total = len(dev2) + len(dev)
    for n, r in results.items():
        print(f"  {n:<18} {total / r['seconds']:6.1f} pages/s")
    if "newsflow" in results and "trafilatura" in results:
        ratio = results["trafilatura"]["seconds"] / results["newsflow"]["seconds"]
        print(f"newsflow speed / trafilatura: {ratio:.2f} (target >= 0.8)")
        ok = ok and ratio >= 0.8
    if args.show_worst and "newsflow" in results:
        print("\nnewsflow's worst pages of the tune fold (F1, best peer F1):")

        def f1(c: tuple[float, float, float]) -> float:
            return 2 * c[0] / (2 * c[0] + c[1] + c[2]) if sum(c) else 1.0

        peers = [n for n in results if n != "newsflow"]
        rows = []
        for i, p in enumerate(dev2):
            if p["fold"] != "tune":  # held-out pages are for judging, not for looking at
                continue
            best_peer = max((f1(counts[n][i]) for n in peers), default=0.0)
            rows.append(
                (
                    f1(counts["newsflow"][i]) - best_peer,
                    p["id"],
                    p["dataset"],
                    p["fold"],
                    f1(counts["newsflow"][i]),
                    best_peer,
                )
            )
        for _gap, key, ds, fold, mine, peer in sorted(rows)[: args.show_worst]:
            print(f"  {key} {ds:<11} {fold:<9} newsflow {mine:.2f}  peer {peer:.2f}")
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
