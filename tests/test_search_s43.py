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
