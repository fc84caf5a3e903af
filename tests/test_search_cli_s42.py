"""`newsflow search` with a question ending in its year: the hints after "No matches." (session 42)."""

from __future__ import annotations

from click.testing import CliRunner

from newsflow.cli import cli


def test_a_question_with_its_year_ends_at_what_finds_something_not_at_it_finds_none(demo_archive):
    said = CliRunner().invoke(cli, ["search", "what happened in Derry in 2022", "--db", str(demo_archive)])
    assert said.exit_code == 0, said.output
    assert 'newsflow search "Derry" --since 2022-01-01 --until 2022-12-31 finds 2 releases' in said.stderr
    # the same words within the dates, which the line before already said find nothing, were offered again
    assert "(it finds none)" not in said.stderr and "Looking for releases dated" not in said.stderr


def test_a_search_whose_dates_find_releases_still_offers_them(demo_archive):
    said = CliRunner().invoke(cli, ["search", "HOPE 2021", "--db", str(demo_archive)])  # no text holds "2021"
    assert said.exit_code == 0
    assert "Looking for releases dated 1 January 2021 to 31 December 2021? --since and --until narrow a search by " in (
        " ".join(said.stderr.split())
    )
    assert "newsflow search HOPE --since 2021-01-01 --until 2021-12-31 (it finds 5 releases)" in said.stderr
