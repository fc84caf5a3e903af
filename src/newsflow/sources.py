"""Turn a fetched feed, listing page or sitemap into article links.

Pure functions of the bytes they are given: no I/O here.
"""

from __future__ import annotations

import calendar
import gzip
import hashlib
import io
import re
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser
from xml.sax import SAXParseException
from bs4 import BeautifulSoup
from lxml import etree

from .extract import decode_html, parse_date
from .fetch import is_web_url
from .models import Link, Source

TRACKING = re.compile(
    r"^(utm_[a-z_]*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_hsenc|_hsmi|mkt_tok|yclid|_ga|_gl|"
    r"wt\.mc_id|ref_src|spm|cmpid|trk)$",
    re.I,
)


class SourceError(Exception):
    """A listing that could not be read: malformed feed, not a sitemap, nothing found."""


def normalize_url(url: str) -> str:
    """The identity of an article URL: case, default ports, trailing slash and tracking removed."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)]
    )
    return urlunsplit((scheme, host, path, query, ""))


def _stamp(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()[:16]


def _entry_date(entry: feedparser.FeedParserDict, keys: tuple[str, ...] = ("published_parsed", "updated_parsed", "created_parsed")) -> str:
    for key in keys:
        value = dict.get(entry, key)  # not entry.get: feedparser maps missing keys to others, with a warning
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), timezone.utc).isoformat()
            except (OverflowError, ValueError, TypeError):
                continue
    return ""


def _finish(links: list[Link], base_url: str, source: Source) -> list[Link]:
    """Keep http(s) links, once each, matching `include`, newest first, at most max_items."""
    include = re.compile(source.include) if source.include else None
    own = normalize_url(base_url)
    seen: set[str] = set()
    kept: list[Link] = []
    for link in links:
        if not is_web_url(link.url):
            continue
        key = normalize_url(link.url)
        if key in seen or key == own or (include and not include.search(link.url)):
            continue
        if link.guid and link.guid in seen:  # a feed repeating a GUID: the first (newest) item wins
            continue
        seen.add(key)
        if link.guid:
            seen.add(link.guid)
        kept.append(link)
    if any(link.published for link in kept):
        # Stable sort: undated links keep their listing order after the dated ones.
        kept.sort(key=lambda link: link.published or "", reverse=True)
    return kept[: source.max_items]


_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>", re.S | re.I)


def strip_doctype(content: bytes) -> bytes:
    """Remove a DTD from the prolog, so no entity it declares is ever expanded or fetched."""
    head = content[:65_536]
    m = _DOCTYPE.search(head)
    if m is None or b"<" in re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", head[: m.start()], flags=re.S).strip()[:1]:
        return content
    return content[: m.start()] + content[m.end() :]


def links_from_feed(content: bytes, headers: dict[str, str], base_url: str, source: Source) -> list[Link]:
    """Article links of an RSS or Atom feed (feedparser on the raw bytes, with the response headers)."""
    try:
        parsed = feedparser.parse(io.BytesIO(strip_doctype(content)), response_headers=headers)
    except Exception as e:  # feedparser can raise on hostile input (e.g. lone surrogates)
        raise SourceError(f"feed could not be parsed: {type(e).__name__}: {e}") from None
    if not parsed.entries:
        # A recognised feed with no items is empty, whatever its media type; anything else is broken.
        if parsed.get("version") and not isinstance(parsed.get("bozo_exception"), SAXParseException):
            return []
        reason = parsed.get("bozo_exception") or "no RSS or Atom elements found"
        raise SourceError(f"not a usable feed: {reason}")
    links = []
    for entry in parsed.entries:
        href = entry.get("link") or ""
        if not href:
            for alt in entry.get("links", []):
                if alt.get("rel", "alternate") == "alternate" and alt.get("href"):
                    href = alt["href"]
                    break
        if not href:
            continue
        title = str(entry.get("title") or "").strip()
        summary = str(entry.get("summary") or "")
        links.append(
            Link(
                url=urljoin(base_url, href.strip()),
                guid=str(entry.get("id") or ""),
                title=title,
                published=_entry_date(entry),
                summary=BeautifulSoup(summary, "html.parser").get_text(" ", strip=True) if summary else "",
                stamp=_entry_date(entry, ("updated_parsed", "published_parsed")) + "|" + _stamp(title, summary),
            )
        )
    return _finish(links, base_url, source)


BOILERPLATE_PARENTS = ("nav", "header", "footer", "aside")


def links_from_listing(content: bytes, headers: dict[str, str], base_url: str, source: Source) -> list[Link]:
    """Article links of an HTML news listing: `source.links` selects them, or a heuristic does."""
    soup = BeautifulSoup(decode_html(content, headers), "lxml")
    base = soup.find("base", href=True)
    page_base = urljoin(base_url, str(base["href"])) if base else base_url
    if source.links:
        try:
            chosen = soup.select(source.links)
        except Exception as e:  # soupsieve raises its own SelectorSyntaxError
            raise SourceError(f"links selector {source.links!r} is not valid CSS: {e}") from None
        anchors = []
        for el in chosen:
            anchors += [el] if el.name == "a" and el.has_attr("href") else el.find_all("a", href=True)
        if not anchors:
            raise SourceError(f"links selector {source.links!r} matched no links: has the page layout changed?")
    else:
        host = urlsplit(base_url).hostname
        anchors = [
            a
            for a in soup.find_all("a", href=True)
            if not a.find_parent(BOILERPLATE_PARENTS)
            and urlsplit(urljoin(page_base, str(a["href"]))).hostname == host
            and _looks_like_article(urljoin(page_base, str(a["href"])), base_url)
        ]
    links = []
    for a in anchors:
        date = ""
        box = a.find_parent(["article", "li"]) or a.parent
        time_el = box.find("time") if box else None
        if time_el is not None:
            date = parse_date(str(time_el.get("datetime") or time_el.get_text(" ", strip=True)))
        title = a.get_text(" ", strip=True)
        links.append(Link(url=urljoin(page_base, str(a["href"]).strip()), title=title, published=date,
                          stamp=date + "|" + _stamp(title)))
    return _finish(links, base_url, source)


def _looks_like_article(url: str, listing_url: str) -> bool:
    """Heuristic for listings without a selector: a slug with words, a long number, or an id parameter."""
    parts, listing = urlsplit(url), urlsplit(listing_url)
    path = parts.path.rstrip("/")
    if (path, parts.query) == (listing.path.rstrip("/"), listing.query):
        return False
    if re.search(r"\.(jpe?g|png|gif|svg|css|js|zip|pdf)$", path, re.I):
        return False
    last = path.rsplit("/", 1)[-1]
    return last.count("-") >= 2 or bool(re.search(r"\d{3,}", last)) or bool(re.search(r"(^|&)\w*id=\d", parts.query, re.I))


_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True)


def links_from_sitemap(
    content: bytes, headers: dict[str, str], base_url: str, source: Source
) -> tuple[list[Link], list[str]]:
    """Article links of a sitemap, and the child sitemaps of a sitemap index."""
    if content[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(content)) as f:
                content = f.read(50_000_000)
        except (OSError, EOFError) as e:
            raise SourceError(f"sitemap is not valid gzip: {e}") from None
    try:
        root = etree.fromstring(content, _SAFE_XML)
    except etree.XMLSyntaxError as e:
        raise SourceError(f"sitemap is not XML: {e}") from None
    if root is None:
        raise SourceError("sitemap is empty or not XML")
    name = etree.QName(root).localname
    if name not in ("urlset", "sitemapindex"):
        raise SourceError(f"not a sitemap (root element <{name}>)")

    def child(el: etree._Element, tag: str) -> str:
        for c in el:
            if isinstance(c.tag, str) and etree.QName(c).localname == tag:
                return (c.text or "").strip()
        return ""

    entries = [el for el in root if isinstance(el.tag, str)]
    if name == "sitemapindex":
        subs = [(child(el, "lastmod"), urljoin(base_url, child(el, "loc"))) for el in entries if child(el, "loc")]
        subs.sort(reverse=True)  # newest first; undated last
        return [], [u for _, u in subs if is_web_url(u)]
    links = [
        Link(url=urljoin(base_url, child(el, "loc")), published=parse_date(child(el, "lastmod")),
             stamp=child(el, "lastmod"))
        for el in entries
        if child(el, "loc")
    ]
    return _finish(links, base_url, source), []
