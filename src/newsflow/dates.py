"""Dates as newsrooms write them (fi, sv, en and their neighbours) -> ISO 8601."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)  # for dates shown to people ("2 September 2021"), whatever the machine's locale
SWEDISH_MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def day_text(value: str | None, lang: str = "en") -> str:
    """An ISO date or timestamp as a reader of ``lang`` writes it: "20 May 2021", in Finnish "20.5.2021", in
    Swedish "20 maj 2021" ("" when there is none or it is not a date)."""
    try:
        d = date.fromisoformat((value or "")[:10])
    except ValueError:
        return ""
    if lang == "fi":
        return f"{d.day}.{d.month}.{d.year}"
    months = SWEDISH_MONTHS if lang == "sv" else ENGLISH_MONTHS
    return f"{d.day} {months[d.month - 1]} {d.year}"


def local_day(stamp: str | None) -> str:
    """The day of a stored moment where the server is (as the reading room and `status` show moments): 22:30 UTC on
    30 June is 1 July in Helsinki. A day, or a time stored without a zone, as it stands; "" for none."""
    value = stamp or ""
    try:
        moment = datetime.fromisoformat(value) if len(value) > 10 else None
    except ValueError:
        return value[:10]
    return moment.astimezone().date().isoformat() if moment is not None and moment.tzinfo else value[:10]


def period_text(start: str, end: str) -> str:
    """Two ISO days as a reader writes the period: "1 March 2021", or "1 March 2021 to 31 March 2021"; a period
    open at one end (either given as ""), "from 1 January 2025 on" or "up to 31 December 2019"."""
    if not end:
        return f"from {day_text(start)} on"
    if not start:
        return f"up to {day_text(end)}"
    return day_text(start) if start == end else f"{day_text(start)} to {day_text(end)}"


def instant(stamp: str) -> str:
    """A stored date as a key that sorts by time: one with its zone in UTC ("2025-03-12T00:15:00+02:00" is
    "2025-03-11T22:15:00+00:00"); one without (a day, a time as the page wrote it) as it stands."""
    try:
        moment = datetime.fromisoformat(stamp) if len(stamp) > 10 else None
    except ValueError:
        return stamp
    return moment.astimezone(UTC).isoformat() if moment is not None and moment.tzinfo else stamp


def in_zone(stamp: str, zone: str) -> str:
    """A moment stated in UTC ("2026-12-02T22:15:00+00:00", as WordPress feeds state every date) in the newsroom's
    own time zone (``zone``, an IANA name: "Europe/Helsinki" -> "2026-12-03T00:15:00+02:00"), so that it keeps the
    day its newsroom gave it; a day without a time, a moment stated in another zone, or no ``zone``: as it is."""
    if not zone or "T" not in stamp:
        return stamp
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.utcoffset() != timedelta(0):
        return stamp
    from zoneinfo import ZoneInfo  # (only where a source names its zone)

    return moment.astimezone(ZoneInfo(zone)).isoformat()


def as_shown(moment: str, shown: str) -> str:
    """A moment stated in UTC (Drupal's and many a CMS's markup: "2026-12-02T23:15:00Z") as the page shows it to its
    readers (``shown``, read from the text: "3.12.2026 klo 0.15") on another day, so that it keeps the newsroom's
    day: the same moment in the offset the shown time gives ("2026-12-03T00:15:00+01:00"), or, where the page shows
    the day alone and it is the next or the day before, that day. A moment shown on its UTC day, any other moment,
    or a shown time that is not the same moment in some zone, is left as it is."""
    try:
        stated = datetime.fromisoformat(moment) if "T" in moment else None
        seen = datetime.fromisoformat(shown) if shown else None
    except ValueError:
        return moment
    if stated is None or seen is None or stated.utcoffset() != timedelta(0) or seen.tzinfo is not None:
        return moment
    if "T" not in shown:
        return shown if abs((seen.date() - stated.date()).days) == 1 else moment
    gap = seen - stated.replace(tzinfo=None)
    if seen.date() != stated.date() and abs(gap) <= timedelta(hours=14) and not gap % timedelta(minutes=15):
        return stated.astimezone(timezone(gap)).isoformat()
    return moment


def now_in(zone: str) -> datetime:
    """The present in a time zone (an IANA name; UTC where none is given)."""
    if not zone:
        return datetime.now(UTC)
    from zoneinfo import ZoneInfo  # (only where a source names its zone)

    return datetime.now(ZoneInfo(zone))


# Days after today a release may be dated (time zones, embargoes): a later date is no publication date (a mistyped
# year, 2052, would stand first in every newest-first list for decades).
FUTURE_DAYS = 2


def not_after(stamp: str, days: int, since: str = "") -> bool:
    """Whether a date is no later than ``days`` after ``since`` (an ISO moment: the day a server answered, so that a
    page read again years later is judged alike) or after today; one not written as an ISO day is not judged."""
    if not ISO_DATE.match(stamp):
        return True
    start = datetime.fromisoformat(since) if since else datetime.now(UTC)
    return stamp[:10] <= (start + timedelta(days=days)).date().isoformat()


def not_before(later: str, earlier: str) -> bool:
    """Whether a date is not before another: by the moment where both state a time with its zone (00:30+02:00 is
    before 23:10+00:00 of the day before), else by the day as written."""
    a, b = instant(later), instant(earlier)
    if a.endswith("+00:00") and b.endswith("+00:00"):
        return a >= b
    return later[:10] >= earlier[:10]


def http_date(value: object) -> datetime | None:
    """An HTTP header's date (RFC 9110: "Tue, 01 Dec 2026 10:00:00 GMT"; Date, Expires, Retry-After) as a time with
    its zone (UTC where it names none), or None where it does not read as one."""
    try:
        when = parsedate_to_datetime(value) if isinstance(value, str) else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return when if when is None or when.tzinfo else when.replace(tzinfo=UTC)


def local_time(stamp: str | None, default: str = "-", zone: bool = False) -> str:
    """An ISO stamp (UTC) as this machine's local time, as a person reads it ("2026-12-01 22:54", with ``zone``
    "2026-12-01 22:54 EET": for text that may be read far from this machine, such as --json)."""
    if not stamp:
        return default
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        return stamp[:10] if len(stamp) == 10 else moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone().strftime("%Y-%m-%d %H:%M %Z" if zone else "%Y-%m-%d %H:%M")


MONTHS = {
    # English
    **{
        m: i
        for i, m in enumerate(
            [
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ],
            1,
        )
    },
    **{
        m: i
        for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
    },
    "sept": 9,
    # Swedish
    **{m: i for i, m in enumerate(SWEDISH_MONTHS, 1)},
    "okt": 10,
    # Finnish (nominative, and the partitive used in dates: "10. toukokuuta 2021")
    **{
        m: i
        for i, m in enumerate(
            [
                "tammikuu",
                "helmikuu",
                "maaliskuu",
                "huhtikuu",
                "toukokuu",
                "kesäkuu",
                "heinäkuu",
                "elokuu",
                "syyskuu",
                "lokakuu",
                "marraskuu",
                "joulukuu",
            ],
            1,
        )
    },
    **{
        m: i
        for i, m in enumerate(
            [
                "tammikuuta",
                "helmikuuta",
                "maaliskuuta",
                "huhtikuuta",
                "toukokuuta",
                "kesäkuuta",
                "heinäkuuta",
                "elokuuta",
                "syyskuuta",
                "lokakuuta",
                "marraskuuta",
                "joulukuuta",
            ],
            1,
        )
    },
    **{
        m: i
        for i, m in enumerate(
            ["tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys", "loka", "marras", "joulu"], 1
        )
    },
}
# More languages' month names, so datelines in any newsroom's language are recognised.
for _names in (
    [
        "januar",
        "februar",
        "märz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
    ],
    [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ],
    [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    # Slovenian (Maribor): the nominative ("marec 2025") and the genitive that dates use ("12. marca 2025").
    # Where a form is already another language's (januar, april, maj, september, ...) it means the same month.
    [
        "januar",
        "februar",
        "marec",
        "april",
        "maj",
        "junij",
        "julij",
        "avgust",
        "september",
        "oktober",
        "november",
        "december",
    ],
    [
        "januarja",
        "februarja",
        "marca",
        "aprila",
        "maja",
        "junija",
        "julija",
        "avgusta",
        "septembra",
        "oktobra",
        "novembra",
        "decembra",
    ],
):
    for _i, _m in enumerate(_names, 1):
        MONTHS.setdefault(_m, _i)
MONTHS.setdefault("mär", 3)
MONTHS.setdefault("mrz", 3)
# Danish: Via Ritzau prints its dates in Danish whatever the release's language ("12. marts 2025 10:00"); its other
# month names are Norwegian's or Swedish's.
MONTHS.setdefault("marts", 3)
# Finnish abbreviations, written with a period ("3. jouluk. 2026", as Finnish date formats in Office and CLDR's
# abbreviated months give them); Slovenian "avg." (avgust).
for _i, _m in enumerate(
    [
        "tammik",
        "helmik",
        "maalisk",
        "huhtik",
        "toukok",
        "kesäk",
        "heinäk",
        "elok",
        "syysk",
        "lokak",
        "marrask",
        "jouluk",
    ],
    1,
):
    MONTHS.setdefault(_m, _i)
MONTHS.setdefault("avg", 8)
ZONES = {"utc": 0, "gmt": 0, "z": 0, "cet": 1, "cest": 2, "eet": 2, "eest": 3, "bst": 1, "wet": 0, "west": 1}
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))  # a regex alternation, longest first
# A zone written by name after a time ("07:20 CEST", "10:00 CET by Anna Berg"): in capitals and a whole word
# ("West Coast time", "Westminster" are no zones); WEST, also a word, not when a phrase goes on ("WEST coast").
# Case-sensitive even inside a pattern that is not.
_ZONE_NAME = (
    r"(?-i:(?:"
    + "|".join(sorted((z.upper() for z in ZONES if z not in ("z", "west")), key=len, reverse=True))
    + r")\b|WEST\b(?!\s+[a-z]))"
)
# An offset from UTC or GMT by name, as JavaScript's Date writes it ("10:00:00 GMT+0200 (Eastern European Standard
# Time)") and people do ("klo 10 UTC+2", "10:00 UTC-05:00"): the offset, not the name before it, is the zone.
_NAMED_OFFSET = r"(?-i:GMT|UTC)[+-]\d{1,2}(?::?\d{2})?(?!\d)"
_RFC2822_ZONE = re.compile(r"\d:\d\d(?::\d\d)?\s+(" + _NAMED_OFFSET + "|" + _ZONE_NAME + r")\s*$")
# The word that may stand between a date and its time: "klo"/"kello" (fi), "kl." (sv), "at"/"@" (en), "ob" (sl),
# "um" (de), "à" (fr), "om" (nl/da/no), "alle" (it), "a las" (es). Longest first, so "klo" is not read as "kl".
_TIME_WORD = r"(?:kello|klo|kl\.?|at|@|ob|um|à|om|alle|a\s+las)"
# A time after a date: ", 13:05", " · 10:00", " - 06:00" (after a dash, only a time: before a date it opens a range),
# "klo 13.31", "kello 13.05", ", kl 14:05", "ob 10.30", "à 10h30", "at 1:31pm", "5:30 p.m. UTC" (hour, minute,
# second, am/pm, zone). A short word after the time ("PST", "in", "as") is part of the match, so that a dateline
# read without its dates ("Posted on ... at 12:13 am as News") keeps no stray word, but only a zone named in ZONES
# is captured. Every run of blanks is followed by a token that cannot be a blank, so a date followed by a long run
# of spaces costs linear time, not quadratic; a minute followed by another digit ("12.000 euros") is no time.
_TIME = (
    r"(?:\s*(?:[,·•|]\s*|\s[-–]\s+(?=\d{1,2}[:.]\d{2}(?![\d.])))?(?:"
    + _TIME_WORD
    + r"\s*)?(\d{1,2})[:.h](\d{2})(?:[:.](\d{2}))?(?!\d)"
    r"(?:\s*([AaPp])\.?\s?[Mm]\b\.?)?)?"
    r"(?:\s*(?:(" + _NAMED_OFFSET + "|" + _ZONE_NAME + r"|[+-]\d{2}:?\d{2})|[A-Za-z]{1,4}))?"
)
DMY_NUM_DATE = re.compile(r"\b(\d{1,2})(?:\.\s?(\d{1,2})\.\s?|-(\d{1,2})-)(\d{4})\b" + _TIME)  # 2.2.2024, 02-02-2024
# "12. marca 2025", "10 maj 2021", "3rd Feb 2025", "21st of March 2024", "3 de marzo de 2024"
DMY_NAME_DATE = re.compile(
    r"\b(\d{1,2})(?:(?:st|nd|rd|th)(?:\s+of)?)?\.?\s+(?:de\s+)?("
    + MONTH_NAMES
    + r")\.?,?\s+(?:de\s+)?(\d{4})\b"
    + _TIME,
    re.I,
)
MDY_NAME_DATE = re.compile(r"\b(" + MONTH_NAMES + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b" + _TIME, re.I)
ISO_DATE = re.compile(
    r"\b(\d{4})-(\d{2})-(\d{2})(?:(?:T|,?\s+(?:(?:kello|klo|kl\.?|at|ob|um|à|om)\s*|@\s*)?)(\d{1,2})[:.](\d{2})"
    r"(?:[:.](\d{2}))?(?!\d)(?:\.\d+)?(?:\s*([AaPp])\.?\s?[Mm]\b\.?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2}|" + _NAMED_OFFSET + "|" + _ZONE_NAME + r")?)?"
)
# "05/02/2025", "10/29/2012 11:52 AM": day-first or month-first, which the date alone may not tell (see parse_date).
# "2026/12/03": the year first, then the month (as Japanese, Chinese and many CMS templates write it; no one writes
# year, day, month). Not inside an address ("/2026/12/03/").
YMD_SLASH_DATE = re.compile(r"(?<![/\w])(\d{4})/(\d{1,2})/(\d{1,2})(?![/\d])" + _TIME)
SLASH_DATE = re.compile(r"(?<![/\w])(\d{1,2})/(\d{1,2})/(\d{4})(?![/\d])" + _TIME)
# Where the month comes first in a numeric date (the United States and the territories that follow its usage).
_MONTH_FIRST = frozenset({"en-us", "en-as", "en-gu", "en-mp", "en-pr", "en-um", "en-vi", "en-ph", "en-fm", "en-mh"})
# Where neither order can be assumed: Canada writes both; Chinese, Japanese and Korean write the year first.
_EITHER_ORDER = frozenset({"en-ca", "fr-ca"})
_YEAR_FIRST_LANGUAGES = frozenset({"zh", "ja", "ko"})


_FOUR_DIGITS = re.compile(r"\d{4}")
_RFC2822_START = re.compile(r"[A-Za-z]{3},")


def day_first(lang: str | None) -> bool | None:
    """Tell whether a page in ``lang`` (a BCP 47 tag such as "en-GB", "fi") writes numeric dates day-first.

    None when the tag does not say: no tag, plain "en" (in extract-dev2's English pages month-first dates
    outnumber day-first ones several times over), Canada, or a year-first language.
    """
    tag = (lang or "").strip().lower().replace("_", "-")
    if not tag:
        return None
    region_tag = "-".join(tag.split("-")[:2])
    if region_tag in _MONTH_FIRST:
        return False
    primary = tag.split("-")[0]
    if not re.fullmatch(r"[a-z]{2,3}", primary) or primary in {"und", "mul", "zxx", "mis"}:
        return None  # no language named ("x-default", "und")
    if region_tag in _EITHER_ORDER or primary in _YEAR_FIRST_LANGUAGES or region_tag.endswith("-us"):
        return None
    if primary == "en":
        return True if "-" in tag else None  # en-GB, en-IE, en-AU, en-IN ...: day-first; bare "en" says nothing
    return True  # every other language newsflow meets (fi, sv, sl, de, fr, ...) writes the day first


def _build(
    y: int, mo: int, d: int, hh: str | None, mm: str | None, ss: str | None, zone: str | None, half: str | None = None
) -> str:
    try:
        if not 1900 <= y <= 2100:
            return ""
        day = datetime(y, mo, d)
    except ValueError:
        return ""
    if hh is None:
        return day.date().isoformat()
    hour = int(hh)
    if half:  # 12-hour clock: 12:05 am is 00:05, 1:31 pm is 13:31
        if not 1 <= hour <= 12:
            return day.date().isoformat()
        hour = hour % 12 + (12 if half in "pP" else 0)
    try:
        dt = datetime(y, mo, d, hour, int(mm or 0), int(ss or 0))
    except ValueError:  # "klo 24.00", "25:61": the date stands without its impossible time
        return day.date().isoformat()
    offset = None
    if zone:
        z = zone.lower()
        named = re.fullmatch(r"(?:gmt|utc)([+-])(\d{1,2})(?::?(\d{2}))?", z)
        if named:  # "GMT+0200", "UTC+2", "UTC-05:00"
            z = f"{named[1]}{int(named[2]):02d}{named[3] or '00'}"
        if z in ZONES:
            offset = timedelta(hours=ZONES[z])
        elif re.fullmatch(r"[+-]\d{2}:?\d{2}", z):
            sign = 1 if z[0] == "+" else -1
            digits = z[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:])
            # A zone the world has (up to 14 hours, on the hour or half or three quarters): "+2500" is none; nor is
            # the end of a range a person wrote ("klo 10:00-12:00", "20:00-24:00"), later than its start, no seconds.
            ranged = not named and sign < 0 and ss is None and (hours, minutes) > (hour, int(mm or 0))
            if hours <= 14 and minutes in (0, 30, 45) and not ranged:
                offset = sign * timedelta(hours=hours, minutes=minutes)
    if offset is None:
        return dt.isoformat()
    return dt.replace(tzinfo=UTC if not offset else timezone(offset)).isoformat()


def parse_date(text: str, *, lang: str | None = None) -> str:
    """Read a date in any of the forms newsrooms use as ISO 8601 ("" when none is found).

    A time with its zone keeps the zone ("2025-03-12T00:00:00+02:00"): the day is the newsroom's own, which
    UTC would make the day before; a time without one stays as written, and a date without a time a date.
    A slash date ("05/02/2025") is read day-first or month-first when one of its parts is over 12; otherwise
    only when ``lang`` (the page's declared language, e.g. "en-GB", "en-US", "fi") tells the order: a wrong
    date is worse than none.
    """
    text = (text or "").strip()
    if not text or len(text) > 400:
        text = text[:400]
        if not text:
            return ""
    # Every form read here has a four-digit year but RFC 2822's, which may have two ("Tue, 10 Oct 17"), and a
    # numeric date with two ("3.12.26", read only where the text marks it a date): most blocks of a page leave here,
    # before the costly patterns.
    if not _FOUR_DIGITS.search(text) and not _RFC2822_START.match(text):
        return _short_year_date(text, lang) or _apostrophe_year_date(text)
    if _RANGE_HINT.search(text):  # an event's days ("3.–5.12.2026"), no publication's: read past them
        text = _masked_ranges(text)
    m = ISO_DATE.search(text)
    if m:
        y, mo, d, hh, mi, ss, half, zone = m.groups()
        return _build(int(y), int(mo), int(d), hh, mi, ss, zone, half)
    if _RFC2822_START.match(text):
        try:
            dt = parsedate_to_datetime(text)
            named = _RFC2822_ZONE.search(text) if dt.tzinfo is None else None  # "… 10:00:00 EET": email's unknown
            if named:  # (the time as _build reads it, with the zone named)
                return _build(dt.year, dt.month, dt.day, str(dt.hour), str(dt.minute), str(dt.second), named[1])
            return dt.isoformat()
        except (TypeError, ValueError, IndexError):
            pass
    m = DMY_NUM_DATE.search(text)
    if m:
        d, mo_dot, mo_dash, y, hh, mi, ss, half, zone = m.groups()
        mo = mo_dot or mo_dash
        # Day first, as Europe writes it, but where a weekday says otherwise on a page whose language does not say
        # the order: NHL's "Tuesday, 11.06.2012" is 6 November (11 June 2012 was a Monday). A page that declares
        # American English ("en-US") may write the month first, as Wired's "11.12.12" and NHL's do, or be a European
        # site with WordPress's default tag, writing "3.12.2026": with neither part over 12, no date, unless a
        # weekday tells.
        first = day_first(lang)
        told = _weekday_order(text[: m.start()], int(d), int(mo), int(y)) if first is not True else None
        if told is False or (first is False and int(mo) > 12 >= int(d)):  # (en-US "12.25.2026": 25 December)
            d, mo = mo, d
        elif first is False and told is None and int(d) <= 12 and int(mo) <= 12 and int(d) != int(mo):
            return ""  # (no date: nor one further on, which may be when it was updated)
        return _build(int(y), int(mo), int(d), hh, mi, ss, zone, half)
    m = DMY_NAME_DATE.search(text)
    if m:
        d, name, y, hh, mi, ss, half, zone = m.groups()
        return _build(int(y), MONTHS[name.lower()], int(d), hh, mi, ss, zone, half)
    m = MDY_NAME_DATE.search(text)
    if m:
        name, d, y, hh, mi, ss, half, zone = m.groups()
        return _build(int(y), MONTHS[name.lower()], int(d), hh, mi, ss, zone, half)
    m = YMD_SLASH_DATE.search(text)
    if m:
        y, mo, d, hh, mi, ss, half, zone = m.groups()
        return _build(int(y), int(mo), int(d), hh, mi, ss, zone, half)
    return _slash_date(text, day_first(lang)) or _short_year_date(text, lang) or _apostrophe_year_date(text)


# A range of days, an event's ("3.–5.12.2026", "3.12.–5.12.2026", "3.12.2026 – 5.12.2026", "3–5 December 2026",
# "3. - 5. decembra 2026", "30 November – 2 December 2026", "December 3-5, 2026", "Nov 30 – Dec 2, 2026"): the end
# written whole, the start with what differs. It is no day of publication (a listing of events shows them, a
# release's teaser names them): parse_date reads past it, and date_range tells its first and last day.
_DASH = r"\s*[–—-]\s*"
# (a cheap test first: a day, what more of the start there is, a dash, and the end's day or month)
_RANGE_HINT = re.compile(
    r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?\.?(?:\s?\d{1,2}\.)?(?:\s+[^\W\d_]{3,}\.?)?(?:,?\s*\d{4})?"
    r"\s*[–—-]\s*(?:[^\W\d_]{3,}\.?\s+)?\d{1,2}(?!\d)"
)
_NUM_RANGE = re.compile(
    r"(?<![\d.:/])(\d{1,2})\.?(?:\s?(\d{1,2})\.(?:\s?(\d{4}))?)?" + _DASH + r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b"
)
_NAME_RANGE = re.compile(  # (likewise: a day, a word or none, and a dash first)
    r"(?<![\d.:/])(?=\d{1,2}(?:st|nd|rd|th)?\.?(?:\s+(?:de\s+)?[^\W\d_]{3,}\.?(?:,?\s+\d{4})?)?\s*[–—-])(\d{1,2})(?:st|nd|rd|th)?\.?(?:\s+(?:de\s+)?("
    + MONTH_NAMES
    + r")\b\.?(?:,?\s+(\d{4}))?)?"
    + _DASH
    + r"(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:de\s+)?("
    + MONTH_NAMES
    + r")\b\.?,?\s+(?:de\s+)?(\d{4})\b",
    re.I,
)
_MONTH_DAY_RANGE = re.compile(  # (a word, a day and a dash first: the month names are tried where those stand)
    r"\b(?=[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\s*[–—-])("
    + MONTH_NAMES
    + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?"
    + _DASH
    + r"(?:("
    + MONTH_NAMES
    + r")\.?\s+)?(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b",
    re.I,
)


def _month(value: str) -> int:
    """A month's number, written as one or by name."""
    return int(value) if value.isdigit() else MONTHS[value.lower()]


# A number's label before a "range" whose start is a number alone ("Nro 1 - 3.12.2026", "Vol. 3 - 14 December 2026",
# "št. 2 – 14.12.2026"): an issue's number and its day, no event's days.
_ISSUE_LABEL = re.compile(r"(?:\b(?:n(?:o|r|ro|um|umero|umber)|vol(?:ume)?|issue|osa|part|del|št|nr)\.?|#)\s*$", re.I)


# A numbered publication's name right before a bare number, a spaced dash and a numeric day ("Uutiskirje 2 –
# 14.12.2026", "Nyhetsbrev 3 - 4.12.2026", "Bilten 12 – 3. 12. 2026", "Kaupunginhallituksen pöytäkirja 7 – 1.12.2026"):
# its number and its day. Any other word keeps the range of days a spaced dash also writes ("Messut 3 – 5.12.2026",
# "Koulutus 3 - 4.12.2026": an event's; review, s42), as does a name's range by its month ("3 – 14 December").
_NUMBERED_TITLE = re.compile(r"(?<![\d.])([^\W\d_]{3,})\.?\s+$")
_PUBLICATION = re.compile(
    r"(?:kirje|brev(?:et)?|letter|bilten|glasilo|novičnik|lehti|tidning(?:en)?|blad(?:et)?|bulletin|pöytäkirja|"
    r"protokoll(?:et)?|minutes|zapisnik|tiedote|meddelande(?:t)?|katsaus|issue|numero)$",  # (Swedish: "Nyhetsbrevet")
    re.I,
)
_SPACED_DASH = re.compile(r"^\d{1,2}\s+[–—-]\s")


def _numbered_title(before: str) -> bool:
    """Whether the text before a bare number ends in the name of a numbered publication (a newsletter, a bulletin,
    minutes: "Uutiskirje", "Nyhetsbrev", "Bilten", "Newsletter", "pöytäkirja"), whose number a day follows."""
    word = _NUMBERED_TITLE.search(before)
    return word is not None and _PUBLICATION.search(word[1]) is not None


def _range_days(m: re.Match[str]) -> tuple[date, date] | None:
    """The first and last day of a range matched by one of the patterns above, or None where it is none (the start
    not before the end: "issue 12 - 4 December 2026" is a title's number and a day)."""
    if m.re is _MONTH_DAY_RANGE:
        month1, day1, year1, month2, day2, year2 = m.groups()
        month2 = month2 or month1
    else:
        day1, month1, year1, day2, month2, year2 = m.groups()
        if (
            not month1
            and not re.match(r"\d+\.", m[0])
            and (
                _ISSUE_LABEL.search(m.string, 0, m.start())  # "Nro 1 - 3.12.2026": an issue's number
                or m.re is _NUM_RANGE
                and _SPACED_DASH.search(m[0])
                and _numbered_title(m.string[max(0, m.start() - 40) : m.start()])
            )
        ):
            return None
    try:
        end = date(int(year2), _month(month2), int(day2))
        start = date(int(year1) if year1 else end.year, _month(month1) if month1 else end.month, int(day1))
        if start >= end and month1 and not year1:  # "30.12.–2.1.2027": the year before's
            start = start.replace(year=start.year - 1)
    except (ValueError, KeyError):
        return None
    return (start, end) if start < end and (end - start).days <= 366 else None


def _masked_ranges(text: str) -> str:
    for pattern in (_NUM_RANGE, _NAME_RANGE, _MONTH_DAY_RANGE):
        text = pattern.sub(lambda m: " " if _range_days(m) else m[0], text)
    return text


def date_range(text: str) -> tuple[str, str]:
    """The first and last day (ISO) of the first range of days the text gives ("3.–5.12.2026" -> ("2026-12-03",
    "2026-12-05")), or ("", "")."""
    if not _RANGE_HINT.search(text or ""):
        return "", ""
    found = [
        (m.start(), days)
        for pattern in (_NUM_RANGE, _NAME_RANGE, _MONTH_DAY_RANGE)
        for m in pattern.finditer(text)
        if (days := _range_days(m))
    ]
    if not found:
        return "", ""
    start, end = min(found)[1]
    return start.isoformat(), end.isoformat()


# A month by name with its year's last two digits after an apostrophe, as British listings abbreviate it ("4th Dec
# '26", "Thursday 4 December ’26", "Dec 4th '26"): this century's, as a two-digit year's (up to a year ahead).
_APOSTROPHE_YEAR = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\.?\s+(" + MONTH_NAMES + r")|(" + MONTH_NAMES + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?)"
    r"\.?,?\s+['’‘](\d{2})(?![\w'’])" + _TIME,
    re.I,
)


def _apostrophe_year_date(text: str) -> str:
    if "'" not in text and "’" not in text and "‘" not in text:
        return ""
    m = _APOSTROPHE_YEAR.search(text)
    if not m:
        return ""
    d1, name1, name2, d2, yy, hh, mi, ss, half, zone = m.groups()
    year = (2000 if int(yy) <= datetime.now(UTC).year % 100 + 1 else 1900) + int(yy)
    return _build(year, MONTHS[(name1 or name2).lower()], int(d1 or d2), hh, mi, ss, zone, half)


# "14.3." with no year after it, or "14. 3." as Slovenian writes it (not among more numbers with their periods, an
# enumeration's "1. 2. 3."; a time may follow, "12.3. 6:00"); after a time word ("klo 10.05.", "kello 11.05.",
# "Klockan 9.15.") it is a time.
_DAY_MONTH = re.compile(r"(?<![\d.])(?<!\d\.\s)\d{1,2}\.\s?\d{1,2}\.(?!\s?\d{4})(?!\s?\d{1,2}\.(?!\d))")
_TIME_WORD_BEFORE = re.compile(r"\b(?:klo|kello|kl|klockan|at|ob|um|om)\.?\s*$", re.I)
# A day and a month by name with no year after them: "12 mars", "12. marec", "Mar 12", "March 12th".
_DAY_NAMED_MONTH = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(?:" + MONTH_NAMES + r")\b\.?(?!,?\s*(?:de\s+)?\d{4})", re.I
)
_NAMED_MONTH_DAY = re.compile(
    r"\b(?:" + MONTH_NAMES + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?![.:]\d)(?!,?\s*\d{4})", re.I
)


def with_year(part: str, year: int) -> str:
    """The part with the year after its first day and month that is no time ("päivitetty 14.3." -> "14.3.2025",
    "Published Mar 12" -> "Published Mar 12, 2025")."""
    for m in _DAY_MONTH.finditer(part):
        if not _TIME_WORD_BEFORE.search(part[: m.start()]):
            return f"{part[: m.end()]}{year}{part[m.end() :]}"
    for pattern, joint in ((_DAY_NAMED_MONTH, " "), (_NAMED_MONTH_DAY, ", ")):
        named = pattern.search(part)
        if named:
            return f"{part[: named.end()]}{joint}{year}{part[named.end() :]}"
    return part


def yearless_before(part: str, fetched: str, lang: str) -> str:
    """The date a part without a year gives, read as the last such day no later than the day after ``fetched``."""
    year = int(fetched[:4])
    for candidate in (year, year - 1):
        found = parse_date(with_year(part, candidate), lang=lang)
        if found and not_after(found, 1, fetched[:10]):
            return found
    return ""


# Weekdays, which tell the order of a numeric date the page's language does not: "Tuesday, 11.06.2012". (Finnish
# "to", Thursday, is left out: it is an English word before many a date.)
_WEEKDAYS = {
    name: i
    for names in (
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        ("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
        ("mon", "tues", "wed", "thur", "fri", "sat", "sun"),
        ("mon", "tue", "wed", "thurs", "fri", "sat", "sun"),
        ("maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai"),
        ("maanantaina", "tiistaina", "keskiviikkona", "torstaina", "perjantaina", "lauantaina", "sunnuntaina"),
        ("ma", "ti", "ke", "", "pe", "la", "su"),
        ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
        ("mån", "tis", "ons", "tors", "fre", "lör", "sön"),
        ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
        ("ponedeljek", "torek", "sreda", "četrtek", "petek", "sobota", "nedelja"),
        ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
    )
    for i, name in enumerate(names)
    if name
}
_WEEKDAY_BEFORE = re.compile(
    r"\b(" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\b\.?,?\s*(?:den\s+)?$", re.I
)


def _weekday_order(before: str, a: int, b: int, year: int) -> bool | None:
    """Whether a weekday just before a numeric date "a.b.year" tells it is day-first (True) or month-first (False):
    only where exactly one of the two readings falls on that weekday; None where none does or no weekday is there."""
    if a == b or a > 12 or b > 12:  # (the order told already, or no matter: before the search, on every date)
        return None
    named = _WEEKDAY_BEFORE.search(before[-20:])
    if not named:
        return None
    weekday = _WEEKDAYS[named[1].lower()]
    fits = []
    for order, (day, month) in ((True, (a, b)), (False, (b, a))):
        try:
            if date(year, month, day).weekday() == weekday:
                fits.append(order)
        except ValueError:
            pass
    return fits[0] if len(fits) == 1 else None


def _slash_date(text: str, first: bool | None) -> str:
    """Read the first slash date whose order is known: by a part over 12, else by ``first`` (day-first), or where
    that is not known or is month-first (WordPress's default "en-US"), a weekday before the date."""
    for m in SLASH_DATE.finditer(text):
        a, b, y, hh, mi, ss, half, zone = m.groups()
        one, two = int(a), int(b)
        told = _weekday_order(text[: m.start()], one, two, int(y)) if first is not True else None
        if one > 12 and two <= 12:
            dmy = True
        elif two > 12 and one <= 12:
            dmy = False
        elif told is not None:
            dmy = told
        elif one > 12 or first is None:  # both over 12 is no date; both 12 or under needs the page's order
            continue
        else:
            dmy = first
        day, month = (one, two) if dmy else (two, one)
        return _build(int(y), month, day, hh, mi, ss, zone, half)
    return ""


# The words that say which date a dateline gives: "Julkaistu 18.6.2021 Päivitetty 21.6.2021".
UPDATE_WORD = re.compile(
    r"\b(?:last updated|updated|last modified|modified|päivitetty|muokattu|(?:senast )?uppdaterad|uppdaterat|"
    r"uppdaterades|ändrades|(?:senest )?opdateret|(?:senast )?ändrad|posodobljeno|(?:zadnjič )?spremenjeno|"
    r"zadnja (?:posodobitev|sprememba)|aktualisiert|"
    r"zuletzt geändert|mis à jour|actualizado|"
    r"bijgewerkt|oppdatert)\b",
    re.I,
)
PUBLISH_WORD = re.compile(
    r"\b(?:published|posted|julkaistu|publicerad|publicerat|publicerades|publiceret|objavljeno|veröffentlicht|publié|publicado|pubblicato|"
    r"gepubliceerd|publisert|for immediate release|release date|embargoed until)\b",
    re.I,
)


# A date with a two-digit year: "3.12.26", "ti 3.12.26 klo 10.15", "Julkaistu 3.12.26", "03/12/26". In running text
# such a form may as well be a version or a section ("version 1.2.26", "kohta 3.12.26"), so it is a date only where
# the text says so: at its start (a listing's or a dateline's date, a weekday before it), after a publication or
# update word, or with a time after it. The year is this century's, but one more than a year ahead is the last's.
# Day and month are in the page's order (``lang``), as a slash date's: American sites write "11.12.12" for 12
# November, so with no language that says the order, only a part over 12 tells it.
_SHORT_YEAR_HINT = re.compile(r"\d[./]\d{1,2}[./]\d\d(?!\d)")
_SHORT_YEAR_DATE = re.compile(r"(?<![\w.,/:-])(\d{1,2})([./])(\d{1,2})\2(\d{2})(?![\w/-]|[.,]\d)")
_SHORT_YEAR_TIME = re.compile(r"\.?" + _TIME)
_WEEKDAY = (
    r"(?:ma|ti|ke|to|pe|la|su|maanantai|tiistai|keskiviikko|torstai|perjantai|lauantai|sunnuntai"
    r"|mån|tis|ons|tors|fre|lör|sön|måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag"
    r"|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|pon|tor|sre|čet|pet|sob|ned|ponedeljek|torek|sreda|četrtek|petek|sobota|nedelja)"
)
# What may stand before it: nothing but a weekday, or a publication or update word (and a weekday).
_SHORT_YEAR_BEFORE = re.compile(
    r"(?:^\W*|(?:"
    + PUBLISH_WORD.pattern
    + "|"
    + UPDATE_WORD.pattern
    + r")[\s:,]*(?:on\s+|den\s+)?)(?:"
    + _WEEKDAY
    + r"\b\.?,?\s*)?$",
    re.I,
)


def _short_year_date(text: str, lang: str | None) -> str:
    if not _SHORT_YEAR_HINT.search(text):
        return ""
    for m in _SHORT_YEAR_DATE.finditer(text):
        a, b, yy = int(m[1]), int(m[3]), int(m[4])
        time = _SHORT_YEAR_TIME.match(text, m.end())
        hh, mi, ss, half, zone = time.groups() if time else (None,) * 5
        if not (hh or _SHORT_YEAR_BEFORE.search(text[: m.start()])):
            continue
        year = (2000 if yy <= datetime.now(UTC).year % 100 + 1 else 1900) + yy
        # The order as a slash date's, with dots too: "11.12.12 3:30 PM" is 12 November on an American site; where
        # the page's language says day-first, a part over 12 in the month's place makes it no date ("3.13.26").
        first = day_first(lang)
        told = _weekday_order(text[: m.start()], a, b, year) if first is not True else None
        order = True if a > 12 >= b else False if b > 12 >= a else None if a > 12 else first if told is None else told
        if order is None or (first is True and not order):
            continue
        day, month = (a, b) if order else (b, a)
        return _build(year, month, day, hh, mi, ss, zone, half)
    return ""


def has_short_year_date(text: str) -> bool:
    """Whether the text holds a date with a two-digit year where it marks one (see _short_year_date), read day-first
    or month-first: whether a line is a dateline does not hang on the order, which the page's language tells."""
    return bool(_short_year_date(text, "en-GB") or _short_year_date(text, "en-US"))


def dateline_dates(text: str, lang: str = "", *, published: str = "", fetched: str = "") -> tuple[str, str]:
    """(published, updated) that a dateline states, each date read after its word.

    A date after an update word ("Päivitetty 21.6.2021", "Last updated 5 February 2025") is when the
    article changed, not when it appeared; a date with no word, or after a publication word, is the publication's.
    ``lang``, the page's declared language, tells the order of a numeric date such as "05/02/2025".
    A date without a year ("Julkaistu 12.3. klo 6.00", "Päivitetty 14.3. 9:15") takes it from the publication
    (the line's own, else ``published``, the metadata's) or, for the publication, from ``fetched``, the day the
    server answered: the last such day no later than the day after (a paper prints the year only for past years).
    An update before the publication is none: the line's dates contradict each other, and a wrong date is worse
    than none (as the metadata's modified time before its published time is).
    """
    marks = sorted(
        [(m.start(), m.end(), "updated") for m in UPDATE_WORD.finditer(text)]
        + [(m.start(), m.end(), "published") for m in PUBLISH_WORD.finditer(text)]
    )
    found = {"published": "", "updated": ""}
    pieces = [(0, marks[0][0] if marks else len(text), "published")]
    for i, (_start, end, kind) in enumerate(marks):
        pieces.append((end, marks[i + 1][0] if i + 1 < len(marks) else len(text), kind))
    for start, end, kind in pieces:
        if not found[kind]:
            found[kind] = parse_date(text[start:end], lang=lang)
    for start, end, kind in pieces:
        if kind == "published" and not found["published"] and fetched:
            found["published"] = yearless_before(text[start:end], fetched, lang)
    anchor = found["published"] or published
    for start, end, kind in pieces:
        if kind == "updated" and not found["updated"]:
            if anchor:
                found["updated"] = _yearless_update(text[start:end], anchor, lang)
            elif fetched:
                found["updated"] = yearless_before(text[start:end], fetched, lang)
    if found["updated"] and found["published"] and not not_before(found["updated"], found["published"]):
        found["updated"] = ""  # ("Julkaistu 4.12.2026 | Päivitetty 3.12.2026": an update before it is none)
    return found["published"], found["updated"]


def _yearless_update(part: str, published: str, lang: str) -> str:
    """The update that "12.3.2025 klo 10.30, päivitetty 14.3. klo 9.15" gives: the day from the update, the
    year from the publication (or the next one, "30.12.2024 …, päivitetty 2.1."), never before the publication."""
    year = int(published[:4])
    changed = parse_date(with_year(part, year), lang=lang)
    if changed and not_before(changed, published):
        return changed
    if changed:  # across the new year: only an update soon after the publication
        changed = parse_date(with_year(part, year + 1), lang=lang)
        if not changed:
            return ""  # "päivitetty 29.2.": no such day next year
        gap = datetime.fromisoformat(changed[:10]) - datetime.fromisoformat(published[:10])
        return changed if timedelta(0) <= gap <= timedelta(days=YEARLESS_UPDATE_DAYS) else ""
    return ""


YEARLESS_UPDATE_DAYS = 31  # "30.12.2024 …, päivitetty 2.1.": next year's only within a month of the publication


# A day a listing gives relative to the moment it is read ("2 päivää sitten", "för 3 dagar sedan", "Yesterday",
# "5 hours ago", "pred 3 dnevi"), the whole of a short text (after a publication word): not "Avoinna tänään 8–16".
# Weeks and months ago name no day.
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "yksi": 1, "en": 1, "ett": 1, "einem": 1, "two": 2, "kaksi": 2}
_NUMBER_WORDS |= {"enim": 1, "eno": 1, "dvema": 2, "tremi": 3}  # Slovenian, as "pred" takes them: "pred enim dnem"
_AGO = re.compile(
    r"(?:(?P<n>\d{1,3}|an?|one|two|yksi|kaksi|en|ett)\s+(?P<unit>days?|hours?|hrs?|minutes?|mins?)\s+ago"
    r"|(?P<n_fi>\d{1,3}|yksi|kaksi)\s+(?P<unit_fi>päivää|päivä|tuntia|tunti|t|h|minuuttia|minuutti|min)\s+sitten"
    r"|(?:för\s+)?(?P<n_sv>\d{1,3}|en|ett)\s+(?P<unit_sv>dagar|dag|timmar|timme|tim|h|minuter|minut|min)\s+sedan"
    r"|(?P<n_no>\d{1,3}|en|ett)\s+(?P<unit_no>dager|dage|dag|timer|time|minutter|minutt|minut)\s+siden"
    r"|vor\s+(?P<n_de>\d{1,3}|einem)\s+(?P<unit_de>Tagen|Tag|Stunden|Stunde|Minuten|Minute)"
    # Slovenian: a day's, two's and more's forms ("pred enim dnem", "pred 2 dnevoma", "pred 3 dnevi"; "uro",
    # "urama", "urami"; "minuto", "minutama", "minutami")
    r"|pred\s+(?P<n_sl>\d{1,3}|enim|eno|dvema|tremi)\s+(?P<unit_sl>dnem|dnevoma|dnevi|dni|uro|urama|urami|ur|h"
    r"|minuto|minutama|minutami|min))",
    re.I,
)
_DAYS_BACK = {
    "today": 0, "tänään": 0, "idag": 0, "i dag": 0, "heute": 0, "just now": 0, "danes": 0, "pravkar": 0,
    "yesterday": 1, "eilen": 1, "igår": 1, "i går": 1, "gestern": 1, "včeraj": 1,
    "toissapäivänä": 2, "i förrgår": 2, "i forgårs": 2, "i forgaars": 2, "vorgestern": 2, "predvčerajšnjim": 2,
}  # fmt: skip
# The time a listing gives after such a day: "i dag 10:15", "Igår kl. 14.30", "Eilen klo 14.05", "Yesterday at 3:05 pm",
# "včeraj ob 14.30"
# (a time alone: "tänään 8–16", "today 10:00-12:00" are opening hours, no day of publication).
_TIME_AFTER_DAY = re.compile(r",?\s*(?:kello|klo|kl\.?|at|um|ob|@)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s?m\.?)?$")
_RELATIVE_LABEL = re.compile(
    r"^(?:published|posted|julkaistu|publicerad|publicerat|publisert|publiceret|objavljeno)\W*", re.I
)


def relative_day(text: str, now: datetime | None = None) -> tuple[str, bool]:
    """The day (ISO) a short text names relative to ``now`` (the present in the newsroom's time zone, whose day it
    is: a run at 01:00 in Helsinki reads "Yesterday" as its day before, not UTC's), or ""; and whether it is that
    day for sure. "Eilen", "Yesterday" and "3 hours ago" are (but hours that reach within one of midnight); "2 days
    ago" is not: sites round it (WordPress and moment.js say "1 day ago" from 12 or 22 hours to 36)."""
    said = " ".join(_RELATIVE_LABEL.sub("", text.strip()).split()).rstrip(".").lower()
    if len(said) > 30:
        return "", False
    now = now or datetime.now(UTC)
    said = _TIME_AFTER_DAY.sub("", said)  # "i dag 10:15", "eilen klo 14.05": the day
    if said in _DAYS_BACK:
        return (now - timedelta(days=_DAYS_BACK[said])).date().isoformat(), True
    m = _AGO.fullmatch(said)
    if not m:
        return "", False
    number = next(v for k, v in m.groupdict().items() if k.startswith("n") and v)
    unit = next(v for k, v in m.groupdict().items() if k.startswith("unit") and v).lower()
    count = int(number) if number.isdigit() else _NUMBER_WORDS[number]
    if _DAY_UNIT.match(unit):
        return (now - timedelta(days=count)).date().isoformat(), False
    moment = now - (timedelta(hours=count) if _HOUR_UNIT.match(unit) else timedelta(minutes=count))
    near_midnight = not timedelta(hours=1) <= moment - moment.replace(hour=0, minute=0, second=0) <= timedelta(hours=23)
    return moment.date().isoformat(), not (_HOUR_UNIT.match(unit) and near_midnight)


_DAY_UNIT = re.compile(r"days?$|päivää?$|dag(?:ar|er|e)?$|tag(?:en)?$|dnem$|dnev(?:oma|i)$|dni$")
_HOUR_UNIT = re.compile(r"hours?$|hrs?$|h$|t$|tuntia?$|timm(?:e|ar)$|tim$|timer?$|stunden?$|ur(?:o|ama|ami)?$")
