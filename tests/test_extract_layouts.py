"""Layouts where an extractor gives nothing or the wrong block: photo stories, carousels, accordions,
short posts in heavy page chrome, teaser streams, stories in dialogs, script-rendered pages.

Each page is written for its test: a site's chrome (a menu with submenus, a footer with link columns and
an address line) around the part the test is about.
"""

from __future__ import annotations

import json

import pytest

from newsflow.extract import extract
from timing import costs_what_an_article_of_its_size_does

STORY = [
    "The city council approved the new cycling plan on Monday after a debate that lasted almost four hours.",
    "The plan adds forty kilometres of separated cycle lanes by 2030, most of them along the main roads into town.",
    "Opponents said the lanes take space from buses and cars, and that the cost estimate of 18 million is too low.",
]
NOTICE = "The library is closed on Friday 7 June because of a power cut in the building."
RETURNS = "Books due that day can be returned on Saturday without a fine."


def chrome(title: str, main: str, head: str = "") -> str:
    """A page: a menu with submenus, the part under test, a most-read box, a footer with an address."""
    menu = "".join(
        f'<li class="menu-item"><a href="/{i}">{name}</a><ul class="sub-menu">'
        + "".join(f'<li><a href="/{i}/{k}">{name}: {k}</a></li>' for k in ("overview", "archive", "people"))
        + "</ul></li>"
        for i, name in enumerate(("Home", "News", "Sport", "Culture", "Business", "Opinion", "Contact us"))
    )
    side = '<div class="sidebar"><h3>Most read</h3><ul>' + "".join(
        f"<li><a href='/m/{i}'>A popular story number {i} about something else in town</a></li>" for i in range(5)
    )
    columns = "".join(
        f'<div class="footer-col"><h4>Section {c}</h4><ul>'
        + "".join(f'<li><a href="/f/{c}/{k}">Footer link {c}.{k}</a></li>' for k in range(5))
        + "</ul></div>"
        for c in range(3)
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{title} | Example</title>{head}</head><body>'
        f'<header class="site-header"><nav class="main-navigation"><ul class="menu">{menu}</ul></nav></header>'
        f'{main}{side}</ul></div><footer class="site-footer">{columns}<p class="footer-address">Example Media Ltd, '
        "12 Harbour Street, Example City. Phone +44 20 7946 0000. All rights reserved 2025.</p></footer></body></html>"
    )


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def text_of(html: str) -> str:
    return extract(html, "https://news.example.org/2025/story").text


# ------------------------------------------------------------------ short posts in heavy chrome


@pytest.mark.parametrize(
    ("outer", "close"),
    [
        # WordPress Genesis: the layout wrapper is named after the sidebar it sits beside
        (
            '<div class="content-sidebar-wrap"><main class="content"><article class="post entry">',
            "</article></main></div>",
        ),
        ('<div class="page-with-nav nav-open"><div class="body">', "</div></div>"),  # content named inside it
        ('<section class="hero-banner"><div class="story">', "</div></section>"),
    ],
)
def test_a_one_sentence_notice_in_a_wrapper_named_after_furniture_is_kept(outer: str, close: str) -> None:
    html = chrome("Library closed", f"{outer}<h1>Library closed on Friday</h1>{paragraphs(NOTICE)}{close}")
    out = text_of(html)
    assert NOTICE in out
    assert "popular story" not in out and "Harbour Street" not in out


def test_a_short_page_of_only_a_cookie_notice_in_a_furniture_wrapper_gives_no_article() -> None:
    cookie = "We use cookies to measure how this site is used and to remember your choices."
    html = chrome("Home", f'<div class="cookie-consent-wrap"><div class="banner">{paragraphs(cookie)}</div></div>')
    assert cookie not in text_of(html)


def test_a_short_post_is_not_padded_with_the_sites_alert_or_about_box() -> None:
    alert = (
        "Road works on the harbour bridge continue until the end of the month, and the number 4 bus takes a "
        "detour through the old town. Expect delays of up to fifteen minutes at peak hours, and plan your "
        "journey with the route planner. The city apologises for the inconvenience to residents and visitors."
    )
    about = (
        "Example City is a municipality of 60,000 residents on the west coast, known for its harbour, its "
        "university and its summer festival, which draws visitors from all over the country every July."
    )
    main = (
        f'<div class="site-alert alert">{paragraphs(alert)}</div>'
        f"<main><article><h1>Library closed on Friday</h1>{paragraphs(NOTICE, RETURNS)}</article></main>"
        f'<div id="bottom">{paragraphs(about)}</div>'
    )
    out = text_of(chrome("Library closed on Friday", main))
    assert NOTICE in out and RETURNS in out
    assert "harbour bridge" not in out and "60,000 residents" not in out


# ------------------------------------------------------------------ photo stories and slides

CAPTIONS = [
    "The old harbour warehouses were built in 1897 to store grain shipped in from the inland farms.",
    "After the war the warehouses stood empty for decades, and the roofs began to fall in during the 1970s.",
    "A group of artists moved into the first warehouse in 1994 and opened its doors to the public every summer.",
    "The city bought the buildings in 2012 and restored the brick facades with the help of a regional grant.",
    "Today the warehouses hold a library, two theatres, a market hall and forty small businesses and studios.",
]


def test_a_photo_story_told_in_figcaptions_is_kept() -> None:
    figures = "".join(
        f'<figure class="wp-block-image"><img src="/{i}.jpg"><figcaption>{c}</figcaption></figure>'
        for i, c in enumerate(CAPTIONS)
    )
    out = text_of(chrome("The harbour warehouses", f"<main><h1>The harbour warehouses</h1>{figures}</main>"))
    assert all(c in out for c in CAPTIONS)


def test_one_pictures_caption_beside_an_article_is_still_dropped() -> None:
    caption = "The council chamber during Monday's debate, photographed from the public gallery."
    figure = f'<figure><img src="/a.jpg"><figcaption>{caption}</figcaption></figure>'
    out = text_of(
        chrome(
            "Cycling plan",
            f"<main><h1>Cycling plan approved</h1>{paragraphs(STORY[0])}{figure}{paragraphs(*STORY[1:])}</main>",
        )
    )
    assert all(s in out for s in STORY)
    assert caption not in out


def test_numbered_slides_whose_class_names_their_number_are_one_story() -> None:
    slides = "".join(
        f'<div class="slide"><img src="/{i}.jpg"><div class="slide__caption slide__caption--{i + 1}">'
        f"<span>{i + 1}/{len(CAPTIONS)}</span><p>{c}</p></div></div>"
        for i, c in enumerate(CAPTIONS)
    )
    out = text_of(
        chrome("The harbour warehouses", f'<div class="gallery"><h1>The harbour warehouses</h1>{slides}</div>')
    )
    assert out.splitlines() == CAPTIONS  # the slides' counters ("3/5") are no text


def test_a_slide_counter_in_any_form_is_no_text_but_a_fraction_of_years_or_a_date_is_not_one() -> None:
    for counter in ("3 / 5", "Kuva 3/5", "Bild 3 av 5", "Image 3 of 5", "Slide 3 | 5", "Kuva 3 / yht. 5", "Kuva 3/5."):
        slides = "".join(f"<div class='slide'><p>{counter}</p><p>{c}</p></div>" for c in CAPTIONS)
        assert text_of(chrome("Warehouses", f"<main><h1>Warehouses</h1>{slides}</main>")).splitlines() == CAPTIONS
    for line in ("2024/2025", "Chapter 3 of the plan", "3 / 1", "24/7"):  # years, words, a score, a service's hours
        out = text_of(
            chrome("Plan", f"<main><h1>Plan</h1>{paragraphs(STORY[0])}<p>{line}</p>{paragraphs(*STORY[1:])}</main>")
        )
        assert line in out


@pytest.mark.parametrize(
    "hidden",
    ['class="carousel-item" style="display:none"', 'class="slick-slide" aria-hidden="true"'],
)
def test_a_carousel_that_hides_all_slides_but_the_first_gives_every_slide(hidden: str) -> None:
    first, *rest = CAPTIONS
    shown = hidden.split('" ')[0] + '"'  # the same class, not hidden
    items = f"<li {shown}><p>{first}</p></li>" + "".join(f"<li {hidden}><p>{c}</p></li>" for c in rest)
    out = text_of(
        chrome("The harbour warehouses", f"<main><h1>The harbour warehouses</h1><ul class='slides'>{items}</ul></main>")
    )
    assert all(c in out for c in CAPTIONS)


def test_one_hidden_element_beside_an_article_stays_hidden() -> None:
    secret = "Subscribers get the full story of the cycling plan and all our reporting on the city council."
    note = f'<div class="paywall-note" hidden><p>{secret}</p></div>'
    main = f"<main><h1>Cycling plan approved</h1>{paragraphs(*STORY)}{note}</main>"
    out = text_of(chrome("Cycling plan", main))
    assert STORY[2] in out and secret not in out


# ------------------------------------------------------------------ questions and answers

QA = [
    (
        "How do I apply for a parking permit?",
        "Apply in the e-services with your online bank codes; the permit is valid for a year from the day granted.",
    ),
    (
        "What does the permit cost?",
        "A resident's permit costs 120 euros a year, and an electric car's permit costs half of that amount.",
    ),
    (
        "Can I park anywhere in the zone?",
        "The permit is valid in the zone printed on it, on the streets marked with the resident sign only.",
    ),
]


def test_an_accordion_gives_its_questions_and_its_hidden_answers() -> None:
    items = "".join(
        f'<div class="accordion-item"><h3><button class="accordion-button">{q}</button></h3>'
        f'<div class="accordion-collapse collapse" aria-hidden="true">'
        f'<div class="accordion-body"><p>{a}</p></div></div></div>'
        for q, a in QA
    )
    out = text_of(
        chrome(
            "Parking permits", f'<main><h1>Parking permits: questions</h1><div class="accordion">{items}</div></main>'
        )
    )
    for q, a in QA:
        assert q in out and a in out


def test_an_accordion_that_opens_its_first_answer_gives_the_hidden_ones_too() -> None:
    # The first answer shown, the others hidden: the hidden ones alone are under half the page's text (an
    # introduction before the questions), all the answers together are not.
    intro = "The city answers residents' questions about the new parking zones, which start in the new year."
    items = "".join(
        f'<div class="faq-item"><h3><button>{q}</button></h3>'
        f'<div class="faq-answer"{"" if i == 0 else " hidden"}><p>{a}</p></div></div>'
        for i, (q, a) in enumerate(QA)
    )
    out = text_of(
        chrome(
            "Parking permits",
            f'<main><h1>Parking permits: questions</h1><p>{intro}</p><div class="faq">{items}</div></main>',
        )
    )
    assert intro in out
    for q, a in QA:
        assert q in out and a in out


def test_hidden_answers_without_a_class_are_kept_together() -> None:
    items = "".join(f"<h3>{q}</h3><div hidden><p>{a}</p></div>" for q, a in QA)
    out = text_of(
        chrome("Parking permits", f"<main><h1>Parking permits: questions</h1><section>{items}</section></main>")
    )
    assert all(a in out for _, a in QA)


# ------------------------------------------------------------------ boxes around the article


def test_an_author_box_after_the_post_is_furniture_but_a_tag_slug_names_no_furniture() -> None:
    bio = "Jane Example has written about city politics for the paper since 2009 and lives by the harbour."
    main = (
        '<main><article class="post tag-cycling category-news">'
        f"<h1>Cycling plan approved</h1>{paragraphs(*STORY)}</article>"
        f'<div class="author-box"><h3>About the author</h3><p>{bio}</p></div></main>'
    )
    out = text_of(chrome("Cycling plan", main))
    assert all(s in out for s in STORY)
    assert bio not in out


def test_a_stream_of_teasers_does_not_outweigh_a_shorter_article() -> None:
    # Two columns, neither named: the article's two paragraphs on the left, six other stories on the right,
    # each a linked headline over a summary written as prose.
    teasers = "".join(
        f'<article><h2><a href="/s/{i}">Another story {i}</a></h2><p>A longer summary of story {i} from the same '
        "site, with enough words and commas, to read like prose to anything that reads it.</p></article>"
        for i in range(6)
    )
    main = (
        f'<div class="wrapper"><div class="col-left"><h1>Cycling plan approved</h1>{paragraphs(*STORY[:2])}</div>'
        f'<div class="col-right">{teasers}</div></div>'
    )
    out = text_of(chrome("Cycling plan", main))
    assert STORY[0] in out and STORY[1] in out
    assert "Another story" not in out and "A longer summary" not in out


@pytest.mark.parametrize(
    ("outer", "close"),
    [
        ('<div role="dialog" aria-modal="true" class="story-overlay">', "</div>"),
        ('<aside class="main-column">', "</aside>"),
    ],
)
def test_an_article_in_a_dialog_or_an_aside_column_is_kept(outer: str, close: str) -> None:
    out = text_of(
        chrome("Cycling plan", f"{outer}<article><h1>Cycling plan approved</h1>{paragraphs(*STORY)}</article>{close}")
    )
    assert all(s in out for s in STORY)


def test_a_cookie_dialog_that_is_no_article_stays_out() -> None:
    cookie = "We use cookies to measure how this site is used. You can change your choices in the settings."
    dialog = f'<div role="dialog" class="consent"><p>{cookie}</p></div>'
    main = f"{dialog}<main><h1>Cycling plan approved</h1>{paragraphs(*STORY)}</main>"
    out = text_of(chrome("Cycling plan", main))
    assert STORY[0] in out and cookie not in out


# ------------------------------------------------------------------ pages a script fills in


def test_declarative_shadow_dom_is_read_where_it_stands() -> None:
    story = f"<article><h1>Cycling plan approved</h1>{paragraphs(*STORY)}</article>"
    main = f'<news-story><template shadowrootmode="open">{story}</template></news-story>'
    out = text_of(chrome("Cycling plan", main))
    assert all(s in out for s in STORY)


def test_a_stated_article_body_comes_before_a_stream_of_teasers() -> None:
    body = " ".join(STORY)
    ld = json.dumps({"@type": "NewsArticle", "url": "https://news.example.org/2025/story", "articleBody": body})
    teasers = "".join(
        f'<div class="card"><h3><a href="/s/{i}">Another story number {i}</a></h3>'
        f"<p>A summary of another story about the city and its plans, number {i}, cut short here.</p></div>"
        for i in range(4)
    )
    html = chrome(
        "Cycling plan",
        f'<div id="app">Loading...</div><div class="latest">{teasers}</div>',
        head=f'<script type="application/ld+json">{ld}</script>',
    )
    article = extract(html, "https://news.example.org/2025/story")
    assert STORY[0] in article.text
    assert "A summary of another story" not in article.text
    assert article.extraction.get("fallback")


def test_the_last_resort_is_not_a_cookie_notice() -> None:
    description = "The city council approved a plan for forty kilometres of separated cycle lanes by 2030."
    cookie = "This website uses cookies to give you the best experience. By continuing you accept our use of cookies."
    html = (
        f'<html><head><title>Cycling plan</title><meta property="og:description" content="{description}"></head>'
        f'<body><div id="root"></div><div><p>{cookie}</p></div></body></html>'
    )
    out = text_of(html)
    assert "cookies" not in out
    assert description in out


# ------------------------------------------------------------------ bounded cost


def test_a_page_of_thousands_of_differently_named_teaser_boxes_costs_what_an_article_of_its_size_does() -> None:
    # Whether a summary is one of a stream of teasers is counted once per list, not by a scan of the
    # list per summary: 3,000 boxes took 4 s that way, against 0.3 s for an article of the same size.
    boxes = "".join(
        f"<div class='c{i}'><h2><a href='/{i}'>Story {i}</a></h2><p>Summary of story {i}, short, with words.</p></div>"
        for i in range(3000)
    )
    costs_what_an_article_of_its_size_does(f"<html><body><div>{boxes}</div></body></html>")


def test_a_list_of_thousands_of_dated_teasers_costs_what_an_article_of_its_size_does() -> None:
    # Whether a date stands in a list of teasers is told by the nearest item of its kind, not by counting
    # the list's items for each date: 3,000 items took 10 s that way.
    items = "".join(
        f"<li><a href='/{i}'>Story {i}</a> <time datetime='2021-01-{i % 28 + 1:02d}'>{i % 28 + 1}.1.2021</time></li>"
        for i in range(3000)
    )
    story = "<main><h1>Cycling plan approved</h1>" + paragraphs(*STORY) + "</main>"
    costs_what_an_article_of_its_size_does(f"<html><body><ul>{items}</ul>{story}</body></html>")


ZH = [
    "上周末我们去了郊外的小镇。",
    "那里的老街保存得很好，街边有许多卖手工艺品的小店，我们一路慢慢走，看了很多有意思的东西。",
    "中午在河边的一家小饭馆吃了当地的鱼，味道非常鲜美，价格也很便宜，老板还送了我们一盘青菜。",
    "下午下起了小雨，我们就在茶馆里坐了两个小时，听老人们聊天，感觉时间过得特别慢。",
    "下次想在附近住一晚。",
]
JA = ["昔、ある村に貧しい若者がいました。", "若者は毎日山へ行き、竹を切って町で売っていました。", "おしまい。"]


def test_short_chinese_and_japanese_sentences_at_the_texts_ends_are_sentences_not_labels() -> None:
    # A sentence in Chinese or Japanese is a dozen characters without a space, ended by 。: no label to trim
    # from either end of the text, and no line too short to be text.
    blog = "<br>".join(ZH)
    page = chrome("小镇游记", f'<div class="post-body">{blog}</div>')
    assert extract(page, "https://blog.example.cn/p/1").text.splitlines() == ZH
    story = "".join(f"<p>{line}</p>" for line in JA * 4)
    page = chrome("竹取物語", f'<div class="story">{story}</div>')
    assert extract(page, "https://e.jp/s/1").text.splitlines() == JA * 4


def test_every_row_of_a_table_of_facts_whose_first_cells_link_is_kept_but_not_a_table_of_links() -> None:
    # A list of lighthouses, each name linked to its page: a long name makes that row mostly link, yet the table
    # as a whole is facts. A table of links alone (a layout's menu) stays furniture.
    rows = [
        ("Strömmingsbådan Lighthouse", "Maksamaa", "1885", "29"),
        ("Valsörarna", "Korsholm", "1886", "36"),
        ("Sälskär", "Hammarland", "1868", "31"),
        ("Bogskär", "Kökar", "1882", "32"),
        ("Marjaniemi", "Hailuoto", "1871", "25"),
    ]
    table = (
        "<table class='wikitable'><tr><th>Name</th><th>Place</th><th>Built</th><th>Height (m)</th></tr>"
        + "".join(
            f"<tr><td><a href='/wiki/{name}'>{name}</a></td><td>{place}</td><td>{built}</td><td>{height}</td></tr>"
            for name, place, built, height in rows
        )
        + "</table>"
    )
    intro = "<p>Finland's coast has dozens of lighthouses, many of them built in the late nineteenth century.</p>"
    text = extract(
        chrome("Lighthouses", f"<article>{intro}{table}{''.join(f'<p>{s}</p>' for s in STORY)}</article>"),
        "https://e.org/l",
    ).text
    for name, place, built, height in rows:
        assert f"{name} {place} {built} {height}" in text
    menu = (
        "<table>"
        + "".join(f"<tr><td><a href='/{k}'>Section number {k} of the site</a></td></tr>" for k in range(5))
        + "</table>"
    )
    text = extract(
        chrome("Lighthouses", f"{menu}<article>{intro}{''.join(f'<p>{s}</p>' for s in STORY)}</article>"),
        "https://e.org/l",
    ).text
    assert "Section number" not in text


NEXT = [
    "Researchers tagged forty grey seals in the Kvarken archipelago this spring to follow where they feed.",
    "The tags send a position every hour, and the first results show the seals travel further than expected.",
    "Some of the seals swam more than two hundred kilometres north within a week of being tagged in April.",
    "The team will publish a map of the routes in the autumn, when the tags have fallen off with the moult.",
]


def test_the_next_story_of_an_endless_scroll_is_not_the_article_even_when_it_is_longer() -> None:
    # Each story in an <article> of its own with its own headline, date and address; the page's title names one.
    def story(title: str, lines: list[str], url: str) -> str:
        head = f'<header><h1>{title}</h1><time datetime="2025-03-12">12 March 2025</time></header>'
        return f'<article class="article" data-url="{url}">{head}<div class="body">{paragraphs(*lines)}</div></article>'

    first, divider, second = story("Cycling plan", STORY, "/1"), "<div>Next story</div>", story("Seals", NEXT, "/2")
    for stream in (f"{first}{divider}{second}", f"{second}{divider}{first}"):  # the next story, or the one before
        out = text_of(chrome("Cycling plan", f'<main class="stream">{stream}</main>'))
        assert all(s in out for s in STORY) and not any(s in out for s in NEXT)
    # Dated by a line of its own rather than a <time>.
    dated = f"<article><h1>Seals</h1><span class='date'>Published 11 March 2025</span>{paragraphs(*NEXT)}</article>"
    own = f"<article><h1>Cycling plan</h1><span class='date'>Published 12 March 2025</span>{paragraphs(*STORY)}"
    out = text_of(chrome("Cycling plan", f'<main class="stream">{own}</article>{dated}</main>'))
    assert all(s in out for s in STORY) and not any(s in out for s in NEXT)
    # An article whose second part stands in an <article> without a headline of its own is one article; so is a
    # newsletter whose items are <article>s with headlines of their own but no date or address of their own.
    parts = f"<article><h1>Cycling plan</h1>{paragraphs(*STORY)}</article><article>{paragraphs(*NEXT)}</article>"
    out = text_of(chrome("Cycling plan", f"<main>{parts}</main>"))
    assert all(s in out for s in STORY + NEXT)
    items = "".join(
        f"<article><h1>Item {i}</h1>{paragraphs(line, STORY[i])}<p>Open on <time>20 March 2025</time>.</p></article>"
        for i, line in enumerate(NEXT[:3])
    )  # an item's event date in its prose is no date of a page of its own
    intro = (
        "<article><h1>Newsletter 3/2025</h1><p>Welcome to the March newsletter of the city's projects.</p></article>"
    )
    out = text_of(chrome("Newsletter 3/2025", f"<main>{intro}{items}</main>"))
    assert all(s in out for s in NEXT[:3] + STORY)


def test_a_one_column_layout_table_keeps_its_menu_and_footer_rows_out_of_the_article() -> None:
    # An old municipal site laid out in a table: the menu, the breadcrumb, the notice as text cut by <br>, the footer.
    notice = [
        "Kunnanvaltuusto kokoontuu maanantaina 24.3.2025 kello 18 kunnantalon valtuustosaliin. Kokouksessa "
        "käsitellään muun muassa vuoden 2024 tilinpäätöstä ja uuden päiväkodin hankesuunnitelmaa.",
        "Kokous on avoin yleisölle, ja sitä voi seurata myös suorana lähetyksenä kunnan verkkosivuilla. Esityslista "
        "ja liitteet ovat nähtävillä kunnantalolla sekä verkossa viikkoa ennen kokousta.",
    ]
    rows = (
        "<a href='/'>Etusivu</a> | <a href='/a'>Ajankohtaista</a> | <a href='/p'>Palvelut</a> | "
        "<a href='/d'>Päätöksenteko</a> | <a href='/y'>Yhteystiedot</a>",
        "<a href='/'>Etusivu</a> &gt; <a href='/a'>Ajankohtaista</a> &gt; Kunnanvaltuuston kokous",
        "<b>Kunnanvaltuuston kokous 24.3.2025</b><br><br>" + "<br><br>".join(notice),
        "<a href='/s'>Saavutettavuusseloste</a> | <a href='/t'>Tietosuoja</a> | Esimerkkilän kunta, Kuntatie 1",
    )
    table = "<table width='800'>" + "".join(f"<tr><td>{r}</td></tr>" for r in rows) + "</table>"
    page = f"<html lang='fi'><head><title>Kunnanvaltuuston kokous 24.3.2025</title></head><body>{table}</body></html>"
    lines = text_of(page).splitlines()
    assert lines[-2:] == notice and not any("Etusivu" in line or "Tietosuoja" in line for line in lines)


@pytest.mark.parametrize("tag", ["h3", "h4"])
def test_paragraphs_set_in_heading_tags_are_the_article(tag: str) -> None:
    # An editor chose a heading style for the body's size: every paragraph is a "heading", none a <p>.
    body = "".join(f"<{tag}><span>{s}</span></{tag}>" for s in STORY)
    out = text_of(chrome("Cycling plan", f'<div class="entry-content"><h1>Cycling plan approved</h1>{body}</div>'))
    assert all(s in out for s in STORY)
    assert "popular story" not in out and "Harbour Street" not in out


def test_a_page_of_short_headlines_gives_no_paragraph_from_them() -> None:
    # Headings as short as headlines, or not ending a sentence, stay headings: there is no article here.
    heads = "".join(f"<h3>Council news number {i}: the cycling plan and the budget</h3>" for i in range(6))
    page = chrome("News", f'<div class="entry-content">{heads}</div>')
    article = extract(page, "https://news.example.org/2025/story")
    assert "Council news number" not in article.text


# ------------------------------------------------------------------ markup of older pages


def test_a_bare_embed_before_the_article_does_not_take_it_along() -> None:
    # libxml2 leaves <embed> open and nests the rest of its parent inside it; the embed goes as furniture.
    out = text_of(
        chrome(
            "Cycling plan", f'<div class="post-body"><embed src="/tune.mid" autostart="true">{paragraphs(*STORY)}</div>'
        )
    )
    assert all(s in out for s in STORY)
    assert "popular story" not in out


@pytest.mark.parametrize("anchor", ['<a name="top">', '<a name="more">'])
def test_a_named_anchor_left_open_around_the_text_is_no_link(anchor: str) -> None:
    out = text_of(chrome("Cycling plan", f'<div class="post-body">{anchor}{"<br><br>".join(STORY)}</div>'))
    assert all(s in out for s in STORY)


def test_links_a_script_follows_without_an_address_are_still_links() -> None:
    # A pager and a "most read" box of <a id=…> that a script makes work: links, not the article's words.
    pager = '<p><a id="prev">« Previous story</a> | <a id="p2">2</a> | <a id="next">Next story »</a></p>'
    latest = "".join(f'<p><a id="latest-{i}">A popular story number {i} about something else</a></p>' for i in range(8))
    out = text_of(chrome("Cycling plan", f'<div class="post-body">{paragraphs(*STORY)}{pager}{latest}</div>'))
    assert all(s in out for s in STORY)
    assert "Next story" not in out and "popular story number" not in out


def test_a_flash_objects_fallback_text_is_read_where_the_page_gives_nothing_else() -> None:
    # SWFObject's markup: an <object> for Internet Explorer around its twin for other browsers, then the fallback.
    twin = f'<object type="application/x-shockwave-flash" data="/intro.swf">{paragraphs(*STORY)}</object>'
    flash = f'<object classid="clsid:D27CDB6E"><param name="movie" value="/intro.swf">{twin}</object>'
    assert all(s in text_of(chrome("Cycling plan", f'<div class="main">{flash}</div>')) for s in STORY)
    # Beside an article, a plug-in's fallback is a notice about the reader's browser, not text.
    notice = '<object data="/talk.swf"><p>You need the Adobe Flash Player to hear this, get it free.</p></object>'
    out = text_of(chrome("Cycling plan", f'<div class="main">{notice}{paragraphs(*STORY)}</div>'))
    assert all(s in out for s in STORY) and "Flash Player" not in out


@pytest.mark.parametrize("wrapper", ["noframes", "noembed"])
def test_a_frameset_or_flash_sites_alternative_text_is_read_as_markup(wrapper: str) -> None:
    inner = f"<body bgcolor=white><h1>Cycling plan</h1>{paragraphs(*STORY)}<p>&copy; 2006 City News</p></body>"
    head = "<html><head><title>City News</title></head>"
    if wrapper == "noframes":
        frames = '<frameset cols="20%,80%"><frame src="menu.html"><frame src="news.html">'
        html = f"{head}{frames}<noframes>{inner}</noframes></frameset></html>"
    else:
        html = f'{head}<body><embed src="/site.swf" width="760"><noembed>{inner}</noembed></body></html>'
    out = text_of(html)
    assert all(s in out for s in STORY)
    assert "<p>" not in out and "<body" not in out and "&copy;" not in out


def test_a_pages_noframes_words_for_search_engines_are_not_its_article() -> None:
    seo = (
        "<h1>Example Ltd – building, renovation</h1><p>Example Ltd offers building services of every kind, kitchens,"
        " bathrooms and facades across the region since 1985. Ask us for a quote!</p>"
    )
    out = text_of(
        chrome("Library closed", f'<div class="content">{paragraphs(NOTICE)}</div><noframes>{seo}</noframes>')
    )
    assert NOTICE in out
    assert "Example Ltd" not in out and "<p>" not in out


def test_a_post_wrapped_whole_in_a_link_to_itself_is_the_article() -> None:
    link = '<a href="/2012/05/cycling-plan/" class="post-link"><h2>Cycling plan approved</h2>'
    post = f'<div class="postwrap">{link}{paragraphs(*STORY)}</a></div>'
    out = text_of(chrome("Cycling plan", post))
    assert all(s in out for s in STORY)
    assert "popular story" not in out


def test_linked_cards_beside_an_article_stay_out_of_it() -> None:
    cards = "".join(
        f'<a href="/s/{i}" class="card"><h3>Another story number {i}</h3>'
        f"<p>A summary of another story about the city and its plans, number {i}, told in two lines here.</p></a>"
        for i in range(4)
    )
    out = text_of(
        chrome("Cycling plan", f'<article class="post">{paragraphs(*STORY)}</article><div class="more">{cards}</div>')
    )
    assert all(s in out for s in STORY)
    assert "A summary of another story" not in out


def test_a_page_of_thousands_of_unclosed_empty_elements_costs_what_an_article_of_its_size_does() -> None:
    # Each bare <embed> or <wbr> nests the rest of the page inside it; closing them is one pass over the page.
    words = "".join(f"<embed src='/{i}.swf'>Word {i} of a long line <wbr>and more " for i in range(5000))
    out = costs_what_an_article_of_its_size_does(f"<html><body><div class='post'><p>{words}</p></div></body></html>")
    assert "Word 4999 of a long line" in out.text


def test_a_noscript_articles_sentence_about_a_flash_flood_is_no_browser_notice() -> None:
    flood = "A flash flood closed the riverside road on Sunday night, and the frames of two bridges were inspected."
    html = chrome("Flood", f'<div id="app"></div><noscript>{paragraphs(flood, *STORY)}</noscript>')
    out = text_of(html)
    assert flood in out and STORY[0] in out
