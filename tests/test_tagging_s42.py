"""Session 42: forms of names found on passages nobody tuned for (benchmarks/data/tagging/written_s42.jsonl).

- an acronym glued to lower-case letters takes a word, a Finnish ending or an "s", not the rest of another name that
  starts with it: "HKScan" (a food company) is no "HKS", "SeAMKin" and "ESFfinansierade" still are;
- an acronym that is no word, written in lower case before a hyphen ("esf-finansierade", "esr-hanke");
- a one-word name not given in Swedish, as Swedish closes it into a compound ("Coompanionsföreningarna");
- a word broken with a hyphen at a line's end ("Seinä-" / "joen kaupunki"), as PDFs and print layouts break it;
- a social handle is its name ("@SeAMK"); an e-mail address still is not.
"""

from __future__ import annotations

import pytest

from newsflow.models import Article, Paragraph
from newsflow.tagging import default_tags, tag_article, tag_text


def ids(text: str, lang: str | None = None) -> set[str]:
    return {t.id for t in tag_text(text, lang)}


@pytest.mark.parametrize(
    "text",
    [
        "HKScan ja Atria investoivat Seinäjoella.",
        "HKScanin tehdas Seinäjoella laajenee.",
        "Elintarvikeyhtiö HKScan kutsui Seinäjoen koululaiset vierailulle.",
    ],
)
def test_another_name_that_starts_with_an_acronym_is_not_the_acronym(text: str) -> None:
    assert "healthy-kids-of-seinajoki" not in ids(text, "fi")


@pytest.mark.parametrize(
    "text,tag",
    [
        ("Seinäjoen HKS:n ja HKSn väki kokoontui.", "healthy-kids-of-seinajoki"),
        ("Tervetuloa SeAMKin kampukselle!", "seamk"),
        ("SeAMKissa opiskelee 5 000 nuorta.", "seamk"),
        ("Projektet är ESFfinansierat.", "esf"),
        ("Follow #HOPEproject for news.", "hope"),
        ("Seinäjoen HKSlle myönnettiin tukea.", "healthy-kids-of-seinajoki"),
        ("BRGs nya satsning på sociala företag i Göteborg.", "business-region-goteborg"),
    ],
)
def test_glued_acronyms_still_found(text: str, tag: str) -> None:
    assert tag in ids(text)


@pytest.mark.parametrize(
    "text,lang,tag",
    [
        ("vi söker en projektledare till vårt esf-finansierade projekt.", "sv", "esf"),
        ("uusi esr-hanke alkaa syksyllä", "fi", "esf"),
        ("kiitos seamk-opiskelijoille ja coompanionille!", "fi", "seamk"),
    ],
)
def test_an_acronym_that_is_no_word_in_lower_case_before_a_hyphen(text: str, lang: str, tag: str) -> None:
    assert tag in ids(text, lang)


@pytest.mark.parametrize("text", ["a hope-filled year for everyone", "we mom-and-pop shops", "the esf grant"])
def test_lower_case_words_and_bare_lower_case_acronyms_are_no_names(text: str) -> None:
    assert not ids(text, "en") & {"hope", "maribor", "esf"}


@pytest.mark.parametrize(
    "text,lang,tag",
    [
        ("Coompanionsföreningarna samlas i Stockholm.", "sv", "coompanion"),
        ("Landets 25 Coompanionsföreningar träffas.", "sv", "coompanion"),
        ("Coompanionkontoret håller stängt i juli.", None, "coompanion"),
        ("Mariborprojektet fortsätter.", "sv", "maribor-place"),
    ],
)
def test_a_name_not_given_in_swedish_in_a_swedish_compound(text: str, lang: str | None, tag: str) -> None:
    assert tag in ids(text, lang)


def test_the_swedish_compound_is_not_looked_for_in_other_languages_nor_on_short_names() -> None:
    assert "coompanion" not in ids("Coompanionkontoret", "fi")  # (Finnish writes "Coompanion-toimisto")
    assert "derry" not in ids("Derrylin och Derrybeg är andra orter.", "sv")
    assert "coompanion" in ids("Coompanions rådgivare hjälper till.", "sv")  # the genitive, as before


@pytest.mark.parametrize(
    "text,expected,not_expected",
    [
        ("Hankkeen päätoteuttaja on Seinä-\njoen kaupunki.", "seinajoki-city", "seinajoki"),
        ("Osatoteuttajana toimii Seinäjoen ammatti-\nkorkeakoulu.", "seamk", "seinajoki"),
        ("Tapaaminen pidetään Seinä-\njoella ensi viikolla.", "seinajoki", ""),
        ("Rahoittajana on Euroopan sosiaali-\nrahasto ja kaupunki.", "esf", ""),
        ("The study visit was to Derry City and Strabane Dis-\ntrict Council offices.", "derry-strabane", "derry"),
    ],
)
def test_a_word_broken_with_a_hyphen_at_a_lines_end(text: str, expected: str, not_expected: str) -> None:
    found = ids(text)
    assert expected in found
    assert not_expected not in found


def test_a_broken_word_in_an_article_of_paragraphs() -> None:
    article = Article(
        url="https://example.org/1",
        title="Uusi hanke",
        language="fi",
        paragraphs=(
            Paragraph(text="Hankkeen päätoteuttaja on Seinä-", language="fi"),
            Paragraph(text="joen kaupunki, ja mukana on myös Etelä-", language="fi"),
            Paragraph(text="Pohjanmaan liitto.", language="fi"),
        ),
    )
    tags = {h.tag_id for h in tag_article(article, default_tags()).tags}
    assert {"seinajoki-city", "south-ostrobothnia-council"} <= tags
    assert "seinajoki" not in tags


def test_a_hyphen_of_the_name_at_a_lines_end_stays_the_names() -> None:
    assert "hope" in ids("HOPE-\nhankkeen tulokset esiteltiin.", "fi")
    assert "south-ostrobothnia" in ids("Tapahtuma järjestetään Etelä-\nPohjanmaalla.", "fi")


@pytest.mark.parametrize(
    "text,tag", [("Great to welcome colleagues from @SeAMK today!", "seamk"), ("Kiitos @ERNACT_EU!", "ernact")]
)
def test_a_social_handle_is_its_name(text: str, tag: str) -> None:
    assert tag in ids(text)


@pytest.mark.parametrize(
    "text", ["Kirjoita osoitteeseen info@SeAMK.fi", "Write to hope@ERNACT.eu", "yhteys: toimintojentalo@seinajoki.fi"]
)
def test_an_e_mail_address_is_still_no_name(text: str) -> None:
    assert not ids(text)
