"""A release archived without a headline is told apart by its first words (readroom probe s42): a list of several
such releases read "(no headline)" for each, the browser's tab and a bookmark of its page were empty (" · newsflow
reading room"), and a feed reader showed its address. Its page still says it has no headline."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from conftest import reading_room_get
from newsflow.archive import Archive
from newsflow.browse import opening_words
from newsflow.models import Article, Paragraph, Source

RAZPIS = "Mestna občina Maribor je objavila javni razpis za socialna podjetja s sedežem v Mariboru. " * 3
OBISK = "Obiskali smo socialno <podjetje> & se pogovarjali o ustanovitvi novega socialnega podjetja."


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("untitled") / "a.db"
    with Archive(path) as a:
        a.sync_sources([Source(id="mb", name="News", kind="feed", url="https://example.org/feed", partner="Maribor")])
        for slug, text in (("razpis", RAZPIS), ("obisk", OBISK)):
            a.save_article(
                Article(
                    url=f"https://example.org/{slug}",
                    source_id="mb",
                    title="",
                    published="2026-12-01T10:00:00+01:00",
                    language="sl",
                    paragraphs=(Paragraph(text=text, language="sl"),),
                )
            )
    return path


def _headlines(page: str) -> list[str]:
    found = re.findall(r'<h3 class="headline"[^>]*><a [^>]*>(.*?)</a></h3>', page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", h)) for h in found]


def test_opening_words_cut_at_a_word() -> None:
    assert opening_words("  Kratko  besedilo.\n") == "Kratko besedilo."
    cut = opening_words(RAZPIS)
    assert cut.endswith(" …") and len(cut) <= 92
    assert RAZPIS.startswith(cut[:-2])
    assert opening_words("") == "" and opening_words(None) == ""


def test_home_and_search_cards_show_the_first_words(archive: Path) -> None:
    for path in ("/", "/-/search?q=podjetja"):
        page = reading_room_get(archive, path).text
        heads = _headlines(page)
        assert any(h.startswith("(no headline) Mestna občina Maribor je objavila javni razpis") for h in heads), heads
        assert any(h.startswith("(no headline) Obiskali smo socialno <podjetje> & se") for h in heads), heads
        assert "<podjetje>" not in page  # the release's words escaped, as every text


def test_the_release_page_is_named_by_its_first_words(archive: Path) -> None:
    page = reading_room_get(archive, "/-/article/2").text
    title = html.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1))  # type: ignore[union-attr]
    assert title.startswith("(no headline) Obiskali smo socialno <podjetje> & se pogovarjali")
    assert title.endswith(" · newsflow reading room")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)  # type: ignore[union-attr]
    assert "(no headline)" in h1 and "Obiskali" not in h1  # the page itself says it has none: the text follows


def test_a_feed_entry_is_titled_by_its_first_words(archive: Path) -> None:
    feed = reading_room_get(archive, "/-/search.atom?q=razpis").text
    titles = re.findall(r'<title xml:lang="sl">(.*?)</title>', feed)
    assert titles == ["Mestna občina Maribor je objavila javni razpis za socialna podjetja s sedežem v Mariboru. …"]


# Printed for a meeting (Ctrl+P on a search): the list and what it is of, without the menu bar, the form's empty
# boxes, the open help, the subscribe and download links and the footer, which took a third of the first page.
PRINT_HIDDEN = (
    "form.filters",
    "details.search-help",
    ".exports",
    "footer.ft",
    ".not-footer > header",
    "aside.side-col",
)


def _print_rules(css: str) -> str:
    start = css.find("@media print")
    assert start >= 0, "no print stylesheet"
    depth, end = 0, start
    for end in range(css.index("{", start), len(css)):
        depth += {"{": 1, "}": -1}.get(css[end], 0)
        if depth == 0:
            break
    return css[start:end]


def test_a_printed_list_leaves_out_the_menus_and_forms(archive: Path) -> None:
    css = reading_room_get(archive, "/-/newsflow/readingroom.css").text
    rules = _print_rules(css)
    hidden = rules[: rules.index("display: none")]
    for selector in PRINT_HIDDEN:
        assert selector in hidden, selector
    assert "break-inside: avoid" in rules  # a release is not cut across two sheets
    page = reading_room_get(archive, "/-/search?q=podjetja").text
    for marker in ('<form class="filters"', '<details class="search-help"', '<p class="exports">', 'class="ft"'):
        assert marker in page, marker  # what the print rules name is what the page has
    home = reading_room_get(archive, "/").text
    assert '<aside class="side-col">' in home and '<div class="not-footer">' in home


# An empty archive (a new installation before its first run, or a run that archived nothing) showed "0 press
# releases", an empty Latest releases with a Subscribe link, an empty Partners heading and "Tags in the latest 0
# releases", and never said why nothing was there nor whom to tell.
def test_an_empty_archive_says_why_and_whom_to_tell(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    with Archive(path):
        pass
    page = reading_room_get(path, "/").text
    lead = re.search(r'<p class="lead empty-archive">(.*?)</p>', page, re.S)
    assert lead and "has not read the partners' newsrooms yet" in lead.group(1)
    assert "tell whoever runs newsflow" in lead.group(1)
    for said in ("0 press releases", "latest 0 releases", "<h2>Partners</h2>", "<h2>Latest releases", ">Subscribe<"):
        assert said not in page, said
    with Archive(path) as a:
        a.runs.finish_run(a.runs.start_run(), "ok", {}, {})
    lead = re.search(r'<p class="lead empty-archive">(.*?)</p>', reading_room_get(path, "/").text, re.S)
    assert lead and "last read the partners' newsrooms on" in lead.group(1) and "archived none" in lead.group(1)


def test_an_archive_with_releases_is_counted_as_before(archive: Path) -> None:
    page = reading_room_get(archive, "/").text
    assert "2 press releases and news from the partners" in page and "empty-archive" not in page
    assert "<h2>Partners</h2>" in page and "<h2>Latest releases" in page and ">Subscribe<" in page
