"""Consent by link: the person a representative complains for agrees, or says no, online.

When a representative chooses "they will sign a declaration later", or staff ask again, the
person is emailed a link (``consent_tasks.send_consent_link``). The link carries a random token
of 256 bits; only its SHA-256 is kept (``ConsentLink``), as for tracking links (ADR 0013). It
works once, for ``PUTRIGHT_CONSENT_LINK_DAYS`` days, and a newer link stops the older ones.

The page shows what they are agreeing to (``declaration``): who the representative is, which
complaint, and what the consent covers, which comes from the procedure the complaint is under.
Agreeing runs the case's ``record-consent`` action, and saying no its ``decline-consent``
action, both as the person themselves (``Complainant(complaint_id, name="person")``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from putright.cases import audit, rules
from putright.cases.actions import ACTIONS
from putright.cases.actions.base import Refusal
from putright.cases.actors import Complainant, System
from putright.cases.models import Complaint, Event
from putright.policy import format_date
from putright.portal.models import ConsentAnswer, ConsentLink
from putright.portal.tracking import TOKEN_BYTES, TOKEN_FORMAT, public_base_url, token_hash

#: Who makes and stops consent links on the audit trail.
LINK_MAKER = System("consent links")
#: How the person acting through their consent link is named on the audit trail and timeline.
PERSON = "person"

ConsentLinkState = Literal["ok", "invalid", "expired", "revoked", "used"]


def link_days() -> int:
    """How many days a consent link works (``PUTRIGHT_CONSENT_LINK_DAYS``, 30 by default)."""
    return int(getattr(settings, "PUTRIGHT_CONSENT_LINK_DAYS", 30))


def actor_for(link: ConsentLink) -> Complainant:
    """The person themselves, acting on their own case through the link."""
    return Complainant(link.complaint_id, name=PERSON)


# -- making and stopping links -----------------------------------------------------------------
@dataclass(frozen=True)
class Issued:
    link: ConsentLink
    url: str


@transaction.atomic
def issue_consent_link(
    event: Event, *, to: str, language: str, base_url: str | None = None
) -> Issued:
    """Make the link that ``event`` asked for, and return it with its absolute URL.

    The token is in the URL only; the link keeps its hash. ``IntegrityError`` if the event
    already made one.
    """
    start = public_base_url(base_url)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = timezone.now()
    link = ConsentLink.objects.create(
        complaint_id=event.complaint_id,
        event=event,
        token_hash=token_hash(token),
        sent_to=to,
        language=language,
        created_at=now,
        expires_at=now + timedelta(days=link_days()),
    )
    audit.record(
        actor=LINK_MAKER,
        action="consent-link-issued",
        complaint=event.complaint,
        obj=link,
        after={"expires_at": link.expires_at.isoformat(), "language": language},
    )
    return Issued(link, start + reverse("portal:consent", args=[token]))


def mark_sent(link: ConsentLink) -> int:
    """The mail server took the email: the link is live, and every older link stops."""
    now = timezone.now()
    with transaction.atomic():
        ConsentLink.objects.filter(pk=link.pk).update(sent_at=now)
        older = ConsentLink.objects.filter(
            complaint_id=link.complaint_id, revoked_at__isnull=True, used_at__isnull=True
        ).exclude(pk=link.pk)
        ids = list(older.values_list("pk", flat=True))
        if ids:
            ConsentLink.objects.filter(pk__in=ids).update(revoked_at=now)
            audit.record(
                actor=LINK_MAKER,
                action="consent-links-revoked",
                complaint=link.complaint,
                obj=link.complaint,
                after={"links": ids, "replaced_by": link.pk},
            )
    return len(ids)


def mark_not_sent(link: ConsentLink, error: str) -> None:
    """The email could not be sent: nobody has the link, so it is stopped, and staff see why."""
    ConsentLink.objects.filter(pk=link.pk).update(
        revoked_at=timezone.now(), send_error=error[:1000]
    )
    audit.record(
        actor=LINK_MAKER,
        action="consent-link-not-sent",
        complaint=link.complaint,
        obj=link,
        after={"error": error[:1000]},
    )


# -- opening a link ----------------------------------------------------------------------------
def link_state(link: ConsentLink | None, *, now: datetime | None = None) -> ConsentLinkState:
    """Whether a stored link can still be answered: used links say so before revoked ones, as
    answering is what the person did."""
    if link is None:
        return "invalid"
    if link.used_at is not None:
        return "used"
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at <= (now or timezone.now()):
        return "expired"
    return "ok"


def open_consent_token(token: str) -> tuple[ConsentLinkState, ConsentLink | None]:
    """The link a token belongs to, looked up by its hash; a token not shaped like one is
    refused before any query."""
    if not isinstance(token, str) or not TOKEN_FORMAT.fullmatch(token):
        return "invalid", None
    link = (
        ConsentLink.objects.select_related("complaint").filter(token_hash=token_hash(token)).first()
    )
    return link_state(link), link


# -- what the person agrees to -----------------------------------------------------------------
@dataclass(frozen=True)
class Declaration:
    """What the declaration page shows, in one language."""

    reference: str
    person: str
    representative: str
    organisation: str
    relationship: str
    procedure: str
    #: What the consent lets the representative do, one sentence each.
    scope: tuple[str, ...]

    @property
    def scope_text(self) -> str:
        return "\n".join(f"- {item}" for item in self.scope)


def declaration(complaint: Complaint, lang: str) -> Declaration:
    """The declaration for ``complaint`` in ``lang``. What it covers comes from the procedure
    the complaint is under: its title and the names of its stages."""
    procedure = rules.procedure_for(complaint)
    rep = complaint.representative
    assert rep is not None
    stages = [stage.title.get(lang) for stage in procedure.stages]
    with override(lang):
        words = {
            "name": rep.full_name,
            "reference": complaint.reference,
            "procedure": procedure.title.get(lang),
            "stages": ", ".join(stages),
        }
        scope = (
            gettext(
                "%(name)s may act for you on complaint %(reference)s under our %(procedure)s, "
                "at each of its stages: %(stages)s."
            )
            % words,
            gettext(
                "We may share information about you and this complaint with %(name)s, and send "
                "them our letters about it, including our findings and our response."
            )
            % words,
            gettext(
                "%(name)s may follow the complaint online, add information to it and ask for "
                "the next stage."
            )
            % words,
            gettext("It covers this complaint only, until it is closed or you withdraw it."),
        )
    return Declaration(
        reference=complaint.reference,
        person=complaint.person.full_name,
        representative=rep.full_name,
        organisation=rep.organisation,
        relationship=rep.relationship,
        procedure=procedure.title.get(lang),
        scope=scope,
    )


def declaration_text(decl: Declaration, *, signed_name: str, lang: str, day: Any) -> str:
    """What is kept as the signed declaration: the words agreed to, and the name typed."""
    with override(lang):
        head = gettext(
            "I, %(signed)s, agree that %(name)s may act for me on complaint %(reference)s."
        ) % {"signed": signed_name, "name": decl.representative, "reference": decl.reference}
        foot = gettext("Confirmed online on %(date)s.") % {"date": format_date(day, lang)}
    return f"{head}\n{decl.scope_text}\n{foot}"


# -- answering ---------------------------------------------------------------------------------
class AlreadyAnswered(Exception):
    """The link was used, stopped or expired between opening the page and answering."""


def waiting_refusals(complaint: Complaint) -> list[Refusal]:
    """Why the person's answer is no longer needed (consent already held, the complaint closed
    or moved on), as the case's own consent action says; empty while it is."""
    return ACTIONS["record-consent"](complaint, LINK_MAKER).available()


def _use(link: ConsentLink, answer: str, signed_name: str = "") -> None:
    now = timezone.now()
    used = ConsentLink.objects.filter(
        pk=link.pk, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(used_at=now, answer=answer, signed_name=signed_name[:200])
    if not used:
        raise AlreadyAnswered


@transaction.atomic
def agree(link: ConsentLink, *, signed_name: str, lang: str) -> Complaint:
    """The person agrees: the link is used up and the consent recorded through the case's
    action, together or not at all. ``AlreadyAnswered`` or ``ActionRefused`` otherwise."""
    _use(link, ConsentAnswer.AGREED, signed_name)
    complaint = Complaint.objects.select_related("person", "representative").get(
        pk=link.complaint_id
    )
    decl = declaration(complaint, lang)
    today = rules.today()
    return ACTIONS["record-consent"](complaint, actor_for(link)).run(
        {
            "scope": decl.scope_text,
            "declaration": declaration_text(decl, signed_name=signed_name, lang=lang, day=today),
            "given_on": today,
            "received_on": today,
        }
    )


@transaction.atomic
def decline(link: ConsentLink, *, reason: str) -> Complaint:
    """The person says no: the link is used up and the refusal is on the timeline, for whoever
    works on the case. ``AlreadyAnswered`` or ``ActionRefused`` otherwise."""
    _use(link, ConsentAnswer.DECLINED)
    complaint = Complaint.objects.get(pk=link.complaint_id)
    return ACTIONS["decline-consent"](complaint, actor_for(link)).run({"reason": reason})
