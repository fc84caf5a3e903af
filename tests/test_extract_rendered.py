"""Pages whose article is not where a reader's browser would show it in the HTML as served: in the data a script
renders the page from, in the JSON-LD beside a teaser, in a frame the page writes itself, or in an attached PDF.

Each page here is written for its test.
"""

from __future__ import annotations

import html
import json
from dataclasses import replace

import pytest

from newsflow.extract import extract, with_pdf_text
from newsflow.models import Article, Attachment, Paragraph
from timing import costs_what_an_article_of_its_size_does

TITLE = "Uuden kirjaston rakentaminen alkaa keväällä"
P = [
    "Kaupunginhallitus päätti maanantaina, että uuden kirjaston rakentaminen alkaa ensi keväänä keskustan tontilla.",
    "Hankkeen kustannusarvio on noin 18 miljoonaa euroa, ja siihen haetaan rahoitusta aluekehitysrahastosta.",
    "Kirjastotoimenjohtajan mukaan uudet tilat palvelevat erityisesti lapsiperheitä, opiskelijoita ja yhdistyksiä.",
    "Rakennustöiden aikana kirjaston palvelut siirtyvät väliaikaisesti kauppakeskuksen toiseen kerrokseen.",
]
URL = "https://kaupunki.example.fi/uutiset/kirjasto"


def page(body: str, head: str = "") -> str:
    return (
        f"<!doctype html><html lang='fi'><head><title>{TITLE} | Kaupunki</title>{head}</head><body>{body}</body></html>"
    )


def paragraphs(markup: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in markup)


def text(html_page: str) -> list[str]:
    return [p.text for p in extract(html_page, URL).paragraphs]


RELATED = [
    {"title": f"Muu uutinen {i}", "lead": f"Toisen uutisen ingressi {i} kertoo lyhyesti kaupungin muista asioista."}
    for i in range(2)
]
NEXT_DATA = {
    "props": {
        "pageProps": {
            "menu": [{"label": "Etusivu", "href": "/"}, {"label": "Palvelut", "href": "/palvelut"}],
            "article": {"title": TITLE, "lead": P[0], "body": paragraphs(P[1:])},
            "related": RELATED,
            "seo": {"description": P[0]},
        }
    },
    "page": "/uutiset/[slug]",
}
NUXT = (
    f"window.__NUXT__=(function(a,b){{return {{data:[{{title:{json.dumps(TITLE)},"
    f"html:{json.dumps(paragraphs(P))}}}],state:{{}}}}}}(null,false));"
)
FLIGHT = [
    1,
    '5:["$","article",null,{"children":['
    + ",".join('["$","p",null,{"children":' + json.dumps(p) + "}]" for p in P)
    + "]}]\n",
]


@pytest.mark.parametrize(
    "shell",
    [
        f"<div id='__next'><div class='spinner'>Ladataan…</div></div><script id='__NEXT_DATA__' "
        f"type='application/json'>{json.dumps(NEXT_DATA)}</script>",
        f"<div id='__nuxt'></div><script>{NUXT}</script>",
        f"<div></div><script>self.__next_f.push({json.dumps(FLIGHT)})</script>",
        "<div id='app'></div><script>window.__INITIAL_STATE__="
        + json.dumps({"story": {"blocks": [{"type": "paragraph", "text": p} for p in P]}})
        + "</script>",
        "<script type='application/json' data-sveltekit-fetched data-url='/api/uutiset/1'>"
        + json.dumps({"status": 200, "body": json.dumps({"article": {"title": TITLE, "content": paragraphs(P)}})})
        + "</script>",
        "<script>window.__remixContext = "
        + json.dumps({"state": {"loaderData": {"routes/uutiset.$slug": {"article": {"html": paragraphs(P)}}}}})
        + ";</script>",
        "<div id='root'></div><script>window.__APP_DATA__ = JSON.parse("
        + json.dumps(json.dumps({"news": {"title": TITLE, "body": paragraphs(P)}}))
        + ");</script>",
    ],
    ids=["next-pages", "nuxt", "next-app-router", "initial-state", "sveltekit", "remix", "json-parse"],
)
def test_a_page_a_script_renders_gives_the_article_from_the_data_it_renders_from(shell: str) -> None:
    got = extract(page(shell), URL)
    assert [p.text for p in got.paragraphs] == P  # the lead once, not the menu's labels or the related stories
    assert got.title == TITLE and got.extraction["fallback"]


def test_a_server_rendered_page_keeps_its_own_text_beside_its_data() -> None:
    data = {"props": {"pageProps": {"article": {"body": paragraphs(["Eri teksti datassa, jota sivu ei näytä. " * 4])}}}}
    shown = f"<main><h1>{TITLE}</h1>{paragraphs(P)}</main>"
    assert text(page(shown + f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(data)}</script>")) == P


def test_a_scripts_cookie_texts_and_addresses_are_no_article() -> None:
    state = {
        "consent": {
            "text": "Käytämme evästeitä parantaaksemme sivuston käyttökokemusta ja analysoidaksemme liikennettä."
        }
    }
    state["config"] = {"api": "https://api.example.fi/v1/content?lang=fi&page=1&fields=title,body,lead,image"}
    assert text(page(f"<div id='app'></div><script>window.__PRELOADED_STATE__={json.dumps(state)}</script>")) == []


def test_a_teaser_of_the_body_the_json_ld_states_gives_way_to_the_stated_body() -> None:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": TITLE, "articleBody": "\n".join(P)}
    head = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    teaser = f"<main><article><h1>{TITLE}</h1><p>{P[0]}</p><div class='paywall'>Tilaa lukeaksesi</div></article></main>"
    assert text(page(teaser, head)) == P
    # A page that shows its whole text keeps it, a body stated shorter than the page's text too.
    whole = f"<main><article><h1>{TITLE}</h1>{paragraphs(P)}</article></main>"
    assert text(page(whole, head)) == P
    short = head.replace(json.dumps("\n".join(P)), json.dumps(P[0]))
    assert text(page(whole, short)) == P
    # Lines the stated body does not hold are the page's own text, whatever the lengths.
    own = "Sivun oma kappale, jota JSON-LD ei mainitse lainkaan."
    other = f"<main><article><h1>{TITLE}</h1><p>{P[0]}</p><p>{own}</p></article></main>"
    assert text(page(other, head)) == [P[0], own]


def test_an_article_in_a_frame_the_page_writes_itself_is_read() -> None:
    inner = f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>{paragraphs(P)}</article>"
    menu = "".join(f"<li><a href='/p/{i}'>Palvelu {i}</a></li>" for i in range(40))
    framed = page(f'<nav><ul>{menu}</ul></nav><main><iframe srcdoc="{html.escape(inner)}"></iframe></main>')
    assert text(framed) == P
    # A frame in a frame is not followed further: a page of nested frames costs no more than one.
    nested = page(f'<iframe srcdoc="{html.escape(framed)}"></iframe>')
    assert text(nested) == []


@pytest.mark.parametrize(
    "pointer",
    ["Katso liite.", "See attached.", "Pressmeddelandet finns i bifogad fil.", "Please find the release attached."],
)
def test_a_release_whose_page_only_points_to_its_attached_pdf_is_the_pdfs_text(pointer: str) -> None:
    got = extract(
        page(
            f"<main><article><h1>{TITLE}</h1><p>{pointer}</p>"
            "<p><a href='/files/tiedote-kirjasto.pdf'>Tiedote (PDF)</a></p></article></main>"
        ),
        URL,
    )
    assert [p.text for p in got.paragraphs] == [pointer]

    def read(article: Article) -> tuple[Attachment, ...]:
        return tuple(replace(a, text="\n".join(P)) for a in article.attachments)

    assert [p.text for p in with_pdf_text(got, TITLE, read).paragraphs] == P
    # A short text of its own that sends the reader to no attachment stays the release's text.
    for line in (P[0], "The council attached conditions to the permit.", "Kunta liitetään naapurikuntaan vuonna 2027."):
        own = replace(got, paragraphs=(Paragraph(text=line),), extraction={**got.extraction, "fallback": False})
        assert with_pdf_text(own, TITLE, read).paragraphs == own.paragraphs


PURPOSES = "".join(
    f"<p>Kumppani {i} käsittelee tietoja oikeutetun edun perusteella: tarkka sijaintitieto, laitteen ominaisuuksien "
    "skannaus tunnistamista varten, tietojen tallentaminen laitteelle ja mainonnan mittaaminen.</p>"
    for i in range(15)
)


@pytest.mark.parametrize("panel", ["id='onetrust-consent-sdk'", "class='cmp-consent-layer'", "id='gdpr-preferences'"])
def test_a_consent_platforms_panel_that_outweighs_the_article_beside_it_is_no_text(panel: str) -> None:
    article = f"<div class='page'><h1>{TITLE}</h1>{paragraphs(P)}</div>"
    assert text(page(f"{article}<div {panel}><h2>Yksityisyysasetukset</h2>{PURPOSES}</div>")) == P
    assert text(page(f"<div {panel}><h2>Yksityisyysasetukset</h2>{PURPOSES}</div>{article}")) == P
    # A wrapper of the whole page a consent banner pushes down holds the article: nothing stands beside it.
    pushed = panel.replace("consent", "consent-push").replace("preferences", "push")
    assert text(page(f"<div {pushed}>{article}</div>")) == P
    side = "<div class='aside-box'><p>" + "Kaupungin asiakaspalvelu vastaa kysymyksiin arkisin kello 9–15. " * 4
    assert text(page(f"<div {pushed}>{article}</div>{side}</p></div>")) == P


def test_a_pages_data_nested_past_pythons_stack_or_of_thousands_of_strings_costs_no_more_than_an_article() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    for script in (
        f"<script id='__NEXT_DATA__' type='application/json'>{deep}</script>",
        f"<script>window.__NUXT__={deep}",
    ):
        got = extract(page("<div id='__next'></div>" + script), URL)
        assert got.paragraphs == () and got.extraction["reason"] == "no main text found"
    many = [f"<p>Kappale {i}: {P[i % 4]}</p>" for i in range(8000)]
    data = json.dumps({"props": {"pageProps": {"blocks": many}}})
    got = costs_what_an_article_of_its_size_does(
        page(f"<div id='__next'></div><script id='__NEXT_DATA__' type='application/json'>{data}</script>"), url=URL
    )
    assert len(got.paragraphs) == 8000
    framed = page(f'<iframe srcdoc="{html.escape("".join(many))}"></iframe>')
    assert len(costs_what_an_article_of_its_size_does(framed, url=URL).paragraphs) == 8000


@pytest.mark.parametrize(
    "label",
    ["Esimerkkilän kaupunki – tulostettava versio", "Printer-friendly version", "Stadens webbplats | Utskriftsversion"],
)
def test_a_print_versions_label_is_no_text_but_a_sentence_about_a_print_version_stays(label: str) -> None:
    said = "Raportin tulostettava versio on saatavilla kirjastossa ja kaupungintalon neuvonnassa."
    printed = f"<div class='print-header'><img src='/logo.png' alt=''>{label}</div><h1>{TITLE}</h1>"
    assert text(page(printed + paragraphs([*P, said]))) == [*P, said]
