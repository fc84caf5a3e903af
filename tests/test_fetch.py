"""Every request is bounded: deadline, size (decompressed), redirects, schemes."""

from __future__ import annotations

import gzip
import time
import zlib

import httpx
import pytest

from newsflow.config import Settings
from newsflow.fetch import FetchError, check_status, fetch, make_client

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
    second = fetch(client, server.url("/feed"), SETTINGS, etag=first.etag, last_modified="Mon, 01 Jan 2024 00:00:00 GMT")
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


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://example.com/x", "data:text/html,hi", "javascript:alert(1)"])
def test_redirect_to_another_scheme_is_refused(server, client, target):
    server.add("/evil", status=302, headers={"Location": target})
    with pytest.raises(FetchError, match="non-http"):
        fetch(client, server.url("/evil"), SETTINGS)
    assert server.hits("/evil") == 1


def test_slow_drip_is_cut_at_the_total_deadline(server, client):
    server.add("/drip", b"x" * 100, drip=0.1)  # 10 s in all, a byte every 0.1 s: no read ever times out
    start = time.monotonic()
    with pytest.raises(FetchError, match="within 2 s|timed out"):
        fetch(client, server.url("/drip"), SETTINGS)
    assert time.monotonic() - start < 4


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
