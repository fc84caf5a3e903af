"""The stages after extraction, and passes over the whole archive that run them again.

``process_article`` is what every newly extracted article goes through (languages, translation
status, tags). The passes need no network: translating what waits for a model, extracting
again from kept pages, tagging again with an edited taxonomy.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from .archive import Archive, DamagedPage
from .config import Config
from .dates import in_zone
from .extract import extract, extract_pdf, is_pdf, with_pdf_text
from .health import older_extractions
from .language import label_article
from .models import Article, Attachment, RunSummary
from .packages import TranslateError
from .sources import canonical_address, is_item_page, ranked_date
from .tagging import tag_article
from .translate import (
    Translator,
    available_routes,
    keep_translations,
    mark_pending,
    target_language,
    translate_into,
)

log = logging.getLogger("newsflow")


def process_article(
    article: Article, config: Config, routable: frozenset[str] = frozenset(), before: Article | None = None
) -> Article:
    """Languages and tags for an extracted article; its translation waits for the run's batch.

    ``routable``: the languages an installed model can translate into the target language now. ``before``: the
    archived article a re-extraction reads again, whose machine translations of what it leaves as it was are kept
    (``keep_translations``) and tagged with the text, as the run's batch tagged them.
    """
    labelled = label_article(article, candidates=config.settings.languages or None)
    article = mark_pending(labelled, target_language(config.settings), routable)
    if before is not None:
        article = keep_translations(article, before)
    return tag_article(article, config.tags)


def routes(translator: Translator | None, config: Config, target: str = "") -> dict[str, str]:
    """Source language -> provenance of a translation into ``target`` (default: the first target language)."""
    return available_routes(translator, target or target_language(config.settings))


TRANSLATE_CHUNK = 25  # articles translated, then saved, together: an interrupted pass keeps what it finished


def translate_pending(
    archive: Archive, config: Config, translator: Translator | None, chunk: int = TRANSLATE_CHUNK, since: str = ""
) -> tuple[int, int, dict[str, int]]:
    """Translate archived articles a model can translate now, into every target language.

    Into the first target: pending articles, and ones an older model made. Into each further
    one: articles changed ``since`` (the whole archive when empty: that is how adding a target
    later backfills) that lack it, and ones an older model made. All articles of a chunk go to
    the model together, one batch per language pair; the cache means unchanged paragraphs never
    reach the model again. Returns (articles translated, still pending, still pending by pair),
    counting what is still pending among articles changed ``since``.
    """
    # The translated articles are tagged again by the taxonomy as configured: a tag added to feeds.toml since the last
    # run must be in the archive first (`newsflow translate` before the next run), as a run and a reextract put it.
    archive.sync_tags(config.tags)
    primary = target_language(config.settings)
    done = 0
    pending: dict[str, int] = {}
    for target in dict.fromkeys(config.settings.target_languages or (primary,)):
        current = routes(translator, config, target)
        if target == primary:
            ids = archive.translations.articles_needing_translation(current, target)
        else:
            ids = archive.translations.needing_more(current, target, since)
        for start in range(0, len(ids), chunk):
            batch = ids[start : start + chunk]
            articles = translate_into([archive.load_article(i, primary) for i in batch], translator, target, primary)
            for article_id, article in zip(batch, articles, strict=True):
                done += target != primary or article.translation_status in ("done", "not_needed")
                archive.save_processing(article_id, tag_article(article, config.tags))
        waiting = (
            archive.translations.pending_translations(target, since)
            if target == primary
            else archive.translations.pending_into(target, since)
        )
        pending.update({f"{lang}→{target}": n for lang, n in waiting.items()})
    return done, sum(pending.values()), pending


def reextract(
    archive: Archive,
    config: Config,
    translator: Translator | None,
    source: str = "",
    since: str = "",
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Run extraction, languages, tags and translation again over kept pages, without the network.

    A re-extraction is not an edit by the partner: no revision is recorded and the article keeps
    its status. Returns counts: changed, unchanged, failed (no text any more: left as it was),
    errors (a stage failed on the page: left as it was, and logged; the pass goes on); of the changed, longer
    and shorter (another text, longer or shorter than before: what an upgraded extractor gained, a box beside the
    article it now leaves out). With a taxonomy edited since the archive was tagged: retag_waits (the archived
    articles this pass did not tag, which keep the tags given before) and tags_removed (tags taken out of it, which
    stay in the archive until `newsflow retag`), or retagged_all (1: the pass tagged every archived article by it,
    and no retag waits). Each article whose page it read records the extractor's version (``KeptPages.read_again``:
    changed, the same, no text or a text refused alike), but for those a stage failed on, which a pass reads again;
    older_left: how many archived articles an older extractor read whose page is kept (those of other sources, or
    first seen before ``since``: `status` advises reading them again). ``progress`` is told (articles done, articles
    in the pass) before each article, and once all are done.
    """
    # (its end says whether a retag waits: a warning now to run `retag` contradicted it after a whole pass; s41)
    archive.sync_tags(config.tags, quiet=True)
    routable = frozenset(routes(translator, config))
    selectors = {s.id: {"body": s.body, "title": s.title, "date": s.date} for s in config.sources}
    zones = {s.id: s.timezone for s in config.sources}
    counts = {"changed": 0, "unchanged": 0, "failed": 0, "errors": 0, "longer": 0, "shorter": 0}
    primary = target_language(config.settings)
    ids = archive.pages.article_ids(source=source, since=since)
    for done, article_id in enumerate(ids):
        if progress is not None:
            progress(done, len(ids))
        url = f"article {article_id}"
        try:
            kept = archive.pages.load(article_id)  # (a kept page damaged on disk is one error, not the pass's end)
            if kept is None:
                continue
            url, headers, body = kept
            before = archive.load_article(article_id, primary)
            if is_pdf(body, headers):
                article = extract_pdf(body, url)
            else:
                own = {} if is_item_page(body) else selectors.get(before.source_id, {})  # as the run read it
                article = extract(body, url, headers=headers, **own)
                article = with_pdf_text(article, before.title, partial(_as_read, before))
            if not article.paragraphs:
                counts["failed"] += 1
                archive.pages.read_again(article_id)  # (left as it was: this extractor finds no text in its page)
                continue
            shorter = len(article.text) * 2 < len(before.text)
            if shorter and not force and not archive.releases.same_release(article_id, article):
                # Another text, and much less of it: a selector that now picks another part of the page, not a
                # better reading of the same release. Nothing would keep the archived text (no revision is made).
                log.warning(
                    "reextract: %s left as it was: the new extraction (%d characters) shares almost nothing with the"
                    " archived text (%d): check the source's selectors (--force keeps it)",
                    url,
                    len(article.text),
                    len(before.text),
                )
                counts["errors"] += 1
                archive.pages.read_again(article_id)  # (read, and left as it was on purpose: --force takes it)
                continue
            # A headline the listing gave, as the run had it (no change of its own): where the page gives none, and
            # over a PDF's own (as sources.fill_from_link chose it).
            listed = (
                not article.title
                or article.extraction.get("pdf")
                and before.extraction.get("title_from") == ("listing")
            )
            article = replace(
                article,
                url=before.url,
                source_id=before.source_id,
                guid=before.guid,
                title=before.title if listed else article.title,
                extraction={**article.extraction, **({"title_from": "listing"} if listed else {})},
                published=in_zone(  # what was stored ranks as the feed's
                    ranked_date(article, before.published), zones.get(before.source_id, "")
                ),
                canonical_url=canonical_address(article.canonical_url, before.url),
                etag=before.etag,
                last_modified=before.last_modified,
                attachments=before.attachments,
            )
            processed = process_article(article, config, routable, before)
        except DamagedPage as e:  # "URL: its kept page is damaged (...)"; fetched again when the partner changes it
            log.error("reextract: %s; the article keeps its text", e)
            counts["errors"] += 1
            continue
        except Exception as e:  # one page that trips a stage must not end the pass over all the others
            log.error("reextract: %s left as it was: %s: %s", url, type(e).__name__, e)
            counts["errors"] += 1
            continue
        changed = archive.pages.save_reextracted(article_id, processed)
        counts["changed" if changed else "unchanged"] += 1
        if changed and processed.text != before.text:
            counts["longer" if len(processed.text) > len(before.text) else "shorter"] += 1
    if progress is not None:
        progress(len(ids), len(ids))  # (every one done: a stop while translating says so, not one fewer)
    counts.update(_taxonomy_applied(archive, config, counts["changed"] + counts["unchanged"]))
    translate_pending(archive, config, translator)
    counts["older_left"] = older.rereadable if (older := older_extractions(archive)) is not None else 0
    return counts


def _taxonomy_applied(archive: Archive, config: Config, tagged: int) -> dict[str, int]:
    """Where the taxonomy was edited since the archive was tagged (``retag_needed``): a pass that tagged every
    archived article (``tagged`` of them: extracted again, changed or not) by it leaves no retag waiting, and says
    so to the archive, or `status`, the run and each digest of an edited tag would go on asking for a `newsflow
    retag` of releases already tagged by it; otherwise how many articles keep the tags given before. A tag taken
    out of the taxonomy waits for the retag, which takes it out of the archive."""
    with archive.lock:
        marked = [r[0] for r in archive.db.execute("select id from tags where changed_since is not null")]
        articles = archive.db.execute("select count(*) from articles").fetchone()[0]
    if not marked:
        return {}
    removed = len(set(marked) - {t.id for t in config.tags})
    if tagged >= articles and not removed:
        archive.sync_tags(config.tags, retagging=True)
        return {"retagged_all": 1}
    return {"retag_waits": max(articles - tagged, 0), "tags_removed": removed}


def _as_read(before: Article, article: Article) -> tuple[Attachment, ...]:
    """The article's attachments as they were read when it was fetched (a PDF's text), without the network."""
    read = {a.url: a for a in before.attachments}
    return tuple(read.get(a.url, a) for a in article.attachments)


@dataclass(frozen=True)
class Retagged:
    """What a retag did: the articles, the tags on them, and each tag's count of articles before and after (a tag
    on none is absent), which is how a mistyped name or alias shows (a tag that lost its releases, or never had
    any)."""

    articles: int
    tagged: int
    before: dict[str, int]
    after: dict[str, int]
    edited: frozenset[str] = frozenset()  # the tags new or changed since the releases were tagged


def retag(archive: Archive, config: Config) -> Retagged:
    """Apply the taxonomy (as edited) to the whole archive."""
    before = archive.all.tag_counts()
    edited = frozenset(archive.all.edited_tags(config.tags))
    everything = archive.all.for_tagging(target_language(config.settings))
    tagged = [(article_id, tag_article(article, config.tags)) for article_id, article in everything]
    archive.all.replace_all_tags(tagged, config.tags)
    after: dict[str, int] = {}
    for _, a in tagged:
        for tag_id in {h.tag_id for h in a.tags}:
            after[tag_id] = after.get(tag_id, 0) + 1
    return Retagged(len(tagged), sum(after.values()), before, after, edited)


def translation_phase(archive: Archive, config: Config, translator: Translator | None, summary: RunSummary) -> None:
    """A run's last stage: translate what it archived (and anything pending), one batch per language pair.

    Into further target languages, what changed since this run started, or since the start of the first run
    after the last one that finished this stage: what a run interrupted or killed before it archived is
    translated by the next. A broken model costs its own pair's translations, never the other pairs', the run or
    the articles: it is recorded and said (and the next run covers this one's articles again).
    """
    since = archive.runs.translation_since()
    try:
        _done, _waiting, pending = translate_pending(archive, config, translator, since=since)
        summary.translated = True
    except TranslateError as e:
        log.error("translation: %s", e)
        summary.translation_errors.append(str(e))
        archive.runs.record_failure(summary.run_id, "", "", "translate", str(e), "translation")
        pending = {}
    for pair, why in sorted((translator.broken if translator is not None else {}).items()):
        error = f"{pair} waits: {why}"
        log.error("translation: %s", error)
        summary.translation_errors.append(error)
        archive.runs.record_failure(summary.run_id, "", "", "translate", error, "translation")
    summary.pending_translation = pending
