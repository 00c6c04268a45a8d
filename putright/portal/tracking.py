"""Tracking links: how someone follows their complaint without an account (ADR 0013).

A link carries a random token of 256 bits (``secrets.token_urlsafe(32)``). Only its SHA-256 is
stored, so the database cannot give the link back. A link works until it expires
(``PUTRIGHT_TRACKING_LINK_DAYS`` after it is made) or is revoked.

Letters and emails make links through ``issue_tracking_link(complaint)``, which they find through
the ``PUTRIGHT_TRACKING_LINK_FACTORY`` setting rather than by importing the portal.

The portal's own writes are here too: the links, and the feedback given after a final response.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from putright.cases import audit
from putright.cases.actors import Complainant, System
from putright.cases.models import Complaint
from putright.portal.models import Feedback, Recipient, TrackingToken

#: Random bytes in a token: 32 bytes is 256 bits, twice the 128 the issue asks for.
TOKEN_BYTES = 32
#: What ``secrets.token_urlsafe(TOKEN_BYTES)`` gives: 43 characters of URL-safe base64.
TOKEN_FORMAT = re.compile(r"[A-Za-z0-9_-]{43}")
#: Who makes a link when no one else is named: the audit trail says so.
LINK_MAKER = "tracking links"

LinkState = Literal["ok", "invalid", "expired", "revoked"]


def token_hash(token: str) -> str:
    """The SHA-256 of a token, in hex: all that is stored of it."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def default_recipient(complaint: Complaint) -> str:
    """Whom a link made for a letter goes to: the representative, when there is one, as the
    acknowledgement does; the person otherwise."""
    return Recipient.REPRESENTATIVE if complaint.representative_id else Recipient.PERSON


def public_base_url(explicit: str | None = None) -> str:
    """The public address links start with: ``explicit``, else ``PUTRIGHT_BASE_URL``."""
    url = (explicit or settings.PUTRIGHT_BASE_URL or "").rstrip("/")
    if not url:
        raise ImproperlyConfigured(
            "PUTRIGHT_BASE_URL must be set to this service's public address, "
            "e.g. https://complaints.example.gov.uk, to make tracking links."
        )
    return url


@transaction.atomic
def issue_tracking_link(
    complaint: Complaint,
    *,
    base_url: str | None = None,
    recipient: str | None = None,
    actor: Any = None,
) -> str:
    """Make a new tracking link for ``complaint`` and return its absolute URL.

    ``base_url`` defaults to ``PUTRIGHT_BASE_URL``; ``recipient`` ("person" or
    "representative") to the representative when there is one. The token is returned once, in
    the URL, and only its hash is kept. The audit trail records that a link was made.
    """
    start = public_base_url(base_url)
    chosen = recipient or default_recipient(complaint)
    if chosen not in Recipient.values:
        raise ValueError(f"recipient must be one of {', '.join(Recipient.values)}, not {chosen!r}")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = timezone.now()
    link = TrackingToken.objects.create(
        complaint=complaint,
        token_hash=token_hash(token),
        recipient=chosen,
        created_at=now,
        expires_at=now + timedelta(days=settings.PUTRIGHT_TRACKING_LINK_DAYS),
    )
    audit.record(
        actor=actor or System(LINK_MAKER),
        action="tracking-link-issued",
        complaint=complaint,
        obj=link,
        after={"recipient": chosen, "expires_at": link.expires_at.isoformat()},
    )
    return start + reverse("portal:track", args=[token])


@transaction.atomic
def revoke_tracking_links(complaint: Complaint, *, actor: Any = None) -> int:
    """Stop every working link to ``complaint``; returns how many were stopped."""
    now = timezone.now()
    live = TrackingToken.objects.filter(complaint=complaint, revoked_at__isnull=True)
    ids = list(live.values_list("pk", flat=True))
    if not ids:
        return 0
    TrackingToken.objects.filter(pk__in=ids).update(revoked_at=now)
    audit.record(
        actor=actor or System(LINK_MAKER),
        action="tracking-links-revoked",
        complaint=complaint,
        obj=complaint,
        after={"links": ids},
    )
    return len(ids)


def live_links(complaint: Complaint, *, now: datetime | None = None) -> list[TrackingToken]:
    """The links to ``complaint`` that work now, newest first: for staff, who never see a
    token (only its hash is kept)."""
    return list(
        TrackingToken.objects.filter(
            complaint=complaint, revoked_at__isnull=True, expires_at__gt=now or timezone.now()
        ).order_by("-created_at", "-pk")
    )


class TrackingLinkKeeper:
    """How the case's "stop all tracking links" action counts and stops the portal's links."""

    def live(self, complaint: Complaint) -> int:
        return TrackingToken.objects.filter(
            complaint=complaint, revoked_at__isnull=True, expires_at__gt=timezone.now()
        ).count()

    def stop(self, complaint: Complaint, *, actor: Any) -> int:
        return revoke_tracking_links(complaint, actor=actor)


KEEPER = TrackingLinkKeeper()


@dataclass(frozen=True)
class Opened:
    """What a token turned out to be: ``ok`` with its link, or why it does not work."""

    state: LinkState
    link: TrackingToken | None = None


def link_state(link: TrackingToken | None, *, now: datetime | None = None) -> LinkState:
    """Whether a stored link works now."""
    if link is None:
        return "invalid"
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at <= (now or timezone.now()):
        return "expired"
    return "ok"


def open_token(token: str, *, now: datetime | None = None) -> Opened:
    """Find the link a token belongs to, by its hash.

    A token that is not the shape ``issue_tracking_link`` makes is refused before any query.
    The lookup is by the token's SHA-256, so how long it takes says nothing about the token.
    """
    if not isinstance(token, str) or not TOKEN_FORMAT.fullmatch(token):
        return Opened("invalid")
    link = (
        TrackingToken.objects.select_related("complaint")
        .filter(token_hash=token_hash(token))
        .first()
    )
    state = link_state(link, now=now)
    return Opened(state, link)


def mark_used(link: TrackingToken) -> None:
    """Remember when the link was last used (for staff and for clearing out old links)."""
    now = timezone.now()
    TrackingToken.objects.filter(pk=link.pk).update(last_used_at=now)
    link.last_used_at = now


def actor_for(link: TrackingToken) -> Complainant:
    """The actor a visitor with this link is, on the audit trail and to the actions."""
    name = "representative" if link.recipient == Recipient.REPRESENTATIVE else "complainant"
    return Complainant(link.complaint_id, name=name)


def normalise_reference(text: str) -> str:
    """A reference as typed (any case, spaces) in the form it is stored: PR-2026-000123."""
    return "".join(text.split()).upper()


def complaint_for_link_request(reference: str, email: str) -> tuple[Complaint, str] | None:
    """The complaint with this reference whose person or representative has this email
    address, and which of them it is; None when there is no such complaint."""
    email = email.strip()
    if not email:
        return None
    complaint = (
        Complaint.objects.select_related("person", "representative")
        .filter(reference=normalise_reference(reference))
        .filter(Q(person__email__iexact=email) | Q(representative__email__iexact=email))
        .first()
    )
    if complaint is None:
        return None
    if complaint.person.email.strip().lower() == email.lower():
        return complaint, Recipient.PERSON
    return complaint, Recipient.REPRESENTATIVE


def recipient_email(complaint: Complaint, recipient: str) -> str:
    """The email address on file for whom the link is for."""
    if recipient == Recipient.REPRESENTATIVE and complaint.representative is not None:
        return complaint.representative.email
    return complaint.person.email


@transaction.atomic
def feedback_give(
    *, complaint: Complaint, actor: Any, rating: str, comment: str, language: str
) -> Feedback | None:
    """Keep the complainant's answer for reporting; a second answer is ignored."""
    given, created = Feedback.objects.get_or_create(
        complaint=complaint,
        defaults={"rating": rating, "comment": comment.strip(), "language": language},
    )
    if not created:
        return None
    audit.record(
        actor=actor, action="feedback", complaint=complaint, obj=given, after={"rating": rating}
    )
    return given
