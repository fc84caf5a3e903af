"""The state one run shares between its threads: the fetcher, one article pool per host, progress counts."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from .fetch import Fetcher, host_key
from .models import RunSummary


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

    def url_lock(self, url: str) -> threading.Lock:
        with self.lock:
            return self.inflight.setdefault(url, threading.Lock())

    def close(self) -> None:
        with self.lock:
            pools, self.host_pools = list(self.host_pools.values()), {}
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=self.stopping.is_set())
