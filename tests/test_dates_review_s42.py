"""A spaced dash after a bare number is a numbered publication's day only after its name (review, s42).

Round 42 first read any word, a number, a spaced dash and a day as a headline's number and its day: "Messut 3 –
5.12.2026", a fair's days, became a release of 5 December."""

from __future__ import annotations

import pytest

from newsflow.dates import date_range, parse_date


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Messut 3 – 5.12.2026", "2026-12-03", "2026-12-05"),
        ("Koulutus 3 - 4.12.2026", "2026-12-03", "2026-12-04"),
        ("Joulumarkkinat Seinäjoella 11 – 13.12.2026", "2026-12-11", "2026-12-13"),
        ("Sejem 3 – 5. 12. 2026", "2026-12-03", "2026-12-05"),
    ],
)
def test_an_events_days_after_a_word_stay_a_range(text, start, end):
    assert date_range(text) == (start, end)
    assert not parse_date(text)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Uutiskirje 2 – 14.12.2026", "2026-12-14"),
        ("Jäsenkirje 5 - 3.12.2026", "2026-12-03"),
        ("Newsletter 12 – 4.12.2026", "2026-12-04"),
        ("Infobrev 3 – 4.12.2026", "2026-12-04"),
        ("Kaupunkilehti 9 – 2.12.2026", "2026-12-02"),
    ],
)
def test_a_numbered_publications_number_and_day_are_its_day(text, day):
    assert date_range(text) == ("", "")
    assert (parse_date(text) or "")[:10] == day
