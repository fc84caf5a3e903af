"""Issue 16: scheduling in one place — backoff after failures, the server's own freshness after success."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from conftest import rss
from newsflow.archive import Archive
from newsflow.config import parse_config
from newsflow.pipeline import Pipeline
from newsflow.schedule import after_failure, fresh_until, needs_recheck, skip_reason

NOW = datetime(2024, 3, 1, 3, 15, tzinfo=UTC)


def test_backoff_doubles_is_capped_and_honours_retry_after():
    assert after_failure(1, now=NOW) == "2024-03-01T03:45:00+00:00"
    assert after_failure(3, now=NOW) == "2024-03-01T05:15:00+00:00"
    # 20 hours at most: the next night's run at the same minute finds it due, though the failure was recorded
    # after the timeout ran out (at 24 hours the source was tried every other night).
    assert after_failure(30, now=NOW) == "2024-03-01T23:15:00+00:00"
    assert (
        skip_reason(
            {"next_attempt": after_failure(30, now=NOW)}, False, now=NOW + timedelta(hours=24) - timedelta(minutes=5)
        )
        == ""
    )
    assert after_failure(1, retry_after=7200, now=NOW) == "2024-03-01T05:15:00+00:00"
    # A Retry-After of years, or past what a date can hold, is a week: the source is never dropped, and no error.
    for huge in (2.5e9, 1e20, float("inf")):
        assert after_failure(1, retry_after=huge, now=NOW) == "2024-03-08T03:15:00+00:00"
    assert after_failure(1, retry_after=float("nan"), now=NOW) == "2024-03-01T03:45:00+00:00"


def test_freshness_from_cache_control_and_expires():
    assert fresh_until({"cache-control": "public, max-age=7200"}, NOW) == "2024-03-01T05:15:00+00:00"
    assert fresh_until({"cache-control": "max-age=600"}, NOW) == ""  # under an hour changes nothing
    assert fresh_until({"cache-control": "max-age=604800"}, NOW) == "2024-03-01T23:15:00+00:00"  # capped below a day
    assert fresh_until({"cache-control": "no-cache, max-age=7200"}, NOW) == ""
    assert fresh_until({"expires": "Fri, 01 Mar 2024 09:15:00 GMT"}, NOW) == "2024-03-01T09:15:00+00:00"
    assert fresh_until({"expires": "0"}, NOW) == "" and fresh_until({}, NOW) == ""


def test_skip_reasons_say_why():
    assert skip_reason({"next_attempt": "2024-03-01T05:00:00+00:00", "consecutive_failures": 2}, False, NOW).startswith(
        "backing off after failures"
    )
    assert skip_reason({"next_attempt": "2024-03-01T05:00:00+00:00", "consecutive_failures": 0}, False, NOW).startswith(
        "fresh until"
    )
    assert skip_reason({"next_attempt": "2024-03-01T05:00:00+00:00"}, True, NOW) == ""
    # In local time, as the summary's header and every other time a person reads: not a UTC stamp.
    local = datetime(2024, 3, 1, 5, tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M %Z")
    said = skip_reason({"next_attempt": "2024-03-01T05:00:00+00:00", "consecutive_failures": 2}, False, NOW)
    assert said == f"backing off after failures until {local}" and "+00:00" not in said
    assert skip_reason({"next_attempt": "2024-03-01T01:00:00+00:00"}, False, NOW) == ""


def test_a_next_attempt_further_ahead_than_any_rule_sets_it_holds_nothing_off():
    # Set by a run whose clock was a year ahead, since mended: the source is due, not held off for a year.
    year_ahead = (NOW + timedelta(days=365)).isoformat()
    assert skip_reason({"next_attempt": year_ahead, "consecutive_failures": 3}, False, NOW) == ""
    assert skip_reason({"next_attempt": year_ahead}, False, NOW) == ""
    # What the rules may set still holds: a server's Retry-After of six days, freshness of 20 hours.
    six_days = (NOW + timedelta(days=6)).isoformat()
    assert skip_reason({"next_attempt": six_days, "consecutive_failures": 1}, False, NOW).startswith("backing off")
    assert skip_reason({"next_attempt": (NOW + timedelta(hours=20)).isoformat()}, False, NOW).startswith("fresh")
    assert skip_reason({"next_attempt": (NOW + timedelta(hours=30)).isoformat()}, False, NOW) == ""


def test_recheck_only_when_the_listing_changed_and_recently():
    known = {"linked": True, "stamp": "v1", "first_seen": "2024-02-20T00:00:00+00:00"}
    assert needs_recheck(known, "v2", 30, NOW) and not needs_recheck(known, "v1", 30, NOW)
    assert not needs_recheck(known, "v2", 5, NOW)  # first seen too long ago
    assert not needs_recheck({**known, "linked": False}, "v2", 30, NOW) and not needs_recheck({}, "v2", 30, NOW)


def test_a_feed_that_says_it_stays_fresh_is_not_asked_again_the_same_day(server, tmp_path):
    server.add("/feed", rss([]), headers={"Cache-Control": "max-age=14400"})
    cfg = parse_config(
        {
            "settings": {"timeout": 5, "min_delay": 0},
            "sources": [{"id": "s", "kind": "feed", "url": server.url("/feed")}],
        }
    )
    with Archive(tmp_path / "a.db") as archive:
        first = Pipeline(cfg, archive).run()
        second = Pipeline(cfg, archive).run()
        forced = Pipeline(cfg, archive).run(force=True)
    assert first.status == "ok" and server.hits("/feed") == 2  # the first run and the forced one
    assert second.sources[0].skipped.startswith("fresh until") and second.status == "ok"
    assert forced.sources[0].skipped == ""
