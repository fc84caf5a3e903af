"""reextract after an upgrade (s41 probe): what it says of the taxonomy, of what it gained, and of an interruption."""

from __future__ import annotations

import sqlite_utils
from click.testing import CliRunner

from conftest import article_page, rss
from newsflow.cli import cli
from test_reextract import FI, archive_one, three_archived, write_config

HOPE = '[[tags]]\nid = "hope"\nkind = "project"\nname = "HOPE project"\naliases = ["HOPE"]\n'
COSME = '[[tags]]\nid = "cosme"\nkind = "programme"\nname = "COSME Programme"\naliases = ["COSME"]\n'


def archive_tagged(server, tmp_path, tags: str):
    """One release archived by a run with a taxonomy of ``tags``."""
    server.add("/a1", article_page("Seinäjoki mukana HOPE-hankkeessa", FI))
    server.add("/feed", rss([("Seinäjoki mukana HOPE-hankkeessa", server.url("/a1"), "a1")]))
    db = tmp_path / "a.db"
    runner = CliRunner()
    ran = runner.invoke(cli, ["run", "--config", write_config(tmp_path, server, tags), "--db", str(db)])
    assert ran.exit_code == 0, ran.output
    return db, runner, sqlite_utils.Database(db)


def test_a_reextract_that_tags_every_archived_release_by_an_edited_taxonomy_leaves_no_retag_waiting(
    server, tmp_path, caplog
):
    db, runner, archive = archive_tagged(server, tmp_path, COSME)
    assert archive["article_tags"].count == 0
    config = write_config(tmp_path, server, COSME + HOPE)  # the taxonomy edited: a tag the release mentions
    result = runner.invoke(cli, ["reextract", "--config", config, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert [r["tag_id"] for r in archive.query("select tag_id from article_tags")] == ["hope"]
    assert "no `newsflow retag` is needed" in result.output
    # (nor a warning at its start to run one, which its last line contradicted)
    assert "newsflow retag" not in caplog.text and "run `newsflow retag`" not in result.output, caplog.text
    assert "  hope: 0 → 1 release(s)" in result.output  # what the retag would have said, as none will
    # status, the run and the digests no longer ask for a retag of releases already tagged by the taxonomy
    assert "RETAG NEEDED" not in runner.invoke(cli, ["status", "--db", str(db)]).output

    # A release whose page is no longer kept is not tagged by a reextract: the retag still waits, and is said.
    archive.execute(
        "insert into articles (url, title, text, first_seen) values ('https://e.fi/old', 'HOPE', 'HOPE alkaa.', "
        "'2020-01-01T00:00:00+00:00')"
    )
    archive.conn.commit()
    edited = write_config(tmp_path, server, COSME + HOPE.replace('["HOPE"]', '["HOPE", "HOPE-hanke"]'))
    again = runner.invoke(cli, ["reextract", "--config", edited, "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert "the 1 archived article(s) not extracted again keep the tags it gave before; `newsflow retag`" in (
        again.output
    )
    assert "RETAG NEEDED" in runner.invoke(cli, ["status", "--db", str(db)]).output


def test_a_reextract_after_a_tag_was_taken_out_leaves_the_retag_waiting(server, tmp_path):
    db, runner, archive = archive_tagged(server, tmp_path, COSME + HOPE)
    assert archive["article_tags"].count == 1
    config = write_config(tmp_path, server, COSME)  # the tag taken out: only a retag takes it out of the archive
    result = runner.invoke(cli, ["reextract", "--config", config, "--db", str(db)])
    assert result.exit_code == 0 and archive["article_tags"].count == 0
    assert "stays in the archive until `newsflow retag` takes it out" in result.output
    assert "no `newsflow retag` is needed" not in result.output
    assert "RETAG NEEDED" in runner.invoke(cli, ["status", "--db", str(db)]).output


def test_reextract_says_how_many_texts_it_changed_and_which_way(server, tmp_path):
    page = article_page("Seinäjoki mukana HOPE-hankkeessa", FI).replace(
        "<h1>", '<div class="ingressi"><p>Lisätietoja hankkeesta antavat kaupungin työllisyyspalvelut.</p></div><h1>'
    )
    db, runner, _ = archive_one(server, tmp_path, page)
    narrower = write_config(tmp_path, server, 'body = "article > p"\n')
    shorter = runner.invoke(cli, ["reextract", "--config", narrower, "--db", str(db)])
    assert "Extracted 1 article(s) again: 1 changed (1 in their text: 1 shorter), 0 unchanged." in shorter.output
    longer = runner.invoke(cli, ["reextract", "--config", write_config(tmp_path, server), "--db", str(db)])
    assert "1 changed (1 in their text: 1 longer)" in longer.output, longer.output


def test_an_interrupted_reextract_says_how_far_it_came(server, tmp_path, monkeypatch):
    from newsflow import reprocess

    db, config = three_archived(server, tmp_path)
    real = reprocess.extract
    seen: list[str] = []

    def ctrl_c_on_the_third(page, url, **kw):
        seen.append(url)
        if len(seen) == 3:
            raise KeyboardInterrupt
        return real(page, url, **kw)

    monkeypatch.setattr(reprocess, "extract", ctrl_c_on_the_third)
    result = CliRunner().invoke(cli, ["reextract", "--config", config, "--db", str(db)])
    assert result.exit_code == 130, result.output
    assert "the 2 article(s) of 3 it extracted again are saved, and running the same command again" in result.output
    assert sqlite_utils.Database(db)["articles"].count == 3


def test_a_reextract_stopped_before_or_after_its_pass_says_how_far_it_came(server, tmp_path, monkeypatch):
    """Review2 (s41): stopped before it read a page (waiting for the archive's lock, say) it said "the 0 article(s)
    of 0 it extracted again are saved"; stopped while translating, after every article, one fewer than it did."""
    from newsflow import cli as cli_module
    from newsflow import reprocess

    db, runner, _ = archive_tagged(server, tmp_path, COSME)
    config = write_config(tmp_path, server, COSME)

    def ctrl_c(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(cli_module, "_check_filters", ctrl_c)
        early = runner.invoke(cli, ["reextract", "--config", config, "--db", str(db)])
    assert early.exit_code == 130, early.output
    assert "0 article(s) of 0" not in early.output
    assert "it had extracted no article again yet; running the same command again completes the pass" in early.output
    monkeypatch.setattr(reprocess, "translate_pending", ctrl_c)
    late = runner.invoke(cli, ["reextract", "--config", config, "--db", str(db)])
    assert late.exit_code == 130, late.output
    assert "the 1 article(s) of 1 it extracted again are saved" in late.output, late.output
