"""Bytes -> text for HTML pages: the HTTP header, the document's declaration, then detection."""

from __future__ import annotations

import codecs
import re


def charset_from_headers(headers: dict[str, str]) -> str:
    m = re.search(r"charset=[\"']?([\w.:-]+)", headers.get("content-type", ""), re.I)
    return m.group(1).lower() if m else ""


def _charset_from_meta(head: bytes) -> str:
    m = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", head, re.I) or re.search(
        rb"<\?xml[^>]+encoding=[\"']([\w.:-]+)", head, re.I
    )
    return m.group(1).decode("ascii", "replace").lower() if m else ""


# A well-formed UTF-8 sequence of two to four bytes (no overlong forms, no surrogates, nothing past U+10FFFF).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# Windows-1252's letters of Western languages (Š Œ Ž š œ ž, À-þ but × ÷; not Ÿ ÿ, rare in words and common in
# broken data): a byte among them standing alone in a word of a UTF-8 page is that letter.
_LATIN_LETTER = frozenset(b"\x8a\x8c\x8e\x9a\x9c\x9e" + bytes(range(0xC0, 0xFF))) - {0xD7, 0xF7}
_ASCII_LETTER = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _latin_letter_or_replacement(error: UnicodeError) -> tuple[str, int]:
    """UTF-8's error handler for a page that is UTF-8 but for a few bytes: a single byte that is a Latin letter in
    Windows-1252 and touches a letter of its word ("Mitgef\\xfchl w\\xe4hlen", a slogan pasted from a Latin-1 file)
    is read as that letter; anything else becomes U+FFFD, as a browser shows it."""
    assert isinstance(error, UnicodeDecodeError)
    data, start, end = error.object, error.start, error.end
    # (Not at the end of the bytes: there it is a character cut in two, "Sein\\xc3" of a body cut short.)
    in_word = (start and data[start - 1] in _ASCII_LETTER) or (end < len(data) and data[end] in _ASCII_LETTER)
    if end - start == 1 and end < len(data) and data[start] in _LATIN_LETTER and in_word:
        return bytes(data[start:end]).decode("cp1252"), end
    return "\ufffd", end


codecs.register_error("newsflow-latin-letter", _latin_letter_or_replacement)


def _mostly_utf8(content: bytes, declared: str) -> bool:
    """Whether bytes that are not valid UTF-8 are UTF-8 all the same, but for a few bytes.

    A page in a single-byte charset has a byte that is not UTF-8 for nearly each of its non-ASCII letters, and
    well-formed multi-byte sequences only by chance (an "ß" before a "“" is one); a UTF-8 page
    with a stray byte (or a slogan pasted from a Latin-1 file) has many sequences and few such bytes. Declared UTF-8,
    the sequences must be at least as many as the bad bytes; declared otherwise or not at all, four times as many.
    """
    sequences = len(_UTF8_SEQUENCE.findall(content))
    if not sequences:
        return False
    bad = content.decode("utf-8", "replace").count("\ufffd") - content.count(b"\xef\xbf\xbd")
    return sequences >= bad * (1 if declared.replace("-", "") == "utf8" else 4)


def utf8_repaired(content: bytes, declared: str) -> bytes:
    """An XML document (a feed) that says UTF-8 (``declared``: "" is XML's default, UTF-8) and is UTF-8 but for a few
    bytes, as UTF-8 that reads as a browser reads it (``_mostly_utf8``); otherwise the bytes as they are. A feed's
    parser read one stray byte as a sign of Windows-1252, and "Seinäjoen kesä" came as "SeinÃ¤joen kesÃ¤"."""
    if declared.replace("-", "").replace("_", "") not in ("", "utf8"):
        return content
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        if _mostly_utf8(content, "utf-8"):
            return content.decode("utf-8", "newsflow-latin-letter").encode("utf-8")
    return content


def _try(content: bytes, encoding: str) -> str | None:
    try:
        return content.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def _utf16_without_bom(content: bytes, declared: str) -> str:
    """ "utf-16-le" or "utf-16-be" when the bytes are UTF-16 without a byte-order mark, else "".

    ASCII markup in UTF-16 is every other byte NUL: valid UTF-8 full of NULs, so this must be
    asked before UTF-8. The NULs' side gives the byte order; a declaration alone
    (``charset=utf-16`` in the header; a ``<meta>`` cannot be read before decoding) does not
    outvote bytes that are not UTF-16.
    """
    head = content[:2000]
    half = len(head) // 2
    if half < 2:
        return ""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    # Markup is ASCII, so even text in CJK scripts leaves NULs on one side; a declaration lowers the bar.
    needed = 0.02 if declared.replace("-", "").startswith("utf16") else 0.1
    if odd > needed * half and even * 10 <= odd:
        return "utf-16-le"
    if even > needed * half and odd * 10 <= even:
        return "utf-16-be"
    return ""


def decode_html(content: bytes | str, headers: dict[str, str] | None = None) -> str:
    """Bytes -> text: the HTTP header, then the document's declaration, then detection.

    Valid UTF-8 with non-ASCII letters wins over a declared single-byte charset:
    pages that say ISO-8859-1 but are UTF-8 would otherwise turn "ä" into "Ã¤". So does UTF-8 with a few bytes
    that are not (``_mostly_utf8``): one stray byte must not turn every "ä" of the page into "Ã¤". Those bytes
    become U+FFFD, as in a browser, but for a Latin letter inside a word, read as Windows-1252. A page declared
    UTF-8 that is Latin-1 throughout has no UTF-8 sequences and is read in Windows-1252 below.
    """
    if isinstance(content, str):
        return content
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", "replace")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16", "replace")
    wide = _utf16_without_bom(content, charset_from_headers(headers or {}))
    if wide:
        return content.decode(wide, "replace")
    utf8 = _try(content, "utf-8")
    if utf8 is not None:
        return utf8
    said = (charset_from_headers(headers or {}), _charset_from_meta(content[:4096]))
    if _mostly_utf8(content, said[0] or said[1]):
        return content.decode("utf-8", "newsflow-latin-letter")
    for declared in said:
        if declared and declared.replace("-", "") not in ("utf8", "utf16"):
            if declared in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
                declared = "cp1252"  # what browsers do, and what servers mean
            text = _try(content, declared)
            if text is not None:
                return text
    # Windows-1252, the web's Latin default, when the text reads as Western text: in Finnish,
    # Swedish or English non-ASCII letters are a small share of all letters, while text in
    # another script mis-decoded as 1252 is almost all accented letters.
    western = _try(content, "cp1252")
    if western is not None:
        letters = [c for c in western if c.isalpha()]
        if letters and sum(ord(c) > 127 for c in letters) / len(letters) < 0.3:
            return western
    # Otherwise detection; detectors offer DOS, Mac and EBCDIC code pages that no web page uses.
    import charset_normalizer  # (loaded where a page's encoding must be guessed: not by `newsflow search`)

    for match in charset_normalizer.from_bytes(content[:200_000]):
        if not match.encoding.startswith(
            ("cp4", "cp7", "cp8", "mac", "hp_", "cp1006", "cp1125", "cp273", "cp037", "cp500")
        ):
            text = _try(content, match.encoding)
            if text is not None:
                return text
    return content.decode("cp1252", "replace")


# Marks where a word may break that a reader never sees: a soft hyphen ("Seinä&shy;joen"), a word joiner,
# and a zero-width space inside a word. Left in, they split the word for tagging and search.
_HYPHENATION = re.compile("[\u00ad\u2060]|(?<=[^\\W\\d_])\u200b(?=[^\\W\\d_])")
_HAS_HYPHENATION = re.compile("[\u00ad\u2060\u200b]")


# Characters no reader sees that do harm when shown: control characters other than tab and line breaks (an Atom
# feed holding one is not XML, and on a terminal ESC sequences clear the screen or retitle the window) and the
# bidirectional marks, embeddings, overrides and isolates that make a title read backwards or reorder its words
# ("council \u2067rejected the proposal\u2069 today"). Separators among them become a space.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SEPARATORS = re.compile("[\x0b\x0c\x1c-\x1f]")
# U+0080-U+009F in a text are nearly always Windows-1252 read as Latin-1 on the way (a CMS that decoded twice):
# "2021\x962022" is "2021–2022", "city\x92s" is "city’s", "\x85" an ellipsis rather than a line break. Read so; the
# five codes that Windows-1252 leaves unassigned are dropped.
_C1 = re.compile("[\x80-\x9f]")


def _windows_1252(m: re.Match[str]) -> str:
    try:
        return m.group().encode("latin-1").decode("cp1252")
    except UnicodeDecodeError:
        return ""


def visible_text(text: str) -> str:
    """The text as a reader sees it (a page's, a feed's, a PDF's): without control characters and bidirectional
    overrides (Windows-1252's punctuation read as such), and without the marks of possible word breaks inside its
    words."""
    if _CONTROLS.search(text) or _SEPARATORS.search(text) or _C1.search(text):
        text = _SEPARATORS.sub(" ", _C1.sub(_windows_1252, _CONTROLS.sub("", text)))
    return _HYPHENATION.sub("", text) if _HAS_HYPHENATION.search(text) else text


# What a terminal must not be given from a newsroom: control characters but tab and line feed (ESC sequences clear the
# screen, retitle the window, write the clipboard; a carriage return overwrites the line), C1 controls, and the
# bidirectional controls that reorder what follows them.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """A message or an address as a terminal or a log may show it: each character it must not be given written as
    its UTF-8 bytes in %XX, as in an address ("…/r%1B%5B2J"). Text that has none is returned as it is."""
    if not _UNSHOWABLE.search(text):
        return text
    return _UNSHOWABLE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), text)
