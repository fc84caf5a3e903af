"""Dissemination reports: every mention of a tag over a period, with its evidence, and counts.

For EU-funded projects reporting their dissemination: each release that mentions the project or
practice, with its date, partner, headline (and the headline's machine translation), the sentence
the tag was found in, and the link; counts by month, partner and language (a mixed release counts
under each of its languages). As XLSX (typed date columns), CSV (UTF-8 with a BOM, dates as
YYYY-MM-DD) or a standalone HTML page. Reads only, on a plain ``sqlite3.Connection``, so that the
reading room offers the same download on Datasette's read-only connections.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import re
import sqlite3
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from . import search as _search
from .dates import ENGLISH_MONTHS, day_text
from .digest import safe_url
from .language import LANGUAGE_NAMES, and_list, languages_text
from .search import WHEN, parts_only_count
from .search import parse_day as search_day
from .translate import split_sentences

FORMATS = ("xlsx", "csv", "html")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
UNDATED = "date unknown"
# A period of more months than this is counted by year on the HTML page (and in an XLSX sheet of its own beside the
# months): three years by month (a project's whole period, month by month) is a table a person still reads.
MONTHS_MAX = 36
EXCEL_CELL_MAX = 32767
# A cell a spreadsheet would run as a formula when it starts so (CSV injection): a quote makes it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XLSX cells


class ReportError(ValueError):
    """A report that cannot be made as asked (unknown tag, bad dates): the message says what to change."""


@dataclass(frozen=True)
class Mention:
    """One release that mentions the tag."""

    article_id: int
    date: date | None  # publication date; None when the release is undated
    archived: str  # when newsflow first saw it (ISO)
    partner: str
    source: str
    languages: tuple[str, ...]
    title: str
    title_translation: str
    surface: str  # the form found, as written
    evidence: str  # the sentence it was found in
    evidence_from: str  # "headline", "text" or "machine translation"
    mentions: int
    url: str
    untranslated: bool = False  # waiting for a translation model ("pending" or "partial")


@dataclass(frozen=True)
class Report:
    tag: str
    tag_name: str
    tag_kind: str
    date_from: date | None
    date_to: date | None
    generated: datetime
    mentions: tuple[Mention, ...]
    parts: tuple[str, ...] = ()  # the names of the tags it includes (a project's practices)
    parts_only: int = 0  # releases of the period that mention only those, not the tag itself: not in this report

    @property
    def untranslated(self) -> int:
        """Releases (or parts of them) waiting for a machine translation (``translation_status`` pending or partial):
        staff in Derry and Maribor, and their funders, read them as the partner wrote them."""
        return sum(1 for m in self.mentions if m.untranslated)

    @property
    def untranslated_note(self) -> str:
        alone = [m for m in self.mentions if m.untranslated]
        n = len(alone)
        if not n:
            return ""
        written = sorted({LANGUAGE_NAMES.get(lang, lang) for m in alone for lang in m.languages} - {"English"})
        one = n == 1
        its, them = ("its", "it") if one else ("their", "them")
        return (
            f"{releases(n)} {'is' if one else 'are'} in {and_list(written or ['another language'], 'or')} and "
            f"{'waits' if one else 'wait'} for a machine translation: {its} headline and evidence are as the partner "
            f"wrote {them}. {'It is' if one else 'They are'} translated once whoever runs newsflow installs a model "
            f"for {its} language."  # (for staff and funders, who read it: no command, and no backticks in a page)
        )

    def counts(self, by: str) -> list[tuple[str, int]]:
        """Releases (not mentions) by ``month`` (YYYY-MM, oldest first; an undated release under "date unknown"),
        ``partner`` or ``language`` (most first; a release in several languages under each)."""
        c: Counter[str] = Counter()
        for m in self.mentions:
            if by == "month":
                c[_month_key(m.date) if m.date else UNDATED] += 1
            elif by == "partner":
                c[m.partner or "(no partner)"] += 1
            else:
                for lang in m.languages:
                    c[lang] += 1
        if by == "month":
            return sorted(c.items(), key=lambda kv: (kv[0] == UNDATED, kv[0]))
        return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))

    def months(self) -> list[tuple[str, int]]:
        """Releases by month (YYYY-MM, oldest first), every month of the period, 0 where none: from its start's month
        (with no start, the first release's) to its end's, or the month the report was made where that is earlier
        (a month still ahead has no releases yet, not none); a release dated outside that span widens it. Undated
        releases last, as "date unknown"."""
        counted = dict(self.counts("month"))
        undated = counted.pop(UNDATED, 0)
        made = self.generated.date()
        ends = [*counted, _month_key(min(self.date_to, made) if self.date_to else made)]
        starts = [*counted, *([_month_key(self.date_from)] if self.date_from else [])]
        span = _month_span(min(starts), max(ends)) if counted or self.date_from else []
        return [(m, counted.get(m, 0)) for m in span] + ([(UNDATED, undated)] if undated else [])

    def by_time(self) -> tuple[str, list[tuple[str, int]]]:
        """("month", self.months()), or for a period of more than MONTHS_MAX months ("year", every year of it, 0
        where none): a table a person reads, never hundreds of rows of months. Undated releases last."""
        months = self.months()
        if sum(m != UNDATED for m, _ in months) <= MONTHS_MAX:
            return "month", months
        years: dict[str, int] = {}
        for m, n in months:
            key = m if m == UNDATED else m[:4]
            years[key] = years.get(key, 0) + n
        return "year", list(years.items())

    @property
    def period(self) -> str:
        """The dates asked for, as a person writes them: "1 January 2024 to 31 December 2024"; with no end, to the day
        the report was made ("all dates to 2 December 2026")."""
        start = day_text(self.date_from.isoformat()) if self.date_from else "all dates"
        return f"{start} to {day_text((self.date_to or self.generated.date()).isoformat())}"

    @property
    def generated_text(self) -> str:
        """When the report was made, as a person reads it: "2 December 2026 09:11 UTC"."""
        return f"{day_text(self.generated.date().isoformat())} {self.generated.strftime('%H:%M')} UTC"


def _month_span(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (YYYY-MM), both included; none where ``last`` is before ``first``."""
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while y <= date.max.year and (key := _month_key(date(y, m, 1))) <= last:  # (after 9999-12, "10000-01" sorts first)
        out.append(key)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _conn(archive_or_conn: Any) -> sqlite3.Connection:
    if isinstance(archive_or_conn, sqlite3.Connection):
        return archive_or_conn
    db = getattr(archive_or_conn, "db", archive_or_conn)  # an Archive, or a sqlite-utils Database
    return db.conn  # type: ignore[no-any-return]


def parse_day(
    value: str | date | None, what: str, *, end: bool = False, names: tuple[str, str] = ("--from", "--to")
) -> date | None:
    """A date as the rest of newsflow reads one (``search.parse_day``: 2025-05-20, 2025-05, 2025, 20.5.2025 ...), or a
    date; None for none. A month or a year stands for its first day, or with ``end`` (a period's last day) its last.
    Raises ReportError naming ``what`` (``--from``) and saying how to write it (two dates in one: in ``names``)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(search_day(value.strip(), end=end, names=names))
    except ValueError as e:
        raise ReportError(f"{what}: {e}") from None


def _month_key(day: date) -> str:
    """A day's month as the counts key it, YYYY-MM (strftime writes the year 1 as "1", not "0001")."""
    return f"{day.year:04d}-{day.month:02d}"


def _today() -> date:
    """This machine's day, as "today" and "7d" are read in a date typed (search._now, which tests set)."""
    return _search._now().date()


def _period_read(
    date_from: str | date | None, date_to: str | date | None, names: tuple[str, str]
) -> tuple[date | None, date | None]:
    """A period's first and last day as typed (None for none), refused (ReportError) where the start is after the
    end."""
    start = parse_day(date_from, names[0], names=names)
    end = parse_day(date_to, names[1], end=True, names=names)
    if start and end and start > end:
        raise ReportError(
            f"{names[0]} {day_text(start.isoformat())} is after {names[1]} {day_text(end.isoformat())}, so nothing "
            "can match: swap the two dates"
        )
    return start, end


def check_period(
    date_from: str | date | None, date_to: str | date | None, names: tuple[str, str] = ("--from", "--to")
) -> None:
    """Refuse (ReportError, naming the dates by ``names``) a period a report cannot be made of: a date that is none, a
    start after the end, and a start after today without an end (where such a period ends: a report of nothing,
    named "2030-01-01 to 2026-12-02"). A start after today with an end after it is a period, of nothing yet."""
    start, end = _period_read(date_from, date_to, names)
    today = max(_today(), datetime.now(UTC).date())  # the machine's day ("today" as typed) or UTC's, the later
    if start and not end and start > today:
        raise ReportError(
            f"{names[0]} {day_text(start.isoformat())} is after today ({day_text(today.isoformat())}), when a "
            f"report without {names[1]} ends, so nothing can match: give a {names[0]} up to today"
        )


def collect_report(
    archive_or_conn: Any,
    tag: str,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    *,
    names: tuple[str, str] = ("--from", "--to"),
) -> Report:
    """Every mention of ``tag`` by releases dated in the period (undated ones by when they were archived).

    A start after the end is refused (ReportError, naming the dates by ``names``).
    """
    conn = _conn(archive_or_conn)
    generated = datetime.now(UTC).replace(microsecond=0)
    start, end = _period_read(date_from, date_to, names)
    row = conn.execute("select name, kind from tags where id = ?", [tag]).fetchone()
    if row is None:
        choices = [r[0] for r in conn.execute("select id from tags order by id")]
        raise ReportError(
            f"unknown tag id {tag!r}; choose from: {', '.join(choices) or '(the archive has no tags yet)'}"
        )
    day = f"substr({WHEN}, 1, 10)"
    where, params = ["t.tag_id = ?"], [tag]
    if start:
        where.append(f"{day} >= ?")
        params.append(start.isoformat())
    if end:
        where.append(f"{day} <= ?")
        params.append(end.isoformat())
    cursor = conn.execute(
        f"""select a.id, a.published, a.first_seen, a.partner, a.source_id, a.language, a.languages, a.title,
                   coalesce(nullif((select s.name from sources s where s.id = a.source_id), ''), a.source_id)
                       as source_name,
                   a.title_translation, a.translation_status, a.url, t.surface, t.field, t.paragraph, t.start, t.end,
                   t.mentions
            from article_tags t join articles a on a.id = t.article_id
            where {" and ".join(where)}
            order by {day}, a.id""",
        params,
    )
    columns = [d[0] for d in cursor.description]
    mentions = tuple(_mention(conn, dict(zip(columns, r, strict=True))) for r in cursor.fetchall())
    parts = conn.execute("select id, coalesce(nullif(name, ''), id) from tags where parent = ? order by 2", [tag])
    rows = parts.fetchall()
    part_ids, part_names = tuple(r[0] for r in rows), tuple(r[1] for r in rows)
    period = (start.isoformat() if start else "", end.isoformat() if end else "")
    parts_only = parts_only_count(conn, tag, part_ids, *period)
    return Report(
        parts=tuple(part_names),
        parts_only=parts_only,
        tag=tag,
        tag_name=row[0] or tag,
        tag_kind=row[1] or "",
        date_from=start,
        date_to=end,
        generated=generated,
        mentions=mentions,
    )


def _mention(conn: sqlite3.Connection, r: dict[str, Any]) -> Mention:
    published = r["published"] or ""
    try:
        day = date.fromisoformat(published[:10]) if published else None
    except ValueError:
        day = None
    try:
        languages = tuple(json.loads(r["languages"] or "[]"))
    except ValueError:
        languages = ()
    evidence, source = _evidence(conn, r)
    title = r["title"] or ""
    translation = (r["title_translation"] or "").strip()
    return Mention(
        article_id=int(r["id"]),
        date=day,
        archived=r["first_seen"] or "",
        partner=r["partner"] or "",
        source=r["source_name"] or "",  # its name, as staff know it (the id only where it has none)
        languages=languages or (r["language"] or "und",),
        title=title,
        title_translation="" if translation == title.strip() else translation,
        untranslated=(r["translation_status"] or "") in ("pending", "partial"),
        surface=r["surface"] or "",
        evidence=evidence,
        evidence_from=source,
        mentions=int(r["mentions"] or 1),
        url=r["url"] or "",
    )


def _evidence(conn: sqlite3.Connection, r: dict[str, Any]) -> tuple[str, str]:
    """The sentence holding the best mention, and where it stands."""
    field, position, start = r["field"] or "text", r["paragraph"], r["start"] or 0
    if field == "title" or position is None or position < 0:
        return r["title"] or "", "headline"
    if field == "translation":
        found = conn.execute(
            "select text from translations where article_id = ? and position = ? order by target limit 1",
            [r["id"], position],
        ).fetchone()
        where = "machine translation"
    else:
        found = conn.execute(
            "select text from paragraphs where article_id = ? and position = ?", [r["id"], position]
        ).fetchone()
        where = "text"
    text = (found[0] if found else "") or ""
    return sentence_at(text, start) or (r["surface"] or ""), where


def sentence_at(text: str, offset: int) -> str:
    """The sentence of ``text`` that holds the character at ``offset`` (newsflow's own sentence splitter)."""
    pos = 0
    for sentence in split_sentences(text):
        at = text.find(sentence, pos)
        if at < 0:
            continue
        if at <= offset < at + len(sentence):
            return sentence
        pos = at + len(sentence)
    return text.strip() if len(text) <= 400 else ""


# ------------------------------------------------------------------ formats

# The mentions' columns, headed in words in the XLSX and the CSV alike (staff open both in a spreadsheet).
HEADINGS = (
    "Date",
    "Partner",
    "Source",
    "Languages",
    "Headline",
    "Headline (machine translation)",
    "Form found",
    "Evidence sentence",
    "Evidence from",
    "Mentions",
    "Link",
    "Archived (UTC)",
)


def _values(m: Mention) -> list[Any]:
    return [
        m.date,
        m.partner,
        m.source,
        languages_text(m.languages),
        m.title,
        m.title_translation,
        m.surface,
        m.evidence,
        m.evidence_from,
        m.mentions,
        m.url,
        m.archived,
    ]


def text_cell(value: str) -> str:
    """A text as a CSV cell a spreadsheet shows as text: one that would start a formula (``=``, ``+``, ``-``, ``@``,
    a tab or CR: CSV injection) gets a ``'`` in front. Every CSV newsflow writes uses this one function."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def render_csv(report: Report) -> bytes:
    """The mentions, one row each: UTF-8 with a BOM (Excel reads it as UTF-8), dates as YYYY-MM-DD, when newsflow
    archived each as YYYY-MM-DD HH:MM in UTC."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    for m in report.mentions:
        row = _values(m)
        row[0] = m.date.isoformat() if m.date else UNDATED
        archived = _parse_time(m.archived)  # in UTC, to the minute, as the XLSX shows it: no raw ISO stamp
        row[11] = archived.strftime("%Y-%m-%d %H:%M") if archived else m.archived
        writer.writerow([text_cell(v) if isinstance(v, str) else v for v in row])
    return out.getvalue().encode("utf-8-sig")


def _xlsx_text(value: str) -> str:
    """A cell's text as Excel holds it: no control characters, and at most EXCEL_CELL_MAX characters, a longer text
    (an 890,000-character annual report) cut with a mark that says so, not silently."""
    text = _CONTROL.sub("", value)
    if len(text) <= EXCEL_CELL_MAX:
        return text
    return text[: EXCEL_CELL_MAX - len(CUT_MARK)] + CUT_MARK


CUT_MARK = " … [cut: a spreadsheet cell holds 32,767 characters; the whole text is in the reading room and the CSV]"


# Excel's limits on links: a worksheet holds at most 65,530 of them, and a link at most 2,079 characters; past them
# the address is written as text.
EXCEL_LINKS_MAX = 65_530
EXCEL_URL_MAX = 2_079


def _excel_length(url: str) -> int:
    """A link's length as Excel holds it: UTF-16 units, a character XlsxWriter escapes (%XX) three."""
    return len(url.encode("utf-16-le")) // 2 + 2 * sum(url.count(c) for c in '{}[]^`"<> ')


def excel_link(ws: Any, row: int, col: int, link: str | None, shown: str, link_format: Any, links: int) -> bool:
    """Write ``link`` (an address already checked to be http(s), or None) as a link showing ``shown``, where Excel
    can hold it: the sheet's ``links`` so far under its count, the address within its length as Excel counts it (an
    emoji is two, a character XlsxWriter escapes three), and write_url not refusing it (-3). False where it was not
    written: the caller writes it as text."""
    return bool(
        link
        and links < EXCEL_LINKS_MAX
        and _excel_length(link) <= EXCEL_URL_MAX
        and ws.write_url(row, col, link, link_format, string=shown) == 0
    )


def text_workbook(rows_in_order: bool = False) -> tuple[io.BytesIO, Any, dict[str, Any]]:
    """An XlsxWriter workbook that writes every text as text (a headline starting with "=" is no formula, an address
    no link unless made one, "0123" no number), with its bold, day and link formats. ``rows_in_order``: each sheet is
    written row by row, top to bottom (``table_sheet``), and a row is set aside in a temporary file once the next is
    begun: an export of 12,000 releases took 330 MB held whole in memory."""
    import xlsxwriter

    out = io.BytesIO()
    wb = xlsxwriter.Workbook(
        out,
        {
            **({"constant_memory": True} if rows_in_order else {"in_memory": True}),
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    formats = {
        "bold": wb.add_format({"bold": True}),
        "day": wb.add_format({"num_format": "yyyy-mm-dd"}),
        "link": wb.add_format({"font_color": "#0563C1", "underline": 1}),  # as Excel shows links
    }
    return out, wb, formats


def table_sheet(
    wb: Any,
    formats: dict[str, Any],
    header: Sequence[str],
    lines: Iterable[Sequence[Any]],
    widths: Sequence[float],
    *,
    dates: Container[str] = (),
    links: Container[str] = (),
    link_of: Callable[[str], str | None] = lambda url: url,
) -> Any:
    """A "Releases" sheet of a ``text_workbook``: the header in bold, frozen, with filters; the columns named in
    ``dates`` as dates where they read as one, those in ``links`` as links where ``link_of`` passes the address (and
    Excel can hold it), numbers as numbers, every other value as text (never a formula). Returns the sheet."""
    ws = wb.add_worksheet("Releases")
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.write_row(0, 0, header, formats["bold"])
    written, row = 0, 0
    with warnings.catch_warnings():  # XlsxWriter warns of a link too long for Excel: it is written as text then
        warnings.simplefilter("ignore")
        for row, line in enumerate(lines, start=1):
            for col, value in enumerate(line):
                if value is None:
                    continue
                if isinstance(value, int):
                    ws.write_number(row, col, value)
                    continue
                text = _xlsx_text(str(value))
                if header[col] in dates and value:
                    with contextlib.suppress(ValueError):
                        ws.write_datetime(row, col, datetime.fromisoformat(str(value)), formats["day"])
                        continue
                link = link_of(str(value)) if header[col] in links else None
                if excel_link(ws, row, col, link, text, formats["link"], written):
                    written += 1
                else:
                    ws.write_string(row, col, text)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(row, 1), len(header) - 1)
    return ws


def render_xlsx(report: Report) -> bytes:
    """A workbook: Mentions (typed date columns, links), By month, By partner, By language, About.

    Written with XlsxWriter: a tag with 12,000 mentions on a six-year archive took 8.1 s with openpyxl, 2.4 s so.
    Every text is written as text (a headline starting with "=" is no formula, an address no link unless made one)."""
    out, wb, formats = text_workbook()
    bold, day, link_format = formats["bold"], formats["day"], formats["link"]
    moment = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    month = wb.add_format({"num_format": "yyyy-mm"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})

    def put(sheet: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
        if isinstance(value, str):
            sheet.write_string(row, col, _xlsx_text(value), fmt)
        elif isinstance(value, (datetime, date)):
            sheet.write_datetime(row, col, value, fmt)
        elif value is not None:
            sheet.write_number(row, col, value, fmt)

    ws = wb.add_worksheet("Mentions")
    for col, width in enumerate((12, 22, 14, 12, 50, 50, 18, 70, 18, 10, 50, 17)):
        ws.set_column(col, col, width)
    ws.write_row(0, 0, HEADINGS, bold)
    links = 0
    with warnings.catch_warnings():  # XlsxWriter warns of each link too long for Excel: its answer says so here
        warnings.simplefilter("ignore")
        for r, m in enumerate(report.mentions, start=1):
            values = _values(m)
            for col, value in enumerate(values[1:10], start=1):
                put(ws, r, col, value, wrap if col == 7 else None)
            put(ws, r, 0, m.date or UNDATED, day if m.date else None)
            put(ws, r, 11, _parse_time(m.archived), moment)
            if excel_link(ws, r, 10, safe_url(m.url), _xlsx_text(m.url), link_format, links):
                links += 1
            else:
                put(ws, r, 10, m.url)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(report.mentions), 1), len(HEADINGS) - 1)
    # Every month of the period (0 where none), as the HTML's table; a period too long for that table by month has
    # it by year too, as the HTML shows it.
    by_year = report.by_time()[0] == "year"
    for title, by, heading in (
        ("By month", "month", "Month"),
        *((("By year", "year", "Year"),) if by_year else ()),
        ("By partner", "partner", "Partner"),
        ("By language", "language", "Language"),
    ):
        sheet = wb.add_worksheet(title)
        sheet.set_column(0, 0, 28)
        sheet.write_row(0, 0, [heading, "Releases"], bold)  # releases counted, not mentions (the Mentions sheet)
        rows = report.months() if by == "month" else report.by_time()[1] if by == "year" else report.counts(by)
        r = 0
        for r, (key, n) in enumerate(rows, start=1):
            if by == "month" and key != UNDATED:
                put(sheet, r, 0, date.fromisoformat(key + "-01"), month)
            elif by == "year" and key != UNDATED:
                put(sheet, r, 0, int(key))
            else:
                put(sheet, r, 0, _language(key) if by == "language" else key)
            put(sheet, r, 1, n)
        if by != "language":  # a release in two languages counts twice there: no total
            put(sheet, r + 1, 0, "Total")
            put(sheet, r + 1, 1, len(report.mentions))
    about = wb.add_worksheet("About")
    about.set_column(0, 0, 22)
    about.set_column(1, 1, 90)
    for r, (key, value) in enumerate(_about(report)):
        put(about, r, 0, key)
        put(about, r, 1, value)
    wb.close()
    return out.getvalue()


def _language(code: str) -> str:
    return f"{LANGUAGE_NAMES[code]} ({code})" if code in LANGUAGE_NAMES else code


def _parse_time(value: str) -> datetime | None:
    try:
        t = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return t.astimezone(UTC).replace(tzinfo=None) if t.tzinfo else t  # Excel has no time zones


def _about(report: Report, untranslated: bool = True) -> list[tuple[str, Any]]:
    """The About sheet's lines; ``untranslated`` False leaves out the note on releases without a translation (the
    web page says it at its head)."""
    return [
        ("Tag", report.tag_name),
        ("Kind", report.tag_kind),
        ("Period", report.period),
        ("Releases", len(report.mentions)),
        ("Generated", report.generated_text),
        (
            "Note",
            (
                "Dates are publication dates. An undated release is included when newsflow archived it within the "
                f"period, and is listed and counted as '{UNDATED}'. The counts by month, partner and language are of "
                "releases, not of mentions; a release in several languages counts under each of them. Headline "
                "translations and evidence marked 'machine translation' are made by an offline model, not by the "
                "partner."
            )
            + _months_note(report)
            + (f" {report.untranslated_note}" if untranslated and report.untranslated else "")
            + (
                f" Not counted here: {releases(report.parts_only)} of the period that "
                f"{'mentions' if report.parts_only == 1 else 'mention'} only the parts of "
                f"{report.tag_name} ({', '.join(report.parts)}), not {report.tag_name} itself; each part has its own "
                "report."
                if report.parts_only
                else ""
            ),
        ),
    ]


def _months_note(report: Report) -> str:
    """What the counts by month leave to say: a period counted by year on the web page, months still ahead."""
    note = ""
    by, _ = report.by_time()
    if by == "year":
        n = sum(m != UNDATED for m, _ in report.months())
        note += f" A period of {n:,} months is counted by year on the web page; the XLSX counts it by month too."
    made = report.generated.date()
    if report.date_to and _month_key(report.date_to) > _month_key(made):
        note += (
            f" The months of the period after {ENGLISH_MONTHS[made.month - 1]} {made.year}, when the report was "
            "made, are not counted: they had not begun."
        )
    return note


_STYLE = """body{font-family:system-ui,Arial,sans-serif;margin:24px;color:#222;line-height:1.4;overflow-wrap:anywhere}
h1{font-size:22px}h2{font-size:18px;margin-top:28px}table{border-collapse:collapse;margin:8px 0}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;font-size:14px;overflow-wrap:anywhere}
th{background:#f2f2f2;overflow-wrap:normal}td.n{text-align:right;overflow-wrap:normal}td.d{white-space:nowrap;overflow-wrap:normal}
.mt{color:#555;font-style:italic}.small{font-size:12px;color:#666}
.counts{display:flex;gap:32px;flex-wrap:wrap}.total td{font-weight:bold}td.none{color:#888}
mark{background:#fff2a8}.wide{overflow-x:auto}
table.mentions{width:100%;table-layout:fixed}
.mentions th:nth-child(1){width:7em}.mentions th:nth-child(2){width:13%}.mentions th:nth-child(3){width:8%}
.mentions th:nth-child(4){width:28%}.mentions th:nth-child(6){width:5.5em}
@media (max-width:640px){body{margin:12px}
table.mentions,.mentions tbody,.mentions tr,.mentions td{display:block;width:auto}
.mentions thead{display:none}.mentions tr{border:1px solid #ccc;margin:0 0 12px;padding:4px 0}
.mentions td{border:none;padding:2px 8px}.mentions td:empty{display:none}
.mentions td::before{content:attr(data-label) ": ";font-weight:bold;font-style:normal}}"""


def releases(n: int) -> str:
    """A count of releases in words: "1 release", "4,200 releases"."""
    return f"{n:,} release" if n == 1 else f"{n:,} releases"


def _back_link(url: str) -> str | None:
    """The address of the reading room's page for the tag when it is one to link: http(s), or a path on the server
    the report came from (``/-/tag/hope``); None for anything else."""
    if url.startswith("/") and not url.startswith("//") and not re.search(r"[\x00-\x20<>\"'\\`\x7f]", url):
        return url
    return safe_url(url)


def render_html(report: Report, back_url: str = "") -> bytes:
    """A standalone page: every newsroom text escaped, only http(s) links, no script (a CSP says so).

    ``back_url``: the tag's page in the reading room, where the reading room serves the report (a link back to it
    heads the page); "" for none (``newsflow report`` writes a file that stands on its own)."""
    e = html.escape
    title = f"Dissemination report: {report.tag_name}"
    back = _back_link(back_url) if back_url else None
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title><style>{_STYLE}</style></head><body>",
        (
            f'<p class="small"><a href="{e(back, quote=True)}">← {e(report.tag_name)} in the reading room</a></p>'
            if back
            else ""
        ),
        f"<h1>{e(title)}</h1>",
        (
            f"<p>{e(report.tag_kind.capitalize() or 'Tag')} · {e(report.period)} · "
            f"{releases(len(report.mentions))} · generated {e(report.generated_text)}</p>"
        ),
        f'<p class="small">{e(report.untranslated_note)}</p>' if report.untranslated else "",
        # Said at the head: an empty report opened on a phone showed a column of zeros a page long before it said so.
        f"<p><strong>No release mentions {e(report.tag_name)} in this period.</strong></p>"
        if not report.mentions
        else "",
        '<div class="counts">',
    ]
    by_time, rows_in_time = report.by_time()
    for by, rows in (
        (by_time, rows_in_time),
        ("partner", report.counts("partner")),
        ("language", report.counts("language")),
    ):
        out.append(f"<section><h2>By {by}</h2><table><tr><th>{by.capitalize()}</th><th>Releases</th></tr>")
        for key, n in rows:
            label = _language(key) if by == "language" else key
            # A month with none in grey: the months with releases stand out in a long column.
            out.append(f'<tr><td>{e(label)}</td><td class="{"n" if n else "n none"}">{n:,}</td></tr>')
        if by != "language":  # a release in two languages counts under each: no total there (nor in the XLSX)
            out.append(f'<tr class="total"><th>Total</th><td class="n">{len(report.mentions):,}</td></tr>')
        out.append("</table>")
        if by == "year":
            months = sum(m != UNDATED for m, _ in report.months())
            out.append(f'<p class="small">{months:,} months: by year here, by month in the XLSX.</p>')
        out.append("</section>")
    out.append("</div><h2>Mentions</h2>")
    if not report.mentions:
        out.append("<p>No release mentions this tag in the period.</p>")
    else:
        # Columns of set widths, a long word or address wrapped within its cell (a 257-character link in a sentence
        # pushed the evidence and link off the page); on a phone one card a release, each value under its heading.
        out.append(
            '<div class="wide"><table class="mentions"><thead><tr><th>Date</th><th>Partner</th><th>Languages</th>'
            "<th>Headline</th><th>Evidence</th><th>Link</th></tr></thead><tbody>"
        )
        for m in report.mentions:
            headline = e(m.title) + (
                f'<div class="mt">{e(m.title_translation)} <span class="small">(machine translation)</span></div>'
                if m.title_translation
                else ""
            )
            evidence = _mark(m.evidence, m.surface) + (
                f' <span class="small">({e(m.evidence_from)})</span>' if m.evidence_from != "text" else ""
            )
            link = safe_url(m.url)
            link_html = (
                f'<a href="{e(link, quote=True)}" rel="noopener noreferrer">original</a>'
                if link
                else (_unlinked(m.url) if m.url else "")
            )
            out.append(
                f'<tr><td class="d" data-label="Date">{e(m.date.isoformat() if m.date else UNDATED)}</td>'
                f'<td data-label="Partner">{e(m.partner)}</td>'
                f'<td data-label="Languages">{e(languages_text(m.languages))}</td>'
                f'<td data-label="Headline">{headline}</td><td data-label="Evidence">{evidence}</td>'
                f'<td data-label="Link">{link_html}</td></tr>'
            )
        out.append("</tbody></table></div>")
    out.append(f'<p class="small">{e(_about(report, untranslated=False)[-1][1])}</p></body></html>')
    return ("\n".join(out) + "\n").encode("utf-8")


def _unlinked(url: str, keep: int = 60) -> str:
    """An address not made a link (not http(s)), shown as text: a long one cut short in its narrow column (a row a
    page tall otherwise), whole where the pointer rests on it and in the XLSX and CSV."""
    if len(url) <= keep:
        return f'<span class="small">{html.escape(url)}</span>'
    return f'<span class="small" title="{html.escape(url, quote=True)}">{html.escape(url[:keep])}…</span>'


def _mark(sentence: str, surface: str) -> str:
    """The sentence escaped, the form found highlighted."""
    at = sentence.find(surface) if surface else -1
    if at < 0:
        return html.escape(sentence)
    return (
        html.escape(sentence[:at])
        + "<mark>"
        + html.escape(surface)
        + "</mark>"
        + html.escape(sentence[at + len(surface) :])
    )


def render_report(report: Report, fmt: str, back_url: str = "") -> bytes:
    """The report as a file's bytes; ``back_url`` (the tag's page in the reading room) is linked from HTML only."""
    if fmt == "xlsx":
        return render_xlsx(report)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "html":
        return render_html(report, back_url)
    raise ReportError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def build_report(
    archive_or_conn: Any,
    tag: str,
    date_from: str | date | None,
    date_to: str | date | None,
    fmt: str,
    back_url: str = "",
    *,
    names: tuple[str, str] = ("--from", "--to"),
) -> bytes:
    """The report for ``tag`` over the period as a file's bytes (xlsx, csv or html); raises ReportError (naming the
    dates by ``names``: --since and --until where the command line was given those), for a period as check_period
    refuses too.

    ``back_url``: where the reading room serves the report, the address of the tag's page there (a path such as
    ``/-/tag/hope``, or http(s)), linked from the top of the HTML report."""
    if fmt not in FORMATS:
        raise ReportError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    check_period(date_from, date_to, names)
    return render_report(collect_report(archive_or_conn, tag, date_from, date_to, names=names), fmt, back_url)


def report_filename(
    tag: str, date_from: str | date | None, date_to: str | date | None, fmt: str, *, name: str = ""
) -> str:
    """A file name that says what the download holds, in words: ``HOPE project dissemination report, 2024-01-01 to
    2024-12-31.xlsx``; with no end date, to the day it is made (``..., all dates to 2026-12-02.xlsx``, as the report's
    period says). The tag by its ``name`` where given, else by its id.

    A plain safe name for any system and for a ``Content-Disposition: attachment; filename="..."`` header as it
    stands: printable ASCII (accents dropped: "Seinäjoki" is "Seinajoki"), no quote, slash, backslash or other
    character Windows refuses, at most 150 characters."""
    label = _file_words(name)[:80].strip(" .,-") or _file_words(tag)[:80].strip(" .,-") or "tag"
    start = _file_day(date_from, "--from", end=False)
    end = _file_day(date_to, "--to", end=True) or datetime.now(UTC).date().isoformat()
    return f"{label} dissemination report, {start or 'all dates'} to {end}.{_file_words(fmt) or 'txt'}"


def _file_words(text: str) -> str:
    """``text`` in printable ASCII without the characters a file name or a quoted header cannot hold."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"\s+", " ", re.sub(r'[\x00-\x1f\x7f"\\/:*?<>|;%]+', " ", ascii_text)).strip()


def _file_day(value: str | date | None, what: str, *, end: bool) -> str:
    try:
        day = parse_day(value, what, end=end)
    except ReportError:  # not a date: the report refuses it before any file is named
        return _file_words(str(value)).replace(" ", "")[:20]
    return day.isoformat() if day else ""
