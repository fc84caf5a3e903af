"""Dates, round 42: a headline's number before its day ("Uutiskirje 2 – 14.12.2026") is no range of days."""

from __future__ import annotations

import pytest

from newsflow.dates import date_range, parse_date


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("Uutiskirje 2 – 14.12.2026", "2026-12-14"),
        ("Uutiskirje 2 - 14.12.2026", "2026-12-14"),
        ("Nyhetsbrev 3 – 4.12.2026", "2026-12-04"),
        ("Bilten 12 – 13. 12. 2026", "2026-12-13"),
        ("Kaupunginhallituksen pöytäkirja 7 – 1.12.2026 klo 16.00", "2026-12-01T16:00:00"),
    ],
)
def test_a_headlines_number_a_spaced_dash_and_a_day_give_the_day(said: str, day: str) -> None:
    """(before: the number and the day were read as an event's days, 2 to 14 December, and the release had no date)"""
    assert date_range(said) == ("", "")
    assert parse_date(said, lang="fi") == day


@pytest.mark.parametrize(
    ("said", "start", "end"),
    [
        ("2 – 14.12.2026", "2026-12-02", "2026-12-14"),  # (no word before: a listing's days)
        ("Näyttely 2.–14.12.2026", "2026-12-02", "2026-12-14"),  # (the first day with its period)
        ("Näyttely 2–14.12.2026", "2026-12-02", "2026-12-14"),  # (unspaced)
        ("Aika: 2 – 14.12.2026", "2026-12-02", "2026-12-14"),  # (a label's colon)
        ("ke 2 – 4.12.2026", "2026-12-02", "2026-12-04"),  # (a weekday)
        ("keskiviikko 2 – 4.12.2026", "2026-12-02", "2026-12-04"),
        (
            "Exhibition 3 – 14 December 2026",
            "2026-12-03",
            "2026-12-14",
        ),  # (a month by name: a range as English writes it)
    ],
)
def test_an_events_days_stay_a_range(said: str, start: str, end: str) -> None:
    assert date_range(said) == (start, end)
    assert parse_date(said, lang="fi") == ""
