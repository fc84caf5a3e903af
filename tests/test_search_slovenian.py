"""Slovenian releases found in any case form (Maribor's releases: "projekt" finds "projekta", "projektom"), by the
rules of newsflow.slovenian, in the releases with Slovenian in them only."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import reading_room_get
from newsflow.archive import Archive
from newsflow.cli import cli
from newsflow.models import Article, Paragraph, Source
from newsflow.search import find_articles

RELEASES = [
    (
        "projekt",
        "Nadaljevanje projekta HOPE",
        "Mestna občina Maribor bo s projektom nadaljevala tudi v letu 2027.",
        "sl",
    ),
    ("mestu", "Odprtje v središču", "V mestu deluje deset socialnih podjetij, podpora občine je ključna.", "sl"),
    ("mestni", "Seja sveta", "Mestni svet je sprejel proračun za naslednje leto.", "sl"),
    ("podjetje", "Žuželka", "Obiskali smo prostore socialnega podjetja Žuželka v Derryju.", "sl"),
    ("hopi", "The Hopi nation", "A delegation of the Hopi nation visited the museum.", "en"),
    ("fi", "Hanke jatkuu", "Seinäjoen kaupunki jatkaa hanketta.", "fi"),
]


def archive_of(path: Path, releases: list[tuple[str, str, str, str]]) -> Path:
    """An archive at ``path`` of one-paragraph releases (slug, headline, text, language) of one source."""
    with Archive(path) as a:
        a.sync_sources([Source(id="s", name="News", kind="feed", url="https://example.org/feed", partner="P")])
        for slug, title, text, lang in releases:
            a.save_article(
                Article(
                    url=f"https://example.org/{slug}",
                    source_id="s",
                    title=title,
                    published="2026-12-04T10:00:00+01:00",
                    language=lang,
                    paragraphs=(Paragraph(text=text, language=lang),),
                )
            )
    return path


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return archive_of(tmp_path_factory.mktemp("sl") / "a.db", RELEASES)


def _found(db: Path, query: str) -> tuple[set[str], list[str]]:
    with Archive(db) as a:
        page = find_articles(a.db.conn, query)
    return {r["url"].rsplit("/", 1)[1] for r in page.rows}, [str(r.get("snippet", "")) for r in page.rows]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("projekt", {"projekt"}),  # "projekta", "projektom": nothing was found
        ("projektu", {"projekt"}),
        ("mesto", {"mestu"}),  # not "Mestni svet": municipal is no form of city
        ("občina", {"projekt", "mestu"}),  # "Mestna občina", "podpora občine"
        ("obcina", {"projekt", "mestu"}),  # typed without its accent: občine too
        ("podjetje", {"podjetje", "mestu"}),  # "podjetja", "podjetij"
        ('"socialno podjetje"', {"podjetje", "mestu"}),  # "socialnega podjetja", "socialnih podjetij"
        ("Mariboru", {"projekt"}),  # was "No matches"
        ("Derry", {"podjetje"}),  # "v Derryju"
        ("hope", {"projekt"}),  # not "Hopi": an English word, in no Slovenian release
        ("hanke", {"fi"}),  # Finnish as before
    ],
)
def test_a_slovenian_word_finds_its_forms(archive: Path, query: str, found: set[str]) -> None:
    assert _found(archive, query)[0] == found


def test_the_form_found_is_marked_and_not_said_to_be_a_spelling(archive: Path) -> None:
    _, snippets = _found(archive, "projekt")
    assert "[projektom]" in snippets[0]
    said = CliRunner().invoke(cli, ["search", "projekt", "--db", str(archive)])
    assert said.exit_code == 0, said.output
    assert "Nadaljevanje projekta HOPE" in said.output
    assert "with accents" not in said.output


def test_the_reading_room_finds_them_too(archive: Path) -> None:
    page = reading_room_get(archive, "/-/search?q=mesto")
    assert page.status_code == 200
    assert "Odprtje v središču" in page.text  # "V mestu"
    assert "Seja sveta" not in page.text  # "Mestni svet"
