"""A representative's authority: record the person's consent, or its withdrawal."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from putright.cases import messages as msg
from putright.cases.actions.base import CASE_STAFF, CaseAction, Refusal
from putright.cases.models import (
    Consent,
    Status,
)


class RecordConsent(CaseAction):
    """Record the person's written consent and release the case for triage.

    The response target then runs from the day the consent arrived.
    """

    key = "record-consent"
    label = _("Record consent")
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        if self.complaint.representative_id is None:
            return [Refusal("no-representative", msg.NO_REPRESENTATIVE)]
        if self.complaint.status not in {Status.NEW, Status.AWAITING_CONSENT}:
            return [Refusal("not-awaiting", msg.NOT_AWAITING_CONSENT)]
        if self.complaint.consent_received_on:
            return [Refusal("consent-held", msg.CONSENT_ALREADY_HELD)]
        return []

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        refusals = []
        if not (data.get("scope") or "").strip():
            refusals.append(Refusal("scope", msg.CONSENT_NEEDS_SCOPE, "scope"))
        if not data.get("attachment") and not (data.get("declaration") or "").strip():
            refusals.append(Refusal("evidence", msg.CONSENT_NEEDS_EVIDENCE, "declaration"))
        given = data.get("given_on")
        if given and given > self.today:
            refusals.append(Refusal("given-on", msg.CONSENT_DATE_FUTURE, "given_on"))
        expires = data.get("expires_on")
        if expires and expires < self.today:
            refusals.append(Refusal("expired", msg.CONSENT_EXPIRED, "expires_on"))
        return refusals

    def execute(self, data: dict[str, Any]) -> dict[str, Any]:
        from putright.cases.models import Consent, ConsentKind

        attachment = data.get("attachment")
        consent = Consent.objects.create(
            complaint=self.complaint,
            kind=ConsentKind.DOCUMENT if attachment else ConsentKind.DECLARATION,
            attachment=attachment,
            declaration=(data.get("declaration") or "").strip(),
            scope=data["scope"].strip(),
            given_on=data.get("given_on") or self.today,
            expires_on=data.get("expires_on"),
            recorded_by=self.actor,
        )
        received = data.get("received_on") or self.today
        self.complaint.consent_received_on = received
        self.complaint.status = Status.NEW
        self.event(
            "consent-recorded",
            f"Consent recorded (received {received:%d %B %Y}). The response target runs "
            "from that day.",
            consent=consent.pk,
        )
        return {"consent": consent.pk}


class RevokeConsent(CaseAction):
    """Record that the person withdrew their consent: nothing more goes to the representative.

    The case carries on with the person; a case still in triage waits for consent again.
    """

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

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        refusals = []
        if not (data.get("reason") or "").strip():
            refusals.append(Refusal("reason", msg.CONSENT_REVOKE_NEEDS_REASON, "reason"))
        revoked = data.get("revoked_on")
        if revoked and revoked > self.today:
            refusals.append(Refusal("revoked-on", msg.CONSENT_DATE_FUTURE, "revoked_on"))
        return refusals

    def execute(self, data: dict[str, Any]) -> dict[str, Any]:
        consent = self.active_consent()
        assert consent is not None
        consent.revoked_on = data.get("revoked_on") or self.today
        consent.save(update_fields=["revoked_on"])
        if self.complaint.status == Status.NEW:
            self.complaint.status = Status.AWAITING_CONSENT
            self.complaint.consent_received_on = None
        self.event(
            "consent-revoked",
            f"Consent withdrawn ({data['reason'].strip()}). Disclose nothing more to the "
            "representative.",
            consent=consent.pk,
        )
        return {"consent": consent.pk, "revoked_on": consent.revoked_on.isoformat()}
