"""The command line: parse arguments, call the library, print. Nothing else."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import click

from . import __version__
from .archive import Archive, ArchiveBusy, ArchiveError, default_db_path
from .config import Config, ConfigError, default_config, load_config
from .pipeline import EXIT_RUNNING, EXIT_SETUP, Pipeline, RunSummary

DB = click.option("--db", "db_path", default=default_db_path, show_default="archive.db (or $NEWSFLOW_DB)",
                  type=click.Path(dir_okay=False), help="The SQLite archive.")
CONFIG = click.option("--config", "config_path", default="feeds.toml", show_default=True,
                      type=click.Path(dir_okay=False), help="Sources and tag taxonomy.")


QUIET_DAYS = 60  # `status` flags a healthy source that has had nothing new for this long


class SetupError(click.ClickException):
    """The configuration or the archive cannot be used: its own exit code for cron."""

    exit_code = EXIT_SETUP


def _config(path: str) -> Config:
    if path == "feeds.toml" and not Path(path).exists():
        return default_config()  # the shipped partner list, when run outside a checkout
    try:
        return load_config(path)
    except ConfigError as e:
        raise SetupError(str(e)) from None


def _archive(path: str, lock: bool = False) -> Archive:
    """Open the archive; with ``lock``, take the run lock or exit at once with EXIT_RUNNING."""
    try:
        archive = Archive(path)
    except ArchiveError as e:
        raise SetupError(str(e)) from None
    if lock:
        try:
            archive.acquire_run_lock()
        except ArchiveBusy as e:
            archive.close()
            click.echo(f"newsflow: {e}", err=True)
            sys.exit(EXIT_RUNNING)
    return archive


def _logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING if verbose < 2 else logging.DEBUG)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsflow")
def cli() -> None:
    """Follow partner newsrooms in Finnish, Swedish and English; archive, tag, translate, browse.

    Example: newsflow run --config feeds.toml --db archive.db
    """


def _print_summary(summary: RunSummary, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
        return
    width = max([len(s.source) for s in summary.sources] + [6])
    click.echo(f"{'source':<{width}}  {'new':>4} {'updated':>7} {'failed':>6}")
    for s in summary.sources:
        note = "skipped (backing off after failures)" if s.skipped else (f"FAILED: {s.error}" if s.error else
                                                                          ("not modified" if s.not_modified else ""))
        click.echo(f"{s.source:<{width}}  {s.new:>4} {s.updated:>7} {s.failed:>6}  {note}".rstrip())
    t = summary.totals
    click.echo(f"{'total':<{width}}  {t['new']:>4} {t['updated']:>7} {t['failed']:>6}")
    if summary.pending_translation:
        pairs = ", ".join(f"{pair} ({n})" for pair, n in sorted(summary.pending_translation.items()))
        click.echo(f"Translation pending: no model installed for {pairs}. "
                   "Install an Argos model and they are translated by `newsflow translate`.")
    for err in sorted(set(summary.translation_errors)):
        click.echo(f"Translation error: {err}", err=True)


def _progress(enabled: bool) -> Any:
    if not enabled:
        return None
    return lambda msg: click.echo(f"\r\033[K{msg[:110]}", nl=False, err=True)


@cli.command()
@CONFIG
@DB
@click.option("--source", "only", multiple=True, help="Only this source id (repeatable).")
@click.option("--force", is_flag=True, help="Also fetch sources that are backing off after failures.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv: HTTP too).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
def run(config_path: str, db_path: str, only: tuple[str, ...], force: bool, as_json: bool, verbose: int, quiet: bool) -> None:
    """Fetch every source once and archive what is new: the nightly job.

    Example: newsflow run --config feeds.toml --db archive.db
    """
    _logging(verbose, quiet)
    config = _config(config_path)
    unknown = set(only) - {s.id for s in config.sources}
    if unknown:
        raise click.UsageError(f"unknown source id(s): {', '.join(sorted(unknown))}")
    from .translate import Translator

    with _archive(db_path, lock=True) as archive:
        pipeline = Pipeline(config, archive, translator=Translator.from_settings(config.settings, cache=archive),
                            progress=_progress(sys.stderr.isatty() and not quiet and not as_json))
        summary = pipeline.run(only=list(only) or None, force=force)
    if sys.stderr.isatty() and not quiet and not as_json:
        click.echo("\r\033[K", nl=False, err=True)
    _print_summary(summary, as_json)
    sys.exit(summary.exit_code)


@cli.command()
@DB
@click.option("--port", default=8642, show_default=True, help="Port for the demo newsroom on 127.0.0.1 (0: any free port).")
def demo(db_path: str, port: int) -> None:
    """Serve the bundled demo newsroom on 127.0.0.1 and archive it, offline.

    Example: newsflow demo --db archive.db
    """
    _logging(0, False)
    from .demo import demo_config, serve_demo
    from .translate import Translator

    with serve_demo(port) as (base, _server):
        click.echo(f"Demo newsroom at {base}/ (Coompanion feed, Seinäjoki listing, HOPE sitemap)")
        config = demo_config(base)
        with _archive(db_path, lock=True) as archive:
            summary = Pipeline(config, archive, translator=Translator.from_settings(config.settings, cache=archive)).run()
            _print_summary(summary, False)
            click.echo("")
            for r in archive.recent_articles():
                lang = r["language"] + ("+" if r["mixed"] else " ")
                click.echo(f"  [{lang}] {r['title'][:70]:<70}  {len(json.loads(r['tags']))} tags")
            click.echo(f"\n{archive.count('articles')} articles archived in {db_path}. Browse them with:\n"
                       f"  newsflow serve --db {db_path}      (Datasette on http://127.0.0.1:8001/)\n"
                       f"  newsflow search HOPE --db {db_path}")
    sys.exit(summary.exit_code)


@cli.command()
@CONFIG
@DB
def translate(config_path: str, db_path: str) -> None:
    """Translate archived articles whose translation is pending (after installing a model).

    Example: newsflow translate --db archive.db
    """
    _logging(0, False)
    config = _config(config_path)
    from .translate import TranslateError, Translator

    with _archive(db_path, lock=True) as archive:
        pipeline = Pipeline(config, archive, translator=Translator.from_settings(config.settings, cache=archive))
        try:
            done, waiting, pending = pipeline.translate_pending()  # the whole archive
        except TranslateError as e:
            raise click.ClickException(str(e)) from None
    click.echo(f"{done} article(s) translated.")
    if waiting:
        pairs = ", ".join(f"{pair} ({n})" for pair, n in sorted(pending.items()))
        click.echo(f"{waiting} still pending: no model installed for {pairs}.")


@cli.command()
@DB
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def status(db_path: str, as_json: bool) -> None:
    """Show each source's health and what each partner published lately.

    Example: newsflow status --db archive.db
    """
    with _archive(db_path) as archive:
        sources = archive.source_health()
        last = archive.last_run()
        latest = archive.latest_by_partner()
        failures = archive.run_failures(last["id"]) if last else []
    if as_json:
        click.echo(json.dumps({"sources": sources, "last_run": last, "last_run_failures": failures,
                               "latest": latest}, ensure_ascii=False, indent=2))
        return
    if last:
        click.echo(f"Last run #{last['id']}: {last['status']}, started {last['started']}, "
                   f"{last['new'] or 0} new, {last['updated'] or 0} updated, {last['failed'] or 0} failed")
        for f in failures[:10]:
            click.echo(f"    {f['source_id']} {f['stage']}: {f['error'][:160]}")
        if len(failures) > 10:
            click.echo(f"    … and {len(failures) - 10} more (table failures)")
    click.echo("\nSources:")
    quiet_before = (datetime.now(timezone.utc) - timedelta(days=QUIET_DAYS)).isoformat()
    for s in sources:
        health = "ok" if not s["consecutive_failures"] else f"FAILING ({s['consecutive_failures']} in a row)"
        if s["consecutive_failures"] == 0 and s["last_success"] and (s["last_new_item"] or "") < quiet_before:
            health += f", nothing new for {QUIET_DAYS}+ days"
        click.echo(f"  {s['id']} [{s['kind']}] {s['partner'] or ''}: {health}; {s['articles']} articles, "
                   f"latest published {(s['latest'] or '-')[:10]}, last success {s['last_success'] or 'never'}")
        if s["consecutive_failures"]:
            click.echo(f"      last error: {s['last_error']}\n      next attempt: {s['next_attempt']}")
        if s["extraction_warning"]:
            click.echo(f"      EXTRACTION: {s['extraction_warning']}: has the page layout changed? "
                       "(set body/title/date selectors for this source in feeds.toml)")
    if latest:
        click.echo("\nLatest per partner:")
        partner: object = object()
        for a in latest:
            if a["partner"] != partner:
                partner = a["partner"]
                click.echo(f"  {partner or '(no partner)'}")
            when = (a["published"] or a["first_seen"] or "")[:10]
            click.echo(f"      {when}  [{a['language']}{'+' if a['mixed'] else ''}] {a['title'][:90]}")


@cli.command()
@click.argument("query")
@DB
@click.option("--lang", default="", help="Only articles in this language (fi, sv, en, ...).")
@click.option("--tag", default="", help="Only articles with this tag id.")
@click.option("--source", default="", help="Only articles from this source id.")
@click.option("--since", default="", help="Only articles published on or after this date (YYYY-MM-DD).")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print results as JSON.")
def search(query: str, db_path: str, lang: str, tag: str, source: str, since: str, limit: int, as_json: bool) -> None:
    """Search titles, texts, translations and attachments, in any inflected form.

    Example: newsflow search "Seinäjoki HOPE" --since 2021-01-01 --db archive.db
    """
    with _archive(db_path) as archive:
        try:
            results = archive.search(query, limit=limit, lang=lang, tag=tag, source=source, since=since)
        except ValueError as e:
            raise click.ClickException(str(e)) from None
    if as_json:
        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
        return
    for r in results:
        where = " (machine translation)" if r["machine_translation"] else " (in an attachment)" if r["in_attachment"] else ""
        tags = f"\n    tags: {', '.join(r['tags'])}" if r["tags"] else ""
        click.echo(f"{(r['published'] or '')[:10] or '----------'}  [{r['language']}] {r['title']}  ({r['partner'] or r['source_id']})\n"
                   f"    {r['url']}\n    {r['snippet']}{where}{tags}")
    if not results:
        click.echo("No matches.", err=True)


@cli.command()
@DB
@click.option("--tag", default="", help="Only articles with this tag id.")
@click.option("--since", default="", help="Only articles published on or after this date (YYYY-MM-DD).")
@click.option("--source", default="", help="Only articles from this source id.")
@click.option("--lang", default="", help="Only articles in this language.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="File to write (default: stdout).")
def export(db_path: str, tag: str, since: str, source: str, lang: str, fmt: str, output: Any) -> None:
    """Export articles as CSV or JSON; machine translations are in columns named as such.

    Example: newsflow export --tag hope --since 2021-01-01 --format csv -o hope.csv
    """
    import csv

    with _archive(db_path) as archive:
        rows = archive.export_rows(tag=tag, since=since, source=source, lang=lang)
    if fmt == "json":
        json.dump(rows, output, ensure_ascii=False, indent=2)
        output.write("\n")
        return
    fields = ["id", "published", "partner", "source", "language", "mixed", "title", "url", "tags", "text",
              "machine_translation", "machine_translation_by", "translation_status"]
    writer = csv.DictWriter(output, fieldnames=fields)
    writer.writeheader()
    for r in rows:
        writer.writerow({**r, "tags": " ".join(r["tags"])})


@cli.group()
def tags() -> None:
    """The tag taxonomy.

    Example: newsflow tags list
    """


@tags.command("list")
@CONFIG
def tags_list(config_path: str) -> None:
    """List the taxonomy's tags with their names per language.

    Example: newsflow tags list --config feeds.toml
    """
    config = _config(config_path)
    for t in config.tags:
        names = "; ".join(f"{lang}: {', '.join(n)}" for lang, n in t.names)
        aliases = f" aliases: {', '.join(t.aliases)}" if t.aliases else ""
        parent = f" (in {t.parent})" if t.parent else ""
        click.echo(f"{t.id:<34} {t.kind:<12} {t.name}{parent}{aliases}" + (f"\n{'':<48}{names}" if names else ""))


@tags.command("suggest")
@CONFIG
@DB
@click.option("--limit", default=30, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def tags_suggest(config_path: str, db_path: str, limit: int, as_json: bool) -> None:
    """Names in the archive that look like projects, programmes or practices but are not in the taxonomy.

    Example: newsflow tags suggest --db archive.db
    """
    from .tagging import suggest_names

    config = _config(config_path)
    with _archive(db_path) as archive:
        suggestions = suggest_names(archive.texts(), config.tags, limit=limit)
    if as_json:
        click.echo(json.dumps([vars(x) for x in suggestions], ensure_ascii=False, indent=2))
        return
    if not suggestions:
        click.echo("No new names found: the taxonomy covers what the archive mentions.")
    for x in suggestions:
        click.echo(f"{x.name}  ({x.kind}?; {x.count} mention(s) in {x.articles} article(s))")
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

    config = _config(config_path)
    start = time.perf_counter()
    with _archive(db_path, lock=True) as archive:
        articles, tagged = Pipeline(config, archive).retag()
    click.echo(f"Retagged {articles} article(s): {tagged} tag(s) on them, in {time.perf_counter() - start:.1f} s.")


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
    from .translate import find_packages, package_dirs

    dirs = package_dirs(_config(config_path).settings)
    found = find_packages(dirs)
    for p in found:
        click.echo(f"{p.from_code} → {p.to_code}  {p.id:<40} {p.path}")
    if not found:
        click.echo("No translation models installed.")
    click.echo("Searched: " + ", ".join(str(d) for d in dirs), err=True)


@models.command("install")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--from-index", "pair", nargs=2, metavar="FROM TO", help="Download from the Argos package index (needs internet).")
@click.option("--index-url", default=None, help="Another package index (default: settings.argos_index_url).")
@CONFIG
def models_install(file: str | None, pair: tuple[str, str] | None, index_url: str | None, config_path: str) -> None:
    """Install a model: from an .argosmodel file (no internet needed), or from the Argos package index.

    Example: newsflow models install translate-fi_en-1_9.argosmodel
    """
    from .translate import TranslateError, install_from_index, install_package

    if bool(file) == bool(pair):
        raise click.UsageError("give an .argosmodel FILE, or --from-index FROM TO")
    try:
        if file:
            pkg = install_package(Path(file))
        else:
            settings = _config(config_path).settings
            assert pair is not None
            pkg = install_from_index(pair[0], pair[1], settings, index_url or settings.argos_index_url)
    except TranslateError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"Installed {pkg.from_code} → {pkg.to_code} ({pkg.id}) in {pkg.path}")


@models.command("remove")
@click.argument("pair")
@CONFIG
def models_remove(pair: str, config_path: str) -> None:
    """Remove the installed models for a pair such as fi-en.

    Example: newsflow models remove fi-en
    """
    from .translate import find_packages, models_dir, remove_package

    src, _, tgt = pair.replace("_", "-").partition("-")
    own = [p for p in find_packages([models_dir()]) if (p.from_code, p.to_code) == (src, tgt)]
    if not own:
        raise click.ClickException(f"no model for {src} → {tgt} in {models_dir()}")
    for p in own:
        remove_package(p)
        click.echo(f"Removed {p.id} ({p.path})")


LOOPBACK = ("127.0.0.1", "localhost", "::1")


@cli.command()
@DB
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", default=8001, show_default=True)
@click.option("--public", is_flag=True, help="Serve beyond this machine without a password, on purpose.")
def serve(db_path: str, host: str, port: int, public: bool) -> None:
    """Browse the archive in Datasette: read-only, on 127.0.0.1 unless told otherwise.

    On any other address a password is required (user "staff", password from $NEWSFLOW_PASSWORD),
    unless --public is given on purpose.

    Example: newsflow serve --db archive.db
    """
    import tempfile

    from .browse import SETTINGS, TEMPLATES, metadata

    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path}: no archive yet (run `newsflow run` or `newsflow demo` first)")
    password_hash = None
    if host not in LOOPBACK and not public:
        password = os.environ.get("NEWSFLOW_PASSWORD", "")
        if not password:
            raise click.ClickException(
                f"serving on {host} makes the archive reachable from other machines: set NEWSFLOW_PASSWORD "
                "(staff then log in as user 'staff'), or pass --public to serve without a password on purpose")
        from datasette_auth_passwords.utils import hash_password

        password_hash = hash_password(password)
    meta = Path(tempfile.mkdtemp(prefix="newsflow-serve-")) / "metadata.json"
    meta.write_text(json.dumps(metadata(Path(db_path).stem, password_hash), ensure_ascii=False), encoding="utf-8")
    args = [sys.executable, "-m", "datasette", "serve", db_path, "--host", host, "--port", str(port),
            "--metadata", str(meta), "--template-dir", str(TEMPLATES)]
    for key, value in SETTINGS.items():
        args += ["--setting", key, str(value).lower() if isinstance(value, bool) else str(value)]
    where = f"http://{host}:{port}/"
    click.echo(f"Datasette on {where} (read-only{', password required: user staff' if password_hash else ''}); "
               "Ctrl-C to stop", err=True)
    raise SystemExit(subprocess.call(args))
