"""Listing benchmark: the releases newsflow finds on a newsroom's listing page read without a `links` selector.

Data (benchmarks/data/listings/, see its README): listing pages written by helpers from their knowledge of real
newsroom and CMS markup (Finnish, Swedish, Slovenian and UK municipalities, EU projects, Mynewsdesk, STT Info, …:
cards, tables, definition lists, date headings, WordPress posts, featured items, events calendars, menus), each with
the releases a reader sees there and their days, written without running newsflow. "dev" was scored once before it
was worked on, then used to choose rules; "held-out" was scored once, after them (and its errors read, which three
later rules followed); "held-out-2", written in session 32 by a third helper blind to the code and the other sets,
scored once as written and never read for rules.

Scored per page: a release found (its address as newsflow normalises it) is a true positive, any other link taken a
false positive; of the releases found with a day in the truth, the share given that day. The reference, measured in
the same run, is newsflow's reading of addresses alone (a slug of three words, a long number, an `id=`), which is
all newsflow did before dated lists were read; pages/s for both.

Run: .venv/bin/python benchmarks/listings.py [--show]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bs4 import BeautifulSoup

from newsflow import sources
from newsflow.models import Source, normalize_url

DATA = Path(__file__).resolve().parent / "data" / "listings"


def addresses_alone(content: bytes, url: str) -> dict[str, str]:
    """The reference: links outside the page's furniture whose address reads as an article's, undated."""
    soup = BeautifulSoup(content, "lxml")
    base = sources._page_base(soup, url)
    found = {}
    for a in soup.find_all("a", href=True):
        link = sources._joined(base, str(a["href"]))
        if link and not a.find_parent(sources.BOILERPLATE_PARENTS) and sources._looks_like_article(link, url):
            found[normalize_url(link)] = ""
    return found


def newsflow(content: bytes, url: str) -> dict[str, str]:
    source = Source(id="s", name="s", kind="html", url=url)
    try:
        links = sources.links_from_listing(content, {}, url, source)
    except sources.SourceError:
        return {}
    return {normalize_url(link.url): (link.published or "")[:10] for link in links}


def score(name: str, reader, show: bool) -> tuple[dict[str, int], float]:
    truth = json.loads((DATA / name / "truth.json").read_text(encoding="utf-8"))
    totals = dict(pages=0, tp=0, fp=0, fn=0, dated=0, right=0)
    took = 0.0
    for page, row in sorted(truth.items()):
        content = (DATA / name / page).read_bytes()
        start = time.perf_counter()
        got = reader(content, row["url"])
        took += time.perf_counter() - start
        want = {normalize_url(r["href"]): r.get("date", "") for r in row["releases"]}
        tp, fp, fn = set(got) & set(want), set(got) - set(want), set(want) - set(got)
        dated = [u for u in tp if want[u]]
        totals["pages"] += 1
        totals["tp"], totals["fp"], totals["fn"] = (
            totals["tp"] + len(tp),
            totals["fp"] + len(fp),
            totals["fn"] + len(fn),
        )
        totals["dated"] += len(dated)
        totals["right"] += sum(got[u] == want[u] for u in dated)
        if show and (fp or fn):
            print(f"  {page}: {len(fn)} missed, {len(fp)} taken that are none")
            for u in sorted(fn):
                print(f"      - {u}")
            for u in sorted(fp):
                print(f"      + {u}")
    return totals, totals["pages"] / took if took else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list each page's misses and extras")
    args = parser.parse_args()
    print("| set | reader | pages | releases | precision | recall | right day (of those dated) | pages/s |")
    print("|---|---|---|---|---|---|---|---|")
    for name in sorted(p.name for p in DATA.iterdir() if (p / "truth.json").exists()):
        for label, reader in (("newsflow", newsflow), ("addresses alone", addresses_alone)):
            t, speed = score(name, reader, args.show and label == "newsflow")
            precision = t["tp"] / max(1, t["tp"] + t["fp"])
            recall = t["tp"] / max(1, t["tp"] + t["fn"])
            day = f"{t['right'] / t['dated']:.3f} ({t['right']}/{t['dated']})" if t["dated"] else "-"
            releases = t["tp"] + t["fn"]
            cells = [name, label, t["pages"], releases, f"{precision:.3f}", f"{recall:.3f}", day, f"{speed:.0f}"]
            print("| " + " | ".join(str(cell) for cell in cells) + " |")


if __name__ == "__main__":
    main()
