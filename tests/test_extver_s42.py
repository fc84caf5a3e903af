"""Session 42: which extractor read each archived release, so that `status` can advise `newsflow reextract` after an
upgrade whose extractor reads pages better (nothing said so: the archive kept the old texts for good)."""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
import zlib
from dataclasses import replace
from pathlib import Path

import sqlite_utils
from click.testing import CliRunner

from conftest import FIXTURES, article_page, rss
from newsflow import extract as extract_module
from newsflow.archive import Archive
from newsflow.cli import cli
from newsflow.demo import render_site
from newsflow.extract import EXTRACTOR_VERSION, extract, extract_pdf
from newsflow.health import older_extractions
from newsflow.models import Article, Paragraph
from pdfs import make_pdf
from test_reextract import FI, three_archived, write_config
from test_upgrade import old_archive

# ---------------------------------------------------------------- the version stays honest

# What the extractor gives for the pages below, as a digest, for each EXTRACTOR_VERSION. When this test fails, what
# extract() or extract_pdf() gives for a page changed (an edit of extract.py, dates.py or charset.py, or an upgraded
# lxml): raise EXTRACTOR_VERSION in src/newsflow/extract.py and add the new digest here under it (never edit an earlier
# one). Archives then advise `newsflow reextract` for the releases an older extractor read.
EXTRACTOR_DIGESTS = {
    1: "7d381e6285cc9cc7",
}
# The pages it is taken over (their bytes): where a page below is edited, its digest is recorded again under the same
# version only if the extractor did not change.
PAGES_DIGEST = "84f536d85311c012"

# A few layouts the fixtures and the demo do not have: a JSON-LD dated release with its author, a Finnish dateline
# with a contact box, a text in a bare <div> cut by <br>.
OWN_PAGES = {
    "jsonld.html": """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">
<title>Kooperativ växer | Nyheter</title>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Kooperativen växer i Västsverige",
"datePublished": "2024-05-14T08:30:00+02:00", "author": {"@type": "Person", "name": "Anna Berg"}}</script>
<link rel="canonical" href="https://example.se/nyheter/kooperativ-vaxer"></head><body><header><nav><a href="/">Hem</a>
<a href="/nyheter">Nyheter</a></nav></header><main><article><h1>Kooperativen växer i Västsverige</h1>
<p>Antalet kooperativ i Västra Götaland har ökat med tolv procent under det senaste året, visar en ny rapport.</p>
<h2>Fler unga startar</h2><p>Särskilt bland unga företagare märks ett ökat intresse för demokratiskt ägda företag,
och rådgivningen har aldrig haft så många besök.</p><figure><img src="/bild.jpg"><figcaption>Foto: Coompanion
</figcaption></figure><p>Rapporten presenteras på ett seminarium i Göteborg den 20 maj.</p></article></main>
<footer>Kontakt · Tillgänglighet · Cookies</footer></body></html>""",
    "dateline.html": """<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><title>Tiedote</title></head><body>
<div id="content"><h1>Kaupunki avaa uuden yrityspalvelupisteen</h1><p class="date">Julkaistu 3.4.2024 klo 9.15</p>
<p>Seinäjoen kaupunki avaa keskustaan uuden yrityspalvelupisteen, josta yrittäjät saavat neuvontaa yhdestä
paikasta.</p><p>Palvelupiste aukeaa huhtikuun lopussa, ja sen toimintaa kehitetään yhdessä yrittäjien kanssa.</p>
<div class="contact"><h3>Lisätietoja</h3><p>Elinkeinojohtaja Matti Meikäläinen, puh. 040 123 4567,
matti.meikalainen@seinajoki.fi</p></div></div><footer>© Seinäjoen kaupunki</footer></body></html>""",
    "br-div.html": """<html><head><title>Obvestilo za javnost</title></head><body>
<div class="menu"><a href="/">Domov</a> <a href="/novice">Novice</a></div>
<div class="vsebina">Mestna občina Maribor je podpisala sporazum o sodelovanju v
projektu HOPE.<br><br>Projekt povezuje mesta iz Finske, Slovenije in Severne Irske, ki razvijajo socialno
podjetništvo.<br><br>Prvo srečanje partnerjev bo maja v Mariboru.</div></body></html>""",
}


def _pages() -> list[tuple[str, bytes]]:
    """The fixed set of pages the digest is taken over, in order: the test fixtures, the demo newsroom's pages, the
    pages above, and a PDF release."""
    pages = [
        ("press-release-key-facts.html", (FIXTURES / "pages" / "press-release-key-facts.html").read_bytes()),
        ("tine-presserom.html", gzip.decompress((FIXTURES / "pages" / "tine-presserom.html.gz").read_bytes())),
    ]
    site = render_site("http://demo.example")
    pages += [(f"demo{path}", body) for path, (kind, body) in sorted(site.items()) if kind.startswith("text/html")]
    pages += [(name, html.encode()) for name, html in OWN_PAGES.items()]
    pdf = make_pdf([["Tiedote 12.3.2024", "Kaupunki hakee kumppaneita HOPE-hankkeeseen.", "Lisätietoja: hope.fi"]])
    return [*pages, ("release.pdf", pdf)]


def _as_read(article: Article) -> dict[str, object]:
    """What of an extraction is archived and shown (not its quality figures, which `status` reads)."""
    return {
        "title": article.title,
        "paragraphs": [[p.text, p.heading] for p in article.paragraphs],
        "published": article.published,
        "updated": article.updated,
        "author": article.author,
        "contacts": article.contacts,
        "canonical_url": article.canonical_url,
        "shortlink": article.shortlink,
        "declared_language": article.declared_language,
        "image": article.image,
        "attachments": [[a.url, a.title, a.content_type] for a in article.attachments],
    }


def _digests() -> tuple[str, str]:
    pages = _pages()
    given = hashlib.sha256()
    read = hashlib.sha256()
    for name, body in pages:
        given.update(name.encode() + b"\0" + hashlib.sha256(body).digest())
        url = f"https://newsroom.example/{name}"
        article = extract_pdf(body, url) if name.endswith(".pdf") else extract(body, url)
        read.update(json.dumps([name, _as_read(article)], ensure_ascii=False, sort_keys=True).encode())
    return given.hexdigest()[:16], read.hexdigest()[:16]


def test_the_extractor_version_is_raised_whenever_what_it_reads_from_a_page_changes():
    pages, output = _digests()
    assert pages == PAGES_DIGEST, (
        f"the pages the extractor's digest is taken over changed (now {pages!r}): where the extractor did not change, "
        f"set PAGES_DIGEST to {pages!r} and EXTRACTOR_DIGESTS[{EXTRACTOR_VERSION}] to {output!r}"
    )
    assert max(EXTRACTOR_DIGESTS) == EXTRACTOR_VERSION, "EXTRACTOR_VERSION is the newest version recorded here"
    assert EXTRACTOR_DIGESTS[EXTRACTOR_VERSION] == output, (
        f"extraction output changed: bump EXTRACTOR_VERSION to {EXTRACTOR_VERSION + 1} (src/newsflow/extract.py) and "
        f"record the new digest: EXTRACTOR_DIGESTS[{EXTRACTOR_VERSION + 1}] = {output!r}"
    )
    assert len(set(EXTRACTOR_DIGESTS.values())) == len(EXTRACTOR_DIGESTS), "a version is another output"


def test_the_digest_sees_a_change_of_the_extractor(monkeypatch):
    # (as a developer's edit would: a date read otherwise)
    _, output = _digests()
    real = extract_module.extract

    def changed(*args: object, **kwargs: object) -> Article:
        article = real(*args, **kwargs)  # type: ignore[arg-type]
        return replace(article, paragraphs=article.paragraphs[:-1])

    monkeypatch.setattr(sys.modules[__name__], "extract", changed)
    assert _digests()[1] != output


# ---------------------------------------------------------------- recorded with each release


def _article(url: str, text: str) -> Article:
    return Article(
        url=url,
        title="Seinäjoki mukana HOPE-hankkeessa",
        paragraphs=(Paragraph(text, "fi"),),
        published="2024-03-01T10:00:00+02:00",
    )


def test_a_release_and_each_earlier_text_record_the_extractor_that_read_them(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        run = archive.runs.start_run()
        _, article_id = archive.save_article(_article("https://e.fi/a", FI[0]))
        row = archive.db.table("articles").get(article_id)
        assert row["extractor"] == EXTRACTOR_VERSION
        assert archive.db.table("runs").get(run)["extractor"] == EXTRACTOR_VERSION
        # read by an older one (archived before versions were recorded), then edited by the partner
        archive.db.execute("update articles set extractor = null where id = ?", [article_id])
        outcome, _ = archive.save_article(_article("https://e.fi/a", FI[0] + " " + FI[1]))
        assert outcome == "updated"
        assert archive.db.table("articles").get(article_id)["extractor"] == EXTRACTOR_VERSION
        (earlier,) = archive.db.query("select text, extractor from revisions")
        assert earlier == {"text": FI[0], "extractor": None}  # the earlier text: by the extractor that read it


def test_an_archive_made_before_versions_were_recorded_counts_as_read_by_an_older_extractor(tmp_path):
    path = tmp_path / "archive.db"
    old_archive(path, "m016_extractor_versions")
    db = sqlite_utils.Database(path)
    db["responses"].insert({"article_id": 1, "url": "https://www.seinajoki.fi/hope/", "body": b"", "size": 0})
    db.conn.commit()
    db.close()
    with Archive(path) as archive:
        assert archive.db.table("articles").get(1)["extractor"] is None
        assert older_extractions(archive) is None  # no version to compare with until this newsflow runs
        archive.runs.start_run()
        older = older_extractions(archive)
    assert older is not None and (older.version, older.older, older.rereadable) == (EXTRACTOR_VERSION, 1, 1)


def test_releases_whose_page_was_not_kept_are_counted_but_advise_nothing_alone(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        archive.runs.start_run()  # (this newsflow's version, recorded by its run)
        _, one = archive.save_article(_article("https://e.fi/a", FI[0]))
        _, two = archive.save_article(_article("https://e.fi/b", FI[1]))
        archive.db.execute("update articles set extractor = ? where id = ?", [EXTRACTOR_VERSION - 1, one])
        archive.db.execute("update articles set extractor = null where id = ?", [two])
        assert older_extractions(archive) is None  # nothing a reextract could read: nothing to advise
        archive.pages.save(two, "https://e.fi/b", 200, {}, b"<html></html>")
        older = older_extractions(archive)
    assert older is not None and (older.older, older.rereadable, older.not_kept) == (2, 1, 1)
    said = older.said()
    assert said.startswith("1 release(s) were extracted by an older version of the extractor (newsflow's is version")
    assert "`newsflow reextract` extracts them again" in said and "(1 more have no kept page" in said
    assert older.warning()["code"] == "REEXTRACT_ADVISED" and older.warning()["not_kept"] == 1


def _aged(db: Path) -> sqlite_utils.Database:
    """The archive as an older extractor left it (archived before versions were recorded)."""
    archive = sqlite_utils.Database(db)
    archive.execute("update articles set extractor = null")
    archive.conn.commit()
    return archive


def test_a_full_reextract_records_the_version_and_leaves_nothing_to_advise(server, tmp_path):
    db, config = three_archived(server, tmp_path)
    archive = _aged(db)
    changed = {r["id"]: r["last_changed"] for r in archive.query("select id, last_changed from articles")}
    with Archive(db) as a:
        older = older_extractions(a)
        assert older is not None and older.rereadable == 3
    result = CliRunner().invoke(cli, ["reextract", "--config", config, "--db", str(db)])
    assert result.exit_code == 0 and "3 unchanged" in result.output, result.output  # the same texts: none changed
    assert [r[0] for r in archive.execute("select distinct extractor from articles")] == [EXTRACTOR_VERSION]
    assert {r["id"]: r["last_changed"] for r in archive.query("select id, last_changed from articles")} == changed
    with Archive(db) as a:
        assert older_extractions(a) is None


def test_a_reextract_of_one_source_or_since_a_day_leaves_the_others_advised(server, tmp_path):
    db, config = three_archived(server, tmp_path)
    archive = _aged(db)
    ids = [r[0] for r in archive.execute("select id from articles order by id")]
    archive.execute("update articles set first_seen = '2020-01-01T00:00:00+00:00' where id = ?", [ids[0]])
    archive.conn.commit()
    result = CliRunner().invoke(cli, ["reextract", "--config", config, "--db", str(db), "--since", "2021-01-01"])
    assert result.exit_code == 0 and "Extracted 2 article(s) again" in result.output, result.output
    with Archive(db) as a:
        older = older_extractions(a)
    assert older is not None and (older.older, older.rereadable) == (1, 1)  # the one first seen before
    assert archive.execute("select extractor from articles where id = ?", [ids[0]]).fetchone() == (None,)
    CliRunner().invoke(cli, ["reextract", "--config", config, "--db", str(db), "--source", "city"])
    with Archive(db) as a:
        assert older_extractions(a) is None


def test_a_page_that_gives_no_text_now_is_read_all_the_same(server, tmp_path):
    """A kept page the current extractor finds nothing in stays as archived; a pass over it leaves nothing to advise
    (it would say so for ever: no later pass changes it)."""
    db, config = three_archived(server, tmp_path)
    archive = _aged(db)
    first = archive.execute("select min(article_id) from responses").fetchone()[0]
    archive.execute("update responses set body = ? where article_id = ?", [zlib.compress(b"<html></html>"), first])
    archive.conn.commit()
    result = CliRunner().invoke(cli, ["reextract", "--config", config, "--db", str(db)])
    assert "1 gave no text" in result.output, result.output
    with Archive(db) as a:
        assert older_extractions(a) is None


def test_a_run_records_the_version_of_what_it_archives(server, tmp_path):
    server.add("/a1", article_page("Uutinen", FI))
    server.add("/feed", rss([("Uutinen", server.url("/a1"), "a1")]))
    db = tmp_path / "a.db"
    assert CliRunner().invoke(cli, ["run", "--config", write_config(tmp_path, server), "--db", str(db)]).exit_code == 0
    archive = sqlite_utils.Database(db)
    assert list(archive.execute("select extractor from articles")) == [(EXTRACTOR_VERSION,)]
    assert list(archive.execute("select extractor from runs")) == [(EXTRACTOR_VERSION,)]


# ---------------------------------------------------------------- said by `status` and `reextract` (cli.py)


def test_status_advises_a_reextract_once_and_a_full_pass_ends_the_advice(server, tmp_path):
    db, config = three_archived(server, tmp_path)
    archive = _aged(db)
    archive.execute("insert into articles (url, title, text) values ('https://e.fi/old', 'Vanha', 'Vanha.')")
    archive.conn.commit()
    said = CliRunner().invoke(cli, ["status", "--db", str(db)])
    assert said.exit_code == 0, said.output  # advice: the exit code as before
    lines = [line for line in said.output.splitlines() if "older version of the extractor" in line]
    assert lines == [
        f"  3 release(s) were extracted by an older version of the extractor (newsflow's is version "
        f"{EXTRACTOR_VERSION} now): `newsflow reextract` extracts them again from the pages kept when they were "
        "fetched, without fetching anything (1 more have no kept page and keep their text)."
    ]
    warnings = json.loads(CliRunner().invoke(cli, ["status", "--db", str(db), "--json"]).output)["warnings"]
    (advice,) = [w for w in warnings if w["code"] == "REEXTRACT_ADVISED"]
    assert {k: advice[k] for k in ("extractor", "older", "rereadable", "not_kept")} == {
        "extractor": EXTRACTOR_VERSION,
        "older": 4,
        "rereadable": 3,
        "not_kept": 1,
    }
    assert CliRunner().invoke(cli, ["reextract", "--config", config, "--db", str(db)]).exit_code == 0
    after = CliRunner().invoke(cli, ["status", "--db", str(db)])
    assert after.exit_code == 0 and "extractor" not in after.output
    warnings = json.loads(CliRunner().invoke(cli, ["status", "--db", str(db), "--json"]).output)["warnings"]
    assert "REEXTRACT_ADVISED" not in {w["code"] for w in warnings}


def test_a_reextract_since_a_day_says_how_many_an_older_extractor_read_outside_it(server, tmp_path):
    db, config = three_archived(server, tmp_path)
    archive = _aged(db)
    archive.execute(
        "update articles set first_seen = '2020-01-01T00:00:00+00:00' where id = (select min(id) from articles)"
    )
    archive.conn.commit()
    result = CliRunner().invoke(cli, ["reextract", "--config", config, "--db", str(db), "--since", "2021-01-01"])
    assert result.exit_code == 0
    assert (
        "1 more archived article(s) with a kept page were extracted by an older version of the extractor: "
        "`newsflow reextract` without --source and --since reads them too." in result.output
    )
    full = CliRunner().invoke(cli, ["reextract", "--config", config, "--db", str(db)])
    assert full.exit_code == 0 and "older version" not in full.output
