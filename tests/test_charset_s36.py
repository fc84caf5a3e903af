"""A page that is UTF-8 but for a few bytes is read as UTF-8; one that only says so is read as what it is."""

from __future__ import annotations

import pytest

from newsflow.charset import decode_html
from newsflow.extract import extract

TEXT = "Seinäjoen kaupunki ja Göteborgsregionen: työllisyys, yrittäjyys ja hyvinvointi – HOPE-hanke jatkuu."
UTF8 = {"content-type": "text/html; charset=utf-8"}


def release(stray: bytes, head: str = "") -> bytes:
    """A Finnish release in UTF-8 with ``stray`` (bytes that are not UTF-8) in a paragraph of its own."""
    page = (
        f"<html><head>{head}<title>Seinäjoki tiedottaa</title></head><body><article><h1>Seinäjoki tiedottaa</h1>"
        f"<p>{TEXT}</p><p>Lisätietoja: STRAY ja Mäkinen, viestintä.</p><p>{TEXT}</p></article></body></html>"
    )
    return page.encode().replace(b"STRAY", stray)


@pytest.mark.parametrize(
    ("head", "headers"),
    [
        ("", UTF8),  # declared in the header
        ('<meta charset="utf-8">', {}),  # in the page
        ("", {}),  # not at all: the bytes say it
        ('<meta charset="iso-8859-1">', {}),  # declared otherwise, wrongly: the bytes say it
    ],
)
def test_one_stray_byte_does_not_turn_a_utf8_page_into_windows_1252(head, headers):
    text = decode_html(release(b"invalid \xff byte", head), headers)
    assert TEXT in text and "Ã" not in text and "Mäkinen" in text
    assert "invalid \ufffd byte" in text  # as a browser shows it: something was lost here


def test_a_latin1_letter_inside_a_word_of_a_utf8_page_is_that_letter():
    # A slogan pasted from a Latin-1 file into a UTF-8 page (a real party's page did so).
    text = decode_html(release("Mitgefühl wählen, på Österbotten".encode("latin-1")), UTF8)
    assert "Mitgefühl wählen, på Österbotten" in text and TEXT in text
    # A byte on its own, or one that is no letter, is not guessed at.
    text = decode_html(release(b"2021\x962022 \xe4 \xff"), UTF8)
    assert "2021\ufffd2022 \ufffd \ufffd" in text and TEXT in text
    # Nor is the first byte of a character cut off at the end of a body ("ä" is C3 A4).
    assert decode_html(release(b"x")[:-1] + "Seinä".encode()[:-1], UTF8).endswith("Sein\ufffd")


def test_a_page_declared_utf8_but_latin1_throughout_still_reads_right():
    # Every non-ASCII letter a single byte; "ß“" happens to be a well-formed UTF-8 sequence (U+07D3).
    body = f"<p>{TEXT.replace('–', '-')}</p><p>Mit freundlichem Gruß“ ä ö å Ä Ö Å</p>"
    for headers, head in ((UTF8, ""), ({}, '<meta charset="utf-8">')):
        raw = f"<html><head>{head}</head><body>{body}</body></html>".encode("cp1252")
        text = decode_html(raw, headers)
        assert TEXT.replace("–", "-") in text and "Gruß“ ä ö å Ä Ö Å" in text


def test_a_latin1_page_with_a_few_chance_utf8_sequences_is_not_read_as_utf8():
    # Declared ISO-8859-1: a few chance sequences ("ß“", "Ä©") among many Latin-1 letters are not UTF-8.
    words = "Gruß“ aus Köln, Äußerung © Ä© Seinäjoen Göteborg Österbotten Mäkinen"
    raw = f"<html><head><meta charset='iso-8859-1'></head><body><p>{words}</p></body></html>".encode("cp1252")
    assert words in decode_html(raw, {})


def test_the_archive_gets_the_release_right_despite_the_stray_byte():
    a = extract(release(b"invalid \xff byte", '<meta charset="utf-8">'), "https://www.seinajoki.fi/a", headers=UTF8)
    assert a.title == "Seinäjoki tiedottaa"
    assert TEXT in a.text and "Ã" not in a.text


@pytest.mark.parametrize("declaration", ["<?xml version='1.0' encoding='utf-8'?>", "<?xml version='1.0'?>", ""])
def test_a_feed_utf8_but_for_a_stray_byte_keeps_its_letters(declaration):
    """A feed's parser read one stray byte as Windows-1252 throughout: "Seinäjoen kesä" came as "SeinÃ¤joen kesÃ¤"
    (h7, s36). Read as a browser reads it: the letters kept, the stray byte as �."""
    from newsflow.models import Source
    from newsflow.sources import links_from_feed

    feed = (
        (
            f"{declaration}<rss version='2.0'><channel><title>t</title><link>https://e.fi/</link><description>d"
            "</description><item><title>Seinäjoen kesä STRAY</title><link>https://e.fi/a</link></item>"
            "<item><title>Toinen: Seinäjoella tapahtuu</title><link>https://e.fi/b</link></item></channel></rss>"
        )
        .encode()
        .replace(b"STRAY", b"\xff")
    )
    source = Source(id="s", name="s", url="https://e.fi/feed", kind="feed", partner="p")
    titles = [link.title for link in links_from_feed(feed, {}, "https://e.fi/feed", source)]
    assert titles == ["Seinäjoen kesä \ufffd", "Toinen: Seinäjoella tapahtuu"]
    # A feed that says Latin-1 is read as Latin-1, as before.
    latin = feed.replace(b"utf-8", b"iso-8859-1") if "utf-8" in declaration else None
    if latin is not None:
        assert "Seinäjoen" not in links_from_feed(latin, {}, "https://e.fi/feed", source)[0].title
