"""Dissemination reports: XLSX with typed dates, CSV with a BOM, HTML escaped; evidence and counts."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import copy_archive, reading_room_get
from newsflow.archive import Archive
from newsflow.cli import cli
from newsflow.cli_reports import report
from newsflow.config import Tag
from newsflow.models import Article, Paragraph, Source, TagHit
from newsflow.report import ReportError, build_report, collect_report, sentence_at

TAGS = [
    Tag(id="hope", kind="project", name="HOPE project"),
    Tag(id="ladies", kind="practice", name="Cooperative LADIES"),
]
SOURCES = [
    Source(id="sjk", name="Seinäjoki", kind="feed", url="https://www.seinajoki.fi/feed/", partner="City of Seinäjoki"),
    Source(id="hope", name="HOPE", kind="html", url="https://hope.example.org/News", partner="HOPE project"),
]

FI = (
    "Kaupunki kertoi uutisesta tiistaina. EU:n rahoittamassa HOPE-hankkeessa haetaan oppia. Lisätietoja saa "
    "kaupungilta."
)


def save(
    archive: Archive,
    slug: str,
    title: str,
    paragraphs: list[tuple[str, str]],
    *,
    source: str = "sjk",
    published: str = "2024-03-05T10:00:00+02:00",
    hit: tuple[int, str] = (0, "HOPE"),
    tag: str = "hope",
    url: str = "",
    title_translation: str = "",
    translations: dict[int, str] | None = None,
) -> int:
    position, surface = hit
    where = title if position < 0 else paragraphs[position][0]
    start = where.index(surface)
    field = "title" if position < 0 else "text"
    paras = tuple(
        Paragraph(text=t, language=lang, translation=(translations or {}).get(i))
        for i, (t, lang) in enumerate(paragraphs)
    )
    article = Article(
        url=url or f"https://news.example.org/{slug}",
        source_id=source,
        title=title,
        published=published,
        language=paragraphs[0][1],
        paragraphs=paras,
        translation_target="en",
        tags=(
            TagHit(
                tag_id=tag,
                name=tag,
                kind="project",
                surface=surface,
                field=field,
                paragraph=position,
                start=start,
                end=start + len(surface),
                language=paragraphs[0][1],
                confidence=1.0,
            ),
        ),
    )
    _, article_id = archive.save_article(article)
    if title_translation:
        with archive.transaction():
            archive.db["articles"].update(article_id, {"title_translation": title_translation})
    return article_id


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    path = tmp_path / "archive.db"
    with Archive(path) as archive:
        archive.sync_sources(SOURCES)
        archive.sync_tags(TAGS)
        save(
            archive,
            "fi",
            "Seinäjoki mukana HOPE-hankkeessa",
            [(FI, "fi")],
            hit=(0, "HOPE-hankkeessa"),
            title_translation="Seinäjoki takes part in the HOPE project",
            translations={0: "The city told of the news on Tuesday. The EU-funded HOPE project seeks lessons."},
        )
        save(
            archive,
            "mixed",
            "Seinäjoki ja HOPE / Seinäjoki and HOPE",
            [
                ("Seinäjoen kaupunki on mukana hankkeessa, ja työ jatkuu syksyllä kaupungin kanssa.", "fi"),
                ("The project is funded by the COSME programme. HOPE partners met in Maribor.", "en"),
            ],
            published="2024-04-20T09:00:00+03:00",
            hit=(1, "HOPE"),
        )
        save(
            archive,
            "hostile",
            '<script>alert("x")</script> HOPE',
            [("HOPE partners & friends meet again in Derry.", "en")],
            source="hope",
            published="2024-04-02T10:00:00+01:00",
            url="javascript:alert(1)",
            hit=(-1, "HOPE"),
        )
        save(
            archive,
            "formula",
            '=HYPERLINK("http://evil.example","HOPE")',
            [("The HOPE conference opens in June.", "en")],
            source="hope",
            published="2024-06-10T10:00:00+03:00",
        )
        save(
            archive,
            "undated",
            "An undated HOPE note",
            [("HOPE partners wrote this note, with no date on it.", "en")],
            source="hope",
            published="",
        )
        save(
            archive,
            "outside",
            "HOPE in 2023",
            [("HOPE started its preparations in the autumn.", "en")],
            published="2023-10-01T10:00:00+03:00",
        )
        save(
            archive,
            "other-tag",
            "Cooperative LADIES visits",
            [("Cooperative LADIES hosted the partners.", "en")],
            tag="ladies",
            hit=(0, "Cooperative LADIES"),
        )
    return path


def test_collect_report_finds_every_mention_in_the_period_with_its_evidence_sentence(archive_path):
    today = date.today().isoformat()
    with Archive(archive_path) as archive:
        r = collect_report(archive, "hope", "2024-01-01", today)
    titles = [m.title for m in r.mentions]
    assert "HOPE in 2023" not in titles and "Cooperative LADIES visits" not in titles
    assert len(titles) == 5 and titles[-1] == "An undated HOPE note"  # undated: archived today, in range, last
    fi = next(m for m in r.mentions if m.title.startswith("Seinäjoki mukana"))
    assert fi.evidence == "EU:n rahoittamassa HOPE-hankkeessa haetaan oppia."
    assert fi.title_translation == "Seinäjoki takes part in the HOPE project"
    assert fi.date == date(2024, 3, 5) and fi.partner == "City of Seinäjoki"
    mixed = next(m for m in r.mentions if m.title.startswith("Seinäjoki ja"))
    assert mixed.evidence == "HOPE partners met in Maribor." and set(mixed.languages) == {"fi", "en"}
    hostile = next(m for m in r.mentions if "script" in m.title)
    assert hostile.evidence_from == "headline"
    undated = next(m for m in r.mentions if m.title.startswith("An undated"))
    assert undated.date is None
    assert r.counts("month") == [("2024-03", 1), ("2024-04", 2), ("2024-06", 1), ("date unknown", 1)]
    assert dict(r.counts("partner")) == {"HOPE project": 3, "City of Seinäjoki": 2}
    assert dict(r.counts("language")) == {"en": 4, "fi": 2}  # the mixed release counts under both


def test_sentence_at_uses_the_offsets():
    text = "Kokous pidettiin klo 10.30 kaupungintalolla. HOPE esitteli mallin, esim. Toimintojen talon. Loppu."
    assert sentence_at(text, text.index("HOPE")) == "HOPE esitteli mallin, esim. Toimintojen talon."
    assert sentence_at(text, 0) == "Kokous pidettiin klo 10.30 kaupungintalolla."


def test_xlsx_opens_with_typed_date_columns_links_and_counts(archive_path):
    with Archive(archive_path) as archive:
        data = build_report(archive, "hope", "2024-01-01", "2024-12-31", "xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Mentions", "By month", "By partner", "By language", "About"]
    ws = wb["Mentions"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["Date", "Partner", "Source", "Languages", "Headline", "Headline (machine translation)"]
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == 4  # the undated one counts by when it was archived: now, after 2024
    for row in rows:
        assert row[0].is_date and isinstance(row[0].value, datetime) and row[0].number_format == "yyyy-mm-dd"
        assert row[11].is_date and isinstance(row[11].value, datetime)  # when it was archived
        assert isinstance(row[9].value, int)  # mentions, a number
    assert [r[0].value.date() for r in rows] == [
        date(2024, 3, 5),
        date(2024, 4, 2),
        date(2024, 4, 20),
        date(2024, 6, 10),
    ]
    by_title = {r[4].value: r for r in rows}
    formula = by_title['=HYPERLINK("http://evil.example","HOPE")']
    assert formula[4].data_type == "s"  # text, never a formula
    assert by_title["Seinäjoki mukana HOPE-hankkeessa"][10].hyperlink.target == "https://news.example.org/fi"
    assert by_title['<script>alert("x")</script> HOPE'][10].hyperlink is None  # javascript: is not linked
    assert by_title["Seinäjoki mukana HOPE-hankkeessa"][7].value == "EU:n rahoittamassa HOPE-hankkeessa haetaan oppia."
    months = [(r[0].value, r[1].value) for r in wb["By month"].iter_rows(min_row=2)]
    assert months[0] == (datetime(2024, 1, 1), 0) and months[2] == (datetime(2024, 3, 1), 1)  # every month
    assert months[-2:] == [(datetime(2024, 12, 1), 0), ("Total", 4)] and len(months) == 13
    assert wb["By month"]["A2"].is_date and wb["By month"]["A2"].number_format == "yyyy-mm"
    languages = {r[0]: r[1] for r in wb["By language"].iter_rows(min_row=2, values_only=True)}
    assert languages == {"English (en)": 3, "Finnish (fi)": 2}


def test_csv_has_a_bom_one_date_format_and_no_formulas(archive_path):
    with Archive(archive_path) as archive:
        data = build_report(archive, "hope", None, None, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 6  # every mention, 2023 and undated included
    assert [r["Date"] for r in rows] == [
        "2023-10-01",
        "2024-03-05",
        "2024-04-02",
        "2024-04-20",
        "2024-06-10",
        "date unknown",
    ]
    formula = next(r for r in rows if "HYPERLINK" in r["Headline"])
    assert formula["Headline"].startswith("'=")
    assert any(r["Headline (machine translation)"] == "Seinäjoki takes part in the HOPE project" for r in rows)
    # Names where names exist: the source as staff know it, languages in words.
    assert {r["Source"] for r in rows} <= {"Seinäjoki", "HOPE"} and "sjk" not in {r["Source"] for r in rows}
    assert all(r["Languages"] and r["Languages"][0].isupper() for r in rows) and "Finnish" in {
        r["Languages"] for r in rows
    }


def test_the_csv_is_headed_in_the_words_of_the_xlsx(archive_path):
    """Staff probe: the CSV was headed headline_machine_translation, form_found, evidence_from, archived_utc where
    the XLSX of the same report says "Form found" and "Archived (UTC)"."""
    with Archive(archive_path) as archive:
        headed = next(csv.reader(io.StringIO(build_report(archive, "hope", None, None, "csv").decode("utf-8-sig"))))
        sheet = openpyxl.load_workbook(io.BytesIO(build_report(archive, "hope", None, None, "xlsx")))["Mentions"]
    assert headed == [c.value for c in sheet[1]]
    assert headed == [
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
    ]


def test_a_releases_languages_are_named_as_its_page_names_them(archive_path):
    """Staff probe: the release page and the results said "English and Finnish", the report "English, Finnish"."""
    from conftest import reading_room_get

    with Archive(archive_path) as archive:
        mixed = archive.db.execute("select id from articles where url like '%/mixed'").fetchone()[0]
        reports = {fmt: build_report(archive, "hope", None, None, fmt) for fmt in ("csv", "xlsx", "html")}
    page = reading_room_get(archive_path, f"/-/article/{mixed}").text
    said = re.search(r"<dt>Languages</dt><dd>([^<(]*?)\s*(?:<|$)", page)
    assert said and said.group(1) == "Finnish and English", said  # most text first, as the archive keeps them
    results = reading_room_get(archive_path, "/-/search?q=Maribor").text
    assert '<span class="langs">Finnish and English</span>' in results
    rows = list(csv.DictReader(io.StringIO(reports["csv"].decode("utf-8-sig"))))
    assert [r["Languages"] for r in rows if r["Headline"].startswith("Seinäjoki ja HOPE")] == ["Finnish and English"]
    sheet = openpyxl.load_workbook(io.BytesIO(reports["xlsx"]))["Mentions"]
    cells = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True) if str(row[4]).startswith("Seinäjoki ja")]
    assert cells == ["Finnish and English"]
    assert '<td data-label="Languages">Finnish and English</td>' in reports["html"].decode("utf-8")


def test_html_is_standalone_and_escapes_what_newsrooms_wrote(archive_path):
    with Archive(archive_path) as archive:
        page = build_report(archive.db.conn, "hope", date(2024, 1, 1), date(2024, 12, 31), "html").decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in page
    assert "<script>" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert 'href="javascript' not in page and "javascript:alert(1)" in page  # shown, not linked
    assert '<a href="https://news.example.org/fi" rel="noopener noreferrer">original</a>' in page
    assert "EU:n rahoittamassa <mark>HOPE-hankkeessa</mark> haetaan oppia." in page
    assert "(machine translation)" in page
    assert '<td>2024-04</td><td class="n">2</td>' in page
    # For a person: languages by name, the tag by its name (the title), no id in code type.
    assert "<code>" not in page and "Dissemination report: " in page
    languages = re.findall(r'<td data-label="Languages">([^<]*)</td>', page)
    assert len(languages) == 4 and all(re.fullmatch(r"[A-Z][a-z]+((, | and )[A-Z][a-z]+)*", x) for x in languages)


def test_unknown_tag_and_bad_dates(archive_path):
    with Archive(archive_path) as archive:
        with pytest.raises(ReportError, match="unknown tag id 'hop'; choose from: hope, ladies"):
            build_report(archive, "hop", None, None, "csv")
        with pytest.raises(ReportError, match=r"--from: 'Marchember' is not a date: write it as a day \(20\.5\.2025"):
            build_report(archive, "hope", "Marchember", None, "csv")
        with pytest.raises(ReportError, match="--to: '2024-02-30' is not a date: there is no such day"):
            build_report(archive, "hope", None, "2024-02-30", "csv")
        with pytest.raises(ReportError, match="--from 1 May 2024 is after --to 1 January 2024"):
            build_report(archive, "hope", "2024-05-01", "2024-01-01", "csv")
        with pytest.raises(ReportError, match="format"):
            build_report(archive, "hope", None, None, "pdf")


def test_report_command(archive_path, tmp_path):
    runner = CliRunner()
    out = tmp_path / "hope.xlsx"
    result = runner.invoke(
        report,
        [
            "--db",
            str(archive_path),
            "--tag",
            "hope",
            "--from",
            "2024-01-01",
            "--to",
            "2024-06-30",
            "--format",
            "xlsx",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out)["Mentions"].max_row == 5
    csv_out = runner.invoke(report, ["--db", str(archive_path), "--tag", "hope", "--format", "csv"])
    assert csv_out.exit_code == 0 and csv_out.stdout_bytes.startswith(b"\xef\xbb\xbf")
    by_name = runner.invoke(report, ["--db", str(archive_path), "--tag", "HOPE Project", "--format", "csv"])
    assert by_name.exit_code == 0 and by_name.stdout_bytes == csv_out.stdout_bytes  # a tag by its name too
    for args, message in (
        (["--tag", "zzz"], "--tag: there is no tag “zzz” in this archive. Tags: "),
        (["hoep"], "TAG: there is no tag “hoep” in this archive. Did you mean “"),
        (["--tag", "hope", "--from", "Marchember"], "--from: 'Marchember' is not a date: write it as a day (20.5.2025"),
        (["--tag", "hope", "--format", "pdf"], "Invalid value"),
    ):
        bad = runner.invoke(report, ["--db", str(archive_path), *args])
        assert bad.exit_code == 2 and message in bad.output and "Traceback" not in bad.output
    missing = runner.invoke(report, ["--db", str(tmp_path / "none.db"), "--tag", "hope"])
    assert missing.exit_code == 4 and "there is no archive" in missing.output


def test_the_report_command_takes_the_tag_as_its_argument(archive_path):
    """Staff probe: `newsflow report HOPE --db X` said "Missing option '--tag'"."""
    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(report, ["--db", str(archive_path), "--format", "csv", *args])

    by_option = run("--tag", "hope")
    assert by_option.exit_code == 0, by_option.output
    for args in (["HOPE"], ["hope"], ["HOPE", "project"], ["HOPE project", "--tag", "hope project"], ["--tag", "HOPE"]):
        result = run(*args)
        assert result.exit_code == 0 and result.stdout_bytes == by_option.stdout_bytes, (args, result.output)
    assert run("hope", "--tag", "HOPE project").stdout_bytes == by_option.stdout_bytes  # one tag, named two ways
    both = run("hope", "--tag", "ladies")
    assert both.exit_code == 2 and "give the tag once: 'hope' or --tag 'ladies', not both" in both.output
    neither = run()
    assert neither.exit_code == 2 and "give the tag: newsflow report TAG" in neither.output


def test_the_report_reads_dates_as_staff_type_them_and_its_help_says_so(archive_path):
    """Staff probe: 1.3.26 and 1-3-2026 were refused, and a range in --from was "not a date"."""
    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(report, ["hope", "--db", str(archive_path), "--format", "csv", *args])

    iso = run("--from", "2024-03-01", "--to", "2024-04-30")
    assert iso.exit_code == 0 and iso.stdout_bytes.count(b"\r\n") == 4, iso.output  # the heading and 3 mentions
    for typed in (("1.3.24", "30.4.24"), ("1-3-2024", "30-4-2024"), ("maaliskuu 2024", "april 2024")):
        assert run("--from", typed[0], "--to", typed[1]).stdout_bytes == iso.stdout_bytes, typed
    both = run("--from", "1.3.2024-30.4.2024")
    assert both.exit_code == 2
    assert "--from: '1.3.2024-30.4.2024' is two dates: give --from 1.3.2024 and --to 30.4.2024" in both.output
    words = " ".join(runner.invoke(report, ["--help"]).output.split())
    assert "month names in Finnish and Swedish too: toukokuu 2025, maj 2025" in words and "20.5.25" in words


def test_the_report_takes_since_and_until_as_search_names_them(archive_path):
    """Staff probe: `newsflow report HOPE --since 1.3.2024` stopped with "No such option '--since'" (`search` and
    `export` say --since and --until)."""
    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(report, ["hope", "--db", str(archive_path), "--format", "csv", *args])

    main = run("--from", "1.3.2024", "--to", "30.4.2024")
    assert main.exit_code == 0 and main.stdout_bytes.count(b"\r\n") == 4, main.output
    for args in (["--since", "1.3.2024", "--until", "30.4.2024"], ["--since", "1.3.2024", "--to", "30.4.2024"]):
        other = run(*args)
        assert other.exit_code == 0 and other.stdout_bytes == main.stdout_bytes, (args, other.output)
    # Messages name the option as typed.
    bad = run("--since", "Marchember")
    assert bad.exit_code == 2 and "--since: 'Marchember' is not a date" in bad.output
    two = run("--since", "1.3.2024-30.4.2024")
    assert "'1.3.2024-30.4.2024' is two dates: give --since 1.3.2024 and --until 30.4.2024" in two.output
    swapped = run("--since", "1.5.2024", "--until", "1.1.2024")
    assert swapped.exit_code == 2, swapped.output
    assert "--since 1 May 2024 is later than --until 1 January 2024, so nothing can match: swap" in swapped.output
    both = run("--from", "1.3.2024", "--since", "1.3.2024")
    assert both.exit_code == 2 and "--from and --since are the same option: give it once" in both.output
    words = " ".join(runner.invoke(report, ["--help"]).output.split())
    assert "--from DATE" in words and "Also --since" in words and "Also --until" in words
    assert "--since DATE" not in words  # one option, under its main name


def test_a_report_from_after_today_without_an_end_is_refused_in_words(archive_path):
    """Staff probe: /-/tag/hope/report.xlsx?from=1.1.2030 downloaded as "HOPE project dissemination report,
    2030-01-01 to 2026-12-02.xlsx": without --to the period ends today, before it started."""
    from newsflow.dates import day_text

    later = date.today().replace(day=1).replace(year=date.today().year + 3)
    runner = CliRunner()
    for name in ("--from", "--since"):
        said = runner.invoke(report, ["hope", "--db", str(archive_path), name, later.strftime("%-d.%-m.%Y")])
        assert said.exit_code == 2, said.output
        assert f"{name} {day_text(later.isoformat())} is after today (" in said.output
        assert f"so nothing can match: give a {name} up to today" in said.output
    with Archive(archive_path) as archive, pytest.raises(ReportError, match="is after today"):
        build_report(archive, "hope", later, None, "xlsx")
    # The reading room sends an address edited so back to the tag's page with its dates, as for other bad dates.
    download = reading_room_get(archive_path, f"/-/tag/hope/report.xlsx?from={later.year}")
    assert download.status_code == 302 and download.headers["location"] == f"/-/tag/hope?from={later.year}"
    assert "content-disposition" not in download.headers
    # There the page says why, in place of the report's links (the review: it bounced back without a word).
    page = reading_room_get(archive_path, f"/-/tag/hope?from={later.year}").text
    assert f"No dissemination report for these dates: From 1 January {later.year} is after today" in page
    assert "/-/tag/hope/report.xlsx" not in page
    assert "/-/tag/hope/report.xlsx" in reading_room_get(archive_path, "/-/tag/hope?from=2021").text
    # With an end after it, it is a period (of nothing yet); from today, today's releases.
    ok = runner.invoke(report, ["hope", "--db", str(archive_path), "--from", str(later.year), "--to", str(later.year)])
    assert ok.exit_code == 0, ok.output
    today = runner.invoke(report, ["hope", "--db", str(archive_path), "--from", "today", "--format", "csv"])
    assert today.exit_code == 0 and "An undated HOPE note" in today.output  # archived today


def test_a_half_year_report_counts_every_month_of_it_and_totals_them(archive_path):
    """Staff probe: /-/tag/hope/report.html?from=1.1.2021&to=31.12.2021 listed only the months with releases (a
    half-year report shows every month, 0 where none), and the HTML had no Total rows where the XLSX has them."""
    from newsflow.report import render_html, render_xlsx

    with Archive(archive_path) as archive:
        r = collect_report(archive, "hope", "1.1.2024", "30.6.2024")
    want = [("2024-01", 0), ("2024-02", 0), ("2024-03", 1), ("2024-04", 2), ("2024-05", 0), ("2024-06", 1)]
    assert r.months() == want and r.by_time() == ("month", want)
    page = render_html(r).decode("utf-8")
    table = re.search(r"<h2>By month</h2><table>(.*?)</table>", page, re.S)
    assert table, page
    cells = re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", table.group(1))
    assert cells == ["Month", "Releases", *[x for m, n in want for x in (m, str(n))], "Total", "4"]
    partners = re.search(r"<h2>By partner</h2><table>(.*?)</table>", page, re.S)
    assert partners and '<tr class="total"><th>Total</th><td class="n">4</td></tr>' in partners.group(1)
    languages = re.search(r"<h2>By language</h2><table>(.*?)</table>", page, re.S)
    assert languages and "Total" not in languages.group(1)  # a mixed release counts under each language
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(r)))["By month"]
    rows = [(a.strftime("%Y-%m") if isinstance(a, datetime) else a, b) for a, b in sheet.iter_rows(2, values_only=True)]
    assert rows == [*want, ("Total", 4)]
    # A period with nothing in it: its months, each 0.
    with Archive(archive_path) as archive:
        empty = collect_report(archive, "hope", "2022-01", "2022-03")
    assert empty.months() == [("2022-01", 0), ("2022-02", 0), ("2022-03", 0)]
    assert '<td>2022-02</td><td class="n none">0</td>' in render_html(empty).decode("utf-8")


def test_an_open_period_is_counted_from_its_first_release_to_its_end_or_the_report_s_month(archive_path):

    with Archive(archive_path) as archive:
        to_june = collect_report(archive, "hope", None, "2024-06-30")
        every = collect_report(archive, "hope", None, None)
    # No start: from the first release's month (October 2023), not from the beginning of time.
    assert to_june.months()[0] == ("2023-10", 1) and to_june.months()[-1] == ("2024-06", 1)
    assert [m for m, _ in to_june.months()] == [f"2023-{m}" for m in ("10", "11", "12")] + [
        f"2024-0{m}" for m in range(1, 7)
    ]
    # No end: to the month the report was made; undated releases last.
    made = replace(every, generated=datetime(2024, 8, 15, 9, 0, tzinfo=UTC))
    assert made.months()[-3:] == [("2024-07", 0), ("2024-08", 0), ("date unknown", 1)]
    # An end still ahead: the months up to the report's are counted (one ahead has no releases yet, not none), and
    # the note says so.
    ahead = replace(to_june, date_to=date(2024, 12, 31), generated=datetime(2024, 8, 15, 9, 0, tzinfo=UTC))
    assert ahead.months()[-1] == ("2024-08", 0)
    from newsflow.report import render_html

    assert "The months of the period after August 2024, when the report was made, are not counted" in render_html(
        ahead
    ).decode("utf-8")
    # No dated release and no start: no months, only the undated.
    undated = replace(every, mentions=tuple(m for m in every.mentions if m.date is None))
    assert undated.months() == [("date unknown", 1)]


def test_a_period_of_years_is_counted_by_year_on_the_page_and_by_month_and_year_in_the_xlsx(archive_path):
    """A report of the whole archive (years) made a table of every month: counted by year past three years."""
    from newsflow.report import MONTHS_MAX, render_html, render_xlsx

    with Archive(archive_path) as archive:
        three = collect_report(archive, "hope", "2022-01", "2024-12")
        long = collect_report(archive, "hope", "2015-01-01", "2024-12-31")
    assert MONTHS_MAX == 36 and three.by_time()[0] == "month" and len(three.months()) == 36
    by, years = long.by_time()
    assert by == "year" and years == [*[(str(y), 0) for y in range(2015, 2023)], ("2023", 1), ("2024", 4)]
    page = render_html(long).decode("utf-8")
    assert "<h2>By year</h2>" in page and "<h2>By month</h2>" not in page and "<td>2015</td>" in page
    assert "A period of 120 months is counted by year on the web page; the XLSX counts it by month too." in page
    assert '</table>\n<p class="small">120 months: by year here, by month in the XLSX.</p>' in page  # by the table
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(long)))
    assert wb.sheetnames == ["Mentions", "By month", "By year", "By partner", "By language", "About"]
    assert wb["By month"].max_row == 1 + 120 + 1  # the heading, every month, the total
    assert [r for r in wb["By year"].iter_rows(2, values_only=True)][-3:] == [(2023, 1), (2024, 4), ("Total", 5)]


def test_the_demo_archive_reports_on_hope(tmp_path):
    from newsflow.cli import cli

    db = tmp_path / "demo.db"
    assert CliRunner().invoke(cli, ["demo", "--db", str(db), "--port", "0"]).exit_code == 0
    with Archive(db) as archive:
        r = collect_report(archive, "hope", None, None)
    assert len(r.mentions) >= 5
    assert all("HOPE" in m.evidence or m.evidence_from != "text" or m.surface in m.evidence for m in r.mentions)
    assert {m.partner for m in r.mentions} >= {"HOPE project", "City of Seinäjoki"}


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_opens_the_xlsx_with_dates_as_dates_and_no_formulas(archive_path, tmp_path):
    with Archive(archive_path) as archive:
        (tmp_path / "hope.xlsx").write_bytes(build_report(archive, "hope", "2024-01-01", "2024-12-31", "xlsx"))
    profile = tmp_path / "lo-profile"  # its own profile: never touches a user's LibreOffice settings
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "hope.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with zipfile.ZipFile(tmp_path / "hope.ods") as ods:
        content = ods.read("content.xml").decode("utf-8")
    dates = re.findall(r'office:value-type="date" office:date-value="([^"]+)"', content)
    assert "2024-03-05" in dates and "2024-06-10" in dates and "2024-04-01" in dates  # a mention; a month
    assert "table:formula" not in content and "HYPERLINK(&quot;http://evil.example" in content


def test_the_counts_are_headed_releases_because_they_count_releases(archive_path):
    with Archive(archive_path) as archive:
        many = save(
            archive,
            "many",
            "HOPE, HOPE and HOPE again",
            [("HOPE met HOPE partners at the HOPE conference.", "en")],
            published="2024-06-20T10:00:00+03:00",
        )
        archive.db.execute("update article_tags set mentions = 7 where tag_id = 'hope' and article_id = ?", [many])
        archive.db.conn.commit()
        data = build_report(archive, "hope", "2024-01-01", "2024-12-31", "xlsx")
        page = build_report(archive, "hope", "2024-01-01", "2024-12-31", "html").decode("utf-8")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in ("By month", "By partner", "By language"):
        assert [c.value for c in wb[sheet][1]][1] == "Releases", sheet
    assert [c.value for c in wb["Mentions"][1]][9] == "Mentions"  # there they are mentions
    assert 7 in [r[9] for r in wb["Mentions"].iter_rows(min_row=2, values_only=True)]
    assert ("2024-06", 2) in [
        (r[0].value.strftime("%Y-%m"), r[1].value) for r in wb["By month"].iter_rows(min_row=2, max_row=13)
    ]
    for heading in ("Month", "Partner", "Language"):
        assert f"<tr><th>{heading}</th><th>Releases</th></tr>" in page
    assert "<th>Mentions</th>" not in page


def test_the_note_says_what_the_rows_say_of_undated_releases(archive_path):
    with Archive(archive_path) as archive:
        data = build_report(archive, "hope", None, None, "xlsx")
        page = build_report(archive, "hope", None, None, "html").decode("utf-8")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    note = next(v for k, v in wb["About"].iter_rows(values_only=True) if k == "Note")
    undated = [r for r in wb["Mentions"].iter_rows(min_row=2, values_only=True) if r[4] == "An undated HOPE note"]
    assert undated and undated[0][0] == "date unknown"  # listed so ...
    assert ("date unknown", 1) in [(r[0], r[1]) for r in wb["By month"].iter_rows(min_row=2, values_only=True)]
    assert "'date unknown'" in note and "by when newsflow archived" not in note  # ... and the note says so
    assert "included when newsflow archived it within the period" in note and "releases, not of mentions" in note
    assert html.escape(note) in page


def test_the_html_summary_writes_thousands_as_elsewhere(archive_path):
    from newsflow.report import Report, render_html

    with Archive(archive_path) as archive:
        r = collect_report(archive, "hope", None, None)
    many = Report(**{**r.__dict__, "mentions": r.mentions * 700})  # 4,200 releases
    page = render_html(many).decode("utf-8")
    assert " · 4,200 releases · " in page and "4200" not in page
    assert '<td>date unknown</td><td class="n">700</td>' in page


def test_the_html_report_links_back_to_the_tags_page_where_the_reading_room_serves_it(archive_path):
    with Archive(archive_path) as archive:
        served = build_report(archive, "hope", None, None, "html", back_url="/room/-/tag/hope?from=2024-01").decode()
        alone = build_report(archive, "hope", None, None, "html").decode()
        hostile = [
            build_report(archive, "hope", None, None, "html", back_url=url).decode()
            for url in ("javascript:alert(1)", "//evil.example/x", "/\\evil.example", '/x" onclick="y')
        ]
    assert '<a href="/room/-/tag/hope?from=2024-01">← HOPE project in the reading room</a>' in served
    assert "reading room" not in alone  # a file written by `newsflow report` stands on its own
    for page in hostile:
        assert "reading room" not in page and '<a href="javascript' not in page
    with Archive(archive_path) as archive:
        absolute = build_report(archive, "hope", None, None, "html", back_url="https://room.example.org/-/tag/hope")
    assert b'<a href="https://room.example.org/-/tag/hope">' in absolute


def test_a_link_excel_cannot_hold_is_written_as_text_not_lost(archive_path):
    """Review: a link under 2,079 characters that Excel counts as longer (emoji count twice, escapes grow) came out
    as an empty cell, with a warning on the terminal."""
    import warnings

    from newsflow.report import Report, render_xlsx

    with Archive(archive_path) as archive:
        r = collect_report(archive, "hope", None, None)
    long = "https://news.example.org/" + "😀" * 1100  # 1,125 characters; 2,225 as Excel counts them (an emoji is 2)
    mentions = (replace(r.mentions[0], url=long), *r.mentions[1:])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = render_xlsx(Report(**{**r.__dict__, "mentions": mentions}))
    rows = list(openpyxl.load_workbook(io.BytesIO(data))["Mentions"].iter_rows(min_row=2))
    assert rows[0][10].value == long and rows[0][10].hyperlink is None
    # Second review: under 2,079 characters, but escaped by XlsxWriter ({ as %7B) past it.
    braces = "https://news.example.org/" + "{" * 2000
    escaped = render_xlsx(Report(**{**r.__dict__, "mentions": (replace(r.mentions[0], url=braces),)}))
    cell = next(openpyxl.load_workbook(io.BytesIO(escaped))["Mentions"].iter_rows(min_row=2))[10]
    assert cell.value == braces and cell.hyperlink is None
    assert all(row[10].hyperlink is not None for row in rows[1:] if row[10].value.startswith("https://"))


LONG_TOKEN = "https://hope.example.org/results/" + "x" * 224  # 257 characters, no space in them


def _layout(page: str, width: int) -> dict[str, Any]:
    """The report laid out by Chromium ``width`` pixels wide: how wide the page, the table's box and each cell's content
    are against the room they have. The page's CSP is taken out for a script of the test's own to measure."""
    probe = """<script>
    const box = document.querySelector('.wide'), cells = [...document.querySelectorAll('.wide td')];
    document.body.dataset.layout = JSON.stringify({
      view: innerWidth, page: document.documentElement.scrollWidth, box: box.clientWidth, table: box.scrollWidth,
      overflowing: cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent.slice(0, 40)),
      tallest: Math.max(...[...document.querySelectorAll('.wide tbody tr')].map(r => r.offsetHeight))});
    </script></body>"""
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page).replace("</body>", probe)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.html"
        path.write_text(page, encoding="utf-8")
        dom = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--window-size={width},1400", "--dump-dom"]
            + [path.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
    found = re.search(r'data-layout="([^"]*)"', dom)
    assert found, dom[-500:]
    return json.loads(html.unescape(found.group(1)))  # type: ignore[no-any-return]


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed")
def test_a_long_word_or_address_wraps_in_its_cell_and_the_table_fits_a_desktop_and_a_phone(archive_path):
    """Staff probe: a 257-character address in a release pushed the Evidence and Link columns off the screen even
    2400 pixels wide, and worse on a phone."""
    with Archive(archive_path) as archive:
        save(
            archive,
            "long",
            "HOPE results online",
            [(f"HOPE partners published the results at {LONG_TOKEN} today.", "en")],
            published="2024-05-02T10:00:00+03:00",
        )
        save(
            archive,
            "long-title",
            "Word" + "y" * 253,
            [("The HOPE study is out.", "en")],
            source="hope",
            published="2024-05-03T10:00:00+03:00",
            url="javascript:" + "z" * 250,  # shown as text, not linked: a long text in the Link column
        )
        page = build_report(archive, "hope", None, None, "html").decode("utf-8")
    assert LONG_TOKEN in page
    for width in (1280, 500):  # 500: the narrowest window headless Chromium lays out; a phone's layout from 640 down
        layout = _layout(page, width)
        assert layout["page"] <= layout["view"], layout  # nothing to scroll sideways
        assert layout["table"] <= layout["box"], layout
        assert not layout["overflowing"], layout
        assert layout["tallest"] < (700 if width == 500 else 300), layout


def _cells(xlsx: bytes) -> list[str]:
    """Every cell of every sheet of a workbook, as text."""
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    return [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None]


def test_the_reports_count_one_release_and_many_in_words(archive_path):
    """Staff probe: the summary said "163 release(s)"; the XLSX's column "Language(s)"."""

    from newsflow.report import render_csv, render_html, render_xlsx

    with Archive(archive_path) as archive:
        r = collect_report(archive, "hope", None, None)
    pages = {n: render_html(replace(r, mentions=r.mentions[:n])).decode("utf-8") for n in (0, 1, 2)}
    assert " · 0 releases · " in pages[0] and " · 1 release · " in pages[1] and " · 2 releases · " in pages[2]
    for text in [*pages.values(), *_cells(render_xlsx(r)), render_csv(r).decode("utf-8-sig")]:
        assert "(s)" not in text, text[:200]


def test_the_reports_say_when_and_what_in_words_not_stamps_and_ids(archive_path):
    """Staff probe: the XLSX's About sheet said "Generated 2026-12-02T09:11:05+00:00" and "HOPE project (hope)"."""

    from newsflow.report import render_csv, render_html, render_xlsx

    with Archive(archive_path) as archive:
        r = collect_report(archive, "hope", "2024-01-01", "2024-12-31")
        undated = collect_report(archive, "hope", None, None)
    r = replace(r, generated=datetime(2026, 12, 2, 9, 11, 5, tzinfo=UTC))
    about = dict(openpyxl.load_workbook(io.BytesIO(render_xlsx(r)))["About"].iter_rows(values_only=True))
    assert about["Tag"] == "HOPE project" and about["Generated"] == "2 December 2026 09:11 UTC"
    assert about["Period"] == "1 January 2024 to 31 December 2024"
    page = render_html(r).decode("utf-8")
    assert "1 January 2024 to 31 December 2024" in page and "generated 2 December 2026 09:11 UTC" in page
    assert "(hope)" not in page and "2026-12-02" not in page
    later = replace(undated, generated=datetime(2026, 12, 2, 9, 11, 5, tzinfo=UTC))
    assert later.period == "all dates to 2 December 2026"  # not "None", not "today" (read on another day)
    assert replace(later, date_from=date(2024, 3, 1)).period == "1 March 2024 to 2 December 2026"
    rows = list(csv.DictReader(io.StringIO(render_csv(r).decode("utf-8-sig"))))
    assert rows and all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", row["Archived (UTC)"]) for row in rows), rows[0]
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(r)))["Mentions"]
    assert sheet.cell(1, 12).value == "Archived (UTC)"


def test_the_period_takes_dates_as_the_rest_of_newsflow_does(archive_path):
    """Staff probe: the report took only YYYY-MM-DD where the search and the reading room take 2024-04, 2024 and
    2.4.2024 too: a month or year as "from" is its first day, as "to" its last."""
    with Archive(archive_path) as archive:

        def titles(start: str | None, end: str | None) -> list[str]:
            return [m.title for m in collect_report(archive, "hope", start, end).mentions]

        april = titles("2024-04-01", "2024-04-30")
        assert len(april) == 2 and titles("2024-04", "2024-04") == april
        assert titles("1.4.2024", "30.4.2024") == april and titles("2.4.2024", "2.4.2024") == [april[0]]
        assert titles("2024", "2024") == titles("2024-01-01", "2024-12-31") and len(titles("2024", "2024")) == 4
        r = collect_report(archive, "hope", "2024-03", "2024")
    assert (r.date_from, r.date_to) == (date(2024, 3, 1), date(2024, 12, 31))
    assert r.period == "1 March 2024 to 31 December 2024"


def test_a_report_file_is_named_in_words_and_safely(archive_path):
    """Staff probe: an undated report downloaded as "report-hope-start-today.xlsx"."""
    from newsflow.report import report_filename

    today = datetime.now(UTC).date().isoformat()
    assert report_filename("hope", None, None, "xlsx", name="HOPE project") == (
        f"HOPE project dissemination report, all dates to {today}.xlsx"
    )
    assert report_filename("hope", "2024-01-01", "2024-12-31", "csv", name="HOPE project") == (
        "HOPE project dissemination report, 2024-01-01 to 2024-12-31.csv"
    )
    # Dates as the report reads them (a month to its end), the id where no name is given.
    assert (
        report_filename("hope", "1.3.2024", "2024", "html")
        == "hope dissemination report, 2024-03-01 to 2024-12-31.html"
    )
    assert report_filename("hope", "2024-03", "2024-04", "html").endswith("2024-03-01 to 2024-04-30.html")
    # Safe in a quoted Content-Disposition header and on any system: printable ASCII, nothing a file name cannot hold.
    for name in ('Seinäjoki "malli" / <b>a|b</b>: 50% \\ x;\ty', "../../etc/passwd", "…", "Ωμέγα"):
        got = report_filename("sjk-malli", date(2024, 1, 1), None, "xlsx", name=name)
        assert re.fullmatch(r"[ -~]+", got) and not re.search(r'["\\/:*?<>|;%]', got), got
        assert not got.startswith((".", " ")) and got.endswith(f", 2024-01-01 to {today}.xlsx"), got
    assert report_filename("x", None, None, "xlsx", name="Seinäjoki-malli").startswith("Seinajoki-malli dissemination")
    assert report_filename("sjk-malli", None, None, "xlsx", name="Ωμέγα").startswith("sjk-malli dissemination")


def test_a_period_from_before_the_year_1000_is_counted_not_a_traceback(tmp_path, archive_path):
    """Review (s23): --from 1.1.0001 ended in a traceback: strftime writes the year 1 as "1", not "0001"."""
    out = tmp_path / "r.html"
    result = CliRunner().invoke(
        report, ["hope", "--db", str(archive_path), "--from", "1.1.0001", "--format", "html", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert ">0001<" in out.read_text(encoding="utf-8")  # its first year, counted 0


def test_the_months_of_a_period_end_with_the_calendar():
    """Read once more (s23): after 9999-12, "10000-01" sorts before "9999-12": the span of months never ended."""
    from newsflow.report import _month_span

    assert _month_span("9999-11", "9999-12") == ["9999-11", "9999-12"]
    assert _month_span("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]


def test_the_command_says_how_many_releases_the_report_it_wrote_holds(archive_path, tmp_path):
    """Session 26 staff probe: a report of a period with no mentions said only "Wrote … (8,271 bytes)": a file to
    open to learn that it is empty."""
    runner = CliRunner()
    out = tmp_path / "r.csv"
    some = runner.invoke(report, ["hope", "--db", str(archive_path), "--format", "csv", "-o", str(out)])
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert some.exit_code == 0 and "releases mentioning HOPE" in some.output
    assert f": {len(rows) - 1} release" in some.output
    none = runner.invoke(report, ["hope", "--db", str(archive_path), "--from", "2099", "--to", "2099", "-o", str(out)])
    assert none.exit_code == 0 and "no release mentions HOPE" in none.output, none.output
    # Probe (s28): a file that cannot be made exited 1 and a full disk 1, where `export` exits 2 and 4, as the
    # README's table says.
    missing = runner.invoke(report, ["hope", "--db", str(archive_path), "-o", str(tmp_path / "nodir" / "r.xlsx")])
    assert (
        missing.exit_code == 2 and "-o " in missing.output and "cannot write the file (No such file" in (missing.output)
    )
    full = runner.invoke(cli, ["report", "hope", "--db", str(archive_path), "--format", "csv", "-o", "/dev/full"])
    assert full.exit_code == 4 and "could not write the output (No space left on device)" in full.output, full.output


def test_a_report_says_which_releases_wait_for_a_translation(demo_archive, tmp_path):
    """Staff probe (s29): a Derry or Maribor reader's report listed Finnish and Swedish headlines and an empty
    translation column with nothing said; the home page said no model was installed, the report did not. Only
    releases that wait for a model count (review: a Finnish release with an English headline, or one translated,
    was counted too)."""
    db = copy_archive(demo_archive, tmp_path / "a.db")
    html_file, xlsx_file = tmp_path / "r.html", tmp_path / "r.xlsx"
    for out in (html_file, xlsx_file):
        fmt = out.suffix[1:]
        made = CliRunner().invoke(cli, ["report", "hope", "--db", str(db), "--format", fmt, "-o", str(out)])
        assert made.exit_code == 0, made.output
    with sqlite3.connect(db) as conn:
        waiting = conn.execute(
            "select count(distinct a.id) from articles a join article_tags t on t.article_id = a.id"
            " where t.tag_id = 'hope' and a.translation_status in ('pending', 'partial')"
        ).fetchone()[0]
    assert waiting > 1
    page = html_file.read_text(encoding="utf-8")
    said = f"{waiting} releases are in "
    assert said in page and "wait for a machine translation: their headline and evidence are as the partner" in page
    assert page.count("wait for a machine translation") == 1  # at the head, not again in the note at its foot
    assert "They are translated once whoever runs newsflow installs a model" in page and "`" not in page  # (s38)
    about = openpyxl.load_workbook(xlsx_file)["About"]
    assert "wait for a machine translation" in " ".join(str(c.value) for row in about.iter_rows() for c in row)
    with sqlite3.connect(db) as conn:
        conn.execute("update articles set translation_status = 'done'")
    CliRunner().invoke(cli, ["report", "hope", "--db", str(db), "--format", "html", "-o", str(html_file)])
    assert "wait for a machine translation" not in html_file.read_text(encoding="utf-8")


def test_the_report_is_written_in_the_format_its_file_name_says(archive_path, tmp_path):
    """Probe (s38): `newsflow report hope -o hope.csv` wrote an XLSX (a zip) into hope.csv, and `--format html -o
    r.csv` an HTML page, which no spreadsheet opens as its name says. Without --format, the name's ending chooses;
    a --format that another ending contradicts is a usage error, and nothing is written."""
    runner = CliRunner()
    for name, check in (
        ("r.csv", lambda data: data.startswith("\ufeffDate,".encode())),
        ("r.HTML", lambda data: data.lstrip().lower().startswith(b"<!doctype html")),
        ("r.xlsx", lambda data: data.startswith(b"PK")),
        ("r.report", lambda data: data.startswith(b"PK")),  # (no ending it knows: XLSX, as without -o)
    ):
        out = tmp_path / name
        made = runner.invoke(report, ["hope", "--db", str(archive_path), "-o", str(out)])
        assert made.exit_code == 0, made.output
        assert check(out.read_bytes()), name
    clash = tmp_path / "clash.csv"
    refused = runner.invoke(report, ["hope", "--db", str(archive_path), "--format", "xlsx", "-o", str(clash)])
    assert refused.exit_code == 2 and not clash.exists()
    assert f"-o {clash} names a CSV file, but --format is xlsx" in refused.output, refused.output
    same = runner.invoke(report, ["hope", "--db", str(archive_path), "--format", "csv", "-o", str(clash)])
    assert same.exit_code == 0 and clash.read_bytes().startswith("\ufeffDate,".encode())
