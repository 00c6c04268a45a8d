"""Reading one email: who sent it, what it says, what it carries, and whether it is a person
writing at all. Plain Python over bytes (no Django), so every rule is tested without a database.

Nothing here raises on bad mail: a header that will not parse, a charset nobody knows, bytes
that are not what the charset says, HTML without a plain-text part. Each is read as well as it
can be, and what could not be read is replaced, never dropped in silence.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.header import decode_header
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

#: A case reference as Putright makes them (``PR-2026-000123``), as people write them: any case,
#: with a space instead of a dash. Digits are ASCII only.
REFERENCE = re.compile(r"(?<![A-Za-z0-9])PR[ -]?([0-9]{4})[ -]?([0-9]{6,7})(?![0-9])", re.I)

#: Longest key kept as it is; a longer Message-ID is kept as its hash.
MAX_KEY = 250

#: Why a message is not a person writing, by kind.
BOUNCE = "bounce"
AUTO_REPLY = "auto-reply"
OWN_MAIL = "own-mail"

_PRECEDENCE_AUTOMATIC = frozenset({"bulk", "junk", "auto_reply", "auto-reply"})
_AUTOREPLY_HEADERS = ("x-autoreply", "x-autorespond", "x-autoresponder")
#: How automatic replies begin their subject, in English and Welsh (compared case-folded, with
#: typographic apostrophes made plain).
_AUTOREPLY_SUBJECTS = (
    "out of office",
    "out of the office",
    "automatic reply",
    "auto reply",
    "auto-reply",
    "autoreply",
    "auto:",
    "away from the office",
    "allan o'r swyddfa",
    "ateb awtomatig",
    "ymateb awtomatig",
)
_BOUNCE_SENDERS = frozenset({"mailer-daemon", "mail-daemon"})

#: Characters no stored text keeps: NUL and the other controls but tab, line and page breaks.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")

#: Words common in Welsh prose and rare in English, for choosing the language to answer in.
_WELSH_WORDS = frozenset(
    {
        "mae",
        "yn",
        "wedi",
        "ddim",
        "eich",
        "chi",
        "gyda",
        "ydw",
        "rwy",
        "rydw",
        "rydym",
        "hefyd",
        "ond",
        "cwyn",
        "diolch",
        "yr",
        "ac",
        "ein",
        "fy",
        "nad",
        "oedd",
        "bod",
        "hyn",
        "gan",
        "ni",
        "ei",
        "i'r",
        "o'r",
        "cyngor",
        "annwyl",
        "cofion",
        "gennych",
        "yng",
        "nghylch",
    }
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class Part:
    """A file the email carries, as the sender named it."""

    name: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class Mail:
    """What Putright needs from one email."""

    key: str
    sender_name: str
    sender_email: str
    subject: str
    text: str
    attachments: tuple[Part, ...] = ()
    #: ``BOUNCE``, ``AUTO_REPLY`` or ``OWN_MAIL`` when no person wrote it; "" when one did.
    automatic: str = ""
    #: Why it was judged automatic, for the record (the header or sign that said so).
    automatic_because: str = ""
    #: Case references it quotes, subject first, then body, each once.
    references: tuple[str, ...] = ()
    language: str = "en"
    problems: tuple[str, ...] = ()


def read_mail(raw: bytes, *, own_addresses: frozenset[str] = frozenset()) -> Mail:
    """Read ``raw`` (a whole RFC 5322 message) into a ``Mail``. Never raises on bad mail."""
    message = parse(raw)
    problems: list[str] = []
    name, address = sender(message)
    subject = clean(header(message, "subject")).replace("\n", " ").strip()
    text, body_part = body_text(message, problems)
    attachments = tuple(files(message, body_part, problems))
    automatic, because = automatic_kind(message, address, subject, own_addresses)
    return Mail(
        key=message_key(message, raw),
        sender_name=name,
        sender_email=address,
        subject=subject,
        text=text,
        attachments=attachments,
        automatic=automatic,
        automatic_because=because,
        references=references_in(subject, text),
        language=language_of(message, f"{subject}\n{text}"),
        problems=tuple(problems),
    )


def parse(raw: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


def header(message: Message, name: str) -> str:
    """A header's decoded text; "" when missing. A header the parser cannot decode is read
    from its raw bytes with what cannot be decoded replaced."""
    try:
        value = message.get(name)
        text = "" if value is None else str(value)
    except Exception:  # the header parser's every failure on untrusted bytes means the same
        text = "\ufffd"
    if "\ufffd" not in text:
        return text
    for key, raw_value in message.raw_items():
        if key.lower() == name.lower():
            return decode_words(str(raw_value))
    return text


def decode_words(raw: str) -> str:
    """A raw header's encoded words (``=?charset?Q?…?=``) decoded one by one as ``decode``
    does, so a word in an unknown charset is still read."""
    raw_bytes = raw.encode("utf-8", "surrogateescape")
    if b"=?" not in raw_bytes:  # raw 8-bit text, as some mail programs still send
        return decode(raw_bytes, "utf-8")[0]
    try:
        pieces = decode_header(raw_bytes.decode("ascii", "replace"))
    except Exception:
        pieces = [(raw_bytes, "utf-8")]
    out = []
    for chunk, charset in pieces:
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8", "surrogateescape")
        out.append(decode(chunk, charset)[0])
    return "".join(out)


def message_key(message: Message, raw: bytes) -> str:
    """What makes a message the same message however often it is fetched: its Message-ID, or
    for a message without one (or with one too long to index) a hash of its bytes."""
    found = message_id(message)
    if found and len(found) <= MAX_KEY:
        return found
    if found:
        return "sha256:" + hashlib.sha256(found.encode("utf-8", "replace")).hexdigest()
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def message_id(message: Message) -> str:
    """The Message-ID as ``<id@host>``, or "" when there is none worth the name."""
    value = clean(header(message, "message-id")).strip()
    inner = value[value.find("<") + 1 : value.find(">", value.find("<"))] if "<" in value else value
    inner = "".join(inner.split())
    return f"<{inner}>" if inner else ""


def sender(message: Message) -> tuple[str, str]:
    """The name and address in From, as given (the address lower-cased; "" if none)."""
    value = header(message, "from")
    pairs = getaddresses([value]) if value else []
    name, address = pairs[0] if pairs else parseaddr(value)
    name = clean(name).replace("\n", " ").strip().strip('"').strip()
    address = clean(address).strip().lower()
    if "@" not in address or address.startswith("@") or address.endswith("@"):
        address = ""
    return name[:200], address[:254]


def sender_address(value: str) -> str:
    """The address in ``value`` (``Name <a@b>`` or ``a@b``), lower-cased."""
    return parseaddr(value)[1].strip().lower()


def clean(text: str) -> str:
    """Text fit to store: no NUL or control characters, line ends as ``\\n``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def decode(content: bytes, charset: str | None) -> tuple[str, bool]:
    """Bytes to text by the charset declared; when it is unknown or wrong, as UTF-8, then as
    Windows-1252 (what mislabelled mail almost always is) with anything left replaced. The flag
    says whether the declared charset did not work."""
    for candidate in (charset or "us-ascii", "utf-8"):
        try:
            return content.decode(candidate), candidate != (charset or "us-ascii")
        except (LookupError, UnicodeDecodeError):
            continue
    return content.decode("cp1252", "replace"), True


def part_text(part: Message, problems: list[str]) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset()
    text, guessed = decode(payload, charset)
    if guessed:
        problems.append(f"text not in its declared charset {charset or 'us-ascii'!r}")
    if part.get_content_type() == "text/html":
        text = html_to_text(text)
    return clean(text).strip()


def body_text(message: EmailMessage, problems: list[str]) -> tuple[str, Message | None]:
    """The message's text: its plain-text body, or its HTML body as text."""
    try:
        body = message.get_body(preferencelist=("plain", "html"))
    except Exception:  # a structure the library cannot walk has no body we can find
        body = None
    if body is None:
        if message.get_content_maintype() == "text":
            body = message
        else:
            return "", None
    return part_text(body, problems), body


def files(message: Message, body: Message | None, problems: list[str]) -> Iterator[Part]:
    """Every file the message carries: each leaf part but the body that has a file name or is
    marked as an attachment, and each attached email (as one ``.eml`` file)."""
    count = 0
    for part in leaves(message):
        if part is body:
            continue
        disposition = (part.get_content_disposition() or "").lower()
        try:
            name = part.get_filename() or ""
        except Exception:
            name = ""
        content_type = part.get_content_type()
        if content_type == "message/rfc822":
            inner = part.get_payload()
            inner_message = inner[0] if isinstance(inner, list) and inner else None
            content = inner_message.as_bytes() if isinstance(inner_message, Message) else b""
            name = name or "attached-email.eml"
        elif name or disposition == "attachment":
            payload = part.get_payload(decode=True)
            content = payload if isinstance(payload, bytes) else b""
        elif part.get_content_maintype() == "text" and part.get_content_subtype() in {
            "plain",
            "html",
        }:
            continue  # another rendering of the body, or a short text the body already holds
        else:
            continue  # an unnamed inline image: decoration of an HTML body
        count += 1
        yield Part(
            name=clean(name).replace("\n", " ").strip()[:200] or f"attachment-{count}",
            content_type=content_type,
            content=content,
        )


def leaves(message: Message) -> Iterator[Message]:
    """The parts that hold content, in order; an attached email is one part, not walked into.
    A delivery report's machine-readable parts are left out."""
    if message.is_multipart():
        payload = message.get_payload()
        for sub in payload if isinstance(payload, list) else []:
            if sub.get_content_type() in {"message/delivery-status", "text/rfc822-headers"}:
                continue
            if sub.get_content_maintype() == "multipart":
                yield from leaves(sub)
            else:
                yield sub
    else:
        yield message


def automatic_kind(
    message: Message, address: str, subject: str, own_addresses: frozenset[str]
) -> tuple[str, str]:
    """Whether a machine sent this rather than a person, and the sign that says so.

    A bounce: a delivery status report (``multipart/report``), an empty return path
    (``Return-Path: <>``), a sender called MAILER-DAEMON, or an ``X-Failed-Recipients`` header.
    An automatic reply: ``Auto-Submitted`` other than ``no`` (RFC 3834), ``X-Autoreply`` and its
    kin, ``Precedence`` bulk, junk or auto_reply, or a subject that begins as out-of-office
    replies do, in English or Welsh. Our own mail: sent from this service's own address.
    """
    content_type = message.get_content_type()
    if content_type == "multipart/report":
        return BOUNCE, f"Content-Type: {content_type}"
    return_path = header(message, "return-path").strip()
    if return_path.replace(" ", "") in {"<>", ""} and "return-path" in _lower_keys(message):
        return BOUNCE, "Return-Path: <>"
    if address.split("@", 1)[0] in _BOUNCE_SENDERS:
        return BOUNCE, f"From: {address}"
    if "x-failed-recipients" in _lower_keys(message):
        return BOUNCE, "X-Failed-Recipients"
    auto_submitted = header(message, "auto-submitted").strip().lower()
    if auto_submitted and auto_submitted.split(";")[0].strip() != "no":
        return AUTO_REPLY, f"Auto-Submitted: {auto_submitted[:60]}"
    for name in _AUTOREPLY_HEADERS:
        if name in _lower_keys(message):
            return AUTO_REPLY, name
    precedence = header(message, "precedence").strip().lower()
    if precedence in _PRECEDENCE_AUTOMATIC:
        return AUTO_REPLY, f"Precedence: {precedence}"
    plain_subject = subject.casefold().replace("’", "'").strip()
    for start in _AUTOREPLY_SUBJECTS:
        if plain_subject.startswith(start):
            return AUTO_REPLY, f"Subject: {subject[:60]}"
    if address and address in own_addresses:
        return OWN_MAIL, f"From: {address}"
    return "", ""


def _lower_keys(message: Message) -> set[str]:
    return {key.lower() for key in message}


def references_in(subject: str, text: str) -> tuple[str, ...]:
    """Every case reference quoted, written as Putright writes them: the subject's first."""
    found: dict[str, None] = {}
    for source in (subject, text):
        for match in REFERENCE.finditer(source):
            found[f"PR-{match.group(1)}-{match.group(2)}"] = None
    return tuple(found)


def language_of(message: Message, text: str) -> str:
    """``cy`` when the sender says the message is Welsh (``Content-Language``) or it reads as
    Welsh (at least three different common Welsh words, making up a tenth of its words);
    otherwise ``en``."""
    declared = header(message, "content-language").strip().lower()
    if declared.startswith("cy"):
        return "cy"
    if declared.startswith("en"):
        return "en"
    return "cy" if looks_welsh(text) else "en"


def looks_welsh(text: str) -> bool:
    words = [w.casefold().replace("’", "'") for w in _WORD.findall(text)]
    hits = [w for w in words if w in _WELSH_WORDS]
    return len(set(hits)) >= 3 and len(hits) * 10 >= len(words)


class _TextFromHtml(HTMLParser):
    """The readable text of an HTML email: blocks on their own lines, no scripts or styles."""

    _BLOCKS = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr"}
    )
    _HIDDEN = frozenset({"script", "style", "head", "title", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self.hidden += 1
        elif tag in self._BLOCKS:
            self.out.append("\n")
        if tag == "li":
            self.out.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self._BLOCKS:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.out.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(html: str) -> str:
    """HTML as the text a reader sees: paragraphs and line breaks kept, tags and scripts gone."""
    parser = _TextFromHtml()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # HTMLParser is lenient; anything it still refuses is read as text
        return re.sub(r"<[^>]*>", " ", html)
    lines = [line.strip() for line in "".join(parser.out).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
