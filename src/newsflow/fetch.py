"""HTTP: one injected httpx client, conditional GET, and hard limits on every request.

Every request has a total deadline (httpx's timeouts apply per read, so a server
dripping a byte a second would never trip them), a cap on the body size that is
enforced on the *decompressed* bytes as they grow, at most ``MAX_REDIRECTS``
redirects, and only http(s) URLs at every hop.
"""

from __future__ import annotations

import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from collections.abc import Iterator
from urllib.robotparser import RobotFileParser
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from .config import Settings

MAX_REDIRECTS = 5


class FetchError(Exception):
    """A request that did not give a usable response; the message says why."""

    def __init__(self, url: str, reason: str, status: int = 0, retry_after: float | None = None):
        super().__init__(f"{reason} ({url})")
        self.url = url
        self.reason = reason
        self.status = status
        self.retry_after = retry_after  # seconds the server asked us to wait


@dataclass(frozen=True)
class Response:
    url: str  # the final URL, after redirects
    status: int
    headers: dict[str, str]  # lower-case names
    content: bytes

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str:
        return self.headers.get("etag", "")

    @property
    def last_modified(self) -> str:
        return self.headers.get("last-modified", "")


def make_client(settings: Settings) -> httpx.Client:
    """The one client a run uses; tests pass their own (a MockTransport or a local server)."""
    return httpx.Client(
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        timeout=httpx.Timeout(settings.timeout, connect=settings.connect_timeout),
        follow_redirects=False,
    )


def is_web_url(url: str) -> bool:
    """True for absolute http(s) URLs with a host: the only kind newsflow ever requests."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


class _Inflater:
    """Decompress a Content-Encoding stream without ever producing more than a cap."""

    def __init__(self, encoding: str, limit: int, url: str):
        self.url = url
        self.limit = limit
        self.size = 0
        encoding = encoding.strip().lower()
        self.encoding = encoding
        if encoding in ("", "identity"):
            self.obj = None
        elif encoding in ("gzip", "x-gzip"):
            self.obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.obj = zlib.decompressobj()
        else:
            raise FetchError(url, f"unsupported Content-Encoding {encoding!r}")
        self.first = True

    def feed(self, data: bytes) -> bytes:
        if self.obj is None:
            out = data
        else:
            out = b""
            try:
                while data:
                    # Ask for no more than what is left under the cap (+1 to see it is exceeded).
                    piece = self.obj.decompress(data, self.limit - self.size + 1)
                    out += piece
                    if self.size + len(out) > self.limit:
                        break
                    data = self.obj.unconsumed_tail
            except zlib.error:
                if self.first and self.encoding == "deflate":
                    # Some servers send raw deflate without the zlib header.
                    self.obj = zlib.decompressobj(-zlib.MAX_WBITS)
                    self.first = False
                    return self.feed(data)
                raise FetchError(self.url, "the response's compressed body is corrupt") from None
            self.first = False
        self.size += len(out)
        if self.size > self.limit:
            raise FetchError(self.url, f"response larger than {self.limit:,} bytes (decompressed); cut off")
        return out


class _Watchdog:
    """Enforce a total deadline even inside a blocking read: at the deadline, shut the socket down."""

    def __init__(self, deadline: float):
        self.deadline = deadline
        self.fired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, response: httpx.Response) -> None:
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        with self._lock:
            self._sock = sock
            if self.fired:
                self._shutdown()

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            self._shutdown()

    def _shutdown(self) -> None:
        if self._sock is not None:
            try:
                self._sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cancel(self) -> None:
        self._timer.cancel()


def fetch(
    client: httpx.Client,
    url: str,
    settings: Settings,
    *,
    etag: str = "",
    last_modified: str = "",
    accept: str = "*/*",
    before_hop: Callable[[str], AbstractContextManager[object]] | None = None,
) -> Response:
    """GET a URL within the limits; raise FetchError with a reason a person can act on.

    ``before_hop(url)`` is entered around each request, redirects included (the Fetcher's
    robots.txt check and per-host politeness gate).
    """
    deadline = time.monotonic() + settings.timeout
    headers = {"Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    seen: list[str] = []
    current = url
    watchdog = _Watchdog(deadline)
    try:
        for _ in range(MAX_REDIRECTS + 1):
            if not is_web_url(current):
                raise FetchError(url, f"refused to fetch a non-http(s) URL: {current[:200]!r}")
            if current in seen:
                raise FetchError(url, f"redirect loop at {current}")
            seen.append(current)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError(url, f"no complete response within {settings.timeout:g} s; cut off")
            timeout = httpx.Timeout(remaining, connect=min(settings.connect_timeout, remaining))
            try:
                with before_hop(current) if before_hop else nullcontext():
                    with client.stream("GET", current, headers=headers, timeout=timeout) as r:
                        watchdog.watch(r)
                        if r.status_code in (301, 302, 303, 307, 308) and "location" in r.headers:
                            current = urljoin(current, r.headers["location"].strip())
                            continue
                        body = _read_body(r, current, settings, deadline)
                        if watchdog.fired:  # the shut-down socket read as an end of body: it is not one
                            raise FetchError(url, f"no complete response within {settings.timeout:g} s; cut off")
                        return Response(
                            url=current,
                            status=r.status_code,
                            headers={k.lower(): v for k, v in r.headers.items()},
                            content=body,
                        )
            except FetchError:
                raise
            except (httpx.TimeoutException, httpx.TransportError, httpx.StreamError) as e:
                if watchdog.fired or isinstance(e, httpx.TimeoutException):
                    raise FetchError(url, f"no complete response within {settings.timeout:g} s; cut off") from None
                raise FetchError(url, f"{type(e).__name__}: {e}") from None
            except httpx.InvalidURL as e:
                # Our own URL was checked above: httpx builds the redirect's request even when not
                # following it, so this is a Location header with an invalid or non-http(s) URL.
                raise FetchError(url, f"refused to follow a redirect to an invalid or non-http(s) URL: {e}") from None
            except httpx.HTTPError as e:
                raise FetchError(url, f"{type(e).__name__}: {e}") from None
            except (ValueError, UnicodeError) as e:  # malformed URLs or headers from the far end
                raise FetchError(url, f"invalid request or response: {e}") from None
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")
    finally:
        watchdog.cancel()


def _read_body(r: httpx.Response, url: str, settings: Settings, deadline: float) -> bytes:
    if r.status_code == 304:
        return b""
    declared = r.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_bytes:
        raise FetchError(url, f"response of {int(declared):,} bytes is over the {settings.max_bytes:,} byte cap")
    inflater = _Inflater(r.headers.get("content-encoding", ""), settings.max_bytes, url)
    parts: list[bytes] = []
    raw = 0
    if r.is_stream_consumed:  # a response built in memory (httpx.MockTransport): already bounded
        chunks: Iterable[bytes] = [r.content]
        inflater = _Inflater("", settings.max_bytes, url)
    else:
        chunks = r.iter_raw()  # each network read as it arrives, so the deadline is checked between reads
    for chunk in chunks:
        raw += len(chunk)
        if raw > settings.max_bytes:
            raise FetchError(url, f"response larger than {settings.max_bytes:,} bytes; cut off")
        parts.append(inflater.feed(chunk))
        if time.monotonic() > deadline:
            raise FetchError(url, f"no complete response within {settings.timeout:g} s; cut off")
    return b"".join(parts)


# ---------------------------------------------------------------- politeness


def host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{(parts.hostname or '').lower()}:{parts.port or (443 if parts.scheme.lower() == 'https' else 80)}"


class _HostGate:
    """At most ``concurrency`` requests to one host at a time, starts at least ``delay`` apart."""

    def __init__(self, concurrency: int, delay: float):
        self.slots = threading.Semaphore(concurrency)
        self.delay = delay
        self.lock = threading.Lock()
        self.next_start = 0.0

    def push_back(self, seconds: float) -> None:
        """Nothing starts on this host for ``seconds`` (Retry-After)."""
        with self.lock:
            self.next_start = max(self.next_start, time.monotonic() + seconds)

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self.slots:
            with self.lock:
                now = time.monotonic()
                start = max(now, self.next_start)
                self.next_start = start + self.delay
            if start > now:
                time.sleep(start - now)
            yield


@dataclass
class RobotsEntry:
    fetched: float  # epoch seconds
    status: int  # HTTP status of robots.txt (0: unreachable)
    body: str


ROBOTS_TTL = 24 * 3600
ROBOTS_AGENT = "newsflow"


def parse_retry_after(value: str) -> float | None:
    """Seconds to wait, from a Retry-After header (seconds or an HTTP date)."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def crawl_delay(robots: str, agent: str) -> float | None:
    """The Crawl-delay for ``agent`` (its own group first, then ``*``), fractions allowed.

    urllib's RobotFileParser accepts whole seconds only, and "Crawl-delay: 0.5" is common.
    """
    found: dict[str, float] = {}
    agents: list[str] = []
    in_rules = False
    for raw in robots.splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, value = (x.strip() for x in line.split(":", 1))
        key = key.lower()
        if key == "user-agent":
            if in_rules:
                agents, in_rules = [], False
            agents.append(value.lower())
        elif key == "crawl-delay":
            in_rules = True
            try:
                delay = float(value)
            except ValueError:
                continue
            for a in agents:
                found.setdefault(a, delay)
        else:
            in_rules = True
    for a, delay in found.items():
        if a != "*" and a in agent.lower():
            return delay
    return found.get("*")


class Fetcher:
    """Polite fetching for a whole run: robots.txt, per-host limits and delays, Retry-After.

    Thread-safe: sources and articles on different hosts are fetched in parallel, and the
    per-host gate keeps each host's load within the settings.
    """

    def __init__(self, client: httpx.Client, settings: Settings, robots: dict[str, RobotsEntry] | None = None):
        self.client = client
        self.settings = settings
        self.robots: dict[str, RobotsEntry] = dict(robots or {})
        self._parsed: dict[str, RobotFileParser | None] = {}
        self._gates: dict[str, _HostGate] = {}
        self._lock = threading.Lock()
        self._robots_locks: dict[str, threading.Lock] = {}
        self.requests = 0

    def _gate(self, key: str) -> _HostGate:
        with self._lock:
            if key not in self._gates:
                self._gates[key] = _HostGate(self.settings.per_host, self.settings.min_delay)
            return self._gates[key]

    def _robots_for(self, url: str) -> RobotFileParser | None:
        """The host's robots rules (None: everything allowed); FetchError while it is unreachable."""
        key = host_key(url)
        with self._lock:
            lock = self._robots_locks.setdefault(key, threading.Lock())
        with lock:  # one robots.txt request per host, however many threads ask
            entry = self.robots.get(key)
            if entry is None or time.time() - entry.fetched > ROBOTS_TTL:
                entry = self._fetch_robots(url)
                self.robots[key] = entry
                self._parsed.pop(key, None)
            if key not in self._parsed:
                self._parsed[key] = self._parse_robots(key, entry)
            if entry.status == 0 or entry.status >= 500:
                # RFC 9309: an unreachable robots.txt means "disallow all" for now: try again next run.
                if not entry.status:  # no answer at all: the host itself is out of reach
                    raise FetchError(url, f"cannot reach the host: {entry.body}")
                raise FetchError(url, f"robots.txt unreachable (HTTP {entry.status}); not fetching this host for now")
            return self._parsed[key]

    def _fetch_robots(self, url: str) -> RobotsEntry:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        try:
            with self._gate(host_key(url))():
                with self._lock:
                    self.requests += 1
                r = fetch(self.client, robots_url, self.settings, accept="text/plain")
        except FetchError as e:
            return RobotsEntry(time.time(), e.status, e.reason)
        body = r.content[:500_000].decode("utf-8", "replace") if 200 <= r.status < 300 else ""
        return RobotsEntry(time.time(), r.status, body)

    def _parse_robots(self, key: str, entry: RobotsEntry) -> RobotFileParser | None:
        if not (200 <= entry.status < 300):
            return None  # 4xx: no robots.txt, everything allowed
        rp = RobotFileParser()
        rp.parse(entry.body.splitlines())
        delay = crawl_delay(entry.body, ROBOTS_AGENT)
        if delay:
            gate = self._gate(key)
            gate.delay = max(gate.delay, min(float(delay), 60.0))
        return rp

    @contextmanager
    def _hop(self, url: str) -> Iterator[None]:
        rules = self._robots_for(url)
        if rules is not None and not rules.can_fetch(ROBOTS_AGENT, url):
            raise FetchError(url, "disallowed by the site's robots.txt")
        with self._gate(host_key(url))():
            with self._lock:
                self.requests += 1
            yield

    def get(self, url: str, *, etag: str = "", last_modified: str = "", accept: str = "*/*") -> Response:
        """A polite, bounded GET. 429/503 with a short Retry-After are retried; HTTP errors raise."""
        for attempt in range(3):
            r = fetch(self.client, url, self.settings, etag=etag, last_modified=last_modified, accept=accept,
                      before_hop=self._hop)
            if r.status in (429, 503):
                wait = parse_retry_after(r.headers.get("retry-after", ""))
                if wait is not None:
                    self._gate(host_key(r.url)).push_back(wait)
                    if wait <= self.settings.max_retry_after and attempt < 2:
                        continue  # the gate holds this host's requests until then
                    raise FetchError(url, f"HTTP {r.status}: asked to retry after {wait:.0f} s", status=r.status,
                                     retry_after=wait)
            return check_status(r)
        return check_status(r)


def check_status(response: Response) -> Response:
    """Turn an HTTP error status into a FetchError; pass 2xx and 304 through."""
    if response.status == 304 or 200 <= response.status < 300:
        return response
    raise FetchError(response.url, f"HTTP {response.status}", status=response.status)
