"""What every command shares: exit codes, the --db and --config options, opening the archive and the config.

Used by cli.py and cli_reports.py (the digest and report commands), so that both say and do the same.
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from .archive import Archive, ArchiveBusy, ArchiveError, default_db_path, describe_database_error, now
from .config import Config, ConfigError, default_config, load_config
from .dates import local_time

# Exit codes mean something to cron (README: "Exit codes").
EXIT_OK = 0
EXIT_PARTIAL = 1  # some source failed; the others were archived
EXIT_USAGE = 2
EXIT_FAILED = 3  # every source attempted failed
EXIT_SETUP = 4  # the configuration or the archive cannot be used
EXIT_RUNNING = 75  # another run holds the lock (EX_TEMPFAIL: cron may simply try later)
EXIT_INTERRUPTED = 130  # Ctrl-C or SIGTERM stopped a run (128 + SIGINT, as shells report it)
EXIT_BY_STATUS = {"ok": EXIT_OK, "partial": EXIT_PARTIAL, "failed": EXIT_FAILED}
DB = click.option(
    "--db",
    "db_path",
    default=default_db_path,
    show_default="archive.db (or $NEWSFLOW_DB)",
    type=click.Path(),
    help="The SQLite archive.",
)
CONFIG = click.option(
    "--config",
    "config_path",
    default="feeds.toml",
    show_default=True,
    type=click.Path(),  # a folder is said by load_config, with exit 4 as every unusable configuration
    metavar="FILE",
    help="Sources and tag taxonomy.",
)


class SetupError(click.ClickException):
    """The configuration or the archive cannot be used: its own exit code for cron."""

    exit_code = EXIT_SETUP


OPENED: list[str] = []  # the archive a command opened, for messages about it


class NewsflowGroup(click.Group):
    """Any archive error that escapes a command becomes one line and exit code 4, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except sqlite3.DatabaseError as e:
            raise SetupError(describe_database_error(OPENED[-1] if OPENED else "the archive", e)) from None


def open_config(path: str) -> Config:
    if path == "feeds.toml" and not Path(path).exists():
        return default_config()  # the shipped partner list, when run outside a checkout
    try:
        return load_config(path)
    except ConfigError as e:
        raise SetupError(str(e)) from None


def open_archive(path: str, lock: bool = False, readonly: bool = False, must_exist: bool = False) -> Archive:
    """Open the archive; with ``lock``, take the run lock or exit at once with EXIT_RUNNING.

    ``must_exist``: for commands that work on what is archived (translate, reextract, retag): a missing file is
    a mistyped --db, not a new archive to create."""
    if not str(path).strip():
        raise SetupError("--db is empty: give the archive's file name, such as archive.db")
    if must_exist and not Path(path).exists():
        raise SetupError(
            f"there is no archive at {path}: check --db (or $NEWSFLOW_DB), or create one with `newsflow run`"
        )
    OPENED.append(path)
    try:
        archive = Archive(path, readonly=readonly)
    except ArchiveError as e:
        raise SetupError(str(e)) from None
    if archive.created:
        click.echo(f"newsflow: created a new archive at {path}", err=True)
    if lock:
        try:
            archive.run_lock.acquire()
        except ArchiveBusy as e:
            archive.close()
            click.echo(f"newsflow: {e}", err=True)
            sys.exit(EXIT_RUNNING)
        except OSError as e:
            archive.close()
            raise SetupError(
                f"cannot take the run lock {path}.lock ({e.strerror}): give the user running "
                "newsflow write access to the archive's folder"
            ) from None
    return archive


@contextlib.contextmanager
def stopped_by_sigterm() -> Iterator[None]:
    """While a run works, SIGTERM (`kill`, a service manager stopping it) stops it as Ctrl-C does: promptly, and
    recorded as interrupted, rather than killed unseen mid-night. Only the first signal interrupts: one more while
    the run stops (Ctrl-C pressed twice) would land in its bookkeeping and lose what it records."""
    import signal

    signals = (signal.SIGTERM, signal.SIGINT)
    seen: list[int] = []

    def interrupt(signum: int, frame: Any) -> None:
        if not seen:
            seen.append(signum)
            raise KeyboardInterrupt

    try:
        previous = [signal.signal(s, interrupt) for s in signals]
    except ValueError:  # not the main thread (a test calling the command from a thread): as before
        yield
        return
    try:
        yield
    finally:
        for s, handler in zip(signals, previous, strict=True):
            signal.signal(s, handler)


@contextlib.contextmanager
def interruptible(command: str, what_stays: str) -> Iterator[None]:
    """Ctrl-C or SIGTERM during a pass over the archive (reextract, translate, retag) or a digest: as for `run`, one
    line saying so and exit 130, not click's "Aborted!" with exit 1 (which cron reads as "some source failed").
    Put it outside `open_archive`, so that the archive is closed (a transaction rolled back) before saying so."""
    try:
        with stopped_by_sigterm():
            yield
    except KeyboardInterrupt:
        click.echo(f"newsflow: {command} was interrupted at {local_time(now())}; {what_stays}", err=True)
        sys.exit(EXIT_INTERRUPTED)
