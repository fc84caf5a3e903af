"""Text -> tags with evidence, for inflected Finnish and Swedish as well as English.

Each name in the taxonomy becomes a pattern that accepts the forms partners really write:
- acronyms and CamelCase names ("HOPE", "ESF", "SeAMK", "SocioLab") match as registered, in
  capitals ("SEAMK") and with a suffix after a hyphen or colon ("HOPE-hankkeessa", "ESF:s"),
  glued in lower case ("SeAMKin", "ESFfinansierade", "#HOPEproject"); in title case ("Seamk",
  "Seamkin", "Sociolabom") only when the lower-case word is no English word, so "hope" and
  "Hope springs" are no project, while "Hope-projekta" (a suffix after a hyphen) is;
- other names inflect on their last word: Finnish case endings with consonant gradation
  ("Seinäjoki" -> "Seinäjoen"), Swedish definite and genitive endings, English plurals and
  genitives, a hyphen compound ("1000-jobb-projektet", "Healthy Kids of Seinäjoki -malli");
- Finnish and Swedish names also stand in closed compounds: as the first part, with the
  Swedish linking -s- ("kuntakokeilualueella", "socialfondsmedel", "Toimintojentaloyhdistys"),
  as the last part ("työllisyyskuntakokeilu"), and a two-word name written as one word
  ("Toimintojentalossa");
- numbers match with or without thousands spaces, a hyphen inside a name matches a space or
  nothing ("1000jobb"), "ä", "ö", "å" match "a", "o" ("Seinajoki"), and a name glued to the
  word before it by page layout ("ProjektägareCoompanion") is still found;
- a name runs on across a line break inside a sentence (a <br>, a feed's or a PDF's line: "Seinäjoen<br>kaupunki"),
  never out of a heading (see _continues),
  across the marks of a possible word break ("Seinä&shy;joen") and a non-breaking hyphen ("Etelä\u2011Pohjanmaa");
- a Finnish e-word takes its strong grade before an ending ("Kotona taas -hanke" -> "-hankkeessa");
- in Slovenian text, a foreign name takes Slovenian case endings on its last word ("v Seinäjokiju", "iz Derryja");
  a name given in Slovenian (names.sl) is found in its case forms, each word in a form of that word as
  slovenian.same_word tells ("socialno podjetje" -> "socialnega podjetja", "Mestna občina Maribor" -> "Mestni občini
  Maribor"), never in a word derived from it ("mestni" of "mesto");
- a word broken with a hyphen at a line's end is one word ("Seinä-" / "joen kaupunki");
- an acronym glued to lower case takes a word, a Finnish ending or an "s" (GLUED_TAIL: "HKScan" is no "HKS"), and
  one that is no word is also found in lower case before a hyphen ("esf-finansierade");
- a one-word name not given in Swedish closes into a Swedish compound ("Coompanionsföreningarna": see _sv_compound);
- nothing matches inside URLs or e-mail addresses; a social handle is its name ("@SeAMK");
- a hashtag gluing words in CamelCase is read word by word ("#FoyleCommunityWorkProgramme", "#CityOfMaribor"), and
  one that drops a name's "and" or "of" is that name ("#DerryStrabane": see _hashtag_mentions);
- "City of X" is also "X City" in English, not as "X city" nor before another title-case word ("X City Theatre");
- a word-like acronym in lower case before a hyphen and a word that is no English word ("hope-hankkeen"), not in
  English text (see _foreign_tail).
Overlapping names of different tags: the longest wins ("City of Seinäjoki" is the city
organisation, not also the place). Names shared by programmes of different years go to the
tag whose ``years`` are mentioned in the same sentence (else in the same article), and names
marked ambiguous by ``context`` words only count when one of those words is in the article.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache, lru_cache, partial

from .config import Tag, default_config
from .models import Article, TagHit
from .slovenian import SHORTEST_WORD as SL_SHORTEST_WORD
from .slovenian import prefix as sl_prefix
from .slovenian import same_word as sl_same_word

L = "A-Za-zÀ-ÖØ-öø-ÿ"  # letters, for boundaries
LOWER = "a-zß-öø-ÿ"
UPPER = "A-ZÀ-ÖØ-Þ"
_URL = re.compile(r"(?:[Hh][Tt][Tt][Pp][Ss]?://|[Ww][Ww][Ww]\.)\S+")
_EMAIL_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)+")  # from the "@": a literal start is found fast

FI_CASE = (
    r"[aeiouyäö]{0,2}(?:n|t|ssa|ssä|sta|stä|lla|llä|lta|ltä|lle|ksi|na|nä|tta|ttä|ta|tä|a|ä|"
    r"h[aeiouyäö]n|seen|siin|ne|den|tten|ten|jen|iden|itten|ineen|in)"
)
FI_CLITIC = r"(?:nsa|nsä|mme|nne|kin|kaan|kään|han|hän)"
FI_ENDINGS = rf"(?:{FI_CASE})?{FI_CLITIC}?"
# The same, never empty: what a stem shorter than its word takes ("Straban" of "Strabane" is no form of it).
FI_ENDING = rf"(?:{FI_CASE}{FI_CLITIC}?|[aeiouyäö]{{0,2}}{FI_CLITIC})"
# Swedish definite and genitive endings, English plural and genitive.
ANY_ENDINGS = r"(?:s|en|et|n|t|na|ne|er|ar|or|erna|arna|orna|ens|ets|ns|ts|nas|ernas|arnas|ornas|['’]s|es)?"
# -hanke, -projektet, -stöd; letters only, so "ESF-stöd2 325 429" (a table glued together) ends at "stöd"
COMPOUND = rf"(?:\s?[-‐‑–][{L}]+(?:[-‐‑–][{L}]+)?)?"
HYPHEN_SUFFIX = rf"[:\-‐‑–][{L}]+(?:[-‐‑–][{L}]+)?"
# The same in lower case: after a name that is also a word, "Hope-projekta" and "Hope:n", not "A Hope-Filled Year".
LOWER_SUFFIX = rf"[:\-‐‑–][{LOWER}][{L}]*(?:[-‐‑–][{L}]+)?"
# What an acronym's capitals take glued in lower case: a word ("ESFfinansierade", "#HOPEproject"), a Finnish ending
# ("SeAMKin", "HOPEssa"), a genitive or plural "s"; not the rest of another name that starts with it ("HKScan"), nor
# that name with the "i" Finnish puts before an ending on a foreign name ending in a consonant ("HKScanin").
GLUED_TAIL = rf"(?:i?{FI_ENDING}|s|(?![{LOWER}]{{1,3}}i{FI_ENDING}(?![{L}]))[{LOWER}]{{4,}})"
# Finnish case endings an acronym takes in a heading set in capitals ("SEAMKISSA", "ERNACTIN", "HOPESSA"):
# only endings no English word continues an acronym with, so "HOPEFUL", "HOPES" and "HOPEA" (silver) stay words.
CAPS_ENDINGS_AFTER_CONSONANT = "I(?:N|SSA|SSÄ|STA|STÄ|LLA|LLÄ|LTA|LTÄ|LLE|IN|A|Ä|KSI)"
CAPS_ENDINGS_AFTER_VOWEL = "(?:N|SSA|SSÄ|STA|STÄ|LLA|LLÄ|LTA|LTÄ|LLE|HIN|KSI)"
# Slovenian case endings a foreign name's last vowel gives way to ("Podravje" -> "Podravju"): see _slavic_pattern.
SL_ENDING = r"(?:a|e|i|o|u|em|om|ju|ja|je|ji|jem|ih|im|ima|imi|ami|ah|ega|emu|ov|ova|ove)"
GRADATION = (
    ("kk", "k"),
    ("pp", "p"),
    ("tt", "t"),
    ("nk", "ng"),
    ("mp", "mm"),
    ("lt", "ll"),
    ("nt", "nn"),
    ("rt", "rr"),
    ("lk", "lj"),
    ("rk", "rj"),
    ("k", ""),
    ("p", "v"),
    ("t", "d"),
)
# The same, weak to strong, for words whose nominative has the weak grade (hanke: hankkeen).
STRENGTHENING = (
    ("ng", "nk"),
    ("mm", "mp"),
    ("ll", "lt"),
    ("nn", "nt"),
    ("rr", "rt"),
    ("lj", "lk"),
    ("rj", "rk"),
    ("hd", "ht"),
    ("k", "kk"),
    ("p", "pp"),
    ("t", "tt"),
    ("v", "p"),
    ("d", "t"),
)
# Letters partners write either way: "Seinäjoki"/"Seinajoki", "Student's"/"Student’s".
_VARIANTS = {
    "ä": "[äa]",
    "ö": "[öo]",
    "å": "[åa]",
    "Ä": "[ÄA]",
    "Ö": "[ÖO]",
    "Å": "[ÅA]",
    "'": "['’´`]",
    "’": "['’´`]",
    "´": "['’´`]",
}
# A letter, or a digit after a digit, continues the word; a capital after a small letter starts a
# new one ("CollaborationSouth Ostrobothnia": a table's columns glued by page layout).
_END = rf"(?:(?![{L}])|(?<=[{LOWER}])(?=[{UPPER}]))(?!(?<=[0-9])[0-9])"
# Where a name starts: not inside a word, a number, a URL's path or an e-mail address (masked where it has a domain:
# see _mask), but a social handle is the name's ("@SeAMK", "@Coompanion").
_START = rf"(?<![{L}0-9/])(?<![\w.+-]@)"
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")


def fold(text: str) -> str:
    """Lower case without the letters partners write either way, for cheap literal tests (a non-breaking hyphen
    is a hyphen: "Y\u2011Zone" is "y-zone").

    Offsets are kept (one character for one). Chained replace() is several times faster than
    str.translate here, and folding runs on every paragraph.
    """
    low = text.lower()
    if len(low) != len(text):  # a letter whose lower case is longer ("İ"): keep offsets
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    low = (
        low.replace("ä", "a").replace("ö", "o").replace("å", "a").replace("’", "'").replace("´", "'").replace("`", "'")
    )
    return low.replace("\u2011", "-").replace("\u2010", "-") if "\u2011" in low or "\u2010" in low else low


def _is_acronym(word: str) -> bool:
    """All capitals (HOPE, ESF, 1000-JOBB) or CamelCase inside one run of letters (SeAMK, SocioLab)."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) < 2:
        return False
    if all(c.isupper() for c in letters):
        return True
    return bool(re.search(r"[a-zà-öø-ÿ][A-ZÀ-ÖØ-Þ]", word))


@lru_cache(maxsize=256)
def _is_word(lower: str) -> bool:
    """Whether an acronym written in lower case is an English word ("hope", "ladies", "mom").

    Answered from the shared on-disk lexicon: simplemma's own ``is_known`` would unpack its
    English dictionary once per thread of a run.
    """
    from .lexicon import is_known_word

    return is_known_word(lower, "en")


def _plain(text: str) -> str:
    return "".join(_VARIANTS.get(c, re.escape(c)) for c in text)


def _caps_forms(word: str) -> list[str]:
    """An acronym as registered and in capitals: "SeAMK", "SEAMK"."""
    return list(dict.fromkeys([word, word.upper()]))


def _acronym_inside(word: str) -> str:
    """An acronym inside a longer name, where the other words pin it down: any of its cases."""
    forms = _caps_forms(word) + [word[0].upper() + word[1:].lower()]
    return "(?:" + "|".join(_plain(f) for f in dict.fromkeys(forms)) + ")"


def _literal(word: str) -> str:
    """A word as a pattern: digits may take thousands spaces, a hyphen may be a space or nothing.

    Acronym parts keep their case ("HOPE-hanke" is not "hope hanke"); other parts ignore it.
    """
    out = []
    for part in re.split(r"(\d+|[-‐‑–])", word):
        if not part:
            continue
        if part.isdigit() and len(part) > 3:
            head, rest = part[: len(part) % 3 or 3], part[len(part) % 3 or 3 :]
            groups = [head] + [rest[i : i + 3] for i in range(0, len(rest), 3)]
            out.append(r"[\s\u00a0]?".join(groups))
        elif part in "-‐‑–":
            out.append(r"(?:[-‐‑–]\s?|\s)?")
        elif _is_acronym(part):
            out.append(_acronym_inside(part))
        else:
            out.append(f"(?i:{_plain(part)})")
    return "".join(out)


def _plain_caps(pattern: str) -> str:
    """Capital letters of a pattern that also match their plain form ("Ä" or "A", as ``_plain`` does)."""
    return pattern.replace("Ä", "[ÄA]")


def _acronym(word: str) -> str:
    """A one-word acronym name and the forms partners write it in."""
    letters = sum(c.isalpha() for c in word)
    glued = GLUED_TAIL if letters >= 3 and word[-1].isupper() else f"[{LOWER}]{{1,5}}"
    strict = "|".join(_plain(f) for f in _caps_forms(word))
    forms = [f"(?:{strict})(?:{HYPHEN_SUFFIX}|{glued})?"]
    if letters >= 3 and word.isalpha() and not _is_word(word.lower()):  # all in lower case: "esf-finansierade"
        forms.append(f"{_plain(word.lower())}{LOWER_SUFFIX}")
    if word[-1].isalpha() and not _is_word(word.lower()):  # in a heading in capitals: "SEAMKISSA", "ESFIN"
        # (not for an acronym that is also a word: "HELA HOPEN GICK HEM" is Swedish for "the whole lot went home")
        caps = CAPS_ENDINGS_AFTER_VOWEL if word[-1].lower() in "aeiouyäö" else CAPS_ENDINGS_AFTER_CONSONANT
        forms.append(f"{_plain(word.upper())}{_plain_caps(caps)}")
    title = word[0].upper() + word[1:].lower()
    if title not in _caps_forms(word) and title[1:].isalpha():
        if _is_word(title.lower()):  # "Hope" is a word: only "Hope-projekta", "Hope:n", not "Hope-Filled"
            forms.append(f"{_plain(title)}{LOWER_SUFFIX}")
        else:  # "Seamk", "Seamkin", "Sociolabom"
            forms.append(f"{_plain(title)}(?:{HYPHEN_SUFFIX}|[{LOWER}]{{1,5}})?")
    return "(?:" + "|".join(forms) + ")"


def _fi_stems(word: str, shortest: int = 4) -> list[str]:
    """Stems a Finnish case ending attaches to, strong and weak grade.

    ``shortest`` is the shortest stem allowed: 3 where other words of the name pin it down.
    """
    if len(word) < shortest + 1 or not word[-1].isalpha():
        return []
    low = word.lower()
    if low.endswith("nen"):  # yhteiskunnallinen -> yhteiskunnallisesta
        return [word[:-3] + "se", word[:-3] + "s"]
    if re.search(r"[uy]{2}s$", low):  # yrittäjyys -> yrittäjyydestä, -yyttä
        return [word[:-1] + "de", word[:-1] + "t"]
    if re.search(r"[uy]s$", low):  # either type: terveys -> terveyden; yritys -> yrityksen, yritystä, yrityksiä
        return [word[:-1] + "de", word[:-1] + "kse", word[:-1] + "ks", word[:-1] + "t", word]
    stem = word[:-1] if low[-1] in "aeiouyäö" else word
    stems = {stem}
    for strong, weak in GRADATION:
        if stem.lower().endswith(strong):
            stems.add(stem[: len(stem) - len(strong)] + weak)
            break
    if low[-1] == "i":  # joki -> joen, kaupunki -> kaupungin
        stems |= {s + "e" for s in list(stems)}
    if low[-1] == "e" and low[-2:-1].isalpha() and low[-2] not in "aeiouyäö":
        # an e-word has its weak grade in the nominative, the strong one before an ending: hanke -> hankkeessa,
        # aloite -> aloitteen, tarve -> tarpeen, kohde -> kohteen, ranne -> ranteen
        for weak, strong in STRENGTHENING:
            if stem.lower().endswith(weak):
                stems.add(stem[: len(stem) - len(weak)] + strong + "e")
                break
    return sorted((s for s in stems if len(s) >= shortest), key=len, reverse=True)


def _inflected(word: str) -> str:
    """A Finnish word that is not last in a name, in any case (adjectives agree with nouns)."""
    return "(?:" + "|".join([_literal(word)] + [_literal(s) + _fi_ending(s, word) for s in _fi_stems(word, 3)]) + ")"


def _fi_ending(stem: str, word: str) -> str:
    """The Finnish endings a stem of a word takes: none only where the stem is the word ("Maribor", "yritys")."""
    return f"(?i:{FI_ENDINGS})" if stem == word else f"(?i:{FI_ENDING})"


def _compound_heads(word: str, lang: str) -> str:
    """The name's last word as the first part of a closed compound: "kuntakokeilu|alueella", "socialfond|s|medel"."""
    stems = [word]
    if lang == "sv" and word[0].islower() and len(word) > 7 and word.endswith(("en", "et")):
        stems.append(word[:-2])  # socialfonden -> socialfond-s-medel
    link = "(?i:s?)" if lang == "sv" else ""
    return "(?:" + "|".join(_literal(s) for s in stems) + f"){link}[{LOWER}]{{3,}}"


SV_COMPOUNDS_IN = ("sv", "und", "")


def _sv_compound(name: str) -> str:
    """A one-word proper name as the first part of a Swedish closed compound, with or without the linking -s-
    ("Coompanionsföreningarna", "Mariborprojektet"), for a name given in English or as an alias: Swedish closes
    compounds on any name (names.sv do it in name_pattern). Tried in Swedish text and text of no known language.

    Not an acronym (glued forms: _acronym), a word ("Hope"), or a name shorter than 7 letters: "Derrylin" and
    "Derrybeg" are other places."""
    if " " in name or not name.isalpha() or not name[0].isupper() or len(name) < 7 or _is_acronym(name):
        return ""
    if _is_word(name.lower()):
        return ""
    return f"{_START}{_literal(name)}(?i:s?)[{LOWER}]{{3,}}{_END}"


def _last_word(word: str, multiword: bool) -> str:
    """The last word of a name in all its forms.

    Names are written in every language's text ("Healthy Kids of Seinäjokea", "Coompanions",
    "Coompanionin"), so the last word takes English, Swedish and Finnish endings alike.
    """
    forms = [_literal(word) + f"(?i:{ANY_ENDINGS})"]
    forms += [_literal(s) + _fi_ending(s, word) for s in _fi_stems(word, 3 if multiword else 4)]
    return "(?:" + "|".join(forms) + ")" + COMPOUND


def _sv_adjective(word: str) -> str:
    """A Swedish word before the last of a name: an adjective in lower case agrees with its noun ("social ekonomi",
    "den sociala ekonomin", "socialt företagande"); a capitalised word is a name's and stays as it is."""
    if not word.isalpha() or not word.islower() or word[-1] in "aeiouyåäö":
        return _literal(word)
    return _literal(word) + "(?:a|t|e)?"


@lru_cache(maxsize=1024)
def _sl_inflects(word: str) -> bool:
    """Whether a word of a name given in Slovenian takes its case forms (not an acronym, a number or "in")."""
    return word.isalpha() and not _is_acronym(word) and len(word) >= SL_SHORTEST_WORD


# The languages a Slovenian name's case forms are looked for in: Slovenian (and Croatian, whose endings are much
# the same), and text whose language is not known. Elsewhere a name given in Slovenian is found only as written.
SL_FORMS_IN = ("sl", "hr", "und", "")
_LETTERS = r"[^\W\d_]"  # any letter (L is Latin-1's: "č", "š", "ž" are outside it)


def _sl_forms_pattern(name: str) -> str:
    """A name given in Slovenian in its case forms: each word that inflects as the start all its forms share and the
    rest of the written word, whether that is a form of the word being told after matching (_sl_forms_of): a
    regular expression of endings could not tell "mesta" (of "mesto") from "mestni" (derived from it). "" for a
    name with no word that inflects."""
    words = name.split()
    if not any(_sl_inflects(w) for w in words):
        return ""
    pieces = [f"(?i:{_plain(sl_prefix(w))}){_LETTERS}*" if _sl_inflects(w) else _literal(w) for w in words]
    body = r"[\s\u00a0]+".join(pieces)
    return rf"(?<![\w@/])(?P<forms>{body})(?!{_LETTERS}){COMPOUND}(?!{_LETTERS})"


@lru_cache(maxsize=16384)
def _sl_forms_of(name: str, surface: str) -> bool:
    """Whether each word of ``surface`` is a form of the name's word in its place (slovenian.same_word)."""
    words, written = name.split(), surface.split()
    return len(words) == len(written) and all(
        not _sl_inflects(w) or sl_same_word(w, x) for w, x in zip(words, written, strict=True)
    )


def _sl_anchors(name: str) -> tuple[tuple[str, ...], str]:
    """The anchors of a Slovenian name's case forms (the start each word's forms share) and the one they start with."""
    anchors: list[str] = []
    for w in name.split():
        anchors += [fold(sl_prefix(w))[:6]] if _sl_inflects(w) else list(_anchors(w, "sl")[0])
    first = name.split()[0]
    start = fold(sl_prefix(first))[:6] if _sl_inflects(first) else _anchors(first, "sl")[1]
    return tuple(dict.fromkeys(a for a in anchors if a)), start


# Slovenian (and Croatian, beside it) give a foreign name case endings on its last word, after "j" where it ends in
# a vowel: "v Seinäjokiju", "iz Derryja", "v Göteborgu", "s Coompanionom". Tried only in text in those languages.
SLAVIC = ("sl", "hr")
SL_FOREIGN_AFTER_VOWEL = r"(?:j(?:a|e|i|u|em|om))?"
SL_FOREIGN_AFTER_CONSONANT = r"(?:a|e|i|u|em|om|ov)?"
SL_SHORTEST_STEM = 4  # letters left of a name whose last vowel gives way to a case ending


def _slavic_pattern(name: str) -> str:
    """A name as Slovenian text writes a foreign one: its last word in a case form, the others as written ("" for
    a name that is no proper name, or an acronym, whose forms the name's own pattern has)."""
    words = name.split()
    last = words[-1] if words else ""
    if not last or not last[0].isupper() or not last.isalpha() or _is_acronym(last) or len(last) < 4:
        return ""
    if last[-1].lower() in "aeo":
        forms = [_literal(last) + f"(?i:{SL_FOREIGN_AFTER_VOWEL})"]
        if len(last) > SL_SHORTEST_STEM:
            # A Slovenian name's own vowel gives way to an ending ("Podravje" -> "Podravju", "Strabane" ->
            # "Strabanu"), never to none: "Straban", "Lim" (of "Lima") are no forms of the name. A stem shorter than
            # this is too often a word's: "Romi", "Romu" are the Roma, not Rome.
            forms.append(_literal(last[:-1]) + f"(?i:{SL_ENDING})")
    elif last[-1].lower() in "iuyäöå":
        forms = [_literal(last) + f"(?i:{SL_FOREIGN_AFTER_VOWEL})"]
    else:
        forms = [_literal(last) + f"(?i:{SL_FOREIGN_AFTER_CONSONANT})"]
    tail = "(?:" + "|".join(forms) + ")"
    body = r"[\s\u00a0]+".join([*(_literal(w) for w in words[:-1]), tail])
    return f"{_START}(?:{body})" + _END


def _compounds(lang: str) -> bool:
    return lang in ("fi", "sv")


def name_pattern(name: str, lang: str) -> str:
    """The regular expression for one name in one language ("any" for aliases)."""
    words = name.split()
    if not any(c.isalnum() for c in name):
        return ""  # "-", "": no word to find (it would match the empty string everywhere)
    if len(words) == 1 and _is_acronym(words[0]) and "-" not in words[0]:
        body = _acronym(words[0])
        start = f"(?:{_START}|(?<=[{LOWER}])(?=[{UPPER}]))"
        return start + body + _END
    inflect = _inflected if lang == "fi" else _sv_adjective if lang == "sv" else _literal
    head = [_acronym_inside(w) if _is_acronym(w) else inflect(w) for w in words[:-1]]
    last = words[-1]
    if _is_acronym(last):  # "Cooperative LADIES", "Healthy Kids of Seinäjoki (HKS)"
        tail = _acronym_inside(last) + f"(?:{HYPHEN_SUFFIX}|[{LOWER}]{{1,5}})?"
    elif lang == "sl":  # as written, in any language's text; its case forms: _sl_forms_pattern
        tail = _literal(last) + COMPOUND
    else:
        tail = _last_word(last, len(words) > 1)
    pieces = head + [tail]
    body = pieces[0]
    for w, piece in zip(words[1:], pieces[1:], strict=True):
        # Finnish and Swedish close a two-word name into one word before a common noun: "Toimintojentalo"
        sep = r"[\s\u00a0]*" if _compounds(lang) and w[0].islower() else r"[\s\u00a0]+"
        body += sep + piece
    alternatives = [body]
    closed_ok = (
        _compounds(lang)
        and last[0].isalnum()
        and last[-1].isalpha()  # "1000-jobb|s|projektet", never a number's
        and (len(words) == 1 and len(last) >= 7 or len(words) > 1 and last[0].islower())
    )
    if closed_ok and not _is_acronym(last):
        # first part of a closed compound; a multi-word name only when written as one word
        compound = "".join(head) + _compound_heads(last, lang)
        if last[0].isdigit():  # "1000-jobbsprojektet", "1000jobbsprojektet"; "1000 jobbsökande" is a number of people
            compound = compound.replace(_literal("-"), "[-‐‑–]?")
        alternatives.insert(0, compound)
    starts = [f"{_START}"]
    if name[0].isupper() or _is_acronym(words[0]):
        starts.append(f"(?<=[{LOWER}])(?=[{UPPER}])")  # "ProjektägareCoompanion": glued by page layout
    if _compounds(lang) and words[0][0].islower() and len(words[0]) >= 8:
        starts.append(f"(?<=[{LOWER}])")  # last part of a closed compound: "työllisyys|kuntakokeilu"
    return "(?:" + "|".join(starts) + ")(?:" + "|".join(alternatives) + ")" + _END


@dataclass(frozen=True)
class NamePattern:
    """One name of a tag as a pattern, with the literals that make running it worth while."""

    language: str
    name: str
    anchors: tuple[str, ...]  # folded literals every match contains, each at the start of a written word
    start: str  # folded literal every match starts with ("" when none is certain)
    source: str  # the regular expression, compiled when first needed: most names meet few paragraphs
    inside: tuple[str, ...] = ()  # folded literals every match contains, perhaps inside a written word
    word_like: bool = False  # a one-word acronym that is also an English word ("HOPE"): see _shouted
    only_in: tuple[str, ...] = ()  # the languages of the text it is tried in (all where empty)
    not_in: tuple[str, ...] = ()  # the languages of the text it is not tried in (another pattern finds it there)
    sl_forms: bool = False  # a name given in Slovenian in its case forms: each match is told by _sl_forms_of
    city_last: bool = False  # "<place> City" (of "City of <place>"): see _CITY_AFTER
    foreign_tail: bool = False  # a word-like acronym in lower case before a hyphen ("hope-hankkeen"): see _foreign_tail

    @property
    def pattern(self) -> re.Pattern[str]:
        return _regex(self.source)


@cache
def _regex(source: str) -> re.Pattern[str]:
    return re.compile(source)


@dataclass(frozen=True)
class CompiledTag:
    tag: Tag
    patterns: tuple[NamePattern, ...]
    context: tuple[str, ...] = ()  # the context words, folded; one must start a word of the article


_GLUED = re.compile(rf"[{LOWER}]([{UPPER}]\w*)")  # a leading class, not a look-behind: scanned fast


_TrieNode = dict[str, "_TrieNode"]  # a letter -> the letters that follow it ("" marks a word's end)


def _trie(words: Iterable[str]) -> str:
    """A regular expression for any of the words, as a trie: it fails at a word's first letter, not at each word."""
    root: _TrieNode = {}
    for w in words:
        node = root
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def build(node: _TrieNode) -> str:
        alts = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longest anchor at this place

    return build(root)


@dataclass(frozen=True)
class Taxonomy:
    """Compiled tags, and their names indexed by anchor so a paragraph only tries names whose words it has."""

    tags: tuple[CompiledTag, ...]
    word_starts: re.Pattern[str]  # every anchor at the start of a word, longest first
    inside: tuple[str, ...]  # anchors of names whose every word may stand inside a written word ("1000jobb")
    shorter: dict[str, tuple[str, ...]]  # an anchor -> the anchors it starts with (found with it)
    by_anchor: dict[str, tuple[tuple[CompiledTag, NamePattern], ...]]  # keyed by each name's longest anchor
    slavic: dict[str, tuple[tuple[CompiledTag, NamePattern], ...]] = dataclasses.field(default_factory=dict)
    # (the same for the case forms Slovenian gives foreign names, tried only where a text is in it)
    squashed: dict[str, tuple[CompiledTag, NamePattern]] = dataclasses.field(default_factory=dict)
    # (names of words joined by "and", "of", "&", by their words' letters alone: a hashtag drops the joining words,
    # "#DerryStrabane" for "Derry and Strabane"; see _hashtag_mentions)

    def __iter__(self) -> Iterator[CompiledTag]:
        return iter(self.tags)

    def __len__(self) -> int:
        return len(self.tags)

    def candidates(
        self, masked: str, folded: str, languages: Iterable[str] = ()
    ) -> list[tuple[CompiledTag, NamePattern]]:
        """The names all of whose anchors are in a paragraph (``folded``: the masked paragraph, folded), with their
        Slovenian case forms where ``languages`` has Slovenian or Croatian."""
        found = set(self.word_starts.findall(folded))
        for glued in _GLUED.findall(masked):  # "ProjektägareCoompanion": a word start inside a word
            m = self.word_starts.match(fold(glued))
            if m:
                found.add(m.group(1))
        present = {a for f in found for a in self.shorter.get(f, ())}
        present.update(a for a in self.inside if a in folded)
        indexes = [self.by_anchor, self.slavic] if set(languages) & set(SLAVIC) else [self.by_anchor]
        return [
            (ct, np)
            for index in indexes
            for a in present
            for ct, np in index.get(a, ())
            if present.issuperset(np.anchors) and all(x in folded for x in np.inside)
        ]


def _word_anchor(word: str) -> str:
    """The start of a word that no inflection changes: what it shares with all its Finnish stems.

    "Seinäjoki" -> "seinaj" (Seinäjoen, Seinäjoella), "kaupunki" -> "kaupun" (kaupungilla),
    "socialfonden" -> "socialfon"; an acronym is itself ("esf").
    """
    if _is_acronym(word):
        return fold(word)
    forms = [fold(word)] + [fold(s) for s in _fi_stems(word, 3)]
    if word[:1].islower() and len(word) > 7 and word.endswith(("en", "et")):
        forms.append(fold(word[:-2]))
    shared = forms[0]
    for f in forms[1:]:
        while not f.startswith(shared):
            shared = shared[:-1]
    return shared[:6]


def _anchors(name: str, lang: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """Literals that make a name worth trying on a paragraph.

    Returns the anchors that start a written word whenever the name is there (the uninflected
    start of a word), the anchor the match itself starts with, and the anchors of words that may
    stand inside a written word: glued to the word before ("Toimintojentalo", "YZone",
    "1000jobb") or ending a closed compound ("työllisyys|kuntakokeilu").
    """
    at_start: list[str] = []
    inside: list[str] = []
    first = True
    for i, word in enumerate(name.split()):
        after_hyphen = False
        for part in (p for p in re.split(r"([-‐‑–])", word) if p):
            if part in "-‐‑–":
                after_hyphen = True
                continue
            for w in (x for x in re.split(r"[^\w]+", part) if x):
                if w.isdigit():
                    after_hyphen = True  # "1000-jobb" may be "1000jobb"
                    continue
                a = _word_anchor(w)
                if not a:
                    continue
                glued = after_hyphen or i > 0 and _compounds(lang) and w[0].islower()
                ends_compound = first and _compounds(lang) and w[0].islower() and len(w) >= 8
                (inside if glued or ends_compound else at_start).append(a)
                first = False
                after_hyphen = False
    words = [w for w in re.split(r"[^\w]+", name) if w]
    start = "" if not words or words[0].isdigit() or not name[:1].isalnum() else _word_anchor(words[0])
    return tuple(dict.fromkeys(at_start)), start, tuple(dict.fromkeys(inside))


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


# An organisation's English name "<head> of <place>" is also written "<place> <head>": "Regional Council of South
# Ostrobothnia" / "South Ostrobothnia Regional Council", "Municipality of Maribor" / "Maribor Municipality".
# Only heads that name the council itself: "Seinäjoki City" may be "Seinäjoki City Theatre" (it is taken, bounded, by
# _CITY_AFTER), and "University of Applied Sciences" names no place.
_OF_PLACE = re.compile(r"^((?:(?:Regional|District|City|County|Borough) )?(?:Council|Municipality)) of ([A-Z].*)$")
_CO_O = re.compile(r"\b([Cc]o)(o(?:p|rd))")  # "Cooperative", "coordination": "Co-operative" in British English
# A city's or a municipality's council is how it decides, and partners write the one for the other: "Seinäjoki City
# Council approved the plan", "Seinäjoen kaupunginhallitus päätti". So "City of X" is also written "X City Council"
# and "City Council of X", "X:n kaupunki" (Finnish) also "X:n kaupunginhallitus" and "X:n kaupunginvaltuusto".
_COUNCIL_OF = re.compile(r"^(City|Town|Municipality) of ([A-Z].*)$")
_COUNCILS = {"City": "City Council", "Town": "Town Council", "Municipality": "Municipal Council"}
# "City of X" is also written "X City" in English ("Seinäjoki City's youth services", "Maribor City and the council"),
# but "X City" also starts the name of what the city runs or hosts, which is the place's ("Seinäjoki City Theatre",
# "Seinäjoki City Run", "Maribor City Library": labelling rule 4), and "Seinäjoki city centre" is the place. So the
# form counts only with "City" in capitals or title case, and not before another word in title case (a longer name:
# a heading in capitals cannot tell, and counts). (session 43)
_CITY_WORD = re.compile(r"(?:City|CITY)\W*\w*$")
_CITY_AFTER = re.compile(rf"[\s\u00a0]+[{UPPER}][{LOWER}]")
_CITY_BEFORE_NAME = re.compile(rf"[\s\u00a0]+[{UPPER}]")  # after "City" in title case: any capital ("FC", "AB")


def _city_not_council(surface: str, text: str, end: int) -> bool:
    """Whether "<place> City" (``surface``, ending at ``end`` in ``text``) is no council: "City" in lower case, or
    before a word in title case; "City" in title case also before one in capitals ("Maribor City FC", "Gothenburg
    City AB": a club's, a company's name; review s43), which a heading in capitals ("SEINAJOKI CITY AND SEAMK") is
    not told by."""
    city = _CITY_WORD.search(surface)
    if city is None:
        return True
    return bool((_CITY_AFTER if city.group(0).startswith("CITY") else _CITY_BEFORE_NAME).match(text, end))


_FI_COUNCILS = {
    "kaupunki": ("kaupunginhallitus", "kaupunginvaltuusto"),
    "kunta": ("kunnanhallitus", "kunnanvaltuusto"),
}


def written_forms(tag: Tag) -> list[tuple[str, str]]:
    """Every (language, name) of a tag, with the forms partners also write its names in (see _OF_PLACE, _CO_O,
    _COUNCIL_OF)."""
    out = []
    for lang, name in tag.all_names():
        out.append((lang, name))
        if _CO_O.search(name):
            out.append((lang, _CO_O.sub(r"\1-\2", name)))
        if tag.kind != "organisation":
            continue
        m = _OF_PLACE.match(name) if lang in ("en", "any") else None
        if m:
            out.append((lang, f"{m.group(2)} {m.group(1)}"))
        m = _COUNCIL_OF.match(name) if lang in ("en", "any") else None
        if m:
            council = _COUNCILS[m.group(1)]
            out += [(lang, f"{m.group(2)} {council}"), (lang, f"{council} of {m.group(2)}")]
            if m.group(1) == "City":  # "Seinäjoki City has joined ERNACT": only as _CITY_AFTER allows
                out.append((lang, f"{m.group(2)} City"))
        place, _, head = name.rpartition(" ")
        if lang == "fi" and place and head in _FI_COUNCILS:
            out += [(lang, f"{place} {council}") for council in _FI_COUNCILS[head]]
    return list(dict.fromkeys(out))


@lru_cache(maxsize=8)
def compile_taxonomy(tags: tuple[Tag, ...]) -> Taxonomy:
    out = []
    slavic: dict[str, list[tuple[CompiledTag, NamePattern]]] = {}
    for tag in tags:
        pats = []
        for lang, name in written_forms(tag):
            forms = _sl_forms_pattern(name) if lang == "sl" else ""
            p = name_pattern(name, lang)
            if p:
                name_anchors, start, name_inside = _anchors(name, lang)
                word_like = " " not in name and name.isupper() and name.isalpha() and _is_word(name.lower())
                not_in = SL_FORMS_IN if forms else ()  # (where its case forms are looked for, they find it)
                city = tag.kind == "organisation" and name.endswith(" City")
                pats.append(
                    NamePattern(
                        lang, name, name_anchors, start, p, name_inside, word_like, not_in=not_in, city_last=city
                    )
                )
                if word_like:  # "hope-hankkeen": see _foreign_tail
                    lower = f"{_START}{_plain(name.lower())}{LOWER_SUFFIX}{_END}"
                    pats.append(NamePattern(lang, name, name_anchors, start, lower, word_like=True, foreign_tail=True))
            sv = _sv_compound(name) if lang in ("en", "any") and tag.kind != "topic" else ""
            if sv:  # "Coompanionsföreningarna": a name not given in Swedish, as Swedish closes it into a compound
                name_anchors, start, name_inside = _anchors(name, lang)
                pats.append(NamePattern("sv", name, name_anchors, start, sv, name_inside, only_in=SV_COMPOUNDS_IN))
            if forms:
                sl_anchors, sl_start = _sl_anchors(name)
                pats.append(NamePattern(lang, name, sl_anchors, sl_start, forms, only_in=SL_FORMS_IN, sl_forms=True))
        ct = CompiledTag(tag, tuple(pats), tuple(fold(w) for w in tag.context))
        out.append(ct)
        own = {name for lang, name in tag.all_names() if lang in SLAVIC}
        for name in dict.fromkeys(name for _, name in written_forms(tag)):
            p = _slavic_pattern(name) if name not in own else ""
            name_anchors, start, name_inside = _anchors(name, "sl")
            if p and name_anchors:
                city = ct.tag.kind == "organisation" and name.endswith(" City")
                np = NamePattern("sl", name, name_anchors, start, p, name_inside, only_in=SLAVIC, city_last=city)
                slavic.setdefault(max(name_anchors, key=len), []).append((ct, np))
    by_anchor: dict[str, list[tuple[CompiledTag, NamePattern]]] = {}
    inside: set[str] = set()  # keys of names no word of which surely starts a written word
    for ct in out:
        for np in ct.patterns:
            if np.anchors:
                key = max(np.anchors, key=len)
            else:
                key = np.inside[0] if np.inside else ""
                inside.add(key)
            by_anchor.setdefault(key, []).append((ct, np))
    anchors = sorted(
        {a for ct in out for np in ct.patterns for a in np.anchors}
        | {a for v in slavic.values() for _, np in v for a in np.anchors}
    )
    shorter = {a: tuple(b for b in anchors if a.startswith(b)) for a in anchors}
    squashed = {
        _squash(np.name, drop=True): (ct, np)
        for ct in out
        for np in ct.patterns
        if not np.sl_forms and np.language in ("en", "any", "fi", "sv") and _JOINS_NAMES.search(np.name)
    }
    word_starts = re.compile(rf"\b({_trie(anchors)})")
    return Taxonomy(
        tuple(out),
        word_starts,
        tuple(sorted(inside)),
        shorter,
        {k: tuple(v) for k, v in by_anchor.items()},
        {k: tuple(v) for k, v in slavic.items()},
        squashed,
    )


def _mask(text: str) -> str:
    """Blank out URLs and e-mail addresses, keeping every offset."""
    spans = [m.span() for m in _URL.finditer(text)] if "://" in text or "ww." in text.lower() else []
    if "@" in text:
        for m in _EMAIL_DOMAIN.finditer(text):
            start = m.start()
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._+-"):
                start -= 1
            if start < m.start():  # a local part before the "@"
                spans.append((start, m.end()))
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _matches(np: NamePattern, text: str, folded: str) -> Iterable[re.Match[str]]:
    """The name's matches, trying the pattern only where its first word starts when that is known."""
    if np.sl_forms:
        yield from _sl_matches(np, text, folded)
        return
    if not np.start or len(folded) != len(text):
        yield from np.pattern.finditer(text)
        return
    pos = folded.find(np.start)
    end = 0
    while pos != -1:
        if pos >= end:
            m = np.pattern.match(text, pos)
            if m:
                yield m
                end = m.end()
        pos = folded.find(np.start, pos + 1)


def _sl_matches(np: NamePattern, text: str, folded: str) -> Iterable[re.Match[str]]:
    """A Slovenian name's case forms: the pattern's matches whose words are forms of the name's, tried where its first
    word's start is (a match that is no form gives way to one starting after its start, not after its end)."""
    if not np.start or len(folded) != len(text):
        starts: Iterable[int] = (m.start() for m in _WORD_START.finditer(text))
    else:
        starts = _found_at(folded, np.start)
    end = 0
    for pos in starts:
        if pos < end:
            continue
        m = np.pattern.match(text, pos)
        if m and _sl_forms_of(np.name, m.group("forms")):
            yield m
            end = m.end()


_WORD_START = re.compile(r"(?<!\w)\w")


def _found_at(folded: str, literal: str) -> Iterator[int]:
    pos = folded.find(literal)
    while pos != -1:
        yield pos
        pos = folded.find(literal, pos + 1)


@dataclass
class _Mention:
    """A match before overlaps, shared names and context are settled."""

    hit: TagHit
    weight: int  # length of the name that matched: the longer name wins a tie
    years: tuple[int, ...] = ()  # years in the mention's sentence, for tags with years
    tag: Tag | None = None
    shouted: bool = False  # a word-like acronym in a line set in capitals: see _shouted
    acronym: bool = False  # the name is an acronym that is no word ("SEAMK", "ERNACT")
    dropped: bool = False  # inside a longer mention of another tag that runs across a line break


def _sentence_years(text: str, start: int, end: int, lines: _Lines | None = None) -> tuple[int, ...]:
    """The years in the sentence of a mention. A year after "since" ("since 2013", "sitten vuoden 2013", "sedan
    2013") stands for every year from it to this one: in "employment is at its highest since 2013, thanks to the
    municipal employment pilot" the year says nothing of which pilot, and the later one wins the tie; a pilot
    that "has run since 2021" is still the one of those years. ("Vuodesta 2012 lähtien", "from 2012 on" most
    often say when a programme began, and count as that year.)

    ``lines``: the text's sentence ends, found once for all its mentions (not looked for from each)."""
    left, right = (lines or _Lines(text)).sentence(start, end)
    plain: list[int] = []
    since: list[int] = []
    attached: list[int] = []  # written right by the mention: "the pilot of 2012-2015", "kuntakokeilussa 2012-2015"
    for m in _YEAR.finditer(text, left + 1, right):
        year = int(m.group())
        if _SINCE.search(text, max(0, m.start() - 24), m.start()):
            since += range(year, max(year, date.today().year) + 1)
            continue
        plain.append(year)
        if end <= m.start() <= end + ATTACHED_CHARS or start - ATTACHED_CHARS <= m.end() <= start:
            attached.append(year)
    # A year given the mention itself outweighs the rest ("the pilot of 2012–2015 … lowest since 2008"); else a
    # "since" year counts with the others, its period reaching the later programme too ("part of the pilot since
    # 2021, and unemployment is lower than in 2015" ties, and the later one wins).
    return tuple(attached or plain + since)


_SENTENCE_STOP = re.compile(r"[.!?] ")
ATTACHED_CHARS = 20  # a year this close to a mention is its own: "in 2013", "of 2012–2015", "(2012 - 2015)"


# "since 2013", "ever since the year 2013", "sitten vuoden 2013" (not "sitten 2015": "then, in 2015"), "sedan 2013",
# "sedan år 2013".
_SINCE = re.compile(r"\b(?:since(?:\s+the\s+year)?|sitten\s+vuoden|sedan(?:\s+år|\s+året)?)\s+$", re.I)


_US_STATES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Hawaii|Idaho|Illinois|"
    "Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|"
    "Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|North Carolina|North Dakota|Ohio|Oklahoma|"
    "Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|"
    "West Virginia|Wisconsin|Wyoming"
)  # (not Georgia, New York or Washington, which a list of partners' countries and cities names too)
_US_CODES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|"
    "PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
# A place named after a partner's, across the ocean: its name followed by its state ("Londonderry, New Hampshire",
# "Derry, N.H.", "Gothenburg, NE 69138") or its country ("Derry, USA"). A state's code in capitals only, ending the
# name ("Derry, NH, police said"; "Derry, me" is no Maine, nor "Gothenburg, IN: …" Indiana).
_ELSEWHERE = re.compile(
    rf"(?i:,\s*(?:{_US_STATES}|U\.?\s?S\.?(?:A\.?)?|USA)\b)|,\s*(?:{_US_CODES})(?=\s+\d{{5}}|\s*[,.;)]|\s*$)|,\s*[NSRW]\.(?:[HYJMCDI]|Va)\.(?!\w)"
)


def _scan(compiled: Taxonomy, text: str, field: str, paragraph: int, language: str) -> list[_Mention]:
    return _scan_all(compiled, [(text, field, paragraph, language)])


def _scan_all(
    compiled: Taxonomy, pieces: Sequence[tuple[str, str, int, str]], headings: Collection[int] = ()
) -> list[_Mention]:
    """Mentions in pieces of one article: (text, field, paragraph, language) each; ``headings``: the paragraphs
    that are headings, where no name runs on into the next line or from the line before.

    The article is folded and its anchors looked up once, not once a paragraph: that fixed cost,
    not the patterns, is most of tagging's time. Each candidate name then runs on each piece, and
    across a line break inside a sentence (see _continues).
    """
    texts = [t for t, *_ in pieces]
    joined = "\n".join(texts)
    if not joined.strip():
        return []
    folded_all = fold(joined)  # masking keeps offsets and puts spaces where it masks: fold once, mask both
    if "@" in folded_all or "://" in folded_all or "www." in folded_all:
        masked_all = _mask(joined)
        folded_all = fold(masked_all)
    else:
        masked_all = joined
    # most names are in no paragraph: skip their regex
    languages = {language for *_, language in pieces}
    candidates = compiled.candidates(masked_all, folded_all, languages)
    if "-\n" in folded_all or "\u2011\n" in joined or "\u2010\n" in joined:  # a word broken at a line's end
        whole = _BROKEN_LINE.sub("", masked_all)
        more = compiled.candidates(whole, fold(whole), languages) if whole != masked_all else []
        candidates += [c for c in more if c not in candidates]
    if not candidates and "#" not in masked_all:  # (a hashtag's words are looked up on their own)
        return []
    found: list[_Mention] = []
    offset = 0
    before: dict[tuple[str, str], tuple[int, str, str, str, list[_Mention]]] = {}  # the line before, by its run
    for text, field, paragraph, language in pieces:
        masked = masked_all[offset : offset + len(text)]
        folded = folded_all[offset : offset + len(text)]
        offset += len(text) + 1
        mentions = _mentions(candidates, masked, folded, field, paragraph, language)
        if "#" in masked:
            mentions = _longest(mentions + _hashtag_mentions(compiled, masked, field, paragraph, language))
        run = (field, language if field == "translation" else "")
        prev = before.get(run)
        if (
            prev is not None
            and prev[0] == paragraph - 1
            and not {paragraph, prev[0]} & set(headings)
            and _continues(prev[2], masked)
        ):
            found += _across(candidates, prev, masked, folded, mentions, field)
        before[run] = (paragraph, language, masked, folded, mentions)
        found += mentions
    return [m for m in found if not m.dropped]


def _mentions(
    candidates: Sequence[tuple[CompiledTag, NamePattern]],
    masked: str,
    folded: str,
    field: str,
    paragraph: int,
    language: str,
) -> list[_Mention]:
    """The names' mentions in one piece, a mention inside a longer one of another tag left out."""
    mentions = []
    lines: _Lines | None = None  # (made for the first mention that asks for its line or its sentence)
    for ct, np in candidates:
        if np.start and np.start not in folded or np.inside and not all(x in folded for x in np.inside):
            continue  # the name's other words were in other paragraphs
        if np.only_in and language not in np.only_in or np.not_in and language in np.not_in:
            continue  # a name's case forms in a language it is not written in here
        if np.foreign_tail and language == "en":
            continue  # "hope-filled", "hope-based": English compounds of the word
        for m in _matches(np, masked, folded):
            if ct.tag.kind == "place" and _ELSEWHERE.match(masked, m.end()):
                continue  # "Londonderry, New Hampshire", "Gothenburg, NE": a namesake across the ocean
            if np.city_last and _city_not_council(m.group(0), masked, m.end()):
                continue  # "Seinäjoki city centre", "Seinäjoki City Theatre", "Maribor City FC": the place's
            if np.foreign_tail and not _foreign_tail(m.group(0)):
                continue
            surface = m.group(0)
            hit = TagHit(
                tag_id=ct.tag.id,
                name=ct.tag.name,
                kind=ct.tag.kind,
                surface=surface,
                field=field,
                paragraph=paragraph,
                start=m.start(),
                end=m.end(),
                language=language,
                confidence=1.0 if surface == np.name else 0.9,
            )
            years: tuple[int, ...] = ()
            if ct.tag.years:
                lines = lines or _Lines(masked)
                years = _sentence_years(masked, m.start(), m.end(), lines)
            shouted = False
            if np.word_like and surface == np.name:
                lines = lines or _Lines(masked)
                shouted = _shouted(masked, m.start(), m.end(), lines)
            acronym = not np.word_like and " " not in np.name and _is_acronym(np.name)
            mentions.append(_Mention(hit, len(np.name), years, ct.tag, shouted, acronym))
    return _longest(mentions)


# A line that ends a sentence, a heading's colon or a list's item: the next line starts afresh.
_LINE_ENDS = re.compile(r"[.!?:;…\"”»)\]]\s*$")
# A line that stops inside a name: at a word that joins a name's words ("Regional Council of", "Derry and",
# "Europeiska socialfonden för", "Mestna občina in") or at a hyphen ("Etelä-").
_LINE_JOINS = re.compile(
    r"(?:(?<![^\W\d_])(?i:of|and|for|the|ja|sekä|och|för|i|in|za|v|na|de|der|du|la|und|für|von)|[&+]|[-‐‑])\s*$"
)
# A line this long that does not end a sentence is a wrapped line of a paragraph (a PDF's, a feed's, one broken
# with <br>), not a heading: a heading stands alone however its next line starts.
WRAPPED_LINE = 40
_LIST_ITEM = re.compile(r"[•·▪◦‣*–-]\s")  # "• Foyle Community" / "Works Programme (Derry)": an item, wrapped


def _continues(line: str, following: str) -> bool:
    """Whether a line break (a <br>, a PDF's or a feed's line) falls inside a sentence, where a name may run on
    into the next line ("Seinäjoen<br>kaupunki", "the Regional Council of<br>South Ostrobothnia").

    Every paragraph is a line, and a heading ends with no stop: "Meeting in Derry and Strabane" before "Council
    officers welcomed…" is no council's name. A line runs on only where the next one starts in lower case, where
    it stops at a joining word or a hyphen, or where it is no heading: as long as a wrapped line of a paragraph,
    itself going on from the line before ("socialfonden och Coompanion"), or a list's item."""
    line, following = line.strip(), following.strip()
    if not line or not following or _LINE_ENDS.search(line):
        return False
    if following[0].islower() or _LINE_JOINS.search(line):
        return True
    return len(line) >= WRAPPED_LINE or line[0].islower() or bool(_LIST_ITEM.match(line))


def _across(
    candidates: Sequence[tuple[CompiledTag, NamePattern]],
    prev: tuple[int, str, str, str, list[_Mention]],
    masked: str,
    folded: str,
    mentions: list[_Mention],
    field: str,
) -> list[_Mention]:
    """The mentions of names a line break runs through, given to the line before; the shorter mentions of other
    tags inside them, on either line, are dropped ("South Ostrobothnia" in the council's name)."""
    paragraph, language, prev_masked, prev_folded, prev_mentions = prev
    cut = len(prev_masked)
    # Only a name of words, that starts on the line before, runs across: most lines try none.
    spanning = [(ct, np) for ct, np in candidates if any(c in np.name for c in " -‐‑–") and np.start in prev_folded]
    # (where the next line starts: one space after the line before)
    joins = [(spanning, prev_masked + " " + masked, prev_folded + " " + folded, cut + 1)]
    head = prev_masked.rstrip()
    if _BROKEN_WORD.search(head) and masked[:1].islower():
        # "Seinä-" / "joen kaupunki": a word broken with a hyphen at the line's end (a PDF's or a print layout's);
        # its halves make one word, any name may run across ("Seinä-" / "joella"), a hyphen of the name's own
        # ("HOPE-" / "hankkeen") is found on the line before as it was
        shift = len(head) - 1
        whole = prev_folded[:shift] + folded
        broken = [(ct, np) for ct, np in candidates if not np.start or -1 < whole.find(np.start) < shift]
        joins.append((broken, prev_masked[:shift] + masked, whole, shift))
    out = []
    for names, joined, joined_folded, shift in joins:
        if not names:
            continue
        for m in _mentions(names, joined, joined_folded, field, paragraph, language):
            if not (m.hit.start < min(cut, shift) and m.hit.end > shift):
                continue  # on one line: found there already
            for other in prev_mentions:
                if other.hit.tag_id != m.hit.tag_id and other.hit.start >= m.hit.start:
                    other.dropped = True
            for other in mentions:
                if other.hit.tag_id != m.hit.tag_id and other.hit.end + shift <= m.hit.end:
                    other.dropped = True
            out.append(replace(m, hit=replace(m.hit, end=cut)))  # (offsets stay inside the line it starts on)
    return out


_BROKEN_WORD = re.compile(rf"[{L}]{{2}}[-‐‑]$")  # a line that ends inside a word broken with a hyphen
_BROKEN_LINE = re.compile(rf"(?<=[{L}]{{2}})[-‐‑][ \t]*\n(?=[{LOWER}])")  # the same in an article's joined lines


def _foreign_tail(surface: str) -> bool:
    """Whether a word-like acronym written in lower case before a hyphen ("hope-hankkeen", "hope-projektet",
    "hope-kumppanit") is the name: where what follows the hyphen is no English word. A Finnish or Swedish writer
    puts a project's name in lower case in a social post; "hope-filled", "hope-giving", "hope-based" are the English
    word's compounds (and in a paragraph in English, none counts: see _mentions). (session 43)"""
    tail = re.split(r"[:\-‐‑–]", surface, maxsplit=1)[1]
    word = re.match(rf"[{L}]+", tail)
    return word is not None and len(word.group()) >= 3 and not _is_word(word.group().lower())


# A hashtag and the words it glues in CamelCase ("#DerryStrabane", "#FoyleCommunityWorkProgramme", "#CityOfMaribor",
# "#SeinäjoenKaupunki"): a lower-case letter before a capital starts a word; the last capital of a run of capitals
# before a lower-case letter starts one ("#EURegionsWeek": "EU Regions Week"); a number is a word ("#EWRC2022").
_HASHTAG = re.compile(r"(?<![\w#&])#(\w+)")
_CAMEL = re.compile(r"[^\W\d_]*[a-zß-öø-ÿ][A-ZÀ-ÖØ-Þ]")
_WORD_BREAK = re.compile(
    r"(?<=[a-zß-öø-ÿ])(?=[A-ZÀ-ÖØ-Þ0-9])|(?<=[A-ZÀ-ÖØ-Þ])(?=[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ])|(?<=[0-9])(?=[^\W\d_])"
)
# The words a hashtag drops between two names' words ("#DerryStrabane", "#HealthyKidsSeinajoki").
_JOINS_NAMES = re.compile(r"(?i)\s(?:and|of|the|&|och|ja)(?=\s)")


def _spelled_hashtags(text: str) -> str:
    """The hashtags of a text spelled out, a space between the words each glues ("#CityOfMaribor": "City Of
    Maribor")."""
    return " ".join(" ".join(_WORD_BREAK.split(m.group(1))) for m in _HASHTAG.finditer(text))


def _squash(name: str, drop: bool = False) -> str:
    """A name's letters and digits alone, folded; ``drop``: without its joining words ("and", "of", "&")."""
    if drop:
        name = _JOINS_NAMES.sub(" ", name)
    return _NOT_ALNUM.sub("", fold(name))


_NOT_ALNUM = re.compile(r"[\W_]+")


def _hashtag_mentions(
    compiled: Taxonomy,
    masked: str,
    field: str,
    paragraph: int,
    language: str,
) -> list[_Mention]:
    """Names in hashtags that glue words in CamelCase: each hashtag spelled out with a space between its words, the
    names found there given back to the words they were written as ("#DerryAndStrabane" is the district,
    "#StrabaneRocks" the town, "#NoHopeWithoutAction" no project, as "No Hope Without Action" is none); and a whole
    hashtag that is a name of words joined by "and", "of" or "&" without them ("#DerryStrabane": Derry and Strabane,
    the district). (session 43)"""
    out: list[_Mention] = []
    for tag in _HASHTAG.finditer(masked):
        body, at = tag.group(1), tag.start(1)
        joined = compiled.squashed.get(_squash(body))
        if joined is not None:
            ct, np = joined
            hit = TagHit(
                tag_id=ct.tag.id,
                name=ct.tag.name,
                kind=ct.tag.kind,
                surface=body,
                field=field,
                paragraph=paragraph,
                start=at,
                end=tag.end(),
                language=language,
                confidence=0.9,
            )
            out.append(_Mention(hit, len(np.name), (), ct.tag))
            continue
        if not _CAMEL.match(body):
            continue  # one word, or capitals glued to lower case ("#HOPEproject"): found as written
        words = _WORD_BREAK.split(body)
        spelled = " ".join(words)
        where = []  # the offset in the text of each character of ``spelled``
        pos = at
        for n, word in enumerate(words):
            if n:
                where.append(pos)  # (the space put in: where the next word starts)
            where += range(pos, pos + len(word))
            pos += len(word)
        where.append(pos)
        folded = fold(spelled)
        # The hashtag's names of more than one word: a one-word name is found as written ("#StrabaneRocks": a capital
        # after a lower-case letter ends a name and starts one), and most hashtags have none.
        candidates = [(ct, np) for ct, np in compiled.candidates(spelled, folded, (language,)) if " " in np.name]
        if not candidates:
            continue
        for m in _mentions(candidates, spelled, folded, field, paragraph, language):
            start, end = where[m.hit.start], where[m.hit.end - 1] + 1
            out.append(replace(m, hit=replace(m.hit, surface=masked[start:end], start=start, end=end)))
    return out


def _longest(found: list[_Mention]) -> list[_Mention]:
    """Drop a mention inside a longer mention of another tag ("Seinäjoki" inside "City of Seinäjoki")."""
    # Each mention is held against those that start before it or where it does and have not ended before it starts
    # (a line of thousands of mentions was held against all of them, each: minutes for one long paragraph).
    order = sorted(range(len(found)), key=lambda i: found[i].hit.start)
    dropped = set()
    open_: list[_Mention] = []  # mentions started so far that may still hold the next one
    added = 0
    for i in order:
        a = found[i]
        ha = a.hit
        while added < len(order) and found[order[added]].hit.start <= ha.start:
            open_.append(found[order[added]])
            added += 1
        open_ = [b for b in open_ if b.hit.end >= ha.start]
        if any(
            b.hit.tag_id != ha.tag_id
            and b.hit.start <= ha.start
            and b.hit.end >= ha.end
            and ((b.hit.end - b.hit.start) > (ha.end - ha.start) or b.weight > a.weight)
            for b in open_
        ):
            dropped.add(i)
    return [a for i, a in enumerate(found) if i not in dropped]


def _tag_years(m: _Mention) -> tuple[int, int]:
    """The first and last year of a mention's tag (only mentions of tags with years are grouped by them)."""
    assert m.tag is not None and m.tag.years is not None, "a mention grouped by years has a tag with years"
    return m.tag.years


def _year_distance(m: _Mention, years: tuple[int, ...]) -> tuple[int, int]:
    """How far the years mentioned are from the years of the mention's tag; the later programme first on a tie."""
    first, last = _tag_years(m)
    return (min(0 if first <= y <= last else min(abs(y - first), abs(y - last)) for y in years), -last)


def _by_years(mentions: list[_Mention]) -> list[_Mention]:
    """Give a name shared by programmes of different years to one of them.

    The tag whose years are mentioned in the same sentence wins (or the nearest years); a
    mention without years goes where the article's other mentions went, else to the latest.
    """
    groups: dict[tuple[str, int, int, int], list[_Mention]] = {}
    for m in mentions:
        if m.tag is not None and m.tag.years:
            groups.setdefault((m.hit.field, m.hit.paragraph, m.hit.start, m.hit.end), []).append(m)
    shared = {k: g for k, g in groups.items() if len({m.hit.tag_id for m in g}) > 1}
    if not shared:
        return mentions
    drop: set[int] = set()
    decided: Counter[str] = Counter()
    undecided = []
    for group in shared.values():
        years = group[0].years
        if not years:
            undecided.append(group)
            continue
        best = min(group, key=partial(_year_distance, years=years))
        decided[best.hit.tag_id] += 1
        drop |= {id(m) for m in group if m is not best}
    for group in undecided:
        ranked = sorted(group, key=lambda m: (-decided[m.hit.tag_id], -_tag_years(m)[1]))
        drop |= {id(m) for m in ranked[1:]}
    return [m for m in mentions if id(m) not in drop]


def _gate(compiled: Sequence[CompiledTag], hits: list[TagHit], whole_text: str) -> list[TagHit]:
    found = {h.tag_id for h in hits}
    needs = {ct.tag.id: ct for ct in compiled if ct.context and ct.tag.id in found}
    if not needs:
        return hits
    masked = _mask(whole_text)
    if "#" in masked:  # a context word that starts a word of a hashtag ("#CityOfMaribor")
        masked += "\n" + _spelled_hashtags(masked)
    folded = fold(masked)  # once, not once per ambiguous tag
    ok = {tid for tid, ct in needs.items() if any(_starts_word(folded, w) for w in ct.context)}
    return [h for h in hits if h.tag_id not in needs or h.tag_id in ok]


def _starts_word(folded: str, word: str) -> bool:
    """Whether a folded text has a word starting with ``word`` (context words match as prefixes)."""
    pos = folded.find(word)
    while pos != -1:
        if pos == 0 or not folded[pos - 1].isalpha():
            return True
        pos = folded.find(word, pos + 1)
    return False


def _dedupe(hits: Iterable[TagHit]) -> list[TagHit]:
    """One hit per tag and place: the longest surface wins when names of one tag overlap."""
    ordered = sorted(hits, key=lambda h: (h.tag_id, h.field, h.paragraph, h.start, -(h.end - h.start)))
    out: list[TagHit] = []
    for h in ordered:
        prev = out[-1] if out else None
        if (
            prev
            and (prev.tag_id, prev.field, prev.paragraph) == (h.tag_id, h.field, h.paragraph)
            and h.start < prev.end
        ):
            continue
        out.append(h)
    return out


class _Lines:
    """A text's lines, each found and its letters counted once however many matches stand in it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [m.start() for m in re.finditer("\n", text)]
        self.counted: dict[int, tuple[int, int]] = {}  # a line's start -> its letters, and how many of them small
        self.stops: list[int] | None = None  # where ". ", "! " and "? " stand, found when first asked

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """Where the stop before a match stands (-1 for none) and the one after it (the text's length for none)."""
        if self.stops is None:
            self.stops = [m.start() for m in _SENTENCE_STOP.finditer(self.text)]
        i = bisect.bisect_right(self.stops, start - 2)  # a stop ends before the match starts
        j = bisect.bisect_left(self.stops, end)
        return (self.stops[i - 1] if i else -1), (self.stops[j] if j < len(self.stops) else len(self.text))

    def around(self, start: int, end: int) -> tuple[int, int, tuple[int, int]]:
        """The line a match stands in: its start, its end and its letters counted."""
        i = bisect.bisect_left(self.breaks, start)
        line_start = self.breaks[i - 1] + 1 if i else 0
        j = bisect.bisect_left(self.breaks, end)
        line_end = self.breaks[j] if j < len(self.breaks) else len(self.text)
        if line_start not in self.counted:
            self.counted[line_start] = _letters(self.text[line_start:line_end])
        return line_start, line_end, self.counted[line_start]


def _letters(text: str) -> tuple[int, int]:
    """How many letters a text has, and how many of them small."""
    letters = [c for c in text if c.isalpha()]
    return len(letters), sum(c.islower() for c in letters)


def _shouted(text: str, start: int, end: int, lines: _Lines | None = None) -> bool:
    """Whether a match stands in a line set in capitals ("NEW HOPE FOR JOBSEEKERS"), where an acronym that is also
    a word ("HOPE") can no longer be told from the word: at least 8 other letters, under a tenth of them small.

    ``lines``: the text's lines, kept for the next match (a long line is counted once, not once a match)."""
    _, _, (line_letters, line_small) = (lines or _Lines(text)).around(start, end)
    own_letters, own_small = _letters(text[start:end])
    letters, small = line_letters - own_letters, line_small - own_small
    return letters >= 8 and small * 10 < letters


def _settle(compiled: Taxonomy, mentions: list[_Mention], whole_text: str) -> list[TagHit]:
    # A word-like acronym in a heading set in capitals counts only where the text names it elsewhere too:
    # "HOPE PARTNERS MEET IN MARIBOR" above a release about the HOPE project, not "NEW HOPE FOR JOBSEEKERS".
    # Beside other acronyms of the taxonomy ("PARTNERS: SEAMK, ERNACT, HOPE") it is one of them too.
    named = {m.hit.tag_id for m in mentions if not m.shouted}
    beside = {(m.hit.field, m.hit.paragraph) for m in mentions if m.acronym}
    mentions = [
        m for m in mentions if not m.shouted or m.hit.tag_id in named or (m.hit.field, m.hit.paragraph) in beside
    ]
    mentions = _not_defined_otherwise(compiled, mentions, whole_text)
    return _gate(compiled.tags, _dedupe(m.hit for m in _by_years(mentions)), whole_text)


_ACRONYM_HEAD = re.compile(r"[A-ZÅÄÖ][A-ZÅÄÖ0-9]+")  # "HKS" of "HKS", "HKS:n", "HKS-malli"
_JOINING = frozenset(["of", "and", "for", "the", "&", "och", "för", "ja", "in", "i", "de"])  # (in a spelling out)
_EXPANSION_WORD = re.compile(r"[^\W\d_][\w'’.&-]*")


def _not_defined_otherwise(compiled: Taxonomy, mentions: list[_Mention], text: str) -> list[_Mention]:
    """``mentions`` without those of an acronym the text itself spells out as a name the taxonomy does not know:
    "Harvard Kennedy School (HKS)" makes every "HKS" of the text Harvard's, not Healthy Kids of Seinäjoki's (whose
    own "Healthy Kids of Seinäjoki (HKS)" keeps it, and its "HKS-malli" the model's)."""
    if "(" not in text:
        return mentions
    other: dict[str, bool] = {}
    for m in mentions:
        head = _ACRONYM_HEAD.match(m.hit.surface)
        if head and head.group() not in other:
            other[head.group()] = _defined_as_another(compiled.tags, head.group(), text)
    return [m for m in mentions if not ((head := _ACRONYM_HEAD.match(m.hit.surface)) and other.get(head.group()))]


def _defined_as_another(tags: Sequence[CompiledTag], acronym: str, text: str) -> bool:
    """Whether ``text`` spells ``acronym`` out, in brackets after the words whose initials it is, as a name that is
    no tag's."""
    for found in re.finditer(rf"\(\s*{re.escape(acronym)}\s*\)", text):
        before = text[max(0, found.start() - 200) : found.start()]
        words = list(_EXPANSION_WORD.finditer(before))
        letters, k, first = acronym.upper(), len(acronym) - 1, None
        for w in reversed(words):
            if k < 0:
                break
            if first is not None and w.group().lower() in _JOINING:
                continue
            if w.group()[0].upper() != letters[k]:
                break
            first, k = w, k - 1
        if k >= 0 or first is None:
            continue  # no spelling out here
        expansion = before[first.start() :]
        return not any(np.pattern.search(expansion) for ct in tags for np in ct.patterns)
    return False


_WORD_LANGUAGES = {"en": "English", "fi": "Finnish", "sv": "Swedish"}


def _common_word_in(word: str) -> str:
    """The language ("en", "fi", "sv") in whose dictionary a word is a common word, written in lower case ("hope",
    "koti", "toivo"); "" for none, and for a place or a name the dictionary holds with its capital ("Maribor",
    "Seinäjoki", "Toivo" as written)."""
    from .lexicon import dictionary_lemma

    for lang in _WORD_LANGUAGES:
        lemma = dictionary_lemma(word, lang)
        if lemma is not None and lemma[:1].islower():
            return lang
    return ""


def common_word_names(tags: Sequence[Tag]) -> list[tuple[str, str, str]]:
    """(tag id, name, language) for a tag's name or alias of one word that is a common word of Finnish, Swedish or
    English: "hope", "koti", "Hope". Names are found in any case and inflected form, so every release using the
    word gets the tag ("we hope", "kotiin"). An acronym in capitals ("HOPE") is matched as an acronym, not as the
    word; a tag with ``context`` words, and a topic (whose names are words by design), are left out, as are names
    given for one language (``names.sv = ["socialfonden"]``: the admin chose that language's word)."""
    out = []
    for tag in tags:
        if tag.context or tag.kind == "topic":
            continue
        for name in dict.fromkeys([tag.name, *tag.aliases]):
            word = name.strip()
            if " " in word or not word.isalpha() or _is_acronym(word):
                continue
            lang = _common_word_in(word)
            if lang:
                out.append((tag.id, word, _WORD_LANGUAGES[lang]))
    return out


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
    if not isinstance(taxonomy, Iterable):
        raise TypeError(f"a taxonomy is Tags, tag tables, a Config or a feeds.toml path, not {type(taxonomy).__name__}")
    items = list(taxonomy)
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
    lines = text.split("\n")
    seen = [_visible(line) for line in lines]
    pieces = [(shown, "text", i, language or "und") for i, (shown, _) in enumerate(seen)]
    hits = _settle(compiled, _scan_all(compiled, pieces), "\n".join(shown for shown, _ in seen))
    hits = [replace(h, start=seen[h.paragraph][1][h.start], end=seen[h.paragraph][1][h.end]) for h in hits]
    return group_hits(hits, compiled.tags)


# Marks of a possible word break no reader sees: a soft hyphen ("Seinä&shy;joen"), a word joiner, a zero-width
# space. Pages and feeds lose them on extraction (charset.visible_text); a text given to tag_text may have them.
_INVISIBLE = re.compile("[\u00ad\u2060\u200b]")


def _visible(line: str) -> tuple[str, list[int]]:
    """A line without the marks of word breaks, and where each of its offsets (and its end) stands in ``line``."""
    if not _INVISIBLE.search(line):
        return line, list(range(len(line) + 1))
    kept = [i for i, c in enumerate(line) if not _INVISIBLE.fullmatch(c)]
    return "".join(line[i] for i in kept), [*kept, len(line)]


def group_hits(hits: Sequence[TagHit], compiled: Sequence[CompiledTag] = ()) -> list[FoundTag]:
    """Hits grouped into one FoundTag per tag, in order of first mention."""
    parents = {ct.tag.id: ct.tag.parent for ct in compiled}
    by_tag: dict[str, list[TagHit]] = {}
    for h in sorted(hits, key=lambda h: (h.paragraph, h.start)):
        by_tag.setdefault(h.tag_id, []).append(h)
    return [
        FoundTag(id=tid, name=hs[0].name, kind=hs[0].kind, evidence=tuple(hs), parent=parents.get(tid, ""))
        for tid, hs in by_tag.items()
    ]


_LAST: list[tuple[object, Taxonomy]] = []  # the taxonomy object last compiled: hashing 50 tags per article is not free


def _compiled(taxonomy: Sequence[Tag]) -> Taxonomy:
    last = _LAST[-1] if _LAST else None
    if last is not None and last[0] is taxonomy:
        return last[1]
    compiled = compile_taxonomy(tuple(taxonomy))
    if isinstance(taxonomy, tuple):  # immutable: safe to know by identity
        _LAST[:] = [(taxonomy, compiled)]
    return compiled


def tag_article(article: Article, taxonomy: Sequence[Tag]) -> Article:
    """Tag the title, every paragraph, and every paragraph's translation."""
    compiled = _compiled(taxonomy)
    pieces = [(article.title, "title", -1, article.language)]
    primary = article.translation_target or "en"
    for i, p in enumerate(article.paragraphs):
        pieces.append((p.text, "text", i, p.language))
        if p.translation:
            pieces.append((p.translation, "translation", i, primary))
    for extra in article.more_translations:  # each further target language, tagged as that language
        pieces += [(text, "translation", i, extra.target) for i, text in enumerate(extra.paragraphs) if text]
    whole = "\n".join(
        [
            article.title,
            article.text,
            article.translation,
            *(text for extra in article.more_translations for text in extra.paragraphs if text),
        ]
    )
    headings = {i for i, p in enumerate(article.paragraphs) if p.heading}
    return replace(article, tags=tuple(_settle(compiled, _scan_all(compiled, pieces, headings), whole)))


# ---------------------------------------------------------------- growing the taxonomy

_CAP = r"[A-ZÅÄÖÜ0-9][\w&+.]*"
# Names do not span lines. Each word after the first follows a space: where none had to (the space was optional), a
# run of 60 capitals or digits could be split into words in so many ways that `tags suggest` ran for minutes.
_NAME = rf"{_CAP}(?:[ \t]+(?:(?:of|and|for|the|och|för|ja|de|der|in|&)[ \t]*)?{_CAP}){{0,5}}"
SUGGEST_PATTERNS = (
    # Finnish: "HOPE-hanke", "Healthy Kids of Seinäjoki -malli", "COSME-ohjelman", "SOCIOLAB-verkostossa"
    (re.compile(rf"(?<![\w-])({_NAME})\s?-(hank|projekt|ohjelm|mall|verkost|alusta|toimintamall|palvel)\w*"), "fi"),
    # Swedish: "1000-jobb-projektet", "ESF-projektet", "projektet HOPE"
    (re.compile(rf"(?<![\w-])({_NAME})\s?-(projekt|program|satsning|nätverk|modell|initiativ)\w*"), "sv"),
    (re.compile(rf"\b(?:projektet|programmet|satsningen|nätverket)\s+({_NAME})"), "sv"),
    # English: "the Foyle Community Work Programme", "House of Actions project", "HKS model"
    (
        re.compile(
            rf"\b({_NAME})\s+(project|programme|program|initiative|network|model|platform|strategy|scheme|partnership)\b"
        ),
        "en",
    ),
)
# "Healthy Kids of Seinäjoki (HKS)", "Euroopan sosiaalirahaston (ESR)": an acronym defined for a name
_DEFINITION = re.compile(r"\(\s*([A-ZÅÄÖ][A-Za-zÅÄÖåäö0-9+&]{1,11})\s*\)")
KIND_OF = {
    "hank": "project",
    "projekt": "project",
    "project": "project",
    "ohjelm": "programme",
    "program": "programme",
    "programme": "programme",
    "mall": "practice",
    "model": "practice",
    "toimintamall": "practice",
    "platform": "practice",
    "alusta": "practice",
    "strategy": "practice",
    "scheme": "programme",
}
NOT_NAMES = {
    "The",
    "This",
    "That",
    "These",
    "Our",
    "EU",
    "Eu",
    "A",
    "An",
    "Det",
    "Den",
    "Tämä",
    "Hankkeen",
    "Uusi",
    "New",
}
# Words that start a sentence before a name but are no part of it: "I HOPE-projektet", "Ja HOPE-hanke"
FUNCTION_WORDS = {
    "i",
    "och",
    "med",
    "för",
    "från",
    "på",
    "av",
    "om",
    "till",
    "inom",
    "vi",
    "men",
    "även",
    "att",
    "som",
    "när",
    "ja",
    "ei",
    "myös",
    "sekä",
    "kun",
    "että",
    "mutta",
    "tai",
    "me",
    "nyt",
    "the",
    "a",
    "an",
    "in",
    "and",
    "of",
    "for",
    "with",
    "from",
    "on",
    "at",
    "by",
    "to",
    "our",
    "we",
    "this",
    "that",
}


@dataclass(frozen=True)
class Suggestion:
    name: str
    kind: str
    count: int  # mentions
    articles: int  # articles that mention it
    examples: tuple[str, ...]  # sentences, at most three
    alias_of: str = ""  # the id of the existing tag this name is proposed as an alias of ("" for a new tag)


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(".", 0, start) + 1, text.rfind("\n", 0, start) + 1, 0)
    right = min([i for i in (text.find(".", end), text.find("\n", end)) if i != -1] or [len(text)])
    return " ".join(text[left : right + 1].split())[:300]


def _abbreviates(abbr: str, name: str) -> bool:
    """Whether an acronym's letters come in order from the name, starting with its first letter: HKS, ESR."""
    letters = [c for c in fold(abbr) if c.isalpha()]
    text = fold(name)
    if not letters or not text or letters[0] != text[0]:
        return False
    pos = 0
    for c in letters:
        pos = text.find(c, pos)
        if pos == -1:
            return False
        pos += 1
    return True


def _normal(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(name))


@dataclass
class _Candidate:
    """One candidate name's tally."""

    kind: str
    count: int = 0
    articles: set[int] = dataclasses.field(default_factory=set)
    examples: list[str] = dataclasses.field(default_factory=list)


class _Tally:
    """Candidates with their mentions, articles and example sentences."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], _Candidate] = {}

    def add(self, name: str, kind: str, alias_of: str, article_id: int, sentence: str) -> None:
        e = self.entries.setdefault((name, alias_of), _Candidate(kind))
        e.count += 1
        e.articles.add(article_id)
        if len(e.examples) < 3 and sentence not in e.examples:
            e.examples.append(sentence)

    def suggestions(self) -> list[Suggestion]:
        return [
            Suggestion(name, e.kind, e.count, len(e.articles), tuple(e.examples), alias)
            for (name, alias), e in self.entries.items()
        ]


_NAME_BEFORE = re.compile(rf"({_NAME})\s*$")


def _definitions(compiled: Taxonomy, texts: Sequence[tuple[int, str]]) -> tuple[dict[str, Tag], dict[str, str]]:
    """Acronyms the texts define ("Healthy Kids of Seinäjoki (HKS)").

    Returns those defined for an existing tag that lacks them, and the names the taxonomy does
    not know yet that come with an acronym ("The Foyle Community Work Programme (FCWP)").
    """
    by_id = {ct.tag.id: ct.tag for ct in compiled}
    known: dict[str, Tag] = {}
    new: dict[str, str] = {}
    for _article_id, text in texts:
        masked = _mask(text)
        for m in _DEFINITION.finditer(masked):
            abbr = m.group(1)
            if sum(c.isupper() for c in abbr) < 2 or abbr in known or abbr in new:
                continue
            line_start = masked.rfind("\n", 0, m.start()) + 1
            before = masked[max(line_start, m.start() - 120) : m.start()].rstrip()
            hits = [h for h in _known(compiled, before) if h.end == len(before)]
            for h in hits:
                if _abbreviates(abbr, h.surface):
                    if not any(x.tag_id == h.tag_id for x in _known(compiled, abbr)):
                        known[abbr] = by_id[h.tag_id]
                    break
            else:
                name_m = _NAME_BEFORE.search(before)
                if name_m and not hits:
                    words = name_m.group(1).split()
                    while words and (words[0] in NOT_NAMES or words[0].lower() in FUNCTION_WORDS):
                        words.pop(0)
                    name = " ".join(words)
                    if len(words) >= 2 and _abbreviates(abbr, name) and not _known(compiled, abbr):
                        new[abbr] = name
    return known, new


def _variant_of(compiled: Taxonomy, name: str, head: str) -> Tag | None:
    """The tag a name is a shortened form of: its words start one of the tag's names ("Healthy Kids").

    Among several, the tag whose name has the same head noun ("-malli", "model") wins, else the
    shortest name: "Healthy Kids -malli" is the model, "Healthy Kids" the organisation.
    """
    words = _normal(name)
    if len(words) < 6 or len(name.split()) < 2 and len(words) < 8:
        return None
    found: list[tuple[bool, int, Tag]] = []
    for ct in compiled:
        for np in ct.patterns:
            parts = np.name.split()
            if any(_normal(" ".join(parts[:k])) == words for k in range(1, len(parts) + 1)):
                found.append((bool(head) and head in fold(np.name), len(np.name), ct.tag))
    if not found:
        return None
    return sorted(found, key=lambda x: (not x[0], x[1]))[0][2]


def _known(compiled: Taxonomy, text: str) -> list[TagHit]:
    """What the taxonomy finds in a short text, context words aside (a name is known even without them)."""
    return _dedupe(m.hit for m in _scan(compiled, text, "text", 0, "und"))


def _covered(compiled: Taxonomy, name: str) -> bool:
    """Whether the taxonomy already tags the name, apart from function words before it ("I HOPE")."""
    for h in _known(compiled, name):
        rest = name[: h.start].split() + name[h.end :].split()
        if all(w.lower().strip(".,:;") in FUNCTION_WORDS for w in rest):
            return True
    return False


# A number ("2025", "1+1") or a quarter ("Q4") before a name.
_NO_NAME_WORD = re.compile(r"[^\w]*[\d+&.,:/-]+|Q[1-4]")
# A word ending a sentence ("… vuonna 2025. Zeleni Maribor -hanke", "… EU. Zeleni …"), unlike an abbreviation
# ("St.", "Dr.", "Corp.", "Univ.", an initial "J.", "U.S."). A company's form ends a sentence more often than not.
_SENTENCE_END = re.compile(r"[^\s.]*[\w)][^\s.]*\.")
_ENDS_NAMES = {"Oy", "Oyj", "Ab", "Abp", "Ry", "Rf"}


def _abbreviation(word: str) -> bool:
    stem = word[:-1]
    if len(stem) == 1 or "." in stem:
        return True  # an initial, "U.S."
    return stem.isalpha() and stem[:1].isupper() and not stem.isupper() and len(stem) <= 6 and stem not in _ENDS_NAMES


def _after_sentence_end(words: list[str]) -> list[str]:
    """The words of a candidate name after the last one that ends a sentence in it (a name does not run across
    sentences: "2025. Zeleni Maribor" is "Zeleni Maribor")."""
    for i in range(len(words) - 2, -1, -1):
        word = words[i]
        if _SENTENCE_END.fullmatch(word) and not _abbreviation(word):
            return words[i + 1 :]
    return words


def suggest_names(texts: Sequence[tuple[int, str]], taxonomy: Sequence[Tag], limit: int = 50) -> list[Suggestion]:
    """Names that look like projects, programmes or practices, and new names for tags the taxonomy has.

    ``texts`` are (article id, text) pairs. A candidate is a capitalised name before "-hanke",
    "-projektet", "project", "programme" and their kin (or after "projektet"); those the taxonomy
    already tags are left out. An acronym a text defines for a tagged name ("Healthy Kids of
    Seinäjoki (HKS)"), and a shortened form of a tag's name ("Healthy Kids -malli"), are proposed
    as aliases of that tag (``alias_of``), counted wherever the acronym is used. Most mentioned first.
    """
    compiled = compile_taxonomy(tuple(taxonomy))
    texts = list(texts)
    defined, new_names = _definitions(compiled, texts)
    uses = {
        abbr: re.compile(rf"(?<![\w-]){re.escape(abbr)}(?:[-:][{L}]+|[{LOWER}]{{0,5}})?(?![\w])")
        for abbr in [*defined, *new_names]
    }
    tally = _Tally()
    for article_id, text in texts:
        masked = _mask(text)
        for abbr, pattern in uses.items():
            for m in pattern.finditer(masked):
                sentence = _sentence(text, m.start(), m.end())
                if abbr in defined:
                    tally.add(abbr, defined[abbr].kind, defined[abbr].id, article_id, sentence)
                else:  # a new name: counted wherever its acronym is used
                    last = new_names[abbr].split()[-1].lower()
                    kind = next((k for stem, k in KIND_OF.items() if last.startswith(stem)), "project")
                    tally.add(new_names[abbr], kind, "", article_id, sentence)
        seen: set[int] = set()
        for pattern, _lang in SUGGEST_PATTERNS:
            for m in pattern.finditer(masked):
                if m.start(1) in seen:
                    continue  # the same mention found by another pattern
                seen.add(m.start(1))
                words = _after_sentence_end(m.group(1).split())
                while words and (words[0] in NOT_NAMES or words[0].lower() in FUNCTION_WORDS):
                    words.pop(0)  # "The Foyle ..." -> "Foyle ...", "I HOPE" -> "HOPE"
                if len(words) > 1 and _NO_NAME_WORD.fullmatch(words[0]) and _covered(compiled, " ".join(words[1:])):
                    continue  # "Q4 HOPE", "1+1 HOPE": a tag's name after a number ("Agenda 2030 Seinäjoki" stays)
                name = " ".join(words).strip(" -.")
                if (
                    len(name) < 2
                    or name.isdigit()
                    or name in defined
                    or name in new_names
                    or name in new_names.values()
                    or _covered(compiled, name)
                ):
                    continue
                word = (m.group(2) if m.lastindex and m.lastindex >= 2 else "projekt").lower()
                kind = next((k for stem, k in KIND_OF.items() if word.startswith(stem)), "project")
                variant = _variant_of(compiled, name, fold(word))
                if variant is not None and any(fold(word) in fold(n) for _lang, n in variant.all_names()):
                    name = masked[m.start(1) : m.end()].strip()  # "Healthy Kids -malli": the head noun is part of it
                tally.add(
                    name,
                    variant.kind if variant else kind,
                    variant.id if variant else "",
                    article_id,
                    _sentence(text, m.start(), m.end()),
                )
    out = tally.suggestions()
    out.sort(key=lambda s: (-s.articles, -s.count, s.name))
    return out[:limit]
