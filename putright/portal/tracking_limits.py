"""Rate limits kept in the database, so every web process counts against the same limit.

A counter is one row per key and fixed window. Counting is a single ``UPDATE … SET count =
count + 1`` (or the row's first ``INSERT``), which the database applies one request at a time;
no process keeps a count in its own memory. Keys are hashed, so the table holds no IP or email
address.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from putright.portal.models import RequestCounter


@dataclass(frozen=True)
class Limit:
    """At most ``requests`` in each window of ``seconds``."""

    scope: str
    requests: int
    seconds: int


#: "Send me a new link": by the address the request comes from, and by the email address asked
#: for. Settings may override either: PUTRIGHT_NEW_LINK_LIMITS = {"ip": (10, 3600), ...}.
NEW_LINK_LIMITS = {
    "ip": Limit("new-link-ip", 10, 60 * 60),
    "email": Limit("new-link-email", 3, 60 * 60),
}
#: Counters older than this are deleted when a new window starts.
KEEP_FOR = timedelta(days=1)


def new_link_limit(name: str) -> Limit:
    """The limit called ``name`` ("ip" or "email"), as configured."""
    configured = getattr(settings, "PUTRIGHT_NEW_LINK_LIMITS", {}) or {}
    default = NEW_LINK_LIMITS[name]
    if name in configured:
        requests, seconds = configured[name]
        return Limit(default.scope, int(requests), int(seconds))
    return default


def counter_key(scope: str, value: str) -> str:
    return hashlib.sha256(f"{scope}\0{value.strip().lower()}".encode()).hexdigest()


def window_start(now: datetime, seconds: int) -> datetime:
    """The start of the fixed window ``now`` falls in."""
    stamp = int(now.timestamp())
    return datetime.fromtimestamp(stamp - stamp % seconds, tz=UTC)


def count(limit: Limit, value: str, *, now: datetime | None = None) -> int:
    """Count one request for ``value`` under ``limit``; returns the count in this window,
    this request included."""
    now = now or timezone.now()
    key = counter_key(limit.scope, value)
    start = window_start(now, limit.seconds)
    rows = RequestCounter.objects.filter(key=key, window_start=start)
    with transaction.atomic():
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RequestCounter.objects.create(key=key, window_start=start, count=1)
            except IntegrityError:  # another process made the row first: count on it
                rows.update(count=F("count") + 1)
            else:
                RequestCounter.objects.filter(window_start__lt=now - KEEP_FOR).delete()
        return rows.values_list("count", flat=True).get()


def allowed(limit: Limit, value: str, *, now: datetime | None = None) -> bool:
    """Count a request and say whether it is within the limit."""
    return count(limit, value, now=now) <= limit.requests
