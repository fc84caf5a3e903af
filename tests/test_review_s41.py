"""The lead's own fixes of session 41, each with the behaviour it keeps."""

from __future__ import annotations

import re

import pytest

from newsflow.archive import Archive
from test_digest import invoke
from test_digest_outage_s35 import empty_archive, release, weekly


def _contrast(hex_colour: str, background: str = "ffffff") -> float:
    def luminance(h: str) -> float:
        channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = sorted((luminance(hex_colour), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_every_text_colour_of_a_digests_html_reads_at_wcag_aa_on_white(tmp_path):
    """The a11y probe (s41): the digest's grey notes ("in Finnish, not translated", the footer) were #777 at 12 px,
    4.48:1, under WCAG AA's 4.5:1 for small text."""
    path = empty_archive(tmp_path)
    with Archive(path) as archive:
        release(archive, "a", "Release alpha", published=1, archived=1)
    page = invoke("weekly", "--db", str(path), "--config", str(weekly(tmp_path, 2525)), "--format", "html", "--dry-run")
    assert page.exit_code == 0 and "Release alpha" in page.output, page.output
    colours = set(re.findall(r"(?<![-\w])color:\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b", page.output))
    assert colours, page.output
    for colour in colours:
        full = colour if len(colour) == 6 else "".join(c * 2 for c in colour)
        assert _contrast(full) >= 4.5, f"#{colour}: {_contrast(full):.2f}:1"


def test_a_source_never_read_well_is_not_said_to_no_longer_look_like_a_listing():
    """The admin probe (s41): a new source whose address is a homepage was said to be a page that "no longer looks
    like a news listing (has its layout changed?)", which it never was."""
    from newsflow.browse import health_words

    failing = {"consecutive_failures": 1, "last_error": "no links to articles found on https://e.org/", "kind": "html"}
    never = health_words({**failing, "url": "https://e.org/"})["why"]
    assert "no longer" not in never and "the newsroom's list of releases" in never, never
    before = health_words({**failing, "url": "https://e.org/", "last_success": "2026-11-01T03:00:00+00:00"})["why"]
    assert "no longer looks like a news listing" in before, before


HOMEPAGE = """<!doctype html><html lang="en"><head><title>City news</title>
<link rel="alternate" type="application/rss+xml" title="Comments Feed" href="/comments/feed/">
<link rel="alternate" type="application/rss+xml; charset=utf-8" title="News" href="/news/feed.xml">
</head><body><nav><a href="/">Home</a> <a href="/about">About</a></nav><p>Welcome to the city.</p></body></html>"""


@pytest.mark.parametrize("kind", ["html", "feed"])
def test_a_homepage_given_for_the_newsroom_says_the_feed_it_names(server, tmp_path, kind):
    """The admin probe (s41): a site's homepage put in feeds.toml (as kind = "html" or "feed") failed with "has the
    page layout changed?" or "has the feed moved?", not naming the feed the page itself names in its head."""
    from click.testing import CliRunner

    from newsflow.cli import cli

    server.add("/", HOMEPAGE)
    conf = tmp_path / "feeds.toml"
    conf.write_text(
        f'[settings]\nmin_delay = 0\n[[sources]]\nid = "city"\nkind = "{kind}"\nurl = "{server.url("/")}"\n'
    )
    out = CliRunner().invoke(cli, ["run", "--config", str(conf), "--db", str(tmp_path / "a.db")]).output
    said = " ".join(out.split())
    setting = 'kind = "feed" and url = "' if kind == "html" else 'url = "'
    assert f"the page names its feed: set {setting}" in said, said
    assert f'url = "{server.url("/news/feed.xml")}"' in said and "comments" not in said, said
    assert "layout changed" not in said and "has the feed moved" not in said, said


@pytest.mark.parametrize(
    ("digest", "said"),
    [
        (
            'to = ["comms@example,org", "anna.example.org"]',
            "not an e-mail address: 'comms@example,org' (a comma where a dot belongs? 'comms@example.org'); "
            "not an e-mail address: 'anna.example.org' (it has no @)",
        ),
        ('to = ["a@example.org, b@example.org"]', "two addresses in one text? write each in quotes of its own"),
        (
            'to = ["Lindqvist, Anna <anna@example.org>"]',
            "a name with a comma goes in quotes: '\"Lindqvist, Anna\" <anna@example.org>'",
        ),
        (  # review2: an address before the comma is no name to put in quotes
            'to = ["bo@example.org, Anna <anna@example.org>"]',
            "(two addresses in one text? write each in quotes of its own",
        ),
        ('to = ["a@example.org"]\ntag = ["hope"]', "unknown key(s) tag (did you mean tags?)"),
        ('to = ["a@example.org"]\n[digest.smtp]\nport = "587"', "(write port = 587, without quotes)"),
        ('to = ["a@example.org"]\n[digest.smtp]\nprot = 587', "unknown key(s) prot (did you mean port?)"),
    ],
)
def test_a_digest_mistyped_in_feeds_toml_says_what_to_write(tmp_path, digest, said):
    """The admin probe (s41): a digest's `to` named only its first bad address and not what was wrong with it; `tag`
    for `tags`, a port in quotes and `prot` said no more than "unknown" or "must be a number"."""
    from click.testing import CliRunner

    from newsflow.cli import cli

    conf = tmp_path / "feeds.toml"
    conf.write_text(
        '[[sources]]\nid = "s"\nkind = "feed"\nurl = "https://example.org/feed"\n'
        f'[digest]\nfrom = "newsflow@example.org"\n[digest.digests.weekly]\n{digest}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check", "--config", str(conf), "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 4 and said in " ".join(result.output.split()), result.output


def test_status_of_a_run_whose_sources_all_wait_after_failures_says_so_beside_the_count(server, tmp_path):
    """The admin probe (s41): a run whose only source was skipped, backing off after failures, is FAILED (exit 3);
    `status` said so beside "0 source(s) failed", which read as a contradiction."""
    from click.testing import CliRunner

    from newsflow.cli import cli

    conf, db = tmp_path / "feeds.toml", str(tmp_path / "a.db")
    conf.write_text(f'[settings]\nmin_delay = 0\n[[sources]]\nid = "gone"\nkind = "feed"\nurl = "{server.url("/x")}"\n')
    runs = [CliRunner().invoke(cli, ["run", "--config", str(conf), "--db", db]) for _ in range(2)]
    assert [r.exit_code for r in runs] == [3, 3], [r.output for r in runs]
    assert "backing off" in runs[1].output, runs[1].output
    said = " ".join(CliRunner().invoke(cli, ["status", "--db", db]).output.split())
    assert "FAILED (every source failed or waits to be tried again after failures" in said, said
    assert "0 source(s) failed, 1 waiting to be tried again after failures," in said, said


def test_check_notes_a_source_whose_id_and_address_changed_in_one_edit(server, tmp_path):
    """The admin probe (s41): a newsroom moved and its id changed in one edit was said only as "new source" and "no
    longer listed"; its releases stay under the old id, and the new one starts without them. `check` says how to keep
    them together (the address first, the id a run later)."""
    from click.testing import CliRunner

    from conftest import rss
    from newsflow.cli import cli

    server.add("/old", rss([]))
    server.add("/new", rss([]))
    conf, db = tmp_path / "feeds.toml", str(tmp_path / "a.db")
    source = '[[sources]]\nid = "{}"\npartner = "City of Maribor"\nkind = "feed"\nurl = "{}"\n'
    conf.write_text("[settings]\nmin_delay = 0\n" + source.format("maribor", server.url("/old")))
    assert CliRunner().invoke(cli, ["run", "--config", str(conf), "--db", db]).exit_code == 0
    conf.write_text("[settings]\nmin_delay = 0\n" + source.format("maribor-news", server.url("/new")))
    said = " ".join(CliRunner().invoke(cli, ["check", "--config", str(conf), "--db", db]).output.split())
    assert "note: new source maribor-news is City of Maribor's, as was maribor, no longer listed" in said, said
    assert 'the url first, keeping id = "maribor"' in said, said
    # Only the address changed: no note (the source keeps its releases).
    conf.write_text("[settings]\nmin_delay = 0\n" + source.format("maribor", server.url("/new")))
    assert "note:" not in CliRunner().invoke(cli, ["check", "--config", str(conf), "--db", db]).output


def test_a_stop_signal_the_kernel_gives_a_worker_thread_stops_the_run_at_once():
    """SIGTERM or Ctrl-C goes to any thread of the process; CPython runs its handler in the main thread, which read it
    only once it woke. Blocked on the first source's result, the main thread woke when every source was done: on a
    loaded machine a stopped run fetched on for 23 s (tests/test_nightly.py's second-SIGTERM test, 2 of 8 runs)."""
    import signal
    import threading
    import time

    import httpx

    from newsflow.config import Settings
    from newsflow.fetch import Fetcher
    from newsflow.models import RunSummary, Source, SourceResult
    from newsflow.workers import RunState

    state = RunState(RunSummary(), Fetcher(httpx.Client(), Settings(min_delay=0)), frozenset(), 2)
    started = threading.Event()

    def work(source: Source) -> SourceResult:
        if source.id == "a":  # (the signal, as the kernel may deliver it: to this worker thread, not the main one)
            time.sleep(0.5)  # (once the main thread waits on the results)
            started.set()
            signal.pthread_kill(threading.get_ident(), signal.SIGUSR2)
        deadline = time.monotonic() + 6
        while time.monotonic() < deadline and not state.stopping.is_set():
            time.sleep(0.01)  # (a source's work: it looks at `stopping` between its pages)
        return SourceResult(source=source.id)

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGUSR2, interrupt)
    began = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            state.each_source(
                work,
                [
                    Source(id="a", name="a", kind="feed", url="https://a.example/"),
                    Source(id="b", name="b", kind="feed", url="https://b.example/"),
                ],
                2,
            )
    finally:
        signal.signal(signal.SIGUSR2, previous)
    assert started.is_set() and time.monotonic() - began < 3, time.monotonic() - began


def test_a_feed_a_page_names_is_said_as_an_address_that_goes_between_quotes():
    """Review (s41): the address a page's <link> gives is said as `set url = "…"`: a quote or a backslash in it would
    make that line no TOML."""
    from bs4 import BeautifulSoup

    from newsflow.sources import advertised_feed

    page = BeautifulSoup('<link rel="alternate" type="application/rss+xml" href="/f&quot;x\\y.xml">', "lxml")
    assert advertised_feed(page, "https://e.org/") == "https://e.org/f%22x%5Cy.xml"


def test_a_feed_address_s_spaces_are_percent_encoded_as_utf8():
    """Review2 (s41): a no-break space or a line separator in a <link>'s address is said as its UTF-8 bytes
    (%C2%A0), as servers read an address; one %XX of its code point (%A0, or "%2028": a space and "28") named
    another page."""
    from urllib.parse import unquote

    from bs4 import BeautifulSoup

    from newsflow.sources import advertised_feed

    for href, said in (("/f\u00a0x.xml", "/f%C2%A0x.xml"), ("/f\u2028x.xml", "/f%E2%80%A8x.xml")):
        page = BeautifulSoup(f'<link rel="alternate" type="application/rss+xml" href="{href}">', "lxml")
        assert advertised_feed(page, "https://e.org/") == f"https://e.org{said}"
        assert unquote(said) == href
