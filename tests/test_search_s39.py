"""A search probe of session 39, as communications staff search: a date said in words after --since unquoted
("--since i höstas HOPE"), "or" in the languages staff write, and a partner's web address pasted alone.
"""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from conftest import copy_archive
from newsflow.cli import cli


def search(db, *args):
    return CliRunner().invoke(cli, ["search", *args, "--db", str(db)])


def _titles(output: str) -> list[str]:
    return [line for line in output.splitlines() if line[:2] == "20" or line.startswith("date unknown  [")]


@pytest.mark.parametrize(
    ("unquoted", "quoted"),
    [
        # The shell gives "i" alone to --since: it was "'i' is not a date", and "höstas" a search word.
        (["--since", "i", "höstas", "HOPE"], ["--since", "i höstas", "HOPE"]),
        (["--since=last", "week", "HOPE"], ["--since", "last week", "HOPE"]),
        (["--until", "20", "May", "2022", "HOPE", "Maribor"], ["--until", "20 May 2022", "HOPE", "Maribor"]),
        # "kevät" alone is a date (the latest spring): "2021" was searched as a word.
        (
            ["--from", "kevät", "2021", "--to", "syksy", "2021", "HOPE"],
            ["--from", "kevät 2021", "--to", "syksy 2021", "HOPE"],
        ),
    ],
)
def test_a_date_said_in_words_after_a_date_option_needs_no_quotes(demo_archive, unquoted, quoted):
    typed = search(demo_archive, *unquoted)
    meant = search(demo_archive, *quoted)
    assert typed.exit_code == meant.exit_code == 0, typed.output
    assert typed.output == meant.output


def test_a_date_option_takes_no_search_word_that_is_no_part_of_its_date(demo_archive):
    typed = search(demo_archive, "--since", "2021", "HOPE", "Maribor")
    assert typed.output == search(demo_archive, "HOPE", "Maribor", "--since", "2021").output
    assert "'i' is not a date" in search(demo_archive, "--since", "i", "HOPE").output


@pytest.mark.parametrize("typed", ["HOPE || Maribor", "HOPE||Maribor", "HOPE | Maribor"])
def test_a_programmers_or_is_or(demo_archive, typed):
    # "||" was punctuation, dropped: HOPE AND Maribor, silently (3 releases, where HOPE OR Maribor finds 7).
    either = search(demo_archive, "HOPE OR Maribor")
    found = search(demo_archive, typed)
    assert found.exit_code == 0, found.output
    assert _titles(found.output) == _titles(either.output)
    assert len(_titles(found.output)) > len(_titles(search(demo_archive, "HOPE Maribor").output))


def test_bars_with_nothing_on_one_side_are_left_out(demo_archive):
    assert _titles(search(demo_archive, "|| HOPE").output) == _titles(search(demo_archive, "HOPE").output)
    assert _titles(search(demo_archive, "HOPE ||").output) == _titles(search(demo_archive, "HOPE").output)
    assert search(demo_archive, "||").exit_code == 2


@pytest.mark.parametrize("word", ["or", "tai", "eller", "TAI"])
def test_or_in_a_staff_language_says_it_was_a_word_and_offers_the_search_for_either(demo_archive, word):
    found = search(demo_archive, "HOPE", word, "Maribor")
    assert found.exit_code == 0, found.output
    assert f"“{word}” was searched as a word" in found.output
    assert 'newsflow search "HOPE OR Maribor" (it finds 7 releases)' in found.output
    assert found.output.count("HOPE OR Maribor") == 1  # (not offered again as "some of the words")


def test_or_is_not_offered_where_the_search_for_either_finds_nothing(demo_archive):
    found = search(demo_archive, "xyzzyq", "tai", "qwertzu")
    assert "searched as a word" not in found.output
    assert "No matches." in found.output


@pytest.mark.parametrize(
    ("query", "kept", "instead"),
    [
        ("HOPE tai Maribor", ["tai"], "HOPE OR Maribor"),
        ("HOPE Or Maribor eller Derry", ["Or", "eller"], "HOPE OR Maribor OR Derry"),
        ("HOPE OR Maribor", [], ""),  # (OR itself)
        ("tai HOPE", [], ""),  # (nothing before it)
        ("HOPE tai", [], ""),
        ("NEAR(HOPE or Maribor, 5)", [], ""),
        ('"HOPE tai Maribor"', [], ""),  # (in a phrase)
    ],
)
def test_or_kept(query, kept, instead):
    from newsflow.lexicon import or_kept

    assert or_kept(query) == (kept, instead)


@pytest.fixture(scope="module")
def sites_archive(demo_archive, tmp_path_factory):
    """The demo archive with its releases at the partners' real kind of addresses: City of Seinäjoki's at
    www.seinajoki.fi, Coompanion's at Mynewsdesk (its own site, coompanion.se, holds none)."""
    db = copy_archive(demo_archive, tmp_path_factory.mktemp("sites") / "archive.db")
    with sqlite3.connect(db) as conn:
        for source, at in (
            ("demo-seinajoki", "https://www.seinajoki.fi/uutiset/"),
            ("demo-coompanion", "https://www.mynewsdesk.com/se/"),
        ):
            for article_id, url in conn.execute(
                "select id, url from articles where source_id = ?", [source]
            ).fetchall():
                conn.execute(
                    "update articles set url = ? where id = ?", [at + url.rstrip("/").rsplit("/", 1)[1], article_id]
                )
    return db


@pytest.mark.parametrize(
    ("typed", "partner", "count"),
    [
        # A site's address alone said only "No matches" (its words, "seinajoki fi", are in no text).
        ("seinajoki.fi", '"City of Seinäjoki"', "4 releases"),
        ("https://seinajoki.fi/", '"City of Seinäjoki"', "4 releases"),
        ("www.mynewsdesk.com", "Coompanion", "3 releases"),
        # A partner publishing elsewhere, by its own site's name (it said no release was read from this address).
        ("www.coompanion.se", "Coompanion", "3 releases"),
        ("coompanion.se", "Coompanion", "3 releases"),
        # A release's address no release was archived from: the partner's releases, after saying so.
        ("https://www.seinajoki.fi/uutiset/not-archived-yet", '"City of Seinäjoki"', "4 releases"),
    ],
)
def test_a_partners_site_searched_for_offers_its_releases(sites_archive, typed, partner, count):
    found = search(sites_archive, typed)
    assert found.exit_code == 0, found.output
    assert f"newsflow search --partner {partner} lists its {count}" in found.output
    listed = search(sites_archive, "--partner", partner.strip('"'))
    assert len(_titles(listed.output)) == int(count.split()[0])


def test_the_site_hint_keeps_the_searchs_filters_and_counts_under_them(sites_archive):
    found = search(sites_archive, "seinajoki.fi", "--lang", "sv")
    assert 'newsflow search --partner "City of Seinäjoki" --lang sv lists its 1 release.' in found.output


def test_a_site_no_partner_has_says_so(sites_archive):
    found = search(sites_archive, "example.com")
    assert "None of the archived releases comes from this site" in found.output
    assert "--partner" not in found.output
    assert "Looking for the releases" not in search(sites_archive, "node.js").output


def test_a_release_archived_from_its_address_is_found_without_the_site_hint(sites_archive):
    found = search(sites_archive, "https://www.seinajoki.fi/uutiset/toimintojen-talo-avaa-ovensa-nuorille/")
    assert _titles(found.output) and "Toimintojen talo" in found.output
    assert "Looking for the releases" not in found.output


@pytest.mark.parametrize(
    "typed",
    ["“House of Actions”", "”House of Actions”", "„House of Actions“", "«House of Actions»", "»House of Actions«"],
)
def test_quotation_marks_as_word_processors_write_them_make_a_phrase(demo_archive, typed):
    # They were punctuation: three words, "of" left out, and "put it in quotes" offered '“House "of" Actions”'.
    assert search(demo_archive, typed).output == search(demo_archive, '"House of Actions"').output


def test_an_unpaired_typographic_quotation_mark_is_still_no_error(demo_archive):
    found = search(demo_archive, "Seinäjoki", "”HOPE")
    assert found.exit_code == 0, found.output
    assert _titles(found.output) == _titles(search(demo_archive, "Seinäjoki HOPE").output)


@pytest.mark.parametrize(
    ("query", "period"),
    [
        # An option typed among the words (quoted, or in the reading room's box) was offered again before its date:
        # "newsflow search HOPE --since --since 2021-10-01 --until 2021-10-31".
        ("HOPE --since lokakuu 2021", ("HOPE", "2021-10-01", "")),
        ("HOPE --from 2021", ("HOPE", "2021-01-01", "")),
        ("HOPE --until 2021", ("HOPE", "", "2021-12-31")),
        ("HOPE --to maaliskuu 2021", ("HOPE", "", "2021-03-31")),
    ],
)
def test_a_date_option_typed_among_the_words_bounds_the_period(query, period):
    from datetime import date

    from newsflow.search import dated_search

    assert dated_search(query, today=date(2026, 12, 4)) == period


def test_a_partners_site_whose_releases_the_filters_leave_out_says_so(sites_archive):
    """Review (s39): "coompanion.se --lang fi" said no partner's name is the site's: Coompanion's are, in Swedish."""
    found = search(sites_archive, "coompanion.se", "--lang", "fi")
    assert "The releases of Coompanion, whose site this is, are all left out by --lang" in found.output, found.output
    assert "no partner's name is the site's" not in found.output
