"""Session 40: what the run's summary says, from the cron probe's findings in files outside its reach."""

from __future__ import annotations

from newsflow import cli as cli_module
from newsflow.models import BACKING_OFF, RunSummary, SourceResult


def _summary_text(capsys, *results: SourceResult) -> str:
    summary = RunSummary(run_id=7, started="2026-12-04T01:00:00+00:00", sources=list(results))
    cli_module._print_summary(summary, as_json=False)
    return capsys.readouterr().out


def test_force_is_offered_only_for_a_skip_it_overrides(capsys):
    """Cron probe s40: every skipped source was told "--force fetches it now", also one skipped as its host answered
    429 in this run, with --force already given: only a source backing off or still fresh is fetched by --force."""
    out = _summary_text(
        capsys,
        SourceResult(source="waits", skipped=f"{BACKING_OFF} until 5 December 2026 at 01:00 EET"),
        SourceResult(source="fresh", skipped="fresh until 4 December 2026 at 03:00 EET (the server's Cache-Control)"),
        SourceResult(source="busy", skipped="not requested: the site answered 429 and asked for no requests"),
        SourceResult(source="stopped", skipped="the run was interrupted"),
    )
    lines = {
        line.split()[0]: line
        for line in out.splitlines()
        if line and line.split()[0] in {"waits", "fresh", "busy", "stopped"}
    }
    assert "(--force fetches it now)" in lines["waits"] and "(--force fetches it now)" in lines["fresh"], out
    assert "--force" not in lines["busy"] and "(asked again next run)" in lines["busy"], out
    assert "--force" not in lines["stopped"] and "(asked again next run)" in lines["stopped"], out


def test_check_warns_of_a_tag_name_that_is_a_common_word(tmp_path):
    """Tagging probe s40: an alias "hope" tagged every "we hope", and `check` said nothing; it now warns, naming the
    tag and the word, and says nothing of the shipped taxonomy's names."""
    from click.testing import CliRunner

    from newsflow.cli import cli

    conf, db = tmp_path / "feeds.toml", tmp_path / "archive.db"
    tag = '[[tags]]\nid = "hope-again"\nkind = "project"\nname = "HOPE project"\naliases = ["hope"]\n'
    tag = '[[sources]]\nid = "p"\nkind = "feed"\nurl = "http://127.0.0.1:9/feed"\n' + tag
    conf.write_text(tag, encoding="utf-8")
    warned = CliRunner().invoke(cli, ["check", "--config", str(conf), "--db", str(db)])
    assert warned.exit_code == 0, warned.output
    assert "WARNING: tag hope-again: “hope” is also a common English word" in warned.output, warned.output
    conf.write_text(tag.replace('aliases = ["hope"]', 'aliases = ["HOPE-hanke"]'), encoding="utf-8")
    quiet = CliRunner().invoke(cli, ["check", "--config", str(conf), "--db", str(db)])
    assert quiet.exit_code == 0 and "common" not in quiet.output, quiet.output


def test_a_feed_that_empties_for_good_is_said_by_status(server, tmp_path):
    """Cron probe s40: a feed that suddenly listed nothing said "ok" every night (a quiet week's feed and a broken
    one alike). Each run now records how many links a source's listing gave, and `status` says LISTS NOTHING once
    it gave none for 3 runs over 2 days after giving some; listing only archived releases is not nothing."""
    import json
    import sqlite3
    from contextlib import closing
    from datetime import UTC, datetime, timedelta

    from click.testing import CliRunner

    from conftest import article_page, rss
    from newsflow.cli import cli

    pages = ["/a", "/b", "/c"]
    for p in pages:
        server.add(p, article_page(f"Uutinen {p}", ["Seinäjoen kaupunki kertoo uutisia kaupunkilaisille. " * 5]))
    server.add("/feed", rss([(p, server.url(p), p) for p in pages]))
    config, db = tmp_path / "feeds.toml", tmp_path / "a.db"
    config.write_text(f'[[sources]]\nid = "x"\nkind = "feed"\nurl = "{server.url("/feed")}"\n', encoding="utf-8")
    args = ["run", "--quiet", "--config", str(config), "--db", str(db), "--force"]
    for _ in range(2):  # the second lists only what the first archived: not nothing
        assert CliRunner().invoke(cli, args).exit_code == 0
    server.add("/feed", rss([]))
    for _ in range(3):
        assert CliRunner().invoke(cli, args).exit_code == 0
    with closing(sqlite3.connect(db)) as conn, conn:
        rows = conn.execute("select id, summary from runs order by id").fetchall()
        assert [json.loads(s)["sources"][0]["listed"] for _, s in rows] == [3, 3, 0, 0, 0]
        for (run_id, _), days in zip(rows, (6, 5, 3, 2, 1), strict=True):
            when = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
            conn.execute("update runs set started = ? where id = ?", [when, run_id])
    out = CliRunner().invoke(cli, ["status", "--db", str(db)]).output
    assert "x [feed]: LISTS NOTHING since" in out and "listed 3 item(s) before" in out, out


def test_an_elision_and_a_plurals_apostrophe_make_no_phrase():
    """Review s40: single quotes make a phrase, but "the '90s … the partners' meeting" paired an elision with a
    plural's apostrophe, a phrase of the words between that found nothing."""
    from newsflow.lexicon import as_typed

    for typed in (
        "music of the '90s and the partners' meeting",
        "'til the members' day",
        "rock 'n' roll, partners' day",
    ):
        assert as_typed(typed) == typed
    assert as_typed("'House of Actions'") == '"House of Actions"'
    assert as_typed("'2021 results' HOPE") == '"2021 results" HOPE'


def test_a_minus_before_the_first_word_takes_an_and_after_it():
    """Review s40: "-Maribor HOPE" was read as HOPE NOT Maribor, but "-Maribor AND HOPE" was a usage error."""
    import pytest

    from newsflow.lexicon import QueryError, as_typed, search_query

    assert search_query(as_typed("-Maribor AND HOPE")) == search_query(as_typed("HOPE NOT Maribor"))
    with pytest.raises(QueryError):
        search_query(as_typed("-Maribor AND"))


def test_an_archive_in_memory_leaves_no_lock_file_behind(tmp_path, monkeypatch):
    """Review s40: `Archive(":memory:")` left ":memory:.upgrade-lock" in the working folder (one was committed)."""
    from newsflow.archive import Archive

    monkeypatch.chdir(tmp_path)
    with Archive(":memory:") as archive:
        assert archive.db.execute("select count(*) from articles").fetchone() == (0,)
    assert list(tmp_path.iterdir()) == []


def test_days_written_with_their_years_four_digits_are_no_section_numbers():
    """Review s40: the rule that leaves a list of numbered sections undated ("4.1.10", "4.1.11", "4.1.12") also took
    the dates of yearly reports ("31.3.2026", "31.3.2025", …) and of a monthly letter listed oldest first."""
    from newsflow import sources
    from newsflow.models import Source

    source = Source(id="s", name="s", kind="html", url="https://example.org/news", language="fi")

    def days(dates: list[str]) -> list[str]:
        items = "".join(
            f'<li><span class="date">{d}</span> <a href="/uutiset/tiedote-{i}-vuosikertomus">Tiedote numero {i} '
            "vuosikertomus julkaistu</a></li>"
            for i, d in enumerate(dates)
        )
        html = f"<html><body><ul>{items}</ul></body></html>".encode()
        links, _ = sources._parse_listing(html, {"content-type": "text/html"}, source.url, source)
        return sorted(link.published[:10] for link in links)

    assert days(["31.3.2026", "31.3.2025", "31.3.2024"]) == ["2024-03-31", "2025-03-31", "2026-03-31"]
    assert days(["1.1.2026", "1.2.2026", "1.3.2026", "1.4.2026"]) == [f"2026-0{m}-01" for m in range(1, 5)]
    assert days(["4.1.10", "4.1.11", "4.1.12"]) == ["", "", ""]  # (section numbers still are)


def test_two_counters_in_a_card_are_no_date_badge():
    """Review s40: a card's "3" views and "10" comments, each in an element of its own, were read as 3 October; a
    badge without its year is read only where the page names it a date."""
    from newsflow import sources
    from newsflow.models import Source

    source = Source(id="s", name="s", kind="html", url="https://example.org/news", language="en")

    def days(extra) -> list[str]:
        cards = "".join(
            f'<div class="card"><h3><a href="/news/release-number-{i}-about-things">Release number {i} about many '
            f"things</a></h3>{extra(i)}<p>Some teaser text here for the card.</p></div>"
            for i in range(4)
        )
        html = f"<html><body><main>{cards}</main></body></html>".encode()
        links, _ = sources._parse_listing(html, {"content-type": "text/html"}, source.url, source)
        return sorted(link.published[:10] for link in links)

    counts = '<div class="standard-meta"><span class="views">{}</span><span class="comments">1{}</span></div>'
    assert days(lambda i: counts.format(i + 3, i)) == [""] * 4
    badge = '<div class="post-date"><span class="day">{}</span><span class="month">11</span></div>'
    assert [day[5:] for day in days(lambda i: badge.format(i + 1))] == ["11-01", "11-02", "11-03", "11-04"]


def test_a_read_on_link_is_no_next_page_of_a_listing():
    """Review s40: a card's "Preberi naprej" (read on) to /novice/1000 was taken as the listing's next page, before
    the pager's "Naprej" to ?stran=2."""
    from newsflow.sources import next_listing_page

    cards = "".join(
        f'<div class="card"><h3><a href="/novice/{1000 - i}">Novica {i} o mestu</a></h3><p>Besedilo.</p>'
        f'<a href="/novice/{1000 - i}">Preberi naprej</a></div>'
        for i in range(3)
    )
    pager = '<nav class="pagination"><a href="/novice?stran=2">Naprej</a></nav>'

    def following(body: str) -> str:
        html = f"<html><body>{body}</body></html>".encode()
        return next_listing_page(html, {"content-type": "text/html"}, "https://www.maribor.si/novice")

    assert following(cards) == ""
    assert following(cards + pager) == "https://www.maribor.si/novice?stran=2"
    # A pager's word and its arrow to one page are no headline: the page is still next (a read of the change).
    older = '<a href="/novice/arhiv/starejse">{}</a>'
    both = f'<ul class="pager"><li>{older.format("Naprej")}</li><li>{older.format("›")}</li></ul>'
    assert following(cards + both) == "https://www.maribor.si/novice/arhiv/starejse"


def test_a_sitemap_index_whose_sitemap_is_empty_this_week_is_no_failure_beside_a_deeper_index():
    """Review s40: an index naming an empty news sitemap (a quiet week) and an archive index of yearly indexes failed
    the source, "leads only to sitemap indexes"; an index leading only to indexes (or itself) still does."""
    import pytest

    from newsflow import sources
    from newsflow.fetch import Response
    from newsflow.models import Source

    def index(*urls: str) -> bytes:
        entries = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
        return f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'.encode()

    empty = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>'
    base = "https://example.org/"

    def links(pages: dict[str, bytes]) -> list:
        def fetch(url: str, accept: str = "") -> Response:
            return Response(url=url, status=200, headers={"content-type": "application/xml"}, content=pages[url])

        source = Source(id="s", name="s", kind="sitemap", url=base + "index.xml")
        return sources.collect_links(fetch, source, fetch(base + "index.xml"))

    quiet = {
        base + "index.xml": index(base + "news.xml", base + "archive.xml"),
        base + "news.xml": empty,
        base + "archive.xml": index(base + "2025.xml"),
        base + "2025.xml": index(base + "2025-01.xml"),
    }
    assert links(quiet) == []
    with pytest.raises(sources.SourceError, match="leads only to sitemap indexes"):
        links({base + "index.xml": index(base + "index.xml")})


def test_a_digest_query_with_no_letter_names_no_tag(tmp_path):
    """Review s40: with an alias "-", `check` told a digest searching "-" to give the tag instead."""
    from click.testing import CliRunner

    from newsflow.cli import cli

    conf = tmp_path / "feeds.toml"
    conf.write_text(
        '[[sources]]\nid = "p"\nkind = "feed"\nurl = "http://127.0.0.1:9/feed"\n'
        '[[tags]]\nid = "hope"\nkind = "project"\nname = "HOPE project"\naliases = ["HOPE", "-"]\n'
        '[digest.digests.weekly]\nqueries = ["-", "HOPE"]\n',
        encoding="utf-8",
    )
    said = CliRunner().invoke(cli, ["check", "--config", str(conf), "--db", str(tmp_path / "a.db")])
    assert "the search “HOPE” finds the word" in said.output, said.output
    assert "the search “-”" not in said.output, said.output
