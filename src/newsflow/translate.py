"""Segments -> translations with Argos Translate models, read and run directly.

An Argos package (``.argosmodel``) is a zip holding one folder with ``metadata.json``
(``from_code``, ``to_code``), ``model/`` (a CTranslate2 model) and
``sentencepiece.model``. newsflow reads those packages itself and runs them with
CTranslate2 and SentencePiece: no torch, no network, whole batches per call.
Packages are found in newsflow's own models folder, in ``settings.models_dirs``
and in argostranslate's packages folder, so models installed with ``argospm``
are used too.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from .config import Settings
from .models import Article, Translation
from .packages import (
    LOAD_ERRORS,
    Package,
    TranslateError,
    find_packages,
    in_use,
    load_model,
    load_tokenizer,
    package_dirs,
    version_key,
)

ENGINE = "ctranslate2"


ABBREVIATIONS = {
    # Finnish
    "esim",
    "mm",
    "ym",
    "yms",
    "jne",
    "ks",
    "ns",
    "n",
    "s",
    "klo",
    "ts",
    "vrt",
    "tms",
    "os",
    "puh",
    "p",
    "ed",
    "toim",
    "lk",
    "milj",
    "mrd",
    "kpl",
    "nro",
    "ma",
    "ti",
    "ke",
    "to",
    "pe",
    "la",
    "su",
    "prof",
    "tri",
    # Swedish
    "t.ex",
    "bl.a",
    "d.v.s",
    "dvs",
    "m.m",
    "o.s.v",
    "osv",
    "s.k",
    "ca",
    "kl",
    "fr.o.m",
    "t.o.m",
    "jfr",
    "resp",
    "st",
    "nr",
    "tel",
    "inkl",
    "exkl",
    "ang",
    "f.d",
    "p.g.a",
    "pga",
    # English
    "e.g",
    "i.e",
    "etc",
    "mr",
    "mrs",
    "ms",
    "dr",
    "vs",
    "no",
    "approx",
    "inc",
    "ltd",
    "co",
    "jr",
    "sr",
    "dept",
    "est",
    "fig",
    "u.s",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
}
_BOUNDARY = re.compile(r"([.!?…]+[\"”’)]*)\s+(?=[\"“‘(]?[A-ZÅÄÖÜ0-9])")


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences; abbreviations, dates and times do not end one."""
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end(1)
        before = text[start : m.start(1) + 1]
        word = re.split(r"\s", before.rstrip())[-1].rstrip(".").lower() if before.strip() else ""
        if m.group(1).startswith(".") and (
            word in ABBREVIATIONS
            or re.fullmatch(r"[a-zåäö]", word)  # an initial: "J. Virtanen"
            or (re.fullmatch(r"\d{1,3}", word) and before.strip() == word + ".")  # a list marker: "1. House of Actions"
        ):
            continue
        out.append(text[start:end].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


_UNTRANSLATABLE = re.compile(r"^[\W\d_]*$", re.UNICODE)
# Spans that must come through exactly as they are: they are cut out of the sentence, and the
# text around them is translated on its own.
PROTECTED = re.compile(
    r"https?://\S+[\w/]|www\.\S+[\w/]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\w*_[\w.]*\w"  # URLs, e-mail, file_names
    r"|\+?\(?\d[\d ()\-/]{6,}\d"  # phone numbers: "040 123 4567", "+46 31-123 45 67"
)
NUMBERS = re.compile(r"\d+(?:[.,:]\d+)*")


def _pieces(sentence: str, pattern: re.Pattern[str]) -> list[tuple[str, bool]]:
    """(text, translate?) pieces: protected spans as they are, the text between to translate."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in pattern.finditer(sentence):
        if m.start() > pos:
            out.append((sentence[pos : m.start()], True))
        out.append((m.group(0), False))
        pos = m.end()
    if pos < len(sentence):
        out.append((sentence[pos:], True))
    return [(t, tr and not _UNTRANSLATABLE.match(t)) for t, tr in out]


class TranslationCache(Protocol):
    """Where translations of single segments are kept, keyed by (segment hash, model id)."""

    def get_many(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]: ...

    def put_many(self, items: dict[tuple[str, str], str]) -> None: ...


def segment_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


# ---------------------------------------------------------------- engines


class DamagedModel(TranslateError):
    """A model whose files cannot be loaded or run: the message says which, ``package`` is the one to replace."""

    def __init__(self, message: str, package: Package):
        super().__init__(message)
        self.package = package


def damaged_advice(error: TranslateError, src: str, tgt: str, installed: Iterable[Package] = ()) -> str:
    """Why a pair cannot be translated, and what to do: the damaged package's own pair (en-sv on a route fi → en →
    sv) is the one to install again or remove. Where another version of that pair is installed (the damaged one, the
    newest, shadows it), `newsflow models remove` would remove that one too: its folder alone is to go."""
    pkg = error.package if isinstance(error, DamagedModel) else None
    pair = f"{pkg.from_code}-{pkg.to_code}" if pkg else f"{src}-{tgt}"
    others = [
        p for p in installed if pkg and (p.from_code, p.to_code) == (pkg.from_code, pkg.to_code) and p.path != pkg.path
    ]
    if pkg and others:
        return (
            f"{error}; install that model again from its .argosmodel file, or delete its folder {pkg.path} (then "
            f"{', '.join(p.id for p in others)}, installed too, is used; `newsflow models remove {pair}` would "
            "remove every version of the pair)"
        )
    return (
        f"{error}; install that model again from its .argosmodel file, or remove it with "
        f"`newsflow models remove {pair}`"
    )


class CTranslate2Engine:
    """Runs Argos packages with CTranslate2 and SentencePiece, one loaded model per package."""

    name = ENGINE

    def __init__(self, beam_size: int = 2, threads: int = 1, batch_size: int = 32):
        self.beam_size = beam_size
        self.threads = threads
        self.batch_size = batch_size
        self._loaded: dict[Path, tuple[Any, Any, str | None]] = {}
        self._broken: dict[Path, str] = {}  # a model that failed to load fails again at once, not once per chunk
        self._lock = threading.Lock()
        self.calls = 0  # model calls made, for tests and benchmarks

    def _load(self, pkg: Package) -> tuple[Any, Any, str | None]:
        with self._lock:
            if pkg.path in self._broken:
                raise DamagedModel(self._broken[pkg.path], pkg)
            if pkg.path not in self._loaded:
                try:
                    model, sp = load_model(pkg.path, self.threads), load_tokenizer(pkg.path)
                except LOAD_ERRORS as e:
                    self._broken[pkg.path] = f"model {pkg.id} at {pkg.path} cannot be loaded: {e}"
                    raise DamagedModel(self._broken[pkg.path], pkg) from None
                meta = json.loads((pkg.path / "metadata.json").read_text(encoding="utf-8"))
                self._loaded[pkg.path] = (model, sp, meta.get("target_prefix") or None)
            return self._loaded[pkg.path]

    def translate(self, pkg: Package, sentences: Sequence[str]) -> list[str]:
        """Translate whole batches in one call; CTranslate2 splits them into max_batch_size."""
        if not sentences:
            return []
        model, sp, prefix = self._load(pkg)
        tokens = sp.encode(list(sentences), out_type=str)  # the whole list in one call
        self.calls += 1
        results: list[Any] = [None] * len(tokens)
        # A few batches per call into the model: between them, Ctrl-C or SIGTERM can stop a long pass at once,
        # where one call for thousands of sentences would hold it for minutes (a signal waits for the call's end).
        # Sentences go in by length, as CTranslate2 orders one call's batches itself, so no batch pads more.
        order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
        step = max(1, self.batch_size) * 4
        for start in range(0, len(order), step):
            part = order[start : start + step]
            try:
                done = model.translate_batch(
                    [tokens[i] for i in part],
                    beam_size=self.beam_size,
                    max_batch_size=self.batch_size,
                    batch_type="examples",
                    max_decoding_length=256,
                    **({"target_prefix": [[prefix]] * len(part)} if prefix else {}),
                )
            except RuntimeError as e:  # a model whose files load but cannot run
                raise DamagedModel(f"model {pkg.id} at {pkg.path} failed: {e}", pkg) from None
            for i, result in zip(part, done, strict=True):
                results[i] = result
        hypotheses = [
            r.hypotheses[0][1:] if prefix and r.hypotheses[0][:1] == [prefix] else r.hypotheses[0] for r in results
        ]
        return [t.strip() for t in sp.decode_pieces(hypotheses)]


def make_engine(settings: Settings) -> Any:
    """The engine feeds.toml asks for: ``ctranslate2`` (default) or ``argostranslate`` (the extra)."""
    if settings.translation_engine == "argostranslate":
        from .argos import ArgosEngine

        return ArgosEngine(
            beam_size=settings.translation_beam_size,
            threads=settings.translation_threads,
            batch_size=settings.translation_batch_size,
        )
    return CTranslate2Engine(
        beam_size=settings.translation_beam_size,
        threads=settings.translation_threads,
        batch_size=settings.translation_batch_size,
    )


class Translator:
    """Chooses a route (direct, or pivoting through English) and translates paragraphs."""

    def __init__(self, packages: Sequence[Package], engine: Any = None, cache: TranslationCache | None = None):
        self.packages = list(packages)
        self.engine = engine or CTranslate2Engine()
        self.cache = cache
        # "sv→en" -> why its model cannot be used and what to do (its articles wait; the other pairs go on)
        self.broken: dict[str, str] = {}

    @classmethod
    def from_settings(cls, settings: Settings, cache: TranslationCache | None = None) -> Translator:
        return cls(find_packages(package_dirs(settings)), make_engine(settings), cache)

    def route(self, src: str, tgt: str) -> list[Package] | None:
        """The packages to chain from src to tgt; None when there is no route."""
        best = in_use(self.packages)  # the newest version of each pair wins
        if (src, tgt) in best:
            return [best[(src, tgt)]]
        if (src, "en") in best and ("en", tgt) in best:
            return [best[(src, "en")], best[("en", tgt)]]
        return None

    def provenance(self, src: str, tgt: str) -> str:
        """Engine and packages (name@version) a translation from src to tgt would come from now."""
        route = self.route(src, tgt)
        return f"{self.engine.name}: " + " → ".join(p.id for p in route) if route else ""

    def _run(self, route: list[Package], segments: list[str]) -> list[str]:
        """Segments through the route, with the cache: a cached segment never reaches the model."""
        model_id = " → ".join(p.id for p in route) + f" ({self.engine.name})"
        keys = [(segment_key(s), model_id) for s in segments]
        known = self.cache.get_many(list(dict.fromkeys(keys))) if self.cache is not None else {}
        todo = list(dict.fromkeys(s for s, k in zip(segments, keys, strict=True) if k not in known))
        if todo:
            current = todo
            for pkg in route:
                current = self.engine.translate(pkg, current)
            fresh = {(segment_key(s), model_id): t for s, t in zip(todo, current, strict=True)}
            if self.cache is not None:
                self.cache.put_many(fresh)
            known = {**known, **fresh}
        return [known[k] for k in keys]

    def translate_texts(self, texts: Sequence[str], src: str, tgt: str) -> tuple[list[str], str]:
        """Translate whole paragraphs, all in one batch; returns the translations and their provenance.

        URLs, e-mail addresses and phone numbers are cut out and put back as they are; a piece
        whose numbers the model changed is translated again with its numbers cut out too.
        """
        route = self.route(src, tgt)
        if route is None:
            raise TranslateError(f"no model installed for {src} → {tgt}")
        plan: list[list[list[tuple[str, bool]]]] = [
            [_pieces(sentence, PROTECTED) for sentence in split_sentences(text)] for text in texts
        ]
        flat = [piece.strip() for para in plan for sentence in para for piece, tr in sentence if tr]
        done = dict(zip(flat, self._run(route, flat), strict=True)) if flat else {}
        # Numbers must survive: where they did not, cut them out as well and translate again.
        broken = [s for s, t in done.items() if sorted(NUMBERS.findall(s)) != sorted(NUMBERS.findall(t))]
        if broken:
            parts = {s: [(p.strip(), tr) for p, tr in _pieces(s, NUMBERS)] for s in broken}
            sub = [p for ps in parts.values() for p, tr in ps if tr and p]
            redone = dict(zip(sub, self._run(route, sub), strict=True)) if sub else {}
            for s, ps in parts.items():
                done[s] = " ".join((redone.get(p, p) if tr else p) for p, tr in ps if p)
        out = []
        for para in plan:
            sentences = []
            for sentence in para:
                text = ""
                for piece, tr in sentence:
                    if tr:
                        lead, core, trail = _split_space(piece)
                        text += lead + done.get(core, core) + trail
                    else:
                        text += piece
                sentences.append(text.strip())
            out.append(" ".join(sentences))
        return out, self.provenance(src, tgt)


def _route_of(provenance: str) -> tuple[str, list[tuple[str, tuple[int, ...]]]]:
    """A provenance ("ctranslate2: fi_en@1.1 → en_sv@1.0") as its engine and its packages' names and versions."""
    engine, _, route = provenance.partition(": ")
    packages = []
    for part in route.split(" → "):
        name, _, version = part.rpartition("@")
        packages.append((name, version_key(version)))
    return engine, packages


def superseded(recorded: str, current: str) -> bool:
    """Whether a translation ``recorded`` made should be made again by the route ``current`` names.

    Yes where another model made it, or an older version of the same one; no where the same packages made it in a
    newer version (an older copy installed again, or one left in argostranslate's folder, does not undo an upgrade),
    nor where a direct model made it and the route now goes through English (the direct model was removed).
    """
    if recorded == current:
        return False
    if not recorded or not current:
        return True
    old_engine, old = _route_of(recorded)
    new_engine, new = _route_of(current)
    if len(old) == 1 and len(new) > 1:
        return False
    if old_engine != new_engine or [n for n, _ in old] != [n for n, _ in new]:
        return True
    return not all(ov >= nv for (_, ov), (_, nv) in zip(old, new, strict=True))


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core)
    return text[:start], core, text[start + len(core) :]


def needs_translation(article: Article, target: str) -> dict[str, list[int]]:
    """Paragraph indexes per source language that are not already in the target language."""
    todo: dict[str, list[int]] = {}
    for i, p in enumerate(article.paragraphs):
        if p.language not in ("und", target):
            todo.setdefault(p.language, []).append(i)
    return todo


TITLE = -1  # the headline's position beside the paragraphs' (as in the archive's translations table)


def title_needs_translation(article: Article, target: str) -> str:
    """The headline's own language (a mixed release's may not be its dominant one: ``language.headline_language``)
    when it must be translated into ``target``, else ""."""
    from .language import headline_language

    lang = headline_language(article)
    return lang if lang not in ("und", target) else ""


def translate_articles(articles: Sequence[Article], translator: Translator | None, target: str = "en") -> list[Article]:
    """Translate many articles at once, headlines with their text: one batch per language pair for all of them.

    Only paragraphs not already in the target language are translated; articles whose pair has
    no model are marked pending (or partial) with the reason.
    """
    by_pair: dict[str, list[tuple[int, int]]] = {}
    title_from: dict[int, str] = {}
    for a, article in enumerate(articles):
        if lang := title_needs_translation(article, target):
            title_from[a] = lang
            by_pair.setdefault(lang, []).append((a, TITLE))
        for lang, indexes in needs_translation(article, target).items():
            by_pair.setdefault(lang, []).extend((a, i) for i in indexes)
    results: dict[tuple[int, int], str] = {}
    provenance: dict[str, str] = {}
    missing: set[str] = set()
    broken: dict[str, str] = {}
    for lang, where in sorted(by_pair.items()):
        if translator is None or translator.route(lang, target) is None:
            missing.add(lang)
            continue
        try:
            texts, provenance[lang] = translator.translate_texts(
                [articles[a].title if i == TITLE else articles[a].paragraphs[i].text for a, i in where], lang, target
            )
        except TranslateError as e:  # a damaged model costs its own pair's translations, not the others'
            missing.add(lang)
            broken[lang] = translator.broken[f"{lang}→{target}"] = damaged_advice(e, lang, target, translator.packages)
            continue
        results.update(zip(where, texts, strict=True))
    out = []
    for a, article in enumerate(articles):
        todo = needs_translation(article, target)
        title = results.get((a, TITLE), "")
        title_language = title_from.get(a, "") if title else ""
        title_by = provenance.get(title_from.get(a, ""), "") if title else ""
        if not title and title_from.get(a) in missing:  # no model for it now: what an earlier one made stays
            title, title_language, title_by = (
                article.title_translation,
                article.title_language,
                article.title_translated_by,
            )
        if not todo:
            out.append(
                replace(
                    article,
                    title_translation=title,
                    title_language=title_language,
                    title_translated_by=title_by,
                    translation_status="not_needed",
                    translation_note="",
                    translation_provenance=title_by,
                    translation_target=target,
                )
            )
            continue
        paragraphs = [
            replace(p, translation=results[(a, i)], translated_by=provenance.get(p.language, ""))
            if (a, i) in results
            # A language no model can translate now (removed, or damaged) keeps what an earlier model made.
            else p
            if p.language in missing and p.translation
            else replace(p, translation=None, translated_by="")
            for i, p in enumerate(article.paragraphs)
        ]
        gaps = sorted(
            lang for lang in todo if lang in missing and not all(paragraphs[i].translation for i in todo[lang])
        )
        done = sorted(lang for lang in todo if lang not in gaps)
        kept = [paragraphs[i].translated_by for lang in done if lang in missing for i in todo[lang]]
        status = "done" if not gaps else ("partial" if done else "pending")
        out.append(
            replace(
                article,
                paragraphs=tuple(paragraphs),
                title_translation=title,
                title_language=title_language,
                title_translated_by=title_by,
                translation_status=status,
                translation_note=_gaps_note(gaps, broken, target),
                translation_provenance="; ".join(
                    dict.fromkeys([*(provenance[lang] for lang in done if lang in provenance), *filter(None, kept)])
                ),
                translation_target=target,
            )
        )
    return out


def _gaps_note(gaps: Sequence[str], broken: dict[str, str], target: str) -> str:
    """Why an article's paragraphs in these languages wait: no model, or one that cannot be used (and what to do)."""
    notes = []
    absent = [g for g in gaps if g not in broken]
    if absent:
        notes.append(f"no model installed for {', '.join(f'{g}→{target}' for g in absent)}")
    for g in gaps:
        if g in broken:
            notes.append(f"the model for {g}→{target} cannot be used: {broken[g]}")
    return "; ".join(notes)


def translate_article(article: Article, translator: Translator | None, target: str = "en") -> Article:
    """Translate one article (see translate_articles)."""
    return translate_articles([article], translator, target)[0]


def translate_into(
    articles: Sequence[Article], translator: Translator | None, target: str, primary: str
) -> list[Article]:
    """Translate articles into ``target``: the first target language fills the paragraphs' own
    translation; another one fills (or replaces) its entry in ``more_translations``."""
    if target == primary:
        return translate_articles(articles, translator, target)
    bare = [_as_first_target(a, target) for a in articles]
    out = []
    for article, done in zip(articles, translate_articles(bare, translator, target), strict=True):
        extra = Translation(
            target=target,
            paragraphs=tuple(p.translation for p in done.paragraphs),
            by=tuple(p.translated_by for p in done.paragraphs),
            title=done.title_translation,
            title_by=done.title_translated_by,
            title_language=done.title_language,
        )
        others = tuple(t for t in article.more_translations if t.target != target)
        out.append(replace(article, more_translations=(*others, extra)))
    return out


def _as_first_target(article: Article, target: str) -> Article:
    """The article with its translations into a further ``target`` where the first target's stand, so that what no
    model can make now (a removed or damaged one) is kept by ``translate_articles``, and the rest is made again."""
    own = next((t for t in article.more_translations if t.target == target), None)

    def earlier(values: Sequence[Any] | None, i: int, empty: Any) -> Any:
        return values[i] if values is not None and i < len(values) and values[i] else empty

    return replace(
        article,
        paragraphs=tuple(
            replace(
                p,
                translation=earlier(own.paragraphs if own else None, i, None),
                translated_by=earlier(own.by if own else None, i, ""),
            )
            for i, p in enumerate(article.paragraphs)
        ),
        title_translation=own.title if own else "",
        title_translated_by=own.title_by if own else "",
        title_language=own.title_language if own else "",
        translation_target=target,
    )


def target_language(settings: Settings) -> str:
    """The language translations are archived in beside each article."""
    return settings.target_languages[0] if settings.target_languages else "en"


def available_routes(translator: Translator | None, target: str) -> dict[str, str]:
    """Source language -> the provenance a translation into ``target`` would have now.

    From the installed packages (a handful), never from the archive: a quiet night costs the
    same however large the archive grows.
    """
    if translator is None:
        return {}
    routes = {
        lang: translator.provenance(lang, target)
        for lang in sorted({p.from_code for p in translator.packages} - {target})
    }
    return {lang: prov for lang, prov in routes.items() if prov}


def keep_translations(article: Article, before: Article) -> Article:
    """``article`` (extracted again, labelled, marked) with ``before``'s machine translations of every paragraph and
    headline it left as it was (the same text in the same language), into every target language.

    A re-extraction must not cost translations no model installed now could make again. Where every paragraph (and
    the headline) that needs one has it, the article keeps ``before``'s status; otherwise it waits for a model as
    ``mark_pending`` said, and a model installed now redoes it (its cache gives the kept paragraphs back)."""

    def carried(texts: Iterable[str | None], by: Iterable[str]) -> list[tuple[str, str] | None]:
        """One translation of ``before``'s paragraphs (text, provenance), per paragraph of ``article`` left as was."""
        kept = {(p.text, p.language): (t, b) for p, t, b in zip(before.paragraphs, texts, by, strict=False) if t}
        return [kept.get((p.text, p.language)) for p in article.paragraphs]

    same_title = article.title == before.title
    primary = carried((p.translation for p in before.paragraphs), (p.translated_by for p in before.paragraphs))
    paragraphs = tuple(
        replace(p, translation=f[0], translated_by=f[1]) if f and not p.translation else p
        for p, f in zip(article.paragraphs, primary, strict=True)
    )
    more = []
    for t in before.more_translations:
        found = carried(t.paragraphs, t.by)
        more.append(
            replace(
                t,
                paragraphs=tuple(f[0] if f else None for f in found),
                by=tuple(f[1] if f else "" for f in found),
                **({} if same_title else {"title": "", "title_by": "", "title_language": ""}),
            )
        )
    article = replace(article, paragraphs=paragraphs, more_translations=tuple(more))
    if same_title and before.title_translation:
        article = replace(
            article,
            title_translation=before.title_translation,
            title_translated_by=before.title_translated_by,
            title_language=before.title_language,
        )
    target = article.translation_target or before.translation_target
    todo = [i for indexes in needs_translation(article, target).values() for i in indexes]
    title_done = bool(article.title_translation) or not title_needs_translation(article, target)
    if todo and title_done and all(paragraphs[i].translation for i in todo):
        article = replace(
            article,
            translation_status="done",
            translation_note="",
            translation_provenance=before.translation_provenance,
        )
    return article


def mark_pending(article: Article, target: str, routable: Iterable[str] = ()) -> Article:
    """Set the translation status of a newly labelled article: the run's batch translates it later.

    ``routable``: the languages a model can translate into ``target`` now; the others wait for a model.
    """
    pending = needs_translation(article, target)
    can = set(routable)
    missing = sorted(lang for lang in pending if lang not in can)
    note = (
        f"no model installed for {', '.join(f'{m}→{target}' for m in missing)}"
        if missing
        else "waiting for the run's translation batch"
        if pending
        else ""
    )
    return replace(
        article,
        translation_status="pending" if pending else "not_needed",
        translation_target=target,
        translation_note=note,
    )
