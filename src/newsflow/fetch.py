"""HTTP: one injected httpx client, conditional GET, and hard limits on every request.

Every request has a total deadline (httpx's timeouts apply per read, so a server
dripping a byte a second would never trip them), a cap on the body size that is
enforced on the *decompressed* bytes as they grow, at most ``MAX_REDIRECTS``
redirects, and only http(s) URLs at every hop, never into a private network from the
internet (``AddressGuard``). The deadline starts when the request
starts: time spent waiting for the host's turn (politeness delays, Crawl-delay,
Retry-After, reading robots.txt) is not part of it.

Every failure is a ``FetchError`` whose ``kind`` is one of ``FAILURE_KINDS``, so that
status pages and alerts can group failures without parsing messages.
"""

from __future__ import annotations

import functools
import html
import ipaddress
import logging
import os
import re
import socket
import ssl
import threading
import time
import urllib.request
import weakref
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpcore
import httpx

from .charset import shown
from .config import Settings
from .dates import http_date
from .models import RobotsEntry, Source

log = logging.getLogger("newsflow")

MAX_REDIRECTS = 5
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
PERMANENT_REDIRECTS = (301, 308)  # "moved permanently": the address to use from now on
# This machine's clock counts as wrong when most web servers of a run (two at least) say, in their responses' Date,
# a time more than this many seconds away from it: a clock set back by a dead battery or a wrong manual setting
# dates recent releases "unknown", times everything archived wrongly, and its pages are later pruned as old.
CLOCK_SLACK = 86_400

# The fixed vocabulary of failure kinds, stored beside each failure's message (``failures.kind``,
# ``sources.last_error_kind``) so that status, the reading room and alerts can group failures.
# A kind never changes meaning; a new one is added here, with what it means and what to do.
FAILURE_KINDS: dict[str, str] = {
    "timeout": "no complete answer within the request deadline (`timeout`): a slow or stalled server",
    "too_large": "the answer is larger than `max_bytes` once decompressed",
    "http_4xx": "the server answered 4xx (not found, gone, forbidden, too many requests)",
    "http_5xx": "the server answered 5xx: a problem on its side",
    "robots": "the site's robots.txt forbids the page, or could not be read",
    "redirect": "a redirect newsflow will not follow: a loop, too many, or to a non-http(s) or invalid URL",
    "invalid_url": "the URL itself is not an http(s) URL newsflow can request",
    "private_address": (
        "a link or redirect leads into a private network, this machine or a link-local address (a cloud server's "
        "metadata) from a source that is not there itself: not fetched, unless the source has `allow_private_links`"
    ),
    "dns": "the host name could not be found",
    "connect": "no connection to the host: refused, unreachable, or not within `connect_timeout`",
    "tls": "the secure connection failed: an invalid, expired or unverifiable certificate",
    "network": "the connection broke or the server broke the HTTP protocol mid-answer",
    "bad_response": "the answer cannot be decoded: corrupt compression, unsupported encoding, malformed headers",
    "parse": "the feed, listing page or sitemap could not be read as one",
    "selector": (
        "the source's CSS selector is invalid or matched nothing (has the page layout changed?), or its include "
        "pattern kept none of the links listed"
    ),
    "no_text": "the page was fetched but no article text was found in it",
    "not_a_release": "the link led to a login page, the site's front page or a 'page not found' page: no release",
    "translation": "a translation model failed (the articles stay archived, their translation pending)",
    "internal": "a bug in newsflow (please report it)",
}


class FetchError(Exception):
    """A request that did not give a usable response; the message says why, ``kind`` classifies it."""

    def __init__(
        self,
        url: str,
        reason: str,
        status: int = 0,
        retry_after: float | None = None,
        *,
        kind: str = "",
        sent: bool = True,
    ):
        super().__init__(f"{reason} ({url})")
        self.url = url
        self.reason = reason
        self.status = status
        self.retry_after = retry_after  # seconds the server asked us to wait
        self.sent = sent  # False: refused before any request was sent (see Fetcher._may_ask): no failure of its link
        if not kind:
            kind = "http_5xx" if status >= 500 else "http_4xx" if status >= 400 else "network"
        if kind not in FAILURE_KINDS:
            raise ValueError(f"unknown failure kind {kind!r}; add it to FAILURE_KINDS")
        self.kind = kind


@dataclass(frozen=True)
class Response:
    url: str  # the final URL, after redirects
    status: int
    headers: dict[str, str]  # lower-case names
    content: bytes
    truncated: bool = False  # cut at the size limit on purpose (fetch(..., truncate=True))
    moved_to: str = ""  # where the URL asked for has moved for good (301/308 from it), "" when it has not

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str:
        return self.headers.get("etag", "")

    @property
    def last_modified(self) -> str:
        return self.headers.get("last-modified", "")


class _BadRedirect(Exception):
    """Raised from the client's response hook, before httpx tries to build the next request."""

    def __init__(self, target: str, status: int):
        super().__init__(target)
        self.target = target
        self.status = status


def _refuse_bad_redirects(response: httpx.Response) -> None:
    """Response hook: stop at a redirect to a non-http(s) or invalid URL, keeping its target.

    httpx builds the redirect's request even when it does not follow it, and fails on a
    ``data:`` or ``javascript:`` Location with a message about URL internals that names no
    target; checking here first lets the error say where the redirect pointed.
    """
    if response.status_code not in REDIRECT_STATUSES or "location" not in response.headers:
        return
    target = response.headers["location"].strip()
    try:
        joined = urljoin(str(response.request.url), target)
    except ValueError:
        raise _BadRedirect(target, response.status_code) from None
    if not is_web_url(joined) or not written(joined):  # (a control character in it: httpx would fail on it after)
        raise _BadRedirect(target, response.status_code)


def written(url: str) -> str:
    """An absolute http(s) address as a browser writes it, and as it is asked for: spaces, quotes and characters
    beyond ASCII (a bidirectional override, a zero-width space) as %XX, the host in ASCII; "" for none it can read."""
    try:
        return str(httpx.URL(url))
    except (httpx.InvalidURL, ValueError, UnicodeError):
        return ""


_HOOKS_LOCK = threading.Lock()


def _ensure_redirect_check(client: httpx.Client) -> None:
    """Add the redirect check to a client made elsewhere (tests pass their own), once."""
    if _refuse_bad_redirects in client.event_hooks.get("response", []):
        return
    with _HOOKS_LOCK:
        hooks = client.event_hooks
        if _refuse_bad_redirects not in hooks.get("response", []):
            client.event_hooks = {**hooks, "response": [*hooks.get("response", []), _refuse_bad_redirects]}


def make_client(settings: Settings, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """The one client a run uses; tests pass their own (a MockTransport or a local server). Its requests go only
    where its ``AddressGuard`` lets them (``fetch`` asks it at every hop), and connect to the very addresses it checked
    (``transport``: a test's network in place of the one that does so)."""
    guard = AddressGuard()
    # Behind a web proxy (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY in cron's environment: review h9, s36, every source
    # failed), httpx's own transport, which goes through it: the proxy connects, and may be the only one to know the
    # internet's names. The guard still refuses a name this machine resolves to a private address.
    proxied = bool(urllib.request.getproxies())
    client = httpx.Client(
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        timeout=httpx.Timeout(settings.timeout, connect=settings.connect_timeout),
        follow_redirects=False,
        event_hooks={"response": [_refuse_bad_redirects]},
        transport=transport or (None if proxied else _PinnedTransport(guard)),
    )
    guard.proxied = proxied and transport is None
    _GUARDS[client] = guard
    return client


# ---------------------------------------------------------------- where a request may go


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _host(url: str) -> str:
    """The URL's host as httpx connects to it (a name beyond ASCII in its IDNA form), so that the addresses checked
    are those of the name connected to."""
    try:
        return httpx.URL(url).raw_host.decode("ascii").lower()
    except (httpx.InvalidURL, ValueError, UnicodeError):
        return (urlsplit(url).hostname or "").lower()


def resolve_host(host: str) -> tuple[str, ...]:
    """The addresses a host name stands for (DNS), an IP address for itself; socket.gaierror when there are none."""
    if _is_ip(host):
        return (str(ipaddress.ip_address(host.strip("[]"))),)
    found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return tuple(dict.fromkeys(str(info[4][0]) for info in found))


_PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7", "fec0::/10")
)
# IPv6 forms that carry an IPv4 address in their last 32 bits and reach it: NAT64's, SIIT's (::ffff:0:a.b.c.d) and
# the deprecated IPv4-compatible one (::a.b.c.d, tunnelled by a kernel's sit0); Python calls the last two global.
_EMBEDDING_IPV4 = tuple(ipaddress.ip_network(n) for n in ("64:ff9b::/96", "::ffff:0:0:0/96", "::/96"))
_LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")  # (a network's own translator: where it leads, only it knows)

# Where an address is, when not on the internet: each kind is fetched from only for a source on it (an intranet
# newsroom linking within its intranet) or one with allow_private_links; "" is the internet.
ADDRESS_KINDS = {
    "machine": "an address of this machine itself",
    "private": "an address inside a private network",
    "link-local": "a link-local address",  # (where a cloud server's metadata service gives out its credentials)
    "reserved": "a reserved address, not on the internet",
}


def address_kind(ip: str) -> str:
    """Where an IP address is: "" on the internet, else one of ``ADDRESS_KINDS`` (an IPv4 address written in IPv6,
    ::ffff:10.0.0.5, NAT64's 64:ff9b::10.0.0.5 or the like, as the IPv4 address it reaches)."""
    a: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(ip.split("%")[0])
    if isinstance(a, ipaddress.IPv6Address):
        if a.ipv4_mapped is not None:
            a = a.ipv4_mapped
        elif any(a in net for net in _EMBEDDING_IPV4) and int(a) > 1:  # (:: and ::1 are this machine as they stand)
            a = ipaddress.IPv4Address(int(a) & 0xFFFFFFFF)
        elif a in _LOCAL_NAT64:
            return "reserved"
    if a.is_loopback or a.is_unspecified or (a.version == 4 and a in ipaddress.ip_network("0.0.0.0/8")):
        return "machine"  # (0.0.0.0 is this machine too, to a connect() on Linux)
    if a.is_link_local:
        return "link-local"
    if any(a in net for net in _PRIVATE_NETWORKS if net.version == a.version):
        return "private"
    return "" if a.is_global and not a.is_multicast else "reserved"


class AddressGuard:
    """Where a run's requests may go, and the addresses they connect to: each host name is resolved once a run, and
    checked and connected to at the addresses of that one answer (``_PinnedTransport``). So a name answering a
    private address after its check (DNS rebinding: a short-lived answer that changes) still reaches only the address
    that was checked; the next run resolves and checks it anew."""

    def __init__(self) -> None:
        self._found: dict[str, tuple[str, ...]] = {}
        self.proxied = False  # requests go through a web proxy (which resolves the names this machine cannot)
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}

    def addresses(self, host: str) -> tuple[str, ...]:
        """The host's addresses, resolved at its first request of the run; raises its DNS failure (socket.gaierror)."""
        host = host.lower()
        with self._lock:
            lock = self._host_locks.setdefault(host, threading.Lock())
        with lock:  # one look-up per host, however many threads ask
            if host not in self._found:  # (a failure is not kept: a brief DNS outage costs its own requests only)
                self._found[host] = resolve_host(host) or ()
            found = self._found[host]
        if not found:
            raise socket.gaierror(socket.EAI_NONAME, "no address")
        return found

    def kinds(self, url: str) -> frozenset[str]:
        """Where the URL's host is ("" the internet): the networks a source at this URL may link into."""
        try:
            return frozenset(address_kind(a) for a in self.addresses(_host(url)))
        except (OSError, ValueError):
            return frozenset()

    def check(self, url: str, hop: str, allowed: frozenset[str] | None, settings: Settings) -> None:
        """Raise FetchError unless ``hop`` (``url`` or a redirect from it) is on the internet or on a network in
        ``allowed`` (None: anywhere); its host name that cannot be found fails as it would at connecting."""
        host = _host(hop)
        try:
            found = self.addresses(host)
        except OSError as e:
            if self.proxied and not urllib.request.proxy_bypass(host):
                return  # (the proxy resolves it: a name this machine cannot, the internet's)
            failed = httpx.ConnectError(str(e))
            failed.__cause__ = e  # (a DNS failure says so)
            raise transport_failure(url, failed, settings) from None
        if allowed is None:
            return
        for ip in found:
            kind = address_kind(ip)
            if kind and kind not in allowed:
                raise FetchError(url, _refusal(url, hop, host, ip, kind), kind="private_address")


def _refusal(url: str, hop: str, host: str, ip: str, kind: str) -> str:
    how = "links to" if hop == url else f"redirects ({shorten(shown(hop))}) to"
    where = f"{ADDRESS_KINDS[kind]} ({host if _is_ip(host) else f'{shorten(host)}: {ip}'})"
    if kind == "link-local":
        where += ", where a cloud server gives out its own credentials"
    return (
        f"the newsroom {how} {where}: not fetched, since the newsroom's own address is not on that network. If its "
        "releases really are on your intranet, set allow_private_links = true on this source in feeds.toml"
    )


_GUARDS: weakref.WeakKeyDictionary[httpx.Client, AddressGuard] = weakref.WeakKeyDictionary()  # (make_client's)


class _PinnedBackend(httpcore.NetworkBackend):
    """Connect to the addresses the guard resolved and checked, never to a second answer of the name's."""

    def __init__(self, guard: AddressGuard):
        self.guard = guard
        self.network = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            found = self.guard.addresses(host)
        except OSError as e:
            raise httpcore.ConnectError(str(e)) from e
        failure: Exception = httpcore.ConnectError(f"no address for {host}")
        for ip in found:  # each in turn, as socket.create_connection tries a name's addresses
            try:
                return _WatchedStream(self.network.connect_tcp(ip, port, timeout, local_address, socket_options))
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                failure = e
        raise failure

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None
    ) -> httpcore.NetworkStream:
        return self.network.connect_unix_socket(path, timeout, socket_options)

    def sleep(self, seconds: float) -> None:
        self.network.sleep(seconds)


class _WatchedStream(httpcore.NetworkStream):
    """A connection that hands its socket to the watchdog of the request reading or writing it, in this thread: a
    connection kept alive and reused has no connect event for the watchdog's trace hook (review, s38: a server that
    dripped its headers on a reused connection held the request, and a stopping run, to the read timeout per line)."""

    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        _watched(self._inner)
        return self._inner.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        _watched(self._inner)
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _WatchedStream(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


_WATCHING = threading.local()  # the watchdog of the request this thread is making (fetch sets it)


def _watched(stream: httpcore.NetworkStream) -> None:
    watchdog: _Watchdog | None = getattr(_WATCHING, "watchdog", None)
    if watchdog is not None:
        watchdog._hold(stream)


class _PinnedTransport(httpx.HTTPTransport):
    """httpx's own transport (TLS checks the host name as ever), connecting through ``_PinnedBackend``."""

    def __init__(self, guard: AddressGuard):
        super().__init__(verify=_certificates(os.environ.get("SSL_CERT_FILE", ""), os.environ.get("SSL_CERT_DIR", "")))
        self._pool._network_backend = _PinnedBackend(guard)  # (httpx takes no backend of its own)


@functools.lru_cache(maxsize=4)
def _certificates(cert_file: str, cert_dir: str) -> ssl.SSLContext:
    """The TLS context httpx would make (certifi's authorities, or those SSL_CERT_FILE or SSL_CERT_DIR name), made
    once a process for those settings: reading the authorities takes some 70 ms, once for each client made (a run,
    a check of the sources, an install of models), and a process may make many."""
    return httpx.create_ssl_context()


_URL_SPACE = re.compile("^[\x00-\x20]+|[\x00-\x20]+$|[\t\n\r]")


def web_address(url: str) -> str:
    """An address as a browser reads it (the URL standard): spaces and control characters around it and tabs and line
    breaks in it dropped, the rest of the control characters (an ESC a newsroom's feed put in a link), spaces, and
    bidirectional controls written as %XX (``charset.shown``, which leaves spaces be). So it can be asked for, and
    never reaches a terminal or a log as such."""
    return shown(_URL_SPACE.sub("", url)).replace(" ", "%20")


def is_web_url(url: str) -> bool:
    """True for absolute http(s) URLs with a host: the only kind newsflow ever requests."""
    return web_parts(url) is not None


def web_parts(url: str) -> SplitResult | None:
    """``url``'s parts where it is an absolute http(s) URL with a host (``is_web_url``), None otherwise."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return parts if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def shorten(text: str, limit: int = 60) -> str:
    """The first ``limit`` characters of a URL or value for a message, control characters dropped."""
    text = "".join(ch for ch in text if ch.isprintable())
    return text if len(text) <= limit else text[:limit] + "…"


def refresh_target(r: httpx.Response, body: bytes, url: str) -> str:
    """Where an HTML page sends the browser at once (``<meta http-equiv="refresh" content="0; url=…">``, within
    5 seconds), for a page that holds little else: "" for any other page, and for one that reloads itself."""
    if r.status_code != 200 or "html" not in r.headers.get("content-type", "html") or len(body) > 20_000:
        return ""
    page = _HIDDEN.sub("", body[:20_000].decode("utf-8", "replace"))  # not a tag in a comment or <noscript>
    head = page[: m.start()] if (m := _HEAD_END.search(page)) else page
    for tag in _META.findall(head):
        if not _REFRESH.search(tag):
            continue
        found = _REFRESH_CONTENT.search(tag)
        if found and float(found.group(1)) <= 5:
            target = urljoin(url, html.unescape(found.group(2)).strip(" '\""))
            return target if is_web_url(target) and target.split("#")[0] != url.split("#")[0] else ""
    return ""


_META = re.compile(r"<meta\b[^>]*>", re.I)
_HIDDEN = re.compile(r"<!--.*?(?:-->|$)|<noscript\b.*?(?:</noscript\s*>|$)", re.I | re.S)
_HEAD_END = re.compile(r"</head\s*>|<body\b", re.I)
_REFRESH = re.compile(r"http-equiv\s*=\s*[\"']?refresh\b", re.I)
_REFRESH_CONTENT = re.compile(r"content\s*=\s*[\"']?\s*(\d+(?:\.\d+)?)\s*[;,]\s*url\s*=\s*[\"']?([^\"'>]+)", re.I)


def describe_bad_redirect(target: str) -> str:
    """Say where a refused redirect pointed: "redirected to a data: URL (data:text/html,…), which ..."."""
    scheme = ""
    with suppress(ValueError):
        scheme = urlsplit(target).scheme.lower()
    if scheme and scheme not in ("http", "https"):
        return (
            f"redirected to a {scheme}: URL ({shorten(target)}), which newsflow never follows: "
            "it fetches only http(s) URLs"
        )
    return f"the site sent an invalid redirect address ({shorten(shown(target))}), which newsflow cannot follow"


_GZIP_MAGIC = b"\x1f\x8b"  # the first two bytes of every gzip stream (RFC 1952)
# A body that reads as sent: no control character (compressed bytes have some within their first few hundred).
_AS_SENT = re.compile(rb"[^\x00-\x08\x0e-\x1a\x1c-\x1f]*\Z")


class _Inflater:
    """Decompress a Content-Encoding stream, never producing much more than a cap."""

    def __init__(self, encoding: str, limit: int, url: str):
        self.url = url
        self.limit = limit
        self.size = 0
        encoding = encoding.strip().lower()
        self.encoding = encoding
        self.obj: zlib._Decompress | None
        if encoding in ("", "identity"):
            self.obj = None
        elif encoding in ("gzip", "x-gzip"):
            self.obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.obj = zlib.decompressobj()
        else:
            raise FetchError(url, f"unsupported Content-Encoding {encoding!r}", kind="bad_response")
        self.first = True

    @property
    def over(self) -> bool:
        return self.size > self.limit

    def feed(self, data: bytes) -> bytes:
        """Decompress the next chunk; stop once the output passes the cap (see ``over``)."""
        if self.first and self.encoding in ("gzip", "x-gzip") and data and not _GZIP_MAGIC.startswith(data[:2]):
            # Said to be gzip, sent as it is (a server's compression rule over a page already made, or a cache's
            # header kept): no gzip stream starts otherwise. Read as sent, as the rest of the page is; it failed
            # as "corrupt" every night, and the release was never archived. But only a body that reads as sent: one
            # compressed otherwise (zlib's deflate, brotli) was archived as a release of garbled letters (review s43),
            # never asked again; zlib's is read as deflate, any other still said to be corrupt.
            if _AS_SENT.match(data[:512]) or data.startswith(b"%PDF-"):
                self.obj = None
            elif len(data) > 1 and data[0] & 0x8F == 0x08 and int.from_bytes(data[:2], "big") % 31 == 0:
                self.obj = zlib.decompressobj()  # (a zlib header, RFC 1950: deflate, a window of at most 32K)
        if self.obj is None:
            out = data
        else:
            out = b""
            try:
                while data:
                    # Ask for no more than what is left under the cap (+1 to see it is exceeded).
                    piece = self.obj.decompress(data, max(1, self.limit - self.size - len(out) + 1))
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
                raise FetchError(self.url, "the response's compressed body is corrupt", kind="bad_response") from None
            self.first = False
        self.size += len(out)
        return out


class _Watchdog:
    """Enforce a total deadline even inside a blocking read: at the deadline, shut the socket down. The run stopping
    (Ctrl-C, SIGTERM) cuts every request under way the same way, at once (``cut_requests_under_way``)."""

    def __init__(self, deadline: float):
        self.deadline = deadline
        self.fired = False
        self.stopped = False  # fired because the run is stopping, not at the deadline
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True
        self._timer.start()
        with _LIVE_LOCK:
            _LIVE.add(self)

    def watch(self, response: httpx.Response) -> None:
        self._hold(response.extensions.get("network_stream"))

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace hook: hold the socket as soon as it is connected, so that a server dripping its
        headers (each line within the read timeout) is cut at the deadline too, and by a stopping run."""
        if event == "connection.connect_tcp.complete":
            self._hold(info.get("return_value"))

    def _hold(self, stream: Any) -> None:
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is None or sock is self._sock:
            return
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
            with suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)

    def cut_short(self) -> None:
        self.stopped = True
        self._fire()

    def cancel(self) -> None:
        self._timer.cancel()
        with _LIVE_LOCK:
            _LIVE.discard(self)

    def error(self, url: str, cut_off: str) -> FetchError:
        """What a request cut by this watchdog failed with: its deadline's words, or the run stopping (then as a
        request never sent: nothing is recorded against the address, which the next run asks again)."""
        if not self.stopped:
            return FetchError(url, cut_off, kind="timeout")
        return FetchError(url, "the run was stopping: this request was cut short", kind="timeout", sent=False)


_LIVE: set[_Watchdog] = set()  # the requests under way, each by its watchdog
_LIVE_LOCK = threading.Lock()


def cut_requests_under_way() -> None:
    """The run is stopping: end every request under way now (a slow server's answer held a stop up to its timeout)."""
    with _LIVE_LOCK:
        live = list(_LIVE)
    for watchdog in live:
        watchdog.cut_short()


def _causes(e: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    cur: BaseException | None = e
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        yield cur
        cur = cur.__cause__ or cur.__context__


def transport_failure(url: str, e: Exception, settings: Settings) -> FetchError:
    """Turn an httpx transport error into a FetchError with a kind and a plain reason."""
    host = urlsplit(url).hostname or url
    if isinstance(e, httpx.ConnectTimeout):
        return FetchError(url, f"could not connect to {host} within {settings.connect_timeout:g} s", kind="connect")
    if isinstance(e, httpx.TimeoutException):
        return FetchError(url, f"no complete response within {settings.timeout:g} s; cut off", kind="timeout")
    for cause in _causes(e):
        if isinstance(cause, ssl.SSLCertVerificationError):
            detail = cause.verify_message or str(cause)
            return FetchError(
                url,
                f"the secure connection to {host} failed: its certificate could not be verified ({detail})",
                kind="tls",
            )
        if isinstance(cause, ssl.SSLError):
            return FetchError(url, f"the secure connection to {host} failed ({cause.reason or cause})", kind="tls")
        if isinstance(cause, socket.gaierror) and cause.errno == socket.EAI_AGAIN:  # no answer, not "no such name"
            return FetchError(
                url,
                f"no name server answered for {host} (DNS: {cause.strerror or cause}): this machine's network or name "
                "server may be down for now (then every source says so), or the site's; the next run asks again",
                kind="dns",
            )
        if isinstance(cause, socket.gaierror):
            return FetchError(
                url,
                f"the host name {host} could not be found (DNS: {cause.strerror or cause}); "
                "check the URL, or the site may have moved",
                kind="dns",
            )
        if isinstance(cause, ConnectionRefusedError):
            return FetchError(url, f"{host} refused the connection (nothing listens on that port)", kind="connect")
    text = str(e)
    if isinstance(e, httpx.ConnectError):
        if "name or service not known" in text.lower() or "name resolution" in text.lower():
            return FetchError(url, f"the host name {host} could not be found (DNS: {text})", kind="dns")
        if "ssl" in text.lower() or "certificate" in text.lower():
            return FetchError(url, f"the secure connection to {host} failed ({text})", kind="tls")
        return FetchError(url, f"could not connect to {host} ({text or type(e).__name__})", kind="connect")
    return FetchError(url, f"the connection broke mid-answer ({type(e).__name__}: {text})", kind="network")


def fetch(
    client: httpx.Client,
    url: str,
    settings: Settings,
    *,
    etag: str = "",
    last_modified: str = "",
    accept: str = "*/*",
    before_hop: Callable[[str], AbstractContextManager[object]] | None = None,
    limit: int | None = None,
    truncate: bool = False,
    home: str = "",
    anywhere: bool = False,
) -> Response:
    """GET a URL within the limits; raise FetchError with a reason a person can act on.

    With a client of ``make_client``'s, the URL and each redirect go only to the internet or to the kind of network
    ``home`` is on (the source's own address, whose link ``url`` is; "": ``url`` itself, an address configured), or
    with ``anywhere`` (the source's ``allow_private_links``) anywhere: a newsroom on the internet never sends newsflow
    to this machine, into the intranet, or to a cloud server's metadata.

    ``before_hop(url)`` is entered around each request, redirects included (the Fetcher's
    robots.txt check and per-host politeness gate). The ``settings.timeout`` deadline covers
    the requests themselves, from the moment ``before_hop`` lets each one start: waiting for
    one's turn is not the request. ``limit`` (default ``settings.max_bytes``) caps the body
    after decompression; over it is an error, or with ``truncate`` the first ``limit`` bytes
    are returned (marked ``truncated``).
    """
    _ensure_redirect_check(client)
    guard = _GUARDS.get(client)
    allowed = None if guard is None or anywhere else guard.kinds(home or url) | {""}
    limit = settings.max_bytes if limit is None else limit
    budget = settings.timeout  # seconds of request time left, across redirects
    headers = {"Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    cut_off = f"no complete response within {settings.timeout:g} s; cut off"
    seen: list[str] = []
    current = url
    status = 0
    cookie_check = False  # the last hop set a cookie: back to an address seen, now with it, is no loop
    moved_to, moving = "", True  # the address reached by permanent redirects alone, from the URL asked for
    for _ in range(MAX_REDIRECTS + 1):
        if not is_web_url(current):
            if current == url:
                raise FetchError(
                    url, f"refused to fetch a non-http(s) URL: {shorten(current, 200)!r}", kind="invalid_url"
                )
            raise FetchError(url, describe_bad_redirect(current), status, kind="redirect")
        if current in seen and not cookie_check:
            raise FetchError(url, f"redirect loop at {current}", status, kind="redirect")
        seen.append(current)
        cookie_check = False
        if budget <= 0:
            raise FetchError(url, cut_off, kind="timeout")
        if guard is not None:
            guard.check(url, current, allowed, settings)  # (before its host's robots.txt is asked for)
        watchdog: _Watchdog | None = None
        try:
            with before_hop(current) if before_hop else nullcontext():
                deadline = time.monotonic() + budget  # the clock starts now, after any wait for our turn
                watchdog = _WATCHING.watchdog = _Watchdog(deadline)
                timeout = httpx.Timeout(budget, connect=min(settings.connect_timeout, budget))
                trace = {"trace": watchdog.trace}  # (a new connection's socket, before its headers come)
                with client.stream("GET", current, headers=headers, timeout=timeout, extensions=trace) as r:
                    watchdog.watch(r)
                    if r.status_code in REDIRECT_STATUSES and "location" in r.headers:
                        status = r.status_code
                        cookie_check = "set-cookie" in r.headers  # a load balancer's or consent gate's check
                        # (as asked for next, and as sources.moved_to keeps it: never a raw quote or control)
                        current = written(joined := urljoin(current, r.headers["location"].strip())) or joined
                        # A consent gate's or a login's redirect, even a "permanent" one, is no new address.
                        moving = moving and status in PERMANENT_REDIRECTS and not cookie_check
                        moved_to = current if moving else moved_to
                        budget = deadline - time.monotonic()
                        continue
                    body, truncated = _read_body(r, current, limit, deadline, cut_off, truncate)
                    if watchdog.fired:  # the shut-down socket read as an end of body: it is not one
                        raise watchdog.error(url, cut_off)
                    if (hop := refresh_target(r, body, current)) and not truncated:
                        status, current, budget = r.status_code, written(hop) or hop, deadline - time.monotonic()
                        moving = False  # a page that sends the browser on has not moved: what follows says nothing
                        continue  # a page that only sends the browser on ("Redirecting…"), as a redirect
                    return Response(
                        url=current,
                        status=r.status_code,
                        headers={k.lower(): v for k, v in r.headers.items()},
                        content=body,
                        truncated=truncated,
                        moved_to=moved_to,  # (never the URL asked for: a redirect back to it is a loop)
                    )
        except FetchError as e:
            raise _redirected(url, current, e) from None
        except _BadRedirect as e:
            raise FetchError(url, describe_bad_redirect(e.target), e.status, kind="redirect") from None
        except (httpx.TimeoutException, httpx.TransportError, httpx.StreamError) as e:
            if watchdog is not None and watchdog.fired and not isinstance(e, httpx.ConnectTimeout):
                raise watchdog.error(url, cut_off) from None
            raise _redirected(url, current, transport_failure(current, e, settings)) from None
        except httpx.InvalidURL as e:
            # The hook above names the target of a bad redirect; this is what it could not foresee.
            raise FetchError(
                url, f"refused to follow a redirect to an invalid URL: {e}", status, kind="redirect"
            ) from None
        except httpx.HTTPError as e:
            raise FetchError(url, f"{type(e).__name__}: {e}", kind="network") from None
        except (ValueError, UnicodeError) as e:  # malformed URLs or headers from the far end
            raise FetchError(url, f"invalid request or response: {e}", kind="bad_response") from None
        finally:
            _WATCHING.watchdog = None
            if watchdog is not None:
                watchdog.cancel()
    raise FetchError(url, f"more than {MAX_REDIRECTS} redirects", status, kind="redirect")


def _read_body(
    r: httpx.Response, url: str, limit: int, deadline: float, cut_off: str, truncate: bool
) -> tuple[bytes, bool]:
    """The decompressed body within ``limit`` (an error over it, or the first ``limit`` bytes)."""
    if r.status_code == 304:
        return b"", False
    declared = r.headers.get("content-length", "")
    if not truncate and declared.isdigit() and int(declared) > limit:
        raise FetchError(url, f"response of {int(declared):,} bytes is over the {limit:,} byte cap", kind="too_large")
    inflater = _Inflater(r.headers.get("content-encoding", ""), limit, url)
    parts: list[bytes] = []
    raw = 0
    if r.is_stream_consumed:  # a response built in memory (httpx.MockTransport): already decoded
        chunks: Iterable[bytes] = [r.content]
        inflater = _Inflater("", limit, url)
    else:
        chunks = r.iter_raw()  # each network read as it arrives, so the deadline is checked between reads
    for chunk in chunks:
        raw += len(chunk)
        if raw > limit and not truncate:
            raise FetchError(url, f"response larger than {limit:,} bytes; cut off", kind="too_large")
        parts.append(inflater.feed(chunk))
        if inflater.over or raw > limit:
            if not truncate:
                raise FetchError(url, f"response larger than {limit:,} bytes (decompressed); cut off", kind="too_large")
            return b"".join(parts)[:limit], True
        if time.monotonic() > deadline:
            raise FetchError(url, cut_off, kind="timeout")
    return b"".join(parts), False


# ---------------------------------------------------------------- politeness


def host_key(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    return f"{parts.scheme.lower()}://{(parts.hostname or '').lower()}:{port}"


class _HostGate:
    """At most ``concurrency`` requests to one host at a time, starts at least ``delay`` apart."""

    def __init__(self, concurrency: int, delay: float, stop: threading.Event | None = None):
        self.slots = threading.Semaphore(concurrency)
        self.delay = delay
        self.lock = threading.Lock()
        self.next_start = 0.0
        self.stop = stop or threading.Event()  # set: waiting ends at once (the run is stopping)

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
                self.stop.wait(start - now)  # a politeness wait, cut short when the run stops
            yield


ROBOTS_TTL = 24 * 3600
ROBOTS_AGENT = "newsflow"
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309 2.5: parse at least the first 500 KiB; we read that much and use it
MAX_CRAWL_DELAY = 60.0
UNREACHABLE_HOST_KINDS = ("dns", "connect", "tls")
# A host whose requests ran out of time (or could not connect) this many times in a row, with no answer between, gets
# no more requests in the run: a stalled server cost a run a whole timeout per link (50 links, 12 minutes) every night.
STALLED_HOST_FAILURES = 3
STALLED_KINDS = ("timeout", "connect")


def parse_retry_after(value: str) -> float | None:
    """Seconds to wait, from a Retry-After header (seconds or an HTTP date)."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    when = http_date(value)
    return None if when is None else max(0.0, (when - datetime.now(UTC)).total_seconds())


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


def _redirected(url: str, current: str, error: FetchError) -> FetchError:
    """``error``, met at ``current`` where ``url`` redirected, said of ``url`` (what feeds.toml or the listing gives)
    with where it led: a feed's 301 to an https address whose secure connection fails named only the https one, as
    if feeds.toml said it. ``error`` itself where no redirect was followed."""
    if current == url or error.url != current:
        return error
    reason = f"{error.reason}; at {shorten(current, 200)}, where the address redirects"
    return FetchError(url, reason, error.status, error.retry_after, kind=error.kind, sent=error.sent)


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def robots_failure(url: str, entry: RobotsEntry, settings: Settings) -> FetchError | None:
    """Why nothing may be fetched from ``url``'s host for now, given its robots.txt answer; None: go ahead.

    RFC 9309 2.3.1.4: while robots.txt is unreachable (no answer, 5xx) the whole host is
    off limits. An unreachable host is said to be one; any other trouble names robots.txt.
    """
    where = robots_url(url)
    if entry.status >= 500:
        return FetchError(
            url,
            f"robots.txt unreachable (HTTP {entry.status}); not fetching this host for now: "
            f"newsflow asks again next run",
            entry.status,
            kind="robots",
        )
    if entry.status:
        return None
    if entry.kind in UNREACHABLE_HOST_KINDS:
        return FetchError(url, f"cannot reach the host: {entry.body}", kind=entry.kind)
    if entry.kind == "timeout":
        return FetchError(
            url,
            f"the site's robots.txt ({where}) did not arrive within {settings.timeout:g} s (a "
            "slow or stalled server); newsflow reads a host's robots.txt before fetching anything "
            "there, so it skips this host until the next run",
            kind="robots",
        )
    return FetchError(
        url,
        f"the site's robots.txt ({where}) could not be read: {entry.body}; newsflow skips this host until the next run",
        kind="robots",
    )


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
        self.stopping = threading.Event()  # set when the run stops (Ctrl-C, SIGTERM): no request is started after
        self._closed: dict[str, tuple[float, int]] = {}  # host -> until when (monotonic) it asked for none, status
        self._clock: dict[str, float] = {}  # host -> its first answer's Date less this machine's time, in seconds
        self._stalls: dict[str, list[FetchError]] = {}  # host -> its requests that found no answer since its last

    def _note_clock(self, response: Response) -> None:
        """Keep how far the host's clock, by its response's ``Date``, is from this machine's (its first answer)."""
        key = host_key(response.url)
        if key in self._clock or (served := http_date(response.headers.get("date", ""))) is None:
            return
        skew = served.timestamp() - time.time()
        # A cache's copy may keep the origin's Date (then Date + Age is the time) or send its own with the Age of its
        # copy (Cloudflare): the host counts as off only where both readings are, by the nearer one.
        age = response.headers.get("age", "").strip()
        aged = skew + (int(age) if age.isdigit() and len(age) < 10 else 0)
        nearer = min(skew, aged, key=abs) if (skew > 0) == (aged > 0) else 0.0
        with self._lock:
            self._clock.setdefault(key, nearer)

    def clock_right(self) -> bool:
        """Whether most of the hosts answered this run, one at least, give a Date within a day of this machine's."""
        with self._lock:
            skews = list(self._clock.values())
        return sum(abs(s) <= CLOCK_SLACK for s in skews) * 2 > len(skews) > 0

    def clock_behind(self) -> float:
        """Seconds this machine's clock is behind the web servers' (negative: ahead) where most of the hosts
        answered this run, two at least, agree that it is more than a day off; otherwise 0."""
        with self._lock:
            skews = sorted(self._clock.values())
        for off in ([s for s in skews if s > CLOCK_SLACK], [s for s in skews if s < -CLOCK_SLACK]):
            if len(off) >= 2 and len(off) * 2 > len(skews):
                return off[len(off) // 2]
        return 0.0

    def _gate(self, key: str) -> _HostGate:
        with self._lock:
            if key not in self._gates:
                self._gates[key] = _HostGate(self.settings.per_host, self.settings.min_delay, self.stopping)
            return self._gates[key]

    def _robots_for(self, url: str) -> RobotFileParser | None:
        """The host's robots rules (None: everything allowed); FetchError while it cannot be read."""
        key = host_key(url)
        with self._lock:
            lock = self._robots_locks.setdefault(key, threading.Lock())
        with lock:  # one robots.txt request per host, however many threads ask
            entry = self.robots.get(key)
            # Asked anew after a day, or when kept from the future (a run whose clock was ahead).
            if entry is None or not 0 <= time.time() - entry.fetched <= ROBOTS_TTL:
                entry = self._fetch_robots(url)
                self.robots[key] = entry
                self._parsed.pop(key, None)
            if key not in self._parsed:
                self._parsed[key] = self._parse_robots(key, entry)
            failure = robots_failure(url, entry, self.settings)
            if failure is not None:
                raise failure
            return self._parsed[key]

    def _fetch_robots(self, url: str) -> RobotsEntry:
        where = robots_url(url)
        try:
            with self._gate(host_key(url))():
                with self._lock:
                    self.requests += 1
                # Its own limit, whatever max_bytes says: RFC 9309 asks for at least 500 KiB.
                r = fetch(self.client, where, self.settings, accept="text/plain", limit=ROBOTS_MAX_BYTES, truncate=True)
            self._note_clock(r)
        except FetchError as e:
            if e.kind == "redirect":
                # RFC 9309 2.3.1.2: a robots.txt behind redirects that cannot be followed counts as
                # unavailable, as a 4xx does: no rules. Kept with its status, so asked again tomorrow.
                log.warning(
                    "robots.txt %s: %s; treated as absent (RFC 9309), so all pages are allowed", where, e.reason
                )
                return RobotsEntry(time.time(), e.status or REDIRECT_STATUSES[1], e.reason, e.kind)
            return RobotsEntry(time.time(), e.status, e.reason, e.kind)
        if not 200 <= r.status < 300:
            return RobotsEntry(time.time(), r.status, "")
        content = r.content
        if r.truncated:
            content = content[: content.rfind(b"\n") + 1]  # never a rule cut in half
            log.warning(
                "robots.txt %s is larger than %d KiB; newsflow uses its first %d KiB (RFC 9309)",
                where,
                ROBOTS_MAX_BYTES // 1024,
                ROBOTS_MAX_BYTES // 1024,
            )
        return RobotsEntry(time.time(), r.status, content.decode("utf-8", "replace"))

    def _parse_robots(self, key: str, entry: RobotsEntry) -> RobotFileParser | None:
        if not (200 <= entry.status < 300):
            return None  # 4xx (or redirects that cannot be followed): no robots.txt, everything allowed
        rp = RobotFileParser()
        rp.parse(entry.body.splitlines())
        delay = crawl_delay(entry.body, ROBOTS_AGENT)
        if delay:
            gate = self._gate(key)
            gate.delay = max(gate.delay, min(float(delay), MAX_CRAWL_DELAY))
        return rp

    @contextmanager
    def _hop(self, url: str) -> Iterator[None]:
        rules = self._robots_for(url)
        if rules is not None and not rules.can_fetch(ROBOTS_AGENT, url):
            raise FetchError(url, "disallowed by the site's robots.txt", kind="robots")
        with self._gate(host_key(url))():
            self._may_ask(url)  # (again: the run may have stopped, or the host closed, while this waited its turn)
            self._not_stalled(url)
            with self._lock:
                self.requests += 1
            yield

    def _may_ask(self, url: str) -> None:
        """Raise FetchError when no request may be sent to this URL's host now: the run is stopping, or the host
        answered a Retry-After longer than the run waits (``max_retry_after``) and that time has not passed."""
        refusal = None
        if self.stopping.is_set():
            refusal = FetchError(url, "not requested: the run was stopped", kind="network", sent=False)
        until, status = self._closed.get(host_key(url), (0.0, 0))
        if refusal is None and until > time.monotonic():
            wait = until - time.monotonic()
            reason = f"not requested: the site answered {status} and asked for no requests for {wait:.0f} s more"
            refusal = FetchError(url, reason, status=status, retry_after=wait, sent=False)
        if refusal is not None:
            raise refusal

    def _not_stalled(self, url: str) -> None:
        """Raise FetchError when the URL's host gave no answer to its last STALLED_HOST_FAILURES requests in this run
        (each cut off at the timeout, or no connection): its other links fail at once, and are asked next run."""
        with self._lock:
            stalls = list(self._stalls.get(host_key(url), ()))
        if len(stalls) >= STALLED_HOST_FAILURES:
            host = urlsplit(url).hostname or url
            refusal = FetchError(
                url,
                f"not requested: {host} answered none of its last {len(stalls)} requests in this run "
                f"({stalls[-1].reason})",
                kind=stalls[-1].kind,
                sent=False,  # never asked: no failure of its link or source (asked next run, as after a 429)
            )
            raise refusal

    def _fetch_noting_stalls(self, url: str, **kwargs: Any) -> Response:
        """``fetch``, keeping count of the host's requests in a row that ran out of time or found no connection."""
        try:
            r = fetch(self.client, url, self.settings, **kwargs)
        except FetchError as e:
            if e.sent and not e.reason.startswith("not requested"):
                with self._lock:  # (an answer that is refused, too large or a redirect loop is an answer)
                    if e.kind in STALLED_KINDS:
                        self._stalls.setdefault(host_key(url), []).append(e)
                    else:
                        self._stalls.pop(host_key(url), None)
            raise
        with self._lock:
            self._stalls.pop(host_key(url), None)
        return r

    def get(
        self, url: str, *, etag: str = "", last_modified: str = "", accept: str = "*/*", source: Source | None = None
    ) -> Response:
        """A polite, bounded GET. 429/503 with a short Retry-After are retried; HTTP errors raise. ``source``: whose
        link ``url`` is (an article, a listing's next page, a PDF): it leads only where the source may (see fetch)."""
        for attempt in range(3):
            self._may_ask(url)
            self._not_stalled(url)
            r = self._fetch_noting_stalls(
                url,
                etag=etag,
                last_modified=last_modified,
                accept=accept,
                before_hop=self._hop,
                home=source.url if source is not None else "",
                anywhere=source is not None and source.allow_private_links,
            )
            self._note_clock(r)
            if r.status in (429, 503):
                wait = parse_retry_after(r.headers.get("retry-after", ""))
                if wait is not None:
                    if wait > self.settings.max_retry_after:
                        # Longer than a run waits: no further request to that host in this run (each would only be
                        # refused again, and the site asked for none); the sources back off until then.
                        with self._lock:
                            self._closed[host_key(r.url)] = (time.monotonic() + wait, r.status)
                    else:
                        self._gate(host_key(r.url)).push_back(wait)
                    if wait <= self.settings.max_retry_after and attempt < 2:
                        continue  # the gate holds this host's requests until then (not counted as request time)
                    raise FetchError(
                        url, f"HTTP {r.status}: asked to retry after {wait:.0f} s", status=r.status, retry_after=wait
                    )
            return check_status(r)
        return check_status(r)


def check_status(response: Response) -> Response:
    """Turn an HTTP error status into a FetchError; pass 2xx and 304 through."""
    if response.status == 304 or 200 <= response.status < 300:
        return response
    meaning = HTTP_MEANINGS.get(response.status) or ("server error" if response.status >= 500 else "")
    raise FetchError(
        response.url, f"HTTP {response.status}" + (f" ({meaning})" if meaning else ""), status=response.status
    )


HTTP_MEANINGS = {
    400: "bad request",
    401: "a login is required",
    403: "forbidden",
    404: "not found",
    410: "gone: removed for good",
    429: "too many requests",
    451: "unavailable for legal reasons",
}
