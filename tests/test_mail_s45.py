"""A digest's cafile: read only where TLS is spoken, and said by name where it cannot be read (probe, s45)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsflow.mail import MailError, SmtpSettings, build_message, send_message
from test_digest import archive_path, invoke  # noqa: F401  (archive_path is a fixture)

MSG = build_message("newsflow@example.org", ["a@example.org"], "Digest", "plain", "<p>html</p>")


def test_a_cafile_is_not_read_for_a_server_spoken_to_unencrypted(smtp, tmp_path: Path) -> None:
    inbox, controller = smtp
    settings = SmtpSettings(host="127.0.0.1", port=controller.port, security="none", cafile=str(tmp_path / "no.pem"))
    assert send_message(MSG, settings) == ["a@example.org"]
    assert len(inbox.messages) == 1


@pytest.mark.parametrize("security", ["tls", "starttls"])
@pytest.mark.parametrize("content", [None, "not a certificate\n"])
def test_a_cafile_that_cannot_be_read_is_named_with_what_to_do(
    smtp, tmp_path: Path, security: str, content: str | None
) -> None:
    inbox, controller = smtp
    cafile = tmp_path / "ca.pem"
    if content is not None:
        cafile.write_text(content, encoding="utf-8")
    settings = SmtpSettings(host="127.0.0.1", port=controller.port, security=security, cafile=str(cafile))
    with pytest.raises(MailError) as raised:
        send_message(MSG, settings)
    said = str(raised.value)
    assert f"cannot read cafile = '{cafile}' in [digest.smtp]" in said, said
    assert ("No such file" if content is None else "no certificate in it") in said, said
    assert "leave cafile out" in said and "Errno" not in said, said
    assert inbox.messages == []


def test_the_digest_command_says_the_cafile_and_keeps_the_releases(archive_path, tmp_path: Path) -> None:  # noqa: F811
    config = tmp_path / "feeds.toml"
    missing = tmp_path / "ca" / "company-ca.pem"
    config.write_text(
        f'[digest.smtp]\nhost = "127.0.0.1"\nport = 2\nsecurity = "tls"\ncafile = "{missing}"\n', encoding="utf-8"
    )
    first = invoke("--db", str(archive_path), "--config", str(config), "--since", "2024-01-01", "--to", "b@example.org")
    assert first.exit_code == 3, first.output
    assert f"cannot read cafile = '{missing}'" in first.output and "kept for the next call" in first.output
    again = invoke("--db", str(archive_path), "--config", str(config), "--since", "2024-01-01", "--to", "b@example.org")
    assert again.exit_code == 3 and "kept for the next call" in again.output, again.output
