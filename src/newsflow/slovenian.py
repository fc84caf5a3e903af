"""Slovenian word forms for search: a light stemmer, with no dictionary.

Slovenian inflects nouns and adjectives in six cases and three numbers ("projekt", "projekta", "projektu",
"projektom"; "občina", "občine", "občini"; "socialno podjetje", "socialnega podjetja"). simplemma's Slovenian
dictionary is not in the search lexicon (it would grow the file every machine builds and every query would ask
it), so a word's forms are told by rules: two words are forms of one another when ``stem`` gives both the same
stem. The rules take off the case endings of nouns and adjectives only (not derivations: "mestni", municipal, is
no form of "mesto", city, as "kaupunginhallitus" is none of "kaupunki"), allow for the vowel that comes and goes
before a last consonant ("dogodek", "dogodka"; "socialen", "socialnega") and for the "j" a foreign name takes
before its ending ("Derryju", "Seinäjokija"). Measured on word forms written for it: see
tests/test_slovenian.py.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Case endings of nouns and adjectives, longest first (a regular expression alternation tries them in order).
_ENDINGS = (
    "ega",
    "emu",
    "ima",
    "imi",
    "ama",
    "ami",
    "oma",
    "ema",  # adjectives' -ega/-emu; duals and instrumentals
    "om",
    "em",
    "ih",
    "im",
    "ah",
    "am",
    "ov",
    "a",
    "e",
    "i",
    "o",
    "u",
)
_ENDING = re.compile("(?:" + "|".join(_ENDINGS) + ")$")
_SOFT_EV = re.compile(r"(?<=[cčšžj])ev$")  # genitive plural after a soft consonant: "mesecev", "krajev"
_PLURAL_IJ = re.compile(r"(?<=[^aeiou])ij$")  # genitive plural with an "i" put in: "podjetij", "društev" is below
_FLEETING_E = re.compile(r"e([bcčdfgklmnprsštvzž])$")  # "dogodek"/"dogodka", "socialen"/"socialnega"
_NAME_J = re.compile(r"(?<=[aeiouy])j$")  # a foreign name's "j" before an ending: "Derryju", "Seinäjokija"
_R_J = re.compile(r"(?<=r)j$")  # the "j" a noun in -r takes before its ending: "partnerja", "direktorju"
SHORTEST_STEM = 3  # letters a stem keeps at least: "mest" (mesto), not "m" (mi)
SHORTEST_WORD = 4  # a shorter word is only itself ("leto", year, and "let", flight, are both four letters or less)


@lru_cache(maxsize=16384)  # (a release's words recur, and the rules are most of the cost: tagging, search)
def stems(word: str) -> frozenset[str]:
    """The stems ``word`` may have, in lower case: as it stands and without the case ending it may have ("program" is
    a word and also "progr" + "am", as "programa" is "program" + "a"); two words are forms of one another where they
    share one (``same_word``). "projektom" -> {"projektom", "projekt"}, "socialnega" -> {"socialnega", "socialn"},
    "dogodek" and "dogodka" -> "dogodk" (the "e" that comes and goes); a word shorter than four letters only itself."""
    low = word.lower()
    if len(low) < SHORTEST_WORD or not low.isalpha():
        return frozenset((low,))
    cut = [rule.sub(keep, low) for rule, keep in ((_SOFT_EV, ""), (_PLURAL_IJ, "j"))]
    cut += [low[: -len(ending)] for ending in _ENDINGS if low.endswith(ending)]  # "programa": program-a, progr-ama
    return frozenset(_normal(c) for c in (low, *cut) if len(c) >= SHORTEST_STEM)


def _normal(stem: str) -> str:
    if len(stem) > SHORTEST_WORD:
        stem = _R_J.sub("", stem)
    named = _NAME_J.sub("", stem)
    if named != stem and len(named) >= SHORTEST_WORD:  # "derryj" -> "derry"; "seinäjokij" -> "seinäjoki" -> "seinäjok"
        cut = _ENDING.sub("", named) if named[-1] in "aeiou" else named
        stem = cut if len(cut) >= SHORTEST_STEM else named
    if len(stem) > SHORTEST_WORD:  # (not "svet", council: "svt" would share no start with "sveta")
        stem = _FLEETING_E.sub(r"\1", stem)
    return stem


def prefix(word: str) -> str:
    """The start every form of ``word`` begins with (before a vowel that comes and goes): where to look for its forms
    in a sorted list of words."""
    low = min(stems(word), key=len)
    return low[:-1] if len(low) >= SHORTEST_WORD else low


def same_word(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are forms of one Slovenian word by these rules."""
    return a.lower() == b.lower() or (
        len(a) >= SHORTEST_WORD and len(b) >= SHORTEST_WORD and not stems(a).isdisjoint(stems(b))
    )
