"""The reading room behind a web server in front of it (a reverse proxy on this machine), session 42.

`newsflow serve` asks no password on 127.0.0.1; an administrator who puts nginx in front (`proxy_pass
http://127.0.0.1:8001`, for https) opened the archive to everyone who reaches that web server, and a
NEWSFLOW_PASSWORD set for the staff was not asked at all on loopback."""

from __future__ import annotations

import asyncio
from base64 import b64encode
from typing import Any

import pytest
from click.testing import CliRunner

from newsflow.browse import make_datasette
from newsflow.cli import cli


@pytest.fixture(scope="module")
def archive(demo_archive):
    return demo_archive


def get(db, path, headers=None, **kwargs):
    async def go():
        return await make_datasette(db, **kwargs).client.get(path, headers=headers or {})

    return asyncio.run(go())


@pytest.mark.parametrize(
    "header",
    [
        {"x-forwarded-for": "203.0.113.7"},
        {"X-Real-IP": "203.0.113.7"},
        {"forwarded": "for=203.0.113.7;proto=https"},
        {"x-forwarded-proto": "https"},
    ],
)
def test_a_request_passed_on_by_a_web_server_in_front_is_refused_without_a_password(archive, header):
    refused = get(archive, "/", header)
    assert refused.status_code == 403
    assert "this request came through a web server in front of it" in refused.text
    assert "set NEWSFLOW_PASSWORD" in refused.text and "--public" in refused.text
    for path in ("/archive/articles.json", "/-/feeds/tag/hope.atom", "/archive/articles.csv"):
        assert get(archive, path, header).status_code == 403, path
    # --public on purpose (the web server asks for its own login): passed on
    assert get(archive, "/", header, public=True).status_code == 200


def test_a_browser_on_this_machine_is_served_as_before(archive):
    assert get(archive, "/").status_code == 200
    assert get(archive, "/archive/articles.json").status_code == 200


def test_with_a_password_a_request_through_a_web_server_logs_in_as_staff(archive):
    from datasette_auth_passwords.utils import hash_password

    hashed = hash_password("sekret")
    proxied = {"x-forwarded-for": "203.0.113.7"}
    assert get(archive, "/", proxied, password_hash=hashed).status_code == 401
    auth = {**proxied, "authorization": "Basic " + b64encode(b"staff:sekret").decode()}
    assert get(archive, "/", auth, password_hash=hashed).status_code == 200


def test_serve_on_loopback_asks_the_password_that_is_set(archive, monkeypatch):
    import socket

    import uvicorn

    from newsflow import browse

    made: list[dict[str, Any]] = []
    make = browse.make_datasette

    def capture(*args: Any, **kwargs: Any) -> Any:
        made.append({"password_hash": args[1] if len(args) > 1 else kwargs.get("password_hash"), **kwargs})
        return make(*args, **kwargs)

    monkeypatch.setattr(browse, "make_datasette", capture)
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = str(free.getsockname()[1])
    monkeypatch.setenv("NEWSFLOW_PASSWORD", "s3cret")
    said = CliRunner().invoke(cli, ["serve", "--db", str(archive), "--port", port])
    assert said.exit_code == 0, said.output
    assert made[-1]["password_hash"] and "password required: user staff" in said.output
    public = CliRunner().invoke(cli, ["serve", "--db", str(archive), "--port", port, "--public"])
    assert public.exit_code == 0 and made[-1]["password_hash"] is None and made[-1]["public"] is True
    monkeypatch.delenv("NEWSFLOW_PASSWORD")
    unset = CliRunner().invoke(cli, ["serve", "--db", str(archive), "--port", port])
    assert unset.exit_code == 0 and made[-1]["password_hash"] is None and made[-1]["public"] is False
    assert "password required" not in unset.output
