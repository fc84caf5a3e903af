"""What every command shares: exit codes, the --db and --config options, opening the archive and the config.

Used by cli.py and cli_reports.py (the digest and report commands), so that both say and do the same.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import os
import re
import sqlite3
import stat
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any, TypeVar

import click

from .archive import (
    BUSY_TIMEOUT,
    Archive,
    ArchiveBusy,
    ArchiveError,
    ArchiveLocked,
    archive_state,
    cannot_be_read,
    default_db_path,
    describe_database_error,
    held_by_another_program,
    locked,
    made_by_newer,
    now,
    owned_by_another,
    wait_to_write,
)
from .config import DEMO_CONFIG, SHIPPED_CONFIG, Config, ConfigError, default_config, load_config
from .dates import local_time
from .models import unaccented

F = TypeVar("F", bound=Callable[..., Any])

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
    type=click.Path(readable=False),  # one that cannot be read is said by opening it, with exit 4 (not click's 2)
    help="The SQLite archive.",
)
CONFIG = click.option(
    "--config",
    "config_path",
    default="feeds.toml",
    show_default=True,
    type=click.Path(readable=False),  # a folder or an unreadable file: load_config says so, with exit 4
    metavar="FILE",
    help="Sources and tag taxonomy.",
)


class SetupError(click.ClickException):
    """The configuration or the archive cannot be used: its own exit code for cron."""

    exit_code = EXIT_SETUP

    def show(self, file: Any = None) -> None:
        """The error, dated where it goes to a log rather than a terminal: a night that stops before its run starts
        (a mistake in feeds.toml, a full disk) otherwise left a line no other night's could be told from."""
        stream = file if file is not None else sys.stderr
        click.echo(f"{log_prefix(stream)}Error: {self.format_message()}", file=stream)


class ArchiveHeld(click.ClickException):
    """Another program holds the archive's write lock: a temporary failure (exit 75), said on one dated line."""

    exit_code = EXIT_RUNNING

    def show(self, file: Any = None) -> None:
        stream = file if file is not None else sys.stderr
        click.echo(f"{log_prefix(stream) or 'newsflow: '}{self.format_message()}", file=stream)


# Seconds a command that writes waits, before it starts, for another program's write transaction on the archive (an
# sqlite3 shell, a VACUUM) to end, before it exits 75: the night's run has no hurry, and none of it has begun.
WRITER_WAIT = 300.0


def log_prefix(stream: Any) -> str:
    """The prefix of a line written to a log (not a terminal), in this machine's time ("newsflow, 2026-12-02 03:15: ");
    "" on a terminal."""
    try:
        if stream.isatty():
            return ""
    except (AttributeError, ValueError):
        pass
    return f"newsflow, {datetime.now().astimezone():%Y-%m-%d %H:%M}: "


def _utf8(stream: Any) -> bool:
    """Whether a text stream writes UTF-8 (one whose encoding is not known is taken as not)."""
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name == "utf-8"
    except LookupError:
        return False


def _standard_streams() -> None:
    """A command started with standard output or error closed (`>&-`, a wrapper that closed them): Python gives it no
    stream there (None), and `run` stopped at its first line with an AttributeError, written nowhere, the run left
    unfinished and exit 1. Such a stream is /dev/null now: the command runs as with its output thrown away, and exits
    as it went. A descriptor closed is given /dev/null too, so that no file opened later (the run lock) takes its
    number and a line meant for the log lands in it."""
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        try:
            os.fstat(fd)
        except OSError:
            with contextlib.suppress(OSError):
                null = os.open(os.devnull, os.O_RDWR)
                if null != fd:
                    os.dup2(null, fd)
                    os.close(null)
        if getattr(sys, name) is None:
            with contextlib.suppress(OSError):
                setattr(sys, name, open(os.devnull, "r" if fd == 0 else "w", encoding="utf-8"))  # noqa: SIM115


def _shown_as_it_can_be() -> None:
    """Under a locale whose encoding is not UTF-8 (LANG=fi_FI.ISO-8859-15 on an old server), what it cannot show
    ("→", "…", a Slovenian "č" in a title) is shown as "?" instead of stopping the command with a traceback, after the
    run had archived everything. (Exports to standard output are written in UTF-8 whatever the locale: data.)"""
    for stream in (sys.stdout, sys.stderr):
        if not _utf8(stream) and isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError):  # (a stream already closed)
                stream.reconfigure(errors="replace")


def echo_data(text: str, nl: bool = True) -> None:
    """Data on standard output (JSON, a digest's HTML or text): UTF-8 whatever the locale, as JSON and the HTML's
    own charset say; under a Latin-9 locale "→" and "Č" became "?", and a digest so printed was remembered as sent."""
    stream = sys.stdout
    if _utf8(stream) or not hasattr(stream, "buffer"):
        click.echo(text, nl=nl)
        return
    stream.flush()
    stream.buffer.write((text + ("\n" if nl else "")).encode("utf-8"))
    stream.buffer.flush()


OPENED: list[str] = []  # the archive a command opened, for messages about it


class NewsflowGroup(click.Group):
    """Any archive error that escapes a command becomes one line and exit code 4, never a traceback."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _standard_streams()
        _shown_as_it_can_be()
        try:
            return super().main(*args, **kwargs)
        except SystemExit:
            try:  # what is left in the buffer, now rather than at exit, where a closed pipe made a traceback
                sys.stdout.flush()
            except BrokenPipeError:
                _stdout_to_devnull()
            raise

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except sqlite3.DatabaseError as e:
            path = OPENED[-1] if OPENED else "the archive"
            if locked(e):  # another program's write transaction outlasted the busy timeout once the command began
                raise ArchiveHeld(held_by_another_program(path, BUSY_TIMEOUT, started=True)) from None
            raise SetupError(describe_database_error(path, e)) from None
        except BrokenPipeError:
            if not _stdout_closed():
                raise  # (another pipe: not the reader of the output going away)
            # `newsflow status | head -1`: the reader has what it wanted. Done, quietly (Python's recipe, in the
            # signal module's documentation), not click's exit 1, which cron and scripts read as a failure.
            _stdout_to_devnull()
            raise click.exceptions.Exit(EXIT_OK) from None
        except OSError as e:
            if e.errno in (errno.EACCES, errno.EPERM) and e.filename:  # (a folder on the way it may not enter)
                raise SetupError(_not_allowed(os.fsdecode(e.filename), e)) from None
            if e.errno not in (errno.ENOSPC, errno.EIO, errno.EDQUOT):
                raise
            # Output that could not be written (a cron log on a full disk): one line, not a traceback.
            raise SetupError(f"could not write the output ({e.strerror}): free space where it goes") from None


def _not_allowed(path: str, error: OSError) -> str:
    """A file this user may not open, in words fit for what it is: the archive (or what lies beside it), the search
    lexicon (in the home folder's cache: another user's home when run by sudo without -H), or another file."""
    opened = [os.path.abspath(p) for p in OPENED]
    full = os.path.abspath(path)
    if any(full == p or full.startswith(p + "-") or full == p + ".lock" for p in opened):
        return cannot_be_read(path, error)
    if "lexicon-simplemma" in os.path.basename(path):
        return (
            f"the search lexicon {path} cannot be opened ({error.strerror}): it is kept in the home folder's cache of "
            "the user running newsflow; set $NEWSFLOW_LEXICON (or $XDG_CACHE_HOME) to a file (a folder) this user "
            "may write, or run newsflow with its own home folder (sudo -H)"
        )
    return f"{path} cannot be opened ({error.strerror}): give the user running newsflow access to it"


def _stdout_closed() -> bool:
    """Whether standard output is a pipe whose reader has gone (its write end reports an error)."""
    import select

    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(event & select.POLLERR for _, event in poller.poll(0))
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return False


def _stdout_to_devnull() -> None:
    """Point standard output at /dev/null, so that what is still buffered for a closed pipe goes nowhere quietly."""
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def named_tag(conn: sqlite3.Connection, value: str) -> str:
    """The id of the tag a person named by its id, its name or an alias, in any case; the value as given where none
    is (the command then says what there is)."""
    from .search import ambiguous_tag, tag_named

    several = ambiguous_tag(conn, value, ids=True)
    if several:
        raise click.UsageError(f"--tag: {several}; give its id.")
    return tag_named(conn, value) or value


def check_tag(conn: sqlite3.Connection, tag: str, option: str = "--tag") -> None:
    """A tag given on the command line must exist: otherwise say which do, by the names people know them by, and
    what was probably meant ("HOEP": "HOPE project")."""
    from .search import did_you_mean, names_of_tags, tags_called

    if conn.execute("select 1 from tags where id = ?", [tag]).fetchone():
        return
    hint = did_you_mean(tag, tags_called(conn))
    names = sorted({shown for _, shown, _ in names_of_tags(conn)}, key=str.casefold)
    shown = ", ".join(names[:40]) + (", …" if len(names) > 40 else "")
    raise click.UsageError(f"{option}: there is no tag “{tag}” in this archive.{hint} Tags: {shown or '(none yet)'}")


def named_partner(conn: sqlite3.Connection, value: str, option: str = "--partner") -> str:
    """The partner as the archive holds it, for one named in any case; the value as given where none is (the command
    then says what there is).

    Staff type a partner as they know it: without its accents ("seinajoki", "Mestna obcina Maribor") or by a word of
    its name ("coompanion", "derry strabane"). Where exactly one partner is so meant, it is taken, and said on standard
    error (one line: the output may be data); where several are, the command stops saying which (exit 2)."""
    from .search import PARTNERS_SQL, partner_named

    exact = partner_named(conn, value)
    if exact or not value.strip():
        return exact or value
    partners = [str(p) for (p,) in conn.execute(f"select p from ({PARTNERS_SQL}) order by 1")]
    meant = partners_meant(value, partners)
    if len(meant) == 1:
        click.echo(f"{option} “{value.strip()}”: taken as the partner “{meant[0]}”.", err=True)
        return meant[0]
    if meant:
        raise click.UsageError(
            f"{option}: “{value.strip()}” is in the name of {len(meant)} partners: "
            + ", ".join(f"“{p}”" for p in meant)
            + "; give the one meant."
        )
    return value


_NAME_WORDS = re.compile(r"[^\W_]+")
_SHORTEST_WORD = 4  # a partner named by one word of its name: not by "of", "and", "the", "d.o.o."


def _name_words(text: str) -> list[str]:
    """A name's words in lower case without accents: "Mestna občina Maribor" is mestna, obcina, maribor."""
    return _NAME_WORDS.findall(unaccented(text.casefold(), "NFD"))


def partners_meant(value: str, partners: list[str]) -> list[str]:
    """The partners a person typing ``value`` means: those whose name it is without accents, punctuation or spacing
    ("seinajoki" is not one: "city of seinajoki" is); else those whose name holds each of its words, one of them at
    least four letters long ("seinajoki", "derry strabane", "Maribor")."""
    typed = _name_words(value)
    if not typed:
        return []
    words = {p: _name_words(p) for p in partners}
    same = [p for p in partners if words[p] == typed]
    if same:
        return same
    if max(len(w) for w in typed) < _SHORTEST_WORD:
        return []
    return [p for p in partners if set(typed) <= set(words[p])]


def open_config(path: str, db_path: str = "") -> Config:
    """The configuration a command follows: the file given, else ./feeds.toml, else the partner list shipped with
    newsflow (``--config newsflow/feeds.toml`` names it). Left to its default, --config must also be the file the
    archive's runs followed (``db_path``): a command started from another folder would otherwise add that folder's
    sources, or the shipped ones, to the archive, and `retag` replace its taxonomy, without a word."""
    defaulted = path == "feeds.toml" and _defaulted("config_path")
    if (defaulted or path == SHIPPED_CONFIG) and not os.path.exists(path):  # (not an error: a folder it cannot read)
        config = default_config()  # the shipped partner list, when run outside a checkout
    else:
        try:
            config = load_config(path)
        except ConfigError as e:
            raise SetupError(str(e)) from None
    followed = _followed_config(db_path) if defaulted and db_path else ""
    if followed and not _same_config(followed, config.path):
        raise SetupError(_other_config(followed, config.path, db_path))
    return config


def _same_config(followed: str, path: str) -> bool:
    """Whether the configuration found now (``path``: a file's absolute path, or the shipped list's name) may serve
    an archive whose runs followed ``followed``. The shipped list may give way to a feeds.toml of one's own; a file
    may not give way to another file, nor to the shipped list -- unless it is no longer there and another is (the
    archive and its feeds.toml moved together). The demo's archive takes any."""
    if followed in (path, SHIPPED_CONFIG, DEMO_CONFIG):  # (the demo's archive is for trying things on)
        return True
    if followed.startswith("("):  # an archive from before runs kept it, with sources the shipped list lacks
        return path != SHIPPED_CONFIG
    if path == SHIPPED_CONFIG:
        return False
    if _there(followed) is False:
        return True
    try:
        return os.path.samefile(followed, path)
    except OSError:  # there, in a folder this user cannot read: not known to be the same
        return False


def _there(path: str) -> bool | None:
    """Whether a file is there: None when this user cannot tell (a folder it may not enter)."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except OSError:
        return None
    return True


def _here() -> str:
    """The folder a command was started in, for messages ("a folder that no longer exists" when so)."""
    try:
        return os.environ.get("PWD") or os.getcwd()
    except OSError:
        return "a folder that no longer exists"


def _other_config(followed: str, path: str, db_path: str) -> str:
    """Why a command's configuration is refused for this archive, and what to give instead."""
    found = f"there is no feeds.toml in {_here()}" if path == SHIPPED_CONFIG else f"there is a {path}"
    shipped = f" (--config {SHIPPED_CONFIG} is newsflow's own partner list)"
    if followed.startswith("("):
        return (
            f"{found}, and the archive {db_path} follows another feeds.toml {followed}: run newsflow from that "
            f"file's folder, or give --config with its path{shipped}"
        )
    there = _there(followed)
    if there is False:
        return f"{found}, and the archive {db_path} follows {followed}, which is no longer there: give --config FILE"
    unread = " (which this user cannot read)" if there is None else ""
    if path != SHIPPED_CONFIG and os.path.dirname(followed) == os.path.dirname(path):
        # Both in one folder: a run with --config of the other file switched the archive (a trial of a copy,
        # say); a `--config` typed out is followed, so one run given this file's switches it back.
        return (
            f"{found}, and the archive {db_path} follows {os.path.basename(followed)} beside it (a run given "
            f"--config {followed} switched it): give --config {path} (a `newsflow run` given it makes the archive "
            f"follow {os.path.basename(path)} again, and the runs after it need no --config), or --config {followed} "
            "to go on with that one"
        )
    switch = f", or --config {path} to switch to this one" if path != SHIPPED_CONFIG else shipped
    return (
        f"{found}, and the archive {db_path} follows {followed}{unread}: run newsflow from that file's folder or give "
        f"--config {followed}{switch}"
    )


def config_switched(config: Config, db_path: str) -> str:
    """What a run that follows another configuration than the archive's last run followed says, in one line: from
    it on, a command left to the default --config is refused where that finds the file the archive followed before;
    "" when the run follows the same file (or a new archive, the shipped list's or the demo's, or a file since gone)."""
    followed = _followed_config(db_path)
    if not followed or followed.startswith("(") or followed in (SHIPPED_CONFIG, DEMO_CONFIG) or followed == config.path:
        return ""
    if _same_config(followed, config.path):  # (a file since gone too: the archive moved with its feeds.toml)
        return ""
    refused = (  # (the default --config finds a feeds.toml: one beside the file followed before is refused now)
        f": a command without --config is refused in {os.path.dirname(followed)}"
        if os.path.basename(followed) == "feeds.toml"
        else ""
    )
    return (
        f"newsflow: from this run on, the archive {db_path} follows {config.path}, not {followed}{refused} "
        f"(--config {followed} switches back)"
    )


def _defaulted(name: str) -> bool:
    """Whether an option was left to its default (not typed, even as the default's value)."""
    ctx = click.get_current_context(silent=True)
    source = ctx.get_parameter_source(name) if ctx is not None else None
    return source in (None, click.core.ParameterSource.DEFAULT)


def _followed_config(db_path: str) -> str:
    """The configuration an existing archive's last run followed ("" for none, or a new archive). For an archive
    whose runs predate this record: its sources' ids, when any is not in the shipped partner list."""
    if stated_archive(db_path) != "file":
        return ""
    try:
        uri = Path(db_path).resolve().as_uri() + "?mode=ro"  # (a name with "#", "?" or "%" in it, escaped)
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            try:
                row = conn.execute("select config from runs where config != '' order by id desc limit 1").fetchone()
                if row:
                    return str(row[0])
            except sqlite3.OperationalError:  # an archive from before runs kept their configuration
                pass
            ids = {r[0] for r in conn.execute("select id from sources")}
    except sqlite3.Error:
        return ""  # not an archive, or unreadable: opening it says so
    shipped = {s.id for s in default_config().sources}
    other = sorted(ids - shipped)
    listed = ", ".join(other[:5]) + (" …" if len(other) > 5 else "")
    return (
        f"(its source{'s' * (len(other) > 1)} {listed} {'are' if len(other) > 1 else 'is'} not in newsflow's own list)"
        if other
        else ""
    )


def stated_archive(path: str) -> str:
    """``archive_state``: "file", "folder" or "missing"; exit 4 when this user cannot tell (a folder it may not
    enter), rather than a traceback or "there is no archive"."""
    try:
        return archive_state(path)
    except ArchiveError as e:
        raise SetupError(str(e)) from None


def open_archive(
    path: str,
    lock: bool = False,
    readonly: bool = False,
    must_exist: bool = False,
    refuse_newer: bool = False,
    wait: bool = False,
) -> Archive:
    """Open the archive; with ``lock``, take the run lock or exit at once with EXIT_RUNNING; with ``lock`` or
    ``wait`` (a digest, which records what it sent), wait for another program's write transaction to end first.

    A reader may read an archive a newer newsflow made, and is told so; writers are refused, and with
    ``refuse_newer`` a reader too (`check`, which speaks for the next run).

    ``must_exist``: for commands that work on what is archived (translate, reextract, retag): a missing file is
    a mistyped --db, not a new archive to create."""
    if not str(path).strip():
        raise SetupError("--db is empty: give the archive's file name, such as archive.db")
    if must_exist and stated_archive(path) == "missing":
        raise SetupError(
            f"there is no archive at {path}: check --db (or $NEWSFLOW_DB), or create one with `newsflow run`"
        )
    OPENED.append(path)
    try:
        archive = Archive(path, readonly=readonly)
    except ArchiveLocked as e:
        raise ArchiveHeld(str(e)) from None
    except ArchiveError as e:
        raise SetupError(str(e)) from None
    if archive.created:
        click.echo(f"newsflow: created a new archive at {path}", err=True)
    if archive.wal_unread:
        real = os.path.realpath(path)  # (a link's: SQLite keeps the -wal beside the file it leads to)
        click.echo(
            f"newsflow: {real}-wal holds what a run saved last, and it cannot be read here (its folder or disk is "
            f"read-only, and {os.path.basename(real)}-shm is not beside it): what is shown leaves it out; copy the "
            "archive with its -wal and -shm to a folder this user may write in, or take the copy again once a run has "
            "ended (its end folds the -wal into the archive)",
            err=True,
        )
    if archive.newer and refuse_newer:
        archive.close()
        raise SetupError(made_by_newer(path, archive.newer))
    if archive.newer:  # (a reader: a writer was refused)
        click.echo(
            f"newsflow: {made_by_newer(path, archive.newer)}; until then it is read as this version knows it, "
            "and nothing is written to it",
            err=True,
        )
    if lock:
        try:
            context = click.get_current_context(silent=True)
            archive.run_lock.acquire(context.info_name or "run" if context else "run")
        except ArchiveBusy as e:
            archive.close(checkpoint=False)  # the run holding the lock is writing: nothing of ours to give back
            click.echo(f"{log_prefix(sys.stderr) or 'newsflow: '}{e}", err=True)
            sys.exit(EXIT_RUNNING)
        except OSError as e:
            archive.close()
            other = owned_by_another(str(archive.run_lock.path), "")
            raise SetupError(
                f"cannot take the run lock {archive.run_lock.path} ({e.strerror}): "
                + (other or "give the user running newsflow write access to the archive's folder")
            ) from None
    if (lock or wait) and not readonly:  # (another program's transaction met later would stop it half-way, after 30 s)
        said = log_prefix(sys.stderr) or "newsflow: "
        try:
            with stopped_by_sigterm():
                wait_to_write(archive, WRITER_WAIT, lambda text: click.echo(f"{said}{text}", err=True))
        except ArchiveLocked as e:
            archive.close(checkpoint=False)
            raise ArchiveHeld(str(e)) from None
        except KeyboardInterrupt:  # (Ctrl-C or SIGTERM while it waited): one line, 130, as for a run stopped
            archive.close(checkpoint=False)
            click.echo(f"{said}interrupted while waiting for {path}; nothing was done", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BaseException:
            archive.close(checkpoint=False)
            raise
    return archive


@contextlib.contextmanager
def stopped_by_sigterm(fetching: bool = False) -> Iterator[None]:
    """While a run works, SIGTERM (`kill`, a service manager stopping it) stops it as Ctrl-C does: promptly, and
    recorded as interrupted, rather than killed unseen mid-night. Only the first signal interrupts: one more while
    the run stops (Ctrl-C pressed twice) would land in its bookkeeping and lose what it records. With ``fetching``
    (a run), it says at once that it is stopping: a request to a slow server may hold the stop a while."""
    import signal

    signals = (signal.SIGTERM, signal.SIGINT)
    seen: list[int] = []

    def interrupt(signum: int, frame: Any) -> None:
        if not seen:
            seen.append(signum)
            if not fetching:
                raise KeyboardInterrupt
            with contextlib.suppress(OSError, ValueError):  # (said at once: a request to a slow server may hold it)
                print(
                    f"{log_prefix(sys.stderr) or 'newsflow: '}stopping: nothing new is started; a request under way "
                    "ends when its server answers, within its timeout",
                    file=sys.stderr,
                    flush=True,
                )
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


# ---------------------------------------------------------------- date options and their other names

# The two ends of a period go by two pairs of names: `search` and `export` say --since and --until, `report` and the
# reading room From and To. Each command takes the other pair too (a person who wrote one report types --from in a
# search), as a hidden option of its own: a message then names the option as it was typed.
DATE_PARTNERS = {"--since": "--until", "--until": "--since", "--from": "--to", "--to": "--from"}
TYPED_DATES = "newsflow.typed_dates"  # in the click context's meta: each date's destination -> the date as typed
TYPED_NAMES = "newsflow.typed_names"  # ... -> the option's name as typed ("--from" for search's --since)


def date_names(dest: str, other: str, main: tuple[str, str]) -> tuple[str, str]:
    """The names of a period's two options (their destinations ``dest`` and ``other``) as they were typed on this
    command line ("--from", "--until" for `search --from 1.3. --until 31.5.`); one not typed by the name that goes
    with the other (--to with --from), or as ``main`` names them."""
    typed = click.get_current_context().meta.get(TYPED_NAMES, {})
    start, end = typed.get(dest, ""), typed.get(other, "")
    return start or DATE_PARTNERS.get(end, main[0]), end or DATE_PARTNERS.get(start, main[1])


def typed_date(dest: str, value: str) -> str:
    """The date of option ``dest`` as it was typed (``value`` where it was not read by a date option)."""
    return str(click.get_current_context().meta.get(TYPED_DATES, {}).get(dest, value))


def date_option(
    name: str,
    help_text: str,
    *,
    dest: str = "",
    alias: str = "",
    read: Callable[[str, str], str] | None = None,
) -> Callable[[F], F]:
    """A date option ``name`` (its value passed as ``dest``, by default the name without its dashes), also taken as
    ``alias`` (hidden from the help: ``help_text`` says it), never both at once. ``read(value, typed_name)`` turns
    what was typed into what the command gets (raising click.BadParameter, which names the option typed); without
    it the command gets the text as typed. What was typed, and as which option, are kept for the command's
    messages (date_names, typed_date)."""
    dest = dest or name.lstrip("-")

    def keep(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
        typed_as = param.opts[0]
        if not value:  # not given (or given empty): what the other name gave, if anything
            return str(ctx.params.get(dest, ""))
        if dest in ctx.params and ctx.params[dest]:
            other = ctx.meta.get(TYPED_NAMES, {}).get(dest, name)
            raise click.UsageError(f"{other} and {typed_as} are the same option: give it once")
        ctx.meta.setdefault(TYPED_NAMES, {})[dest] = typed_as
        ctx.meta.setdefault(TYPED_DATES, {})[dest] = value
        return read(value, typed_as) if read else value

    def keep_alias(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
        if value:
            ctx.params[dest] = keep(ctx, param, value)

    def decorate(f: F) -> F:
        f = click.option(name, dest, default="", callback=keep, metavar="DATE", help=help_text)(f)
        if alias:
            f = click.option(alias, default="", callback=keep_alias, expose_value=False, hidden=True)(f)
        return f

    return decorate


_ENDINGS = {".xlsx": "xlsx", ".csv": "csv", ".html": "html", ".htm": "html", ".json": "json"}


def output_format(fmt: str | None, output: str | None, formats: tuple[str, ...], default: str) -> str:
    """A file's format: --format, else as -o's file name ends, else ``default``. A file name that ends as another of
    ``formats`` than --format asks is refused: an XLSX in ``hope.csv`` (or a CSV in ``hope.xlsx``) does not open as
    its name says (trans probe, s38)."""
    ending = _ENDINGS.get(Path(output).suffix.lower()) if output and output != "-" else None
    named = ending if ending in formats else None
    if fmt is None:
        return named or default
    if named is not None and named != fmt:
        raise click.UsageError(
            f"-o {output} names {'an' if named in ('xlsx', 'html') else 'a'} {named.upper()} file, but --format is "
            f"{fmt}: give -o a name ending in .{fmt}, or --format {named} (or leave --format out: the name says it)"
        )
    return fmt


class WrittenWhole:
    """A file opened for ``-o FILE``, which takes the place of what was there only once it is written whole: a disk
    that filled half-way left a good export of last week cut at 43 of its 600 rows (robustness probe, s45). Writes go
    to a file beside it, made as private as the old one (0600 while written), renamed over it at the end with the old
    one's mode. Written in place as before: a device or a pipe, a file this user may not write (refused, as before) or
    does not own (a colleague's in a shared folder: replaced, it would be this user's; in /tmp's sticky folder the
    rename is refused), one with other names (hard links), and where no file can be made beside it (review, s45).
    Opening raises OSError, as open() does; ``with`` gives the stream."""

    def __init__(self, output: str, mode: str = "w", **kwargs: Any) -> None:
        self.target = os.path.realpath(output)  # (a link: the file it leads to is the one replaced)
        try:
            self.old: os.stat_result | None = os.stat(self.target)
        except FileNotFoundError:
            self.old = None
        self.part = ""
        old = self.old
        if old is None or (
            stat.S_ISREG(old.st_mode)
            and old.st_nlink == 1
            and old.st_uid == getattr(os, "getuid", lambda: old.st_uid)()
            and os.access(self.target, os.W_OK)
        ):
            folder, name = os.path.split(self.target)
            part = os.path.join(folder, f".{name}.{os.getpid()}.part")
            with contextlib.suppress(OSError):
                self.stream: IO[Any] = open(part, mode.replace("w", "x"), **kwargs)  # noqa: SIM115
                self.part = part
                if old is not None:  # (empty yet: private before anything is written)
                    os.chmod(part, 0o600)
        if not self.part:
            self.stream = open(output, mode, **kwargs)  # noqa: SIM115

    def __enter__(self) -> IO[Any]:
        return self.stream

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        try:
            self.stream.close()
            if self.part and kind is None:
                if self.old is not None:  # (a new file has what open() would have given it: 0666 less the umask)
                    os.chmod(self.part, stat.S_IMODE(self.old.st_mode))
                os.replace(self.part, self.target)
        finally:
            if self.part and os.path.exists(self.part):
                with contextlib.suppress(OSError):
                    os.unlink(self.part)
