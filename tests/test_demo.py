"""Issue 2's bar: the demo archives >= 8 fi/sv/en articles, each with text, language and a tag; a rerun adds nothing."""

from __future__ import annotations

import json

import pytest
import sqlite_utils
from click.testing import CliRunner

from newsflow.cli import cli

CONTENT_TABLES = (
    "articles",
    "article_sources",
    "paragraphs",
    "article_tags",
    "translations",
    "revisions",
    "sources",
    "tags",
)


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {t: db[t].count for t in CONTENT_TABLES}


def test_demo_archives_partner_news_and_a_rerun_adds_nothing(tmp_path, caplog):
    db_path = tmp_path / "archive.db"
    runner = CliRunner()
    first = runner.invoke(cli, ["demo", "--db", str(db_path), "--port", "0"])
    assert first.exit_code == 0, first.output
    # (its listing's older page is there by design: the first run's advice to archive such pages is not said)
    assert not [r for r in caplog.records if "first run:" in r.getMessage()]
    db = sqlite_utils.Database(db_path)
    articles = list(db["articles"].rows)
    assert len(articles) >= 8
    assert {"fi", "sv", "en"} <= {a["language"] for a in articles}
    for a in articles:
        assert a["text"].strip(), a["url"]
        assert a["language"] in ("fi", "sv", "en"), a["url"]
        assert json.loads(a["tags"]), f"no tag on {a['url']}"
        assert db.execute("select count(*) from article_tags where article_id = ?", [a["id"]]).fetchone()[0] >= 1
    # the mixed Finnish/English item is recorded as mixed, with paragraphs in both languages
    mixed = [a for a in articles if a["mixed"]]
    assert mixed and set(json.loads(mixed[0]["languages"])) == {"fi", "en"}
    # no translation model in the test environment: pending, and said once in the summary
    assert first.output.count("Translation pending") == 1
    assert {a["translation_status"] for a in articles if a["language"] != "en"} == {"pending"}
    before = counts(db)

    second = runner.invoke(cli, ["demo", "--db", str(db_path), "--port", "0"])
    assert second.exit_code == 0, second.output
    assert counts(db) == before
    assert db["runs"].count == 2


def test_coompanion_page_furniture_is_not_archived(tmp_path):
    db_path = tmp_path / "archive.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db_path), "--port", "0"])
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(db_path)
    row = next(db.query("select * from articles where title like 'Göteborgsprojektet 1000-jobb%'"))
    text = row["text"]
    for furniture in (
        "Skip to main content",
        "Kommentarer (0)",
        "Lägg till kommentar",
        "Kommentera",
        "Godkänn alla cookies",
        "Relaterat innehåll",
        "Integritetspolicy",
    ):
        assert furniture not in text
    # the lead and the body are kept
    assert text.startswith("Le Mat Hotell Jonsereds Fabriker är ett av många arbetsintegrerande sociala företag")
    assert "Europeiska Socialfonden (ESF) är den största fonden" in text
    assert "säger Diana Ghinea, projektledare för 1000-jobb." in text
    assert row["published"] == "2017-10-10T07:20:00+02:00"
    assert row["language"] == "sv"
    tags = set(json.loads(row["tags"]))
    assert {"1000-jobb", "coompanion", "esf"} <= tags


def test_demo_dedupes_feed_links_with_tracking_parameters(tmp_path):
    db_path = tmp_path / "archive.db"
    assert CliRunner().invoke(cli, ["demo", "--db", str(db_path), "--port", "0"]).exit_code == 0
    db = sqlite_utils.Database(db_path)
    urls = [r["url"] for r in db.query("select url from articles where source_id = 'demo-coompanion'")]
    assert len(urls) == 3 and not any("utm_" in u for u in urls)


def test_python_dash_m_and_version():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "newsflow", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("newsflow, version ")


def test_datasette_reads_the_archive_with_full_text_search_and_partner_facets(tmp_path):
    import asyncio

    from newsflow.browse import make_datasette

    db_path = tmp_path / "archive.db"
    assert CliRunner().invoke(cli, ["demo", "--db", str(db_path), "--port", "0"]).exit_code == 0

    async def get(path):
        ds = make_datasette(db_path)
        response = await ds.client.get(path)
        assert response.status_code == 200, path
        return response.json()

    found = asyncio.run(get("/archive/articles.json?_search=kuntakokeilussa&_shape=array"))
    # Datasette's own search box finds every inflected form: "kuntakokeilussa" and "kuntakokeilua"
    assert {r["title"] for r in found} == {
        "Seinäjoki mukana kansainvälisessä työllisyyden HOPE-hankkeessa",
        "Toimintojen talo avaa ovensa nuorille",
    }
    facets = asyncio.run(get("/archive/articles.json?_facet=partner&_facet=language"))
    partners = {f["value"]: f["count"] for f in facets["facet_results"]["partner"]["results"]}
    assert partners == {"City of Seinäjoki": 4, "Coompanion": 3, "HOPE project": 3}


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serving_the_demo_archive_serves_its_newsroom_again_so_its_originals_open(demo_archive, tmp_path, monkeypatch):
    """s22 probe: the demo exits once it has archived its newsroom, and every Original link then led nowhere."""
    import socket
    import sqlite3
    from urllib.parse import urlsplit

    import httpx
    import uvicorn

    from conftest import copy_archive

    with sqlite3.connect(demo_archive) as conn:
        originals = [url for (url,) in conn.execute("select url from articles order by id")]
    original = originals[0]
    answers: list[int] = []
    monkeypatch.setattr(
        uvicorn,
        "run",
        lambda *a, **k: answers.extend(httpx.get(url, follow_redirects=True).status_code for url in originals),
    )
    served = CliRunner().invoke(cli, ["serve", "--db", str(demo_archive), "--port", str(_free_port())])
    assert served.exit_code == 0 and answers == [200] * len(originals) == [200] * 10, served.output
    assert (
        f"The demo newsroom (the releases' originals) is served again at http://127.0.0.1:{urlsplit(original).port}/"
        in (served.output)
    )
    with pytest.raises(httpx.ConnectError):  # and stopped with the reading room
        httpx.get(original)

    with socket.socket() as taken:  # its port in use: said, and the reading room is served all the same
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # (its last connections may wait out TIME_WAIT)
        taken.bind(("127.0.0.1", urlsplit(original).port))
        taken.listen()
        monkeypatch.setattr(uvicorn, "run", lambda *a, **k: answers.append(0))
        busy = CliRunner().invoke(cli, ["serve", "--db", str(demo_archive), "--port", str(_free_port())])
    assert busy.exit_code == 0 and answers[-1] == 0, busy.output
    assert "port" in busy.output and "is in use: the releases' Original links lead nowhere" in busy.output

    real = copy_archive(demo_archive, tmp_path / "real.db")
    with sqlite3.connect(real) as conn:
        conn.execute("insert into sources (id, url, kind) values ('city', 'https://example.org/feed', 'feed')")
    plain = CliRunner().invoke(cli, ["serve", "--db", str(real), "--port", str(_free_port())])
    assert plain.exit_code == 0 and "demo newsroom" not in plain.output
