"""Review (s38): the links a stopped run never asked, on a listing's older page it was reading, are read next run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

from click.testing import CliRunner

from conftest import article_page
from newsflow.archive import Archive
from newsflow.cli import cli

FI = [
    "Seinäjoen kaupunki tiedottaa uudesta hankkeesta, joka alkaa ensi vuonna ja kestää kolme vuotta.",
    "Hankkeessa kehitetään alueen palveluita yhdessä yritysten ja asukkaiden kanssa.",
]


def feed(server, items, nxt=""):
    entries = "".join(
        f"<item><title>Uutinen {i}</title><link>{server.url(f'/p{i}')}</link><guid>g{i}</guid>"
        f"<pubDate>{30 - i:02d} Nov 2026 09:00:00 +0200</pubDate></item>"
        for i in items
    )
    link = f'<atom:link rel="next" href="{server.url(nxt)}"/>' if nxt else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
        f"<channel><title>News</title>{link}{entries}</channel></rss>"
    )


def test_links_of_an_older_page_a_stopped_run_left_unasked_are_read_next_run(server, tmp_path):
    # Night 2 lists ten new releases over two pages and is stopped while the second page's first is asked. Night 3
    # finds its first page all archived, so it reads no further: those links were lost for good (review, s38).
    held = threading.Event()  # (p6 answers once the run is stopped)

    def page(handler):
        i = int(handler.path.strip("/p"))
        if i == 6:
            held.wait(30)
        body = article_page(f"Uutinen {i}", [f"Kappale {i}: " + FI[0], FI[1]]).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    for i in range(11):
        server.add(f"/p{i}", handler=page)
    server.add("/feed", feed(server, [0]))
    conf = tmp_path / "feeds.toml"
    conf.write_text(
        "[settings]\nmin_delay = 0\nper_host = 1\n\n"
        f'[[sources]]\nid = "s"\nkind = "feed"\nurl = "{server.url("/feed")}"\n'
    )
    db = tmp_path / "a.db"
    assert CliRunner().invoke(cli, ["run", "--config", str(conf), "--db", str(db)]).exit_code == 0
    server.add("/feed", feed(server, range(1, 6), "/feed2"))
    server.add("/feed2", feed(server, range(6, 11), "/feed3"))
    server.add("/feed3", feed(server, [0]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsflow", "run", "--config", str(conf), "--db", str(db), "-q"],
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not server.hits("/p6"):
            time.sleep(0.05)  # (polling for the request under way, not a wait standing in for it)
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
    finally:
        held.set()
    assert proc.returncode == 130, err

    def archived():
        with Archive(db) as archive:
            return sorted(int(r["url"].rsplit("/p", 1)[1]) for r in archive.db.query("select url from articles"))

    assert archived() == [0, 1, 2, 3, 4, 5]
    again = CliRunner().invoke(cli, ["run", "--config", str(conf), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert archived() == list(range(11))
