"""Reading-room probe s43 (a communications officer's tasks in Maribor, Derry, Gothenburg and Seinäjoki).

Datasette's own search box over the articles table (All tables → articles, reached from every reading-room page)
found less than the reading room's search for the same words: a Slovenian case form ("podjetij" no "podjetja"), a
word typed without its accents ("Seinajoella"), a programme's period as typed ("ESRR 2014 - 20" no "2014-2020").
It now asks the archive as the reading room does. And a release in a right-to-left script (an Arabic or Hebrew
headline or paragraph) is laid out in its own direction: it read with its Latin words at the wrong end."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from conftest import reading_room_get
from newsflow.archive import Archive
from newsflow.models import Article, Paragraph, Source

RELEASES = (
    ("obisk", "Partnerji projekta HOPE na obisku v Mariboru", "sl",
     "Predstavniki socialnih podjetij so izmenjali izkušnje. Mestna občina Maribor je gostila partnerje."),
    ("inkubator", "Nov inkubator za socialna podjetja", "sl",
     "Občina odpira podjetniški inkubator. Projekt je sofinanciran iz ESRR 2014-2020."),
    ("seinajoki", "Seinäjoki mukana HOPE-hankkeessa", "fi",
     "Seinäjoella esiteltiin hanke. Rahoitus tulee EAKR-ohjelmasta 2014-20."),
    ("konferenssi", "مؤتمر حول الاقتصاد الاجتماعي HOPE", "ar",
     "انعقد مؤتمر حول الاقتصاد الاجتماعي مع شركاء HOPE في المدينة."),
    ("pitka", "Pitkä otsikko " + "A" * 5000 + " loppu", "fi", "Teksti, jonka otsikko on yksi pitkä sana."),
)  # fmt: skip


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("s43") / "a.db"
    with Archive(path) as a:
        a.sync_sources([Source(id="s", name="News", kind="feed", url="https://example.org/feed", partner="P")])
        for slug, title, lang, text in RELEASES:
            a.save_article(
                Article(
                    url=f"https://example.org/{slug}",
                    source_id="s",
                    title=title,
                    published="2026-11-30T10:00:00+01:00",
                    language=lang,
                    paragraphs=(Paragraph(text=text, language=lang),),
                )
            )
    return path


def _table_titles(archive: Path, words: str) -> set[str]:
    """The headlines the articles table's own search box lists for ``words``."""
    page = reading_room_get(archive, "/a/articles.json?_shape=array&_col=title&_search=" + words).json()
    return {row["title"] for row in page}


def _reading_room_titles(archive: Path, words: str) -> set[str]:
    page = reading_room_get(archive, "/-/search?q=" + words).text
    found = re.findall(r'<h3 class="headline"[^>]*><a [^>]*>(.*?)</a></h3>', page, re.S)
    return {html.unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in found}


@pytest.mark.parametrize(
    ("words", "titles"),
    [
        ("podjetij", {"Partnerji projekta HOPE na obisku v Mariboru", "Nov inkubator za socialna podjetja"}),
        ("inkubatorja", {"Nov inkubator za socialna podjetja"}),  # was none
        ("Seinajoella", {"Seinäjoki mukana HOPE-hankkeessa"}),  # typed without its accents: was none
        ("ESRR%202014%20-%2020", {"Nov inkubator za socialna podjetja"}),  # "2014-2020": was none
        ("2014%20-%2020", {"Nov inkubator za socialna podjetja", "Seinäjoki mukana HOPE-hankkeessa"}),
    ],
)
def test_the_articles_tables_search_box_finds_what_the_reading_room_finds(
    archive: Path, words: str, titles: set[str]
) -> None:
    assert _reading_room_titles(archive, words) == titles
    assert _table_titles(archive, words) == titles


def test_the_canned_search_finds_slovenian_forms_too(archive: Path) -> None:
    rows = reading_room_get(archive, "/a/search.json?_shape=array&words=inkubatorja").json()
    assert [r["title"] for r in rows] == ["Nov inkubator za socialna podjetja"]


def test_a_search_the_box_cannot_read_lists_nothing_and_says_no_error(archive: Path) -> None:
    for words in ('"unclosed', "NOT", "*", ""):
        response = reading_room_get(archive, "/a/articles?_search=" + words)
        assert response.status_code == 200, words


def _bidi_plaintext_selectors(archive: Path) -> set[str]:
    """The selectors of the reading room's stylesheet whose texts take their direction from their own letters."""
    page = reading_room_get(archive, "/").text
    [href] = re.findall(r'<link rel="stylesheet" href="([^"]*readingroom\.css[^"]*)"', page)
    css = re.sub(r"/\*.*?\*/", "", reading_room_get(archive, href).text, flags=re.S)
    found: set[str] = set()
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        if re.search(r"unicode-bidi:\s*plaintext", body) and re.search(r"text-align:\s*start", body):
            found |= {" ".join(s.split()) for s in selectors.split(",")}
    return found


def test_right_to_left_headlines_and_texts_take_their_own_direction(archive: Path) -> None:
    """An Arabic headline, snippet or paragraph read with "HOPE" and its full stop at the wrong end, laid out left to
    right as the page's English is: each now takes its direction from its own letters, and starts at its side."""
    plaintext = _bidi_plaintext_selectors(archive)
    assert {".rr .headline", ".rr .headline a", ".rr .snippet", ".rr .original-text > p"} <= plaintext, plaintext
    # (the elements those select are the ones the Arabic release's words stand in)
    results = reading_room_get(archive, "/-/search?q=HOPE").text
    assert re.search(r'<h3 class="headline" lang="ar"><a [^>]*>مؤتمر', results)
    assert re.search(r'<p class="snippet" lang="ar">انعقد', results)
    article = reading_room_get(archive, "/-/article/4").text
    assert re.search(r'<h1 class="headline" lang="ar">مؤتمر', article)
    assert re.search(r'<div class="original-text" lang="ar">\s*<span class="pno"[^>]*>1</span>\s*<p>انعقد', article)


def test_a_headline_of_thousands_of_letters_is_cut_in_datasettes_table(archive: Path) -> None:
    """A word of 5,000 letters in a headline (or a feed's whole text given as its title) made its row of the articles
    table thousands of pixels tall, every other release pushed off the screen: cut at a word, as texts are, its link
    to the reading room's page, which gives it whole."""
    page = reading_room_get(archive, "/a/articles").text
    [cell] = re.findall(r'<a href="/-/article/5"[^>]*>([^<]*)</a>', page)
    assert cell.startswith("Pitkä otsikko AAAA") and cell.endswith(" …") and len(cell) <= 302, len(cell)
    assert "A" * 5000 in reading_room_get(archive, "/-/article/5").text
    short = reading_room_get(archive, "/a/articles?_search=podjetij").text
    assert '<a href="/-/article/2" lang="sl">Nov inkubator za socialna podjetja</a>' in short  # as before
    listed = reading_room_get(archive, "/a/articles.json?_shape=array&_col=title&id=5").json()
    assert listed[0]["title"].endswith(" loppu")  # the data itself whole


def test_opening_words_of_a_long_word_show_its_start() -> None:
    """Cut at the last space, a text opening with a word longer than the limit showed nothing of it ("Pitkä …")."""
    from newsflow.browse import opening_words

    assert opening_words("Pitkä " + "A" * 500, 90) == "Pitkä " + "A" * 84 + " …"
    assert opening_words("Kratko besedilo o razpisu za socialna podjetja v Mariboru " * 3, 90).endswith("za …")


@pytest.mark.parametrize(
    ("words", "marked"),
    [("inkubatorja", "[inkubator]"), ("podjetje", "[podjetij]"), ("Seinajoella", "[Seinäjoella]")],
)
def test_the_canned_searchs_snippet_marks_the_forms_it_found(archive: Path, words: str, marked: str) -> None:
    """Its snippet marked only the forms of the word as typed: "inkubatorja" marked no "inkubator", and showed the
    text's start; "Seinajoella" no "Seinäjoella"."""
    rows = reading_room_get(archive, "/a/search.json?_shape=array&words=" + words).json()
    assert any(marked in r["snippet"] for r in rows), [r["snippet"] for r in rows]
