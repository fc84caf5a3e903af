"""Sending e-mail by SMTP: the server settings, a multipart message, one send.

The server comes from feeds.toml ``[digest.smtp]`` or, for one call, from
``NEWSFLOW_SMTP_URL=smtp://[user:password@]host:port`` (``smtps://`` for implicit TLS). User and
password come from the environment (``NEWSFLOW_SMTP_USER`` / ``NEWSFLOW_SMTP_PASSWORD`` unless
the settings name other variables), never from feeds.toml, which is often kept in version control.
"""

from __future__ import annotations

import os
import re
import smtplib
import socket
import ssl
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, fields, replace
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid
from typing import Any
from urllib.parse import unquote, urlsplit

SECURITY = ("starttls", "tls", "none", "auto")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25, "auto": 25}
LOOPBACK = ("127.0.0.1", "localhost", "::1")
URL_ENV = "NEWSFLOW_SMTP_URL"
# An address as people type it: no spaces, one @, a domain of letters, digits, dots and hyphens.
_ADDRESS = re.compile(r"[^@\s<>(),;:\"\[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")


class MailError(Exception):
    """A message could not be handed to the SMTP server (the message says why).

    ``refused``: where the server refused every recipient, each one with its answer (a refusal for now, 4xx, is
    told from one for good, 5xx, per recipient); empty for any other failure.
    """

    def __init__(self, message: str, refused: dict[str, tuple[int, bytes]] | None = None) -> None:
        super().__init__(message)
        self.refused = dict(refused or {})


class MailSettingsError(ValueError):
    """SMTP settings or an address that cannot be used."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to hand messages over."""

    host: str = ""
    port: int = 0  # 0: the security mode's usual port (587, 465 or 25)
    security: str = "starttls"  # starttls | tls | none | auto (STARTTLS when the server offers it)
    user_env: str = "NEWSFLOW_SMTP_USER"
    password_env: str = "NEWSFLOW_SMTP_PASSWORD"
    timeout: float = 30.0
    cafile: str = ""  # a CA bundle for a server with a private certificate
    user: str = ""  # only ever from NEWSFLOW_SMTP_URL, never from feeds.toml
    password: str = ""

    @property
    def effective_port(self) -> int:
        return self.port or DEFAULT_PORTS[self.security]

    def describe(self) -> str:
        """The server as a person reads it, without the password."""
        security = {"none": "not encrypted", "starttls": "STARTTLS", "tls": "TLS", "auto": "STARTTLS if offered"}.get(
            self.security, self.security
        )
        return f"the mail server {self.host}:{self.effective_port} ({security})"


SMTP_KEYS = ("host", "port", "security", "user_env", "password_env", "timeout", "cafile")


def parse_smtp_settings(table: dict[str, Any], where: str = "[digest.smtp]") -> SmtpSettings:
    """Validate a ``[digest.smtp]`` TOML table; unknown keys are errors."""
    unknown = sorted(set(table) - set(SMTP_KEYS))
    if unknown:
        raise MailSettingsError(
            f"{where}: unknown key(s) {', '.join(unknown)}{meant_key(unknown, SMTP_KEYS)}; allowed: "
            f"{', '.join(SMTP_KEYS)}"
        )
    defaults = SmtpSettings()
    kwargs: dict[str, Any] = {}
    for f in fields(SmtpSettings):
        if f.name not in table:
            continue
        value = table[f.name]
        default = getattr(defaults, f.name)
        if isinstance(default, str):
            if not isinstance(value, str):
                raise MailSettingsError(f"{where}: {f.name} must be a string, not {value!r}")
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            unquoted = value.strip() if isinstance(value, str) and re.fullmatch(r"\s*\d+(\.\d+)?\s*", value) else ""
            hint = f" (write {f.name} = {unquoted}, without quotes)" if unquoted else ""  # (port = "587")
            raise MailSettingsError(f"{where}: {f.name} must be a non-negative number, not {value!r}{hint}")
        kwargs[f.name] = type(default)(value)
    settings = SmtpSettings(**kwargs)
    if settings.security not in SECURITY:
        raise MailSettingsError(f"{where}: security must be one of {', '.join(SECURITY)}, not {settings.security!r}")
    if settings.port > 65535:
        raise MailSettingsError(f"{where}: port {settings.port} is not a port number")
    if settings.timeout == 0:
        raise MailSettingsError(f"{where}: timeout must be more than 0 seconds")
    return settings


def smtp_from_url(url: str, base: SmtpSettings | None = None) -> SmtpSettings:
    """Read ``smtp://[user:password@]host:port`` or ``smtps://...`` over ``base``'s other settings.

    ``smtp://`` uses STARTTLS when the server offers it; ``smtps://`` is TLS from the first byte.
    User and password in the URL are percent-decoded (write ``@`` in a password as ``%40``).
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
        host = parts.hostname or ""
    except ValueError:  # not urlsplit's words: "Port could not be cast … 's3cr'" would show part of a password
        raise MailSettingsError(
            f"{URL_ENV}: {_hide_password(url)!r} is not an SMTP URL (a port must be a number; write '#', '/', '?' "
            "or '@' in a password as %23, %2F, %3F, %40); expected smtp://[user:password@]host:port"
        ) from None
    if parts.scheme not in ("smtp", "smtps") or not host or parts.path not in ("", "/") or parts.query:
        raise MailSettingsError(
            f"{URL_ENV}: {_hide_password(url)!r} is not an SMTP URL; "
            "expected smtp://[user:password@]host:port or smtps://[user:password@]host:port"
        )
    security = "tls" if parts.scheme == "smtps" else "auto"
    return replace(
        base or SmtpSettings(),
        host=host,
        port=port or 0,
        security=security,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
    )


def _hide_password(url: str) -> str:
    # Everything between "//" and the last "@": a login may be an e-mail address, a password may hold "/" or "@".
    return re.sub(r"//.*@", "//***@", url)


def resolve_smtp(settings: SmtpSettings, environ: dict[str, str] | None = None) -> SmtpSettings:
    """The settings for this call: ``NEWSFLOW_SMTP_URL`` overrides the server; credentials from the environment."""
    env = os.environ if environ is None else environ
    url = env.get(URL_ENV, "").strip()
    if url:
        settings = smtp_from_url(url, settings)
    if not settings.user and env.get(settings.user_env):
        settings = replace(settings, user=env[settings.user_env], password=env.get(settings.password_env, ""))
    if not settings.host:
        raise MailSettingsError(
            f"no SMTP server: set host in [digest.smtp] of feeds.toml, or {URL_ENV}=smtp://host:port"
        )
    return settings


def meant_key(unknown: list[str], allowed: Iterable[str], cutoff: float = 0.6) -> str:
    """ " (did you mean tags?)" for a key mistyped in feeds.toml (``tag``, ``prot``), " (did you mean links for link,
    body for bdy?)" for several; "" where none is close."""
    import difflib

    keys = sorted(allowed)
    close = {k: m[0] for k in unknown if (m := difflib.get_close_matches(k.lower(), keys, n=1, cutoff=cutoff))}
    if not close:
        return ""
    return f" (did you mean {', '.join(f'{m} for {k}' if len(close) > 1 else m for k, m in close.items())}?)"


def check_address(address: str) -> str:
    """An address as typed (``a@b.org`` or ``Name <a@b.org>``), checked; raise MailSettingsError otherwise, saying
    what looks wrong where it can tell (no @, a comma for a dot, two addresses in one text)."""
    pairs = getaddresses([address])
    # The address itself as typed, within <…> or the whole (a comment after it left out): getaddresses drops a space
    # in it, so "tiina@seina joki.fi" went to "tiina@seina" and "sent" named her nowhere (probe, s43).
    # (a name in quotes and a comment left out first: either may hold a "<" or a space; review1, s43)
    plain, was = re.sub(r'"(?:[^"\\]|\\.)*"', "", address), ""
    while plain != was:  # (comments within comments: the innermost first)
        plain, was = re.sub(r"\((?:[^()\\]|\\.)*\)", "", plain), plain
    bare = plain[plain.find("<") + 1 : plain.rfind(">")] if "<" in plain else plain
    if (
        len(pairs) != 1
        or not _ADDRESS.fullmatch(ascii_domain(pairs[0][1]))
        or re.search(r"\s", bare.strip())
        or "\n" in address
        or "\r" in address
    ):
        raise MailSettingsError(f"not an e-mail address: {address!r}{_address_hint(address)}")
    return address.strip()


def ascii_domain(addr_spec: str) -> str:
    """An address with its domain as mail servers take it, in ASCII (IDNA): "comms@seinäjoki.fi" is
    "comms@xn--seinjoki-5za.fi", which every server routes (a domain in letters beyond a-z was refused as "not an
    e-mail address", probe s43); as given where the domain is ASCII already or no domain name."""
    local, at, domain = addr_spec.rpartition("@")
    if not at or domain.isascii():
        return addr_spec
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return addr_spec


def shown_domain(addr_spec: str) -> str:
    """An address as ``ascii_domain`` gave it to the server, with its domain as people write it again
    ("comms@xn--seinjoki-5za.fi" -> "comms@seinäjoki.fi"), for what the command says."""
    local, at, domain = addr_spec.rpartition("@")
    if not at or "xn--" not in domain.casefold():
        return addr_spec
    try:
        return f"{local}@{domain.encode('ascii').decode('idna')}"
    except UnicodeError:
        return addr_spec


def _as_shown(refused: dict[str, Any]) -> dict[str, Any]:
    """Refusals by address, each address as the command says it (``shown_domain``)."""
    return {shown_domain(r): answer for r, answer in refused.items()}


def _as_sent(address: str) -> str:
    """An address as typed ("Tiina <tiina@seinäjoki.fi>") with its domain in ASCII (``ascii_domain``), for a header."""
    addr_spec = getaddresses([address])[0][1]
    return address.strip().replace(addr_spec, ascii_domain(addr_spec)) if addr_spec else address.strip()


# A server's answer for an address whose local part has letters beyond ASCII ("tiina.mäkinen@…") where the server
# offers no SMTPUTF8 (RFC 6531), which such an address needs: refused for good, as a server refusing it would.
NO_SMTPUTF8 = (
    553,
    b"5.6.7 this mail server takes no address with letters beyond a-z before the @ (it offers no SMTPUTF8): "
    b"give the recipient's plain address (as tiina.makinen@...), or ask the server's administrator for SMTPUTF8",
)


def _address_hint(address: str) -> str:
    """What looks wrong in a text that is no e-mail address, for the person who typed it (admin probe, s41)."""
    bare, name = address.strip(), ""
    if "<" in bare and ">" in bare:
        name = bare[: bare.index("<")]
        bare = bare[bare.index("<") + 1 : bare.rindex(">")].strip()
        # (an @ before the "<" is an address, not a name: "bo@e.org, Anna <anna@e.org>" is two of them)
        if "," in name and '"' not in name and "@" not in name and _ADDRESS.fullmatch(bare):  # "Lindqvist, Anna <…>"
            return f" (a name with a comma goes in quotes: '\"{name.strip()}\" <{bare}>', or give the address alone)"
    if bare.count("@") > 1 or "@" in name:
        return ' (two addresses in one text? write each in quotes of its own: ["a@example.org", "b@example.org"])'
    if "@" not in bare:
        return " (it has no @)"
    domain = bare.rpartition("@")[2]
    if "," in domain or ";" in domain:
        return f" (a comma where a dot belongs? {bare.replace(',', '.').replace(';', '.')!r})"
    if not domain or " " in bare:
        return " (a space in it, or nothing after the @)"
    return ""


def build_message(
    sender: str, recipients: list[str], subject: str, text: str, html: str, *, hidden: bool = False
) -> EmailMessage:
    """A multipart/alternative message: the plain-text part first, the HTML part as the richer one.

    ``hidden``: several recipients do not see each other's addresses (staff of several organisations): they are
    the message's Bcc, which is never sent, and its To says "undisclosed-recipients". One message all the same,
    so that the server accepts or refuses it for each recipient at once, as for any message.
    """
    msg = EmailMessage()
    msg["From"] = _as_sent(check_address(sender))
    addresses = ", ".join(_as_sent(check_address(r)) for r in recipients)
    if hidden and len(recipients) > 1:
        msg["To"] = "undisclosed-recipients:;"
        msg["Bcc"] = addresses
    else:
        msg["To"] = addresses
    msg["Subject"] = " ".join(subject.split())  # a header never carries a line break
    msg["Date"] = formatdate(localtime=True)
    domain = ascii_domain(getaddresses([sender])[0][1]).rpartition("@")[2] or None  # (a header is ASCII)
    msg["Message-ID"] = make_msgid(domain=domain)
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: out-of-office replies should not answer
    msg.set_content(text, subtype="plain", charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    return msg


def send_message(msg: EmailMessage, settings: SmtpSettings, *, ssl_context: ssl.SSLContext | None = None) -> list[str]:
    """Hand a message to the SMTP server; return the recipients it accepted, raise MailError otherwise.

    A message is sent when the server accepted it for at least one recipient; ``send_message_report``
    also says which it refused, and why.
    """
    return send_message_report(msg, settings, ssl_context=ssl_context)[0]


def send_message_report(
    msg: EmailMessage, settings: SmtpSettings, *, ssl_context: ssl.SSLContext | None = None
) -> tuple[list[str], dict[str, tuple[int, bytes]]]:
    """``send_message``, returning the accepted recipients and the refused ones with the server's answer."""
    recipients = [a.addr_spec for header in ("To", "Cc", "Bcc") for a in _addresses(msg, header)]
    where = settings.describe()
    context = _tls_context(settings, ssl_context) if settings.security in ("tls", "starttls") else None
    smtp: smtplib.SMTP | None = None
    unsendable: dict[str, tuple[int, bytes]] = {}  # (refused here, with no SMTPUTF8: said with the server's refusals)
    try:
        if settings.security == "tls":
            smtp = smtplib.SMTP_SSL(settings.host, settings.effective_port, timeout=settings.timeout, context=context)
        else:
            smtp = smtplib.SMTP(settings.host, settings.effective_port, timeout=settings.timeout)
        smtp.ehlo()
        if settings.security in ("starttls", "auto") and (settings.security == "starttls" or smtp.has_extn("starttls")):
            if not smtp.has_extn("starttls"):
                raise MailError(
                    f'{where}: the server does not offer STARTTLS (set security = "tls" for '
                    'implicit TLS, or "none" for a relay on this machine)'
                )
            smtp.starttls(context=context or _tls_context(settings, ssl_context))
            smtp.ehlo()
        if settings.user:
            encrypted = settings.security in ("tls", "starttls") or isinstance(smtp.sock, ssl.SSLSocket)
            if not encrypted and settings.host not in LOOPBACK:
                raise MailError(
                    f"{where}: refusing to send the SMTP password unencrypted (the server offers no STARTTLS)"
                )
            smtp.login(settings.user, settings.password)
        # An address with letters beyond ASCII before its @ needs SMTPUTF8: where the server offers none, it is
        # refused alone and the others get the digest (smtplib refused the whole message: a colleague's "ä" stopped
        # the digest for every recipient, night after night; probe s43).
        if not smtp_has(smtp, "smtputf8"):
            sender = next((a.addr_spec for a in _addresses(msg, "From")), "")
            if not sender.isascii():  # (smtplib: "One or more source or delivery addresses require …")
                raise MailError(
                    f"{where}: the sender address {sender} has letters beyond a-z before its @, which this server "
                    "takes only with SMTPUTF8, and it offers none: give [digest] from a plain address in feeds.toml"
                )
            unsendable = {r: NO_SMTPUTF8 for r in recipients if not r.isascii()}
            recipients = [r for r in recipients if r.isascii()]
            if not recipients:
                shown = _as_shown(unsendable)
                raise MailError(f"{where}: every recipient was refused: {refusals(shown)}", refused=shown)
        refused = {**unsendable, **smtp.send_message(msg, to_addrs=recipients)}
        # The server has accepted the message: an error saying goodbye (421 to QUIT, a dropped connection) is no
        # failed send, which would leave the digest unremembered and send it again the next Monday.
        with suppress(smtplib.SMTPException, OSError):
            smtp.quit()
    except MailError:
        raise
    except smtplib.SMTPRecipientsRefused as e:
        e.recipients = _as_shown({**unsendable, **e.recipients})
        # What to do, by the server's codes (probe, s40: a digest to one mistyped address failed every Monday with
        # no word of the address to mend).
        hint = (
            "; a temporary refusal: the next call tries again"
            if temporary(e.recipients)
            else "; check the address(es) in the digest's to in feeds.toml"
        )
        raise MailError(
            f"{where}: every recipient was refused: {refusals(e.recipients)}{hint}", refused=dict(e.recipients)
        ) from None
    except smtplib.SMTPAuthenticationError as e:
        raise MailError(
            f"{where}: login refused ({e.smtp_code} {_decode(e.smtp_error)}); check "
            f"{settings.user_env} and {settings.password_env}"
        ) from None
    except smtplib.SMTPResponseException as e:
        raise MailError(f"{where}: {_answer_words(e, settings, msg)}") from None
    except smtplib.SMTPNotSupportedError as e:
        if settings.user and not smtp_has(smtp, "auth"):
            # (smtplib's "SMTP AUTH extension not supported by server.": no word of what to change; probe, s40)
            raise MailError(
                f"{where}: the server offers no login (AUTH), and {settings.user_env} is set: for a relay that "
                f"needs no login, leave {settings.user_env} unset; else check host and port in [digest.smtp] "
                '(a submission server: port 587 with security = "starttls")'
            ) from None
        raise MailError(f"{where}: {e}") from None
    except ssl.SSLError as e:
        raise MailError(f"{where}: TLS failed ({e.reason or e}); {_tls_hint(e, settings)}") from None
    except (smtplib.SMTPException, OSError) as e:
        raise MailError(f"{where}: {_failure_words(e, settings, greeted=smtp is not None)}") from None
    finally:
        if smtp is not None:
            smtp.close()
    return [shown_domain(r) for r in recipients if r not in refused], _as_shown(refused)


def _tls_context(settings: SmtpSettings, given: ssl.SSLContext | None) -> ssl.SSLContext:
    """The certificate authorities a TLS connection checks the server against: made only where TLS is spoken (70 ms
    of reading the system's), and a cafile that cannot be read said as such ("[Errno 2] No such file or directory"
    said neither which file nor where it is set, and failed a digest with security = "none"; probe, s45)."""
    if given is not None:
        return given
    try:
        return ssl.create_default_context(cafile=settings.cafile or None)
    except (OSError, ssl.SSLError) as e:
        reason = "no certificate in it" if isinstance(e, ssl.SSLError) else e.strerror or str(e)
        raise MailError(
            f"{settings.describe()}: cannot read cafile = {settings.cafile!r} in [digest.smtp] ({reason}): give the "
            "path of the PEM file of the server's certificate authority, or leave cafile out for the system's"
        ) from None


def smtp_has(smtp: smtplib.SMTP | None, extension: str) -> bool:
    """Whether a connected server offered an ESMTP extension (False when it was never asked)."""
    return smtp is not None and bool(getattr(smtp, "esmtp_features", None)) and smtp.has_extn(extension)


def _answer_words(e: smtplib.SMTPResponseException, settings: SmtpSettings, msg: EmailMessage) -> str:
    """A refusal by the server in words, with what to change where the code says it (probe, s40: "the server
    answered 530 5.7.0 Authentication required" said nothing of the login it wants)."""
    code, said = e.smtp_code, _decode(e.smtp_error)
    answered = f"the server answered {code} {said}"
    if code == 530 and "tls" in said.lower():
        return f'{answered}: it wants encryption first; set security = "starttls" in [digest.smtp]'
    if code == 530 or (code in (550, 553, 554) and re.search(r"auth|log ?in|relay", said, re.I) and not settings.user):
        return (
            f"{answered}: it wants a login; set {settings.user_env} and {settings.password_env} in the "
            "environment of the call (the cron line's smtp.env)"
        )
    if isinstance(e, smtplib.SMTPSenderRefused) and 500 <= code < 600:
        sender = _decode(e.sender) if e.sender else msg["From"]
        return (
            f"{answered}: the sender address {sender} was refused; set from in [digest] of feeds.toml to an "
            "address this server lets you send from"
        )
    return answered


def _tls_hint(e: ssl.SSLError, settings: SmtpSettings) -> str:
    """What to change when TLS fails: the certificate (a private one: cafile), or the mode, where the server spoke no
    TLS at all (security = "tls" on a submission port 587 or 25: "WRONG_VERSION_NUMBER" was followed by "set cafile",
    which changes nothing; probe, s40)."""
    if settings.security == "tls" and re.search(r"wrong.version.number|record.layer|unknown.protocol", str(e), re.I):
        return (
            f"the server does not speak TLS from its first byte on port {settings.effective_port}: set security = "
            '"starttls" (port 587 or 25), or port = 465 for "tls"'
        )
    return "for a private certificate set cafile in [digest.smtp]"


def _failure_words(e: Exception, settings: SmtpSettings, greeted: bool = True) -> str:
    """A connection's failure in words (year probe, s36: "cannot connect: [Errno 111] Connection refused")."""
    if isinstance(e, ConnectionRefusedError):
        return "cannot connect: nothing answers at that address and port (is the mail server running, the port right?)"
    if isinstance(e, socket.gaierror):
        return f"cannot connect: the host name {settings.host} could not be found (check host in [digest.smtp])"
    if isinstance(e, (socket.timeout, TimeoutError)):
        return f"cannot connect: no answer within {settings.timeout:g} s (a firewall, or the wrong port?)"
    if isinstance(e, smtplib.SMTPServerDisconnected) and "timed out" in str(e) and not greeted:
        # Connected, and no greeting: a port that waits for TLS first (465) asked in plain text.
        return (
            f"connected, but the server said nothing for {settings.timeout:g} s (a port for TLS from the first "
            f'byte, as 465 is, wants security = "tls" in [digest.smtp])'
        )
    if isinstance(e, smtplib.SMTPServerDisconnected) and "timed out" in str(e):
        # (smtplib's "Connection unexpectedly closed: timed out": it was this end that gave up; probe, s40)
        return (
            f"the server stopped answering for {settings.timeout:g} s in the middle of the conversation (a busy "
            "server or a filter scanning the message; timeout in [digest.smtp] waits longer); if it had taken the "
            "message, the next call sends it again"
        )
    if isinstance(e, smtplib.SMTPServerDisconnected):
        return f"the server closed the connection ({e or 'without a word'})"
    if isinstance(e, ConnectionError | OSError) and e.strerror:
        return f"cannot connect: {e.strerror.lower()}"
    return f"failed: {e}"


def _addresses(msg: EmailMessage, header: str) -> list[Address]:
    value = msg[header]
    return list(value.addresses) if value is not None else []


def _decode(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def refusals(refused: dict[str, tuple[int, bytes]]) -> str:
    """Refused recipients with the server's answers: "a@b.org (451 try again later)"."""
    return "; ".join(f"{addr} ({code} {_decode(text)})" for addr, (code, text) in refused.items())


def temporary(refused: dict[str, tuple[int, bytes]]) -> bool:
    """Whether the server refused every one of these recipients for now only (4xx: greylisting, a full mailbox),
    not for good (5xx: no such address)."""
    return bool(refused) and all(400 <= code < 500 for code, _ in refused.values())
