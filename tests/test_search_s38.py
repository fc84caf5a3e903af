"""A search probe of session 38, as communications staff search: dates that bound a period ("HOPE since 2025",
"HOPE ennen 2020", "HOPE 2019-2021"), words joined by a colon that is no case ending ("title:hope"), NEAR typed
without its parenthesis, and a question's mark in what the command offers instead.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date

import pytest
from click.testing import CliRunner

from conftest import reading_room_get
from newsflow.cli import cli
from newsflow.dates import period_text
from newsflow.lexicon import search_query
from newsflow.search import dated_search

TODAY = date(2026, 12, 4)  # a Friday


def search(db, *args):
    return CliRunner().invoke(cli, ["search", *args, "--db", str(db)])


@pytest.mark.parametrize(
    ("query", "period"),
    [
        # From a date on: it was the date's own period ("HOPE since 2025" was hinted as 2025's releases only).
        ("HOPE since 2025", ("2025-01-01", "")),
        ("HOPE sedan 2025", ("2025-01-01", "")),
        ("HOPE vuodesta 2025", ("2025-01-01", "")),
        ("HOPE 2025 alkaen", ("2025-01-01", "")),
        ("HOPE since May 2026", ("2026-05-01", "")),
        # After it: from the day after its end ("HOPE after 2025" kept "after" as a word, dated 2025).
        ("HOPE after 2025", ("2026-01-01", "")),
        ("HOPE 2020 jälkeen", ("2021-01-01", "")),
        # Before it: up to the day before it begins ("HOPE before 2020" was 2020's releases).
        ("HOPE before 2020", ("", "2019-12-31")),
        ("HOPE ennen 2020", ("", "2019-12-31")),
        ("HOPE före 2020", ("", "2019-12-31")),
        # Up to it: to its end.
        ("HOPE until 2020", ("", "2020-12-31")),
        ("HOPE 2020 asti", ("", "2020-12-31")),
        # Two dates: a range ("HOPE 2019-2021" was offered as HOPE without "2019-2021").
        ("HOPE 2019-2021", ("2019-01-01", "2021-12-31")),
        ("HOPE 2019–2021", ("2019-01-01", "2021-12-31")),
        ("HOPE vuosina 2019–2021", ("2019-01-01", "2021-12-31")),
        ("HOPE från 2019 till 2021", ("2019-01-01", "2021-12-31")),
        ("HOPE 1.3.2026-31.5.2026", ("2026-03-01", "2026-05-31")),
        # "In the year": a word that joins the date, not one to search for ("HOPE vuonna" was the hint's search).
        ("HOPE vuonna 2021", ("2021-01-01", "2021-12-31")),
        ("HOPE år 2021", ("2021-01-01", "2021-12-31")),
        # Slovenian "in autumn", as "spomladi", "poleti" and "pozimi" were read ("jeseni" was a word).
        ("HOPE jeseni 2021", ("2021-09-01", "2021-11-30")),
    ],
)
def test_a_word_before_or_after_a_date_bounds_the_period(query, period):
    assert dated_search(query, TODAY) == ("HOPE", *period)


@pytest.mark.parametrize("query", ["HOPE after 2026", "HOPE 2021-2019", "HOPE since", "HOPE before Maribor"])
def test_no_period_for_one_that_cannot_hold_a_release_or_is_no_date(query):
    assert dated_search(query, TODAY) is None


def test_a_period_open_at_one_end_is_said_so():
    assert period_text("2025-01-01", "") == "from 1 January 2025 on"
    assert period_text("", "2019-12-31") == "up to 31 December 2019"
    assert period_text("2025-01-01", "2025-12-31") == "1 January 2025 to 31 December 2025"


def test_the_hint_for_a_date_since_gives_since_only_and_counts_what_it_finds(demo_archive):
    said = search(demo_archive, "HOPE since 2021")
    assert said.exit_code == 0, said.output
    hint = re.search(
        r"dated from 1 January 2021 on\? .*: newsflow search HOPE --since 2021-01-01 \(it finds (\d+)", said.output
    )
    assert hint and "--until 20" not in said.output, said.output
    listed = search(demo_archive, "HOPE", "--since", "2021-01-01", "--json", "--limit", "100")
    assert int(hint[1]) == len(json.loads(listed.stdout)) > 0
    before = search(demo_archive, "HOPE before 2022").output
    assert "dated up to 31 December 2021? " in before and "newsflow search HOPE --until 2021-12-31 (it finds" in before
    page = reading_room_get(demo_archive, "/-/search?q=HOPE+since+2021").text
    assert (
        f'<a href="/-/search?q=HOPE&amp;from=2021-01-01">“HOPE”, dated from 1 January 2021 on</a> ({hint[1]} releases)'
        in page
    )


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("title:hope", ["title", "hope"]),  # was a search for "title" alone
        ("tag:hope", ["tag", "hope"]),  # ... "tag" alone
        ("lang:fi", ["lang", "fi"]),
        ("title:HOPE", ["title", "hope"]),
        ("EU:n", ["eu"]),  # a case ending after a colon stays dropped
        ("EU:ssa", ["eu"]),
        ("ESF:s", ["esf"]),
        ("CIP:lle", ["cip"]),
        ("ESR:ää", ["esr"]),
        ("EU:hun", ["eu"]),
        ("EU:nkin", ["eu"]),
        ("hope:n", ["hope"]),  # typed in lower case
        ("ry:n", ["ry"]),
    ],
)
def test_only_a_case_ending_after_a_colon_is_dropped(query, words):
    assert re.findall(r'"([^"]+)"', search_query(query, ())) == words


def test_what_the_command_offers_for_a_search_that_found_nothing(demo_archive):
    field = search(demo_archive, "title:HOPE")
    assert field.exit_code == 0 and 'No release holds “title”: newsflow search "HOPE" finds 7 releases.' in field.output
    near = search(demo_archive, "HOPE NEAR Maribor")  # NEAR without its parenthesis is a word
    assert 'No release holds “NEAR”: newsflow search "HOPE Maribor" finds' in near.output, near.output
    question = search(demo_archive, "what did Coompanion publish about 1000-jobb?")
    assert 'newsflow search "Coompanion 1000-jobb" finds 3 releases.' in question.output, question.output


def test_a_long_pasted_word_costs_what_a_short_search_does(demo_archive):
    """A word of 10,000 letters (a pasted page without spaces) took 3 to 15 s in the command and was stopped after 3
    s in the reading room: the colon-ending pattern tried every start inside the word, each to its end."""
    from newsflow.search import also_spelled, find_articles
    from timing import as_cheap_as

    with sqlite3.connect(demo_archive) as conn:
        find_articles(conn, "Seinäjoella")  # (warm: the lexicon opened)
        found = as_cheap_as(
            lambda: (find_articles(conn, "Seinäjoella").total, also_spelled(conn, "Seinäjoella")),
            lambda: (find_articles(conn, "x" * 10_000).total, also_spelled(conn, "x" * 10_000)),
            lambda: (find_articles(conn, "ä" * 9_999 + "*").total, also_spelled(conn, "1" * 10_000)),
        )
    assert found == [(0, ()), (0, ())]


def test_a_word_pasted_with_its_letters_apart_or_in_ligatures_is_the_word(demo_archive):
    """Pasted from a Mac or a PDF, "Seinäjoella" may hold "a" and a combining diaeresis apart: it was searched as
    "Seina" and "joella" and found nothing, in the command and the reading room; fullwidth letters and ligatures
    alike."""
    import unicodedata
    from urllib.parse import quote

    def titles(output):
        return re.findall(r"^\S.*?\] (.*)  \(", output, re.M)

    written = titles(search(demo_archive, "Seinäjoella").output)
    assert written
    for pasted in (unicodedata.normalize("NFD", "Seinäjoella"), "Ｓｅｉｎäｊｏｅｌｌａ"):
        said = search(demo_archive, pasted)
        assert said.exit_code == 0 and titles(said.output) == written, said.output
    phrase = search(demo_archive, unicodedata.normalize("NFD", '"Seinäjoen kaupunki"'))
    assert titles(phrase.output) == titles(search(demo_archive, '"Seinäjoen kaupunki"').output) != []
    assert titles(search(demo_archive, "HOPE ﬁnal").output) == titles(search(demo_archive, "HOPE final").output) != []
    page = reading_room_get(demo_archive, "/-/search?q=" + quote(unicodedata.normalize("NFD", "Seinäjoella"))).text
    assert f"{len(written)} releases matching" in page, page[:2000]


def test_the_words_offered_as_prefixes_lose_the_mark_that_ends_a_question():
    from newsflow.search import prefix_search

    assert prefix_search("mitä Seinäjoki kertoi kokeilusta?") == "mitä* Seinäjoki* kertoi* kokeilusta*"
    assert prefix_search("Maribor?") == ""  # (a name is looked for as a prefix already: nothing else to offer)


def test_a_hyphenated_word_no_release_holds_offers_its_parts_that_some_do(demo_archive):
    """ "kaikki HOPE-uutiset" ("all HOPE news") and "1000-jobb-nyheter" found nothing, and nothing was offered: a
    hyphenated word is its parts together, and "uutiset" or "nyheter" is in no release."""
    said = search(demo_archive, "kaikki HOPE-uutiset")
    assert 'No release holds “kaikki” or “HOPE-uutiset”: newsflow search "HOPE" finds 7 releases.' in said.output
    one = search(demo_archive, "Coompanion 1000-jobb-nyheter")
    assert 'No release holds “1000-jobb-nyheter”: newsflow search "Coompanion 1000-jobb" finds 3 releases.' in (
        one.output
    ), one.output
    page = reading_room_get(demo_archive, "/-/search?q=kaikki+HOPE-uutiset").text
    assert (
        '<li>No release holds “kaikki” or “HOPE-uutiset”: <a href="/-/search?q=HOPE">HOPE</a> finds 7 releases.' in page
    )


@pytest.mark.parametrize("option", ["--lang", "--tag", "--since", "--limit", "--partner"])
def test_an_option_given_last_without_its_value_says_so(demo_archive, option):
    """`newsflow search HOPE --lang` said "'--' is not a language code" (and `--tag`: no tag “--”): the value it was
    given was the separator put before the search's words."""
    said = CliRunner().invoke(cli, ["search", "--db", str(demo_archive), "HOPE", option])
    assert said.exit_code == 2 and f"Option '{option}' requires an argument." in said.output, said.output
    assert "'--'" not in said.output and "“--”" not in said.output


def test_a_near_whose_distance_is_no_number_says_so(demo_archive):
    """ "NEAR(HOPE Maribor, x)" looked for a third word "x", found nothing and said only "No matches"."""
    said = search(demo_archive, "NEAR(HOPE Maribor, x)")
    assert said.exit_code == 2 and "is a number of words, as in NEAR(Seinäjoki HOPE, 10); not 'x'." in said.output
    assert search(demo_archive, "NEAR(HOPE Maribor, 10)").exit_code == 0
    assert search(demo_archive, "NEAR(HOPE, Maribor)").exit_code == 0  # (a comma between its words, as before)
    assert "not &#39;-5&#39;" in reading_room_get(demo_archive, "/-/search?q=NEAR(HOPE+Maribor,+-5)").text


def test_a_question_with_a_date_that_finds_nothing_offers_its_words_within_the_dates(demo_archive):
    # (search probe, s38: "what happened in Derry in 2022" ended at the date's hint, "(it finds none)")
    said = search(demo_archive, "what happened in Derry in 2022")
    assert said.exit_code == 0, said.output
    assert (
        'No release of those dates holds “what” or “happened”: newsflow search "Derry" --since 2022-01-01 '
        "--until 2022-12-31 finds" in said.output
    )
    # (session 42: the search by date that finds none is not offered after what finds something within those dates,
    # as the reading room does not offer it)
    assert "it finds none" not in said.output and "Looking for releases dated" not in said.output
    offered = re.search(r'newsflow search "Derry" --since 2022-01-01 --until 2022-12-31 finds (\d+)', said.output)
    again = search(demo_archive, "Derry", "--since", "2022-01-01", "--until", "2022-12-31")
    assert offered and again.output.count("\n    tags:") == int(offered[1]) > 0  # (what it says it finds, it finds)
    # A search by date that finds something is the way: nothing more is offered.
    said = search(demo_archive, "Derry Strabane 2022")
    assert "No release of those dates" not in said.output and "(it finds 2 releases)" in said.output
    page = reading_room_get(demo_archive, "/-/search?q=what+happened+in+Derry+in+2022").text
    assert "No release dated 1 January 2022 to 31 December 2022 holds “what” or “happened”" in page
    assert re.search(r'href="[^"]*q=Derry[^"]*from=2022-01-01[^"]*to=2022-12-31', page.replace("&amp;", "&"))


def test_a_language_no_release_is_in_is_said_with_the_archives_languages(demo_archive):
    # (search probe, s38: `--lang xx` and `--lang de` said only "No matches" and "Without --lang: 7 matches")
    said = search(demo_archive, "HOPE", "--lang", "de")
    assert said.exit_code == 0
    assert "No release in this archive is in German; its languages: English (en), Finnish (fi) and Swedish (sv)." in (
        said.output
    )
    assert "No release in this archive" not in search(demo_archive, "Nonexistentword", "--lang", "fi").output


def test_a_search_keeps_subscripts_and_superscripts_as_the_releases_write_them():
    # (review, s38: the query folded as a whole to NFKC, "CO₂" and "m²" became "co2" and "m2", which the index of
    # "CO₂-päästöt" and "4 500 m²" does not hold; a ligature, a fullwidth letter and NFD accents are still folded)
    from newsflow.lexicon import as_typed

    assert as_typed("CO₂-päästöt") == "CO₂-päästöt" and as_typed("4 500 m²") == "4 500 m²"
    assert as_typed("ﬁnal ＨＯＰＥ\u00a0Sein\u0061\u0308joella") == "final HOPE Seinäjoella"
    db = sqlite3.connect(":memory:")
    db.execute("create virtual table t using fts5(body, tokenize = 'unicode61 remove_diacritics 2')")
    db.execute("insert into t values ('Hankkeen CO₂-päästöt laskivat'), ('Uusi halli, 4 500 m²')")
    for word in ("CO₂", "m²"):
        assert db.execute("select count(*) from t where t match ?", [search_query(word)]).fetchone()[0] == 1, word


def test_no_slovenian_case_ending_is_taken_off_a_name_no_dictionary_holds():
    # (review, s38: taken off every capitalised name, "Simone" also searched "simon*", "Nordea" "norde*", "Kultura"
    # "kultur*", in every archive; a Slovenian case of a name is offered as the name, "Did you mean v Maribor")
    for name, stem in (("Simone", '"simon"'), ("Nordea", '"norde"'), ("Kultura", '"kultur"')):
        assert stem not in search_query(name), name


@pytest.mark.parametrize(
    "query", ["Interreg 2021-2027", "ohjelmakausi 2021–2027", "Vision till 2030", "Road until 2035", "HOPE 2026-2028"]
)
def test_a_plans_period_running_into_the_years_ahead_is_no_date_to_narrow_by(query):
    # (review, s38: "Interreg 2021-2027" was offered as releases dated 2021 to 2027, and "Vision till 2030" as every
    # "Vision" release up to 2030; such a hint also took the place of what to try when nothing was found)
    assert dated_search(query, TODAY) is None


def test_a_period_still_under_way_or_ended_is_still_a_date():
    assert dated_search("HOPE this winter", TODAY) == ("HOPE", "2026-12-01", "2027-02-28")
    assert dated_search("EAKR 2014-2020", TODAY) == ("EAKR", "2014-01-01", "2020-12-31")
    assert dated_search("HOPE från 2019 till 2021", TODAY) == ("HOPE", "2019-01-01", "2021-12-31")
    assert dated_search("stöd till 2025", TODAY) == ("stöd till", "2025-01-01", "2025-12-31")  # ("till" is "to")
