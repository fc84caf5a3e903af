"""Ctrl-C or SIGTERM during a pass over the archive (reextract, translate, retag) says so and exits 130, as `run`
does (review of safety, item 8: it printed click's "Aborted!" and exited 1, "some source failed" to cron)."""

from __future__ import annotations

import os
import signal
import time

import pytest
from click.testing import CliRunner

from newsflow import reprocess
from newsflow.archive import Archive
from newsflow.cli import cli
from newsflow.cli_common import EXIT_INTERRUPTED

PASSES = {  # command -> the pass it runs, and what the line says stays
    "reextract": ("reextract", "running the same command again completes the pass"),
    "translate": ("translate_pending", "running `newsflow translate` again goes on with the rest"),
    "retag": ("retag", "no tags were changed"),
}


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "archive.db"
    Archive(str(path)).close()
    return path


def _ctrl_c(*args, **kwargs):
    raise KeyboardInterrupt


def _sigterm(*args, **kwargs):
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        raise AssertionError("SIGTERM would kill the pass unseen")  # (and the tests with it)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(5)  # the handler interrupts this at once
    raise AssertionError("SIGTERM did not interrupt the pass")


@pytest.mark.parametrize("command", sorted(PASSES))
@pytest.mark.parametrize("how", [_ctrl_c, _sigterm], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_pass_says_so_and_exits_130(db, monkeypatch, command, how):
    name, stays = PASSES[command]
    monkeypatch.setattr(reprocess, name, how)
    before = signal.getsignal(signal.SIGTERM)
    result = CliRunner().invoke(cli, [command, "--db", str(db)])
    assert result.exit_code == EXIT_INTERRUPTED == 130, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"newsflow: {command} was interrupted at ") and stays in lines[0]
    assert "Aborted!" not in result.output and "Traceback" not in result.output
    assert signal.getsignal(signal.SIGTERM) == before  # the handler is put back
    with Archive(str(db)) as archive:  # the archive and its run lock were let go
        archive.run_lock.acquire()
        archive.run_lock.release()
