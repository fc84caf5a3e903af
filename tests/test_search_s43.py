"""Search, session 43: weekdays said as dates ("since Monday", "maanantaista", "sedan måndag", "od ponedeljka"), no
name respelled over a common word ("since" offered as "Sciences"), Slovenian nouns in -al/-il kept apart from verb
forms ("terminal" is no form of "termin"), and the reading room's search box asking the search's own query."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

from newsflow import browse
from newsflow.search import index_vocabulary, match_expression, searched_spellings

SRC = Path(browse.__file__).parent


def test_the_reading_room_asks_the_match_expression_the_search_asks(demo_archive):
    conn = sqlite3.connect(demo_archive)
    index_vocabulary(conn)
    for words in ("Seinajoella", "HOPE 2014 - 20", "podjetij", "HOPE OR Maribor"):
        assert browse._match_of(conn, words) == match_expression(words, searched_spellings(conn, words))
    assert browse._match_of(conn, "  ") == ""


def test_no_module_imports_the_searchs_private_names():
    for path in sorted(SRC.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        private = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "search"
            for alias in node.names
            if alias.name.startswith("_")
        ]
        assert not private, f"{path.name} imports search's {private}"
