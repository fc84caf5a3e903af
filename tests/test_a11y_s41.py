"""Session 41, the reading room for a screen reader and a keyboard: words in another language than the page's are
marked as such (a screen reader reads them in that language's voice), every page has one <main> that its skip link
leads to, and the tag page's chart hides no links inside an image."""

from __future__ import annotations

import json
import sqlite3

import lxml.html
import pytest

from conftest import copy_archive
from conftest import reading_room_get as get


def page(db, path: str, status: int = 200):
    response = get(db, path)
    assert response.status_code == status, path
    return lxml.html.fromstring(response.text)


def lang_of(element) -> str:
    """The language a screen reader reads an element in: that of its nearest ancestor (or itself) that says one."""
    said = element.xpath("ancestor-or-self::*[@lang][1]/@lang")
    return said[0] if said else ""


def article_id(db, title: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("select id from articles where title = ?", [title]).fetchone()[0]


def test_the_search_helps_finnish_and_swedish_examples_are_read_in_their_language(demo_archive):
    help_list = page(demo_archive, "/-/search?q=zzqqxx").xpath("//details[@class='search-help']")[0]
    said = {e.text_content(): lang_of(e) for e in help_list.xpath(".//em")}
    assert said["Seinäjoella"] == "fi" and said["maaliskuu 2026"] == "fi" and said["kumppan*"] == "fi"
    assert said["projektet"] == "sv" and said["om"] == "sv"
    assert said["March 2026"] == "en" and said["HOPE NOT Maribor"] == "en"  # (the page's own English stays so)


@pytest.mark.parametrize(
    "title", ["Toimintojen talo avaa ovensa nuorille", "Seinäjoki stad deltar i det europeiska HOPE-projektet"]
)
def test_the_words_a_tag_was_found_by_are_read_in_the_language_they_were_found_in(demo_archive, title):
    doc = page(demo_archive, f"/-/article/{article_id(demo_archive, title)}")
    found = doc.xpath("//section[@class='why-tags']//ul[@class='evidence']/li")
    assert found
    for mention in found:
        [surface] = mention.xpath("./span[@lang]")
        anchor = mention.xpath("./a/@href")
        if anchor:  # in a paragraph: that paragraph's language
            [paragraph] = doc.xpath(f"//div[@id='{anchor[0][1:]}']/div[@class='original-text']")
            assert surface.get("lang") == paragraph.get("lang") != "", mention.text_content()
        else:  # in the headline: the headline's
            assert surface.get("lang") == lang_of(doc.xpath("//h1")[0])
        # ... and the sentence around them, English, stays English.
        assert lang_of(mention) == "en"


def test_a_paragraphs_number_and_language_badge_are_read_in_the_pages_english(demo_archive):
    doc = page(
        demo_archive,
        f"/-/article/{article_id(demo_archive, 'Seinäjoki mukana kansainvälisessä työllisyyden HOPE-hankkeessa')}",
    )
    badges = doc.xpath("//div[@class='original-text']/span[@class='lang' or @class='pno']")
    assert any(b.get("class") == "lang" for b in badges)  # (a release in two languages names each paragraph's)
    assert {lang_of(b) for b in badges} == {"en"}
    assert {p.get("lang") for p in doc.xpath("//div[@class='original-text']")} >= {"fi"}


def test_an_earlier_versions_headline_and_text_are_read_in_the_releases_language(demo_archive, tmp_path):
    db = copy_archive(demo_archive, tmp_path / "edited.db")
    target = article_id(db, "Toimintojen talo avaa ovensa nuorille")
    with sqlite3.connect(db) as conn:
        conn.execute(
            "insert into revisions (article_id, title, text, content_hash, archived) values (?, ?, ?, 'x', ?)",
            [target, "Toimintojen talo avautuu (luonnos)", "Ensimmäinen versio.", "2021-05-19T08:00:00+00:00"],
        )
    [version] = page(db, f"/-/article/{target}").xpath("//section[@class='revisions']/details")
    [summary] = version.xpath("./summary")
    assert lang_of(summary) == "en"  # "Version archived ...", the page's words
    assert [lang_of(e) for e in summary.xpath(".//*[text()='Toimintojen talo avautuu (luonnos)']")] == ["fi"]
    assert [lang_of(e) for e in version.xpath(".//p[text()='Ensimmäinen versio.']")] == ["fi"]


@pytest.mark.parametrize("partner", ["Coompanion", "City of Seinäjoki"])
def test_a_partners_press_contact_is_read_in_its_releases_language(demo_archive, partner):
    doc = page(demo_archive, f"/-/partner/{partner}")
    [contacts] = doc.xpath("//section[@class='contacts']")
    [link] = contacts.xpath(".//a[starts-with(@href, '/-/article/')]")
    release = page(demo_archive, link.get("href"))
    headline = lang_of(release.xpath("//h1")[0])
    # As the release's own page reads its headline and its contacts (Coompanion's in Swedish).
    assert lang_of(link) == headline != ""
    assert partner != "Coompanion" or headline == "sv"
    assert {lang_of(li) for li in contacts.xpath(".//li")} == {
        lang_of(release.xpath("//section[@class='contacts']//li")[0])
    }


def test_the_tag_charts_links_are_no_links_inside_an_image_and_its_sentence_is_read(demo_archive):
    doc = page(demo_archive, "/-/tag/hope")
    [chart] = doc.xpath("//svg[@class='month-chart']")
    assert chart.get("role") is None and chart.get("aria-hidden") == "true"
    bars = chart.xpath(".//a")
    assert bars and all(a.get("tabindex") == "-1" for a in bars)  # hidden from a screen reader, no Tab stop either
    said = doc.xpath("//*[@id='chart-title']")[0]
    assert said.tag == "p" and "Releases mentioning HOPE project each month" in said.text_content()
    # Each month with releases is still one link away, in the list below the chart.
    listed = doc.xpath("//section[@class='chart']//details//a/@href")
    assert sorted(listed) == sorted(a.get("href") for a in bars)


@pytest.mark.parametrize(
    "path,status",
    [
        ("/-/article/999999", 404),
        ("/no-such-page", 404),
        ("/{db}", 200),
        ("/{db}/articles", 200),
        ("/{db}/articles/1", 200),
        ("/{db}?sql=select+1", 200),
        ("/", 200),
        ("/-/tag/hope", 200),
    ],
)
def test_every_page_has_one_main_that_its_first_link_skips_to(demo_archive, path, status):
    doc = page(demo_archive, path.format(db=demo_archive.stem), status)
    [main] = doc.xpath("//main")
    assert main.get("id") == "content"
    first = doc.xpath("//body//a[@href]")[0]
    assert first.get("href") == "#content" and first.text_content() == "Skip to the content"


def test_datasettes_articles_table_reads_a_releases_headline_and_text_in_its_language(demo_archive):
    doc = page(demo_archive, f"/{demo_archive.stem}/articles?_size=100")
    with sqlite3.connect(demo_archive) as conn:
        spoken = {
            str(i): (lang, json.loads(langs))
            for i, lang, langs in conn.execute("select id, language, languages from articles")
        }
    rows = doc.xpath("//table[contains(@class, 'rows-and-columns')]/tbody/tr")
    assert len(rows) == len(spoken)
    for tr in rows:
        [link] = tr.xpath("./td[contains(@class, 'col-title')]/a")
        lang, langs = spoken[link.get("href").rsplit("/", 1)[1]]
        [text] = tr.xpath("./td[contains(@class, 'col-text')]")
        if langs == [lang]:
            assert link.get("lang") == lang and [e.get("lang") for e in text.xpath("./*")] == [lang], (
                link.text_content()
            )
        else:  # a mixed release's headline may be in any of its languages: left to the page's
            assert link.get("lang") is None and not text.xpath(".//*[@lang]")
    assert {lang_of(tr.xpath("./td[contains(@class, 'col-title')]/a")[0]) for tr in rows} >= {"fi", "sv", "en"}


def test_a_tags_names_in_other_languages_are_read_in_them(demo_archive):
    doc = page(demo_archive, "/-/tag/hope")
    said = {dt.text_content(): dt.getnext() for dt in doc.xpath("//dl[@class='facts']/dt")}
    assert said["In Finnish"].text_content() == "HOPE-hanke" and lang_of(said["In Finnish"]) == "fi"
    assert said["In Swedish"].text_content() == "HOPE-projektet" and lang_of(said["In Swedish"]) == "sv"
    assert lang_of(said["In English"]) == "en"


def test_a_newsrooms_name_is_read_in_its_usual_language(demo_archive):
    with sqlite3.connect(demo_archive) as conn:
        sources = dict(conn.execute("select name, language from sources where partner = 'City of Seinäjoki'"))
    assert sources == {"Seinäjoen kaupunki: ajankohtaista": "fi"}  # (the demo's, as feeds.toml names it)
    partner = page(demo_archive, "/-/partner/City of Seinäjoki")
    [name] = partner.xpath("//section[@class='health']//h3")
    assert name.text_content() == "Seinäjoen kaupunki: ajankohtaista" and lang_of(name) == "fi"
    release = page(demo_archive, f"/-/article/{article_id(demo_archive, 'Toimintojen talo avaa ovensa nuorille')}")
    [source] = release.xpath("//dt[text()='Source']/following-sibling::dd[1]/span")
    assert source.text_content() == "Seinäjoen kaupunki: ajankohtaista" and lang_of(source) == "fi"


def test_a_newsroom_of_no_usual_language_keeps_the_pages_english(demo_archive, tmp_path):
    db = copy_archive(demo_archive, tmp_path / "unset.db")
    with sqlite3.connect(db) as conn:
        conn.execute("update sources set language = null where partner = 'City of Seinäjoki'")
    [name] = page(db, "/-/partner/City of Seinäjoki").xpath("//section[@class='health']//h3")
    assert name.get("lang") is None and lang_of(name) == "en"
