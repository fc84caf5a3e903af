"""Wire the stages: the only module that knows their order.

For each source: fetch the listing, find article links, and for each link not yet
archived fetch the page, extract, detect languages, translate, tag and save. A known
article is fetched again (conditionally) only when its listing says it changed. A
failing source or article is recorded and the run goes on.

Sources are worked on in parallel (``workers`` at a time); articles in one small pool per
host; the Fetcher's per-host gate keeps each host's load within the politeness settings,
and the archive serialises writes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx

from .archive import Archive, now
from .config import Config
from .extract import extract, extract_pdf, is_pdf
from .fetch import Fetcher, FetchError, host_key, make_client
from .language import label_article
from .models import Article, Attachment, Link, Paragraph, Source
from .sources import ARTICLE_ACCEPT, SOURCE_KINDS, FullTextLink, SourceError, collect_links, item_response, normalize_url
from .tagging import tag_article
from .translate import TranslateError, Translator, needs_translation, translate_articles

log = logging.getLogger("newsflow")

EXIT_OK = 0
EXIT_PARTIAL = 1  # some source failed; the others were archived
EXIT_FAILED = 3  # every source failed
EXIT_SETUP = 4  # the configuration or the archive cannot be used
EXIT_RUNNING = 75  # another run holds the lock (EX_TEMPFAIL: cron may simply try later)
MAX_PDF_ATTACHMENTS = 3  # PDF attachments fetched and read per article
BACKOFF_START = timedelta(minutes=30)
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
    started: str = ""
    sources: list[SourceResult] = field(default_factory=list)
    pending_translation: dict[str, int] = field(default_factory=dict)  # "fi→en": articles waiting
    translation_errors: list[str] = field(default_factory=list)
    requests: int = 0

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
            "started": self.started,
            "exit_code": self.exit_code,
            **self.totals,
            "requests": self.requests,
            "sources": [vars(s) for s in self.sources],
            "pending_translation": self.pending_translation,
            "translation_errors": self.translation_errors,
        }


def target_language(config: Config) -> str:
    return config.settings.target_languages[0] if config.settings.target_languages else "en"


def process_article(article: Article, config: Config, routable: frozenset[str] = frozenset()) -> Article:
    """The pure stages after extraction: languages and tags; translation waits for the run's batch.

    ``routable``: the languages an installed model can translate into the target language now.
    """
    article = label_article(article)
    target = target_language(config)
    pending = needs_translation(article, target)
    missing = sorted(lang for lang in pending if lang not in routable)
    note = (f"no model installed for {', '.join(f'{m}→{target}' for m in missing)}" if missing
            else "waiting for the run's translation batch" if pending else "")
    article = replace(article, translation_status="pending" if pending else "not_needed", translation_target=target,
                      translation_note=note)
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
        self.translator = translator
        self.progress = progress or (lambda msg: None)
        self.fetcher: Fetcher | None = None
        # Articles are fetched in one small pool per host (per_host threads): a host's queue never
        # holds up another host, and a host never sees more than per_host requests at a time.
        self._host_pools: dict[str, ThreadPoolExecutor] = {}
        self._pools_lock = threading.Lock()
        self._started = ""
        self._routable: frozenset[str] = frozenset()  # languages a model can translate now (set per run)
        self._inflight: dict[str, threading.Lock] = {}  # one worker per article URL at a time
        self._inflight_lock = threading.Lock()
        self._finished = self._total = self._new = 0  # for the progress line

    def run(self, only: list[str] | None = None, force: bool = False) -> RunSummary:
        """Fetch every (or the named) source once; return what happened."""
        self._started = now()
        self._routable = frozenset(self._routes())
        summary = RunSummary(run_id=self.archive.start_run(), started=self._started)
        self.archive.sync_sources(self.config.sources)
        self.archive.sync_tags(self.config.tags)
        selected = [s for s in self.config.sources if not only or s.id in only]
        self._finished, self._total, self._new = 0, len(selected), 0
        self.progress(f"[0/{len(selected)} sources] loading language models and fetching listings…")
        status = "failed"
        client = self._given_client or make_client(self.config.settings)
        self.fetcher = Fetcher(client, self.config.settings, self.archive.load_robots())
        try:
            with ThreadPoolExecutor(max(1, self.config.settings.workers), thread_name_prefix="source") as sources:
                futures = [sources.submit(self._run_source_safely, s, summary, force) for s in selected]
                summary.sources = [f.result() for f in futures]
            self._translation_phase(summary)
            status = {EXIT_OK: "ok", EXIT_PARTIAL: "partial", EXIT_FAILED: "failed"}[summary.exit_code]
        finally:
            with self._pools_lock:
                pools, self._host_pools = list(self._host_pools.values()), {}
            for pool in pools:
                pool.shutdown(wait=True)
            summary.requests = self.fetcher.requests
            self.archive.save_robots(self.fetcher.robots)
            self.archive.prune_responses(self.config.settings.keep_pages_days)
            if self._given_client is None:
                client.close()
            self.archive.finish_run(summary.run_id, status, summary.totals, summary.as_dict())
        return summary

    def _pool_for(self, url: str) -> ThreadPoolExecutor:
        key = host_key(url)
        with self._pools_lock:
            if key not in self._host_pools:
                self._host_pools[key] = ThreadPoolExecutor(max(1, self.config.settings.per_host),
                                                           thread_name_prefix=f"article-{len(self._host_pools)}")
            return self._host_pools[key]

    def _run_source_safely(self, source: Source, summary: RunSummary, force: bool) -> SourceResult:
        try:
            result = self.run_source(source, summary, force)
        except Exception as e:  # a bug must cost one source, never the run
            log.exception("%s: unexpected error", source.id)
            result = SourceResult(source=source.id, error=f"internal error: {type(e).__name__}: {e}")
            self._source_failed(source, self.archive.source_state(source.id), now(), result.error, summary.run_id,
                                kind="internal")
        self._done(source, result)
        return result

    def run_source(self, source: Source, summary: RunSummary, force: bool = False) -> SourceResult:
        result = SourceResult(source=source.id)
        state = self.archive.source_state(source.id)
        if not force and state.get("next_attempt") and state["next_attempt"] > now():
            result.skipped = True
            log.info("%s: backing off until %s after %s failure(s)", source.id, state["next_attempt"],
                     state["consecutive_failures"])
            return result
        self.progress(f"[{self._finished}/{self._total} sources done] {source.id}: fetching {source.url}")
        attempt = now()
        try:
            links, response_meta = self._links(source, state)
        except (FetchError, SourceError) as e:
            result.error = str(e)
            self._source_failed(source, state, attempt, result.error, summary.run_id,
                                retry_after=getattr(e, "retry_after", None), kind=getattr(e, "kind", ""))
            return result
        result.not_modified = bool(response_meta.get("not_modified"))
        futures = [self._pool_for(link.url).submit(self._article, source, link, summary) for link in links]
        outcomes = [f.result() for f in futures]
        for outcome in outcomes:
            if outcome in ("new", "updated", "unchanged", "failed"):
                setattr(result, outcome, getattr(result, outcome) + 1)
        log.info("%s: %d link(s) listed; %d new, %d updated, %d could not be fetched or read", source.id,
                 len(links), result.new, result.updated, result.failed)
        # Articles that could not be fetched or read (dead links, pages with no text) are listed in
        # `failures` and tried again next run; the source itself answered, so it is healthy.
        fields: dict[str, Any] = {
            "last_attempt": attempt, "last_success": now(), "consecutive_failures": 0,
            "last_error": "", "last_error_kind": "", "next_attempt": "",
        }
        if not state.get("first_success"):
            fields["first_success"] = fields["last_success"]
        if result.new:
            fields["last_new_item"] = now()
        if not result.not_modified:
            fields["etag"] = response_meta["etag"]
            fields["last_modified"] = response_meta["last_modified"]
        self.archive.update_source(source.id, **fields)
        return result

    def _done(self, source: Source, result: SourceResult) -> None:
        """Count a finished source for the progress line."""
        with self._pools_lock:
            self._finished += 1
            self._new += result.new
            finished, total, new = self._finished, self._total, self._new
        self.progress(f"[{finished}/{total} sources done, {new} new] {source.id}: finished")

    def _source_failed(self, source: Source, state: dict[str, Any], attempt: str, error: str, run_id: int,
                       count_run: bool = True, retry_after: float | None = None, kind: str = "") -> None:
        failures = int(state.get("consecutive_failures") or 0) + 1
        delay = min(BACKOFF_START * 2 ** min(failures - 1, 10), BACKOFF_CAP)
        if retry_after:
            delay = max(delay, timedelta(seconds=retry_after))  # the server said when
        # Never given up on: the next attempt is only pushed later, to at most a day (or Retry-After).
        next_attempt = (datetime.now(timezone.utc) + delay).replace(microsecond=0).isoformat()
        log.warning("%s failed (%d in a row): %s", source.id, failures, error)
        if count_run:
            self.archive.record_failure(run_id, source.id, source.url, "listing", error, kind)
        self.archive.update_source(source.id, last_attempt=attempt, consecutive_failures=failures, last_error=error,
                                   last_error_kind=kind, next_attempt=next_attempt)

    def _links(self, source: Source, state: dict[str, Any]) -> tuple[list[Link], dict[str, Any]]:
        """Fetch the source's document (conditionally), then the links it and its child documents list."""
        fetcher = self.fetcher
        assert fetcher is not None
        response = fetcher.get(source.url, etag=state.get("etag") or "",
                               last_modified=state.get("last_modified") or "", accept=SOURCE_KINDS[source.kind].accept)
        meta = {"etag": response.etag, "last_modified": response.last_modified, "not_modified": response.not_modified}
        if response.not_modified:
            return [], meta  # a 304 costs no parsing and no article requests
        links = collect_links(lambda url, accept: fetcher.get(url, accept=accept), source, response,
                              max_bytes=self.config.settings.max_bytes)
        return links, meta

    def _needs_recheck(self, known: int, source: Source, link: Link) -> tuple[bool, dict[str, Any]]:
        """A known article is fetched again when its listing entry changed, within recheck_days."""
        state = self.archive.listing_state(known, source.id)
        if not state or not state["linked"] or not link.stamp or state["stamp"] in (None, "", link.stamp):
            return False, state
        cutoff = (datetime.now(timezone.utc) - timedelta(days=self.config.settings.recheck_days)).isoformat()
        return state["first_seen"] >= cutoff, state

    def _article(self, source: Source, link: Link, summary: RunSummary) -> str:
        """Fetch and archive one linked article: new, updated, unchanged, known or failed."""
        try:
            return self._article_unsafe(source, link, summary)
        except Exception as e:  # a bug must cost one article, never the source
            log.exception("%s: unexpected error on %s", source.id, link.url)
            self.archive.record_failure(summary.run_id, source.id, link.url, "internal", f"{type(e).__name__}: {e}",
                                        "internal")
            return "failed"

    def _article_unsafe(self, source: Source, link: Link, summary: RunSummary) -> str:
        url = normalize_url(link.url)
        with self._inflight_lock:
            lock = self._inflight.setdefault(url, threading.Lock())
        with lock:  # the same release in two feeds worked on at once: the second finds it archived
            return self._article_locked(source, link, url, summary)

    def _article_locked(self, source: Source, link: Link, url: str, summary: RunSummary) -> str:
        assert self.fetcher is not None
        known = self.archive.find_article(url=url, guid=link.guid, source_id=source.id)
        validators: dict[str, Any] = {}
        if known is not None:
            recheck, validators = self._needs_recheck(known, source, link)
            if not recheck:
                # Known, unchanged; or the same release listed by another source: link it.
                self.archive.link_source(known, source.id, link, url)
                return "known"
        self.progress(f"[{self._finished}/{self._total} sources done, {self._new} new] {source.id}: {url}")
        from_item = isinstance(link, FullTextLink)  # the feed item carries the whole article: no page request
        try:
            response = item_response(link) if from_item else self.fetcher.get(
                link.url, etag=validators.get("etag", ""), last_modified=validators.get("last_modified", ""),
                accept=ARTICLE_ACCEPT)
        except FetchError as e:
            self.archive.record_failure(summary.run_id, source.id, link.url, "fetch", str(e), getattr(e, "kind", ""))
            return "failed"
        if response.not_modified and known is not None:
            self.archive.link_source(known, source.id, link, url)
            return "unchanged"
        if is_pdf(response.content, response.headers):  # a release published as a PDF
            article = extract_pdf(response.content, response.url)
        else:
            selectors = {} if from_item else {"body": source.body, "title": source.title, "date": source.date}
            article = extract(response.content, response.url, headers=response.headers, **selectors)
        article = self._fill_from_link(article, link, url, source)
        if not article.paragraphs:
            reason = str(article.extraction.get("reason") or "no text")
            self.archive.record_failure(summary.run_id, source.id, link.url, "extract", reason, "no_text")
            return "failed"
        article = replace(article, etag=response.etag, last_modified=response.last_modified,
                          attachments=self._attachments(article))
        article = process_article(article, self.config, self._routable)
        outcome, article_id = self.archive.save_article(article, link, article_id=known)
        if outcome != "unchanged":  # kept, so that `newsflow reextract` needs no network
            self.archive.save_response(article_id, response.url, 200, dict(response.headers), response.content)
        return outcome

    def _attachments(self, article: Article) -> tuple[Attachment, ...]:
        """Fetch the article's PDF attachments (a few, within the size cap) and read their text."""
        assert self.fetcher is not None
        out = []
        pdfs = 0
        for att in article.attachments:
            if att.content_type != "pdf" or pdfs >= MAX_PDF_ATTACHMENTS:
                out.append(att)
                continue
            pdfs += 1
            try:
                r = self.fetcher.get(att.url, accept="application/pdf, */*;q=0.5")
            except FetchError as e:
                out.append(replace(att, error=str(e)))
                continue
            if not is_pdf(r.content, r.headers):
                out.append(replace(att, error=f"not a PDF ({r.headers.get('content-type', 'no content type')})"))
                continue
            pdf = extract_pdf(r.content, r.url)
            out.append(replace(att, text=pdf.text, error=str(pdf.extraction.get("reason") or "")))
        return tuple(out)

    def _translation_phase(self, summary: RunSummary) -> None:
        """Translate what the run archived (and anything still pending) in one batch per language pair."""
        try:
            _done, _waiting, pending = self.translate_pending(since=self._started)
        except TranslateError as e:  # a broken model costs the translations, never the run or the articles
            log.error("translation: %s", e)
            summary.translation_errors.append(str(e))
            self.archive.record_failure(summary.run_id, "", "", "translate", str(e), "translation")
            pending = {}
        summary.pending_translation = pending

    def _routes(self) -> dict[str, str]:
        """Source language -> the provenance a translation into the target would have now."""
        if self.translator is None:
            return {}
        target = target_language(self.config)
        # From the installed packages (a handful), never from the archive: a quiet night costs the
        # same however large the archive grows.
        routes = {lang: self.translator.provenance(lang, target)
                  for lang in sorted({p.from_code for p in self.translator.packages} - {target})}
        return {lang: prov for lang, prov in routes.items() if prov}

    def translate_pending(self, chunk: int = 200, since: str = "") -> tuple[int, int, dict[str, int]]:
        """Translate archived articles a model can translate now: pending ones, and ones an older model made.

        All articles of a chunk go to the model together, one batch per language pair; the cache
        means unchanged paragraphs never reach the model again. Articles in a language no model
        can translate are left alone. Returns (translated, still pending, still pending by pair),
        counting what is still pending among articles changed ``since`` (all when empty).
        """
        target = target_language(self.config)
        current = self._routes()
        ids = self.archive.articles_needing_translation(current, target)
        done = 0
        for start in range(0, len(ids), chunk):
            batch = ids[start : start + chunk]
            articles = translate_articles([self.archive.load_article(i) for i in batch], self.translator, target)
            for article_id, article in zip(batch, articles):
                done += article.translation_status in ("done", "not_needed")
                self.archive.save_processing(article_id, tag_article(article, self.config.tags))
        pending = self.archive.pending_translations(target, since)
        return done, sum(pending.values()), {f"{lang}→{target}": n for lang, n in pending.items()}

    def reextract(self, source: str = "", since: str = "") -> dict[str, int]:
        """Run extraction, languages, tags and translation again over kept pages, without the network.

        A re-extraction is not an edit by the partner: no revision is recorded and the article
        keeps its status. Returns counts: changed, unchanged, failed (no text any more).
        """
        self.archive.sync_tags(self.config.tags)
        self._routable = frozenset(self._routes())
        counts = {"changed": 0, "unchanged": 0, "failed": 0}
        for article_id in self.archive.articles_to_reextract(source=source, since=since):
            kept = self.archive.load_response(article_id)
            if kept is None:
                continue
            url, headers, body = kept
            before = self.archive.load_article(article_id)
            src = next((s for s in self.config.sources if s.id == before.source_id), None)
            if is_pdf(body, headers):
                article = extract_pdf(body, url)
            else:
                article = extract(body, url, body=src.body if src else "", title=src.title if src else "",
                                  date=src.date if src else "", headers=headers)
            if not article.paragraphs:
                counts["failed"] += 1
                continue
            article = replace(article, url=before.url, source_id=before.source_id, guid=before.guid,
                              title=article.title or before.title, published=article.published or before.published,
                              canonical_url=normalize_url(article.canonical_url) if article.canonical_url else "",
                              etag=before.etag, last_modified=before.last_modified, attachments=before.attachments)
            article = process_article(article, self.config, self._routable)
            outcome = self.archive.save_reextracted(article_id, article)
            counts["changed" if outcome else "unchanged"] += 1
        self.translate_pending()
        return counts

    def retag(self) -> tuple[int, int]:
        """Apply the taxonomy (as edited) to the whole archive; returns (articles, tags on them)."""
        tagged = [(article_id, tag_article(article, self.config.tags))
                  for article_id, article in self.archive.articles_for_tagging()]
        self.archive.replace_all_tags(tagged, self.config.tags)
        return len(tagged), sum(len({h.tag_id for h in a.tags}) for _, a in tagged)

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
