"""A newsroom on the internet never sends newsflow into a private network (security probe h2, s36): its links,
their redirects and its PDF attachments are not fetched where they lead to this machine, an intranet or a cloud
server's metadata, unless the source itself is there (or says allow_private_links). Permanent redirects are kept as
a browser writes them, and a redirect to an address httpx cannot read is said to be one.

No test here needs a network: names are answered by a patched resolver, "the internet" is an httpx MockTransport
(nothing is asked of the addresses refused: the test asserts it), and the real sockets are local servers."""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import replace

import httpx
import pytest
from click.testing import CliRunner

from conftest import LocalServer, article_page, rss
from newsflow import fetch as fetch_module
from newsflow.archive import Archive
from newsflow.cli import cli
from newsflow.config import ConfigError, Settings, default_config, parse_config
from newsflow.fetch import Fetcher, FetchError, address_kind, fetch, make_client
from newsflow.models import Source
from newsflow.pipeline import Pipeline

SETTINGS = Settings(timeout=5, connect_timeout=1, min_delay=0)
TEXT = [
    "Seinäjoen kaupunki on mukana työllisyyden kuntakokeilussa, jonka myötä kaupunki valmistautuu yhä "
    "vahvempaan rooliin.",
    "EU:n rahoittamassa HOPE-hankkeessa haetaan oppia yhteiskunnallisesta yrittäjyydestä ja työllisyystoimien "
    "seurannasta.",
]
# What the patched resolver answers: a newsroom on the internet, hosts of an intranet, and names of this machine.
NAMES = {
    "news.example": ("93.184.216.34",),
    "intranet.example": ("10.0.0.5",),
    "wiki.intranet.example": ("10.0.0.7",),
    "rebound.example": ("93.184.216.35", "192.168.1.20"),
    "partner.test": ("127.0.0.1",),
    "xn--seinjoki-3za.test": ("127.0.0.1",),  # seinäjoki.test, as httpx connects to it
}


@pytest.fixture
def names(monkeypatch):
    """The resolver answers from NAMES, an IP address for itself, and no other name (no real DNS); the list it
    returns keeps the names it was asked."""
    asked: list[str] = []
    real = fetch_module.resolve_host

    def resolve(host):
        asked.append(host)
        if host in NAMES:
            return NAMES[host]
        if not host[:1].isdigit() and ":" not in host:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host)

    monkeypatch.setattr(fetch_module, "resolve_host", resolve)
    return asked


class Internet:
    """A MockTransport that answers for news.example (and the intranet, were it asked): every request kept."""

    def __init__(self, routes: dict[str, httpx.Response]):
        self.routes = routes
        self.asked: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.asked.append(str(request.url))
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return self.routes.get(str(request.url)) or httpx.Response(404)


def _fetcher(internet: Internet) -> Fetcher:
    return Fetcher(make_client(SETTINGS, transport=httpx.MockTransport(internet)), SETTINGS)


PUBLIC = Source(id="news", name="News", kind="feed", url="http://news.example/feed.xml")


@pytest.mark.parametrize(
    ("link", "said"),
    [
        ("http://intranet.example/secret", "an address inside a private network (intranet.example: 10.0.0.5)"),
        ("http://10.0.0.5/secret", "an address inside a private network (10.0.0.5)"),
        ("http://172.16.3.4/", "an address inside a private network (172.16.3.4)"),
        ("http://192.168.1.1:8080/admin", "an address inside a private network (192.168.1.1)"),
        ("http://[fd00::5]/", "an address inside a private network (fd00::5)"),
        ("http://127.0.0.2:9/secret", "an address of this machine itself (127.0.0.2)"),
        ("http://[::1]:9/", "an address of this machine itself (::1)"),
        ("http://0.0.0.0:9/", "an address of this machine itself (0.0.0.0)"),
        ("http://[::ffff:10.0.0.5]/", "an address inside a private network (::ffff:10.0.0.5)"),
        ("http://169.254.169.254/latest/meta-data/", "a link-local address (169.254.169.254), where a cloud server"),
        ("http://[fe80::1]/", "a link-local address (fe80::1)"),
        ("http://rebound.example/x", "an address inside a private network (rebound.example: 192.168.1.20)"),
    ],
)
def test_a_link_of_a_newsroom_on_the_internet_into_a_private_network_is_refused_unasked(names, link, said):
    internet = Internet({})
    with pytest.raises(FetchError) as e:
        _fetcher(internet).get(link, source=PUBLIC)
    assert e.value.kind == "private_address" and e.value.sent
    assert f"the newsroom links to {said}" in str(e.value)
    assert "set allow_private_links = true on this source in feeds.toml" in str(e.value)
    assert internet.asked == []  # nothing, not even its robots.txt


def test_every_redirect_is_checked_the_source_s_own_address_s_too(names):
    internet = Internet(
        {
            "http://news.example/a/1": httpx.Response(302, headers={"Location": "/a/2"}),
            "http://news.example/a/2": httpx.Response(301, headers={"Location": "http://169.254.169.254/latest/"}),
            "http://news.example/feed.xml": httpx.Response(301, headers={"Location": "http://10.0.0.5/feed.xml"}),
        }
    )
    fetcher = _fetcher(internet)
    with pytest.raises(FetchError, match=r"redirects \(http://169\.254\.169\.254/latest/\) to a link-local") as e:
        fetcher.get("http://news.example/a/1", source=PUBLIC)
    assert e.value.kind == "private_address"
    with pytest.raises(FetchError, match=r"redirects \(http://10\.0\.0\.5/feed\.xml\) to an address inside a private"):
        fetcher.get(PUBLIC.url)  # a source's own address: configured, but not where it redirects to
    assert not [url for url in internet.asked if "news.example" not in url]


def test_a_newsroom_on_the_intranet_links_within_it_and_one_that_says_so_anywhere(names):
    pages = {f"http://{host}/x": httpx.Response(200, text="page") for host in ("10.0.0.9", "wiki.intranet.example")}
    pages |= {"http://127.0.0.1:9/x": httpx.Response(200, text="page"), "http://93.184.216.34/x": httpx.Response(200)}
    internet = Internet(pages)
    fetcher = _fetcher(internet)
    intranet = Source(id="intra", name="Intra", kind="feed", url="http://intranet.example/news.xml")
    for link in ("http://10.0.0.9/x", "http://wiki.intranet.example/x", "http://93.184.216.34/x"):
        assert fetcher.get(link, source=intranet).status == 200
    for link in ("http://127.0.0.1:9/x", "http://169.254.169.254/x"):  # this machine, the metadata: another network
        with pytest.raises(FetchError) as e:
            fetcher.get(link, source=intranet)
        assert e.value.kind == "private_address"
    trusted = Source(id="t", name="T", kind="feed", url=PUBLIC.url, allow_private_links=True)
    assert fetcher.get("http://127.0.0.1:9/x", source=trusted).status == 200
    assert fetcher.get("http://wiki.intranet.example/x", source=trusted).status == 200


def test_a_run_archives_the_newsroom_s_releases_and_fetches_neither_its_intranet_link_nor_its_intranet_pdf(
    names, tmp_path
):
    page = article_page("Kuntakokeilu alkaa", TEXT).replace(
        "</article>", '<p><a href="http://10.0.0.5/files/palkat.pdf">Palkat (PDF)</a></p></article>'
    )
    feed = rss(
        [("Kuntakokeilu alkaa", "http://news.example/a/1", "a1"), ("Sisäinen", "http://intranet.example/s", "s")]
    )
    internet = Internet(
        {
            "http://news.example/feed.xml": httpx.Response(200, text=feed),
            "http://news.example/a/1": httpx.Response(200, text=page, headers={"Content-Type": "text/html"}),
        }
    )
    config = parse_config(
        {"settings": {"timeout": 5, "min_delay": 0}, "sources": [{"id": "news", "kind": "feed", "url": PUBLIC.url}]}
    )
    config = replace(config, tags=default_config().tags)
    with Archive(tmp_path / "a.db") as archive:
        summary = Pipeline(
            config, archive, client=make_client(config.settings, transport=httpx.MockTransport(internet))
        )
        result = summary.run().sources[0]
        assert (result.new, result.failed, result.error) == (1, 1, "")
        failures = list(archive.db.query("select url, kind, error from failures"))
        attachment = next(archive.db["attachments"].rows)
    assert [(f["url"], f["kind"]) for f in failures] == [("http://intranet.example/s", "private_address")]
    assert "links to an address inside a private network (intranet.example: 10.0.0.5)" in failures[0]["error"]
    assert "an address inside a private network (10.0.0.5)" in attachment["error"] and not attachment["text"]
    assert all(url.startswith("http://news.example/") for url in internet.asked)


def test_each_name_is_resolved_once_a_run_and_connected_to_at_the_address_checked(names, server):
    """DNS rebinding: a name checked at a harmless address and then answering a private one is connected to at the
    first, the one checked. (partner.test is no real name: the connection goes where the resolver said.)"""
    server.add("/feed", "<rss/>", headers={"Connection": "close"})  # (so the next request connects anew)
    url = server.url("/feed").replace("127.0.0.1", "partner.test")
    with make_client(SETTINGS) as client:
        assert fetch(client, url, SETTINGS).content == b"<rss/>"
        NAMES["partner.test"] = ("10.0.0.5",)
        try:
            assert fetch(client, url + "?again", SETTINGS).status == 404  # this server, at 127.0.0.1: asked
        finally:
            NAMES["partner.test"] = ("127.0.0.1",)
    assert names.count("partner.test") == 1 and server.hits("/feed?again") == 1


def test_a_name_beyond_ascii_is_checked_by_the_name_connected_to(names, server):
    """Python's resolver and httpx write "seinäjoki" in ASCII by different rules (IDNA 2003 and 2008): the check
    and the connection must use one of them, or the address connected to was never checked."""
    server.add("/feed", "<rss/>")
    with make_client(SETTINGS) as client:
        r = fetch(client, server.url("/feed").replace("127.0.0.1", "seinäjoki.test"), SETTINGS)
    assert r.content == b"<rss/>" and names == ["xn--seinjoki-3za.test"]


def test_a_newsroom_on_this_machine_links_to_another_host_on_it_as_before(tmp_path):
    """The demo and the tests serve on 127.0.0.x: a source there may link to 127.0.0.2 (this machine too)."""
    try:
        other = _server_on("127.0.0.2")
    except OSError:
        pytest.skip("127.0.0.2 cannot be bound here")
    home = LocalServer()
    try:
        other.add("/a", article_page("Kuntakokeilu alkaa", TEXT))
        home.add("/feed", rss([("Kuntakokeilu alkaa", other.url("/a"), "a1")]))
        with Archive(tmp_path / "a.db") as archive:
            config = parse_config(
                {
                    "settings": {"timeout": 5, "min_delay": 0},
                    "sources": [{"id": "s", "kind": "feed", "url": home.url("/feed")}],
                }
            )
            result = Pipeline(config, archive).run().sources[0]
        assert result.new == 1 and other.hits("/a") == 1
    finally:
        home.close()
        other.close()


def _server_on(host: str) -> LocalServer:
    """A LocalServer (its routes, its handler) served on ``host``."""
    server = LocalServer()
    server.close()
    server.httpd = type(server.httpd)((host, 0), server.httpd.RequestHandlerClass)
    server.httpd.daemon_threads = True
    server.base = f"http://{host}:{server.httpd.server_address[1]}"
    server.thread = threading.Thread(target=server.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    server.thread.start()
    return server


def test_address_kinds():
    assert address_kind("93.184.216.34") == "" and address_kind("2a00:1450:4001::200e") == ""
    assert address_kind("64:ff9b::a00:5") == "private" and address_kind("100.64.0.1") == "private"
    assert address_kind("192.0.2.1") == "reserved" and address_kind("224.0.0.1") == "reserved"


def test_ipv6_forms_of_a_private_ipv4_address_are_not_the_internet():
    """Python calls the IPv4-compatible ::127.0.0.1 and SIIT's ::ffff:0:169.254.169.254 global, and a network's own
    NAT64 prefix (64:ff9b:1::/48) leads where its translator sends it: a newsroom's link written so went through."""
    assert address_kind("::127.0.0.1") == "machine" and address_kind("::ffff:0:a9fe:a9fe") == "link-local"
    assert address_kind("::10.0.0.5") == "private" and address_kind("64:ff9b:1::a00:5") == "reserved"
    assert address_kind("::1") == "machine" and address_kind("::") == "machine"
    assert address_kind("::ffff:0:808:808") == ""  # (one of the internet's, written so, is still on it)


def test_allow_private_links_is_true_or_false():
    source = {"id": "s", "kind": "feed", "url": "https://example.org/f"}
    assert parse_config({"sources": [{**source, "allow_private_links": True}]}).sources[0].allow_private_links
    assert not parse_config({"sources": [source]}).sources[0].allow_private_links
    with pytest.raises(ConfigError, match=r"\(s\): allow_private_links must be true or false .*not 'yes'"):
        parse_config({"sources": [{**source, "allow_private_links": "yes"}]})


# ---------------------------------------------------------------- redirects: kept and said as a browser would


def _redirect(to: bytes):
    def handler(h):
        h.send_response(301)
        h.send_header("Location", to.decode("latin-1"))  # (the bytes as sent: UTF-8, or a control character)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return handler


def test_a_permanent_redirect_is_kept_and_shown_as_a_browser_writes_it(server, tmp_path):
    """Hostile-input probe: sources.moved_to held a Location's U+202E, U+200B, spaces and quotes as they came, and
    `status --json` and `run --json` printed them so."""
    server.add("/old.xml", handler=_redirect('/feed.xml?y=\u202eabc\u200b" onmouseover=alert(1) x="y'.encode()))
    server.add("/a", article_page("Kuntakokeilu alkaa", TEXT))
    server.add(
        "/feed.xml?y=%E2%80%AEabc%E2%80%8B%22%20onmouseover=alert(1)%20x=%22y", rss([("A", server.url("/a"), "a")])
    )
    written = server.url("/feed.xml?y=%E2%80%AEabc%E2%80%8B%22%20onmouseover=alert(1)%20x=%22y")
    with make_client(SETTINGS) as client:
        assert fetch(client, server.url("/old.xml"), SETTINGS).moved_to == written
    config = tmp_path / "feeds.toml"
    config.write_text(
        f'[settings]\nmin_delay = 0\n\n[[sources]]\nid = "s"\nkind = "feed"\nurl = "{server.url("/old.xml")}"\n'
    )
    db = str(tmp_path / "a.db")
    ran = CliRunner().invoke(cli, ["run", "--json", "--config", str(config), "--db", db])
    status = CliRunner().invoke(cli, ["status", "--json", "--db", db])
    for said in (ran.output, status.output):
        assert "\u202e" not in said and "\u200b" not in said and '" onmouseover' not in said and written in said
    with Archive(tmp_path / "a.db") as archive:
        assert archive.source_state("s")["moved_to"] == written
    assert json.loads(status.output)


def test_a_redirect_to_an_address_with_a_control_character_says_the_site_sent_an_invalid_one(server):
    server.add("/r", handler=_redirect(b"/next\x1b[2J"))
    with make_client(SETTINGS) as client, pytest.raises(FetchError) as e:
        fetch(client, server.url("/r"), SETTINGS)
    assert str(e.value).startswith("the site sent an invalid redirect address (/next%1B[2J), which newsflow cannot")
    assert e.value.kind == "redirect" and "RemoteProtocolError" not in str(e.value)


def test_a_run_behind_a_proxy_goes_through_it(monkeypatch):
    """Review h9 (s36): with the address guard's own transport, HTTP_PROXY was ignored and every name this machine
    cannot resolve failed: behind a proxy, no source could be read. Through it now, and still no private address."""
    import socket
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from newsflow.config import Settings
    from newsflow.fetch import FetchError, fetch, make_client

    asked: list[str] = []

    class Proxy(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            asked.append(self.path)  # a proxy is asked for the whole address
            body = b"through the proxy"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    def resolve(host: str) -> tuple[str, ...]:  # (this machine's DNS: the internet's names only the proxy knows)
        if host == "intranet.example":
            return ("10.0.0.5",)
        raise socket.gaierror(socket.EAI_NONAME, "not known")

    monkeypatch.setattr("newsflow.fetch.resolve_host", resolve)
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=proxy.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    try:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.server_address[1]}")
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        settings = Settings(timeout=5, connect_timeout=1, min_delay=0)
        with make_client(settings) as client:
            r = fetch(client, "http://newsroom.example/press", settings)
            assert r.content == b"through the proxy" and asked == ["http://newsroom.example/press"]
            # A name this machine resolves to a private address is still not asked, proxy or none.
            with pytest.raises(FetchError) as refused:
                fetch(client, "http://intranet.example/x", settings, home="http://newsroom.example/press")
            assert refused.value.kind == "private_address" and len(asked) == 1
    finally:
        proxy.shutdown()
        proxy.server_close()


def test_a_failed_look_up_is_asked_again_within_a_run(monkeypatch):
    """Review h9 (s36): a failed look-up was kept for the whole run, so one brief DNS error failed every later request
    to that host until the next night."""
    import socket

    import httpx

    from newsflow.config import Settings
    from newsflow.fetch import FetchError, fetch, make_client

    calls: list[str] = []
    dns_down = [True]

    def resolve(host: str) -> tuple[str, ...]:
        calls.append(host)
        if dns_down[0]:
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return ("93.184.216.34",)

    monkeypatch.setattr("newsflow.fetch.resolve_host", resolve)
    settings = Settings(timeout=5, connect_timeout=1, min_delay=0)
    with make_client(settings, transport=httpx.MockTransport(lambda r: httpx.Response(200, text="ok"))) as client:
        with pytest.raises(FetchError):
            fetch(client, "http://news.example/a", settings)
        dns_down[0] = False
        assert fetch(client, "http://news.example/a", settings).content == b"ok"
        asked = len(calls)
        assert fetch(client, "http://news.example/b", settings).content == b"ok" and len(calls) == asked  # (kept)
