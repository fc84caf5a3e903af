"""What a search that finds nothing offers keeps the filters it was counted under (search probe, s45)."""

from __future__ import annotations

import json
import re
import shlex

import pytest
from click.testing import CliRunner

from newsflow.cli import cli


def search(db, *args):
    return CliRunner().invoke(cli, ["search", *args, "--db", str(db)])


@pytest.mark.parametrize(
    ("words", "filters", "dropped"),
    [
        (["HOPE", "Maribor"], ["--lang", "sv"], "“Maribor”"),  # four releases hold Maribor: none in Swedish
        (["HOPE", "news"], ["--partner", "City of Seinäjoki"], "“news”"),
        (["HOPE", "news"], ["--tag", "Maribor"], "“news”"),
    ],
)
def test_the_search_offered_keeps_the_filters_and_finds_what_it_says(demo_archive, words, filters, dropped):
    said = search(demo_archive, *words, *filters)
    assert said.exit_code == 0, said.output
    typed = " ".join(shlex.quote(f) if " " in f else f for f in filters).replace("'", '"')
    offer = re.search(
        rf"No release with {re.escape(typed)} holds {dropped}: newsflow search (.+) finds (\d+) release", said.output
    )
    assert offer, said.output
    offered = shlex.split(offer[1])
    assert offered[1:] == filters, offered
    found = search(demo_archive, *offered, "--json")
    assert found.exit_code == 0 and len(json.loads(found.output)) == int(offer[2]) > 0, found.output
    without = search(demo_archive, offered[0], "--json")  # (counted without the filters, it said a number not true)
    assert len(json.loads(without.output)) > int(offer[2])
