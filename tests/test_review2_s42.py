"""Review of session 42's changes (review2): what the first reading got wrong."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsflow.dates import date_range, parse_date
from newsflow.lexicon import minus_kept
from newsflow.search import find_articles
from newsflow.slovenian import same_word
from test_search_slovenian import archive_of


@pytest.mark.parametrize(
    ("form", "other"),
    [
        ("vodjo", "voda"),  # leader (acc.), water
        ("vodjo", "vodo"),
        ("voljo", "volu"),  # will (acc.), ox (dat.)
        ("ladjo", "lada"),
    ],
)
def test_the_j_of_a_noun_in_dja_lja_nja_is_its_own(form: str, other: str) -> None:
    """(before: the feminine instrumental's "-jo" was taken off any consonant: "vodjo" was a form of "voda")"""
    assert not same_word(form, other) and not same_word(other, form, short=True)


@pytest.mark.parametrize(
    ("form", "word"),
    [("vodjo", "vodja"), ("voljo", "volja"), ("pomočjo", "pomoč"), ("stvarjo", "stvar"), ("ljudmi", "ljud")],
)
def test_instrumentals_still_found(form: str, word: str) -> None:
    assert same_word(form, word)


@pytest.mark.parametrize(
    ("query", "instead"),
    [
        ("hope OR derry -maribor", "(hope OR derry) NOT maribor"),
        ("-maribor hope OR derry", "(hope OR derry) NOT maribor"),
        ("hope -maribor", "hope NOT maribor"),  # (no OR: as before)
        ("hope OR (derry -maribor)", "hope OR (derry NOT maribor)"),  # (inside parentheses: as written)
    ],
)
def test_the_way_offered_to_leave_a_word_out_leaves_it_out_of_all_of_it(query: str, instead: str) -> None:
    """(before: "hope OR derry NOT maribor" was offered, which lists hope's releases about Maribor: FTS5 binds NOT to
    the closest word, where "-Maribor" leaves Maribor out of the whole search)"""
    assert minus_kept(query) == (["maribor"], instead)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Nyhetsbrevet 3 – 4.12.2026", "2026-12-04"),
        ("Medlemsbrevet 2 – 4.12.2026", "2026-12-04"),
        ("Infobladet 3 - 5.12.2026", "2026-12-05"),
        ("Medlemstidningen 2 – 9.12.2026", "2026-12-09"),
    ],
)
def test_a_swedish_publications_name_in_its_definite_form_is_one(text: str, day: str) -> None:
    """(before: "Nyhetsbrevet 3 – 4.12.2026" was read as an event's days, 3 to 4 December, and the release had no
    date; "Nyhetsbrev" alone was a publication's name)"""
    assert date_range(text) == ("", "")
    assert (parse_date(text) or "")[:10] == day


RELEASES = [
    ("vabilo", "Vabilo na dogodek", "Vabimo vas na dogodek o socialnem podjetništvu v Mariboru."),
    ("o-tem", "Novi projekt", "O tem bomo govorili na sestanku partnerjev v Mariboru."),
    ("tema", "Tema meseca", "Tema meseca je zaposlovanje mladih v Mariboru."),
    ("vasi", "Razvoj vasi", "Razvoj podeželskih vasi je pomemben za Maribor."),
    ("let", "Pet let podjetja", "Pred pet let je občina odprla prvo socialno podjetje."),
]


def test_a_word_of_three_letters_in_every_sentence_is_no_form_of_a_longer_one(tmp_path: Path) -> None:
    """(before: "tema", topic, found "o tem", about this; "vasi", villages, found "vabimo vas", we invite you: a
    word of three letters became a form of a longer word it is the stem of, for "let" of "leto")"""
    db = archive_of(tmp_path / "a.db", [(slug, title, text, "sl") for slug, title, text in RELEASES])
    with sqlite3.connect(db) as conn:
        found = {q: {r["url"].rsplit("/", 1)[1] for r in find_articles(conn, q).rows} for q in ("tema", "vasi", "leto")}
    assert found == {"tema": {"tema"}, "vasi": {"vasi"}, "leto": {"let"}}
    assert not same_word("tem", "tema", short=True) and same_word("let", "leto", short=True)
