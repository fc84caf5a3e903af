"""Listings, round 42: a day without its year is read as at the moment the listing is read (``_Items.now``, the
newsroom's present, which tests pin), not the machine's clock."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

import newsflow.sources as sources
from newsflow.models import Source

RELEASES = [
    ("talousarvio-2027-hyvaksyttiin", "Kaupunginvaltuusto hyväksyi talousarvion vuodelle 2027"),
    ("uusi-koulu-kirkonkylaan", "Uusi koulu avataan Kirkonkylään ensi syksynä"),
    ("lumityot-alkavat", "Lumityöt alkavat kaduilla tänä yönä koko kaupungissa"),
]


def _read(days: list[str], moment: datetime, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    monkeypatch.setattr(sources, "now_in", lambda zone: moment.astimezone(ZoneInfo(zone)))
    items = "".join(
        f"<li><h3><a href='/uutiset/{slug}'>{title}</a></h3><p class='pvm'>{said}</p></li>"
        for (slug, title), said in zip(RELEASES, days, strict=True)
    )
    html = f"<html lang='fi'><body><main><ul class='uutiset'>{items}</ul></main></body></html>"
    src = Source(id="k", name="k", kind="html", url="https://www.kunta.example/uutiset", timezone="Europe/Helsinki")
    found = sources.links_from_listing(html.encode(), {}, src.url, src)
    return sorted((link.url.rsplit("/", 1)[-1], link.published) for link in found)


def test_yearless_days_read_after_new_year_are_last_years_and_the_list_is_kept(monkeypatch):
    """Read on 2 January 2027: "28.12." and "31.12." are last December's releases. (Before, they were read by the
    machine's clock, whatever the run's moment: as days to come, the list an events calendar, and no link kept.)"""
    moment = datetime(2027, 1, 2, 8, tzinfo=ZoneInfo("UTC"))
    assert _read(["31.12.", "28.12.", "4.12."], moment, monkeypatch) == sorted(
        [
            ("talousarvio-2027-hyvaksyttiin", "2026-12-31"),
            ("uusi-koulu-kirkonkylaan", "2026-12-28"),
            ("lumityot-alkavat", "2026-12-04"),
        ]
    )


def test_a_yearless_day_read_past_midnight_on_new_years_day_is_the_newsrooms_new_year(monkeypatch):
    """00:30 in Helsinki on 1 January 2027 is 22:30 UTC on 31 December: "1.1." is that day, not 1 January 2026."""
    moment = datetime(2026, 12, 31, 22, 30, tzinfo=ZoneInfo("UTC"))
    assert _read(["1.1.", "31.12.", "30.12."], moment, monkeypatch) == sorted(
        [
            ("talousarvio-2027-hyvaksyttiin", "2027-01-01"),
            ("uusi-koulu-kirkonkylaan", "2026-12-31"),
            ("lumityot-alkavat", "2026-12-30"),
        ]
    )


@pytest.mark.parametrize(
    ("said", "moment", "day"),
    [
        ("4.12.", datetime(2027, 1, 2, 8, tzinfo=ZoneInfo("UTC")), "2026-12-04"),
        ("ke 2.12.", datetime(2026, 12, 4, 8, tzinfo=ZoneInfo("UTC")), "2026-12-02"),
        ("1.1.", datetime(2027, 1, 1, 0, 30, tzinfo=ZoneInfo("Europe/Helsinki")), "2027-01-01"),
        ("2.1.", datetime(2027, 1, 1, 0, 30, tzinfo=ZoneInfo("Europe/Helsinki")), "2027-01-02"),  # (tomorrow's)
        ("5.1.", datetime(2027, 1, 1, 0, 30, tzinfo=ZoneInfo("Europe/Helsinki")), "2027-01-05"),  # (an event's to come)
        ("5.6.", datetime(2027, 1, 1, 0, 30, tzinfo=ZoneInfo("Europe/Helsinki")), "2026-06-05"),  # (past UPCOMING_DAYS)
    ],
)
def test_a_yearless_day_is_read_as_at_the_moment_given(said: str, moment: datetime, day: str) -> None:
    assert sources._yearless(said, "fi", moment) == day
    assert sources._date_alone(said, "fi", moment) == day


def test_a_listed_publication_keeps_its_day_beside_an_update_dated_before_it(monkeypatch):
    """(dateline_dates gives no update before the publication: the item keeps its labelled publication's day)"""
    moment = datetime(2026, 12, 5, 8, tzinfo=ZoneInfo("UTC"))
    days = [
        "<span>Julkaistu</span> <span>4.12.2026</span> <span>Päivitetty</span> <span>3.12.2026</span>",
        "<span>Julkaistu</span> <span>2.12.2026</span> <span>Päivitetty</span> <span>3.12.2026</span>",
        "<span>Julkaistu</span> <span>1.12.2026</span>",
    ]
    assert _read(days, moment, monkeypatch) == sorted(
        [
            ("talousarvio-2027-hyvaksyttiin", "2026-12-04"),
            ("uusi-koulu-kirkonkylaan", "2026-12-02"),
            ("lumityot-alkavat", "2026-12-01"),
        ]
    )


@pytest.mark.parametrize(
    "days",
    [
        ["3.12.2026–4.12.2026", "28.11.2026–29.11.2026", "21.11.2026–22.11.2026"],  # (two days each, past)
        ["12.12.2026", "19.12.2026", "9.1.2027"],  # (days to come)
    ],
)
def test_a_listing_of_events_days_says_it_is_an_events_calendar(days, monkeypatch):
    """Every item dated by an event's days: no releases (s41's rule), and the failure says why and what to do.
    (It said "has the page layout changed, or is it a maintenance page?", which sends a reader the wrong way.)"""
    moment = datetime(2026, 12, 4, 10, tzinfo=ZoneInfo("UTC"))
    with pytest.raises(sources.SourceError, match="no links to articles") as failed:
        _read(days, moment, monkeypatch)
    assert "events" in str(failed.value) and "layout" not in str(failed.value)


NEWS = [
    ("city-council-approves-the-budget", "City council approves the budget for next year"),
    ("new-school-opens-in-the-autumn", "New school opens in the village next autumn"),
    ("snow-clearing-starts-tonight", "Snow clearing starts on the streets tonight"),
]


def _english(days: list[str], monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    monkeypatch.setattr(sources, "now_in", lambda zone: datetime(2026, 12, 4, 10, tzinfo=ZoneInfo(zone)))
    items = "".join(
        f"<li><h3><a href='/news/{slug}'>{title}</a></h3><p class='date'>{said}</p></li>"
        for (slug, title), said in zip(NEWS, days, strict=True)
    )
    html = f"<html lang='en'><body><main><ul class='news'>{items}</ul></main></body></html>"
    src = Source(id="e", name="e", kind="html", url="https://www.city.example/news", timezone="Europe/Helsinki")
    return sorted(
        (link.url.rsplit("/", 1)[-1], link.published)
        for link in sources.links_from_listing(html.encode(), {}, src.url, src)
    )


def test_slash_dates_read_day_first_by_the_zone_as_one_day_of_several_months_give_no_days(monkeypatch):
    """An English page (lang="en", no order said) of a European newsroom, from an American template: "12/3/2026",
    "12/2/2026", "12/1/2026" were read day-first, 12 March, 12 February and 12 January: every release months old
    (before s42). Either order reads as a list; a wrong date is worse than none."""
    assert _english(["12/3/2026", "12/2/2026", "12/1/2026"], monkeypatch) == sorted((slug, "") for slug, _ in NEWS)


def test_slash_dates_read_day_first_by_the_zone_on_several_days_keep_them(monkeypatch):
    assert _english(["03/12/2026", "02/12/2026", "30/11/2026"], monkeypatch) == sorted(
        zip([slug for slug, _ in NEWS], ["2026-12-03", "2026-12-02", "2026-11-30"], strict=True)
    )
    assert _english(["03/12/2026", "02/12/2026", "01/12/2026"], monkeypatch) == sorted(
        zip([slug for slug, _ in NEWS], ["2026-12-03", "2026-12-02", "2026-12-01"], strict=True)
    )


def test_a_listed_dateline_of_both_dates_without_their_year_gives_the_publications_day(monkeypatch):
    """ "Julkaistu 3.12. klo 14.05 | Päivitetty 4.12." (over 40 characters: read as a dateline of both) gave its item no
    date where its year was left out (before s42); the publication's day is read as at the run's moment."""
    moment = datetime(2026, 12, 4, 10, tzinfo=ZoneInfo("UTC"))
    days = ["Julkaistu 3.12. klo 14.05 | Päivitetty 4.12. klo 9.00", "Julkaistu 2.12. klo 9.00", "Julkaistu 1.12."]
    assert _read(days, moment, monkeypatch) == sorted(
        [
            ("talousarvio-2027-hyvaksyttiin", "2026-12-03T14:05:00"),
            ("uusi-koulu-kirkonkylaan", "2026-12-02T09:00:00"),
            ("lumityot-alkavat", "2026-12-01"),
        ]
    )
