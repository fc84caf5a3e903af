"""The new administrator's probe (s36): mistakes in feeds.toml that newsflow took without a word."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from newsflow.archive import Archive
from newsflow.cli import cli
from newsflow.models import Article, Paragraph, Source
from newsflow.sources import SourceError, links_from_listing, links_from_sitemap

SOURCE = '[[sources]]\nid = "vastra"\nkind = "feed"\nurl = "https://vastra.example/feed"\n'


def tag(tag_id: str, name: str, aliases: str = "") -> str:
    return f'[[tags]]\nid = "{tag_id}"\nkind = "project"\nname = "{name}"\n' + (
        f"aliases = [{aliases}]\n" if aliases else ""
    )


def archive_of(tmp_path, texts: list[str]):
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        for i, text in enumerate(texts):
            archive.save_article(
                Article(url=f"https://vastra.example/{i}", title=f"Nyhet {i}", paragraphs=(Paragraph(text),))
            )
    return db


def retag(tmp_path, db, toml: str) -> list[str]:
    config = tmp_path / "feeds.toml"
    config.write_text(SOURCE + toml, encoding="utf-8")
    result = CliRunner().invoke(cli, ["retag", "--config", str(config), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_retag_names_each_tag_whose_releases_changed_and_each_found_in_none(tmp_path):
    """A mistyped name tagged nothing, and an alias written as a pattern ("BRIDGES*") took the tag off every
    release, while retag said only "Retagged 4 article(s): 0 tag(s) on them"."""
    db = archive_of(tmp_path, [f"The BRIDGES partners met in Umeå, meeting {i}." for i in range(3)] + ["Nothing."])
    bridges = tag("bridges", "BRIDGES project", '"BRIDGES"')
    first = retag(tmp_path, db, bridges + tag("vastra-coop", "Västra Kooperatv"))
    assert first[1:] == [
        "  bridges: 0 → 3 release(s)",
        "  vastra-coop: found in none of the 4 release(s): check its name and aliases in feeds.toml",
    ]
    # The normal case, nothing changed and every tag found: the totals alone.
    assert len(retag(tmp_path, db, bridges)) == 1
    wrong = retag(tmp_path, db, tag("bridges", "BRIDGES project", '"BRIDGES*"'))
    assert wrong[1:] == ["  bridges: 3 → 0 release(s): check its name and aliases in feeds.toml"]
    assert retag(tmp_path, db, bridges)[1:] == ["  bridges: 0 → 3 release(s)"]
    assert retag(tmp_path, db, tag("other", "Other project", '"BRIDGES"'))[1:] == [
        "  bridges: 3 → 0 release(s) (taken out)",
        "  other: 0 → 3 release(s)",
    ]


def test_retag_of_a_large_taxonomy_found_in_none_says_the_rest_in_one_line(tmp_path):
    db = archive_of(tmp_path, ["Nothing to tag here."])
    lines = retag(tmp_path, db, "".join(tag(f"t{i:02}", f"Unheard Project {i:02}") for i in range(30)))
    assert len(lines) == 1 + 5 + 1
    assert lines[5] == "  t04: found in none of the 1 release(s): check its name and aliases in feeds.toml"
    assert lines[6].startswith("  … and 25 more tag(s) found in none: t05, t06, ") and lines[6].endswith(" and 13 more")
    # Said once: a retag after, the taxonomy as it was (tags set up ahead of their first release), says the totals.
    again = retag(tmp_path, db, "".join(tag(f"t{i:02}", f"Unheard Project {i:02}") for i in range(30)))
    assert len(again) == 1 and again[0].startswith("Retagged 1 article(s)")
    # One of them edited: that one is said again.
    edited = "".join(tag(f"t{i:02}", f"Unheard Project {i:02}" + " X" * (i == 7)) for i in range(30))
    assert retag(tmp_path, db, edited)[1:] == [
        "  t07: found in none of the 1 release(s): check its name and aliases in feeds.toml"
    ]


def test_check_warns_of_a_name_or_alias_written_as_a_pattern(tmp_path):
    config = tmp_path / "feeds.toml"
    config.write_text(SOURCE + tag("bridges", "BRIDGES project", '"BRIDGES*", "BRIDGE?"'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--config", str(config), "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 0
    assert (
        "  WARNING: tag bridges: “BRIDGES*” has “*”: names and aliases are matched as words, in any inflected form, "
        "not as patterns; write it as “BRIDGES”" in result.output
    )
    assert "“BRIDGE?” has “?”" in result.output
    config.write_text(SOURCE + tag("bridges", "BRIDGES project", '"BRIDGES"'), encoding="utf-8")
    assert (
        "WARNING"
        not in CliRunner().invoke(cli, ["check", "--config", str(config), "--db", str(tmp_path / "a.db")]).output
    )


def test_a_sitemap_source_given_a_web_page_says_so_in_plain_words():
    """Before: "sitemap is empty or not XML (it starts b'<!doctype html><html lang=…')": Python's repr of bytes,
    and no next step."""
    src = Source(id="pohjola", name="pohjola", kind="sitemap", url="https://pohjola.example/ajankohtaista/")
    for page in (b'<!doctype html><html lang="fi"><head><title>Ajankohtaista</title>', b"<html><body><p>x</p>"):
        with pytest.raises(SourceError) as e:
            links_from_sitemap(page, {}, src.url, src)
        assert str(e.value).startswith(
            'this is a web page, not a sitemap: set kind = "html" for source pohjola in feeds.toml (if the page lists '
            "the releases), or give the sitemap's address (often https://pohjola.example/sitemap.xml)"
        )
    for content, said in ((b"  \n", "the sitemap is empty"), (b"Not found\x1b\n", "it starts “Not found”")):
        with pytest.raises(SourceError) as e:
            links_from_sitemap(content, {}, src.url, src)
        assert said in str(e.value) and "b'" not in str(e.value)


def test_a_links_selector_that_matches_nothing_says_when_the_page_without_it_has_links():
    """Before: "has the page layout changed?" for a selector the admin had just typed wrong."""
    listing = (
        '<html lang="fi"><body><main><h1>Ajankohtaista</h1><ul class="news-list">'
        + "".join(
            f'<li class="news-item"><a href="/ajankohtaista/kaupunki-avaa-uuden-palvelun-{i}">Kaupunki avaa uuden '
            f'palvelun {i}</a> <span class="date">{i + 1}.3.2026</span></li>'
            for i in range(5)
        )
        + "</ul></main></body></html>"
    ).encode()
    src = Source(id="p", name="p", kind="html", url="https://pohjola.example/ajankohtaista/", links="ul.uutiset a")
    with pytest.raises(SourceError) as e:
        links_from_listing(listing, {}, src.url, src)
    assert (
        "links selector 'ul.uutiset a' matched no links: has the page layout changed, or is `links` in feeds.toml "
        "wrong? Without it newsflow finds 5 link(s) (take it out, and `newsflow run --source p --dry-run` lists them)"
    ) in str(e.value)
    with pytest.raises(SourceError) as e:  # a page with no releases to find: the layout, as before
        links_from_listing(b"<html><body><p>Redesigned page</p></body></html>", {}, src.url, src)
    assert "matched no links: has the page layout changed? (" in str(e.value)


def test_a_run_that_switches_the_archive_to_another_file_says_so_and_the_refusal_says_how_back(
    server, tmp_path, monkeypatch
):
    """A trial run with --config feeds.new.toml switched the archive without a word; every cron run after it was
    refused with "run newsflow from that file's folder", which is the folder cron runs in."""
    from conftest import rss

    server.add("/feed", rss([]))
    toml = f'[settings]\nmin_delay = 0\n[[sources]]\nid = "vastra"\nkind = "feed"\nurl = "{server.url("/feed")}"\n'
    for name in ("feeds.toml", "feeds.new.toml"):
        (tmp_path / name).write_text(toml, encoding="utf-8")
    new, usual, db = tmp_path / "feeds.new.toml", tmp_path / "feeds.toml", tmp_path / "archive.db"
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(cli, ["run", "--db", str(db)])
    assert first.exit_code == 0 and "follows" not in first.output
    trial = CliRunner().invoke(cli, ["run", "--db", str(db), "--config", str(new)])
    assert trial.exit_code == 0
    assert (
        f"newsflow: from this run on, the archive {db} follows {new}, not {usual}: a command without --config is "
        f"refused in {tmp_path} (--config {usual} switches back)"
    ) in trial.output
    again = CliRunner().invoke(cli, ["run", "--db", str(db), "--config", str(new)])
    assert again.exit_code == 0 and "follows" not in again.output
    cron = CliRunner().invoke(cli, ["run", "--db", str(db)])
    assert cron.exit_code == 4
    assert (
        f"there is a {usual}, and the archive {db} follows feeds.new.toml beside it (a run given --config {new} "
        f"switched it): give --config {usual} (a `newsflow run` given it makes the archive follow feeds.toml again, "
        f"and the runs after it need no --config), or --config {new} to go on with that one"
    ) in " ".join(cron.output.split())
    back = CliRunner().invoke(cli, ["run", "--db", str(db), "--config", str(usual)])
    assert back.exit_code == 0 and f"follows {usual}, not {new} (--config {new} switches back)" in back.output
    assert CliRunner().invoke(cli, ["run", "--db", str(db)]).exit_code == 0


def test_check_says_a_source_put_back_is_backing_off_not_new(server, tmp_path):
    """A source taken out and put back the same day: check said "new source(s), fetched from the next run: vastra",
    and the run skipped it ("backing off after failures until …"). Its back-off holds (it is the address that
    failed): check says so, and how to fetch it now."""
    from conftest import rss

    server.add("/feed", "", status=500)
    server.add("/other", rss([]))
    db, config = tmp_path / "archive.db", tmp_path / "feeds.toml"

    def source(name: str, path: str) -> str:
        return f'[[sources]]\nid = "{name}"\nkind = "feed"\nurl = "{server.url(path)}"\n'

    def command(*args: str):
        return CliRunner().invoke(cli, [*args, "--config", str(config), "--db", str(db)])

    config.write_text("[settings]\nmin_delay = 0\n" + source("vastra", "/feed"), encoding="utf-8")
    assert command("run").exit_code == 3
    config.write_text("[settings]\nmin_delay = 0\n" + source("other", "/other"), encoding="utf-8")
    assert command("run").exit_code == 0
    config.write_text("[settings]\nmin_delay = 0\n" + source("vastra", "/feed"), encoding="utf-8")
    checked = command("check")
    assert checked.exit_code == 0
    assert (
        "  source vastra is back in the configuration, but the next run skips it: backing off after failures until "
        in (checked.output)
    )
    assert "(`newsflow run --source vastra --force` fetches it now)" in checked.output
    assert "new source(s)" not in checked.output
    assert "skipped: backing off after failures until" in command("run").output  # as check said


def test_an_unknown_key_names_its_source_and_the_key_meant_and_a_duplicate_id_its_tables():
    from newsflow.config import ConfigError, parse_config

    feed = {"kind": "feed", "url": "https://e.fi/feed"}
    with pytest.raises(ConfigError) as e:
        parse_config({"sources": [{"id": "a", **feed}, {"id": "b", **feed}, {"id": "p", **feed, "link": "ul a"}]})
    assert str(e.value).startswith("[[sources]] #3 (p): unknown key(s) link (did you mean links?); allowed: ")
    with pytest.raises(ConfigError) as e:
        parse_config({"sources": [{"id": x, **feed} for x in ("lakeside", "a", "b", "c", "lakeside", "a", "a")]})
    assert str(e.value) == (
        "duplicate source id(s) in [[sources]]: a (#2, #6 and #7); lakeside (#1 and #5): give each its own id"
    )
