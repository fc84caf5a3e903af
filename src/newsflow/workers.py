"""The state one run shares between its threads: the fetcher, one article pool per host, progress counts, and
how the run stops early (Ctrl-C or SIGTERM, a full disk)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .fetch import Fetcher, host_key
from .models import RunSummary, SourceResult

log = logging.getLogger("newsflow")
T = TypeVar("T")


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
    fatal: BaseException | None = None  # what stopped the run, to raise once its threads are done (a full disk)

    def pool_for(self, url: str, per_host: int) -> ThreadPoolExecutor:
        """Articles are fetched in one small pool per host: a host's queue never holds up another."""
        key = host_key(url)
        with self.lock:
            if key not in self.host_pools:
                self.host_pools[key] = ThreadPoolExecutor(
                    max(1, per_host), thread_name_prefix=f"article-{len(self.host_pools)}"
                )
            return self.host_pools[key]

    def each_source(self, work: Callable[[T], SourceResult], sources: Sequence[T], workers: int) -> list[SourceResult]:
        """``work`` on every source, ``workers`` at a time. On Ctrl-C (or SIGTERM, which `newsflow run` turns into
        it) nothing new is started, what is under way finishes, the summary keeps what was done, and the interrupt
        goes on up; an error that stopped the run (a full disk) is raised once every thread has stopped."""
        pool = ThreadPoolExecutor(max(1, workers), thread_name_prefix="source")

        def unless_stopping(source: Any) -> SourceResult:
            if self.stopping.is_set():
                return SourceResult(source=source.id, skipped="the run was interrupted")
            return work(source)

        futures = [pool.submit(unless_stopping, source) for source in sources]
        try:
            results = [f.result() for f in futures]
        except KeyboardInterrupt:
            self.stopping.set()
            pool.shutdown(wait=True, cancel_futures=True)
            self.summary.sources = [f.result() for f in futures if f.done() and not f.cancelled()]
            raise
        pool.shutdown()
        if self.fatal is not None:
            raise self.fatal
        return results

    def out_of_space(self, source_id: str, error: BaseException) -> SourceResult:
        """The archive's disk is full: nothing can be saved, so the run starts nothing more (one log line)."""
        if not self.stopping.is_set():
            log.error("%s: the disk holding the archive is full (%s): the run stops", source_id, error)
        self.fatal = self.fatal or error
        self.stopping.set()
        return SourceResult(source=source_id, skipped="the disk is full")

    def url_lock(self, url: str) -> threading.Lock:
        with self.lock:
            return self.inflight.setdefault(url, threading.Lock())

    def close(self) -> None:
        """The run's end: its article pools shut down, its request count in the summary."""
        self.summary.requests = self.fetcher.requests
        with self.lock:
            pools, self.host_pools = list(self.host_pools.values()), {}
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=self.stopping.is_set())
