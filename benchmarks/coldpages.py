"""Reading-room and Datasette pages of a large archive as staff meet them: through `newsflow serve` and HTTP.

Each page is asked once just after the archive's files are dropped from the operating system's page cache (``dd
iflag=nocache``: the first visitor after a night's run or a restart), then five times more; the first time and the
median of the five are printed, and pages slower than a second flagged. The partner, tag and language asked for are
the archive's most common ones. Pages: the newest-first pages deep in the results (one partner, one language, a
tag and a language), Datasette's *Articles by tag* and the articles table's facet over the tags list.

Run on a copy of an archive: `newsflow serve` upgrades an archive made by an older newsflow (new indexes, views).
    cp archive.db /tmp/copy.db   # (or sqlite3 archive.db ".backup /tmp/copy.db" while a run may be writing)
    .venv/bin/python benchmarks/coldpages.py /tmp/copy.db [--config feeds.toml] [--port 8719] [--warm-only]
"""

from __future__ import annotations

import argparse
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode


def pages(db: str) -> list[tuple[str, str]]:
    name = Path(db).stem
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        (partner,) = conn.execute("select partner from articles group by partner order by count(*) desc").fetchone()
        (tag,) = conn.execute("select tag_id from article_tags group by tag_id order by count(*) desc").fetchone()
        (lang,) = conn.execute("select language from articles group by language order by count(*) desc").fetchone()
    return [
        ("home", "/"),
        ("all releases, page 50", "/-/search?page=50"),
        ("one partner, page 200", f"/-/partner/{quote(partner, safe='')}?page=200"),
        ("one language, page 500", "/-/search?" + urlencode({"lang": lang, "page": 500})),
        ("a tag and a language, page 200", "/-/search?" + urlencode({"tag": tag, "lang": lang, "page": 200})),
        ("a tag's page", f"/-/tag/{quote(tag, safe='')}"),
        ("Datasette: Articles by tag", f"/{name}/tagged_articles"),
        ("Datasette: Articles by tag, one tag", f"/{name}/tagged_articles?" + urlencode({"tag": tag})),
        ("Datasette: articles, facet by each tag", f"/{name}/articles?_facet_array=tags"),
    ]


def drop(db: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            subprocess.run(["dd", f"if={db}{suffix}", "iflag=nocache", "count=0", "status=none"], check=False)


def ask(port: int, path: str) -> tuple[int, float]:
    out = subprocess.run(
        ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total}", f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    return int(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("db")
    parser.add_argument("--port", type=int, default=8719)
    parser.add_argument("--config", default="", help="the feeds.toml the archive follows (serve's --config)")
    parser.add_argument("--warm-only", action="store_true", help="do not drop the archive from the page cache")
    args = parser.parse_args()
    listed = pages(args.db)
    cmd = [sys.executable, "-m", "newsflow", "serve", "--db", args.db, "--port", str(args.port)]
    cmd += ["--config", args.config] if args.config else []
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        started = time.monotonic()
        while True:  # until it answers (it may first upgrade an older archive)
            try:
                socket.create_connection(("127.0.0.1", args.port), timeout=0.2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() - started > 300:
                    raise SystemExit("newsflow serve did not start: run it by hand to see why") from None
                time.sleep(0.1)
        ask(args.port, "/")  # the process's own start-up, not the archive's
        print(f"{'page':<42} status  first  then (median of 5)")
        for label, path in listed:
            if not args.warm_only:
                drop(args.db)
            status, first = ask(args.port, path)
            then = statistics.median(ask(args.port, path)[1] for _ in range(5))
            flag = "  SLOW" if then > 1 else ""
            print(f"{label:<42} {status:>6} {first:5.2f}s {then:6.2f}s{flag}", flush=True)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
