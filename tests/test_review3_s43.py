"""Review 3, session 43: weekdays said as dates in a search, where today is that weekday ("HOPE after Friday" on a
Friday) and where a day is one end of a Finnish range ("maanantaista perjantaihin" searched the word
"perjantaihin" from Monday on)."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from newsflow.search import dated_search, respelled

FRIDAY = date(2026, 12, 4)


@pytest.mark.parametrize("day", [FRIDAY + timedelta(days=n) for n in range(7)])
def test_after_a_weekday_is_a_date_on_every_day_of_the_week(day):
    # "HOPE after Friday" was a date on six days of the week and, on a Friday, the words "HOPE after Friday"
    # ("No release holds “Friday”"): the day after today is ahead, and dated_search takes no date ahead.
    found = dated_search("HOPE after Friday", day)
    assert found is not None and found[0] == "HOPE" and found[2] == ""
    assert found[1] <= day.isoformat()
    assert date.fromisoformat(found[1]).weekday() == 5  # from a Saturday on, the one after the latest Friday gone
    finnish = dated_search("HOPE perjantain jälkeen", day)
    assert finnish == found


def test_a_finnish_range_of_weekdays_leaves_no_weekday_among_the_words():
    # "maanantaista perjantaihin" (from Monday to Friday) was "perjantaihin" looked for from Monday on.
    for query in ("maanantaista perjantaihin", "maanantaista perjantaihin HOPE", "tiistaista torstaihin"):
        found = dated_search(query, FRIDAY)
        assert found is None or not ({"perjantaihin", "torstaihin"} & set(found[0].split())), (query, found)
    assert dated_search("maanantaista HOPE", FRIDAY) == ("HOPE", "2026-11-30", "")
    assert dated_search("HOPE maanantaista", FRIDAY) == ("HOPE", "2026-11-30", "")


def test_a_partner_s_name_typed_as_the_word_it_is_made_of_is_still_offered(demo_archive):
    # "Companion" (an English word) typed for the partner "Coompanion" offered "Coompanion" before session 43, and
    # nothing since a word the dictionaries know was never respelled; a known word is respelled as a name only where
    # the name is that word with a letter doubled, and still never "since" as "Sciences", "derby" as "Derry", "cites"
    # as "Cities".
    conn = sqlite3.connect(demo_archive)
    assert respelled(conn, "Companion") == "Coompanion"
    assert respelled(conn, "companion 2017") == "Coompanion 2017"
    for words in ("since", "derby", "those", "while", "cites"):
        assert respelled(conn, words) == "", words
    assert respelled(conn, "Maribro") == "Maribor"
