"""Browsing the archive in Datasette: metadata, the article page, search that lemmatises, Atom feeds.

Loaded by Datasette as a plugin (the ``datasette`` entry point in pyproject.toml). ``newsflow
serve`` starts Datasette with ``metadata()`` and the templates in ``datasette/templates``; tests
use ``make_datasette()`` for the same in-process.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from datasette import hookimpl
from datasette.utils.asgi import Response

from .lexicon import search_query

TEMPLATES = Path(__file__).with_name("datasette") / "templates"
MACHINE = ("Machine translation into English, made by an offline model (see translation_provenance): "
           "machine-made, not the partner's own words.")
NOTHING = '"newsflow_no_query"'  # an FTS5 query that matches nothing, for an empty search box


def metadata(db_name: str, password_hash: str | None = None) -> dict[str, Any]:
    """Datasette metadata for an archive served under ``db_name``."""
    meta = json.loads((Path(__file__).with_name("datasette") / "metadata.json").read_text(encoding="utf-8"))
    meta["databases"] = {db_name: meta["databases"]["archive"]}
    if password_hash:
        meta.setdefault("plugins", {})["datasette-auth-passwords"] = {
            "staff_password_hash": password_hash,
            "http_basic_auth": True,  # every request needs the password: pages, JSON, CSV, feeds
        }
    return meta


def make_datasette(db_path: str | Path, password_hash: str | None = None) -> Any:
    from datasette.app import Datasette

    return Datasette([str(db_path)], metadata=metadata(Path(db_path).stem, password_hash),
                     template_dir=str(TEMPLATES), settings=SETTINGS)


SETTINGS = {"default_page_size": 50, "sql_time_limit_ms": 3000, "facet_time_limit_ms": 3000,
            # Suggesting facets tries every column on every page: seconds on a big archive.
            "suggest_facets": False,
            "allow_download": False}


def _query(q: str | None) -> str:
    return search_query(q or "") or NOTHING


def _snippet(text: str | None, language: str | None, q: str | None) -> str:
    from .lexicon import query_forms
    from .search import snippet

    text = text or ""
    return snippet(text, language or "und", query_forms(q or "")) or text[:200]


@hookimpl
def startup(datasette: Any) -> Any:
    async def warm_up() -> None:
        # simplemma loads its dictionaries on first use (about 3 s): do it now, off the event loop,
        # not inside the first search, where Datasette's SQL time limit would interrupt it.
        import asyncio

        from .lexicon import warm_up_lemmas

        await asyncio.get_running_loop().run_in_executor(None, warm_up_lemmas)

    return warm_up


@hookimpl
def prepare_connection(conn: Any) -> None:
    # newsflow_query(:q): the search box's words as an FTS5 query for every inflected form;
    # newsflow_snippet(text, language, :q): the text around the first match, matches in [brackets].
    conn.create_function("newsflow_query", 1, _query, deterministic=True)
    conn.create_function("newsflow_snippet", 3, _snippet, deterministic=True)


@hookimpl
def render_cell(value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """In query results: the article id links to its page, and matches in snippets are marked."""
    from markupsafe import Markup, escape as html_escape

    if table is None and column == "article" and isinstance(value, int):
        return Markup(f'<a href="{datasette.urls.row(database, "articles", str(value))}">{value}</a>')
    if table is None and column == "snippet" and isinstance(value, str) and "[" in value:
        marked = str(html_escape(value)).replace("[", "<mark>").replace("]", "</mark>")
        return Markup(marked)
    return None


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/feeds/(?P<kind>tag|source)/(?P<key>[\w.-]+)\.atom$", atom_feed)]


async def atom_feed(request: Any, datasette: Any) -> Response:
    """An Atom feed of the newest articles with a tag, or from a source, so staff can subscribe."""
    kind, key = request.url_vars["kind"], request.url_vars["key"]
    db = datasette.get_database()
    if kind == "tag":
        head = (await db.execute("select name, kind from tags where id = ?", [key])).first()
        where = "exists (select 1 from article_tags t where t.article_id = a.id and t.tag_id = ?)"
        title = f"{head['name']} ({head['kind']})" if head else None
    else:
        head = (await db.execute("select coalesce(partner, name) as name from sources where id = ?", [key])).first()
        where = "exists (select 1 from article_sources s where s.article_id = a.id and s.source_id = ?)"
        title = head["name"] if head else None
    if head is None:
        return Response.text(f"No {kind} {key!r} in this archive", status=404)
    rows = (await db.execute(
        f"""select a.id, a.url, a.title, a.text, a.translation, a.language, a.partner, a.tags,
                   coalesce(nullif(a.published, ''), a.first_seen) as when_, a.last_changed
            from articles a where {where} order by when_ desc limit 50""", [key])).rows
    base = request.scheme + "://" + request.host
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    entries = []
    for r in rows:
        summary = (r["text"] or "")[:600]
        translated = (f'<content type="text">[Machine translation, machine-made] {escape((r["translation"] or "")[:600])}</content>'
                      if r["translation"] else "")
        categories = "".join(f"<category term={quoteattr(t)}/>" for t in json.loads(r["tags"] or "[]"))
        entries.append(
            f"<entry><id>{escape(r['url'])}</id><title>{escape(r['title'] or r['url'])}</title>"
            f"<link href={quoteattr(r['url'])}/><updated>{_atom_date(r['last_changed'] or r['when_'])}</updated>"
            f"<published>{_atom_date(r['when_'])}</published><author><name>{escape(r['partner'] or '')}</name></author>"
            f"<summary type=\"text\" xml:lang={quoteattr(r['language'] or 'und')}>{escape(summary)}</summary>"
            f"{translated}{categories}</entry>"
        )
    xml = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
           f"<id>{escape(base + request.path)}</id><title>{escape('newsflow: ' + str(title))}</title>"
           f"<updated>{_atom_date(rows[0]['last_changed'] or rows[0]['when_']) if rows else now}</updated>"
           f"<link rel=\"self\" href={quoteattr(base + request.path)}/>" + "".join(entries) + "</feed>")
    return Response(xml, content_type="application/atom+xml; charset=utf-8")


def _atom_date(value: str | None) -> str:
    value = value or "1970-01-01"
    if len(value) == 10:
        value += "T00:00:00+00:00"
    elif "+" not in value[10:] and not value.endswith("Z"):
        value += "+00:00"
    return value


@hookimpl
def extra_template_vars(template: str, database: str, table: str, request: Any, datasette: Any) -> Any:
    if not template.startswith("row") or table != "articles":
        return None

    async def article() -> dict[str, Any]:
        article_id = request.url_vars.get("pks", "").split(",")[0]
        db = datasette.get_database(database)
        paragraphs = (await db.execute(
            """select p.position, p.text, p.language, p.heading, t.text as translation, t.provenance
               from paragraphs p left join translations t on t.article_id = p.article_id and t.position = p.position
               where p.article_id = ? order by p.position""", [article_id])).rows
        tags = (await db.execute(
            """select x.tag_id, g.name, g.kind, x.mentions, x.evidence from article_tags x join tags g on g.id = x.tag_id
               where x.article_id = ? order by g.kind, g.name""", [article_id])).rows
        provenance = sorted({p["provenance"] for p in paragraphs if p["provenance"]})
        return {"newsflow_article": {
            "paragraphs": [dict(p) for p in paragraphs],
            "translated": any(p["translation"] for p in paragraphs),
            "provenance": provenance,
            "machine_note": MACHINE,
            "tags": [{**dict(t), "evidence": json.loads(t["evidence"] or "[]")} for t in tags],
        }}

    return article
