"""Dates as partner newsrooms write them, round 39: Finnish abbreviated months, year-first slash dates, offsets
named after GMT/UTC, two-digit years, weekdays that tell a numeric date's order, and relative days with a time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from newsflow.dates import dateline_dates, parse_date, relative_day

FI_ABBREVIATED = ["tammik", "helmik", "maalisk", "huhtik", "toukok", "kesäk", "heinäk", "elok", "syysk", "lokak",
                  "marrask", "jouluk"]  # fmt: skip


@pytest.mark.parametrize("month", range(1, 13))
def test_a_finnish_month_abbreviated_with_a_period(month):
    name = FI_ABBREVIATED[month - 1]
    assert parse_date(f"Julkaistu 7. {name}. 2025 klo 9.40") == f"2025-{month:02d}-07T09:40:00"
    assert parse_date(f"7 {name.capitalize()} 2025") == f"2025-{month:02d}-07"


def test_a_slovenian_august_abbreviated():
    assert parse_date("Objavljeno: 14. avg. 2025") == "2025-08-14"


def test_a_dateline_with_abbreviated_months_keeps_publication_and_update_apart():
    assert dateline_dates("Julkaistu 9. marrask. 2025, päivitetty 11. marrask. 2025", "fi") == (
        "2025-11-09",
        "2025-11-11",
    )


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("2025/11/09", "2025-11-09"),
        ("Publicerad 2025/1/9 14:05", "2025-01-09T14:05:00"),
        ("Sun 2025/11/09 08:30 JST", "2025-11-09T08:30:00"),
    ],
)
def test_a_year_first_slash_date(text, want):
    assert parse_date(text) == want


@pytest.mark.parametrize("text", ["see www.example.org/2025/11/09/story", "2025/13/09", "2025/02/30", "12025/11/09"])
def test_a_year_first_slash_date_is_not_read_in_an_address_nor_where_no_such_day(text):
    assert parse_date(text) == ""


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Sun Nov 09 2025 23:40:00 GMT+0200 (Eastern European Standard Time)", "2025-11-09T23:40:00+02:00"),
        ("Sun Nov 09 2025 01:15:00 GMT-0500 (Eastern Standard Time)", "2025-11-09T01:15:00-05:00"),
        ("9.11.2025 klo 23.40 UTC+2", "2025-11-09T23:40:00+02:00"),
        ("2025-11-09 23:40 UTC+02:00", "2025-11-09T23:40:00+02:00"),
        ("Sun, 09 Nov 2025 23:40:00 GMT+0200", "2025-11-09T23:40:00+02:00"),
        ("9 November 2025 23:40 GMT", "2025-11-09T23:40:00+00:00"),
    ],
)
def test_an_offset_named_after_gmt_or_utc_is_the_zone(text, want):
    # JavaScript's Date writes "GMT+0200": read as GMT, 23:40 in Helsinki was stored as 01:40 the next day there.
    assert parse_date(text) == want


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        ("9.11.25", "fi", "2025-11-09"),
        ("su 9.11.25 klo 10.15", "fi", "2025-11-09T10:15:00"),
        ("Julkaistu: 9.11.25", "fi", "2025-11-09"),
        ("Publicerad den 9.11.25", "sv", "2025-11-09"),
        ("9.11.25 Kaupunki tiedottaa", "fi", "2025-11-09"),
        ("09/11/25", "en-GB", "2025-11-09"),
        ("11/09/25", "en-US", "2025-11-09"),
        ("Posted 24.11.25", None, "2025-11-24"),  # a part over 12 tells the order
        ("3.12.98", "fi", "1998-12-03"),  # more than a year ahead: last century's
    ],
)
def test_a_two_digit_year_where_the_text_says_it_is_a_date(text, lang, want):
    assert parse_date(text, lang=lang) == want


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("version 1.2.25 released", "en"),
        ("Updated from 1.2.24 to 1.2.25", "en"),
        ("kohta 3.12.25 koskee", "fi"),
        ("v1.2.25", None),
        ("1.2.25.4", None),
        ("09/11/25", "en"),  # the order is not known
        ("9.11.25", None),
        ("3.13.25", "fi"),  # not day-first, on a Finnish page
    ],
)
def test_a_two_digit_year_is_no_date_where_it_may_be_something_else(text, lang):
    assert parse_date(text, lang=lang) == ""


def test_a_two_digit_dotted_date_on_an_american_page_is_month_first():
    assert parse_date("By Jane Roe 11.09.25 3:30 PM", lang="en-US") == "2025-11-09T15:30:00"


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        ("Tuesday, 11.04.2025 / 4:54 PM / News", None, "2025-11-04"),  # 11 April 2025 was a Friday
        ("Friday, 11.04.2025", None, "2025-04-11"),
        ("Tue 11/04/2025", None, "2025-11-04"),
        ("Friday 11/04/2025", "en-US", "2025-04-11"),  # WordPress's default tag on a European site
        ("Tuesday, 11.04.25", None, "2025-11-04"),
        ("tiistai 4.11.2025", None, "2025-11-04"),
    ],
)
def test_a_weekday_tells_the_order_of_a_numeric_date(text, lang, want):
    assert parse_date(text, lang=lang)[:10] == want


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        ("Tuesday 11/04/2025", "en-GB", "2025-04-11"),  # the page's own order stands: a weekday may be mistyped
        ("Wednesday 11/04/2025", None, ""),  # neither reading is a Wednesday
        ("Thursday 3/12/2026", None, ""),  # both readings are Thursdays
        ("Wednesday, 11.04.2025", None, "2025-04-11"),  # day-first as before
    ],
)
def test_a_weekday_that_does_not_tell_changes_nothing(text, lang, want):
    assert parse_date(text, lang=lang)[:10] == want


NOW = datetime(2025, 11, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("i dag 10:15", 0),
        ("Idag kl. 10.15", 0),
        ("Igår 14:30", 1),
        ("Publicerad igår kl 14.30", 1),
        ("Tänään klo 10.15", 0),
        ("eilen 14:05", 1),
        ("Yesterday at 3:05 pm", 1),
        ("Today, 10:15", 0),
        ("3 tim sedan", 0),
        ("5 min sedan", 0),
        ("2 h sedan", 0),
        ("2 t sitten", 0),
        ("10 min sitten", 0),
    ],
)
def test_a_relative_day_with_a_time_or_a_short_unit(text, days):
    assert relative_day(text, NOW) == ((NOW.date() - timedelta(days=days)).isoformat(), True)


@pytest.mark.parametrize(
    "text", ["Avoinna tänään 8–16", "today 10:00-12:00", "tänään 10:00-12:00", "Päivitetty tänään 10:15"]
)
def test_opening_hours_and_updates_are_no_relative_day(text):
    assert relative_day(text, NOW) == ("", False)


def test_a_two_digit_year_takes_this_century_up_to_a_year_ahead():
    ahead = (date.today().year + 1) % 100
    assert parse_date(f"Julkaistu 1.1.{ahead:02d}", lang="fi").startswith(f"20{ahead:02d}")
    beyond = (date.today().year + 2) % 100
    assert parse_date(f"Julkaistu 1.1.{beyond:02d}", lang="fi").startswith(f"19{beyond:02d}")


BODY = (
    "<p>Kaupunginhallitus päätti maanantaina, että uusi kirjasto avataan keskustaan ensi vuonna. Hanke maksaa "
    "kymmenen miljoonaa euroa ja valmistuu syksyllä.</p>"
) * 4


def _page(head: str = "", dateline: str = "") -> str:
    line = f'<p class="date">{dateline}</p>' if dateline else ""
    return (
        f'<html lang="fi"><head><title>Kirjasto</title>{head}</head>'
        f"<body><article><h1>Kirjasto</h1>{line}{BODY}</article></body></html>"
    )


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:published_time" content="Sun Nov 09 2025 23:30:00 GMT+0200 (Eastern European '
        'Standard Time)">',
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "Sun Nov 09 2025 23:30:00 '
        'GMT+0200"}</script>',
    ],
)
def test_a_pages_javascript_date_keeps_its_newsrooms_day(head):
    from newsflow.extract import extract

    published = extract(_page(head=head), "https://example.fi/uutiset/kirjasto").published
    # Stored as 23:30 UTC it was 10 November in Helsinki, where the reading room and the digest show its day.
    assert published == "2025-11-09T23:30:00+02:00"


@pytest.mark.parametrize(
    ("dateline", "want"),
    [("9. marrask. 2025 klo 10.15", "2025-11-09T10:15:00"), ("Julkaistu 2025/11/09", "2025-11-09")],
)
def test_a_pages_dateline_in_the_new_forms_is_its_date(dateline, want):
    from newsflow.extract import extract

    assert extract(_page(dateline=dateline), "https://example.fi/uutiset/kirjasto").published == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Posted 11.04.2025", ""),  # 11 April on a European site with WordPress's default tag, 4 November in the US
        ("11-04-2025", ""),
        ("Tuesday, 11.04.2025", "2025-11-04"),  # the weekday tells
        ("24.11.2025", "2025-11-24"),  # a part over 12 tells
        ("4.4.2025", "2025-04-04"),  # either way the same day
    ],
)
def test_a_dotted_or_dashed_date_on_an_american_page_is_read_only_where_its_order_is_told(text, want):
    assert parse_date(text, lang="en-US")[:10] == want


def test_a_dotted_date_is_day_first_where_the_page_says_so_or_says_nothing():
    assert parse_date("Posted 11.04.2025", lang="en-GB") == parse_date("Posted 11.04.2025") == "2025-04-11"


def test_opening_hours_today_are_no_day():
    assert parse_date("tänään 8–16", lang="fi") == ""
