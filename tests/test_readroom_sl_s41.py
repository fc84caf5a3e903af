"""The reading room says where a search found its words' Slovenian case forms (readroom probe s41): a reader who
typed "socialno podjetje" and sees "socialnega podjetja" marked is told why, the forms read as Slovenian."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import reading_room_get
from newsflow.archive import Archive
from newsflow.config import Tag
from newsflow.models import Article, Paragraph, Source, TagHit

RELEASES = [
    (
        "razpis",
        "Javni razpis <2027> & več",
        "Prijavijo se lahko socialna podjetja s sedežem v Mestni občini Maribor.",
        "sl",
    ),
    (
        "obisk",
        "Obisk",
        "Obiskali smo socialno podjetje in se pogovarjali o ustanovitvi novega socialnega podjetja.",
        "sl",
    ),
    ("hanke", "Hanke jatkuu", "Seinäjoen kaupunki jatkaa hanketta.", "fi"),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sl") / "a.db"
    with Archive(path) as a:
        a.sync_sources([Source(id="s", name="News", kind="feed", url="https://example.org/feed", partner="P")])
        a.sync_tags([Tag(id="social-economy", kind="topic", name="Social economy")])
        for slug, title, text, lang in RELEASES:
            hit = TagHit("social-economy", "Social economy", "topic", "socialna podjetja", "text", 0, 0, 1, "sl", 1.0)
            a.save_article(
                Article(
                    url=f"https://example.org/{slug}",
                    source_id="s",
                    title=title,
                    published="2026-12-04T10:00:00+01:00",
                    language=lang,
                    paragraphs=(Paragraph(text=text, language=lang),),
                    tags=(hit,) if lang == "sl" else (),
                )
            )
    return path


def _note(text: str) -> str:
    found = re.findall(r"<p class=\"also-spelled\">(Slovenian words[^\n]*?)</p>", text)
    return found[0] if found else ""


def test_a_search_says_which_slovenian_forms_it_found(archive: Path) -> None:
    page = reading_room_get(archive, "/-/search?q=socialno+podjetje")
    assert page.status_code == 200
    note = _note(page.text)
    plain = re.sub(r"<[^>]+>", "", note)
    assert plain.startswith("Slovenian words were searched in their case forms too:"), plain
    assert "“socialno” also as" in plain and "“podjetje” also as" in plain
    assert "“podjetja”" in plain and "“socialnega”" in plain  # forms the releases hold
    assert '<span lang="sl">podjetja</span>' in note  # read as Slovenian by a screen reader
    assert "&lt;2027&gt; &amp; več" in page.text and "<2027>" not in page.text


def test_a_word_typed_without_accents_is_named_as_typed(archive: Path) -> None:
    page = reading_room_get(archive, "/-/search?q=obcina").text
    assert "Searched for “obcina” as “občina” too, as the releases write it with accents." in page  # as before
    plain = re.sub(r"<[^>]+>", "", _note(page))
    assert plain == "Slovenian words were searched in their case forms too: “obcina” also as “občini”.", plain


@pytest.mark.parametrize("path", ["/-/search?q=hanke", "/-/search?q=podjetje&lang=fi", "/-/search?q=Hanke+jatkuu"])
def test_not_said_where_no_slovenian_release_is_shown(archive: Path, path: str) -> None:
    assert "Slovenian words were searched" not in reading_room_get(archive, path).text


@pytest.mark.parametrize("page", ["/-/partner/P", "/-/tag/social-economy"])
def test_a_tags_and_a_partners_page_say_it_of_their_search_too(archive: Path, page: str) -> None:
    text = reading_room_get(archive, page + "?q=obcina").text
    assert "Mestni občini Maribor" in text or "Javni razpis" in text  # the release found
    assert "Searched for “obcina” as “občina” too, as the releases write it with accents." in text
    assert re.sub(r"<[^>]+>", "", _note(text)) == (
        "Slovenian words were searched in their case forms too: “obcina” also as “občini”."
    )


@pytest.mark.parametrize("page", ["/-/partner/P", "/-/tag/social-economy"])
def test_a_tags_and_a_partners_page_say_which_small_words_they_left_out(archive: Path, page: str) -> None:
    text = reading_room_get(archive, page + "?q=v+Mestni").text
    assert "Javni razpis" in text  # "v Mestni občini"
    said = re.findall(r'<p class="small-words">Searched without “v”, which joins other words.*?href="([^"]+)"', text)
    assert said, "the small word left out is not said"
    assert said[0].startswith(page.replace(" ", "%20") + "?") and "q=%22v%22+Mestni" in said[0]
