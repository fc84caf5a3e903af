"""Slovenian word forms for search: a light stemmer, with no dictionary.

Slovenian inflects nouns and adjectives in six cases and three numbers ("projekt", "projekta", "projektu",
"projektom"; "občina", "občine", "občini"; "socialno podjetje", "socialnega podjetja"). simplemma's Slovenian
dictionary is not in the search lexicon (it would grow the file every machine builds and every query would ask
it), so a word's forms are told by rules: two words are forms of one another when ``stem`` gives both the same
stem. The rules take off the case endings of nouns and adjectives (not derivations: "mestni", municipal, is no
form of "mesto", city, as "kaupunginhallitus" is none of "kaupunki"), allow for the vowel that comes and goes
before a last consonant ("dogodek", "dogodka"; "socialen", "socialnega"; "Bruselj", "Bruslju"; "izkušnja",
"izkušenj"; "okno", "oken") and for the "j" a foreign name takes before its ending ("Derryju", "Seinäjokija"); a
verb's forms by the endings of its infinitive, past participle and third person plural ("organizirati",
"organiziral", "organizirajo", "organizira"). Measured on word forms written for it: see tests/test_slovenian.py
and tests/test_search_s42.py.
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
# "dogodek"/"dogodka", "socialen"/"socialnega"; before "lj" and "nj", one sound each: "Bruselj"/"Bruslju", and the
# genitive plural's "izkušenj" of "izkušnja" (session 42)
_FLEETING_E = re.compile(r"e(lj|nj|[bcčdfgklmnprsštvzž])$")
_VOWEL = re.compile("[aeiouyäöü]")
# A verb's forms by their endings (session 42): the infinitive's "-ti", the past participle's "-l" after the "a" or "i"
# of the stem ("organiziral", "predstavil"), the third person plural's "-jo" after a vowel ("organizirajo",
# "predstavijo"): each leaves the stem the present tense has ("organizira", "predstavi"). Only a stem of six letters
# or more: "portal" is no "porta".
_VERB_ENDS = ("ati", "iti", "al", "il", "ajo", "ejo", "ijo", "ujo")
SHORTEST_VERB = 6
# A noun's "-al" the verb rule leaves alone (session 43): after a vowel and "n" ("terminal", "original", "personal":
# "terminal" was "termina", the genitive of "termin", and "personal" "persona") or after "i" or "u" ("material",
# "potencial", "ritual"), as loanwords end and Slovenian verbs' participles hardly do ("spoznal", "izvajal",
# "organiziral" still join "spoznati", "izvaja", "organizirati"; "računal" no longer joins "računa").
_NOUN_AL = re.compile(r"(?:[aeiou]n|[iu])al$")
_NAME_J = re.compile(r"(?<=[aeiouy])j$")  # a foreign name's "j" before an ending: "Derryju", "Seinäjokija"
# A feminine noun's instrumental after a consonant ("priložnostjo", "priložnostmi" of "priložnost", session 42); not
# the "jo" of a noun in -dja, -lja, -nja, whose "j" is its own ("vodjo", of "vodja", leader, is no form of "voda",
# water; "voljo", will, none of "vol", ox: review, s42)
_I_STEM = re.compile(r"(?<=[^aeiou])mi$|(?<=[^aeioudln])jo$")
_R_J = re.compile(r"(?<=r)j$")  # the "j" a noun in -r takes before its ending: "partnerja", "direktorju"
SHORTEST_STEM = 3  # letters a stem keeps at least: "mest" (mesto), not "m" (mi)
SHORTEST_WORD = 4  # a shorter word is only itself, but a search's word of three ("let" of "leto": same_word)


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
    if low.endswith(("jo", "mi")):
        cut.append(_I_STEM.sub("", low))
    cut += [low[: -len(ending)] for ending in _ENDINGS if low.endswith(ending)]  # "programa": program-a, progr-ama
    return frozenset(_normal(c) for c in (low, *cut) if len(c) >= SHORTEST_STEM)


def _normal(stem: str) -> str:
    if len(stem) > SHORTEST_WORD:
        stem = _R_J.sub("", stem)
    named = _NAME_J.sub("", stem)
    if named != stem and len(named) >= SHORTEST_WORD:  # "derryj" -> "derry"; "seinäjokij" -> "seinäjoki" -> "seinäjok"
        cut = _ENDING.sub("", named) if named[-1] in "aeiou" else named
        stem = cut if len(cut) >= SHORTEST_STEM else named
    if len(stem) > SHORTEST_VERB and stem.endswith(_VERB_ENDS) and not _NOUN_AL.search(stem):
        stem = stem[: -1 if stem[-1] == "l" else -2] if len(stem) - (stem[-1] != "l") > SHORTEST_VERB else stem
    if len(stem) > SHORTEST_WORD:
        return _FLEETING_E.sub(r"\1", stem)
    fleeting = _FLEETING_E.sub(r"\1", stem)
    return fleeting if _VOWEL.search(fleeting) else stem  # "oken" -> "okn"; not "svet" -> "svt", no "sveta"


def prefix(word: str) -> str:
    """The start every form of ``word`` begins with (before a vowel that comes and goes): where to look for its forms
    in a sorted list of words."""
    low = min(stems(word), key=len)
    if len(low) < SHORTEST_WORD and (len(word) < SHORTEST_WORD or not _VOWEL.search(low[:-1])):
        return low  # ("okn" of "okno": "oken", with the vowel that comes and goes, starts "ok")
    return low[:-2] if low.endswith(("lj", "nj")) else low[:-1]  # "izkušnj": "izkušenj" (a vowel before "nj")


def same_word(a: str, b: str, *, short: bool = False) -> bool:
    """Whether ``a`` and ``b`` are forms of one Slovenian word by these rules. ``short``: a word of three letters is a
    form of a longer one it is the stem of, as a search takes it ("let" of "leto", the genitive plural: "pet let",
    five years); not of another word of three ("ura", "ure": too few letters to tell an ending by), and not for a
    name's words (tagging: "Dam" is no form of the cooperative "Dame")."""
    if a.lower() == b.lower():
        return True
    low, high = sorted((a, b), key=len)
    if len(low) >= SHORTEST_WORD:
        return not stems(a).isdisjoint(stems(b))
    return (
        short
        and len(low) == SHORTEST_STEM
        and len(high) >= SHORTEST_WORD
        and low.lower() not in _FUNCTION_WORDS
        and low.lower() in stems(high)
    )


# Words of three letters that a Slovenian text has in most of its sentences and that are also a longer word's form
# by the rules: "tem" (this; "o tem", "pri tem"), the genitive plural of "tema", topic; "vas" (you: "vabimo vas") of
# "vas", village; "nas", "med", "pod", "nad", "kot", "ter", "sem". A search for "tema" or "vasi" listed nearly every
# Slovenian release (review2, s42); "let", years, of "leto" is no such word.
_FUNCTION_WORDS = frozenset(("tem", "vas", "nas", "med", "pod", "nad", "kot", "ter", "sem", "pri", "ker", "kar"))
