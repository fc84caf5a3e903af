"""How soon `newsflow serve` answers, against plain `datasette serve` on the same archive.

Both are started as new processes on free ports, alternated, and timed from the start of the
process to the first answered request for the home page (`/`): the reading room's, and plain
Datasette's index (Datasette as its CLI starts it, without newsflow's plugin). The archive is the search
benchmark's generated one (100,000 articles by default). Target: newsflow at most 2x Datasette.

Run: .venv/bin/python benchmarks/startup.py [--articles 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsflow.archive import Archive  # noqa: E402
from search import DEFAULT_DATA, generate  # noqa: E402  (the search benchmark's archive generator)

BIN = Path(sys.executable).parent
# Plain Datasette: `datasette serve` as its CLI does it, with newsflow's plugin (installed here) taken out.
PLAIN = """
import sys, uvicorn
from datasette.app import Datasette
from datasette.plugins import pm
pm.unregister(name="newsflow")
ds = Datasette([sys.argv[1]])
uvicorn.run(ds.app(), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", lifespan="on")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def first_answer(argv: list[str], port: int, timeout: float = 120) -> float:
    """Seconds from starting the process to its first answered request for `/`."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                    if r.status == 200:
                        return time.perf_counter() - start
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(f"{argv[0]} exited with {proc.returncode}") from None
                if time.perf_counter() - start > timeout:
                    raise TimeoutError(f"{argv} did not answer in {timeout} s") from None
                time.sleep(0.02)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "archive.db"
        rows = [json.loads(line) for line in DEFAULT_DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
        with Archive(db) as archive:
            archive.db.execute("create virtual table plain_fts using fts5(title, text)")  # the generator fills it
            generate(archive, rows, args.articles)
        print(f"archive of {args.articles:,} articles at {db}")
        times: dict[str, list[float]] = {"datasette serve": [], "newsflow serve": []}
        for _ in range(args.repeat):  # alternated: the machine's noise falls on both
            port = free_port()
            times["datasette serve"].append(first_answer([sys.executable, "-c", PLAIN, str(db), str(port)], port))
            port = free_port()
            times["newsflow serve"].append(
                first_answer([str(BIN / "newsflow"), "serve", "--db", str(db), "--port", str(port)], port)
            )
    plain, ours = (statistics.median(t) for t in times.values())
    print(f"first answer to / after starting, median of {args.repeat}:")
    print(f"  datasette serve (reference)  {plain:6.2f} s")
    print(f"  newsflow serve               {ours:6.2f} s   ratio {ours / plain:.2f} (target <= 2)")
    return 0 if ours <= 2 * plain else 1


if __name__ == "__main__":
    raise SystemExit(main())
