"""Dates as newsrooms write them (fi, sv, en and their neighbours) -> ISO 8601."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
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
    **{
        m: i
        for i, m in enumerate(
            [
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
            ],
            1,
        )
    },
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
):
    for _i, _m in enumerate(_names, 1):
        MONTHS.setdefault(_m, _i)
MONTHS.setdefault("mär", 3)
MONTHS.setdefault("mrz", 3)
ZONES = {"utc": 0, "gmt": 0, "z": 0, "cet": 1, "cest": 2, "eet": 2, "eest": 3, "bst": 1, "wet": 0, "west": 1}
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))  # a regex alternation, longest first
# A time after a date: "klo 13.31", "at 1:31pm", "5:30 p.m. UTC" (hour, minute, second, am/pm, zone).
_TIME = (
    r"(?:\s*(?:,|klo|kl\.?|at|@)?\s*(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s*([AaPp])\.?\s?[Mm]\b\.?)?)?"
    r"(?:\s*([A-Za-z]{1,4}|[+-]\d{2}:?\d{2}))?"
)
DMY_NUM_DATE = re.compile(r"\b(\d{1,2})(?:\.\s?(\d{1,2})\.\s?|-(\d{1,2})-)(\d{4})\b" + _TIME)  # 2.2.2024, 02-02-2024
DMY_NAME_DATE = re.compile(
    r"\b(\d{1,2})\.?\s+(?:de\s+)?(" + MONTH_NAMES + r")\.?,?\s+(?:de\s+)?(\d{4})\b" + _TIME, re.I
)
MDY_NAME_DATE = re.compile(r"\b(" + MONTH_NAMES + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b" + _TIME, re.I)
ISO_DATE = re.compile(
    r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:\s*([AaPp])\.?\s?[Mm]\b\.?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?"
)


def _build(
    y: int, mo: int, d: int, hh: str | None, mm: str | None, ss: str | None, zone: str | None, half: str | None = None
) -> str:
    try:
        if not 1900 <= y <= 2100:
            return ""
        if hh is None:
            return datetime(y, mo, d).date().isoformat()
        hour = int(hh)
        if half:  # 12-hour clock: 12:05 am is 00:05, 1:31 pm is 13:31
            if not 1 <= hour <= 12:
                return datetime(y, mo, d).date().isoformat()
            hour = hour % 12 + (12 if half in "pP" else 0)
        dt = datetime(y, mo, d, hour, int(mm or 0), int(ss or 0))
    except ValueError:
        return ""
    offset = None
    if zone:
        z = zone.lower()
        if z in ZONES:
            offset = timedelta(hours=ZONES[z])
        elif re.fullmatch(r"[+-]\d{2}:?\d{2}", z):
            sign = 1 if z[0] == "+" else -1
            digits = z[1:].replace(":", "")
            offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    if offset is None:
        return dt.isoformat()
    return (dt - offset).replace(tzinfo=UTC).isoformat()


def parse_date(text: str) -> str:
    """A date in any of the forms newsrooms use -> ISO 8601 ("" when none is found).

    With a time zone the result is in UTC; a date without a time stays a date.
    """
    text = (text or "").strip()
    if not text or len(text) > 400:
        text = text[:400]
        if not text:
            return ""
    m = ISO_DATE.search(text)
    if m:
        y, mo, d, hh, mi, ss, half, zone = m.groups()
        return _build(int(y), int(mo), int(d), hh, mi, ss, zone, half)
    if re.match(r"^[A-Za-z]{3},", text):
        try:
            dt = parsedate_to_datetime(text)
            return dt.astimezone(UTC).isoformat() if dt.tzinfo else dt.isoformat()
        except (TypeError, ValueError, IndexError):
            pass
    m = DMY_NUM_DATE.search(text)
    if m:
        d, mo_dot, mo_dash, y, hh, mi, ss, half, zone = m.groups()
        mo = mo_dot or mo_dash
        return _build(int(y), int(mo), int(d), hh, mi, ss, zone, half)
    m = DMY_NAME_DATE.search(text)
    if m:
        d, name, y, hh, mi, ss, half, zone = m.groups()
        return _build(int(y), MONTHS[name.lower()], int(d), hh, mi, ss, zone, half)
    m = MDY_NAME_DATE.search(text)
    if m:
        name, d, y, hh, mi, ss, half, zone = m.groups()
        return _build(int(y), MONTHS[name.lower()], int(d), hh, mi, ss, zone, half)
    return ""
