"""Search probe, session 42: Slovenian words as Maribor's staff type them, and a programme's period typed short.

The Slovenian stemmer (newsflow.slovenian) measured on word forms written for this session, in two halves: A, on
which the rules were chosen, and B, only scored. Each line is one word's forms; a line of a word derived from another
("tekmovanje", competition, of "tekma", match; "predstavitev", presentation, of "predstaviti", to present) or one
looking like another ("portal", "porta"; "model", "moda") is a word of its own, which the other must not find.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsflow.archive import Archive
from newsflow.cli import cli
from newsflow.search import find_articles
from newsflow.slovenian import prefix, same_word
from test_search_slovenian import archive_of

# Chosen on: the vowel that comes and goes before "lj" and "nj" ("Bruselj", "Bruslju"; the genitive plural's
# "izkušenj" of "izkušnja" is in tests/test_slovenian.py) and before the last consonant of a word of four letters
# ("oken", "okno"), a verb's forms, a feminine noun's instrumental after a consonant, a word of three letters.
A = """
sestra sestre sestri sestro sester sestrah
tekma tekme tekmi tekmo tekem tekmah
okno okna oknu oknom oken oknih
pismo pisma pismu pismom pisem pismih
Bruselj Bruslja Bruslju Bruseljem
nedelja nedelje nedelji nedeljo nedelj nedeljah
konferenca konference konferenci konferenco konferenc konferencah
priložnost priložnosti priložnostjo priložnostmi
cilj cilja cilju ciljem cilji ciljev
leto leta letu let letih letom
predstaviti predstavi predstavijo predstavil predstavila predstavili
organizirati organizira organizirajo organiziral organizirala organizirali
sodelovati sodeloval sodelovala sodelovali
delavnica delavnice delavnici delavnico delavnic delavnicah
predstavitev predstavitve predstavitvi predstavitvijo
tekmovanje tekmovanja tekmovanju
model modela modelu modelom modeli
moda mode modi modo
hotel hotela hotelu hotelom
festival festivala festivalu festivalom
"""

# Written with A, before the rules were changed, and only scored.
B = """
igra igre igri igro iger igrah
ladja ladje ladji ladjo ladij ladjah
zgodba zgodbe zgodbi zgodbo zgodb zgodbah
sestanek sestanka sestanku sestankom sestanki sestankov
Kranj Kranja Kranju Kranjem
srečanje srečanja srečanju srečanjem srečanj
povabiti povabi povabijo povabil povabila povabili
izvajati izvaja izvajajo izvajal izvajala izvajali
obiskati obiskal obiskala obiskali
knjiga knjige knjigi knjigo knjig knjigah
misel misli mislijo
ura ure uri uro ur urah
volja volje volji voljo
dežela dežele deželi deželo dežel
igralec igralca igralcu igralci
material materiala materialu materialom
kapital kapitala kapitalu
portal portala portalu
porta porte
ekipa ekipe ekipi ekipo ekip ekipah
"""


def _lines(data: str) -> list[list[str]]:
    return [line.split() for line in data.strip().splitlines()]


def _pairs(data: str) -> tuple[float, float]:
    """Precision and recall over pairs of words, as a search takes them (``short``: "let" is a form of "leto")."""
    words = [(w, i) for i, line in enumerate(_lines(data)) for w in line]
    same = found = wrong = 0
    for (a, i), (b, j) in itertools.combinations(words, 2):
        if same_word(a, b, short=True):
            found += i == j
            wrong += i != j
        same += i == j
    return found / (found + wrong), found / same


def test_chosen_on() -> None:
    """Before: precision 1.000, recall 0.800."""
    assert _pairs(A) == (1.0, 1.0)


def test_scored_only() -> None:
    """Before: precision 1.000, recall 0.764; after 1.000, 0.923. Missed: "ura" and its forms (words of three
    letters or fewer are too short to tell an ending by)."""
    precision, recall = _pairs(B)
    assert precision == 1.0 and recall >= 0.9


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("izkušnja", "izkušenj"),
        ("Bruselj", "Bruslju"),
        ("okno", "oken"),
        ("predstavil", "predstavijo"),
        ("organizirati", "organiziral"),
        ("priložnost", "priložnostjo"),
    ],
)
def test_forms(a: str, b: str) -> None:
    assert same_word(a, b) and same_word(b, a)
    assert b.lower().startswith(prefix(a)) and a.lower().startswith(prefix(b))


def test_not_forms() -> None:
    assert not same_word("portal", "porta") and not same_word("model", "mode")
    assert not same_word("tekma", "tekmovanje") and not same_word("predstaviti", "predstavitev")
    assert not same_word("svet", "svt")
    # A word of three letters only where a search asks it, not in a tag's name: "Dam" is no form of "Dame".
    assert same_word("let", "leto", short=True) and not same_word("let", "leto")
    assert not same_word("ura", "ure", short=True)


def test_prefix_starts_every_form() -> None:
    for line in _lines(A + B):
        for w in line:
            if len(w) >= 4:
                assert all(v.lower().startswith(prefix(w)) for v in line if same_word(v, w, short=True)), w


RELEASES = [
    # A short Slovenian release the language detector labels Croatian (as it does "Obisk v Bruslju").
    ("bruslju", "Obisk v Bruslju", "Župan je bil v Bruslju.", "hr"),
    ("let", "Pet let podjetja", "Pred pet let je občina odprla prvo socialno podjetje.", "sl"),
    ("izkusnje", "Izmenjava izkušenj", "Partnerji so predstavili izkušnje s socialnim podjetništvom.", "sl"),
    ("eakr", "EAKR 2014–2020", "Projekt je bil sofinanciran iz EAKR v obdobju 2014–2020.", "sl"),
    ("eakr-short", "EAKR-ohjelmakausi 2014-20", "Hanke rahoitettiin EAKR-ohjelmakaudella 2014-20.", "fi"),
    ("eakr-2021", "EAKR 2021–2027", "EAKR-ohjelmakausi 2021–2027 alkaa.", "fi"),
    ("brussels", "Hope in Brussels", "The partners met in Brussels.", "en"),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return archive_of(tmp_path_factory.mktemp("s42") / "a.db", RELEASES)


def _found(db: Path, query: str) -> set[str]:
    with Archive(db) as a:
        page = find_articles(a.db.conn, query)
    return {r["url"].rsplit("/", 1)[1] for r in page.rows}


def test_a_slovenian_release_labelled_croatian_is_searched_in_case_forms(archive: Path) -> None:
    assert _found(archive, "Bruselj") == {"bruslju"}
    result = CliRunner().invoke(cli, ["search", "Bruselj", "--db", str(archive)])
    assert result.exit_code == 0, result.output
    assert "Slovenian words were searched in their case forms too: “Bruselj” also as “Bruslju”." in result.output


def test_forms_found_in_the_archive(archive: Path) -> None:
    assert _found(archive, "leto") == {"let"}  # "pet let": the genitive plural
    assert _found(archive, "let") == {"let"}
    assert _found(archive, "izkušenj") == {"izkusnje"}


@pytest.mark.parametrize("query", ["EAKR 2014 - 20", "EAKR 2014-20", "EAKR 2014–20", "EAKR 2014-2020"])
def test_a_period_typed_with_its_last_year_short(archive: Path, query: str) -> None:
    assert _found(archive, query) == {"eakr", "eakr-short"}


def test_two_numbers_apart_are_not_a_period(archive: Path) -> None:
    assert _found(archive, "EAKR 2021-05") == set()  # a month, not a period: no "2005" asked for
    assert _found(archive, "EAKR 2021 27") == set()  # (no dash between them: the words as typed)
