"""Press contacts: the contact box a release closes with is no part of its text (extract-dev counts it as a leak), but
staff look a release up by its contact person ("Anna Virtanen"), so the box is kept apart, searched and shown."""

from __future__ import annotations

import json

import lxml.html
import pytest
import sqlite_utils
from click.testing import CliRunner

from conftest import copy_archive, reading_room_get, rss
from newsflow.cli import cli
from newsflow.extract import CONTACT_CHARS, contact_panels, extract, press_contacts

P1 = (
    "Seinäjoen kaupunki on mukana työllisyyden kuntakokeilussa, jonka myötä kaupunki valmistautuu yhä vahvempaan "
    "rooliin työllisyyden hoidossa."
)
P2 = (
    "EU:n rahoittamassa HOPE-hankkeessa haetaan Seinäjoelle oppia yhteiskunnallisesta yrittäjyydestä ja "
    "työllisyystoimien vaikuttavuuden seurannasta."
)
LONG_TITLE = (
    "Pekka Ojala, erityisasiantuntija, kestävän kehityksen ja kiertotalouden alueellinen koordinaattori, "
    "Etelä-Pohjanmaan liitto, puh. 040 222 3333, pekka.ojala@example.fi"
)
FOOTER = (
    "<footer><h3>Yhteystiedot</h3><p>Seinäjoen kaupunki, Kirkkokatu 6, 60100 Seinäjoki</p>"
    "<p>Vaihde 06 416 2111, kirjaamo@example.fi</p></footer>"
)


def page(inner: str, after: str = "", lang: str = "fi", head: str = "") -> str:
    """A release in a municipal layout: the site's own contacts in its header and footer, the release in <main>."""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Tiedote | Kaupunki</title></head>'
        f'<body><header class="site-header">{head}<nav><a href="/">Etusivu</a> <a href="/yhteystiedot">Yhteystiedot'
        f"</a></nav></header><main><article><h1>Kaupunki mukana hankkeessa</h1><p>{P1}</p><p>{P2}</p>{inner}"
        f"</article>{after}</main>{FOOTER}</body></html>"
    )


def contacts(html: str) -> list[str]:
    return extract(html, "https://example.fi/tiedote").contacts.split("\n") if html else []


def test_a_press_rooms_contact_panel_beside_the_release_is_its_contacts_not_its_text() -> None:
    panel = (
        '<section class="panel contact-people"><h2>Presskontakt</h2><div class="contact-card">'
        '<div class="contact-card__name">Diana Berg</div><div class="contact-card__title">Projektledare</div>'
        '<div><a href="mailto:diana@example.se">diana@example.se</a></div><div><a href="tel:+46707">070-712 34 56</a>'
        "</div></div></section>"
    )
    article = extract(page("", after=panel, lang="sv"), "https://example.se/pr")
    assert article.contacts.split("\n") == ["Diana Berg", "Projektledare", "diana@example.se", "070-712 34 56"]
    assert "Diana Berg" not in article.text and "Presskontakt" not in article.text
    assert "Vaihde" not in article.contacts  # the site's own footer is no release's contact


@pytest.mark.parametrize(
    ("box", "want"),
    [
        (
            "<h3>Lisätietoja</h3><p>Matti Mäkinen<br>päällikkö<br>puh. 044 418 1234<br>matti@example.fi</p>",
            ["Matti Mäkinen", "päällikkö", "puh. 044 418 1234", "matti@example.fi"],
        ),
        (
            "<p>För mer information, kontakta:</p><p>Erik Holm, projektledare</p><p>Tel: 063-14 32 10</p>",
            ["Erik Holm, projektledare", "Tel: 063-14 32 10"],
        ),
        (
            "<p><strong>For more information, please contact:</strong><br>Press office<br>028 7125 3253</p>",
            ["Press office", "028 7125 3253"],
        ),
        ("<h4>Za dodatne informacije:</h4><p>Mojca Novak, 02 220 1234</p>", ["Mojca Novak, 02 220 1234"]),
        (
            "<div><h3>Kontakt</h3></div><div>Erik Holm, projektledare</div><div>erik@example.se</div>",
            ["Erik Holm, projektledare", "erik@example.se"],
        ),
        (
            "<p>Kontakt: Erik Holm, projektledare, 063-14 32 10, erik.holm@example.se</p>",
            ["Kontakt: Erik Holm, projektledare, 063-14 32 10, erik.holm@example.se"],
        ),
        (
            "<p>(For more information: Anna Berg – Tel.: +32 2 299 63 02)</p>",
            ["(For more information: Anna Berg – Tel.: +32 2 299 63 02)"],
        ),
        (  # a probe: one line of 150 characters or more kept the whole box in the text
            f"<h3>Lisätietoja</h3><p>{LONG_TITLE}</p><p>Anne Virta, p. 050 111 2222</p>",
            [LONG_TITLE, "Anne Virta, p. 050 111 2222"],
        ),
    ],
    ids=[
        "fi head",
        "sv head with a verb",
        "en head in bold",
        "sl head",
        "head in a box of its own",
        "one line",
        "()",
        "a long title",
    ],
)
def test_a_contact_box_or_line_closing_a_release_gives_its_lines(box: str, want: list[str]) -> None:
    article = extract(page(box), "https://example.fi/tiedote")
    assert article.contacts.split("\n") == want
    assert article.text.split("\n") == [P1, P2]  # as before: no contact in the text


def test_the_press_office_under_a_releases_end_mark_is_its_contact() -> None:
    """A UK council's release: "ENDS", then the press office's line, cut from the text with what follows."""
    for end in ("<p>ENDS</p>", "<h2>Notes to editors</h2>"):
        office = "<p>For media enquiries contact the Press Office on 028 71 376 503.</p>"
        about = "<p>The council serves a population of about 150,000 people across the city and district.</p>"
        article = extract(page(end + office + about, lang="en"), "https://e.gov.uk/news")
        assert article.contacts == "For media enquiries contact the Press Office on 028 71 376 503."
        assert "Press Office" not in article.text


def test_a_contact_people_panel_anywhere_in_a_press_room_is_contacts_the_sites_widget_is_not() -> None:
    panel = (
        '<section class="contact-people"><h2>Presskontakt</h2><div class="contact-person"><h3>Karin Ek</h3>'
        '<p>Kommunikatör</p><a href="tel:0705551234">070-555 12 34</a></div></section>'
    )
    want = ["Karin Ek", "Kommunikatör", "070-555 12 34"]
    above = extract(page("").replace("<h1>", panel + "<h1>"), "https://e.se/pr")  # above the release's body
    assert above.contacts.split("\n") == want and "Karin Ek" not in above.text and P1 in above.text
    aside = f'<aside class="sidebar release__aside">{panel}</aside>'  # in the press room's side column
    assert contacts(page("", after=aside)) == want
    widget = (
        '<aside class="sidebar"><div class="contact-widget"><h2>Kontakt</h2><p>Växel 08-123 45 67</p></div></aside>'
    )
    assert extract(page("", after=widget), "https://e.se/pr").contacts == ""


def test_two_people_keep_their_own_lines_and_glued_numbers_and_addresses_come_apart() -> None:
    two = (
        '<section class="kontaktpersoner"><p>Eva Berg</p><p>Pressansvarig</p><p>070-111 22 33</p>'
        '<p>Olof Lind</p><p>Pressansvarig</p><p><a href="tel:+46704445566">070-444 55 66</a>'
        '<a href="mailto:olof@example.se">olof@example.se</a></p></section>'
    )
    assert contacts(page("", after=two)) == [
        "Eva Berg",
        "Pressansvarig",
        "070-111 22 33",
        "Olof Lind",
        "Pressansvarig",
        "070-444 55 66 olof@example.se",
    ]


def test_a_photo_credit_or_hashtags_under_a_box_are_no_contact() -> None:
    for tail in ("<p>Kuva: Seinäjoen kaupunki / Matti Mäkinen</p>", "<p>#seinäjoki #hope</p>"):
        box = f"<p><strong>Lisätietoja:</strong><br>Pekka Ojala, puh. 040 222 3333</p>{tail}"
        assert contacts(page(box)) == ["Pekka Ojala, puh. 040 222 3333"], tail


def test_the_box_ends_where_the_next_box_or_the_release_goes_on() -> None:
    about = (
        "<p><strong>För mer information, kontakta:</strong><br>Erik Holm, projektledare<br>Tel: 063-14 32 10</p>"
        "<p><strong>Om Östersunds kommun</strong><br>Kommunen har 64 000 invånare.</p>"
    )
    assert contacts(page(about)) == ["Erik Holm, projektledare", "Tel: 063-14 32 10"]
    heading = (
        "<h3>Yhteyshenkilöt</h3><p>Liisa Mäkelä, 040 123 4567</p>"
        "<h3>Liitteet</h3><ul><li><a href='/esite.pdf'>Esite 2026, 4 sivua</a></li></ul>"
    )
    assert contacts(page(heading)) == ["Liisa Mäkelä, 040 123 4567"]
    going_on = (
        "<h3>Lisätietoja</h3><p>Liisa Mäkelä, 040 123 4567</p>"
        "<p>Hankkeen seuraava tapaaminen järjestetään Mariborissa syksyllä, ja siihen osallistuu kaikki kumppanit.</p>"
        "<p>Hallitus, puh. 06 416 0000</p>"
    )
    assert contacts(page(going_on)) == [""]  # a box within the release is its text, and found there
    assert "Liisa Mäkelä, 040 123 4567" in extract(page(going_on), "https://e.fi/t").text.split("\n")


def test_the_sites_own_contacts_a_contact_form_and_a_head_without_a_number_give_none() -> None:
    side = '<aside class="col"><h2>Kontakt</h2><p>Kundtjänst 0771-12 34 56</p></aside>'
    header = '<div class="contact">Växel 031-123 45 67</div>'
    form = (
        '<section class="contact-form"><h2>Contact us</h2><form><input name="email" value="you@example.org">'
        "<button>Send</button></form><p>or call 028 7125 3253</p></section>"
    )
    popup = '<div class="toolbox-popup contact-link-box"><p>Report errors: reader@example.org</p></div>'
    prose = (
        "<h3>Contacts between the cities</h3><p>Seinäjoki and Maribor have exchanged visits since 2021, and the "
        "partners meet again next spring.</p>"
    )
    assert extract(page(prose, after=side + form + popup, head=header), "https://e.fi/t").contacts == ""


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('<div class="top-bar"><div class="top-bar__contact"><h2>Kontakt</h2><p>puh. 06 416 2111</p></div></div>', ""),
        (
            "",
            '<section class="contact-block"><h2>Ota yhteyttä</h2><p>Kirkkokatu 6</p><p>puh. 06 416 2111</p></section>',
        ),
        ("", '<div class="floating-contact"><a href="tel:+35864162111">Soita 06 416 2111</a></div>'),
        (
            "",
            '<div class="region-bottom"><div id="block-contactinfo"><p>PL 215</p><p>info@example.fi</p></div></div>',
        ),
    ],
    ids=["top bar", "a 'contact us' block", "a floating call button", "a block named contact info"],
)
def test_the_sites_own_contacts_named_so_outside_its_header_and_footer_are_none(before: str, after: str) -> None:
    """A review: boxes named "contact" that give the site's switchboard on every page, not a release's people."""
    html = page("", after=after).replace("<body>", f"<body>{before}")  # (before the site's <header>)
    assert extract(html, "https://e.fi/t").contacts == ""


@pytest.mark.parametrize(
    "wrap",
    ['<body class="single no-sidebar">', '<body><div id="page" class="site menu-closed">', "<body>"],
    ids=["a body class", "a page wrapper", "in the article's own footer"],
)
def test_a_contact_people_panel_is_read_whatever_the_pages_layout_classes(wrap: str) -> None:
    """A review: a layout class on <body> or a wrapper around the whole page named "sidebar" or "menu" turned off every
    panel of a site; so did the article's own <footer>."""
    named = '<section class="contact-people"><h2>Presskontakt</h2><p>Diana Berg</p><p>070-712 34 56</p></section>'
    headed = '<div class="contacts"><h2>Yhteyshenkilöt</h2><p>Diana Berg</p><p>070-712 34 56</p></div>'  # (STT Info)
    for panel in (named, headed):
        html = page("").replace("</main>", f"</main>{panel}").replace("<body>", wrap)  # (beside <main>)
        if wrap == "<body>":
            html = page(f'<footer class="entry-footer">{panel}</footer>')
        assert contacts(html) == ["Diana Berg", "070-712 34 56"], panel


def test_a_contact_sentence_the_text_keeps_is_not_given_twice() -> None:
    sentence = "Lisätietoja antaa projektipäällikkö Matti Mäkinen, puh. 044 418 1234."
    article = extract(page(f"<p>{sentence}</p><p>{P1} Toinen kappale.</p>"), "https://e.fi/t")
    assert sentence in article.text.split("\n") and article.contacts == ""


def test_the_contacts_a_page_gives_are_bounded() -> None:
    people = [f"Henkilö Numero{i}, asiantuntija, puh. 040 000 {i:04d}" for i in range(60)]
    got = press_contacts(people, [], set())
    assert CONTACT_CHARS - 60 < len(got) <= CONTACT_CHARS and got.startswith("Henkilö Numero0,")
    # Cut at the cap, a list of people a line each ends with the last person whose phone or address fits, not with
    # the next one's name and title.
    for title in ("Viestintä", "Viestintäasiantuntija", "Kehittämispäällikkö, työllisyyspalvelut"):
        stacked = [line for i in range(60) for line in (f"Henkilö Numero{i}", title, f"040 000 {i:04d}")]
        cut = press_contacts(stacked, [], set()).split("\n")
        assert len("\n".join(cut)) <= CONTACT_CHARS and cut[-1].startswith("040 000 ") and len(cut) % 3 == 0, title
    whole_page = "".join(f"<p>{line}</p>" for line in people * 3)  # a page named for contacts, not a box on it
    html = page("", after=f'<div id="contact-page">{whole_page}</div>')
    assert contact_panels(lxml.html.fromstring(html)) == []


# ------------------------------------------------------------------ searched and shown (the demo's Mynewsdesk panel)


def test_a_release_is_found_by_its_contact_person_and_the_search_says_where(demo_archive) -> None:
    result = CliRunner().invoke(cli, ["search", "Lindqvist", "--db", str(demo_archive), "--json"])
    assert result.exit_code == 0, result.output
    found = {r["title"]: r for r in json.loads(result.output)}
    quoted = found.pop("Coompanion öppnar rådgivning för sociala företag i hela Västra Götaland")
    assert not quoted["in_contacts"]  # (she is quoted in its text: found there first)
    assert found and all(r["in_contacts"] and r["partner"] == "Coompanion" for r in found.values())
    said = CliRunner().invoke(cli, ["search", "Lindqvist", "--db", str(demo_archive)]).output
    assert "anna.[lindqvist]@example.org" in said and said.count("(in the press contacts)") == len(found)
    exported = CliRunner().invoke(
        cli, ["export", "--db", str(demo_archive), "--partner", "Coompanion", "--format", "json"]
    )
    assert exported.exit_code == 0 and all(
        r["press_contacts"].startswith("Anna Lindqvist\nVerksamhetschef") for r in json.loads(exported.output)
    )
    # An address typed whole (or a copied mailto: link) finds the releases that give it: here all three, in their
    # contacts; a role address, those that give it, not every release that says "rådgivning".
    for address in ("anna.lindqvist@example.org", "mailto:anna.lindqvist@example.org"):
        pasted = CliRunner().invoke(cli, ["search", address, "--db", str(demo_archive)]).output
        assert pasted.count("(in the press contacts)") == len(found) + 1, address
    role = json.loads(
        CliRunner().invoke(cli, ["search", "rådgivning@example.org", "--db", str(demo_archive), "--json"]).output
    )
    assert [r["title"] for r in role] == ["Coompanion öppnar rådgivning för sociala företag i hela Västra Götaland"]
    # An address's domain is no mention: "example" is in every contact's address, and in no release's words.
    assert (
        "(in the press contacts)"
        not in CliRunner().invoke(cli, ["search", "example", "--db", str(demo_archive)]).output
    )


def test_the_reading_room_shows_a_releases_contacts_escaped_and_says_a_match_was_there(demo_archive, tmp_path) -> None:
    db = copy_archive(demo_archive, tmp_path / "a.db")
    archive = sqlite_utils.Database(db)
    (article_id,) = archive.execute("select id from articles where contacts like 'Anna Lindqvist%' limit 1").fetchone()
    archive.execute(
        "update articles set contacts = contacts || ? where id = ?",
        ["\n<script>alert(1)</script> Ilkka <b>Ilkeä</b>, 040 666 6666", article_id],
    )
    archive.conn.commit()
    html = reading_room_get(db, f"/-/article/{article_id}").text
    assert "<h2>Press contacts</h2>" in html and "<li>Anna Lindqvist</li>" in html
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; Ilkka &lt;b&gt;Ilkeä&lt;/b&gt;" in html and "<script>alert" not in html
    )
    listed = reading_room_get(db, "/-/search?q=Lindqvist").text
    assert "found in the press contacts" in listed
    (plain,) = archive.execute("select id from articles where coalesce(contacts, '') = '' limit 1").fetchone()
    assert "Press contacts" not in reading_room_get(db, f"/-/article/{plain}").text


def test_a_partners_page_says_whom_to_call_from_its_latest_release_that_names_someone(demo_archive) -> None:
    """The newest is undated in the demo (first seen when it ran): it is the latest, not the newest dated one."""
    html = reading_room_get(demo_archive, "/-/partner/Coompanion").text
    section = html.split("<h2>Press contact</h2>", 1)[1].split("</section>", 1)[0]
    archive = sqlite_utils.Database(demo_archive)
    (newest,) = archive.execute(
        "select id from articles where partner = 'Coompanion' order by coalesce(nullif(published, ''), first_seen) desc"
    ).fetchone()
    assert f'href="/-/article/{newest}"' in section and "<li>Anna Lindqvist</li>" in section
    assert "<li>031-123 45 60</li>" in section
    hope = reading_room_get(demo_archive, "/-/partner/HOPE%20project").text
    assert "Its newsrooms" in hope and "Press contact" not in hope  # its releases name none


def test_a_translation_pass_keeps_the_contacts_searchable(packages, demo_archive, tmp_path) -> None:
    db = copy_archive(demo_archive, tmp_path / "a.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["models", "install", str(packages["sv_en"])]).exit_code == 0
    translated = runner.invoke(cli, ["translate", "--db", str(db), "--config", "newsflow/feeds.toml"])
    assert translated.exit_code == 0, translated.output
    archive = sqlite_utils.Database(db)
    assert archive.execute("select count(*) from articles where language = 'sv' and translation != ''").fetchone()[0]
    found = json.loads(runner.invoke(cli, ["search", "Lindqvist", "--db", str(db), "--json"]).output)
    assert sum(r["in_contacts"] for r in found) == 2  # as before the pass rewrote their search rows


# ------------------------------------------------------------------ an archive from before: filled by reextract


def feed_config(server, tmp_path) -> str:
    """A feeds.toml following the local server's /feed."""
    config = tmp_path / "feeds.toml"
    config.write_text(
        f'[settings]\ntimeout = 5\nmin_delay = 0\n\n[[sources]]\nid = "city"\nkind = "feed"\n'
        f'url = "{server.url("/feed")}"\n',
        encoding="utf-8",
    )
    return str(config)


def publish(server, box: str, summary: str) -> None:
    """The release at /a1 with ``box`` closing it, and the feed listing it with ``summary`` (a new one: asked again)."""
    server.add("/a1", page(box))
    item = f"<item><title>Tiedote</title><link>{server.url('/a1')}</link><guid>a1</guid>"
    server.add(
        "/feed",
        f"<rss version='2.0'><channel><title>N</title>{item}<description>{summary}</description>"
        "<pubDate>Mon, 01 Apr 2024 09:00:00 +0300</pubDate></item></channel></rss>",
    )


def test_reextract_gives_the_releases_archived_before_their_contacts_without_a_revision(server, tmp_path) -> None:
    server.add("/a1", page("<h3>Lisätietoja</h3><p>Anna Virtanen<br>hankepäällikkö<br>puh. 040 765 4321</p>"))
    server.add("/feed", rss([("Kaupunki mukana hankkeessa", server.url("/a1"), "a1")]))
    config, db, runner = feed_config(server, tmp_path), tmp_path / "a.db", CliRunner()
    assert runner.invoke(cli, ["run", "--config", config, "--db", str(db)]).exit_code == 0
    archive = sqlite_utils.Database(db)
    assert archive.execute("select contacts from articles").fetchone() == (
        "Anna Virtanen\nhankepäällikkö\npuh. 040 765 4321",
    )
    # As an archive upgraded from before the contacts were kept has it: none, and none in the index.
    archive.execute("update articles set contacts = null")
    archive.execute("update articles_search set contacts = ''")
    archive.conn.commit()
    assert "Kaupunki mukana" not in runner.invoke(cli, ["search", "Virtanen", "--db", str(db)]).output
    server.close()  # the page is gone from the newsroom: read from what was kept
    result = runner.invoke(cli, ["reextract", "--config", config, "--db", str(db)])
    assert result.exit_code == 0 and "1 changed" in result.output, result.output
    found = runner.invoke(cli, ["search", "Virtanen", "--db", str(db)]).output
    assert "Kaupunki mukana hankkeessa" in found and "(in the press contacts)" in found
    assert archive.execute("select count(*) from revisions").fetchone() == (0,)  # the partner changed nothing


def test_a_contact_the_partner_corrects_reaches_the_archive_and_its_kept_page(server, tmp_path) -> None:
    """A review: the text unchanged, a corrected phone in the contact box was "unchanged", and the page kept for
    reextract was the old one."""

    config, db, runner = feed_config(server, tmp_path), tmp_path / "a.db", CliRunner()
    publish(server, "<h3>Lisätietoja</h3><p>Anna Virtanen<br>puh. 040 765 4321</p>", "Ensimmäinen")
    assert runner.invoke(cli, ["run", "--config", config, "--db", str(db)]).exit_code == 0
    corrected = "<h3>Lisätietoja</h3><p>Anna Virtanen<br>puh. 040 765 9999</p>"
    publish(server, corrected, "Korjattu puhelinnumero")  # (the feed item changed: the page is asked again)
    second = runner.invoke(cli, ["run", "--config", config, "--db", str(db), "--json"])
    assert second.exit_code == 0 and json.loads(second.output)["updated"] == 1, second.output
    archive = sqlite_utils.Database(db)
    assert archive.execute("select contacts from articles").fetchone() == ("Anna Virtanen\npuh. 040 765 9999",)
    assert archive.execute("select count(*) from revisions").fetchone() == (0,)  # the text is as it was
    assert "(in the press contacts)" in runner.invoke(cli, ["search", "9999", "--db", str(db)]).output
    server.close()
    again = runner.invoke(cli, ["reextract", "--config", config, "--db", str(db)])
    assert again.exit_code == 0 and "0 changed" in again.output  # the kept page is the corrected one
    assert archive.execute("select contacts from articles").fetchone() == ("Anna Virtanen\npuh. 040 765 9999",)


def test_a_page_fetched_again_that_gives_no_contacts_or_the_same_in_another_order_changes_nothing(
    server, tmp_path
) -> None:
    """A second review: a feed's full-text item of the same release (no contact box) wiped the contacts its page gave
    and replaced the kept page, as "updated"; a panel listing the same people in another order would too."""

    config, db, runner = feed_config(server, tmp_path), tmp_path / "a.db", CliRunner()
    two = "<h3>Lisätietoja</h3><p>Anna Virtanen, puh. 040 765 4321</p><p>Pekka Ojala, puh. 040 222 3333</p>"
    publish(server, two, "1")
    assert runner.invoke(cli, ["run", "--config", config, "--db", str(db)]).exit_code == 0
    swapped = "<h3>Lisätietoja</h3><p>Pekka Ojala, puh. 040 222 3333</p><p>Anna Virtanen, puh. 040 765 4321</p>"
    for box, summary in ((swapped, "2"), ("", "3")):
        publish(server, box, summary)
        night = json.loads(runner.invoke(cli, ["run", "--config", config, "--db", str(db), "--json"]).output)
        assert night["updated"] == 0 and night["sources"][0]["unchanged"] == 1, (summary, night)
    archive = sqlite_utils.Database(db)
    assert archive.execute("select contacts from articles").fetchone() == (
        "Anna Virtanen, puh. 040 765 4321\nPekka Ojala, puh. 040 222 3333",
    )


def test_an_older_archives_index_gains_the_contacts_column_and_keeps_what_it_held(tmp_path) -> None:
    from newsflow.archive import Archive
    from test_upgrade import old_archive

    path = tmp_path / "archive.db"
    old_archive(path, "m013_press_contacts")
    with Archive(path) as archive:
        columns = [r[1] for r in archive.db.execute("pragma table_info(articles_search)")]
        assert columns == ["title", "text", "translation", "attachments", "contacts"]
        assert "contacts" in archive.db["articles"].columns_dict
        assert not archive.db.execute("select 1 from sqlite_master where name like '%before_contacts%'").fetchall()
        # each column's words where they were: the headline's in title, the text's in text
        rows = archive.db.execute("select rowid, title, text, translation, attachments, contacts from articles_search")
        (row,) = rows.fetchall()
        assert row[0] == 1 and "hope" in row[1].lower() and "kaupunki" in row[2] and row[3:] == ("", "", None)
    found = CliRunner().invoke(cli, ["search", "kaupungilla", "--db", str(path)])
    assert found.exit_code == 0 and "Seinäjoki mukana HOPE-hankkeessa" in found.output
