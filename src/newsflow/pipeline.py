"""Wire the stages: the only module that knows their order.

For each source: fetch the listing, find article links, and for each link not yet
archived fetch the page, extract, detect languages, translate, tag and save. A
failing source or article is recorded and the run goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx

from .archive import Archive, now
from .config import Config
from .extract import extract
from .fetch import FetchError, check_status, fetch, make_client
from .language import label_article
from .models import Article, Link, Paragraph, Source
from .sources import SourceError, links_from_feed, links_from_listing, links_from_sitemap, normalize_url
from .tagging import tag_article
from .translate import TranslateError, Translator, translate_article

log = logging.getLogger("newsflow")

EXIT_OK = 0
EXIT_PARTIAL = 1  # some source failed; the others were archived
EXIT_FAILED = 3  # every source failed
EXIT_RUNNING = 75  # another run holds the lock (EX_TEMPFAIL: cron may simply try later)
MAX_SITEMAPS = 10  # child sitemaps followed from a sitemap index per run
BACKOFF_CAP = timedelta(hours=24)


@dataclass
class SourceResult:
    source: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: bool = False
    error: str = ""
    not_modified: bool = False

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass
class RunSummary:
    run_id: int = 0
    sources: list[SourceResult] = field(default_factory=list)
    pending_translation: dict[str, int] = field(default_factory=dict)  # "fi→en": articles waiting
    translation_errors: list[str] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        return {
            "new": sum(s.new for s in self.sources),
            "updated": sum(s.updated for s in self.sources),
            "failed": sum(s.failed for s in self.sources),
            "sources_failed": sum(not s.ok for s in self.sources),
        }

    @property
    def exit_code(self) -> int:
        attempted = [s for s in self.sources if not s.skipped]
        failed = [s for s in attempted if not s.ok]
        if attempted and len(failed) == len(attempted):
            return EXIT_FAILED
        return EXIT_PARTIAL if failed else EXIT_OK

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "exit_code": self.exit_code,
            **self.totals,
            "sources": [vars(s) for s in self.sources],
            "pending_translation": self.pending_translation,
            "translation_errors": self.translation_errors,
        }


def process_article(article: Article, config: Config, translator: Translator | None) -> Article:
    """The pure stages after extraction: languages, translation, tags."""
    article = label_article(article)
    target = config.settings.target_languages[0] if config.settings.target_languages else "en"
    article = translate_article(article, translator, target)
    return tag_article(article, config.tags)


class Pipeline:
    def __init__(
        self,
        config: Config,
        archive: Archive,
        client: httpx.Client | None = None,  # one client for the run; tests pass their own
        translator: Translator | None = None,
        progress: Callable[[str], None] | None = None,
    ):
        self.config = config
        self.archive = archive
        self._given_client = client
        self.client = client  # set for the length of a run when not given
        self.translator = translator
        self.progress = progress or (lambda msg: None)

    def run(self, only: list[str] | None = None, force: bool = False) -> RunSummary:
        """Fetch every (or the named) source once; return what happened."""
        summary = RunSummary(run_id=self.archive.start_run())
        self.archive.sync_sources(self.config.sources)
        self.archive.sync_tags(self.config.tags)
        status = "failed"
        self.client = self._given_client or make_client(self.config.settings)
        try:
            for source in self.config.sources:
                if only and source.id not in only:
                    continue
                summary.sources.append(self.run_source(source, summary, force))
            status = {EXIT_OK: "ok", EXIT_PARTIAL: "partial", EXIT_FAILED: "failed"}[summary.exit_code]
        finally:
            if self._given_client is None:
                self.client.close()
            self.archive.finish_run(summary.run_id, status, summary.totals, summary.as_dict())
        return summary

    def run_source(self, source: Source, summary: RunSummary, force: bool = False) -> SourceResult:
        result = SourceResult(source=source.id)
        state = self.archive.source_state(source.id)
        if not force and state.get("next_attempt") and state["next_attempt"] > now():
            result.skipped = True
            result.error = ""
            log.info("%s: backing off until %s after %s failure(s)", source.id, state["next_attempt"], state["consecutive_failures"])
            return result
        self.progress(f"{source.id}: fetching {source.url}")
        attempt = now()
        try:
            links, response_meta = self._links(source, state)
        except (FetchError, SourceError) as e:
            result.error = str(e)
            self._source_failed(source, state, attempt, result.error, summary.run_id)
            return result
        if response_meta.get("not_modified"):
            result.not_modified = True
        for link in links:
            outcome = self._article(source, link, summary)
            if outcome == "failed":
                result.failed += 1
            elif outcome in ("new", "updated", "unchanged"):
                setattr(result, outcome, getattr(result, outcome) + 1)
        if links and result.failed == len(links):
            result.error = f"all {len(links)} new article(s) failed to fetch or extract"
            self._source_failed(source, state, attempt, result.error, summary.run_id, count_run=False)
            return result
        fields: dict[str, Any] = {
            "last_attempt": attempt, "last_success": now(), "consecutive_failures": 0,
            "last_error": "", "next_attempt": "",
        }
        if result.new:
            fields["last_new_item"] = now()
        if response_meta.get("etag") is not None:
            fields["etag"] = response_meta["etag"]
            fields["last_modified"] = response_meta["last_modified"]
        self.archive.update_source(source.id, **fields)
        return result

    def _source_failed(self, source: Source, state: dict[str, Any], attempt: str, error: str, run_id: int,
                       count_run: bool = True) -> None:
        failures = int(state.get("consecutive_failures") or 0) + 1
        delay = min(timedelta(minutes=30) * 2 ** (failures - 1), BACKOFF_CAP)
        # Never given up on: the next attempt is only pushed later, to at most a day.
        next_attempt = (datetime.now(timezone.utc) + delay).replace(microsecond=0).isoformat()
        log.warning("%s failed (%d in a row): %s", source.id, failures, error)
        if count_run:
            self.archive.record_failure(run_id, source.id, source.url, "listing", error)
        self.archive.update_source(
            source.id, last_attempt=attempt, consecutive_failures=failures, last_error=error, next_attempt=next_attempt
        )

    def _links(self, source: Source, state: dict[str, Any]) -> tuple[list[Link], dict[str, Any]]:
        settings = self.config.settings
        accept = {
            "feed": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
            "sitemap": "application/xml, text/xml;q=0.9, */*;q=0.5",
            "html": "text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
        }[source.kind]
        response = check_status(
            fetch(self.client, source.url, settings, etag=state.get("etag") or "",
                  last_modified=state.get("last_modified") or "", accept=accept)
        )
        meta = {"etag": response.etag, "last_modified": response.last_modified, "not_modified": response.not_modified}
        if response.not_modified:
            return [], meta
        if source.kind == "feed":
            links = links_from_feed(response.content, response.headers, response.url, source)
        elif source.kind == "html":
            links = links_from_listing(response.content, response.headers, response.url, source)
        else:
            links, children = links_from_sitemap(response.content, response.headers, response.url, source)
            for child in children[:MAX_SITEMAPS]:
                sub = check_status(fetch(self.client, child, settings, accept=accept))
                more, _ = links_from_sitemap(sub.content, sub.headers, sub.url, source)
                links += more
            links = sorted(links, key=lambda link: link.published or "", reverse=True)[: source.max_items]
        return links, meta

    def _article(self, source: Source, link: Link, summary: RunSummary) -> str:
        """Fetch and archive one linked article: new, updated, unchanged, known or failed."""
        url = normalize_url(link.url)
        known = self.archive.find_article(url=url, guid=link.guid)
        if known is not None:
            self.archive.link_source(known, source.id, link, url)  # the same release in another feed
            return "known"
        self.progress(f"{source.id}: {url}")
        try:
            response = check_status(fetch(self.client, link.url, self.config.settings,
                                          accept="text/html, application/xhtml+xml;q=0.9, */*;q=0.5"))
        except FetchError as e:
            self.archive.record_failure(summary.run_id, source.id, link.url, "fetch", str(e))
            return "failed"
        article = extract(response.content, response.url, body=source.body, title=source.title,
                          date=source.date, headers=response.headers)
        article = self._fill_from_link(article, link, url, source)
        if not article.paragraphs:
            reason = str(article.extraction.get("reason") or "no text")
            self.archive.record_failure(summary.run_id, source.id, link.url, "extract", reason)
            return "failed"
        article = replace(article, etag=response.etag, last_modified=response.last_modified)
        try:
            article = process_article(article, self.config, self.translator)
        except TranslateError as e:
            # A broken model costs the translation, never the article.
            summary.translation_errors.append(str(e))
            self.archive.record_failure(summary.run_id, source.id, link.url, "translate", str(e))
            article = tag_article(replace(label_article(article), translation_status="pending",
                                          translation_note=str(e)), self.config.tags)
        if article.translation_status in ("pending", "partial"):
            for pair in article.translation_note.removeprefix("no model installed for ").split(", "):
                if "→" in pair:
                    summary.pending_translation[pair] = summary.pending_translation.get(pair, 0) + 1
        outcome, _ = self.archive.save_article(article, link)
        return outcome

    def translate_pending(self) -> tuple[int, int, dict[str, int]]:
        """Translate archived articles whose translation is pending; (translated, still pending, by pair)."""
        target = self.config.settings.target_languages[0] if self.config.settings.target_languages else "en"
        done = waiting = 0
        pending: dict[str, int] = {}
        for article_id in self.archive.articles_needing_translation():
            article = self.archive.load_article(article_id)
            article = translate_article(article, self.translator, target)
            if article.translation_status in ("pending", "partial"):
                waiting += 1
                for pair in article.translation_note.removeprefix("no model installed for ").split(", "):
                    pending[pair] = pending.get(pair, 0) + 1
                if article.translation_status == "pending":
                    continue
            else:
                done += 1
            self.archive.save_processing(article_id, tag_article(article, self.config.tags))
        return done, waiting, pending

    @staticmethod
    def _fill_from_link(article: Article, link: Link, url: str, source: Source) -> Article:
        """What the page lacks, the feed item may say: title, date, and as a last resort its summary."""
        changes: dict[str, Any] = {"url": url, "source_id": source.id, "guid": link.guid}
        if not article.title and link.title:
            changes["title"] = link.title
        if not article.published and link.published:
            changes["published"] = link.published
        if article.canonical_url:
            changes["canonical_url"] = normalize_url(article.canonical_url)
        if not article.paragraphs and len(link.summary) >= 40:
            changes["paragraphs"] = (Paragraph(text=link.summary),)
            changes["extraction"] = {**article.extraction, "ok": True, "fallback": True, "reason": "feed summary used"}
        return replace(article, **changes)
