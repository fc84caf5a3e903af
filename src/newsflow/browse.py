"""Browsing the archive: newsflow's Datasette plugin, with the reading room for staff.

Loaded by Datasette as a plugin (the ``datasette`` entry point in pyproject.toml). ``newsflow
serve`` starts Datasette with ``metadata()`` and the templates in ``datasette/templates``; tests
use ``make_datasette()`` for the same in-process.

The reading room is a set of plain pages (``/``, ``/-/search``, ``/-/article/<id>``,
``/-/tag/<id>``, ``/-/partner/<name>``) rendered on the server, with Atom feeds and CSV of the
same results. Datasette's own table and SQL pages stay for power users. Everything is read on
Datasette's read-only connections: nothing served can write to the archive.
"""

from __future__ import annotations

import asyncio
import calendar
import contextlib
import csv
import hashlib
import io
import json
import os
import re
import sqlite3
import sys
import threading
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl, quote, unquote, urlencode, urlsplit
from xml.sax.saxutils import escape, quoteattr

from datasette import hookimpl
from datasette.utils import tilde_decode
from datasette.utils.asgi import NotFound, Response
from datasette.views.base import DatasetteError
from markupsafe import Markup

from .dates import ENGLISH_MONTHS, day_text, period_text
from .health import FAILING_SINCE
from .language import and_list, language_name, languages_text, said_language
from .lexicon import as_typed, minus_kept, or_kept, query_forms, small_words_kept
from .models import MAX_PDF_ATTACHMENTS
from .schedule import run_overdue
from .search import (
    ADDRESS_FILTERED_NOTE,
    ADDRESS_NOTE,
    CROSS_LANGUAGE_NOTE,
    PARTNERS_SQL,
    WHEN,
    ArticleFilters,
    ResultPage,
    also_spelled_text,
    ambiguous_tag,
    archived_at,
    article_rows,
    date_range,
    dated_search,
    did_you_mean,
    find_articles,
    finds_any,
    forms_searched,
    forms_searched_text,
    has_translations,
    index_vocabulary,
    is_address,
    is_site,
    match_expression,
    parse_day,
    partner_named,
    parts_only_count,
    probably_meant,
    searched_spellings,
    searches_to_try,
    site_partners,
    snippet_parts,
    sql_marks,
    tag_named,
    tags_called,
    tags_named,
)

HERE = Path(__file__).with_name("datasette")
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
DEFAULT_READER_LANGUAGE = "en"  # when nothing says otherwise: no setting and no translation archived yet
PAGE_SIZE = 20
FEED_SIZE = 50
CSV_LIMIT = 10_000
DOWNLOADS = (".csv", ".xlsx")  # a search's results as a spreadsheet: at most CSV_LIMIT of them
NOTHING = '"newsflow_no_query"'  # an FTS5 query that matches nothing, for an empty search box
# Articles table columns in the order staff read them: what it is, who, when, in which languages.
ARTICLE_COLUMNS = (
    "title",
    "title_translation",
    "partner",
    "published",
    "languages",
    "tags",
    "id",
    "source_id",
    "translation_status",
    "translation_note",
    "language",
    "mixed",
    "text",
    "translation",
)


def metadata(db_name: str, reader_language: str = "", config_path: str = "") -> dict[str, Any]:
    """Datasette metadata for an archive served under ``db_name`` (the password is no part of it: Datasette shows
    its metadata at /-/metadata.json; ``make_datasette`` gives it to the asgi_wrapper).

    ``reader_language``: the language staff read in (translated headlines and paragraphs are
    shown in it); empty for the most common translation target in the archive.
    """
    meta: dict[str, Any] = json.loads((HERE / "metadata.json").read_text(encoding="utf-8"))
    meta["databases"] = {db_name: meta["databases"]["archive"]}
    own = {"reader_language": reader_language, "config": config_path}
    if any(own.values()):  # config: the feeds.toml whose [digest] section the digest previews read
        meta.setdefault("plugins", {})["newsflow"] = {k: v for k, v in own.items() if v}
    return meta


def make_datasette(
    db_path: str | Path,
    password_hash: str | None = None,
    reader_language: str = "",
    config_path: str = "",
    *,
    public: bool = False,
) -> Any:
    """An in-process Datasette serving the archive as ``newsflow serve`` does (``public``: ``serve --public``, no
    password on purpose, through a web server in front of it too)."""
    from datasette.app import Datasette

    from .archive import shared_reading

    unchanging = shared_reading(db_path) == "unchanging"  # (a read-only disk or folder: nothing there changes it)
    ds = Datasette(
        [] if unchanging else [str(db_path)],
        immutables=[str(db_path)] if unchanging else None,
        metadata=metadata(Path(db_path).stem, reader_language, config_path),
        template_dir=str(TEMPLATES),
        settings=SETTINGS,
    )
    ds.newsflow_staff = StaffPassword(password_hash) if password_hash else None  # (read by asgi_wrapper)
    ds.newsflow_public = public
    return ds


# Headers a web server in front (a reverse proxy: nginx, Apache, Caddy, IIS) adds to what it passes on from a reader
# elsewhere. A browser on this machine sends none of them.
PROXY_HEADERS = (b"forwarded", b"x-forwarded-for", b"x-forwarded-host", b"x-forwarded-proto", b"x-real-ip")

THROUGH_A_PROXY = (
    "The reading room is not open to other machines: it was started without a password (newsflow serve on this "
    "machine's own address), and this request came through a web server in front of it, which may pass on anyone's "
    "requests.\nWhoever runs newsflow: set NEWSFLOW_PASSWORD where `newsflow serve` starts (staff then log in as user "
    "staff), or start it with --public if that web server asks for its own login.\n"
)


def _proxied(scope: dict[str, Any]) -> bool:
    """Whether a web server in front passed this request on (it names the reader's address or its own host)."""
    return any(k.lower() in PROXY_HEADERS for k, _ in scope.get("headers") or [])


class StaffPassword:
    """HTTP Basic authentication of every request (pages, JSON, CSV, feeds) as user "staff".

    A password in any letters (RFC 7617: UTF-8; Latin-1 from an old client), a header that does not decode asks
    again, and a password once found right is known by a SHA-256 of what the browser sends, so each request does
    not run the password hash's 480,000 rounds again (0.15 s each, twice a request, through
    datasette-auth-passwords' own check)."""

    USER = "staff"
    KNOWN = 32  # credentials remembered as right (a few browsers and feed readers)

    def __init__(self, password_hash: str):
        self.hash = password_hash
        self.known: dict[bytes, None] = {}
        self.lock = threading.Lock()

    async def allows(self, scope: dict[str, Any]) -> bool:
        import asyncio
        import base64
        import binascii

        from datasette_auth_passwords.utils import verify_password

        header = dict(scope.get("headers") or []).get(b"authorization", b"")
        scheme, _, token = header.strip().partition(b" ")
        token = token.strip()
        if scheme.lower() != b"basic" or not token:
            return False
        key = hashlib.sha256(self.hash.encode("utf-8") + b"\0" + token).digest()
        with self.lock:
            if key in self.known:
                return True
        try:
            raw = base64.b64decode(token, validate=True)
        except (binascii.Error, ValueError):
            return False
        try:
            said = raw.decode("utf-8")
        except UnicodeDecodeError:
            said = raw.decode("latin-1")
        user, colon, password = said.partition(":")
        if not colon or user.strip().lower() != self.USER:
            return False
        # (the hash's rounds off the event loop: other readers' pages are not held up by one login)
        if not await asyncio.to_thread(verify_password, password, self.hash):
            return False
        with self.lock:
            self.known[key] = None
            while len(self.known) > self.KNOWN:
                self.known.pop(next(iter(self.known)))
        return True


ASK_PASSWORD = (
    "The reading room asks for a password: the user name is staff, and the password is the one the person who runs "
    "newsflow gave you.\n"
)


# Tables that are not for readers, even as power users: digest recipients' e-mail addresses and send errors
# (digests, digest_sends, digest_items) and the pages as fetched, bodies and headers (responses). Hidden in
# metadata.json, and refused too (``serve --public`` shows the archive to anyone): no table or row page, JSON or CSV
# of them (``permission_allowed``), and nothing of them through SQL (``?sql=``, a canned query: ``_authorize``;
# SQLite itself asks about every column a statement reads, through views and subqueries too). newsflow's own pages that
# need them (the digest preview) read them with ``_with_private``. sqlite_dbpage (raw pages of the file, in SQLite
# builds that have it) would read any table.
PRIVATE_TABLES = frozenset({"responses", "digests", "digest_sends", "digest_items", "sqlite_dbpage"})


MAX_VALUE_BYTES = (
    24_000_000  # the longest text or blob a query may make or read: 5 million characters of UTF-8, and more
)

SETTINGS = {
    "default_page_size": 50,
    "sql_time_limit_ms": 3000,  # and for each of newsflow's own pages, all its queries together (_one_snapshot)
    "facet_time_limit_ms": 3000,
    # Suggesting facets tries every column on every page: seconds on a big archive.
    "suggest_facets": False,
    "allow_download": False,
}


# ---------------------------------------------------------------- Datasette hooks


def _archive_query(conn: sqlite3.Connection) -> Any:
    """``newsflow_query`` for ``conn``: the search box's words as the FTS5 query the reading room's search asks
    (``_match_of``: a word's Slovenian case forms and its spellings with accents, as the archive's own words tell,
    and a programme's period as typed, "2014 - 20"), or one that matches nothing where the words cannot be searched.
    Datasette's own search box over the articles table took "podjetij" as typed, and found no "podjetja", no
    "Seinäjoella" for "Seinajoella", no "2014-2020" for "2014 - 20" (readroom probe, s43)."""

    def query(q: str | None) -> str:
        try:
            return _match_of(conn, q or "") or NOTHING
        except (ValueError, sqlite3.Error):
            return NOTHING

    return query


def _match_of(conn: sqlite3.Connection, words: str) -> str:
    """``words`` as the FTS5 query ``search.find_articles`` asks for them (``search.match_expression``, for a box that
    is given no filters, address or order: those the reading room's search page handles itself)."""
    words = as_typed(words).strip()
    if not words:
        return ""
    return match_expression(words, searched_spellings(conn, words))


def _archive_snippet(conn: sqlite3.Connection) -> Any:
    """``newsflow_snippet`` for ``conn``: its matches are the forms the query found (``_archive_query``), a
    Slovenian case form or a spelling with accents too (it marked none, and showed the text's start, or a match of
    the word as typed in an e-mail address among the press contacts)."""
    seen: dict[str, set[str]] = {}  # the last query's forms: asked for each row of a page

    def snippet(text: str | None, language: str | None, q: str | None, *elsewhere: str | None) -> str:
        words = as_typed(q or "").strip()
        if words not in seen:
            try:
                forms = query_forms(words, spellings=searched_spellings(conn, words)) if words else set()
            except (ValueError, sqlite3.Error):
                forms = set()
            seen.clear()
            seen[words] = forms
        return _snippet_of(text, language, seen[words], elsewhere)

    return snippet


ELSEWHERE = ("machine translation", "in an attachment", "in the press contacts")  # newsflow_snippet's further texts


def _snippet_of(text: str | None, language: str | None, forms: set[str], elsewhere: tuple[str | None, ...]) -> str:
    """The text around the first of ``forms`` (the word forms a query found); where the text holds none, the first of
    ``elsewhere`` that does (the machine translation, the attachments, the press contacts), labelled as such, or else
    the text's start."""
    text = text or ""
    parts = snippet_parts(text, language or "und", forms)
    for label, other in zip(ELSEWHERE, elsewhere, strict=False):
        if parts:
            break
        parts = snippet_parts((other or "").replace("\n", " · "), language or "und", forms)
        parts = [(f"({label}) ", False), *parts] if parts else []
    if not parts:
        return text[:200]
    # Matches in [brackets], as the command line shows them; in ⟦these⟧ where the text has brackets of its own, so
    # that the page marks the matches, not every "[" a newsroom wrote (render_cell)
    written = "".join(piece for piece, _ in parts)
    opening, closing = ("⟦", "⟧") if "[" in written or "]" in written else ("[", "]")
    return "".join(f"{opening}{piece}{closing}" if hit else piece for piece, hit in parts).strip()


def _quiet_error_pages() -> None:
    """Stop Datasette printing every error it answers -- an unknown address's 404 too -- through rich.

    Datasette 0.65's own error handler prints each one as a traceback with its local variables wherever rich
    can be imported (typer brings it, with argostranslate's spaCy): 0.5-1.2 s and some 140 log lines for each
    unknown address, and for some addresses rich itself raised (there is no exception being handled at that
    point), which made Datasette answer a bare "Internal Server Error" in place of "not found". Real errors are
    still logged, by ``handle_exception`` below. Called at startup: importing Datasette's handler while this
    plugin is being loaded would load Datasette's plugins half-defined.
    """
    with contextlib.suppress(ImportError):
        import datasette.handle_exception as default_handler

        default_handler.rich = None


@hookimpl
def handle_exception(datasette: Any, request: Any, exception: BaseException) -> Any:
    """Log a server error Datasette's own handler would not (it then answers with the error page)."""
    from datasette.utils.asgi import Base400

    # Datasette's handler prints the others' tracebacks itself; an error it raised on purpose with a 5xx status
    # (a query that cannot run, digests that cannot be read) it does not, though the page says the log has it.
    if isinstance(exception, DatasetteError) and exception.message.startswith(_ASKED_WRONG):
        # An address asking Datasette's table page for what it cannot do ("?_sort=" a column there is not): the
        # page was asked wrong (400), not a fault of the server's (Datasette's 500 said "Something went wrong").
        async def asked_wrong() -> Response:
            if request.path.endswith(".json"):  # a program asked: it reads JSON, as Datasette's errors are there
                return Response.json(
                    {"ok": False, "error": exception.message, "status": 400, "title": None}, status=400
                )
            page = await datasette.render_template(
                "error.html", {"ok": False, "error": exception.message, "status": 400, "title": "Error 400"}
            )
            return Response.html(page, status=400)

        return asked_wrong
    if isinstance(exception, DatasetteError) and not isinstance(exception, Base400) and exception.status >= 500:
        print(f"Error while serving {request.path}: {exception.message}", file=sys.stderr)
    return None


_ASKED_WRONG = ("Cannot sort table by ", "Cannot use _sort and _sort_desc", "Cannot sort by ")


@hookimpl(hookwrapper=True)
def menu_links(datasette: Any, actor: Any, request: Any) -> Any:
    """The menu offers no "Log in": without a password (``newsflow serve`` on loopback) there is nobody to be, and
    with one every request is already the browser's logged-in staff."""
    outcome = yield
    if actor:
        return
    links = outcome.get_result()
    outcome.force_result(
        [
            [link for link in found if not str(link.get("href", "")).endswith("/-/login")]
            if isinstance(found, list)
            else found
            for found in links
        ]
    )


def path_part(value: Any) -> str:
    """A value as one segment of a path: "/" and every other reserved character encoded ("Region X / ESF")."""
    return quote(str(value), safe="")


@hookimpl
def startup(datasette: Any) -> Any:
    _quiet_error_pages()

    async def warm_up() -> None:
        # Load what search needs now, off the event loop, not inside the first search, where
        # Datasette's SQL time limit would interrupt it.
        import asyncio

        from .lexicon import warm_up_lemmas

        await asyncio.get_running_loop().run_in_executor(None, warm_up_lemmas)

    return warm_up


@hookimpl
def permission_allowed(datasette: Any, actor: Any, action: str, resource: Any) -> bool | None:
    """No page, JSON or CSV of a private table (see PRIVATE_TABLES), whoever asks; other decisions are Datasette's."""
    if action == "view-table" and isinstance(resource, tuple | list) and len(resource) == 2:
        return False if str(resource[1]).lower() in PRIVATE_TABLES else None
    return None


def _authorize(action: int, arg1: str | None, arg2: str | None, schema: str | None, view: str | None) -> int:
    """SQLite's authorizer on Datasette's connections: every column of a private table reads as NULL.

    NULL rather than an error: Datasette's row page of an article counts the rows that refer to it in every table
    (``select count(*) from digest_items where article_id = ?``), which must still answer (0); a visitor's
    ``select * from digest_sends`` gives empty cells, and no ``where`` on a private column can match."""
    if action == sqlite3.SQLITE_READ and (arg1 or "").lower() in PRIVATE_TABLES:
        return sqlite3.SQLITE_IGNORE
    return sqlite3.SQLITE_OK


@hookimpl(trylast=True)
def prepare_connection(conn: Any) -> None:
    conn.set_authorizer(_authorize)  # set again after each _with_private
    # No text or blob longer than any newsflow stores (a release's text is cut at 5 million characters): a query of
    # one's own, `select zeroblob(1000000000)`, made a reply of gigabytes until the process was killed.
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    # newsflow_query(:q): the search box's words as an FTS5 query for every inflected form;
    # newsflow_snippet(text, language, :q[, translation, attachments, contacts]): the text around the first match,
    # matches in [brackets]; where the text has none, the first of the others that has.
    # (deterministic: asked once a statement; the archive's words do not change within one). It looks words up in the
    # index's own (temp.newsflow_vocab), made here: made inside a running query, it aborted that query.
    index_vocabulary(conn)
    conn.create_function("newsflow_query", 1, _archive_query(conn), deterministic=True)
    conn.create_function("newsflow_snippet", -1, _archive_snippet(conn), deterministic=True)
    # Datasette's table search box sends its words through escape_fts(); registered last (trylast),
    # ours replaces Datasette's, so the articles table's box finds what the reading room's search finds: every
    # inflected form, Slovenian case forms, a word typed without its accents, a period as "2014 - 20".
    conn.create_function("escape_fts", 1, _archive_query(conn), deterministic=True)


@hookimpl
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    env.filters["newsflow_columns"] = _ordered_columns
    env.filters["path_part"] = path_part
    env.filters["in_quotes"] = in_quotes
    env.filters["archived_text"] = archived_text
    env.filters["archived_html"] = archived_html
    # newsflow's templates come first, also under a plain `datasette archive.db` (no --template-dir given).
    from jinja2 import ChoiceLoader, FileSystemLoader

    loaders = list(getattr(env.loader, "loaders", [env.loader]))
    if not any(str(TEMPLATES) in getattr(loader, "searchpath", []) for loader in loaders):
        env.loader = ChoiceLoader([FileSystemLoader(str(TEMPLATES)), *loaders])


def _ordered_columns(items: Any, table: str | None) -> Any:
    """Columns (or a row's cells) of the articles table in reading order; others as they are."""
    if table != "articles":
        return items
    items = list(items)

    def rank(item: Any) -> int:
        name = item.get("name") or item.get("column") if isinstance(item, dict) else getattr(item, "name", "")
        return ARTICLE_COLUMNS.index(name) if name in ARTICLE_COLUMNS else len(ARTICLE_COLUMNS)

    return sorted(items, key=rank)


@hookimpl
def extra_css_urls(
    template: str, database: str, table: str, columns: Any, view_name: str, request: Any, datasette: Any
) -> list[str]:
    return [datasette.urls.path("/-/newsflow/datasette.css")]


_TAG_NAMES: dict[int, tuple[float, dict[str, str]]] = {}


async def _tag_names(datasette: Any, database: str) -> dict[str, str]:
    """Tag id -> name, kept for a minute (cells are rendered one by one)."""
    key = id(datasette)
    cached = _TAG_NAMES.get(key)
    if cached and time.monotonic() - cached[0] < 60:
        return cached[1]
    rows = (await datasette.get_database(database).execute("select id, name from tags")).rows
    names = {r["id"]: r["name"] for r in rows}
    _TAG_NAMES[key] = (time.monotonic(), names)
    return names


def _name_language(code: str | None) -> str:
    """The language a source's name is read in: the newsroom's usual language, feeds.toml's ``language`` (its name
    is the newsroom's own title: "Seinäjoen kaupunki: uutiset", "HOPE project (COSME): news"); "" where none is set,
    the page's English then."""
    return code if code and re.fullmatch(r"[a-z]{2,3}", code) and code != "und" else ""


def _cell_language(row: Any) -> str:
    """The language of an articles row's headline and text, where the release is in one ("" where it is mixed, not
    known, or the row lacks the columns that say)."""
    keys = row.keys() if row is not None else []
    if "language" not in keys or "languages" not in keys:
        return ""
    try:
        spoken = json.loads(row["languages"] or "[]")
    except ValueError:
        return ""
    code = str(row["language"] or "")
    return code if spoken == [code] and re.fullmatch(r"[a-z]{2,3}", code) and code != "und" else ""


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """Cells as a person reads them: lists as lists, names not ids, long texts cut, links to the reading room."""
    from markupsafe import Markup
    from markupsafe import escape as html_escape

    if table is None and column == "article" and isinstance(value, int):
        return Markup(f'<a href="{datasette.urls.path(f"/-/article/{value}")}">{value}</a>')
    if table is None and column == "snippet" and isinstance(value, str) and ("[" in value or "⟦" in value):
        opening, closing = ("⟦", "⟧") if "⟦" in value else ("[", "]")  # (_snippet_of: the text's own brackets stay)
        marked = str(html_escape(value)).replace(opening, "<mark>").replace(closing, "</mark>")
        return Markup(marked)
    if table not in ("articles", "tagged_articles") and not (table is None and column in ("languages", "tags")):
        return None
    if column in ("languages", "tags") and isinstance(value, str) and value.startswith("["):
        try:
            items = [str(x) for x in json.loads(value)]
        except ValueError:
            return None
        if column == "languages":
            return ", ".join(language_name(x) for x in items) or "—"

        async def tag_list() -> Any:
            names = await _tag_names(datasette, database)
            links = [
                f'<a href="{datasette.urls.path("/-/tag/" + quote(t, safe=""))}">{html_escape(names.get(t, t))}</a>'
                for t in items
            ]
            more = f" and {len(links) - 6} more" if len(links) > 7 else ""  # a row stays a few lines tall
            return Markup(", ".join(links[:6] if more else links) + more or "—")

        return tag_list()
    if table != "articles":
        return None
    if column == "canonical_url" and isinstance(value, str) and value.strip():
        fetched = row["url"] if row is not None and "url" in row.keys() else None  # noqa: SIM118 (as below)
        if original_link(fetched, value) != safe_link(value):
            return value  # as text: a canonical address on another host than the page's is no link to follow
    # A release's own words in its language, for a screen reader (the page is English): where it is in one language;
    # a mixed release's headline may be in any of them, and is left to the page's.
    spoken = _cell_language(row) if column in ("title", "text", "contacts") and isinstance(value, str) else ""
    if (
        column in ("text", "translation", "attachments_text", "contacts")
        and isinstance(value, str)
        and len(value) > 160
    ):
        cut = value[:160].rsplit(" ", 1)[0] + " …"
        return Markup(f'<span lang="{html_escape(spoken)}">{html_escape(cut)}</span>') if spoken else cut
    if column == "title" and isinstance(value, str) and len(value) > TITLE_CELL_CHARS:
        # A feed's whole text given as its title, or a word of thousands of letters, made its row thousands of pixels
        # tall and pushed every other release off the screen (readroom probe, s43): cut, as texts are; its link, and
        # the reading room's page of the release, give it whole.
        value = opening_words(value, TITLE_CELL_CHARS)
        if row is None or "id" not in row.keys():  # noqa: SIM118 (sqlite3.Row: `in` looks at values)
            return Markup(f'<span lang="{html_escape(spoken)}">{html_escape(value)}</span>') if spoken else value
    if column == "title" and isinstance(value, str) and row is not None and "id" in row.keys():  # noqa: SIM118 (sqlite3.Row: `in` looks at values)
        said = f' lang="{html_escape(spoken)}"' if spoken else ""
        return Markup(f'<a href="{datasette.urls.path("/-/article/" + str(row["id"]))}"{said}>{html_escape(value)}</a>')
    if spoken and column in ("text", "contacts"):
        return Markup(f'<span lang="{html_escape(spoken)}">{html_escape(value)}</span>')
    if column == "published" and not value:
        return "date unknown"
    if column == "extraction" and isinstance(value, str) and value.startswith("{"):
        try:
            info = json.loads(value)
        except ValueError:
            return None
        words = f"{info.get('chars', 0):,} characters in {info.get('paragraphs', 0)} paragraphs"
        return words + (", whole-page fallback" if info.get("fallback") else "")
    return None


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/$", home_page),
        (r"^/-/search(?P<format>\.atom|\.csv|\.xlsx)?$", search_page),
        (r"^/-/article/(?P<id>\d+)$", article_page),
        (r"^/-/article/(?P<typed>[^/\d]{0,20}\d[^/]{0,40})/?$", article_address),  # pasted with a stray character
        (r"^/-/tag/(?P<id>[^/]+?)$", tag_page),
        (r"^/-/tag/(?P<id>[^/]+)/report\.(?P<fmt>xlsx|csv|html)$", report_download),
        (r"^/-/tags$", tags_page),
        (r"^/-/digests?$", digests_page),
        (r"^/-/digest/(?P<name>[A-Za-z0-9][A-Za-z0-9_.-]*)$", digest_page),
        (r"^/-/partner/(?P<name>[^/]+?)$", partner_page),
        (r"^/-/newsflow/(?P<name>[\w-]+\.(?:css|svg))$", static_file),
        (r"^/-/feeds/(?P<kind>tag|source)/(?P<key>[^/]+)\.atom$", atom_feed),
        (r"^/-/subscribe$", subscribe_page),
    ]


@hookimpl
def extra_template_vars(template: str, database: str, table: str, request: Any, datasette: Any) -> Any:
    if not template.startswith("row"):
        return None
    # A row page lists the rows of other tables that refer to it, each a link: not those of the private tables, whose
    # pages are refused (an article's page linked "0 rows from article_id in digest_items" to a Forbidden page).
    private = {"newsflow_private_tables": sorted(PRIVATE_TABLES)}
    if table != "articles":
        return private

    async def article() -> dict[str, Any]:
        article_id = request.url_vars.get("pks", "").split(",")[0]
        return {"newsflow_article_url": datasette.urls.path(f"/-/article/{article_id}"), **private}

    return article


# ---------------------------------------------------------------- helpers for pages


def moment_text(value: str | None) -> str:
    """A timestamp in the server's time zone, named, as `newsflow status` shows times in it: "30 November 2026 at
    13:02 EET" (where the server keeps Finnish time), "… at 11:02 UTC"; one stored without a zone as it stands."""
    day = day_text(value)
    if not value or not day or len(value) < 16:
        return day
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return f"{day} at {value[11:16]}"
    if moment.tzinfo is None:
        return f"{day} at {moment:%H:%M}"
    local = moment.astimezone()
    return f"{day_text(local.date().isoformat())} at {local:%H:%M %Z}"


def moment_html(value: str | None) -> Any:
    """A moment as a page shows it: ``moment_text`` (the server's zone, named) in a ``<time class="moment">`` giving it
    in UTC, which the page's script (newsflow_base.html) shows in the reader's own time zone instead. Staff read the
    reading room in Finland, Sweden, Slovenia and Northern Ireland: "since your last visit" is a moment on their own
    clock, and a server's zone is only one of theirs (s40). A moment stored without a zone is text as it stands."""
    text = moment_text(value)
    try:
        moment = datetime.fromisoformat(value or "")
    except ValueError:
        return Markup.escape(text)
    if not text or moment.tzinfo is None or len(value or "") < 16:
        return Markup.escape(text)
    stamp = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Markup('<time class="moment" datetime="{}">{}</time>').format(stamp, text)


def safe_link(url: str | None) -> str | None:
    """The URL when it is http(s) with a host, else None: a `javascript:` address is never a link."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def original_link(url: str | None, canonical: str | None) -> str | None:
    """The release's address to link as "Original": the canonical address the page declared only when it is on the
    host the page was fetched from (letter case and a leading "www." aside), else the fetched address. A page
    fetched from one site can declare a canonical address on any other: never a link to send staff to."""
    fetched, declared = safe_link(url), safe_link(canonical)  # safe_link: both parse as URLs
    return declared if fetched and declared and _host(fetched) == _host(declared) else fetched


_READER: dict[int, tuple[float, str]] = {}


def reader_language(datasette: Any, conn: sqlite3.Connection) -> str:
    """The language staff read in: the ``reader_language`` setting, else the archive's most common
    translation target, else the default."""
    config = datasette.plugin_config("newsflow") or {}
    if config.get("reader_language"):
        return str(config["reader_language"])
    cached = _READER.get(id(datasette))
    if cached and time.monotonic() - cached[0] < 300:
        return cached[1]
    row = conn.execute("select target from translations group by target order by count(*) desc limit 1").fetchone()
    lang = row[0] if row and row[0] else DEFAULT_READER_LANGUAGE
    _READER[id(datasette)] = (time.monotonic(), lang)
    return lang


def _tags(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    return {r[0]: {"id": r[0], "name": r[1], "kind": r[2]} for r in conn.execute("select id, name, kind from tags")}


def _decorate(
    rows: list[dict[str, Any]], tags: dict[str, dict[str, Any]], conn: sqlite3.Connection | None = None, first: str = ""
) -> list[dict[str, Any]]:
    """Add what pages show: the date in words, language names, tags by name, the title's language. A card shows its
    first eight tags: with ``conn``, the tag a page is about (``first``) first, then the ones the release mentions most
    (as a digest lists them), where alphabetical order hid "HOPE project" on the HOPE project page itself."""
    mentions: dict[tuple[int, str], int] = {}
    spoken = _spoken(conn, rows) if conn is not None else {}
    if conn is not None and rows:
        ids = [r["id"] for r in rows]
        mentions = {
            (a, t): n or 1
            for a, t, n in conn.execute(
                "select article_id, tag_id, mentions from article_tags where article_id in "
                f"({', '.join('?' * len(ids))})",
                ids,
            )
        }
    for r in rows:
        r["title_language"], r["snippet_language"] = spoken.get(r["id"]) or _said_in(r, r["language"], r["language"])
        r["date_text"] = day_text(r["published"]) if r["dated"] else "date unknown"
        r["first_seen_text"] = day_text(r["first_seen"])
        r["opening"] = "" if (r["title"] or "").strip() else opening_words(r.get("text"))
        r["language_names"] = [language_name(x) for x in r["languages"]]
        r["languages_text"] = and_list(r["language_names"])
        if (r["title_translation"] or "").strip() == (r["title"] or "").strip():
            r["title_translation"] = None  # a name the model left as it was: nothing to show twice
        r["tag_items"] = sorted(
            (tags.get(t) or {"id": t, "name": t, "kind": ""} for t in r["tags"]),
            key=lambda t: (t["id"] != first, -mentions.get((r["id"], t["id"]), 0), t["name"].lower()),
        )
    return rows


OPENING_CHARS = 90
TITLE_CELL_CHARS = 300  # a headline in a Datasette table's cell, cut at a word beyond this (a paragraph's length)


def opening_words(text: str | None, limit: int = OPENING_CHARS) -> str:
    """What stands for a headline a release was archived without: the first words of its text, cut at a word and
    marked so ("Mestna občina Maribor je objavila javni razpis …"), so that a list of such releases, the browser's
    tab, a bookmark and a feed reader tell them apart rather than show "(no headline)" or an address for each."""
    words = " ".join((text or "").split())
    if len(words) <= limit:
        return words
    cut = words[:limit].rsplit(" ", 1)[0]
    if len(cut) < limit // 2:  # a word longer than half of it: cut in the word, not before it (nothing of it shown)
        cut = words[:limit]
    return cut.rstrip(",;:-–— ") + " …"


def _said_in(r: dict[str, Any], title: str, text: str) -> tuple[str, str]:
    """A card's headline's language and its snippet's (``text``: that of the release's text where the snippet is
    taken); "" where it is not known (an attachment's), which a page marks as such rather than let the page's English
    stand for it."""
    known = {
        "text": text,
        "title": title,
        "translation": r.get("translation_target") or "",
        "attachment": "",
        "contacts": "",
    }.get(r.get("snippet_from") or "text", text)
    return (title if title != "und" else ""), (known if known != "und" else "")


def _spoken(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> dict[int, tuple[str, str]]:
    """For each mixed release of a list, its headline's language (its first paragraph's, as the release's own page and
    the feed mark it) and its snippet's (the paragraph's where the snippet's first match stands): a screen reader read
    the Finnish headline and the Swedish snippet of a release mostly in English in an English voice."""
    mixed = [r["id"] for r in rows if r.get("mixed")]
    if not mixed:
        return {}
    paragraphs: dict[int, list[tuple[int, str]]] = {}
    for article, length, language in conn.execute(
        "select article_id, length(text), language from paragraphs where article_id in "
        f"({', '.join('?' * len(mixed))}) order by article_id, position",
        mixed,
    ):
        paragraphs.setdefault(article, []).append((length or 0, language or "und"))
    found: dict[int, tuple[str, str]] = {}
    for r in rows:
        if r["id"] not in paragraphs:
            continue
        own = paragraphs[r["id"]]
        title = next((lang for _, lang in own if lang != "und"), r["language"])
        end, text = 0, r["language"]
        for length, lang in own:  # the text is its paragraphs joined by line breaks
            end += length + 1
            if r.get("snippet_at", 0) < end:
                text = lang
                break
        found[r["id"]] = _said_in(r, title, text)
    return found


# "archived": releases first archived since a moment (the home page's "archived since your last visit").
FILTER_KEYS = ("q", "partner", "lang", "tag", "from", "to", "archived", "order")


def _filters(request: Any, **fixed: str) -> dict[str, str]:
    values = {k: (request.args.get(k) or "").strip() for k in FILTER_KEYS}
    values.update(fixed)
    # A language by its name or a regional code in a pasted or edited address (lang=finnish, lang=suomi, lang=sv-SE):
    # the code it names.
    values["lang"] = said_language(values["lang"]) or values["lang"]
    return values


def _run_search(
    conn: sqlite3.Connection, f: dict[str, str], page: int, limit: int, target: str, count: bool = True
) -> ResultPage:
    return find_articles(
        conn,
        f["q"],
        order=f["order"],
        offset=(page - 1) * limit,
        limit=limit,
        target=target,
        count=count,
        **_chosen(conn, f),
    )


def _chosen(conn: sqlite3.Connection, f: dict[str, str]) -> ArticleFilters:
    """A page's filters as the search takes them."""
    return {
        "partner": f["partner"],
        "lang": f["lang"],
        "tag": f["tag"],
        "since": f["from"],
        "until": f["to"],
        "after_id": _after_id(conn, f),
    }


def _after_id(conn: sqlite3.Connection, f: dict[str, str]) -> int:
    """The ``archived`` filter as the search takes it: the last release archived at that moment (0: none asked)."""
    return _last_archived_by(conn, archived_moment(f["archived"])) if f.get("archived") else 0


def archived_text(value: str) -> str:
    """The ``archived`` filter's moment in words ("3 December 2026 at 14:05 EET"); as given where it is none."""
    try:
        return moment_text(archived_moment(value))
    except ValueError:
        return value


def archived_html(value: str) -> Any:
    """The ``archived`` filter's moment as a page shows it (``moment_html``); as given, escaped, where it is none."""
    try:
        return moment_html(archived_moment(value))
    except ValueError:
        return Markup.escape(value)


def archived_moment(value: str) -> str:
    """The ``archived`` filter's moment as releases' ``first_seen`` keeps moments (UTC, "+00:00"), to compare as
    text: as the home page writes it, or any ISO moment (a day alone, or a time without a zone, as UTC). A
    ValueError in words for anything else (an address edited by hand)."""
    try:
        # (a "+" of the zone typed unencoded into an address comes as a space)
        moment = datetime.fromisoformat(re.sub(r" (\d\d:?\d\d)$", r"+\1", value.strip().replace("Z", "+00:00")))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).replace(microsecond=0).isoformat()
    except (ValueError, OverflowError):
        raise ValueError(
            f"“{value[:40]}” is no moment this page can read (“archived” in the address): "
            "open the home page again, or search without it."
        ) from None


def _distinct(conn: sqlite3.Connection, column: str) -> list[str]:
    """Distinct non-empty values of an indexed articles column, one index seek each (not a scan)."""
    return [
        r[0]
        for r in conn.execute(
            f"""with recursive v(x) as (select min({column}) from articles where {column} > ''
              union all select (select min({column}) from articles where {column} > v.x) from v where v.x is not null)
            select x from v where x is not null"""
        )
    ]


def _choices(conn: sqlite3.Connection) -> dict[str, Any]:
    """What the filter form offers: partners, languages, tags."""
    partners = sorted(set(_distinct(conn, "partner")))
    langs = _distinct(conn, "language")
    # Tags under their kind, as the tags page heads them: "Seinäjoki" a place, "City of Seinäjoki" an organisation.
    tags = sorted(_tags(conn).values(), key=lambda t: t["name"].lower())
    return {
        "partners": partners,
        "languages": sorted(((x, language_name(x)) for x in langs if x != "und"), key=lambda x: x[1]),
        "tag_groups": [(heading, group) for _, heading, group in _by_kind((t["kind"], t) for t in tags)],
    }


def _by_kind(tags: Iterable[tuple[str | None, dict[str, Any]]]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(kind, tag) pairs as (kind, heading, tags) groups, in the order of KIND_HEADINGS, then other kinds by name:
    for the tags page and the Tag menu."""
    kinds: dict[str, list[dict[str, Any]]] = {}
    for kind, tag in tags:
        kinds.setdefault(kind or "tag", []).append(tag)
    order = [k for k in KIND_HEADINGS if k in kinds] + sorted(k for k in kinds if k not in KIND_HEADINGS)
    return [(k, KIND_HEADINGS.get(k, k.capitalize()), kinds[k]) for k in order]


def _page_number(request: Any) -> int:
    try:
        return max(1, min(int(request.args.get("page") or 1), 10_000))
    except ValueError:
        return 1


def _query_string(f: dict[str, str], **changes: Any) -> str:
    values = {**f, **changes}
    return urlencode([(k, v) for k, v in values.items() if v not in ("", None) and not (k == "page" and v == 1)])


def _feed_path(datasette: Any, f: dict[str, str]) -> str:
    """The feed of a search's results: its filters, newest first (no order, no page: a feed brings what is new)."""
    query = _query_string({k: v for k, v in f.items() if k not in ("order", "page")})
    return str(datasette.urls.path("/-/search.atom")) + (f"?{query}" if query else "")


def _pager(path: str, f: dict[str, str], result: ResultPage, page: int, fixed: tuple[str, ...] = ()) -> dict[str, Any]:
    pages = max(1, -(-result.total // result.limit)) if result.total >= 0 else page
    keep = {k: v for k, v in f.items() if k not in fixed}
    past_end = page > pages and result.total > 0
    return {
        "page": page,
        "pages": pages,
        "first": result.offset + 1 if result.rows else 0,
        "last": result.offset + len(result.rows),
        "newer": f"{path}?{_query_string(keep, page=page - 1)}" if 1 < page <= pages else None,
        "older": f"{path}?{_query_string(keep, page=page + 1)}" if page < pages else None,
        # A page past the last one (an old link, a page number typed in): say so, and link to the last page.
        "past_end": past_end,
        "last_page": f"{path}?{_query_string(keep, page=pages)}" if past_end else None,
    }


FILTERS_OF_A_SEARCH = ("partner", "lang", "tag", "from", "to", "archived")


def _named_tags(
    conn: sqlite3.Connection, f: dict[str, str], path: str, target: str, tags: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The tags a search names (``tags_named``: "HOPE", "hope-hanke"), each with its releases under the same
    filters: a search for the word also finds it in other senses ("we hope"), the tag does not."""
    found = []
    for tag_id in tags_named(conn, f["q"].strip().strip('"“”')):
        tagged = {**f, "q": "", "tag": tag_id, "order": ""}
        total = _run_search(conn, tagged, 1, 0, target).total
        if total:
            found.append({"name": tags[tag_id]["name"], "total": total, "url": f"{path}?{_query_string(tagged)}"})
    return found[:5]


def _slovenian_forms(conn: sqlite3.Connection, query: str, rows: list[dict[str, Any]]) -> Markup:
    """``search.forms_searched_text`` for the page: its words marked as Slovenian for a screen reader, the archive's
    words escaped; empty for none."""

    def sl(word: str) -> str:
        return f'“<span lang="sl">{Markup.escape(word)}</span>”'

    return Markup(forms_searched_text(forms_searched(conn, query, rows), sl))


def _minus_kept(f: dict[str, str], path: str) -> dict[str, Any] | None:
    """Where a minus before a word in lower case was searched as part of the word ("hope -maribor" finds releases
    mentioning Maribor, as Finnish writes "Seinäjoki -malli"): the words, and the search that leaves them out."""
    kept, instead = minus_kept(f["q"])
    if not kept:
        return None
    return {
        "words": kept,
        "query": instead,
        "url": f"{path}?{_query_string({**f, 'q': instead, 'page': ''})}" if instead else "",
    }


def _or_kept(conn: sqlite3.Connection, f: dict[str, str], path: str, target: str) -> dict[str, Any] | None:
    """Where "or" in a staff language stood between two words ("HOPE tai Maribor", "HOPE eller Maribor"), searched as
    a word the releases must hold too: the words, and the search for either word (OR), with how many it finds under
    the same filters, as `newsflow search` says it; None where there is none, or it finds none."""
    kept, instead = or_kept(f["q"])
    if not kept:
        return None
    asked = {**f, "q": instead, "page": ""}
    try:
        total = _run_search(conn, asked, 1, 0, target).total
    except ValueError:
        return None
    if not total:  # (no search to offer that finds nothing again: what to try is said instead)
        return None
    return {"words": kept, "query": instead, "url": f"{path}?{_query_string(asked)}", "total": total}


# Said for a site's address alone whose partner is not known (as `newsflow search` says it).
SITE_NOTE = (
    "None of the archived releases comes from this site, and no partner's name is the site's: search for its "
    "partner's name, or for words of a release."
)


def _site(conn: sqlite3.Connection, f: dict[str, str], path: str, target: str, found: int) -> dict[str, Any] | None:
    """For a web address searched for, a site's alone ("seinajoki.fi", "www.coompanion.se") or a release's none was
    archived from: the releases of the partners whose site it is, each a link under the same filters with how many
    (``partners``); or, where the filters leave all of them out, the same without the filters (``left_out``); or, for
    a site's address no partner is known by, what to search for instead (``note``). None for other searches, and for
    a release's address that found its release (``found``)."""
    q = f.get("q") or ""
    site = is_site(q)
    if not site and not (is_address(q) and not found and not archived_at(conn, q)):
        return None
    whose = site_partners(conn, q)
    named = [value for option, value in whose if option == "partner"][:3]  # (no source filter here)
    listed, everywhere = [], []
    for partner in named:
        asked = {**f, "q": "", "partner": partner, "order": "", "page": ""}
        if total := _run_search(conn, asked, 1, 0, target).total:
            listed.append({"name": partner, "total": total, "url": f"{path}?{_query_string(asked)}"})
        elif any(f.get(k) for k in FILTERS_OF_A_SEARCH if k != "partner"):
            bare = {**dict.fromkeys(FILTER_KEYS, ""), "partner": partner}
            if total := _run_search(conn, bare, 1, 0, target).total:
                everywhere.append({"name": partner, "total": total, "url": f"{path}?{_query_string(bare)}"})
    if listed:
        return {"partners": listed}
    if everywhere:
        return {"left_out": everywhere}
    # (not where its releases are a newsroom's with no partner: they come from this site, which the note denies)
    return {"note": SITE_NOTE} if site and not found and not whose else None


def _small_words(f: dict[str, str], path: str) -> dict[str, Any] | None:
    """The small words ("in", "om", "v") a search left out, and the search that keeps them (in quotes)."""
    small, quoted = small_words_kept(f["q"])
    if not small:
        return None
    return {"words": small, "query": quoted, "url": f"{path}?{_query_string({**f, 'q': quoted, 'page': ''})}"}


def _dated(conn: sqlite3.Connection, f: dict[str, str], path: str, target: str) -> dict[str, Any] | None:
    """Where a search's last (or first) words are a date ("HOPE 2021", "HOPE maaliskuu 2026", "HOPE last week"),
    which look for the date in the text: the same search narrowed by From and To instead, and how many releases it
    finds (staff probe, s35: one that finds none was offered as the way); None where it has From or To."""
    found = None if f["from"] or f["to"] else dated_search(f["q"])
    if not found:
        return None
    rest, start, end = found
    asked = {**f, "q": rest, "from": start, "to": end, "page": ""}
    try:
        total = _run_search(conn, asked, 1, 0, target).total
    except ValueError:  # (what is left of the words cannot be searched: the hint without its count)
        total = -1
    return {"period": period_text(start, end), "query": rest, "url": f"{path}?{_query_string(asked)}", "total": total}


def _from_a_period(
    conn: sqlite3.Connection, f: dict[str, str], path: str, target: str, found: int, fixed: tuple[str, ...] = ()
) -> dict[str, Any] | None:
    """Where From is a period that has ended (a month, a season, a week: "kevät 2026") and To is empty, the search
    runs from its first day until today: the same search over that period alone, and how many releases it finds.
    Staff review (s38): "every mention of HOPE this spring", asked with "kevät 2026" in From, brought its summer and
    autumn too, and only the count line's "from 1 March 2026" said so. None otherwise, and where the period alone
    finds what the search found (``found``)."""
    if not f.get("from") or f.get("to"):
        return None
    try:
        start, end = parse_day(f["from"]), parse_day(f["from"], end=True)
        today = parse_day("today")
    except ValueError:
        return None
    if not start < end < today:  # a day, or a period still going on: from it until today is the period itself
        return None
    asked = {**f, "to": f["from"], "page": ""}
    try:
        total = _run_search(conn, asked, 1, 0, target).total
    except ValueError:
        total = -1
    if total == found:
        return None
    asked = {k: v for k, v in asked.items() if k not in fixed}  # (the page's own address gives the tag, the partner)
    return {
        "typed": f["from"].strip(),
        "start": day_text(start),
        "end": day_text(end),
        "url": f"{path}?{_query_string(asked)}",
        "total": total,
    }


def _as_meant(conn: sqlite3.Connection, f: dict[str, str], fixed: tuple[str, ...] = ()) -> None:
    """A tag or a partner a filter names in another case, a tag by its name or an alias: the one meant, in ``f``
    (not those the page's own address fixes)."""
    if f.get("tag") and "tag" not in fixed:
        f["tag"] = tag_named(conn, f["tag"]) or f["tag"]
    if f.get("partner") and "partner" not in fixed:
        f["partner"] = partner_named(conn, f["partner"]) or f["partner"]


def _partner_failing(conn: sqlite3.Connection, partner: str, datasette: Any) -> dict[str, str] | None:
    """Where a search is narrowed to a partner one of whose followed newsrooms is failing: since when its releases
    may be missing, and its page (which says why); None where all of them answer."""
    row = conn.execute(
        """select min(coalesce(last_success, '')) from sources
           where partner = ? and consecutive_failures > 0 and coalesce(configured, 1) != 0""",
        [partner],
    ).fetchone()
    if row is None or row[0] is None:
        return None
    return {
        "since": day_text(row[0]) if row[0] else "",
        "url": datasette.urls.path(f"/-/partner/{quote(partner, safe='')}"),
    }


def _nothing_found(
    conn: sqlite3.Connection, f: dict[str, str], path: str, target: str, either: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What to try when a search found nothing: the same search without its filters (and how many that finds),
    its words as prefixes, and why words in one language found nothing in another (no machine translations).
    Not the releases holding some of the words where the search for either word (``either``, "HOPE tai Maribor")
    is offered; nothing of a site's address alone ("seinajoki.fi": its partner's releases are offered instead)."""
    out: dict[str, Any] = {}
    address = is_address(f.get("q") or "")
    site = is_site(f.get("q") or "")
    if address and not site:
        out["address"] = ADDRESS_FILTERED_NOTE if archived_at(conn, f["q"]) else ADDRESS_NOTE
    if any(f.get(k) for k in FILTERS_OF_A_SEARCH) and not site:
        bare = {**f, **dict.fromkeys(FILTERS_OF_A_SEARCH, "")}
        total = _run_search(conn, bare, 1, 0, target).total
        if total:
            out["unfiltered"] = {"url": f"{path}?{_query_string(bare)}", "total": total}
    if (
        f.get("lang")
        and not conn.execute("select 1 from article_languages where language = ? limit 1", [f["lang"]]).fetchone()
    ):  # (s38: "in German" and the Language menu at "any", as if German releases had none of it)
        out["lang_unknown"] = language_name(f["lang"])
    if f.get("partner") and not partner_named(conn, f["partner"]):  # a partner typed wrong ("Coompanoin")
        out["partner_unknown"] = f["partner"]  # (or renamed since the address was kept: said, as for a tag)
        known = _partners(conn)
        meant = probably_meant(f["partner"], known, 1) or _named_by_word(f["partner"], known)[:1]
        if meant:
            out["partner_meant"] = {"url": f"{path}?{_query_string({**f, 'partner': meant[0]})}", "name": meant[0]}
    if address or site:  # (its words are no words to respell, prefix or translate)
        return out
    if not f["from"] and not f["to"] and (dated := dated_search(f.get("q") or "")):
        # A date said in words, "HOPE last week", has the date's hint: words such as "last" offered to leave out, or
        # "HOPE OR week OR 48", would say the opposite. Where that search by date finds none, what to try is asked of
        # its other words within those dates (search probe, s38: a question with a date ended at "it finds none").
        rest, start, end = dated
        within = {**f, "q": rest, "from": start, "to": end, "page": ""}
        try:
            if not rest or _run_search(conn, within, 1, 0, target).total:
                return out
        except ValueError:
            return out
        f = within
        out["within_dates"] = period_text(start, end)
    chosen = _chosen(conn, f)
    tries = searches_to_try(
        conn,
        f.get("q") or "",
        lambda q: _run_search(conn, {**f, "q": q}, 1, 0, target).total,
        lambda q: finds_any(conn, q, **chosen),
    )

    def offer(query: str, order: str = "", **more: Any) -> dict[str, Any]:
        searched = {**f, "q": query, **({"order": order} if order else {})}
        return {"url": f"{path}?{_query_string(searched)}", "query": query, **more}

    if tries.respelled:
        out["respelled"] = offer(tries.respelled)
    if tries.without:
        out["without"] = offer(tries.without, dropped=list(tries.dropped), total=tries.without_total)
    if tries.prefixes:
        out["prefixes"] = offer(tries.prefixes)
    if tries.any_words and not either:
        out["any_words"] = offer(tries.any_words, "best", total=tries.any_total)
    if f.get("q") and not has_translations(conn):
        out["cross_language"] = CROSS_LANGUAGE_NOTE
    return out


def in_quotes(query: str) -> str:
    """A search as the page names it, “in quotes”: a phrase typed in quotes of its own, straight or as a word
    processor writes them (”…”, „…“, «…», »…«), keeps only the page's."""
    inner = query.strip()
    marks = sum(inner.count(mark) for mark in _QUOTE_MARKS)
    if len(inner) > 2 and inner[0] in _OPENING_QUOTES and inner[-1] in _CLOSING_QUOTES and marks == 2:
        inner = inner[1:-1]
    return f"“{inner}”"


_OPENING_QUOTES = '"“”„«»'  # (Swedish and Finnish open with ” and », and close with them too)
_CLOSING_QUOTES = '"“”»«'
_QUOTE_MARKS = frozenset(_OPENING_QUOTES + _CLOSING_QUOTES)


def _describe(f: dict[str, str], tags: dict[str, dict[str, Any]], html: bool = False) -> Any:
    """The filters in words: "about HOPE project, in Finnish, from 1 March 2021 to 31 May 2021"; with ``html``, as
    the page shows them (escaped, the moment of "archived since" in the reader's time zone: ``moment_html``)."""
    bits = []
    if f.get("q"):
        bits.append(f"matching {in_quotes(f['q'])}")
    if f.get("tag"):
        bits.append(f"about {(tags.get(f['tag']) or {'name': f['tag']})['name']}")
    if f.get("partner"):
        bits.append(f"from {f['partner']}")
    if f.get("lang"):
        bits.append(f"in {language_name(f['lang'])}")
    for key, word in (("from", "from"), ("to", "until")):
        if f.get(key):
            with contextlib.suppress(ValueError):  # a malformed date is left out of the description
                bits.append(f"{word} {day_text(parse_day(f[key], end=key == 'to'))}")
    if f.get("archived"):
        if html:
            bits.append(Markup("archived since {}").format(archived_html(f["archived"])))
        else:
            bits.append(f"archived since {archived_text(f['archived'])}")
    return Markup(", ").join(bits) if html else ", ".join(bits)


async def _render(datasette: Any, request: Any, template: str, context: dict[str, Any], status: int = 200) -> Response:
    body = await datasette.render_template(
        template,
        {
            **context,
            "newsflow_css": datasette.urls.path("/-/newsflow/readingroom.css"),
            "db_name": datasette.get_database().name,
        },
        request=request,
    )
    return Response.html(body, status=status)


class TookTooLong(DatasetteError):  # type: ignore[misc]  # (Datasette has no type stubs)
    """A page's reading of the archive ran past the time limit and was stopped (nothing is written: reads only)."""

    def __init__(self, limit_ms: int, advice: str = ""):
        super().__init__(too_long_words(limit_ms, advice), title="This took too long", status=503)


# What to narrow, said where the page is no search (a search's words are the default).
REPORT_ADVICE = "Choose a shorter period (From and To on the tag's page) and download it again."
DIGEST_ADVICE = (
    "A digest this large takes long to make: whoever runs newsflow can narrow it in feeds.toml (fewer tags, "
    "partners or searches), and `newsflow digest {name} --dry-run` shows it in full without a time limit."
)


def too_long_words(limit_ms: int, advice: str = "") -> str:
    seconds = f"{limit_ms / 1000:g} second" + ("" if limit_ms == 1000 else "s")
    return (
        f"Finding this took longer than {seconds}, so it was stopped (the reading room stops any page that long, so "
        "that everyone else's pages keep coming). "
        + (
            advice
            or "Narrow it and try again: a shorter date range (From and To), one partner or one tag, or fewer words in "
            "the search box. If this was not a search, try again in a minute; if it keeps happening, tell whoever "
            "runs newsflow."
        )
        + " Nothing in the archive was changed."
    )


def _one_snapshot(fn: Any, limit_ms: int, advice: str = "") -> Any:
    """``fn`` run in one read transaction: a page's several queries see the archive as one moment. Otherwise a
    release the nightly run revises while its page is read could show the new headline over the old paragraphs
    (each query saw its own moment: 11 of 140 pages read beside a writer mixed two versions).

    Within ``limit_ms`` for all its queries together, as Datasette limits each of its own (``sql_time_limit_ms``):
    a search over a large archive, or words that match nearly everything, would otherwise hold one of the few
    reading threads for many seconds. Past it, SQLite stops the query being run and TookTooLong is raised, even
    where ``fn`` caught the error itself (a page missing a part would be wrong). The progress handler is removed
    afterwards: the connection is the reading thread's own, used again for the next page and for Datasette's."""

    def run(conn: sqlite3.Connection) -> Any:
        deadline = time.perf_counter() + limit_ms / 1000
        tripped: list[bool] = []

        def over_time() -> int:
            if time.perf_counter() >= deadline:
                tripped.append(True)
                return 1  # SQLite stops the statement: "interrupted"
            return 0

        began = not conn.in_transaction
        if began:
            conn.execute("begin")
        conn.set_progress_handler(over_time, 1 if limit_ms <= 20 else 1000)  # every 1,000 steps: about 0.1 ms
        try:
            result = fn(conn)
        except Exception:
            if tripped:
                raise TookTooLong(limit_ms, advice) from None
            raise
        finally:
            conn.set_progress_handler(None, 0)
            if began and conn.in_transaction:  # (an interrupted statement may have ended it already)
                conn.execute("rollback")  # nothing was written: ends the read, whatever fn did
        if tripped:
            raise TookTooLong(limit_ms, advice)
        return result

    return run


# A download (the CSV of up to 10,000 results, a tag's report) may take longer than a page: its 10,000 rows' queries
# took 2 s of 3.5 on a 40,000-release archive. Still bounded, so it cannot hold a reading thread for good.
DOWNLOAD_TIME_FACTOR = 4


def _time_limit(datasette: Any, download: bool = False) -> int:
    return int(datasette.setting("sql_time_limit_ms")) * (DOWNLOAD_TIME_FACTOR if download else 1)


async def _with_conn(datasette: Any, fn: Any, download: bool = False, advice: str = "") -> Any:
    return await datasette.get_database().execute_fn(_one_snapshot(fn, _time_limit(datasette, download), advice))


async def _with_private(datasette: Any, fn: Any, download: bool = False, advice: str = "") -> Any:
    """As _with_conn, for newsflow's own code that reads a private table (the digest preview's state)."""

    def run(conn: sqlite3.Connection) -> Any:
        # Changing the authorizer expires the connection's prepared statements: SQLite prepares each again, under
        # the authorizer then in place, so a statement prepared here never runs unchecked for a visitor's SQL.
        conn.set_authorizer(None)
        try:
            return fn(conn)
        finally:
            conn.set_authorizer(_authorize)

    return await datasette.get_database().execute_fn(_one_snapshot(run, _time_limit(datasette, download), advice))


# ---------------------------------------------------------------- pages


VISIT_COOKIE = "newsflow_visit"  # "<the previous visit's last moment>|<this visit's last moment>", UTC; the name
# is followed by the archive's own mark (visit_cookie): cookies do not tell one port of a host from another, and the
# demo's reading room beside the real one made the real one's visit its own
VISIT_GAP = timedelta(hours=2)  # the home page opened this long after it was last opened begins a new visit
NEW_SHOWN = 20  # releases listed as new since the last visit ("and N more" for the rest)
NEW_SORTED = 500  # more new ones than this are taken by their publication index, not all read and sorted


def visit_cookie(datasette: Any) -> str:
    """The visit cookie's name for this archive: VISIT_COOKIE and a mark of the archive's file."""
    path = os.path.realpath(str(getattr(datasette.get_database(), "path", "") or ""))  # (however --db was typed)
    return f"{VISIT_COOKIE}_{hashlib.sha256(path.encode('utf-8', 'replace')).hexdigest()[:8]}"


def _cookie(request: Any, name: str) -> str:
    """One cookie's value, read from the request's Cookie header itself: Python's cookie parser (Datasette's) gives up
    on the whole header at another site's malformed cookie on the same host (``x=a b``, ``_ga={"a": 1}``)."""
    header: str = dict(request.scope.get("headers") or []).get(b"cookie", b"").decode("latin-1")
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value.strip().strip('"')
    return ""


def _visit(request: Any, now: datetime, name: str = VISIT_COOKIE) -> tuple[str, str]:
    """The moment the reader's previous visit ended (UTC, ISO; "" on a first visit, or an unreadable cookie), and the
    cookie's new value: a visit is the home page opened again within VISIT_GAP of the last time."""
    raw = _cookie(request, name)[:100]
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        previous, last = (datetime.fromisoformat(x.replace("Z", "+00:00")) if x else None for x in raw.split("|"))
        if any(x is not None and x.tzinfo is None for x in (previous, last)):  # (a day with no time: no moment)
            raise ValueError(raw)
        previous = previous and previous.astimezone(UTC)  # (a year 9999 in the server's zone: OverflowError)
    except (ValueError, OverflowError):  # (no cookie, or one edited by hand: a first visit)
        return "", f"|{stamp}"
    if last is None or last > now or (previous and previous > now):
        return "", f"|{stamp}"
    if now - last > VISIT_GAP:
        previous = last
    kept = previous.strftime("%Y-%m-%dT%H:%M:%SZ") if previous else ""
    return (previous.astimezone(UTC).isoformat() if previous else ""), f"{kept}|{stamp}"


def _last_archived_by(conn: sqlite3.Connection, moment: str) -> int:
    """The id of the last release first archived at or before ``moment`` (0 for none), found by halving the ids (as
    each release is first archived it gets the next one): a score of single-row reads, where asking each release from
    the newest back read every one archived since, text and all (a year's on a large archive)."""
    (top,) = conn.execute("select coalesce(max(id), 0) from articles").fetchone()
    low, high = 0, int(top)  # the answer lies in [low, high]
    while low < high:
        middle = (low + high + 1) // 2
        row = conn.execute("select id, first_seen from articles where id >= ? order by id limit 1", [middle]).fetchone()
        if row and (row[1] or "") <= moment:
            low = int(row[0])
        else:
            high = middle - 1
    return low


def _new_since(
    conn: sqlite3.Connection, since: str, target: str, tags: dict[str, Any], latest: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """What was archived after ``since`` (the previous visit's end): how many, the ones among ``latest`` (the
    latest releases the page lists, each then marked new there), and up to NEW_SHOWN of the others, newest
    published first (a newsroom's older releases archived for the first time among them); None without a
    previous visit. Found from the newest id back (ids are given as releases are first archived): only the new
    ones are read, where a filter on when each was first seen reads every release."""
    if not since:
        return None
    boundary = _last_archived_by(conn, since)
    try:  # counted on a small index: the table's own pages hold the texts (42 ms against 3 ms for 100,000 releases)
        (count,) = conn.execute(
            "select count(*) from articles indexed by idx_articles_source_id where id > ?", [boundary]
        ).fetchone()
    except sqlite3.OperationalError:  # (an archive without that index)
        (count,) = conn.execute("select count(*) from articles where id > ?", [boundary]).fetchone()
    for r in latest:
        r["new"] = r["id"] > boundary
    listed = [r["id"] for r in latest if r["new"]]
    others = f"and a.id not in ({sql_marks(listed)})" if listed else ""
    sql = "select a.id from articles a {} where a.id > ? " + others + " order by {} limit ?"
    params = [boundary, *listed, NEW_SHOWN]
    sorted_all = f"{WHEN} desc, a.id desc"  # (a few hundred: read and sorted as the lists sort them, undated too)
    try:  # a reader back after a year: the newest published, walked on their index, where sorting all took 80 ms
        hint, order = ("indexed by idx_articles_published", "a.published desc, a.id desc")
        found = conn.execute(sql.format(hint, order) if count > NEW_SORTED else sql.format("", sorted_all), params)
    except sqlite3.OperationalError:  # (an archive without that index)
        found = conn.execute(sql.format("", sorted_all), params)
    ids = [r[0] for r in found.fetchall()]
    return {
        "since": moment_html(since),
        "since_moment": since,
        "count": count,
        "in_latest": len(listed),
        "rows": _decorate(article_rows(conn, ids, target), tags, conn),
        "more": max(count - len(listed) - NEW_SHOWN, 0),
    }


async def home_page(request: Any, datasette: Any) -> Response:
    """Home: what is new since the reader's last visit, the latest releases, one search box, the partners, the tags
    most mentioned lately."""
    cookie = visit_cookie(datasette)
    since, visit = _visit(request, datetime.now(UTC).replace(microsecond=0), cookie)

    def read(conn: sqlite3.Connection) -> dict[str, Any]:
        target = reader_language(datasette, conn)
        tags = _tags(conn)
        latest = find_articles(conn, "", limit=PAGE_SIZE, target=target)
        window = find_articles(conn, "", limit=200, count=False).rows
        ids = [r["id"] for r in window]
        lately: list[dict[str, Any]] = []
        if ids:
            for tag_id, n in conn.execute(
                f"""select tag_id, count(*) from article_tags where article_id in ({", ".join("?" * len(ids))})
                        group by tag_id order by count(*) desc, tag_id limit 15""",
                ids,
            ):
                lately.append({**(tags.get(tag_id) or {"id": tag_id, "name": tag_id, "kind": ""}), "count": n})
        partners = [{"name": name} for name in _distinct(conn, "partner")]
        (started,) = conn.execute("select max(started) from runs").fetchone()
        translated = False
        with contextlib.suppress(sqlite3.DatabaseError):
            translated = bool(conn.execute("select 1 from translations where target = ? limit 1", [target]).fetchone())
        return {
            "overdue": day_text(started) if run_overdue(started) else "",
            "last_run": day_text(started) if started else "",
            "translated": translated,
            "target": target,
            "target_name": language_name(target),
            "latest": _decorate(latest.rows, tags, conn),
            "total": latest.total,
            "lately": lately,
            "window": len(ids),
            "partners": partners,
            "new": _new_since(conn, since, target, tags, latest.rows),
        }

    data = await _with_conn(datasette, read)
    with contextlib.suppress(Exception):  # the home page stands without its digests (the digests page says why)
        data["digests"] = bool(getattr(_digest_settings(datasette), "digests", ()))
    feed = datasette.urls.path("/-/search.atom")
    response = await _render(
        datasette,
        request,
        "newsflow_home.html",
        {
            **data,
            "feed_url": feed,
            "feed_title": "Latest releases",
            "search_url": datasette.urls.path("/-/search"),
            "tables_url": datasette.urls.database(datasette.get_database().name),
        },
    )
    # Kept by the reader's browser alone (nothing is written to the archive), for about a year.
    response.set_cookie(cookie, visit, max_age=400 * 86400, httponly=True, samesite="lax")
    return response


async def search_page(request: Any, datasette: Any) -> Response:
    """Search with filters (partner, language, tag, dates, order), paged; also as Atom and CSV."""
    fmt = request.url_vars.get("format") or ""
    f = _filters(request)
    page = _page_number(request)
    return await _results_page(request, datasette, fmt, f, page, path="/-/search", template="newsflow_search.html")


async def _results_page(
    request: Any,
    datasette: Any,
    fmt: str,
    f: dict[str, str],
    page: int,
    *,
    path: str,
    template: str,
    extra: Any = None,
    fixed: tuple[str, ...] = (),
) -> Response:
    def read(conn: sqlite3.Connection) -> dict[str, Any]:
        target = reader_language(datasette, conn)
        tags = _tags(conn)
        data: dict[str, Any] = {"target": target, "target_name": language_name(target), "error": ""}
        if extra is not None:
            data.update(extra(conn, tags))
        _as_meant(conn, f, fixed)
        # A download asks for one more than it holds: whether the file leaves releases out is then known, and said.
        limit = FEED_SIZE if fmt == ".atom" else CSV_LIMIT + 1 if fmt in DOWNLOADS else PAGE_SIZE
        # A feed brings what is new: newest first, whatever order the page was in (a feed of the best 50 matches
        # would never bring a new release that does not rank among them).
        asked = {**f, "order": "newest"} if fmt == ".atom" else f
        try:
            date_range(f["from"], f["to"])  # the forms a date may take, and a range the wrong way round, in words
            if f["tag"] and f["tag"] not in tags:
                several = ambiguous_tag(conn, f["tag"])
                if several:
                    raise ValueError(f"{several}: choose one from the Tag menu.")
                hint = did_you_mean(f["tag"], tags_called(conn))  # ("hopee": the tag's page asked so; this did not)
                raise ValueError(f"There is no tag “{f['tag']}” in this archive.{hint} Choose one from the Tag menu.")
            result = _run_search(conn, asked, 1 if fmt else page, limit, target, count=not fmt)
        except ValueError as e:
            data.update(error=str(e), result=ResultPage(total=0), rows=[])
        else:
            data.update(result=result, rows=_decorate(result.rows, tags, conn, f["tag"]))
            if fmt == ".atom":
                data["paragraphs"] = _first_paragraphs(conn, [r["id"] for r in result.rows])
            if not fmt and f["q"]:  # (before what to try: a search offered here is not offered there again)
                data["or_kept"] = _or_kept(conn, f, datasette.urls.path(path), target)
                data["site"] = None if fixed else _site(conn, f, datasette.urls.path(path), target, result.total)
            if not fmt and not fixed and result.total == 0:
                data["nothing_found"] = _nothing_found(conn, f, datasette.urls.path(path), target, data.get("or_kept"))
            if not fmt and not fixed and f["q"] and not f["tag"]:
                data["named_tags"] = _named_tags(conn, f, datasette.urls.path(path), target, tags)
            if not fmt and f["q"]:
                # (not a site's address's words, "seinajoki.fi": the site is what was meant, as the command says)
                site_alone = is_site(f["q"]) and not result.total
                data["also_spelled"] = "" if site_alone else also_spelled_text(result.also_spelled)
                data["slovenian_forms"] = _slovenian_forms(conn, f["q"], result.rows)
                data["minus_kept"] = _minus_kept(f, datasette.urls.path(path))
                data["small_words"] = _small_words(f, datasette.urls.path(path)) if result.total else None
                data["dated"] = _dated(conn, f, datasette.urls.path(path), target)
            if not fmt and result.total:
                data["from_a_period"] = _from_a_period(conn, f, datasette.urls.path(path), target, result.total, fixed)
            if not fmt and not fixed and f["partner"]:
                data["partner_failing"] = _partner_failing(conn, f["partner"], datasette)
        data["choices"] = _choices(conn) if not fmt else {}
        data["described"] = _describe(f, tags)
        data["described_html"] = _describe(f, tags, html=True)
        return data

    try:
        data = await _with_conn(datasette, read, download=fmt in DOWNLOADS)
    except TookTooLong as e:
        if fmt:  # a feed reader or a spreadsheet: the words, not a page
            return Response.text(e.message, status=503)
        if extra is not None:  # a tag's or a partner's page: the error page says what to do
            raise
        # The search form again, with the words and filters as given, to narrow them right there.
        context = {"f": f, "choices": await _with_conn(datasette, _choices), "error": e.message}
        context.update(action=datasette.urls.path(path), fixed=fixed, search_url=datasette.urls.path("/-/search"))
        return await _render(datasette, request, template, context, status=503)
    if data.get("moved"):  # the page's own address, for one typed in another case or by a name
        return Response.redirect(
            datasette.urls.path(data["moved"]) + (f"?{request.query_string}" if request.query_string else "")
        )
    if data.get("missing"):
        raise NotFound(data["missing"])
    if fmt in DOWNLOADS and data["error"]:  # an address edited by hand: the page, which says what is wrong, in the form
        return Response.redirect(
            datasette.urls.path(path) + (f"?{request.query_string}" if request.query_string else "")
        )
    if fmt and data["error"]:  # a feed reader: the words
        return Response.text(data["error"], status=400)
    base = request.scheme + "://" + request.host
    feed_path = _feed_path(datasette, f)
    if fmt == ".atom":
        title = "newsflow: " + (
            data.get("feed_title") or ("releases " + data["described"] if data["described"] else "latest releases")
        )
        self_path = request.path + (f"?{request.query_string}" if request.query_string else "")
        return _atom_response(base, self_path, title, data["rows"], data["paragraphs"], data["target"], datasette)
    if fmt in DOWNLOADS:
        rows, left_out = data["rows"][:CSV_LIMIT], len(data["rows"]) > CSV_LIMIT
        # What it leaves out, in its name (a CSV is also read as data: no note among its rows) and in a workbook's
        # last line.
        named = data["described"] + (f", the first {CSV_LIMIT}" if left_out else "")
        # Written in a thread: 10,000 rows take seconds, in which the server answered no one else (years probe, s29).
        if fmt == ".csv":
            return await asyncio.to_thread(_csv_response, rows, data["target"], base, datasette, bool(f["q"]), named)
        return await asyncio.to_thread(
            _xlsx_response, rows, data["target"], base, datasette, bool(f["q"]), named, left_out
        )
    result: ResultPage = data["result"]
    context = {
        **data,
        "f": f,
        "pager": _pager(datasette.urls.path(path), f, result, page, fixed),
        # Offered to feed readers as the page offers it to people: where it holds releases (not a misspelled partner's)
        "feed_url": feed_path if result.total != 0 or fixed else "",  # (a partner's or tag's page: its feed, ever)
        "feed_title": "These results",
        "csv_url": datasette.urls.path("/-/search.csv") + (f"?{_query_string(f)}" if _query_string(f) else ""),
        "xlsx_url": datasette.urls.path("/-/search.xlsx") + (f"?{_query_string(f)}" if _query_string(f) else ""),
        "csv_limit": CSV_LIMIT,
        "action": datasette.urls.path(path),
        "fixed": fixed,
        "search_url": datasette.urls.path("/-/search"),
    }
    return await _render(datasette, request, template, context, status=400 if data["error"] else 200)


async def article_address(request: Any, datasette: Any) -> Response:
    """A release's address pasted with a character too many ("/-/article/8.", "/-/article/8)", a space before it):
    sent on to the release its one number names."""
    numbers = re.findall(r"\d+", unquote(request.url_vars["typed"]))
    if len(numbers) != 1 or len(numbers[0]) > 19:  # (more digits than any row id)
        raise NotFound("There is no page at this address: a release's address ends with its number, as /-/article/8.")
    return Response.redirect(datasette.urls.path(f"/-/article/{int(numbers[0])}"))


async def article_page(request: Any, datasette: Any) -> Response:
    """One release: headline and its translation, who and when, the text beside its machine
    translation, why it has its tags, earlier versions."""
    if len(request.url_vars["id"]) > 19:  # more digits than any row id (and than int() reads from a string)
        raise NotFound("There is no such release in this archive.")
    article_id = int(request.url_vars["id"])
    if article_id >= 2**63:  # more digits than any row id: no such release (SQLite would overflow)
        raise NotFound(f"There is no release number {article_id} in this archive.")

    def read(conn: sqlite3.Connection) -> dict[str, Any] | None:
        target = reader_language(datasette, conn)
        rows = article_rows(conn, [article_id], target)
        if not rows:
            return None
        a = _decorate(rows, _tags(conn))[0]
        source = conn.execute(
            "select id, name, partner, language from sources where id = ?", [a["source_id"]]
        ).fetchone()
        paragraphs = [
            dict(zip(("position", "text", "language", "heading", "translation", "provenance"), r, strict=True))
            for r in conn.execute(
                """select p.position, p.text, p.language, p.heading, t.text, t.provenance
               from paragraphs p left join translations t
                 on t.article_id = p.article_id and t.position = p.position and t.target = ?
               where p.article_id = ? order by p.position""",
                [target, article_id],
            )
        ]
        title_row = conn.execute(
            "select provenance from translations where article_id = ? and position = -1 and target = ?",
            [article_id, target],
        ).fetchone()
        title_language = next((p["language"] for p in paragraphs if p["language"] not in ("und", "")), a["language"])
        tags = [
            dict(zip(("id", "name", "kind", "mentions", "evidence"), r, strict=True))
            for r in conn.execute(
                """select x.tag_id, g.name, g.kind, x.mentions, x.evidence
               from article_tags x join tags g on g.id = x.tag_id
               where x.article_id = ? order by g.kind, g.name""",
                [article_id],
            )
        ]
        for t in tags:
            t["kind_text"] = t["kind"] or "tag"
            t["evidence"] = [_evidence_words(e, title_language) for e in json.loads(t["evidence"] or "[]")[:6]]
        revisions = [
            {"archived": moment_html(r[0]), "title": r[1], "paragraphs": (r[2] or "").split("\n")}
            for r in conn.execute(
                "select archived, title, text from revisions where article_id = ? order by archived desc, id desc",
                [article_id],
            )
        ]
        for number, p in enumerate(paragraphs, 1):
            p["language_name"] = language_name(p["language"])
            p["number"] = number
            if p["language"] == target:
                p["translation"] = None
        pending = a["translation_status"] in ("pending", "partial") and any(
            p["language"] not in (target, "und") and not p["translation"] for p in paragraphs
        )
        return {
            "a": a,
            "target": target,
            "target_name": language_name(target),
            "paragraphs": paragraphs,
            # Each paragraph's language is named where they are not all in one (then the release's says it).
            "languages_differ": len({p["language"] for p in paragraphs if p["language"] not in ("", "und")}) > 1,
            "translated": any(p["translation"] for p in paragraphs),
            "tags": tags,
            "revisions": revisions,
            "source": {"id": source[0], "name": source[1] or source[0], "language": _name_language(source[3])}
            if source
            else None,
            "title_provenance": (title_row[0] if title_row else a["translation_provenance"]) or "",
            "provenance": sorted({p["provenance"] for p in paragraphs if p["provenance"]}),
            "pending": pending,
            "note": _pending_words(a["translation_note"] or "", target),
            "title_language": title_language,
            "contacts": _contact_lines(a["contacts"]),
            "attachments": [
                _attachment(*r)
                for r in conn.execute(
                    "select url, title, content_type, substr(text, 1, ?), chars, error from attachments"
                    " where article_id = ? order by rowid",
                    [ATTACHMENT_SHOWN + 1, article_id],
                )
            ],
        }

    data = await _with_conn(datasette, read)
    if data is None:
        raise NotFound(f"There is no release number {article_id} in this archive.")
    a = data["a"]
    return await _render(
        datasette,
        request,
        "newsflow_article.html",
        {
            **data,
            "original": original_link(a["url"], a["canonical_url"]),
            "row_url": datasette.urls.row(datasette.get_database().name, "articles", str(article_id)),
            "search_url": datasette.urls.path("/-/search"),
            "attachment_shown": ATTACHMENT_SHOWN,
        },
    )


ATTACHMENT_SHOWN = 20_000  # the characters of an attachment's text a release's page shows (a report may be 1 MB)


def _attachment(
    url: str, title: str | None, kind: str | None, text: str | None, chars: int | None, error: str | None
) -> dict[str, Any]:
    """A file a release links to (a PDF, a spreadsheet), for its page: its link text or else its file name, a link
    only where the address is http(s), its kind, and the text read from it (its start, for a long one) or why none
    was read. A release published as a PDF behind a page of its own has its words here."""
    name = unquote(urlsplit(url or "").path.rstrip("/").rpartition("/")[2]) or url or ""
    text = text or ""
    return {
        "name": " ".join((title or "").split()) or name,
        "file": name,
        "link": safe_link(url),
        "address": url or "",
        "kind": (kind or "file").upper(),
        "chars": chars or len(text),
        "paragraphs": [p for p in _first_words(text, ATTACHMENT_SHOWN).split("\n") if p.strip()],  # (one a line)
        "cut": len(text) > ATTACHMENT_SHOWN,
        "why_none": ""
        if text
        else _file_error(error or "")
        or (
            f"newsflow reads the first {MAX_PDF_ATTACHMENTS} PDFs a release links to"
            if (kind or "") == "pdf"
            else "newsflow reads the text of PDFs only"
        ),
    }


def _first_words(text: str, chars: int) -> str:
    """A text's first ``chars`` characters, ended at a word's end with "…" where it goes on."""
    if len(text) <= chars:
        return text
    return text[:chars].rsplit(None, 1)[0] + " …"


# Why a file's text was not read, as fetching and reading it said (the first pattern that matches), in plain words.
_FILE_ERRORS = (
    (r"^unreadable PDF", "the file could not be read (a damaged PDF)"),
    (r"^encrypted PDF", "the PDF is locked with a password"),
    (r"^no text in PDF", "the PDF holds images only, no text (a scan?)"),
    (r"^not a PDF", "the address gives no PDF (a web page?)"),
    (r"\bHTTP (?:404|410)\b", "the file is no longer at this address"),
    (r"\bHTTP (\d{3})\b", "the newsroom's server did not give the file (HTTP {0})"),
    (r"robots\.txt", "the site asks programs such as newsflow not to fetch it"),
    (r"larger than|over the .* cap", "the file is larger than newsflow reads"),
    (r"no complete response|timed? ?out", "the newsroom's server took too long to send it"),
    (r"Connect|Connection|getaddrinfo|Name or service", "the newsroom's server could not be reached"),
)


def _file_error(error: str) -> str:
    """Why an attachment's text was not read, for a person: "the file is no longer at this address", not "HTTP 404
    (not found) (https://…)" or a PDF library's "PdfStreamError: Stream has ended unexpectedly"."""
    error = error.strip()
    for pattern, words in _FILE_ERRORS:
        if m := re.search(pattern, error, re.IGNORECASE):
            return words.format(*m.groups())
    error = re.sub(r"\s*\((?:https?|ftp)://[^)]*\)\s*$", "", error).rstrip(". ")  # (its address is listed beside it)
    return f"it could not be fetched: {error}" if error else ""


def _evidence_words(e: dict[str, Any], title_language: str) -> dict[str, str]:
    """One mention of a tag, for a person: “HOPE-hankkeessa” in paragraph 3 (Finnish, an inflected form), with the
    paragraph's anchor on the page (its number shown beside it).

    A headline is in the language of the text's first paragraph (the tagger records the release's
    main language for it)."""
    field, paragraph = e.get("field") or "text", e.get("paragraph")
    anchor = f"p{paragraph + 1}" if isinstance(paragraph, int) and paragraph >= 0 and field != "title" else ""
    where = (
        "in the headline"
        if field == "title"
        else f"in the machine translation of paragraph {paragraph + 1}"
        if field == "translation" and isinstance(paragraph, int) and paragraph >= 0
        else "in the machine translation"
        if field == "translation"
        else f"in paragraph {paragraph + 1}"
        if isinstance(paragraph, int) and paragraph >= 0
        else "in the text"
    )
    how = "written as listed" if float(e.get("confidence") or 0) >= 1 else "an inflected form of a listed name"
    code = title_language if field == "title" else str(e.get("language") or "")
    # The words as the release wrote them, marked as in their language (a Finnish “Seinäjoen kaupungin” on this English
    # page was read by a screen reader in English); "" (not known) where no language is recorded.
    return {
        "surface": str(e.get("surface", "")),
        "lang": code if code != "und" else "",
        "where": where,
        "anchor": anchor,
        "how": f"({language_name(code)}, {how})",
    }


def _range(f: dict[str, str]) -> tuple[str, str]:
    """The date filters as YYYY-MM-DD ("" where absent or not a date)."""
    out = []
    for key in ("from", "to"):
        try:
            out.append(parse_day(f[key], end=key == "to") if f.get(key) else "")
        except ValueError:
            out.append("")
    return out[0], out[1]


def _pending_words(note: str, target: str) -> str:
    """Why a translation is pending, for a person."""
    m = re.search(r"no model installed for (\w+)\W(\w+)", note)
    if m:
        pair = f"from {language_name(m.group(1))} into {language_name(m.group(2))}"
        return f"newsflow cannot translate {pair} on this server yet (the administrator installs a translation model)"
    return note or f"not translated into {language_name(target)} yet"


def _path_name(value: str) -> str:
    """A tag's or a partner's name as the page's address gives it: percent-escaped, or in Datasette's tilde form
    ("G~C3~B6teborg"), which Datasette redirects an address with escapes to when it finds no page there first."""
    return tilde_decode(unquote(value)) if "~" in value else unquote(value)


def _named_by_word(name: str, known: Mapping[str, str | tuple[str, ...]]) -> list[str]:
    """The names of which ``name`` is a whole word ("HOPE" of "HOPE project"), as shown, in order."""
    wanted = name.strip().casefold()
    return sorted(
        {s for k, shown in known.items() if wanted and wanted in k.casefold().split() for s in _as_tuple(shown)}
    )


def _as_tuple(shown: str | tuple[str, ...]) -> tuple[str, ...]:
    return (shown,) if isinstance(shown, str) else shown


def _not_here(kind: str, name: str, known: Mapping[str, str | tuple[str, ...]], where: str) -> str:
    """There is no such tag or partner, in words: the ones probably meant, and where the others are listed."""
    hint = did_you_mean(name, known)
    if not hint:  # a word of its name ("HOPE" for the partner "HOPE project"), which no spelling is close to
        named = _named_by_word(name, known)[:3]
        hint = f" Did you mean {' or '.join(f'“{n}”' for n in named)}?" if named else ""
    return f"There is no {kind} “{name}” in this archive.{hint} The {kind}s are listed {where}."


def _partners(conn: sqlite3.Connection) -> dict[str, str]:
    """Every partner a source or a release names, each shown as itself (for ``probably_meant``)."""
    return {r[0]: r[0] for r in conn.execute(f"select p from ({PARTNERS_SQL}) order by p")}


KIND_HEADINGS = {  # the taxonomy's kinds, as the tags page heads them (others by their own name)
    "project": "Projects",
    "programme": "Programmes",
    "practice": "Practices",
    "organisation": "Organisations",
    "place": "Places",
    "topic": "Topics",
}


async def tags_page(request: Any, datasette: Any) -> Response:
    """Every tag of the taxonomy, by kind, with how many releases mention it: the way in to a tag not mentioned
    lately (the home page lists only those), and to tell "Derry" (a place) from "Derry City and Strabane District
    Council" (an organisation)."""

    def read(conn: sqlite3.Connection) -> dict[str, Any]:
        counts = dict(conn.execute("select tag_id, count(*) from article_tags group by tag_id").fetchall())
        rows = conn.execute("select id, name, kind, parent from tags order by name collate nocase, id").fetchall()
        named = {r[0]: r[1] or r[0] for r in rows}
        groups = _by_kind(
            (kind, {"id": tag_id, "name": name or tag_id, "count": counts.get(tag_id, 0), "parent": named.get(parent)})
            for tag_id, name, kind, parent in rows
        )
        return {
            "kinds": [{"heading": heading, "id": f"kind-{k}", "tags": group} for k, heading, group in groups],
            "total": len(rows),
        }

    data = await _with_conn(datasette, read)
    return await _render(
        datasette, request, "newsflow_tags.html", {**data, "search_url": datasette.urls.path("/-/search")}
    )


def _report_refused(f: dict[str, str]) -> str:
    """Why no report can be made of the dates chosen ("" where one can): a From after today with no To (its report
    link sends the reader back here, and this says why)."""
    from .report import ReportError, check_period

    try:
        check_period(f.get("from") or None, f.get("to") or None, ("From", "To"))
    except (ReportError, ValueError) as e:
        return str(e)
    return ""


async def tag_page(request: Any, datasette: Any) -> Response:
    """A tag: its names per language, kind and parent, mentions by month, its releases with filters."""
    tag_id = _path_name(request.url_vars["id"])  # a tag id written with a space or a letter outside ASCII
    f = _filters(request, tag=tag_id)

    def extra(conn: sqlite3.Connection, tags: dict[str, dict[str, Any]]) -> dict[str, Any]:
        row = conn.execute(
            "select id, name, kind, parent, names, aliases, description from tags where id = ?", [tag_id]
        ).fetchone()
        if row is None:
            known = tag_named(conn, tag_id)
            moved = f"/-/tag/{quote(known, safe='')}" if known else ""
            called = tags_called(conn)
            several = ambiguous_tag(conn, tag_id)
            if several:  # a name two tags share ("kuntakokeilu"): which one is the reader's to say
                return {
                    "missing": f"{several}. Each has its page; the tags are listed on the Tags page (Tags, at the top"
                    " of every page).",
                    "moved": "",
                }
            return {
                "missing": _not_here("tag", tag_id, called, "on the Tags page (Tags, at the top of every page)"),
                "moved": moved,
            }
        names = json.loads(row[4] or "{}")
        months = tag_months(conn, tag_id)
        children = [
            tags[r[0]]
            for r in conn.execute("select id from tags where parent = ? order by name", [tag_id])
            if r[0] in tags
        ]
        # Releases that mention only its parts (House of Actions without HOPE): not in its count, said beside it.
        try:  # within the dates chosen, as the list below and the report for these dates are
            parts = [c["id"] for c in children]
            parts_only = parts_only_count(conn, tag_id, parts, f.get("from", ""), f.get("to", ""), _after_id(conn, f))
        except ValueError:  # a date that is none: the page says so, and no count is given for it
            parts_only = 0
        return {
            "report_refused": _report_refused(f),
            "tag": {
                "id": row[0],
                "name": row[1],
                "kind": row[2] or "tag",
                "description": row[6] or "",
                "parent": tags.get(row[3]) if row[3] else None,
                "children": children,
                "parts_only": parts_only,
                # (each with its code: a page marks "HOPE-projektet" as Swedish for a screen reader)
                # (a key of no language's code, "Finnish", is no lang attribute: the page's English then)
                "names": sorted(((language_name(k), ", ".join(v), _name_language(k)) for k, v in names.items() if v)),
                "aliases": ", ".join(json.loads(row[5] or "[]")),
            },
            "chart": _linked(month_chart(months, *_range(f)), datasette.urls.path(f"/-/tag/{path_part(tag_id)}"), f),
            "feed_title": f"releases about {row[1]}"
            + (f", {_describe({**f, 'tag': ''}, tags)}" if _describe({**f, "tag": ""}, tags) else ""),
        }

    return await _results_page(
        request,
        datasette,
        "",
        f,
        _page_number(request),
        path=f"/-/tag/{quote(tag_id, safe='')}",
        template="newsflow_tag.html",
        extra=extra,
        fixed=("tag",),
    )


async def report_download(request: Any, datasette: Any) -> Response:
    """The tag's dissemination report (as `newsflow report`) for the dates chosen on its page."""
    from .report import CONTENT_TYPES, ReportError, build_report, report_filename

    tag, fmt = unquote(request.url_vars["id"]), request.url_vars["fmt"]
    back = datasette.urls.path(f"/-/tag/{quote(tag, safe='')}") + (
        f"?{request.query_string}" if request.query_string else ""
    )  # the tag's page with the dates chosen, linked from the HTML report's top
    try:  # the dates as the tag page's filters take them (2021-03-01, 2021-03, 1.3.2021)
        start = parse_day(request.args["from"], names=("From", "To")) if request.args.get("from") else None
        end = parse_day(request.args["to"], end=True, names=("From", "To")) if request.args.get("to") else None

        def build(conn: sqlite3.Connection) -> tuple[bytes, str]:
            named = conn.execute("select name from tags where id = ?", [tag]).fetchone()
            return build_report(conn, tag, start, end, fmt, back_url=back), (named[0] if named else "") or ""

        data, tag_name = await _with_conn(datasette, build, download=True, advice=REPORT_ADVICE)
    except (ReportError, ValueError):  # an address edited by hand: the tag's page says what is wrong, in its form
        return Response.redirect(back)
    except TookTooLong as e:
        return Response.text(e.message, status=503)
    disposition = "inline" if fmt == "html" else "attachment"
    return Response(
        data,
        content_type=CONTENT_TYPES[fmt],
        headers={
            "Content-Disposition": f'{disposition}; filename="{report_filename(tag, start, end, fmt, name=tag_name)}"'
        },
    )


def _digest_settings(datasette: Any) -> Any:
    """The ``[digest]`` settings of the feeds.toml ``newsflow serve`` was given (None without one).

    Raises ConfigError when that file cannot be read."""
    from .config import ConfigError, load_config

    path = (datasette.plugin_config("newsflow") or {}).get("config", "")
    if not path or not Path(path).exists():
        return None
    key = (path, Path(path).stat().st_mtime_ns)  # read again only when the file changes (the home page asks each time)
    if key not in _DIGESTS_READ:
        _DIGESTS_READ.clear()
        config = load_config(path)
        if config.digest_error:
            raise ConfigError(config.digest_error)
        _DIGESTS_READ[key] = config.digest
    return _DIGESTS_READ[key]


_DIGESTS_READ: dict[tuple[str, int], Any] = {}


def _a_or_an(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def _digest_items(datasette: Any, settings: Any, tags: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each configured digest as the digests page lists it: its name, what it selects in words, its preview."""
    from .digest import words_language  # (the digest module is loaded where digests are shown, not at start)

    items = []
    for spec in settings.digests if settings is not None else ():
        # A release matches one of the tags, one of the partners and one of the searches (those it names), as
        # digest.new_articles selects them.
        picks = [
            f"{word} {and_list(names, 'or')}"
            for word, names in (
                ("about", [(tags.get(t) or {}).get("name", t) for t in spec.tags]),
                ("from", list(spec.partners)),
                ("matching", [f"“{q}”" for q in spec.queries]),
            )
            if names
        ]
        items.append(
            {
                "name": spec.name,
                "url": datasette.urls.path(f"/-/digest/{path_part(spec.name)}"),
                "selects": "releases " + " and ".join(picks) if picks else "every release",
                "recipients": len(spec.to),
                # The e-mail's language, not the releases': a digest holds releases in every language, their snippets
                # in the reader's where a translation is at hand ("written in Finnish" read as Finnish releases only).
                "language": f"in {_a_or_an(language_name(spec.lang))} e-mail"
                if words_language(spec.lang) == spec.lang  # (a digest has its words in fi, sv and en)
                else f"in an English e-mail (snippets in {language_name(spec.lang)} where a translation is at hand)",
                # Dropped from the taxonomy since: it cannot be sent (the archive keeps such a tag until a retag).
                "gone": [
                    (tags.get(t) or {}).get("name", t)
                    for t in spec.tags
                    if t not in tags or (settings.taxonomy and t not in settings.taxonomy)
                ],
            }
        )
    return items


# The feeds a subscribe page may name: the reading room's own (a path on this server, never another site's address).
NO_SUCH_FEED = "There is no such feed here: use a Subscribe link of the reading room."
_FEED_PATH = re.compile(r"/-/(?:search\.atom(?:\?[^\s<>\"'#]*)?|feeds/(?:tag|source)/[^/\s<>\"'?#]+\.atom)")


async def subscribe_page(request: Any, datasette: Any) -> Response:
    """How to follow a feed, in words: a feed's address opened in a browser is a page of XML to anyone who does not
    know what to do with it. The address to paste into Outlook or a feed reader, and the steps."""
    feed = request.args.get("feed") or ""
    prefix = datasette.urls.path("/")[:-1]  # the reading room's base path, when served under one
    own = feed[len(prefix) :] if prefix and feed.startswith(prefix) else feed
    if not _FEED_PATH.fullmatch(own):
        raise NotFound(NO_SUCH_FEED)

    def title(conn: sqlite3.Connection) -> str:
        """What the feed holds, in words, from the feed itself (not from the link); "" for a feed there is not."""
        kind, _, key = own.removeprefix("/-/feeds/").removesuffix(".atom").partition("/")
        if kind in ("tag", "source") and key:
            table = "tags" if kind == "tag" else "sources"
            row = conn.execute(f"select name from {table} where id = ?", [unquote(key)]).fetchone()
            return "" if row is None else f"releases about {row[0]}" if kind == "tag" else row[0] or unquote(key)
        asked = {k: v[-1] for k, v in parse_qs(urlsplit(own).query).items()}
        _as_meant(conn, asked)  # as the feed reads its filters
        described = _describe(asked, _tags(conn))
        return f"releases {described}" if described else "the latest releases"

    said = await _with_conn(datasette, title)
    if not said:
        raise NotFound(NO_SUCH_FEED)
    # A feed with an end date brings nothing dated after it: say so, and offer the same feed without it.
    asked = parse_qs(urlsplit(own).query)
    until, open_ended = "", ""
    # (Only an end written with its year: "7d", "yesterday" or "25.11." move with the days, and no day can be named.)
    if own.startswith("/-/search.atom") and asked.get("to") and re.search(r"\d{4}", asked["to"][-1]):
        with contextlib.suppress(ValueError):
            until = day_text(parse_day(asked["to"][-1], end=True))
        rest = urlencode([(k, v) for k, values in asked.items() if k != "to" for v in values])
        open_ended = (
            datasette.urls.path("/-/subscribe")
            + "?"
            + urlencode({"feed": datasette.urls.path("/-/search.atom") + (f"?{rest}" if rest else "")})
        )
    context = {
        "until": until,
        "open_ended": open_ended if until else "",
        "title": said,
        "feed": datasette.urls.path(own),
        "address": request.scheme + "://" + request.host + datasette.urls.path(own),
        "password": getattr(datasette, "newsflow_staff", None) is not None,
        "digests_url": datasette.urls.path("/-/digests"),
    }
    return await _render(datasette, request, "newsflow_subscribe.html", context)


async def _digests_unreadable(datasette: Any, request: Any, error: Exception) -> Response:
    """The digests page where feeds.toml's digests have a mistake: that they cannot be shown until whoever runs
    newsflow mends it, and the mistake for them (logged too). Staff review (s38): the page was "Something went wrong"
    with "Trying again later may help", which it never does."""
    print(f"Error while serving {request.path}: the digests cannot be read: {error}", file=sys.stderr)
    return await _render(datasette, request, "newsflow_digests.html", {"problem": str(error)}, status=500)


async def digests_page(request: Any, datasette: Any) -> Response:
    """The digests set up in feeds.toml, each with a link to its preview."""
    from .config import ConfigError

    try:
        settings = _digest_settings(datasette)
    except ConfigError as e:
        return await _digests_unreadable(datasette, request, e)
    tags = await _with_conn(datasette, _tags)
    return await _render(
        datasette, request, "newsflow_digests.html", {"digests": _digest_items(datasette, settings, tags)}
    )


async def digest_page(request: Any, datasette: Any) -> Response:
    """A preview of what the next digest of that name would send (nothing is sent or remembered)."""
    from .config import ConfigError
    from .digest import DigestError, check_spec, digest_preview

    name = request.url_vars["name"]
    try:
        settings = _digest_settings(datasette)
    except ConfigError as e:
        return await _digests_unreadable(datasette, request, e)
    if settings is None or settings.get(name) is None:
        known = [d.name for d in settings.digests] if settings is not None else []
        raise NotFound(
            f"There is no digest “{name}” in this newsroom's settings. "
            + (f"The digests set up: {', '.join(known)}." if known else "No digest is set up.")
        )

    def preview(conn: sqlite3.Connection) -> tuple[str, str]:
        try:  # (a tag since dropped from the taxonomy, a query gone wrong)
            check_spec(conn, settings.spec(name), settings.taxonomy)
        except DigestError as e:
            return "", str(e).split("; choose from:")[0]  # the list of every tag id is for whoever edits feeds.toml
        return digest_preview(conn, settings, name), ""

    # As long as a download may take (a digest of a broad selection reads many releases), with words for a digest.
    page, problem = await _with_private(datasette, preview, download=True, advice=DIGEST_ADVICE.format(name=name))
    page = page.replace("<head>", '<head><base target="_blank">', 1)  # its links open beside the preview
    context = {"name": name, "email_html": page, "problem": problem}
    return await _render(datasette, request, "newsflow_digest.html", context)


def _contact_lines(contacts: str | None) -> list[str]:
    """A release's press contacts as a page lists them, a line each."""
    return [line for line in (contacts or "").split("\n") if line.strip()]


CONTACT_RELEASES = 50  # a partner's newest releases, among which its page looks for the latest press contact
PARTNER_INDEX = "idx_articles_partner_published"


def _latest_contact(conn: sqlite3.Connection, partner: str, hint: str) -> Any:
    """Whom to call at a partner: (id, title, published, first seen, contacts, language) of its latest release that
    names a press contact, among its CONTACT_RELEASES newest dated and undated ones (found on the index of partner and
    publication; reading every release of a partner whose releases name none took 60-90 ms on 100,000 releases, the
    releases' long rows read to their last column); None where none does."""
    newest = f"select n.id from articles n {hint} where n.partner = ? and"
    return conn.execute(
        f"""select a.id, a.title, a.published, a.first_seen, a.contacts,
                   coalesce((select p.language from paragraphs p where p.article_id = a.id
                             and p.language not in ('', 'und') order by p.position limit 1), a.language)
            from articles a
            where a.id in (
                select id from ({newest} n.published > '' order by n.published desc limit {CONTACT_RELEASES})
                union all
                select id from ({newest} (n.published is null or n.published = '')
                                order by n.first_seen desc limit {CONTACT_RELEASES}))
            and a.contacts > '' order by coalesce(nullif(a.published, ''), a.first_seen) desc limit 1""",
        [partner, partner],
    ).fetchone()


async def partner_page(request: Any, datasette: Any) -> Response:
    """A partner: what it published lately, and its sources' health in words."""
    name = _path_name(request.url_vars["name"])
    f = _filters(request, partner=name)

    def extra(conn: sqlite3.Connection, tags: dict[str, dict[str, Any]]) -> dict[str, Any]:
        sources = conn.execute(
            f"""select s.id, s.name, s.kind, s.url, s.last_attempt, s.last_success, s.last_new_item,
                      s.consecutive_failures, s.last_error, s.next_attempt, s.configured, {FAILING_SINCE}, s.language
               from sources s where s.partner = ? order by s.id""",
            [name],
        ).fetchall()
        known = conn.execute("select 1 from articles where partner = ? limit 1", [name]).fetchone()
        if not sources and not known:
            other = partner_named(conn, name)
            moved = f"/-/partner/{quote(other, safe='')}" if other else ""
            return {"missing": _not_here("partner", name, _partners(conn), "on the home page"), "moved": moved}
        keys = (
            "id",
            "name",
            "kind",
            "url",
            "last_attempt",
            "last_success",
            "last_new_item",
            "consecutive_failures",
            "last_error",
            "next_attempt",
            "configured",
            "failing_since",
            "language",
        )
        try:
            latest = _latest_contact(conn, name, f"indexed by {PARTNER_INDEX}")
        except sqlite3.OperationalError:  # (an archive whose index is still to be made: slower, the same answer)
            latest = _latest_contact(conn, name, "")
        contact = (
            {
                "id": latest[0],
                "title": latest[1],
                "date": day_text(latest[2]) if latest[2] else f"date unknown, first seen {day_text(latest[3])}",
                "lines": _contact_lines(latest[4]),
                # its headline's and contacts' language: its first paragraph's, as the release's own page says
                "language": latest[5] if latest[5] != "und" else "",
            }
            if latest
            else None
        )
        return {
            "partner": name,
            "sources": [
                {**health_words(dict(zip(keys, s, strict=True))), "name_language": _name_language(s[-1])}
                for s in sources
            ],
            "contact": contact,
        }

    return await _results_page(
        request,
        datasette,
        "",
        f,
        _page_number(request),
        path=f"/-/partner/{quote(name, safe='')}",
        template="newsflow_partner.html",
        extra=extra,
        fixed=("partner",),
    )


READ_FROM = {"feed": "its feed", "sitemap": "its sitemap"}  # the kinds of source a person does not read


def _still_ahead(stamp: str | None) -> bool:
    """Whether an ISO 8601 moment is still to come."""
    try:
        moment = datetime.fromisoformat(stamp or "")
    except ValueError:
        return False
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)) > datetime.now(UTC)


def health_words(s: dict[str, Any]) -> dict[str, Any]:
    """A source's health in words: working, failing since when and why, the next try."""
    failures = int(s.get("consecutive_failures") or 0)
    s["link"] = safe_link(s.get("url"))
    if s["link"] and s.get("kind") in READ_FROM:
        # A feed or a sitemap opened in a browser is a page of XML: its address is shown as text, and the link is to
        # the site it belongs to.
        parts = urlsplit(s["link"])
        s["read_from"], s["site"], s["site_name"] = (
            READ_FROM[s["kind"]],
            f"{parts.scheme}://{parts.netloc}/",
            parts.netloc,
        )
        s["link"] = None
    if s.get("configured") == 0:
        s["state"] = "retired"
        s["summary"] = "No longer followed"
        s["why"] = "It was taken out of newsflow's configuration (or renamed there); what it published stays here."
        s["next"] = "Not read any more"
    elif failures:  # (its moments as every page shows them: in the reader's own time zone, moment_html)
        since = moment_html(s.get("failing_since") or s.get("last_attempt"))
        s["state"] = "failing"
        s["summary"] = (Markup("Failing since {}").format(since) if since else "Failing") + (
            f" ({failures} attempts in a row)" if failures > 1 else " (the last attempt)"
        )
        s["why"] = error_words(s.get("last_error") or "", read_before=bool(s.get("last_success")))
        s["next"] = (
            Markup("Next try: {}").format(moment_html(s["next_attempt"]))
            if _still_ahead(s.get("next_attempt"))
            else "Next try: at the next nightly run"  # (a wait that has passed: the next run asks it)
        )
    elif s.get("last_success"):
        s["state"] = "working"
        s["summary"] = Markup("Working: last read {}").format(moment_html(s["last_success"]))
        s["why"] = f"Its newest item was first seen {day_text(s['last_new_item'])}." if s.get("last_new_item") else ""
        s["next"] = "Next try: at the next nightly run"
    else:
        s["state"] = "unknown"
        s["summary"], s["why"], s["next"] = "Not read yet", "", "Next try: at the next nightly run"
    return s


ERROR_WORDS = (
    (r"HTTP 404", "the newsroom's page is not there any more (the site answers “not found”)"),
    (r"HTTP 410", "the newsroom's page has been removed (the site answers “gone”)"),
    (r"HTTP 40[13]", "the site refuses newsflow (it asks for a login or forbids access)"),
    (r"HTTP 429", "the site asks newsflow to slow down"),
    (r"HTTP 5\d\d", "the site had an error on its side"),
    (r"no complete response within|Timeout", "the site did not answer in time"),
    (
        r"cannot reach the host|ConnectError|Name or service|nodename|no name server answered",
        "the site could not be reached",
    ),
    (r"robots\.txt", "the site's robots.txt does not let newsflow in for now"),
    (r"larger than|over the .* cap", "the page is larger than newsflow accepts"),
    (r"SSL|certificate", "the site's security certificate could not be checked"),
    (r"not a feed|could not parse|no links", "the page no longer looks like a news listing (has its layout changed?)"),
)


# A source never read well has no layout that changed: its address is probably not the newsroom's listing (admin
# probe, s41: a new source's page said "no longer").
NEVER_A_LISTING = "the page does not look like a news listing (is its address the newsroom's list of releases?)"


def error_words(error: str, read_before: bool = True) -> str:
    """An error message in plain words (the technical message kept after it); ``read_before``: the source was read
    well once (for a new source, a page that is no listing was never one)."""
    for pattern, words in ERROR_WORDS:
        if re.search(pattern, error, re.IGNORECASE):
            if not read_before and "no longer" in words:
                words = NEVER_A_LISTING
            return f"{words[0].upper()}{words[1:]}."
    return "It gave an error." if error else ""


def tag_months(conn: sqlite3.Connection, tag_id: str) -> list[tuple[str | None, int]]:
    """(month, releases) for a tag; undated releases under None.

    A tag on many articles is counted by walking the month index (small entries, already in
    order); a rarer one by looking up its articles one by one: each the cheaper for its size.
    """
    total = conn.execute("select count(*) from article_tags where tag_id = ?", [tag_id]).fetchone()[0]
    articles = conn.execute("select count(*) from articles").fetchone()[0]
    scan = "indexed by idx_articles_month" if total * 10 > articles else ""
    sql = """select a.month, count(*) from articles a {} where a.month > ''
              and a.id in (select article_id from article_tags where tag_id = ?) group by a.month"""
    try:
        dated = conn.execute(sql.format(scan), [tag_id]).fetchall()
    except sqlite3.OperationalError:  # an archive without that index
        dated = conn.execute(sql.format(""), [tag_id]).fetchall()
    undated = total - sum(n for _, n in dated)
    return [*dated, *([(None, undated)] if undated > 0 else [])]


def _linked(chart: dict[str, Any], path: str, f: dict[str, str]) -> dict[str, Any]:
    """Each month of a chart with the address of its releases: the page narrowed to that month, at its list of
    releases (its order kept; not its other filters, which the chart does not count by). Staff asked for a month by
    clicking it, and could only type it into From and To."""
    keep = {"order": f.get("order", "")}
    for bar in chart.get("bars", []):
        year, month = int(bar["month"][:4]), int(bar["month"][5:])
        last = calendar.monthrange(year, month)[1]
        dates = {"from": f"{bar['month']}-01", "to": f"{bar['month']}-{last:02d}"}
        bar["url"] = f"{path}?{_query_string({**keep, **dates})}#releases"
    return chart


def month_chart(months: list[tuple[str | None, int]], start: str = "", end: str = "") -> dict[str, Any]:
    """Mentions by month as bars for an inline SVG (every month of the span, empty ones too); the
    months from ``start`` to ``end`` (YYYY-MM-DD, either may be empty) are marked as chosen."""
    counts = {m: n for m, n in months if m and re.fullmatch(r"\d{4}-\d{2}", m)}
    undated = sum(n for m, n in months if not (m and re.fullmatch(r"\d{4}-\d{2}", m)))
    if not counts:
        return {"bars": [], "undated": undated, "total": undated}
    first, last = min(counts), max(counts)
    y, m = int(first[:4]), int(first[5:])
    span = []
    while f"{y:04d}-{m:02d}" <= last:
        span.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    top = max(counts.values())
    width, height, left = 720, 160, 30
    step = (width - left) / len(span)
    bars: list[dict[str, Any]] = []
    for i, month in enumerate(span):
        n = counts.get(month, 0)
        h = round((height - 30) * n / top, 1)
        bars.append(
            {
                "month": month,
                "label": f"{ENGLISH_MONTHS[int(month[5:]) - 1]} {month[:4]}",
                "count": n,
                "x": round(left + i * step + step * 0.1, 1),
                "w": round(max(step * 0.8, 1), 1),
                "y": round(height - 20 - h, 1),
                "h": h,
                "year": month[:4] if month.endswith("-01") or i == 0 else "",
                "in_range": bool((start or end) and (start or "0")[:7] <= month <= (end or "9")[:7]),
            }
        )
    # A year's label stands where its January is; the first month's year only where it leaves room before the next
    # label (a span starting in December printed "2020" over "2021").
    labelled = [b for b in bars if b["year"]]
    if len(labelled) > 1 and labelled[1]["x"] - labelled[0]["x"] < 36:
        labelled[0]["year"] = ""
    return {
        "bars": bars,
        "top": top,
        "undated": undated,
        "total": sum(counts.values()) + undated,
        "width": width,
        "height": height,
        "left": left,
        "base": height - 20,
        "first": bars[0]["label"],
        "last": bars[-1]["label"],
        "with_mentions": [b for b in bars if b["count"]],
    }


async def static_file(request: Any, datasette: Any) -> Response:
    """The reading room's stylesheet (shipped in the package: nothing is loaded from the internet)."""
    path = STATIC / request.url_vars["name"]
    if not path.is_file():
        raise NotFound("No such file")
    kind = "text/css" if path.suffix == ".css" else "image/svg+xml"
    response = Response(path.read_text(encoding="utf-8"), content_type=f"{kind}; charset=utf-8")
    response.headers["Cache-Control"] = "max-age=3600"
    return response


# ---------------------------------------------------------------- Atom and CSV


def _first_paragraphs(conn: sqlite3.Connection, ids: list[int], chars: int = 600) -> dict[int, list[tuple[str, str]]]:
    """Each article's first paragraphs (text, language), about ``chars`` characters of them."""
    out: dict[int, list[tuple[str, str]]] = {}
    if not ids:
        return out
    for article_id, text, lang in conn.execute(
        f"""select article_id, text, language from paragraphs where article_id in ({", ".join("?" * len(ids))})
                and position < 8 order by article_id, position""",
        ids,
    ):
        have = out.setdefault(article_id, [])
        if sum(len(t) for t, _ in have) < chars:
            have.append((text or "", lang or "und"))
    return out


# What XML 1.0 does not allow in a document (ESC, BEL, \x01, \x0b... a page may hold them): one in a feed makes a
# feed reader reject the whole feed, so they are dropped as the feed is written.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _atom_date(value: str | None) -> str:
    value = value or "1970-01-01"
    if len(value) == 10:
        value += "T00:00:00+00:00"
    elif not re.search(r"(?:[+-]\d\d:\d\d|Z)$", value):  # a time as the page wrote it, without its zone
        value += "+00:00"
    return value


def atom_xml(
    base: str,
    self_path: str,
    title: str,
    rows: list[dict[str, Any]],
    paragraphs: dict[int, list[tuple[str, str]]],
    target: str,
    article_path: Any,
) -> str:
    """An Atom feed of articles. Every paragraph of a summary carries its own language (xml:lang),
    so a mixed fi/en release is both; machine translations are labelled as such."""
    xhtml = 'xmlns="http://www.w3.org/1999/xhtml"'
    entries = []
    for r in rows:
        paras = paragraphs.get(r["id"]) or [((r["text"] or "")[:600], r["language"] or "und")]
        title_lang = next((lang for _, lang in paras if lang != "und"), r["language"] or "und")
        summary = "".join(f"<p xml:lang={quoteattr(lang)}>{escape(text)}</p>" for text, lang in paras)
        translated = ""
        if r.get("title_translation") or r.get("translation"):
            label = "Machine translation (machine-made, not the partner's own words)"
            translated = (
                f'<content type="xhtml" xml:lang={quoteattr(r.get("translation_target") or target)}>'
                f"<div {xhtml}><p><em>{escape(label)}</em></p>"
                + (f"<h1>{escape(r['title_translation'])}</h1>" if r.get("title_translation") else "")
                + (f"<p>{escape((r['translation'] or '')[:600])}</p>" if r.get("translation") else "")
                + "</div></content>"
            )
        categories = "".join(
            f"<category term={quoteattr(t['id'])} label={quoteattr(t['name'])}/>" for t in r.get("tag_items", [])
        )
        link = safe_link(r["url"]) or base + article_path(r["id"])
        when = r["when"]
        # An undated release has no publication date to give (its archiving time is not one); an address that is no
        # http(s) link (a hostile page's) is not its identity either: the reading room's page is.
        published = f"<published>{_atom_date(when)}</published>" if r.get("published") else ""
        entries.append(
            f"<entry><id>{escape(safe_link(r['url']) or base + article_path(r['id']))}</id><title "
            f"xml:lang={quoteattr(title_lang)}>{escape(r['title'] or opening_words(r['text']) or r['url'])}"
            f"</title><link href={quoteattr(link)}/>"
            f'<link rel="related" type="text/html" href={quoteattr(base + article_path(r["id"]))}/>'
            f"<updated>{_atom_date(when)}</updated>{published}"
            f"<author><name>{escape(r['partner'] or r['source_id'] or '')}</name></author>"
            f'<summary type="xhtml"><div {xhtml}>{summary}</div></summary>{translated}{categories}</entry>'
        )
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    updated = max((_atom_date(r["when"]) for r in rows), default=now)
    return _XML_INVALID.sub(
        "",
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<id>{escape(base + self_path)}</id><title>{escape(title)}</title><updated>{updated}</updated>"
        f'<link rel="self" href={quoteattr(base + self_path)}/>' + "".join(entries) + "</feed>",
    )


def _atom_response(
    base: str,
    self_path: str,
    title: str,
    rows: list[dict[str, Any]],
    paragraphs: dict[int, list[tuple[str, str]]],
    target: str,
    datasette: Any,
) -> Response:
    xml = atom_xml(base, self_path, title, rows, paragraphs, target, lambda i: datasette.urls.path(f"/-/article/{i}"))
    return Response(xml, content_type="application/atom+xml; charset=utf-8")


def _download_table(
    rows: list[dict[str, Any]], target: str, base: str, datasette: Any, with_snippet: bool
) -> tuple[list[str], list[list[Any]]]:
    """The results as a table headed in words, for the spreadsheet staff open it in (`newsflow export` keeps the
    archive's column names): a release's date as a date, its languages as its page and the report name them (most of
    its text first)."""
    header = [
        "Date",
        "Partner",
        "Languages",
        "Headline",
        f"Headline (machine translation into {language_name(target)})",
        "Tags",
        "Original",
        "In the reading room",
    ]
    if with_snippet:
        header += ["Where the words were found", "Found in"]
    lines = []
    for r in rows:
        line: list[Any] = [
            (r["published"] or "")[:10],
            r["partner"] or "",
            languages_text(r["languages"]),  # as the release's page names them: most of its text first
            r["title"] or "",
            r["title_translation"] or "",
            "; ".join(t["name"] for t in r["tag_items"]),
            r["url"],
            base + datasette.urls.path(f"/-/article/{r['id']}"),
        ]
        if with_snippet:
            line += [
                r["snippet"],
                "machine translation"
                if r["machine_translation"]
                else "attachment"
                if r["in_attachment"]
                else "press contacts"
                if r["in_contacts"]
                else "original text",
            ]
        lines.append(line)
    return header, lines


def _csv_response(
    rows: list[dict[str, Any]], target: str, base: str, datasette: Any, with_snippet: bool, described: str = ""
) -> Response:
    """The results as `newsflow export` and `newsflow report` write CSV: UTF-8 with a BOM (Excel reads it as UTF-8),
    dates as YYYY-MM-DD, and a cell that would start a formula kept as text (CSV injection)."""
    from .report import text_cell

    header, lines = _download_table(rows, target, base, datasette, with_snippet)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(header)
    for line in lines:
        writer.writerow([text_cell(v) if isinstance(v, str) else v for v in line])
    response = Response(out.getvalue(), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{_download_name(described, "csv")}"'
    return response


def _download_name(described: str, ext: str) -> str:
    """What a download holds, as its file's name: "releases matching HOPE, until 31 May 2026, 2026-12-02.xlsx" (plain
    safe ASCII, as report file names are; the day it was made last)."""
    from .report import _file_words

    words = _file_words(f"releases {described}" if described else "latest releases")[:120].strip(" .,-")
    return f"{words}, {datetime.now(UTC).date().isoformat()}.{ext}"


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(
    rows: list[dict[str, Any]],
    target: str,
    base: str,
    datasette: Any,
    with_snippet: bool,
    described: str = "",
    left_out: bool = False,
) -> Response:
    """The same table as an Excel workbook: a comma-separated file opens in one column in an Excel set up for Finnish,
    Swedish or Slovenian (which separate columns by semicolons). Dates are dates, the two addresses links (http and
    https only), every text a text (never a formula), the header frozen with filters on it."""
    from .report import table_sheet, text_workbook

    header, lines = _download_table(rows, target, base, datasette, with_snippet)
    out, wb, formats = text_workbook(rows_in_order=True)
    widths = (12, 24, 18, 60, 60, 40, 40, 30, 70, 18)[: len(header)]
    links = ("Original", "In the reading room")
    ws = table_sheet(wb, formats, header, lines, widths, dates={"Date"}, links=links, link_of=safe_link)
    if left_out:  # below the table, outside its filter, in bold where the rows end
        ws.write_string(
            len(lines) + 2,
            0,
            f"This file holds the first {CSV_LIMIT:,} releases of the search only: narrow it (a date range, a "
            "partner, a tag) and download each part to have them all.",
            formats["bold"],
        )
    wb.close()
    response = Response(out.getvalue(), content_type=XLSX_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{_download_name(described, "xlsx")}"'
    return response


async def atom_feed(request: Any, datasette: Any) -> Response:
    """An Atom feed of the newest articles with a tag, or from a source, so staff can subscribe."""
    kind, key = request.url_vars["kind"], unquote(request.url_vars["key"])

    def read(conn: sqlite3.Connection) -> dict[str, Any] | None:
        if kind == "tag":
            head = conn.execute("select name, kind from tags where id = ?", [key]).fetchone()
            title = f"{head[0]} ({head[1]})" if head else None
        else:
            head = conn.execute("select coalesce(partner, name) from sources where id = ?", [key]).fetchone()
            title = head[0] if head else None
        if head is None:
            return None
        target = reader_language(datasette, conn)
        page = find_articles(
            conn,
            "",
            limit=FEED_SIZE,
            target=target,
            count=False,
            tag=key if kind == "tag" else "",
            source=key if kind != "tag" else "",
        )
        rows = _decorate(page.rows, _tags(conn))
        return {
            "title": title,
            "rows": rows,
            "target": target,
            "paragraphs": _first_paragraphs(conn, [r["id"] for r in rows]),
        }

    try:
        data = await _with_conn(datasette, read)
    except TookTooLong as e:
        return Response.text(e.message, status=503)
    if data is None:
        return Response.text(f"No {kind} {key!r} in this archive", status=404)
    base = request.scheme + "://" + request.host
    return _atom_response(
        base, request.path, f"newsflow: {data['title']}", data["rows"], data["paragraphs"], data["target"], datasette
    )


# ---------------------------------------------------------------- Datasette's own CSV

# A cell a spreadsheet would read as a formula (CSV injection), unless it is a number ("-5", "+3.2e4").
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


class _SafeCsv:
    """Datasette's own CSV (a table's or a query's "CSV" link, streamed too) passed on with every text cell that
    would start a formula given a ``'`` in front, as every CSV newsflow writes itself (``report.text_cell``): a
    partner's headline "=HYPERLINK(…)" stays text in Excel. Rows are passed on as they complete: a record ends at a
    line break outside quotes, that is where the quotes seen so far are even in number."""

    def __init__(self) -> None:
        import codecs

        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""
        self._scanned = 0  # how far the pending text was looked through for records' ends ...
        self._quotes = 0  # ... and how many quotes since the last end found

    def feed(self, data: bytes, final: bool = False) -> bytes:
        from .report import text_cell

        self._pending += self._decoder.decode(data, final=final)
        cut = len(self._pending) if final else self._record_end()
        done, self._pending = self._pending[:cut], self._pending[cut:]
        self._scanned -= cut
        if not done:
            return b""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        # A release's text or attachments may be millions of characters: csv's own limit (131,072) would end the
        # download there, with an error line for its last row.
        csv.field_size_limit(max(csv.field_size_limit(), len(done)))
        for row in csv.reader(io.StringIO(done, newline="")):
            writer.writerow([c if _NUMBER.fullmatch(c) else text_cell(c) for c in row])
        return out.getvalue().encode("utf-8")

    def _record_end(self) -> int:
        """Where the complete records in what is pending end (0 for none yet). Each character is looked at once,
        however the text comes cut: a long cell arriving in many pieces is not scanned again from its start."""
        end = 0
        while (brk := self._pending.find("\n", self._scanned)) >= 0:
            self._quotes += self._pending.count('"', self._scanned, brk)
            self._scanned = brk + 1
            if self._quotes % 2 == 0:
                end, self._quotes = self._scanned, 0
        return end


READS = ("GET", "HEAD", "OPTIONS")
NOTHING_WRITTEN = "The reading room only reads the archive: nothing can be sent to it or changed from here."


CROSS_SITE_QUERY = (
    "A query sent by another web site is not run here: open the reading room's All tables page and type it there."
)


def _cross_site_query(scope: dict[str, Any]) -> bool:
    """Whether a request asks for SQL of its own (``?sql=``, ``?_where=``) and the browser says another site sent it
    (``Sec-Fetch-Site: cross-site``): a hostile page (a partner's, opened through an Original link) could make a staff
    browser run a query, with an image or a redirect, that makes the reading room build a reply of gigabytes. Typed
    into the address bar or sent by the reading room's own pages, a query runs."""
    headers = dict(scope.get("headers") or [])
    if headers.get(b"sec-fetch-site", b"").strip().lower() != b"cross-site":
        return False
    query = scope.get("query_string", b"").decode("latin-1")
    # (also written s%71l=; a table page's _where= is SQL of one's own too)
    return any(key in ("sql", "_where") for key, _ in parse_qsl(query, keep_blank_values=True))


_HTML_OPENING = b"<!DOCTYPE html>\n<html>"


def _in_english(send: Any) -> Any:
    """``send`` with every HTML page's ``<html>`` saying its language (English: its menus, headings and labels are,
    whatever the releases are written in, which their own elements say): Datasette's page opens with a bare
    ``<html>``, so a screen reader set to Finnish read the reading room's English in Finnish (WCAG 3.1.1)."""
    state = {"html": False, "first": True}

    async def sent(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            headers = message.get("headers") or []
            kind = dict(headers).get(b"content-type", b"").split(b";")[0].strip().lower()
            if kind == b"text/html":
                state["html"] = True
                message = {**message, "headers": [(k, v) for k, v in headers if k.lower() != b"content-length"]}
        elif message["type"] == "http.response.body" and state["html"] and state["first"]:
            state["first"] = False
            body = message.get("body", b"")
            at = body.find(_HTML_OPENING, 0, 200)  # the page's opening: before it, only whitespace
            if at >= 0:
                end = at + len(_HTML_OPENING) - 1
                message = {**message, "body": body[:end] + b' lang="en"' + body[end:]}
        await send(message)

    return sent


# Every answer: no content type guessed from a body (a release's text served as a script), and no framing by another
# site (a page of the reading room put under another's buttons); the digest preview frames its own e-mail (security
# probe, s36: none was set).
HARDENING = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"content-security-policy", b"frame-ancestors 'self'"),
)


def _hardened(send: Any) -> Any:
    """``send`` with HARDENING's headers on every answer (where the app did not set them)."""

    async def sent(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers") or [])
            have = {k.lower() for k, _ in headers}
            message = {**message, "headers": headers + [h for h in HARDENING if h[0] not in have]}
        await send(message)

    return sent


async def _say(send: Any, status: int, text: str, *headers: tuple[bytes, bytes]) -> None:
    """Answer with ``status`` and a sentence of plain text, without the app."""
    kind = (b"content-type", b"text/plain; charset=utf-8")
    await send({"type": "http.response.start", "status": status, "headers": [kind, *headers]})
    await send({"type": "http.response.body", "body": text.encode("utf-8")})


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    def wrap(app: Any) -> Any:
        async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
            path = scope.get("path", "")
            if scope.get("type") == "websocket":  # the reading room has none (Datasette answered one with a 500)
                await receive()
                await send({"type": "websocket.close", "code": 1008})
                return
            if scope.get("type") != "http":
                await app(scope, receive, send)
                return
            send = _hardened(send)
            staff = getattr(datasette, "newsflow_staff", None)
            if staff is not None and not await staff.allows(scope):
                challenge = (b"www-authenticate", b'Basic realm="newsflow reading room", charset="UTF-8"')
                await _say(send, 401, ASK_PASSWORD, challenge)
                return
            if staff is None and not getattr(datasette, "newsflow_public", False) and _proxied(scope):
                await _say(send, 403, THROUGH_A_PROXY)
                return
            # Checked above, or no password: nothing inside reads it (the plugin datasette-auth-passwords, installed
            # for its hash, read it as ASCII and answered "Ž" with a 500).
            scope = {
                **scope,
                "headers": [(k, v) for k, v in scope.get("headers") or [] if k.lower() != b"authorization"],
            }
            if scope.get("method") not in READS and not path.startswith("/-/"):
                # Nothing served writes: a form posted to a table or a query page (Datasette answered a canned
                # query's POST with "Something went wrong") is told so. Logging in, under /-/, still posts.
                await _say(send, 405, NOTHING_WRITTEN, (b"allow", b"GET, HEAD"))
                return
            if _cross_site_query(scope):
                await _say(send, 403, CROSS_SITE_QUERY)
                return
            if path.startswith("/-/") or not path.endswith(".csv"):  # (newsflow's own CSV is written safe already)
                await app(scope, receive, _in_english(send))
                return
            csv_body: _SafeCsv | None = None

            async def safe_send(message: dict[str, Any]) -> None:
                nonlocal csv_body
                if message["type"] == "http.response.start":
                    headers = [(k, v) for k, v in message.get("headers") or [] if k.lower() != b"content-length"]
                    kind = dict(headers).get(b"content-type", b"").split(b";")[0].strip()
                    if message.get("status") == 200 and kind in (b"text/csv", b"text/plain"):  # (shown, or downloaded)
                        csv_body = _SafeCsv()
                        message = {**message, "headers": headers}
                elif message["type"] == "http.response.body" and csv_body is not None:
                    more = bool(message.get("more_body"))
                    message = {**message, "body": csv_body.feed(message.get("body", b""), final=not more)}
                await send(message)

            await app(scope, receive, safe_send)

        return wrapped

    return wrap
