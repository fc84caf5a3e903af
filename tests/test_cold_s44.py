"""Work a run, a check or a test process did again and again for the same answer (session 44): each is now done once,
and what it answers is the same."""

from __future__ import annotations

import re
import ssl
import zoneinfo
from dataclasses import replace

import certifi
import pytest

from newsflow import config as config_module
from newsflow.archive import Archive
from newsflow.config import ConfigError, Settings, default_config, parse_config
from newsflow.fetch import make_client


def test_a_nights_taxonomy_unchanged_since_the_last_writes_nothing_and_an_edit_is_written(tmp_path):
    tags = default_config().tags
    with Archive(tmp_path / "a.db") as archive:
        archive.sync_tags(tags)
        stored = {r["id"]: r for r in archive.db.query("select * from tags")}
        before = archive.db.conn.total_changes
        assert archive.sync_tags(tags) == ""
        assert archive.db.conn.total_changes == before  # nothing written, nothing to retag
        assert {r["id"]: r for r in archive.db.query("select * from tags")} == stored

        edited = [replace(t, description="A new description.") if t.id == tags[0].id else t for t in tags]
        archive.sync_tags(edited)
        rows = {r["id"]: r for r in archive.db.query("select * from tags")}
        assert rows[tags[0].id]["description"] == "A new description."
        assert {k: v for k, v in rows.items() if k != tags[0].id} == {
            k: v for k, v in stored.items() if k != tags[0].id
        }


def test_feeds_toml_time_zones_are_looked_up_in_the_zone_database_once_a_process(monkeypatch):
    asked = []

    def available_timezones() -> set[str]:
        asked.append(1)
        return {"Europe/Helsinki", "Europe/Stockholm", "Europe/London"}

    monkeypatch.setattr(zoneinfo, "available_timezones", available_timezones)
    config_module._zone_names.cache_clear()
    try:
        sources = [
            {"id": f"s{i}", "partner": "P", "url": f"https://example.org/{i}.xml", "kind": "feed", "timezone": zone}
            for i, zone in enumerate(["europe/helsinki", "Europe/Stockholm", "EUROPE/LONDON"])
        ]
        for _ in range(2):
            config = parse_config({"sources": sources})
            assert [s.timezone for s in config.sources] == ["Europe/Helsinki", "Europe/Stockholm", "Europe/London"]
        with pytest.raises(ConfigError, match=re.escape("(did you mean Europe/Helsinki?)")):
            parse_config({"sources": [{**sources[0], "timezone": "Europe/Helsinky"}]})
        assert len(asked) == 1
    finally:
        config_module._zone_names.cache_clear()  # the next test reads the real database


def _context(client) -> ssl.SSLContext:
    return client._transport._pool._ssl_context


def test_clients_share_one_reading_of_the_certificate_authorities_and_ssl_cert_file_still_names_them(
    tmp_path, monkeypatch
):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    with make_client(Settings()) as first, make_client(Settings()) as second:
        assert _context(first) is _context(second)
        assert len(_context(first).get_ca_certs()) > 50  # certifi's authorities, as httpx's own

    one = re.search(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----\n", certifi.contents(), re.S)
    assert one
    (tmp_path / "ca.pem").write_text(one.group(0), encoding="ascii")
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))
    with make_client(Settings()) as client:
        assert len(_context(client).get_ca_certs()) == 1  # the one authority the file names, read after the first
        assert _context(client).verify_mode == ssl.CERT_REQUIRED and _context(client).check_hostname
