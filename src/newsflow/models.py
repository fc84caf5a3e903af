"""The records passed between stages.

Every stage takes an ``Article`` and returns a new one (``dataclasses.replace``),
so a half-processed article is never written to the archive.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SourceKind = Literal["feed", "html", "sitemap"]
KINDS: tuple[str, ...] = ("feed", "html", "sitemap")


@dataclass(frozen=True)
class Source:
    """A partner newsroom to follow."""

    id: str
    name: str
    kind: SourceKind
    url: str
    partner: str = ""
    language: str = ""  # the newsroom's usual language: a hint, never the answer
    links: str = ""  # html: CSS selector for article links on the listing page
    body: str = ""  # CSS selector for the article body (overrides the generic extractor)
    title: str = ""  # CSS selector for the article title
    date: str = ""  # CSS selector for the publication date
    include: str = ""  # sitemap/html: regular expression a link must match
    max_items: int = 50  # newest links considered per run
    timezone: str = ""  # the newsroom's time zone (IANA): a moment it states in UTC keeps its day there
    allow_private_links: bool = False  # its links may lead into private networks and this machine (fetch.AddressGuard)


@dataclass(frozen=True)
class Link:
    """An article link found in a feed, listing page or sitemap."""

    url: str
    guid: str = ""
    title: str = ""
    published: str = ""  # ISO 8601, when the listing says
    summary: str = ""
    stamp: str = ""  # what the listing says of this version (updated date, lastmod, hash): a change means an edit


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an article's main text, with its own language."""

    text: str
    language: str = "und"
    confidence: float = 0.0
    translation: str | None = None  # into the primary target language, machine-made
    heading: bool = False
    translated_by: str = ""  # provenance of the translation: engine and package name@version


@dataclass(frozen=True)
class TagHit:
    """One mention of a taxonomy tag, with the evidence for it."""

    tag_id: str
    name: str
    kind: str
    surface: str  # the text as it stands in the article
    field: str  # "title", "text" or "translation"
    paragraph: int  # index into the article's paragraphs (-1 for the title)
    start: int  # character offsets inside that paragraph (or the title)
    end: int
    language: str
    confidence: float


@dataclass(frozen=True)
class Translation:
    """An article's machine translation into one more target language (beyond the first)."""

    target: str
    paragraphs: tuple[str | None, ...] = ()  # per paragraph; None where it is not translated
    by: tuple[str, ...] = ()  # per paragraph: the provenance (engine and model) of its translation
    title: str = ""
    title_by: str = ""
    title_language: str = ""


# The end of the message a page refused once is recorded with (sources.not_a_release): taken if served so again.
SERVED_AGAIN = "Asked again next run, and archived if the same page is served then."
MAX_PDF_ATTACHMENTS = 3  # PDF attachments fetched and read per article (extract.read_attachments)


@dataclass(frozen=True)
class Attachment:
    """A file a release links to; the first MAX_PDF_ATTACHMENTS PDFs of a release are read for their text."""

    url: str
    title: str = ""
    content_type: str = ""
    text: str = ""  # extracted text (PDF)
    error: str = ""  # why there is no text


@dataclass(frozen=True)
class Article:
    """An article on its way through the pipeline, and as archived."""

    url: str  # normalised URL: the article's identity
    source_id: str = ""
    guid: str = ""
    title: str = ""
    paragraphs: tuple[Paragraph, ...] = ()
    title_translation: str = ""  # the headline, machine-translated into translation_target ("" when not needed)
    title_language: str = ""  # the headline's own language, when it was translated
    title_translated_by: str = ""  # provenance of the headline's translation
    published: str = ""  # ISO 8601 with offset, or ""
    updated: str = ""
    author: str = ""
    canonical_url: str = ""
    shortlink: str = ""  # a CMS's stable address for the page ("?p=123", "/node/123"): the same after a new slug
    declared_language: str = ""  # from <html lang> / og:locale: evidence, not truth
    image: str = ""
    attachments: tuple[Attachment, ...] = ()
    contacts: str = ""  # the press contacts the page gives beside the text, a line each (names, titles, phones)
    extraction: dict[str, object] = field(default_factory=dict)  # quality signal
    language: str = "und"
    mixed: bool = False
    translation_status: str = ""  # not_needed | done | partial | pending
    translation_note: str = ""  # why a translation is pending
    translation_provenance: str = ""  # engine and model, for every machine translation
    translation_target: str = ""  # the language translated into
    tags: tuple[TagHit, ...] = ()
    more_translations: tuple[Translation, ...] = ()  # into the other target languages, one each
    etag: str = ""
    last_modified: str = ""

    @property
    def text(self) -> str:
        """The main text, one paragraph a line."""
        return "\n".join(p.text for p in self.paragraphs)

    @property
    def translation(self) -> str:
        """The machine translation, paragraph by paragraph ("" when none is needed)."""
        if not any(p.translation for p in self.paragraphs):
            return ""
        return "\n".join(p.translation or p.text for p in self.paragraphs)

    @property
    def attachments_text(self) -> str:
        return "\n\n".join(a.text for a in self.attachments if a.text)

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages of the paragraphs, most text first."""
        weight: dict[str, int] = {}
        for p in self.paragraphs:
            if p.language != "und":
                weight[p.language] = weight.get(p.language, 0) + len(p.text)
        return tuple(sorted(weight, key=lambda k: -weight[k]))


BACKING_OFF = "backing off after failures"  # how a source skipped after failing says so (schedule.skip_reason)


@dataclass
class SourceResult:
    """What one source's part of a run did."""

    source: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0  # article links that could not be fetched or read (retried next run)
    deferred: int = 0  # article links not asked: their site asked to wait (Retry-After) or stalled; asked next run
    skipped: str = ""  # why the source was not fetched this run ("" when it was)
    error: str = ""  # why the source's listing failed ("" when it answered)
    kind: str = ""  # the error's stable kind (fetch.FAILURE_KINDS)
    failures: int = 0  # where its listing failed: how many runs in a row, this one included
    failing_since: str = ""  # ... and since when (the first of those runs: health.record_failure)
    not_modified: bool = False
    moved_to: str = ""  # where the source's address redirects for good (301/308): feeds.toml should say so
    links_all_failed: int = 0  # new article links that all failed, none read (health.ARTICLES_FAILING_LINKS or more)
    links_error: str = ""  # ... the last one's error
    articles_failing: str = ""  # since when: so on an earlier run too, the source counts as failing (ARTICLES FAILING)
    waiting: int = 0  # links listed, never tried, that max_items leaves for the next runs
    gap: int = 0  # new links read where the listing's pages ended before any the archive knows: releases may be missing
    listed: int = -1  # links the listing gave, all of them (-1: not read in full: failed, skipped, not modified)

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def backing_off(self) -> bool:
        """Not asked this run because it failed before and waits to be tried again: still failing."""
        return self.skipped.startswith(BACKING_OFF)


@dataclass
class RunSummary:
    """What a run did: per source, the totals, what waits for a translation model."""

    run_id: int = 0
    started: str = ""
    sources: list[SourceResult] = field(default_factory=list)
    pending_translation: dict[str, int] = field(default_factory=dict)  # "fi→en": articles waiting
    translation_errors: list[str] = field(default_factory=list)
    translated: bool = False  # the translation phase reached every target without a model failing
    requests: int = 0
    retag: str = ""  # what to do while releases are tagged by an older taxonomy (Archive.sync_tags)
    low_disk: int | None = None  # bytes free on the archive's disk at the run's end, where too few for the next run
    clock_behind: float = 0.0  # seconds this machine's clock is behind the web servers' (Fetcher.clock_behind)
    clock_set_back: bool = False  # clock_behind is how far this run started before an earlier one (health)

    @property
    def totals(self) -> dict[str, int]:
        return {
            "new": sum(s.new for s in self.sources),
            "updated": sum(s.updated for s in self.sources),
            "failed": sum(s.failed for s in self.sources),
            "sources_failed": sum(not s.ok for s in self.sources),
        }

    @property
    def status(self) -> str:
        """ok (every source attempted answered), partial (some failed) or failed (every one attempted failed). A
        source backing off after failures counts as failing: a night where every source waits to be tried again
        read "ok" with exit 0, while nothing had been archived for days; so does one whose listing answers but every
        new article link fails (``articles_failing``: a relaunched site read "ok" night after night)."""
        considered = [s for s in self.sources if not s.skipped or s.backing_off]
        failed = [s for s in considered if not s.ok or s.backing_off or s.articles_failing]
        if considered and len(failed) == len(considered):
            return "failed"
        return "partial" if failed else "ok"

    def as_dict(self) -> dict[str, object]:
        return {
            "run_id": self.run_id,
            "started": self.started,
            "status": self.status,
            **self.totals,
            "deferred": sum(s.deferred for s in self.sources),  # (not a column of `runs`: in its JSON summary)
            "requests": self.requests,
            "sources": [vars(s) for s in self.sources],
            "pending_translation": self.pending_translation,
            "translation_errors": self.translation_errors,
            "translated": self.translated,
            "retag": self.retag,
            "low_disk_free_bytes": self.low_disk,
            "clock_behind_seconds": round(self.clock_behind),
            "clock_set_back": self.clock_set_back,
        }


@dataclass
class RobotsEntry:
    """A host's robots.txt as last asked for (kept in the archive between runs)."""

    fetched: float  # epoch seconds
    status: int  # HTTP status of robots.txt (0: no answer; see kind and body)
    body: str  # the rules when status is 2xx; otherwise what went wrong, for people
    kind: str = ""  # the failure kind when robots.txt could not be read


# Query parameters that only track a visit: no part of an article's identity.
TRACKING = re.compile(
    r"^(utm_[a-z_]*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_hsenc|_hsmi|mkt_tok|yclid|_ga|_gl|"
    r"wt\.mc_id|ref_src|spm|cmpid|trk)$",
    re.I,
)


# Where a page's headline gives way to its site's name: "Kirjaudu sisään | Seinäjoen kaupunki", "Uutinen – Göteborgs
# Stad".
TITLE_PARTS = re.compile(r"\s[|–—-]\s|\s*\|\s*")


def unaccented(text: str, form: Literal["NFD", "NFKD"] = "NFKD") -> str:
    """``text`` without its accents ("Seinäjoki" -> "Seinajoki", "občina" -> "obcina"): decomposed by ``form`` (NFKD
    also takes a ligature or a full-width letter apart, "ﬁ" -> "fi"), its combining marks left out."""
    return "".join(c for c in unicodedata.normalize(form, text) if not unicodedata.combining(c))


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
    path = re.sub(r"/{2,}", "/", _SESSION_IN_PATH.sub("", parts.path)) or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not TRACKING.match(k) and not _SESSION.match(k)
        ]
    )
    return urlunsplit((scheme, host, path, query, ""))


# A visitor's session kept in the address (for browsers without cookies) is no part of an article's identity
# either: with it, every link of a listing was new every night and its pages were read again. Java's and PHP's
# ";jsessionid=…" path parameter and ASP.NET's "/(S(…))/" segment; PHPSESSID, JSESSIONID, ASPSESSIONID…, ColdFusion's
# CFID and CFTOKEN. (A parameter merely named for a session, "sid", may be a story's own number, PHP-Nuke's
# "article.php?sid=123" or a hex id: a listing drops it only where all its links share a session's token, as
# sources.without_shared_session does.)
_SESSION_IN_PATH = re.compile(r";(?:jsessionid|phpsessid|sessionid)=[^/?#;]*|/\((?:[A-Z]\([^()/]*\))+\)(?=/|$)", re.I)
_SESSION = re.compile(r"^(?:phpsessid|jsessionid|aspsessionid[a-z]*|cfid|cftoken)$", re.I)
