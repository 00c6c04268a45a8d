"""Where inbound mail is read from: an IMAP folder or a Maildir, named by ``INBOUND_MAIL_URL``.

    imap://user:password@host:143/INBOX        plain IMAP (a server on this machine or network)
    imap+tls://user:password@host:143/INBOX    IMAP upgraded to TLS with STARTTLS
    imaps://user:password@host:993/INBOX       IMAP over TLS from the start
    maildir:///var/mail/complaints             a Maildir (its cur, new and tmp folders)

A mailbox lists the messages not yet marked as taken, gives each one's header and then its
bytes, and marks a message taken when asked: IMAP sets ``\\Seen`` (or moves the message to
``INBOUND_PROCESSED_FOLDER``); a Maildir moves it to ``cur`` with the ``S`` flag. The marks only
save work: which messages were taken is kept in the database (``InboundMessage``).

Every failure to reach or read the mailbox is a ``MailboxError`` with one line that says what to
fix, and never shows the password.
"""

from __future__ import annotations

import contextlib
import imaplib
import os
import re
import socket
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

#: Seconds to wait for the IMAP server before giving up this fetch.
TIMEOUT = 30
#: What ``INBOUND_MAIL_URL`` looks like, for error messages.
EXAMPLES = (
    "imap://user:password@host:143/INBOX, imaps://user:password@host:993/INBOX or maildir:///path"
)


class MailboxError(Exception):
    """The mailbox cannot be reached or read: one line saying what to fix."""


class MessageUnavailable(Exception):
    """One message could not be read now (removed meanwhile, unreadable): the next fetch tries."""


@dataclass(frozen=True)
class MailboxAddress:
    scheme: str
    host: str = ""
    port: int = 0
    user: str = ""
    password: str = ""
    folder: str = "INBOX"
    path: str = ""

    def __str__(self) -> str:
        """The address without its password, for logs and messages."""
        if self.scheme == "maildir":
            return f"maildir://{self.path}"
        user = f"{self.user}@" if self.user else ""
        return f"{self.scheme}://{user}{self.host}:{self.port}/{self.folder}"


def parse_address(url: str) -> MailboxAddress:
    """``INBOUND_MAIL_URL`` as a ``MailboxAddress``, or ``MailboxError`` saying what is wrong."""
    url = url.strip()
    if not url:
        raise MailboxError(f"INBOUND_MAIL_URL is not set: set it to {EXAMPLES}.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise MailboxError(f"INBOUND_MAIL_URL is not a URL Putright understands ({exc}).") from None
    scheme = parts.scheme.lower()
    if scheme == "maildir":
        path = unquote(parts.path)
        if parts.netloc or not path.startswith("/"):
            raise MailboxError(
                "INBOUND_MAIL_URL: a Maildir is named by its absolute path, "
                "e.g. maildir:///var/mail/complaints (three slashes)."
            )
        return MailboxAddress(scheme="maildir", path=path)
    if scheme not in {"imap", "imap+tls", "imaps"}:
        raise MailboxError(
            f"INBOUND_MAIL_URL has an unknown scheme {parts.scheme!r}: use {EXAMPLES}."
        )
    if not parts.hostname:
        raise MailboxError(
            "INBOUND_MAIL_URL names no IMAP server: e.g. imaps://user:pw@host/INBOX."
        )
    if not parts.username or parts.password is None:
        raise MailboxError(
            "INBOUND_MAIL_URL needs a user name and password, e.g. "
            "imaps://user:password@host/INBOX (percent-encode @, : and / in them)."
        )
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    check_folder_name(folder, "INBOUND_MAIL_URL")
    return MailboxAddress(
        scheme=scheme,
        host=parts.hostname,
        port=port or (993 if scheme == "imaps" else 143),
        user=unquote(parts.username),
        password=unquote(parts.password),
        folder=folder,
    )


def check_folder_name(folder: str, setting: str) -> None:
    if not folder.isascii() or any(ch in folder for ch in '\r\n"\\*%') or not folder.strip():
        raise MailboxError(
            f"{setting}: the folder {folder!r} must be a plain name in ASCII letters, digits, "
            "spaces, dots, slashes or dashes."
        )


@dataclass
class Incoming:
    """One message in the mailbox: its size and arrival time, its header (cheap to read), and
    its whole bytes when asked."""

    label: str
    size: int
    arrived_at: datetime | None
    header: bytes
    handle: Any

    def read(self) -> bytes:
        return self.handle.read()


class Mailbox(Protocol):
    address: MailboxAddress

    def messages(self) -> Iterator[Incoming]: ...

    def mark_taken(self, incoming: Incoming) -> None: ...

    def close(self) -> None: ...


def open_mailbox(address: MailboxAddress, *, processed_folder: str = "") -> Mailbox:
    if address.scheme == "maildir":
        return Maildir(address)
    return Imap(address, processed_folder=processed_folder)


# -- Maildir ---------------------------------------------------------------------------------
#: How much of a Maildir file is read to find its header.
_HEADER_LIMIT = 256 * 1024


class Maildir:
    """A Maildir: messages in ``new`` and those in ``cur`` without the Seen flag."""

    def __init__(self, address: MailboxAddress) -> None:
        self.address = address
        self.root = Path(address.path)
        missing = [d for d in ("cur", "new", "tmp") if not (self.root / d).is_dir()]
        if missing:
            raise MailboxError(
                f"INBOUND_MAIL_URL: {self.root} is not a Maildir (it has no "
                f"{', '.join(missing)} folder)."
            )
        if not os.access(self.root / "cur", os.W_OK) or not os.access(self.root / "new", os.W_OK):
            raise MailboxError(
                f"INBOUND_MAIL_URL: Putright cannot write to the Maildir {self.root}."
            )

    def messages(self) -> Iterator[Incoming]:
        for path in self._untaken():
            try:
                stat = path.stat()
                with path.open("rb") as handle:
                    head = handle.read(_HEADER_LIMIT)
            except OSError:  # taken meanwhile by another fetch, or unreadable: next time
                continue
            end = _header_end(head)
            yield Incoming(
                label=path.name,
                size=stat.st_size,
                arrived_at=datetime.fromtimestamp(stat.st_mtime, tz=UTC),
                header=head[:end],
                handle=_MaildirFile(path),
            )

    def _untaken(self) -> list[Path]:
        found = []
        for sub in ("new", "cur"):
            for entry in sorted((self.root / sub).iterdir(), key=lambda p: p.name):
                if entry.name.startswith(".") or not entry.is_file():
                    continue
                if sub == "cur" and "S" in _flags(entry.name):
                    continue
                found.append(entry)
        return found

    def mark_taken(self, incoming: Incoming) -> None:
        path: Path = incoming.handle.path
        base = path.name.split(":2,", 1)[0]
        flags = "".join(sorted(set(_flags(path.name)) | {"S"}))
        target = self.root / "cur" / f"{base}:2,{flags}"
        try:
            path.rename(target)
        except OSError as exc:
            raise MailboxError(f"cannot mark {path.name} as taken: {exc.strerror}") from None
        incoming.handle.path = target

    def close(self) -> None:
        return None


@dataclass
class _MaildirFile:
    path: Path

    def read(self) -> bytes:
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise MessageUnavailable(exc.strerror or type(exc).__name__) from None


def _flags(name: str) -> str:
    return name.split(":2,", 1)[1] if ":2," in name else ""


def _header_end(data: bytes) -> int:
    for separator in (b"\r\n\r\n", b"\n\n"):
        found = data.find(separator)
        if found >= 0:
            return found + len(separator)
    return len(data)


# -- IMAP ------------------------------------------------------------------------------------
_UID = re.compile(rb"UID (\d+)")
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


class Imap:
    """An IMAP folder. Messages are read with ``BODY.PEEK`` so reading never marks them; a taken
    message is marked ``\\Seen``, or moved to the processed folder when one is set.

    Without a processed folder it lists unseen messages (mark a message unread to have it taken
    again); with one, it lists every message left in the folder.
    """

    def __init__(self, address: MailboxAddress, *, processed_folder: str = "") -> None:
        self.address = address
        self.processed = processed_folder.strip()
        if self.processed:
            check_folder_name(self.processed, "INBOUND_PROCESSED_FOLDER")
        self.client = self._connect()

    def _connect(self) -> imaplib.IMAP4:
        a = self.address
        where = f"{a.host}:{a.port}"
        try:
            if a.scheme == "imaps":
                client: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                    a.host, a.port, ssl_context=ssl.create_default_context(), timeout=TIMEOUT
                )
            else:
                client = imaplib.IMAP4(a.host, a.port, timeout=TIMEOUT)
                if a.scheme == "imap+tls":
                    client.starttls(ssl.create_default_context())
        except (OSError, imaplib.IMAP4.error, ssl.SSLError) as exc:
            raise MailboxError(
                f"cannot reach the IMAP server at {where} ({_reason(exc)}); check INBOUND_MAIL_URL."
            ) from None
        try:
            client.login(a.user, a.password)
        except imaplib.IMAP4.error as exc:
            _logout(client)
            raise MailboxError(
                f"the IMAP server at {where} refused the user name or password for {a.user!r} "
                f"({_reason(exc)}); check INBOUND_MAIL_URL."
            ) from None
        except OSError as exc:
            raise MailboxError(
                f"the IMAP server at {where} stopped answering ({_reason(exc)})."
            ) from None
        try:
            status, data = client.select(quote(a.folder))
        except (OSError, imaplib.IMAP4.error) as exc:
            status, data = "NO", [_bytes(_reason(exc))]
        if status != "OK":
            _logout(client)
            raise MailboxError(
                f"the IMAP server at {where} has no folder {a.folder!r} for {a.user!r} "
                f"({_reason(data)}); check INBOUND_MAIL_URL."
            )
        if self.processed and not _folder_made(client, self.processed):
            _logout(client)
            raise MailboxError(
                f"cannot create the folder {self.processed!r} on the IMAP server at {where}; "
                "check INBOUND_PROCESSED_FOLDER."
            )
        return client

    def _command(self, *args: Any) -> list[Any]:
        try:
            status, data = self.client.uid(*args)
        except (OSError, imaplib.IMAP4.abort) as exc:
            raise MailboxError(
                f"the IMAP server at {self.address.host}:{self.address.port} stopped answering "
                f"({_reason(exc)})."
            ) from None
        if status != "OK":
            raise imaplib.IMAP4.error(_reason(data))
        return data

    def messages(self) -> Iterator[Incoming]:
        found = self._command("SEARCH", None, "ALL" if self.processed else "UNSEEN")
        uids = b" ".join(_bytes(d) for d in found if d).split()
        for uid in uids:
            try:
                data = self._command(
                    "FETCH", uid, "(UID RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER])"
                )
            except imaplib.IMAP4.error:
                continue  # expunged meanwhile
            meta, head = _fetched(data)
            if head is None:
                continue
            size = _SIZE.search(meta)
            arrived = imaplib.Internaldate2tuple(meta)
            yield Incoming(
                label=f"UID {uid.decode()}",
                size=int(size.group(1)) if size else len(head),
                # Internaldate2tuple gives the server's time as this machine's local time.
                arrived_at=(
                    datetime.fromtimestamp(time.mktime(arrived), tz=UTC)
                    if arrived is not None
                    else None
                ),
                header=head,
                handle=_ImapMessage(self, uid),
            )

    def fetch_whole(self, uid: bytes) -> bytes:
        try:
            _meta, body = _fetched(self._command("FETCH", uid, "(UID BODY.PEEK[])"))
        except imaplib.IMAP4.error as exc:
            raise MessageUnavailable(_reason(exc)) from None
        if body is None:
            raise MessageUnavailable(f"the IMAP server gave no message for UID {uid.decode()}")
        return body

    def mark_taken(self, incoming: Incoming) -> None:
        uid = incoming.handle.uid
        try:
            self._command("STORE", uid, "+FLAGS.SILENT", "(\\Seen)")
            if not self.processed:
                return
            if "MOVE" in self.client.capabilities:
                self._command("MOVE", uid, quote(self.processed))
            else:
                self._command("COPY", uid, quote(self.processed))
                self._command("STORE", uid, "+FLAGS.SILENT", "(\\Deleted)")
                if "UIDPLUS" in self.client.capabilities:
                    self._command("EXPUNGE", uid)
                else:
                    self.client.expunge()
        except imaplib.IMAP4.error as exc:
            raise MailboxError(f"cannot mark {incoming.label} as taken ({_reason(exc)}).") from None

    def close(self) -> None:
        _logout(self.client)


@dataclass
class _ImapMessage:
    mailbox: Imap
    uid: bytes

    def read(self) -> bytes:
        return self.mailbox.fetch_whole(self.uid)


def _fetched(data: list[Any]) -> tuple[bytes, bytes | None]:
    """A FETCH answer for one message: its data items (everything outside the literal) and the
    one literal asked for."""
    meta: list[bytes] = []
    literal = None
    for item in data:
        if isinstance(item, tuple):
            meta.append(_bytes(item[0]))
            if literal is None:
                literal = _bytes(item[1])
        elif item is not None:
            meta.append(_bytes(item))
    return b" ".join(meta), literal


def _folder_made(client: imaplib.IMAP4, folder: str) -> bool:
    """Create ``folder`` unless it is there already (said by the ALREADYEXISTS code, or, for
    servers without it, by the folder answering STATUS)."""
    status, data = client.create(quote(folder))
    if status == "OK" or b"ALREADYEXISTS" in b" ".join(_bytes(d) for d in data):
        return True
    return client.status(quote(folder), "(MESSAGES)")[0] == "OK"


def quote(name: str) -> str:
    """A folder name as an IMAP quoted string."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _bytes(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8", "replace")


def _reason(exc: Any) -> str:
    if isinstance(exc, list):
        text = b" ".join(_bytes(d) for d in exc if d).decode("utf-8", "replace")
    elif isinstance(exc, socket.timeout | TimeoutError):
        text = "timed out"
    elif isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror
    else:
        text = str(exc)
        if text.startswith(("b'", 'b"')):
            text = text[2:-1]
    return " ".join(text.split())[:200] or type(exc).__name__


def _logout(client: imaplib.IMAP4) -> None:
    with contextlib.suppress(OSError, imaplib.IMAP4.error):
        client.logout()
