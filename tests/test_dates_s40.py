"""Dates as partner newsrooms write them, round 40: a numeric dateline whose order its weekday tells, set apart with
slashes and a 12-hour time ("Tuesday, 11.06.2012 / 4:54 PM / News"); a dateline with a two-digit year, read in the
page's order; a time zone's abbreviation beside a dateline's time; a moment a page marks in UTC and shows on its
newsroom's day; a numbered section heading is no date."""

from __future__ import annotations

import pytest

from newsflow.dates import as_shown, instant
from newsflow.extract import extract

LEAD = "The council says the project is progressing to plan and new measures will begin next year in the area. " * 2
LEAD_FI = "Kaupunki kertoo hankkeen etenevän suunnitellusti ja uusia toimenpiteitä käynnistetään ensi vuonna. " * 2
LEAD_SL = "Občina sporoča, da projekt poteka po načrtu in da se bodo novi ukrepi začeli prihodnje leto. " * 2


def _page(top: str, lead: str = LEAD, lang: str = "", head: str = "", before: str = "") -> str:
    declared = f" lang='{lang}'" if lang else ""
    return (
        f"<html{declared}><head><title>Whalers defeat Spirit</title>{head}</head><body>{before}"
        f"<div class='article'><h1>Whalers defeat Spirit</h1>{top}<p>{lead}</p><p>{lead}</p></div></body></html>"
    )


@pytest.mark.parametrize(
    ("line", "want"),
    [
        # 11 June 2012 was a Monday: the weekday says 6 November; "PM" is the time's, "News" the section's.
        ("Tuesday, 11.06.2012 / 4:54 PM / News", "2012-11-06"),
        # The section's name between slashes, as the kind beside a dateline between bars.
        ("Monday, 11.05.2012 / 11:00 AM / Prospects", "2012-11-05"),
        ("Monday, 11.05.2012 / 9:44 p.m. / NHL Network", "2012-11-05"),
        ("Posted at 4:54 PM on Tuesday, 11.06.2012", "2012-11-06"),  # the time first
    ],
)
def test_a_numeric_dateline_its_weekday_orders_with_a_12_hour_time_and_a_section_dates_the_page(line, want):
    article = extract(_page(f"<div class='pubDate'>{line}</div>"), "https://www.example.com/ice/news.htm?id=1")
    assert article.published[:10] == want
    assert article.paragraphs[0].text.startswith("The council")


def test_a_script_above_the_dateline_is_not_the_text_beginning():
    code = "var gblShareParams = { userAction: 'share', target: 'news', items: [1, 2, 3, 4, 5] }; " * 3
    script = f"<script>{code}</script><style>.nav {{ float: left; width: 100%; height: 1px; color: #123456; }}</style>"
    html = _page("<div class='pubDate'>Monday, 11.05.2012 / 11:00 AM / Prospects</div>", before=f"<div>{script}</div>")
    assert extract(html, "https://www.example.com/ice/news.htm?id=2").published[:10] == "2012-11-05"


@pytest.mark.parametrize(
    ("line", "lang", "want"),
    [
        ("Julkaistu 3.12.26", "fi", "2026-12-03"),
        ("Julkaistu 3.12.26 klo 9.15", "fi", "2026-12-03T09:15:00"),
        ("Publicerad 3.12.26", "sv", "2026-12-03"),
        ("Posted 12.3.26", "en-US", "2026-12-03"),  # the page's order: the month first
        ("Posted 3.12.26", "en-GB", "2026-12-03"),
        ("Julkaistu 3.13.26", "fi", ""),  # no such day in a day-first page's order: no wrong date
    ],
)
def test_a_dateline_with_a_two_digit_year_is_read_in_the_pages_order(line, lang, want):
    article = extract(_page(f"<p>{line}</p>", LEAD_FI, lang), "https://www.example.com/uutiset/a")
    assert article.published == want


def test_a_time_zones_abbreviation_beside_a_dateline_is_the_times():
    article = extract(_page("<p>Published 11:45 p.m. EST, Thu December 3, 2026</p>", lang="en-US"), "https://a.org/x")
    assert article.published == "2026-12-03"
    assert "EST" not in article.paragraphs[0].text


def test_a_moment_marked_in_utc_keeps_the_day_the_page_shows():
    # Drupal marks the moment in UTC and shows it in the newsroom's time: 00:15 on 3 December in Ljubljana.
    stamp = "<div class='field--name-created'><time datetime='2026-12-02T23:15:00Z'>3. 12. 2026 - 00:15</time></div>"
    article = extract(_page(stamp, LEAD_SL, "sl"), "https://www.ljubljana.si/sl/novice/x/")
    assert article.published == "2026-12-03T00:15:00+01:00"
    assert instant(article.published) == "2026-12-02T23:15:00+00:00"  # the same moment


def test_an_update_marked_in_utc_keeps_the_day_the_page_shows():
    stamps = (
        "<p>Julkaistu <time datetime='2026-12-02T08:00:00+02:00'>2.12.2026 klo 8.00</time>, päivitetty "
        "<time class='updated' datetime='2026-12-03T22:40:00Z'>4.12.2026 klo 0.40</time></p>"
    )
    article = extract(_page(stamps, LEAD_FI, "fi"), "https://www.example.fi/uutiset/a")
    assert article.updated == "2026-12-04T00:40:00+02:00"


@pytest.mark.parametrize(
    ("moment", "shown", "want"),
    [
        ("2026-12-02T23:15:00+00:00", "2026-12-03T00:15:00", "2026-12-03T00:15:00+01:00"),
        ("2026-12-02T22:30:00+00:00", "2026-12-03", "2026-12-03"),  # the day alone, the next one
        ("2026-12-02T10:30:00+00:00", "2026-12-02T12:30:00", "2026-12-02T10:30:00+00:00"),  # the same day
        ("2026-12-03T03:00:00+00:00", "2026-12-02T22:00:00", "2026-12-02T22:00:00-05:00"),  # west of UTC
        ("2026-12-02T10:30:00+00:00", "2026-12-02", "2026-12-02T10:30:00+00:00"),  # the same day: as it is
        ("2026-12-02T10:30:00+00:00", "2026-12-02T10:37:00", "2026-12-02T10:30:00+00:00"),  # not the same moment
        ("2026-12-02T10:30:00+00:00", "2026-12-05", "2026-12-02T10:30:00+00:00"),  # another day: another date
        ("2026-12-03T00:15:00+01:00", "2026-12-03T00:15:00", "2026-12-03T00:15:00+01:00"),  # not stated in UTC
        ("2026-12-02", "2026-12-03", "2026-12-02"),  # a day, no moment
        ("2026-12-02T10:30:00+00:00", "", "2026-12-02T10:30:00+00:00"),
    ],
)
def test_a_moment_in_utc_as_shown(moment, shown, want):
    assert as_shown(moment, shown) == want


@pytest.mark.parametrize("heading", ["<h2>4.1.10 Kokouksen päätökset</h2>", "<p>4.1.10 Kokouksen päätökset</p>"])
def test_a_numbered_section_heading_is_no_date(heading):
    # A section's number (4.1.10) with its title: a date with a two-digit year stands alone or with a weekday, a time
    # or its word ("Julkaistu 9.11.25"); a listing's "9.11.25 Kaupunki tiedottaa" is read where no heading holds it.
    article = extract(_page(heading, LEAD_FI, "fi"), "https://www.example.fi/poytakirjat/a")
    assert (article.published, article.extraction.get("date_guess")) == ("", None)
    assert article.paragraphs[0].text == "4.1.10 Kokouksen päätökset"
