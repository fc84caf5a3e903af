"""Search, session 43: weekdays said as dates ("since Monday", "maanantaista", "sedan måndag", "od ponedeljka"), no
name respelled over a common word ("since" offered as "Sciences"), Slovenian nouns in -al/-il kept apart from verb
forms ("terminal" is no form of "termin"), and the reading room's search box asking the search's own query."""

from __future__ import annotations

import ast
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import reading_room_get
from newsflow import browse
from newsflow import search as search_module
from newsflow.cli import cli
from newsflow.search import (
    dated_search,
    index_vocabulary,
    match_expression,
    parse_day,
    respelled,
    searched_spellings,
)
from newsflow.slovenian import same_word
from test_search_s42 import _pairs

SRC = Path(browse.__file__).parent


def test_the_reading_room_asks_the_match_expression_the_search_asks(demo_archive):
    conn = sqlite3.connect(demo_archive)
    index_vocabulary(conn)
    for words in ("Seinajoella", "HOPE 2014 - 20", "podjetij", "HOPE OR Maribor"):
        assert browse._match_of(conn, words) == match_expression(words, searched_spellings(conn, words))
    assert browse._match_of(conn, "  ") == ""


def test_no_module_imports_the_searchs_private_names():
    for path in sorted(SRC.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        private = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "search"
            for alias in node.names
            if alias.name.startswith("_")
        ]
        assert not private, f"{path.name} imports search's {private}"


# --- weekdays said as dates (search probe, s43: "since Monday" was searched for as words, From "Monday" refused) ---

WEDNESDAY = date(2026, 12, 2)
MONDAY = "2026-11-30"


@pytest.fixture
def frozen(monkeypatch):
    """This machine's clock at 10:00 on a Wednesday, for the command line and the reading room."""
    monkeypatch.setattr(
        search_module, "_now", lambda: datetime.combine(WEDNESDAY, datetime.min.time()).replace(hour=10)
    )
    return WEDNESDAY


@pytest.mark.parametrize(
    ("query", "period"),
    [
        ("since Monday", ("", MONDAY, "")),
        ("what's new since Monday", ("what's new", MONDAY, "")),
        ("HOPE since monday", ("HOPE", MONDAY, "")),
        ("HOPE maanantaista", ("HOPE", MONDAY, "")),  # (the elative: from Monday on)
        ("HOPE maanantaista alkaen", ("HOPE", MONDAY, "")),
        ("HOPE maanantaina", ("HOPE", MONDAY, MONDAY)),
        ("HOPE maanantain jälkeen", ("HOPE", "2026-12-01", "")),
        ("HOPE keskiviikosta", ("HOPE", "2026-12-02", "")),  # (today: the latest Wednesday on or before it)
        ("HOPE keskiviikkona", ("HOPE", "2026-12-02", "2026-12-02")),
        ("HOPE sedan måndag", ("HOPE", MONDAY, "")),
        ("sedan måndagen", ("", MONDAY, "")),
        ("HOPE i måndags", ("HOPE", MONDAY, MONDAY)),
        ("HOPE i onsdags", ("HOPE", "2026-11-25", "2026-11-25")),  # (last week's: "i onsdags" is gone by)
        ("HOPE od ponedeljka", ("HOPE", MONDAY, "")),
        ("HOPE od srede", ("HOPE", "2026-12-02", "")),
        ("HOPE v ponedeljek", ("HOPE", MONDAY, MONDAY)),
        ("HOPE on Monday", ("HOPE", MONDAY, MONDAY)),
        ("HOPE before Friday", ("HOPE", "", "2026-11-26")),  # (last Friday, 27 November)
        ("HOPE since Sunday", ("HOPE", "2026-11-29", "")),
    ],
)
def test_a_weekday_said_as_a_date_is_the_latest_such_day(query, period):
    assert dated_search(query, WEDNESDAY) == period


@pytest.mark.parametrize(
    "query",
    # names and words that are weekdays only sometimes: a day's name alone, or after a word that is no date's
    ["HOPE Monday", "Cyber Monday", "HOPE Murska Sobota", "Petek", "HOPE Friday", "od Murske Sobote", "HOPE måndags"],
)
def test_a_weekdays_name_alone_or_in_a_name_is_no_date(query):
    assert dated_search(query, WEDNESDAY) is None


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("Monday", MONDAY),
        ("maanantai", MONDAY),
        ("maanantaina", MONDAY),
        ("måndag", MONDAY),
        ("måndagen", MONDAY),
        ("ponedeljek", MONDAY),
        ("Wednesday", "2026-12-02"),
        ("sunnuntai", "2026-11-29"),
        ("lördag", "2026-11-28"),
        ("sobota", "2026-11-28"),
        ("i onsdags", "2026-11-25"),
    ],
)
def test_from_and_to_take_a_weekday(typed, day):
    assert parse_day(typed, today=WEDNESDAY) == day
    assert parse_day(typed, today=WEDNESDAY, end=True) == day


def test_the_command_and_the_reading_room_read_since_monday_as_a_date(demo_archive, frozen):
    said = CliRunner().invoke(cli, ["search", "HOPE", "since", "Monday", "--db", str(demo_archive)]).output
    assert "from 30 November 2026 on" in said and "--since 2026-11-30" in said
    assert "Sciences" not in said
    page = reading_room_get(demo_archive, "/-/search?q=HOPE&from=Monday")
    assert page.status_code == 200 and "not a date" not in page.text and "30 November 2026" in page.text


# --- a name's respelling offered over a common word (search probe, s43: "since" -> "Sciences") ---


@pytest.mark.parametrize(
    "words",
    # each a common word no demo release holds, close to a word of a tag's or a partner's name
    ["HOPE since", "those", "greet Maribor", "cites", "strange", "derby", "scenes", "HOPE weekly"],
)
def test_a_common_word_is_not_respelled_as_a_name(demo_archive, words):
    conn = sqlite3.connect(demo_archive)
    assert respelled(conn, words) == ""


@pytest.mark.parametrize(("typed", "meant"), [("HOEP", "HOPE"), ("Maribro", "Maribor"), ("Coompanoin", "Coompanion")])
def test_a_mistyped_name_beside_common_words_is_still_respelled(demo_archive, typed, meant):
    conn = sqlite3.connect(demo_archive)
    assert respelled(conn, f"{typed} since") == f"{meant} since"


# --- Slovenian nouns in -al kept apart from the words the verb rule made of them ("terminal" as "termina") ---

# Chosen on (the rule's letters were read off these): each line one word's forms; a noun in -al beside the word its
# nominative without "l" is a form of ("termina", "persona"), and verbs whose participle must still join.
A = """
termin termina terminu terminom termini terminov
terminal terminala terminalu terminalom terminali
original originala originalu originalom originali
material materiala materialu materiali materialov
festival festivala festivalu festivalom festivali
persona persone personi persono
personal personala personalu
spoznati spozna spoznajo spoznal spoznala spoznali
uživati uživa uživajo užival uživala uživali
informirati informira informirajo informiral informirala
izdelati izdela izdelajo izdelal izdelala izdelali
računati računa računajo računal računala
predstaviti predstavi predstavijo predstavil predstavila
"""

# Written with A, before the rule was scored on it, and only scored (once, before and after).
B = """
tribuna tribune tribuni tribuno
tribunal tribunala tribunalu
kardinal kardinala kardinalu
potencial potenciala potencialu
mineral minerala mineralu
kristal kristala kristalu
ritual rituala ritualu
general generala generalu
prebirati prebira prebirajo prebiral prebirala
pripravljati pripravlja pripravljajo pripravljal pripravljala
spodbujati spodbuja spodbujajo spodbujal spodbujala
zaključiti zaključi zaključijo zaključil zaključila
ustvariti ustvari ustvarijo ustvaril ustvarila
priznati prizna priznajo priznal priznala
čitati čita čitajo čital čitala
opazovati opazoval opazovala opazovali
izboljšati izboljša izboljšajo izboljšal izboljšala
predavati predava predavajo predaval predavala
podpisati podpisal podpisala podpisali
"""


def test_the_noun_rule_chosen_on():
    """Before: precision 0.941, recall 0.921 ("terminal" and its forms were forms of "termina", "personal" of
    "persona"); after 1.000, 0.878: "računal" no longer joins "računa" (a verb in -unal, left apart with the nouns in
    -Vnal), and "užival" never joined "uživati" (a stem of five letters: too short for the verb rule, before too)."""
    assert _pairs(A) == (1.0, pytest.approx(0.878, abs=0.001))


def test_the_noun_rule_scored_only():
    """Before: precision 0.976, recall 0.938 ("tribunal" a form of "tribuna"); after 1.000, 0.938 (missed before and
    after: "čitati", a stem of four letters)."""
    precision, recall = _pairs(B)
    assert precision == 1.0 and recall >= 0.93


def test_a_noun_in_al_is_no_form_of_the_word_without_its_l():
    assert not same_word("termina", "terminal") and not same_word("terminala", "termina")
    assert not same_word("persona", "personal") and not same_word("materia", "material")
    assert same_word("spoznal", "spoznati") and same_word("organiziral", "organizira")
    assert same_word("terminal", "terminalom") and same_word("festival", "festivala")
