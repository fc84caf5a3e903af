"""Digests: what is new for a named digest, grouped, rendered, sent once and remembered.

A digest is a named selection (tags, partners, search queries) whose window starts at a fixed
date, stored when the digest is first used: a release counts when it was published (undated:
archived) or first archived on or after that start, whatever its date, and the digest has not sent
it yet (``digest_items``). So a release archived late (a newsroom's backlog after an outage), or
left over by a failed send, is in the next digest, and one already sent never is again. A release
published more than OLDER_DAYS before it was first archived (a new source's back catalogue) is
counted, per partner, in one line, not listed. Items are marked sent only after the SMTP server
accepted the message, in one transaction with the send's record. Where feeds.toml changes what a
digest selects, what only the new selection takes from before the last send is marked handled (no
send of its own), not sent as new (``_since_the_change``).

Selecting and rendering only read, on a plain ``sqlite3.Connection``, so the reading room
previews a digest on Datasette's read-only connections; ``run_digest`` writes through an Archive.
"""

from __future__ import annotations

import email.policy
import fcntl
import hashlib
import html
import json
import logging
import re
import sqlite3
import textwrap
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, timedelta
from email.utils import getaddresses
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from .dates import day_text, local_day
from .language import language_name, languages_text
from .mail import (
    MailError,
    MailSettingsError,
    SmtpSettings,
    ascii_domain,
    build_message,
    check_address,
    meant_key,
    parse_smtp_settings,
    refusals,
    resolve_smtp,
    send_message_report,
    temporary,
)
from .search import DATE_FORMS, WHEN, parse_day, sql_marks, time_back

GROUP_BY = ("tag", "partner")
FORMATS = ("email", "html", "markdown")
QUERY_PAGE = 5000  # matches read at a time per query (within the digest's window, every one is read)
REMEMBER_ATTEMPTS = 10  # a sent digest waits this many times the archive's busy timeout (30 s) to be recorded
SNIPPET_CHARS = 280
DIGEST_TAGS = 8  # tags named under a release; "and N more" for the rest
VERSION_SHARE = 0.3  # a run of the reader's language this share of a release is a version of it, not a quote
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
# Which of a release's tags it is listed under when grouping by tag: the most specific kind.
KIND_ORDER = ("project", "programme", "practice", "topic", "organisation", "place")
# A release first archived this many days after its publication, and published before the digest's window, is an
# older one (a source's back catalogue, a newsroom's old pages): where a partner has more than OLDER_LISTED of them
# in a digest, they are counted in one line, not listed (500 of them would bury the week's news); a few are listed.
OLDER_DAYS = 30
# A digest of more than CUT_ABOVE releases shows the first FULL_ITEMS in full and the others by headline, with a link
# to them all in the reading room (where it has one: base_url): 150 releases in full were some 900 lines to scroll
# through (probe, s42).
CUT_ABOVE = 30
FULL_ITEMS = 20
OLDER_LISTED = 5
_OLDER = (
    f"(coalesce(a.published, '') != '' and substr(a.published, 1, 10) < date(a.first_seen, '-{OLDER_DAYS} days')"
    f" and substr({WHEN}, 1, 10) < ?)"
)
log = logging.getLogger("newsflow")
_WHO = "coalesce(nullif(a.partner, ''), a.source_id, '')"  # whom a release is from, as its line names it


class DigestError(ValueError):
    """A digest setting or option that cannot be used (the message says what to change)."""


# ------------------------------------------------------------------ settings


@dataclass(frozen=True)
class DigestSpec:
    """One named digest: who gets it and what it selects."""

    name: str
    to: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # any of these tag ids
    partners: tuple[str, ...] = ()  # any of these partners
    queries: tuple[str, ...] = ()  # matching any of these searches
    lang: str = "en"  # the reader's language: snippets and headlines translated into it where possible
    group_by: str = "tag"
    since: str = "7d"  # where the window starts the first time: 7d, 2w or YYYY-MM-DD
    max_items: int = 200  # more wait for the next digest (never skipped)
    subject: str = ""


def at_localhost(address: str) -> bool:
    """Whether an address (``Name <a@b>`` or ``a@b``) is this machine's own, which reaches no one elsewhere."""
    return getaddresses([address])[0][1].rpartition("@")[2].lower() in ("localhost", "")


@dataclass(frozen=True)
class DigestSettings:
    """feeds.toml ``[digest]``: the reading room's address, the sender, the SMTP server, the digests."""

    base_url: str = ""  # the reading room, for links to /-/article/<id>
    sender: str = "newsflow <newsflow@localhost>"  # the `from` key
    contact: str = ""  # whom a recipient writes to, to change or stop a digest (default: the sender's address)
    lang: str = "en"
    since: str = "7d"
    group_by: str = "tag"
    max_items: int = 200
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    digests: tuple[DigestSpec, ...] = ()
    # The tag ids of feeds.toml's taxonomy (empty: none given): the archive keeps a tag taken out of it until
    # `newsflow retag`, and no new release gets it meanwhile.
    taxonomy: tuple[str, ...] = ()

    def get(self, name: str) -> DigestSpec | None:
        return next((d for d in self.digests if d.name == name), None)

    @property
    def names(self) -> frozenset[str]:
        """The names of the digests feeds.toml configures."""
        return frozenset(d.name for d in self.digests)

    @property
    def reply_address(self) -> str:
        """The address a digest's footer tells its recipients to write to: ``contact``, else the sender's unless it
        is this machine's own (newsflow@localhost reaches nobody); "" for none."""
        address = getaddresses([self.contact or self.sender])[0][1]
        return "" if at_localhost(address) else address

    def spec(self, name: str) -> DigestSpec:
        """The named digest, or an ad-hoc one with this section's defaults."""
        return self.get(name) or DigestSpec(
            name=name, lang=self.lang, since=self.since, group_by=self.group_by, max_items=self.max_items
        )


TOP_KEYS = ("base_url", "from", "contact", "lang", "since", "group_by", "max_items", "smtp", "digests")
DIGEST_KEYS = ("to", "tags", "partners", "queries", "lang", "since", "group_by", "max_items", "subject")


def _keys(where: str, table: Any, allowed: Sequence[str]) -> dict[str, Any]:
    if not isinstance(table, dict) or not all(isinstance(k, str) for k in table):
        raise DigestError(f"{where} must be a table")
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise DigestError(
            f"{where}: unknown key(s) {', '.join(unknown)}{meant_key(unknown, allowed)}; allowed: {', '.join(allowed)}"
        )
    return table


def _strings(where: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DigestError(f"{where}: expected a string or a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _string(where: str, value: Any) -> str:
    if not isinstance(value, str):
        raise DigestError(f"{where}: expected a string, not {value!r}")
    return value.strip()


def _check_common(where: str, values: dict[str, Any]) -> None:
    if "group_by" in values and values["group_by"] not in GROUP_BY:
        raise DigestError(f"{where}.group_by must be one of {', '.join(GROUP_BY)}, not {values['group_by']!r}")
    if "lang" in values and not re.fullmatch(r"[a-z]{2,3}", values["lang"]):
        raise DigestError(f"{where}.lang must be a language code such as en, fi or sv, not {values['lang']!r}")
    if "since" in values:
        try:
            window_start(values["since"])
        except DigestError as e:
            raise DigestError(f"{where}.since: {e}") from None
    if "max_items" in values:
        n = values["max_items"]
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise DigestError(f"{where}.max_items must be a positive whole number, not {n!r}")


def parse_digest_settings(table: dict[str, Any]) -> DigestSettings:
    """Validate a feeds.toml ``[digest]`` table; unknown keys are errors naming the key."""
    _keys("[digest]", table, TOP_KEYS)
    top: dict[str, Any] = {}
    for key in ("base_url", "from", "contact", "lang", "since", "group_by"):
        if key in table:
            top["sender" if key == "from" else key] = _string(f"digest.{key}", table[key])
    if "max_items" in table:
        top["max_items"] = table["max_items"]
    _check_common("digest", top)
    base = top.get("base_url", "")
    if base and not safe_url(base):
        raise DigestError(f"digest.base_url must be an http(s) address such as https://news.example.org, not {base!r}")
    top["base_url"] = base.rstrip("/")
    for key, given in (("from", "sender"), ("contact", "contact")):
        try:
            if given in top:
                check_address(top[given])
        except MailSettingsError as e:
            raise DigestError(f"digest.{key}: {e}") from None
    try:
        smtp_table = table.get("smtp", {})
        if not isinstance(smtp_table, dict):
            raise DigestError("[digest.smtp] must be a table (host, port, security, ...)")
        smtp = parse_smtp_settings(smtp_table)
    except MailSettingsError as e:
        raise DigestError(str(e)) from None
    defaults = {k: top.get(k, getattr(DigestSettings, k)) for k in ("lang", "since", "group_by", "max_items")}
    digests = []
    named = table.get("digests", {})
    if not isinstance(named, dict):
        raise DigestError("[digest.digests] must be a table of named digests: [digest.digests.weekly] ...")
    for name, spec in named.items():
        where = f"[digest.digests.{name}]"
        if not NAME.fullmatch(name):
            raise DigestError(
                f"{where}: a digest name is at most 64 letters, digits, '.', '_' and '-', "
                "starting with a letter or digit"
            )
        values: dict[str, Any] = dict(defaults)
        for key, value in _keys(where, spec, DIGEST_KEYS).items():
            if key in ("to", "tags", "partners", "queries"):
                values[key] = _strings(f"{where} {key}", value)
            elif key == "max_items":
                values[key] = value
            else:
                values[key] = _string(f"{where} {key}", value)
        _check_common(f"digest.digests.{name}", values)
        wrong = []  # (every address mistyped, at once: not one per edit and check)
        for address in values.get("to", ()):
            try:
                check_address(address)
            except MailSettingsError as e:
                wrong.append(str(e))
        if wrong:
            raise DigestError(f"{where} to: {'; '.join(wrong)}")
        digests.append(DigestSpec(name=name, **values))
    return DigestSettings(smtp=smtp, digests=tuple(digests), **top)


# ------------------------------------------------------------------ selecting


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def window_start(value: str, now: datetime | None = None) -> str:
    """``7d``, ``2w``, ``12h`` (before now) or the day a window starts, in any form the search's dates take
    (``2026-05-01``, ``1.5.2026``, ``May 2026``, ``toukokuu 2026``, ``v. 18``, ``yesterday``) -> an ISO timestamp
    or date to compare dates with."""
    value = value.strip()
    back = time_back(value)  # as the search's dates read it
    if back is not None:
        return ((now or utcnow()) - back).isoformat()
    try:
        return parse_day(value, today=now.astimezone().date() if now else None)
    except ValueError as e:
        reason = str(e)
    if " is two dates" in reason:  # a window runs from its first day until now
        raise DigestError(f"{value!r} is two dates: a digest's window runs from one day until now; give the first")
    if reason.endswith(DATE_FORMS):  # no form fits: say the window's forms too
        reason = f"{value!r} is not a window: give its first day as {DATE_FORMS}, or hours back (12h)"
    raise DigestError(reason.replace(" is not a date:", " is not a window:", 1))  # a form fits, but no such day


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain http(s) address, else None: nothing else is ever linked."""
    if not url or re.search(r"[\x00-\x20<>\"'\\`\x7f]", url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


@dataclass(frozen=True)
class DigestItem:
    """One release as a digest shows it."""

    id: int
    title: str
    title_translation: str  # "" when there is none or the headline is in the reader's language
    partner: str
    language: str
    languages: tuple[str, ...]
    date: str  # YYYY-MM-DD, "" when the release is undated
    tags: tuple[str, ...]  # names, in the reader's language where the taxonomy has them (tag_names)
    snippet: str
    snippet_note: str  # "machine translation", "in Finnish" ... ("" for the original in the reader's language)
    url: str | None  # the original, when it is http(s)
    reading_room: str | None
    snippet_language: str = ""  # the snippet's language ("" where it holds two: a translation and an original)
    title_language: str = ""  # the headline's: its first paragraph's (a mixed release's own may be another)
    # The day it was first archived, where it was published before the digest's window and archived on a later day:
    # its date alone would make it look sent before ("published 20 November, archived 2 December").
    archived: str = ""
    first_seen: str = ""  # when it was first archived (a moment)


@dataclass(frozen=True)
class OlderReleases:
    """A partner's releases published long before they were first archived (a new source's back catalogue), which a
    digest counts in one line rather than listing them."""

    partner: str
    ids: tuple[int, ...]
    published: tuple[str, str]  # the first and the last day they were published
    archived: tuple[str, str]  # the first and the last day they were first archived
    link: str | None = None  # those releases in the reading room (the partner's, published in those days)


@dataclass(frozen=True)
class Digest:
    """What a digest holds now: its releases, grouped."""

    name: str
    lang: str
    start: str  # the window's start
    last_sent: str
    groups: tuple[tuple[str, tuple[DigestItem, ...]], ...]
    more: int = 0  # releases left for the next digest by max_items
    subject: str = ""
    selection: str = ""  # what it selects, in the reader's words ("tags HOPE project; partners Coompanion")
    contact: str = ""  # whom its recipients write to, to change or stop it
    older: tuple[OlderReleases, ...] = ()  # older releases first archived in the window, counted per partner
    key: str = ""  # what it selects, as the digest's state keeps it (``selection_key``)
    skipped: tuple[int, ...] = ()  # left out as older than a change of what it selects (``_since_the_change``)
    took_over: str = ""  # the digest whose window and sent releases its first call takes over ("default", a name)
    # Releases sent again to recipients whose mail server refused them for now at an earlier call (``_kept``),
    # and the first day they were refused.
    again: tuple[int, ...] = ()
    again_since: str = ""
    # The releases of the digest in the reading room (those first archived since its first one, selected as the digest
    # is), where the reading room's search can select as it does; None without base_url.
    all_link: str | None = None
    # Releases it sent before whose newsroom has changed them since (a new text or headline, kept in ``revisions``),
    # said once, in the next digest sent after the change, and not sent again in full (probe, s42); each with the day
    # it was sent.
    updated: tuple[tuple[DigestItem, str], ...] = ()

    @property
    def items(self) -> list[DigestItem]:
        return [item for _, items in self.groups for item in items]

    @property
    def older_ids(self) -> list[int]:
        return [i for group in self.older for i in group.ids]


def _table_exists(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("select 1 from sqlite_master where name = ?", [name]).fetchone() is not None


def digest_state(conn: sqlite3.Connection, name: str) -> dict[str, Any] | None:
    """The stored row of a digest, or None before its first use."""
    if not _table_exists(conn, "digests"):
        return None
    cursor = conn.execute("select * from digests where name = ?", [name])
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None


def known_choices(conn: sqlite3.Connection) -> tuple[list[str], list[str]]:
    """The tag ids and the partners an archive knows: the choices offered when one is mistyped."""
    tags = [r[0] for r in conn.execute("select id from tags order by id")]
    partners = sorted(
        {
            r[0]
            for r in conn.execute(
                "select partner from sources where coalesce(partner, '') != '' union "
                "select partner from articles where coalesce(partner, '') != ''"
            )
        }
    )
    return tags, partners


def check_spec(conn: sqlite3.Connection, spec: DigestSpec, taxonomy: Sequence[str] = ()) -> None:
    """Raise DigestError when a digest names a tag or partner the archive does not know, or a bad query; with the
    configured ``taxonomy``, a tag taken out of it too (before `newsflow retag` the archive still holds it, and the
    digest said "nothing new" week after week)."""
    tags, partners = known_choices(conn)
    dropped = [t for t in spec.tags if taxonomy and t not in taxonomy and t in tags]
    if dropped:
        named = dict(conn.execute(f"select id, name from tags where id in ({sql_marks(dropped)})", dropped).fetchall())
        said = ", ".join(f"{named[t]} ({t})" if named.get(t) and named[t] != t else t for t in dropped)
        raise DigestError(
            f"tag(s) {said} taken out of the taxonomy: no new release gets them; put them back into the "
            "taxonomy, or take them out of the digest"
        )
    from .search import did_you_mean, names_of_tags, search_articles

    unknown = [t for t in spec.tags if t not in tags]
    if unknown:
        # What was probably meant, by the names staff know tags by ("HOPE project", "hoep": hope), each tag said with
        # its name: a list of bare ids left the nightly log's reader to guess which is which (probe, s43).
        known_tags = names_of_tags(conn)
        ids = {n: tag_id for tag_id, _, known in known_tags for n in known}
        named = {tag_id: shown for tag_id, shown, _ in known_tags}
        by_name = {n.casefold(): tag_id for n, tag_id in ids.items()}
        first = unknown[0]
        meant = (
            f" Did you mean “{by_name[first.casefold()]}”?" if first.casefold() in by_name else did_you_mean(first, ids)
        )
        choices = ", ".join(f"{t} ({named[t]})" if named.get(t, t) != t else t for t in tags)
        raise DigestError(
            f"unknown tag id(s) {', '.join(unknown)}.{meant} A digest names a tag by its id; choose from: "
            f"{choices or '(no tags yet)'}"
        )
    unknown = [p for p in spec.partners if p not in partners]
    if unknown:
        meant = did_you_mean(unknown[0], {p: p for p in partners})  # "Coompanoin", "coompanion": “Coompanion”
        raise DigestError(
            f"unknown partner(s) {', '.join(unknown)}.{meant} A digest names a partner as the sources write it, in "
            f"the same case and with its accents; choose from: {', '.join(partners) or '(none yet)'}"
        )

    for q in spec.queries:
        try:
            search_articles(conn, q, limit=1)
        except ValueError as e:
            raise DigestError(f"search {q!r}: {e}") from None


def _query_ids(conn: sqlite3.Connection, queries: Sequence[str], start: str) -> set[int]:
    """Every release matching one of the queries, published (or, undated, archived) on or after the start's day."""
    from .search import find_articles

    ids: set[int] = set()
    for q in queries:
        offset = 0
        while True:
            try:
                page = find_articles(conn, q, offset=offset, limit=QUERY_PAGE, count=False, since=start[:10])
            except ValueError as e:
                raise DigestError(f"query {q!r}: {e}") from None
            ids |= {int(r["id"]) for r in page.rows}
            if len(page.rows) < QUERY_PAGE:
                break
            offset += QUERY_PAGE
    return ids


def collect_digest(
    conn: sqlite3.Connection,
    spec: DigestSpec,
    base_url: str = "",
    since: str | None = None,
    now: datetime | None = None,
    contact: str = "",
    again: dict[int, str] | None = None,
    configured: Collection[str] | None = None,
) -> Digest:
    """What the digest would send now (reads only): releases new to its readers that it has not sent yet.

    New is published (undated: archived) in the window, or first archived in it whatever its date: after an outage,
    a newsroom's backlog comes in late, and a digest that went by publication alone never sent it. Releases
    published more than OLDER_DAYS before they were archived, and before the window (since the last digest), are
    counted per partner (``Digest.older``) where a partner has more than OLDER_LISTED of them: a source added with
    its back catalogue. ``since`` (``7d`` or ``YYYY-MM-DD``) replaces the stored window start for this call, but
    for what a failed send since the last one kept (that still comes).
    ``contact``: the address its footer names, to change or stop it.
    ``again``: releases sent before, which a recipient's mail server refused for now (by id, with when it first did),
    in it too (its message to those recipients).
    ``configured``: the names of feeds.toml's digests, of which none is the name this one was renamed from (None:
    not known, and so no takeover of a renamed digest).
    """
    state = digest_state(conn, spec.name)
    remembered = [spec.name]
    took_over = ""
    if state is None and _takes_over_default(conn, spec.name):
        state, remembered, took_over = digest_state(conn, "default"), [spec.name, "default"], "default"
    elif state is None and configured is not None and (renamed := renamed_from(conn, spec, configured)):
        state, remembered, took_over = digest_state(conn, renamed), [spec.name, renamed], renamed
    start = window_start(since, now) if since else (state or {}).get("since") or window_start(spec.since, now)
    if since and state and _failed_since_sent(conn, spec.name, state):
        # What a failed send kept "for the next call" is in it, whatever ``since`` says (a weekly cron call with
        # `--since 7d` never sent the week the mail server was down: review, s36).
        start = min(start, state.get("last_sent") or state.get("since") or start)
    last_sent = "" if since else (state or {}).get("last_sent") or ""
    # Where "published earlier" begins: the window's start, or the last digest (a stored start stays where the first
    # call put it, long ago).
    reference = (last_sent or start)[:10]
    where, params = _selected(conn, spec, start, remembered)
    key = selection_key(spec)
    skipped: tuple[int, ...] = ()
    if last_sent and state and (state.get("selection") or key) != key:
        where, params, skipped = _since_the_change(conn, spec, state, start, remembered, where, params)
    if again:
        ids = sorted(again)
        where, params = [f"(({' and '.join(where)}) or a.id in ({sql_marks(ids)}))"], [*params, *ids]
    older = tuple(
        group
        for group in _older(conn, " and ".join(where), [*params, reference], base_url, _narrowed(spec))
        if len(group.ids) > OLDER_LISTED
    )
    if older:
        where.append(f"not ({_OLDER} and {_WHO} in ({sql_marks(older)}))")
        params += [reference, *(group.partner for group in older)]
    # Oldest first, so that what max_items leaves over goes out next time, in order: by the moment (09:30 in
    # Helsinki is before 08:00 in London), not by the dates as written.
    cursor = conn.execute(
        f"""select a.id, a.url, a.title, a.title_translation, a.partner, a.source_id, a.language, a.languages,
                   a.published, a.first_seen from articles a where {" and ".join(where)}
            order by coalesce(datetime({WHEN}), {WHEN}), a.id limit ?""",
        [*params, spec.max_items + 1],
    )
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    more = 0
    if len(rows) > spec.max_items:
        remaining = conn.execute(f"select count(*) from articles a where {' and '.join(where)}", params).fetchone()[0]
        rows, more = rows[: spec.max_items], int(remaining) - spec.max_items
    shown = tag_names(conn, spec.lang)  # the tags by their names in the reader's language
    items = [(_item(conn, r, spec, base_url, shown, reference), _group_keys(conn, r["id"], spec, shown)) for r in rows]
    in_it = {item.id for item, _ in items} | {i for group in older for i in group.ids}
    first = min((r["first_seen"] for r in rows if r["first_seen"]), default="")
    return Digest(
        name=spec.name,
        lang=spec.lang,
        start=start,
        last_sent=last_sent,
        groups=_group(items, spec),
        more=more,
        subject=spec.subject,
        selection=_selection(spec, shown),
        contact=contact,
        older=older,
        key=key,
        skipped=skipped,
        took_over=took_over,
        again=tuple(sorted(i for i in again or {} if i in in_it)),
        again_since=min((since for i, since in (again or {}).items() if i in in_it), default=""),
        all_link=_all_link(spec, base_url, first),
        updated=_updated(conn, spec, base_url, shown, remembered, last_sent),
    )


def _updated(
    conn: sqlite3.Connection,
    spec: DigestSpec,
    base_url: str,
    names: dict[str, str],
    remembered: Sequence[str],
    last_sent: str,
) -> tuple[tuple[DigestItem, str], ...]:
    """The releases the digest (``remembered``: its names) sent that were edited after they were sent and after its
    last digest (so each edit is said once), newest edit first, with the day each was sent. A text read again by a
    newer extractor (a release fetched again after an upgrade: the revision's text read by another version than the
    release's) is no edit of the newsroom's, and is not said: after an upgrade, every release sent in the days a run
    checks again would have been (review, s42); an edit met first in that same reading is not said either."""
    if not last_sent or not _table_exists(conn, "digest_items") or not _table_exists(conn, "revisions"):
        return ()
    cursor = conn.execute(
        f"""select a.id, a.url, a.title, a.title_translation, a.partner, a.source_id, a.language, a.languages,
                   a.published, a.first_seen, min(d.sent) as sent_on, max(r.archived) as edited
            from articles a join digest_items d on d.article_id = a.id
                 join revisions r on r.article_id = a.id and r.archived > d.sent and r.archived > ?
                   and r.earlier is null and r.extractor is a.extractor
            where d.digest in ({sql_marks(remembered)}) and d.send_id is not null and a.status = 'updated'
            group by a.id order by edited desc, a.id desc limit ?""",
        [last_sent, *remembered, CUT_ABOVE],
    )
    names_of = [d[0] for d in cursor.description]
    rows = [dict(zip(names_of, r, strict=True)) for r in cursor.fetchall()]
    return tuple((_item(conn, r, spec, base_url, names), local_day(r["sent_on"])) for r in rows)


def _all_link(spec: DigestSpec, base_url: str, first: str) -> str | None:
    """The reading room's search for the releases first archived since ``first`` (the digest's first release), selected
    as the digest is; None where it selects more than one tag, partner or search (the reading room's search takes
    one of each)."""
    if not base_url or not first or any(len(v) > 1 for v in (spec.tags, spec.partners, spec.queries)):
        return None
    asked = {**_narrowed(spec), **({"partner": spec.partners[0]} if spec.partners else {})}
    return f"{base_url}/-/search?{urlencode({**asked, 'archived': _just_before(first)})}"


def _narrowed(spec: DigestSpec) -> dict[str, str]:
    """What a digest selects, as the reading room's search narrows by it (one tag, one search: the search takes no
    more than one of each)."""
    return {k: v[0] for k, v in (("tag", spec.tags), ("q", spec.queries)) if len(v) == 1}


def _older(
    conn: sqlite3.Connection, where: str, params: list[Any], base_url: str, narrowed: dict[str, str]
) -> tuple[OlderReleases, ...]:
    """The older releases among those ``where`` selects (``params``, then the day "published earlier" begins), per
    partner, in the partners' order; each partner's linked to in the reading room, ``narrowed`` as the digest is."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    for row in conn.execute(
        f"""select {_WHO}, nullif(a.partner, ''), a.id, substr(a.published, 1, 10), a.first_seen
            from articles a where {where} and {_OLDER} order by a.id""",
        params,
    ):
        found.setdefault(row[0], []).append(row)
    out = []
    for who in sorted(found, key=lambda w: (w.casefold(), w)):
        rows = found[who]
        partner = rows[0][1]
        published = (min(r[3] for r in rows), max(r[3] for r in rows))
        archived = (min(r[4] or "" for r in rows), max(r[4] or "" for r in rows))
        # The partner's releases of those days archived since the first of them, in the reading room (its own page
        # lists its newest first, these far down: staff probe, s35); without "archived", the days' releases archived
        # before too (a second newsroom of a partner, added with its back catalogue).
        asked = urlencode(
            {
                "partner": partner,
                **narrowed,  # (a digest of a tag: those about it, not the partner's every release: year probe, s36)
                "from": published[0],
                "to": published[1],
                "archived": _just_before(archived[0]),
            }
        )
        out.append(
            OlderReleases(
                partner=who,
                ids=tuple(int(r[2]) for r in rows),
                published=published,
                archived=(local_day(archived[0]), local_day(archived[1])),
                link=f"{base_url}/-/search?{asked}" if base_url and partner else None,
            )
        )
    return tuple(out)


def same_digest(a: DigestSpec, b: DigestSpec) -> bool:
    """Whether two digests select the same and go to the same people (a call under a digest's name with other
    --tag, --partner, --query or --to is a one-off of its own)."""
    return selection_key(a) == selection_key(b) and sorted(a.to) == sorted(b.to)


def selection_key(spec: DigestSpec) -> str:
    """What a digest selects, as its state keeps it (to tell when feeds.toml changed it)."""
    return json.dumps(
        {"tags": sorted(spec.tags), "partners": sorted(spec.partners), "queries": sorted(spec.queries)},
        ensure_ascii=False,
        sort_keys=True,
    )


def _since_the_change(
    conn: sqlite3.Connection,
    spec: DigestSpec,
    state: dict[str, Any],
    start: str,
    remembered: list[str],
    where: list[str],
    params: list[Any],
) -> tuple[list[str], list[Any], tuple[int, ...]]:
    """The conditions once feeds.toml changed what a digest selects (a tag, partner or search added): what the
    selection before still had waiting comes (max_items left it over, a send failed, a retag gave it a tag), and of
    the rest only what is new since the last send, not every release of a tag added since the window began (half a
    year's, as new: review, s36). Also the releases so left out, which the digest then counts as handled: once the
    new selection is kept, the next call would find them new again."""
    try:
        kept = json.loads(state["selection"])
        before = replace(
            spec,
            tags=tuple(kept.get("tags", ())),
            partners=tuple(kept.get("partners", ())),
            queries=tuple(kept.get("queries", ())),
        )
    except (ValueError, TypeError, AttributeError):  # (a state edited by hand: the window as it was)
        return where, params, ()
    old_where, old_params = _selected(conn, before, start, remembered)
    keep = (
        f"(a.id in (select a.id from articles a where {' and '.join(old_where)}) or {WHEN} >= ? or a.first_seen >= ?)"
    )
    kept_params = [*old_params, state["last_sent"], state["last_sent"]]
    skipped = tuple(
        int(r[0])
        for r in conn.execute(
            f"select a.id from articles a where {' and '.join(where)} and not {keep}", [*params, *kept_params]
        )
    )
    return [*where, keep], [*params, *kept_params], skipped


def _selected(
    conn: sqlite3.Connection, spec: DigestSpec, start: str, remembered: list[str]
) -> tuple[list[str], list[Any]]:
    """SQL conditions on articles ``a`` (and their parameters) for the releases a digest selects from ``start`` on,
    that it has not sent (under any name in ``remembered``)."""
    # First archived since the window's start, not since the last digest: what max_items left over, or a run
    # archived while the digest was being sent, would be lost (second review, s35). A back catalogue archived before
    # this rule, never sent, comes once (counted per partner where it is many).
    # A window from a day (`since = "2026-12-04"`) starts at that day's midnight where the server is: the moments a
    # release was archived are UTC, and the night's run at 01:00 in Helsinki archives on the day before (probe, s40).
    where = [f"({WHEN} >= ? or a.first_seen >= ? or a.first_seen >= ?)"]
    params: list[Any] = [start, start, _local_midnight(start)]
    if _table_exists(conn, "digest_items"):
        where.append(
            f"not exists (select 1 from digest_items d where d.digest in ({sql_marks(remembered)}) "
            "and d.article_id = a.id)"
        )
        params += remembered
    if spec.tags:
        where.append(
            f"exists (select 1 from article_tags t where t.article_id = a.id and t.tag_id in ({sql_marks(spec.tags)}))"
        )
        params += spec.tags
    if spec.partners:
        where.append(f"a.partner in ({sql_marks(spec.partners)})")
        params += spec.partners
    if spec.queries:
        # As far back as the releases first archived in the window were published (a search reads by publication).
        (earliest,) = conn.execute(f"select min({WHEN}) from articles a where {' and '.join(where)}", params).fetchone()
        ids = sorted(_query_ids(conn, spec.queries, min(start, earliest or start)))
        where.append(f"a.id in ({sql_marks(ids) or 'null'})")
        params += ids
    return where, params


def _local_midnight(start: str) -> str:
    """The UTC moment a window given as a day begins where the server is ("2026-12-04" in Helsinki:
    "2026-12-03T22:00:00+00:00"); a moment as it stands."""
    try:
        day = date.fromisoformat(start) if len(start) == 10 else None
    except ValueError:
        day = None
    if day is None:
        return start
    return datetime.combine(day, datetime.min.time()).astimezone().astimezone(UTC).isoformat()


def _failed_since_sent(conn: sqlite3.Connection, name: str, state: dict[str, Any]) -> bool:
    """Whether a send of the digest failed (or was interrupted) since its last one went through."""
    if not _table_exists(conn, "digest_sends"):
        return False
    row = conn.execute(
        """select 1 from digest_sends where digest = ? and status in ('failed', 'interrupted', 'sending')
           and started > ? limit 1""",
        [name, state.get("last_sent") or ""],
    ).fetchone()
    return row is not None


def _just_before(moment: str) -> str:
    """A second before a stored moment (the reading room's "archived since" takes those archived after it); "" for
    none."""
    try:
        return (datetime.fromisoformat(moment) - timedelta(seconds=1)).isoformat()
    except ValueError:
        return ""


def _selection(spec: DigestSpec, names: dict[str, str]) -> str:
    """What a digest selects, in its reader's words: "tag HOPE project or Maribor, and partner Coompanion, and search
    “1000-jobb”" (a release meets each kind it names, with any of its values), or "every release"."""
    w = words_for(spec.lang)
    between = f" {w['or']} "
    picks = [
        f"{w[key]} {between.join(chosen)}"
        for key, chosen in (
            ("sel_tags", [names.get(t, t) for t in spec.tags]),
            ("sel_partners", list(spec.partners)),
            ("sel_queries", [q if q[:1] in '"“' else f"“{q}”" for q in spec.queries]),  # (a phrase: in its quotes)
        )
        if chosen
    ]
    return w["sel_and"].join(picks) or w["sel_all"]


def _takes_over_default(conn: sqlite3.Connection, name: str) -> bool:
    """Whether an ad-hoc digest used for the first time takes over what "default" sent: before December 2026 every
    ad-hoc digest was remembered as "default", so a cron job's first call after the upgrade must not send its window
    again."""
    return (
        name.startswith("default-") and digest_state(conn, name) is None and digest_state(conn, "default") is not None
    )


def _addresses(values: Iterable[str]) -> set[str]:
    return {a.casefold() for _, a in getaddresses(list(values)) if a}


def taken_over_by(conn: sqlite3.Connection, name: str) -> list[str]:
    """The digests that took over what digest ``name`` sent (``renamed_from``): they hold releases its sends sent."""
    rows = conn.execute(
        """select distinct i.digest from digest_items i join digest_sends s on s.id = i.send_id
           where s.digest = ? and i.digest != ?""",
        [name, name],
    )
    return [str(n) for (n,) in rows]


def renamed_from(conn: sqlite3.Connection, spec: DigestSpec, configured: Collection[str]) -> str:
    """The digest a configured one used for the first time was called before, where feeds.toml renamed it
    (`[digest.digests.hope-weekly]` made `[digest.digests.hope]`): one no longer among the ``configured`` names,
    that selects the same and whose last send went to some of the same people (a colleague who left taken off `to`,
    or one added, in the same edit: probe, s42); "" for none. Its first call takes over that one's window and what
    it sent: under the new name, it sent the week's releases again (probe, s40). A digest still configured is no old
    name, nor one another has taken over: a new one beside it, for more people, would never send its new recipients
    what the other had sent (review, s40)."""
    if _ad_hoc(spec.name) or not spec.to or not _table_exists(conn, "digest_sends"):
        return ""
    to = _addresses(spec.to)
    for (name,) in conn.execute(
        """select name from digests where selection = ? and name != ? and name != 'default'
               and name not like 'default-%' and last_sent is not null order by last_sent desc""",
        [selection_key(spec), spec.name],
    ):
        if name in configured or taken_over_by(conn, name):
            continue  # still configured, or already taken over by the digest it was renamed to
        last = conn.execute(
            """select recipients from digest_sends where digest = ? and status in ('sent', 'partly sent')
                   order by started desc, rowid desc limit 1""",
            [name],
        ).fetchone()
        got = _addresses((last[0] or "").split(",")) if last else set()
        if got & to:
            return str(name)
    return ""


def tag_names(conn: sqlite3.Connection, lang: str) -> dict[str, str]:
    """Each tag's name as a reader of ``lang`` is shown it: the first of the taxonomy's ``names.<lang>`` where it
    gives one (for readers of any language but English, whose name is the canonical ``name``), else ``name``."""
    try:
        rows = conn.execute("select id, name, names from tags").fetchall()
    except sqlite3.OperationalError:  # an archive from before the tags table had names
        rows = [(r[0], r[1], None) for r in conn.execute("select id, name from tags")]
    shown: dict[str, str] = {}
    for tag_id, name, names in rows:
        own = ""
        if lang != "en":
            try:
                given = json.loads(names or "{}").get(lang) or []
            except (ValueError, AttributeError):
                given = []
            if isinstance(given, str):
                given = [given]
            own = next((n.strip() for n in given if isinstance(n, str) and n.strip()), "")
        shown[tag_id] = own or name or tag_id
    # Two tags that go by one name in the reader's language (the employment pilots of 2012 and of 2021 are both
    # "kommunförsök") keep their canonical names, so that the digest tells them apart.
    taken: dict[str, set[str]] = {}
    for tag_id, shown_name in shown.items():
        taken.setdefault(shown_name.casefold(), set()).add(tag_id)
    canonical = {tag_id: name or tag_id for tag_id, name, _ in rows}
    for ids in taken.values():
        if len(ids) > 1:
            shown.update({tag_id: canonical[tag_id] for tag_id in ids})
    return shown


def _sorted_names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(names, key=lambda n: (n.casefold(), n)))


def _item(
    conn: sqlite3.Connection,
    row: dict[str, Any],
    spec: DigestSpec,
    base_url: str,
    names: dict[str, str],
    reference: str = "",
) -> DigestItem:
    """A release as the digest shows it; ``reference``: the day before which it was published earlier (the window's
    start, or the last digest), when it then says the day it was archived too."""
    article_id = int(row["id"])
    language = row["language"] or "und"
    # The tags mentioned most first (a release about a project names its partners once each), at most DIGEST_TAGS
    # of them: a long release tagged 25 ways made a paragraph of names in the e-mail.
    mentioned: dict[str, int] = {}
    for tag_id, mentions in conn.execute(
        "select tag_id, coalesce(mentions, 1) from article_tags where article_id = ?", [article_id]
    ):
        name = names.get(tag_id, tag_id)
        mentioned[name] = max(mentioned.get(name, 0), int(mentions or 1))
    chosen = {names.get(t, t) for t in spec.tags}  # the digest's own tags say why the release is in it: named first
    ranked = sorted(_sorted_names(mentioned), key=lambda n: (n not in chosen, -mentioned[n]))
    tags = tuple(_sorted_names(ranked[:DIGEST_TAGS])) + (
        (counted(spec.lang, "more_tags", len(ranked) - DIGEST_TAGS),) if len(ranked) > DIGEST_TAGS else ()
    )
    targets = {
        r[0] for r in conn.execute("select distinct target from translations where article_id = ?", [article_id])
    }
    title_translation = ""
    if language != spec.lang:
        # The headline in the reader's language: its own row, else the article's first target's headline when
        # that is the reader's language (an archive translated into one language only).
        own = conn.execute(
            "select text from translations where article_id = ? and position = -1 and target = ?",
            [article_id, spec.lang],
        ).fetchone()
        if own:
            title_translation = (own[0] or "").strip()
        elif spec.lang in (targets or {"en"}) and not targets - {spec.lang}:
            title_translation = (row["title_translation"] or "").strip()
    if title_translation == (row["title"] or "").strip():
        title_translation = ""
    snippet, note, snippet_language, first_language = _snippet(conn, article_id, spec.lang)
    try:
        languages = tuple(json.loads(row["languages"] or "[]")) or (language,)
    except ValueError:
        languages = (language,)
    published = row["published"] or ""
    day = published[:10] if re.match(r"\d{4}-\d\d-\d\d", published) else ""
    archived = local_day(row["first_seen"])
    return DigestItem(
        id=article_id,
        title=row["title"] or "(no headline)",
        title_translation=title_translation,
        partner=row["partner"] or row["source_id"] or "",
        language=language,
        languages=languages,
        date=day,
        tags=tags,
        snippet=snippet,
        snippet_note=note,
        snippet_language=snippet_language,
        title_language=first_language or language,
        url=safe_url(row["url"]),
        reading_room=f"{base_url}/-/article/{article_id}" if base_url else None,
        archived=archived if day and day < reference and archived > day else "",
        first_seen=row["first_seen"] or "",
    )


def _snippet(conn: sqlite3.Connection, article_id: int, lang: str) -> tuple[str, str, str, str]:
    """The opening of the text in the reader's language where it can be had, a note on what it is, its language
    ("" where it is of two: a translation and a paragraph left untranslated), and the language of the release's first
    paragraph that has one (its headline's: "" for none): a release written in two languages gives the part in the
    reader's (a Finnish release with its English version below, to an English reader: the English), else its
    opening, machine-translated where a translation exists."""
    pieces: list[str] = []
    machine, foreign = False, set()
    rows = conn.execute(
        """select p.text, p.language, p.heading, t.text from paragraphs p
               left join translations t on t.article_id = p.article_id and t.position = p.position and t.target = ?
               where p.article_id = ? order by p.position limit 500""",
        [lang, article_id],
    ).fetchall()
    first = next((row[1] for row in rows if row[1] not in ("", "und", None)), "")
    # The longest run of paragraphs in the reader's language (headings between them aside): a version of the
    # release where it is long enough; a quote or two among another language's paragraphs is none.
    runs: list[list[tuple[Any, ...]]] = [[]]
    for row in rows:
        if row[2] or (row[1] != lang and len(row[0]) < 80 and runs[-1]):
            continue  # (a heading; a name or a line between two of its paragraphs: "Kari Salonen, Seinäjoen kaupunki")
        if row[1] == lang:
            runs[-1].append(row)
        else:
            runs.append([])
    own = max(runs, key=lambda run: sum(len(row[0]) for row in run))
    written, total = sum(len(row[0]) for row in own), sum(len(row[0]) for row in rows)
    if written < total and written >= max(80, VERSION_SHARE * total):
        rows = own  # (a version in the reader's language: not another's opening, translated or not)
    for text, language, heading, translation in rows[:12]:
        if heading and not pieces:
            continue
        if language == lang or language == "und" or not (translation or "").strip():
            pieces.append(text)
            if language not in (lang, "und"):
                foreign.add(language)
        else:
            pieces.append(translation)
            machine = True
        if sum(len(p) for p in pieces) >= SNIPPET_CHARS:
            break
    text = " ".join(" ".join(pieces).split())
    if len(text) > SNIPPET_CHARS:
        text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0].rstrip(",;:-–") + " …"
    w = words_for(lang)
    notes = ([w["machine"]] if machine else []) + [
        w["not_translated"].format(language=language_name(x, lang)) for x in sorted(foreign)
    ]
    spoken = lang if not foreign else next(iter(foreign)) if len(foreign) == 1 and not machine else ""
    return text, "; ".join(notes), spoken, first


def _group_keys(conn: sqlite3.Connection, article_id: int, spec: DigestSpec, names: dict[str, str]) -> str:
    """The heading a release is listed under: its partner, or its most specific tag by the reader's name for it."""
    other = words_for(spec.lang)["other"]
    if spec.group_by == "partner":
        row = conn.execute(
            "select coalesce(nullif(partner, ''), source_id) from articles where id = ?", [article_id]
        ).fetchone()
        return (row[0] if row else "") or other
    rows = conn.execute(
        """select t.tag_id, coalesce(g.name, t.tag_id), coalesce(g.kind, ''), coalesce(t.mentions, 1)
           from article_tags t left join tags g on g.id = t.tag_id where t.article_id = ?""",
        [article_id],
    ).fetchall()
    if spec.tags:  # listed under the digest's own tags when it has some
        rows = [r for r in rows if r[0] in spec.tags] or rows
    if not rows:
        return other
    rank = {k: i for i, k in enumerate(KIND_ORDER)}
    # Ties by the canonical name, so that a release is under the same tag whatever the reader's language.
    chosen = min(rows, key=lambda r: (rank.get(r[2], len(rank)), -r[3], r[1]))
    heading = names.get(chosen[0]) or str(chosen[1])
    return heading[:1].upper() + heading[1:]  # a heading begins with a capital ("kommunförsök" in a list)


def _group(items: list[tuple[DigestItem, str]], spec: DigestSpec) -> tuple[tuple[str, tuple[DigestItem, ...]], ...]:
    groups: dict[str, list[DigestItem]] = {}
    for item, key in items:
        groups.setdefault(key, []).append(item)
    other = words_for(spec.lang)["other"]
    order = sorted(groups, key=lambda k: (k == other, k.casefold(), k))
    # Newest first inside a group: what a reader expects of news.
    return tuple((k, tuple(sorted(groups[k], key=lambda i: (i.date or "0000", i.id), reverse=True))) for k in order)


# ------------------------------------------------------------------ rendering


# The words a digest is written in: Finnish and Swedish for readers of those (``lang``), English for the others.
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "digest": "newsflow digest", "one": "new release", "many": "new releases",
        "since_last": "since the last digest ({day})", "since": "since {day}",
        "more": "{n} more will follow in the next digest.", "nothing": "Nothing new.",
        "more_later": "{n} more will follow in the next digests.",
        "earlier_and": "and {n} archived before it, not sent until now (newly tagged, or left over)",
        "earlier_only": "{n} releases archived before the last digest ({day}), not sent until now (newly tagged, or "
        "left over)",
        "earlier_only_one": "1 release archived before the last digest ({day}), not sent until now (newly tagged, "
        "or left over)",
        "machine": "machine translation", "not_translated": "in {language}, not translated",
        "unknown_partner": "unknown partner", "undated": "date unknown", "tags": "Tags", "original": "Original",
        "reading_room": "Reading room", "and": "and", "other": "Other releases", "more_tags": "and {n} more",
        "footer": "Sent by newsflow.",
        "machine_note": "Machine translations are made by an offline model, not by the partner.",
        "you_get": "You get this digest{name}: {selection}.",
        "write_to": "To change it or stop getting it, write to {contact}.",
        "sel_tags": "tag", "sel_partners": "partner", "sel_queries": "search", "sel_all": "every release", "or": "or",
        "sel_and": ", and ",
        "headlines_only": "Listed by headline only from here, so that mail programs show this e-mail whole.",
        "cut": "The first {full} are shown in full, the other {rest} by headline only.",
        "headlines_rest": "The other {n}, by headline only:", "see_all": "See them all in the reading room",
        "updated_heading": "Changed since they were sent",
        "updated_note": "The newsroom has changed these releases since an earlier digest sent them: read them "
        "again where it matters.", "sent_on": "sent {day}",
        "updated_intro": "{n} releases sent before have changed since, listed at the end.",
        "updated_intro_one": "{n} release sent before has changed since, listed at the end.",
        "late": "published {published}, archived {archived}",
        "older_heading": "Older releases archived for the first time",
        "older_note": f"Published more than {OLDER_DAYS} days before newsflow first archived them (a new source's back "
        "catalogue, or a newsroom's older pages): counted here, not listed one by one.",
        "older_line": "{n} releases, published {published}, archived {archived}",
        "older_line_one": "{n} release, published {published}, archived {archived}",
        "span": "{first} to {last}",
        "older_intro": "Also {n} older releases archived for the first time, counted at the end.",
        "older_intro_one": "Also {n} older release archived for the first time, counted at the end.",
        "older_count": "{n} older releases archived for the first time",
        "older_count_one": "{n} older release archived for the first time",
        "again": "{n} releases that did not reach you on {day} (your mail server asked to try later) are sent again "
        "here.",
        "again_one": "1 release that did not reach you on {day} (your mail server asked to try later) is sent again "
        "here.",
    },
    "fi": {
        "digest": "newsflow-kooste", "one": "uusi tiedote", "many": "uutta tiedotetta",
        "since_last": "edellisen koosteen ({day}) jälkeen", "since": "{day} alkaen",
        "more": "{n} muuta tulee seuraavassa koosteessa.", "nothing": "Ei uutta.",
        "more_later": "{n} muuta tulee seuraavissa koosteissa.",
        "earlier_and": "ja {n} aiemmin arkistoitua, joita ei ole lähetetty ennen (uusi tunniste, tai jäi yli)",
        "earlier_and_one": "ja 1 aiemmin arkistoitu, jota ei ole lähetetty ennen (uusi tunniste, tai jäi yli)",
        "earlier_only": "{n} ennen edellistä koostetta ({day}) arkistoitua tiedotetta, joita ei ole lähetetty ennen "
        "(uusi tunniste, tai jäi yli)",
        "earlier_only_one": "1 ennen edellistä koostetta ({day}) arkistoitu tiedote, jota ei ole lähetetty ennen "
        "(uusi tunniste, tai jäi yli)",
        "machine": "konekäännös", "not_translated": "kieli: {language}, ei käännetty",
        "unknown_partner": "tuntematon kumppani", "undated": "päiväys ei tiedossa", "tags": "Tunnisteet",
        "original": "Alkuperäinen", "reading_room": "Lukusali", "and": "ja", "other": "Muut tiedotteet",
        "more_tags": "ja {n} muuta", "more_tags_one": "ja {n} muu", "more_one": "{n} muu tulee seuraavassa koosteessa.",
        "footer": "Lähettäjä: newsflow.", "machine_note": "Konekäännökset on tehnyt käännösohjelma, ei kumppani.",
        "you_get": "Saat tämän koosteen{name}: {selection}.",
        "write_to": "Jos haluat muuttaa sitä tai lopettaa sen tilauksen, kirjoita osoitteeseen {contact}.",
        "sel_tags": "tunniste", "sel_partners": "kumppani", "sel_queries": "haku", "sel_all": "kaikki tiedotteet",
        "or": "tai", "sel_and": " ja ",
        "headlines_only": "Tästä eteenpäin vain otsikot, jotta sähköpostiohjelmat näyttävät viestin kokonaan.",
        "cut": "Ensimmäiset {full} näytetään kokonaan, muut {rest} vain otsikkoina.",
        "headlines_rest": "Muut {n} vain otsikkoina:", "see_all": "Katso kaikki lukusalissa",
        "updated_heading": "Muuttuneet lähettämisen jälkeen",
        "updated_note": "Uutishuone on muuttanut näitä tiedotteita sen jälkeen, kun aiempi kooste lähetti ne: "
        "lue ne uudelleen tarvittaessa.", "sent_on": "lähetetty {day}",
        "updated_intro": "{n} aiemmin lähetettyä tiedotetta on muuttunut, ne ovat lopussa.",
        "updated_intro_one": "{n} aiemmin lähetetty tiedote on muuttunut, se on lopussa.",
        "late": "julkaistu {published}, arkistoitu {archived}",
        "older_heading": "Vanhempia tiedotteita, arkistoitu ensimmäistä kertaa",
        "older_note": f"Julkaistu yli {OLDER_DAYS} päivää ennen kuin newsflow arkistoi ne ensimmäisen kerran (uuden "
        "lähteen vanhat tiedotteet tai uutishuoneen vanhemmat sivut): tässä vain niiden määrä, ei tiedotteita "
        "yksitellen.",
        "older_line": "{n} tiedotetta, julkaistu {published}, arkistoitu {archived}",
        "older_line_one": "{n} tiedote, julkaistu {published}, arkistoitu {archived}",
        "span": "{first}–{last}",
        "older_intro": "Lisäksi {n} vanhempaa tiedotetta arkistoitiin ensimmäistä kertaa; niiden määrä on lopussa.",
        "older_intro_one": "Lisäksi {n} vanhempi tiedote arkistoitiin ensimmäistä kertaa; se mainitaan lopussa.",
        "older_count": "{n} vanhempaa tiedotetta arkistoitu ensimmäistä kertaa",
        "older_count_one": "{n} vanhempi tiedote arkistoitu ensimmäistä kertaa",
        "again": "{n} tiedotetta, jotka eivät tulleet perille {day} (postipalvelimesi pyysi yrittämään myöhemmin), "
        "lähetetään tässä uudelleen.",
        "again_one": "1 tiedote, joka ei tullut perille {day} (postipalvelimesi pyysi yrittämään myöhemmin), "
        "lähetetään tässä uudelleen.",
    },
    "sv": {
        "digest": "newsflow-sammandrag", "one": "nytt pressmeddelande", "many": "nya pressmeddelanden",
        "since_last": "sedan förra sammandraget ({day})", "since": "sedan {day}",
        "more": "{n} till kommer i nästa sammandrag.", "nothing": "Inget nytt.",
        "more_later": "{n} till kommer i de följande sammandragen.",
        "earlier_and": "och {n} arkiverade före det, som inte skickats förut (ny tagg, eller över sedan sist)",
        "earlier_and_one": "och 1 arkiverat före det, som inte skickats förut (ny tagg, eller över sedan sist)",
        "earlier_only": "{n} pressmeddelanden arkiverade före förra sammandraget ({day}), som inte skickats förut "
        "(ny tagg, eller över sedan sist)",
        "earlier_only_one": "1 pressmeddelande arkiverat före förra sammandraget ({day}), som inte skickats förut "
        "(ny tagg, eller över sedan sist)",
        "machine": "maskinöversättning", "not_translated": "på {language}, inte översatt",
        "unknown_partner": "okänd partner", "undated": "datum okänt", "tags": "Taggar", "original": "Original",
        "reading_room": "Läsesalen", "and": "och", "other": "Övriga pressmeddelanden", "more_tags": "och {n} till",
        "footer": "Skickat av newsflow.",
        "machine_note": "Maskinöversättningarna är gjorda av ett översättningsprogram, inte av partnern.",
        "you_get": "Du får det här sammandraget{name}: {selection}.",
        "write_to": "Skriv till {contact} för att ändra det eller sluta få det.",
        "sel_tags": "tagg", "sel_partners": "partner", "sel_queries": "sökning", "sel_all": "alla pressmeddelanden",
        "or": "eller", "sel_and": " och ",
        "headlines_only": "Härifrån bara rubrikerna, så att e-postprogram visar hela meddelandet.",
        "cut": "De första {full} visas i sin helhet, de övriga {rest} bara med rubrik.",
        "headlines_rest": "De övriga {n}, bara med rubrik:", "see_all": "Se alla i läsesalen",
        "updated_heading": "Ändrade sedan de skickades",
        "updated_note": "Pressrummet har ändrat de här pressmeddelandena sedan ett tidigare sammandrag skickade "
        "dem: läs dem igen där det behövs.", "sent_on": "skickat {day}",
        "updated_intro": "{n} pressmeddelanden som skickats förut har ändrats, de står i slutet.",
        "updated_intro_one": "{n} pressmeddelande som skickats förut har ändrats, det står i slutet.",
        "late": "publicerat {published}, arkiverat {archived}",
        "older_heading": "Äldre pressmeddelanden som arkiverats för första gången",
        "older_note": f"Publicerade mer än {OLDER_DAYS} dagar innan newsflow arkiverade dem för första gången (en "
        "ny källas äldre pressmeddelanden eller ett pressrums äldre sidor): här bara antalet, inte vart och ett.",
        "older_line": "{n} pressmeddelanden, publicerade {published}, arkiverade {archived}",
        "older_line_one": "{n} pressmeddelande, publicerat {published}, arkiverat {archived}",
        "span": "{first}–{last}",
        "older_intro": "Dessutom har {n} äldre pressmeddelanden arkiverats för första gången; antalet står i slutet.",
        "older_intro_one": "Dessutom har {n} äldre pressmeddelande arkiverats för första gången; det nämns i slutet.",
        "older_count": "{n} äldre pressmeddelanden arkiverade för första gången",
        "older_count_one": "{n} äldre pressmeddelande arkiverat för första gången",
        "again": "{n} pressmeddelanden som inte kom fram {day} (din e-postserver bad om ett nytt försök senare) "
        "skickas här igen.",
        "again_one": "1 pressmeddelande som inte kom fram {day} (din e-postserver bad om ett nytt försök senare) "
        "skickas här igen.",
    },
}  # fmt: skip


def words_for(lang: str) -> dict[str, str]:
    """The words a digest for a reader of ``lang`` is written in."""
    return _WORDS.get(lang, _WORDS["en"])


def counted(lang: str, key: str, n: int) -> str:
    """The words ``key`` with a count, in the form a count of one takes where the language has one (Finnish: "ja 1
    muu", "ja 2 muuta")."""
    w = words_for(lang)
    return w.get(f"{key}_one", w[key]).format(n=n) if n == 1 else w[key].format(n=n)


def words_language(lang: str) -> str:
    """The language those words are in (for <html lang>): the reader's where it has words, else English."""
    return lang if lang in _WORDS else "en"


def _releases(n: int, lang: str) -> str:
    w = words_for(lang)
    return f"{n} {w['one'] if n == 1 else w['many']}"


def _short(selection: str, most: int = 60) -> str:
    """A digest's selection as a subject names it: cut after a word before ``most`` characters ("…")."""
    return selection if len(selection) <= most else selection[: most - 1].rsplit(" ", 1)[0] + " …"


def subject_line(digest: Digest) -> str:
    """The e-mail's subject and heading: the digest's subject (or "newsflow digest NAME") and how many releases it
    holds, where the subject puts "{n}" or else after it ("Viikkokooste: 7 uutta tiedotetta")."""
    count = _releases(len(digest.items), digest.lang)
    if digest.older and not digest.items:  # (only a back catalogue: "0 new releases" would say nothing was)
        count = counted(digest.lang, "older_count", len(digest.older_ids))
    w = words_for(digest.lang)
    if digest.subject:
        if "{n}" not in digest.subject:
            return f"{digest.subject}: {count}"
        # "{n}" is the count with its words; "{n} new releases" written out says them once ("Weekly: {n} new
        # releases" came as "Weekly: 2 new releases new releases": year probe, s36), in the form the count takes.
        said = re.sub(
            rf"\{{n\}}\s+(?:{re.escape(w['many'])}|{re.escape(w['one'])})\b", "{n}", digest.subject, flags=re.I
        )
        return said.replace("{n}", count)
    name = f" {digest.name}"
    if digest.name.startswith("default-"):  # an ad-hoc digest's name says nothing; what it selects does
        name = f" ({_short(digest.selection)})" if digest.selection and digest.selection != w["sel_all"] else ""
    return f"{w['digest']}{name}: {count}"


def _intro(digest: Digest) -> str:
    w = words_for(digest.lang)
    if digest.last_sent:
        since = w["since_last"].format(day=day_text(local_day(digest.last_sent), digest.lang))
    else:
        since = w["since"].format(day=day_text(local_day(digest.start), digest.lang))
    # (more than the next digest holds, max_items as this one: "in the next digests", not a promise a week late)
    later = "more_later" if digest.more > len(digest.items) else "more"
    more = " " + counted(digest.lang, later, digest.more) if digest.more else ""
    older = " " + counted(digest.lang, "older_intro", len(digest.older_ids)) if digest.older else ""
    if digest.updated:
        older += " " + counted(digest.lang, "updated_intro", len(digest.updated))
    # Archived before the last digest, not sent by it: tagged since (a name or alias added, and a retag) or left over
    # by max_items; "new since the last digest" they are not (year probe, s36).
    again = set(digest.again)
    listed = [i for i in digest.items if i.id not in again]  # (those sent again are said apart, below)
    earlier = sum(1 for i in listed if digest.last_sent and i.first_seen and i.first_seen < digest.last_sent)
    count = f"{_releases(len(listed), digest.lang)} {since}"
    if digest.again:
        # A recipient whose mail server refused the last digest for now gets what it missed in this one, said so.
        day = day_text(local_day(digest.again_since), digest.lang)
        resent = " " + w.get(f"again{'_one' * (len(again) == 1)}", w["again"]).format(n=len(again), day=day)
        if not listed and not digest.older:
            return f"{resent.strip()}{more}"
        return f"{count}.{resent}{more}{older}"
    if earlier and earlier == len(digest.items):
        day = day_text(local_day(digest.last_sent), digest.lang)
        count = w.get(f"earlier_only{'_one' * (earlier == 1)}", w["earlier_only"]).format(n=earlier, day=day)
    elif earlier:
        count = f"{_releases(len(digest.items) - earlier, digest.lang)} {since}, "
        count += counted(digest.lang, "earlier_and", earlier)
    return f"{count}.{more}{older}"


def _ad_hoc(name: str) -> bool:
    """Whether a digest is an ad-hoc one (adhoc_name's "default" or "default-<hash>"), whose name says nothing."""
    return name == "default" or name.startswith("default-")


def _footer(digest: Digest) -> list[str]:
    """The footer's sentences: who sent it; what the digest selects and whom to write to, to change or stop it (staff
    of four organisations got mail from a Seinäjoki machine with no word of why, nor of how to stop it); and, where a
    machine translation is in it, what those are."""
    w = words_for(digest.lang)
    name = "" if _ad_hoc(digest.name) else f" “{digest.name}”"
    said = [w["footer"]]
    if digest.selection:
        said.append(w["you_get"].format(name=name, selection=digest.selection))
    if digest.contact:
        said.append(w["write_to"].format(contact=digest.contact))
    if any(item.title_translation or w["machine"] in item.snippet_note for item in digest.items):
        said.append(w["machine_note"])
    return said


def _wrapped(text: str, indent: str = "  ", width: int = 78, first: str | None = None) -> list[str]:
    """A plain-text line wrapped for mail clients and terminals (a web address never broken); ``first``: the first
    line's own indent (a headline's "* " stands out, its next lines under its words)."""
    return textwrap.wrap(
        " ".join(text.split()),
        width,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def _when(item: DigestItem, lang: str) -> str:
    """The day as staff read it ("27 September 2022", "27.9.2022"), or that it is unknown; for a release published
    before the window and archived later, both days ("published 20 November 2025, archived 2 December 2025")."""
    if item.archived:
        return words_for(lang)["late"].format(
            published=day_text(item.date, lang), archived=day_text(item.archived, lang)
        )
    return day_text(item.date, lang) or words_for(lang)["undated"]


def _span(days: tuple[str, str], lang: str) -> str:
    """Two days as a period ("3 March 2019 to 20 November 2025"), or one."""
    first, last = (day_text(d, lang) for d in days)
    return first if first == last else words_for(lang)["span"].format(first=first, last=last)


def _older_line(group: OlderReleases, lang: str) -> str:
    """A partner's older releases in one line: "Coompanion: 500 releases, published 3 March 2019 to 20 November
    2025, archived 2 December 2025"."""
    w, n = words_for(lang), len(group.ids)
    said = (w["older_line_one"] if n == 1 else w["older_line"]).format(
        n=n, published=_span(group.published, lang), archived=_span(group.archived, lang)
    )
    return f"{group.partner or w['unknown_partner']}: {said}"


def _languages(item: DigestItem, lang: str) -> str:
    """The release's languages by name ("English and Finnish", "englanti ja suomi"), not codes."""
    return languages_text(item.languages, lang, words_for(lang)["and"])


def render_digest_text(digest: Digest) -> str:
    """The plain-text version: readable in any mail client and in a terminal."""
    w, lang = words_for(digest.lang), digest.lang
    lines = [subject_line(digest), "", *_wrapped(_intro(digest), ""), ""]
    full = _full_items(digest)
    lines += [*_wrapped(_cut_words(digest, full), ""), ""] if full < len(digest.items) else []
    if digest.all_link and (full < len(digest.items) or digest.more):
        lines += [f"{w['see_all']}:", digest.all_link, ""]
    if not digest.items:
        lines.append(w["nothing"])
    shown = 0
    for group, items in digest.groups:
        lines += [group, "=" * min(len(group), 72), ""]
        for item in items:
            shown += 1
            if shown > full:
                if shown == full + 1:
                    lines += [*_wrapped(counted(lang, "headlines_rest", len(digest.items) - full), ""), ""]
                lines += _text_line(item, lang)
                continue
            lines += _wrapped(
                f"* {item.title}", first=""
            )  # (a line break a feed put in a headline makes no line of its own)
            if item.title_translation:
                lines += _wrapped(f"({item.title_translation}) [{w['machine']}]")
            lines += _wrapped(
                f"{item.partner or w['unknown_partner']} · {_when(item, lang)} · {_languages(item, lang)}"
            )
            if item.snippet:
                note = f" [{item.snippet_note}]" if item.snippet_note else ""
                lines += _wrapped(f"{item.snippet}{note}")
            if item.tags:
                lines += _wrapped(f"{w['tags']}: {', '.join(item.tags)}")
            if item.url:
                lines.append(f"  {w['original']}: {item.url}")
            if item.reading_room:
                lines.append(f"  {w['reading_room']}: {item.reading_room}")
            lines.append("")
    if digest.updated:
        lines += [w["updated_heading"], "=" * min(len(w["updated_heading"]), 72), ""]
        lines += [*_wrapped(w["updated_note"], ""), ""]
        for item, sent_on in digest.updated:
            lines += _text_line(item, lang, w["sent_on"].format(day=day_text(sent_on, lang)))
    if digest.older:
        lines += [w["older_heading"], "=" * min(len(w["older_heading"]), 72), ""]
        lines += [*_wrapped(w["older_note"], ""), ""]
        for partner in digest.older:
            lines += _wrapped(f"* {_older_line(partner, lang)}", first="")
            if partner.link:
                lines.append(f"  {w['reading_room']}: {partner.link}")
        lines.append("")
    lines += ["-- ", *_wrapped(" ".join(_footer(digest)), "")]
    return "\n".join(lines) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")


def _full_items(digest: Digest) -> int:
    """How many of a digest's releases it shows in full (the first; the others by headline): all, but where there are
    more than CUT_ABOVE and the reading room lists them all (``all_link``), there to be read in full."""
    n = len(digest.items)
    return n if n <= CUT_ABOVE or not digest.all_link else FULL_ITEMS


def _cut_words(digest: Digest, full: int) -> str:
    return words_for(digest.lang)["cut"].format(full=full, rest=len(digest.items) - full)


def _text_line(item: DigestItem, lang: str, sent: str = "") -> list[str]:
    """A release by its headline: the headline, partner and date (and ``sent``: when it was sent), and one link (the
    reading room's, else the original)."""
    w = words_for(lang)
    lines = _wrapped(f"* {item.title}", first="")
    lines += _wrapped(" · ".join(x for x in (item.partner or w["unknown_partner"], _when(item, lang), sent) if x))
    link = item.reading_room or item.url
    return [*lines, *([f"  {link}"] if link else []), ""]


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_digest_markdown(digest: Digest) -> str:
    """Markdown (CommonMark): every newsroom text escaped, only http(s) links."""
    w, lang = words_for(digest.lang), digest.lang
    lines = [f"# {_md(subject_line(digest))}", "", _md(_intro(digest)), ""]
    if not digest.items:
        lines.append(w["nothing"])
    for group, items in digest.groups:
        lines += [f"## {_md(group)}", ""]
        for item in items:
            # One list item of blocks, each indented under it and set apart by a blank line (a line right after a
            # quote would join the quote); lines within a block end in a hard break ("  ").
            title = f"[{_md(item.title)}](<{item.url}>)" if item.url else _md(item.title)
            head = [f"**{title}**"]
            if item.title_translation:
                head.append(f"*{_md(item.title_translation)}* ({w['machine']})")
            head.append(f"{_md(item.partner or w['unknown_partner'])} · {_when(item, lang)} · {_languages(item, lang)}")
            blocks = ["  \n  ".join(head)]
            if item.snippet:
                blocks.append(
                    f"> {_md(item.snippet)}" + (f" *({_md(item.snippet_note)})*" if item.snippet_note else "")
                )
            tail = [f"{w['tags']}: {_md(', '.join(item.tags))}"] if item.tags else []
            if item.reading_room:
                tail.append(f"[{w['reading_room']}](<{item.reading_room}>)")
            if tail:
                blocks.append("  \n  ".join(tail))
            lines.append("- " + "\n\n  ".join(blocks))
            lines.append("")
    if digest.older:
        lines += [f"## {_md(w['older_heading'])}", "", _md(w["older_note"]), ""]
        for partner in digest.older:
            link = f" · [{w['reading_room']}](<{partner.link}>)" if partner.link else ""
            lines.append(f"- {_md(_older_line(partner, lang))}{link}")
        lines.append("")
    return "\n".join(lines) + "\n"


def _a(url: str | None, text: str, style: str = "") -> str:
    label = html.escape(text)
    if not url:
        return label
    return f'<a href="{html.escape(url, quote=True)}"{f" style={chr(34)}{style}{chr(34)}" if style else ""}>{label}</a>'


def render_digest_html(digest: Digest) -> str:
    """A whole HTML document, inline styles only (mail clients drop <style> and scripts): the HTML part
    of the e-mail, ``--format html``, and the reading room's preview page."""
    e = html.escape
    w, lang = words_for(digest.lang), digest.lang
    full = _full_items(digest)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(words_language(digest.lang))}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(subject_line(digest))}</title></head>",
        (
            '<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.45;'
            'color:#222;background:#fff;overflow-wrap:anywhere;word-break:break-word">'  # (a long address wraps)
            '<div style="max-width:680px;margin:0 auto">'
        ),
        f'<h1 style="font-size:20px;margin:0 0 8px">{e(subject_line(digest))}</h1>',
        f'<p style="color:#555;margin:0 0 16px">{e(_intro(digest))}</p>',
    ]
    see_all = _a(digest.all_link, w["see_all"], "color:#0b57a4") if digest.all_link else ""
    if full < len(digest.items) or (see_all and digest.more):
        cut = e(_cut_words(digest, full)) if full < len(digest.items) else ""
        out.append(f'<p style="margin:0 0 16px">{" ".join(x for x in (cut, see_all and see_all + ".") if x)}</p>')
    if not digest.items:
        out.append(f"<p>{e(w['nothing'])}</p>")
    footer = (
        f'<p style="font-size:12px;color:#555;border-top:1px solid #ddd;padding-top:8px">{e(" ".join(_footer(digest)))}'
        "</p></div></body></html>"
    )
    groups = [
        (_html_group(group), [(_html_item(item, lang), _html_line(item, lang)) for item in items])
        for group, items in digest.groups
    ]
    older = _html_updated(digest) + _html_older(digest)
    whole = _whole_items(
        out + older + [footer] + [g for g, _ in groups], [forms for _, items in groups for forms in items]
    )
    cut_here = counted(lang, "headlines_rest", len(digest.items) - full) if whole >= full else w["headlines_only"]
    whole = min(whole, full)
    shown_whole = 0
    for group, items in groups:
        out.append(group)
        for item_html, line in items:
            if shown_whole == whole:
                out.append(f'<p style="font-size:13px;color:#555;margin:8px 0">{e(cut_here)}</p>')
            out.append(item_html if shown_whole < whole else line)
            shown_whole += 1
    out += older
    out.append(footer)
    return "\n".join(out) + "\n"


# Gmail shows an HTML mail of more than about 102 kB cut short ("[Message clipped] View entire message"), footer and
# all: a digest of many releases lists the last of them by headline only, so that the whole stays under this size.
HTML_BUDGET = 90_000


def _whole_items(fixed: list[str], forms: list[tuple[str, str]]) -> int:
    """How many of the items (in order; each in its full form and as one line) are shown in full, the rest as
    lines, for the HTML to stay within HTML_BUDGET bytes (all of them where it does; none where even the lines
    exceed it)."""
    size = sum(len(part.encode("utf-8")) + 1 for part in fixed) + 200  # (and the note where lines begin)
    lines = [len(line.encode("utf-8")) + 1 for _, line in forms]
    total = size + sum(lines)
    for n, (full, _) in enumerate(forms):
        total += len(full.encode("utf-8")) + 1 - lines[n]
        if total > HTML_BUDGET:
            return n
    return len(forms)


def _html_older(digest: Digest) -> list[str]:
    """The older releases first archived in the window: a heading, what they are, and a line per partner."""
    if not digest.older:
        return []
    e, w = html.escape, words_for(digest.lang)
    out = [
        _html_group(w["older_heading"]),
        f'<p style="font-size:13px;color:#555;margin:0 0 8px">{e(w["older_note"])}</p>',
    ]
    for group in digest.older:
        link = f" · {_a(group.link, w['reading_room'], 'color:#0b57a4')}" if group.link else ""
        out.append(f'<div style="margin:0 0 6px">{e(_older_line(group, digest.lang))}{link}</div>')
    return out


def _html_updated(digest: Digest) -> list[str]:
    """The releases sent before and changed since: a heading, what they are, and a line each."""
    if not digest.updated:
        return []
    e, w, lang = html.escape, words_for(digest.lang), digest.lang
    out = [
        _html_group(w["updated_heading"]),
        f'<p style="font-size:13px;color:#555;margin:0 0 8px">{e(w["updated_note"])}</p>',
    ]
    for item, sent_on in digest.updated:
        out.append(_html_line(item, lang, w["sent_on"].format(day=day_text(sent_on, lang))))
    return out


def _html_group(group: str) -> str:
    return (
        '<h2 style="font-size:17px;border-bottom:1px solid #ccc;padding-bottom:4px;margin:24px 0 '
        f'8px">{html.escape(group)}</h2>'
    )


# Letters written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _direction(text: str) -> str:
    """``dir="auto"`` for a newsroom's text holding letters written right to left: a headline in Hebrew or Arabic runs
    so, its "!" and "2026" where its writer put them, not spilling into the partner and date after it (probe, s40);
    nothing for others (the bytes count against Gmail's limit: HTML_BUDGET)."""
    return ' dir="auto"' if _RTL.search(text) else ""


def _headline_lang(item: DigestItem) -> str:
    """The ``lang`` attribute a headline is read in (its first paragraph's language, else the release's), and its
    direction where it has one of its own."""
    said_in = item.title_language or item.language
    return (f' lang="{html.escape(said_in)}"' if said_in not in ("", "und") else "") + _direction(item.title)


def _html_line(item: DigestItem, lang: str, sent: str = "") -> str:
    """A release in one line: its headline (a link to the original), partner and date (and ``sent``)."""
    e, w = html.escape, words_for(lang)
    return (
        f'<div style="margin:0 0 6px"><span{_headline_lang(item)}>{_a(item.url, item.title, "color:#0b57a4")}</span> '
        f'<span style="font-size:13px;color:#666">· {e(item.partner or w["unknown_partner"])} · '
        f"{e(_when(item, lang))}{e(f' · {sent}' if sent else '')}</span></div>"
    )


def _html_item(item: DigestItem, lang: str) -> str:
    """A release in full: headline, its translation, partner, date and languages, snippet, tags and links."""
    e, w = html.escape, words_for(lang)
    out = ['<div style="margin:0 0 18px">']
    headline = _a(item.url, item.title, "color:#0b57a4")
    out.append(f'<div style="font-size:16px;font-weight:bold"{_headline_lang(item)}>{headline}</div>')
    if item.title_translation:
        out.append(
            f'<div style="color:#444;font-style:italic" lang="{e(lang)}">{e(item.title_translation)} '
            f'<span style="font-size:12px;color:#555">({e(w["machine"])})</span></div>'
        )
    out.append(
        f'<div style="font-size:13px;color:#666">{e(item.partner or w["unknown_partner"])} · '
        f"{e(_when(item, lang))} · {e(_languages(item, lang))}</div>"
    )
    if item.snippet:
        note = (  # (the note is in the reader's words, whatever the snippet's language)
            f' <span style="font-size:12px;color:#555" lang="{e(words_language(lang))}">({e(item.snippet_note)})</span>'
            if item.snippet_note
            else ""
        )
        spoken = f' lang="{e(item.snippet_language)}"' if item.snippet_language else ""  # read in its language
        out.append(f'<div style="margin:4px 0"{spoken}{_direction(item.snippet)}>{e(item.snippet)}{note}</div>')
    if item.tags:
        out.append(f'<div style="font-size:13px;color:#555">{e(w["tags"])}: {e(", ".join(item.tags))}</div>')
    links = [
        x
        for x in (
            _a(item.url, w["original"], "color:#0b57a4") if item.url else "",
            _a(item.reading_room, w["reading_room"], "color:#0b57a4") if item.reading_room else "",
        )
        if x
    ]
    if links:
        out.append(f'<div style="font-size:13px">{" · ".join(links)}</div>')
    out.append("</div>")
    return "\n".join(out)


def render_digest(digest: Digest, fmt: str) -> str:
    """``email`` (the plain-text part), ``html`` or ``markdown``."""
    if fmt == "html":
        return render_digest_html(digest)
    if fmt == "markdown":
        return render_digest_markdown(digest)
    return render_digest_text(digest)


def digest_preview(conn: sqlite3.Connection, settings: DigestSettings, name: str) -> str:
    """The reading room's preview of a named digest: what it would send now, as an HTML page (reads only)."""
    return render_digest_html(
        collect_digest(
            conn, settings.spec(name), settings.base_url, contact=settings.reply_address, configured=settings.names
        )
    )


# ------------------------------------------------------------------ sending and remembering


@dataclass(frozen=True)
class DigestResult:
    name: str
    status: str  # sent | printed | nothing new | failed | partly sent | dry run
    articles: int = 0
    recipients: tuple[str, ...] = ()
    error: str = ""
    output: str = ""  # what was printed (dry run, html, markdown)
    more: int = 0
    older: int = 0  # older releases counted per partner, not listed (``articles`` are those listed)

    @property
    def failed(self) -> bool:
        return self.status in ("failed", "partly sent")


Deliver = Callable[[Digest], str]  # hands a digest over; returns who got it; raises on failure


class PartlyDelivered(Exception):
    """The server took the message for some recipients and refused the others."""

    def __init__(self, accepted: str, refused: str) -> None:
        super().__init__(refused)
        self.accepted, self.refused = accepted, refused


# Days a digest keeps what a recipient's mail server refused for now (4xx), sending it again with each later call,
# before it gives up (said then, in the call's output and in `newsflow status`). Mail servers themselves give up on a
# message refused for now after some five days; a digest tries only when it is called, so a weekly one gets two more
# tries, a daily one fourteen.
KEEP_REFUSED_DAYS = 14
TRY_LATER = (
    f"the address may well be right: what it missed is kept for it and sent with the next call, for up to "
    f"{KEEP_REFUSED_DAYS} days"
)


class EmailDeliverer:
    """Send a digest as a multipart e-mail: to all of the digest's recipients (called as a ``Deliver``), or to some
    of them (``send``: those a digest owes releases their mail server refused for now get a message of their own)."""

    def __init__(self, settings: DigestSettings, spec: DigestSpec, smtp: SmtpSettings | None = None) -> None:
        self.settings, self.spec, self.smtp = settings, spec, smtp
        self.to: tuple[str, ...] = spec.to

    def send(self, digest: Digest, recipients: Sequence[str]) -> tuple[list[str], dict[str, tuple[int, bytes]]]:
        """Hand the digest to the server for ``recipients``: those it accepted, and those it refused with its answers;
        MailError where it accepted none (``MailError.refused``: its answers, where it refused each one)."""
        settings, spec = self.settings, self.spec
        server = self.smtp or resolve_smtp(settings.smtp)
        text, html = render_digest_text(digest), render_digest_html(digest)
        msg = build_message(settings.sender, list(recipients), subject_line(digest), text, html, hidden=True)
        if digest.contact:  # a mail client's own "Unsubscribe" writes to the address the footer names
            which = f"({_short(digest.selection)})" if _ad_hoc(spec.name) else spec.name
            # As written, never refolded: an address has no space to fold at, and the 78-character folding sent it as
            # encoded words no mail client reads as an address (review, s27); the other headers fold as before.
            msg.set_raw("List-Unsubscribe", f"<{_mailto(digest.contact)}?subject={quote('Unsubscribe ' + which)}>")
            msg.policy = email.policy.default.clone(refold_source="none")  # (build_message's policy, so changed)
        return send_message_report(msg, server)

    def __call__(self, digest: Digest) -> str:
        accepted, refused = self.send(digest, self.to)
        if refused:
            # (Called so, nothing is kept for those refused for now: run_digest sends with ``send``, and keeps it.)
            note = " (refused for now only: the address may well be right, but it missed these)" * temporary(refused)
            raise PartlyDelivered(", ".join(accepted), refusals(refused) + note)
        return ", ".join(accepted)


def _mailto(address: str) -> str:
    """A ``mailto:`` address for a header, in ASCII as a header must be: its domain by IDNA, letters beyond a-z before
    its @ percent-encoded (RFC 6068). "tiedotus@seinäjoki.fi" as written stopped the send with a traceback (s43)."""
    local, _, domain = ascii_domain(address).rpartition("@")
    return f"mailto:{quote(local, safe=_MAILTO_SAFE)}@{domain}"


_MAILTO_SAFE = ".!$'*+-=^_`{|}~"  # what a mailto: address's local part may hold as it stands (not "&", "?", "%")


def email_deliverer(settings: DigestSettings, spec: DigestSpec, smtp: SmtpSettings | None = None) -> Deliver:
    """Send a digest as a multipart e-mail to the digest's recipients."""
    return EmailDeliverer(settings, spec, smtp)


def _mailbox(address: str) -> str:
    """An address as the kept releases are filed under: "Name <A@B.org>" -> "a@b.org"; a domain in letters beyond
    a-z as the server is given it ("a@seinäjoki.fi" -> "a@xn--seinjoki-5za.fi"), so that its answer is found."""
    return ascii_domain((getaddresses([address])[0][1] or address).strip()).casefold()


Kept = dict[str, dict[int, tuple[str, str]]]  # recipient -> release -> (when first refused, the server's last answer)


def _kept(conn: sqlite3.Connection, name: str) -> Kept:
    """What a digest keeps for recipients their mail server refused for now."""
    kept: Kept = {}
    if not _table_exists(conn, "digest_items"):
        return kept
    for article, held in conn.execute(
        "select article_id, kept from digest_items where digest = ? and kept is not null", [name]
    ):
        try:
            for recipient, (since, answer) in json.loads(held).items():
                kept.setdefault(str(recipient), {})[int(article)] = (str(since), str(answer or ""))
        except (ValueError, TypeError, AttributeError):  # (edited by hand: nothing kept)
            continue
    return kept


@dataclass
class _Outcome:
    """What the server did with one call's messages, per recipient (by ``_mailbox``)."""

    got: dict[str, set[int]] = field(default_factory=dict)  # accepted: the releases of its message
    shown: dict[str, str] = field(default_factory=dict)  # the accepted as the server named them
    for_now: dict[str, tuple[int, bytes]] = field(default_factory=dict)  # refused for now (4xx)
    for_good: dict[str, tuple[int, bytes]] = field(default_factory=dict)  # refused (5xx)
    unreached: dict[str, str] = field(default_factory=dict)  # its message failed otherwise: why
    errors: list[str] = field(default_factory=list)
    partly: str = ""  # a plain Deliver's PartlyDelivered: what it said
    listed: set[int] = field(default_factory=set)  # the releases listed (not counted as older) in messages accepted


def _messages(
    conn: sqlite3.Connection,
    spec: DigestSpec,
    settings: DigestSettings,
    digest: Digest,
    to: Sequence[str],
    kept: Kept,
    since: str | None,
    now: datetime | None,
) -> list[tuple[list[str], Digest]]:
    """The messages of one call: the digest to the recipients owed nothing, and to each set of recipients owed the
    same releases (refused for now before) the digest with those, so that each gets one mail with all it lacks."""
    owed: dict[frozenset[int], list[str]] = {}
    for address in to:
        owed.setdefault(frozenset(kept.get(_mailbox(address), {})), []).append(address)
    out = []
    for ids, recipients in owed.items():
        if not ids:
            out.append((recipients, digest))
            continue
        first = {i: min(kept[_mailbox(r)][i][0] for r in recipients) for i in ids}
        out.append(
            (
                recipients,
                collect_digest(
                    conn,
                    spec,
                    settings.base_url,
                    since,
                    now,
                    settings.reply_address,
                    again=first,
                    configured=settings.names,
                ),
            )
        )
    return out


def _send_all(deliver: Deliver, messages: list[tuple[list[str], Digest]], out: _Outcome) -> None:
    """Hand each message over, noting per recipient what became of it (``out``). After a failure that is no refusal
    (the server down, a login refused) the messages left are not tried: they would fail alike."""
    send = getattr(deliver, "send", None)
    for recipients, digest in messages:
        ids = {item.id for item in digest.items} | set(digest.older_ids)
        if not ids:
            continue
        if send is None:  # (printed, or another program's Deliver: to whom, it says)
            try:
                said = deliver(digest)
            except PartlyDelivered as e:
                said, out.partly = e.accepted, e.refused
            out.got[""], out.shown[""] = ids, said
            out.listed |= {item.id for item in digest.items}
            continue
        if out.unreached:
            out.unreached.update({_mailbox(r): out.errors[-1] for r in recipients})
            continue
        try:
            accepted, refused = send(digest, recipients)
        except (MailError, MailSettingsError, OSError) as e:
            out.errors.append(str(e) or type(e).__name__)
            accepted, refused = [], dict(getattr(e, "refused", None) or {})
            if not refused:
                out.unreached.update({_mailbox(r): out.errors[-1] for r in recipients})
        for address in accepted:
            out.got[_mailbox(address)], out.shown[_mailbox(address)] = ids, address
        if accepted:
            out.listed |= {item.id for item in digest.items}
        for address, answer in refused.items():
            (out.for_now if 400 <= answer[0] < 500 else out.for_good)[_mailbox(address)] = answer


def _kept_after(to: Sequence[str], kept: Kept, out: _Outcome, stamp: str) -> tuple[Kept, set[int]]:
    """What the digest keeps for each recipient after a call, and the releases it counts as sent: those some recipient
    accepted and the digest had not sent before (what it kept for some was sent to the others). A recipient that did
    not get one of those (refused for now, its message not handed over, or left out of it by max_items) is kept it;
    one refused for good is kept nothing more; one that got a release is kept it no longer."""
    before_kept = {i for ids in kept.values() for i in ids}
    sent = set().union(*out.got.values()) - before_kept if out.got else set()
    after: Kept = {}
    for address in to:
        r = _mailbox(address)
        before = kept.get(r, {})
        if r in out.got:
            after[r] = {i: before.get(i, (stamp, "")) for i in (set(before) | sent) - out.got[r]}
        elif r in out.for_good:
            after[r] = dict(before)
        else:
            answer = _answer(out.for_now[r]) if r in out.for_now else out.unreached.get(r, "")
            after[r] = {i: (before.get(i, (stamp, ""))[0], answer) for i in set(before) | sent}
    return {r: ids for r, ids in after.items() if ids}, sent


def _answer(answer: tuple[int, bytes | str]) -> str:
    """A server's answer as said: "451 4.7.1 Greylisted, try again later"."""
    code, said = answer
    return f"{code} {said.decode('utf-8', 'replace') if isinstance(said, bytes) else said}"


def _outcome_words(out: _Outcome, to: Sequence[str]) -> str:
    """What a call that reached some recipients says of the others: "" where it reached all."""
    if out.partly:
        return f"sent to {out.shown.get('', '')}, but refused for {out.partly}"
    said = []
    if out.for_good:
        said.append(f"refused for {refusals(out.for_good)}")
    if out.for_now:
        said.append(f"refused for now for {refusals(out.for_now)}")
    if out.unreached:
        said.append(f"not handed over for {', '.join(out.unreached)} ({out.errors[-1]})")
    if not said:
        return ""
    if out.for_now or out.unreached:
        said[-1] += f": {TRY_LATER}"
    accepted = [out.shown[_mailbox(a)] for a in to if _mailbox(a) in out.shown]
    return f"sent to {', '.join(accepted)}, but {'; '.join(said)}"


def _give_up(kept: Kept, to: Sequence[str], stamp: str) -> tuple[Kept, str]:
    """What is still kept for the digest's recipients (those taken out of its ``to`` are kept nothing), and what it
    gives up on, in words ("" for nothing): kept over KEEP_REFUSED_DAYS."""
    recipients = {_mailbox(a) for a in to}
    try:
        cutoff = (datetime.fromisoformat(stamp) - timedelta(days=KEEP_REFUSED_DAYS)).isoformat()
    except ValueError:
        cutoff = ""
    still: Kept = {}
    gone: dict[str, dict[int, tuple[str, str]]] = {}
    for r, ids in kept.items():
        if r not in recipients:
            continue
        for i, (since, answer) in ids.items():
            (gone if since < cutoff else still).setdefault(r, {})[i] = (since, answer)
    said = "; ".join(
        f"{r}: {len(ids)} release(s) refused for now since {day_text(local_day(min(s for s, _ in ids.values())))}"
        + (f" (the server's last answer: {answer})" if (answer := max(ids.values())[1]) else "")
        for r, ids in gone.items()
    )
    if said:
        said = (
            f"refused for now at every call for {KEEP_REFUSED_DAYS} days, so given up: {said}; they are not sent "
            "again (forward them from another recipient's copy)"
        )
    return still, said


def run_digest(
    archive: Any,
    spec: DigestSpec,
    settings: DigestSettings,
    deliver: Deliver,
    *,
    since: str | None = None,
    dry_run: bool = False,
    fmt: str = "email",
    now: datetime | None = None,
) -> DigestResult:
    """Collect what is new for a digest, hand it to ``deliver``, and remember it only once delivered (what a change
    of its selection left out is remembered as handled at once: ``Digest.skipped``).

    ``archive`` is an open ``newsflow.archive.Archive``. A failed delivery is recorded in
    ``digest_sends`` and ``digests.last_error``; its releases stay unsent for the next call. A recipient whose mail
    server refused a digest for now (4xx) while another accepted it is kept what it missed (``_kept``): the next
    call sends it that with whatever is new, in one message, for up to KEEP_REFUSED_DAYS days.
    """
    stamp = (now or utcnow()).isoformat()
    to = tuple(getattr(deliver, "to", None) or ()) if fmt == "email" and hasattr(deliver, "send") else ()
    try:
        with archive.lock:
            digest = collect_digest(
                archive.db.conn, spec, settings.base_url, since, now, settings.reply_address, configured=settings.names
            )
            # (a digest renamed in feeds.toml: what its old name kept for a recipient refused for now; review, s40)
            held = _kept(archive.db.conn, digest.took_over or spec.name)
            kept, given_up = _give_up(held, to, stamp) if to else ({}, "")
            # (a dry run too, where something is kept for a recipient: it shows what each of them would get)
            messages = (
                _messages(archive.db.conn, spec, settings, digest, to, kept, since, now)
                if to and (kept or not dry_run)
                else [(list(to), digest)]
            )
    except sqlite3.OperationalError as e:
        return DigestResult(spec.name, "failed", error=f"the archive could not be read ({e}); nothing was sent")
    if dry_run:
        # An e-mail as each set of recipients would get it: one refused for now before also gets what it missed
        # (s41: the dry run showed only what is new, and a kept release was sent unseen).
        # Those owed nothing get no mail when nothing is new, as in a call.
        shown = (
            "\n".join(
                f"To: {', '.join(r) or '(no recipients)'}\n\n{render_digest(d, fmt)}"
                for r, d in [m for m in messages if m[1].items or m[1].older] or messages[:1]
            )
            if fmt == "email"
            else render_digest(digest, fmt)
        )
        return DigestResult(
            spec.name,
            "dry run",
            len(digest.items),
            spec.to,
            output=shown,
            more=digest.more,
            older=len(digest.older_ids),
        )
    db = archive.db
    nothing = not any(d.items or d.older for _, d in messages)
    in_all = {i for _, d in messages for i in [item.id for item in d.items] + d.older_ids}
    try:
        with archive.transaction():
            if digest.took_over and digest_state(db.conn, spec.name) is None:
                # What "default" (or the digest's name before feeds.toml renamed it) sent counts as this digest's own.
                db.execute(
                    """insert or ignore into digest_items (digest, article_id, send_id, sent, kept)
                       select ?, article_id, send_id, sent, kept from digest_items where digest = ?""",
                    [spec.name, digest.took_over],
                )
                # What it kept for a recipient is this digest's to send now: the old name no longer holds it (status
                # said it REFUSED FOR NOW "sent with the next call", which never came).
                db.execute(
                    "update digest_items set kept = null where digest = ? and kept is not null", [digest.took_over]
                )
            # The window starts where the first call put it, so that a late release is never skipped.
            db.execute(
                "insert or ignore into digests (name, since, created) values (?, ?, ?)",
                [spec.name, digest.start, stamp],
            )
            # (A one-off --tag/--partner/--query/--to under a configured name is a digest of its own, named so by the
            # command: its selection is never taken for the configured digest's.)
            if not since:  # (what feeds.toml changed is then the digest's, and what it left out handled)
                db.execute("update digests set selection = ? where name = ?", [digest.key, spec.name])
                db.conn.executemany(
                    "insert or ignore into digest_items (digest, article_id, send_id, sent) values (?, ?, null, ?)",
                    [(spec.name, i, stamp) for i in digest.skipped],
                )
            db.execute("update digests set last_attempt = ? where name = ?", [stamp, spec.name])
            db.execute(
                "update digest_sends set status = 'interrupted' where digest = ? and status = 'sending'", [spec.name]
            )
            if to:  # (recipients taken out of `to`, and what was kept too long, are kept nothing more)
                _store_kept(db, spec.name, kept)
            if nothing:
                # Nothing kept back: a failure recorded before (a tag since taken out of the digest, releases it no
                # longer selects) is over, or `status` says FAILING for as long as nothing new comes. An address
                # refused stays said until a send goes through; one refused for now, while something is kept for it.
                db.execute(
                    """update digests set last_error = '' where name = ? and not exists (select 1 from digest_sends
                           where id = (select id from digest_sends where digest = ? and status in ('sent',
                           'partly sent', 'failed') order by started desc, rowid desc limit 1)
                           and status = 'partly sent' and (coalesce(refused_for_good, 1) = 1
                           or exists (select 1 from digest_items where digest = ? and kept is not null)))""",
                    [spec.name, spec.name, spec.name],
                )
            if given_up:
                log.warning("digest %s: %s", spec.name, given_up)
            if given_up and nothing:  # said in `status` as an address refused, until a send goes through
                db["digest_sends"].insert(
                    {
                        "digest": spec.name,
                        "started": stamp,
                        "finished": stamp,
                        "status": "partly sent",
                        "articles": 0,
                        "recipients": ", ".join(spec.to),
                        "error": given_up,
                        "refused_for_good": 1,
                    }
                )
                db.execute("update digests set last_error = ? where name = ?", [given_up, spec.name])
        if nothing:
            return DigestResult(spec.name, "nothing new", error=given_up)
        with archive.transaction():
            send_id = int(
                db["digest_sends"]
                .insert(
                    {
                        "digest": spec.name,
                        "started": stamp,
                        "status": "sending",
                        "articles": len(in_all),
                        "recipients": ", ".join(spec.to) if fmt == "email" else "stdout",
                    }
                )
                .last_pk
            )
    except sqlite3.OperationalError as e:  # another program holds the archive: nothing was sent
        error = f"the archive was busy ({e}); nothing was sent, the next call sends these releases"
        return DigestResult(
            spec.name, "failed", len(digest.items), spec.to, error=error, more=digest.more, older=len(digest.older_ids)
        )
    out = _Outcome()
    try:
        _send_all(deliver, messages, out)
    except BaseException:  # Ctrl-C, SIGTERM mid-send: said at once, not only by the next call
        if out.got:  # what some recipients have is remembered, what the others lack kept for them
            after, sent = _kept_after(to, kept, out, stamp)
            with suppress(sqlite3.Error):
                _remember(archive, spec.name, send_id, sent, "", "interrupted", kept=after if to else None)
        else:
            with suppress(sqlite3.Error), archive.transaction():
                db["digest_sends"].update(send_id, {"finished": utcnow().isoformat(), "status": "interrupted"})
        raise
    if not out.got:
        error = "; ".join([*out.errors, given_up] if given_up else out.errors) or "nothing was sent"
        record_failure(archive, spec.name, error, send_id)
        return DigestResult(
            spec.name, "failed", len(in_all), spec.to, error=error, more=digest.more, older=len(digest.older_ids)
        )
    after, sent = _kept_after(to, kept, out, stamp) if to else ({}, set().union(*out.got.values()))
    error = "; ".join(e for e in (_outcome_words(out, to), given_up) if e)
    recipients = ", ".join(out.shown[_mailbox(a)] for a in to if _mailbox(a) in out.shown) if to else out.shown[""]
    for_good = bool(out.for_good or given_up or out.partly)  # (a plain Deliver's refusal: nothing is kept)
    remembered = _remember(
        archive, spec.name, send_id, sent, recipients, error, kept=after if to else None, for_good=for_good
    )
    if remembered:
        return DigestResult(
            spec.name, "failed", len(digest.items), spec.to, error=remembered, output="", more=digest.more
        )
    status = ("sent" if fmt == "email" else "printed") if not error else "partly sent"
    # The releases new to all, and who got those it missed before with them: "derry@example.org (and 2 it missed
    # before)"; where only those went out, how many.
    owed = {i for ids in kept.values() for i in ids}
    new = out.listed - owed
    said = [
        f"{out.shown[r]} ({f'and {n} it missed before' if new else 'what it missed before'})"
        if (n := len(out.got[r] & set(kept.get(r, {}))))
        else out.shown[r]
        for r in dict.fromkeys(_mailbox(a) for a in to)
        if r in out.shown
    ]
    return DigestResult(
        spec.name,
        status,
        len(new or out.listed),
        tuple(said) if to else tuple(recipients.split(", ")) if recipients else (),
        error=error,
        output="" if fmt == "email" else render_digest(digest, fmt),
        more=digest.more,
        older=len(digest.older_ids),
    )


def _store_kept(db: Any, name: str, kept: Kept) -> None:
    """Keep what each recipient of a digest lacks (``Kept``), in place of what was kept before: on the rows of the
    releases the digest sent (``digest_items.kept``)."""
    by_release: dict[int, dict[str, list[str]]] = {}
    for r, ids in kept.items():
        for i, (since, answer) in ids.items():
            by_release.setdefault(i, {})[r] = [since, answer]
    db.execute("update digest_items set kept = null where digest = ? and kept is not null", [name])
    db.conn.executemany(
        "update digest_items set kept = ? where digest = ? and article_id = ?",
        [(json.dumps(held, ensure_ascii=False, sort_keys=True), name, i) for i, held in by_release.items()],
    )


def _remember(
    archive: Any,
    name: str,
    send_id: int,
    sent: Iterable[int],
    recipients: str,
    error: str,
    *,
    kept: Kept | None = None,
    for_good: bool = True,
) -> str:
    """Record a delivered digest: its releases (``sent``), what it keeps for recipients refused for now (``kept``)
    and the send, together. Returns "" once recorded, else what to say. ``error`` "interrupted": the send was.

    The message is out: a program holding the archive (a long retag) is waited for, REMEMBER_ATTEMPTS times the
    busy timeout, rather than leaving the send unrecorded, which would send the same releases again next time.
    """
    db = archive.db
    sent = list(sent)
    status = "interrupted" if error == "interrupted" else "partly sent" if error else "sent"
    error = "" if error == "interrupted" else error
    for attempt in range(REMEMBER_ATTEMPTS):
        finished = utcnow().isoformat()
        try:
            with archive.transaction():  # the releases and the send, together: never half remembered
                db["digest_sends"].update(
                    send_id,
                    {"finished": finished, "status": status, "recipients": recipients}
                    | ({"error": error, "refused_for_good": int(for_good)} if error else {}),
                )
                db.conn.executemany(
                    "insert or ignore into digest_items (digest, article_id, send_id, sent) values (?, ?, ?, ?)",
                    [(name, i, send_id, finished) for i in sent],
                )
                if kept is not None:
                    _store_kept(db, name, kept)
                db.execute("update digests set last_sent = ?, last_error = ? where name = ?", [finished, error, name])
            return ""
        except sqlite3.OperationalError as e:
            last = str(e)
            if attempt + 1 < REMEMBER_ATTEMPTS:
                time.sleep(min(2**attempt, 30) * 0.1)  # the busy timeout itself waits; this only spaces the tries
    return (
        f"sent to {recipients}, but the archive stayed busy ({last}) and the send could not be recorded: "
        "the next call sends these releases again"
    )


def record_failure(archive: Any, name: str, error: str, send_id: int | None = None, since: str = "") -> None:
    """Record that a digest failed (a send the server refused, a digest set up wrong), for `newsflow status`.

    ``since``: where a digest never used before starts its window (as its first send would have put it).
    """
    stamp = utcnow().isoformat()
    with suppress(sqlite3.OperationalError), archive.transaction():
        if send_id is None:
            archive.db.execute(
                "insert or ignore into digests (name, since, created) values (?, ?, ?)", [name, since or stamp, stamp]
            )
            archive.db.execute("update digests set last_attempt = ? where name = ?", [stamp, name])
            archive.db["digest_sends"].insert(
                {"digest": name, "started": stamp, "finished": stamp, "status": "failed", "error": error}
            )
        else:
            archive.db["digest_sends"].update(send_id, {"finished": stamp, "status": "failed", "error": error})
        archive.db.execute("update digests set last_error = ? where name = ?", [error, name])


NOT_CALLED_AFTER = 90  # days a digest's missing calls are said for (then it is taken for one retired)


def _cadence(conn: sqlite3.Connection, d: dict[str, Any]) -> tuple[int, bool]:
    """How many days apart a digest's sends were (the median of its last ones; 0 before three), and whether it has
    not been called for over twice that and a day: its cron line gone (a server moved), nothing said while `status`
    said "ok" for weeks (year probe, s36). Not for ad-hoc digests, nor past NOT_CALLED_AFTER days."""
    if _ad_hoc(d["name"]) or not d.get("last_attempt"):
        return 0, False
    starts = [
        r[0]
        for r in conn.execute(
            "select started from digest_sends where digest = ? and status in ('sent', 'partly sent', 'failed') "
            "order by started desc limit 9",
            [d["name"]],
        )
    ]
    try:
        moments = sorted(datetime.fromisoformat(x) for x in starts)
        last = datetime.fromisoformat(d["last_attempt"])
        gaps = sorted((b - a).total_seconds() / 86400 for a, b in zip(moments, moments[1:], strict=False))
        if len(gaps) < 2:
            return 0, False
        every = gaps[len(gaps) // 2]
        quiet = (utcnow() - last).total_seconds() / 86400
    except (ValueError, TypeError):  # (a moment stored without a zone, or edited by hand)
        return 0, False
    return max(round(every), 1), 2 * every + 1 < quiet <= NOT_CALLED_AFTER


def digest_health(archive: Any) -> list[dict[str, Any]]:
    """Each digest's state for ``newsflow status``: last attempt, last send, last error, failed attempts since;
    ``failing`` (the last call sent nothing, or a recipient's server refused it for now: retried by the next) or
    ``refused`` (it was sent, but an address was refused for good, or for now for KEEP_REFUSED_DAYS days: those
    releases do not go to it again); ``kept``: per recipient refused for now, how many releases are kept for it, and
    ``kept_since``: since when."""
    conn = archive.db.conn if hasattr(archive, "db") else archive
    if not _table_exists(conn, "digests"):
        return []
    out = []
    with getattr(archive, "lock", _NoLock()):
        cursor = conn.execute(
            "select name, since, created, last_attempt, last_sent, last_error from digests order by name"
        )
        names = [d[0] for d in cursor.description]
        for row in cursor.fetchall():
            d = dict(zip(names, row, strict=True))
            d["failed_since_last_sent"] = conn.execute(
                "select count(*) from digest_sends where digest = ? and status = 'failed' and started >= ?",
                [d["name"], d["last_sent"] or ""],
            ).fetchone()[0]
            d["releases_sent"] = conn.execute(  # (not those left out by a change of what it selects: no send)
                "select count(*) from digest_items where digest = ? and send_id is not null", [d["name"]]
            ).fetchone()[0]
            last = conn.execute(  # (an interrupted call changes nothing of what the last one did)
                "select status, coalesce(refused_for_good, 1) from digest_sends where digest = ? and status in "
                "('sent', 'partly sent', 'failed') order by started desc, rowid desc limit 1",
                [d["name"]],
            ).fetchone()
            kept = conn.execute(
                """select j.key, count(*), min(json_extract(j.value, '$[0]')) from digest_items i, json_each(i.kept) j
                   where i.digest = ? and i.kept is not null group by j.key order by j.key""",
                [d["name"]],
            ).fetchall()
            d["kept"] = {r: n for r, n, _ in kept}
            d["kept_since"] = min((since for _, _, since in kept), default="")
            # Sent, but an address refused for good: nothing is sent again (the others had it), so nothing will mend
            # it but the address itself; not failing, which a later call retries. Refused for now only, what it
            # missed is kept for it and retried by the next call: failing, till then.
            d["refused"] = bool(d["last_error"]) and bool(last) and last[0] == "partly sent" and last[1] == 1
            d["failing"] = bool(d["last_error"]) and not d["refused"]
            # Sent, and refused for now only for some, what they missed kept for the next call (``kept``): failing
            # as far as `status` tells (retried by the next call), and this says which kind.
            d["refused_for_now"] = d["failing"] and bool(last) and last[0] == "partly sent" and bool(kept)
            d["every_days"], d["not_called"] = _cadence(conn, d)
            out.append(d)
    return out


class DigestBusy(Exception):
    """Another process is sending digests from this archive."""


class DigestLockError(OSError):
    """The lock beside the archive cannot be made (a folder the user may not write to)."""


LOCK_WAIT = 900.0  # seconds a digest waits for another one sending from the archive before it gives up (exit 75)
LOCK_POLL = 0.2  # seconds between two looks at the lock while waiting


@contextmanager
def digest_lock(
    archive_path: str, wait: float | None = None, waiting: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold a lock beside the archive while digests are sent, so two overlapping calls never send one twice.

    ``wait``: seconds to wait (LOCK_WAIT by default) for another call holding it (two cron lines at one minute, a
    daily and a weekly digest, both send: the second once the first is done; probe, s40), saying so once through
    ``waiting``.
    The operating system releases it however the process ends.
    """
    try:
        f = open(archive_path + ".digest-lock", "a+")  # noqa: SIM115 (closed below, after the lock)
    except OSError as e:
        raise DigestLockError(
            f"cannot open {archive_path}.digest-lock ({e.strerror or e}): newsflow digest needs to write beside "
            "the archive; check that this user may write to its folder"
        ) from None
    with f:
        wait = LOCK_WAIT if wait is None else wait
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    waited = f" for {wait / 60:g} minutes" if wait else ""
                    raise DigestBusy(
                        f"another newsflow digest is sending from {archive_path}{waited}; not starting (this "
                        "call's releases wait for the next one)"
                    ) from None
                if waiting is not None:
                    waiting(f"another newsflow digest is sending from {archive_path}: waiting for it to finish")
                    waiting = None
                time.sleep(LOCK_POLL)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


class _NoLock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def adhoc_name(options: dict[str, Any]) -> str:
    """The name an ad-hoc digest (filters or recipients given without a digest name) remembers what it sent under.

    One per selection and recipients, so that `--tag seinajoki --to other@…` is not told that `--tag hope --to
    comms@…` already sent its releases; "default" with none of them.
    """
    keys = ("tags", "partners", "queries", "lang", "to", "of")  # ("of": a one-off call under a digest's name)
    chosen = {k: sorted(options.get(k) or ()) if k not in ("lang", "of") else options.get(k) or "" for k in keys}
    if not any(chosen.values()):
        return "default"
    digest = hashlib.sha256(json.dumps(chosen, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"default-{digest[:10]}"


def merge_spec(spec: DigestSpec, **overrides: Any) -> DigestSpec:
    """The spec with the options given on the command line in place of its own (empty ones ignored)."""
    known = {f.name for f in fields(DigestSpec)}
    return replace(spec, **{k: v for k, v in overrides.items() if k in known and v})
