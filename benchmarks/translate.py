"""Translation benchmark: newsflow's engine against CTranslate2 called directly, and argostranslate.

A model the size of a real Argos Translate model (d512, 6+6 layers, 8 heads, ffn 2048, a SentencePiece
vocabulary trained on the dev texts) is generated without torch or network (tests/tinymodel.py):
its weights are constructed so that it copies its input, so every output has a realistic length.
On the same sentences (Finnish texts of ../shared/data/langid-dev, split into sentences):

- CTranslate2 directly: SentencePiece-encode all, one translate_batch call (max_batch_size 32), decode;
- newsflow: Translator.translate_texts with the same settings (sentence splitting, protected spans,
  numbers check, SentencePiece, batching) -- target: at least 0.9 of the direct rate;
- argostranslate with its defaults (its settings untouched; its sentence splitter replaced by
  newsflow's, as it cannot run offline otherwise), one call per text as its translate() does.

Run: .venv/bin/pip install -U pip && .venv/bin/pip install -c constraints.txt -e '.[bench,argos]'
  && .venv/bin/python benchmarks/translate.py
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "langid-dev" / "devset.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--beam", type=int, default=2)
    args = parser.parse_args()

    import ctranslate2
    import sentencepiece

    from newsflow.packages import install_package
    from newsflow.translate import CTranslate2Engine, Translator, split_sentences
    from tinymodel import build_realistic_package

    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    sentences = [s for r in rows if r["lang"] == "fi" and r["bucket"] != "short" for s in split_sentences(r["text"])]
    work = Path(tempfile.mkdtemp(prefix="newsflow-translate-bench-"))
    start = time.perf_counter()
    pkg = install_package(build_realistic_package(work, "fi", "en", [r["text"] for r in rows]), work / "models")
    built = time.perf_counter() - start
    sp = sentencepiece.SentencePieceProcessor(model_file=str(pkg.path / "sentencepiece.model"))
    # The generated model has 256 positions (real ones use sinusoids): sentences of real length only.
    sentences = [s for s in sentences if len(s) > 20 and len(sp.encode(s)) < 200][: args.sentences]

    # CTranslate2 directly, on the same batches.
    model = ctranslate2.Translator(str(pkg.path / "model"), device="cpu", inter_threads=1, intra_threads=1)
    model.translate_batch([sp.encode("Lämmittely", out_type=str)], beam_size=args.beam)
    start = time.perf_counter()
    tokens = [sp.encode(s, out_type=str) for s in sentences]
    results = model.translate_batch(
        tokens, beam_size=args.beam, max_batch_size=32, batch_type="examples", max_decoding_length=256
    )
    direct_out = [sp.decode_pieces(r.hypotheses[0]) for r in results]
    direct = len(sentences) / (time.perf_counter() - start)

    # newsflow.
    translator = Translator([pkg], CTranslate2Engine(beam_size=args.beam, threads=1, batch_size=32))
    translator.translate_texts(["Lämmittely"], "fi", "en")
    start = time.perf_counter()
    ours_out, _ = translator.translate_texts(sentences, "fi", "en")
    ours = len(sentences) / (time.perf_counter() - start)
    copied = sum(a == b for a, b in zip(sentences, ours_out, strict=True)) / len(sentences)

    # argostranslate, its defaults.
    argos = None
    try:
        import argostranslate.package
        import argostranslate.settings
        import argostranslate.translate

        class Splitter:
            def split_sentences(self, text: str) -> list[str]:
                return split_sentences(text)

        translation = argostranslate.translate.PackageTranslation(
            argostranslate.translate.Language("fi", "Finnish"),
            argostranslate.translate.Language("en", "English"),
            argostranslate.package.Package(pkg.path),
        )
        translation.sentencizer = Splitter()
        translation.hypotheses("Lämmittely", num_hypotheses=1)
        start = time.perf_counter()
        for s in sentences:  # the same sentences, one call each, as argostranslate's translate() makes them
            translation.hypotheses(s, num_hypotheses=1)
        argos = len(sentences) / (time.perf_counter() - start)
        argos_settings = (
            f"beam {argostranslate.settings.beam_size}, batch {argostranslate.settings.batch_size} tokens, "
            f"intra_threads {argostranslate.settings.intra_threads}"
        )
    except ImportError:
        argos_settings = "not installed"

    print(
        f"translation benchmark: {len(sentences)} Finnish sentences, model d512 6+6 layers built in {built:.1f} s; "
        f"beam {args.beam}, 1 thread"
    )
    print(f"ctranslate2 directly      {direct:7.1f} sentences/s")
    print(
        f"newsflow                  {ours:7.1f} sentences/s   {ours / direct:.2f} of direct (target >= 0.9); "
        f"{copied:.0%} copied exactly, outputs equal to direct: {ours_out == [o.strip() for o in direct_out]}"
    )
    if argos is not None:
        print(
            f"argostranslate (defaults) {argos:7.1f} sentences/s   newsflow is {ours / argos:.1f}x faster "
            f"({argos_settings})"
        )
    else:
        print(f"argostranslate: {argos_settings} (pip install -c constraints.txt -e '.[argos]')")
    ok = ours / direct >= 0.9
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
