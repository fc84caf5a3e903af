"""Dates, round 42: a headline's number before its day ("Uutiskirje 2 – 14.12.2026") is no range of days."""

from __future__ import annotations

import pytest

from newsflow.dates import date_range, dateline_dates, parse_date, with_year


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


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        ("Julkaistu 4.12.2026 | Päivitetty 3.12.2026", "fi"),
        ("Publicerad 4 december 2026 kl. 10.00. Uppdaterad 1 december 2026", "sv"),
        ("Published 4 December 2026, last updated 3 December 2026", "en-GB"),
        ("Objavljeno: 4. 12. 2026, posodobljeno: 2. 12. 2026", "sl"),
    ],
)
def test_an_update_a_dateline_dates_before_its_publication_is_none(line: str, lang: str) -> None:
    """(it was kept: an article "updated" the day before it appeared, as the metadata's alike is not)"""
    published, updated = dateline_dates(line, lang)
    assert published[:10] == "2026-12-04" and updated == ""


def test_an_update_on_or_after_its_publication_stays() -> None:
    assert dateline_dates("Julkaistu 3.12.2026 klo 14.05 | Päivitetty 4.12.2026", "fi") == (
        "2026-12-03T14:05:00",
        "2026-12-04",
    )
    assert dateline_dates("Julkaistu 3.12.2026 klo 9.00, päivitetty 3.12.2026 klo 11.30", "fi") == (
        "2026-12-03T09:00:00",
        "2026-12-03T11:30:00",
    )


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("Objavljeno: 3. 12. ob 10.30", "2026-12-03T10:30:00"),  # (Slovenian: a space after the day's period)
        ("3. 12.", "2026-12-03"),
        ("Objavljeno 30. 12.", "2025-12-30"),  # (the last such day no later than the day after the fetch)
        ("Julkaistu 3.12. klo 14.05", "2026-12-03T14:05:00"),
    ],
)
def test_a_day_and_month_without_a_year_written_with_a_space_is_read(line: str, published: str) -> None:
    """(before: "3. 12." without a year gave no date)"""
    assert dateline_dates(line, "sl", fetched="2026-12-04T10:00:00")[0] == published


@pytest.mark.parametrize("said", ["1. 2. 3.", "klo 10. 15.", "3. 12. 2026"])
def test_an_enumeration_a_time_or_a_whole_date_is_given_no_year(said: str) -> None:
    assert with_year(said, 2026) == said


def test_a_day_and_month_without_a_year_before_a_time_takes_the_year() -> None:
    assert with_year("Julkaistu 12.3. 6:00", 2025) == "Julkaistu 12.3.2025 6:00"
    assert with_year("Objavljeno 12. 3. 6.00", 2025) == "Objavljeno 12. 3.2025 6.00"
