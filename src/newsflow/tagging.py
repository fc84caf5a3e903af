"""Text -> tags with evidence, for inflected Finnish and Swedish as well as English.

Each name in the taxonomy becomes a pattern that accepts its inflected forms:
- acronyms and CamelCase names ("HOPE", "ESF", "SeAMK", "SocioLab") match case-sensitively
  and take a suffix after a hyphen or colon ("HOPE-hankkeessa", "ESF:s", "CIP:lle") or
  directly in lower case ("SeAMKin"), so "HOP" is not "HOPE" and "hope" is no project;
- other names inflect on their last word: Finnish case endings on the word's stem with
  consonant gradation ("Seinäjoki" -> "Seinäjoen", "kaupunki" -> "kaupungilla"), Swedish
  definite and genitive endings ("kommunförsöket", "Coompanions"), English plurals and
  genitives, and a hyphen compound after any of them ("1000-jobb-projektet",
  "Healthy Kids of Seinäjoki -malli");
- numbers match with or without thousands spaces ("1000" = "1 000"), and a hyphen
  between words matches a space ("1000-jobb" = "1000 jobb");
- nothing matches inside URLs or e-mail addresses.
Names marked ambiguous by ``context`` words only count when one of those words is in
the same article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .config import Tag, default_config
from .models import Article, TagHit

L = "A-Za-zÀ-ÖØ-öø-ÿ"  # letters, for boundaries
_MASK = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)

FI_ENDINGS = (
    r"(?:[aeiouyäö]{0,2}(?:n|t|ssa|ssä|sta|stä|lla|llä|lta|ltä|lle|ksi|na|nä|tta|ttä|ta|tä|a|ä|"
    r"h[aeiouyäö]n|seen|siin|ne|den|tten|jen|iden|itten|ineen|in))?(?:nsa|nsä|mme|nne|kin|kaan|kään|han|hän)?"
)
# Swedish definite and genitive endings, English plural and genitive.
ANY_ENDINGS = r"(?:s|en|et|n|t|na|ne|er|ar|or|erna|arna|orna|ens|ets|ns|ts|nas|ernas|arnas|ornas|'s|’s|es)?"
COMPOUND = r"(?:\s?[-‐–][" + L + r"0-9]+(?:[-‐–][" + L + r"]+)?)?"  # -hanke, -projektet, -stöd
GRADATION = (("kk", "k"), ("pp", "p"), ("tt", "t"), ("nk", "ng"), ("mp", "mm"), ("lt", "ll"),
             ("nt", "nn"), ("rt", "rr"), ("lk", "lj"), ("rk", "rj"), ("k", ""), ("p", "v"), ("t", "d"))


def _is_acronym(word: str) -> bool:
    """All capitals (HOPE, ESF, 1000-JOBB) or CamelCase inside one run of letters (SeAMK, SocioLab)."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) < 2:
        return False
    if all(c.isupper() for c in letters):
        return True
    return bool(re.search(r"[a-zà-öø-ÿ][A-ZÀ-ÖØ-Þ]", word))


def _literal(word: str) -> str:
    """A word as a pattern: digits may take thousands spaces, hyphens may be spaces."""
    out = []
    for part in re.split(r"(\d+|[-‐–])", word):
        if not part:
            continue
        if part.isdigit() and len(part) > 3:
            head, rest = part[: len(part) % 3 or 3], part[len(part) % 3 or 3 :]
            groups = [head] + [rest[i : i + 3] for i in range(0, len(rest), 3)]
            out.append(r"[\s\u00a0]?".join(groups))
        elif part in "-‐–":
            out.append(r"[-‐–\s]\s?")
        else:
            out.append(re.escape(part))
    return "".join(out)


def _fi_stems(word: str, shortest: int = 4) -> list[str]:
    """Stems a Finnish case ending attaches to, strong and weak grade.

    ``shortest`` is the shortest stem allowed: 3 where other words of the name pin it down.
    """
    if len(word) < shortest + 1 or not word[-1].isalpha():
        return []
    low = word.lower()
    if low.endswith("nen"):  # yhteiskunnallinen -> yhteiskunnallisesta
        return [word[:-3] + "se", word[:-3] + "s"]
    if re.search(r"[uy]s$", low):  # yrittäjyys -> yrittäjyydestä, -yyttä
        return [word[:-1] + "de", word[:-1] + "t"]
    stem = word[:-1] if low[-1] in "aeiouyäö" else word
    stems = {stem}
    for strong, weak in GRADATION:
        if stem.lower().endswith(strong):
            stems.add(stem[: len(stem) - len(strong)] + weak)
            break
    if low[-1] == "i":  # joki -> joen, kaupunki -> kaupungin
        stems |= {s + "e" for s in list(stems)}
    return sorted((s for s in stems if len(s) >= shortest), key=len, reverse=True)


def _last_word(word: str, multiword: bool) -> str:
    """The last word of a name in all its forms.

    Names are written in every language's text ("Healthy Kids of Seinäjokea", "Coompanions",
    "Coompanionin"), so the last word takes English, Swedish and Finnish endings alike.
    """
    if _is_acronym(word):
        return f"{_literal(word)}(?:[:\\-‐–][{L}0-9]+(?:[-‐–][{L}]+)?|[a-zäöå]{{1,5}}(?![{L}]))?"
    forms = [_literal(word) + ANY_ENDINGS]
    forms += [_literal(s) + FI_ENDINGS for s in _fi_stems(word, 3 if multiword else 4)]
    return "(?:" + "|".join(forms) + ")" + COMPOUND


def _inflected(word: str) -> str:
    """A Finnish word that is not last in a name, in any case (adjectives agree with nouns)."""
    return "(?:" + "|".join([_literal(word)] + [_literal(s) + FI_ENDINGS for s in _fi_stems(word, 3)]) + ")"


def name_pattern(name: str, lang: str) -> str:
    """The regular expression for one name in one language ("any" for aliases)."""
    words = name.split()
    if not words:
        return ""
    head = [
        _literal(w) if _is_acronym(w) else f"(?i:{_inflected(w) if lang == 'fi' else _literal(w)})"
        for w in words[:-1]
    ]
    last = words[-1]
    tail = _last_word(last, len(words) > 1)
    if not _is_acronym(last):
        tail = f"(?i:{tail})"
    body = r"[\s\u00a0]+".join(head + [tail])
    return f"(?<![{L}0-9@/])" + body + f"(?![{L}0-9])"


@dataclass(frozen=True)
class CompiledTag:
    tag: Tag
    patterns: tuple[tuple[str, str, str, re.Pattern[str]], ...]  # (language, name, anchor, pattern)
    context: re.Pattern[str] | None


def _anchor(name: str) -> str:
    """A lower-case literal every match of the name contains: a cheap test before the regex runs.

    The start of the name's longest word, short enough that no case ending or consonant
    gradation changes it ("Seinäjoki" -> "sein", "joki" -> "jo").
    """
    words = [w for w in re.split(r"[^\w]+", name.lower()) if w and not w.isdigit()]
    if not words:
        return ""
    word = max(words, key=len)
    return word[: min(4, max(2, len(word) - 2))]


@dataclass(frozen=True)
class FoundTag:
    """A tag found in a text: its id, canonical name and kind, and every mention as evidence."""

    id: str
    name: str
    kind: str
    evidence: tuple[TagHit, ...]
    parent: str = ""

    @property
    def confidence(self) -> float:
        return max(h.confidence for h in self.evidence)

    def __getitem__(self, key: str) -> object:  # also usable as a mapping: tag["id"]
        return getattr(self, key)


@lru_cache(maxsize=8)
def compile_taxonomy(tags: tuple[Tag, ...]) -> tuple[CompiledTag, ...]:
    out = []
    for tag in tags:
        pats = []
        for lang, name in tag.all_names():
            p = name_pattern(name, lang)
            if p:
                pats.append((lang, name, _anchor(name), re.compile(p)))
        ctx = None
        if tag.context:
            ctx = re.compile(
                "|".join(f"(?<![{L}])(?i:{_literal(w)})" for w in tag.context)
            )
        out.append(CompiledTag(tag, tuple(pats), ctx))
    return tuple(out)


def _mask(text: str) -> str:
    """Blank out URLs and e-mail addresses, keeping every offset."""
    return _MASK.sub(lambda m: " " * len(m.group(0)), text)


def _find(compiled: Sequence[CompiledTag], text: str, field: str, paragraph: int, language: str) -> list[TagHit]:
    if not text:
        return []
    masked = _mask(text)
    lower = masked.lower()
    hits = []
    for ct in compiled:
        for _lang, name, anchor, pattern in ct.patterns:
            if anchor not in lower:
                continue  # most names are not in most paragraphs: skip the regex
            for m in pattern.finditer(masked):
                surface = m.group(0)
                exact = surface == name
                hits.append(
                    TagHit(
                        tag_id=ct.tag.id,
                        name=ct.tag.name,
                        kind=ct.tag.kind,
                        surface=surface,
                        field=field,
                        paragraph=paragraph,
                        start=m.start(),
                        end=m.end(),
                        language=language,
                        confidence=1.0 if exact else 0.9,
                    )
                )
    return _dedupe(hits)


def _dedupe(hits: list[TagHit]) -> list[TagHit]:
    """One hit per tag and place: the longest surface wins when names overlap."""
    hits.sort(key=lambda h: (h.tag_id, h.field, h.paragraph, h.start, -(h.end - h.start)))
    out: list[TagHit] = []
    for h in hits:
        prev = out[-1] if out else None
        if prev and (prev.tag_id, prev.field, prev.paragraph) == (h.tag_id, h.field, h.paragraph) and h.start < prev.end:
            continue
        out.append(h)
    return out


def _gate(compiled: Sequence[CompiledTag], hits: list[TagHit], whole_text: str) -> list[TagHit]:
    found = {h.tag_id for h in hits}
    needs = {ct.tag.id: ct.context for ct in compiled if ct.context is not None and ct.tag.id in found}
    if not needs:
        return hits
    masked = _mask(whole_text)  # once, not once per ambiguous tag
    ok = {tid for tid, ctx in needs.items() if ctx.search(masked)}
    return [h for h in hits if h.tag_id not in needs or h.tag_id in ok]


def default_tags() -> tuple[Tag, ...]:
    return default_config().tags


def as_tags(taxonomy: object) -> tuple[Tag, ...]:
    """A taxonomy given as Tags, as feeds.toml [[tags]] tables (dicts), as a Config, or as a feeds.toml path."""
    from pathlib import Path

    from .config import Config, load_config, parse_config

    if taxonomy is None:
        return default_tags()
    if isinstance(taxonomy, Config):
        return taxonomy.tags
    if isinstance(taxonomy, (str, Path)):
        return load_config(taxonomy).tags
    items = list(taxonomy)  # type: ignore[call-overload]
    if all(isinstance(t, Tag) for t in items):
        return tuple(items)
    return parse_config({"tags": [dict(t) for t in items]}).tags


def tag_text(text: str, language: str | None = None, taxonomy: object = None) -> list[FoundTag]:
    """The tags mentioned in a text: each with its ``id``, canonical ``name``, ``kind`` and ``evidence``.

    ``taxonomy``: None for newsflow's default taxonomy, or Tags, feeds.toml-style tag tables (dicts),
    a Config, or a path to a feeds.toml. Paragraphs are separated by newlines; each piece of
    evidence (a TagHit) has the surface form, its paragraph, offsets, language and a confidence.
    """
    compiled = compile_taxonomy(as_tags(taxonomy))
    hits: list[TagHit] = []
    for i, para in enumerate(text.split("\n")):
        hits += _find(compiled, para, "text", i, language or "und")
    return group_hits(_gate(compiled, hits, text), compiled)


def group_hits(hits: Sequence[TagHit], compiled: Sequence[CompiledTag] = ()) -> list[FoundTag]:
    """Hits grouped into one FoundTag per tag, in order of first mention."""
    parents = {ct.tag.id: ct.tag.parent for ct in compiled}
    by_tag: dict[str, list[TagHit]] = {}
    for h in sorted(hits, key=lambda h: (h.paragraph, h.start)):
        by_tag.setdefault(h.tag_id, []).append(h)
    return [FoundTag(id=tid, name=hs[0].name, kind=hs[0].kind, evidence=tuple(hs), parent=parents.get(tid, ""))
            for tid, hs in by_tag.items()]


def tag_article(article: Article, taxonomy: Sequence[Tag]) -> Article:
    """Tag the title, every paragraph, and every paragraph's translation."""
    compiled = compile_taxonomy(tuple(taxonomy))
    hits = _find(compiled, article.title, "title", -1, article.language)
    for i, p in enumerate(article.paragraphs):
        hits += _find(compiled, p.text, "text", i, p.language)
        if p.translation:
            hits += _find(compiled, p.translation, "translation", i, "en")
    whole = "\n".join([article.title, article.text, article.translation])
    return replace(article, tags=tuple(_gate(compiled, hits, whole)))


# ---------------------------------------------------------------- growing the taxonomy

_CAP = r"[A-ZÅÄÖÜ0-9][\w&+.]*"
_NAME = rf"{_CAP}(?:(?:[ \t]+(?:of|and|for|the|och|för|ja|de|der|in|&)?[ \t]*)?{_CAP}){{0,5}}"  # names do not span lines
SUGGEST_PATTERNS = (
    # Finnish: "HOPE-hanke", "Healthy Kids of Seinäjoki -malli", "COSME-ohjelman", "SOCIOLAB-verkostossa"
    (re.compile(rf"(?<![\w-])({_NAME})\s?-(hank|projekt|ohjelm|mall|verkost|alusta|toimintamall|palvel)\w*"), "fi"),
    # Swedish: "1000-jobb-projektet", "ESF-projektet", "projektet HOPE"
    (re.compile(rf"(?<![\w-])({_NAME})\s?-(projekt|program|satsning|nätverk|modell|initiativ)\w*"), "sv"),
    (re.compile(rf"\b(?:projektet|programmet|satsningen|nätverket)\s+({_NAME})"), "sv"),
    # English: "the Foyle Community Work Programme", "House of Actions project", "Y-Zone initiative"
    (re.compile(rf"\b({_NAME})\s+(project|programme|program|initiative|network|model|platform|strategy|scheme|partnership)\b"), "en"),
)
KIND_OF = {"hank": "project", "projekt": "project", "project": "project", "ohjelm": "programme", "program": "programme",
           "programme": "programme", "mall": "practice", "model": "practice", "toimintamall": "practice",
           "platform": "practice", "alusta": "practice", "strategy": "practice", "scheme": "programme"}
NOT_NAMES = {"The", "This", "That", "These", "Our", "EU", "Eu", "A", "An", "Det", "Den", "Tämä", "Hankkeen", "Uusi", "New"}


@dataclass(frozen=True)
class Suggestion:
    name: str
    kind: str
    count: int  # mentions
    articles: int  # articles that mention it
    examples: tuple[str, ...]  # sentences, at most three


def suggest_names(texts: Sequence[tuple[int, str]], taxonomy: Sequence[Tag], limit: int = 50) -> list[Suggestion]:
    """Names that look like projects, programmes or practices but are not in the taxonomy.

    ``texts`` are (article id, text) pairs. A candidate is a capitalised name before "-hanke",
    "-projektet", "project", "programme" and their kin (or after "projektet"); those the taxonomy
    already tags are left out. Most mentioned first.
    """
    compiled = compile_taxonomy(tuple(taxonomy))
    found: dict[str, dict[str, object]] = {}
    for article_id, text in texts:
        masked = _mask(text)
        seen: set[int] = set()
        for pattern, _lang in SUGGEST_PATTERNS:
            for m in pattern.finditer(masked):
                if m.start(1) in seen:
                    continue  # the same mention found by another pattern
                seen.add(m.start(1))
                words = m.group(1).split()
                while words and words[0] in NOT_NAMES:  # "The Foyle ..." -> "Foyle ..."
                    words.pop(0)
                name = " ".join(words).strip(" -.")
                if len(name) < 2 or name.isdigit():
                    continue
                if any(h.start == 0 and h.end >= len(name) for h in _find(compiled, name, "text", 0, "und")):
                    continue  # the whole name is already in the taxonomy
                word = (m.group(2) if m.lastindex and m.lastindex >= 2 else "projekt").lower()
                entry = found.setdefault(name, {"count": 0, "articles": set(), "examples": [], "kind": "project"})
                entry["kind"] = next((k for stem, k in KIND_OF.items() if word.startswith(stem)), "project")
                entry["count"] = int(entry["count"]) + 1  # type: ignore[call-overload]
                entry["articles"].add(article_id)  # type: ignore[attr-defined]
                examples = entry["examples"]
                if len(examples) < 3:  # type: ignore[arg-type]
                    start = max(text.rfind(".", 0, m.start()) + 1, text.rfind("\n", 0, m.start()) + 1, 0)
                    end = min([i for i in (text.find(".", m.end()), text.find("\n", m.end())) if i != -1] or [len(text)])
                    sentence = " ".join(text[start : end + 1].split())[:300]
                    if sentence not in examples:  # type: ignore[operator]
                        examples.append(sentence)  # type: ignore[attr-defined]
    out = [Suggestion(name, str(e["kind"]), int(e["count"]), len(e["articles"]), tuple(e["examples"]))  # type: ignore[arg-type, call-overload]
           for name, e in found.items()]
    out.sort(key=lambda s: (-s.articles, -s.count, s.name))
    return out[:limit]
