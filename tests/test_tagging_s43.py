"""Session 43: forms of names found on passages written for it (benchmarks/data/tagging/written_s43.jsonl).

- "<place> City" in English for the council named "City of <place>" ("Seinäjoki City has joined ERNACT"), not in
  "Seinäjoki city centre" nor at the start of a longer name ("Seinäjoki City Theatre", "Maribor City Library");
- hashtags that glue words in CamelCase ("#FoyleCommunityWorkProgramme", "#CityOfSeinajoki", "#DerryStrabane"), and
  none where the words are no name ("#NoHopeWithoutAction", "#HopeStreet");
- a word-like acronym in lower case before a hyphen and a Finnish or Swedish word ("hope-hankkeen",
  "hope-projektet"), never before an English one ("hope-filled") nor in English text.
"""

from __future__ import annotations

import pytest

from newsflow.tagging import tag_text

SCORED = {"project", "programme", "practice", "organisation", "place"}


def ids(text: str, lang: str | None = None) -> set[str]:
    return {t.id for t in tag_text(text, lang) if t.kind in SCORED}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seinäjoki City has joined ERNACT.", {"seinajoki-city", "ernact"}),
        ("Youth workers from Seinäjoki City's youth services visited Derry.", {"seinajoki-city", "derry"}),
        ("SEINAJOKI CITY AND SEAMK SIGN AGREEMENT", {"seinajoki-city", "seamk"}),
        ("Gothenburg City has agreed to fund the follow-up.", {"goteborgs-stad"}),
        ("Maribor City and the council signed a memorandum.", {"maribor"}),
    ],
)
def test_place_city_is_the_city_organisation(text: str, expected: set[str]) -> None:
    assert ids(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Christmas market fills Seinäjoki city centre this weekend.", {"seinajoki"}),
        ("The orchestra plays at Seinäjoki City Theatre on Friday.", {"seinajoki"}),
        ("Runners took part in the Seinäjoki City Run.", {"seinajoki"}),
        ("Jobseekers met at Maribor City Library.", {"maribor-place"}),
        ("Derry City supporters are heading to Slovenia.", {"derry", "slovenia"}),  # no "City of Derry" in the taxonomy
    ],
)
def test_place_city_before_a_longer_name_or_in_lower_case_is_the_place(text: str, expected: set[str]) -> None:
    assert ids(text, "en") == expected


def test_the_council_form_still_wins_over_place_city() -> None:
    found = {t.id: [h.surface for h in t.evidence] for t in tag_text("Seinäjoki City Council approved it.", "en")}
    assert found == {"seinajoki-city": ["Seinäjoki City Council"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Proud to present the #FoyleCommunityWorkProgramme today!", {"foyle-community-work-programme"}),
        ("Thanks to the #CityOfSeinajoki and #CityOfMaribor!", {"seinajoki-city", "maribor"}),
        ("Great day with our partners from #DerryStrabane!", {"derry-strabane-area"}),
        ("Organisers thank #DerryAndStrabane for its support.", {"derry-strabane-area"}),
        ("#StrabaneRocks returns on Saturday.", {"strabane"}),
        ("Samarbetet med #VästraGötalandsregionen fortsätter.", {"vastra-gotalandsregionen"}),
        ("Kiitos #SeinäjoenKaupunki!", {"seinajoki-city"}),
    ],
)
def test_camel_case_hashtags_are_read_word_by_word(text: str, expected: set[str]) -> None:
    lang = "sv" if "Samarbetet" in text else "fi" if "Kiitos" in text else "en"
    assert ids(text, lang) == expected


def test_a_hashtag_mention_is_given_to_what_was_written() -> None:
    (found,) = tag_text("Next stop: #FoyleCommunityWorkProgramme", "en")
    (hit,) = found.evidence
    assert (hit.surface, hit.start, hit.end) == ("FoyleCommunityWorkProgramme", 12, 39)


@pytest.mark.parametrize(
    "text",
    [
        "#HopeNotHate and #NoHopeWithoutAction trended this week.",
        "Sunny day on #HopeStreet! #Hopeful #HighHopes",
    ],
)
def test_hashtags_with_the_word_hope_are_no_project(text: str) -> None:
    assert ids(text, "en") == set()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("hope-hankkeessa on tutustuttu hyviin käytäntöihin.", "fi"),
        ("kiitos kaikille hope-hankkeen loppujuhlaan osallistuneille!", "fi"),
        ("hope-kumppanit kokoontuivat syksyllä.", "fi"),
        ("flera deltagare i hope-projektet var med.", "sv"),
        ("Coompanion deltog i hope-projektets slutkonferens.", "sv"),
    ],
)
def test_lower_case_hope_before_a_finnish_or_swedish_word_is_the_project(text: str, lang: str) -> None:
    assert "hope" in ids(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("We enter the new year hope-filled and grateful.", "en"),
        ("The council's hope-based approach to youth work.", "en"),
        ("hope-hankkeen kuulumisia", "en"),  # a paragraph in English: the word's compounds only
        ("Nuorisokuoro laulaa kappaleen hope-filled days.", "fi"),
        ("Joukkue sai hopea-arvoisen palkinnon.", "fi"),
        ("we hope to see you there", "fi"),
    ],
)
def test_lower_case_hope_otherwise_is_the_word(text: str, lang: str) -> None:
    assert "hope" not in ids(text, lang)
