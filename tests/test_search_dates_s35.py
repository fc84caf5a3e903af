"""Dates said in words at a search's start or end (s35). Staff in Finland, Sweden, Slovenia and Northern Ireland
typed "HOPE i höstas", "HOPE week 48", "HOPE last month" and "HOPE lokakuussa": the search looked for "höstas" or
"48" in the texts, and neither the command nor the reading room said that From and To narrow a search by date, as
they do for "HOPE 2021". Each test fixes "today": the answers depend on it.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from click.testing import CliRunner

from conftest import reading_room_get
from newsflow import search as search_module
from newsflow.cli import cli
from newsflow.search import dated_search, parse_day

TODAY = date(2026, 12, 2)  # a Wednesday in week 49


@pytest.fixture
def frozen(monkeypatch):
    """This machine's clock at 10:00 on TODAY, for the command line and the reading room (which take no today)."""
    monkeypatch.setattr(search_module, "_now", lambda: datetime.combine(TODAY, datetime.min.time()).replace(hour=10))
    return TODAY


AUTUMN = ("2026-09-01", "2026-11-30")
WEEK_48 = ("2026-11-23", "2026-11-29")
NOVEMBER = ("2026-11-01", "2026-11-30")
YEAR_2025 = ("2025-01-01", "2025-12-31")
YESTERDAY = ("2026-12-01", "2026-12-01")
TODAY_ONLY = ("2026-12-02", "2026-12-02")
OCTOBER = ("2026-10-01", "2026-10-31")


@pytest.mark.parametrize(
    ("query", "period"),
    [
        # seasons gone by: in December, the autumn just gone, the spring and summer of this year, last winter
        ("HOPE i höstas", AUTUMN),
        ("HOPE i våras", ("2026-03-01", "2026-05-31")),
        ("HOPE i somras", ("2026-06-01", "2026-08-31")),
        ("HOPE i vintras", ("2025-12-01", "2026-02-28")),  # not the winter begun the day before yesterday
        ("HOPE viime syksynä", AUTUMN),
        ("HOPE viime keväänä", ("2026-03-01", "2026-05-31")),
        ("HOPE last autumn", AUTUMN),
        ("HOPE last fall", AUTUMN),
        ("last spring HOPE", ("2026-03-01", "2026-05-31")),
        ("HOPE förra hösten", AUTUMN),
        ("HOPE last winter", ("2025-12-01", "2026-02-28")),
        ("HOPE i höst", AUTUMN),  # this one, as Swedish names it
        # a week by its number, the latest that has begun
        ("HOPE week 48", WEEK_48),
        ("HOPE vecka 48", WEEK_48),
        ("HOPE viikko 48", WEEK_48),
        ("HOPE vko 48", WEEK_48),
        ("HOPE viikolla 48", WEEK_48),
        ("HOPE v. 48", WEEK_48),
        ("week 48 Maribor", WEEK_48),
        # periods back from today: the week before this one, Monday to Sunday; the calendar month and year before
        ("HOPE last week", WEEK_48),
        ("HOPE viime viikolla", WEEK_48),
        ("HOPE förra veckan", WEEK_48),
        ("HOPE prejšnji teden", WEEK_48),
        ("HOPE this week", ("2026-11-30", "2026-12-06")),
        ("HOPE last month", NOVEMBER),
        ("HOPE viime kuussa", NOVEMBER),
        ("HOPE förra månaden", NOVEMBER),
        ("HOPE prejšnji mesec", NOVEMBER),
        ("HOPE last year", YEAR_2025),
        ("HOPE viime vuonna", YEAR_2025),
        ("HOPE i fjol", YEAR_2025),
        ("HOPE förra året", YEAR_2025),
        ("HOPE lani", YEAR_2025),
        ("HOPE i år", ("2026-01-01", "2026-12-31")),
        ("HOPE yesterday", YESTERDAY),
        ("HOPE eilen", YESTERDAY),
        ("HOPE igår", YESTERDAY),
        ("HOPE i går", YESTERDAY),
        ("HOPE včeraj", YESTERDAY),
        ("HOPE today", TODAY_ONLY),
        ("HOPE tänään", TODAY_ONLY),
        ("HOPE idag", TODAY_ONLY),
        ("HOPE i dag", TODAY_ONLY),
        # a month after the word for "in", or in the Finnish inessive: the latest that has begun
        ("HOPE in October", OCTOBER),
        ("HOPE lokakuussa", OCTOBER),
        ("HOPE i oktober", OCTOBER),
        ("HOPE v oktobru", OCTOBER),
        ("HOPE in December", ("2026-12-01", "2026-12-31")),
        ("HOPE i maj", ("2026-05-01", "2026-05-31")),
        ("HOPE in October 2025", ("2025-10-01", "2025-10-31")),  # (was "HOPE in" dated October 2025)
        ("HOPE v oktobru 2025", ("2025-10-01", "2025-10-31")),
        ("Seinäjoki HOPE LAST MONTH", NOVEMBER),
    ],
)
def test_a_date_said_in_words_is_the_period_it_names(query, period):
    rest = "Maribor" if query.startswith("week") else "Seinäjoki HOPE" if query.startswith("Seinäjoki") else "HOPE"
    assert dated_search(query, TODAY) == (rest, *period)


def test_a_date_said_alone_is_every_release_of_it():
    assert dated_search("i höstas", TODAY) == ("", *AUTUMN)
    assert dated_search("viime kuussa", TODAY) == ("", *NOVEMBER)
    assert dated_search("vko 48", TODAY) == ("", *WEEK_48)


@pytest.mark.parametrize(
    "query",
    [
        "summer school",
        "HOPE week",  # no number
        "HOPE week 12 report",  # a week among the words
        "Agenda 2030",
        "HOPE May",  # a month's name alone may be a word or a name
        "Bruno Mars",
        "HOPE maj",
        "HOPE mars",
        "I may",  # the English "I", not the Swedish "i"
        "HOPE i jul",  # at Christmas, not in July
        "HOPE i vår",  # also "in our"
        "i vår region",
        "HOPE höstas",  # Swedish says it after "i"
        "last week's news",
        "the last year of the pilot",
        "HOPE in Maribor",
        "HOPE v Mariboru",
        "HOPE lokakuun",  # October's
        "HOPE last",
        "HOPE NOT last week",
        '"HOPE last week"',
    ],
)
def test_words_that_are_no_date_give_no_hint(query):
    assert dated_search(query, TODAY) is None


def test_a_season_gone_by_while_one_is_under_way_is_last_years():
    october = date(2026, 10, 15)
    for said in ("HOPE i höstas", "HOPE last autumn", "HOPE viime syksynä", "HOPE förra hösten"):
        assert dated_search(said, october) == ("HOPE", "2025-09-01", "2025-11-30"), said
    assert dated_search("HOPE i höst", october) == ("HOPE", *AUTUMN)  # the one under way
    january = date(2027, 1, 10)  # in the winter begun in December 2026
    for said in ("HOPE i vintras", "HOPE last winter", "HOPE viime talvena"):
        assert dated_search(said, january) == ("HOPE", "2025-12-01", "2026-02-28"), said
    assert dated_search("HOPE i somras", date(2026, 5, 1)) == ("HOPE", "2025-06-01", "2025-08-31")


def test_the_periods_back_are_calendar_periods_on_any_day():
    assert dated_search("HOPE last week", date(2026, 11, 30)) == ("HOPE", *WEEK_48)  # a Monday
    assert dated_search("HOPE last week", date(2026, 12, 6)) == ("HOPE", *WEEK_48)  # a Sunday
    assert dated_search("HOPE last week", date(2027, 1, 6)) == ("HOPE", "2026-12-28", "2027-01-03")
    assert dated_search("HOPE last month", date(2027, 1, 31)) == ("HOPE", "2026-12-01", "2026-12-31")
    assert dated_search("HOPE last month", date(2028, 3, 31)) == ("HOPE", "2028-02-01", "2028-02-29")
    assert dated_search("HOPE viime vuonna", date(2027, 1, 1)) == ("HOPE", "2026-01-01", "2026-12-31")
    assert dated_search("HOPE week 48", date(2026, 11, 20)) == ("HOPE", "2025-11-24", "2025-11-30")  # not yet begun


@pytest.mark.parametrize(
    ("typed", "first", "last"),
    [
        ("i höstas", *AUTUMN),
        ("last autumn", *AUTUMN),
        ("viime syksynä", *AUTUMN),
        ("in October", *OCTOBER),
        ("i oktober 2025", "2025-10-01", "2025-10-31"),
        ("v oktobru 2025", "2025-10-01", "2025-10-31"),
        ("viikolla 48", *WEEK_48),
        ("tänään", *TODAY_ONLY),
        ("igår", *YESTERDAY),
        ("I går", *YESTERDAY),
        ("eilen", *YESTERDAY),
        ("last week", *WEEK_48),  # (staff probe, s35: the search box's hint took them, From and To refused them)
        ("viime kuussa", "2026-11-01", "2026-11-30"),
        ("i fjol", "2025-01-01", "2025-12-31"),
    ],
)
def test_from_and_to_take_the_same_words(typed, first, last):
    assert (parse_day(typed, today=TODAY), parse_day(typed, end=True, today=TODAY)) == (first, last)


def test_the_command_and_the_reading_room_say_how_to_narrow_by_date(demo_archive, frozen):
    said = CliRunner().invoke(cli, ["search", "HOPE", "i", "höstas", "--db", str(demo_archive)])
    assert said.exit_code == 0, said.output
    assert "Looking for releases dated 1 September 2026 to 30 November 2026?" in said.output
    assert "newsflow search HOPE --since 2026-09-01 --until 2026-11-30" in said.output
    page = reading_room_get(demo_archive, "/-/search?q=HOPE+viime+kuussa").text
    assert (
        '<a href="/-/search?q=HOPE&amp;from=2026-11-01&amp;to=2026-11-30">“HOPE”, dated 1 November 2026 to 30 '
        "November 2026"
    ) in page
    week = reading_room_get(demo_archive, "/-/search?q=week+48+HOPE").text
    assert "from=2026-11-23&amp;to=2026-11-29" in week
    assert 'class="dated"' not in reading_room_get(demo_archive, "/-/search?q=summer+school").text


def test_with_a_date_said_in_words_no_suggestion_takes_the_date_words_for_search_words(demo_archive, frozen):
    """Staff probe (s35): beside the hint for "HOPE last week", the page offered "No release holds “last”: HOPE week
    finds 5 releases", and for "HOPE week 48" the releases holding "HOPE OR week OR 48": the opposite advice."""
    for words in (["HOPE", "last", "week"], ["HOPE", "week", "48"]):
        said = CliRunner().invoke(cli, ["search", *words, "--db", str(demo_archive)])
        assert "Looking for releases dated" in said.output and "No release holds" not in said.output, said.output
        assert "hold some of them" not in said.output
        page = reading_room_get(demo_archive, "/-/search?q=" + "+".join(words)).text
        assert 'class="dated"' in page and "No release holds" not in page and "hold some of" not in page
    plain = CliRunner().invoke(cli, ["search", "HOPE", "zzyzx", "--db", str(demo_archive)])
    assert "No release holds “zzyzx”" in plain.output  # (a search without a date is offered as before)


def test_a_word_that_joins_the_date_to_the_search_is_left_out_of_the_hints_words():
    """Staff probe (s35): "HOPE i förra veckan" was hinted as a search for "HOPE i" in that week."""
    assert dated_search("HOPE i förra veckan", TODAY) == ("HOPE", *WEEK_48)
    assert dated_search("HOPE during 2021", TODAY) == ("HOPE", "2021-01-01", "2021-12-31")
    assert dated_search("2021 in HOPE", TODAY) == ("HOPE", "2021-01-01", "2021-12-31")
    assert dated_search("HOPE in Maribor 2021", TODAY) == ("HOPE in Maribor", "2021-01-01", "2021-12-31")


def test_the_hint_says_how_many_releases_the_search_by_date_finds(demo_archive):
    """Staff probe (s35): the hint offered a search by date that found nothing, as the way to search."""
    import json
    import re

    said = CliRunner().invoke(cli, ["search", "HOPE", "2021", "--db", str(demo_archive)]).output
    found = re.search(r"--since 2021-01-01 --until 2021-12-31 \(it finds (\d+) releases?\)", said)
    listed = CliRunner().invoke(
        cli, ["search", "HOPE", "--since", "2021-01-01", "--until", "2021-12-31", "--json", "--db", str(demo_archive)]
    )
    assert found and int(found[1]) == len(json.loads(listed.stdout)) > 0, said
    page = reading_room_get(demo_archive, "/-/search?q=HOPE+2021").text
    assert f"dated 1 January 2021 to 31 December 2021</a> ({found[1]} releases)." in page
    none = reading_room_get(demo_archive, "/-/search?q=HOPE+1999").text
    assert "dated 1 January 1999 to 31 December 1999</a> (it finds none)." in none
    # A partner's page searches its releases alike, and hints alike (staff probe, s35: "HOPE i höstas" got nothing).
    partner = reading_room_get(demo_archive, "/-/partner/HOPE%20project?q=HOPE+2021").text
    assert re.search(
        r'class="dated">Looking for releases dated 1 January 2021 to 31 December 2021\?.*releases?\)\.', partner
    )


def test_a_word_that_is_a_date_only_in_lower_case_is_a_name_capitalised_and_a_dotted_word_no_address():
    """Review (s35): "Danes in Maribor" was searched as today's releases about Maribor, "Eilen Koivisto" (a name) as
    yesterday's; "node.js/react" was told that no release was read from that address."""
    from newsflow.search import is_address

    assert dated_search("Danes in Maribor", TODAY) is None and dated_search("Eilen Koivisto", TODAY) is None
    assert dated_search("HOPE eilen", TODAY) == ("HOPE", *YESTERDAY)
    assert not is_address("node.js/react") and is_address("seinajoki.fi/uutiset/hope")


def test_a_period_in_from_alone_offers_the_period_alone(demo_archive, frozen):
    """Staff review (s38): "every mention of HOPE this spring", asked with "kevät 2021" in From and To left empty,
    listed spring's releases and every later one; only "from 1 March 2021" in the count line said so. The page offers
    the same search over the period alone, with its count, on a tag's and a partner's page too."""
    import re

    page = reading_room_get(demo_archive, "/-/search?q=HOPE&from=kev%C3%A4t+2021").text
    count = re.search(r'<p class="count">(\d+) releases matching “HOPE”, from 1 March 2021,', page)
    hint = re.search(
        r'<p class="dated">From “kevät 2021” counts from 1 March 2021 until today\. For kevät 2021 alone, <a href="'
        r'(/-/search\?q=HOPE&amp;from=kev%C3%A4t\+2021&amp;to=kev%C3%A4t\+2021)">the same to 31 May 2021</a> finds '
        r"(\d+) releases?\.</p>",
        page,
    )
    assert count and hint, page
    alone = reading_room_get(demo_archive, hint[1].replace("&amp;", "&")).text
    assert re.search(
        rf'<p class="count">{hint[2]} releases? matching “HOPE”, from 1 March 2021, until 31 May 2021', alone
    )
    assert 0 < int(hint[2]) < int(count[1]) and 'class="dated"' not in alone
    # A tag's and a partner's page: the link keeps to the page, without the tag or partner its address gives.
    tag = reading_room_get(demo_archive, "/-/tag/hope?from=spring+2021").text
    assert '<a href="/-/tag/hope?from=spring+2021&amp;to=spring+2021#releases">the same to 31 May 2021</a>' in tag
    partner = reading_room_get(demo_archive, "/-/partner/City%20of%20Sein%C3%A4joki?from=2021-05").text
    assert 'href="/-/partner/City%20of%20Sein%C3%A4joki?from=2021-05&amp;to=2021-05#releases">the same to 31 May' in (
        partner
    )
    # No hint for a day, a period with To given, a period still going on, or one that finds what the search found.
    for asked in ("from=1.3.2021", "from=spring+2021&to=2022", "from=2026", "from=December+2026", "from=2022"):
        assert "counts from" not in reading_room_get(demo_archive, f"/-/search?q=HOPE&{asked}").text, asked
