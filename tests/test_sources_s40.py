"""Sources probes of session 40: sitemap indexes that lead only to indexes, numbered sections read as dates, and
partner newsrooms' listing pages (pagination, load-more buttons, events beside news, split date badges)."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest
from click.testing import CliRunner

from newsflow.cli import cli
from newsflow.fetch import FetchError, Response
from newsflow.models import Source
from newsflow.sources import MAX_SITEMAPS, SourceError, collect_links, links_from_listing, next_listing_page

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _index(*locs: str) -> str:
    return (
        f'<?xml version="1.0"?><sitemapindex {NS}>'
        + "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
        + "</sitemapindex>"
    )


def _urlset(*locs: str) -> str:
    return f'<?xml version="1.0"?><urlset {NS}>' + "".join(f"<url><loc>{loc}</loc></url>" for loc in locs) + "</urlset>"


def _site(pages: dict[str, str], asked: list[str] | None = None):
    """A fetch_child over these pages (any other address: 404), noting each address asked."""

    def fetch(url: str, accept: str = "") -> Response:
        if asked is not None:
            asked.append(url)
        if url not in pages:
            raise FetchError(url, "HTTP 404 (not found)", status=404)
        return Response(url=url, status=200, headers={}, content=pages[url].encode())

    return fetch


def _collect(pages: dict[str, str], url: str, asked: list[str] | None = None):
    src = Source(id="map", name="map", kind="sitemap", url=url)
    fetch = _site(pages, asked)
    return collect_links(fetch, src, fetch(url))


# ---------------------------------------------------------------- 1. an index of indexes, or of itself

INDEX_ONLY = "leads only to sitemap indexes newsflow does not follow"


def test_a_sitemap_index_naming_only_itself_fails_the_source_saying_what_to_give():
    url = "https://e.fi/sitemap.xml"
    asked: list[str] = []
    with pytest.raises(SourceError) as e:
        _collect({url: _index(url)}, url, asked)
    assert INDEX_ONLY in str(e.value) and "feeds.toml" in str(e.value) and e.value.url == url
    assert asked == [url]  # (itself not asked again)


def test_two_indexes_naming_each_other_fail_the_source_once_each_asked():
    top, other = "https://e.fi/sitemap.xml", "https://e.fi/sitemap-b.xml"
    asked: list[str] = []
    with pytest.raises(SourceError, match=INDEX_ONLY):
        _collect({top: _index(other), other: _index(top)}, top, asked)
    assert asked == [top, other]


def test_an_index_within_an_index_is_read_newest_first_and_one_deeper_is_not(caplog):
    # Drupal's and news sites' indexes: the top names an index a year, each naming its months' sitemaps.
    top = "https://e.fi/sitemap.xml"
    pages = {
        top: _index("https://e.fi/sitemap-2026.xml", "https://e.fi/events.xml"),
        "https://e.fi/sitemap-2026.xml": _index("https://e.fi/2026-12.xml", "https://e.fi/2026-11.xml"),
        "https://e.fi/2026-12.xml": _urlset("https://e.fi/uutiset/joulutori"),
        "https://e.fi/2026-11.xml": _urlset("https://e.fi/uutiset/marraskuu"),
        "https://e.fi/events.xml": _urlset("https://e.fi/tapahtumat/joulukonsertti"),
    }
    asked: list[str] = []
    links = _collect(pages, top, asked)
    assert {x.url for x in links} == {
        "https://e.fi/uutiset/joulutori",
        "https://e.fi/uutiset/marraskuu",
        "https://e.fi/tapahtumat/joulukonsertti",
    }
    assert asked[:4] == [top, "https://e.fi/sitemap-2026.xml", "https://e.fi/2026-12.xml", "https://e.fi/2026-11.xml"]
    # Three levels: the third is named in the log and not read; the index's other sitemap still gives its links.
    pages["https://e.fi/2026-12.xml"] = _index("https://e.fi/2026-12-01.xml")
    pages["https://e.fi/2026-12-01.xml"] = _urlset("https://e.fi/uutiset/too-deep")
    with caplog.at_level(logging.WARNING, logger="newsflow"):
        links = _collect(pages, top, asked := [])
    assert "https://e.fi/2026-12-01.xml" not in asked and "https://e.fi/uutiset/too-deep" not in {x.url for x in links}
    assert "2026-12.xml is itself a sitemap index: not followed" in caplog.text


def test_an_index_whose_sitemaps_are_all_indexes_of_indexes_fails_the_source():
    top = "https://e.fi/sitemap.xml"
    pages = {top: _index("https://e.fi/a.xml", "https://e.fi/b.xml")}
    for name in ("a", "b"):
        pages[f"https://e.fi/{name}.xml"] = _index(f"https://e.fi/{name}-inner.xml")
        pages[f"https://e.fi/{name}-inner.xml"] = _index(f"https://e.fi/{name}-deepest.xml")
    with pytest.raises(SourceError, match=INDEX_ONLY):
        _collect(pages, top)


def test_an_index_within_an_index_costs_no_more_fetches_than_max_sitemaps():
    top = "https://e.fi/sitemap.xml"
    years = [f"https://e.fi/sitemap-{y}.xml" for y in range(2026, 2014, -1)]
    pages = {top: _index(*years)}
    for y in years:
        months = [f"{y[:-4]}-{m:02d}.xml" for m in range(12, 0, -1)]
        pages[y] = _index(*months)
        pages.update({m: _urlset(m.replace(".xml", "/uutinen")) for m in months})
    asked: list[str] = []
    links = _collect(pages, top, asked)
    assert len(asked) == 1 + MAX_SITEMAPS and len(links) == MAX_SITEMAPS - 1
    assert asked[1:3] == ["https://e.fi/sitemap-2026.xml", "https://e.fi/sitemap-2026-12.xml"]  # the newest first


def test_an_index_that_fails_the_nightly_run_says_so_in_a_quiet_run(server, tmp_path):
    """The finding: `0 0 0 ok` and exit 0 every night, its only sign a warning `--quiet` leaves out of cron's log."""
    server.add("/sitemap.xml", _index(server.url("/sitemap.xml")), headers={"Content-Type": "application/xml"})
    conf = tmp_path / "feeds.toml"
    conf.write_text(
        "[settings]\nmin_delay = 0\n\n"
        f'[[sources]]\nid = "map"\nkind = "sitemap"\nurl = "{server.url("/sitemap.xml")}"\n'
    )
    result = CliRunner().invoke(cli, ["run", "--quiet", "--config", str(conf), "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 3, result.output  # (its only source failed)
    assert INDEX_ONLY in result.output


# ---------------------------------------------------------------- 2. a listing's section numbers are no dates

FI = Source(id="s", name="s", kind="html", url="https://www.seinajoki.fi/paatokset/", timezone="Europe/Helsinki")


def _listing(rows: list[tuple[str, str]], selector: str = "") -> list[tuple[str, str]]:
    """(the text beside each item's link, its headline) -> (headline, date read) in the page's order."""
    items = "".join(
        f'<li><p>{beside}</p><a href="/asiat/{i}">{headline}</a></li>' for i, (beside, headline) in enumerate(rows)
    )
    page = f'<html lang="fi"><body><h1>Päätökset</h1><ul class="list">{items}</ul></body></html>'
    links = links_from_listing(page.encode(), {}, FI.url, replace(FI, links=selector))
    order = {f"https://www.seinajoki.fi/asiat/{i}": i for i in range(len(rows))}
    return [(x.title, x.published) for x in sorted(links, key=lambda x: order[x.url])]


@pytest.mark.parametrize("selector", ["", "ul.list a"])
@pytest.mark.parametrize(
    "numbers",
    [
        ["4.1.10", "4.1.11", "4.1.12", "4.1.13", "4.1.14", "4.1.15"],  # the finding: "4.1.15" read as 2015-01-04
        ["7.2.21", "7.2.20", "7.2.18", "7.2.17"],  # newest first, some numbers left out
        ["4.1.9", "4.1.10", "4.1.11", "4.1.12"],  # (4.1.9 no date at all)
        ["4.1.", "4.2.", "4.3.", "4.5."],  # "4.1. Johdanto" read as 4 January, "4.2." as 4 February…
    ],
)
def test_an_items_numbered_section_heading_is_no_date(numbers, selector):
    rows = [
        (f"{n} Kokouksen päätökset kohta {i}", f"Kaupunginhallituksen pöytäkirja {i}") for i, n in enumerate(numbers)
    ]
    read = _listing(rows, selector)
    assert len(read) == len(numbers) and {date for _, date in read} == {""}


@pytest.mark.parametrize(
    ("days", "dated"),
    [
        (["9.11.25", "8.11.25", "7.11.25", "5.11.25"], ["2025-11-09", "2025-11-08", "2025-11-07", "2025-11-05"]),
        (["3.12.2026", "3.12.2026", "3.12.2026"], ["2026-12-03"] * 3),  # one day's releases
        (["1.12.2026", "1.11.2026", "1.10.2026"], ["2026-12-01", "2026-11-01", "2026-10-01"]),  # a monthly letter
    ],
)
def test_a_listing_of_days_written_as_numbers_is_still_dated(days, dated):
    rows = [(f"{d} Kaupunki tiedottaa", f"Kaupunki tiedottaa tärkeästä asiasta {i}") for i, d in enumerate(days)]
    assert [date for _, date in _listing(rows)] == dated


# ---------------------------------------------------------------- 3. partner newsrooms' listing pages

_DAYS = ((3, 12, "joulu", "dec"), (28, 11, "marras", "nov"), (20, 11, "marras", "nov"))


def _cards(badge: str, lang: str = "fi", around_link: bool = True) -> list[tuple[str, str]]:
    """Cards, each its own <div>, a date badge in parts: inside the card's one link (a whole-card link), or beside
    the headline's link. -> (slug, date read)."""
    cards = ""
    for i, (day, month, fi, sl) in enumerate(_DAYS):
        shown = badge.format(d=day, m=month, fi=fi, sl=sl)
        headline = f"<h3>Kaupungin tiedote numero {i} asukkaille</h3>"
        href = f"/uutiset/tiedote-numero-{i}-kaupungilta"
        if around_link:
            cards += f'<div class="news-card"><a href="{href}">{shown}{headline}</a></div>'
        else:
            cards += f'<div class="news-card">{shown}<a href="{href}">{headline}</a><p>Lyhyt kuvaus.</p></div>'
    page = f'<html lang="{lang}"><body><main><div class="cards">{cards}</div></main></body></html>'
    links = links_from_listing(page.encode(), {}, FI.url, FI)
    return sorted((x.url.rsplit("-", 2)[-2], x.published) for x in links)


@pytest.mark.parametrize("around_link", [True, False])
@pytest.mark.parametrize(
    ("badge", "lang"),
    [
        ('<div class="date"><span class="day">{d}</span><span class="month">{m}</span><span>2026</span></div>', "fi"),
        ('<div class="date"><span class="day">{d}.</span><span class="month">{m}.</span><span>2026</span></div>', "fi"),
        ('<div class="date-badge"><span class="day">{d}</span><span class="month">{fi}</span></div>', "fi"),
        ('<div class="datum"><span class="dan">{d}</span><span class="mesec">{sl}</span></div>', "sl"),  # Maribor's
        ("<time><b>{d}</b> <i>{sl}</i></time>", "en"),  # (a <time> without datetime, its text in parts)
    ],
)
def test_a_date_badge_in_parts_dates_its_card(badge, lang, around_link):
    """Probe: a badge whose day, month and year stand in elements of their own ("3" "12" "2026", "3" "joulu") dated
    nothing, nor did a date inside a card's one link around it ("3.12.2026" too) where the card's <div> is the item."""
    assert _cards(badge, lang, around_link) == [("0", "2026-12-03"), ("1", "2026-11-28"), ("2", "2026-11-20")]


def test_a_whole_card_links_own_date_is_read_where_a_div_holds_each_card():
    assert _cards('<span class="date">{d}.{m}.2026</span>') == [
        ("0", "2026-12-03"),
        ("1", "2026-11-28"),
        ("2", "2026-11-20"),
    ]


@pytest.mark.parametrize(
    "parts",
    [
        "<span>{d}</span><span>kommenttia</span>",  # a count of comments
        "<span>{d}</span> <span>min</span>",  # a reading time
        "<span>{d}</span><span>/</span><span>40</span>",  # a score
    ],
)
def test_numbers_in_parts_that_are_no_day_date_nothing(parts):
    assert {date for _, date in _cards(parts)} == {""}


MARIBOR = "https://www.maribor.si/novice/"


@pytest.mark.parametrize(
    ("pager", "after"),
    [
        ('<ul class="pagination"><li><a href="/novice/?stran=0">Nazaj</a></li><li><a href="/novice/?stran=2">Naprej</a>'
         "</li></ul>", "?stran=2"),
        ('<a href="/novice/?stran=2">Naprej »</a>', "?stran=2"),  # ("Forward": Slovenian pagers' word for next)
        ('<ul class="pagination"><li class="active"><span>1</span></li><li><a href="/novice/?stran=2">2</a></li>'
         '<li><a href="/novice/?stran=3">3</a></li></ul>', "?stran=2"),  # (page 2 by its parameter, "stran")
        ('<nav class="pager"><a href="/novice/stran/3">3</a><a href="/novice/stran/2">2</a></nav>', "stran/2"),
        ('<button class="btn" data-url="/novice/?stran=2">Prikaži več</button>', "?stran=2"),  # a load-more button
        ('<a class="more" href="/novice/?stran=2">Naloži več novic</a>', "?stran=2"),
    ],
)  # fmt: skip
def test_a_slovenian_listings_next_page_is_found(pager, after):
    """Probe: Maribor's listing ("Naprej", "?stran=2", "Prikaži več") was read as ending at its first page: a gap
    after an outage said "the listing ends", its older pages never read."""
    items = "".join(
        f'<div class="novica"><h3><a href="/novice/novica-st-{i}-mestne-obcine">Novica številka {i} mestne občine'
        "</a></h3></div>"
        for i in range(3)
    )
    page = f'<html lang="sl"><body><main>{items}{pager}</main></body></html>'
    assert next_listing_page(page.encode(), {}, MARIBOR) == MARIBOR + after


@pytest.mark.parametrize(
    "pager",
    [
        '<a href="/novice/?stran=0">Nazaj</a>',  # back
        '<a href="/novice/?stran=9">Zadnja stran</a>',  # the last page
        '<a href="/novice/novica-st-1-mestne-obcine">Preberi več »</a>',  # a teaser's "read more"
    ],
)
def test_a_slovenian_listings_back_last_and_read_more_links_are_no_next_page(pager):
    page = f'<html lang="sl"><body><main><div class="novica">{pager}</div></main></body></html>'
    assert next_listing_page(page.encode(), {}, MARIBOR) == ""


@pytest.mark.parametrize(
    ("listing", "row"),
    [
        ("<ul class='list'>{}</ul>",
         "<li><p>4.1.{n} Kokouksen päätökset</p><span class='date'>{day}.11.2026</span><a href='/asiat/{n}'>{title}</a>"
         "</li>"),
        ("<table>{}</table>",
         "<tr><td>§ {n}</td><td>4.1.{n}</td><td><a href='/asiat/{n}'>{title}</a></td><td>{day}.11.2026</td></tr>"),
    ],
)  # fmt: skip
def test_a_section_number_beside_an_items_date_leaves_it_its_date(listing, row):
    """Probe: an item stating its section's number and its day ("4.1.10", "28.11.2026") stated two dates and so none;
    with the slugs no article's ("/asiat/10"), the list was no dated list, and the source failed: "no links to
    articles found on this page". Beside a date written with its year's four digits, "4.1.10" is none."""
    rows = "".join(
        row.format(n=n, day=day, title=f"Kaupunginhallituksen kokouksen pöytäkirja {n}")
        for n, day in zip(range(10, 14), (28, 21, 14, 7), strict=True)
    )
    page = f'<html lang="fi"><body><main>{listing.format(rows)}</main></body></html>'
    links = links_from_listing(page.encode(), {}, FI.url, FI)
    assert sorted((x.url.rsplit("/", 1)[-1], x.published) for x in links) == [
        ("10", "2026-11-28"),
        ("11", "2026-11-21"),
        ("12", "2026-11-14"),
        ("13", "2026-11-07"),
    ]
