"""A search probe of session 39, as communications staff search: a date said in words after --since unquoted
("--since i höstas HOPE"), "or" in the languages staff write, and a partner's web address pasted alone.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from newsflow.cli import cli


def search(db, *args):
    return CliRunner().invoke(cli, ["search", *args, "--db", str(db)])


def _titles(output: str) -> list[str]:
    return [line for line in output.splitlines() if line[:2] == "20"]


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
