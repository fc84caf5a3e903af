"""HTML -> text and metadata, including bad pages."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from lxml import html as lxml_html

from newsflow.extract import _paragraph_shares, decode_html, extract, parse_date
from newsflow.models import Article
from timing import costs_what_an_article_of_its_size_does, untraced

LEAD = "Kaupunki avaa uuden palvelupisteen nuorille, jotka etsivät töitä tai opiskelupaikkaa keväällä 2024."
BODY = [
    "Palvelupisteessä toimivat työllisyyspalvelut, nuorten ohjaamo ja yritysneuvonta saman katon alla keskustassa.",
    "Palvelupisteen avajaisia vietetään maanantaina, ja kaikki kaupunkilaiset ovat tervetulleita tutustumaan tiloihin.",
]


def page(head: str = "", before: str = "", lead_outside: bool = True) -> str:
    lead = f'<div class="ingress"><p>{LEAD}</p></div>'
    body = "".join(f"<p>{p}</p>" for p in BODY)
    return f"""<html lang="fi"><head><title>Uusi palvelupiste | Kaupunki</title>{head}</head><body>
    <a href="#main" class="skip-link">Siirry sisältöön</a>
    <header><nav><a href="/">Etusivu</a><a href="/uutiset">Uutiset</a></nav></header>
    <div class="cookie-banner">Käytämme evästeitä sivuston toiminnan varmistamiseksi. <button>Hyväksy</button></div>
    <div class="page"><h1>Uusi palvelupiste</h1>{before}
    {lead if lead_outside else ""}
    <div class="article-body">{"" if lead_outside else lead}{body}
      <div class="share"><a href="#">Jaa Facebookissa</a> <a href="#">Jaa Twitterissä</a></div>
    </div>
    <aside class="related"><h2>Lue myös</h2>
      <ul><li><a href="/a">Toinen uutinen, jossa on pitkä otsikko ja paljon sanoja</a></li></ul></aside>
    </div>
    <div class="newsletter"><h3>Tilaa uutiskirje</h3>
      <p>Saat tuoreimmat uutiset suoraan sähköpostiisi joka viikko.</p></div>
    <footer>Kaupungintalo, Kirkkokatu 6 · Palaute · Saavutettavuusseloste</footer></body></html>"""


def test_main_text_keeps_the_lead_and_drops_furniture():
    a = extract(page(), "https://kaupunki.fi/uutiset/uusi-palvelupiste")
    assert a.title == "Uusi palvelupiste"
    assert a.text.split("\n") == [LEAD, *BODY]
    for junk in (
        "Siirry sisältöön",
        "evästeitä",
        "Jaa Facebookissa",
        "Lue myös",
        "uutiskirje",
        "Saavutettavuusseloste",
    ):
        assert junk not in a.text
    assert a.declared_language == "fi"
    assert a.extraction["ok"] and a.extraction["chars"] == len(a.text) - 2 and not a.extraction["fallback"]


def test_lead_inside_the_body_container_is_kept_too():
    a = extract(page(lead_outside=False), "https://kaupunki.fi/x")
    assert a.text.split("\n") == [LEAD, *BODY]


def test_subheadings_and_list_items_are_paragraphs():
    html = page(before="").replace(
        f"<p>{BODY[1]}</p>",
        "<h2>Aukioloajat</h2><ul><li>Maanantaisin kello 9-16 keskustan toimipisteessä</li>"
        f"<li>Tiistaisin kello 12-18 kirjastossa</li></ul><p>{BODY[1]}</p>",
    )
    a = extract(html, "https://kaupunki.fi/x")
    texts = [p.text for p in a.paragraphs]
    assert "Aukioloajat" in texts and "Tiistaisin kello 12-18 kirjastossa" in texts
    assert next(p for p in a.paragraphs if p.text == "Aukioloajat").heading


@pytest.mark.parametrize(
    "head,before,expected",
    [
        (
            '<meta property="article:published_time" content="2021-05-10T08:00:00+03:00">',
            "",
            "2021-05-10T08:00:00+03:00",
        ),
        (
            '<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","datePublished":"2021-05-11"}]}</script>',
            "",
            "2021-05-11",
        ),
        ("", '<time datetime="2021-05-12T10:00:00Z">12.5.2021</time>', "2021-05-12T10:00:00+00:00"),
        ("", "<p class='date'>Julkaistu 13.5.2021 klo 10.30</p>", "2021-05-13T10:30:00"),
    ],
)
def test_dates_from_each_kind_of_metadata(head, before, expected):
    a = extract(page(head=head, before=before), "https://kaupunki.fi/x")
    assert a.published == expected


def test_dates_found_in_the_text_when_there_is_no_metadata():
    html = page().replace("<h1>Uusi palvelupiste</h1>", "<h1>Uusi palvelupiste</h1><div class='pvm'>14 maj 2021</div>")
    assert extract(html, "https://kaupunki.fi/x").published == "2021-05-14"


def test_a_page_that_states_no_date_carries_a_guess_apart_from_its_date():
    # No meta, no <time>, no dated line: htmldate still reads the date in the address.
    html = page()
    a = extract(html, "https://city.example/news/2024/05/03/plan.html")
    assert a.published == "" and a.extraction["date_guess"] == "2024-05-03"
    stated = page(head='<meta property="article:published_time" content="2024-05-02T10:00:00Z">')
    b = extract(stated, "https://city.example/news/2024/05/03/plan.html")
    assert b.published.startswith("2024-05-02") and "date_guess" not in b.extraction


def test_html5_pubdate_outside_comments_wins_over_a_bare_date_meta():
    # Some sites fill <meta name="date"> when the page is made; <time pubdate> marks the publication.
    head = '<meta name="date" content="July 31, 2012, 2:39 pm">'
    comment = "<div class='comment-list'><time pubdate datetime='2012-07-20T08:00:00Z'>20.7.</time></div>"
    mark = "<time pubdate datetime='2012-07-23T19:29:40-04:00'>23 Jul 2012</time>"
    html = page(head=head).replace("<h1>Uusi palvelupiste</h1>", f"{comment}<h1>Uusi palvelupiste</h1>{mark}")
    assert extract(html, "https://kaupunki.fi/x").published == "2012-07-23T19:29:40-04:00"
    specific = page(head='<meta property="article:published_time" content="2012-07-22T10:00:00Z">' + head)
    assert extract(specific.replace("<h1>", f"{mark}<h1>"), "https://kaupunki.fi/x").published.startswith("2012-07-22")


def test_a_date_badge_in_a_list_of_teasers_is_not_the_page_date():
    teasers = "".join(
        f"<li><a href='/n/{d}'>Another story</a>"
        f"<div class='pubdate'><span>{d}</span><span>November</span><span>2021</span></div></li>"
        for d in (18, 17)
    )
    html = page().replace("<footer>", f"<ul class='refs'>{teasers}</ul><footer>")
    assert extract(html, "https://kaupunki.fi/x").published == ""


def test_a_date_badge_of_day_month_and_year_dates_the_page_before_any_side_box_line():
    badge = (
        '<div class="post-date"><div class="day">11</div><div class="month">July</div>'
        '<div class="year">2012</div></div>'
    )
    side = "<div class='recent'><p>27 June 2012</p><p><a href='/old'>An older post</a></p></div>"
    html = page().replace("<h1>Uusi palvelupiste</h1>", f"{side}{badge}<h1>Uusi palvelupiste</h1>")
    assert extract(html, "https://kaupunki.fi/x").published == "2012-07-11"


@pytest.mark.parametrize(
    "byline, expected",
    [
        ("by Jane Doe on October 29th, 2012 at 10:45 pm", "2012-10-29T22:45:00"),
        ("By Lim Cheng Soon, 14 November 2010", "2010-11-14"),
        ("Av Eva Berg | 3 maj 2021", "2021-05-03"),
        ("Teksti: Matti Mäkinen 3.5.2021", "2021-05-03"),
        ("2012-10-29 by Herb Sutter", "2012-10-29"),
        ("By 1 June 2021, every applicant must have sent the form to the youth services.", ""),  # a deadline
        ("Posted by Jane Doe on May 3, 2024 at 10:30 a.m.", "2024-05-03T10:30:00"),
        ("Apply by 30 June 2025", ""),
        ("Konsert av Göteborgs symfoniker 12 juni 2025", ""),
        ("Photo by Jane Doe, 3 May 2019", ""),
        ("By Jane Doe on 1 January 2099", ""),  # no release is published after tomorrow
    ],
)
def test_a_byline_with_a_date_dates_a_page_without_metadata(byline, expected):
    html = page().replace("<h1>Uusi palvelupiste</h1>", f"<h1>Uusi palvelupiste</h1><p class='x'>{byline}</p>")
    assert extract(html, "https://kaupunki.fi/x").published == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("10.5.2021", "2021-05-10"),
        ("10. toukokuuta 2021", "2021-05-10"),
        ("10 maj 2021", "2021-05-10"),
        ("Okt 10, 2017 07:20 CEST", "2017-10-10T07:20:00+02:00"),
        ("Tue, 10 Oct 2017 07:20:00 +0200", "2017-10-10T07:20:00+02:00"),
        ("October 10th, 2017", "2017-10-10"),
        ("2017-10-10T07:20:00Z", "2017-10-10T07:20:00+00:00"),
        ("julkaistu 1.6.2021 klo 8.00", "2021-06-01T08:00:00"),
        ("Wednesday, October 19, 2011 at 1:31pm", "2011-10-19T13:31:00"),
        ("Oct 19, 2011 12:05 am", "2011-10-19T00:05:00"),
        ("Nov 9, 2012 5:30 p.m. UTC", "2012-11-09T17:30:00+00:00"),
        ("9 November 2012, 11:45 a.m.", "2012-11-09T11:45:00"),
        ("Oct 19, 2011 13:05 pm", "2011-10-19"),  # no such time on a 12-hour clock: the date alone
        ("2024-05-03 01:31 pm", "2024-05-03T13:31:00"),
        ("31.2.2021", ""),
        ("no date here", ""),
    ],
)
def test_parse_date_forms(text, expected):
    assert parse_date(text) == expected


def test_metadata_canonical_image_author_and_attachments():
    head = (
        '<link rel="canonical" href="/uutiset/palvelupiste"><meta property="og:image" content="/kuvat/a.jpg">'
        '<meta name="author" content="Seinäjoen kaupunki">'
    )
    html = page(head=head).replace(
        "</div>\n    <aside", '<p><a href="/liitteet/tiedote.pdf">Tiedote (PDF)</a></p></div>\n    <aside'
    )
    a = extract(html, "https://kaupunki.fi/x")
    assert a.canonical_url == "https://kaupunki.fi/uutiset/palvelupiste"
    assert a.image == "https://kaupunki.fi/kuvat/a.jpg"
    assert a.author == "Seinäjoen kaupunki"
    assert [x.url for x in a.attachments] == ["https://kaupunki.fi/liitteet/tiedote.pdf"]


def test_selectors_override_the_generic_rules():
    html = page() + ""
    a = extract(html, "https://kaupunki.fi/x", body=".article-body", title="title")
    assert a.extraction["selector"] and a.text.split("\n") == BODY
    assert a.title == "Uusi palvelupiste | Kaupunki"


@pytest.mark.parametrize(
    "html,reason",
    [
        ("", "empty page"),
        ("   \n ", "empty page"),
        (b"\x00\x01\x02PNG\x00" * 500, "binary"),
        ("<html><body><nav><a href='/'>Home</a></nav></body></html>", "no main text"),
    ],
)
def test_pages_without_main_text_give_an_empty_result_with_a_reason(html, reason):
    a = extract(html, "https://e.fi/")
    assert a.paragraphs == () and reason in a.extraction["reason"] and not a.extraction["ok"]


def extract_timed(html: str) -> tuple[Article, float]:
    """Extract a page; return the article and the CPU seconds it took (coverage's tracer paused, see timing.py)."""
    with untraced():
        start = time.process_time()
        a = extract(html, "https://e.fi/")
        return a, time.process_time() - start


def test_deeply_nested_page_keeps_its_text_in_bounded_time():
    depth = 100_000
    text = "Tämä teksti on syvällä sisäkkäisten elementtien sisällä, mutta se kuuluu silti artikkeliin."
    html = "<html><body>" + "<div>" * depth + f"<p>{text}</p>" + "</div>" * depth + "</body></html>"
    a, took = extract_timed(html)
    assert took < 20
    assert text in a.text


def test_many_paragraphs_under_many_wrappers_are_scored_in_bounded_time():
    # each wrapper up the chain is weighed by its text: a block's verdict is worked out once, not per wrapper
    paragraph = "<p>Paragraph {} of the article, which goes on and on, with commas, and with more words.</p>"
    html = (
        "<html><body>"
        + '<div class="wrap">' * 200
        + "<article>"
        + "".join(paragraph.format(i) for i in range(3000))
        + "</article>"
        + "</div>" * 200
        + "<div>"
        + "<p>Text of other things, long enough to count as a paragraph on this page.</p>" * 3000
        + "</div></body></html>"
    )
    a, took = extract_timed(html)
    assert took < 15  # about 1 s; 36 s when every wrapper re-read every date
    assert [p.text for p in a.paragraphs[:3000]] == [paragraph.format(i)[3:-4] for i in range(3000)]


def test_many_headings_with_no_text_after_them_are_dropped_in_bounded_time():
    # whether a heading has any text after it is worked out once, not by a scan to the end per heading
    intro = "Tämä on artikkelin johdanto, joka on tarpeeksi pitkä ollakseen oikea kappale sivulla."
    headings = "".join(f"<h3>Otsikko {i}</h3>" for i in range(20_000))
    html = f"<html><body><article><p>{intro}</p>{headings}</article></body></html>"
    a, took = extract_timed(html)
    assert took < 15  # about 1.5 s; 32 s when each heading scanned the rest of the page
    assert a.text == intro


def hostile_as_fast_as_ordinary(hostile: str, ordinary: str) -> Article:
    """Extract a hostile page and an ordinary one; assert the hostile one took no more than about as
    long, and return its result."""
    return costs_what_an_article_of_its_size_does(hostile, ordinary, "https://e.fi/")


def nested_as_fast_as_flat(nested: str, flat: str) -> Article:
    """Extract a deeply nested body and the same elements side by side; assert the nested one took no
    more than about as long, and return its result."""
    return hostile_as_fast_as_ordinary(f"<html><body>{nested}</body></html>", f"<html><body>{flat}</body></html>")


def article_of_size(size: int) -> str:
    """An ordinary article page of about ``size`` characters: numbered paragraphs of three sentences."""
    paragraph = f"{SENTENCE} {SENTENCE} {SENTENCE}"
    body = "".join(f"<p>{paragraph} {i}</p>\n" for i in range(size // (len(paragraph) + 16)))
    return f"<html><head><title>Otsikko</title></head><body><h1>Otsikko</h1><article>{body}</article></body></html>"


# The next three compare a page nested hundreds of levels deep with the same elements side by side:
# a ratio, so that a loaded machine or coverage slows both alike. Nested takes about as long as flat now;
# it took 6-28 times as long when every level re-read the text below it.
SENTENCE = "Lause, jossa on pilkkuja, sanoja ja vielä lisää sanoja, jotta se on kappale."


def test_deeply_nested_quotes_are_measured_in_linear_time():
    # each quote's text length and links are summed from its children's, not read again per quote level
    tail = f"<span>{SENTENCE}</span> " * 12_000
    nested = "".join(f"<blockquote><p>{SENTENCE} {d}</p>" for d in range(240)) + tail + "</blockquote>" * 240
    flat = "".join(f"<blockquote><p>{SENTENCE} {d}</p></blockquote>" for d in range(240)) + f"<div>{tail}</div>"
    a = nested_as_fast_as_flat(nested, flat)
    assert [p.text for p in a.paragraphs[:3]] == [f"{SENTENCE} {d}" for d in range(3)]
    assert a.paragraphs[-1].text.startswith(f"{SENTENCE} {SENTENCE}") and a.extraction["chars"] > 900_000


def test_short_lines_under_many_furniture_named_wrappers_are_judged_in_linear_time():
    # each wrapper's visible text is summed once for the page, not read again for every wrapper above it (that cost
    # grows with the wrappers' depth, 200 times here, whatever the number of lines)
    lines = "".join(f"<div>Rivi {i}</div>" for i in range(20_000, 30_000))
    nested = "".join(f'<div class="layout-sidebar-{d}">' for d in range(200)) + lines + "</div>" * 200
    flat = "".join(f'<div class="layout-sidebar-{d}"></div>' for d in range(199)) + f'<div class="layout">{lines}</div>'
    a = nested_as_fast_as_flat(nested, flat)
    assert a.paragraphs[-1].text == "Rivi 29999" and len(a.paragraphs) > 3_000


def test_text_under_inline_wrappers_around_blocks_is_scored_in_linear_time():
    # old pages wrap every block in <font>: each <div>'s own runs take the inline child's measured text,
    # not a fresh read of everything inside it
    tail = f"{SENTENCE} " * 20_000
    nested = "".join(f"<div><font>{SENTENCE} {d}<br>" for d in range(120)) + tail + "</font></div>" * 120
    flat = "".join(f"<div><font>{SENTENCE} {d}<br></font></div>" for d in range(120)) + f"<div>{tail}</div>"
    a = nested_as_fast_as_flat(nested, flat)
    assert [p.text for p in a.paragraphs[:2]] == [f"{SENTENCE} 0", f"{SENTENCE} 1"]
    assert a.paragraphs[-1].text == " ".join([SENTENCE] * 20_000)


# The next ones compare a hostile page with an ordinary article page of the same size. The hostile
# one took 5-15 times as long before (per MB: 4.5 s of <br>, 3.5 s of <meta> tags, against 0.4 s).


def test_a_page_of_line_breaks_takes_no_longer_than_an_article_of_its_size():
    # runs of bare <br> are merged into one before the passes over the page: each break cost every pass
    lines = [f"{SENTENCE} {i}" for i in range(200)]
    breaks = "<html><body><div>" + ("<br>\n" * 1000).join(lines) + "</div></body></html>"
    a = hostile_as_fast_as_ordinary(breaks, article_of_size(len(breaks)))
    assert [p.text for p in a.paragraphs] == lines


def test_runs_of_breaks_separate_text_exactly_as_one_break_does():
    lines = [f"{SENTENCE} {i}" for i in range(6)]
    separators = ["<br>", "<br>\n<br/> <br>", "<br><br>", "<br>&nbsp;<br>", "<br>\n\n<br />\n"]
    for i, sep in enumerate(separators):
        body = "".join(f"{line}{sep}" if j % 2 else f"<b>{line}</b>{sep}" for j, line in enumerate(lines))
        a = extract(f"<html><body><div>{body}</div></body></html>", "https://e.fi/")
        assert [p.text for p in a.paragraphs] == lines, (i, sep)
    # a break that carries a class or a style is judged on its own, as before
    hidden = f'<div>{lines[0]}<br>{lines[1]}<br class="x" style="display:none"><br><br>{lines[2]}</div>'
    assert [p.text for p in extract(f"<html><body>{hidden}</body></html>").paragraphs] == [lines[0], lines[1], lines[2]]


def test_a_page_of_thousands_of_meta_tags_takes_no_longer_than_an_article_of_its_size():
    # the <meta> tags are read once into a lookup, not searched by an XPath scan per name and attribute
    metas = "".join(f'<meta name="k{i}" content="v">' for i in range(40_000))
    short = "".join(f"<p>{SENTENCE} {i}</p>" for i in range(5))
    hostile = f"<html><head><title>Otsikko</title>{metas}</head><body><h1>Otsikko</h1>{short}</body></html>"
    a = hostile_as_fast_as_ordinary(hostile, article_of_size(len(hostile)))
    assert [p.text for p in a.paragraphs] == [f"{SENTENCE} {i}" for i in range(5)]


def test_meta_lookup_keeps_its_order_of_names_then_attributes_then_elements():
    head = (
        '<meta name="twitter:image" content="/twitter.jpg">'  # a later name in the list: og:image wins
        '<meta itemprop="og:image" content="/itemprop.jpg">'  # itemprop comes after name
        '<meta NAME="OG:Image" content="/name.jpg">'  # names are matched case-blind
        '<meta property="og:image" content="  ">'  # an empty content is no value
        '<meta name="author" content="First Author"><meta name="author" content="Second Author">'
        '<meta name="description" content="Sivun kuvaus, joka on tarpeeksi pitkä kelvatakseen tekstiksi.">'
    )
    a = extract(
        f"<html><head><title>Otsikko</title>{head}</head><body><h1>Otsikko</h1></body></html>", "https://e.fi/a/"
    )
    assert a.image == "https://e.fi/name.jpg"
    assert a.author == "First Author"
    assert a.text == "Sivun kuvaus, joka on tarpeeksi pitkä kelvatakseen tekstiksi." and a.extraction["fallback"]
    # a description standing in the body is furniture: cleaning drops it before the fallback reads it
    body_meta = '<meta name="description" content="Kuvaus, joka seisoo sivun rungossa eikä sen päässä.">'
    b = extract(f"<html><head><title>Otsikko</title></head><body><h1>Otsikko</h1>{body_meta}</body></html>")
    assert b.text == ""


def test_a_lone_surrogate_in_a_text_page_costs_one_character_not_the_article():
    # A page handed over as text (a feed item's full text) built from broken UTF-16: half a pair.
    html = page().replace(BODY[0], BODY[0].replace(" ", " \ud800 ", 1))
    a = extract(html, "https://kaupunki.fi/x")
    assert a.extraction["ok"]
    assert a.text.split("\n")[1] == BODY[0].replace(" ", " \ufffd ", 1)


def test_a_control_character_after_dropped_furniture_is_no_crash():
    # lxml parses a vertical tab but refused it when the text after a dropped share box was joined back
    html = f'<html><body><article><p>{SENTENCE}</p><div class="share"><a href="/">Jaa</a></div>\x0bLoppu {SENTENCE}'
    a = extract(html + "</article></body></html>", "https://e.fi/")
    assert [p.text for p in a.paragraphs] == [SENTENCE, f"Loppu {SENTENCE}"]
    # ... and the text before the dropped element is kept, its words apart from the ones after it
    for before, expected in (("Alku\x0b", "Alku loppu"), ("Alku <b>x</b>\x0b", "Alku x loppu")):
        html = f'<html><body><article><p>{SENTENCE}</p><p>{before}<span class="share">Jaa</span>loppu {SENTENCE}</p>'
        a = extract(html + "</article></body></html>", "https://e.fi/")
        assert a.text.split("\n") == [SENTENCE, f"{expected} {SENTENCE}"]


def test_paragraph_shares_sum_each_elements_paragraphs_and_reach_above_the_root():
    # shares are summed children first (not by walking up from every block): the sums must be the same
    para = "A paragraph of the article, long enough to count as paragraph text on this page, surely."
    doc = lxml_html.fromstring(
        "<html><body><div id='outer'>"
        + "<div id='w'>" * 50
        + f"<p>{para}</p><div id='inner'><p>{para}</p><p>Short.</p></div>"
        + "</div>" * 50
        + f"<p>{para}</p></div></body></html>"
    )
    outer, inner, body = doc.get_element_by_id("outer"), doc.get_element_by_id("inner"), doc.find("body")
    shares, total = _paragraph_shares(outer)
    n = len(para)
    assert total == 3 * n and shares[outer] == 3 * n and shares[inner] == n
    assert shares[inner.getparent()] == 2 * n and inner.find("p") in shares and body in shares
    assert shares[body] == shares[doc] == 3 * n  # the page above a selector's element holds its text too
    assert [p for p in inner if p.text == "Short."][0] not in shares


def test_enormous_page_is_cut_not_crashed():
    para = "<p>Kappale {}: " + "pitkä teksti, jossa on paljon sanoja ja pilkkuja, " * 20 + "</p>"
    html = (
        "<html><body><article>" + "".join(para.format(i) for i in range(12_000)) + "</article></body></html>"
    )  # ~12 MB
    start = time.process_time()
    a = extract(html, "https://e.fi/")
    assert time.process_time() - start < 30
    assert a.extraction["truncated"] and a.extraction["chars"] > 100_000


def test_charset_header_then_declaration_then_detection():
    text = "Seinäjoen kaupunki ja Göteborgsregionen: ä ö å Ä Ö Å"
    latin = f"<html><head><meta charset='iso-8859-1'></head><body><p>{text}</p></body></html>".encode("latin-1")
    assert text in decode_html(latin, {})
    # declared as ISO-8859-1 in the header, but the bytes are UTF-8: UTF-8 wins
    utf8 = f"<p>{text}</p>".encode()
    assert text in decode_html(utf8, {"content-type": "text/html; charset=iso-8859-1"})
    # declared UTF-8 but the bytes are Latin-1: the letters survive
    assert text in decode_html(f"<p>{text}</p>".encode("latin-1"), {"content-type": "text/html; charset=utf-8"})


def test_text_in_another_script_is_not_forced_into_windows_1252():
    text = "Новости города: проект HOPE начинает работу в Мариборе и Сейняйоки"
    raw = f"<html><body><p>{text}</p><p>{text}</p></body></html>".encode("cp1251")
    assert text in decode_html(raw, {})


def test_pdf_text_with_paragraphs_hyphenation_and_nordic_letters():
    from newsflow.extract import extract_pdf, is_pdf
    from pdfs import make_pdf

    pdf = make_pdf(
        [
            [
                "Seinäjoen kaupunki tiedottaa",
                "",
                "Kaupunki on mukana työllisyyden kunta-",
                "kokeilussa ja HOPE-hankkeessa.",
                "",
                "Lisätietoja antaa Maria Mäkinen.",
            ],
            ["Toinen sivu: Göteborg och Coompanion."],
        ],
        title="Tiedote 10.5.2021",
    )
    assert is_pdf(pdf)
    a = extract_pdf(pdf, "https://www.seinajoki.fi/tiedote.pdf")
    assert a.title == "Tiedote 10.5.2021"
    assert "Kaupunki on mukana työllisyyden kuntakokeilussa ja HOPE-hankkeessa." in a.text
    assert "Toinen sivu: Göteborg och Coompanion." in a.text
    assert a.extraction["ok"] and a.extraction["pdf"]


@pytest.mark.parametrize(
    "data,reason", [(b"%PDF-1.4\nthis is not really a pdf", "unreadable PDF"), (None, "no text in PDF")]
)
def test_damaged_or_textless_pdfs_give_a_reason(data, reason):
    from newsflow.extract import extract_pdf
    from pdfs import make_pdf

    a = extract_pdf(data if data is not None else make_pdf([[]]), "https://e.fi/x.pdf")
    assert a.paragraphs == () and reason in a.extraction["reason"]


def test_press_room_release_keeps_its_lead_and_drops_the_page_furniture():
    import gzip
    from pathlib import Path

    raw = gzip.decompress((Path(__file__).parent / "fixtures" / "pages" / "tine-presserom.html.gz").read_bytes())
    url = "https://www.tine.no/presserom/nyhetsarkiv/nff-tine-fotballskole-viktig-for-barneidretten-gjennom-pandemien"
    a = extract(raw, url)
    assert a.paragraphs[0].text.startswith("En annerledes sesong med TINE Fotballskole nærmer seg slutten.")
    assert "TINE være med å bidra, avslutter Syversen." in a.text
    for furniture in ("113 Kalbakken, 0902 Oslo", "dine og tar i mot kommentarer og forslag.", "7. oktober 2020"):
        assert furniture not in a.text
    assert a.title == "NFF: TINE Fotballskole viktig for barneidretten gjennom pandemien"
    assert a.published.startswith("2020-10-07")


# ---------------------------------------------------------------- pages nobody tuned for (issue 13)

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
ARTICLE = [
    "The council approved the new youth employment plan on Monday, after a long debate about its costs and its goals.",
    "Under the plan, every young jobseeker gets a personal adviser within two weeks, "
    "and employers get support for trainees.",
    "The plan will be evaluated after two years, and the results will be published on the city's website for everyone.",
]


def paragraphs(*texts: str) -> str:
    """Each text as a <p>."""
    return "".join(f"<p>{t}</p>" for t in texts)


def furnished(container: str, inner: str) -> str:
    """A page with navigation, a sidebar and a footer around ``inner`` in the element ``container``."""
    return f"""<html><head><title>Youth employment plan approved | City</title></head><body>
    <div class="menu"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
      <li><a href="/contact">Contact</a></li></ul></div>
    {container}<h1>Youth employment plan approved</h1>{inner}
      <div class="sidebar"><h3>Popular</h3>
      <ul><li><a href="/a">Road works on the main street begin next week in the centre</a></li>
      <li><a href="/b">The library opens a new branch in the north of the city</a></li></ul></div>
    </div>
    <footer><p>City of Example, Town Hall, 60100 Example. Open on weekdays from 8 to 16, phone 06 416 2111.</p></footer>
    </body></html>"""


@pytest.mark.parametrize(
    "classes",
    [
        "main-with-sidebar",
        "story modal-ready",
        "content has-nav",
        "body-and-menu",
        "article-text pagination-start",
        "entry entry-author-jane entry-category-news",
    ],
)
def test_a_class_word_used_as_a_modifier_does_not_delete_the_article(classes):
    html = furnished(f'<div class="{classes}">', "".join(f"<p>{p}</p>" for p in ARTICLE))
    a = extract(html, "https://city.example/news/plan")
    assert a.text.split("\n") == ARTICLE
    assert "Road works" not in a.text and "Town Hall" not in a.text


def test_a_container_named_furniture_by_its_class_and_content_by_its_id_keeps_the_article():
    # A layout's main column called "sidebar" by its class and "body_main" by its id, holding all the text.
    html = furnished('<div class="sidebar" id="body_main">', "".join(f"<p>{p}</p>" for p in ARTICLE))
    a = extract(html, "https://city.example/news/plan")
    assert a.text.split("\n") == ARTICLE
    assert "Road works" not in a.text and "Town Hall" not in a.text
    # The inner box named "sidebar" and nothing else is still furniture, even beside a content-named one.
    boxed = furnished('<div id="body_main">', "".join(f"<p>{p}</p>" for p in ARTICLE)).replace(
        '<div class="sidebar">', '<div class="sidebar" id="main-box">'
    )
    assert "Road works" not in extract(boxed, "https://city.example/news/plan").text


def test_an_advertisement_label_between_paragraphs_is_not_text():
    # A news page leaves the label where a script fills in the advertisement.
    labels = ["Advertisement", "ADVERTISEMENT", "Story continues below advertisement", "Annons", "Mainos"]
    slots = [f"<div class='slot'><span>{label}</span></div>" for label in labels]
    inner = (
        f"<p>{ARTICLE[0]}</p>{slots[0]}{slots[1]}<p>{ARTICLE[1]}</p>{slots[2]}{slots[3]}<p>{ARTICLE[2]}</p>{slots[4]}"
    )
    inner += "<p>Advertisement for the trainee places will start in the spring, the council said.</p>"
    a = extract(furnished('<div class="story">', inner), "https://city.example/news/plan")
    assert a.text.split("\n") == [
        *ARTICLE,
        "Advertisement for the trainee places will start in the spring, the council said.",
    ]


ANNOTATED = [
    ("Youth guarantee in Seinäjoki", " - 120 places, from March"),
    ("Trainee support for employers", " - up to 2,000 euros a month"),
    ("Summer jobs for school leavers", " - 300 jobs, apply by April"),
]


def _list_page(before: str, items: str) -> str:
    body = f"<p>{ARTICLE[0]}</p><p>{ARTICLE[1]}</p>{before}<ul>{items}</ul><p>{ARTICLE[2]}</p>"
    return furnished('<div class="story">', body)


def test_a_list_of_links_with_words_of_their_own_inside_the_article_is_kept():
    items = "".join(f'<li><a href="/s/{i}">{name}</a>{note}</li>' for i, (name, note) in enumerate(ANNOTATED))
    a = extract(_list_page("", items), "https://city.example/news/plan")
    assert a.text.split("\n") == [*ARTICLE[:2], *(name + note for name, note in ANNOTATED), ARTICLE[2]]


@pytest.mark.parametrize(
    "before, links",
    [
        ("", True),  # links and nothing else
        ("<h3>Related stories</h3>", False),  # a box with a title
        ("<p>Read more:</p>", False),
    ],
)
def test_a_box_of_links_between_the_article_paragraphs_stays_dropped(before, links):
    items = "".join(
        f'<li><a href="/s/{i}">{name}{note if links else ""}</a>{"" if links else note}</li>'
        for i, (name, note) in enumerate(ANNOTATED)
    )
    text = extract(_list_page(before, items), "https://city.example/news/plan").text
    assert all(name not in text for name, _ in ANNOTATED)
    assert text.split("\n")[-1] == ARTICLE[2]


def test_a_sentence_mostly_linked_between_the_article_paragraphs_is_kept_and_a_read_more_line_is_not():
    linked = 'Yesterday we launched <a href="/kids">a small, silly game for the children of the city</a>.'
    read_more = 'Read more: <a href="/budget">Council approves the budget for next year after a long debate</a>.'
    inner = f"<p>{ARTICLE[0]}</p><p>{linked}</p><p>{ARTICLE[1]}</p><p>{read_more}</p><p>{ARTICLE[2]}</p>"
    a = extract(furnished('<div class="story">', inner), "https://city.example/news/plan")
    assert a.text.split("\n") == [
        ARTICLE[0],
        "Yesterday we launched a small, silly game for the children of the city.",
        *ARTICLE[1:],
    ]


def test_a_short_post_is_not_filled_up_with_the_page_around_it():
    # Under 150 characters of text: the blog's side boxes around it are still not the article.
    post = "Simple As That shares this easy fall leaf bunting for your Thanksgiving table."
    html = f"""<html><head><title>Fall Leaf Bunting | The Crafty Crow</title></head><body>
    <div id="header"><h2>The Crafty Crow</h2><p>A collection of children's crafts from around the web</p></div>
    <div class="post"><h1>Fall Leaf Bunting</h1><p>{post}</p></div>
    <div id="side"><h3>My Advertisers</h3><p>Who's Got The Button? Why You Do If You'd Like!</p>
      <h3>Favorite Art &amp; Craft Books</h3><p>love this whole series!</p><p>an all-time favorite!</p>
      <h3>Tip Jar</h3><p>Thank You!!</p></div></body></html>"""
    a = extract(html, "https://craftycrow.example/2012/10/fall-leaf-bunting.html")
    assert a.text == post


READER_COMMENTS = (
    "<p>Great news for the young people of our town, I hope the plan works out well for everyone.</p>"
    "<p>Posted by Matti on 3 May 2024 at 10:15</p>"
    "<p>Why does it take two years to evaluate a plan like this one? The council should report sooner.</p>"
)


@pytest.mark.parametrize(
    "heading",
    [
        "3 Comments",
        "Comments (2)",
        "Leave a Reply",
        "Kommentit",
        "5 Responses to “Plan”",
        "TrackBack",
        "Keskustelu (8)",
        "Discussion (3)",
        "8 kommenttia",
        "1 kommentti",
    ],
)
def test_readers_comments_after_a_comments_heading_are_not_the_article(heading):
    # Comments with no class to tell them by, under a heading that opens them.
    inner = "".join(f"<p>{p}</p>" for p in ARTICLE) + f"<h3>{heading}</h3>" + READER_COMMENTS
    a = extract(furnished("<div>", inner), "https://city.example/news/plan")
    assert a.text.split("\n") == ARTICLE


def test_a_section_called_comment_and_a_comment_count_above_the_text_do_not_cut_the_article():
    inner = (
        "<h4>12 comments</h4>"  # a count by the headline, before any text
        + f"<p>{ARTICLE[0]}</p><h2>Comment</h2><p>{ARTICLE[1]}</p><h2>Discussion</h2><p>{ARTICLE[2]}</p>"
        + "<h2>Keskustelu</h2>"  # a section named so, with no count, cuts nothing either
    )
    a = extract(furnished("<div>", inner), "https://city.example/news/plan")
    assert [line for line in a.text.split("\n") if line in ARTICLE] == ARTICLE


JOBS = [
    "The city will open 300 summer jobs for young people this year, the council decided on Monday.",
    "Applications open in March and are handled by the youth services during April.",
]


def _jobs_page(between: str, after: str = "") -> str:
    return (
        "<html><head><title>Summer jobs</title></head><body><div class='content'><h1>Summer jobs</h1>"
        f"<p>{JOBS[0]}</p>{between}<p>{JOBS[1]}</p>{after}</div></body></html>"
    )


@pytest.mark.parametrize(
    "between",
    [
        "<ul><li><a href='/n/1'>Council approves the budget</a> 12.3.2026</li>"
        "<li><a href='/n/2'>New library opens</a> 2.3.2026</li>"
        "<li><a href='/n/3'>Road works begin</a> 28.2.2026</li></ul>",
        "<div>Topics <a href='/t/1'>youth</a> · <a href='/t/2'>jobs</a> · <a href='/t/3'>ESF</a> · "
        "<a href='/t/4'>schools</a> · <a href='/t/5'>employers</a></div>"
        "<div>Areas <a href='/a/1'>Centre</a> · <a href='/a/2'>Pohja</a> · <a href='/a/3'>Nurmo</a> · "
        "<a href='/a/4'>Ylistaro</a> · <a href='/a/5'>Peräseinäjoki</a></div>",
        "<div>» <a href='/1'>How to apply</a></div><div>» <a href='/2'>FAQ</a></div>"
        "<div>» <a href='/3'>For employers</a></div>",
        "<div class='title'>Related news</div><ul><li><a href='/n/1'>Council approves the budget</a> (video)</li>"
        "<li><a href='/n/2'>New library opens</a> (video)</li></ul>",
        "<p>Läs också <a href='/n/9'>Kommunen satsar på fler sommarjobb för unga i år</a>.</p>",
    ],
    ids=["dated news list", "rows of tags", "bullets", "a title that is no heading", "see also"],
)
def test_links_to_elsewhere_between_the_paragraphs_stay_dropped(between):
    lines = extract(_jobs_page(between), "https://city.example/jobs").text.split("\n")
    linked = re.findall(r"<a [^>]*>([^<]+)</a>", between)
    assert [line for line in lines if line in JOBS] == JOBS
    assert not [line for line in lines if line not in JOBS and any(name in line for name in linked)]


@pytest.mark.parametrize(
    "heading, quote",
    [
        ("Kommentarer", "”Det här är en viktig satsning”, säger kommunalrådet Eva Berg."),
        ("Kommentit", "”Kesätyöt ovat nuorille tärkeä ensimmäinen askel työelämään”, sanoo pormestari."),
        ("Comments", "“This is the best start a young person can get,” said the mayor on Monday."),
        ("Advertising", "Adverts for the jobs will run on local radio and on the city's channels."),
        ("3 responses to the heat that worked", "Shade, water and shorter shifts kept the workers safe."),
    ],
)
def test_a_release_section_named_like_comments_or_ads_is_kept(heading, quote):
    a = extract(_jobs_page("", f"<h2>{heading}</h2><p>{quote}</p>"), "https://city.example/jobs")
    assert a.text.split("\n") == [*JOBS, heading, quote]


def test_readers_comments_signed_with_a_time_are_cut_under_a_bare_comments_heading():
    comments = "<p>Posted by Matti, 12 March 2026 at 10:15</p><p>Great news for the young people of our town.</p>"
    a = extract(_jobs_page("", f"<h2>Comments</h2>{comments}"), "https://city.example/jobs")
    assert a.text.split("\n") == JOBS


def test_a_real_sidebar_stays_furniture_beside_a_short_notice():
    teasers = paragraphs(
        "The library's summer reading challenge starts on 1 June, with prizes for every child.",
        "Road works on Main Street continue until the end of August; buses use Station Road.",
        "The council meets next on 14 April at 17.00 in the Town Hall; follow it online.",
    )
    notice = [
        "The swimming hall is closed on Friday because of maintenance work.",
        "It opens again on Saturday at 8.00.",
    ]
    for named in ("class='sidebar blog-sidebar'", "class='sidebar' id='sidebar-content'"):
        html = (
            "<html><head><title>Pool closed</title></head><body><article><h1>Pool closed</h1>"
            f"<p>{notice[0]}</p><p>{notice[1]}</p></article>"
            f"<div {named}><h3>Latest news</h3>{teasers}</div></body></html>"
        )
        assert extract(html, "https://city.example/pool").text.split("\n") == notice


def test_a_stale_body_selector_that_gives_a_line_falls_back_to_the_page():
    html = (
        "<html><head><title>Summer jobs</title></head><body><h1>Summer jobs</h1>"
        "<p class='summary'>Summer jobs for young people.</p>"
        f"<div class='article__body'><p>{JOBS[0]}</p><p>{JOBS[1]}</p></div></body></html>"
    )
    text = extract(html, "https://city.example/jobs", body=".summary").text
    assert all(line in text for line in JOBS)


@pytest.mark.parametrize("classes", ["commentary", "shareholders"])
def test_an_opinion_piece_or_investor_letter_is_not_comments_or_share_buttons(classes):
    box = "<div class='shareholder-info'><p>Share price 12.30 EUR, market value 1.2 billion, 3 May 2024.</p></div>"
    html = furnished(f'<div class="{classes}">', "".join(f"<p>{p}</p>" for p in ARTICLE))
    html = html.replace(
        "</body>", f"<div class='comments'><p>Great plan, well done to the council!</p></div>{box}</body>"
    )
    a = extract(html, "https://city.example/opinion/plan")
    assert a.text.split("\n") == ARTICLE


def test_a_page_a_script_fills_in_gives_the_text_it_shows_without_javascript():
    article = "".join(f"<p>{p}</p>" for p in ARTICLE)
    shell = "<html><head><title>Plan approved</title></head><body><nav><a href='/'>Home</a></nav><div id='app'>{}</div>"
    js = (
        shell.format("Loading...")
        + f"<noscript><h1>Plan approved</h1>{article}<div class='share'>Share</div></noscript>"
    )
    a = extract(js + "</body></html>", "https://city.example/news/plan")
    assert a.text.split("\n") == ARTICLE and a.extraction["fallback"]
    # A short article of its own is not replaced by what <noscript> says about the browser.
    notice = (
        "Your browser does not support JavaScript or it is turned off. Parts of this site such as the map service, "
        "the feedback form and the event calendar do not work without it. Please update your browser."
    )
    short = "Kirkkokatu is closed on Friday 3 May from 8 to 16 because of water works."
    closed = shell.format(f"<h1>Road closed</h1><p>{short}</p>") + f"<noscript><p>{notice}</p></noscript></body></html>"
    assert extract(closed, "https://city.example/news/road").text == short
    # Only a request to turn JavaScript on: there is no article to give.
    message = shell.format("") + "<noscript>You need to enable JavaScript to run this app.</noscript></body></html>"
    assert not extract(message, "https://city.example/news/plan").extraction["ok"]
    # A page with its own article never reads its <noscript>.
    own = (
        shell.format(article)
        + "<noscript><p>"
        + "This site works best with JavaScript turned on. " * 5
        + "</p></noscript>"
    )
    assert extract(own + "</body></html>", "https://city.example/news/plan").text.split("\n") == ARTICLE


def test_a_site_header_with_a_menu_and_a_tagline_stays_out_of_a_short_notice():
    short = "Kirkkokatu is closed on Friday 3 May from 8 to 16 because of water works."
    header = (
        "<header><p>Seinäjoen kaupunki – Lakeuden sydämessä. Welcome to the official website of the city.</p>"
        "<p>Service break: e-services are unavailable on Sunday from 8 to 12 because of maintenance.</p>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav></header>"
    )
    main = f"<main><h1>Road closed</h1><p>{short}</p></main>"
    html = f"<html><head><title>Road closed</title></head><body>{header}{main}</body></html>"
    assert extract(html, "https://city.example/news/road").text == short


def test_a_header_element_holding_the_article_is_no_page_header():
    article = "".join(f"<p>{p}</p>" for p in ARTICLE)
    tagline = "<p>The City of Example serves its 60,000 residents in Finnish, Swedish and English, every day.</p>"
    footer = "<footer><p>City of Example, Town Hall</p></footer></body></html>"
    head = "<html><head><title>Plan approved</title></head><body>"
    hero = f"{head}<header class='hero'><h2>Plan approved</h2>{article}</header>"
    assert extract(hero + footer, "https://city.example/news/plan").text.split("\n") == ARTICLE
    page = f"<html><head><title>Plan</title></head><body><header>{tagline}</header><div>{article}</div>"
    assert extract(page + footer, "https://city.example/news/plan").text.split("\n") == ARTICLE


def test_text_separated_by_br_in_a_bare_div_is_the_article():
    links = "".join(f'<div><a href="/service/{i}">Service number {i} of the city</a></div>' for i in range(20))
    html = f"""<html><head><title>Youth employment plan approved</title></head><body><div class="page">
    <div class="content-area"><h1>Youth employment plan approved</h1>
      <div><b>City news</b><br>{"<br><br>".join(ARTICLE)}</div></div>
    <div class="quick-links">{links}</div>
    <div class="site-info"><p>City of Example, Town Hall, 60100 Example. Open on weekdays from 8 to 16.</p></div>
    </div></body></html>"""
    a = extract(html, "https://city.example/news/plan")
    # the page's one <p>, a footer line, does not win over the article that has no <p>
    assert a.text.split("\n")[-3:] == ARTICLE and "Town Hall" not in a.text


def test_key_facts_and_lead_between_title_and_body_are_kept_and_the_contact_box_dropped():
    html = (FIXTURES / "press-release-key-facts.html").read_text(encoding="utf-8")
    a = extract(html, "https://parliament.example/news/right-to-repair")
    lines = a.text.split("\n")
    assert lines[:4] == [
        "Common rules for repairing household appliances",
        "Spare parts for ten years after the last unit is sold",
        "An online platform lists repair shops in every member state",
        "On Tuesday, Parliament and Council negotiators reached a provisional deal on the right to repair, "
        "which will make repairing goods easier and cheaper for consumers.",
    ]
    assert len(lines) == 7 and lines[-1].startswith("The rapporteur said after the vote")
    for furniture in ("Contacts", "Jane Example", "+32 2 28 12345", "Latest releases", "Press release 02-02-2024"):
        assert furniture not in a.text
    # the navigation heading "News" is in <title> too, but it is not the title
    assert a.title == "Deal on the right to repair"
    assert a.published == "2024-02-02"


def test_repeated_table_cells_are_not_deduplicated_and_cells_never_glue():
    table = (
        "<table><tr><th>Joukkue</th><th>V</th><th>T</th><th>H</th><th>P</th></tr>"
        "<tr><td>Seinäjoki</td><td>5</td><td>1</td><td>1</td><td>16</td></tr>"
        "<tr><td>Vaasa</td><td>5</td><td>1</td><td>17</td><td>27</td></tr></table>"
    )
    facts = (
        "<dl><dt>Paikka</dt><dd>Seinäjoki</dd></dl>"
        "<details><summary>Lisätietoja</summary>Maria Mäkinen, puh. 040 123 4567</details>"
    )
    html = page().replace(f"<p>{BODY[1]}</p>", f"{table}{facts}<p>{BODY[1]}</p>")
    lines = extract(html, "https://kaupunki.fi/x").text.split("\n")
    assert lines == [
        LEAD,
        BODY[0],
        "Joukkue V T H P",
        "Seinäjoki 5 1 1 16",
        "Vaasa 5 1 17 27",
        "Paikka: Seinäjoki",  # a term and its description: one line, never glued
        "Lisätietoja",
        "Maria Mäkinen, puh. 040 123 4567",
        BODY[1],
    ]


def test_an_empty_widget_inside_a_line_neither_cuts_it_nor_glues_its_words():
    # A browser extension's or a script's badge after a link, inside a cited source: the line stays one line, and
    # its first half, mostly link, is not dropped as a link.
    badge = '<div class="shield-container" style="display:inline-block"><div class="shield"></div></div>'
    cited = [
        (3, "Nuorten työllisyys parani Etelä-Pohjanmaalla"),
        (9, "Ohjaamo laajenee keskustaan ensi vuonna"),
        (12, "Yritysneuvonta muuttaa samaan taloon"),
    ]
    sources = "".join(
        f'<li><span><cite>Mäkinen, Maria ({day}.3.2024). <a href="https://example.org/{day}">"{title}"</a>{badge}. '
        "<i>Ilkka-Pohjalainen</i>. Luettu 15.5.2024.</cite></span></li>"
        for day, title in cited
    )
    # An empty block without that style ends a line, as in a browser: an empty <div>, a line break, a spacer.
    said = [
        "Hanke alkaa syyskuussa, ja ensimmäiset työpajat pidetään kirjastossa lokakuussa.",
        "Työpajoihin voivat osallistua kaikki alle 30-vuotiaat seinäjokiset maksutta.",
        "Hanke päättyy vuonna 2027, jolloin sen tulokset esitellään kaupunginvaltuustolle.",
        "Hankkeen rahoittaa Euroopan sosiaalirahasto yhdessä kaupungin kanssa.",
    ]
    breaks = '<p><span>{}<div class="clear"></div>{}<div><br></div>{}<div>&nbsp;</div>{}</span></p>'.format(*said)
    html = page().replace(f"<p>{BODY[1]}</p>", f"{breaks}<p>{BODY[1]}</p><h2>Lähteet</h2><ol>{sources}</ol>")
    lines = extract(html, "https://kaupunki.fi/x").text.split("\n")
    assert lines == [
        LEAD,
        BODY[0],
        *said,
        BODY[1],
        "Lähteet",
        *(f'Mäkinen, Maria ({day}.3.2024). "{title}". Ilkka-Pohjalainen. Luettu 15.5.2024.' for day, title in cited),
    ]


def test_words_of_a_sentence_stay_whatever_their_class_says():
    # A glossary's pop-ups and a linked name inside the sentences: their class names furniture ("popup",
    # "author"), but they are the sentence's words, its first one too.
    first = (
        '<p><a href="javascript:void(0)" class="popup">Ohjaamo</a> on <a href="javascript:void(0)" class="popup">'
        "alle 30-vuotiaiden</a> palvelupiste, jonka toimintaa johtaa "
        '<span class="author"><a href="/henkilot/maria">Maria Mäkinen</a></span>, ja se avataan keskustassa.</p>'
    )
    # Controls beside them stay out: share links in a row, a "read more" after a full stop, a comment link.
    controls = (
        '<p>Jaa: <a class="share" href="/f">Facebook</a> | <a class="share" href="/x">X</a></p>'
        f'<p>{BODY[1]} <a class="read-more" href="/lisaa">Lue lisää palvelupisteestä</a></p>'
        '<p>Palautetta voi antaa palvelupisteessä, tai voit <a class="comment-link" href="#c">kommentoida</a>.</p>'
        '<p>Lue myös <a class="related-link" href="/t">Hallitus päätti uudesta tukipaketista yrityksille</a>.</p>'
        '<p>Lataa <a href="/r.pdf">raportti<span class="screenreader-only">avautuu uuteen ikkunaan</span></a> ja '
        "tutustu siihen.</p>"
    )
    html = page().replace(f"<p>{BODY[0]}</p>", first + f"<p>{BODY[0]}</p>").replace(f"<p>{BODY[1]}</p>", controls)
    text = extract(html, "https://kaupunki.fi/x").text
    assert text.split("\n")[:4] == [
        LEAD,
        "Ohjaamo on alle 30-vuotiaiden palvelupiste, jonka toimintaa johtaa Maria Mäkinen, ja se avataan keskustassa.",
        BODY[0],
        BODY[1],
    ]
    for control in ("Facebook", "Lue lisää", "kommentoida", "tukipaketista", "ikkunaan"):
        assert control not in text


def test_a_long_lead_repeated_in_the_body_is_kept_once():
    html = page().replace(f"<p>{BODY[0]}</p>", f"<p>{LEAD}</p><p>{BODY[0]}</p>")
    assert extract(html, "https://kaupunki.fi/x").text.split("\n") == [LEAD, *BODY]


def test_a_first_paragraph_dense_with_name_links_is_kept():
    first = (
        '<p><a href="/p/1">Maria Mäkinen</a> of <a href="/o/2">Seinäjoen kaupunki</a> and '
        '<a href="/p/3">Anna Lindqvist</a> of <a href="/o/4">Coompanion Göteborgsregionen</a> presented the '
        '<a href="/proj/5">HOPE project</a> to <a href="/p/6">Peter Smith</a> of <a href="/o/7">Derry and '
        "Strabane</a> in Maribor.</p>"
    )
    html = page().replace(f"<p>{BODY[0]}</p>", first + f"<p>{BODY[0]}</p>")
    a = extract(html, "https://kaupunki.fi/x")
    assert a.paragraphs[1].text == (
        "Maria Mäkinen of Seinäjoen kaupunki and Anna Lindqvist of Coompanion "
        "Göteborgsregionen presented the HOPE project to Peter Smith of Derry and "
        "Strabane in Maribor."
    )
    assert "Toinen uutinen" not in a.text  # a list of teaser links is still no paragraph


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
@pytest.mark.parametrize("declared", ["header", "meta"])
def test_utf16_pages_are_decoded_and_extracted(encoding, declared):
    html = page(head='<meta charset="utf-16">' if declared == "meta" else "")
    headers = {"content-type": "text/html; charset=utf-16"} if declared == "header" else {}
    raw = html.encode(encoding)  # "utf-16" writes a byte-order mark, the other two do not
    assert decode_html(raw, headers) == html
    a = extract(raw, "https://kaupunki.fi/x", headers=headers)
    assert a.extraction["ok"] and a.text.split("\n") == [LEAD, *BODY]


def stream(n: int = 6) -> str:
    """A stream of stories: linked headlines, each with a teaser that reads like text."""
    return "".join(
        f'<li><h3><a href="/story/{i}">Another story number {i} from elsewhere in the region</a></h3>'
        f"<p>The teaser of story {i} is a long sentence, with commas, that reads as text, but it belongs to "
        f"another page and only summarises that page for readers who might click on it.</p></li>"
        for i in range(n)
    )


@pytest.mark.parametrize(
    "wrapper",
    [
        '<div class="Pos(r) Bxsh(modalShadow) Mstart(137px)--modalMinWidth">',  # Atomic CSS: styles, no names
        '<div class="render-target-modal"><article>',  # a story opened over the page, marked up as the article
    ],
)
def test_an_article_in_a_wrapper_named_like_furniture_beside_a_longer_stream_is_kept(wrapper):
    closing = "</article></div>" if "<article>" in wrapper else "</div>"
    html = f"""<html><head><title>Youth employment plan approved</title></head><body>
    {wrapper}<h1>Youth employment plan approved</h1>{"".join(f"<p>{p}</p>" for p in ARTICLE)}{closing}
    <div class="stream"><ul>{stream(4)}</ul></div></body></html>"""
    a = extract(html, "https://city.example/news/plan")
    assert a.text.split("\n") == ARTICLE


def test_a_stream_of_teasers_beside_the_article_is_not_taken_with_it():
    html = f"""<html><head><title>Youth employment plan approved</title></head><body><div id="main">
    <section class="card-main"><h1>Youth employment plan approved</h1>
      <div class="body">{"".join(f"<p>{p}</p>" for p in ARTICLE)}</div></section>
    <div class="more"><ul>{stream(8)}</ul></div></div></body></html>"""
    a = extract(html, "https://city.example/news/plan")
    assert a.text.split("\n") == ARTICLE


def test_a_photo_story_told_in_captions_is_the_article():
    pictures = "".join(
        f'<div class="image-wrapper"><img src="/p{i}.jpg"><div class="caption-image"><p>{p}</p></div></div>'
        for i, p in enumerate(ARTICLE)
    )
    html = furnished('<div class="gallery">', pictures)
    a = extract(html, "https://city.example/news/plan")
    assert a.text.split("\n") == ARTICLE


def test_a_slideshow_caption_that_holds_the_pages_text_is_kept():
    html = furnished('<div class="slides">', f'<img src="/1.jpg"><div class="caption">{" ".join(ARTICLE)}</div>')
    a = extract(html, "https://city.example/news/plan")
    assert a.text == " ".join(ARTICLE)


def test_a_photo_page_whose_only_text_is_its_pictures_caption_gives_the_caption():
    # one picture's caption beside an article is furniture; on a page with nothing else it is the text
    caption = "Firefighters worked through the night to save the old mill in Ilmajoki."
    page = (
        "<html><head><title>Photo: the old mill | Example News</title></head><body><nav><a href='/'>Home</a> "
        "<a href='/news'>News</a></nav><main><h1>Photo: the old mill</h1>{}</main><div id='cookie-consent'><p>We use "
        "cookies to make this site work, and you can choose to accept them.</p></div><footer><p>Example News, 2 Mill "
        "Road, 60100 Example. All rights reserved.</p></footer></body></html>"
    )
    for figure in (
        f"<figure><img src='/mill.jpg'><figcaption>{caption}</figcaption></figure>",
        f"<img src='/mill.jpg'><div class='caption'>{caption}</div>",
    ):
        a = extract(page.format(figure), "https://news.example/photo/1")
        assert a.text == caption and a.extraction["fallback"] is True  # (no cookie notice, no footer)
    # a credit alone is no text, and a page of pictures with credits only stays empty
    credit = "<figure><img src='/mill.jpg'><figcaption>Photo: Jane Doe</figcaption></figure>"
    assert extract(page.format(credit), "https://news.example/photo/1").text == ""
    # with an article of its own, the caption is still dropped
    article = f"<figure><img src='/mill.jpg'><figcaption>{caption}</figcaption></figure>" + paragraphs(*ARTICLE)
    assert extract(page.format(article), "https://news.example/photo/1").text.split("\n") == ARTICLE


def test_a_furniture_word_inside_a_longer_name_does_not_make_it_furniture():
    # "adSkinLayer1" holds the ad word, but it is not an element named "ad"
    html = furnished('<div id="adSkinLayer1">', "".join(f"<p>{p}</p>" for p in ARTICLE))
    a = extract(html, "https://city.example/news/plan")
    assert a.text.split("\n") == ARTICLE


def test_a_list_of_short_items_at_the_end_introduced_by_a_colon_is_kept():
    places = ["Brazil", "Sri Lanka", "Hong Kong", "Ireland"]
    inner = f"<p>Travel</p><p>{ARTICLE[0]}</p><p>The places we will visit first:</p>" + "".join(
        f"<p>{p}</p>" for p in places
    )  # "Travel": a kicker before the text, which goes
    a = extract(f'<html><body><div class="entry">{inner}</div></body></html>', "https://city.example/news/tour")
    assert a.text.split("\n") == [ARTICLE[0], "The places we will visit first:", *places]
    # a label is no introduction: tags, related links and contacts after "Tags:" still go
    for label in ("Tags:", "Related:", "Lue myös:", "Contact:"):
        tail = f"<p>{ARTICLE[0]}</p><p>{label}</p><p>Economy</p><p>Youth plan</p>"
        assert extract(furnished('<div class="entry">', tail), "https://city.example/x").text == ARTICLE[0]
    # without the introduction, short lines at the end are a site's name or a kicker, and go
    plain = f"<p>{ARTICLE[0]}</p><p>City of Example</p>"
    assert extract(furnished('<div class="entry">', plain), "https://city.example/news/x").text == ARTICLE[0]


def test_summaries_cut_off_with_an_ellipsis_are_other_pages_not_more_of_the_article():
    summaries = "".join(
        f"<p>Post {i}: the city has published another long post about its services, its plans and its "
        f"people, and this summary of it stops in the middle of a sentence like this one [...]</p>"
        for i in range(6)
    )
    html = f"""<html><head><title>Youth employment plan approved</title></head><body><div id="wrap">
    <div class="post"><h1>Youth employment plan approved</h1>
      <div class="entry">{"".join(f"<p>{p}</p>" for p in ARTICLE)}</div></div>
    <div class="extra">{summaries}</div></div></body></html>"""
    a = extract(html, "https://city.example/news/plan")
    assert a.text.split("\n") == ARTICLE


def test_a_short_story_whose_every_container_is_named_like_furniture_is_not_lost():
    # a story shown in a popup: the only wrapper is named "modal", and the page has no description
    html = f"""<html><head><title>Youth employment plan approved</title></head><body>
    <div class="modal"><h1>Youth employment plan approved</h1><p>{ARTICLE[0]}</p><p>{ARTICLE[1]}</p>
    <a href="/close">Close</a></div></body></html>"""
    a = extract(html, "https://city.example/news/plan")
    assert a.text.split("\n") == ARTICLE[:2]
    assert a.extraction["fallback"] is True  # flagged, so `newsflow status` can say the layout looks odd
    # a video page with no article is not filled with its cookie notice and footer
    video = """<html><head><title>Council meeting</title></head><body><nav><a href="/">Home</a></nav>
    <div class="video-player"><video src="/v.mp4"></video></div>
    <div id="cookie-consent"><p>We use cookies to make this site work, and you can choose to accept them.</p></div>
    <footer><p>City of Example, Town Hall, 60100 Example. Open on weekdays from 8 to 16.</p></footer></body></html>"""
    assert extract(video, "https://city.example/video").text == ""
    # a page with no sentences anywhere stays empty, with its reason, rather than filled with menus
    menus = '<div class="modal"><a href="/a">Home</a> <a href="/b">News</a> <span>Close</span></div>'
    empty = extract(f"<html><body>{menus}</body></html>", "https://city.example/x")
    assert empty.text == "" and empty.extraction["reason"] == "no main text found"


def test_a_caption_named_by_its_id_is_not_taken_for_a_photo_story():
    # only elements sharing a class make a photo story; the classless divs around it are not its kin
    caption = '<div id="photo-caption"><p>The council chamber on Monday evening, during the long debate.</p></div>'
    inner = caption + "".join(f"<div><p>{p}</p></div>" for p in ARTICLE)
    a = extract(furnished('<div class="entry">', inner), "https://city.example/news/plan")
    assert a.text.split("\n") == ARTICLE


def test_readers_comments_in_a_container_named_comment_content_are_dropped():
    comments = paragraphs(
        "Great news, my son has been looking for a trainee place for months and this will help him a lot.",
        "Who pays for the advisers, though? The city should say what this costs every taxpayer each year.",
    )
    inner = "".join(f"<p>{p}</p>" for p in ARTICLE) + f'<div class="comments-content"><h3>Comments</h3>{comments}</div>'
    a = extract(furnished('<div class="entry">', inner), "https://city.example/news/plan")
    assert a.text.split("\n") == ARTICLE


def test_a_sidebar_by_name_stays_furniture_even_when_it_holds_most_of_the_page():
    profile = "".join(
        f"<p>The author has written about the city for {n} years, about its services, its people and its plans, "
        f"and about everything else that happens between the river and the railway station.</p>"
        for n in range(10, 18)
    )
    html = f"""<html><head><title>Plan approved</title></head><body><div id="content">
    <div class="post"><h1>Plan approved</h1><p>{ARTICLE[0]}</p></div>
    <div id="sidebar"><div id="profile">{profile}</div></div></div></body></html>"""
    a = extract(html, "https://blog.example/plan")
    assert a.text == ARTICLE[0]


def test_a_profile_box_beside_the_article_is_not_taken_for_more_of_it():
    profile = "".join(
        f"<p>Jane Example has written about the city for {n} years, about its services, its people and its "
        f"plans, and she lives by the river with two cats and far too many books.</p>"
        for n in (10, 11, 12)
    )
    html = f"""<html><head><title>Plan approved</title></head><body><div id="wrap">
    <div class="post"><h1>Plan approved</h1><div class="entry">{"".join(f"<p>{p}</p>" for p in ARTICLE)}</div></div>
    <div class="profile-box">{profile}</div></div></body></html>"""
    a = extract(html, "https://blog.example/plan")
    assert a.text.split("\n") == ARTICLE


def test_a_notice_that_comments_are_closed_stays_furniture():
    # "nocomments" says there are no comments, but it is WordPress's class for that very notice
    inner = "".join(f"<p>{p}</p>" for p in ARTICLE) + '<p class="nocomments">Comments are closed.</p>'
    a = extract(furnished('<div class="entry">', inner), "https://city.example/news/plan")
    assert a.text.split("\n") == ARTICLE


def test_a_class_that_says_a_part_is_absent_names_no_furniture():
    # "no_caption" says the picture has no caption: the lead beside it is text
    lead = "The council approved the plan on Monday evening, after a debate that went on for six hours."
    inner = f'<div class="item no_caption"><h2>{lead}</h2><img src="/1.jpg"></div>' + "".join(
        f"<p>{p}</p>" for p in ARTICLE
    )
    a = extract(furnished('<div class="entry">', inner), "https://city.example/news/plan")
    assert a.text.split("\n") == [lead, *ARTICLE]


def _script_rendered(body: object, extra: str = "") -> str:
    """A page whose article a script fills in: only a loading notice in the HTML, the body in its JSON-LD
    (or, given a list, those JSON-LD items)."""
    import json

    item = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Uusi palvelupiste",
        "articleBody": body,
    }
    ld = json.dumps(body if isinstance(body, list) else item).replace("</", "<\\/")  # a list: the items as given
    return f"""<html lang="fi"><head><title>Uusi palvelupiste</title>
    <script type="application/ld+json">{ld}</script></head><body>
    <nav><a href="/">Etusivu</a> <a href="/uutiset">Uutiset</a></nav>
    <div id="app">Ladataan...</div>{extra}<noscript>Ota JavaScript käyttöön.</noscript></body></html>"""


def test_a_page_whose_script_renders_the_article_gives_the_body_its_json_ld_states():
    a = extract(_script_rendered("\n\n".join([LEAD, *BODY])), "https://city.example/uutiset/1")
    assert a.text.split("\n") == [LEAD, *BODY]
    assert a.extraction["ok"] and a.extraction["fallback"] is True
    # a body stated as markup gives its blocks; what a newsroom wrote there stays text, never markup
    markup = f"<p>{LEAD}</p><script>alert(1)</script><p>{BODY[0]} <b>Tervetuloa!</b></p><ul><li>{BODY[1]}</li></ul>"
    a = extract(_script_rendered(markup), "https://city.example/uutiset/1")
    assert a.text.split("\n") == [LEAD, f"{BODY[0]} Tervetuloa!", BODY[1]]
    # a stated body that is not a string, or too short to be an article, is not taken
    for body in ({"text": LEAD}, "Lue lisää."):
        assert extract(_script_rendered(body), "https://city.example/uutiset/1").text == ""


def test_only_the_body_stated_for_this_page_is_taken():
    # a related story beside the article, or a listing's articles: only the item naming this page counts
    body, other = " ".join([LEAD, *BODY]), "RELATED " + " ".join(BODY * 3)
    graph = {"@graph": [{"url": "https://city.example/uutiset/1/", "articleBody": body},
                        {"url": "https://city.example/uutiset/2", "articleBody": other}]}  # fmt: skip
    assert extract(_script_rendered(graph["@graph"]), "https://city.example/uutiset/1").text == body
    assert extract(_script_rendered(graph["@graph"]), "https://city.example/uutiset/3").text == ""
    # characters a JSON string can state but text cannot hold (a lone surrogate, NUL) are spaces
    a = extract(_script_rendered(f"{body}\ud800\x00loppu"), "https://city.example/uutiset/1")
    assert a.text == f"{body} loppu"
    a.text.encode("utf-8")  # storable


def test_a_stated_body_is_read_as_markup_whenever_it_holds_markup():
    stated = f"{LEAD} <a href='/x'>Lue</a> &amp; <strong>tule</strong>&nbsp;mukaan <script>alert(1)</script>\n{BODY[0]}"
    a = extract(_script_rendered(stated), "https://city.example/uutiset/1")
    assert a.text.split("\n") == [f"{LEAD} Lue & tule mukaan", BODY[0]]  # lines stay lines, entities decoded
    hidden = f'<p>{LEAD}</p><p style="display:none">PIILOSSA</p><nav>VALIKKO</nav><p>{BODY[0]}</p>'
    assert extract(_script_rendered(hidden), "https://city.example/uutiset/1").text.split("\n") == [LEAD, BODY[0]]
    escaped = f"&lt;p&gt;{LEAD}&lt;/p&gt;&lt;p&gt;{BODY[0]}&lt;/p&gt;"  # markup stated escaped
    assert extract(_script_rendered(escaped), "https://city.example/uutiset/1").text.split("\n") == [LEAD, BODY[0]]


def test_the_pages_own_article_wins_over_a_stated_body():
    # a guard: the stated body is a fallback, never preferred to the page's own article
    # JSON-LD often states a teaser or another version: where the page's text holds the article, it is used
    stated = "A summary in another language, written for search engines. " * 5
    a = extract(page(head=_script_rendered(stated).split("<head>")[1].split("</head>")[0]), "https://city.example/1")
    assert a.text.split("\n") == [LEAD, *BODY]


def test_a_paragraph_of_nothing_a_reader_sees_is_no_paragraph():
    html = (
        f"<html><body><article><p>{LEAD}</p><p>&#8203;</p><p>\ufeff &#8288;</p><p>{BODY[0]}</p></article></body></html>"
    )
    assert extract(html, "https://e.fi/").text.split("\n") == [LEAD, BODY[0]]


@pytest.mark.parametrize("classes", ["post-content has-sidebar", "entry-content share-enabled", "main-with-sidebar"])
def test_a_short_notice_in_a_wrapper_named_with_a_modifier_is_kept(classes):
    # under 200 characters of paragraph text: kept when the wrapper's class also names content ...
    notice = [
        "Kaupungintalon asiakaspalvelu on suljettu perjantaina 5.12. huoltotöiden vuoksi.",
        "Palvelemme taas maanantaina 8.12. tavalliseen aikaan kello 8-16.",
    ]
    inner = "".join(f"<p>{p}</p>" for p in notice) + '<div class="share"><a href="/">Jaa</a></div>'
    page = f'<html><body><nav><a href="/">Etusivu</a></nav><div class="{classes}">{inner}</div></body></html>'
    assert extract(page, "https://e.fi/").text.split("\n") == notice
    # ... but a cookie notice that holds all of a page's little text is no article
    cookie = f'<html><body><div class="cookie-consent">{"".join(f"<p>{p}</p>" for p in notice)}</div></body></html>'
    assert extract(cookie, "https://e.fi/").text == ""


@pytest.mark.parametrize(
    ("notice", "where"),
    [
        (
            "Vi använder kakor (cookies) för att webbplatsen ska fungera. Genom att surfa vidare godkänner du det.",
            "before",
        ),
        ("Käytämme sivustollamme evästeitä. Jatkamalla sivuston käyttöä hyväksyt evästeiden käytön.", "after"),
        (
            "This website uses cookies to give you the best experience. By continuing you agree to our use of them.",
            "before",
        ),
    ],
)
def test_a_cookie_notice_in_a_bare_div_at_an_end_of_the_text_is_dropped(notice, where):
    article = f"<div><h1>Uusi palvelupiste</h1>{''.join(f'<p>{p}</p>' for p in [LEAD, *BODY])}</div>"
    box = f"<div><p>{notice}</p></div>"
    page = f"<html><body>{box if where == 'before' else ''}{article}{box if where == 'after' else ''}</body></html>"
    assert extract(page, "https://e.fi/").text.split("\n") == [LEAD, *BODY]


def test_a_release_about_cookies_keeps_its_lead():
    # it speaks of websites, not as one: its lead names cookies and is still the lead
    lead = "Från 1 juli måste webbplatser be om samtycke innan de använder kakor, enligt den nya lagen om cookies."
    page = f"<html><body><div><p>{lead}</p>{''.join(f'<p>{p}</p>' for p in BODY)}</div></body></html>"
    assert extract(page, "https://e.fi/").text.split("\n") == [lead, *BODY]


def test_big_pages_are_extracted_one_at_a_time(monkeypatch):
    # a big page's tree takes up to 150 bytes a character: threads never hold two at once
    import newsflow.extract as module

    seen = []
    parse = module._parse

    def watching(text):
        free = module._BIG_PAGES.acquire(blocking=False)  # whether another big page could start now
        if free:
            module._BIG_PAGES.release()
        seen.append((len(text) > module.BIG_PAGE_CHARS, free))
        return parse(text)

    monkeypatch.setattr(module, "_parse", watching)
    big = extract(article_of_size(module.BIG_PAGE_CHARS * 6 // 5), "https://e.fi/")
    small = extract(article_of_size(5_000), "https://e.fi/")
    assert big.paragraphs and small.paragraphs
    assert seen == [(True, False), (False, True)]


def test_control_characters_and_bidi_overrides_never_reach_the_text():
    """A page's control characters (ESC sequences, BEL, &#1;) made the Atom feeds invalid XML and, printed by
    `newsflow search`, cleared the terminal; a right-to-left override made a title read backwards."""
    page = (
        "<html><head><title>Uusi \x1b[2J\x07kirjasto\u202e avataan</title></head><body><main><article>"
        "<h1>Uusi \x1b[2J\x07kirjasto\u202e avataan</h1><p>Kaupunginkirjasto&#1; avataan&#11;uudelleen "
        "maanantaina, ja lainaus\x1b]0;pwned\x07 jatkuu entiseen tapaan kaikissa toimipisteissä.</p>"
        "</article></main></body></html>"
    )
    article = extract(page, "https://example.fi/uutiset/1")
    shown = article.title + "\n" + article.text
    assert not any(c < " " and c != "\n" or "\x7f" <= c <= "\x9f" or "\u202a" <= c <= "\u202e" for c in shown)
    assert article.title == "Uusi [2Jkirjasto avataan"
    assert "avataan uudelleen maanantaina" in article.text  # a vertical tab was a space between two words


def test_windows_1252_punctuation_read_twice_stays_punctuation():
    """A CMS that decoded Windows-1252 as Latin-1 leaves U+0080-U+009F in its UTF-8 pages: the dash, apostrophe and
    euro sign they stand for are kept as those, not dropped with the control characters ("Plan 20212022")."""
    page = (
        "<html><head><title>Plan 2021\u00962022</title></head><body><main><article><h1>Plan 2021\u00962022</h1>"
        "<p>The city\u0092s plan for 2021\u00962022 costs 5\u00a0million \u0080 and was approved on Monday by the "
        "council after a long debate.</p></article></main></body></html>"
    )
    article = extract(page, "https://example.com/news/1")
    assert article.title == "Plan 2021–2022"
    assert "The city’s plan for 2021–2022 costs 5 million € and was approved on" in article.text


def test_a_title_of_nothing_a_reader_sees_is_no_title():
    """Hostile-input probe: a title of tabs, &nbsp; and a zero-width space was stored as U+200B: the release's card
    had no link to click, and "(no headline)" was not shown."""
    body = "<p>" + "Seinäjoen kaupunki kertoo uutisen, joka on tarpeeksi pitkä kappale tekstiä. " * 3 + "</p>"
    page = (
        f"<html><head><title>\t&nbsp;&#8203; </title></head><body><h1>&#8203;</h1><article>{body}</article>"
        "</body></html>"
    )
    article = extract(page, "https://e.fi/a")
    assert article.title == "" and article.text.startswith("Seinäjoen kaupunki")


def test_a_sentence_broken_by_a_line_break_is_one_paragraph():
    """An editor's soft return (Shift+Enter) or text pasted with its line breaks puts a <br> inside a sentence: each
    line was a paragraph of its own, read apart for its language, its names and its phrases. A programme's items,
    a contact block, an address and lines that end a sentence stay apart."""
    html = """<html><head><title>Kuntakokeilu alkaa | Seinäjoki</title></head><body><main><article>
    <h1>Kuntakokeilu alkaa</h1>
    <p>Seinäjoen kaupunki on mukana työllisyyden<br>kuntakokeilussa, jonka myötä kaupunki valmistautuu yhä
    vahvempaan,<br>\n uudenlaiseen rooliin työllisyyspalveluissa. Kokeilu alkaa maaliskuussa.</p>
    <p>Ohjelma alkaa tiistaina kaupungintalolla.<br>klo 10 avaus ja kahvit aulassa<br>klo 11 esittely ja
    keskustelu<br>klo 12 lounas ravintolassa</p>
    <p>Hankkeessa ovat mukana Derry City and Strabane<br>District Council sekä Mariborin kaupunki ja monet muut.</p>
    <p>Ohjelma:<br>avaus ja kahvit aulassa<br>esittely ja keskustelu hankkeesta<br>lounas ravintola Rossossa</p>
    <p>Tilaisuudessa puhuivat kaupunginjohtaja ja hankkeen koordinaattori<br>kuva: Matti Meikäläinen</p>
    <pre>Kokeilun tulokset kootaan yhteen kevään aikana ja<br>esitellään kaupunginvaltuustolle syksyllä.</pre>
    </article></main></body></html>"""
    lines = extract(html, "https://www.seinajoki.fi/uutiset/kuntakokeilu").text.split("\n")
    assert lines[0] == (
        "Seinäjoen kaupunki on mukana työllisyyden kuntakokeilussa, jonka myötä kaupunki valmistautuu yhä vahvempaan, "
        "uudenlaiseen rooliin työllisyyspalveluissa. Kokeilu alkaa maaliskuussa."
    )
    assert lines[1:5] == [
        "Ohjelma alkaa tiistaina kaupungintalolla.",  # it ends a sentence
        "klo 10 avaus ja kahvit aulassa",  # items that start alike
        "klo 11 esittely ja keskustelu",
        "klo 12 lounas ravintolassa",
    ]
    # A capital after the break is another line (a name goes on there too, and is read apart as before).
    assert lines[5] == "Hankkeessa ovat mukana Derry City and Strabane"
    # A programme's short lines in lower case, a credit's label after a line, and <pre> stay apart (review, s30).
    assert lines[7:11] == [
        "Ohjelma:",
        "avaus ja kahvit aulassa",
        "esittely ja keskustelu hankkeesta",
        "lounas ravintola Rossossa",
    ]
    assert "Tilaisuudessa puhuivat kaupunginjohtaja ja hankkeen koordinaattori" in lines
    assert "Kokeilun tulokset kootaan yhteen kevään aikana ja" in lines


def test_a_text_of_thousands_of_wrapped_lines_costs_what_an_article_of_its_size_does():
    """Review (s30): each <br> read the whole paragraph gathered so far again: 16,000 wrapped lines took 108 s."""
    line = "kaupunki valmistautuu yhä vahvempaan rooliin työllisyyspalveluissa ja"
    wrapped = "<html><body><article><p>Alku " + "<br>".join([line] * 8000) + " loppu.</p></article></body></html>"
    plain = "<html><body><article><p>Alku " + " ".join([line] * 8000) + " loppu.</p></article></body></html>"
    assert costs_what_an_article_of_its_size_does(wrapped, plain).text.count("\n") == 0  # one paragraph
