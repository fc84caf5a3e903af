"""What a hostile newsroom writes cannot break the reading room's feeds or send staff elsewhere, and what is not
for readers (digest recipients' addresses, the pages as fetched) is not served, even by `serve --public`."""

from __future__ import annotations

import asyncio
import html
import re
import sqlite3
import xml.dom.minidom

import pytest

from conftest import copy_archive, reading_room_get
from newsflow.browse import PRIVATE_TABLES, original_link

# What review found in a partner's page: ESC sequences, BEL, form feed, \x01 and \x0b (all forbidden in XML 1.0).
CONTROL_TITLE = "Ctl \x1b[2J\x1b[31mRED\x1b]0;pwned\x07 \x0c HOPE \x01\x0b\x7f end"
CONTROL_TEXT = "First\x01 paragraph\x0b with a tab\there and \x1b[31mcolour\x1b[0m."
ADDRESS = "director@partner.example"


@pytest.fixture
def demo(demo_archive):
    return demo_archive


@pytest.fixture
def copy(demo_archive, tmp_path):
    return copy_archive(demo_archive, tmp_path / "copy.db")


get = reading_room_get


def hope_article(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("select max(article_id) from article_tags where tag_id = 'hope'").fetchone()[0]


# ---------------------------------------------------------------- Atom feeds


@pytest.mark.parametrize("path", ["/-/feeds/tag/hope.atom", "/-/search.atom", "/-/search.atom?q=HOPE"])
def test_control_characters_from_a_page_leave_the_feed_well_formed(copy, path):
    article = hope_article(copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("update articles set title = ?, text = ? where id = ?", [CONTROL_TITLE, CONTROL_TEXT, article])
        conn.execute("update paragraphs set text = ? where article_id = ? and position = 0", [CONTROL_TEXT, article])
        conn.execute("update articles set partner = 'Partner\x1b[2J' where id = ?", [article])
    feed = get(copy, path)
    assert feed.status_code == 200
    dom = xml.dom.minidom.parseString(feed.content)  # raised "not well-formed (invalid token)" before
    entries = dom.getElementsByTagName("entry")
    titles = [e.getElementsByTagName("title")[0].firstChild.data for e in entries]
    kept = "Ctl [2J[31mRED]0;pwned  HOPE \x7f end"  # the rest of the title, DEL (allowed in XML 1.0) too
    assert kept in titles
    entry = entries[titles.index(kept)]
    summary = entry.getElementsByTagName("summary")[0].toxml()
    assert "First paragraph with a tab\there and [31mcolour[0m." in summary
    assert entry.getElementsByTagName("name")[0].firstChild.data == "Partner[2J"
    assert len(entries) > 1  # every other release still in the feed


def test_the_atom_writer_drops_only_what_xml_forbids():
    from newsflow.browse import atom_xml

    kept = "tab\t newline\n é ü – \ue000 \ufffd \U0001f600 end"
    row = {
        "id": 1,
        "url": "https://city.example/news/1",
        "title": "\x00\x08 A\x1f" + kept,
        "text": "",
        "language": "fi",
        "partner": "City",
        "source_id": "city",
        "when": "2021-03-01",
        "title_translation": "\x1b[1mBold\x1b[0m",
        "translation": "",
        "translation_target": "en",
        "tag_items": [{"id": "t\x01", "name": "Tag\x02 name"}],
    }
    xml_text = atom_xml("http://room", "/-/search.atom", "Feed \x07", [row], {}, "en", lambda i: f"/-/article/{i}")
    dom = xml.dom.minidom.parseString(xml_text.encode("utf-8"))
    assert dom.getElementsByTagName("title")[1].firstChild.data == " A" + kept
    assert dom.getElementsByTagName("category")[0].getAttribute("label") == "Tag name"


@pytest.mark.parametrize(
    ("when", "stated"),
    [
        ("2025-03-12", "2025-03-12T00:00:00+00:00"),
        ("2025-03-12T10:00:00", "2025-03-12T10:00:00+00:00"),
        ("2025-03-12T00:00:00+02:00", "2025-03-12T00:00:00+02:00"),
        ("2025-03-11T19:00:00-05:00", "2025-03-11T19:00:00-05:00"),
    ],
)
def test_atom_dates_are_rfc_3339_whatever_zone_the_newsroom_wrote(when, stated):
    from newsflow.browse import atom_xml

    row = {"id": 1, "url": "https://e.example/1", "title": "T", "text": "", "language": "en", "partner": "P"}
    row |= {"source_id": "s", "when": when, "published": when, "title_translation": "", "translation": ""}
    dom = xml.dom.minidom.parseString(atom_xml("http://room", "/-/x.atom", "F", [row], {}, "en", str).encode())
    (entry,) = dom.getElementsByTagName("entry")
    assert [entry.getElementsByTagName(n)[0].firstChild.data for n in ("updated", "published")] == [stated] * 2


# ---------------------------------------------------------------- the "Original" link


@pytest.mark.parametrize(
    ("url", "canonical", "expected"),
    [
        ("https://city.example/news/1", "http://evil.example/phish", "https://city.example/news/1"),
        ("https://city.example/news/1", "https://city.example.evil.example/x", "https://city.example/news/1"),
        ("https://city.example/news/1", "https://city.example@evil.example/x", "https://city.example/news/1"),
        ("https://city.example/news/1?utm=x", "https://www.City.Example/news/1", "https://www.City.Example/news/1"),
        ("http://www.city.example/news/1", "https://city.example:443/news/1", "https://city.example:443/news/1"),
        ("https://city.example/news/1", "javascript:alert(1)", "https://city.example/news/1"),
        ("https://city.example/news/1", "", "https://city.example/news/1"),
        ("javascript:alert(1)", "https://city.example/news/1", None),
    ],
)
def test_the_original_is_the_declared_canonical_only_on_the_pages_own_host(url, canonical, expected):
    assert original_link(url, canonical) == expected


def test_a_canonical_on_another_host_is_not_the_original_link(copy):
    article = hope_article(copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("update articles set canonical_url = 'http://evil.example/phish' where id = ?", [article])
        url = conn.execute("select url from articles where id = ?", [article]).fetchone()[0]
    page = get(copy, f"/-/article/{article}").text
    assert "evil.example" not in page
    assert re.search(r'<a class="original" href="([^"]+)"', page)[1] == url.replace("&", "&amp;")
    # Datasette's own row and table pages show it as text, not as a link.
    for path in (f"/copy/articles/{article}", "/copy/articles?_col=url&_col=canonical_url"):
        answer = get(copy, path)
        assert answer.status_code == 200 and "http://evil.example/phish" in answer.text, path
        assert 'href="http://evil.example/phish"' not in answer.text, path


def test_a_canonical_on_the_same_host_stays_the_original_link(copy):
    article = hope_article(copy)
    with sqlite3.connect(copy) as conn:
        url = conn.execute("select url from articles where id = ?", [article]).fetchone()[0]
        canonical = url.split("?")[0] + "/canonical"
        conn.execute("update articles set canonical_url = ? where id = ?", [canonical, article])
    page = get(copy, f"/-/article/{article}").text
    assert f'<a class="original" href="{canonical}"' in page
    assert f'href="{canonical}"' in get(copy, f"/copy/articles/{article}").text


# ---------------------------------------------------------------- tables not for readers


@pytest.fixture
def with_digest(copy):
    """A digest sent to a person: their address in digest_sends and digests.last_error, one release marked sent."""
    article = hope_article(copy)
    with sqlite3.connect(copy) as conn:
        conn.execute(
            "insert into digests (name, since, created, last_attempt, last_sent, last_error) values (?, ?, ?, ?, ?, ?)",
            ["hope-weekly", "2000-01-01", "2026-01-01", "2026-01-02", "2026-01-02", f"refused {ADDRESS}"],
        )
        conn.execute(
            "insert into digest_sends (id, digest, started, finished, status, recipients, articles, error)"
            " values (1, 'hope-weekly', '2026-01-02', '2026-01-02', 'sent', ?, 1, '')",
            [ADDRESS],
        )
        conn.execute(
            "insert into digest_items (digest, article_id, send_id, sent) values ('hope-weekly', ?, 1, '2026-01-02')",
            [article],
        )
        assert conn.execute("select count(*) from responses").fetchone()[0] > 0
    return copy


@pytest.mark.parametrize(
    "path",
    [
        "/copy/digest_sends",
        "/copy/digest_sends.json",
        "/copy/digest_sends.csv",
        "/copy/digest_sends/1",
        "/copy/digests",
        "/copy/digests.json",
        "/copy/digest_items",
        "/copy/responses",
        "/copy/responses.json",
        "/copy/responses.csv?_stream=on",
    ],
)
def test_private_tables_are_refused_not_just_hidden(with_digest, path):
    answer = get(with_digest, path)
    assert answer.status_code == 403, path
    assert ADDRESS not in answer.text and "Traceback" not in answer.text


@pytest.mark.parametrize(
    "sql",
    [
        "select * from digest_sends",
        "select recipients from digest_sends union all select last_error from digests",
        "select * from (select * from digest_sends) where recipients like '%@%'",
        "with t as (select * from DIGEST_SENDS) select * from t",
        "select count(*) as n from digest_sends where recipients like '%partner%'",
        "select * from main.responses",
        "select length(body) as n, headers from responses",
    ],
)
def test_sql_reads_nothing_of_a_private_table(with_digest, sql):
    answer = get(with_digest, "/copy.json?_shape=array&sql=" + sql.replace(" ", "+").replace("%", "%25"))
    assert ADDRESS not in answer.text and "partner.example" not in answer.text
    if answer.status_code == 200:
        rows = answer.json()
        assert all(v in (None, 0) for row in rows for v in row.values()), rows


def test_power_users_keep_sql_tables_canned_queries_and_the_row_page(with_digest):
    ok = get(with_digest, "/copy.json?_shape=array&sql=select+count(*)+as+n+from+articles")
    assert ok.status_code == 200 and ok.json()[0]["n"] == 10
    article = hope_article(with_digest)
    for path in (
        "/copy",
        "/copy/articles",
        f"/copy/articles/{article}",  # counts the rows that refer to it, in digest_items and responses too
        "/copy/tagged_articles",
        "/copy/articles_by_language",
        "/copy/search?words=HOPE",
        "/copy/mentions_of_a_tag_by_month?tag=HOPE",
        "/copy/robots",
    ):
        answer = get(with_digest, path)
        assert answer.status_code == 200, path
        assert ADDRESS not in answer.text, path


def test_a_row_page_links_to_no_private_table(with_digest):
    """Staff review (s38): "This release's record in the database" listed "1 row from article_id in digest_items" and
    "from article_id in responses" among its links from other tables, each leading to a Forbidden page."""
    article = hope_article(with_digest)
    for path in (f"/copy/articles/{article}", "/copy/sources/demo-hope"):
        page = get(with_digest, path)
        assert page.status_code == 200, path
        listed = re.findall(r'<a href="(/copy/[a-z_]+\?[^"]+)">', page.text)
        assert listed, path  # (the article's paragraphs, tags, sources; the source's articles)
        for link in listed:
            assert not any(f"/copy/{t}?" in link for t in PRIVATE_TABLES), link
            assert get(with_digest, html.unescape(link)).status_code == 200, link
    assert "article_tags" in get(with_digest, f"/copy/articles/{article}").text


def test_the_digest_preview_still_reads_what_was_sent(with_digest, tmp_path):
    """newsflow's own preview reads the private tables: the release already sent is not in the next digest."""
    config = tmp_path / "feeds.toml"
    config.write_text(
        '[digest]\nbase_url = "https://newsroom.example.org"\n\n[digest.digests.hope-weekly]\n'
        f'to = ["{ADDRESS}"]\ntags = ["hope"]\nsince = "2000-01-01"\n',
        encoding="utf-8",
    )
    article = hope_article(with_digest)
    page = get(with_digest, "/-/digest/hope-weekly", config_path=str(config))
    assert page.status_code == 200
    linked = {int(n) for n in re.findall(r"/-/article/(\d+)", page.text)}
    assert linked and article not in linked  # the others are there
    # ... and a visitor's SQL right after, on the same connection, still reads nothing private.
    again = get(with_digest, "/copy.json?_shape=array&sql=select+recipients+from+digest_sends")
    assert ADDRESS not in again.text


def test_plain_datasette_refuses_them_too(with_digest):
    """`datasette archive.db` loads the plugin without newsflow's metadata: the tables are refused all the same."""
    from datasette.app import Datasette

    async def go(path):
        return await Datasette([str(with_digest)]).client.get(path)

    assert asyncio.run(go("/copy/digest_sends.json")).status_code == 403
    assert ADDRESS not in asyncio.run(go("/copy.json?sql=select+*+from+digest_sends")).text


def test_search_results_for_excel_keep_hostile_text_as_text_and_link_only_the_web(copy):
    """Staff probe: a comma-separated file opens in one column in an Excel set up for Finnish, Swedish or Slovenian,
    so results come as a workbook too. What a newsroom wrote stays text there (a headline that looks like a formula),
    and only http(s) addresses become links (a page can declare a javascript: address)."""
    import io

    import openpyxl

    article = hope_article(copy)
    with sqlite3.connect(copy) as conn:
        conn.execute(
            "update articles set title = ?, url = ? where id = ?",
            ['=HYPERLINK("http://evil.example","Click") HOPE', "javascript:alert(1)", article],
        )
    answer = get(copy, "/-/search.xlsx?tag=hope")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content))["Releases"]
    rows = list(sheet.iter_rows(min_row=2))
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[:4] == ["Date", "Partner", "Languages", "Headline"] and len(rows) == 7
    hostile = next(r for r in rows if str(r[3].value).startswith("=HYPERLINK"))
    assert hostile[3].data_type == "s" and hostile[6].value == "javascript:alert(1)" and hostile[6].hyperlink is None
    others = [r for r in rows if r is not hostile]
    assert all(r[6].hyperlink.target.startswith("http") and r[7].hyperlink for r in others)
    assert all(r[0].is_date for r in rows if r[0].value)  # dates as dates, for Excel's own filters
    languages = {r[2].value for r in rows}
    # As the release's page names them, most of its text first (the demo's mixed release is mostly English).
    assert "English and Finnish" in languages and "Finnish and English" not in languages


def test_a_download_is_named_for_what_it_holds_safely(demo):
    """Staff probe: every search downloaded as "newsflow-releases.csv". The name says what it holds, in plain ASCII,
    whatever a search or a partner's name holds (a quote or a slash would end or misplace the header's name)."""
    from datetime import UTC, datetime

    named = get(demo, "/-/search.xlsx?q=HOPE&partner=City+of+Sein%C3%A4joki").headers["content-disposition"]
    today = datetime.now(UTC).date().isoformat()  # (the day it is made, as the reading room counts it)
    assert named == f'attachment; filename="releases matching HOPE, from City of Seinajoki, {today}.xlsx"'
    hostile = get(demo, "/-/search.csv?q=" + "%22a%2Fb%5C%22%3B%20x%3D%3Cscript%3E").headers["content-disposition"]
    name = hostile.removeprefix('attachment; filename="').removesuffix('"')
    assert hostile.endswith('.csv"') and not set(name) & set('"\\/;<>') and name.isascii()


def test_the_canned_search_marks_the_matches_not_a_newsrooms_own_brackets():
    """Hostile-input probe: in Datasette's "Search, in any inflected form", every "[" and "]" a newsroom wrote became
    <mark> and </mark>, nested and unbalanced. The text's own brackets stay; only the matches are marked."""
    from newsflow.browse import _archive_snippet, render_cell

    _snippet = _archive_snippet(sqlite3.connect(":memory:"))  # (newsflow_snippet, on an archive of no words)
    text = "A note [2J[3J] before the HOPE project and [H] after it."
    marked = _snippet(text, "en", "HOPE")
    assert "⟦HOPE⟧" in marked and "[2J[3J]" in marked and "[H]" in marked
    cell = str(render_cell(None, marked, "snippet", None, "archive", None))
    assert "<mark>HOPE</mark>" in cell and cell.count("<mark>") == 1 and "[2J[3J]" in cell
    plain = _snippet("The HOPE project met.", "en", "HOPE")  # no brackets of its own: as the command line marks
    assert (
        plain == "The [HOPE] project met."
        and str(render_cell(None, plain, "snippet", None, "a", None)).count("<mark>") == 1
    )
    hostile = _snippet("<script>x</script> [HOPE] ⟦", "en", "HOPE")
    assert "<script>" not in str(render_cell(None, hostile, "snippet", None, "a", None))


def test_a_releases_page_lists_its_attachments_with_their_text_and_a_hostile_one_is_only_data(copy):
    """A release published as a PDF is found by the PDF's words; its page named no attachment at all (staff probe,
    s34). Each is listed: its link text (or file name), an http(s) link only, its text (a long one's start), or why
    none was read; what the file or its link says is data."""
    article = hope_article(copy)
    long = "\n".join(f"Kappale {i}: HOPE-hankkeen loppuraportti kertoo tuloksista." for i in range(600))  # (as kept)
    rows = [
        ("https://e.example/files/Loppuraportti%202026.pdf", "", "pdf", long, len(long), ""),
        ("javascript:alert(1)//x.pdf", "<script>alert('t')</script>", "pdf", "", 0, "HTTP 404 (not found) (j:x.pdf)"),
        ("https://e.example/files/broken.pdf", "Broken", "pdf", "", 0, "unreadable PDF: PdfStreamError: Stream ended"),
        ("https://e.example/files/budget.xlsx", "Budjetti", "xlsx", "", 0, ""),
    ]
    with sqlite3.connect(copy) as conn:
        conn.execute("delete from attachments where article_id = ?", [article])
        conn.executemany(
            "insert into attachments (article_id, url, title, content_type, text, chars, error)"
            " values (?, ?, ?, ?, ?, ?, ?)",
            [(article, *row) for row in rows],
        )
    page = get(copy, f"/-/article/{article}").text
    section = page[
        page.index('<section class="attachments">') : page.index(
            "</section>", page.index('<section class="attachments">')
        )
    ]
    assert (
        '<a href="https://e.example/files/Loppuraportti%202026.pdf" rel="noopener noreferrer">'
        "Loppuraportti 2026.pdf</a>" in section
    )
    assert f"{len(long):,} characters of text" in section
    assert "<p>Kappale 0: HOPE-hankkeen loppuraportti kertoo tuloksista.</p><p>Kappale 1: " in section  # (a line each)
    assert "open the file for the rest" in section and "Kappale 599" not in section  # (the first 20,000 characters)
    assert "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;" in section and "<script>" not in section
    assert 'href="javascript' not in page and "No text: the file is no longer at this address." in section
    assert "No text: the file could not be read (a damaged PDF)." in section and "PdfStreamError" not in section
    last = re.search(r"<p>([^<]*) …</p></details>", section)  # (cut at a word's end, said so)
    assert last and f"{last[1]} " in long
    assert ">Budjetti</a>" in section and "No text: newsflow reads the text of PDFs only." in section


def test_every_answer_forbids_guessing_its_type_and_framing_by_another_site(demo):
    """Security probe (s36): no answer said nosniff or who may frame it. Pages, downloads, feeds, Datasette's own
    tables, a 404 and the answer to a POST all say both now (the digest preview frames its own e-mail: 'self')."""
    from newsflow.browse import make_datasette

    async def post():
        return await make_datasette(demo).client.post("/archive/articles", data={"a": "b"})

    answers = [
        get(demo, path)
        for path in ("/", "/-/search?q=HOPE", "/-/search.csv?q=HOPE", "/-/search.atom", "/archive/articles", "/-/nope")
    ]
    answers.append(asyncio.run(post()))
    assert {a.status_code for a in answers} >= {200, 404, 405}
    for a in answers:
        assert a.headers.get("x-content-type-options") == "nosniff", a.url
        assert a.headers.get("x-frame-options") == "SAMEORIGIN"
        assert "frame-ancestors 'self'" in a.headers.get("content-security-policy", "")
