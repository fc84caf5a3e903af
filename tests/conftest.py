"""Shared fixtures: a local HTTP server on a random port, never the internet."""

from __future__ import annotations

import email
import email.policy
import fcntl
import json
import os
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

# Times shown to people are in the machine's own zone (`newsflow status`, the reading room): the tests read them in UTC
# on every machine, and a test that shows another zone sets it and sets it back.
os.environ["TZ"] = "UTC"
time.tzset()

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"  # copies of ../shared/seeds


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""  # when set, If-None-Match with it answers 304
    drip: float = 0.0  # seconds between bytes: a server that never finishes
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None


class _QuietServer(ThreadingHTTPServer):
    """A test server that says nothing when the client hangs up first (a size cap or deadline under test does)."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalServer:
    """Routes by path (with query); counts every request."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.clock_ahead = 0.0  # seconds the Date of its answers is ahead of this machine's clock
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.handler:
                    route.handler(self)
                    return
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(route.status)
                headers = {"Content-Type": "text/html; charset=utf-8", **route.headers}
                if route.etag:
                    headers["ETag"] = route.etag
                if not route.drip and "Content-Length" not in headers:
                    headers["Content-Length"] = str(len(route.body))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    if route.drip:
                        for i in range(len(route.body)):
                            self.wfile.write(route.body[i : i + 1])
                            self.wfile.flush()
                            time.sleep(route.drip)
                    else:
                        self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: object) -> None:
                pass

            def date_time_string(self, timestamp: float | None = None) -> str:
                """Every answer's Date, by a clock ``server.clock_ahead`` seconds ahead of this machine's."""
                return super().date_time_string(time.time() + server.clock_ahead if timestamp is None else timestamp)

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        # serve_forever looks for a shutdown request between polls: at its default of 0.5 s every test that used the
        # server spent up to half a second in teardown (about a minute of the suite); 0.02 s stops it at once.
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes | str = b"", **kwargs: object) -> str:
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.routes[path] = Route(body=body, **kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(autouse=True)
def _isolated_model_folders(tmp_path_factory, monkeypatch):
    """No test sees models installed on the machine: each gets empty model folders of its own."""
    root = tmp_path_factory.mktemp("models")
    monkeypatch.setenv("NEWSFLOW_MODELS_DIR", str(root / "newsflow"))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(root / "argos"))
    monkeypatch.delenv("NEWSFLOW_DB", raising=False)


def _built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], dict[str, str]]) -> Any:
    """Files a session fixture builds (``build`` writes them into the folder it is given and returns their paths),
    built once for the whole run: under pytest-xdist the first worker to ask builds them in the folder the workers
    share while the others wait for it, then all take the same files, which the tests only read or copy. A build that
    failed is tried again, in a folder of its own, by the next worker that asks."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return build(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent  # this run's folder, one per worker under it
    built = shared / f"{name}.json"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, or the worker dies
        if not built.exists():
            paths = build(Path(tempfile.mkdtemp(prefix=f"{name}-", dir=shared)))
            built.write_text(json.dumps(paths), encoding="utf-8")
    return json.loads(built.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def packages(tmp_path_factory) -> dict[str, Path]:
    """Tiny real Argos packages: fi→en, sv→en and en→fi, each swapping a few words (built once per run)."""

    def build(out: Path) -> dict[str, str]:
        from tinymodel import build_package

        fi = {"kaupunki": "city", "hankkeessa": "project", "Kaupunki": "City"}
        return {
            "fi_en": str(build_package(out, "fi", "en", fi)),
            "sv_en": str(build_package(out, "sv", "en", {"projektet": "the project", "företag": "enterprises"})),
            "en_fi": str(build_package(out, "en", "fi", {"project": "hanke", "city": "kaupunki"})),
        }

    return {key: Path(path) for key, path in _built_once(tmp_path_factory, "argosmodels", build).items()}


@pytest.fixture(scope="session")
def demo_archive(tmp_path_factory) -> Path:
    """The bundled demo newsroom, archived once per test process: read it, or write into a ``copy_archive`` of it.
    (Not shared between xdist workers as ``packages`` are: `serve` on a demo archive serves its newsroom again on the
    port the archive names, and two workers serving one archive at once would take each other's port.)"""
    from click.testing import CliRunner

    from newsflow.cli import cli

    db = tmp_path_factory.mktemp("demo") / "archive.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db), "--port", "0"])
    assert result.exit_code == 0, result.output
    return db


def copy_archive(db: Path, target: Path) -> Path:
    """A copy of an archive that a test may write into (as the nightly run would)."""
    import sqlite3

    with sqlite3.connect(db) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


_READING_ROOMS: dict[tuple[Any, ...], Any] = {}


def _files_state(*paths: Path | str) -> tuple[Any, ...]:
    """What would make a reading room built earlier read differently: each file's identity, size and time."""
    state = []
    for p in paths:
        try:
            st = os.stat(p)
        except OSError:
            state.append(None)
        else:
            state.append((st.st_ino, st.st_size, st.st_mtime_ns))
    return tuple(state)


def reading_room_get(db: Path, path: str, **kwargs: Any) -> Any:
    """A reading-room page of an archive, from newsflow's Datasette in this process (kwargs: make_datasette's).

    One Datasette serves every request to the same archive, as ``newsflow serve`` does, until the archive (or its
    write-ahead log, or the config named) changes on disk: then a new one is made, as a restarted server would be."""
    import asyncio

    from newsflow.browse import make_datasette

    config = kwargs.get("config_path") or ""
    key = (
        str(db),
        tuple(sorted(kwargs.items())),
        _files_state(db, f"{db}-wal", *([config] if config else [])),
    )
    ds = _READING_ROOMS.get(key)
    if ds is None:
        for old in _READING_ROOMS.values():  # one at a time: the one before closes its files and threads
            for database in old.databases.values():
                database.close()
            old.executor.shutdown()
        _READING_ROOMS.clear()
        ds = _READING_ROOMS[key] = make_datasette(db, **kwargs)

    async def go() -> Any:
        return await ds.client.get(path)

    return asyncio.run(go())


@pytest.fixture
def server() -> Iterator[LocalServer]:
    s = LocalServer()
    yield s
    s.close()


def article_page(title: str, paragraphs: list[str], lang: str = "fi", date: str = "2024-03-01T10:00:00+02:00") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} | Site</title>'
        f'<meta property="article:published_time" content="{date}"></head><body>'
        f'<nav><a href="/">Etusivu</a> <a href="/uutiset">Uutiset</a></nav>'
        f"<main><article><h1>{title}</h1>{body}</article></main>"
        f"<footer>Yhteystiedot · Saavutettavuus</footer></body></html>"
    )


def rss(items: list[tuple[str, str, str]], title: str = "News") -> str:
    """items: (title, link, guid)."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{g}</guid>"
        f"<pubDate>Mon, 0{i + 1} Apr 2024 09:00:00 +0300</pubDate></item>"
        for i, (t, link, g) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<rss version="2.0"><channel><title>{title}</title>{entries}</channel></rss>'
    )


# ---------------------------------------------------------------- a real SMTP server (digests)


@dataclass
class Inbox:
    """What the SMTP server accepted; recipients it refuses; a login it accepts."""

    messages: list[tuple[list[str], email.message.EmailMessage]] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)  # each message as it came over the wire
    refuse: set[str] = field(default_factory=set)
    reject_data: bool = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.reject_data:
            return "554 5.7.1 message refused"
        msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), msg))
        self.raw.append(envelope.original_content)
        return "250 OK: queued"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp(monkeypatch):
    """A real SMTP server on loopback; NEWSFLOW_SMTP_URL points at it. Controller.start() waits until it answers."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setenv("NEWSFLOW_SMTP_URL", f"smtp://127.0.0.1:{controller.port}")
    yield inbox, controller
    controller.stop()
