"""What a second target language costs a quiet night.

A quiet night is a run in which nothing changed: its translation phase must find, through
indexes, that nothing waits — whatever the archive's size and however many target languages.
This times that phase (``reprocess.translate_pending`` for the run's own start) over a large
generated archive with ``target_languages = ["en"]`` and ``["en", "fi"]``, alternated, with
tiny real models installed for every pair (fi→en, sv→en, en→fi), so every route exists.

Run: .venv/bin/python benchmarks/targets.py [--articles 50000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsflow.archive import Archive, now  # noqa: E402
from newsflow.config import Settings, default_config  # noqa: E402
from newsflow.packages import find_packages, install_package  # noqa: E402
from newsflow.reprocess import translate_pending  # noqa: E402
from newsflow.translate import Translator  # noqa: E402
from search import DEFAULT_DATA, generate  # noqa: E402  (the search benchmark's archive generator)
from tinymodel import build_package  # noqa: E402  (the tests' tiny real Argos packages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        models = root / "models"
        for src, tgt, words in (
            ("fi", "en", {"kaupunki": "city"}),
            ("sv", "en", {"företag": "enterprises"}),
            ("en", "fi", {"city": "kaupunki"}),
        ):
            install_package(build_package(root / "build", src, tgt, words), models)
        rows = [json.loads(line) for line in DEFAULT_DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
        start = time.perf_counter()
        with Archive(root / "archive.db") as archive:
            archive.db.execute("create virtual table plain_fts using fts5(title, text)")  # the generator fills it too
            generate(archive, rows, args.articles)
            # As a nightly run leaves them: every article translated and not pending.
            archive.db.execute("update articles set translation_status = 'not_needed', last_changed = first_seen")
            print(f"archive of {args.articles:,} articles built in {time.perf_counter() - start:.1f} s")
            translator = Translator(find_packages([models]), cache=archive.translations)
            base = default_config()
            configs = {
                "one target (en)": replace(base, settings=replace(Settings(), target_languages=("en",))),
                "two targets (en, fi)": replace(base, settings=replace(Settings(), target_languages=("en", "fi"))),
            }
            times: dict[str, list[float]] = {name: [] for name in configs}
            for _ in range(args.repeat):
                for name, config in configs.items():  # alternated: the machine's noise falls on both
                    since = now()
                    t0 = time.perf_counter()
                    done, waiting, _ = translate_pending(archive, config, translator, since=since)
                    times[name].append((time.perf_counter() - t0) * 1000)
                    assert done == 0 and waiting == 0, (name, done, waiting)
        one, two = (statistics.median(t) for t in times.values())
        print(f"quiet night's translation phase, median of {args.repeat}:")
        print(f"  one target (en):       {one:8.2f} ms (reference)")
        print(
            f"  two targets (en, fi):  {two:8.2f} ms  (+{two - one:.2f} ms: the second target's own indexed look-ups)"
        )
        print(
            "  A quiet night's whole run is about a second (benchmarks/fetch.py, all feeds answering 304): the second "
            f"target adds {100 * (two - one) / 1000:.4f}% of it. Run with another --articles: the cost does not grow."
        )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NEWSFLOW_MODELS_DIR", tempfile.mkdtemp(prefix="newsflow-bench-models-"))
    raise SystemExit(main())
