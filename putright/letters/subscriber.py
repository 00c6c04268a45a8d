"""Hears every timeline event after its transaction commits and, for the events a complainant is
told about, makes the letter and queues its email (ADR 0012); a letter that carries a handler's
words waits as a draft until staff send it (ADR 0019)."""

from __future__ import annotations

from functools import partial

from django.db import transaction

from putright.cases.models import Event
from putright.letters import outbox, tasks
from putright.letters.kinds import letter_kind_for
from putright.letters.models import MessageStatus


def on_event(event: Event) -> None:
    kind = letter_kind_for(event)
    if kind is None:
        return
    letter, message = outbox.letter_for_event(event, kind)
    if letter.is_draft:
        return
    if message is not None:
        if message.status == MessageStatus.QUEUED:
            transaction.on_commit(partial(tasks.enqueue_message, message.pk))
    elif not letter.pdf:
        transaction.on_commit(partial(tasks.enqueue_pdf, letter.pk))
