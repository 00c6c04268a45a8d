"""GOV.UK Notify as the way letters leave Putright, chosen by ``PUTRIGHT_MAIL_SERVICE=notify``
(ADR 0018).

- **Email.** ``NotifyEmailBackend`` is a Django email backend: every email Putright sends (an
  outbox message, a new tracking link) goes through Notify's API with one template whose subject
  is ``((subject))`` and whose body is ``((body))``; the message's subject and plain text fill
  them. Notify sends no attachments, so the letter's PDF stays on the case.
- **Post.** A final letter to post becomes an outbox message ``post-<letter id>``, and the outbox
  sends its PDF to Notify as a precompiled letter, to be printed and posted.

A refusal (4xx, but for 429, too many requests) is for good: the message fails with Notify's own
words, shown to staff on the case and on "Sent mail". A 5xx, a 429, a timeout or a refused
connection is tried again later, as the outbox tries again after any failure it may recover from.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.errors import HTTPError, InvalidResponse, TokenError
from notifications_python_client.notifications import NotificationsAPIClient

from putright.letters.models import Letter, OutboxMessage

log = logging.getLogger(__name__)

#: Notify's production API: the default for NOTIFY_BASE_URL.
PRODUCTION_API = "https://api.notifications.service.gov.uk"
#: What stands in "To" on "Sent mail" for a letter posted through Notify.
POST_TO = "post"


class NotifyError(OSError):
    """Notify did not take a message. ``permanent``: trying again would be refused again."""

    def __init__(self, text: str, *, permanent: bool) -> None:
        super().__init__(text)
        self.permanent = permanent


def in_use() -> bool:
    return settings.PUTRIGHT_MAIL_SERVICE == "notify"


def posts_letters() -> bool:
    return in_use() and settings.NOTIFY_POST_LETTERS


def client() -> NotificationsAPIClient:
    return NotificationsAPIClient(
        settings.NOTIFY_API_KEY,
        base_url=settings.NOTIFY_BASE_URL,
        timeout=settings.NOTIFY_TIMEOUT,
    )


def call(what: str, send: Callable[..., Any], **arguments: Any) -> dict[str, Any]:
    """Call Notify, turning each failure into a ``NotifyError`` that says whether to try again."""
    try:
        answer = send(**arguments)
    except HTTPError as exc:  # requests' timeouts and refused connections arrive as 503
        status = exc.status_code
        permanent = 400 <= status < 500 and status != 429
        cause = f" ({type(exc.__cause__).__name__})" if exc.response is None else ""
        verb = "refused" if permanent else "could not take"
        raise NotifyError(
            f"GOV.UK Notify {verb} the {what}: {status} {_words(exc.message)}{cause}",
            permanent=permanent,
        ) from exc
    except InvalidResponse as exc:  # it may have been sent: trying again could send it twice
        raise NotifyError(
            f"GOV.UK Notify's answer about the {what} was not understood ({exc.status_code}); "
            "check Notify before trying again",
            permanent=True,
        ) from exc
    except TokenError as exc:
        raise NotifyError(
            f"NOTIFY_API_KEY cannot sign a request: {exc.message}", permanent=True
        ) from exc
    return answer if isinstance(answer, dict) else {}


def _words(message: str | Sequence[Any]) -> str:
    """Notify's errors, ``[{"error": "BadRequestError", "message": "…"}]``, as one line."""
    if isinstance(message, str):
        return message
    parts = [
        f"{e.get('error', '')}: {e.get('message', '')}" if isinstance(e, dict) else str(e)
        for e in message
    ]
    return "; ".join(parts)


# -- email ---------------------------------------------------------------------------------------
class NotifyEmailBackend(BaseEmailBackend):
    """Django's email backend for GOV.UK Notify: one API call per recipient."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if not email_messages:
            return 0
        api = client()
        sent = 0
        for message in email_messages:
            try:
                for address in message.recipients():
                    answer = call(
                        "email",
                        api.send_email_notification,
                        email_address=address,
                        template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                        personalisation={"subject": message.subject, "body": message.body},
                        reference=message.extra_headers.get("X-Putright-Reference") or None,
                    )
                    log.info("GOV.UK Notify took an email: notification %s", answer.get("id"))
            except NotifyError:
                if not self.fail_silently:
                    raise
                continue
            sent += 1
        return sent


# -- post ----------------------------------------------------------------------------------------
def post_message(letter: Letter) -> OutboxMessage | None:
    """The outbox message that posts a final letter through Notify, made now unless it was
    before; None when Notify does not post letters (staff print them)."""
    if not posts_letters() or letter.is_draft or letter.recipient_email:
        return None
    message, _created = OutboxMessage.objects.get_or_create(
        idempotency_key=f"post-{letter.pk}",
        defaults={
            "letter": letter,
            "complaint_id": letter.complaint_id,
            "to": POST_TO,
            "subject": letter.subject,
            "text": letter.text,
        },
    )
    return message


def is_post(message: OutboxMessage) -> bool:
    return message.idempotency_key.startswith("post-") and message.letter_id is not None


def post_letter(letter: Letter) -> str:
    """Send the letter's PDF (already made) to Notify as a precompiled letter; Notify's id."""
    with letter.pdf.open("rb") as pdf:
        answer = call(
            "letter",
            client().send_precompiled_letter_notification,
            reference=f"{letter.complaint.reference}-{letter.kind}-{letter.pk}",
            pdf_file=pdf,
            postage=settings.NOTIFY_POSTAGE,
        )
    log.info("GOV.UK Notify took letter %s to post: notification %s", letter.pk, answer.get("id"))
    return str(answer.get("id", ""))
