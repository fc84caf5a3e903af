"""Per-paragraph and per-document language, on the seeds."""

from __future__ import annotations

import subprocess

import pytest
import sys

from conftest import SEEDS
from newsflow.language import detect, detect_language, label_article
from newsflow.models import Article, Paragraph


def seed_article(name: str) -> Article:
    text = (SEEDS / name).read_text(encoding="utf-8")
    paras = [line.strip(" •\t") for line in text.splitlines() if line.strip()]
    return Article(url="x", title=paras[0], paragraphs=tuple(Paragraph(p) for p in paras[1:]))


def test_detect_three_languages_and_others():
    assert detect("Seinäjoen kaupunki on mukana työllisyyden kuntakokeilussa.") == "fi"
    assert detect("Projektet finansieras av Europeiska socialfonden och drivs av Coompanion.") == "sv"
    assert detect("The partnership is formed by four partners from three countries.") == "en"
    assert detect("Das Projekt wird von der Europäischen Union gefördert und geleitet.") == "de"
    assert detect("42 !!") == "und" and detect("") == "und"


def test_detection_is_deterministic_across_processes():
    text = "Tiedote englanniksi: HOPE"
    code = "from newsflow.language import detect_language; print(detect_language(%r))" % text
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout for _ in range(3)}
    assert len(outputs) == 1 and outputs == {str(detect_language(text)) + "\n"}


def test_seinajoki_seed_is_mixed_finnish_and_english():
    a = label_article(seed_article("seinajoki-hope-fi-en.txt"))
    assert a.mixed and set(a.languages) == {"fi", "en"}
    labels = [p.language for p in a.paragraphs]
    assert labels[:2] == ["fi", "fi"]  # the Finnish release
    english = a.paragraphs[3:]
    assert all(p.language == "en" for p in english), [(p.text[:30], p.language) for p in english if p.language != "en"]


def test_coompanion_seed_is_swedish_and_not_mixed():
    a = label_article(seed_article("coompanion-1000-jobb-sv.txt"))
    assert a.language == "sv" and not a.mixed


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Eesti Vabariigi valitsus kiitis heaks uue tööhõive programmi.", "et"),
        ("Regjeringen la fram en ny plan for sysselsetting i kommunene.", "no"),
        ("Regeringen fremlagde en ny plan for beskæftigelse i kommunerne.", "da"),
        ("Die Stadtverwaltung hat heute ein neues Beschäftigungsprogramm vorgestellt.", "de"),
        ("Mestna občina Maribor je predstavila nov program zaposlovanja.", "sl"),
    ],
)
def test_close_neighbours_are_other_languages_not_finnish_or_swedish(text, lang):
    assert detect(text) == lang


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Hanke alkaa syksyllä.", "fi"),
        ("Projektet startar i höst.", "sv"),
        ("The project starts this autumn.", "en"),
        ("Analyst Team 2: Coach: Doug Sewell", "en"),
    ],
)
def test_short_texts(text, lang):
    assert detect(text) == lang


def test_declared_language_is_evidence_not_truth():
    # A confident paragraph keeps its own language, whatever the page declares.
    assert detect_language("Seinäjoen kaupunki on mukana työllisyyden kuntakokeilussa.", hint="en")[0] == "fi"
    assert detect_language("The partnership is formed by four partners from three countries.", hint="sv")[0] == "en"
    # A contact line says little: the detectors are unsure, and the page's language decides it
    # when the detectors find that language likely at all.
    text = "Kontakt: Anna Lindqvist"
    plain = detect_language(text)
    assert plain[0] != "sv" and plain[1] < 0.5
    assert detect_language(text, hint="sv-SE")[0] == "sv"
    assert detect_language(text, hint="ja")[0] == plain[0]  # an unlikely declaration changes nothing


def test_urls_and_addresses_carry_no_language():
    assert detect("https://www.seinajoki.fi/uutiset/ etunimi.sukunimi@seinajoki.fi") == "und"
