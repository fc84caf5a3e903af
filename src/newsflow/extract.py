"""HTML -> an article's main text and metadata.

``extract(html, url)`` is the public entry point and needs nothing else from newsflow.
The approach: drop what is never content (scripts, navigation, share/comment/cookie
widgets), score the remaining containers by their paragraph text the way
readability does, take the best one and its content-rich siblings, keep a lead or
standfirst that stands outside it, and read the metadata from meta tags, JSON-LD,
``<time>`` and finally the text itself.
"""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import charset_normalizer
import lxml.html
from lxml import etree

from .models import Article, Attachment, Paragraph

MAX_HTML_CHARS = 5_000_000  # bigger pages are cut here: the article is near the top
MAX_DEPTH = 250  # lxml silently drops what is nested deeper than ~255 levels

# ---------------------------------------------------------------- charsets


def _charset_from_headers(headers: dict[str, str]) -> str:
    m = re.search(r"charset=[\"']?([\w.:-]+)", headers.get("content-type", ""), re.I)
    return m.group(1).lower() if m else ""


def _charset_from_meta(head: bytes) -> str:
    m = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", head, re.I) or re.search(
        rb"<\?xml[^>]+encoding=[\"']([\w.:-]+)", head, re.I
    )
    return m.group(1).decode("ascii", "replace").lower() if m else ""


def _try(content: bytes, encoding: str) -> str | None:
    try:
        return content.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def decode_html(content: bytes | str, headers: dict[str, str] | None = None) -> str:
    """Bytes -> text: the HTTP header, then the document's declaration, then detection.

    Valid UTF-8 with non-ASCII letters wins over a declared single-byte charset:
    pages that say ISO-8859-1 but are UTF-8 would otherwise turn "ä" into "Ã¤".
    """
    if isinstance(content, str):
        return content
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", "replace")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16", "replace")
    utf8 = _try(content, "utf-8")
    if utf8 is not None:
        return utf8
    for declared in (_charset_from_headers(headers or {}), _charset_from_meta(content[:4096])):
        if declared and declared.replace("-", "") not in ("utf8", "utf16"):
            if declared in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
                declared = "cp1252"  # what browsers do, and what servers mean
            text = _try(content, declared)
            if text is not None:
                return text
    # Windows-1252, the web's Latin default, when the text reads as Western text: in Finnish,
    # Swedish or English non-ASCII letters are a small share of all letters, while text in
    # another script mis-decoded as 1252 is almost all accented letters.
    western = _try(content, "cp1252")
    if western is not None:
        letters = [c for c in western if c.isalpha()]
        if letters and sum(ord(c) > 127 for c in letters) / len(letters) < 0.3:
            return western
    # Otherwise detection; detectors offer DOS, Mac and EBCDIC code pages that no web page uses.
    for match in charset_normalizer.from_bytes(content[:200_000]):
        if not match.encoding.startswith(("cp4", "cp7", "cp8", "mac", "hp_", "cp1006", "cp1125", "cp273", "cp037", "cp500")):
            text = _try(content, match.encoding)
            if text is not None:
                return text
    return content.decode("cp1252", "replace")


# ---------------------------------------------------------------- dates

MONTHS = {
    # English
    **{m: i for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"], 1)},
    **{m: i for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)},
    "sept": 9,
    # Swedish
    **{m: i for i, m in enumerate(
        ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
         "september", "oktober", "november", "december"], 1)},
    "okt": 10,
    # Finnish (nominative, and the partitive used in dates: "10. toukokuuta 2021")
    **{m: i for i, m in enumerate(
        ["tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu", "heinäkuu",
         "elokuu", "syyskuu", "lokakuu", "marraskuu", "joulukuu"], 1)},
    **{m: i for i, m in enumerate(
        ["tammikuuta", "helmikuuta", "maaliskuuta", "huhtikuuta", "toukokuuta", "kesäkuuta",
         "heinäkuuta", "elokuuta", "syyskuuta", "lokakuuta", "marraskuuta", "joulukuuta"], 1)},
    **{m: i for i, m in enumerate(
        ["tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys", "loka",
         "marras", "joulu"], 1)},
}
# More languages' month names, so datelines in any newsroom's language are recognised.
for _names in (
    ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"],
    ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"],
    ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
    ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
    ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
    ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
):
    for _i, _m in enumerate(_names, 1):
        MONTHS.setdefault(_m, _i)
MONTHS.setdefault("mär", 3)
MONTHS.setdefault("mrz", 3)
ZONES = {"utc": 0, "gmt": 0, "z": 0, "cet": 1, "cest": 2, "eet": 2, "eest": 3, "bst": 1, "wet": 0, "west": 1}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_TIME = r"(?:\s*(?:,|klo|kl\.?|at|@)?\s*(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?(?:\s*([A-Za-z]{1,4}|[+-]\d{2}:?\d{2}))?"
_DMY_NUM = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b" + _TIME)
_DMY_NAME = re.compile(r"\b(\d{1,2})\.?\s+(?:de\s+)?(" + _MONTH_RE + r")\.?,?\s+(?:de\s+)?(\d{4})\b" + _TIME, re.I)
_MDY_NAME = re.compile(r"\b(" + _MONTH_RE + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b" + _TIME, re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?")


def _build(y: int, mo: int, d: int, hh: str | None, mm: str | None, ss: str | None, zone: str | None) -> str:
    try:
        if not 1900 <= y <= 2100:
            return ""
        if hh is None:
            return datetime(y, mo, d).date().isoformat()
        dt = datetime(y, mo, d, int(hh), int(mm or 0), int(ss or 0))
    except ValueError:
        return ""
    offset = None
    if zone:
        z = zone.lower()
        if z in ZONES:
            offset = timedelta(hours=ZONES[z])
        elif re.fullmatch(r"[+-]\d{2}:?\d{2}", z):
            sign = 1 if z[0] == "+" else -1
            digits = z[1:].replace(":", "")
            offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    if offset is None:
        return dt.isoformat()
    return (dt - offset).replace(tzinfo=timezone.utc).isoformat()


def parse_date(text: str) -> str:
    """A date in any of the forms newsrooms use -> ISO 8601 ("" when none is found).

    With a time zone the result is in UTC; a date without a time stays a date.
    """
    text = (text or "").strip()
    if not text or len(text) > 400:
        text = text[:400]
        if not text:
            return ""
    m = _ISO.search(text)
    if m:
        y, mo, d, hh, mi, ss, zone = m.groups()
        return _build(int(y), int(mo), int(d), hh, mi, ss, zone)
    if re.match(r"^[A-Za-z]{3},", text):
        try:
            dt = parsedate_to_datetime(text)
            return dt.astimezone(timezone.utc).isoformat() if dt.tzinfo else dt.isoformat()
        except (TypeError, ValueError, IndexError):
            pass
    m = _DMY_NUM.search(text)
    if m:
        d, mo, y, hh, mi, ss, zone = m.groups()
        return _build(int(y), int(mo), int(d), hh, mi, ss, zone)
    m = _DMY_NAME.search(text)
    if m:
        d, name, y, hh, mi, ss, zone = m.groups()
        return _build(int(y), MONTHS[name.lower()], int(d), hh, mi, ss, zone)
    m = _MDY_NAME.search(text)
    if m:
        name, d, y, hh, mi, ss, zone = m.groups()
        return _build(int(y), MONTHS[name.lower()], int(d), hh, mi, ss, zone)
    return ""


# ---------------------------------------------------------------- cleaning

DROP_TAGS = {
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "button", "select", "input", "textarea", "nav", "footer", "aside", "dialog", "menu", "figcaption",
    "link", "meta", "video", "audio", "map",
}
DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu", "menubar", "alertdialog"}
# Words in class and id names. STRONG words mark an element as furniture even when they are
# only part of a word ("commentlist", "sharedaddy", "cookiebanner"); the others must be whole
# words ("nav" in "main-nav", not in "canvas"), and never in "widget", which Elementor and
# others use for every content block.
STRONG_JUNK = ("comment", "kommentar", "kommentti", "share", "sharing", "social", "cookie", "consent", "gdpr",
               "newsletter", "subscri", "signup", "breadcrumb", "related", "recommend", "advert", "sponsor",
               "pagination", "paginat", "popup", "modal", "outbrain", "taboola", "disqus", "jetpack", "addtoany",
               "lue-myos", "las-aven", "readmore", "read-more", "more-news", "tagcloud", "caption", "credit",
               "copyright", "bildunterschrift", "bildnachweis")
WORD_JUNK = {"nav", "navbar", "navigation", "menu", "menubar", "submenu", "sidebar", "sidebars", "footer", "pager",
             "masthead", "toolbar", "banner", "skip", "login", "signin", "promo", "promotion", "ad", "ads", "adv",
             "tags", "byline", "dateline", "widgets", "widgetarea", "breadcrumbs", "search",
             "searchform", "screenreader", "offcanvas", "overlay", "author", "rating", "poll", "toc"}
# Class tokens that describe the content (WordPress post_class taxonomy), not the layout.
DESCRIPTIVE = re.compile(r"^(category|tag|format|status|type|postid|author|term|taxonomy|topic|rubrik|ressort)-")
HIDDEN_CLASSES = {"hidden", "is-hidden", "visually-hidden", "sr-only", "screen-reader-text", "screen-reader-only"}
POSITIVE = re.compile(r"article|body|content|entry|main|post|story|text|release|press|news-item|blog", re.I)
NEGATIVE = re.compile(r"comment|meta|foot|footer|sidebar|widget|promo|related|share|teaser|card|list|menu", re.I)
LEAD = re.compile(r"lead|ingress|intro|standfirst|preamble|preface|summary|excerpt|subtitle|kicker|dek|ingressi|abstract", re.I)
BLOCKS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd", "figcaption",
    "div", "section", "article", "main", "header", "td", "th", "tr", "table", "ul", "ol", "dl",
    "figure", "address", "br", "hr", "caption",
}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
PARAGRAPHS = {"p", "pre", "blockquote", "li", "dd", "td"}
UI_TEXT = re.compile(
    r"^(skip to (main )?content|hoppa till (huvud)?innehåll(et)?|siirry (pää)?sisältöön|"
    r"kommentarer \(\d+\)|lägg till kommentar|kommentera|kommentoi|kommentit \(\d+\)|comments? \(\d+\)|"
    r"add (a )?comment|leave a (comment|reply)|share( this)?( article| page)?|dela( sidan)?|jaa( sivu)?|"
    r"print|skriv ut|tulosta|tweet|e-?mail|back to top|till toppen|takaisin ylös|"
    r"read more|läs mer|lue lisää|more news|fler nyheter|lisää uutisia|cookie settings|"
    r"accept( all)?( cookies)?|hyväksy( kaikki)?( evästeet)?|godkänn( alla)?( cookies)?|"
    r"facebook|twitter|linkedin|x|whatsapp|instagram|menu|meny|valikko|search|sök|haku|"
    r"loading\W*|lädt\W*|ladataan\W*|laddar\W*)[.!:]?$",
    re.I,
)


def _attrs(el: etree._Element) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def _class_words(el: etree._Element) -> tuple[list[str], list[str]]:
    """(class and id tokens, their words split at -, _ and case changes), lower-cased."""
    raw = " ".join(t for t in f"{el.get('class', '')} {el.get('id', '')}".split() if not DESCRIPTIVE.match(t.lower()))
    tokens = raw.lower().split()
    words = [w for w in re.split(r"[^a-z0-9]+", re.sub(r"([a-z])([A-Z])", r"\1-\2", raw).lower()) if w]
    return tokens, words


def junk_reason(el: etree._Element) -> str:
    """Why an element is page furniture ("" when it is not)."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in DROP_TAGS:
        return tag
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return "hidden"
    if (el.get("role") or "").lower() in DROP_ROLES:
        return "role=" + el.get("role", "")
    if re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", el.get("style", ""), re.I):
        return "style hidden"
    if tag == "header" and not el.xpath("ancestor::article|ancestor::main") and not el.xpath(".//h1"):
        return "page header"
    if tag == "form" and len(_text(el)) < 400:
        return "small form"  # search, comment and newsletter forms; not ASP.NET's page-wide <form>
    if tag in ("html", "body", "main", "article"):
        return ""
    tokens, words = _class_words(el)
    if not tokens:
        return ""
    if any(t in HIDDEN_CLASSES for t in tokens):
        return "hidden class"
    for w in words:
        for strong in STRONG_JUNK:
            if strong in w:
                return strong
    for w in words:
        if w in WORD_JUNK:
            return w
    return ""


INVISIBLE = {"script", "style", "noscript", "template"}


def _visible_len(el: etree._Element) -> int:
    """Characters of text a reader would see under el (no script or style)."""
    n = 0
    for node in el.iter():
        if isinstance(node.tag, str) and node.tag not in INVISIBLE and node.text:
            n += len(node.text.strip())
        if node is not el and node.tail:
            n += len(node.tail.strip())
    return n


def _is_junk(el: etree._Element, page_chars: int = 0) -> bool:
    reason = junk_reason(el)
    if not reason or reason in DROP_TAGS or reason.startswith(("hidden", "role", "style", "page header", "small form")):
        return bool(reason)
    # A class name said furniture. But a wrapper that holds most of the page is named after what
    # it holds ("content-sidebar-wrap"): keep it, and let the furniture inside go one by one.
    return not (page_chars and _visible_len(el) > max(1000, 0.5 * page_chars))


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _flatten_deep(root: etree._Element) -> None:
    """Lift what is nested absurdly deep up to MAX_DEPTH, keeping its text."""
    stack = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        for child in list(el):
            if depth + 1 >= MAX_DEPTH and len(child):
                text = _text(child)
                for c in list(child):
                    child.remove(c)
                child.text = text
            else:
                stack.append((child, depth + 1))


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*>")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
        # optional end tags: often left open, so they must not count as depth
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "rt", "rp"}
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
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True)
    doc = lxml.html.document_fromstring(text, parser=parser)
    if any("depth" in e.message.lower() for e in parser.error_log):
        # libxml2 silently drops what is nested past its limit: flatten the markup and parse again.
        parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True)
        doc = lxml.html.document_fromstring(_limit_depth(text), parser=parser)
    return doc


def _clean(root: etree._Element) -> None:
    """Drop page furniture; what is inside a dropped element is not looked at again."""
    page_chars = _visible_len(root)
    stack = list(root)
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str):  # comments and processing instructions
            el.drop_tree() if hasattr(el, "drop_tree") else el.getparent().remove(el)
        elif _is_junk(el, page_chars):
            el.drop_tree()
        else:
            stack.extend(el)


# ---------------------------------------------------------------- scoring


def _link_density(el: etree._Element, text_len: int) -> float:
    if not text_len:
        return 0.0
    linked = sum(len(" ".join("".join(a.itertext()).split())) for a in el.iter("a"))
    return min(1.0, linked / text_len)


def _best_container(body: etree._Element) -> etree._Element | None:
    scores: dict[etree._Element, float] = {}
    for el in body.iter("p", "pre", "td", "blockquote", "div", "li"):
        if el.tag in ("div", "li"):  # only divs holding their own text count as paragraphs
            own = (el.text or "").strip()
            if len(own) < 40:
                continue
            text = own
        else:
            text = _text(el)
        if len(text) < 25:
            continue
        score = 1 + text.count(",") + text.count("،") + min(len(text) / 100, 3)
        parent = el.getparent()
        for share, node in ((1.0, parent), (0.5, parent.getparent() if parent is not None else None)):
            if node is None or not isinstance(node.tag, str):
                continue
            if node not in scores:
                attrs = _attrs(node)
                base = 5.0 if node.tag in ("article", "main") else 0.0
                base += 25 if POSITIVE.search(attrs) else 0
                base -= 25 if NEGATIVE.search(attrs) and not POSITIVE.search(attrs) else 0
                scores[node] = base
            scores[node] += score * share
    if not scores:
        return None
    best, best_score = None, float("-inf")
    for node, score in scores.items():
        tl = len(_text(node))
        score *= 1 - _link_density(node, tl)
        if score > best_score:
            best, best_score = node, score
    return best


def _blocks(root: etree._Element, with_owner: bool = False) -> list:
    """(text, is_heading, link_density) for each text block under root, in document order.

    With ``with_owner``, (element the block belongs to, block) pairs: the innermost block-level
    element that was open when the block's text began.
    """
    out: list = []
    buf: list[str] = []
    linked = [0]
    heading = [False]
    owners: list[etree._Element] = [root]

    def flush() -> None:
        text = " ".join("".join(buf).split())
        if text:
            block = (text, heading[0], min(1.0, linked[0] / len(text)))
            out.append((owners[-1], block) if with_owner else block)
        buf.clear()
        linked[0] = 0
        heading[0] = False

    anchor_depth = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in BLOCKS:
                flush()
                heading[0] = tag in HEADINGS
                owners.append(el)
            if tag == "a":
                anchor_depth += 1
            if el.text and tag:
                buf.append(el.text)
                if anchor_depth:
                    linked[0] += len(el.text.strip())
        else:
            if tag == "a":
                anchor_depth -= 1
            if tag in BLOCKS:
                flush()
                owners.pop()
            if el.tail and el is not root:
                buf.append(el.tail)
                if anchor_depth:
                    linked[0] += len(el.tail.strip())
    flush()
    return out


CREDIT = re.compile(
    r"^(foto|fotos|kuva|kuvat|photo|photos|bild|bilder|image|kuvaaja|fotograf|picture|credit|crédito|"
    r"quelle|source|lähde|källa|kilde|bron|fuente|fonte|źródło|abbildung \d+|fig\.? ?\d+|figure \d+)\s*[:.]"
    r"|getty ?images|shutterstock|istock|thinkstock|picture.alliance|^\(?(foto|photo|bild|crédito|credit)\b|^©|©\s*\S+\s*$",
    re.I,
)


DATELINE_WORDS = re.compile(
    r"\b(published|updated|posted|last|modified|on|at|am|um|klo|kl|julkaistu|päivitetty|muokattu|publicerad|"
    r"publicerat|uppdaterad|uppdaterat|senast|veröffentlicht|aktualisiert|zuletzt|publié|mis à jour|le|publicado|"
    r"actualizado|el|pubblicato|il|ultima|modifica|gepubliceerd|bijgewerkt|op|publisert|oppdatert|pressmeddelande|"
    r"tiedote|press release|news|uutinen|nyhet|date|datum|päivämäärä|time|aika|tid|cet|cest|eet|eest|utc|gmt)\b",
    re.I,
)
_TIME_ONLY = re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\b")
_CAPTION_END = re.compile(
    r"(©|\(c\)|getty ?images|shutterstock|istock|imago|picture.alliance|\bdpa\b|\bafp\b|reuters|ap photo|"
    r"\b(foto|photo|kuva|bild|credit|crédito)\s*:|/\s*domena publiczna|public domain)[^.!?]{0,60}$",
    re.I,
)


def _strip_dates(text: str) -> str:
    for pattern in (_ISO, _DMY_NAME, _MDY_NAME, _DMY_NUM):
        text = pattern.sub(" ", text)
    return _TIME_ONLY.sub(" ", text)


def _is_dateline(text: str) -> bool:
    """A line that is a date and little else: "Julkaistu 18.11.2021 klo 10.30", "Okt 10, 2017 07:20 CEST".

    A short sentence that mentions a date ("The seminar is on 10 May 2021 in Seinäjoki.") is not.
    """
    if len(text) > 120 or not parse_date(text):
        return False
    rest = DATELINE_WORDS.sub(" ", _strip_dates(text))
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= 1  # a weekday or a place name may stand with it


_FIGURE = re.compile(r"^(abbildung|abb\.|figure|fig\.|kuva|kuvio|bild|figur|image|grafik|graafi)\s*\d+\s*[:.]", re.I)
_NOTE = re.compile(r"^[(\[][^()\[\]]{3,80}[)\]]$")


def _is_caption(text: str) -> bool:
    """An image caption, credit or editorial note: "… | © Getty Images", "Kuva: Seinäjoen kaupunki",
    "Abbildung 4: …", "(Alle Angaben ohne Gewähr)"."""
    return ((len(text) < 100 and bool(CREDIT.search(text))) or (len(text) < 300 and bool(_CAPTION_END.search(text)))
            or (len(text) < 400 and bool(_FIGURE.match(text))) or bool(_NOTE.match(text)))


def _select_blocks(blocks: list[tuple[str, bool, float]]) -> list[tuple[str, bool, float]]:
    """The blocks that are article text, in order.

    Beyond each block's own test: a heading whose section lost all its blocks to the filters was
    the title of a box (related links, "You may also like"), and short labels that are not
    sentences at the very start or end are kickers and site names, not text.
    """
    keep = [_keep(*b) for b in blocks]
    for i, (_, heading, _d) in enumerate(blocks):
        if not (heading and keep[i]):
            continue
        section = []
        for j in range(i + 1, len(blocks)):
            if blocks[j][1]:
                break
            section.append(j)
        nothing_after = not any(keep[j] and not blocks[j][1] for j in range(i + 1, len(blocks)))
        if nothing_after or (section and not any(keep[j] for j in section)):
            keep[i] = False
    kept = [b for b, k in zip(blocks, keep) if k]
    while kept and (_label(kept[-1][0]) or kept[-1][1] or _call_to_action(kept[-1][0])
                    or kept[-1][0].endswith(":")):  # a last line ending in ":" introduces nothing
        kept.pop()
    while kept and _label(kept[0][0]) and not kept[0][1]:
        kept.pop(0)
    return kept


CALL_TO_ACTION = re.compile(
    r"facebook|twitter|instagram|telegram|whatsapp|linkedin|youtube|tiktok|newsletter|podcast|"
    r"subscrib|suscrib|abonn|tilaa |prenumerera|follow us|folge uns|seuraa meitä|följ oss|síguenos|siga-nos|"
    r"support us|unterstütze|tue meitä|stöd oss|únete|join us|join our|liity|gå med|tritt .{0,20}bei|"
    r"\bapps?\b|latest news|neuesten nachrichten|uusimmat uutiset|senaste nyheterna",
    re.I,
)


def _call_to_action(text: str) -> bool:
    """A closing line that sends the reader elsewhere: follow us, subscribe, our channels."""
    return len(text) < 400 and len(CALL_TO_ACTION.findall(text)) >= 2


def _label(text: str) -> bool:
    """A short line that is no sentence and no contact detail: "KULTUR", "Mehr von", a site name."""
    return (len(text) < 40 and len(text.split()) <= 5 and text[-1:] not in ".!?:;,»”\"'"
            and ": " not in text  # "Ort: Kasberg": a fact, not a label
            and "@" not in text and len(re.findall(r"\d", text)) < 5)


def _keep(text: str, heading: bool, density: float) -> bool:
    if UI_TEXT.match(text) or _is_caption(text) or _is_dateline(text):
        return False
    if len(text) <= 40 and re.search(r"[•|·]\s*$", text):  # a label cut from its date: "Pressmeddelande •"
        return False
    if density > 0.5:  # a link list, or a heading that links elsewhere: a teaser
        return False
    return True


# ---------------------------------------------------------------- metadata


def _meta(doc: etree._Element, *names: str) -> str:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            for el in doc.xpath(f"//meta[translate(@{attr},'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')='{name}']"):
                value = (el.get("content") or "").strip()
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
            return value.strip()
    return ""


ATTACHMENT = re.compile(r"\.(pdf|docx?|odt|rtf|pptx?|xlsx?)(?:$|[?#])", re.I)


def _metadata(doc: etree._Element, url: str) -> dict[str, object]:
    ld = _json_ld(doc)
    html = doc if doc.tag == "html" else doc.getroottree().getroot()
    canonical = ""
    for link in doc.xpath("//link[@href]"):
        if "canonical" in (link.get("rel") or "").lower().split():
            canonical = urljoin(url, link.get("href").strip())
            break
    canonical = canonical or _meta(doc, "og:url") or ""
    lang = (html.get("lang") or html.get("xml:lang") or "").strip()
    if not lang:
        lang = _meta(doc, "og:locale", "language", "content-language", "dc.language")
    published = ""
    for candidate in (
        _meta(doc, "article:published_time", "og:published_time", "datepublished", "publishdate",
              "pubdate", "publication_date", "dc.date.issued", "dcterms.created", "dc.date", "date",
              "sailthru.date", "parsely-pub-date"),
        _ld_value(ld, "datePublished"),
        _ld_value(ld, "dateCreated"),
        *[t.get("datetime", "") for t in doc.xpath("//time[@datetime]")[:3]],
        *[_text(t) for t in doc.xpath("//time")[:3]],
    ):
        published = parse_date(candidate)
        if published:
            break
    updated = ""
    for candidate in (
        _meta(doc, "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified"),
        _ld_value(ld, "dateModified"),
    ):
        updated = parse_date(candidate)
        if updated:
            break
    author = (
        _meta(doc, "author", "article:author", "dc.creator", "byl")
        or _ld_value(ld, "author")
        or _ld_value(ld, "publisher")
        or _meta(doc, "og:site_name")
    )
    if author.startswith("http"):
        author = _ld_value(ld, "publisher") or _meta(doc, "og:site_name")
    image = _meta(doc, "og:image", "og:image:url", "twitter:image")
    attachments: list[Attachment] = []
    seen: set[str] = set()
    for a in doc.xpath("//a[@href]"):
        href = urljoin(url, a.get("href").strip())
        if ATTACHMENT.search(href) and href not in seen and href.startswith(("http://", "https://")):
            seen.add(href)
            kind = ATTACHMENT.search(href).group(1).lower()  # type: ignore[union-attr]
            attachments.append(Attachment(url=href, title=_text(a)[:300], content_type=kind))
    return {
        "canonical_url": canonical,
        "declared_language": lang.replace("_", "-"),
        "published": published,
        "updated": updated,
        "author": author[:300],
        "image": urljoin(url, image) if image else "",
        "attachments": tuple(attachments[:20]),
    }


def _title(doc: etree._Element, selector: str) -> str:
    if selector:
        found = _select(doc, selector)
        if found:
            return _text(found[0])
    page_title = _text(doc.xpath("//title")[0]) if doc.xpath("//title") else ""
    og = _meta(doc, "og:title", "twitter:title")
    headings = [t for t in (_text(h) for h in doc.xpath("//h1 | //h2 | //h3")[:40]) if len(t) >= 4]
    h1s = [t for t in (_text(h) for h in doc.xpath("//h1")) if t]
    # A heading that the <title> or og:title repeats is the article's title ("Site - Title").
    for h in headings:
        if (og and h in og) or (page_title and h in page_title):
            return h
    if og:
        return og
    if h1s:
        return h1s[0]
    # Otherwise the longest part of "Site | Title" / "Title - Site".
    parts = [p.strip() for p in re.split(r"\s+[|–—-]\s+|\s+::\s+", page_title) if p.strip()]
    return max(parts, key=len) if parts else ""


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
    text = decode_html(html, headers)
    if not text.strip():
        return _empty(url, "empty page")
    sample = text[:4096]
    if sample.count("\x00") > 10 or sum(c < " " and c not in "\t\r\n\f" for c in sample) > len(sample) * 0.1:
        return _empty(url, "binary content, not HTML")
    truncated = len(text) > MAX_HTML_CHARS
    text = text[:MAX_HTML_CHARS].replace("\x00", "")
    try:
        doc = _parse(text)
    except (etree.ParserError, ValueError) as e:
        return _empty(url, f"unparseable HTML: {e}")
    _flatten_deep(doc)
    meta = _metadata(doc, url)
    page_title = _title(doc, title)
    if date:
        found = _select(doc, date)
        if found:
            meta["published"] = parse_date(found[0].get("datetime") or found[0].get("content") or _text(found[0])) or meta["published"]

    bodies = doc.xpath("//body")
    body_el = bodies[0] if bodies else doc
    if not meta["published"]:
        # Then the text: the first short line that is mostly a date (before cleaning drops datelines).
        for block, _heading, _density in _blocks(body_el):
            if _is_dateline(block):
                meta["published"] = parse_date(block)
                break
    fallback = False
    used_selector = False
    if body:
        roots = _select(doc, body)
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
            best = _expand(best, body_el)
            roots = _with_siblings(best)
            lead = _lead_outside(body_el, roots)
            if lead is not None:
                roots.insert(0, lead)
            lead_blocks = _lead_between(doc, roots[0], page_title)
    blocks = lead_blocks + [b for r in roots for b in _blocks(r)]
    kept = _select_blocks(blocks)
    if sum(len(t) for t, _, _ in kept) < 150:
        # The scored container gave (almost) nothing: fall back to every kept block of the page.
        all_blocks = _select_blocks(_blocks(body_el))
        if sum(len(t) for t, _, _ in all_blocks) > sum(len(t) for t, _, _ in kept):
            kept, fallback = [b for b in all_blocks if b[2] < 0.3], True
    paragraphs: list[Paragraph] = []
    seen: set[str] = set()
    for t, heading, _density in kept:
        if t in seen or (heading and t == page_title):
            continue
        seen.add(t)
        paragraphs.append(Paragraph(text=t, heading=heading))
    chars = sum(len(p.text) for p in paragraphs)
    link_chars = sum(len(t) * d for t, _, d in kept)
    quality = {
        "ok": chars > 0,
        "reason": "" if chars else "no main text found",
        "chars": chars,
        "paragraphs": len(paragraphs),
        "link_density": round(link_chars / chars, 3) if chars else 0.0,
        "fallback": fallback,
        "selector": used_selector,
        "truncated": truncated,
    }
    return Article(
        url=url,
        title=page_title[:1000],
        paragraphs=tuple(paragraphs),
        published=str(meta["published"]),
        updated=str(meta["updated"]),
        author=str(meta["author"]),
        canonical_url=str(meta["canonical_url"]),
        declared_language=str(meta["declared_language"]),
        image=str(meta["image"]),
        attachments=meta["attachments"],  # type: ignore[arg-type]
        extraction=quality,
    )


def _good_bad(blocks: list[tuple[str, bool, float]]) -> tuple[int, int]:
    """Characters of text that reads as article text, and of text that reads as furniture."""
    good = bad = 0
    for text, heading, density in blocks:
        if density >= 0.5 or UI_TEXT.match(text) or _is_dateline(text):
            bad += len(text)
        elif heading or len(text) >= 60 or (len(text) >= 25 and text[-1:] in ".!?:»”\""):
            good += len(text)
        else:
            bad += len(text)
    return good, bad


def _expand(best: etree._Element, body: etree._Element) -> etree._Element:
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
    nets = []
    for node in chain:
        good, bad = _good_bad([b for owner in node.iter() for b in blocks_of.get(owner, ())])
        nets.append(good - bad)
    top = max(nets)
    if top <= 0:
        return best
    return next(node for node, net in zip(chain, nets) if net >= 0.9 * top)


def _blocks_by_owner(root: etree._Element) -> dict[etree._Element, list[tuple[str, bool, float]]]:
    """Each block of _blocks(root), filed under the element it starts in."""
    owners: dict[etree._Element, list[tuple[str, bool, float]]] = {}
    for owner, block in _blocks(root, with_owner=True):
        owners.setdefault(owner, []).append(block)
    return owners


def _lead_between(doc: etree._Element, root: etree._Element, title: str) -> list[tuple[str, bool, float]]:
    """The lead or standfirst between the title and the body, whatever its class is called.

    Blocks after the title's heading and before the body's first block, when they read as text
    (short, few links, not a dateline or a credit): at most three, at most 1,500 characters.
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
    blocks = _blocks(common)
    try:
        start = next(i for i, b in enumerate(blocks) if b[0] == title) + 1
        end = next(i for i, b in enumerate(blocks) if i >= start and b[0] == body_first[0])
    except StopIteration:
        return []
    between = [b for b in blocks[start:end]
               if b[2] < 0.3 and len(b[0]) >= (60 if b[1] else 40) and _keep(*b)]  # a long "heading" is an excerpt
    if not between or len(between) > 3 or sum(len(b[0]) for b in between) > 1500:
        return []
    return between


MAX_PDF_PAGES = 60
MAX_PDF_CHARS = 500_000


def is_pdf(content: bytes, headers: dict[str, str] | None = None) -> bool:
    ctype = (headers or {}).get("content-type", "").lower()
    return content[:1024].lstrip().startswith(b"%PDF") or "application/pdf" in ctype


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
        meta_title = str((reader.metadata or {}).get("/Title") or "").strip()
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError,
            NotImplementedError, AssertionError, ZeroDivisionError) as e:
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
                    paragraphs.append(Paragraph(" ".join(para.split())))
                    para = ln
                else:
                    para = f"{para} {ln}".strip()
            if para:
                paragraphs.append(Paragraph(" ".join(para.split())))
    paragraphs = [p for p in paragraphs if len(p.text) > 1 and not re.fullmatch(r"[\d\W]+", p.text)]
    chars = sum(len(p.text) for p in paragraphs)
    title = meta_title or (paragraphs[0].text[:200] if paragraphs else "")
    return Article(
        url=url,
        title=title,
        paragraphs=tuple(paragraphs),
        extraction={"ok": chars > 0, "reason": "" if chars else "no text in PDF (scanned images?)", "chars": chars,
                    "paragraphs": len(paragraphs), "link_density": 0.0, "fallback": False, "selector": False,
                    "truncated": total > MAX_PDF_CHARS or len(reader.pages) > MAX_PDF_PAGES, "pdf": True},
    )


def _with_siblings(best: etree._Element) -> list[etree._Element]:
    """The best container plus siblings that look like more of the same article."""
    parent = best.getparent()
    if parent is None:
        return [best]
    best_len = len(_text(best))
    threshold = max(80, best_len * 0.2)
    out = []
    for sib in parent:
        if not isinstance(sib.tag, str):
            continue
        if sib is best:
            out.append(sib)
            continue
        text = _text(sib)
        if not text:
            continue
        density = _link_density(sib, len(text))
        if sib.tag == "p" and len(text) > 80 and density < 0.25:
            out.append(sib)
        elif len(text) >= threshold and density < 0.2 and POSITIVE.search(_attrs(sib) + " " + sib.tag):
            out.append(sib)
        elif LEAD.search(_attrs(sib)) and density < 0.5:
            out.append(sib)
    return out


def _lead_outside(body: etree._Element, roots: list[etree._Element]) -> etree._Element | None:
    """A lead/standfirst paragraph outside the chosen containers, before them in the page."""
    first = roots[0]
    inside = set()
    for r in roots:
        inside.update(r.iter())
        inside.update(r.iterancestors())  # a wrapper around the body is no lead: it would repeat it
    for el in body.iter():
        if el is first:
            return None
        if not isinstance(el.tag, str) or el in inside or not LEAD.search(_attrs(el)):
            continue
        text = _text(el)
        if 40 <= len(text) <= 1500 and _link_density(el, len(text)) < 0.3:
            return el
    return None
