"""Search the archive: the filters staff use, ranked full-text matches, snippets, pages of results.

Works on a plain ``sqlite3.Connection`` so that the command line (through ``Archive``) and the
reading room (on Datasette's own read-only connections) answer a query the same way.
"""

from __future__ import annotations

import calendar
import contextlib
import difflib
import itertools
import json
import os
import re
import sqlite3
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypedDict, Unpack

from .dates import ENGLISH_MONTHS, MONTHS, SWEDISH_MONTHS, day_text
from .language import and_list
from .lexicon import (
    LEMMA_LANGUAGES,
    OPERATORS,
    SMALL_WORDS,
    Spellings,
    as_typed,
    cased_as,
    check_length,
    is_colon_ending,
    is_known_word,
    query_forms,
    respellable_words,
    search_query,
    searched_as_prefix,
    word_matches,
)
from .models import normalize_url, unaccented
from .slovenian import SHORTEST_STEM as SLOVENIAN_SHORTEST  # ("let" finds "leto", s42)
from .slovenian import prefix as slovenian_prefix
from .slovenian import same_word as slovenian_same_word

SEARCH_TABLE = "articles_search"
# When a release came out: its publication date, else (undated) when newsflow first saw it.
WHEN = "coalesce(nullif(a.published, ''), a.first_seen)"
ORDERS = ("newest", "best")
# A tag filter two ways: as a list (when SQLite starts from the tag's articles) and as a lookup per
# article (when it walks another index and must not build the list first).
TAG_IN = "a.id in (select t.article_id from article_tags t where t.tag_id = ?)"
TAG_EXISTS = "exists (select 1 from article_tags t where t.article_id = a.id and t.tag_id = ?)"
AFTER_ID = "a.id > ?"  # releases first archived after one (the reading room's "archived since")
# The dates a person types into From and To, or gives to --since and --until. Numbers are always read day first:
# everyone who uses newsflow is in Europe, where 1/3/2026 is 1 March.
_DAY = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")  # 2025-05-20, 2025-05, 2025
# 1.3.2026, 1. 3. 2026 (as Slovenes write it), 1.3.2026. and 1/3/2026 or 01/03/2026; 25.11. and 25.11 (no year);
# 1.3.26 and 1/3/26 (a year in two digits is this century's)
_DAY_MONTH = re.compile(r"^\s*(\d{1,2})\s*([./])\s*(\d{1,2})(?:\s*\2\s*(\d{4}|\d{2}))?\s*\.?\s*$")
# 1-3-2026, as people type a day with hyphens: day first, the year in full (a first part of four digits is ISO, _DAY).
# 26-03-01 is refused: it may be the short form of 2026-03-01, as Swedes write it, as well as 26 March 2001.
_DAY_MONTH_HYPHENS = re.compile(r"^\s*(\d{1,2})(-)(\d{1,2})-(\d{4})\s*$")
_SHORT_HYPHENS = re.compile(r"^\s*\d{1,2}-\d{1,2}-\d{2}\s*$")
# Where one box holds a range (1.3.2026-31.5.2026, 1.3.2026 – 31.5.2026, 1.3.2026 to 31.5.2026): each place it may
# be cut in two, tried in turn (a hyphen inside a date is one of them, but leaves no date on one side).
_RANGE_CUT = re.compile(r"\s*[-\u2013\u2014]\s*|\s+(?:to|till|until)\s+", re.IGNORECASE)
# March 2026, Mar. 2026, maaliskuu 2026, maaliskuussa 2026, mars 2026, marec 2026; with a day before it,
# 20 May 2025, 20. toukokuuta 2025, 20 maj 2025, 20. maja 2025
_NAMED = re.compile(r"^\s*(?:(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?)?([^\W\d_]+)\.?,?\s+(\d{4})\s*$")
# "today" and "yesterday" in each staff language ("i dag" and "i går" as Swedes write them too)
_DAYS_AGO = {
    **dict.fromkeys(("today", "tänään", "idag", "i dag", "danes"), 0),
    **dict.fromkeys(("yesterday", "eilen", "igår", "i går", "včeraj"), 1),
}
_ONE_WORD = re.compile(r"^[^\W\d_]+\.?$")
# A month by its number and year, as Finnish offices write it: "5/2021", "05/2021" (toukokuu 2021)
_MONTH_NUMBER = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{4})\s*$")


class ArticleFilters(TypedDict, total=False):
    """The filters staff use, as ``article_filters`` takes them; an empty value filters nothing."""

    tag: str
    since: str
    until: str
    source: str
    lang: str
    partner: str
    after_id: int


def tag_named(conn: sqlite3.Connection, value: str) -> str:
    """The id of the tag a person named by its id, its name, an alias or its name in another language, in any case
    ("HOPE project", "hope", "HOPE", "Toimintojen talo"); "" for none. An id as it is comes first, then names, then
    aliases, then names in other languages; compared with Python's casefold (SQLite's lower() leaves Ä, Ö and Å as
    they are)."""
    return _tag_as_written(conn, value) or _only(tags_named(conn, value))  # or in another language ("Göteborg")


def _tag_as_written(conn: sqlite3.Connection, value: str) -> str:
    """The tag ``value`` names by its id as it is, or by its name, its id or an alias in any case; "" for none. A name
    comes before an id in another case: "Maribor" is the tag named so, not the one whose id is "maribor" (City of
    Maribor): people type the names the pages show, scripts the ids as they are."""
    if conn.execute("select 1 from tags where id = ?", [value]).fetchone():
        return value
    return (
        _first_named(conn, value, "select id, name from tags")
        or _first_named(conn, value, "select id, id from tags")
        or _first_named(
            conn, value, "select tags.id, value from tags, json_each(tags.aliases) where json_valid(tags.aliases)"
        )
    )


def _only(found: list[str]) -> str:
    """The one tag a name in another language names; "" where it names none, or several (the employment pilots of
    2012 and 2021 are both "kuntakokeilu": which one is meant is the person's to say, see ``ambiguous_tag``)."""
    return found[0] if len(found) == 1 else ""


def ambiguous_tag(conn: sqlite3.Connection, value: str, ids: bool = False) -> str:
    """Where ``value`` names several tags and no one tag by its id, name or alias: a sentence saying which, to choose
    from, by name (with ``ids``, each with its id too, for the command line); "" otherwise."""
    if _tag_as_written(conn, value):
        return ""
    found = tags_named(conn, value)
    if len(found) < 2:
        return ""
    names = dict(conn.execute(f"select id, name from tags where id in ({', '.join('?' * len(found))})", found))
    return f"“{value.strip()}” names {len(found)} tags: " + " or ".join(
        f"“{names.get(t) or t}”" + (f" ({t})" if ids else "") for t in found
    )


def tags_named(conn: sqlite3.Connection, value: str) -> list[str]:
    """Every tag that goes by ``value``, in any case: its id, its name, a name in any language, an alias (the
    employment pilots of 2012 and of 2021 are both "kuntakokeilu"), in the order of their names."""
    wanted = value.strip().casefold()
    return [tag_id for tag_id, _, known in names_of_tags(conn) if wanted in {k.casefold() for k in known}]


def names_of_tags(conn: sqlite3.Connection) -> list[tuple[str, str, set[str]]]:
    """Each tag, in the order of their names: its id, the name it is shown by, and every name it goes by (its id, its
    name, its names in each language, its aliases)."""
    out = []
    for tag_id, name, names, aliases in conn.execute("select id, name, names, aliases from tags order by name, id"):
        known = {str(tag_id), name or ""}
        with contextlib.suppress(ValueError, TypeError, AttributeError):  # a names or aliases column that is no list
            known |= {str(n) for forms in json.loads(names or "{}").values() for n in forms}
            known |= {str(n) for n in json.loads(aliases or "[]")}
        out.append((str(tag_id), name or str(tag_id), known - {""}))
    return out


PARTNERS_SQL = (
    "select partner as p from sources where coalesce(partner, '') != '' "
    "union select partner from articles where coalesce(partner, '') != ''"
)


def partner_named(conn: sqlite3.Connection, value: str) -> str:
    """The partner as the archive holds it, for one named in any case ("coompanion", "CITY OF SEINÄJOKI"); "" for
    none."""
    return _first_named(conn, value, f"select p, p from ({PARTNERS_SQL})")


def _first_named(conn: sqlite3.Connection, value: str, sql: str) -> str:
    """The first key of ``sql``'s (key, name) rows whose name is ``value`` in any case ("" for none)."""
    wanted = value.strip().casefold()
    return next((str(key) for key, name in conn.execute(sql) if (name or "").casefold() == wanted), "")


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


_THIS_SEASON = re.compile(r"^(?:this|tänä)\s", re.IGNORECASE)  # "HOPE this spring", "HOPE tänä keväänä"
# Other words that make a search's first or last words a date when parse_day reads them: a season gone by ("i
# höstas", "last autumn", "viime syksynä", "förra hösten"), this one in Swedish ("i höst"; not "i vår", also "in our":
# "i vår region"), a month after "in" ("in October", "i oktober", "v oktobru") or in the Finnish inessive
# ("lokakuussa"), a week by its number ("week 48", "vko 48"), today or yesterday ("eilen", "igår"). Not a season or
# a month alone: "summer school", "Bruno Mars", "HOPE May".
_SAID_AS_DATE = re.compile(
    r"^(?:(?:last|viime|förra|in|v)\s|i\s++(?!vår$))|^[^\W\d_]+kuussa$|^(?:today|tänään|idag|i\s++dag|danes|"
    r"yesterday|eilen|igår|i\s++går|včeraj)$",
    re.IGNORECASE,
)
# Periods named back from today, as staff type them (the unit, and how many back): "last week" is the previous
# week from Monday to Sunday, "last month" the previous calendar month, "last year" the previous calendar year.
_PERIODS_BACK = {
    **dict.fromkeys(("this week", "tällä viikolla", "den här veckan", "denna vecka", "i veckan", "ta teden"), ("w", 0)),
    **dict.fromkeys(("last week", "viime viikolla", "förra veckan", "prejšnji teden"), ("w", 1)),
    **dict.fromkeys(("this month", "tässä kuussa", "den här månaden", "denna månad", "ta mesec"), ("m", 0)),
    **dict.fromkeys(("last month", "viime kuussa", "förra månaden", "prejšnji mesec"), ("m", 1)),
    **dict.fromkeys(("this year", "tänä vuonna", "i år", "letos"), ("y", 0)),
    **dict.fromkeys(("last year", "viime vuonna", "i fjol", "ifjol", "förra året", "lani"), ("y", 1)),
}


def dated_search(query: str, today: date | None = None) -> tuple[str, str, str] | None:
    """A search whose last (or first) words are a date with its year, as people ask "HOPE 2021", "HOPE maaliskuu
    2026" or "HOPE spring 2026", or a date alone, "maaliskuu 2026"), or a date said without its year: a season
    named as this one ("HOPE this spring", "HOPE tänä keväänä", "HOPE i höst") or as one gone by ("HOPE i höstas",
    "last autumn", "viime syksynä": the latest that has ended, see _season), a week by its number ("HOPE week 48",
    "vecka 48", "viikko 48", "vko 48": the latest that has begun), a month after "in" or in the Finnish inessive
    ("in October", "i oktober", "v oktobru", "lokakuussa": the latest that has begun), a period back from today
    ("last week", the previous week from Monday to Sunday; "last month", "viime kuussa", "förra månaden", the
    previous calendar month; "last year", "i fjol", the previous calendar year; and "this week", "tässä kuussa", "i
    år"), or "today" or "yesterday" in any staff language ("tänään", "idag", "eilen", "igår"): its other words (""
    for none), and the date's first and last day (ISO), to say that From and To (--since and --until) narrow a
    search by date, where the words look for "2021" in the text. None for any other search, for a year still ahead
    ("Agenda 2030"), and for words that are dates only sometimes: a season or a month alone ("summer school",
    "HOPE May", "Bruno Mars"), a week without its number ("HOPE week"), or a date among the words ("HOPE week 12
    report"; "week 12 report" begins with one)."""
    words = as_typed(query).split()
    if any(w in OPERATORS or any(c in w for c in '"()*') for w in words):
        return None
    if words and words[-1].rstrip("?!"):  # (a question's mark: "what did Seinäjoki publish about HOPE in 2021?")
        words[-1] = words[-1].rstrip("?!")
    today = today or _now().date()  # (as parse_day counts "today")
    # A date after "since", "before", "ennen", "sedan" … (or before "alkaen", "jälkeen", "asti" …) is one end of the
    # period: "HOPE since 2025" is every release from 1 January 2025 on, not 2025's.
    after = _BOUND_AFTER.get(words[-1].casefold()) if len(words) > 1 else None
    core = words[:-1] if after else words
    for k in (7, 6, 5, 4, 3, 2, 1):
        if len(core) < k:
            continue
        ends = [(core[-k:], core[:-k], -1)] + ([] if after else [(core[:k], core[k:], 0)])
        for part, rest, at in ends:
            text = " ".join(part)
            if k > 3 and not _RANGE_CUT.search(text):
                continue  # (more than three words are a date only as a range: "1 March 2021 – 31 May 2021")
            weekday = _weekday_said(part, rest, at, after)
            if k == 1 and rest and text.isalpha() and not text.islower() and not weekday:
                continue  # (a name, not a date: "Danes in Maribor", "Eilen Koivisto"; "danes", "eilen" are dates)
            said = bool(
                _YEAR.search(text) or _THIS_SEASON.match(text) or _WEEK.match(text) or _SAID_AS_DATE.match(text)
            )
            if (named := _WEEKDAY_SAID.match(text)) and named[2].casefold() in _WEEKDAYS:
                said = weekday  # (a weekday is a date only so said: not "Cyber Monday", "Murska Sobota")
            if not (said or " ".join(text.casefold().split()) in _PERIODS_BACK):  # (parse_day reads "last week" too)
                continue  # ("summer school" is no date)
            period = _period_said(text, today)
            if period is None:
                continue
            start, end = period
            if start > today.isoformat() or end > (today + timedelta(days=365)).isoformat():
                continue  # (a date, or a range, that runs into the years ahead is a plan's: "Vision 2030", "Interreg
                # 2021-2027", "HOPE until 2030"; review, s38. "this winter" in December is no plan)
            bound = after if at == -1 else None
            if at == -1 and not bound and rest and rest[-1].casefold() in _BOUND_BEFORE:
                bound, rest = _BOUND_BEFORE[rest[-1].casefold()], rest[:-1]
            if not bound and k == 1 and _WEEKDAYS.get(text.casefold(), (0, ""))[1] == "from":
                bound = "from"  # ("HOPE maanantaista": from Monday on)
            if bound == "after" and weekday and start == today.isoformat():
                start = end = (today - timedelta(days=7)).isoformat()  # ("HOPE after Friday" on a Friday: the
                # Friday a week ago, not tomorrow on, which is ahead and left the words "HOPE after Friday"; review 3)
            if bound:
                start, end = _bounded(bound, start, end)
            if start <= today.isoformat():
                return " ".join(_but_joining(rest, at)), start, end
    return None


def _period_said(text: str, today: date) -> tuple[str, str] | None:
    """The first and last day (ISO) of the date or the range of two dates ``text`` says ("2021", "2019-2021",
    "1.3.2026-31.5.2026", "2020 till 2022"), None where it says none."""
    try:
        return parse_day(text, today=today), parse_day(text, end=True, today=today)
    except ValueError:
        pass
    two = _two_dates(_month_range(text), today)
    if not two or two[2]:
        return None
    try:
        start, end = _read_day(two[0], False, today), _read_day(two[1], True, today)
    except ValueError:
        return None
    return (start, end) if start and end and start <= end else None


# Words that make a date one end of the period a search asks for, before it ("HOPE since 2025", "HOPE ennen 2020",
# "HOPE före 2020") or, in Finnish, after it ("HOPE 2025 alkaen", "HOPE 2020 jälkeen", "HOPE 2020 asti").
_BOUND_BEFORE = {
    **dict.fromkeys(("since", "sedan", "vuodesta", "od"), "from"),
    **dict.fromkeys(("after", "efter", "po"), "after"),
    **dict.fromkeys(("before", "ennen", "före", "innan", "pred"), "before"),
    **dict.fromkeys(("until", "tills", "through"), "until"),  # (not "till": Swedish "to", "stöd till 2025")
    # The options typed among the words, in quotes or the reading room's box ("HOPE --since lokakuu 2021" offered
    # "newsflow search HOPE --since --since 2021-10-01 …")
    **dict.fromkeys(("--since", "--from"), "from"),
    **dict.fromkeys(("--until", "--to"), "until"),
}
_BOUND_AFTER = {"alkaen": "from", "lähtien": "from", "jälkeen": "after", "asti": "until", "saakka": "until"}


def _bounded(bound: str, start: str, end: str) -> tuple[str, str]:
    """The period a search asks for from a date's first and last day and the word that bounds it (_BOUND_BEFORE):
    open at one end, given as "" (from its first day on, from the day after it, up to the day before it, up to its
    last day)."""
    if bound == "from":
        return start, ""
    if bound == "after":
        return _next_day(end), ""
    if bound == "before":
        return "", (date.fromisoformat(start) - timedelta(days=1)).isoformat()
    return "", end


# A word that joins a date to the search ("HOPE in last week", "HOPE i förra veckan", "HOPE during 2021"): left out
# of the words the date's hint searches for.
_DATE_JOINS = frozenset(
    ("in", "on", "during", "from", "i", "på", "under", "från", "v", "na", "aikana", "vuonna", "vuosina", "år", "leta")
)


def _but_joining(words: list[str], end: int) -> list[str]:
    """``words`` without the word at ``end`` (0: the first, -1: the last) where it joins them to a date after or
    before them."""
    if not words or words[end].casefold() not in _DATE_JOINS:
        return words
    return words[:-1] if end == -1 else words[1:]


def _period_back(text: str, today: date) -> tuple[str, str] | None:
    """The first and last day (ISO) of the week, month or year ``text`` names back from ``today`` ("last week",
    "viime kuussa", "i fjol", "this year"), None for any other text."""
    unit, back = _PERIODS_BACK.get(" ".join(text.casefold().split()), ("", 0))
    if unit == "w":
        monday = today - timedelta(days=today.weekday() + 7 * back)
        return monday.isoformat(), (monday + timedelta(days=6)).isoformat()
    if unit == "m":
        first = today.replace(day=1)
        for _ in range(back):
            first = (first - timedelta(days=1)).replace(day=1)
        return first.isoformat(), _period(first.year, first.month, None, True)
    if unit == "y":
        return _period(today.year - back, None, None, False), _period(today.year - back, None, None, True)
    return None


def parse_day(value: str, *, end: bool = False, today: date | None = None, names: tuple[str, str] | None = None) -> str:
    """A date a person typed, as YYYY-MM-DD. The forms read (DATE_FORMS says them in short):

    - a day: 2021-03-01, 1.3.2021 (also "1. 3. 2021", as Slovenes write it, and "1.3.2021."), 1/3/2021 or
      01/03/2021, 1-3-2021, 1.3.21 or 1/3/21 (a two-digit year is 20yy, or 19yy where 20yy is more than ten
      years ahead: 1.3.99 is 1999), 1 March 2021, 1. maaliskuuta 2021.
      Numbers are read day first, never month first as in the United States: everyone who uses newsflow writes
      dates the European way, so 01/03/2021 is 1 March. With hyphens, a first part of four digits is ISO
      (2021-03-01), and the year is written in full (21-03-01 is refused: Swedes shorten 2021-03-01 so);
    - a day and month without a year, "25.11." or "25.11" (also 25/11): the latest 25 November that is not
      in the future, this year's or, while this year's is still ahead, last year's;
    - a month: 2021-03, 3/2021 (as Finnish offices write it), or its name and the year in English, Finnish,
      Swedish or Slovenian (and the other languages dates.MONTHS knows), in any case: "March 2021", "Mar 2021",
      "maaliskuu 2021", "maaliskuussa 2021", "mars 2021", "marec 2021"; its name alone is the latest such month
      that has begun ("maaliskuu" in December is this year's March, in February last year's), and so after the word
      for "in" in its language ("in October", "i oktober", "v oktobru", with or without the year);
    - a week (see _week) and a season or quarter (see _season: "spring 2021", "this spring", "i höst", and one gone
      by, "i höstas", "last autumn", "viime syksynä");
    - a year: 2021;
    - a time back from today, as ``newsflow digest --since`` reads it (time_back): 7d, 30d, 2w (12h: the day
      that was 12 hours ago), and the words "today" and "yesterday", also in Finnish, Swedish and Slovenian
      ("tänään", "eilen", "idag", "i går", "včeraj"); and a week, month or year back from this one, "last week"
      (Monday to Sunday), "last month", "last year", "this month" and the like ("viime kuussa", "förra veckan",
      "i fjol"), as dated_search reads them: its first day, with ``end`` its last.

    A month or a year stands for its first day, or with ``end`` (a To date, --until) its last; any other form
    is one day with or without ``end``, so "--until 7d" ends on the day a week ago. ``today`` is the day to
    count back from (this machine's local date when not given). Raises ValueError with a message a person can
    act on; for two dates in one (1.3.2026-31.5.2026) it says where each goes: in ``names`` (the From and To boxes,
    or options such as ``("--from", "--to")``), or when not given, in From and To or --since and --until.
    """
    text = (value or "").strip()
    if len(text) > DATE_CHARS:  # (a pasted page: no date is this long, and each form is tried on it)
        raise ValueError(f"{text[:40]!r}… is not a date: write it as {DATE_FORMS}")
    try:
        day = _read_day(text, end, today)
    except ValueError:  # (not in the calendar as one date; "2021-22" is two years, as a season is written)
        if not (two := _two_dates(text, today)) or two[2]:
            raise
        day = ""
    if day:
        return day
    if _SHORT_HYPHENS.match(text):
        raise ValueError(f"{text!r} is not a date: with hyphens, write the year in full (20-5-2025 or 2025-05-20)")
    two = _two_dates(_month_range(text), today)  # ("kesä-heinäkuu 2021": two months)
    if two:
        first, second, wrong = two
        first, second = first or "the day you meant", second or "the day you meant"
        if names is None:
            where = f"put {first} in From and {second} in To (--since and --until on the command line)"
        elif names[0].startswith("-"):
            where = f"give {names[0]} {first} and {names[1]} {second}"
        else:
            where = f"put {first} in {names[0]} and {second} in {names[1]}"
        raise ValueError(f"{text!r} is two dates" + (f", and {wrong}" if wrong else "") + f": {where}")
    raise ValueError(f"{value!r} is not a date: write it as {DATE_FORMS}")


DATE_CHARS = 80  # the longest date typed ("1. maaliskuuta 2026 - 31. toukokuuta 2026" is 41)


def _full_year(year: str, today: date | None) -> int:
    """A year as written in a date: a two-digit one is this century's, unless that is more than ten years ahead
    ("1.3.99" is 1999, "1.3.26" 2026, "31.12.30" 2030)."""
    if len(year) != 2:
        return int(year)
    full = 2000 + int(year)
    return full if full <= (today or _now().date()).year + 10 else full - 100


# A week as Nordic offices name them ("v. 12", "vecka 12 2025", "viikko 12/2025", "vko 12", "viikolla 12", "week 12,
# 2025", "KW 12") or as ISO 8601 writes it ("2025-W12"). Not "2w", which is two weeks back (time_back).
_WEEK = re.compile(
    r"^\s*+(?:(?:v|vk|vko|vecka|viikko|viikolla|week|wk|kw|teden)\.?\s*+(\d{1,2})(?:\s*+[,/]?\s*+(\d{4}))?|(\d{4})-?w(\d{1,2}))\s*+$",
    re.IGNORECASE,
)


def _week(text: str, end: bool, today: date | None) -> str:
    """A week's Monday (with ``end`` its Sunday) as YYYY-MM-DD, or "" when ``text`` names no week; without a year,
    the latest week of that number that has begun. ValueError for a week no year has (54) or that year has not (53)."""
    m = _WEEK.match(text)
    if not m:
        return ""
    week, year = int(m[1] or m[4]), m[2] or m[3]
    day = 7 if end else 1
    try:
        if year:
            return date.fromisocalendar(int(year), week, day).isoformat()
        now = today or _now().date()
        for y in range(now.year, now.year - 7, -1):  # (a year with a week 53 comes every five or six)
            with contextlib.suppress(ValueError):
                if date.fromisocalendar(y, week, 1) <= now:
                    return date.fromisocalendar(y, week, day).isoformat()
    except ValueError:
        pass
    raise ValueError(f"{text!r} is not a date: there is no week {week}" + (f" in {year}" if year else ""))


# The seasons as offices name them, by the month each begins (three months each: winter from December to
# February, so "winter 2026" is December 2025 to February 2026), in the forms people type: "spring 2026", "kevät
# 2026", "keväällä 2026", "tänä keväänä", "våren 2026", "i höst", "pomlad 2026", "this spring"; and one gone by,
# "i höstas", "last autumn", "viime syksynä", "förra hösten".
_SEASON_MONTHS = {
    **dict.fromkeys(("spring", "kevät", "keväällä", "kevään", "keväänä", "vår", "våren", "pomlad", "spomladi"), 3),
    **dict.fromkeys(("summer", "kesä", "kesällä", "kesän", "kesänä", "sommar", "sommaren", "poletje", "poleti"), 6),
    **dict.fromkeys(
        ("autumn", "fall", "syksy", "syksyllä", "syksyn", "syksynä", "höst", "hösten", "jesen", "jeseni"), 9
    ),
    **dict.fromkeys(("winter", "talvi", "talvella", "talven", "talvena", "vinter", "vintern", "zima", "pozimi"), 12),
}
# Swedish names a season gone by in a form of its own, after "i": "i höstas" (last autumn), "i höst" (this one).
_PAST_SEASONS = {"våras": 3, "somras": 6, "höstas": 9, "vintras": 12}
_SEASON_MONTHS |= _PAST_SEASONS
_LAST = ("last", "viime", "förra")  # "last autumn", "viime syksynä", "förra hösten"
_SEASON = re.compile(
    r"^\s*+(?:(this|tänä|i|letos|last|viime|förra)\s++)?("
    + "|".join(sorted(_SEASON_MONTHS, key=len, reverse=True))
    + r")"
    r"(?:\s*+[,/]?\s*+(\d{4})(?:\s*+[-–/]\s*+(\d{4}|\d\d))?)?\s*+$",  # (a winter by its two years: 2025–2026)
    re.IGNORECASE,
)
# A quarter of a year: "Q1 2026", "Q1/2026", "2026 Q1", "2026-Q1", "Q1" (the latest first quarter that has begun).
_QUARTER = re.compile(r"^\s*+(?:q([1-4])(?:\s*+[-/,]?\s*+(\d{4}))?|(\d{4})\s*+[-/]?\s*+q([1-4]))\s*+$", re.IGNORECASE)


# Two months of a year typed as one: "kesä-heinäkuu 2021" (Finnish leaves out the first month's "kuu": June to
# July, not the summer, "kesä"), "kesäkuu–heinäkuussa 2021", "May-June 2021", "maj–juni 2021".
_MONTH_RANGE = re.compile(r"^(\w+)\.?\s*+[-–]\s*+(\w+)\.?\s++(\d{4})$")


def _month_range(text: str) -> str:
    """Two months typed as one period, written as the two dates it is ("kesäkuu 2021 - heinäkuu 2021"), for the
    message that says which goes into From and which into To; a first month after the second is the year before's
    ("joulu-tammikuu 2021": December 2020 to January 2021). Any other text as it is."""
    m = _MONTH_RANGE.match(text)
    if not m:
        return text
    first = m[1] if _month_named(m[1]) else f"{m[1]}kuu"
    a, b, year = _month_named(first), _month_named(m[2]), int(m[3])
    if not (a and b):
        return text
    return f"{first} {year - (a > b)} - {m[2]} {year}"


def _season(text: str, end: bool, today: date | None) -> str:
    """A season's or a quarter's first day (with ``end`` its last) as YYYY-MM-DD, or "" when ``text`` names neither;
    without a year, the latest that has begun ("spring" in February is last year's), but this year's where it is
    named as this one ("this summer", "tänä kesänä", "i sommar": in April, the summer ahead; a winter, the latest
    begun). A winter may be named by its two years ("talvi 2025–2026", "winter 2025/26": December 2025 to February
    2026); another season so is none.

    A season named as gone by ("i höstas", "last autumn", "viime syksynä", "förra hösten"; never with a year) is the
    latest that has ended: in December 2026 the autumn just gone, September to November 2026 (as "last autumn" is
    said in English in December), and "last winter" the winter before the one begun on 1 December; in October 2026,
    while the autumn is under way, "last autumn" and "i höstas" are 2025's. The one under way is "this autumn" or "i
    höst", which Swedish says of all of it, what is past and what is ahead ("i höst har vi …"), and "i höstas" of
    one that is over ("i vintras" said in December is last winter, not the one begun days ago)."""
    m, q = _SEASON.match(text), _QUARTER.match(text)
    this = past = False
    if m:
        word, prefix = m[2].casefold(), (m[1] or "").casefold()
        first, year = _SEASON_MONTHS[word], m[3]
        past = prefix in _LAST or word in _PAST_SEASONS
        if (word in _PAST_SEASONS and prefix != "i") or (past and (year or prefix not in (*_LAST, "i"))):
            return ""  # ("höstas" alone, "last autumn 2025", "last höstas")
        this = bool(prefix) and not past
        if m[4]:  # two years: a winter's, the second the year after the first
            second = int(m[4]) if len(m[4]) == 4 else int(m[3][:2] + m[4])
            if first != 12 or second != int(m[3]) + 1:
                return ""
            year = m[4] if len(m[4]) == 4 else str(second)
    elif q:
        first, year = 3 * int(q[1] or q[4]) - 2, q[2] or q[3]
    else:
        return ""
    if year:
        start = date(int(year) - (first == 12), first, 1)  # winter 2026 began in December 2025
    else:
        now = today or _now().date()
        start = date(now.year, first, 1)
        start = start if start <= now or (this and first != 12) else start.replace(year=now.year - 1)
        if past and _season_end(start) >= now:  # under way: the one before
            start = start.replace(year=start.year - 1)
    return _season_end(start).isoformat() if end else start.isoformat()


def _season_end(start: date) -> date:
    """The last day of the three months that begin on ``start``."""
    last_month = (start.month + 1) % 12 + 1  # two months after the first
    last_year = start.year + (last_month < start.month)
    return date(last_year, last_month, calendar.monthrange(last_year, last_month)[1])


# A month after the word for "in": "in October", "i oktober", "v oktobru", with or without its year. Each word with
# its own language's full names: "i jul" is at Christmas in Swedish, not in July, and "I may" no date.
_IN_MONTH = re.compile(r"^\s*+(in|i|v)\s++([^\W\d_]+)\b(.*)$", re.IGNORECASE)


# The days of the week (Monday first) in the forms staff type them, in English, Finnish, Swedish and Slovenian, each
# form with how it is said: "" a name as it stands (a date only after a word that makes it one: "since Monday", "on
# Monday", "sedan måndag", "v ponedeljek", "od ponedeljka"; not "Cyber Monday", "Murska Sobota", "Petek"), "on" a
# Finnish day's essive, a date by itself ("maanantaina", on Monday), "from" its elative ("maanantaista", from Monday
# on), "s" the Swedish form after "i" ("i måndags", last Monday).
_WEEKDAY_WRITTEN = (
    ("monday", "maanantai", "måndag", "ponedeljek ponedeljka"),
    ("tuesday", "tiistai", "tisdag", "torek torka"),
    ("wednesday", "keskiviikko keskiviikko keskiviiko", "onsdag", "sreda sredo srede"),
    ("thursday", "torstai", "torsdag", "četrtek četrtka"),
    ("friday", "perjantai", "fredag", "petek petka"),
    ("saturday", "lauantai", "lördag", "sobota soboto sobote"),
    ("sunday", "sunnuntai", "söndag", "nedelja nedeljo nedelje"),
)


def _weekday_forms() -> dict[str, tuple[int, str]]:
    forms: dict[str, tuple[int, str]] = {}
    for day, (english, finnish, swedish, slovenian) in enumerate(_WEEKDAY_WRITTEN):
        stem, strong, weak = (finnish.split() * 3)[:3]  # ("keskiviikko": keskiviikkona, keskiviikosta, keskiviikon)
        forms.update(dict.fromkeys((english, stem, swedish, f"{swedish}en", *slovenian.split()), (day, "")))
        forms.update({strong + "na": (day, "on"), weak + "sta": (day, "from"), f"{swedish}s": (day, "s")})
        forms.update(dict.fromkeys((weak + "n", strong + ("on" if stem.endswith("o") else "hin")), (day, "")))
    return forms


_WEEKDAYS = _weekday_forms()
# The words before a day's name that say which one: the latest ("on Monday", "v ponedeljek"), the latest before
# today ("i måndags"). (Not "last Monday": a digest's --since tells "last tuesday" for no date; tests/test_dates_typed.)
_WEEKDAY_BEFORE = {"on": 0, "v": 0, "i": 1}
_WEEKDAY_SAID = re.compile(r"^\s*+(?:(on|v|i)\s++)?([^\W\d_]+)\s*+$", re.IGNORECASE)


def _weekday(text: str, today: date) -> str:
    """The day a weekday's name says, as YYYY-MM-DD (see _WEEKDAY_WRITTEN): the latest such day on or before
    ``today`` ("Monday" on a Monday is today), in "i måndags" the latest before it; "" when ``text`` names no
    weekday."""
    said = _WEEKDAY_SAID.match(text)
    day, form = _WEEKDAYS.get(said[2].casefold(), (-1, "")) if said else (-1, "")
    before = said[1].casefold() if said and said[1] else ""
    if day < 0 or (form == "s") != (before == "i"):  # ("i måndags", never "måndags" alone nor "i måndag")
        return ""
    back = (today.weekday() - day) % 7 or 7 * _WEEKDAY_BEFORE.get(before, 0)
    return (today - timedelta(days=back)).isoformat()


def _weekday_said(part: list[str], rest: list[str], at: int, after: str | None) -> bool:
    """Whether a search's words ``part`` (at its end, ``at`` -1, or start, 0; ``rest`` the others) are a weekday said
    as a date: a Finnish day's essive or elative ("HOPE maanantaina", "HOPE maanantaista"), a day after a word that
    says which ("HOPE on Monday", "HOPE i måndags", "HOPE v ponedeljek"), or one end of the period after or before
    a word that bounds it ("HOPE since Monday", "sedan måndag", "od ponedeljka", "maanantain jälkeen")."""
    beside = (rest[0] if at == 0 else rest[-1]) if rest else ""
    if beside.casefold() in _WEEKDAYS:  # (a range of days, "maanantaista perjantaihin", is not its first day with
        return False  # the other searched as a word, "perjantaihin" from Monday on; review 3)
    if len(part) == 2:
        return part[0].casefold() in _WEEKDAY_BEFORE and part[1].casefold() in _WEEKDAYS
    if len(part) != 1 or part[0].casefold() not in _WEEKDAYS:
        return False
    if _WEEKDAYS[part[0].casefold()][1] in ("on", "from"):
        return True
    return at == -1 and bool(after or rest and rest[-1].casefold() in _BOUND_BEFORE)


def _read_day(text: str, end: bool, today: date | None) -> str:
    """``text`` in one of parse_day's forms as YYYY-MM-DD, or "" when it is in none; ValueError (said for a person)
    for one written as a date that is not in the calendar."""
    week = _week(text, end, today) or _season(text, end, today)
    if week:
        return week
    back = _period_back(text, today or _now().date())  # "last week", "viime kuussa", "i fjol"
    if back:
        return back[1] if end else back[0]
    if weekday := _weekday(text, today or _now().date()):  # "Monday", "maanantaina", "i måndags", "v ponedeljek"
        return weekday
    inside = _IN_MONTH.match(text)
    if inside and inside[2].casefold() in _MONTHS_AFTER[inside[1].casefold()]:
        text = inside[2] + inside[3]  # "in October 2025" is October 2025
    m, named = _DAY.match(text), _NAMED.match(text)
    dm = _DAY_MONTH.match(text) or _DAY_MONTH_HYPHENS.match(text)
    try:
        if dm:
            day, month, year = int(dm.group(1)), int(dm.group(3)), dm.group(4)
            if year:
                return date(_full_year(year, today), month, day).isoformat()
            return _latest(day, month, today or _now().date())
        if m:
            return _period(int(m.group(1)), _number(m.group(2)), _number(m.group(3)), end)
        if numbered := _MONTH_NUMBER.match(text):  # "5/2021", as Finnish offices write a month
            return _period(int(numbered[2]), int(numbered[1]), None, end)
        month = _month_named(named.group(2)) if named else 0
        if named and month:
            return _period(int(named.group(3)), month, _number(named.group(1)), end)
        if (day_named := _DAY_NAMED.match(text.strip())) and (month := _month_named(day_named[2])):
            return _latest(int(day_named[1]), month, today or _now().date())  # "1. maaliskuuta", as "1.3."
        alone = _month_named(text.rstrip(".")) if _ONE_WORD.match(text) else 0
        if alone:  # "maaliskuu", "March", "mars": the latest March that has begun, as a season without its year
            now = today or _now().date()
            return _period(now.year if alone <= now.month else now.year - 1, alone, None, end)
    except ValueError:  # written as a date, but not in the calendar (2025-02-30)
        hint = ""
        if dm and int(dm.group(3)) > 12 >= int(dm.group(1)):  # 05/13/2026 as the United States writes it
            day, month, sep = int(dm.group(3)), int(dm.group(1)), dm.group(2)
            written = f"{day}{sep}{month}" + (f"{sep}{dm.group(4)}" if dm.group(4) else sep if sep == "." else "")
            hint = f" (the day comes first: {day} {ENGLISH_MONTHS[month - 1]} is {written})"
        raise ValueError(f"{text!r} is not a date: there is no such day in the calendar{hint}") from None
    return _days_back(text, today)


def _two_dates(text: str, today: date | None) -> tuple[str, str, str] | None:
    """The two dates of a range typed in one box (1.3.2026-31.5.2026, 2026-03-01 - 2026-03-31, 1.3. to 31.5.), each
    as typed, with what is wrong with them: "" when both are days, else why a side is not ("31.2.2026 is no day in
    the calendar"), and that side given as ""; None when ``text`` is not two dates (nor when it is longer than two
    dates in words can be: each cut is read on both sides, and a pasted page would be read a thousand times)."""
    if len(text) > 80:
        return None
    unreal = None  # the first cut whose sides are written as dates, one or both not in the calendar
    for cut in _RANGE_CUT.finditer(text):
        first, second = text[: cut.start()].strip(), text[cut.end() :].strip()
        if not (first and second):
            continue
        first = _first_completed(first, second)
        second = _second_completed(first, second)
        sides: list[str | None] = []  # each side as a day, "" where it is none, None where it is not in the calendar
        wrong = []
        for side, end in ((first, False), (second, True)):
            try:
                sides.append(_read_day(side, end, today))
            except ValueError as e:  # written as a date, not in the calendar
                sides.append(None)
                unit = "week" if "no week" in str(e) else "day"  # ("v. 54": a week no year has)
                wrong.append(f"{side} is no {unit} in the calendar{str(e).partition('calendar')[2]}")
        if all(sides):
            return first, second, ""
        if "" not in sides and unreal is None:  # each side a day, or written as one
            unreal = (first if sides[0] else "", second if sides[1] else "", " and ".join(wrong))
    return unreal


# The first date of a range that leaves out what the second says, as people write ranges: "1.3.–31.5.2021" (the year),
# "1.–31.3.2021" (the month and the year), "1–31 March 2021", "1 March – 31 May 2021".
_DAY_ALONE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\.?$")
_DAY_NAMED = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?([^\W\d_]+)\.?$")


def _first_completed(first: str, second: str) -> str:
    """The first date of a range with the month and year it leaves out taken from the second ("1.3." before
    "31.5.2021" is 1.3.2021, "1." before "31.3.2021" 1.3.2021, "1" before "31 March 2021" 1 March 2021); a day after
    the second's in the calendar is the year before's ("15.12.–15.1.2022": 15.12.2021). ``first`` as it is where the
    second has no year, or the first has one of its own."""
    if dm := _DAY_MONTH.match(second):
        if not dm[4]:
            return first
        sep, year = dm[2], _full_year(dm[4], None)
        day = _DAY_ALONE.match(first)
        own = _DAY_MONTH.match(first)
        if day:
            return f"{day[1]}{sep}{dm[3]}{sep}{year}"
        if own and not own[4]:
            before = (int(own[3]), int(own[1])) > (int(dm[3]), int(dm[1]))
            return f"{own[1]}{sep}{own[3]}{sep}{year - before}"
        return first
    named = _NAMED.match(second)
    if not named or not _month_named(named[2]):
        return _year_added(first, second)
    year = int(named[3])
    if (day := _DAY_ALONE.match(first)) and named[1]:
        return f"{day[1]} {named[2]} {year}"
    if (day_named := _DAY_NAMED.match(first)) and (month := _month_named(day_named[2])):
        return f"{first} {year - (month > _month_named(named[2]))}"
    return _year_added(first, second)


def _year_added(first: str, second: str) -> str:
    """A first date in words without its year, with the second's where it is then a date: "kevät – syksy 2021" is
    spring 2021 to autumn 2021 ("kevät" alone is the latest spring), "Q1 – Q3 2025" the first quarter of 2025."""
    year = re.search(r"\s(\d{4})$", second)
    if not year or re.search(r"\d{4}", first):
        return first
    if (dm := _DAY_MONTH.match(first)) and not dm[4]:  # ("1.3. – May 2021")
        return f"{dm[1]}{dm[2]}{dm[3]}{dm[2]}{year[1]}"
    try:
        return f"{first} {year[1]}" if _read_day(f"{first} {year[1]}", False, None) else first
    except ValueError:
        return first


def _second_completed(first: str, second: str) -> str:
    """The second date of a range with the year it leaves out taken from the first ("31.5." after "1.3.2021" is
    31.5.2021; "15.1." after "15.12.2021" 15.1.2022); ``second`` as it is otherwise."""
    if re.fullmatch(r"\d{4}", first) and re.fullmatch(r"\d\d", second) and second > first[2:]:
        return first[:2] + second  # "2021–22", as a season or an academic year is written
    own, dm = _DAY_MONTH.match(second), _DAY_MONTH.match(first)
    if not (own and dm and dm[4]) or own[4]:
        return second
    sep, year = own[2], _full_year(dm[4], None)
    after = (int(own[3]), int(own[1])) < (int(dm[3]), int(dm[1]))
    return f"{own[1]}{sep}{own[3]}{sep}{year + after}"


DATE_FORMS = (  # what parse_day reads, as its messages say
    "a day (20.5.2025, 20/5/2025, 20.5.25, 20-5-2025, 2025-05-20, or 20.5. for the latest 20 May), "
    "a week (v. 12, vecka 12 2025, viikko 12/2025, 2025-W12), a month (May 2025, toukokuu 2025, maj 2025, "
    "2025-05, or May for the latest May), a season or quarter (spring 2025, kevät 2025, våren 2025, Q2 2025), a "
    "year (2025), or days or weeks back (7d, 2w), today, yesterday, last week or last month"
)


def _number(digits: str | None) -> int | None:
    return None if digits is None else int(digits)


def _period(year: int, month: int | None, day: int | None, end: bool) -> str:
    """A day, or a month's or a year's first day (with ``end`` its last), as YYYY-MM-DD."""
    if day is not None:
        return date(year, month or 0, day).isoformat()
    if month is not None:
        first = date(year, month, 1)
        return (first.replace(day=calendar.monthrange(year, month)[1]) if end else first).isoformat()
    return date(year, 12, 31).isoformat() if end else date(year, 1, 1).isoformat()


def _latest(day: int, month: int, today: date) -> str:
    """The latest day ``day``.``month``. that is not after ``today`` (29.2. is the last leap day's)."""
    date(2000, month, day)  # ValueError when no year has it (31.4.)
    for year in range(today.year, today.year - 9, -1):
        with contextlib.suppress(ValueError):
            if (found := date(year, month, day)) <= today:
                return found.isoformat()
    raise ValueError(f"no {day}.{month}. in the last eight years")  # not reached: every 8 years hold a leap day


def _month_named(word: str) -> int:
    """The month a word names (1-12; 0 for none): any name dates.MONTHS knows, in any case, and the forms a month
    takes in a sentence: in Finnish "maaliskuussa" (in March), "maaliskuun" (March's), in Slovenian "(v) marcu"."""
    word = word.casefold()
    if word in _SLOVENIAN_IN:
        return _SLOVENIAN_IN[word]
    for ending in ("kuussa", "kuun", "kuusta", "kuuhun"):  # (in, of, from and to: "--since maaliskuusta 2021")
        if word.endswith(ending):
            word = word[: -len(ending)] + "kuu"
    if word in _FINNISH_STEMS:  # "kesä 2025" is summer, "syys" autumn: a month only as "kesäkuu", "syyskuu"
        return 0
    return MONTHS.get(word, 0)


# Slovenian months after "v" (in): "v oktobru 2025", "v marcu".
_SLOVENIAN_IN = {
    m: i
    for i, m in enumerate(
        (
            "januarju",
            "februarju",
            "marcu",
            "aprilu",
            "maju",
            "juniju",
            "juliju",
            "avgustu",
            "septembru",
            "oktobru",
            "novembru",
            "decembru",
        ),
        1,
    )
}

_MONTHS_AFTER = {  # the months' names after the word for "in" in each language
    "in": frozenset(m.casefold() for m in ENGLISH_MONTHS),
    "i": frozenset(SWEDISH_MONTHS),
    "v": frozenset(_SLOVENIAN_IN),
}


# The stems Finnish datelines shorten month names to ("1. kesä 2025"): typed with a year, they read as seasons.
_FINNISH_STEMS = frozenset(
    ("tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys", "loka", "marras", "joulu")
)


def _now() -> datetime:
    """This machine's local time, which "today", "7d" and "25.11." count from (tests set it)."""
    return datetime.now()


# A time back as digest's --since takes it: 7d, 2w, 12h. The same pattern as digest.window_start's, which this
# module cannot call (digest imports it; newsflow has no import cycles): time_back is the one to share.
_TIME_BACK = re.compile(r"(\d{1,4})\s*([hdw])")


def time_back(value: str) -> timedelta | None:
    """How far back "7d" (days), "2w" (weeks) or "12h" (hours) reaches; None for anything else."""
    m = _TIME_BACK.fullmatch(value.strip())
    if not m:
        return None
    n, unit = int(m.group(1)), m.group(2)
    return {"h": timedelta(hours=n), "d": timedelta(days=n), "w": timedelta(weeks=n)}[unit]


def _days_back(text: str, today: date | None) -> str:
    """The day that "today", "yesterday" or a time back (7d, 2w, 12h) falls on, counted from ``today`` (this
    machine's date when not given); "" for anything else."""
    now = _now()
    if today is not None:
        now = datetime.combine(today, now.time())
    word = " ".join(text.casefold().split())
    if word in _DAYS_AGO:
        return (now.date() - timedelta(days=_DAYS_AGO[word])).isoformat()
    back = time_back(word)
    return (now - back).date().isoformat() if back is not None else ""


def parts_only_count(
    conn: sqlite3.Connection, tag: str, parts: Sequence[str], since: str = "", until: str = "", after_id: int = 0
) -> int:
    """How many releases mention only a tag's ``parts`` (House of Actions without HOPE), not the tag itself, dated
    within ``since``..``until`` as ``article_filters`` reads them (an undated one by when it was first seen), and
    archived after ``after_id``'s. Raises ValueError for a date that is not one."""
    if not parts:
        return 0
    dated, dates = article_filters(since=since, until=until, after_id=after_id)
    if dated == ["1"]:  # no dates: the two tags' lists of releases, one taken from the other (11 ms against 28 ms
        # for a tag on 18% of 100,000 releases: each release is not looked up for a date it is not asked for)
        return int(
            conn.execute(
                f"""select count(*) from (select article_id from article_tags where tag_id in ({sql_marks(parts)})
                    except select article_id from article_tags where tag_id = ?)""",
                [*parts, tag],
            ).fetchone()[0]
        )
    (dated_count,) = conn.execute(f"select count(*) from articles a where {' and '.join(dated)}", dates).fetchone()
    (tagged,) = conn.execute(
        f"select count(*) from article_tags where tag_id in ({sql_marks(parts)})", [*parts]
    ).fetchone()
    if dated_count < tagged:  # a short period: its releases asked for the parts (6 ms against 26 ms for a spring)
        return int(
            conn.execute(
                f"""select count(*) from articles a where {" and ".join(dated)}
                    and exists (select 1 from article_tags t where t.article_id = a.id
                                and t.tag_id in ({sql_marks(parts)}))
                    and not exists (select 1 from article_tags h where h.article_id = a.id and h.tag_id = ?)""",
                [*dates, *parts, tag],
            ).fetchone()[0]
        )
    return int(
        conn.execute(
            f"""select count(distinct t.article_id) from article_tags t join articles a on a.id = t.article_id
                where t.tag_id in ({", ".join("?" * len(parts))})
                  and not exists (select 1 from article_tags h where h.article_id = t.article_id and h.tag_id = ?)
                  and {" and ".join(dated)}""",
            [*parts, tag, *dates],
        ).fetchone()[0]
    )


def _next_day(day: str) -> str:
    try:
        return (date.fromisoformat(day) + timedelta(days=1)).isoformat()
    except OverflowError:  # 9999-12-31 has no next day: every stamp of that day sorts before this
        return day + "\uffff"


def article_filters(
    *,
    tag: str = "",
    since: str = "",
    until: str = "",
    source: str = "",
    lang: str = "",
    partner: str = "",
    after_id: int = 0,
    unindexed: bool = False,
) -> tuple[list[str], list[Any]]:
    """SQL conditions on articles ``a`` (and their parameters) for the filters staff use.

    ``lang``: releases holding that language (a mixed fi/en release counts under fi and en).
    ``since``/``until``: a date range, both days included; an undated release counts by the day
    newsflow first saw it. Raises ValueError for a date that is not one. ``after_id``: releases
    first archived after that one (ids are given in the order releases are first archived).
    ``unindexed``: keep SQLite from choosing the dates' index, for when the search index picks
    the rows.
    """
    where: list[str] = ["1"]
    params: list[Any] = []
    if after_id:
        where.append(AFTER_ID)
        params.append(after_id)
    if tag:
        where.append(TAG_IN)
        params.append(tag)
    if source:
        where.append("a.id in (select s.article_id from article_sources s where s.source_id = ?)")
        params.append(source)
    if partner:
        where.append("a.partner = ?")
        params.append(partner)
    if lang:
        # `languages` is a JSON list of codes: '"fi"' occurs in it exactly when fi is one of them.
        where.append("instr(a.languages, ?) > 0")
        params.append(json.dumps(lang.strip().lower()))
    start = parse_day(since) if since else ""
    stop = _next_day(parse_day(until, end=True)) if until else ""
    if start or stop:
        # Dated and undated releases as separate terms, so that the dated part uses the index on published.
        low, high = start or "0", stop or "9"
        # Three terms, each of which the index on published can serve (SQLite's OR optimisation).
        col = "+a.published" if unindexed else "a.published"
        where.append(
            f"(({col} >= ? and {col} < ?) or ({col} is null and a.first_seen >= ? and a.first_seen < ?)"
            f" or ({col} = '' and a.first_seen >= ? and a.first_seen < ?))"
        )
        params += [low, high, low, high, low, high]
    return where, params


@dataclass
class ResultPage:
    """One page of search results and how many there are in all."""

    total: int
    rows: list[dict[str, Any]] = field(default_factory=list)
    order: str = "newest"
    offset: int = 0
    limit: int = 20
    # Words typed without their accents, each with the spellings it was also looked for by ("Seinajoki" ->
    # "Seinäjoki": ``spelled_with_accents``), as typed and as found, for a page to say so.
    also_spelled: tuple[tuple[str, tuple[str, ...]], ...] = ()


def find_articles(
    conn: sqlite3.Connection,
    query: str = "",
    *,
    order: str = "",
    offset: int = 0,
    limit: int = 20,
    target: str = "",
    count: bool = True,
    **filters: Unpack[ArticleFilters],
) -> ResultPage:
    """Articles matching a query (any inflected form) and filters: one page, and the total.

    Without a query, every article the filters let through. ``order``: "newest" (undated
    releases by when first seen) or "best" (best match; the default when there is a query).
    ``target``: the reader's language, for the translated headline. ``limit`` 0: the total alone (a page of one
    release cost 30 ms on 100,000, its ranking and snippet, where only the number was wanted). Raises ValueError for a
    query or a filter this archive cannot answer, with a message a person can act on.
    """
    query = as_typed(query or "").strip()
    if is_address(query):
        # A release's address, pasted: the release archived from it (by its address, canonical address or a
        # source's link to it), not the words of the address, which no text holds.
        where, params = article_filters(**filters, unindexed=False)
        found = _at_address(conn, query)
        condition = f"a.id in ({sql_marks(found) or 'null'}) and " + " and ".join(where)
        ids = _newest_ids(conn, condition, [*found, *params], offset, limit, walk_index=False)
        total = _count(conn, condition, [*found, *params], {}) if count else -1
        return ResultPage(total=total, rows=article_rows(conn, ids, target), order="newest", offset=offset, limit=limit)
    order = order if order in ORDERS else ("best" if query else "newest")
    if not query:
        order = "newest"
    where, params = article_filters(**filters, unindexed=bool(query))
    condition = " and ".join(where)
    if not query and filters.get("tag") and not _tag_is_narrowest(conn, filters):
        condition = condition.replace(TAG_IN, TAG_EXISTS)  # let the dates' or the partner's index choose the rows
    match = ""
    spellings = searched_spellings(conn, query) if query else Spellings({}, {})
    if query:
        match = match_expression(query, spellings)
        if not match.strip():
            raise ValueError("there is no word to look for in this search")
    matched = f"a.id in (select rowid from {SEARCH_TABLE} where {SEARCH_TABLE} match ?) and " if match else ""
    all_params = [match, *params] if match else params
    try:
        total = _count(conn, matched + condition, all_params, filters) if count else -1
        if limit <= 0:  # (only how many: what to offer a search that found none asks it of dozens of searches)
            ids = []
        elif order == "best":
            ids = [
                r[0]
                for r in conn.execute(
                    f"""select s.rowid from {SEARCH_TABLE} s join articles a on a.id = s.rowid
                    where {SEARCH_TABLE} match ? and {condition}
                    order by bm25({SEARCH_TABLE}, 10.0, 1.0, 0.5, 0.3, 0.3) limit ? offset ?""",
                    [match, *params, limit, offset],
                )
            ]
        else:
            # Many matches: walk the publication index newest first and stop at the page's end;
            # few: let SQLite find them by the filter's own index, then sort them.
            many = total < 0 or total > 500
            ids = _newest_ids(conn, matched + condition, all_params, offset, limit, many)
    except sqlite3.OperationalError as e:
        raise ValueError(f"not a search this archive understands: {query!r} ({e})") from None
    rows = article_rows(conn, ids, target)
    if query:
        _mark_matches(conn, rows, query, match, spellings)
    return ResultPage(
        total=total, rows=rows, order=order, offset=offset, limit=limit, also_spelled=_as_typed(query, spellings)
    )


def finds_any(conn: sqlite3.Connection, query: str, **filters: Unpack[ArticleFilters]) -> bool:
    """Whether a search finds a release at all, as ``find_articles`` would: its first match, not all of them counted
    (what to offer a search that found nothing asks it of every word: 33 counts of a pasted paragraph's words took
    0.37 s on 100,000 releases, their first matches 0.01 s; search probe, s45). ValueError as ``find_articles``."""
    query = as_typed(query or "").strip()
    if not query or is_address(query):
        return find_articles(conn, query, limit=0, **filters).total > 0
    where, params = article_filters(**filters, unindexed=True)
    match = match_expression(query, searched_spellings(conn, query))
    if not match.strip():
        raise ValueError("there is no word to look for in this search")
    try:
        first = conn.execute(
            f"""select 1 from {SEARCH_TABLE} s join articles a on a.id = s.rowid
            where {SEARCH_TABLE} match ? and {" and ".join(where)} limit 1""",
            [match, *params],
        ).fetchone()
    except sqlite3.OperationalError as e:
        raise ValueError(f"not a search this archive understands: {query!r} ({e})") from None
    return first is not None


def searched_spellings(conn: sqlite3.Connection, query: str) -> Spellings:
    """The other spellings and forms a search asks ``query``'s words in, as the archive's own words tell: with their
    accents ("Seinajoki" -> "Seinäjoki") and a Slovenian word's case forms. QueryError for a search too long to ask,
    before any look-up."""
    check_length(query)
    accents = spelled_with_accents(conn, query)
    return Spellings(accents, slovenian_forms(conn, query, accents))


def match_expression(query: str, spellings: Spellings) -> str:
    """``query`` (as typed, see ``as_typed``) as the FTS5 query ``find_articles`` asks of the search index: every
    inflected form of its words, their ``spellings`` (``searched_spellings``), and a programme's period as typed
    ("2014 - 20") in either way a release writes its last year. ValueError for a search that cannot be asked (said for
    a person); "" for one of no words. The reading room's search box asks the same (browse)."""
    return _years_in_full(query, search_query(query, spellings=spellings))


# A period as EU programmes' are written, its last year in two digits or four: "2014-20", "2014 - 20", "2014–2020"
# ("EAKR 2014 - 20": search probe, s42). Releases write both, and "2014–2020" has no word "20", nor "2014-20" "2020".
_PERIOD_TYPED = re.compile(r"(?<![\w.:/-])((19|20)(\d\d))\s*[-–—]\s*((?:19|20)?(\d\d))(?![\w.:/-])")


def _years_in_full(query: str, match: str) -> str:
    """``match`` (the FTS5 query of ``query``) with each period ``query`` names by its years ("2014 - 20",
    "2014-2020") finding its last year in either way a release writes it: ("2014") AND ("20" OR "2020")."""
    for m in _PERIOD_TYPED.finditer(query):
        first, century, year, last, short = m[1], m[2], m[3], m[4], m[5]
        if short > year and (len(last) == 2 or last[:2] == century):  # ahead: not "2021-05", a month
            match = match.replace(
                f'("{first}") AND ("{last}")', f'("{first}") AND ("{short}" OR "{century}{short}")', 1
            )
    return match


def also_spelled(conn: sqlite3.Connection, query: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The words of ``query`` typed without their accents, as ``find_articles`` says them in ``also_spelled`` (none
    for a web address, which is not searched by its words)."""
    return () if is_address(query) else _as_typed(query, spelled_with_accents(conn, query))


def also_spelled_text(also: Sequence[tuple[str, Sequence[str]]]) -> str:
    """What ``ResultPage.also_spelled`` says, for the reading room and the command line alike: "Searched for
    “Seinajoki” as “Seinäjoki” too, as the releases write it with accents." ("" for nothing)."""
    if not also:
        return ""
    said = and_list([f"“{typed}” as {and_list([f'“{v}”' for v in spelled], 'or')}" for typed, spelled in also])
    return f"Searched for {said} too, as the releases write {'it' if len(also) == 1 else 'them'} with accents."


SLOVENIAN_FORMS_SAID = 4  # forms named for each word; "and others" past them


def forms_searched(
    conn: sqlite3.Connection, query: str, rows: Sequence[dict[str, Any]]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The Slovenian case forms a search looked for (``slovenian_forms``), where a release of ``rows`` is in Slovenian:
    each word as typed, with its forms in its case (none for a web address pasted whole). A reader saw "socialnega"
    marked for "socialno", unexplained (readroom probe, s41): the reading room and the command line say it so."""
    if is_address(query) or not any(
        set(SLOVENIAN_LABELS) & set(r.get("languages") or [r.get("language")]) for r in rows
    ):
        return ()
    forms = slovenian_forms(conn, query, spelled_with_accents(conn, query))
    said: dict[str, tuple[str, ...]] = {}
    for word in respellable_words(query):
        if word.lower() in forms and word.lower() not in {w.lower() for w in said}:
            said[word] = tuple(cased_as(word, v) for v in forms[word.lower()])
    return tuple(said.items())


def forms_searched_text(
    searched: Sequence[tuple[str, Sequence[str]]], quoted: Callable[[str], str] = lambda w: f"“{w}”"
) -> str:
    """What ``forms_searched`` found, for the reading room and the command line alike: "Slovenian words were searched
    in their case forms too: “podjetje” also as “podjetja”, “podjetij” or “podjetju”." ("" for nothing); each word
    as ``quoted`` gives it (the reading room's marked as Slovenian, escaped)."""
    if not searched:
        return ""

    def named(found: Sequence[str]) -> str:
        shown = [quoted(v) for v in found[:SLOVENIAN_FORMS_SAID]]
        return and_list(shown, "or") if len(found) <= SLOVENIAN_FORMS_SAID else ", ".join(shown) + " and others"

    words = "; ".join(f"{quoted(typed)} also as {named(found)}" for typed, found in searched)
    return f"Slovenian words were searched in their case forms too: {words}."


def _as_typed(query: str, spellings: dict[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each word of ``query`` that ``spellings`` names, as typed, with its spellings capitalised as it is typed."""
    out: dict[str, tuple[str, ...]] = {}
    for word in respellable_words(query) if spellings else ():
        if word.lower() in spellings and word.lower() not in {w.lower() for w in out}:
            out[word] = tuple(cased_as(word, v) for v in spellings[word.lower()])
    return tuple(out.items())


# Where an archived release's addresses are (table, its article id column, the address column): the address it was
# archived at, a listing's link to it, every address it was found at (Archive.find_article, Releases.history).
ADDRESSES = (
    ("articles", "id", "url"),
    ("article_sources", "article_id", "link"),
    ("article_urls", "article_id", "url"),
)
# The ends of the hosts partners and their neighbours publish at, for an address typed without "https://" or "www."
# ("seinajoki.fi/uutiset/…"; not "node.js/react", which is words).
_HOSTS_END = ("fi", "ax", "se", "nu", "no", "dk", "is", "ee", "lv", "lt", "si", "hr", "eu", "uk", "ie", "de", "at",
              "ch", "nl", "be", "fr", "es", "pt", "it", "pl", "cz", "com", "org", "net", "int", "info", "gov", "edu",
              "coop", "news")  # fmt: skip
# A web address pasted whole: with its scheme, or as a browser's address bar shows it, without ("www.seinajoki.fi/…",
# "seinajoki.fi/uutiset/…": a host with a dot and a path; not "seinajoki.fi" alone, nor "EU:n").
_PASTED_ADDRESS = re.compile(
    r"(?:https?://|www\.[\w-]+(?:\.[\w-]+)+(?:/|$)|[\w-]+(?:\.[\w-]+)*\.(?:" + "|".join(_HOSTS_END) + r")/)[^\s\"'<>]*",
    re.IGNORECASE,
)
ADDRESS_NOTE = (
    "No release in this archive was read from this address: newsflow keeps what the partners' newsrooms list, "
    "by the address it found each one at. Search for words of its headline instead."
)
ADDRESS_FILTERED_NOTE = "The release archived from this address is not one these filters let through."


def archived_at(conn: sqlite3.Connection, query: str) -> bool:
    """Whether a pasted web address is one a release was archived from (whatever a search's filters let through)."""
    return is_address(query) and bool(_at_address(conn, query.strip()))


def is_address(query: str) -> bool:
    """Whether a search is a web address pasted whole (found as the release archived from it, not by its words)."""
    return _PASTED_ADDRESS.fullmatch((query or "").strip()) is not None


def _at_address(conn: sqlite3.Connection, address: str) -> list[int]:
    """The ids of the releases archived from an address (as pasted, or as newsflow keeps addresses; one pasted without
    its scheme, by https and http)."""
    if not re.match(r"https?://", address, re.IGNORECASE):
        address = f"https://{address}"
    found = [address, normalize_url(address)]
    # The same page with or without "www." (typed as a browser shows it, "seinajoki.fi/…", where the feed said
    # "www.seinajoki.fi/…"), and by the other scheme: a link copied from a browser says https where the feed gave http.
    found += [re.sub(r"^(https?://)(www\.)?", lambda m: m[1] + ("" if m[2] else "www."), a, flags=re.I) for a in found]
    found += [
        re.sub(r"^https?", lambda m: "http" if m[0].lower() == "https" else "https", a, flags=re.I) for a in found
    ]
    keys = list(dict.fromkeys(found))
    marks = sql_marks(keys)
    where = [*ADDRESSES, ("articles", "id", "canonical_url")]  # (where a release is archived, and what it names)
    rows = conn.execute(
        " union ".join(f"select {key} from {table} where {column} in ({marks})" for table, key, column in where),
        keys * len(where),
    ).fetchall()
    own = _READING_ROOM_LINK.search(address.split("?")[0].split("#")[0])
    if own:  # the reading room's own link to a release, as a colleague shares it
        rows += conn.execute("select id from articles where id = ?", [int(own[1])]).fetchall()
    return sorted({r[0] for r in rows})


_READING_ROOM_LINK = re.compile(r"/-/article/(\d{1,18})/?$")

# A site's address typed or pasted alone, "seinajoki.fi", "www.coompanion.se", "https://www.seinajoki.fi/": a host
# ending as partners' do (not "node.js", nor "EU:n"), with its scheme, "www." and a final slash or none.
_SITE = re.compile(
    r"\s*(?:https?://)?(?:www\.)?((?:[\w-]+\.)+(?:" + "|".join(_HOSTS_END) + r"))(?::\d{1,5})?/?\s*", re.IGNORECASE
)
_HOST = re.compile(r"^(?:https?://)?(?:www\.)?([^/?#\s:]+)", re.IGNORECASE)


def is_site(query: str) -> bool:
    """Whether a search is a site's address alone ("seinajoki.fi", "www.coompanion.se"), no release's."""
    return _SITE.fullmatch(query or "") is not None


def site_partners(conn: sqlite3.Connection, query: str) -> list[tuple[str, str]]:
    """For a search that is a web address, a release's or a site's alone ("seinajoki.fi", "www.coompanion.se",
    "https://www.seinajoki.fi/uutiset/…"): the partners whose releases were archived from that site (with or
    without "www.", by http or https), each as `--partner` takes it, or `--source` where a source has no partner,
    as (option, value), most releases first. A staff member pasting a partner's address looks for its releases, which
    a search of its words ("seinajoki fi") does not find."""
    query = (query or "").strip()
    if not (is_site(query) or is_address(query)):
        return []
    host = _HOST.match(query)
    if not host:
        return []
    name = host[1].lower()
    # (a site typed with its name's accents, "seinäjoki.fi", is the one without them, where the partner's is: search
    # probe, s40)
    names = dict.fromkeys((name, unaccented(name, "NFD")))
    starts = [f"{scheme}://{www}{n}/" for n in names for scheme in ("https", "http") for www in ("", "www.")]
    ranges = " or ".join("(url >= ? and url < ?)" for _ in starts)  # (by the index on url)
    rows = conn.execute(
        f"""select case when coalesce(partner, '') != '' then 'partner' else 'source' end,
        coalesce(nullif(partner, ''), source_id), count(*) from articles where {ranges}
        group by 1, 2 order by 3 desc, 2""",
        [bound for start in starts for bound in (start, start[:-1] + "0")],
    ).fetchall()
    if rows:
        return [(option, value) for option, value, _ in rows]
    # A partner that publishes elsewhere (Coompanion at Mynewsdesk) by its own site's name: "coompanion.se" is
    # Coompanion, "www.seinajoki.fi" City of Seinäjoki (the name's words as typed without accents).
    if "." not in name:  # (an intranet's or this machine's name, "localhost": no site's name to read)
        return []
    label = unaccented(name.split(".")[-2], "NFD")
    return [
        ("partner", partner)
        for (partner,) in conn.execute(f"select p from ({PARTNERS_SQL}) order by 1")
        if len(label) >= 4 and label in _WORDS.findall(unaccented(partner.casefold(), "NFD"))
    ]


def sql_marks(values: Sequence[Any]) -> str:
    """The placeholders for an SQL list of ``values``: "?, ?, ?"."""
    return ", ".join("?" * len(values))


def _tag_is_narrowest(conn: sqlite3.Connection, filters: ArticleFilters) -> bool:
    """Whether a tag lets fewer articles through than the dates or the partner (each counted on its index)."""
    tagged = conn.execute("select count(*) from article_tags where tag_id = ?", [filters["tag"]]).fetchone()[0]
    others = []
    if filters.get("after_id"):  # (as many as were archived since, less any deleted: counting them read their rows)
        others.append(
            conn.execute("select coalesce(max(id), 0) - ? from articles", [filters["after_id"]]).fetchone()[0]
        )
    if filters.get("since") or filters.get("until"):
        low = parse_day(filters["since"]) if filters.get("since") else "0"
        high = _next_day(parse_day(filters["until"], end=True)) if filters.get("until") else "9"
        others.append(
            conn.execute(
                "select count(*) from articles where published >= ? and published < ?", [low, high]
            ).fetchone()[0]
        )
    if filters.get("partner"):
        others.append(
            conn.execute("select count(*) from articles where partner = ?", [filters["partner"]]).fetchone()[0]
        )
    return not others or tagged <= min(others)


def _count(conn: sqlite3.Connection, condition: str, params: list[Any], filters: ArticleFilters) -> int:
    """How many articles the conditions let through (a tag alone is counted on its own index)."""
    chosen = {k for k, v in filters.items() if v}
    if chosen == {"tag"} and condition.count("?") == 1:
        return int(conn.execute("select count(*) from article_tags where tag_id = ?", [filters["tag"]]).fetchone()[0])
    if chosen == {"tag", "after_id"} and condition.count("?") == 2:  # (a tag's releases archived since a moment)
        return int(
            conn.execute(
                "select count(*) from article_tags where tag_id = ? and article_id > ?",
                [filters["tag"], filters["after_id"]],
            ).fetchone()[0]
        )
    # A language is read from the walk index's copy of `languages`: from the releases' rows a language with a tag,
    # a partner or words cost 0.7-2.1 s to count once the page cache was dropped (40,000 releases), 0.02-0.8 s so.
    hint = f"indexed by {PUBLISHED_INDEX}" if filters.get("lang") else ""
    if filters.get("after_id"):
        # Counted on an index: by the ids' own order SQLite read every release archived since, text and all (75 ms
        # against 6 ms for 50,000 of 100,000 releases, with the page cache warm).
        condition = condition.replace(AFTER_ID, f"+{AFTER_ID}")
    try:
        return int(conn.execute(f"select count(*) from articles a {hint} where {condition}", params).fetchone()[0])
    except sqlite3.OperationalError as e:
        if not hint or "no such index" not in str(e):
            raise
        return int(conn.execute(f"select count(*) from articles a where {condition}", params).fetchone()[0])


# The index a newest-first page walks: by publication, with the partner, the languages and when first seen (the date of
# an undated release) in it, so the filters and dates are read from the index, never from the releases' rows (long:
# the text is in them). Page 200 of one partner, or page 500 of one language, read thousands of rows only to skip
# them: 1.3-1.9 s after the page cache was dropped, on 40,000 releases.
PUBLISHED_INDEX = "idx_articles_published_partner_languages_first_seen"


def _newest_ids(
    conn: sqlite3.Connection, condition: str, params: list[Any], offset: int, limit: int, walk_index: bool = True
) -> list[int]:
    """Ids newest first: dated releases by publication, undated ones by first seen, merged."""
    k = offset + limit
    hint = f"indexed by {PUBLISHED_INDEX}" if walk_index else ""
    walked = condition.replace(TAG_IN, TAG_EXISTS)
    dated_sql = f"""select a.published, a.id from articles a {hint} where a.published > ''
                    and {walked if walk_index else condition}
                    order by a.published desc, a.id desc limit ?"""
    # Undated releases are few: found through the same index (null or empty), whatever the filters.
    undated_sql = f"""select when_, id from (
            select a.first_seen as when_, a.id from articles a indexed by {PUBLISHED_INDEX}
              where a.published is null and {walked}
            union all
            select a.first_seen, a.id from articles a indexed by {PUBLISHED_INDEX}
              where a.published = '' and {walked})
        order by when_ desc, id desc limit ?"""
    try:
        dated = conn.execute(dated_sql, [*params, k]).fetchall()
        undated = conn.execute(undated_sql, [*params, *params, k]).fetchall()
    except sqlite3.OperationalError as e:
        if "no such index" not in str(e) and "no query solution" not in str(e):
            raise
        dated = conn.execute(dated_sql.replace(hint, ""), [*params, k]).fetchall()
        undated = conn.execute(
            undated_sql.replace(f"indexed by {PUBLISHED_INDEX}", ""), [*params, *params, k]
        ).fetchall()
    merged = sorted(dated + undated, key=lambda r: (r[0] or "", r[1]), reverse=True)
    return [r[1] for r in merged[offset:k]]


def article_rows(conn: sqlite3.Connection, ids: list[int], target: str = "") -> list[dict[str, Any]]:
    """The articles with these ids, in this order, as the reading room shows them in lists."""
    if not ids:
        return []
    cursor = conn.execute(
        f"""select a.id, a.url, a.canonical_url, a.title, a.language, a.languages, a.mixed, a.published,
                   a.first_seen, a.source_id, a.partner, a.tags, a.text, a.translation, a.attachments_text, a.contacts,
                   a.translation_status, a.translation_note, a.translation_provenance,
                   coalesce((select t.text from translations t where t.article_id = a.id and t.position = -1
                             and t.target = ?),
                            case when not exists (select 1 from translations t where t.article_id = a.id
                                                  and t.target != ?) then a.title_translation end) as title_translation,
                   (select t.target from translations t where t.article_id = a.id and t.position >= 0 limit 1)
                       as translation_target
            from articles a where a.id in ({", ".join("?" * len(ids))})""",
        [target, target, *ids],
    )
    names = [d[0] for d in cursor.description]
    by_id = {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}
    out = []
    for i in ids:
        r = by_id.get(i)
        if r is None:
            continue
        r["tags"] = json.loads(r["tags"] or "[]")
        r["languages"] = json.loads(r["languages"] or "[]") or [r["language"]]
        r["dated"] = bool(r["published"])
        r["when"] = r["published"] or r["first_seen"] or ""
        if target and r["language"] == target and not r["mixed"]:
            r["title_translation"] = None  # the headline is already in the reader's language
        r["title_translation_language"] = target
        r["snippet"], r["snippet_parts"], r["machine_translation"], r["in_attachment"] = "", [], False, False
        r["in_contacts"] = False
        r["snippet_from"], r["snippet_at"] = "text", 0
        out.append(r)
    return out


def _mark_matches(
    conn: sqlite3.Connection, rows: list[dict[str, Any]], query: str, match: str, spellings: dict[str, list[str]]
) -> None:
    """Add each row's snippet ([matches] bracketed) and where it matched (text, translation, attachment, contacts)."""
    # Which column matched, asked of the index itself (phrases and NEAR included); most rows match
    # in the title or text, so the translation and the attachments are asked about the rest only.
    ids = [r["id"] for r in rows]
    in_text, in_body = _matching_text(conn, match, ids)
    in_translation = _matching(conn, "translation", match, [i for i in ids if i not in in_text])
    found = in_text | in_translation  # (once: a union per id made an export of 10,000 rows take 2 s more)
    in_attachments = _matching(conn, "attachments", match, [i for i in ids if i not in found])
    found |= in_attachments
    in_contacts = _matching(conn, "contacts", match, [i for i in ids if i not in found])
    forms = query_forms(query, spellings=spellings)
    said: dict[str, bool] = {}  # each distinct word asked once for the whole page: releases share most words
    for r in rows:
        r["machine_translation"] = r["id"] in in_translation
        r["in_attachment"] = r["id"] in in_attachments
        r["in_contacts"] = r["id"] in in_contacts
        # Where it comes from, for a page to mark its language: "text" (at r["snippet_at"]), "translation",
        # "attachment", "contacts" or "title" (below).
        r["snippet_from"] = (
            "translation"
            if r["machine_translation"]
            else "attachment"
            if r["in_attachment"]
            else "contacts"
            if r["in_contacts"]
            else "text"
        )
        source_text = {
            "translation": (r["translation"] or "", r["translation_target"] or "und"),
            "attachment": (r["attachments_text"] or "", r["language"]),
            "contacts": ((r["contacts"] or "").replace("\n", " · "), r["language"]),
            "text": (r["text"] or "", r["language"]),
        }[r["snippet_from"]]
        # A release none of whose text the index matched is not read word by word for a match there: a page where
        # most results matched in their headlines alone spent two thirds of its time doing so.
        headline_only = r["id"] in in_text and r["id"] not in in_body
        at: list[int] = []
        parts = [] if headline_only else snippet_parts(*source_text, forms, said=said, at=at)
        if not parts:
            parts = snippet_parts(r["title"] or "", r["language"], forms, said=said)
            r["snippet_from"] = "title" if parts else r["snippet_from"]
        parts = parts or [(source_text[0][:160], False)]
        r["snippet_at"] = at[0] if at and r["snippet_from"] == "text" else 0
        r["snippet_parts"] = parts
        r["snippet"] = "".join(f"[{piece}]" if hit else piece for piece, hit in parts).strip()


def search_articles(
    conn: sqlite3.Connection, query: str, limit: int = 20, **filters: Unpack[ArticleFilters]
) -> list[dict[str, Any]]:
    """Articles matching a query in any inflected form, best first, with a highlighted snippet.

    The query is lemmatised like the index (or used as it is when it is FTS5 syntax). The
    snippet ([like this]) comes from the original text, else from the machine translation
    (``machine_translation`` then says so), else from an attachment. ``filters``: those of
    ``article_filters``.
    """
    if not search_query(query).strip():
        raise ValueError("empty search")
    page = find_articles(conn, query, order="best", limit=limit, count=False, **filters)
    keep = (
        "id",
        "url",
        "title",
        "title_translation",
        "language",
        "languages",
        "published",
        "source_id",
        "partner",
        "tags",
        "snippet",
        "machine_translation",
        "in_attachment",
        "in_contacts",
    )
    return [{k: r[k] for k in keep} for r in page.rows]


def _matching_text(conn: sqlite3.Connection, match: str, ids: list[int]) -> tuple[set[int], set[int]]:
    """The ids that match in the headline or the text, and those of them with a match in the text itself (any of the
    query's words or phrases: FTS5's ``highlight`` marks each instance it matched in that column).

    A query with a prefix ("se*") is matched once over the index instead, and its releases' texts are read as they
    are: per release, FTS5 expands the prefix again (300 releases of "se*" took 8 s, the whole index 0.07 s), and
    its highlight costs as much. So is a text longer than HIGHLIGHT_CHARS: ``highlight`` costs in the square of a
    text's matches, and one release of 5 MB naming "Seinäjoella" 240,000 times made every search for Seinäjoki take
    30 s, past the reading room's time limit (a hostile newsroom's page, s36)."""
    if not ids:
        return set(), set()
    if _PREFIX.search(match):
        found_ids = _matching(conn, "title text", match, ids)
        if not _COMBINED.search(match):  # one word's forms, or several (OR): "in the text" is a match of the text
            return found_ids, _matching(conn, "text", match, list(found_ids))
        return found_ids, found_ids  # words combined with a prefix: each release's text is read for a match
    found = conn.execute(
        f"select rowid, case when length(text) <= {HIGHLIGHT_CHARS}"
        f" then instr(highlight({SEARCH_TABLE}, 1, char(2), char(3)), char(2)) > 0 end from {SEARCH_TABLE} "
        f"where {SEARCH_TABLE} match ? and rowid in ({', '.join('?' * len(ids))})",
        [f"{{title text}} : ({match})", *ids],
    ).fetchall()
    in_body = {rowid for rowid, in_text in found if in_text}
    if long := [rowid for rowid, in_text in found if in_text is None]:
        in_body |= set(long) if _COMBINED.search(match) else _matching(conn, "text", match, long)
    return {rowid for rowid, _ in found}, in_body


HIGHLIGHT_CHARS = 50_000  # a longer text is not highlighted to learn whether it matched (see _matching_text)
_PREFIX = re.compile(r"\*")  # an FTS5 prefix query ("se"*)
_COMBINED = re.compile(r"\b(?:AND|NOT|NEAR)\b")  # FTS5's operators that need every word (or none) of a group


def _matching(conn: sqlite3.Connection, column: str, match: str, ids: list[int]) -> set[int]:
    """The ids among ``ids`` that match ``match`` in ``column`` (a column filter: {title text} : (...))."""
    if not ids:
        return set()
    query = f"{{{column}}} : ({match})"
    if _PREFIX.search(match):  # matched once over the index, then kept to ids (see _matching_text)
        wanted = set(ids)
        found = conn.execute(f"select rowid from {SEARCH_TABLE} where {SEARCH_TABLE} match ?", [query])
        return {row[0] for row in found if row[0] in wanted}
    sql = f"select rowid from {SEARCH_TABLE} where {SEARCH_TABLE} match ? and rowid in ({', '.join('?' * len(ids))})"
    return {row[0] for row in conn.execute(sql, [query, *ids])}


_WORDS = re.compile(r"\w+")


def snippet_parts(
    text: str,
    lang: str,
    forms: set[str],
    width: int = 90,
    said: dict[str, bool] | None = None,
    at: list[int] | None = None,
) -> list[tuple[str, bool]]:
    """The part of the text around its first match, as pieces each marked whether it is a match.

    Empty when nothing matches. For pages, which mark the matches themselves: a bracket the
    newsroom wrote stays a bracket. ``said``: what earlier calls with the same ``forms`` found of each word (a
    word is a form of the query's words or not whatever the text's language: ``word_matches`` asks every language).
    ``at``: where the first match stands in the text is appended to it (a page marks the snippet in the language of
    the paragraph it comes from).
    """
    # Only the words up to the first match, and those around it, are asked about, each distinct word once: asking
    # every word of a long release made a results page of 2,000 take 4 s, and an export of 10,000 rows 20 s.
    said = {} if said is None else said

    def hit(word: str) -> bool:
        found = said.get(word)
        if found is None:
            found = said[word] = word_matches(word, lang, forms)
        return found

    first = _phrase_start(text, lang, forms) or next((m for m in _WORDS.finditer(text) if hit(m.group(0))), None)
    if first is None:
        return []
    if at is not None:
        at.append(first.start())
    start = max(0, first.start() - width)
    end = min(len(text), first.end() + width)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    parts: list[tuple[str, bool]] = [("…", False)] if start else []
    pos = start
    around = itertools.takewhile(lambda m: m.start() < end, _WORDS.finditer(text, first.end()))
    for m in (first, *(m for m in around if m.end() <= end and hit(m.group(0)))):
        parts += [(text[pos : m.start()], False), (m.group(0), True)]
        pos = m.end()
    parts.append((text[pos:end], False))
    if end < len(text):
        parts.append(("…", False))
    return [(re.sub(r"\s+", " ", piece), hit) for piece, hit in parts if piece]


def _phrase_start(text: str, lang: str, forms: set[str]) -> re.Match[str] | None:
    """Where a quoted phrase of the search first stands in the text, its words side by side in order (each in any of
    its forms): the snippet is shown around it, not around the first of its words alone ("social" in "social
    innovation", where the release says "social economy" further on). None where no phrase is found so. Only the
    places where a word begins as a form of the phrase's first word does (four letters: "sosiaali" in "sosiaalisen")
    are asked about, found by one regular expression: asking about every word of 10,000 releases made a download of
    search results seconds slower."""
    found: list[re.Match[str]] = []
    for phrase, heads, said in _phrase_heads(forms):

        def is_form(word: str, k: int, phrase: tuple[set[str], ...] = phrase, said: dict[Any, bool] = said) -> bool:
            if (word, k) not in said:  # (a word asked about once per query: releases repeat their words)
                said[(word, k)] = word_matches(word, lang, phrase[k])
            return bool(said[(word, k)])

        for head in heads.finditer(text):
            first = _WORDS.match(text, head.start())
            if first is None or not is_form(first.group(0), 0):
                continue
            rest = list(itertools.islice(_WORDS.finditer(text, first.end()), len(phrase) - 1))
            if len(rest) == len(phrase) - 1 and all(is_form(w.group(0), k + 1) for k, w in enumerate(rest)):
                found.append(first)
                break
    return min(found, key=lambda m: m.start()) if found else None


def _phrase_heads(forms: set[str]) -> list[tuple[tuple[set[str], ...], re.Pattern[str], dict[Any, bool]]]:
    """Each quoted phrase of a query's forms, with a pattern finding where a word begins as its first word's forms do
    (made once for the query's forms, which every release of a results page or a download shares)."""
    made = getattr(forms, "phrase_heads", None)
    if made is None:
        made = []
        for phrase in getattr(forms, "phrases", ()):
            heads = sorted({f.rstrip("*")[:4] for f in phrase[0] if f.rstrip("*")}, key=len, reverse=True)
            if heads:
                pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, heads)) + ")", re.I)
                made.append((phrase, pattern, {}))
        with contextlib.suppress(AttributeError):
            forms.phrase_heads = made  # type: ignore[attr-defined]
    return made


def snippet(text: str, lang: str, forms: set[str], width: int = 90) -> str:
    """The part of the text around its first match, matches in [brackets]; "" when nothing matches."""
    parts = snippet_parts(text, lang, forms, width)
    return "".join(f"[{piece}]" if hit else piece for piece, hit in parts).strip()


# ---------------------------------------------------------------- date ranges and searches that found nothing


def date_range(
    since: str, until: str, names: tuple[str, str] = ("From", "To"), *, today: date | None = None
) -> tuple[str, str]:
    """Both ends of a date range as YYYY-MM-DD ("" where not given), each in any form parse_day reads (``today``
    as it takes it); ValueError for a date that is not one, prefixed with its field's name, and for a range that
    ends before it starts (which would silently find nothing).
    """
    days = []
    for name, value, end in ((names[0], since, False), (names[1], until, True)):
        try:
            days.append(parse_day(value, end=end, today=today, names=names) if value else "")
        except ValueError as e:
            raise ValueError(f"{name}: {e}") from None
    start, stop = days
    if start and stop and start > stop:
        # 25.11. to 24.12. typed on 2 December: the latest 25 November is this year's, the latest 24 December last
        # year's; swapping them would not help.
        yearless = [v.strip() for v in (since, until) if (m := _DAY_MONTH.match(v or "")) and not m.group(4)]
        advice = "swap the two dates"
        if yearless:
            their = "its year" if len(yearless) == 1 else "their years"
            advice = f"give {' and '.join(yearless)} {their} (without one, a day is the latest such day up to today)"
        raise ValueError(
            f"{names[0]} {day_text(start)} is later than {names[1]} {day_text(stop)}, so nothing can match: {advice}"
        )
    return start, stop


# Operators, and the small words that join others (and, or, not in three languages), left as they are by
# prefix_search: "tai*" or "or*" finds nothing a person means.
_OPERATOR_WORDS = {w.lower() for w in OPERATORS} | {"ja", "och", "tai", "eller", "ei", "inte"}


def prefix_search(query: str) -> str:
    """For a search that found nothing: the same words as prefixes ("kokeilu" -> "kokeilu*", which finds
    kokeiluun and kokeilusta too), or "" when the search is more than plain words or already asks for prefixes."""
    words = [w.rstrip("?!,;") or w for w in query.split()]  # (not the mark that ends a question: "HOPE-hanke?")
    if not words or re.search(r"[\"“”«»*()]", query):
        return ""
    plain = [w.lower() in _OPERATOR_WORDS or not re.fullmatch(r"\w[\w-]+\w", w) for w in words]
    # A name or compound no dictionary holds is already looked for as a prefix ("Maribor" finds Mariborissa).
    starred = " ".join(w if keep or searched_as_prefix(w) else w + "*" for w, keep in zip(words, plain, strict=True))
    return "" if starred == query.strip() or starred == " ".join(words) else starred


@dataclass(frozen=True)
class Tries:
    """The searches to offer for one that found nothing, each only where it finds something (``searches_to_try``)."""

    respelled: str = ""  # its words as the archive spells them ("Seinajoki" -> "Seinäjoki")
    without: str = ""  # its words that find something, without those that find nothing ("v Mariboru" -> "Maribor")
    dropped: tuple[str, ...] = ()  # ... the words left out
    without_total: int = 0
    prefixes: str = ""  # its words as prefixes ("kokeilu*")
    any_words: str = ""  # any of its words, best match first ("what OR did OR Coompanion OR publish …")
    any_total: int = 0


def searches_to_try(
    conn: sqlite3.Connection, query: str, finds: Callable[[str], int], found: Callable[[str], bool] | None = None
) -> Tries:
    """What to offer for a search that found nothing (``finds``: how many releases a search finds, with the same
    filters; ``found``: whether it finds any, where only that is asked, ``finds`` by default). A suggestion that
    itself finds nothing is a dead end ("Did you mean v Maribor?", where no release holds "v") and is not offered.
    Where some words find nothing, the others alone; where a question of several words finds nothing ("what did
    Coompanion publish about 1000-jobb"), the releases holding any of them, best first."""
    query = as_typed(query)
    found = found or (lambda q: finds(q) > 0)
    spelled = respelled(conn, query)
    typed: dict[str, str] = {}  # a respelled word -> as typed, for the words said to be in no release
    if spelled and found(spelled):
        words: list[str] = []  # (the respelled search is the one to offer)
    else:
        # (small words are left out anyway, and "and", "ja", "och" join the others)
        words = [w for w in _plain_words(spelled or query) if w.lower() not in _JOINING_WORDS]
        as_given = [w for w in _plain_words(query) if w.lower() not in _JOINING_WORDS]
        if len(as_given) == len(words):  # ("socialna ekonomija" said no release holds "ekonomi": search probe, s40)
            typed = dict(zip(words, as_given, strict=True))
        spelled = ""
    kept: list[str] = words
    if len(words) > 1 or words and "-" in words[0]:
        kept = [part for w in words for part in ([w] if found(w) else _parts_found(w, found))]
    without = " ".join(kept) if words and kept and kept != words else ""
    without_total = finds(without) if without else 0
    prefixes = prefix_search(query)
    if prefixes and not found(prefixes):
        prefixes = ""
    any_words = " OR ".join(dict.fromkeys(kept)) if len(set(kept)) > 1 and not without_total else ""
    any_total = finds(any_words) if any_words else 0
    return Tries(
        respelled=spelled,
        without=without if without_total else "",
        dropped=tuple(typed.get(w, w) for w in words if w not in kept) if without_total else (),
        without_total=without_total,
        prefixes=prefixes,
        any_words=any_words if any_total else "",
        any_total=any_total,
    )


# (not "near", which the search looks for as a word without its parenthesis: "HOPE NEAR Maribor" finds the releases
# holding "near", and the one to offer is the search without it)
def _parts_found(word: str, finds: Callable[[str], bool]) -> list[str]:
    """The parts of a hyphenated word no release holds that releases hold, each as long as found: "HOPE-uutiset" ->
    ["HOPE"], "1000-jobb-nyheter" -> ["1000-jobb"] ([] for a word without a hyphen, or of more than four parts)."""
    parts = word.split("-")
    if not 1 < len(parts) <= 4 or not all(_WORD_CHAR.search(p) for p in parts):
        return []
    found: list[str] = []
    start = 0
    while start < len(parts):
        end = next(
            (e for e in range(len(parts), start, -1) if e - start < len(parts) and finds("-".join(parts[start:e]))), 0
        )
        if end:
            found.append("-".join(parts[start:end]))
        start = max(end, start + 1)
    return found


_WORD_CHAR = re.compile(r"\w")
_JOINING_WORDS = SMALL_WORDS | (_OPERATOR_WORDS - {"near"})


def _plain_words(query: str) -> list[str]:
    """A search's words where it is nothing but words (no quotes, stars, brackets, operators or minus signs), each
    as a search could be offered without it: without the mark that ends a question ("1000-jobb?" is 1000-jobb), and
    two words joined by a colon that is no case ending each on its own ("title:hope" is "title" and "hope"; "EU:n"
    is one word). NEAR without its parenthesis ("HOPE NEAR Maribor") is a word, as the search takes it."""
    words = query.split()
    if re.search(r"[\"“”«»„*()]", query) or any(w in OPERATORS and w != "NEAR" or w.startswith("-") for w in words):
        return []
    plain: list[str] = []
    for word in words:
        word = word.rstrip("?!,;") or word
        two = _TWO_WORDS.fullmatch(word)
        plain += [two[1], two[2]] if two and not is_colon_ending(two[2]) else [word]
    # (a dash or an ampersand standing alone is no word: the search leaves it out, and searched alone it is an error;
    # search probe, s40: "HOPE mars – maj 2021" ended in a traceback)
    return [w for w in plain if _WORD_CHAR.search(w)]


_TWO_WORDS = re.compile(r"([^\W\d_][\w-]*):([^\W\d_][\w-]*)")


CROSS_LANGUAGE_NOTE = (
    "Words in one language find releases in another only through machine translations, and this archive has none yet."
)


def has_translations(conn: sqlite3.Connection) -> bool:
    """Whether the archive holds any machine translation (words find releases in other languages only then)."""
    try:
        return conn.execute("select 1 from translations limit 1").fetchone() is not None
    except sqlite3.DatabaseError:
        return False


# Letters a person types without their accents ("Seinajoki", "Goteborg", "obcina"): each plain letter and the lower-case
# Latin letters (Latin-1 and Latin Extended-A) that read as it without their marks.
_ACCENTED: dict[str, str] = {}
for _code in range(0xC0, 0x180):
    _ch = chr(_code)
    _base = unicodedata.normalize("NFD", _ch)[0]
    if _ch.islower() and _base.isascii() and _base.isalpha() and _base != _ch:
        _ACCENTED[_base] = _ACCENTED.get(_base, "") + _ch


def index_vocabulary(conn: sqlite3.Connection) -> bool:
    """Whether the search index's own words can be looked up (as temp.newsflow_vocab: fts5vocab)."""
    try:
        conn.execute(
            f"create virtual table if not exists temp.newsflow_vocab using fts5vocab(main, {SEARCH_TABLE}, row)"
        )
    except sqlite3.DatabaseError:
        return False
    return True


_ACCENTS_SEEN: OrderedDict[tuple[Any, ...], list[str]] = OrderedDict()  # (archive as it stands, word) -> spellings
_ACCENTS_SEEN_MOST = 512
_ACCENTS_LOCK = threading.Lock()


def _with_accents(conn: sqlite3.Connection, low: str) -> list[str]:
    """The index's words that read as ``low`` (plain letters, lower case) without their accents, the one in the most
    releases first: "seinajoki" -> ["seinäjoki"]. Looked up among those that begin with the word's first two letters
    in any of their accented forms: a few ranges of the index's sorted vocabulary, not a scan of it (5 ms a word on
    the 100,000 releases of benchmarks/search.py), and kept while the archive is unchanged: a page of the reading
    room asks its words several times (the results, their count by tag, what to try)."""
    state = None if conn.in_transaction else _archive_state(conn)
    key = (state, low)
    with _ACCENTS_LOCK:
        if state is not None and key in _ACCENTS_SEEN:
            _ACCENTS_SEEN.move_to_end(key)
            return _ACCENTS_SEEN[key]
    found: list[tuple[int, str]] = []
    stems: list[tuple[int, int, str]] = []  # (letters in common, releases, the index word's start with its accents)
    shortest = max(_STEM_LETTERS, len(low) - _ENDING_LETTERS)
    for first in low[0] + _ACCENTED.get(low[0], ""):
        for second in low[1] + _ACCENTED.get(low[1], ""):
            start = first + second
            for term, docs in conn.execute(
                "select term, doc from temp.newsflow_vocab where term >= ? and term < ?", [start, start + "\U0010ffff"]
            ):
                plain = unaccented(term, "NFD")
                if len(plain) != len(term) or term == low or plain[:shortest] != low[:shortest]:
                    continue  # (a letter with two marks, or decomposed: not one letter for one)
                if plain == low:
                    found.append((docs, term))
                elif len(low) > shortest:
                    common = len(os.path.commonprefix([plain, low]))
                    if term[:common] != low[:common]:  # accents within what they share
                        stems.append((common, docs, term[:common]))
    spellings = [term for _docs, term in sorted(found, key=lambda x: (-x[0], x[1]))]
    if not spellings and stems:
        # An inflected form the index does not hold as typed ("Seinajoella", "Goteborgs"): the start it shares with
        # the index's words, in their accents, and its own ending, in the vowels that start takes ("Jyvaskylassa":
        # "jyväskyl" + "ässä", as Finnish vowel harmony writes it).
        common, _docs, stem = max(stems)
        spellings = [stem + _harmonised(stem, low[common:])]
    if state is not None:
        _remember(_ACCENTS_SEEN, key, spellings)
    return spellings


def _remember(seen: OrderedDict[tuple[Any, ...], list[str]], key: tuple[Any, ...], value: list[str]) -> None:
    """Keep what a lookup found while the archive is unchanged, the _ACCENTS_SEEN_MOST latest at most."""
    with _ACCENTS_LOCK:
        seen[key] = value
        while len(seen) > _ACCENTS_SEEN_MOST:
            seen.popitem(last=False)


def _archive_state(conn: sqlite3.Connection) -> tuple[str, int, int, int, int] | None:
    """The archive file as it stands (its path, and its and its write-ahead log's time and size: any connection's
    commit changes them), for what is looked up in its index to be kept while it stands so; None for a database in
    memory. (Not the connection: a closed one's id is soon another's, and holding it kept its file open.)"""
    row = conn.execute("pragma database_list").fetchone()
    path = str(row[2]) if row and row[2] else ""
    if not path:
        return None
    try:
        main = os.stat(path)
        wal = os.stat(path + "-wal") if os.path.exists(path + "-wal") else None
    except OSError:
        return None
    return (path, main.st_mtime_ns, main.st_size, wal.st_mtime_ns if wal else 0, wal.st_size if wal else 0)


_STEM_LETTERS = 5  # letters a typed word shares at least with an index word to be given its accents ...
_ENDING_LETTERS = 4  # ... and all but its last this many: an inflected form's ending ("Seinajoella": seinäjoe+lla)
_FRONT = str.maketrans("aou", "äöy")


def _harmonised(stem: str, ending: str) -> str:
    """An ending in the vowels its stem takes, as its last vowel that is not e or i says (the last part of a
    compound decides): a front one (ä, ö, y) takes ä, ö and y for a, o and u ("jyväskyl" + "assa" -> "ässä",
    "isokyrö" + "ssa" -> "ssä"); a back one, or none, the ending as typed ("seinäjoe" + "lla")."""
    last = next((c for c in reversed(stem.lower()) if c in "aouäöy"), "")
    return ending.translate(_FRONT) if last in ("ä", "ö", "y") else ending


_PLAIN_WORD = re.compile(r"(?<!\w)[A-Za-z]{4,}(?!\w)")  # whole words: not "Sein" of "Seinäjoelle"
MOST_SPELLINGS = 3  # accented spellings a word is found by at most (the ones in the most releases)


def spelled_with_accents(conn: sqlite3.Connection, query: str) -> dict[str, list[str]]:
    """The words of a search typed without the accents the archive writes them with, on a keyboard that has no ä or
    ö ("Seinajoki", "Goteborg", "Jyvaskyla"): each word in lower case -> its spellings with accents in the index
    ("seinäjoki"), which ``find_articles`` looks for as well. Only a word that no dictionary holds (fi, sv, en): "hall"
    is a word of its own and no "håll", "paatos" no "päätös"."""
    words = [
        w
        for w in dict.fromkeys(m.lower() for m in respellable_words(query) if _PLAIN_WORD.fullmatch(m))
        if not any(is_known_word(w, lang) for lang in LEMMA_LANGUAGES)
    ]
    if not words or not index_vocabulary(conn):
        return {}
    found = {w: _with_accents(conn, w)[:MOST_SPELLINGS] for w in words}
    return {w: spellings for w, spellings in found.items() if spellings}


SLOVENIAN_FORMS_MOST = 32  # a Slovenian word's forms found at most (an adjective has 13 in all)


def slovenian_forms(conn: sqlite3.Connection, query: str, accents: dict[str, list[str]]) -> dict[str, list[str]]:
    """The forms of a search's words that the archive's Slovenian releases hold, by Slovenian case endings (see
    slovenian.py): each word in lower case -> the index's words that are its other forms ("projekt" -> ["projekta",
    "projektom", "projektu"], "mestu" -> ["mesta", "mesto"]; not "mestni", municipal), and those of its spellings
    with accents ("obcina" as "občina": "občine", "občini"). Only words held in a release with Slovenian in it:
    a Finnish or English word that happens to look like one is no form ("hope" finds no "hopa" in a Finnish text).
    Nothing where the archive holds no Slovenian release; looked up in ranges of the index's sorted words, as
    ``_with_accents`` does, and kept while the archive is unchanged."""
    words = [
        w.lower()
        for w in respellable_words(query)
        if len(w) >= SLOVENIAN_SHORTEST and w.isalpha() and w not in OPERATORS
    ]
    if not words or not index_vocabulary(conn) or not _holds_slovenian(conn):
        return {}
    out: dict[str, list[str]] = {}
    for word in dict.fromkeys(words):
        bases = (word, *accents.get(word, ()))
        found = [f for base in bases for f in _slovenian_forms_of(conn, base) if f not in bases]
        forms = list(dict.fromkeys(found))[:SLOVENIAN_FORMS_MOST]
        if forms:
            out[word] = forms
    return out


# The labels a Slovenian release may have: Slovenian, and Croatian, which the language detector gives a short Slovenian
# release ("Obisk v Bruslju", "Zaposlovanje mladih": search probe, s42), while no partner writes Croatian. (Not
# Norwegian or Danish, which it gives some too: Swedish lines are taken for them far more often.)
SLOVENIAN_LABELS = ("sl", "hr")
_SLOVENIAN_SQL = "(" + ", ".join(f"'{code}'" for code in SLOVENIAN_LABELS) + ")"


def _holds_slovenian(conn: sqlite3.Connection) -> bool:
    try:
        return (
            conn.execute(f"select 1 from article_languages where language in {_SLOVENIAN_SQL} limit 1").fetchone()
            is not None
        )
    except sqlite3.DatabaseError:
        return False


_SLOVENIAN_SEEN: OrderedDict[tuple[Any, ...], list[str]] = OrderedDict()  # (archive as it stands, word) -> its forms
_IN_SLOVENIAN = (  # (each release the word is in asked by its key: "rowid in (select ...)" took 5 s on a word of
    # 7,000 Finnish releases of 100,000)
    f"select 1 from {SEARCH_TABLE} s where {SEARCH_TABLE} match ? and exists"
    f" (select 1 from article_languages l where l.article_id = s.rowid and l.language in {_SLOVENIAN_SQL}) limit 1"
)


_OUTSIDE_SLOVENIAN = (
    f"select 1 from {SEARCH_TABLE} s where {SEARCH_TABLE} match ? and not exists"
    f" (select 1 from article_languages l where l.article_id = s.rowid and l.language in {_SLOVENIAN_SQL}) limit 1"
)


def _slovenian_forms_of(conn: sqlite3.Connection, word: str) -> list[str]:
    """The index's words (not ``word`` itself) that are forms of ``word`` by Slovenian endings and stand in a release
    with Slovenian in it, the one in the most releases first."""
    state = None if conn.in_transaction else _archive_state(conn)
    key = ("sl", state, word)
    with _ACCENTS_LOCK:
        if state is not None and key in _SLOVENIAN_SEEN:
            _SLOVENIAN_SEEN.move_to_end(key)
            return _SLOVENIAN_SEEN[key]
    start = slovenian_prefix(word)
    found = []
    held = False  # (whether the archive holds the word itself)
    for term, docs in conn.execute(
        "select term, doc from temp.newsflow_vocab where term >= ? and term < ?", [start, start + "\U0010ffff"]
    ):
        held = held or term == word
        if term != word and term.isalpha() and slovenian_same_word(term, word, short=True):
            found.append((docs, term))
    # A word the archive holds in other languages' releases alone ("date", English) takes no form that other
    # languages' releases hold too ("data": English releases about data); a form only Slovenian releases hold it takes
    # ("projekt", in Swedish releases alone, still finds "projekta": readroom probe s41, of the review's rule).
    foreign = bool(found) and held and conn.execute(_IN_SLOVENIAN, [f'"{word}"']).fetchone() is None
    forms = [
        term
        for _docs, term in sorted(found, key=lambda x: (-x[0], x[1]))
        if conn.execute(_IN_SLOVENIAN, [f'"{term}"']).fetchone() is not None
        and not (foreign and conn.execute(_OUTSIDE_SLOVENIAN, [f'"{term}"']).fetchone() is not None)
    ]
    if state is not None:
        _remember(_SLOVENIAN_SEEN, key, forms)
    return forms


def respelled(conn: sqlite3.Connection, query: str) -> str:
    """For a search that found nothing: its words of plain letters as the archive spells them with their accents
    ("Seinajoki" -> "Seinäjoki", the form in most releases), and a mistyped name as the taxonomy or a partner writes
    it ("Coompanoin" -> "Coompanion", "HOEP" -> "HOPE"; see ``_names_respelled``), or "" when no word is spelled
    otherwise there.

    Looked up in the search index's own words (fts5vocab), among those that begin with the word's first two letters
    in any of their accented forms (``_with_accents``)."""
    if not index_vocabulary(conn):
        return ""
    out = _names_respelled(conn, _joined_respelled(conn, _accents_respelled(conn, query)))
    return "" if out == query else out


def _joined_respelled(conn: sqlite3.Connection, query: str) -> str:
    """``query`` with each word the archive's text never holds written as the name of a tag or a partner that is
    that word with hyphens ("1000jobb" -> "1000-jobb", "YZone" -> "Y-Zone": difflib offered "Zone"; search probe,
    s40)."""
    words = [w for w in dict.fromkeys(_JOINED_WORD.findall(query)) if not _in_vocabulary(conn, w.casefold())]
    if not words:
        return query
    known: dict[str, str] = {}  # a hyphenated name's word without its hyphens, folded -> as the name writes it
    for tag_id, shown, names in names_of_tags(conn):  # (its name, where it is its id too: "1000-jobb")
        texts = sorted((names - {tag_id}) | {shown})
        known.update((w.replace("-", "").casefold(), w) for text in texts for w in _HYPHENED.findall(text))
    for (partner,) in conn.execute(f"select p from ({PARTNERS_SQL})"):
        known.update((w.replace("-", "").casefold(), w) for w in _HYPHENED.findall(partner or ""))
    for word in words:
        if name := known.get(word.casefold()):
            query = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])", name, query)
    return query


_JOINED_WORD = re.compile(r"(?<![\w*-])\w{4,}(?![\w*-])")
_HYPHENED = re.compile(r"\w+(?:-\w+)+")


def _accents_respelled(conn: sqlite3.Connection, query: str) -> str:
    """``query`` with its words of plain letters spelled as the archive's words with accents (see ``respelled``)."""
    out = query
    for word in dict.fromkeys(_PLAIN_WORD.findall(query)):
        spellings = _with_accents(conn, word.lower())
        if spellings:
            out = re.sub(rf"\b{word}\b", cased_as(word, spellings[0]), out)
    return out


NAME_CLOSENESS = 0.75  # difflib's ratio: "HOEP" is 0.75 of "HOPE", "Coompanoin" 0.8 of "Coompanion"


def _names_respelled(conn: sqlite3.Connection, query: str) -> str:
    """``query`` with each word the archive's text never holds respelled as the closest word of a name it knows: a
    tag's name, alias or the names it is found by, or a partner's ("Maribro" -> "Maribor"). A word the archive holds
    is never changed (it is a word, and found nothing only beside the others), nor a word of the staff's languages
    that the lexicon knows, which no release happens to hold: "since" is no "Sciences", "while" no "Whale" (search
    probe, s43: "since Monday" offered "Sciences finds 1 release"), but as a name that is the word with a letter
    doubled ("Companion" -> "Coompanion", review 3)."""
    words = [w for w in dict.fromkeys(_NAME_WORD.findall(query)) if w not in OPERATORS]
    words = [w for w in words if not _in_vocabulary(conn, w.casefold())]
    common = {w for w in words if any(is_known_word(w, lang) for lang in LEMMA_LANGUAGES)}
    if not words:
        return query
    known: dict[str, str] = {}  # a name's word, folded -> as the name writes it
    for tag_id, _shown, names in names_of_tags(conn):  # (its id is no name written)
        known.update((w.casefold(), w) for text in sorted(names - {tag_id}) for w in _NAME_WORD.findall(text))
    for (partner,) in conn.execute(f"select p from ({PARTNERS_SQL})"):
        known.update((w.casefold(), w) for w in _NAME_WORD.findall(partner or ""))
    out = query
    for word in words:
        if word in common:
            close = sorted(n for n in known if _one_letter_doubled(word.casefold(), n))[:1]
        else:
            close = difflib.get_close_matches(word.casefold(), list(known), n=1, cutoff=NAME_CLOSENESS)
        if close:
            out = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", known[close[0]], out)
    return out


def _one_letter_doubled(word: str, name: str) -> bool:
    """Whether ``name`` is ``word`` with one of its letters doubled, as names are made of words ("coompanion" of
    "companion"); not "sciences" of "since", nor "cities" of "cites"."""
    return len(name) == len(word) + 1 and any(
        name[i] == name[i + 1] and name[:i] + name[i + 1 :] == word for i in range(len(name) - 1)
    )


_NAME_WORD = re.compile(r"(?<![\w*])[^\W\d_]{4,}(?![\w*])")  # (not a prefix search's "kumppan*")


def _in_vocabulary(conn: sqlite3.Connection, term: str) -> bool:
    return conn.execute("select 1 from temp.newsflow_vocab where term = ?", [term]).fetchone() is not None


def tags_called(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """Every name a tag goes by (its id, in any language, aliases too) -> the names of the tags going by it (an alias
    two tags share, "kommunförsök" of the pilots of 2012-2015 and of 2021-2024, offered only the one read last for
    "kommunförsöket"; search probe, s45)."""
    out: dict[str, tuple[str, ...]] = {}
    for _, shown, known in names_of_tags(conn):
        for n in known:
            out[n] = (*out.get(n, ()), shown)
    return out


def did_you_mean(name: str, known: Mapping[str, str | tuple[str, ...]]) -> str:
    """ " Did you mean “…” or “…”?" for a mistyped tag or partner (see ``probably_meant``); "" where none is close."""
    meant = probably_meant(name, known, 3)
    return f" Did you mean {' or '.join(f'“{m}”' for m in meant)}?" if meant else ""


def probably_meant(name: str, known: Mapping[str, str | tuple[str, ...]], most: int) -> list[str]:
    """At most ``most`` names a mistyped ``name`` was probably meant as, closest first, in any case (``known``: each
    name one goes by, to the name it is shown by, or the names of all that go by it)."""
    folded: dict[str, list[str]] = {}
    for k, shown in known.items():
        folded.setdefault(k.casefold(), []).extend((shown,) if isinstance(shown, str) else shown)
    close = difflib.get_close_matches(name.casefold(), list(folded), n=5, cutoff=0.6)
    return list(dict.fromkeys(s for c in close for s in folded[c]))[:most]
