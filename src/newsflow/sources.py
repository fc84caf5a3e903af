"""Turn a fetched feed, listing page or sitemap into article links.

Pure functions of the bytes they are given: no I/O here. ``SOURCE_KINDS`` is the registry
of source kinds — what each accepts, how it is parsed, which child documents it follows —
and ``collect_links`` is what the pipeline calls, with a function that fetches children.
"""

from __future__ import annotations

import calendar
import codecs
import contextlib
import hashlib
import html
import io
import itertools
import json
import logging
import re
import warnings
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache, partial
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit
from xml.sax import SAXParseException

import feedparser
from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning
from bs4.element import NavigableString
from lxml import etree

from .charset import charset_from_headers, decode_html, utf8_repaired, visible_text
from .config import Settings
from .dates import (
    FUTURE_DAYS,
    PUBLISH_WORD,
    SLASH_DATE,
    UPDATE_WORD,
    date_range,
    dateline_dates,
    day_first,
    in_zone,
    instant,
    not_after,
    now_in,
    parse_date,
    relative_day,
    with_year,
    yearless_before,
)
from .fetch import (
    FAILURE_KINDS,
    Fetcher,
    FetchError,
    Response,
    is_web_url,
    make_client,
    shorten,
    web_address,
    web_parts,
)
from .models import SERVED_AGAIN, TITLE_PARTS, Article, Link, Paragraph, RobotsEntry, Source, normalize_url

log = logging.getLogger("newsflow")

MAX_SITEMAPS = 10  # child sitemaps followed from a sitemap index per run
# A listing's further pages followed in one run where every link of the pages read so far is new to the archive: the
# newsroom published more since the last run than one page shows (the server was off for weeks, the source backing
# off). Ten pages of twenty is some months of a busy newsroom.
MAX_PAGES = 10
MIN_PAGE_LINKS = 3  # a page with fewer links says nothing of a gap
DEFAULT_MAX_BYTES = Settings().max_bytes
FULL_TEXT_MIN_CHARS = 500  # a feed item's content of at least this much text, in
FULL_TEXT_MIN_BLOCKS = 2  # at least this many paragraphs, not cut short, is the article itself


class SourceError(Exception):
    """A listing that could not be read: malformed feed, not a sitemap, nothing found.

    ``kind`` is one of ``fetch.FAILURE_KINDS`` (``parse``, ``selector``, ``too_large``...);
    ``url`` the document that could not be read.
    """

    def __init__(self, reason: str, url: str = "", kind: str = "parse"):
        super().__init__(f"{reason} ({url})" if url else reason)
        if kind not in FAILURE_KINDS:
            raise ValueError(f"unknown failure kind {kind!r}; add it to fetch.FAILURE_KINDS")
        self.reason = reason
        self.url = url
        self.kind = kind


@dataclass(frozen=True)
class FullTextLink(Link):
    """A feed item that carries its article's full text (content:encoded, Atom content): no page fetch needed."""

    content: str = ""  # the full text as HTML (sanitised by feedparser; plain text is escaped into <p>s)


@dataclass(frozen=True)
class SavedLink(Link):
    """A sitemap's link dated by its `lastmod`: when its page was last saved, which orders a sitemap's links (the
    newest first) but dates a release only where its page states no date (an edit made in December is no October
    release's day)."""


def _stamp(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()[:16]


def _entry_date(entry: feedparser.FeedParserDict) -> str:
    """The item's date in the zone its feed states it in ("2025-03-12T00:00:00+02:00"), so that its day is the
    newsroom's own: feedparser's parsed dates are UTC, where a Finnish release of 12 March at midnight is the
    11th. Where the stated form reads otherwise than feedparser's (or not at all), feedparser's stands."""
    for key in ("published", "updated", "created"):
        instant = _entry_instant(entry, (f"{key}_parsed",))
        stated = parse_date(str(dict.get(entry, key) or ""))
        if not instant:
            if stated:  # a form feedparser does not read ("12.03.2025", "ke, 12 maalis 2025 10:00:00 +0200")
                return stated
            continue
        moment = datetime.fromisoformat(stated) if stated else None  # (parse_date gives ISO 8601 or "")
        if moment is not None:
            read = datetime.fromisoformat(instant)
            # The same moment; or the same clock time, when feedparser read no zone in "10:00 EET" (UTC, it says), or
            # where none is stated ("2026-12-02T23:30:00", "2026-12-02": UTC, it says, and the source's `timezone`
            # then moved a Finnish release of 23:30 to the next day).
            if moment == read or moment.replace(tzinfo=UTC) == read:  # (a moment with no zone equals none with one)
                return stated
        return instant
    return ""


def _entry_instant(entry: feedparser.FeedParserDict, keys: tuple[str, ...]) -> str:
    """The first of feedparser's parsed dates, in UTC (what an item's change stamp has always been made of)."""
    for key in keys:
        value = dict.get(entry, key)  # not entry.get: feedparser maps missing keys to others, with a warning
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC).isoformat()
            except (OverflowError, ValueError, TypeError):
                continue
    return ""


_MEDIA_FILE = re.compile(
    r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?|ico|mp4|m4v|mov|webm|avi|mp3|m4a|wav|ogg|zip)$", re.I
)
# A newsroom's page of one picture, video or document, as Mynewsdesk's "all media" feed lists them beside its releases
# (`/se/coompanion/images/kooperativ-dag-4412876`): archived as a release, it was a photo caption labelled English.
# Its number, of five to seven digits, is no year ("/uutiset/documents/talousarvio-2027" is a release).
_MEDIA_PAGE = re.compile(r"/(?:images|videos|documents)/[^/]+-\d{5,7}/?$")  # (not a day, 20261203)
History = Callable[[list[tuple[str, str]]], dict[str, str]]  # of links (address, stamp): Releases.history


# A link's identity, remembered: a sitemap's 50,000 addresses were each normalized three times over while read (its own
# filter, its links finished, then finished again with the archive's history), a fifth of a night's CPU. (Pure: the
# same address always gives the same identity. At most 2^16 remembered, some 20 MB, let go once a source's links are
# collected.)
_identity = lru_cache(maxsize=1 << 16)(normalize_url)


def without_shared_session(links: list[Link]) -> list[Link]:
    """``links`` without a parameter named for a session ("sid", "sessionid") where it holds a token (16 letters
    and digits or more, both: PHP's and Java's session ids; or a UUID) and every link of three or more that has it
    gives it the same value: a visitor's session. A story's own number named so differs from link to link ("?sid=123",
    "?sid=4f9a1c2b3d4e5f60"), and a site's or section's ("?sid=3&nid=101") is no token: both stay."""
    values: dict[str, set[str]] = {}
    having: dict[str, int] = {}
    for link in links:
        if "?" not in link.url:  # (no query: no session in it; a sitemap's links, mostly)
            continue
        for key, value in parse_qsl(urlsplit(link.url).query, keep_blank_values=True):
            if _SESSION_NAMED.match(key):
                values.setdefault(key, set()).add(value)
                having[key] = having.get(key, 0) + 1
    shared = {
        key
        for key, vals in values.items()
        if len(vals) == 1
        and having[key] >= 3
        and (_SESSION_TOKEN if key.lower() not in ("sid", "s_id") else _SESSION_ID).fullmatch(next(iter(vals)))
    }
    if not shared:
        return links
    out = []
    for link in links:
        parts = urlsplit(link.url)
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        if any(k in shared for k, _ in pairs):  # (only these: another's query is left as written)
            kept = [(k, v) for k, v in pairs if k not in shared]
            link = replace(link, url=urlunsplit(parts._replace(query=urlencode(kept))))
        out.append(link)
    return out


_SESSION_NAMED = re.compile(r"^(?:sid|s_id|sess|sessid|session|sessionid|session_id|sess_id)$", re.I)
_SESSION_ID = re.compile(r"(?=.*\d)(?=.*[a-z])[a-z0-9]{16,}", re.I)  # PHP's and Java's (under "sid", no UUID:
_SESSION_TOKEN = re.compile(  # it may name a section), or a UUID, as ASP.NET and others give one
    _SESSION_ID.pattern + r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I
)


def _finish(links: list[Link], base_url: str, source: Source, history: History | None = None) -> list[Link]:
    """Keep http(s) links, once each, matching `include`, newest first, at most max_items. With ``history``, a
    dead link resting from nightly retries is left out; and in a listing longer than max_items, links never tried
    (neither archived nor failed), then failed ones due to be asked again, have room: all of it where the listing dates
    none of its links (which are new is not known from it: an undated listing, oldest first, still gives its new
    releases), half of it where it dates them, the newest first, the rest going to the newest links as before (their
    edits). A dated listing given more new releases than max_items between two runs, or a sitemap of years, so gives
    the rest on the next runs, and an edit of its newest release is read all the same; and a dead link newer links
    push out of the newest max_items is still asked again."""
    include = re.compile(source.include) if source.include else None
    own = _identity(base_url)
    seen: set[str] = set()
    kept: list[Link] = []
    for link in without_shared_session(links):
        if (address := web_address(link.url)) != link.url:
            link = replace(link, url=address)
        if not (parts := web_parts(link.url)) or _MEDIA_FILE.search(parts.path) or _MEDIA_PAGE.search(parts.path):
            continue  # (a newsroom feed's image or video item is no release: it was a dead link every night)
        key = _identity(link.url)
        if key in seen or key == own or (include and not include.search(link.url)):
            continue
        if link.guid and link.guid in seen:
            # A feed repeating a GUID for another address: that item is kept, known by its address (the same
            # release twice is one article all the same: its text is the same).
            link = replace(link, guid="")
        seen.add(key)
        if link.guid:
            seen.add(link.guid)
        kept.append(link)
    known: dict[str, str] | None = None
    waiting = 0
    dated = any(link.published for link in kept)
    if dated:
        # Stable sort: undated links keep their listing order after the dated ones.
        kept.sort(key=lambda link: instant(link.published), reverse=True)
    if history is not None and len(kept) > source.max_items:
        known = history([(link.url, link.stamp) for link in kept])
        # Links never tried first, then links that failed and are due to be asked again (not resting a week): a dead
        # link a long sitemap goes on listing is asked again once newer links push it out of the newest max_items,
        # where the room is not taken by releases never tried (dead links never hold up live ones).
        untried = [link for link in kept if link.url not in known]
        failing = [link for link in kept if known.get(link.url) == "failing"]
        room = max(1, source.max_items // 2) if dated else source.max_items
        first = {id(link) for link in (untried + failing)[:room]}
        kept.sort(key=lambda link: id(link) not in first)  # (stable: newest, or listing order, within each)
        if len(untried) > room:
            log.info(
                "%s: %d links never tried; %d or more this run (max_items), the rest on the next runs",
                source.id,
                len(untried),
                room,
            )
    if history is None:
        return Listed(kept[: source.max_items], kept)
    chosen: list[Link] = []
    for i in range(0, len(kept), source.max_items):  # (a long listing's history asked for only as far as needed)
        part = kept[i : i + source.max_items]
        states = known if known is not None else history([(link.url, link.stamp) for link in part])
        chosen += [link for link in part if states.get(link.url) != "resting"]
        if len(chosen) >= source.max_items:
            break
    if known is not None:  # (untried links the newest max_items take too are not waiting)
        taken = {id(link) for link in chosen[: source.max_items]}
        waiting = sum(link.url not in known and id(link) not in taken for link in kept)
    return Listed(chosen[: source.max_items], kept, waiting)


class Listed(list[Link]):
    """The links taken this run, and ``everything`` the listing gave (``Releases.now_listed``: a release at one of its
    addresses has not moved)."""

    def __init__(self, taken: list[Link], everything: list[Link], waiting: int = 0):
        super().__init__(taken)
        self.everything = everything
        self.waiting = waiting  # links never tried that max_items leaves for the next runs
        self.gap = 0  # new links read where the listing's pages ended before any link the archive knows


# ---------------------------------------------------------------- bytes before parsing


_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>", re.S | re.I)


def strip_doctype(content: bytes) -> bytes:
    """Remove a DTD from the prolog, so no entity it declares is ever expanded or fetched."""
    head = content[:65_536]
    m = _DOCTYPE.search(head)
    if m is None or b"<" in re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", head[: m.start()], flags=re.S).strip()[:1]:
        return content
    return content[: m.start()] + content[m.end() :]


# A character reference to no character (half of a UTF-16 pair &#55296;, &#x110000;, &#0;): feedparser raises on
# one, losing the whole feed. Each becomes U+FFFD, the replacement character, as a decoder would make it.
_CHAR_REF = re.compile(rb"&#(?:[0-9]{1,20}|[xX][0-9a-fA-F]{1,16});")


def _without_bad_char_refs(content: bytes) -> bytes:
    """Replace references to no character (half a UTF-16 pair, beyond Unicode, a control) with U+FFFD's."""
    if b"&#" not in content:
        return content
    return _CHAR_REF.sub(lambda m: b"&#xFFFD;" if _is_bad_ref(m.group()) else m.group(), content)


def _is_bad_ref(ref: bytes) -> bool:
    body = ref[2:-1]
    value = int(body[1:], 16) if body[:1] in (b"x", b"X") else int(body)
    control = value < 0x20 and value not in (9, 10, 13)
    return value > 0x10FFFF or 0xD800 <= value <= 0xDFFF or value in (0xFFFE, 0xFFFF) or control


# XML 1.0 Appendix F: a byte order mark, or the first "<?" in a wide encoding.
_WIDE = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (b"<\0\0\0", "utf-32-le"),
    (b"\0\0\0<", "utf-32-be"),
    (b"<\0?\0", "utf-16-le"),
    (b"\0<\0?", "utf-16-be"),
)
_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")
_XML_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([\w.:-]+)""")


def to_utf8(content: bytes, headers: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    """Re-encode a UTF-16/32 XML document as UTF-8, its declaration and Content-Type to match.

    Everything after works on UTF-8 bytes: in particular ``strip_doctype``, which cannot see a
    DTD written in a wide encoding (and feedparser would expand its entities).
    """
    found = next(((mark, encoding) for mark, encoding in _WIDE if content.startswith(mark)), None)
    if found is None:  # (UTF-8 but for a stray byte: as UTF-8, not as Windows-1252 throughout)
        declared = _XML_DECLARED.search(content[:200])
        said = charset_from_headers(headers) or (declared.group(1).decode("ascii", "replace") if declared else "")
        return utf8_repaired(content, said.lower()), headers
    mark, encoding = found
    is_bom = b"<" not in mark  # a sniffed "<?" is part of the text, a byte order mark is not
    text = (content[len(mark) :] if is_bom else content).decode(encoding, "replace")
    text = _XML_ENCODING.sub(r"\1\2utf-8\2", text, count=1)
    headers = dict(headers)
    if "content-type" in headers:
        media_type = headers["content-type"].split(";")[0].strip() or "application/xml"
        headers["content-type"] = f"{media_type}; charset=utf-8"
    return text.encode("utf-8"), headers


def gunzip_capped(content: bytes, max_bytes: int, url: str) -> bytes:
    """Decompress a gzip file (a ``.xml.gz`` sitemap served as a file), never past ``max_bytes``.

    HTTP's Content-Encoding is undone (and capped) by fetch; this is the file's own gzip,
    which a bomb can inflate a thousand-fold. Bodies that are not gzip are returned as they are.
    """
    if content[:2] != b"\x1f\x8b":
        return content
    out: list[bytes] = []
    size = 0
    data = content
    try:
        while data:
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            while data and not inflater.eof:
                piece = inflater.decompress(data, max_bytes - size + 1)
                size += len(piece)
                out.append(piece)
                if size > max_bytes:
                    raise SourceError(
                        f"gzip-compressed document inflates to more than {max_bytes:,} bytes (max_bytes); cut off",
                        url,
                        kind="too_large",
                    )
                data = inflater.unconsumed_tail
            if not inflater.eof:
                raise SourceError("gzip-compressed document is cut short", url, kind="parse")
            data = inflater.unused_data.lstrip(b"\0")  # another gzip member may follow (RFC 1952)
            if data[:2] != b"\x1f\x8b":
                break
    except zlib.error as e:
        raise SourceError(f"document is not valid gzip: {e}", url, kind="parse") from None
    return b"".join(out)


# ---------------------------------------------------------------- feeds


_CUT_SHORT = re.compile(
    r"(\.\.\.|…|\[\s*(?:…|\.\.\.)\s*\]|\b(?:read more|continue reading|lue lisää|jatka lukemista|läs mer|läs hela)\b"
    r"[^.!?]{0,40})\s*$",
    re.I,
)
_BLOCKS = ("p", "li", "blockquote", "pre", "h2", "h3", "h4", "h5", "h6")


def full_text(entry: feedparser.FeedParserDict) -> str:
    """The item's full article text as HTML, when its content element carries one; else "".

    Only content elements count (RSS content:encoded, Atom content, never a description or a
    summary), of at least FULL_TEXT_MIN_CHARS characters of text in FULL_TEXT_MIN_BLOCKS
    paragraphs, not ending in an ellipsis or "Read more": a teaser is not the article.
    """
    for part in entry.get("content") or []:
        value = str(part.get("value") or "")
        ctype = str(part.get("type") or "")
        if not value or part.get("src"):
            continue
        if ctype == "text/plain":
            paragraphs = [p.strip() for p in re.split(r"\n\s*\n", value) if p.strip()]
            text = " ".join(paragraphs)
            value = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
            blocks = len(paragraphs)
        elif ctype in ("text/html", "application/xhtml+xml"):
            soup = BeautifulSoup(value, "html.parser")
            text = soup.get_text(" ", strip=True)
            blocks = sum(1 for el in soup.find_all(_BLOCKS) if el.get_text(strip=True))
        else:
            continue
        if len(text) >= FULL_TEXT_MIN_CHARS and blocks >= FULL_TEXT_MIN_BLOCKS and not _CUT_SHORT.search(text[-100:]):
            return value
    return ""


_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml")
_COMMENTS = re.compile(r"comment|kommentit|kommentar|komentar", re.I)


def _percent_encoded(m: re.Match[str]) -> str:
    """A character as an address writes it: its UTF-8 bytes, each as %XX (a no-break space is %C2%A0, not %A0)."""
    return "".join(f"%{b:02X}" for b in m.group().encode())


def advertised_feed(soup: BeautifulSoup, base_url: str) -> str:
    """The feed an HTML page names in its head (``<link rel="alternate" type="application/rss+xml" href=…>``), its
    news's rather than its comments' (WordPress names both), as an address; "" where it names none. For a source
    set up with a site's homepage or news page: what to put in feeds.toml instead (admin probe, s41)."""
    found = []
    for link in soup.find_all("link", href=True):
        rel: Any = link.get("rel") or []
        rels = [rel] if isinstance(rel, str) else list(rel)
        kind = str(link.get("type") or "").split(";")[0].strip().lower()
        if "alternate" in [str(r).lower() for r in rels] and kind in _FEED_TYPES:
            url = _joined(base_url, str(link["href"]))
            if url and is_web_url(url) and not _same_page(url, base_url):
                url = re.sub(r'["\\\s]', _percent_encoded, url)  # (to go between "" in feeds.toml)
                found.append((bool(_COMMENTS.search(f"{link.get('title') or ''} {url}")), url))
    return min(found, key=lambda f: f[0])[1] if found else ""


def _not_a_feed(content: bytes, parsed: feedparser.FeedParserDict, base_url: str = "") -> str:
    """Why bytes feedparser found no items in are not a feed, for a person."""
    error = parsed.get("bozo_exception")
    head = content[:2048].lstrip().lower()
    if not content.strip():
        return "the feed is empty (no bytes)"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        soup = BeautifulSoup(content, "lxml")
        named = advertised_feed(soup, base_url) if base_url else ""
        if named:  # (the site's homepage or news page, given for its feed)
            return f'this is an HTML page, not an RSS or Atom feed; the page names its feed: set url = "{named}"'
        if stand_in := _stand_in_page(soup):  # a passing outage: feeds.toml is right, nothing to change
            return (
                f"the feed's address answered with a maintenance, login or error page ({stand_in!r}) instead of the "
                "feed: the site is probably down for now, and it is asked again next run (if this lasts, open the "
                "address in a browser)"
            )
        return (
            "this is an HTML page, not an RSS or Atom feed: has the feed moved? (a news page with no feed is "
            'kind = "html")'
        )
    if _is_json(content):
        return (
            "this is JSON (a JSON Feed or a site's data), not an RSS or Atom feed, which newsflow reads: look for the "
            'site\'s RSS feed (its pages name it, often /feed or /rss.xml), or follow its news page as kind = "html"'
        )
    if isinstance(error, SAXParseException):
        return (
            f"not a usable RSS or Atom feed: not well-formed XML at line {error.getLineNumber()}, "
            f"column {error.getColumnNumber()} ({error.getMessage()})"
        )
    return f"not a usable RSS or Atom feed: {error or 'no RSS or Atom elements found'}"


def _is_json(content: bytes) -> bool:
    """Whether a document is a JSON object or array (a JSON Feed, an API's answer)."""
    text = content.decode("utf-8-sig", "replace").strip()
    if not text.startswith(("{", "[")):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


_TAG = re.compile(r"</?[A-Za-z][^<>]*>")  # a tag, not "Kasvu < 5 % ja > 2 %"
_LINE_BREAK = re.compile(r"<br\s*/?>", re.I)


def links_from_feed(content: bytes, headers: dict[str, str], base_url: str, source: Source) -> list[Link]:
    """Article links of an RSS or Atom feed (feedparser on the raw bytes, with the response headers).

    An item whose content is the full article becomes a ``FullTextLink`` carrying it.
    """
    content, headers = to_utf8(content, headers)
    content = _without_dc_dates(content)
    try:
        parsed = feedparser.parse(io.BytesIO(_without_bad_char_refs(strip_doctype(content))), response_headers=headers)
    except Exception as e:  # feedparser can raise on hostile input
        raise SourceError(f"feed could not be parsed: {type(e).__name__}: {e}", base_url) from None
    if not parsed.entries:
        if said := wrong_kind(content, source):
            raise SourceError(said, base_url)
        # A recognised feed with no items is empty, whatever its media type; anything else is broken.
        if parsed.get("version") and not isinstance(parsed.get("bozo_exception"), SAXParseException):
            return []
        raise SourceError(_not_a_feed(content, parsed, base_url), base_url)
    links: list[Link] = []
    for entry in parsed.entries:
        href = entry.get("link") or ""
        if href and entry.get("guidislink") and not re.match(r"https?://", href.strip(), re.I):
            href = ""  # a <guid> standing in for a missing <link> that is no address ("item-42"): no link
        if not href:
            for alt in entry.get("links", []):
                if alt.get("rel", "alternate") == "alternate" and alt.get("href"):
                    href = alt["href"]
                    break
        url = _joined(base_url, href) if href.strip() else ""
        if not url or not is_web_url(web_address(url)):
            continue  # no link, one no URL parser accepts, or no web address (javascript:, mailto:): that item alone
        title = str(entry.get("title") or "").strip()
        if title and (entry.get("title_detail") or {}).get("type") in ("text/html", "application/xhtml+xml"):
            # An Atom title of type="html" (WordPress: "the city&#8217;s <em>HOPE</em>"), or an RSS title with escaped
            # markup: its text, not its source.
            # (not BeautifulSoup's text: it took the "&D" off a title ending in "R&D", a CDATA title's raw "&")
            title = " ".join(html.unescape(_TAG.sub("", _LINE_BREAK.sub(" ", title))).split())
        summary = str(entry.get("summary") or "")
        text = full_text(entry)
        fields = {
            "url": url,
            "guid": str(entry.get("id") or ""),
            "title": title,
            "published": _entry_date(entry),
            "summary": BeautifulSoup(summary, "html.parser").get_text(" ", strip=True) if summary else "",
            # (the full text too, where the item carries it: an edit of it is the archived text's, the excerpt stays)
            "stamp": _entry_instant(entry, ("updated_parsed", "published_parsed"))
            + "|"
            + (_stamp(title, summary, text) if text else _stamp(title, summary)),
        }
        links.append(FullTextLink(**fields, content=text) if text else Link(**fields))
    links = _without_request_time(links, source.id)
    if not links and isinstance(parsed.get("bozo_exception"), SAXParseException):
        # Broken XML that the loose parser turned into items with no links: not a feed.
        raise SourceError(_not_a_feed(content, parsed), base_url)
    if not links and parsed.entries:
        # Items, none of which says where its article is: every night would read "ok" and archive nothing.
        raise SourceError(
            f"the feed lists {len(parsed.entries)} item(s), but none gives a link to its article (<link> or an "
            'address in <guid>): ask the newsroom to fix its feed, or follow its news page as kind = "html"',
            base_url,
        )
    return _finish(links, base_url, source)


_ATOM = re.compile(rb"<feed\b[^>]*http://www\.w3\.org/2005/Atom", re.S)
_DC_DATE = re.compile(rb"<dc:date\b[^>]*>[^<]*</dc:date>")
_ENTRY = re.compile(rb"<entry\b.*?</entry>", re.S)


def _without_dc_dates(content: bytes) -> bytes:
    """An Atom feed's entries that state their <published> and <updated> without their <dc:date>s (Liferay's, written
    by ROME, give the publication time): feedparser takes the last of dc:date and <updated> for the entry's update,
    and an edit went unseen."""
    if b"<dc:date" not in content or not _ATOM.search(content[:4096]):
        return content
    # Only from an entry stating its <published> and its <updated>: one without has its dc:date for a date.
    return _ENTRY.sub(
        lambda m: _DC_DATE.sub(b"", m[0]) if b"<published" in m[0] and b"<updated" in m[0] else m[0], content
    )


def _without_request_time(links: list[Link], source_id: str) -> list[Link]:
    """A feed's items undated where every one states the same moment, to the second and within a day of now: the time
    the feed was written when asked (ASP.NET's and Sitefinity's feeds, `lastBuildDate` too), no release's date. They
    take their pages' dates, and the moment, new every night, is no edit. Three items or more: a release and its
    other language's version may share a minute; and a day alone ("00:00:00") may be shared."""
    moments = {instant(link.published) for link in links}
    stated = links[0].published if links else ""
    if len(links) < 3 or len(moments) != 1 or "T" not in stated or "T00:00:00" in stated:
        return links
    moment = moments.pop()
    with contextlib.suppress(ValueError):
        if abs(datetime.now(UTC) - datetime.fromisoformat(moment)) <= timedelta(days=1):
            log.info(
                "%s: every item of the feed states %s, the time it was written: read as undated", source_id, moment
            )
            return [replace(link, published="", stamp="|" + link.stamp.partition("|")[2]) for link in links]
    return links


def item_page(link: Link) -> bytes:
    """An HTML page holding a feed item's full text, title and date, for ``extract.extract`` (``is_item_page``
    knows such a page by its head, as written here: change them together)."""
    content = getattr(link, "content", "")
    date = f'<meta property="article:published_time" content="{html.escape(link.published)}">' if link.published else ""
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(link.title)}</title>{date}'
        f"</head><body><article><h1>{html.escape(link.title)}</h1>{content}</article></body></html>"
    ).encode()


_ITEM_PAGE = re.compile(
    rb'<!DOCTYPE html><html><head><meta charset="utf-8"><title>[^<]*</title>'
    rb'(?:<meta property="article:published_time" content="[^"]*">)?</head><body><article><h1>'
)


def is_item_page(body: bytes) -> bool:
    """Whether a kept page is ``item_page``'s (a feed item's full text), which is extracted without the source's
    selectors: they are written for the newsroom's own pages."""
    return _ITEM_PAGE.match(body[:4096]) is not None


# ---------------------------------------------------------------- listing pages


BOILERPLATE_PARENTS = ("nav", "header", "footer", "aside")


def _furniture(a: Tag) -> bool:
    """Whether a link is in the page's menus, banner, footer or side boxes: not a `<header>` within an item or the
    main part (a WordPress post's `<header class="entry-header">` holds its title's link), where a dated list's
    headline may be (an address alone does not make such a link a release: breadcrumbs)."""
    found = a.find_parent(BOILERPLATE_PARENTS)
    while found is not None and found.name == "header" and found.find_parent(("article", "section", "main")):
        found = found.find_parent(BOILERPLATE_PARENTS)
    return found is not None


def _joined(base: str, href: str) -> str:
    """``href`` made absolute, or "" for an address no URL parser accepts ("http://[::1:bad/"), so that one bad
    link in a feed, listing or sitemap skips that link, not the source's every other one."""
    try:
        url = urljoin(base, href.strip())
        urlsplit(url).port  # noqa: B018  (reading it raises for a malformed host or port)
    except ValueError:
        return ""
    return url


# An XML document read as a listing page: bs4 warned of it on stderr, into the nightly cron log even with --quiet.
# A feed or sitemap is said as the source's failure instead (``_xml_kind``); any other XML is read as HTML quietly.
warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning, module=r"newsflow\.sources$")

_XML_ROOT = re.compile(
    rb"\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>\s*)*<(?:[\w.-]+:)?"
    rb"(rss|feed|RDF|urlset|sitemapindex)\b",
    re.S,
)
_XML_KINDS = {
    b"rss": ("an RSS or Atom feed", "feed"),
    b"feed": ("an RSS or Atom feed", "feed"),
    b"RDF": ("an RSS or Atom feed", "feed"),
    b"urlset": ("a sitemap", "sitemap"),
    b"sitemapindex": ("a sitemap index", "sitemap"),
}

_KIND_NAMES = {"feed": "an RSS or Atom feed", "html": "an HTML news listing page", "sitemap": "a sitemap"}


def _xml_kind(content: bytes) -> tuple[str, str] | None:
    """What an XML document is, by its root element, and the source kind that reads it: ("a sitemap",
    "sitemap"), ("an RSS or Atom feed", "feed"); None for anything else."""
    m = _XML_ROOT.match(content.lstrip(codecs.BOM_UTF8)[:65_536])
    return _XML_KINDS[m.group(1)] if m else None


# What a source's address gives that no kind reads, by its first bytes: a release's PDF or a picture copied as the url.
_FILE_KINDS = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n", "a picture"),
    (b"\xff\xd8\xff", "a picture"),
    (b"GIF8", "a picture"),
    (b"PK\x03\x04", "a ZIP or Office file"),
)


def _file_kind(content: bytes) -> str:
    """What a document is where it is a PDF, a picture or a ZIP (an Office file), by its first bytes; else ""."""
    head = content[:16].lstrip()
    return next((what for magic, what in _FILE_KINDS if head.startswith(magic)), "")


def wrong_kind(content: bytes, source: Source) -> str:
    """Why a source's document is of another kind than its ``kind`` says, and what to set; "" when it is not."""
    found = _xml_kind(content)
    if found is None or found[1] == source.kind:
        return ""
    what, kind = found
    return (
        f'this is {what}, not {_KIND_NAMES.get(source.kind, source.kind)}: set kind = "{kind}" for source '
        f"{source.id} in feeds.toml"
    )


def links_from_listing(content: bytes, headers: dict[str, str], base_url: str, source: Source) -> list[Link]:
    """Article links of an HTML news listing: `source.links` selects them, or a heuristic does."""
    if said := wrong_kind(content, source):
        raise SourceError(said, base_url)
    text = decode_html(content, headers)
    soup = BeautifulSoup(text, "lxml")
    page_base = _page_base(soup, base_url)
    # The page's language tells the order of a numeric date such as "05/02/2025" (en-GB: day first); where it does
    # not (a UK council's page says only lang="en"), a newsroom in a European time zone writes the day first.
    lang = declared = _page_language(soup)
    if day_first(lang) is None and source.timezone.lower().startswith("europe/") and not _MONTH_FIRST.search(text):
        lang = "en-GB" if lang.lower().startswith("en") or not lang else lang
    items = _Items(page_base, lang, source.timezone)
    if source.links:
        try:
            chosen = soup.select(source.links)
        except Exception as e:  # soupsieve raises its own SelectorSyntaxError
            raise SourceError(
                f"links selector {source.links!r} is not valid CSS: {e}", base_url, kind="selector"
            ) from None
        anchors = []
        for el in chosen:
            anchors += [el] if el.name == "a" and el.has_attr("href") else el.find_all("a", href=True)
        if not anchors:  # an admin's mistyped selector, or a new layout: which is likelier is said
            try:
                unselected = len(links_from_listing(content, headers, base_url, replace(source, links="")))
            except SourceError:
                unselected = 0
            raise SourceError(
                f"links selector {source.links!r} matched no links: has the page layout changed"
                + (
                    f", or is `links` in feeds.toml wrong? Without it newsflow finds {unselected} link(s) (take it "
                    f"out, and `newsflow run --source {source.id} --dry-run` lists them)"
                    if unselected
                    else "?"
                ),
                base_url,
                kind="selector",
            )
    else:
        host = urlsplit(base_url).hostname
        candidates = [
            (a, url)
            for a in soup.find_all("a", href=True)
            if not _furniture(a)
            and (url := _joined(page_base, str(a["href"])))
            and urlsplit(url).hostname == host
            and not _same_page(url, base_url)
        ]
        listed, none = _release_list(candidates, items)
        anchors = [
            a
            for a, url in candidates
            if id(a) in listed
            or id(a) not in none
            and _looks_like_article(url, base_url)
            and not a.find_parent(BOILERPLATE_PARENTS)
        ]
        if not anchors:  # a maintenance page or a new layout: not a quiet night
            if named := advertised_feed(soup, page_base):  # (a site's homepage, given for its newsroom)
                raise SourceError(
                    'no links to articles found on this page; the page names its feed: set kind = "feed" and '
                    f'url = "{named}" (or a `links` selector for the source says where the articles are)',
                    base_url,
                )
            if _events_listed(candidates, items) >= LIST_ITEMS:  # (a list dated by events' days, none a release's)
                raise SourceError(
                    "no links to articles found on this page: it lists events (dated by their days, a range such as "
                    '"3.–5.12.2026" or days to come), not releases. Is it the events calendar? Give the news page\'s '
                    "address as the source's url (or a `links` selector says where the releases are)",
                    base_url,
                )
            raise SourceError(
                "no links to articles found on this page: has the page layout changed, or is it a maintenance "
                "page? (a `links` selector for the source says where they are)",
                base_url,
            )
    found: dict[str, tuple[str, str, str]] = {}  # address -> (as linked, headline, date)
    first_anchor: dict[str, Tag] = {}
    for a in anchors:
        url = _joined(page_base, str(a["href"])) if str(a["href"]).strip() else page_base
        if not url:
            continue  # a malformed address: that link alone is skipped
        date, title = items.stated(a) or _day_in_address(url), _item_headline(a, items)
        if (key := normalize_url(url)) in found:  # an item's picture, headline and "Lue lisää" lead to one release
            first, said, dated = found[key]
            found[key] = (first, said or title, dated or date)
        else:
            found[key], first_anchor[key] = (url, title, date), a
    if _numbering([date for _, _, date in found.values()]) and not any(
        # (a day written with its year's four digits is no section's number: "31.3.2026", "31.3.2025", … of yearly
        # reports, "1.1.2026", "1.2.2026", … of a monthly letter, oldest first; review, s40)
        date[:4] in items.box(first_anchor[key]).get_text(" ") + url
        for key, (url, _, date) in found.items()
        if date
    ):  # (a wrong date is worse than none)
        found = {key: (url, title, "") for key, (url, title, _) in found.items()}
    if lang != declared and _one_day_of_months(
        [(date, items.box(first_anchor[key]).get_text(" ")) for key, (_, _, date) in found.items()]
    ):
        found = {key: (url, title, "") for key, (url, title, _) in found.items()}
    links = [
        Link(url=url, title=title, published=date, stamp=instant(date) + "|" + _stamp(title))  # (instant: in UTC)
        for url, title, date in found.values()
    ]
    return _finish(links, base_url, source)


def _events_listed(candidates: list[tuple[Tag, str]], items: _Items) -> int:
    """How many of a listing's items are dated as events: by a range of days, or by a day after tomorrow."""
    since = items.now.isoformat()
    return len(
        {
            id(items.box(a))
            for a, _ in candidates
            if id(items.box(a)) in items.ranged or ((date := items.date(a)) and not not_after(date, 1, since))
        }
    )


def _one_day_of_months(dated: list[tuple[str, str]]) -> bool:
    """Whether a listing's slash dates, read day-first by its time zone where the page did not say the order (an
    English page of a European newsroom: ``links_from_listing``), may be month-first ones: three or more, every one
    written with a slash and read as one day of several months ("12/3/2026", "12/2/2026", "12/1/2026": the 12th of
    March, February and January, or 3, 2 and 1 December as an American template writes them). Either reading is a
    list (a monthly letter's, a day's news), and a wrong date is worse than none."""
    days = [date[:10] for date, said in dated if date]
    if len(days) < 3 or not all(SLASH_DATE.search(said) for date, said in dated if date):
        return False
    return len({day[8:] for day in days}) == 1 and int(days[0][8:]) <= 12 and len({day[5:7] for day in days}) > 1


def _numbering(dates: list[str]) -> bool:
    """Whether a listing's "dates", in its order, are its items' section numbers, not days: "4.1.10 Kokouksen
    päätökset", "4.1.11 …", "4.1.12 …" read as 4 January 2010, 2011, 2012; "4.1. Johdanto", "4.2. Tavoitteet" as
    4 January, 4 February. Three dated items or more, every one on one day: of one month, each in another year, the
    years close together (a numbered run, some numbers left out); or of one year, the months counting up down the
    list (a news list's count down, newest first). A list of days ("9.11.25", "8.11.25", "5.11.25") is dated."""
    days = [date[:10] for date in dates if date]
    if len(days) < 3 or len({day[8:10] for day in days}) != 1:
        return False
    years, months = [int(day[:4]) for day in days], [int(day[5:7]) for day in days]
    if len(set(months)) == 1:
        return len(set(years)) == len(years) and max(years) - min(years) < 2 * len(years)
    return len(set(years)) == 1 and all(one < other for one, other in itertools.pairwise(months))


# A link to a listing's next, older page, as newsrooms label it (its text, aria-label or title): a word of these
# ("Next page ›", "Vanhemmat artikkelit", "← Äldre inlägg", "Go to next page"), or a bare arrow in a pager; never one
# that says the last, first or newer page ("Viimeinen sivu »" is the pager's end: the pages between would be skipped).
_NEXT_WORD = re.compile(
    r"\b(?:next|older|more news|seuraava|seuraavat|vanhemmat|nästa|äldre|naslednja|naprej|starejše)\b", re.I
)
_NOT_NEXT = re.compile(
    r"\b(?:last|first|previous|prev|newer|viimeinen|ensimmäinen|edellinen|uudemmat|sista|första|föregående|nyare"
    r"|zadnja|prva|prejšnja|nazaj|novejše|read|preberi|beri)\b",  # (read on: "Preberi naprej", "Read next")
    re.I,
)
_ARROW = re.compile(r"^[›»→>]{1,2}$")
_PAGE_PARAMETER = re.compile(
    r"(?:[?&;](?:page|paged|p|sivu|sida|stran|pg|pagenumber|pageindex)=(\d+)|/(?:page|stran)/(\d+))", re.I
)
_FEED_NEXT = re.compile(rb"<(?:atom:)?link\b[^>]*\brel\s*=\s*[\"']next[\"'][^>]*>", re.I)
_HREF = re.compile(rb"\bhref\s*=\s*[\"']([^\"']+)[\"']", re.I)


# WordPress's feeds name their generator so (RSS: <generator>https://wordpress.org/?v=6.7</generator>; Atom: its uri;
# WordPress.com's: http://wordpress.com/).
_WORDPRESS_FEED = re.compile(rb"<generator\b[^>]*?(?:>\s*|\buri\s*=\s*[\"'])https?://wordpress\.(?:org|com)/", re.I)


def next_feed_page(content: bytes, headers: dict[str, str], url: str) -> str:
    """A feed's next, older page, where it names one (RFC 5005: ``<link rel="next">``, in RSS as atom:link); else a
    WordPress feed's, which names none but serves its older items at ``?paged=2``, 3, … (a page past its last
    answers 404, which ends the reading)."""
    head = content[:200_000]
    m = _FEED_NEXT.search(head)
    href = _HREF.search(m.group()) if m else None
    if href:
        return _joined(url, html.unescape(href.group(1).decode("utf-8", "replace")))
    if not _WORDPRESS_FEED.search(head):
        return ""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    now = next((value for key, value in query if key == "paged"), "1")
    if not now.isdigit():
        return ""
    # The query as written, but for its page: a bare "?feed" stays "?feed" (review, s38: "?feed=&paged=2" may be
    # read by WordPress as no feed, a page of HTML).
    others = "&".join(part for part in parts.query.split("&") if part and part.split("=", 1)[0] != "paged")
    paged = f"paged={int(now) + 1}"
    return urlunsplit(parts._replace(query=f"{others}&{paged}" if others else paged))


def next_listing_page(content: bytes, headers: dict[str, str], url: str) -> str:
    """An HTML listing's next, older page: the one it names ``rel="next"``; else its link to the page after this one
    by a page parameter (``?page=2``, ``/page/2/``, labelled with that number or nothing); else the pager's link
    labelled with the number after the current page's (a zero-based ``?page=1`` labelled "2"); else a link labelled
    so ("Next", "Seuraava", "Nästa", "Older posts"; a bare "»" only in a pager, and none that says the last page)
    that stays on the listing or stands in its pager. A teaser's "»" (read more) is none. "" where none is found."""
    soup = BeautifulSoup(decode_html(content, headers), "lxml")
    page_base = _page_base(soup, url)
    host = urlsplit(url).hostname

    def address(el: Any) -> str:
        found = _joined(page_base, str(el.get("href") or "")) if el is not None and el.get("href") else ""
        return (
            found if found and urlsplit(found).hostname == host and normalize_url(found) != normalize_url(url) else ""
        )

    for el in soup.find_all(["link", "a"], rel=True, href=True):
        rel = el.get("rel")
        rels = [str(r).lower() for r in rel] if isinstance(rel, list) else str(rel).lower().split()
        if "next" in rels and (found := address(el)):
            return found
    anchors = soup.find_all("a", href=True)
    now = _page_number(url)
    after = str(int(now) + 1) if now else "2"
    for a in anchors:
        numbered = _page_number(str(a.get("href") or "")) == after and a.get_text(strip=True) in (after, "")
        if numbered and (found := address(a)):
            return found
    label_after = _page_label_after(soup) or ("2" if not now else "")
    for a in anchors:
        labelled = bool(label_after) and a.get_text(strip=True) == label_after
        if labelled and _page_number(str(a.get("href") or "")) and (found := address(a)):
            return found
    # An item's own address, linked from its headline too: a "read on" beside it is no next page (review, s40).
    worded: dict[str, set[str]] = {}
    for a in anchors:
        worded.setdefault(str(a.get("href") or ""), set()).add(" ".join(a.get_text(" ", strip=True).split()))
    for a in anchors:
        text = " ".join(a.get_text(" ", strip=True).split())
        label = " ".join(" ".join(str(a.get(attr) or "") for attr in ("aria-label", "title")).split())
        said = f"{label} {text}"
        if _NOT_NEXT.search(said) or _headline_linked(worded[str(a.get("href") or "")] - {"", text}):
            continue
        if not (found := address(a)):
            continue
        if _NEXT_WORD.search(said) and (_in_pager(a) or _same_listing(found, url)):
            return found
        if _ARROW.match(text.strip(" .:")) and not label and _in_pager(a):
            return found
    # A load-more link or button ("Näytä lisää", "Load more", "Visa fler"): its address (href, or a button's data-url
    # its script reads) to this listing's page after this one by number; not a teaser's "Lue lisää".
    loaders = [el for k in _LOAD_ATTRIBUTES for el in soup.find_all(True, attrs={k: True})]
    for el in anchors + loaders:
        target = next((str(el.get(k) or "") for k in (*_LOAD_ATTRIBUTES, "href") if el.get(k)), "")
        said = " ".join(f"{el.get_text(' ', strip=True)} {el.get('aria-label') or ''}".split())
        if not target or len(said) > 40 or not _LOAD_MORE.search(said) or _page_number(target) != after:
            continue
        found = _joined(page_base, target)
        if found and urlsplit(found).hostname == host and _same_listing(found, url):
            return found
    return ""


def _headline_linked(others: set[str]) -> bool:
    """Whether other links to an address say more than a pager's words ("Next", "»", "2"): an item's headline (its
    "read on" is no next page; a pager's "Seuraava" and "»" to one page are)."""
    return any(not (_NEXT_WORD.search(t) or _ARROW.match(t.strip(" .:")) or t.isdigit()) for t in others)


_LOAD_MORE = re.compile(
    r"\b(?:(?:näytä|lataa|hae|katso|ladda|visa|hämta|load|show|view|see|get)\s+(?:lisää|enemmän|fler|mer|more)"
    r"|(?:prikaži|naloži)\s+več|lisää uutisia|fler nyheter|več novic|more (?:news|posts|articles|releases|items))\b",
    re.I,
)
_LOAD_ATTRIBUTES = ("data-url", "data-href", "data-next", "data-next-url", "data-next-page", "data-load-more-url")


def _page_label_after(soup: Any) -> str:
    """The number after the one a pager marks as the current page (``aria-current``, or a class "active",
    "current" or "selected" on it or its item), "" where none is marked."""
    for el in soup.find_all(attrs={"aria-current": True}) + soup.find_all(class_=_CURRENT):
        text = el.get_text(strip=True)
        if text.isdigit() and len(text) <= 4:
            return str(int(text) + 1)
    return ""


def _page_number(address: str) -> str:
    """The page number an address gives by a page parameter (``?page=3``, ``/page/3/``), "" where none."""
    m = _PAGE_PARAMETER.search(address)
    return next(g for g in m.groups() if g) if m else ""


_CURRENT = re.compile(r"^(?:active|current|is-active|is-current|selected|current-page|pager__item--current)$")


# An element that holds a pager, by one of its class names, its id or its aria-label: not any name with "pag" in it
# ("page-content" holds the whole listing, teasers and their "»" included).
_PAGER = re.compile(
    r"^(?:pager\S*|pagination\S*|\S*-pagination|paging\S*|page-?nav\S*|nav-links|page-numbers|wp-pagenavi|pages"
    r"|sivutus\S*|sidnavigering|paginacija|navigation pagination)$",
    re.I,
)


def _in_pager(a: Any) -> bool:
    """Whether a link stands in a listing's pager: it, or an element around it (three levels), is named so."""
    el = a
    for _ in range(4):  # (the link, its item, the list, the pager's nav)
        if el is None or not hasattr(el, "get"):
            return False
        values = [el.get(k) for k in ("class", "id", "aria-label")]
        names = [n for v in values for n in (v if isinstance(v, list) else str(v or "").split())]
        if any(_PAGER.match(n) for n in names) or _PAGER.match(str(el.get("aria-label") or "")):
            return True
        el = el.parent
    return False


def _same_listing(found: str, url: str) -> bool:
    """Whether an address is the listing's own with another page: the same path with other parameters, or a page
    under it (``/news/page/2/``, ``/news/2``)."""
    path = urlsplit(found).path.rstrip("/")
    own = _PAGE_TAIL.sub("", urlsplit(url).path.rstrip("/"))  # (from /news/page/2, page 3 is the listing's)
    return path == own or path.startswith(own + "/") and bool(_PAGE_TAIL.fullmatch(path[len(own) :]))


_PAGE_TAIL = re.compile(r"/(?:page/|sivu/|sida/|stran/)?\d+$", re.I)


def _page_base(soup: Any, url: str) -> str:
    """The address a page's relative links are read against: its ``<base href>``, else its own."""
    base = soup.find("base", href=True)
    return (_joined(url, str(base["href"])) or url) if base else url


_MONTH_FIRST = re.compile(r"(?<![\d/])(?:0?[1-9]|1[0-2])/(?:1[3-9]|2\d|3[01])/(?:19|20)?\d\d\b")  # "11/25/2026"


def _page_language(soup: BeautifulSoup) -> str:
    return str(soup.html.get("lang") or "") if soup.html else ""


def _same_page(url: str, listing_url: str) -> bool:
    parts, listing = urlsplit(url), urlsplit(listing_url)
    return (parts.path.rstrip("/"), parts.query) == (listing.path.rstrip("/"), listing.query)


def _looks_like_article(url: str, listing_url: str) -> bool:
    """Heuristic for listings without a selector: a slug with words, a long number, or an id parameter (a number
    or a UUID)."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if _same_page(url, listing_url) or re.search(r"\.(jpe?g|png|gif|svg|css|js|zip|pdf)$", path, re.I):
        return False
    last = path.rsplit("/", 1)[-1]
    return (
        last.count("-") >= 2
        or bool(re.search(r"\d{3,}", last))
        or bool(re.search(r"(^|&)\w*id=(?:\d|[0-9a-f]{8}-[0-9a-f]{4}-)", parts.query, re.I))
    )


ITEM_DEPTH = 16  # a link's item is at most this many elements above it (each element's links are indexed so far up)
UPCOMING_DAYS = 90  # a day without its year this far ahead is an event's to come, not last year's release
LIST_ITEMS = 3  # links of one shape that make a list of releases, at least
HEADLINE_WORDS = 2  # a link's text of this many words (and HEADLINE_CHARS letters), or of HEADLINE_LONG, reads as
HEADLINE_CHARS = 12  # a headline ("Joulutori avautuu"), not a "Lue lisää" or an author's name alone
HEADLINE_LONG = 20
_NO_PAGE = re.compile(r"\.(?:css|js|docx?|xlsx?|pptx?)$", re.I)  # (beside _MEDIA_FILE's pictures and sounds)


@dataclass
class _Links:
    """The links an element holds: the addresses of its headlines of four words or more (``strict``) and of any
    headline's length (``loose``), and by the tags from each link up to it and whether it reads as a headline."""

    strict: set[str]
    loose: set[str]
    alike: dict[tuple[int, bool], set[str]]  # (the tags from the link up, hashed; a headline or not): addresses


_FOUR_DIGITS = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")  # a date's year written whole


def _date_alone(text: str, lang: str, now: datetime | None = None) -> str:
    """The date a short text states alone ("3.12.2026", "Julkaistu 3. joulukuuta 2026", "ti 3.12.2026 klo 14.05"),
    or "" (one without its year read as at ``now``: ``_yearless``)."""
    if len(text) > 40 or len(re.findall(r"[^\W\d_]{3,}", text)) > 3:
        return ""
    return _listed_date(text, lang, now)


_ADDRESS_DAY = re.compile(
    r"/((?:19|20)\d\d)/([01]\d)/([0-3]\d)/"  # WordPress's
    r"|/((?:19|20)\d\d)-([01]\d)-([0-3]\d)(?=[-_./]|$)"  # a file or folder named by its day, Jekyll's and others'
)


def _day_in_address(url: str) -> str:
    """The day a permalink states ("/2026/11/27/foster-carers-celebrated/", WordPress's; "/2026-11-27-foster-carers
    .html"), or ""."""
    if m := _ADDRESS_DAY.search(urlsplit(url).path):
        day = "-".join(part for part in m.groups() if part)
        with contextlib.suppress(ValueError):
            return datetime.fromisoformat(day).date().isoformat()
    return ""


def _a_day_apart(one: str, other: str) -> bool:
    """Whether two dates (ISO, a moment or a day) fall on days next to each other."""
    try:
        gap = datetime.fromisoformat(one[:10]) - datetime.fromisoformat(other[:10])
    except ValueError:
        return False
    return abs(gap.days) == 1


def _said(node: Any) -> str:
    """An element's or a text's words, as a reader sees them."""
    return node.get_text(" ", strip=True) if isinstance(node, Tag) else str(node).strip()


def _date_form(text: str) -> str:
    """How a date is written, its numbers and words set aside ("0.0.0", "W 0.0.0" for "Päivitetty 1.12.2026"):
    a list's dates are written alike."""
    form = re.sub(r"[^\W\d_]{4,}", "W", re.sub(r"\b[^\W\d_]{1,3}\b\.?", "", re.sub(r"\d+", "0", text)))
    return " ".join(form.split())


def _listed_date(text: str, lang: str, now: datetime | None = None) -> str:
    """The date a listing's text gives, with its year or without one (``_yearless``, as at ``now``)."""
    return parse_date(text, lang=lang) or _yearless(text, lang, now)


def _range_start(text: str, year: int) -> str:
    """The first day of a range of days a short text gives, an event's ("3.–5.12.2026", "3–5 December 2026"; with
    no year, "3.–5.12.", this year's), or ""."""
    if len(text) > 60:
        return ""
    if (start := date_range(text)[0]) or _FOUR_DIGITS.search(text):
        return start
    return date_range(with_year(text, year))[0] or date_range(f"{text} {year}")[0]  # ("28.11.–1.12.": its end's)


def _yearless(text: str, lang: str, now: datetime | None = None) -> str:
    """The day a text without its year gives ("ke 2.12.", "2 December"): the last such day no later than tomorrow,
    as a news list shows its latest releases; but this year's where it is at most UPCOMING_DAYS ahead, as an events
    calendar shows its days to come (which then make it one). Tomorrow and the year are ``now``'s: the moment the
    listing is read, in its newsroom's zone (``_Items.now``: "1.1." read at 00:30 on New Year's Day in Helsinki is
    that day, not UTC's 1 January of the year before); the machine's clock where none is given."""
    today = now or datetime.now(UTC)
    if _range_start(text, today.year):  # ("29 October – 1 November 2026": an event's days, not its first, yearless)
        return ""
    since = today.replace(tzinfo=None).isoformat()  # (its day as the newsroom's, whatever its zone)
    ahead = parse_date(with_year(text, today.year), lang=lang)  # an events calendar's "ti 10.12." in December
    if ahead and not not_after(ahead, 1, since) and not_after(ahead, UPCOMING_DAYS, since):
        return ahead
    return yearless_before(text, since, lang)


def _addresses_within(node: Any) -> int:
    """How many addresses the links within one of an item's parts lead to: a list's many, a release's part one or
    two (its picture and headline lead to the release; a line of its department's and a tag's links)."""
    if not isinstance(node, Tag) or node.name == "a":
        return 1
    return len({str(a["href"]).strip() for a in node.find_all("a", href=True, limit=12)})


def _published_of_two(dates: set[str], said: str, lang: str, now: datetime | None = None) -> tuple[str, bool]:
    """Of an item's two dates, where a word says one is its update: the publication's, and whether words say so
    ("Julkaistu 18.6.2021 Päivitetty 21.6.2021", "Luotu … Muokattu …", "Published 3 Dec 2026 · Last updated 4 Dec
    2026"). Where none names the other (an event's or a deadline's day beside an update, "Koulutus 10.11.2026 ·
    Päivitetty 21.11.2026"), the earlier, not for sure: it tells a dated list, and gives no release its day (a wrong
    date is worse than none). Two dates and no update word: none."""
    if len(dates) != 2 or not UPDATE_WORD.search(said):
        return "", False
    if _names_publication(said):
        fetched = (now or datetime.now(UTC)).replace(tzinfo=None).isoformat()
        published, updated = dateline_dates(said, lang, fetched=fetched)
        if published in dates and (not updated or {published, updated} == dates):  # (an update before it is none)
            return published, True
    return min(dates), False


def _names_publication(said: str) -> bool:
    """Whether an item's text has a word for its publication's date: PUBLISH_WORD's, or one a listing uses."""
    return bool(PUBLISH_WORD.search(said) or _CREATED.search(said))


# The words that name a publication's date beside an update's in a listing's item, beside PUBLISH_WORD's.
_CREATED = re.compile(r"\b(?:julkaisupäivä|julkaisuaika|luotu|skapad|skapat|publiceringsdatum|datum|date|pvm)\b", re.I)


# The words of a class, itemprop or id that name a date or its parts ("post-date", "entry__day", "pvm", "datum",
# "dan"); whole words, so that "standard" or "holiday" is none.
_DATE_WORDS = frozenset(
    {"date", "dates", "day", "days", "month", "months", "year", "time", "datetime", "pvm", "paiva", "päivä"}
    | {"päivämäärä", "datum", "dag", "månad", "dan", "mesec", "leto"}
)


def _marked_as_date(el: Tag) -> bool:
    """Whether an element, or one inside it, is named for a date or its parts (class, itemprop or id: ``date``,
    ``day``, ``month``, ``pvm``, ``datum``, ``dan``…)."""
    for one in (el, *el.find_all(True, limit=12)):
        named = " ".join(str(v) for key in ("class", "itemprop", "id") for v in _as_list(one.get(key)))
        words = re.findall(r"[^\W\d_]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", named).lower())  # (postDate: post, date)
        if any(word in _DATE_WORDS or word.endswith("date") for word in words):
            return True
    return False


def _as_list(value: object) -> list[object]:
    return [] if value is None else list(value) if isinstance(value, (list, tuple)) else [value]


def _read_badge(el: Tag, box: Tag, own_link: bool, lang: str, now: datetime | None = None) -> str:
    """The day ``el``'s two to four short texts give read together (a badge: ``_Items._badge``); "" for none."""
    parts = [t.strip() for t in el.find_all(string=True, limit=8) if t.strip()]
    if not 2 <= len(parts) <= 4 or any(len(p) > 12 for p in parts) or len(" ".join(parts)) > 30:
        return ""
    if el.name in _HEADINGS or el.find_parent(_HEADINGS) is not None:
        return ""
    if not own_link and box.name != "a" and (el.name == "a" or el.find_parent("a") is not None):
        return ""
    numbers = [p.rstrip(".") for p in parts]
    if all(n.isdigit() for n in numbers):  # ("3", "12", "2026": day, month and year)
        if len(numbers) > 3 or len(numbers[-1]) not in (1, 2, 4) or any(len(n) > 2 for n in numbers[:-1]):
            return ""
        if len(numbers[-1]) != 4 and not _marked_as_date(el):  # (two counters, "3" views and "10" comments, are no
            return ""  # 3 October: without its year, only where the page marks the numbers a date; review, s40)
        said = ".".join(numbers) + ("." if len(numbers) == 2 else "")
    else:
        said = " ".join(parts)
    return _listed_date(said, lang, now)


def _badge_day(box: Tag, own_link: bool, lang: str, now: datetime | None = None) -> str:
    """The day a date badge gives, its parts in elements of their own (``<span class="day">3</span><span
    class="month">joulu</span>``, "3", "12", "2026"): the element up to two above a short text with a number
    whose two to four short texts read together as a day; "" where none does."""
    tried: set[int] = set()
    for text in box.find_all(string=True):
        said = text.strip()
        if not said or len(said) > 12 or not any(c.isdigit() for c in said):
            continue
        el = text.parent
        for _ in range(2):  # (the number's element, and the badge around it)
            if el is None or id(el) in tried:
                break
            tried.add(id(el))
            if (date := _read_badge(el, box, own_link, lang, now)) or el is box:
                return date
            el = el.parent
    return ""


class _Items:
    """A listing's links and the items they stand in, each item's date read once.

    A link's item is the largest element around it that holds no other item's link: no other headline link of four
    words or more (an author's or a category's name is none), no other link set as it is (the same tags up to that
    element, a headline's text or not: the next card's, row's or list item's), and not three other headline-long
    links (a list beside a featured first item). So a card's `<h3><a>` has the card, a table's link its row, a
    WordPress post's title its `<article>`, and a page-wide wrapper around a list is no link's item.

    Its date: its first <time>, else the one date its short texts give (with a year before one without); where it
    states none, a date standing alone beside it in a list of such dates (a table's or a `<dl>`'s date cell, a
    `<p class="date">` by a heading, a date heading over a group of items: `<h3>3.12.2026</h3><ul>…`; ``_beside``),
    up to its group and the group's wrapper."""

    def __init__(self, page_base: str, lang: str, zone: str = "") -> None:
        self.lang, self.page_base = lang, page_base
        self.now = now_in(zone)  # (the newsroom's day: "Eilen" read at 01:00 in Helsinki is its day before)
        self.dates: dict[int, tuple[str, bool]] = {}
        self.boxes: dict[int, Tag] = {}
        self.before: dict[int, dict[int, str]] = {}  # element -> its children's dates standing beside them
        self.inherited: set[int] = set()  # items dated by what stands beside them, not by their own <li>
        self.stating: dict[int, int] = {}  # (``_beside``: each item given a date -> the element stating it)
        self.own: set[int] = set()  # releases' own <li>, <tr>, <dd> or <article> whose one date is their parts'
        self.rough: set[int] = set()  # items whose date is a rough day back ("2 päivää sitten"): a list's, not theirs
        self.ranged: set[int] = set()  # items dated only by a range of days ("3.–5.12.2026"): an event's, no release's
        self.titled: set[int] = set()  # (of those, the items whose ranges all stand in their link's text: a headline's)
        self.inside: dict[int, _Links] = {}  # element -> the links it holds (``_index``)
        self.indexed = False

    def box(self, a: Tag) -> Tag:
        """A link's item (see the class)."""
        if id(a) not in self.boxes:
            self._index(a)
            own, loose = self._own(a), _headline(a.get_text(" ", strip=True))
            box, chain = a, hash(a.name)  # (chain: the tags from the link up to the element asked, hashed)
            for el in itertools.islice(a.parents, ITEM_DEPTH):
                if not isinstance(el, Tag) or el.name in ("body", "html", "[document]"):
                    break
                held = self.inside.get(id(el))
                if held is not None and (
                    held.strict - {own}
                    or held.alike.get((chain, loose), {own}) - {own}
                    or len(held.loose - {own}) >= LIST_ITEMS
                ):
                    break
                box, chain = el, hash((chain, el.name))
                if el.name in _ITEMS:
                    break  # (not the list around a day's one release: its items are the list's, as on other days)
            self.boxes[id(a)] = box
        return self.boxes[id(a)]

    def date(self, a: Tag) -> str:
        """The date a listing gives beside a link (see the class); "" for none."""
        box = self.box(a)
        if id(box) not in self.dates:
            date, timed = self._date(box)
            event = "" if timed or id(box) not in self.titled else date
            if event:  # its headline's range of days ("Teden mobilnosti 16.–22.9.2026"): a date beside it, a <dt>'s,
                self.ranged.discard(id(box))  # is the release's day; the range is its topic's (none: an event's)
                self.rough.discard(id(box))
                date = ""
            if not date and (date := self._date_before(box)) and not any(id(el) in self.own for el in box.parents):
                self.inherited.add(id(box))  # (not a date its own <li> states beside it: the release's own)
            if event and not date:
                date = event
                self.ranged.add(id(box))
                self.rough.add(id(box))
            self.dates[id(box)] = (date, timed)
        date, timed = self.dates[id(box)]
        if not timed and box is a and self._other_headlines(box, self._own(a)):
            return ""  # (a link holding other headlines: a whole-card link around a list)
        return date

    def stated(self, a: Tag) -> str:
        """The date to give a link's release: its item's (``date``), but a rough day back (that one tells a dated
        list from a menu, and no release's day: a wrong date is worse than none)."""
        date = self.date(a)
        return "" if id(self.box(a)) in self.rough else date

    def _own(self, a: Tag) -> str:
        return _joined(self.page_base, str(a["href"])) if a.has_attr("href") else ""

    def _other_headlines(self, el: Tag, own: str) -> bool:
        """Whether ``el`` holds a headline link (four words or more) to another address than ``own``."""
        return bool(self._inside(el).strict - {own})

    def _index(self, a: Tag) -> None:
        """Read once, for every element, the links it holds (see ``_Links``): one pass over the page's links and
        their ancestors, so that deep pages cost what their links' depth does, not its square."""
        if self.indexed:
            return
        self.indexed = True
        root = next((el for el in a.parents if el.parent is None), a)
        for x in root.find_all("a", href=True):
            text, address = x.get_text(" ", strip=True), self._own(x)
            strict, loose = _headline(text, strict=True), _headline(text)
            chain = hash(x.name)
            for up in itertools.islice(x.parents, ITEM_DEPTH):
                held = self.inside.setdefault(id(up), _Links(set(), set(), {}))
                if strict:
                    held.strict.add(address)
                if loose:
                    held.loose.add(address)
                held.alike.setdefault((chain, loose), set()).add(address)
                chain = hash((chain, up.name))

    def _inside(self, el: Tag) -> _Links:
        self._index(el)
        return self.inside.get(id(el)) or _Links(set(), set(), {})

    def _date(self, box: Tag) -> tuple[str, bool]:
        """An item's date, and whether a <time> gave it."""
        time_el = box if box.name == "time" else box.find("time")
        if time_el is not None:  # (WordPress's "published" before its "updated")
            shown = time_el.get_text(" ", strip=True)
            moment = parse_date(str(time_el.get("datetime") or shown), lang=self.lang)
            if not moment and not time_el.get("datetime"):  # (its text alone, without its year: "3 Dec")
                moment = _yearless(shown, self.lang, self.now)
            day = _date_alone(shown, self.lang, self.now) if "T" in str(time_el.get("datetime") or "") else ""
            if moment and day and _a_day_apart(moment, day):
                return day, True  # a moment stated in UTC (Drupal's), shown on the newsroom's own day
            if moment and _range_start(shown, self.now.year):  # (an event's days, its start's <time>)
                self.ranged.add(id(box))
                self.rough.add(id(box))
            return moment, True
        stated: set[str] = set()
        whole: set[str] = set()  # the dates of these written with their year's four digits
        yearless: set[str] = set()  # (a deadline's "Haku päättyy 15.1." beside the item's own "28.11.2026")
        short: list[str] = []  # its short texts, labels too ("Päivitetty", "2.12.2026")
        rough: set[str] = set()  # days it gives only roughly ("2 päivää sitten": sites round them)
        ranged: set[str] = set()  # the first days of the ranges of days it gives (an event's: "3.–5.12.2026")
        outside = False  # whether one of those stands outside a headline link's text (an event's own days)
        own_link = _addresses_within(box) == 1  # (its links all the release's: a card's link around its date too)
        for text in box.find_all(string=True):
            said = text.strip()
            if not said or text.find_parent(_HEADINGS) is not None:  # ("2.12.")
                continue
            if len(said) > 40 and not (len(said) <= 80 and UPDATE_WORD.search(said) and _names_publication(said)):
                continue  # (not a dateline of both: "Published 18 November 2026 · Last updated 21 November 2026")
            if box.name == "a" or own_link or text.find_parent("a") is None:
                short.append(said)
                if len(said) < 4:
                    continue
                if len(said) > 40:  # (its publication's date: not a teaser's "Timetables updated from 21 November")
                    if published := dateline_dates(said, self.lang)[0]:
                        stated.add(published)
                    elif published := dateline_dates(
                        said, self.lang, fetched=self.now.replace(tzinfo=None).isoformat()
                    )[0]:
                        yearless.add(published)  # ("Julkaistu 3.12. klo 14.05 | Päivitetty 4.12.")
                elif date := parse_date(said, lang=self.lang):
                    stated.add(date)
                    if _FOUR_DIGITS.search(said):
                        whole.add(date)
                elif date := _yearless(said, self.lang, self.now):
                    yearless.add(date)
                elif (near := relative_day(said, self.now))[0]:
                    yearless.add(near[0])
                    if not near[1]:
                        rough.add(near[0])
                elif start := _range_start(said, self.now.year):
                    ranged.add(start)
                    link = text.find_parent("a")  # (a headline link's whole text: not a card link's part)
                    outside = outside or link is None or link.get_text(" ", strip=True) != said
                if len(stated) > 2:
                    return "", False
        if len(stated) > 1 and whole:  # ("4.1.10 Kokouksen päätökset", a section's number, beside "28.11.2026")
            stated &= whole
        if not stated and not yearless and ranged:  # an event's days alone: they tell an events calendar, no release
            self.ranged.add(id(box))  # its day (the release's own date, "Objavljeno 1.12.2026", beside them would)
            self.rough.add(id(box))
            if not outside:
                self.titled.add(id(box))
            return min(ranged), False
        if not stated and not yearless and (badge := _badge_day(box, own_link, self.lang, self.now)):
            stated.add(badge)  # (the day as read: its year, or the latest such day, as a text without one)
        if len(stated) == 1:
            return stated.pop(), False
        if not stated and len(yearless) == 1:
            if (date := yearless.pop()) in rough:
                self.rough.add(id(box))
            return date, False
        date, sure = _published_of_two(stated or yearless, " ".join(short), self.lang, self.now)
        if date and not sure:
            self.rough.add(id(box))
        return date, False

    def _date_before(self, box: Tag) -> str:
        """The date standing alone beside an undated item (``_beside``): among its siblings, else its group's, else
        the group's wrapper's."""
        el: Tag | None = box
        for _ in range(3):  # the item, its group, the group's wrapper
            if el is None or el.parent is None or el.parent.name in ("body", "html", "[document]"):
                break
            beside = self._beside(el.parent)
            if date := beside.get(id(el), ""):
                if id(el) in self.rough:  # (a rough day back beside it: its list's, no day of its own)
                    self.rough.add(id(box))
                if id(el) in self.ranged:
                    self.ranged.add(id(box))
                self.stating[id(box)] = self.stating.get(id(el), 0)
                return date
            el = el.parent
        return ""

    def _beside(self, parent: Tag) -> dict[int, str]:
        """The dates standing alone among ``parent``'s children, given to the items among them (read once).

        Only a list of them: two items or more of one tag and two dates or more written alike ("28.11.2026" beside
        "20.11.2026", not the page's "Päivitetty 1.12.2026"); other children (a feed's link, an undated featured
        headline, a teaser) stand between them. Dates before their items (a date heading over its group, a
        `<dt>`) or after them, as more of the list's dates sit right before an item or right after one; where as
        many do both, neither: a wrong date is worse than none. Within one release's own `<li>`, `<tr>` or
        `<article>`, its one date is its parts'."""
        if id(parent) not in self.before:
            given: dict[int, str] = {}
            self.before[id(parent)] = given
            # (child, "item", its date's form, or "" for other text; its date)
            sequence: list[tuple[Any, str, str]] = []
            rough: set[int] = set()  # the children stating a rough day back
            ranged: set[int] = set()  # the children stating a range of days, an event's
            for node in parent.children:
                if isinstance(node, Tag) and (
                    node.name == "a" and node.has_attr("href") or node.find("a", href=True) is not None
                ):
                    sequence.append((node, "item", ""))
                elif (isinstance(node, Tag) or type(node) is NavigableString) and (said := _said(node)):
                    date = _date_alone(said, self.lang, self.now)
                    if not date and (near := relative_day(said, self.now))[0]:
                        date = near[0]
                        if not near[1]:  # ("2 päivää sitten": a dated list's, no release's own day)
                            rough.add(id(node))
                    if not date and (date := _range_start(said, self.now.year)):
                        rough.add(id(node))  # (an event's days: an events calendar's, no release's day)
                        ranged.add(id(node))
                    form = "range" if id(node) in ranged else _date_form(said) or said.casefold()  # ("i går")
                    sequence.append((node, date and form, date))  # (an events calendar's ranges, however written)
            tags = Counter(node.name for node, kind, _ in sequence if kind == "item" and isinstance(node, Tag))
            forms = Counter(kind for _, kind, _ in sequence if kind and kind != "item")
            if not tags or not forms:
                return given
            (tag, items), (form, dates) = tags.most_common(1)[0], forms.most_common(1)[0]
            if (
                parent.name in _ITEMS
                and len(forms) == 1
                and dates == 1
                and not any(kind == "item" and _addresses_within(node) > 2 for node, kind, _ in sequence)
            ):
                # One release's own <li>, <tr> or <article> (its picture, headline, department, tags, "Lue lisää";
                # not a page-wide <article> whose list is one of its parts, under the page's "Päivitetty"): its
                # date, wherever it stands among its parts.
                node, date = next((node, date) for node, kind, date in sequence if kind == form)
                items_here = [item for item, kind, _ in sequence if kind == "item"]
                given.update((id(item), date) for item in items_here)
                self.rough.update(id(item) for item in items_here if id(node) in rough)
                self.ranged.update(id(item) for item in items_here if id(node) in ranged)
                self.own.add(id(parent))
                return given
            if items < 2 or dates < 2:
                return given
            kinds = [
                "item" if kind == "item" and getattr(node, "name", "") == tag else "date" if kind == form else ""
                for node, kind, _ in sequence
            ]
            pairs = list(zip(kinds, kinds[1:], strict=False))
            before, after = pairs.count(("date", "item")), pairs.count(("item", "date"))
            if before == after:
                return given
            current, last, by = "", None, 0
            for (node, _, date), kind in zip(sequence, kinds, strict=True):
                if kind == "date":
                    if before > after:
                        current, by = date, id(node)
                    elif last is not None and id(last) not in given:
                        given[id(last)], self.stating[id(last)] = date, id(node)
                        if id(node) in rough:
                            self.rough.add(id(last))
                        if id(node) in ranged:
                            self.ranged.add(id(last))
                    last = None
                elif kind == "item":
                    if before > after:
                        given[id(node)], self.stating[id(node)] = current, by  # (a date heading's group shares it)
                        if by in rough:
                            self.rough.add(id(node))
                        if by in ranged:
                            self.ranged.add(id(node))
                    else:
                        last = node
                else:  # other text between a date and an item: a teaser's, a byline's, a "Tänään" heading
                    current, last = "", None
        return self.before[id(parent)]

    def shape(self, a: Tag) -> tuple[tuple[str, str], ...]:
        """A link's place as a list sets it (``_shape``)."""
        return _shape(a, self.box(a))


_HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
_ITEMS = ("li", "tr", "dd", "article")  # elements that are an item of a list by their tag


def _shape(a: Tag, box: Tag) -> tuple[tuple[str, str], ...]:
    """A link's place as a list sets it: the tags from it up to its item, then the item's container and the one
    around that with their first class (`ul.news-list`): not the item's own classes, which a list varies
    (`odd`/`even`, `featured`, WordPress's `post-123`)."""
    chain = [el for el in a.parents if isinstance(el, Tag) and el.name not in ("html", "[document]")]
    shape: list[tuple[str, str]] = [(a.name, "")]
    up = 0
    if box is not a:
        for el in chain:
            shape.append((el.name, ""))
            up += 1
            if el is box:
                break
    for el in chain[up : up + 2]:
        if el.name == "body":
            break
        classes: list[str] = list(el.get("class") or [])
        shape.append((el.name, str(classes[0]) if classes else ""))
    return tuple(shape)


def _headline(text: str, strict: bool = False) -> bool:
    """Whether a link's text reads as a headline ("Joulutori avautuu"), not a "Lue lisää" or a name alone;
    ``strict``: four words or more, or 30 characters (not "Mary Ann Smith" or "Kulttuuri ja vapaa-aika" either)."""
    if strict:
        return len(text) >= 30 or len(text.split()) >= 4
    return len(text) >= HEADLINE_LONG or len(text) >= HEADLINE_CHARS and len(text.split()) >= HEADLINE_WORDS


def _item_headline(a: Tag, items: _Items) -> str:
    """The headline a listing gives a link: the heading it holds (a whole card's link around its picture, label,
    heading and date: "Kaupunki valitsee uuden johtajan", not "Tiedote Kaupunki valitsee … 3 dec 2026"); else its
    text where that reads as a headline; else, for a "Lue lisää" or "Read more", its item's one heading that holds no
    link (a municipal list's `<li><h3>Joulutori avautuu</h3> 3.12.2026 <a>Lue lisää</a></li>`); else its text."""
    text = a.get_text(" ", strip=True)
    # The longest of its headings that reads as a headline: a card's category above it ("Press release", "Kaupunki
    # tiedottaa") is a heading too (review, s38: every release of such cards was titled "Press release").
    heads = [said for heading in a.find_all(_HEADINGS) if _headline(said := heading.get_text(" ", strip=True))]
    if heads:
        return max(heads, key=len)
    if _headline(text):
        return text
    box = items.box(a)
    if box is not a:
        headings = [h for h in box.find_all(_HEADINGS) if h.find("a", href=True) is None]
        if len(headings) == 1 and _headline(said := headings[0].get_text(" ", strip=True)):
            return said
    return text


def _release_list(candidates: list[tuple[Tag, str]], items: _Items) -> tuple[set[int], set[int]]:
    """The links (their ids) of a listing's list of releases, read without a selector, and the links that are none
    whatever their address says. The list: links set alike (the same tags up to their item, in the same list:
    `ul.news-list > li > a`), three or more, most of them with a headline's text and most of their items with a date
    ("3.12.2026", a <time>), not mostly days to come (an events calendar). Only an item's headline link counts (its
    longest text: not its author's or its category's). Such a list's short slugs are releases too
    ("/ajankohtaista/joulutori", "/uutiset/vesikatko-palosaari"), and so is a release published as a PDF, which an
    address alone never shows (``_looks_like_article`` reads the rest). A site's menus, quick links, tags and pager
    carry no dates: on 400 pages of extract-dev2 read as listings, the lists so found beside an article were its
    related stories.

    None whatever its address: a link of an events calendar, and, where the page has such a list, the other links
    of its items (a category's, "Lue lisää"; not one to the release in another language, "På svenska") and the
    links of menus and quick links, lists of three or more whose names mostly run under four words
    (`/sv/boende-och-miljo/` reads as a slug); not an undated list of headlines."""
    headlines: dict[int, tuple[Tag, str]] = {}  # each item's link with the longest text: its headline's
    boxes: dict[int, Tag] = {}
    for a, url in candidates:
        if not _MEDIA_FILE.search(path := urlsplit(url).path) and not _NO_PAGE.search(path):
            box = items.box(a)
            boxes[id(box)] = box
            if id(box) not in headlines or len(a.get_text(strip=True)) > len(
                headlines[id(box)][0].get_text(strip=True)
            ):
                headlines[id(box)] = (a, url)
    top: dict[int, int] = {}  # each item -> the outermost item around it (a link within another's item is none)
    for box_id, box in boxes.items():
        top[box_id] = next((id(el) for el in reversed(list(box.parents)) if id(el) in boxes), box_id)
    groups: dict[tuple[tuple[str, str], ...], list[tuple[Tag, str]]] = {}
    for box_id, (a, url) in headlines.items():
        if top[box_id] == box_id:
            groups.setdefault(items.shape(a), []).append((a, url))
    chosen: set[int] = set()
    listed: set[int] = set()  # the items of menus and quick links
    upcoming: set[int] = set()
    for members in groups.values():
        if len({url for _, url in members}) < LIST_ITEMS:
            continue
        headline = sum(_headline(_item_headline(a, items)) for a, _ in members)
        dates = [date for a, _ in members if (date := items.date(a))]
        boxes_dated = [id(items.box(a)) for a, _ in members if items.date(a)]
        if all(box in items.inherited for box in boxes_dated) and len({items.stating[b] for b in boxes_dated}) < 2:
            dates = []  # one date standing before a whole list: the page's ("Päivitetty 1.12.2026"), not its items'
        events = {id(items.box(a)) for a, _ in members if id(items.box(a)) in items.ranged}
        upcoming |= events  # (an event's days, past or to come, each: its item is no release, but its list's others
        # may be, a news list showing its events beside its releases)
        if 2 * sum(not not_after(date, 1, items.now.isoformat()) for date in dates) > len(dates):
            upcoming |= {id(items.box(a)) for a, _ in members}  # (an events calendar: days to come)
        elif 2 * headline >= len(members) and 2 * len(dates) >= len(members):
            chosen |= {id(a) for a, _ in members if id(items.box(a)) not in events} - (
                aside := _repeated_beside(members)
            )
            listed |= {id(items.box(a)) for a, _ in members if id(a) in aside}
        elif 2 * sum(_headline(_item_headline(a, items), strict=True) for a, _ in members) < len(members):
            listed |= {id(items.box(a)) for a, _ in members}  # a menu's (few headlines of four words): not releases
    # A release set apart from the list (a featured first one in a box of its own): a headline, in a heading, whose
    # item states its own date, in the section the list's releases are in (`/ajankohtaista/`, not the site's root).
    sections = {_section(url) for a, url in headlines.values() if id(a) in chosen} - {""}
    for box_id, (a, url) in headlines.items():
        if (
            id(a) not in chosen
            and top[box_id] == box_id
            and _section(url) in sections
            and _headline(a.get_text(" ", strip=True))
            and (a.find(_HEADINGS) or a.find_parent(_HEADINGS)) is not None  # (not a feed's link in a page's meta line)
            and (date := items.date(a))
            and not_after(date, 1, items.now.isoformat())
            and box_id not in items.inherited
            and box_id not in items.ranged  # (an event's days, not a release's)
        ):
            chosen.add(id(a))
    releases = {top[id(items.box(a))] for a, _ in candidates if id(a) in chosen}
    none = {
        id(a)
        for a, url in candidates
        if id(items.box(a)) in boxes
        and id(a) not in chosen
        and (
            top[id(items.box(a))] in upcoming
            or chosen
            and top[id(items.box(a))] in listed
            or top[id(items.box(a))] in releases
            and not _other_language(a)
        )
    }
    return chosen, none


def _repeated_beside(members: list[tuple[Tag, str]]) -> set[int]:
    """The links of a list's items that several items repeat beside their own release's (their department's, their
    category's: a release is listed once). Its own picture, headline and "Lue lisää" stand in one item; a release
    listed twice, alone in its items, stays."""
    item: dict[int, Any] = {id(a): id(a.find_parent(_ITEMS) or a) for a, _ in members}
    where: dict[str, set[Any]] = {}
    held: dict[Any, set[str]] = {}
    for a, url in members:
        where.setdefault(key := normalize_url(url), set()).add(item[id(a)])
        held.setdefault(item[id(a)], set()).add(key)
    repeated = {key for key, places in where.items() if len(places) > 1}
    return {id(a) for a, url in members if normalize_url(url) in repeated and held[item[id(a)]] - repeated}


# A link to a release's version in another language, beside its headline in a bilingual list ("På svenska").
_LANGUAGE_LINK = re.compile(r"\b(?:svenska|suomeksi|suomi|english|finska|slovensko)\b", re.I)


def _other_language(a: Tag) -> bool:
    """Whether a link leads to a version in another language: "På svenska", "Suomeksi", "SV", or an `hreflang`."""
    text = a.get_text(" ", strip=True)
    return bool(a.get("hreflang") or _LANGUAGE_LINK.search(text) or re.fullmatch(r"[a-z]{2}(?:-[a-z]{2})?", text, re.I))


def _section(url: str) -> str:
    """The folder an address is in ("/ajankohtaista" of "/ajankohtaista/joulutori"), "" at the site's root."""
    return urlsplit(url).path.rstrip("/").rpartition("/")[0]


# ---------------------------------------------------------------- sitemaps


_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True)


def links_from_sitemap(
    content: bytes, headers: dict[str, str], base_url: str, source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[Link], list[str]]:
    """Article links of a sitemap, and the child sitemaps of a sitemap index (gzip files too)."""
    content = _without_bad_char_refs(gunzip_capped(content, max_bytes, base_url))
    if (listed := _text_sitemap(content, base_url)) is not None:
        return _finish(listed, base_url, source), []
    head = content[:2048].lstrip(codecs.BOM_UTF8).lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:  # a site's news page given as its sitemap
        home = urlsplit(base_url)
        raise SourceError(
            f'this is a web page, not a sitemap: set kind = "html" for source {source.id} in feeds.toml (if the page '
            f"lists the releases), or give the sitemap's address (often {home.scheme}://{home.netloc}/sitemap.xml)",
            base_url,
        )
    try:
        root = etree.fromstring(content, _SAFE_XML)
    except (etree.XMLSyntaxError, ValueError) as e:  # lxml raises UnicodeDecodeError on some broken text
        raise SourceError(f"sitemap is not XML ({e})", base_url) from None
    if root is None:
        raise SourceError(_not_xml(content), base_url)
    name = etree.QName(root).localname
    if name not in ("urlset", "sitemapindex"):
        if said := wrong_kind(content, source):
            raise SourceError(said, base_url)
        raise SourceError(
            f"not a sitemap (root element <{shorten(name, 40)}>, not <urlset> or <sitemapindex>)", base_url
        )

    entries = [_entry(el) for el in root if isinstance(el.tag, str)]
    if name == "sitemapindex":
        subs = [(lastmod, _joined(base_url, loc)) for loc, lastmod, _ in entries if loc]
        subs.sort(key=_sitemap_order, reverse=True)
        # Not those of authors, tags and categories: their pages are lists, which were dead links every night. Nor,
        # beside a sitemap of posts or news, one of the site's static pages (WordPress's and Yoast's "About").
        names = {u: urlsplit(u).path.lower().rsplit("/")[-1] for _, u in subs if is_web_url(u)}
        kept = [u for u, name in names.items() if not _TAXONOMY.search(name)]
        if any(_POSTS.search(names[u]) and not _PAGES.search(names[u]) for u in kept):
            kept = [u for u in kept if not _PAGES.search(names[u])]
        return [], kept
    found = [
        (url, lastmod, el)
        for loc, lastmod, el in entries
        if loc and (url := _joined(base_url, loc))  # a malformed one: that entry skipped
    ]
    # A whole site's sitemap: not its front page, nor a tag's, a category's or an author's page (lists, not releases).
    found = [entry for entry in found if not _home_page(_identity(entry[0])) and not _list_page(entry[0])]
    if len(found) > 1 and len({lastmod for _, lastmod, _ in found}) == 1:
        found = [(url, "", el) for url, _, el in found]  # every entry "modified" when the file was made: no date
    # A news sitemap's publication date is the release's; lastmod is when the page last changed.
    links = [
        Link(url=url, title=title, published=published, stamp=lastmod)
        if (published := parse_date(said))
        else SavedLink(url=url, title=title, published=parse_date(lastmod), stamp=lastmod)
        for url, lastmod, el in found
        for title, said in [_news_fields(el)]
    ]
    return _finish(links, base_url, source), []


def _entry(el: etree._Element) -> tuple[str, str, etree._Element]:
    """A sitemap entry's <loc> and <lastmod> (its first of each; "" where there is none), and the entry."""
    loc = lastmod = None
    for c in el:
        if isinstance(tag := c.tag, str):
            local = tag.rpartition("}")[2]
            if local == "loc" and loc is None:
                loc = (c.text or "").strip()
            elif local == "lastmod" and lastmod is None:
                lastmod = (c.text or "").strip()
    return loc or "", lastmod or "", el


def _news_fields(el: etree._Element) -> tuple[str, str]:
    """A news sitemap entry's <news:title> and <news:publication_date> ("" where there is none; a title only in the
    news namespace, not an image's <image:title>)."""
    title = published = None
    for node in el.iterdescendants():
        if not isinstance(tag := node.tag, str):
            continue
        namespace, _, local = tag.rpartition("}")
        if local == "publication_date" and published is None:
            published = " ".join((node.text or "").split())
        elif local == "title" and title is None and "sitemap-news" in namespace:
            title = " ".join((node.text or "").split())
    return title or "", published or ""


def _not_xml(content: bytes) -> str:
    """Why a sitemap's document gave no XML, with what it starts with as text a person reads (not Python's b'…')."""
    if not content.strip():
        return "the sitemap is empty (its address answered with no text)"
    return f"this is no sitemap: not XML (it starts “{shorten(content[:80].decode('utf-8', 'replace').strip(), 60)}”)"


def _text_sitemap(content: bytes, base_url: str) -> list[Link] | None:
    """The links of a sitemap written as plain text, one address a line (sitemaps.org's `sitemap.txt`); None where
    the document is no such list (XML, HTML, or a line that is no web address)."""
    text = content.decode("utf-8", "replace").lstrip("\ufeff").strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines or text.startswith("<") or not all(re.fullmatch(r"https?://\S+", line, re.I) for line in lines):
        return None
    if all(_home_page(normalize_url(line)) for line in lines):
        return None  # (a server's plain answer naming its front page, "https://www.e.fi/": no sitemap)
    return [Link(url=url) for line in lines if (url := _joined(base_url, line))]


def _sitemap_order(sub: tuple[str, str]) -> tuple[str, list[tuple[int, str]]]:
    """A sitemap index's children, newest first (by lastmod, then by their numbers: posts-12 after posts-9)."""
    lastmod, url = sub
    path = urlsplit(url).path.lower()
    name = path.rsplit("/", 1)[-1]
    parts = [(int(p), "") if p.isdigit() else (-1, p) for p in re.split(r"(\d+)", name) if p]
    return (instant(parse_date(lastmod)) if lastmod else "", parts)


def _list_page(url: str) -> bool:
    """Whether a sitemap's address is a tag's, a category's or an author's page (`/tagg/budget`, `/kategori/kultur-
    och-fritid`): in such a folder, under a name of three words or fewer and no long number (not a release's slug,
    `/aiheet/joulutori-avautuu-torilla-lauantaina`)."""
    if not (m := _LIST_PAGE.search(url)):
        return False
    name = m.group(1)
    return name.count("-") + name.count("_") < 3 and not re.search(r"\d{3,}", name)


# A sitemap of a site's posts or news: post-sitemap.xml, wp-sitemap-posts-post-1.xml, sitemap-news.xml, sitemap-2026.xml
_POSTS = re.compile(r"(?:^|[-_.])(?:posts?|news|nyheter|uutiset|press\w*|tiedot\w*|(?:19|20)\d\d)(?:[-_.\d]|$)")
_PAGES = re.compile(r"(?:^|[-_.])pages?(?:[-_.\d]|$)")  # page-sitemap.xml, wp-sitemap-posts-page-1.xml
_LIST_PAGE = re.compile(
    r"/(?:tags?|tagg|taggar|category|categories|kategori|kategoria|kategorier|avainsanat?|aiheet|authors?|author)"
    r"/([^/?#]+)/?(?:[?#].*)?$",
    re.I,
)
_TAXONOMY = re.compile(r"(?:^|[-_.])(?:users?|authors?|tags?|post_tag|categor(?:y|ies)|taxonom(?:y|ies))(?:[-_.\d]|$)")


# ---------------------------------------------------------------- the registry of source kinds


Parser = Callable[[bytes, dict[str, str], str, Source], tuple[list[Link], list[str]]]


@dataclass(frozen=True)
class SourceKind:
    """How newsflow reads one kind of source: a new kind is a new entry in SOURCE_KINDS."""

    accept: str  # the HTTP Accept header for its documents (the listing and its children)
    parse: Parser  # (content, headers, url, source) -> (article links, child document URLs)
    max_children: int = 0  # child documents followed per run (a sitemap index's sitemaps); 0: none
    description: str = ""
    # Ask with the last ETag/Last-Modified: a 304 then skips everything. Not for a kind whose document
    # may stay the same while its children change (a sitemap index whose sitemaps gain new pages).
    conditional: bool = True
    # (content, headers, url) -> the address of the listing's next, older page ("" where none is named); None for a
    # kind that lists everything at once (a sitemap)
    next_page: Callable[[bytes, dict[str, str], str], str] | None = None


def _parse_feed(content: bytes, headers: dict[str, str], url: str, source: Source) -> tuple[list[Link], list[str]]:
    return links_from_feed(content, headers, url, source), []


def _parse_listing(content: bytes, headers: dict[str, str], url: str, source: Source) -> tuple[list[Link], list[str]]:
    return links_from_listing(content, headers, url, source), []


ARTICLE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"  # an article page

SOURCE_KINDS: dict[str, SourceKind] = {
    "feed": SourceKind(
        accept="application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
        parse=_parse_feed,
        description="an RSS or Atom feed",
        next_page=next_feed_page,
    ),
    "html": SourceKind(
        accept=ARTICLE_ACCEPT,
        parse=_parse_listing,
        description="an HTML news listing page",
        next_page=next_listing_page,
    ),
    "sitemap": SourceKind(
        accept="application/xml, text/xml;q=0.9, */*;q=0.5",
        parse=links_from_sitemap,
        max_children=MAX_SITEMAPS,
        description="a sitemap or sitemap index (gzip-compressed files too)",
        conditional=False,
    ),
}


def collect_links(
    fetch_child: Callable[..., Response],
    source: Source,
    response: Response,
    max_bytes: int = DEFAULT_MAX_BYTES,
    history: History | None = None,
    archived_before: bool = False,
) -> list[Link]:
    """The article links of a fetched source document and the child documents it names.

    ``fetch_child(url, accept=...)`` fetches a child (the pipeline passes its polite Fetcher). Its errors,
    and ``SourceError`` for a document that cannot be read, fail the source; a child alone that fails is
    logged and passed over while another child gives links. A gzip-compressed file is inflated first,
    within ``max_bytes``. Links come newest first (``_finish``: with ``history``, a dead link resting from
    nightly retries left out, and an undated listing's links never tried first), once each, at most
    ``source.max_items``.

    Where the source was read ``archived_before`` and every link its listing gives is new to the archive (none
    archived, none tried), the listing's next pages are read too (``MAX_PAGES``), until one gives a link the archive
    knows; their new links are all taken this run, whatever max_items says (a next run would not see them). Where
    the pages end, or run out, before any such link, the links returned say so (``Listed.gap``): releases may be
    missing.
    """
    kind = SOURCE_KINDS.get(source.kind)
    if kind is None:
        raise SourceError(
            f"unknown source kind {source.kind!r}; known: {', '.join(SOURCE_KINDS)}", source.url, kind="internal"
        )
    # Cut once, below, when what the archive holds is known; `include` too, so that a pattern that keeps nothing
    # of a listing is told from a listing that lists nothing.
    every = replace(source, max_items=1_000_000, include="")
    if _login_page(normalize_url(response.url)) and not _login_page(normalize_url(source.url)):
        # A newsroom moved behind a login: its links ("Forgot your password?") are no releases.
        raise SourceError(
            f"the address leads to a login page ({shorten(response.url)}): has the newsroom moved, or does it now ask"
            " for a login? Open the address in a browser and check this source's url in feeds.toml",
            source.url,
        )
    content = gunzip_capped(response.content, max_bytes, response.url)
    if what := _file_kind(content):
        raise SourceError(
            f"this is {what}, not {_KIND_NAMES.get(source.kind, source.kind)}: check the source's url in feeds.toml "
            "(open it in a browser: it should give the newsroom's feed, news page or sitemap)",
            response.url,
        )
    links, children = kind.parse(content, response.headers, response.url, every)
    first_run = history is not None and not archived_before
    links += _children_links(fetch_child, source, kind, response, children, max_bytes, every, first_run)
    gap = 0
    if archived_before and history is not None and kind.next_page is not None:
        links, gap, pages = _follow_pages(fetch_child, source, kind, response, links, max_bytes, history, every)
        if pages > 1 and len(links) > source.max_items:
            source = replace(source, max_items=len(links))  # (what the next pages gave: not listed next run)
    elif history is not None and kind.next_page is not None and links:
        further = kind.next_page(content, response.headers, response.url)
        if further:  # (a source's first run: what is new from now on, not its whole back catalogue; cron probe, s35)
            log.warning(
                "%s: " + FIRST_PAGE_ONLY + "; its older pages (%s, …) are not. To archive them, add a source for an "
                "archive page or sitemap of them to feeds.toml for a run",
                source.id,
                further,
            )
    if source.include:
        _check_include(_finish(links, response.url, every), source, response.url)
    listed = _finish(links, response.url, source, history)
    _identity.cache_clear()  # (another source's links, collected meanwhile, are only normalized again)
    if isinstance(listed, Listed):
        listed.gap = gap
    return listed


def _children_links(
    fetch_child: Callable[..., Response],
    source: Source,
    kind: SourceKind,
    response: Response,
    children: list[str],
    max_bytes: int,
    every: Source,
    first_run: bool = False,
) -> list[Link]:
    """The links of the child documents an index names (a sitemap index's sitemaps, newest first), at most
    ``kind.max_children`` of them fetched. An index among them is read in its place, its own children first (one
    level: WordPress's, Drupal's and news sites' indexes of yearly or paged indexes); an index within that, or one read
    already (an index naming itself, two naming each other), is not. One child failing is passed over while others
    give links; where none gives any, the first failure fails the source, and an index that led only to indexes not
    read fails it too (it had said "0 new, ok" every night)."""
    seen = {normalize_url(source.url), normalize_url(response.url)}
    queue = [(url, 1) for url in children]
    links: list[Link] = []
    failed: list[Exception] = []
    unread: list[str] = []  # indexes not followed: itself, one read already, an index within an index within it
    plain = False  # a sitemap of pages read (empty this week, it may be: the source is then no failure)
    fetched = 0
    while queue and fetched < kind.max_children:
        url, depth = queue.pop(0)
        if (key := normalize_url(url)) in seen:
            unread.append(url)
            continue
        seen.add(key)
        fetched += 1
        try:
            sub = fetch_child(url, accept=kind.accept)
            more, grandchildren = kind.parse(
                gunzip_capped(sub.content, max_bytes, sub.url), sub.headers, sub.url, every
            )
        except (FetchError, SourceError) as e:
            if isinstance(e, FetchError) and not e.sent:  # the run stopping, or the host asking for no more
                raise
            failed.append(e)
            log.warning("%s: %s: passed over: %s", source.id, url, e)
            continue
        plain = plain or not grandchildren
        if grandchildren and depth == 1:
            queue[0:0] = [(child, depth + 1) for child in grandchildren]  # (its newest sitemaps before the next)
        elif grandchildren:
            unread.append(url)
            log.warning("%s: %s is itself a sitemap index: not followed (list its sitemaps as sources)", source.id, url)
        links += more
    if first_run and (left := [url for url, _ in queue if normalize_url(url) not in seen]):
        # (as a listing's older pages: cron probe s43, an index of 30 sitemaps gave the newest 10's releases, the
        # other 20's never read, and nothing said so)
        log.warning(
            "%s: first run: the releases of the newest %d of its sitemap index's sitemaps are read; its %d older ones "
            "(%s, …) are not. To archive them, add a source for each of those sitemaps to feeds.toml for a run",
            source.id,
            fetched,
            len(left),
            left[0],
        )
    if failed and not links:
        raise failed[0]
    if unread and not links and not plain:
        raise SourceError(
            "this sitemap index leads only to sitemap indexes newsflow does not follow (itself, or indexes within its "
            "indexes): give one of its sitemaps of releases as this source's url in feeds.toml (open the index in a "
            "browser to see them)",
            response.url,
        )
    return links


def preview(
    sources: list[Source], settings: Settings, history: History, robots: dict[str, RobotsEntry]
) -> list[tuple[Source, list[tuple[Link, str]], str]]:
    """What a run would take from each source's document, read now and nothing written (`run --dry-run`): its
    links with what ``history`` (the archive) knows of each ("new", "archived", "failing", "resting"), or why the
    source fails. All the links its document gives, newest first (a run takes max_items of them), of the listing's
    first page only (a run reads further pages where every link is new)."""
    found: list[tuple[Source, list[tuple[Link, str]], str]] = []
    with make_client(settings) as client:
        fetcher = Fetcher(client, settings, robots)
        for source in sources:
            try:
                get = partial(fetcher.get, source=source)  # (its links lead only where it may: fetch.AddressGuard)
                response = get(source.url, accept=SOURCE_KINDS[source.kind].accept)
                links = collect_links(get, source, response, max_bytes=settings.max_bytes)
            except (FetchError, SourceError) as e:
                found.append((source, [], str(e)))
                continue
            everything = getattr(links, "everything", links)  # (all of it: not only the max_items a run takes)
            known = history([(link.url, link.stamp) for link in everything])
            found.append((source, [(link, known.get(link.url, "new")) for link in everything], ""))
    return found


FIRST_PAGE_ONLY = "first run: the releases its listing's first page gives are read"  # (the demo does not say it)


def _follow_pages(
    fetch_child: Callable[..., Response],
    source: Source,
    kind: SourceKind,
    response: Response,
    links: list[Link],
    max_bytes: int,
    history: History,
    every: Source,
) -> tuple[list[Link], int, int]:
    """``links`` with those of the listing's next pages, while every link read is new (see ``collect_links``); how
    many new links were read where the pages ended before any known one (0 where one was reached); the pages read."""
    assert kind.next_page is not None
    scope = replace(every, include=source.include)  # (the links the source takes: not a listing's other links)
    page, content, pages = response, gunzip_capped(response.content, max_bytes, response.url), 1
    seen = {normalize_url(response.url)}
    found: list[Link] = list(links)
    new, raw = _finish(links, response.url, scope), links
    while True:
        known = history([(link.url, link.stamp) for link in new])
        if known and _known_below_new(new, raw, known) or pages == 1 and len(new) < MIN_PAGE_LINKS:
            return found, 0, pages  # a link the archive knows: what is new ends there (a page of two says little)
        if pages >= MAX_PAGES or not new:
            break  # (a further page with nothing new, as page 1 again under another address, ends the listing too)
        address = kind.next_page(content, page.headers, page.url)
        if not address or normalize_url(address) in seen or urlsplit(address).hostname != urlsplit(page.url).hostname:
            break
        seen.add(normalize_url(address))
        try:
            page = fetch_child(address, accept=kind.accept)
            content = gunzip_capped(page.content, max_bytes, page.url)
            more, _children = kind.parse(content, page.headers, page.url, every)
        except (FetchError, SourceError) as e:
            if isinstance(e, FetchError) and not e.sent:
                raise
            log.warning("%s: %s, the listing's next page: passed over: %s", source.id, address, e)
            break
        pages += 1
        raw = more
        had = _addresses(found)
        unseen = [link for link in _finish(more, page.url, every) if normalize_url(link.url) not in had]
        new = _finish(unseen, page.url, scope)
        found += new
        if unseen and not new:  # a page of links the source's `include` leaves out (events): read on past it
            new = unseen
        log.info("%s: every link listed is new: read the listing's page %d (%s)", source.id, pages, address)
    return found, len(_finish(found, response.url, scope)), pages


def _known_below_new(links: list[Link], raw: list[Link], known: dict[str, str]) -> bool:
    """Whether what is new ends on this page: a link the archive knows stands below a new one in the page's own order,
    or every link is known, or the known links above every new one are the newest releases, not pinned ones.

    A sticky post is pinned above the new ones: dated before them, or, undated, one or two. Known links dated no
    earlier than the new ones, or three or more undated, are the newest releases: what is new is older than them
    (a listing longer than max_items whose rest waits for the next runs: no releases are missing)."""
    order = {normalize_url(link.url): i for i, link in reversed(list(enumerate(raw)))}
    new_seen = False
    above: list[Link] = []
    for link in sorted(links, key=lambda link: order.get(normalize_url(link.url), len(order))):
        if link.url not in known:
            new_seen = True
        elif new_seen:
            return True
        else:
            above.append(link)
    if not new_seen:
        return True
    newest = max((instant(link.published) for link in links if link.url not in known and link.published), default="")
    if newest and any(link.published and instant(link.published) >= newest for link in above):
        return True
    return sum(not link.published for link in above) >= MIN_PAGE_LINKS


def _addresses(links: list[Link]) -> set[str]:
    return {normalize_url(link.url) for link in links}


def _check_include(listed: list[Link], source: Source, url: str) -> None:
    """Refuse a listing whose links `include` all leaves out: every night would end "ok" with nothing archived.

    A feed filtered by a word (a city's feed, `include = "hope"`) may well have nothing about it this week: there
    it is a warning in the log, unless the pattern matches in another case (then it is a mistake, whatever the
    kind). A listing page's or a sitemap's `include` is a path pattern, which matching none of the links means
    the site or the pattern changed: the source fails."""
    if not listed or any(re.search(source.include, link.url) for link in listed):
        return
    anycase = sum(1 for link in listed if re.search(source.include, link.url, re.I))
    if source.kind == "feed" and not anycase:
        log.warning(
            "%s: none of the feed's %d item(s) match include %r this time (if that goes on, check include in "
            "feeds.toml; a pattern is case-sensitive)",
            source.id,
            len(listed),
            source.include,
        )
        return
    hint = (
        f"a pattern is case-sensitive: {anycase} would match it in another case"
        if anycase
        else "a pattern is case-sensitive"
    )
    raise SourceError(
        f"{len(listed)} link(s) listed, none matching include {source.include!r} ({hint}): check include in "
        f"feeds.toml (a link listed: {shorten(listed[0].url, 100)})",
        url,
        kind="selector",
    )


def item_response(link: Link) -> Response:
    """A feed item carrying its full text, as the response the article page would have been.

    The pipeline extracts it and keeps it like any page (so re-extraction needs no network).
    """
    return Response(
        url=link.url, status=200, headers={"content-type": "text/html; charset=utf-8"}, content=item_page(link)
    )


def listed_date(link: Link, source: Source) -> str:
    """The day a feed or listing gives a release, in its newsroom's time zone ("" when it gives none, or one after
    today; and a sitemap's, whose `lastmod` is when the page was last saved)."""
    if source.kind == "sitemap" or not dates_a_release(link.published):
        return ""
    return in_zone(link.published, source.timezone)


def ranked_date(article: Article, listed: str) -> str:
    """The date to store: the page's metadata, else ``listed`` (the feed's or listing's, or what the archive
    holds), else a date read from a line of the page's text (it may be an event's or a comment's), else what
    extraction guessed from the page (URL, markup). Never one after today (FUTURE_DAYS' grace for time zones and
    embargoes): a release is not published after it was fetched, and a mistyped year (2052) would stand first in
    every newest-first list for decades; nor a system's empty date (1970-01-01); undated, it says "date unknown"."""
    page, guess = article.published, str(article.extraction.get("date_guess") or "")
    metadata = page if article.extraction.get("date_from") != "text" else ""
    return next((d for d in (metadata, listed, page, guess) if dates_a_release(d)), "")


# Before it, a date is a system's empty one, no release's: 1970-01-01 (a Unix clock's zero), 1900-01-01 (a database's),
# 0001-01-01 (.NET's); in a feed, a CMS's item with none set. No newsroom published on the web before.
EARLIEST_DAY = "1971-01-01"


def dates_a_release(date: str) -> bool:
    """Whether a date may be a release's: not after today (``FUTURE_DAYS``' grace), not a system's empty date."""
    return bool(date) and date[:10] >= EARLIEST_DAY and not_after(date, FUTURE_DAYS)


def canonical_address(canonical: str, url: str) -> str:
    """The canonical address a page at ``url`` declares, normalised; "" where it names its site's home page (its
    root, a language's root, an index page: a CMS default that says nothing of the article)."""
    canonical = normalize_url(canonical) if canonical and is_web_url(canonical.strip()) else ""  # not javascript:
    return "" if _home_page(canonical) and not _home_page(url) else canonical


def _home_page(url: str) -> bool:
    """Whether an address is a site's home page: its root, a language's root ("/fi/", "/en-gb"), an index page
    ("/index.html", "/fi/index.php"), or one named so ("/etusivu", "/en/home"); with no query ("/?p=123" is a post)."""
    parts = urlsplit(url)
    return not parts.query and _HOME_PAGE.fullmatch(parts.path) is not None


_HOME_PAGE = re.compile(
    r"/?(?:[a-z]{2}(?:[-_][a-z]{2})?/?)?(?:(?:index\.\w{2,5}|home|etusivu|startsida|start|hem)/?)?", re.I
)


# A file's note after a link's headline: "(PDF, 120 kt)", "[pdf]", "(120 kB, PDF)", "PDF (120 kt)", ", pdf".
_FILE_NOTE = re.compile(
    r"\s*(?:[(\[][^)\]]*\b(?:pdf|docx?)\b[^)\]]*[)\]]|[,:–-]?\s*\b(?:pdf|docx?)\b\s*(?:[(\[][^)\]]*[)\]])?)\s*$", re.I
)
# A link that says what to do with the file, not what it is: "Download the annual report", "Lataa tiedote (PDF)",
# "Lue lisää", "Katso kokouksen pöytäkirja"; not a headline that starts with a verb of reading ("Open day at the
# library", "Lue ja liiku -kampanja alkaa").
_DOWNLOAD = re.compile(
    r"^(?:download|lataa|ladda ner|ladda|hämta|prenesi)\b"
    r"|^(?:open|read|view|see|avaa|lue|katso|öppna|läs|se)\b.{0,40}?"
    r"\b(?:press ?release|release|statement|report|decision|minutes|agenda|file|document|pdf|attachment|here|more|"
    r"in full|tiedote|tiedotteen|tiedosto|asiakirja|liite|raportti|päätös|pöytäkirja|esityslista|tästä|täältä|lisää|"
    r"pressmeddelande\w*|fil(?:en)?|dokument\w*|bilaga\w*|rapport\w*|beslut\w*|protokoll\w*|här|mer|"
    r"sporočilo|datoteko|poročilo|tukaj|več)\b",
    re.I,
)


def fill_from_link(article: Article, link: Link, url: str, source: Source) -> Article:
    """What the page lacks, the listing may say: title, date, and as a last resort the item's summary."""
    changes: dict[str, Any] = {"url": url, "source_id": source.id, "guid": link.guid}
    listed = visible_text(_FILE_NOTE.sub("", link.title)).strip()
    # A PDF that states no title of its own (or a word processor's, a file's name) is named by its first line, often
    # a letterhead run into the headline: a headline the listing gives (three words or more, "Päivähoitomaksut eivät
    # nouse vuonna 2027 (PDF, 120 kt)"; not "Lataa tiedote") names it better. A title it states stays.
    pdf = (
        article.extraction.get("title_from") == "pdf text" and len(listed.split()) >= 3 and not _DOWNLOAD.match(listed)
    )
    if (not article.title or pdf) and listed.strip(" \t\n\u00a0\u200b\u200c\u200d\u2060\ufeff"):
        changes["title"] = listed
        changes["extraction"] = {**article.extraction, "title_from": "listing"}
    if isinstance(link, SavedLink):  # (a sitemap's lastmod: the page's own date first, even one read from its text)
        saved = link.published if dates_a_release(link.published) else ""
        published = in_zone(ranked_date(article, "") or saved, source.timezone)
    else:
        published = in_zone(ranked_date(article, link.published), source.timezone)
    if published != article.published:
        changes["published"] = published
    if article.canonical_url:
        changes["canonical_url"] = canonical_address(article.canonical_url, url)
    if article.shortlink:  # (normalised; not a theme's link to its front page)
        changes["shortlink"] = canonical_address(article.shortlink, url)
    if not article.paragraphs and len(link.summary) >= 40:
        changes["paragraphs"] = (Paragraph(text=visible_text(link.summary)),)
        extraction = changes.get("extraction", article.extraction)
        changes["extraction"] = {**extraction, "ok": True, "fallback": True, "reason": "feed summary used"}
    return replace(article, **changes)


def not_a_release(
    article: Article,
    fetched: str,
    listed: str | Link,
    source: Source,
    refused: Callable[[str, str, str], bool] | None = None,
) -> str:
    """Why a fetched page is no release, as a failure's message ("" when it may be one): no text; a redirect to a
    login page, to the site's home page or to the source's own listing (a release removed, or for members only,
    whose archived text must not become that page's); or a page that says it was not found, served as a success.

    A short page that speaks of maintenance or being away and names nothing of the headline its listing gives may be
    a maintenance break served in the release's place, or a short release under a feed title that is no headline:
    refused once, and taken when ``refused`` (the source, the link's address and the message: given for it a run
    some hours before) says the same page was served then too."""
    if not article.paragraphs:
        return str(article.extraction.get("reason") or "no text")
    link = listed if isinstance(listed, Link) else Link(url=listed)
    own_title = article.extraction.get("title_from") != "listing"
    final, address = normalize_url(fetched), normalize_url(link.url)
    if final != address:
        if _login_page(final) and not _login_page(address):
            return f"the link leads to a login page ({shorten(final)}): the release is for members only, or gone"
        if (_home_page(final) and not _home_page(address)) or final == normalize_url(source.url):
            return f"the link leads to the site's front or news page ({shorten(final)}): the release is gone"
    title = article.title.strip()
    parts = [part.strip() for part in TITLE_PARTS.split(title)]  # (beside the site's name)
    if len(title) <= 90 and len(article.text) < 1500:
        if _ERROR_404.match(title) or any(_NOT_FOUND.fullmatch(part) for part in parts):
            return f"the page says it does not exist ({title!r}), though served as found"
        errors = [p for p in article.paragraphs if _SCRIPT_ERROR.match(p.text) or _TRACE.match(p.text)]
        besides = len(article.text) - sum(len(p.text) for p in errors)
        script_error = _SCRIPT_ERROR.match(article.paragraphs[0].text) is not None and besides < SCRIPT_ERROR_REST
        # A gate's headline is its own, not the one the listing gave the link (a release's: "Sign in – a new e-service")
        listing_headline = own_title and " ".join(link.title.split()).casefold() == " ".join(title.split()).casefold()
        gate = len(article.text) < GATE_CHARS and not listing_headline and _GATE.fullmatch(parts[0]) is not None
        if any(_ERROR_PAGE.fullmatch(part) for part in parts) or script_error or gate:
            # An error, a maintenance break, a bot check or a login served as a success: the same page for every
            # link, which archived would be mailed as a release and, by its one text, merge every release it stood
            # in for (or, read again at an archived release's address, overwrite it).
            return f"the page is an error, maintenance or login page ({title!r}), though served as found"
        if len(article.text) < GATE_CHARS and not listing_headline and _REMOVED.fullmatch(parts[0]):
            return f"the page says the release was removed ({title!r}), though served as found"
        down = _OUT_OF_SERVICE.search(title if own_title else article.text)
        if len(article.text) < GATE_CHARS and down and _names_none_of(link.title, f"{title} {article.text}"):
            # A maintenance break under a headline no pattern knows ("Vi genomför planerat underhåll"): archived, it
            # would be mailed as the release, and the release never read (its listing unchanged). Refused for ever,
            # it cost a short release whose feed gives no headline ("Pressmeddelande från Göteborgs Stad" over
            # "Planerat underhåll av Slottsskogsvallen"; review, s34): the same page served again is taken.
            reason = (
                f"the page names nothing of the release its listing gives ({shorten(link.title)!r}), only {title!r}:"
                f" a maintenance page served as found? {SERVED_AGAIN}"
            )
            if not (refused and refused(source.id, link.url, reason)):
                return reason
    return ""


def _stand_in_page(soup: BeautifulSoup) -> str:
    """The headline of a page a site serves in its feed's place while down or closed (a maintenance break, an error
    or a login, served with 200), or "" for any other HTML page (a moved feed's, a news page): its title's or first
    heading's parts as ``not_a_release`` reads a release's page, a password field, or a short page saying it is out
    of service."""
    heads = [" ".join(t.get_text(" ").split()) for t in (soup.title, soup.find("h1")) if t is not None]
    heads = [head for head in heads if head]  # (an empty <title>: the page's other words tell)
    if any(_GONE.search(head) or _NOT_FOUND.search(head) for head in heads):
        return ""  # (a "404 Error" page served with 200: the feed is gone from there, not the site down; review, s42)
    for head in heads:
        parts = [part.strip() for part in TITLE_PARTS.split(head)]
        if any(_ERROR_PAGE.fullmatch(part) for part in parts) or _GATE.fullmatch(parts[0]):
            return head
    text = " ".join(soup.get_text(" ").split())
    if soup.find("input", attrs={"type": re.compile(r"^password$", re.I)}) is not None and len(text) < GATE_CHARS:
        return heads[0] if heads else "a login form"
    if len(text) < GATE_CHARS and (down := _OUT_OF_SERVICE.search(" ".join(heads) or text)):
        return heads[0] if heads else down.group(0)
    return ""


def _names_none_of(headline: str, page: str) -> bool:
    """Whether a page holds none of the words of the headline a listing gave its link (two or more words of five
    letters or more, not a "Read more"; by their first seven, as Finnish inflects them): a release's page repeats its
    headline's words in its own headline or its text, a page that stands in for it does not."""
    # (the whole headline: a feed's title carries no site's name to leave out, and "Mikrofonden – ny lånefond för
    # kooperativ" names its release after the dash too; probe, s35)
    words = {w[:7] for w in _LONG_WORD.findall(headline.casefold())}
    if len(words) < 2 or _CUT_SHORT.search(headline):
        return False
    return not words & {w[:7] for w in _LONG_WORD.findall(page.casefold())}


_LONG_WORD = re.compile(r"[^\W\d_]{5,}")
# What a page served while a site is down says: maintenance, a service unavailable for now, back soon.
_OUT_OF_SERVICE = re.compile(
    r"maintenance|underhåll|huolto|vzdrževa|unavailable|otillgänglig|ei ole käytettävissä|ni na voljo|back soon|"
    r"tillbaka|palaamme|temporarily|tillfälligt|tilapäisesti|väliaikaisesti|začasno",
    re.I,
)


def _login_page(url: str) -> bool:
    """A login page's address: a path segment that is a login word ("/login", "/user/login", "/wp-login.php",
    "/kirjaudu"; not a slug about one, "/uutiset/new-login-service"), a login host ("login.example.org"), or
    a query that says where to go after logging in ("?returnUrl=")."""
    parts = urlsplit(url)
    segments = {s.rsplit(".", 1)[0] for s in parts.path.lower().split("/")}
    host = (parts.hostname or "").split(".")[0]
    return bool(segments & _LOGIN_WORDS or host in _LOGIN_WORDS or _AFTER_LOGIN.search(parts.query))


_LOGIN_WORDS = {
    *("login", "log-in", "logon", "signin", "sign-in", "wp-login", "sso", "auth", "oauth", "saml"),
    *("kirjaudu", "kirjautuminen", "logga-in", "loggain", "inloggning", "prijava"),
}
_AFTER_LOGIN = re.compile(r"(?:^|&)(?:return_?url|returnto|return_to|redirect_to)=", re.I)
# A page's headline that says it was not found: "Sivua ei löytynyt", "404 – Sidan hittades inte | Göteborgs Stad",
# "Oops! That page can't be found.", "Virhe 404"; not "404 new jobs" nor "Not found: a home for every jobseeker".
_GONE = re.compile(r"(?<![\d.,])(?:404|410)(?![\d.,])|\bnot found\b", re.I)  # (a page that says so)
_ERROR_404 = re.compile(r"(?:(?:error|virhe|fel|napaka|http)\s*404|404\s*(?:[-–—:|]|$))", re.I)
# A page's headline that is an error, a maintenance break or a bot check, whole: "Error", "500 Internal Server Error",
# "Something went wrong", "Tapahtui virhe", "Något gick fel", "Prišlo je do napake", "Just a moment..."; not a
# headline about one ("Error in the council's budget corrected"), nor a city's notice of a service break whose
# headline is the one word ("Huoltokatko", "Underhåll": a release).
_ERROR_PAGE = re.compile(
    r"(?:(?:http\s*)?[45]\d\d\s*[-–—:]?\s*)?(?:oops!?\s*|sorry,?\s*|whoops!?\s*|hups!?\s*)?(?:"
    r"error|an error (?:has )?occurred|something went wrong|(?:internal )?server error|service (?:temporarily )?"
    r"unavailable|temporarily unavailable|bad gateway|gateway time-?out|access denied|forbidden|unauthori[sz]ed|"
    r"too many requests|(?:site |website )?(?:is )?(?:down for |under )maintenance|we['’]ll be back soon|"
    r"just a moment\.*|attention required!?|checking your browser\.*|"
    r"virhe|tapahtui virhe|jokin meni vikaan|palvelu ei ole (?:tällä hetkellä )?käytettävissä|"
    r"pääsy estetty|fel|ett fel (?:har )?(?:uppstod|inträffat)|något gick fel|tjänsten är (?:tillfälligt )?inte "
    r"tillgänglig|åtkomst nekad|napaka|prišlo je do napake|nekaj je šlo narobe|dostop zavrnjen|"
    r"you have been blocked|access to this page has been denied|request unsuccessful"  # a firewall's block page
    r")[.!]*",
    re.I,
)
# A gate's headline, as the page's own (the first part: the site's name comes after): a login or members' page, or a
# notice that the release was taken down ("Uutinen on poistettu", "Nyheten har tagits bort", "This article has been
# removed", "Sivu poistettu"). Taken only with little text (GATE_CHARS): a release's headline may start so ("Sign in –
# a new e-service for residents") and say so at length; a removal's headline names no page before it ("Old bridge
# removed after 80 years").
_GATE = re.compile(
    r"(?:log ?in|sign ?in|kirjaudu(?: sisään)?|kirjautuminen|logga in|inloggning|prijava|members only|"
    r"(?:this )?content is (?:only )?(?:for|available to) (?:members|subscribers)(?: only)?)[.!]*",
    re.I,
)
_REMOVED = re.compile(
    r"(?:the |this )?(?:page|article|news item|release|press release|content|uutinen|tiedote|sivu|artikkeli|"
    r"nyheten|artikeln|sidan|pressmeddelandet|stran|novica|članek)\s+(?:"
    r"(?:has been |was |is |on |har |je )?(?:removed|deleted|unpublished|poistettu|tagits bort|raderats|"
    r"odstranjena|odstranjen|izbrisana|izbrisan)|"
    r"(?:has been |was |is |on |har |je )(?:archived|arkistoitu|arkiverats))[.!]*",  # ("Tiedote arkistoitu": a title)
    re.I,
)
GATE_CHARS = 800
SCRIPT_ERROR_REST = 150  # a script's error page holds little else; a release printed below a plug-in's warning does
_TRACE = re.compile(r"Stack trace|#\d+ |thrown in ", re.I)  # the rest of an error: its stack
# A script's error message as the page's text: PHP's (naming its file: "… in /var/www/news.php on line 12", not "delays
# on line 3"), a Python traceback, ASP.NET's yellow page; little else on the page (a plug-in's warning printed above
# a release leaves the release).
_SCRIPT_ERROR = re.compile(
    r"(?:PHP )?(?:(?:Catchable )?Fatal error|Parse error|Warning|Notice|Deprecated)\s*:.{0,400}?"
    r"\bin \S+\.(?:php\d?|inc|phtml)(?::\d+)?\b.{0,40}?\bon line \d+|"
    r"Traceback \(most recent call last\)|Server Error in '.{0,100}' Application",
    re.I,
)
_NOT_FOUND = re.compile(
    r"(?:oops!?\s+|sorry,?\s+|\w+\s+)?(?:(?:the|this|that)\s+)?(?:page|sivua?|sidan|sivu\w{0,4}|stran\w{0,2}|seite)\b"
    r".{0,25}?(?:not found|can[’']?t be found|cannot be found|could not be found|does ?n[o’']t exist|no longer exists|"
    r"ei (?:valitettavasti )?(?:löytynyt|löydy)|hittades inte|kunde inte hittas|finns inte|ne obstaja|"
    r"ni (?:mogoče )?(?:najti|bilo mogoče najti)|nicht gefunden)[.!]?",
    re.I,
)
