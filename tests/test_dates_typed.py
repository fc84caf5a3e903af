"""Dates as staff type them into the reading room's From and To and the command line's --since and --until.

A probe as staff found "01/03/2026", "25.11.", "March 2026" and "7d" refused (and `search --since 7d` refused
while `digest --since 7d` took it). "Today" is frozen wherever the answer depends on it.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta

import pytest
from click.testing import CliRunner

from conftest import reading_room_get
from newsflow import search as search_module
from newsflow.cli import cli
from newsflow.digest import DigestError, window_start
from newsflow.search import DATE_FORMS, date_range, parse_day, time_back

TODAY = date(2026, 12, 2)  # a Wednesday


@pytest.fixture
def frozen(monkeypatch):
    """This machine's clock at 10:30 on TODAY, for the command line and the reading room (which take no today)."""
    monkeypatch.setattr(search_module, "_now", lambda: datetime.combine(TODAY, datetime.min.time()).replace(hour=10))
    return TODAY


def cli_run(*args):
    return CliRunner().invoke(cli, [*(str(a) for a in args)])


def exported(db, *args):
    result = cli_run("export", "--db", db, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return [row["id"] for row in json.loads(result.output)]


# ---------------------------------------------------------------- days, read day first


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("01/03/2026", "2026-03-01"),
        ("1/3/2026", "2026-03-01"),
        ("03/01/2026", "2026-01-03"),  # 3 January: never month first, as in the United States
        (" 31/12/2025 ", "2025-12-31"),
        ("1.3.2026", "2026-03-01"),
        ("1. 3. 2026", "2026-03-01"),  # as Slovenes write it
        ("20.5.2025.", "2025-05-20"),  # with a sentence's full stop
        ("20 May 2025", "2025-05-20"),
        ("1. maaliskuuta 2026", "2026-03-01"),
        ("12. marca 2025", "2025-03-12"),
        ("2025-05-20", "2025-05-20"),
        ("1.3.26", "2026-03-01"),  # a year in two digits is this century's (the staff probe: refused)
        ("1.3.26.", "2026-03-01"),
        ("01/03/26", "2026-03-01"),
        ("1-3-2026", "2026-03-01"),  # with hyphens, as people type (refused too)
        ("01-03-2026", "2026-03-01"),
        ("2026-3-1", "2026-03-01"),  # a first part of four digits is ISO
    ],
)
def test_a_day_is_read_day_first_in_the_forms_europeans_write(typed, day):
    assert parse_day(typed, today=TODAY) == parse_day(typed, end=True, today=TODAY) == day


def test_a_two_digit_year_more_than_ten_years_ahead_is_last_century():
    # Not 2099: an archive of news holds none from the far future, and "1.3.99" is how 1999 was written.
    assert parse_day("1.3.99", today=TODAY) == "1999-03-01"
    assert parse_day("31/12/70", today=TODAY) == "1970-12-31"
    assert parse_day("31.12.30", today=TODAY) == "2030-12-31"  # within ten years: this century's
    assert parse_day("1.1.36", today=date(2026, 12, 2)) == "2036-01-01"
    assert parse_day("1.1.37", today=date(2026, 12, 2)) == "1937-01-01"


def test_a_month_first_date_is_refused_with_the_day_first_way_to_write_it():
    with pytest.raises(ValueError) as e:
        parse_day("05/13/2026")
    assert str(e.value) == (
        "'05/13/2026' is not a date: there is no such day in the calendar (the day comes first: 13 May is 13/5/2026)"
    )
    with pytest.raises(ValueError, match="no such day in the calendar$"):
        parse_day("31/4/2026")
    with pytest.raises(ValueError, match=r"\(the day comes first: 13 May is 13-5-2026\)$"):
        parse_day("05-13-2026")
    with pytest.raises(ValueError, match=r"\(the day comes first: 13 May is 13\.5\.26\)$"):
        parse_day("5.13.26")


@pytest.mark.parametrize("typed", ["1-3-26", "26-03-01", "01-03-26"])
def test_a_two_digit_year_with_hyphens_is_refused_asking_for_the_year_in_full(typed):
    """26-03-01 is how Swedes shorten 2026-03-01, and 26 March 2001 read day first: neither is guessed."""
    with pytest.raises(ValueError) as e:
        parse_day(typed, today=TODAY)
    assert str(e.value) == f"{typed!r} is not a date: with hyphens, write the year in full (20-5-2025 or 2025-05-20)"


# ---------------------------------------------------------------- a day and month without a year


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("25.11.", "2026-11-25"),  # passed this year
        ("25.11", "2026-11-25"),
        ("25. 11.", "2026-11-25"),
        ("2.12.", "2026-12-02"),  # today is not in the future
        ("3.12.", "2025-12-03"),  # tomorrow: this year's is still ahead, so last year's
        ("24.12.", "2025-12-24"),
        ("1/3", "2026-03-01"),
        ("29.2.", "2024-02-29"),  # the last 29 February there was
    ],
)
def test_a_day_without_a_year_is_the_latest_one_not_in_the_future(typed, day):
    assert parse_day(typed, today=TODAY) == parse_day(typed, end=True, today=TODAY) == day


def test_a_day_without_a_year_counts_from_this_machines_date(frozen):
    assert parse_day("25.11.") == "2026-11-25" and parse_day("3.12.") == "2025-12-03"
    with pytest.raises(ValueError, match="no such day in the calendar"):
        parse_day("31.4.")


# ---------------------------------------------------------------- months by name


@pytest.mark.parametrize(
    "typed",
    [
        "March 2026",
        "march 2026",
        "MARCH 2026",
        "Mar 2026",
        "Mar. 2026",
        "March, 2026",
        "maaliskuu 2026",
        "Maaliskuussa 2026",
        "maaliskuun 2026",
        "mars 2026",
        "Marec 2026",
        "2026-03",
    ],
)
def test_a_month_by_name_is_its_first_day_or_with_end_its_last(typed):
    assert parse_day(typed) == "2026-03-01" and parse_day(typed, end=True) == "2026-03-31"


@pytest.mark.parametrize(
    ("typed", "last"),
    [
        ("February 2024", "2024-02-29"),
        ("helmikuu 2025", "2025-02-28"),
        ("maj 2025", "2025-05-31"),  # Swedish and Slovenian
        ("toukokuussa 2025", "2025-05-31"),
        ("oktober 2025", "2025-10-31"),
        ("okt 2025", "2025-10-31"),
        ("december 2025", "2025-12-31"),
        ("avgust 2025", "2025-08-31"),
        ("joulukuu 2025", "2025-12-31"),
    ],
)
def test_month_names_in_english_finnish_swedish_and_slovenian(typed, last):
    assert parse_day(typed, end=True) == last and parse_day(typed) == last[:8] + "01"


# ---------------------------------------------------------------- days back, as digest --since reads them


@pytest.mark.parametrize(
    ("typed", "days_back"),
    [("7d", 7), ("30d", 30), ("2w", 14), ("7 d", 7), ("7D", 7), ("48h", 2), ("today", 0), ("Yesterday", 1)],
)
def test_days_back_are_that_day_from_and_to(typed, days_back):
    day = (TODAY - timedelta(days=days_back)).isoformat()
    assert parse_day(typed, today=TODAY) == parse_day(typed, end=True, today=TODAY) == day


@pytest.mark.parametrize("typed", ["7d", "30d", "2w", "12h", "36h"])
@pytest.mark.parametrize("hour", [0, 10, 13, 23])
def test_days_back_fall_on_the_day_digest_counts_from(typed, hour, monkeypatch):
    # The same moment for both: "12h" at 13:00 is today, at 10:00 yesterday (the clock is set, not read).
    now = datetime(2026, 12, 2, hour, 30)
    monkeypatch.setattr(search_module, "_now", lambda: now)
    assert parse_day(typed) == window_start(typed, now)[:10]


@pytest.mark.parametrize(
    "typed",
    ["7d", "30d", "2w", "12h", "7 d", " 2w ", "9999d", "10000d", "7", "d", "7m", "7dd", "-7d", "1.5d", "2025-05-20"],
)
def test_a_time_back_is_what_digest_takes_as_one(typed):
    """time_back is digest.window_start's pattern (search cannot import digest): the two take the same forms."""
    try:
        digest_takes = len(window_start(typed, datetime(2026, 12, 2, 10, 30))) > 10  # a date is not a time back
    except DigestError:
        digest_takes = False
    assert (time_back(typed) is not None) == digest_takes


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2026-05-01", "2026-05-01"),
        ("1.5.2026", "2026-05-01"),
        ("1/5/2026", "2026-05-01"),
        ("May 2026", "2026-05-01"),
        ("toukokuu 2026", "2026-05-01"),
        ("maj 2026", "2026-05-01"),
        ("v. 18 2026", "2026-04-27"),
        ("20.5.", "2026-05-20"),
        ("yesterday", "2026-12-01"),
    ],
)
def test_a_digest_window_starts_on_any_day_search_takes(typed, day):
    """A digest's --since (and its `since` setting) reads a day as `search --since` does (session 25 found only
    7d and YYYY-MM-DD taken)."""
    now = datetime(2026, 12, 2, 10, 30)
    assert window_start(typed, now) == day == parse_day(typed, today=now.date())


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("1.3.2026-31.5.2026", "is two dates: a digest's window runs from one day until now; give the first"),
        ("05/13/2025", "not a window: there is no such day in the calendar (the day comes first: 13 May is 13/5/2025)"),
        ("last tuesday", "not a window: give its first day as a day (20.5.2025"),
    ],
)
def test_a_digest_window_that_is_no_day_says_why(typed, says):
    with pytest.raises(DigestError, match=re.escape(says)):
        window_start(typed, datetime(2026, 12, 2, 10, 30))


def test_days_back_count_from_this_machines_date(frozen):
    assert parse_day("7d") == "2026-11-25" and parse_day("today") == "2026-12-02"
    assert parse_day("12h") == "2026-12-01"  # 10:00 less 12 hours


# ---------------------------------------------------------------- what is still no date, and how it is said


@pytest.mark.parametrize(
    "typed",
    ["a while ago", "7 days", "Marchember 2026", "Marchember", "20250520", "1/3/2", "20.5 2025", "1-3", "1.3.026"],
)
def test_what_is_no_date_is_refused_naming_the_forms(typed):
    with pytest.raises(ValueError) as e:
        parse_day(typed, today=TODAY)
    assert str(e.value) == f"{typed!r} is not a date: write it as {DATE_FORMS}"


def test_the_forms_are_named_in_short_words():
    assert DATE_FORMS == (
        "a day (20.5.2025, 20/5/2025, 20.5.25, 20-5-2025, 2025-05-20, or 20.5. for the latest 20 May), "
        "a week (v. 12, vecka 12 2025, viikko 12/2025, 2025-W12), a month (May 2025, toukokuu 2025, maj 2025, "
        "2025-05, or May for the latest May), a season or quarter (spring 2025, kevät 2025, våren 2025, Q2 2025), a "
        "year (2025), or days or weeks back (7d, 2w), today, yesterday, last week or last month"
    )
    examples = ("20.5.2025", "20.5.25", "20/5/2025", "20-5-2025", "2025-05-20", "20.5.", "May 2025", "toukokuu 2025")
    weeks = ("v. 12", "vecka 12 2025", "viikko 12/2025", "2025-W12")
    seasons = ("spring 2025", "kevät 2025", "våren 2025", "Q2 2025")
    for example in (*examples, *weeks, *seasons, "maj 2025", "2025-05", "May", "2025", "7d", "2w"):
        parse_day(example, today=TODAY)  # each form named is one read


# ---------------------------------------------------------------- ranges


def test_a_range_the_wrong_way_round_says_to_swap_it_in_any_form():
    with pytest.raises(ValueError) as e:
        date_range("today", "7d", today=TODAY)
    assert str(e.value) == (
        "From 2 December 2026 is later than To 25 November 2026, so nothing can match: swap the two dates"
    )
    assert date_range("7d", "today", today=TODAY) == ("2026-11-25", "2026-12-02")
    assert date_range("1/3/2026", "maaliskuu 2026", today=TODAY) == ("2026-03-01", "2026-03-31")


def test_a_range_wrong_only_for_a_missing_year_asks_for_the_year():
    with pytest.raises(ValueError) as e:
        date_range("25.11.", "24.12.", today=TODAY)  # 25.11.2026 to 24.12.2025: swapping would not help
    assert str(e.value) == (
        "From 25 November 2026 is later than To 24 December 2025, so nothing can match: "
        "give 25.11. and 24.12. their years (without one, a day is the latest such day up to today)"
    )
    with pytest.raises(ValueError, match=r"give 25\.11\. its year"):
        date_range("25.11.", "2025-12-24", today=TODAY)
    with pytest.raises(ValueError, match="^To: 'soon' is not a date"):
        date_range("7d", "soon", today=TODAY)


@pytest.mark.parametrize(
    ("typed", "first", "second"),
    [
        ("1.3.2026-31.5.2026", "1.3.2026", "31.5.2026"),
        ("1.3.2026 - 31.5.2026", "1.3.2026", "31.5.2026"),
        ("1.3.2026\u201331.5.2026", "1.3.2026", "31.5.2026"),  # an en dash, as a word processor writes a range
        ("1-3-2026-31-5-2026", "1-3-2026", "31-5-2026"),
        ("2026-03-01-2026-05-31", "2026-03-01", "2026-05-31"),
        ("1.3.-31.5.", "1.3.", "31.5."),
        ("March 2026 to May 2026", "March 2026", "May 2026"),
    ],
)
def test_a_range_typed_in_one_box_says_where_the_second_date_goes(typed, first, second):
    """The staff probe typed 1.3.2026-31.5.2026 into From and was told it was "not a date"."""
    with pytest.raises(ValueError) as e:
        parse_day(typed, today=TODAY)
    assert str(e.value) == (
        f"{typed!r} is two dates: put {first} in From and {second} in To (--since and --until on the command line)"
    )
    for since, until in ((typed, ""), ("", typed)):
        with pytest.raises(ValueError) as e:
            date_range(since, until, today=TODAY)
        assert str(e.value).endswith(f"is two dates: put {first} in From and {second} in To")
        with pytest.raises(ValueError) as e:
            date_range(since, until, ("--since", "--until"), today=TODAY)
        assert str(e.value).endswith(f"is two dates: give --since {first} and --until {second}")


def test_a_range_is_two_dates_only_where_both_are_dates():
    for typed in ("1.3.2026-", "1.3.2026-soon", "31.2.2026-soon", "1-3", "x" * 90 + " - 1.3.2026"):
        with pytest.raises(ValueError, match="is not a date"):
            parse_day(typed, today=TODAY)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (
            "1.3.2026-31.2.2026",
            "'1.3.2026-31.2.2026' is two dates, and 31.2.2026 is no day in the calendar: "
            "put 1.3.2026 in From and the day you meant in To",
        ),
        (
            "31.2.2026 - 31.5.2026",
            "'31.2.2026 - 31.5.2026' is two dates, and 31.2.2026 is no day in the calendar: "
            "put the day you meant in From and 31.5.2026 in To",
        ),
        (
            "2026-02-01 - 2026-02-30",  # ISO's own hyphens are no range: the cut is where both sides are dates
            "'2026-02-01 - 2026-02-30' is two dates, and 2026-02-30 is no day in the calendar: "
            "put 2026-02-01 in From and the day you meant in To",
        ),
        (
            "05/13/2026-05/20/2026",
            "'05/13/2026-05/20/2026' is two dates, and 05/13/2026 is no day in the calendar (the day comes first: "
            "13 May is 13/5/2026) and 05/20/2026 is no day in the calendar (the day comes first: 20 May is "
            "20/5/2026): put the day you meant in From and the day you meant in To",
        ),
    ],
)
def test_a_range_with_a_day_not_in_the_calendar_says_which(typed, said):
    """A range typed in one box with 31 February in it was "not a date", in the generic words."""
    with pytest.raises(ValueError) as e:
        parse_day(typed, today=TODAY, names=("From", "To"))
    assert str(e.value) == said


# ---------------------------------------------------------------- the command line and the reading room


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("1/5/2021", "2021-05-01"),
        ("1. 5. 2021", "2021-05-01"),
        ("May 2021", "2021-05"),
        ("toukokuu 2021", "2021-05"),
        ("1.5.21", "2021-05-01"),
        ("1-5-2021", "2021-05-01"),
    ],
)
def test_export_and_search_take_the_forms_the_reading_room_takes(demo_archive, typed, iso):
    assert exported(demo_archive, "--since", typed) == exported(demo_archive, "--since", iso)
    assert exported(demo_archive, "--until", typed) == exported(demo_archive, "--until", iso)
    typed_search = cli_run("search", "HOPE", "--db", demo_archive, "--since", typed)
    assert typed_search.exit_code == 0, typed_search.output
    assert typed_search.output == cli_run("search", "HOPE", "--db", demo_archive, "--since", iso).output


def test_search_and_export_take_days_back_as_digest_does(demo_archive, frozen):
    week_ago = (TODAY - timedelta(days=7)).isoformat()
    assert exported(demo_archive, "--since", "7d") == exported(demo_archive, "--since", week_ago)
    assert exported(demo_archive, "--until", "1w") == exported(demo_archive, "--until", week_ago)
    result = cli_run("search", "HOPE", "--db", demo_archive, "--since", "7d")
    assert (
        result.exit_code == 0
        and result.output == cli_run("search", "HOPE", "--db", demo_archive, "--since", week_ago).output
    )


def test_the_command_line_says_what_is_wrong_with_a_range(demo_archive, frozen):
    yearless = cli_run("search", "HOPE", "--db", demo_archive, "--since", "25.11.", "--until", "24.12.")
    assert yearless.exit_code == 2 and "give 25.11. and 24.12. their years" in yearless.output
    swapped = cli_run("export", "--db", demo_archive, "--since", "today", "--until", "2w")
    assert swapped.exit_code == 2
    assert "--since 2 December 2026 is later than --until 18 November 2026" in swapped.output
    assert "swap the two dates" in swapped.output
    bad = cli_run("search", "HOPE", "--db", demo_archive, "--since", "a while ago")
    assert bad.exit_code == 2 and f"'a while ago' is not a date: write it as {DATE_FORMS}" in " ".join(
        bad.output.split()
    )


def test_the_help_names_the_new_forms():
    words = " ".join(cli_run("search", "--help").output.split())
    assert "20/5/2025 (day first)" in words and "May 2025" in words and "7d or 2w" in words
    assert "7d: that day" in words


def test_the_reading_room_takes_the_new_forms(demo_archive, frozen):
    def csv(query):
        page = reading_room_get(demo_archive, "/-/search.csv?" + query)
        assert page.status_code == 200, page.text
        return page.text

    assert csv("from=1%2F5%2F2021&to=maaliskuu+2022") == csv("from=2021-05-01&to=2022-03")
    assert csv("from=7d") == csv("from=" + (TODAY - timedelta(days=7)).isoformat())
    assert csv("to=25.11.") == csv("to=2026-11-25")
    assert csv("from=May+2021") != csv("from=2021-06")  # the month is read, not ignored
    assert csv("from=1.5.21&to=1-3-2022") == csv("from=2021-05-01&to=2022-03-01")
    page = reading_room_get(demo_archive, "/-/search?q=HOPE&from=a+while+ago")
    assert page.status_code == 400 and "is not a date" in page.text
    page = reading_room_get(demo_archive, "/-/search?q=HOPE&from=1.3.2026-31.5.2026")
    assert page.status_code == 400 and "is two dates: put 1.3.2026 in From and 31.5.2026 in To" in page.text


def test_the_command_line_says_where_the_second_date_of_a_range_goes(demo_archive):
    said = cli_run("search", "HOPE", "--db", demo_archive, "--since", "1.3.2026-31.5.2026")
    assert said.exit_code == 2, said.output
    assert "'1.3.2026-31.5.2026' is two dates: give --since 1.3.2026 and --until 31.5.2026" in " ".join(
        said.output.split()
    )


@pytest.mark.parametrize("typed", ["maaliskuu", "March", "mars", "marec", "Mar.", "MAALISKUU", "maaliskuussa"])
def test_a_month_without_its_year_is_the_latest_that_has_begun(typed):
    """Staff probe (s29): "maaliskuu" in From was refused while "kevät" and "20.5." without a year were taken."""
    assert (parse_day(typed, today=TODAY), parse_day(typed, end=True, today=TODAY)) == ("2026-03-01", "2026-03-31")
    assert parse_day(typed, today=date(2026, 2, 10)) == "2025-03-01"  # this year's March is still ahead
    assert parse_day("december", end=True, today=TODAY) == "2026-12-31"  # this month has begun


@pytest.mark.parametrize(("typed", "month"), [("syys 2025", "2025-09"), ("joulu 2025", "2025-12")])
def test_a_finnish_season_word_is_no_month(typed, month):
    """Review: "kesä 2025" (summer 2025) read as June only; "syys" (autumn) as September. Only the month's full
    name is a month ("kesäkuu 2025"); "kesä 2025" is the summer, June to August (s27)."""
    with pytest.raises(ValueError, match="is not a date"):
        parse_day(typed)
    assert parse_day(typed.replace(" ", "kuu ")) == f"{month}-01"
    assert (parse_day("kesä 2025"), parse_day("kesä 2025", end=True)) == ("2025-06-01", "2025-08-31")


# ---------------------------------------------------------------- one period, two pairs of names


def test_search_and_export_take_from_and_to_as_report_and_the_reading_room_name_them(demo_archive):
    """Staff probe: `newsflow search HOPE --from 1.3.2025 --to 31.5.2025` stopped with "No such option '--from'"
    (`report` says --from and --to, the reading room's addresses from= and to=)."""
    for command in (("search", "HOPE"), ("export", "--format", "json")):
        said = cli_run(*command, "--db", demo_archive, "--from", "1.5.2021", "--to", "30.6.2021")
        assert said.exit_code == 0, said.output
        same = cli_run(*command, "--db", demo_archive, "--since", "1.5.2021", "--until", "30.6.2021")
        assert said.output == same.output and "HOPE" in said.output
        mixed = cli_run(*command, "--db", demo_archive, "--from", "1.5.2021", "--until", "30.6.2021")
        assert mixed.output == same.output
    # The help names the main option, and says the other name is taken too; it lists no second option.
    words = " ".join(cli_run("search", "--help").output.split())
    assert "--since DATE" in words and "Also --from" in words and "--until DATE" in words and "Also --to" in words
    assert "--from DATE" not in words and "--to DATE" not in words


def test_a_message_about_a_date_names_the_option_as_it_was_typed(demo_archive, frozen):
    bad = cli_run("search", "HOPE", "--db", demo_archive, "--to", "a while ago")
    assert bad.exit_code == 2 and "Invalid value for '--to': 'a while ago' is not a date" in bad.output
    swapped = cli_run("export", "--db", demo_archive, "--from", "today", "--to", "2w")
    assert swapped.exit_code == 2
    assert "--from 2 December 2026 is later than --to 18 November 2026" in swapped.output
    one = cli_run("export", "--db", demo_archive, "--from", "today", "--until", "2w")
    assert "--from 2 December 2026 is later than --until 18 November 2026" in one.output
    two = cli_run("search", "HOPE", "--db", demo_archive, "--from", "1.3.2026-31.5.2026")
    assert two.exit_code == 2
    assert "'1.3.2026-31.5.2026' is two dates: give --from 1.3.2026 and --to 31.5.2026" in " ".join(two.output.split())
    both = cli_run("search", "HOPE", "--db", demo_archive, "--since", "1.3.2026", "--from", "1.4.2026")
    assert both.exit_code == 2 and "--since and --from are the same option: give it once" in both.output
    # As before, where the main names are typed.
    said = cli_run("search", "HOPE", "--db", demo_archive, "--since", "1.3.2026-31.5.2026")
    assert "give --since 1.3.2026 and --until 31.5.2026" in " ".join(said.output.split())


def test_no_other_name_where_it_would_mislead(demo_archive):
    """digest's --to is its recipients and its --since where its window starts (--from would read as the sender);
    reextract's --since is when newsflow first saw a release, not its publication date as a report's From is."""
    digest = cli_run("digest", "--db", demo_archive, "--from", "7d", "--format", "markdown", "--dry-run")
    assert digest.exit_code == 2 and "No such option '--from'" in digest.output
    reextract = cli_run("reextract", "--db", demo_archive, "--from", "2021-01-01")
    assert reextract.exit_code == 2 and "No such option '--from'" in reextract.output


@pytest.mark.parametrize(
    ("typed", "monday", "sunday"),
    [
        ("v. 12", "2026-03-16", "2026-03-22"),  # this year's week 12, begun: as Swedish offices write it
        ("v12", "2026-03-16", "2026-03-22"),
        ("vecka 12 2025", "2025-03-17", "2025-03-23"),
        ("viikko 12/2025", "2025-03-17", "2025-03-23"),
        ("vko 12", "2026-03-16", "2026-03-22"),
        ("week 12, 2025", "2025-03-17", "2025-03-23"),
        ("2025-W12", "2025-03-17", "2025-03-23"),
        ("v. 50", "2025-12-08", "2025-12-14"),  # this year's week 50 has not begun on 2 December: last year's
        ("v. 53 2026", "2026-12-28", "2027-01-03"),
        ("v. 53", "2020-12-28", "2021-01-03"),  # the latest week 53 begun
    ],
)
def test_a_week_is_read_from_its_monday_to_its_sunday(typed, monday, sunday):
    """s23 staff probe: Swedish and Finnish staff think in weeks; "v. 10" to "v. 22" was "not a date"."""
    assert parse_day(typed, today=TODAY) == monday
    assert parse_day(typed, end=True, today=TODAY) == sunday


def test_a_week_no_year_has_is_said_and_two_weeks_back_is_still_a_time_back():
    with pytest.raises(ValueError, match="there is no week 54$"):
        parse_day("v. 54", today=TODAY)
    with pytest.raises(ValueError, match="there is no week 53 in 2025$"):
        parse_day("vecka 53 2025", today=TODAY)
    assert parse_day("2w", today=TODAY) == "2026-11-18"
    with pytest.raises(ValueError) as e:
        parse_day("v. 10 - v. 22", today=TODAY, names=("From", "To"))
    assert str(e.value) == "'v. 10 - v. 22' is two dates: put v. 10 in From and v. 22 in To"
    with pytest.raises(ValueError, match=r"and v\. 54 is no week in the calendar: put v\. 10 in From"):
        parse_day("v. 10 - v. 54", today=TODAY, names=("From", "To"))
