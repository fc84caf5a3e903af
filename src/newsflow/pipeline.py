"""Wire the stages of the nightly run: the only module that knows their order.

For each source: fetch its document, find article links, and for each link not yet archived fetch the page, extract,
detect languages, tag and save; then one translation batch. A failing source or article is recorded and the run goes
on. Sources run in parallel, articles in a pool per host (workers.py); policies live in sources.py and schedule.py."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

import httpx

from . import health, reprocess, schedule
from .archive import Archive, now
from .config import Config
from .extract import extract, extract_pdf, is_pdf, with_pdf_text
from .fetch import Fetcher, FetchError, make_client
from .models import Link, RunSummary, Source, SourceResult, normalize_url
from .reprocess import process_article
from .sources import (
    ARTICLE_ACCEPT,
    SOURCE_KINDS,
    FullTextLink,
    SourceError,
    collect_links,
    fill_from_link,
    item_response,
    listed_date,
    not_a_release,
)
from .translate import Translator
from .workers import RunState, renamed_release, renamed_to

log = logging.getLogger("newsflow")

OnStart = Callable[[RunSummary, int], None]  # told a run's number and how many sources it reads, before it fetches


class Pipeline:
    def __init__(
        self,
        config: Config,
        archive: Archive,
        client: httpx.Client | None = None,
        translator: Translator | None = None,
        progress: Callable[[str], None] | None = None,
    ):
        self.config = config
        self.archive = archive
        self._given_client = client  # one client for the run; tests pass their own
        self.translator = translator
        self.progress = progress or (lambda msg: None)
        history = partial(archive.releases.history, days=config.settings.recheck_days)
        self._collect = partial(collect_links, max_bytes=config.settings.max_bytes, history=history)
        self._refusal = partial(not_a_release, refused=archive.runs.refused_before)  # why a page is no release

    @classmethod
    def from_config(
        cls,
        config: Config,
        archive: Archive,
        progress: Callable[[str], None] | None = None,
        client: httpx.Client | None = None,
    ) -> Pipeline:
        """The pipeline every command uses: the configured translation models, translations cached in the archive."""
        translator = Translator.from_settings(config.settings, cache=archive.translations)
        return cls(config, archive, client=client, translator=translator, progress=progress)

    # ------------------------------------------------------------ the nightly run

    def run(self, only: list[str] | None = None, force: bool = False, on_start: OnStart | None = None) -> RunSummary:
        """Fetch every (or the named) source once; return what happened."""
        summary = RunSummary(run_id=self.archive.runs.start_run(self.config.path), started=now())
        self.archive.sync_sources(self.config.sources)
        summary.retag = self.archive.sync_tags(self.config.tags)
        selected = [s for s in self.config.sources if not only or s.id in only]
        (on_start or (lambda *_: None))(summary, len(selected))
        self.progress(f"[0/{len(selected)} sources] loading language models and fetching listings…")
        client = self._given_client or make_client(self.config.settings)
        run = RunState(
            summary,
            Fetcher(client, self.config.settings, self.archive.runs.load_robots()),
            frozenset(reprocess.routes(self.translator, self.config)),
            len(selected),
        )
        status = "failed"
        try:
            summary.sources = run.each_source(
                lambda source: self._source_safely(run, source, force), selected, self.config.settings.workers
            )
            reprocess.translation_phase(self.archive, self.config, self.translator, summary)
            status = summary.status
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM: recorded as interrupted; the next run goes on from there
            status = "interrupted"
            raise
        finally:
            run.close()
            if self._given_client is None:
                client.close()
            health.record_run_end(self.archive, run, status, self.config.settings.keep_pages_days)
        return summary

    def _source_safely(self, run: RunState, source: Source, force: bool) -> SourceResult:
        try:
            result = self._source(run, source, force)
        except Exception as e:  # a bug must cost one source, never the run; a full disk stops the run
            if (stopped := run.stopped_by(source.id, e)) is not None:
                return stopped
            log.exception("%s: unexpected error", source.id)
            result = SourceResult(source=source.id, error=f"internal error: {type(e).__name__}: {e}", kind="internal")
            health.record_failure(
                self.archive, run.summary.run_id, source, self.archive.source_state(source.id), now(), result
            )
        with run.lock:
            run.finished += 1
            run.new += result.new
            done = f"[{run.finished}/{run.total} sources done, {run.new} new]"
        self.progress(f"{done} {source.id}: finished")
        return result

    def _source(self, run: RunState, source: Source, force: bool) -> SourceResult:
        result = SourceResult(source=source.id)
        state = self.archive.source_state(source.id)
        if result_skipped := schedule.skip_reason(state, force):
            result.skipped = result_skipped
            log.info("%s: not fetched: %s", source.id, result_skipped)
            return result
        self.progress(f"[{run.finished}/{run.total} sources done] {source.id}: fetching {source.url}")
        attempt = now()
        try:
            kind = SOURCE_KINDS[source.kind]
            kept: dict[str, Any] = {k: state.get(k) or "" for k in ("etag", "last_modified") if kind.conditional}
            get = partial(run.fetcher.get, source=source)  # (its links lead only where it may: fetch.AddressGuard)
            response = get(source.url, accept=kind.accept, **kept)
            # A 304 costs no parsing; only the links that failed lately are asked again.
            days = self.config.settings.recheck_days
            if response.not_modified:
                links = self.archive.runs.failed_links(source.id, days)
            else:  # (and after the listing's links, those failed or left unsent that it no longer gives)
                listed = self._collect(get, source, response, archived_before=bool(state.get("first_success")))
                links = health.links_to_ask(self.archive, source.id, listed, days)
        except (FetchError, SourceError) as e:
            if (stopped := run.stopped_by(source.id, e)) is not None:  # not asked: no failure of the source's
                return stopped
            result.error, result.kind, retry = str(e), getattr(e, "kind", ""), getattr(e, "retry_after", None)
            health.record_failure(self.archive, run.summary.run_id, source, state, attempt, result, retry)
            return result
        result.not_modified, result.moved_to = response.not_modified, response.moved_to
        self.archive.releases.now_listed(source.id, None if response.not_modified else links)  # (see _moved)
        pool, per_host = run.pool_for, self.config.settings.per_host
        futures = [pool(link.url, per_host).submit(self._article_safely, run, source, link) for link in links]
        for outcome in (f.result() for f in futures):
            if outcome in ("new", "updated", "unchanged", "failed", "deferred"):
                setattr(result, outcome, getattr(result, outcome) + 1)
        counts = (len(links), result.new, result.updated, result.failed)  # (a link failed is tried next run)
        log.info("%s: %d link(s) listed; %d new, %d updated, %d could not be fetched or read", source.id, *counts)
        health.record_success(self.archive, source.id, state, attempt, result, response, run)
        return result

    # ------------------------------------------------------------ articles

    def _article_safely(self, run: RunState, source: Source, link: Link) -> str:
        """Fetch and archive one linked article: new, updated, unchanged, known, failed, or stopped (no request is
        sent once the run is stopping: the link waits for the next run)."""
        try:
            url = normalize_url(link.url)
            with run.url_lock(url):  # the same release in two feeds worked on at once: the second finds it archived
                return self._article(run, source, link, url)
        except Exception as e:  # a bug must cost one article, never the source; a full disk stops the run
            if run.stopped_by(source.id, e) is not None:
                if isinstance(e, FetchError):  # refused unsent (a PDF too): listed, so asked again next run
                    self.archive.runs.record_failure(run.summary.run_id, source.id, link, "fetch", str(e), e.kind)
                return "deferred" if isinstance(e, FetchError) and not run.stopping.is_set() else "stopped"
            log.exception("%s: unexpected error on %s", source.id, link.url)
            self.archive.runs.record_failure(  # listed too: asked again after a 304, as a fetch failure is
                run.summary.run_id, source.id, link, "internal", f"{type(e).__name__}: {e}", "internal"
            )
            return "failed"

    def _article(self, run: RunState, source: Source, link: Link, url: str) -> str:
        known, by_guid = self.archive.releases.find_for_link(url, link.guid, source.id)
        renamed = renamed_release(self.archive, url, source.id) if known is None and by_guid is None else None
        validators: dict[str, Any] = self.archive.listing_state(known, source.id) if known is not None else {}
        # Known and unchanged; or the same release listed by another source: link it.
        if known is not None and not schedule.needs_recheck(validators, link.stamp, self.config.settings.recheck_days):
            self.archive.releases.link_source(known, source.id, link, url, listed_date(link, source))
            return "known"
        self.progress(f"[{run.finished}/{run.total} sources done, {run.new} new] {source.id}: {url}")
        from_item = isinstance(link, FullTextLink)  # the feed item carries the whole article: no page request
        try:
            response = (
                item_response(link)
                if from_item
                else run.fetcher.get(
                    link.url,
                    etag=validators.get("etag", ""),
                    last_modified=validators.get("last_modified", ""),
                    accept=ARTICLE_ACCEPT,
                    source=source,
                )
            )
        except FetchError as e:
            self.archive.runs.record_failure(run.summary.run_id, source.id, link, "fetch", str(e), e.kind)
            return "failed" if e.sent else "stopped" if run.stopping.is_set() else "deferred"  # (host asked to wait)
        if response.not_modified and known is not None:
            self.archive.releases.link_source(known, source.id, link, url, listed_date(link, source))
            return "unchanged"
        if is_pdf(response.content, response.headers):  # a release published as a PDF
            article = extract_pdf(response.content, response.url)
        else:
            owner = validators.get("source_id") if validators.get("url") == url else source.id  # the release's own
            reader = next((s for s in self.config.sources if s.id == owner), source)
            selectors = {} if from_item else {"body": reader.body, "title": reader.title, "date": reader.date}
            article = extract(response.content, response.url, headers=response.headers, **selectors)
        read_attachments = partial(run.read_attachments, source=source)
        article = fill_from_link(with_pdf_text(article, link.title, read_attachments), link, url, source)
        reason = self._refusal(article, response.url, link, source) or self.archive.releases.unlike(known, article)
        if reason := reason or run.same_text_as(source.id, article, url, known):
            kind = "no_text" if not article.paragraphs else "not_a_release"
            self.archive.runs.record_failure(run.summary.run_id, source.id, link, "extract", reason, kind)
            return "failed"
        if by_guid and not self.archive.releases.same_release(by_guid, article):
            # Another release under a GUID used before (a CMS that reuses them): a new article, known by its address.
            article, link = replace(article, guid=""), replace(link, guid="")
            log.warning("%s: %s reuses the GUID of another archived release; archived as a new one", source.id, url)
        attachments = read_attachments(article)
        article = replace(article, etag=response.etag, last_modified=response.last_modified, attachments=attachments)
        article = process_article(article, self.config, run.routable)
        if renamed is not None and renamed_to(self.archive, renamed, article):
            known = renamed  # a headline edited, its slug too: a revision, its new address its own (follow_move)
        outcome, article_id = self.archive.save_article(article, link, article_id=known)
        if outcome != "unchanged":  # kept, so that `newsflow reextract` needs no network
            self.archive.pages.save(article_id, response.url, 200, dict(response.headers), response.content)
        return outcome

    # ------------------------------------------------------------ passes over the archive

    def translate_pending(self, since: str = "") -> tuple[int, int, dict[str, int]]:
        return reprocess.translate_pending(self.archive, self.config, self.translator, since=since)

    def reextract(self, source: str = "", since: str = "", force: bool = False) -> dict[str, int]:
        return reprocess.reextract(self.archive, self.config, self.translator, source=source, since=since, force=force)

    def retag(self) -> reprocess.Retagged:
        return reprocess.retag(self.archive, self.config)
