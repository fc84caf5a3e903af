"""Translation through the real code path, with tiny real Argos packages built by the tests."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from newsflow.cli import cli
from newsflow.config import Settings
from newsflow.language import label_article
from newsflow.models import Article, Paragraph
from newsflow.packages import TranslateError, find_packages, install_package, package_dirs
from newsflow.translate import CTranslate2Engine, Translator, split_sentences, translate_article


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Hanke alkaa esim. Seinäjoella. Se päättyy 2022.", ["Hanke alkaa esim. Seinäjoella.", "Se päättyy 2022."]),
        (
            "Tilaisuus alkaa klo 10.30 ja päättyy klo 12. Tervetuloa!",
            ["Tilaisuus alkaa klo 10.30 ja päättyy klo 12.", "Tervetuloa!"],
        ),
        ("Mukana on mm. SeAMK ym. Lisäksi kaupunki.", ["Mukana on mm. SeAMK ym. Lisäksi kaupunki."]),
        (
            "Det gäller t.ex. Göteborg och bl.a. Borås. Sedan Malmö.",
            ["Det gäller t.ex. Göteborg och bl.a. Borås.", "Sedan Malmö."],
        ),
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
        ["Seinäjoen kaupunki on mukana hankkeessa. Kaupunki valmistautuu klo 10.30.", "https://www.seinajoki.fi"],
        "fi",
        "en",
    )
    assert out == ["Seinäjoen city on mukana project. City valmistautuu klo 10.30.", "https://www.seinajoki.fi"]
    assert provenance == "ctranslate2: tiny fi-en@1.0"


def test_mixed_article_translates_only_the_finnish_paragraphs(packages, tmp_path):
    install_package(packages["fi_en"], tmp_path)
    translator = Translator(find_packages([tmp_path]))
    article = label_article(
        Article(
            url="x",
            paragraphs=(
                Paragraph("Seinäjoen kaupunki on mukana työllisyyden kuntakokeilussa ja kansainvälisessä hankkeessa."),
                Paragraph("Tiedote englanniksi:"),
                Paragraph("The partnership is formed by four partners from three countries in Europe."),
            ),
        )
    )
    assert article.mixed and [p.language for p in article.paragraphs] == ["fi", "fi", "en"]
    done = translate_article(article, translator, "en")
    assert done.translation_status == "done"
    assert (
        done.paragraphs[0].translation
        == "Seinäjoen city on mukana työllisyyden kuntakokeilussa ja kansainvälisessä project."
    )
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
    pending = translate_article(
        Article(url="x", paragraphs=(Paragraph("Hei maailma", language="fi"),)), translator, "sv"
    )
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
        assert row["translation_status"] == (
            "not_needed" if row["language"] == "en" and not row["mixed"] else "done"
        ), row["title"]
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
    assert (
        "3 article(s) translated" in result.output
        and "Still pending: no model installed for sv→en (4 releases)." in result.output
    )
    statuses = dict(
        db.execute(
            "select language, group_concat(distinct translation_status) from articles"
            " where language != 'en' group by language"
        ).fetchall()
    )
    assert statuses == {"fi": "done", "sv": "pending"}
    hits = db.execute("""select count(*) from article_tags, json_each(article_tags.evidence) e
                         where json_extract(e.value, '$.field') = 'translation'""").fetchone()[0]
    assert hits > 0  # the translations are tagged too
    fts = db.execute("select count(*) from articles_search where articles_search match 'city'").fetchone()[0]
    assert fts >= 1  # and searchable
    again = runner.invoke(cli, ["translate", "--db", str(db_path)])
    assert "0 article(s) translated" in again.output


def test_models_remove(packages):
    runner = CliRunner()
    runner.invoke(cli, ["models", "install", str(packages["fi_en"])])
    assert runner.invoke(cli, ["models", "remove", "fi-en"]).exit_code == 0
    assert "No translation models installed" in runner.invoke(cli, ["models", "list"]).output
    assert runner.invoke(cli, ["models", "remove", "fi-en"]).exit_code == 1


def test_urls_addresses_phones_numbers_and_file_names_come_through_unchanged(packages, tmp_path):
    install_package(packages["fi_en"], tmp_path)
    translator = Translator(find_packages([tmp_path]), CTranslate2Engine(beam_size=1))
    text = (
        "Kaupunki tiedottaa: katso https://www.seinajoki.fi/hope_hanke/?a=1 "
        "tai kirjoita etunimi.sukunimi@seinajoki.fi, puh. +358 40 123 4567. "
        "Mukana hankkeessa on 1 000 osallistujaa ja 2,5 miljoonan euron budjetti, liite raportti_2021.pdf."
    )
    (out,), _ = translator.translate_texts([text], "fi", "en")
    for kept in (
        "https://www.seinajoki.fi/hope_hanke/?a=1",
        "etunimi.sukunimi@seinajoki.fi",
        "+358 40 123 4567",
        "1 000",
        "2,5",
        "raportti_2021.pdf",
    ):
        assert kept in out, kept
    assert out.startswith("City tiedottaa:") and "project on 1 000" in out


class FlakyNumbersEngine(CTranslate2Engine):
    """An engine that mangles digits, as real models sometimes do."""

    def translate(self, pkg, sentences):
        return [s.replace("2021", "2012") for s in super().translate(pkg, sentences)]


def test_numbers_a_model_changes_are_put_back(packages, tmp_path):
    install_package(packages["fi_en"], tmp_path)
    translator = Translator(find_packages([tmp_path]), FlakyNumbersEngine(beam_size=1))
    (out,), _ = translator.translate_texts(["Kaupunki julkaisi raportin vuonna 2021 hankkeessa."], "fi", "en")
    assert out == "City julkaisi raportin vuonna 2021 project."


class DictCache:
    def __init__(self):
        self.data = {}

    def get_many(self, keys):
        return {k: self.data[k] for k in keys if k in self.data}

    def put_many(self, items):
        self.data.update(items)


def test_cache_means_unchanged_text_never_reaches_the_model_again(packages, tmp_path):
    install_package(packages["fi_en"], tmp_path)
    cache = DictCache()
    texts = ["Seinäjoen kaupunki on mukana hankkeessa.", "Kaupunki valmistautuu. Toinen lause."]
    first = Translator(find_packages([tmp_path]), CTranslate2Engine(beam_size=1), cache)
    out1, _ = first.translate_texts(texts, "fi", "en")
    assert first.engine.calls == 1 and len(cache.data) == 3
    second = Translator(find_packages([tmp_path]), CTranslate2Engine(beam_size=1), cache)
    out2, _ = second.translate_texts(texts, "fi", "en")
    assert second.engine.calls == 0 and out2 == out1
    third = Translator(find_packages([tmp_path]), CTranslate2Engine(beam_size=1), cache)
    third.translate_texts(texts + ["Uusi kappale kaupunki."], "fi", "en")
    assert third.engine.calls == 1  # only the new sentence


def test_a_second_pass_over_the_same_articles_makes_zero_model_calls(packages, tmp_path):
    from newsflow.archive import Archive
    from newsflow.demo import demo_config, serve_demo
    from newsflow.pipeline import Pipeline

    for name in ("fi_en", "sv_en"):
        install_package(packages[name])  # newsflow's own models folder (isolated by conftest)
    db = tmp_path / "a.db"
    with serve_demo(0) as (base, _), Archive(db) as archive:
        config = demo_config(base)
        engine = CTranslate2Engine(beam_size=1)
        Pipeline(
            config,
            archive,
            translator=Translator(find_packages(package_dirs(Settings())), engine, archive.translations),
        ).run()
        assert engine.calls >= 1
        before = list(archive.db.query("select article_id, position, text from translations order by 1, 2"))
        archive.db.execute("update articles set translation_status = 'pending' where translation_status = 'done'")
        again = CTranslate2Engine(beam_size=1)
        done, waiting, _ = Pipeline(
            config, archive, translator=Translator(find_packages(package_dirs(Settings())), again, archive.translations)
        ).translate_pending()
        assert done == 7 and waiting == 0
        assert again.calls == 0
        assert list(archive.db.query("select article_id, position, text from translations order by 1, 2")) == before


def test_installing_a_newer_model_retranslates_what_the_older_one_made(packages, tmp_path):
    from tinymodel import build_package

    runner = CliRunner()
    runner.invoke(cli, ["models", "install", str(packages["fi_en"])])
    db_path = tmp_path / "a.db"
    assert runner.invoke(cli, ["demo", "--db", str(db_path), "--port", "0"]).exit_code == 0
    db = sqlite_utils.Database(db_path)
    assert db.execute("select count(*) from translations where provenance like '%fi-en@1.0%'").fetchone()[0] > 0
    newer = build_package(tmp_path / "build", "fi", "en", {"kaupunki": "town"}, version="1.2")
    runner.invoke(cli, ["models", "install", str(newer)])
    result = runner.invoke(cli, ["translate", "--db", str(db_path)])
    assert "3 article(s) translated" in result.output, result.output
    assert db.execute("select count(*) from translations where provenance like '%fi-en@1.0%'").fetchone()[0] == 0
    seed = next(db.query("select translation from articles where title like 'Seinäjoki mukana%'"))
    assert "Seinäjoen town on mukana" in seed["translation"] and " city " not in seed["translation"]


def test_argostranslate_engine_translates_offline_through_its_own_code(packages, tmp_path, monkeypatch):
    pytest.importorskip("argostranslate", reason="the optional extra: pip install -c constraints.txt '.[argos]'")
    import socket

    from newsflow.argos import ArgosEngine
    from newsflow.translate import make_engine

    def no_network(*args, **kwargs):
        raise AssertionError("argostranslate tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    install_package(packages["fi_en"], tmp_path)
    engine = make_engine(Settings(translation_engine="argostranslate", translation_beam_size=1))
    assert isinstance(engine, ArgosEngine)
    translator = Translator(find_packages([tmp_path]), engine)
    out, provenance = translator.translate_texts(
        ["Seinäjoen kaupunki on mukana hankkeessa. Katso tiedosto_2021.pdf ja www.seinajoki.fi/a_b."], "fi", "en"
    )
    assert out == ["Seinäjoen city on mukana project. Katso tiedosto_2021.pdf ja www.seinajoki.fi/a_b."]
    assert provenance == "argostranslate: tiny fi-en@1.0"
    assert engine.calls == 3  # once per segment: the first sentence, and the two pieces around the protected spans


def test_argostranslate_does_not_log_every_sentence(packages, tmp_path, caplog):
    pytest.importorskip("argostranslate", reason="the optional extra: pip install -c constraints.txt '.[argos]'")
    import logging

    from newsflow.translate import make_engine

    install_package(packages["fi_en"], tmp_path)
    engine = make_engine(Settings(translation_engine="argostranslate", translation_beam_size=1))
    with caplog.at_level(logging.INFO):
        Translator(find_packages([tmp_path]), engine).translate_texts(["Seinäjoen kaupunki on mukana."], "fi", "en")
    assert not [r for r in caplog.records if r.name.startswith("argostranslate") and r.levelno < logging.WARNING]


def test_models_install_from_the_index(packages, tmp_path, server):
    index = [
        {
            "package_name": "tiny fi-en",
            "from_code": "fi",
            "to_code": "en",
            "package_version": "1.0",
            "type": "translate",
            "links": [server.url("/packages/fi_en.argosmodel")],
        },
        {
            "package_name": "tiny sv-en",
            "from_code": "sv",
            "to_code": "en",
            "package_version": "1.0",
            "links": [server.url("/packages/sv_en.argosmodel")],
        },
    ]
    server.add("/index.json", json.dumps(index), headers={"Content-Type": "application/json"})
    server.add(
        "/packages/fi_en.argosmodel", packages["fi_en"].read_bytes(), headers={"Content-Type": "application/zip"}
    )
    runner = CliRunner()
    result = runner.invoke(
        cli, ["models", "install", "--from-index", "fi", "en", "--index-url", server.url("/index.json")]
    )
    assert result.exit_code == 0, result.output
    assert "Installed fi → en" in result.output
    assert "fi → en" in runner.invoke(cli, ["models", "list"]).output
    missing = runner.invoke(
        cli, ["models", "install", "--from-index", "fi", "sv", "--index-url", server.url("/index.json")]
    )
    assert missing.exit_code == 1 and "no package for fi → sv in the index" in missing.output
    offline = runner.invoke(
        cli, ["models", "install", "--from-index", "sv", "en", "--index-url", "http://127.0.0.1:9/index.json"]
    )
    assert offline.exit_code == 1 and "cannot reach the Argos package index" in offline.output
    assert "newsflow models install FILE.argosmodel" in offline.output
    usage = runner.invoke(cli, ["models", "install"])
    assert usage.exit_code == 2


def test_search_results_say_when_the_match_is_in_a_machine_translation(packages, tmp_path):
    runner = CliRunner()
    runner.invoke(cli, ["models", "install", str(packages["fi_en"])])
    db_path = tmp_path / "a.db"
    assert runner.invoke(cli, ["demo", "--db", str(db_path), "--port", "0"]).exit_code == 0
    # "city" is in the English translation of the Finnish seed, and in English originals too.
    result = runner.invoke(cli, ["search", '"Seinäjoen city"', "--db", str(db_path), "--json"])
    hits = json.loads(result.stdout)
    assert hits and all(h["machine_translation"] for h in hits)
    plain = runner.invoke(cli, ["search", '"Seinäjoen city"', "--db", str(db_path)]).output
    assert "(machine translation)" in plain
    original = json.loads(runner.invoke(cli, ["search", "kuntakokeilussa", "--db", str(db_path), "--json"]).stdout)
    assert original and not original[0]["machine_translation"]


def test_headlines_are_translated_stored_and_searchable(packages, tmp_path):
    from newsflow.archive import Archive

    install_package(packages["fi_en"])
    db_path = tmp_path / "a.db"
    assert CliRunner().invoke(cli, ["demo", "--db", str(db_path), "--port", "0"]).exit_code == 0
    with Archive(db_path, readonly=True) as archive:
        row = next(
            archive.db.query("select id, title, title_translation from articles where title like 'Seinäjoki mukana%'")
        )
        assert row["title_translation"] and row["title_translation"] != row["title"]
        assert "project" in row["title_translation"]  # the tiny model's hanke -> project, in the headline
        stored = next(
            archive.db.query(
                "select target, provenance, machine from translations where article_id = ? and position = -1",
                [row["id"]],
            )
        )
        assert stored == {"target": "en", "provenance": "ctranslate2: tiny fi-en@1.0", "machine": 1}
        english = next(
            archive.db.query("select title_translation from articles where language = 'en' and not mixed limit 1")
        )
        assert not english["title_translation"]  # nothing to translate
    exported = json.loads(CliRunner().invoke(cli, ["export", "--db", str(db_path), "--format", "json"]).stdout)
    assert any(r["machine_translation_title"] == row["title_translation"] for r in exported)


def test_every_target_language_for_real_and_a_new_one_backfills(packages, server, tmp_path):
    """Issue 16: target_languages = ["en", "fi"]: a Swedish release gets English and Finnish, each stored,
    searchable, tagged in its own language and labelled with its own model (sv → fi pivots through English)."""
    import asyncio

    from conftest import article_page, rss
    from newsflow.browse import make_datasette

    for name in ("sv_en", "en_fi"):
        assert CliRunner().invoke(cli, ["models", "install", str(packages[name])]).exit_code == 0
    sv = [
        "Coompanion erbjuder rådgivning till sociala företag som vill starta projektet i Göteborgsregionen.",
        "Projektet 1000-jobb finansieras av Europeiska socialfonden och drivs av flera sociala företag.",
    ]
    server.add("/a1", article_page("Projektet 1000-jobb sprids i Europa", sv, lang="sv"))
    server.add("/feed", rss([("Projektet 1000-jobb sprids i Europa", server.url("/a1"), "a1")]))
    shipped = (Path(__file__).parents[1] / "feeds.toml").read_text(encoding="utf-8")
    taxonomy = shipped[shipped.index("[[tags]]") :]  # the shipped taxonomy, with this test's one source
    base = f'[[sources]]\nid = "coompanion"\nkind = "feed"\nurl = "{server.url("/feed")}"\n\n' + taxonomy
    one, two = tmp_path / "one.toml", tmp_path / "two.toml"
    one.write_text('[settings]\nmin_delay = 0\ntarget_languages = ["en"]\n\n' + base, encoding="utf-8")
    two.write_text('[settings]\nmin_delay = 0\ntarget_languages = ["en", "fi"]\n\n' + base, encoding="utf-8")
    db_path = tmp_path / "a.db"
    assert CliRunner().invoke(cli, ["run", "--config", str(one), "--db", str(db_path)]).exit_code == 0
    db = sqlite_utils.Database(db_path)
    assert {r["target"] for r in db.query("select distinct target from translations")} == {"en"}

    # A second target added later: `newsflow translate` backfills it.
    result = CliRunner().invoke(cli, ["translate", "--config", str(two), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    rows = {(r["target"], r["position"]): r for r in db.query("select * from translations")}
    assert {target for target, _ in rows} == {"en", "fi"}
    assert "the project" in rows[("en", 0)]["text"] and "hanke" in rows[("fi", 0)]["text"]
    assert rows[("en", 0)]["provenance"] == "ctranslate2: tiny sv-en@1.0"
    assert "en-fi" in rows[("fi", 0)]["provenance"] and "sv-en" in rows[("fi", 0)]["provenance"]  # the pivot
    assert ("fi", -1) in rows and ("en", -1) in rows  # the headline too, in both
    # searchable in Finnish forms of the Finnish translation; tagged in the language of each translation
    found = CliRunner().invoke(cli, ["search", "hankkeessa", "--db", str(db_path), "--json"])
    hits = json.loads(found.stdout)
    assert hits and hits[0]["machine_translation"]
    evidence = [e for r in db.query("select evidence from article_tags") for e in json.loads(r["evidence"])]
    assert {("text", "sv"), ("translation", "en"), ("translation", "fi")} <= {
        (e["field"], e["language"]) for e in evidence
    }

    # the reading room in Finnish shows the Finnish translation, labelled with its own model
    async def page(path):
        ds = make_datasette(db_path, reader_language="fi")
        return (await ds.client.get(path)).text

    article_id = next(db.query("select id from articles"))["id"]
    html = asyncio.run(page(f"/-/article/{article_id}"))
    assert rows[("fi", 0)]["text"].split()[0] in html and "en-fi" in html

    # a quiet night with both targets: nothing new, nothing retranslated
    again = CliRunner().invoke(cli, ["run", "--config", str(two), "--db", str(db_path)])
    assert again.exit_code == 0 and "Translation pending" not in again.output


def one_release_for_two_targets(server, tmp_path, title: str, paragraphs: list[str], lang: str) -> Path:
    """A feed of one release, and a feeds.toml that follows it with target_languages ["en", "fi"]."""
    from conftest import article_page, rss

    server.add("/a1", article_page(title, paragraphs, lang=lang))
    server.add("/feed", rss([(title, server.url("/a1"), "a1")]))
    config = tmp_path / "feeds.toml"
    config.write_text(
        f'[settings]\nmin_delay = 0\ntarget_languages = ["en", "fi"]\n\n[[sources]]\nid = "c"\n'
        f'kind = "feed"\nurl = "{server.url("/feed")}"\n',
        encoding="utf-8",
    )
    return config


def test_export_has_a_column_per_target_language(packages, server, tmp_path):
    import csv
    import io

    for name in ("sv_en", "en_fi"):
        assert CliRunner().invoke(cli, ["models", "install", str(packages[name])]).exit_code == 0
    sv = ["Coompanion erbjuder rådgivning till sociala företag som vill starta projektet i Göteborgsregionen."]
    config = one_release_for_two_targets(server, tmp_path, "Rådgivning för sociala företag", sv, "sv")
    db = tmp_path / "a.db"
    assert CliRunner().invoke(cli, ["run", "--config", str(config), "--db", str(db)]).exit_code == 0
    out = tmp_path / "export.csv"
    assert CliRunner().invoke(cli, ["export", "--db", str(db), "-o", str(out)]).exit_code == 0
    row = next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert "the project" in row["machine_translation_en"] and "hanke" in row["machine_translation_fi"]
    assert row["machine_translation_title_fi"]


def test_a_run_interrupted_before_its_translation_leaves_the_next_run_to_translate_its_releases(
    packages, server, tmp_path, monkeypatch
):
    """Into a further target language a run translates what changed since it started, and what the runs before
    it archived without reaching their translation (stopped by Ctrl-C, SIGTERM or a kill): those releases were
    left with the first target's translation only, until someone ran `newsflow translate`."""
    from newsflow import reprocess

    assert CliRunner().invoke(cli, ["models", "install", str(packages["en_fi"])]).exit_code == 0
    # In English, so that only the further target needs a model: the first needs none, so no pending translation
    # brings the release back into the next run's batch.
    en = ["Coompanion advises social enterprises that want to start the project in the Gothenburg region."]
    config = one_release_for_two_targets(server, tmp_path, "Advice for social enterprises", en, "en")
    db = tmp_path / "a.db"
    real_phase = reprocess.translation_phase

    def stopped(*_args, **_kwargs):  # Ctrl-C lands once the release is archived, before the run's translation
        raise KeyboardInterrupt

    monkeypatch.setattr(reprocess, "translation_phase", stopped)
    first = CliRunner().invoke(cli, ["run", "--config", str(config), "--db", str(db)])
    assert first.exit_code == 130, first.output
    archive = sqlite_utils.Database(db)
    assert archive.execute("select count(*) from articles").fetchone()[0] == 1
    assert not list(archive.query("select * from translations"))

    monkeypatch.setattr(reprocess, "translation_phase", real_phase)
    second = CliRunner().invoke(cli, ["run", "--config", str(config), "--db", str(db)])  # nothing new to fetch
    assert second.exit_code == 0, second.output
    fi = list(archive.query("select text from translations where position = 0 and target = 'fi'"))
    assert len(fi) == 1 and "hanke" in fi[0]["text"]
    statuses = [(r["status"], json.loads(r["summary"])["translated"]) for r in archive.query("select * from runs")]
    assert statuses == [("interrupted", False), ("ok", True)]


def test_translation_since_starts_at_the_first_run_after_the_last_one_that_translated(tmp_path):
    from newsflow.archive import Archive

    with Archive(tmp_path / "a.db") as archive:
        runs = archive.runs
        first = runs.start_run()
        assert runs.translation_since() == archive.db["runs"].get(first)["started"]  # no run translated yet: this one
        runs.finish_run(first, "ok", {}, {"translated": True})
        broken = runs.start_run()  # a broken model: its articles are left for the next run
        runs.finish_run(broken, "ok", {}, {"translated": False})
        third = runs.start_run()
        assert runs.translation_since() == archive.db["runs"].get(broken)["started"]
        runs.finish_run(third, "partial", {}, {"translated": True})
        fourth = runs.start_run()
        assert runs.translation_since() == archive.db["runs"].get(fourth)["started"]


# ------------------------------------------------------------------ models removed, damaged, downgraded (Dec 2026)


def _fi_sv_article() -> Article:
    return Article(
        url="https://example.org/a",
        title="HOPE",
        language="fi",
        paragraphs=(
            Paragraph("Seinäjoen kaupunki on mukana hankkeessa.", language="fi"),
            Paragraph("Vi driver projektet i Göteborg.", language="sv"),
        ),
    )


def _broken_copy(package: Path, folder: Path) -> None:
    """Install a package, then cut its model short: a copy that was never whole."""
    pkg = install_package(package, folder)
    model = pkg.path / "model" / "model.bin"
    model.write_bytes(model.read_bytes()[: model.stat().st_size // 2])


def test_a_language_no_model_can_translate_now_keeps_its_translations(packages, tmp_path):
    from tinymodel import build_package

    for name in ("fi_en", "sv_en"):
        install_package(packages[name], tmp_path / "both")
    first = translate_article(_fi_sv_article(), Translator(find_packages([tmp_path / "both"])), "en")
    assert first.translation_status == "done" and first.paragraphs[1].translation == "Vi driver the project i Göteborg."
    # sv→en is removed, and a newer fi→en installed: the Finnish paragraph is made again, the Swedish one kept.
    install_package(build_package(tmp_path / "build", "fi", "en", {"kaupunki": "town"}, version="1.1"), tmp_path / "fi")
    again = translate_article(first, Translator(find_packages([tmp_path / "fi"])), "en")
    assert again.paragraphs[0].translation == "Seinäjoen town on mukana hankkeessa."
    assert again.paragraphs[1].translation == "Vi driver the project i Göteborg."
    assert again.paragraphs[1].translated_by == first.paragraphs[1].translated_by
    assert again.translation_status == "done" and "tiny sv-en@1.0" in again.translation_provenance


def test_a_further_target_language_keeps_what_no_model_can_make_again(packages, tmp_path):
    from newsflow.translate import translate_into

    for name in ("sv_en", "en_fi"):
        install_package(packages[name], tmp_path / "both")
    article = replace(
        _fi_sv_article(),
        paragraphs=(Paragraph("The project starts in the city.", language="en"), _fi_sv_article().paragraphs[1]),
    )
    [first] = translate_into([article], Translator(find_packages([tmp_path / "both"])), "fi", "en")
    into_fi = first.more_translations[0]
    assert into_fi.target == "fi" and all(into_fi.paragraphs)
    install_package(packages["en_fi"], tmp_path / "en-only")  # sv→en gone: Swedish has no road into Finnish now
    [again] = translate_into([first], Translator(find_packages([tmp_path / "en-only"])), "fi", "en")
    assert again.more_translations[0].paragraphs == into_fi.paragraphs
    assert again.more_translations[0].by == into_fi.by


def test_a_damaged_model_costs_only_its_own_pair_and_says_what_to_do(packages, tmp_path):
    _broken_copy(packages["fi_en"], tmp_path / "m")
    install_package(packages["sv_en"], tmp_path / "m")
    translator = Translator(find_packages([tmp_path / "m"]))
    done = translate_article(_fi_sv_article(), translator, "en")
    assert done.paragraphs[1].translation == "Vi driver the project i Göteborg."  # sv→en still translated
    assert done.paragraphs[0].translation is None and done.translation_status == "partial"
    assert "the model for fi→en cannot be used" in done.translation_note
    assert "newsflow models remove fi-en" in done.translation_note
    assert "cannot be loaded" in translator.broken["fi→en"]
    calls = translator.engine.calls
    translate_article(_fi_sv_article(), translator, "en")  # not loaded again for each chunk
    assert "fi→en" in translator.broken and translator.engine.calls == calls + 1


def test_the_nightly_run_names_a_damaged_model_and_translates_the_rest(packages, tmp_path, monkeypatch):
    models = tmp_path / "models"
    monkeypatch.setenv("NEWSFLOW_MODELS_DIR", str(models))
    _broken_copy(packages["sv_en"], models)
    install_package(packages["fi_en"], models)
    runner = CliRunner()
    db_path = tmp_path / "a.db"
    result = runner.invoke(cli, ["demo", "--db", str(db_path), "--port", "0"])
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(db_path)
    statuses = dict(
        db.execute(
            "select language, group_concat(distinct translation_status) from articles where language != 'en'"
            " group by language"
        ).fetchall()
    )
    assert statuses == {"fi": "done", "sv": "pending"}  # the Finnish releases are translated all the same
    note = db.execute("select translation_note from articles where language = 'sv' limit 1").fetchone()[0]
    assert "sv→en cannot be used" in note and "newsflow models remove sv-en" in note
    failures = [r[0] for r in db.execute("select error from failures where stage = 'translate'")]
    assert any("sv→en" in f and "models remove sv-en" in f for f in failures)
    again = runner.invoke(cli, ["translate", "--db", str(db_path)])
    assert again.exit_code == 1 and "4 wait for sv→en" in again.output and "models remove sv-en" in again.output
    assert "no model installed" not in again.output  # one is installed: it is damaged


def test_an_older_copy_of_a_model_does_not_undo_an_upgrade(packages, tmp_path):
    from newsflow.translate import superseded
    from tinymodel import build_package

    assert superseded("ctranslate2: tiny fi-en@1.0", "ctranslate2: tiny fi-en@1.1")
    assert not superseded("ctranslate2: tiny fi-en@1.1", "ctranslate2: tiny fi-en@1.0")
    assert not superseded("ctranslate2: tiny sv-en@1.0", "ctranslate2: tiny sv-en@1.0")
    assert superseded("ctranslate2: other fi-en@2.0", "ctranslate2: tiny fi-en@1.0")  # another model
    assert not superseded("ctranslate2: tiny sv-fi@1.0", "ctranslate2: tiny sv-en@1.0 → tiny en-fi@1.0")
    assert superseded("ctranslate2: tiny sv-en@1.0 → tiny en-fi@1.0", "ctranslate2: tiny sv-fi@1.0")
    runner = CliRunner()
    newer = build_package(tmp_path / "build", "fi", "en", {"kaupunki": "town"}, version="1.2")
    runner.invoke(cli, ["models", "install", str(newer)])
    db_path = tmp_path / "a.db"
    assert runner.invoke(cli, ["demo", "--db", str(db_path), "--port", "0"]).exit_code == 0
    db = sqlite_utils.Database(db_path)
    made = db.execute("select count(*) from translations where provenance like '%fi-en@1.2%'").fetchone()[0]
    assert made > 0
    assert runner.invoke(cli, ["models", "remove", "fi-en"]).exit_code == 0
    runner.invoke(cli, ["models", "install", str(packages["fi_en"])])  # the older 1.0 again
    result = runner.invoke(cli, ["translate", "--db", str(db_path)])
    assert result.exit_code == 0 and "0 article(s) translated" in result.output, result.output
    assert db.execute("select count(*) from translations where provenance like '%fi-en@1.2%'").fetchone()[0] == made


def test_pending_counts_look_at_the_target_language(packages, tmp_path):
    from newsflow.archive import Archive

    db_path = tmp_path / "a.db"
    with Archive(db_path) as archive:
        article = _fi_sv_article()
        archive.save_article(replace(article, translation_status="pending", translation_target="en"))
        article_id = archive.db.execute("select id from articles").fetchone()[0]
        with archive.transaction():  # translated into Swedish (a further target) only
            archive.db["translations"].insert(
                {"article_id": article_id, "position": 0, "target": "sv", "text": "x", "source_language": "fi"},
                alter=True,
            )
        assert archive.translations.pending_translations("en") == {"fi": 1, "sv": 1}


def test_a_long_pass_saves_what_it_finished_when_interrupted(packages, tmp_path, monkeypatch):
    from newsflow.archive import Archive
    from newsflow.config import default_config
    from newsflow.reprocess import translate_pending

    install_package(packages["fi_en"], tmp_path / "m")
    translator = Translator(find_packages([tmp_path / "m"]))
    db_path = tmp_path / "a.db"
    with Archive(db_path) as archive:
        for i in range(60):
            archive.save_article(
                Article(
                    url=f"https://example.org/{i}",
                    title=f"Uutinen {i}",
                    language="fi",
                    paragraphs=(Paragraph(f"Kaupunki on mukana hankkeessa numero {i}.", language="fi"),),
                    translation_status="pending",
                    translation_target="en",
                )
            )
        real = translator.engine.translate
        calls = []

        def interrupted_after_the_first_chunk(pkg, sentences):
            calls.append(len(sentences))
            if len(calls) > 1:
                raise KeyboardInterrupt
            return real(pkg, sentences)

        monkeypatch.setattr(translator.engine, "translate", interrupted_after_the_first_chunk)
        with pytest.raises(KeyboardInterrupt):
            translate_pending(archive, default_config(), translator)
        done = archive.db.execute("select count(*) from articles where translation_status = 'done'").fetchone()[0]
    assert 0 < done < 60  # the first chunk is kept


def test_a_damaged_model_on_a_route_through_english_is_named_as_itself(packages, tmp_path):
    install_package(packages["sv_en"], tmp_path / "m")
    _broken_copy(packages["en_fi"], tmp_path / "m")
    translator = Translator(find_packages([tmp_path / "m"]))
    article = Article(url="x", paragraphs=(Paragraph("Vi driver projektet i Göteborg.", language="sv"),))
    done = translate_article(article, translator, "fi")
    assert "newsflow models remove en-fi" in done.translation_note and "remove sv-fi" not in done.translation_note
    assert "models remove en-fi" in translator.broken["sv→fi"]


def test_a_run_waiting_for_a_model_names_the_folders_it_looked_in(tmp_path, monkeypatch, capsys):
    """Admin probe (s25): a model installed as one user is not the cron user's, and the run did not say where it
    looked."""
    from newsflow.cli import _print_summary
    from newsflow.models import RunSummary

    monkeypatch.setenv("NEWSFLOW_MODELS_DIR", str(tmp_path / "models"))
    _print_summary(RunSummary(pending_translation={"fi→en": 3}), False, Settings())
    said = capsys.readouterr().out
    assert "no model installed for fi→en (3)" in said and str(tmp_path / "models") in said
    assert "as the user that runs newsflow" in said


def test_translate_after_a_tag_was_added_to_feeds_toml_tags_with_it_instead_of_failing(
    packages, demo_archive, tmp_path
):
    """The admin adds a tag to feeds.toml, installs a model and runs `newsflow translate` before the next night's run:
    the translated releases are tagged by the taxonomy as configured, the new tag among them (as a run would), not
    refused as "not a usable newsflow archive" with nothing translated (s38: the tag was not in the archive yet)."""
    from importlib import resources

    from conftest import copy_archive

    db_path = copy_archive(demo_archive, tmp_path / "a.db")
    config = tmp_path / "feeds.toml"
    config.write_text(
        resources.files("newsflow").joinpath("feeds.toml").read_text(encoding="utf-8")
        + '\n[[tags]]\nid = "youth"\nkind = "topic"\nname = "Young people"\n[tags.names]\nfi = ["nuorille"]\n',
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(cli, ["models", "install", str(packages["fi_en"])]).exit_code == 0
    result = runner.invoke(cli, ["translate", "--db", str(db_path), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "3 article(s) translated" in result.output
    db = sqlite_utils.Database(db_path)
    assert (
        db.execute("select count(*) from articles where translation_status = 'pending' and language = 'fi'").fetchone()[
            0
        ]
        == 0
    )
    tagged = db.execute(
        "select a.title from article_tags t join articles a on a.id = t.article_id where t.tag_id = 'youth'"
    ).fetchall()
    assert tagged == [("Toimintojen talo avaa ovensa nuorille",)]


def test_a_damaged_newer_version_is_named_by_its_folder_where_an_older_one_is_installed(packages, tmp_path):
    """Probe (s38): a newer fi-en whose files were damaged after install shadows the older one that works, and the
    advice was `newsflow models remove fi-en`, which removes every version of the pair, the working one too."""
    from tinymodel import build_package

    install_package(packages["fi_en"], tmp_path / "m")
    _broken_copy(build_package(tmp_path / "built", "fi", "en", {"kaupunki": "town"}, version="2.0"), tmp_path / "m")
    translator = Translator(find_packages([tmp_path / "m"]))
    done = translate_article(_fi_sv_article(), translator, "en")
    note = done.translation_note
    assert "tiny fi-en@2.0" in note and f"delete its folder {tmp_path / 'm' / 'fi_en-2.0'}" in note, note
    assert "then tiny fi-en@1.0, installed too, is used" in note
    assert "would remove every version of the pair" in note
