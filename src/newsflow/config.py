"""feeds.toml -> frozen dataclasses. Defaults live here; unknown keys are errors."""

from __future__ import annotations

import contextlib
import difflib
import functools
import math
import os
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from . import __version__
from .digest import DigestError, DigestSettings, parse_digest_settings
from .mail import meant_key
from .models import KINDS, Source, unaccented

TAG_KINDS = ("practice", "project", "programme", "organisation", "place", "topic")


ZERO_OK = {"min_delay", "max_retry_after", "keep_pages_days"}  # settings for which 0 makes sense
# The most a number setting may be: beyond it a value is a slip (an extra digit, 1e300), and some such values (a
# timeout of 10^10 seconds, pages kept 10^8 days) raised in the middle of a run. Units as in Settings' comments.
MAXIMUM = {
    "timeout": 3600,
    "connect_timeout": 600,
    "max_bytes": 1_000_000_000,
    "max_items": 100_000,
    "per_host": 64,
    "min_delay": 3600,
    "max_retry_after": 86_400,
    "workers": 256,
    "recheck_days": 36_500,
    "keep_pages_days": 36_500,
    "translation_beam_size": 16,
    "translation_threads": 256,
    "translation_batch_size": 10_000,
}


class ConfigError(ValueError):
    """feeds.toml says something newsflow cannot use. ``at``: where, as (table, its number from 0, key) triples
    ("sources", 5, "url"; "settings", None, "workers"; key "" for the table itself), from which `load_config` names
    the line (the table's number alone sends one counting headers in a file of 500 lines)."""

    def __init__(self, message: str, *, at: tuple[tuple[str, int | None, str], ...] = ()) -> None:
        super().__init__(message)
        self.at = at


@dataclass(frozen=True)
class Settings:
    user_agent: str = f"newsflow/{__version__} (+https://github.com/newsflow/newsflow)"
    timeout: float = 30.0  # total deadline per request, seconds
    connect_timeout: float = 10.0
    max_bytes: int = 10_000_000  # response size cap, after decompression
    max_items: int = 50  # default per-source cap on links considered per run
    per_host: int = 2  # concurrent requests to one host
    min_delay: float = 1.0  # seconds between the starts of two requests to one host
    max_retry_after: float = 60.0  # a 429/503 Retry-After up to this is waited for in the run; longer ones next run
    workers: int = 16  # sources worked on in parallel (their articles: per_host at a time per host)
    recheck_days: int = 30  # a known article is fetched again when its listing says it changed, for this many days
    keep_pages_days: int = 730  # fetched pages are kept (compressed) this long for `newsflow reextract`; 0: forever
    target_languages: tuple[str, ...] = ("en",)
    languages: tuple[str, ...] = ()  # what a paragraph may be labelled with; () = newsflow.language.DEFAULT_CANDIDATES
    models_dirs: tuple[str, ...] = ()  # extra folders searched for Argos packages
    translation_engine: str = "ctranslate2"  # or "argostranslate" (pip install 'newsflow[argos]')
    translation_beam_size: int = 2
    translation_threads: int = 1
    translation_batch_size: int = 32  # sentences per model call
    argos_index_url: str = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"


@dataclass(frozen=True)
class Tag:
    id: str
    kind: str
    name: str  # canonical English name
    names: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (language, names) pairs
    aliases: tuple[str, ...] = ()  # forms used in every language (acronyms, brand names)
    context: tuple[str, ...] = ()  # words one of which must be near an ambiguous name
    parent: str = ""
    description: str = ""
    years: tuple[int, int] | None = None  # the years a programme ran: tells apart programmes that share a name

    def all_names(self) -> list[tuple[str, str]]:
        """Every (language, name) pair, the canonical name and aliases under "any"."""
        out = [("en", self.name)]
        out += [(lang, n) for lang, names in self.names for n in names]
        out += [("any", a) for a in self.aliases]
        seen: set[tuple[str, str]] = set()
        return [x for x in out if not (x in seen or seen.add(x))]  # type: ignore[func-returns-value]


@dataclass(frozen=True)
class Config:
    settings: Settings = field(default_factory=Settings)
    sources: tuple[Source, ...] = ()
    tags: tuple[Tag, ...] = ()
    path: str = ""
    digest: DigestSettings = field(default_factory=DigestSettings)
    # Why the [digest] section cannot be used ("" when it can): the digest command and the reading room's digest
    # pages say so; the nightly run and every other command go on without digests.
    digest_error: str = ""
    # What `check` warns of in the file as written, which a run takes as it is (``comma_names``).
    warnings: tuple[str, ...] = ()


def _check_keys(where: str, data: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        if isinstance(data.get("id"), str) and data["id"]:  # which source or tag: "#3" alone sends one counting
            where += f" ({data['id']})"
        meant = meant_key(unknown, allowed, cutoff=0.7)
        # A setting written at the end of the file lands in the last [[sources]] or [[tags]] table above it (TOML).
        misplaced = [k for k in unknown if k in {f.name for f in fields(Settings)}] if where != "[settings]" else []
        hint = (
            f" ({', '.join(misplaced)} {'is a setting' if len(misplaced) == 1 else 'are settings'}: write "
            f"{'it' if len(misplaced) == 1 else 'them'} under [settings], above the first [[sources]] or [[tags]])"
            if misplaced
            else ""
        )
        if not meant and "links" in allowed and any(re.search("select|css|xpath", k, re.I) for k in unknown):
            meant = (  # "selector", "selecter", "css": a source's selectors are named for what they select
                " (a source's CSS selectors are named for what they pick out: links for the listing's links to its "
                "releases, body, title and date in each release)"
            )
        raise ConfigError(
            f"{where}: unknown key(s) {', '.join(unknown)}{meant}; allowed: {', '.join(sorted(allowed))}{hint}"
        )


def _tuple_of_str(where: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a string or a list of strings")
    return tuple(value)


def _settings(data: dict[str, Any]) -> Settings:
    names = {f.name for f in fields(Settings)}
    _check_keys("[settings]", data, names)
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        default = getattr(Settings, key)
        if isinstance(default, tuple):
            kwargs[key] = _tuple_of_str(f"settings.{key}", value)
        elif isinstance(default, bool) or isinstance(value, bool) or not isinstance(value, (int, float, str)):
            wanted = "a string (in quotes)" if isinstance(default, str) else "a number"
            shown = str(value).lower() if isinstance(value, bool) else repr(value)  # as TOML writes it: true, false
            raise ConfigError(f"settings.{key}: expected {wanted}, not {shown}")
        elif isinstance(default, (int, float)) and (
            isinstance(value, str)
            or not math.isfinite(value)
            or value < 0
            or (value == 0 and key not in ZERO_OK)
            or (isinstance(default, int) and not float(value).is_integer())
        ):
            kind = "whole number" if isinstance(default, int) else "number"
            raise ConfigError(f"settings.{key}: expected a positive {kind}, got {value!r}{_unquoted(key, value)}")
        elif isinstance(default, (int, float)) and not isinstance(value, str) and value > MAXIMUM.get(key, math.inf):
            raise ConfigError(f"settings.{key}: at most {MAXIMUM[key]:,} makes sense here, not {value!r}")
        elif isinstance(default, str) and not isinstance(value, str):
            raise ConfigError(f"settings.{key}: expected a string, got {value!r}")
        else:
            kwargs[key] = type(default)(value)
    agent = kwargs.get("user_agent")
    if agent is not None and not re.fullmatch(r"[ -~]+", agent):
        plain = " ".join(re.sub(r"[^ -~]", " ", unaccented(agent)).split())
        raise ConfigError(
            f"settings.user_agent: {agent!r} can only hold ASCII letters, digits, spaces and punctuation on one line "
            "(it is sent in every request's header): "
            + (f'write user_agent = "{plain}"' if plain else "write Seinajoen kaupunki, not Seinäjoen kaupunki")
        )
    if "target_languages" in kwargs:
        from .language import LANGUAGE_NAMES, normalize_code

        codes = tuple(dict.fromkeys(normalize_code(c) for c in kwargs["target_languages"]))
        unknown = [c for c in codes if len(c) != 2 or c not in LANGUAGE_NAMES]
        if unknown:
            meant = []  # "English", "suomi", "en, fi": the codes meant, where each names a language
            for written in kwargs["target_languages"]:
                for part in written.split(","):
                    with contextlib.suppress(ConfigError):
                        meant.append(_source_language("", part.strip()))
            given = sum(len(w.split(",")) for w in kwargs["target_languages"])
            listed = ", ".join(f'"{c}"' for c in dict.fromkeys(meant))
            write = (
                f": write target_languages = [{listed}]"
                if meant and len(meant) == given
                else ', such as target_languages = ["en"] or ["en", "fi"]'
            )
            raise ConfigError(
                f"settings.target_languages: {', '.join(map(repr, unknown))}: give ISO 639-1 codes of the "
                f"languages to translate into{write}"
            )
        kwargs["target_languages"] = codes
    if kwargs.get("languages"):
        from .language import candidate_set

        try:
            kwargs["languages"] = tuple(sorted(candidate_set(kwargs["languages"])))
        except ValueError as e:
            raise ConfigError(f"settings.languages: {e}") from None
    return Settings(**kwargs)


def _source(i: int, data: dict[str, Any], settings: Settings) -> Source:
    names = {f.name for f in fields(Source)}
    where = f"[[sources]] #{i + 1}"
    _check_keys(where, data, names)
    for key in ("id", "kind", "url"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise ConfigError(f"{where}: '{key}' is required")
    if data["kind"] not in KINDS:
        raise ConfigError(
            f"{where} ({data['id']}): kind must be one of {', '.join(KINDS)}, not {data['kind']!r}"
            + _kind_meant(data["kind"], KINDS, {"rss": "feed", "atom": "feed", "xml": "feed", "page": "html"})
        )
    credentials = _USERINFO.match(data["url"]) or _PASSWORD_LIKE.match(data["url"])
    if credentials:  # before any message that shows the url: it must not show the password
        shown = credentials.group(1) + "…@" + data["url"][credentials.end() :]
        raise ConfigError(
            f"{where} ({data['id']}): a source's url must not hold a user name and password (they would be shown in "
            f"logs and the reading room); newsflow follows public newsrooms: {shown!r}"
        )
    if not re.match(r"^https?://", data["url"], re.I):
        raise ConfigError(
            f"{where} ({data['id']}): url must be http or https: {data['url']!r}{_url_meant(data['url'])}"
        )
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", data["id"]):
        raise ConfigError(
            f"{where}: id {data['id']!r} must be lower-case letters, digits, - and _{_id_meant(data['id'])}"
        )
    if not _has_host(data["url"]):
        raise ConfigError(f"{where} ({data['id']}): url has no host name: {data['url']!r}")
    if re.search(r"\s", data["url"]):
        trimmed = data["url"].strip()
        meant = f': write url = "{trimmed}"' if not re.search(r"\s", trimmed) else " (a space inside is written %20)"
        raise ConfigError(f"{where} ({data['id']}): url holds a space, tab or line break: {data['url']!r}{meant}")
    if not _port_ok(data["url"]):
        raise ConfigError(f"{where} ({data['id']}): url has no valid port (1 to 65535) after the host: {data['url']!r}")
    for key in ("name", "partner", "language", "links", "body", "title", "date", "include", "timezone"):
        if key in data and not isinstance(data[key], str):
            raise ConfigError(f"{where} ({data['id']}): {key} must be a string (in quotes), not {data[key]!r}")
    for key in ("name", "partner"):  # one line, without invisible characters or spaces around it
        if key in data:
            data = {**data, key: " ".join(re.sub(r"[\x00-\x08\x0e-\x1f\x7f]", "", data[key]).split())}
    if data.get("language"):
        data = {**data, "language": _source_language(f"{where} ({data['id']})", data["language"])}
    if "max_items" in data and (
        isinstance(data["max_items"], bool)
        or not isinstance(data["max_items"], int)
        or not 1 <= data["max_items"] <= MAXIMUM["max_items"]
    ):
        raise ConfigError(
            f"{where} ({data['id']}): max_items must be a whole number from 1 to {MAXIMUM['max_items']:,}, "
            f"not {str(data['max_items']).lower() if isinstance(data['max_items'], bool) else repr(data['max_items'])}"
            f"{_unquoted('max_items', data['max_items'])}"
        )
    if data.get("timezone"):
        data = {**data, "timezone": _time_zone(f"{where} ({data['id']})", data["timezone"])}
    if not isinstance(data.get("allow_private_links", False), bool):
        raise ConfigError(
            f"{where} ({data['id']}): allow_private_links must be true or false (without quotes), "
            f"not {data['allow_private_links']!r}"
        )
    if data.get("include"):
        try:
            re.compile(data["include"])
        except re.error as e:
            raise ConfigError(f"{where} ({data['id']}): include is not a regular expression: {e}") from None
    for key in ("links", "body", "title", "date"):
        if data.get(key):
            _check_selector(f"{where} ({data['id']})", key, data[key])
    data = {"name": data["id"], "max_items": settings.max_items, **data}
    return Source(**data)


def _url_meant(url: str) -> str:
    """What to write for a url without its scheme ("www.maribor.si/novice") or with a mistyped one ("htps://",
    "https//", "https:/"), as "": write url = "https://…"'; "" for any other (an ftp:// or file: address)."""
    bare = url.strip()
    if m := re.match(r"(?i)h?t?t?p?s?[:;]?/+(?=[^/])", bare):  # "htps://", "https//", "http:/", "//host"
        if m[0].lower().startswith(("h", "t", "p")) or m[0].startswith("//"):
            bare = bare[m.end() :]
    elif re.match(r"(?i)[a-z][a-z0-9+.-]*:", bare) and not re.match(r"(?i)[\w.-]+\.[a-z]{2,}:\d", bare):
        return ""  # another scheme (ftp:, file:, mailto:): no web address to offer
    if not re.match(r"(?i)[\w-]+(\.[\w-]+)+(:\d+)?(/|$)", bare):
        return ""
    scheme = "http" if url.strip().lower().startswith("http:") else "https"
    return f': write url = "{scheme}://{bare}"'


def _kind_meant(kind: Any, kinds: tuple[str, ...], also: dict[str, str]) -> str:
    """': write kind = "feed"' for a kind in capitals ("Feed"), by another name ("RSS") or mistyped ("projects")."""
    if not isinstance(kind, str):
        return ""
    folded = kind.strip().casefold()
    meant = folded if folded in kinds else also.get(folded, "")
    meant = meant or next(iter(difflib.get_close_matches(folded, kinds, n=1, cutoff=0.75)), "")
    return f': write kind = "{meant}"' if meant else ""


def _id_meant(value: str) -> str:
    """': write id = "maribor-news"' for an id with capitals, spaces or accents ("Maribor News", "Seinäjoki")."""
    bare = unaccented(value).casefold()
    meant = re.sub(r"[^a-z0-9_-]+", "-", bare).strip("-_")
    return f': write id = "{meant}"' if meant and re.fullmatch(r"[a-z0-9][a-z0-9_-]*", meant) else ""


def _unquoted(key: str, value: Any) -> str:
    """'(write max_items = 20, without quotes)' for a number written in quotes; "" for any other value."""
    unit = "d|days?|p(?:äivää?)?" if key.endswith("_days") else "s|secs?|seconds?|sek(?:unt(?:ia|er))?"
    if isinstance(value, str) and (m := re.fullmatch(rf"\s*(\d+(?:\.\d+)?)\s*(?:{unit})?\.?\s*", value, re.I)):
        said = "days" if key.endswith("_days") else "seconds" if key in _SECONDS else ""
        return f" (write {key} = {m[1]}, without quotes{f': {said}' if said and m[1] != value.strip() else ''})"
    return ""


_SECONDS = {"timeout", "connect_timeout", "min_delay", "max_retry_after"}


# "scheme://user:password@host": what lies before the host's "@" (a "@" further on, in a path or query, is no user).
_USERINFO = re.compile(r"^(\s*[a-z][a-z0-9+.-]*:/*)[^/?#]*@", re.I)
# ... and a password holding "/", "?" or "#" unescaped ("https://alice:pa/ss@host/feed"), which a URL parser reads as
# a path, but which any later message would show whole: "name:" then anything but a port's digits, then "@".
_PASSWORD_LIKE = re.compile(r"^(\s*[a-z][a-z0-9+.-]*://)[^/@\s:]+:(?!\d+(?:[/?#]|$))[^@\s]*@", re.I)


@functools.cache
def _zone_names() -> dict[str, str]:
    """Every time zone the database names, by its name in lower case: read once a process (the database is a walk
    of some 600 files on disk, 40 ms, and feeds.toml may name a zone for each of its sources)."""
    from zoneinfo import available_timezones

    return {z.lower(): z for z in available_timezones()}


def _time_zone(where: str, value: str) -> str:
    """A source's time zone as the time zone database names it ("europe/helsinki" -> "Europe/Helsinki")."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    zones = _zone_names()
    name = zones.get(value.strip().lower(), value.strip())
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        close = difflib.get_close_matches(value.strip().lower(), list(zones), n=1)
        hint = f" (did you mean {zones[close[0]]}?)" if close else ""
        raise ConfigError(
            f"{where}: timezone must be a time zone's name such as Europe/Helsinki, Europe/Stockholm or "
            f"Europe/London, not {value!r}{hint}"
        ) from None
    return name


def _source_language(where: str, value: str) -> str:
    """A source's usual language as its code ("fi-FI", "suomi", "Swedish" -> "fi", "fi", "sv")."""
    from .language import LANGUAGE_NAMES, LANGUAGE_NAMES_IN, normalize_code

    code = normalize_code(value)
    if code in LANGUAGE_NAMES and code != "und":
        return code
    names = {n.lower(): c for c, n in LANGUAGE_NAMES.items() if c != "und"}
    for named in LANGUAGE_NAMES_IN.values():
        names.update({n.lower(): c for c, n in named.items()})
    meant = names.get(value.strip().lower())
    if meant:  # a language's name ("suomi", "Swedish"): its code (refused, it would stop a run that went well before)
        return meant
    raise ConfigError(f"{where}: language must be an ISO 639-1 code such as fi, sv or en, not {value!r}")


def _has_host(url: str) -> bool:
    """Whether a URL names a host ("https://" does not; "http://[::1:bad/" no parser accepts). fetch.is_web_url asks
    the same of every request, but fetch reads its Settings from this module: importing it here would be a cycle."""
    from urllib.parse import urlsplit

    try:
        return bool(urlsplit(url).hostname)
    except ValueError:
        return False


def _port_ok(url: str) -> bool:
    """Whether a URL's port, if it gives one, is a port ("http://host:99999/" and "http://host:80a/" are not)."""
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).port != 0
    except ValueError:
        return False


def _check_selector(where: str, key: str, selector: str) -> None:
    """A CSS selector the code that applies it accepts, or a ConfigError on its one line: ``links`` is applied to
    the listing by soupsieve (BeautifulSoup's), ``body``, ``title`` and ``date`` to the article by lxml's cssselect,
    and the two differ ("#1st" is an id to cssselect, an error to soupsieve; ":-soup-contains()" the other way)."""
    try:
        if key == "links":
            import soupsieve

            soupsieve.compile(selector)
        else:
            from cssselect import HTMLTranslator

            HTMLTranslator().css_to_xpath(selector)
    except Exception as e:  # each raises its own (SelectorSyntaxError, SelectorError, ExpressionError, ValueError)
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise ConfigError(f"{where}: {key} {selector!r} is not a valid CSS selector ({first})") from None


def _years(where: str, value: Any) -> tuple[int, int] | None:
    """The first and last year of a programme, as written in feeds.toml: ``years = [2021, 2024]``."""
    if value is None:
        return None
    ok = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(y, int) and not isinstance(y, bool) for y in value)
        and 1900 <= value[0] <= value[1] <= 2100
    )
    if not ok:
        raise ConfigError(
            f"{where}: years must be the first and last year, such as years = [2021, 2024]; got {value!r}"
        )
    return (value[0], value[1])


def _tag(i: int, data: dict[str, Any]) -> Tag:
    where = f"[[tags]] #{i + 1}"
    _check_keys(where, data, {f.name for f in fields(Tag)})
    for key in ("id", "kind", "name"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise ConfigError(f"{where}: '{key}' is required")
    if data["kind"] not in TAG_KINDS:
        raise ConfigError(
            f"{where} ({data['id']}): kind must be one of {', '.join(TAG_KINDS)}, not {data['kind']!r}"
            + _kind_meant(data["kind"], TAG_KINDS, {"organization": "organisation", "program": "programme"})
        )
    names = data.get("names", {})
    if not isinstance(names, dict):
        shown = ", ".join(f'"{n}"' for n in names) if isinstance(names, list) else repr(names)
        raise ConfigError(
            f"{where} ({data['id']}): names must be a table of language = [names], one line a language: write "
            f"names.en = [{shown}] (names.fi, names.sv … for names in Finnish, Swedish …)"
        )
    named = tuple((lang, _tuple_of_str(f"{where}.names.{lang}", v)) for lang, v in names.items())
    aliases = _tuple_of_str(f"{where}.aliases", data.get("aliases", []))
    return Tag(
        id=data["id"],
        kind=data["kind"],
        name=data["name"],
        names=named,
        aliases=aliases,
        context=_tuple_of_str(f"{where}.context", data.get("context", [])),
        parent=data.get("parent", ""),
        description=data.get("description", ""),
        years=_years(f"{where} ({data['id']})", data.get("years")),
    )


@contextlib.contextmanager
def _located(table: str, index: int | None) -> Iterator[None]:
    """Give a ConfigError raised within the table it is about, and the key its message names, for its line."""
    try:
        yield
    except ConfigError as e:
        if not e.at:
            e.at = ((table, index, _key_named(str(e))),)
        raise


def _key_named(message: str) -> str:
    """The key a message about one table names ("[[sources]] #6 (maribor): url must be …": url; "settings.workers:
    …": workers; "… unknown key(s) selecter …": selecter); "" for the table itself (a required key missing)."""
    if m := re.match(r"settings\.(\w+)", message):
        return m[1]
    if m := re.match(r"\[\[\w+\]\] #\d+\.(\w+)", message):  # "[[tags]] #3.names.fi: …"
        return m[1]
    rest = re.sub(r"^\[\[\w+\]\] #\d+(?: \([^)]*\))?: ", "", message)
    if m := re.match(r"unknown key\(s\) ([\w-]+)", rest):
        return m[1]
    if re.match(r"'\w+' is required", rest):
        return ""
    m = re.match(r"(?:a source's )?(\w+)\b", rest)
    return m[1] if m else ""


def parse_config(data: dict[str, Any], path: str = "") -> Config:
    """Build a Config from parsed TOML, checking every key."""
    where = path or "feeds.toml"
    try:
        _check_keys(where, data, {"settings", "sources", "tags", "digest"})
    except ConfigError as e:  # [[source]], [[Sources]]: the line of its (first) header
        first = sorted(set(data) - {"settings", "sources", "tags", "digest"})[0]
        e.at = ((first, 0 if isinstance(data[first], list) else None, ""),)
        raise
    if not isinstance(data.get("settings", {}), dict):
        raise ConfigError(f"{where}: settings must be a [settings] table")
    for key, header in (("sources", "[[sources]]"), ("tags", "[[tags]]")):
        items = data.get(key, [])
        if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
            raise ConfigError(f"{where}: each of the {key} is a {header} table of its own (note the double brackets)")
    with _located("settings", None):
        settings = _settings(data.get("settings", {}))
    sources = []
    for i, s in enumerate(data.get("sources", [])):
        with _located("sources", i):
            sources.append(_source(i, s, settings))
    if settings.translation_engine not in ("ctranslate2", "argostranslate"):
        raise ConfigError(
            f"settings.translation_engine must be ctranslate2 or argostranslate, not {settings.translation_engine!r}",
            at=(("settings", None, "translation_engine"),),
        )
    tags = []
    for i, t in enumerate(data.get("tags", [])):
        with _located("tags", i):
            tags.append(_tag(i, t))
    for what, items in (("source", sources), ("tag", tags)):
        ids = [x.id for x in items]
        dupes = sorted({x for x in ids if ids.count(x) > 1})
        if dupes:  # with the tables that hold each, by their numbers (as other messages name them)
            at = {x: [f"#{n + 1}" for n, y in enumerate(ids) if y == x] for x in dupes}
            said = "; ".join(f"{x} ({', '.join(at[x][:-1])} and {at[x][-1]})" for x in dupes)
            raise ConfigError(
                f"duplicate {what} id(s) in [[{what}s]]: {said}: give each its own id",
                at=tuple((f"{what}s", n, "id") for n, y in enumerate(ids) if y in dupes),
            )
    tag_ids = {t.id for t in tags}
    parents = {t.id: t.parent for t in tags}
    orphans: dict[str, list[str]] = {}
    for t in tags:
        if t.parent and t.parent not in tag_ids:
            orphans.setdefault(t.parent, []).append(t.id)
    if orphans:  # all at once: a tag taken out is the parent of many (12 rounds of `check`, one a tag, before)
        parent, ids = next(iter(orphans.items()))
        more = "".join(f"; and parent {p!r} of {', '.join(i)}" for p, i in list(orphans.items())[1:])
        close = difflib.get_close_matches(parent, sorted(tag_ids), n=1, cutoff=0.75)
        meant = f" (did you mean {close[0]}?)" if close and len(orphans) == 1 else ""
        raise ConfigError(
            f"{'tags' if len(ids) > 1 else 'tag'} {', '.join(ids)}: parent {parent!r} is not a tag{meant}{more}: "
            "put it back into the taxonomy, or change or remove their parent",
            at=tuple(("tags", n, "parent") for n, t in enumerate(tags) if t.parent in orphans),
        )
    for t in tags:
        seen, up = [t.id], t.parent
        while up:  # "HOPE project (in Seinäjoki)" and "Seinäjoki (in HOPE project)" read as nonsense in every list
            if up in seen:
                raise ConfigError(f"tag {t.id}: its parents go round in a circle ({' → '.join([*seen, up])})")
            seen.append(up)
            up = parents.get(up, "")
    try:
        digest, digest_error = parse_digest_settings(data.get("digest", {})), ""
        digest = replace(digest, taxonomy=tuple(t.id for t in tags))  # (a tag taken out: the archive keeps it a while)
    except DigestError as e:
        digest, digest_error = DigestSettings(), f"{path or 'feeds.toml'}: {e}"
    return Config(
        settings=settings,
        sources=tuple(sources),
        tags=tuple(tags),
        path=path,
        digest=digest,
        digest_error=digest_error,
        warnings=tuple(comma_names(data)),
    )


def comma_names(data: dict[str, Any]) -> list[str]:
    """Warnings for a tag's names or aliases written as one text with a comma (aliases = "HOPE, HOPE-hanke"): one
    name, which no release writes, where several were likely meant. For `newsflow check` to say: a file that loaded
    before still loads (a name that does have a comma, "Derry, NH", may be written so), and a night's run goes on."""
    out = []
    tags = data.get("tags", [])
    for i, tag in enumerate(tags if isinstance(tags, list) else []):
        if not isinstance(tag, dict):
            continue
        names = tag.get("names")
        given = [(f"names.{lang}", v) for lang, v in names.items()] if isinstance(names, dict) else []
        for key, value in [*given, ("aliases", tag.get("aliases"))]:
            if isinstance(value, str) and "," in value:
                listed = ", ".join(f'"{n.strip()}"' for n in value.split(",") if n.strip())
                out.append(
                    f"WARNING: [[tags]] #{i + 1} ({tag.get('id')}).{key}: {value!r} is one name with a comma in it; "
                    f"several names are a list: write {key} = [{listed}] (a name that does have a comma is written "
                    'in a list of its own: ["Derry, NH"])'
                )
    return out


def partner_spellings(sources: tuple[Source, ...]) -> list[str]:
    """Warnings for one partner written two ways by its sources ("City of Seinäjoki", "City of Seinajoki", "city of
    seinäjoki", "City of  Seinäjoki."): the reading room, digests, reports and `--partner` take them for two partners,
    each with part of its releases. For `newsflow check` to say; a run takes the names as written."""

    def key(name: str) -> str:
        return " ".join(re.sub(r"[^\w]+", " ", unaccented(name).casefold()).split())

    spelled: dict[str, dict[str, list[str]]] = {}
    for s in sources:
        if s.partner:
            spelled.setdefault(key(s.partner), {}).setdefault(s.partner, []).append(s.id)
    out = []
    for ways in spelled.values():
        if len(ways) > 1:
            said = "; ".join(
                f"“{name}” ({'source' if len(ids) == 1 else 'sources'} {', '.join(ids)})" for name, ids in ways.items()
            )
            most = max(ways, key=lambda name: len(ways[name]))
            out.append(
                f"WARNING: one partner is written {len(ways)} ways: {said}: the reading room, digests and reports "
                f"list them as {len(ways)} partners; write partner the same way in each (“{most}”?)"
            )
    return out


def full_path(path: str | Path) -> str:
    """A path made absolute from the folder as the shell names it (``$PWD``: /srv/newsflow/current, not the release
    folder a symlink points to now, which a deploy replaces), normalised; ConfigError when that folder is gone."""
    if os.path.isabs(path):
        return os.path.normpath(path)
    try:
        here = os.getcwd()
    except FileNotFoundError:
        raise ConfigError(
            "the folder this command was started in no longer exists (a deploy removed it?): cd to another folder, "
            "or give --config and --db with full paths"
        ) from None
    physical = os.path.normpath(os.path.join(here, path))
    shell = os.environ.get("PWD", "")
    with contextlib.suppress(OSError):  # the shell's name only where it is the very file ("../x" may part ways)
        logical = os.path.normpath(os.path.join(shell, path))
        if os.path.isabs(shell) and os.path.samefile(shell, here) and os.path.samefile(logical, physical):
            return logical
    return physical


def load_config(path: str | Path) -> Config:
    """Read and check a feeds.toml file. Every message names it by its absolute path (a cron log's reader was not
    in the folder the command ran in)."""
    full = full_path(path)
    p = Path(full)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            f"{p}: no such file (check the name given to --config, or give the feeds.toml to use)"
        ) from None
    except IsADirectoryError:
        raise ConfigError(f"{p} is a folder: --config takes the feeds.toml file") from None
    except OSError as e:
        access = " (and to its folder)" if isinstance(e, PermissionError) else ""
        raise ConfigError(
            f"{p}: cannot be read ({e.strerror}): give the user running newsflow read access to it{access}"
        ) from None
    # Notepad's "Unicode": UTF-16, each letter two bytes (with a byte-order mark; without one, half the bytes nul)
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or raw[:200].count(b"\x00") * 3 > len(raw[:200]):
        raise ConfigError(
            f'{p}: saved as UTF-16 (what Notepad calls "Unicode"), not UTF-8: save the file as UTF-8 in your editor'
        )
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark, as some Windows editors write, is fine
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        shown = raw[e.start : e.start + 1].decode("cp1252", "replace")  # what Notepad wrote: "ö", "“"
        which = f", “{shown}” in Windows-1252" if shown.isprintable() and shown != "\ufffd" else ""
        raise ConfigError(
            f"{p}: not UTF-8 (line {line} has byte {raw[e.start]:#04x}{which}; perhaps saved as Latin-1 or "
            "Windows-1252, what Notepad calls ANSI): save the file as UTF-8 in your editor"
        ) from None
    if "\r" in text and "\n" not in text:  # every line ended by a carriage return alone (classic Mac editors)
        text = text.replace("\r", "\n")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{p}: not valid TOML: {e}{_toml_hint(text, str(e))}") from None
    try:
        config = parse_config(data, full)  # absolute: said in a cron log, and kept with each run
    except ConfigError as e:
        said = str(e)  # which file, in a cron log of years (once: a message about the whole file names it already)
        said = said.removeprefix(f"{full}: ")
        raise ConfigError(f"{full}{_lines_said(text, e.at)}: {said}", at=e.at) from None
    if config.digest_error.startswith(f"{full}: ["):  # "[digest.digests.weekly] to: …": its line too
        said = config.digest_error.removeprefix(f"{full}: ")
        m = re.match(r"\[([^\]]+)\](?: (\w+))?", said)
        line = _line_of(text, m[1], None, m[2] or "") if m else 0
        if line:
            config = replace(config, digest_error=f"{full}, line {line}: {said}")
    return config


_HEADER = re.compile(r"\s*(\[\[?)\s*([\w.\-\"' ]+?)\s*\]\]?\s*(?:#.*)?$")


def _line_of(text: str, table: str, index: int | None, key: str) -> int:
    """The line (from 1) of a key in a table of a feeds.toml: in the index-th [[table]] (from 0) for an array of
    tables, else in [table]; the table's header where the key is not written in it (missing, or in dotted form
    elsewhere), or 0 where the table is not found (written inline, say)."""
    header, seen, inside = 0, -1, False
    for n, line in enumerate(text.split("\n"), 1):
        if m := _HEADER.match(line):
            name = re.sub(r"\s*\.\s*", ".", m[2].replace('"', "").replace("'", ""))
            if inside:
                break
            if name == table and (m[1] == "[[") == (index is not None):
                seen += 1
                if index is None or seen == index:
                    header, inside = n, True
            continue
        if inside and key and re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*[=.]", line):
            return n
    return header


def _lines_said(text: str, at: tuple[tuple[str, int | None, str], ...]) -> str:
    """ ", line 98" (", lines 44 and 98") for where a ConfigError is; "" where no line is known."""
    lines = sorted({n for table, index, key in at if (n := _line_of(text, table, index, key))})
    if not lines:
        return ""
    if len(lines) == 1:
        return f", line {lines[0]}"
    return f", lines {', '.join(map(str, lines[:-1]))} and {lines[-1]}"


_TYPOGRAPHIC_QUOTES = "“”„‘’‚«»"


def _toml_hint(text: str, error: str) -> str:
    """What a person can do about a TOML error on a line written with a word processor's or a phone's quotes
    (name = “Maribor news”: "Invalid value (at line 23, column 8)" says nothing of them); "" otherwise."""
    at = re.search(r"at line (\d+)", error)
    lines = text.split("\n")  # as TOML counts them (splitlines() also breaks at a lone \r, \f, \x1c …)
    line = lines[int(at[1]) - 1] if at and 0 < int(at[1]) <= len(lines) else ""
    if any(mark in line for mark in _TYPOGRAPHIC_QUOTES):
        return " (the line has typographic quotes, “ ” or ‘ ’, as a word processor writes them: TOML takes \" or ')"
    if odd := _ODD_SPACE.search(re.split("[\"'#]", line)[0]):  # (in a quoted text, such a space is the text's)
        kind = "non-breaking" if odd[0] in "\u00a0\u202f" else "special"
        return (
            f" (the line holds a {kind} space, as pasted from a web page or a word processor, where TOML takes an "
            "ordinary one: retype the spaces of the line)"
        )
    if "'\\r'" in error or "\r" in line.rstrip("\r"):  # a carriage return alone (old Mac line ends, or pasted in)
        return (
            " (a line ends in a carriage return alone, as some old editors write: save the file with ordinary "
            "(Unix or Windows) line endings)"
        )
    if "Cannot overwrite a value" in error and (twice := _written_twice(lines, int(at[1]) if at else len(lines))):
        return twice
    if (declared := re.search(r"Cannot declare \('([^)]*)',?\) twice", error)) and not re.fullmatch(
        "sources|tags", declared[1]
    ):
        table = ".".join(declared[1].split("', '"))
        firsts = [n for n, x in enumerate(lines, 1) if (m := _HEADER.match(x)) and m[2].replace(" ", "") == table]
        where = f" (lines {firsts[0]} and {firsts[1]})" if len(firsts) > 1 else ""
        return f" ([{table}] is written twice{where}: put all of its keys under one [{table}])"
    column = re.search(r"column (\d+)", error)
    rest = line[int(column[1]) - 1 :] if at and column else ""
    if "Invalid value" in error and rest.startswith("="):
        return " (one = between the key and its value)"
    if "Unclosed array" in error:  # a "]" left out (said on the next line's header), or a quote too few or many
        before = next((n for n in range(int(at[1]) - 1, 0, -1) if lines[n - 1].strip()), 0) if at else 0
        if before and column and column[1] == "1" and lines[before - 1].count("[") > lines[before - 1].count("]"):
            return f" (the list on line {before} is not closed: a ] is missing at its end)"
        return ' (a list [ … ] is not closed, or a quote in it is missing or one too many: ["HOPE", "HOPE-hanke"])'
    if "Invalid value" in error and (word := re.match(r"[^\s,\]}#]+", rest)):
        if word[0].lower() in ("true", "false", "yes", "no", "on", "off"):
            return " (write true or false, in lower case and without quotes)"
        if word[0][0].isalpha() or word[0][0] in "'\"":
            pair = re.match(r"\s*([\w.-]+)\s*=\s*([^#]*?)\s*(?:#.*)?$", line)
            value = pair[2].strip("\"'“”‘’ ") if pair else ""
            if pair and value and not re.search('["\\[\\]{}]', value) and rest.strip().startswith(pair[2][:1]):
                return f' (a text is written between quotes: write {pair[1]} = "{value}")'
            return ' (a text is written between quotes, also in a list: ["hope", "esf"])'
    if "Illegal character '\\n'" in error or "Unterminated string" in error:
        return " (a quoted text is not closed on its line: a closing \" or ' is missing)"
    if "\\" in line and ("Unescaped '\\'" in error or "hex value" in error or "escape" in error.lower()):
        return (
            ' (between " marks a backslash starts an escape such as \\n: write a Windows path with forward slashes,'
            " \"C:/newsflow/models\", or between ' marks, 'C:\\newsflow\\models')"
        )
    # A source or tag written as [sources] beside the [[sources]] of the others: "Cannot declare ('sources',) twice",
    # or "Cannot overwrite a value" on the header of the next one.
    declared = re.search(r"Cannot declare \('(sources|tags)',\) twice", error)
    header = re.match(r"\s*\[\[?\s*(sources|tags)\s*\]\]?\s*(?:#.*)?$", line) if "Cannot" in error else None
    if declared or header:
        key = (declared or header)[1]  # type: ignore[index]
        return f" (each of the {key} is a [[{key}]] table of its own: note the double brackets)"
    return ""


# Spaces other than the ordinary one, which TOML does not take between a key, its "=" and its value.
_ODD_SPACE = re.compile("[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]")


def _written_twice(lines: list[str], at: int) -> str:
    """' (url is written twice in this table, on lines 94 and 99: keep one)' for the key of line ``at`` (from 1; the
    last key of the file when the error is "at end of document"), from where its table begins; "" if not found."""
    keys: dict[str, int] = {}
    found = ""
    for n, line in enumerate(lines[:at], 1):
        if _HEADER.match(line):
            keys = {}
        elif m := re.match(r"\s*([\w.-]+|\"[^\"]*\")\s*=", line):
            key = m[1].strip('"')
            if key in keys:
                found = f" ({key} is written twice in this table, on lines {keys[key]} and {n}: keep one)"
            keys.setdefault(key, n)
    return found


SHIPPED_CONFIG = "newsflow/feeds.toml"  # how the feeds.toml shipped with newsflow is named in messages and runs
DEMO_CONFIG = "newsflow demo"  # and the demo's own (newsflow.demo.demo_config)


@functools.cache
def default_config() -> Config:
    """The feeds.toml shipped with newsflow: the partner newsrooms and the default taxonomy (read once a process:
    a Config is frozen, all through)."""
    text = resources.files("newsflow").joinpath("feeds.toml").read_text(encoding="utf-8")
    return parse_config(tomllib.loads(text), SHIPPED_CONFIG)
