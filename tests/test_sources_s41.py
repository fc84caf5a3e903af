"""Listings read without a selector, round 41: a Slovenian newsroom's relative days ("danes ob 10.15", "pred 3
dnevi"), British dates beside the news, and events' ranges of days ("3.–5.12.2026", "3 - 5 December 2026"), which
are no day of publication, and a list of which is an events calendar."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

import newsflow.sources as sources
from newsflow.models import Source


def _listing(rows, section, lang, monkeypatch, moment):
    monkeypatch.setattr(sources, "now_in", lambda zone: moment.astimezone(ZoneInfo(zone)))
    items = "".join(
        f"<li><h3><a href='/{section}/{slug}'>{title}</a></h3><p class='datum'>{said}</p></li>"
        for slug, title, said in rows
    )
    return f"<html lang='{lang}'><body><main><ul class='{section}'>{items}</ul></main></body></html>"


MARIBOR = [
    ("zimska-sluzba", "Zimska služba je pripravljena na sneg"),
    ("bozicni-sejem", "Božični sejem na Trgu svobode odprt"),
    ("nova-knjiznica", "Mestna knjižnica odpira novo enoto v Taboru"),
]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("danes ob 0:15", "2026-12-05"),
        ("Včeraj ob 14.30", "2026-12-04"),
        ("Objavljeno: pred 3 urami", "2026-12-04"),  # (21:30 on the 4th, in Ljubljana)
        ("predvčerajšnjim", "2026-12-03"),
        ("pred 3 dnevi", ""),  # (rounded: it tells the dated list, and gives no release its day)
        ("pred enim dnem", ""),
    ],
)
def test_a_slovenian_listings_relative_days_are_the_newsrooms_days_back_from_the_run(said, expected, monkeypatch):
    """A run at 00:30 in Ljubljana on 5 December (23:30 UTC on the 4th): its "danes" is the 5th, not UTC's 4th."""
    moment = datetime(2026, 12, 4, 23, 30, tzinfo=ZoneInfo("UTC"))
    html = _listing([(slug, title, said) for slug, title in MARIBOR], "novice", "sl", monkeypatch, moment)
    src = Source(id="mb", name="mb", kind="html", url="https://www.maribor.example/novice", timezone="Europe/Ljubljana")
    found = sources.links_from_listing(html.encode(), {}, src.url, src)
    assert sorted((link.url.rsplit("/", 1)[-1], link.published) for link in found) == sorted(
        (slug, expected) for slug, _ in MARIBOR
    )


def test_a_releases_own_day_beside_an_events_days_is_its_day(monkeypatch):
    rows = [
        ("zimski-sejem", "Zimski sejem na Glavnem trgu odprt", "3.–5.12.2026"),
        ("koncert", "Koncert simfonikov v dvorani Union", "10.–12.12.2026"),
        ("festival", "Festival luči ob Dravi se začenja", "14.–16.12.2026"),
    ]
    html = _listing(rows, "novice", "sl", monkeypatch, datetime(2026, 12, 4, 10, tzinfo=ZoneInfo("UTC")))
    for day in ("1. 12. 2026", "2. 12. 2026", "3. 12. 2026"):
        html = html.replace("</p></li>", f"</p><p class='objava'>Objavljeno: {day}</p></li >", 1)
    html = html.replace("</li >", "</li>")
    src = Source(id="mb", name="mb", kind="html", url="https://www.maribor.example/novice", timezone="Europe/Ljubljana")
    found = sources.links_from_listing(html.encode(), {}, src.url, src)
    assert sorted((link.url.rsplit("/", 1)[-1], link.published) for link in found) == [
        ("festival", "2026-12-03"),
        ("koncert", "2026-12-02"),
        ("zimski-sejem", "2026-12-01"),
    ]
