"""The portal's part of the staff case page: the links that let people reach the case online
(consent links and tracking links), never their tokens, with what staff may do about them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from putright.cases.actions import ACTIONS
from putright.cases.models import Complaint
from putright.portal import consent, tracking
from putright.portal.models import ConsentAnswer, ConsentLink, TrackingToken

register = template.Library()

#: What staff read for a consent link in each state.
CONSENT_LINK_STATUS: dict[str, tuple[Any, str]] = {
    "ok": (_("Waiting for an answer"), "blue"),
    "expired": (_("Expired"), "grey"),
    "revoked": (_("Stopped"), "grey"),
    "not-sent": (_("Not sent"), "red"),
    ConsentAnswer.AGREED: (_("Agreed"), "green"),
    ConsentAnswer.DECLINED: (_("Said no"), "red"),
}


@dataclass(frozen=True)
class ConsentLinkRow:
    link: ConsentLink
    status: str
    colour: str


def consent_link_rows(complaint: Complaint, *, now: datetime | None = None) -> list[ConsentLinkRow]:
    """The consent links sent for ``complaint``, newest first, each with what became of it."""
    rows = []
    for link in ConsentLink.objects.filter(complaint=complaint).order_by("-created_at", "-pk"):
        state = consent.link_state(link, now=now)
        if state == "used":
            key = link.answer
        elif state == "revoked" and link.send_error:
            key = "not-sent"
        else:
            key = state
        words, colour = CONSENT_LINK_STATUS.get(key, (key, "grey"))
        rows.append(ConsentLinkRow(link, str(words), colour))
    return rows


def may(key: str, complaint: Complaint, user: Any) -> bool:
    """Whether ``user`` may take the case action ``key`` now (its own permission rules)."""
    return ACTIONS[key](complaint, user).is_available()


@register.inclusion_tag("portal/staff/case_links.html", takes_context=True)
def online_links(context: template.Context, complaint: Complaint) -> dict[str, Any]:
    user = context["request"].user
    live: list[TrackingToken] = tracking.live_links(complaint)
    return {
        "complaint": complaint,
        "tracking_links": live,
        "can_stop": bool(live) and may("stop-tracking-links", complaint, user),
        "stop_url": reverse("staff:act", args=[complaint.pk, "stop-tracking-links"]),
        "consent_links": consent_link_rows(complaint) if complaint.representative_id else [],
        "can_send_consent_link": may("send-consent-link", complaint, user),
        "send_url": reverse("staff:act", args=[complaint.pk, "send-consent-link"]),
    }
