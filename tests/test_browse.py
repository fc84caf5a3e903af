"""Issue 8: the archive as staff browse it in Datasette, in-process."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import copy_archive
from newsflow.browse import make_datasette
from newsflow.cli import cli


@pytest.fixture(scope="module")
def archive(demo_archive):
    """The demo archive, built by the same `newsflow demo` once per test process (conftest's): only read here."""
    return demo_archive


def get(db, path, password_hash=None, headers=None):
    async def go():
        ds = make_datasette(db, password_hash)
        return await ds.client.get(path, headers=headers or {})

    return asyncio.run(go())


def test_facets_by_partner_source_language_month_and_tags(archive):
    data = get(archive, "/archive/articles.json?_extra=facet_results").json()
    facets = data["facet_results"]
    facets = facets.get("results", facets)
    for name in ("partner", "source_id", "language", "month"):  # the page's own facets
        assert name in facets, name
    on_demand = get(archive, "/archive/articles.json?_facet_array=tags&_extra=facet_results").json()["facet_results"]
    tags = {f["value"]: f["count"] for f in on_demand.get("results", on_demand)["tags"]["results"]}
    assert tags["hope"] == 7 and tags["coompanion"] == 3
    langs = {f["value"]: f["count"] for f in facets["language"]["results"]}
    assert langs == {"fi": 2, "sv": 4, "en": 4}  # the mixed Seinäjoki release has more English than Finnish
    kinds = get(archive, "/archive/tagged_articles.json?_facet=tag_kind&_extra=facet_results").json()["facet_results"]
    kinds = kinds.get("results", kinds)
    assert {"practice", "project", "organisation"} <= {f["value"] for f in kinds["tag_kind"]["results"]}
    assert {"tag_name", "partner", "language", "month"} <= set(kinds)


def test_articles_by_tag_reads_one_page_of_releases_not_every_tag(archive):
    # On a six-year archive (40,000 releases, 120,000 tags on them) the view read every tag and sorted them all for
    # each page: 1.6-2.1 s for Datasette's page. It starts from the releases now: newest first walks the publication
    # index and stops after a page, and the partner facet counts on the partner index.
    import sqlite3

    with sqlite3.connect(f"file:{archive}?mode=ro", uri=True) as conn:
        newest = [
            r[3] for r in conn.execute("explain query plan select * from tagged_articles order by published desc")
        ]
        by_partner = [
            r[3]
            for r in conn.execute(
                "explain query plan select partner, count(*) from (select * from tagged_articles) group by partner"
            )
        ]
    assert "idx_articles_published" in newest[0] and not any("TEMP B-TREE" in step for step in newest)
    assert "COVERING INDEX idx_articles_partner" in by_partner[0]


def test_the_articles_table_sends_staff_to_the_fast_way_of_counting_by_tag(archive):
    # Datasette's facet over the tags list dedups every column of every release: it ran out of its 3 s on a 40,000
    # release archive, every time. The table's description points to Articles by tag and the tag pages instead.
    page = get(archive, "/archive/articles").text
    assert "Articles by tag" in page and "tag_name facet" in page and "facet by each" not in page


def test_articles_are_newest_first(archive):
    rows = get(archive, "/archive/articles.json?_shape=array").json()
    dates = [r["published"] for r in rows if r["published"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    "query",
    ["what_each_partner_published_this_month", "releases_in_more_than_one_language", "sources_that_are_failing"],
)
def test_canned_queries_run(archive, query):
    assert get(archive, f"/archive/{query}.json?month=2021-05").status_code == 200


def test_mentions_of_a_tag_by_month(archive):
    rows = get(archive, "/archive/mentions_of_a_tag_by_month.json?tag=hope&_shape=array").json()
    assert {r["month"] for r in rows} >= {"2021-05", "2021-06", "2022-09"}


@pytest.mark.parametrize(
    "query,expected",
    [
        ("Seinäjoella", "Seinäjoki mukana kansainvälisessä työllisyyden HOPE-hankkeessa"),  # not in the text as such
        ("hankkeessa", "Toimintojen talo avaa ovensa nuorille"),  # "HOPE-hankkeen" there
        ("projekt", "Seinäjoki stad deltar i det europeiska HOPE-projektet"),  # "projektet"
    ],
)
def test_search_query_finds_inflected_forms(archive, query, expected):
    rows = get(archive, f"/archive/search.json?words={query}&_shape=array").json()
    titles = [r["title"] for r in rows]
    assert expected in titles
    assert all(r["tags"] for r in rows)


def test_the_canned_search_shows_a_match_where_it_is_not_only_the_texts_start(archive):
    # A release found by its press contact (the demo's Mynewsdesk panel): the snippet is that line, labelled, as in the
    # reading room, not the first 200 characters of a text that never names her.
    rows = get(archive, "/archive/search.json?words=Lindqvist&_shape=array").json()
    quoted = [r for r in rows if r["title"].startswith("Coompanion öppnar")]  # quotes her in its text
    assert len(quoted) == 1 and "säger Anna [Lindqvist]" in quoted[0]["snippet"]
    contact_only = [r for r in rows if r not in quoted]
    assert len(contact_only) == 2 and all(r["snippet"].startswith("(in the press contacts) ") for r in contact_only)
    assert all("Anna [Lindqvist] · Verksamhetschef" in r["snippet"] for r in contact_only)
    found_in_text = get(archive, "/archive/search.json?words=Maribor&_shape=array").json()
    assert found_in_text and all("(in " not in r["snippet"] and "[Maribor" in r["snippet"] for r in found_in_text)


def test_table_search_box_finds_base_and_inflected_forms(archive):
    for q in ("Seinäjoki", "Seinäjoen", "Seinäjoella", "kuntakokeilu"):
        rows = get(archive, f"/archive/articles.json?_search={q}&_shape=array").json()
        assert any(r["title"].startswith("Seinäjoki mukana") for r in rows), q


def test_the_row_page_leads_to_the_reading_room(archive):
    page = get(archive, "/archive/articles/1").text
    assert 'Read this release in the <a href="/-/article/1">reading room</a>' in page
    article = get(archive, "/-/article/1").text
    assert "Tags, and why" in article and re.search(r'<a class="tag" href="/-/tag/[^"]+">[^<]+</a>', article)
    assert "“" in article and ">in paragraph " in article  # evidence, in words (linked to its paragraph)


@pytest.mark.parametrize(
    "path",
    [
        "/archive/articles",
        "/archive/articles/1",
        "/archive/articles?_search=HOPE",
        "/archive/tags",
        "/archive/tags/hope",
    ],
)
def test_on_a_phone_each_cell_is_labelled_by_its_own_column(archive, path):
    """Staff review (s38): on a phone Datasette shows a table's cells one under another, each labelled by CSS in the
    table's own column order; newsflow shows the articles table's title first, so on "This release's record in the
    database" the headline was labelled "id", the partner "canonical_url", the date "guid"."""
    page = get(archive, path).text
    headed = re.findall(r'<th [^>]*data-column="([^"]+)"', page)
    labels = re.findall(r'td:nth-of-type\((\d+)\):before \{ content: "([^"]*)"; \}', page)
    assert headed and [int(n) for n, _ in labels] == list(range(1, len(labels) + 1)), path
    assert [name for _, name in labels] == headed, path


def test_machine_translation_is_labelled_on_the_article_page(tmp_path, packages):
    runner = CliRunner()
    runner.invoke(cli, ["models", "install", str(packages["fi_en"])])
    db = tmp_path / "archive.db"
    assert runner.invoke(cli, ["demo", "--db", str(db), "--port", "0"]).exit_code == 0
    rows = get(db, "/archive/articles.json?_shape=array&language=fi").json()
    page = get(db, f"/-/article/{rows[0]['id']}").text
    assert "machine translation into English" in page and "machine-made, not the partner" in page
    assert "tiny fi-en@1.0" in page
    meta = get(db, "/archive/articles.json?_extra=metadata").json()
    columns = meta.get("metadata", {}).get("columns") or {}
    assert "machine" in columns.get("translation", "machine").lower()


def test_atom_feeds_per_tag_and_per_source(archive):
    tag = get(archive, "/-/feeds/tag/hope.atom")
    assert tag.status_code == 200 and tag.headers["content-type"].startswith("application/atom+xml")
    assert tag.text.count("<entry>") == 7 and "HOPE project" in tag.text
    import sqlite3

    with sqlite3.connect(archive) as conn:
        (source_id,) = conn.execute("select id from sources where partner = 'Coompanion'").fetchone()
    source = get(archive, f"/-/feeds/source/{source_id}.atom")
    assert source.text.count("<entry>") == 3 and "Coompanion" in source.text
    assert get(archive, "/-/feeds/tag/nope.atom").status_code == 404
    import xml.dom.minidom

    xml.dom.minidom.parseString(tag.content)  # well-formed


def test_nothing_served_can_write(archive):
    r = get(archive, "/archive.json?sql=delete+from+articles")
    assert r.status_code in (400, 403)
    r = get(archive, "/archive.json?sql=select+count(*)+as+n+from+articles&_shape=array")
    assert r.json()[0]["n"] == 10


def test_a_form_posted_to_a_table_or_query_is_told_nothing_is_written_and_a_wrong_sort_is_a_wrong_address(archive):
    """Staff probe: a form posted to the canned search answered "Something went wrong" ('tuple' object has no
    attribute 'asgi_send'), and `?_sort=` a column there is not, "Something went wrong" too (HTTP 500)."""
    import asyncio
    import hashlib

    from newsflow.browse import make_datasette

    before = hashlib.sha256(archive.read_bytes()).hexdigest()
    ds = make_datasette(archive)

    async def post(path: str) -> tuple[int, str]:
        answer = await ds.client.post(path, data={"q": "HOPE", "sql": "delete from articles"})
        return answer.status_code, answer.text

    for path in ("/archive/search", "/archive/articles", "/archive", "/archive/articles/-/insert"):
        status, text = asyncio.run(post(path))
        assert status == 405 and "only reads the archive" in text, (path, status, text[:200])
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == before
    wrong = get(archive, "/archive/articles?_sort=nonexistent")
    assert wrong.status_code == 400 and "Cannot sort table by nonexistent" in wrong.text
    assert get(archive, "/archive/articles?_sort=published").status_code == 200
    as_json = get(archive, "/archive/articles.json?_sort=nonexistent")  # a program asked: JSON, as it was
    assert as_json.status_code == 400 and as_json.json()["error"] == "Cannot sort table by nonexistent"


def test_a_password_protects_everything_when_set(archive):
    from base64 import b64encode

    from datasette_auth_passwords.utils import hash_password

    hashed = hash_password("sekret")
    assert get(archive, "/archive/articles", hashed).status_code == 401
    assert get(archive, "/-/feeds/tag/hope.atom", hashed).status_code == 401
    auth = {"authorization": "Basic " + b64encode(b"staff:sekret").decode()}
    assert get(archive, "/archive/articles", hashed, auth).status_code == 200


def test_a_password_in_any_letters_works_and_a_header_that_does_not_decode_asks_again(archive, monkeypatch):
    """Probe: staff in Maribor chose "Žuželka:2026"; every login, right or wrong, answered "Internal Server Error"
    (datasette-auth-passwords read the header as ASCII), and so did a header that is no base64. Every request also ran
    the password hash's 480,000 rounds twice (0.2-0.3 s a request, a page's every stylesheet and script too), and
    /-/metadata.json showed the hash."""
    from base64 import b64encode

    import datasette_auth_passwords.utils as auth_utils

    from newsflow.browse import make_datasette

    hashed = auth_utils.hash_password("Žuželka:2026 ")
    checked: list[str] = []
    real_verify = auth_utils.verify_password

    def verify(password: str, password_hash: str) -> bool:
        checked.append(password)
        return real_verify(password, password_hash)

    monkeypatch.setattr(auth_utils, "verify_password", verify)

    def basic(raw: bytes) -> dict[str, str]:
        return {"authorization": "Basic " + b64encode(raw).decode("ascii")}

    async def go() -> list:
        ds = make_datasette(archive, hashed)
        asked = [
            ("/archive/articles", basic("staff:Žuželka:2026 ".encode())),  # (a browser sends UTF-8)
            ("/", basic("staff:Žuželka:2026 ".encode())),
            ("/-/metadata.json", basic("Staff:Žuželka:2026 ".encode())),
            ("/", basic("staff:Žuželka:2026 ".encode("latin-1", "replace"))),  # (Ž has no Latin-1: wrong)
            ("/", basic("staff:päivä".encode())),
            ("/", {"authorization": "Basic !!!notbase64"}),
            ("/", basic(b"\xff\xfe:\x00")),
            ("/", {"authorization": "Bearer x"}),
            ("/", basic("visitor:Žuželka:2026 ".encode())),
        ]
        return [await ds.client.get(path, headers=headers) for path, headers in asked]

    right, again, meta, *wrong = asyncio.run(go())
    assert right.status_code == again.status_code == meta.status_code == 200
    assert "pbkdf2" not in meta.text and "Žuželka" not in meta.text
    # Once for "staff", once for "Staff" (a phone's capital): then each is known by what the browser sends.
    assert checked.count("Žuželka:2026 ") == 2
    for answer in wrong:
        assert answer.status_code == 401, answer.text
        assert answer.headers["www-authenticate"] == 'Basic realm="newsflow reading room", charset="UTF-8"'
        assert "the user name is staff" in answer.text


def test_a_websocket_asked_of_the_reading_room_is_closed_not_a_500(archive):
    """Review: a WebSocket upgrade passed the password check (not an http request) and met a traceback inside."""
    from datasette_auth_passwords.utils import hash_password

    from newsflow.browse import make_datasette

    sent: list[dict] = []

    async def go() -> None:
        app = make_datasette(archive, hash_password("sekret")).app()
        asked = [{"type": "websocket.connect"}]

        async def receive() -> dict:
            return asked.pop(0)

        async def send(message: dict) -> None:
            sent.append(message)

        scope = {"type": "websocket", "path": "/archive/articles", "raw_path": b"/archive/articles", "headers": []}
        await app({**scope, "query_string": b"", "scheme": "ws", "asgi": {"version": "3.0"}}, receive, send)

    asyncio.run(go())
    assert sent == [{"type": "websocket.close", "code": 1008}]


def test_the_subscribe_page_says_a_feed_reader_needs_the_password_only_where_one_is_set(archive):
    from base64 import b64encode

    from datasette_auth_passwords.utils import hash_password

    page = "/-/subscribe?feed=/-/feeds/tag/hope.atom"
    auth = {"authorization": "Basic " + b64encode(b"staff:sekret").decode()}
    guarded = get(archive, page, hash_password("sekret"), auth)
    assert guarded.status_code == 200 and "give the reader the same user name (staff) and password" in guarded.text
    assert "same user name (staff)" not in get(archive, page).text


def test_serve_on_every_address_names_one_colleagues_can_open(archive, monkeypatch):
    """Probe: "Reading room on http://0.0.0.0:8772/", an address no colleague can open."""
    import socket

    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    monkeypatch.setattr(socket, "getfqdn", lambda *a: "newsroom.seinajoki.example")
    monkeypatch.setenv("NEWSFLOW_PASSWORD", "s3cret")
    with socket.socket() as free:  # (a port nothing listens on: 8772 may be another reading room's)
        free.bind(("0.0.0.0", 0))
        port = free.getsockname()[1]
    said = CliRunner().invoke(cli, ["serve", "--db", str(archive), "--host", "0.0.0.0", "--port", str(port)])
    assert said.exit_code == 0, said.output
    assert (
        f"Reading room on http://newsroom.seinajoki.example:{port}/ (every address of this machine, port {port})"
        in (said.output)
    )
    assert "0.0.0.0" not in said.output
    # Review: where /etc/hosts maps the machine's name to 127.0.0.1, getfqdn says "localhost", the one address not
    # to give: the machine's own name then, or words saying what to give.
    monkeypatch.setattr(socket, "getfqdn", lambda *a: "localhost")
    monkeypatch.setattr(socket, "gethostname", lambda: "vm-newsroom")
    named = CliRunner().invoke(cli, ["serve", "--db", str(archive), "--host", "0.0.0.0", "--port", str(port)])
    assert f"Reading room on http://vm-newsroom:{port}/" in named.output, named.output
    monkeypatch.setattr(socket, "gethostname", lambda: "localhost")
    unnamed = CliRunner().invoke(cli, ["serve", "--db", str(archive), "--host", "0.0.0.0", "--port", str(port)])
    assert f"Reading room on every address of this machine, port {port} (http://THIS-MACHINE'S-NAME:{port}/)" in (
        unnamed.output
    )
    assert "localhost" not in unnamed.output


def test_serve_refuses_a_public_address_without_a_password(archive, monkeypatch):
    monkeypatch.delenv("NEWSFLOW_PASSWORD", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--db", str(archive), "--host", "0.0.0.0"])
    assert result.exit_code != 0 and "NEWSFLOW_PASSWORD" in result.output and "--public" in result.output


def test_serve_in_a_language_nothing_is_translated_into_shows_the_translations_there_are(
    archive, monkeypatch, tmp_path
):
    """Staff probe: `serve --lang sv` (or fi, de) was taken without a word where only English translations are made;
    the pages then promised translations into Swedish that never come, and hid the English ones there are."""
    import uvicorn

    from newsflow import browse

    shown: list[str] = []
    make = browse.make_datasette

    def made(*args: Any, **kwargs: Any) -> Any:
        shown.append(kwargs["reader_language"])
        return make(*args, **kwargs)

    monkeypatch.setattr(browse, "make_datasette", made)
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    swedish = CliRunner().invoke(cli, ["serve", "--db", str(archive), "--lang", "sv"])
    assert swedish.exit_code == 0 and shown == ["en"], swedish.output
    assert "no machine translations are made into Swedish (target_languages: English): the reading room shows the " in (
        swedish.output
    )
    assert 'add "sv" to target_languages in feeds.toml' in swedish.output
    translated = copy_archive(archive, tmp_path / "translated.db")  # Swedish ones archived (a target once)
    with sqlite3.connect(translated) as conn:
        conn.execute(
            "insert into translations (article_id, position, target, source_language, text, machine) "
            "select id, -1, 'sv', language, title, 1 from articles limit 1"
        )
    assert CliRunner().invoke(cli, ["serve", "--db", str(translated), "--lang", "sv"]).exit_code == 0
    english = CliRunner().invoke(cli, ["serve", "--db", str(archive), "--lang", "en"])
    assert shown[1:] == ["sv", "en"] and "no machine translations" not in english.output


def test_export_csv_and_json_by_tag_and_date(archive, tmp_path):
    import csv
    import io

    out = CliRunner().invoke(
        cli, ["export", "--db", str(archive), "--tag", "hope", "--since", "2021-06-01", "--format", "csv"]
    )
    assert out.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert {r["title"] for r in rows} == {
        "Seinäjoki stad deltar i det europeiska HOPE-projektet",
        "Toimintojen talo avaa ovensa nuorille",
        "Healthy Kids of Seinäjoki -malli esiteltiin Mariborissa",
        "HOPE partners meet in Maribor to share good practices",
        "Derry and Strabane showcases the Foyle Community Work Programme",
        "HOPE final conference: social economy policies for inclusive regions",
    }
    assert "machine_translation" in rows[0] and "machine_translation_by" in rows[0]
    assert all("hope" in r["tags"].split() for r in rows)
    assert all("HOPE project" in r["tag_names"].split("; ") for r in rows)  # and by the names staff know them by
    target = tmp_path / "all.json"
    assert (
        CliRunner().invoke(cli, ["export", "--db", str(archive), "--format", "json", "-o", str(target)]).exit_code == 0
    )
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(data) == 10 and isinstance(data[0]["tags"], list)
    # Probe (s28): `export -o FILE` said nothing, and a filter matching nothing wrote a file of headers silently.
    said = CliRunner().invoke(cli, ["export", "--db", str(archive), "-o", str(tmp_path / "all.csv")])
    assert said.exit_code == 0 and "Wrote 10 releases to " in said.output
    none = CliRunner().invoke(cli, ["export", "--db", str(archive), "--lang", "sl", "-o", str(tmp_path / "sl.csv")])
    assert (
        none.exit_code == 0 and "No release matches: " in none.output and "holds the column names only" in (none.output)
    )
    assert (tmp_path / "sl.csv").read_text(encoding="utf-8-sig").startswith("id,")
    assert len(data[0]["tag_names"]) == len(data[0]["tags"])


def test_the_language_facet_counts_a_mixed_release_under_each_language(archive):
    data = get(archive, "/archive/articles_by_language.json?_facet=language&_extra=facet_results").json()
    facets = data["facet_results"]
    facets = facets.get("results", facets)
    langs = {f["value"]: f["count"] for f in facets["language"]["results"]}
    assert langs["fi"] == 3 and langs["en"] == 4  # the mixed Seinäjoki release counts under both
