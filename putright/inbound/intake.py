"""Taking mail from the inbound mailbox, once each, into cases (ADR 0016).

A message that quotes the reference of an open case is added to it as information from the
complainant (``add-information``, as the system ``fetch-mail``), which tells whoever is working
on the case. Any other message from a person becomes a new complaint on the email channel,
awaiting triage (``complaint_create``). Bounces, automatic replies and our own mail are recorded
as skipped. Files are judged by the upload rules; a refused file is listed on the case with the
reason.

Each message is taken once, by its Message-ID (or, without one, the hash of its bytes), kept in
``InboundMessage`` in the same transaction as the case it changed. A message that fails is
recorded with its error and tried again on later fetches, ``INBOUND_MAX_ATTEMPTS`` times in all;
one message failing never stops the rest of the mailbox.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import validate_email
from django.db import DatabaseError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation

from putright.cases import limits, rules
from putright.cases.actions import ACTIONS, ActionRefused
from putright.cases.actors import System
from putright.cases.models import Channel, Complaint
from putright.cases.services import NewComplaint, PersonDetails, complaint_create
from putright.cases.uploads import MAX_UPLOAD_BYTES, UploadRefused, inspect_upload
from putright.inbound import reading
from putright.inbound.mailboxes import (
    Incoming,
    Mailbox,
    MailboxError,
    MessageUnavailable,
    open_mailbox,
    parse_address,
)
from putright.inbound.models import FINAL, InboundMessage, Outcome

log = logging.getLogger(__name__)

#: Who the timeline and the audit trail say took the mail.
FETCHER = System("fetch-mail")

#: A message bigger than this is not downloaded: it is recorded as too large, for a person to
#: deal with in the mailbox. Five of the largest files the upload rules take, base64-encoded.
MAX_MESSAGE_BYTES = 5 * MAX_UPLOAD_BYTES * 4 // 3 + 1024 * 1024

# What is written on a case, for staff, in English (as the timeline's plain-English summaries).
FROM_LINE = "Email from {sender}"
SUBJECT_LINE = "Subject: {subject}"
REFUSED_HEADING = "Files in the email that were not accepted:"
REFUSED_LINE = "- {name}: {reason}"
LONG_TEXT_NOTE = (
    "[The email was longer than {limit:,} characters: the whole text is attached as {name}.]"
)
LONG_TEXT_CUT = "[The email was longer than {limit:,} characters and is cut here.]"
LONG_TEXT_NAME = "email-text.txt"
UNREADABLE_NOTE = (
    "[Some of this email could not be read as it was sent ({problems}): characters that could "
    "not be read are shown as \ufffd. The original stays in the mailbox.]"
)
NO_CASE_NOTE = "This email quoted the reference {reference}, which matches no case."
CLOSED_CASE_NOTE = (
    "This email quoted the reference {reference}; it could not be added to that case ({reason})."
)
#: Put where a procedure needs to know what would put things right, which an email does not
#: answer separately: staff ask, or take it from what went wrong, at triage.
PUT_RIGHT_NOT_ASKED = (
    "Not asked: this complaint came by email. See what went wrong, or ask the complainant "
    "at triage."
)


class ConfigurationError(Exception):
    """A setting stops mail being taken: one line saying which and what to set."""


@dataclass
class Summary:
    """What one fetch did: how many messages came to each outcome, and how many were already
    taken on an earlier fetch."""

    mailbox: str = ""
    outcomes: Counter[str] = field(default_factory=Counter)
    already_taken: int = 0
    unavailable: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            **{str(k): v for k, v in sorted(self.outcomes.items())},
            "already-taken": self.already_taken,
            "unavailable": self.unavailable,
        }

    def __str__(self) -> str:
        taken = sum(self.outcomes.values())
        parts = [f"{Outcome(k).label}: {v}" for k, v in sorted(self.outcomes.items())]
        if self.already_taken:
            parts.append(f"already taken: {self.already_taken}")
        if self.unavailable:
            parts.append(f"gone before it could be read: {self.unavailable}")
        detail = f" ({'; '.join(str(p) for p in parts)})" if parts else ""
        return f"{taken} message{'' if taken == 1 else 's'} read from {self.mailbox}{detail}"


@dataclass(frozen=True)
class Options:
    max_attempts: int
    procedure_id: str
    own_addresses: frozenset[str]


def options() -> Options:
    """The settings that shape how mail is taken, checked: ``ConfigurationError`` if not."""
    attempts = settings.INBOUND_MAX_ATTEMPTS
    if not 1 <= attempts <= 100:
        raise ConfigurationError("INBOUND_MAX_ATTEMPTS must be a whole number from 1 to 100.")
    if not 1 <= settings.INBOUND_MAX_MESSAGES <= 100_000:
        raise ConfigurationError("INBOUND_MAX_MESSAGES must be a whole number from 1 to 100000.")
    offered = list(rules.organisation().procedures)
    procedure_id = settings.INBOUND_PROCEDURE.strip() or (offered[0] if offered else "")
    if procedure_id not in offered:
        raise ConfigurationError(
            f"INBOUND_PROCEDURE must be one of the procedures this organisation offers "
            f"({', '.join(offered) or 'none yet'}), not {procedure_id!r}."
        )
    own = {settings.DEFAULT_FROM_EMAIL, settings.PUTRIGHT_CONTACT_EMAIL}
    return Options(
        max_attempts=attempts,
        procedure_id=procedure_id,
        own_addresses=frozenset(reading.sender_address(a) for a in own if a),
    )


def fetch_configured(*, limit: int | None = None) -> Summary:
    """Fetch from the mailbox ``INBOUND_MAIL_URL`` names. ``MailboxError`` or
    ``ConfigurationError`` when it cannot be reached or a setting is wrong."""
    address = parse_address(settings.INBOUND_MAIL_URL)
    chosen = options()
    mailbox = open_mailbox(address, processed_folder=settings.INBOUND_PROCESSED_FOLDER)
    try:
        return fetch(mailbox, chosen, limit=limit or settings.INBOUND_MAX_MESSAGES)
    finally:
        mailbox.close()


def fetch(mailbox: Mailbox, chosen: Options, *, limit: int) -> Summary:
    """Take up to ``limit`` messages not taken before. A message that fails is recorded and the
    fetch goes on; losing the mailbox or the database ends it (what was taken stays taken)."""
    summary = Summary(mailbox=str(mailbox.address))
    for incoming in mailbox.messages():
        if sum(summary.outcomes.values()) >= limit:
            break
        try:
            outcome = take(incoming, chosen)
        except MessageUnavailable as exc:
            log.warning("Inbound mail: %s could not be read (%s); next fetch.", incoming.label, exc)
            summary.unavailable += 1
            continue
        if outcome is None:
            summary.already_taken += 1
        else:
            summary.outcomes[outcome] += 1
        if outcome is None or outcome in FINAL:
            try:
                mailbox.mark_taken(incoming)
            except MailboxError as exc:  # the table still knows it was taken
                log.warning("Inbound mail: %s", exc)
    return summary


def take(incoming: Incoming, chosen: Options) -> str | None:
    """Take one message: its outcome, or None if an earlier fetch took it."""
    head = reading.parse(incoming.header)
    known = reading.message_id(head)
    if known and _final(reading.message_key(head, incoming.header)):
        return None
    if incoming.size > MAX_MESSAGE_BYTES:
        return _too_large(incoming, chosen)
    raw = incoming.read()
    mail = reading.read_mail(raw, own_addresses=chosen.own_addresses)
    arrived = incoming.arrived_at or timezone.now()
    with transaction.atomic():
        row = _row(mail, arrived)
        if row.is_final:
            return None
        try:
            with transaction.atomic():
                _handle(mail, row, chosen, received_on=_received_on(arrived))
        except Exception as exc:  # any failure of one message is recorded, never the fetch's end
            if isinstance(exc, DatabaseError) and not transaction.get_connection().is_usable():
                raise
            log.exception("Inbound mail: %s (%s) failed", incoming.label, mail.key)
            row.attempts += 1
            row.error = f"{type(exc).__name__}: {exc}"[:2000]
            row.outcome = Outcome.GAVE_UP if row.attempts >= chosen.max_attempts else Outcome.FAILED
            row.complaint = None
        row.save()
    log.info("Inbound mail: %s (%s): %s", incoming.label, mail.key, row.outcome)
    return row.outcome


def _final(key: str) -> bool:
    return InboundMessage.objects.filter(message_id=key, outcome__in=FINAL).exists()


def _row(mail: reading.Mail, arrived: datetime) -> InboundMessage:
    row, _created = InboundMessage.objects.select_for_update().get_or_create(
        message_id=mail.key,
        defaults={
            "received_at": arrived,
            "sender": mail.sender_email,
            "subject": mail.subject[:300],
        },
    )
    return row


def _too_large(incoming: Incoming, chosen: Options) -> str | None:
    """Record a message too large to download, by its header; a person deals with it in the
    mailbox."""
    mail = reading.read_mail(incoming.header, own_addresses=chosen.own_addresses)
    with transaction.atomic():
        row = _row(mail, incoming.arrived_at or timezone.now())
        if row.is_final:
            return None
        row.outcome = Outcome.TOO_LARGE
        row.error = (
            f"The message is {filesizeformat(incoming.size)}; messages larger than "
            f"{filesizeformat(MAX_MESSAGE_BYTES)} are left in the mailbox."
        )
        row.save()
    log.warning("Inbound mail: %s (%s) is too large to take", incoming.label, mail.key)
    return row.outcome


def _received_on(arrived: datetime) -> date:
    """The day the mailbox received it, in local time; never before the earliest date a case
    records nor after today."""
    day = timezone.localdate(arrived)
    return min(max(day, limits.earliest_date()), rules.today())


# -- what becomes of a message ---------------------------------------------------------------
def _handle(mail: reading.Mail, row: InboundMessage, chosen: Options, *, received_on: date) -> None:
    row.sender, row.subject = mail.sender_email, mail.subject[:300]
    row.error, row.complaint = "", None
    if mail.automatic:
        row.outcome = {
            reading.BOUNCE: Outcome.BOUNCE,
            reading.AUTO_REPLY: Outcome.AUTO_REPLY,
            reading.OWN_MAIL: Outcome.OWN_MAIL,
        }[mail.automatic]
        row.error = mail.automatic_because
        return
    accepted, refused = judge_files(mail.attachments)
    text, extra = fit_text(mail.text)
    accepted += extra
    if mail.problems:
        log.warning("Inbound mail: %s could not all be read: %s", mail.key, mail.problems)
        text = f"{text}\n\n{UNREADABLE_NOTE.format(problems='; '.join(mail.problems))}".strip()
    row.refused_files = [{"name": name, "reason": reason} for name, reason in refused]
    note = ""
    for reference in mail.references:
        complaint = Complaint.objects.filter(reference=reference).first()
        if complaint is None:
            continue
        row.quoted_reference = reference
        try:
            ACTIONS["add-information"](complaint, FETCHER).run(
                {
                    "text": information_text(mail, text, refused),
                    "files": tuple(accepted),
                }
            )
        except ActionRefused as exc:
            note = CLOSED_CASE_NOTE.format(reference=reference, reason=_english(exc))
            break
        row.outcome, row.complaint = Outcome.ADDED_TO_CASE, complaint
        return
    if mail.references and not note:
        row.quoted_reference = mail.references[0]
        note = NO_CASE_NOTE.format(reference=mail.references[0])
    if not _valid_address(mail.sender_email):
        row.outcome = Outcome.NO_SENDER
        row.error = "No sender address to reply to in From."
        return
    complaint = complaint_create(
        data=new_complaint(mail, text, accepted, refused, note, chosen, received_on=received_on),
        actor=FETCHER,
        today=rules.today(),
    )
    row.outcome, row.complaint = Outcome.NEW_COMPLAINT, complaint


def judge_files(parts: Sequence[reading.Part]) -> tuple[list[Any], list[tuple[str, str]]]:
    """The files the upload rules accept, ready to store, and the name and reason of each they
    refuse."""
    accepted: list[Any] = []
    refused: list[tuple[str, str]] = []
    for part in parts:
        upload = SimpleUploadedFile(part.name, part.content, part.content_type)
        try:
            inspect_upload(upload)
        except UploadRefused as exc:
            with translation.override("en"):
                refused.append((part.name, str(exc.message)))
        else:
            accepted.append(upload)
    return accepted, refused


def fit_text(text: str) -> tuple[str, list[Any]]:
    """The text as a case keeps it: at most ``limits.MAX_LONG_TEXT`` characters, less room for
    the sender, subject and refused files. Longer text is cut there, with a note, and the whole
    of it comes back as a file to attach (when the upload rules take it)."""
    limit = limits.MAX_LONG_TEXT - 2_000
    if len(text) <= limit:
        return text, []
    whole = reading.Part(LONG_TEXT_NAME, "text/plain", text.encode("utf-8"))
    accepted, _refused = judge_files([whole])
    note = (LONG_TEXT_NOTE if accepted else LONG_TEXT_CUT).format(limit=limit, name=LONG_TEXT_NAME)
    return f"{text[: limit - len(note) - 2].rstrip()}\n\n{note}", accepted


def refused_lines(refused: Sequence[tuple[str, str]]) -> list[str]:
    if not refused:
        return []
    return ["", REFUSED_HEADING, *(REFUSED_LINE.format(name=n, reason=r) for n, r in refused)]


def information_text(mail: reading.Mail, text: str, refused: Sequence[tuple[str, str]]) -> str:
    who = f"{mail.sender_name} <{mail.sender_email}>" if mail.sender_name else mail.sender_email
    lines = [FROM_LINE.format(sender=who or "an unknown sender")]
    if mail.subject:
        lines.append(SUBJECT_LINE.format(subject=mail.subject))
    if text:
        lines += ["", text]
    return "\n".join([*lines, *refused_lines(refused)])[: limits.MAX_LONG_TEXT]


def new_complaint(
    mail: reading.Mail,
    text: str,
    files: list[Any],
    refused: Sequence[tuple[str, str]],
    note: str,
    chosen: Options,
    *,
    received_on: date,
) -> NewComplaint:
    """The email as the service takes a complaint: the sender is the person, the subject and
    the text what went wrong."""
    procedure = rules.registry().effective_on(chosen.procedure_id, received_on)
    needs_put_right = any(r.name == "put_right" for r in procedure.required_fields)
    description = "\n\n".join(part for part in (mail.subject, text) if part)
    lines = [description or mail.subject or "(no text)", *refused_lines(refused)]
    if note:
        lines += ["", note]
    intake = {"email": mail.key[:200]}
    if mail.references:
        intake["quoted_reference"] = mail.references[0]
    if refused:
        intake["refused_files"] = "; ".join(f"{n}: {r}" for n, r in refused)[:2000]
    return NewComplaint(
        procedure_id=chosen.procedure_id,
        channel=Channel.EMAIL,
        received_on=received_on,
        what_went_wrong="\n".join(lines)[: limits.MAX_LONG_TEXT],
        put_right=PUT_RIGHT_NOT_ASKED if needs_put_right else "",
        language=mail.language,
        person=PersonDetails(
            full_name=(mail.sender_name or mail.sender_email)[: limits.MAX_NAME],
            email=mail.sender_email,
            preferred_contact="email",
            language=mail.language,
        ),
        files=files,
        intake=intake,
        submission_key=submission_key(mail.key),
    )


def submission_key(key: str) -> str:
    """The complaint's submission key for a message: the same message never records two."""
    return "email-" + hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:58]


def _valid_address(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def _english(exc: ActionRefused) -> str:
    with translation.override("en"):
        return "; ".join(str(r.message) for r in exc.refusals)
