"""The SQLite archive: open, migrate, save, search. The schema lives here and only here.

Opening an archive applies any pending migration (sqlite-utils ``Migrations``) and then
``ensure_shape`` (full-text index, indexes, views), both safe to apply again.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import logging
import os
import re
import sqlite3
import stat
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Unpack

import sqlite_utils
from sqlite_utils import Migrations

from . import __version__, schedule
from .config import Tag
from .dates import http_date, instant, local_time
from .lexicon import contacts_indexed, search_shadow
from .models import (
    SERVED_AGAIN,
    TITLE_PARTS,
    Article,
    Attachment,
    Link,
    Paragraph,
    RobotsEntry,
    Source,
    Translation,
    normalize_url,
)
from .search import ADDRESSES, SEARCH_TABLE, WHEN, ArticleFilters, article_filters, search_articles, sql_marks


def _database(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """sqlite-utils over a connection, without its plugins: newsflow uses none, and looking for them reads every
    installed package's entry points, 15 ms of each command that opens the archive."""
    return sqlite_utils.Database(conn, execute_plugins=False)


migrations = Migrations("newsflow")
log = logging.getLogger("newsflow")


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


REFUSED_HOURS = 6  # a page refused once (SERVED_AGAIN) is taken when served so again this long after


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.table("sources").create(
        {
            "id": str,
            "name": str,
            "partner": str,
            "kind": str,
            "url": str,
            "language": str,
            "etag": str,
            "last_modified": str,
            "last_attempt": str,
            "last_success": str,
            "last_new_item": str,
            "consecutive_failures": int,
            "last_error": str,
            "next_attempt": str,
        },
        pk="id",
        defaults={"consecutive_failures": 0},
    )
    db.table("articles").create(
        {
            "id": int,
            "url": str,
            "canonical_url": str,
            "guid": str,
            "source_id": str,
            "partner": str,
            "title": str,
            "text": str,
            "translation": str,
            "language": str,
            "mixed": int,
            "languages": str,
            "published": str,
            "month": str,
            "updated": str,
            "author": str,
            "image": str,
            "declared_language": str,
            "tags": str,
            "translation_status": str,
            "translation_note": str,
            "translation_provenance": str,
            "content_hash": str,
            "extraction": str,
            "attachments": str,
            "status": str,
            "first_seen": str,
            "last_changed": str,
            "etag": str,
            "last_modified": str,
        },
        pk="id",
        foreign_keys=[("source_id", "sources", "id")],
    )
    db.table("article_sources").create(
        {"article_id": int, "source_id": str, "guid": str, "link": str, "first_seen": str},
        pk=("article_id", "source_id"),
        foreign_keys=[("article_id", "articles", "id"), ("source_id", "sources", "id")],
    )
    db.table("paragraphs").create(
        {"article_id": int, "position": int, "text": str, "language": str, "confidence": float, "heading": int},
        pk=("article_id", "position"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("tags").create(
        {
            "id": str,
            "kind": str,
            "name": str,
            "parent": str,
            "names": str,
            "aliases": str,
            "context": str,
            "description": str,
        },
        pk="id",
    )
    db.table("article_tags").create(
        {
            "article_id": int,
            "tag_id": str,
            "surface": str,
            "field": str,
            "paragraph": int,
            "start": int,
            "end": int,
            "language": str,
            "confidence": float,
            "mentions": int,
            "evidence": str,
        },
        pk=("article_id", "tag_id"),
        foreign_keys=[("article_id", "articles", "id"), ("tag_id", "tags", "id")],
    )
    db.table("translations").create(
        {
            "article_id": int,
            "position": int,
            "target": str,
            "source_language": str,
            "text": str,
            "machine": int,
            "provenance": str,
            "created": str,
        },
        pk=("article_id", "position", "target"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("revisions").create(
        {"id": int, "article_id": int, "title": str, "text": str, "content_hash": str, "archived": str},
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("runs").create(
        {
            "id": int,
            "started": str,
            "finished": str,
            "status": str,
            "new": int,
            "updated": int,
            "failed": int,
            "sources_failed": int,
            "summary": str,
        },
        pk="id",
    )
    db.table("failures").create(
        {"id": int, "run_id": int, "source_id": str, "url": str, "stage": str, "error": str, "at": str},
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
    )


@migrations()
def m002_listing_stamps_and_robots(db: sqlite_utils.Database) -> None:
    # What the listing said about an article last time (feed <updated>, sitemap <lastmod>, a hash
    # of its title and summary): when it changes, the article is fetched again (conditionally).
    db.table("article_sources").add_column("stamp", str)
    db.table("robots").create({"host": str, "fetched": float, "status": int, "body": str}, pk="host")


@migrations()
def m003_attachments(db: sqlite_utils.Database) -> None:
    db.table("attachments").create(
        {"article_id": int, "url": str, "title": str, "content_type": str, "text": str, "chars": int, "error": str},
        pk=("article_id", "url"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("articles").add_column("attachments_text", str)
    if db.table("articles_fts").exists():  # archives from before: index the attachments' text too
        db.table("articles").disable_fts()


@migrations()
def m004_translation_cache(db: sqlite_utils.Database) -> None:
    db.table("translation_cache").create(
        {"segment": str, "model": str, "text": str, "created": str}, pk=("segment", "model")
    )


def _create_search_table(db: sqlite_utils.Database) -> None:
    # As m005 made it (m013 adds the press contacts: _create_search_index).
    db.execute(f"""create virtual table if not exists {SEARCH_TABLE} using fts5(
        title, text, translation, attachments, tokenize = 'unicode61 remove_diacritics 0')""")


def _create_search_index(db: sqlite_utils.Database) -> None:
    """The search index as this version writes it: words and lemmas of each release's headline, text, machine
    translations, attachments and press contacts."""
    db.execute(f"""create virtual table if not exists {SEARCH_TABLE} using fts5(
        title, text, translation, attachments, contacts, tokenize = 'unicode61 remove_diacritics 0')""")


@migrations()
def m005_search_with_lemmas(db: sqlite_utils.Database) -> None:
    # The search index holds every word and its lemma (simplemma), so that inflected Finnish and
    # Swedish are found from any form; it replaces the plain full-text index of migration 1.
    if db.table("articles_fts").exists():
        db.table("articles").disable_fts()
    _create_search_table(db)
    paragraphs: dict[int, list[tuple[str, str]]] = {}
    translations: dict[int, list[tuple[str, str]]] = {}
    for article_id, text, target in db.execute("select article_id, text, target from translations order by article_id"):
        translations.setdefault(article_id, []).append((text, target))
    for article_id, text, language in db.execute(
        "select article_id, text, language from paragraphs order by article_id, position"
    ):
        paragraphs.setdefault(article_id, []).append((text, language))
    for article_id, title, language, attachments in db.execute(
        "select id, title, language, attachments_text from articles"
    ).fetchall():
        db.execute(
            f"insert into {SEARCH_TABLE} (rowid, title, text, translation, attachments) values (?, ?, ?, ?, ?)",
            [
                article_id,
                *_search_columns(
                    title or "",
                    language or "und",
                    paragraphs.get(article_id, []),
                    translations.get(article_id, []),
                    attachments or "",
                ),
            ],
        )


@migrations()
def m006_headlines_digests_responses(db: sqlite_utils.Database) -> None:
    # The headline's machine translation (into the first target language), shown beside the original.
    db.table("articles").add_column("title_translation", str)
    # When a source first answered: "nothing new for 60 days" only once it has been followed that long.
    db.table("sources").add_column("first_success", str)
    # A failure's stable kind beside its message (timeout, too_large, http_4xx, robots, ...), to group them.
    db.table("sources").add_column("last_error_kind", str)
    db.table("failures").add_column("kind", str)
    # Every address an article was found at (the same release at two URLs is one article).
    db.table("article_urls").create(
        {"url": str, "article_id": int, "first_seen": str}, pk="url", foreign_keys=[("article_id", "articles", "id")]
    )
    # Every language of a release, one row each: a mixed fi/en release counts under fi and under en
    # in facets, through an index (a facet over the JSON list would read every row).
    db.table("article_languages").create(
        {"article_id": int, "language": str},
        pk=("article_id", "language"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.execute("""insert or ignore into article_languages (article_id, language)
                  select a.id, j.value from articles a, json_each(coalesce(a.languages, '[]')) j""")
    # Digests remember what they sent: a release is sent once per digest, and a failed send is
    # retried by the next call (its items stay unsent).
    db.table("digests").create(
        {"name": str, "since": str, "created": str, "last_attempt": str, "last_sent": str, "last_error": str},
        pk="name",
    )
    db.table("digest_sends").create(
        {
            "id": int,
            "digest": str,
            "started": str,
            "finished": str,
            "status": str,
            "recipients": str,
            "articles": int,
            "error": str,
        },
        pk="id",
    )
    db.table("digest_items").create(
        {"digest": str, "article_id": int, "send_id": int, "sent": str},
        pk=("digest", "article_id"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    # What was fetched for each article, kept so that `newsflow reextract` can run the stages
    # again without the network: the body compressed, with its headers and when it was fetched.
    db.table("responses").create(
        {
            "article_id": int,
            "url": str,
            "status": int,
            "headers": str,
            "body": bytes,
            "encoding": str,
            "size": int,
            "fetched": str,
        },
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
    )


@migrations()
def m007_failed_links_as_listed(db: sqlite_utils.Database) -> None:
    # What the listing said of an article link that failed (GUID, title, date, stamp), so that asking it again
    # after the listing answers "not modified" archives it as the listing would have.
    db.table("failures").add_column("listed", str)


@migrations()
def m008_runs_config(db: sqlite_utils.Database) -> None:
    # The configuration each run followed (its file's absolute path, or the label of the one shipped with newsflow),
    # so that a command started from another folder does not quietly follow the shipped partner list instead.
    db.table("runs").add_column("config", str)


@migrations()
def m009_sources_configured(db: sqlite_utils.Database) -> None:
    # Whether a source is in the configuration the last run followed (0: taken out, or renamed): `status` and the
    # reading room say so rather than show it failing, or due for a next try, for ever. Unknown (NULL) until a run.
    db.table("sources").add_column("configured", int)


@migrations()
def m010_tagged_articles_from_the_releases(db: sqlite_utils.Database) -> None:
    # "Articles by tag" read from the releases rather than from every tag (see ensure_shape, which makes it again).
    db.execute("drop view if exists tagged_articles")


@migrations()
def m011_sources_moved_to(db: sqlite_utils.Database) -> None:
    # Where a source's address redirects permanently (301/308) when last asked: `status` and the run's log tell the
    # admin to put it in feeds.toml before the old address stops answering. "" while it does not.
    db.table("sources").add_column("moved_to", str)


@migrations()
def m012_articles_failing_and_early_m006(db: sqlite_utils.Database) -> None:
    # When a run first found every new article link of a source failing while its listing answered, none read (a
    # relaunched site, errors served for every page, or two releases removed at once); and since when a later run
    # found it so again with none read between, when the source counts as failing (`status` warns ARTICLES_FAILING).
    # Both "" once a release of it is read (health._articles_failing).
    db.table("sources").add_column("new_links_failed_at", str)
    db.table("sources").add_column("articles_failing_since", str)
    # When a tag was edited in the configuration after releases were tagged, until `newsflow retag` applies it to
    # them: the run's summary and `status` say so every night till then (RETAG_NEEDED).
    db.table("tags").add_column("changed_since", str)
    # m006 gained two tables within an hour of being written (30 November 2026); an archive made in that hour had
    # m006 applied without them, and every command then stopped on the missing table: made here where missing.
    if not db.table("article_urls").exists():
        db.table("article_urls").create(
            {"url": str, "article_id": int, "first_seen": str},
            pk="url",
            foreign_keys=[("article_id", "articles", "id")],
        )
    if not db.table("article_languages").exists():
        db.table("article_languages").create(
            {"article_id": int, "language": str},
            pk=("article_id", "language"),
            foreign_keys=[("article_id", "articles", "id")],
        )
        db.execute("""insert or ignore into article_languages (article_id, language)
                      select a.id, j.value from articles a, json_each(coalesce(a.languages, '[]')) j""")


@migrations()
def m013_press_contacts(db: sqlite_utils.Database) -> None:
    # The press contacts a release's page gives beside its text (names, titles, phones, addresses), kept apart from the
    # text and searched in a column of their own. Empty for releases archived before until `newsflow reextract`. The
    # index gains the column by copying what it holds (its words and lemmas as they are: nothing read again).
    db.table("articles").add_column("contacts", str)
    if db.table(SEARCH_TABLE).exists() and "contacts" not in {c.name for c in db.table(SEARCH_TABLE).columns}:
        db.execute(f"alter table {SEARCH_TABLE} rename to {SEARCH_TABLE}_before_contacts")
        _create_search_index(db)
        db.execute(
            f"""insert into {SEARCH_TABLE} (rowid, title, text, translation, attachments)
                select rowid, title, text, translation, attachments from {SEARCH_TABLE}_before_contacts"""
        )
        db.execute(f"drop table {SEARCH_TABLE}_before_contacts")


@migrations()
def m014_digest_selection(db: sqlite_utils.Database) -> None:
    # What each digest selected at its last call (tags, partners, searches), so that one changed in feeds.toml brings
    # what is new from then on, not all the window's releases of a tag added (digest.selection_key).
    if db.table("digests").exists():
        db.table("digests").add_column("selection", str)


@migrations()
def m015_digest_kept_for_recipients(db: sqlite_utils.Database) -> None:
    # What a digest's recipient missed because its mail server refused it for now (4xx: greylisting, a full mailbox)
    # while it accepted the others, on the release's row of what the digest sent: {recipient (its address in lower
    # case): [when first refused, the server's last answer]}, until a later send reaches it, the digest gives up on
    # it (digest.KEEP_REFUSED_DAYS) or `to` no longer names it. In digest_items, which the reading room never shows.
    if db.table("digest_items").exists():
        db.table("digest_items").add_column("kept", str)
    # Whether a partly sent digest's refusal was for good (an address to correct: 1), or for now only, its releases
    # kept for the next call (0); NULL for sends before this migration, which were all taken for good.
    if db.table("digest_sends").exists():
        db.table("digest_sends").add_column("refused_for_good", int)


@migrations()
def m016_extractor_versions(db: sqlite_utils.Database) -> None:
    # Which version of the extractor (extract.EXTRACTOR_VERSION) read each release's page: its text, and each earlier
    # text kept in revisions; and the version each run extracted with. `status` advises `newsflow reextract` for the
    # releases an older one read whose page is kept. NULL (archived before versions were recorded): an older one.
    db.table("articles").add_column("extractor", int)
    db.table("revisions").add_column("extractor", int)
    db.table("runs").add_column("extractor", int)


@migrations()
def m017_earlier_versions(db: sqlite_utils.Database) -> None:
    # Whether a revision is an earlier version of the release read at another address after it (1: _superseded,
    # kept so that nothing read is lost), not the text an edit replaced: the release did not change, and a digest
    # does not say it "changed since it was sent". NULL: an edit's (or kept before this was recorded).
    db.table("revisions").add_column("earlier", int)


def _search_columns(
    title: str,
    language: str,
    paragraphs: Sequence[tuple[str, str]],
    translations: Sequence[tuple[str, str]],
    attachments: str,
) -> list[str]:
    """The first four columns of the search index for one article, as words and lemmas (``_article_search_columns``
    adds the press contacts).

    ``paragraphs`` and ``translations``: (text, its language); machine translations into every
    target language share one column, each lemmatised in its own language.
    """
    return [
        search_shadow(title, language),
        " ".join(search_shadow(text, lang) for text, lang in paragraphs),
        " ".join(search_shadow(text, lang) for text, lang in translations if text),
        search_shadow(attachments, language),
    ]


def _article_search_columns(article: Article) -> list[str]:
    primary = article.translation_target or "en"
    translated = [(p.translation or "", primary) for p in article.paragraphs]
    translated.append((article.title_translation, primary))
    for extra in article.more_translations:
        translated += [(text or "", extra.target) for text in extra.paragraphs] + [(extra.title, extra.target)]
    return _search_columns(
        article.title,
        article.language,
        [(p.text, p.language) for p in article.paragraphs],
        translated,
        article.attachments_text,
    ) + [search_shadow(contacts_indexed(article.contacts), article.language)]


INDEXES: tuple[tuple[str, list[str]], ...] = (
    ("articles", ["url"]),  # unique: the article's identity
    ("articles", ["guid"]),
    ("articles", ["content_hash"]),
    ("articles", ["canonical_url"]),
    ("articles", ["published"]),
    ("articles", ["published", "partner", "languages", "first_seen"]),  # newest first, filtered, on the index alone
    ("articles", ["partner"]),  # the facets staff use: group by on an index
    ("articles", ["partner", "published"]),  # a partner's newest releases (its page's press contact), of any size
    ("articles", ["language"]),
    ("articles", ["languages"]),  # the language filter: a mixed release counts under each language
    ("articles", ["month"]),
    ("articles", ["source_id"]),
    ("articles", ["source_id", "first_seen"]),  # a source's latest releases (`status`: health.extraction_warning)
    ("articles", ["translation_status", "last_changed"]),  # the translation phase of every run
    ("articles", ["last_changed"]),  # and its further target languages: what this run changed
    ("articles", ["extractor"]),  # those an older extractor read (`status`): counted on the index alone
    (
        "responses",
        ["article_id"],
    ),  # (its rowid: the pages kept, counted without reading them, health.older_extractions)
    ("translations", ["source_language", "target", "provenance"]),
    ("article_sources", ["guid"]),
    ("article_sources", ["link"]),
    ("article_sources", ["stamp"]),  # the releases asked again (RunLog.failed_links, after "not modified")
    ("article_sources", ["source_id", "first_seen"]),  # each source's count and first release (`status`)
    ("article_tags", ["tag_id"]),
    ("article_languages", ["language"]),
    ("failures", ["source_id"]),
    ("failures", ["url"]),  # a listing's links tried before (Releases.history)
    ("article_urls", ["article_id"]),  # a source's releases moved (Relaunches), a release's addresses
)


def _index_name(table: str, cols: list[str]) -> str:
    return f"idx_{table}_{'_'.join(cols)}"  # as sqlite-utils names them


def shape_complete(db: sqlite_utils.Database) -> bool:
    """Whether the search index, the view and every index exist (a read, no lock taken for writing)."""
    names = {r[0] for r in db.execute("select name from sqlite_master")}
    return {SEARCH_TABLE, "tagged_articles", "articles_by_language"} <= names and all(
        _index_name(t, c) in names for t, c in INDEXES
    )


def ensure_shape(db: sqlite_utils.Database) -> None:
    """Search index, indexes and views: idempotent, applied when an open finds something missing."""
    _create_search_index(db)
    # Starts from the releases ("cross join" keeps SQLite to that order): the newest-first page walks the publication
    # index and stops after one page, and a facet by partner, language or month counts on that column's index. From
    # the tags, every page sorted all of them (120,000 on a six-year archive): 1.6 s for Datasette's page.
    db.execute("""create view if not exists tagged_articles as
        select a.id as article_id, a.published, a.month, a.partner, a.source_id, a.language, a.title,
               g.id as tag, g.name as tag_name, g.kind as tag_kind, x.surface, x.mentions, a.url
        from articles a cross join article_tags x on x.article_id = a.id cross join tags g on g.id = x.tag_id""")
    db.execute("""create view if not exists articles_by_language as
        select a.id as article_id, l.language, a.published, a.month, a.partner, a.source_id, a.title, a.mixed, a.url
        from article_languages l join articles a on a.id = l.article_id""")
    for table, cols in INDEXES:
        db.table(table).create_index(cols, if_not_exists=True, unique=(table, cols) == ("articles", ["url"]))


class ArchiveBusy(Exception):
    """Another newsflow process holds the archive's run lock."""


def _busy(archive: str, holder: str) -> str:
    """What a run that finds the lock held says: whose it is; and where that run has gone on for longer than a
    night's run can (schedule.RUN_OVERDUE), that it is stuck, as an error, with what to do (the nightly line was the
    same on the seventh night as on the first)."""
    started = re.search(r"started (\S+)", holder)
    shown = holder.replace(started[1], local_time(started[1])) if started else holder  # the log's own local time
    # (the command holding it, where its lock says: a `reextract` was called "another newsflow run"; probe, s45)
    command = re.match(r"pid \d+, newsflow (\w+), ", holder)
    shown = re.sub(r"^(pid \d+), newsflow \w+, ", r"\1, ", shown)
    holding = command[1] if command else "run"
    said = f"another newsflow {holding} is using {archive} ({shown or 'pid unknown'}); not starting"
    since = schedule.age(started[1]) if started else None
    pid = re.search(r"pid (\d+)", holder)
    if since is None or since <= schedule.RUN_OVERDUE:
        return said
    return (
        f"Error: {said}: it has run for {since.days} day(s) {since.seconds // 3600} hour(s), longer than any night's "
        f"run: if it is stuck, stop it (kill {pid[1] if pid else 'its pid'}); what it archived stays, and the next "
        "run goes on from there"
    )


def write_lock_holder(path: str) -> str:
    """Which process holds the archive's SQLite write lock, as "pid N: its command line" (Linux's /proc/locks: the
    write-ahead log's writer lock, byte 120 of ``-shm``, or a lock on the file itself beyond readers'); "" where the
    system does not say (another system, a process of another namespace)."""
    inodes: dict[tuple[int, int, int], bool] = {}  # (major, minor, inode): the -shm file's (True) or the archive's
    for suffix, shm in (("", False), ("-shm", True)):
        with contextlib.suppress(OSError):
            st = os.stat(path + suffix)
            inodes[(os.major(st.st_dev), os.minor(st.st_dev), st.st_ino)] = shm
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return ""
    for line in lines:
        m = re.match(r"\d+: POSIX\s+\w+\s+WRITE (\d+) ([0-9a-f]+):([0-9a-f]+):(\d+) (\d+) (\d+|EOF)", line.strip())
        if not m or int(m[1]) == os.getpid():
            continue
        of_shm = inodes.get((int(m[2], 16), int(m[3], 16), int(m[4])))
        if of_shm is None or (of_shm and int(m[5]) != 120):  # (-shm's other bytes: readers, checkpoints, recovery)
            continue
        try:
            with open(f"/proc/{m[1]}/cmdline", "rb") as f:
                command = " ".join(f.read().decode("utf-8", "replace").split("\0")).strip()
        except OSError:
            command = ""
        command = command if len(command) <= 80 else command[:79] + "…"
        return f"pid {m[1]}: {command}" if command else f"pid {m[1]}"
    return ""


def held_by_another_program(path: str, waited: float, *, started: bool = False) -> str:
    """What a command that could not write the archive says (exit 75): another program holds its write lock (an
    sqlite3 shell or a database browser with an unsaved change, a VACUUM; no newsflow run, which would hold the run
    lock), which where the system says, and what to do. ``started``: the command had begun (what it wrote stays)."""
    holder = write_lock_holder(path)
    minutes = f"{round(waited / 60)} minute(s)" if waited >= 60 else f"{round(waited)} seconds"
    return (
        f"another program has held {path}'s write lock for {minutes}"
        + (f" ({holder})" if holder else "")
        + (
            ": stopped; what it saved before stays, and doing it again goes on from there"
            if started
            else "; not starting, nothing was changed"
        )
        + ". Close it (an sqlite3 shell or a database browser with an unsaved change), or let it finish (a VACUUM, "
        "a backup being restored); cron can simply try again later"
    )


def wait_to_write(archive: Archive, seconds: float, waiting: Callable[[str], None]) -> None:
    """Wait until no other program holds the archive's write lock, ``seconds`` at most (then ArchiveLocked);
    ``waiting`` is told once, where the wait is longer than a moment. Polled, so that Ctrl-C stops the wait."""
    conn = archive.db.conn
    deadline = time.monotonic() + seconds
    said = False
    try:
        while True:
            left = deadline - time.monotonic()
            conn.execute(f"PRAGMA busy_timeout={max(0, min(2000, int(left * 1000)))}")
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
                return
            except sqlite3.OperationalError as e:
                if not locked(e):
                    raise
            if time.monotonic() >= deadline:
                raise ArchiveLocked(held_by_another_program(archive.path, seconds))
            if not said:
                holder = write_lock_holder(archive.path)
                waiting(
                    f"another program is writing {archive.path}"
                    + (f" ({holder})" if holder else "")
                    + f"; waiting for it, {round(seconds / 60) or 1} minute(s) at most"
                )
                said = True
    finally:
        conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")


class RunLock:
    """The archive's run lock: a file lock beside it (``archive.db.lock``), held by one writer at a time.

    The operating system releases it when the process dies, however it dies.
    """

    def __init__(self, archive_path: str):
        self.archive = archive_path
        # Beside the file itself: an archive named through a symlink (or "../x/archive.db") is one archive, with one
        # lock, however a run names it (SQLite's own -wal and -shm files follow symlinks too).
        self.path = os.path.realpath(archive_path) + ".lock"
        self._file: Any = None

    def acquire(self, command: str = "run") -> None:
        """Take the archive's run lock (a file lock beside it), or raise ArchiveBusy at once; ``command``: which
        newsflow command holds it, for the one refused to say.

        The operating system releases it when the process dies, however it dies.
        """
        f = open(self.path, "a+")  # noqa: SIM115  (kept open: closing the file would release the lock)
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            f.seek(0)
            holder = f.read().strip()
            f.close()
            raise ArchiveBusy(_busy(self.archive, holder)) from None
        f.seek(0)
        f.truncate()
        f.write(f"pid {os.getpid()}, newsflow {command}, started {now()}")
        f.flush()
        self._file = f

    def held(self) -> bool:
        """Whether a run holds the archive's lock now (a 'running' run without it was killed)."""
        try:
            with open(self.path) as f:
                try:
                    fcntl.flock(f, fcntl.LOCK_SH | fcntl.LOCK_NB)
                except OSError:
                    return True
                fcntl.flock(f, fcntl.LOCK_UN)
                return False
        except OSError:  # no lock file: no run ever took it here
            return False

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None


class DamagedPage(ValueError):
    """A kept page that cannot be read back (its bytes damaged on disk): the message starts with its address."""


class Archive:
    """An open archive. Every write is one transaction: a killed run leaves no half article.

    Safe to share between the threads of one run: every use of the connection holds a lock.
    """

    def __init__(self, path: str | Path, *, readonly: bool = False):
        """Open (and, for writers, create and migrate) the archive at ``path``.

        ``readonly``: for commands that only read (status, search, export, serve). The archive
        must exist; nothing is created or written, and a read-only file or folder is fine.
        Raises ArchiveError with a message a person can act on.
        """
        self.path = str(path)
        self.readonly = readonly
        self.lock = threading.RLock()
        self.run_lock = RunLock(self.path)
        self.created = False
        self.wal_unread = False
        self.runs = RunLog(self)
        self.translations = TranslationQueue(self)
        self.pages = KeptPages(self)
        self.releases = Releases(self)
        self.all = ArchiveWide(self)
        target = Path(self.path)
        state = archive_state(self.path)
        if state == "folder":
            raise ArchiveError(a_folder(self.path))
        if state == "file" and not os.access(self.path, os.R_OK):
            raise ArchiveError(
                f"{self.path} cannot be read (permission denied): give the user running newsflow read access to it"
                + ("" if readonly else " and write access to it and its folder")
            )
        if readonly:
            conn, self.wal_unread = _reader_connection(self.path, state)
        else:
            if state != "missing" and not os.access(self.path, os.W_OK):
                if _read_only_mount(self.path):
                    raise ArchiveError(
                        f"{self.path} is on a filesystem mounted read-only: this command writes the archive; a "
                        "disk remounted read-only after errors says so in `dmesg`: mend it and remount it read-write, "
                        "or move the archive to another disk"
                    )
                raise ArchiveError(
                    f"{self.path} is read-only: this command writes the archive; give the user "
                    "running newsflow write access to the file and its folder"
                )
            self.created = state == "missing" or os.path.getsize(self.path) == 0  # (said, as for a new file)
            if self.created and not target.parent.is_dir():  # (a mistyped --db made folders; none is made now)
                raise ArchiveError(no_folder(self.path))
            conn = _connect(self.path)
        self.db = _database(conn)
        try:  # the connection is known to be a newsflow archive (or a new file): _connect checked
            # An archive a newer newsflow has changed: a writer would write rows that version does not expect (and
            # its "upgrade" of a shape it does not know could drop what the newer one added). Readers read it.
            self.newer = newer_migrations(self.db)
            if self.newer and not readonly:
                raise ArchiveNewer(made_by_newer(self.path, self.newer))
            # (never upgraded by a reader either: the shape it would "complete" is not the one it knows)
            if not self.newer and (migrations.pending(self.db) or not shape_complete(self.db)):
                if readonly:
                    _upgrade(self.path)  # an archive of an older newsflow: upgraded once, by a writer
                else:
                    _migrate(self.db, self.path)
        except sqlite3.DatabaseError as e:
            conn.close()
            if locked(e):  # (an upgrade that met another program's write transaction): temporary, exit 75
                raise ArchiveLocked(held_by_another_program(self.path, BUSY_TIMEOUT)) from None
            raise ArchiveError(describe_database_error(self.path, e)) from None
        except ArchiveError:
            conn.close()
            raise

    def close(self, checkpoint: bool = True) -> None:
        """Close; a writer first gives the write-ahead log's space back where no reader (a reading-room page, a
        backup) still reads an older moment of it -- without waiting for one: a later close does it."""
        if checkpoint and not self.readonly:
            with contextlib.suppress(sqlite3.Error):
                self.db.conn.execute("PRAGMA busy_timeout=0")
                self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.run_lock.release()
        self.db.conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self) -> Any:
        return _Transaction(self.db.conn, self.lock)

    # ------------------------------------------------------------ sources and tags

    def sync_sources(self, sources: Sequence[Source]) -> None:
        """The configured sources into the archive (see ``_sync_sources``)."""
        _sync_sources(self, sources)

    def sync_tags(self, tags: Iterable[Tag], *, retagging: bool = False, quiet: bool = False) -> str:
        """The configured taxonomy into the archive; what to do while archived releases are tagged by an older one
        ("" when none is: see ``_sync_tags``)."""
        return _sync_tags(self, tags, retagging=retagging, quiet=quiet)

    def source_state(self, source_id: str) -> dict[str, Any]:
        with self.lock:
            rows = list(self.db.query("select * from sources where id = ?", [source_id]))
        return rows[0] if rows else {}

    def update_source(self, source_id: str, **fields: Any) -> None:
        with self.transaction():
            self.db.table("sources").update(source_id, fields)

    # ------------------------------------------------------------ articles

    def find_article(
        self, *, url: str = "", guid: str = "", source_id: str = "", content_hash: str = "", published: str = ""
    ) -> int | None:
        """The id of an archived article at this URL (fetched or listed there), with this GUID or content.

        A GUID identifies an item within its own feed only, so it is looked up with its source. The same content
        dated more than a day from ``published`` (a page's date) by ``source_id``, or more than a month by another
        source, is another release: a notice published again under the same words ("Kirjasto suljettu pyhien ajan",
        every year); another newsroom's copy, days later, is still the release.
        """
        checks: list[tuple[str, list[str]]] = []
        if url:  # (not another page's canonical address: a page may name any, Releases.find_for_page weighs it)
            checks += [(f"select {key} from {table} where {column} = ?", [url]) for table, key, column in ADDRESSES]
        if guid and source_id:
            checks += [
                ("select article_id from article_sources where guid = ? and source_id = ?", [guid, source_id]),
                ("select id from articles where guid = ? and source_id = ?", [guid, source_id]),
            ]
        if content_hash:
            apart = "abs(julianday(substr(published, 1, 10)) - julianday(substr(?, 1, 10)))"
            checks.append(
                (
                    "select id from articles where content_hash = ? and (coalesce(published, '') = ''"
                    f" or julianday(substr(?, 1, 10)) is null or {apart} <= (case source_id when ? then 1 else 31 end))"
                    f" order by {apart}",  # (the nearest)
                    [content_hash, published, published, source_id, published],
                )
            )
        with self.lock:
            for sql, params in checks:
                row = self.db.execute(sql + " limit 1", params).fetchone()
                if row:
                    return int(row[0])
        return None

    def listing_state(self, article_id: int, source_id: str) -> dict[str, Any]:
        """What we know to decide whether a known article needs fetching again."""
        with self.lock:
            row = self.db.execute(
                """select s.stamp, a.etag, a.last_modified, a.first_seen, s.article_id is not null, a.source_id, a.url
                   from articles a left join article_sources s on s.article_id = a.id and s.source_id = ?
                   where a.id = ?""",
                [source_id, article_id],
            ).fetchone()
        if row is None:
            return {}
        return {
            "stamp": row[0],
            "etag": row[1] or "",
            "last_modified": row[2] or "",
            "first_seen": row[3] or "",
            "linked": bool(row[4]),
            "source_id": row[5] or "",  # the source the release is archived from, and its address: the page there
            "url": row[6] or "",  # is read with that source's selectors, whichever source lists it
        }

    def save_article(
        self, article: Article, link: Link | None = None, article_id: int | None = None
    ) -> tuple[str, int]:
        """Insert or update an article with its paragraphs, tags and translations.

        Returns ("new" | "updated" | "unchanged", article id). An article is the same
        one when its URL, GUID or content matches, or its canonical URL where the texts read as
        one release (``Releases.same_release``: a CMS that names its home page as every page's
        canonical, or a page of another newsroom naming an archived release's address, must not
        merge releases). A changed text keeps the earlier version in ``revisions``. Whose the
        release is decides the rest (``Releases.owner``): a release that another source's page
        names (by canonical URL or the same text) keeps its own source, partner and text, and the
        page is linked as another listing of it; one that two sources list at one address stays
        its first source's; a copy archived first that names this page as its canonical gives
        the release over to it.
        """
        h = content_hash(article)
        stamp = now()
        row = _article_row(article, h)
        search = _article_search_columns(article)  # lemmatising is CPU work: not while holding the lock
        with self.transaction():
            # Looked up inside the transaction: two workers saving the same release from two
            # addresses at the same moment make one article, not two.
            existing = article_id or self.find_article(url=article.url, guid=article.guid, source_id=article.source_id)
            if existing is None:
                existing = self.releases.find_for_page(article, h)
            partner = self.db.execute("select partner from sources where id = ?", [article.source_id]).fetchone()
            row["partner"] = partner[0] if partner else ""
            owner, earlier = (self.releases.owner(existing, article) if existing is not None else None), False
            if owner == "foreign" and existing is not None:
                outcome, article_id = "unchanged", existing  # another newsroom's copy: linked, not merged into it
            elif existing is None:
                row.update(first_seen=stamp, last_changed=stamp, status="new")
                article_id = _insert(self.db.table("articles"), row)
                outcome = "new"
            else:
                article_id = existing
                old = self.db.table("articles").get(article_id)
                if owner == "own" and _superseded(self.db, article_id, article, h, old):  # (not the original's page)
                    outcome, earlier = "unchanged", True  # an earlier version: kept among its revisions, once
                    _keep_as_revision(self.db, article_id, row, h, stamp)
                elif old["content_hash"] == h and owner != "original" and not _contacts_corrected(old, article):
                    outcome = "unchanged"
                    if article.etag or article.last_modified:  # the validators for the next conditional GET
                        self.db.table("articles").update(
                            article_id, {"etag": article.etag, "last_modified": article.last_modified}
                        )
                else:
                    if old["content_hash"] != h:
                        self.db.table("revisions").insert(
                            {
                                "article_id": article_id,
                                "title": old["title"],
                                "text": old["text"],
                                "content_hash": old["content_hash"],
                                "archived": stamp,
                                "extractor": old["extractor"],  # (the version that read that text)
                            }
                        )
                    # (the original's address; a later version's, whose earlier one is then no edit of it: _superseded)
                    taken = owner == "original" or owner == "own" and _later_version(article, old)
                    kept: tuple[str, ...] = ("first_seen",) if taken else ("url", "first_seen")
                    kept += _day_kept(row, old, article)
                    for key in (*kept, *(("source_id", "partner", "guid") if owner == "shared" else ())):
                        row.pop(key, None)  # (a release another source lists too stays its first source's)
                    row.update(last_changed=stamp, status="updated")
                    self.db.table("articles").update(article_id, row)
                    outcome = "updated"
            if owner == "own" and outcome != "new" and not earlier:  # (an earlier version's address is no move)
                self.releases.follow_move(article_id, article)
            for address in dict.fromkeys(a for a in (article.url, article.shortlink) if a):
                # (the shortlink: where a new slug's page finds its release again, Releases.find_for_page)
                self.db.execute(
                    "insert or ignore into article_urls (url, article_id, first_seen) values (?, ?, ?)",
                    [address, article_id, stamp],
                )
            if link is not None and article.source_id:
                linked = replace(link, guid=link.guid or article.guid)
                day = article.published if owner != "foreign" else ""  # (a copy's day may be later than its own)
                self.releases.link_source(article_id, article.source_id, linked, article.url, day)
            if outcome != "unchanged":
                _write_children(self.db, article_id, article, stamp, search)
        return outcome, article_id

    def load_article(self, article_id: int, primary: str = "en") -> Article:
        """An archived article as the record the stages pass around, with its machine translations
        (those into ``primary``, the first target language, on its paragraphs)."""
        with self.lock:
            return _load_article(self.db, article_id, primary)

    def save_processing(self, article_id: int, article: Article) -> None:
        """Store what the later stages made of an unchanged text: translations and tags."""
        search = _article_search_columns(article)
        with self.transaction():
            self.db.table("articles").update(
                article_id,
                {
                    "last_changed": now(),
                    "languages": json.dumps(list(article.languages)),
                    "translation": article.translation,
                    "title_translation": article.title_translation,
                    "translation_status": article.translation_status,
                    "translation_note": article.translation_note,
                    "translation_provenance": article.translation_provenance,
                    "tags": json.dumps(sorted({t.tag_id for t in article.tags})),
                },
            )
            _write_children(self.db, article_id, article, now(), search)

    # ------------------------------------------------------------ runs and failures

    def search(self, query: str, limit: int = 20, **filters: Unpack[ArticleFilters]) -> list[dict[str, Any]]:
        """Articles matching a query in any inflected form, best first, with a highlighted snippet.

        ``filters``: those of ``search.article_filters`` (lang, tag, source, since, until, ...).
        """
        with self.lock:
            return search_articles(self.db.conn, query, limit, **filters)

    def count(self, table: str) -> int:
        return self.db[table].count


class RunLog:
    """Runs, their failures, and the robots.txt answers they keep (``archive.runs``)."""

    def __init__(self, archive: Archive):
        self.archive = archive
        # Pages a run took because they were served again as refused once (``refused_before``): (URL, source), asked
        # again by the next run (health.record_run_end), so that a maintenance break of two nights is not kept.
        self.served_again: set[tuple[str, str]] = set()

    def start_run(self, config: str = "") -> int:
        """Log a new run, with the configuration it follows. Runs still 'running' were killed mid-way (the run lock
        is ours): say so."""
        with self.archive.transaction():
            self.archive.db.execute("update runs set status = 'interrupted' where status = 'running'")
            return _insert(
                self.archive.db.table("runs"),
                {"started": now(), "status": "running", "config": config, "extractor": _extractor_version()},
            )

    def load_robots(self) -> dict[str, RobotsEntry]:
        with self.archive.lock:
            return {
                r["host"]: RobotsEntry(r["fetched"], r["status"], r["body"])
                for r in self.archive.db.table("robots").rows
            }

    def save_robots(self, robots: dict[str, RobotsEntry]) -> None:
        """Keep robots.txt answers for the next runs; not the failures, which are asked again."""
        with self.archive.transaction():
            for host, e in robots.items():
                if e.status and e.status < 500:
                    self.archive.db.table("robots").upsert(
                        {"host": host, "fetched": e.fetched, "status": e.status, "body": e.body}, pk="host"
                    )

    def translation_since(self) -> str:
        """Where a run's translation into further target languages starts: the start of the first run since the
        last one whose translation phase finished ("" for the whole archive, when none did). A run interrupted,
        killed or stopped by a broken model before its translation did not translate what it archived."""
        with self.archive.lock:
            row = self.archive.db.execute(
                """select min(started) from runs where id > coalesce((select id from runs
                       where json_valid(summary) and json_extract(summary, '$.translated')
                       order by id desc limit 1), 0)"""
            ).fetchone()
        return row[0] or ""

    def finish_run(self, run_id: int, status: str, totals: dict[str, int], summary: Any) -> None:
        with self.archive.transaction():
            self.archive.db.table("runs").update(
                run_id,
                {"finished": now(), "status": status, **totals, "summary": json.dumps(summary, ensure_ascii=False)},
            )

    def record_failure(
        self, run_id: int, source_id: str, url: str | Link, stage: str, error: str, kind: str = ""
    ) -> None:
        """A failure of the run; ``url`` the address, or an article's link as listed (kept for ``failed_links``)."""
        listed = ""
        if isinstance(url, Link):
            fields = ("guid", "title", "published", "stamp")
            listed, url = json.dumps({k: getattr(url, k) for k in fields}, ensure_ascii=False), url.url
        with self.archive.transaction():
            self.archive.db.table("failures").insert(
                {
                    "run_id": run_id,
                    "source_id": source_id,
                    "url": url,
                    "stage": stage,
                    "error": error[:2000],
                    "kind": kind,
                    "at": now(),
                    "listed": listed,
                }
            )

    def refused_before(self, source_id: str, url: str, error: str) -> bool:
        """Whether a source's article link failed so, with this very message, in a run REFUSED_HOURS or more before
        (within the last month): a page ``sources.not_a_release`` refuses once (a maintenance page, or a short release
        under a feed title that is no headline), served again (``SERVED_AGAIN``). The page, taken, is asked again by
        the next run (``served_again``), and so every night while it is served so, for a week after it was first
        refused: a maintenance break of two nights is then the release once it is back (review, s35: its feed entry
        unchanged, it was kept for good)."""
        before = datetime.now(UTC)
        with self.archive.lock:  # (by the address as the archive keeps it: a feed's utm_campaign changes nightly)
            rows = self.archive.db.execute(
                "select url, at from failures where source_id = ? and stage = 'extract' and error = ?"
                " and at <= ? and at >= ?",
                [source_id, error[:2000], (before - timedelta(hours=REFUSED_HOURS)).isoformat(timespec="seconds"),
                 (before - timedelta(days=31)).isoformat(timespec="seconds")],
            ).fetchall()  # fmt: skip
        first = min((at for listed, at in rows if normalize_url(listed) == normalize_url(url)), default=None)
        if first and first >= (before - timedelta(days=7)).isoformat(timespec="seconds"):
            self.served_again.add((normalize_url(url), source_id))  # (as the archive keeps addresses: find_article)
        return first is not None

    def taken_as_served_again(self, article_id: int) -> bool:
        """Whether a release was archived as a page served again after a refusal (``refused_before``: a maintenance
        break): the release that comes back is no gate, however short (``Releases.unlike``; second review, s35). Its
        sources' refusals, by their links as listed ("…?utm_source=rss"), against its addresses."""
        with self.archive.lock:
            db = self.archive.db
            listed = db.execute(
                """select url from failures where source_id in (select source_id from article_sources
                   where article_id = ?) and stage = 'extract' and error like ?""",
                [article_id, f"%{SERVED_AGAIN}"],
            ).fetchall()
            if not listed:
                return False
            addresses = {r[0] for r in db.execute("select url from article_urls where article_id = ?", [article_id])}
            addresses |= {r[0] for r in db.execute("select url from articles where id = ?", [article_id])}
        return any(normalize_url(url) in addresses for (url,) in listed)

    def first_failures(self, source_id: str, run_id: int) -> tuple[int, str]:
        """How many article links of a source failed in run ``run_id`` that had never failed before (not those left
        unasked, "not requested: …", as a site asked to wait), and the last one's error: a site whose every new
        release fails (relaunched, or serving errors) shows as new links failing night after night, where a dead
        link a feed goes on listing fails first only once."""
        with self.archive.lock:
            rows = self.archive.db.execute(
                f"""select f.error from failures f where f.source_id = ? and f.run_id = ? and f.stage != 'listing'
                     and {ASKED}
                     and not exists (select 1 from failures g where g.url = f.url and g.run_id < ?)
                   order by f.id""",
                [source_id, run_id, run_id],
            ).fetchall()
        return len(rows), (rows[-1][0] if rows else "")

    def with_unsent(self, source_id: str, links: list[Link], days: int) -> list[Link]:
        """A listing's links, and after them those of the source's links a stopped run (or a site asking to wait)
        left unsent within ``days`` and not archived since, where the listing no longer gives them: a run stopped
        while it read a listing's older pages left links there that the next run, finding the first page archived,
        no longer reaches (review, s38: they were lost for good)."""
        listed = {normalize_url(link.url) for link in getattr(links, "everything", links)}  # (max_items's too)
        unsent = [
            link for link in self.failed_links(source_id, days, unsent=True) if normalize_url(link.url) not in listed
        ]
        links.extend(unsent)  # (in place: the listing's own list, sources.Listed, with what it counted)
        return links

    def failed_links(self, source_id: str, days: int, unsent: bool = False) -> list[Link]:
        """The source's article links that could not be fetched or read (or met a bug in newsflow), first failing
        within ``days`` and not archived since, and those of its releases asked again: tried again by a run whose
        listing says it has not changed. A link still failing after that many days is given up (while its feed is
        unchanged: a feed that lists it anew brings it back)."""
        since = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
        # (``unsent``: only the links never asked since, as a run stopped or a site asked to wait: one asked later is
        # the listing's and the history's to judge)
        never_asked = f"and not ({ASKED}) and url not in (select url from failures where {ASKED})" * unsent
        with self.archive.lock:
            rows = self.archive.db.execute(
                f"""select url, max(coalesce(listed, '')) from failures
                   where source_id = ? and stage in ('fetch', 'extract', 'internal') {never_asked}
                   group by url having min(at) >= ? order by max(at) desc limit 200""",
                [source_id, since],
            ).fetchall()
            # As listed ("…?utm_source=rss"); archived under its normal form once it succeeded.
            archived = {
                u
                for (u,) in self.archive.db.execute(
                    f"select url from article_urls where url in ({', '.join('?' * len(rows))})",
                    [normalize_url(r[0]) for r in rows],
                )
            }
            # And the releases asked again (``Releases.ask_again``: a page taken as served again after a refusal, or
            # whose text another new link gave), which a listing that answers "not modified" would leave unread
            # (probe, s35: a maintenance page kept while the feed was quiet).
            again = self.archive.db.execute(
                "select link, guid from article_sources where source_id = ? and stamp = ? limit 200",
                [source_id, schedule.ASKED_AGAIN],
            ).fetchall()
        failed = [Link(url=u, **json.loads(listed or "{}")) for u, listed in rows if normalize_url(u) not in archived]
        if unsent:
            return failed
        return failed + [Link(url=u, guid=g or "") for u, g in again if u not in {x.url for x in failed}]


class TranslationQueue:
    """What waits for a translation model, and the cache of translated segments (``archive.translations``)."""

    def __init__(self, archive: Archive):
        self.archive = archive

    def articles_needing_translation(self, current: dict[str, str], target: str) -> list[int]:
        """Articles a model can translate now: pending in one of ``current``'s languages, or made
        by another model than ``current`` names for their language (then translated again)."""
        if not current:
            return []
        langs = sorted(current)
        with self.archive.lock:
            ids = {
                r[0]
                for r in self.archive.db.execute(
                    f"""select distinct a.id from articles a join paragraphs p on p.article_id = a.id
                    where a.translation_status in ('pending', 'partial')
                      and p.language in ({", ".join("?" * len(langs))})""",
                    langs,
                )
            }
            ids |= self._superseded(current, target)
            # Archives from before headlines were translated: their headlines, once.
            ids |= {
                r[0]
                for r in self.archive.db.execute(
                    f"""select id from articles where coalesce(title_translation, '') = '' and coalesce(title, '') != ''
                    and translation_status = 'done' and language in ({", ".join("?" * len(langs))})""",
                    langs,
                )
            }
        return sorted(ids)

    def _superseded(self, current: dict[str, str], target: str) -> set[int]:
        """Articles with a translation into ``target`` that the route ``current`` names for its language should
        make again (another model, or an older version of it: ``translate.superseded``). Caller holds the lock."""
        from .translate import superseded

        ids: set[int] = set()
        for lang, provenance in current.items():
            made_by = [
                r[0]
                for r in self.archive.db.execute(
                    "select distinct provenance from translations where source_language = ? and target = ?",
                    [lang, target],
                )
            ]
            stale = [p for p in made_by if superseded(p or "", provenance)]
            for i in range(0, len(stale), 400):
                chunk = stale[i : i + 400]
                ids |= {
                    r[0]
                    for r in self.archive.db.execute(
                        "select distinct article_id from translations where source_language = ? and target = ?"
                        f" and provenance in ({', '.join('?' * len(chunk))})",
                        [lang, target, *chunk],
                    )
                }
        return ids

    def needing_more(self, current: dict[str, str], target: str, since: str = "") -> list[int]:
        """Articles a model can translate into a further ``target`` now: changed ``since`` (all when
        empty) with a paragraph not yet translated into it, or translated by an older model."""
        if not current:
            return []
        langs = sorted(current)
        with self.archive.lock:
            ids = {
                r[0]
                for r in self.archive.db.execute(
                    f"""select distinct p.article_id from articles a join paragraphs p on p.article_id = a.id
                    where a.last_changed >= ? and p.language in ({", ".join("?" * len(langs))})
                      and not exists (select 1 from translations t where t.article_id = p.article_id
                                      and t.position = p.position and t.target = ?)""",
                    [since, *langs, target],
                )
            }
            ids |= self._superseded(current, target)
        return sorted(ids)

    def pending_into(self, target: str, since: str = "") -> dict[str, int]:
        """Articles changed ``since`` (all when empty) with paragraphs not yet translated into a further ``target``."""
        with self.archive.lock:
            rows = self.archive.db.execute(
                """select p.language, count(distinct a.id) from articles a join paragraphs p on p.article_id = a.id
                   where a.last_changed >= ? and p.language not in ('und', ?)
                     and not exists (select 1 from translations t where t.article_id = a.id and t.position = p.position
                                     and t.target = ?)
                   group by p.language order by p.language""",
                [since, target, target],
            ).fetchall()
        return {lang: n for lang, n in rows}

    def pending_translations(self, target: str, since: str = "") -> dict[str, int]:
        """Articles still waiting for a model, by source language (changed ``since``, or all)."""
        with self.archive.lock:
            rows = self.archive.db.execute(
                """select p.language, count(distinct a.id) from articles a join paragraphs p on p.article_id = a.id
                   where a.translation_status in ('pending', 'partial') and a.last_changed >= ?
                     and p.language not in ('und', ?)
                     and not exists (select 1 from translations t where t.article_id = a.id and t.position = p.position
                                     and t.target = ?)
                   group by p.language order by p.language""",
                [since, target, target],
            ).fetchall()
        return {lang: n for lang, n in rows}

    def get_many(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Cached segment translations (the TranslationCache protocol)."""
        out: dict[tuple[str, str], str] = {}
        with self.archive.lock:
            for i in range(0, len(keys), 400):
                chunk = keys[i : i + 400]
                where = " or ".join(["(segment = ? and model = ?)"] * len(chunk))
                params = [x for key in chunk for x in key]
                for seg, model, text in self.archive.db.execute(
                    f"select segment, model, text from translation_cache where {where}", params
                ):
                    out[(seg, model)] = text
        return out

    def put_many(self, items: dict[tuple[str, str], str]) -> None:
        stamp = now()
        with self.archive.transaction():
            self.archive.db.table("translation_cache").insert_all(
                (
                    {"segment": seg, "model": model, "text": text, "created": stamp}
                    for (seg, model), text in items.items()
                ),
                replace=True,
            )


class Relaunches:
    """A relaunched site that dated every release it moved by the day of the move, or dropped their dates
    (``Releases._moved`` finds the others by their day)."""

    def __init__(self, archive: Archive):
        self.archive = archive
        self.by_source: dict[str, dict[str, int]] = {}  # each relaunched source's releases by headline (``note``)
        self.redated: set[int] = set()  # those found again so in this run (``Releases.follow_move``)

    def note(self, source_id: str, links: Sequence[Link] | None) -> None:
        """What a source lists in full in this run (None: not known, after "not modified")."""
        self.by_source[source_id] = {} if links is None else self._releases(source_id, links)

    def _releases(self, source_id: str, links: Sequence[Link]) -> dict[str, int]:
        """The source's archived releases by headline, where its listing is a relaunched site's (a new CMS): at least
        RELAUNCH_MATCHES of its links carry, each, the headline of one archived release of the source and are not
        where it was first archived (moved), and none is where a release was first archived (an address a
        release moved to is not: the relaunch's releases taken in an earlier run), but for fewer releases than that
        archived since the relaunch began (a release of the source first taken at a new address in the last
        RELAUNCH_DAYS: the new site's own, archived in the relaunch's first run, ended it; review, s34); and three
        or more of those links are to releases not taken yet, or the source's last run took releases moved (the
        relaunch's last few). A relaunch taken whole, the releases moved listed at their new addresses, is over: a
        notice published again among them a few nights later is a release of its own (probe, s35: it was taken for
        last year's). A sloppy migration dates every page by the day of the move, so ``Releases._moved`` cannot find
        them by their day; a notice published again ("Kirjasto suljettu pyhien ajan", every December) comes among
        links the archive holds where they were first read, and stays a release of its own. A headline the listing
        gives twice names neither of its links."""
        counts = Counter(_headline_key(link.title) for link in links)
        headlines = {key for key, n in counts.items() if n == 1} - {""}
        if len(headlines) < RELAUNCH_MATCHES:
            return {}
        addresses = sorted({normalize_url(link.url) for link in links})
        held: dict[str, str] = {}  # each listed address the archive holds: where its release was first archived, when
        with self.archive.lock:
            db = self.archive.db
            for i in range(0, len(addresses), 300):
                chunk = addresses[i : i + 300]
                marks = ", ".join("?" * len(chunk))
                first = "coalesce(datetime(x.first_seen) <= datetime(a.first_seen, '+1 hour'), 1)"  # (unknown: first)
                for url, is_first, when in db.execute(  # each address held; where its release was first archived, when
                    f"""select x.url, {first}, a.first_seen from article_urls x
                          join articles a on a.id = x.article_id where x.url in ({marks})
                        union all select x.link, {first}, a.first_seen from article_sources x
                          join articles a on a.id = x.article_id where x.link in ({marks})
                        union all select a.url, 1, a.first_seen from articles a where a.url in ({marks})
                          and not exists (select 1 from article_urls x where x.url = a.url)""",
                    chunk * 3,
                ):
                    held[url] = max(held.get(url, ""), when or "0") if is_first else held.get(url, "")
        at_home = [when for when in held.values() if when]
        others = len(addresses) - len(at_home)  # (the links a relaunch moved are among these)
        if others < RELAUNCH_MATCHES or (at_home and others <= len(at_home)):
            return {}  # (a listing as every night: most of its links where their releases were first archived)
        with self.archive.lock:
            found: dict[str, list[int]] = {}
            for article_id, title in db.execute(
                "select id, title from articles where source_id = ? and coalesce(title, '') != ''", [source_id]
            ):
                if (key := _headline_key(title)) in headlines:
                    found.setdefault(key, []).append(int(article_id))
        # (A headline two releases share, a weekly "Tiedote", names neither.)
        releases = {key: ids[0] for key, ids in found.items() if len(ids) == 1}
        # Links to archived releases not where they were first archived (moved), and of those, at addresses the
        # archive does not hold (not taken yet).
        named = [normalize_url(link.url) for link in links if _headline_key(link.title) in releases]
        moved = sum(1 for address in named if not held.get(address))
        unheld = sum(1 for address in named if address not in held)
        if moved < RELAUNCH_MATCHES:
            return {}
        began = last_move = last_run = ""
        if at_home or unheld < RELAUNCH_MATCHES:
            with self.archive.lock:  # the relaunch under way: its first and last releases moved, the last run's start
                cutoff = (datetime.now(UTC) - timedelta(days=RELAUNCH_DAYS)).isoformat(timespec="seconds")
                began, last_move = db.execute(
                    """select min(x.first_seen), max(x.first_seen) from articles a cross join article_urls x
                       on x.article_id = a.id where a.source_id = ? and x.first_seen >= ?
                       and datetime(x.first_seen) > datetime(a.first_seen, '+1 hour')""",
                    [source_id, cutoff],
                ).fetchone()
                row = db.execute("select last_attempt from sources where id = ?", [source_id]).fetchone()
                last_run = (row[0] if row else "") or ""
        since = _day_before(began)
        if at_home and not (since and all(when >= since for when in at_home) and len(at_home) < moved):
            return {}
        # Links to releases not taken yet, three or more; or the last few, where the last run took releases moved.
        going_on = bool(last_move and last_run and last_move >= last_run)
        return releases if unheld >= RELAUNCH_MATCHES or going_on else {}

    def release(self, article: Article, title: str) -> int | None:
        """The release a relaunched site's page is (``note``) that the page dates later than the release, or not
        at all (a migration that set every page's date to the day of the move, or lost them): the same headline and
        most of its text. Noted in ``redated``, so that the release takes the new address; it keeps its own day
        (``_day_kept``: the day of the move is not the release's)."""
        article_id = self.by_source.get(article.source_id, {}).get(title) if title else None
        if article_id is None:
            return None
        with self.archive.lock:
            row = self.archive.db.execute("select published, text from articles where id = ?", [article_id]).fetchone()
        if row is None or (article.published and row[0] and article.published[:10] <= row[0][:10]):
            return None  # (the same day: ``_moved`` decides)
        if not _shares_most(row[1], article):
            return None
        self.redated.add(article_id)
        return article_id


def _within_a_day(one: str | None, other: str | None) -> bool:
    """Whether two stated days of publication are a day apart or less, as a content hash matches a release
    (``Archive.find_article``): a relaunch's page dated the day after the release was archived is it, moved (cron
    probe, s35: its "Original" stayed at the dead old address)."""
    try:
        a, b = date.fromisoformat((one or "")[:10]), date.fromisoformat((other or "")[:10])
    except ValueError:
        return False
    return abs((a - b).days) <= 1


def _common_headline_words(archive: Archive, article_id: int, words: set[str]) -> set[str]:
    """Those of ``words`` that a twentieth or more of the source's latest 200 headlines hold (at least three): a
    site's or a city's name ("Kirjaudu sisään | Seinäjoen kaupunki" beside "Seinäjoen kaupunki avaa …"), which
    names no release in particular."""
    if not words:
        return set()
    with archive.lock:
        titles = [
            _headline_words(t or "")
            for (t,) in archive.db.execute(
                """select title from articles where source_id = (select source_id from articles where id = ?)
                   order by id desc limit 200""",
                [article_id],
            )
        ]
    return {w for w in words if sum(w in t for t in titles) >= max(3, len(titles) / 20)}


def _shares_most(archived: str | None, article: Article) -> bool:
    """Whether a page's text holds most of an archived text (three-word runs of the shorter): an edit keeps them; two
    releases share at most a contact block."""
    old, new = _three_word_runs(archived or ""), _three_word_runs(article.text)
    return len(old & new) / max(1, min(len(old), len(new))) >= 0.6


RELAUNCH_MATCHES = 3  # a relaunched listing's links that carry archived releases' headlines, none where it was
RELAUNCH_DAYS = 90  # the runs a relaunch is taken over (max_items a night), from the first release it moved


def _day_before(stamp: str | None) -> str:
    """An ISO moment a day earlier, as stored ("" for none or one that does not read)."""
    try:
        return (datetime.fromisoformat(stamp or "") - timedelta(days=1)).isoformat()
    except ValueError:
        return ""


def _headline_key(title: str | None) -> str:
    """A headline as two pages of one release write it alike: its words, in lower case."""
    return " ".join((title or "").lower().split())


def _headline_words(title: str) -> set[str]:
    """The words of a headline's first part (a site's name comes after " | " or " – "), of four letters or more, by
    their first seven (Finnish inflects: "Kevätkonsertti", "kevätkonsertin"; not "palvelukatko" for
    "palveluseteli")."""
    first = TITLE_PARTS.split(title, maxsplit=1)[0]
    return {w[:7] for w in re.findall(r"[^\W\d_]{4,}", first.casefold())}


_ZONED = re.compile(r"T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)$")  # a time with its zone


# A failure recorded for a link that was asked (see Releases.history): not one left unsent as its site asked to wait or
# as the run stopped ("not requested: …"), nor one the stopping run cut short (fetch.py's _Watchdog.error).
ASKED = "error not like 'not requested:%' and error not like 'the run was stopping:%'"


class Releases:
    """Which archived release a listed link is, where its address alone does not say (``archive.releases``)."""

    def __init__(self, archive: Archive):
        self.archive = archive
        self.listed: dict[str, frozenset[str] | None] = {}  # each source's listing in this run (``now_listed``)
        self.waiting: dict[str, int] = {}  # links max_items left for the next runs, per source (``now_listed``)
        # New links read where a listing's pages ended before a known one, per source (``now_listed``).
        self.gap: dict[str, int] = {}
        self.relaunches = Relaunches(archive)

    def link_source(self, article_id: int, source_id: str, link: Link, normalized: str, published: str = "") -> bool:
        """Record that a source lists an article, and what the listing says of it; True when new. ``published``: its
        day, taken where the release was archived undated from this source, if no later than the day after it was
        first seen (later, a page's last save). A date given later is no edit of the text: no revision, not updated."""
        db = self.archive.db
        with self.archive.transaction():
            if published:
                db.execute(
                    "update articles set published = ?, month = ? where id = ? and coalesce(published, '') = ''"
                    " and source_id = ? and substr(?, 1, 10) <= date(first_seen, '+1 day')",
                    [published, published[:7], article_id, source_id, published],
                )
            before = db.conn.total_changes
            db.execute(
                "insert or ignore into article_sources (article_id, source_id, guid, link, first_seen, stamp)"
                " values (?, ?, ?, ?, ?, ?)",
                [article_id, source_id, link.guid, normalized, now(), link.stamp],
            )
            added = db.conn.total_changes > before
            if not added and link.stamp:  # (a link asked again from `failures` carries no stamp: the listing's stays)
                db.execute(
                    "update article_sources set stamp = ? where article_id = ? and source_id = ?",
                    [link.stamp, article_id, source_id],
                )
            elif not added:  # read again as asked (ask_again): once, where its listing gives no stamp to keep
                db.execute(
                    "update article_sources set stamp = '' where article_id = ? and source_id = ? and stamp = ?",
                    [article_id, source_id, schedule.ASKED_AGAIN],
                )
            return added

    def now_listed(self, source_id: str, links: Sequence[Link] | None) -> None:
        """What a source lists in this run, all of it (not only the links taken: ``sources.Listed``), normalised; None
        where that is not known (its listing answered "not modified"). A release at one of those addresses has not
        moved (``_moved``)."""
        everything = getattr(links, "everything", links)
        self.listed[source_id] = None if everything is None else frozenset(normalize_url(x.url) for x in everything)
        if links is not None:  # (after "not modified", what the last full read left waiting)
            self.waiting[source_id] = getattr(links, "waiting", 0)
        self.gap[source_id] = getattr(links, "gap", 0)
        self.relaunches.note(source_id, everything)

    def find_for_link(self, url: str, guid: str, source_id: str) -> tuple[int | None, int | None]:
        """The archived article a listed link is by its address, or (None, the article found by its GUID within its
        source): a release at a new address, or another release under a reused GUID, told apart only by reading its
        page (``same_release``): a feed without dates gives a weekly release the same listing entry each week."""
        known = self.archive.find_article(url=url)
        if known is not None or not guid:
            return known, None
        return None, self.archive.find_article(guid=guid, source_id=source_id)

    def history(self, links: list[tuple[str, str]], days: int = 30) -> dict[str, str]:
        """What became of these links (address as listed, and the listing's stamp for it) that were tried before
        (a link recorded as "not requested: …", a site having asked to wait, or a run stopping, was not tried):
        "archived" (a release was found or listed there), "failing" (its fetch or extraction failed), or "resting":
        failing for more than ``days``, asked within the last week, and listed as it was then, so that a dead link
        a feed goes on listing is asked once a week, not every night (never given up: a site that mends it gets it
        archived; a listing entry that changes has it asked at once)."""
        urls = [url for url, _ in links]
        failed: dict[str, tuple[str, str, str]] = {}  # url: first failure, last failure, the stamp listed then
        with self.archive.lock:
            for i in range(0, len(urls), 500):
                chunk = urls[i : i + 500]
                marks = ", ".join("?" * len(chunk))  # (a link never asked, as a site asked to wait, has not failed)
                sql = f"select url, at, listed from failures where url in ({marks}) and {ASKED} order by at"
                for url, at, listed in self.archive.db.execute(sql, chunk):
                    first = failed[url][0] if url in failed else at
                    try:
                        stamp = str(json.loads(listed or "{}").get("stamp", ""))
                    except (ValueError, AttributeError):
                        stamp = ""
                    failed[url] = (first, at, stamp)
            archived: set[str] = set()  # (as find_article looks an address up, for all the links at once)
            addresses = sorted({normalize_url(url) for url in urls})
            for i in range(0, len(addresses), 300):
                chunk = addresses[i : i + 300]
                marks = ", ".join("?" * len(chunk))
                sql = " union ".join(
                    f"select {column} from {table} where {column} in ({marks})" for table, _, column in ADDRESSES
                )
                archived |= {u for (u,) in self.archive.db.execute(sql, chunk * len(ADDRESSES))}
        moment = datetime.now(UTC)
        long_ago, lately = ((moment - timedelta(days=d)).isoformat() for d in (days, 7))
        states: dict[str, str] = {}
        for url, stamp in links:
            if normalize_url(url) in archived:
                states[url] = "archived"
            elif url in failed:
                first, last, then = failed[url]
                resting = first < long_ago and last > lately and then == stamp
                states[url] = "resting" if resting else "failing"
        return states

    def ask_again(self, url: str, source_id: str) -> None:
        """Have the next run fetch an archived release's page again, whatever its listing says then (its listing's
        stamp set to one no listing gives: see schedule.needs_recheck)."""
        found = self.archive.find_article(url=url)
        if found is not None:
            with self.archive.transaction():
                self.archive.db.execute(
                    "update article_sources set stamp = ? where article_id = ? and source_id = ?",
                    [schedule.ASKED_AGAIN, found, source_id],
                )

    def find_for_page(self, article: Article, content: str) -> int | None:
        """The archived release a page is by what it says of itself, where its address and GUID found none: the
        release at its canonical address or its shortlink (a CMS's stable address, the same when a new headline
        gives the page a new slug), or an archived page naming that address or this page's as its canonical,
        where the texts read as one release (``same_release``); else its text (``content``, its content hash)."""
        for address in dict.fromkeys(a for a in (article.canonical_url, article.url, article.shortlink) if a):
            # The release at the page's canonical address, or a page that names it (or this page) as canonical.
            found = self.archive.find_article(url=address) if address != article.url else None
            if found is None:
                with self.archive.lock:
                    row = self.archive.db.execute(
                        "select id from articles where canonical_url = ? limit 1", [address]
                    ).fetchone()
                found = row[0] if row else None
            if address == article.shortlink and found is not None and not self._same_post(found, article):
                continue  # (a theme that prints one shortlink on every page: not the release's own)
            if found is not None and self.same_release(found, article):
                return found  # (not a CMS's one canonical for every page, nor another newsroom's unrelated page)
        found = self.archive.find_article(
            content_hash=content, published=article.published, source_id=article.source_id
        )
        if found is not None and self.archive.runs.taken_as_served_again(found):
            return None  # (a maintenance page taken at one address: another release's page reads alike; probe, s35)
        return found if found is not None else self._moved(article)

    def _moved(self, article: Article) -> int | None:
        """The archived release of the page's own newsroom (its source, or its source's partner) that the page is at a
        new address: the same headline, published at the same moment (the same instant where both dates carry a
        zone, else the same day), and most of its text; of its own source, only where none of the release's
        addresses is in what the source lists in full in this run. A relaunched site (a new CMS: new addresses and
        GUIDs, a template that adds or drops a line) lists its latest releases again, and a partner's other newsroom
        may copy a release; each would otherwise be archived twice (another newsroom's page is linked to it as a
        listing, never written over it). Never for an undated page (a weekly release keeps its headline and much of
        its text), nor for a release its source still lists where it was: a city's two notices of one day under one
        headline ("Vesikatko", on two streets) stay two."""
        title = _headline_key(article.title)
        redated = self.relaunches.release(article, title)
        if redated is not None:
            return redated
        try:
            day = date.fromisoformat(article.published[:10])
        except ValueError:
            return None
        if not article.source_id or not title:
            return None
        with self.archive.lock:
            rows = self.archive.db.execute(  # (unary +: the publication index, not a partner's every release)
                """select a.id, a.title, a.text, a.published, a.source_id from articles a
                   where a.published >= ? and a.published < ? and (+a.source_id = ? or +a.partner in (
                       select partner from sources where id = ? and partner != ''))""",
                [(day - timedelta(days=1)).isoformat(), (day + timedelta(days=2)).isoformat()]
                + [article.source_id] * 2,
            ).fetchall()
        listed = self.listed.get(article.source_id)  # (None: not read in full in this run, "not modified")
        for article_id, archived_title, archived_text, published, source_id in rows:
            zoned = bool(_ZONED.search(published) and _ZONED.search(article.published))
            if (
                (instant(published) != instant(article.published))
                if zoned
                else published[:10] != article.published[:10]
            ):
                continue  # another moment (00:30+02:00 and 22:30Z are one; 08:00 and 13:00 are two)
            if _headline_key(archived_title) != title or not _shares_most(archived_text, article):
                continue
            if source_id != article.source_id:
                return int(article_id)  # another newsroom's: linked as a listing of it, not written over
            if listed is None:
                continue
            with self.archive.lock:
                addresses = {u for (u,) in self.archive.db.execute(
                    "select url from articles where id = ? union select url from article_urls where article_id = ?",
                    [article_id, article_id],
                )}  # fmt: skip
            if not addresses & listed:
                return int(article_id)
        return None

    def follow_move(self, article_id: int, article: Article) -> None:
        """Make a release's own page at an address it was never read at (a relaunched site, a new slug under the
        same GUID or shortlink) its address, the one "Original" links to: the old one is most often gone. The old
        addresses still find it (``article_urls``). Called in the saving transaction."""
        row = self.archive.db.execute("select url, published from articles where id = ?", [article_id]).fetchone()
        if not article.url or row is None or row[0] == article.url:
            return
        if not _within_a_day(row[1], article.published) and article_id not in self.relaunches.redated:
            return  # (the same text on another day: a recurring notice matched by its text, not this one moved)
        if article.canonical_url and self.archive.find_article(url=article.canonical_url) == article_id:
            return  # the page names the release's address as its own: that one is not gone (an alias listed)
        known = self.archive.db.execute(
            "select 1 from article_urls where url = ? and article_id = ?", [article.url, article_id]
        )
        taken = self.archive.db.execute(
            "select 1 from articles where url = ?", [article.url]
        )  # (unique: another's address)
        if known.fetchone() or taken.fetchone():
            return
        self.archive.db.execute(
            "insert or ignore into article_urls (url, article_id, first_seen) values (?, ?, ?)",
            [row[0], article_id, now()],
        )
        self.archive.db.execute(
            "update articles set url = ?, canonical_url = ? where id = ?",
            [article.url, article.canonical_url, article_id],
        )

    def _same_post(self, article_id: int, article: Article) -> bool:
        """Whether a page found by its shortlink is the archived release under a new slug: the same day of
        publication (where both say one) and most of its text (an edit keeps it; two releases share at most a
        contact block)."""
        with self.archive.lock:
            row = self.archive.db.execute("select published, text from articles where id = ?", [article_id]).fetchone()
        if row is None or (row[0] and article.published and row[0][:10] != article.published[:10]):
            return False
        return _shares_most(row[1], article)

    def owner(self, article_id: int, article: Article) -> str:
        """Whose the archived release is, as ``article`` (a page of ``article.source_id``) meets it: "own" (its
        source's, or no source's), "shared" (another source's, at this same address: one release in two listings),
        "original" (another source's copy, archived first, that names this page's address as its canonical: the
        release is this page's, and the copy becomes a listing of it), or "foreign" (another source's, and this page
        at another address: another newsroom's copy of it, linked as a listing of it, never written over it)."""
        with self.archive.lock:
            row = self.archive.db.execute(
                "select source_id, url, canonical_url from articles where id = ?", [article_id]
            ).fetchone()
        if row is None or not article.source_id or (row[0] or "") in ("", article.source_id):
            return "own"
        if row[1] == article.url:
            return "shared"
        return "original" if row[2] and row[2] == article.url else "foreign"

    def unlike(self, article_id: int | None, article: Article) -> str:
        """Why a page read at an archived release's address is not that release ("" when it may be): under half the
        archived text's length, sharing almost nothing with it (``same_release``) nor half its headline's words, as a
        login, removal, block or error page served as found would, which saved would overwrite the release and its
        kept page. A release edited, cut to a notice under a headline that still names it ("PERUTTU: Kevätkonsertti")
        or rewritten under its headline is still itself."""
        if article_id is None:
            return ""
        with self.archive.lock:
            row = self.archive.db.execute("select text, title from articles where id = ?", [article_id]).fetchone()
        archived = len(row[0] or "") if row else 0
        if (
            len(article.text) * 2 >= archived
            or self.same_release(article_id, article)
            or self.archive.runs.taken_as_served_again(article_id)
        ):
            return ""
        own = "" if article.extraction.get("title_from") == "listing" else article.title  # (the page's, not the feed's)
        words = _headline_words(row[1] or "") if row else set()
        named = words - _common_headline_words(self.archive, article_id, words)
        kept = _headline_words(own)
        # Half its own words kept; where every word of it is the source's common lot ("Vesikatko" on every notice),
        # all of them.
        if (named and len(named & kept) * 2 >= len(named)) or (words and not named and words <= kept):
            return ""  # its headline still names what it did: an edit ("PERUTTU: Kevätkonsertti"), not a gate
        return (
            f"the page no longer reads as the release archived from it ({len(article.text)} characters, sharing almost"
            f" nothing with its {archived}): a login, removal or error page? The archived text stays"
        )

    def same_release(self, article_id: int, article: Article) -> bool:
        """Whether ``article`` reads as a version of archived article ``article_id``: a third of the shorter text's
        three-word runs shared (an edit keeps most of them; another release shares few), or a tenth under the same
        headline (a rewrite) -- not the headline alone: a weekly "Kaupunginhallituksen päätöksiä" is a new release
        each week."""
        with self.archive.lock:
            row = self.archive.db.execute("select title, text from articles where id = ?", [article_id]).fetchone()
        if row is None:
            return False
        old, new = _three_word_runs(row[1] or ""), _three_word_runs(article.text)
        shared = len(old & new) / max(1, min(len(old), len(new)))
        same_title = bool(article.title) and _headline_key(row[0]) == _headline_key(article.title)
        return shared >= 1 / 3 or (same_title and shared >= 0.1)


class KeptPages:
    """Each article's page as fetched, kept compressed for `newsflow reextract` (``archive.pages``)."""

    def __init__(self, archive: Archive):
        self.archive = archive

    def save(self, article_id: int, url: str, status: int, headers: dict[str, str], body: bytes) -> None:
        """Keep the page an article was extracted from (compressed), for `newsflow reextract`."""
        import zlib

        with self.archive.transaction():
            self.archive.db.table("responses").upsert(
                {
                    "article_id": article_id,
                    "url": url,
                    "status": status,
                    "headers": json.dumps(headers, ensure_ascii=False),
                    "body": zlib.compress(body, 6),
                    "encoding": "zlib",
                    "size": len(body),
                    "fetched": now(),
                },
                pk="article_id",
            )

    def load(self, article_id: int) -> tuple[str, dict[str, str], bytes] | None:
        """(url, headers, body) as fetched, or None when it was not kept."""
        import zlib

        with self.archive.lock:
            row = self.archive.db.execute(
                "select url, headers, body, encoding from responses where article_id = ?", [article_id]
            ).fetchone()
        if row is None:
            return None
        try:
            body = zlib.decompress(row[2]) if row[3] == "zlib" else bytes(row[2])
            headers = json.loads(row[1] or "{}")
        except (zlib.error, ValueError, TypeError) as e:
            raise DamagedPage(f"{row[0]}: its kept page is damaged ({e})") from None
        return row[0], headers, body

    def save_reextracted(self, article_id: int, article: Article) -> bool:
        """Store a new extraction of a kept page: no revision (the partner changed nothing); True if it differs.

        One that differs in nothing stored (text, dates, author, canonical address, languages, tags, translations...)
        writes nothing."""
        h = content_hash(article)
        row = _article_row(article, h)
        with self.archive.transaction():
            old = self.archive.db.table("articles").get(article_id)
            labels = [
                (r[0], r[1])
                for r in self.archive.db.execute(
                    "select text, language from paragraphs where article_id = ? order by position", [article_id]
                )
            ]
            # What a re-extraction never changes, and a day it would move later (``_day_kept``).
            kept = ("url", "guid", "source_id", "etag", "last_modified", *_day_kept(row, old, article))
            changed = labels != [(p.text, p.language) for p in article.paragraphs] or any(
                (old[key] if old[key] is not None else "") != (value if value is not None else "")
                for key, value in row.items()
                if key not in kept and key != "extractor"  # (read by a newer extractor, to the same text: no change)
            )
            if not changed:
                self.read_again(article_id)
                return False
        search = _article_search_columns(article)  # lemmatising is CPU work: not while holding the lock
        with self.archive.transaction():
            for key in kept:
                row.pop(key, None)
            row["last_changed"] = now()
            self.archive.db.table("articles").update(article_id, row)
            _write_children(self.archive.db, article_id, article, now(), search)
        return True

    def read_again(self, article_id: int) -> None:
        """A re-extraction that left the release as archived (the same text, none, or another refused): read by this
        extractor all the same, so that `status` no longer advises reading it again (written only where it was not:
        a second pass writes nothing)."""
        version = _extractor_version()
        with self.archive.transaction():
            self.archive.db.execute(
                "update articles set extractor = ? where id = ? and (extractor is null or extractor != ?)",
                [version, article_id, version],
            )

    def prune(self, keep_days: int) -> int:
        """Forget kept pages fetched more than ``keep_days`` ago (0: keep them all); returns how many."""
        if keep_days <= 0:
            return 0
        when = datetime.now(UTC)
        cutoff = (when - timedelta(days=keep_days)).replace(microsecond=0)
        with self.archive.transaction():
            rows = self.archive.db.execute(
                """select article_id, case when json_valid(headers) then json_extract(headers, '$.date') end
                   from responses where fetched < ?""",
                [cutoff.isoformat()],
            ).fetchall()
            # Fetched while this machine's clock was behind (a page's server says it answered later): kept by the
            # server's time, not pruned as old by the first run with the clock right.
            never = datetime.fromtimestamp(0, UTC)  # (a page whose Date does not read: by its fetch time alone)
            gone = [r[0] for r in rows if not cutoff <= (http_date(r[1]) or never) <= when + timedelta(days=1)]
            for at in range(0, len(gone), 500):
                chunk = gone[at : at + 500]
                self.archive.db.execute(
                    f"delete from responses where article_id in ({', '.join('?' * len(chunk))})", chunk
                )
            return len(gone)

    def article_ids(self, source: str = "", since: str = "", kept: bool = True) -> list[int]:
        """Ids of articles whose page was kept (with ``kept`` False, whose page was not), optionally from one source
        or first seen since a date."""
        where, params = ["r.article_id is not null" if kept else "r.article_id is null"], []
        if source:
            where.append("a.source_id = ?")
            params.append(source)
        if since:
            where.append("a.first_seen >= ?")
            params.append(since)
        with self.archive.lock:
            return [
                r[0]
                for r in self.archive.db.execute(
                    f"""select a.id from articles a left join responses r on r.article_id = a.id
                    where {" and ".join(where)} order by a.id""",
                    params,
                )
            ]


class ArchiveWide:
    """Whole-archive reads and rewrites: export, retagging, texts for suggestions (``archive.all``)."""

    def __init__(self, archive: Archive):
        self.archive = archive

    def for_tagging(self, primary: str = "en") -> list[tuple[int, Article]]:
        """Every article with its title, paragraphs and translations (into ``primary``, the first target language,
        on its paragraphs; into each further one as its own): what the tagger reads, as ``load_article`` gives it."""
        with self.archive.lock:
            paragraphs: dict[int, list[Paragraph]] = {}
            translations: dict[str, dict[tuple[int, int], str]] = {}
            for article_id, position, target, text in self.archive.db.execute(
                "select article_id, position, target, text from translations where position >= 0"
            ):
                translations.setdefault(target, {})[(article_id, position)] = text
            mine = translations.pop(primary, {})
            for article_id, position, text, language in self.archive.db.execute(
                "select article_id, position, text, language from paragraphs order by article_id, position"
            ):
                paragraphs.setdefault(article_id, []).append(
                    Paragraph(text=text, language=language, translation=mine.get((article_id, position)))
                )

            def more(article_id: int) -> tuple[Translation, ...]:
                count = len(paragraphs.get(article_id, ()))
                return tuple(
                    Translation(target=target, paragraphs=tuple(rows.get((article_id, i)) for i in range(count)))
                    for target, rows in sorted(translations.items())
                    if any((article_id, i) in rows for i in range(count))
                )

            return [
                (
                    r[0],
                    Article(
                        url=r[1],
                        title=r[2] or "",
                        language=r[3] or "und",
                        paragraphs=tuple(paragraphs.get(r[0], ())),
                        translation_target=primary,
                        more_translations=more(r[0]),
                    ),
                )
                for r in self.archive.db.execute("select id, url, title, language from articles order by id")
            ]

    def tag_counts(self) -> dict[str, int]:
        """How many articles carry each tag (a tag on none is absent)."""
        with self.archive.lock:
            return dict(
                self.archive.db.execute("select tag_id, count(distinct article_id) from article_tags group by tag_id")
            )

    def edited_tags(self, tags: Iterable[Tag]) -> set[str]:
        """The configured tags new to the archive, or whose names, aliases or context changed since the archive's
        releases were tagged (marked by a run since, or edited since the last run)."""
        with self.archive.lock:
            stored = {
                r[0]: r[1:]
                for r in self.archive.db.execute(f"select id, {', '.join(_MATCHED)}, changed_since from tags")
            }
        edited = set()
        for t in tags:
            row, was = _tag_row(t), stored.get(t.id)
            if was is None or was[-1] or tuple(was[:-1]) != tuple(row[k] for k in _MATCHED):
                edited.add(t.id)
        return edited

    def replace_all_tags(self, tagged: Iterable[tuple[int, Article]], tags: Iterable[Tag]) -> None:
        """Put the result of a whole-archive retag in place, in one transaction."""
        tags = list(tags)
        with self.archive.transaction():
            self.archive.db.execute("delete from article_tags")
            self.archive.db.execute(
                f"delete from tags where id not in ({', '.join('?' * len(tags))})", [t.id for t in tags]
            )
            self.archive.sync_tags(tags, retagging=True)
            updates = []
            for article_id, article in tagged:
                _write_tags(self.archive.db, article_id, article)
                updates.append((json.dumps(sorted({t.tag_id for t in article.tags})), article_id))
            self.archive.db.conn.executemany("update articles set tags = ? where id = ?", updates)

    def export(self, **filters: Unpack[ArticleFilters]) -> list[dict[str, Any]]:
        """Articles for export, newest first (undated ones by when first seen); the translation is
        marked machine-made in its column names. ``filters``: those of ``search.article_filters``."""
        where, params = article_filters(**filters)
        with self.archive.lock:
            rows = list(
                self.archive.db.query(
                    f"""select a.id, a.published, a.partner, a.source_id as source, a.language, a.languages, a.mixed,
                           a.title, a.title_translation as machine_translation_title, a.url,
                           a.tags, a.text, a.contacts as press_contacts, a.translation as machine_translation,
                           a.translation_provenance as machine_translation_by, a.translation_status
                    from articles a where {" and ".join(where)}
                    order by {WHEN} desc""",
                    params,
                )
            )
            # Every target language's translation in columns of its own: machine_translation_fi, ...
            more: dict[int, dict[str, Any]] = {}
            ids = [r["id"] for r in rows]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                for t in self.archive.db.query(
                    f"""select article_id, target, position, text from translations
                            where article_id in ({", ".join("?" * len(chunk))})
                            order by article_id, target, position""",
                    chunk,
                ):
                    key = (
                        f"machine_translation_title_{t['target']}"
                        if t["position"] < 0
                        else f"machine_translation_{t['target']}"
                    )
                    cols = more.setdefault(t["article_id"], {})
                    cols[key] = t["text"] if t["position"] < 0 else "\n".join(filter(None, (cols.get(key), t["text"])))
        for r in rows:
            r["tags"] = json.loads(r["tags"] or "[]")
            r["languages"] = json.loads(r["languages"] or "[]")
            r["mixed"] = bool(r["mixed"])
            r.update(more.get(r["id"], {}))
        return rows

    def texts(self) -> list[tuple[int, str]]:
        """(article id, title and text) of every article."""
        with self.archive.lock:
            return [
                (r[0], f"{r[1] or ''}\n{r[2] or ''}")
                for r in self.archive.db.execute("select id, title, text from articles")
            ]


def _insert(table: sqlite_utils.db.Table, row: dict[str, Any]) -> int:
    """Insert one row into a table keyed by an integer id and return the new row's id."""
    pk = table.insert(row).last_pk
    assert pk is not None  # sqlite-utils sets last_pk on every insert; its type only says it may be unset before
    return int(pk)


def _write_children(
    db: sqlite_utils.Database, article_id: int, article: Article, stamp: str, search: list[str]
) -> None:
    for table in ("paragraphs", "article_tags", "translations", "article_languages"):
        db.execute(f"delete from {table} where article_id = ?", [article_id])
    db.table("article_languages").insert_all({"article_id": article_id, "language": lang} for lang in article.languages)
    db.table("paragraphs").insert_all(
        {
            "article_id": article_id,
            "position": i,
            "text": p.text,
            "language": p.language,
            "confidence": p.confidence,
            "heading": int(p.heading),
        }
        for i, p in enumerate(article.paragraphs)
    )
    db.table("translations").insert_all(_translation_rows(article_id, article, stamp))
    _write_tags(db, article_id, article)
    db.execute(f"delete from {SEARCH_TABLE} where rowid = ?", [article_id])
    db.execute(
        f"""insert into {SEARCH_TABLE} (rowid, title, text, translation, attachments, contacts)
            values (?, ?, ?, ?, ?, ?)""",
        [article_id, *search],
    )
    db.execute("delete from attachments where article_id = ?", [article_id])
    db.table("attachments").insert_all(
        (
            {
                "article_id": article_id,
                "url": x.url,
                "title": x.title,
                "content_type": x.content_type,
                "text": x.text,
                "chars": len(x.text),
                "error": x.error,
            }
            for x in article.attachments
        ),
        replace=True,
    )


def _translation_rows(article_id: int, article: Article, stamp: str) -> list[dict[str, Any]]:
    """One row per translated paragraph (the headline at position -1), for every target language."""
    primary = Translation(
        target=article.translation_target or "en",
        paragraphs=tuple(p.translation for p in article.paragraphs),
        by=tuple(p.translated_by or article.translation_provenance for p in article.paragraphs),
        title=article.title_translation,
        title_by=article.title_translated_by or article.translation_provenance,
        title_language=article.title_language,
    )
    rows = []
    for t in (primary, *article.more_translations):
        rows += [
            {
                "article_id": article_id,
                "position": i,
                "target": t.target,
                "source_language": p.language,
                "text": text,
                "machine": 1,
                "provenance": by,
                "created": stamp,
            }
            for i, (p, text, by) in enumerate(zip(article.paragraphs, t.paragraphs, t.by, strict=False))
            if text
        ]
        if t.title:  # the headline, at position -1
            rows.append(
                {
                    "article_id": article_id,
                    "position": -1,
                    "target": t.target,
                    "source_language": t.title_language or article.language,
                    "text": t.title,
                    "machine": 1,
                    "provenance": t.title_by,
                    "created": stamp,
                }
            )
    return rows


def _day_kept(row: dict[str, Any], old: dict[str, Any], article: Article) -> tuple[str, ...]:
    """("published", "month") where a later save or a re-extraction of an archived release would move its day later
    than the day it has, or take it away. A page that shows the day it was last edited, a relaunched site that dates
    every moved page by the day of the move, or a redesign that loses the date put that day there, in every run and
    every ``reextract`` (reviews, s34 and s35: a back catalogue published in June, archived in January and edited
    then, became January's news). An earlier day, the same day with its time, or the same moment in another zone
    (22:30Z restated as 00:30+02:00 the next day) is taken: a better reading; and a day where there was none (a
    release archived undated while the machine's clock was wrong, CLOCK WRONG, dated by ``reextract`` once the clock
    is right). So is a later day with a text that holds little of the archived one (``_shares_most``; both of five
    three-word runs or more): an address a newsroom uses again for next year's notice, rewritten (review, s35; one
    from the same template, the dates changed, keeps last year's day)."""
    day, was = row.get("published") or "", old.get("published") or ""
    if not day:
        return ("published", "month") if was else ()
    mine, current = stated_moment(day), stated_moment(was)
    if not was or day[:10] <= was[:10] or (mine and current and mine <= current):  # (the same moment restated)
        return ()
    runs = min(len(_three_word_runs(old.get("text") or "")), len(_three_word_runs(article.text)))
    new_text = runs >= 5 and not _shares_most(old.get("text"), article)  # (a page of a line or two: no telling)
    return () if new_text else ("published", "month")


def stated_moment(published: str | None) -> datetime | None:
    """A release's stated publication time, to order two versions by ("2024-03-01" is that day's midnight, UTC)."""
    try:
        moment = datetime.fromisoformat((published or "").strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _superseded(db: sqlite_utils.Database, article_id: int, article: Article, h: str, old: dict[str, Any]) -> bool:
    """Whether a page read at another address than the release's, naming it (its canonical address), is an earlier
    version of it rather than an edit: dated before the release's text, or, not dated after it, giving a text the
    release has had and moved on from. Two pages naming one canonical address, a release and its correction, took
    turns overwriting it, a revision and "updated" every night; the later-dated one (which takes its address) now
    stays. A page at the release's own address is read as before: going back to an earlier text is an edit."""
    if old["content_hash"] == h or normalize_url(article.url) == normalize_url(old["url"] or ""):
        return False
    mine, current = stated_moment(article.published), stated_moment(old["published"])
    if mine and current and mine < current:
        return True
    return not (mine and current and mine > current) and (
        db.execute(
            "select 1 from revisions where article_id = ? and content_hash = ? limit 1", [article_id, h]
        ).fetchone()
        is not None
    )


def _keep_as_revision(db: sqlite_utils.Database, article_id: int, row: dict[str, Any], h: str, stamp: str) -> None:
    """An earlier version of a release (``_superseded``) among its revisions, once: nothing read is lost."""
    if not db.execute(
        "select 1 from revisions where article_id = ? and content_hash = ? limit 1", [article_id, h]
    ).fetchone():
        db.table("revisions").insert(
            {
                "article_id": article_id,
                "title": row["title"],
                "text": row["text"],
                "content_hash": h,
                "archived": stamp,
                "extractor": row["extractor"],
                "earlier": 1,  # (the release did not change: no edit to tell a digest's readers of)
            }
        )


def _later_version(article: Article, old: dict[str, Any]) -> bool:
    """Whether a page at another address than the release's is dated after its text: the release's later version (a
    correction naming it as canonical), whose address the release then takes."""
    mine, current = stated_moment(article.published), stated_moment(old["published"])
    return bool(mine and current and mine > current) and normalize_url(article.url) != normalize_url(old["url"] or "")


def _mentions(hits: list[Any]) -> int:
    """How many times a release mentions a tag: in its own words; where only its machine translation names the tag,
    in the translation into one language. Its translations' mentions added to its own counted a Finnish release's
    two mentions as three, and more with every language it is translated into (reports' Mentions column)."""
    own = sum(h.field != "translation" for h in hits)
    translated = Counter(h.language for h in hits if h.field == "translation")
    return own or max(translated.values(), default=0)


def _write_tags(db: sqlite_utils.Database, article_id: int, article: Article) -> None:
    by_tag: dict[str, list[Any]] = {}
    for hit in article.tags:
        by_tag.setdefault(hit.tag_id, []).append(hit)
    rows = []
    for tag_id, hits in by_tag.items():
        best = max(hits, key=lambda h: (h.confidence, h.field != "translation", -h.paragraph))
        rows.append(
            {
                "article_id": article_id,
                "tag_id": tag_id,
                "surface": best.surface,
                "field": best.field,
                "paragraph": best.paragraph,
                "start": best.start,
                "end": best.end,
                "language": best.language,
                "confidence": best.confidence,
                "mentions": _mentions(hits),
                "evidence": json.dumps(
                    [
                        {
                            "surface": h.surface,
                            "field": h.field,
                            "paragraph": h.paragraph,
                            "start": h.start,
                            "end": h.end,
                            "language": h.language,
                            "confidence": h.confidence,
                        }
                        for h in hits[:20]
                    ],
                    ensure_ascii=False,
                ),
            }
        )
    db.table("article_tags").insert_all(rows)


def _extraction(stored: str | None) -> dict[str, Any]:
    """An article's extraction record as archived ({} where none, or unreadable)."""
    try:
        found = json.loads(stored or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _load_article(db: sqlite_utils.Database, article_id: int, primary: str = "en") -> Article:
    row = db.table("articles").get(article_id)
    found: dict[str, dict[int, tuple[str, str, str]]] = {}  # target -> position -> (text, provenance, source language)
    for t in db.query(
        "select target, position, text, provenance, source_language from translations where article_id = ?",
        [article_id],
    ):
        found.setdefault(t["target"], {})[t["position"]] = (
            t["text"],
            t["provenance"] or "",
            t["source_language"] or "",
        )
    mine = found.pop(primary, {})
    paragraphs = tuple(
        Paragraph(
            text=p["text"],
            language=p["language"],
            confidence=p["confidence"],
            heading=bool(p["heading"]),
            translation=mine[p["position"]][0] if p["position"] in mine else None,
            translated_by=mine[p["position"]][1] if p["position"] in mine else "",
        )
        for p in db.query("select * from paragraphs where article_id = ? order by position", [article_id])
    )
    title = mine.get(-1, (row["title_translation"] or "", "", ""))
    more = tuple(
        Translation(
            target=target,
            paragraphs=tuple(rows[i][0] if i in rows else None for i in range(len(paragraphs))),
            by=tuple(rows[i][1] if i in rows else "" for i in range(len(paragraphs))),
            title=rows.get(-1, ("", "", ""))[0],
            title_by=rows.get(-1, ("", "", ""))[1],
            title_language=rows.get(-1, ("", "", ""))[2],
        )
        for target, rows in sorted(found.items())
    )
    return Article(
        url=row["url"],
        source_id=row["source_id"] or "",
        guid=row["guid"] or "",
        title=row["title"] or "",
        paragraphs=paragraphs,
        title_translation=title[0],
        title_translated_by=title[1],
        title_language=title[2],
        more_translations=more,
        translation_target=primary,
        translation_provenance=row["translation_provenance"] or "",
        translation_note=row["translation_note"] or "",
        published=row["published"] or "",
        updated=row["updated"] or "",
        author=row["author"] or "",
        contacts=row.get("contacts") or "",
        canonical_url=row["canonical_url"] or "",
        declared_language=row["declared_language"] or "",
        image=row["image"] or "",
        language=row["language"] or "und",
        mixed=bool(row["mixed"]),
        translation_status=row["translation_status"] or "",
        etag=row["etag"] or "",
        extraction=_extraction(row.get("extraction")),
        attachments=tuple(
            Attachment(
                url=a["url"],
                title=a["title"] or "",
                content_type=a["content_type"] or "",
                text=a["text"] or "",
                error=a["error"] or "",
            )
            for a in db.query("select * from attachments where article_id = ?", [article_id])
        ),
        last_modified=row["last_modified"] or "",
    )


class ArchiveError(Exception):
    """The archive file cannot be opened or used."""


class ArchiveMissing(ArchiveError):
    """A command that only reads was given an archive that does not exist."""


class ArchiveNewer(ArchiveError):
    """The archive was made (migrated) by a newer newsflow than this one."""


class ArchiveLocked(ArchiveError):
    """Another program held the archive's write lock for longer than the command waits."""


def newer_migrations(db: sqlite_utils.Database) -> list[str]:
    """The migrations an archive has that this newsflow does not know: a newer version's."""
    known = {m.name for m in migrations._migrations}
    return [m.name for m in migrations.applied(db) if m.name not in known]


def made_by_newer(path: str, names: Sequence[str]) -> str:
    """Why an archive a newer newsflow made is not written by this one, and what to do."""
    listed = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
    return (
        f"{path} was made by a newer version of newsflow (it has migration{'s' * (len(names) > 1)} {listed}, which "
        f"this version ({__version__}) does not know): upgrade newsflow"
    )


def archive_state(path: str | Path) -> str:
    """Whether ``path`` is a "file", a "folder" or "missing"; ArchiveError when this user cannot tell (a folder on
    the way it may not enter): Path.is_dir() raised PermissionError there, and os.path.exists() said "missing"."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "missing"
    except NotADirectoryError:  # "demo.db/x.db": a file where a folder would be
        raise ArchiveError(f"{path}: {_file_on_the_way(str(path))} is a file, not a folder: check --db") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise ArchiveError(f"{path} cannot be read: its symbolic links lead round in a loop: check --db") from None
        raise ArchiveError(cannot_be_read(str(path), e)) from None
    return "folder" if stat.S_ISDIR(st.st_mode) else "file"


def _file_on_the_way(path: str) -> str:
    """The first part of ``path`` that is a file where the rest needs a folder."""
    for above in reversed(Path(os.path.abspath(path)).parents):
        if above.is_file():
            return str(above)
    return str(Path(path).parent)


def no_folder(path: str) -> str:
    """Why a new archive is not made where its folder is not there."""
    return f"there is no folder {Path(path).parent}: create it, or check --db (or $NEWSFLOW_DB)"


def a_folder(path: str) -> str:
    """Why a folder given as --db is refused, and what to give."""
    return f"{path} is a folder: --db takes the archive's file name, such as {Path(path) / 'archive.db'}"


def _shut_folder(path: str) -> str:
    """The first folder on the way to ``path`` this user may not enter (its parent folder where none is found)."""
    full = Path(os.path.abspath(path))
    chain = [*reversed(full.parents), full]
    for above, below in zip(chain, chain[1:], strict=False):
        try:
            os.stat(below)
        except PermissionError:
            return str(above)
        except OSError:
            break
    return str(full.parent)


def _own_unwritable(path: str) -> bool:
    """A file of this user's that it may not write (another's is said apart, with chown)."""
    try:
        return os.stat(path).st_uid == os.getuid() and not os.access(path, os.W_OK)
    except OSError:
        return False


def owned_by_another(path: str, *suffixes: str) -> str:
    """Where a file beside the archive (its write-ahead log "-wal", "-shm", its ".lock") belongs to another user who
    may write it and this one may not (newsflow run once by hand as root): which, whose, and what to do; "" else."""
    if not hasattr(os, "getuid"):
        return ""
    for suffix in suffixes:
        beside = f"{path}{suffix}"
        try:
            st = os.stat(beside)
        except OSError:
            continue
        if suffix and _own_unwritable(beside):
            # (SQLite gives a -wal and -shm the archive's own mode: a reader of an archive made read-only left them
            # so, and after `chmod u+w` of the archive every run failed on them, told to do what was done; s45)
            files = [f for s in suffixes if s and _own_unwritable(f := f"{path}{s}")]
            them = "it" if len(files) == 1 else "them"
            return (
                f"{' and '.join(files)} {'is' if len(files) == 1 else 'are'} read-only (made so while the archive "
                f"was: a command that read it then left {them}): give the user running newsflow write access to "
                f"{them} as to the archive (chmod u+w {' '.join(files)})"
            )
        if st.st_uid != os.getuid() and not os.access(beside, os.W_OK):
            try:
                import pwd

                owner = pwd.getpwuid(st.st_uid).pw_name
            except (ImportError, KeyError):
                owner = f"user id {st.st_uid}"
            return (
                f"{beside} belongs to {owner}, and the user running newsflow may not write it (was newsflow run by "
                f"hand as {owner}?): give it to the user running newsflow (chown), or remove it while no newsflow "
                "command is running"
            )
    return ""


def cannot_be_read(path: str, error: OSError) -> str:
    """The archive (or what is beside it) cannot be reached, in words: which folder to give access to."""
    folder = _shut_folder(path)
    return (
        f"{path} cannot be read ({error.strerror}): give the user running newsflow access to the folder {folder} "
        "(to enter it and read the archive; to write in it, for a command that writes)"
    )


WAL_LIMIT = 32 * 1024 * 1024  # bytes the write-ahead log is cut back to at each checkpoint
BUSY_TIMEOUT: float = 30  # seconds a statement waits for another connection's write lock before "database is locked"


def _connect(path: str) -> sqlite3.Connection:
    """A writer's connection, once the file is known to be a newsflow archive (or new); WAL from then on."""
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    except sqlite3.DatabaseError as e:
        raise ArchiveError(describe_database_error(path, e)) from None
    try:
        _check_is_archive(_database(conn), path)  # before anything is written to it
        conn.execute("PRAGMA journal_mode=WAL")
        # While the reading room reads, SQLite cannot restart the write-ahead log: a night's writes grew it to
        # 306 MB, a size the file then kept. Each checkpoint now cuts it back to this.
        conn.execute(f"PRAGMA journal_size_limit={WAL_LIMIT}")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.DatabaseError as e:
        conn.close()
        if locked(e):  # (a VACUUM, or a program that took the file in rollback-journal mode, writing it): exit 75
            raise ArchiveLocked(held_by_another_program(path, BUSY_TIMEOUT)) from None
        raise ArchiveError(describe_database_error(path, e)) from None
    except ArchiveError:
        conn.close()
        raise
    return conn


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _reader_connection(path: str, state: str) -> tuple[sqlite3.Connection, bool]:
    """A reader's connection to an archive that must exist, and whether a -wal beside it is left unread: read as
    unchanging (a read-only folder or disk without the -shm), SQLite leaves it out, and what the last run saved in it
    was left out without a word (robustness probe, s45)."""
    if state == "missing":
        raise ArchiveMissing(
            f"there is no archive at {path}: check --db (or $NEWSFLOW_DB), or create one with `newsflow run`"
        )
    if os.path.getsize(path) == 0:  # (a reader wrote a whole new archive into it: search probe, s45)
        raise ArchiveMissing(
            f"there is no archive at {path}, only an empty file: check --db (or $NEWSFLOW_DB), or create one with "
            "`newsflow run`"
        )
    conn, unchanging = _connect_readonly(path)
    return conn, unchanging and _size(f"{os.path.realpath(path)}-wal") > 0  # (beside the file a link leads to)


def _connect_readonly(path: str) -> tuple[sqlite3.Connection, bool]:
    """Open without writing anything; in a read-only folder too (where WAL's -shm cannot be made): the connection,
    and whether it reads the file as one nobody changes (immutable=1, which leaves a -wal unread)."""
    uri = Path(path).resolve().as_uri()
    last: sqlite3.DatabaseError | None = None
    for mode in ("?mode=ro", "?immutable=1"):
        try:
            conn = sqlite3.connect(
                uri + mode, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
            )
        except sqlite3.DatabaseError as e:
            last = e
            continue
        try:
            _check_is_archive(_database(conn), path)
            return conn, mode == "?immutable=1"
        except sqlite3.DatabaseError as e:
            conn.close()
            if locked(e):  # (a writer's lock held past the wait: said as such, not read as unchanging; review, s45)
                raise ArchiveLocked(held_by_another_program(path, BUSY_TIMEOUT)) from None
            last = e
        except ArchiveError:
            conn.close()
            raise
    assert last is not None
    raise ArchiveError(describe_database_error(path, last)) from None


def shared_reading(path: str | Path) -> str:
    """How a long-lived reader (the reading room) may read the archive beside the nightly run: "shared" (SQLite's
    read-only mode, which sees each run's writes), "unchanging" (immutable=1, as ``_connect_readonly`` falls back to:
    on a read-only disk, or in a folder nobody but root may write in, where WAL's -shm cannot be made and no run can
    write either; every page of `serve` answered 500 there: robustness probe, s45), or "blocked": this user may not
    make the -shm in a folder another user writes the archive in. Read as unchanging there, the reading room would
    never see a run's writes and could read a page half-checkpointed (review, s45)."""
    uri = Path(path).resolve().as_uri()
    try:
        with contextlib.closing(sqlite3.connect(uri + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT)) as conn:
            conn.execute("select count(*) from sqlite_master").fetchone()
        return "shared"
    except sqlite3.DatabaseError as e:
        if locked(e):  # (a writer's lock held long: it passes)
            return "shared"
    folder = Path(path).resolve().parent
    try:
        nobody_writes = bool(os.statvfs(folder).f_flag & os.ST_RDONLY) or not folder.stat().st_mode & 0o222
    except OSError:
        return "shared"  # (said as the readers say it)
    return "unchanging" if nobody_writes else "blocked"


def _upgrade(path: str) -> None:
    """Apply pending migrations with a short-lived writer (readers never migrate on their own connection)."""
    if not (os.access(path, os.W_OK) and os.access(Path(path).resolve().parent, os.W_OK)):
        raise ArchiveError(
            f"{path} was made by an older newsflow and needs upgrading, but it is read-only here: "
            "run `newsflow run` on it once as a user who can write it"
        )
    conn = _connect(path)
    try:
        _migrate(_database(conn), path)
    finally:
        conn.close()


def renamed_sources(known: Iterable[tuple[str, str, str, str]], sources: Sequence[Source]) -> dict[str, str]:
    """Sources whose id was changed in the configuration, old id -> new id: a source new to the archive reading the
    address (and of the kind) of an archived source the configuration no longer lists, for the same partner, when
    that address is one such pair's alone (two new sources filtering one feed two ways, or two old ones, are no
    rename; nor is a new source of another partner at an old one's address, whose releases are not its). ``known``
    is the archive's (id, url, kind, partner) rows."""
    listed = {s.id for s in sources}
    old: dict[tuple[str, str, str], list[str]] = {}
    archived = set()
    for i, url, kind, partner in known:
        archived.add(i)
        if i not in listed:
            old.setdefault((normalize_url(url or ""), kind or "", partner or ""), []).append(i)
    new: dict[tuple[str, str, str], list[str]] = {}
    for s in sources:
        if s.id not in archived:
            new.setdefault((normalize_url(s.url), s.kind, s.partner), []).append(s.id)
    return {was[0]: now[0] for key, now in new.items() if len(now) == 1 and len(was := old.get(key, [])) == 1}


def _rename_source(archive: Archive, was: str, now: str) -> None:
    """Move an archived source to its new id, with its state (validators, backoff, history) and everything archived
    under it: the reading room, searches and `status` then know one source, not an old one with the history and a
    new one with nothing."""
    row = next(archive.db.query("select * from sources where id = ?", [was]))
    archive.db.table("sources").insert({**row, "id": now})
    moved = archive.db.execute("update articles set source_id = ? where source_id = ?", [now, was]).rowcount
    for table in ("article_sources", "failures"):
        archive.db.execute(f"update {table} set source_id = ? where source_id = ?", [now, was])
    archive.db.execute("delete from sources where id = ?", [was])
    log.info(
        "source %s is now %s in the configuration (the same address): its %d archived release(s) and its state follow",
        was,
        now,
        moved,
    )


def _sync_sources(archive: Archive, sources: Sequence[Source]) -> None:
    """The configured sources into the archive. A source whose URL or kind changed is a new address to ask: the
    old one's cache validators (an ETag, a Last-Modified that a new feed's older file would match "not modified")
    and its backoff after failures no longer apply. A source whose partner was renamed takes its archived releases
    with it: the reading room, searches and digests then find the partner's history under one name. So does a
    source whose id was changed (renamed_sources)."""
    with archive.transaction():
        rows = archive.db.execute("select id, url, kind, partner from sources").fetchall()
        for was, now in renamed_sources(rows, sources).items():
            _rename_source(archive, was, now)
        known = archive.db.execute("select id, url, kind, partner from sources").fetchall()
        before = {r[0]: (r[1], r[2]) for r in known}
        partners = {r[0]: r[3] or "" for r in known}
        for s in sources:
            if s.id in partners and s.partner and partners[s.id] != s.partner:  # (a partner taken out moves nothing)
                moved = archive.db.execute(
                    "update articles set partner = ? where source_id = ? and coalesce(partner, '') = ?",
                    [s.partner, s.id, partners[s.id]],
                ).rowcount
                if moved:
                    log.info(
                        "source %s: its partner is now %r in the configuration (was %r): its %d archived release(s) "
                        "follow",
                        s.id,
                        s.partner,
                        partners[s.id],
                        moved,
                    )
            row: dict[str, Any] = {
                "id": s.id,
                "name": s.name,
                "partner": s.partner,
                "kind": s.kind,
                "url": s.url,
                "language": s.language,
            }
            if s.id in before and before[s.id] != (s.url, s.kind):
                row |= {"etag": None, "last_modified": None, "next_attempt": None, "consecutive_failures": 0}
                row |= {"last_error": None, "last_error_kind": None, "moved_to": None}
                row |= {"articles_failing_since": None, "new_links_failed_at": None}
            archive.db.table("sources").upsert({**row, "configured": 1}, pk="id")
        listed = [s.id for s in sources]
        archive.db.execute(
            f"update sources set configured = 0 where id not in ({', '.join('?' * len(listed))})", listed
        )


_ABSENT = object()  # a column a stored row has no value in
_MATCHED = ("name", "names", "aliases", "context")  # what decides which articles a tag is on


def _tag_row(t: Tag) -> dict[str, Any]:
    """A configured tag as the archive's tags table keeps it."""
    return {
        "id": t.id,
        "kind": t.kind,
        "name": t.name,
        "parent": t.parent,
        "names": json.dumps({k: list(v) for k, v in t.names}, ensure_ascii=False),
        "aliases": json.dumps(list(t.aliases), ensure_ascii=False),
        "context": json.dumps(list(t.context), ensure_ascii=False),
        "description": t.description,
    }


def _sync_tags(archive: Archive, tags: Iterable[Tag], *, retagging: bool = False, quiet: bool = False) -> str:
    """The configured taxonomy into the archive. A taxonomy edited since the archive's articles were tagged is
    said in the log, with what to do (unless ``retagging``): new articles are tagged with it, while those
    archived before keep their tags until `newsflow retag`. The tags so edited are marked (``changed_since``) until
    then, and what to do is returned on every run till then ("" when nothing waits for a retag): the run's summary,
    which `run --quiet` keeps, and `status` say it (the log's warning is said once, and --quiet leaves it out).
    ``quiet``: no warning in the log (a reextract, which tags what it reads by it, says at its end what waits)."""
    rows = [_tag_row(t) for t in tags]
    with archive.transaction():
        stored = {r["id"]: r for r in archive.db.query("select * from tags")}
        before = {i: tuple(r[k] for k in _MATCHED) for i, r in stored.items()}
        # Only what differs is written: a night's taxonomy is mostly the last night's (45 upserts were 50 ms a run).
        differ = [row for row in rows if any(stored.get(row["id"], {}).get(k, _ABSENT) != v for k, v in row.items())]
        if differ:
            archive.db.table("tags").upsert_all(differ, pk="id")
        articles = archive.db.execute("select count(*) from articles").fetchone()[0] if before else 0
    if retagging or not articles:
        if retagging:
            with archive.transaction():
                archive.db.execute("update tags set changed_since = null where changed_since is not null")
        return ""
    edited = [r["id"] for r in rows if before.get(r["id"]) != tuple(r[k] for k in _MATCHED)]
    removed = sorted(set(before) - {r["id"] for r in rows})
    if edited or removed:
        said = [f"{what} {_some(ids)}" for what, ids in (("added or changed", edited), ("removed", removed)) if ids]
        (log.debug if quiet else log.warning)(
            "the tag taxonomy in the configuration has changed (%s): new articles are tagged with it; run "
            "`newsflow retag` to apply it to the %d article(s) archived before",
            "; ".join(said),
            articles,
        )
        with archive.transaction():
            archive.db.execute(
                "update tags set changed_since = coalesce(changed_since, ?) "
                f"where id in ({sql_marks(edited + removed)})",
                [now(), *edited, *removed],
            )
    return retag_needed(archive)


def retag_needed(archive: Archive) -> str:
    """What to do while tags of the taxonomy were edited since the archive's releases were tagged ("" otherwise)."""
    with archive.lock:
        rows = archive.db.execute(
            "select id, changed_since from tags where changed_since is not null order by id"
        ).fetchall()
    if not rows:
        return ""
    ids = [r[0] for r in rows]
    return (
        f"RETAG NEEDED: the tag taxonomy changed on {local_time(min(r[1] for r in rows))} ({_some(ids)}): new "
        "releases are tagged by it, those archived before only after `newsflow retag`"
    )


def _some(ids: list[str]) -> str:
    """Tag ids as the log and the retag line name them: the first eight, and "…" for more."""
    return f"{', '.join(ids[:8])}{' …' * (len(ids) > 8)}"


def _migrate(db: sqlite_utils.Database, path: str) -> None:
    """Bring an archive to the current schema, one command at a time (``_upgrading``): a command that waited for
    another's upgrade finds nothing left to do."""
    with _upgrading(path):
        pending = [m.name for m in migrations.pending(db)]
        if pending or not shape_complete(db):
            made = "articles" in db.table_names()  # (not a new archive: one made by an older newsflow)
            migrations.apply(db)
            ensure_shape(db)
            if pending and made:  # said once, by whichever command upgraded it (the admin probe: silent, unversioned)
                log.warning(
                    "%s: upgraded to this version's layout (%s); an older newsflow can no longer write it. Back an "
                    "archive up before upgrading newsflow (README: Upgrading)",
                    path,
                    ", ".join(pending),
                )


@contextmanager
def _upgrading(path: str) -> Iterator[None]:
    """Upgrade an older archive one command at a time: the others wait (an upgrade of a large archive takes a
    while) instead of meeting its write transaction and failing with "locked" (exit 4, where 75 or a wait was
    right). A file lock beside the archive (``archive.db.upgrade-lock``), released however the process ends. An
    archive in memory is no other command's: no lock (a file named ":memory:.upgrade-lock" was left behind)."""
    if path in ("", ":memory:") or path.startswith("file::memory:"):
        yield
        return
    try:  # read-only is enough to lock it: a lock file another user left behind serves (flock, not its content)
        fd = os.open(os.path.realpath(path) + ".upgrade-lock", os.O_RDONLY | os.O_CREAT, 0o666)
    except OSError as e:
        raise ArchiveError(
            f"{path} was made by an older newsflow and needs upgrading, but {path}.upgrade-lock cannot be opened "
            f"({e.strerror}): run `newsflow run` on it once as a user who can write its folder"
        ) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # (releases the lock)


def _check_is_archive(db: sqlite_utils.Database, path: str) -> None:
    """Refuse another program's SQLite file rather than adding tables to it."""
    names = set(db.table_names())
    if (
        not names
        or "_sqlite_migrations" in names
        and db.execute("select 1 from _sqlite_migrations where migration_set = 'newsflow' limit 1").fetchone()
    ):
        return
    shown = ", ".join(sorted(names)[:5]) + (", …" if len(names) > 5 else "")
    raise ArchiveError(
        f"{path} is an SQLite file of another program (tables: {shown}), not a newsflow archive: "
        "give --db a new file name or an existing newsflow archive"
    )


def disk_full(error: BaseException) -> bool:
    """Whether SQLite could not write for want of space (SQLITE_FULL)."""
    return isinstance(error, sqlite3.OperationalError) and "disk is full" in str(error)


def _read_only_mount(path: str) -> bool:
    """Whether the filesystem holding ``path`` is mounted read-only (where the system says)."""
    try:
        return bool(os.statvfs(os.path.dirname(os.path.abspath(path)) or ".").f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def locked(error: BaseException) -> bool:
    """Whether SQLite could not write because another program holds the archive's write lock past the timeout."""
    return isinstance(error, sqlite3.OperationalError) and ("database is locked" in str(error) or "busy" in str(error))


def describe_database_error(path: str, error: sqlite3.DatabaseError) -> str:
    """One line a person can act on, for an error SQLite gave on the archive."""
    text = str(error)
    if disk_full(error):
        return (
            f"the disk holding {path} is full ({text}): free some space there and run again; what was archived "
            "before is kept, and the next run goes on from there"
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return (
            f"{path} is damaged ({text}): restore it from a backup, or recover what is readable with "
            f"`sqlite3 {path} .recover | sqlite3 recovered.db` and use that file"
        )
    if "readonly" in text or "read-only" in text:
        other = owned_by_another(path, "-wal", "-shm", "")
        if other:  # (the file and its folder writable, its write-ahead log another user's: a run by hand as them)
            return f"{path} cannot be written ({text}): {other}"
        return f"{path} cannot be written ({text}): give the user running newsflow write access to it and its folder"
    if "unable to open" in text:
        return (
            f"{path} cannot be opened ({text}): check that its folder exists and that the user running newsflow "
            "may read it (and write in it, for a command that writes or creates the archive)"
        )
    if "locked" in text or "busy" in text:
        return (
            f"{path} is locked by another program ({text}): close it (an sqlite3 shell or a database browser holding "
            "an unsaved change, a VACUUM) and run again; what was archived before is kept"
        )
    return f"{path}: not a usable newsflow archive ({text})"


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on error; nested uses join the outer one."""

    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock):
        self.conn = conn
        self.lock = lock
        self.outer = False

    def __enter__(self) -> None:
        self.lock.acquire()
        if not self.conn.in_transaction:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except BaseException:  # (locked by another program past the timeout): __exit__ never runs, so release
                self.lock.release()
                raise
            self.outer = True

    def __exit__(self, exc_type: object, *rest: object) -> None:
        try:
            if self.outer:
                self.conn.execute("COMMIT" if exc_type is None else "ROLLBACK")
        finally:
            self.lock.release()


def _three_word_runs(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def _contacts_corrected(old: dict[str, Any], article: Article) -> bool:
    """Whether the release's own page, its text unchanged, now gives other press contacts (the partner corrected a
    phone number or named another person): an update, with no earlier version kept. Not a page that gives none (a
    feed's full-text item of the same release, a layout that changed), nor another address of it (its correction, a
    copy at a second address naming it as canonical), nor the same people listed in another order."""
    given = {line for line in article.contacts.split("\n") if line}
    return bool(given) and article.url == old["url"] and given != set((old["contacts"] or "").split("\n")) - {""}


def content_hash(article: Article) -> str:
    """Hash of the normalised title and text: the same release in two places hashes alike."""
    norm = re.sub(r"\s+", " ", f"{article.title}\n{article.text}").strip().lower()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _article_row(a: Article, h: str) -> dict[str, Any]:
    return {
        "url": a.url,
        "canonical_url": a.canonical_url,
        "guid": a.guid,
        "source_id": a.source_id or None,
        "title": a.title,
        "text": a.text,
        "translation": a.translation,
        "title_translation": a.title_translation,
        "language": a.language,
        "mixed": int(a.mixed),
        "languages": json.dumps(list(a.languages)),
        "published": a.published,
        "month": a.published[:7] if a.published else "",
        "updated": a.updated,
        "author": a.author,
        "image": a.image,
        "declared_language": a.declared_language,
        "tags": json.dumps(sorted({t.tag_id for t in a.tags})),
        "translation_status": a.translation_status,
        "translation_note": a.translation_note,
        "translation_provenance": a.translation_provenance,
        "content_hash": h,
        "extraction": json.dumps(a.extraction, ensure_ascii=False),
        "attachments": json.dumps([x.url for x in a.attachments]),
        "attachments_text": a.attachments_text,
        "contacts": a.contacts,
        "etag": a.etag,
        "last_modified": a.last_modified,
        "extractor": _extractor_version(),  # (what a run archives was just read; save_reextracted's is read again)
    }


def _extractor_version() -> int:
    """The version of the extractor that reads pages now (extract.EXTRACTOR_VERSION), where a page is read: imported
    here, not with the archive, which `status` and the reading room open without extracting anything (0.2 s)."""
    from .extract import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION


def default_db_path() -> str:
    return os.environ.get("NEWSFLOW_DB", "archive.db")
