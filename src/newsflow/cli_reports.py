"""The ``digest`` and ``report`` commands: parse, call the library, print.

Registered on the main group in cli.py (``cli.add_command(digest)``, ``cli.add_command(report)``).
"""

from __future__ import annotations

import contextlib
import difflib
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from .archive import Archive
from .cli_common import (
    CONFIG,
    DB,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_RUNNING,
    SetupError,
    WrittenWhole,
    check_tag,
    date_names,
    date_option,
    echo_data,
    interruptible,
    named_partner,
    named_tag,
    open_archive,
    open_config,
    output_format,
    typed_date,
)
from .dates import day_text
from .digest import (
    FORMATS,
    GROUP_BY,
    NAME,
    Deliver,
    Digest,
    DigestBusy,
    DigestError,
    DigestLockError,
    DigestResult,
    DigestSettings,
    DigestSpec,
    adhoc_name,
    check_spec,
    digest_lock,
    email_deliverer,
    known_choices,
    merge_spec,
    record_failure,
    render_digest,
    run_digest,
    same_digest,
    window_start,
)
from .language import said_language
from .mail import MailSettingsError, check_address, resolve_smtp
from .search import date_range, tags_named

EXIT_BUSY = EXIT_RUNNING  # another digest is sending from this archive


def _digest_settings(path: str) -> DigestSettings:
    """The ``[digest]`` section of feeds.toml (none: no named digests, no SMTP server)."""
    if path == "feeds.toml" and not os.path.exists(path):  # (False, not an error, in a folder it cannot read)
        return DigestSettings()
    config = open_config(path)
    if config.digest_error:
        raise SetupError(config.digest_error)
    return config.digest


def _open(path: str, readonly: bool = False, wait: bool = False) -> Archive:
    """Open an existing archive (a digest writes what it sent, but never creates an archive); ``wait``: for another
    program's write transaction to end (exit 75 after WRITER_WAIT)."""
    return open_archive(path, readonly=readonly or not Path(path).exists(), wait=wait)


def _specs(settings: DigestSettings, name: str | None, overrides: dict[str, Any]) -> list[DigestSpec]:
    """The digests this call is about: the named one, the ad-hoc one the options describe, or all configured."""
    filters = any(overrides.get(k) for k in ("tags", "partners", "queries", "to"))
    if name:
        spec = merge_spec(settings.spec(name), **overrides)
        configured = settings.get(name)
        if configured is not None and filters and not same_digest(spec, configured):
            # Other tags, partners, searches or recipients than the configured digest's (the admin's one-off call,
            # a test send to oneself): a digest of its own, or what it sent counted as sent to the digest's readers,
            # who then never had it (year probe, s36). Named as ad-hoc ones are, without the digest's subject.
            return [replace(spec, name=adhoc_name({**overrides, "of": name}), subject="")]
        return [spec]
    if filters or not settings.digests:
        return [merge_spec(settings.spec(adhoc_name(overrides)), **overrides)]
    return [merge_spec(d, **overrides) for d in settings.digests]


def _exit_code(results: list[DigestResult]) -> int:
    attempted = [r for r in results if r.status not in ("nothing new", "dry run")]
    failed = [r for r in attempted if r.status == "failed"]
    if not failed and not any(r.failed for r in attempted):
        return EXIT_OK
    return EXIT_FAILED if attempted and len(failed) == len(attempted) else EXIT_PARTIAL  # partly sent: partial


@click.command()
@click.argument("name", required=False)
@click.option(
    "--since",
    default="",
    help="Window start for this call: 7d, 2w, 12h, or a day as `search --since` takes it (2026-05-01, 1.5.2026, "
    "May 2026, toukokuu 2026, v. 18, yesterday) (default: where the digest's window started, or its `since` setting "
    "the first time). Releases a failed send kept are in whatever it says; the releases of a week whose call never ran "
    "are not: leave --since out of the regular cron call.",
)
@click.option(
    "--tag",
    "tags",
    multiple=True,
    help="Only releases with this tag id (repeatable: any of them). With --partner or --query, a release meets each.",
)
@click.option("--partner", "partners", multiple=True, help="Only releases from this partner (repeatable: any of them).")
@click.option("--query", "queries", multiple=True, help="Only releases matching this search (repeatable: any of them).")
@click.option("--lang", default="", help="The reader's language for snippets and headlines (default: en).")
@click.option("--to", "to", multiple=True, help="Recipient address (repeatable); replaces the configured ones.")
@click.option("--group-by", type=click.Choice(GROUP_BY), default=None, help="Group releases by tag or partner.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="email",
    show_default=True,
    help="email: send by SMTP; html or markdown: print it (and remember it as delivered; a digest with "
    "recipients is refused: look at it with --dry-run).",
)
@click.option("--dry-run", is_flag=True, help="Print what would be sent; send and remember nothing.")
@DB
@CONFIG
def digest(
    name: str | None,
    since: str,
    tags: tuple[str, ...],
    partners: tuple[str, ...],
    queries: tuple[str, ...],
    lang: str,
    to: tuple[str, ...],
    group_by: str | None,
    fmt: str,
    dry_run: bool,
    db_path: str,
    config_path: str,
) -> None:
    """Send what is new since the last digest of NAME (all configured digests when no NAME is given).

    A release is never sent twice by one digest and never skipped: a failed send is retried by the
    next call. Exit codes: 0 sent or nothing new, 1 some digests failed (or reached only some
    recipients), 3 all failed, 4 the configuration or archive cannot be used, 2 usage error, 75
    another digest still sending after 15 minutes of waiting for it (or another program writing the
    archive after 5), 130 interrupted.

    Example: newsflow digest weekly --tag hope --to comms@example.org
    """
    if name and not NAME.fullmatch(name):
        raise click.UsageError(
            f"{name!r} is not a digest name: at most 64 letters, digits, '.', '_' and '-', "
            "starting with a letter or digit"
        )
    try:
        if since:
            window_start(since)
        for address in to:
            check_address(address)
    except (DigestError, MailSettingsError) as e:
        raise click.UsageError(str(e)) from None
    if lang:  # a code in any case, a regional one or a name, as `search --lang` takes it ("SV", "Swedish", "svenska")
        code = said_language(lang)
        if not code:
            raise click.UsageError(f"--lang {lang!r}: give a language code such as en, fi or sv")
        lang = code
    settings = _digest_settings(config_path)
    overrides = {"tags": tags, "partners": partners, "queries": queries, "lang": lang, "to": to, "group_by": group_by}
    if name and settings.get(name) is None and not (tags or partners or queries or to):
        # A name feeds.toml does not know, and nothing to make a digest of: a typo, not every release in the archive.
        known = [d.name for d in settings.digests]
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean {close[0]}?" if close else f"; the digests set up: {', '.join(known)}" if known else ""
        raise click.UsageError(
            f"there is no digest {name!r} in {config_path}{hint} (or give --tag, --partner, --query or --to to "
            "make one of that name)"
        )
    # (another program writing the archive, a long reextract: wait for it, then exit 75, as the nightly run does; it
    # reported each digest FAILED after 30 s, exit 3, s41)
    with _open(db_path, wait=not dry_run) as archive:
        conn = archive.db.conn
        # A tag by its name or an alias, a partner in any case, as `search` takes them.
        tags = tuple(named_tag(conn, t) for t in tags)
        for tag in tags:  # by the names people know tags by, and what was probably meant ("HOEP": "HOPE project")
            check_tag(conn, tag)
        from .search import did_you_mean

        partners = tuple(named_partner(conn, p) for p in partners)
        known_partners = known_choices(conn)[1]
        for partner in partners:  # what was probably meant ("Compannion": "Coompanion"), as `search` says it
            if partner not in known_partners:
                hint = did_you_mean(partner, {p: p for p in known_partners})
                raise click.UsageError(
                    f"--partner: there is no partner “{partner}” in this archive.{hint} Partners: "
                    f"{', '.join(known_partners) or '(none yet)'}"
                )
        specs = _specs(settings, name, {**overrides, "tags": tags, "partners": partners})
        try:  # what the command line named first (a usage error), then what feeds.toml says
            check_spec(conn, DigestSpec(name="options", tags=tags, partners=partners, queries=queries))
        except DigestError as e:
            raise click.UsageError(str(e)) from None
        unusable: list[DigestResult] = []  # configured digests set up wrong: the others are still sent
        for spec in list(specs):
            try:
                # (a configured digest's tags against feeds.toml's taxonomy; a --tag asks for what the archive holds)
                check_spec(conn, spec, settings.taxonomy if settings.get(spec.name) and not tags else ())
            except DigestError as e:
                error = f"{e} (in {config_path}); fix the digest there"
                if name:
                    raise SetupError(f"digest {spec.name}: {error}") from None
                specs.remove(spec)
                unusable.append(DigestResult(spec.name, "failed", error=error))
                if not dry_run:
                    record_failure(archive, spec.name, error, since=window_start(spec.since))
        for spec in specs if queries or dry_run else ():  # (feeds.toml's own: said once, by `check`; not nightly)
            _tag_searched(conn, spec)
        smtp = None
        mailed = [spec for spec in specs if spec.to and fmt != "email" and not dry_run]
        if mailed:  # printed, its releases would count as sent, and never reach the people it is sent to
            spec = mailed[0]
            named = "this digest" if spec.name.startswith("default-") else f"digest {spec.name}"  # (ad hoc: --to)
            raise click.UsageError(
                f"{named} is sent by e-mail to {len(spec.to)} address(es): printed as {fmt}, its releases "
                "would count as sent and never reach them. To look at it, add --dry-run (nothing is remembered)."
            )
        if fmt == "email" and not dry_run:
            for spec in specs:
                if not spec.to:
                    if settings.get(spec.name) is None:
                        raise click.UsageError(
                            f"digest {spec.name}: give --to ADDRESS (or configure "
                            f"[digest.digests.{spec.name}] to = [...] in {config_path})"
                        )
                    raise SetupError(
                        f"digest {spec.name} has no recipients: set to = [...] in "
                        f"[digest.digests.{spec.name}] of {config_path}, or pass --to"
                    )
            try:
                smtp = resolve_smtp(settings.smtp)
            except MailSettingsError as e:
                raise SetupError(str(e)) from None
        results = unusable
        for result in unusable:
            _report(result, fmt, dry_run)
        stays = "what the server accepted before is remembered; the rest is sent by the next call"
        with contextlib.ExitStack() as stack:
            stack.enter_context(interruptible("digest", stays))  # (Ctrl-C while waiting for another digest too)
            if not dry_run:
                try:  # another digest sending (a second cron line at the same minute): this one waits for it
                    stack.enter_context(
                        digest_lock(db_path, waiting=lambda said: click.echo(f"newsflow: {said}", err=True))
                    )
                except DigestBusy as e:
                    click.echo(f"newsflow: {e}", err=True)
                    sys.exit(EXIT_BUSY)
                except DigestLockError as e:
                    raise SetupError(str(e)) from None
            for spec in specs:
                deliver = email_deliverer(settings, spec, smtp) if fmt == "email" else _printer(fmt)
                result = run_digest(archive, spec, settings, deliver, since=since or None, dry_run=dry_run, fmt=fmt)
                results.append(result)
                _report(result, fmt, dry_run)
                _retag_first(conn, spec)
    sys.exit(_exit_code(results))


def _retag_first(conn: Any, spec: DigestSpec) -> None:
    """Say where a digest names a tag edited in feeds.toml (a new id, a name or alias added) since the archive's
    releases were tagged: those archived before come only after `newsflow retag` (year probe, s36: a tag's id renamed
    after the night's run, and that night's release came a week late, with no word)."""
    if not spec.tags:
        return
    waiting = [
        r[0]
        for r in conn.execute(
            f"select id from tags where changed_since is not null and id in ({', '.join('?' * len(spec.tags))})",
            list(spec.tags),
        )
    ]
    if waiting:
        click.echo(
            f"digest {spec.name}: RETAG NEEDED: tag(s) {', '.join(waiting)} changed in the configuration since the "
            "releases were tagged; those archived before come in a digest only after `newsflow retag` (run it before "
            "the digest)",
            err=True,
        )


def _tag_searched(conn: Any, spec: DigestSpec) -> None:
    """Say where a digest searches for a word that names a tag (`queries = ["HOPE"]`, `--query HOPE`): the search
    also finds the word in its other senses ("we hope to see you"), and those releases go to its readers; the tag
    does not (probe, s40), as `newsflow search` says it."""
    for query in spec.queries:
        said = query.strip().strip('"“”')
        named = tags_named(conn, said) if any(c.isalnum() for c in said) else []  # ("-": an alias that tags nothing)
        if not named:
            continue
        name = conn.execute("select coalesce(name, id) from tags where id = ?", [named[0]]).fetchone()[0]
        which = "this digest" if spec.name.startswith("default-") else f"digest {spec.name}"
        click.echo(
            f"{which}: the search “{query.strip()}” finds the word wherever it is written, in other senses too, and "
            f"sends those releases as well; for the releases tagged {name} only, give the tag instead: "
            f'tags = ["{named[0]}"] in feeds.toml, or --tag {named[0]}',
            err=True,
        )


def _printer(fmt: str) -> Deliver:
    def deliver(d: Digest) -> str:
        echo_data(render_digest(d, fmt), nl=False)  # printed before it is remembered
        return "stdout"

    return deliver


def _report(result: DigestResult, fmt: str, dry_run: bool) -> None:
    # With --format html/markdown (and --dry-run) stdout carries the digest itself: the status goes to stderr.
    to_stderr = fmt != "email" or dry_run
    if dry_run and result.status != "failed":  # (a digest set up wrong: why, under --dry-run too)
        echo_data(result.output, nl=False)
        line = f"digest {result.name}: dry run, {result.articles} release(s) would be sent; nothing remembered"
    elif result.status == "failed" and not result.articles:
        line = f"digest {result.name}: FAILED, nothing sent: {result.error}"
    elif result.status == "failed":
        line = f"digest {result.name}: FAILED, {result.articles} release(s) kept for the next call: {result.error}"
    elif result.status == "partly sent":
        line = f"digest {result.name}: PARTLY SENT, {result.articles} release(s) {result.error}"
    elif result.status == "nothing new":
        line = f"digest {result.name}: nothing new"
    elif result.status == "printed":
        line = f"digest {result.name}: {result.articles} release(s) printed and remembered"
    else:
        line = f"digest {result.name}: sent {result.articles} release(s) to {', '.join(result.recipients)}"
    if result.older and result.status != "nothing new":
        line += f"; and {result.older} older release(s) first archived now, counted in one line per partner"
    if result.more:
        line += f"; {result.more} more {'waits' if result.more == 1 else 'wait'} for the next digest"
    click.echo(line, err=to_stderr or result.failed)


REPORT_FORMATS = ("xlsx", "csv", "html")


def _one_tag(conn: Any, argument: str, option: str) -> str:
    """The id of the tag asked for as ``newsflow report TAG`` or ``--tag TAG`` (both: only if they name one tag)."""
    argument, option = argument.strip(), option.strip()
    tag = named_tag(conn, argument or option)  # by its name or an alias too, as `search` takes it
    if argument and option and named_tag(conn, option) != tag:
        raise click.UsageError(f"give the tag once: {argument!r} or --tag {option!r}, not both")
    return tag


@click.command()
@click.argument("tag_words", metavar="[TAG]", nargs=-1)
@click.option(
    "--tag", "tag_option", default="", help="The tag (a project, programme or practice), as the argument TAG."
)
@date_option(
    "--from",
    "First publication date: 20.5.2025, 20/5/2025, 20.5.25, 20-5-2025 (day first), 2025-05-20, May 2025 "
    "(month names in Finnish and Swedish too: toukokuu 2025, maj 2025), 2025-05, a quarter (Q3 2025) or a season "
    "(spring 2025, kevät 2025, våren 2025; its first day, as --to its last), 2025 or 7d (default: the beginning). "
    "Also --since, as `newsflow search` says it.",
    dest="date_from",
    alias="--since",
)
@date_option(
    "--to",
    "Last publication date, as --from (a month or a year: to its end; default: today). Also --until.",
    dest="date_to",
    alias="--until",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default=None,
    help="xlsx, csv or html (default: as -o's file name ends, .xlsx, .csv or .html; else xlsx).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default=None,
    help="File to write (default: stdout, except XLSX to a terminal: a file named after the tag).",
)
@DB
def report(
    tag_words: tuple[str, ...],
    tag_option: str,
    date_from: str,
    date_to: str,
    fmt: str | None,
    output: str | None,
    db_path: str,
) -> None:
    """Write a dissemination report for a tag: every mention with its evidence, and counts.

    TAG is the tag's id, its name or an alias ("HOPE project", or its words unquoted); --tag says the same.
    Mentions are listed with date, partner, headline (and its machine translation), the sentence the
    tag was found in, and the link; counted by month, partner and language.

    Example: newsflow report hope --from 2024-01-01 --to 2024-12-31 --format xlsx -o hope-2024.xlsx
    """
    from .report import ReportError, check_period, collect_report, parse_day, render_report, report_filename

    if not "".join((*tag_words, tag_option)).strip():
        raise click.UsageError(
            "give the tag: newsflow report TAG (its id, its name or an alias, e.g. newsflow report hope)"
        )
    fmt = output_format(fmt, output, REPORT_FORMATS, default="xlsx")
    names = date_names("date_from", "date_to", ("--from", "--to"))  # as typed: --since for --from too
    try:
        parse_day(date_from, names[0], names=names)
        parse_day(date_to, names[1], end=True, names=names)
        # A period that ends before it starts, said as `search` says it (of the dates as typed: "25.11." needs a year)
        date_range(typed_date("date_from", date_from), typed_date("date_to", date_to), names)
    except ValueError as e:  # (a ReportError too)
        raise click.UsageError(str(e)) from None
    with _open(db_path, readonly=True) as archive:
        tag = _one_tag(archive.db.conn, " ".join(tag_words), tag_option)
        check_tag(archive.db.conn, tag, "--tag" if tag_option.strip() and not "".join(tag_words).strip() else "TAG")
        try:
            check_period(date_from or None, date_to or None, names)
            made = collect_report(archive, tag, date_from or None, date_to or None, names=names)
        except ReportError as e:
            raise click.UsageError(str(e)) from None
        data = render_report(made, fmt)
    if output is None and fmt == "xlsx" and sys.stdout.isatty():
        output = report_filename(tag, date_from or None, date_to or None, fmt, name=made.tag_name)
    if output in (None, "-"):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        if not made.mentions:  # a file of headings only, piped or redirected: said where a person sees it
            click.echo(f"No release mentions {made.tag_name or made.tag} {_over(made.period)}.", err=True)
        _to_today(date_from, date_to, names)
        return
    assert output is not None
    try:  # as `export -o`: a file that cannot be made is the option's mistake (2); a full disk is said as such (4)
        stream = WrittenWhole(output, "wb")
    except OSError as e:
        raise click.UsageError(f"-o {output}: cannot write the file ({e.strerror or e})") from None
    with stream as out:
        out.write(data)
    releases = len(made.mentions)  # (one row a release)
    held = (
        f"{releases} release{'s' if releases != 1 else ''} mentioning {made.tag_name or made.tag} {_over(made.period)}"
        if releases
        else f"no release mentions {made.tag_name or made.tag} {_over(made.period)}"
    )
    click.echo(f"Wrote {output} ({len(data):,} bytes): {held}.", err=True)
    _to_today(date_from, date_to, names)


def _to_today(date_from: str, date_to: str, names: tuple[str, str]) -> None:
    """Say on standard error where --from names a span gone by (a season, a month, a quarter, a year) and no --to is
    given: the report runs from its first day to today. "Every mention of HOPE this spring", asked as --from "this
    spring", was a report to December, summer and autumn counted with it, and nothing said (probe, s43)."""
    from .report import ReportError, _today, parse_day

    if not date_from or date_to:
        return
    with contextlib.suppress(ReportError):
        first, last = parse_day(date_from, names[0]), parse_day(date_from, names[0], end=True)
        if first and last and first != last and last < _today():
            typed = " ".join(date_from.split())
            click.echo(
                f"{names[0]} “{typed}” is taken as its first day, {day_text(first.isoformat())}, and the report runs "
                f"to today; for {typed} alone, add {names[1]} “{typed}”.",
                err=True,
            )


def _over(period: str) -> str:
    """A report's period after "no release mentions X": "from 1 January 2025 to 31 May 2025", or "up to 31 December
    2020" where it has no start (not "from all dates to ...")."""
    return f"up to {period.removeprefix('all dates to ')}" if period.startswith("all dates to ") else f"from {period}"
