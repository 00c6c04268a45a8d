"""Emailing the person a consent link, on the task queue.

The portal hears two timeline events after they commit: a representative's complaint arriving
online with "they will sign a declaration later", and staff asking again
(``send-consent-link``). Each queues ``send_consent_link`` with the event's id. The token is
made in the worker, so it never sits in the task queue's table, nor in any stored email: it
goes straight to the mail server. The event's id makes the task safe to run twice: one event
never makes two links.
"""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext, override
from django_tasks import task

from putright.cases import rules
from putright.cases.models import Event
from putright.portal import consent

log = logging.getLogger(__name__)

#: The "received" event's note of how a representative said consent will come (ADR 0014).
DECLARATION_LATER = "declaration-later"


def asks_for_link(event: Event) -> bool:
    """A timeline event that asks for a consent link to be emailed to the person."""
    if event.kind == "consent-link-requested":
        return True
    data = event.data if isinstance(event.data, dict) else {}
    return event.kind == "received" and data.get("consent") == DECLARATION_LATER


def on_event(event: Event) -> None:
    """Subscribed to the timeline (``cases.effects``): queue the email an event asks for."""
    if asks_for_link(event):
        transaction.on_commit(partial(send_consent_link.enqueue, event.pk))


def email_languages(complaint_language: str) -> list[str]:
    """The languages of the email: the case's, or Welsh then English when the organisation
    writes every letter in both."""
    if rules.organisation().bilingual_letters:
        return ["cy", "en"]
    return ["cy"] if complaint_language == "cy" else ["en"]


def render_email(issued: consent.Issued, languages: list[str]) -> tuple[str, str]:
    """The subject and plain-text body, in each of ``languages`` in turn."""
    complaint = issued.link.complaint
    org = rules.organisation()
    subjects, bodies = [], []
    for lang in languages:
        with override(lang):
            subjects.append(
                gettext("Do you agree to %(name)s acting for you? Complaint %(reference)s")
                % {
                    "name": " ".join(complaint.representative.full_name.split()),
                    "reference": complaint.reference,
                }
            )
            bodies.append(
                render_to_string(
                    "portal/consent/email/link.txt",
                    {
                        "person": complaint.person.full_name,
                        "representative": complaint.representative.full_name,
                        "reference": complaint.reference,
                        "link": issued.url,
                        "expires_on": issued.link.expires_at,
                        "organisation": (org.name_cy or org.name) if lang == "cy" else org.name,
                        "contact_email": settings.PUTRIGHT_CONTACT_EMAIL,
                    },
                ).strip()
            )
    return " / ".join(subjects), "\n\n----------\n\n".join(bodies) + "\n"


@task()
def send_consent_link(event_id: int, base_url: str = "") -> str:
    """Make the link ``event_id`` asked for and email it to the person's address on file."""
    event = (
        Event.objects.select_related("complaint__person", "complaint__representative")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return "missing"
    complaint = event.complaint
    if consent.waiting_refusals(complaint):
        return "not-waiting"
    to = complaint.person.email.strip()
    if not to:
        return "no-address"
    languages = email_languages(complaint.language)
    try:
        issued = consent.issue_consent_link(
            event, to=to, language=languages[0], base_url=base_url or None
        )
    except IntegrityError:
        return "already"
    except ImproperlyConfigured:
        log.exception("Consent link for %s not made: no public address", complaint.reference)
        return "no-base-url"
    subject, body = render_email(issued, languages)
    headers = {"Auto-Submitted": "auto-generated", "X-Putright-Reference": complaint.reference}
    if settings.PUTRIGHT_CONTACT_EMAIL:
        headers["Reply-To"] = settings.PUTRIGHT_CONTACT_EMAIL
    email = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to], headers=headers)
    try:
        email.send(fail_silently=False)
    except OSError as exc:  # smtplib's errors, refused connections and timeouts
        consent.mark_not_sent(issued.link, f"{type(exc).__name__}: {exc}")
        log.warning("Consent link for %s not sent: %s", complaint.reference, exc)
        return "failed"
    consent.mark_sent(issued.link)
    return "sent"
