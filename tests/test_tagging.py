"""Tags in inflected Finnish and Swedish, and the traps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SEEDS
from newsflow.config import Tag, default_config
from newsflow.models import Article, Paragraph
from newsflow.tagging import tag_article, tag_text


def ids(text: str, **kw) -> set[str]:
    return {t.id for t in tag_text(text, **kw)}


@pytest.mark.parametrize(
    "text,tag,surface",
    [
        ("Seinäjoen kaupungilla on uusi strategia.", "seinajoki-city", "Seinäjoen kaupungilla"),
        ("Hanke tukee Healthy Kids of Seinäjokea.", "healthy-kids-of-seinajoki", "Healthy Kids of Seinäjokea"),
        ("SeAMKin opiskelijat osallistuivat.", "seamk", "SeAMKin"),
        ("Rahoitus haettiin CIP:lle.", "cip", "CIP:lle"),
        ("Seinäjoki on mukana HOPE-hankkeessa.", "hope", "HOPE-hankkeessa"),
        ("Rahoitus tulee COSME-ohjelman kautta.", "cosme", "COSME-ohjelman"),
        ("Healthy Kids of Seinäjoki -malli esiteltiin.", "healthy-kids-model", "Healthy Kids of Seinäjoki -malli"),
        ("Healthy Kids of Seinäjoki -mallissa on kolme osaa.", "healthy-kids-model", "Healthy Kids of Seinäjoki -mallissa"),
        ("Staden deltar i kommunförsöket.", "employment-pilot", "kommunförsöket"),
        ("Det är Coompanions uppdrag.", "coompanion", "Coompanions"),
        ("Med ESF:s stöd.", "esf", "ESF:s"),
        ("Projektet fick ESF-stöd.", "esf", "ESF-stöd"),
        ("Hela 1000-jobb-projektet drivs av Coompanion.", "1000-jobb", "1000-jobb-projektet"),
        ("Hela 1 000 jobb-projektet drivs av Coompanion.", "1000-jobb", "1 000 jobb-projektet"),
        ("Hanke saa tukea Euroopan sosiaalirahastosta.", "esf", "Euroopan sosiaalirahastosta"),
        ("ESR-rahoitteinen hanke.", "esf", "ESR-rahoitteinen"),
        ("Projektet finansieras av Europeiska socialfonden.", "esf", "Europeiska socialfonden"),
        ("Nuoret kokoontuvat Toimintojen talossa.", "house-of-actions", "Toimintojen talossa"),
        ("The House of Actions opened.", "house-of-actions", "House of Actions"),
        ("SocioLab in Maribor.", "sociolab", "SocioLab"),
        ("Derry & Strabane District Council hosted.", "derry-strabane", "Derry & Strabane District Council"),
        ("Derry and Strabane District Council hosted.", "derry-strabane", "Derry and Strabane District Council"),
        ("Yhteistyökaupungit tulevat Pohjois-Irlannista.", "northern-ireland", "Pohjois-Irlannista"),
        ("Seinäjoelle haetaan oppia yhteiskunnallisesta yrittäjyydestä.", "social-economy", "yhteiskunnallisesta yrittäjyydestä"),
    ],
)
def test_inflected_forms_are_tagged(text, tag, surface):
    found = [t for t in tag_text(text) if t.id == tag]
    assert found, f"{tag} not found in {text!r}"
    hit = found[0].evidence[0]
    assert hit.surface == surface
    assert text[hit.start : hit.end] == surface
    assert found[0]["kind"] == found[0].kind and found[0].name


@pytest.mark.parametrize(
    "text,tag",
    [
        ("Projektet HOP startar i höst.", "hope"),
        ("We hope the weather holds.", "hope"),
        ("Hope springs eternal.", "hope"),
        ("HOPEFUL results.", "hope"),
        ("Skriv till hope@hopeproject-cosme.eu eller info@coompanion.se.", "hope"),
        ("Se https://hopeproject-cosme.eu/HOPE/GoodPractices och www.coompanion.se/ESF", "hope"),
        ("Se https://hopeproject-cosme.eu/HOPE/GoodPractices och www.coompanion.se/ESF", "esf"),
        ("Regeringen lovar 1000 jobb i ett nytt program för landsbygden.", "1000-jobb"),
        ("Talous kasvoi Toimintojen taloudessa.", "house-of-actions"),
    ],
)
def test_traps_are_not_tagged(text, tag):
    assert tag not in ids(text)


def test_seed_releases_get_their_tags_with_evidence():
    fi_en = (SEEDS / "seinajoki-hope-fi-en.txt").read_text(encoding="utf-8")
    found = ids(fi_en)
    assert {"hope", "cosme", "seinajoki-city", "employment-pilot", "maribor", "derry-strabane", "ernact", "seamk",
            "house-of-actions", "y-zone", "inclusive-growth-strategy", "foyle-community-work-programme",
            "work-try-outs", "cooperative-ladies", "healthy-kids-model", "healthy-kids-platform", "sociolab",
            "case-management", "multi-professional-collaboration", "european-commission"} <= found
    sv = (SEEDS / "coompanion-1000-jobb-sv.txt").read_text(encoding="utf-8")
    assert {"1000-jobb", "coompanion", "esf", "pes-group", "ewrc", "tillvaxtverket", "vastra-gotalandsregionen",
            "business-region-goteborg", "le-mat-jonsered", "gothenburg", "brussels"} <= ids(sv)


def test_every_default_tag_has_a_known_parent_and_matches_its_own_names():
    tags = default_config().tags
    for t in tags:
        for _lang, name in t.all_names():
            assert t.id in ids(f"Tässä: {name}.", taxonomy=[t]) or t.context, (t.id, name)


def test_context_words_gate_ambiguous_names():
    tag = Tag(id="p", kind="project", name="Growth", context=("Maribor",))
    assert ids("Growth is good.", taxonomy=[tag]) == set()
    assert ids("Growth is good in Maribor.", taxonomy=[tag]) == {"p"}


def test_article_tags_cover_title_text_and_translation_with_paragraph_offsets():
    a = Article(url="x", title="HOPE-hankkeen tulokset", language="fi", paragraphs=(
        Paragraph("Ensimmäinen kappale ilman nimiä.", language="fi"),
        Paragraph("Tuki tulee Euroopan sosiaalirahastosta.", language="fi", translation="Support comes from the European Social Fund."),
    ))
    hits = tag_article(a, default_config().tags).tags
    by = {(h.tag_id, h.field): h for h in hits}
    assert by[("hope", "title")].paragraph == -1
    esf = by[("esf", "text")]
    assert (esf.paragraph, esf.language, esf.surface) == (1, "fi", "Euroopan sosiaalirahastosta")
    assert by[("esf", "translation")].language == "en"


def test_tag_text_returns_each_tag_once_with_all_its_evidence():
    text = "HOPE-hanke alkoi.\nSeinäjoki johtaa HOPE-hanketta ja Coompanion seuraa.\nhttps://hopeproject-cosme.eu/HOPE"
    found = {t.id: t for t in tag_text(text, language="fi")}
    hope = found["hope"]
    assert (hope.name, hope.kind, hope.parent) == ("HOPE project", "project", "")
    assert [(h.paragraph, h.surface, h.language) for h in hope.evidence] == [(0, "HOPE-hanke", "fi"), (1, "HOPE-hanketta", "fi")]
    assert hope.confidence == 1.0 and hope.evidence[1].confidence == 0.9  # exact name; inflected form
    practice = tag_text("Toimintojen talossa")[0]
    assert (practice.id, practice.kind, practice.parent) == ("house-of-actions", "practice", "hope")


def test_retag_applies_an_edited_taxonomy_to_the_whole_archive(tmp_path):
    from click.testing import CliRunner

    from newsflow.cli import cli
    import sqlite_utils

    db_path = tmp_path / "a.db"
    assert CliRunner().invoke(cli, ["demo", "--db", str(db_path), "--port", "0"]).exit_code == 0
    root = Path(__file__).resolve().parents[1]
    edited = (root / "feeds.toml").read_text(encoding="utf-8")
    edited = edited.replace('id = "ewrc"', 'id = "ewrc-removed"')  # a tag renamed
    edited += '\n[[tags]]\nid = "kooperativ"\nkind = "topic"\nname = "Cooperatives"\nnames.sv = ["kooperativ"]\n'
    config = tmp_path / "feeds.toml"
    config.write_text(edited, encoding="utf-8")
    result = CliRunner().invoke(cli, ["retag", "--config", str(config), "--db", str(db_path)])
    assert result.exit_code == 0 and "Retagged 10 article(s)" in result.output
    db = sqlite_utils.Database(db_path)
    tagged = {r["tag_id"] for r in db["article_tags"].rows}
    assert "kooperativ" in tagged and "ewrc-removed" in tagged and "ewrc" not in tagged
    assert "ewrc" not in {r["id"] for r in db["tags"].rows}
    coompanion = next(db.query("select tags from articles where title like 'Göteborgsprojektet%'"))
    assert "kooperativ" in json.loads(coompanion["tags"])


def test_tags_suggest_lists_names_missing_from_the_taxonomy(tmp_path):
    from click.testing import CliRunner

    from newsflow.archive import Archive
    from newsflow.cli import cli
    from newsflow.models import Article, Paragraph

    db_path = tmp_path / "a.db"
    with Archive(db_path) as archive:
        for i, text in enumerate(["Seinäjoki aloittaa NuorisoTakuu-hankkeen. HOPE-hanke jatkuu.",
                                  "NuorisoTakuu-hankkeessa on mukana 20 nuorta.",
                                  "The Maribor Green Jobs programme started. We hope it works."]):
            archive.save_article(Article(url=f"https://e.fi/{i}", title=f"Uutinen {i}", paragraphs=(Paragraph(text),)))
    result = CliRunner().invoke(cli, ["tags", "suggest", "--db", str(db_path), "--json"])
    suggestions = {s["name"]: s for s in json.loads(result.stdout)}
    assert set(suggestions) == {"NuorisoTakuu", "Maribor Green Jobs"}
    assert suggestions["NuorisoTakuu"]["articles"] == 2 and suggestions["Maribor Green Jobs"]["kind"] == "programme"
    assert "NuorisoTakuu-hankkeessa on mukana 20 nuorta." in suggestions["NuorisoTakuu"]["examples"]


def test_taxonomy_can_be_given_as_feeds_toml_tables_or_a_file(tmp_path):
    tables = [{"id": "hop", "kind": "project", "name": "HOP", "names": {"sv": ["HOP-projektet"]}}]
    assert [t.id for t in tag_text("Vi startar HOP-projektet nu, inte HOPE.", taxonomy=tables)] == ["hop"]
    path = tmp_path / "feeds.toml"
    path.write_text('[[tags]]\nid = "hop"\nkind = "project"\nname = "HOP"\n', encoding="utf-8")
    assert [t.id for t in tag_text("HOP:s resultat", taxonomy=path)] == ["hop"]
    with pytest.raises(ValueError, match="kind"):
        tag_text("x", taxonomy=[{"id": "bad", "kind": "nonsense", "name": "Bad"}])
