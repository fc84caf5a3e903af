"""Session 41: a name given in Slovenian (names.sl) found in its case forms, each word as slovenian.same_word tells.

"socialno podjetje" is written "socialnega podjetja", "socialnemu podjetju", "socialnih podjetij"; "Mestna občina
Maribor" is "Mestni občini Maribor". A word derived from a name's word is another word ("mestni" of "mesto", "svetnik"
of "svet"), and a short word is not every word that starts with it. The case forms are looked for in Slovenian text
and text of no known language; elsewhere a Slovenian name is found as written.
"""

from __future__ import annotations

import pytest

from newsflow.config import Tag
from newsflow.models import Article, Paragraph
from newsflow.tagging import tag_article, tag_text


def found(text: str, lang: str | None, taxonomy: object = None) -> dict[str, list[str]]:
    return {t.id: [h.surface for h in t.evidence] for t in tag_text(text, lang, taxonomy)}


def sl_tag(*names: str) -> tuple[Tag, ...]:
    return (Tag(id="t", kind="topic", name="Test", names=(("sl", names),)),)


@pytest.mark.parametrize(
    "text,surface",
    [
        ("Razpis za spodbujanje socialnega podjetništva je odprt.", "socialnega podjetništva"),
        ("Občina bo pomagala socialnemu podjetju pri zaposlovanju.", "socialnemu podjetju"),
        ("V Mariboru deluje vedno več socialnih podjetij.", "socialnih podjetij"),
        ("Srečanje je bilo posvečeno socialni ekonomiji.", "socialni ekonomiji"),
        ("Podpora socialnemu gospodarstvu na lokalni ravni.", "socialnemu gospodarstvu"),
        ("Socialnim podjetnikom bo na voljo svetovanje.", "Socialnim podjetnikom"),
    ],
)
def test_the_shipped_slovenian_names_of_social_economy_in_their_case_forms(text: str, surface: str) -> None:
    assert found(text, "sl").get("social-economy") == [surface]


@pytest.mark.parametrize(
    "text,tag,surface",
    [
        (
            "Na Evropskem tednu regij in mest je Maribor predstavil svoje projekte.",
            "ewrc",
            "Evropskem tednu regij in mest",
        ),
        ("Cilji evropskega zelenega dogovora so zahtevni.", "green-deal", "evropskega zelenega dogovora"),
        ("Projekt spodbuja socialno vključevanje mladih.", "social-inclusion", "socialno vključevanje"),
        ("Horizontalne politike za vključujoče družbe.", "social-inclusion", "vključujoče družbe"),
        ("Predstavniki Mestne občine Maribor so obiskali Seinäjoki.", "maribor", "Mestne občine Maribor"),
        ("Na Mestni občini Maribor so povedali.", "maribor", "Mestni občini Maribor"),
        ("S Kooperativo Dame sodelujemo že dve leti.", "cooperative-ladies", "Kooperativo Dame"),
    ],
)
def test_the_shipped_slovenian_names_in_their_case_forms(text: str, tag: str, surface: str) -> None:
    assert surface in found(text, "sl").get(tag, [])


@pytest.mark.parametrize(
    "text",
    [
        "Socialno odgovorno podjetje mora skrbeti za zaposlene.",  # another word between: a responsible company
        "Družbeno odgovorno podjetje in socialno varstvo.",
        "Socialni delavci Centra za socialno delo so opozorili na revščino.",
        "Ženske podjetnice: podjetništvo med mladimi raste.",  # "podjetništvo" alone
    ],
)
def test_no_social_economy_in_other_phrases(text: str) -> None:
    assert "social-economy" not in found(text, "sl")


def test_a_derived_word_is_no_form_of_the_names_word() -> None:
    taxonomy = sl_tag("mesto")
    assert found("Življenje v mestu in mesta ob reki.", "sl", taxonomy) == {"t": ["mestu", "mesta"]}
    assert found("Mestni svet je sprejel mestno uredbo.", "sl", taxonomy) == {}


def test_a_short_word_is_not_every_word_that_starts_with_it() -> None:
    taxonomy = sl_tag("svet")
    assert found("Seja sveta in odlok svetu.", "sl", taxonomy) == {"t": ["sveta", "svetu"]}
    assert found("Svetnik je ponudil svetovanje po svetlobi.", "sl", taxonomy) == {}
    assert found("Dam je šel domov.", "sl", sl_tag("Kooperativa Dame", "Dame")) == {}  # three letters: only itself


def test_the_case_forms_are_looked_for_in_slovenian_text_and_text_of_no_known_language() -> None:
    text = "Razvoj socialnega podjetništva."
    assert "social-economy" in found(text, "sl")
    assert "social-economy" in found(text, None)  # (tag_text's "und")
    assert "social-economy" in found(text, "hr")
    assert "social-economy" not in found(text, "en")
    assert "social-economy" not in found(text, "fi")
    # as written, a Slovenian name is found in any language's text
    assert found("The office of Mestna občina Maribor opened.", "en").get("maribor") == ["Mestna občina Maribor"]
    assert "maribor" not in found("The office of Mestne občine Maribor opened.", "en")


def test_an_article_finds_the_case_forms_in_its_slovenian_paragraphs_only() -> None:
    article = Article(
        url="https://example.org/1",
        title="Social enterprises",
        language="en",
        paragraphs=(
            Paragraph(text="Razvoj socialnega podjetništva v Podravju.", language="sl"),
            Paragraph(text="Mestne občine Maribor is quoted here in an English paragraph.", language="en"),
        ),
    )
    hits = tag_article(article, sl_tag("socialno podjetništvo", "Mestna občina Maribor")).tags
    assert [(h.surface, h.paragraph) for h in hits] == [("socialnega podjetništva", 0)]


def test_every_word_of_the_name_must_be_a_form_of_its_word() -> None:
    taxonomy = sl_tag("socialno podjetje")
    assert found("socialnega podjetnika", "sl", taxonomy) == {}  # "podjetnik" is derived from "podjetje"
    assert found("socialnega podjetja", "sl", taxonomy) == {"t": ["socialnega podjetja"]}
    assert found("S socialnimi podjetji in socialno podjetje.", "sl", taxonomy) == {
        "t": ["socialnimi podjetji", "socialno podjetje"]
    }


def test_a_match_that_is_no_form_gives_way_to_one_starting_inside_it() -> None:
    taxonomy = sl_tag("mesto mesto")  # (contrived: the second word of the first pair is the first of a good one)
    assert found("mestni mesto mestu", "sl", taxonomy) == {"t": ["mesto mestu"]}


def test_a_name_starting_with_a_number_and_a_name_before_a_hyphen_suffix() -> None:
    assert found("Projekt s 1000 zaposlitvami.", "sl", sl_tag("1000 zaposlitev")) == {"t": ["1000 zaposlitvami"]}
    assert found("Predstavitev Kooperative Dame-projekta.", "sl", sl_tag("Kooperativa Dame")) == {
        "t": ["Kooperative Dame-projekta"]
    }
    assert found("Kooperativa Dame-projekt.", "en", sl_tag("Kooperativa Dame")) == {"t": ["Kooperativa Dame-projekt"]}
