"""Effects outside the database (mail, letters, webhooks) hear about timeline events only after
the transaction that wrote them commits: a refused or rolled-back action sends nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from django.db import transaction

from putright.cases.models import Event

log = logging.getLogger(__name__)

Subscriber = Callable[[Event], None]
_subscribers: list[Subscriber] = []


def subscribe(subscriber: Subscriber) -> Subscriber:
    """Call ``subscriber(event)`` for every timeline event, after its transaction commits."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)
    return subscriber


def unsubscribe(subscriber: Subscriber) -> None:
    if subscriber in _subscribers:
        _subscribers.remove(subscriber)


def publish_after_commit(event: Event) -> None:
    transaction.on_commit(partial(_publish, event.pk))


def _publish(event_pk: int) -> None:
    event = Event.objects.select_related("complaint").get(pk=event_pk)
    for subscriber in list(_subscribers):
        try:
            subscriber(event)
        except Exception:  # one failing subscriber (e.g. queueing a letter) never stops the rest
            log.exception("Subscriber %r failed for event %s", subscriber, event_pk)
