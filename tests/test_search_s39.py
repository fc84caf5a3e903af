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
