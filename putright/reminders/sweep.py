"""The daily reminder sweep: every digest with something in it, written to the outbox once a day.

Each digest is one ``OutboxMessage`` (no letter, no case) whose idempotency key names its kind,
its recipient and the day (``reminder-stages-12-2026-11-23``): a second sweep on the same day
finds every key taken and queues nothing. The rows go in with one bulk insert that skips taken
keys, and only the rows that insert made are queued to send, after the transaction commits.

A day that is not a working day (a weekend, a bank holiday, a closure) sends nothing: nobody is
at work to act on it, and the next working day's digest says the same and more.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from functools import cache, partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from putright.cases import rules
from putright.cases.models import Status
from putright.cases.selectors import rag
from putright.letters.models import OutboxMessage
from putright.letters.tasks import enqueue_message
from putright.policy import Calendar, UnknownProcedure, UnknownStep, format_date
from putright.reminders import digests
from putright.reminders.digests import Digest, Item, Section

log = logging.getLogger(__name__)

#: The furthest ahead "due soon" may look, in working days (about three months).
MAX_WORKING_DAYS = 60


@dataclass(frozen=True)
class Sweep:
    """What one sweep did."""

    day: date
    #: False when ``day`` is not a working day: nothing was looked at or sent.
    working_day: bool
    #: Digests with something in them.
    digests: int = 0
    #: New outbox messages this sweep queued.
    queued: int = 0
    #: Digests already in the outbox for ``day`` (an earlier sweep queued them).
    already: int = 0


def idempotency_key(kind: str, user_id: int, day: date) -> str:
    """The outbox key of one person's digest of one kind on one day."""
    return f"reminder-{kind}-{user_id}-{day.isoformat()}"


def send_reminders(day: date | None = None, *, working_days: int | None = None) -> Sweep:
    """Write today's digests to the outbox and queue them; a second run the same day queues
    nothing. ``working_days`` (default ``PUTRIGHT_REMINDER_WORKING_DAYS``) is how far ahead
    "due soon" looks."""
    day = day or rules.today()
    calendar = rules.calendar()
    if not calendar.is_working_day(day):
        return Sweep(day, working_day=False)
    if working_days is None:
        working_days = settings.PUTRIGHT_REMINDER_WORKING_DAYS
    last_day = digests.horizon(day, working_days, calendar)
    found = digests.all_digests(day, last_day)
    keyed = {idempotency_key(d.kind, d.recipient.pk, day): d for d in found}
    taken = set(
        OutboxMessage.objects.filter(idempotency_key__in=list(keyed)).values_list(
            "idempotency_key", flat=True
        )
    )
    fresh = {key: digest for key, digest in keyed.items() if key not in taken}
    writer = _Writer(day, working_days, calendar)
    rows = [writer.message(key, digest) for key, digest in fresh.items()]
    with transaction.atomic():
        OutboxMessage.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
        # The new keys' rows, not yet tried: this insert's. (If another sweep raced this one,
        # some are its, and both queue them: sending claims a message, so it still goes once.)
        made = list(
            OutboxMessage.objects.filter(
                idempotency_key__in=list(fresh), attempts=0, sent_at__isnull=True
            ).values_list("pk", flat=True)
        )
        if made:
            transaction.on_commit(partial(_queue_to_send, made))
    sweep = Sweep(day, True, digests=len(found), queued=len(made), already=len(taken))
    log.info(
        "Reminders for %s: %s digests, %s queued to send, %s already queued",
        day,
        sweep.digests,
        sweep.queued,
        sweep.already,
    )
    return sweep


def _queue_to_send(message_ids: list[int]) -> None:
    """Queue each new digest's sending, in one transaction (one commit, not one a message, on the
    database task queue). A message that could not be queued waits in the outbox for the
    scheduler's ``send-mail`` job."""
    with transaction.atomic():
        for message_id in message_ids:
            enqueue_message(message_id)


@cache
def _stage_title(procedure_id: str, version: int, key: str, lang: str) -> str:
    """A stage's name in the procedure the case is pinned to (its key if that is not installed)."""
    try:
        return rules.registry().get(procedure_id, version).stage(key).title.get(lang)
    except (UnknownProcedure, UnknownStep):
        return key


class _Writer:
    """Turns digests into outbox messages: plain text and simple HTML, from one set of words."""

    def __init__(self, day: date, working_days: int, calendar: Calendar) -> None:
        self.day = day
        self.working_days = working_days
        self.calendar = calendar
        self.base = settings.PUTRIGHT_BASE_URL.rstrip("/")
        if not self.base:
            log.warning("PUTRIGHT_BASE_URL is not set: reminder links are paths without a host")
        self.queue = self.base + reverse("staff:queue")
        self.case = self.base + reverse("staff:detail", args=[0]).replace("/0/", "/{}/")
        self.organisation = rules.organisation().name
        self._due: dict[date | None, str] = {}

    def message(self, key: str, digest: Digest) -> OutboxMessage:
        with translation.override(settings.LANGUAGE_CODE):
            context = self.context(digest)
            text = render_to_string("reminders/digest.txt", context)
            html = render_to_string("reminders/digest.html", context)
        return OutboxMessage(
            letter=None,
            complaint=None,
            to=digest.recipient.email,
            subject=context["subject"][:300],
            text=text,
            html=html,
            idempotency_key=key,
        )

    def context(self, digest: Digest) -> dict[str, object]:
        when = format_date(self.day, "en")
        subjects = {
            digests.STAGES: _("Reminder: your cases due soon or overdue, %(date)s"),
            digests.MANAGER: _("Reminder: unassigned and overdue complaints, %(date)s"),
            digests.LESSONS: _("Reminder: your lesson actions due soon or overdue, %(date)s"),
        }
        intros = {
            digests.STAGES: _(
                "These are the stages you handle that are overdue, or due within %(days)s "
                "working days."
            ),
            digests.MANAGER: _(
                "These are the open complaints of the teams you manage that nobody is "
                "assigned to, and those that are overdue."
            ),
            digests.LESSONS: _(
                "These are the lesson actions you own that are overdue, or due within %(days)s "
                "working days."
            ),
        }
        return {
            "subject": subjects[digest.kind] % {"date": when},
            "name": digest.recipient.get_full_name() or digest.recipient.username,
            "intro": intros[digest.kind] % {"days": self.working_days},
            "sections": [self.section(digest.kind, s) for s in digest.sections if s.total],
            "organisation": self.organisation,
            "queue_url": self.queue,
        }

    def section(self, kind: str, section: Section) -> dict[str, object]:
        n = section.total
        headings = {
            digests.OVERDUE: ngettext("%(n)d overdue", "%(n)d overdue", n),
            digests.DUE_SOON: ngettext("%(n)d due soon", "%(n)d due soon", n),
            digests.UNASSIGNED: ngettext("%(n)d unassigned", "%(n)d unassigned", n),
        }
        views = {digests.OVERDUE: "overdue", digests.DUE_SOON: "due-soon"}
        views[digests.UNASSIGNED] = "unassigned"
        more = n - len(section.items)
        lines = [self.item(kind, item) for item in section.items]
        return {
            "heading": headings[section.name] % {"n": n},
            "text": "\n".join(line["text"] for line in lines),
            "html": mark_safe("\n".join(line["html"] for line in lines)),  # noqa: S308
            "more": (
                ngettext(
                    "and %(n)d more: see the work queue",
                    "and %(n)d more: see the work queue",
                    more,
                )
                % {"n": more}
                if more > 0
                else ""
            ),
            "more_url": f"{self.queue}?view={views[section.name]}",
        }

    def item(self, kind: str, item: Item) -> dict[str, str]:
        """One line of a list, as text and as an HTML list item."""
        if kind == digests.LESSONS:
            what = _("Lesson action")
        elif item.stage_key:
            what = _stage_title(item.procedure_id, item.procedure_version, item.stage_key, "en")
        else:
            what = str(Status(item.status).label) if item.status in Status.values else ""
        due = self.due(item.due_on)
        url = self.case.format(item.complaint_id)
        return {
            "text": f"- {item.reference}, {what}: {due}\n  {url}",
            "html": format_html(
                '<li><a href="{}" style="color: #1d70b8;">{}</a>, {}: {}</li>',
                url,
                item.reference,
                what,
                due,
            ),
        }

    def due(self, day: date | None) -> str:
        """When it is due and how that stands today; the same for every line due that day."""
        if day not in self._due:
            if day is None:
                self._due[day] = _("no date yet")
            else:
                status = (
                    _("today")
                    if day == self.day
                    else rag(day, self.day, calendar=self.calendar).label
                )
                self._due[day] = _("due %(date)s (%(status)s)") % {
                    "date": format_date(day, "en"),
                    "status": status,
                }
        return self._due[day]
