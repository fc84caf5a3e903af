"""Review of round 41's events' ranges of days in listings: a news list showing events beside its releases keeps
its releases; a release's own date beside it (a <dt>'s) is its day where its headline names an event's days; a
range across two months, or without its year, is an event's, not a release's first day."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

import newsflow.sources as sources
from newsflow.models import Source

SRC = Source(id="mb", name="mb", kind="html", url="https://www.maribor.example/novice", timezone="Europe/Ljubljana")
RELEASES = [
    ("proracun-sprejet-za-leto", "Mestni svet je sprejel proračun za leto 2027", "1.12.2026"),
    ("nova-knjiznica-v-taboru", "Mestna knjižnica odpira novo enoto v Taboru", "2.12.2026"),
]
EVENTS = [
    ("zimski-sejem-na-trgu", "Zimski sejem na Glavnem trgu", "3.–5.12.2026"),
    ("koncert-simfonikov-union", "Koncert simfonikov v dvorani Union", "10.–12.12.2026"),
    ("festival-luci-ob-dravi", "Festival luči ob Dravi v Mariboru", "28.11.–1.12."),
]


def _found(html: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    monkeypatch.setattr(sources, "now_in", lambda zone: datetime(2026, 12, 4, 10, tzinfo=ZoneInfo(zone)))
    found = sources.links_from_listing(html.encode(), {}, SRC.url, SRC)
    return sorted((link.url.rsplit("/", 1)[-1], link.published) for link in found)


def test_a_news_list_with_more_events_than_releases_keeps_its_releases(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each event's item is none; the releases beside them in the one list stay (they were all lost: no links)."""
    rows = "".join(
        f"<li><h3><a href='/novice/{slug}'>{title}</a></h3><p class='datum'>{said}</p></li>"
        for slug, title, said in RELEASES + EVENTS
    )
    html = f"<html lang='sl'><body><main><ul class='novice'>{rows}</ul></main></body></html>"
    assert _found(html, monkeypatch) == sorted((slug, "2026-12-0" + said[0]) for slug, _, said in RELEASES)


def test_a_headlines_event_days_leave_the_releases_own_date_beside_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """News in a <dl>: each release's day in its <dt>, its headline naming the event it announces."""
    rows = [
        ("teden-mobilnosti", "Teden mobilnosti 16.–22.9.2026", "1.9.2026"),
        ("dnevi-odprtih-vrat", "Dnevi odprtih vrat 3.–5.11.2026", "2.10.2026"),
        ("sejem-rokodelcev", "Sejem rokodelcev 10.–12.11.2026", "3.10.2026"),
    ]
    html = "<html lang='sl'><body><main><dl class='novice'>{}</dl></main></body></html>".format(
        "".join(f"<dt>{said}</dt><dd><a href='/novice/{slug}'>{title}</a></dd>" for slug, title, said in rows)
    )
    assert _found(html, monkeypatch) == [
        ("dnevi-odprtih-vrat", "2026-10-02"),
        ("sejem-rokodelcev", "2026-10-03"),
        ("teden-mobilnosti", "2026-09-01"),
    ]


@pytest.mark.parametrize("said", ["29 October – 1 November 2026", "28.11.–1.12.", "3 - 5 December"])
def test_a_range_of_days_is_no_yearless_day(said: str) -> None:
    """(it gave its first day, "29 October", of the year before where it had passed)"""
    assert sources._date_alone(said, "en") == ""
    assert sources._range_start(said, 2026)


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("Nro 1 - 3.12.2026", "2026-12-03"),
        ("Vol. 3 - 14 December 2026", "2026-12-14"),
        ("št. 2 – 14.12.2026", "2026-12-14"),
        ("Newsletter #4 - 10.12.2026", "2026-12-10"),
    ],
)
def test_an_issues_number_before_its_day_is_no_range(said: str, day: str) -> None:
    """(the number and the day were read as an event's days, and the issue had no date)"""
    from newsflow.dates import date_range, parse_date

    assert date_range(said) == ("", "") and parse_date(said, lang="fi") == day
