"""The administrator's probe (s41): what a person editing feeds.toml by hand is told of each mistake: the file, the
line, what is wrong and what to write instead."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from newsflow.archive import Archive
from newsflow.cli import cli
from newsflow.config import ConfigError, load_config, partner_spellings
from newsflow.models import Article, Paragraph

SETTINGS = "[settings]\nworkers = 2\n\n"
SOURCE = '[[sources]]\nid = "{id}"\npartner = "{partner}"\nkind = "feed"\nurl = "{url}"\n{more}\n'


def source(i: str, url: str = "https://example.org/feed", partner: str = "City of Seinäjoki", more: str = "") -> str:
    return SOURCE.format(id=i, url=url, partner=partner, more=more)


def error_of(tmp_path, text: str | bytes) -> str:
    conf = tmp_path / "feeds.toml"
    if isinstance(text, str):
        conf.write_text(text, encoding="utf-8")
    else:
        conf.write_bytes(text)
    with pytest.raises(ConfigError) as e:
        load_config(conf)
    return str(e.value).removeprefix(str(conf))


def test_a_mistake_in_a_source_names_its_line_and_a_duplicate_id_the_lines_of_both(tmp_path):
    """Probe: "[[sources]] #6 (maribor): url must be http or https" left the administrator counting [[sources]]
    headers in a file of 500 lines; the line of the key is said (its table's header for a key left out)."""
    text = SETTINGS + source("a") + source("b", url="www.maribor.si/novice")
    assert error_of(tmp_path, text).startswith(", line 14: [[sources]] #2 (b): url must be http or https")
    text = SETTINGS + source("a") + source("b", more='max_items = 10\nselecter = "a.news"')
    assert error_of(tmp_path, text).startswith(", line 16: [[sources]] #2 (b): unknown key(s) selecter")
    no_kind = SETTINGS + source("a") + '[[sources]]\nid = "b"\nurl = "https://example.org/b"\n'
    assert error_of(tmp_path, no_kind).startswith(", line 10: [[sources]] #2: 'kind' is required")
    twice = SETTINGS + source("a") + source("b") + source("a")
    assert error_of(tmp_path, twice).startswith(
        ", lines 5 and 17: duplicate source id(s) in [[sources]]: a (#1 and #3)"
    )
    setting = "[settings]\nworkers = 2\nmax_items = 0\n" + source("a")
    assert error_of(tmp_path, setting).startswith(", line 3: settings.max_items: expected a positive whole number")
    tag = source("a") + '[[tags]]\nid = "t"\nkind = "project"\nname = "T"\nyears = [2024, 2021]\n'
    assert error_of(tmp_path, tag).startswith(", line 11: [[tags]] #1 (t): years must be the first and last year")


def test_a_source_url_without_its_scheme_a_number_in_quotes_and_a_selector_key_say_what_to_write(tmp_path):
    assert error_of(tmp_path, source("a", url="www.maribor.si/novice")).endswith(
        "url must be http or https: 'www.maribor.si/novice': write url = \"https://www.maribor.si/novice\""
    )
    assert error_of(tmp_path, source("a", url="htps://maribor.si/feed")).endswith(
        ': write url = "https://maribor.si/feed"'
    )
    assert error_of(tmp_path, source("a", url="ftp://maribor.si/feed")).endswith("'ftp://maribor.si/feed'")
    assert error_of(tmp_path, source("a", more='max_items = "20"')).endswith(
        "not '20' (write max_items = 20, without quotes)"
    )
    assert error_of(tmp_path, '[settings]\nworkers = "4"\n' + source("a")).endswith(
        "got '4' (write workers = 4, without quotes)"
    )
    said = error_of(tmp_path, source("a", more='selector = "a.news"'))
    assert "unknown key(s) selector (a source's CSS selectors are named for what they pick out: links for" in said


@pytest.mark.parametrize(
    ("line", "said"),
    [
        (
            "name = Seinäjoen kaupunki: uutiset",
            '(a text is written between quotes: write name = "Seinäjoen kaupunki: uutiset")',
        ),
        ('name = Seinäjoen kaupunki"', '(a text is written between quotes: write name = "Seinäjoen kaupunki")'),
        ("language = fi  # Finnish", '(a text is written between quotes: write language = "fi")'),
        (
            "url = https://example.org/news",
            '(a text is written between quotes: write url = "https://example.org/news")',
        ),
        ("include = [news, press]", '(a text is written between quotes, also in a list: ["hope", "esf"])'),
        ("allow_private_links = True", "(write true or false, in lower case and without quotes)"),
        ('name\u00a0= "News"', "(the line holds a non-breaking space, as pasted from a web page or a word processor"),
        ('name =\u00a0"News"', "(the line holds a non-breaking space"),
        ('name = "News"\rlanguage = "fi"', "(a line ends in a carriage return alone, as some old editors write"),
        ('url = "https://example.org/other"', "(url is written twice in this table, on lines 5 and 7: keep one)"),
    ],
)
def test_a_toml_mistake_on_a_line_says_what_to_write(tmp_path, line, said):
    text = source("a") + line + "\n"
    assert "not valid TOML" in error_of(tmp_path, text) and said in error_of(tmp_path, text)
    assert said in error_of(tmp_path, text.replace("\n", "\r\n"))  # as Notepad saves it


def test_a_table_written_twice_and_a_key_repeated_at_the_end_name_both_lines(tmp_path):
    said = error_of(tmp_path, SETTINGS + source("a") + "[settings]\nmax_items = 20\n")
    assert said.endswith("([settings] is written twice (lines 1 and 10): put all of its keys under one [settings])")
    said = error_of(tmp_path, source("a") + 'id = "b"')  # "Cannot overwrite a value (at end of document)"
    assert said.endswith("(id is written twice in this table, on lines 2 and 7: keep one)")


def test_a_file_in_utf16_without_a_byte_order_mark_is_said_to_be_utf16_not_latin1(tmp_path):
    for encoding in ("utf-16-le", "utf-16-be"):
        said = error_of(tmp_path, source("a").encode(encoding))
        assert said.startswith(': saved as UTF-16 (what Notepad calls "Unicode"), not UTF-8')
    latin1 = error_of(tmp_path, source("a").encode("latin-1"))
    assert latin1.startswith(": not UTF-8 (line 3 has byte 0xe4, “ä” in Windows-1252; perhaps saved as Latin-1")
    smart = error_of(tmp_path, source("a").replace('"a"', "\u201ca\u201d").encode("cp1252"))
    assert smart.startswith(": not UTF-8 (line 2 has byte 0x93, “\u201c” in Windows-1252")


def test_a_file_with_old_mac_line_endings_is_read(tmp_path):
    conf = tmp_path / "feeds.toml"
    conf.write_bytes((SETTINGS + source("a") + source("b")).replace("\n", "\r").encode())
    assert [s.id for s in load_config(conf).sources] == ["a", "b"]


def test_a_digest_mistake_names_its_line(tmp_path):
    digest = '[digest]\nfrom = "news <news@example.org>"\n\n[digest.digests.weekly]\nto = ["comms@example,org"]\n\n'
    conf = tmp_path / "feeds.toml"
    conf.write_text(digest + source("a"), encoding="utf-8")
    config = load_config(conf)
    assert config.digest_error.startswith(f"{conf}, line 5: [digest.digests.weekly] to: not an e-mail address")


def test_a_partner_written_two_ways_is_a_warning_naming_the_sources():
    """Probe: "City of Seinajoki" typed in a new source beside "City of Seinäjoki" passed `check` without a word,
    and the reading room and digests then listed two partners."""
    text = source("a") + source("b") + source("c", partner="City of Seinajoki") + source("d", partner="ERNACT")
    conf_sources = load_config_from(text).sources
    [said] = partner_spellings(conf_sources)
    assert "one partner is written 2 ways: “City of Seinäjoki” (sources a, b); “City of Seinajoki” (source c)" in said
    assert said.endswith("write partner the same way in each (“City of Seinäjoki”?)")
    assert partner_spellings(load_config_from(source("a") + source("b", partner="City of Maribor")).sources) == []


def load_config_from(text: str):
    import tomllib

    from newsflow.config import parse_config

    return parse_config(tomllib.loads(text))


def test_check_of_a_broken_file_is_exit_4_with_its_line_and_leaves_the_archive_as_it_was(tmp_path):
    conf, db = tmp_path / "feeds.toml", tmp_path / "a.db"
    with Archive(db) as archive:
        archive.save_article(Article(url="https://example.org/1", title="Uutinen", paragraphs=(Paragraph("Teksti."),)))
    before = db.read_bytes()
    conf.write_text(source("a") + source("b", more='max_items = "20"'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--config", str(conf), "--db", str(db)])
    assert result.exit_code == 4 and "Traceback" not in result.output
    assert f"{conf}, line 12: [[sources]] #2 (b): max_items must be" in result.output
    assert db.read_bytes() == before


TAG = '[[tags]]\nid = "{id}"\nkind = "{kind}"\nname = "X"\n{more}\n'


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            source("a").replace('"feed"', '"Feed"'),
            ", line 4: [[sources]] #1 (a): kind must be one of feed, html, sitemap, not 'Feed': write kind = \"feed\"",
        ),
        (source("a").replace('"feed"', '"RSS"'), "not 'RSS': write kind = \"feed\""),
        (
            source("Maribor News"),
            ", line 2: [[sources]] #1: id 'Maribor News' must be lower-case letters, digits, - and _: "
            'write id = "maribor-news"',
        ),
        (source("Seinäjoki"), ': write id = "seinajoki"'),
        (
            source("a", url="https://maribor.si/feed "),
            "'https://maribor.si/feed ': write url = \"https://maribor.si/feed\"",
        ),
        (source("a", url="https://maribor.si/a b"), "'https://maribor.si/a b' (a space inside is written %20)"),
        (
            source("a") + TAG.format(id="t", kind="projects", more=""),
            ", line 9: [[tags]] #1 (t): kind must be one of practice, project, programme, organisation, place, topic, "
            "not 'projects': write kind = \"project\"",
        ),
        (
            source("a") + TAG.format(id="t", kind="topic", more='names = ["Toivo"]'),
            ", line 11: [[tags]] #1 (t): names must be a table of language = [names], one line a language: "
            'write names.en = ["Toivo"]',
        ),
        (
            source("a")
            + TAG.format(id="hope", kind="topic", more="")
            + TAG.format(id="t", kind="topic", more='parent = "hopee"'),
            ", line 16: tag t: parent 'hopee' is not a tag (did you mean hope?): put it back",
        ),
        (source("a").replace("[[sources]]", "[[source]]"), ", line 1: unknown key(s) source (did you mean sources?)"),
    ],
)
def test_a_value_mistyped_says_what_to_write(tmp_path, text, said):
    assert said in error_of(tmp_path, text)


@pytest.mark.parametrize(
    ("more", "key", "listed"),
    [
        ('aliases = "HOPE, HOPE-hanke"', "aliases", '["HOPE", "HOPE-hanke"]'),
        ('names.fi = "Toivo, Toivo-hanke"', "names.fi", '["Toivo", "Toivo-hanke"]'),
    ],
)
def test_a_name_with_a_comma_in_one_text_loads_as_before_and_check_says_what_to_write(tmp_path, more, key, listed):
    """(review s41: it was refused, a file that loaded before, and with it every night's run; its advice named
    "fi" for names.fi, a key of no tag)"""
    text = source("a") + TAG.format(id="t", kind="topic", more=more)
    assert len(load_config_from(text).tags) == 1
    conf = tmp_path / "feeds.toml"
    conf.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--config", str(conf), "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 0, result.output
    assert f"WARNING: [[tags]] #1 (t).{key}: " in result.output
    assert f"one name with a comma in it; several names are a list: write {key} = {listed}" in result.output


def test_a_name_with_a_comma_in_a_list_is_a_name():
    text = source("a") + TAG.format(id="t", kind="place", more='aliases = ["Derry, NH"]\nnames.en = "Derry"')
    [tag] = load_config_from(text).tags
    assert tag.aliases == ("Derry, NH",) and tag.names == (("en", ("Derry",)),)


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        ('target_languages = "en, fi"', ': write target_languages = ["en", "fi"]'),
        ('target_languages = ["English", "suomi"]', ': write target_languages = ["en", "fi"]'),
        ('target_languages = ["klingon"]', 'such as target_languages = ["en"] or ["en", "fi"]'),
        ('timeout = "30s"', "got '30s' (write timeout = 30, without quotes: seconds)"),
        ('recheck_days = "30 days"', "got '30 days' (write recheck_days = 30, without quotes: days)"),
        ('timeout = "30 days"', "got '30 days'"),
        ('user_agent = "Seinäjoki news"', ': write user_agent = "Seinajoki news"'),
    ],
)
def test_a_setting_mistyped_says_what_to_write(tmp_path, setting, said):
    message = error_of(tmp_path, f"[settings]\n{setting}\n\n" + source("a"))
    assert message.startswith(", line 2: settings.") and message.endswith(said)


def test_a_list_left_open_and_a_doubled_equals_sign_say_so(tmp_path):
    """Fuzzing the shipped file: a "]" left out was said as "Unclosed array" on the next table's header."""
    tag = '[[tags]]\nid = "t"\nkind = "topic"\nname = "T"\naliases = ["T1", "T2"\n\n'
    said = error_of(tmp_path, source("a") + tag + tag.replace('"t"', '"u"'))
    assert said.endswith(
        "Unclosed array (at line 13, column 1) (the list on line 11 is not closed: a ] is missing at its end)"
    )
    said = error_of(tmp_path, source("a") + tag.replace('["T1", "T2"', '["T1, "T2"]'))
    assert "(a list [ … ] is not closed, or a quote in it is missing or one too many" in said
    assert error_of(tmp_path, source("a").replace('id = "a"', 'id == "a"')).endswith(
        "(one = between the key and its value)"
    )


def test_check_says_a_partner_written_two_ways_before_and_after_the_first_run(tmp_path, server):
    """`check` calls partner_spellings (s41: written, not called): "City of Seinajoki" beside "City of Seinäjoki" passed
    silently, and the reading room and digests then listed two partners."""
    from conftest import rss

    server.add("/feed", rss([]))
    server.add("/other", rss([]))
    conf, db = tmp_path / "feeds.toml", tmp_path / "a.db"
    conf.write_text(
        "[settings]\nmin_delay = 0\n"
        + source("a", server.url("/feed"))
        + source("b", server.url("/other"), partner="City of Seinajoki"),
        encoding="utf-8",
    )
    for _ in range(2):  # without an archive, and with one
        said = " ".join(CliRunner().invoke(cli, ["check", "--config", str(conf), "--db", str(db)]).output.split())
        assert "WARNING: one partner is written 2 ways" in said and "“City of Seinajoki” (source b)" in said, said
        assert CliRunner().invoke(cli, ["run", "--config", str(conf), "--db", str(db)]).exit_code == 0
