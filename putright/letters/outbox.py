"""Making a letter for a timeline event, and sending its email exactly once.

``letter_for_event`` writes the letter (HTML and text, filled from the case as it is now) and,
when its recipient has an email address, one outbox message. Both are idempotent: a second call
for the same event finds them. ``deliver`` claims a queued message with a conditional UPDATE
(queued → sending) so two workers never both send it, renders the PDF, and sends. A failure the
server may recover from puts it back in the queue with a later ``next_attempt_at``; after
``MAX_ATTEMPTS`` tries, or a permanent refusal, it is failed and staff see why.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import make_msgid
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from putright.cases import audit, rules
from putright.cases.actors import System
from putright.cases.models import Complaint, Event
from putright.letters import content, notify, render, wording
from putright.letters.kinds import SPECS, LetterKind
from putright.letters.models import Letter, LetterStatus, MessageStatus, OutboxMessage

log = logging.getLogger(__name__)

#: Who sends letters, in the audit trail and on the timeline.
SENDER = System("letters")
#: Tries before a message is failed for good (about four hours with the delays below).
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=2)
LONGEST_WAIT = timedelta(hours=2)


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed try: 2, 4, 8… minutes, at most 2 hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


# -- making a letter ---------------------------------------------------------------------------
def letter_for_event(event: Event, kind: str) -> tuple[Letter, OutboxMessage | None]:
    """The ``kind`` letter for ``event``, made now if it was not made before, and its email
    (None when the letter is a draft for staff to check, or is to be posted)."""
    letter = Letter.objects.filter(event=event, kind=kind).first()
    if letter is None:
        letter = _make_letter(event, kind)
    return letter, message_for(letter)


def message_for(letter: Letter) -> OutboxMessage | None:
    """The final letter's email, queued now unless it was before; None for a draft or a letter
    to post (unless GOV.UK Notify posts letters: then the message that posts it, ADR 0018)."""
    if letter.is_draft:
        return None
    if not letter.recipient_email:
        return notify.post_message(letter)
    message, _created = OutboxMessage.objects.get_or_create(
        idempotency_key=f"letter-{letter.pk}",
        defaults={
            "letter": letter,
            "complaint_id": letter.complaint_id,
            "to": letter.recipient_email,
            "subject": letter.subject,
            "text": letter.text,
            "html": letter.html,
        },
    )
    return message


def _make_letter(event: Event, kind: str) -> Letter:
    """A letter that carries a handler's words is made as a draft for staff to check (ADR
    0019); any other is final as it is made."""
    complaint = Complaint.objects.select_related("person", "representative").get(
        pk=event.complaint_id
    )
    letter_language = content.language(complaint)
    large_print = content.large_print(complaint)
    to = content.recipient(complaint, kind)
    words, versions = wording.compose(complaint, event, kind, letter_language)
    rendered = render.render_letter(
        complaint,
        event,
        kind,
        letter_language=letter_language,
        large_print=large_print,
        wording=words,
    )
    status = LetterStatus.DRAFT if SPECS[kind].review_before_sending else LetterStatus.FINAL
    try:
        with transaction.atomic():
            return Letter.objects.create(
                complaint=complaint,
                event=event,
                kind=kind,
                language=letter_language,
                large_print=large_print,
                recipient_name=to.name[:200],
                recipient_email=to.email,
                recipient_address=to.address,
                subject=rendered.subject,
                html=rendered.html,
                text=rendered.text,
                status=status,
                wording=words,
                wording_versions=versions,
            )
    except IntegrityError:  # made by someone else meanwhile: one event never makes two letters
        return Letter.objects.get(event=event, kind=kind)


def ensure_pdf(letter: Letter) -> Letter:
    """Render and store the final letter's PDF, with its hash, unless it has one. A draft's PDF
    is never stored: its words may still change."""
    if letter.pdf or letter.is_draft:
        return letter
    attach_pdf(letter)
    letter.save(update_fields=["pdf", "sha256"])
    return letter


def attach_pdf(letter: Letter) -> None:
    """Render the PDF of the letter's HTML into its file, with its hash (the caller saves)."""
    pdf = render.render_pdf(content.with_link(letter.html, None))  # the page, never a token
    letter.sha256 = hashlib.sha256(pdf).hexdigest()
    name = f"{letter.complaint.reference}-{letter.kind}-{letter.pk}.pdf"
    letter.pdf.save(name, ContentFile(pdf), save=False)


def pdf_filename(letter: Letter) -> str:
    return f"{letter.complaint.reference}-{letter.kind}.pdf"


# -- sending -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Delivery:
    """What one try did: ``status`` is the message's status after it (or ``missing``), and
    ``retry_at`` when to try again."""

    status: str
    retry_at: datetime | None = None


def deliver(message_id: int) -> Delivery:
    """Send a queued message once. Anything but a queued message is left as it is."""
    claimed = OutboxMessage.objects.filter(pk=message_id, status=MessageStatus.QUEUED).update(
        status=MessageStatus.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        current = OutboxMessage.objects.filter(pk=message_id).values_list("status", flat=True)
        return Delivery(current[0] if current else "missing")
    message = OutboxMessage.objects.select_related("letter__complaint").get(pk=message_id)
    try:
        send = _sender(message)
    except Exception as exc:  # a letter that cannot be rendered will not render next time either
        log.exception("Outbox message %s: the letter could not be rendered", message_id)
        return _failed(message, f"The PDF could not be made: {_describe(exc)}")
    try:
        send()
    except OSError as exc:  # smtplib's and Notify's errors, refused connections and timeouts
        if _permanent(exc):
            return _failed(message, _describe(exc))
        return _try_later(message, _describe(exc))
    _sent(message)
    return Delivery(MessageStatus.SENT)


def _sender(message: OutboxMessage) -> Callable[[], object]:
    """What sends the message: its email, through the configured email backend; or, for a
    letter to post, its PDF to GOV.UK Notify (ADR 0018)."""
    if notify.is_post(message):
        return partial(notify.post_letter, ensure_pdf(message.letter))
    return partial(build_email(message).send, fail_silently=False)


def build_email(message: OutboxMessage) -> EmailMultiAlternatives:
    """The email: plain text, the HTML alternative, and the letter's PDF attached."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "putright.invalid"
    headers = {
        "Message-ID": make_msgid(idstring=message.idempotency_key, domain=domain),
        "Auto-Submitted": "auto-generated",
    }
    if settings.PUTRIGHT_CONTACT_EMAIL:
        headers["Reply-To"] = settings.PUTRIGHT_CONTACT_EMAIL
    letter = message.letter
    link = None
    if letter is not None:
        headers["X-Putright-Reference"] = letter.complaint.reference
        if content.TRACKING_LINK_MARKER in message.text + message.html:
            link = content.tracking_link(letter.complaint)  # issued now, never stored
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=content.with_link(message.text, link),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers=headers,
    )
    if message.html:
        email.attach_alternative(content.with_link(message.html, link), "text/html")
    if letter is not None:
        ensure_pdf(letter)
        with letter.pdf.open("rb") as pdf:
            email.attach(pdf_filename(letter), pdf.read(), "application/pdf")
    return email


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]


def _permanent(exc: OSError) -> bool:
    """The server refused for good (a 5xx reply): trying again would be refused again. A mail
    service's own error says so itself (GOV.UK Notify's 4xx)."""
    if isinstance(exc, notify.NotifyError):
        return exc.permanent
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in exc.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(exc, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return exc.smtp_code >= 500
    return False


def _try_later(message: OutboxMessage, error: str) -> Delivery:
    if message.attempts >= MAX_ATTEMPTS:
        return _failed(message, error)
    when = timezone.now() + backoff(message.attempts)
    OutboxMessage.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
        status=MessageStatus.QUEUED,
        last_error=error,
        next_attempt_at=when,
        updated_at=timezone.now(),
    )
    log.warning("Outbox message %s not sent (%s); next try at %s", message.pk, error, when)
    return Delivery(MessageStatus.QUEUED, retry_at=when)


def _failed(message: OutboxMessage, error: str) -> Delivery:
    OutboxMessage.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
        status=MessageStatus.FAILED,
        last_error=error,
        next_attempt_at=None,
        updated_at=timezone.now(),
    )
    log.error("Outbox message %s failed: %s", message.pk, error)
    if message.complaint_id:
        audit.record(
            actor=SENDER,
            action="mail-failed",
            complaint=Complaint.objects.get(pk=message.complaint_id),
            obj=message,
            after={"to": message.to, "error": error, "attempts": message.attempts},
        )
    return Delivery(MessageStatus.FAILED)


def _sent(message: OutboxMessage) -> None:
    now = timezone.now()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENT, sent_at=now, next_attempt_at=None, updated_at=now
    )
    letter = message.letter
    if letter is None:
        return
    Letter.objects.filter(pk=letter.pk, sent_at__isnull=True).update(sent_at=now)
    audit.record(
        actor=SENDER,
        action="letter-sent",
        complaint=letter.complaint,
        obj=letter,
        after={"kind": letter.kind, "to": message.to, "sha256": letter.sha256},
    )
    if letter.kind == LetterKind.ACKNOWLEDGEMENT:
        record_acknowledgement(letter.complaint, rules.today())


def record_acknowledgement(complaint: Complaint, sent_on: date) -> None:
    """Record the acknowledgement on the case, so the queue stops counting down to it. A case
    already acknowledged (or closed) is left as it is."""
    from putright.cases.actions import ACTIONS, ActionRefused

    try:
        ACTIONS["acknowledge"](Complaint.objects.get(pk=complaint.pk), SENDER).run(
            {"sent_on": sent_on}
        )
    except ActionRefused as refused:
        log.info("Acknowledgement for %s not recorded: %s", complaint.reference, refused)


# -- putting messages back in the queue ---------------------------------------------------------
def due_messages(now: datetime | None = None) -> list[int]:
    """Queued messages whose next try is due (or never set)."""
    now = now or timezone.now()
    queued = OutboxMessage.objects.filter(status=MessageStatus.QUEUED)
    due = queued.filter(next_attempt_at__lte=now) | queued.filter(next_attempt_at__isnull=True)
    return list(due.order_by("pk").values_list("pk", flat=True))


def try_again(message: OutboxMessage, *, actor: object) -> bool:
    """Put a failed message back in the queue, for a member of staff once the problem is fixed.
    Its attempts start again. False when it was not failed."""
    now = timezone.now()
    changed = OutboxMessage.objects.filter(pk=message.pk, status=MessageStatus.FAILED).update(
        status=MessageStatus.QUEUED, attempts=0, next_attempt_at=now, updated_at=now
    )
    if changed and message.complaint_id:
        audit.record(
            actor=actor,
            action="mail-try-again",
            complaint=Complaint.objects.get(pk=message.complaint_id),
            obj=message,
            before={"status": MessageStatus.FAILED, "last_error": message.last_error},
            after={"status": MessageStatus.QUEUED},
        )
    return bool(changed)
