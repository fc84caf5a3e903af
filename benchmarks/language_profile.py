"""Profile newsflow's language detector, and check that a speed change changed no answer.

Speed work on src/newsflow/language.py must not change what it answers. This script labels
every item of ../shared/data/langid-dev (all folds and buckets, headings included, as
benchmarks/language.py loads them) with ``detect_language`` -- the code and the confidence --
and also with a short candidate set and a declared language, so that the other paths are
covered too:

    .venv/bin/python benchmarks/language_profile.py dump before.json    # before a change
    .venv/bin/python benchmarks/language_profile.py compare before.json # after it: differences
    .venv/bin/python benchmarks/language_profile.py speed               # short items/s, best of 5
    .venv/bin/python benchmarks/language_profile.py ratio               # x py3langid, as the benchmark
    .venv/bin/python benchmarks/language_profile.py profile             # cProfile of the short items
    .venv/bin/python benchmarks/language_profile.py ft-sure             # FT_SURE's rule, on fold A only
    .venv/bin/python benchmarks/language_profile.py floor               # FLOOR on fold A cut to titles

Speed is CPU time of this process over the short items (as benchmarks/language.py measures it),
best of five passes; compare variants back to back, on this noisy shared box. ``ratio`` runs
benchmarks/language.py's own workers for newsflow and py3langid (not langdetect, the slow one),
alternately, three times each, and prints each pair's ratio, and beside it the ratio the benchmark's
target applies to: alternating passes of both in one process, their median ratio and the ratio of their bests.

To compare with code no longer in the checkout, dump with a copy of the old package first on
the path: ``PYTHONPATH=/tmp/old .venv/bin/python benchmarks/language_profile.py dump before.json``.

``ft-sure`` applies, on fold A only (fold B is never labelled here), the rule by which FT_SURE
may be lowered should speed need it (fewer texts then ask py3langid): candidates 0.85, 0.80,
... 0.55 are tried downwards, each counting the fold-A items (all buckets, headings included)
whose ``detect`` answer differs from the answer at 0.90; a candidate is accepted while at most
1 in 1,000 of them differ, and the scan stops at the first one with more. It prints the last
one accepted; it does not change FT_SURE.

``floor`` labels fold A cut to title length (language_split.cut_items: the first 20-60
characters of fold A's longer sentences, 2,378 of them in seven languages, where fold A's own
short items leave almost no errors) at several values of FLOOR and FT_SURE, and prints the
errors each makes on fi/sv/en and on the neighbours, and the texts that FLOOR turns into "und".
It changes neither.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from language import items, timed_texts  # noqa: E402
from language_split import DEVSET, cut_items, load, split  # noqa: E402

# (candidates, hint) variants every item is labelled with: the default set; fi/sv/en with each
# item's own language declared (the hint and a small set's "und" paths).
VARIANTS = (("default", None, ""), ("three+hint", ("fi", "sv", "en"), "lang"))


def answers(path: Path) -> dict[str, list[list[object]]]:
    """Every item's (code, confidence) per variant."""
    from newsflow.language import detect, detect_language

    rows, _ = items(path)
    out: dict[str, list[list[object]]] = {}
    for name, cands, hint in VARIANTS:
        out[name] = [list(detect_language(r["text"], r["lang"] if hint else "", cands)) for r in rows]
    out["detect"] = [[detect(r["text"])] for r in rows]
    return out


def speed(path: Path, passes: int = 5) -> float:
    """Short items per CPU second of ``detect``, best of ``passes``."""
    from newsflow.language import detect

    short = timed_texts(*items(path))
    for text in short:  # warm: models loaded, caches filled
        detect(text)
    best = float("inf")
    for _ in range(passes):
        start = time.process_time()
        for text in short:
            detect(text)
        best = min(best, time.process_time() - start)
    return len(short) / best


def choose_ft_sure(path: Path) -> int:
    """Print FT_SURE's candidates with the fold-A answers each changes, and the one the rule picks."""
    from newsflow import language

    rows, folds = items(path)
    fold_a = [r["text"] for r, f in zip(rows, folds, strict=True) if f == "A"]
    allowed = len(fold_a) // 1000  # at most 1 in 1,000
    original = language.FT_SURE
    try:
        language.FT_SURE = 0.9
        reference = [language.detect(t) for t in fold_a]
        chosen = 0.9
        for step in range(17, 10, -1):  # 0.85 ... 0.55
            language.FT_SURE = round(step * 0.05, 2)
            changed = sum(language.detect(t) != a for t, a in zip(fold_a, reference, strict=True))
            print(f"FT_SURE {step * 0.05:.2f}: {changed} of {len(fold_a)} fold-A answers changed")
            if changed > allowed:
                break
            chosen = round(step * 0.05, 2)
    finally:
        language.FT_SURE = original
    print(f"rule (at most {allowed} changed, scanning down): FT_SURE = {chosen:.2f}")
    return 0


def floor_table(path: Path) -> int:
    """Print errors on fold A cut to titles per FLOOR and FT_SURE value, and what the floor makes "und"."""
    from newsflow import language

    rows = load(path)
    cut = cut_items(rows, split(rows))
    three = ("fi", "sv", "en")
    scored = [(r, language.scores(r["text"])) for r in cut]
    print(f"fold A cut to titles: {len(cut)} items")
    original = language.FLOOR, language.FT_SURE
    try:
        for name, values in (("FLOOR", (0.0, 0.05, 0.10, 0.15, 0.20, 0.25)), ("FT_SURE", (0.85, 0.90, 0.95, 1.01))):
            for value in values:
                language.FLOOR, language.FT_SURE = original
                setattr(language, name, value)
                found = scored if name == "FLOOR" else [(r, language.scores(r["text"])) for r in cut]
                answers = [language._decide(s, language.DEFAULT_CANDIDATES, "")[0] for _, s in found]
                wrong3 = sum(a != r["lang"] for (r, _), a in zip(found, answers, strict=True) if r["lang"] in three)
                wrong_other = sum(
                    a in three for (r, _), a in zip(found, answers, strict=True) if r["lang"] not in three
                )
                und = sum(a == "und" for a in answers)
                print(f"{name} {value:.2f}: fi/sv/en wrong {wrong3}, neighbours wrong {wrong_other}, und {und}")
    finally:
        language.FLOOR, language.FT_SURE = original
    print(f'made "und" by FLOOR {language.FLOOR} (best score below it):')
    for r, s in scored:
        if s and max(s.values()) < language.FLOOR:
            best = max(s, key=s.__getitem__)
            print(f"  {r['lang']}: {r['text']!r} (best {best} {s[best]:.3f})")
    return 0


def few_table(path: Path) -> int:
    """Print, per AGREED_MARGIN, the right and wrong answers on items cut to a few letters.

    Each short and medium item is cut to its longest run of first words with FEW_LETTERS to MIN_LETTERS - 1
    letters ("Tervetuloa", "Save the"); 1000 stands for no agreement rule (fastText all but sure alone). The margin
    is chosen on fold A as the one with the most right answers less twice the wrong ones; fold B is reported.
    """
    from newsflow import language

    rows = load(path)
    cut: dict[str, list[tuple[str, str]]] = {"A": [], "B": []}
    for row, fold in zip(rows, split(rows), strict=True):
        if row["bucket"] not in ("short", "medium"):
            continue
        words, prefix = row["text"].split(), ""
        for k in range(1, len(words) + 1):
            letters = language._letters(language._clean(" ".join(words[:k])))
            if letters >= language.MIN_LETTERS:
                break
            if letters >= language.FEW_LETTERS:
                prefix = " ".join(words[:k])
        if prefix:
            cut[fold].append((prefix, language.normalize_code(row["lang"])))
    original = language.AGREED_MARGIN
    chosen, best = original, -(10**9)
    try:
        for fold in ("A", "B"):
            print(f"fold {fold}: {len(cut[fold])} items cut to 4-11 letters")
            for margin in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 1000.0):  # 1000: agreement never answers
                language.AGREED_MARGIN = margin
                answers = [(language.detect(text), lang) for text, lang in cut[fold]]
                right = sum(a == lang for a, lang in answers)
                wrong = sum(a not in (lang, "und") for a, lang in answers)
                print(
                    f"  margin {margin:6.1f}: right {right}, wrong {wrong}, right less twice wrong {right - 2 * wrong}"
                )
                if fold == "A" and right - 2 * wrong > best:
                    chosen, best = margin, right - 2 * wrong
    finally:
        language.AGREED_MARGIN = original
    print(f"rule (fold A, most right less twice wrong): AGREED_MARGIN = {chosen:.1f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("dump", "compare", "speed", "ratio", "profile", "ft-sure", "floor", "few"))
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--data", type=Path, default=DEVSET)
    args = parser.parse_args()
    if args.command == "dump":
        args.file.write_text(json.dumps(answers(args.data)), encoding="utf-8")
        return 0
    if args.command == "compare":
        before = json.loads(args.file.read_text(encoding="utf-8"))
        after = answers(args.data)
        rows, _ = items(args.data)
        if any(len(old) != len(after[name]) for name, old in before.items()):
            print(f"{args.file} holds answers for other items than the benchmark loads now: dump them again")
            return 2
        differ = 0
        for name, old in before.items():
            for i, (a, b) in enumerate(zip(old, after[name], strict=True)):
                if a != b:
                    differ += 1
                    if differ <= 20:
                        print(f"{name} item {i}: {a} -> {b}: {rows[i]['text'][:70]!r}")
        total = sum(len(v) for v in before.values())
        print(f"{differ} of {total} answers differ")
        return 1 if differ else 0
    if args.command == "ft-sure":
        return choose_ft_sure(args.data)
    if args.command == "floor":
        return floor_table(args.data)
    if args.command == "few":
        return few_table(args.data)
    if args.command == "ratio":
        bench = str(Path(__file__).resolve().parent / "language.py")
        for _ in range(3):
            speeds = {}
            for name in ("newsflow", "py3langid"):
                out = subprocess.run(
                    [sys.executable, bench, "--worker", name, "--data", str(args.data)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                speeds[name] = json.loads(out.stdout)["items_s"]
            out = subprocess.run(
                [sys.executable, bench, "--worker", "paired", "--data", str(args.data)],
                capture_output=True,
                text=True,
                check=True,
            )
            pair = json.loads(out.stdout)
            print(
                f"newsflow {speeds['newsflow']:.0f}/s, py3langid {speeds['py3langid']:.0f}/s: "
                f"{speeds['newsflow'] / speeds['py3langid']:.2f}x; in one process, alternating: median "
                f"{pair['median']:.2f}x (quartiles {pair['low']:.2f}-{pair['high']:.2f}), "
                f"of the bests {pair['bests']:.2f}x"
            )
        return 0
    if args.command == "speed":
        print(f"{speed(args.data):.0f} short items/s")
        return 0
    from newsflow.language import detect

    short = timed_texts(*items(args.data))
    for text in short:
        detect(text)
    prof = cProfile.Profile()
    prof.enable()
    for text in short:
        detect(text)
    prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
