"""Sending a new tracking link by email, on the task queue.

The web request only queues the task (and only when the details matched a complaint), so the
page answers at once and the same way whether or not there was a match. The token is made here,
in the worker, so it never sits in the task queue's table.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext, override
from django_tasks import task

from putright.cases import rules
from putright.cases.actors import System
from putright.cases.models import Complaint
from putright.portal.tracking import issue_tracking_link, recipient_email

#: Who the audit trail says made a link someone asked for on the "send me a new link" page.
REQUESTED = "new link request"


@task()
def send_tracking_link(complaint_id: int, recipient: str, lang: str, base_url: str = "") -> str:
    """Make a new link to the complaint and email it to ``recipient``'s address on file."""
    complaint = (
        Complaint.objects.select_related("person", "representative").filter(pk=complaint_id).first()
    )
    if complaint is None:
        return "missing"
    to = recipient_email(complaint, recipient)
    if not to:
        return "no-address"
    link = issue_tracking_link(
        complaint, base_url=base_url or None, recipient=recipient, actor=System(REQUESTED)
    )
    org = rules.organisation()
    with override(lang):
        organisation = (org.name_cy or org.name) if lang == "cy" else org.name
        subject = gettext("Your link to follow complaint %(reference)s") % {
            "reference": complaint.reference
        }
        body = render_to_string(
            "portal/track/email/new_link.txt",
            {
                "reference": complaint.reference,
                "link": link,
                "days": settings.PUTRIGHT_TRACKING_LINK_DAYS,
                "organisation": organisation,
                "contact_email": settings.PUTRIGHT_CONTACT_EMAIL,
            },
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    return "sent"
