"""News and blog templates: fact boxes, byline rows, labelled times, paywalls, reading times, wire signatures.

Each page here is written for its test (a news site's or blog platform's layout reduced to what the rule is about).
"""

from __future__ import annotations

import pytest

from newsflow.extract import extract
from timing import costs_what_an_article_of_its_size_does

L1 = "Seinäjoen kaupunki avaa keväällä kierrätystorin, jossa asukkaat voivat vaihtaa tavaroita maksutta keskenään."
L2 = "Hanke on osa eurooppalaista yhteistyötä, jossa kaupungit kokeilevat uusia tapoja vähentää jätteen määrää."
L3 = "Kierrätystori avataan kaupungintalon viereen, ja sen toiminnasta vastaavat paikalliset yhdistykset yhdessä."
E1 = "The council has joined a European project that helps social enterprises employ people far from work."
E2 = "The three-year project has a total budget of 2.4 million euro, of which the council's share is a tenth."
E3 = "The first workshops with local businesses and community groups take place this spring in the North West."


def news_page(article: str, before: str = "", head: str = "", lang: str = "fi") -> str:
    """A news site's article page: a consent notice and a menu, the article, a "most read" column, a footer."""
    return f"""<html lang="{lang}"><head><title>Uutinen | Lehti</title>{head}</head><body>{before}
    <header><nav><a href="/">Etusivu</a> <a href="/uutiset">Uutiset</a></nav></header>
    <main><article><h1>Kierrätystori avataan keväällä</h1>{article}</article>
    <section class="most-read"><h2>Luetuimmat</h2><ol><li><a href="/r">Uusi päiväkoti avataan</a></li></ol></section>
    </main><footer>Lehti Oy, Seinäjoki</footer></body></html>"""


def lines(html: str) -> list[str]:
    return [p.text for p in extract(html, "https://example.fi/a").paragraphs]


def test_a_fact_box_between_the_paragraphs_is_text_a_side_box_and_a_box_of_links_are_not() -> None:
    facts = (
        '<aside class="article__factbox"><h2>Näin hanke etenee</h2><ul><li>Kevät 2025: kierrätystori avataan.</li>'
        "<li>Syksy 2025: ensimmäiset tulokset kootaan kumppaneille.</li></ul></aside>"
    )
    got = lines(news_page(f"<p>{L1}</p><p>{L2}</p>{facts}<p>{L3}</p>"))
    assert "Kevät 2025: kierrätystori avataan." in got and got[-1] == L3
    links = (
        '<aside class="rich-link"><a href="/a">Kaupunki avaa uuden päiväkodin Kasperiin ensi syksynä</a>'
        ' <a href="/b">Talousarvion valmistelu alkaa</a></aside>'
    )
    assert lines(news_page(f"<p>{L1}</p><p>{L2}</p>{links}<p>{L3}</p>")) == [L1, L2, L3]
    side = (
        '<aside class="article__sidebar"><p>Tilaa uutiskirje ja saat parhaat jutut joka aamu sähköpostiisi.</p></aside>'
    )
    assert lines(news_page(f"<p>{L1}</p><p>{L2}</p>{side}<p>{L3}</p>")) == [L1, L2, L3]


CONSENT = (
    '<div id="consent"><p>We and our partners use cookies and similar technologies to store and access information '
    "on your device, to personalise content and ads and to measure them.</p></div>"
)


def test_a_byline_row_with_the_writers_name_and_the_date_after_the_lead_dates_the_page() -> None:
    row = (
        '<div class="article-meta"><span class="byline">Anna Lindholm</span>'
        '<span class="publish-date">Publicerad 12.03.2025 - 06:00</span></div>'
    )
    a = extract(news_page(f'<p class="lead">{L1}</p>{row}<p>{L2}</p><p>{L3}</p>', before=CONSENT), "https://e.fi/a")
    assert a.published == "2025-03-12T06:00:00"
    # The same words with no name marked as the writer's are a teaser's, not a byline row.
    teaser = '<div class="meta"><span>Italian Pot Roast</span><span>Oct 22, 2012</span></div>'
    a = extract(news_page(f'<p class="lead">{L1}</p>{teaser}<p>{L2}</p><p>{L3}</p>'), "https://e.fi/a")
    assert a.published == ""


def test_a_time_glued_to_the_next_label_is_apart_and_the_update_is_read() -> None:
    row = (
        '<p class="dates"><time datetime="2025-03-12T08:04:00+02:00">12.3.2025 08:04</time>'
        '<span class="dates--modified">Päivitetty <time>12.3.2025 10:15</time></span></p>'
    )
    a = extract(news_page(f"{row}<p>{L1}</p><p>{L2}</p>"), "https://e.fi/a")
    assert a.updated == "2025-03-12T10:15:00"
    assert all("04Päivitetty" not in p.text for p in a.paragraphs)
    row = '<p><span class="d">Published 12th Mar 2025, 08:04 GMT</span><span class="d">Updated 13th Mar 2025</span></p>'
    a = extract(news_page(f"{row}<p>{E1}</p><p>{E2}</p>", lang="en-GB"), "https://e.co.uk/a")
    assert (a.published, a.updated) == ("2025-03-12T08:04:00+00:00", "2025-03-13")


def test_a_time_after_an_update_word_is_the_update_not_the_publication() -> None:
    row = (
        '<p>Julkaistu: <time datetime="2025-03-12T06:00:00+02:00">12.3. 6:00</time> | '
        'Päivitetty: <time datetime="2025-03-12T09:51:00+02:00">12.3. 9:51</time></p>'
    )
    a = extract(news_page(f"{row}<p>{L1}</p><p>{L2}</p>"), "https://e.fi/a")
    assert (a.published, a.updated) == ("2025-03-12T06:00:00+02:00", "2025-03-12T09:51:00+02:00")


def test_a_paywall_offer_and_a_reading_time_are_not_the_article() -> None:
    wall = (
        '<div class="paywall-container"><h2>Tilaa lehti ja lue rajattomasti</h2>'
        "<p>Tutustumistarjous: ensimmäinen kuukausi yhdellä eurolla, sen jälkeen 19,90 € kuussa.</p></div>"
    )
    assert lines(news_page(f"<p>4 min read</p><p>{L1}</p><p>{L2}</p>{wall}")) == [L1, L2]
    also = "<p>Läs också</p><p>Lue myös:</p><p>Lukuaika 4 min</p>"
    assert lines(news_page(f"<p>{L1}</p>{also}<p>{L2}</p>")) == [L1, L2]


def test_an_article_the_site_names_paywalled_is_kept() -> None:
    assert lines(news_page(f'<div class="paywalled-article"><p>{L1}</p><p>{L2}</p></div>')) == [L1, L2]


@pytest.mark.parametrize(
    ("byline", "name"),
    [
        ("By Ciara Doherty, PA", "Ciara Doherty"),
        ("By Ciara Doherty, North West Correspondent", "Ciara Doherty"),
        ("Liisa Virtanen / STT", "Liisa Virtanen"),
        ("Anna Svensson/TT", "Anna Svensson"),
    ],
)
def test_the_writer_from_a_byline_with_a_role_or_a_wire_signature(byline: str, name: str) -> None:
    a = extract(news_page(f"<p>{byline}</p><p>{E1}</p><p>{E2}</p><p>{E3}</p>", lang="en"), "https://e.org/a")
    assert a.author == name
    assert [p.text for p in a.paragraphs] == [E1, E2, E3]


def test_the_writer_from_a_named_element_not_the_sites_title_or_the_writers_role() -> None:
    page = f"""<html lang="en"><head><title>Notes</title></head><body>
    <header class="site-header"><a class="site-title" rel="author" href="/">Circular Notes</a></header>
    <main><article><h1>Notes from the workshop</h1>
    <p class="post-meta"><span class="p-author h-card" itemprop="author">Ciara Doherty</span></p>
    <p>{E1}</p><p>{E2}</p></article></main></body></html>"""
    assert extract(page, "https://e.org/a").author == "Ciara Doherty"
    svt = (
        f'<div class="article__author">Anna Lindholm <span>Reporter</span></div><p>{E1}</p><p>{E2}</p>'
        '<div class="article__author-name">ignored</div>'
    )
    assert extract(news_page(svt, lang="sv"), "https://e.se/a").author == "Anna Lindholm"


def test_the_writer_in_an_element_of_their_own_beside_their_role_is_the_name_alone() -> None:
    # A blog post's author card (Mynewsdesk's blog, BEM themes): the name and the role in elements of their own.
    for card in (
        '<span class="name">Anna Berg</span><span class="title">Verksamhetsledare, Coompanion Göteborg</span>',
        '<div class="post__author-name">Anna Berg</div><div class="post__author-title">Verksamhetsledare</div>',
        "<div>Anna Berg</div><div>Verksamhetsledare</div>",
        '<img src="/anna.jpg" alt=""><span>Skribent:</span> <a href="/people/anna-berg">Anna Berg</a>',
    ):
        page = news_page(f'<div class="blog-post__author">{card}</div><p>{E1}</p><p>{E2}</p>', lang="sv")
        assert extract(page, "https://e.se/a").author == "Anna Berg", card
    # The name in parts is the whole name; of a name and a role or a body in title case, the name.
    for card, author in (
        ('<span class="given-name">Anna Maria</span> <span class="family-name">Berg</span>', "Anna Maria Berg"),
        ('<a href="/people/anna-berg">Anna Berg</a> <span>Communications Manager</span>', "Anna Berg"),
        ("<span>Anna Berg</span> <span>City Council</span>", "Anna Berg"),  # never the names joined
    ):
        page = news_page(f'<div class="blog-post__author">{card}</div><p>{E1}</p><p>{E2}</p>', lang="sv")
        assert extract(page, "https://e.se/a").author == author, card


def test_a_byline_row_and_labelled_times_cost_what_an_article_does() -> None:
    row = '<p><span class="byline">Anna Lindholm</span><span>12.03.2025 - 06:00</span>Päivitetty <time>x</time></p>'
    costs_what_an_article_of_its_size_does(f"<html><body><article>{row * 4000}</article></body></html>")


def test_a_wire_storys_credits_and_a_posts_page_links_are_not_text() -> None:
    tail = "<p>Reporting by Ciara Doherty; Editing by Mark Potter</p>"
    assert lines(news_page(f"<p>{E1}</p><p>{E2}</p>{tail}", lang="en")) == [E1, E2]
    pages = "<p>Sivut: 1 2 3</p>"
    assert lines(news_page(f"<p>{L1}</p><p>{L2}</p>{pages}")) == [L1, L2]


def test_a_live_blogs_first_line_and_a_meta_row_under_the_lead_are_datelines() -> None:
    for line in ("First published on Wed 12 Mar 2025 08.04 GMT", "Seuranta alkoi 12.3.2025 9.00"):
        a = extract(news_page(f"<p>{line}</p><p>{L1}</p><p>{L2}</p>"), "https://e.fi/a")
        assert [p.text for p in a.paragraphs] == [L1, L2] and a.published.startswith("2025-03-12"), line
    head = '<meta property="article:published_time" content="2025-03-12T08:04:00Z">'
    row = "<p>March 12, 2025 · 4 min · 712 words · Ciara Doherty</p>"
    got = lines(news_page(f'<p class="summary">{E1}</p>{row}<p>{E2}</p><p>{E3}</p>', head=head, lang="en"))
    assert got == [E1, E2, E3]


def live_entry(time: str, text: str) -> str:
    return (
        f'<div class="live-feed__item"><div class="live-feed__meta"><time datetime="{time}">{time[11:16]}</time>'
        f"</div><p>{text}</p></div>"
    )


def test_a_live_blogs_entries_date_its_updates_not_its_publication() -> None:
    feed = "".join(
        live_entry(t, x)
        for t, x in (
            ("2025-03-12T13:40:00+02:00", L1),
            ("2025-03-12T11:05:00+02:00", L2),
            ("2025-03-12T09:12:00+02:00", L3),
        )
    )
    page = news_page(f"<p>Seuranta alkoi 12.3.2025 9.00</p><div class='live-feed'>{feed}</div>")
    a = extract(page, "https://e.fi/a")
    assert (a.published, a.updated) == ("2025-03-12T09:00:00", "2025-03-12T13:40:00+02:00")
    # Dated items older than the publication (a history of the project) are no update.
    head = '<meta property="article:published_time" content="2025-03-12T09:00:00+02:00">'
    history = "".join(live_entry(f"20{y}-05-01T10:00:00+02:00", x) for y, x in (("21", L1), ("22", L2), ("23", L3)))
    a = extract(news_page(f"<div class='timeline'>{history}</div>", head=head), "https://e.fi/a")
    assert (a.published, a.updated) == ("2025-03-12T09:00:00+02:00", "")


def test_a_template_word_for_no_value_is_no_author() -> None:
    head = '<meta name="author" content="null"><meta property="og:site_name" content="Lehti">'
    assert extract(news_page(f"<p>{L1}</p><p>{L2}</p>", head=head), "https://e.fi/a").author == "Lehti"


def test_a_stream_of_many_entries_costs_what_an_article_does() -> None:
    feed = live_entry("2025-03-12T13:40:00+02:00", "Kierrätystori avataan toukokuussa.") * 3000
    costs_what_an_article_of_its_size_does(f"<html><body><article><div>{feed}</div></article></body></html>")


def test_a_byline_box_holding_a_name_alone_gives_the_writer_a_role_alone_does_not() -> None:
    head = '<meta property="og:site_name" content="Lehti">'
    for box, author in (("Anna Lindholm", "Anna Lindholm"), ("Staff Reporter", "Lehti"), ("Super User", "Lehti")):
        page = news_page(f'<p class="byline">{box}</p><p>{L1}</p><p>{L2}</p>', head=head)
        assert extract(page, "https://e.fi/a").author == author, box


def test_the_writers_name_and_role_above_the_text_are_the_bylines_not_text() -> None:
    byline = '<address><a rel="author" href="/profile/ciara-doherty">Ciara Doherty</a> Ireland correspondent</address>'
    assert lines(news_page(f"<p>{E1}</p>{byline}<p>{E2}</p><p>{E3}</p>", lang="en")) == [E1, E2, E3]
    # A sentence that begins with the writer's name is text.
    said = "Ciara Doherty spoke to the council's officers about the first year."
    got = lines(news_page(f"{byline}<p>{said}</p><p>{E1}</p><p>{E2}</p>", lang="en"))
    assert got == [said, E1, E2]


def test_a_reporters_card_after_the_text_is_not_text() -> None:
    card = (
        '<div class="reporter-card"><p class="reporter-card__name">Juha Heikkilä</p><p>Juha Heikkilä on lehden '
        "toimittaja, joka on seurannut maakunnan elinkeinoelämää ja ympäristöasioita vuodesta 2010 lähtien.</p></div>"
    )
    assert lines(news_page(f"<p>{L1}</p><p>{L2}</p><p>{L3}</p>{card}")) == [L1, L2, L3]


def test_a_line_that_goes_on_from_the_writers_name_is_text() -> None:
    head = '<meta name="author" content="Anna Lindholm">'
    line = "Anna Lindholm wins the Nordic Council literature prize"
    assert lines(news_page(f"<p>{line}</p><p>{E1}</p><p>{E2}</p>", head=head, lang="en")) == [line, E1, E2]


def test_a_programmes_sessions_are_no_live_blog() -> None:
    head = '<meta property="article:published_time" content="2025-01-10T09:00:00+02:00">'
    sessions = "".join(
        f"<div class='session'><time datetime='2025-0{m}-15T10:00'>15.{m}.</time><p>Workshop, part {m}.</p></div>"
        for m in (2, 3, 4)
    )
    a = extract(news_page(f"<p>{L1}</p><p>{L2}</p><h2>Ohjelma</h2>{sessions}", head=head), "https://e.fi/a")
    assert (a.published, a.updated) == ("2025-01-10T09:00:00+02:00", "")


@pytest.mark.parametrize(
    ("aside", "kept"),
    [
        (
            "<aside class='analysis-box'><h3>Analysis: a modest sum</h3><p>By the standards of regional funding the "
            "sum is modest, but the project tests a shared market.</p></aside>",
            True,
        ),
        (
            "<aside><h3><a href='/news/other'>Harbour sauna reopens</a></h3><p>The popular public sauna on the pier "
            "was closed for two years while its foundations were rebuilt.</p></aside>",
            False,
        ),
        (
            "<aside><p>Advertisement: book your summer cottage in Lapland now and save twenty percent on a week.</p>"
            "</aside>",
            False,
        ),
        (
            "<aside><h3>Newsletter</h3><p>Get the most important news from the city council every Friday in your "
            "inbox.</p></aside>",
            False,
        ),
        (
            "<aside class='pullquote'><blockquote>Most of them wanted longer opening hours for the library, said the "
            "mayor.</blockquote></aside>",
            False,
        ),
    ],
    ids=["analysis", "teaser", "advertisement", "sign-up", "pull quote"],
)
def test_only_a_fact_or_analysis_box_between_the_paragraphs_is_text(aside: str, kept: bool) -> None:
    got = lines(news_page(f"<p>{E1}</p><p>{E2}</p>{aside}<p>{E3}</p>", lang="en"))
    assert (len(got) > 3) == kept and got[-1] == E3


def test_a_fact_box_may_name_platforms_and_hold_a_bold_link() -> None:
    for body in (
        "<p>Meta owns Facebook, Instagram and WhatsApp, used by over three billion people every month.</p>",
        '<p><strong><a href="/s">Seinäjoki</a></strong> has 65,000 inhabitants and is the regional capital.</p>',
    ):
        box = f'<aside class="factbox"><h3>Facts</h3>{body}</aside>'
        assert len(lines(news_page(f"<p>{E1}</p><p>{E2}</p>{box}<p>{E3}</p>", lang="en"))) == 5, body


def test_a_live_blog_named_on_its_body_gives_the_update_an_agenda_does_not() -> None:
    posts = "".join(
        f'<div class="block"><time datetime="2025-03-12T1{h}:00:00+00:00">1{h}.00</time><p>{x}</p></div>'
        for h, x in ((3, E1), (2, E2), (1, E3))
    )
    page = news_page(f'<p>First published on Wed 12 Mar 2025 09.00 GMT</p><div class="liveblog-body">{posts}</div>')
    assert extract(page, "https://e.org/a").updated == "2025-03-12T13:00:00+00:00"
    head = '<meta property="article:published_time" content="2025-03-12T09:00:00+00:00">'
    agenda = "".join(
        f'<li class="schedule-entry"><time datetime="2025-04-0{d}T18:00">{d}.4.</time> Concert {d}</li>'
        for d in (4, 5, 6)
    )
    page = news_page(f"<p>{E1}</p><p>{E2}</p><ul>{agenda}</ul>", head=head, lang="en")
    assert extract(page, "https://e.org/a").updated == ""


def test_a_line_that_names_the_writer_then_goes_on_is_text_a_role_after_a_comma_is_not() -> None:
    head = '<meta name="author" content="Anna Lindholm">'
    for line, kept in (
        ("Anna Lindholm named new chief editor", True),
        ("Anna Lindholm met the photographer", True),
        ("Anna Lindholm, kirjoittaja", False),
    ):
        got = lines(news_page(f"<p>{line}</p><p>{E1}</p><p>{E2}</p>", head=head, lang="en"))
        assert (line in got) == kept, line


# ------------------------------------------------------------------ this year's dates, printed without the year

SERVED = {"date": "Thu, 13 Mar 2025 10:00:00 GMT"}  # the server's answer, kept with the page's raw response
PUBLISHED_META = '<meta property="article:published_time" content="2025-03-12T06:00:00+02:00">'


def read(html: str, headers: dict[str, str] | None = None) -> tuple[list[str], str, str]:
    a = extract(html, "https://example.fi/a", headers=headers)
    return [p.text for p in a.paragraphs], a.published, a.updated


@pytest.mark.parametrize(
    "dateline",
    [
        "<p>Julkaistu 12.3. klo 6.00</p>",
        '<div class="meta"><span>Julkaistu 12.3. 6:00</span> <span>Päivitetty 12.3. 9:15</span></div>',
        "<div>Publicerad 12 mars 06.00</div>",
        "<p>Published Mar 12</p>",
    ],
)
def test_a_labelled_dateline_without_the_year_is_no_text_with_or_without_a_date_to_read_it_by(dateline: str) -> None:
    for head, headers in ((PUBLISHED_META, None), ("", SERVED), ("", None)):
        got, _published, _updated = read(news_page(f"{dateline}<p>{L1}</p><p>{L2}</p>", head=head), headers)
        assert got == [L1, L2], (head, headers)


def test_a_yearless_update_takes_the_year_of_the_publication_the_metadata_states() -> None:
    dateline = '<div class="meta"><span>Julkaistu 12.3. 6:00</span> <span>Päivitetty 12.3. 9:15</span></div>'
    _, published, updated = read(news_page(f"{dateline}<p>{L1}</p><p>{L2}</p>", head=PUBLISHED_META))
    assert published == "2025-03-12T06:00:00+02:00" and updated == "2025-03-12T09:15:00"


def test_a_yearless_publication_is_the_last_such_day_by_the_day_the_server_answered() -> None:
    page = news_page(f"<p>Julkaistu 12.3. klo 6.00</p><p>{L1}</p><p>{L2}</p>")
    assert read(page, SERVED)[1] == "2025-03-12T06:00:00"
    assert read(page, {"Date": "Wed, 05 Mar 2025 08:00:00 GMT"})[1] == "2024-03-12T06:00:00"  # a past year's
    new_year = news_page(f"<p>Julkaistu 30.12. klo 6.00</p><p>{L1}</p><p>{L2}</p>")
    assert read(new_year, {"date": "Sun, 05 Jan 2025 08:00:00 GMT"})[1] == "2024-12-30T06:00:00"
    # no answer's date, or one from a server whose clock is wrong: no date rather than a guessed year
    for headers in (None, {"date": "yesterday"}, {"date": "Thu, 01 Jan 1970 00:00:00 GMT"}):
        assert read(page, headers)[1] == ""


def test_this_years_dateline_beside_the_reading_time_goes_when_it_shows_the_metadatas_day() -> None:
    head = '<meta property="article:published_time" content="2025-03-12T09:00:00Z">'
    got, published, _ = read(news_page(f"<div>Mar 12 · 4 min read</div><p>{E1}</p><p>{E2}</p>", head=head, lang="en"))
    assert got == [E1, E2] and published == "2025-03-12T09:00:00+00:00"
    other_day = news_page(f"<p>Mar 20 · Seminar · City Hall</p><p>{E1}</p><p>{E2}</p>", head=head, lang="en")
    assert read(other_day)[0][0] == "Mar 20 · Seminar · City Hall"  # a programme's line, not the page's date


def test_a_yearless_day_without_a_label_is_a_fact_not_a_dateline() -> None:
    got, published, _ = read(news_page(f"<p>{L1}</p><p>12.3. klo 18 Konsertti kaupungintalolla</p><p>{L2}</p>"), SERVED)
    assert "12.3. klo 18 Konsertti kaupungintalolla" in got and published == ""


def test_a_byline_date_after_the_day_the_server_answered_is_no_publication() -> None:
    # Not the clock's "tomorrow": re-extracting a page years later must not start reading a deadline as its date.
    byline = "<p>By Anna Berg, March 20, 2025</p>"
    page = news_page(f"{byline}<p>{E1}</p><p>{E2}</p>", lang="en")
    assert read(page, SERVED)[1] == ""
    assert read(page, {"date": "Fri, 21 Mar 2025 10:00:00 GMT"})[1] == "2025-03-20"
