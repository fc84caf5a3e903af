"""A minus in a search of words joined by OR leaves its word out of all of it (session 42, search probe).

FTS5 binds NOT closest: "-Maribor HOPE OR Derry" was (HOPE NOT Maribor) OR Derry, and listed releases about
Maribor among Derry's, said nowhere; a person who writes a minus, as in a web search, means none about Maribor."""

from __future__ import annotations

import sqlite3

import pytest

from newsflow.lexicon import QueryError, search_query
from newsflow.search import find_articles

EN = ("en",)


@pytest.mark.parametrize(
    "typed",
    ["-Maribor HOPE OR Derry", "HOPE OR Derry -Maribor", "HOPE -Maribor OR Derry", "HOPE OR Derry ja -Maribor"],
)
def test_a_minus_leaves_its_word_out_of_every_side_of_an_or(typed):
    assert search_query(typed, EN) == '((("hope") OR ("derry")) NOT ("maribor"))'


def test_a_not_written_as_such_and_a_minus_in_parentheses_keep_fts5s_reading():
    assert search_query("HOPE OR Derry NOT Maribor", EN) == '(("hope") OR (("derry") NOT ("maribor")))'
    assert search_query("HOPE OR (Derry -Maribor)", EN) == '(("hope") OR (("derry") NOT ("maribor")))'
    assert search_query("HOPE -Maribor", EN) == '(("hope") NOT ("maribor"))'
    with pytest.raises(QueryError, match="NOT needs something before it"):
        search_query("-Maribor OR HOPE", EN)


def test_the_releases_listed_mention_no_word_the_minus_left_out(demo_archive):
    with sqlite3.connect(demo_archive) as conn:
        either = find_articles(conn, "HOPE OR Derry", limit=50)
        without = find_articles(conn, "-Maribor HOPE OR Derry", limit=50)
        texts = {
            r[0]: f"{r[1]} {r[2]}".casefold() for r in conn.execute("select id, title, text from articles").fetchall()
        }
    assert any("maribor" in texts[r["id"]] for r in either.rows)  # (the demo has them: the test can fail)
    assert without.rows and not any("maribor" in texts[r["id"]] for r in without.rows)
