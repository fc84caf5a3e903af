"""The bundled demo newsroom, served on 127.0.0.1 so ``newsflow demo`` works offline.

Three partner sites in one server, built from ``articles.toml`` and ``templates/``:
- a Mynewsdesk-like press room (Coompanion, Swedish) with an RSS feed whose links carry
  utm_* parameters and one item with no pubDate, and release pages with their furniture
  (skip link, share buttons, comments, related releases, cookie banner);
- a municipal news listing with no feed (City of Seinäjoki: Finnish, one mixed
  Finnish/English item, one Swedish);
- the HOPE project site (English) with a sitemap and pages whose date is only in the text.
Responses carry ETag and Last-Modified and answer conditional requests with 304.
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from string import Template
from typing import Any
from urllib.parse import urlsplit

from ..config import DEMO_CONFIG, Config, default_config, parse_config
from ..dates import ENGLISH_MONTHS

SV_MONTHS = ["Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"]
LAST_MODIFIED = "Mon, 03 Oct 2022 08:00:00 GMT"


def _read(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def load_articles() -> dict[str, list[dict[str, Any]]]:
    return tomllib.loads(_read("articles.toml"))


def _body(paragraphs: list[str]) -> str:
    out: list[str] = []
    items: list[str] = []
    for p in paragraphs + [""]:
        if p.startswith("• "):
            items.append(f"<li>{html.escape(p[2:])}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if not p:
            continue
        if p.startswith("## "):
            out.append(f"<h2>{html.escape(p[3:])}</h2>")
        elif p.startswith(("Läs mer", "Lue lisää", "Find out more")):
            out.append(f'<p><a href="#">{html.escape(p)}</a></p>')
        else:
            out.append(f"<p>{html.escape(p)}</p>")
    return "\n".join(out)


def _related(links: list[tuple[str, str]]) -> str:
    return "".join(f'<li><a href="{html.escape(u)}">{html.escape(t)}</a></li>' for u, t in links)


def render_site(base: str) -> dict[str, tuple[str, bytes]]:
    """Every page of the demo newsroom: path (with query) -> (content type, body)."""
    data = load_articles()
    pages: dict[str, tuple[str, str]] = {}

    # --- Coompanion on a Mynewsdesk-like newsroom, with RSS
    rel_tpl = Template(_read("templates/mynewsdesk_release.html"))
    items = []
    coompanion = data["coompanion"]
    for a in coompanion:
        path = f"/mynewsdesk/se/coompanion/pressreleases/{a['slug']}"
        url = base + path
        dt = datetime.fromisoformat(a["date"]) if a["date"] else None
        display = f"{SV_MONTHS[dt.month - 1]} {dt.day}, {dt.year} {dt:%H:%M} CEST" if dt else ""
        jsonld = ""
        if dt:
            jsonld = (
                '<script type="application/ld+json">'
                + json.dumps(
                    {
                        "@context": "https://schema.org",
                        "@type": "NewsArticle",
                        "headline": a["title"],
                        "datePublished": a["date"],
                        "publisher": {"@type": "Organization", "name": "Coompanion Göteborgsregionen"},
                    },
                    ensure_ascii=False,
                )
                + "</script>"
            )
        others = [
            (base + f"/mynewsdesk/se/coompanion/pressreleases/{o['slug']}", o["title"])
            for o in coompanion
            if o is not a
        ]
        pages[path] = (
            "text/html; charset=utf-8",
            rel_tpl.substitute(
                base=base,
                url=url,
                slug=a["slug"],
                title=html.escape(a["title"]),
                date=a["date"],
                display_date=display,
                lead=html.escape(a["lead"]),
                body=_body(a["paragraphs"]),
                related=_related(others),
                jsonld=jsonld,
            ),
        )
        pub = f"<pubDate>{format_datetime(dt)}</pubDate>" if dt else ""
        items.append(
            f"<item><title>{html.escape(a['title'])}</title>"
            f"<link>{url}?utm_source=rss&amp;utm_medium=rss&amp;utm_campaign=Alert</link>"
            f'<guid isPermaLink="false">mynewsdesk-{a["slug"].rsplit("-", 1)[-1]}</guid>{pub}'
            f"<description>{html.escape(a['lead'])}</description></item>"
        )
    pages["/mynewsdesk/se/rss/source/coompanion/pressrelease"] = (
        "application/rss+xml; charset=utf-8",
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>Coompanion Göteborgsregionen - Pressmeddelanden</title><link>{base}/mynewsdesk/se/coompanion</link>"
        "<description>Pressmeddelanden från Coompanion Göteborgsregionen</description><language>sv</language>"
        + "".join(items)
        + "</channel></rss>",
    )

    # --- the City of Seinäjoki: a municipal listing with no feed
    art_tpl = Template(_read("templates/municipal_article.html"))
    seinajoki = data["seinajoki"]
    rows = []
    for a in seinajoki:
        path = f"/seinajoki/{a['slug']}/"
        dt = datetime.fromisoformat(a["date"])
        display = f"{dt.day}.{dt.month}.{dt.year} klo {dt.hour}.{dt.minute:02d}"
        others = [(base + f"/seinajoki/{o['slug']}/", o["title"]) for o in seinajoki if o is not a]
        pages[path] = (
            "text/html; charset=utf-8",
            art_tpl.substitute(
                base=base,
                url=base + path,
                lang=a["lang"],
                title=html.escape(a["title"]),
                date=a["date"],
                display_date=display,
                body=_body(a["paragraphs"]),
                related=_related(others),
            ),
        )
        rows.append(
            f'<li class="news-item"><time datetime="{a["date"]}">{display}</time> '
            f'<a class="news-title" href="/seinajoki/{a["slug"]}/">{html.escape(a["title"])}</a></li>'
        )
    pages["/seinajoki/ajankohtaista/"] = (
        "text/html; charset=utf-8",
        Template(_read("templates/municipal_listing.html")).substitute(base=base, items="\n".join(rows)),
    )

    # --- the HOPE project site: a sitemap, dates only in the page text
    hope_tpl = Template(_read("templates/hope_news.html"))
    hope = data["hope"]
    urls = []
    for a in hope:
        path = f"/hope/NewsDetail?MediaNewsId={a['id']}"
        d = datetime.fromisoformat(a["date"])
        links = "".join(
            f'<p><a href="{base}/hope/NewsDetail?MediaNewsId={o["id"]}">{html.escape(o["title"])}</a></p>'
            for o in hope
            if o is not a
        )
        pages[path] = (
            "text/html; charset=utf-8",
            hope_tpl.substitute(
                base=base,
                id=a["id"],
                title=html.escape(a["title"]),
                display_date=f"{d.day} {ENGLISH_MONTHS[d.month - 1]} {d.year}",
                body=_body(a["paragraphs"]),
                related=links,
            ),
        )
        urls.append(f"<url><loc>{html.escape(base + path)}</loc><lastmod>{a['date']}</lastmod></url>")
    for extra in ("/hope/About", "/hope/Partners"):
        urls.append(f"<url><loc>{base}{extra}</loc></url>")
    pages["/hope/sitemap.xml"] = (
        "application/xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(urls)
        + "</urlset>",
    )
    return {path: (ctype, body.encode("utf-8")) for path, (ctype, body) in pages.items()}


DEMO_PREFIX = "demo-"


class DemoRefused(Exception):
    """The archive given to the demo holds real sources."""


def check_demo_archive(archive: Any) -> None:
    """Refuse to write the demo into an archive that holds sources other than the demo's own."""
    real = [
        r[0] for r in archive.db.execute("select id from sources where id not like ? order by id", [DEMO_PREFIX + "%"])
    ]
    if real:
        shown = ", ".join(real[:5]) + (", …" if len(real) > 5 else "")
        raise DemoRefused(
            f"{archive.path} holds real sources ({shown}): the demo never writes into a real archive. "
            "Run it with its own archive, e.g. `newsflow demo --db demo.db`"
        )


def demo_newsroom_port(archive: Any) -> int | None:
    """The port of the demo newsroom an archive of the demo's alone was archived from (its releases' originals
    link there); None for a real archive."""
    rows = archive.db.execute("select id, url from sources").fetchall()
    if not rows or any(not str(i).startswith(DEMO_PREFIX) for i, _ in rows):
        return None
    ports = {parts.port for parts in (urlsplit(str(url)) for _, url in rows) if parts.hostname == "127.0.0.1"}
    return ports.pop() if len(ports) == 1 else None


def demo_config(base: str) -> Config:
    """The demo's sources, pointing at the local server, with newsflow's default taxonomy."""
    sources = parse_config(tomllib.loads(Template(_read("demo.toml")).substitute(base=base)), DEMO_CONFIG)
    return replace(sources, tags=default_config().tags)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.server.requests.append(self.path)
        page = self.server.pages.get(self.path) or self.server.pages.get(
            self.path.split("?")[0] if "utm_" in self.path else ""
        )
        if page is None and self.path + "/" in self.server.pages:
            # As a municipal CMS does: the address without its final slash (as newsflow links an original) is sent on.
            self.send_response(301)
            self.send_header("Location", self.path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if page is None:
            self.send_error(404, "Not Found")
            return
        ctype, body = page
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", LAST_MODIFIED)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # keep the demo's output clean
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    pages: dict[str, tuple[str, bytes]]
    requests: list[str]


DEFAULT_PORT = 8642  # stable, so article URLs stay the same from one demo run to the next


@contextmanager
def serve_demo(port: int = DEFAULT_PORT, exact: bool = False) -> Iterator[tuple[str, _Server]]:
    """Serve the demo newsroom on 127.0.0.1; yields (base URL, server).

    Uses ``port`` when it is free and any free port otherwise (0: always a free port); with ``exact``, that port
    or OSError.
    """
    try:
        server = _Server(("127.0.0.1", port), _Handler)
    except OSError:
        if exact:
            raise
        server = _Server(("127.0.0.1", 0), _Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    server.pages = render_site(base)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base, server
    finally:
        server.shutdown()
        server.server_close()
