"""Dates as partner newsrooms write them: Slovenian months, English ordinals, slash dates, times after words, zones."""

from __future__ import annotations

import random
import re
import time

import pytest

from newsflow import dates
from newsflow.dates import DMY_NAME_DATE, DMY_NUM_DATE, ISO_DATE, MDY_NAME_DATE, parse_date

# The Slovenian forms no other language in MONTHS spells the same way (januar, april, maj, ... already are).
SLOVENIAN_NEW = [
    ("januarja", 1),
    ("februarja", 2),
    ("marec", 3),
    ("marca", 3),
    ("aprila", 4),
    ("maja", 5),
    ("junij", 6),
    ("junija", 6),
    ("julij", 7),
    ("julija", 7),
    ("avgust", 8),
    ("avgusta", 8),
    ("septembra", 9),
    ("oktobra", 10),
    ("novembra", 11),
    ("decembra", 12),
]


@pytest.mark.parametrize("name,month", SLOVENIAN_NEW)
def test_a_slovenian_month_name_in_a_dateline(name, month):
    assert parse_date(f"Objavljeno: 12. {name} 2025") == f"2025-{month:02d}-12"
    assert parse_date(f"12 {name.capitalize()} 2025") == f"2025-{month:02d}-12"  # capitalised, without the dot


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Objavljeno 1. januarja 2025", "2025-01-01"),  # the genitive, as dates are written
        ("12. marca 2025", "2025-03-12"),
        ("v ponedeljek, 3. avgusta 2024", "2024-08-03"),
        ("30. decembra 2023", "2023-12-30"),
        ("12. marec 2025", "2025-03-12"),  # the nominative, as some sites print it
        ("5. junij 2025", "2025-06-05"),
        ("Maribor, 9. julij 2024", "2024-07-09"),
    ],
)
def test_slovenian_month_names_in_both_cases(text, expected):
    assert parse_date(text) == expected


def test_a_slovenian_numeric_dateline_with_its_time_after_ob():
    assert parse_date("Objavljeno: 12. 3. 2025 ob 10.30") == "2025-03-12T10:30:00"
    assert parse_date("Objavljeno: 12. marca 2025 ob 9.05") == "2025-03-12T09:05:00"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Monday 3rd February 2025", "2025-02-03"),
        ("3rd Feb 2025", "2025-02-03"),
        ("21st of March 2024", "2024-03-21"),
        ("Published on the 1st of May, 2024", "2024-05-01"),
        ("Wednesday 22nd January 2025, 14:30", "2025-01-22T14:30:00"),
    ],
)
def test_an_english_ordinal_day_before_the_month(text, expected):
    assert parse_date(text) == expected


def test_of_only_follows_an_ordinal():
    # "Top 10 of March 2024" is a count, not the tenth of March; the ordinal form is a date.
    assert parse_date("Top 10 of March 2024") == ""
    assert parse_date("the 10th of March 2024") == "2024-03-10"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Published 29/10/2012", "2012-10-29"),  # a day over 12 comes first: day-first whatever the page
        ("Posted on 10/29/2012 by Jane", "2012-10-29"),  # the second part over 12: month-first
        ("10/29/2012 11:52 AM", "2012-10-29T11:52:00"),
        ("Updated 31/12/2024 kl 9.15", "2024-12-31T09:15:00"),
    ],
)
def test_a_slash_date_read_by_the_part_over_twelve(text, expected):
    assert parse_date(text) == expected


def test_an_ambiguous_slash_date_follows_the_pages_language():
    assert parse_date("05/02/2025", lang="en-GB") == "2025-02-05"
    assert parse_date("05/02/2025", lang="fi") == "2025-02-05"
    assert parse_date("05/02/2025", lang="sl-SI") == "2025-02-05"
    assert parse_date("05/02/2025", lang="en-US") == "2025-05-02"
    assert parse_date("05/02/2025", lang="en") == ""  # bare English: US and British usage both common
    assert parse_date("05/02/2025") == ""  # no language: no guess, a wrong date is worse than none
    assert parse_date("5/2/2025, 14:05 then 10/29/2012") == "2012-10-29"  # the first date whose order is known
    # The date's own evidence wins over the page's language.
    assert parse_date("29/10/2012", lang="en-US") == "2012-10-29"
    assert parse_date("10/29/2012", lang="en-GB") == "2012-10-29"


def test_day_first_reads_language_tags():
    day_first = dates.day_first
    assert [day_first(t) for t in ("en-GB", "en_ie", "fi", "sv-FI", "sl", "de-AT")] == [True] * 6
    assert [day_first(t) for t in ("en-US", "EN-us", "en-PH")] == [False] * 3
    assert [day_first(t) for t in (None, "", "en", "en-CA", "zh-CN", "ja", "und", "x-default", "es-US")] == [None] * 9


def test_a_slash_date_inside_a_path_or_fraction_is_not_a_date():
    # "/2012/10/29/" in a URL or "1/2/2025/3" is not a slash date; a later one in the text still is.
    assert parse_date("ref 1/2/2025/3, posted 10/29/2012") == "2012-10-29"
    assert parse_date("see example.com/news/10/29/2012/story", lang="en-US") == ""


@pytest.mark.parametrize(
    "text,expected",
    [
        ("18.6.2021 kello 13.05", "2021-06-18T13:05:00"),
        ("5 maj 2021, kl 14:05", "2021-05-05T14:05:00"),
        ("Publicerad 5 maj 2021, kl. 14.05", "2021-05-05T14:05:00"),
        ("2021-05-03 kl. 14:05", "2021-05-03T14:05:00"),
        ("2021-05-03 klo 14.05", "2021-05-03T14:05:00"),
        ("12. 3. 2025 ob 10.30", "2025-03-12T10:30:00"),
        ("3. März 2025 um 10:30 Uhr", "2025-03-03T10:30:00"),
        ("3 mars 2025 à 10h30", "2025-03-03T10:30:00"),
    ],
)
def test_a_time_after_a_word_is_read(text, expected):
    assert parse_date(text) == expected


def test_a_number_after_the_date_is_not_a_time():
    # "12.000" is twelve thousand, not noon: a minute is two digits and no more.
    assert parse_date("5 maj 2021, 12.000 kronor") == "2021-05-05"
    assert parse_date("1.6.2021 klo 8.00") == "2021-06-01T08:00:00"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2017-10-10 07:20 CEST", "2017-10-10T07:20:00+02:00"),
        ("2017-10-10 07:20 EET", "2017-10-10T07:20:00+02:00"),
        ("2017-10-10T07:20:00 UTC", "2017-10-10T07:20:00+00:00"),
        ("2021-05-03 klo 14.05 EEST", "2021-05-03T14:05:00+03:00"),
    ],
)
def test_a_named_zone_after_an_iso_date_time_is_applied(text, expected):
    assert parse_date(text) == expected


def test_only_a_zone_in_capitals_is_a_zone_after_an_iso_time():
    assert parse_date("2017-10-10 07:20 CET") == "2017-10-10T07:20:00+01:00"
    assert parse_date("2017-10-10 07:20 West Coast time") == "2017-10-10T07:20:00"  # a word, not WEST
    assert parse_date("2017-10-10 07:20 WEST coast") == "2017-10-10T07:20:00"  # a phrase's first word, not WEST


def test_a_zone_after_a_written_date_is_a_whole_word_in_capitals():
    # A place or a word after the time is no zone ("Westminster" once read as WEST, an hour off).
    assert parse_date("18.6.2021 klo 13.05 Westminster") == "2021-06-18T13:05:00"
    assert parse_date("3 May 2021 10:30 West Coast") == "2021-05-03T10:30:00"
    assert parse_date("3 May 2021 10:30 BST, London") == "2021-05-03T10:30:00+01:00"
    assert parse_date("May 3, 2021 5:30 p.m. UTC") == "2021-05-03T17:30:00+00:00"
    # A zone followed by the byline or a place is still the zone.
    assert parse_date("Published 12 March 2025 10:00 CET by Anna Berg") == "2025-03-12T10:00:00+01:00"
    assert parse_date("Uppdaterad 2025-03-14 09:30 CET av Erik Holm") == "2025-03-14T09:30:00+01:00"


@pytest.mark.parametrize("text", ["Julkaistu 18.6.2021 klo 24.00", "18 June 2021 25:61", "2021-06-18 24:30"])
def test_an_impossible_time_leaves_the_date(text):
    assert parse_date(text) == "2021-06-18"


LONG_RUNS = [
    "".join(random.Random(13).choices("0123456789.", k=100_000)),  # one call: 1.3 s of each collection as a loop
    "1." * 50_000,
    "1/" * 50_000,
    "1.1.2021" + " " * 100_000 + "x",
    "3 May 2021" + " " * 100_000 + "x",
    "3 May 2021," + " " * 100_000 + "x",
    "2021-05-03 10:30" + " " * 100_000 + "x",
    "10/29/2012" + " " * 100_000 + "x",
]


def _seconds(patterns: tuple[re.Pattern[str], ...], text: str) -> float:
    start = time.perf_counter()
    for pattern in patterns:
        pattern.sub(" ", text)  # what extract does with them: every match found, on a whole block
    parse_date(text)
    return time.perf_counter() - start


# Not speed targets (those live in benchmarks/): a quadratic pattern takes minutes on these 100 kB texts, a
# linear one well under a second, so the generous bound only tells the two apart.
def test_the_date_patterns_stay_linear_on_long_runs_of_blanks_digits_and_dots():
    for text in LONG_RUNS:
        assert _seconds((ISO_DATE, DMY_NUM_DATE, DMY_NAME_DATE, MDY_NAME_DATE), text) < 3.0, text[:20]


def test_the_slash_date_pattern_stays_linear_on_long_runs():
    for text in LONG_RUNS:
        assert _seconds((dates.SLASH_DATE,), text) < 3.0, text[:20]


def test_a_line_without_a_year_is_no_date_but_a_two_digit_rfc_2822_year_still_is():
    # The early exit for lines without a four-digit year must not lose an old feed's pubDate.
    assert parse_date("Tue, 10 Oct 17 07:20:00 GMT") == "2017-10-10T07:20:00+00:00"
    assert parse_date("kello 13.05, 5 maj") == ""
    assert parse_date("Monday 3rd February 2025") == "2025-02-03"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Pressmeddelande · 12.3.2025 · 10:00", "2025-03-12T10:00:00"),
        ("Wednesday, November 07, 2012 | 2:00 PM", "2012-11-07T14:00:00"),
        ("March 12, 2025 • 10:30 AM", "2025-03-12T10:30:00"),
        ("12.3.2025 | 2 min read", "2025-03-12"),  # what follows the separator is no time
        ("Publicerad 12.03.2025 - 06:00", "2025-03-12T06:00:00"),  # a dash before a time
        ("Wed Mar 12 2025 - 08:04", "2025-03-12T08:04:00"),
        ("12.3.2025 – 14.3.2025", ""),  # before a date, a dash opens a range (an event's days, no publication: s41)
    ],
)
def test_a_time_set_apart_from_its_date_by_a_separator(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lauantaina 15.3.2025 klo 20:00-24:00", "2025-03-15T20:00:00"),  # a range's end is no zone
        ("2025-03-15 10:00-12:00, Kaupungintalo", "2025-03-15T10:00:00"),
        ("Wed, 12 Mar 2025 10:00:00 +2500", "2025-03-12T10:00:00"),  # no such zone: the time as written
        ("2025-03-15T10:00:00+25:00", "2025-03-15T10:00:00"),
        ("2025-03-15T10:00:00-05:00", "2025-03-15T10:00:00-05:00"),  # a machine's stamp, with seconds
        ("2025-03-15T10:00:00+05:30", "2025-03-15T10:00:00+05:30"),
    ],
)
def test_a_zone_the_world_has_not_or_a_ranges_end_is_no_zone_and_never_an_error(text, expected):
    assert parse_date(text) == expected


def test_an_update_stated_in_another_zone_is_weighed_by_the_moment():
    from newsflow.extract import extract

    head = (
        '<meta property="article:published_time" content="2025-03-12T00:30:00+02:00">'
        '<meta property="article:modified_time" content="2025-03-11T23:10:00+00:00">'
    )
    text = "".join(f"<p>Seinäjoen kaupunki kertoo uudesta hankkeesta, joka alkaa keväällä {i}.</p>" for i in range(3))
    page = f'<html lang="fi"><head>{head}</head><body><article><h1>Otsikko</h1>{text}</article></body></html>'
    a = extract(page, "https://e.fi/a")
    assert (a.published, a.updated) == ("2025-03-12T00:30:00+02:00", "2025-03-11T23:10:00+00:00")  # 40 min later
    earlier = page.replace("2025-03-11T23:10:00+00:00", "2025-03-11T21:10:00+00:00")  # 80 min before: no update
    assert extract(earlier, "https://e.fi/a").updated == ""
