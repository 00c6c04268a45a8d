"""How often one place may send a complaint: ``PUTRIGHT_COMPLAINTS_PER_HOUR`` an hour.

Counted in the database (``SubmissionCount``), so every web process shares the count. A place is
the client's address, as the connection gives it or, behind ``PUTRIGHT_PROXY_HOPS`` proxies, as
the nearest of them saw it; only a keyed hash of the address is stored.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from putright.portal.complain.models import SubmissionCount

WINDOW = timedelta(hours=1)


def client_address(request: HttpRequest) -> str:
    """The client's address: the connection's, or the one ``PUTRIGHT_PROXY_HOPS`` trusted proxies
    put in X-Forwarded-For (each proxy adds the address it saw, so the client is that many from
    the right). Anything the client wrote further left is ignored."""
    address = str(request.META.get("REMOTE_ADDR", ""))
    hops = settings.PUTRIGHT_PROXY_HOPS
    if hops > 0:
        forwarded = [
            part.strip()
            for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    return address


def client_key(request: HttpRequest) -> str:
    """A keyed hash of the client's address: the same place gives the same key, and the stored
    key does not give the address away."""
    return hmac.new(
        settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256
    ).hexdigest()


def window_start(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def allow_submission(request: HttpRequest, *, now: datetime | None = None) -> bool:
    """Count one complaint sent from this place, and say whether it is within the limit.

    Attempts over the limit are counted too, so sending again and again does not get through.
    """
    now = now or timezone.now()
    start = window_start(now)
    key = client_key(request)
    with transaction.atomic():
        row, created = SubmissionCount.objects.get_or_create(client=key, window_start=start)
        if created:  # a new window: forget the ones that have ended
            SubmissionCount.objects.filter(window_start__lt=start - WINDOW).delete()
        SubmissionCount.objects.filter(pk=row.pk).update(count=F("count") + 1)
        count = SubmissionCount.objects.values_list("count", flat=True).get(pk=row.pk)
    return count <= settings.PUTRIGHT_COMPLAINTS_PER_HOUR


def try_again_after(now: datetime | None = None) -> datetime:
    """When the present window ends and a place over its limit may send again."""
    return window_start(now or timezone.now()) + WINDOW
