"""Extraction benchmark on ../shared/data/extract-dev (real pages with must/must-not snippets).

For each page: the share of "with" snippets found in the extracted main text, and of "without"
snippets leaked into it; pages/s. newsflow's extractor is measured beside trafilatura's defaults
(and readability-lxml when installed) in the same run.

Targets: found >= 0.95, leaked <= 0.05, newsflow at least 0.7 of trafilatura's speed.

Run: .venv/bin/python benchmarks/extract.py [--data ../shared/data/extract-dev] [--repeat 3] [--show-misses]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from newsflow.extract import decode_html, extract

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "extract-dev"


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def load(data: Path) -> list[tuple[str, str, list[str], list[str]]]:
    expectations = json.loads((data / "expectations.json").read_text(encoding="utf-8"))
    pages = []
    for url, exp in expectations.items():
        raw = gzip.decompress((data / "pages" / exp["file"]).read_bytes())
        pages.append((url, decode_html(raw), exp.get("with", []), exp.get("without", [])))
    return pages


def ours(html: str, url: str) -> str:
    a = extract(html, url)
    return a.text


def trafilatura_default(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def readability(html: str, url: str) -> str:
    from lxml.html import fromstring
    from readability import Document

    return fromstring(Document(html).summary()).text_content()


def score(fn: Callable[[str, str], str], pages: list, repeat: int) -> dict:
    found = total_with = leaked = total_without = 0
    misses: list[tuple[str, str, str]] = []
    outputs = [fn(html, url) for url, html, _, _ in pages]  # warm-up and the outputs scored
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for url, html, _, _ in pages:
            fn(html, url)
        best = min(best, time.perf_counter() - start)
    for (url, _html, with_, without), out in zip(pages, outputs):
        text = norm(out)
        for snippet in with_:
            total_with += 1
            if norm(snippet) in text:
                found += 1
            else:
                misses.append(("missing", url, snippet))
        for snippet in without:
            total_without += 1
            if norm(snippet) in text:
                leaked += 1
                misses.append(("leaked", url, snippet))
    return {"found": found / total_with, "leaked": leaked / total_without, "pages_s": len(pages) / best,
            "misses": misses}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    pages = load(args.data)
    warnings.simplefilter("ignore")
    extractors: dict[str, Callable[[str, str], str]] = {"newsflow": ours, "trafilatura (defaults)": trafilatura_default}
    try:
        import readability as _  # noqa: F401

        extractors["readability-lxml"] = readability
    except ImportError:
        pass
    results = {}
    for name, fn in extractors.items():
        try:
            results[name] = score(fn, pages, args.repeat)
        except ImportError as e:
            print(f"{name}: not installed ({e})")
    print(f"extraction benchmark: {len(pages)} pages from {args.data}")
    print(f"{'extractor':<24} {'found':>7} {'leaked':>7} {'pages/s':>9}")
    for name, r in results.items():
        print(f"{name:<24} {r['found']:7.3f} {r['leaked']:7.3f} {r['pages_s']:9.1f}")
    ours_r = results["newsflow"]
    ok = ours_r["found"] >= 0.95 and ours_r["leaked"] <= 0.05
    if "trafilatura (defaults)" in results:
        speed = ours_r["pages_s"] / results["trafilatura (defaults)"]["pages_s"]
        print(f"newsflow speed / trafilatura: {speed:.2f} (target >= 0.7)")
        ok = ok and speed >= 0.7
    if args.show_misses:
        for kind, url, snippet in ours_r["misses"]:
            print(f"  {kind:8} {url}  {snippet[:90]!r}")
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
