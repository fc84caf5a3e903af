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
    patterns: tuple[tuple[str, str, re.Pattern[str]], ...]  # (language, name, pattern)
    context: re.Pattern[str] | None


@lru_cache(maxsize=8)
def compile_taxonomy(tags: tuple[Tag, ...]) -> tuple[CompiledTag, ...]:
    out = []
    for tag in tags:
        pats = []
        for lang, name in tag.all_names():
            p = name_pattern(name, lang)
            if p:
                pats.append((lang, name, re.compile(p)))
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
    masked = _mask(text)
    hits = []
    for ct in compiled:
        for lang, name, pattern in ct.patterns:
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
    needs = {ct.tag.id: ct.context for ct in compiled if ct.context is not None}
    ok = {tid for tid, ctx in needs.items() if ctx.search(_mask(whole_text))}
    return [h for h in hits if h.tag_id not in needs or h.tag_id in ok]


def default_tags() -> tuple[Tag, ...]:
    return default_config().tags


def tag_text(text: str, language: str | None = None, taxonomy: Sequence[Tag] | None = None) -> list[TagHit]:
    """The tags mentioned in a text, each hit with its surface form, offsets and confidence.

    ``taxonomy`` None means newsflow's default taxonomy. Paragraphs are separated by newlines;
    each hit's ``paragraph`` indexes them.
    """
    compiled = compile_taxonomy(tuple(taxonomy) if taxonomy is not None else default_tags())
    hits: list[TagHit] = []
    for i, para in enumerate(text.split("\n")):
        hits += _find(compiled, para, "text", i, language or "und")
    return _gate(compiled, hits, text)


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
