"""A search probe of session 40, as communications staff search: a period typed as a range after --since or among
the words ("--since 1.3.2021 - 31.5.2021 HOPE", "HOPE mars – maj 2021"), a minus before the first word, a
partner's site typed with its name's accents, and a phrase in single quotation marks.
"""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from click.testing import CliRunner

from conftest import copy_archive, reading_room_get
from newsflow.cli import cli
from newsflow.lexicon import as_typed
from newsflow.search import dated_search, parse_day


def search(db, *args):
    return CliRunner().invoke(cli, ["search", *args, "--db", str(db)])


def _titles(output: str) -> list[str]:
    return [line for line in output.splitlines() if line[:2] == "20" or line.startswith("date unknown  [")]


def _said(output: str) -> str:
    return " ".join(output.split())


# ---------------------------------------------------------------- a range typed after --since


@pytest.mark.parametrize(
    ("typed", "advice"),
    [
        # The shell gave "-" and "31.5.2021" to the search as words: "No matches", exit 0, the dates unsaid.
        (["--since", "1.3.2021", "-", "31.5.2021"], "give --since 1.3.2021 and --until 31.5.2021"),
        # The first date's year is the second's: "--since 1.3." was advised, the latest 1 March (this year's).
        (["--since", "1.3.–31.5.2021"], "give --since 1.3.2021 and --until 31.5.2021"),
        (["--since", "1.3.", "-", "31.5.2021"], "give --since 1.3.2021 and --until 31.5.2021"),
        # "March–May" was taken without its year: "give --since March and --until May".
        (["--since", "March–May", "2021"], "give --since March 2021 and --until May 2021"),
        (["--since", "mars–maj", "2021"], "give --since mars 2021 and --until maj 2021"),
        (["--since", "mars", "–", "maj", "2021"], "give --since mars 2021 and --until maj 2021"),
        # "'maalis-toukokuu' is not a date", its year searched as a word.
        (["--since", "maalis-toukokuu", "2021"], "give --since maaliskuu 2021 and --until toukokuu 2021"),
        (["--from", "March", "2021", "-", "May", "2021"], "give --from March 2021 and --to May 2021"),
        (
            ["--from", "1.", "maaliskuuta", "2021", "-", "31.", "toukokuuta", "2021"],
            "give --from 1. maaliskuuta 2021 and --to 31. toukokuuta 2021",
        ),
    ],
)
def test_a_range_after_a_date_option_says_where_each_date_goes(demo_archive, typed, advice):
    said = search(demo_archive, *typed, "HOPE")
    assert said.exit_code == 2, said.output
    assert "is two dates: " + advice in _said(said.output)
    assert "Traceback" not in said.output


def test_the_range_as_advised_finds_what_was_meant(demo_archive):
    advised = search(demo_archive, "--since", "1.3.2021", "--until", "31.5.2021", "HOPE")
    assert advised.exit_code == 0, advised.output
    assert _titles(advised.output) and all(t.startswith("2021-0") for t in _titles(advised.output))


def test_a_date_option_still_takes_no_minus_word(demo_archive):
    # "-" alone may join a range; "-Maribor" is a word left out, never part of the date.
    typed = search(demo_archive, "--since", "2021", "HOPE", "-Maribor")
    assert typed.exit_code == 0, typed.output
    assert _titles(typed.output) == _titles(search(demo_archive, "HOPE -Maribor", "--since", "2021").output)
    assert "Maribor" not in " ".join(_titles(typed.output))


# ---------------------------------------------------------------- a range among the words


TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("typed", "start", "end"),
    [
        ("1.3.–31.5.2021", "2021-03-01", "2021-05-31"),  # (no hint: "1.3." was this year's, after 31.5.2021)
        ("1.3. - 31.5.2021", "2021-03-01", "2021-05-31"),  # (the hint was for 31 May 2021 alone)
        ("1.–31.3.2021", "2021-03-01", "2021-03-31"),
        ("1–31 March 2021", "2021-03-01", "2021-03-31"),
        ("1 March – 31 May 2021", "2021-03-01", "2021-05-31"),
        ("15.12.–15.1.2022", "2021-12-15", "2022-01-15"),  # across the new year
        ("1.3.2021–31.5.", "2021-03-01", "2021-05-31"),
        ("mars – maj 2021", "2021-03-01", "2021-05-31"),  # (four words: the hint was for May 2021 alone)
        ("1. maaliskuuta 2021 - 31. toukokuuta 2021", "2021-03-01", "2021-05-31"),
        ("1 March 2021 to 31 May 2021", "2021-03-01", "2021-05-31"),
        ("March - 31 May 2021", "2021-03-01", "2021-05-31"),
        ("1.3. – May 2021", "2021-03-01", "2021-05-31"),
        ("kevät – syksy 2021", "2021-03-01", "2021-11-30"),  # ("kevät" alone is the latest spring, 2026's)
        ("Q1 - Q3 2025", "2025-01-01", "2025-09-30"),
    ],
)
def test_a_range_among_the_words_is_read_whole(typed, start, end):
    assert dated_search(f"HOPE {typed}", today=TODAY) == ("HOPE", start, end)
    assert dated_search(f"{typed} HOPE", today=TODAY) == ("HOPE", start, end)


@pytest.mark.parametrize(
    ("typed", "first", "second"),
    [
        ("1.3.–31.5.2021", "1.3.2021", "31.5.2021"),
        ("1.–31.3.2021", "1.3.2021", "31.3.2021"),
        ("15.12.-15.1.2022", "15.12.2021", "15.1.2022"),
        ("1–31 March 2021", "1 March 2021", "31 March 2021"),
        ("1.3.2021-31.5.", "1.3.2021", "31.5.2021"),
        ("1.3.–31.5.", "1.3.", "31.5."),  # (no year on either side: each the latest, as typed)
        ("1.3. – May 2021", "1.3.2021", "May 2021"),
        ("kevät - syksy 2021", "kevät 2021", "syksy 2021"),
        ("våren–hösten 2021", "våren 2021", "hösten 2021"),
    ],
)
def test_the_message_gives_each_date_its_year(typed, first, second):
    with pytest.raises(ValueError, match="is two dates") as e:
        parse_day(typed, names=("--since", "--until"))
    assert str(e.value).endswith(f"give --since {first} and --until {second}")


def test_words_of_no_range_are_no_date():
    for query in ("HOPE report 2019 - 2021 by Maribor", "Interreg 2021 - 2027", "HOPE - Maribor - Derry"):
        assert dated_search(query, today=TODAY) is None, query


def test_a_range_among_the_words_that_finds_nothing_is_no_traceback(demo_archive):
    # "–" alone was offered as a search of its own ("No release holds ..."), which is an error: a traceback, exit 1.
    said = search(demo_archive, "HOPE", "mars", "–", "maj", "2021")
    assert said.exit_code == 0, said.output
    assert "newsflow search HOPE --since 2021-03-01 --until 2021-05-31 (it finds 1 release)" in _said(said.output)
    for words in (["xyzzy", "–", "plugh"], ["xyzzy", "&", "plugh"], ["HOPE", "—", "xyzzy"]):
        found = search(demo_archive, *words)
        assert found.exit_code == 0 and "Traceback" not in found.output, found.output


def test_the_reading_room_too(demo_archive):
    # The reading room answered "xyzzy – foo" with a server error (500), and "-Maribor HOPE" with 400.
    for q, status in (("xyzzy+%E2%80%93+foo", 200), ("HOPE+mars+%E2%80%93+maj+2021", 200), ("-Maribor+HOPE", 200)):
        page = reading_room_get(demo_archive, f"/-/search?q={q}")
        assert page.status_code == status, (q, page.status_code)
    assert "Toimintojen talo" in reading_room_get(demo_archive, "/-/search?q=-Maribor+HOPE").text


# ---------------------------------------------------------------- a minus before the first word


def test_a_minus_before_the_first_word_leaves_it_out(demo_archive):
    # "NOT needs something before it", exit 2: a web search reads "-Maribor HOPE" as HOPE without Maribor.
    first = search(demo_archive, "-Maribor", "HOPE")
    assert first.exit_code == 0, first.output
    assert _titles(first.output) == _titles(search(demo_archive, "HOPE", "-Maribor").output)
    assert _titles(first.output) and len(_titles(first.output)) < len(_titles(search(demo_archive, "HOPE").output))
    both = search(demo_archive, "-Maribor", "-Derry", "HOPE")
    assert _titles(both.output) == _titles(search(demo_archive, "HOPE -Maribor -Derry").output)
    spelled = search(demo_archive, "NOT", "Maribor", "HOPE")
    assert _titles(spelled.output) == _titles(first.output)
    # With nothing to take it away from, as before.
    for alone in (["-Maribor"], ["-Maribor", "-Derry"], ["-Maribor", "OR", "HOPE"]):
        said = search(demo_archive, *alone)
        assert said.exit_code == 2 and "NOT needs something before it" in said.output, said.output


# ---------------------------------------------------------------- a site typed with accents


@pytest.fixture(scope="module")
def sites_archive(demo_archive, tmp_path_factory):
    """The demo archive with City of Seinäjoki's releases at www.seinajoki.fi, as its feed gives them."""
    db = copy_archive(demo_archive, tmp_path_factory.mktemp("sites40") / "archive.db")
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select id, url from articles where source_id = 'demo-seinajoki'").fetchall()
        for article_id, url in rows:
            slug = url.rstrip("/").rsplit("/", 1)[1]
            conn.execute(
                "update articles set url = ? where id = ?", ["https://www.seinajoki.fi/uutiset/" + slug, article_id]
            )
    return db


@pytest.mark.parametrize("typed", ["seinäjoki.fi", "www.seinäjoki.fi", "https://www.seinäjoki.fi/"])
def test_a_partners_site_typed_with_its_names_accents_offers_its_releases(demo_archive, sites_archive, typed):
    # "None of the archived releases comes from this site, and no partner's name is the site's".
    for db in (demo_archive, sites_archive):
        found = search(db, typed)
        assert found.exit_code == 0, found.output
        assert 'newsflow search --partner "City of Seinäjoki" lists its 4 releases' in _said(found.output)


# ---------------------------------------------------------------- single quotation marks


@pytest.mark.parametrize("typed", ["'House of Actions'", "‘House of Actions’", "’House of Actions’"])
def test_single_quotation_marks_make_a_phrase(demo_archive, typed):
    # Three words, "of" left out, and the hint offered ''"'"'House "of" Actions'"'"''.
    found = search(demo_archive, typed)
    assert found.output == search(demo_archive, '"House of Actions"').output
    assert "'\"'\"'" not in found.output


@pytest.mark.parametrize(
    "typed", ["Derry's council", "the partners' meeting", "O'Neill", "'HOPE", "HOPE'", "rock'n'roll", "' '"]
)
def test_an_apostrophe_is_no_quotation_mark(typed):
    assert as_typed(typed) == typed


# ---------------------------------------------------------------- a question with its date, a name run together


@pytest.mark.parametrize(
    ("question", "offered"),
    [
        # The question mark hid the date: "No release holds “what”, “did”, “publish” or “2021”", and the releases
        # of every year offered.
        (
            "what did Seinäjoki publish about HOPE in 2021?",
            'newsflow search "Seinäjoki HOPE" --since 2021-01-01 --until 2021-12-31 finds 4 releases',
        ),
        (
            "mitä HOPE-hankkeesta kerrottiin keväällä 2021?",
            'newsflow search "HOPE-hankkeesta" --since 2021-03-01 --until 2021-05-31 finds 1 release',
        ),
        (
            "vad skrev Coompanion om sociala företag 2018?",
            'newsflow search "Coompanion sociala företag" --since 2018-01-01 --until 2018-12-31 finds 1 release',
        ),
    ],
)
def test_a_question_ending_in_its_date_is_asked_within_the_dates(demo_archive, question, offered):
    said = search(demo_archive, question)
    assert said.exit_code == 0, said.output
    assert offered in _said(said.output)


def test_the_question_mark_after_a_date_is_no_part_of_it():
    assert dated_search("HOPE 2021?", today=TODAY) == ("HOPE", "2021-01-01", "2021-12-31")
    assert dated_search("HOPE i höstas?!", today=TODAY) == ("HOPE", "2026-09-01", "2026-11-30")
    assert dated_search("?", today=TODAY) is None


@pytest.mark.parametrize(
    ("typed", "meant"), [("1000jobb", "1000-jobb"), ("YZone", "Y-Zone"), ("yzone hope", "Y-Zone hope")]
)
def test_a_hyphenated_name_typed_without_its_hyphen_is_offered(demo_archive, typed, meant):
    # "1000jobb" offered nothing, "YZone" offered "Zone".
    said = search(demo_archive, typed)
    assert said.exit_code == 0, said.output
    assert f'Did you mean: newsflow search "{meant}"' in said.output
    assert _titles(search(demo_archive, meant).output)


# ---------------------------------------------------------------- a month by its number, a season's two years


@pytest.mark.parametrize("typed", ["5/2021", "05/2021", "5 / 2021"])
def test_a_month_by_its_number_and_year(demo_archive, typed):
    # As Finnish offices write a month (toukokuu 2021): "'5/2021' is not a date", and searched as a word among others.
    assert (parse_day(typed), parse_day(typed, end=True)) == ("2021-05-01", "2021-05-31")
    assert dated_search(f"HOPE {typed}", today=TODAY) == ("HOPE", "2021-05-01", "2021-05-31")
    said = search(demo_archive, "--since", typed, "--until", typed, "HOPE")
    assert said.exit_code == 0 and _titles(said.output) == _titles(
        search(demo_archive, "--since", "toukokuu 2021", "--until", "toukokuu 2021", "HOPE").output
    )
    with pytest.raises(ValueError, match="no such day in the calendar"):
        parse_day("13/2021")


@pytest.mark.parametrize("typed", ["2021–22", "2021-22", "2021 – 22"])
def test_two_years_written_short_are_two_dates(typed):
    # "2021-22" was "no such day in the calendar" (a 22nd month), "2021–22" no date among the words.
    with pytest.raises(ValueError) as e:
        parse_day(typed, names=("--since", "--until"))
    assert str(e.value).endswith("is two dates: give --since 2021 and --until 2022")
    assert dated_search(f"HOPE {typed}", today=TODAY) == ("HOPE", "2021-01-01", "2022-12-31")
    assert parse_day("2021-12") == "2021-12-01"  # (a month, as before)
    assert dated_search("Interreg 2021–27", today=TODAY) is None  # (a plan's years ahead)


def test_the_words_no_release_holds_are_named_as_typed(demo_archive):
    # "socialna ekonomija" (Maribor's partners' words) said 'No release holds “ekonomi”', a word nobody typed. (Since
    # s41 the Social economy tag's Slovenian name, which `search` offers as the tag.)
    said = search(demo_archive, "HOPE", "ekonomija")
    assert said.exit_code == 0, said.output
    assert "No release holds “ekonomija”" in said.output and "“ekonomi”" not in said.output


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("1. maaliskuuta", "2026-03-01"),
        ("1 March", "2026-03-01"),
        ("20 maj", "2026-05-20"),
        ("24 December", "2025-12-24"),
    ],
)
def test_a_day_by_its_months_name_without_a_year_is_the_latest(typed, day):
    # "1.3." was the latest 1 March, "1. maaliskuuta" not a date.
    assert parse_day(typed, today=TODAY) == parse_day(typed, end=True, today=TODAY) == day
    assert dated_search(f"HOPE {typed}", today=TODAY) is None  # (among the words, a date only with its year)
    with pytest.raises(ValueError, match="no such day in the calendar"):
        parse_day("31 February")


@pytest.mark.parametrize(("typed", "month"), [("maaliskuusta 2021", "2021-03"), ("toukokuuhun 2021", "2021-05")])
def test_a_month_from_and_to_in_finnish(typed, month):
    # "--since maaliskuusta 2021" (from March 2021), "--until toukokuuhun 2021" (up to May): "not a date".
    assert parse_day(typed).startswith(month) and parse_day(typed, end=True).startswith(month)
