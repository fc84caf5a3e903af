"""Translation through the real code path, with tiny real Argos packages built by the tests."""

from __future__ import annotations

import json
import zipfile

import pytest
import sqlite_utils
from click.testing import CliRunner

from newsflow.cli import cli
from newsflow.config import Settings
from newsflow.language import label_article
from newsflow.models import Article, Paragraph
from newsflow.translate import (
    CTranslate2Engine, TranslateError, Translator, find_packages, install_package, package_dirs, split_sentences,
    translate_article,
)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Hanke alkaa esim. Seinäjoella. Se päättyy 2022.", ["Hanke alkaa esim. Seinäjoella.", "Se päättyy 2022."]),
        ("Tilaisuus alkaa klo 10.30 ja päättyy klo 12. Tervetuloa!", ["Tilaisuus alkaa klo 10.30 ja päättyy klo 12.", "Tervetuloa!"]),
        ("Mukana on mm. SeAMK ym. Lisäksi kaupunki.", ["Mukana on mm. SeAMK ym. Lisäksi kaupunki."]),
        ("Det gäller t.ex. Göteborg och bl.a. Borås. Sedan Malmö.", ["Det gäller t.ex. Göteborg och bl.a. Borås.", "Sedan Malmö."]),
        ("Julkaistu 10.5.2021. Uusi kappale.", ["Julkaistu 10.5.2021.", "Uusi kappale."]),
        ("1. House of Actions (Finland)", ["1. House of Actions (Finland)"]),
        ("It works, e.g. in Derry. Does it? Yes!", ["It works, e.g. in Derry.", "Does it?", "Yes!"]),
    ],
)
def test_sentence_splitter(text, expected):
    assert split_sentences(text) == expected


def test_install_and_translate_exactly(packages, tmp_path):
    pkg = install_package(packages["fi_en"], tmp_path)
    assert (pkg.from_code, pkg.to_code, pkg.version) == ("fi", "en", "1.0")
    translator = Translator(find_packages([tmp_path]), CTranslate2Engine(beam_size=1))
    out, provenance = translator.translate_texts(
        ["Seinäjoen kaupunki on mukana hankkeessa. Kaupunki valmistautuu klo 10.30.", "https://www.seinajoki.fi"], "fi", "en")
    assert out == ["Seinäjoen city on mukana project. City valmistautuu klo 10.30.", "https://www.seinajoki.fi"]
    assert provenance == "ctranslate2: tiny fi-en@1.0"


def test_mixed_article_translates_only_the_finnish_paragraphs(packages, tmp_path):
    install_package(packages["fi_en"], tmp_path)
    translator = Translator(find_packages([tmp_path]))
    article = label_article(Article(url="x", paragraphs=(
        Paragraph("Seinäjoen kaupunki on mukana työllisyyden kuntakokeilussa ja kansainvälisessä hankkeessa."),
        Paragraph("Tiedote englanniksi:"),
        Paragraph("The partnership is formed by four partners from three countries in Europe."),
    )))
    assert article.mixed and [p.language for p in article.paragraphs] == ["fi", "fi", "en"]
    done = translate_article(article, translator, "en")
    assert done.translation_status == "done"
    assert done.paragraphs[0].translation == "Seinäjoen city on mukana työllisyyden kuntakokeilussa ja kansainvälisessä project."
    assert done.paragraphs[1].translation == "Tiedote englanniksi:"
    assert done.paragraphs[2].translation is None
    assert done.translation.splitlines()[2] == article.paragraphs[2].text
    assert translator.engine.calls == 1  # both Finnish paragraphs in one batch


def test_pivot_through_english_and_missing_pairs(packages, tmp_path):
    for name in ("sv_en", "en_fi"):
        install_package(packages[name], tmp_path)
    translator = Translator(find_packages([tmp_path]))
    route = translator.route("sv", "fi")
    assert [(p.from_code, p.to_code) for p in route] == [("sv", "en"), ("en", "fi")]
    out, provenance = translator.translate_texts(["Vi driver projektet i Göteborg."], "sv", "fi")
    assert out == ["Vi driver the hanke i Göteborg."]
    assert "→" in provenance
    assert translator.route("fi", "sv") is None
    with pytest.raises(TranslateError, match="no model installed for fi → sv"):
        translator.translate_texts(["Hei"], "fi", "sv")
    pending = translate_article(Article(url="x", paragraphs=(Paragraph("Hei maailma", language="fi"),)), translator, "sv")
    assert pending.translation_status == "pending" and pending.translation_note == "no model installed for fi→sv"


def test_bad_packages_are_refused_and_stray_folders_ignored(packages, tmp_path):
    flat = tmp_path / "flat.argosmodel"
    with zipfile.ZipFile(packages["fi_en"]) as src, zipfile.ZipFile(flat, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename.split("/", 1)[1] or "x", src.read(info)) if "/" in info.filename else None
    with pytest.raises(TranslateError, match="one top-level folder"):
        install_package(flat, tmp_path / "m")
    not_zip = tmp_path / "x.argosmodel"
    not_zip.write_text("hello")
    with pytest.raises(TranslateError, match="not an Argos package"):
        install_package(not_zip, tmp_path / "m")
    models = tmp_path / "m2"
    install_package(packages["fi_en"], models)
    (models / "stray").mkdir()
    (models / "stray" / "notes.txt").write_text("x")
    assert [p.from_code for p in find_packages([models])] == ["fi"]


def test_newer_version_of_a_pair_wins(packages, tmp_path):
    from tinymodel import build_package

    newer = build_package(tmp_path / "build", "fi", "en", {"kaupunki": "town"}, version="1.2")
    install_package(packages["fi_en"], tmp_path / "m")
    install_package(newer, tmp_path / "m")
    translator = Translator(find_packages([tmp_path / "m"]))
    assert translator.route("fi", "en")[0].version == "1.2"
    assert translator.translate_texts(["Seinäjoen kaupunki."], "fi", "en")[0] == ["Seinäjoen town."]


def test_models_are_found_in_argostranslates_folder(packages, tmp_path, monkeypatch):
    argos = tmp_path / "argos"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(argos))
    install_package(packages["sv_en"], argos)
    assert [p.from_code for p in find_packages(package_dirs(Settings()))] == ["sv"]


def test_demo_with_models_installed_translates_and_labels_machine_translation(packages, tmp_path):
    runner = CliRunner()
    for name in ("fi_en", "sv_en"):
        result = runner.invoke(cli, ["models", "install", str(packages[name])])
        assert result.exit_code == 0, result.output
    listed = runner.invoke(cli, ["models", "list"])
    assert "fi → en" in listed.output and "sv → en" in listed.output
    db_path = tmp_path / "a.db"
    result = runner.invoke(cli, ["demo", "--db", str(db_path), "--port", "0"])
    assert result.exit_code == 0, result.output
    assert "Translation pending" not in result.output
    db = sqlite_utils.Database(db_path)
    rows = list(db["articles"].rows)
    for row in rows:
        assert row["translation_status"] == ("not_needed" if row["language"] == "en" and not row["mixed"] else "done"), row["title"]
    seed = next(r for r in rows if r["mixed"])
    translated = list(db.query("select * from translations where article_id = ?", [seed["id"]]))
    assert {t["source_language"] for t in translated} == {"fi"} and all(t["machine"] == 1 for t in translated)
    assert all("tiny fi-en@1.0" in t["provenance"] for t in translated)
    sv = next(r for r in rows if r["title"].startswith("Göteborgsprojektet"))
    assert "the project" in sv["translation"] and sv["translation_provenance"] == "ctranslate2: tiny sv-en@1.0"


def test_translate_backfills_what_was_pending(packages, tmp_path):
    runner = CliRunner()
    db_path = tmp_path / "a.db"
    assert runner.invoke(cli, ["demo", "--db", str(db_path), "--port", "0"]).exit_code == 0
    db = sqlite_utils.Database(db_path)
    assert db.execute("select count(*) from articles where translation_status = 'pending'").fetchone()[0] == 7
    runner.invoke(cli, ["models", "install", str(packages["fi_en"])])
    result = runner.invoke(cli, ["translate", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "3 article(s) translated" in result.output and "4 still pending: no model installed for sv→en (4)" in result.output
    statuses = dict(db.execute("select language, group_concat(distinct translation_status) from articles where language != 'en' group by language").fetchall())
    assert statuses == {"fi": "done", "sv": "pending"}
    hits = db.execute("""select count(*) from article_tags, json_each(article_tags.evidence) e
                         where json_extract(e.value, '$.field') = 'translation'""").fetchone()[0]
    assert hits > 0  # the translations are tagged too
    fts = db.execute("select count(*) from articles_fts where articles_fts match 'city'").fetchone()[0]
    assert fts >= 1  # and searchable
    again = runner.invoke(cli, ["translate", "--db", str(db_path)])
    assert "0 article(s) translated" in again.output


def test_models_remove(packages):
    runner = CliRunner()
    runner.invoke(cli, ["models", "install", str(packages["fi_en"])])
    assert runner.invoke(cli, ["models", "remove", "fi-en"]).exit_code == 0
    assert "No translation models installed" in runner.invoke(cli, ["models", "list"]).output
    assert runner.invoke(cli, ["models", "remove", "fi-en"]).exit_code == 1
