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


def test_an_events_list_of_ranges_beside_the_news_gives_no_releases(monkeypatch):
    """Left before s41: a council's home page, its news (British dates) beside "What's on" (each event's days):
    the events were taken for releases, each dated by its last day. Past or to come, they are an events calendar."""
    news = [
        ("council-approves-budget-for-2027", "Council approves budget for 2027", "Thursday 3rd December 2026"),
        ("foster-carers-celebrated-at-guildhall", "Foster carers celebrated at the Guildhall", "Wed 2nd Dec '26"),
        ("new-bus-route-links-strabane", "New bus route links Strabane and Derry", "30th Nov '26"),
    ]
    events = [
        ("walled-city-christmas-market-2026", "Walled City Christmas Market", "3 - 5 December 2026"),
        ("jazz-festival-winter-weekend", "Jazz festival winter weekend", "20–22 November 2026"),
        ("halloween-carnival-parade-night", "Halloween carnival and parade night", "29 October – 1 November 2026"),
    ]
    moment = datetime(2026, 12, 4, 10, tzinfo=ZoneInfo("UTC"))
    html = _listing(news, "news", "en", monkeypatch, moment) + _listing(events, "events", "en", monkeypatch, moment)
    src = Source(id="ds", name="ds", kind="html", url="https://www.derrystrabane.example/", timezone="Europe/London")
    found = sources.links_from_listing(html.encode(), {}, src.url, src)
    assert sorted((link.url.rsplit("/", 1)[-1], link.published) for link in found) == [
        ("council-approves-budget-for-2027", "2026-12-03"),
        ("foster-carers-celebrated-at-guildhall", "2026-12-02"),
        ("new-bus-route-links-strabane", "2026-11-30"),
    ]


@pytest.mark.parametrize(
    "days",
    [
        ["3.–5.11.2026", "20.–22.11.2026", "28.11.–1.12.2026"],  # past
        ["10.–12.12.2026", "14.–16.12.2026", "2.–4.1.2027"],  # to come
        ["3.–5.11.", "20.–22.11.", "27.–29.11."],  # without the year
    ],
)
def test_a_listing_of_events_days_is_no_list_of_releases(days, monkeypatch):
    rows = [
        ("zimski-sejem-na-glavnem-trgu", "Zimski sejem na Glavnem trgu", days[0]),
        ("koncert-simfonikov-v-dvorani-union", "Koncert simfonikov v dvorani Union", days[1]),
        ("festival-luci-ob-dravi-v-mariboru", "Festival luči ob Dravi v Mariboru", days[2]),
    ]
    html = _listing(rows, "dogodki", "sl", monkeypatch, datetime(2026, 12, 4, 10, tzinfo=ZoneInfo("UTC")))
    src = Source(
        id="mb", name="mb", kind="html", url="https://www.maribor.example/dogodki", timezone="Europe/Ljubljana"
    )
    with pytest.raises(sources.SourceError, match="no links to articles"):
        sources.links_from_listing(html.encode(), {}, src.url, src)


EVENTS = [
    ("walled-city-christmas-market-2026", "Walled City Christmas Market", "3 - 5 December 2026", "2026-12-03"),
    ("jazz-festival-winter-weekend", "Jazz festival winter weekend", "20–22 November 2026", "2026-11-20"),
    (
        "halloween-carnival-parade-night",
        "Halloween carnival and parade night",
        "29 October – 1 November 2026",
        "2026-10-29",
    ),
]


@pytest.mark.parametrize(
    "markup",
    [
        # a <time> of the first day, the range shown
        "<ul class='ev'>{}</ul>",
        # each range in a <dt> over its event (the ranges written differently: within a month, across two)
        "<dl class='ev'>{}</dl>",
    ],
)
def test_an_events_calendars_ranges_in_a_time_or_beside_the_items_give_no_releases(markup, monkeypatch):
    """Left before s41: with the first day in a <time>, the events were taken as releases of their first days; with
    the ranges in <dt>s, the ranges (written unlike each other) were no list's dates, and the events were taken by
    their addresses, undated."""
    monkeypatch.setattr(sources, "now_in", lambda zone: datetime(2026, 12, 4, 10, tzinfo=ZoneInfo(zone)))
    if markup.startswith("<ul"):
        rows = "".join(
            f"<li><h3><a href='/events/{slug}'>{title}</a></h3><time datetime='{iso}'>{said}</time></li>"
            for slug, title, said, iso in EVENTS
        )
    else:
        rows = "".join(
            f"<dt>{said}</dt><dd><a href='/events/{slug}'>{title}</a></dd>" for slug, title, said, _ in EVENTS
        )
    html = f"<html lang='en'><body><main>{markup.format(rows)}</main></body></html>"
    src = Source(
        id="ds", name="ds", kind="html", url="https://www.derrystrabane.example/whats-on", timezone="Europe/London"
    )
    with pytest.raises(sources.SourceError, match="no links to articles"):
        sources.links_from_listing(html.encode(), {}, src.url, src)
