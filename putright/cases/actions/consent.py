"""A representative's authority: record the person's consent, their refusal, or its withdrawal;
and ask the person for it by email."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from putright.cases import deadlines, rules
from putright.cases import messages as msg
from putright.cases.actions.base import CASE_STAFF, CaseAction, Refusal
from putright.cases.models import Attachment, Consent, ConsentKind, Status

#: How the actor a representative's tracking link acts as is named (``Complainant.name``).
REPRESENTATIVE = "representative"


def waiting_for_consent(action: CaseAction) -> list[Refusal]:
    """A representative made the complaint, it is still in triage (new, or held awaiting
    consent) and no consent is recorded: the person can still be asked, and can still answer."""
    complaint = action.complaint
    if complaint.representative_id is None:
        return [Refusal("no-representative", msg.NO_REPRESENTATIVE)]
    if complaint.status not in {Status.NEW, Status.AWAITING_CONSENT}:
        return [Refusal("not-awaiting", msg.NOT_AWAITING_CONSENT)]
    if complaint.consent_received_on:
        return [Refusal("consent-held", msg.CONSENT_ALREADY_HELD)]
    return []


def the_person_themselves(action: CaseAction) -> list[Refusal]:
    """Consent is the person's own: acting through their own case, only they may give or refuse
    it, never their representative. (Staff record what the person sent them.)"""
    if action.actor_kind == "complainant" and action.actor.name == REPRESENTATIVE:
        return [Refusal("representative", msg.CONSENT_ONLY_THE_PERSON)]
    return []


class RecordConsent(CaseAction):
    """Record the person's written consent and release the case for triage.

    Staff record consent the person sent them; the person records it themselves by signing the
    declaration we emailed them a link to. The response target then runs from the day the
    consent arrived.
    """

    @dataclass(frozen=True)
    class Input:
        scope: str = ""
        declaration: str = ""
        #: A document already on this case: the signed consent.
        attachment: int | None = None
        given_on: date | None = None
        expires_on: date | None = None
        received_on: date | None = None

    key = "record-consent"
    label = _("Record consent")
    intro = _("The response target runs from the day the consent arrived.")
    actors = frozenset({"staff", "complainant"})
    roles = CASE_STAFF

    def permitted(self) -> list[Refusal]:
        return super().permitted() or the_person_themselves(self)

    def available(self) -> list[Refusal]:
        return waiting_for_consent(self)

    def document(self, pk: int | None) -> Attachment | None:
        if pk is None:
            return None
        return Attachment.objects.filter(pk=pk, complaint=self.complaint).first()

    def validate(self, data: Input) -> list[Refusal]:
        refusals = []
        if not data.scope.strip():
            refusals.append(Refusal("scope", msg.CONSENT_NEEDS_SCOPE, "scope"))
        if data.attachment is not None and self.document(data.attachment) is None:
            refusals.append(Refusal("attachment", msg.SELECT_FROM_LIST, "attachment"))
        elif data.attachment is None and not data.declaration.strip():
            refusals.append(Refusal("evidence", msg.CONSENT_NEEDS_EVIDENCE, "declaration"))
        if data.given_on and data.given_on > self.today:
            refusals.append(Refusal("given-on", msg.CONSENT_DATE_FUTURE, "given_on"))
        if data.expires_on and data.expires_on < self.today:
            refusals.append(Refusal("expired", msg.CONSENT_EXPIRED, "expires_on"))
        received = data.received_on
        if received and (received > self.today or received < self.complaint.received_on):
            refusals.append(Refusal("received-on", msg.CONSENT_RECEIVED_RANGE, "received_on"))
        if data.given_on and received and data.given_on > received:
            refusals.append(Refusal("given-after", msg.CONSENT_GIVEN_AFTER_RECEIVED, "given_on"))
        return refusals

    def execute(self, data: Input) -> dict[str, Any]:
        attachment = self.document(data.attachment)
        if attachment:
            kind = ConsentKind.DOCUMENT
        elif self.actor_kind == "complainant":
            kind = ConsentKind.ONLINE
        else:
            kind = ConsentKind.DECLARATION
        consent = Consent.objects.create(
            complaint=self.complaint,
            kind=kind,
            attachment=attachment,
            declaration=data.declaration.strip(),
            scope=data.scope.strip(),
            given_on=data.given_on or self.today,
            expires_on=data.expires_on,
            recorded_by=self.staff,
        )
        received = data.received_on or self.today
        self.complaint.consent_received_on = received
        self.complaint.status = Status.NEW
        # Back in triage: waiting for the acknowledgement again, if it is not recorded yet.
        self.complaint.current_due_on = deadlines.current_due(
            self.complaint, self.procedure, rules.calendar()
        )
        self.event(
            "consent-recorded",
            f"Consent recorded (received {received:%d %B %Y}).",
            consent=consent.pk,
            received_on=received,
            # Said only of consent the person gave online, so staff read who gave it.
            **({"consent_kind": kind} if kind == ConsentKind.ONLINE else {}),
        )
        return {"consent": consent.pk, "consent_kind": kind}


class DeclineConsent(CaseAction):
    """Record that the person said no: they do not want the representative to act for them.

    Nothing about them goes to the representative. The case stays where it is, and whoever is
    working on it is told on the timeline, to decide with the person what happens next.
    """

    @dataclass(frozen=True)
    class Input:
        reason: str = ""

    key = "decline-consent"
    label = _("Record that the person refused consent")
    actors = frozenset({"staff", "complainant"})
    roles = CASE_STAFF
    #: Reached from the person's own link; staff who hear it another way add a note.
    listed = False

    def permitted(self) -> list[Refusal]:
        return super().permitted() or the_person_themselves(self)

    def available(self) -> list[Refusal]:
        return waiting_for_consent(self)

    def execute(self, data: Input) -> dict[str, Any]:
        reason = data.reason.strip()
        self.event(
            "consent-declined",
            "The person refused consent for their representative"
            + (f": {reason}" if reason else "."),
            reason=reason,
            assignee=self.complaint.assigned_to_id,
            team=self.complaint.team_id,
        )
        return {"reason": reason}


class SendConsentLink(CaseAction):
    """Email the person a link to a page where they can agree to their representative acting
    for them, or say no. A link sent before stops working when the new one is made.

    The portal hears the event after it commits and sends the email (the token never passes
    through the database in readable form).
    """

    key = "send-consent-link"
    label = _("Email the person a link to give consent")
    intro = _(
        "We email the person a link to a page where they can agree to their representative "
        "acting for them, or say no. Any link sent before stops working."
    )
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        refusals = waiting_for_consent(self)
        if refusals:
            return refusals
        if not self.complaint.person.email.strip():
            return [Refusal("no-email", msg.CONSENT_LINK_NO_EMAIL)]
        return []

    def execute(self, data: Any) -> None:
        self.event(
            "consent-link-requested", "Consent declaration link to be emailed to the person."
        )


class RevokeConsent(CaseAction):
    """Record that the person withdrew their consent: nothing more goes to the representative.

    The case carries on with the person; a case still in triage waits for consent again.
    """

    @dataclass(frozen=True)
    class Input:
        reason: str = ""
        revoked_on: date | None = None

    key = "revoke-consent"
    label = _("Record that consent was withdrawn")
    roles = CASE_STAFF

    def active_consent(self) -> Consent | None:
        in_force = [c for c in self.complaint.consents.all() if c.revoked_on is None]
        return max(in_force, key=lambda c: c.pk, default=None)

    def available(self) -> list[Refusal]:
        if self.active_consent() is None:
            return [Refusal("no-consent", msg.NO_ACTIVE_CONSENT)]
        return self.require_open()

    def validate(self, data: Input) -> list[Refusal]:
        refusals = []
        if not data.reason.strip():
            refusals.append(Refusal("reason", msg.CONSENT_REVOKE_NEEDS_REASON, "reason"))
        if data.revoked_on and data.revoked_on > self.today:
            refusals.append(Refusal("revoked-on", msg.CONSENT_DATE_FUTURE, "revoked_on"))
        return refusals

    def execute(self, data: Input) -> dict[str, Any]:
        consent = self.active_consent()
        assert consent is not None
        consent.revoked_on = data.revoked_on or self.today
        consent.save(update_fields=["revoked_on"])
        if self.complaint.status == Status.NEW:
            self.complaint.status = Status.AWAITING_CONSENT
            self.complaint.consent_received_on = None
            self.complaint.current_due_on = None
        self.event(
            "consent-revoked",
            f"Consent withdrawn ({data.reason.strip()}).",
            consent=consent.pk,
            reason=data.reason.strip(),
        )
        return {"consent": consent.pk, "revoked_on": consent.revoked_on.isoformat()}
