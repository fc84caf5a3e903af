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
