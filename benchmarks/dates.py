"""Publication dates: newsflow beside trafilatura's (htmldate) in the same run, on extract-dev2.

A page counts when its truth (the article's text as people copied it) begins with a date: the first six
lines, joined, read by newsflow's ``parse_date`` (a dateline or byline such as "by Jane Doe on October 29th,
2012"; the text is the dataset's, not the page's markup). For each such page, each extractor's publication
date is compared by day: the same day, another day, or none. Folds are extract.py's (by site); the rules
were chosen on the tune fold.

Run: .venv/bin/python benchmarks/dates.py [--fold tune|held-out] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

from extract import DATA, FOLDS, load_dev2
from newsflow.dates import parse_date
from newsflow.extract import extract


def newsflow_date(html: str, url: str) -> str:
    """The date the pipeline stores when no feed or listing gives one: the page's, else the guess."""
    article = extract(html, url)
    return article.published or str(article.extraction.get("date_guess") or "")


def trafilatura_date(html: str, url: str) -> str:
    import trafilatura

    meta = trafilatura.extract_metadata(html, default_url=url or None)
    return (meta.date or "") if meta is not None else ""


DATERS: dict[str, Callable[[str, str], str]] = {"newsflow": newsflow_date, "trafilatura": trafilatura_date}


def truth_date(text: str) -> str:
    """The date the article's own text begins with ("" when its first lines hold none)."""
    return parse_date(" ".join(text.split("\n")[:6]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--fold", choices=FOLDS)
    parser.add_argument("--limit", type=int, help="at most N pages (quick iterations)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # the references warn about odd pages; the counts say what matters
    pages = [p for p in load_dev2(args.data / "extract-dev2", args.fold, None, args.limit) if truth_date(p["truth"])]
    print(f"extract-dev2: {len(pages)} pages whose text begins with a date; publication date by day")
    print(f"{'fold':<10}{'pages':>7}" + "".join(f"{name:>32}" for name in DATERS))
    print(f"{'':<17}" + "".join(f"{'same':>12}{'other':>10}{'none':>10}" for _ in DATERS))
    for fold in FOLDS if args.fold is None else (args.fold,):
        chosen = [p for p in pages if p["fold"] == fold]
        row = f"{fold:<10}{len(chosen):>7}"
        for fn in DATERS.values():
            same = other = none = 0
            for p in chosen:
                found, want = fn(p["html"], p["url"])[:10], truth_date(p["truth"])[:10]
                same += found == want
                other += bool(found) and found != want
                none += not found
            row += f"{same / max(1, len(chosen)):>12.3f}{other:>10}{none:>10}"
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
