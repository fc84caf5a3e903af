"""Session 40: what the run's summary says, from the cron probe's findings in files outside its reach."""

from __future__ import annotations

from newsflow import cli as cli_module
from newsflow.models import BACKING_OFF, RunSummary, SourceResult


def _summary_text(capsys, *results: SourceResult) -> str:
    summary = RunSummary(run_id=7, started="2026-12-04T01:00:00+00:00", sources=list(results))
    cli_module._print_summary(summary, as_json=False)
    return capsys.readouterr().out


def test_force_is_offered_only_for_a_skip_it_overrides(capsys):
    """Cron probe s40: every skipped source was told "--force fetches it now", also one skipped as its host answered
    429 in this run, with --force already given: only a source backing off or still fresh is fetched by --force."""
    out = _summary_text(
        capsys,
        SourceResult(source="waits", skipped=f"{BACKING_OFF} until 5 December 2026 at 01:00 EET"),
        SourceResult(source="fresh", skipped="fresh until 4 December 2026 at 03:00 EET (the server's Cache-Control)"),
        SourceResult(source="busy", skipped="not requested: the site answered 429 and asked for no requests"),
        SourceResult(source="stopped", skipped="the run was interrupted"),
    )
    lines = {
        line.split()[0]: line
        for line in out.splitlines()
        if line and line.split()[0] in {"waits", "fresh", "busy", "stopped"}
    }
    assert "(--force fetches it now)" in lines["waits"] and "(--force fetches it now)" in lines["fresh"], out
    assert "--force" not in lines["busy"] and "(asked again next run)" in lines["busy"], out
    assert "--force" not in lines["stopped"] and "(asked again next run)" in lines["stopped"], out


def test_check_warns_of_a_tag_name_that_is_a_common_word(tmp_path):
    """Tagging probe s40: an alias "hope" tagged every "we hope", and `check` said nothing; it now warns, naming the
    tag and the word, and says nothing of the shipped taxonomy's names."""
    from click.testing import CliRunner

    from newsflow.cli import cli

    conf, db = tmp_path / "feeds.toml", tmp_path / "archive.db"
    tag = '[[tags]]\nid = "hope-again"\nkind = "project"\nname = "HOPE project"\naliases = ["hope"]\n'
    tag = '[[sources]]\nid = "p"\nkind = "feed"\nurl = "http://127.0.0.1:9/feed"\n' + tag
    conf.write_text(tag, encoding="utf-8")
    warned = CliRunner().invoke(cli, ["check", "--config", str(conf), "--db", str(db)])
    assert warned.exit_code == 0, warned.output
    assert "WARNING: tag hope-again: “hope” is also a common English word" in warned.output, warned.output
    conf.write_text(tag.replace('aliases = ["hope"]', 'aliases = ["HOPE-hanke"]'), encoding="utf-8")
    quiet = CliRunner().invoke(cli, ["check", "--config", str(conf), "--db", str(db)])
    assert quiet.exit_code == 0 and "common" not in quiet.output, quiet.output
