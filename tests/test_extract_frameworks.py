"""Article pages built with today's front-end stacks: Tailwind and Bootstrap utility classes, hashed class names,
custom elements, meta rows run together from spans, consent dialogs in the languages of neighbours and visitors,
and the boxes news sites close an article with (support, tips, feedback, sign-up).

Each page is written for its test: a site's header and footer around the part the test is about.
"""

from __future__ import annotations

import pytest

from newsflow.extract import extract
from newsflow.models import Article
from timing import costs_what_an_article_of_its_size_does

BODY = [
    "The council agreed on Tuesday to close the old bridge for repairs, after engineers found that two of its steel "
    "bearings had rusted through.",
    "Drivers will be sent on a diversion through the industrial estate, which the council says will add about ten "
    "minutes to most journeys.",
    "Shop owners on the high street said they were worried that fewer people would stop in the town centre while "
    "the work was going on.",
    "The repairs are expected to cost around four million pounds and should be finished before the start of the "
    "next school year.",
    "A public meeting about the plans will be held in the library on Thursday evening, and residents are invited to "
    "bring their questions.",
]
TITLE = "<h1>Bridge to close for a year of repairs</h1>"


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def page(body: str, head: str = "", lang: str = "en") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><title>Bridge to close | Example</title>{head}</head><body>'
        '<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>'
        f"{body}<footer><p>© 2025 Example Media, 12 Harbour Street, Example City</p></footer></body></html>"
    )


def extracted(html: str) -> Article:
    return extract(html, "https://news.example.org/2025/bridge")


def lines(html: str) -> list[str]:
    return extracted(html).text.split("\n")


def amid(block: str, lang: str = "en") -> list[str]:
    """The text's lines when a block stands between the article's second and third paragraphs."""
    return lines(page(f"<article>{TITLE}{paragraphs(*BODY[:2])}{block}{paragraphs(*BODY[2:])}</article>", lang=lang))


# ------------------------------------------------------------------ utility classes name no part of the page


def test_a_tailwind_hero_centred_by_a_utility_class_does_not_outweigh_the_article_body() -> None:
    # "text-center" is a style, not a "text" container: the hero box with the title and a short lead won over
    # a body of up to nine paragraphs in an unnamed <div>, and the article came out as its lead.
    hero = (
        f'<div class="mx-auto max-w-2xl text-center text-gray-900">{TITLE}'
        "<p>Field teams can now capture inspections, photos and signatures without a connection.</p>"
        '<p class="text-sm text-slate-500">Jul 9, 2024</p></div>'
    )
    html = page(f'<main>{hero}<div class="grid gap-12"><div class="min-w-0">{paragraphs(*BODY)}</div></div></main>')
    text = extracted(html).text
    assert all(p in text for p in BODY)


def test_a_class_word_after_a_style_prefix_still_names_the_container() -> None:
    # "text-body" is no utility value: the container is the article's, and its side box stays out.
    side = '<div class="text-sm related-links"><p>' + "Another story about the council's budget for next year. " * 3
    html = page(f'<div class="text-body">{TITLE}{paragraphs(*BODY)}</div>{side}</p></div>')
    text = extracted(html).text
    assert all(p in text for p in BODY)
    assert "budget" not in text


# ------------------------------------------------------------------ a meta row above the text


@pytest.mark.parametrize(
    ("row", "lang", "author"),
    [
        (  # the row's parts in spans, read run together: "Mikko Väisänen·10.12.2024·5 min lukuaika"
            '<div class="mt-3 flex gap-3 text-sm"><span>Mikko Väisänen</span><span>·</span>'
            '<time datetime="2024-12-10">10.12.2024</time><span>·</span><span>5 min lukuaika</span></div>',
            "fi",
            "",  # no byline's word: a name or a place, unknown which
        ),
        (  # a byline with a reading time gives the writer too
            '<div class="css-1w7nawb"><span>Von Sabine Krüger</span>'
            '<time datetime="2024-12-10T21:45:00+01:00">10.12.2024, 21:45 Uhr</time><span>3 Min. Lesezeit</span></div>',
            "de",
            "Sabine Krüger",
        ),
    ],
)
def test_a_meta_row_of_a_name_the_date_and_a_reading_time_is_no_text(row: str, lang: str, author: str) -> None:
    article = extracted(page(f"<article>{TITLE}{row}<div>{paragraphs(*BODY)}</div></article>", lang=lang))
    assert article.text.split("\n") == BODY
    assert article.published[:10] == "2024-12-10"
    assert article.author == author


def test_a_french_byline_gives_the_writer_before_its_publication_words() -> None:
    row = (
        "<article-signature><span>Par Julien Castellan</span><span>Publié le 18/06/2024 à 06h30</span>"
        "<span>Mis à jour le 18/06/2024 à 09h12</span></article-signature>"
    )
    article = extracted(
        page(f"<article>{TITLE}{row}<article-body>{paragraphs(*BODY)}</article-body></article>", "", "fr")
    )
    assert article.author == "Julien Castellan"


@pytest.mark.parametrize(
    "first",
    [
        "The council met on 10 December 2024 to approve the plan",  # a sentence
        "HJK–KuPS 2–1 (10.12.2024)",  # a result: no reading time or byline's word makes it a meta row
    ],
)
def test_a_first_line_that_gives_the_pages_date_stays_in_the_text(first: str) -> None:
    html = page(
        f'<article>{TITLE}<time datetime="2024-12-10">10.12.2024</time><p>{first}</p>{paragraphs(*BODY)}</article>'
    )
    assert first in lines(html)


@pytest.mark.parametrize(
    ("stated", "author"),
    [
        ('<meta name="byl" content="By Daniel Okoye">', "Daniel Okoye"),  # the byline as printed
        ('<meta name="author" content="Von Der Leyen Ursula">', "Von Der Leyen Ursula"),  # a name, no "By"
    ],
)
def test_a_stated_author_loses_a_by_but_not_a_name(stated: str, author: str) -> None:
    assert extracted(page(f"<article>{TITLE}{paragraphs(*BODY)}</article>", stated)).author == author


def test_the_role_beside_a_byline_is_not_the_writer() -> None:
    # CSS modules name the role's span "Byline_role__…": the name is the one in "By Alys Pengelly".
    byline = (
        '<div data-component="byline-block"><span>By Alys Pengelly</span>'
        '<span class="Byline_role__Xp7Mn">Westshire Broadcasting News</span></div>'
    )
    assert extracted(page(f"<article>{TITLE}{byline}{paragraphs(*BODY)}</article>")).author != (
        "Westshire Broadcasting News"
    )


# ------------------------------------------------------------------ consent dialogs, labels, custom elements


def test_consent_dialogs_in_french_and_german_before_the_article_are_no_text() -> None:
    fr = (
        '<div class="fixed inset-0 z-50"><div class="rounded-xl bg-white p-6">'
        '<h2 class="text-lg font-bold">Vos choix concernant les cookies</h2><p>Nous utilisons des cookies pour '
        "mesurer l'audience de notre site et améliorer votre expérience.</p><button>Tout accepter</button></div></div>"
    )
    de = (
        '<div class="cmp"><p>Wir und unsere Partner verarbeiten personenbezogene Daten wie Ihre IP-Adresse mithilfe '
        "von Technologien wie Cookies, um Inhalte und Anzeigen zu personalisieren.</p>"
        "<button>Akzeptieren</button></div>"
    )
    for dialog, lang in ((fr, "fr"), (de, "de")):
        text = extracted(page(f"{dialog}<main><article>{TITLE}{paragraphs(*BODY)}</article></main>", lang=lang)).text
        assert text.split("\n") == BODY


def test_a_sentence_about_cookies_in_the_article_stays() -> None:
    about = "Les sites doivent demander avant d'utiliser des cookies, rappelle la CNIL dans son rapport annuel."
    html = page(f"<article>{TITLE}<p>{about}</p>{paragraphs(*BODY)}</article>", lang="fr")
    assert about in lines(html)


def test_an_advertisement_slots_labels_and_a_related_boxs_label_are_no_text() -> None:
    ad = (
        '<div class="mainos-paikka"><span class="mainos-label">Mainos</span><div class="ad-slot"></div>'
        '<span class="mainos-end">Mainos päättyy</span></div>'
    )
    related = '<div class="encart"><p class="encart-titre">À lire aussi</p><ul><li><a href="/x">Canicule</a></li></ul>'
    html = page(
        f"<article>{TITLE}<div>{paragraphs(*BODY[:2])}</div>{ad}<div>{paragraphs(*BODY[2:3])}</div>"
        f"{related}</div><div>{paragraphs(*BODY[3:])}</div></article>"
    )
    assert lines(html) == BODY


def test_a_custom_elements_name_says_it_is_a_related_card_or_a_comments_teaser() -> None:
    body = "".join(f"<x-paragraph><p>{t}</p></x-paragraph>" for t in BODY[:3])
    card = (
        '<x-related-card href="/metro"><span slot="kicker">Relacionado</span>'
        '<span slot="title">La línea 10 del metro amplía su horario nocturno</span></x-related-card>'
    )
    teaser = (
        "<app-comments-teaser><p>Join the conversation: 48 readers have commented on this story.</p>"
        "</app-comments-teaser>"
    )
    rest = "".join(f"<x-paragraph><p>{t}</p></x-paragraph>" for t in BODY[3:])
    html = page(f"<x-article>{TITLE}<x-article-body>{body}{card}{rest}</x-article-body>{teaser}</x-article>")
    assert lines(html) == BODY


# ------------------------------------------------------------------ the boxes that close an article


@pytest.mark.parametrize(
    ("closing", "lang"),
    [
        (  # calls to republish and support, a tip line, a print edition's line
            '<div class="republish"><h3>Republish this story</h3><p>Plains Ledger is a nonprofit newsroom. You may '
            "republish our articles for free under a Creative Commons license.</p></div>"
            "<div><p>Our journalism is free to read because readers like you support it. Become a member today.</p>"
            "</div><p>Har du ett tips? Mejla oss på tips@example.se eller ring 021-12 34 56.</p>"
            "<p>A version of this article appears in print on June 2, 2024, Section B, Page 1 of the New York "
            "edition.</p>",
            "en",
        ),
        (  # a municipal page's owner and its feedback widget
            "<p>Sidansvarig: Teknisk förvaltning</p><div><p>Hittade du den information du sökte?</p>"
            "<button>Ja</button><button>Nej</button></div>",
            "sv",
        ),
    ],
)
def test_the_boxes_and_lines_closing_an_article_are_no_text(closing: str, lang: str) -> None:
    assert lines(page(f"<article>{TITLE}{paragraphs(*BODY)}{closing}</article>", lang=lang)) == BODY


def test_a_newsletter_boxs_short_question_goes_with_its_call() -> None:
    box = (
        '<div class="mt-10 rounded-lg"><p class="font-semibold">Tykkäsitkö?</p>'
        "<p>Tilaa uudet kirjoitukset sähköpostiisi. Lähetän viestin korkeintaan kerran kuussa.</p></div>"
    )
    assert lines(page(f"<article>{TITLE}{paragraphs(*BODY)}{box}</article>", lang="fi")) == BODY


def test_a_last_paragraph_that_mentions_a_donation_and_a_podcast_stays() -> None:
    last = (
        "Proceeds from the T-shirts will be donated to the Red Cross, and we will talk about the launch in a future "
        "video podcast!"
    )
    assert lines(page(f"<article>{TITLE}{paragraphs(*BODY, last)}</article>"))[-1] == last


def test_a_short_question_closing_an_article_without_a_call_stays() -> None:
    assert lines(page(f"<article>{TITLE}{paragraphs(*BODY, 'Sound familiar?')}</article>"))[-1] == "Sound familiar?"


# ------------------------------------------------------------------ times, videos and credits


def test_a_live_blogs_entry_times_stay_with_their_entries() -> None:
    # A time alone is no furniture: it says when each entry was posted (a video's length is dropped only on its
    # title's line, below).
    entries = "".join(
        f'<div class="LiveEntry_entry__Pq4Ms"><div class="LiveEntry_meta__Bq2Lz">'
        f'<time datetime="2024-01-23T1{i}:00:00Z">1{i}:00</time></div><div><p>{t}</p></div></div>'
        for i, t in enumerate(BODY)
    )
    assert "13:00" in lines(page(f"<main><h1>Storm live</h1><div class='feed'>{entries}</div></main>"))


def test_a_videos_title_with_its_length_is_no_text_but_a_video_line_without_one_stays() -> None:
    video = '<div class="player"><p>Katso: Näin hirvi ylittää tien hämärässä 1:12</p></div>'
    assert amid(video) == BODY
    named = "Video: Anthony Bourdain at the Girl and the Goat"
    assert named in amid(f"<p>{named}</p>")


def test_a_picture_credit_closes_a_caption_but_a_sentence_ending_in_picture_stays() -> None:
    caption = "The Regal in 1958. Picture: Hebbleton Archive"
    sentence = "Next up is a director whose ego inspired a motion picture:"
    html = page(f"<article>{TITLE}{paragraphs(*BODY[:2], caption, sentence, *BODY[2:])}</article>")
    assert caption not in lines(html)
    assert sentence in lines(html)


# ------------------------------------------------------------------ what the rules above must leave alone


def test_a_news_paragraph_that_mentions_signing_up_a_privacy_policy_or_one_channel_twice_stays() -> None:
    for last, lang in (
        (
            "Police advise anyone who is asked to sign up for a prize draw by email to read the sender's privacy "
            "policy before giving any details.",
            "en",
        ),
        (
            "Residents can follow the works in the council's Facebook group, where new photos are posted on Facebook "
            "every Friday.",
            "en",
        ),
        (
            "La région s'est engagée à soutenir les commerces du centre-ville et à soutenir les associations qui "
            "animent le marché.",
            "fr",
        ),
    ):
        assert lines(page(f"<article>{TITLE}{paragraphs(*BODY, last)}</article>", lang=lang))[-1] == last


def test_a_story_about_a_websites_cookies_keeps_its_paragraphs() -> None:
    for first, last, lang in (
        (
            "Die Prüfer stellten fest, dass diese Website Cookies von Drittanbietern setzte, ohne zu fragen.",
            "Wir nutzen künftig keine Cookies mehr, sagte der Geschäftsführer des Versandhändlers.",
            "de",
        ),
        (
            "La CNIL a infligé une amende à Exemple.fr : ce site de vente en ligne déposait des cookies.",
            "Le site dit désormais demander l'accord des visiteurs : notre site utilise moins de traceurs.",
            "fr",
        ),
    ):
        html = page(f"<article>{TITLE}<p>{first}</p>{paragraphs(*BODY)}<p>{last}</p></article>", lang=lang)
        assert lines(html)[0] == first and lines(html)[-1] == last


def test_an_article_header_named_as_the_posts_does_not_outweigh_an_unnamed_body() -> None:
    # "post-hero", "blog-header": the title and a one-line lead, never the body, whatever content word they hold.
    for hero in ("post-hero", "blog-header text-center", "article-hero"):
        html = page(
            f'<main><div class="{hero}">{TITLE}<p class="lead">The plan now goes to the full council in January.</p>'
            f'</div><div class="row"><div class="col-md-8 text-justify">{paragraphs(*BODY[:4])}</div></div></main>'
        )
        assert all(p in extracted(html).text for p in BODY[:4])


def test_a_custom_element_within_a_sentence_is_part_of_the_sentence() -> None:
    sentence = "The plan was presented by councillor Anna Virtanen, who chairs the committee, on Monday."
    marked = sentence.replace("councillor Anna Virtanen", "<author-link>councillor Anna Virtanen</author-link>")
    assert sentence in lines(page(f"<article>{TITLE}<p>{marked}</p>{paragraphs(*BODY)}</article>"))


def test_the_texts_own_closing_question_stays_before_a_newsletter_box() -> None:
    box = "<div><p>Subscribe to our newsletter and follow us on Facebook for the latest news.</p></div>"
    html = page(f"<article>{TITLE}{paragraphs(*BODY, 'Will it be enough?')}{box}</article>")
    assert lines(html)[-1] == "Will it be enough?"


def test_a_heading_that_names_a_picture_stays() -> None:
    heading = "The big picture: What it means for the city"
    assert heading in amid(f"<h2>{heading}</h2>")


def test_a_byline_box_with_a_modifier_keeps_its_writer() -> None:
    byline = '<p class="byline byline--bio">By Jane Doe</p>'
    assert extracted(page(f"<article>{TITLE}{byline}{paragraphs(*BODY)}</article>")).author == "Jane Doe"


def test_a_line_that_announces_a_stream_at_a_time_of_day_stays() -> None:
    line = "Katso: Valtuuston kokous suorana kaupungin verkkosivuilla maanantaina kello 17:00"
    assert line in lines(page(f"<article>{TITLE}{paragraphs(*BODY[:2], line, *BODY[2:])}</article>", lang="fi"))


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ('<div class="story__author">Words: Cerys Morgan</div>', "Cerys Morgan"),  # a magazine's label
        ('<p class="byline">By Jane Doe and John Smith</p>', "Jane Doe and John Smith"),  # two writers
        ('<p class="byline">Von Anna Schmidt und Peter Müller</p>', "Anna Schmidt und Peter Müller"),
        ('<p class="byline">By Jessica Sapick, Product Marketing Manager</p>', "Jessica Sapick"),  # a name, a role
        ('<p class="byline">By Jane Doe in New York</p>', ""),  # a place after the name, no second writer
    ],
)
def test_a_bylines_label_and_its_second_writer(byline: str, author: str) -> None:
    assert extracted(page(f"<article>{TITLE}{byline}{paragraphs(*BODY)}</article>")).author == author


# ------------------------------------------------------------------ a paywall's class on the text itself


@pytest.mark.parametrize(
    "marked",
    [
        "".join(f'<p class="paywall">{t}</p>' for t in BODY),  # each paragraph marked, as Bloomberg marks them
        f'<div class="subscriber-only">{paragraphs(*BODY)}</div>',  # the part a non-subscriber does not see
    ],
)
def test_article_text_a_paywalls_class_marks_is_text(marked: str) -> None:
    offer = (
        '<div class="paywall-offer"><p>Subscribe to keep reading: unlimited access for 1 € a month.</p>'
        '<p>Already a subscriber? <a href="/login">Log in</a></p></div>'
    )
    assert lines(page(f"<article>{TITLE}<div class='article-body'>{marked}</div>{offer}</article>")) == BODY


def test_boxes_named_bio_or_donation_keep_their_text() -> None:
    # "bio" is a cinema in Swedish and a biology section; "donation" a story's subject: no furniture word.
    cinema = (
        '<div class="kultur bio"><h2>Bio i Kulturhuset</h2><p>Kulturhusets bio visar i höst tolv nordiska filmer, '
        "den första redan på fredag.</p></div>"
    )
    gift = (
        '<div class="donation"><p>The hospital foundation received a donation of two million euros from a local '
        "family firm on Monday.</p></div>"
    )
    text = extracted(
        page(f"<article>{TITLE}{paragraphs(*BODY[:3])}{cinema}{gift}{paragraphs(*BODY[3:])}</article>")
    ).text
    assert "Kulturhusets bio visar" in text and "a donation of two million euros" in text


def test_offers_to_subscribe_stay_out_whatever_words_they_use() -> None:
    offers = (
        '<div class="paywall"><h3>Jatka lukemista</h3><p>Tämä artikkeli on vain Plus-asiakkaille. Saat kaikki jutut '
        "ja näköislehden käyttöösi ensimmäisen kuukauden ajan yhdellä eurolla.</p><p>Voit peruuttaa milloin tahansa. "
        'Digipaketti sisältää kaikki verkkojutut, näköislehden ja koko arkiston.</p><a href="/osta">Osta nyt</a></div>'
        '<div class="subscribe-box"><h3>The Morning Brief</h3><p>Get the five stories that matter delivered every '
        "weekday morning, written by our editors.</p><p>Join forty thousand readers who start their day with the "
        "Morning Brief, free of charge.</p><form><input name='e'><button>Go</button></form></div>"
    )
    assert lines(page(f"<article>{TITLE}{paragraphs(*BODY)}{offers}</article>")) == BODY


# ------------------------------------------------------------------ the dateline above the text


@pytest.mark.parametrize(
    ("line", "stated"),
    [
        # The metadata's time is UTC: 20:31 on the 11th is 6:31am on the 12th in Sydney, and the line says so.
        ("Posted Tue 12 Sep 2023 at 6:31am, updated Tue 12 Sep 2023 at 9:02am", "2023-09-11T20:31:00Z"),
        ("Published 7:05 AM EDT, Thu September 14, 2023", "2023-09-14T11:05:00Z"),  # a weekday and a zone beside it
    ],
)
def test_a_dateline_above_the_text_with_weekdays_zones_or_a_local_day_is_no_text(line: str, stated: str) -> None:
    head = f'<meta property="article:published_time" content="{stated}">'
    article = extracted(page(f"<article>{TITLE}<p>{line}</p>{paragraphs(*BODY)}</article>", head))
    assert article.text.split("\n") == BODY
    assert article.published[:10] == stated[:10]


@pytest.mark.parametrize(
    "line",
    [
        "Tuesday 11 July 2023, Helsinki",  # an event's day, the day after the page was published
        "Maanantai 10.7.2023 klo 18 kaupungintalo",  # an event on the day of publication: no publication word
    ],
)
def test_an_event_line_above_the_text_without_a_publication_word_stays(line: str) -> None:
    head = '<meta property="article:published_time" content="2023-07-10T09:00:00Z">'
    assert line in lines(page(f"<article>{TITLE}<p>{line}</p>{paragraphs(*BODY)}</article>", head))


def test_a_reading_time_label_and_an_audio_players_label_are_no_text() -> None:
    labels = "<p>Read Time: 2 mins</p><p>Listen to this article · 5 min</p>"
    assert lines(page(f"<article>{TITLE}{labels}{paragraphs(*BODY)}</article>")) == BODY
    heading = "Listen to the story of Anna"
    assert heading in amid(f"<h2>{heading}</h2>")


# ------------------------------------------------------------------ a text block beside a picture


def test_stories_in_blocks_named_as_captions_are_text_when_they_hold_a_heading() -> None:
    # An e-mail newsletter's "image + caption" blocks (Mailchimp's mcnCaptionRightTextContentContainer, left and right
    # in turn): each story's block was a caption, and the page came out empty. A caption holds no heading.
    def story(side: str, heading: str, text: str) -> str:
        return (
            f'<table class="mcnCaptionBlock"><tr><td class="mcnCaption{side}ContentInner">'
            f'<table class="mcnCaption{side}ImageContentContainer"><tr><td><img src="a.jpg" alt=""></td></tr></table>'
            f'<table class="mcnCaption{side}TextContentContainer"><tr><td class="mcnTextContent">'
            f"<h3>{heading}</h3><p>{text}</p></td></tr></table></td></tr></table>"
        )

    headings = [f"Story {n}" for n in ("one", "two", "three", "four", "five", "six")][: len(BODY)]
    body = "".join(
        story("Right" if i % 2 else "Left", h, t) for i, (h, t) in enumerate(zip(headings, BODY, strict=True))
    )
    text = extracted(page(body)).text
    assert all(p in text for p in BODY) and all(h in text for h in headings)
    # A picture's own caption beside the article is still no text.
    caption = '<div class="image-caption">The old bridge seen from the harbour, photographed in May.</div>'
    assert "old bridge seen" not in "\n".join(amid(caption))


# ------------------------------------------------------------------ a list closing the text, an accordion's questions


@pytest.mark.parametrize("intro", ["<h2>Programme</h2>", "<p>The programme:</p>"])
def test_a_list_of_short_items_closing_the_text_is_kept(intro: str) -> None:
    # An event's programme at the end: its short items were trimmed one by one as end labels (kickers, site names).
    items = ["09:00 Registration and coffee", "10:00 Opening words", "12:30 Lunch", "13:30 Workshops"]
    listed = "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
    text = extracted(page(f"<article>{TITLE}{paragraphs(*BODY[:2])}{intro}{listed}</article>")).text
    assert all(i in text for i in items) and "rogramme" in text
    # Two short lines are no list: a closing kicker and a site name still go.
    tail = "<ul><li>Local news</li><li>Example Media</li></ul>"
    assert lines(page(f"<article>{TITLE}{paragraphs(*BODY[:2])}{tail}</article>")) == BODY[:2]


def test_a_table_of_facts_closing_the_text_is_kept() -> None:
    rows = [("Price", "€4,290"), ("Motor", "Mid-drive, 85 Nm"), ("Battery", "625 Wh"), ("Weight", "48 kg")]
    table = (
        "<h2>Specifications</h2><table>" + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows) + "</table>"
    )
    text = extracted(page(f"<article>{TITLE}{paragraphs(*BODY)}{table}</article>")).text
    assert all(v in text for _, v in rows)


@pytest.mark.parametrize(
    "question",
    [
        '<a href="#answer{i}" data-toggle="collapse">{q}</a>',  # Bootstrap's accordion
        '<a href="#answer{i}" aria-controls="answer{i}" aria-expanded="false">{q}</a>',
        '<a class="accordion-title" href="">{q}</a>',  # Elementor's
        '<a href="#answer{i}" class="collapsed" aria-expanded="false">{q}</a>',  # a plugin's own toggle
    ],
)
def test_an_accordions_questions_in_links_that_open_their_answers_are_text(question: str) -> None:
    # Links that open a part of the page go nowhere: the questions are text, and the answers keep them.
    questions = ["Who can take part?", "Where is the meeting held?", "What does it cost?", "How do I sign up?"]
    faq = "".join(
        f'<div class="card"><h3>{question.format(i=i, q=q)}</h3><div id="answer{i}" class="collapse">'
        f'<div class="card-body"><p>{a}</p></div></div></div>'
        for i, (q, a) in enumerate(zip(questions, BODY, strict=False))
    )
    text = extracted(page(f"<article>{TITLE}<p>Answers to the questions we are asked most.</p>{faq}</article>")).text
    assert all(q in text for q in questions) and all(a in text for a in BODY[: len(questions)])
    # A table of contents of in-page links is still links, not text; so is a menu's "#" that opens a submenu.
    toc = '<ul class="toc">' + "".join(f'<li><a href="#s{i}">{q}</a></li>' for i, q in enumerate(questions)) + "</ul>"
    text = extracted(page(f"<article>{TITLE}{toc}{paragraphs(*BODY)}</article>")).text
    assert not any(q in text for q in questions)


# ------------------------------------------------------------------ what the rules above must leave as it was


@pytest.mark.parametrize(
    "closing",
    [
        "<ul><li>Roads</li><li>Transport</li><li>Council</li><li>Harbour</li></ul>",  # tags without links
        "<h3>Topics</h3><ul><li>Roads</li><li>Transport</li><li>Council</li></ul>",
        "<h3>Liitteet</h3><ul><li>Kaavakartta</li><li>Selostus</li><li>Muistutuslomake</li></ul>",
        '<ul class="nav-tabs"><li><a href="#t1" data-bs-toggle="tab">Overview</a></li>'
        '<li><a href="#t2" data-bs-toggle="tab">Details</a></li>'
        '<li><a href="#t3" data-bs-toggle="tab">Map</a></li></ul>',
    ],
)
def test_a_closing_list_of_tags_topics_attachments_or_tabs_is_still_no_text(closing: str) -> None:
    assert lines(page(f"<article>{TITLE}{paragraphs(*BODY[:2])}{closing}</article>")) == BODY[:2]


def test_a_slides_or_heros_caption_with_a_heading_is_still_furniture() -> None:
    slides = "".join(
        f'<div class="slide-caption"><h3>{h}</h3><p>{t}</p></div>'
        for h, t in (("Other news", "A new swimming hall opens in spring."), ("Summer jobs", "Apply for jobs now."))
    )
    assert lines(page(f"<article>{TITLE}{paragraphs(*BODY[:2])}{slides}</article>")) == BODY[:2]


def test_a_closing_sentence_about_e_mail_stays_beside_a_subscription_box() -> None:
    # Only a line that says the reader received or subscribed to a mailing is its footer.
    line = "Applications should be sent by e-mail to the project office by 15 March."
    box = (
        '<div><p><a href="/subscribe">Subscribe to our newsletter</a></p>'
        '<p><a href="/unsubscribe">Unsubscribe</a></p></div>'
    )
    assert lines(page(f"<article>{TITLE}{paragraphs(*BODY[:2])}<p>{line}</p>{box}</article>"))[-1] == line


def test_a_list_of_thousands_of_short_items_closing_the_text_costs_what_an_article_of_its_size_does() -> None:
    # Each end label popped asks whether the text ends with a list: answered from counts made once, not by a walk
    # over the list and a sum over the text per item (quadratic: these 8,000 items cost 16 times an article).
    names = [f"{a}{b}{c}{d}" for a in "abcdefghij" for b in "abcdefghij" for c in "abcdefghij" for d in "abcdefgh"]
    items = "".join(f"<li>Osallistuja {n}</li>" for n in names)
    hostile = f"<html><body><article><h1>Osallistujat</h1><p>Lista.</p><ul>{items}</ul></article></body></html>"
    costs_what_an_article_of_its_size_does(hostile)
