"""How the archive is doing: each source's health, recorded after every attempt, and read for people.

``record_success`` and ``record_failure`` keep a source's health after each run's attempt (with its
next attempt from ``schedule``); the rest are read-only queries for ``newsflow status``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from . import schedule
from .archive import Archive, now
from .dates import local_time
from .fetch import CLOCK_SLACK, Response
from .models import Link, Source, SourceResult, normalize_url

log = logging.getLogger("newsflow")


# A failing source's first failure to read its listing since it was last fetched well (of sources ``s``).
# (At its address: where its url was changed in feeds.toml, its count of failures starts again, and its old
# address's failures are no part of them; review1, s43.)
FAILING_SINCE = """(select min(f.at) from failures f where f.source_id = s.id and f.url = s.url
                     and f.stage = 'listing' and f.at > coalesce(s.last_success, '')) as failing_since"""


# A source's newest publication date. Of a source of a few releases, their rows looked up (a retired source's, walked
# to on the dates' index, would have passed every release of the others since: 80 ms on 100,000 releases); of a
# larger one, the releases' dates walked newest first (on their index) to the first of the source's: 0.1-30 ms warm,
# where each of its rows (5,000 on a source of a few years) read for its date took 2.7 s cold for 20 sources on
# 100,000 releases. ("cross join" keeps SQLite to each order.)
FEW_RELEASES = 200
LATEST_OF_FEW = """(select max(a.published) from article_sources l cross join articles a on a.id = l.article_id
                     where l.source_id = s.id)"""
LATEST_WALKED = """(select max(a.published) from articles a cross join article_sources l on l.article_id = a.id
                     where l.source_id = s.id)"""
LATEST = f"""case when (select count(*) from article_sources e where e.source_id = s.id) <= {FEW_RELEASES}
              then {LATEST_OF_FEW} else {LATEST_WALKED} end as latest"""


def source_health(archive: Archive) -> list[dict[str, Any]]:
    """Each source's health and what it has published: counted on indexes (article_sources's by source and first seen,
    articles's by source and first seen for the extraction warning), never reading a release's row but the few
    extraction_warning looks at."""
    with archive.lock:
        rows = list(
            archive.db.query(
                f"""select s.id, s.partner, s.kind, s.url, s.last_attempt, s.last_success, s.last_new_item,
                      coalesce(s.first_success,
                               (select min(a.first_seen) from article_sources a where a.source_id = s.id),
                               s.last_success) as first_success,
                      s.consecutive_failures, s.last_error, s.last_error_kind, s.next_attempt, s.configured,
                      coalesce(s.moved_to, '') as moved_to,
                      coalesce(s.articles_failing_since, '') as articles_failing_since,
                      {FAILING_SINCE},
                      (select count(*) from article_sources a where a.source_id = s.id) as articles,
                      {LATEST}
               from sources s order by s.id"""
            )
        )
    for row in rows:
        row["extraction_warning"] = extraction_warning(archive, row["id"])
        if row["configured"] == 0:  # (not asked any more: the time its backoff would have ended is no next attempt)
            row["next_attempt"] = None
    return rows


HISTORY = 200  # a source's releases before its latest that say how its pages usually extract


def extraction_warning(archive: Archive, source_id: str, recent: int = 5) -> str:
    """Why a source's latest articles look badly extracted ("" when they look fine).

    Compares the newest articles with the source's own history: a layout change shows as short
    or empty text, the whole-page fallback, or link-heavy text, or as extraction failures in the
    last run.
    """
    with archive.lock:
        stats = [
            json.loads(r[0] or "{}")
            for r in archive.db.execute(
                # (its latest releases against the HISTORY before them, walked newest first on the index by source
                # and first seen: sorting the source's every release read each one's row, 0.1-0.5 s a source cold)
                "select extraction from articles where source_id = ? order by first_seen desc, id desc limit ?",
                [source_id, recent + HISTORY],
            )
        ]
        run = archive.db.execute("select max(id) from runs where status != 'running'").fetchone()[0]
        failed = (
            archive.db.execute(
                # (not pages the run saw were no release: a 404 or login page served as found is no layout change)
                "select count(*) from failures where run_id = ? and source_id = ? and stage = 'extract'"
                " and kind = 'no_text'",
                [run, source_id],
            ).fetchone()[0]
            if run
            else 0
        )
    new, old = stats[:recent], stats[recent:]
    if failed >= 2:
        return f"{failed} article(s) gave no text in the last run"
    if len(new) < 3:
        return ""
    chars = sorted(int(x.get("chars") or 0) for x in new)[len(new) // 2]
    before = sorted(int(x.get("chars") or 0) for x in old)[len(old) // 2] if len(old) >= 3 else None
    fallbacks = sum(bool(x.get("fallback")) for x in new)
    links = sum(float(x.get("link_density") or 0) > 0.4 for x in new)
    if chars < 200:
        return f"the latest articles have little text (median {chars} characters)"
    if before and chars < 0.3 * before:
        return f"the latest articles are much shorter than before (median {chars} vs {before} characters)"
    if fallbacks * 2 > len(new):
        return f"{fallbacks} of the latest {len(new)} articles needed the whole-page fallback"
    if links * 2 > len(new):
        return f"{links} of the latest {len(new)} articles are mostly links"
    return ""


@dataclass(frozen=True)
class OlderExtractions:
    """Archived releases an older extractor read than the newest this archive was written with (``version``, that of
    the newsflow its runs and reextracts use: a pass upgraded since says so from its next run on; one read before
    versions were recorded counts as older), and of them those whose page is kept (``rereadable``: `newsflow
    reextract` reads them again without fetching) and those whose page was not (``not_kept``: they keep their text)."""

    version: int
    older: int
    rereadable: int

    @property
    def not_kept(self) -> int:
        return self.older - self.rereadable

    def said(self) -> str:
        """What `status` says, once, as advice (not a warning in capitals: nothing is wrong, exit codes as before)."""
        unkept = f" ({self.not_kept:,} more have no kept page and keep their text)" if self.not_kept else ""
        return (
            f"{self.rereadable:,} release(s) were extracted by an older version of the extractor (newsflow's is "
            f"version {self.version} now): `newsflow reextract` extracts them again from the pages kept when they "
            f"were fetched, without fetching anything{unkept}"
        )

    def warning(self) -> dict[str, Any]:
        """`status --json`'s warning (``REEXTRACT_ADVISED``)."""
        return {
            "code": "REEXTRACT_ADVISED",
            "extractor": self.version,
            "older": self.older,
            "rereadable": self.rereadable,
            "not_kept": self.not_kept,
            "message": self.said(),
        }


def older_extractions(archive: Archive) -> OlderExtractions | None:
    """The releases an older extractor read whose page is kept, where there are any (None otherwise: where none is
    kept, a reextract has nothing to read, and there is nothing to advise). Counted on indexes alone: the versions'
    (no release is read where all are current: 0.3 ms on 100,000 releases) and the kept pages' (of the older releases
    or of the current ones, whichever are fewer: 20 ms on 100,000 releases right after an upgrade, all older, 60,000
    of their pages kept; the pages themselves, 3 KB each, would be read otherwise: 0.4 s)."""
    with archive.lock:
        db = archive.db
        if "extractor" not in {c.name for c in db.table("articles").columns}:  # (an archive this one cannot upgrade)
            return None
        version = db.execute(
            "select max(v) from (select max(extractor) as v from runs union all select max(extractor) from articles)"
        ).fetchone()[0]
        if version is None:  # (no run and no reextract since versions were recorded: no version to compare with)
            return None
        # (two ranges of the index, NULL first: "is null or <" made SQLite merge the two lists of ids)
        older = db.execute(
            "select (select count(*) from articles where extractor is null)"
            " + (select count(*) from articles where extractor < ?)",
            [version],
        ).fetchone()[0]
        if not older:
            return None
        current = db.execute("select count(*) from articles where extractor >= ?", [version]).fetchone()[0]

        def kept_of(where: str, *params: int) -> int:
            return int(
                db.execute(
                    f"select count(*) from articles a join responses r on r.article_id = a.id where {where}", params
                ).fetchone()[0]
            )

        if older <= current:
            kept = kept_of("a.extractor is null") + kept_of("a.extractor < ?", version)
        else:
            kept = db.execute("select count(*) from responses").fetchone()[0] - kept_of("a.extractor >= ?", version)
    return OlderExtractions(version, older, kept) if kept else None


# Each partner's newest releases: by publication date, else first seen; of one date, the one seen later first; seen
# at one moment (a listing read in one run), the one archived first (the listing's order). Stated in full: the order
# of releases of one date was left to the index SQLite happened to read (language, then first seen, ascending).
LATEST_ORDER = "coalesce(nullif(published, ''), first_seen) desc, first_seen desc, id"


def latest_by_partner(archive: Archive, per_partner: int = 3) -> list[dict[str, Any]]:
    """Each partner's newest articles (by publication date, else first seen: LATEST_ORDER).

    Ranked among a few candidates of each partner found on indexes, not among every release (0.5-1 s warm on
    100,000 releases): of its dated releases, those on or after its per_partner-th newest date (the index by partner
    and date, walked newest first), and of its undated ones those seen on or after its per_partner-th latest (the
    index by date, partner and first seen, where a partner's undated ones are together). Whatever ranks among a
    partner's first is among them, ties for the last place included: what is shown is what ranking all gives.
    """
    with archive.lock:
        db = archive.db
        partners: list[str | None] = [
            r[0]
            for r in db.execute(  # (the partners' index, stepped from one partner to the next)
                """with recursive p(partner) as (select min(partner) from articles
                     union all select (select min(partner) from articles where partner > p.partner) from p
                     where p.partner is not null)
                   select partner from p where partner is not null"""
            )
        ]
        if db.execute("select exists (select 1 from articles where partner is null)").fetchone()[0]:
            partners.append(None)  # (ranked with those of partner '', as "(no partner)")
        last = per_partner - 1
        candidates: list[int] = []
        for partner in partners:
            dated = db.execute(
                "select published from articles where partner is ? and published is not null and published != ''"
                " order by published desc limit 1 offset ?",
                [partner, last],
            ).fetchone()
            candidates += (
                r[0]
                for r in db.execute(
                    "select id from articles where partner is ? and published >= ? and published != ''",
                    [partner, dated[0] if dated else ""],
                )
            )
            for undated in (None, ""):
                seen = db.execute(
                    "select first_seen from articles where partner is ? and published is ?"
                    " order by first_seen desc limit 1 offset ?",
                    [partner, undated, last],
                ).fetchone()
                since = [seen[0]] if seen and seen[0] is not None else []  # (a NULL last: all are among the first)
                candidates += (
                    r[0]
                    for r in db.execute(
                        "select id from articles where partner is ? and published is ?"
                        + (" and first_seen >= ?" if since else ""),
                        [partner, undated, *since],
                    )
                )
        return list(
            db.query(
                # Each row's texts are read only for the few shown.
                f"""select a.partner, a.published, a.first_seen, a.language, a.mixed, a.title from (
                 select id, row_number() over (partition by coalesce(partner, '') order by {LATEST_ORDER}) as n
                 from articles where id in (select value from json_each(?))) r join articles a on a.id = r.id
                 where r.n <= ? order by coalesce(a.partner, ''), r.n""",
                [json.dumps(candidates), per_partner],
            )
        )


def last_run(archive: Archive) -> dict[str, Any] | None:
    """The latest run; one still marked running without anyone holding the lock was interrupted."""
    with archive.lock:
        rows = list(archive.db.query("select * from runs order by id desc limit 1"))
    if not rows:
        return None
    run = rows[0]
    if run["status"] == "running" and not archive.run_lock.held():
        run["status"] = "interrupted"  # killed mid-way; the next run records it so
    behind = 0  # a run whose clock was found behind (set back, since set right) was run later than it says
    with contextlib.suppress(ValueError, TypeError, AttributeError):
        behind = max(int(json.loads(run["summary"] or "{}").get("clock_behind_seconds") or 0), 0)
    since = schedule.age(run["started"])  # also a run still "running" after 36 hours: stuck
    if since is not None and since - timedelta(seconds=behind) > -timedelta(hours=1):  # the clock since set right
        since -= timedelta(seconds=behind)  # (still behind: the run's stamp and today's are alike wrong)
    run["overdue"] = since is not None and since > schedule.RUN_OVERDUE
    if run["status"] in ("interrupted", "running", "failed") and not run["new"]:
        # Its counts are written when it ends: one killed mid-way, stopped by an error (a full disk), or still under
        # way said "0 new" though it had archived releases. What it archived is what was first seen since it started.
        with archive.lock:
            seen = archive.db.execute(
                "select count(*) from articles where first_seen >= ?", [run["started"]]
            ).fetchone()
        run["new"] = seen[0] if seen else 0
    with contextlib.suppress(ValueError):  # an unreadable summary is shown as stored
        run["summary"] = json.loads(run["summary"]) if run["summary"] else None
    return run


def run_failures(archive: Archive, run_id: int) -> list[dict[str, Any]]:
    with archive.lock:
        return list(
            archive.db.query(
                "select source_id, url, stage, kind, error from failures where run_id = ? order by id", [run_id]
            )
        )


def pending_translation_notes(archive: Archive) -> list[dict[str, Any]]:
    """Articles whose translation waits, grouped by why."""
    with archive.lock:
        return list(
            archive.db.query(
                """select coalesce(nullif(translation_note, ''), 'waiting for the next run') as note,
                      count(*) as articles
               from articles where translation_status in ('pending', 'partial')
               group by note order by articles desc"""
            )
        )


def recent_articles(archive: Archive, limit: int = 50) -> list[dict[str, Any]]:
    """The newest articles (undated ones by when first seen)."""
    with archive.lock:
        return list(
            archive.db.query(
                """select id, language, mixed, title, tags, published from articles
               order by coalesce(nullif(published, ''), first_seen) desc limit ?""",
                [limit],
            )
        )


def links_to_ask(archive: Archive, source_id: str, listed: list[Link], days: int) -> list[Link]:
    """A listing's links (``listed``, extended in place), then those a stopped run left unsent, then those of the
    source's links that failed within ``days`` and are not archived since, where the listing no longer gives them, as a
    listing that answers "not modified" has asked: a site serving a maintenance or login page for its articles while
    its feed moved on lost every release listed then for good, though the log said they were retried (probe, s39)."""
    links = archive.runs.with_unsent(source_id, listed, days)
    given = {normalize_url(link.url) for link in [*getattr(links, "everything", links), *links]}
    links.extend(link for link in archive.runs.failed_links(source_id, days) if normalize_url(link.url) not in given)
    return links


def record_success(
    archive: Archive,
    source_id: str,
    state: dict[str, Any],
    attempt: str,
    result: SourceResult,
    response: Response,
    run: Any,
) -> None:
    """A source answered in ``run`` (workers.RunState): healthy again, its validators kept, asked again when the server
    says (or next run); with links that failed, asked again next run however fresh it says it is; interrupted, read
    again in full; with every new article link failing, said to (ARTICLES_FAILING). What its listing leaves waiting
    for the next runs, and a gap in it, go in ``result`` (the run's summary)."""
    interrupted = run.stopping.is_set()
    result.waiting, result.gap = archive.releases.waiting.get(source_id, 0), archive.releases.gap.get(source_id, 0)
    result.listed = -1 if (listed := archive.releases.listed.get(source_id)) is None else len(listed)  # (status)
    if (result.unchanged + result.updated) * 2 >= result.gap or archive.releases.relaunches.by_source.get(source_id):
        # Most links new to it were archived releases, or its listing is a relaunched site's (archive.Relaunches):
        # new addresses, not a gap; one release at a new slug among new ones is no relaunch.
        result.gap = 0
    stamp = now()
    if response.moved_to:
        log.warning(
            "%s: its address %s has moved for good (a permanent redirect) to %s: put the new address as this source's "
            "url in feeds.toml, before the old one stops answering",
            source_id,
            state.get("url") or "",
            response.moved_to,
        )
    fields: dict[str, Any] = {
        "last_attempt": attempt,
        "last_success": stamp,
        "consecutive_failures": 0,
        "last_error": "",
        "last_error_kind": "",
        "next_attempt": schedule.fresh_until(response.headers),
        "moved_to": response.moved_to,
    }
    if not state.get("first_success") and not (interrupted and not (result.new or result.unchanged or result.failed)):
        # (stopped before any of its links was asked: its next run is still its first, not one that finds a gap)
        fields["first_success"] = stamp
    if result.new:
        fields["last_new_item"] = stamp
    if interrupted or archive.releases.waiting.get(source_id):
        # Links an interrupted run did not reach, or that max_items left for later, are in no list but the listing's:
        # read in full next run, however fresh the listing says it is (it may not change for weeks).
        fields.update(etag="", last_modified="", next_attempt="")
    elif not result.not_modified:
        fields.update(etag=response.etag, last_modified=response.last_modified)
    if result.failed:
        fields["next_attempt"] = ""  # links that failed are tried next run (asked for again after a 304), fresh or not
    if result.new or result.updated or result.unchanged:
        fields.update(articles_failing_since="", new_links_failed_at="")
    elif result.failed and not interrupted:
        _articles_failing(archive, source_id, state, result, run.summary.run_id, stamp, fields)
    archive.update_source(source_id, **fields)


def _articles_failing(
    archive: Archive,
    source_id: str,
    state: dict[str, Any],
    result: SourceResult,
    run_id: int,
    stamp: str,
    fields: dict[str, Any],
) -> None:
    """A run of a source whose listing answered and whose article links all failed, none read: where two or more
    had never failed before, said (``links_all_failed``, the log); where that happened on an earlier run too with no
    release read since, the source counts as failing (``articles_failing``, since when: exit 1, `status`), and goes
    on counting so until one is read. Links that failed before and fail again are no new sign: two dead links a feed
    goes on listing never make it failing."""
    failing, pending = state.get("articles_failing_since") or "", state.get("new_links_failed_at") or ""
    first, error = archive.runs.first_failures(source_id, run_id)
    if first >= ARTICLES_FAILING_LINKS:
        result.links_all_failed, result.links_error = first, error
        if pending:  # (two releases removed as soon as listed happen; two runs of it is a site relaunched or failing)
            failing = failing or pending
            fields["articles_failing_since"] = failing
        else:
            fields["new_links_failed_at"] = stamp
        log.warning(
            "%s: all %d of its new article links failed, and none was read (the last: %s)%s: open one in a browser, "
            "and check this source's url and links in feeds.toml",
            source_id,
            first,
            error,
            f", as on a run since {local_time(pending)} with none read between: the site may have been relaunched "
            "or serve errors"
            if pending
            else "; if a later run's new links fail too, with none read between, the source counts as failing",
        )
    result.articles_failing = failing


# New article links that all fail, with none read, for a run to say so (one alone may be a release removed as soon
# as listed); on a later run with none read between, the source counts as failing.
ARTICLES_FAILING_LINKS = 2


def record_failure(
    archive: Archive,
    run_id: int,
    source: Source,
    state: dict[str, Any],
    attempt: str,
    result: SourceResult,
    retry_after: float | None = None,
) -> None:
    """A source's listing failed: recorded, and its next attempt pushed later — never given up on.

    Why it failed, and what to do, is its row in the run's summary (and in the cron log, --quiet or not); where it
    failed before, the log says since when and when it is asked again, which the row does not (its reason said
    again there made each failure two lines of a night's log)."""
    failures = int(state.get("consecutive_failures") or 0) + 1
    archive.runs.record_failure(run_id, source.id, source.url, "listing", result.error, result.kind)
    # Counted from when the source was asked, not from when its failure was known (after a timeout): a server's
    # "Retry-After: 86400" then finds it due at the next night's run, not held off by minutes until the one after.
    next_attempt = schedule.after_failure(failures, retry_after, datetime.fromisoformat(attempt))
    archive.update_source(
        source.id,
        last_attempt=attempt,
        consecutive_failures=failures,
        last_error=result.error,
        last_error_kind=result.kind,
        next_attempt=next_attempt,
    )
    result.failures, result.failing_since = failures, attempt
    if failures > 1:
        # The first of these runs in a row: not the first failure since it was last fetched well, which, where its
        # count started again (its url mended in feeds.toml), was its old address's ("2 runs in a row, since" a month
        # ago, "over 7 days now": review1, s43).
        since = archive.db.execute(
            """select min(at) from (select at from failures where source_id = ? and stage = 'listing' and at > ?
                 order by at desc limit ?)""",
            [source.id, state.get("last_success") or "", failures],
        ).fetchone()[0]
        result.failing_since = since or ""
        well = state.get("last_success")
        log.warning(
            "%s: its listing has failed %d times in a row%s (%s); asked again from %s on. Why: its row in this run's "
            "summary",
            source.id,
            failures,
            f", since {local_time(since)}" if since else "",
            f"last fetched well {local_time(well)}" if well else "never fetched well",
            local_time(next_attempt),
        )


# Below this much free space on the archive's disk, `status` warns: a run writes its pages and a write-ahead log of up
# to 32 MB (archive.WAL_LIMIT) before it checkpoints, and a full disk stops it half-way (exit 4, shown as FAILED, or
# as interrupted where not even that could be written); a run that leaves less says so and exits 1.
LOW_DISK = 100 * 1024 * 1024


def disk_free(db_path: str) -> int | None:
    """Free bytes for this user on the disk holding the archive (None where the system cannot say)."""
    try:
        return shutil.disk_usage(os.path.dirname(os.path.abspath(db_path))).free
    except OSError:
        return None


def clock_set_back(archive: Archive, run_id: int) -> float:
    """Seconds this run started before an earlier run did, where more than a day (runs are numbered as they start):
    the machine's clock was set back since (a dead battery, a wrong manual date), said where the web servers could not
    tell (one host, or none answered) and most did not give this clock as right (then the earlier run's was ahead);
    0 otherwise."""
    with archive.lock:
        row = archive.db.execute(
            "select max(r.started), m.started from runs r, runs m where m.id = ? and r.id < m.id", [run_id]
        ).fetchone()
    if not row or not row[0] or (latest := schedule.age(row[0])) is None or (mine := schedule.age(row[1])) is None:
        return 0.0
    behind = (mine - latest).total_seconds()
    return behind if behind > CLOCK_SLACK else 0.0


def record_run_end(archive: Archive, run: Any, status: str, keep_pages_days: int) -> None:
    """A run's end: robots.txt answers kept, old pages pruned, the run's status and totals recorded. With the disk
    full (``run.fatal``) there may be no room for that either: the next run then marks this one interrupted."""
    try:
        # A page whose text another link of its source gave as well; one taken as served again after a refusal.
        for url, source_id in sorted(run.asked_again | archive.runs.served_again):
            archive.releases.ask_again(url, source_id)
        archive.runs.served_again.clear()
        archive.runs.save_robots(run.fetcher.robots)
        if not run.summary.clock_behind and not run.fetcher.clock_right():  # (the servers' word goes first)
            run.summary.clock_behind = clock_set_back(archive, run.summary.run_id)
            run.summary.clock_set_back = bool(run.summary.clock_behind)
        if not run.summary.clock_behind:  # a clock the servers say is wrong would prune by a wrong today
            archive.pages.prune(keep_pages_days)
        archive.runs.finish_run(run.summary.run_id, status, run.summary.totals, run.summary.as_dict())
    except sqlite3.DatabaseError:  # (SQLITE_FULL, SQLITE_CORRUPT: the error that stopped the run is said instead)
        if run.fatal is None:
            raise
