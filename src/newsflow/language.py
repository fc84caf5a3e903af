"""Text -> language, per paragraph and per document.

Every paragraph gets an ISO 639-1 code ("fi", "sv", "en" or another) with a
confidence, or "und" when there is too little text to say. A document's language
is the one with the most text; a document where a second language holds a real
share of the text is *mixed*, and keeps its per-paragraph labels.
"""

from __future__ import annotations

import re
import threading
from dataclasses import replace

from langdetect import DetectorFactory, LangDetectException, detect_langs

from .models import Article, Paragraph

MIN_LETTERS = 12  # below this a paragraph is "und"
MIXED_SHARE = 0.15  # a second language with at least this share of the letters makes a document mixed
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|\d+")
_lock = threading.Lock()
DetectorFactory.seed = 0  # langdetect is random unless seeded


def _letters(text: str) -> int:
    return len(_LETTERS.findall(text))


def detect_language(text: str) -> tuple[str, float]:
    """(code, confidence) for one text; ("und", 0.0) when there is too little to tell."""
    cleaned = _NOISE.sub(" ", text)
    if _letters(cleaned) < MIN_LETTERS:
        return "und", 0.0
    with _lock:  # langdetect's seeded factory is shared state
        DetectorFactory.seed = 0
        try:
            ranked = detect_langs(cleaned)
        except LangDetectException:
            return "und", 0.0
    if not ranked:
        return "und", 0.0
    code = ranked[0].lang.split("-")[0]
    return code, round(float(ranked[0].prob), 3)


def detect(text: str) -> str:
    """The language code of a text: "fi", "sv", "en", another ISO 639-1 code, or "und"."""
    return detect_language(text)[0]


def label_article(article: Article) -> Article:
    """Label each paragraph, then the article: dominant language and whether it is mixed."""
    labelled = []
    for p in article.paragraphs:
        code, conf = detect_language(p.text)
        labelled.append(replace(p, language=code, confidence=conf))
    # Short paragraphs (contact lines, captions) are weak evidence; a confident
    # long neighbour context decides them when they disagree with it.
    dominant, mixed = _dominant(labelled)
    if dominant != "und":
        labelled = [_smooth(i, p, labelled) for i, p in enumerate(labelled)]
        dominant, mixed = _dominant(labelled)
    if dominant == "und" and article.title:
        dominant = detect(article.title)
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
    """A short or unsure paragraph takes its neighbours' language when they agree (or only one has one)."""
    if p.language == "und" or (_letters(p.text) >= 40 and p.confidence >= 0.9):
        return p
    before = next((q.language for q in reversed(ps[:i]) if q.language != "und"), None)
    after = next((q.language for q in ps[i + 1 :] if q.language != "und"), None)
    neighbour = before if before == after or after is None else (after if before is None else None)
    if neighbour and neighbour != p.language:
        return replace(p, language=neighbour, confidence=round(p.confidence / 2, 3))
    return p
