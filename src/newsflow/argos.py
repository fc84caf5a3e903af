"""argostranslate as a translation engine, behind the same interface as CTranslate2Engine.

Optional: ``pip install -c constraints.txt 'newsflow[argos]'`` (argostranslate brings stanza, spacy and
torch; the constraints file keeps torch on its CPU build). Imported only when feeds.toml says
``translation_engine = "argostranslate"``.

Its offline pitfalls, and what this module does about each:
- its settings (threads, beam, batch size, device) are read once, at import: they are put in the
  environment before the first import, and cannot change afterwards in the same process;
- its sentence splitters download models at first use (stanza's resources list, MiniSBD's ONNX
  model): newsflow splits sentences itself and hands argostranslate one sentence at a time with
  its splitter replaced, so nothing is fetched;
- asking it for a pair with no installed route raises AttributeError: newsflow's own router
  chooses the package, and argostranslate is only called with one it has;
- ``update_package_index()`` recurses offline: it is never called (see ``newsflow models``);
- its tokenizer turns every "_" into a space: words with "_" (file names, identifiers) are cut out
  of the sentence before any engine sees it, like URLs and e-mail addresses (translate.PROTECTED).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .packages import Package, TranslateError


class _OneSentence:
    """A sentence splitter that leaves the sentence alone (newsflow has split already)."""

    def split_sentences(self, text: str) -> list[str]:
        return [text]


_import_lock = threading.Lock()
_argos: Any = None


def _import(beam_size: int, threads: int, batch_size: int) -> Any:
    """Import argostranslate once, with its settings in the environment first."""
    global _argos
    with _import_lock:
        if _argos is None:
            os.environ.setdefault("ARGOS_DEVICE_TYPE", "cpu")
            os.environ.setdefault("ARGOS_INTER_THREADS", "1")
            os.environ.setdefault("ARGOS_INTRA_THREADS", str(threads))
            os.environ.setdefault("ARGOS_BEAM_SIZE", str(beam_size))
            os.environ.setdefault("ARGOS_BATCH_SIZE", str(max(batch_size, 32)))
            try:
                import argostranslate.package
                import argostranslate.translate
            except ImportError as e:
                raise TranslateError(
                    'translation_engine = "argostranslate" needs the optional extra: '
                    f"pip install -c constraints.txt 'newsflow[argos]' ({e})"
                ) from None
            # argostranslate sets its own logger to INFO and logs every sentence it translates: the partners' text,
            # line by line, in the cron log. Its warnings and errors still come through.
            for name in ["argostranslate", *logging.root.manager.loggerDict]:
                if name.split(".")[0] == "argostranslate":
                    logging.getLogger(name).setLevel(logging.WARNING)
            _argos = argostranslate
        return _argos


class ArgosEngine:
    name = "argostranslate"

    def __init__(self, beam_size: int = 2, threads: int = 1, batch_size: int = 32):
        self.beam_size = beam_size
        self.threads = threads
        self.batch_size = batch_size
        self.calls = 0
        self._translations: dict[Path, Any] = {}
        self._lock = threading.Lock()

    def _translation(self, pkg: Package) -> Any:
        argos = _import(self.beam_size, self.threads, self.batch_size)
        with self._lock:
            if pkg.path not in self._translations:
                try:
                    package = argos.package.Package(pkg.path)
                    translation = argos.translate.PackageTranslation(
                        argos.translate.Language(pkg.from_code, pkg.from_code),
                        argos.translate.Language(pkg.to_code, pkg.to_code),
                        package,
                    )
                except Exception as e:  # argostranslate raises many kinds on a broken package
                    raise TranslateError(
                        f"argostranslate cannot load {pkg.id} at {pkg.path}: {type(e).__name__}: {e}"
                    ) from None
                translation.sentencizer = _OneSentence()  # no stanza or MiniSBD: no download
                self._translations[pkg.path] = translation
            return self._translations[pkg.path]

    def translate(self, pkg: Package, sentences: Sequence[str]) -> list[str]:
        translation = self._translation(pkg)
        out = []
        for sentence in sentences:
            self.calls += 1
            try:
                best = translation.hypotheses(sentence, num_hypotheses=1)[0]
            except Exception as e:
                raise TranslateError(f"argostranslate failed on {pkg.id}: {type(e).__name__}: {e}") from None
            out.append(best.value.strip())
        return out
