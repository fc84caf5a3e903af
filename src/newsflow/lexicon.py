"""Words and their lemmas for search: the index's shadow text, and queries that find every form.

Separate from language identification (language.py): this is what search needs, at indexing
time (``search_shadow``) and at query time (``search_query``, ``query_forms``, ``word_matches``).

Lemmas come from simplemma, but never from its in-memory dictionaries: unpacking the Finnish one
costs about 6 s and 400 MB in every process (and once per thread when several threads ask at
once). Instead simplemma's dictionaries are written once per machine into an on-disk lexicon, an
SQLite form -> lemma table (135 MB, built in about 15 s from the installed simplemma's own
data, nothing downloaded), and simplemma's lemmatiser looks words up in it one at a time through
its ``DictionaryFactory`` hook, so its rules and compound decomposition apply exactly as before.
Every thread of a process shares one read-only connection; every process shares the file.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import math
import os
import re
import sqlite3
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+", re.UNICODE)
LEMMA_LANGUAGES = ("fi", "sv", "en")
OPERATORS = ("AND", "OR", "NOT", "NEAR")
LEXICON_FORMAT = 1  # bump when the file's layout changes: the file name changes with it
_MAX_PHRASE_VARIANTS = 64  # a quoted phrase of inflected words becomes at most this many exact phrases


class QueryError(ValueError):
    """A search query that cannot be run as it is written; the message says how to fix it."""


# ---------------------------------------------------------------------------------------------
# The on-disk lexicon


def lexicon_path() -> Path:
    """Where the lexicon file lives: ``$NEWSFLOW_LEXICON``, else the user's cache folder.

    The name carries simplemma's version and the file format, so upgrading either builds a new one.
    """
    explicit = os.environ.get("NEWSFLOW_LEXICON")
    if explicit:
        return Path(explicit).expanduser()
    from simplemma import __version__ as simplemma_version

    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "newsflow" / f"lexicon-simplemma-{simplemma_version}-v{LEXICON_FORMAT}.sqlite3"


def _dictionary_entries(lang: str) -> Iterator[tuple[str, str]]:
    """Every (form, lemma) of simplemma's shipped dictionary for ``lang``, streamed.

    simplemma 2 stores each dictionary as an lzma-compressed front-coded stream: read record by
    record, it never becomes a 3.5-million-entry dict (the 400 MB this module exists to avoid).
    Any other layout falls back to simplemma's public dictionary mapping (slower, more memory,
    but still only once per machine).
    """
    try:
        from simplemma.strategies.dictionaries import dictionary_factory, frontcode

        raw = dictionary_factory._read_decompressed(lang)
        reverse, _count, pos = frontcode._read_header(raw)
        records: Iterable[tuple[int, bytes, bytes]] = frontcode._iter_records(raw, pos)
    except (ImportError, AttributeError, ValueError):
        from simplemma.strategies.dictionaries import DefaultDictionaryFactory

        yield from DefaultDictionaryFactory(cache_max_size=1).get_dictionary(lang).items()
        return
    for _, key, value in records:
        if reverse:
            key, value = key[::-1], value[::-1]
        yield key.decode(), value.decode()


def build_lexicon(path: Path | None = None, languages: Iterable[str] = LEMMA_LANGUAGES) -> Path:
    """Write simplemma's dictionaries into an SQLite lexicon at ``path`` (about 15 s, 70 MB).

    Written beside its final place and renamed into it when complete, so a reader never sees half
    a lexicon, and two processes building at once simply both succeed.
    """
    from simplemma import __version__ as simplemma_version

    path = path or lexicon_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("pragma journal_mode = off")  # a failed build is thrown away, never repaired
            conn.execute("pragma synchronous = off")
            conn.execute("create table meta (key text primary key, value text not null)")
            langs = list(languages)
            for lang in langs:
                conn.execute(f"create table forms_{lang} (form text primary key, lemma text not null) without rowid")
                conn.executemany(f"insert or replace into forms_{lang} values (?, ?)", _dictionary_entries(lang))
                conn.commit()
            conn.executemany(
                "insert into meta values (?, ?)",
                [("format", str(LEXICON_FORMAT)), ("simplemma", simplemma_version), ("languages", " ".join(langs))],
            )
            conn.commit()
            conn.execute("vacuum")  # pages packed full: 135 MB rather than 154
        finally:
            conn.close()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


class Lexicon:
    """A read-only form -> lemma lexicon on disk, shared by every thread of the process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        # immutable: the file is never changed in place (a rebuild renames a new file over it),
        # so SQLite need not lock it or watch it for changes.
        uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        try:
            self._conn.execute("pragma cache_size = -1024")  # 1 MB: lookups are scattered, the OS caches the file
            meta = dict(self._conn.execute("select key, value from meta").fetchall())
            if meta.get("format") != str(LEXICON_FORMAT):
                raise sqlite3.DatabaseError(f"lexicon format {meta.get('format')}, expected {LEXICON_FORMAT}")
        except sqlite3.DatabaseError:
            self._conn.close()
            raise
        # Language codes name tables: only plain codes, whatever the file says.
        self.languages = tuple(x for x in meta.get("languages", "").split() if re.fullmatch(r"[a-z]{2,3}", x))
        self._sql = {lang: f"select lemma from forms_{lang} where form = ?" for lang in self.languages}

    def lookup(self, lang: str, form: str) -> str | None:
        """The dictionary's lemma for this exact form, or None."""
        with self._lock:  # one connection for all threads: its statements are not shared safely
            row = self._conn.execute(self._sql[lang], (form,)).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        with self._lock:
            self._conn.close()


_OPEN_LOCK = threading.Lock()
_OPEN: dict[int, Lexicon] = {}  # by the pid that opened it: a forked child opens its own


def _temporary_lexicon_path(name: str) -> Path:
    """A private folder under the temporary directory, for a home folder that cannot be written."""
    folder = Path(tempfile.gettempdir()) / f"newsflow-lexicon-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    folder.mkdir(mode=0o700, exist_ok=True)
    if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
        raise OSError(f"{folder} belongs to another user")
    return folder / name


def open_lexicon() -> Lexicon:
    """The process's lexicon, opened once; built first if this machine has none yet.

    Threads that ask at the same time wait for one build and one connection.
    """
    pid = os.getpid()
    lexicon = _OPEN.get(pid)
    if lexicon is not None:
        return lexicon
    with _OPEN_LOCK:
        lexicon = _OPEN.get(pid)
        if lexicon is not None:
            return lexicon
        path = lexicon_path()
        lexicon = _try_open(path)
        if lexicon is None:
            try:
                log.warning("Building the search lexicon from simplemma's dictionaries (once): %s", path)
                build_lexicon(path)
            except OSError as e:
                if os.environ.get("NEWSFLOW_LEXICON"):
                    raise OSError(f"cannot write the search lexicon {path} ($NEWSFLOW_LEXICON): {e}") from e
                path = _temporary_lexicon_path(path.name)
                log.warning("Cannot write %s (%s); building the search lexicon at %s", lexicon_path(), e, path)
                if _try_open(path) is None:
                    build_lexicon(path)
            lexicon = Lexicon(path)
        _OPEN.clear()  # a parent's, inherited through fork, is not this process's to use
        _OPEN[pid] = lexicon
        return lexicon


def _try_open(path: Path) -> Lexicon | None:
    if not path.is_file():
        return None
    try:
        return Lexicon(path)
    except sqlite3.DatabaseError as e:
        log.warning("The search lexicon %s cannot be read (%s): building it again", path, e)
        return None


class _LexiconMapping(Mapping[str, str]):
    """One language of the lexicon, as the read-only mapping simplemma's strategies look words up in."""

    def __init__(self, lexicon: Lexicon, lang: str) -> None:
        self.lexicon, self._lang = lexicon, lang

    def get(self, key: str, default: Any = None) -> Any:
        value = self.lexicon.lookup(self._lang, key)
        return default if value is None else value

    def __getitem__(self, key: str) -> str:
        value = self.lexicon.lookup(self._lang, key)
        if value is None:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[str]:
        raise TypeError("the search lexicon is looked up one word at a time, never listed")

    def __len__(self) -> int:
        raise TypeError("the search lexicon is looked up one word at a time, never counted")


class _LexiconDictionaries:
    """simplemma's ``DictionaryFactory``, answered from the on-disk lexicon."""

    def __init__(self) -> None:
        self._maps: dict[str, _LexiconMapping] = {}

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        # Asked once per lookup by simplemma's strategies: keep it cheap.
        lexicon = open_lexicon()
        mapping = self._maps.get(lang)
        if mapping is None or mapping.lexicon is not lexicon:
            if lang not in lexicon.languages:
                raise ValueError(f"Unsupported language: {lang}")
            mapping = self._maps[lang] = _LexiconMapping(lexicon, lang)
        return mapping


_LEXICON_DICTIONARIES = _LexiconDictionaries()


@functools.cache
def _lemmatizer() -> Any:
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy

    # The same strategies as simplemma.lemmatize(word, lang): only the dictionary is elsewhere.
    return Lemmatizer(
        cache_max_size=0, lemmatization_strategy=DefaultStrategy(dictionary_factory=_LEXICON_DICTIONARIES)
    )


@functools.lru_cache(maxsize=200_000)
def _lemma(word: str, lang: str) -> str:
    try:
        return str(_lemmatizer().lemmatize(word, lang=lang)).lower()
    except (ValueError, KeyError):
        return word.lower()


def is_known_word(word: str, lang: str) -> bool:
    """Whether the dictionary has this word as it is written (or with its first letter's case
    changed): simplemma's ``is_known``, answered from the on-disk lexicon."""
    from simplemma.utils import normalize_token

    return bool(word) and dictionary_lemma(normalize_token(word), lang) is not None


def dictionary_lemma(word: str, lang: str) -> str | None:
    """The lemma the dictionary gives this word as written (or with its first letter's case changed), in the case
    the dictionary holds it ("Maribor", "hope"); None where it has none, or holds no such language."""
    from simplemma.strategies import DictionaryLookupStrategy

    try:
        return DictionaryLookupStrategy(_LEXICON_DICTIONARIES).get_lemma(word, lang)
    except ValueError:  # a language the lexicon does not hold
        return None


def warm_up_lemmas() -> None:
    """Open the search lexicon now (instant; on a fresh install, build it once, about 15 s)."""
    open_lexicon()


# ---------------------------------------------------------------------------------------------
# Indexing


def search_shadow(text: str, lang: str) -> str:
    """The text as the search index sees it: every word, followed by its lemma where that differs.

    "Seinäjoen kaupungilla" (fi) -> "seinäjoen seinäjoki kaupungilla kaupunki", so that searching
    either the inflected or the base form finds it, in Datasette's own search box too.
    """
    out = []
    for word in _WORD.findall(text):
        low = word.lower()
        out.append(low)
        if lang in LEMMA_LANGUAGES and not word.isdigit():
            lemma = _lemma(word, lang)
            if lemma != low:
                out.extend(_WORD.findall(lemma))
    return " ".join(out)


# ---------------------------------------------------------------------------------------------
# Queries: a small parser for the FTS5 syntax people use, so that every word finds its forms and a
# mistake gets a sentence rather than SQLite's "fts5: syntax error near ...".

# A word with a case ending after a colon, as Finnish and Swedish write abbreviations: EU:n, ESF:s,
# CIP:lle. The ending is dropped: the base finds every form (the index holds "eu n", "eu ssa"...). Only from a word's
# start: tried from every letter of a word of 10,000 (a pasted page), each to the word's end, it took seconds.
_COLON_WORD = re.compile(r"(?<!\w)(\w+):([^\W\d_]{1,8})(?!\w)", re.UNICODE)
_TOKEN = re.compile(r'\s+|"[^"]*"\*?|"|\(|\)|,|\|+|[^\s"(),|]+', re.UNICODE)
_EXAMPLES = 'for example: Seinäjoki, "House of Actions", hank*, HOPE OR Maribor, Seinäjoki NOT HOPE'


@dataclass(frozen=True)
class _Tok:
    kind: str  # "word", "prefix", "phrase", "op", "(", ")"
    text: str
    words: tuple[str, ...] = ()
    after_comma: bool = False  # NEAR(a b, 10): the distance follows a comma
    joined: bool = False  # a word of a run written without spaces ("S-Market", "K-Citymarket"): never a small word
    minus: bool = False  # a NOT written as a minus before a word ("-Maribor"), as web searches write it


def _chunk_words(chunk: str) -> list[str]:
    """The words a run of non-space characters stands for: EU:n is EU; 1000-jobb is 1000 and jobb; Seinäjoki's is
    Seinäjoki (the possessive is no word of its own to look for)."""
    return _WORD.findall(_POSSESSIVE.sub(r"\1", _COLON_WORD.sub(_drop_ending, chunk)))


_POSSESSIVE = re.compile(r"(\w)['’]s(?!\w)", re.UNICODE)  # English: Seinäjoki's, Coompanion’s


def _drop_ending(m: re.Match[str]) -> str:
    # Only a case ending is dropped (EU:n, ESF:s, CIP:lle, ry:n); "title:HOPE", "title:hope" and "lang:fi" are two
    # words each ("title:hope" was a search for "title" alone, "tag:hope" for "tag").
    return m.group(1) if is_colon_ending(m.group(2)) else m.group(0)


# The endings Finnish and Swedish put after a colon (an abbreviation's or a number's case: EU:n, EU:ssa, ESR:ää,
# EU:hun, ESF:s, ESF:en), with a Finnish clitic or not (EU:nkin).
_FINNISH_COLON_ENDINGS = (
    "n a ä ta tä tta ttä na nä ssa ssä sta stä lla llä lta ltä lle ksi t ne neen en den tten iin seen siin aa ää ee ii "
    "oo uu yy öö ien iden itten ja jä ia iä ihin ille illa illä issa issä ista istä ilta iltä ina inä iksi ineen in "
    "tse han hen hin hon hun hyn hän hön"
)
_SWEDISH_COLON_ENDINGS = "s n en et ens ets ar er or na arna erna orna ns ts arnas ernas"
_COLON_ENDING = re.compile(
    rf"(?:{'|'.join(_FINNISH_COLON_ENDINGS.split())})(?:kin|kaan|kään|ko|kö|pa|pä)?"
    rf"|(?:{'|'.join(_SWEDISH_COLON_ENDINGS.split())})"
)


def is_colon_ending(ending: str) -> bool:
    """Whether what follows a colon in a word is a case ending (EU:n, ESF:s, CIP:lle), not a word ("title:hope")."""
    return _COLON_ENDING.fullmatch(ending) is not None


# "and" typed between two words, in English, Finnish or Swedish: AND, as between any two words (as a word, every English
# text has it and no Finnish one: "HOPE and Maribor" found no Finnish release). Not "or" or "not" in lower case: a
# phrase searched for unquoted holds them ("not in employment, education or training", "koulutuksen tai työn").
_SPOKEN_OPERATORS = {"and": "AND", "ja": "AND", "och": "AND"}


# Words that only join others, in the languages staff write (English, Swedish, Slovenian; Finnish puts them in its
# endings): in a search of words they narrow it to the releases written in that language, so "HOPE in Maribor" missed
# the Finnish release "… esiteltiin Mariborissa", and "Coompanion om 1000-jobb" the Swedish one without "om". A search
# leaves them out where other words remain, unless they stand in quotes ("in") or among OR, NOT, NEAR or brackets.
_SMALL_WORDS_WRITTEN = (
    "a an the in on at of for to about from by with into onto as",  # English
    "i på om av för till från med en ett den det de vid hos",  # Swedish
    "v na za z s o pri iz do od po ob k h",  # Slovenian ("in", "and", is English's too)
)
SMALL_WORDS = frozenset(word for words in _SMALL_WORDS_WRITTEN for word in words.split())


def _tokenize(query: str) -> list[_Tok]:
    return _without_small_words(_tokens(query))


def _without_small_words(tokens: list[_Tok]) -> list[_Tok]:
    """``tokens`` without the words of SMALL_WORDS, where they are a search of words (ANDs aside) and others remain."""
    if any(t.kind in ("(", ")") or t.kind == "op" and t.text != "AND" for t in tokens):
        return tokens
    kept = [t for t in tokens if not (t.kind == "word" and not t.joined and t.text.lower() in SMALL_WORDS)]
    if len(kept) == len(tokens) or not any(t.kind in ("word", "prefix", "phrase") for t in kept):
        return tokens
    # An AND left with nothing on one side ("HOPE and the") goes too.
    return [
        t
        for i, t in enumerate(kept)
        if t.kind != "op" or 0 < i < len(kept) - 1 and kept[i + 1].kind != "op" and kept[i - 1].kind != "op"
    ]


def small_words_left_out(query: str) -> list[str]:
    """The words of SMALL_WORDS a search left out ("HOPE in Maribor": ["in"]), as typed."""
    try:
        tokens = _tokens(query)
    except QueryError:
        return []
    kept = {id(t) for t in _without_small_words(tokens)}
    return list(dict.fromkeys(t.text for t in tokens if id(t) not in kept and t.kind == "word"))


def small_words_kept(query: str) -> tuple[list[str], str]:
    """The small words a search left out and the search that keeps them ("HOPE in Maribor": ["in"],
    'HOPE "in" Maribor'), as ``minus_kept`` says what a minus did; ([], "") where none was left out, or none could be
    quoted (a word in typographic quotes)."""
    small = small_words_left_out(query)
    quoted = small_words_quoted(query, small) if small else query
    return (small, quoted) if quoted != query else ([], "")


def small_words_quoted(query: str, words: list[str]) -> str:
    """``query`` with ``words`` (small words it left out) in quotes, which keeps them: 'HOPE "in" Maribor'. Only
    where they stand alone: not in a quoted phrase, nor joined to a word by a hyphen or a minus."""
    parts = re.split(r'("[^"]*"\*?)', query)  # (the phrases at odd places, left as they are)
    for i in range(0, len(parts), 2):
        for word in words:
            parts[i] = re.sub(rf'(?<![\w"\-:’\']){re.escape(word)}(?![\w"\-*:’\'])', f'"{word}"', parts[i])
    return "".join(parts)


# An e-mail address typed or pasted into a search ("mailto:" too, as a copied link gives it).
_MAIL_ADDRESS = re.compile(r"(?:mailto:)?([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)")


def mail_address_word(address: str) -> str:
    """The one word an e-mail address is indexed by in the press contacts, beside its name part ("info@example.org" ->
    "infoexampleorg"): there its domain is no word of its own, as it is no mention of the city or partner it names
    ("@seinajoki.fi" is not "Seinäjoki")."""
    return re.sub(r"\W|_", "", address).lower()


def contacts_indexed(contacts: str) -> str:
    """The press contacts as the search index reads them: each e-mail address by its name part and its one word
    (``mail_address_word``), which ``_addresses_searched`` asks for."""
    return _MAIL_ADDRESS.sub(lambda m: f"{m[1]} {mail_address_word(m[1] + m[2])}", contacts)


def _addresses_searched(query: str) -> str:
    """``query`` with each e-mail address outside quotes and NEAR(...) asked as the press contacts index it (its word)
    or as a text writes it (its words in turn): "info@example.org" finds the releases that give that address, not
    every one that says "info" and names example.org."""
    if "NEAR" in query or "@" not in query:
        return query
    parts = query.split('"')
    for i in range(0, len(parts), 2):
        parts[i] = _MAIL_ADDRESS.sub(
            lambda m: f" ({mail_address_word(m[1] + m[2])} OR ({m[1]} {m[2].replace('.', ' ')})) ", parts[i]
        )
    return '"'.join(parts)


def as_typed(query: str) -> str:
    """A search with its letters as the releases write them (NFC): a word pasted from a Mac or a PDF may hold a letter
    and its accent apart ("a" and a combining diaeresis: "Seinäjoella" was searched as "Seina" and "joella" and found
    nothing), or a ligature ("ﬁ"), a fullwidth letter or a no-break space, which are folded one by one. Not NFKC as a
    whole: the releases' own "CO₂" and "m²" stay as they are written, and found (review, s38: "co2" found none).
    Quotation marks as a word processor, a Finnish, Swedish or Slovenian text or a PDF gives them (“…”, ”…”, „…“,
    «…», »…«) are " marks, where they pair up: “House of Actions” was searched as three words, "of" left out."""
    typed = _COMPATIBLE.sub(lambda m: unicodedata.normalize("NFKC", m[0]), unicodedata.normalize("NFC", query))
    quoted = typed.translate(_QUOTES)
    typed = quoted if quoted != typed and quoted.count('"') % 2 == 0 else typed
    # Single quotation marks around words, as a search is quoted in a Windows prompt, a Swedish text (’…’) or an
    # English one (‘…’), where no " is typed: a phrase ('House of Actions' was three words, "of" left out, and the
    # hint offered ''"'"'House "of" Actions'"'"''; search probe, s40). Not an apostrophe inside or after a word
    # (Derry's, partners' meeting).
    return typed if '"' in typed else _SINGLE_QUOTED.sub(r'"\1"', typed)


# (Nor one that elides the start of a word, "the '90s", "'21", "'til", "rock 'n' roll", whose pair with a plural's
# apostrophe later, "the partners' meeting", made one phrase of the words between; review, s40.)
_SINGLE_QUOTED = re.compile(
    r"(?<![\w'’‘])['‘’‚](?!\d\d?s?\b|(?:til|tis|twas|cause|em|n)\b)"
    r"([^'‘’‚\s](?:[^'‘’‚]*[^'‘’‚\s])?)['’‘](?![\w'’‘])",
    re.I,
)


_QUOTES = str.maketrans(dict.fromkeys("“”„‟«»″〝〞〟", '"'))


# Ligatures (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ), fullwidth forms and the no-break and narrow spaces, as a PDF or an East Asian keyboard
# gives them: folded to their letters (subscripts, superscripts and fractions are not: what the releases write).
_COMPATIBLE = re.compile("[\ufb00-\ufb06\uff01-\uff5e\u00a0\u2007\u202f]")


def _tokens(query: str) -> list[_Tok]:
    query = as_typed(query)
    tokens: list[_Tok] = []
    comma = False
    near = False  # inside NEAR( ... ): words and a distance only
    for m in _TOKEN.finditer(query):
        piece = m.group(0)
        if piece.isspace():
            continue
        if piece == ",":
            comma = True
            continue
        if comma and piece.isdigit():
            tokens.append(_Tok("word", piece, after_comma=True))
            comma = False
            continue
        if (
            comma
            and near
            and query[m.end() :].lstrip()[:1] == ")"
            and sum(t.kind != "(" for t in _since_near(tokens)) > 1
        ):
            # ("NEAR(HOPE Maribor, x)" looked for a third word "x" and found nothing, saying nothing)
            raise QueryError(
                f"The distance after the comma in NEAR(...) is a number of words, as in NEAR(Seinäjoki HOPE, 10); "
                f"not {piece!r}."
            )
        comma = False
        if piece == '"':
            raise QueryError('A quotation mark is not closed: put a phrase between two " marks, or remove it.')
        if piece in "()":
            near = near and piece == "("
            tokens.append(_Tok(piece, piece))
        elif piece.startswith('"'):
            prefix = piece.endswith("*")
            # Inside a phrase every word counts, endings too: the index holds EU:n as "eu n".
            words = tuple(_WORD.findall(piece.strip('"*')))
            if not words:
                raise QueryError(f"The phrase {piece} has no words in it: put words between the quotation marks.")
            tokens.append(_Tok("phrase", piece, words + (("*",) if prefix else ())))
        elif piece in OPERATORS and piece != "NEAR" or piece == "NEAR" and query[m.end() : m.end() + 1] == "(":
            near = piece == "NEAR"
            tokens.append(_Tok("op", piece))
        elif piece[0] == "|":  # "HOPE || Maribor", as a programmer writes OR (it was HOPE AND Maribor, silently)
            rest = query[m.end() :].lstrip()
            operator_next = re.match(r"(?:NOT|AND|OR)\b|-", rest)  # ("HOPE | NOT Maribor", "HOPE | -Maribor": NOT)
            if tokens and tokens[-1].kind not in ("op", "(") and rest[:1] not in ("", ")") and not operator_next:
                tokens.append(_Tok("op", "OR"))
        elif (
            piece.lower() in _SPOKEN_OPERATORS
            and not near
            and tokens
            and tokens[-1].kind not in ("op", "(")
            and query[m.end() :].lstrip()[:1] not in ("", ")")
        ):
            tokens.append(_Tok("op", _SPOKEN_OPERATORS[piece.lower()]))
        elif piece.startswith("-") and not near and _minus_means_not(piece, query[m.end() : m.end() + 1]):
            tokens.append(_Tok("op", "NOT", minus=True))  # "HOPE -Maribor", as web searches write it: HOPE NOT Maribor
            excluded = _word_tokens(piece[1:]) if piece != "-" else []
            if len(excluded) > 1 and all(t.kind == "word" for t in excluded):  # "-Etelä-Pohjanmaa": all of it
                excluded = [_Tok("phrase", piece[1:], tuple(t.text for t in excluded))]
            tokens.extend(excluded)
        else:
            tokens.extend(_word_tokens(piece))
    return tokens


def _since_near(tokens: list[_Tok]) -> list[_Tok]:
    """The tokens after the last NEAR: its parenthesis and its words so far."""
    at = max((i for i, t in enumerate(tokens) if t.kind == "op" and t.text == "NEAR"), default=len(tokens) - 1)
    return tokens[at + 1 :]


def respellable_words(query: str) -> list[str]:
    """The words of a search that ``search_query`` finds by their other ``spellings`` too, as typed: its plain words,
    those of its quoted phrases, and those NOT leaves out; not a prefix (``Gotebo*``), nor a word in NEAR(...), which
    takes words as typed, one way each."""
    try:
        tokens = _tokenize(query)
    except QueryError:
        return []
    out: list[str] = []
    near = False
    for tok in tokens:
        if tok.kind == "op" and tok.text == "NEAR":
            near = True
        elif tok.kind == ")":
            near = False
        elif not near and tok.kind == "word" and not tok.after_comma:
            out.append(tok.text)
        elif not near and tok.kind == "phrase":
            out += tok.words[:-2] if tok.words[-1:] == ("*",) else tok.words  # (a phrase's last word before a star)
    return list(dict.fromkeys(out))


def _minus_means_not(piece: str, following: str) -> bool:
    """Whether a piece starting with "-" is NOT: "-Maribor", or "-" right before a quote or a parenthesis; not before
    a word in lower case, which Finnish joins to a name that way ("Healthy Kids of Seinäjoki -malli")."""
    if piece == "-":
        return following in ('"', "(")
    rest = piece[1:]
    return bool(_WORD.match(rest)) and rest[:1].isupper()


# The words Finnish and Swedish join to a name with a minus ("HOPE -hanke", "Healthy Kids of Seinäjoki -malli",
# "1000-jobb -projektet"), in any form: written so in a search, the minus is meant as written, and nothing is said.
_COMPOUND_HEAD = re.compile(  # (Finnish and Swedish forms only: "-programme", "-strategies", "-hankinta" are words)
    r"(?:hanke|hankk|projekt|ohjelm|mall[ie]|verkost|alust|toimintamall|palvel|kokeil|yhteistyö|päiv|viik|seminaar"
    r"|tapahtum|kampanj|konferens|rahoitu|strategi(?:a|an|aa|assa|n|er|erna)\b|programmet|programmen|satsning"
    r"|nätverk|modell(?:en|er|erna)?\b|initiativet|dagen|dagar|vecka|veckan)",
    re.I,
)


def minus_kept(query: str) -> tuple[list[str], str]:
    """The words a query writes with a minus before them in lower case ("hope -maribor"), which are searched as words
    (``_minus_means_not``), and the query with each of them left out instead ("hope NOT maribor"; "" where that query
    could not be run, as "-maribor hope", with nothing before the NOT)."""
    query = as_typed(query)
    kept: list[str] = []
    parts: list[str] = []
    rest: list[str] = []  # the query without them
    near, depth, inside = False, 0, False
    for m in _TOKEN.finditer(query):
        piece = m.group(0)
        near = (near or piece == "NEAR") and piece != ")"
        depth += (piece == "(") - (piece == ")")
        if (
            piece.startswith("-")
            and not near
            and _WORD.match(piece[1:])
            and not _minus_means_not(piece, query[m.end() : m.end() + 1])
            and not _COMPOUND_HEAD.match(piece[1:])
        ):
            kept.append(piece[1:])
            piece = "NOT " + piece[1:]
            inside = inside or depth > 0
        else:
            rest.append(piece)
        parts.append(piece)
    if not kept:
        return [], ""
    if not inside and _or_outside_parentheses("".join(rest)):  # "hope OR derry NOT maribor" would list hope's
        # releases about Maribor: FTS5 binds NOT closest, and "-Maribor" leaves Maribor out of all of it (review2, s42)
        return kept, _runnable(f"({' '.join(''.join(rest).split())}) " + " ".join(f"NOT {w}" for w in kept))
    return kept, _runnable("".join(parts))


def _or_outside_parentheses(query: str) -> bool:
    """Whether ``query`` joins words by OR outside parentheses ("hope OR derry", not "hope (derry OR vaasa)")."""
    try:
        tokens = _tokens(query)
    except QueryError:
        return False
    depth = 0
    for tok in tokens:
        depth += (tok.kind == "(") - (tok.kind == ")")
        if depth == 0 and tok.kind == "op" and tok.text == "OR":
            return True
    return False


def _runnable(query: str) -> str:
    """A query offered instead of the one typed, or "" where it could not be run either."""
    try:
        search_query(query, ())
    except QueryError:
        return ""
    return query


# "or" as staff say it, in English, Finnish and Swedish: searched as a word (a phrase searched unquoted holds it, "not
# in employment, education or training"), which the command and the reading room say, with the search for either.
_SPOKEN_OR = frozenset(("or", "tai", "eller"))


def or_kept(query: str) -> tuple[list[str], str]:
    """The words for "or" a query writes between two others ("HOPE tai Maribor", "HOPE or Maribor"), which are
    searched as words (releases holding HOPE, "tai" and Maribor), and the query with OR for each of them instead
    ("HOPE OR Maribor"); ([], "") where there is none, or that query could not be run."""
    query = as_typed(query)
    kept: list[str] = []
    parts: list[str] = []
    near = False
    pieces = list(_TOKEN.finditer(query))
    terms = [i for i, m in enumerate(pieces) if not m[0].isspace()]
    for at, m in enumerate(pieces):
        piece = m[0]
        near = (near or piece == "NEAR") and piece != ")"
        before = [pieces[i][0] for i in terms if i < at][-1:]
        after = [pieces[i][0] for i in terms if i > at][:1]
        if (
            piece.lower() in _SPOKEN_OR
            and piece != "OR"
            and not near
            and before
            and after
            and before[0] not in (*OPERATORS, "(")
            and before[0][0] != "|"
            and after[0] not in (*OPERATORS, ")")
            and after[0][0] != "|"
        ):
            kept.append(piece)
            piece = "OR"
        parts.append(piece)
    instead = _runnable("".join(parts)) if kept else ""
    return (list(dict.fromkeys(kept)), instead) if instead else ([], "")


def _word_tokens(chunk: str) -> list[_Tok]:
    if "*" in chunk:
        stem = chunk[:-1]
        if not chunk.endswith("*") or "*" in stem or not stem or not _WORD.search(stem[-1]):
            raise QueryError(
                f"{chunk!r}: a * goes right after the start of a word, as in hank* "
                "(it finds hanke, hankkeessa, hankkeen ...)."
            )
        words = _chunk_words(stem)
        if len(words[-1]) < 2:  # "s*" asks for nearly every word there is: 7 s on a few years' archive, and no answer
            raise QueryError(
                f"{chunk!r}: a * needs at least two letters before it, as in hank* (it finds hanke, hankkeessa, "
                "hankkeen ...)."
            )
        return [_Tok("word", w, joined=_joined(words, chunk)) for w in words[:-1]] + [_Tok("prefix", words[-1])]
    words = _chunk_words(chunk)
    return [_Tok("word", w, joined=_joined(words, chunk)) for w in words]


def _joined(words: list[str], chunk: str) -> bool:
    """Whether the words of a run written without spaces are joined to one another or to a minus (``_Tok.joined``)."""
    return len(words) > 1 or chunk.startswith("-")


class _Parser:
    """FTS5's grammar, as people write it: OR binds loosest, then AND (or nothing), then NOT."""

    MAX_DEPTH = 20  # parentheses inside one another: more is no search a person writes (and would exhaust the stack)

    def __init__(self, tokens: list[_Tok], languages: tuple[str, ...], spellings: Mapping[str, Sequence[str]]) -> None:
        self.tokens, self.pos, self.languages, self.spellings = tokens, 0, languages, spellings
        self.depth = 0

    def peek(self) -> _Tok | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Tok:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def parse(self) -> str:
        expr = self.or_expr()
        tok = self.peek()
        if tok is not None:  # only a stray ")" stops an expression early
            raise QueryError("A closing parenthesis ')' has no opening '(' before it: remove it or add the '('.")
        return expr

    def or_expr(self) -> str:
        parts = [self.and_expr()]
        while (tok := self.peek()) is not None and tok.text == "OR" and tok.kind == "op":
            self.take()
            parts.append(self.and_expr("OR"))
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def and_expr(self, after: str = "") -> str:
        taken = self.leading_nots()
        parts = [self.not_expr(after)]
        while (tok := self.peek()) is not None and tok.kind != ")" and not (tok.kind == "op" and tok.text == "OR"):
            if tok.kind == "op" and tok.text == "AND":
                self.take()
                if (after_and := self.peek()) is not None and after_and.kind == "op" and after_and.text == "NOT":
                    self.take()  # "HOPE ja -Maribor", "HOPE AND NOT Maribor": takes away from what came before
                    parts[-1] = f"({parts[-1]} NOT {self.primary('NOT')})"
                else:
                    parts.append(self.not_expr("AND"))
            else:
                parts.append(self.not_expr())
        expr = parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"
        for excluded in taken:
            expr = f"({expr} NOT {excluded})"
        return expr

    def leading_nots(self) -> list[str]:
        """What a NOT (or a minus) at the start of a group leaves out where words follow it: "-Maribor HOPE" is HOPE
        NOT Maribor, as web searches read it (search probe, s40: "NOT needs something before it"). A NOT with
        nothing after what it leaves out is left to the parser's message."""
        taken: list[str] = []
        while (tok := self.peek()) is not None and tok.kind == "op" and tok.text == "NOT":
            at = self.pos
            self.take()
            if (first := self.peek()) is None or first.kind in ("op", ")"):
                self.pos = at
                break
            excluded = self.primary("NOT")
            nxt = self.peek()
            if nxt is not None and nxt.kind == "op" and nxt.text == "AND":  # "-Maribor AND HOPE" (review, s40)
                after_and = self.pos
                self.take()
                if (nxt := self.peek()) is None or nxt.kind in ("op", ")"):
                    self.pos = after_and
            if nxt is None or nxt.kind == ")" or nxt.kind == "op" and nxt.text != "NOT":
                self.pos = at
                break
            taken.append(excluded)
        return taken

    def not_expr(self, after: str = "") -> str:
        expr = self.primary(after)
        while (tok := self.peek()) is not None and tok.kind == "op" and tok.text == "NOT":
            self.take()
            expr = f"({expr} NOT {self.primary('NOT')})"
        return expr

    def primary(self, after: str = "") -> str:
        tok = self.peek()
        if tok is None:
            if after:
                raise QueryError(f"{after} needs a word after it ({_EXAMPLES}).")
            raise QueryError(f"The search has no words in it: type a word to look for ({_EXAMPLES}).")
        if tok.kind == "op" and tok.text == "NOT":
            raise QueryError(
                "NOT needs something before it to take results away from: write, for example, Seinäjoki NOT HOPE."
            )
        if tok.kind == "op" and tok.text in ("AND", "OR"):
            raise QueryError(f"{tok.text} needs a word on each side, as in HOPE {tok.text} Maribor.")
        if tok.kind == ")":
            raise QueryError(
                "A closing parenthesis ')' comes where a word should: put words between '(' and ')', or remove it."
            )
        self.take()
        if tok.kind == "(":
            self.depth += 1
            if self.depth > self.MAX_DEPTH:
                raise QueryError(
                    f"More than {self.MAX_DEPTH} parentheses inside one another: write the search more simply."
                )
            expr = self.or_expr()
            if self.peek() is None:
                raise QueryError("A parenthesis '(' is not closed: add the ')' or remove the '('.")
            self.take()
            self.depth -= 1
            return expr
        if tok.kind == "op":  # NEAR(...)
            return self.near()
        if tok.kind == "prefix":
            return f'"{tok.text.lower()}"*'
        if tok.kind == "phrase":
            return _phrase(tok.words, self.languages, self.spellings)
        return _word_query(tok.text, self.languages, self.spellings)

    def near(self) -> str:
        self.take()  # "("
        words: list[str] = []
        distance = ""
        while (tok := self.peek()) is not None and tok.kind != ")":
            self.take()
            if tok.after_comma and words and not distance:
                distance = tok.text
            elif tok.kind in ("word", "prefix", "phrase") and not distance:
                words.extend(f'"{w.lower()}"' for w in (tok.words or (tok.text,)) if w != "*")
            else:
                raise QueryError(f"NEAR takes words and a distance, as in NEAR(Seinäjoki HOPE, 10); not {tok.text!r}.")
        if tok is None:
            raise QueryError("A parenthesis '(' after NEAR is not closed: add the ')'.")
        self.take()
        if len(words) < 2:
            raise QueryError("NEAR needs at least two words, as in NEAR(Seinäjoki HOPE, 10).")
        return f"NEAR({' '.join(words)}{', ' + distance if distance else ''})"


def _query_lemmas(word: str, languages: tuple[str, ...]) -> set[str]:
    """A query word's lemmas: in the languages whose dictionary holds the word as written; in all of them only
    where none does (an inflected compound, "kuntakokeilussa"). Not a guess in one language for a word another
    knows: "Maribor" is no Finnish form of "mari" (which found "Marin"), nor "European" of "euro"."""
    known = tuple(lang for lang in languages if is_known_word(word, lang))
    return {_lemma(word, lang) for lang in known or languages}


def _word_forms(word: str, languages: tuple[str, ...], stems: list[str]) -> list[str]:
    """A query word's forms: the word and its lemmas. Where it is a name or compound no dictionary holds (it has
    name ``stems``), only the lemmatisers' guesses that change no more than its last letters: "maakuntauudistus"
    for "maakuntauudistuksessa", "kehittämishanke" for "kehittämishankkeet"; not "marin" for "mariborin"."""
    forms = _variants(word, languages)
    if not stems or any(is_known_word(word, lang) for lang in languages):
        return forms
    low = word.lower()
    return [v for v in forms if v == low or len(os.path.commonprefix([v, low])) >= max(6, len(v) - 3)]


def _variants(word: str, languages: tuple[str, ...]) -> list[str]:
    forms = {word.lower()} | _query_lemmas(word, languages)
    return sorted(v for v in forms if _WORD.fullmatch(v))


# Finnish case endings as they follow a name (with the "i" a name ending in a consonant takes: Mariborissa,
# Coompanionin; Derryssä, Strabanessa), longest first.
# Not the essive -na/-nä, rare after a name and common at the end of one (Vienna, Kristina).
_NAME_ENDING = re.compile(r"i?(?:ssa|ssä|sta|stä|lla|llä|lta|ltä|lle|ksi|hin|seen)$")
_CONSONANT = "bcdfghjklmnpqrstvwxzšž"
_NAME_ILLATIVE = re.compile(rf"(?<=[{_CONSONANT}])(iin)$|(?<=a)(an)$|(?<=e)(en)$|(?<=o)(on)$|(?<=u)(un)$|(?<=y)(yn)$")
_NAME_PARTITIVE = re.compile(rf"(?<=[{_CONSONANT}])(ia)$")  # a stem of five letters or more
_NAME_GENITIVE = re.compile(r"i?n$")  # the genitive: also how many names end (Justin, Green), so a longer stem only
_NAME_STEM = 5  # letters a name and its stem keep at least: "Derry" (Derryssä), not "Just" (Justin) nor "Gree" (Green)
_NAME_STEM_CASE = 4  # ... or before a case ending of three letters or more: "Cork" (Corkissa), "Lund" (Lundissa)


def _name_stems(word: str, languages: tuple[str, ...]) -> list[str]:
    """Prefixes that find a name in every Finnish form ("Maribor" finds "Mariborissa", "Mariborissa" finds
    "Maribor"): for a word of five letters or more that the Finnish dictionary does not hold, the word and the word
    without a case ending. Simplemma's rules do not know them ("Mariborissa" -> "maribora"). Typed in lower case
    too, as people type names in a search box ("maribor", "mariborin"), unless another dictionary holds it as a
    word of its own ("kommun" is Swedish, not a Finnish genitive); an inflected compound the dictionary lacks
    ("kuntakokeilussa") is found in every form so as well."""
    if "fi" not in languages or len(word) < _NAME_STEM or is_known_word(word, "fi"):
        return []
    if not word[:1].isupper() and any(is_known_word(word, lang) for lang in languages if lang not in ("fi", "en")):
        return []  # (not English: its dictionary holds names, "maribor", as well as words)
    low = word.lower()
    if not word[:1].isupper() and "en" in languages and is_known_word(word, "en"):
        return [low]  # an English word or name as typed: no Finnish ending taken off it ("foreseen" is no "fore")
    stem = _NAME_ENDING.sub("", low)
    if stem != low:
        return sorted({low} | ({stem} if len(stem) >= _NAME_STEM_CASE else set()))
    # The illative ("into": Mariboriin, Derryyn, Osloon) and the partitive (Mariboria, Coompanionia): not the
    # genitive's "n" off "Mariboriin" ("maribori" is no prefix of "Maribor").
    m = _NAME_ILLATIVE.search(low) or _NAME_PARTITIVE.search(low)
    if m and not any(is_known_word(low, lang) for lang in languages if lang != "fi"):  # not "Cameroon", "Balloon"
        stem = low[: m.start(m.lastindex or 0)]
        return sorted({low} | ({stem} if len(stem) >= _NAME_STEM_CASE + (m.re is _NAME_PARTITIVE) else set()))
    stem = _NAME_GENITIVE.sub("", low)
    if stem == low and not is_known_word(word, "en"):  # the Swedish genitive names take with no colon: Maribors,
        stem = _SWEDISH_GENITIVE.sub("", low)  # ERNACTs, Coompanions (not an English plural: "Projects")
    stems = {low} | ({stem} if len(stem) >= _NAME_STEM else set())
    if "sv" in languages and word[:1].islower() and not any(is_known_word(word, lang) for lang in languages):
        # A Swedish compound no dictionary holds, in its definite or plural form: "kommunförsöket" and
        # "programperioden" find "kommunförsök" and "programperiod" (the Finnish genitive's "n" alone would leave
        # "kommunförsöke"). Not a name ("Kristiansen" is no "Kristianstad").
        bare = _SWEDISH_DEFINITE.sub("", low)
        if bare != low and len(bare) >= _SWEDISH_STEM:
            stems.add(bare)
    return sorted(stems)


_SWEDISH_GENITIVE = re.compile(r"(?<!s)s$")
_SWEDISH_DEFINITE = re.compile(r"(?:erna|arna|orna|en|et|na)s?$")
_SWEDISH_STEM = 7  # letters left: a compound's ("kommunförsök"), not a short word's


def searched_as_prefix(word: str, languages: tuple[str, ...] = LEMMA_LANGUAGES) -> bool:
    """Whether a plain query word already finds every word that begins with it (a name or compound no dictionary
    holds, "Maribor", "maakuntauudistuksessa"): a star after it would add nothing."""
    return any(word.lower().startswith(stem) for stem in _name_stems(word, languages))


def cased_as(typed: str, word: str) -> str:
    """``word`` (in lower case) in the case ``typed`` is written in: "SEINAJOKI" -> "SEINÄJOKI", "Seinajoki" ->
    "Seinäjoki", "seinajoki" -> "seinäjoki"."""
    if len(typed) > 1 and typed.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if typed[:1].isupper() else word


class Spellings(dict[str, list[str]]):
    """A query's words' other spellings (word in lower case -> its spellings, each found in its every form), and its
    words' ``forms``: the archive's words that are forms of it by rules no dictionary gives, found as they stand
    ("projekt" -> ["projekta", "projektom"]: Slovenian, ``search.slovenian_forms``)."""

    def __init__(
        self, spellings: Mapping[str, Sequence[str]] | None = None, forms: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        super().__init__({k: list(v) for k, v in (spellings or {}).items()})
        self.forms = {k: list(v) for k, v in (forms or {}).items() if v}

    def __bool__(self) -> bool:  # (``spellings or {}`` keeps forms without spellings)
        return bool(len(self) or self.forms)


def _forms_of(word: str, spellings: Mapping[str, Sequence[str]]) -> list[str]:
    """The archive's forms of ``word`` that ``spellings`` holds (``Spellings.forms``), in lower case."""
    return spellings.forms.get(word.lower(), []) if isinstance(spellings, Spellings) else []


def _spelled(word: str, spellings: Mapping[str, Sequence[str]], replaced: bool = False) -> list[str]:
    """A query word and its other spellings (``search_query``), each in the word's case; ``replaced``: the other
    spellings alone, where it has any."""
    other = [cased_as(word, v) for v in spellings.get(word.lower(), ())]
    return (other or [word]) if replaced else [word, *other]


def _word_query(word: str, languages: tuple[str, ...], spellings: Mapping[str, Sequence[str]] | None = None) -> str:
    terms: list[str] = []
    for spelling in _spelled(word, spellings or {}):
        stems = _name_stems(spelling, languages)
        terms += [f'"{v}"' for v in _word_forms(spelling, languages, stems) if not v.startswith(tuple(stems))]
        terms += [f'"{p}"*' for p in stems]
    terms += [f'"{v}"' for v in _forms_of(word, spellings or {})]
    return "(" + " OR ".join(dict.fromkeys(terms)) + ")"


def _phrase(
    words: tuple[str, ...], languages: tuple[str, ...], spellings: Mapping[str, Sequence[str]] | None = None
) -> str:
    """A quoted phrase as the index holds it: each word may be followed by its lemma there.

    "Seinäjoen kaupungilla" is indexed as "seinäjoen seinäjoki kaupungilla kaupunki", so the
    phrase is asked for in each way the index can hold it (a few at most). Its first word may
    be in any form (its lemma, with nothing before it), and so may its last (a prefix: its stem):
    "Seinäjoen kaupunki" finds "Seinäjoen kaupungilla", in that order and side by side. A long
    phrase with more ways than that is asked for as typed (each word, then its lemma), and past
    that as each language's index would hold it.
    """
    prefix = words[-1:] == ("*",)
    words = words[:-1] if prefix else words
    if len(words) == 1 and not prefix and _WORD.fullmatch(words[0]):
        # One word in quotes ("Seinäjoella") is that word, in any form.
        return _word_query(words[0], languages, spellings)
    star = "*" if prefix else ""
    spellings = spellings or {}
    # Its words as typed and in their other spellings; where that makes too many ways, in their other spellings
    # alone (a word typed without its accents is asked as the archive writes it), before its first and last words
    # are asked as written.
    for any_form in (True, False):
        for replaced in (False, True) if spellings else (False,):
            options = _phrase_options(words, languages, prefix, any_form, spellings, replaced)
            if math.prod(len(choices) for choices in options) <= _MAX_PHRASE_VARIANTS:
                phrases = sorted(
                    {" ".join(itertools.chain.from_iterable(combo)) for combo in itertools.product(*options)}
                )
                quoted = [f'"{p[:-1]}"*' if p.endswith("*") else f'"{p}"{star}' for p in phrases]
                return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"
    written = " ".join(_spelled(w, spellings, replaced=True)[0] for w in words)
    held = sorted({search_shadow(written, lang) for lang in languages} | {written.lower()})
    return "(" + " OR ".join(f'"{p}"{star}' for p in held) + ")"


def _phrase_options(
    words: tuple[str, ...],
    languages: tuple[str, ...],
    prefix: bool,
    any_form: bool,
    spellings: Mapping[str, Sequence[str]],
    replaced: bool = False,
) -> list[list[tuple[str, ...]]]:
    """Each word's ways in the index, in the phrase's order (each of its ``spellings`` too, or those alone where
    ``replaced``); ``any_form``: the first word by its lemma alone and the last as a prefix of its stem too."""
    options: list[list[tuple[str, ...]]] = []
    for i, typed in enumerate(words):
        last = i == len(words) - 1
        shadows: set[tuple[str, ...]] = set()
        for word in [typed] if prefix and last else _spelled(typed, spellings, replaced):
            shadows.add((word.lower(),))
            if not word.isdigit() and not (prefix and last):
                shadows |= {tuple(search_shadow(word, lang).split()) for lang in languages}
            if any_form and last and len(words) > 1 and not prefix and not word.isdigit():
                shadows |= {(f"{stem}*",) for stem in _last_word_stems(word, languages)}
        if any_form and not (prefix and last):  # (as its spellings are: not where only the typed form is asked)
            shadows |= {(form,) for form in _forms_of(typed, spellings)}
        if any_form and i == 0 and not last:  # nothing comes before it: the text's own form of it may be another
            shadows |= {s[1:] for s in shadows if len(s) > 1}
        if last:  # what follows the phrase's last word does not matter
            shadows = {s[:1] for s in shadows}
        options.append(sorted(shadows))
    return options


_SHORTEST_STEM = 4  # letters a phrase's last word keeps as a prefix at least: not "o*" for "on", nor "s*" for ESF:s


def _last_word_stems(word: str, languages: tuple[str, ...]) -> set[str]:
    """The start every form of a phrase's last word shares, as a prefix: "kaupun" (kaupunki, kaupungilla: the lemma's
    last two letters may change as the word inflects; an inflected word's start in common with its lemma already
    allows for that), "seinäjo" (Seinäjoki, Seinäjoen); a name's stems as its single word finds it. None for a word
    of four letters or fewer ("on", "HOPE": its own forms only), nor a stem shorter than that."""
    if len(word) <= _SHORTEST_STEM:
        return set()
    stems = set(_name_stems(word, languages))
    if not any(is_known_word(word, lang) for lang in languages):
        return stems  # no dictionary's lemma to trust: "Maribor" is no form of "mari"
    low = word.lower()
    for lemma in _query_lemmas(word, languages):
        stem = os.path.commonprefix([low, lemma]) if lemma != low else lemma[:-2]
        if len(stem) >= _SHORTEST_STEM and _WORD.fullmatch(stem):
            stems.add(stem)
    return stems


def search_query(
    query: str, languages: tuple[str, ...] = LEMMA_LANGUAGES, spellings: Mapping[str, Sequence[str]] | None = None
) -> str:
    """An FTS5 query that finds every form of each word: "Seinäjoella projektet" ->
    ("seinäjoella" OR "seinäjoki") AND ("projekt" OR "projektet").

    FTS5 syntax keeps its meaning (quoted phrases, ``prefix*``, AND, OR, NOT, NEAR(...),
    parentheses), with every plain word expanded the same way; words with a colon ending (EU:n,
    ESF:s) are words. ``spellings``: other spellings a word (in lower case) is found by as well, each in its every
    form ("seinajoki" -> ["seinäjoki"]: ``search.spelled_with_accents``). Raises QueryError, with a message a person
    can act on, for a query that is empty, has no words, or misuses the syntax (a bare ``*``, ``NOT HOPE``, an
    unclosed quote).
    """
    if not query.strip():
        raise QueryError(f"Type a word to search for ({_EXAMPLES}).")
    tokens = _tokenize(_addresses_searched(query))
    if not any(t.kind in ("word", "prefix", "phrase") for t in tokens):
        raise QueryError(
            f"The search {query!r} has no words in it, only punctuation or operators: "
            f"type a word to look for ({_EXAMPLES})."
        )
    _not_too_long(tokens)
    kept, excluded = _minus_over_or(tokens)
    if excluded:  # "HOPE OR Derry -Maribor": Maribor left out of all of it, as web searches read a minus
        with contextlib.suppress(QueryError):  # (what is left does not parse alone: read as written, said as before)
            expr = _Parser(kept, languages, spellings or {}).parse()
            for tok in excluded:
                expr = f"({expr} NOT {_Parser([tok], languages, spellings or {}).primary('NOT')})"
            return expr
    return _Parser(tokens, languages, spellings or {}).parse()


def _minus_over_or(tokens: list[_Tok]) -> tuple[list[_Tok], list[_Tok]]:
    """A search of words joined by OR, outside parentheses, whose minus leaves a word out (``-Maribor``, where it
    stands): (its tokens without those, the words left out); ([], []) for any other search. FTS5 binds NOT closest,
    so "-Maribor HOPE OR Derry" was (HOPE NOT Maribor) OR Derry, and listed Derry's releases about Maribor, said
    nowhere (search probe, s42). A NOT written as such, and a minus inside parentheses, keep FTS5's reading."""
    depth, either = 0, False
    for tok in tokens:
        depth += (tok.kind == "(") - (tok.kind == ")")
        either = either or (depth == 0 and tok.kind == "op" and tok.text == "OR")
    if not either:
        return [], []
    kept: list[_Tok] = []
    excluded: list[_Tok] = []
    depth, at = 0, 0
    while at < len(tokens):
        tok = tokens[at]
        depth += (tok.kind == "(") - (tok.kind == ")")
        following = tokens[at + 1] if at + 1 < len(tokens) else None
        if depth == 0 and tok.minus and following is not None and following.kind in ("word", "prefix", "phrase"):
            if kept and kept[-1].kind == "op" and kept[-1].text == "AND":  # "HOPE OR Derry ja -Maribor"
                kept.pop()
            excluded.append(following)
            at += 2
            continue
        kept.append(tok)
        at += 1
    return (kept, excluded) if excluded else ([], [])


# Words a search may hold: a pasted sentence or two (about 20 ms). Each word is asked in its every form: a pasted page
# of 400 words took 6 s, past the reading room's time limit.
MAX_QUERY_WORDS = 60


def _not_too_long(tokens: list[_Tok]) -> None:
    """QueryError where ``tokens`` hold more than MAX_QUERY_WORDS words."""
    words = sum(len(t.words) if t.kind == "phrase" else t.kind in ("word", "prefix") for t in tokens)
    if words > MAX_QUERY_WORDS:
        raise QueryError(
            f"The search has {words} words; at most {MAX_QUERY_WORDS} can be looked for at once: keep the words that"
            ' matter, or a phrase between " marks.'
        )


def check_length(query: str) -> None:
    """QueryError for a search of more words than MAX_QUERY_WORDS, said before anything is looked up for them: the
    archive's look-ups of a 5,000-character search's every word held the reading room 16-18 s (review, s43)."""
    _not_too_long(_tokenize(_addresses_searched(query)))


class _Forms(set[str]):
    """A query's forms, with its prefix searches (hank*) kept apart for word_matches, and each quoted phrase's words'
    forms in order (``phrases``), for a snippet to show where the phrase stands rather than its words apart."""

    prefixes: tuple[str, ...] = ()
    phrases: tuple[tuple[_Forms, ...], ...] = ()
    phrase_heads: list[Any] | None = None  # (search._phrase_heads: made once per query)


def query_forms(
    query: str, languages: tuple[str, ...] = LEMMA_LANGUAGES, spellings: Mapping[str, Sequence[str]] | None = None
) -> set[str]:
    """The word forms and lemmas a query stands for (for highlighting matches), with a word's other ``spellings``
    (as ``search_query`` finds them).

    A prefix search contributes "hank*", which ``word_matches`` reads as a prefix. Never raises:
    a query that is not valid simply highlights the words it has.
    """
    forms = _Forms()
    phrases: dict[int, list[_Forms]] = {}
    for word, prefix, phrase in _looked_for(query):
        own = _Forms()
        if prefix:
            own.add(word.lower() + "*")
        else:
            for spelling in _spelled(word, spellings or {}):
                stems = _name_stems(spelling, languages)
                lemmas = set(_word_forms(spelling, languages, stems)) if stems else _query_lemmas(spelling, languages)
                own |= {spelling.lower()} | lemmas
                own |= {f"{stem}*" for stem in stems}
            own |= set(_forms_of(word, spellings or {}))
        own.prefixes = tuple(f[:-1] for f in own if f.endswith("*"))
        forms |= own
        if phrase is not None:
            phrases.setdefault(phrase, []).append(own)
    forms.prefixes = tuple(f[:-1] for f in forms if f.endswith("*"))
    forms.phrases = tuple(tuple(words) for words in phrases.values() if len(words) > 1)
    return forms


def _looked_for(query: str) -> list[tuple[str, bool, int | None]]:
    """The words a query looks for, each with whether it is a prefix and the number of the quoted phrase it is in (None
    outside one): not its operators ("and", "ja" and "och" between words too), a NEAR's distance, or what it leaves
    out (NOT Maribor, -Maribor, NOT (a OR b)), which no release found holds. A query that cannot be run gives every
    word it has."""
    try:
        tokens = _tokenize(query)
    except QueryError:
        pieces = re.findall(r'"[^"]*"\*?|[^\s"(),]+', query)
        return [
            (w, p.endswith("*") and i == len(ws) - 1, None)
            for p in pieces
            if p not in OPERATORS
            for ws in [_chunk_words(p.strip('"*'))]
            for i, w in enumerate(ws)
        ]
    out: list[tuple[str, bool, int | None]] = []
    left_out = 0  # inside what a NOT leaves out: the depth of its parentheses, or 1 for the one word or phrase after it
    near_left_out = False  # NOT NEAR(a b, 5): its parentheses come next
    for t, before in zip(tokens, [None, *tokens], strict=False):
        negated = before is not None and before.kind == "op" and before.text == "NOT"
        if left_out:
            left_out += (t.kind == "(") - (t.kind == ")")
            continue
        if negated or near_left_out:
            left_out = 1 if t.kind == "(" else 0
            near_left_out = negated and t.kind == "op" and t.text == "NEAR"
            continue
        if t.kind == "word" and not t.after_comma:
            out.append((t.text, False, None))
        elif t.kind == "prefix":
            out.append((t.text, True, None))
        elif t.kind == "phrase":  # (its words as a word is: "EU:n" is EU, where the index holds "eu n")
            words = _chunk_words(t.text.strip('"*'))
            out += [(w, t.text.endswith("*") and i == len(words) - 1, len(out)) for i, w in enumerate(words)]
    return out


def word_matches(word: str, lang: str, forms: set[str]) -> bool:
    """Whether a word of a text is a form of one of the query's words (mixed texts: any of fi/sv/en)."""
    low = word.lower()
    if low in forms:
        return True
    prefixes = forms.prefixes if isinstance(forms, _Forms) else tuple(f[:-1] for f in forms if f.endswith("*"))
    if prefixes and low.startswith(prefixes):
        return True
    order = (lang, *[x for x in LEMMA_LANGUAGES if x != lang]) if lang in LEMMA_LANGUAGES else LEMMA_LANGUAGES
    return any(_lemma(word, x) in forms for x in order)


def main(argv: list[str] | None = None) -> int:
    """Build the search lexicon now (``python -m newsflow.lexicon [PATH]``), e.g. while installing."""
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in ("-h", "--help"):
        print(
            "usage: python -m newsflow.lexicon [PATH]\n\nBuild the search lexicon from the installed simplemma's "
            f"dictionaries (default: {lexicon_path()}; $NEWSFLOW_LEXICON overrides it)."
        )
        return 0
    path = build_lexicon(Path(args[0]) if args else None)
    print(f"search lexicon written: {path} ({path.stat().st_size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
