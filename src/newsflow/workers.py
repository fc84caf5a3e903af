"""The state one run shares between its threads: the fetcher, one article pool per host, progress counts, and
how the run stops early (Ctrl-C or SIGTERM, a full disk, a damaged archive)."""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

from .archive import Archive, content_hash, disk_full, locked, stated_moment
from .extract import PDF_ACCEPT, read_attachments
from .fetch import Fetcher, FetchError, cut_requests_under_way, host_key
from .models import Article, Attachment, RunSummary, Source, SourceResult

log = logging.getLogger("newsflow")


def damaged(error: BaseException) -> bool:
    """Whether SQLite found the archive's file damaged (SQLITE_CORRUPT, SQLITE_NOTADB): no source's fault, and every
    further write would go into a damaged file."""
    text = str(error)
    return isinstance(error, sqlite3.DatabaseError) and any(
        what in text for what in ("malformed", "not a database", "corrupt")
    )


_NUMBER = re.compile(r"(?<![0-9])[0-9]{4,}(?![0-9])")
_YEAR = re.compile(r"(?:19|20)[0-9][0-9]")


def numbered_slug(url: str) -> tuple[str, str] | None:
    """(the address up to its last segment, the number in it) where its last segment is a headline's slug carrying
    the release's number, as Mynewsdesk's `/pressreleases/coompanion-startar-projekt-3212345` (not a year, nor an
    address with a query): the slug follows the headline, the number stays. None for any other address."""
    parts = urlsplit(url)
    head, _, last = parts.path.rstrip("/").rpartition("/")
    numbers = [n for n in _NUMBER.findall(last) if not _YEAR.fullmatch(n)]
    if parts.query or len(numbers) != 1 or len(re.findall(r"[^\W\d_]{2,}", last)) < 2:
        return None
    stem = re.sub(r"\.[A-Za-z]{2,5}$", "", last)  # (a page's "….html")
    if not (stem.startswith(numbers[0]) or stem.endswith(numbers[0])):
        return None  # a number in the headline's words ("haettavana-5000-euron-kehittamisraha-1"), not the page's
    return f"{parts.scheme}://{parts.netloc}{head}/", numbers[0]


def renamed_release(archive: Archive, url: str, source_id: str) -> int | None:
    """The source's archived release whose address is ``url`` but for its slug (``numbered_slug``: the same number in
    the same folder): a headline edited on a newsroom that names its pages by their headlines, the release at a new
    address, which the old one redirects to and the feed no longer lists. Only a candidate: the caller reads the
    page and takes it for the release where the texts read as one (``Releases.same_release``). None when no release,
    or more than one, is so."""
    if (mine := numbered_slug(url)) is None:
        return None
    folder = mine[0]
    with archive.lock:  # (the folder's addresses as a range of the addresses' own index: a LIKE read them all)
        rows = archive.db.execute(
            "select u.url, u.article_id from article_urls u join articles a on a.id = u.article_id"
            " where u.url >= ? and u.url < ? and instr(u.url, ?) > 0 and a.source_id = ?",
            [folder, folder + "\U0010ffff", mine[1], source_id],  # (not a big folder's every address)
        ).fetchall()
    found = {article_id for address, article_id in rows if address != url and numbered_slug(address) == mine}
    return found.pop() if len(found) == 1 else None


RENAMED_DAYS = 2  # how far apart a renamed release's stated days may be: an edit of its headline keeps its day


def renamed_to(archive: Archive, article_id: int, article: Article) -> bool:
    """Whether ``article``, read at a new address ``renamed_release`` found archived release ``article_id`` for, is
    that release: its text reads as a version of it (``Releases.same_release``), and where both are dated, it is
    dated within RENAMED_DAYS of it (an edit keeps the release's day; a newsroom's yearly release, its text last
    year's with new dates, is a release of its own; review, s42)."""
    if not archive.releases.same_release(article_id, article):
        return False
    with archive.lock:
        row = archive.db.execute("select published from articles where id = ?", [article_id]).fetchone()
    mine, theirs = stated_moment(article.published), stated_moment(row[0] if row else None)
    return mine is None or theirs is None or abs(mine - theirs) <= timedelta(days=RENAMED_DAYS)


SIGNAL_SLICE = 0.02  # seconds the main thread sleeps at a time while its workers work, between reading the signals


@dataclass
class RunState:
    """The state of one run, shared by its threads: its summary, fetcher, article pools and progress counts."""

    summary: RunSummary
    fetcher: Fetcher
    routable: frozenset[str]
    total: int
    finished: int = 0
    new: int = 0
    host_pools: dict[str, ThreadPoolExecutor] = field(default_factory=dict)
    inflight: dict[str, threading.Lock] = field(default_factory=dict)  # one worker per article URL at a time
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)  # Ctrl-C, SIGTERM, a full disk: start nothing
    fatal: BaseException | None = None  # what stopped the run, to raise once its threads are done (a full disk…)
    texts: dict[tuple[str, str], str] = field(default_factory=dict)  # (source, content hash): the first new page's URL
    asked_again: set[tuple[str, str]] = field(default_factory=set)  # (URL, source): fetched again next run

    def __post_init__(self) -> None:
        self.fetcher.stopping = self.stopping  # a stopping run starts no request and cuts its waits short

    def read_attachments(self, article: Article, source: Source | None = None) -> tuple[Attachment, ...]:
        """The article's PDF attachments read (those not read yet), asked for as PDFs: links of ``source``'s."""
        return read_attachments(article, lambda url: self.fetcher.get(url, accept=PDF_ACCEPT, source=source))

    def pool_for(self, url: str, per_host: int) -> ThreadPoolExecutor:
        """Articles are fetched in one small pool per host: a host's queue never holds up another."""
        key = host_key(url)
        with self.lock:
            if key not in self.host_pools:
                self.host_pools[key] = ThreadPoolExecutor(
                    max(1, per_host), thread_name_prefix=f"article-{len(self.host_pools)}"
                )
            return self.host_pools[key]

    def each_source(
        self, work: Callable[[Source], SourceResult], sources: Sequence[Source], workers: int
    ) -> list[SourceResult]:
        """``work`` on every source, ``workers`` at a time. On Ctrl-C (or SIGTERM, which `newsflow run` turns into
        it) nothing new is started, what is under way finishes, the summary keeps what was done, and the interrupt
        goes on up; an error that stopped the run (a full disk) is raised once every thread has stopped."""
        pool = ThreadPoolExecutor(max(1, workers), thread_name_prefix="source")

        finished: list[None] = []  # one for each source done (list.append: atomic, with no lock this thread takes)

        def unless_stopping(source: Source) -> SourceResult:
            try:
                if self.stopping.is_set():
                    return SourceResult(source=source.id, skipped="the run was interrupted")
                return work(source)
            finally:
                finished.append(None)

        futures: list[Future[SourceResult]] = []
        try:
            futures += (pool.submit(unless_stopping, source) for source in sources)
            # Waited for in slices: a signal the kernel gives a worker thread (SIGTERM, Ctrl-C) only sets a flag that
            # the main thread reads between slices. Blocked in f.result() it read the flag once every source was done:
            # a stop on a loaded machine waited for the whole run (s41, 2 of 8 stops took 23 s, 20 pages of 1 s).
            # The slices are sleeps, the sources done counted without a lock: a KeyboardInterrupt raised in
            # concurrent.futures.wait's loops over the futures' locks (or add_done_callback's) left one held by this
            # thread; a worker finishing its source waited for it for ever, and this thread for the worker (review2).
            while len(finished) < len(futures):
                time.sleep(SIGNAL_SLICE)
            results = [f.result() for f in futures]
        except KeyboardInterrupt:
            self.stopping.set()
            cut_requests_under_way()  # a slow server's answer would hold the stop up to the request's timeout
            pool.shutdown(wait=False, cancel_futures=True)
            under_way = [f for f in futures if not f.cancelled()]  # (a cancelled future never counts as done)
            while True:  # what is under way finishes (quickly: no request is started now), a second Ctrl-C or not
                try:
                    wait(under_way)
                    break
                except KeyboardInterrupt:
                    continue
            stopped = [SourceResult(source=s.id, skipped="the run was interrupted") for s in sources]
            self.summary.sources = [f.result() if not f.cancelled() else stopped[i] for i, f in enumerate(futures)]
            self.summary.sources += stopped[len(futures) :]
            raise
        pool.shutdown()
        if self.fatal is not None:
            raise self.fatal
        return results

    def stopped_by(self, source_id: str, error: BaseException) -> SourceResult | None:
        """A source's (or article's) error that is no fault of its own: the archive's disk is full, or its file is
        damaged (then nothing more is started, one log line says why, and the run ends as `newsflow status` would
        say: exit 4, what to do), the run was interrupted meanwhile (a cancelled article, a request
        not sent), or its host, answering another request, asked for none until later. None for any other error."""
        if disk_full(error) or locked(error) or damaged(error):
            why, said = (
                ("the disk is full", "the disk holding the archive is full")
                if disk_full(error)
                else ("the archive is damaged",) * 2
                if damaged(error)
                else ("another program holds the archive",) * 2
            )
            with self.lock:  # two threads may meet the full disk at once: one line all the same
                if not self.stopping.is_set():
                    log.error("%s: %s (%s): the run stops", source_id, said, error)
                self.fatal = self.fatal or error
                self.stopping.set()
            return SourceResult(source=source_id, skipped=why)
        if self.stopping.is_set():
            return SourceResult(source=source_id, skipped="the run was interrupted")
        if isinstance(error, FetchError) and not error.sent:  # its host asked another source for no more requests
            return SourceResult(source=source_id, skipped=error.reason)
        return None

    def same_text_as(self, source_id: str, article: Article, url: str, known: int | None) -> str:
        """Why a page new to the archive (``known`` None) is not archived when another link of its source gave the same
        text in this run ("" otherwise): an error or placeholder page served as found reads alike at every address,
        and archived it would merge the releases it stood in for, one lost for good. Both are asked again next run
        (the one archived by ``asked_again``, at the run's end), where the same text again is one release at two
        addresses."""
        if known is not None:
            return ""
        with self.lock:
            first = self.texts.setdefault((source_id, content_hash(article)), url)
            if first != url:
                self.asked_again.add((first, source_id))
        return (
            ""
            if first == url
            else f"the page reads exactly as {first}, new in this run: an error page? Both asked again"
        )

    def url_lock(self, url: str) -> threading.Lock:
        with self.lock:
            return self.inflight.setdefault(url, threading.Lock())

    def close(self) -> None:
        """The run's end: its article pools shut down, its request count in the summary."""
        self.summary.requests = self.fetcher.requests
        self.summary.clock_behind = self.fetcher.clock_behind()
        with self.lock:
            pools, self.host_pools = list(self.host_pools.values()), {}
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=self.stopping.is_set())
