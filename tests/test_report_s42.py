"""`newsflow report` that finds no release says so, with the period, wherever the file goes (session 42)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from newsflow.archive import Archive
from newsflow.cli_reports import report
from test_report import FI, SOURCES, TAGS, save


def _archive(tmp_path: Path) -> Path:
    path = tmp_path / "archive.db"
    with Archive(path) as archive:
        archive.sync_sources(SOURCES)
        archive.sync_tags(TAGS)
        save(archive, "fi", "Seinäjoki mukana HOPE-hankkeessa", [(FI, "fi")], hit=(0, "HOPE-hankkeessa"))
    return path


def test_a_report_of_no_release_to_stdout_says_so_on_stderr(tmp_path):
    db = str(_archive(tmp_path))
    runner = CliRunner()
    none = runner.invoke(report, ["hope", "--db", db, "--from", "1.1.2025", "--to", "31.5.2025", "--format", "csv"])
    assert none.exit_code == 0
    assert none.stdout.startswith("\ufeffDate,")  # the headings, for a script
    assert none.stderr == "No release mentions HOPE project from 1 January 2025 to 31 May 2025.\n"
    some = runner.invoke(report, ["hope", "--db", db, "--format", "csv"])
    assert some.exit_code == 0 and "HOPE-hankkeessa" in some.stdout and some.stderr == ""


def test_a_report_file_of_no_release_names_the_period(tmp_path):
    db = str(_archive(tmp_path))
    out = tmp_path / "hope.csv"
    result = CliRunner().invoke(report, ["hope", "--db", db, "--from", "2025", "-o", str(out)])
    assert result.exit_code == 0 and out.exists()
    assert "no release mentions HOPE project from 1 January 2025 to " in result.stderr
    assert "in this period" not in result.stderr


def test_an_export_of_no_release_to_stdout_says_so_on_stderr(tmp_path):
    from newsflow.cli import export

    db = str(_archive(tmp_path))
    runner = CliRunner()
    for fmt, data in (("json", "[]\n"), ("csv", "id,published,")):
        none = runner.invoke(export, ["--db", db, "--tag", "hope", "--since", "2025", "--format", fmt])
        assert none.exit_code == 0 and none.stdout.lstrip("\ufeff").startswith(data)
        assert none.stderr == "No release matches these filters.\n"
    some = runner.invoke(export, ["--db", db, "--tag", "hope", "--format", "json"])
    assert some.exit_code == 0 and "HOPE-hankkeessa" in some.stdout and some.stderr == ""


def test_a_report_of_no_release_without_a_start_says_up_to_its_end(tmp_path):
    """Review (s42): without --from it said "No release mentions HOPE project from all dates to 31 December 2020"."""
    db = str(_archive(tmp_path))
    none = CliRunner().invoke(report, ["hope", "--db", db, "--to", "2020", "--format", "csv"])
    assert none.exit_code == 0
    assert none.stderr == "No release mentions HOPE project up to 31 December 2020.\n"
