"""The command line: parse arguments, call the library, print. Nothing else."""

from __future__ import annotations

import contextlib
import difflib
import itertools
import json
import logging
import os
import re
import shlex
import shutil
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from . import __version__
from .archive import Archive, _read_only_mount, a_folder, no_folder, now, renamed_sources, retag_needed
from .charset import shown
from .cli_common import (
    CONFIG,
    DATE_PARTNERS,
    DB,
    EXIT_BY_STATUS,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PARTIAL,
    NewsflowGroup,
    SetupError,
    WrittenWhole,
    check_tag,
    config_switched,
    date_names,
    date_option,
    echo_data,
    interruptible,
    named_partner,
    named_tag,
    open_archive,
    open_config,
    output_format,
    stated_archive,
    stopped_by_sigterm,
    typed_date,
)
from .cli_reports import digest as _digest_command
from .cli_reports import report as _report_command
from .config import SHIPPED_CONFIG
from .dates import FUTURE_DAYS, day_text, local_time, period_text
from .digest import DigestError, at_localhost, check_spec, digest_health, taken_over_by
from .language import and_list, language_name, said_language
from .lexicon import as_typed, minus_kept, or_kept, small_words_kept
from .models import BACKING_OFF, RunSummary, SourceResult, normalize_url
from .search import (
    ADDRESS_FILTERED_NOTE,
    ADDRESS_NOTE,
    CROSS_LANGUAGE_NOTE,
    PARTNERS_SQL,
    ArticleFilters,
    also_spelled,
    also_spelled_text,
    archived_at,
    date_range,
    dated_search,
    find_articles,
    finds_any,
    forms_searched,
    forms_searched_text,
    has_translations,
    is_address,
    is_site,
    parse_day,
    searches_to_try,
    site_partners,
    tag_named,
    tags_named,
)

if TYPE_CHECKING:
    import sqlite3

    from .config import Config, Settings
    from .pipeline import Pipeline
    from .reprocess import Retagged

DEMO_DB = "demo.db"

QUIET_DAYS = 60  # `status` flags a healthy source that has had nothing new for this long


def _age(stamp: str) -> str:
    """How long ago an ISO 8601 moment was, in words ("3 days", "40 hours")."""
    from .schedule import age

    hours = (age(stamp) or timedelta()).total_seconds() / 3600
    return f"{int(hours // 24)} days" if hours >= 48 else f"{int(hours)} hours"


def _pipeline(config: Config, archive: Archive, **kwargs: Any) -> Pipeline:
    """The nightly run's stages, imported by the commands that use them only: a search or the reading room starts
    without the fetching, extraction and translation modules (and httpx, lxml, BeautifulSoup, feedparser)."""
    from .pipeline import Pipeline

    return Pipeline.from_config(config, archive, **kwargs)


def _logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    # Dated lines: a cron log holds years of nights.
    logging.basicConfig(level=level, handlers=[_shown_handler()])
    logging.getLogger("httpx").setLevel(logging.WARNING if verbose < 2 else logging.DEBUG)


class _ShownFormatter(logging.Formatter):
    """Log lines as a terminal or a cron mail may show them: an address or an error a newsroom's answer put an ESC or
    a bidirectional control into (``charset.shown``) is written with it as %XX."""

    def format(self, record: logging.LogRecord) -> str:
        return shown(super().format(record))


def _shown_handler() -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_ShownFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%d %H:%M:%S"))
    return handler


# ---------------------------------------------------------------- checked options

_F = TypeVar("_F", bound=Callable[..., Any])


def _not_blank(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A filter given empty (`--source "$SRC"` in a cron line, with SRC unset) is a mistake, not every source: a
    `reextract --source ""` read the whole archive again (robustness probe, s45)."""
    given = ctx.get_parameter_source(param.name or "") is click.core.ParameterSource.COMMANDLINE
    if given and isinstance(value, str) and not value.strip():
        what = {
            "source": "a source's id (`newsflow status` lists them)",
            "tag": "a tag's name or id (`newsflow tags list` lists them)",
            "partner": "a partner's name",
        }.get(param.name or "", "a value")
        raise click.BadParameter(f"is empty: give {what}, or leave the option out for all of them")
    return value


def _date_option(name: str, help_text: str, end: bool = False, alias: str = "") -> Callable[[_F], _F]:
    """A date option read as the reading room reads its From and To (search.parse_day: 20.5.2025, 20/5/2025,
    2025-05-20, 20.5., May 2025, 2025-05, 2025, 7d, 2w, today, yesterday), as YYYY-MM-DD: a month or a year is its
    first day, or with ``end`` (for --until) its last. Also taken as ``alias`` (--from for --since, as `report` and
    the reading room name it); a message names the option as typed."""

    def read(value: str, typed_as: str) -> str:
        other = DATE_PARTNERS[typed_as]  # "two dates in one" says where the second goes, in the names typed
        try:
            day = parse_day(value, end=end, names=(other, typed_as) if end else (typed_as, other))
        except ValueError as e:
            raise click.BadParameter(str(e)) from None
        if not any(c.isdigit() for c in value) and value.strip().casefold() != "today":  # (s43)
            # A day said in words alone ("Monday", "yesterday", "this spring", "i höstas"): which date it was taken
            # as, as the reading room titles it ("newsflow search HOPE --since Monday" said nothing of the date).
            click.echo(f"{typed_as} {value}: {'up to' if end else 'from'} {day_text(day)}.", err=True)
        return day

    return date_option(name, help_text, alias=alias, read=read)


def _check_range(since: str, until: str) -> None:
    """--since after --until finds nothing, silently: say so instead (about the dates as typed: "25.11." needs a
    year where "2025-11-25" would need swapping), naming the options as typed (--from, --to)."""
    try:
        date_range(
            typed_date("since", since), typed_date("until", until), date_names("since", "until", ("--since", "--until"))
        )
    except ValueError as e:
        raise click.UsageError(str(e)) from None


SINCE = _date_option(
    "--since",
    "Only articles from this date on: 20.5.2025, 20/5/2025 (day first), 20.5.25, 20-5-2025, 2025-05-20, 20.5. (the "
    "latest 20 May), May 2025 (Finnish and Swedish month names too: toukokuu 2025, maj 2025), 2025-05, spring 2025 "
    "(kevät 2025, våren 2025), Q2 2025, 2025, 7d or 2w "
    "(days or weeks back), today, yesterday or a day of the week (Monday, maanantai, måndag: the latest). Also "
    "--from, as `newsflow report` says it.",
    alias="--from",
)
UNTIL = _date_option(
    "--until",
    "Only articles up to this date, as --since (a month or a year: to its end; 7d: that day). Also --to.",
    end=True,
    alias="--to",
)


def _check_lang(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not value:
        return ""
    code = said_language(value)  # a code, a regional one (fi-FI) or a name (finnish, suomi), as the reading room does
    if code:
        return code
    raise click.BadParameter(f"{value!r} is not a language code: use a two-letter code such as fi, sv or en")


LANG = click.option(
    "--lang",
    default="",
    callback=_check_lang,
    metavar="CODE",
    help="Only articles holding this language (fi, sv, en, ...); a mixed release counts under each.",
)


def _check_choice(archive: Archive, option: str, value: str, sql: str) -> None:
    """An id given on the command line must exist: otherwise say which do, and what was probably meant."""
    if not value:
        return
    known = [r[0] for r in archive.db.execute(sql)]
    if value in known:
        return
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.5)
    hint = f" Did you mean {' or '.join(close)}?" if close else ""
    shown = ", ".join(known[:40]) + (", …" if len(known) > 40 else "")
    raise click.UsageError(f"{option}: no {option[2:]} {value!r} in this archive.{hint} Known: {shown or '(none yet)'}")


def _check_filters(archive: Archive, tag: str = "", source: str = "", partner: str = "") -> tuple[str, str]:
    """Check the filters given on the command line; return the tag's id and the partner as the archive holds them.

    A tag may be given by its id, its name or an alias in any case ("hope", "HOPE project", "HOPE"), and a partner
    in any case ("coompanion"): people know them by the names the commands print."""
    if tag:
        tag = named_tag(archive.db.conn, tag)
        check_tag(archive.db.conn, tag)
    _check_choice(archive, "--source", source, "select id from sources order by id")
    if partner:
        partner = named_partner(archive.db.conn, partner)
        _check_choice(archive, "--partner", partner, f"select p from ({PARTNERS_SQL}) order by p")
    return tag, partner


@click.group(cls=NewsflowGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsflow")
def cli() -> None:
    """Follow partner newsrooms in Finnish, Swedish and English; archive, tag, translate, browse.

    Example: newsflow run --config feeds.toml --db archive.db
    """


# ---------------------------------------------------------------- run


# What --force overrides (schedule.skip_reason): not a host's 429 in this run, a full disk or an interrupted run.
_FORCEABLE = (BACKING_OFF, "fresh until")


def _print_summary(
    summary: RunSummary, as_json: bool, settings: Settings | None = None, said_before: frozenset[str] = frozenset()
) -> None:
    """The run's summary; ``said_before``: the language pairs an earlier run already said had no model (in full)."""
    if as_json:
        echo_data(json.dumps({**summary.as_dict(), "exit_code": _exit_code(summary)}, ensure_ascii=False, indent=2))
        return
    started = local_time(summary.started)
    click.echo(f"newsflow run #{summary.run_id}, {started}: {len(summary.sources)} source(s)")
    width = max([len(s.source) for s in summary.sources] + [6])
    t = summary.totals
    n = max(4, len(str(t["new"])))  # (a first run of a whole archive: 12,000 new pushed the columns out of line)
    click.echo(f"{'source':<{width}}  {'new':>{n}} {'updated':>7} {'dead links':>10}  status")
    for s in summary.sources:
        state = (
            f"skipped: {shown(s.skipped)}"
            + (" (--force fetches it now)" if s.skipped.startswith(_FORCEABLE) else " (asked again next run)")
            if s.skipped
            else f"FAILED: {shown(s.error)}"
            if s.error
            else "not modified"
            if s.not_modified
            else "ok, listed nothing"  # (unusual for a feed, which lists its latest however old: said the first night)
            if s.listed == 0
            else "ok"
        )
        state += _failing_for(s) + _what_to_do(s.error, s.kind, s.failing_since) if s.error else ""
        if s.moved_to and not s.error:  # the cron log's one line about it (warnings are left out with --quiet)
            state += f" (MOVED for good to {shown(s.moved_to)}: put it as this source's url in feeds.toml)"
        if s.articles_failing:
            state = f"ARTICLES FAILING since {local_time(s.articles_failing)}: " + (
                f"all {s.links_all_failed} new article links failed again, none was read{_links_failed(s)}"
                if s.links_all_failed
                else "its article links failed again, none was read (`newsflow status` lists them)"
            )
        elif s.links_all_failed:
            state = f"ok, but all {s.links_all_failed} new article links failed and none was read{_links_failed(s)}"
        click.echo(f"{s.source:<{width}}  {s.new:>{n}} {s.updated:>7} {s.failed:>10}  {state}")
    waiting = sum(s.backing_off for s in summary.sources)
    lost = sum(bool(s.articles_failing) and s.ok and not s.backing_off for s in summary.sources)
    click.echo(  # (a source whose every article link fails makes the run fail, as its exit code says: said here)
        f"{'total':<{width}}  {t['new']:>{n}} {t['updated']:>7} {t['failed']:>10}  "
        f"{t['sources_failed']} source(s) failed"
        + (f", {lost} with every new article link failing (ARTICLES FAILING)" if lost else "")
        + (f", {waiting} backing off after failing before" if waiting else "")
    )
    if t["failed"]:
        click.echo(
            f"{t['failed']} article link(s) could not be fetched or read; they are retried next run "
            "(`newsflow status` lists them)."
        )
    for s in summary.sources:
        if s.gap:
            click.echo(_listing_gap(s.source, s.gap))
        elif s.waiting:
            click.echo(_links_waiting(s.source, s.waiting))
    if summary.retag:  # (the log's warning is said once, and left out with --quiet: this line is said every run)
        click.echo(summary.retag + ".")
    if deferred := sum(s.deferred for s in summary.sources):
        click.echo(
            f"{deferred} article link(s) were not asked: their site asked newsflow to wait (Retry-After), or "
            "stopped answering in this run; they are asked next run."
        )
    if summary.pending_translation and set(summary.pending_translation) <= said_before:
        pairs = ", ".join(f"{pair} ({n})" for pair, n in sorted(summary.pending_translation.items()))
        click.echo(  # (a night's releases with no model for them: the whole advice, 300 characters, every night)
            f"Translation pending: no model installed for {pairs}, as said before (`newsflow status` says what to do)."
        )
    elif summary.pending_translation:
        pairs = ", ".join(f"{pair} ({n})" for pair, n in sorted(summary.pending_translation.items()))
        from .packages import package_dirs

        looked = (
            f" (looked for in {', '.join(str(d) for d in package_dirs(settings))}: a user's own folder)"
            if settings
            else ""
        )
        click.echo(
            f"Translation pending: no model installed for {pairs}{looked}. Install an Argos model as the user that "
            "runs newsflow (or name its folder in models_dirs) and they are translated by `newsflow translate`."
        )
    for err in sorted(set(summary.translation_errors)):
        click.echo(f"Translation error: {err}", err=True)
    if summary.low_disk is not None:
        click.echo(
            f"DISK NEARLY FULL: {summary.low_disk / 2**20:.0f} MB free on the disk holding the archive; a run that "
            "finds no room stops half-way. Free space on that disk (old logs; `VACUUM` after kept pages were dropped: "
            "see Archive size in the README), or move the archive to a larger one."
        )
    if summary.clock_behind:
        click.echo(_clock_wrong(summary.clock_behind, summary.clock_set_back))


def _failing_for(s: SourceResult) -> str:
    """How long a source's listing has failed, for its row: with --quiet (the README's cron line) the row is all the
    cron log says, and the first night of a failure read as the fortieth (probe s43)."""
    if s.failures < 2:
        return ""
    return f"; {s.failures} runs in a row" + (f", since {local_time(s.failing_since)}" if s.failing_since else "")


def _links_failed(s: SourceResult) -> str:
    """The last of a source's failing article links, and what to do, for its row: "(see the log)" pointed at a warning
    the README's cron line (--quiet) leaves out (probe s43)."""
    last = f" (the last: {shown(s.links_error)})" if s.links_error else ""
    return f"{last}: open one in a browser, and check this source's url and links in feeds.toml"


# The failures of a site's side that pass (a server error, a stall, a refused or broken connection): asked again, and
# said to the partner where they last. (Not a certificate that failed: one expired stays so until the site renews it.)
_PASSING_KINDS = frozenset({"http_5xx", "timeout", "connect", "network"})


def _what_to_do(error: str, kind: str = "", since: str = "") -> str:
    """What to do about a source's listing that failed (fetch.check_status's "HTTP 404 (not found)"), for the night's
    row: "FAILED: HTTP 404 (not found)" alone said what, not what to do (`status` says it after 14 days of it); and
    "HTTP 500 (server error)" on the fortieth night no more than on the first (probe s43)."""
    if kind in _PASSING_KINDS:
        if since and since < _days_ago(LONG_FAILING):
            return (
                f"; over {LONG_FAILING} days now: open its address in a browser, and if it fails there too, tell the "
                "partner their newsroom is down for newsflow"
            )
        return "; a fault on the site's side, which usually passes: newsflow asks again"
    if kind == "tls":
        return (
            "; open its address in a browser: if the browser warns too, tell the partner (their certificate may have "
            "expired); if not, this machine's certificates may be out of date"
        )
    if kind == "redirect" and error.startswith(("redirect loop", "more than")):
        return (
            "; open its address in a browser: if it opens, put the address it ends at as url in feeds.toml, and if "
            "not, tell the partner their site redirects in a loop"
        )
    if error.startswith(("HTTP 404", "HTTP 410")):
        return (
            "; if it stays so, the newsroom has moved: find it on the partner's site and put its address as url in "
            "feeds.toml"
        )
    if error.startswith(("HTTP 401", "HTTP 403")):
        return (
            "; if the address opens in a browser, the site refuses automated reading (ask the partner to let newsflow "
            "in), and if not, check url in feeds.toml"
        )
    return ""


def _listing_gap(source: str, new: int) -> str:
    """What to do where a source's listing ended before any release the archive knows (``SourceResult.gap``)."""
    return (
        f"LISTING GAP: {source}: all {new} releases its listing gave are new, and the listing ends (or names no "
        "further page newsflow could follow) before any release archived before: it published more since the last "
        "run than it lists, and the older ones may be missing. Open its listing in a browser and look further back; "
        "to archive what is missing, add a source for the listing's older page (or an archive page or sitemap of it) "
        "to feeds.toml for a run: a release is archived once, whichever source lists it."
    )


def _links_waiting(source: str, waiting: int) -> str:
    """What to do where max_items leaves a source's listed links for the next runs (``SourceResult.waiting``)."""
    return (
        f"{source}: {waiting:,} listed release(s) not archived yet wait for the next runs, a few a run (max_items); "
        "to take them sooner, raise max_items for this source in feeds.toml for a run or two."
    )


def _clock_wrong(behind: float, set_back: bool = False) -> str:
    """What to do about this machine's clock, ``behind`` seconds behind the web servers' (negative: ahead); with
    ``set_back``, behind an earlier run's start (health.clock_set_back: the servers could not tell)."""
    days = abs(behind) / 86_400
    said = f"{days:.1f}" if days < 10 else f"{days:,.0f}"
    if set_back:
        return (
            f"CLOCK WRONG: this run started {said} days before an earlier run did: this machine's clock was set "
            "back since (a dead battery, a wrong date typed in), or that earlier run's clock was ahead. What this "
            "run archived is timed by it. Check the clock (`date`); set it right (`timedatectl set-ntp true`, as "
            "root) and run `newsflow reextract` to date this run's releases again."
        )
    if behind > 0:
        # (A release dated up to FUTURE_DAYS after today is dated: the grace for time zones and embargoes.)
        undated = days > FUTURE_DAYS
        return (
            f"CLOCK WRONG: this machine's clock is {said} days behind the time the web servers give (the Date of their "
            "answers): "
            + (
                f"releases dated more than {FUTURE_DAYS} days after the date it shows are archived undated, and "
                if undated
                else ""
            )
            + "what a run archives is timed wrongly. Set the clock right (`timedatectl set-ntp true`, as root)"
            + (", then run `newsflow reextract` to date those releases." if undated else ".")
        )
    return (
        f"CLOCK WRONG: this machine's clock is {said} days ahead of the time the web servers give (the Date of their "
        "answers): what a run archives is timed wrongly (first seen in the future). Set the clock right "
        "(`timedatectl set-ntp true`, as root)."
    )


def _exit_code(summary: RunSummary) -> int:
    """The run's exit code for cron: as the run went, and at least 1 (a night that needs a look) where the disk is
    nearly full, so that the e-mail comes the night before a run finds no room, not after, the clock is wrong, or a
    listing may have lost releases (a gap: ``SourceResult.gap``)."""
    code = EXIT_BY_STATUS[summary.status]
    needs_look = summary.low_disk is not None or bool(summary.clock_behind) or any(s.gap for s in summary.sources)
    return EXIT_PARTIAL if code == EXIT_OK and needs_look else code


class _Progress:
    """One status line on a terminal, cut to its width, rewritten in place."""

    def __init__(self) -> None:
        self.lock = threading.Lock()

    def __call__(self, msg: str) -> None:
        width = max(20, shutil.get_terminal_size((80, 20)).columns - 1)
        line = shown(" ".join(msg.split()))
        if len(line) > width:
            line = line[: width - 1] + "…"
        with self.lock:
            click.echo(f"\r\033[K{line}", nl=False, err=True)

    def clear(self) -> None:
        with self.lock:
            click.echo("\r\033[K", nl=False, err=True)


@cli.command()
@CONFIG
@DB
@click.option("--source", "only", multiple=True, help="Only this source id (repeatable).")
@click.option("--force", is_flag=True, help="Also fetch sources that are backing off after failures.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Read each source's feed or listing now and list the releases it gives, new or archived; archive nothing.",
)
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv: HTTP too).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
def run(
    config_path: str,
    db_path: str,
    only: tuple[str, ...],
    force: bool,
    as_json: bool,
    dry_run: bool,
    verbose: int,
    quiet: bool,
) -> None:
    """Fetch every source once and archive what is new: the nightly job.

    Example: newsflow run --config feeds.toml --db archive.db

    Before adding a source to the night: newsflow run --source ID --dry-run
    """
    _logging(verbose, quiet)
    config = open_config(config_path, db_path)
    if config.digest_error:  # digests are sent by `newsflow digest`: the night's archiving goes on without them
        click.echo(f"newsflow: digests cannot be sent until this is fixed: {config.digest_error}", err=True)
    if not config.sources:
        raise SetupError(
            f"{config.path or config_path} lists no sources: add a [[sources]] table for each newsroom to follow "
            "(see Configuration in the README)"
        )
    known = [s.id for s in config.sources]
    for source_id in only:
        if source_id not in known:
            close = difflib.get_close_matches(source_id, known, n=3, cutoff=0.5)
            hint = f" Did you mean {' or '.join(close)}?" if close else ""
            raise click.UsageError(
                f"--source: no source {source_id!r} in {config.path or 'the configuration'}.{hint} "
                f"Known: {', '.join(known)}"
            )
    if dry_run:
        _dry_run(config, db_path, list(only) or None, as_json)
    show = sys.stderr.isatty() and not quiet and not as_json
    progress = _Progress() if show else None
    switched = config_switched(config, db_path)  # (a trial with --config feeds.new.toml: the cron runs then refused)

    unfinished: list[dict[str, Any]] = []

    def started(summary: RunSummary, sources: int) -> None:
        # The night's first line in a log, before any warning of its own: cron's log tells one night from another.
        with contextlib.suppress(OSError):  # a full log disk: the night's archiving goes on without its line
            if not as_json:
                click.echo(f"newsflow run #{summary.run_id} started {local_time(summary.started)}: {sources} source(s)")
            if switched:
                click.echo(switched, err=as_json)
            for before in unfinished:  # (its night's part of the log ends at its first line, with no summary)
                click.echo(
                    f"newsflow: run #{before['id']}, started {local_time(before['started'])}, did not finish: its "
                    "process was killed (out of memory, a time limit, a shutdown?) or stopped by an error said after "
                    "its first line; what it archived stays, and this run goes on from there",
                    err=as_json,
                )
            sys.stdout.flush()

    with open_archive(db_path, lock=True) as archive, stopped_by_sigterm(fetching=True):
        with archive.lock:  # still "running" while this run holds the lock: killed mid-way (recorded so at the start)
            unfinished += archive.db.query("select id, started from runs where status = 'running' order by id")
        untranslated = _untranslated_before(archive)
        pipeline = _pipeline(config, archive, progress=progress)
        summary: RunSummary | None = None
        try:
            summary = pipeline.run(only=list(only) or None, force=force, on_start=started)
        except KeyboardInterrupt:
            pass  # said below, once the archive is closed
        finally:
            if progress:  # however the run ended (interrupted, a full disk too): no progress line left behind
                progress.clear()
    if summary is None:
        click.echo(
            f"newsflow: the run was interrupted at {local_time(now())}; what it archived stays, and the next "
            "run goes on from there.",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    from . import health

    free = health.disk_free(db_path)
    if free is not None and free < health.LOW_DISK:
        summary.low_disk = free
    try:
        _print_summary(summary, as_json, config.settings, untranslated)
    except OSError as e:  # the log's disk is full: the run is archived; its exit code still says how it went
        with contextlib.suppress(OSError):
            click.echo(
                f"newsflow: the run's summary could not be written ({e.strerror}); see `newsflow status`", err=True
            )
    sys.exit(_exit_code(summary))


def _untranslated_before(archive: Archive, runs: int = 30) -> frozenset[str]:
    """The language pairs the last ``runs`` runs said had releases waiting for a model (from their summaries): a run
    that finds them so again says it in a line, not the whole advice again (about a month of nightly runs)."""
    pairs: set[str] = set()
    with archive.lock:
        rows = archive.db.execute(
            "select summary from runs where json_valid(summary) order by id desc limit ?", [runs]
        ).fetchall()
    for (summary,) in rows:
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            pending = json.loads(summary).get("pending_translation")
            pairs |= {str(pair) for pair in pending} if isinstance(pending, dict) else set()
    return frozenset(pairs)


def _dry_run(config: Config, db_path: str, only: list[str] | None, as_json: bool) -> NoReturn:
    """`run --dry-run`: each source's releases as its document gives them now, against the archive as it is (read
    only, and not created: without one every release is new)."""
    from .dates import in_zone
    from .models import RobotsEntry
    from .sources import History, dates_a_release, preview

    history: History
    robots: dict[str, RobotsEntry]
    nothing = "nothing was archived (--dry-run)."
    with interruptible("run --dry-run", nothing), contextlib.ExitStack() as stack:
        if stated_archive(db_path) == "missing":  # (nothing on disk, not even a temporary one a SIGTERM would leave)
            click.echo(f"newsflow: there is no archive at {db_path}: every release is new to it", err=True)
            history, robots = (lambda links: {}), {}
        else:
            archive = stack.enter_context(open_archive(db_path, readonly=True))
            history, robots = archive.releases.history, archive.runs.load_robots()
        chosen = [source for source in config.sources if not only or source.id in only]
        found = preview(chosen, config.settings, history, robots)
    failed = sum(bool(error) for _, _, error in found)
    code = EXIT_OK if not failed else EXIT_FAILED if failed == len(found) else EXIT_PARTIAL
    if as_json:
        echo_data(
            json.dumps(
                [
                    {
                        "source": source.id,
                        "error": error,
                        "releases": [
                            {
                                "url": normalize_url(link.url),
                                "title": link.title,
                                "published": in_zone(link.published, source.timezone)
                                if dates_a_release(link.published)
                                else "",
                                "archive": state,
                            }
                            for link, state in links
                        ],
                    }
                    for source, links, error in found
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        sys.exit(code)
    for source, links, error in found:
        if error:
            click.echo(f"{source.id}: FAILED: {error}")
            continue
        new = sum(state == "new" for _, state in links)
        click.echo(f"{source.id}: {_counted(len(links), 'release', 'releases')} listed, {new:,} new to the archive")
        if source.kind == "sitemap" and any(link.published and not link.title for link, _ in links):
            # (not a news sitemap's, whose entries' <news:title> come with their <news:publication_date>)
            click.echo("  (a sitemap's dates are when each page last changed; a run dates a release by its page)")
        if new and len(links) > source.max_items:  # (its backlog, worked through a few a run)
            click.echo(f"  (a run reads {source.max_items} of them at most, max_items: the new ones a few a run)")
        for link, state in links:
            # (a date no release has, after today or a system's empty one, as a run leaves it: the page's own or none)
            usable = link.published if dates_a_release(link.published) else ""
            day = in_zone(usable, source.timezone)[:10] or "date unknown"
            headline = " ".join(link.title.split())  # (a headline's line breaks would forge lines of their own)
            click.echo(f"  {state:<9} {day:<12} {shown(headline) or '(no headline listed)'}")
            click.echo(f"            {shown(normalize_url(link.url))}")
    click.echo("Nothing was archived (--dry-run). A run also reads a listing's next pages while every link is new.")
    sys.exit(code)


@cli.command()
@click.option(
    "--db",
    "db_path",
    default=DEMO_DB,
    show_default=True,
    type=click.Path(readable=False),
    help="The demo's own archive (never a real one).",
)
@click.option(
    "--port",
    default=8642,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port for the demo newsroom on 127.0.0.1 (0: any free port).",
)
def demo(db_path: str, port: int) -> None:
    """Serve the bundled demo newsroom on 127.0.0.1 and archive it into its own archive, offline.

    Example: newsflow demo --db demo.db
    """
    _logging(0, False)
    from . import health
    from .demo import DemoRefused, check_demo_archive, demo_config, serve_demo
    from .sources import FIRST_PAGE_ONLY

    def not_first_page_only(record: logging.LogRecord) -> bool:  # (the demo's listing has an older page by design)
        return FIRST_PAGE_ONLY not in str(record.msg)

    with open_archive(db_path, lock=True) as archive:
        try:
            check_demo_archive(archive)
        except DemoRefused as e:
            raise SetupError(str(e)) from None
        with serve_demo(port) as (base, _server):
            click.echo(f"Demo newsroom at {base}/ (Coompanion feed, Seinäjoki listing, HOPE sitemap)")
            config = demo_config(base)
            logging.getLogger("newsflow").addFilter(not_first_page_only)
            try:
                summary = _pipeline(config, archive).run()
            finally:
                logging.getLogger("newsflow").removeFilter(not_first_page_only)
        _print_summary(summary, False)
        click.echo("")
        for r in health.recent_articles(archive):
            lang = r["language"] + ("+" if r["mixed"] else " ")
            click.echo(f"  [{lang}] {r['title'][:70]:<70}  {len(json.loads(r['tags']))} tags")
        click.echo(
            f"\n{_articles(archive.count('articles'))} archived in {db_path}. Browse them with:\n"
            f"  newsflow serve --db {db_path}      (the reading room on http://127.0.0.1:8001/)\n"
            f"  newsflow search HOPE --db {db_path}"
        )
    sys.exit(EXIT_BY_STATUS[summary.status])


@cli.command()
@CONFIG
@DB
def translate(config_path: str, db_path: str) -> None:
    """Translate archived articles whose translation is pending (after installing a model).

    Example: newsflow translate --db archive.db
    """
    _logging(0, False)
    config = open_config(config_path, db_path)
    from .packages import TranslateError

    stays = "the articles it translated are saved, and running `newsflow translate` again goes on with the rest."
    with interruptible("translate", stays), open_archive(db_path, lock=True, must_exist=True) as archive:
        pipeline = _pipeline(config, archive)
        try:
            done, waiting, pending = pipeline.translate_pending()  # the whole archive
        except TranslateError as e:
            raise click.ClickException(str(e)) from None
    click.echo(f"{done} article(s) translated.")
    broken = pipeline.translator.broken if pipeline.translator is not None else {}
    absent = {pair: n for pair, n in pending.items() if pair not in broken}
    if absent:
        # (per pair, no total: a release in Finnish and Swedish waits for both, and is one release)
        pairs = ", ".join(f"{pair} ({n} {'release' if n == 1 else 'releases'})" for pair, n in sorted(absent.items()))
        click.echo(f"Still pending: no model installed for {pairs}.")
    for pair, why in sorted(broken.items()):
        click.echo(f"{pending.get(pair, 0)} wait for {pair}: {why}.", err=True)
    if broken:
        sys.exit(EXIT_PARTIAL)


@cli.command()
@CONFIG
@DB
@click.option("--source", default="", metavar="ID", callback=_not_blank, help="Only articles from this source id.")
@_date_option("--since", "Only articles first seen on or after this date.")
@click.option(
    "--force",
    is_flag=True,
    help="Keep a new extraction even where it is another, much shorter text than the archived one "
    "(refused otherwise, as a selector picking the wrong part of the page would give).",
)
def reextract(config_path: str, db_path: str, source: str, since: str, force: bool) -> None:
    """Extract, detect, tag and translate archived articles again from their kept pages, without fetching.

    Use it after upgrading newsflow's extractor or editing a source's selectors; a re-extraction
    is not recorded as an edit by the partner.

    Example: newsflow reextract --source seinajoki --since 2024-01-01
    """
    _logging(0, False)
    config = open_config(config_path, db_path)
    from . import reprocess

    # On a terminal, how far the pass is (it reads some 150 releases a second: 12,000 take over a minute).
    progress = _Progress() if sys.stderr.isatty() else None
    came = [0, 0]  # articles done, articles in the pass: an interrupted pass says how far it came

    def step(done: int, of: int) -> None:
        came[:] = [done, of]
        if progress is not None and (done % 25 == 0 or done + 1 == of):
            progress(f"[{done:,}/{of:,}] extracting again from the kept pages…")

    try:
        # (outside the archive: it is closed, a transaction rolled back, before saying so)
        with stopped_by_sigterm(), open_archive(db_path, lock=True, must_exist=True) as archive:
            _check_filters(archive, source=source)
            # (a pass that tags every release by an edited taxonomy says what a retag would: see _reextract_tags)
            tags_before, edited = archive.all.tag_counts(), frozenset(archive.all.edited_tags(config.tags))
            try:
                translator = _pipeline(config, archive).translator
                counts = reprocess.reextract(archive, config, translator, source, since, force, progress=step)
            finally:
                if progress is not None:
                    progress.clear()
            without = len(archive.pages.article_ids(source=source, since=since, kept=False))
            tags_after = archive.all.tag_counts()
    except KeyboardInterrupt:
        # Each article is saved on its own: a second pass does the rest (and finds the ones done unchanged).
        came_to = (
            f"the {came[0]:,} article(s) of {came[1]:,} it extracted again are saved, and running the same command "
            "again completes the pass."
            if came[1]
            else "it had extracted no article again yet; running the same command again completes the pass."
        )  # (none yet: stopped waiting for the archive's lock, say, not "the 0 article(s) of 0")
        click.echo(f"newsflow: reextract was interrupted at {local_time(now())}; {came_to}", err=True)
        sys.exit(EXIT_INTERRUPTED)
    total = counts["changed"] + counts["unchanged"] + counts["failed"] + counts["errors"]
    if not total:
        # Why none: a page is kept for keep_pages_days after it was fetched.
        kept = (
            f"pages are kept for keep_pages_days ({config.settings.keep_pages_days}) days after they were fetched, "
            "from the version of newsflow that began keeping them"
        )
        if source or since:
            asked = and_list(
                [x for x in (source and f"from source {source}", since and f"first seen on or after {since}") if x]
            )
            click.echo(f"No kept pages to extract again: no archived article {asked} has one ({kept}).")
        else:
            click.echo(f"No kept pages to extract again ({kept}).")
        _reextract_tags(config, counts)
        return
    texts = [f"{counts[k]:,} {k}" for k in ("longer", "shorter") if counts[k]]
    more = f" ({counts['longer'] + counts['shorter']:,} in their text: {' and '.join(texts)})" if texts else ""
    click.echo(
        f"Extracted {total:,} article(s) again: {counts['changed']:,} changed{more}, {counts['unchanged']:,} unchanged"
        + (f", {counts['failed']:,} gave no text (left as they were)" if counts["failed"] else "")
        + (
            f", {counts['errors']:,} could not be extracted (left as they were; the log says why)"
            if counts["errors"]
            else ""
        )
        + "."
    )
    if without:  # (the admin probe: "Extracted 270 article(s) again" where 19,700 more had no page to read)
        click.echo(
            f"{without:,} more archived article(s) {'of these' if source or since else 'in the archive'} have no kept "
            f"page (pages are kept for keep_pages_days, {config.settings.keep_pages_days}, days): they keep their "
            "text as archived."
        )
    if (source or since) and counts.get("older_left"):  # (what `status` goes on advising: another source's, older)
        click.echo(
            f"{counts['older_left']:,} more archived article(s) with a kept page were extracted by an older version of "
            "the extractor: `newsflow reextract` without --source and --since reads them too."
        )
    tagged = counts["changed"] + counts["unchanged"]
    done = reprocess.Retagged(tagged, sum(tags_after.values()), tags_before, tags_after, edited)
    _reextract_tags(config, counts, done)
    if counts["errors"]:
        sys.exit(EXIT_PARTIAL)


def _reextract_tags(config: Config, counts: dict[str, int], done: Retagged | None = None) -> None:
    """Where the taxonomy was edited since the archive was tagged: whether a retag still waits after a reextract (it
    tags what it extracts again by the taxonomy as edited; the warning at its start counted every release). Where
    none waits, what the retag would have said (a tag on more or fewer releases, an edited one found in none: a
    mistyped name), as no retag will."""
    if counts.get("retagged_all"):
        click.echo("Every archived article is now tagged by the taxonomy as edited: no `newsflow retag` is needed.")
        for line in retag_changes(config, done) if done is not None else []:
            click.echo(f"  {line}")
    elif waits := counts.get("retag_waits", 0):
        click.echo(
            f"The tag taxonomy was edited: the {waits:,} archived article(s) not extracted again keep the tags it "
            "gave before; `newsflow retag` tags them by it."
        )
    elif counts.get("tags_removed"):
        click.echo("A tag taken out of the taxonomy stays in the archive until `newsflow retag` takes it out.")


# ---------------------------------------------------------------- status


LONG_FAILING = 7  # days a source's address may fail with a 4xx before status says to check it


def _days_ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat()


def _source_health(s: dict[str, Any], quiet_before: str) -> str:
    if s.get("configured") == 0:
        return "no longer in the configuration: not fetched any more (what it published stays in the archive)"
    if not s["last_attempt"]:
        return "not fetched yet"
    if s["consecutive_failures"]:
        # Since its first failure after it was last fetched well (that moment, where no failure is on record).
        first, well = s.get("failing_since"), s["last_success"]
        # (never fetched well: since when it has been asked, where more than once)
        since = f", since {local_time(first)}" if first and (well or s["consecutive_failures"] > 1) else ""
        since += f"; last fetched well {local_time(well)}" if well else ", never fetched well"
        said = f"FAILING ({s['consecutive_failures']} in a row{since})"
        if s.get("last_error_kind") == "http_4xx" and well and well < _days_ago(LONG_FAILING):
            said += (
                f": its address has answered 'not found' or refused for over {LONG_FAILING} days; check url in "
                "feeds.toml against the partner's site (the newsroom may have moved)"
            )
        elif s.get("last_error_kind") in _PASSING_KINDS and (first or well or "~") < _days_ago(LONG_FAILING):  # (s43)
            said += (
                f": its site has failed for over {LONG_FAILING} days; open its address in a browser, and if it fails "
                "there too, tell the partner their newsroom is down for newsflow"
            )
        return said
    if empty := s.get("lists_nothing"):  # (_lists_nothing)
        return f"LISTS NOTHING since {local_time(empty['since'])} (it listed {empty['listed_before']} item(s) before)"
    health = "ok"
    first = s.get("first_success") or s["last_success"] or ""
    if s["last_success"] and first < quiet_before and (s["last_new_item"] or first) < quiet_before:
        health += f", nothing new for {QUIET_DAYS}+ days"
    return health


def _last_summary(last: dict[str, Any] | None) -> dict[str, Any]:
    """The last run's summary as it stored it ({} where it has none, or one that cannot be read)."""
    summary = last.get("summary") if last else None
    return summary if isinstance(summary, dict) else {}


def _backing_off(last: dict[str, Any] | None) -> int:
    """How many sources the last run did not ask because they failed before (a run of those alone is FAILED, while
    none "failed" in it: said beside the count, admin probe s41)."""
    rows = _last_summary(last).get("sources")
    return sum(
        1
        for r in (rows if isinstance(rows, list) else [])
        if isinstance(r, dict) and str(r.get("skipped") or "").startswith(BACKING_OFF)
    )


def _clock_behind(last: dict[str, Any] | None) -> int:
    """Seconds the last run found this machine's clock behind the web servers' (negative: ahead; 0: right)."""
    behind = _last_summary(last).get("clock_behind_seconds", 0)
    return behind if isinstance(behind, int) else 0


def _listing_states(last: dict[str, Any] | None) -> list[tuple[str, int, int]]:
    """Each source's listing gap and links waiting, as the last run found them: (source, gap, waiting)."""
    rows = _last_summary(last).get("sources")
    return [
        (str(r.get("source", "")), int(r.get("gap") or 0), int(r.get("waiting") or 0))
        for r in (rows if isinstance(rows, list) else [])
        if isinstance(r, dict) and (r.get("gap") or r.get("waiting"))
    ]


# A listing that read well and gave no link for this many runs in a row, over at least EMPTY_DAYS, where it gave
# some before: a feed emptied, a category or a sitemap moved. Most feeds list their last 10 or 20 releases however old:
# those never empty while the newsroom is there, and a night's glitch is over by the next run. A feed or a news
# sitemap of the last days only does empty on a quiet week: where this one has been empty before (and listed again),
# it is said only once it stays empty longer than it ever did in the runs looked at.
EMPTY_RUNS = 3
EMPTY_DAYS = 2
EMPTY_LOOKED_AT = 90  # runs back (three months of nightly runs)


def _lists_nothing(archive: Archive, sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each source with ``lists_nothing``: since when its listing, read in full and without error, has given no link
    at all, and how many it gave the last time it gave any ({"since", "runs", "listed_before"}; None where not so).

    From what each run's summary says of each source's listing: ``listed``, the links it gave (a listing not read in
    full, "not modified", failing or skipped, says nothing either way; runs from before summaries held it neither)."""
    for s in sources:
        s["lists_nothing"] = None
    with archive.lock:
        runs = archive.db.execute(
            "select started, summary from runs where json_valid(summary) order by id desc limit ?", [EMPTY_LOOKED_AT]
        ).fetchall()
    seen: dict[str, list[tuple[str, int]]] = {}  # source: (run started, links listed), newest first
    for started, summary in runs:
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            for r in json.loads(summary).get("sources") or []:
                listed = r.get("listed")
                read = not (r.get("error") or r.get("skipped") or r.get("not_modified"))
                if read and isinstance(listed, int) and not isinstance(listed, bool) and listed >= 0:
                    seen.setdefault(str(r.get("source")), []).append((str(started), listed))
    for s in sources:
        if s.get("configured") == 0 or s["consecutive_failures"]:
            continue
        said = _empty_streak(seen.get(s["id"], []))
        if said:
            s["lists_nothing"] = said
    return sources


def _empty_streak(counts: list[tuple[str, int]]) -> dict[str, Any] | None:
    """The listing's present run of empty reads (``counts``: (started, links listed), newest first), where it is
    one to say: EMPTY_RUNS reads or more, over EMPTY_DAYS or more, after a read that listed links, and longer than any
    earlier run of empty reads among them."""
    streak = 0
    while streak < len(counts) and counts[streak][1] == 0:
        streak += 1
    if streak < EMPTY_RUNS or streak == len(counts):  # (never seen listing anything: a new source's, not emptied)
        return None

    def days(newest: str, oldest: str) -> float:
        return (datetime.fromisoformat(newest) - datetime.fromisoformat(oldest)).total_seconds() / 86400

    try:
        now_empty = (datetime.now(UTC) - datetime.fromisoformat(counts[streak - 1][0])).total_seconds() / 86400
        longest, i = 0.0, streak  # the longest earlier run of empty reads, from its first to the read that listed
        while i < len(counts):
            j = i
            while j < len(counts) and counts[j][1] == 0:
                j += 1
            if j > i:  # (one the runs looked at begin in counts to its first read)
                longest = max(longest, days(counts[i - 1][0], counts[j - 1][0]))
            i = j + 1
    except (ValueError, TypeError):  # (a moment stored without a zone, or edited by hand)
        return None
    if now_empty < max(EMPTY_DAYS, longest):
        return None
    return {"since": counts[streak - 1][0], "runs": streak, "listed_before": counts[streak][1]}


def _status_warnings(
    last: dict[str, Any] | None,
    free: int | None,
    sources: list[dict[str, Any]],
    digests: list[dict[str, Any]],
    retag: str = "",
    older: Any = None,
) -> list[dict[str, Any]]:
    """What `status` flags in capitals, for a monitoring script reading `status --json`: each a stable code and, where
    it is about one source or digest, its name (the words are the text report's)."""
    from . import health

    found: list[dict[str, Any]] = []
    if last and last["overdue"]:
        found.append({"code": "RUN_STUCK" if last["status"] == "running" else "NO_RUN_SINCE", "since": last["started"]})
    if last and last["status"] in ("interrupted", "failed"):  # killed, out of memory, a full disk: every night, maybe
        found.append({"code": f"LAST_RUN_{last['status'].upper()}", "run": last["id"], "started": last["started"]})
    if free is not None and free < health.LOW_DISK:
        found.append({"code": "DISK_NEARLY_FULL", "free_bytes": free})
    if behind := _clock_behind(last):
        found.append({"code": "CLOCK_WRONG", "behind_seconds": behind})
    for source, new, _waiting in _listing_states(last):
        if new:
            found.append({"code": "LISTING_GAP", "source": source, "new": new})
    for s in sources:
        if s["consecutive_failures"] and s.get("configured") != 0:
            found.append({"code": "SOURCE_FAILING", "source": s["id"], "error": s["last_error"] or ""})
        if s["extraction_warning"]:
            found.append({"code": "EXTRACTION", "source": s["id"], "error": s["extraction_warning"]})
        if s["moved_to"] and s.get("configured") != 0:
            found.append({"code": "SOURCE_MOVED", "source": s["id"], "url": s["url"], "moved_to": s["moved_to"]})
        if s["articles_failing_since"] and s.get("configured") != 0:
            found.append({"code": "ARTICLES_FAILING", "source": s["id"], "since": s["articles_failing_since"]})
        if s.get("lists_nothing"):
            found.append({"code": "SOURCE_LISTS_NOTHING", "source": s["id"], **s["lists_nothing"]})
    found += [
        {
            "code": "DIGEST_REFUSED_FOR_NOW"
            if d.get("refused_for_now")
            else "DIGEST_FAILING"
            if d["failing"]
            else "DIGEST_ADDRESS_REFUSED",
            "digest": d["name"],
            "error": d["last_error"],
        }
        for d in digests
        if d["failing"] or d["refused"]
    ]
    found += [
        {"code": "DIGEST_NOT_CALLED", "digest": d["name"], "since": d["last_attempt"], "every_days": d["every_days"]}
        for d in digests
        if d.get("not_called")
    ]
    if retag:
        found.append({"code": "RETAG_NEEDED", "message": retag})
    if older is not None:  # (advice: exit codes as before)
        found.append(older.warning())
    return found


def _renamed(conn: sqlite3.Connection, digests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each digest with ``renamed_to``: the name feeds.toml gave it since, whose first call took over its window and
    what it sent (digest.renamed_from; its sent releases are that one's now, under this one's sends), where it has
    not been called since ("" otherwise). Such a digest is not NOT CALLED (status said it was missing for 90 days:
    its cron line now calls the new name; probe, s40), nor FAILING: the new name's calls send what it kept."""
    created = {d["name"]: d.get("created") or "" for d in digests}
    for d in digests:
        d["renamed_to"] = ""
        if not d.get("last_sent"):
            continue
        took = taken_over_by(conn, d["name"])  # (a name renamed twice: the latest, which holds its releases too)
        later = sorted((created.get(n, ""), n) for n in took if created.get(n, "") >= (d.get("last_attempt") or ""))
        if later:  # (what it failed to send, or sent to an address refused, is the new name's to send or to say)
            d["renamed_to"] = later[-1][1]
            d["not_called"] = d["failing"] = d["refused"] = False
    return digests


@cli.command()
@DB
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (times in ISO 8601, UTC).")
def status(db_path: str, as_json: bool) -> None:
    """Show each source's health, the last run, pending translations and what each partner published lately.

    Example: newsflow status --db archive.db
    """
    from . import health

    with open_archive(db_path, readonly=True) as archive:
        sources = _lists_nothing(archive, health.source_health(archive))
        last = health.last_run(archive)
        latest = health.latest_by_partner(archive)
        failures = health.run_failures(archive, last["id"]) if last else []
        pending = health.pending_translation_notes(archive)
        digests = _renamed(archive.db.conn, digest_health(archive))
        retag = retag_needed(archive)
        older = health.older_extractions(archive)
    free = health.disk_free(db_path)
    if as_json:
        echo_data(
            json.dumps(
                {
                    "warnings": _status_warnings(last, free, sources, digests, retag, older),
                    "sources": sources,
                    "last_run": last,
                    "last_run_failures": failures,
                    "pending_translations": pending,
                    "digests": digests,
                    "latest": latest,
                    "disk_free_bytes": free,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if last:
        state = {
            "running": "running now",
            "interrupted": "INTERRUPTED (the process was stopped before it finished)",
            "failed": "FAILED (every source failed or waits to be tried again after failures, or an error stopped "
            "it: the end of the cron log says why)",
        }
        click.echo(
            f"Last run #{last['id']}: {state.get(last['status'], last['status'])}, started "
            f"{local_time(last['started'])}"
            + (f", finished {local_time(last['finished'])}" if last["finished"] else "")
            + f"; {last['new'] or 0} new, {last['updated'] or 0} updated, "
            f"{last['sources_failed'] or 0} source(s) failed"
            + (f", {waiting} waiting to be tried again after failures" if (waiting := _backing_off(last)) else "")
            + f", {last['failed'] or 0} article link(s) failed"
        )
        if last["overdue"] and last["status"] == "running":
            holder = ""
            with contextlib.suppress(OSError):
                holder = Path(archive.run_lock.path).read_text(encoding="utf-8").strip()
            click.echo(
                f"  RUN STUCK: this run has held the archive for {_age(last['started'])} ({holder or 'pid unknown'}); "
                "while it does, every nightly run exits 75 and nothing new is archived. If that process hangs, stop it "
                "(kill the pid); what it archived stays, and the next run goes on from there."
            )
        elif last["overdue"]:
            click.echo(
                f"  NO RUN SINCE: the archive has not been brought up to date for {_age(last['started'])}. The "
                "nightly `newsflow run` has stopped running, or stops at once: check cron and its log (a feeds.toml "
                "that cannot be read stops every run with exit 4, before anything is recorded)."
            )
        for f in failures[:10]:
            named = f["url"] and f["url"] not in f["error"]  # (most errors name their address themselves)
            said = shown(f"{f['url'] + ' ' if named else ''}{f['error'][:160]}")
            click.echo(f"    {f['source_id'] or '-'} {f['stage']}: {said}")
        if len(failures) > 10:
            click.echo(
                f"    … and {len(failures) - 10} more: `newsflow status --json` lists them all (last_run_failures)"
            )
    else:
        click.echo("No run yet: `newsflow run` fetches the sources.")
    if retag:
        click.echo(f"  {retag}.")
    if older is not None:
        click.echo(f"  {older.said()}.")
    if free is not None and free < health.LOW_DISK:
        click.echo(
            f"  DISK NEARLY FULL: {free / 2**20:.0f} MB free on the disk holding the archive. A run that finds no "
            "room to write stops half-way (exit 4; it shows as FAILED, or as INTERRUPTED where not even that could be "
            "written); what it archived stays. Free space on that "
            "disk, or move the archive to a larger one."
        )
    if behind := _clock_behind(last):
        click.echo(f"  {_clock_wrong(behind, _last_summary(last).get('clock_set_back') is True)}")
    for source, new, waiting in _listing_states(last):
        click.echo(f"  {_listing_gap(source, new) if new else _links_waiting(source, waiting)}")
    if pending:
        click.echo("\nTranslations pending:")
        installed, waiting = _installed_pairs(), False
        for p in pending:
            note = p["note"] or "waiting for the next run"
            # (the note was written when the articles were archived: a model installed since is said so)
            pairs = set(re.findall(r"([a-z]{2,3})→([a-z]{2,3})", note)) if "no model installed" in note else set()
            now = pairs and pairs <= installed
            waiting = waiting or not now
            click.echo(f"  {p['articles']} article(s): {note}{' (a model for it is installed now)' if now else ''}")
        if waiting:
            click.echo("  Install a model (`newsflow models install FILE.argosmodel`), then `newsflow translate`.")
        else:
            click.echo("  `newsflow translate` translates them now (or the next run does).")
    click.echo("\nSources:")
    quiet_before = (datetime.now(UTC) - timedelta(days=QUIET_DAYS)).isoformat()
    for s in sources:
        partner_part = f" {s['partner']}" if s["partner"] else ""
        click.echo(
            f"  {s['id']} [{s['kind']}]{partner_part}: {_source_health(s, quiet_before)}; "
            f"{_articles(s['articles'])}, latest published {(s['latest'] or '-')[:10]}, "
            f"last success {local_time(s['last_success'], 'never')}"
        )
        if s["consecutive_failures"] and s.get("configured") != 0:
            click.echo(
                f"      last error: {shown(s['last_error'])}\n      next attempt: {local_time(s['next_attempt'])}"
            )
        if s["moved_to"] and s.get("configured") != 0:
            click.echo(
                f"      MOVED: its address redirects for good to {shown(s['moved_to'])}: put that as this source's url "
                "in feeds.toml (it is fetched through the redirect until then)"
            )
        if s["articles_failing_since"] and s.get("configured") != 0:
            click.echo(
                f"      ARTICLES FAILING since {local_time(s['articles_failing_since'])}: its listing answers, but "
                "every new article link fails (a relaunched site, or errors served for every page): open one in a "
                "browser, and check this source's url and links in feeds.toml (`newsflow status --json` lists them)"
            )
        if s.get("lists_nothing"):
            empty = s["lists_nothing"]
            click.echo(
                f"      its listing answers, with no release in it, {empty['runs']} runs in a row: open its url in a "
                "browser (a feed emptied, or a category, a tag page or a sitemap moved on the partner's site; a feed "
                "of the last days only empties on a quiet week)"
            )
        if s["extraction_warning"]:
            click.echo(
                f"      EXTRACTION: {s['extraction_warning']}: has the page layout changed? "
                "(set body/title/date selectors for this source in feeds.toml)"
            )
    if digests:
        click.echo("\nDigests:")
        for d in digests:
            sending = (
                f"REFUSED FOR NOW ({', '.join(f'{r}: {n} release(s) kept' for r, n in d['kept'].items())})"
                if d.get("refused_for_now")
                else f"FAILING ({d['failed_since_last_sent']} failed attempt(s) since the last send)"
                if d["failing"]
                else "ADDRESS REFUSED"
                if d["refused"]
                else f"renamed to {d['renamed_to']} in feeds.toml (its sent releases are {d['renamed_to']}'s now)"
                if d.get("renamed_to")
                else "NOT CALLED"
                if d.get("not_called")
                else "ok"
            )
            click.echo(
                f"  {d['name']}: {sending}; last sent {local_time(d['last_sent'], 'never')}, "
                f"last attempt {local_time(d['last_attempt'], 'never')}, {d['releases_sent']} release(s) sent in all"
            )
            if d.get("not_called"):
                click.echo(
                    f"      no `newsflow digest` since {local_time(d['last_attempt'], 'never')}, where it was sent "
                    f"about every {d['every_days']} day(s): is its cron line still there (`crontab -l`)? A call now "
                    "sends all that waits"
                )
            if d.get("refused_for_now"):
                click.echo(f"      the last digest was {d['last_error']}")
            elif d["failing"]:
                click.echo(f"      last error: {d['last_error']} (retried by the next `newsflow digest`)")
            elif d["refused"]:
                click.echo(
                    f"      the last digest was {d['last_error']}: the refused address does not get those releases "
                    "again; correct it in this digest's `to` in feeds.toml (or ask its mail administrator why)"
                )
    if latest:
        click.echo("\nLatest per partner:")
        partner: object = object()
        for a in latest:
            if (a["partner"] or "") != partner:  # (no partner: NULL and '' alike, one heading)
                partner = a["partner"] or ""
                click.echo(f"  {partner or '(no partner)'}")
            when = a["published"][:10] if a["published"] else "date unknown"
            click.echo(f"      {when:<12}  [{a['language']}{'+' if a['mixed'] else ''}] {a['title'][:90]}")


# ---------------------------------------------------------------- search and export


class _QueryCommand(click.Command):
    """A command whose words are a search: `newsflow search HOPE Maribor`, `newsflow search HOPE -Maribor`.

    A word starting with "-" is one of the search's words unless it is one of the command's options (-hanke is
    not -h for help); an unknown --option is still an error: a mistyped --limt must not become a word."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        values = {  # each option's name, and how many values follow it
            name: 0 if p.is_flag or p.count else p.nargs
            for p in self.get_params(ctx)
            if isinstance(p, click.Option)
            for name in (*p.opts, *p.secondary_opts)
        }
        options: list[str] = []
        words: list[str] = []
        rest: Iterator[str] = iter(args)
        while (arg := next(rest, None)) is not None:
            name = arg.split("=", 1)[0]
            if arg == "--":
                words.extend(rest)
            elif name in values:
                if "=" not in arg:
                    given = [v for _, v in zip(range(values[name]), rest, strict=False)]
                    if len(given) < values[name]:  # ("HOPE --lang": it was given "--", said not to be a language)
                        raise click.BadOptionUsage(name, f"Option '{name}' requires an argument.", ctx=ctx)
                    if name in _DATE_OPTIONS:
                        given, rest = _date_said(given[0], rest)
                    options.extend([arg, *given])
                elif name in _DATE_OPTIONS:
                    (said,), rest = _date_said(arg.split("=", 1)[1], rest)
                    options.append(f"{name}={said}")
                else:
                    options.append(arg)
            elif arg.startswith("--"):
                close = difflib.get_close_matches(name, sorted(n for n in values if n.startswith("--")), n=3)
                raise click.NoSuchOption(name, possibilities=close, ctx=ctx)
            else:
                words.append(arg)
        return super().parse_args(ctx, [*options, "--", *words])


_DATE_OPTIONS = ("--since", "--until", "--from", "--to")
# the words a date said unquoted may take after its first: "1. maaliskuuta 2026" ... "i höstas", and a range's
# ("1. maaliskuuta 2026 - 31. toukokuuta 2026")
_DATE_WORDS_MOST = 6


def _date_said(value: str, rest: Iterator[str]) -> tuple[list[str], Iterator[str]]:
    """A date option's value, with the words after it where the date was said in words unquoted (`--since i höstas
    HOPE`, `--since last week HOPE`, `--until 20 May 2025 HOPE`: the shell gives "i" alone, which is no date, and
    "höstas" became a search word; `--since kevät 2021 HOPE` took "kevät" as the latest spring and searched "2021"):
    the longest run of words from the value on that is one date, and never an option ("--lang"). A range of two
    dates so typed is taken whole, for the message that says where each goes (`--since 1.3.2021 - 31.5.2021 HOPE`
    searched "-", "31.5.2021" and HOPE as words, and found none; `--since March–May 2021` was said to be March and
    May without their year; search probe, s40)."""
    ahead = list(itertools.islice(rest, _DATE_WORDS_MOST))
    words = list(itertools.takewhile(lambda w: w == "-" or not w.startswith("-"), ahead))
    for n in range(len(words), 0, -1):
        said = " ".join([value, *words[:n]])
        try:
            parse_day(said)
        except ValueError as e:
            if " is two dates" not in str(e):
                continue
        return [said], itertools.chain(ahead[n:], rest)
    return [value], itertools.chain(ahead, rest)


def _tag_names(archive: Archive) -> dict[str, str]:
    """Each tag's name, as staff know it (its id where it has none): the ids are for --tag and for scripts."""
    with archive.lock:
        return dict(archive.db.execute("select id, coalesce(nullif(name, ''), id) from tags").fetchall())


def _counted(n: int, one: str, many: str) -> str:
    """A count in words, as the command line writes counts: "1 match", "3,058 matches"."""
    return f"1 {one}" if n == 1 else f"{n:,} {many}"


def _matches(n: int) -> str:
    return _counted(n, "match", "matches")


def _no_matches(
    archive: Archive,
    query: str,
    filters: ArticleFilters,
    spelled: str = "",
    either: str = "",
    site: str = "",
    kept: str = "",
) -> bool:
    """What to try when a search found nothing (as the reading room suggests it), after what it also looked for
    (``spelled``: its words with their accents) and the search for either word where "or" was searched as one
    (``either``: that search stands for the releases holding some of the words), or a site's partners' releases
    (``site``: for a partner's site's address alone, the search meant). True where it offered a search within the
    dates the words name (its other words there), after which the search by those dates that finds none is not offered
    too (search probe, s42). ``kept``: the filters as typed, which every search offered keeps (it was counted under
    them, and offered without: "HOPE Maribor --lang sv" offered `newsflow search "HOPE"`, which finds 7, as finding 1,
    and said no release holds "Maribor", as four do; search probe, s45)."""
    click.echo("No matches.", err=True)
    if site and is_site(query):  # (not its words' accents: "seinajoki.fi" is the site, as the search says)
        click.echo(site, err=True)
        return False
    if spelled:
        click.echo(spelled, err=True)
    given = [f"--{name}" for name, value in filters.items() if value]
    if is_site(query):  # (a site's address alone, "www.example.com" too: no release's address to look for)
        with archive.lock:
            partners = [value for _, value in site_partners(archive.db.conn, query)]
        if partners and given:  # ("coompanion.se --lang fi": the partner's releases are there, filtered out)
            click.echo(
                f"The releases of {and_list(partners[:3])}, whose site this is, are all left out by "
                f"{and_list(given)}: search without {'it' if len(given) == 1 else 'them'}.",
                err=True,
            )
        else:
            click.echo(SITE_NOTE, err=True)
        if either:
            click.echo(either, err=True)
        return False
    if either:
        click.echo(either, err=True)
    if is_address(query):
        with archive.lock:
            found = archived_at(archive.db.conn, query)
        said = f"{ADDRESS_FILTERED_NOTE[:-1]}: search without {and_list(given)}." if found else ADDRESS_NOTE
        click.echo(said, err=True)
        if site and not found:
            click.echo(site, err=True)
        return False
    if given:
        with archive.lock:
            total = find_articles(archive.db.conn, query, order="best", limit=0).total
        if total:
            click.echo(f"Without {and_list(given)}: {_matches(total)}.", err=True)
    if lang := filters.get("lang"):  # (a code typed wrong, or a language no partner writes: said, as the reading room)
        with archive.lock:
            held = [r[0] for r in archive.db.execute("select distinct language from article_languages order by 1")]
        if lang not in held:
            known = and_list([f"{language_name(c)} ({c})" for c in held]) if held else "none yet"
            click.echo(f"No release in this archive is in {language_name(lang)}; its languages: {known}.", err=True)
    dates = ""
    if not (filters.get("since") or filters.get("until")) and (dated := dated_search(query)):
        # The date said in words has its hint, after the list (not words to leave out: "HOPE week"); where that
        # search by date finds none, what to try is asked of its other words within those dates (search probe, s38:
        # "vad skrev Coompanion om sociala företag i våras" ended at "(it finds none)").
        rest, start, end = dated
        asked: ArticleFilters = {**filters, "since": start, "until": end}
        with archive.lock, contextlib.suppress(ValueError):
            if rest and not find_articles(archive.db.conn, rest, limit=0, **asked).total:
                query, filters = rest, asked
                dates = "".join(f" --{name} {day}" for name, day in (("since", start), ("until", end)) if day)
        if not dates:
            return False
    with archive.lock:
        conn = archive.db.conn
        tries = searches_to_try(
            conn,
            query,
            lambda q: find_articles(conn, q, limit=0, **filters).total,
            lambda q: finds_any(conn, q, **filters),
        )
    options = f"{dates}{kept}"
    chosen = f"{'of those dates ' if dates else ''}{f'with {kept.strip()} ' if kept else ''}"
    if tries.respelled:
        click.echo(f'Did you mean: newsflow search "{tries.respelled}"{options}', err=True)
    if tries.without:
        dropped = and_list([f"“{w}”" for w in tries.dropped], "or")
        click.echo(
            f"No release {chosen}holds {dropped}: "
            f'newsflow search "{tries.without}"{options} finds {_releases(tries.without_total)}.',
            err=True,
        )
    if tries.prefixes:
        click.echo(
            f'For words that begin with what you typed, add a star: newsflow search "{tries.prefixes}"{options}',
            err=True,
        )
    if tries.any_words and not either:
        click.echo(
            f"No release {chosen}holds all these words together; "
            f'{_releases(tries.any_total)} hold some of them: newsflow search "{tries.any_words}"{options}',
            err=True,
        )
    with archive.lock:
        translated = has_translations(archive.db.conn)
    if not translated:
        click.echo(CROSS_LANGUAGE_NOTE + " (See `newsflow models --help`.)", err=True)
    return bool(dates) and bool(tries.respelled or tries.without or tries.prefixes or tries.any_words and not either)


@cli.command(cls=_QueryCommand)
@click.argument("words", nargs=-1, required=False, metavar="[QUERY...]")
@DB
@LANG
@click.option("--tag", default="", help="Only articles with this tag (its id or its name).")
@click.option("--partner", default="", help="Only articles of this partner (its name).")
@click.option("--source", default="", help="Only articles from this source id.")
@SINCE
@UNTIL
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--json", "as_json", is_flag=True, help="Print results as JSON.")
def search(
    words: tuple[str, ...],
    db_path: str,
    lang: str,
    tag: str,
    partner: str,
    source: str,
    since: str,
    until: str,
    limit: int,
    as_json: bool,
) -> None:
    """Search titles, texts, translations, attachments and press contacts, in any inflected form.

    Several words need no quotes; a word with a - before it is left out (HOPE -Maribor: HOPE NOT Maribor).
    Without words, the releases the filters choose, newest first.

    Example: newsflow search Seinäjoki HOPE --since 2021-01 --db archive.db
    """
    query = as_typed(" ".join(words))  # (a word pasted from a Mac or a PDF: "ä" as "a" and its accent apart)
    filtered = any((lang, tag, partner, source, since, until))
    if not query.strip() and not filtered:
        raise click.UsageError(
            "the search is empty: give a word to look for (newsflow search HOPE), or filters to list the releases "
            "they choose (newsflow search --since 7d)"
        )
    _check_range(since, until)
    typed = {"--tag": tag, "--lang": lang, "--partner": partner, "--source": source, "--since": since, "--until": until}
    kept = "".join(f" {option} {_quoted(value)}" for option, value in typed.items() if value)
    with open_archive(db_path, readonly=True) as archive:
        tag, partner = _check_filters(archive, tag=tag, source=source, partner=partner)
        filters: ArticleFilters = {
            "lang": lang,
            "tag": tag,
            "source": source,
            "since": since,
            "until": until,
            "partner": partner,
        }
        if not query.strip():  # filters alone: what they choose, newest first, as the reading room lists them
            _list_newest(archive, filters, limit, as_json)
            return
        try:
            results = archive.search(query, limit=limit, **filters)
            total = len(results)
            if total == limit and not as_json:  # perhaps more: counted as the reading room counts them
                with archive.lock:
                    total = find_articles(archive.db.conn, query, order="best", limit=0, **filters).total
        except ValueError as e:
            raise click.UsageError(str(e)) from None
        with archive.lock:
            spelled = "" if as_json else also_spelled_text(also_spelled(archive.db.conn, query))
            cased = "" if as_json else forms_searched_text(forms_searched(archive.db.conn, query, results))
        either = "" if as_json else _or_kept_said(archive, query, filters)
        site = "" if as_json else _site_said(archive, query, filters)
        within_dates = False  # (what to try within the dates the words name was said)
        if not results and not as_json:
            within_dates = _no_matches(archive, query, filters, spelled, either, site, kept)
            spelled = either = site = ""  # (said there, before what to try)
        tag_names = {} if as_json else _tag_names(archive)
        named = [] if as_json or tag else _named_tags(archive, query, filters)
        dated_total = -1
        dated = None if as_json or since or until else dated_search(query)
        if dated:  # (how many the search by date finds: one that finds none is no way to offer)
            with archive.lock, contextlib.suppress(ValueError):
                asked: ArticleFilters = {**filters, "since": dated[1], "until": dated[2]}
                dated_total = find_articles(archive.db.conn, dated[0], limit=0, **asked).total
    if as_json:
        echo_data(json.dumps(results, ensure_ascii=False, indent=2))
        return
    for r in results:
        where = (
            " (machine translation)"
            if r["machine_translation"]
            else " (in an attachment)"
            if r["in_attachment"]
            else " (in the press contacts)"
            if r["in_contacts"]
            else ""
        )
        _echo_release(r, tag_names, found=f"{r['snippet']}{where}")
    _echo_showing(len(results), total, _matches(total), "best first")
    if spelled:
        click.echo(spelled, err=True)
    if cased:
        click.echo(cased, err=True)
    _echo_minus_kept(query)
    if either:
        click.echo(either, err=True)
    if site and is_site(query):
        click.echo(site, err=True)
    if results:  # (with nothing found, the words that find something are said instead)
        _echo_small_words(query)
    # (Where what to try within those dates was said, and the search by date finds none, it is not offered as well, as
    # the reading room does: "what happened in Derry in 2022" ended at "(it finds none)"; search probe, s42. Where
    # nothing else was offered, it is the hint: "maaliskuu 2021 --tag hope" ended at "No matches."; review2, s42)
    if dated and not (within_dates and dated_total == 0):
        rest, start, end = dated
        finds = {-1: "", 0: " (it finds none)"}.get(dated_total, f" (it finds {_releases(dated_total)})")
        click.echo(
            f"Looking for releases dated {period_text(start, end)}? --since and --until narrow a search by date: "
            f"newsflow search {rest + ' ' if rest else ''}"
            + " ".join(f"--{name} {day}" for name, day in (("since", start), ("until", end)) if day)
            + f"{kept}{finds}",
            err=True,
        )
    for tag_id, given, tagged in named:
        other = (
            ": the search finds the word in other names and senses too" if total > tagged and len(named) == 1 else ""
        )
        click.echo(
            f"Looking for the tag? newsflow search --tag {given}{kept} lists the {_releases(tagged)} tagged "
            f"{tag_names.get(tag_id, tag_id)}{other}.",
            err=True,
        )


def _echo_small_words(query: str) -> None:
    """Which small words ("in", "om", "v") a search left out, and how to keep them, as the reading room says it."""
    small, quoted = small_words_kept(query)
    if small:
        said = and_list([f"“{w}”" for w in small])
        click.echo(
            f"Searched without {said}, which {'joins' if len(small) == 1 else 'join'} other words and would keep "
            f"only the releases written in its language. To look for {'it' if len(small) == 1 else 'them'} too, "
            f"put {'it' if len(small) == 1 else 'them'} in quotes: newsflow search {shlex.quote(quoted)}",
            err=True,
        )


def _echo_minus_kept(query: str) -> None:
    """Where a minus before a word in lower case was searched as part of the word ("hope -maribor" finds releases
    mentioning Maribor), how to leave the word out, as the reading room says it."""
    kept, instead = minus_kept(query)
    if not kept:
        return
    said = and_list([f"“-{w}”" for w in kept])
    how = (
        f'newsflow search "{instead}"'
        if instead and '"' not in instead
        else f"newsflow search '{instead}'"
        if instead and "'" not in instead
        else f"NOT {kept[0]} after the other words"
    )
    click.echo(
        f"{said} {'was' if len(kept) == 1 else 'were'} searched as {'a word' if len(kept) == 1 else 'words'}, as "
        f"Finnish writes “Seinäjoki -malli”. To leave out releases that mention {and_list(kept, 'or')}: {how}.",
        err=True,
    )


def _or_kept_said(archive: Archive, query: str, filters: ArticleFilters) -> str:
    """Where "or" in a staff language stood between two words ("HOPE tai Maribor", "HOPE or Maribor"): that it was
    searched as a word (only releases holding it too), and the search for either, with how many it finds."""
    kept, instead = or_kept(query)
    if not kept:
        return ""
    with archive.lock, contextlib.suppress(ValueError):
        total = find_articles(archive.db.conn, instead, limit=0, **filters).total
        if not total:  # (no search to offer that finds nothing again: what to try is said instead)
            return ""
        said = and_list([f"“{w}”" for w in kept])
        typed = f'"{instead}"' if '"' not in instead else shlex.quote(instead)
        typed += _filters_typed(filters)  # (the count is under the same filters: so is the search offered)
        return (
            f"{said} {'was' if len(kept) == 1 else 'were'} searched as {'a word' if len(kept) == 1 else 'words'}, "
            f"which the releases must hold too. For releases that hold either word, write OR in capitals: "
            f"newsflow search {typed} (it finds {_releases(total)})."
        )
    return ""


def _filters_typed(filters: Mapping[str, Any]) -> str:
    """A search's filters as the command's options, for a search offered under them: " --lang fi --until 2021-10-01"."""
    return "".join(
        f" --{name} {_quoted(str(value))}" for name, value in filters.items() if value and name != "after_id"
    )


def _quoted(value: str) -> str:
    """A value as the command's hints write it: "HOPE project" in double quotes, as staff type it."""
    return f'"{value}"' if re.search(r"[^\w.:-]", value) and '"' not in value else shlex.quote(value)


SITE_NOTE = (
    "None of the archived releases comes from this site, and no partner's name is the site's: search for its "
    "partner's name, or for words of a release."
)


def _site_said(archive: Archive, query: str, filters: ArticleFilters) -> str:
    """For a web address searched for, a site's alone ("seinajoki.fi", "www.coompanion.se") or a release's not
    archived: how to list the releases of the partners whose site it is, under the same filters, with how many."""
    with archive.lock:
        partners = site_partners(archive.db.conn, query)
        said = []
        for option, value in partners[:3]:
            chosen: ArticleFilters = {**filters, option: value}  # type: ignore[misc]
            if total := find_articles(archive.db.conn, "", limit=0, **chosen).total:
                said.append((option, value, total))
    if not said:
        return ""
    kept = _filters_typed({name: value for name, value in filters.items() if name != "partner"})
    listed = "; ".join(f"newsflow search --{o} {_quoted(v)}{kept} lists its {_releases(n)}" for o, v, n in said)
    whose = and_list([v for _, v, _ in said])
    return f"Looking for the releases of {whose}, whose site this is? {listed}."


def _articles(n: int) -> str:
    return _counted(n, "article", "articles")


def _releases(n: int) -> str:
    return _counted(n, "release", "releases")


def _named_tags(archive: Archive, query: str, filters: ArticleFilters) -> list[tuple[str, str, int]]:
    """The tags a search's words name ("HOPE", "hope-hanke"), each as --tag takes it (by its name where that names it
    alone) with its releases under the same filters: a search for the word also finds it in other senses ("we
    hope"), the tag does not (as the reading room says it)."""
    with archive.lock:
        conn = archive.db.conn
        found = []
        for tag_id in tags_named(conn, query.strip().strip('"“”')):
            narrowed: ArticleFilters = {**filters, "tag": tag_id}
            tagged = find_articles(conn, "", order="newest", limit=0, **narrowed).total
            name = conn.execute("select coalesce(name, '') from tags where id = ?", [tag_id]).fetchone()[0]
            alone = name and '"' not in name and tag_named(conn, name) == tag_id
            if tagged:
                found.append((tag_id, f'"{name}"' if alone else tag_id, tagged))
    return found[:5]


def _echo_release(r: dict[str, Any], tag_names: dict[str, str], found: str | None = None) -> None:
    """One release as `newsflow search` lists it: date, language, headline, partner, address, where the words were
    found (for a search with words), its tags by name."""
    tags = f"\n    tags: {', '.join(tag_names.get(t, t) for t in r['tags'])}" if r["tags"] else ""
    when = r["published"][:10] if r["published"] else "date unknown"
    click.echo(
        f"{when:<12}  [{r['language']}] {r['title']}  ({r['partner'] or r['source_id']})\n    {r['url']}"
        + (f"\n    {found}" if found is not None else "")
        + tags
    )


def _echo_showing(shown: int, total: int, of_what: str, order: str) -> None:
    """Where fewer are listed than there are, on stderr: how many, and how to see the rest."""
    if total > shown:
        more = f"--limit {total} shows them all" if total <= 10_000 else "narrow it with --since, --tag or --lang"
        click.echo(f"Showing {shown:,} of {of_what}, {order}: {more}.", err=True)


def _list_newest(archive: Archive, filters: ArticleFilters, limit: int, as_json: bool) -> None:
    """`newsflow search` with filters and no words: the releases they choose, newest first."""
    with archive.lock:
        page = find_articles(archive.db.conn, "", order="newest", limit=limit, **filters)
    keep = ("id", "url", "title", "language", "languages", "published", "first_seen", "source_id", "partner", "tags")
    if as_json:
        echo_data(json.dumps([{k: r[k] for k in keep} for r in page.rows], ensure_ascii=False, indent=2))
        return
    if not page.rows:
        click.echo("No releases: these filters choose none.", err=True)
        return
    tag_names = _tag_names(archive)
    for r in page.rows:
        _echo_release(r, tag_names)
    _echo_showing(len(page.rows), page.total, f"{page.total:,} releases", "newest first")


EXPORT_FIELDS = [
    "id",
    "published",
    "partner",
    "source",
    "language",
    "languages",
    "mixed",
    "title",
    "machine_translation_title",
    "url",
    "tags",
    "tag_names",
    "text",
    "press_contacts",
    "machine_translation",
    "machine_translation_by",
    "translation_status",
]


EXPORT_FORMATS = ("csv", "xlsx", "json")


def _installed_pairs() -> set[tuple[str, str]]:
    """The language pairs an installed model translates (in newsflow's and argostranslate's own folders: ``status``
    reads no configuration, so a ``models_dirs`` folder is not looked in)."""
    from .config import Settings
    from .packages import find_packages, package_dirs

    try:
        return {(p.from_code, p.to_code) for p in find_packages(package_dirs(Settings()))}
    except OSError:  # (a folder that cannot be read: as if none were installed)
        return set()


@cli.command()
@DB
@click.option(
    "--tag", default="", metavar="TAG", callback=_not_blank, help="Only articles with this tag (its id or its name)."
)
@SINCE
@UNTIL
@click.option(
    "--partner", default="", metavar="NAME", callback=_not_blank, help="Only articles of this partner (its name)."
)
@click.option("--source", default="", metavar="ID", callback=_not_blank, help="Only articles from this source id.")
@LANG
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default=None,
    help="csv, xlsx or json (default: as -o's file name ends, .csv, .xlsx or .json; else csv).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    help="File to write (default: stdout).",
)
def export(
    db_path: str, tag: str, since: str, until: str, partner: str, source: str, lang: str, fmt: str | None, output: str
) -> None:
    """Export articles as CSV, an Excel workbook (xlsx) or JSON; machine translations are in columns named as such.

    Example: newsflow export --tag hope --since 2021-01-01 --format csv -o hope.csv
    """
    fmt = output_format(fmt, output, EXPORT_FORMATS, default="csv")
    _check_range(since, until)
    with open_archive(db_path, readonly=True) as archive:
        tag, partner = _check_filters(archive, tag=tag, source=source, partner=partner)
        rows = archive.all.export(tag=tag, since=since, until=until, source=source, lang=lang, partner=partner)
        names = _tag_names(archive)
    for r in rows:  # beside the ids (for scripts and --tag), the names staff know them by
        r["tag_names"] = [names.get(t, t) for t in r["tags"]]
    if fmt == "xlsx" and output == "-" and sys.stdout.isatty():
        raise click.UsageError("--format xlsx writes a workbook: give the file to write, -o releases.xlsx")
    stream: IO[Any]
    try:
        if fmt == "xlsx":  # (standard output is left open: the command's end flushes it)
            stream = contextlib.nullcontext(sys.stdout.buffer) if output == "-" else WrittenWhole(output, "wb")  # type: ignore[assignment]
        elif output == "-":
            stream = click.open_file("-", "w", encoding="utf-8")  # data: UTF-8 whatever the locale (as -o FILE)
        else:  # opened apart from the `with` below (which closes it) to turn an OSError into a usage message
            stream = WrittenWhole(output, "w", encoding="utf-8", newline="" if fmt == "csv" else None)  # type: ignore[assignment]
    except OSError as e:
        raise click.UsageError(f"-o {output}: cannot write the file ({e.strerror})") from None
    with stream as out:
        _write_export(out, rows, fmt)
    if output == "-" and not rows:  # an empty list or the column names only, piped or redirected: said apart
        click.echo("No release matches these filters.", err=True)
    elif output != "-":
        if rows:
            click.echo(f"Wrote {len(rows)} release{'s' if len(rows) != 1 else ''} to {output}.", err=True)
        else:
            click.echo(
                f"No release matches: {output} holds {'[]' if fmt == 'json' else 'the column names'} only.", err=True
            )


def _write_export(stream: IO[Any], rows: list[dict[str, Any]], fmt: str) -> None:
    import csv

    from .report import text_cell

    if fmt == "json":
        json.dump(rows, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        return
    per_target = sorted({k for r in rows for k in r if k.startswith("machine_translation_")} - set(EXPORT_FIELDS))
    columns = EXPORT_FIELDS + per_target
    table = [
        {
            **r,
            "tags": " ".join(r["tags"]),
            "tag_names": "; ".join(r["tag_names"]),
            "languages": " ".join(r["languages"]),
            "mixed": int(r["mixed"]),
            "published": r["published"][:10] if r["published"] else "",
        }
        for r in rows
    ]
    if fmt == "xlsx":
        stream.write(_export_workbook(table, columns))
        return
    stream.write("\ufeff")  # Excel on Windows reads UTF-8 only with its byte-order mark
    writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in table:
        # A partner's "=HYPERLINK(…)" headline stays text in Excel (as in `newsflow report`'s CSV).
        writer.writerow({k: text_cell(v) if isinstance(v, str) else v for k, v in row.items()})


def _export_workbook(table: list[dict[str, Any]], columns: list[str]) -> bytes:
    """The export as an Excel workbook: an Excel set up for Finnish, Swedish or Slovenian separates columns by
    semicolons and opens a comma-separated file in one column. Dates are dates, addresses links (http(s) only),
    every text a text (never a formula), the header frozen with filters on it."""
    from .digest import safe_url
    from .report import table_sheet, text_workbook

    out, wb, formats = text_workbook(rows_in_order=True)
    widths = {"published": 11, "partner": 24, "source": 20, "title": 60, "machine_translation_title": 60, "url": 50}
    widths["press_contacts"] = 40
    table_sheet(
        wb,
        formats,
        columns,
        ([row.get(name) for name in columns] for row in table),
        [widths.get(name, 40 if name.startswith(("text", "machine_translation")) else 12) for name in columns],
        dates={"published"},
        links={"url"},
        link_of=safe_url,
    )
    wb.close()
    return out.getvalue()


# ---------------------------------------------------------------- taxonomy


@cli.group()
def tags() -> None:
    """The tag taxonomy.

    Example: newsflow tags list
    """


@cli.command()
@CONFIG
@DB
def check(config_path: str, db_path: str) -> None:
    """Check the configuration without fetching anything, and say what the next run changes in the archive.

    Exit 0 when the nightly run can use it, 4 (with what to mend) when it cannot: run it after each edit of
    feeds.toml, rather than learn of a mistake from the next night's log.

    Example: newsflow check --config feeds.toml --db archive.db
    """
    config = open_config(config_path, db_path)
    if not config.sources:
        raise SetupError(f"{config.path} lists no sources: `newsflow run` would stop (add a [[sources]] table)")
    if config.digest_error:
        raise SetupError(f"digests cannot be sent until this is fixed: {config.digest_error}")
    named = {t.id for t in config.tags}
    for d in config.digest.digests:  # said only when a digest is sent, otherwise: "unknown tag id(s) …"
        unknown = sorted(set(d.tags) - named)
        if unknown:
            from .search import did_you_mean

            # A tag by its name or an alias ("HOPE"), or mistyped ("hoep"): the id meant, as a digest names tags.
            by_name = {n.casefold(): t.id for t in config.tags for n in (t.id, t.name, *t.aliases) if n}
            meant = (
                f" Did you mean “{by_name[unknown[0].casefold()]}” (a digest names a tag by its id)?"
                if unknown[0].casefold() in by_name
                else did_you_mean(unknown[0], {t.id: t.id for t in config.tags})
            )
            raise SetupError(
                f"digest {d.name} names tag(s) {', '.join(unknown)} that the taxonomy does not hold.{meant} No new "
                "release gets them, and once `newsflow retag` has run the digest cannot be sent: correct the tag id "
                "in the digest, put the tag back into the taxonomy, or take it out of the digest"
            )
    partners = {s.partner for s in config.sources if s.partner}
    state = stated_archive(db_path)
    if state == "folder":  # as the next run would say
        raise SetupError(a_folder(db_path))
    if state == "missing" and not Path(db_path).parent.is_dir():
        raise SetupError(no_folder(db_path))
    # As the run that writes it would find it (a read-only mount, a file of another user): refused tonight, said now.
    if unwritable := _unwritable(db_path, state):
        if _read_only_mount(db_path):  # no chmod mends that (root's run too): said as the run says it
            raise SetupError(
                f"{unwritable} is on a filesystem mounted read-only: the nightly run cannot write the archive there; a "
                "disk remounted read-only after errors says so in `dmesg`: mend it and remount it read-write, or move "
                "the archive to another disk"
            )
        raise SetupError(
            f"{unwritable} is read-only to this user: the nightly run cannot write the archive there; give the user "
            "running newsflow write access to the file and its folder"
        )
    if state != "file":  # with an archive, its partners count too (a source since taken out)
        for d in config.digest.digests:
            unknown = sorted(set(d.partners) - partners)
            if unknown:
                from .search import did_you_mean

                hint = did_you_mean(unknown[0], {p: p for p in partners}) if len(unknown) == 1 else ""
                raise SetupError(
                    f"digest {d.name} names partner(s) {', '.join(unknown)} that no source has"
                    f"{f'.{hint} Choose' if hint else '; choose'} from: "
                    f"{', '.join(sorted(partners)) or '(none)'}"
                )
    shipped = config.path == SHIPPED_CONFIG
    usable = (  # said once nothing is left to refuse
        f"{'the partner list shipped with newsflow' if shipped else config.path}: can be used: "
        f"{len(config.sources)} source(s), {len(config.tags)} tag(s), {len(config.digest.digests)} digest(s)"
    )
    if state != "file":
        click.echo(usable)
        _same_addresses(config)
        _partner_spellings(config)
        _taxonomy_warnings(config)
        _digest_warnings(config)
        _digest_searches_for_tags(config)
        click.echo(f"No archive at {db_path} yet: the next run creates it.")
        return
    with open_archive(db_path, readonly=True, refuse_newer=True) as archive:  # (as the next run would be)
        known = {r["id"]: r for r in archive.db.query("select * from sources")}
        tags = {r[0] for r in archive.db.execute("select id from tags")}
        for d in config.digest.digests:  # its partners and searches, as a send checks them
            try:
                check_spec(archive.db.conn, replace(d, tags=(), partners=tuple(set(d.partners) - partners)))
            except DigestError as e:
                raise SetupError(f"digest {d.name} cannot be sent: {e}") from None
    new_ids = renamed_sources([(i, r["url"], r["kind"], r["partner"]) for i, r in known.items()], config.sources)
    for was, new_id in new_ids.items():  # the next run moves it: compared as the new id from here
        known[new_id] = known.pop(was)
    following = {i for i, r in known.items() if r.get("configured") != 0}  # one a run took out is no change now
    listed = {s.id for s in config.sources}
    moved = {
        s.id
        for s in config.sources
        if s.id in following and (known[s.id]["url"], known[s.id]["kind"]) != (s.url, s.kind)
    }
    renamed = {
        s.id for s in config.sources if s.id in known and s.partner and (known[s.id]["partner"] or "") != s.partner
    }
    kept = {s.partner for s in config.sources}
    gone = {known[i]["partner"]: s.partner for s in config.sources if (i := s.id) in renamed}
    for d in config.digest.digests:  # a partner the next run renames: the digest would name it no more
        lost = sorted(p for p in d.partners if p in gone and p not in kept)
        if lost:
            raise SetupError(
                f"digest {d.name} names partner(s) {', '.join(lost)}, which the next run renames to "
                f"{', '.join(gone[p] for p in lost)}: put the new name in the digest in place of the old one, or it "
                "cannot be sent"
            )
    click.echo(usable)
    _same_addresses(config)
    _partner_spellings(config)
    _taxonomy_warnings(config)
    _digest_warnings(config)
    _digest_searches_for_tags(config)
    _new_partner_at_old_address(config, known)
    if new_ids:
        said = ", ".join(f"{was} is now {new_id}" for was, new_id in sorted(new_ids.items()))
        click.echo(
            f"  source(s) with a new id at the same address: {said}; their archived releases follow at the next run"
        )
    # A source taken out and put back at the same address: its back-off after failures still holds (it is the
    # address that failed), so the next run skips it; said here, not "fetched from the next run".
    from .schedule import skip_reason

    by_id = {s.id: s for s in config.sources}
    returning = listed - following - set(new_ids.values())
    waiting = {
        i: why
        for i in sorted(returning & known.keys())
        if (known[i]["url"], known[i]["kind"]) == (by_id[i].url, by_id[i].kind)
        and (why := skip_reason(known[i], False))
    }
    for i, why in waiting.items():
        click.echo(
            f"  source {i} is back in the configuration, but the next run skips it: {why} "
            f"(`newsflow run --source {i} --force` fetches it now)"
        )
    for ids, said in (
        (returning - waiting.keys(), "new source(s), fetched from the next run"),
        (renamed, "source(s) of a renamed partner: their archived releases take the new name at the next run"),
        (following - listed, "source(s) no longer listed: not fetched any more (what they published stays)"),
        (moved, "source(s) at a new address or of a new kind: asked afresh at the next run"),
        (named - tags, "new tag(s): the next run tags new releases with them; `newsflow retag` tags the archive"),
        (tags - named, "tag(s) taken out: `newsflow retag` takes them off the archive's releases"),
    ):
        if ids:
            click.echo(f"  {said}: {', '.join(sorted(ids))}")


def _unwritable(db_path: str, state: str) -> str:
    """What the nightly run could not write of an archive: the file, or its folder where it must make one there (the
    archive itself, its write-ahead log, its lock); "" when it can."""
    folder = Path(db_path).parent
    if state == "file" and not os.access(db_path, os.W_OK):
        return db_path
    beside = [Path(f"{db_path}{end}") for end in ("-wal", "-shm", ".lock")] if state == "file" else [Path(db_path)]
    if not os.access(folder, os.W_OK) and any(not (p.exists() and os.access(p, os.W_OK)) for p in beside):
        return str(folder)
    return ""


def _digest_warnings(config: Config) -> None:
    """Say what makes configured digests arrive worse than they could, though they can be sent (exit 0): a sender at
    localhost, which mail servers refuse or file as spam, and no reading-room address, which leaves every release
    without its reading-room link."""
    settings = config.digest
    if not any(d.to for d in settings.digests):
        return
    if at_localhost(settings.sender):
        click.echo(
            f"  warning: digests are sent from {settings.sender}, which mail servers refuse or file as spam: set "
            "`from` in [digest] to an address of your organisation"
        )
    if not settings.reply_address:
        click.echo(
            "  warning: digests name no one to write to, to change or stop them "
            f"({settings.contact or settings.sender} reaches no one): set `contact` (or `from`) in [digest] to an "
            "address staff can write to"
        )
    if not settings.base_url:
        click.echo(
            "  warning: [digest] base_url is not set: digests carry no links to the reading room (set it to the "
            "reading room's address, as staff open it)"
        )


def _digest_searches_for_tags(config: Config) -> None:
    """Say where a configured digest searches for a word that names a tag (`queries = ["HOPE"]`): the search finds it
    in its other senses too ("we hope"), and sends those releases; the tag does not. `newsflow digest` says it at every
    cron call, into a log nobody reads; said here, once, where the administrator edits feeds.toml (probe, s40). The
    words are the digest's own, of the taxonomy the next run gives the archive (a scratch archive's, in a temporary
    folder: the archive itself is not written by `check`, and may be older than feeds.toml)."""
    import tempfile

    from .cli_reports import _tag_searched

    searching = [d for d in config.digest.digests if d.queries]
    if not searching:
        return
    with tempfile.TemporaryDirectory(prefix="newsflow-check-") as folder, Archive(Path(folder) / "tags.db") as taxonomy:
        taxonomy.sync_tags(config.tags)
        for d in searching:
            _tag_searched(taxonomy.db.conn, d)


def _new_partner_at_old_address(config: Config, known: dict[str, Any]) -> None:
    """Say where a new source reads the address an archived source no longer listed read, for another partner: no
    rename (its releases stay where they are: a newsroom of another organisation at the address), but an id and a
    partner changed in one edit may be one, and then what to do is said (review, s27)."""
    from .models import normalize_url

    listed = {s.id for s in config.sources}
    for s in config.sources:
        if s.id in known:
            continue
        for was, r in known.items():
            same_address = (normalize_url(r["url"] or ""), r["kind"]) == (normalize_url(s.url), s.kind)
            if was not in listed and same_address and (r["partner"] or "") != s.partner:
                click.echo(
                    f"  note: new source {s.id} reads the address {was} read, for another partner ({s.partner or '-'}, "
                    f"not {r['partner'] or '-'}): it starts without {was}'s releases. If it is the same newsroom, "
                    "change its id and its partner in two edits, a run apart, and they follow"
                )
    # An id and an address changed in one edit (the admin probe, s41: said only as one source new and one gone): a
    # newsroom moved and renamed at once, as one source of the same partner gone and one new, of the same kind.
    gone = [(i, r) for i, r in known.items() if i not in listed and r.get("configured") != 0]
    new = [s for s in config.sources if s.id not in known]
    for s in new:
        same = [i for i, r in gone if (r["partner"] or "") == s.partner and r["kind"] == s.kind]
        if len(same) == 1 and len([n for n in new if n.partner == s.partner and n.kind == s.kind]) == 1:
            was = same[0]
            click.echo(
                f"  note: new source {s.id} is {s.partner or 'its partner'}'s, as was {was}, no longer listed, at "
                f"another address: it starts without {was}'s releases. If it is the same newsroom moved, change its "
                f'address and its id in two edits, a run apart (the url first, keeping id = "{was}"), and they follow'
            )


def _same_addresses(config: Config) -> None:
    """Say which sources read the same address with the same filter: a copy-paste slip (each release is then listed
    under both, with the first one's partner). Not a mistake to refuse: one feed may be read twice on purpose, filtered
    two ways."""
    from .models import normalize_url

    by_address: dict[tuple[str, ...], list[str]] = {}
    for s in config.sources:  # (one listing page read for two sections, by two `links` selectors, is no slip)
        by_address.setdefault((normalize_url(s.url), s.kind, s.include, s.links), []).append(s.id)
    for (url, *_), ids in sorted(by_address.items()):
        if len(ids) > 1:
            click.echo(
                f"  WARNING: sources {and_list(ids)} read the same address ({url}): each release is listed under all "
                "of them, and kept under the first one's partner; take the copy out, or correct its url"
            )


def _partner_spellings(config: Config) -> None:
    """Say which partner its sources write two ways ("City of Seinajoki" beside "City of Seinäjoki"): the reading
    room, digests and reports would list two partners (admin probe, s41)."""
    from .config import partner_spellings

    for said in [*partner_spellings(config.sources), *config.warnings]:
        click.echo(f"  {said}")


# A country's code written where a language's is meant (Slovenia's "si" is Sinhala's code), with the country.
# ("se", Sweden's, is Northern Sámi's, a language of Finland and Sweden: said only of names that read as Swedish.)
_COUNTRY_FOR_LANGUAGE = {
    "si": ("sl", "Slovenia"),
    "dk": ("da", "Denmark"),
    "ee": ("et", "Estonia"),
    "gb": ("en", "the United Kingdom"),
    "cz": ("cs", "Czechia"),
    "gr": ("el", "Greece"),
    "ie": ("ga", "Ireland"),
    "se": ("sv", "Sweden"),
}
# A language's three-letter code (ISO 639-2/3) where names take its two-letter one.
_TWO_LETTER = {
    "fin": "fi", "swe": "sv", "eng": "en", "slv": "sl", "est": "et", "dan": "da", "nor": "no", "nob": "no",
    "nno": "no", "deu": "de", "ger": "de", "gle": "ga", "fra": "fr", "fre": "fr", "spa": "es", "ita": "it",
    "pol": "pl", "rus": "ru", "nld": "nl", "dut": "nl", "lit": "lt", "lav": "lv", "hrv": "hr", "isl": "is",
}  # fmt: skip


def _name_key(name: str) -> str:
    """A name as the tagger tells names apart: an acronym by its letters as written ("HOPE" is not "Hope"), any
    other name in any case."""
    return name if name.isupper() else name.casefold()


def _taxonomy_warnings(config: Config) -> None:
    """Say what in the taxonomy a run takes but staff would not mean: two tags shown under one name, one name that
    tags a release with two tags, names under a country's code or no language's code (Slovenia's "si" for
    Slovenian's "sl": its names are then found only as written, not in their case forms)."""
    from .language import LANGUAGE_NAMES, detect, language_name
    from .tagging import common_word_names  # (here: a cold `status` or `search` needs no tagger)

    shown: dict[str, list[str]] = {}
    named: dict[str, list[str]] = {}
    for t in config.tags:
        shown.setdefault(t.name.casefold(), []).append(t.id)
        for name in dict.fromkeys(_name_key(n) for _, n in t.all_names()):
            named.setdefault(name, []).append(t.id)
    for ids in shown.values():
        if len(ids) > 1:
            first = next(t for t in config.tags if t.id == ids[0])
            click.echo(
                f"  WARNING: tags {and_list(ids)} are {'both' if len(ids) == 2 else 'all'} called “{first.name}”: "
                "lists, reports and searches show them alike, and a report or search by that name takes one of them; "
                "give each a name of its own"
            )
    told_apart = {t.id for t in config.tags if t.years or t.context}  # (by the years or words near a mention)
    for name, ids in named.items():
        if len(ids) > 1 and len(shown.get(name.casefold(), ())) < 2 and not set(ids) <= told_apart:
            said = next(n for t in config.tags for _, n in t.all_names() if _name_key(n) == name)
            click.echo(
                f"  WARNING: “{said}” is a name of tags {and_list(ids)}: every release that mentions it gets all of "
                "them; keep it on the one it means"
            )
    for tag_id, word, language in common_word_names(config.tags):  # "hope", "koti": every release using the word
        click.echo(
            f"  WARNING: tag {tag_id}: “{word}” is also a common {language} word: every release using it, in any "
            f"form, gets the tag; an acronym written in capitals (“{word.upper()}”) is matched as one, not as the "
            "word; else give a longer name, or add `context` words that releases about it use"
        )
    for t in config.tags:  # "", "-": a name no release is found by (the tagger leaves it out)
        for _, n in t.all_names():
            if not any(c.isalnum() for c in n):
                said = f"a name or alias, “{n}”, has no letter or digit" if n.strip() else "a name or alias is empty"
                click.echo(
                    f"  WARNING: tag {t.id}: {said}: it tags nothing; write the name as partners write it, or take "
                    "it out"
                )
    for t in config.tags:  # an admin writing a name as a pattern ("BRIDGES*"): it would tag nothing
        for _, n in t.all_names():
            if wild := "".join(c for c in "*?" if c in n):
                plain = n.replace("*", "").replace("?", "").strip() or "the word itself"
                click.echo(
                    f"  WARNING: tag {t.id}: “{n}” has {' and '.join(f'“{c}”' for c in wild)}: names and aliases are "
                    f"matched as words, in any inflected form, not as patterns; write it as “{plain}”"
                )
        for lang in dict.fromkeys(lang for lang, _ in t.names):
            meant, country = _COUNTRY_FOR_LANGUAGE.get(lang.lower(), ("", ""))
            if meant == "sv" and detect(" ".join(n for code, ns in t.names if code == lang for n in ns)) != "sv":
                meant = ""  # Northern Sámi's names, or names of no language
            if not meant and lang.lower() in LANGUAGE_NAMES:
                continue
            if meant:
                known = lang.lower() in LANGUAGE_NAMES
                whose = f"{language_name(lang)}'s code" if known else f"{country}'s code, no language's"
                said = f"{lang} is {whose}; did you mean {meant} ({language_name(meant)})?" + (
                    f" Names under {meant} are found in their case forms too; under {lang}, only as written."
                    if meant in ("fi", "sl")
                    else ""
                )
            elif lang.lower() in _TWO_LETTER:
                two = _TWO_LETTER[lang.lower()]
                said = f"names take a language's two-letter code: {two} ({language_name(two)}), not {lang}"
            else:
                said = f"{lang} is no language code newsflow knows (fi, sv, en, sl, …): is that the language's code?"
            click.echo(f"  WARNING: tag {t.id}: names.{lang}: {said}")


@tags.command("list")
@CONFIG
def tags_list(config_path: str) -> None:
    """List the taxonomy's tags with their names per language.

    Example: newsflow tags list --config feeds.toml
    """
    config = open_config(config_path)
    for t in config.tags:
        names = "; ".join(f"{lang}: {', '.join(n)}" for lang, n in t.names)
        aliases = f" aliases: {', '.join(t.aliases)}" if t.aliases else ""
        parent = f" (in {t.parent})" if t.parent else ""
        years = f" {t.years[0]}–{t.years[1]}" if t.years else ""
        click.echo(
            f"{t.id:<34} {t.kind:<12} {t.name}{years}{parent}{aliases}" + (f"\n{'':<48}{names}" if names else "")
        )


@tags.command("suggest")
@CONFIG
@DB
@click.option("--limit", default=30, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def tags_suggest(config_path: str, db_path: str, limit: int, as_json: bool) -> None:
    """Names in the archive that look like projects, programmes or practices but are not in the taxonomy.

    Example: newsflow tags suggest --db archive.db
    """
    from .tagging import suggest_names

    config = open_config(config_path, db_path)
    with open_archive(db_path, readonly=True) as archive:
        suggestions = suggest_names(archive.all.texts(), config.tags, limit=limit)
    if as_json:
        echo_data(json.dumps([vars(x) for x in suggestions], ensure_ascii=False, indent=2))
        return
    if not suggestions:
        click.echo("No new names or aliases found: the taxonomy covers what the archive mentions.")
    for x in suggestions:
        what = f"alias of {x.alias_of}?" if x.alias_of else f"{x.kind}?"
        click.echo(f"{x.name}  ({what}; {x.count} mention(s) in {x.articles} article(s))")
        for example in x.examples:
            click.echo(f"    “{example}”")


@cli.command()
@CONFIG
@DB
def retag(config_path: str, db_path: str) -> None:
    """Apply the taxonomy in feeds.toml, as edited, to every archived article.

    Example: newsflow retag --config feeds.toml --db archive.db
    """
    import time

    config = open_config(config_path, db_path)
    start = time.perf_counter()
    # The tags are replaced in one transaction: an interrupted retag changed nothing.
    stays = "no tags were changed (they are saved all at once), so run `newsflow retag` again."
    with interruptible("retag", stays), open_archive(db_path, lock=True, must_exist=True) as archive:
        done = _pipeline(config, archive).retag()
    click.echo(
        f"Retagged {done.articles} article(s): {done.tagged} tag(s) on them, in {time.perf_counter() - start:.1f} s."
    )
    for line in retag_changes(config, done):
        click.echo(f"  {line}")


RETAG_LINES = 8  # tags whose count changed that a retag names a line each; the rest in one line
UNFOUND_LINES = 5  # and tags found in none (a small archive, or tags set up ahead of their first release)


def retag_changes(config: Config, done: Retagged) -> list[str]:
    """Say what a retag changed, tag by tag: each tag whose count of releases moved (losses first), and each tag
    new or edited since the releases were tagged that is found in none of them: a mistyped name or alias tags
    nothing, or untags what was right, and the totals alone do not show it. Nothing when nothing moved and every
    edited tag is found."""
    configured = {t.id for t in config.tags}
    none = f"found in none of the {done.articles} release(s): check its name and aliases in feeds.toml"
    moved = sorted(
        (i for i in done.before.keys() | done.after.keys() if done.before.get(i, 0) != done.after.get(i, 0)),
        key=lambda i: (done.after.get(i, 0) - done.before.get(i, 0), i),
    )
    lines = []
    for i in moved[:RETAG_LINES]:
        was, now_ = done.before.get(i, 0), done.after.get(i, 0)
        why = "" if now_ else ": check its name and aliases in feeds.toml" if i in configured else " (taken out)"
        lines.append(f"{i}: {was} → {now_} release(s){why}")
    if len(moved) > RETAG_LINES:
        lines.append(f"… and {len(moved) - RETAG_LINES} more tag(s) on more or fewer releases than before")
    if not done.articles:
        return lines
    # (only tags new or edited since: one set up ahead of its first release is said once, not on every retag)
    unfound = [
        t.id for t in config.tags if t.id in done.edited and not done.after.get(t.id) and not done.before.get(t.id)
    ]
    lines += [f"{i}: {none}" for i in unfound[:UNFOUND_LINES]]
    if len(unfound) > UNFOUND_LINES:
        rest = unfound[UNFOUND_LINES:]
        said = ", ".join(rest[:12]) + (f" and {len(rest) - 12} more" if len(rest) > 12 else "")
        lines.append(f"… and {len(rest)} more tag(s) found in none: {said}")
    return lines


# ---------------------------------------------------------------- translation models


@cli.group()
def models() -> None:
    """Translation models (Argos Translate packages).

    Example: newsflow models list
    """


@models.command("list")
@CONFIG
def models_list(config_path: str) -> None:
    """List installed translation models and the folders searched.

    Example: newsflow models list
    """
    from .packages import find_packages, in_use, package_dirs

    dirs = package_dirs(open_config(config_path).settings)
    found = find_packages(dirs)
    used = in_use(found)  # the newest version of a pair wins
    for p in found:
        best = used[(p.from_code, p.to_code)]
        mark = (
            "in use"
            if best is p
            else f"not used: the same version at {best.path} is"
            if best.version == p.version
            else f"not used: {best.id} is newer"
        )
        click.echo(f"{p.from_code} → {p.to_code}  {p.id:<40} {p.path}  ({mark})")
    if not found:
        click.echo("No translation models installed.")
    click.echo("Searched: " + ", ".join(str(d) for d in dirs), err=True)


@models.command("install")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--from-index", "pair", nargs=2, metavar="FROM TO", help="Download from the Argos package index (needs internet)."
)
@click.option("--index-url", default=None, help="Another package index (default: settings.argos_index_url).")
@CONFIG
def models_install(file: str | None, pair: tuple[str, str] | None, index_url: str | None, config_path: str) -> None:
    """Install a model: from an .argosmodel file (no internet needed), or from the Argos package index.

    Example: newsflow models install translate-fi_en-1_9.argosmodel
    """
    from .packages import TranslateError, install_from_index, install_package

    if bool(file) == bool(pair):
        raise click.UsageError("give an .argosmodel FILE, or --from-index FROM TO")
    try:
        if file:
            pkg = install_package(Path(file))
        else:
            settings = open_config(config_path).settings
            assert pair is not None
            pkg = install_from_index(pair[0], pair[1], settings, index_url or settings.argos_index_url)
    except TranslateError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"Installed {pkg.from_code} → {pkg.to_code} ({pkg.id}) in {pkg.path}")


def _model_pair(pair: str) -> tuple[str, str]:
    """FROM-TO (or FROM_TO), in any case, as the lower-case codes packages use; else a usage error."""
    from .packages import is_language_code

    text = pair.strip().lower()
    parts = text.split("-") if "-" in text else text.split("_")
    if len(parts) != 2 or not all(is_language_code(code) for code in parts):
        raise click.UsageError(f"give a language pair such as fi-en (FROM-TO), not {pair!r}")
    return parts[0], parts[1]


@models.command("remove")
@click.argument("pair")
def models_remove(pair: str) -> None:
    """Remove newsflow's installed models for a pair such as fi-en.

    Example: newsflow models remove fi-en
    """
    from .packages import Package, TranslateError, argos_dir, find_packages, models_dir, remove_package

    src, tgt = _model_pair(pair)

    def of_pair(folder: Path) -> list[Package]:
        return [p for p in find_packages([folder]) if (p.from_code.lower(), p.to_code.lower()) == (src, tgt)]

    own = of_pair(models_dir())
    if not own:
        elsewhere = of_pair(argos_dir()) if argos_dir() != models_dir() else []
        if elsewhere:
            raise click.ClickException(
                f"{src} → {tgt} is installed in argostranslate's folder {argos_dir()} "
                f"({', '.join(str(p.path) for p in elsewhere)}), not in newsflow's {models_dir()}: "
                "argostranslate's `argospm remove` manages it there"
            )
        raise click.ClickException(f"no model for {src} → {tgt} in {models_dir()}")
    if len(own) > 1:
        click.echo(f"{len(own)} versions of {src} → {tgt} are installed; removing all of them:")
    for removed, p in enumerate(own):
        try:
            remove_package(p)
        except TranslateError as e:
            done = f" ({removed} of {len(own)} removed before it)" if removed else ""
            raise click.ClickException(f"{e}{done}") from None
        click.echo(f"Removed {p.id} ({p.path})")


# ---------------------------------------------------------------- serving

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _check_port(host: str, port: int) -> None:
    """Fail at once, in words, when the address cannot be served on (rather than a server's log line)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise click.UsageError(f"--host {host}: not an address of this machine ({e.strerror})") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as e:
            if e.errno == 98:  # EADDRINUSE
                raise click.UsageError(
                    f"port {port} on {host} is already in use (another `newsflow serve`?): "
                    f"stop it, or pass another port such as --port {port + 1}"
                ) from None
            raise click.UsageError(f"cannot serve on {host}:{port}: {e.strerror}") from None


def _shown_translations(asked: str, targets: tuple[str, ...], db_path: str) -> str:
    """The language whose machine translations the reading room shows: --lang where translations into it are made
    (``target_languages``) or archived, else the first target language, with a word on why (a Swedish reader then
    reads the English translations of Finnish releases, rather than a promise of Swedish ones that never come)."""
    if not asked or asked in targets:
        return asked or targets[0]
    with open_archive(db_path, readonly=True) as archive:
        archived = archive.db.execute("select 1 from translations where target = ? limit 1", [asked]).fetchone()
    if archived:
        return asked
    click.echo(
        f"newsflow: no machine translations are made into {language_name(asked)} (target_languages: "
        f"{and_list([language_name(t) for t in targets])}): the reading room shows the {language_name(targets[0])} "
        f'ones. To have {language_name(asked)} ones, add "{asked}" to target_languages in feeds.toml and install a '
        "model for it (`newsflow models`).",
        err=True,
    )
    return targets[0]


@cli.command()
@DB
@CONFIG
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535))
@click.option("--public", is_flag=True, help="Serve beyond this machine without a password, on purpose.")
@click.option(
    "--lang",
    "reader_language",
    default="",
    callback=_check_lang,
    metavar="CODE",
    help="The readers' language: translations into it are shown where they are made (default: the first target "
    "language).",
)
def serve(db_path: str, config_path: str, host: str, port: int, public: bool, reader_language: str) -> None:
    """Open the reading room (Datasette with newsflow's pages): read-only, on 127.0.0.1 unless told otherwise.

    On any other address a password is required (user "staff", password from $NEWSFLOW_PASSWORD),
    unless --public is given on purpose.

    Example: newsflow serve --db archive.db
    """
    import asyncio

    import uvicorn

    from .browse import make_datasette
    from .demo import demo_newsroom_port, serve_demo

    with open_archive(db_path, readonly=True) as archive:  # the same checks and messages as every reader first
        demo_port = demo_newsroom_port(archive)
    from .archive import shared_reading

    reading = shared_reading(db_path)
    if reading == "unchanging":  # (nobody but root may write there: were one to, this reading room would not see it)
        click.echo(
            f"newsflow: {db_path} is on a read-only disk or in a folder nobody but root may write in: the reading room "
            "shows it as it is now; restart serve to show what a run adds later",
            err=True,
        )
    if reading == "blocked":  # (every page would answer 500)
        folder = Path(db_path).resolve().parent
        raise SetupError(
            f"the reading room cannot read {db_path} beside the nightly run: SQLite needs to make {Path(db_path).name}"
            f"-shm in {folder}, and this user may not write there; give the user running serve write access to the "
            "folder (the archive may stay read-only to it), or run serve as the user of the nightly run"
        )
    password_hash = None
    # A password set is asked on loopback too: a web server in front (nginx's proxy_pass to 127.0.0.1, with https)
    # reaches the reading room there, and the password set for staff elsewhere would otherwise not be asked at all.
    password = "" if public else os.environ.get("NEWSFLOW_PASSWORD", "")
    if host not in LOOPBACK and not public and not password:
        raise click.UsageError(
            f"serving on {host} makes the archive reachable from other machines: set NEWSFLOW_PASSWORD "
            "(staff then log in as user 'staff'), or pass --public to serve without a password on purpose"
        )
    if password:
        from datasette_auth_passwords.utils import hash_password

        password_hash = hash_password(password)
    _check_port(host, port)
    try:
        config = open_config(config_path)
        targets = config.settings.target_languages or ("en",)
        if config.digest_error:  # (the digests page says so to staff; whoever starts it is told here, as check does)
            click.echo(
                f"newsflow: digests cannot be sent until this is fixed (`newsflow check` checks it): "
                f"{config.digest_error}",
                err=True,
            )
    except SetupError as e:  # a mistake in feeds.toml (a source's typo) does not take the reading room down
        if not os.path.isfile(config_path):
            raise  # a mistyped --config, or a folder: said, exit 4
        targets = ("en",)
        click.echo(
            f"newsflow: the reading room starts without the configuration, in English and without digests, "
            f"until this is mended (`newsflow check` checks it): {e.message}",
            err=True,
        )
    reader_language = _shown_translations(reader_language, targets, db_path)
    ds = make_datasette(
        db_path,
        password_hash,
        reader_language=reader_language,
        config_path=str(Path(config_path).resolve()) if os.path.exists(config_path) else "",
        public=public,
    )
    asyncio.run(ds.invoke_startup())
    where = f"http://{host}:{port}/"
    if host in ("0.0.0.0", "::"):  # every address of this machine: not one to give colleagues
        import socket

        name = next((n for n in (socket.getfqdn(), socket.gethostname()) if n and not n.startswith("localhost")), "")
        where = (
            f"http://{name}:{port}/ (every address of this machine, port {port})"
            if name
            else f"every address of this machine, port {port} (http://THIS-MACHINE'S-NAME:{port}/)"
        )
    click.echo(
        f"Reading room on {where} (read-only{', password required: user staff' if password_hash else ''}); "
        "Ctrl-C to stop",
        err=True,
    )
    with contextlib.ExitStack() as stack:
        if demo_port is not None and demo_port == port:
            click.echo(
                f"The reading room takes port {port}, where the demo newsroom was: the releases' Original links lead "
                "nowhere while it does (serve on another --port to have both)",
                err=True,
            )
        elif demo_port is not None:  # the demo's releases link to its newsroom: served again, where they link
            try:
                base, _ = stack.enter_context(serve_demo(demo_port, exact=True))
                click.echo(f"The demo newsroom (the releases' originals) is served again at {base}/", err=True)
            except OSError:
                click.echo(
                    f"The demo newsroom's port {demo_port} is in use: the releases' Original links lead nowhere "
                    "until it is free",
                    err=True,
                )
        # In this process: a SIGTERM or Ctrl-C stops the server itself, and nothing is left behind.
        uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)


cli.add_command(_digest_command, "digest")
cli.add_command(_report_command, "report")
