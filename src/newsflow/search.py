"""Search the archive: the filters staff use, ranked full-text matches, snippets.

Works on a plain ``sqlite3.Connection`` so that the command line (through ``Archive``) and the
reading room (on Datasette's own read-only connections) answer a query the same way.
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from .lexicon import query_forms, search_query, word_matches

SEARCH_TABLE = "articles_search"


def article_filters(*, tag: str = "", since: str = "", source: str = "", lang: str = "") -> tuple[list[str], list[str]]:
    """SQL conditions on articles ``a`` (and their parameters) for the filters staff use."""
    where, params = ["1"], []
    for value, condition in (
        (tag, "exists (select 1 from article_tags t where t.article_id = a.id and t.tag_id = ?)"),
        (since, "coalesce(nullif(a.published, ''), a.first_seen) >= ?"),
        (source, "a.source_id = ?"),
        (lang, "a.language = ?"),
    ):
        if value:
            where.append(condition)
            params.append(value)
    return where, params


def search_articles(conn: sqlite3.Connection, query: str, limit: int = 20, *, lang: str = "", tag: str = "",
                    source: str = "", since: str = "") -> list[dict[str, Any]]:
    """Articles matching a query in any inflected form, best first, with a highlighted snippet.

    The query is lemmatised like the index (or used as it is when it is FTS5 syntax). The
    snippet ([like this]) comes from the original text, else from the machine translation
    (``machine_translation`` then says so), else from an attachment.
    """
    match = search_query(query)
    if not match.strip():
        raise ValueError("empty search")
    filters, filter_params = article_filters(tag=tag, since=since, source=source, lang=lang)
    where, params = [f"{SEARCH_TABLE} match ?", *filters], [match, *filter_params]
    sql = f"""select a.id, a.url, a.title, a.language, a.published, a.source_id, a.partner, a.tags,
                     a.text, a.translation, a.attachments_text
              from {SEARCH_TABLE} s join articles a on a.id = s.rowid
              where {' and '.join(where)}
              order by bm25({SEARCH_TABLE}, 10.0, 1.0, 0.5, 0.3) limit ?"""
    try:
        cursor = conn.execute(sql, [*params, limit])
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row)) for row in cursor.fetchall()]
    except sqlite3.OperationalError as e:
        raise ValueError(f"not a search this archive understands: {query!r} ({e})") from None
    # Which column matched, asked of the index itself (phrases and NEAR included).
    ids = [r["id"] for r in rows]
    matched = {col: _matching(conn, col, match, ids) for col in ("title", "text", "translation", "attachments")}
    forms = query_forms(query)
    out = []
    for r in rows:
        text, translation, attachments = r.pop("text") or "", r.pop("translation") or "", r.pop("attachments_text") or ""
        in_text = r["id"] in matched["text"] or r["id"] in matched["title"]
        r["machine_translation"] = not in_text and r["id"] in matched["translation"]
        r["in_attachment"] = not in_text and not r["machine_translation"] and r["id"] in matched["attachments"]
        source_text = (translation, "en") if r["machine_translation"] else (
            (attachments, r["language"]) if r["in_attachment"] else (text, r["language"]))
        r["snippet"] = snippet(*source_text, forms) or snippet(r["title"], r["language"], forms) or source_text[0][:160]
        r["tags"] = json.loads(r["tags"] or "[]")
        out.append(r)
    return out


def _matching(conn: sqlite3.Connection, column: str, match: str, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return {row[0] for row in conn.execute(
        f"select rowid from {SEARCH_TABLE} where {SEARCH_TABLE} match ? and rowid in ({', '.join('?' * len(ids))})",
        [f"{{{column}}} : ({match})", *ids])}


def snippet(text: str, lang: str, forms: set[str], width: int = 90) -> str:
    """The part of the text around its first match, matches in [brackets]; "" when nothing matches."""
    matches = [m for m in re.finditer(r"\w+", text) if word_matches(m.group(0), lang, forms)]
    if not matches:
        return ""
    first = matches[0]
    start = max(0, first.start() - width)
    end = min(len(text), first.end() + width)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    piece = text[start:end]
    for m in sorted((m for m in matches if start <= m.start() and m.end() <= end), key=lambda m: -m.start()):
        a, b = m.start() - start, m.end() - start
        piece = piece[:a] + "[" + piece[a:b] + "]" + piece[b:]
    return ("…" if start else "") + " ".join(piece.split()) + ("…" if end < len(text) else "")
