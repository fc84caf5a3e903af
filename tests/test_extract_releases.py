"""Press-release platforms, EU press rooms and newsletters: key facts, datelines in spans, closing furniture.

Each page here is written for its test (a platform's layout reduced to what the rule is about).
"""

from __future__ import annotations

import pytest

from newsflow.extract import extract
from timing import costs_what_an_article_of_its_size_does

L1 = "Seitsemän pohjalaiskuntaa aloittaa yhteisen hankkeen, jossa rakennusjätteestä tehdään uusia tuotteita."
L2 = "Hanke kestää vuoden 2027 loppuun, ja sen ensimmäinen kierrätystori avataan Seinäjoella syksyllä."
L3 = "Kunnat kokoavat kokemuksensa oppaaksi, jota muut maakunnat voivat käyttää omissa hankkeissaan."
E1 = "Seven councils in the north-west will start a joint project this spring to turn construction waste into goods."
E2 = "The project runs until the end of 2027, and its first reuse marketplace opens in Derry in the autumn."
E3 = "The councils will gather what they learn into a guide that other regions can use in their own projects."


def release(article: str, head: str = "", lang: str = "en", title: str = "Councils start a reuse project") -> str:
    """A release on a distribution platform: the platform's header and footer around the release."""
    return f"""<html lang="{lang}"><head><title>{title} | Newsroom</title>{head}</head><body>
    <header><nav><a href="/">Newsroom</a> <a href="/releases">Releases</a></nav></header>
    <main><article><h1>{title}</h1>{article}</article></main>
    <footer>Platform Ltd, all rights reserved</footer></body></html>"""


def read(html: str) -> tuple[list[str], str]:
    a = extract(html, "https://newsroom.example.com/r/1")
    return [p.text for p in a.paragraphs], a.published


def test_a_dateline_whose_parts_stand_in_spans_of_their_own_dates_the_release_and_leaves_the_text() -> None:
    for parts, published in (
        ("<span>Questions and answers</span><span>12 March 2025</span><span>Brussels</span>", "2025-03-12"),
        ("<span>Lehdistötiedote</span><span>12. maaliskuuta 2025</span><span>Bryssel</span>", "2025-03-12"),
        ("<span>Pressemeddelelse</span><span>12. marts 2025 10:00</span>", "2025-03-12T10:00:00"),
    ):
        got, date = read(release(f'<div class="meta">{parts}</div><p>{E1}</p><p>{E2}</p>'))
        assert got == [E1, E2] and date == published, parts
    # A programme's line of the same shape under the text's first paragraph is the text's, and dates nothing.
    programme = "<div><span>Seminar</span><span>20 March 2025</span><span>City Hall</span></div>"
    got, date = read(release(f"<p>{E1}</p>{programme}<p>{E2}</p>"))
    assert date == "" and len(got) == 3


@pytest.mark.parametrize(
    "fact",
    ["<li>{label}: {value}</li>", '<li><span class="label">{label}</span> <span class="value">{value}</span></li>'],
)
def test_an_events_short_labelled_facts_above_its_text_are_kept_but_not_whose_it_is(fact: str) -> None:
    # "Kostnad: Kostnadsfri" is shorter than a lead, and a label: but an event's, a job's or a course's facts, as
    # many as it has, are its text.
    facts = [
        ("När", "Tisdagar i april kl. 18"),
        ("Var", "Rådhusgatan 44"),
        ("Kostnad", "Kostnadsfri"),
        ("Språk", "Svenska"),
        ("Plats", "Folkets hus"),
        ("Arrangör", "Coompanion"),
        ("Anmälan", "Senast 2 april"),
    ]
    items = "<ul class='facts'>" + "".join(fact.format(label=k, value=v) for k, v in facts) + "</ul>"
    body = f"<div class='body'><p>{E1}</p><p>{E2}</p><p>{E3}</p></div>"
    got, _ = read(release(items + body, lang="sv", title="Starta kooperativ"))
    assert all(any(v in line for line in got) for _, v in facts) and got[-3:] == [E1, E2, E3]
    # Whose the story is, how it is filed or counted, is no fact of it.
    for meta in (
        "<li>From: Daily Mail</li><li>By: Anna Berg</li><li>Kuva: Mika Salo</li>",
        "<li>Written by: John Smith</li><li>Julkaisija: Viestintä</li><li>Valokuva: Pekka P</li>",
        "<li>Category: News</li><li>Ämne: Skola</li><li>Kommentit: 0</li><li>Katselukerrat: 1 245</li>",
    ):
        got, _ = read(release(f"<ul class='meta'>{meta}</ul>{body}"))
        assert got == [E1, E2, E3], meta


def test_a_date_in_an_element_of_its_own_is_apart_from_the_capitalised_word_after_it() -> None:
    meta = '<div class="meta"><span class="date">12 March 2025</span><span>By project: HOPE</span></div>'
    got, _ = read(release(f"<p>{E1}</p>{meta}<p>{E2}</p><p>{E3}</p>"))
    assert not any("2025By" in line for line in got)


def test_short_key_facts_between_the_headline_and_the_lead_are_kept_but_not_a_forms_selling_points() -> None:
    facts = (
        "<ul class='highlights'><li>Hankkeen budjetti on 3,2 miljoonaa euroa</li>"
        "<li>Mukana seitsemän pohjalaiskuntaa</li><li>Kierrätystori avataan syksyllä</li></ul>"
    )
    more = (
        "Rakennusjätettä syntyy Pohjanmaalla vuosittain noin 180 000 tonnia, ja siitä kolmannes päätyy kaatopaikalle.",
        "Hankkeessa kokeillaan kierrätystoria, jossa yritykset ja kotitaloudet myyvät käytettyjä ikkunoita ja ovia.",
        "Hankkeen tuloksia seurataan vuosittain, ja ensimmäinen väliraportti julkaistaan syksyllä 2025.",
    )
    paras = "".join(f"<p>{t}</p>" for t in (L2, L3, *more))
    body = f"<div class='lead'><p>{L1}</p></div><div class='body'>{paras}</div>"
    got, _ = read(release(facts + body, lang="fi", title="Pohjanmaan kunnat aloittavat kierrätyshankkeen"))
    assert got[:3] == ["Hankkeen budjetti on 3,2 miljoonaa euroa", "Mukana seitsemän pohjalaiskuntaa",
                       "Kierrätystori avataan syksyllä"]  # fmt: skip
    form = (  # an offer's selling points, each with a toggle for its fine print
        "<ul class='usps'><li>Nopea päätös verkossa <input type='checkbox' id='u1'><label for='u1'>i</label></li>"
        "<li>Ei avausmaksua lainalle <input type='checkbox' id='u2'><label for='u2'>i</label></li></ul>"
    )
    got, _ = read(release(form + body, lang="fi", title="Pohjanmaan kunnat aloittavat kierrätyshankkeen"))
    assert "Nopea päätös verkossa" not in got


def test_a_platforms_contact_people_and_about_the_publisher_boxes_close_no_release() -> None:
    boxes = (
        "<div class='contacts'><h2>Yhteyshenkilöt</h2><p>Liisa Mäkelä</p><p>hankepäällikkö</p>"
        "<p><a href='tel:+358401234567'>+358 40 123 4567</a></p></div>"
        "<div class='about'><h2>Tietoja julkaisijasta</h2><p>Seinäjoki on 65 000 asukkaan kasvukeskus "
        "Etelä-Pohjanmaalla.</p></div>"
    )
    got, _ = read(release(f"<p>{L1}</p><p>{L2}</p><p>{L3}</p>{boxes}", lang="fi"))
    assert got == [L1, L2, L3]
    boxes = (
        "<div class='contacts'><h2>Contacts</h2><p>Liisa Mäkelä, project manager</p>"
        "<p><a href='mailto:liisa@example.fi'>liisa@example.fi</a></p></div>"
        "<div class='about'><h2>About</h2><p>Seinäjoki is a growing city of 65,000 in South Ostrobothnia.</p></div>"
    )
    got, _ = read(release(f"<p>{E1}</p><p>{E2}</p><p>{E3}</p>{boxes}"))
    assert got == [E1, E2, E3]


def test_closing_lines_of_wires_and_press_rooms_are_no_text() -> None:
    endings = (
        "<p>SOURCE Derry City and Strabane District Council</p>",  # PR Newswire's signature
        "<h2>Product information</h2><p>Ref.: 20250312IPR27000</p>",  # the European Parliament's reference
        "<p><strong>Attachments</strong></p><ul><li><a href='/a.pdf'>Report.pdf</a></li></ul>",
        "<p>Contact: Lisa Mäkelä, project manager, +358 40 123 4567</p><p>Tags: reuse, circular economy, Derry</p>",
        # The Commission's daily news: its spokespeople in brackets.
        "<p>(For more information: Anna Berg – Tel.: +32 2 299 63 02; Erik Holm – Tel.: +32 2 298 39 51)</p>",
    )
    for ending in endings:
        got, _ = read(release(f"<p>{E1}</p><p>{E2}</p><p>{E3}</p>{ending}"))
        assert got == [E1, E2, E3], ending
    # A sentence about sources, or the word in a paragraph, stays.
    source = "<p>Source material for the guide comes from the seven councils and their contractors.</p>"
    got, _ = read(release(f"<p>{E1}</p><p>{E2}</p>{source}"))
    assert got[-1].startswith("Source material")
    aside = (
        "<p>(For more information on how to apply, see the call page or phone the help desk on +32 2 299 63 02.)</p>"
    )
    got, _ = read(release(f"<p>{E1}</p><p>{E2}</p>{aside}"))
    assert got[-1].startswith("(For more information on how to apply")


def newsletter(items: str, footer: str) -> str:
    """A newsletter's web version: a title cell, items in tables of their own, a footer in a styled cell."""
    return f"""<html><head><title>HOPE Newsletter #3 – March 2025</title></head><body><table><tr><td>
    <table><tr><td><a href="/archive">View this email in your browser</a></td></tr></table>
    <table class="textBlock"><tr><td class="textContent"><h1>HOPE Newsletter #3 – March 2025</h1>
    <p>Welcome to the third HOPE newsletter. Here is what the partners did this winter.</p></td></tr></table>
    {items}<table><tr><td style="font-size:11px">{footer}</td></tr></table></td></tr></table></body></html>"""


ITEMS = [
    ("Councils awarded £3m for a reuse project", E1),
    ("Reuse marketplace opens in Derry", E2),
    ("Partners meet in Seinäjoki", E3),
]


def test_a_newsletters_items_under_its_title_are_its_text_and_its_footer_is_not() -> None:
    items = "".join(
        f'<table class="textBlock"><tr><td class="textContent"><h2>{h}</h2><span>{t}</span><br>'
        f'<a href="/news/{i}">Read more</a></td></tr></table>'
        for i, (h, t) in enumerate(ITEMS)
    )
    footer = (
        "HOPE project, 98 Strand Road, Derry BT48 7NN<br>You received this email because you signed up on our "
        "website. <a href='/u'>Unsubscribe</a>"
    )
    a = extract(newsletter(items, footer), "https://news.example.com/c/3")
    got = [p.text for p in a.paragraphs]
    for heading, text in ITEMS:
        assert heading in got and text in got
    assert not any("Unsubscribe" in line or "Strand Road" in line or line == "Read more" for line in got)
    assert a.title == "HOPE Newsletter #3 – March 2025"  # shown whole on the page: no "Site – Title"


@pytest.mark.parametrize(
    "footer",
    [
        "<div>Saat tämän viestin, koska olet tilannut hankkeen uutiskirjeen.</div>"
        "<div><a href='https://r.example.com/unsub'>Peru tilaus</a></div>"
        "<div>© 2025 HOPE, Kirkkokatu 5, 60100 Seinäjoki</div>",
        "<p>HOPE project, 98 Strand Road, Derry BT48 7NN</p><p>You received this email because you signed up on our "
        "website.</p><p><a href='/unsubscribe'>Unsubscribe</a></p>",
    ],
)
def test_a_mailings_footer_goes_when_its_unsubscribe_link_stands_on_a_line_of_its_own(footer: str) -> None:
    items = "".join(
        f'<table class="textBlock"><tr><td class="textContent"><h2>{h}</h2><p>{t}</p></td></tr></table>'
        for h, t in ITEMS
    )
    got = [p.text for p in extract(newsletter(items, footer), "https://news.example.com/c/3").paragraphs]
    assert all(t in got for _, t in ITEMS)
    assert not any("viestin" in line or "received this email" in line or "Strand Road" in line for line in got)


def test_only_a_mailings_own_footer_goes_not_a_closing_sentence_about_unsubscribing() -> None:
    for ending in (
        "<p>Readers who no longer want the printed bulletin can unsubscribe by calling the library desk.</p>",
        "<p>The library stands at Kirkkokatu 5, 60100 Seinäjoki.</p><p>You can unsubscribe from SMS alerts there.</p>",
    ):
        got, _ = read(release(f"<p>{E1}</p><p>{E2}</p><p>{E3}</p>{ending}"))
        assert len(got) == 3 + ending.count("<p>"), ending


def test_a_closing_sentence_that_opens_like_a_tags_line_is_text() -> None:
    last = "Topics: climate, housing and transport will all be discussed at the open meeting on Friday."
    got, _ = read(release(f"<p>{E1}</p><p>{E2}</p><p>{last}</p>"))
    assert got[-1] == last


def test_a_fact_row_of_spans_is_no_dateline_and_a_programme_line_is_no_yearless_one() -> None:
    row = "<div><span>Opening hours</span><span>12 March 2025</span><span>Mon-Fri</span></div>"
    got, date = read(release(f"{row}<p>{E1}</p><p>{E2}</p>"))
    assert date == "" and "Opening hours" in got[0]
    head = '<meta property="article:published_time" content="2025-03-12T09:00:00Z">'
    got, _ = read(release(f"<p>Mar 12 · Opening ceremony</p><p>{E1}</p><p>{E2}</p>", head=head))
    assert got[0] == "Mar 12 · Opening ceremony"


def test_a_short_story_does_not_take_in_a_block_of_other_stories_after_it() -> None:
    others = "".join(f"<h3>{h}</h3><p>{t}</p>" for h, t in ITEMS)
    page = (
        "<html><head><title>Library opens</title></head><body><div class='wrap'>"
        "<div class='story'><h1>Library opens</h1><p>The city opens its new library in the centre today.</p></div>"
        f"<div class='more'>{others}</div></div></body></html>"
    )
    got = [p.text for p in extract(page, "https://e.org/a").paragraphs]
    assert got == ["The city opens its new library in the centre today."]


def test_a_title_shown_in_the_navigation_is_no_headline_shown_whole() -> None:
    page = (
        "<html><head><title>News - City of Vaasa</title></head><body><nav><span>News - City of Vaasa</span></nav>"
        f"<div class='content'><h2>New library opens in the centre next year</h2><p>{E1}</p><p>{E2}</p></div>"
        "</body></html>"
    )
    assert extract(page, "https://e.org/a").title != "News - City of Vaasa"  # the page's name, not its headline


def test_a_long_list_between_the_title_and_the_body_costs_what_an_article_of_its_size_does() -> None:
    items = "".join(f"<li>Fact number {i} here now</li>" for i in range(3000))
    page = (
        f"<html><body><div><h1>Library opens</h1><ul>{items}</ul>"
        f"<div class='body'><p>{E1}</p><p>{E2}</p><p>{E3}</p></div></div></body></html>"
    )
    costs_what_an_article_of_its_size_does(page)


def test_an_office_documents_title_is_its_title_paragraph_not_its_first_section_heading() -> None:
    # Word's "Save as Web Page": the title styled p.MsoTitle, the sections in <h1>, the <title> often the file's name.
    sections = "".join(f"<h1><span lang=FI>{h}<o:p></o:p></span></h1><p class=MsoNormal>{t}</p>"
                       for h, t in (("Taustaa", L1), ("Toimenpiteet", L2), ("Kustannukset", L3)))  # fmt: skip
    word = (
        '<html><head><meta name=Generator content="Microsoft Word 15 (filtered)"><title>Muistio_2024-03.docx</title>'
        "</head><body lang=FI><div class=WordSection1><p class=MsoTitle><span lang=FI>Pyöräilyn kehittämisohjelma"
        f"<o:p></o:p></span></p>{sections}</div></body></html>"
    )
    a = extract(word, "https://www.example.fi/muistio.htm")
    assert a.title == "Pyöräilyn kehittämisohjelma" and "Taustaa" in a.text
    # Google Docs' "Publish to the web": a p.title among its generated classes.
    docs = (
        '<html><head><title>Tiedote</title></head><body class="c9 doc-content"><p class="c3 title" id="h.1">'
        f'<span class="c5">Nuorten kesätyösetelit 2025</span></p>{sections}</body></html>'
    )
    assert extract(docs, "https://docs.example.com/d/1/pub").title == "Nuorten kesätyösetelit 2025"
    # A web page's "title" paragraph before its headline (a teaser's) is no document's title.
    page = (
        "<html><head><title>Kierrätyshanke alkaa | Kaupunki</title></head><body><div class='teaser'>"
        "<p class='title'>Muut uutiset</p></div><article><h1>Kierrätyshanke alkaa</h1>"
        f"<p>{L1}</p><p>{L2}</p></article></body></html>"
    )
    assert extract(page, "https://www.example.fi/uutiset/1").title == "Kierrätyshanke alkaa"
    # Nor a site's name in a generated class ("c1 title"), nor a "title" paragraph after a page's first heading.
    for before, after in (("<div class='c1 title'>Kaupunki</div>", ""), ("", "<p class='c4 title'>Lue myös</p>")):
        page = (
            f"<html><head><title>Kierrätyshanke alkaa | Kaupunki</title></head><body>{before}<main>"
            f"<h2>Kierrätyshanke alkaa</h2><p>{L1}</p><p>{L2}</p>{after}</main></body></html>"
        )
        assert extract(page, "https://www.example.fi/uutiset/1").title == "Kierrätyshanke alkaa"
