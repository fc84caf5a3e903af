"""Memory benchmark: a nightly run's peak memory, and what building the search index costs.

1. A `newsflow run` (a new process, `.venv/bin/newsflow run`) of Finnish sources served on
   loopback (127.0.0.1 to 127.0.0.N, one host per source, as benchmarks/fetch.py does), each with
   new articles made of Finnish sentences from the dev texts (../shared/data/langid-dev). Its
   peak resident memory (the child's own, from wait4 in a small launcher process) is printed beside
   the same run with the lemmas taken from simplemma's in-memory dictionaries, as newsflow did before the on-disk
   lexicon (each source's thread unpacked the Finnish dictionary when they started together).
   Targets: at most 400 MB for 6 sources (issue 11), at most 600 MB for 150 (issue 12:
   `--sources 150 --articles 4 --target-mb 600`).
2. The search index's build cost: the four search columns (words and lemmas) of generated
   fi/sv/en articles, in a new process, with the on-disk lexicon and with simplemma's in-memory
   dictionaries: articles per second including the first-use cost (opening the lexicon, or
   unpacking the dictionaries) and once warm, and each process's peak memory.

Run: .venv/bin/python benchmarks/memory.py [--sources 6] [--articles 20] [--index-articles 3000] [--target-mb 400]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fetch import feed_site  # noqa: E402  (the same newsroom pages as the fetch benchmark)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "langid-dev" / "devset.jsonl"
NEWSFLOW = Path(sys.executable).with_name("newsflow")
FEEDS = ROOT / "src" / "newsflow" / "feeds.toml"


def use_old_lemmas() -> None:
    """Make newsflow lemmatise as it did before the lexicon: simplemma's in-memory dictionaries."""
    import simplemma

    import newsflow.lexicon as lexicon

    def old_lemma(word: str, lang: str) -> str:
        try:
            return str(simplemma.lemmatize(word, lang=lang)).lower()
        except (ValueError, KeyError):
            return word.lower()

    lexicon._lemma = old_lemma  # type: ignore[assignment]


def make_handler(pages: dict[str, bytes]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            body = pages.get(self.path)
            self.send_response(200 if body is not None else 404)
            ctype = "application/rss+xml" if self.path.startswith("/feed") else "text/html; charset=utf-8"
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def site(base: str, source: int, articles: int, texts: list[str], rng: random.Random) -> dict[str, bytes]:
    made = []
    for a in range(articles):
        title = f"Tiedote {source}-{a}: {rng.choice(texts)[:60]}"
        made.append((f"/uutiset/{source}/tiedote-{a}", title, "".join(f"<p>{rng.choice(texts)}</p>" for _ in range(6))))
    return feed_site(base, "/feed", made)


# A child's peak resident memory as wait4 gives it counts what its parent held when it was forked (Linux carries
# the peak from before exec over exec): started from the search benchmark, which holds its generated archive, a
# 42 MB `newsflow --version` read as 107 MB. Commands are therefore started by a small launcher process (about
# 10 MB), which times the command and reports its own peak.
LAUNCHER = """
import os, sys, time
out = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
start = time.perf_counter()
to_log = [(os.POSIX_SPAWN_DUP2, out, 1), (os.POSIX_SPAWN_DUP2, out, 2)]
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ, file_actions=to_log)
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def spawned(argv: list[str], output: str = os.devnull) -> tuple[float, float, int]:
    """Run a command (argv[0] a path) from the launcher: its wall time (s), its own peak memory (MB), its exit code;
    its output and errors go to ``output``."""
    done = subprocess.run([sys.executable, "-c", LAUNCHER, output, *argv], capture_output=True, text=True, check=True)
    seconds, kib, code = done.stdout.split()
    return float(seconds), int(kib) / 1024, int(code)


def measure(argv: list[str], log: Path) -> tuple[float, float, int]:
    """Run a command; its wall time, its own peak resident memory (MB) and exit code (its output in ``log``)."""
    return spawned([str(Path(argv[0]).absolute()), *argv[1:]], str(log))


def run_benchmark(args: argparse.Namespace, work: Path) -> dict[str, tuple[float, float, int, int]]:
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [r["text"] for r in rows if r["lang"] == "fi" and r["bucket"] != "short"]
    rng = random.Random(5)
    servers, sources = [], []
    for i in range(1, args.sources + 1):
        pages: dict[str, bytes] = {}
        host = f"127.0.0.{i}" if i < 255 else "127.0.0.1"
        httpd = ThreadingHTTPServer((host, 0), make_handler(pages))
        httpd.daemon_threads = True
        base = f"http://{host}:{httpd.server_address[1]}"
        pages.update(site(base, i, args.articles, texts, rng))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        sources.append(
            f'[[sources]]\nid = "fi-{i}"\nkind = "feed"\nurl = "{base}/feed"\npartner = "Partner {i}"\n'
            'language = "fi"\n'
        )
    feeds = FEEDS.read_text(encoding="utf-8")
    tags = feeds[feeds.index("[[tags]]") :]  # the shipped taxonomy: tagging is part of a real run
    config = work / "feeds.toml"
    config.write_text(
        f"[settings]\nmin_delay = 0.05\nmax_items = {args.articles}\n\n" + "\n".join(sources) + "\n" + tags,
        encoding="utf-8",
    )
    results = {}
    try:
        for name, prefix in (
            ("on-disk lexicon (now)", [str(NEWSFLOW)]),
            ("in-memory dictionaries (before)", [sys.executable, __file__, "--child-old-lemmas"]),
        ):
            db = work / f"{len(results)}.db"
            seconds, peak, code = measure(
                [*prefix, "run", "--config", str(config), "--db", str(db), "--quiet"], work / f"{len(results)}.log"
            )
            with sqlite3.connect(db) as conn:
                archived = conn.execute("select count(*) from articles").fetchone()[0]
            results[name] = (seconds, peak, code, archived)
    finally:
        for httpd in servers:
            httpd.shutdown()
            httpd.server_close()
    return results


def index_cost(mode: str, n: int, data: Path) -> dict[str, float]:
    """Build the search columns of n generated articles in this process (mode: "new" or "old")."""
    import resource

    start = time.perf_counter()
    if mode == "old":
        use_old_lemmas()
    from newsflow.archive import _search_columns

    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_lang = {
        lang: [r["text"] for r in rows if r["lang"] == lang and r["bucket"] != "short"] for lang in ("fi", "sv", "en")
    }
    rng = random.Random(3)
    articles = []
    for _ in range(n):
        lang = rng.choice(list(by_lang))
        articles.append((lang, [(rng.choice(by_lang[lang]), lang) for _ in range(4)]))
    ready = time.perf_counter()
    # First use: the lexicon opened, or each language's dictionary unpacked (a fixed cost per process).
    for lang in by_lang:
        _search_columns("Uutinen", lang, [(by_lang[lang][0], lang)], [], "")
    warm = time.perf_counter()
    for i, (lang, paragraphs) in enumerate(articles):
        _search_columns(f"Uutinen {i}", lang, paragraphs, [], "")
    done = time.perf_counter()
    return {
        "articles": n,
        "first_use_s": warm - ready,
        "rate": n / (done - ready),
        "warm_rate": n / (done - warm),
        "import_s": ready - start,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> int:
    if sys.argv[1:2] == ["--child-old-lemmas"]:
        use_old_lemmas()
        from newsflow.cli import cli

        return cli(sys.argv[2:], standalone_mode=True)  # type: ignore[no-any-return]
    if sys.argv[1:2] == ["--child-index"]:
        print(json.dumps(index_cost(sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sources", type=int, default=6)
    parser.add_argument("--articles", type=int, default=20, help="new articles per source")
    parser.add_argument("--index-articles", type=int, default=3000)
    parser.add_argument("--target-mb", type=float, default=400, help="the run's peak memory target")
    args = parser.parse_args()

    from newsflow.lexicon import open_lexicon

    print(f"search lexicon: {open_lexicon().path} ({open_lexicon().path.stat().st_size / 1e6:.0f} MB on disk)")
    work = Path(tempfile.mkdtemp(prefix="newsflow-memory-bench-"))
    try:
        runs = run_benchmark(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"\nnewsflow run: {args.sources} Finnish sources on loopback, {args.articles} new articles each "
        f"(a new process each; peak = the process's own maximum resident memory)"
    )
    for name, (seconds, peak, code, archived) in runs.items():
        print(f"  {name:32s} peak {peak:7.0f} MB   {seconds:6.1f} s   exit {code}   {archived} articles archived")
    now_peak = runs["on-disk lexicon (now)"][1]
    ok = now_peak <= args.target_mb and runs["on-disk lexicon (now)"][3] == args.sources * args.articles

    print(
        f"\nsearch index build, {args.index_articles:,} generated fi/sv/en articles of 4 paragraphs, in a new process:"
    )
    for mode, name in (("new", "on-disk lexicon (now)"), ("old", "in-memory dictionaries (before)")):
        out = subprocess.run(
            [sys.executable, __file__, "--child-index", mode, str(args.index_articles), str(args.data)],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout.splitlines()[-1])
        print(
            f"  {name:32s} {r['rate']:7.0f} articles/s overall   {r['warm_rate']:7.0f} articles/s once warm   "
            f"first use (fi, sv, en) {r['first_use_s']:5.2f} s   peak {r['peak_mb']:5.0f} MB"
        )
    print(
        f"\npeak memory of the run {now_peak:.0f} MB (target <= {args.target_mb:.0f} MB): "
        + ("target met" if ok else "TARGET MISSED")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
