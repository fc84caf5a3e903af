"""When a source is fetched next: backoff after failures, the server's own word after success.

One place for the policy, as Miniflux has it: a failing source is retried with capped
exponential backoff (never dropped), no sooner than a 429/503's Retry-After; a source that
answered is not asked again before its Cache-Control max-age or Expires (capped at a day,
so a nightly run is never held off longer than one night).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from .dates import http_date, local_time
from .models import BACKING_OFF

BACKOFF_START = timedelta(minutes=30)
# Below a day, as FRESH_CAP: counted from when a failure was recorded, a day would find the source still backing
# off at the next night's run, minutes early, so that a source failing for a week was tried every other night.
BACKOFF_CAP = timedelta(hours=20)
# A server's Retry-After beyond this ("Wed, 21 Oct 2099", 10^20 seconds) is read as this: a source is never dropped.
RETRY_AFTER_CAP = timedelta(days=7)
FRESH_CAP = timedelta(hours=20)  # below a day: tomorrow night's run always finds the source due
FRESH_MIN = timedelta(hours=1)  # shorter freshness changes nothing for a nightly job: not recorded
_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-maxage|max-age)\s*=\s*\"?(\d+)", re.I)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def after_failure(failures: int, retry_after: float | None = None, now: datetime | None = None) -> str:
    """The next attempt after ``failures`` failures in a row (and the server's Retry-After, if it said)."""
    now = now or datetime.now(UTC)
    delay = min(BACKOFF_START * 2 ** min(max(failures, 1) - 1, 10), BACKOFF_CAP)
    if retry_after and retry_after > 0 and not math.isnan(retry_after):  # the server said when: heeded up to a week
        delay = max(delay, timedelta(seconds=min(retry_after, RETRY_AFTER_CAP.total_seconds())))
    return _iso(now + delay)


def fresh_until(headers: Mapping[str, str], now: datetime | None = None) -> str:
    """Until when the server says its answer stays fresh ("" when it says nothing that matters)."""
    now = now or datetime.now(UTC)
    control = headers.get("cache-control", "")
    if re.search(r"no-cache|no-store|must-revalidate", control, re.I):
        return ""
    lifetime: timedelta | None = None
    if m := _MAX_AGE.search(control):
        lifetime = timedelta(seconds=int(m.group(1)))
    elif headers.get("expires"):
        expires = http_date(headers["expires"])
        if expires is None:
            return ""  # "0", "-1" and other invalid dates mean already expired
        lifetime = expires - now
    if lifetime is None or lifetime < FRESH_MIN:
        return ""
    return _iso(now + min(lifetime, FRESH_CAP))


def skip_reason(state: Mapping[str, object], force: bool, now: datetime | None = None) -> str:
    """Why a source is not fetched now ("" when it is due): backing off, or still fresh."""
    nxt = str(state.get("next_attempt") or "")
    now = now or datetime.now(UTC)
    if force or not nxt or nxt <= _iso(now):
        return ""
    failing = bool(int(str(state.get("consecutive_failures") or 0)))
    # Further ahead than any rule sets it: set by a run whose clock was ahead (a wrong date, since mended), which
    # would otherwise hold the source off until then.
    if nxt > _iso(now + (max(BACKOFF_CAP, RETRY_AFTER_CAP) if failing else FRESH_CAP) + timedelta(minutes=5)):
        return ""
    until = local_time(nxt, zone=True)  # the machine's local time, as every other time the summary shows
    if failing:
        return f"{BACKING_OFF} until {until}"
    return f"fresh until {until} (the server's Cache-Control or Expires)"


# The listing stamp of a release whose page the next run fetches again, whatever its listing says then (a sitemap
# without <lastmod> says nothing): archive.Releases.ask_again sets it; no listing gives it.
ASKED_AGAIN = "(asked again)"


def needs_recheck(listing: Mapping[str, object], stamp: str, recheck_days: int, now: datetime | None = None) -> bool:
    """Whether a known article is fetched again: its listing entry changed, and it is recent enough.

    ``listing``: what the archive knows (``Archive.listing_state``); ``stamp``: what the listing says now.
    """
    if listing and listing.get("linked") and listing.get("stamp") == ASKED_AGAIN:
        stamp = stamp or ASKED_AGAIN + " (and a listing with no stamp)"  # asked again whatever the listing says
    if not listing or not listing.get("linked") or not stamp or listing.get("stamp") in (None, "", stamp):
        return False
    cutoff = _iso((now or datetime.now(UTC)) - timedelta(days=recheck_days))
    return str(listing.get("first_seen") or "") >= cutoff


# A nightly job's archive with no run for this long is overdue: cron stopped, or every run stops at once (a
# feeds.toml that cannot be read exits 4 before anything is recorded). Said by `status` and the reading room.
RUN_OVERDUE = timedelta(hours=36)


def age(stamp: str | None, now: datetime | None = None) -> timedelta | None:
    """How long ago a moment (ISO 8601; UTC when it names no zone) was; None for none or an unreadable one."""
    try:
        when = datetime.fromisoformat(stamp or "")
    except ValueError:
        return None
    return (now or datetime.now(UTC)) - (when if when.tzinfo else when.replace(tzinfo=UTC))


def run_overdue(started: str | None, now: datetime | None = None) -> bool:
    """Whether the last run (its start, ISO 8601) is older than RUN_OVERDUE; False for none or an unreadable one."""
    since = age(started, now)
    return since is not None and since > RUN_OVERDUE
