"""Words and their lemmas for search: the index's shadow text, and queries that find every form.

Separate from language identification (language.py): this is what search needs, at indexing
time (``search_shadow``) and at query time (``search_query``, ``query_forms``, ``word_matches``).
"""

from __future__ import annotations

import functools
import re

_WORD = re.compile(r"\w+", re.UNICODE)
_FTS_SYNTAX = re.compile(r'["*():^]|\b(AND|OR|NOT|NEAR)\b')
LEMMA_LANGUAGES = ("fi", "sv", "en")


@functools.lru_cache(maxsize=200_000)
def _lemma(word: str, lang: str) -> str:
    import simplemma

    try:
        return str(simplemma.lemmatize(word, lang=lang)).lower()
    except (ValueError, KeyError):
        return word.lower()


def warm_up_lemmas() -> None:
    """Load simplemma's fi, sv and en dictionaries now (about 3 s), not inside the first search."""
    for lang in LEMMA_LANGUAGES:
        _lemma("lämmittely", lang)


def search_shadow(text: str, lang: str) -> str:
    """The text as the search index sees it: every word, followed by its lemma where that differs.

    "Seinäjoen kaupungilla" (fi) -> "seinäjoen seinäjoki kaupungilla kaupunki", so that searching
    either the inflected or the base form finds it, in Datasette's own search box too.
    """
    out = []
    for word in _WORD.findall(text):
        low = word.lower()
        out.append(low)
        if lang in LEMMA_LANGUAGES and not word.isdigit():
            lemma = _lemma(word, lang)
            if lemma != low:
                out.extend(_WORD.findall(lemma))
    return " ".join(out)


def search_query(query: str, languages: tuple[str, ...] = LEMMA_LANGUAGES) -> str:
    """An FTS5 query that finds every form of each word: "Seinäjoella projektet" ->
    ("seinäjoella" OR "seinäjoki") AND ("projektet" OR "projekt").

    A query that already uses FTS5 syntax (quotes, *, AND/OR/NOT, parentheses) is left as it is.
    """
    if _FTS_SYNTAX.search(query):
        return query
    terms = []
    for word in _WORD.findall(query):
        variants = {word.lower()} | {_lemma(word, lang) for lang in languages}
        variants = {v for v in variants if _WORD.fullmatch(v)}
        terms.append("(" + " OR ".join(f'"{v}"' for v in sorted(variants)) + ")")
    return " AND ".join(terms)


def query_forms(query: str, languages: tuple[str, ...] = LEMMA_LANGUAGES) -> set[str]:
    """The word forms and lemmas a query stands for (for highlighting matches)."""
    forms: set[str] = set()
    for word in _WORD.findall(query):
        if word.upper() in ("AND", "OR", "NOT", "NEAR"):
            continue
        forms |= {word.lower()} | {_lemma(word, lang) for lang in languages}
    return forms


def word_matches(word: str, lang: str, forms: set[str]) -> bool:
    """Whether a word of a text is a form of one of the query's words (mixed texts: any of fi/sv/en)."""
    low = word.lower()
    if low in forms:
        return True
    order = (lang, *[x for x in LEMMA_LANGUAGES if x != lang]) if lang in LEMMA_LANGUAGES else LEMMA_LANGUAGES
    return any(_lemma(word, x) in forms for x in order)
