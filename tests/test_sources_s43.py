"""Sources, round 43: sitemaps at scale (cron probe: a newsroom given as a sitemap of 50,000 addresses)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import newsflow.models as models
import newsflow.sources as sources
from newsflow.models import Source

N = 3000


@dataclass
class _Response:
    content: bytes
    url: str
    headers: dict[str, str]


def _sitemap(n: int) -> bytes:
    entries = "".join(
        f"<url><loc>https://www.kunta.example/uutiset/tiedote-{i}-uusi-hanke</loc><lastmod>2026-11-{1 + i % 28:02d}"
        "</lastmod></url>"
        for i in range(n)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}</urlset>"
    ).encode()


def test_a_long_sitemaps_addresses_are_each_normalized_once_while_its_links_are_collected(monkeypatch):
    """A sitemap's every address was taken apart (urlsplit) and normalized three times over while a night read it:
    by the sitemap's own filter (no front page), when its links were finished, and when they were finished again
    against the archive's history. Of a 50,000-address sitemap that was a fifth of the night's CPU (26 s -> 20 s)."""
    calls = 0
    split = models.urlsplit

    def counted(url: str, *args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        return split(url, *args, **kwargs)  # type: ignore[arg-type]

    if hasattr(sources, "_identity"):  # (addresses another test normalized are remembered)
        sources._identity.cache_clear()
    monkeypatch.setattr(models, "urlsplit", counted)
    src = Source(id="k", name="k", kind="sitemap", url="https://www.kunta.example/sitemap.xml", max_items=50)
    response = _Response(_sitemap(N), src.url, {"content-type": "application/xml"})
    links = sources.collect_links(lambda *a, **k: None, src, response, history=lambda pairs: {})  # type: ignore[arg-type]
    assert len(links) == 50
    assert len(links.everything) == N  # type: ignore[attr-defined]
    assert calls <= N + 10, f"{calls} normalizations of {N} addresses"


@pytest.mark.parametrize("news", [True, False])
def test_a_sitemap_entrys_fields_are_read_as_before(news: bool) -> None:
    """(the entry read in one pass: its first <loc> and <lastmod>, a news title only in the news namespace, not an
    image's, and the news publication date before lastmod)"""
    ns = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"'
    extra = (
        "<image:image><image:title>Kuva</image:title></image:image><news:news><news:publication_date>"
        "2026-12-01T09:00:00+02:00</news:publication_date><news:title> Uusi  koulu </news:title></news:news>"
    )
    xml = (
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" {ns}>'
        f"<url><loc> https://www.kunta.example/uutiset/uusi-koulu-avataan </loc><lastmod>2026-12-03</lastmod>"
        f"<loc>https://www.kunta.example/toinen</loc>{extra if news else ''}</url>"
        "<url><lastmod>2026-12-02</lastmod></url></urlset>"
    ).encode()
    src = Source(id="k", name="k", kind="sitemap", url="https://www.kunta.example/sitemap.xml")
    links, children = sources.links_from_sitemap(xml, {}, src.url, src)
    assert children == []
    assert [(link.url, link.title, link.published, link.stamp) for link in links] == [
        (
            "https://www.kunta.example/uutiset/uusi-koulu-avataan",
            "Uusi koulu" if news else "",
            "2026-12-01T09:00:00+02:00" if news else "2026-12-03",
            "2026-12-03",
        )
    ]
