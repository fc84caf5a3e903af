"""Partner newsroom layouts: section headings as titles, other stories' dates, event facts, contact boxes.

Each page here is written for its test (a partner's layout reduced to what the rule is about).
"""

from __future__ import annotations

import pytest

from newsflow.extract import extract
from timing import costs_what_an_article_of_its_size_does

P1 = "Kaupunki järjestää hankkeen avoimen työpajan yhteiskunnallisesta yrittäjyydestä kaikille kiinnostuneille."
P2 = "Työpajassa kuullaan kokemuksia Sloveniasta ja Pohjois-Irlannista, ja osallistujat kertovat omista ideoistaan."
E1 = "The second study visit of the project took place in Maribor in May, hosted by the city and its partners."
E2 = "Partners from four regions learned about a social enterprise lab and a women's cooperative in the region."


def fi_page(article: str, before: str = "", head: str = "") -> str:
    """A municipal page: a menu, what stands before the article, the article, a footer."""
    return f"""<html lang="fi"><head><title>Avoin työpaja | Kaupunki</title>{head}</head><body>
    <nav><a href="/">Etusivu</a> <a href="/uutiset">Uutiset</a></nav>{before}
    <main><article><h1>Avoin työpaja</h1>{article}</article></main>
    <footer>Kaupungintalo, Kirkkokatu 6</footer></body></html>"""


def lines(html: str) -> list[str]:
    return [p.text for p in extract(html, "https://example.org/a").paragraphs]


# ---------------------------------------------------------------- 1. a section's name is no title


def test_heading_that_is_a_menu_item_is_no_title_the_named_title_is() -> None:
    html = f"""<html><head><title>Project | News</title></head><body>
    <ul class="topmenu"><li><a href="/about">About</a></li><li><a href="/news">News</a></li></ul>
    <h2 class="page-title">News</h2>
    <div><span class="news-title">Second study visit held in Maribor</span><p>{E1}</p><p>{E2}</p></div>
    </body></html>"""
    assert extract(html, "https://example.org/n").title == "Second study visit held in Maribor"


def test_h1_that_is_a_menu_item_gives_way_to_the_next_heading() -> None:
    html = f"""<html><head><title>Network - News Detail</title></head><body>
    <div class="menu"><a href="/News.aspx">News</a> <a href="/About.aspx">About us</a></div><h1>News</h1>
    <div class="newsbox"><h2>Regional council joins the network</h2><p>{E1}</p><p>{E2}</p></div></body></html>"""
    assert extract(html, "https://example.org/n").title == "Regional council joins the network"


def test_heading_not_linked_elsewhere_stays_the_title() -> None:
    # "News" links nowhere here: a site may title a page so; and a heading that links to itself is a title.
    html = f"""<html><head><title>Site</title></head><body><h1><a href="/n">Short news</a></h1>
    <p>{E1}</p><p>{E2}</p></body></html>"""
    assert extract(html, "https://example.org/n").title == "Short news"


SL1 = "Mestna občina objavlja javni razpis za sofinanciranje letnega programa športa v prihodnjem letu."
SL2 = "Na razpis se lahko prijavijo športna društva in zveze s sedežem v občini, rok je 15. januar."


def old_cms_page(body: str) -> str:
    """A municipal page of an older CMS: a layout table, no heading, a <title> that names only the site."""
    return f"""<html><head><title>Mestna občina</title></head><body><table><tr>
    <td class="menu"><a href="/">Domov</a><br><a href="/novice">Novice</a></td><td class="vsebina">{body}</td>
    </tr></table><div class="noga">Mestna občina, Glavni trg 1</div></body></html>"""


def test_without_a_heading_the_element_named_for_the_title_is_the_title() -> None:
    html = old_cms_page(
        '<div class="naslov">Javni razpis za športne programe</div><div class="datum">25.11.2026</div>'
        f'<div class="tekst">{SL1}<br><br>{SL2}</div>'
    )
    doc = extract(html, "https://example.org/novica")
    assert doc.title == "Javni razpis za športne programe"
    assert [p.text for p in doc.paragraphs] == [SL1, SL2]


@pytest.mark.parametrize(
    "before",
    [
        # a list of stories, each with its own title: none of them is the page's
        '<div class="news-title">Javni razpis za kulturo</div><div class="news-title">Seja sveta v decembru</div>',
        '<div class="site-title">Mestna občina Maribor</div>',  # the site's name (its <title> names it)
        '<div class="news-title"><a href="/n/2">Javni razpis za kulturo</a></div>',  # a link to another page
    ],
)
def test_without_a_heading_no_title_element_is_guessed_among_several_or_the_sites(before: str) -> None:
    html = old_cms_page(before.replace("Maribor", "") + f'<div class="tekst">{SL1}<br><br>{SL2}</div>')
    assert extract(html, "https://example.org/novica").title == "Mestna občina"


# ---------------------------------------------------------------- 2. another story's date


def test_time_in_a_recent_posts_list_before_the_article_does_not_date_it() -> None:
    recent = """<div class="widget recent-posts"><h2>Uusimmat</h2><ul>
    <li><a href="/a/">Juhannuksen aukioloajat</a> <time datetime="2021-06-24T08:00:00+03:00">24.6.2021</time></li>
    <li><a href="/b/">Kesäteatteri aloittaa</a> <time datetime="2021-06-22T08:00:00+03:00">22.6.2021</time></li>
    </ul></div>"""
    a = extract(fi_page(f"<p>Julkaistu 18.6.2021 klo 13.05</p><p>{P1}</p><p>{P2}</p>", before=recent))
    assert a.published.startswith("2021-06-18")


def test_dateline_in_a_teaser_list_before_the_article_does_not_date_it() -> None:
    news = """<div class="levo"><h3>Novice</h3><ul>
    <li><a href="/n/1">Javni razpis</a><br><span class="datum">28.1.2025</span></li>
    <li><a href="/n/2">Mestni svet sprejel proračun</a><br><span class="datum">23.1.2025</span></li></ul></div>"""
    a = extract(fi_page(f"<div class='datum-objave'>Julkaistu 12.3.2025</div><p>{P1}</p><p>{P2}</p>", before=news))
    assert a.published.startswith("2025-03-12")


def test_time_in_a_side_column_does_not_date_the_article() -> None:
    side = '<aside><p>Seuraava tapahtuma <time datetime="2021-07-01">1.7.2021</time></p></aside>'
    a = extract(fi_page(f'<p><time datetime="2021-06-18">18.6.2021</time></p><p>{P1}</p><p>{P2}</p>', before=side))
    assert a.published.startswith("2021-06-18")


def test_the_first_of_several_long_articles_keeps_its_time() -> None:
    # A page that appends the next stories (infinite scroll): the articles are long, not teasers.
    story = "".join(f"<p>{P1} {P2}</p>" for _ in range(3))
    html = f"""<html><head><title>Avoin työpaja</title></head><body><div class="stream">
    <article><h1>Avoin työpaja</h1><time datetime="2021-06-18">18.6.2021</time>{story}</article>
    <article><h2>Toinen</h2><time datetime="2021-06-10">10.6.2021</time>{story}</article></div></body></html>"""
    assert extract(html, "https://example.org/a").published.startswith("2021-06-18")


# ---------------------------------------------------------------- 3. published and updated


def test_wordpress_time_pair_gives_both_dates_and_never_glues() -> None:
    meta = (
        "<div class='entry-meta'>Julkaistu <time class='entry-date published' datetime='2021-06-18T13:05:00+03:00'>"
        "18.6.2021</time><time class='updated' datetime='2021-06-21T09:40:00+03:00'>21.6.2021</time></div>"
    )
    a = extract(fi_page(f"{meta}<p>{P1}</p><p>{P2}</p>"), "https://example.org/a")
    assert a.published.startswith("2021-06-18")
    assert a.updated.startswith("2021-06-21")
    assert "202121" not in a.text


def test_updated_time_alone_is_no_publication_date() -> None:
    meta = "<p>Updated <time itemprop='dateModified' datetime='2021-06-21'>21 June 2021</time></p>"
    a = extract(fi_page(f"{meta}<p>{P1}</p><p>{P2}</p>"), "https://example.org/a")
    assert a.updated.startswith("2021-06-21")
    assert not a.published.startswith("2021-06-21")


def test_dateline_led_by_an_update_word_fills_updated() -> None:
    meta = (
        "<div class='meta'><span>Päivitetty 21.6.2021 klo 9.40</span> <span>Julkaistu 18.6.2021 klo 13.05</span></div>"
    )
    a = extract(fi_page(f"{meta}<p>{P1}</p><p>{P2}</p>"), "https://example.org/a")
    assert a.published.startswith("2021-06-18T13:05")
    assert a.updated.startswith("2021-06-21T09:40")


def test_update_dateline_on_its_own_line_then_the_publication_line() -> None:
    meta = "<p>Last updated 5 February 2025</p><p>Published 3 February 2025</p>"
    a = extract(fi_page(f"{meta}<p>{E1}</p><p>{E2}</p>"), "https://example.org/a")
    assert (a.published[:10], a.updated[:10]) == ("2025-02-03", "2025-02-05")


# ---------------------------------------------------------------- 4. an event's facts are text, not the page's date


def test_event_time_line_is_kept_and_does_not_date_the_page() -> None:
    a = extract(fi_page(f"<p>{P1}</p><p>{P2}</p><p>Aika: ti 18.5.2021 klo 10–12<br>Paikka: Kaupungintalo</p>"))
    assert "Aika: ti 18.5.2021 klo 10–12" in [p.text for p in a.paragraphs]
    assert not a.published.startswith("2021-05-18")


def test_event_facts_in_a_definition_list_read_as_label_and_value() -> None:
    facts = (
        '<dl class="event-facts"><dt>Aika</dt><dd>ti 18.5.2021 klo 10–12</dd>'
        '<dt>Paikka:</dt><!-- kartta --><dd>Kaupungintalo, <a href="/kartta">kartta</a></dd>'
        "<dt><img src='/i.png' alt=''></dt><dd>Vapaa pääsy</dd>"
        "<dt>Ohjelma</dt><dd><p>Avaus.</p><p>Puheenvuorot.</p></dd></dl>"
    )
    a = extract(fi_page(f"<p>Julkaistu 3.5.2021</p><p>{P1}</p>{facts}<p>{P2}</p>"), "https://example.org/a")
    got = [p.text for p in a.paragraphs]
    assert "Aika: ti 18.5.2021 klo 10–12" in got  # the value is a fact with its label, not the page's date
    assert "Paikka: Kaupungintalo, kartta" in got
    assert "Vapaa pääsy" in got  # a label without words leaves its value as it is
    assert got[got.index("Ohjelma") : got.index("Ohjelma") + 3] == ["Ohjelma", "Avaus.", "Puheenvuorot."]
    assert a.published.startswith("2021-05-03")


def test_facts_in_sv_and_en_are_kept() -> None:
    facts = "<ul><li>Tid: 18 maj 2021 kl. 10.00</li><li>Plats: Stadshuset</li><li>Deadline: 31 May 2021</li></ul>"
    got = lines(fi_page(f"<p>{P1}</p><p>{P2}</p>{facts}"))
    assert "Tid: 18 maj 2021 kl. 10.00" in got
    assert "Deadline: 31 May 2021" in got


def test_facts_below_a_dateline_leave_the_publication_date() -> None:
    facts = "<p>Time: Sunday 16 March 2025 at 15.00</p><p>Hakuaika: 1.5.–31.5.2025</p><p>Date: 18 May 2025</p>"
    a = extract(fi_page(f"<p>Published 3 March 2025</p><p>{E1}</p>{facts}<p>{E2}</p>"), "https://example.org/a")
    assert a.published.startswith("2025-03-03")
    got = [p.text for p in a.paragraphs]
    assert {"Time: Sunday 16 March 2025 at 15.00", "Hakuaika: 1.5.–31.5.2025", "Date: 18 May 2025"} <= set(got)
    assert "Published 3 March 2025" not in got


def test_date_label_at_the_top_is_still_the_dateline() -> None:
    a = extract(fi_page(f"<p>Date: 3 March 2025</p><p>{E1}</p><p>{E2}</p>"), "https://example.org/a")
    assert a.published.startswith("2025-03-03")
    assert "Date: 3 March 2025" not in a.text


@pytest.mark.parametrize(
    "line, published",
    [
        ("Press release 12.3.2025 10:30 EET | City of Seinäjoki", "2025-03-12T10:30:00+02:00"),
        ("Tiedote · 12.3.2025 · Seinäjoen kaupunki", "2025-03-12"),
        ("Mar 12, 2025 · 4 min read", "2025-03-12"),
    ],
)
def test_a_dateline_with_the_publisher_or_kind_set_apart_dates_the_page(line: str, published: str) -> None:
    a = extract(fi_page(f"<p>{line}</p><p>{E1}</p><p>{E2}</p>"), "https://example.org/a")
    assert a.published == published
    assert [p.text for p in a.paragraphs] == [E1, E2]


def test_a_sentence_set_apart_beside_a_date_is_text() -> None:
    line = "Seminar 12.3.2025 | The programme and the speakers are announced on the project's site."
    a = extract(fi_page(f"<p>{E1}</p><p>{line}</p><p>{E2}</p>"), "https://example.org/a")
    assert line in [p.text for p in a.paragraphs]


def test_a_slash_date_on_a_plain_english_page_is_read_by_its_country_domain() -> None:
    page = fi_page(f"<p>Published on 12/03/2025</p><p>{E1}</p><p>{E2}</p>").replace('lang="fi"', 'lang="en"')
    assert extract(page, "https://www.council.gov.uk/news/a").published == "2025-03-12"  # a .uk site: day first
    assert extract(page, "https://www.ernact.eu/news/a").published == "2025-03-12"
    assert extract(page, "https://example.com/news/a").published != "2025-03-12"  # no country: no guess
    us = page.replace('lang="en"', 'lang="en-US"')
    assert extract(us, "https://www.example.co.uk/news/a").published == "2025-12-03"  # the declared region wins


@pytest.mark.parametrize(
    "before",
    [
        "<div>Käytämme evästeitä parantaaksemme sivuston käyttökokemusta. Voit muuttaa evästeasetuksia milloin tahansa "
        "sivun alareunasta.</div>",
        "<header><p>Kaupungin palvelut ja ajankohtaiset asiat asukkaille, yrityksille ja matkailijoille koottuna "
        "yhteen paikkaan.</p></header>",
    ],
    ids=["cookie banner", "page header"],
)
def test_a_labelled_dateline_dates_the_page_after_a_cookie_banner_or_a_header_sentence(before: str) -> None:
    # The banner's and the header's sentences stand above the article: they are not its first paragraph, after
    # which a "Date:" line would be an event's fact.
    a = extract(fi_page(f"<p>Julkaisupäivä: 12.3.2025</p><p>{P1}</p><p>{P2}</p>", before=before))
    assert a.published.startswith("2025-03-12")
    assert "Julkaisupäivä: 12.3.2025" not in a.text


# ---------------------------------------------------------------- 5. press contacts, "about us" and documents


S1 = "Främjande av social integration och bekämpning av fattigdom är ett gemensamt mål för många av strukturfonderna."
S2 = "Den 11 oktober anordnas ett internationellt seminarium i Bryssel, där experter och sociala företag diskuterar."
S3 = "Projektets vision är att det år 2020 ska finnas minst tusen anställda i arbetsintegrerande sociala företag."


def test_press_room_contact_about_and_documents_panels_after_the_release_are_dropped() -> None:
    html = f"""<html lang="sv"><head><title>Projektet sprids i Europa</title></head><body><main>
    <article class="panel material-pressrelease"><h1>Projektet sprids i Europa</h1>
      <div class="body"><p>{S1}</p><p>{S2}</p><p>{S3}</p></div>
      <div class="boilerplate"><p>Organisationen är företagsrådgivaren för alla som vill starta kooperativ.</p></div>
    </article>
    <section class="panel contact-people"><h2>Presskontakt</h2><div class="contact-card">
      <div class="contact-card__name">Diana Berg</div><div class="contact-card__title">Projektledare</div>
      <div><a href="mailto:diana@example.se">diana@example.se</a></div><div><a href="tel:+46707">070-712 34 56</a></div>
    </div></section>
    <section class="panel newsroom-about"><h2>Om organisationen</h2>
      <p>Organisationen finns i varje län i Sverige, och rådgivningen finansieras av staten.</p></section>
    <section class="panel material-documents"><h2>Dokument &amp; länkar</h2>
      <ul><li><a href="/folder.pdf">Projektfolder</a> <span>PDF-dokument · 1,2 MB</span></li></ul></section>
    </main></body></html>"""
    text = extract(html, "https://example.org/pr").text
    assert S3 in text
    for furniture in ("Presskontakt", "Diana Berg", "070-712", "Om organisationen", "finns i varje län", "Dokument"):
        assert furniture not in text
    assert "företagsrådgivaren" not in text


def test_closing_contact_boxes_under_partners_heads_are_dropped() -> None:
    for head in ("Lisätietoja", "Mer information", "For more information", "Za dodatne informacije:"):
        box = f"<h3>{head}</h3><p>Matti Mäkinen<br>päällikkö<br>puh. 044 418 1234<br>matti@example.fi</p>"
        got = lines(fi_page(f"<p>{P1}</p><p>{P2}</p>{box}"))
        assert got == [P1, P2], head


@pytest.mark.parametrize(
    "closing",
    [
        "<p>Kontakt: Erik Holm, projektledare, 063-14 32 10, erik.holm@example.se</p>",
        "<p>Yhteyshenkilö: Matti Mäkinen, puh. 044 418 1234</p><p>Sivun vastuuhenkilö: Anna Virtanen</p>",
        "<p>För mer information, kontakta:</p><p>Erik Holm, projektledare</p><p>Tel: 063-14 32 10</p>",
        "<p>For more information, please contact:</p><p>Press office, 028 7125 3253, press@example.org</p>",
        "<p>Lisätietoja antavat:</p><p>Matti Mäkinen, puh. 044 418 1234</p>",
    ],
    ids=["one line", "line and page owner", "sv head with a verb", "en head with please", "fi head with a verb"],
)
def test_closing_contacts_on_one_line_or_under_a_head_with_a_verb_are_dropped(closing: str) -> None:
    assert lines(fi_page(f"<p>{P1}</p><p>{P2}</p>{closing}")) == [P1, P2]


def test_a_contact_box_and_an_about_box_written_as_lines_are_dropped() -> None:
    boxes = (
        "<p><strong>För mer information, kontakta:</strong><br>Erik Holm, projektledare<br>Tel: 063-14 32 10</p>"
        "<p><strong>Om Östersunds kommun</strong><br>Kommunen har 64 000 invånare och ligger mitt i Jämtlands län.</p>"
    )
    assert lines(fi_page(f"<p>{S1}</p><p>{S2}</p>{boxes}")) == [S1, S2]


@pytest.mark.parametrize("end", ["<p>ENDS</p>", "<p>- END -</p>", "<p>-30-</p>", "<h2>Notes to editors</h2>"])
def test_nothing_after_a_press_releases_end_mark_or_its_notes_to_editors_is_the_release(end: str) -> None:
    notes = (
        "<p>The council is the second largest in Northern Ireland and serves a population of about 150,000 people "
        "across the city and the surrounding district.</p><p>Photographs are available from the press office.</p>"
    )
    assert lines(fi_page(f"<p>{E1}</p><p>{E2}</p>{end}{notes}")) == [E1, E2]


def test_a_section_break_or_a_word_ending_a_sentence_is_no_end_mark() -> None:
    tail = "<p>###</p><p>Afterword: the second visit will be hosted by the partners in Derry in the autumn.</p>"
    assert len(lines(fi_page(f"<p>{E1}</p><p>{E2}</p>{tail}"))) == 4  # the break itself is kept as written


def test_a_closing_line_that_only_points_to_a_page_stays() -> None:
    closing = "Lisätietoja: hankkeen sivuilla seinajoki.fi/hope"  # no one to call: the release's own pointer
    assert lines(fi_page(f"<p>{P1}</p><p>{P2}</p><p>{closing}</p>")) == [P1, P2, closing]


def test_contact_box_followed_by_an_about_box_is_dropped_with_it() -> None:
    boxes = (
        "<h3>Kontakt</h3><p>Diana Berg, projektledare<br>Telefon: 070-712 34 56</p><h3>Om organisationen</h3>"
        "<p>Organisationen är företagsrådgivaren för alla som vill starta och utveckla demokratiskt ägda och styrda "
        "företag, med kostnadsfri rådgivning om affärsidén och samarbetet i hela landet.</p>"
    )
    assert lines(fi_page(f"<p>{P1}</p><p>{P2}</p>{boxes}")) == [P1, P2]


def test_notes_to_editors_with_a_press_office_number_is_dropped() -> None:
    notes = "<h2>Notes to editors</h2><p>For media enquiries contact the press office on 028 7125 3253.</p>"
    assert lines(fi_page(f"<p>{E1}</p><p>{E2}</p>{notes}")) == [E1, E2]


def test_a_further_information_sentence_in_the_text_stays() -> None:
    sentence = "Lisätietoja antaa projektipäällikkö Matti Mäkinen, puh. 044 418 1234."
    assert lines(fi_page(f"<p>{P1}</p><p>{sentence}</p><p>{P2}</p>")) == [P1, sentence, P2]
    # ... and a contact box in the middle of the text, before more of it
    box = "<h3>Lisätietoja</h3><p>Matti Mäkinen<br>puh. 044 418 1234</p>"
    assert lines(fi_page(f"<p>{P1}</p>{box}<p>{P2}</p>"))[-1] == P2


# ---------------------------------------------------------------- 6. marks of word breaks


def test_soft_hyphens_and_word_joiners_leave_words_whole() -> None:
    body = (
        "<p>Seinä&shy;joen kaupunki on mukana työllisyyden kunta&shy;kokeilussa ja Euroopan "
        "sosiaali\u2060rahaston hank\u200bkeessa, jonka tavoitteena on uusi palvelupiste.</p>"
    )
    html = f"""<html><head><title>Kunta&shy;kokeilu</title></head><body><h1>Kunta&shy;kokeilu alkaa</h1>
    {body}<p>{P1}</p></body></html>"""
    a = extract(html, "https://example.org/a")
    assert a.title == "Kuntakokeilu alkaa"
    assert "Seinäjoen kaupunki" in a.text
    assert "kuntakokeilussa" in a.text and "sosiaalirahaston" in a.text and "hankkeessa" in a.text


def test_zero_width_space_between_words_or_digits_is_left_alone() -> None:
    html = f"<html><body><h1>Otsikko tässä</h1><p>{P1} Hinta 1\u200b000 euroa.</p><p>{P2}</p></body></html>"
    assert "1\u200b000" in extract(html, "https://example.org/a").text


def test_labels_and_kickers_in_spans_of_their_own_are_words_apart() -> None:
    # A CMS sets label and value, or a kicker and the title, in spans its CSS stacks: run together they are one
    # word that no search finds ("Aika18.5.2021", "UutinenKaupunki").
    html = f"""<html lang="fi"><head><title>x</title></head><body><main>
    <h1><span class="kicker">Tiedote</span>Kaupunki avaa työpajan</h1><p>{P1}</p><p>{P2}</p>
    <p class="facts"><span class="label">Aika</span><span class="value">18.5.2021 klo 10</span></p>
    <p><span class="label">Paikka:</span><span class="value">Kaupungintalo</span>, sali 2.</p>
    <p>Tila on {"<b>esteetön</b>"}.Kahvitarjoilu.</p></main></body></html>"""
    a = extract(html, "https://example.org/a")
    assert a.title == "Tiedote Kaupunki avaa työpajan"
    got = [p.text for p in a.paragraphs]
    assert "Aika 18.5.2021 klo 10" in got  # an event fact whose label needs no colon: text, not the page's date
    assert not a.published.startswith("2021-05-18")
    assert "Paikka: Kaupungintalo, sali 2." in got
    assert "Tila on esteetön.Kahvitarjoilu." in got  # no inline element's edge there: written so, left so


def test_a_word_split_by_inline_markup_stays_whole() -> None:
    # Not two words: a drop cap, a formula's subscript, a unit's exponent, a Finnish ending after a linked name.
    body = (
        '<p><span class="dropcap">T</span>he city cut CO<sub>2</sub> by 10 m<sup>2</sup> of roof, said '
        '<a href="/hope">HOPE</a>n partners in <em>Seinäjoki</em>n, with an <b>i</b>Phone and '
        'H<span class="sub">2</span>O cooled to 5 m<span style="vertical-align: super">3</span>.</p>'
    )
    html = f"<html><body><h1>Roofs</h1>{body}<p>{E1}</p><p>{E2}</p></body></html>"
    text = extract(html, "https://e.org/a").text
    assert "The city cut CO2 by 10 m2 of roof, said HOPEn partners in Seinäjokin, with an iPhone and H2O" in text
    assert "cooled to 5 m3." in text  # a span styled as a subscript or a superscript is one too


# ---------------------------------------------------------------- 7. furniture named in compounds, in partners' words

TEASER = "Työllisyyden kuntakokeilu alkaa maaliskuussa kahdessa kunnassa, ja palvelut siirtyvät kunnille."


def test_box_named_with_a_hyphenated_furniture_word_is_dropped() -> None:
    for name in ("lue-myos", "box read_more", "readMore"):
        box = f"<div class='{name}'><h3>Muita uutisia</h3><p><a href='/a'>Kuntakokeilu</a></p><p>{TEASER}</p></div>"
        assert lines(fi_page(f"<p>{P1}</p><p>{P2}</p>{box}")) == [P1, P2], name


def test_boxes_named_in_finnish_swedish_and_slovenian_are_dropped() -> None:
    for name in ("alatunniste", "sidfot", "sorodne", "avainsanat", "relaterat"):
        box = f"<div class='{name}'><p>{TEASER}</p></div>"
        assert lines(fi_page(f"<p>{P1}</p><p>{P2}</p>{box}")) == [P1, P2], name


def test_localised_furniture_words_match_only_whole_words() -> None:
    # "menyheter" holds "meny", "nogavice" holds "noga": neither names furniture.
    for name in ("menyheter", "nogavice"):
        html = f"<html><body><h1>Otsikko</h1><div class='{name}'><p>{P1}</p><p>{P2}</p></div></body></html>"
        assert lines(html) == [P1, P2], name


def test_update_line_under_the_text_fills_updated() -> None:
    html = fi_page(f"<p>Published 3 February 2025</p><p>{E1}</p><p>{E2}</p><p>Last updated: 5 February 2025</p>")
    a = extract(html, "https://example.org/a")
    assert (a.published[:10], a.updated[:10]) == ("2025-02-03", "2025-02-05")
    assert "Last updated" not in a.text


@pytest.mark.parametrize(
    "meta, line, updated",
    [
        (
            '<time datetime="2025-03-12T10:30:00+01:00">12.3.2025</time>',
            'Uppdaterad: <time datetime="2025-03-14T09:30:00+01:00">2025-03-14 09:30</time>',
            "2025-03-14",
        ),
        ('<meta property="article:published_time" content="2025-03-12">', "Senast ändrad: 14 mars 2025", "2025-03-14"),
        (
            '<meta property="article:published_time" content="2025-03-12">',
            "Zadnjič spremenjeno petek, 14 marec 2025 08:40",
            "2025-03-14",
        ),
    ],
    ids=["sitevision time pair", "swedish page info", "slovenian modified"],
)
def test_an_update_line_fills_updated_where_metadata_gives_only_the_publication(
    meta: str, line: str, updated: str
) -> None:
    head, body = (meta, "") if meta.startswith("<meta") else ("", f"<p>Publicerad: {meta}</p>")
    side = '<aside class="col-side"><div class="widget"><p>Standings (updated 20.3.2025 at 10:05)</p></div></aside>'
    html = fi_page(f"{body}<p>{S1}</p><p>{S2}</p><p>{line}</p>", head=head).replace("</main>", f"</main>{side}")
    a = extract(html, "https://example.org/a")
    assert (a.published[:10], a.updated[:10]) == ("2025-03-12", updated)


@pytest.mark.parametrize(
    "line, published",
    [
        ("Publicerad 12 mars 2025. Sidan uppdaterades 14 mars 2025.", "2025-03-12"),  # Sitevision's page info
        ("Sidan publicerades 12 mars 2025 och uppdaterades 14 mars 2025.", "2025-03-12"),
        ("Julkaistu 12.3.2025. Sivua päivitetty viimeksi 14.3.2025.", "2025-03-12"),
        ("Publisert 12. mars 2025. Sist oppdatert 14. mars 2025", "2025-03-12"),
        ("Offentliggjort 12. marts 2025 · Senest opdateret 14. marts 2025", "2025-03-12"),
        ("Page last updated: 14 March 2025", ""),
        ("Publicerades 12 mars 2025, uppdaterades 14 mars 2025", "2025-03-12"),
        ("Sivua on päivitetty viimeksi 14.3.2025", ""),
        ("Sidan är senast uppdaterad 2025-03-14", ""),
    ],
)
def test_a_closing_page_info_line_with_the_page_as_its_subject_dates_the_page_and_leaves_the_text(
    line: str, published: str
) -> None:
    a = extract(
        fi_page(f"<p>{S1}</p><p>{S2}</p><p>{S3}</p><div class='sv-text-portlet'><p>{line}</p></div>"), "https://e.org/a"
    )
    assert [p.text for p in a.paragraphs] == [S1, S2, S3], line
    assert (a.published[:10], a.updated[:10]) == (published, "2025-03-14"), line


def test_a_sentence_saying_when_the_page_was_updated_and_why_stays_text() -> None:
    line = "The page was updated on 14 March 2025 with new figures for the whole programme."
    assert line in extract(fi_page(f"<p>{E1}</p><p>{E2}</p><p>{line}</p>"), "https://e.org/a").text


def test_a_short_sentence_of_a_plans_history_is_text_and_dates_nothing() -> None:
    # "Subject + passive verb + date" is a sentence of the text, not the page's dateline.
    history = ("Samrådshandlingarna publicerades 2024-09-02.", "Planen uppdaterades 2025-02-20.")
    for top, published in (("", ""), ("<p>Publicerad 2025-03-10</p>", "2025-03-10")):
        a = extract(fi_page(f"{top}<p>{S1}</p><p>{S2}</p>" + "".join(f"<p>{h}</p>" for h in history)), "https://e.se/a")
        assert all(h in a.text for h in history)
        assert (a.published[:10], a.updated) == (published, "")


def test_an_update_time_named_in_bem_style_or_in_slovenian_is_the_update() -> None:
    times = (
        '<div class="content-date"><time datetime="2025-03-12T08:30:00Z" class="content-date__datetime '
        'content-date__datetime--published">Julkaistu 12.3.2025 10.30</time> | <time datetime="2025-03-14T07:15:00Z" '
        'class="content-date__datetime content-date__datetime--updated">Päivitetty 14.3.2025 9.15</time></div>'
    )
    a = extract(fi_page(f"{times}<p>{P1}</p><p>{P2}</p>"), "https://example.org/a")
    assert (a.published, a.updated) == ("2025-03-12T08:30:00+00:00", "2025-03-14T07:15:00+00:00")
    sl = f"<p>{E1}</p><p>{E2}</p><p>Zadnja sprememba: 14. 3. 2025</p>"
    b = extract(fi_page(sl, head='<meta property="article:published_time" content="2025-03-12">'), "https://e.si/a")
    assert b.updated[:10] == "2025-03-14"


def test_a_content_systems_account_is_no_author() -> None:
    by = '<p class="article-info"><span class="createdby" itemprop="author">Super User</span></p>'
    assert extract(fi_page(f"{by}<p>{P1}</p><p>{P2}</p>"), "https://example.org/a").author != "Super User"


def test_a_side_column_update_line_does_not_update_the_article() -> None:
    side = '<div class="col-side"><div class="widget"><p>Standings (updated 20.3.2025 at 10:05)</p></div></div>'
    html = fi_page(f"<p>{S1}</p><p>{S2}</p>", head='<meta property="article:published_time" content="2025-03-12">')
    a = extract(html.replace("</main>", f"</main>{side}"), "https://example.org/a")
    assert (a.published[:10], a.updated) == ("2025-03-12", "")


def test_a_slovenian_cookie_banner_is_not_the_texts_first_paragraph() -> None:
    banner = (
        "<div>Spletna stran uporablja piškotke za izboljšanje uporabniške izkušnje. Z nadaljnjo uporabo se strinjate "
        "z uporabo piškotkov.</div>"
    )
    a = extract(fi_page(f"<p>Datum objave: 12. 03. 2025</p><p>{E1}</p><p>{E2}</p>", before=banner))
    assert a.published.startswith("2025-03-12")


# ---------------------------------------------------------------- 8. a cookie banner with its own heading


E3 = "The visit is part of the project, funded by a European programme that brings four regions together."
E4 = "The mayor said that social enterprises create jobs for people furthest from the labour market today."
E5 = "During the visit, partners met a community work programme and saw how the growth plan guides the work."


def test_cookie_banner_with_a_heading_before_an_article_is_dropped() -> None:
    # Its sentences read as text: weighed as such, they drew the article's bounds out to the whole page.
    story = "".join(f"<p>{e}</p>" for e in (E1, E2, E3, E4, E5))
    html = f"""<html lang="en"><head><title>Council hosts partners | Council</title></head><body>
    <div id="ccc" class="notice-bar"><h2>Cookies on our website</h2><p>We use some essential cookies to make this
    website work. We'd like to set additional cookies to understand how you use the site.</p>
    <button>Accept</button></div>
    <div class="wrap"><h1>Council hosts partners</h1>{story}</div></body></html>"""
    assert lines(html) == [E1, E2, E3, E4, E5]


def test_an_article_about_cookies_keeps_its_heading() -> None:
    about = "Evästeet ovat pieniä tekstitiedostoja, joita verkkosivustot tallentavat kävijän selaimeen."
    html = f"""<html><head><title>Uutinen</title></head><body><h1>Uutinen</h1><div class="content">
    <h2>Evästeet ja yksityisyys</h2><p>{about} {P1}</p><p>{P2}</p></div></body></html>"""
    assert lines(html)[0] == "Evästeet ja yksityisyys"


# ---------------------------------------------------------------- 9. a short item inside ASP.NET's page-wide <form>


def test_short_item_in_a_page_wide_form_is_extracted() -> None:
    html = f"""<html><head><title>Project | Study visit</title></head><body><form id="form1" method="post">
    <input type="hidden" name="__VIEWSTATE" value="x"><ul class="topmenu"><li><a href="/About">About</a></li></ul>
    <table><tr><td><h1>Study visit held</h1></td></tr><tr><td><p>{E1}</p><p>{E2}</p></td></tr></table>
    </form></body></html>"""
    assert lines(html) == [E1, E2]


def test_short_item_without_h1_in_the_only_form_of_the_page_is_extracted() -> None:
    html = f"""<html><head><title>Study visit</title></head><body><form id="form1" method="post">
    <div class="item"><span class="news-title">Study visit held</span><p>{E1}</p><p>{E2}</p></div>
    </form></body></html>"""
    assert lines(html) == [E1, E2]


def test_a_small_search_form_is_still_dropped() -> None:
    form = "<form class='haku'><label>Hae sivustolta kaikista uutisista ja tapahtumista</label><input></form>"
    assert lines(fi_page(f"<p>{P1}</p><p>{P2}</p>", before=form)) == [P1, P2]


# ---------------------------------------------------------------- 10. a funder's disclaimer closing the text

DISCLAIMER = (
    "This project has received funding from the European Union's COSME Programme. The content of this release "
    "represents the views of the author only and is his/her sole responsibility."
)


def test_closing_eu_disclaimer_is_dropped() -> None:
    assert lines(fi_page(f"<p>{E1}</p><p>{E2}</p><p><em>{DISCLAIMER}</em></p>")) == [E1, E2]
    funded = (
        "<p>Funded by the European Union. Views and opinions expressed are however those of the author(s) only.</p>"
    )
    assert lines(fi_page(f"<p>{E1}</p><p>{E2}</p>{funded}")) == [E1, E2]


@pytest.mark.parametrize(
    "disclaimer",
    [
        "Euroopan unionin rahoittama. Esitetyt näkemykset ja mielipiteet ovat kuitenkin ainoastaan tekijän omia, "
        "eivätkä ne välttämättä vastaa Euroopan unionin näkemyksiä. Euroopan unioni ei ole vastuussa niistä.",
        "Finansieras av Europeiska unionen. De synpunkter och åsikter som uttrycks är endast upphovspersonens och "
        "återspeglar inte nödvändigtvis Europeiska unionens. Varken Europeiska unionen eller den beviljande "
        "myndigheten kan hållas ansvariga för dem.",
    ],
)
def test_the_official_finnish_and_swedish_eu_disclaimer_closing_the_text_is_dropped(disclaimer: str) -> None:
    assert lines(fi_page(f"<p>{E1}</p><p>{E2}</p><p>{disclaimer}</p>")) == [E1, E2]
    # Inside the text, a paragraph about the Union's views is the text.
    assert lines(fi_page(f"<p>{E1}</p><p>{disclaimer}</p><p>{E2}</p>")) == [E1, disclaimer, E2]


def test_a_closing_sentence_about_the_unions_responsibility_is_no_disclaimer() -> None:
    for last in (
        "Kaupunginjohtajan mukaan Euroopan unioni ei ole vastuussa siitä, että hanke viivästyi, vaan syyt ovat muut.",
        "Varken Europeiska unionen eller kommunen kan hållas ansvariga för förseningarna, säger projektledaren.",
    ):
        assert lines(fi_page(f"<p>{E1}</p><p>{E2}</p><p>{last}</p>")) == [E1, E2, last]


def test_disclaimer_words_inside_the_text_stay() -> None:
    # Only at the end: a paragraph about responsibility inside the text is the text.
    middle = "The minister said the views of the author of the report are her sole responsibility, not the council's."
    assert lines(fi_page(f"<p>{E1}</p><p>{middle}</p><p>{E2}</p>")) == [E1, middle, E2]


# ---------------------------------------------------------------- 11. the author


SITE = '<meta property="og:site_name" content="Kaupunki">'


def test_byline_line_gives_the_author_and_leaves_the_text() -> None:
    for byline in ("Teksti: Matti Mäkinen", "Text och bild: Eva Berg", "Av Eva Berg"):
        a = extract(fi_page(f"<p class='kirjoittaja'>{byline}</p><p>{P1}</p><p>{P2}</p>", head=SITE))
        assert a.author == byline.split(": ")[-1].removeprefix("Av ")
        assert [p.text for p in a.paragraphs] == [P1, P2]


@pytest.mark.parametrize(
    "byline, author",
    [
        ("Teksti: Liisa Lahti | Kuvat: Pekka Puu", "Liisa Lahti"),
        ("Text: Karin Lund Foto: Per Ek", "Karin Lund"),
        ("Besedilo: Mojca Kranjc · Fotografija: Luka Novak", "Mojca Kranjc"),
    ],
)
def test_a_byline_with_the_photographers_credit_gives_the_writer(byline: str, author: str) -> None:
    for klass in ("byline", "kirjoittaja"):  # named as a byline, or a plain line read as one
        a = extract(fi_page(f"<p class='{klass}'>{byline}</p><p>{P1}</p><p>{P2}</p>", head=SITE))
        assert a.author == author
        assert [p.text for p in a.paragraphs] == [P1, P2]


def test_a_byline_that_gives_the_date_gives_the_author_and_the_date() -> None:
    line = "Avtor: Mojca Kranjc, 12. 3. 2025"
    a = extract(fi_page(f"<p>{line}</p><p>{P1}</p><p>{P2}</p>", head=SITE))
    assert a.author == "Mojca Kranjc"
    assert a.published.startswith("2025-03-12")


def test_marked_author_comes_before_the_site_name() -> None:
    marks = (
        '<span class="byline">Kirjoittaja <span class="author vcard"><a href="/author/matti/">Matti Mäkinen</a></span>'
        "</span>",
        '<a rel="author" href="/people/matti">Matti Mäkinen</a>',
        '<span itemprop="author" itemscope><span itemprop="name">Matti Mäkinen</span></span>',
    )
    for mark in marks:
        a = extract(fi_page(f"<div class='entry-meta'>{mark}</div><p>{P1}</p><p>{P2}</p>", head=SITE))
        assert a.author == "Matti Mäkinen", mark


def test_a_commenters_name_is_no_author() -> None:
    comments = (
        '<div class="comments"><ol><li><span itemprop="author">Liisa Lukija</span><p>Hyvä juttu!</p></li>'
        '<li><span itemprop="author">Pekka</span><p>Samaa mieltä.</p></li></ol></div>'
    )
    a = extract(fi_page(f"<p>{P1}</p><p>{P2}</p>{comments}", head=SITE))
    assert a.author == "Kaupunki"


def test_a_press_release_platform_is_no_author() -> None:
    head = '<meta property="og:site_name" content="Mynewsdesk">'
    assert extract(fi_page(f"<p>{P1}</p><p>{P2}</p>", head=head), "https://example.org/a").author == ""


def test_a_sentence_opening_with_by_is_no_byline() -> None:
    sentence = "By Friday the council had received forty applications."
    a = extract(fi_page(f"<p>{sentence}</p><p>{E1}</p><p>{E2}</p>"), "https://example.org/a")
    assert a.paragraphs[0].text == sentence


def test_byline_before_a_closing_contact_box_gives_the_author() -> None:
    box = "<h3>Lisätietoja</h3><p>Matti Mäkinen<br>päällikkö<br>puh. 044 418 1234<br>matti@example.fi</p>"
    a = extract(fi_page(f"<p>{P1}</p><p>{P2}</p><p>Teksti ja kuvat: Liisa Laine</p>{box}", head=SITE))
    assert a.author == "Liisa Laine"
    assert [p.text for p in a.paragraphs] == [P1, P2]


# ---------------------------------------------------------------- numeric dates in the page's order


def uk_page(lang: str) -> str:
    return f"""<html lang="{lang}"><head><title>Council news</title></head><body>
    <main><h1>Council approves the cycling plan</h1><p class="date">Published: 03/02/2025</p><p>{E1}</p><p>{E2}</p>
    <p>Last updated: 05/02/2025</p></main></body></html>"""


def test_a_slash_dateline_is_read_in_the_order_the_pages_language_writes_dates() -> None:
    gb = extract(uk_page("en-GB"), "https://example.org/n")
    assert (gb.published, gb.updated) == ("2025-02-03", "2025-02-05")
    us = extract(uk_page("en-US"), "https://example.org/n")
    assert (us.published, us.updated) == ("2025-03-02", "2025-05-02")
    assert gb.text == us.text == f"{E1}\n{E2}"  # datelines, not text, whichever order


def test_a_slash_date_in_an_undeclared_order_is_no_date_and_no_text() -> None:
    page = extract(uk_page(""), "https://example.org/n")
    assert page.published == ""  # htmldate's guess, if any, stays apart in extraction["date_guess"]
    assert "03/02/2025" not in page.text


# ---------------------------------------------------------------- a review's findings: the new rules' edges


def test_a_dateline_with_a_label_of_its_own_still_dates_the_page_and_is_no_text() -> None:
    for line, day in (("Julkaisupäivä: 3.5.2021", "2021-05-03"), ("Publiceringsdatum: 2021-05-03", "2021-05-03")):
        page = extract(fi_page(f"<p>{line}</p><p>{P1}</p><p>{P2}</p>"), "https://example.org/a")
        assert page.published == day, line
        assert line not in page.text


def test_the_last_link_of_a_breadcrumb_trail_is_the_page_not_a_section() -> None:
    html = f"""<html><head><title>Hellevaroitus | Espoon kaupunki</title></head><body>
    <ol class="breadcrumb"><li><a href="/">Etusivu</a></li><li><a href="/uutiset">Uutiset</a></li>
    <li><a href="/uutiset/helle">Hellevaroitus</a></li></ol>
    <main><h1>Hellevaroitus</h1><p>{P1}</p><h2>Mitä asukkaiden kannattaa tehdä</h2><p>{P2}</p></main></body></html>"""
    assert extract(html, "https://example.org/uutiset/helle").title == "Hellevaroitus"


def test_a_hidden_menu_panel_sharing_a_layout_class_with_the_article_stays_out() -> None:
    # Hidden slides are kept as a group; a hidden panel is not vouched for by the visible article's class.
    menu = "Services for residents: housing, schools, health care, culture and sports, permits and parking in town."
    html = f"""<html><head><title>Study visit</title></head><body>
    <div class="section"><h1>Study visit</h1><p>{E1}</p><p>{E2}</p></div>
    <div class="section mega" aria-hidden="true"><p>{menu}</p></div></body></html>"""
    out = extract(html, "https://example.org/a").text
    assert E1 in out and menu not in out


def test_a_closing_sentence_about_eu_funding_is_text_a_disclaimer_is_not() -> None:
    fact = "Funded by the European Union, the programme supports 120 harbours around the Baltic Sea."
    disclaimer = (
        "The content of this release represents the views of the author only and is his/her sole responsibility."
    )
    page = extract(fi_page(f"<p>{E1}</p><p>{E2}</p><p>{fact}</p><p><em>{disclaimer}</em></p>"), "https://e.org/a")
    assert page.text.endswith(fact)


def test_a_call_to_follow_before_a_cut_contact_box_goes_too() -> None:
    html = fi_page(
        f"<p>{P1}</p><p>{P2}</p><p>Follow us on Facebook, Twitter and Instagram</p>"
        "<h3>Contacts</h3><p>Jane Doe</p><p>+358 40 123 4567</p>"
    )
    assert lines(html) == [P1, P2]


def test_a_readers_comment_and_a_menus_author_page_name_no_author() -> None:
    comment = (
        f"<p>{E1}</p><p>{E2}</p><h3>2 comments</h3>"
        "<div><p>Posted by Troll McTroll</p><p>This is the worst study visit I have ever read about.</p></div>"
    )
    assert extract(fi_page(comment), "https://example.org/a").author == ""
    menu = "<nav><a href='/author/'>Authors</a> <a href='/tag/author/'>author</a></nav>"
    assert extract(fi_page(f"<p>{E1}</p><p>{E2}</p>", before=menu), "https://example.org/a").author == ""


def test_a_live_blog_of_thousands_of_dated_entries_beside_a_teaser_costs_what_an_article_does() -> None:
    # Whether a <time> stands in a teaser is told by reading at most a teaser's length of its box, not the
    # whole article around it for each <time>: 2,000 entries took 19 s, against 0.3 s without the <time>s.
    entry = "An update on the study visit, with a few words and commas, written during the day."
    entries = "".join(
        f"<div><time datetime='2021-05-03T10:{i % 60:02d}'>10:{i % 60:02d}</time><p>{entry}</p></div>"
        for i in range(2000)
    )
    teaser = "<article><h2><a href='/b'>Another story</a></h2></article>"
    hostile = f"<html><body><main><article><h1>Live</h1>{entries}</article>{teaser}</main></body></html>"
    costs_what_an_article_of_its_size_does(hostile)


def test_a_release_section_after_a_contact_box_is_not_taken_for_an_about_box() -> None:
    section = (
        "Hakemukset on jätettävä sähköisesti kesäkuun loppuun mennessä, ja niihin liitetään budjetti ja aikataulu."
    )
    html = fi_page(
        f"<p>{P1}</p><p>{P2}</p><h2>Lisätietoja</h2><p>Matti Mäkinen</p><p>puh. 040 123 4567</p>"
        f"<h2>Tietoa hakijoille</h2><p>{section}</p>"
    )
    assert section in lines(html)


# ---------------------------------------------------------------- a review's pages against this round's rules


def test_an_editors_note_or_an_end_word_before_most_of_the_text_cuts_nothing() -> None:
    note = "<p><em>Note to editors:</em></p><p>Photographers are welcome at the door at 9.30.</p>"
    assert lines(fi_page(f"<p>{E1}</p>{note}<p>{E2}</p><p>{E3}</p><p>{E4}</p>")) == [
        E1,
        "Note to editors:",
        "Photographers are welcome at the door at 9.30.",
        E2,
        E3,
        E4,
    ]
    assert lines(fi_page(f"<p>{E1}</p><p>Ends</p><p>{E2}</p>")) == [E1, "Ends", E2]  # a word, not the mark


def test_a_programme_of_dated_lines_in_the_text_stays_and_does_not_date_the_page() -> None:
    programme = "<p>Ohjelma:</p><p>12.4.2025 · Konsertti · Kaupungintalo</p><p>14.4.2025 · Teatteri · Kulttuuritalo</p>"
    a = extract(fi_page(f"<p>{P1}</p>{programme}<p>{P2}</p>"), "https://example.org/a")
    got = [p.text for p in a.paragraphs]
    assert {"12.4.2025 · Konsertti · Kaupungintalo", "14.4.2025 · Teatteri · Kulttuuritalo"} <= set(got)
    assert not a.published.startswith("2025-04")
    # Dates as a definition list's terms are a programme too: no term is joined to its event and lost with it.
    days = "<dl><dt>20.4.2025</dt><dd>Luento kaupunginkirjastossa</dd><dt>21.4.2025</dt><dd>Retki</dd></dl>"
    got = lines(fi_page(f"<p>{P1}</p>{days}<p>{P2}</p>"))
    assert "Luento kaupunginkirjastossa" in got and "Retki" in got


def test_a_term_ending_in_a_question_mark_takes_no_colon() -> None:
    faq = "<dl><dt>When does the library close?</dt><dd>On the first of June, for the summer.</dd></dl>"
    assert "When does the library close? On the first of June, for the summer." in lines(
        fi_page(f"<p>{E1}</p>{faq}<p>{E2}</p>")
    )


def test_a_closing_sentence_under_a_contact_word_is_text() -> None:
    for closing in (
        "More information: the project runs 2024-2026 and is funded by the European Regional Development Fund.",
        "Lisätietoja: hakemukset lähetetään osoitteeseen kirjaamo@example.fi viimeistään toukokuun lopussa.",
    ):
        assert lines(fi_page(f"<p>{E1}</p><p>{E2}</p><p>{closing}</p>"))[-1] == closing


def test_an_update_line_older_than_the_publication_is_no_update() -> None:
    head = '<meta property="article:published_time" content="2025-03-12">'
    a = extract(fi_page(f"<p>{P1}</p><p>{P2}</p><p>Päivitetty 1.1.2020</p>", head=head), "https://example.org/a")
    assert (a.published[:10], a.updated) == ("2025-03-12", "")


def test_a_malformed_address_still_gives_the_article() -> None:
    a = extract(fi_page(f"<p>Published on 12/03/2025</p><p>{E1}</p><p>{E2}</p>"), "http://[::1/a")
    assert [p.text for p in a.paragraphs] == [E1, E2]


@pytest.mark.parametrize(
    "item, author",
    [
        (
            '<li class="elementor-post-info__item elementor-post-info__item--type-author">Ciara Kelly</li>',
            "Ciara Kelly",
        ),
        (
            '<span class="blog-meta-item blog-meta-item--author">Written By <a href="/b">Aoife Byrne</a></span>',
            "Aoife Byrne",
        ),
        ('<span class="meta__author">Posted on</span>', ""),  # no name in it
        ('<div class="comment__author">Reader Name</div>', ""),  # a reader's, not the writer's
    ],
)
def test_an_author_item_named_by_a_bem_modifier_gives_the_writer(item: str, author: str) -> None:
    a = extract(fi_page(f"<ul class='meta'>{item}</ul><p>{E1}</p><p>{E2}</p>"), "https://example.org/a")
    assert a.author == author


SL1 = "Mestna občina se je pridružila projektu HOPE, ki socialnim podjetjem pomaga zaposlovati brezposelne ljudi."
SL2 = "S partnerji iz Finske, Švedske in Irske bo občina preizkusila nove načine naročanja storitev pri podjetjih."


def joomla_page(details: str, body: str) -> str:
    """A Joomla article page: the title, its list of details, the article's body, a side column."""
    return f"""<html lang="sl"><head><title>Projekt HOPE</title></head><body>
    <nav><a href="/">Domov</a> <a href="/novice">Novice</a></nav>
    <main><div class="item-page"><h2>Projekt HOPE</h2>{details}<div itemprop="articleBody">{body}</div></div></main>
    <div class="moduletable"><h3>Zadnje novice</h3><ul><li><a href="/r">Odprt nov vrtec</a></li></ul></div>
    </body></html>"""


def test_a_list_of_the_articles_details_is_not_its_text_and_dates_it() -> None:
    details = (
        '<dl class="article-info muted"><dt class="article-info-term">Podrobnosti</dt>'
        '<dd class="createdby">Napisal <span>Super User</span></dd>'
        '<dd class="category-name">Kategorija: <a href="/novice">Novice</a></dd>'
        '<dd class="published">Objavljeno: sreda, 12. marec 2025 10:30</dd><dd class="hits">Zadetkov: 345</dd></dl>'
    )
    a = extract(joomla_page(details, f"<p>{SL1}</p><p>{SL2}</p>"), "https://www.example.si/novice/hope")
    assert [p.text for p in a.paragraphs] == [SL1, SL2]
    assert a.published == "2025-03-12T10:30:00"


def test_a_term_over_a_value_with_its_own_label_is_not_joined_to_it() -> None:
    # Joomla 4 with one detail: "Details" heads the list, and the value says what it is itself.
    details = "<dl><dt>Podrobnosti</dt><dd>Objavljeno: sreda, 12. marec 2025 10:30</dd></dl>"
    a = extract(joomla_page(details, f"<p>{SL1}</p><p>{SL2}</p>"), "https://www.example.si/novice/hope")
    assert a.published == "2025-03-12T10:30:00"
    assert not any("Podrobnosti: Objavljeno" in p.text for p in a.paragraphs)


@pytest.mark.parametrize(
    "closing",
    [
        "Kontakt za medije: Služba za odnose z javnostmi, 02 22 01 400, pr@example.si",
        "Contact for the media: Press office, 028 7125 3253, press@example.org",
        "Kontakt för media: Erik Holm, 063-14 32 10, erik.holm@example.se",
        "Dodatne informacije: Mojca Kranjc, 02 22 01 410, mojca.kranjc@example.si",
    ],
)
def test_a_closing_contact_for_the_media_is_dropped(closing: str) -> None:
    assert lines(joomla_page("", f"<p>{SL1}</p><p>{SL2}</p><p>{closing}</p>")) == [SL1, SL2]


def test_an_events_list_of_details_is_its_text() -> None:
    for name in ("event-info", "event-meta"):
        facts = f'<dl class="{name}"><dt>Aika</dt><dd>ti 18.5.2021 klo 10–12</dd></dl>'
        assert "Aika: ti 18.5.2021 klo 10–12" in lines(joomla_page("", f"<p>{SL1}</p>{facts}<p>{SL2}</p>")), name


def test_an_update_without_a_year_takes_the_publications() -> None:
    line = "<p>Jukka Hautala · 12.3.2025 klo 10.30, päivitetty 14.3. klo 9.15</p>"
    a = extract(fi_page(f"{line}<p>{P1}</p><p>{P2}</p>"), "https://example.fi/a")
    assert (a.published, a.updated) == ("2025-03-12T10:30:00", "2025-03-14T09:15:00")
    # An update that would come before the publication in its year is none, not a wrong date.
    a = extract(fi_page(f"<p>Julkaistu 12.3.2025, päivitetty 1.3.</p><p>{P1}</p><p>{P2}</p>"), "https://example.fi/a")
    assert (a.published, a.updated) == ("2025-03-12", "")


def test_a_dateline_the_metadata_states_set_apart_with_a_long_publisher_is_not_text() -> None:
    header = (
        '<p class="release-meta"><time datetime="2025-03-12T09:00:00Z">Wed, Mar 12, 2025 09:00 GMT</time>'
        " | Source: Derry City and Strabane District Council</p>"
    )
    a = extract(fi_page(f"{header}<p>{E1}</p><p>{E2}</p>"), "https://example.org/a")
    assert ([p.text for p in a.paragraphs], a.published) == ([E1, E2], "2025-03-12T09:00:00+00:00")


def test_an_about_box_closing_a_release_is_dropped_an_about_section_within_it_is_not() -> None:
    about = (
        "<p><strong>About Derry City and Strabane District Council</strong></p>"
        "<p>Derry City and Strabane District Council serves 150,000 residents in the North West.</p>"
    )
    assert lines(fi_page(f"<p>{E1}</p><p>{E2}</p><p>{E3}</p>{about}")) == [E1, E2, E3]
    # Followed by more of the article, the same head is a section of it.
    got = lines(fi_page(f"<p>{E1}</p>{about}<p>{E2}</p><p>{E3}</p><p>{E4}</p>"))
    assert "Derry City and Strabane District Council serves 150,000 residents in the North West." in got
    # A closing head whose paragraphs do not begin from its name is the story's: "Om" is also "if".
    for tail in (
        "<h2>Om Pajala säger nej</h2><p>Då flyttas projektet till Kiruna, säger näringslivschefen.</p>",
        "<h2>About Time Festival</h2><p>The festival opens on Friday at noon, tickets cost ten euros.</p>",
    ):
        assert len(lines(fi_page(f"<p>{E1}</p><p>{E2}</p><p>{E3}</p>{tail}"))) == 5, tail


def test_a_govuk_update_line_with_its_link_to_the_history_gives_the_update() -> None:
    details = (
        "<dl><dt>Published</dt><dd>12 March 2025</dd><dt>Last updated</dt>"
        '<dd>14 March 2025 <a href="#history">— See all updates</a></dd></dl>'
    )
    a = extract(fi_page(f"<p>{E1}</p>{details}<p>{E2}</p><p>{E3}</p>"), "https://www.gov.uk/government/news/a")
    assert (a.published, a.updated) == ("2025-03-12", "2025-03-14")
    assert [p.text for p in a.paragraphs] == [E1, E2, E3]


@pytest.mark.parametrize(
    "line", ["For Immediate Release: Nov. 6, 2025", "Release date: 6 November 2025", "EMBARGOED UNTIL 6 November 2025"]
)
def test_a_press_releases_own_dateline_dates_it_and_leaves_the_text(line: str) -> None:
    page = fi_page(f"<p>{E1} {E2}</p><p><strong>{line}</strong></p><p>{E3}</p><p>{E4}</p>")
    a = extract(page, "https://example.org/a")
    assert a.published == "2025-11-06"
    assert [p.text for p in a.paragraphs] == [f"{E1} {E2}", E3, E4]


def test_a_dated_headline_beside_a_date_is_no_dateline_a_long_publisher_is() -> None:
    teaser = "<p>12 March 2025 | Council votes on library plan for harbour district</p>"
    head = '<meta property="article:published_time" content="2025-03-12">'
    assert lines(fi_page(f"{teaser}<p>{E1}</p><p>{E2}</p>", head=head))[0].startswith("12 March 2025 |")


def test_a_yearless_update_is_read_only_as_a_day_and_across_the_new_year() -> None:
    for line, updated in (
        ("Julkaistu 12.3.2025 klo 8.00, päivitetty klo 10.05.", ""),  # a time, not the 10th of May
        ("Published 12.3.2025 at 8.00, updated at 10.05.", ""),
        ("Julkaistu 30.12.2024 klo 10.00, päivitetty 2.1. klo 9.15", "2025-01-02T09:15:00"),
    ):
        a = extract(fi_page(f"<p>{line}</p><p>{P1}</p><p>{P2}</p>"), "https://example.fi/a")
        assert a.updated == updated, line


def test_a_programme_in_a_definition_list_keeps_its_labels() -> None:
    dl = "<dl><dt>Opening</dt><dd>Mayor Anna Virtanen: Why the city reads</dd>"
    dl += "<dt>Aika</dt><dd>Tiistai: 18.3.2025</dd></dl>"
    got = lines(fi_page(f"<p>{E1}</p>{dl}<p>{E2}</p>"))
    assert "Opening: Mayor Anna Virtanen: Why the city reads" in got and "Aika: Tiistai: 18.3.2025" in got


def test_about_boxes_that_introduce_themselves_go_a_storys_end_that_names_the_place_stays() -> None:
    story = "<h2>Om Pajala säger nej</h2><p>Pajala kommun har tre veckor på sig att svara bolaget.</p>"
    assert len(lines(fi_page(f"<p>{E1}</p><p>{E2}</p><p>{E3}</p>{story}"))) == 5
    festival = "<h2>About Time Festival</h2><p>Time Festival opens on Friday 4 April at noon.</p>"
    assert len(lines(fi_page(f"<p>{E1}</p><p>{E2}</p><p>{E3}</p>{festival}"))) == 5
    box = "<p><strong>About NewsCo</strong></p><p>NewsCo, founded in 1990, is a news agency in Derry.</p>"
    assert lines(fi_page(f"<p>{E1}</p><p>{E2}</p><p>{E3}</p>{box}")) == [E1, E2, E3]


def test_time_words_of_every_spelling_keep_a_time_from_being_read_as_a_yearless_update() -> None:
    for line, updated in (
        ("12.3.2025 kello 10.30, päivitetty kello 11.05.", ""),
        ("Julkaistu 12.3.2025, päivitetty klo. 10.05.", ""),
        ("Publicerad 12.3.2025, uppdaterad klockan 11.05.", ""),
        ("Julkaistu 1.3.2024 klo 10.30, päivitetty 29.2. klo 9.15", ""),  # no 29 February next year: no update
    ):
        a = extract(fi_page(f"<p>{line}</p><p>{P1}</p><p>{P2}</p>"), "https://example.fi/a")
        assert a.updated == updated, line


def test_a_wordpress_entry_meta_list_is_furniture_and_a_title_case_headline_no_publisher() -> None:
    meta = (
        '<dl class="entry-meta"><dt>Author</dt><dd>Anna Lindholm</dd><dt>Category</dt><dd>News, Culture</dd>'
        "<dt>Hits</dt><dd>1234</dd></dl>"
    )
    assert lines(fi_page(f"{meta}<p>{E1}</p><p>{E2}</p>")) == [E1, E2]
    head = '<meta property="article:published_time" content="2025-03-12">'
    line = "12 March 2025 | Council Approves New Budget for Derry"
    assert lines(fi_page(f"<p>{line}</p><p>{E1}</p><p>{E2}</p>", head=head))[0] == line
