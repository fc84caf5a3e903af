"""HTML -> an article's main text and metadata.

``extract(html, url)`` is the public entry point and needs nothing else from newsflow.
The approach: drop what is never content (scripts, navigation, share/comment/cookie
widgets), score the remaining containers by their paragraph text the way
readability does, take the best one and its content-rich siblings, keep a lead or
standfirst that stands outside it, and read the metadata from meta tags, JSON-LD,
``<time>`` and finally the text itself.
"""

from __future__ import annotations

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
ZONES = {"utc": 0, "gmt": 0, "z": 0, "cet": 1, "cest": 2, "eet": 2, "eest": 3, "bst": 1, "wet": 0, "west": 1}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_TIME = r"(?:\s*(?:,|klo|kl\.?|at|@)?\s*(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?(?:\s*([A-Za-z]{1,4}|[+-]\d{2}:?\d{2}))?"
_DMY_NUM = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b" + _TIME)
_DMY_NAME = re.compile(r"\b(\d{1,2})\.?\s+(" + _MONTH_RE + r")\.?,?\s+(\d{4})\b" + _TIME, re.I)
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
    "form", "button", "select", "input", "textarea", "nav", "footer", "aside", "dialog", "menu",
    "link", "meta", "video", "audio", "map",
}
DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu", "menubar", "alertdialog"}
BOILERPLATE = re.compile(
    r"comment|kommentar|kommentti|share|sharing|social|some-|cookie|consent|gdpr|related|"
    r"recommend|newsletter|subscribe|signup|sign-up|breadcrumb|navbar|navigation|sidebar|"
    r"promo|advert|banner|skip|pagination|pager|masthead|popup|modal|toolbar|widget|login|"
    r"searchform|search-form|site-header|site-footer|page-footer|footer|print-|tagcloud|"
    r"author-bio|byline|dateline|entry-meta|post-meta|article-meta|release-type|posted-on|more-news|other-news|read-more|readmore|lue-myos|las-aven|you-may|jump-to|"
    r"(^|[\s_-])(ads?|nav|menu|tags|meta-nav|hidden|visually-hidden|sr-only|screen-reader)($|[\s_-])",
    re.I,
)
KEEP_CLASSES = re.compile(r"article|content|body|entry|main|post|story|text|release|ingress|lead", re.I)
POSITIVE = re.compile(r"article|body|content|entry|main|post|story|text|release|press|news-item|blog", re.I)
NEGATIVE = re.compile(r"comment|meta|foot|footer|sidebar|widget|promo|related|share|teaser|card|list|menu", re.I)
LEAD = re.compile(r"lead|ingress|intro|standfirst|preamble|summary|excerpt|subtitle|kicker|dek|ingressi", re.I)
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
    r"facebook|twitter|linkedin|x|whatsapp|instagram|menu|meny|valikko|search|sök|haku)[.!:]?$",
    re.I,
)


def _attrs(el: etree._Element) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def _is_junk(el: etree._Element) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in DROP_TAGS:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if (el.get("role") or "").lower() in DROP_ROLES:
        return True
    if re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", el.get("style", ""), re.I):
        return True
    if tag == "header" and el.xpath("ancestor::article|ancestor::main") == [] and not el.xpath(".//h1"):
        return True
    attrs = _attrs(el)
    if attrs.strip() and tag not in ("html", "body", "main", "article") and BOILERPLATE.search(attrs):
        return not (KEEP_CLASSES.search(attrs) and not NEGATIVE.search(attrs) and len(_text(el)) > 500)
    return False


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
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True)
    doc = lxml.html.document_fromstring(text, parser=parser)
    if any("depth" in e.message.lower() for e in parser.error_log):
        # libxml2 silently drops what is nested past its limit: flatten the markup and parse again.
        parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True)
        doc = lxml.html.document_fromstring(_limit_depth(text), parser=parser)
    return doc


def _clean(root: etree._Element) -> None:
    for el in list(root.iter()):
        if not isinstance(el.tag, str):  # comments and processing instructions
            if el.getparent() is not None:
                el.drop_tree() if hasattr(el, "drop_tree") else el.getparent().remove(el)
            continue
        if el.getparent() is not None and _is_junk(el):
            el.drop_tree()


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


def _blocks(root: etree._Element) -> list[tuple[str, bool, float]]:
    """(text, is_heading, link_density) for each text block under root, in document order."""
    out: list[tuple[str, bool, float]] = []
    buf: list[str] = []
    linked = [0]
    heading = [False]

    def flush() -> None:
        text = " ".join("".join(buf).split())
        if text:
            out.append((text, heading[0], min(1.0, linked[0] / len(text))))
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
            if el.tail and el is not root:
                buf.append(el.tail)
                if anchor_depth:
                    linked[0] += len(el.tail.strip())
    flush()
    return out


CREDIT = re.compile(r"^(foto|kuva|photo|bild|image|kuvaaja|fotograf)\s*:", re.I)


def _is_dateline(text: str) -> bool:
    """A short line that is mostly a date: "Julkaistu 18.11.2021 klo 10.30", "Okt 10, 2017 07:20 CEST"."""
    words = text.split()
    return len(words) <= 8 and len(text) <= 80 and bool(parse_date(text))


def _keep(text: str, heading: bool, density: float) -> bool:
    if UI_TEXT.match(text) or (len(text) < 80 and CREDIT.match(text)) or _is_dateline(text):
        return False
    if len(text) <= 40 and re.search(r"[•|·]\s*$", text):  # a label cut from its date: "Pressmeddelande •"
        return False
    if density > 0.5 and not heading:
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
    if not used_selector:
        _clean(body_el)
        roots = []
        best = _best_container(body_el)
        if best is not None:
            roots = _with_siblings(best)
            lead = _lead_outside(body_el, roots)
            if lead is not None:
                roots.insert(0, lead)
    blocks = [b for r in roots for b in _blocks(r)]
    kept = [b for b in blocks if _keep(*b)]
    if sum(len(t) for t, _, _ in kept) < 150:
        # The scored container gave (almost) nothing: fall back to every kept block of the page.
        all_blocks = [b for b in _blocks(body_el) if _keep(*b)]
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
    for el in body.iter():
        if el is first:
            return None
        if not isinstance(el.tag, str) or el in inside or not LEAD.search(_attrs(el)):
            continue
        text = _text(el)
        if 40 <= len(text) <= 1500 and _link_density(el, len(text)) < 0.3:
            return el
    return None
