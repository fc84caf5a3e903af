"""Every request is bounded: deadline, size (decompressed), redirects, schemes."""

from __future__ import annotations

import gzip
import socket
import ssl
import threading
import time
import zlib

import httpx
import pytest

from newsflow.config import Settings
from newsflow.fetch import FAILURE_KINDS, Fetcher, FetchError, check_status, fetch, make_client

SETTINGS = Settings(timeout=2, connect_timeout=1, max_bytes=100_000)


@pytest.fixture
def client():
    c = make_client(SETTINGS)
    yield c
    c.close()


def test_conditional_get_sends_validators_and_304_has_no_body(server, client):
    server.add("/feed", "<rss/>", etag='"v1"')
    first = fetch(client, server.url("/feed"), SETTINGS)
    assert first.status == 200 and first.etag == '"v1"'
    second = fetch(
        client, server.url("/feed"), SETTINGS, etag=first.etag, last_modified="Mon, 01 Jan 2024 00:00:00 GMT"
    )
    assert second.not_modified and second.content == b""
    headers = server.requests[-1][1]
    assert headers["If-None-Match"] == '"v1"' and headers["If-Modified-Since"].startswith("Mon, 01 Jan 2024")
    assert "newsflow/" in headers["User-Agent"]


def test_redirect_chain_is_followed_and_a_loop_is_refused(server, client):
    server.add("/a", status=301, headers={"Location": "/b"})
    server.add("/b", status=302, headers={"Location": server.url("/c")})
    server.add("/c", "done")
    r = fetch(client, server.url("/a"), SETTINGS)
    assert r.content == b"done" and r.url == server.url("/c")
    server.add("/x", status=302, headers={"Location": "/y"})
    server.add("/y", status=302, headers={"Location": "/x"})
    with pytest.raises(FetchError, match="loop"):
        fetch(client, server.url("/x"), SETTINGS)
    for i in range(7):
        server.add(f"/r{i}", status=302, headers={"Location": f"/r{i + 1}"})
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(client, server.url("/r0"), SETTINGS)


def test_a_cookie_check_redirecting_to_the_same_address_is_followed_once_the_cookie_is_set(server, client):
    # Load balancers and consent gates answer a first visit with a cookie and a redirect to the same page.
    def gate(handler, accept=True):
        if accept and "visited=1" in (handler.headers.get("Cookie") or ""):
            handler.send_response(200)
            handler.send_header("Content-Length", "4")
            handler.end_headers()
            handler.wfile.write(b"page")
            return
        handler.send_response(302)
        handler.send_header("Set-Cookie", "visited=1; Path=/")
        handler.send_header("Location", handler.path)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    server.add("/gated", handler=gate)
    r = fetch(client, server.url("/gated"), SETTINGS)
    assert r.content == b"page" and r.url == server.url("/gated")
    server.add("/never", handler=lambda h: gate(h, accept=False))  # a gate that never lets anyone in: bounded
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(client, server.url("/never"), SETTINGS)


@pytest.mark.parametrize(
    "target", ["file:///etc/passwd", "ftp://example.com/x", "data:text/html,hi", "javascript:alert(1)"]
)
def test_redirect_to_another_scheme_is_refused_naming_the_target(server, client, target):
    server.add("/evil", status=302, headers={"Location": target})
    with pytest.raises(FetchError) as e:
        fetch(client, server.url("/evil"), SETTINGS)
    scheme = target.split(":")[0]
    assert e.value.reason == (
        f"redirected to a {scheme}: URL ({target}), which newsflow never follows: it fetches only http(s) URLs"
    )
    assert e.value.kind == "redirect" and e.value.status == 302
    assert server.hits("/evil") == 1


def test_slow_drip_is_cut_at_the_total_deadline(server, client):
    server.add("/drip", b"x" * 100, drip=0.1)  # 10 s in all, a byte every 0.1 s: no read ever times out
    start = time.monotonic()
    with pytest.raises(FetchError, match="within 2 s|timed out"):
        fetch(client, server.url("/drip"), SETTINGS)
    assert time.monotonic() - start < 4


def _header_dripper(stop: threading.Event, answered_first: bool = False) -> tuple[socket.socket, int]:
    """A server that sends its status line, then one header line every 0.2 s for 20 s: each read comes well within
    any read timeout, so only the request's total deadline can end it (``answered_first``: a connection's first
    request is answered at once, and kept alive; its second is dripped)."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve(conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                if answered_first:
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\n<rss/>")
                    conn.recv(65536)  # the second request, on the same connection
                conn.sendall(b"HTTP/1.1 200 OK\r\n")
                for i in range(100):
                    if stop.wait(0.2):
                        return
                    conn.sendall(b"X-Line-%d: b\r\n" % i)
                conn.sendall(b"Content-Length: 0\r\n\r\n")
            except OSError:
                pass

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return listener, listener.getsockname()[1]


def test_headers_dripped_line_by_line_are_cut_at_the_total_deadline(client):
    # (cron probe s38: the deadline's watchdog only had the socket once the headers were in, so a server dripping
    # header lines held a request, and a stopping run, for as long as it dripped)
    stop = threading.Event()
    listener, port = _header_dripper(stop)
    try:
        start = time.monotonic()
        with pytest.raises(FetchError, match="within 2 s") as e:
            fetch(client, f"http://127.0.0.1:{port}/feed.xml", SETTINGS)
        assert e.value.kind == "timeout" and time.monotonic() - start < 6
    finally:
        stop.set()
        listener.close()


def test_headers_dripped_on_a_connection_kept_alive_are_cut_at_the_deadline(client):
    # (review, s38: a reused connection has no connect event, so the watchdog had no socket till the headers ended)
    stop = threading.Event()
    listener, port = _header_dripper(stop, answered_first=True)
    try:
        assert fetch(client, f"http://127.0.0.1:{port}/a", SETTINGS).content == b"<rss/>"
        start = time.monotonic()
        with pytest.raises(FetchError, match="within 2 s"):
            fetch(client, f"http://127.0.0.1:{port}/b", SETTINGS)
        assert time.monotonic() - start < 6
    finally:
        stop.set()
        listener.close()


def test_a_stopping_run_cuts_a_request_still_reading_headers():
    from newsflow.fetch import cut_requests_under_way

    settings = Settings(timeout=30, connect_timeout=1, max_bytes=100_000)
    stop = threading.Event()
    listener, port = _header_dripper(stop)
    failed: list[FetchError] = []
    c = make_client(settings)

    def ask() -> None:
        try:
            fetch(c, f"http://127.0.0.1:{port}/feed.xml", settings)
        except FetchError as err:
            failed.append(err)

    try:
        asker = threading.Thread(target=ask)
        asker.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and asker.is_alive():
            cut_requests_under_way()  # (until the request is under way and cut: no fixed wait for it to start)
            asker.join(0.1)
        assert not asker.is_alive(), "the request went on reading headers after the run stopped"
        assert failed and "run was stopping" in str(failed[0])
    finally:
        stop.set()
        listener.close()
        c.close()


def test_oversize_body_is_cut_off(server, client):
    server.add("/big", b"a" * 300_000)
    with pytest.raises(FetchError, match="larger than|over the"):
        fetch(client, server.url("/big"), SETTINGS)
    # no Content-Length to go by: cut while streaming
    server.add("/stream", b"a" * 300_000, drip=0.0, headers={"Content-Length": "999"})
    server.routes["/stream"].headers.pop("Content-Length")
    server.routes["/stream"].handler = _stream_without_length
    with pytest.raises(FetchError, match="larger than"):
        fetch(client, server.url("/stream"), SETTINGS)


def _stream_without_length(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Connection", "close")
    handler.end_headers()
    try:
        for _ in range(30):
            handler.wfile.write(b"a" * 10_000)
    except (BrokenPipeError, ConnectionResetError):
        pass
    handler.close_connection = True


def test_gzip_bomb_is_cut_off_as_it_inflates(server, client):
    bomb = gzip.compress(b"\0" * 50_000_000)  # 50 MB of zeros in ~50 KB
    assert len(bomb) < SETTINGS.max_bytes
    server.add("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="decompressed"):
        fetch(client, server.url("/bomb"), SETTINGS)


def test_gzip_and_raw_deflate_bodies_are_decoded(server, client):
    text = "Seinäjoki " * 100
    server.add("/gz", gzip.compress(text.encode()), headers={"Content-Encoding": "gzip"})
    raw = zlib.compressobj(wbits=-15)
    server.add("/deflate", raw.compress(text.encode()) + raw.flush(), headers={"Content-Encoding": "deflate"})
    assert fetch(client, server.url("/gz"), SETTINGS).content.decode() == text
    assert fetch(client, server.url("/deflate"), SETTINGS).content.decode() == text


def test_connection_refused_and_http_errors_are_fetch_errors(client):
    with pytest.raises(FetchError):
        fetch(client, "http://127.0.0.1:9/", SETTINGS)
    with pytest.raises(FetchError, match="HTTP 500"):
        transport = httpx.MockTransport(lambda request: httpx.Response(500))
        with httpx.Client(transport=transport) as c:
            check_status(fetch(c, "https://example.fi/", SETTINGS))


def test_a_server_that_sends_headers_and_then_stalls_is_cut_at_the_deadline(server, client):
    def stall(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        handler.wfile.write(b"x" * 10)
        handler.wfile.flush()
        time.sleep(6)

    server.add("/stall", handler=stall)
    settings = Settings(timeout=1.5, connect_timeout=1)
    start = time.monotonic()
    with pytest.raises(FetchError, match="within 1.5 s"):
        fetch(client, server.url("/stall"), settings)
    assert time.monotonic() - start < 2.5


def test_a_long_data_url_is_shown_by_its_first_60_characters_with_any_client(server):
    target = "data:text/html;base64," + "PHNjcmlwdD4" * 50
    server.add("/d", status=301, headers={"Location": target})
    # a client made elsewhere (tests, other tools) gets the same check: fetch adds it on first use
    with httpx.Client() as plain, pytest.raises(FetchError) as e:
        fetch(plain, server.url("/d"), SETTINGS)
    assert f"redirected to a data: URL ({target[:60]}…), which newsflow never follows" in str(e.value)
    assert target[:61] not in str(e.value) and e.value.kind == "redirect"


def test_a_redirect_to_an_invalid_url_says_so(server, client):
    server.add("/v6", status=302, headers={"Location": "http://[bad"})
    with pytest.raises(FetchError, match=r"the site sent an invalid redirect address \(http://\[bad\)") as e:
        fetch(client, server.url("/v6"), SETTINGS)
    assert e.value.kind == "redirect"


# ---------------------------------------------------------------- failure kinds


def _mock(handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def _raise(exc: Exception):
    def handler(request):
        raise exc

    return handler


def _chained(outer: Exception, cause: BaseException) -> Exception:
    outer.__cause__ = cause
    return outer


@pytest.mark.parametrize(
    "make_error,kind,words",
    [
        (
            lambda: _chained(
                httpx.ConnectError("[Errno -2] Name or service not known"),
                socket.gaierror(-2, "Name or service not known"),
            ),
            "dns",
            "host name news.example.fi could not be found",
        ),
        (
            lambda: _chained(httpx.ConnectError("certificate verify failed"), _cert_error()),
            "tls",
            "certificate could not be verified",
        ),
        (
            lambda: _chained(
                httpx.ConnectError("[Errno 111] Connection refused"), ConnectionRefusedError(111, "refused")
            ),
            "connect",
            "refused the connection",
        ),
        (lambda: httpx.ConnectTimeout("timed out"), "connect", "could not connect to news.example.fi within 1 s"),
        (lambda: httpx.ReadTimeout("timed out"), "timeout", "no complete response within 2 s"),
        (lambda: httpx.RemoteProtocolError("peer closed connection"), "network", "connection broke"),
    ],
)
def test_transport_failures_have_a_kind_and_a_plain_reason(make_error, kind, words):
    with _mock(_raise(make_error())) as c, pytest.raises(FetchError) as e:
        fetch(c, "https://news.example.fi/feed", SETTINGS)
    assert e.value.kind == kind and words in str(e.value)


def _cert_error() -> ssl.SSLCertVerificationError:
    err = ssl.SSLCertVerificationError(1, "certificate verify failed")
    err.verify_message = "certificate has expired"
    return err


def test_every_failure_kind_is_from_the_vocabulary(server, client):
    server.add("/gone", status=410)
    server.add("/down", status=503)
    server.add("/big", b"a" * 300_000)
    server.add("/corrupt", b"\x1f\x8bnot gzip at all", headers={"Content-Encoding": "gzip"})
    server.add("/brotli", b"x", headers={"Content-Encoding": "br"})
    server.add("/x", status=302, headers={"Location": "/y"})
    server.add("/y", status=302, headers={"Location": "/x"})
    cases = {
        "/gone": "http_4xx",
        "/down": "http_5xx",
        "/big": "too_large",
        "/corrupt": "bad_response",
        "/brotli": "bad_response",
        "/x": "redirect",
    }
    for path, kind in cases.items():
        with pytest.raises(FetchError) as e:
            check_status(fetch(client, server.url(path), SETTINGS))
        assert e.value.kind == kind, (path, e.value)
    with pytest.raises(FetchError) as e:
        fetch(client, "ftp://example.fi/feed", SETTINGS)
    assert e.value.kind == "invalid_url"
    assert set(FAILURE_KINDS) >= {
        "timeout",
        "too_large",
        "http_4xx",
        "http_5xx",
        "robots",
        "redirect",
        "parse",
        "tls",
        "dns",
        "connect",
    }
    assert FetchError("u", "HTTP 404", 404).kind == "http_4xx" and FetchError("u", "x").kind == "network"
    with pytest.raises(FetchError, match=r"^HTTP 410 \(gone: removed for good\)"):
        check_status(fetch(client, server.url("/gone"), SETTINGS))
    with pytest.raises(ValueError, match="unknown failure kind"):
        FetchError("u", "x", kind="oops")


# ---------------------------------------------------------------- politeness is not request time


def _recording(starts: list[float], body: bytes = b"ok", drip: float = 0.0):
    def handler(h):
        starts.append(time.monotonic())
        h.send_response(200)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        try:
            for i in range(len(body)):
                h.wfile.write(body[i : i + 1])
                h.wfile.flush()
                if drip:
                    time.sleep(drip)
        except (BrokenPipeError, ConnectionResetError):
            pass

    return handler


def _sends(client) -> list[tuple[str, float]]:
    """When the client sends each request (path, time): the fetcher's spacing, which a loaded test server's
    handlers, started late, would blur."""
    sent: list[tuple[str, float]] = []
    client.event_hooks["request"].append(lambda request: sent.append((request.url.path, time.monotonic())))
    return sent


def test_a_crawl_delay_longer_than_the_deadline_only_spaces_requests(server, client):
    server.add("/robots.txt", "User-agent: *\nCrawl-delay: 1.5\n", headers={"Content-Type": "text/plain"})
    for p in ("/a", "/b", "/c"):
        server.add(p, "ok")
    sent = _sends(client)
    settings = Settings(timeout=1, connect_timeout=1, min_delay=0)
    fetcher = Fetcher(client, settings)
    assert [fetcher.get(server.url(p)).content for p in ("/a", "/b", "/c")] == [b"ok"] * 3
    # the delay was kept between the pages' requests, and no request failed
    pages = [t for path, t in sent if path != "/robots.txt"]
    assert len(pages) == 3
    assert min(b - a for a, b in zip(pages, pages[1:], strict=False)) >= 1.45


def test_the_deadline_still_counts_from_the_start_of_the_request_after_a_wait(server, client):
    server.add("/robots.txt", "User-agent: *\nCrawl-delay: 1.2\n")
    server.add("/first")
    server.add("/slow", handler=_recording([], b"x" * 100, drip=0.05))  # 5 s in all
    sent = _sends(client)
    settings = Settings(timeout=1, connect_timeout=1, min_delay=0)
    fetcher = Fetcher(client, settings)
    fetcher.get(server.url("/first"))
    with pytest.raises(FetchError, match="within 1 s") as e:
        fetcher.get(server.url("/slow"))
    cut = time.monotonic()
    assert e.value.kind == "timeout"
    first, slow = (t for path, t in sent if path != "/robots.txt")
    assert slow - first >= 1.15  # it waited its turn first...
    assert cut - slow < 2.5  # ...and was then cut about 1 s after it was sent (the drip takes 5 s)


def test_a_retry_after_longer_than_the_deadline_is_waited_for_and_retried(server, client):
    starts: list[float] = []

    def busy_then_ok(h):
        starts.append(time.monotonic())
        if len(starts) == 1:
            h.send_response(429)
            h.send_header("Retry-After", "2")
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        _recording([], b"done")(h)

    server.add("/busy", handler=busy_then_ok)
    fetcher = Fetcher(client, Settings(timeout=1, connect_timeout=1, min_delay=0, max_retry_after=5))
    assert fetcher.get(server.url("/busy")).content == b"done"
    assert starts[1] - starts[0] >= 1.95


# ---------------------------------------------------------------- robots.txt problems say robots.txt


def test_a_big_robots_txt_is_read_to_500_kib_and_used(server, client, caplog):
    head = "User-agent: *\nDisallow: /private/\n"
    padding = "# " + "x" * 97 + "\n"
    body = head + padding * 6000 + "User-agent: *\nDisallow: /late/\n"  # ~600 KB; the last rule is past 500 KiB
    server.add("/robots.txt", body, headers={"Content-Type": "text/plain"})
    for p in ("/public", "/late/page", "/private/page"):
        server.add(p, "fine")
    fetcher = Fetcher(client, Settings(timeout=5, min_delay=0, max_bytes=100_000))  # robots.txt has its own cap
    assert fetcher.get(server.url("/public")).content == b"fine"
    assert fetcher.get(server.url("/late/page")).content == b"fine"  # RFC 9309: rules past 500 KiB may be ignored
    with pytest.raises(FetchError, match="disallowed by the site's robots.txt") as e:
        fetcher.get(server.url("/private/page"))
    assert e.value.kind == "robots" and server.hits("/private/page") == 0 and server.hits("/robots.txt") == 1
    entry = next(iter(fetcher.robots.values()))
    assert entry.status == 200 and len(entry.body) <= 500 * 1024 and entry.body.endswith("\n")
    assert "larger than 500 KiB" in caplog.text


def test_a_robots_txt_redirected_to_file_is_treated_as_absent_and_said_so(server, client, caplog):
    server.add("/robots.txt", status=301, headers={"Location": "file:///etc/passwd"})
    server.add("/news", "fine")
    fetcher = Fetcher(client, Settings(timeout=5, min_delay=0))
    assert fetcher.get(server.url("/news")).content == b"fine"
    entry = next(iter(fetcher.robots.values()))
    assert entry.status == 301 and entry.kind == "redirect"
    assert "robots.txt" in caplog.text and "redirected to a file: URL (file:///etc/passwd)" in caplog.text
    assert "treated as absent" in caplog.text


def test_a_dripping_robots_txt_is_named_and_holds_the_host_off(server, client):
    server.add("/robots.txt", b"User-agent: *\nAllow: /\n" * 20, drip=0.05)
    server.add("/news", "fine")
    fetcher = Fetcher(client, Settings(timeout=1, connect_timeout=1, min_delay=0))
    with pytest.raises(FetchError) as e:
        fetcher.get(server.url("/news"))
    message = str(e.value)
    assert e.value.kind == "robots" and "cannot reach the host" not in message
    assert f"robots.txt ({server.url('/robots.txt')}) did not arrive within 1 s" in message
    assert "until the next run" in message and server.hits("/news") == 0


def test_an_unreachable_host_is_not_blamed_on_robots_txt(client):
    import socket as _socket

    with _socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    fetcher = Fetcher(client, Settings(timeout=2, connect_timeout=1, min_delay=0))
    with pytest.raises(FetchError) as e:
        fetcher.get(f"http://127.0.0.1:{port}/feed")
    assert str(e.value).startswith("cannot reach the host: 127.0.0.1 refused the connection")
    assert e.value.kind == "connect" and "robots" not in str(e.value)


def test_a_retry_after_longer_than_a_run_waits_closes_the_host_for_the_run_without_waiting(server, client):
    """A 429 asking for a day fails that request at once; no further request goes to that host in the run (each
    would be refused again), and nothing waits for it: the sources back off until then."""
    server.add("/busy", status=429, headers={"Retry-After": "86400"})
    server.add("/other", "fine")
    fetcher = Fetcher(client, Settings(timeout=1, connect_timeout=1, min_delay=0, max_retry_after=1))
    with pytest.raises(FetchError, match="asked to retry after 86400 s") as failed:
        fetcher.get(server.url("/busy"))
    assert failed.value.retry_after == 86400 and failed.value.kind == "http_4xx"
    start = time.monotonic()
    with pytest.raises(
        FetchError, match=r"the site answered 429 and asked for no requests for 8640\d s more"
    ) as refused:
        fetcher.get(server.url("/other"))
    assert time.monotonic() - start < 0.5 and refused.value.retry_after > 86000 and not refused.value.sent
    assert server.hits("/other") == 0 and server.hits("/busy") == 1


def test_a_stopping_run_sends_no_request_and_cuts_a_wait_short(server, client):
    server.add("/busy", status=429, headers={"Retry-After": "30"})
    fetcher = Fetcher(client, Settings(timeout=1, connect_timeout=1, min_delay=0, max_retry_after=60))
    stopper = threading.Timer(0.3, fetcher.stopping.set)  # the run is stopped while this waits out Retry-After
    stopper.start()
    start = time.monotonic()
    with pytest.raises(FetchError, match="not requested: the run was stopped"):
        fetcher.get(server.url("/busy"))
    assert time.monotonic() - start < 5 and server.hits("/busy") == 1


def test_a_page_that_only_sends_the_browser_on_is_followed_as_a_redirect(server, client):
    hop = '<html><head><meta http-equiv="refresh" content="0; URL=\'/real\'"></head><body>Redirecting…</body></html>'
    server.add("/short", hop, headers={"Content-Type": "text/html"})
    server.add("/real", "<html><body><p>The release.</p></body></html>", headers={"Content-Type": "text/html"})
    r = fetch(client, server.url("/short"), SETTINGS)
    assert r.url == server.url("/real") and b"The release." in r.content
    # Not a page that reloads itself, nor one that sends on after a minute, nor to a script.
    for path, content in (
        ("/self", "0; url=/self"),
        ("/later", "60; url=/real"),
        ("/js", "0; url=javascript:alert(1)"),
    ):
        page = f'<html><head><meta content="{content}" http-equiv="refresh"></head><body>Live</body></html>'
        server.add(path, page, headers={"Content-Type": "text/html"})
        assert fetch(client, server.url(path), SETTINGS).url == server.url(path)
    for path, hidden in (("/commented", "<!-- {} -->"), ("/noscript", "<noscript>{}</noscript>"), ("/body", "{}")):
        tag = '<meta http-equiv="refresh" content="0; url=/">'
        head, body = (hidden.format(tag), "") if path != "/body" else ("", tag)
        page = f"<html><head>{head}</head><body>{body}<p>The release itself.</p></body></html>"
        server.add(path, page, headers={"Content-Type": "text/html"})
        assert fetch(client, server.url(path), SETTINGS).url == server.url(path)  # none sends a browser on
    server.add("/loop1", hop.replace("/real", "/loop2"), headers={"Content-Type": "text/html"})
    server.add("/loop2", hop.replace("/real", "/loop1"), headers={"Content-Type": "text/html"})
    with pytest.raises(FetchError, match="redirect loop"):
        fetch(client, server.url("/loop1"), SETTINGS)


def test_a_robots_txt_kept_from_a_run_whose_clock_was_ahead_is_asked_for_again(server, client):
    from newsflow.fetch import RobotsEntry, host_key

    server.add("/robots.txt", "User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})
    server.add("/page", "fine")
    stale = {host_key(server.url("/")): RobotsEntry(time.time() + 365 * 86400, 200, "User-agent: *\nDisallow: /\n")}
    fetcher = Fetcher(client, Settings(timeout=5, min_delay=0), stale)
    assert fetcher.get(server.url("/page")).content == b"fine" and server.hits("/robots.txt") == 1


def test_a_permanent_redirect_from_the_address_asked_is_a_move_and_a_temporary_one_is_not(server, client):
    """A newsroom that moved answers 301/308: the address to use from now on is the one reached by permanent
    redirects alone from the one asked for; a 302 or 307 (or one past it) says nothing about the address."""
    server.add("/old", status=301, headers={"Location": "/older-hop"})
    server.add("/older-hop", status=308, headers={"Location": "/new"})
    server.add("/new", "feed")
    assert fetch(client, server.url("/old"), SETTINGS).moved_to == server.url("/new")
    server.add("/moved-then-temp", status=301, headers={"Location": "/temp"})
    server.add("/temp", status=302, headers={"Location": "/new"})
    r = fetch(client, server.url("/moved-then-temp"), SETTINGS)
    assert r.moved_to == server.url("/temp") and r.url == server.url("/new")
    server.add("/temp-first", status=307, headers={"Location": "/old"})
    assert fetch(client, server.url("/temp-first"), SETTINGS).moved_to == ""
    assert fetch(client, server.url("/new"), SETTINGS).moved_to == ""
    # A page that only sends the browser on has not moved, whatever redirects follow it.
    server.add("/refresh", '<meta http-equiv="refresh" content="0; url=/old">', headers={"Content-Type": "text/html"})
    r = fetch(client, server.url("/refresh"), SETTINGS)
    assert r.url == server.url("/new") and r.moved_to == ""
    # A consent or login gate's redirect sets a cookie: it is no new address, "permanent" or not.
    server.add("/gate", status=301, headers={"Location": "/new", "Set-Cookie": "seen=1; Path=/"})
    assert fetch(client, server.url("/gate"), SETTINGS).moved_to == ""


def test_a_host_that_stops_answering_in_time_is_asked_no_more_in_the_run(server, client):
    """Cron probe, s40: a newsroom whose robots.txt answered at once but whose pages trickled cost a whole timeout per
    link (50 links, 12 minutes), every night. After three requests in a row with no answer, the host's other links
    fail at once, saying why, until the next run (a Fetcher is one run); an answer between starts the count anew."""
    for i in range(6):
        server.add(f"/slow{i}", b"x" * 100, drip=0.05)  # 5 s in all: cut at the 0.3 s deadline
    server.add("/fast", "fine")
    fetcher = Fetcher(client, Settings(timeout=0.3, connect_timeout=1, min_delay=0, per_host=1))
    for path in ("/slow0", "/slow1", "/fast", "/slow2", "/slow3"):  # an answer between: no stall yet
        if path == "/fast":
            assert fetcher.get(server.url(path)).content == b"fine"
            continue
        with pytest.raises(FetchError, match="no complete response within 0.3 s"):
            fetcher.get(server.url(path))
    with pytest.raises(FetchError, match="no complete response within 0.3 s"):
        fetcher.get(server.url("/slow4"))  # the third in a row
    start = time.monotonic()
    with pytest.raises(FetchError) as skipped:
        fetcher.get(server.url("/slow5"))
    assert time.monotonic() - start < 0.25 and server.hits("/slow5") == 0
    message = str(skipped.value)
    assert message.startswith("not requested: 127.0.0.1 answered none of its last 3 requests in this run")
    assert "(no complete response within 0.3 s; cut off)" in message and "skipped until" not in message
    assert skipped.value.kind == "timeout" and not skipped.value.sent  # never asked: no failure, asked next run
    assert Fetcher(client, Settings(timeout=1, min_delay=0)).get(server.url("/fast")).content == b"fine"  # next run
