"""Dates as partner newsrooms write them, round 41: Slovenian relative days (Maribor: "pred 3 dnevi", "včeraj ob
14.30"), British forms (Derry and Strabane: "Thursday 4th December 2026", "4th Dec '26"), and ranges of days, an
event's ("3.–5.12.2026", "3 - 5 December 2026"), which are no day of publication."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newsflow.dates import date_range, dateline_dates, parse_date, relative_day

# The moment a listing is read: 15:30 on 4 December 2026 in Maribor (CET).
NOW = datetime(2026, 12, 4, 15, 30, tzinfo=timezone(timedelta(hours=1)))


@pytest.mark.parametrize(
    ("text", "day", "sure"),
    [
        ("danes", "2026-12-04", True),
        ("Danes ob 14:00", "2026-12-04", True),
        ("včeraj", "2026-12-03", True),
        ("Včeraj ob 14.30", "2026-12-03", True),
        ("predvčerajšnjim", "2026-12-02", True),
        ("pred 5 minutami", "2026-12-04", True),
        ("pred eno minuto", "2026-12-04", True),
        ("pred 1 uro", "2026-12-04", True),
        ("pred eno uro", "2026-12-04", True),
        ("pred 2 urama", "2026-12-04", True),
        ("pred 3 urami", "2026-12-04", True),
        ("Objavljeno: pred 3 urami", "2026-12-04", True),
        # Days back are rounded by the sites that write them, as "2 days ago" is: a list's, no release's day
        ("pred enim dnem", "2026-12-03", False),
        ("pred 1 dnem", "2026-12-03", False),
        ("pred 2 dnevoma", "2026-12-02", False),
        ("pred dvema dnevoma", "2026-12-02", False),
        ("pred 3 dnevi", "2026-12-01", False),
        ("Objavljeno: pred 3 dnevi", "2026-12-01", False),
    ],
)
def test_a_slovenian_relative_day(text, day, sure):
    assert relative_day(text, NOW) == (day, sure)


def test_slovenian_hours_back_across_midnight_are_no_day_for_sure():
    late = NOW.replace(hour=0, minute=30)
    assert relative_day("pred 1 uro", late) == ("2026-12-03", False)  # (23:30 the day before, or 00:10 rounded)
    assert relative_day("pred 16 urami", NOW) == ("2026-12-03", False)  # (23:30 the day before)
    assert relative_day("pred 18 urami", NOW) == ("2026-12-03", True)  # (21:30 the day before)
    assert relative_day("pred 2 urama", late) == ("2026-12-03", True)  # (22:30 the day before)


@pytest.mark.parametrize("text", ["pred 2 tednoma", "pred 3 meseci", "danes ob 8–16", "Odprto danes 8:00-16:00"])
def test_weeks_months_and_opening_hours_are_no_slovenian_relative_day(text):
    assert relative_day(text, NOW) == ("", False)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("4. decembra 2026", "sl", "2026-12-04"),
        ("4. 12. 2026", "sl", "2026-12-04"),
        ("sre, 4. dec 2026", "sl", "2026-12-04"),
        ("četrtek, 4. december 2026", "sl", "2026-12-04"),
        ("04.12.2026 ob 10:15", "sl", "2026-12-04T10:15:00"),
        ("4. 12. 2026 ob 10.15", "sl", "2026-12-04T10:15:00"),
        ("Thursday 4th December 2026", "en-GB", "2026-12-04"),
        ("Thu 4th Dec 2026, 10:00am", "en", "2026-12-04T10:00:00"),
        # A British listing's year after an apostrophe
        ("4th Dec '26", "en", "2026-12-04"),
        ("Thursday 4 December ’26", "en-GB", "2026-12-04"),
        ("Dec 4th '26", "en", "2026-12-04"),
        ("Published 30th Nov '26 at 3:05pm", "en", "2026-11-30T15:05:00"),
    ],
)
def test_slovenian_and_british_forms(text, lang, expected):
    assert parse_date(text, lang=lang) == expected


@pytest.mark.parametrize("text", ["Rock 'n' roll", "Class of '26", "4 o'clock", "Dec '26 issue"])
def test_an_apostrophe_year_needs_its_day_and_month(text):
    assert parse_date(text, lang="en") == ""


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("3.–5.12.2026", "2026-12-03", "2026-12-05"),
        ("3.-5.12.2026", "2026-12-03", "2026-12-05"),
        ("3.12.–5.12.2026", "2026-12-03", "2026-12-05"),
        ("3. 12. – 5. 12. 2026", "2026-12-03", "2026-12-05"),
        ("3.12.2026 – 5.12.2026", "2026-12-03", "2026-12-05"),
        ("30.11.–2.12.2026", "2026-11-30", "2026-12-02"),
        ("30.12.–2.1.2027", "2026-12-30", "2027-01-02"),  # (the start's year the one before)
        ("3 - 5 December 2026", "2026-12-03", "2026-12-05"),
        ("3–5 December 2026", "2026-12-03", "2026-12-05"),
        ("3rd – 5th December 2026", "2026-12-03", "2026-12-05"),
        ("3. - 5. decembra 2026", "2026-12-03", "2026-12-05"),
        ("29 October – 1 November 2026", "2026-10-29", "2026-11-01"),
        ("3 December – 5 December 2026", "2026-12-03", "2026-12-05"),
        ("December 3-5, 2026", "2026-12-03", "2026-12-05"),
        ("Nov 30 – Dec 2, 2026", "2026-11-30", "2026-12-02"),
        ("Tapahtuma 3.–5.12.2026 Kauppatorilla", "2026-12-03", "2026-12-05"),
    ],
)
def test_a_range_of_days_is_an_events_and_no_publication_date(text, start, end):
    """Left before s41: "3.–5.12.2026" read as 5 December, "3.12.2026 – 5.12.2026" as the 3rd, "December 3-5, 2026"
    as none: an event's days, which a listing or an article's teaser gives, were taken for the day of publication."""
    assert date_range(text) == (start, end)
    assert parse_date(text, lang="sl") == ""
    assert parse_date(text, lang="en-GB") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Issue 12 - 4 December 2026", "2026-12-04"),  # a number and a day: no range (12 is after 4)
        ("Covid-19 update 4 December 2026", "2026-12-04"),
        ("Published 4 December 2026 - 10:00", "2026-12-04T10:00:00"),
        ("3.12.2026 klo 10-12", "2026-12-03"),  # a range of hours
        ("1-2-2026", "2026-02-01"),
    ],
)
def test_what_is_no_range_of_days_is_read_as_before(text, expected):
    assert date_range(text) == ("", "")
    assert parse_date(text, lang="fi") == expected


def test_a_date_after_a_range_is_read_past_it():
    assert parse_date("Koulutus 3.–5.12.2026, julkaistu 1.12.2026", lang="fi") == "2026-12-01"


def test_a_dateline_beside_an_events_days_gives_the_publication():
    assert dateline_dates("Objavljeno: 1. 12. 2026 · Dogodek 3.–5. decembra 2026", "sl") == ("2026-12-01", "")
    assert dateline_dates("3.–5.12.2026", "fi") == ("", "")
