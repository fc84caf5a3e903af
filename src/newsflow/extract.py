"""HTML -> an article's main text and metadata.

``extract(html, url)`` is the public entry point and needs nothing else from newsflow.
The approach: drop what is never content (scripts, navigation, share/comment/cookie
widgets named by their tags, roles and class words, unless the element holds most of the
page's paragraph text), score the remaining containers by their paragraph text the way
readability does (text in a bare ``<div>`` cut by ``<br>`` counts too), take the lowest
ancestor that holds most of the net article text and its content-rich siblings, cut a
tail that lies beyond furniture, keep the lead and key facts between the title and the
body, drop captions, datelines, box headings and a closing press-contact box, and read
the metadata from meta tags, JSON-LD, ``<time>`` and finally the text itself. Charsets
live in ``charset.py``, dates in ``dates.py`` (shared with sources.py).
"""

from __future__ import annotations

import contextlib
import functools
import io
import itertools
import json
import re
import statistics
import threading
from collections.abc import Callable, Collection, Iterable, Iterator
from copy import deepcopy
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from html import escape, unescape
from typing import Any, Literal, NamedTuple, TypedDict, cast, overload
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from lxml import etree

from .charset import decode_html, visible_text
from .dates import (
    DMY_NAME_DATE,
    DMY_NUM_DATE,
    ISO_DATE,
    MDY_NAME_DATE,
    MONTH_NAMES,
    MONTHS,
    PUBLISH_WORD,
    SLASH_DATE,
    UPDATE_WORD,
    as_shown,
    dateline_dates,
    day_first,
    has_short_year_date,
    http_date,
    instant,
    not_after,
    not_before,
    parse_date,
    with_year,
)
from .fetch import FetchError, Response
from .models import MAX_PDF_ATTACHMENTS, Article, Attachment, Paragraph

__all__ = ["MONTHS", "decode_html", "extract", "extract_pdf", "is_pdf", "junk_reason", "parse_date"]

# Which extractor read an archived release's page (archive: articles.extractor): raised whenever what ``extract`` or
# ``extract_pdf`` gives for a page changes, so that `newsflow status` advises `newsflow reextract` for the releases an
# older one read. tests/test_extver_s42.py extracts a fixed set of pages and fails, saying to raise it, where their
# output no longer matches the digest recorded for this version (a library upgrade that changes the output too).
EXTRACTOR_VERSION = 1

MAX_HTML_CHARS = 5_000_000  # bigger pages are cut here: the article is near the top
MAX_DEPTH = 250  # lxml silently drops what is nested deeper than ~255 levels

# ---------------------------------------------------------------- cleaning

DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "iframe",
    "object",  # its fallback, for browsers without the plug-in, is read only where the page gives nothing else
    "embed",
    "button",
    "select",
    "input",
    "textarea",
    "nav",
    "footer",
    "aside",
    "dialog",
    "menu",
    "link",
    "meta",
    "video",
    "audio",
    "map",
    "noframes",  # what a browser without frames (or plug-ins) showed: read only where the page gives nothing else
    "noembed",
}
DROP_ROLES = {
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "menu",
    "menubar",
    "alertdialog",
}
# Words in class and id names. STRONG words mark an element as furniture even when they are
# only part of a word ("commentlist", "sharedaddy", "cookiebanner"); the others must be whole
# words ("nav" in "main-nav", not in "canvas"), and never in "widget", which Elementor and
# others use for every content block.
STRONG_JUNK = (
    "comment",
    "kommentar",
    "kommentti",
    "share",
    "sharing",
    "social",
    "cookie",
    "consent",
    "gdpr",
    "newsletter",
    "subscri",
    "signup",
    "breadcrumb",
    "related",
    "recommend",
    "advert",
    "sponsor",
    "pagination",
    "paginat",
    "popup",
    "modal",
    "outbrain",
    "taboola",
    "disqus",
    "jetpack",
    "addtoany",
    "lue-myos",
    "las-aven",
    "readmore",
    "read-more",
    "more-news",
    "tagcloud",
    "caption",
    "credit",
    "copyright",
    "bildunterschrift",
    "bildnachweis",
)
# The words are matched inside class words split at "-" and "_"; the compounds ("read-more") inside whole tokens.
STRONG_WORDS = tuple(w for w in STRONG_JUNK if "-" not in w)
_COMPOUND_OF = {w.replace("-", ""): w for w in STRONG_JUNK if "-" in w}
_COMPOUNDS = re.compile("|".join(map(re.escape, _COMPOUND_OF)))
# Words that hold a furniture stem but name content: an opinion piece ("commentary"), investor news ("shareholder").
NOT_JUNK_WORDS = {"commentary", "commentaries", "commentator", "commentators", "shareholder", "shareholders"}
WORD_JUNK = {
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menubar",
    "submenu",
    "sidebar",
    "sidebars",
    "footer",
    "pager",
    "masthead",
    "toolbar",
    "banner",
    "skip",
    "login",
    "signin",
    "promo",
    "promotion",
    "ad",
    "ads",
    "adv",
    "tags",
    "byline",
    "dateline",
    "widgets",
    "widgetarea",
    "breadcrumbs",
    "search",
    "searchform",
    "screenreader",
    "offcanvas",
    "overlay",
    "author",
    "reporter",  # a reporter's card with their photo and bio, like an author box
    "rating",
    "poll",
    "toc",
    # Finnish, Swedish and Slovenian names of the same parts (whole words: "noga" is in no longer word we
    # know, but "meny" and "kakor" could be): breadcrumbs, footer, menu, navigation, cookies, keywords, related.
    "murupolku",
    "alatunniste",
    "valikko",
    "evasteet",
    "avainsanat",
    "sidfot",
    "meny",
    "navigering",
    "brodsmulor",
    "kakor",
    "relaterat",
    "noga",
    "piskotki",
    "sorodne",
    "paywall",  # a news site's offer to subscribe where the article is cut ("paywall-container", "article__paywall")
    "boilerplate",  # a press room's closing "about the organisation" paragraph (Mynewsdesk)
}
# Class tokens that describe the content (WordPress post_class taxonomy), not the layout.
DESCRIPTIVE = re.compile(
    r"^(?:(?:entry|post|article|node|story|page)-)?"  # TypePad's "entry-author-jane", Drupal's "node-type-story"
    r"(category|categories|tag|tags|format|status|type|postid|author|term|taxonomy|topic|rubrik|ressort)-"
)
# What follows "author-", "tags-", "category-" in a box's name ("author-box", "tags-list"), not a term's slug.
BOX_WORDS = {
    "box",
    "bio",
    "info",
    "card",
    "details",
    "detail",
    "wrap",
    "wrapper",
    "avatar",
    "name",
    "meta",
    "links",
    "link",
    "list",
    "section",
    "area",
    "container",
    "widget",
    "block",
    "profile",
    "description",
    "social",
    "title",
    "cloud",
    "holder",
    "inner",
    "outer",
    "about",
    "image",
    "photo",
    "byline",
    "footer",
    "header",
}


def _descriptive(token: str) -> bool:
    """A term's slug ("tag-hope", "category-news"), not a box named after one ("author-box", "tags-list")."""
    m = DESCRIPTIVE.match(token)
    return m is not None and not all(w in BOX_WORDS for w in re.split(r"[^a-z0-9]+", token[m.end() :]) if w)


UTILITY_CLASS = re.compile(r"[()!:%$/\[\]#]")
# A style utility names a look, not a part of the page: Tailwind's and Bootstrap's "text-center", "text-gray-900",
# "text-lg", "text-md-start", "list-disc", "content-center", "bg-white", "font-semibold". A word of its own after the
# prefix ("text-body", "content-main", "list-articles") is a name, not a utility.
_STYLE_PREFIXES = {"text", "list", "content", "bg", "font", "leading", "tracking", "decoration", "align"}
_STYLE_VALUE = re.compile(
    r"xs|sm|base|md|lg|\d*xl|xxl|\d+|left|center|right|justify|start|end|top|bottom|middle|baseline|stretch|between|"
    r"around|evenly|normal|none|auto|disc|decimal|inside|outside|square|circle|slate|gray|grey|zinc|neutral|stone|red|"
    r"orange|amber|yellow|lime|green|emerald|teal|cyan|sky|blue|indigo|violet|purple|fuchsia|pink|rose|white|black|"
    r"transparent|current|inherit|muted|primary|secondary|tertiary|success|danger|warning|info|light|dark|accent|"
    r"uppercase|lowercase|capitalize|truncate|nowrap|wrap|balance|pretty|ellipsis|clip|break|reset|italic|bold|"
    r"semibold|medium|thin|extralight|extrabold|heavy|regular|serif|sans|mono|tight|snug|relaxed|loose|wide|wider|"
    r"widest|tighter|underline|through|overline|dotted|dashed|solid|double"
)


def _style_utility(token: str) -> bool:
    """Whether a class token is a style utility (see _STYLE_PREFIXES)."""
    parts = token.lower().split("-")
    return len(parts) > 1 and parts[0] in _STYLE_PREFIXES and all(_STYLE_VALUE.fullmatch(p) for p in parts[1:])


def _named_attrs(el: etree._Element) -> str:
    """An element's class and id, without its style utilities: what the page calls it."""
    classes = el.get("class", "")
    if "-" in classes:
        classes = " ".join(t for t in classes.split() if not _style_utility(t))
    return f"{classes} {el.get('id', '')}"


HIDDEN_CLASSES = {"hidden", "is-hidden", "visually-hidden", "sr-only", "screen-reader-text", "screen-reader-only"}
POSITIVE = re.compile(r"article|body|content|entry|main|post|story|text|release|press|news-item|blog", re.I)
NEGATIVE = re.compile(r"comment|meta|foot|footer|sidebar|widget|promo|related|share|teaser|card|list|menu", re.I)
LEAD = re.compile(
    r"lead|ingress|intro|standfirst|preamble|preface|summary|excerpt|subtitle|kicker|dek|ingressi|abstract", re.I
)
HEADER_BOX = re.compile(r"hero|header|masthead|jumbotron", re.I)
BLOCKS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "figcaption",
    "div",
    "section",
    "article",
    "main",
    "header",
    "td",
    "th",
    "tr",
    "table",
    "ul",
    "ol",
    "dl",
    "figure",
    "address",
    "br",
    "hr",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "form",
    "fieldset",
    "legend",
    "details",
    "summary",
    "center",
    "hgroup",
    "nav",
    "aside",
    "footer",
    "menu",
    "dir",
    "option",
    "dialog",
    "search",
    "body",
    "html",
}
CELLS = {"td", "th"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
UI_TEXT = re.compile(
    r"^(skip to (main )?content|hoppa till (huvud)?innehåll(et)?|siirry (pää)?sisältöön|"
    r"kommentarer \(\d+\)|lägg till kommentar|kommentera|kommentoi|kommentit \(\d+\)|comments? \(\d+\)|"
    r"add (a )?comment|leave a (comment|reply)|share( this)?( article| page)?|dela( sidan)?|jaa( sivu)?|"
    r"print|skriv ut|tulosta|tweet|e-?mail|back to top|till toppen|takaisin ylös|"
    r"read more|läs mer|lue lisää|more news|fler nyheter|lisää uutisia|cookie settings|"
    r"accept( all)?( cookies)?|hyväksy( kaikki)?( evästeet)?|godkänn( alla)?( cookies)?|"
    r"facebook|twitter|linkedin|x|whatsapp|instagram|menu|meny|valikko|search|sök|haku|"
    r"loading\W*|lädt\W*|ladataan\W*|laddar\W*|läs (också|även)|lue myös|les også|preberite (tudi|še)|katso myös|"
    # A box of related stories' label, its links gone: "À lire aussi", "Related coverage", "Lesen Sie auch".
    r"related( coverage| stories| articles| content| news)?|(à |a )?lire aussi|relacionad[oa]s?|lee también|"
    r"lesen sie auch|mehr zum thema|leggi anche|lees ook|læs også|vaata ka|czytaj (też|także)|read (also|next)|"
    r"also read|more on this story|(à |a )?lire également|voir aussi|das könnte sie auch interessieren|"
    r"te puede interesar|aiheesta lisää|läs mer om ämnet|"
    r"key events|(\d+ ?min(ute)?s?( read)?|\d+ min lästid|läsetid:? \d+ min)|"
    r"(read(ing)? time|lesezeit|lästid|lukuaika):? ?\d+ ?min(ute)?s?|"
    # An audio player's label, its length beside it: "Listen to this article · 5 min", "Kuuntele artikkeli".
    r"(listen to this article|kuuntele artikkeli|lyssna på artikeln|lyt til artiklen|hør artikkelen|"
    r"artikel anhören|écouter cet article)( ?[·|–-]? ?\d+(:\d\d)?( ?min(\.|utes?)?)?)?|"
    r"(?:sivut|pages|sidor|strani|page):?(?: \d+)+)[.!:]?$",  # a paginated post's page links: "Sivut: 1 2 3"
    re.I,
)
# A slide's counter: "3 / 8", "Kuva 3/8", "Bild 3 av 8", "Image 3 of 8" (the first no more than the second: not a
# score, "3 / 1", nor "24/7").
_COUNTER = re.compile(
    r"^(?:kuva|bild|image|photo|slide|foto)?\s*(\d{1,3}) ?(?:/|of|av|\||/ ?yht\.) ?(\d{1,3})[.!:]?$", re.I
)


# A video's title under its label with its length ("Katso: Näin hirvi ylittää tien 1:12"); without the length,
# "Video: …" may be the text's own line. (A time alone stays: a live blog's entries are dated by it.)
_VIDEO_LINE = re.compile(
    r"^(?:watch|video|katso(?: video)?|titta(?: på)?|schauen sie|regardez|mira)\s*:\s*[^.!?]{3,120}\s+\d{1,2}:\d{2}$",
    re.I,
)
# A time of day, not a video's length: "… suorana kello 17:00", "… streamed live from 14:00".
_CLOCK_WORD = re.compile(
    r"\b(?:kello|klo|kl|at|from|until|till|to|um|ab|à|las|alle|ore|fra|från)\.?\s+\d{1,2}:\d{2}$", re.I
)


# A print version's label, the site's name before it: "Esimerkkilän kaupunki – tulostettava versio".
_PRINT_LABEL = re.compile(
    r"^(?:[^.!?]{1,60}\s[–—|:-]\s)?(?:printer[- ]friendly(?: version| page)?|print(?:able)? (?:version|view)|"
    r"tulostettava versio|tulostusversio|tulostusnäkymä|utskrifts(?:vänlig )?version|utskriftsvänlig sida|"
    r"druckversion|version imprimable)[.!:]?$",
    re.I,
)


def _ui_text(text: str) -> bool:
    """A control's or a counter's words (see UI_TEXT, _COUNTER, _VIDEO_LINE, _PRINT_LABEL), no text of the
    article."""
    if UI_TEXT.match(text) or (_VIDEO_LINE.match(text) and not _CLOCK_WORD.search(text)) or _PRINT_LABEL.match(text):
        return True
    m = _COUNTER.match(text) if len(text) <= 20 else None
    return m is not None and 1 <= int(m.group(1)) <= int(m.group(2))


# An advertisement's label left where the advertisement is filled in by a script. Never a heading:
# "Advertising" is a section of an article about advertising.
AD_LABEL = re.compile(
    # One label or two run together: "Mainos Mainos päättyy" (the slot's start and end, its advertisement gone).
    r"^(?:(?:advertisement|advertising|annons|mainos|anzeige|werbung|publicité|publicidad|pubblicità|sponsored|"
    r"(story|article) continues (below|after)( (this )?advertisement)?|continue reading( below| the main story)?|"
    r"advertisement - scroll to continue|mainos alkaa|(juttu|artikkeli) jatkuu mainoksen (alla|jälkeen)|"
    # Where the advertisement ends: "Mainos päättyy", "Annonsen slutar", "Ende der Anzeige".
    r"(advertisement|mainos|annons(en)?|anzeige) (ends|päättyy|loppuu|slut(ar)?|ende)|end of advertisement|"
    r"ende der anzeige|fin de la publicité|"
    r"(artikeln|texten) fortsätter efter annonsen|weiterlesen nach der anzeige|la suite après (la|cette) publicité)"
    r"[.!:]?(?:\s*[–—-]\s*|\s+|$)){1,2}$",
    re.I,
)


def _attrs(el: etree._Element) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def _class_words(el: etree._Element) -> tuple[list[str], list[str]]:
    """(class and id tokens and a custom element's name, their words split at -, _ and case changes), lower-cased."""
    # An id of four words or more is a slug made from a heading ("sharing-with-other-developers"), not a name.
    ids = [t for t in el.get("id", "").split() if len(re.findall(r"[a-zA-Z]+", t)) < 4]
    # A utility class describes a style, not what the element is: Atomic CSS ("Mstart(137px)--modalMinWidth",
    # "modal-open_D(b)") and Tailwind's variants ("md:hidden", "w-1/2") name no part of the page.
    # A custom element's name says what it is, as a class does: <x-related-card>, <app-comments-teaser>; not one
    # within a line of text (<author-link> in a sentence names a link's look, and dropping it cuts the sentence).
    own = [el.tag] if isinstance(el.tag, str) and "-" in el.tag and not _in_line(el) else []
    raw = " ".join(
        t
        for t in [*el.get("class", "").split(), *ids, *own]
        if not _descriptive(t.lower()) and not UTILITY_CLASS.search(t) and not _negated(t) and not _style_utility(t)
    )
    tokens = raw.lower().split()
    words = [w for w in re.split(r"[^a-z0-9]+", re.sub(r"([a-z])([A-Z])", r"\1-\2", raw).lower()) if w]
    return tokens, words


def _in_line(el: etree._Element) -> bool:
    """Whether an element stands within a line of text: in a paragraph, a heading or a list item, or with text
    beside it."""
    parent = el.getparent()
    if parent is None:
        return False
    prev = el.getprevious()
    before = (prev.tail if prev is not None else parent.text) or ""
    if (el.tail or "").strip() or before.strip():
        return True
    return any(a.tag in ("p", "li", "td", "th", "blockquote", "figcaption", *HEADINGS) for a in el.iterancestors())


def _negated(token: str) -> bool:
    """A class that says a part is absent ("no_caption", "no-sidebar", "nosidebar"): it names no furniture."""
    m = re.match(r"(?:no|without|has-no)[-_]?([a-z]+)", token.lower())
    if not m:
        return False
    word = m.group(1)
    if word.startswith(("comment", "kommentar", "kommentti")):  # "nocomments": WordPress's "Comments are closed."
        return False
    return word in WORD_JUNK or word.rstrip("s") in WORD_JUNK or any(word.startswith(s) for s in STRONG_JUNK)


# A definition list of the article's details: Joomla's "article-info", "entry-meta", "post-details".
_DETAILS_LIST = re.compile(r"(?:article|post|entry)[-_](?:info|meta|details)\b")
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def junk_reason(el: etree._Element) -> str:
    """Why an element is page furniture ("" when it is not)."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "button" and any(a.tag in HEADINGS for a in el.iterancestors()):
        return ""  # an accordion's question: the heading's text, not a control
    if tag in DROP_TAGS:
        return tag
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return "hidden"
    if (el.get("role") or "").lower() in DROP_ROLES:
        return "role=" + el.get("role", "")
    if HIDDEN_STYLE.search(el.get("style", "")):
        return "style hidden"
    if tag == "header" and not el.xpath("ancestor::article|ancestor::main") and not el.xpath(".//h1"):
        return "page header"
    if tag == "form" and len(_flat_text(el)) < 400 and not _page_form(el):
        return "small form"  # search, comment and newsletter forms; not ASP.NET's page-wide <form>
    if tag == "figcaption":
        return "caption"  # one picture's caption is furniture; the captions of a photo story are its text
    if tag in ("html", "body", "main", "article") or not (el.get("class") or el.get("id") or "-" in tag):
        return ""  # no class, id or name of its own: no words to read (most elements; a page of 500,000 <br>)
    tokens, words = _class_words(el)
    reason = _class_reason(tokens, words)
    if (
        reason in CAPTION_REASONS
        and any(w in CONTENT_WORDS for w in words)
        and next(el.iterdescendants(*HEADINGS), None) is not None
    ):
        # A text block beside a picture, named for both (Mailchimp's "mcnCaptionRightTextContentContainer"), holding
        # a story's heading; a slide's or a hero's caption with its heading ("slide-caption") is still furniture.
        return ""
    if reason == "paywall" and _paywalled_text(el):
        return ""  # the article's text a paywall's class marks as the subscriber's, not the offer to subscribe
    if not reason and tag == "dl" and any(_DETAILS_LIST.search(t) for t in tokens):
        return "details list"  # the article's own details: author, category, dates, hits (not an event's facts)
    if not reason and _PEOPLE_PANEL.search(_attrs(el)):
        return "contact people"  # a press room's panel of them, wherever it stands: the release's contacts, not text
    return reason


# What an offer to subscribe says: "Subscribe to continue reading", "Already a subscriber? Log in", "Tilaa".
_SUBSCRIPTION = re.compile(
    r"subscri|abonn|tilaa|prenumer|log ?in\b|sign ?in\b|kirjaudu|logga in|anmelden|free trial|unlimited access|"
    r"member|free articles|keep reading|continue reading|cancel any ?time|digipaket|plus-asiak|maksuttom|"
    r"jatka lukemista|peruuttaa|läs vidare|säga upp|kunder|weiterlesen|kündbar|kündigen",
    re.I,
)


def _paywalled_text(el: etree._Element) -> bool:
    """Whether an element a paywall's class names ("paywall") holds the article's prose: a paragraph of its own, or
    two, that say nothing of subscribing, with no link or button (Bloomberg's <p class="paywall">), rather than the
    offer to subscribe that stands where a page is cut."""
    if el.find(".//a") is not None or el.find(".//button") is not None or el.find(".//form") is not None:
        return False  # an offer has its link or button; the article's paragraphs seldom both
    paras = [el] if el.tag == "p" else list(el.iter("p"))
    prose = sum(1 for p in paras if len(t := _flat_text(p)) >= 80 and not _SUBSCRIPTION.search(t))
    return prose >= (1 if el.tag == "p" else 2)


def _class_reason(tokens: list[str], words: list[str]) -> str:
    """The furniture an element's class and id tokens name ("" when none): a hidden class, a strong word inside a
    word, a compound ("lue-myos", "readMore"), or a furniture word standing whole."""
    if any(t in HIDDEN_CLASSES for t in tokens):
        return "hidden class"
    for w in words:
        for strong in STRONG_WORDS:
            if strong in w:
                return strong
    # "lue-myos", "read_more", "readMore" alike: the tokens without their separators, apart by spaces.
    compound = _COMPOUNDS.search(" ".join(tokens).replace("-", "").replace("_", ""))
    if compound:
        return _COMPOUND_OF[compound.group()]
    return next((w for w in words if w in WORD_JUNK), "")


INVISIBLE = {"script", "style", "noscript", "template"}


def _page_form(form: etree._Element) -> bool:
    """An ASP.NET page's <form> around the whole page (a short item's too): it holds the page's <h1>, or it is
    all that <body> shows."""
    if form.find(".//h1") is not None:
        return True
    parent = form.getparent()
    if parent is None or parent.tag != "body":
        return False
    shown = [c for c in parent if isinstance(c.tag, str) and c.tag not in INVISIBLE]
    return shown == [form] and not (parent.text or "").strip()


def _visible_lengths(root: etree._Element) -> dict[etree._Element, int]:
    """Characters of text a reader would see (no script or style) under root and every element under
    it, each summed from its children's in one pass."""
    out: dict[etree._Element, int] = {}
    for _event, el in etree.iterwalk(root, events=("end",)):
        if not isinstance(el.tag, str):
            continue
        n = len(el.text.strip()) if el.text and el.tag not in INVISIBLE else 0
        for child in el:
            n += out.get(child, 0) + (len(child.tail.strip()) if child.tail else 0)  # a comment: its tail
        out[el] = n
    return out


class _Measures(NamedTuple):
    """What _is_junk weighs an element by, measured once for the page before anything is dropped."""

    visible: dict[etree._Element, int]  # characters a reader sees under each element
    page_chars: int  # ... and under the root measured
    shares: dict[etree._Element, int]  # paragraph text under each element
    total: int  # paragraph text of the page
    kin: dict[tuple[str, str], int]  # paragraph text under the elements of each tag and class
    marked: dict[etree._Element, int]  # the largest marked-up article's paragraph text under each element
    net_total: int  # paragraph text of the page outside what is dropped whatever it holds (<footer>, <nav>)
    panels: dict[tuple[str, str], tuple[int, set[etree._Element]]]  # an accordion's panels (_panels), when asked


def _measure(root: etree._Element) -> _Measures:
    visible = _visible_lengths(root)
    shares, total = _paragraph_shares(root)
    marked = _marked_below(root, shares)
    # Text that is dropped whatever it holds (a <footer>'s address, a <nav>'s tagline) is no part of the
    # page's paragraph text that a short article's share is weighed against.
    net = total
    stack = list(root)
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str):
            continue
        if el.tag in DROP_TAGS or (el.get("role") or "").lower() in DROP_ROLES:
            if not (shares.get(el, 0) and marked.get(el, 0) * 2 >= shares[el]):  # a story in a dialog: see _is_junk
                net -= shares.get(el, 0)
        else:
            stack.extend(el)
    return _Measures(visible, visible[root], shares, total, _kin(shares), marked, net, {})


def _is_junk(el: etree._Element, page: _Measures) -> bool:
    reason = junk_reason(el)
    if (
        reason == "page header"
        and page.total >= 200
        and page.shares.get(el, 0) >= SHARE_KEEP * page.total
        and len(el.xpath(".//p")) >= 2
        and not el.xpath(".//nav|.//form|.//*[@role='navigation' or @role='search']")
    ):
        return False  # a <header> of paragraphs holding most of the page's text, no menu in it, is no page header
    if (
        (reason in ("aside", "dialog") or reason.startswith("role="))
        and page.net_total
        and page.shares.get(el, 0) >= SHARE_KEEP * page.net_total
        and _holds_article(el, page)
    ):
        return False  # a story opened in a dialog, an <aside> column around the <article>: the markup says article
    if reason == "aside" and _in_text_flow(el):
        return False  # a fact box between the article's paragraphs: its text, not a side column
    if reason == "small form" and page.page_chars and page.visible.get(el, 0) >= SHARE_KEEP * page.page_chars:
        return False  # a short page inside ASP.NET's page-wide <form>: most of what a reader sees
    if not reason or el.tag in DROP_TAGS or reason.startswith(("role", "page header", "small form")):
        return bool(reason)
    if reason in _SENTENCE_REASONS and _in_a_sentence(el):
        return False  # words of a sentence, whatever their class says ("I am a <a class=popup>rather elderly</a> man")
    # A class name said furniture. But class words are often modifiers of the article's own
    # container ("main-with-sidebar", "story modal-ready", "entry-author-jane"): a container that
    # holds most of the page's paragraph text is content, whatever else its class says; and a
    # wrapper that holds most of the page is named after what it holds ("content-sidebar-wrap").
    # Hidden the same way: pages that render with JavaScript hide the article until then.
    # But a name that is nothing else ("sidebar", "comments") is furniture even when the article is short.
    tokens, words = _class_words(el)
    # A caption is the exception: on a slideshow page the caption is the text.
    named = reason not in CAPTION_REASONS and any(
        re.fullmatch(r"[a-z0-9]+", t) and (reason in t if reason in STRONG_JUNK else t in (reason, reason + "s"))
        for t in tokens
    )
    if any(w in NOT_JUNK_WORDS for w in words) and page.total and page.shares.get(el, 0) >= SHARE_KEEP * page.total:
        return False  # "commentary", "shareholders" holding most of the text: an opinion piece, investor news
    names_content = any(w in CONTENT_WORDS for w in words)
    # Content named by a token of its own ("body_main"), not a compound of the furniture word ("blog-sidebar").
    content_elsewhere = any(w in CONTENT_WORDS for t in tokens if reason not in t for w in re.split(r"[^a-z0-9]+", t))
    if named and content_elsewhere and reason not in COMMENT_REASONS and page.total >= 200:
        # Furniture by one name, content by another (class="sidebar" id="body_main"): the share decides.
        named = page.shares.get(el, 0) < SHARE_KEEP * page.total
    if (
        reason in _CONSENT_REASONS
        and page.total - page.shares.get(el, 0) >= CONSENT_BESIDE
        and not names_content
        and not _holds_article(el, page)
        and next(el.iter("h1"), None) is None
    ):
        # A consent platform's panel ("onetrust-consent-sdk"): its purposes and partners can outweigh the article
        # beside it, but it holds no article whatever its share (a wrapper of the page a banner pushes down holds
        # the headline, or leaves nothing beside it).
        return True
    if page.total and not named:
        share = page.shares.get(el, 0) / page.total
        # A short article (a two-paragraph notice): kept by share only where its class also names
        # content ("post-content has-sidebar"), or an element inside it that holds the text does, since
        # a cookie notice can hold all of a page's little text. Weighed against the text that can be
        # the article: not a <footer>'s address, which is dropped whatever it holds.
        short = (
            0 < page.net_total < 200
            and page.shares.get(el, 0) >= SHARE_KEEP * page.net_total
            and (names_content or _content_inside(el, page))
        )
        if short:
            return False
        if page.total >= 200:  # a short page's furniture-named parts are judged by the rule above alone
            if share >= SHARE_KEEP or (
                share >= SHARE_KEEP_NAMED
                and reason not in COMMENT_REASONS  # "comment-content", "comment-body" are the comments' own
                and (names_content or _holds_article(el, page))
            ):
                return False
            # A photo story: the text is written as the captions of its pictures, each a small part of the page
            # but together most of it; so is a carousel's or an accordion's, hidden until shown (with hidden kin).
            if (reason in CAPTION_REASONS and _same_class_share(el, page) >= SHARE_KEEP * page.total) or (
                reason.startswith(("hidden", "style"))
                and max(_same_class_share(el, page, hidden_only=True), _open_panels_share(el, page))
                >= SHARE_KEEP * page.total
            ):
                return False
    if reason.startswith(("hidden", "style")) or named:
        return True
    return not (page.page_chars and page.visible[el] > max(1000, 0.5 * page.page_chars))


_FLOW_TAGS = {"p", "h2", "h3", "h4", "blockquote", "ul", "ol", "figure"}
# Inline elements that can hold words of a sentence: a glossary pop-up, a tooltip, a name linked to its page.
_PHRASE_TAGS = {"a", "span", "abbr", "dfn", "em", "strong", "b", "i", "cite", "mark", "q", "small", "u", "font"}
_PHRASE_CHARS = 80  # at most: a term, a name or a phrase, not a passage
_WORD_BEFORE = re.compile(r"[^\W_][\"'“‘(]?\s*$|[,(–—-]\s*$")  # "… a ", "the call (", "… nuorille, "
_WORD_AFTER = re.compile(r"^\s*(?:[a-zß-ÿ]|[,;:.!?)”’\"'](?:\s|$))")  # "… man.", " or the", ", which"


# Class words that may name words of a sentence: a layer a term opens (a glossary's pop-up), a person's name. Not
# other furniture's words, which a sentence may hold too: another story's headline ("Lue myös <a class=related>…"),
# a tag, a share button, screen-reader text, a breadcrumb.
_SENTENCE_REASONS = {"popup", "modal", "overlay", "author", "byline"}


def _in_a_sentence(el: etree._Element) -> bool:
    """Whether an inline element named as furniture is words of a sentence: a few words, with the sentence going
    on right after them in lower case or with its punctuation, and, before them, a word or the opening of its
    block (where what follows goes on in lower case: "<a class=popup>I</a> am a"). Not a "Read more" after a full
    stop, a row of share links ("Share: <a>Facebook</a> | <a>X</a>"), or a link alone on its line."""
    if el.tag not in _PHRASE_TAGS or next(el.iterdescendants(*BLOCKS), None) is not None:
        return False
    text = _flat_text(el)
    if not text or len(text) > _PHRASE_CHARS or _ui_text(text):
        return False
    after = el.tail or ""
    if not _WORD_AFTER.match(after) or not after.strip():
        return False
    before, node = "", el
    while True:
        prev = node.getprevious()
        if prev is not None:
            before = prev.tail or ""
            break
        parent = node.getparent()
        if parent is None or (parent.text or "").strip() or parent.tag in BLOCKS:
            before = (parent.text or "") if parent is not None else ""
            break
        node = parent
    if not before.strip():
        return prev is None and after.lstrip()[:1].islower()  # the sentence's first words
    return _WORD_BEFORE.search(before) is not None


def _in_text_flow(el: etree._Element) -> bool:
    """An <aside> that is a fact box of the article: paragraphs of the text on both sides, named as no side part,
    its text not mostly links, and either named as facts or analysis ("factbox", "fakta", "analysis-box") or
    holding a list of its own; not another story's teaser (a linked heading), an advertisement, a call to
    subscribe or a pull quote (a sentence of the text again)."""
    before, after = el.getprevious(), el.getnext()
    if before is None or after is None or before.tag not in _FLOW_TAGS or after.tag not in _FLOW_TAGS:
        return False
    tokens, words = _class_words(el)
    if ASIDE.search(_attrs(el)) or _class_reason(tokens, words):
        return False
    text = _flat_text(el)
    if len(text) < 60 or _link_density(el, len(text)) >= 0.3:
        return False
    if el.xpath(".//blockquote | ./*[1][self::h2 or self::h3 or self::h4 or self::strong or self::p/strong][.//a]"):
        return False  # a pull quote, or another story's teaser under its linked headline
    if any(_FACT_WORD.match(w) for w in words):
        return True  # named as facts: it may name the platforms it is about ("Meta owns Facebook, Instagram …")
    if AD_LABEL.match(text) or (len(text) < 150 and CALL_TO_ACTION.search(text)):
        return False  # an advertisement, a short call to subscribe or follow
    return bool(el.xpath("./ul | ./ol | ./dl | ./*/ul | ./*/ol"))


_FACT_WORD = re.compile(r"fact|fakta|faktaruta|faktaboks|tietolaatikko|infobox|keyfacts|analy[sz]")


def _content_inside(el: etree._Element, page: _Measures) -> bool:
    """Whether most of el's paragraph text lies in an element inside it named or marked up as content
    ("<div class=page-with-nav><div class=body>"): a layout wrapper named after what it sits beside."""
    own = page.shares.get(el, 0)
    for d in el.iterdescendants():
        if (
            isinstance(d.tag, str)
            and page.shares.get(d, 0) * 2 >= own > 0
            and (_is_marked_article(d) or any(w in CONTENT_WORDS for w in _class_words(d)[1]))
        ):
            return True
    return False


def _holds_article(el: etree._Element, page: _Measures) -> bool:
    """Whether most of el's paragraph text is inside an element marked up as the article.

    A story opened over a page ("render-target-modal") is marked up as <article> or
    itemprop="articleBody" inside its furniture-named wrapper.
    """
    own = page.shares.get(el, 0)
    return own > 0 and page.marked.get(el, 0) * 2 >= own


def _is_marked_article(el: etree._Element) -> bool:
    return el.tag in ("article", "main") or el.get("itemprop") == "articleBody"


def _marked_below(root: etree._Element, shares: dict[etree._Element, int]) -> dict[etree._Element, int]:
    """For each element, the largest paragraph text of an element marked up as the article inside it.

    Worked out children first, once per page (a search per wrapper was quadratic in the nesting).
    """
    out: dict[etree._Element, int] = {}
    for _event, el in etree.iterwalk(root, events=("end",)):
        best = 0
        for child in el:
            if isinstance(child.tag, str):
                best = max(best, out.get(child, 0), shares.get(child, 0) if _is_marked_article(child) else 0)
        if best:
            out[el] = best
    return out


def _same_class_share(el: etree._Element, page: _Measures, hidden_only: bool = False) -> int:
    """Paragraph text under every element of the page sharing el's tag and one of its class tokens
    (slides "slide__caption slide__caption--3", carousel items "carousel-item active"); for a classless
    caption, every classless caption; for a classless hidden panel, its hidden siblings of its tag."""
    cls = el.get("class")
    if not cls:
        key = _classless_kin(el)
        return page.kin.get((str(el.tag), key), 0) if key else page.shares.get(el, 0)
    mark = "\0h " if hidden_only else ""  # a hidden panel's kin are hidden too: not the visible article's wrapper
    return max((page.kin.get((str(el.tag), mark + t), 0) for t in cls.split() if not re.search(r"\d", t)), default=0)


_PANEL_TAGS = {"div", "section", "dd"}
_TRIGGER_TAGS = {"h2", "h3", "h4", "h5", "h6", "button", "dt"}


def _opened_by_a_trigger(el: etree._Element) -> bool:
    """Whether a panel follows what opens it: a question's heading or button, as an accordion's panels do."""
    prev = el.getprevious()
    while prev is not None and not isinstance(prev.tag, str):
        prev = prev.getprevious()
    if prev is None:
        return False
    return prev.tag in _TRIGGER_TAGS or any(isinstance(d.tag, str) for d in prev.iter("button"))


def _panel_tokens(el: etree._Element) -> set[str]:
    return {t for t in (el.get("class") or "").split() if not re.search(r"\d", t) and t.lower() not in HIDDEN_CLASSES}


def _panels(shares: dict[etree._Element, int]) -> dict[tuple[str, str], tuple[int, set[etree._Element]]]:
    """The panels that follow what opens them (_opened_by_a_trigger), by tag and class token: their paragraph text
    together, and which they are. Worked out once per page (asked for each hidden panel, it was quadratic: 4,000
    panels took 25 s)."""
    out: dict[tuple[str, str], tuple[int, set[etree._Element]]] = {}
    for el, n in shares.items():
        if el.tag in _PANEL_TAGS and el.get("class") and _opened_by_a_trigger(el):
            for t in _panel_tokens(el):
                total, members = out.get((str(el.tag), t), (0, set()))
                members.add(el)
                out[(str(el.tag), t)] = (total + n, members)
    return out


def _open_panels_share(el: etree._Element, page: _Measures) -> int:
    """For a hidden panel that follows its question, the text of every panel of its tag and class that does, open
    or hidden (an accordion shows its first answer and hides the rest); not a visible block of a layout class it
    shares (the article's "section"), nor a wrapper of its class around it."""
    if not el.get("class") or el.tag not in _PANEL_TAGS or not _opened_by_a_trigger(el):
        return 0
    if not page.panels:  # (worked out on the first hidden panel that follows its question: most pages have none)
        page.panels.update(_panels(page.shares))
        page.panels[("", "")] = (0, set())
    best = 0
    for t in _panel_tokens(el):
        total, members = page.panels.get((str(el.tag), t), (0, set()))
        best = max(best, total - sum(page.shares.get(a, 0) for a in el.iterancestors() if a in members))
    return best


def _hidden(el: etree._Element) -> bool:
    return (
        el.get("hidden") is not None
        or el.get("aria-hidden") == "true"
        or bool(HIDDEN_STYLE.search(el.get("style", "")))
    )


def _classless_kin(el: etree._Element) -> str:
    """The group a classless element counts in: captions together, a hidden panel with its hidden siblings."""
    if el.tag == "figcaption":
        return "\0caption"
    parent = el.getparent()
    if parent is None or not _hidden(el):
        return ""
    return "\0hidden " + el.getroottree().getpath(parent)


def _kin(shares: dict[etree._Element, int]) -> dict[tuple[str, str], int]:
    """Paragraph text under the elements of each tag and class, summed: one pass over ``shares``."""
    out: dict[tuple[str, str], int] = {}
    for el, n in shares.items():
        if not isinstance(el.tag, str):
            continue
        cls = el.get("class")
        if not cls:
            key = _classless_kin(el)
            if key:
                out[(el.tag, key)] = out.get((el.tag, key), 0) + n
            continue
        hidden = _hidden(el) or any(t in HIDDEN_CLASSES for t in cls.lower().split())
        for t in set(cls.split()):
            out[(el.tag, t)] = out.get((el.tag, t), 0) + n
            if hidden:
                out[(el.tag, "\0h " + t)] = out.get((el.tag, "\0h " + t), 0) + n
    return out


CAPTION_REASONS = {"caption", "bildunterschrift"}
COMMENT_REASONS = {"comment", "kommentar", "kommentti", "disqus"}
SHARE_KEEP = 0.5  # of the page's paragraph text: the article, whatever its class says
CONSENT_BESIDE = 200  # paragraph text beside a consent panel that makes it furniture whatever its share
_CONSENT_REASONS = {"cookie", "consent", "gdpr"}
SHARE_KEEP_NAMED = 0.25  # when its class names content too ("story modal-ready")
CONTENT_WORDS = {"article", "body", "content", "entry", "main", "post", "story", "text", "blog", "release"}


# Chinese, Japanese and Korean write a word in a character or two, with no spaces between words, and end a sentence
# with 。！？ or a closing 」: in the lengths that tell a sentence from a label, such a character counts as three.
_WIDE = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
SENTENCE_END = '.!?:"”»。！？」』'


def _span(text: str) -> int:
    """A text's length in a Latin script's characters (see _WIDE)."""
    return len(text) if text.isascii() else len(text) + 2 * len(_WIDE.findall(text))


_LINKED_BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "table")


def _unlink_blocks(body: etree._Element) -> bool:
    """Unwrap the one link that holds paragraphs (``<a href=…><h2>…</h2><p>…</p></a>``); whether there was one."""
    wrapping = [a for a in body.iter("a") if next(a.iterdescendants(*_LINKED_BLOCKS), None) is not None]
    if len(wrapping) != 1:
        return False  # cards, each a link: a listing or other stories, not a post
    wrapping[0].drop_tag()  # type: ignore[attr-defined]  # lxml.html's HtmlMixin, which the stubs do not expose
    return True


PROSE_CHARS_IN_HEADING = 100  # a "heading" this long that ends a sentence is a paragraph set in a heading's tag ...
PROSE_HEADINGS = 3  # ... where there are this many (one or two: a "page not found" or "JavaScript needed" notice)


def _heading_is_paragraph(text: str) -> bool:
    """Whether a heading's text is a paragraph's: a sentence of PROSE_CHARS_IN_HEADING characters or more, ending
    in a period or "!" (not a FAQ's question)."""
    return _span(text) >= PROSE_CHARS_IN_HEADING and text.rstrip()[-1:] in ".!"


def _long_or_sentence(text: str, long: int, sentence: int, ends: str = SENTENCE_END) -> bool:
    """Whether a text is ``long`` characters or more, or a sentence (ending in one of ``ends``) of ``sentence``."""
    n = _span(text)
    return n >= long or (n >= sentence and text[-1:] in ends)


def _paragraph_shares(root: etree._Element) -> tuple[dict[etree._Element, int], int]:
    """Characters of paragraph-like text under each element, and under root.

    Paragraph-like: a block of 80 characters or more, or a sentence of 40, with few links.
    """
    own: dict[etree._Element, int] = {}
    total = 0
    for owner, (text, _heading, density) in _blocks(root, with_owner=True):
        n = _span(text)
        if density >= 0.3 or not (n >= 80 or (n >= 40 and text[-1:] in SENTENCE_END)):
            continue
        total += n
        own[owner] = own.get(owner, 0) + n
    # Each element's share is its own blocks' and its children's, children first: walking every
    # block's ancestors instead costs blocks x depth (100,000 paragraphs under 250 wrappers).
    shares: dict[etree._Element, int] = {}
    for _event, el in etree.iterwalk(root, events=("end",)):
        n = own.get(el, 0) + sum(shares.get(child, 0) for child in el)
        if n:
            shares[el] = n
    if root in shares:
        for above in root.iterancestors():  # the page around a selector's element holds its text too
            shares[above] = shares.get(above, 0) + shares[root]
    return shares, total


def _flat_text(el: etree._Element) -> str:
    """The text under el, spaces normalised (fast; block boundaries may glue words: for lengths)."""
    return " ".join("".join(el.itertext()).split())


# Inline elements whose edge may fall inside a word: "CO<sub>2</sub>", "m<sup>2</sup>", a soft break.
_IN_WORD = {"sub", "sup", "wbr"}
_LAST_WORD = re.compile(r"[^\W\d_]+$")


def _in_word(el: etree._Element) -> bool:
    """An inline element whose edge may fall inside a word: sub/sup/wbr, or a span styled as one ("sup" class,
    ``vertical-align``, as pasted from a word processor)."""
    if el.tag in _IN_WORD:
        return True
    style = el.get("style") or ""
    classes = (el.get("class") or "").lower().split()
    return "vertical-align" in style or any(c in ("sub", "sup", "subscript", "superscript") for c in classes)


_CAPITALISED = re.compile(r"[^\W\d_](?<=[A-ZÅÄÖÜÉŠŽČ])[a-zåäöüéšžč]{2,}")
_CAPITALISED_SHORT = re.compile(r"[A-ZÅÄÖÜÉŠŽČ][a-zåäöüéšžč]+\b")
_ABBREVIATION_END = re.compile(r"(?<![^\W\d_])[A-Z]{2,4}$")
_INITIAL = re.compile(r"[A-ZÅÄÖÜÉŠŽČ]\.")  # "08:04</span><span>A. K., 24ur.com": a time, then a writer's initials
# The marks after which a capital letter begins a new sentence or value ("päätti.Seuraava", "Paikka:Seinäjoki").
_ENDS = frozenset(".!?:;")


def _apart(before: str, after: str) -> bool:
    """Tell whether two texts that meet at an inline element's edge are two words a browser runs together.

    A label and its value in spans of their own ("<span>Aika</span><span>18.5.2021</span>"), a kicker
    in a heading ("<span>Uutinen</span>Kaupunki päätti"): a letter then a digit, a word of three letters or
    more then a capital, or a sentence's end then a capital are never one word. (Not a capital then lower
    case: "<span>T</span>he", a drop cap; not "<b>i</b>Phone"; nor what a word's own inflection adds:
    "<a>HOPE</a>n".)
    """
    a, b = before[-1:], after[:1]
    if not a or not b or a.isspace() or b.isspace():
        return False
    if (_CAPITALISED.match(after) and (a.isdigit() or _ABBREVIATION_END.search(before))) or (
        a.isdigit() and (_INITIAL.match(after) or _CAPITALISED_SHORT.match(after))
    ):
        return True  # "08:04</span><span>Päivitetty", "GMT</span><span>Updated": a time, then its label
    if b.isupper() and a.islower():  # a word of its own before the capital, not "<b>i</b>Phone"
        word = _LAST_WORD.search(before)
        return word is not None and len(word.group(0)) >= 3
    return (a.isalpha() and b.isdigit()) or (b.isupper() and a in _ENDS)


def _text(el: etree._Element) -> str:
    """The text under el as a reader sees it: block-level elements, cells and labelled spans never glue words."""
    if len(el) == 0:
        return _flat_text(el)
    parts: list[str] = []
    edge = False  # an inline element began or ended since the last text

    def add(text: str) -> None:
        nonlocal edge
        if edge and parts and _apart(parts[-1], text):
            parts.append(" ")
        parts.append(text)
        edge = False

    for event, node in etree.iterwalk(el, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in BLOCKS:
            parts.append(" ")
        elif tag and node is not el and not _in_word(node):
            edge = True
        if event == "start":
            if tag and node.text and tag not in INVISIBLE:
                add(node.text)
        elif node is not el and node.tail:
            add(node.tail)
    return " ".join("".join(parts).split())


INVISIBLE_CHARS = " \u200b\u200c\u200d\u2060\ufeff"  # a space and the characters that take no room

# Characters that lxml reads from a parsed page but refuses in text it is given (XML 1.0 forbids them),
# and that JSON-LD can state (lone surrogates, NUL): read as the white space most of them are.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Whether any element lies MAX_DEPTH levels below the root (only those can have children to lift).
_DEEPEST = etree.XPath(f"boolean(.{'/*' * MAX_DEPTH})")


def _flatten_deep(root: etree._Element) -> None:
    """Lift what is nested absurdly deep up to MAX_DEPTH, keeping its text."""
    if not _DEEPEST(root):
        return  # nothing that deep: asked in C, not by a walk over every element of a big page
    stack = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        for child in list(el):
            if depth + 1 >= MAX_DEPTH and len(child):
                text = _text(child)
                for c in list(child):
                    child.remove(c)
                child.text = _UNWRITABLE.sub(" ", text)  # lxml refuses to be given control characters it parsed
            else:
                stack.append((child, depth + 1))


def _merge_breaks(root: etree._Element) -> None:
    """Drop the <br> elements of a run of bare breaks that only repeat the one before them.

    A run of breaks separates text exactly as one break does (every measure here normalises white
    space), but each element costs every pass over the page: a page of 5 MB of <br> took 23 s. A
    run keeps at most three: its first, the first followed by white space (white space between
    two words must stay, or they would be measured as one), and the one the text follows. Nothing
    is rewritten, only removed. Breaks with attributes stay, as a class or a style can make one furniture.
    """
    kept: etree._Element | None = None  # the last <br> of the run that stays
    for br in list(root.iter("br")):
        if br.attrib:
            kept = None
            continue
        if kept is not None and br.getprevious() is kept and not (kept.tail or "").strip():
            tail = br.tail or ""
            # Removed with its tail: white space the kept break's tail already stands for, or nothing.
            if not tail or (kept.tail and not tail.strip()):
                parent = br.getparent()  # kept's too: never None
                if parent is not None:
                    parent.remove(br)
                continue
        kept = br


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*>")
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
    # optional end tags: often left open, so they must not count as depth
    "p",
    "li",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "option",
    "optgroup",
    "thead",
    "tbody",
    "tfoot",
    "colgroup",
    "rt",
    "rp",
}
TEXT_DEPTH = 500


def _limit_depth(text: str, limit: int = TEXT_DEPTH) -> str:
    """Drop the tags (never the text) of elements nested deeper than ``limit``."""
    out: list[str] = []
    depth = last = 0
    for m in _TAG.finditer(text):
        name = m.group(2).lower()
        if name in VOID or m.group(0).endswith("/>"):
            continue
        if m.group(1):
            depth = max(0, depth - 1)
            deep = depth >= limit
        else:
            deep = depth >= limit
            depth += 1
        if deep:
            out.append(text[last : m.start()])
            out.append(" ")
            last = m.end()
    out.append(text[last:])
    return "".join(out)


def _parse(text: str) -> etree._Element:
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input that declares an encoding
    # Closed where they open, so that libxml2 nests nothing in them (past its depth limit, what it nested was lost).
    text = _EMPTY_OPEN.sub(r"<\1\2></\1>", text)
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True)
    doc = lxml.html.document_fromstring(text, parser=parser)
    if any("depth" in e.message.lower() for e in parser.error_log):
        # libxml2 silently drops what is nested past its limit: flatten the markup and parse again.
        parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True)
        doc = lxml.html.document_fromstring(_limit_depth(text), parser=parser)
    _close_empty_elements(doc)
    _drop_empty_inline_blocks(doc)
    _read_fallback_markup(doc)
    return doc


# Elements HTML defines as empty that libxml2 leaves open, nesting the rest of their parent inside them: a bare
# <embed> (a video, a page's background music) took the article after it along when it went as furniture.
UNCLOSED_EMPTY = ("embed", "wbr", "image", "source", "track", "bgsound", "spacer", "keygen", "menuitem")


_EMPTY_OPEN = re.compile(rf"<({'|'.join(UNCLOSED_EMPTY)})(?=[\s/>])([^<>]*?)/?>", re.I)  # not <track-list>


def _close_empty_elements(doc: etree._Element) -> None:
    """Give what libxml2 nested inside an empty element (see UNCLOSED_EMPTY) back to its parent, after it: for a
    tag _EMPTY_OPEN could not close before parsing (an attribute holding ">")."""
    for el in [e for e in doc.iter(*UNCLOSED_EMPTY) if len(e) or e.text]:
        if el.getparent() is None:
            continue
        el.addprevious(el.makeelement(el.tag, dict(el.attrib)))
        el.drop_tag()  # type: ignore[attr-defined]  # lxml.html's HtmlMixin, which the stubs do not expose


_SHOWN = ("img", "picture", "svg", "video", "audio", "iframe", "object", "embed", "canvas", "input", "select")


def _drop_empty_inline_blocks(doc: etree._Element) -> None:
    """Remove a block element its style shows inline that shows nothing (no text, no picture, no line break): a
    widget a browser extension or a script put after a link inside a sentence (``<cite>Hartl (1998). <a>"Title"</a>
    <div class="shield" style="display: inline-block"></div>. The Seattle Times.</cite>``) cut the line in two, and
    the half that was mostly link went as a link. An empty block without that style still ends a line, as it does in
    a browser (``<div></div>`` between the lines of a contact block)."""
    for el in _INLINE_STYLED(doc):
        if (
            el.tag in BLOCKS
            and _INLINE_DISPLAY.search(el.get("style", ""))
            and not any(t.strip(" \t\r\n") for t in el.itertext())  # (&nbsp; is a spacer: shown)
            and next(el.iter(*_SHOWN, "br", "hr"), None) is None
            and not any(el.get(a) is not None for a in ("itemprop", "content", "datetime"))  # (a date kept on it)
            and el.getparent() is not None
        ):
            if not (el.tail and el.tail[0] in _CLOSING_MARKS):  # '"Title". The Times', not '"Title" . The Times'
                el.tail = " " + (el.tail or "")  # still two words on either side
            el.drop_tree()  # (lxml.html's HtmlMixin: keeps the tail)


_INLINE_STYLED = etree.XPath("//*[contains(@style, 'inline')]")
_INLINE_DISPLAY = re.compile(r"(?:^|;)\s*display\s*:\s*(?:-webkit-|-moz-)?inline", re.I)
_CLOSING_MARKS = frozenset(".,;:!?)]”’»")


def _read_fallback_markup(doc: etree._Element) -> None:
    """What a page gave browsers without frames or plug-ins (<noframes>, <noembed>) as the markup it is: libxml2
    keeps it as text ("<body><p>…" came out). A frameset's or a Flash site's text is there, and nowhere else (read
    where the page gives nothing else, as <noscript> is)."""
    for el in list(doc.iter("noframes", "noembed")):
        if el.text and "<" in el.text and len(el) == 0:
            try:
                parts = lxml.html.fragments_fromstring(el.text)
            except Exception:  # noqa: BLE001  lxml asserts on some fragments ("<html>" alone): leave the text as it is
                continue
            el.text = None
            for part in parts:
                if isinstance(part, str):
                    if len(el):
                        el[-1].tail = (el[-1].tail or "") + part
                    else:
                        el.text = (el.text or "") + part
                else:
                    el.append(part)


def _drop(el: etree._Element) -> None:
    """Remove an element and what is inside it, keeping the text that follows it (its tail) where it can."""
    # lxml.html's elements, comments and processing instructions have drop_tree (HtmlMixin, which the
    # stubs do not expose; at run time an HtmlComment is no HtmlElement): look it up as the object has it.
    drop_tree = getattr(el, "drop_tree", None)
    parent = el.getparent()
    if drop_tree is not None:
        previous = el.getprevious()
        # Read before drop_tree: when lxml refuses the joined text, it has already cleared the old one.
        before = (parent.text if previous is None else previous.tail) if parent is not None else None
        try:
            drop_tree()
            return
        except ValueError:
            # libxml2 parses control characters that lxml refuses to be given back when drop_tree joins
            # the tail to the text before it: join them with each such character read as the space it is.
            if parent is None or not el.tail:
                raise
            joined = _UNWRITABLE.sub(" ", (before or "") + el.tail)
            if previous is None:
                parent.text = joined
            else:
                previous.tail = joined
    if parent is not None:
        parent.remove(el)


def _clean(root: etree._Element) -> None:
    """Drop page furniture; what is inside a dropped element is not looked at again."""
    etree.strip_elements(root, *INVISIBLE, with_tail=False)
    # Measured before anything is dropped: an element is judged before anything inside it is, and
    # dropping an element changes only its parent's text or its previous sibling's tail, which the
    # measures of an element not yet judged never include.
    page = _measure(root)
    _drop_where(root, lambda el: _is_junk(el, page))


def _drop_where(root: etree._Element, furniture: Callable[[etree._Element], bool]) -> None:
    """Drop every element under root that ``furniture`` says is (comments and PIs too), outermost
    first: what is inside a dropped element is not looked at."""
    stack = list(root)
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str) or furniture(el):
            _drop(el)
        else:
            stack.extend(el)


# ---------------------------------------------------------------- scoring


def _link_density(el: etree._Element, text_len: int) -> float:
    if not text_len:
        return 0.0
    linked = sum(len(" ".join("".join(a.itertext()).split())) for a in el.iter("a") if not _toggle(a))
    return min(1.0, linked / text_len)


def _toggle(a: etree._Element) -> bool:
    """An anchor that opens a part of the page rather than going anywhere: an accordion's question (Bootstrap's
    data-toggle="collapse", a link to the panel it controls or expands, Elementor's href=""). Its words are the page's
    text, not a link's: a FAQ's questions read as a list of teasers, and its answers lost their questions. And a
    named place with no address (<a name="top">, an old page's anchor often left open around what follows). Not one
    in a list item: a menu's, a tab strip's or a table of contents' links are links."""
    parent = a.getparent()
    grandparent = parent.getparent() if parent is not None else None
    if (parent is not None and parent.tag == "li") or (grandparent is not None and grandparent.tag == "li"):
        return False  # a menu's parent item, a tab strip's tab, a table of contents' entry: a list of links
    href = a.get("href")
    if href == "" or (href is None and a.get("name") is not None):
        return True  # Elementor's href=""; a named place in the page ("<a name="more">", left open around the text)
    toggles = (a.get("data-toggle") or a.get("data-bs-toggle") or "").lower()
    opens = a.get("aria-controls") is not None or a.get("aria-expanded") is not None  # a disclosure's state
    # Not a menu's "#" that opens a submenu: its words are the menu's.
    return toggles in ("collapse", "tab") or (opens and href is not None and href.startswith("#") and len(href) > 1)


# A piece of text as _flat_text measures it: (characters that are not space, words, whether it starts
# with a word, whether it ends with one); None for "". Two pieces join into one word where they touch.
_Piece = tuple[int, int, bool, bool] | None


def _piece(text: str | None) -> _Piece:
    if not text:
        return None
    words = text.split()
    return sum(map(len, words)), len(words), not text[0].isspace(), not text[-1].isspace()


def _join(a: _Piece, b: _Piece) -> _Piece:
    if a is None:
        return b
    if b is None:
        return a
    return a[0] + b[0], a[1] + b[1] - (a[3] and b[2]), a[2], b[3]


class _TextStats(TypedDict):
    """What _flat_text and _link_density would give for every element under a root, in one pass."""

    piece: dict[etree._Element, _Piece]  # the piece that "".join(el.itertext()) is
    length: dict[etree._Element, int]  # len(_flat_text(el))
    commas: dict[etree._Element, int]  # commas in it, Latin and Arabic
    linked: dict[etree._Element, int]  # characters of link text under el, as _link_density sums them


def _text_stats(root: etree._Element) -> _TextStats:
    """Lengths, commas and link text of every element under root, each worked out once from its children.

    Measuring each element on its own reads a subtree once per wrapper above it: quadratic on a page
    nested hundreds of levels deep. Like itertext, a comment's or processing instruction's own text
    is not read, its tail is.
    """
    pieces: dict[etree._Element, _Piece] = {}
    stats: _TextStats = {"piece": pieces, "length": {}, "commas": {}, "linked": {}}
    length, commas, linked = stats["length"], stats["commas"], stats["linked"]
    for _event, el in etree.iterwalk(root, events=("end",)):
        if not isinstance(el.tag, str):
            continue
        piece, n_commas, n_linked = _piece(el.text), _commas(el.text), 0
        for child in el:
            if isinstance(child.tag, str):
                piece = _join(piece, pieces[child])
                n_commas += commas[child]
                n_linked += linked[child]
            piece = _join(piece, _piece(child.tail))
            n_commas += _commas(child.tail)
        pieces[el] = piece
        length[el] = _length(piece)
        commas[el] = n_commas
        linked[el] = n_linked + (length[el] if el.tag == "a" and not _toggle(el) else 0)
    return stats


def _commas(text: str | None) -> int:
    return text.count(",") + text.count("،") if text else 0


def _inline_runs(el: etree._Element, stats: _TextStats) -> tuple[list[tuple[int, int]], bool]:
    """(length, commas) of each run of text el holds directly (its inline children included), cut
    at <br> and at block children, as _flat_text would measure the run; and whether any cut was made.

    An inline child's text comes from ``stats``: reading it again for every <div> around it was
    quadratic where inline elements wrap blocks (<div><font><div><font>...).
    """
    runs: list[tuple[_Piece, int]] = []
    piece, commas = _piece(el.text), _commas(el.text)
    cut = False
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in BLOCKS:
            runs.append((piece, commas))
            piece, commas = None, 0
            cut = True
        elif tag:
            piece, commas = _join(piece, stats["piece"][child]), commas + stats["commas"][child]
        piece, commas = _join(piece, _piece(child.tail)), commas + _commas(child.tail)
    runs.append((piece, commas))
    return [(n, c) for n, c in ((_length(p), c) for p, c in runs) if n], cut


def _length(piece: _Piece) -> int:
    """The length of a piece's text with its spaces normalised."""
    return 0 if piece is None else piece[0] + max(0, piece[1] - 1)


def _best_container(body: etree._Element) -> etree._Element | None:
    scores: dict[etree._Element, float] = {}
    stats = _text_stats(body)
    streams: dict[Any, dict[tuple[str, str], int]] = {}  # _teaser_summary's counts

    def add(node: etree._Element | None, points: float) -> None:
        if node is None or not isinstance(node.tag, str):
            return
        if node not in scores:
            attrs = _named_attrs(node)
            base = 5.0 if node.tag in ("article", "main") else 0.0
            # A lead box is no body, nor is the article's header ("post-hero", "entry-header": the title and a lead).
            base += 25 if POSITIVE.search(attrs) and not LEAD.search(attrs) and not HEADER_BOX.search(attrs) else 0
            base -= 25 if NEGATIVE.search(attrs) and not POSITIVE.search(attrs) else 0
            scores[node] = base
        scores[node] += points

    for el in body.iter("p", "pre", "td", "blockquote", "figcaption", "div", "li", "section", "article"):
        if el.tag in ("p", "pre", "td", "blockquote", "figcaption"):
            # (length, commas) of _flat_text(el), from the stats: nested quotes and cells are read once
            texts, holder = [(stats["length"][el], stats["commas"][el])], el.getparent()
        else:
            # Text a div holds itself counts as paragraphs: one paragraph when the div is nothing
            # but text (scored for its parent, like a <p>), and each <br>-separated run when it
            # mixes text and breaks (scored for the div itself, which is then the container).
            runs, cut = _inline_runs(el, stats)
            texts = [(n, n_commas) for n, n_commas in runs if n >= 40]
            holder = el if cut else el.getparent()
        if texts and el.tag == "p" and _teaser_summary(el, stats, streams):
            continue  # another story's summary under its linked headline, one of a stream of them
        for n, n_commas in texts:
            if n < 25:
                continue
            score = 1 + n_commas + min(n / 100, 3)
            add(holder, score)
            add(holder.getparent() if holder is not None else None, score * 0.5)
    if not scores:
        return None
    best, best_score = None, float("-inf")
    for node, score in scores.items():
        if node in stats["length"]:
            tl = stats["length"][node]
            score *= 1 - (min(1.0, stats["linked"][node] / tl) if tl else 0.0)  # _link_density(node, tl)
        else:  # <html>, above the body: measured on its own
            tl = len(_flat_text(node))
            score *= 1 - _link_density(node, tl)
        if score > best_score:
            best, best_score = node, score
    return best


def _linked_heading(el: etree._Element | None, stats: _TextStats) -> bool:
    """A heading whose text is mostly a link: another story's headline."""
    if el is None or el.tag not in HEADINGS:
        return False
    n = stats["length"].get(el, 0)
    return bool(n) and stats["linked"].get(el, 0) * 2 >= n


def _teaser_summary(p: etree._Element, stats: _TextStats, streams: dict[Any, dict[tuple[str, str], int]]) -> bool:
    """A short paragraph under a linked headline, in a box that has at least two siblings of its kind
    that also hold a linked headline: a stream of other stories (<article> teasers, cards).

    ``streams`` holds, per parent, how many of its children of each tag and class hold a linked headline:
    counted in one pass over the parent, not once per box (a list of 3,000 boxes).
    """
    if stats["length"].get(p, 0) >= TEASER_CHARS or not _linked_heading(p.getprevious(), stats):
        return False
    box = p.getparent()
    parent = box.getparent() if box is not None else None
    if box is None or parent is None:
        return False
    counts = streams.get(parent)
    if counts is None:
        counts = streams[parent] = {}
        for s in parent:
            if isinstance(s.tag, str) and any(_linked_heading(h, stats) for h in s.iter(*HEADINGS)):
                kind = (s.tag, s.get("class") or "")
                counts[kind] = counts.get(kind, 0) + 1
    return counts.get((str(box.tag), box.get("class") or ""), 0) >= 3  # the box itself and two more


Block = tuple[str, bool, float]  # a text block: (text, is_heading, link_density)


class _Item(tuple[str, bool, float]):
    """A block that is an item of a list or a row of a table of facts: a Block that knows it is one."""

    __slots__ = ()


LIST_RUN = 3  # items of one list, or rows of one table of facts, in a row: a list, not short labels


def _short_term(dt: etree._Element) -> bool:
    """A <dt> that labels the <dd> after it: a few words of its own ("Aika", "Plats", "Deadline") before a
    value that is one line (no paragraphs or lists of its own) and is no labelled dateline of its own."""
    following = next(dt.itersiblings(etree.Element), None)  # past a comment between them
    term = _flat_text(dt)
    return (
        following is not None
        and following.tag == "dd"
        and len(term) <= 40
        and not _DIGIT.search(term)  # "<dt>12.4.2025</dt><dd>Konsertti</dd>": a programme's date, not a label
        and not _dated_label(_flat_text(following))  # "<dt>Details</dt><dd>Published: 12 March 2025</dd>"
        and not any(isinstance(d.tag, str) and d.tag in BLOCKS for d in dt.iterdescendants())
        and not any(isinstance(d.tag, str) and d.tag in BLOCKS and d.tag != "br" for d in following.iterdescendants())
    )


def _dated_label(text: str) -> bool:
    """Whether a text opens with a publication or update label ("Objavljeno: …", "Last updated: …")."""
    m = _LABELLED.match(text)
    return m is not None and bool(PUBLISH_WORD.search(m.group(1)) or UPDATE_WORD.search(m.group(1)))


def _table_density(out: list[Any], rows: list[tuple[int, int]], with_owner: bool) -> None:
    """A table of facts (three rows or more, two thirds of them of two cells or more) whose rows are mostly not
    links: each row with words of its own takes the median row's link density (a list of places whose first cell
    links to each one's page, not a list of links). A row of links alone keeps its own; a layout table of one
    column, whose article cell would carry its menu's rows, is no table of facts."""
    if len(rows) < 3 or 3 * sum(cells >= 2 for _, cells in rows) < 2 * len(rows):  # a title row may span them all
        return
    blocks = [out[i][1] if with_owner else out[i] for i, _ in rows]
    density = statistics.median(b[2] for b in blocks)
    if density >= 0.5:
        return
    for (i, _), b in zip(rows, blocks, strict=True):
        block = _Item((b[0], b[1], density if density < b[2] < ANNOTATED_LINK_DENSITY else b[2]))
        out[i] = (out[i][0], block) if with_owner else block


_CODE = frozenset({"script", "style"})


@overload
def _blocks(root: etree._Element, with_owner: Literal[False] = False) -> list[Block]: ...
@overload
def _blocks(root: etree._Element, with_owner: Literal[True]) -> list[tuple[etree._Element, Block]]: ...
def _blocks(root: etree._Element, with_owner: bool = False) -> list[Block] | list[tuple[etree._Element, Block]]:
    """(text, is_heading, link_density) for each text block under root, in document order.

    With ``with_owner``, (element the block belongs to, block) pairs: the innermost block-level
    element that was open when the block's text began.
    """
    out: list[Any] = []  # Blocks, or (owner, Block) pairs: as the overloads say
    buf: list[str] = []
    linked = [0]
    heading = [False]
    owners: list[etree._Element] = [root]

    rows: list[list[tuple[int, int]]] = []  # per open <table>: where its rows stand in out, and their cells

    def flush() -> None:
        text = " ".join("".join(buf).split()) if buf else ""  # most flushes find nothing (<br><br>...)
        if text:
            block: Block = (text, heading[0], min(1.0, linked[0] / len(text)))
            if owners[-1].tag == "li" and not heading[0]:
                block = _Item(block)
            if rows and owners[-1].tag == "tr":
                rows[-1].append((len(out), sum(1 for c in owners[-1] if c.tag in ("td", "th"))))
            out.append((owners[-1], block) if with_owner else block)
        buf.clear()
        linked[0] = 0
        heading[0] = False

    anchor_depth = 0
    inline_cells: set[etree._Element] = set()
    terms: set[etree._Element] = set()  # short <dt>s read on one line with the <dd> after them
    term = ""
    wraps: set[etree._Element] = set()  # <br>s inside a sentence: see _wrapped_line
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br" and (el in wraps or event == "start" and buf and _wrapped_line(buf, el, owners[-1])):
            if event == "start":
                wraps.add(el)
                buf.append(" ")
            elif el.tail:
                buf.append(el.tail)
                if anchor_depth:
                    linked[0] += len(el.tail.strip())
            continue
        # "<dt>Aika</dt><dd>18.5.2021 klo 10</dd>" is one fact, "Aika: 18.5.2021 klo 10": apart, the label says
        # nothing and the value reads as the page's dateline. No flush between them: the <dt> ends with a colon
        # and its <dd> goes on the same line.
        joins = False
        if tag == "dt" and event == "start" and _short_term(el):
            terms.add(el)
        elif tag == "dt" and event == "end" and el in terms:
            term = "".join(buf).strip()
            joins = bool(term)
            if not joins:
                terms.discard(el)  # a picture, an empty label: nothing to read the value with
        elif tag == "dd" and event == "start":
            joins = next(el.itersiblings(etree.Element, preceding=True), None) in terms
        if tag and tag not in BLOCKS and el is not root and not _in_word(el):
            # An inline element's edge: a label and its value in spans of their own are two words (see _apart).
            text = el.text if event == "start" else el.tail
            if text and buf and _apart(buf[-1], text):
                buf.append(" ")
        if (
            tag in CELLS
            and event == "start"
            and not any(isinstance(d.tag, str) and d.tag in BLOCKS and d.tag != "br" for d in el.iterdescendants())
        ):
            # A cell of text only: a row of such cells is one line ("5 1 17 27"), the cells apart.
            inline_cells.add(el)
        if el in inline_cells:
            buf.append(" ")
            if event == "end" and el.tail and el is not root:
                buf.append(el.tail)
            elif event == "start" and el.text:
                buf.append(el.text)
                if anchor_depth:
                    linked[0] += len(el.text.strip())
            continue
        if tag == "table":
            if event == "start":
                rows.append([])
            else:
                _table_density(out, rows.pop(), with_owner)
        if event == "start":
            if tag in BLOCKS:
                # Nothing gathered since the last flush (a <br> at its end): flushing would only reset the heading mark.
                if buf and not joins:
                    flush()
                heading[0] = tag in HEADINGS
                owners.append(el)
            if tag == "a" and not _toggle(el):
                anchor_depth += 1
            # A script's or a style sheet's code is no text (read before cleaning drops them, it would make the
            # page's text begin above its dateline).
            if el.text and tag and tag not in _CODE:
                buf.append(el.text)
                if anchor_depth:
                    linked[0] += len(el.text.strip())
        else:
            if tag == "a" and not _toggle(el):
                anchor_depth -= 1
            if tag in BLOCKS:
                if joins:
                    buf.append(": " if term[-1].isalnum() or term[-1] in ")]" else " ")  # not after "?" or ":"
                elif buf:
                    flush()
                heading[0] = False
                owners.pop()
            if el.tail and el is not root:
                buf.append(el.tail)
                if anchor_depth:
                    linked[0] += len(el.tail.strip())
    flush()
    return out


WRAPPED_CHARS = 40  # a line this long at least before a <br> inside its sentence: a wrapped line, not an item


def _wrapped_line(buf: list[str], br: etree._Element, owner: etree._Element) -> bool:
    """Whether a <br> breaks a sentence in two: the line before it (``buf``, its pieces since the last break) runs
    on, 40 characters or more ending in a lower-case letter or a comma, and the one after it goes on in lower case,
    as an editor's soft return or text pasted with its line breaks writes it ("… valmistautuu<br>yhä vahvempaan
    rooliin."). Such a sentence is one paragraph, not two (its language, its names and its phrases were read apart).
    Not a programme's short lines ("avaus ja kahvit aulassa<br>esittely"), lines that start alike ("klo 10 …<br>klo
    11 …"), a label's line ("kuva: Matti Meikäläinen"), nor lines set as they are (<pre>, <address>). Reads the ends
    of the pieces only: a text of thousands of such lines is not read again at each break."""
    after = (br.tail or "").split(maxsplit=1)
    if not after or not after[0][0].islower() or after[0].endswith(":") or owner.tag in ("pre", "address"):
        return False
    end = next((piece.rstrip() for piece in reversed(buf) if piece.strip()), "")
    if not end or not (end[-1].islower() or end[-1] == ","):
        return False
    length = 0
    for piece in reversed(buf):  # (a line's length, counted back to WRAPPED_CHARS at most)
        length += len(piece)
        if length >= WRAPPED_CHARS:
            break
    else:
        return False
    first = next((piece.split(maxsplit=1)[0] for piece in buf if piece.strip()), "")
    return first.lower() != after[0].lower()


CREDIT = re.compile(
    r"^(foto|fotos|kuva|kuvat|photo|photos|bild|bilder|image|kuvaaja|fotograf|picture|credit|crédito|"
    r"quelle|source|lähde|källa|kilde|bron|fuente|fonte|źródło|abbildung \d+|fig\.? ?\d+|figure \d+)\s*[:.]"
    r"|getty ?images|shutterstock|istock|thinkstock|picture.alliance"
    r"|^\(?(foto|photo|bild|crédito|credit)\b|^©|©\s*\S+\s*$"
    r"|^(?:additional )?(?:reporting|writing|editing) by\b",  # a wire story's "Reporting by …; Editing by …"
    re.I,
)


DATELINE_WORDS = re.compile(
    # A Swedish passive only with the page as its subject, or opening the line ("Sidan uppdaterades 14 mars 2025",
    # "Publicerades 12 mars 2025, uppdaterades 14 mars"): "Planen uppdaterades 20 februari 2025." is a sentence.
    # (Phrases before the words they hold: the first alternative that matches is taken.)
    r"\b((?:sidan|artikeln|nyheten|texten) (?:publicerades|uppdaterades|ändrades)|"
    r"^(?:publicerades|uppdaterades|ändrades)|"
    r"(?<=, )uppdaterades|(?<=och )uppdaterades|"
    r"published|updated|posted|last|modified|on|at|am|um|klo|kl|julkaistu|päivitetty|muokattu|viimeksi|publicerad|"
    r"publicerat|uppdaterad|uppdaterat|senast|sist|senest|opdateret|publiceret|"
    # The page itself as the subject: "Sivua päivitetty viimeksi", "Page last updated", "Sidan är senast uppdaterad".
    r"sidan|sivu|sivua|page|veröffentlicht|aktualisiert|zuletzt|publié|mis à jour|le|publicado|"
    r"actualizado|el|pubblicato|il|ultima|modifica|gepubliceerd|bijgewerkt|op|publisert|oppdatert|pressmeddelande|"
    r"pressemeddelelse|offentliggjort|lehdistötiedote|mediatiedote|"
    r"tiedote|press release|news|uutinen|nyhet|date|datum|päivämäärä|time|aika|tid|cet|cest|eet|eest|utc|gmt|"
    r"ändrad|objavljeno|objave|spremenjeno|posodobljeno|posodobitev|sprememba|zadnja|zadnjič|ob|"
    # GOV.UK's link to the update history on the update's line; a live blog's start.
    r"(?:see|show|view) all updates|first published|seuranta alkoi|"
    r"for immediate release|release date|embargoed until)\b",  # a press release's own dateline
    re.I,
)
# A time, with the half of the day after it ("4:54 PM", "9.15 a.m."): the time's, not a word beside the date.
_TIME_ONLY = re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\b(?:\s*[AaPp]\.?\s?[Mm]\b\.?)?")
_CAPTION_END = re.compile(
    r"(©|\(c\)|getty ?images|shutterstock|istock|imago|picture.alliance|\bdpa\b|\bafp\b|reuters|ap photo|"
    r"\b(foto|photo|kuva|bild|credit|crédito)\s*:|"
    # "The Regal in 1958. Picture: Hebbleton Archive", "… | Photograph: Anna Berg/City of Vaasa": after the caption's
    # sentence or a separator, not a heading's "The big picture: What it means".
    r"(?<=[.!?|/] )(?:picture|pictures|image|imagen|photograph|pic)\s*:\s*(?-i:[A-ZÅÄÖ])|"
    r"/\s*domena publiczna|public domain)[^.!?]{0,60}$",
    re.I,
)


def _strip_dates(text: str) -> str:
    for pattern in (ISO_DATE, DMY_NAME_DATE, MDY_NAME_DATE, DMY_NUM_DATE, SLASH_DATE):
        text = pattern.sub(" ", text)
    return _TIME_ONLY.sub(" ", text)


_UPDATE_LABEL = re.compile(UPDATE_WORD.pattern + r"(?:\s+on)?\W*$", re.I)  # the words just before a <time>


# "Label: value" that opens a line: "Aika: ti 18.5.2021 klo 10–12", "Deadline: 31 May 2021", "Julkaistu: 3.5.2021".
_LABELLED = re.compile(r"^\s*([^\W\d_]+(?:[ -][^\W\d_]+){0,2})\s*:\s*(?=\S)")
_FIRST_WORDS = re.compile(r"^\s*([^\W\d_]+(?: [^\W\d_]+)?)\s+\d")  # "Aika 18.5.", "Event date 3 May"
_RELEASE_KIND = re.compile(
    r"\b(?:press release|pressmeddelande|tiedote|lehdistötiedote|news|uutinen|nyhet|pressemitteilung|sporočilo)\b", re.I
)
_EVENT_LABEL = re.compile(
    r"^(?:aika|ajankohta|tid|tidpunkt|time|when|deadline|hakuaika|määräaika|ansökningstid|sista ansökningsdag|"
    r"registration|ilmoittautuminen|anmälan|čas|rok|termin|event date|paikka|plats|place|venue|kraj)$",
    re.I,
)


def _fact_label(text: str) -> str:
    """What a labelled line's label makes of its date: "fact" (an event's time, a deadline: text, never the
    page's date), "date" (any other label, "Date:", "Julkaisupäivä:": the page's date above the text's first
    paragraph, a fact within it), or "" (no label, or a publication or update word: a dateline anywhere)."""
    m = _LABELLED.match(text)
    if not m:
        # A label in an element of its own needs no colon: "<dt>Aika</dt><dd>18.5.2021</dd>" reads "Aika 18.5.2021".
        first = _FIRST_WORDS.match(text)
        return "fact" if first and _EVENT_LABEL.match(first.group(1)) else ""
    label = m.group(1)
    if PUBLISH_WORD.search(label) or UPDATE_WORD.search(label) or _RELEASE_KIND.search(label):
        return ""
    # Only an event's or a call's own words make a fact wherever it stands; any other label ("Julkaisupäivä",
    # "Publiceringsdatum", "Publication date") is a dateline above the text and a fact within it, as "Date:" is.
    return "fact" if _EVENT_LABEL.match(label) else "date"


_SEPARATED = re.compile(r"\s[|·•]\s")
# A dateline's parts may also stand between slashes ("Tuesday, 11.06.2012 / 4:54 PM / Prospects"); a line of the
# text is not split at them ("and / or").
_DATELINE_SEPARATED = re.compile(r"\s[|·•/]\s")


# Country domains whose sites write numeric dates day first whatever language tag they declare: the United Kingdom,
# Ireland, the EU's own and its member states' and neighbours' domains.
_DAY_FIRST_DOMAINS = frozenset({
    "uk", "ie", "eu", "fi", "se", "no", "dk", "is", "ee", "lv", "lt", "si", "hr", "de", "at", "ch",
    "nl", "be", "lu", "fr", "it", "es", "pt", "pl", "cz", "sk", "hu", "ro", "bg", "gr", "cy", "mt",
})  # fmt: skip


def _date_lang(declared: str, url: str) -> str:
    """The language tag that tells the order of numeric dates: the declared one, or, where it says nothing (no
    tag, plain "en"), the order of the page's country domain ("en" on a .uk or .ie council site: day first)."""
    if day_first(declared) is not None or "-" in declared:
        return declared
    host = (urlsplit(url).hostname or "").rstrip(".")  # extract() passes no address urlsplit refuses
    tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    return f"{declared or 'en'}-{tld}" if tld in _DAY_FIRST_DOMAINS else declared


def _update_line(body: etree._Element, lang: str, published: str, fetched: str) -> str:
    """The date of an update line ("Uppdaterad: 2025-03-14 09:30", "Päivitetty 14.3.2025") on a page whose
    metadata gives only the publication date; not another story's, nor a side column's (a widget's "updated 8.9.
    at 10:05"). Read only where such a word stands."""
    if not UPDATE_WORD.search(" ".join(body.itertext())):
        return ""
    for owner, (block, _heading, _density) in _blocks(body, with_owner=True):
        if (
            len(block) <= 120
            and UPDATE_WORD.search(block)
            and _is_dateline(block)
            and not _in_chrome(owner)
            and not _other_story(owner)
        ):
            changed = dateline_dates(block, lang, published=published, fetched=fetched)[1]
            if changed:
                return changed
    return ""


def _is_dateline(text: str) -> bool:
    """A line that is a date and little else: "Julkaistu 18.11.2021 klo 10.30", "Okt 10, 2017 07:20 CEST".

    A short sentence that mentions a date ("The seminar is on 10 May 2021 in Seinäjoki.") is not.
    """
    return len(text) <= 120 and _short_dateline(text)


# Every block is tested two or three times (the first date in the text, the filters, the weighing of
# wrappers) and the date patterns are the costly part: remembered for one page (extract() clears it).
@functools.lru_cache(maxsize=1 << 17)
def _short_dateline(text: str) -> bool:
    """Tell whether a line of 120 characters or fewer is a date and little else (see _is_dateline)."""
    # A slash date is a date whichever order it is in ("05/02/2025"): the page's language tells which, later.
    # So is a date with a two-digit year where the text marks it one ("ti 3.12.26 klo 10.15", "Julkaistu 3.12.26"),
    # read in either order: whether the line is a dateline does not hang on the order, which the page's language
    # tells when its date is read (dateline_dates); a line such as "3.13.26" on a day-first page then gives none.
    if not (parse_date(text) or SLASH_DATE.search(text) or has_short_year_date(text)):
        # A paper prints the year only for past years: "Julkaistu 12.3. klo 6.00", "Publicerad 12 mars 06.00". Such
        # a line is a dateline only with its word (2000, a leap year: any day a page prints reads).
        if not (PUBLISH_WORD.search(text) or UPDATE_WORD.search(text)):
            return False
        text = with_year(text, 2000)
        if not parse_date(text):
            return False
    if _fact_label(text) == "fact":
        return False
    return _words_beside_date(text) <= 1  # a weekday or a place name may stand with it


def _words_beside_date(text: str) -> int:
    """How many words a line holds besides its dates, times (with their zones) and dateline words."""
    return len(re.findall(r"[^\W\d_]{2,}", DATELINE_WORDS.sub(" ", _ZONE_ABBREVIATION.sub(" ", _strip_dates(text)))))


# A time zone's abbreviation as written, in capitals ("11:45 p.m. EST", "09:00 AEDT"): part of the time beside a date.
_ZONE_ABBREVIATION = re.compile(
    r"\b(?:[ECMP][SD]T|BST|IST|JST|HKT|SGT|AE[SD]T|AC[SD]T|AWST|NZ[SD]T|CES?T|EES?T|WES?T)\b"
)


_MARKED_NAMES = etree.XPath(
    ".//*[contains(@class, 'author') or contains(@class, 'byline') or @rel = 'author' or @itemprop = 'author'"
    " or contains(@data-testid, 'author') or contains(@href, '/author')]"
)


def _named_dateline(text: str, owner: etree._Element | None = None, fetched: str = "") -> bool:
    """A byline row: the writer's name, marked as the author's in the markup, then a dateline ("Ciara Doherty
    March 12 2025 08:04 AM"); not a teaser's headline in title case ("Italian Pot Roast Oct 22, 2012")."""
    if len(text) > 160 or owner is None or not _YEAR.search(text):  # every dateline read has a year: cheap first
        return False
    names = {_text(el) for el in _MARKED_NAMES(owner)}
    name = next((n for n in names if n and text.startswith(n) and _NAME.fullmatch(n) and not _DIGIT.search(n)), "")
    rest = text[len(name) :].strip(" ,|·•–-") if name else ""
    if not rest or not _is_dateline(rest):
        return False
    return _not_after_tomorrow(parse_date(rest), fetched)


def _parts_line(owner: etree._Element, block: str) -> str:
    """A short block made of two or more inline elements and nothing between them, read with " | " between the
    elements ("<span>Questions and answers</span><span>12 March 2025</span><span>Brussels</span>") when the row or
    one of its parts is named as a meta row or a date: a press room sets a dateline's parts apart with its style
    sheet, not with a visible separator ("" for any other block)."""
    if len(block) > 160:
        return ""
    kids = [c for c in owner if isinstance(c.tag, str)]
    if len(kids) < 2 or (owner.text or "").strip() or any((c.tail or "").strip() for c in kids):
        return ""
    if any(c.tag in BLOCKS for c in kids):
        return ""
    # Named as the page's meta row or date by its markup: a fact row of the same shape ("Opening hours", "12 March
    # 2025", "Mon-Fri") is the text's.
    if not any(
        _META_ROW.search(f"{el.get('class', '')} {el.get('id', '')}") or el.tag == "time" for el in (owner, *kids)
    ):
        return ""
    parts = [t for t in (_text(c) for c in kids) if t]
    return " | ".join(parts) if len(parts) >= 2 else ""


_META_ROW = re.compile(r"meta|date|time|dateline|byline|published|posted|release-info|(?<![a-z])info(?![a-z])", re.I)


def _separated_dateline(text: str) -> bool:
    """A dateline with the release's kind or its publisher beside it, set apart by a separator: "Press release
    12.3.2025 10:30 EET | City of Seinäjoki", "Mar 12, 2025 · 4 min read". Each other part is a few words, not a
    sentence. Only above the text is it the page's: within it, "12.4.2025 · Konsertti · Kaupungintalo" is a
    programme's line."""
    if len(text) > 160 or not _DATELINE_SEPARATED.search(text):
        return False
    parts = [p.strip() for p in _DATELINE_SEPARATED.split(text) if p.strip()]
    dated = [p for p in parts if len(p) <= 120 and _short_dateline(p)]
    # A time alone ("4:54 PM", "9:44 p.m.") is the date's, set apart from it.
    return len(dated) == 1 and all(_beside_date(p) or _TIME_ONLY.fullmatch(p) for p in parts if p not in dated)


# The word that ends a public body's or a company's name: a publisher's, not a headline in Title Case.
_ORG_WORD = re.compile(
    r"(?:council|city|region|county|borough|district|municipality|ministry|department|office|agency|university|"
    r"college|association|foundation|society|ltd|plc|inc|oy|oyj|ab|kommun|region|stad|landsting|förbund|kaupunki|"
    r"kunta|liitto|yhdistys|säätiö|občina|mestna|zavod|društvo)",
    re.I,
)
_NAME_JOINERS = frozenset({"and", "och", "ja", "og", "of", "in", "the", "for", "und", "i", "za", "&", "-", "–"})


def _beside_date(part: str) -> bool:
    """A part a dateline sets apart: a few words ("4 min read", "City of Seinäjoki"), or up to 8 when labelled
    ("Source: Derry City and Strabane District Council"), a name or a byline; not a headline or a sentence."""
    words = part.split()
    if part[-1] in ".!?" or len(words) > 8:
        return False
    return (
        len(words) <= 4
        or bool(_LABELLED.match(part))
        or (
            _ORG_WORD.fullmatch(words[-1]) is not None
            and all(w[:1].isupper() or w.lower() in _NAME_JOINERS for w in words)
        )
        or bool(_byline_name(part.strip("/ ")))  # "// By Arun Sai Krishnan • Nov 11, 2020"
    )


_ROLE_END = re.compile(
    r"(?:correspondent|reporter|editor|writer|journalist|columnist|photographer|producer|contributor|analyst|"
    r"kirjoittaja|toimittaja|reportteri|"
    r"kirjeenvaihtaja|kolumnisti|kuvaaja|redaktör|korrespondent|skribent|krönikör|fotograf|novinarka?|"
    r"dopisnica|dopisnik|urednica|urednik)s?$",
    re.I,
)


def _byline_rest(block: Block, author: str) -> bool:
    """A line that is the writer's name and their role ("Ciara Doherty Ireland correspondent"): the byline's,
    near the top of the text. Not a line that goes on from the name ("Anna Lindholm wins the prize")."""
    text, heading, _density = block
    return (
        not heading
        and (text == author or (text.startswith(author) and _role_after(text[len(author) :])))
        and len(text.split()) <= 8
    )


def _role_after(rest: str) -> bool:
    """Whether what follows a name is a role: ", kirjoittaja", "Ireland correspondent" (a role word after at most
    two words, capitalised ones but for a comma after the name), not "named new chief editor"."""
    if rest[:1] not in (" ", ",") or not _ROLE_END.search(rest):
        return False
    words = rest.strip(" ,").split()[:-1]
    return rest.startswith(",") or (len(words) <= 2 and all(w[:1].isupper() for w in words))


def _stated_dateline(kept: list[Block], published: str, lang: str) -> str:
    """The line above the text that shows the date the metadata states, set apart with the publisher or the
    release's kind ("Wed, Mar 12, 2025 09:00 GMT | Source: City Council"), or without its year, as pages print
    this year's dates ("Mar 12 · 4 min read", "12.3. klo 6.00"): the page's furniture, not its text."""
    prose = 0
    for text, heading, _density in kept[:BYLINE_BLOCKS]:
        if heading:
            continue
        if len(text) >= PROSE_CHARS and not _SEPARATED.search(text):
            prose += 1
            if prose > 1:
                break  # the text has begun (the lead may stand above the meta row)
        dated = with_year(text, int(published[:4])) if published[:4].isdigit() else text  # as is with a year
        if dated != text and not _yearless_meta(dated):
            continue  # "Mar 12 · Opening ceremony": a programme's line on the day of publication
        if (
            _separated_dateline(dated) or _is_dateline(dated) or _meta_row(dated) or _top_dateline(dated)
        ) and _same_day(dateline_dates(dated, lang)[0], published, worded=bool(PUBLISH_WORD.search(dated))):
            return text
    return ""


# What a dateline above the text prints beside its date besides words: a weekday, its abbreviation, the half of the
# day and the time zone ("Published 7:05 AM EDT, Thu September 14, 2023", "Tuesday 4 July 2023 14:21, UK").
_DAY_AND_ZONE = re.compile(
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b\.?|\b(?:am|pm|a\.m\.|p\.m\.)(?!\w)|"
    r"\b(?:[ECMP][SD]T|BST|IST|JST|HKT|SGT|AE[SD]T|AC[SD]T|AWST|NZ[SD]T|CES?T|EES?T|WES?T|UTC|GMT)\b",
    re.I,
)


def _top_dateline(text: str) -> bool:
    """A line above the text that says it is the publication's or the update's and is a date and little else once
    its weekdays, the half of the day and the time zone are set aside (asked only of a line that shows the
    metadata's day). Without its word, "Tiistai 12.9.2023 klo 18 kaupungintalo" is an event's line."""
    return (
        len(text) <= 160
        and bool(PUBLISH_WORD.search(text) or UPDATE_WORD.search(text))
        and bool(parse_date(text))
        and _words_beside_date(_WEEKDAY.sub(" ", _DAY_AND_ZONE.sub(" ", text))) <= 1
    )


def _same_day(shown: str, published: str, worded: bool) -> bool:
    """Whether a line's date is the metadata's day; a line that says it is the publication's ("Posted Tue 12 Sep
    2023 at 6:31am") may show the day before or after, as the metadata may state its time in UTC and the line
    in the page's local time."""
    if not shown or not published:
        return False
    if shown[:10] == published[:10]:
        return True
    try:
        apart = abs(datetime.fromisoformat(shown[:10]) - datetime.fromisoformat(published[:10]))
    except ValueError:
        return False
    return worded and apart <= timedelta(days=1)


# A reading time, its label before or after: "3 Min. Lesezeit", "5 min lukuaika", "Lästid: 4 min", "4 min read".
_READING_TIMES = re.compile(
    r"(?:\b(?:lesezeit|lesedauer|lukuaika|lästid|lesetid|læsetid|reading time|temps de lecture|tiempo de lectura)"
    r"\s*:?\s*)?\b\d+\s*(?:min(?:ute)?s?|minuter|minuuttia|minuutin|minut)\b\.?(?:\s+(?:read|reading|lesezeit|"
    r"lesedauer|de lecture|de lectura|di lettura|lukuaika|lukuaikaa|lästid|läsning|lesetid|læsetid|leestijd)\b)?",
    re.I,
)
_BYLINE_OPENERS = {"by", "von", "par", "por", "av", "af", "door"}


def _meta_row(text: str) -> bool:
    """A meta row: a dateline with the writer's name, a place or a role beside it and a reading time or a byline's
    word, its parts in elements of their own and run together ("Von Sabine Krüger 22.02.2024, 21:45 Uhr 3 Min.
    Lesezeit", "Mikko Väisänen·10.12.2024·5 min lukuaika"). Its other words are a few capitalised ones; a sentence
    has lower-case words ("The council met on 10 December 2024 to approve the plan")."""
    if len(text) > 120:
        return False
    parts = re.sub(r"[|·•]", " ", text)
    without = _READING_TIMES.sub(" ", parts)
    words = re.findall(r"[^\W\d_][\w'’-]*", _strip_dates(DATELINE_WORDS.sub(" ", without)))
    opened = bool(words) and words[0].lower() in _BYLINE_OPENERS
    if opened:
        words = words[1:]
    # A reading time or a byline's word says it is the page's row: "HJK–KuPS 2–1 (10.12.2024)" is a result.
    return (opened or without != parts) and 0 < len(words) <= 5 and all(w[:1].isupper() for w in words)


_READING_TIME = re.compile(r"^\d+\s*(?:min|minutes?|minuter|minuuttia|minut)\b", re.I)


def _yearless_meta(dated: str) -> bool:
    """Whether a line whose date the page printed without a year is a meta row: its other parts a reading time or
    dateline words ("Mar 12 · 4 min read", "Julkaistu 12.3. klo 6.00"), not a programme's ("Mar 12 · Keynote")."""
    parts = [p.strip() for p in _SEPARATED.split(dated) if p.strip()]
    return all(_READING_TIME.match(p) or not _words_beside_date(p) for p in parts)


# HTML5's <time pubdate>, outside readers' comments (themes mark each comment's time so too).
_PUBDATE = etree.XPath(
    "//time[@pubdate][not(ancestor::*[contains(translate(@class, 'COMMENT', 'comment'), 'comment')"
    " or contains(translate(@id, 'COMMENT', 'comment'), 'comment')])]"
)


# A box of other stories or of the site's furniture, by its tag, role or class and id words: a date in it is theirs.
# (Whole words but for the stems that name such boxes in compounds: "relatedposts", "commentlist".) Not a footer:
# an article's own ("entry-footer") gives its date and author. Not "widget", which Elementor gives every block.
ELSEWHERE_TAGS = {"nav", "aside", "menu"}
ELSEWHERE_ROLES = {"navigation", "complementary", "menu"}
_ELSEWHERE_CLASS = re.compile(
    r"(?<![a-z])(?:nav|navbar|navigation|menu|submenu|promo|promotion|widgets|widgetarea|sidebars?)(?![a-z])|"
    r"related|recommend",
    re.I,
)
_COMMENT_BOX = re.compile(r"comment(?!ar)|kommentar|kommentti|disqus", re.I)
TEASER_BOX_CHARS = 400  # an <li> or <article> among siblings holding less is a teaser, not the story


def _other_story(el: etree._Element, strict: bool = True) -> bool:
    """Whether a date or name at el belongs to other stories: in a teaser list, in readers' comments, or (when
    ``strict``) in furniture such as a side column, which sometimes holds the article's own date (a fallback)."""
    box = _list_item(el, itself=True)
    if (
        box is not None
        and not _text_reaches(box, TEASER_BOX_CHARS)
        and box.find(".//a[@href]") is not None  # a teaser links to its story; a list of the post's facts does not
    ):
        return True
    for a in el.iterancestors():
        if strict and (a.tag in ELSEWHERE_TAGS or (a.get("role") or "").lower() in ELSEWHERE_ROLES):
            return True
        if a.tag in ("html", "body", "main", "article") or not (a.get("class") or a.get("id")):
            continue  # a page's classes name its layout ("no-sidebars"), not a box
        names = " ".join(_class_words(a)[0])  # without "no-sidebars", term slugs and utility classes
        if _COMMENT_BOX.search(names) or (strict and _ELSEWHERE_CLASS.search(names)):
            return True
    return False


def _text_reaches(el: etree._Element, limit: int) -> bool:
    """Whether el's text (blanks aside) reaches ``limit`` characters: stops reading once it does."""
    n = 0
    for piece in el.itertext():
        n += len("".join(piece.split()))
        if n >= limit:
            return True
    return False


def _updated_time(el: etree._Element) -> bool:
    """A <time> that marks when the article was updated (WordPress's ``time.updated``, schema.org's dateModified)."""
    # Class words and their BEM parts: "updated", "entry-date--updated", "content-date__datetime--updated".
    classes = (el.get("class") or "").lower().split()
    words = {*classes, *(part for word in classes for part in re.split(r"--|__", word))}
    updated = bool(words & {"updated", "modified", "date-updated", "date-modified"}) and not words & {"published"}
    return updated or el.get("itemprop") == "dateModified"


def _list_item(el: etree._Element, itself: bool = False) -> etree._Element | None:
    """The <article> or <li> that el stands in (or, with ``itself``, is) when it is one of several siblings of
    its tag, a list's item; else None. The nearest sibling of its tag is looked for, not every sibling counted
    (a list of thousands of items asks this of each)."""
    boxes = (el, *el.iterancestors()) if itself else el.iterancestors()
    box = next((a for a in boxes if a.tag in ("article", "li")), None)
    if box is None:
        return None
    tag = str(box.tag)
    if next(box.itersiblings(tag), None) is None and next(box.itersiblings(tag, preceding=True), None) is None:
        return None
    return box


# An element whose class names a date ("post-date", "entry-date") made of two or more leaf elements: a badge.
_DATE_BADGE = etree.XPath(
    "//*[contains(concat(' ', translate(@class, 'DATE', 'date'), ' '), 'date ')]"
    "[count(*) >= 2][not(.//*[count(*) > 0])]"
)
# "by randfish on January 31, 2011", "By Lim Cheng Soon, 14 November 2010", "Posted by Jane | 3.5.2024",
# "Av Eva Berg 3 maj 2021", "Teksti: Matti Mäkinen 3.5.2021", "2012-10-29 by Herb Sutter"
# The word that opens a byline, at the line's start or after its date or a separator.
_BYLINE = re.compile(
    r"(?:^|(?<=[\s|·•—–:,-]))(?:posted\s+|written\s+|submitted\s+)?"
    r"(?:by|av|von|par|por|kirjoittanut|kirjoittaja|teksti|text|avtor|avtorica)\b:?\s+",
    re.I,
)
# A date or weekday right after "by": a deadline ("Apply by 30 June", "by Friday 3 May"), not a name.
_NOT_A_NAME = re.compile(
    r"(?:the\s+end\s+of\s+|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:\d|(?:" + MONTH_NAMES + r")\b\.?\s*\d)", re.I
)
_WEEKDAY = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:maanantai|tiistai|keskiviikko|torstai|perjantai|lauantai|"
    r"sunnuntai|m[åa]ndag|tisdag|onsdag|torsdag|fredag|l[öo]rdag|s[öo]ndag|ponedeljek|torek|sreda|četrtek|petek|"
    r"sobota|nedelja)\w*",
    re.I,
)
_YEAR = re.compile(r"\d{4}")
_HALF_DAY_END = re.compile(r"\s*[ap]\.\s?m\.$", re.I)


def _is_byline_date(text: str, fetched: str = "") -> bool:
    """A byline that gives the date: the byline word opens the line (or follows its date), then a name.

    "by randfish on January 31, 2011", "2012-10-29 by Herb Sutter", "Watch This || By: Grace, Oct 30, 2012".
    Not a deadline ("Apply by 30 June 2025"), an event ("Konsert av Göteborgs symfoniker 12 juni"), a credit
    ("Photo by Jane Doe, 3 May 2019"), a sentence, or a date after tomorrow.
    """
    if len(text) > 120 or not _YEAR.search(text):  # every date form newsflow reads has a year: cheap first
        return False
    if _HALF_DAY_END.sub("", text)[-1:] in ".!?":  # "... at 10:30 a.m." ends a byline, not a sentence
        return False
    for m in _BYLINE.finditer(text):
        before = re.split(r"[|·•—–]", text[: m.start()])[-1]  # a byline may follow a label: "Watch This || By:"
        before = _WEEKDAY.sub(" ", DATELINE_WORDS.sub(" ", _strip_dates(before)))
        if not re.search(r"[^\W\d_]{2,}", before) and not _NOT_A_NAME.match(text, m.end()):
            break
    else:
        return False
    if len(re.findall(r"[^\W\d_]{2,}", _strip_dates(text))) > 8:
        return False
    return _not_after_tomorrow(parse_date(text), fetched)


def _not_after_tomorrow(found: str, fetched: str = "") -> bool:
    """Whether a date read from a byline is one (not a deadline's or an event's): no later than the day after the
    server answered (``fetched``, so that re-extracting the page years later reads it alike), or than tomorrow."""
    return bool(found) and not_after(found, 1, fetched)


_FIGURE = re.compile(r"^(abbildung|abb\.|figure|fig\.|kuva|kuvio|bild|figur|image|grafik|graafi)\s*\d+\s*[:.]", re.I)
_NOTE = re.compile(r"^[(\[][^()\[\]]{3,80}[)\]]$")


def _is_caption(text: str) -> bool:
    """An image caption, credit or editorial note: "… | © Getty Images", "Kuva: Seinäjoen kaupunki",
    "Abbildung 4: …", "(Alle Angaben ohne Gewähr)"."""
    return (
        (len(text) < 100 and bool(CREDIT.search(text)))
        or (len(text) < 300 and bool(_CAPTION_END.search(text)))
        or (len(text) < 400 and bool(_FIGURE.match(text)))
        or bool(_NOTE.match(text))
    )


ANNOTATED_LINK_DENSITY = 0.9  # a line more linked than this is a link and nothing else


def _box_title(block: Block) -> bool:
    """A heading, or a short line introducing what follows ("Related:", "Read more:")."""
    text, heading, _density = block
    return heading or _label(text) or (text.endswith(":") and _label(text[:-1]) and len(text.split()) <= 4)


def _keep_annotated_lists(blocks: list[Block], keep: list[bool]) -> None:
    """Keep the linked lines the article's own prose stands around (in place, on ``keep``).

    A run of linked lines, most of them (and at least two) a link with words of its own beside it
    ("Bad news! - 16.2%", a deal and its price), with kept text right before and after it and
    article prose further on both sides, is a list the article gives. A box of links has a title
    ("Related stories", "Read more:"), or links alone: those stay dropped. So is one sentence whose
    words are mostly a link, with prose right before and after it (``_linked_sentence``).
    """
    prose = [i for i, (t, h, d) in enumerate(blocks) if keep[i] and not h and _reads_as_text(t, h, d)]
    if len(prose) < 2:
        return
    prose_set = set(prose)
    i, last = prose[0] + 1, prose[-1]
    while i < last:
        j = i
        while j < last and not keep[j] and not blocks[j][1] and blocks[j][2] > 0.5:
            j += 1
        annotated = sum(_annotated(blocks[k]) for k in range(i, j))
        if annotated >= 2 and annotated * 2 >= j - i and keep[i - 1] and keep[j] and not _box_title(blocks[i - 1]):
            keep[i:j] = [True] * (j - i)
        elif j == i + 1 and i - 1 in prose_set and j in prose_set and _linked_sentence(blocks[i]):
            keep[i] = True
        i = max(j, i + 1)


_LINK_ROW = re.compile(r"[·•|§»›]")  # a bullet or separator between links: no words of a line's own
_DATE_FORMS = (DMY_NUM_DATE, ISO_DATE, DMY_NAME_DATE, MDY_NAME_DATE, SLASH_DATE)


def _annotated(block: Block) -> bool:
    """A link with words of its own beside it: not a date (a news list), a bullet or a row of separated links."""
    text, _heading, density = block
    own = (1 - density) * len(text)  # characters outside the links
    if density >= ANNOTATED_LINK_DENSITY or own < 5 or _LINK_ROW.match(text) or len(_LINK_ROW.findall(text)) >= 2:
        return False
    # A date beside a headline is a news list's, not words of the line's own.
    dates = sum(len(m.group(0)) for p in _DATE_FORMS for m in p.finditer(text))
    return own - dates >= 5


# "Read more:", "Related:", "See also:", "Lue myös:"; and the cross-link openers written without a colon.
_LEAD_LABEL = re.compile(
    r"^\W*(?:(?:\w+\W+){0,3}\w+\s*:|(?:read|see) (?:also|more)\b|läs (?:också|även|mer)\b|se även\b|"
    r"(?:lue|katso) (?:myös|lisää)\b)",
    re.I,
)


def _linked_sentence(block: Block) -> bool:
    """A sentence of the article's prose whose words are mostly a link, not a line sending the reader elsewhere."""
    text, heading, density = block
    return (
        not heading
        and density < ANNOTATED_LINK_DENSITY
        and len(text.split()) >= 6
        and text[-1:] in '.!?"”»'
        and not _LEAD_LABEL.match(text)
        and not CUT_SHORT.search(text)
    )


# A heading that opens the readers' comments: "Comments", "12 Comments", "Comments (3)", "Leave a Reply",
# "5 Responses to ...", "TrackBack" (links from other blogs), "Keskustelu (8)", "8 kommenttia". Never the singular
# "Comment" or a "Discussion" without its count: an article's sections are named so.
_COMMENTS_TITLE = r"(?:reader )?(?:comments|kommentarer|kommentit|kommentare|commentaires|comentarios)"
COMMENTS_HEAD = re.compile(
    r"^(?:(?:\d+\s+)?(?:" + _COMMENTS_TITLE + r"|trackbacks?|pingbacks?)"
    r"|(?:discussion|keskustelu|diskussion|razprava|diskusjon|debat)\s*\(\d+\)"
    r"|\d+\s+(?:comment|response|responses|replies|reply|kommenttia?|kommentar|komentarjev|komentarji)"
    r"|(?:leave|post|add|write) a (?:comment|reply)|join the (?:discussion|conversation)"
    r"|\d+ (?:thoughts|responses|comments|replies) (?:on|to) [“\"'‘«„].{1,200})\s*(?:\(\d+\))?[:.]?$",
    re.I,
)


_BARE_COMMENTS = re.compile(r"^" + _COMMENTS_TITLE + r"[:.]?$", re.I)
# A reader's comment is signed with when it was posted ("Mar 26, 2007 2:00:18 PM", "October 30, 2012 at 9:46 AM",
# "12.3.2026 klo 10.15") or by whom ("Posted by"); a release's quotes are not.
_POSTED = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?\s*[ap]\.?m\b|\d{4},?\s+(?:at\s+|klo\s?|kl\.?\s?)?\d{1,2}[:.]\d{2}\b|"
    r"\bposted\b|\bsays:|\bskriver:|\bkirjoitti:|\bsagt:",
    re.I,
)


def _posted(blocks: list[Block]) -> bool:
    """Whether a line among ``blocks`` says when or by whom a comment was posted."""
    return any(_POSTED.search(t) for t, _h, _d in blocks)


def _cut_at_comments(blocks: list[Block], keep: list[bool]) -> None:
    """Drop everything from a heading that opens the readers' comments on, once article text came before it."""
    seen_text = False
    for i, (text, heading, density) in enumerate(blocks):
        # A bare "Comments" is also a press release's section of quotes: cut only above signed comments.
        # Tested in this order, so only a heading that opens comments is read further.
        if (
            seen_text
            and heading
            and COMMENTS_HEAD.match(text)
            and (not _BARE_COMMENTS.match(text) or _posted(blocks[i + 1 : i + 11]))
        ):
            keep[i:] = [False] * (len(keep) - i)
            return
        seen_text = seen_text or (keep[i] and not heading and _reads_as_text(text, heading, density))


BYLINE_BLOCKS = 4  # a byline stands among the first or last blocks of an article
PROSE_CHARS = 100  # a block this long is a paragraph of the text: what comes after it is no dateline zone


def _select_blocks(blocks: list[Block]) -> list[Block]:
    """The blocks that are article text, in order.

    Beyond each block's own test: a heading whose section lost all its blocks to the filters was
    the title of a box (related links, "You may also like"), and short labels that are not
    sentences at the very start or end are kickers and site names, not text.
    """
    keep = [_keep(*b) for b in blocks]
    prose = False
    for i, (text, heading, density) in enumerate(blocks):
        # A "Date: …" line below the text's first paragraph is an event's fact, not the dateline.
        if prose and not keep[i] and _fact_label(text) == "date" and _is_dateline(text):
            keep[i] = not (_is_caption(text) or density > 0.5)
        prose = prose or (keep[i] and not heading and len(text) >= PROSE_CHARS)
    _keep_annotated_lists(blocks, keep)
    _cut_at_comments(blocks, keep)
    # The last kept block of text (not a heading): a heading after it has nothing after it. Worked
    # out once, not by a scan per heading (a page of 50,000 headings and links was quadratic).
    last_text = max((j for j, (b, k) in enumerate(zip(blocks, keep, strict=True)) if k and not b[1]), default=-1)
    for i, (_, heading, _d) in enumerate(blocks):
        if not (heading and keep[i]):
            continue
        section = []
        for j in range(i + 1, len(blocks)):
            if blocks[j][1]:
                break
            section.append(j)
        nothing_after = last_text <= i
        if nothing_after or (section and not any(keep[j] for j in section)):
            keep[i] = False
    kept = [b for b, k in zip(blocks, keep, strict=True) if k]
    # Where each kept block stood among all: a contact box's dropped lines (a "tel:" or "mailto:" link, dropped
    # as a link) lie between them.
    at = [j for j, k in enumerate(keep) if k]

    def evidence(first: int, end: int) -> bool:
        """Whether a dropped block from after kept[first - 1] to before kept[end] gives a phone or an address."""
        lo, hi = at[first - 1] + 1, (at[end] if end < len(at) else len(blocks))
        return any(not keep[j] and _PHONE_OR_MAIL.search(blocks[j][0]) for j in range(lo, hi))

    def unsubscribed(first: int) -> bool:
        """Whether a dropped block after kept[first - 1] is an unsubscribe link on a line of its own."""
        lo = at[first - 1] + 1 if first else 0
        return any(
            not keep[j] and len(blocks[j][0]) <= 60 and _UNSUBSCRIBE.search(blocks[j][0])
            for j in range(lo, len(blocks))
        )

    while kept and not kept[-1][1] and (_disclaimer(kept[-1][0]) or _closing_furniture(kept[-1][0])):
        kept.pop()
    kept = _without_email_footer(kept, unsubscribed)
    uncut = len(kept)
    kept = _without_about(_without_contacts(kept, evidence))
    # A contact box closed the text: what stood before it is the text, the short lines of a list too.
    closed = len(kept) < uncut
    end = len(kept)
    while not closed and end and _label(kept[end - 1][0]) and not kept[end - 1][1]:
        end -= 1
    # Short lines after "Here are the places we'll visit:" are a list, not a site name or a kicker.
    listed = (
        0 < end < len(kept)
        and kept[end - 1][0].endswith(":")
        and not kept[end - 1][1]
        and not _label(kept[end - 1][0][:-1])  # "Tags:", "Related:", "Contact:" introduce furniture
    )
    closing_list = _closing_lists(kept)
    called = False  # a call to subscribe or support was cut: its box's question goes with it ("Tykkäsitkö?")
    while not listed and kept:
        last = kept[-1][0]
        if _call_to_action(last):
            called = True
        elif not (
            kept[-1][1]
            or _disclaimer(last)
            or last.endswith(":")  # a last line ending in ":" introduces nothing
            or (not closed and _label(last) and not closing_list(len(kept)))
            or (len(last) <= 40 and ABOUT_HEAD.match(last) is not None)  # "Attachments", its list gone
            or (called and _CALL_QUESTION.match(last) is not None)
        ):
            break
        kept.pop()
    while kept and _cookie_notice(kept[-1][0]):
        kept.pop()
    start = 0  # labels and a cookie notice at the start go too: sliced off at once, not popped from the front
    while start < len(kept):
        text, heading, _d = kept[start]
        notice_next = start + 1 < len(kept) and _cookie_notice(kept[start + 1][0]) and not kept[start + 1][1]
        if heading and not (notice_next or (_cookie_heading(text) and _SITE_SPEAKS.search(text))):
            break  # a banner's own heading ("Cookies on our website") goes with it; the text's first heading stays
        if not heading and not (_label(text) or _cookie_notice(text)):
            break
        start += 1
    return kept[start:]


def _closing_lists(kept: list[Block]) -> Callable[[int], bool]:
    """Whether the first n blocks end with a list of short items of the text's own: LIST_RUN items or rows of one
    table of facts or more, after the text's prose, introduced by a heading or a line ending in ":" that names no
    furniture ("Programme", "The programme:"; not "Tags", "Aiheet", "Kategorier", "Liitteet"), or half of them
    carrying figures or a label ("09:00 Registration", "Price €4,290", "Työaika: Kokoaikatyö"): an event's
    programme, a review's specifications, not a kicker, a site's name or a list of tags. Worked out once for every
    n: the caller pops blocks one at a time, and a list of 10,000 items is judged in linear time."""
    runs, prose, figured = [0], [0], [0]  # per prefix length: the run of items ending it, prose and figured items
    for block in kept:
        item = isinstance(block, _Item)
        text, heading = block[0], block[1]
        runs.append(runs[-1] + 1 if item else 0)
        prose.append(prose[-1] + (0 if heading else len(text)))
        figured.append(figured[-1] + bool(item and (_DIGIT.search(text) or ": " in text)))

    def closing(n: int) -> bool:
        run = runs[n]
        if run < LIST_RUN or prose[n - run] < PROSE_CHARS:
            return False
        if 2 * (figured[n] - figured[n - run]) >= run:
            return True
        intro, heading, _density = kept[n - run - 1] if n - run > 0 else ("", False, 0.0)
        introduces = heading or intro.endswith(":")
        return introduces and not _furniture_head(intro.rstrip(":"))

    return closing


# A box's heading that introduces furniture, not the text's own list: tags, topics, categories, sharing, following,
# related reading and attachments (with UI_TEXT's and ABOUT_HEAD's).
_FURNITURE_HEAD = re.compile(
    r"^(?:tags?|tagged|aiheet|aihe|avainsanat|asiasanat|tunnisteet|taggar|ämnen|ämnesord|nyckelord|topics?|keywords|"
    r"categor(?:y|ies)|kategoria[t]?|kategori(?:er)?|luokat|filed under|share(?: this)?|jaa(?: tämä)?|dela|"
    r"follow us|seuraa meitä|följ oss|see also|katso myös|se även|links|linkit|länkar|more|lisää|mer)\s*$",
    re.I,
)


def _furniture_head(text: str) -> bool:
    return bool(_FURNITURE_HEAD.match(text) or _ui_text(text) or ABOUT_HEAD.match(text))


_COOKIES = re.compile(
    r"\b(cookies?|kakor(na)?|evästeitä|evästeet|evästeiden|evästeisiin|piškot(?:ki|ke|kov|kih|ek))\b", re.I
)
# The site speaking of itself: "we use", "this website", "käytämme", "webbplatsen" (not "webbplatser": any site).
_SITE_SPEAKS = re.compile(
    r"\b(we use|our use of|this (web)?site|our (web)?site|the site|käytämme|sivustollamme|tämä sivusto|"
    r"tällä sivustolla|vi använder|webbplatsen|vår webbplats|den här webbplatsen|denna webbplats|sajten|"
    r"uporabljamo|spletna stran|spletno mesto|ta stran|"
    # A consent platform's notice (IAB TCF wording): "We and our partners use cookies", "Me ja kumppanimme".
    r"we and our (?:\w+ )?partners|me ja kumppanimme|vi och våra partner(?:s|e)?|mi in naši partnerji|"
    # The same in the languages of neighbours and visitors (German, French, Spanish, Italian, Dutch, Danish and
    # Norwegian, Polish), the verb beside the cookie word ("Wir verwenden Cookies", "Nous utilisons des cookies"):
    # "ce site", "usamos" or "diese Website" alone are a news story's words too.
    r"wir (?:verwenden|nutzen|setzen) cookies|(?:diese|unsere) (?:website|webseite|seite) (?:verwendet|nutzt) cookies|"
    r"wir und unsere (?:\w+ )?partner|nous utilisons des cookies|(?:ce|notre) site utilise des cookies|"
    r"nous et nos (?:\w+ )?partenaires|(?:utilizamos|usamos) cookies|este sitio(?: web)? (?:utiliza|usa) cookies|"
    r"nosotros y nuestros (?:\w+ )?socios|utilizziamo (?:i )?cookie|questo sito (?:utilizza|usa) (?:i )?cookie|"
    r"noi e i nostri (?:\w+ )?partner|(?:wij|we) gebruiken cookies|(?:deze|onze) website gebruikt cookies|"
    r"vi (?:bruger|bruker) cookies|(?:denne hjemmeside|dette nettstedet|nettstedet) (?:bruger|bruker) cookies|"
    r"używamy (?:plików )?cookies|ta strona (?:używa|wykorzystuje) (?:plików )?cookies)\b",
    re.I,
)


# A funder's disclaimer closing a project's page: "… represents the views of the author only and is his/her sole
# responsibility", "Funded by the European Union. Views and opinions expressed are however those of the author(s)".
_DISCLAIMER = re.compile(
    r"\b(?:views|opinions)\b.{0,80}\b(?:are|is|represents?|reflects?)\b.{0,20}\b(?:those|the views?)\b.{0,20}"
    r"\bof the authors?\b(?:\(s\))?\s*(?:only|alone)|sole responsibility of the (?:authors?|beneficiar|project)|"
    r"is (?:his|her|his/her|their) sole responsibility|"
    r"\b(?:commission|union|agency|eacea|funders?|granting authority)\b.{0,60}"
    r"(?:cannot|can not|does not|do not) (?:accept|be held) (?:any )?responsib|"
    r"^(?:co-?)?funded by the european union\W*$|^(?:(?:tämä )?hanke on )?euroopan unionin (?:osa)?rahoittama\W*$|"
    r"^(?:med)?finansieras av europeiska unionen\W*$|^sofinancira evropska unija\W*$|"
    # The programmes' official Finnish and Swedish wording: "Esitetyt näkemykset ja mielipiteet ovat kuitenkin
    # ainoastaan kirjoittajan omia …", "De synpunkter och åsikter som uttrycks är endast upphovspersonens …",
    # "Euroopan unioni … ei ole vastuussa niistä", "Varken Europeiska unionen eller … kan hållas ansvariga".
    r"\bnäkemykset ja mielipiteet ovat\b.{0,40}\b(?:ainoastaan|yksinomaan|vain)\b.{0,40}\b(?:tekij|kirjoittaj)|"
    r"\beuroopan unioni\b.{0,100}\b(?:ei|eivät) (?:ole|voida pitää) vastuussa niistä\b|"
    r"\bsynpunkter och åsikter som (?:uttrycks|framförs)\b.{0,20}\bendast\b.{0,40}\bupphovs|"
    r"\bvarken europeiska unionen\b.{0,100}\bkan hållas ansvarig\w* för dem\b",
    re.I,
)


# Lines that close a wire release or a press-room page, never its text: PR Newswire's "SOURCE <org>", a document
# reference ("Ref.: 20250312IPR27000"), a tags line ("Taggar: återbruk, Vasa").
_CLOSING_LINE = re.compile(
    r"^SOURCE\s+\S|^(?i:ref\.?|reference|viite|sklic|referens)\s*:\s*[\w/.-]+$|"
    # A print edition's line: "A version of this article appears in print on June 2, 2024, Section B, Page 1".
    r"^(?i:a version of this (?:article|story) (?:appears|appeared) in print)\b|"
    # A feedback widget's question: "Was this page helpful?", "Hittade du den information du sökte?".
    r"^(?i:(?:was|is) this (?:page|article|information) (?:helpful|useful)|did you find what you (?:were|are) looking "
    r"for|hittade du (?:den information |det |vad )?(?:du sökte|du letade efter)|var (?:informationen|sidan|"
    r"informationen på sidan) (?:till hjälp|användbar)|oliko (?:tästä )?(?:sivusta|tiedosta|sivun tiedoista) "
    r"(?:apua|hyötyä)|löysitkö (?:etsimäsi|hakemasi|tarvitsemasi)(?: tiedon| tiedot)?|war diese seite hilfreich|"
    r"cette page vous a-t-elle été utile|je bila (?:ta )?stran koristna|ali ste našli,? kar ste iskali)\s*\?$"
)
_TAGS_LINE = re.compile(
    r"^(?i:tags?|taggar|avainsanat|asiasanat|aiheet|ämnen|nyckelord|keywords|subjects|topics|oznake)\s*:\s*(?=\S)"
)
_UNSUBSCRIBE = re.compile(
    r"\b(?:unsubscribe|avsluta (?:din )?prenumeration|peru(?:uta)? tilaus|lopeta tilaus|odjava|odjavite se|"
    r"update your preferences|päivitä asetuksesi)\b",
    re.I,
)
_POSTAL = re.compile(r"\b\d{4,5}\s+[A-ZÅÄÖŠŽČ]|\b[A-Z]{1,2}\d{1,2}[A-Z]?\s\d[A-Z]{2}\b")
# What a mailing says of itself beside its unsubscribe link ("You received this email because…", "Du får detta mejl
# eftersom du prenumererar på vårt nyhetsbrev", "To sporočilo ste prejeli, ker ste naročeni na naše novice").
_MAILING = re.compile(
    r"\b(?:e-?mails?|newsletters?|mailing list|subscribed|subscribers?|nyhetsbrev\w*|mejl\w*|e-post\w*|"
    r"prenumererar|uutiskirje\w*|sähköposti\w*|tilaaja\w*|novice|naročeni|prejeli|sporočilo)\b",
    re.I,
)


def _closing_furniture(text: str) -> bool:
    """Tell whether a line closing the text is a wire's SOURCE line, a document reference or a tags line: a list
    of short terms ("Taggar: återbruk, cirkulär ekonomi, Vasa"), not a sentence ("Tags: small, coloured, and left
    by volunteers in every park.")."""
    if len(text) > 200:
        return False
    if _CLOSING_LINE.match(text):
        return True
    tags = _TAGS_LINE.match(text)
    if tags is None:
        return False
    terms = re.split(r"[,;|]", text[tags.end() :])
    return not text.rstrip().endswith(".") and all(len(t.split()) <= 3 for t in terms)


# A mailing's own line about its reader ("You received this email because…", "Saat tämän viestin, koska olet tilannut…",
# "Du får detta nyhetsbrev eftersom du prenumererar…"), not a sentence that mentions e-mail ("Ilmoittautumiset
# sähköpostilla 15.3. mennessä").
_RECEIVED = re.compile(
    r"\b(?:received|receiving|you are subscribed|subscribed to|you signed up|prenumererar|du får detta|fått detta|"
    r"saat tämän|olet tilannut|tilaajana|prejeli|naročeni)\b",
    re.I,
)


def _without_email_footer(kept: list[Block], unsubscribed: Callable[[int], bool] | None = None) -> list[Block]:
    """Drop a newsletter's footer: among the last four blocks, a line with its unsubscribe link and all after it,
    and the sender's postal address just before it, when the text before it is at least twice what it cuts and
    the line or the one before it says it is a mailing ("You received this email because…"). The link may stand
    on a line of its own, dropped as a link (``unsubscribed``: Brevo's, MailerLite's), after a line that says the
    reader received or subscribed to the mailing (``_RECEIVED``)."""
    for i in range(len(kept) - 1, max(-1, len(kept) - 5), -1):
        text = kept[i][0]
        linked = _UNSUBSCRIBE.search(text) or (unsubscribed and _RECEIVED.search(text) and unsubscribed(i))
        if len(text) <= 300 and linked and _chars(kept[:i]) >= 2 * _chars(kept[i:]):
            said = _UNSUBSCRIBE.sub(" ", " ".join(b[0] for b in kept[max(0, i - 1) : i + 1]))
            if not _MAILING.search(said):
                continue  # "Readers can unsubscribe by calling the library": a sentence, not a mailing's footer
            if i and _address_line(kept[i - 1][0]):
                i -= 1
            return kept[:i]
    return kept


def _address_line(text: str) -> bool:
    """Tell whether a line is a postal address and nothing else ("HOPE project, 98 Strand Road, Derry BT48 7NN")."""
    return (
        len(text) <= 120 and not text.rstrip().endswith(".") and len(text.split()) <= 12 and bool(_POSTAL.search(text))
    )


def _disclaimer(text: str) -> bool:
    """A funder's disclaimer or funding line (see _DISCLAIMER): furniture when it closes the text."""
    return len(text) < 500 and bool(_DISCLAIMER.search(text))


def _in_chrome(el: etree._Element) -> bool:
    """Inside the page's header, navigation or footer (by tag or landmark role), not an article's own."""
    chrome = False
    for node in (el, *el.iterancestors()):
        if node.tag in ("article", "main"):
            return False  # an <article>'s own <header> or <footer> is the article's
        chrome = chrome or node.tag in ("header", "nav", "footer") or node.get("role") in _CHROME_ROLES
    return chrome


_CHROME_ROLES = ("banner", "navigation", "contentinfo")


def _cookie_heading(text: str) -> bool:
    """A banner's heading that names cookies: "Cookies on our website", "Evästeet", "Vi använder kakor"."""
    return len(text) <= 60 and len(text.split()) <= 6 and bool(_COOKIES.search(text))


def _cookie_notice(text: str) -> bool:
    """A site's notice that it uses cookies: at the very start or end of the text, never the article.

    A notice in an element named for it is dropped as furniture; one in a bare <div> is known by
    what it says: a short block that names cookies with the site speaking of itself ("we use",
    "webbplatsen"), and only at an end of the text. A release about cookies ("websites must ask
    before they use cookies") speaks of sites, not as one.
    """
    if len(text) >= 500:
        return False
    low = text.lower()  # plain substrings first: asked of every block while the article's bounds are weighed
    if "cooki" not in low and "kakor" not in low and "eväste" not in low and "piškot" not in low:
        return False
    return bool(_COOKIES.search(text)) and bool(_SITE_SPEAKS.search(text))


CONTACT_HEAD = re.compile(
    r"^((press|media|news)[ -]?)?(contacts?|enquiries|inquiries)|^(for )?(press|media) (contacts?|enquiries|inquiries)|"
    r"^(press|medie|media|presse)?kontakt(er|e|personer)?|^kontaktpersoner|^(yhteystiedot|mediayhteydet|"
    r"lehdistöyhteydet|mediakontakter|pressekontakte?|yhteyshenkilö(?:t)?)",
    re.I,
)
# A phone number or an address; not a span of years ("2024-2026", "2024 – 2026").
_PHONE_OR_MAIL = re.compile(
    r"@|(?<![\d+])(?!(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\b)\+?\d[\d ()/-]{6,}\d|\b(tel|phone|puh|mob|gsm|fax)\b",
    re.I,
)


# Heads of a contact box that are whole lines: as openings of a line they begin sentences of the release
# ("Lisätietoja antaa …", "For more information about the programme, see …").
CONTACT_HEAD_LINE = re.compile(
    r"^(?:lisätietoja|lisätietoa|lisätiedot|(?:för |ytterligare )?mer information|kontaktperson|"
    r"(?:for )?(?:further|more) information|notes to editors?|media enquiries|"
    r"za (?:dodatne|več) informacij\w*|kontakt za medije)"
    r"(?:,?\s*(?:please\s+)?(?:contact|kontakta|ota yhteyttä|kontaktirajte))?\s*:?$|"
    r"^lisätietoja(?: asiasta)? (?:antaa|antavat)\s*:$",
    re.I,
)
# A box that follows a press-contact box at a release's end: the organisation's "About" and the documents.
# Whole short heads: "About us", "Om Coompanion", "Om Östersunds kommun", "Tietoa meistä", "O projektu"; not "Om du
# vill …", "Tietoa hakijoille" (a release's own section), "Om-rådet kring hamnen".
ABOUT_HEAD = re.compile(
    r"^(?:[Aa]bout|[Oo]m|O)\s+(?:us|oss|nas|projektu|[A-ZÅÄÖ][\w&.-]*)(?:\s+(?:[A-ZÅÄÖ][\w&.-]*|[a-zåäö&]+)){0,6}\s*$|"
    r"^(?:[Aa]bout|[Oo]m|O)\s+[^\W\d_]+\s*$|"  # two words: "Om organisationen", "About us"
    r"^[Aa]bout\s*$|^[Tt]ietoja julkaisijasta\s*$|"  # STT Info's bare "About" and "about the publisher"
    r"^[Tt]ietoa\s+(?:meistä|[A-ZÅÄÖ][\w&.-]*)(?:\s+[A-ZÅÄÖ][\w&.-]*){0,3}\s*$|"
    r"^(?:[Nn]otes to editors?|[Dd]okument(?: (?:&|och) länkar)?|[Dd]ocuments|[Aa]ttachments?|[Ll]iitteet|[Bb]ilagor|"
    r"[Pp]riloge)"
    r"\s*:?\s*$"
)


# A contact given on one line under its label ("Kontakt: Erik Holm, projektledare, 063-14 32 10, erik@…"), and
# the page's owner (Sitevision's "Sidansvarig: Anna Svensson"): furniture when they close the text.
_CONTACT_LINE = re.compile(
    r"^(?:(?:press|media)[ -]?)?(?:kontakt(?:person(?:er)?)?|contacts?(?: person)?|yhteyshenkilö(?:t)?|yhteystiedot|"
    r"presskontakt|mediakontakt|lisätietoja(?: antaa| antavat)?|(?:för )?mer information|(?:for )?(?:more|further) "
    r"information|kontaktna oseba|dodatne informacije|(?:za )?več informacij)"
    r"(?:\s+(?:for (?:the )?(?:media|press)|för (?:media|press)|za (?:medije|novinarje)|medialle))?\s*:\s*\S",
    re.I,
)
_PAGE_OWNER = re.compile(
    r"^(?:sidansvarig|sidan uppdaterad av|sivun vastuuhenkilö|sivun ylläpitäjä|page owner|page (?:maintained|"
    r"updated) by|odgovorna oseba)\s*:",
    re.I,
)


# Where a press release says its text has ended: "ENDS", "- END -", "-30-", and the notes to editors that follow it
# ("Notes to editors", "Huomio toimittajille", "Till redaktionen", "Opombe za urednike"). Not "###", which blogs
# also set between sections.
_END_MARK = re.compile(r"^[\s*_–—-]*(?:ENDS?|-30-)[\s*_–—.-]*$|^\s*[–—-]+\s*(?i:ends?)\s*[–—-]+\s*$")
_EDITORS_HEAD = re.compile(
    r"^(?:notes?|note) (?:to|for) (?:the )?editors?\s*:?$|^huomio(?:ita)? toimittajille\s*:?$|"
    r"^(?:till|för) redaktionen?\s*:?$|^opombe? za urednike\s*:?$",
    re.I,
)


def _release_end(text: str) -> bool:
    """A press release's end mark, or the head of its notes to editors: nothing after it is the release."""
    return len(text) <= 40 and bool(_END_MARK.match(text) or _EDITORS_HEAD.match(text))


def _closing_line(text: str) -> bool:
    """A last line of contact details under their label, or the page owner's line (see _CONTACT_LINE); in brackets
    too, as the Commission closes a news item: "(For more information: Anna Berg – Tel.: +32 2 299 63 02)"."""
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    if _PAGE_OWNER.match(text):
        return len(text) < 100
    if len(text) >= 250 or not _CONTACT_LINE.match(text) or not _PHONE_OR_MAIL.search(text):
        return False
    # Details, not a sentence: each part between commas a name, a title, a number or an address (their digits
    # and addresses aside, a few words).
    value = text.split(":", 1)[1]
    return all(
        sum(1 for word in part.split() if "@" not in word and not word.strip("+()-.").isdigit()) <= 5
        for part in re.split(r"[,;|]", value)
    )


def _without_contacts(
    kept: list[tuple[str, bool, float]], evidence: Callable[[int, int], bool] | None = None
) -> list[tuple[str, bool, float]]:
    """The blocks without a closing press-contact box: "Contacts" and the names, numbers and
    addresses under it, to the next heading (and the "About us" and documents boxes after it).
    "Lisätietoja antaa …" (further information) is a sentence of the release: kept.

    ``evidence(first, end)`` says whether the blocks dropped among kept[first:end] gave a phone or mail link.
    """
    for i in range(len(kept) - 1, max(0, len(kept) - 40), -1):
        # Only after most of the text: "Till redaktionen" or "Note to editors:" also open a press invitation.
        if _release_end(kept[i][0]) and _chars(kept[:i]) >= _chars(kept[i + 1 :]):
            kept = kept[:i]
            break
    while kept and _closing_line(kept[-1][0]):
        kept = kept[:-1]
    n = len(kept)
    for i in range(n - 1, max(-1, n - 40), -1):
        text = kept[i][0]
        if _contact_head_text(text):
            # The box runs to the next heading, or to an "About …" head written as a line of its own.
            end = next((j for j in range(i + 1, n) if kept[j][1] or ABOUT_HEAD.match(kept[j][0])), n)
            box = kept[i + 1 : end]
            shown = any(_PHONE_OR_MAIL.search(t) for t, _, _ in box) or (evidence is not None and evidence(i + 1, end))
            # A sentence of ten words or more with no number or address in it is the release going on.
            prose = any(len(t.split()) >= 10 and not _PHONE_OR_MAIL.search(t) for t, _, _ in box)
            # A line of 150 characters or more is the release going on, unless it gives a number or an address (a
            # name with a long title and organisation, "…, puh. 040 222 3333, pekka.ojala@…").
            if (
                not shown
                or prose
                or not all(len(t) < 150 or (len(t) < 250 and _PHONE_OR_MAIL.search(t)) for t, _, _ in box)
            ):
                return kept
            after = kept[end:]
            if all(not h or ABOUT_HEAD.match(t) for t, h, _ in after):
                return kept[:i]  # the box and the boxes after it close the page
            return kept[:i] + after
    return kept


# ---------------------------------------------------------------- press contacts

# Elements a page names for contacts, found in lxml's XPath (fast); a panel of them is one named for people
# (_PEOPLE_PANEL): a "contact" box alone is as often the site's own (its switchboard, a "Contact us" bar).
_CONTACT_NAMED = etree.XPath("(//@class|//@id)[contains(.,'ontact') or contains(.,'ontakt') or contains(.,'hteys')]/..")
CONTACT_CHARS = 1500  # what one page's contacts may hold: a few people, each a name, a title, a phone, an address
_BOX_LINES = 10  # the lines under a contact head that may belong to it
# A panel named for a release's contact people, not the site's ("contact-people", "press-contacts", "kontaktpersoner",
# "yhteyshenkilot"): a press room sets it beside the release, above or below it or in its side column.
_PEOPLE_PANEL = re.compile(
    r"contact[-_ ]?(?:people|persons?)|(?:press|media|newsroom)[-_ ]?contact|kontaktperson|pressekontakt|presskontakt|"
    r"yhteyshenkil",
    re.I,
)
# Where a site's own frame stands: its menus, cookie banner, pop-ups; and its header and footer, which an article has
# of its own too.
_FRAME = re.compile(r"\bnav|navbar|navigation|menu|cookie|banner|popup|modal|overlay|toolbox|toolbar|top-?bar", re.I)
_HEAD_OR_FOOT = re.compile(r"foot|header|masthead", re.I)


_SIDE = re.compile(r"sidebar|widget", re.I)


def _site_part(el: etree._Element, side: bool = True) -> bool:
    """Whether el stands in the site's own frame (its header, footer, navigation, a pop-up; with ``side``, a side
    column or a widget too) or a form. Not a wrapper around the article too (a theme's "site menu-closed" page
    wrapper, a body class "no-sidebar"), nor the article's own footer."""
    for node in itertools.chain((el,), el.iterancestors()):
        if node.tag in ("body", "html", "main", "article"):
            return False
        if node is not el and node.find(".//h1") is not None:
            return False  # a wrapper around the page's headline: what it is named for is the page's layout
        tag = node.tag if isinstance(node.tag, str) else ""
        names = _attrs(node)
        if side and (tag == "aside" or _SIDE.search(names)):
            return True
        if tag in ("form", "nav", "button", "select") or _FRAME.search(names):
            return True
        if (tag in ("header", "footer") or _HEAD_OR_FOOT.search(names)) and not any(
            a.tag in ("article", "main") for a in node.iterancestors()
        ):
            return True  # the page's, not the article's own footer
    return False


def contact_panels(body: etree._Element) -> list[str]:
    """The lines of the panels a page's markup names for its contact people (Mynewsdesk's "contact-people", a
    "kontaktpersoner" or "yhteyshenkilot" box), wherever they stand but in the site's own frame (header, footer,
    menu, a pop-up) or a form: read before cleaning, which drops them (``junk_reason``). See ``press_contacts``."""
    lines: list[str] = []
    seen: set[etree._Element] = set()
    for el in _CONTACT_NAMED(body):
        if el.tag in ("a", "input", "textarea", "button", "img", "svg", "form") or any(
            a in seen for a in el.iterancestors()
        ):
            continue  # a link or a field, or inside a panel already read
        people = bool(_PEOPLE_PANEL.search(_attrs(el)))
        text = _flat_text(el)
        if not text or len(text) > 2 * CONTACT_CHARS or el.find(".//form") is not None or _site_part(el, not people):
            continue  # a contact form, a whole page named "contact-persons", the site's own contacts
        copy = deepcopy(el)  # its lines as a reader sees them, what scripts and styles hold left out
        copy.tail = None
        etree.strip_elements(copy, *INVISIBLE, with_tail=False)
        box = [_contact_line(t) for t, _h, _d in _blocks(copy)]
        # Named for people, or a "contacts" box headed as a release's ("Yhteyshenkilöt", "Media contacts"), not as the
        # site's call ("Contact us", "Ota yhteyttä") or with no head (a switchboard's line, an address).
        headed = bool(box) and _contact_head_text(box[0]) and not _LINK_LABEL.match(box[0])
        if headed or people:
            seen.add(el)
            lines += _details(box)
    return lines


# A phone number run into the address after it ("070-123 45 67anna@example.se": two links side by side), and the
# other way round.
_PHONE_THEN_MAIL = re.compile(r"(\d)([^\W\d_][\w.+-]*@)")
_MAIL_THEN_PHONE = re.compile(r"(@(?:[a-z0-9-]+\.)+[a-z]{2,4})(\+?\d)", re.I)


def _contact_line(text: str) -> str:
    return _MAIL_THEN_PHONE.sub(r"\1 \2", _PHONE_THEN_MAIL.sub(r"\1 \2", visible_text(text)))


def _contact_head_text(text: str) -> bool:
    """A contact box's head: "Presskontakt", "Media contacts", "Lisätietoja antavat:", "For more information"."""
    return len(text) <= 40 and bool(CONTACT_HEAD.match(text) or CONTACT_HEAD_LINE.match(text))


def _details(lines: list[str]) -> list[str]:
    """The lines of a box that are contact details, where it gives a phone or an address at all: no sentence of
    the release (ten words or more with no number or address), no head, no call to follow on social media."""
    if not any(_PHONE_OR_MAIL.search(t) for t in lines):
        return []
    return [
        t
        for t in lines
        if 0 < len(t) < 250
        and (
            _PHONE_OR_MAIL.search(t) or (len(t.split()) < 10 and not _contact_head_text(t) and not ABOUT_HEAD.match(t))
        )
        and not _call_to_action(t)
        and not _LINK_LABEL.match(t)
    ]


# A link's label that says nothing of whom it reaches ("E-mail", "Website", "LinkedIn"; a CDN's "[email protected]"
# where it hid an address), and a call to get in touch ("Ota yhteyttä", "Contact us").
_LINK_LABEL = re.compile(
    r"^(?:e-?mail|e-?post|sähköposti|website|webbplats|verkkosivut?|homepage|facebook|twitter|x|linkedin|instagram|"
    r"\[email[\s\u00a0]protected\]|ota yhteyttä|kontakta oss|contact us|get in touch)\s*:?$",
    re.I,
)


def press_contacts(panels: list[str], blocks: list[Block], text: Collection[str]) -> str:
    """The press contacts a page gives for its release, a line each: its contact panels' lines (``contact_panels``),
    the lines of a box under a contact head among the article's blocks ("Presskontakt", "Lisätietoja antaa:",
    "<strong>For more information, contact:</strong>": to the next heading, the release's next sentence or the
    next box, "Om Östersunds kommun"), and a contact given on one line under its label ("Kontakt: Erik Holm,
    projektledare, 063-14 32 10"), where they give a phone number or an address; not a paragraph of the text
    (``text``: "Lisätietoja antaa … puh. …" kept as the release's sentence). Kept apart from the text, so that staff
    find a release by its contact people without the contact box counted among the release's words."""
    boxes = [panels]
    for i, (line, _heading, _density) in enumerate(blocks):
        if _contact_head_text(line):
            box: list[str] = []
            for after, heading, _d in blocks[i + 1 : i + 1 + _BOX_LINES]:
                if heading or ABOUT_HEAD.match(after) or _release_end(after) or _contact_head_text(after):
                    break
                if (len(after.split()) >= 10 and not _PHONE_OR_MAIL.search(after)) or _not_a_contact(after):
                    break  # the release going on, or a photo credit or hashtags under the box
                box.append(_contact_line(after))
            boxes.append(_details(box))
        elif (_CONTACT_LINE.match(line) or _closing_line(line)) and not _PAGE_OWNER.match(line):
            boxes.append(_details([_contact_line(line)]))
        elif _release_end(line):
            # Under "ENDS" or "Notes to editors", which close the text: the press office's line ("For media
            # enquiries contact the Press Office on 028 …"), and any other that gives a number or an address.
            boxes += [
                _details([_contact_line(t)])
                for t, heading, _d in blocks[i + 1 : i + 1 + 4 * _BOX_LINES]
                if not heading and len(t) < 250 and _PHONE_OR_MAIL.search(t)
            ]
    out: list[str] = []
    size = 0
    for box in boxes:
        # A box that gives nothing new is the same box read twice (a named panel with a contact head inside); within
        # a box, a line may repeat ("Press officer" for two people, a shared switchboard).
        fresh = [line for line in box if line not in text]
        if not fresh or all(line in out for line in fresh):
            continue
        for line in fresh:
            size += len(line) + 1
            if size > CONTACT_CHARS:
                return "\n".join(_whole_people(out))  # (not a later, shorter line out of its order)
            out.append(line)
    return "\n".join(out)


def _whole_people(lines: list[str]) -> list[str]:
    """Contact lines cut at the cap, back to the last line that gives a phone number or an address: a person's lines
    end with how to reach them, so the next person's name and title without those are left out."""
    last = max((i for i, line in enumerate(lines) if _PHONE_OR_MAIL.search(line)), default=len(lines) - 1)
    return lines[: last + 1]


def _not_a_contact(text: str) -> bool:
    """A line under a contact box that is none: a photo credit ("Kuva: Seinäjoen kaupunki / Matti Mäkinen"), a line of
    hashtags."""
    return bool(CREDIT.search(text)) or (text.startswith("#") and all(w.startswith("#") for w in text.split()))


ABOUT_BOX_BLOCKS = 3  # an "About …" box closing a release: its head and a few short paragraphs


def _without_about(kept: list[Block]) -> list[Block]:
    """The blocks without a closing "About the organisation" box: its head ("About Derry City and Strabane
    District Council", "Om Region Jämtland Härjedalen") and the short paragraphs after it, at the very end and
    after most of the text, where the paragraph after the head names the organisation again (boilerplate
    introduces itself). Not "Om Pajala säger nej" ("if Pajala says no") nor "About Time Festival" followed by
    the festival's programme: what follows them does not begin from the name."""
    for i in range(len(kept) - 1, max(0, len(kept) - ABOUT_BOX_BLOCKS - 2), -1):
        if len(kept[i][0]) <= 80 and ABOUT_HEAD.match(kept[i][0]):
            after = kept[i + 1 :]
            if (
                after
                and len(after) <= ABOUT_BOX_BLOCKS
                and all(not h and len(t) < 400 for t, h, _ in after)
                and _chars(kept[:i]) >= 2 * _chars(after)
                and _names_again(kept[i][0], after[0][0])
            ):
                return kept[:i]
    return kept


def _names_again(head: str, paragraph: str) -> bool:
    """Whether a paragraph introduces the name an "About …" head gives: its first capitalised word, or that word's
    stem ("Om Östersunds kommun" -> "Östersund"), begins a word among the paragraph's first, and a word that says
    what it is follows ("is", "är", "on", "je", "founded", "grundad"): "Umeå kommun är …", "NewsCo, founded in
    1990, is …" (not Finnish "on", which is also English). Not "Pajala kommun har tre veckor på sig" after "Om
    Pajala säger nej"."""
    name = next((w for w in head.split()[1:] if w[:1].isupper()), "")
    if not name:
        return False
    stem = name[: max(4, len(name) - 2)]
    words = paragraph.split()[:10]
    return any(w.startswith(stem) for w in words[:6]) and any(_INTRODUCES.fullmatch(w.strip(",.;:")) for w in words)


# The words with which boilerplate says what the organisation is.
_INTRODUCES = re.compile(
    r"is|are|was|serves|är|var|oli|er|je|ist|founded|established|grundad\w*|grundades|perustettu|ustanovljen\w*",
    re.I,
)


CALL_TO_ACTION = re.compile(
    r"facebook|twitter|instagram|telegram|whatsapp|linkedin|youtube|tiktok|newsletter|podcast|"
    r"subscrib|suscrib|abonn|tilaa |prenumerera|follow us|folge uns|seuraa meitä|följ oss|síguenos|siga-nos|"
    r"support us|unterstütze|tue meitä|stöd oss|únete|join us|join our|liity|gå med|tritt .{0,20}bei|"
    r"\bapps?\b|latest news|neuesten nachrichten|uusimmat uutiset|senaste nyheterna|"
    # Whole phrases only that a newsroom says to its readers (a word such as "soutenir", "sign up" or "privacy policy"
    # is a news story's too): support and membership, a tip line, a mailing's sign-up, a "did you like it?".
    r"\breaders like you\b|\bfunded by (?:our )?readers\b|\b(?:monthly|one-off) contribution\b|"
    r"\bdonate (?:now|today)\b|\bbecome a member today\b|\btue työtämme\b|\bstöd vår journalistik\b|"
    r"\brepublish (?:this|our) (?:story|stories|article|articles)\b|\bcreative commons licen[cs]e\b|"
    r"\bhar du (?:ett )?tips\b|\bmejla oss\b|\bgot a (?:news )?tip\b|\bsend us (?:a|your) tips?\b|"
    r"\bonko sinulla (?:uutis)?vinkki|\bby signing up\b|\b(?:to|in) your inbox\b|\bsähköpostiisi\b|"
    r"\bi din inkorg\b|\bvous avez aimé cet article\b|\bdid you (?:like|enjoy) this (?:article|story|post)\b",
    re.I,
)
# The short question that heads a call's box: "Tykkäsitkö?", "Liked this?", "Gillade du artikeln?".
_CALL_QUESTION = re.compile(
    r"^(?:(?:liked|enjoyed) (?:this|it|the (?:article|story|post))|did you (?:like|enjoy) (?:this|it)|want more|"
    r"tykkäsitkö(?: (?:jutusta|artikkelista|tekstistä|tästä))?|piditkö(?: tästä)?|haluatko lisää|"
    r"gillade du(?: (?:artikeln|texten|det här))?|vill du (?:ha|läsa) mer|vous avez aimé(?: cet article)?|"
    r"hat (?:es )?ihnen (?:der artikel )?gefallen)\s*\?$",
    re.I,
)


def _call_to_action(text: str) -> bool:
    """A closing line that sends the reader elsewhere: follow us, subscribe, our channels."""
    return len(text) < 400 and len({m.lower() for m in CALL_TO_ACTION.findall(text)}) >= 2  # two different calls


# Compiled once: _label and _keep are asked about every block, several times (a page of 100,000 lines).
_DIGIT = re.compile(r"\d")
_CUT_LABEL = re.compile(r"[•|·]\s*$")


def _label(text: str) -> bool:
    """A short line that is no sentence and no contact detail: "KULTUR", "Mehr von", a site name."""
    return (
        len(text) < 40
        and len(text.split()) <= 5
        and text[-1:] not in ".!?:;,»”\"'。！？」』"
        and _span(text) < 40
        and ": " not in text  # "Ort: Kasberg": a fact, not a label
        and "@" not in text
        and len(_DIGIT.findall(text)) < 5
    )


def _keep(text: str, heading: bool, density: float) -> bool:
    if _ui_text(text) or (not heading and AD_LABEL.match(text)) or _is_caption(text) or _is_dateline(text):
        return False
    if len(text) <= 40 and _CUT_LABEL.search(text):  # a label cut from its date: "Pressmeddelande •"
        return False
    # Not a link list or a teaser.
    return not (density > 0.5 and not _linked_prose(text, heading, density))


def _linked_prose(text: str, heading: bool, density: float) -> bool:
    """A paragraph of prose whose names happen to be links (inline pop-ups), not a teaser.

    Prose: several sentences' worth of words, ending like a sentence, with unlinked words
    between the links. A teaser's headline and summary are one link.
    """
    return (
        not heading
        and density < LINKED_PROSE_DENSITY
        and len(text) >= 150
        and len(text.split()) >= 20
        and text[-1:] in '.!?"”»'
    )


# ---------------------------------------------------------------- metadata


# XPath's translate() lower-cases ASCII letters only; so does the lookup, for the same matches.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
META_ATTRS = ("property", "name", "itemprop")

MetaIndex = dict[tuple[str, str], str]  # (attribute, its lower-cased value) -> the first non-empty content


def _meta_index(doc: etree._Element) -> MetaIndex:
    """Every <meta>'s content under its property, name and itemprop, read in one pass over the page.

    Looking each name up with its own XPath scan read the whole page about a hundred times per
    page: 2 s per MB on a page of 30,000 <meta> tags. The first element in document order wins.
    """
    index: MetaIndex = {}
    for el in doc.iter("meta"):
        content = (el.get("content") or "").strip()
        if not content:
            continue
        for attr in META_ATTRS:
            value = el.get(attr)
            if value is not None:
                index.setdefault((attr, value.translate(_ASCII_LOWER)), content)
    return index


def _meta(index: MetaIndex, *names: str) -> str:
    """The content of the first of ``names`` a <meta> states (by property, then name, then itemprop)."""
    for name in names:
        for attr in META_ATTRS:
            value = index.get((attr, name))
            if value:
                return value
    return ""


def _json_ld(doc: etree._Element) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for script in doc.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(items) < 50:
            x = stack.pop()
            if isinstance(x, list):
                stack.extend(x)
            elif isinstance(x, dict):
                items.append(x)
                if isinstance(x.get("@graph"), list):
                    stack.extend(x["@graph"])
    return items


def _ld_value(items: list[dict[str, object]], key: str) -> str:
    for item in items:
        value = item.get(key)
        if isinstance(value, dict):
            value = value.get("name") or value.get("url")
        if isinstance(value, list) and value:
            value = value[0].get("name") if isinstance(value[0], dict) else value[0]
        if isinstance(value, str) and value.strip():
            return _UNWRITABLE.sub(" ", value.strip())
    return ""


def _ld_addresses(item: dict[str, object]) -> set[str]:
    """The addresses a JSON-LD item names itself by (url, @id, mainEntityOfPage), without a final slash."""
    found = set()
    for key in ("url", "@id", "mainEntityOfPage"):
        value = item.get(key)
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str) and value.strip():
            found.add(value.strip().rstrip("/"))
    return found


def _ld_article_body(items: list[dict[str, object]], addresses: set[str]) -> str:
    """The schema.org ``articleBody`` the page's JSON-LD states for this page ("" when there is none).

    Where items state different bodies (a listing's articles, a related story beside this one),
    only the one that names this page's address (``addresses``: its URL and canonical URL) counts;
    when none or several do, none is taken rather than another story.
    """
    stated = [(x, body.strip()) for x in items if isinstance(body := x.get("articleBody"), str) and body.strip()]
    if len({body for _, body in stated}) > 1:
        here = {a.rstrip("/") for a in addresses if a}
        stated = [(x, body) for x, body in stated if _ld_addresses(x) & here]
    if len({body for _, body in stated}) != 1:
        return ""
    return _UNWRITABLE.sub(" ", stated[0][1][:MAX_HTML_CHARS])


_MARKUP = re.compile(r"<[a-z/!?]|&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.I)  # a tag, a comment or an entity
_BLOCK_TAG = re.compile(r"<(?:p|br|div|h[1-6]|li|tr|table|ul|ol|blockquote)\b", re.I)


def _body_blocks(body: str) -> list[Block]:
    """A stated article body as blocks: its lines when it is plain text, else its markup's blocks.

    Markup is read as a page is (entities decoded, scripts and hidden or furniture elements
    dropped), so no tag or entity reaches the archive as text; markup stated escaped ("&lt;p&gt;")
    is unescaped first, and lines of text with only inline markup stay lines.
    """
    if "<" not in body and "&lt;" in body:
        body = unescape(body)
    if not _MARKUP.search(body):
        return [(" ".join(line.split()), False, 0.0) for line in body.splitlines() if line.strip()]
    if not _BLOCK_TAG.search(body):
        body = body.replace("\n", "<br>")
    root = _page_body(f"<html><body>{body}</body></html>")
    if root is None:
        return []
    # Cleaned as a page is: scripts and hidden parts go, and furniture, except a wrapper that holds
    # the text whatever its class says ("entry-content share-enabled").
    _clean(root)
    return _blocks(root)


def _page_body(html: str) -> etree._Element | None:
    """The <body> of a page parsed afresh (the root when it has none), as extraction reads it:
    absurd nesting flattened, runs of <br> merged. None when the page cannot be parsed."""
    try:
        doc = _parse(html)
    except (etree.ParserError, ValueError):
        return None
    _flatten_deep(doc)
    _merge_breaks(doc)
    bodies = doc.xpath("//body")
    return bodies[0] if bodies else doc


ATTACHMENT = re.compile(r"\.(pdf|docx?|odt|rtf|pptx?|xlsx?)(?:$|[?#])", re.I)


def _update_labelled(t: etree._Element) -> bool:
    """A <time> right after an update word ("Päivitetty <time>", "| Updated: <time>"): the update's."""
    prev = t.getprevious()
    parent = t.getparent()
    label = (prev.tail if prev is not None else (parent.text if parent is not None else "")) or ""
    return bool(_UPDATE_LABEL.search(label[-80:]))


ENTRY_LEVELS = 4  # how far above a <time> an entry of a stream may begin ("live-feed__item > __meta > time")
STREAM_ENTRIES = 3  # siblings alike, each with a <time>: a live blog's stream


_LIVE_ENTRY = re.compile(r"live|ticker|seuranta|direkt", re.I)  # "liveblog-body", "live-feed__item", "lx-stream"


def _in_live_blog(el: etree._Element) -> bool:
    """Whether an element or one of its ancestors is named as a live blog ("liveblog-body", "live-feed__item")."""
    return any(_LIVE_ENTRY.search(a.get("class") or "") for a in itertools.chain((el,), el.iterancestors()))


def _entry_times(times: list[etree._Element]) -> set[etree._Element]:
    """The <time>s of a stream's entries: each in one of three or more sibling elements of the same tag and class
    that names a live blog's entry ("live-feed__item", "live-entry"), each holding a <time>: its posts, each dated
    when it was posted (a programme's "session"s are not).
    Counted in one pass over the times' ancestors, so a page of many entries costs no more than its times."""
    alike: dict[tuple[etree._Element, str, str], set[etree._Element]] = {}
    chains = []
    for t in times:
        chain = []
        for el in itertools.islice(t.iterancestors(), ENTRY_LEVELS):
            parent = el.getparent()
            if parent is None:
                break
            if el.tag in ("p", "span", "td", "tr") or not el.get("class") or not _in_live_blog(el):
                continue  # a block in a live blog: not a programme's sessions or agenda entries, nor a table's rows
            key = (parent, str(el.tag), el.get("class") or "")
            alike.setdefault(key, set()).add(el)
            chain.append(key)
        chains.append((t, chain))
    return {t for t, chain in chains if any(len(alike[key]) >= STREAM_ENTRIES for key in chain)}


_EMPTY_VALUES = frozenset({"null", "none", "undefined", "nan", "n/a", "-"})


def _newest(entries: set[etree._Element]) -> str:
    """The newest of a live blog's entries' times, or "" (read from the page alone, not the clock, so a page
    re-extracted years later gives the same date)."""
    return max((d for d in (parse_date(t.get("datetime") or _text(t)) for t in entries) if d), default="")


class _PageMeta(TypedDict):
    """What a page says about itself (meta tags, JSON-LD, links), before the article text."""

    canonical_url: str
    shortlink: str  # on the page's own host
    declared_language: str
    published: str
    updated: str
    author: str
    author_stated: bool  # by the page's metadata or a marked byline, not the publisher's or site's name
    image: str
    attachments: tuple[Attachment, ...]
    article_body: str  # the article's text as its JSON-LD states it (schema.org articleBody), if any


def _as_shown(moment: str, times: list[etree._Element], lang: str) -> str:
    """A moment stated in UTC as the page's <time> of the same moment shows it (see dates.as_shown): Drupal marks
    "2026-12-02T23:15:00Z" and shows "3. 12. 2026 - 00:15", the newsroom's day."""
    if not moment.endswith(("+00:00", "Z")):
        return moment
    for t in times:
        if t.get("datetime") and instant(parse_date(t.get("datetime", ""))) == instant(moment):
            shown = as_shown(moment, parse_date(_text(t), lang=_date_lang(lang, "")))
            if shown != moment:
                return shown
    return moment


def _metadata(doc: etree._Element, url: str, metas: MetaIndex) -> _PageMeta:
    ld = _json_ld(doc)
    html = doc if doc.tag == "html" else doc.getroottree().getroot()
    canonical = shortlink = ""
    for link in doc.xpath("//link[@href]"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and not canonical:
            canonical = urljoin(url, link.get("href").strip())
        elif "shortlink" in rel and not shortlink:  # a CMS's stable address: WordPress's "?p=123", Drupal's node
            shortlink = urljoin(url, link.get("href").strip())
    canonical = canonical or _meta(metas, "og:url") or ""
    lang = (html.get("lang") or html.get("xml:lang") or "").strip()
    if not lang:
        lang = _meta(metas, "og:locale", "language", "content-language", "dc.language")
    # The article's <time>s: not another story's in a teaser list or side column, not the "updated" of a pair.
    times = [
        t
        for t in doc.iter("time")
        if not _updated_time(t) and not _update_labelled(t) and not _other_story(t, strict=False)
    ]
    times = [t for t in times if not _other_story(t)] or times  # the article's, else one in a side column
    entries = _entry_times(times)
    times = [t for t in times if t not in entries]  # a live blog's entries: when each was posted, not the page
    published = ""
    for candidate in (
        _meta(
            metas,
            "article:published_time",
            "og:published_time",
            "datepublished",
            "publishdate",
            "pubdate",
            "publication_date",
            "dc.date.issued",
            "dcterms.created",
            "sailthru.date",
            "parsely-pub-date",
        ),
        _ld_value(ld, "datePublished"),
        _ld_value(ld, "dateCreated"),
        # HTML5's mark of the publication date, before a bare "date" meta (which some sites fill when the page is made).
        *[t.get("datetime") or _text(t) for t in _PUBDATE(doc)[:1]],
        _meta(metas, "dc.date", "date"),
        *[t.get("datetime", "") for t in times if t.get("datetime")][:3],
        *[_text(t) for t in times][:3],
    ):
        published = parse_date(candidate)
        if published:
            break
    published = _as_shown(published, times, lang)
    updated = ""
    for candidate in (
        _meta(metas, "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified"),
        _ld_value(ld, "dateModified"),
        *[
            t.get("datetime") or t.get("content") or _text(t)
            for t in doc.xpath("//time | //*[@itemprop='dateModified']")
            if (_updated_time(t) or _update_labelled(t)) and not _other_story(t, strict=False)
        ][:1],
        _newest(entries),  # a live blog's newest entry: when the page last changed
    ):
        updated = parse_date(candidate)
        if updated:
            break
    updated = _as_shown(updated, list(doc.iter("time")), lang)
    if updated and published and not not_before(updated, published):
        updated = ""  # an update before the publication is none (a stream of older dated items, a broken meta)
    stated_author = _meta(metas, "author", "article:author", "dc.creator", "byl") or _ld_value(ld, "author")
    if stated_author.lower() in _EMPTY_VALUES:
        stated_author = ""  # a template's empty value printed as a word: "null", "undefined"
    opener = _META_BY.match(stated_author)
    if opener and _NAME.fullmatch(stated_author[opener.end() :].strip()):
        stated_author = stated_author[opener.end() :].strip()  # the byline as printed: "By Daniel Okoye"
    if not stated_author or stated_author.startswith("http"):
        stated_author = (
            _marked_author(doc)
            or _byline_box(doc)
            or _author_item(doc)
            or ("" if stated_author.startswith("http") else stated_author)
        )
    # The publisher or the site's name stands in for an author, but not a press-release platform's name.
    site = next((n for n in (_ld_value(ld, "publisher"), _meta(metas, "og:site_name")) if n and not _platform(n)), "")
    author = stated_author or site
    image = _meta(metas, "og:image", "og:image:url", "twitter:image")
    attachments: list[Attachment] = []
    seen: set[str] = set()
    for a in doc.xpath("//a[@href]"):
        href = urljoin(url, a.get("href").strip())
        found = ATTACHMENT.search(href)
        if found and href not in seen and href.startswith(("http://", "https://")) and not _site_furniture(a):
            seen.add(href)
            attachments.append(Attachment(url=href, title=_text(a)[:300], content_type=found.group(1).lower()))
    return {
        "canonical_url": canonical,
        "shortlink": shortlink if urlsplit(shortlink).hostname == urlsplit(url).hostname else "",
        "declared_language": lang.replace("_", "-"),
        "published": published,
        "updated": updated,
        "author": author[:300],
        "author_stated": bool(stated_author),
        "image": urljoin(url, image) if image else "",
        "attachments": tuple(attachments[:20]),
        "article_body": _ld_article_body(ld, {url, canonical}),
    }


# Press-release platforms whose name a newsroom's pages give as the site's: no author of the release.
PLATFORMS = re.compile(
    r"^(?:mynewsdesk|cision|cision news|stt info|notified|via ritzau|ritzau|prnewswire|pr newswire|business wire|"
    r"globenewswire|news powered by cision|meltwater|presspage|prezly)$",
    re.I,
)
# Elements that mark the author's name: rel="author" links, hCard's "author … fn", schema.org's itemprop.
# (Found with one cheap pass; the class tokens are told apart in Python: "author vcard", "author" around "fn".)
# (Asked of the attributes, not of every element: less than half the time.)
# An element a theme names as the author's item by a BEM modifier: "blog-meta-item--author",
# "elementor-post-info__item--type-author", "entry-meta__author".
_AUTHOR_ITEMS = etree.XPath(
    "//*[contains(@class, '-author') or contains(@class, '_author') or contains(@class, 'author__name')"
    " or contains(@class, 'author-name')]"
    "[not(ancestor-or-self::*[contains(@class, 'comment')])]"
)
_AUTHOR_ITEM_CLASS = re.compile(r"(?:--(?:type-)?author|__author|author(?:__|-)name)$")
# A class naming the whole name ("author__name", "author-name", "name", hCard's "fn"), not a part of it ("given-name").
_NAME_CLASS = re.compile(r"^(?:fn|name|.*(?<!given)(?<!family)(?<!first)(?<!last)(?<!middle)(?<!sur)[_-]name)$")


def _unlabelled(text: str) -> str:
    """A name without the label before it ("Written by Aoife Byrne" -> "Aoife Byrne")."""
    return _LABEL_BEFORE_NAME.sub("", text).strip(" ,:|")


def _name_part(card: etree._Element) -> str:
    """The writer's name in a card of elements (name, role, organisation): the element named as the name, else the
    one that reads as a name ("" when none does), never the card's names joined."""
    named = next(
        (c for c in card.iterdescendants() if any(map(_NAME_CLASS.match, (c.get("class") or "").split()))), None
    )
    if named is not None:
        return _unlabelled(_text(named))
    if any("name" in (c.get("class") or "") for c in card.iterdescendants()):
        return ""  # the name in parts ("given-name", "family-name"): the card's whole text is the name
    names = [(c, t) for c in card if _NAME.fullmatch(t := _unlabelled(_text(c)))]
    # Several: the one linked to a page of its own ("/people/anna-berg"), else the first (a name before its role).
    return next((t for c, t in names if c.tag == "a" and c.get("href")), names[0][1] if names else "")


_LABEL_BEFORE_NAME = re.compile(
    r"^(?:written by|posted by|author|by|av|von|teksti|text|kirjoittaja|kirjoittanut|skribent|författare|about|"
    r"words(?=\s*:))\s*:?\s*",
    re.I,
)


def _author_item(doc: etree._Element) -> str:
    """The name in an element a theme names as the author's by a BEM modifier, when it reads as a person's
    name and nothing else ("Written By Aoife Byrne" -> "Aoife Byrne"); not a teaser's."""
    for el in _AUTHOR_ITEMS(doc)[:20]:
        if not any(_AUTHOR_ITEM_CLASS.search(c) for c in (el.get("class") or "").split()):
            continue
        name = _unlabelled(_text(el))
        own = _unlabelled((el.text or "").strip())
        if len(el) and not own:  # the name in an element of its own beside the role's
            own = _name_part(el)
        if len(el) and _NAME.fullmatch(own):
            name = own  # "Anna Lindholm <span>Reporter</span>": the name, not its role
        if _NAME.fullmatch(name) and not _NO_NAME.match(name) and not _other_story(el):
            return name
    return ""


_BYLINE_BOXES = etree.XPath("//*[contains(translate(@class, 'BYLINE', 'byline'), 'byline')]")


# "By " before a stated author's name (not "Von": "Von Der Leyen Ursula" is a name).
_META_BY = re.compile(r"(?:(?:written|posted) )?by\s+|av\s+", re.I)
# A byline's element (BEM's "__", a CSS module's "_") named as the role beside the name; not a modifier
# ("byline--bio") nor a byline inside a title block ("story-title__byline").
_ROLE_PART = re.compile(
    r"byline_{1,2}(?:role|title|position|job|jobtitle|bio|description|affiliation|org)(?![a-z])", re.I
)


def _byline_box(doc: etree._Element) -> str:
    """The name in an element named as the byline ("<p class="byline">Teksti: Liisa Lahti | Kuvat: …</p>"),
    read as a byline line is; not a teaser's or a comment's."""
    for el in _BYLINE_BOXES(doc)[:20]:
        if any(_ROLE_PART.search(t) for t in (el.get("class") or "").split()):
            continue  # the byline's role or title beside the name: "Byline_role__Xp7Mn", "byline__title"
        text = _text(el)
        name = _byline_name(text, dated=True)
        if not name and _NAME.fullmatch(text) and not _NO_NAME.match(text):
            name = text  # the box holds the name alone: "<span class="byline">Anna Lindholm</span>"
        if name and not _other_story(el):
            return name
    return ""


_AUTHOR_MARKS = etree.XPath(
    "//@class[contains(., 'author')]/.. | //@rel[. = 'author']/.. | //@itemprop[. = 'author']/.."
    " | //a/@href[contains(., '/author/')]/.."
)


def _platform(name: str) -> bool:
    """Whether a site's name is a press-release platform's (Mynewsdesk, Cision), not the newsroom's."""
    return bool(PLATFORMS.match(name.strip()))


# A link's label, or a content system's account rather than a person ("Super User", Joomla's default).
_NO_NAME = re.compile(
    r"^(?:view|see|more|all|read|learn|visit|follow|contact)\b|^\[[^\]]*\]$|"
    r"^(?:super ?user|admin(?:istrator)?|webmaster|editor|toimitus|redaktionen|uredništvo)$|"
    r"^(?:staff|news|guest|senior)?\s*(?:writer|reporter|correspondent|editor)s?$",
    re.I,
)


def _marked_author(doc: etree._Element) -> str:
    """The author's name where the page marks it (see _AUTHOR_MARKS), not a commenter's or a teaser's."""
    for el in _AUTHOR_MARKS(doc):
        classes = (el.get("class") or "").split()
        if "author" in classes and "vcard" not in classes and el.get("rel") != "author":
            el = next(iter(el.xpath(".//*[contains(concat(' ', normalize-space(@class), ' '), ' fn ')]")), None)
        elif (
            "author" not in classes
            and el.get("class")
            and el.get("itemprop") != "author"
            and el.get("rel") != "author"
            and el.tag != "a"
        ):
            continue  # "author-box", "authors-list": a word of a class, no mark of the name
        # A link found by its address alone ("/author/", "/tag/author/") may be a menu's or a tag cloud's.
        by_href = (
            el is not None
            and el.tag == "a"
            and "author" not in classes
            and el.get("rel") != "author"
            and el.get("itemprop") != "author"
        )
        if el is None or _other_story(el, strict=by_href):
            continue
        href = urlsplit(el.get("href") or "")
        if el.get("rel") == "author" and not href.netloc and href.path == "/" and not href.query and _in_chrome(el):
            continue  # Jekyll's site title in the page header, rel="author" to "/": the site, not the post's writer
        if by_href and "/author/" not in urlsplit(el.get("href", "")).path.lower().rstrip("/").rsplit("/", 1)[0] + "/":
            continue  # "/tag/author/": a tag named "author", not an author's page
        named = el.xpath(".//*[@itemprop='name']")
        name = (named[0].get("content") or _text(named[0])) if named else (el.get("content") or _text(el))
        name = _BYLINE_WORD.sub("", name.split(" by ")[-1]).strip(" ,:|→»›")  # "View all posts by Becky →"
        if (
            3 <= len(name) <= 80
            and not name.startswith("http")
            and not _DIGIT.search(name)
            and not _NO_NAME.match(name)
        ):
            return name
    return ""


# A line that is a byline and nothing else: "Teksti: Matti Mäkinen", "Text och bild: Eva Berg", "By Jane Doe".
_BYLINE_WORD = re.compile(
    r"^(?:(?:teksti|text|besedilo)(?:\s+(?:ja|och|and|&|in)\s+(?:kuvat?|kuva|bild|bilder|fotos?|photos?|foto))?|"
    r"kirjoittaja|kirjoittanut|författare|skribent|avtor(?:ica)?|written by|posted by|by|av|von|par|por|"
    r"words(?=\s*:))\b\s*:?\s*",  # a magazine's "Words: Cerys Morgan, Pictures: …"
    re.I,
)
_NAME = re.compile(r"(?:[A-ZÅÄÖÜÉŠŽČ][\w'’.-]*)(?:\s+(?:van|von|de|af|der|den)?\s*[A-ZÅÄÖÜÉŠŽČ][\w'’.-]*){1,3}")
# Two writers of one byline: "Jane Doe and John Smith", "Anna Schmidt und Peter Müller"; not names and roles
# between commas ("Jessica Sapick, Product Marketing Manager"), nor Slovenian "in", which is English too ("Jane Doe
# in New York").
_NAMES = re.compile(rf"{_NAME.pattern}\s+(?:and|&|ja|och|og|und|et|y|e)\s+{_NAME.pattern}")


_CREDIT_AFTER = re.compile(
    r"\s*[|·•;]\s*|,?\s+(?=(?:kuvat?|kuvaaja|foto|fotos|bild|bilder|photos?|pictures?|fotograf|fotografija)\s*:)",
    re.I,
)


_WIRE_SIGNATURE = re.compile(r"(.+?)\s*/\s*(?:STT|TT|NTB|STA|PA|AP|AFP|dpa|Reuters|Ritzau|FNB)")
_ROLE_AFTER = re.compile(r"([^,;|]+?),\s*(?:[A-Z][\w-]*\s*){1,4}$")


def _byline_name(text: str, dated: bool = False) -> str:
    """The name a byline line gives ("Teksti: Matti Mäkinen" -> "Matti Mäkinen"), or "" for any other line.

    With ``dated``, also from a byline that gives the date, and a reading time ("Avtor: Mojca Kranjc, 12. 3. 2025",
    "Von Sabine Krüger 22.02.2024, 21:45 Uhr 3 Min. Lesezeit").
    """
    if len(text) > (120 if dated else 80):
        return ""
    wire = _WIRE_SIGNATURE.fullmatch(text.strip())
    if wire and _NAME.fullmatch(wire.group(1)):
        return wire.group(1)  # "Liisa Virtanen / STT", "Anna Svensson/TT": a wire story's signature
    m = _BYLINE_WORD.match(text)
    if not m or m.end() == 0:
        return ""
    role = _ROLE_AFTER.match(text[m.end() :])
    if role and _NAME.fullmatch(role.group(1)):
        return role.group(1)  # "By Ciara Doherty, PA", "By Ciara Doherty, North West Correspondent"
    # The name ends where the photographer's credit or a date begins: "Teksti: Liisa Lahti | Kuvat: Pekka Puu",
    # "Text: Karin Lund Foto: Per Ek", "Avtor: Mojca Kranjc, 12. 3. 2025".
    rest = _CREDIT_AFTER.split(text[m.end() :], maxsplit=1)[0]
    if dated:  # the name ends where the dateline's words begin: "Par Julien Castellan Publié le 18/06/2024 …"
        cut = [w.start() for w in (PUBLISH_WORD.search(rest), UPDATE_WORD.search(rest)) if w]
        rest = _strip_dates(_READING_TIMES.sub(" ", rest[: min(cut, default=len(rest))])).strip(" ,–-")
    else:
        rest = rest.strip()
    return rest if _NAME.fullmatch(rest) or _NAMES.fullmatch(rest) else ""


def _title(doc: etree._Element, selector: str, metas: MetaIndex, url: str = "") -> str:
    if selector:
        found = _select(doc, selector)
        if found:
            return _text(found[0])
    page_title = _text(doc.xpath("//title")[0]) if doc.xpath("//title") else ""
    og = _meta(metas, "og:title", "twitter:title")
    if not og:
        styled = _document_title(doc, _meta(metas, "generator"), page_title)
        if styled:
            return styled
    heading_els = doc.xpath("//h1 | //h2 | //h3")[:40]
    texts = {h: _text(h) for h in heading_els}
    first = _title_among(doc, page_title, og, [(h.tag, texts[h]) for h in heading_els], set())
    if not (first in texts.values() and _short_heading(first)):
        return first  # no section's name decided it: the menus need not be read (most pages)
    # A heading that is also a menu item's text ("News") names the section the page stands in; unless the
    # <title> gives it whole and it is no single word or two (a menu may link the page itself).
    title_parts = {p.strip().casefold() for p in _TITLE_SEPARATORS.split(f"{page_title} | {og}") if p.strip()}
    sections = {
        n
        for n in _section_names(doc, texts.values(), url)
        if not (n in title_parts and len(n.split()) >= SECTION_WORDS)
    }
    if not sections:
        return first
    kept = [(h.tag, texts[h]) for h in heading_els if texts[h].casefold() not in sections]
    return _title_among(doc, page_title, og, kept, sections)


_OFFICE = re.compile(r"microsoft word|libreoffice|openoffice|google docs", re.I)
_GENERATED_CLASS = re.compile(r"c\d+$")  # Google Docs' classes: "c3 title"


def _document_title(doc: etree._Element, generator: str, page_title: str) -> str:
    """An office document saved as HTML: the paragraph styled as its title, before its first heading (Word's
    p.MsoTitle; a p.title in a Word, LibreOffice or Google Docs export, whose <body class="c9 doc-content"> is in
    generated classes). Its first Heading 1 is a section's name ("Taustaa", "Bakgrund"), and its <title> may be a
    file's name ("Muistio_2024-03.docx"). Not where the <title> names the page's first heading and not this
    paragraph: a web page's site or section name styled "title"."""
    body = next(doc.iter("body"), None)
    body_classes = (body.get("class") or "").split() if body is not None else []
    office = bool(_OFFICE.search(generator)) or "doc-content" in body_classes
    office = office or any(_GENERATED_CLASS.match(c) for c in body_classes)
    for el in doc.iter("p", "div", "h1", "h2", "h3"):
        if el.tag in ("h1", "h2", "h3"):
            return ""
        classes = (el.get("class") or "").lower().split()
        if not ("msotitle" in classes or ("title" in classes and office)):
            continue
        text = _text(el)
        if not 0 < len(text) <= 200 or _in_chrome(el):
            continue
        first = next(iter(doc.xpath("(//h1 | //h2)[1]")), None)
        if first is not None and page_title and _text(first)[:20] in page_title and text not in page_title:
            return ""
        return text
    return ""


def _short_heading(text: str) -> bool:
    """A heading short enough to be a section's name (see SECTION_WORDS)."""
    return bool(text) and len(text) <= 30 and len(text.split()) <= SECTION_WORDS


def _title_among(
    doc: etree._Element, page_title: str, og: str, heading_texts: list[tuple[str, str]], sections: set[str]
) -> str:
    """The title, from the page's (tag, text) headings that are no section's name, the <title> and og:title."""
    headings = [t for _tag, t in heading_texts if len(t) >= 4]
    h1s = [t for tag, t in heading_texts if tag == "h1" and t]
    parts = [p.strip() for p in re.split(r"\s+[|–—-]\s+|\s+::\s+", og or page_title) if p.strip()]
    longest_part = max(parts, key=len) if parts else ""
    # A heading that the <title> or og:title repeats is the article's title ("Site - Title"): the
    # longest such heading, so that a navigation heading the title also names ("News - Title | Site")
    # does not win; and one that covers at least a third of the title's longest part.
    repeated = [h for h in headings if (og and h in og) or (page_title and h in page_title)]
    if repeated:
        best = max(repeated, key=len)
        if 3 * len(best) >= len(longest_part):
            return best
    if og:
        return og
    if h1s:
        return h1s[0]
    if sections and len(parts) > 1 and len(longest_part.split()) < TITLE_WORDS:
        # The page's heading was the section's name, and the <title> names the site and the section: the title
        # is the element named for it ("news-title", "otsikko"), or else the first heading after the section's.
        named = _named_title(doc, sections)
        if named:
            return named
    if not headings and not og and len(longest_part.split()) < TITLE_WORDS:
        # No heading, and a <title> that names only the site ("Mestna občina Maribor"): an older CMS shows the
        # headline in an element named for it (<div class="naslov">, "otsikko", "news-title").
        named = _title_element(doc, {p.casefold() for p in parts})
        if named:
            return named
    # A <title> the page shows whole as its headline (a newsletter's title in a styled <div>) is not
    # "Site - Title": "HOPE project news – spring 2025".
    if len(parts) > 1 and _shown_whole(doc, page_title):
        return page_title
    # Otherwise the longest part of "Site | Title" / "Title - Site".
    return longest_part


_TITLE_ELEMENTS = etree.XPath(
    "//body//*[self::div or self::span or self::p or self::td or self::strong or self::b or self::font]"
    "[not(ancestor-or-self::a) and not(.//a)]"
)


def _title_element(doc: etree._Element, site: set[str]) -> str:
    """The text of the one element of the body named for a title ("naslov", "news-title"), of three words or more
    and no name the <title> gives; "" where there is none, or several (a list of stories, each with its title),
    or it stands in the page's header, navigation or footer (the site's name styled "site-title")."""
    found: set[str] = set()
    for el in _TITLE_ELEMENTS(doc):
        if not _TITLE_CLASS.search(_attrs(el)) or any(isinstance(c.tag, str) and c.tag in BLOCKS for c in el):
            continue
        if any(isinstance(d.tag, str) and _TITLE_CLASS.search(_attrs(d)) for d in el.iterdescendants()):
            continue  # a title area around the title and its date: the title's own element says it
        text = _text(el)
        if len(text.split()) < 3 or len(text) > 200 or text.casefold() in site or _in_chrome(el):
            continue
        if _NOT_THE_TITLE.search(_attrs(el)) or _cookie_heading(text) or _hidden_or_layer(el):
            continue  # (a subtitle, a cookie dialog's "modal-title", a tooltip's: no headline; review, s39)
        found.add(text)
    return found.pop() if len(found) == 1 else ""


_NOT_THE_TITLE = re.compile(r"sub-?title|(?:modal|dialog|popup|tooltip|cookie|consent)[-_]?(?:title|headline)", re.I)
_LAYER = re.compile(r"modal|dialog|popup|overlay|tooltip|cookie|consent", re.I)


def _hidden_or_layer(el: etree._Element) -> bool:
    """Whether an element is hidden, or stands in a hidden element or a layer (a dialog, a cookie notice)."""
    for a in itertools.chain([el], el.iterancestors()):
        if isinstance(a.tag, str) and (
            _hidden(a)
            or a.tag == "dialog"
            or a.get("role") in ("dialog", "alertdialog")
            or _LAYER.search(a.get("class") or "")
        ):
            return True
    return False


def _shown_whole(doc: etree._Element, title: str) -> bool:
    """Tell whether an element of the body, not of its header, navigation or footer, holds the whole <title> as
    its only text."""
    if not title:
        return False
    for body in doc.iter("body"):
        for el in body.iter("div", "td", "p", "span", "strong", "b", "font"):
            if len(el) == 0 and el.text and " ".join(el.text.split()) == title and not _in_chrome(el):
                return True
    return False


_FORM_PARTS = etree.XPath(
    "ancestor-or-self::form | descendant::*[self::input or self::button or self::label or self::select]"
)


def _in_form(item: etree._Element, lists: dict[etree._Element, bool]) -> bool:
    """Tell whether a list item stands in a form or its list holds a form control (each list asked once)."""
    parent = item.getparent()
    if parent is None:
        return False
    if parent not in lists:
        lists[parent] = bool(_FORM_PARTS(parent))
    return lists[parent]


SECTION_WORDS = 3  # a section's name is a word or three ("News", "Ajankohtaista", "Press releases")
TITLE_WORDS = 4  # a part of a <title> this long is an article's title, not a site's or a section's name
_TITLE_SEPARATORS = re.compile(r"\s+[|–—»›:-]\s+|\s+::\s+")
_TITLE_CLASS = re.compile(r"title|headline|otsikko|rubrik|naslov", re.I)


def _section_names(doc: etree._Element, headings: Iterable[str], url: str = "") -> set[str]:
    """The short headings that are also the text of a link in a menu: names of the site's sections.

    Only headings are looked up (a page has thousands of links and a few headings), case-folded.
    """
    short = {t.casefold() for t in headings if _short_heading(t)}
    if not short:
        return set()
    found: set[str] = set()
    longest = max(map(len, short))
    for a in doc.iter("a"):
        raw = a.text if len(a) == 0 else "".join(a.itertext())  # most links are a text alone: no walk
        if not raw or len(raw) > 4 * longest:  # far longer than any name: no need to normalise it
            continue
        t = " ".join(raw.split()).casefold()
        if t in short and _in_menu(a) and not _links_page(a, url):
            found.add(t)
    return found


# A menu or breadcrumb trail by its tag, role or class and id words ("topmenu", "main-nav", "breadcrumbs").
_MENU_CLASS = re.compile(
    r"menu|(?<![a-z])(?:nav|toc)(?![a-z])|navbar|navigation|breadcrumb|murupolku|valikko|meny", re.I
)


_LINK_NAMED = etree.XPath("//a[normalize-space(.) = $name]")


def _menu_item(doc: etree._Element, text: str) -> bool:
    """Whether a menu or a table of contents links a text ("Government and politics"): a part, not the title."""
    return any(_in_menu(a) for a in _LINK_NAMED(doc, name=text))


def _in_menu(link: etree._Element) -> bool:
    """Whether a link stands in the site's menu or breadcrumbs (a post's title linked in a list of recent posts
    does not: a section is named in the menu)."""
    for a in link.iterancestors():
        if a.tag in HEADINGS:
            return False  # a heading that links to itself is a title
        if a.tag in ("nav", "menu") or (a.get("role") or "").lower() in ("navigation", "menu", "menubar"):
            return True
        if a.tag not in ("html", "body") and _MENU_CLASS.search(_attrs(a)):
            return True
    return False


def _links_page(a: etree._Element, url: str) -> bool:
    """Whether a menu link is the page itself: its own address, marked current, or a breadcrumb trail's last link."""
    if (a.get("aria-current") or "").lower() in ("page", "true", "location"):
        return True
    href = (a.get("href") or "").strip()
    if url and href and urljoin(url, href).split("#")[0].rstrip("/") == url.split("#")[0].rstrip("/"):
        return True
    trail = next(
        (p for p in a.iterancestors() if "breadcrumb" in (_attrs(p) + " " + (p.get("aria-label") or "")).lower()), None
    )
    return trail is not None and trail.xpath(".//a")[-1] is a


def _named_title(doc: etree._Element, sections: set[str]) -> str:
    """The title of a page whose heading is a section's name: an element named for a title, or the next heading."""
    section_seen = False
    for el in doc.iter():
        if not isinstance(el.tag, str) or el.tag in INVISIBLE or el.tag == "title":
            continue
        if el.tag in HEADINGS and _text(el).casefold() in sections:
            if section_seen:
                return ""  # the parts of a page (a table of contents' headings), not one article under a section
            section_seen = True
            continue
        if not section_seen:
            continue  # the title follows the section's heading
        named = el.tag not in ("html", "body") and bool(_TITLE_CLASS.search(_attrs(el)))
        if not (named or el.tag in ("h1", "h2", "h3")):
            continue
        if el.xpath("ancestor-or-self::a | ancestor::nav | ancestor::footer | ancestor::aside"):
            continue
        t = _text(el)
        if 10 <= len(t) <= 300 and not _menu_item(doc, t):
            return t
    return ""


def _select(doc: etree._Element, selector: str) -> list[etree._Element]:
    try:
        return list(doc.cssselect(selector))
    except Exception:  # cssselect raises its own SelectorError/ExpressionError
        return []


# ---------------------------------------------------------------- the entry point


def _empty(url: str, reason: str) -> Article:
    return Article(url=url, extraction={"ok": False, "reason": reason, "chars": 0, "paragraphs": 0})


def extract(
    html: str | bytes,
    url: str = "",
    *,
    body: str = "",
    title: str = "",
    date: str = "",
    headers: dict[str, str] | None = None,
) -> Article:
    """Extract title, main text (paragraphs), dates and metadata from an article page.

    ``body``, ``title`` and ``date`` are optional CSS selectors that override the generic
    rules for newsrooms where those fall short. Never raises on bad input: the result's
    ``extraction`` dict says what happened (``ok``, ``reason``, ``chars``, ``link_density``,
    ``fallback``).
    """
    _short_dateline.cache_clear()  # what the last page's lines were is of no use here
    text = decode_html(html, headers)
    if not text.strip():
        return _empty(url, "empty page")
    sample = text[:4096]
    if sample.count("\x00") > 10 or sum(c < " " and c not in "\t\r\n\f" for c in sample) > len(sample) * 0.1:
        return _empty(url, "binary content, not HTML")
    truncated = len(text) > MAX_HTML_CHARS
    text = text[:MAX_HTML_CHARS].replace("\x00", "")
    if _SURROGATE.search(text):  # half a UTF-16 pair (a text built from broken data): lxml would drop the text
        text = _SURROGATE.sub("\ufffd", text)
    try:
        urlsplit(url)
        base = url
    except ValueError:  # "http://[::1/a": no link resolves against it, but the page's text still reads
        base = ""
    with _BIG_PAGES if len(text) > BIG_PAGE_CHARS else contextlib.nullcontext():
        article = _extract_text(
            text, base, body=body, title=title, date=date, truncated=truncated, fetched=_served_on(headers)
        )
    return article if base == url else replace(article, url=url)


def _served_on(headers: dict[str, str] | None) -> str:
    """The day the server answered, from its ``Date`` header (ISO, UTC), or "" when it gives none that is sane.

    Kept with the page's raw response, so re-extraction reads the page as it was fetched, whatever the clock says."""
    served = http_date(next((v for k, v in (headers or {}).items() if k.lower() == "date"), ""))
    if served is None or not datetime(2000, 1, 1, tzinfo=UTC) <= served <= datetime.now(UTC) + timedelta(days=1):
        return ""  # a server whose clock is wrong (1970, or years ahead) dates nothing
    return served.astimezone(UTC).date().isoformat()


# A page's tree takes 10 to 150 bytes of memory per character of HTML (most for pages of tiny
# elements: a 5 MB page of them peaks near 0.75 GB). Pages above BIG_PAGE_CHARS are extracted one
# at a time in a process, so that the threads of a nightly run never hold several such trees at once.
BIG_PAGE_CHARS = 1_000_000
_BIG_PAGES = threading.Lock()


def _extract_text(
    text: str, url: str, *, body: str, title: str, date: str, truncated: bool, fetched: str = "", framed: bool = False
) -> Article:
    """``extract`` once the page is text: parse it, read its metadata, find and clean its article."""
    try:
        doc = _parse(text)
    except (etree.ParserError, ValueError) as e:
        return _empty(url, f"unparseable HTML: {e}")
    _flatten_deep(doc)
    for shadow in doc.xpath("//template[@shadowrootmode or @shadowroot]"):
        shadow.tag = "div"  # declarative shadow DOM: the browser shows it where it stands, no script needed
    for stamp in doc.iter("time"):
        following = stamp.getnext()
        if not (stamp.tail or "").strip() and following is not None and following.tag == "time":
            stamp.tail = " "  # WordPress's published and updated <time>s stand side by side: two dates, not one
    metas = _meta_index(doc)
    meta = _metadata(doc, url, metas)
    page_title = visible_text(_title(doc, title, metas, url))
    if not page_title.strip(INVISIBLE_CHARS + "\u00a0"):
        page_title = ""  # a title of nothing a reader sees (a lone zero-width space): none, so the listing's is taken
    if date:
        found = _select(doc, date)
        if found:
            meta["published"] = (
                parse_date(found[0].get("datetime") or found[0].get("content") or _text(found[0])) or meta["published"]
            )

    # Matched before runs of <br> are merged (next), as a selector may count siblings.
    selected = _select(doc, body) if body else []
    _merge_breaks(doc)
    # lxml makes a new Python object for an element each time a pass reaches it while none is
    # alive; holding one for every element lets the dozen passes below reuse them (10-15% of the
    # time on pages of many small elements; the measures hold them all at once anyway).
    _elements = list(doc.iter())
    bodies = doc.xpath("//body")
    body_el = bodies[0] if bodies else doc
    panels = contact_panels(body_el)  # before cleaning, which drops them
    date_stated = bool(meta["published"])  # by metadata or a configured selector; a date read from the text is weaker
    date_lang = _date_lang(str(meta["declared_language"]), url)
    top_line = ""  # a dateline set apart with the release's kind or publisher: dropped from the text below
    if not meta["published"]:
        # A date shown as a badge, its day, month and year each in an element of its own; not a teaser's.
        for el in _DATE_BADGE(body_el):
            joined = " ".join(t.strip() for t in el.itertext() if t.strip())
            if len(joined) <= 40 and _is_dateline(joined) and _list_item(el) is None:
                meta["published"] = parse_date(joined, lang=date_lang)
                break
    if not meta["published"]:
        # Then the text: the first short line that is mostly a date (before cleaning drops datelines),
        # not another story's in a teaser list or side column.
        in_text = False  # past the text's first paragraph
        prose_seen = 0
        dated, changed = "", meta["updated"]
        aside = ("", "")  # the first dateline in a side column: the page's date only if the article has none
        lang = date_lang  # the order of numeric dates: en-GB day first, en-US month first
        for owner, (block, heading, _density) in _blocks(body_el, with_owner=True):
            if dated and changed:
                break
            if dated:
                # Found: only an update line further on ("Last updated: 5 February 2025" under the text) is read.
                if (
                    len(block) <= 120  # a dateline's length, measured before the costlier word search
                    and UPDATE_WORD.search(block)
                    and _is_dateline(block)
                    and not _other_story(owner, strict=False)
                ):
                    changed = dateline_dates(block, lang, published=dated, fetched=fetched)[1]
                continue
            if in_text and _fact_label(block) == "date":
                continue  # "Date: 18 May 2021" under the text's first paragraph: the event's, not the page's
            early = not in_text or prose_seen <= 1  # the lead between the title and the byline row
            is_prose = (
                early  # counted up to the second paragraph: past it, nothing here asks
                and not heading
                and len(block) >= PROSE_CHARS
                and not _cookie_notice(block)  # a banner's sentence above the article is not its first paragraph
                and not _in_chrome(owner)
                and not _other_story(owner)
            )
            prose_seen += is_prose
            in_text = in_text or is_prose
            parts_line = "" if in_text else _parts_line(owner, block)
            parts_line = parts_line if parts_line and _separated_dateline(parts_line) else ""
            separated = (
                (not in_text and (_separated_dateline(block) or bool(parts_line)))
                or (early and _named_dateline(block, owner, fetched))
            ) and _list_item(owner, itself=True) is None
            if (_is_dateline(block) or _is_byline_date(block, fetched) or separated) and not _other_story(
                owner, strict=False
            ):
                if not _other_story(owner):
                    dated, updated = dateline_dates(parts_line or block, lang, fetched=fetched)
                    top_line = block if separated else top_line
                    changed = changed or updated
                elif not any(aside):
                    aside = dateline_dates(block, lang, fetched=fetched)
        if not dated and not changed:
            dated, changed = aside
        meta["published"], meta["updated"] = dated, changed
    fallback = False
    used_selector = False
    if body:
        roots = selected
        if roots:
            used_selector = True
            for r in roots:
                _clean(r)
        else:
            fallback = True
    lead_blocks: list[tuple[str, bool, float]] = []
    if not used_selector:
        _clean(body_el)
        roots = []
        best = _best_container(body_el)
        if best is not None:
            best = _expand(best, body_el, page_title)
            roots = _with_siblings(best)
            lead = _lead_outside(body_el, roots)
            if lead is not None:
                roots.insert(0, lead)
            lead_blocks = _lead_between(doc, roots[0], page_title)
    if date_stated and not meta["updated"] and roots:
        # Metadata gave the publication date alone: an update line in the article or around it gives the update.
        parent = roots[0].getparent()
        changed = _update_line(parent if parent is not None else roots[0], date_lang, str(meta["published"]), fetched)
        meta["updated"] = changed if not_before(changed, str(meta["published"])) else ""  # never before publication
    blocks = lead_blocks + [b for r in roots for b in _blocks(r)]
    kept = _select_blocks(blocks)
    if (
        not used_selector
        and len(meta["article_body"]) >= 150
        and (_chars(kept, page_title) < 150 or _teaser_of(kept, page_title, meta["article_body"]))
    ):
        # The page's text gave (almost) nothing, or only the first lines of what its JSON-LD states as the
        # article's body (a page whose text a script fills in, a teaser cut by a paywall or a "read more"): the
        # publisher's own statement, before the page's scraps (the fallback below takes every kept block of the
        # page: on such a page, a stream of teasers). The title counts for neither.
        stated = _body_blocks(meta["article_body"])
        if _chars(stated, page_title) > _chars(kept, page_title):
            kept, fallback = stated, True
    if _says_nothing(kept, page_title) or (used_selector and _chars(kept) < 150):
        # The scored container gave (almost) nothing: fall back to every kept block of the page. Not
        # for a short article (a notice, a caption-length post): the page around it is furniture. But a
        # configured selector that gives a line or two has gone stale (the newsroom was redesigned).
        page_blocks = _blocks(body_el)
        all_blocks = _select_blocks(page_blocks)
        if _says_nothing(all_blocks, page_title) and _unlink_blocks(body_el):
            # A post wrapped whole in a link to itself (a theme's "post-link"): its paragraphs are no link's words.
            page_blocks = _blocks(body_el)
            all_blocks = _select_blocks(page_blocks)
        if (
            _says_nothing(all_blocks, page_title)
            and sum(h and _heading_is_paragraph(t) for t, h, _ in page_blocks) >= PROSE_HEADINGS
        ):
            # Nothing but headings: body text set in heading tags (an editor's "Heading 3" chosen for its size)
            # reads as paragraphs where a heading would not, sentences of a paragraph's length.
            all_blocks = _select_blocks([(t, h and not _heading_is_paragraph(t), d) for t, h, d in page_blocks])
        if _chars(all_blocks) > _chars(kept):
            kept, fallback = [b for b in all_blocks if b[2] < 0.3], True
    if not used_selector and _chars(kept) < 150 and _FALLBACK_PARTS.search(text):
        # A page a script fills in may hold its text for readers without JavaScript in <noscript>, a Flash site
        # for visitors without the plug-in in its <object>.
        shown = _noscript_prose(text, page_title)
        if _chars(shown) >= max(150, 2 * _chars(kept)):
            kept, fallback = shown, True
    if not used_selector and not framed and _shell(kept, page_title) and _SRCDOC.search(text):
        # The article in a frame whose page the page itself writes (<iframe srcdoc>): a reader sees it there, on
        # a page that shows nothing else (beside a short text of the page's own, such a frame is an embed, an ad).
        shown, frame_title = _framed_prose(text, url, fetched)
        if _chars(shown, page_title) >= 150:
            kept, fallback, page_title = shown, True, page_title or frame_title
    if not used_selector and _chars(kept, page_title) < 150 and _APP_STATE.search(text):
        # A page a script renders (Next.js, Nuxt, a store's preloaded state): its HTML is an empty shell, or shows
        # the first lines, and the article is in the data the script renders it from. (Beside a short text the page
        # shows that the data's prose does not hold, that prose is another story's, a related one's.)
        shown = _app_state_prose(text, page_title)
        if _chars(shown, page_title) >= max(150, 2 * _chars(kept, page_title)) and (
            _shell(kept, page_title) or _teaser_of(kept, page_title, "\n".join(t for t, _, _ in shown))
        ):
            kept, fallback = shown, True
    if _says_nothing(kept, page_title):
        # Still nothing (a slideshow, a video page): the container's own lines, then the page's
        # description, rather than an empty article.
        lines = [
            b
            for b in blocks
            if b[2] < 0.5
            and not _ui_text(b[0])
            and not AD_LABEL.match(b[0])
            and b[0] != page_title
            and not _cookie_notice(b[0])
        ]
        if _chars(lines) >= 25:
            kept, fallback = lines, True
        else:
            # Read again: cleaning dropped the <meta> tags that stood in the body, as furniture.
            description = _meta(_meta_index(doc), "og:description", "description", "twitter:description")
            if len(description) >= 25:
                kept, fallback = [*kept, (" ".join(description.split()), False, 0.0)], True
            elif not used_selector:
                # Everything was furniture by its name: a short story shown in a "modal", or a photo page whose
                # only text is its picture's caption. The page's own sentences, those parts let off, rather than
                # an empty article. (A page that names neither is not read again: what it would give, the blocks
                # above already gave.)
                for let_off, named in ((LAYER_REASONS, _LAYER_NAME), (CAPTION_REASONS, _CAPTION_NAME)):
                    prose = _uncleaned_prose(text, page_title, let_off) if named.search(text) else []
                    if prose:
                        kept, fallback = prose, True
                        break
    # A byline line among the first or last few of the article's blocks ("Teksti: Matti Mäkinen"): the author,
    # not text (read from the blocks before selection: a short one, "Av Eva Berg", is dropped there as a label).
    ends = [  # the ends of the text as kept (a contact box cut from its end) and as found
        *kept[:BYLINE_BLOCKS],
        *kept[-BYLINE_BLOCKS:],
        *blocks[:BYLINE_BLOCKS],
    ]
    byline = next((b[0] for b in ends if not b[1] and _byline_name(b[0], dated=True)), "")
    if byline:
        if not meta["author_stated"]:
            meta["author"], meta["author_stated"] = _byline_name(byline, dated=True), True
        if _byline_name(byline):  # a byline and nothing else; one that also gives the date stays in the text
            kept = [b for b in kept if b[0] != byline]
    if meta["author_stated"] and meta["author"]:
        kept = [b for i, b in enumerate(kept) if i >= BYLINE_BLOCKS or not _byline_rest(b, str(meta["author"]))]
    if date_stated and not top_line:
        top_line = _stated_dateline(kept, str(meta["published"]), date_lang)
    if top_line:
        kept = [b for i, b in enumerate(kept) if i >= BYLINE_BLOCKS or b[0] != top_line]
    paragraphs: list[Paragraph] = []
    seen: set[str] = set()
    for raw, heading, _density in kept:
        t = visible_text(raw)  # here, for every source of the text (the page, its JSON-LD, <noscript>)
        if (heading and t == page_title) or not t.strip(INVISIBLE_CHARS):
            continue  # the title, or a paragraph of nothing a reader sees (a lone zero-width space)
        if len(t) >= DEDUP_CHARS:  # a lead repeated in the body; never short cells or figures ("1")
            if t in seen:
                continue
            seen.add(t)
        paragraphs.append(Paragraph(text=t, heading=heading))
    chars = sum(len(p.text) for p in paragraphs)
    link_chars = sum(len(t) * d for t, _, d in kept)
    quality: dict[str, object] = {
        "ok": chars > 0,
        "reason": "" if chars else "no main text found",
        "chars": chars,
        "paragraphs": len(paragraphs),
        "link_density": round(link_chars / chars, 3) if chars else 0.0,
        "fallback": fallback,
        "selector": used_selector,
        "truncated": truncated,
    }
    if meta["published"] and not date_stated:
        quality["date_from"] = "text"  # the pipeline prefers a feed's or listing's date to it
    if not meta["published"] and chars:
        guess = _guessed_date(text, url)
        if guess:  # not the page's statement: the pipeline takes it only after the feed's or listing's date
            quality["date_guess"] = guess
    said = {p.text for p in paragraphs}
    return Article(
        url=url,
        title=page_title[:1000],
        paragraphs=tuple(paragraphs),
        contacts=press_contacts(panels, blocks, said),
        published=str(meta["published"]),
        updated=str(meta["updated"]),
        author=visible_text(str(meta["author"])),
        canonical_url=str(meta["canonical_url"]),
        shortlink=str(meta["shortlink"]),
        declared_language=str(meta["declared_language"]),
        image=str(meta["image"]),
        attachments=meta["attachments"],
        extraction=quality,
    )


_FALLBACK_PARTS = re.compile(r"<(?:noscript|object|noframes|noembed)\b", re.I)  # what _noscript_prose reads
# Plug-ins today's browsers do not run (Flash, Silverlight, Java applets, ActiveX), whose <object> then shows its
# fallback: not a PDF's, a video's or a page's, which they show, and whose fallback is a notice.
_PLUGIN = re.compile(r"shockwave|flash|silverlight|java|\.swf\b|\.xap\b|\.class\b", re.I)


def _plugin_fallback(el: etree._Element) -> bool:
    """An <object> or <embed> for a plug-in no browser runs now (see _PLUGIN): what its fallback holds (inside an
    <object>, in an <embed>'s <noembed>) is what readers see."""
    if el.get("classid") is not None:
        return True
    params = " ".join(
        p.get("value") or "" for p in el.iterchildren("param") if (p.get("name") or "").lower() == "movie"
    )
    return bool(_PLUGIN.search(f"{el.get('type') or ''} {el.get('data') or el.get('src') or ''} {params}"))


def _says_nothing(blocks: list[Block], title: str) -> bool:
    """Whether blocks hold no line of 25 characters or more other than the title: no article."""
    return not any(len(t) >= 25 and t != title for t, _, _ in blocks)


def _chars(blocks: list[Block], title: str = "") -> int:
    """Characters of text in the blocks; with a ``title``, not counting the blocks that repeat it (dropped later)."""
    return sum(len(t) for t, _, _ in blocks if not title or t != title)


def _shell(kept: list[Block], title: str) -> bool:
    """Whether the page shows no text of its own: no line of 25 characters or more besides its title, a cookie
    banner's and a notice that the page needs JavaScript."""
    return not any(
        len(t) >= 25 and t != title and not _cookie_notice(t) and not _JS_NOTICE.search(t) for t, _, _ in kept
    )


def _teaser_of(kept: list[Block], title: str, stated: str) -> bool:
    """Whether the page shows only the start of the body its JSON-LD states: every kept line (the title aside) a
    part of it, and the statement twice as long (a paywall's or a "read more" teaser, a body loaded later)."""
    lines = [" ".join(t.split()) for t, _, _ in kept if t != title]
    flat = " ".join(unescape(_MARKUP_TAG.sub(" ", stated)).split())
    return bool(lines) and all(line in flat for line in lines) and len(flat) >= 2 * sum(map(len, lines))


_MARKUP_TAG = re.compile(r"<[^>]*>")
_SRCDOC = re.compile(r"<iframe\b[^>]*\bsrcdoc\s*=", re.I)


def _framed_prose(text: str, url: str, fetched: str) -> tuple[list[Block], str]:
    """The text of the longest page a page writes into one of its frames (``<iframe srcdoc>``), and its title."""
    body = _page_body(text)
    docs = [str(f.get("srcdoc") or "") for f in body.iter("iframe")] if body is not None else []
    inner = max(docs, key=len, default="")
    if not inner.strip():
        return [], ""
    framed = _extract_text(inner, url, body="", title="", date="", truncated=False, fetched=fetched, framed=True)
    return [(p.text, p.heading, 0.0) for p in framed.paragraphs], framed.title


# Where a page that a script renders keeps the data it renders from: Next.js's __NEXT_DATA__ and the app router's
# flight data (self.__next_f), Nuxt's window.__NUXT__ and __NUXT_DATA__, SvelteKit's fetched responses, Remix's
# context, a store's preloaded or initial state or data (not any window.__name: a script's strings of its own,
# translations, messages, hold sentences too).
_APP_STATE = re.compile(
    r"__NEXT_DATA__|self\.__next_f\.push|__NUXT(?:_DATA)?__|data-sveltekit-fetched|__remixContext|"
    r"__(?:PRELOADED|INITIAL|APOLLO|APP|SERVER)_(?:STATE|DATA|PROPS)__",
    re.I,
)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_JS_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_JSON_SCRIPT = re.compile(r"""\btype\s*=\s*["']?application/json""", re.I)
_NOT_PROSE = re.compile(r"https?://|[{}\\|]|=>|</?[a-z]+\b(?![^<]*>)", re.I)
APP_STATE_LEAD = 0.5  # a branch of the data that holds more than this share of its prose holds the article


class _StateNode(NamedTuple):
    weight: int  # characters of prose in the branch
    markup: str  # a string's, as markup to read (see _prose_value)
    children: list[_StateNode]  # an object's or a list's branches that hold prose


def _state_strings(script: str, as_json: bool, nested: bool = True) -> object:
    """A script's data: the JSON it is, or the strings a script's code writes, in their order."""
    if as_json:
        try:
            return json.loads(script)
        except (ValueError, RecursionError):  # (nested deeper than Python's stack: read for its strings)
            pass
    found: list[str] = []
    for m in _JS_STRING.finditer(script):
        try:
            value = json.loads(f'"{m.group(1)}"')
        except ValueError:
            continue
        if isinstance(value, str) and len(value) >= 40:
            if nested and '"' in value and _SERIALIZED.match(value) and not _JSON_WHOLE.match(value):
                found += cast(list[str], _state_strings(value, False, nested=False))  # data written as a string
            else:
                found.append(value)
    return found


_JSON_WHOLE = re.compile(r"\s*[\[{]")  # a string of JSON (not a flight row's "5:[…]"): read whole, as data
_SERIALIZED = re.compile(r"\s*(?:\w{1,8}:)?\s*[\[{]")  # data as a string (Next.js's flight rows: '5:["$","p",...')


def _prose_value(value: str) -> tuple[int, str]:
    """A string of the data as markup to read, and about how many characters of text it holds: its own markup
    when it holds paragraphs, itself when it reads as a sentence, else nothing (a label, a slug, an address)."""
    if _BLOCK_TAG.search(value):
        return len(" ".join(_MARKUP_TAG.sub(" ", value).split())), value
    line = " ".join(value.split())
    if len(line) >= 80 and len(line.split()) >= 8 and line[-1] in SENTENCE_END and not _NOT_PROSE.search(line):
        return len(line), f"<p>{escape(line)}</p>"
    return 0, ""


def _app_state_prose(text: str, title: str) -> list[Block]:
    """The article in the data a script renders the page from (see _APP_STATE): the branch of the data that
    holds most of its prose (strings of markup with paragraphs, or of sentences), not the site's menus or the
    related stories beside it."""
    trees = [
        _state_strings(m.group(2), bool(_JSON_SCRIPT.search(m.group(1))))
        for m in _SCRIPT.finditer(text)
        if _APP_STATE.search(m.group(1)) or _APP_STATE.search(m.group(2)[:200])
    ]

    def weigh(node: object, depth: int = 0) -> _StateNode:
        if isinstance(node, str) and depth < 60 and '"' in node and _SERIALIZED.match(node):
            try:  # data written as a string of JSON (a response's body, JSON.parse("…"))
                return weigh(json.loads(node), depth + 1)
            except (ValueError, RecursionError):
                pass
        if isinstance(node, str):
            weight, markup = _prose_value(node) if len(node) >= 40 else (0, "")
            return _StateNode(weight, markup, [])
        values = node.values() if isinstance(node, dict) else node if isinstance(node, list) and depth < 60 else []
        children = [n for n in (weigh(v, depth + 1) for v in values) if n.weight]
        return _StateNode(sum(n.weight for n in children), "", children)

    branch = weigh(trees)
    while branch.children:  # down to the object or list that holds most of the prose, with all its strings
        lead = max(branch.children, key=lambda n: n.weight)
        if lead.weight <= APP_STATE_LEAD * branch.weight or not lead.children:
            break
        branch = lead
    # The branch's strings read as one page (one parse, however many strings), each once (the lead given in the
    # article and in its description).
    markup: dict[str, None] = {}
    stack = [branch]
    while stack:
        node = stack.pop()
        markup.setdefault(f"<div>{node.markup}</div>" if node.markup else "")
        stack.extend(reversed(node.children))
    blocks = _body_blocks("".join(markup)) if branch.weight else []
    return [b for b in _select_blocks(blocks) if b[2] < 0.3 and b[0] != title and not _cookie_notice(b[0])]


def _noscript_prose(text: str, title: str) -> list[Block]:
    """The article text a page shows readers without JavaScript, in its <noscript> parts, or without a plug-in or
    frames: a Flash <object>'s fallback, <noembed>, a frameset's <noframes>."""
    body = _page_body(text)
    if body is None:
        return []
    blocks: list[Block] = []
    frameset = next(body.getroottree().iter("frameset"), None) is not None
    plugin = any(_plugin_fallback(e) for e in body.iter("embed"))
    parts = [
        el
        for el in body.iter("noscript", "object", "noframes", "noembed")
        if (el.tag != "object" or _plugin_fallback(el))
        and (el.tag != "noframes" or frameset)  # on a page of its own: a notice, or words for search engines
        and (el.tag != "noembed" or plugin)
    ]
    for part in parts:
        part.tag = "div"  # read as any other container; the furniture in it goes as elsewhere
    marked = set(parts)
    for part in parts:
        if any(a in marked for a in part.iterancestors()):
            continue  # inside another (a Flash object's twin for other browsers): read with it
        etree.strip_elements(part, "script", "style", "template", with_tail=False)
        _drop_where(part, lambda el: bool(junk_reason(el)))
        blocks += _blocks(part)
    return [b for b in _select_blocks(blocks) if b[2] < 0.3 and b[0] != title and not _JS_NOTICE.search(b[0])]


# What a page tells readers without JavaScript, a plug-in or frames about their browser, not its article.
_JS_NOTICE = re.compile(
    r"javascript|\bjs\b|selai|webbläsar|browser|cookie|eväste|\bkakor\b|flash ?player|adobe flash|plug-?in\b|"
    r"lisäosa|insticksprogram|support\w* frames|\bframes? (?:is|are) not|kehyksiä|(?:stöd|hanter)\w* (?:inte )?ramar",
    re.I,
)


def _guessed_date(html: str, url: str) -> str:
    """htmldate's reading of a page that states no date newsflow recognises ("" when it finds none).

    htmldate (trafilatura's date finder) also reads dates from the URL and from markup newsflow does not
    look at: on extract-dev2's tune fold it dates 44 of the 52 pages whose text begins with a date that
    newsflow leaves undated, 39 of them rightly (benchmarks/dates.py). A guess, kept apart from
    ``published``: a feed's or listing's date comes first.
    """
    if len(html) > BIG_PAGE_CHARS:
        return ""
    try:
        from htmldate import find_date
    except ImportError:  # an install without it: no guess
        return ""
    try:
        # Not its search of the text at large: a release's text names events' dates ("the final conference on
        # 5 December"), and a wrong date misfiles an article where no date shows it as undated.
        found = find_date(html, url=url or None, original_date=True, extensive_search=False)
    except Exception:  # noqa: BLE001 - a page must never cost its article for a guess at its date
        return ""
    return parse_date(found or "")


LAYER_REASONS = {"modal", "popup", "overlay", "offcanvas"}  # what a page shows a story in, over itself
_LAYER_NAME = re.compile("|".join(LAYER_REASONS), re.I)
_CAPTION_NAME = re.compile("figcaption|" + "|".join(CAPTION_REASONS), re.I)


def _uncleaned_prose(text: str, title: str, let_off: Collection[str]) -> list[Block]:
    """The blocks of the whole page that read as sentences (few links), the parts named for ``let_off`` included."""
    body = _page_body(text)
    if body is None:
        return []
    etree.strip_elements(body, *INVISIBLE, with_tail=False)
    # Only those names are let off (a story shown in a "modal", a picture's caption); navigation, cookie notices,
    # footers, comments and hidden text stay out.
    _drop_where(body, lambda el: junk_reason(el) not in ("", *let_off))
    blocks = _select_blocks(_blocks(body))
    return [
        b
        for b in blocks
        if b[2] < 0.3 and b[0] != title and not b[1] and _long_or_sentence(b[0], 60, 25, ends=".!?。！？")
    ]


# Names of the boxes beside an article ("widget" alone is not one: page builders call every block a widget).
ASIDE = re.compile(
    r"sidebar|related|teaser|promo|popular|trending|comment|footer|widget-?area|profile|author-?bio|boilerplate|"
    r"(?<![a-z])(?:about|contacts?)(?![a-z])",
    re.I,
)
SHORT_NET = 500  # net characters of article text under which a post's title bounds what is taken around it
EXPAND_SHARE = 0.9  # 0.75 gains 0.005 F1 on extract-dev2's tune fold but loses 0.011 of extract-dev's snippets


DEDUP_CHARS = 60
# A summary cut off with an ellipsis ("... [...]", "…") stands for another page: a related post, an excerpt.
CUT_SHORT = re.compile(r"(?:\[(?:\.\.\.|…)\]|\((?:\.\.\.|…)\)|\w(?:\.\.\.|…))\s*$")
TEASER_CHARS = 400  # a teaser under a linked headline is a sentence or two
LINKED_PROSE_DENSITY = 0.85


def _reads_as_text(text: str, heading: bool, density: float) -> bool:
    """Whether a block reads as article text rather than furniture, on its own."""
    if density >= 0.5 or _ui_text(text) or AD_LABEL.match(text) or CUT_SHORT.search(text) or _is_dateline(text):
        return False
    if _cookie_notice(text) or (heading and _cookie_heading(text)):
        return False  # a cookie banner, its heading too ("Cookies on our website"): the site, not the article
    return heading or _long_or_sentence(text, 60, 25)


def _expand(best: etree._Element, body: etree._Element, title: str = "") -> etree._Element:
    """From the best-scored container, take the ancestor that holds the article.

    Articles are often split into sibling or cousin blocks (a text widget per paragraph group,
    a lead box in the header, paragraphs in custom elements); readability's sibling merge cannot
    reach cousins. Every ancestor up to <body> is scored by its net article text (text that
    reads as article, minus text that reads as furniture), and the lowest one within 90% of the
    best net score is taken: higher wrappers that add little are not.
    """
    chain = [best, *best.iterancestors()]
    chain = chain[: chain.index(body) + 1] if body in chain else chain
    blocks_of = _blocks_by_owner(body)
    # Text inside an <aside> or a box named as a side part ("sidebar", "related", "teaser",
    # "author-bio") is no more of the article, however well it reads: an author's profile.
    inside = set(chain)
    aside: set[etree._Element] = set()
    for el in body.iter():
        if el not in inside and el not in aside and isinstance(el.tag, str):
            attrs = _named_attrs(el)
            if el.tag == "aside" or (ASIDE.search(attrs) and not POSITIVE.search(attrs)):
                aside.update(el.iter())
    nets = _nets(chain, blocks_of, aside)
    # A short article: the page's other prose (a site alert, an "about us" box, promos) outweighs it
    # from above. The article's own part of the page is the lowest wrapper that holds its title too.
    heading = next((h for h in body.iter("h1", "h2") if title and _text(h) == title), None)
    # Only where the best container holds the title itself: a lead box under the title, with the body in a
    # section after it, is no whole post.
    # Not where the wrapper adds a run of sections (a newsletter's items under its title).
    if (
        heading is not None
        and nets[0] < SHORT_NET
        and (heading is best or best in heading.iterancestors())
        and not _sections_follow(chain, nets)
    ):
        chain, nets = chain[:1], nets[:1]
    top = max(nets)
    if top <= 0:
        return best
    chosen = next(node for node, net in zip(chain, nets, strict=True) if net >= EXPAND_SHARE * top)
    # The next story after the article, in an <article> of its own with its own headline (an endless scroll): a
    # wrapper of both is two stories, and the longer one may be the next. The article is the title's <article>.
    own = next(heading.iterancestors("article"), None) if heading is not None else None
    if (
        own is not None
        and chosen in own.iterancestors()
        and any(_other_page(s) for s in (*own.itersiblings("article"), *own.itersiblings("article", preceding=True)))
        and _nets([own], blocks_of, aside)[0] > 0
    ):
        return own
    return chosen


def _other_page(el: etree._Element) -> bool:
    """A story of another page shown on this one (an endless scroll's next or previous story): an element with its
    own headline and its own date or address (a <time>, "data-url", a bookmark link), not a newsletter's item."""
    if next(el.iter("h1"), None) is None:
        return False
    if any(v.startswith(("/", "http")) for k, v in el.attrib.items() if k.startswith("data-")):
        return True
    if next(iter(el.xpath(".//a[@rel='bookmark']")), None) is not None:
        return True
    # Its own dateline: a <time> or a short dated line of its own, not a date in its prose (a newsletter item's event).
    for part in itertools.islice(el.iter("time", "span", "div", "p", "small"), 40):
        if part.tag == "time" and next(part.iterancestors("p"), None) is None:
            return True
        if part.tag != "time" and len(part) == 0 and _is_dateline(_text(part)):
            return True
    return False


def _sections_follow(chain: list[etree._Element], nets: list[int]) -> bool:
    """Tell whether the wrapper the nets would take holds twice the text of the title's cell in two or more
    sections (an unlinked heading, then prose) each in a part of its own: a newsletter's items, not a promo or an
    about box around a short post (a teaser stream's headings are linked; an about box has one), nor a block of
    other stories (one part holding a run of sections)."""
    top = max(nets)
    if top <= 0:
        return False
    node, net = next((n, v) for n, v in zip(chain, nets, strict=True) if v >= EXPAND_SHARE * top)
    if net < 2 * nets[0]:
        return False
    cell = chain[0]
    holders = set(cell.iterancestors())

    def parts(el: etree._Element) -> Iterator[etree._Element]:
        for child in el:
            if not isinstance(child.tag, str) or child is cell:
                continue
            if child in holders:
                yield from parts(child)
            else:
                yield child

    single = 0
    for part in parts(node):
        blocks = _blocks(part)  # in reading order (blocks_of files a cell's text before its heading's)
        sections = sum(
            1
            for a, b in zip(blocks, blocks[1:], strict=False)
            if a[1] and a[2] < 0.3 and not b[1] and b[2] < 0.3 and len(b[0]) >= SECTION_PROSE
        )
        single += sections == 1
    return single >= 2


SECTION_PROSE = 80  # a paragraph under a heading, not a teaser's line


def _nets(
    chain: list[etree._Element], blocks_of: dict[etree._Element, list[Block]], aside: set[etree._Element]
) -> list[int]:
    """Net article text of each node of the chain (each inside the next): good - bad - side text.

    A node's blocks are its elements' blocks, element by element in document order; text that
    reads as article is good unless it is a teaser, the short paragraph under a linked headline
    (only where there are several: a stream of stories beside the article; one linked headline
    with text under it is a blog post's own title). Side text is the blocks of elements in ``aside``.
    Each node's blocks are a run of the top node's, so each sum is a difference of running totals:
    weighing every wrapper by reading its blocks again was quadratic on deeply wrapped pages.
    """
    in_chain = set(chain)
    opened: dict[etree._Element, int] = {}
    span: dict[etree._Element, tuple[int, int]] = {}  # a chain node's run of ``seq``
    seq: list[tuple[bool, Block]] = []
    for event, el in etree.iterwalk(chain[-1], events=("start", "end")):
        if event == "start":
            if el in in_chain:
                opened[el] = len(seq)
            seq.extend((el in aside, b) for b in blocks_of.get(el, ()))
        elif el in in_chain:
            span[el] = (opened[el], len(seq))
    # Running totals over seq (side: characters of side text; main: blocks that are not side text)
    # and over the main blocks (all characters, good ones, teaser marks, good teasers' characters).
    side_chars, main_before = [0], [0]
    total, good, teasers, good_teasers = [0], [0], [0], [0]
    verdicts: dict[Block, bool] = {}  # the date test is the costly part: once per distinct block
    previous: Block | None = None
    for side, block in seq:
        side_chars.append(side_chars[-1] + (len(block[0]) if side else 0))
        main_before.append(main_before[-1] + (not side))
        if side:
            continue
        verdict = verdicts.get(block)
        if verdict is None:
            verdict = verdicts[block] = _reads_as_text(*block)
        teaser = (
            previous is not None
            and previous[1]
            and previous[2] >= 0.5
            and not block[1]
            and len(block[0]) < TEASER_CHARS
        )
        n = len(block[0])
        total.append(total[-1] + n)
        good.append(good[-1] + (n if verdict else 0))
        teasers.append(teasers[-1] + teaser)
        good_teasers.append(good_teasers[-1] + (n if verdict and teaser else 0))
        previous = block
    nets = []
    for node in chain:
        lo, hi = span[node]
        a, b = main_before[lo], main_before[hi]
        first_pair = min(a + 1, b)  # a block's teaser mark counts only when its headline is in the run too
        node_good = good[b] - good[a]
        if teasers[b] - teasers[first_pair] >= 2:
            node_good -= good_teasers[b] - good_teasers[first_pair]
        nets.append(node_good - (total[b] - total[a] - node_good) - (side_chars[hi] - side_chars[lo]))
    return nets


def _blocks_by_owner(root: etree._Element) -> dict[etree._Element, list[tuple[str, bool, float]]]:
    """Each block of _blocks(root), filed under the element it starts in."""
    owners: dict[etree._Element, list[tuple[str, bool, float]]] = {}
    for owner, block in _blocks(root, with_owner=True):
        owners.setdefault(owner, []).append(block)
    return owners


def _lead_between(doc: etree._Element, root: etree._Element, title: str) -> list[tuple[str, bool, float]]:
    """The lead or standfirst between the title and the body, whatever its class is called.

    Blocks after the title's heading and before the body's first block, when they read as text
    (few links, not a label, a dateline or a credit): at most six, at most 2,500 characters.
    """
    heading = next((h for h in doc.iter("h1", "h2") if title and _text(h) == title), None)
    if heading is None or heading in set(root.iter()):
        return []
    ancestors = set(heading.iterancestors())
    common = next((a for a in root.iterancestors() if a in ancestors), None)
    if common is None:
        return []
    body_first = next(iter(_blocks(root)), None)
    if body_first is None:
        return []
    owned = _blocks(common, with_owner=True)
    blocks = [b for _, b in owned]
    # A key fact in a list ("Mukana seitsemän pohjalaiskuntaa": three words, no period) is no label; a form's list
    # of selling points is not the release's.
    lists: dict[etree._Element, bool] = {}
    facts = {b for owner, b in owned if owner.tag == "li" and not _in_form(owner, lists)}
    try:
        start = next(i for i, b in enumerate(blocks) if b[0] == title) + 1
        end = next(i for i, b in enumerate(blocks) if i >= start and b[0] == body_first[0])
    except StopIteration:
        return []
    # An event's, a job's or a course's facts, each a label and its value ("Kostnad: Kostnadsfri", "Työaika
    # Kokoaikatyö" in two spans): short, yet the page's text, and as many as the page has. Only those between the
    # title and the body are read.
    labelled = {b for owner, b in owned[start:end] if b in facts and _label_and_value(owner)}
    # Key facts (bullets) and the lead: text, not labels; a long "heading" is an excerpt.
    between = [
        b
        for b in blocks[start:end]
        if b[2] < 0.3
        and (
            b in labelled
            or (len(b[0]) >= (60 if b[1] else 25) and (not _label(b[0]) or (b in facts and len(b[0].split()) >= 3)))
        )
        and _keep(*b)
    ]
    prose = [b for b in between if b not in labelled]
    if (
        not between
        or len(prose) > LEAD_BLOCKS
        or len(between) - len(prose) > LEAD_FACTS
        or sum(len(b[0]) for b in between) > LEAD_CHARS
    ):
        return []
    return between


# Labels that say whose a story or a picture is, how it is filed or how it is counted, not a fact of an event, a job
# or a course: "Written by:", "Julkaisija:", "Valokuva:", "Kategori:", "Ämnen:", "Kommentit:", "Ilmestynyt:".
_NOT_FACT = re.compile(
    r"\b(?:from|by|via|author|writer|text|teksti|kirjoittaja|toimittaja|toimitus|tekijä|julkaisija|författare|"
    r"skribent|av|editor|redaktör|photo|foto|kuva|valokuva|kuvitus|bild|video|categor\w*|kategori\w*|tags?|tagit|"
    r"avainsana\w*|aihe\w*|ämne\w*|region\w*|keywords?|nyckelord|comments?|kommentit|kommentarer|likes|"
    r"tykkäykset|views|katselukerrat|visningar|ilmestynyt)$",
    re.I,
)


def _label_and_value(li: etree._Element) -> bool:
    """A list item that is a fact: a short label and its value, as "Label: value" or as two elements ("<span
    class=label>Työaika</span><span>Kokoaikatyö</span>"); not whose the story is, how it is filed or counted
    (``_NOT_FACT``), nor a credit."""
    text = _flat_text(li)
    if len(text) > 120 or CREDIT.search(text):
        return False
    colon = text.find(": ")
    parts = [c for c in li if isinstance(c.tag, str) and _flat_text(c)]
    if 0 < colon <= 30:
        label = text[:colon]
    elif len(parts) == 2 and len(_flat_text(parts[0])) <= 30 and not text.endswith("."):
        label = _flat_text(parts[0])
    else:
        return False
    return not _NOT_FACT.search(label.strip().rstrip(":"))


LEAD_BLOCKS = 6  # a lead, or up to five key-fact bullets and a lead
LEAD_FACTS = 12  # and an event's, a job's or a course's labelled facts
LEAD_CHARS = 2500


MAX_PDF_PAGES = 60
MAX_PDF_CHARS = 500_000


def is_pdf(content: bytes, headers: dict[str, str] | None = None) -> bool:
    ctype = (headers or {}).get("content-type", "").lower()
    return content[:1024].lstrip().startswith(b"%PDF") or "application/pdf" in ctype


# A PDF's stated title that is no headline: what a word processor or a printer put there ("Microsoft Word -
# tiedote_final2.docx", "Untitled", "Document1", "Nimetön"). A listing's link text names such a release better.
_PDF_NO_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint|excel|office word)\s*-.*|untitled\b.*|nimetön\b.*|namnlös\b.*|"
    r"(?:document|dokument|asiakirja|presentation|esitys)\s*\d*|.*\.(?:docx?|odt|rtf|pdf|pptx?|indd|pages|txt))$",
    re.I,
)


def _file_name(title: str) -> bool:
    """Whether a stated title is a file's name: one word joined by underscores ("tiedote_paivahoito_final2")."""
    return " " not in title.strip() and "_" in title


def extract_pdf(content: bytes, url: str = "") -> Article:
    """Text of a PDF (a release published as PDF, or an article's attachment), as paragraphs.

    pypdf reads it (pure Python, no system libraries). Lines broken inside a paragraph are
    joined, words hyphenated across lines are mended. Never raises: an encrypted, damaged or
    image-only PDF gives an empty result with a reason.
    """
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged PDFs are common; we report our own way
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return _empty(url, "encrypted PDF")
        pages = []
        total = 0
        for page in reader.pages[:MAX_PDF_PAGES]:
            text = page.extract_text() or ""
            pages.append(text)
            total += len(text)
            if total > MAX_PDF_CHARS:
                break
        info = reader.metadata
        meta_title = visible_text(str(info.get("/Title") or "")).strip() if info else ""
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        OSError,
        RecursionError,
        NotImplementedError,
        AssertionError,
        ZeroDivisionError,
    ) as e:
        return _empty(url, f"unreadable PDF: {type(e).__name__}: {e}")
    paragraphs: list[Paragraph] = []
    for page_text in pages:
        for chunk in re.split(r"\n\s*\n", page_text.replace("\r", "")):
            lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()]
            para = ""
            for ln in lines:
                if para.endswith("-") and ln[:1].islower():
                    para = para[:-1] + ln  # a word hyphenated across lines
                elif para and (para[-1:] in ".!?:" and ln[:1].isupper() or len(ln) < 3):
                    paragraphs.append(Paragraph(" ".join(visible_text(para).split())))
                    para = ln
                else:
                    para = f"{para} {ln}".strip()
            if para:
                paragraphs.append(Paragraph(" ".join(visible_text(para).split())))
    paragraphs = [p for p in paragraphs if len(p.text) > 1 and not re.fullmatch(r"[\d\W]+", p.text)]
    chars = sum(len(p.text) for p in paragraphs)
    stated = "" if _PDF_NO_TITLE.match(meta_title) or _file_name(meta_title) else meta_title
    title = stated or (paragraphs[0].text[:200] if paragraphs else "")
    return Article(
        url=url,
        title=title,
        paragraphs=tuple(paragraphs),
        extraction={
            "title_from": "pdf metadata" if stated else "pdf text",
            "ok": chars > 0,
            "reason": "" if chars else "no text in PDF (scanned images?)",
            "chars": chars,
            "paragraphs": len(paragraphs),
            "link_density": 0.0,
            "fallback": False,
            "selector": False,
            "truncated": total > MAX_PDF_CHARS or len(reader.pages) > MAX_PDF_PAGES,
            "pdf": True,
        },
    )


def _with_siblings(best: etree._Element) -> list[etree._Element]:
    """The best container plus siblings that look like more of the same article."""
    parent = best.getparent()
    if parent is None:
        return [best]
    best_len = len(_flat_text(best))
    threshold = max(80, best_len * 0.2)
    headline = next(best.iter("h1"), None) is not None  # the article's own: a sibling with its own is another story
    out = []
    for sib in parent:
        if not isinstance(sib.tag, str):
            continue
        if sib is best:
            out.append(sib)
            continue
        if headline and _other_page(sib):
            continue  # the next story of an endless scroll, not more of this one
        text = _flat_text(sib)
        if not text:
            continue
        density = _link_density(sib, len(text))
        if (
            sib.tag == "p"
            and len(text) > 80
            and density < 0.25
            or len(text) >= threshold
            and density < 0.2
            and POSITIVE.search(_named_attrs(sib) + " " + sib.tag)
            or LEAD.search(_attrs(sib))
            and density < 0.5
        ):
            out.append(sib)
    return out


def _lead_outside(body: etree._Element, roots: list[etree._Element]) -> etree._Element | None:
    """A lead/standfirst paragraph outside the chosen containers, before them in the page."""
    first = roots[0]
    inside: set[etree._Element] = set()
    for r in roots:
        inside.update(r.iter())
        inside.update(r.iterancestors())  # a wrapper around the body is no lead: it would repeat it
    for el in body.iter():
        if el is first:
            return None
        if not isinstance(el.tag, str) or el in inside or not LEAD.search(_attrs(el)):
            continue
        text = _flat_text(el)
        if 40 <= len(text) <= 1500 and _link_density(el, len(text)) < 0.3:
            return el
    return None


PDF_ACCEPT = "application/pdf, */*;q=0.5"  # the Accept header an attachment is asked with
THIN_PAGE_CHARS = 400  # a page's text no longer than this, read from its leftovers (a contact box), is none of its own
# A PDF's link text or file name that says it is the release: "Download the press release (PDF)", "tiedote.pdf".
_RELEASE_FILE = re.compile(
    r"press[\s_-]*release|pressmeddelande|tiedote|sporočilo\s+za\s+javnost|pressemitteilung", re.IGNORECASE
)


# A link in the site's menu, header or footer (outside the article and the page's main part, `<main>` or
# role="main"; a list of attachments in a `<nav>` inside the article is the release's): the site's privacy
# notice or forms, no release's attachment (review, s35: a footer's privacy notice was taken for the release's PDF).
_FURNITURE = etree.XPath(
    "ancestor::*[@role='banner' or @role='contentinfo' or ((self::nav or @role='navigation' or self::header"
    " or self::footer) and not(ancestor::article or ancestor::main or ancestor::*[@role='main']))]"
)


def _site_furniture(link: etree._Element) -> bool:
    return bool(_FURNITURE(link))


def release_pdf(article: Article, headline: str) -> Attachment | None:
    """The PDF a page links to as the release itself: its link text or file name says so ("press release",
    "tiedote", "pressmeddelande") or names two words or more of the headline (of four letters or more, by their first
    seven: "hope-final-conference.pdf" under "HOPE final conference announced"). Not the first PDF anywhere: a menu's
    privacy notice or a form is no release."""
    wanted = _file_words(headline)
    pdfs = [a for a in article.attachments if a.content_type == "pdf"]
    named = {a.url: f"{a.title} {unquote(urlsplit(a.url).path.rpartition('/')[2])}" for a in pdfs}
    said = next((a for a in pdfs if _RELEASE_FILE.search(named[a.url])), None)
    if said is not None:
        return said
    # Else the one that names most of the headline's words, two or more: a privacy notice that shares the partner's
    # name with the headline ("Derry City Council …") gives way to one that names what the release is about.
    shared = {a.url: len(wanted & _file_words(named[a.url])) for a in pdfs}
    best = max(pdfs, key=lambda a: shared[a.url], default=None)
    return best if best is not None and shared[best.url] >= 2 else None


# A page's words that send the reader to its attachment for the release ("See attached.", "Katso liite.", "Se bifogad
# fil"): with nothing more than a line or two, the text is the attachment's.
_SEE_ATTACHED = re.compile(
    r"\b(?:see|find|read|download)\b[^.\n]{0,40}\b(?:attach|enclos)|^(?:attached|enclosed)\b|"
    r"\battached (?:pdf|file|document|release|press release|statement)|"
    r"\b(?:liite|liitteet|liitteenä|liitteessä|liitteestä|liitteistä|oheis\w*)\b|\b(?:bifoga\w*|bilaga\w*)\b",
    re.I | re.M,
)


def _file_words(text: str) -> set[str]:
    return {w[:7] for w in re.findall(r"[^\W\d_]{4,}", text.casefold())} - {"download", "lataa", "ladda"}


def with_pdf_text(article: Article, headline: str, read: Callable[[Article], tuple[Attachment, ...]]) -> Article:
    """A page that gives its headline and no text of its own (none, or what was left over, a contact box, short),
    and links to the release as a PDF (``release_pdf``; ``headline`` where the page gives none: its listing's): a
    release published as a PDF behind a page of its own, whose text is that PDF's, read with ``read`` (that one PDF
    only: where it cannot be read, no other PDF stands in for it). Any other page as it is."""
    own = bool(article.paragraphs) and not (
        (article.extraction.get("fallback") or _SEE_ATTACHED.search(article.text))
        and len(article.text) <= THIN_PAGE_CHARS
    )
    pdf = None if own else release_pdf(article, article.title or headline)
    if pdf is None:
        return article
    got = {a.url: a for a in read(replace(article, attachments=(pdf,)))}
    attachments = tuple(got.get(a.url, a) for a in article.attachments)
    text = got[pdf.url].text if pdf.url in got else ""
    paragraphs = tuple(Paragraph(text=line.strip()) for line in text.split("\n") if line.strip())
    # What the page gave instead, a contact box, is the release's press contacts, where it gives none besides.
    contacts = article.contacts or "\n".join(_details([p.text for p in article.paragraphs]))
    if not paragraphs:  # (the release's text not read: no text, not the box, so that the page is asked again)
        why = got[pdf.url].error if pdf.url in got else ""
        reason = f"its text is in a PDF that could not be read ({pdf.url}{': ' + why if why else ''})"
        extraction = {**article.extraction, "ok": False, "reason": reason, "chars": 0, "paragraphs": 0}
        return replace(article, paragraphs=(), attachments=attachments, contacts=contacts, extraction=extraction)
    extraction = {
        **article.extraction,
        **{"ok": True, "fallback": False, "reason": "", "text_from": "pdf", "pdf_url": pdf.url},
        **{"chars": sum(len(p.text) for p in paragraphs), "paragraphs": len(paragraphs)},
    }
    return replace(article, paragraphs=paragraphs, attachments=attachments, extraction=extraction, contacts=contacts)


def read_attachments(article: Article, get: Callable[[str], Response]) -> tuple[Attachment, ...]:
    """Read the article's PDF attachments (the first few) with ``get``, which fetches a URL.

    Each keeps its text, or why there is none (a failed fetch, not a PDF): one bad attachment never
    costs the article.
    """
    out = []
    pdfs = 0
    for att in article.attachments:
        if att.content_type != "pdf" or pdfs >= MAX_PDF_ATTACHMENTS or att.text or att.error:
            pdfs += att.content_type == "pdf" and bool(att.text or att.error)  # (read already: ``with_pdf_text``)
            out.append(att)
            continue
        pdfs += 1
        try:
            r = get(att.url)
        except FetchError as err:
            if not err.sent:
                raise  # not asked (the run is stopping, the host asked for none): the article waits, not its PDF
            out.append(replace(att, error=str(err)))
            continue
        if not is_pdf(r.content, r.headers):
            out.append(replace(att, error=f"not a PDF ({r.headers.get('content-type', 'no content type')})"))
            continue
        pdf = extract_pdf(r.content, r.url)
        out.append(replace(att, text=pdf.text, error=str(pdf.extraction.get("reason") or "")))
    return tuple(out)
