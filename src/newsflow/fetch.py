"""HTTP: one injected httpx client, conditional GET, and hard limits on every request.

Every request has a total deadline (httpx's timeouts apply per read, so a server
dripping a byte a second would never trip them), a cap on the body size that is
enforced on the *decompressed* bytes as they grow, at most ``MAX_REDIRECTS``
redirects, and only http(s) URLs at every hop.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from .config import Settings

MAX_REDIRECTS = 5


class FetchError(Exception):
    """A request that did not give a usable response; the message says why."""

    def __init__(self, url: str, reason: str, status: int = 0):
        super().__init__(f"{reason} ({url})")
        self.url = url
        self.reason = reason
        self.status = status


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


def fetch(
    client: httpx.Client,
    url: str,
    settings: Settings,
    *,
    etag: str = "",
    last_modified: str = "",
    accept: str = "*/*",
) -> Response:
    """GET a URL within the limits; raise FetchError with a reason a person can act on."""
    deadline = time.monotonic() + settings.timeout
    headers = {"Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    seen: list[str] = []
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        if not is_web_url(current):
            raise FetchError(url, f"refused to fetch a non-http(s) URL: {current[:200]!r}")
        if current in seen:
            raise FetchError(url, f"redirect loop at {current}")
        seen.append(current)
        try:
            with client.stream("GET", current, headers=headers) as r:
                if r.status_code in (301, 302, 303, 307, 308) and "location" in r.headers:
                    current = urljoin(current, r.headers["location"].strip())
                    continue
                body = _read_body(r, current, settings, deadline)
                return Response(
                    url=current,
                    status=r.status_code,
                    headers={k.lower(): v for k, v in r.headers.items()},
                    content=body,
                )
        except FetchError:
            raise
        except httpx.TimeoutException:
            raise FetchError(url, f"timed out after {settings.timeout:g} s") from None
        except httpx.InvalidURL as e:
            # Our own URL was checked above: httpx builds the redirect's request even when not
            # following it, so this is a Location header with an invalid or non-http(s) URL.
            raise FetchError(url, f"refused to follow a redirect to an invalid or non-http(s) URL: {e}") from None
        except (httpx.HTTPError, httpx.StreamError) as e:
            raise FetchError(url, f"{type(e).__name__}: {e}") from None
        except (ValueError, UnicodeError) as e:  # malformed URLs or headers from the far end
            raise FetchError(url, f"invalid request or response: {e}") from None
    raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")


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


def check_status(response: Response) -> Response:
    """Turn an HTTP error status into a FetchError; pass 2xx and 304 through."""
    if response.status == 304 or 200 <= response.status < 300:
        return response
    raise FetchError(response.url, f"HTTP {response.status}", status=response.status)
